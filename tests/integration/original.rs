//! The original document, annotated: real reports (PDFs made by
//! LibreOffice, Chromium and WPS; a Word file) made wrong by one figure,
//! their findings drawn on their own pages and put as comments in their
//! own Word file, read back with the PDF library and the XML reader.
#![cfg(all(feature = "pdf", feature = "docx"))]

use std::collections::HashMap;
use std::io::Read as _;

use disclosure_report::read::{Options, Parsed, SourceFormat, read_bytes};
use disclosure_report::render::{AnnotateError, annotate_docx, annotate_pdf};
use disclosure_report::rules::Year;
use disclosure_report::{Cell, Findings, Place, Severity};
use pdf_oxide::PdfDocument;
use pdf_oxide::object::Object;
use quick_xml::Reader;
use quick_xml::events::Event;

/// A report with errors and its findings, located on the document: a
/// file printed wrong (`wrong`), or a fixture read with （七）总计's 自然人
/// figure made one more than printed.
fn with_errors(path: &str, format: SourceFormat, wrong: bool) -> (Vec<u8>, Findings) {
    let (bytes, _, findings) = read_with_errors(path, format, wrong);
    (bytes, findings)
}

/// As [`with_errors`], with the report as read (before any figure is made
/// wrong).
fn read_with_errors(path: &str, format: SourceFormat, wrong: bool) -> (Vec<u8>, Parsed, Findings) {
    let bytes = std::fs::read(path).unwrap();
    let read = read_bytes(&bytes, format, &Options::default()).unwrap();
    let mut parsed = read.clone();
    if !wrong {
        let p = parsed.published_mut();
        let cell = p.layout().cell_by_path("requests.outcome_total.natural_person").unwrap();
        let printed: u64 = p.get(cell).unwrap().text().parse().unwrap();
        p.set(cell, Cell::printed(cell.info().kind(), (printed + 1).to_string())).unwrap();
    }
    let findings = parsed.findings();
    assert!(findings.has_errors(), "{path}: {findings}");
    (bytes, read, findings)
}

/// An annotation read back: its page, rectangle (PDF space) and note.
struct Drawn {
    page: usize,
    subtype: String,
    rect: [f32; 4],
    contents: String,
}

fn text_of(o: Option<&Object>) -> String {
    match o {
        Some(Object::String(bytes)) if bytes.starts_with(&[0xfe, 0xff]) => {
            let units: Vec<u16> =
                bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
            String::from_utf16_lossy(&units)
        }
        Some(Object::String(bytes)) => bytes.iter().map(|&b| b as char).collect(),
        _ => String::new(),
    }
}

/// A page's glyphs: character, centre in PDF space.
type Glyphs = Vec<(char, f32, f32)>;

/// Every annotation of every page, and each page's glyphs.
fn read_back(pdf: &[u8]) -> (Vec<Drawn>, Vec<Glyphs>) {
    let doc = PdfDocument::from_bytes(pdf.to_vec()).unwrap();
    let mut drawn = Vec::new();
    let mut glyphs = Vec::new();
    for i in 0..doc.page_count().unwrap() {
        let page = doc.get_page(i).unwrap();
        let annots = match page.as_dict().unwrap().get("Annots") {
            Some(Object::Array(list)) => list.clone(),
            _ => Vec::new(),
        };
        for a in annots {
            let a = doc.load_object(a.as_reference().unwrap()).unwrap();
            let d = a.as_dict().unwrap();
            let rect: Vec<f32> = match d.get("Rect") {
                Some(Object::Array(v)) => v
                    .iter()
                    .map(|n| match n {
                        Object::Real(r) => *r as f32,
                        Object::Integer(i) => *i as f32,
                        _ => f32::NAN,
                    })
                    .collect(),
                _ => vec![],
            };
            let subtype = match d.get("Subtype") {
                Some(Object::Name(n)) => n.clone(),
                _ => String::new(),
            };
            drawn.push(Drawn {
                page: i + 1,
                subtype,
                rect: rect.try_into().unwrap(),
                contents: text_of(d.get("Contents")),
            });
        }
        let mut on_page = Vec::new();
        let (llx, lly, urx, ury) = doc.get_page_media_box(i).unwrap();
        let (w, h) = (urx - llx, ury - lly);
        for mut span in doc.extract_spans(i).unwrap() {
            // The library gives some runs of a turned page in the frame it
            // is shown in: back in the page's own, where annotations are.
            let b = span.bbox;
            let back = |x: f32, y: f32| match span.page_rotation_applied.rem_euclid(360) {
                90 => (w - (y - lly) + llx, x - llx + lly),
                180 => (w - (x - llx) + llx, h - (y - lly) + lly),
                270 => (y - lly + llx, h - (x - llx) + lly),
                _ => (x, y),
            };
            let ((ax, ay), (bx, by)) = (back(b.x, b.y), back(b.x + b.width, b.y + b.height));
            span.bbox = pdf_oxide::geometry::Rect::new(ax.min(bx), ay.min(by), (ax - bx).abs(), (ay - by).abs());
            if span.rotation_degrees.abs() < 0.5 {
                for ch in span.to_chars() {
                    let b = ch.bbox;
                    on_page.push((ch.char, b.x + b.width / 2.0, b.y + b.height / 2.0));
                }
            } else {
                // A run drawn turned: its glyphs one after another along it.
                let chars: Vec<char> = span.text.chars().collect();
                let (sin, cos) = span.rotation_degrees.to_radians().sin_cos();
                let (b, step) = (span.bbox, span.bbox.width / chars.len().max(1) as f32);
                for (k, c) in chars.into_iter().enumerate() {
                    let (along, up) = (step * (k as f32 + 0.5), b.height / 2.0);
                    on_page.push((c, b.x + along * cos - up * sin, b.y + along * sin + up * cos));
                }
            }
        }
        glyphs.push(on_page);
    }
    (drawn, glyphs)
}

/// A PDF with errors: the fixture as printed (`wrong`), or made wrong as
/// it is read.
fn check_pdf(path: &str, wrong: bool) {
    let (original, first, findings) = read_with_errors(path, SourceFormat::Pdf, wrong);
    let annotated = annotate_pdf(&original, &findings).unwrap();
    // The original bytes, whole, then the update.
    assert!(annotated.starts_with(&original), "{path}");
    // The pages' text is unchanged: the same report, every cell where it
    // was, the same findings.
    let again = read_bytes(&annotated, SourceFormat::Pdf, &Options::default()).unwrap();
    assert_eq!(again.published(), first.published(), "{path}");
    assert!(again.places().eq(first.places()), "{path}");
    assert_eq!(again.findings(), first.findings(), "{path}");

    let (drawn, glyphs) = read_back(&annotated);
    // A note on the first page with the summary.
    let head = drawn.iter().find(|d| d.subtype == "Text").expect("a note");
    assert_eq!(head.page, 1);
    assert!(head.contents.contains(&format!("{} 项问题", findings.len())), "{}", head.contents);
    let mut errors = 0;
    for f in findings.iter().filter(|f| f.severity() == Severity::Error) {
        for cell in f.cells().iter().filter(|c| c.year() == Year::Current) {
            let Some(Place::Page { page, bbox }) = cell.place() else { continue };
            errors += 1;
            let square = drawn
                .iter()
                .find(|d| {
                    d.subtype == "Square"
                        && d.page == page as usize
                        && d.contents.starts_with(&format!("{}\n", cell.cell()))
                        && d.contents.contains(f.rule().id)
                })
                .unwrap_or_else(|| panic!("{path}: no box for {} at {}", f.rule().id, cell.cell()));
            // The box holds the cell's glyphs: those the reader placed in
            // it, read again from the annotated file.
            let [x0, y0, x1, y1] = square.rect;
            let inside: String = glyphs[page as usize - 1]
                .iter()
                .filter(|(_, x, y)| (x0..=x1).contains(x) && (y0..=y1).contains(y))
                .map(|(c, _, _)| *c)
                .filter(|c| !c.is_whitespace())
                .collect();
            let printed = first.published().get(cell.cell()).map(|c| c.text().to_owned()).unwrap_or_default();
            assert!(
                inside.contains(printed.as_str()),
                "{path}: {} box {:?} holds {inside:?}, not {printed:?} (at {bbox:?})",
                cell.cell(),
                square.rect
            );
        }
    }
    assert!(errors > 0, "{path}: no error located on a page");
}

#[test]
fn pdf_made_by_libreoffice_is_annotated_on_its_pages() {
    check_pdf("tests/data/made/pingtan-2022.wrong-total.lo.pdf", true);
    check_pdf("tests/data/fixtures/pdf/pingtan-2022.lo.pdf", false);
}

#[test]
fn pdf_printed_by_chromium_is_annotated_on_its_pages() {
    check_pdf("tests/data/made/pingtan-2022.wrong-total.chrome.pdf", true);
    check_pdf("tests/data/fixtures/pdf/pingtan-2022.chrome.pdf", false);
}

#[test]
fn pdf_pages_turned_are_annotated_where_their_cells_are() {
    // Every page shown upside down; every page a landscape page drawn
    // sideways and shown upright by /Rotate 90. Both read as the page the
    // tools printed, and the boxes go round the cells as shown.
    let cells = |path: &str| {
        let bytes = std::fs::read(path).unwrap();
        let p = read_bytes(&bytes, SourceFormat::Pdf, &Options::default()).unwrap().into_published();
        p.cells().map(|(cell, c)| (cell, c.map(|c| c.text().to_owned()))).collect::<Vec<_>>()
    };
    let printed = cells("tests/data/made/pingtan-2022.wrong-total.lo.pdf");
    for path in [
        "tests/data/made/pingtan-2022.wrong-total.rotate-180.lo.pdf",
        "tests/data/made/pingtan-2022.wrong-total.landscape.lo.pdf",
    ] {
        assert_eq!(cells(path), printed, "{path}");
        check_pdf(path, true);
    }
}

#[test]
fn pdf_made_by_wps_is_annotated_on_its_pages() {
    // No WPS here to print a wrong figure with: the real file, one figure
    // made wrong as it is read (the boxes are where the reader found it).
    check_pdf("tests/data/fixtures/pdf-wps/hongze-2024.wps.pdf", false);
}

#[test]
fn encrypted_pdf_is_refused_not_damaged() {
    let pdf = std::fs::read("tests/data/made/pingtan-2022.owner-password.lo.pdf").unwrap();
    let findings = read_bytes(&pdf, SourceFormat::Pdf, &Options::default()).unwrap().findings();
    assert!(matches!(annotate_pdf(&pdf, &findings), Err(AnnotateError::Encrypted)));
    // With a user password, whose text cannot be read.
    let pdf = std::fs::read("tests/data/made/pingtan-2022.encrypted.lo.pdf").unwrap();
    assert!(matches!(annotate_pdf(&pdf, &Findings::default()), Err(AnnotateError::Encrypted)));
}

/// Each part of a Word file: its name and its bytes as stored (compressed).
fn raw_parts(docx: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut parts = HashMap::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index_raw(i).unwrap();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        parts.insert(part.name().to_owned(), bytes);
    }
    parts
}

fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// Per comment id: the text of the table cell (`w:tc`) its range starts
/// in, and that cell's shade.
fn anchors(document: &str) -> HashMap<u32, (String, Option<String>)> {
    let mut reader = Reader::from_str(document);
    // Open cells: their text, shade, and the comments starting in them.
    let mut cells: Vec<(String, Option<String>, Vec<u32>)> = Vec::new();
    let mut out = HashMap::new();
    let mut in_text = false;
    let attr = |e: &quick_xml::events::BytesStart<'_>, key: &[u8]| {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == key)
            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.local_name().as_ref() == b"tc" => cells.push((String::new(), None, Vec::new())),
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_text = false,
            Event::Text(t) if in_text => {
                if let Some(cell) = cells.last_mut() {
                    cell.0.push_str(&t.decode().unwrap());
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == b"shd" => {
                if let Some(cell) = cells.last_mut() {
                    cell.1 = attr(&e, b"fill");
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == b"commentRangeStart" => {
                if let Some(cell) = cells.last_mut() {
                    cell.2.push(attr(&e, b"id").unwrap().parse().unwrap());
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"tc" => {
                let (text, shade, ids) = cells.pop().unwrap();
                for id in ids {
                    out.insert(id, (text.trim().to_owned(), shade.clone()));
                }
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

/// Per comment id of ours (by its author), its text (paragraphs joined
/// by new lines).
fn comments(xml: &str) -> HashMap<u32, String> {
    let mut reader = Reader::from_str(xml);
    let mut out: HashMap<u32, String> = HashMap::new();
    let mut id = None;
    let mut in_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.local_name().as_ref() == b"comment" => {
                let attr = |key: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                };
                id = attr(b"id")
                    .map(|v| v.parse::<u32>().unwrap())
                    .filter(|_| attr(b"author").as_deref() == Some("disclosure-report"));
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_text = false,
            Event::End(e) if e.local_name().as_ref() == b"p" => {
                if let Some(id) = id {
                    out.entry(id).or_default().push('\n');
                }
            }
            Event::Text(t) if in_text && id.is_some() => {
                out.entry(id.unwrap()).or_default().push_str(&t.decode().unwrap())
            }
            Event::GeneralRef(r) if in_text && id.is_some() => {
                let name = r.decode().unwrap();
                let c = quick_xml::escape::resolve_predefined_entity(&name).unwrap();
                out.entry(id.unwrap()).or_default().push_str(c);
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

#[test]
fn word_file_gets_a_comment_on_each_cell_a_finding_names() {
    check_docx("tests/data/made/pingtan-2022.wrong-total.lo.docx", true);
    check_docx("tests/data/fixtures/docx/pingtan-2022.docx", false);
    // This crate's Word file, which has no comments part of its own.
    let ours = std::fs::read("tests/data/made/pingtan-2022.rendered.docx").unwrap();
    assert!(!raw_parts(&ours).contains_key("word/comments.xml"));
    check_docx("tests/data/made/pingtan-2022.rendered.docx", false);
}

fn check_docx(path: &str, wrong: bool) {
    let (original, findings) = with_errors(path, SourceFormat::Docx, wrong);
    let annotated = annotate_docx(&original, &findings).unwrap();

    // Every part but the four it must change, byte for byte as stored.
    let (before, after) = (raw_parts(&original), raw_parts(&annotated));
    let changed = ["word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"];
    for (name, bytes) in &before {
        if !changed.contains(&name.as_str()) {
            assert_eq!(after.get(name), Some(bytes), "{name} changed");
        }
    }
    assert!(part(&annotated, "[Content_Types].xml").contains("/word/comments.xml"));
    assert!(part(&annotated, "word/_rels/document.xml.rels").contains("Target=\"comments.xml\""));

    // The document's text is unchanged, and reads as the same report.
    let grid = |b: &[u8]| disclosure_report::read::docx::document_grid(b).unwrap().to_string();
    assert_eq!(grid(&annotated), grid(&original));
    let again = read_bytes(&annotated, SourceFormat::Docx, &Options::default()).unwrap();
    let first = read_bytes(&original, SourceFormat::Docx, &Options::default()).unwrap();
    assert_eq!(again.findings(), first.findings());

    let anchors = anchors(&part(&annotated, "word/document.xml"));
    let notes = comments(&part(&annotated, "word/comments.xml"));
    let summary = notes.keys().min().unwrap();
    assert!(notes[summary].contains(&format!("{} 项问题", findings.len())), "the summary first: {}", notes[summary]);
    let mut errors = 0;
    for f in findings.iter().filter(|f| f.severity() == Severity::Error) {
        for cell in f.cells().iter().filter(|c| c.year() == Year::Current && c.place().is_some()) {
            errors += 1;
            let label = cell.cell().to_string();
            let (id, _) = notes
                .iter()
                .find(|(_, text)| text.contains(f.rule().id) && text.starts_with(&label))
                .unwrap_or_else(|| panic!("no comment on {label}"));
            let (text, shade) =
                anchors.get(id).unwrap_or_else(|| panic!("comment {id} on {label} is not in a table cell"));
            // The right cell: its text as printed, shaded red.
            let printed = first.published().get(cell.cell()).map(|c| c.text().to_owned()).unwrap_or_default();
            assert_eq!(text, &printed, "{label}");
            assert_eq!(shade.as_deref(), Some("FFD6D6"), "{label}");
        }
    }
    assert!(errors > 0);
}

#[test]
fn a_word_file_without_findings_is_copied_with_the_summary_only() {
    let path = "tests/data/fixtures/docx/pingtan-2019.docx";
    let original = std::fs::read(path).unwrap();
    let annotated = annotate_docx(&original, &Findings::default()).unwrap();
    let notes = comments(&part(&annotated, "word/comments.xml"));
    assert_eq!(notes.len(), 1);
    let (id, note) = notes.iter().next().unwrap();
    assert!(note.starts_with("0 项问题"), "{note}");
    // Apart from the one comment's marks, the document is as it was.
    let document = part(&annotated, "word/document.xml");
    let marks = [
        format!(r#"<w:commentRangeStart w:id="{id}"/>"#),
        format!(r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#),
    ];
    assert_eq!(marks.iter().fold(document, |d, m| d.replacen(m.as_str(), "", 1)), part(&original, "word/document.xml"));
}

/// The findings of a file printed wrong, as JSON values to make hostile.
fn findings_json(path: &str, format: SourceFormat) -> (Vec<u8>, Vec<serde_json::Value>) {
    let (bytes, findings) = with_errors(path, format, true);
    (bytes, findings.iter().map(|f| serde_json::to_value(f).unwrap()).collect())
}

fn from_json(values: Vec<serde_json::Value>) -> Findings {
    values.into_iter().map(|v| serde_json::from_value(v).unwrap()).collect()
}

/// Findings at hostile places — boxes off the page, inverted, on pages the
/// file does not have; cells of tables and paragraphs it does not have —
/// thousands of them, with control characters and markup in their text.
fn hostile(mut real: Vec<serde_json::Value>) -> Findings {
    let places = [
        serde_json::json!({"page": 6, "bbox": [-10000000.0, -10000000.0, -1000000.0, -1000000.0]}),
        serde_json::json!({"page": 6, "bbox": [500.0, 500.0, 100.0, 100.0]}),
        serde_json::json!({"page": 0, "bbox": [10.0, 10.0, 20.0, 20.0]}),
        serde_json::json!({"page": 4294967295u32, "bbox": [10.0, 10.0, 20.0, 20.0]}),
        serde_json::json!({"page": 1, "bbox": [0.0, 0.0, 10000000.0, 10000000.0]}),
        serde_json::json!({"table": 4294967295u32, "row": 1, "column": 1}),
        serde_json::json!({"table": 2, "row": 27}),
        serde_json::json!({"paragraph": 4294967295u32}),
        serde_json::json!({"line": 3}),
    ];
    let template = real[0].clone();
    // Of every rule (at most 100 of a rule are kept), so that there are
    // more places than are marked.
    let rules: Vec<&str> = disclosure_report::rules::CATALOGUE.iter().map(|r| r.id).collect();
    for n in 0..5000u32 {
        let mut f = template.clone();
        f["rule"] = rules[n as usize % rules.len()].into();
        f["message"]["zh"] = format!("控制\u{1b}[31m\u{7}\u{0}字符 <w:t>&amp;</w:t> ]]> {n}").into();
        f["message"]["en"] = "\u{feff}\u{fffe}\u{202e}reversed) \\ (".into();
        let place = if n < places.len() as u32 {
            places[n as usize].clone()
        } else {
            // Each a box of its own on page 1.
            serde_json::json!({"page": 1, "bbox": [f64::from(n % 500), f64::from(n / 500), f64::from(n % 500 + 5), f64::from(n / 500 + 5)]})
        };
        for cell in f["cells"].as_array_mut().unwrap() {
            cell["at"] = place.clone();
        }
        real.push(f);
    }
    from_json(real)
}

#[test]
fn hostile_findings_give_a_pdf_that_opens() {
    let (pdf, json) = findings_json("tests/data/made/pingtan-2022.wrong-total.chrome.pdf", SourceFormat::Pdf);
    let findings = hostile(json);
    let annotated = annotate_pdf(&pdf, &findings).unwrap();
    let grid = |b: &[u8]| disclosure_report::read::pdf::document_grid(b).unwrap().to_string();
    assert_eq!(grid(&annotated), grid(&pdf));
    let (drawn, _) = read_back(&annotated);
    let squares = drawn.iter().filter(|d| d.subtype == "Square").count();
    // At most 2,000 boxes; every box on its page; the rest in the note.
    assert_eq!(squares, 2000);
    for d in &drawn {
        let [x0, y0, x1, y1] = d.rect;
        assert!(x0 < x1 && y0 < y1 && x0 >= 0.0 && y0 >= 0.0 && x1 <= 612.0 && y1 <= 792.0, "{:?}", d.rect);
    }
    let head = drawn.iter().find(|d| d.subtype == "Text").unwrap();
    assert!(
        head.contents.contains("and ") && head.contents.contains("\\u{1b}"),
        "{}",
        &head.contents[..500.min(head.contents.len())]
    );
    assert!(!head.contents.contains('\u{1b}'));
}

#[test]
fn hostile_findings_give_a_word_file_that_opens() {
    let (docx, json) = findings_json("tests/data/made/pingtan-2022.wrong-total.lo.docx", SourceFormat::Docx);
    let findings = hostile(json);
    let annotated = annotate_docx(&docx, &findings).unwrap();
    let grid = |b: &[u8]| disclosure_report::read::docx::document_grid(b).unwrap().to_string();
    assert_eq!(grid(&annotated), grid(&docx));
    // Well-formed, with no control character left.
    let notes = comments(&part(&annotated, "word/comments.xml"));
    assert!(notes.values().all(|n| !n.contains('\u{1b}') && !n.contains('\u{0}')));
    assert!(notes.values().any(|n| n.contains("<w:t>&amp;</w:t>")), "markup kept as text");
    let _ = anchors(&part(&annotated, "word/document.xml"));
}

#[cfg(feature = "cli")]
#[test]
fn the_command_annotates_a_pdf_and_a_word_file_in_their_own_form() {
    use crate::cli::{run, s, scratch, stderr};
    let dir = scratch("original");
    for (input, out) in [
        ("tests/data/made/pingtan-2022.wrong-total.lo.pdf", "checked.pdf"),
        ("tests/data/made/pingtan-2022.wrong-total.lo.docx", "checked.docx"),
    ] {
        let path = dir.join(out);
        let o = run(&["render", input, "--annotate", "-o", s(&path)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let original = std::fs::read(input).unwrap();
        let written = std::fs::read(&path).unwrap();
        if out.ends_with(".pdf") {
            assert!(written.starts_with(&original) && written.len() > original.len());
        } else {
            assert!(part(&written, "word/comments.xml").contains("T3.outcome_total"));
        }
        // Notices only when asked: the label variant's.
        let all = dir.join(format!("all-{out}"));
        let o = run(&["render", input, "--annotate", "--min-severity", "notice", "-o", s(&all)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let has_notice = |b: &[u8]| match out.ends_with(".pdf") {
            true => read_back(b).0.iter().any(|d| d.contents.contains("label.variant")),
            false => part(b, "word/comments.xml").contains("label.variant"),
        };
        assert!(!has_notice(&written) && has_notice(&std::fs::read(&all).unwrap()), "{out}");
    }
    // The original's form needs an original of that form, and a file.
    let o = run(&[
        "render",
        "tests/data/made/pingtan-2022.wrong-total.html",
        "--to",
        "pdf",
        "--annotate",
        "-o",
        s(&dir.join("x.pdf")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use --to html"), "{}", stderr(&o));
    let o = run(&["render", "tests/data/made/pingtan-2022.wrong-total.lo.pdf", "--to", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--annotate"), "{}", stderr(&o));
    let o = run(&["render", "tests/data/made/pingtan-2022.wrong-total.lo.pdf", "--annotate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o FILE"), "{}", stderr(&o));
    // --to html still gives the annotated page, places named.
    let o = run(&["render", "tests/data/made/pingtan-2022.wrong-total.lo.pdf", "--to", "html", "--annotate"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("in the source: page 6"));
}

#[test]
fn a_pdf_whose_startxref_misses_its_section_is_refused() {
    let pdf = std::fs::read("tests/data/made/pingtan-2022.wrong-total.lo.pdf").unwrap();
    let at = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
    let offset: usize = String::from_utf8_lossy(&pdf[at + 9..]).split_whitespace().next().unwrap().parse().unwrap();
    let mut damaged = pdf[..at].to_vec();
    damaged.extend(format!("startxref\n{}\n%%EOF\n", offset + 7).as_bytes());
    // An update pointing back there would hide the original from readers.
    let refused = annotate_pdf(&damaged, &Findings::default()).unwrap_err();
    assert!(matches!(refused, AnnotateError::Unsupported(_)), "{refused}");
    assert!(refused.to_string().contains("startxref"), "{refused}");
}

#[test]
fn comments_go_in_the_part_the_relationships_name() {
    use std::io::Write as _;
    // The LibreOffice Word file, its comments part renamed comments1.xml.
    let original = std::fs::read("tests/data/made/pingtan-2022.wrong-total.lo.docx").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&original[..])).unwrap();
    let mut renamed = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (name, bytes) = match part.name() {
            "word/comments.xml" => ("word/comments1.xml".to_owned(), bytes),
            "word/_rels/document.xml.rels" => {
                (part.name().to_owned(), text.replace("\"comments.xml\"", "\"comments1.xml\"").into_bytes())
            }
            "[Content_Types].xml" => {
                (part.name().to_owned(), text.replace("/word/comments.xml", "/word/comments1.xml").into_bytes())
            }
            other => (other.to_owned(), bytes),
        };
        renamed.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        renamed.write_all(&bytes).unwrap();
    }
    let docx = renamed.finish().unwrap().into_inner();
    let findings = read_bytes(&docx, SourceFormat::Docx, &Options::default()).unwrap().findings();
    let annotated = annotate_docx(&docx, &findings).unwrap();
    let parts = raw_parts(&annotated);
    assert!(!parts.contains_key("word/comments.xml"), "no second comments part");
    let theirs_and_ours = part(&annotated, "word/comments1.xml");
    assert!(theirs_and_ours.contains("T3.outcome_total"));
    assert_eq!(
        part(&annotated, "word/_rels/document.xml.rels").matches("comments").count(),
        part(&docx, "word/_rels/document.xml.rels").matches("comments").count()
    );
    // Every comment id once in the part, and the ranges pair up.
    let document = part(&annotated, "word/document.xml");
    let ids: Vec<&str> = theirs_and_ours.split("<w:comment ").skip(1).map(|c| c.split('"').nth(1).unwrap()).collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    for id in ids.iter().skip(1) {
        assert_eq!(
            document.matches(&format!("<w:commentRangeStart w:id=\"{id}\"/>")).count(),
            document.matches(&format!("<w:commentRangeEnd w:id=\"{id}\"/>")).count()
        );
    }
}
