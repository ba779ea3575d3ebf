//! Readers: a source → its [`grid::Grid`] → the document → the table
//! reader → [`Published`], every cell located.
//!
//! Each source (text, web page, Word file, PDF; [`grid`]) turns its input
//! into a grid: located lines of text, and tables of cells that carry their
//! text, spans, certainty (drawn, or cut from aligned text) and
//! [`Place`]. One document builder finds the title, the sections and the
//! prose of 一, 五 and 六 in any grid, and hands the rows of tables 二, 三
//! and 四 to one table reader, which maps them onto the
//! [layout](crate::layout) as the source yields them: it finds rows by
//! their labels (official or variant, with spaces, full-width and ASCII
//! punctuation folded), the columns of tables 三 and 四 by their header
//! labels, places the numbers, and reports what it could not place. It never guesses: where more than one reading of the printed
//! numbers is possible and the readings disagree, the cells stay absent and
//! a `parse.unplaced` finding quotes the numbers and says where they were.
//!
//! Every number printed in a table ends up in a cell or is quoted in a
//! finding. On hostile input the reader's memory stays within a small
//! multiple of the input: rows are read as the source yields them, a run
//! of rows held back for placing is bounded, a rule lists at most 100
//! findings and counts the rest, and a finding quotes at most 1,000
//! numbers and counts the rest.
//!
//! ```
//! use disclosure_report::read::parse;
//!
//! let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt"));
//! let parsed = parse(text).unwrap();
//! assert_eq!(parsed.published().meta().organ(), "庙台乡人民政府");
//! assert_eq!(parsed.published().meta().year(), 2020);
//! // Table 三's numbers for eight rows printed over seven lines: placed in
//! // reading order, since every reading agrees, and said so.
//! assert!(parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_REFLOWED).count() == 1);
//! ```

// The data flow: a source → its grid → the document (title, sections,
// prose) → the one table reader (with the header reader) → `Published`.
mod document;
pub mod grid;
mod header;
mod source;
mod table;
mod walk;
pub use walk::{Walk, WalkEntry};

use document::Which;
#[cfg(feature = "docx")]
pub use source::docx;
#[cfg(feature = "html")]
pub use source::html;
#[cfg(feature = "pdf")]
pub use source::pdf;
use source::text;

use std::borrow::Cow;

use crate::layout::CellRef;
use crate::number::{Value, read_cell};
use crate::rules::{self, Finding, Findings};
use crate::{LabelVariant, OrganKind, Place, Published};
use grid::Printed;

/// How many numbers one finding quotes; past that, it counts them.
pub(crate) const QUOTE_LIMIT: usize = 1000;

/// How to read a report.
///
/// ```
/// use disclosure_report::read::{parse_with, Options};
/// use disclosure_report::{Level, OrganKind};
///
/// let options = Options::default().with_kind(Some(OrganKind::PeoplesGovernment(Level::Township))).with_max_size(1 << 20);
/// let parsed = parse_with(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")), &options)?;
/// assert_eq!(parsed.published().meta().kind(), Some(OrganKind::PeoplesGovernment(Level::Township)));
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The organ's kind, where the caller knows it.
    pub kind: Option<OrganKind>,
    /// Without `kind`, guess it from the organ's name (人民政府, 局, 街道办事处 …).
    pub infer_kind: bool,
    /// The largest source read, in bytes ([`DEFAULT_MAX_SIZE`] unless
    /// set): a larger one is refused before it is read
    /// ([`ReadError::TooLarge`]).
    pub max_size: u64,
}

/// The largest source read by default: 64 MiB. The largest real report
/// known is a PDF of a few MB; a page or Word file is a few hundred KB.
pub const DEFAULT_MAX_SIZE: u64 = 64 << 20;

impl Default for Options {
    fn default() -> Self {
        Options { kind: None, infer_kind: true, max_size: DEFAULT_MAX_SIZE }
    }
}

impl Options {
    /// With a known organ kind.
    pub fn with_kind(mut self, kind: Option<OrganKind>) -> Options {
        self.kind = kind;
        self.infer_kind = false;
        self
    }

    /// With another size limit, in bytes.
    ///
    /// ```
    /// use disclosure_report::read::{read_bytes, Options, ReadError, SourceFormat};
    ///
    /// let seed = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt"));
    /// let small = Options::default().with_max_size(1000);
    /// let refused = read_bytes(seed, SourceFormat::Text, &small).unwrap_err();
    /// assert!(matches!(refused, ReadError::TooLarge { limit: 1000, .. }));
    /// ```
    pub fn with_max_size(mut self, bytes: u64) -> Options {
        self.max_size = bytes;
        self
    }
}

/// A report read from its source: the report, every cell as printed, and
/// what was found in it.
///
/// [`findings`](Parsed::findings) gives every finding — the reader's
/// (`parse.*`) and the rules' (`T3.balance`, `cell.missing`…) — most severe
/// first, each located where it was printed.
///
/// ```
/// use disclosure_report::read::parse;
/// use disclosure_report::Severity;
///
/// let parsed = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?;
/// assert_eq!(parsed.published().meta().organ(), "庙台乡人民政府");
/// let findings = parsed.findings();
/// assert!(!findings.has_errors());
/// // The reader's own findings are among them.
/// assert!(parsed.reader_findings().iter().all(|f| f.rule().id.starts_with("parse.")));
/// assert!(findings.len() > parsed.reader_findings().len());
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// The report, every cell as printed; a cell that could not be placed
    /// is absent.
    pub(crate) published: Published,
    /// What the reader noticed: unplaced numbers, reflowed rows, stray
    /// lines, missing headings.
    pub(crate) reader_findings: Findings,
    /// Where each cell read was printed (its first printing), by the
    /// cell's index in the layout.
    places: Vec<Option<Place>>,
    /// Whether the totals were derived from the leaves, not printed.
    totals_derived: bool,
}

impl Parsed {
    pub(crate) fn new(published: Published, reader_findings: Findings) -> Parsed {
        Parsed { published, reader_findings, places: Vec::new(), totals_derived: false }
    }

    /// The report, every cell as printed; a cell that could not be placed
    /// is absent.
    pub fn published(&self) -> &Published {
        &self.published
    }

    /// The report, to correct a cell before checking it again: the cells
    /// keep the places they were printed at (a cell removed keeps its
    /// place too). Totals derived as the report was read
    /// ([`totals_derived`](Parsed::totals_derived)) are not derived again:
    /// after changing a leaf of such a report, call
    /// [`Published::fill_derived_totals`] on it with the totals removed.
    pub fn published_mut(&mut self) -> &mut Published {
        &mut self.published
    }

    /// The report, without what was found in it.
    pub fn into_published(self) -> Published {
        self.published
    }

    /// Every finding: the reader's (`parse.*`: unplaced numbers, reflowed
    /// rows, hidden text, missing headings) and the rules' over the report
    /// ([`Published::check`]), most severe first, each cell of the report
    /// located where it was printed.
    ///
    /// The findings are made on each call: keep them in a variable to use
    /// them more than once.
    ///
    /// ```
    /// use disclosure_report::read::parse;
    /// use disclosure_report::Severity;
    ///
    /// let findings = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/made/pingtan-2022-held-out-errors.txt")))?.findings();
    /// let severities: Vec<Severity> = findings.iter().map(|f| f.severity()).collect();
    /// assert_eq!(severities.first(), Some(&Severity::Error));
    /// assert_eq!(severities.last(), Some(&Severity::Notice));
    /// assert!(severities.windows(2).all(|w| w[0] <= w[1]), "errors first, then warnings, then notices");
    /// # Ok::<(), disclosure_report::read::ParseError>(())
    /// ```
    pub fn findings(&self) -> Findings {
        let place = |cell| self.place_of(cell);
        self.reader_findings.iter().cloned().chain(self.published.check()).map(|f| f.located(place)).collect()
    }

    /// What the reader noticed (`parse.*` findings only): unplaced numbers,
    /// reflowed rows, hidden text, stray lines, missing headings. Most
    /// users want [`findings`](Parsed::findings), which has these too.
    pub fn reader_findings(&self) -> &Findings {
        &self.reader_findings
    }

    /// Every finding; renamed [`findings`](Parsed::findings).
    #[deprecated(since = "0.4.0", note = "renamed findings(); the reader's own are reader_findings()")]
    pub fn all_findings(&self) -> Findings {
        self.findings()
    }

    /// With where the cells were printed (the first printing of each).
    pub(crate) fn with_places(mut self, places: Vec<Option<Place>>) -> Parsed {
        self.places = places;
        self
    }

    /// Where a cell was printed in the source (its first printing, where
    /// it was printed more than once); `None` for a cell not printed, or
    /// read from JSON.
    ///
    /// ```
    /// use disclosure_report::layout::{columns, rows, Section};
    /// use disclosure_report::read::parse;
    /// use disclosure_report::Place;
    ///
    /// let parsed = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?;
    /// let cell = parsed.published().layout().cell(Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON).unwrap();
    /// assert!(matches!(parsed.place_of(cell), Some(Place::Line { .. })));
    /// # Ok::<(), disclosure_report::read::ParseError>(())
    /// ```
    pub fn place_of(&self, cell: CellRef) -> Option<Place> {
        if cell.edition() != self.published.edition() {
            return None;
        }
        self.places.get(cell.index()).copied().flatten()
    }

    /// Every cell read and where it was printed, in layout order.
    pub fn places(&self) -> impl Iterator<Item = (CellRef, Place)> + '_ {
        self.published.layout().cells().zip(&self.places).filter_map(|(cell, place)| Some((cell, (*place)?)))
    }

    /// Whether the report's totals (the 总计 columns of tables 三 and 四,
    /// the （七）总计 row) were derived from its leaves as it was read —
    /// strict JSON gives leaves only — rather than printed.
    ///
    /// ```
    /// # #[cfg(feature = "json")] {
    /// use disclosure_report::read::{read_report, Options, SourceFormat};
    /// use disclosure_report::{AnnualReport, ReportMeta};
    ///
    /// let strict = serde_json::to_string(&AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?)?;
    /// assert!(read_report(&strict, SourceFormat::Json, &Options::default())?.totals_derived());
    /// let seed = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt"));
    /// assert!(!read_report(seed, SourceFormat::Text, &Options::default())?.totals_derived());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn totals_derived(&self) -> bool {
        self.totals_derived
    }
}

impl From<Parsed> for Published {
    fn from(parsed: Parsed) -> Published {
        parsed.published
    }
}

/// Why a text is not a report at all.
///
/// ```
/// use disclosure_report::read::{parse, ParseError};
///
/// assert_eq!(parse("某局2022年政府信息公开工作年度报告\n没有表格").unwrap_err(), ParseError::NoTables);
/// assert_eq!(parse("某局政府信息公开工作年度报告\n二、主动公开政府信息情况").unwrap_err(), ParseError::NoYear);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// No report year (2019–2099) was found.
    #[error("no report year found: expected a title such as “某某人民政府2020年政府信息公开工作年度报告”")]
    NoYear,
    /// None of the headings of sections 二, 三 and 四 was found.
    #[error(
        "no table section found: none of the headings 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况, 四、政府信息公开行政复议、行政诉讼情况"
    )]
    NoTables,
}

/// The form of a report's source.
///
/// ```
/// use disclosure_report::read::SourceFormat;
/// use std::path::Path;
///
/// assert_eq!(SourceFormat::of_path(Path::new("report.txt")), Some(SourceFormat::Text));
/// // By the content where the name says nothing.
/// assert_eq!(SourceFormat::sniff_bytes(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt"))), SourceFormat::Text);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceFormat {
    /// Text as extracted from a published PDF or page.
    Text,
    /// JSON: a published report, or the strict form of an
    /// [`AnnualReport`](crate::AnnualReport) (leaves only; totals derived).
    #[cfg(feature = "json")]
    Json,
    /// A web page (feature `html`).
    #[cfg(feature = "html")]
    Html,
    /// A Word file, `.docx` (feature `docx`).
    #[cfg(feature = "docx")]
    Docx,
    /// A PDF file (feature `pdf`).
    #[cfg(feature = "pdf")]
    Pdf,
}

impl SourceFormat {
    /// By a file's extension: `.txt` is text, `.json` JSON, `.html` and
    /// `.htm` a page; `None` for any other.
    pub fn of_path(path: &std::path::Path) -> Option<SourceFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" => Some(SourceFormat::Text),
            #[cfg(feature = "json")]
            "json" => Some(SourceFormat::Json),
            #[cfg(feature = "html")]
            "html" | "htm" => Some(SourceFormat::Html),
            #[cfg(feature = "docx")]
            "docx" => Some(SourceFormat::Docx),
            #[cfg(feature = "pdf")]
            "pdf" => Some(SourceFormat::Pdf),
            _ => None,
        }
    }

    /// By content: JSON where it starts with `{`, a page where it starts
    /// with markup (`<!DOCTYPE`, `<html`, a tag or a comment), text
    /// otherwise.
    ///
    /// ```
    /// use disclosure_report::read::SourceFormat;
    ///
    /// # #[cfg(all(feature = "json", feature = "html"))] {
    /// assert_eq!(SourceFormat::sniff("{\"edition\": \"V2021\"}"), SourceFormat::Json);
    /// assert_eq!(SourceFormat::sniff("<!DOCTYPE html><html>"), SourceFormat::Html);
    /// # }
    /// assert_eq!(SourceFormat::sniff("某局2022年政府信息公开工作年度报告"), SourceFormat::Text);
    /// ```
    pub fn sniff(source: &str) -> SourceFormat {
        let start = source.trim_start_matches('\u{feff}').trim_start();
        #[cfg(feature = "json")]
        if start.starts_with('{') {
            return SourceFormat::Json;
        }
        #[cfg(feature = "html")]
        if start.starts_with('<') {
            return SourceFormat::Html;
        }
        let _ = start;
        SourceFormat::Text
    }

    /// By content, from bytes in any encoding (markup and braces are ASCII
    /// in every encoding a page may use, UTF-16 aside); a zip archive is a
    /// Word file.
    pub fn sniff_bytes(bytes: &[u8]) -> SourceFormat {
        #[cfg(feature = "docx")]
        if bytes.starts_with(b"PK\x03\x04") {
            return SourceFormat::Docx;
        }
        #[cfg(feature = "pdf")]
        if bytes.starts_with(b"%PDF-") {
            return SourceFormat::Pdf;
        }
        let head = &bytes[..bytes.len().min(64)];
        let head = head.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace()).map_or(&[][..], |i| &head[i..]);
        match start.first() {
            #[cfg(feature = "json")]
            Some(b'{') => SourceFormat::Json,
            #[cfg(feature = "html")]
            Some(b'<') => SourceFormat::Html,
            _ => SourceFormat::Text,
        }
    }
}

/// Why a source is not a report.
///
/// ```
/// use disclosure_report::read::{read_bytes, Options, ReadError, SourceFormat};
///
/// let err = read_bytes(b"\x7fELF\x02\x01", SourceFormat::Text, &Options::default()).unwrap_err();
/// assert!(matches!(err, ReadError::Unsupported { .. }), "{err}");
/// let small = Options::default().with_max_size(10);
/// assert!(matches!(read_bytes(&[b' '; 11], SourceFormat::Text, &small), Err(ReadError::TooLarge { .. })));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The text is not a report.
    #[error(transparent)]
    Text(#[from] ParseError),
    /// The JSON is not a report (the message names the key and position).
    #[cfg(feature = "json")]
    #[error("not a report in JSON")]
    Json(#[from] serde_json::Error),
    /// The bytes cannot be decoded; they are never read as mojibake.
    #[cfg(feature = "html")]
    #[error("cannot decode the source")]
    Encoding(#[from] html::EncodingError),
    /// The Word file cannot be read.
    #[cfg(feature = "docx")]
    #[error("cannot read the Word file")]
    Docx(#[from] docx::DocxError),
    /// The PDF file cannot be read.
    #[cfg(feature = "pdf")]
    #[error("cannot read the PDF file")]
    Pdf(#[from] pdf::PdfError),
    /// Text or JSON that is not UTF-8 (without the `html` feature, which
    /// detects other encodings).
    #[error("the source is not UTF-8 (byte {0})")]
    NotUtf8(usize),
    /// The source is larger than [`Options::max_size`]; it was not read.
    #[error(
        "the source is {size} bytes, above the limit of {limit} bytes; refused unread (raise the limit to read it)"
    )]
    TooLarge {
        /// The source's size, in bytes.
        size: u64,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The source nests its elements (HTML elements, Word tables, PDF
    /// arrays and dictionaries, PDF page trees) deeper than a report ever
    /// does: refused before the nesting costs time or stack.
    #[error("the {what} nest {depth} deep or more; at most {limit} are read")]
    TooDeep {
        /// What nests: "HTML elements", "Word tables", …
        what: &'static str,
        /// How deep they were found to go (at least).
        depth: usize,
        /// The deepest nesting read.
        limit: usize,
    },
    /// The source holds more of something than a report ever does (HTML
    /// elements, table cells): refused before it costs memory.
    #[error("the source holds more than {limit} {what}; refused")]
    TooMany {
        /// What there is too much of.
        what: &'static str,
        /// The most read.
        limit: usize,
    },
    /// The file could not be read.
    #[error("cannot read the file")]
    Io(#[from] std::io::Error),
    /// The source is a form this build does not read (a PDF without the
    /// feature `pdf`), or no report's form at all (an image, an
    /// executable, a Word 97–2003 file): told by its first bytes, never
    /// decoded as text.
    #[error("the source is {format}: {}", match feature {
        Some(feature) => format!("this build reads it with the feature `{feature}`"),
        None => "not a form a report is read from (text, a web page, a Word .docx file, a PDF file, JSON)".to_owned(),
    })]
    Unsupported {
        /// What the source is.
        format: &'static str,
        /// The feature that reads it, if one does.
        feature: Option<&'static str>,
    },
}

/// Reads a report from its source in any format. A JSON report in the
/// strict form (leaves only) has its totals derived; a published one is
/// kept as printed.
///
/// ```
/// use disclosure_report::read::{read_report, Options, SourceFormat};
///
/// let seed = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt"));
/// let parsed = read_report(seed, SourceFormat::Text, &Options::default())?;
/// assert_eq!(parsed.published().meta().year(), 2020);
/// # Ok::<(), disclosure_report::read::ReadError>(())
/// ```
///
/// # Errors
///
/// [`ReadError`]: the source is not a report, or not one of its format.
pub fn read_report(source: &str, format: SourceFormat, options: &Options) -> Result<Parsed, ReadError> {
    first(reports_in(source, format, options, Which::First)?)
}

/// The one report of [`Which::First`]: there is always one.
fn first(reports: Vec<Parsed>) -> Result<Parsed, ReadError> {
    reports.into_iter().next().ok_or(ReadError::Text(ParseError::NoTables))
}

fn reports_in(source: &str, format: SourceFormat, options: &Options, which: Which) -> Result<Vec<Parsed>, ReadError> {
    match format {
        SourceFormat::Text => Ok(document::read_reports(&text::grid(source), options, which)?),
        #[cfg(feature = "json")]
        SourceFormat::Json => {
            // Strict JSON (leaves only) has its totals derived as it is read.
            let read = Published::from_json_str(source)?;
            let mut findings = Findings::default();
            if !read.totals_given.is_empty() {
                let given = &read.totals_given;
                let keys: Vec<String> = given.iter().take(5).map(|c| c.key_path()).collect();
                let (more_zh, more_en) = match given.len().saturating_sub(keys.len()) {
                    0 => (String::new(), String::new()),
                    n => (format!("等{}项", given.len()), format!(" and {n} more")),
                };
                let keys = keys.join(", ");
                let text = |cell| read.published.get(cell).map(|c| c.text().to_owned());
                findings.extend([Finding::reader(
                    &rules::PARSE_STRICT_TOTALS,
                    given,
                    None,
                    format!("JSON的数字如严格格式，却给出了合计（{keys}{more_zh}）；严格格式不含合计（由明细求得），故按发布格式读取，未给出的合计记为缺失。删去合计即按严格格式读取"),
                    format!("the JSON gives its figures as the strict form does, but also totals ({keys}{more_en}); a strict report holds no totals (they are derived from the leaves), so it was read as a published report, and the totals it does not give are missing. Remove the totals to have it read as strict"),
                )
                .with_texts(text)]);
            }
            Ok(vec![Parsed { totals_derived: read.totals_derived, ..Parsed::new(read.published, findings) }])
        }
        #[cfg(feature = "html")]
        SourceFormat::Html => html::read_str(source, options, which),
        #[cfg(feature = "docx")]
        SourceFormat::Docx => docx::read(source.as_bytes(), options, which),
        #[cfg(feature = "pdf")]
        SourceFormat::Pdf => pdf::read(source.as_bytes(), options, which),
    }
}

/// Reads a report from the bytes of a file. A page is decoded as a browser
/// decodes it ([`html::decode`]); text and JSON are UTF-8, or (with the
/// `html` feature) in an encoding that can be told from their bytes, such
/// as GBK.
///
/// ```
/// use disclosure_report::read::{read_bytes, Options, SourceFormat};
///
/// let seed = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt"));
/// let parsed = read_bytes(seed, SourceFormat::sniff_bytes(seed), &Options::default())?;
/// assert_eq!(parsed.published().meta().organ(), "庙台乡人民政府");
/// # Ok::<(), disclosure_report::read::ReadError>(())
/// ```
///
/// # Errors
///
/// [`ReadError`], as [`read_report`], and where the bytes cannot be
/// decoded.
pub fn read_bytes(bytes: &[u8], format: SourceFormat, options: &Options) -> Result<Parsed, ReadError> {
    first(reports_in_bytes(bytes, format, options, Which::First)?)
}

/// Reads every report a file's bytes hold, in the order they are printed:
/// a page may show this year's report and last year's, a text file may
/// hold two. Each is read from its title to the next report's; a file of
/// one report gives one. ([`read_bytes`] reads the first, and a
/// `parse.several_reports` warning names the others.)
///
/// ```
/// use disclosure_report::read::{read_all, Options, SourceFormat};
///
/// let seed = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt"));
/// let one = read_all(seed.as_bytes(), SourceFormat::Text, &Options::default())?;
/// assert_eq!(one.len(), 1);
/// let twice = format!("{seed}\n{}", seed.replace("2020 年", "2021 年"));
/// let both = read_all(twice.as_bytes(), SourceFormat::Text, &Options::default())?;
/// let years: Vec<u16> = both.iter().map(|p| p.published().meta().year()).collect();
/// assert_eq!(years, [2020, 2021]);
/// # Ok::<(), disclosure_report::read::ReadError>(())
/// ```
///
/// # Errors
///
/// As [`read_bytes`]; a report of the file that cannot be read fails the
/// whole, so that none is dropped silently.
pub fn read_all(bytes: &[u8], format: SourceFormat, options: &Options) -> Result<Vec<Parsed>, ReadError> {
    reports_in_bytes(bytes, format, options, Which::All)
}

fn reports_in_bytes(
    bytes: &[u8],
    format: SourceFormat,
    options: &Options,
    which: Which,
) -> Result<Vec<Parsed>, ReadError> {
    let size = bytes.len() as u64;
    if size > options.max_size {
        return Err(ReadError::TooLarge { size, limit: options.max_size });
    }
    // A file's bytes say more than its name: a PDF or Word file named
    // `.txt` is read as what it is, and a form this build cannot read, or
    // no report's form at all, is said to be so (never decoded as text).
    let format = match Binary::of(bytes) {
        None => format,
        #[cfg(feature = "pdf")]
        Some(Binary::Pdf) => SourceFormat::Pdf,
        #[cfg(feature = "docx")]
        Some(Binary::Zip) => SourceFormat::Docx,
        Some(other) => return Err(other.unsupported()),
    };
    #[cfg(feature = "html")]
    if format == SourceFormat::Html {
        return html::read(bytes, options, which);
    }
    #[cfg(feature = "docx")]
    if format == SourceFormat::Docx {
        return docx::read(bytes, options, which);
    }
    #[cfg(feature = "pdf")]
    if format == SourceFormat::Pdf {
        return pdf::read(bytes, options, which);
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(source) => reports_in(source, format, options, which),
        #[cfg(feature = "html")]
        Err(_) => reports_in(&html::decode_plain(bytes)?, format, options, which),
        #[cfg(not(feature = "html"))]
        Err(e) => Err(ReadError::NotUtf8(e.valid_up_to())),
    }
}

/// A form told by its first bytes that is not text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Binary {
    Pdf,
    Zip,
    /// Word 97–2003 (`.doc`), old Excel: an OLE2 compound file.
    Ole,
    Other(&'static str),
}

impl Binary {
    fn of(bytes: &[u8]) -> Option<Binary> {
        const MAGIC: [(&[u8], Binary); 7] = [
            (b"%PDF-", Binary::Pdf),
            (b"PK\x03\x04", Binary::Zip),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Binary::Ole),
            (b"\x7fELF", Binary::Other("an executable (ELF)")),
            (b"\x89PNG", Binary::Other("a PNG image")),
            (b"\xff\xd8\xff", Binary::Other("a JPEG image")),
            (b"\x1f\x8b", Binary::Other("gzip-compressed data")),
        ];
        if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
            return Some(*kind);
        }
        // Text has no NUL bytes, UTF-16 (with its byte order mark) aside;
        // binary data has many (a stray one in a text is let be).
        let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
        let head = &bytes[..bytes.len().min(4096)];
        let nuls = head.iter().filter(|&&b| b == 0).count();
        (!utf16 && nuls >= 8).then_some(Binary::Other("binary data (NUL bytes), not text"))
    }

    fn unsupported(self) -> ReadError {
        let (format, feature) = match self {
            Binary::Pdf => ("a PDF file", Some("pdf")),
            Binary::Zip => ("a zip archive (a Word .docx file?)", Some("docx")),
            Binary::Ole => ("a Word 97–2003 (.doc) or other OLE2 file; save it as .docx or PDF", None),
            Binary::Other(what) => (what, None),
        };
        ReadError::Unsupported { format, feature }
    }
}

/// Reads a report from a file: by its extension
/// ([`SourceFormat::of_path`]), else by its content
/// ([`SourceFormat::sniff_bytes`]). Only a regular file is read (a FIFO
/// would block, a device never end), and one larger than
/// [`Options::max_size`] is refused before it is read, whatever its size
/// claims: no more than the limit is ever read.
///
/// ```
/// use disclosure_report::read::{read_file, Options};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt");
/// let parsed = read_file(path.as_ref(), &Options::default())?;
/// assert_eq!(parsed.published().meta().year(), 2020);
/// # Ok::<(), disclosure_report::read::ReadError>(())
/// ```
///
/// # Errors
///
/// [`ReadError::Io`] where the file cannot be opened or read, or is not a
/// regular file; [`ReadError::TooLarge`]; otherwise as [`read_bytes`].
pub fn read_file(path: &std::path::Path, options: &Options) -> Result<Parsed, ReadError> {
    let (bytes, format) = read_source(path, options)?;
    read_bytes(&bytes, format, options)
}

/// Reads every report a file holds ([`read_all`]), from a file as
/// [`read_file`] reads it.
///
/// ```
/// use disclosure_report::read::{read_file_all, Options};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt");
/// let reports = read_file_all(path.as_ref(), &Options::default())?;
/// assert_eq!(reports.len(), 1);
/// # Ok::<(), disclosure_report::read::ReadError>(())
/// ```
///
/// # Errors
///
/// As [`read_file`] and [`read_all`].
pub fn read_file_all(path: &std::path::Path, options: &Options) -> Result<Vec<Parsed>, ReadError> {
    let (bytes, format) = read_source(path, options)?;
    read_all(&bytes, format, options)
}

/// A regular file's bytes, at most the size limit, and its format by its
/// name or else its content: what [`read_file`] reads, for a caller that
/// needs the bytes too (to annotate the original, say).
///
/// ```
/// use disclosure_report::read::{read_bytes, read_source, Options, SourceFormat};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt");
/// let options = Options::default();
/// let (bytes, format) = read_source(path.as_ref(), &options)?;
/// assert_eq!(format, SourceFormat::Text);
/// let parsed = read_bytes(&bytes, format, &options)?;
/// assert_eq!(parsed.published().meta().year(), 2020);
/// # Ok::<(), disclosure_report::read::ReadError>(())
/// ```
///
/// # Errors
///
/// [`ReadError::Io`] where the file cannot be opened or read, or is not a
/// regular file; [`ReadError::TooLarge`].
pub fn read_source(path: &std::path::Path, options: &Options) -> Result<(Vec<u8>, SourceFormat), ReadError> {
    use std::io::Read as _;
    let not_a_file = || {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file; only regular files are read",
        ))
    };
    // Asked before opening: opening a FIFO would wait for a writer. Asked
    // again of what was opened, in case the name changed in between.
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_a_file());
    }
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    let limit = options.max_size;
    if meta.len() > limit {
        return Err(ReadError::TooLarge { size: meta.len(), limit });
    }
    // The size stat gave may have grown since: read no more than the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let format = SourceFormat::of_path(path).unwrap_or_else(|| SourceFormat::sniff_bytes(&bytes));
    Ok((bytes, format))
}

/// Reads the text of one whole report: as extracted from its PDF or page,
/// cells separated by tabs, or columns aligned with spaces
/// (`pdftotext -layout`).
///
/// ```
/// use disclosure_report::read::parse;
/// use disclosure_report::rules;
///
/// let parsed = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?;
/// assert_eq!(parsed.published().meta().year(), 2020);
/// // Table 四's fields line up one to one with its header's: 5 empty ones
/// // (blank cells) and 10 zeros.
/// let blank = parsed.published().get_path("review.cases.reconsideration_upheld");
/// assert_eq!(blank.map(|c| c.text()), Some(""));
/// assert_eq!(parsed.reader_findings().of_rule(&rules::PARSE_UNPLACED).count(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ParseError`] if the text has no table section or no report year.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    parse_with(text, &Options::default())
}

/// Reads the text of one whole report with options.
///
/// # Errors
///
/// [`ParseError`] where the text has no table section or no report year.
///
/// ```
/// use disclosure_report::read::{parse_with, Options};
///
/// // The organ's kind not guessed from its name: no deadline is checked.
/// let parsed = parse_with(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")), &Options::default().with_kind(None))?;
/// assert_eq!(parsed.published().meta().kind(), None);
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
pub fn parse_with(text: &str, options: &Options) -> Result<Parsed, ParseError> {
    let reports = document::read_reports(&text::grid(text), options, Which::First)?;
    reports.into_iter().next().ok_or(ParseError::NoTables)
}

/// Reads a report from a source's grid (what [`html::page_grid`],
/// [`docx::document_grid`] and [`pdf::document_grid`] give).
///
/// ```
/// # #[cfg(feature = "html")] {
/// use disclosure_report::read::{html::page_grid, read_grid, Options};
///
/// let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/html/pingtan-2022.html"))?;
/// let parsed = read_grid(&page_grid(&page)?, &Options::default())?;
/// assert_eq!(parsed.published().meta().year(), 2022);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ParseError`] where the grid has no table section or no report year.
pub fn read_grid(grid: &grid::Grid, options: &Options) -> Result<Parsed, ParseError> {
    let reports = document::read_reports(grid, options, Which::First)?;
    reports.into_iter().next().ok_or(ParseError::NoTables)
}

#[derive(Default)]
pub(crate) struct Notes {
    findings: Vec<Finding>,
    variants: Vec<LabelVariant>,
    /// Where each cell placed was printed (its first printing), by the
    /// cell's index in the layout.
    places: Vec<Option<Place>>,
    /// Per rule: how many findings were made, listed or not.
    made: Vec<(&'static rules::Rule, usize)>,
}

impl Notes {
    /// Whether a finding of `rule` will be listed; past
    /// [`rules::FINDINGS_PER_RULE`] it is only counted, so that a hostile
    /// input cannot make the reader hold a finding per line.
    fn room(&mut self, rule: &'static rules::Rule) -> bool {
        let at = match self.made.iter().position(|(r, _)| std::ptr::eq(*r, rule)) {
            Some(at) => at,
            None => {
                self.made.push((rule, 0));
                self.made.len() - 1
            }
        };
        let made = &mut self.made[at].1;
        *made = made.saturating_add(1);
        *made <= rules::FINDINGS_PER_RULE
    }

    fn push(&mut self, f: Finding) {
        if self.room(f.rule()) {
            self.findings.push(f);
        }
    }

    /// The findings, capped per rule, with a summary of those not listed.
    fn into_findings(self) -> Findings {
        let mut findings = self.findings;
        for (rule, made) in self.made {
            if made > rules::FINDINGS_PER_RULE {
                findings.push(Finding::not_listed(rule, made - rules::FINDINGS_PER_RULE));
            }
        }
        Findings::sorted(findings)
    }

    /// Records a label variant, once for each printed form.
    fn variant(&mut self, official: &str, printed: &str, at: Option<Place>) {
        if self.variants.iter().any(|v| v.official == official && v.printed == printed) {
            return;
        }
        self.variants.push(LabelVariant { official: official.to_owned(), printed: printed.to_owned(), at });
    }
}

/// Folds a label for comparison: no white space or quotes; ASCII
/// punctuation and full-width digits folded to the forms the format uses.
/// Borrows where there is nothing to fold.
pub(crate) fn fold(s: &str) -> std::borrow::Cow<'_, str> {
    let drops = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」');
    let maps = |c: char| matches!(c, '(' | ')' | ',' | ':' | ';' | '．' | '／' | '０'..='９');
    if !s.chars().any(|c| drops(c) || maps(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .filter(|c| !drops(*c))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '．' => '.',
            '／' => '/',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .into()
}

// ---------------------------------------------------------------------------
// Grids
// ---------------------------------------------------------------------------

/// A row of a table as the table reader reads it: its cells' texts,
/// trimmed, borrowed from the source, each with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GridRow<'a> {
    /// Where the row was printed.
    pub(crate) place: Option<Place>,
    pub(crate) cells: Vec<Printed<'a>>,
    /// Whether its cells are drawn ones (an empty one is a printed blank),
    /// not cut from text (where an empty one may be a lost one).
    pub(crate) certain: bool,
    /// The number of the drawn table it is a row of.
    pub(crate) table: Option<u32>,
}

/// Appends `text` to `out` with white space collapsed (no-break spaces
/// included): a run of it is one space, written only before more text;
/// `space` carries a pending one from the last call.
#[cfg(any(feature = "html", feature = "docx"))]
pub(crate) fn push_collapsed(out: &mut String, space: &mut bool, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            *space = !out.is_empty();
        } else {
            if std::mem::take(space) {
                out.push(' ');
            }
            out.push(c);
        }
    }
}

/// A row of a grid as a source yields it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Row<'a> {
    /// A row of cells.
    Cells(GridRow<'a>),
    /// A line with more cells than any table row has: no row of a table,
    /// read only for the numbers it printed (its cells parted by tabs, or
    /// by spaces).
    Long { place: Option<Place>, raw: Cow<'a, str> },
}

/// More cells than any row of a table has, labels split by spaces
/// included: such a line is not split into a row.
pub(crate) const MAX_ROW_CELLS: usize = 64;

/// Whether a cell text reads as a figure or an empty marker.
pub(crate) fn is_value(text: &str) -> bool {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    // A figure or marker starts with a digit, a sign, a point or a marker.
    let starts = |c: char| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || matches!(
                c,
                '+' | '-' | '.' | ',' | '/' | '_' | '—' | '–' | '０'..='９' | '＋' | '－' | '．' | '／' | '＿' | '−'
            )
    };
    if !text.chars().next().is_some_and(starts) {
        return false;
    }
    matches!(read_cell(crate::layout::CellKind::Money, text), Value::Number(_) | Value::NotApplicable | Value::TooLarge)
        // Numbers apart in one cell (`10690 2113`) or misprinted (`72.`,
        // `1,23`): a figure cell, which reads as no number.
        || (text.chars().all(|c| c.is_whitespace() || c.is_ascii_digit() || matches!(c, '０'..='９' | ',' | '.'))
            && text.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binaries_are_told_by_their_bytes() {
        let ls = b"\x7fELF\x02\x01\x01\0\0\0";
        let refused = read_bytes(ls, SourceFormat::Text, &Options::default()).unwrap_err();
        assert!(matches!(refused, ReadError::Unsupported { feature: None, .. }), "{refused}");
        assert!(refused.to_string().contains("executable"), "{refused}");
        let nuls = b"\0\0\0\0some text\0\0\0\0";
        assert!(matches!(
            read_bytes(nuls, SourceFormat::Text, &Options::default()),
            Err(ReadError::Unsupported { .. })
        ));
        // A stray NUL in a text is let be.
        assert_eq!(Binary::of(b"some text\0with a NUL"), None);
        // UTF-16 text is text.
        assert_eq!(Binary::of(b"\xff\xfeA\0"), None);
        let pdf = read_bytes(b"%PDF-1.7\nnot really", SourceFormat::Text, &Options::default()).unwrap_err();
        if cfg!(feature = "pdf") {
            // Read as the PDF it is, whatever its name said.
            assert!(!matches!(pdf, ReadError::Unsupported { .. }), "{pdf}");
        } else {
            assert!(matches!(pdf, ReadError::Unsupported { feature: Some("pdf"), .. }), "{pdf}");
            assert!(pdf.to_string().contains("feature `pdf`"), "{pdf}");
        }
    }

    #[test]
    fn folding_makes_labels_comparable() {
        assert_eq!(
            fold("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)"),
            fold("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        );
        assert_eq!(fold("3.危及\"三安全一稳定\""), fold("3.危及“三安全一稳定”"));
        assert_eq!(fold("商业 企业"), "商业企业");
    }
}
