//! Tidy, long-format tables for data analysis (pandas, R): one row per
//! cell, and one row per finding and cell.
//!
//! The columns of [`CellRow`], in this order and with these names, are a
//! public interface:
//! `organ,year,edition,section,row_key,column_key,row_label,column_label,value,text`.
//! Every cell of the report's edition appears, printed totals and group
//! subtotal cells included; `value` is the number in plain decimal digits
//! (money in 万元), empty when the cell is blank, not applicable, not a
//! usable number or absent; `text` is what the report printed, empty when
//! the cell is absent.
//!
//! ```
//! # #[cfg(feature = "csv")] {
//! use disclosure_report::export::{cell_rows, TidyFormat, TidyWriter};
//! use disclosure_report::{AnnualReport, Edition, ProactiveTable, RequestTable, ReportMeta, ReviewTable};
//!
//! let meta = ReportMeta::new("某县人民政府", 2022).unwrap();
//! let e = Edition::V2021;
//! let report = AnnualReport::builder(meta).proactive(ProactiveTable::zeroed(e)).requests(RequestTable::new(e)).review(ReviewTable::default())
//!     .build()
//!     .unwrap();
//! let published = report.to_published();
//! let mut out = TidyWriter::new(Vec::new(), TidyFormat::Csv);
//! for row in cell_rows(&published) {
//!     out.write(&row).unwrap();
//! }
//! let csv = String::from_utf8(out.finish().unwrap()).unwrap();
//! let mut lines = csv.lines();
//! assert_eq!(lines.next(), Some("organ,year,edition,section,row_key,column_key,row_label,column_label,value,text"));
//! assert_eq!(lines.next(), Some("某县人民政府,2022,V2021,二,regulations,issued,第二十条第（一）项 / 规章,本年制发件数,0,0"));
//! # }
//! ```

use std::io::Write;

use serde::Serialize;

use crate::layout::CellRef;
use crate::number::Value;
use crate::rules::{Finding, Findings, Severity, Year};
use crate::{Cell, Edition, Published};

/// One cell of one report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CellRow<'a> {
    /// The organ.
    pub organ: &'a str,
    /// The report year.
    pub year: u16,
    /// `V2019` or `V2021`.
    pub edition: Edition,
    /// `二`, `三` or `四`.
    pub section: &'static str,
    /// The row's stable key.
    pub row_key: &'static str,
    /// The column's stable key.
    pub column_key: &'static str,
    /// The row's label after its sub-table title and group, joined by ` / `.
    pub row_label: String,
    /// The column's label after its groups, joined by ` / `.
    pub column_label: String,
    /// The number, in plain decimal digits; empty where there is none.
    pub value: String,
    /// What the report printed; empty where the cell is absent.
    pub text: &'a str,
}

/// The number a printed cell holds, in plain decimal digits.
fn value(cell: Option<&Cell>) -> String {
    match cell.map(Cell::value) {
        Some(Value::Number(d)) => d.to_string(),
        _ => String::new(),
    }
}

/// Every cell of a report's edition, in layout order.
pub fn cell_rows(p: &Published) -> impl Iterator<Item = CellRow<'_>> {
    let meta = p.meta();
    p.cells().map(move |(cell, printed)| CellRow {
        organ: meta.organ(),
        year: meta.year(),
        edition: p.edition(),
        section: cell.section().numeral(),
        row_key: cell.row().key,
        column_key: cell.column().key,
        row_label: cell.row_label(),
        column_label: cell.column_label(),
        value: value(printed),
        text: printed.map_or("", Cell::text),
    })
}

/// One cell named by one finding (a finding that names no cell has one row
/// with the cell columns empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FindingRow<'a> {
    /// The organ.
    pub organ: &'a str,
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
    /// The figure the rule expects.
    pub expected: String,
    /// The figure the report gives.
    pub actual: String,
    /// Where in its source the finding was made, or its first cell was
    /// printed (`page 3`, `table 2, row 5, column 3`, `line 59`), where
    /// the report was read from one.
    pub place: Option<String>,
    /// The message in Chinese.
    pub message_zh: String,
    /// The message in English.
    pub message_en: String,
}

/// The rows of a report's findings: one per finding and cell.
pub fn finding_rows<'a>(p: &'a Published, findings: &'a Findings) -> impl Iterator<Item = FindingRow<'a>> {
    findings.iter().flat_map(move |f| {
        let cells: Vec<Option<(CellRef, Year, String)>> = if f.cells().is_empty() {
            vec![None]
        } else {
            f.cells().iter().map(|c| Some((c.cell, c.year, c.text.clone().unwrap_or_default()))).collect()
        };
        cells.into_iter().map(move |c| finding_row(p, f, c))
    })
}

fn finding_row<'a>(p: &'a Published, f: &Finding, cell: Option<(CellRef, Year, String)>) -> FindingRow<'a> {
    let meta = p.meta();
    let figure = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let (section, row_key, column_key, row_label, column_label, report, text) = match cell {
        Some((c, year, text)) => (
            c.section().numeral(),
            c.row().key,
            c.column().key,
            c.row_label(),
            c.column_label(),
            if year == Year::Previous { "previous" } else { "current" },
            text,
        ),
        None => ("", "", "", String::new(), String::new(), "current", String::new()),
    };
    FindingRow {
        organ: meta.organ(),
        year: meta.year(),
        edition: p.edition(),
        rule: f.rule().id,
        severity: f.severity(),
        section,
        row_key,
        column_key,
        row_label,
        column_label,
        report,
        text,
        expected: figure(f.expected()),
        actual: figure(f.actual()),
        place: f.place().map(|p| p.to_string()),
        message_zh: f.message_zh(),
        message_en: f.message_en(),
    }
}

/// One cell of one year's comparison with the year before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ChangeRow<'a> {
    /// The organ.
    pub organ: &'a str,
    /// The year compared with the one before.
    pub year: u16,
    /// The year before.
    pub previous_year: u16,
    /// The edition compared in.
    pub edition: Edition,
    /// `二`, `三` or `四`.
    pub section: &'static str,
    /// The row's stable key.
    pub row_key: &'static str,
    /// The column's stable key.
    pub column_key: &'static str,
    /// The row's label.
    pub row_label: String,
    /// The column's label.
    pub column_label: String,
    /// The previous year's figure; empty where there is none.
    pub previous: String,
    /// This year's figure; empty where there is none.
    pub current: String,
    /// `current − previous`; empty unless both are known.
    pub change: String,
    /// `change / previous`; empty where previous is 0 or unknown.
    pub relative: String,
}

/// The rows of a comparison: one per cell. For a series
/// ([`compare_series`](crate::aggregate::compare_series)), chain the rows of
/// each year's comparison: one row per cell and year.
pub fn change_rows(c: &crate::aggregate::Comparison) -> impl Iterator<Item = ChangeRow<'_>> {
    let text = |d: Option<rust_decimal::Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
    c.changes().iter().map(move |ch| ChangeRow {
        organ: c.organ(),
        year: c.years().1,
        previous_year: c.years().0,
        edition: c.edition(),
        section: ch.cell.section().numeral(),
        row_key: ch.cell.row().key,
        column_key: ch.cell.column().key,
        row_label: ch.cell.row_label(),
        column_label: ch.cell.column_label(),
        previous: text(ch.previous),
        current: text(ch.current),
        change: text(ch.change()),
        relative: text(ch.relative().map(|r| r.round_dp(6))),
    })
}

/// The format of a tidy table.
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

/// Writes rows ([`CellRow`], [`FindingRow`]) as a tidy table, one report
/// after another.
pub struct TidyWriter<W: Write> {
    sink: Sink<W>,
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
                serde_json::to_writer(&mut *w, row)?;
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
