//! Tidy, long-format tables for data analysis (pandas, R, DuckDB): one
//! row per cell, and one row per finding and cell.
//!
//! The columns of [`CellRow`], in this order and with these names, are a
//! public interface:
//! `file,report_in_file,organ,organ_key,year,edition,section,section_key,row_key,column_key,row_label,column_label,status,value,unit,value_wan,text`.
//!
//! - `file` and `report_in_file` say where the report came from (the
//!   [`Origin`]), so that a folder's rows pivot to one row per report even
//!   when two files hold the same organ and year;
//! - `organ` is the name as printed, `organ_key` the organ it is of: the
//!   name's [`ReportMeta::organ_key`](crate::ReportMeta::organ_key), or the
//!   key an [`Origin`] gives (an organ renamed, see
//!   [`Organs`](crate::aggregate::Organs)) — group by it;
//! - every cell of the report's edition appears, printed totals and group
//!   subtotal cells included; `status` says what was printed: `number`,
//!   `blank`, `not_applicable`, `not_a_number`, `too_large`, or `absent`
//!   (not printed at all);
//! - `value` is the number in the unit it was printed in, `unit` that unit
//!   (`元` or `万元` for money, empty for counts) and `value_wan` money in
//!   the format's unit, 万元; all three empty where there is no number;
//! - `text` is what the report printed, empty when the cell is absent.
//!
//! Numbers are exact: plain decimal digits in CSV, JSON numbers (never
//! through `f64`) in a [`TidyWriter`]'s JSON Lines; a row serialized by
//! another serializer gives them as decimal strings.
//!
//! ```
//! # #[cfg(feature = "csv")] {
//! use disclosure_report::export::{cell_rows, TidyFormat, TidyWriter};
//! use disclosure_report::{AnnualReport, ReportMeta};
//!
//! let report = AnnualReport::builder(ReportMeta::new("某县人民政府", 2022)?).build()?;
//! let published = report.to_published();
//! let mut out = TidyWriter::new(Vec::new(), TidyFormat::Csv);
//! for row in cell_rows(&published, "某县-2022.json") {
//!     out.write(&row)?;
//! }
//! let csv = String::from_utf8(out.finish()?)?;
//! let mut lines = csv.lines();
//! assert_eq!(
//!     lines.next(),
//!     Some("file,report_in_file,organ,organ_key,year,edition,section,section_key,row_key,column_key,row_label,column_label,status,value,unit,value_wan,text")
//! );
//! assert_eq!(
//!     lines.next(),
//!     Some("某县-2022.json,1,某县人民政府,某县人民政府,2022,V2021,二,proactive,regulations,issued,第二十条第（一）项 / 规章,本年制发件数,number,0,,,0")
//! );
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::io::Write;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::layout::{CellKind, CellRef};
use crate::number::{Unit, Value};
use crate::rules::{Finding, Findings, Severity, Year};
use crate::{Cell, Edition, Published};

/// Where a report came from: its file, and which report of the file it is
/// (1 for the first; a file may hold several, see
/// [`read::read_all`](crate::read::read_all)).
///
/// A file name converts into the origin of its first report:
///
/// ```
/// use disclosure_report::export::Origin;
///
/// let first: Origin = "report.html".into();
/// assert_eq!((first.file(), first.report()), ("report.html", 1));
/// assert_eq!(Origin::new("two.txt", 2).report(), 2);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin<'a> {
    file: &'a str,
    report: usize,
    organ_key: Option<&'a str>,
}

impl<'a> Origin<'a> {
    /// The `report`th report (from 1) of `file`.
    pub fn new(file: &'a str, report: usize) -> Origin<'a> {
        Origin { file, report, organ_key: None }
    }

    /// With the organ's key given (say [`Organs::key`](crate::aggregate::Organs::key)
    /// of a renamed organ) rather than taken from its printed name.
    ///
    /// ```
    /// use disclosure_report::export::{cell_rows, Origin};
    /// use disclosure_report::{AnnualReport, ReportMeta};
    ///
    /// let p = AnnualReport::builder(ReportMeta::new("区农业局", 2019)?).build()?.to_published();
    /// assert!(cell_rows(&p, "a.json").all(|r| r.organ_key == "区农业局"));
    /// let renamed = Origin::new("a.json", 1).with_organ_key("区农业农村局");
    /// assert!(cell_rows(&p, renamed).all(|r| r.organ == "区农业局" && r.organ_key == "区农业农村局"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_organ_key(mut self, key: &'a str) -> Origin<'a> {
        self.organ_key = Some(key);
        self
    }

    /// The organ's key of `meta`'s report from here.
    fn organ_key(&self, meta: &'a crate::ReportMeta) -> Cow<'a, str> {
        self.organ_key.map_or_else(|| Cow::Owned(meta.organ_key()), Cow::Borrowed)
    }

    /// The file, as the caller named it.
    pub fn file(&self) -> &'a str {
        self.file
    }

    /// Which report of the file, from 1.
    pub fn report(&self) -> usize {
        self.report
    }
}

impl<'a> From<&'a str> for Origin<'a> {
    fn from(file: &'a str) -> Origin<'a> {
        Origin::new(file, 1)
    }
}

impl<'a> From<&'a String> for Origin<'a> {
    fn from(file: &'a String) -> Origin<'a> {
        Origin::new(file, 1)
    }
}

/// One cell of one report.
///
/// ```
/// use disclosure_report::export::cell_rows;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let p = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?.to_published();
/// let row = cell_rows(&p, "某局.json").find(|r| r.row_key == "new_requests" && r.column_key == "total").unwrap();
/// assert_eq!((row.file, row.status, row.value), ("某局.json", "number", Some(0.into())));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CellRow<'a> {
    /// The file the report was read from.
    pub file: &'a str,
    /// Which report of its file, from 1.
    pub report_in_file: usize,
    /// The organ, as printed.
    pub organ: &'a str,
    /// The organ's key: one organ's spellings (and, through an [`Origin`],
    /// its former names) share it.
    pub organ_key: Cow<'a, str>,
    /// The report year.
    pub year: u16,
    /// `V2019` or `V2021`.
    pub edition: Edition,
    /// `二`, `三` or `四`.
    pub section: &'static str,
    /// `proactive`, `requests` or `review`.
    pub section_key: &'static str,
    /// The row's stable key.
    pub row_key: &'static str,
    /// The column's stable key.
    pub column_key: &'static str,
    /// The row's label after its sub-table title and group, joined by ` / `.
    pub row_label: String,
    /// The column's label after its groups, joined by ` / `.
    pub column_label: String,
    /// What was printed: `number`, `blank`, `not_applicable`,
    /// `not_a_number`, `too_large`, or `absent`.
    pub status: &'static str,
    /// The number, in the unit it was printed in; `None` where there is
    /// none.
    #[serde(serialize_with = "figure")]
    pub value: Option<Decimal>,
    /// The unit of `value`: `元` or `万元` for money (万元 where none was
    /// printed), empty for counts and changes.
    pub unit: &'static str,
    /// Money in 万元, the format's unit; `None` for counts and changes.
    #[serde(serialize_with = "figure")]
    pub value_wan: Option<Decimal>,
    /// What the report printed; empty where the cell is absent.
    pub text: &'a str,
}

/// What a cell printed, as the `status` column says it.
fn status(cell: Option<&Cell>) -> &'static str {
    match cell.map(Cell::value) {
        None => "absent",
        Some(Value::Number(_)) => "number",
        Some(Value::Blank) => "blank",
        Some(Value::NotApplicable) => "not_applicable",
        Some(Value::NotANumber) => "not_a_number",
        Some(Value::TooLarge) => "too_large",
    }
}

/// The number a cell holds in the unit it was printed in, that unit, and
/// money in 万元.
fn figures(cell: CellRef, printed: Option<&Cell>) -> (Option<Decimal>, &'static str, Option<Decimal>) {
    let Some(printed) = printed else { return (None, "", None) };
    let Value::Number(d) = printed.value() else { return (None, "", None) };
    if cell.info().kind() != CellKind::Money {
        return (Some(d), "", None);
    }
    match printed.money_unit() {
        Unit::Yuan => (yuan(d), "元", Some(d)),
        Unit::Wan => (Some(d), "万元", Some(d)),
    }
}

/// 万元 back to 元: four decimals fewer, exact. A figure printed in 元 was
/// read into 万元 with four decimals more, so the scale is there to take;
/// `None` only past what a `Decimal` holds.
fn yuan(wan: Decimal) -> Option<Decimal> {
    let mut y = wan;
    match wan.scale().checked_sub(4).map(|scale| y.set_scale(scale)) {
        Some(Ok(())) => Some(y),
        _ => wan.checked_mul(Decimal::from(10_000)),
    }
}

#[cfg(feature = "json")]
thread_local! {
    /// Set while a [`TidyWriter`] writes JSON Lines: figures go out as JSON
    /// numbers (the serializer cannot be asked what it writes, and CSV
    /// takes no raw JSON).
    static JSON_NUMBERS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A figure column: empty (CSV) or `null` where there is none; exact
/// decimal digits — as a JSON number in a [`TidyWriter`]'s JSON Lines, as
/// a string to any other serializer. Never through `f64`.
fn figure<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    let Some(d) = d else { return s.serialize_none() };
    #[cfg(feature = "json")]
    if JSON_NUMBERS.get() {
        use serde::ser::Error as _;
        return serde_json::value::RawValue::from_string(d.to_string()).map_err(S::Error::custom)?.serialize(s);
    }
    s.serialize_str(&d.to_string())
}

/// Every cell of a report's edition, in layout order, each row naming the
/// report's `origin` (a file name, or an [`Origin`]).
///
/// ```
/// use disclosure_report::export::{cell_rows, Origin};
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let p = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?.to_published();
/// assert_eq!(cell_rows(&p, "a.json").count(), p.layout().len());
/// // The second report of a file that holds two.
/// assert!(cell_rows(&p, Origin::new("two.txt", 2)).all(|r| r.report_in_file == 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cell_rows<'a>(p: &'a Published, origin: impl Into<Origin<'a>>) -> impl Iterator<Item = CellRow<'a>> {
    let origin = origin.into();
    let meta = p.meta();
    p.cells().map(move |(cell, printed)| {
        let (value, unit, value_wan) = figures(cell, printed);
        CellRow {
            file: origin.file,
            report_in_file: origin.report,
            organ: meta.organ(),
            organ_key: origin.organ_key(meta),
            year: meta.year(),
            edition: p.edition(),
            section: cell.section().numeral(),
            section_key: cell.section().key(),
            row_key: cell.row().key,
            column_key: cell.column().key,
            row_label: cell.row_label(),
            column_label: cell.column_label(),
            status: status(printed),
            value,
            unit,
            value_wan,
            text: printed.map_or("", Cell::text),
        }
    })
}

/// One cell named by one finding (a finding that names no cell has one row
/// with the cell columns empty).
///
/// ```
/// use disclosure_report::export::finding_rows;
/// use disclosure_report::read::parse;
///
/// let parsed = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/made/pingtan-2022-held-out-errors.txt")))?;
/// let findings = parsed.findings();
/// let rows: Vec<_> = finding_rows(parsed.published(), &findings, "pingtan.txt").collect();
/// assert_eq!(rows[0].severity, disclosure_report::Severity::Error);
/// assert!(rows.iter().all(|r| r.file == "pingtan.txt"));
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FindingRow<'a> {
    /// The file the report was read from.
    pub file: &'a str,
    /// Which report of its file, from 1.
    pub report_in_file: usize,
    /// The organ, as printed.
    pub organ: &'a str,
    /// The organ's key: one organ's spellings (and, through an [`Origin`],
    /// its former names) share it.
    pub organ_key: Cow<'a, str>,
    /// The report year.
    pub year: u16,
    /// `V2019` or `V2021`.
    pub edition: Edition,
    /// The rule id.
    pub rule: &'static str,
    /// `error`, `warning` or `notice`.
    pub severity: Severity,
    /// `二`, `三` or `四`; empty where the finding names no cell.
    pub section: &'static str,
    /// `proactive`, `requests` or `review`; empty where the finding names
    /// no cell.
    pub section_key: &'static str,
    /// The row's stable key.
    pub row_key: &'static str,
    /// The column's stable key.
    pub column_key: &'static str,
    /// The row's label.
    pub row_label: String,
    /// The column's label.
    pub column_label: String,
    /// `current`, or `previous` for the previous year's cell of a
    /// cross-year finding.
    pub report: &'static str,
    /// What the cell printed.
    pub text: String,
    /// The figure the rule expects (money in 万元).
    #[serde(serialize_with = "figure")]
    pub expected: Option<Decimal>,
    /// The figure the report gives (money in 万元).
    #[serde(serialize_with = "figure")]
    pub actual: Option<Decimal>,
    /// Where in its source the finding was made, or its first cell was
    /// printed (`page 3`, `table 2, row 5, column 3`, `line 59`), where
    /// the report was read from one.
    pub place: Option<String>,
    /// The message in Chinese.
    pub message_zh: String,
    /// The message in English.
    pub message_en: String,
}

/// The rows of a report's findings, in their order (most severe first):
/// one per finding and cell, each naming the report's `origin`.
///
/// ```
/// use disclosure_report::export::finding_rows;
/// use disclosure_report::layout::{columns, rows, Section};
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let mut p = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?.to_published();
/// p.set_text(Section::Review, &rows::REVIEW_CASES, &columns::DIRECT_UPHELD, "2")?;
/// let findings = p.check();
/// // T4.total names the total and its four parts: a row each.
/// let rows: Vec<_> = finding_rows(&p, &findings, "某局.json").filter(|r| r.rule == "T4.total").collect();
/// assert_eq!(rows.len(), 5);
/// assert_eq!((rows[0].expected, rows[0].actual), (Some(2.into()), Some(0.into())));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn finding_rows<'a>(
    p: &'a Published,
    findings: &'a Findings,
    origin: impl Into<Origin<'a>>,
) -> impl Iterator<Item = FindingRow<'a>> {
    let origin = origin.into();
    findings.iter().flat_map(move |f| {
        let cells: Vec<Option<(CellRef, Year, String)>> = if f.cells().is_empty() {
            vec![None]
        } else {
            f.cells().iter().map(|c| Some((c.cell, c.year, c.text.clone().unwrap_or_default()))).collect()
        };
        cells.into_iter().map(move |c| finding_row(p, f, c, origin))
    })
}

fn finding_row<'a>(
    p: &'a Published,
    f: &Finding,
    cell: Option<(CellRef, Year, String)>,
    origin: Origin<'a>,
) -> FindingRow<'a> {
    let meta = p.meta();
    let (section, section_key, row_key, column_key, row_label, column_label, report, text) = match cell {
        Some((c, year, text)) => (
            c.section().numeral(),
            c.section().key(),
            c.row().key,
            c.column().key,
            c.row_label(),
            c.column_label(),
            if year == Year::Previous { "previous" } else { "current" },
            text,
        ),
        None => ("", "", "", "", String::new(), String::new(), "current", String::new()),
    };
    FindingRow {
        file: origin.file,
        report_in_file: origin.report,
        organ: meta.organ(),
        organ_key: origin.organ_key(meta),
        year: meta.year(),
        edition: p.edition(),
        rule: f.rule().id,
        severity: f.severity(),
        section,
        section_key,
        row_key,
        column_key,
        row_label,
        column_label,
        report,
        text,
        expected: f.expected(),
        actual: f.actual(),
        place: f.place().map(|p| p.to_string()),
        message_zh: f.message_zh(),
        message_en: f.message_en(),
    }
}

/// One cell of one year's comparison with the year before.
///
/// ```
/// use disclosure_report::aggregate::compare;
/// use disclosure_report::export::change_rows;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let year = |y| AnnualReport::builder(ReportMeta::new("某局", y).unwrap()).build().unwrap();
/// let comparison = compare(&year(2022), &year(2023))?;
/// let row = change_rows(&comparison).next().unwrap();
/// assert_eq!((row.year, row.previous_year, row.change), (2023, 2022, Some(0.into())));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ChangeRow<'a> {
    /// The organ.
    pub organ: &'a str,
    /// The organ's key ([`ReportMeta::organ_key`](crate::ReportMeta::organ_key)
    /// of its name): one organ's spellings share it.
    pub organ_key: Cow<'a, str>,
    /// The year compared with the one before.
    pub year: u16,
    /// The year before.
    pub previous_year: u16,
    /// The edition compared in.
    pub edition: Edition,
    /// `二`, `三` or `四`.
    pub section: &'static str,
    /// `proactive`, `requests` or `review`.
    pub section_key: &'static str,
    /// The row's stable key.
    pub row_key: &'static str,
    /// The column's stable key.
    pub column_key: &'static str,
    /// The row's label.
    pub row_label: String,
    /// The column's label.
    pub column_label: String,
    /// The previous year's figure (money in 万元); `None` where there is
    /// none.
    #[serde(serialize_with = "figure")]
    pub previous: Option<Decimal>,
    /// This year's figure; `None` where there is none.
    #[serde(serialize_with = "figure")]
    pub current: Option<Decimal>,
    /// `current − previous`; `None` unless both are known.
    #[serde(serialize_with = "figure")]
    pub change: Option<Decimal>,
    /// `change / previous`, to 6 decimals; `None` where previous is 0 or
    /// unknown.
    #[serde(serialize_with = "figure")]
    pub relative: Option<Decimal>,
}

/// The rows of a comparison: one per cell. For a series
/// ([`compare_series`](crate::aggregate::compare_series)), chain the rows of
/// each year's comparison: one row per cell and year.
///
/// ```
/// use disclosure_report::aggregate::compare;
/// use disclosure_report::export::change_rows;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let year = |y| AnnualReport::builder(ReportMeta::new("某局", y).unwrap()).build().unwrap();
/// let comparison = compare(&year(2022), &year(2023))?;
/// assert_eq!(change_rows(&comparison).count(), comparison.changes().len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn change_rows(c: &crate::aggregate::Comparison) -> impl Iterator<Item = ChangeRow<'_>> {
    let normal = |d: Option<Decimal>| d.map(|d| d.normalize());
    c.changes().iter().map(move |ch| ChangeRow {
        organ: c.organ(),
        organ_key: Cow::Owned(crate::meta::organ_key(c.organ())),
        year: c.years().1,
        previous_year: c.years().0,
        edition: c.edition(),
        section: ch.cell.section().numeral(),
        section_key: ch.cell.section().key(),
        row_key: ch.cell.row().key,
        column_key: ch.cell.column().key,
        row_label: ch.cell.row_label(),
        column_label: ch.cell.column_label(),
        previous: normal(ch.previous),
        current: normal(ch.current),
        change: normal(ch.change()),
        relative: normal(ch.relative().map(|r| r.round_dp(6))),
    })
}

/// One indicator of one report ([`indicators`](crate::indicators)): the
/// columns
/// `file,report_in_file,organ,organ_key,year,edition,indicator,name_zh,name_en,value,shown,numerator,denominator,status,inconsistent`.
///
/// `value` is exact (a share as a fraction, `0.4`; a rate per hundred as
/// such), `shown` as a reader sees it (`40.00%`); `status` is `value`, or
/// why there is none: `zero_denominator`, `not_printed`, `not_a_number`,
/// `overflow`. `inconsistent` is `true` where an error finding names a cell
/// the indicator reads.
///
/// ```
/// use disclosure_report::export::indicator_rows;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let p = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?.to_published();
/// let rows: Vec<_> = indicator_rows(&p, "某局.json").collect();
/// assert_eq!(rows.len(), disclosure_report::indicators::ALL.len());
/// assert_eq!((rows[0].indicator, rows[0].status, rows[0].value), ("substantive_disclosure_rate", "zero_denominator", None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct IndicatorRow<'a> {
    /// The file the report was read from.
    pub file: &'a str,
    /// Which report of its file, from 1.
    pub report_in_file: usize,
    /// The organ, as printed.
    pub organ: &'a str,
    /// The organ's key.
    pub organ_key: Cow<'a, str>,
    /// The report year.
    pub year: u16,
    /// `V2019` or `V2021`.
    pub edition: Edition,
    /// The indicator's key.
    pub indicator: &'static str,
    /// Its Chinese name.
    pub name_zh: &'static str,
    /// Its English name.
    pub name_en: &'static str,
    /// The value, exact; `None` where there is none.
    #[serde(serialize_with = "figure")]
    pub value: Option<Decimal>,
    /// The value as shown (`40.00%`, `2.67`, `—`).
    pub shown: String,
    /// The numerator's figure.
    #[serde(serialize_with = "figure")]
    pub numerator: Option<Decimal>,
    /// The denominator's figure.
    #[serde(serialize_with = "figure")]
    pub denominator: Option<Decimal>,
    /// `value`, or why there is none.
    pub status: &'static str,
    /// Whether an error finding names a cell it reads.
    pub inconsistent: bool,
}

/// The rows of a report's indicators, one per indicator.
pub fn indicator_rows<'a>(p: &'a Published, origin: impl Into<Origin<'a>>) -> impl Iterator<Item = IndicatorRow<'a>> {
    let origin = origin.into();
    let meta = p.meta();
    p.indicators().into_iter().map(move |v| {
        let i = v.indicator();
        IndicatorRow {
            file: origin.file,
            report_in_file: origin.report,
            organ: meta.organ(),
            organ_key: origin.organ_key(meta),
            year: meta.year(),
            edition: p.edition(),
            indicator: i.key,
            name_zh: i.zh,
            name_en: i.en,
            value: v.value().ok().map(|d| d.normalize()),
            shown: v.shown(),
            numerator: v.numerator().ok().map(|d| d.normalize()),
            denominator: v.denominator().ok().map(|d| d.normalize()),
            status: v.value().err().map_or("value", |why| why.key()),
            inconsistent: v.is_inconsistent(),
        }
    })
}

/// The format of a tidy table.
///
/// ```
/// # #[cfg(feature = "json")] {
/// use disclosure_report::export::{TidyFormat, TidyWriter};
///
/// let mut out = TidyWriter::new(Vec::new(), TidyFormat::JsonLines);
/// out.write(&[("a", 1)])?;
/// assert_eq!(String::from_utf8(out.finish()?)?, "[[\"a\",1]]\n");
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TidyFormat {
    /// Comma-separated values with a header line (feature `csv`).
    #[cfg(feature = "csv")]
    Csv,
    /// One JSON object per line (feature `json`).
    #[cfg(feature = "json")]
    JsonLines,
}

/// Why a tidy table could not be written.
///
/// ```
/// use disclosure_report::export::{ExportError, TidyFormat, TidyWriter};
///
/// /// A sink that refuses every byte.
/// struct Full;
/// impl std::io::Write for Full {
///     fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
///         Err(std::io::Error::other("disk full"))
///     }
///     fn flush(&mut self) -> std::io::Result<()> {
///         Ok(())
///     }
/// }
/// # #[cfg(feature = "json")] {
/// let mut out = TidyWriter::new(Full, TidyFormat::JsonLines);
/// let err = out.write(&"row").unwrap_err();
/// assert!(matches!(err, ExportError::Json(_) | ExportError::Io(_)), "{err}");
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Writing failed.
    #[error("cannot write the table")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[cfg(feature = "csv")]
    #[error("cannot write CSV")]
    Csv(#[from] csv::Error),
    /// The JSON writer failed.
    #[cfg(feature = "json")]
    #[error("cannot write JSON")]
    Json(#[from] serde_json::Error),
}

enum Sink<W: Write> {
    #[cfg(feature = "csv")]
    Csv(Box<csv::Writer<W>>),
    #[cfg(feature = "json")]
    JsonLines(W),
}

/// Writes rows ([`CellRow`], [`FindingRow`], [`ChangeRow`]) as a tidy
/// table, one report after another.
///
/// ```
/// # #[cfg(feature = "json")] {
/// use disclosure_report::export::{finding_rows, TidyFormat, TidyWriter};
/// use disclosure_report::read::parse;
///
/// let parsed = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/made/pingtan-2022-held-out-errors.txt")))?;
/// let findings = parsed.findings();
/// let mut out = TidyWriter::new(Vec::new(), TidyFormat::JsonLines);
/// for row in finding_rows(parsed.published(), &findings, "pingtan.txt") {
///     out.write(&row)?;
/// }
/// let jsonl = String::from_utf8(out.finish()?)?;
/// let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap())?;
/// assert_eq!(first["file"], "pingtan.txt");
/// assert_eq!(first["severity"], "error", "most severe first");
/// assert!(first["expected"].is_number());
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TidyWriter<W: Write> {
    sink: Sink<W>,
}

impl<W: Write> std::fmt::Debug for TidyWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let format = match self.sink {
            #[cfg(feature = "csv")]
            Sink::Csv(_) => TidyFormat::Csv,
            #[cfg(feature = "json")]
            Sink::JsonLines(_) => TidyFormat::JsonLines,
        };
        f.debug_struct("TidyWriter").field("format", &format).finish_non_exhaustive()
    }
}

impl<W: Write> TidyWriter<W> {
    /// A writer of `format` into `w`. CSV writes its header line before the
    /// first row.
    pub fn new(w: W, format: TidyFormat) -> TidyWriter<W> {
        let sink = match format {
            #[cfg(feature = "csv")]
            TidyFormat::Csv => Sink::Csv(Box::new(csv::Writer::from_writer(w))),
            #[cfg(feature = "json")]
            TidyFormat::JsonLines => Sink::JsonLines(w),
        };
        TidyWriter { sink }
    }

    /// Writes one row.
    ///
    /// # Errors
    ///
    /// [`ExportError`] if the writer fails.
    pub fn write<R: Serialize>(&mut self, row: &R) -> Result<(), ExportError> {
        match &mut self.sink {
            #[cfg(feature = "csv")]
            Sink::Csv(w) => w.serialize(row)?,
            #[cfg(feature = "json")]
            Sink::JsonLines(w) => {
                /// Figures as JSON numbers for as long as it lives; then as
                /// they were (a row may write rows of its own).
                struct Numbers(bool);
                impl Drop for Numbers {
                    fn drop(&mut self) {
                        JSON_NUMBERS.set(self.0);
                    }
                }
                let numbers = Numbers(JSON_NUMBERS.replace(true));
                serde_json::to_writer(&mut *w, row)?;
                drop(numbers);
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Flushes, and returns the inner writer.
    ///
    /// # Errors
    ///
    /// [`ExportError`] if flushing the writer fails.
    pub fn finish(self) -> Result<W, ExportError> {
        match self.sink {
            #[cfg(feature = "csv")]
            Sink::Csv(w) => (*w).into_inner().map_err(|e| ExportError::Io(e.into_error())),
            #[cfg(feature = "json")]
            Sink::JsonLines(mut w) => {
                w.flush()?;
                Ok(w)
            }
        }
    }
}
