"""Keeps pages FIRST..LAST (from 1) of a PDF: python3 keep_pages.py IN FIRST LAST OUT (pikepdf)."""
import pikepdf, sys
src, first, last, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
pdf = pikepdf.open(src)
keep = pikepdf.new()
for i in range(first - 1, last):
    keep.pages.append(pdf.pages[i])
keep.remove_unreferenced_resources()
keep.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
