//! The HTML source: a web page, decoded as a browser decodes it and parsed
//! by an HTML5 parser (html5ever), turned into a [`Grid`]: a located text
//! for each block of text (by its line in the page's source), and each
//! table that holds no table as rows of cells, merged cells (`rowspan`,
//! `colspan`) resolved onto the grid, each cell located by its table's
//! number among the page's tables, its row and its column.
//!
//! Pages pasted from Word wrap every cell in paragraphs and spans with
//! inline style, break labels one character per paragraph and pad with
//! `&nbsp;`: a cell's text is all its text, white space collapsed, with
//! nothing put between its paragraphs. A layout table (a table holding
//! tables) is read as blocks, and only the tables inside it as grids. Page
//! chrome — menus, footers — is left out: the report is the smallest part
//! of the page that holds its tables and its first section heading.

use std::borrow::Cow;

use chrono::NaiveDate;
use encoding_rs::Encoding;

use crate::Place;
use crate::read::document::{self, Which};
use crate::read::grid::{self, Grid, GridCell, Item, Text};
use crate::read::{Options, Parsed, ReadError, push_collapsed};
use crate::rules::{self, Finding};

mod dom;

use dom::{Id, Tree};

/// The most columns or rows one merged cell may span, as browsers cap them
/// (HTML: colspan ≤ 1000, rowspan ≤ 65534); rows are also capped at the
/// table's own.
const MAX_COLSPAN: usize = 1000;

/// A page's tables may hold this many positions per cell the page prints,
/// and [`GRID_SLACK`] more: merged cells make a few positions each on a
/// real page; cells spanning thousands of empty rows and columns are
/// refused.
const GRID_PER_CELL: usize = 4;
const GRID_SLACK: usize = 1024;

/// Why a page cannot be decoded.
///
/// ```
/// use disclosure_report::read::html::{decode, EncodingError};
///
/// let page = b"<meta charset=\"x-no-such-encoding\"><p>\xff";
/// assert!(matches!(decode(page), Err(EncodingError::Unknown(_))));
/// assert_eq!(decode(b"<p>\xe5\xb9\xb4</p>")?, "<p>年</p>");
/// # Ok::<(), EncodingError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodingError {
    /// The page declares an encoding no browser knows.
    #[error("the page declares the encoding {0:?}, which is not one a browser knows")]
    Unknown(String),
    /// The bytes do not decode in the declared or detected encoding.
    #[error(
        "the page does not decode as {encoding}: {malformed} malformed byte sequence(s); it is not read as mojibake"
    )]
    Malformed {
        /// The encoding tried.
        encoding: &'static str,
        /// How many malformed sequences were met.
        malformed: usize,
    },
    /// No encoding is declared and none can be told from the bytes.
    #[error(
        "the page declares no encoding and none can be told from its bytes (the best guess was {0}); it is not read as mojibake"
    )]
    Undetermined(&'static str),
}

/// How the encoding was told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Told {
    Bom,
    Declared,
    Utf8,
    Detected,
}

/// Decodes a page as a browser would: a byte order mark, then a declared
/// `<meta charset>` or `http-equiv` content type, then UTF-8 if the bytes
/// are UTF-8, then detection. Never returns mojibake: bytes that do not
/// decode, or an encoding that cannot be told, are errors.
///
/// ```
/// use disclosure_report::read::html::decode;
///
/// let (gbk, _, _) = encoding_rs::GBK.encode("<meta charset=gbk><p>政府信息公开</p>");
/// let text = decode(&gbk).unwrap();
/// assert!(text.contains("政府信息公开"));
/// ```
///
/// # Errors
///
/// [`EncodingError`] where the declared encoding is unknown, the bytes do
/// not decode, or no encoding can be told.
pub fn decode(bytes: &[u8]) -> Result<String, EncodingError> {
    decode_told(bytes).map(|(text, _, _)| text.into_owned())
}

/// The page's text, and how it was told: borrowed where the bytes are
/// UTF-8 already (a page is not copied only to be parsed).
fn decode_told(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static Encoding, Told), EncodingError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return strict(encoding, &bytes[bom..]).map(|t| (t, encoding, Told::Bom));
    }
    if let Some(label) = declared(bytes) {
        let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or(EncodingError::Unknown(label))?;
        // A page served as UTF-16 cannot declare so in ASCII: browsers read
        // such a declaration as UTF-8.
        let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            encoding
        };
        return strict(encoding, bytes).map(|t| (t, encoding, Told::Declared));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), encoding_rs::UTF_8, Told::Utf8));
    }
    detect(bytes).map(|(t, encoding)| (t, encoding, Told::Detected))
}

/// Decodes without replacement: malformed bytes are an error. Bytes that
/// are their own text (UTF-8, or ASCII in a compatible encoding) are
/// borrowed, not copied.
fn strict<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, EncodingError> {
    encoding.decode_without_bom_handling_and_without_replacement(bytes).ok_or_else(|| {
        // Count what a replacing decoder would replace, for the message.
        let malformed = encoding.decode_without_bom_handling(bytes).0.matches('\u{fffd}').count().max(1);
        EncodingError::Malformed { encoding: encoding.name(), malformed }
    })
}

/// The encoding a page declares in its first 1024 bytes, read by the HTML
/// parser itself from those bytes taken as ASCII.
fn declared(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let (ascii, _, _) = encoding_rs::WINDOWS_1252.decode(head);
    let doc = dom::parse(&ascii).ok()?;

    doc.elements(doc.root(), "meta").find_map(|meta| {
        if let Some(charset) = doc.attr(meta, "charset") {
            return Some(charset.to_owned());
        }
        let is_content_type = doc.attr(meta, "http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("content-type"));
        let content = doc.attr(meta, "content").filter(|_| is_content_type)?;
        let lower = content.to_ascii_lowercase();
        let at = lower.find("charset=")? + "charset=".len();
        let value = content[at..].trim_start_matches(['"', '\'']);
        let end = value.find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace()).unwrap_or(value.len());
        Some(value[..end].to_owned())
    })
}

/// Decodes text that is not a page: a byte order mark, UTF-8, or an
/// encoding told from the bytes.
pub(crate) fn decode_plain(bytes: &[u8]) -> Result<String, EncodingError> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return strict(encoding, &bytes[bom..]).map(Cow::into_owned);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    detect(bytes).map(|(t, _)| t.into_owned())
}

/// The encoding chardetng guesses, as for a page under `.cn` (these are
/// Chinese reports); a guess under which the bytes do not decode is no
/// answer.
fn detect(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static Encoding), EncodingError> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    strict(encoding, bytes).map(|t| (t, encoding)).map_err(|_| EncodingError::Undetermined(encoding.name()))
}

/// Reads a report from a page already decoded.
pub(crate) fn read_str(source: &str, options: &Options, which: Which) -> Result<Vec<Parsed>, ReadError> {
    read_page(Page::of(source)?, options, which)
}

/// Reads a report from the bytes of its page.
pub(crate) fn read(bytes: &[u8], options: &Options, which: Which) -> Result<Vec<Parsed>, ReadError> {
    let (source, encoding, told) = decode_told(bytes)?;
    let mut reports = read_page(Page::of(&source)?, options, which)?;
    if told == Told::Detected {
        let name = encoding.name();
        for parsed in &mut reports {
            let mut findings: Vec<Finding> = parsed.reader_findings.iter().cloned().collect();
            findings.push(Finding::reader(
                &rules::PARSE_ENCODING,
                &[],
                None,
                format!("网页未声明编码，按检测结果{name}解码"),
                format!("the page declares no encoding; decoded as {name}, as detected"),
            ));
            parsed.reader_findings = crate::rules::Findings::sorted(findings);
        }
    }
    Ok(reports)
}

fn read_page(page: Page, options: &Options, which: Which) -> Result<Vec<Parsed>, ReadError> {
    let mut reports = document::read_reports(&page.grid, options, which)?;
    for parsed in &mut reports {
        if parsed.published.meta().published_on().is_none()
            && let Some(date) = page.published_on
        {
            let meta = parsed.published.meta().clone().with_published_on(date);
            parsed.published.set_meta(meta);
        }
    }
    Ok(reports)
}

/// A page as its grid, and the date its metadata gives.
struct Page {
    grid: Grid,
    published_on: Option<NaiveDate>,
}

impl Page {
    fn of(source: &str) -> Result<Page, ReadError> {
        let doc = dom::parse(source)?;
        let mut out = Lines::default();
        // The title first: the article's own, else the page's.
        let meta = |name: &str| {
            doc.elements(doc.root(), "meta")
                .find(|&m| doc.attr(m, "name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
                .and_then(|m| doc.attr(m, "content"))
                .map(str::to_owned)
        };
        let title = meta("ArticleTitle")
            .filter(|t| !t.trim().is_empty())
            .or_else(|| doc.elements(doc.root(), "title").next().map(|t| doc.all_text(t).collect::<String>()));
        if let Some(title) = title {
            out.push_text(&title, None);
            out.end_line();
        }
        let published_on = meta("PubDate").and_then(|d| {
            let day = d.trim().get(..10)?;
            NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
        });
        let leaf = leaf_tables(&doc);
        out.numbers = table_numbers(&doc);
        out.positions_left = doc.cells.saturating_mul(GRID_PER_CELL).saturating_add(GRID_SLACK);
        out.budget = out.positions_left;
        out.block(&doc, article(&doc, &leaf), &leaf)?;
        out.end_line();
        Ok(Page { grid: Grid::new(out.items), published_on })
    }
}

/// Per node: a table's number among the page's tables, from 1, in
/// document order (nested ones and those outside the report counted, so
/// that a person counting the page's tables finds it).
fn table_numbers(doc: &Tree) -> Vec<u32> {
    let order: Vec<Id> = doc.descendants(doc.root()).collect();
    let mut numbers = vec![0; order.iter().max().map_or(1, |&m| m as usize + 1)];
    let mut n = 0u32;
    for id in order {
        if doc.name(id) == Some("table") {
            n = n.saturating_add(1);
            numbers[id as usize] = n;
        }
    }
    numbers
}

/// Per node: whether it is a table that holds no table (one pass, in
/// reverse document order, where every node comes after its children).
fn leaf_tables(doc: &Tree) -> Vec<bool> {
    let order: Vec<Id> = doc.descendants(doc.root()).collect();
    let size = order.iter().max().map_or(1, |&m| m as usize + 1);
    let mut holds = vec![false; size];
    let mut leaf = vec![false; size];
    for &id in order.iter().rev() {
        let is_table = doc.name(id) == Some("table");
        if is_table {
            leaf[id as usize] = !holds[id as usize];
        }
        if (is_table || holds[id as usize])
            && let Some(parent) = doc.ancestors(id).next()
        {
            holds[parent as usize] = true;
        }
    }
    leaf
}

/// The part of the page that is the report: the smallest element holding
/// every table that holds no table, and the heading of section 一 (or the
/// body, where there is no table).
fn article(doc: &Tree, leaf: &[bool]) -> Id {
    let root = doc.root();
    let body = doc.elements(root, "body").next().unwrap_or(root);
    let leaves: Vec<Id> = doc.descendants(root).filter(|&n| leaf.get(n as usize) == Some(&true)).collect();
    let Some(&first) = leaves.first() else { return body };
    let (pre, end) = doc.intervals();
    let at = |id: Id| pre[id as usize];
    let last_leaf = leaves.iter().map(|&t| end[t as usize]).max().unwrap_or(0);
    // Where the heading's text is, in document order (so, sorted).
    let headings: Vec<u32> =
        (doc.descendants(root)).filter(|&n| doc.text(n).any(|t| t.contains("总体情况"))).map(at).collect();
    for ancestor in doc.ancestors(first).filter(|&a| doc.name(a).is_some()) {
        let (from, to) = (at(ancestor), end[ancestor as usize]);
        let holds_leaves = from <= at(first) && last_leaf <= to;
        let heading = headings.get(headings.partition_point(|&h| h < from)).is_some_and(|&h| h <= to);
        if holds_leaves && heading {
            return ancestor;
        }
    }
    body
}

/// Elements after which text starts a new line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "blockquote"
            | "pre"
            | "address"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "hr"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "center"
    )
}

/// Elements whose text is no part of the page's content.
fn is_hidden(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template" | "head" | "title" | "select" | "option")
}

/// Whether an element holds what this crate derived and printed beside a
/// report (its indicators: class `disclosure-report-derived`), which the
/// organ never printed: no part of the report.
fn is_derived(doc: &Tree, id: Id) -> bool {
    doc.attr(id, "class").is_some_and(|class| class.split_ascii_whitespace().any(|c| c == crate::render::DERIVED_CLASS))
}

/// Whether the page's author hid an element from its reader: the `hidden`
/// attribute, or an inline style of `display: none` or
/// `visibility: hidden`. Its text is no part of what a person sees.
fn hidden_by_author(doc: &Tree, id: Id) -> bool {
    if doc.attr(id, "hidden").is_some() {
        return true;
    }
    doc.attr(id, "style").is_some_and(|style| {
        // Most styles name neither property: told by the `y` both end in.
        let bytes = style.as_bytes();
        let names = |at: usize| {
            let ends = |word: &[u8]| at + 1 >= word.len() && bytes[at + 1 - word.len()..=at].eq_ignore_ascii_case(word);
            ends(b"display") || ends(b"visibility")
        };
        if !(0..bytes.len()).any(|at| matches!(bytes[at], b'y' | b'Y') && names(at)) {
            return false;
        }
        style.split(';').any(|declaration| {
            let Some((property, value)) = declaration.split_once(':') else { return false };
            let value = value.split_once('!').map_or(value, |(v, _)| v).trim();
            let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
            match property.trim() {
                p if is(p, "display") => is(value, "none"),
                p if is(p, "visibility") => is(value, "hidden") || is(value, "collapse"),
                _ => false,
            }
        })
    })
}

/// A footnote mark set above a figure (`<sup>1</sup>`, `<sup>*</sup>`): no
/// digit of it.
fn is_footnote_mark(text: &str) -> bool {
    let text = text.trim();
    (1..=3).contains(&text.chars().count()) && text.chars().all(|c| c.is_ascii_digit() || "*＊†‡※".contains(c))
}

/// The text a person sees of an element, and apart from it the text its
/// author hid (`hidden`, `display: none`), to be named, never read.
/// Scripts, styles and templates are no text; a footnote mark in `sup` is
/// dropped.
fn seen_text<'d>(doc: &'d Tree, id: Id, seen: &mut Vec<&'d str>, hidden: &mut Vec<&'d str>) {
    let mut stack: Vec<(Id, bool)> = vec![(id, false)];
    while let Some((at, in_hidden)) = stack.pop() {
        if doc.name(at).is_none() {
            let out = if in_hidden { &mut *hidden } else { &mut *seen };
            out.extend(doc.text(at));
            continue;
        }
        let name = doc.name(at).unwrap_or("");
        if at != id && (is_hidden(name) || is_derived(doc, at)) {
            continue;
        }
        if name == "sup" && is_footnote_mark(&doc.all_text(at).collect::<String>()) {
            continue;
        }
        let in_hidden = in_hidden || hidden_by_author(doc, at);
        let start = stack.len();
        stack.extend(doc.children(at).map(|c| (c, in_hidden)));
        stack[start..].reverse();
    }
}

/// The grid being written: its items, and the current text.
#[derive(Default)]
struct Lines {
    items: Vec<Item>,
    current: String,
    /// The line of the source the current text starts on.
    current_line: Option<u32>,
    /// Each table's number, by node.
    numbers: Vec<u32>,
    /// White space met since the last text, written only before more text.
    space: bool,
    /// Positions the page's tables may still write, of `budget`.
    positions_left: usize,
    budget: usize,
}

/// A step of the walk over an element's content: a node to enter, or a
/// block element to close (with the count of lines before it).
enum Step {
    Enter(Id),
    Close { paragraph: bool, before: usize },
}

impl Lines {
    fn push_text(&mut self, text: &str, line: Option<u32>) {
        push_collapsed(&mut self.current, &mut self.space, text);
        if !self.current.is_empty() && self.current_line.is_none() {
            self.current_line = line;
        }
    }

    fn end_line(&mut self) {
        self.space = false;
        let line = self.current_line.take();
        if !self.current.is_empty() {
            let place = line.map(|line| Place::Line { line });
            self.items.push(Item::Text(Text::new(std::mem::take(&mut self.current), place)));
        }
    }

    /// An element's content as blocks of text, its leaf tables as rows.
    /// A walk with its own stack: the tree's depth is bounded, but a
    /// caller's thread stack may be small.
    fn block(&mut self, doc: &Tree, element: Id, leaf: &[bool]) -> Result<(), ReadError> {
        let mut steps: Vec<Step> = doc.children(element).map(Step::Enter).collect();
        steps.reverse();
        while let Some(step) = steps.pop() {
            let child = match step {
                Step::Enter(child) => child,
                Step::Close { paragraph, before } => {
                    self.end_line();
                    // An empty paragraph is an empty line of prose.
                    if paragraph && self.items.len() == before {
                        self.items.push(Item::Text(Text::new(String::new(), None)));
                    }
                    continue;
                }
            };
            let Some(name) = doc.name(child) else {
                let line = doc.text_line(child);
                for text in doc.text(child) {
                    self.push_text(text, line);
                }
                continue;
            };
            if is_hidden(name) || is_derived(doc, child) {
                continue;
            }
            if hidden_by_author(doc, child) {
                self.end_line();
                let (_, text) = cell_text(doc, child);
                let line = doc.descendants(child).find_map(|n| doc.text_line(n));
                self.items.push(Item::Hidden(Text::new(text, line.map(|line| Place::Line { line }))));
                continue;
            }
            if name == "br" {
                self.end_line();
                continue;
            }
            if leaf.get(child as usize) == Some(&true) {
                self.end_line();
                let number = self.numbers.get(child as usize).copied().unwrap_or(0);
                let mut hidden = Vec::new();
                let rows = grid(doc, child, number, &mut self.positions_left, self.budget, &mut hidden)?;
                self.items.push(Item::Table(grid::Table { number, rows }));
                self.items.extend(hidden);
                continue;
            }
            if is_block(name) || name == "table" {
                self.end_line();
                steps.push(Step::Close { paragraph: name == "p", before: self.items.len() });
            }
            let start = steps.len();
            steps.extend(doc.children(child).map(Step::Enter));
            steps[start..].reverse();
        }
        Ok(())
    }
}

/// A cell's text: all of it, white space collapsed, tabs and line breaks
/// gone, nothing put between its paragraphs (Word breaks labels one
/// character to a paragraph).
fn cell_text(doc: &Tree, cell: Id) -> (String, String) {
    let (mut seen, mut hidden) = (Vec::new(), Vec::new());
    seen_text(doc, cell, &mut seen, &mut hidden);
    let collapse = |pieces: Vec<&str>| {
        let mut out = String::new();
        let mut space = false;
        for piece in pieces {
            push_collapsed(&mut out, &mut space, piece);
        }
        out
    };
    (collapse(seen), collapse(hidden))
}

/// A cell spanning rows below the one it starts in.
#[derive(Clone, Copy)]
struct Span {
    column: usize,
    width: usize,
    last_row: usize,
}

/// The rows of a table that holds no table, with merged cells resolved.
/// A cell counts once in its row however many columns it spans; a cell
/// spanning rows stands empty, once, in each row below that it covers, at
/// its column; a position no cell covers, left of a row's last cell,
/// stands empty. So a row reads as its labels then its figures, as the
/// text layout prints them, and a blank cell stays a blank cell.
///
/// Each cell is located by `number` (the table's), its row and its first
/// column, from 1.
///
/// The grid is kept as spans, not positions, and the positions written
/// are counted against what the page may write (`left` of `budget`).
/// Text hidden by the page's author, a row's or a cell's, goes to
/// `hidden`, where it was.
fn grid(
    doc: &Tree,
    table: Id,
    number: u32,
    left: &mut usize,
    budget: usize,
    hidden: &mut Vec<Item>,
) -> Result<Vec<grid::Row>, ReadError> {
    let (rows, unseen): (Vec<Id>, Vec<Id>) = doc.elements(table, "tr").partition(|&tr| !hidden_by_author(doc, tr));
    for tr in unseen {
        let (_, text) = cell_text(doc, tr);
        let line = doc.descendants(tr).find_map(|n| doc.text_line(n));
        hidden.push(Item::Hidden(Text::new(text, line.map(|line| Place::Line { line }))));
    }
    let is_cell = |e: Id| matches!(doc.name(e), Some("td" | "th"));
    // Cells from rows above that still cover rows here, by column.
    let mut spans: Vec<Span> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for (r, &tr) in rows.iter().enumerate() {
        spans.retain(|s| s.last_row >= r);
        let above = spans.clone();
        let at = |row: usize, column: Option<usize>| {
            let n = |v: usize| u32::try_from(v + 1).unwrap_or(u32::MAX);
            Some(Place::TableCell { table: number, row: n(row), column: column.map(n) })
        };
        // What stands in this row, by first column: a cell, or the place
        // of a cell from above.
        let mut placed: Vec<(usize, GridCell)> = above
            .iter()
            .map(|s| (s.column, GridCell::covered(column_of(s.column), column_of(s.width), at(r, Some(s.column)))))
            .collect();
        let mut c = 0;
        let mut k = 0;
        for cell in doc.children(tr).filter(|&c| is_cell(c)) {
            // The first column no cell from above covers.
            while let Some(s) = above.get(k) {
                if s.column + s.width <= c {
                    k += 1;
                } else if s.column <= c {
                    c = s.column + s.width;
                    k += 1;
                } else {
                    break;
                }
            }
            let span = |name: &str, max: usize| {
                doc.attr(cell, name)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .filter(|n| *n >= 1)
                    .unwrap_or(1)
                    .min(max)
            };
            let width = span("colspan", MAX_COLSPAN);
            let height = span("rowspan", rows.len() - r);
            let extent = (u32::try_from(height).unwrap_or(u32::MAX), column_of(width));
            let (text, unseen) = cell_text(doc, cell);
            if !unseen.is_empty() {
                hidden.push(Item::Hidden(Text::new(unseen, at(r, Some(c)))));
            }
            placed.push((c, GridCell::new(text, column_of(c), extent, at(r, Some(c)))));
            if height > 1 {
                let at = spans.partition_point(|s| s.column <= c);
                spans.insert(at, Span { column: c, width, last_row: r + height - 1 });
            }
            c += width;
        }
        placed.sort_by_key(|p| p.0);
        let mut row = Vec::with_capacity(placed.len());
        let mut next = 0;
        for (column, cell) in placed {
            // Positions no cell covers stand empty.
            let positions = column.saturating_sub(next) + 1;
            *left = left.checked_sub(positions).ok_or(ReadError::TooMany {
                what: "table positions (rows × columns, merged cells resolved)",
                limit: budget,
            })?;
            row.extend((next..column).map(|c| GridCell::new(String::new(), column_of(c), (1, 1), at(r, Some(c)))));
            next = next.max(column + cell.col_span as usize);
            row.push(cell);
        }
        out.push(grid::Row { cells: row, place: at(r, None) });
    }
    Ok(out)
}

/// A column count or index as the grid keeps it.
fn column_of(c: usize) -> u32 {
    u32::try_from(c).unwrap_or(u32::MAX)
}

/// The page's grid (decoded already): what
/// [`read_report`](crate::read::read_report) reads for `SourceFormat::Html`.
///
/// ```
/// use disclosure_report::read::html::page_grid;
///
/// let page = "<table><tr><td rowspan=2>a</td><td>1</td></tr><tr><td>2</td></tr></table>";
/// let grid = page_grid(page)?;
/// assert_eq!(grid.to_string(), "a\t1\n\t2");
/// let covered = &grid.tables().next().unwrap().rows()[1].cells()[0];
/// assert!(covered.is_covered());
/// # Ok::<(), disclosure_report::read::ReadError>(())
/// ```
///
/// # Errors
///
/// [`ReadError::TooDeep`] and [`ReadError::TooMany`] where the page nests
/// or holds more than a report's page ever does.
pub fn page_grid(source: &str) -> Result<Grid, ReadError> {
    Ok(Page::of(source)?.grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_cells_fill_the_grid() {
        let page = "<table><tr><td colspan=2>t</td><td rowspan=3>r</td></tr>\
                    <tr><td>a</td><td>b</td></tr><tr><td colspan=2>c</td></tr></table>";
        assert_eq!(page_grid(page).unwrap().to_string(), "t\tr\na\tb\t\nc\t");
    }

    #[test]
    fn word_markup_is_read_as_its_text() {
        let page = "<p>一、总体情况</p><table><tr><td><p><span style='x'>结</span></p><p>果</p></td>\
                    <td><span>1</span><span>2</span>&nbsp;</td></tr></table>";
        assert_eq!(page_grid(page).unwrap().to_string(), "一、总体情况\n结果\t12");
    }

    #[test]
    fn layout_tables_are_blocks_and_chrome_is_left_out() {
        let page = "<table><tr><td>menu</td><td><p>一、总体情况</p><table><tr><td>x</td><td>1</td></tr></table></td></tr></table>";
        assert_eq!(page_grid(page).unwrap().to_string(), "一、总体情况\nx\t1");
    }

    #[test]
    fn hostile_spans_are_capped() {
        let page = "<table><tr><td colspan=99999999 rowspan=99999999>x</td></tr></table>";
        assert_eq!(page_grid(page).unwrap().to_string(), "x");
    }

    #[test]
    fn encodings_are_told_as_a_browser_tells_them() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>政府</body></html>");
        assert!(decode(&gbk).unwrap().contains("政府"));
        // Declared UTF-8 that is not: refused, never mojibake.
        let mut bad = b"<meta charset=utf-8>".to_vec();
        bad.extend_from_slice(&gbk);
        assert!(matches!(decode(&bad), Err(EncodingError::Malformed { .. })));
        // Undeclared GBK long enough to tell.
        let sentence = "中华人民共和国政府信息公开条例规定，行政机关应当公开政府信息。".repeat(4);
        let (plain, _, _) = encoding_rs::GBK.encode(&sentence);
        assert!(decode(&plain).unwrap().contains("政府信息公开"));
        assert!(matches!(decode(b"<meta charset=klingon>"), Err(EncodingError::Unknown(_))));
    }
}
