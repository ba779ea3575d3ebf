//! The official layout as a Word file (`.docx`), for the offices that fill
//! in their reports in Word: the title, the six headings, the prose, and
//! each official table with its merged cells (`w:gridSpan` across columns,
//! `w:vMerge` down rows), as the HTML writer lays them out.

use std::io::Write as _;

use quick_xml::escape::partial_escape;
use zip::write::SimpleFileOptions;

use super::{Laid, Rows, closing_date, prose_of, table_rows, table_width};
use crate::Published;
use crate::layout::Section;

/// Why a Word file could not be written.
///
/// ```
/// use disclosure_report::render::{docx, DocxWriteError};
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let report = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?;
/// let bytes: Result<Vec<u8>, DocxWriteError> = docx(&report.to_published());
/// assert!(bytes?.starts_with(b"PK"), "a zip archive");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
#[error("cannot write the Word file")]
pub struct DocxWriteError(#[source] zip::result::ZipError);

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// The report as a Word file: every cell as printed, in the official
/// layout with its merged cells. [`read_bytes`](crate::read::read_bytes)
/// reads it back to the same report (as the text layout does, with the
/// official labels; texts of cells and prose hold no characters XML cannot,
/// which are written as U+FFFD).
///
/// ```
/// use disclosure_report::read::{read_bytes, Options, SourceFormat};
/// use disclosure_report::{render, AnnualReport, Edition, ProactiveTable, ReportMeta, RequestTable, ReviewTable};
///
/// let meta = ReportMeta::new("某县人民政府", 2022)?;
/// let e = Edition::V2021;
/// let report = AnnualReport::builder(meta).proactive(ProactiveTable::zeroed(e)).requests(RequestTable::new(e)).review(ReviewTable::default()).build()?;
/// let word = render::docx(&report.to_published())?;
/// let back = read_bytes(&word, SourceFormat::Docx, &Options::default().with_kind(None))?;
/// assert_eq!(back.published(), &report.to_published());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`DocxWriteError`] if the zip archive cannot be written (which writing
/// to memory does not do in practice).
pub fn docx(p: &Published) -> Result<Vec<u8>, DocxWriteError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in
        [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("word/document.xml", &document(p))]
    {
        zip.start_file(name, options).map_err(DocxWriteError)?;
        zip.write_all(content.as_bytes()).map_err(|e| DocxWriteError(e.into()))?;
    }
    Ok(zip.finish().map_err(DocxWriteError)?.into_inner())
}

/// Text as XML holds it: escaped, and characters XML 1.0 cannot hold
/// replaced.
fn xml_text(text: &str) -> String {
    let legal = |c: char| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}');
    let cleaned: String = text.chars().map(|c| if legal(c) { c } else { '\u{fffd}' }).collect();
    partial_escape(&cleaned).into_owned()
}

/// A paragraph; `style`: bold for headings, centred for the title, right
/// for the closing lines.
fn paragraph(out: &mut String, text: &str, bold: bool, align: Option<&str>) {
    out.push_str("<w:p>");
    if let Some(align) = align {
        out.push_str(&format!(r#"<w:pPr><w:jc w:val="{align}"/></w:pPr>"#));
    }
    if !text.is_empty() {
        out.push_str("<w:r>");
        if bold {
            out.push_str("<w:rPr><w:b/></w:rPr>");
        }
        out.push_str(&format!(r#"<w:t xml:space="preserve">{}</w:t></w:r>"#, xml_text(text)));
    }
    out.push_str("</w:p>");
}

/// A position of a table's grid, as the rows resolve onto it.
enum Slot<'r, 'a> {
    /// A cell starts at column `column`, spanning `span` columns.
    Starts { column: usize, span: usize, cell: &'r Laid<'a> },
    /// A merge from above continues at `column` over `span` columns.
    Continues { column: usize, span: usize },
    /// A row starts.
    RowStart,
    /// The row ends.
    RowEnd,
}

/// Walks the rows onto the grid: each position a cell that starts there
/// (spanning columns and rows) or continues a merge from above.
fn walk<'r, 'a>(rows: &'r [Vec<Laid<'a>>], width: usize, mut visit: impl FnMut(Slot<'r, 'a>)) {
    // Per column: how many more rows a merge from above covers, and its span.
    let mut below: Vec<(usize, usize)> = vec![(0, 1); width];
    for row in rows {
        visit(Slot::RowStart);
        let mut cells = row.iter();
        let mut c = 0;
        while c < width {
            let (left, span) = below[c];
            if left > 0 {
                visit(Slot::Continues { column: c, span });
                below[c].0 = left - 1;
                c += span.max(1);
                continue;
            }
            let Some(cell) = cells.next() else { break };
            let span = cell.colspan.clamp(1, width - c);
            if cell.rowspan > 1 {
                below[c] = (cell.rowspan - 1, span);
            }
            visit(Slot::Starts { column: c, span, cell });
            c += span;
        }
        visit(Slot::RowEnd);
    }
}

/// The width of the text on an A4 page with the margins [`document`] sets,
/// in twentieths of a point.
const TEXT_WIDTH: usize = 11906 - 2 * 1080;

/// Column widths (twentieths of a point), summing to the page's text width:
/// label columns (those before the first that holds a figure) as wide as
/// their longest label asks, figure columns as wide as their longest figure
/// asks and at least an inch; where the page is narrower, each gives up
/// part of what it asked beyond its least (a figure never wraps; a label
/// wraps onto lines of four characters at least).
fn column_widths(rows: &[Vec<Laid<'_>>], width: usize) -> Vec<usize> {
    let mut label_chars = vec![0usize; width];
    let mut figure_chars = vec![0usize; width];
    let mut first_figure = width;
    walk(rows, width, |slot| {
        if let Slot::Starts { column, span: 1, cell } = slot {
            let n = cell.text.chars().count();
            if cell.label {
                label_chars[column] = label_chars[column].max(n);
            } else {
                figure_chars[column] = figure_chars[column].max(n);
                first_figure = first_figure.min(column);
            }
        }
    });
    // (least, wanted) per column.
    let bounds: Vec<(usize, usize)> = (0..width)
        .map(|c| match c < first_figure {
            true => (4 * 230 + 250, label_chars[c].clamp(4, 16) * 230 + 250),
            false => {
                let least = figure_chars[c] * 150 + 300;
                (least, least.max(1440))
            }
        })
        .collect();
    let least: usize = bounds.iter().map(|b| b.0).sum();
    let wanted: usize = bounds.iter().map(|b| b.1).sum();
    // The official tables span the page: room to spare goes to every
    // column by what it asked.
    if wanted <= TEXT_WIDTH || wanted == least {
        return bounds.iter().map(|b| b.1 * TEXT_WIDTH / wanted.max(1)).collect();
    }
    let room = TEXT_WIDTH.saturating_sub(least);
    bounds.iter().map(|(l, w)| l + (w - l) * room / (wanted - least)).collect()
}

/// A table: its rows resolved onto the grid, merged cells as Word merges
/// them.
fn table(out: &mut String, rows: &[Vec<Laid<'_>>], width: usize) {
    let borders = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .map(|side| format!(r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#))
        .concat();
    let widths = column_widths(rows, width);
    let total: usize = widths.iter().sum();
    out.push_str(&format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
    ));
    for w in &widths {
        out.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    out.push_str("</w:tblGrid>");
    // A cell's width: the columns it spans.
    let cell_width = |column: usize, span: usize| {
        let w: usize = widths.iter().skip(column).take(span).sum();
        format!(r#"<w:tcW w:w="{w}" w:type="dxa"/>{}"#, grid_span(span))
    };
    walk(rows, width, |slot| match slot {
        Slot::Continues { column, span } => {
            out.push_str(&format!(r#"<w:tc><w:tcPr>{}<w:vMerge/></w:tcPr><w:p/></w:tc>"#, cell_width(column, span)));
        }
        Slot::Starts { column, span, cell } => {
            out.push_str("<w:tc><w:tcPr>");
            out.push_str(&cell_width(column, span));
            if cell.rowspan > 1 {
                out.push_str(r#"<w:vMerge w:val="restart"/>"#);
            }
            out.push_str("</w:tcPr>");
            paragraph(out, &cell.text, cell.label, None);
            out.push_str("</w:tc>");
        }
        Slot::RowStart => out.push_str("<w:tr>"),
        Slot::RowEnd => out.push_str("</w:tr>"),
    });
    out.push_str("</w:tbl>");
}

fn grid_span(span: usize) -> String {
    if span > 1 { format!(r#"<w:gridSpan w:val="{span}"/>"#) } else { String::new() }
}

/// `word/document.xml`.
fn document(p: &Published) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    paragraph(&mut out, &p.meta().title(), true, Some("center"));
    for section in Section::ALL {
        paragraph(&mut out, section.heading(), true, None);
        for block in p.layout().blocks(section) {
            table(&mut out, &table_rows(p, section, block, Rows::Printed), table_width(section, block));
        }
        // A paragraph a line, an empty line an empty paragraph.
        for line in prose_of(p, section).into_iter().filter(|b| !b.is_empty()).flat_map(str::lines) {
            paragraph(&mut out, line.trim(), false, None);
        }
    }
    if let Some(line) = p.prose().fee_line() {
        paragraph(&mut out, &line, false, None);
    }
    if let Some(date) = closing_date(p.meta()) {
        paragraph(&mut out, p.meta().organ(), false, Some("right"));
        paragraph(&mut out, &date, false, Some("right"));
    }
    // A4, with margins that leave the tables room.
    out.push_str(
        r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1080" w:bottom="1440" w:left="1080" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>"#,
    );
    out.push_str("</w:body></w:document>");
    out
}
