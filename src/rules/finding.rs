//! Findings: what a rule found, the cells it names, where the reader was,
//! and the ordered, capped list of them ([`Findings`]).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use crate::layout::CellRef;
use crate::{Edition, Place};

use super::*;

/// A cell named by a finding, with what it printed.
///
/// ```
/// use disclosure_report::read::parse;
/// use disclosure_report::rules::Year;
///
/// let parsed = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/made/pingtan-2022-held-out-errors.txt")))?;
/// let findings = parsed.findings();
/// let error = findings.errors().next().unwrap();
/// let involved = &error.cells()[0];
/// assert_eq!(involved.year(), Year::Current);
/// assert!(involved.place().is_some(), "where it was printed: {}", involved.cell());
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Involved {
    pub(crate) cell: CellRef,
    pub(crate) year: Year,
    pub(crate) text: Option<String>,
    /// Whether it is subtracted in the rule's sum.
    pub(crate) negated: bool,
    /// Whether it is on the actual (as opposed to expected) side.
    pub(crate) actual_side: bool,
    pub(crate) derived: bool,
    pub(crate) at: Option<Place>,
}

impl Involved {
    /// The cell.
    pub fn cell(&self) -> CellRef {
        self.cell
    }

    /// Which report of a pair it belongs to: this year's, or (for a
    /// cross-year finding) the year before.
    pub fn year(&self) -> Year {
        self.year
    }

    /// Its printed text; `None` if absent.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// Whether the cell was derived from others (a total of a strict
    /// report), rather than given.
    pub fn is_derived(&self) -> bool {
        self.derived
    }

    /// Where the cell was printed in its source, where the report was read
    /// from one.
    pub fn place(&self) -> Option<Place> {
        self.at
    }
}

impl fmt::Debug for Involved {
    /// The key path and what it printed: `requests.new_requests.total = "3"`,
    /// `previous requests.carried_over.total absent`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year == Year::Previous {
            f.write_str("previous ")?;
        }
        if self.negated {
            f.write_str("-")?;
        }
        write!(f, "{}", self.cell.key_path())?;
        if self.derived {
            f.write_str(" (derived)")?;
        }
        match &self.text {
            Some(text) => write!(f, " = {text:?}")?,
            None => f.write_str(" absent")?,
        }
        match &self.at {
            Some(at) => write!(f, " at {at}"),
            None => Ok(()),
        }
    }
}

impl Involved {
    /// A cell of the current report, on the actual side, with its text.
    pub(crate) fn current(cell: CellRef, text: Option<String>) -> Involved {
        Involved { cell, year: Year::Current, text, negated: false, actual_side: true, derived: false, at: None }
    }
}

impl Serialize for Involved {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Involved", 10)?;
        st.serialize_field("section", self.cell.section().numeral())?;
        st.serialize_field("row", self.cell.row().key)?;
        st.serialize_field("column", self.cell.column().key)?;
        st.serialize_field("row_label", &self.cell.row_label())?;
        st.serialize_field("column_label", &self.cell.column_label())?;
        st.serialize_field("label", &self.cell.to_string())?;
        st.serialize_field(
            "year",
            match self.year {
                Year::Current => "current",
                Year::Previous => "previous",
            },
        )?;
        st.serialize_field("value", &self.text)?;
        st.serialize_field("negated", &self.negated)?;
        st.serialize_field("edition", &self.cell.edition())?;
        st.serialize_field("side", if self.actual_side { "actual" } else { "expected" })?;
        if self.derived {
            st.serialize_field("derived", &true)?;
        }
        if let Some(at) = &self.at {
            st.serialize_field("at", at)?;
        }
        st.end()
    }
}

/// What else a finding needs for its message.
/// What is wrong with a cell by itself; each has its rule and its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum CellProblem {
    Blank,
    NotANumber,
    TooLarge,
    Negative,
}

impl CellProblem {
    pub(super) fn rule(self) -> &'static Rule {
        match self {
            CellProblem::Blank => &CELL_BLANK,
            CellProblem::NotANumber => &CELL_NOT_A_NUMBER,
            CellProblem::TooLarge => &CELL_OVERFLOW,
            CellProblem::Negative => &CELL_NEGATIVE,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Detail {
    /// A cell wrong by itself.
    Cell(CellProblem),
    /// An identity that does not hold: `Σ actual` against `Σ expected`.
    Identity {
        at_least: bool,
    },
    NotEvaluated(Vec<&'static str>),
    SumOverflow,
    YearMismatch {
        edition: Edition,
        year: u16,
    },
    Late {
        published: NaiveDate,
        deadline: NaiveDate,
    },
    Label {
        printed: String,
        official: String,
    },
    /// A year of a series: missing, or given twice.
    SeriesYear {
        year: u16,
        missing: bool,
    },
    /// A reader's finding, with its own words.
    Reader {
        zh: String,
        en: String,
    },
    /// Printed more than once: every printing quoted, and how many more
    /// were counted.
    Duplicate {
        unlisted: usize,
    },
    /// A money figure read in the official unit, none being printed.
    UnitAssumed,
    /// A figure the prose states (`printed`, in `sentence`) that no reading
    /// of its phrase gives.
    ProseFigure {
        sentence: String,
        printed: String,
    },
    /// A share the prose states that its count and no declared total give.
    ProseShare {
        sentence: String,
        printed: String,
        share: Decimal,
    },
    /// A processing fee charged, and section 六 saying none was.
    FeeUnstated {
        sentence: String,
    },
    /// Section 五 empty, or only 无.
    ProblemsEmpty,
    /// Findings of the rule past [`FINDINGS_PER_RULE`], counted but not
    /// listed.
    More {
        count: usize,
    },
}

/// How many findings of one rule a report lists; past that, one finding
/// of the rule says how many more there were.
pub(crate) const FINDINGS_PER_RULE: usize = 100;

/// One problem found in a report.
///
/// It names its rule, every cell involved with its printed value, the
/// expected and actual figures where there are any, and says what is wrong
/// in Chinese and in English.
///
/// ```
/// use disclosure_report::layout::{columns, rows, Section};
/// use disclosure_report::{AnnualReport, ReportMeta, Severity};
///
/// let mut p = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?.to_published();
/// p.set_text(Section::Requests, &rows::CARRIED_OVER, &columns::NATURAL_PERSON, "1")?;
/// let findings = p.check();
/// let f = findings.errors().next().unwrap();
/// assert_eq!((f.rule().id, f.severity()), ("T3.balance", Severity::Error));
/// assert!(f.names("requests.carried_over.natural_person".parse()?));
/// println!("{f}"); // [T3.balance] error: … / …
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    pub(super) rule: &'static Rule,
    /// The rule's severity, or (for `cell.missing`) the severity of the
    /// rules that need the cells.
    pub(super) severity: Severity,
    pub(super) cells: Vec<Involved>,
    pub(super) expected: Option<Decimal>,
    pub(super) actual: Option<Decimal>,
    pub(super) detail: Detail,
    /// Where in its source a reader's finding was made (a row, a line).
    pub(super) place: Option<Place>,
    /// The years (previous, current) of a cross-year finding.
    pub(super) years: Option<(u16, u16)>,
    /// Printed texts the finding quotes because no cell holds them.
    pub(super) quoted: Vec<String>,
}

impl std::hash::Hash for Rule {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.id.hash(h);
    }
}

impl Finding {
    pub(crate) fn new(rule: &'static Rule, cells: Vec<Involved>, detail: Detail) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            cells,
            expected: None,
            actual: None,
            detail,
            place: None,
            years: None,
            quoted: Vec::new(),
        }
    }

    /// A finding that quotes printed texts that no cell holds.
    pub(crate) fn quoting(mut self, quoted: Vec<String>) -> Finding {
        self.quoted = quoted;
        self
    }

    /// The summary of `count` findings of `rule` that were not listed
    /// (past [`FINDINGS_PER_RULE`]).
    pub(crate) fn not_listed(rule: &'static Rule, count: usize) -> Finding {
        Finding::new(rule, Vec::new(), Detail::More { count })
    }

    /// A reader's finding about `cells` (absent ones), made at `place` of
    /// the source.
    pub(crate) fn reader(
        rule: &'static Rule,
        cells: &[CellRef],
        place: Option<Place>,
        zh: String,
        en: String,
    ) -> Finding {
        let cells = cells.iter().map(|&cell| Involved::current(cell, None)).collect();
        let mut f = Finding::new(rule, cells, Detail::Reader { zh, en });
        f.place = place;
        f
    }

    /// With the texts `text` gives for the cells of the current report.
    #[cfg(feature = "json")]
    pub(crate) fn with_texts(mut self, text: impl Fn(CellRef) -> Option<String>) -> Finding {
        for c in self.cells.iter_mut().filter(|c| c.year == Year::Current) {
            c.text = text(c.cell);
        }
        self
    }

    /// The rule.
    pub fn rule(&self) -> &'static Rule {
        self.rule
    }

    /// How serious it is: the rule's severity, except for `cell.missing`,
    /// which is an error where a rule of severity error needs one of the
    /// cells, and a warning otherwise (FORMAT §6).
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Every cell involved, actual side first.
    pub fn cells(&self) -> &[Involved] {
        &self.cells
    }

    /// Whether the finding names this cell of the current report.
    pub fn names(&self, cell: CellRef) -> bool {
        self.cells.iter().any(|c| c.cell == cell && c.year == Year::Current)
    }

    /// The figure the rule expects, where there is one.
    pub fn expected(&self) -> Option<Decimal> {
        self.expected
    }

    /// The figure the report gives, where there is one.
    pub fn actual(&self) -> Option<Decimal> {
        self.actual
    }

    /// Where in its source the finding was made: the row or line a
    /// reader's finding is about, else where the first of its cells that
    /// was printed was printed. In the terms of the person holding the
    /// document: a PDF's page and box, a page's or Word file's table, row
    /// and column, a text file's line.
    ///
    /// ```
    /// # #[cfg(feature = "html")] {
    /// use disclosure_report::read::{read_report, Options, SourceFormat};
    /// use disclosure_report::Place;
    ///
    /// let page = "<h1>某局2022年政府信息公开工作年度报告</h1><h2>四、政府信息公开行政复议、行政诉讼情况</h2>\
    ///     <table><tr><td>行政复议</td></tr><tr><td>1</td><td>2</td></tr></table>";
    /// let parsed = read_report(page, SourceFormat::Html, &Options::default())?;
    /// let unplaced = parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_UNPLACED).next().unwrap();
    /// assert_eq!(unplaced.place(), Some(Place::TableCell { table: 1, row: 2, column: None }));
    /// assert_eq!(unplaced.place().unwrap().to_string(), "table 1, row 2");
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn place(&self) -> Option<Place> {
        self.place.or_else(|| self.cells.iter().find_map(|c| c.at))
    }

    /// The finding with each cell of the current report located by `place`.
    pub(crate) fn located(mut self, place: impl Fn(CellRef) -> Option<Place>) -> Finding {
        for c in self.cells.iter_mut().filter(|c| c.year == Year::Current && c.at.is_none()) {
            c.at = place(c.cell);
        }
        self
    }

    /// The years (previous, current) a cross-year finding compares.
    pub fn years(&self) -> Option<(u16, u16)> {
        self.years
    }

    /// The printed texts this finding quotes because no cell holds them:
    /// numbers a reader could not place, every printing of a duplicated
    /// cell. Together with the cells, they account for every number a
    /// report printed.
    pub fn quoted(&self) -> &[String] {
        &self.quoted
    }

    /// For the summary of a rule's findings past the 100 listed: how many
    /// findings of the rule were counted but not listed.
    pub fn more(&self) -> Option<usize> {
        match self.detail {
            Detail::More { count } => Some(count),
            _ => None,
        }
    }

    fn sort_key(&self) -> SortKey {
        let first = self.cells.first().map(|c| (c.year, c.cell.index()));
        (self.severity, self.years, self.rule.position(), self.more().is_some(), self.place.map(|p| p.order()), first)
    }
}

/// Findings of a rule (for the years they compare): how many are listed,
/// and how many more were counted.
type Tally = (&'static Rule, Option<(u16, u16)>, usize, usize);

/// Findings sort by severity (the most severe first, in every output), the
/// years they compare, rule (its summary last), place, cell.
type SortKey = (Severity, Option<(u16, u16)>, usize, bool, Option<(u8, u32, u32, u32)>, Option<(Year, usize)>);

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.rule.id, self.severity())?;
        if let Some((previous, current)) = self.years {
            write!(f, " ({previous}→{current})")?;
        }
        if let Some(place) = self.place() {
            write!(f, " ({place})")?;
        }
        write!(f, ": {} / {}", self.message_zh(), self.message_en())
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Message {
            zh: String,
            en: String,
        }
        let mut st = s.serialize_struct("Finding", 7)?;
        st.serialize_field("rule", self.rule.id)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("cells", &self.cells)?;
        st.serialize_field("expected", &self.expected)?;
        st.serialize_field("actual", &self.actual)?;
        st.serialize_field("message", &Message { zh: self.message_zh(), en: self.message_en() })?;
        // The finding's own place (a reader's row or line); its cells
        // carry theirs.
        if let Some(place) = self.place {
            st.serialize_field("at", &place)?;
        }
        if let Some(years) = self.years {
            st.serialize_field("years", &years)?;
        }
        if !self.quoted.is_empty() {
            st.serialize_field("quoted", &self.quoted)?;
        }
        if let Some(more) = self.more() {
            st.serialize_field("more", &more)?;
        }
        st.end()
    }
}

/// A finding as its JSON gives it.
#[derive(Deserialize)]
struct FindingIn {
    rule: String,
    severity: Severity,
    cells: Vec<InvolvedIn>,
    expected: Option<Decimal>,
    actual: Option<Decimal>,
    message: MessageIn,
    #[serde(default)]
    at: Option<Place>,
    #[serde(default)]
    years: Option<(u16, u16)>,
    #[serde(default)]
    quoted: Vec<String>,
    #[serde(default)]
    more: Option<usize>,
}

#[derive(Deserialize)]
struct MessageIn {
    zh: String,
    en: String,
}

#[derive(Deserialize)]
struct InvolvedIn {
    edition: Edition,
    section: crate::layout::Section,
    row: String,
    column: String,
    year: String,
    value: Option<String>,
    negated: bool,
    side: String,
    #[serde(default)]
    derived: bool,
    #[serde(default)]
    at: Option<Place>,
}

impl<'de> Deserialize<'de> for Finding {
    /// A finding as [`Serialize`] wrote it (a `check --json` line, an
    /// export): the rule, severity, cells, figures and location as they
    /// were, and the message in the words it was written with.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Finding, D::Error> {
        let f = FindingIn::deserialize(d)?;
        let rule: &'static Rule = f.rule.parse().map_err(de::Error::custom)?;
        let mut cells = Vec::with_capacity(f.cells.len());
        for c in f.cells {
            let layout = crate::layout::Layout::of(c.edition);
            let cell = layout.cell_by_key(c.section, &c.row, &c.column).ok_or_else(|| {
                de::Error::custom(format!("{} has no cell {}.{}.{}", c.edition, c.section.key(), c.row, c.column))
            })?;
            let year = match &*c.year {
                "current" => Year::Current,
                "previous" => Year::Previous,
                other => return Err(de::Error::unknown_variant(other, &["current", "previous"])),
            };
            let actual_side = match &*c.side {
                "actual" => true,
                "expected" => false,
                other => return Err(de::Error::unknown_variant(other, &["actual", "expected"])),
            };
            cells.push(Involved {
                cell,
                year,
                text: c.value,
                negated: c.negated,
                actual_side,
                derived: c.derived,
                at: c.at,
            });
        }
        let detail = match f.more {
            Some(count) => Detail::More { count },
            None => Detail::Reader { zh: f.message.zh, en: f.message.en },
        };
        Ok(Finding {
            rule,
            severity: f.severity,
            cells,
            expected: f.expected,
            actual: f.actual,
            detail,
            place: f.at,
            years: f.years,
            quoted: f.quoted,
        })
    }
}

/// The findings of a check, in a deterministic order: errors first, then
/// by rule in catalogue order, then by cell in layout order.
///
/// They serialize as a list of findings, and read back from it: a saved
/// check can be filtered again.
///
/// ```
/// use disclosure_report::read::parse;
/// use disclosure_report::Findings;
///
/// let findings = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?.findings();
/// let json = serde_json::to_string(&findings)?;
/// let back: Findings = serde_json::from_str(&json)?;
/// assert_eq!(serde_json::to_string(&back)?, json);
/// assert_eq!(back.errors().count(), findings.errors().count());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Findings(Vec<Finding>);

impl Findings {
    /// In order, at most [`FINDINGS_PER_RULE`] of a rule listed and the
    /// rest counted in one summary finding of the rule.
    pub(crate) fn sorted(mut v: Vec<Finding>) -> Findings {
        v.sort_by_key(Finding::sort_key);
        let mut tally: Vec<Tally> = Vec::new();
        let mut kept = Vec::with_capacity(v.len().min(4 * FINDINGS_PER_RULE));
        for f in v {
            let at = match tally.iter().position(|(r, y, _, _)| std::ptr::eq(*r, f.rule) && *y == f.years) {
                Some(at) => at,
                None => {
                    tally.push((f.rule, f.years, 0, 0));
                    tally.len() - 1
                }
            };
            let (_, _, listed, more) = &mut tally[at];
            match f.more() {
                Some(n) => *more = more.saturating_add(n),
                None if *listed < FINDINGS_PER_RULE => {
                    *listed += 1;
                    kept.push(f);
                }
                None => *more = more.saturating_add(1),
            }
        }
        for (rule, years, _, more) in tally.into_iter().filter(|t| t.3 > 0) {
            let mut summary = Finding::not_listed(rule, more);
            summary.years = years;
            kept.push(summary);
        }
        kept.sort_by_key(Finding::sort_key);
        Findings(kept)
    }

    /// All findings.
    pub fn iter(&self) -> std::slice::Iter<'_, Finding> {
        self.0.iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|f| f.severity() == Severity::Error)
    }

    /// The findings of one severity.
    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(move |f| f.severity() == severity)
    }

    /// The error findings.
    ///
    /// ```
    /// use disclosure_report::read::parse;
    /// use disclosure_report::Severity;
    ///
    /// let findings = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?.findings();
    /// // Table 四 is absent (its figures could not be placed): T4.total is
    /// // not evaluated, which is an error.
    /// assert!(findings.errors().all(|f| f.severity() == Severity::Error));
    /// assert_eq!(findings.errors().count(), findings.with_severity(Severity::Error).count());
    /// # Ok::<(), disclosure_report::read::ParseError>(())
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.with_severity(Severity::Error)
    }

    /// The findings of one rule.
    ///
    /// The rule is named by its static, so that a misspelt one does not
    /// compile; from an id, parse it first (`"T3.balance".parse()?`), which
    /// refuses an id the catalogue does not have.
    ///
    /// ```
    /// use disclosure_report::read::parse;
    /// use disclosure_report::rules::{self, Rule};
    ///
    /// let parsed = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?;
    /// let findings = parsed.findings();
    /// assert_eq!(findings.of_rule(&rules::PARSE_REFLOWED).count(), 1);
    /// let by_id: &Rule = "parse.reflowed".parse()?;
    /// assert_eq!(findings.of_rule(by_id).count(), 1);
    /// assert!("T3.balanse".parse::<&Rule>().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of_rule<'a>(&'a self, rule: &'static Rule) -> impl Iterator<Item = &'a Finding> {
        self.0.iter().filter(move |f| std::ptr::eq(f.rule, rule))
    }

    /// Keeps the findings `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Finding) -> bool) {
        self.0.retain(keep);
    }
}

impl Extend<Finding> for Findings {
    /// Adds findings, keeping the order (and the cap per rule).
    fn extend<I: IntoIterator<Item = Finding>>(&mut self, more: I) {
        let mut all = std::mem::take(&mut self.0);
        all.extend(more);
        *self = Findings::sorted(all);
    }
}

impl FromIterator<Finding> for Findings {
    /// The findings in order, at most 100 of a rule listed and one more
    /// counting the rest.
    fn from_iter<I: IntoIterator<Item = Finding>>(findings: I) -> Findings {
        Findings::sorted(findings.into_iter().collect())
    }
}

impl IntoIterator for Findings {
    type Item = Finding;
    type IntoIter = std::vec::IntoIter<Finding>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = &'a Finding;
    type IntoIter = std::slice::Iter<'a, Finding>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Findings {
    /// A finding a line, as the command prints them; none is said, as the
    /// command says it.
    ///
    /// ```
    /// use disclosure_report::Findings;
    ///
    /// assert_eq!(Findings::default().to_string(), "no finding / 未发现问题\n");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return writeln!(f, "no finding / 未发现问题");
        }
        for finding in &self.0 {
            writeln!(f, "{finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Findings {}
