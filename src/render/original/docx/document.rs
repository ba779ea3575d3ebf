//! The document part of a Word file, rewritten: walked as the reader walks
//! it (tables by their order of starting, rows of the table that holds
//! data, cells by grid column, paragraphs as the reader counts them), each
//! mark put in where its place is met — the cell's shade in its
//! properties, the comment's range around its first paragraph's text —
//! and every other event written as it was read.

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

use super::W;
use crate::Place;
use crate::read::docx::{DocxError, grid_columns, next, restarts};
use crate::rules::Severity;

/// The comment a place gets, and the shade of its cell.
pub(super) struct Target {
    pub(super) comment: u32,
    pub(super) severity: Severity,
}

/// A cell's shade: the most severe finding's colour, light.
fn shade(s: Severity) -> &'static str {
    match s {
        Severity::Error => "FFD6D6",
        Severity::Warning => "FFF1C2",
        Severity::Notice => "E3EDFF",
    }
}

/// What the rewrite needs to know ahead: per paragraph (by the order its
/// start tag comes in), its number as the reader counts paragraphs (those
/// outside tables that hold data, numbered as they begin); per row of a
/// table that holds data, the grid column (from 1) of its first cell that
/// does not continue a merge from above — the cell a person sees first,
/// where a mark on the whole row goes.
#[derive(Default)]
pub(super) struct Survey {
    paragraphs: Vec<Option<u32>>,
    row_starts: HashMap<(u32, u32), u32>,
}

pub(super) fn survey<R: BufRead>(reader: &mut Reader<R>, layout: &[bool]) -> Result<Survey, DocxError> {
    let mut count = Counter::new(layout);
    let mut found = Survey::default();
    let mut counted = 0u32;
    let mut buf = Vec::new();
    loop {
        let event = next(reader, &mut buf)?;
        let p = |e: &BytesStart<'_>| e.local_name().as_ref() == b"p";
        if let Event::End(e) = &event
            && e.local_name().as_ref() == b"tc"
            && let (Some(Place::TableCell { table, row, column: Some(column) }), Some(cell)) =
                (count.place(), count.cell)
            && !cell.continues
        {
            found.row_starts.entry((table, row)).or_insert(column);
        }
        count.event(&event);
        match &event {
            Event::Start(e) | Event::Empty(e) if p(e) => {
                let number = (!count.in_data()).then(|| {
                    counted = counted.saturating_add(1);
                    counted
                });
                found.paragraphs.push(number);
            }
            Event::Eof => return Ok(found),
            _ => {}
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
    /// The cell open (in the table holding data).
    cell: Option<OpenCell>,
}

/// A cell being walked: the grid column it starts at (from 0), the
/// columns it spans, and whether it continues a vertical merge.
#[derive(Clone, Copy)]
struct OpenCell {
    column: u32,
    span: u32,
    continues: bool,
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
        let column = self.cell?.column;
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
                b"tc" if self.data.len() == 1 => {
                    self.cell = Some(OpenCell { column: self.column, span: 1, continues: false });
                }
                _ => {}
            },
            Event::Empty(e) if self.data.len() == 1 => match (e.local_name().as_ref(), self.cell.as_mut()) {
                (b"gridSpan", Some(cell)) => cell.span = grid_columns(e),
                (b"gridBefore", None) => self.column = self.column.saturating_add(grid_columns(e)),
                (b"vMerge", Some(cell)) => cell.continues = !restarts(e),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                // The table is closed either way; a data table's count too.
                b"tbl" if !self.open.pop().unwrap_or(true) => {
                    self.data.pop();
                }
                b"tc" if self.data.len() == 1 => {
                    if let Some(cell) = self.cell.take() {
                        self.column = cell.column.saturating_add(cell.span);
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
pub(super) struct Marking<'a> {
    pub(super) layout: &'a [bool],
    pub(super) survey: &'a Survey,
    pub(super) targets: &'a HashMap<Place, Target>,
    /// The summary's comment, on the first paragraph.
    pub(super) head: u32,
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
    /// Leaving out the cell's own shade, written `<w:shd>…</w:shd>`:
    /// elements open inside it.
    OwnShade {
        fill: &'static str,
        depth: usize,
        open: usize,
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
    pub(super) fn rewrite(&mut self, reader: &mut Reader<&mut dyn BufRead>) -> Result<Vec<u8>, DocxError> {
        let mut out = Writer::new(Vec::new());
        let mut count = Counter::new(self.layout);
        let mut pending = Pending::None;
        // Comments waiting for the cell's first paragraph.
        let mut cell_ids: Vec<u32> = Vec::new();
        // Per open paragraph anchored on: its depth and comments.
        let mut anchored: Vec<(usize, Vec<u32>)> = Vec::new();
        let mut ns = Ns::default();
        let mut paragraphs = 0usize;
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
                    raw(&mut out, &format!("{}{}{}", ns.open("tcPr", &[], false), shd(&ns, fill), ns.close("tcPr")));
                    pending = Pending::None;
                    continue;
                }
                (Pending::CellStart { fill }, Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {
                    Pending::CellStart { fill }
                }
                (Pending::CellStart { fill }, _) => {
                    raw(&mut out, &format!("{}{}{}", ns.open("tcPr", &[], false), shd(&ns, fill), ns.close("tcPr")));
                    Pending::None
                }
                // The cell's own shade gives way to the finding's.
                (Pending::CellProperties { fill, depth: d }, Event::Empty(_)) if depth == d && is(b"shd") => {
                    pending = Pending::CellProperties { fill, depth: d };
                    continue;
                }
                (Pending::CellProperties { fill, depth: d }, Event::Start(_)) if depth == d && is(b"shd") => {
                    pending = Pending::OwnShade { fill, depth: d, open: 0 };
                    continue;
                }
                (Pending::OwnShade { fill, depth: d, open }, _) => {
                    pending = match &event {
                        Event::Start(_) => Pending::OwnShade { fill, depth: d, open: open + 1 },
                        Event::End(_) if open == 0 => Pending::CellProperties { fill, depth: d },
                        Event::End(_) => Pending::OwnShade { fill, depth: d, open: open - 1 },
                        Event::Eof => Pending::None,
                        _ => Pending::OwnShade { fill, depth: d, open },
                    };
                    if !matches!(event, Event::Eof) {
                        continue;
                    }
                    Pending::None
                }
                (Pending::CellProperties { fill, depth: d }, Event::Empty(_) | Event::Start(_))
                    if depth == d && local.as_deref().is_some_and(|l| AFTER_SHADING.contains(&l)) =>
                {
                    raw(&mut out, &shd(&ns, fill));
                    Pending::None
                }
                (Pending::CellProperties { fill, depth: d }, Event::End(_)) if depth == d => {
                    raw(&mut out, &shd(&ns, fill));
                    Pending::None
                }
                (Pending::ParagraphStart { ids, depth: d }, Event::Start(_)) if is(b"pPr") => {
                    Pending::ParagraphProperties { ids, depth: d }
                }
                (Pending::ParagraphStart { ids, depth: d }, Event::Empty(_)) if is(b"pPr") => {
                    out.write_event(event.borrow()).map_err(io)?;
                    starts(&mut out, &ns, &ids);
                    anchored.push((d, ids));
                    pending = Pending::None;
                    continue;
                }
                // White space before the paragraph's properties, which
                // must stay its first element.
                (Pending::ParagraphStart { ids, depth: d }, Event::Text(t))
                    if t.iter().all(u8::is_ascii_whitespace) =>
                {
                    Pending::ParagraphStart { ids, depth: d }
                }
                (Pending::ParagraphStart { ids, depth: d }, _) => {
                    starts(&mut out, &ns, &ids);
                    anchored.push((d, ids));
                    Pending::None
                }
                (Pending::ParagraphProperties { ids, depth: d }, Event::End(e))
                    if depth == d + 1 && e.local_name().as_ref() == b"pPr" =>
                {
                    out.write_event(event.borrow()).map_err(io)?;
                    starts(&mut out, &ns, &ids);
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
                        b"tc" => {
                            cell_ids.clear();
                            if let Some(place @ Place::TableCell { table, row, column }) = count.place() {
                                // A whole row's mark goes on the first cell
                                // a person sees in it.
                                let first = self.survey.row_starts.get(&(table, row)).copied() == column;
                                let row = first.then(|| place.whole_row());
                                let targets: Vec<&Target> = [Some(place), row]
                                    .into_iter()
                                    .flatten()
                                    .filter_map(|at| self.targets.get(&at))
                                    .collect();
                                cell_ids.extend(targets.iter().map(|t| t.comment));
                                if let Some(s) = targets.iter().map(|t| t.severity).min() {
                                    ns = Ns::of(e.name().as_ref());
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
                                ns = Ns::of(e.name().as_ref());
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
                        ns = Ns::of(e.name().as_ref());
                        // `<w:p/>`, opened to hold the comments.
                        out.write_event(Event::Start(e.borrow())).map_err(io)?;
                        starts(&mut out, &ns, &ids);
                        ends(&mut out, &ns, &ids);
                        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                        out.write_event(Event::End(BytesEnd::new(name))).map_err(io)?;
                        continue;
                    }
                }
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        b"p" if anchored.last().is_some_and(|(d, _)| *d == depth) => {
                            if let Some((_, ids)) = anchored.pop() {
                                ends(&mut out, &ns, &ids);
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
        if let Some(Some(paragraph)) = self.survey.paragraphs.get(ordinal)
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

/// How the part names WordprocessingML elements where we write ours: with
/// the prefix its own elements have (`w` of `w:tc`); or, where they are in
/// the default namespace, without one, the attributes' prefix declared on
/// each element written.
pub(super) struct Ns {
    prefix: String,
}

impl Default for Ns {
    fn default() -> Ns {
        Ns { prefix: "w".to_owned() }
    }
}

impl Ns {
    /// The prefix and its colon (`w:`), or nothing.
    pub(super) fn colon(&self) -> String {
        if self.prefix.is_empty() { String::new() } else { format!("{}:", self.prefix) }
    }

    /// As the element named `name` (qualified) writes names.
    pub(super) fn of(name: &[u8]) -> Ns {
        let prefix = name.iter().position(|&b| b == b':').map(|at| String::from_utf8_lossy(&name[..at]).into_owned());
        Ns { prefix: prefix.unwrap_or_default() }
    }

    pub(super) fn name(&self, local: &str) -> String {
        if self.prefix.is_empty() { local.to_owned() } else { format!("{}:{local}", self.prefix) }
    }

    /// An element's start tag (`empty`: the whole empty element) with
    /// attributes of the namespace.
    pub(super) fn open(&self, local: &str, attributes: &[(&str, &str)], empty: bool) -> String {
        let mut tag = format!("<{}", self.name(local));
        let attribute_prefix = if self.prefix.is_empty() {
            tag.push_str(&format!(r#" xmlns:w="{W}""#));
            "w"
        } else {
            &self.prefix
        };
        for (key, value) in attributes {
            tag.push_str(&format!(r#" {attribute_prefix}:{key}="{value}""#));
        }
        tag.push_str(if empty { "/>" } else { ">" });
        tag
    }

    pub(super) fn close(&self, local: &str) -> String {
        format!("</{}>", self.name(local))
    }
}

pub(super) fn raw(out: &mut Writer<Vec<u8>>, xml: &str) {
    out.get_mut().extend_from_slice(xml.as_bytes());
}

fn shd(ns: &Ns, fill: &str) -> String {
    ns.open("shd", &[("val", "clear"), ("color", "auto"), ("fill", fill)], true)
}

fn starts(out: &mut Writer<Vec<u8>>, ns: &Ns, ids: &[u32]) {
    for id in ids {
        raw(out, &ns.open("commentRangeStart", &[("id", &id.to_string())], true));
    }
}

fn ends(out: &mut Writer<Vec<u8>>, ns: &Ns, ids: &[u32]) {
    for id in ids.iter().rev() {
        let id = id.to_string();
        let end = ns.open("commentRangeEnd", &[("id", &id)], true);
        let reference = ns.open("commentReference", &[("id", &id)], true);
        raw(out, &format!("{end}{}{reference}{}", ns.open("r", &[], false), ns.close("r")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::docx::layout_tables;

    /// A document part rewritten with comment `id` on each place given,
    /// its cell shaded red, and the summary (comment 0) on the first
    /// paragraph.
    fn marked(xml: &str, places: &[(Place, u32)]) -> String {
        let targets: HashMap<Place, Target> =
            places.iter().map(|&(place, comment)| (place, Target { comment, severity: Severity::Error })).collect();
        let layout = layout_tables(&mut Reader::from_reader(xml.as_bytes())).unwrap();
        let survey = survey(&mut Reader::from_reader(xml.as_bytes()), &layout).unwrap();
        let mut marking = Marking { layout: &layout, survey: &survey, targets: &targets, head: 0 };
        let mut input = xml.as_bytes();
        let mut reader = Reader::from_reader(&mut input as &mut dyn BufRead);
        String::from_utf8(marking.rewrite(&mut reader).unwrap()).unwrap()
    }

    const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn cell(table: u32, row: u32, column: u32) -> Place {
        Place::TableCell { table, row, column: Some(column) }
    }

    #[test]
    fn a_cell_is_shaded_once_and_commented_after_its_paragraph_properties() {
        let xml = format!(
            r#"<w:document {W_NS}><w:body><w:p><w:r><w:t>标题</w:t></w:r></w:p><w:tbl><w:tr>
            <w:tc><w:tcPr><w:shd w:val="clear" w:fill="00FF00"></w:shd><w:vAlign w:val="center"/></w:tcPr>
              <w:p>
                <w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>73</w:t></w:r></w:p></w:tc>
            </w:tr></w:tbl></w:body></w:document>"#
        );
        let out = marked(&xml, &[(cell(1, 1, 1), 5)]);
        // The cell's own shade (written start and end) gave way to ours,
        // before vAlign as the schema orders them.
        assert_eq!(out.matches("<w:shd ").count(), 1, "{out}");
        assert!(out.contains(r#"<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="FFD6D6"/><w:vAlign"#), "{out}");
        // The range starts after the paragraph's properties, white space
        // before them or not.
        assert!(
            out.contains(
                r#"</w:pPr><w:commentRangeStart w:id="5"/><w:r><w:t>73</w:t></w:r><w:commentRangeEnd w:id="5"/>"#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>标题"#),
            "the summary on the first paragraph: {out}"
        );
    }

    #[test]
    fn a_whole_row_mark_goes_on_the_cell_a_person_sees_first() {
        // Row 2's first cell continues the merge from row 1: the row's
        // label is its second cell.
        let xml = format!(
            r#"<w:document {W_NS}><w:body><w:tbl>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>三、办理结果</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.予以公开</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>2.其他法律行政止公开</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#
        );
        let out = marked(&xml, &[(Place::TableCell { table: 1, row: 2, column: None }, 7)]);
        assert!(out.contains(r#"<w:commentRangeStart w:id="7"/><w:r><w:t>2.其他法律行政止公开"#), "{out}");
        assert!(out.contains(r#"<w:vMerge/></w:tcPr><w:p/>"#), "the merged cell is left alone: {out}");
    }

    #[test]
    fn a_paragraph_holding_a_text_box_is_marked_by_the_number_the_reader_gives_it() {
        // The reader numbers paragraphs as they begin: the anchoring one
        // first (its text on both sides of the box), the box's after it.
        let xml = format!(
            r#"<w:document {W_NS}><w:body><w:p><w:r><w:t>收到申请12</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>3</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r><w:r><w:t>件</w:t></w:r></w:p><w:p><w:r><w:t>下一段</w:t></w:r></w:p></w:body></w:document>"#
        );
        let paragraph = |paragraph| Place::Paragraph { paragraph };
        let out = marked(&xml, &[(paragraph(1), 5), (paragraph(2), 6), (paragraph(3), 7)]);
        for (id, text) in [(5, "收到申请12"), (6, "3"), (7, "下一段")] {
            let start = format!(r#"<w:commentRangeStart w:id="{id}"/>"#);
            let at = out.find(&start).unwrap_or_else(|| panic!("{id}: {out}"));
            let next_text = out[at..].split("<w:t>").nth(1).and_then(|t| t.split('<').next());
            assert_eq!(next_text, Some(text), "{out}");
        }
    }

    #[test]
    fn a_document_in_the_default_namespace_gets_declared_names() {
        let xml = r#"<document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><body><tbl><tr><tc><p><r><t>73</t></r></p></tc></tr></tbl></body></document>"#;
        let out = marked(xml, &[(cell(1, 1, 1), 3)]);
        // Every element written is in the namespace, its attributes too.
        let mut reader = quick_xml::NsReader::from_str(&out);
        loop {
            match reader.read_resolved_event().unwrap() {
                (quick_xml::name::ResolveResult::Bound(ns), Event::Start(e) | Event::Empty(e)) => {
                    assert_eq!(ns.as_ref(), W.as_bytes());
                    for a in e.attributes().flatten().filter(|a| {
                        a.key.as_ref() != b"xmlns" && a.key.prefix().is_some_and(|p| p.as_ref() != b"xmlns")
                    }) {
                        let (bound, _) = reader.resolve_attribute(a.key);
                        assert!(matches!(bound, quick_xml::name::ResolveResult::Bound(_)), "{out}");
                    }
                }
                (_, Event::Eof) => break,
                (resolved, Event::Start(_) | Event::Empty(_)) => panic!("{resolved:?} in {out}"),
                _ => {}
            }
        }
        assert!(out.contains(r#"<commentRangeStart xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="3"/>"#), "{out}");
    }
}
