//! The Word source: a `.docx` file (a zip of XML parts, read with `zip`
//! and `quick-xml`), turned into a [`Grid`]: a located text for each
//! paragraph of the body (by its number), and each table that holds no
//! table as rows of cells, each located by its table's number among the
//! document's tables, its row and its column.
//!
//! A cell spanning columns (`w:gridSpan`) counts once in its row; a cell
//! continuing a vertical merge (`w:vMerge` without `restart`) stands empty,
//! as a page's cell covered from above does, and the cell it continues
//! spans its row. A cell's text is all the text
//! of its paragraphs, white space collapsed, nothing put between them.
//! Headers, footers and comments are other parts of the file, not read.

use std::io::{BufRead, Read as _};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::Place;
use crate::read::document::{self, Which};
use crate::read::grid::{self, Grid, GridCell, Item, Text};
use crate::read::{Options, Parsed, ReadError, push_collapsed};

/// The most bytes the document part may take once unpacked: a report is a
/// few hundred kilobytes; a zip bomb is refused.
const MAX_DOCUMENT: u64 = 64 << 20;

/// The deepest nesting of XML elements read. A report's document part
/// nests a dozen deep, two dozen with a table inside a layout table; a
/// file nesting thousands of tables is refused before it costs time.
const MAX_DEPTH: usize = 256;

/// The most grid columns one cell may span (Word's own limit is 63).
const MAX_SPAN: u32 = 1000;

/// The most paragraphs and table rows read: a report has a few hundred. A
/// zip bomb of empty paragraphs (64 MiB of `<w:p/>` from a few KB) is
/// refused here, not held as millions of lines.
const MAX_LINES: usize = 100_000;

/// Why a `.docx` file cannot be read.
///
/// ```
/// use disclosure_report::read::docx::{document_grid, DocxError};
///
/// assert!(matches!(document_grid(b"PK\x03\x04 not a zip"), Err(DocxError::Zip(_))));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocxError {
    /// Not a zip archive, or a damaged one.
    #[error("not a Word file: the zip archive cannot be read")]
    Zip(#[source] zip::result::ZipError),
    /// The archive has no `word/document.xml`.
    #[error("not a Word file: no word/document.xml in the archive")]
    NoDocument,
    /// The document part unpacks to more than 64 MiB.
    #[error("word/document.xml unpacks to more than {} MiB; refused", MAX_DOCUMENT >> 20)]
    TooLarge,
    /// The document part could not be unpacked (damaged compressed data).
    #[error("word/document.xml cannot be unpacked")]
    Unpack(#[source] std::io::Error),
    /// The document part nests its elements deeper than a report ever
    /// does (thousands of tables inside one another).
    #[error("word/document.xml nests its elements {depth} deep or more; at most {limit} are read")]
    TooDeep {
        /// How deep the elements were found to go (at least).
        depth: usize,
        /// The deepest nesting read.
        limit: usize,
    },
    /// The document holds more paragraphs and table rows than a report
    /// ever does.
    #[error("word/document.xml holds more than {limit} paragraphs and table rows; refused")]
    TooMany {
        /// The most read.
        limit: usize,
    },
    /// The document part is not well-formed XML.
    #[error("word/document.xml is not well-formed XML (at byte {position})")]
    Xml {
        /// Where in the part.
        position: u64,
        /// What is wrong.
        #[source]
        error: quick_xml::Error,
    },
}

/// `word/document.xml` of a `.docx` file, as a stream: the part is
/// unpacked as it is read, never held whole (a zip bomb unpacks to 64 MiB
/// from a few KB), and reading stops past [`MAX_DOCUMENT`] whatever the
/// archive's directory claims.
struct Document<'a> {
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
}

impl<'a> Document<'a> {
    fn open(bytes: &'a [u8]) -> Result<Document<'a>, DocxError> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(DocxError::Zip)?;
        match archive.by_name("word/document.xml") {
            Ok(part) if part.size() > MAX_DOCUMENT => return Err(DocxError::TooLarge),
            Ok(_) => {}
            Err(zip::result::ZipError::FileNotFound) => return Err(DocxError::NoDocument),
            Err(e) => return Err(DocxError::Zip(e)),
        }
        Ok(Document { archive })
    }

    /// Reads the part from its start with `pass`.
    fn read<T>(
        &mut self,
        pass: impl FnOnce(&mut Reader<&mut dyn BufRead>) -> Result<T, DocxError>,
    ) -> Result<T, DocxError> {
        let part = self.archive.by_name("word/document.xml").map_err(DocxError::Zip)?;
        let mut input = std::io::BufReader::new(part.take(MAX_DOCUMENT + 1));
        let result = pass(&mut Reader::from_reader(&mut input as &mut dyn BufRead));
        // Cut at the limit, the part may look damaged: it is too large.
        if input.get_ref().limit() == 0 {
            return Err(DocxError::TooLarge);
        }
        result
    }
}

/// Runs `pass` over `word/document.xml` of a `.docx` file's bytes, unpacked
/// as it is read, within the same bounds as the reader.
pub(crate) fn with_document<T>(
    bytes: &[u8],
    pass: impl FnOnce(&mut Reader<&mut dyn BufRead>) -> Result<T, DocxError>,
) -> Result<T, DocxError> {
    Document::open(bytes)?.read(pass)
}

/// Reads a report from the bytes of its `.docx` file.
pub(crate) fn read(bytes: &[u8], options: &Options, which: Which) -> Result<Vec<Parsed>, ReadError> {
    Ok(document::read_reports(&document_grid(bytes)?, options, which)?)
}

/// The document's grid, read in two passes over the unpacked part: what
/// [`read_report`](crate::read::read_report) reads for `SourceFormat::Docx`.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use disclosure_report::Place;
///
/// let docx = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/docx/pingtan-2019.docx"))?;
/// let grid = disclosure_report::read::docx::document_grid(&docx)?;
/// let text = grid.to_string();
/// assert!(text.lines().any(|l| l == "一、总体情况"));
/// assert!(text.lines().any(|l| l.starts_with("规范性文件\t89\t89\t89")));
/// let cell = &grid.tables().next().unwrap().rows()[0].cells()[0];
/// assert_eq!(cell.place(), Some(Place::TableCell { table: 1, row: 1, column: Some(1) }));
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// [`DocxError`] where the bytes are not a Word file whose document can be
/// read.
pub fn document_grid(bytes: &[u8]) -> Result<Grid, DocxError> {
    let mut document = Document::open(bytes)?;
    // A closure, not the function's name: only a closure is general over
    // the lifetime of the reader `read` lends it.
    #[allow(clippy::redundant_closure)]
    let layout = document.read(|reader| layout_tables(reader))?;
    document.read(|reader| lines(reader, &layout))
}

/// The grid columns a `w:gridSpan` or `w:gridBefore` counts (its `val`,
/// 1 where it is missing or no number, at most [`MAX_SPAN`]).
pub(crate) fn grid_columns(e: &quick_xml::events::BytesStart<'_>) -> u32 {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

/// Whether a `w:vMerge` starts a merge (`val="restart"`); without it, the
/// cell continues the merge above.
pub(crate) fn restarts(e: &quick_xml::events::BytesStart<'_>) -> bool {
    e.attributes().flatten().any(|a| a.key.local_name().as_ref() == b"val" && a.value.as_ref() == b"restart")
}

/// The next event of a pass, its position named in an error.
pub(crate) fn next<'b, R: BufRead>(reader: &mut Reader<R>, buf: &'b mut Vec<u8>) -> Result<Event<'b>, DocxError> {
    buf.clear();
    reader.read_event_into(buf).map_err(|error| match error {
        quick_xml::Error::Io(e) => DocxError::Unpack(std::io::Error::new(e.kind(), e.to_string())),
        error => DocxError::Xml { position: reader.error_position(), error },
    })
}

/// Where the walk is in the document.
#[derive(Default)]
struct Walk {
    items: Vec<Item>,
    /// The paragraph outside tables being written.
    paragraph: String,
    /// Paragraphs begun outside tables holding data, each numbered as it
    /// begins (a text box's after the paragraph it is anchored in, whose
    /// text on either side of the box keeps its number).
    paragraphs: u32,
    /// The numbers of the paragraphs open, innermost last.
    open_paragraphs: Vec<u32>,
    /// Tables open, outermost first.
    tables: Vec<grid::Table>,
    /// Per open table: the cell (row, index) each vertical merge started
    /// at, by grid column, so that a cell continuing it is found at once.
    merges: Vec<std::collections::BTreeMap<u32, (usize, usize)>>,
    /// The cell being written.
    cell: Option<Cell>,
    /// The grid column the next cell of the current row starts at.
    column: u32,
    /// Inside `w:t` (text) or `w:instrText`/`w:delText` (not text).
    in_text: bool,
    /// White space met since the last text.
    space: bool,
    /// Table rows begun, written or not.
    rows: usize,
    /// Open elements whose text the reader does not see: text moved away
    /// (`w:moveFrom`), the fallback copy of content (`mc:Fallback`).
    unseen_depth: usize,
    /// Inside a run (`w:r`), and whether its properties hide it
    /// (`w:vanish`).
    in_run: bool,
    run_hidden: bool,
    /// Hidden text met since the last paragraph or cell ended.
    unseen: String,
    unseen_space: bool,
    /// Open text boxes (`w:txbxContent`): their text floats apart from the
    /// paragraph or cell they are anchored in, so it is never glued to it:
    /// in a cell, a space apart (its paragraphs and line breaks too);
    /// elsewhere, on lines of its own. Each keeps the run it is anchored in
    /// (`in_run`, `run_hidden`), and whether that run hid it.
    boxes: Vec<(bool, bool, bool)>,
}

/// A table cell being read.
#[derive(Default)]
struct Cell {
    text: String,
    /// Whether it continues a vertical merge.
    continues: bool,
    /// The grid columns it spans.
    span: u32,
}

impl Walk {
    fn push_text(&mut self, text: &str) {
        if self.unseen_depth > 0 || self.run_hidden {
            push_collapsed(&mut self.unseen, &mut self.unseen_space, text);
            return;
        }
        let target = match self.cell.as_mut() {
            Some(cell) => &mut cell.text,
            None => &mut self.paragraph,
        };
        push_collapsed(target, &mut self.space, text);
    }

    /// The paragraph ends, or a line break ends a line of it.
    fn end_line(&mut self, paragraph_ends: bool) {
        if !self.boxes.is_empty() && self.cell.is_some() {
            // A line of a text box in a cell: apart from what comes next.
            self.push_text(" ");
            return;
        }
        self.space = false;
        if self.counts_paragraphs() {
            // (A line outside any paragraph takes the next one's number, as
            // the annotated file counts paragraphs only.)
            let number = self.open_paragraphs.last().copied().unwrap_or(self.paragraphs.saturating_add(1));
            let place = Some(Place::Paragraph { paragraph: number });
            self.end_unseen(place);
            self.items.push(Item::Text(Text::new(std::mem::take(&mut self.paragraph), place)));
            if paragraph_ends {
                self.open_paragraphs.pop();
            }
        }
    }

    /// Whether paragraphs here are numbered: outside tables holding data.
    fn counts_paragraphs(&self) -> bool {
        self.cell.is_none() && self.tables.is_empty()
    }

    /// A paragraph begins (where paragraphs are numbered): its number.
    fn begin_paragraph(&mut self) -> u32 {
        self.paragraphs = self.paragraphs.saturating_add(1);
        self.open_paragraphs.push(self.paragraphs);
        self.paragraphs
    }

    /// The hidden text met, if any, as an item where it was.
    fn end_unseen(&mut self, place: Option<Place>) {
        self.unseen_space = false;
        if !self.unseen.is_empty() {
            self.items.push(Item::Hidden(Text::new(std::mem::take(&mut self.unseen), place)));
        }
    }

    /// The cell being read is done: put in its row, or (continuing a
    /// merge) its place, the cell above spanning it.
    fn end_cell(&mut self) {
        let Some(cell) = self.cell.take() else { return };
        let column = self.column;
        let span = cell.span.max(1);
        self.column = column.saturating_add(span);
        self.space = false;
        let Some(table) = self.tables.last_mut() else { return };
        let number = table.number;
        let r = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
        let place = Some(Place::TableCell { table: number, row: r, column: Some(column.saturating_add(1)) });
        self.end_unseen(place);
        let Some(table) = self.tables.last_mut() else { return };
        let Some(merges) = self.merges.last_mut() else { return };
        let Some(r) = table.rows.len().checked_sub(1) else { return };
        if cell.continues {
            // The cell the merge started at spans one more row.
            let start = merges.get(&column).and_then(|&(row, k)| table.rows.get_mut(row)?.cells.get_mut(k));
            if let Some(start) = start {
                start.row_span = start.row_span.saturating_add(1);
            }
            table.rows[r].cells.push(GridCell::covered(column, span, place));
        } else {
            merges.insert(column, (r, table.rows[r].cells.len()));
            table.rows[r].cells.push(GridCell::new(cell.text, column, (1, span), place));
        }
    }
}

/// Which tables (by their order of starting) hold other tables: layout
/// tables, such as a page saved as Word puts around its menu and its
/// article. This first pass also refuses a part nested deeper than
/// [`MAX_DEPTH`], so that neither pass costs more than linear time.
pub(crate) fn layout_tables<R: BufRead>(reader: &mut Reader<R>) -> Result<Vec<bool>, DocxError> {
    let mut holds = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        match next(reader, &mut buf)? {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(DocxError::TooDeep { depth, limit: MAX_DEPTH });
                }
                if e.local_name().as_ref() == b"tbl" {
                    // Its parent's ancestors were marked when the parent started.
                    if let Some(&parent) = open.last() {
                        holds[parent] = true;
                    }
                    open.push(holds.len());
                    holds.push(false);
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == b"tbl" {
                    open.pop();
                }
            }
            Event::Eof => return Ok(holds),
            _ => {}
        }
    }
}

/// The document's grid: a text per paragraph; the rows of each table that
/// holds no table; the paragraphs of a layout table's cells as texts of
/// their own.
fn lines<R: BufRead>(reader: &mut Reader<R>, layout: &[bool]) -> Result<Grid, DocxError> {
    let mut started = 0;
    // Per open table: whether it is a layout table.
    let mut open: Vec<bool> = Vec::new();
    let mut walk = Walk::default();
    let mut buf = Vec::new();
    loop {
        if walk.items.len() + walk.rows > MAX_LINES {
            return Err(DocxError::TooMany { limit: MAX_LINES });
        }
        let event = next(reader, &mut buf)?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"tbl" => {
                let is_layout = layout.get(started).copied().unwrap_or(false);
                started += 1;
                open.push(is_layout);
                if !is_layout {
                    let number = u32::try_from(started).unwrap_or(u32::MAX);
                    walk.tables.push(grid::Table { number, rows: Vec::new() });
                    walk.merges.push(Default::default());
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"tbl" => {
                // A layout table's paragraphs were texts already.
                let is_layout = open.pop().unwrap_or(true);
                if !is_layout {
                    walk.merges.pop();
                    if let Some(table) = walk.tables.pop() {
                        walk.items.push(Item::Table(table));
                    }
                }
            }
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => walk.in_text = true,
                b"r" => walk.in_run = true,
                b"moveFrom" | b"Fallback" => walk.unseen_depth += 1,
                b"txbxContent" => {
                    // Hidden with the run it is anchored in, if that is.
                    let hidden = walk.run_hidden;
                    walk.boxes.push((walk.in_run, walk.run_hidden, hidden));
                    walk.unseen_depth += usize::from(hidden);
                    (walk.in_run, walk.run_hidden) = (false, false);
                    if walk.cell.is_some() {
                        walk.push_text(" ");
                    } else if walk.tables.is_empty() {
                        walk.end_line(false);
                    }
                }
                b"tr" if !open.last().copied().unwrap_or(false) => {
                    if let Some(table) = walk.tables.last_mut() {
                        let r = u32::try_from(table.rows.len() + 1).unwrap_or(u32::MAX);
                        let place = Some(Place::TableCell { table: table.number, row: r, column: None });
                        table.rows.push(grid::Row { cells: Vec::new(), place });
                        walk.column = 0;
                        walk.rows += 1;
                    }
                }
                b"tc" if walk.tables.len() == 1 => walk.cell = Some(Cell::default()),
                b"p" if walk.counts_paragraphs() => {
                    walk.begin_paragraph();
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                // A run's own properties hiding it (not a paragraph mark's).
                b"vanish" if walk.in_run => {
                    let off = e.attributes().flatten().any(|a| {
                        a.key.local_name().as_ref() == b"val" && matches!(a.value.as_ref(), b"0" | b"false" | b"off")
                    });
                    walk.run_hidden = !off;
                }
                b"vMerge" if walk.tables.len() == 1 => {
                    if let Some(cell) = walk.cell.as_mut() {
                        cell.continues = !restarts(&e);
                    }
                }
                b"gridSpan" | b"gridBefore" if walk.tables.len() == 1 => {
                    let value = grid_columns(&e);
                    match (e.local_name().as_ref(), walk.cell.as_mut()) {
                        (b"gridSpan", Some(cell)) => cell.span = value,
                        (b"gridBefore", None) => walk.column = walk.column.saturating_add(value),
                        _ => {}
                    }
                }
                b"tab" => walk.push_text(" "),
                // A line break ends a line of prose; in a cell, the rest of
                // a wrapped label follows it.
                b"br" | b"cr" if !walk.boxes.is_empty() && walk.cell.is_some() => walk.push_text(" "),
                b"br" | b"cr" if walk.tables.is_empty() => walk.end_line(false),
                b"p" => {
                    if walk.counts_paragraphs() {
                        walk.begin_paragraph();
                    }
                    walk.end_line(true);
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => walk.in_text = false,
                b"r" => {
                    walk.in_run = false;
                    walk.run_hidden = false;
                }
                b"moveFrom" | b"Fallback" => walk.unseen_depth = walk.unseen_depth.saturating_sub(1),
                b"txbxContent" => {
                    if let Some((in_run, run_hidden, hidden)) = walk.boxes.pop() {
                        if walk.cell.is_some() {
                            walk.push_text(" ");
                        }
                        walk.unseen_depth = walk.unseen_depth.saturating_sub(usize::from(hidden));
                        (walk.in_run, walk.run_hidden) = (in_run, run_hidden);
                    }
                }
                b"p" => walk.end_line(true),
                b"tc" if walk.tables.len() == 1 => walk.end_cell(),
                _ => {}
            },
            Event::Text(t) if walk.in_text => {
                let text = t.decode().map_err(|e| DocxError::Xml {
                    position: reader.error_position(),
                    error: quick_xml::Error::Encoding(e),
                })?;
                walk.push_text(&text);
            }
            Event::GeneralRef(r) if walk.in_text => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => r
                        .decode()
                        .ok()
                        .and_then(|name| quick_xml::escape::resolve_predefined_entity(&name))
                        .map(str::to_owned),
                };
                if let Some(text) = resolved {
                    walk.push_text(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !walk.paragraph.is_empty() {
        walk.end_line(true);
    }
    Ok(Grid::new(walk.items))
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    /// Both passes over a document part given as text.
    fn lines(xml: &str) -> Result<Grid, DocxError> {
        let layout = layout_tables(&mut Reader::from_reader(xml.as_bytes()))?;
        super::lines(&mut Reader::from_reader(xml.as_bytes()), &layout)
    }

    fn body(inner: &str) -> String {
        format!(r#"<w:document {W}><w:body>{inner}</w:body></w:document>"#)
    }

    #[test]
    fn merged_cells_count_once() {
        let xml = body(
            r#"<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p><w:tbl>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>三、本年度</w:t></w:r></w:p></w:tc>
                  <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>（一）</w:t></w:r></w:p></w:tc>
                  <w:tc><w:p><w:r><w:t>1</w:t></w:r><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                  <w:tc><w:p><w:r><w:t>结</w:t></w:r></w:p><w:p><w:r><w:t>果</w:t></w:r></w:p></w:tc>
                  <w:tc><w:p><w:r><w:t>&lt;3&#x4e00;</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        let grid = lines(&xml).unwrap();
        assert_eq!(grid.to_string(), "一、总体情况\n三、本年度\t（一）\t12\n\t结果\t<3一");
        let rows = grid.tables().next().unwrap().rows();
        // The merged cell spans two rows; the figures stand in grid column 3
        // (from 0), after the cell spanning two.
        assert_eq!((rows[0].cells()[0].row_span(), rows[0].cells()[2].column()), (2, 3));
        assert_eq!(rows[1].cells()[2].place(), Some(Place::TableCell { table: 1, row: 2, column: Some(3) }));
    }

    #[test]
    fn a_text_box_is_read_apart_within_its_anchoring_paragraph() {
        let xml = body(
            r#"<w:p><w:r><w:t>收到申请12</w:t></w:r><w:r><w:drawing><w:txbxContent>
                <w:p><w:r><w:t>3</w:t></w:r></w:p><w:p><w:r><w:t>4</w:t></w:r></w:p>
            </w:txbxContent></w:drawing></w:r><w:r><w:t>件</w:t></w:r></w:p><w:p><w:r><w:t>下一段</w:t></w:r></w:p>"#,
        );
        let grid = lines(&xml).unwrap();
        // Outside a table, on lines of its own; paragraphs numbered as they
        // begin: the anchoring one's text on both sides of the box is its
        // first, the box's paragraphs the next.
        assert_eq!(grid.to_string(), "收到申请12\n3\n4\n件\n下一段");
        let numbers: Vec<Option<Place>> = grid
            .items()
            .iter()
            .map(|item| match item {
                Item::Text(text) => text.place(),
                _ => None,
            })
            .collect();
        let paragraph = |paragraph| Some(Place::Paragraph { paragraph });
        assert_eq!(numbers, [paragraph(1), paragraph(2), paragraph(3), paragraph(1), paragraph(4)]);
        // A line outside any paragraph (a damaged file) numbers none: the
        // paragraph after it is the first, as the annotated file counts.
        let grid =
            lines(&body(r#"<w:r><w:t>散</w:t></w:r><w:r><w:br/></w:r><w:p><w:r><w:t>x</w:t></w:r></w:p>"#)).unwrap();
        let last = grid.items().iter().rev().find_map(|item| match item {
            Item::Text(text) => text.place(),
            _ => None,
        });
        assert_eq!(last, paragraph(1));
        // In a cell, a space apart; hidden with the run it is anchored in.
        let xml = body(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>12</w:t></w:r><w:r><w:drawing><w:txbxContent>
                <w:p><w:r><w:t>3</w:t><w:br/><w:t>4</w:t></w:r></w:p><w:p><w:r><w:t>5</w:t></w:r></w:p>
            </w:txbxContent></w:drawing></w:r><w:r><w:t>6</w:t></w:r>
            <w:r><w:rPr><w:vanish/></w:rPr><w:pict><w:txbxContent><w:p><w:r><w:t>x</w:t></w:r><w:r><w:t>7</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>
            <w:r><w:t>8</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        let grid = lines(&xml).unwrap();
        assert_eq!(grid.to_string(), "12 3 4 5 68");
    }

    #[test]
    fn layout_tables_are_read_as_paragraphs() {
        // A menu beside the report, whose table sits in the layout table.
        let xml = body(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>首页</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>
                  <w:tbl><w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
                  <w:p><w:r><w:t>三、</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        let grid = lines(&xml).unwrap();
        assert_eq!(grid.to_string(), "首页\n一、总体情况\n规章\t0\n三、");
        // The report's table is the document's second: the layout table
        // around it is counted.
        let cell = &grid.tables().next().unwrap().rows()[0].cells()[1];
        assert_eq!(cell.place(), Some(Place::TableCell { table: 2, row: 1, column: Some(2) }));
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |n: usize| {
            body(&format!("{}<w:p/>{}", "<w:tbl><w:tr><w:tc>".repeat(n), "</w:tc></w:tr></w:tbl>".repeat(n)))
        };
        // Three elements a level: 80 tables inside one another are read.
        assert!(lines(&nested(80)).is_ok());
        assert!(matches!(lines(&nested(100_000)), Err(DocxError::TooDeep { limit: MAX_DEPTH, .. })));
        let many = body(&"<w:p/>".repeat(MAX_LINES + 10));
        assert!(matches!(lines(&many), Err(DocxError::TooMany { limit: MAX_LINES })));
    }

    #[test]
    fn damaged_files_are_errors() {
        assert!(matches!(document_grid(b"PK\x03\x04 not a zip"), Err(DocxError::Zip(_))));
        assert!(matches!(lines("<w:document><w:body><w:p></w:body>"), Err(DocxError::Xml { .. })));
    }
}
