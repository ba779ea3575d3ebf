//! Readers: published text → sections and table grids → [`Published`].
//!
//! A reader turns its source into the prose of sections 一, 五 and 六 and,
//! for each of tables 二, 三 and 四, a *grid*: lines of cell texts. One table
//! reader then maps any grid onto the [layout](crate::layout): it finds
//! rows by their labels (official or variant, with spaces, full-width and
//! ASCII punctuation folded), places the numbers, and reports what it could
//! not place. It never guesses: where more than one reading of the printed
//! numbers is possible and the readings disagree, the cells stay absent and
//! a `parse.unplaced` finding quotes the numbers and the line.
//!
//! ```
//! use disclosure_report::read::parse;
//!
//! let text = include_str!("../tests/data/miaotai_2020.txt");
//! let parsed = parse(text).unwrap();
//! assert_eq!(parsed.published.meta().organ(), "庙台乡人民政府");
//! assert_eq!(parsed.published.meta().year(), 2020);
//! // Table 四 printed 10 numbers for 15 cells: they are not guessed.
//! assert!(parsed.findings.of_rule("parse.unplaced").count() == 1);
//! ```

use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::layout::{Block, CellRef, ColumnDef, Layout, RowDef, Section};
use crate::number::{normalize, read_cell, Unit, Value};
use crate::rules::{self, Finding, Findings};
use crate::{Cell, Edition, LabelVariant, Level, Money, OrganKind, Published, ReportMeta};

/// How to read a report.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The organ's kind, where the caller knows it.
    pub kind: Option<OrganKind>,
    /// Without `kind`, guess it from the organ's name (人民政府, 局, 街道办事处 …).
    pub infer_kind: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { kind: None, infer_kind: true }
    }
}

impl Options {
    /// With a known organ kind.
    pub fn with_kind(mut self, kind: Option<OrganKind>) -> Options {
        self.kind = kind;
        self.infer_kind = false;
        self
    }
}

/// A report read from its source, with the reader's findings (`parse.*`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Parsed {
    /// The report, every cell as printed; a cell that could not be placed
    /// is absent.
    pub published: Published,
    /// What the reader noticed: unplaced numbers, reflowed rows, stray
    /// lines, missing headings. The rule findings come from
    /// [`Published::check`].
    pub findings: Findings,
}

impl Parsed {
    /// The reader's findings followed by the rule findings of the report.
    pub fn all_findings(&self) -> Findings {
        let mut all = self.findings.clone();
        all.extend(self.published.check());
        all
    }
}

/// Why a text is not a report at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// No report year (2019–2099) was found.
    #[error("no report year found: expected a title such as “某某人民政府2020年政府信息公开工作年度报告”")]
    NoYear,
    /// None of the headings of sections 二, 三 and 四 was found.
    #[error("no table section found: none of the headings 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况, 四、政府信息公开行政复议、行政诉讼情况")]
    NoTables,
}

/// The form of a report's source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceFormat {
    /// Text as extracted from a published PDF or page.
    Text,
    /// JSON: a published report, or the strict form of an
    /// [`AnnualReport`](crate::AnnualReport) (leaves only; totals derived).
    #[cfg(feature = "json")]
    Json,
}

impl SourceFormat {
    /// By a file's extension: `.txt` is text, `.json` JSON; `None` for any
    /// other.
    pub fn of_path(path: &std::path::Path) -> Option<SourceFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" => Some(SourceFormat::Text),
            #[cfg(feature = "json")]
            "json" => Some(SourceFormat::Json),
            _ => None,
        }
    }

    /// By content: JSON where it starts with `{`, text otherwise.
    pub fn sniff(source: &str) -> SourceFormat {
        #[cfg(feature = "json")]
        if source.trim_start().starts_with('{') {
            return SourceFormat::Json;
        }
        let _ = source;
        SourceFormat::Text
    }
}

/// Why a source is not a report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The text is not a report.
    #[error(transparent)]
    Text(#[from] ParseError),
    /// The JSON is not a report (the message names the key and position).
    #[cfg(feature = "json")]
    #[error("not a report in JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Reads a report from its source in either format. A JSON report in the
/// strict form (leaves only) has its totals derived; a published one is
/// kept as printed.
pub fn read_report(source: &str, format: SourceFormat, options: &Options) -> Result<Parsed, ReadError> {
    match format {
        SourceFormat::Text => Ok(parse_with(source, options)?),
        #[cfg(feature = "json")]
        SourceFormat::Json => {
            let mut published: Published = serde_json::from_str(source)?;
            if published.has_no_derived_cells() {
                published.fill_derived_totals();
            }
            Ok(Parsed { published, findings: Findings::default() })
        }
    }
}

/// Reads the text of one whole report (as extracted from its PDF or page,
/// cells separated by tabs).
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    parse_with(text, &Options::default())
}

/// Reads the text of one whole report with options.
pub fn parse_with(text: &str, options: &Options) -> Result<Parsed, ParseError> {
    let lines: Vec<Line<'_>> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .map(|(i, raw)| Line { number: i + 1, raw: raw.trim_end_matches('\r') })
        .collect();
    let mut notes = Notes::default();
    // The title line, as the text renderer writes it and reports print
    // it: organ, year, 年(度)政府信息公开…报告. It is never a heading,
    // whatever the organ's name.
    let titled = lines.iter().enumerate().find_map(|(i, l)| {
        let (organ, year) = title_of(l.raw).filter(|_| l.raw.contains("报告"))?;
        Some((i, organ, year))
    });
    let headings = find_headings(&lines, titled.as_ref().map_or(0, |t| t.0 + 1), &mut notes);
    let first_heading = headings.iter().flatten().map(|h| h.index).min().unwrap_or(lines.len());
    let body = |section: Section| section_lines(&lines, &headings, section);

    if Section::TABLES.iter().all(|s| headings[*s as usize].is_none()) {
        return Err(ParseError::NoTables);
    }
    let title = &lines[..first_heading];
    let (organ, year) = match titled {
        Some((_, organ, year)) => (organ, year),
        None => {
            let year = find_year(title).or_else(|| find_year(&lines)).ok_or(ParseError::NoYear)?;
            (find_organ(title), year)
        }
    };
    if organ.is_empty() {
        notes.push(Finding::reader(
            &rules::PARSE_NO_ORGAN,
            &[],
            None,
            "标题中未找到机关名称".into(),
            "no organ name in the title".into(),
        ));
    }

    let tables: Vec<Grid> = Section::TABLES.iter().map(|s| grid(body(*s))).collect();
    let edition = decide_edition(year, &tables, &mut notes);

    let kind = options.kind.or_else(|| if options.infer_kind { infer_kind(&organ) } else { None });
    let mut meta = ReportMeta::new(organ.clone(), year).map_err(|_| ParseError::NoYear)?;
    if let Some(kind) = kind {
        meta = meta.with_kind(kind);
    }
    let mut published = Published::new(edition, meta);
    let mut reader = TableReader { published: &mut published, notes: &mut notes, units: Vec::new() };
    for (section, grid) in Section::TABLES.into_iter().zip(&tables) {
        match section {
            Section::Proactive => reader.proactive(grid),
            Section::Requests => reader.requests(grid),
            Section::Review => reader.review(grid),
            Section::Overview | Section::Problems | Section::Other => {}
        }
    }

    let prose = |s| prose_text(body(s));
    let (other, published_on, fee) = closing(body(Section::Other), &organ);
    let p = published.prose_mut();
    p.overview = prose(Section::Overview);
    p.problems = prose(Section::Problems);
    p.other = other;
    p.processing_fee = fee;
    if let Some(date) = published_on {
        let meta = published.meta().clone().with_published_on(date);
        published.set_meta(meta);
    }
    for v in notes.variants.drain(..) {
        published.push_label_variant(v);
    }
    Ok(Parsed { published, findings: notes.into_findings() })
}

#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    number: usize,
    raw: &'a str,
}

#[derive(Default)]
struct Notes {
    findings: Vec<Finding>,
    variants: Vec<LabelVariant>,
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

    fn variant(&mut self, official: &str, printed: &str, line: usize) {
        self.variants.push(LabelVariant {
            official: official.to_owned(),
            printed: printed.to_owned(),
            line: Some(line),
        });
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
// Sections
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Heading {
    /// Index into the lines.
    index: usize,
}

/// Words a heading of each section contains, for headings worded otherwise.
fn heading_keywords(section: Section) -> &'static [&'static str] {
    match section {
        Section::Overview => &["总体情况"],
        Section::Proactive => &["主动公开"],
        Section::Requests => &["申请"],
        Section::Review => &["复议", "诉讼"],
        Section::Problems => &["问题"],
        Section::Other => &["其他"],
    }
}

/// Finds the six headings, in order; a heading worded otherwise than the
/// official one is a label variant.
fn find_headings(lines: &[Line<'_>], from: usize, notes: &mut Notes) -> [Option<Heading>; 6] {
    // A heading starts with its numeral and holds no tab; such lines are
    // folded once.
    let numerals: Vec<char> = Section::ALL.iter().filter_map(|s| s.numeral().chars().next()).collect();
    let folded: Vec<Option<std::borrow::Cow<'_, str>>> = lines
        .iter()
        .map(|l| {
            let first = l.raw.trim_start().chars().next()?;
            (numerals.contains(&first) && !l.raw.contains('\t')).then(|| fold(l.raw))
        })
        .collect();
    let mut found = [None; 6];
    let mut from = from;
    for section in Section::ALL {
        let official = fold(section.heading());
        let numbered = format!("{}、", section.numeral());
        let hit = folded.iter().enumerate().skip(from).find_map(|(i, f)| {
            let f = f.as_deref()?;
            if f == official {
                return Some((i, false));
            }
            let variant = (f.starts_with(&numbered)
                && f.chars().count() <= 40
                && heading_keywords(section).iter().any(|k| f.contains(k)))
                || section.heading_variants().iter().any(|v| fold(v) == f);
            variant.then_some((i, true))
        });
        match hit {
            Some((i, variant)) => {
                if variant {
                    notes.variant(section.heading(), lines[i].raw.trim(), lines[i].number);
                }
                found[section as usize] = Some(Heading { index: i });
                from = i + 1;
            }
            None => notes.push(Finding::reader(
                &rules::PARSE_NO_HEADING,
                &[],
                None,
                format!("未找到“{}”", section.heading()),
                format!("the heading of section {} ({}) was not found", section.numeral(), section.key()),
            )),
        }
    }
    found
}

/// The lines of a section: after its heading, up to the next heading found.
fn section_lines<'a, 'b>(lines: &'b [Line<'a>], headings: &[Option<Heading>; 6], section: Section) -> &'b [Line<'a>] {
    let Some(h) = headings[section as usize] else { return &[] };
    let end = headings.iter().flatten().map(|h| h.index).filter(|&i| i > h.index).min().unwrap_or(lines.len());
    &lines[h.index + 1..end]
}

fn prose_text(lines: &[Line<'_>]) -> String {
    let text: Vec<&str> = lines.iter().map(|l| l.raw.trim_end()).collect();
    text.join("\n").trim_matches('\n').to_owned()
}

/// The line that states the information processing fee, as the text
/// renderer writes it.
pub(crate) const FEE_PREFIX: &str = "信息处理费：";

/// Section 六's prose, less a closing date (and the organ's name above it)
/// and a fee line, which are returned apart.
fn closing(lines: &[Line<'_>], organ: &str) -> (String, Option<NaiveDate>, Option<Money>) {
    let mut kept: Vec<Line<'_>> = lines.to_vec();
    let mut fee = None;
    kept.retain(|l| {
        let f = fold(l.raw);
        match f.strip_prefix(FEE_PREFIX).and_then(|r| r.strip_suffix("万元")) {
            Some(n) => match read_cell(crate::layout::CellKind::Money, n) {
                Value::Number(d) if fee.is_none() => {
                    fee = Money::from_wan(d).ok();
                    fee.is_none()
                }
                _ => true,
            },
            None => true,
        }
    });
    while kept.last().is_some_and(|l| l.raw.trim().is_empty()) {
        kept.pop();
    }
    let date = kept.last().and_then(|l| parse_date(l.raw));
    if date.is_some() {
        kept.pop();
        while kept.last().is_some_and(|l| l.raw.trim().is_empty()) {
            kept.pop();
        }
        if !organ.is_empty() && kept.last().is_some_and(|l| fold(l.raw) == fold(organ)) {
            kept.pop();
        }
    }
    (prose_text(&kept), date, fee)
}

/// `2021年1月20日`, full-width digits and spaces allowed.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let f = normalize(s);
    let (y, rest) = f.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

// ---------------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------------

/// The first `20xx年` of a year in range, preferring a line that names the
/// report.
fn find_year(lines: &[Line<'_>]) -> Option<u16> {
    let titled = lines.iter().filter(|l| l.raw.contains("报告"));
    titled.chain(lines.iter()).find_map(|l| year_in(&normalize(l.raw)).map(|(y, _)| y))
}

/// A year followed by 年, and the byte range it takes.
fn year_in(s: &str) -> Option<(u16, std::ops::Range<usize>)> {
    let bytes = s.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let digits = bytes.get(i..i + 4)?;
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        if !before_ok || !digits.iter().all(u8::is_ascii_digit) || !s[i + 4..].starts_with('年') {
            return None;
        }
        let year: u16 = s[i..i + 4].parse().ok()?;
        crate::meta::YEARS.contains(&year).then_some((year, i..i + 4))
    })
}

/// A title line's organ and year: the text before the last
/// `YYYY年(度)政府信息公开` (digits ASCII or full-width), as printed, less
/// white space at its ends and an opening bracket it does not close.
fn title_of(raw: &str) -> Option<(String, u16)> {
    let mut end = raw.len();
    while let Some(at) = raw[..end].rfind("政府信息公开") {
        if let Some(found) = year_before(&raw[..at]) {
            return Some(found);
        }
        end = at;
    }
    None
}

/// `organ YYYY 年(度)` at the end of `s`.
fn year_before(s: &str) -> Option<(String, u16)> {
    let s = s.trim_end();
    let s = s.strip_suffix("年度").or_else(|| s.strip_suffix('年'))?.trim_end();
    let mut year: u16 = 0;
    let mut start = s.len();
    let mut digits = 0;
    for (k, (i, c)) in s.char_indices().rev().take(4).enumerate() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        year += u16::try_from(digit).ok()? * 10u16.pow(u32::try_from(k).ok()?);
        start = i;
        digits += 1;
    }
    if digits < 4 || !crate::meta::YEARS.contains(&year) {
        return None;
    }
    let mut organ = s[..start].trim();
    for (open, close) in [('《', '》'), ('【', '】'), ('「', '」'), ('“', '”')] {
        if let Some(rest) = organ.strip_prefix(open).filter(|r| !r.contains(close)) {
            organ = rest.trim_start();
        }
    }
    Some((organ.to_owned(), year))
}

/// The organ: what the title line says before the year, or after it.
fn find_organ(title: &[Line<'_>]) -> String {
    let Some(line) = title.iter().find(|l| l.raw.contains("报告") && year_in(&normalize(l.raw)).is_some()) else {
        return String::new();
    };
    let s = normalize(line.raw);
    let Some((_, range)) = year_in(&s) else { return String::new() };
    let before = s[..range.start].trim_matches(|c: char| c.is_ascii_punctuation() || "（）【】《》".contains(c));
    if !before.is_empty() {
        return before.to_owned();
    }
    let after = s[range.end..].trim_start_matches(['年', '度']);
    after.split("政府信息公开").next().unwrap_or("").to_owned()
}

/// A guess at the organ's kind from its name.
fn infer_kind(organ: &str) -> Option<OrganKind> {
    let level_of = |s: &str| -> Option<Level> {
        let last = s.chars().rev().find(|c| "省市县区旗乡镇".contains(*c))?;
        Some(match last {
            '省' => Level::Provincial,
            '市' => Level::Prefectural,
            '县' | '区' | '旗' => Level::County,
            _ => Level::Township,
        })
    };
    if organ.ends_with("街道办事处") || organ.ends_with("街道") {
        Some(OrganKind::StreetOffice)
    } else if organ == "国务院" {
        Some(OrganKind::PeoplesGovernment(Level::Central))
    } else if let Some(place) = organ.strip_suffix("人民政府") {
        level_of(place).map(OrganKind::PeoplesGovernment)
    } else if ["局", "委员会", "委", "办公室", "厅", "部", "署", "中心"].iter().any(|w| organ.ends_with(w))
    {
        let level = if organ.starts_with("国家") || organ.starts_with("中华人民共和国") {
            Some(Level::Central)
        } else {
            level_of(organ)
        };
        level.map(OrganKind::Department)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// Grids
// ---------------------------------------------------------------------------

/// A line of a table: its cell texts, trimmed, borrowed from the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GridRow<'a> {
    pub(crate) line: usize,
    pub(crate) cells: Vec<&'a str>,
}

pub(crate) type Grid<'a> = Vec<GridRow<'a>>;

/// Splits a table's lines into cells: by tabs, or, on a line without tabs,
/// by spaces (a label split by spaces is joined again by the table reader).
fn grid<'a>(lines: &[Line<'a>]) -> Grid<'a> {
    lines
        .iter()
        .filter(|l| !l.raw.is_empty())
        .map(|l| {
            let cells = if l.raw.contains('\t') {
                l.raw.split('\t').map(str::trim).collect()
            } else {
                l.raw.split_whitespace().collect()
            };
            GridRow { line: l.number, cells }
        })
        .collect()
}

/// Whether a cell text reads as a figure or an empty marker.
fn is_value(text: &str) -> bool {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    // A figure or marker starts with a digit, a sign, a point or a marker.
    let starts =
        |c: char| c.is_ascii_digit() || c.is_whitespace() || "+-.,/_—–０１２３４５６７８９＋－．／＿−".contains(c);
    if !text.chars().next().is_some_and(starts) {
        return false;
    }
    matches!(read_cell(crate::layout::CellKind::Money, text), Value::Number(_) | Value::NotApplicable | Value::TooLarge)
}

/// The edition the tables show, by labels only one edition has; the year
/// decides where the tables say nothing.
fn decide_edition(year: u16, tables: &[Grid], notes: &mut Notes) -> Edition {
    // Table 二's headers tell the editions apart; the other tables are read
    // only where it says nothing.
    let count = |grids: &[Grid<'_>]| {
        let labels: Vec<_> =
            grids.iter().flatten().flat_map(|r| r.cells.iter()).filter(|c| !is_value(c)).map(|c| fold(c)).collect();
        // Whole cells; where none is telling, labels split across cells.
        let whole = |e: Edition| {
            let prints = fingerprints(e);
            labels.iter().filter(|l| prints.binary_search_by(|f| f.as_str().cmp(l)).is_ok()).count()
        };
        let within = |e: Edition| {
            let prints = fingerprints(e);
            labels.iter().filter(|l| prints.iter().any(|f| l.contains(f.as_str()))).count()
        };
        match (whole(Edition::V2019), whole(Edition::V2021)) {
            (0, 0) => (within(Edition::V2019), within(Edition::V2021)),
            counts => counts,
        }
    };
    let by_year = Edition::for_year(year);
    let (v2019, v2021) = match count(tables.get(..1).unwrap_or_default()) {
        (0, 0) => count(tables),
        counts => counts,
    };
    let by_tables = match v2019.cmp(&v2021) {
        std::cmp::Ordering::Greater => Edition::V2019,
        std::cmp::Ordering::Less => Edition::V2021,
        std::cmp::Ordering::Equal => by_year,
    };
    if by_tables != by_year {
        notes.push(Finding::reader(
            &rules::PARSE_EDITION,
            &[],
            None,
            format!("{year}年度应使用{by_year}版，表格为{by_tables}版，以表格为准"),
            format!("the year {year} calls for {by_year}, but the tables are {by_tables}; read as {by_tables}"),
        ));
    }
    by_tables
}

/// Every label of a layout: titles, groups, rows, columns.
fn labels(edition: Edition) -> Vec<&'static str> {
    let layout = Layout::of(edition);
    let mut out = Vec::new();
    for section in Section::TABLES {
        for block in layout.blocks(section) {
            out.extend(block.title.map(|t| t.label));
            out.extend(block.rows.iter().map(|r| r.label));
            out.extend(block.columns.iter().flat_map(|c| c.groups.iter().map(|g| g.label).chain([c.label])));
        }
    }
    out.retain(|l| !l.is_empty());
    out
}

/// Labels that only this edition prints, long enough to be telling and
/// not part of a label of the other edition.
fn fingerprints(edition: Edition) -> &'static [String] {
    static CACHE: [OnceLock<Vec<String>>; 2] = [OnceLock::new(), OnceLock::new()];
    CACHE[edition as usize].get_or_init(|| {
        let other: Vec<String> = labels(if edition == Edition::V2019 { Edition::V2021 } else { Edition::V2019 })
            .iter()
            .map(|l| fold(l).into_owned())
            .collect();
        let mut own: Vec<String> = labels(edition)
            .iter()
            .map(|l| fold(l).into_owned())
            .filter(|l| l.chars().count() >= 5 && !other.iter().any(|o| o.contains(l.as_str())))
            .collect();
        own.sort();
        own.dedup();
        own
    })
}

// ---------------------------------------------------------------------------
// The table reader: grid → layout
// ---------------------------------------------------------------------------

/// A row label (or variant), folded once.
struct RowLabel {
    folded: String,
    chars: usize,
    row: &'static RowDef,
    variant: Option<&'static str>,
}

/// The folded labels of the rows of a section, built once per edition.
fn row_labels(edition: Edition, section: Section) -> &'static [RowLabel] {
    static CACHE: [[OnceLock<Vec<RowLabel>>; 3]; 2] =
        [[OnceLock::new(), OnceLock::new(), OnceLock::new()], [OnceLock::new(), OnceLock::new(), OnceLock::new()]];
    let Some(slot) = Section::TABLES.iter().position(|s| *s == section) else { return &[] };
    CACHE[edition as usize][slot].get_or_init(|| {
        let mut labels = Vec::new();
        for block in Layout::of(edition).blocks(section) {
            for &row in block.rows.iter().filter(|r| !r.label.is_empty()) {
                let texts = std::iter::once((row.label, None)).chain(row.variants.iter().map(|v| (*v, Some(*v))));
                for (text, variant) in texts {
                    let folded = fold(text);
                    labels.push(RowLabel { chars: folded.chars().count(), folded: folded.into_owned(), row, variant });
                }
            }
        }
        labels
    })
}

/// How a line's value cells fit `n` columns.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Fit<'a> {
    /// Exactly `n` cells (blanks included).
    Exact(Vec<&'a str>),
    /// More than `n` non-empty cells.
    Surplus(Vec<&'a str>),
    /// Fewer than `n` non-empty cells.
    Short(Vec<&'a str>),
}

impl<'a> Fit<'a> {
    fn of(rest: &[&'a str], n: usize) -> Fit<'a> {
        if rest.len() == n {
            return Fit::Exact(rest.to_vec());
        }
        let end = rest.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
        let trailing = &rest[..end];
        if trailing.len() == n {
            return Fit::Exact(trailing.to_vec());
        }
        let start = trailing.iter().position(|c| !c.is_empty()).unwrap_or(trailing.len());
        if trailing.len() - start == n {
            return Fit::Exact(trailing[start..].to_vec());
        }
        let values: Vec<&str> = rest.iter().copied().filter(|c| !c.is_empty()).collect();
        match values.len().cmp(&n) {
            std::cmp::Ordering::Equal => Fit::Exact(values),
            std::cmp::Ordering::Greater => Fit::Surplus(values),
            std::cmp::Ordering::Less => Fit::Short(values),
        }
    }

    fn values(&self) -> &[&'a str] {
        match self {
            Fit::Exact(v) | Fit::Surplus(v) | Fit::Short(v) => v,
        }
    }
}

/// How many leading cells of a line may make up its label (band, group,
/// row: three in the official layout; more where spaces split a label).
const MAX_LABEL_CELLS: usize = 8;

/// A line of a table, with the row its label names.
struct Record<'g, 'a> {
    row: &'g GridRow<'a>,
    /// The row its label names, if any.
    label: Option<&'static RowDef>,
    /// The cells after the label.
    rest: &'g [&'a str],
}

struct TableReader<'a> {
    published: &'a mut Published,
    notes: &'a mut Notes,
    /// The units the current sub-table's header printed, by column.
    units: Vec<(&'static ColumnDef, Unit)>,
}

impl TableReader<'_> {
    fn layout(&self) -> &'static Layout {
        self.published.layout()
    }

    /// Records a printed cell; a cell printed again is kept as a duplicate,
    /// never overwritten.
    fn place(&mut self, cell: CellRef, text: &str) {
        let column = cell.column();
        let unit = self.units.iter().find(|(c, _)| std::ptr::eq(*c, column)).map(|(_, u)| *u);
        let _ = self.published.record(cell, Cell::printed_under(cell.info().kind(), text, unit));
    }

    fn cells(&self, section: Section, row: &RowDef, columns: &[&'static ColumnDef]) -> Vec<CellRef> {
        columns.iter().filter_map(|c| self.layout().cell(section, row, c)).collect()
    }

    fn unplaced(&mut self, cells: &[CellRef], lines: &[&GridRow<'_>], numbers: &[&str]) {
        if !self.notes.room(&rules::PARSE_UNPLACED) {
            return;
        }
        let at: Vec<String> = lines.iter().map(|l| l.line.to_string()).collect();
        let quoted = numbers.join(" ");
        let finding = Finding::reader(
            &rules::PARSE_UNPLACED,
            cells,
            lines.first().map(|l| l.line),
            format!(
                "第{}行印出{}个数字（{quoted}），对应{}个单元格，无法确定位置，相应单元格按缺失处理",
                at.join("、"),
                numbers.len(),
                cells.len()
            ),
            format!(
                "line {} printed {} numbers ({quoted}) for {} cells; they cannot be placed with certainty, so the cells are left absent",
                at.join(", "),
                numbers.len(),
                cells.len()
            ),
        )
        .quoting(numbers.iter().map(|n| (*n).to_owned()).collect());
        self.notes.findings.push(finding);
    }

    /// Quotes the numbers of a line that is no row of the table (a header
    /// or title line, a garbled label), which were not used.
    fn stray(&mut self, row: &GridRow<'_>) {
        let numbers: Vec<&str> = row.cells.iter().copied().filter(|c| is_value(c)).collect();
        if numbers.is_empty() || !self.notes.room(&rules::PARSE_STRAY_LINE) {
            return;
        }
        let quoted = numbers.join(" ");
        let finding = Finding::reader(
            &rules::PARSE_STRAY_LINE,
            &[],
            Some(row.line),
            format!("第{}行不属于表格的任何一行，其数字（{quoted}）未采用：{}", row.line, row.cells.join(" ")),
            format!("line {} matches no row; its numbers ({quoted}) were not used: {}", row.line, row.cells.join(" ")),
        )
        .quoting(numbers.iter().map(|n| (*n).to_owned()).collect());
        self.notes.findings.push(finding);
    }

    /// The row of the section a folded label names (official label or
    /// variant): the longest label the text ends with, and its length.
    fn match_row(&self, section: Section, folded: &str) -> Option<(&'static RowDef, Option<&'static str>, usize)> {
        if folded.is_empty() {
            return None;
        }
        row_labels(self.layout().edition(), section)
            .iter()
            .filter(|l| folded.ends_with(l.folded.as_str()))
            .max_by_key(|l| l.chars)
            .map(|l| (l.row, l.variant, l.chars))
    }

    /// Each line with the row its label names: the fewest leading cells
    /// (before the first figure) whose text names a row, preferring the most
    /// specific row (a sub-row over its group).
    fn records<'g, 'a>(&mut self, section: Section, grid: &'g [GridRow<'a>]) -> Vec<Record<'g, 'a>> {
        grid.iter()
            .map(|row| {
                let mut best: Option<(usize, &'static RowDef, Option<&'static str>, usize)> = None;
                let mut text = String::new();
                for (k, cell) in row.cells.iter().enumerate().take(MAX_LABEL_CELLS) {
                    if cell.is_empty() {
                        continue;
                    }
                    if is_value(cell) {
                        break;
                    }
                    text.push_str(&fold(cell));
                    if let Some((r, variant, len)) = self.match_row(section, &text) {
                        if best.is_none_or(|(_, _, _, l)| len > l) {
                            best = Some((k + 1, r, variant, len));
                        }
                    }
                }
                match best {
                    Some((k, r, variant, _)) => {
                        if let Some(v) = variant {
                            self.notes.variant(r.label, v, row.line);
                        }
                        Record { row, label: Some(r), rest: &row.cells[k..] }
                    }
                    None => Record { row, label: None, rest: &row.cells },
                }
            })
            .collect()
    }

    /// Notes the column headers that are variants (社会组织 for 社会公益组织).
    fn header_variants(&mut self, columns: &[&'static ColumnDef], row: &GridRow<'_>) {
        for cell in &row.cells {
            let f = fold(cell);
            for column in columns {
                if let Some(v) = column.variants.iter().find(|v| fold(v) == f) {
                    self.notes.variant(column.label, v, row.line);
                }
            }
        }
    }

    /// Places one line's values on a row's cells, or reports them.
    fn place_line(
        &mut self,
        section: Section,
        row: &'static RowDef,
        columns: &[&'static ColumnDef],
        record: &Record<'_, '_>,
    ) {
        let cells = self.cells(section, row, columns);
        self.place_run(&cells, columns.len(), &[record]);
    }

    /// Places the values of `lines` on `cells` (rows × `width`), where every
    /// reading of them agrees; otherwise reports them and leaves the cells
    /// absent.
    ///
    /// Readings: one line per row (a line with surplus numbers read at
    /// every offset), and the numbers in reading order.
    fn place_run(&mut self, cells: &[CellRef], width: usize, lines: &[&Record<'_, '_>]) {
        if cells.is_empty() || width == 0 {
            return;
        }
        let rows = cells.len() / width;
        let fits: Vec<Fit<'_>> = lines.iter().map(|r| Fit::of(r.rest, width)).collect();
        let numbers: Vec<&str> =
            fits.iter().flat_map(|f| f.values().iter().copied().filter(|v| !v.is_empty())).collect();
        let grid_rows: Vec<&GridRow<'_>> = lines.iter().map(|r| r.row).collect();

        // One line per row.
        let mut per_line: Option<Vec<&str>> = None;
        let mut surplus = Vec::new();
        if lines.len() == rows {
            let mut acc = Vec::with_capacity(cells.len());
            let mut all = true;
            for (k, (fit, record)) in fits.iter().zip(lines).enumerate() {
                match fit {
                    Fit::Exact(v) => acc.extend_from_slice(v),
                    Fit::Surplus(v) => {
                        let first = &v[..width];
                        if (0..=v.len() - width).all(|o| &v[o..o + width] == first) {
                            acc.extend_from_slice(first);
                            surplus.push((k, record.row.line, v));
                        } else {
                            all = false;
                        }
                    }
                    Fit::Short(_) => all = false,
                }
            }
            per_line = all.then_some(acc);
        }
        // Reading order, where the lines do not match the rows.
        let irregular = lines.len() != rows || fits.iter().any(|f| !matches!(f, Fit::Exact(_)));
        let in_order = (irregular && numbers.len() == cells.len()).then(|| numbers.clone());

        let reading = match (per_line, in_order) {
            (Some(a), Some(b)) if a != b => None,
            (Some(a), _) => Some(a),
            // The numbers in reading order are certain only where no other
            // split of them into rows could differ: all alike.
            (None, Some(b)) if b.windows(2).all(|w| w[0] == w[1]) => {
                let at: Vec<String> = grid_rows.iter().map(|l| l.line.to_string()).collect();
                self.notes.push(Finding::reader(
                    &rules::PARSE_REFLOWED,
                    cells,
                    grid_rows.first().map(|l| l.line),
                    format!("{}行的数字印在第{}行（{}个），已按阅读顺序放置", rows, at.join("、"), b.len()),
                    format!(
                        "the numbers of {rows} rows were printed on lines {} ({} numbers); placed in reading order",
                        at.join(", "),
                        b.len()
                    ),
                ));
                Some(b)
            }
            (None, _) => None,
        };
        let Some(values) = reading else {
            self.unplaced(cells, &grid_rows, &numbers);
            return;
        };
        for (cell, text) in cells.iter().zip(&values) {
            self.place(*cell, text);
        }
        for (k, line, values) in surplus {
            let quoted = values.join(" ");
            let extra = values.len() - width;
            let unused: Vec<String> = values[width..].iter().map(|v| (*v).to_owned()).collect();
            self.notes.push(Finding::reader(
                &rules::PARSE_SURPLUS,
                cells.get(k * width..(k + 1) * width).unwrap_or_default(),
                Some(line),
                format!("第{line}行印出{}个数字（{quoted}），多于{width}列；各种读法结果相同，多余的{extra}个未采用", values.len()),
                format!(
                    "line {line} printed {} numbers ({quoted}) for {width} columns; every reading agrees, and the surplus {extra} were not used",
                    values.len()
                ),
            )
            .quoting(unused));
        }
    }

    /// Section 二: sub-tables by their titles, rows by their labels. A
    /// header's units apply to its sub-table's columns; numbers on a title
    /// or header line are quoted, not used.
    fn proactive(&mut self, grid: &Grid<'_>) {
        let blocks = self.layout().blocks(Section::Proactive);
        let records = self.records(Section::Proactive, grid);
        let mut current: Option<&'static Block> = None;
        for record in &records {
            let lead: String = record.row.cells.iter().take_while(|c| !is_value(c)).map(|c| fold(c)).collect();
            if let Some(block) = blocks.iter().find(|b| b.title.is_some_and(|t| fold(t.label) == lead)) {
                current = Some(block);
                self.units.clear();
                self.stray(record.row);
                continue;
            }
            if blocks.first().is_some_and(|b| lead.starts_with(&*fold(b.corner))) {
                if let Some(block) = current {
                    self.header_variants(block.columns, record.row);
                    self.header_units(block.columns, record.row);
                }
                self.stray(record.row);
                continue;
            }
            let Some(def) = record.label else {
                self.stray(record.row);
                continue;
            };
            if let Some(block) = blocks.iter().find(|b| b.rows.iter().any(|r| std::ptr::eq(*r, def))) {
                if !current.is_some_and(|c| std::ptr::eq(c, block)) {
                    // A row of another sub-table than the last title's: its
                    // header, if any, was not seen.
                    current = Some(block);
                    self.units.clear();
                }
                self.place_line(Section::Proactive, def, block.columns, record);
            }
        }
        self.units.clear();
    }

    /// The units a header line prints for money columns
    /// (`采购总金额（元）`, `本年收费金额（单位：元）`).
    fn header_units(&mut self, columns: &[&'static ColumnDef], row: &GridRow<'_>) {
        for cell in &row.cells {
            let (base, Some(unit)) = Unit::split_header(cell) else { continue };
            let base = fold(base);
            let column = columns
                .iter()
                .find(|c| c.kind == crate::layout::CellKind::Money && fold(Unit::split_header(c.label).0) == base);
            // The official label's own unit is the default already.
            if let Some(column) = column.filter(|c| Unit::of_header(c.label) != Some(unit)) {
                self.units.retain(|(c, _)| !std::ptr::eq(*c, *column));
                self.units.push((column, unit));
            }
        }
    }

    /// Section 三: header lines, then rows; lines whose labels were lost
    /// are placed by their position among the rows around them.
    fn requests(&mut self, grid: &Grid<'_>) {
        let blocks = self.layout().blocks(Section::Requests);
        let Some(block) = blocks.first() else { return };
        let records = self.records(Section::Requests, grid);
        let first_row = records.iter().position(|r| r.label.is_some()).unwrap_or(records.len());
        // Before the first row label: header lines (any number on them is
        // quoted), or lines of numbers alone, the rows whose labels were
        // lost, placed from the first row where that is certain.
        let mut i = 0;
        while i < first_row {
            let row = records[i].row;
            if row.cells.iter().all(|c| c.is_empty() || is_value(c)) && row.cells.iter().any(|c| is_value(c)) {
                i = self.run(block, &records, i, 0);
            } else {
                self.header_variants(block.columns, row);
                self.stray(row);
                i += 1;
            }
        }
        let index_of = |row: &RowDef| block.rows.iter().position(|r| std::ptr::eq(*r, row));
        let mut after = 0; // rows before this index are behind us
        while let Some(record) = records.get(i) {
            let has_values = record.rest.iter().any(|c| !c.is_empty()) || record.rest.len() >= block.columns.len();
            let next_unlabelled = records.get(i + 1).is_some_and(|n| n.label.is_none());
            match record.label {
                // A group label followed by lines without labels: its values
                // belong to its first sub-row, and the lines to the next ones.
                Some(row) if block.is_group(row) && has_values && next_unlabelled => {
                    let start = index_of(row).map_or(after, |x| x + 1);
                    i = self.run(block, &records, i, start);
                    after = start;
                    continue;
                }
                Some(row) => {
                    if has_values {
                        self.place_line(Section::Requests, row, block.columns, record);
                    }
                    after = index_of(row).map_or(after, |x| x + 1);
                }
                None if has_values => {
                    i = self.run(block, &records, i, after);
                    continue;
                }
                None => {}
            }
            i += 1;
        }
    }

    /// Places the run of lines starting at `records[i]` (the first may carry
    /// a group label) on the data rows from `start` up to the row of the
    /// next labelled line. Returns the index of that line.
    fn run(&mut self, block: &'static Block, records: &[Record<'_, '_>], i: usize, start: usize) -> usize {
        let end = records[i + 1..].iter().position(|r| r.label.is_some()).map_or(records.len(), |p| i + 1 + p);
        let next_row = records
            .get(end)
            .and_then(|r| r.label)
            .and_then(|row| block.rows.iter().position(|r| std::ptr::eq(*r, row)));
        let stop = next_row.unwrap_or(block.rows.len()).max(start);
        let targets: Vec<&'static RowDef> =
            block.rows[start..stop].iter().copied().filter(|r| !block.is_group(r) && !r.is_total).collect();
        let lines: Vec<&Record<'_, '_>> = records[i..end].iter().collect();
        if targets.is_empty() {
            for r in lines {
                self.stray(r.row);
            }
            return end;
        }
        let cells: Vec<CellRef> =
            targets.iter().flat_map(|row| self.cells(Section::Requests, row, block.columns)).collect();
        self.place_run(&cells, block.columns.len(), &lines);
        end
    }

    /// Section 四: header lines, then the one line of 15 figures. Empty
    /// cells count as blanks only under a header line that labels every
    /// column; otherwise the figures must fill the row.
    fn review(&mut self, grid: &Grid<'_>) {
        let Some(block) = self.layout().blocks(Section::Review).first() else { return };
        let width = block.columns.len();
        let header_labels: Vec<String> = block
            .columns
            .iter()
            .flat_map(|c| c.groups.iter().map(|g| g.label).chain([c.label]))
            .map(|l| fold(l).into_owned())
            .collect();
        let is_header = |row: &GridRow<'_>| {
            row.cells.iter().filter(|c| !c.is_empty() && !is_value(c)).any(|c| {
                let f = fold(c);
                header_labels.iter().any(|h| *h == f)
            })
        };
        let mut last_header: Option<&GridRow<'_>> = None;
        let mut data = None;
        for row in grid {
            if is_header(row) {
                // A header's numbers are not figures of the row: quoted.
                self.stray(row);
                last_header = Some(row);
            } else if row.cells.len() >= width || row.cells.iter().any(|c| is_value(c)) {
                if data.is_none() {
                    data = Some(row);
                } else {
                    self.stray(row);
                }
            }
        }
        let Some(data) = data else { return };
        let cells = self.cells(Section::Review, &crate::layout::rows::REVIEW_CASES, block.columns);
        // A label before the figures (合计, 数量) is not a figure.
        let lead = data.cells.iter().take_while(|c| !c.is_empty() && !is_value(c)).count();
        let printed = &data.cells[lead..];
        let full_header = last_header.is_some_and(|h| h.cells.iter().filter(|c| !c.is_empty()).count() == width);
        let exact = printed.len() == width && (full_header || printed.iter().all(|c| !c.is_empty()));
        let values: Vec<&str> = printed.iter().copied().filter(|c| !c.is_empty()).collect();
        if exact {
            for (cell, text) in cells.iter().zip(printed) {
                self.place(*cell, text);
            }
        } else if values.len() == width {
            for (cell, text) in cells.iter().zip(&values) {
                self.place(*cell, text);
            }
        } else {
            self.unplaced(&cells, &[data], &values);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_labels_comparable() {
        assert_eq!(
            fold("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)"),
            fold("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        );
        assert_eq!(fold("3.危及\"三安全一稳定\""), fold("3.危及“三安全一稳定”"));
        assert_eq!(fold("商业 企业"), "商业企业");
    }

    #[test]
    fn years_and_organs_come_from_the_title() {
        let line = |raw| Line { number: 1, raw };
        assert_eq!(find_year(&[line("庙台乡人民政府 2020 年政府信息公开工作 年度报告")]), Some(2020));
        assert_eq!(find_organ(&[line("庙台乡人民政府 2020 年政府信息公开工作 年度报告")]), "庙台乡人民政府");
        assert_eq!(find_organ(&[line("2022年某市交通运输局政府信息公开工作年度报告")]), "某市交通运输局");
        assert_eq!(find_year(&[line("12020年")]), None);
        assert_eq!(find_year(&[line("２０２１年度报告")]), Some(2021));
    }

    #[test]
    fn titles_give_the_organ_as_printed() {
        let t = |s| title_of(s);
        assert_eq!(t("庙台乡人民政府 2020 年政府信息公开工作 年度报告"), Some(("庙台乡人民政府".into(), 2020)));
        assert_eq!(t("某局22022年政府信息公开工作年度报告"), Some(("某局2".into(), 2022)));
        assert_eq!(
            t("某2020年政府信息公开局2022年政府信息公开工作年度报告"),
            Some(("某2020年政府信息公开局".into(), 2022))
        );
        assert_eq!(t("《某局（筹）２０２１年度政府信息公开工作年度报告》"), Some(("某局（筹）".into(), 2021)));
        assert_eq!(t("2022年某市交通运输局政府信息公开工作年度报告"), None);
        assert_eq!(t("12年政府信息公开"), None);
    }

    #[test]
    fn kinds_are_guessed_from_names() {
        assert_eq!(infer_kind("庙台乡人民政府"), Some(OrganKind::PeoplesGovernment(Level::Township)));
        assert_eq!(infer_kind("惠农区人民政府"), Some(OrganKind::PeoplesGovernment(Level::County)));
        assert_eq!(infer_kind("某市交通运输局"), Some(OrganKind::Department(Level::Prefectural)));
        assert_eq!(infer_kind("某街道办事处"), Some(OrganKind::StreetOffice));
        assert_eq!(infer_kind("某某"), None);
    }

    #[test]
    fn fits() {
        let s = |v: &[&'static str]| v.to_vec();
        assert_eq!(Fit::of(&s(&["0", "0", ""]), 2), Fit::Exact(s(&["0", "0"])));
        assert_eq!(Fit::of(&s(&["", "0", "0"]), 2), Fit::Exact(s(&["0", "0"])));
        assert_eq!(Fit::of(&s(&["", "0"]), 2), Fit::Exact(s(&["", "0"])));
        assert_eq!(Fit::of(&s(&["", "", "1", "2"]), 2), Fit::Exact(s(&["1", "2"])));
        assert_eq!(Fit::of(&s(&["1", "", "2", "3"]), 2), Fit::Surplus(s(&["1", "2", "3"])));
        assert_eq!(Fit::of(&s(&["1"]), 2), Fit::Short(s(&["1"])));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2021年1月20日"), NaiveDate::from_ymd_opt(2021, 1, 20));
        assert_eq!(parse_date("２０２１年 １月 ２０日"), NaiveDate::from_ymd_opt(2021, 1, 20));
        assert_eq!(parse_date("2021年13月20日"), None);
    }

    #[test]
    fn fingerprints_tell_the_editions_apart() {
        assert!(fingerprints(Edition::V2019).contains(&fold("本年新制作数量").into_owned()));
        assert!(fingerprints(Edition::V2021).contains(&fold("本年制发件数").into_owned()));
        assert!(!fingerprints(Edition::V2019).contains(&fold("规范性文件").into_owned()));
    }
}
