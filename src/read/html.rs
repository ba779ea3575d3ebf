//! The HTML source: a web page, decoded as a browser decodes it and parsed
//! by an HTML5 parser (html5ever, through scraper), turned into the lines
//! the reader reads: a line for each block of text, and for each table a
//! line per row with its cells separated by tabs, merged cells (`rowspan`,
//! `colspan`) resolved onto the grid.
//!
//! Pages pasted from Word wrap every cell in paragraphs and spans with
//! inline style, break labels one character per paragraph and pad with
//! `&nbsp;`: a cell's text is all its text, white space collapsed, with
//! nothing put between its paragraphs. A layout table (a table holding
//! tables) is read as blocks, and only the tables inside it as grids. Page
//! chrome — menus, footers — is left out: the report is the smallest part
//! of the page that holds its tables and its first section heading.

use chrono::NaiveDate;
use encoding_rs::Encoding;
use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

use super::{push_collapsed, text, Options, Parsed, ReadError, TableRows};
use crate::rules::{self, Finding};

/// The most columns or rows one merged cell may span, as browsers cap them
/// (HTML: colspan ≤ 1000, rowspan ≤ 65534); rows are also capped at the
/// table's own.
const MAX_COLSPAN: usize = 1000;

/// Why a page cannot be decoded.
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
    #[error("the page declares no encoding and none can be told from its bytes (the best guess was {0}); it is not read as mojibake")]
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
    decode_told(bytes).map(|(text, _, _)| text)
}

fn decode_told(bytes: &[u8]) -> Result<(String, &'static Encoding, Told), EncodingError> {
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
        return Ok((text.to_owned(), encoding_rs::UTF_8, Told::Utf8));
    }
    detect(bytes).map(|(t, encoding)| (t, encoding, Told::Detected))
}

/// Decodes without replacement: malformed bytes are an error.
fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, EncodingError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let Some(capacity) = decoder.max_utf8_buffer_length(bytes.len()) else {
        return Err(EncodingError::Malformed { encoding: encoding.name(), malformed: 1 });
    };
    let mut out = String::with_capacity(capacity);
    let (result, _) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        _ => {
            // Count what a replacing decoder would replace, for the message.
            let malformed = encoding.decode_without_bom_handling(bytes).0.matches('\u{fffd}').count().max(1);
            Err(EncodingError::Malformed { encoding: encoding.name(), malformed })
        }
    }
}

/// The encoding a page declares in its first 1024 bytes, read by the HTML
/// parser itself from those bytes taken as ASCII.
fn declared(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let (ascii, _, _) = encoding_rs::WINDOWS_1252.decode(head);
    let doc = Html::parse_document(&ascii);
    let metas = Selector::parse("meta").ok()?;
    doc.select(&metas).find_map(|meta| {
        if let Some(charset) = meta.attr("charset") {
            return Some(charset.to_owned());
        }
        let is_content_type = meta.attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("content-type"));
        let content = meta.attr("content").filter(|_| is_content_type)?;
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
        return strict(encoding, &bytes[bom..]);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    detect(bytes).map(|(t, _)| t)
}

/// The encoding chardetng guesses, as for a page under `.cn` (these are
/// Chinese reports); a guess under which the bytes do not decode is no
/// answer.
fn detect(bytes: &[u8]) -> Result<(String, &'static Encoding), EncodingError> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    strict(encoding, bytes).map(|t| (t, encoding)).map_err(|_| EncodingError::Undetermined(encoding.name()))
}

/// Reads a report from a page already decoded.
pub(crate) fn read_str(source: &str, options: &Options) -> Result<Parsed, ReadError> {
    read_page(Page::of(source), options)
}

/// Reads a report from the bytes of its page.
pub(crate) fn read(bytes: &[u8], options: &Options) -> Result<Parsed, ReadError> {
    let (source, encoding, told) = decode_told(bytes)?;
    let mut parsed = read_page(Page::of(&source), options)?;
    if told == Told::Detected {
        let name = encoding.name();
        let mut findings: Vec<Finding> = parsed.findings.iter().cloned().collect();
        findings.push(Finding::reader(
            &rules::PARSE_ENCODING,
            &[],
            None,
            format!("网页未声明编码，按检测结果{name}解码"),
            format!("the page declares no encoding; decoded as {name}, as detected"),
        ));
        parsed.findings = crate::rules::Findings::sorted(findings);
    }
    Ok(parsed)
}

fn read_page(page: Page, options: &Options) -> Result<Parsed, ReadError> {
    let mut parsed = text::read_lines(&page.text, options, true)?.located(page.table_rows);
    if parsed.published.meta().published_on().is_none() {
        if let Some(date) = page.published_on {
            let meta = parsed.published.meta().clone().with_published_on(date);
            parsed.published.set_meta(meta);
        }
    }
    Ok(parsed)
}

/// A page as the lines the reader reads.
struct Page {
    text: String,
    published_on: Option<NaiveDate>,
    table_rows: TableRows,
}

impl Page {
    fn of(source: &str) -> Page {
        let doc = Html::parse_document(source);
        let mut out = Lines::default();
        // The title first: the article's own, else the page's.
        let meta = |name: &str| {
            let selector = Selector::parse("meta").ok()?;
            doc.select(&selector)
                .find(|m| m.attr("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
                .and_then(|m| m.attr("content"))
                .map(str::to_owned)
        };
        let title = meta("ArticleTitle").filter(|t| !t.trim().is_empty()).or_else(|| {
            let selector = Selector::parse("title").ok()?;
            doc.select(&selector).next().map(|t| t.text().collect::<String>())
        });
        if let Some(title) = title {
            out.push_text(&title);
            out.end_line();
        }
        let published_on = meta("PubDate").and_then(|d| {
            let day = d.trim().get(..10)?;
            NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
        });
        out.block(article(&doc));
        out.end_line();
        Page { text: out.lines.join("\n"), published_on, table_rows: out.table_rows }
    }
}

/// The part of the page that is the report: the smallest element holding
/// every table that holds no table, and the heading of section 一 (or the
/// body, where there is no table).
fn article(doc: &Html) -> ElementRef<'_> {
    let root = doc.root_element();
    let body = Selector::parse("body").ok().and_then(|s| doc.select(&s).next()).unwrap_or(root);
    let Ok(tables) = Selector::parse("table") else { return body };
    let leaves: Vec<ElementRef<'_>> = doc.select(&tables).filter(|t| !holds_table(*t)).collect();
    let Some(first) = leaves.first() else { return body };
    let contains = |outer: ElementRef<'_>, inner: ElementRef<'_>| inner.ancestors().any(|a| a.id() == outer.id());
    let mut candidate = *first;
    for ancestor in first.ancestors().filter_map(ElementRef::wrap) {
        candidate = ancestor;
        if leaves.iter().all(|t| contains(ancestor, *t)) && ancestor.text().any(|t| t.contains("总体情况")) {
            return ancestor;
        }
    }
    let _ = candidate;
    body
}

fn holds_table(table: ElementRef<'_>) -> bool {
    table.descendent_elements().skip(1).any(|e| e.value().name() == "table")
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

/// The lines being written, the current one last.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    current: String,
    /// The table and row each table line came from.
    table_rows: TableRows,
    tables: usize,
    /// White space met since the last text, written only before more text.
    space: bool,
}

impl Lines {
    fn push_text(&mut self, text: &str) {
        push_collapsed(&mut self.current, &mut self.space, text);
    }

    fn end_line(&mut self) {
        self.space = false;
        if !self.current.is_empty() {
            self.lines.push(std::mem::take(&mut self.current));
        }
    }

    /// An element's content as blocks of text, its leaf tables as rows.
    fn block(&mut self, element: ElementRef<'_>) {
        for child in element.children() {
            match child.value() {
                Node::Text(t) => self.push_text(t),
                Node::Element(e) => {
                    let Some(child) = ElementRef::wrap(child) else { continue };
                    let name = e.name();
                    if is_hidden(name) {
                        continue;
                    }
                    if name == "br" {
                        self.end_line();
                    } else if name == "table" && !holds_table(child) {
                        self.end_line();
                        self.tables += 1;
                        for (k, row) in grid(child).into_iter().enumerate() {
                            self.lines.push(row.join("\t"));
                            self.table_rows.push(self.lines.len(), self.tables, k + 1);
                        }
                    } else if is_block(name) || name == "table" {
                        self.end_line();
                        let before = self.lines.len();
                        self.block(child);
                        self.end_line();
                        // An empty paragraph is an empty line of prose.
                        if name == "p" && self.lines.len() == before {
                            self.lines.push(String::new());
                        }
                    } else {
                        self.block(child);
                    }
                }
                _ => {}
            }
        }
    }
}

/// A cell's text: all of it, white space collapsed, tabs and line breaks
/// gone, nothing put between its paragraphs (Word breaks labels one
/// character to a paragraph).
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut space = false;
    for piece in cell.text() {
        push_collapsed(&mut out, &mut space, piece);
    }
    out
}

/// The rows of a table that holds no table, with merged cells resolved.
/// A cell counts once in its row however many columns it spans; a cell
/// spanning rows stands empty, once, in each row below that it covers, at
/// its column. So a row reads as its labels then its figures, as the text
/// layout prints them, and a blank cell stays a blank cell.
fn grid(table: ElementRef<'_>) -> Vec<Vec<String>> {
    let rows: Vec<ElementRef<'_>> = table
        .descendent_elements()
        .filter(|e| e.value().name() == "tr")
        .filter(|tr| {
            let own = tr.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "table");
            own.map(|t| t.id()) == Some(table.id())
        })
        .collect();
    /// A grid position: free, the first column of the cell `n` of the
    /// table, or another column or row that cell covers.
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        Free,
        Start(usize),
        Covered(usize),
    }
    let mut grid: Vec<Vec<At>> = vec![Vec::new(); rows.len()];
    let mut texts: Vec<String> = Vec::new();
    for (r, tr) in rows.iter().enumerate() {
        let mut c = 0;
        for cell in tr.child_elements().filter(|e| matches!(e.value().name(), "td" | "th")) {
            while grid[r].get(c).is_some_and(|at| *at != At::Free) {
                c += 1;
            }
            let span = |name: &str, max: usize| {
                cell.attr(name).and_then(|v| v.trim().parse::<usize>().ok()).filter(|n| *n >= 1).unwrap_or(1).min(max)
            };
            let colspan = span("colspan", MAX_COLSPAN);
            let rowspan = span("rowspan", rows.len() - r);
            let n = texts.len();
            texts.push(cell_text(cell));
            for (k, row) in grid[r..r + rowspan].iter_mut().enumerate() {
                if row.len() < c + colspan {
                    row.resize(c + colspan, At::Free);
                }
                row[c] = if k == 0 { At::Start(n) } else { At::Covered(n) };
                // The other columns it spans are covered, and not written.
                row[c + 1..c + colspan].fill(At::Covered(usize::MAX));
            }
            c += colspan;
        }
    }
    grid.into_iter()
        .map(|row| {
            row.into_iter()
                .filter_map(|at| match at {
                    At::Start(n) => Some(std::mem::take(&mut texts[n])),
                    At::Covered(n) if n != usize::MAX => Some(String::new()),
                    At::Free => Some(String::new()),
                    At::Covered(_) => None,
                })
                .collect()
        })
        .collect()
}

/// The page as the lines the reader reads (decoded already): what
/// [`read_report`](super::read_report) reads for `SourceFormat::Html`.
/// Reader findings on a page name lines of this text.
///
/// ```
/// use disclosure_report::read::html::page_text;
///
/// let page = "<table><tr><td rowspan=2>a</td><td>1</td></tr><tr><td>2</td></tr></table>";
/// assert_eq!(page_text(page), "a\t1\n\t2");
/// ```
pub fn page_text(source: &str) -> String {
    Page::of(source).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_cells_fill_the_grid() {
        let page = "<table><tr><td colspan=2>t</td><td rowspan=3>r</td></tr>\
                    <tr><td>a</td><td>b</td></tr><tr><td colspan=2>c</td></tr></table>";
        assert_eq!(page_text(page), "t\tr\na\tb\t\nc\t");
    }

    #[test]
    fn word_markup_is_read_as_its_text() {
        let page = "<p>一、总体情况</p><table><tr><td><p><span style='x'>结</span></p><p>果</p></td>\
                    <td><span>1</span><span>2</span>&nbsp;</td></tr></table>";
        assert_eq!(page_text(page), "一、总体情况\n结果\t12");
    }

    #[test]
    fn layout_tables_are_blocks_and_chrome_is_left_out() {
        let page = "<table><tr><td>menu</td><td><p>一、总体情况</p><table><tr><td>x</td><td>1</td></tr></table></td></tr></table>";
        assert_eq!(page_text(page), "一、总体情况\nx\t1");
    }

    #[test]
    fn hostile_spans_are_capped() {
        let page = "<table><tr><td colspan=99999999 rowspan=99999999>x</td></tr></table>";
        assert_eq!(page_text(page), "x");
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
