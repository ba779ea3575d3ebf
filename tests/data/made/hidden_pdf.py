"""Writes PDFs with text a person does not see drawn into a figure cell.

From pingtan-2022.rendered.lo.pdf: page 2 prints table 三, whose first row's
自然人 cell (71) has its box at x 281.1-321.5 pt, top 519.15-534.75 pt from
the page's top. Each PDF adds, in a content stream of its own after the
page's, the digit 9 just right of 71 in that cell, hidden one way; and two
cover 71 with a white box and print another figure over it (85; 9).

    python3 hidden_pdf.py   # needs pikepdf (pip install pikepdf)
"""

import pikepdf

SOURCE = "pingtan-2022.rendered.lo.pdf"
X, BASELINE_FROM_TOP = 306.0, 531.0


def text(ops, y, s="9"):
    return f"BT /Fhid 10 Tf {ops} {X} {y} Td ({s}) Tj ET"


def make(name, stream):
    pdf = pikepdf.open(SOURCE)
    page = pdf.pages[1]
    height = float(page.mediabox[3])
    y = height - BASELINE_FROM_TOP
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    resources = page.obj.Resources
    if "/Font" not in resources:
        resources.Font = pikepdf.Dictionary()
    resources.Font.Fhid = font
    page.contents_add(pdf.make_stream(stream(y).encode()), prepend=False)
    pdf.save(name)


make("pingtan-2022.invisible-text.lo.pdf", lambda y: "q " + text("3 Tr", y) + " Q")
make("pingtan-2022.white-text.lo.pdf", lambda y: "q 1 1 1 rg " + text("", y) + " Q")
# 71 is printed at x 286.6 in digits 7 pt wide: 85 in Helvetica at 12.6 pt
# (digits 7 pt wide) over it, and 9 alone over another copy.
make(
    "pingtan-2022.white-out.lo.pdf",
    lambda y: f"q 1 1 1 rg 285 {y - 3} 17 14 re f 0 g BT /Fhid 12.6 Tf 286.6 {y} Td (85) Tj ET Q",
)
make(
    "pingtan-2022.white-out-shorter.lo.pdf",
    lambda y: f"q 1 1 1 rg 285 {y - 3} 17 14 re f 0 g BT /Fhid 12.6 Tf 286.6 {y} Td (9) Tj ET Q",
)

# 9 clipped away (a clip of one point at the page's corner); and 71 under a
# white box with nothing printed over it.
make("pingtan-2022.clipped-text.lo.pdf", lambda y: "q 0 0 1 1 re W n " + text("", y) + " Q")
make("pingtan-2022.boxed-out.lo.pdf", lambda y: f"q 1 1 1 rg 285 {y - 3} 17 14 re f Q")


# From the real WPS-made report (../fixtures/pdf-wps/hongze-2024.wps.pdf):
# page 3 prints table 三, whose first row's 自然人 cell holds 95 in 14-point
# type at x 318.7-332.8, its baseline 328.71 pt from the page's foot. A 9 in
# 10-point Helvetica just right of it, 0.8 pt above that baseline (the PDF
# library takes it for a superscript and puts its box on 95's line), drawn
# in render mode 3 or clipped away.
def make_wps(name, stream):
    pdf = pikepdf.open("../fixtures/pdf-wps/hongze-2024.wps.pdf")
    page = pdf.pages[2]
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    page.obj.Resources.Font.Fhid = font
    page.contents_add(pdf.make_stream(stream.encode()), prepend=False)
    pdf.save(name)


RAISED_9 = "BT /Fhid 10 Tf 334 329.5 Td (9) Tj ET"
make_wps("hongze-2024.invisible-text.wps.pdf", "q 3 Tr " + RAISED_9 + " Q")
make_wps("hongze-2024.clipped-text.wps.pdf", "q 0 0 1 1 re W n " + RAISED_9 + " Q")


def rotate(name, matrix):
    """71 drawn rotated in its cell, in place of the upright one."""
    pdf = pikepdf.open(SOURCE)
    page = pdf.pages[1]
    data = page.obj.Contents.read_bytes()
    upright = b"286.6 312.289 Td /F3 11 Tf<0603>Tj"
    assert data.count(upright) == 1
    page.obj.Contents.write(data.replace(upright, matrix.encode() + b" Tm /F3 11 Tf<0603>Tj"))
    pdf.save(name)


# Text running up from (303, 309), its glyphs' tops to the left; and down
# from (296, 321), their tops to the right: within the cell's box either way.
rotate("pingtan-2022.rotated-90.lo.pdf", "0 1 -1 0 303 309")
rotate("pingtan-2022.rotated-270.lo.pdf", "0 -1 1 0 296 321")


# Pages turned by /Rotate, from the report printed with an error
# (pingtan-2022.wrong-total.lo.pdf): every page shown upside down (its
# content as drawn); and every page a landscape page whose content is drawn
# sideways and shown upright by /Rotate 90, as a landscape table often is.
def turned(name, sideways):
    pdf = pikepdf.open("pingtan-2022.wrong-total.lo.pdf")
    for page in pdf.pages:
        if sideways:
            width, height = float(page.mediabox[2]), float(page.mediabox[3])
            page.MediaBox = [0, 0, height, width]
            page.contents_coalesce()
            drawn = page.Contents.read_bytes()
            page.Contents.write(b"q 0 1 -1 0 %g 0 cm\n" % height + drawn + b"\nQ")
            page.Rotate = 90
        else:
            page.Rotate = 180
    pdf.save(name, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


turned("pingtan-2022.wrong-total.rotate-180.lo.pdf", sideways=False)
turned("pingtan-2022.wrong-total.landscape.lo.pdf", sideways=True)
