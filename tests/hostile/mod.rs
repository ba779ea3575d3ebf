//! Hostile inputs, built on demand (never stored): the shapes that once
//! aborted, hung or flooded memory, each scaled by its argument. Shared by
//! the integration tests, the peak-memory benchmark and the fuzz seeds
//! (`cargo run --example hostile_seeds DIR`).
#![allow(dead_code)]

use std::io::Write as _;

/// A page of `n` `<div>` inside one another.
pub fn nested_divs(n: usize) -> String {
    format!("<html><body>{}x{}</body></html>", "<div>".repeat(n), "</div>".repeat(n))
}

/// A page whose one cell spans 65,534 rows and 1,000 columns, over
/// `rows` empty rows (what a browser caps the spans at).
pub fn span_bomb(rows: usize) -> String {
    format!(
        "<html><meta charset=utf-8><body><table><tr><td rowspan=65534 colspan=1000>x</td></tr>{}</table></body></html>",
        "<tr></tr>".repeat(rows)
    )
}

/// A page of about `bytes` of `<td>` in one table.
pub fn td_flood(bytes: usize) -> String {
    format!("<html><meta charset=utf-8><body><table>{}</table></body></html>", "<td>".repeat(bytes / 4))
}

/// A page of about `bytes` of `<br>`: a node every four bytes, no table.
pub fn br_flood(bytes: usize) -> String {
    format!("<html><meta charset=utf-8><body>{}</body></html>", "<br>".repeat(bytes / 4))
}

/// A page of about `bytes` of `x<i></i>`: an element and a text node
/// every eight bytes.
pub fn text_flood(bytes: usize) -> String {
    format!("<html><meta charset=utf-8><body>{}</body></html>", "x<i></i>".repeat(bytes / 8))
}

/// A Word file whose document nests `n` tables inside one another.
pub fn nested_tables_docx(n: usize) -> Vec<u8> {
    let body = format!("{}<w:p/>{}", "<w:tbl><w:tr><w:tc>".repeat(n), "</w:tc></w:tr></w:tbl>".repeat(n));
    docx(&body)
}

/// A Word file holding `document.xml`'s body `body`, compressed.
pub fn docx(body: &str) -> Vec<u8> {
    docx_with(body, zip::CompressionMethod::Deflated)
}

/// The same, stored uncompressed: the file is as large as its document.
pub fn docx_stored(body: &str) -> Vec<u8> {
    docx_with(body, zip::CompressionMethod::Stored)
}

fn docx_with(body: &str, method: zip::CompressionMethod) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// A PDF of the objects given (numbered from 1, the first the catalog),
/// with a cross-reference table that is right.
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A one-page PDF whose page tree holds an entry of `n` arrays nested.
pub fn nested_arrays_pdf(n: usize) -> Vec<u8> {
    let nested = format!("{}{}", "[".repeat(n), "]".repeat(n));
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [3 0 R] /Count 1 /X {nested} >>").into_bytes(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec(),
    ])
}

/// A one-page PDF whose dictionaries nest `n` deep.
pub fn nested_dictionaries_pdf(n: usize) -> Vec<u8> {
    let nested = format!("{}{}", "<< /A ".repeat(n), ">>".repeat(n));
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [3 0 R] /Count 1 /X {nested} >>").into_bytes(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec(),
    ])
}

/// A one-page PDF whose page tree is `n` levels deep.
pub fn deep_page_tree_pdf(n: usize) -> Vec<u8> {
    let mut objects = vec![b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()];
    for level in 0..n {
        objects.push(format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", level + 3).into_bytes());
    }
    objects.push(b"<< /Type /Page /MediaBox [0 0 612 792] >>".to_vec());
    pdf(&objects)
}

/// Every shape at the size that once did harm, named as a file would be.
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("nested-divs-5000.html", nested_divs(5_000).into_bytes()),
        ("nested-divs-100000.html", nested_divs(100_000).into_bytes()),
        ("span-bomb.html", span_bomb(65_533).into_bytes()),
        ("td-flood-1mb.html", td_flood(1 << 20).into_bytes()),
        ("nested-tables-200000.docx", nested_tables_docx(200_000)),
        ("nested-tables-1000000.docx", nested_tables_docx(1_000_000)),
        ("nested-arrays-3000.pdf", nested_arrays_pdf(3_000)),
        ("nested-dictionaries-3000.pdf", nested_dictionaries_pdf(3_000)),
        ("page-tree-5000.pdf", deep_page_tree_pdf(5_000)),
        ("foreign-rows.html", foreign_rows(250, 60_000).into_bytes()),
        ("many-attributes.html", many_attributes(5_000).into_bytes()),
        ("repeated-root.html", repeated_html(60_000).into_bytes()),
        ("many-wide-tables.html", many_wide_tables(2_000).into_bytes()),
        ("nested-after-stray-paren.pdf", nested_after_stray_paren_pdf(3_000)),
        ("nested-in-object-stream.pdf", nested_in_object_stream_pdf(3_000)),
        ("nested-content.pdf", nested_content_pdf(3_000, false)),
        ("nested-content-flate.pdf", nested_content_pdf(3_000, true)),
        ("glyph-bomb.pdf", glyph_bomb_pdf(4 << 20)),
        ("wide-page-tree.pdf", wide_page_tree_pdf(1_000)),
        ("chained-runs-100000.pdf", chained_runs_pdf(100_000)),
    ]
}

/// A table cell holding an `<svg>` whose elements are named `tr` and `td`
/// (no table rows: foreign content), `depth` deep, over `text` bytes.
pub fn foreign_rows(depth: usize, text: usize) -> String {
    format!(
        "<!DOCTYPE html><meta charset=utf-8><body><table><tr><td><svg>{}{}</svg></table>",
        "<tr><td>".repeat(depth),
        "x".repeat(text)
    )
}

/// A page whose one tag carries `n` distinct attributes.
pub fn many_attributes(n: usize) -> String {
    let names: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
    format!("<!DOCTYPE html><meta charset=utf-8><body><br {}>", names.join(" "))
}

/// A page of about `bytes` of `<html>` tags after one carrying every
/// attribute the reader keeps.
pub fn repeated_html(bytes: usize) -> String {
    format!(
        "<html rowspan=1 colspan=1 name=1 content=1 charset=1 http-equiv=1 style=1 hidden aria-hidden><meta charset=utf-8><body>{}",
        "<html>".repeat(bytes / 6)
    )
}

/// `n` small tables, each of two cells spanning a thousand columns and
/// two rows.
pub fn many_wide_tables(n: usize) -> String {
    format!(
        "<!DOCTYPE html><meta charset=utf-8><body>{}",
        "<table><tr><td colspan=1000></td><td rowspan=2></td></tr><tr></tr></table>".repeat(n)
    )
}

/// Zlib-compressed bytes, as a PDF's `/FlateDecode` holds them.
pub fn flate(bytes: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(bytes).unwrap();
    z.finish().unwrap()
}

/// A stream object's body: its dictionary's entries, then its data.
fn stream(entries: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {entries} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A one-page PDF whose page draws `content` (stored as it is, or
/// Flate-compressed).
pub fn page_pdf(content: &[u8], compressed: bool) -> Vec<u8> {
    let contents = if compressed { stream("/Filter /FlateDecode", &flate(content)) } else { stream("", content) };
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        contents,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ])
}

/// A page drawing `n` arrays nested, as a `TJ` operand.
pub fn nested_content_pdf(n: usize, compressed: bool) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 700 Td {}{} TJ ET", "[".repeat(n), "]".repeat(n));
    page_pdf(content.as_bytes(), compressed)
}

/// A page drawing `bytes` of text operators from a Flate stream a few
/// hundredths its size: a bomb of glyphs.
pub fn glyph_bomb_pdf(bytes: usize) -> Vec<u8> {
    let line = "(abcdefghijklmnopqrstuvwxyz) Tj 0 -1 Td ";
    let content = format!("BT /F1 12 Tf 72 700 Td {} ET", line.repeat(bytes / line.len()));
    page_pdf(content.as_bytes(), true)
}

/// A page showing a line of text, then a seen `7` and `n` runs of `1` one
/// after another with no move, with no ink: one span to the PDF library,
/// a chain of runs to the reader.
pub fn chained_runs_pdf(n: usize) -> Vec<u8> {
    let content =
        format!("BT /F1 12 Tf 72 750 Td (Report) Tj ET BT /F1 12 Tf 72 700 Td (7) Tj 3 Tr {} ET", "(1) Tj ".repeat(n));
    page_pdf(content.as_bytes(), false)
}

/// The page tree's array `n` deep, inside a compressed object stream
/// that a cross-reference stream points into.
pub fn nested_in_object_stream_pdf(n: usize) -> Vec<u8> {
    let pages = format!("<< /Type /Pages /Kids [3 0 R] /Count 1 /X {}{} >>", "[".repeat(n), "]".repeat(n));
    let objects = format!("2 0 {pages}");
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    let bodies: [Vec<u8>; 3] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec(),
        stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &flate(objects.as_bytes())),
    ];
    for (number, body) in [1, 3, 4].into_iter().zip(bodies) {
        offsets.push((number, out.len()));
        out.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        out.extend_from_slice(&body);
        out.extend_from_slice(b"\nendobj\n");
    }
    // The cross-reference stream: type, field 2, field 3 per object 0..6.
    let xref_at = out.len();
    let mut rows = [[0u8, 0, 0, 0, 0, 0]; 6];
    for (number, offset) in offsets {
        let o = u32::try_from(offset).unwrap().to_be_bytes();
        rows[number] = [1, o[0], o[1], o[2], o[3], 0];
    }
    rows[2] = [2, 0, 0, 0, 4, 0];
    let o = u32::try_from(xref_at).unwrap().to_be_bytes();
    rows[5] = [1, o[0], o[1], o[2], o[3], 0];
    out.extend_from_slice(b"5 0 obj\n");
    out.extend_from_slice(&stream("/Type /XRef /Size 6 /W [1 4 1] /Root 1 0 R", &rows.concat()));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    out
}

/// A one-page PDF whose deep array sits after a stray `(` between
/// objects, which a scan that trusts strings would read to the end.
pub fn nested_after_stray_paren_pdf(n: usize) -> Vec<u8> {
    let mut file = nested_arrays_pdf(n);
    let at = file.windows(7).position(|w| w == b"endobj\n").unwrap() + 7;
    file.splice(at..at, b"(\n".iter().copied());
    // The cross-reference table is off by two bytes now, as a damaged
    // file's is: the library finds its objects by scanning.
    file
}

/// A one-page PDF whose page tree is one node of `n` pages.
pub fn wide_page_tree_pdf(n: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..n).map(|k| format!("{} 0 R", k + 3)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count 1 >>", kids.join(" ")).into_bytes(),
    ];
    objects.extend((0..n).map(|_| b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec()));
    pdf(&objects)
}
