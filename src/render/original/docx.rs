//! The findings as comments in the report's own Word file: a comment on
//! each table cell and paragraph a finding names, the cell shaded by
//! severity, and a comment on the first paragraph with the summary and the
//! findings that name no place. Every part of the package but the
//! document, its relationships, the content types and the comments is
//! copied byte for byte (raw, still compressed); the document's XML is
//! streamed through `quick-xml` and changed only where a mark goes.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Read as _, Write as _};

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};
use zip::write::SimpleFileOptions;

use super::{AnnotateError, Marks, printable};
use crate::Place;
use crate::read::docx::{DocxError, document_grid, grid_columns, layout_tables, next, with_document};
use crate::read::grid::Item;
use crate::rules::{Findings, Severity};

const DOCUMENT: &str = "word/document.xml";
const COMMENTS: &str = "word/comments.xml";
const RELATIONSHIPS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The most bytes a small part (relationships, content types, comments)
/// may unpack to.
const MAX_PART: u64 = 16 << 20;

/// The original Word file with the findings as comments: on each table
/// cell a finding names, a comment (in the margin, where the office can
/// reply) with the cell's official label and each finding's rule id,
/// severity and message in Chinese and English, the cell shaded by the
/// most severe (red, amber, blue); a comment on the paragraph of each
/// finding about the prose; and on the first paragraph a comment with a
/// summary of all the findings and those that name no place in the file
/// (a row not printed).
///
/// `findings` are those of the report read from these bytes; pass only
/// those to be marked. Every part of the file other than the document,
/// the comments, their relationship and the content types is copied byte
/// for byte, and the document's text is unchanged.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use disclosure_report::read::{read_bytes, Options, SourceFormat};
/// use disclosure_report::render::annotate_docx;
///
/// let docx = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/docx/pingtan-2022.docx"))?;
/// let findings = read_bytes(&docx, SourceFormat::Docx, &Options::default())?.findings();
/// let checked = annotate_docx(&docx, &findings)?;
/// // The same text, read the same way.
/// let again = read_bytes(&checked, SourceFormat::Docx, &Options::default())?;
/// assert_eq!(again.findings(), findings);
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// [`AnnotateError::Docx`] where the file cannot be read as a Word file,
/// [`AnnotateError::Zip`] where its archive cannot be copied,
/// [`AnnotateError::Part`] where a part it changes is not well-formed.
pub fn annotate_docx(original: &[u8], findings: &Findings) -> Result<Vec<u8>, AnnotateError> {
    // The places the reader gave, so that only those are looked for.
    let grid = document_grid(original)?;
    let mut cells = HashSet::new();
    let mut paragraphs = HashSet::new();
    for item in grid.items() {
        match item {
            Item::Table(table) => {
                for row in table.rows() {
                    cells.extend(row.place());
                    cells.extend(row.cells().iter().filter_map(|c| c.place()));
                }
            }
            Item::Text(text) => paragraphs.extend(text.place()),
            _ => {}
        }
    }
    let known = |place: Place| match place {
        Place::TableCell { .. } => cells.contains(&place),
        Place::Paragraph { .. } => paragraphs.contains(&place),
        _ => false,
    };
    let marks = Marks::new(findings, known);

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original))?;
    let existing = match archive.by_name(COMMENTS) {
        Ok(part) => Some(read_part(part, COMMENTS)?),
        Err(zip::result::ZipError::FileNotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let first_id = existing.as_deref().map_or(Ok(0), highest_comment_id)?;

    // The comments: the summary first, then one a mark.
    let mut notes = vec![(marks.head_note(findings), None)];
    let mut targets: HashMap<Place, Target> = HashMap::new();
    for mark in &marks.marks {
        let id = first_id.saturating_add(u32::try_from(notes.len()).unwrap_or(u32::MAX));
        notes.push((mark.note(), Some(mark.severity())));
        targets.insert(mark.place, Target { comment: id, severity: mark.severity() });
    }
    // A closure, not the function's name: only a closure is general over
    // the lifetime of the reader `with_document` lends it.
    #[allow(clippy::redundant_closure)]
    let layout = with_document(original, |reader| layout_tables(reader))?;
    let numbers = with_document(original, |reader| paragraph_numbers(reader, &layout))?;
    let document = with_document(original, |reader| {
        let mut marking = Marking { layout: &layout, numbers: &numbers, targets: &targets, head: first_id };
        marking.rewrite(reader)
    })?;

    let comments = comments_xml(existing.as_deref(), first_id, &notes)?;
    let mut changed: HashMap<&str, Vec<u8>> = HashMap::from([(DOCUMENT, document), (COMMENTS, comments)]);
    if existing.is_none() {
        let rels = match archive.by_name(RELATIONSHIPS) {
            Ok(part) => Some(read_part(part, RELATIONSHIPS)?),
            Err(zip::result::ZipError::FileNotFound) => None,
            Err(e) => return Err(e.into()),
        };
        changed.insert(RELATIONSHIPS, with_comments_relationship(rels.as_deref())?);
        let types = read_part(archive.by_name(CONTENT_TYPES)?, CONTENT_TYPES)?;
        changed.insert(CONTENT_TYPES, with_comments_type(&types)?);
    }

    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i)?;
        match changed.remove(part.name()) {
            Some(bytes) => {
                let name = part.name().to_owned();
                drop(part);
                out.start_file(name, options)?;
                out.write_all(&bytes).map_err(zip::result::ZipError::Io)?;
            }
            None => out.raw_copy_file(part)?,
        }
    }
    // The parts the file did not have (the comments, and relationships
    // where it had none), in a fixed order.
    for name in [RELATIONSHIPS, COMMENTS] {
        if let Some(bytes) = changed.remove(name) {
            out.start_file(name, options)?;
            out.write_all(&bytes).map_err(zip::result::ZipError::Io)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

/// A part's bytes, within [`MAX_PART`].
fn read_part(part: zip::read::ZipFile<'_, std::io::Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, AnnotateError> {
    let mut bytes = Vec::new();
    part.take(MAX_PART + 1).read_to_end(&mut bytes).map_err(|e| malformed(name, e))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(malformed(name, format!("unpacks to more than {} MiB", MAX_PART >> 20)));
    }
    Ok(bytes)
}

fn malformed(part: &str, reason: impl std::fmt::Display) -> AnnotateError {
    AnnotateError::Part { part: part.to_owned(), reason: reason.to_string() }
}

/// The comment a place gets, and the shade of its cell.
struct Target {
    comment: u32,
    severity: Severity,
}

/// A cell's shade: the most severe finding's colour, light.
fn shade(s: Severity) -> &'static str {
    match s {
        Severity::Error => "FFD6D6",
        Severity::Warning => "FFF1C2",
        Severity::Notice => "E3EDFF",
    }
}

/// Per paragraph (by the order its start tag comes in), its number as the
/// reader counts paragraphs, for those it counts: the paragraphs outside
/// tables that hold data, numbered as they end.
fn paragraph_numbers<R: BufRead>(reader: &mut Reader<R>, layout: &[bool]) -> Result<Vec<Option<u32>>, DocxError> {
    let mut count = Counter::new(layout);
    let mut numbers = Vec::new();
    let mut open = Vec::new();
    let mut counted = 0u32;
    let mut buf = Vec::new();
    loop {
        let event = next(reader, &mut buf)?;
        count.event(&event);
        let p = |e: &BytesStart<'_>| e.local_name().as_ref() == b"p";
        match &event {
            Event::Start(e) if p(e) => {
                open.push(numbers.len());
                numbers.push(None);
            }
            Event::Empty(e) if p(e) => {
                numbers.push(None);
                open.push(numbers.len() - 1);
            }
            Event::Eof => return Ok(numbers),
            _ => {}
        }
        let ends = match &event {
            Event::Empty(e) => p(e),
            Event::End(e) => e.local_name().as_ref() == b"p",
            _ => false,
        };
        if ends
            && let Some(ordinal) = open.pop()
            && !count.in_data()
        {
            counted = counted.saturating_add(1);
            numbers[ordinal] = Some(counted);
        }
    }
}

/// Where a walk of the document is, counted as the reader counts: tables
/// by their order of starting, rows of the table that holds data, cells
/// by the grid column they start at.
struct Counter<'l> {
    layout: &'l [bool],
    started: usize,
    /// Per open table, whether it is a layout table.
    open: Vec<bool>,
    /// The open table holding data: its number and rows so far.
    data: Vec<(u32, u32)>,
    column: u32,
    /// The cell open (in the table holding data): its start column and span.
    cell: Option<(u32, u32)>,
}

impl<'l> Counter<'l> {
    fn new(layout: &'l [bool]) -> Counter<'l> {
        Counter { layout, started: 0, open: Vec::new(), data: Vec::new(), column: 0, cell: None }
    }

    /// Inside a table that holds data (where paragraphs are not counted).
    fn in_data(&self) -> bool {
        self.cell.is_some() || !self.data.is_empty()
    }

    /// The place of the cell open, from 1.
    fn place(&self) -> Option<Place> {
        let (table, row) = *self.data.last()?;
        let (column, _) = self.cell?;
        Some(Place::TableCell { table, row, column: Some(column.saturating_add(1)) })
    }

    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"tbl" => {
                    let layout = self.layout.get(self.started).copied().unwrap_or(false);
                    self.started += 1;
                    self.open.push(layout);
                    if !layout {
                        self.data.push((u32::try_from(self.started).unwrap_or(u32::MAX), 0));
                    }
                }
                b"tr" if !self.open.last().copied().unwrap_or(false) => {
                    if let Some((_, rows)) = self.data.last_mut() {
                        *rows = rows.saturating_add(1);
                        self.column = 0;
                    }
                }
                b"tc" if self.data.len() == 1 => self.cell = Some((self.column, 1)),
                _ => {}
            },
            Event::Empty(e) => {
                let name = e.local_name();
                if matches!(name.as_ref(), b"gridSpan" | b"gridBefore") && self.data.len() == 1 {
                    let value = grid_columns(e);
                    match (name.as_ref(), self.cell.as_mut()) {
                        (b"gridSpan", Some((_, span))) => *span = value,
                        (b"gridBefore", None) => self.column = self.column.saturating_add(value),
                        _ => {}
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                // The table is closed either way; a data table's count too.
                b"tbl" if !self.open.pop().unwrap_or(true) => {
                    self.data.pop();
                }
                b"tc" if self.data.len() == 1 => {
                    if let Some((column, span)) = self.cell.take() {
                        self.column = column.saturating_add(span);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
}

/// Rewriting the document part: the marks put in as the walk meets their
/// places.
struct Marking<'a> {
    layout: &'a [bool],
    numbers: &'a [Option<u32>],
    targets: &'a HashMap<Place, Target>,
    /// The summary's comment, on the first paragraph.
    head: u32,
}

/// What the rewrite waits for.
enum Pending {
    None,
    /// A cell to shade began: its properties come first, or are added.
    CellStart {
        fill: &'static str,
    },
    /// Inside the properties of a cell to shade.
    CellProperties {
        fill: &'static str,
        depth: usize,
    },
    /// A paragraph to anchor comments on began: after its properties,
    /// the ranges start.
    ParagraphStart {
        ids: Vec<u32>,
        depth: usize,
    },
    /// Inside the properties of that paragraph.
    ParagraphProperties {
        ids: Vec<u32>,
        depth: usize,
    },
}

/// Elements of a cell's properties that come after its shading, in the
/// schema's order (`w:shd` must come before them).
const AFTER_SHADING: [&[u8]; 11] = [
    b"noWrap",
    b"tcMar",
    b"textDirection",
    b"tcFitText",
    b"vAlign",
    b"hideMark",
    b"headers",
    b"cellIns",
    b"cellDel",
    b"cellMerge",
    b"tcPrChange",
];

impl Marking<'_> {
    fn rewrite(&mut self, reader: &mut Reader<&mut dyn BufRead>) -> Result<Vec<u8>, DocxError> {
        let mut out = Writer::new(Vec::new());
        let mut count = Counter::new(self.layout);
        let mut pending = Pending::None;
        // Comments waiting for the cell's first paragraph.
        let mut cell_ids: Vec<u32> = Vec::new();
        // Per open paragraph anchored on: its depth and comments.
        let mut anchored: Vec<(usize, Vec<u32>)> = Vec::new();
        let mut prefix = String::from("w");
        // Paragraphs begun, and cells begun in the current row.
        let (mut paragraphs, mut row_cells) = (0usize, 0usize);
        // Elements open before the event.
        let mut depth = 0usize;
        let mut buf = Vec::new();
        loop {
            let event = next(reader, &mut buf)?;
            count.event(&event);
            let local = match &event {
                Event::Start(e) | Event::Empty(e) => Some(e.local_name().as_ref().to_vec()),
                _ => None,
            };
            let is = |name: &[u8]| local.as_deref() == Some(name);
            // What waits on this event, before it is written.
            pending = match (pending, &event) {
                (Pending::CellStart { fill }, Event::Start(_)) if is(b"tcPr") => {
                    Pending::CellProperties { fill, depth: depth + 1 }
                }
                (Pending::CellStart { fill }, Event::Empty(_)) if is(b"tcPr") => {
                    // `<w:tcPr/>`, written again holding the shade.
                    raw(&mut out, &format!("<{prefix}:tcPr>{}</{prefix}:tcPr>", shd(&prefix, fill)));
                    pending = Pending::None;
                    continue;
                }
                (Pending::CellStart { fill }, Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {
                    Pending::CellStart { fill }
                }
                (Pending::CellStart { fill }, _) => {
                    raw(&mut out, &format!("<{prefix}:tcPr>{}</{prefix}:tcPr>", shd(&prefix, fill)));
                    Pending::None
                }
                (Pending::CellProperties { fill, depth: d }, Event::Empty(_)) if depth == d && is(b"shd") => {
                    // The cell's own shade gives way to the finding's.
                    pending = Pending::CellProperties { fill, depth: d };
                    continue;
                }
                (Pending::CellProperties { fill, depth: d }, Event::Empty(_) | Event::Start(_))
                    if depth == d && local.as_deref().is_some_and(|l| AFTER_SHADING.contains(&l)) =>
                {
                    raw(&mut out, &shd(&prefix, fill));
                    Pending::None
                }
                (Pending::CellProperties { fill, depth: d }, Event::End(_)) if depth == d => {
                    raw(&mut out, &shd(&prefix, fill));
                    Pending::None
                }
                (Pending::ParagraphStart { ids, depth: d }, Event::Start(_)) if is(b"pPr") => {
                    Pending::ParagraphProperties { ids, depth: d }
                }
                (Pending::ParagraphStart { ids, depth: d }, Event::Empty(_)) if is(b"pPr") => {
                    out.write_event(event.borrow()).map_err(io)?;
                    starts(&mut out, &prefix, &ids);
                    anchored.push((d, ids));
                    pending = Pending::None;
                    continue;
                }
                (Pending::ParagraphStart { ids, depth: d }, _) => {
                    starts(&mut out, &prefix, &ids);
                    anchored.push((d, ids));
                    Pending::None
                }
                (Pending::ParagraphProperties { ids, depth: d }, Event::End(e))
                    if depth == d + 1 && e.local_name().as_ref() == b"pPr" =>
                {
                    out.write_event(event.borrow()).map_err(io)?;
                    starts(&mut out, &prefix, &ids);
                    anchored.push((d, ids));
                    pending = Pending::None;
                    depth -= 1;
                    continue;
                }
                (other, _) => other,
            };
            match &event {
                Event::Start(e) => {
                    depth += 1;
                    match e.local_name().as_ref() {
                        b"tr" => row_cells = 0,
                        b"tc" => {
                            cell_ids.clear();
                            row_cells += 1;
                            if let Some(place) = count.place() {
                                // A whole row's mark goes on its first cell.
                                let row = (row_cells == 1).then(|| place.whole_row());
                                let targets: Vec<&Target> = [Some(place), row]
                                    .into_iter()
                                    .flatten()
                                    .filter_map(|at| self.targets.get(&at))
                                    .collect();
                                cell_ids.extend(targets.iter().map(|t| t.comment));
                                if let Some(s) = targets.iter().map(|t| t.severity).min() {
                                    prefix = prefix_of(e.name().as_ref());
                                    out.write_event(event.borrow()).map_err(io)?;
                                    pending = Pending::CellStart { fill: shade(s) };
                                    continue;
                                }
                            }
                        }
                        b"p" => {
                            let ids = self.paragraph_ids(paragraphs, &mut cell_ids);
                            paragraphs += 1;
                            if !ids.is_empty() {
                                prefix = prefix_of(e.name().as_ref());
                                out.write_event(event.borrow()).map_err(io)?;
                                pending = Pending::ParagraphStart { ids, depth };
                                continue;
                            }
                        }
                        _ => {}
                    }
                }
                Event::Empty(e) if e.local_name().as_ref() == b"p" => {
                    let ids = self.paragraph_ids(paragraphs, &mut cell_ids);
                    paragraphs += 1;
                    if !ids.is_empty() {
                        prefix = prefix_of(e.name().as_ref());
                        // `<w:p/>`, opened to hold the comments.
                        out.write_event(Event::Start(e.borrow())).map_err(io)?;
                        starts(&mut out, &prefix, &ids);
                        ends(&mut out, &prefix, &ids);
                        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                        out.write_event(Event::End(BytesEnd::new(name))).map_err(io)?;
                        continue;
                    }
                }
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        b"p" if anchored.last().is_some_and(|(d, _)| *d == depth) => {
                            if let Some((_, ids)) = anchored.pop() {
                                ends(&mut out, &prefix, &ids);
                            }
                        }
                        // A cell without a paragraph: its comments go nowhere else.
                        b"tc" => cell_ids.clear(),
                        _ => {}
                    }
                    depth = depth.saturating_sub(1);
                }
                Event::Eof => break,
                _ => {}
            }
            out.write_event(event.borrow()).map_err(io)?;
        }
        Ok(out.into_inner())
    }

    /// The comments anchored on paragraph `ordinal` (from 0, by start
    /// tag): the summary on the first, a mark on a counted paragraph, and
    /// those of the cell it is the first paragraph of.
    fn paragraph_ids(&self, ordinal: usize, cell_ids: &mut Vec<u32>) -> Vec<u32> {
        let mut ids = std::mem::take(cell_ids);
        if ordinal == 0 {
            ids.insert(0, self.head);
        }
        if let Some(Some(paragraph)) = self.numbers.get(ordinal)
            && let Some(t) = self.targets.get(&Place::Paragraph { paragraph: *paragraph })
        {
            ids.push(t.comment);
        }
        ids
    }
}

fn io(e: std::io::Error) -> DocxError {
    DocxError::Unpack(e)
}

/// The prefix of an element's qualified name (`w` of `w:tc`).
fn prefix_of(name: &[u8]) -> String {
    match name.iter().position(|&b| b == b':') {
        Some(at) => String::from_utf8_lossy(&name[..at]).into_owned(),
        None => "w".to_owned(),
    }
}

fn raw(out: &mut Writer<Vec<u8>>, xml: &str) {
    out.get_mut().extend_from_slice(xml.as_bytes());
}

fn shd(prefix: &str, fill: &str) -> String {
    format!(r#"<{prefix}:shd {prefix}:val="clear" {prefix}:color="auto" {prefix}:fill="{fill}"/>"#)
}

fn starts(out: &mut Writer<Vec<u8>>, prefix: &str, ids: &[u32]) {
    for id in ids {
        raw(out, &format!(r#"<{prefix}:commentRangeStart {prefix}:id="{id}"/>"#));
    }
}

fn ends(out: &mut Writer<Vec<u8>>, prefix: &str, ids: &[u32]) {
    for id in ids.iter().rev() {
        raw(
            out,
            &format!(
                r#"<{prefix}:commentRangeEnd {prefix}:id="{id}"/><{prefix}:r><{prefix}:commentReference {prefix}:id="{id}"/></{prefix}:r>"#
            ),
        );
    }
}

/// One past the highest comment id in an existing comments part.
fn highest_comment_id(xml: &[u8]) -> Result<u32, AnnotateError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut next_id = 0u32;
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| malformed(COMMENTS, e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"comment" => {
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == b"id")
                    .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse::<u32>().ok());
                if let Some(id) = id {
                    next_id = next_id.max(id.saturating_add(1));
                }
            }
            Event::Eof => return Ok(next_id),
            _ => {}
        }
        buf.clear();
    }
}

/// The comments part: the existing one with ours added before its end,
/// or a new one.
fn comments_xml(
    existing: Option<&[u8]>,
    first_id: u32,
    notes: &[(String, Option<Severity>)],
) -> Result<Vec<u8>, AnnotateError> {
    let comment = |prefix: &str| {
        let mut xml = String::new();
        for (n, (note, _)) in notes.iter().enumerate() {
            let id = first_id.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            xml.push_str(&format!(
                r#"<{prefix}:comment {prefix}:id="{id}" {prefix}:author="disclosure-report" {prefix}:initials="DR">"#
            ));
            for line in printable(note).lines() {
                let line = quick_xml::escape::escape(line);
                xml.push_str(&format!(
                    r#"<{prefix}:p><{prefix}:r><{prefix}:t xml:space="preserve">{line}</{prefix}:t></{prefix}:r></{prefix}:p>"#
                ));
            }
            xml.push_str(&format!("</{prefix}:comment>"));
        }
        xml
    };
    match existing {
        Some(xml) => append_to_root(xml, COMMENTS, |prefix| comment(prefix)),
        None => Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W}\">{}</w:comments>",
            comment("w")
        )
        .into_bytes()),
    }
}

/// The document's relationships with one to the comments part.
fn with_comments_relationship(existing: Option<&[u8]>) -> Result<Vec<u8>, AnnotateError> {
    const TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
    let xml = existing.unwrap_or(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>",
    );
    // An id no relationship has.
    let taken = String::from_utf8_lossy(xml);
    let id =
        (1..).map(|n| format!("rIdDisclosureReport{n}")).find(|id| !taken.contains(id.as_str())).unwrap_or_default();
    append_to_root(xml, RELATIONSHIPS, |_| format!(r#"<Relationship Id="{id}" Type="{TYPE}" Target="comments.xml"/>"#))
}

/// The content types with the comments part's.
fn with_comments_type(xml: &[u8]) -> Result<Vec<u8>, AnnotateError> {
    const TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
    append_to_root(xml, CONTENT_TYPES, |_| format!(r#"<Override PartName="/word/comments.xml" ContentType="{TYPE}"/>"#))
}

/// `xml` with `insert` (given the root's prefix) written before the
/// root's end tag; everything else as it was.
fn append_to_root(xml: &[u8], part: &str, insert: impl FnOnce(&str) -> String) -> Result<Vec<u8>, AnnotateError> {
    let mut reader = Reader::from_reader(xml);
    let mut out = Writer::new(Vec::with_capacity(xml.len() + 4096));
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut root_prefix = String::from("w");
    let mut insert = Some(insert);
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| malformed(part, e))?;
        match &event {
            Event::Start(e) => {
                if depth == 0 {
                    root_prefix = prefix_of(e.name().as_ref());
                }
                depth += 1;
            }
            Event::Empty(e) if depth == 0 => {
                // An empty root: opened, to hold what is added.
                root_prefix = prefix_of(e.name().as_ref());
                out.write_event(Event::Start(e.borrow())).map_err(|e| malformed(part, e))?;
                if let Some(insert) = insert.take() {
                    raw(&mut out, &insert(&root_prefix));
                }
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                out.write_event(Event::End(BytesEnd::new(name))).map_err(|e| malformed(part, e))?;
                buf.clear();
                continue;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some(insert) = insert.take()
                {
                    raw(&mut out, &insert(&root_prefix));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        out.write_event(event.borrow()).map_err(|e| malformed(part, e))?;
        buf.clear();
    }
    if insert.is_some() {
        return Err(malformed(part, "no root element"));
    }
    Ok(out.into_inner())
}
