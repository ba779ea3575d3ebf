//! Strict JSON: a report's leaves as numbers under the layout's keys, in
//! and out, and the one place that decides what strict JSON may hold.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use super::Figures;
use super::report::BuildError;
use crate::codec::{FlatTables, Given, PlaceAsRead, Placed, Tables};
use crate::layout::{CellKind, CellRef, Layout};
use crate::number::Value;
use crate::published::Prose;
use crate::rules::Findings;
use crate::{AnnualReport, Edition, ReportMeta};

/// A leaf as JSON: counts and changes as integers (every count to
/// `u64::MAX`, as the schema's `integer` says), money as a string (exact
/// digits).
pub(super) enum Leaf {
    Integer(Decimal),
    Money(Decimal),
}

impl Serialize for Leaf {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use rust_decimal::prelude::ToPrimitive;
        match self {
            Leaf::Integer(d) => match (d.to_i64(), d.to_u64()) {
                (Some(n), _) => s.serialize_i64(n),
                (None, Some(n)) => s.serialize_u64(n),
                // A strict report holds no other integer; said, not hidden.
                (None, None) => s.serialize_str(&d.to_string()),
            },
            Leaf::Money(d) => s.serialize_str(&d.to_string()),
        }
    }
}

#[derive(Serialize)]
struct ReportOut<'a> {
    edition: Edition,
    meta: &'a ReportMeta,
    tables: Tables<'a, Leaf>,
    prose: &'a Prose,
}

impl Serialize for AnnualReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value = |cell: CellRef| {
            if !cell.info().is_leaf() {
                return None;
            }
            let d = self.figure(cell)?;
            Some(match cell.info().kind() {
                CellKind::Money => Leaf::Money(d),
                CellKind::Count | CellKind::Change => Leaf::Integer(d),
            })
        };
        ReportOut {
            edition: self.edition(),
            meta: self.meta(),
            tables: Tables { edition: self.edition(), value: &value },
            prose: self.prose(),
        }
        .serialize(s)
    }
}

/// A strict report as JSON gives it, before any check: the leaves placed on
/// their cells.
struct StrictIn {
    edition: Edition,
    meta: ReportMeta,
    placed: Vec<(CellRef, Given)>,
    prose: Prose,
}

impl<'de> Deserialize<'de> for StrictIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const FIELDS: &[&str] = &["edition", "meta", "tables", "prose", "sum"];

        /// The tables, placed as read where the edition came first.
        enum TablesIn<'a> {
            Placed(Placed),
            Flat(FlatTables<'a>),
        }

        struct ReportVisitor;
        impl<'de> Visitor<'de> for ReportVisitor {
            type Value = StrictIn;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an annual report: edition, meta, tables, prose")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StrictIn, A::Error> {
                let (mut edition, mut meta, mut tables, mut prose) = (None, None, None, None);
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let duplicate = || de::Error::custom(format!("duplicate field `{key}`"));
                    match &*key {
                        "edition" if edition.is_none() => edition = Some(map.next_value::<Edition>()?),
                        "meta" if meta.is_none() => meta = Some(map.next_value::<ReportMeta>()?),
                        "prose" if prose.is_none() => prose = Some(map.next_value::<Prose>()?),
                        "tables" if tables.is_none() => {
                            tables = Some(match edition {
                                Some(e) => TablesIn::Placed(map.next_value_seed(PlaceAsRead(e))?),
                                None => TablesIn::Flat(map.next_value::<FlatTables<'de>>()?),
                            });
                        }
                        "edition" | "meta" | "prose" | "tables" => return Err(duplicate()),
                        // An area total's account of what it covers
                        // (`disclosure-report sum`): not part of the report.
                        "sum" => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    }
                }
                let edition = edition.ok_or_else(|| de::Error::missing_field("edition"))?;
                let meta = meta.ok_or_else(|| de::Error::missing_field("meta"))?;
                let placed = match tables.ok_or_else(|| de::Error::missing_field("tables"))? {
                    TablesIn::Placed(placed) => placed,
                    TablesIn::Flat(flat) => flat.place(edition),
                };
                let placed = placed.map_err(|unknown| {
                    de::Error::custom(unknown.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
                })?;
                Ok(StrictIn { edition, meta, placed, prose: prose.unwrap_or_default() })
            }
        }
        d.deserialize_struct("AnnualReport", FIELDS, ReportVisitor)
    }
}

impl<'de> Deserialize<'de> for AnnualReport {
    /// Runs the same checks as the builder: invalid JSON never yields a
    /// report, and the message names the cells and quotes what they held.
    /// [`AnnualReport::from_json`] keeps the findings.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let input = StrictIn::deserialize(d)?;
        AnnualReport::from_leaves(input).map_err(de::Error::custom)
    }
}

/// Why strict JSON is not an annual report.
///
/// ```
/// use disclosure_report::{AnnualReport, JsonError};
///
/// // A total is derived in the strict form: given, it is refused.
/// let json = r#"{"edition": "V2021", "meta": {"organ": "某局", "year": 2022},
///   "tables": {"requests": {"outcome_total": {"natural_person": 1}}}}"#;
/// let err = AnnualReport::from_json(json).unwrap_err();
/// assert!(matches!(err, JsonError::Leaves(_)), "{err}");
/// ```
#[cfg(feature = "json")]
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JsonError {
    /// Not JSON, or not the shape of a strict report: serde's error, with
    /// the line and column and what was expected.
    #[error("not a strict report in JSON")]
    Syntax(#[source] serde_json::Error),
    /// Leaves a strict report cannot hold: given twice, derived cells,
    /// blanks, printed forms (`"3件"`) — each named and quoted.
    #[error("{}", .0.join("; "))]
    Leaves(Vec<String>),
    /// The report breaks rules of the catalogue: every error finding, once,
    /// at the leaves given.
    #[error("the report is invalid:\n{0}")]
    Invalid(Findings),
}

/// Why the leaves of strict JSON do not make a report (a [`JsonError`]
/// without the syntax).
enum LeavesError {
    Leaves(Vec<String>),
    Invalid(Findings),
}

impl fmt::Display for LeavesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeavesError::Leaves(problems) => f.write_str(&problems.join("; ")),
            LeavesError::Invalid(findings) => write!(f, "the report is invalid:\n{findings}"),
        }
    }
}

impl AnnualReport {
    /// A report from its strict JSON (leaves only; totals derived), with
    /// errors that keep their structure.
    ///
    /// ```
    /// use disclosure_report::{AnnualReport, JsonError, ReportMeta};
    ///
    /// let zero = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?;
    /// let json = serde_json::to_string(&zero)?;
    /// assert_eq!(AnnualReport::from_json(&json)?, zero);
    ///
    /// // One request received and never handled: one error, at 自然人.
    /// let one = json.replacen(r#""new_requests":{"natural_person":0"#, r#""new_requests":{"natural_person":1"#, 1);
    /// match AnnualReport::from_json(&one) {
    ///     Err(JsonError::Invalid(findings)) => assert_eq!(findings.len(), 1, "{findings}"),
    ///     other => panic!("{other:?}"),
    /// }
    /// // A printed form belongs to a published report: refused, quoted.
    /// let printed = json.replacen(r#""natural_person":0"#, r#""natural_person":"3件""#, 1);
    /// let err = AnnualReport::from_json(&printed).unwrap_err();
    /// assert!(err.to_string().contains(r#""3件""#), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`JsonError::Syntax`] for text that is not a strict report's JSON,
    /// [`JsonError::Leaves`] for leaves it cannot hold,
    /// [`JsonError::Invalid`] with the error findings of a report that
    /// breaks rules.
    #[cfg(feature = "json")]
    pub fn from_json(json: &str) -> Result<AnnualReport, JsonError> {
        let input: StrictIn = serde_json::from_str(json).map_err(JsonError::Syntax)?;
        AnnualReport::from_leaves(input).map_err(|e| match e {
            LeavesError::Leaves(problems) => JsonError::Leaves(problems),
            LeavesError::Invalid(findings) => JsonError::Invalid(findings),
        })
    }

    /// The report from the leaves JSON gave, checked by the rule table.
    fn from_leaves(input: StrictIn) -> Result<AnnualReport, LeavesError> {
        let StrictIn { edition, meta, placed, prose } = input;
        let layout = Layout::of(edition);
        let mut figures = Figures::new(edition, meta);
        let mut problems = Vec::new();
        // A key given twice is refused, never resolved by taking the last.
        let mut seen = vec![0u8; layout.len()];
        for (cell, _) in &placed {
            if let Some(seen) = seen.get_mut(cell.index()) {
                *seen = seen.saturating_add(1);
                if *seen == 2 {
                    let texts: Vec<String> =
                        placed.iter().filter(|(c, _)| c == cell).map(|(_, g)| g.to_string()).collect();
                    problems.push(format!(
                        "{} ({}) is given more than once: {}",
                        cell.key_path(),
                        cell,
                        texts.join(", ")
                    ));
                }
            }
        }
        for (cell, given) in placed {
            let value = strict_value(cell, given).unwrap_or_else(|problem| {
                problems.push(problem);
                Value::NotANumber
            });
            if !cell.info().is_leaf() {
                problems.push(format!("{} ({}) is derived from other cells; give only leaves", cell.key_path(), cell));
            }
            figures.set(cell, value);
        }
        if !problems.is_empty() {
            return Err(LeavesError::Leaves(problems));
        }
        figures.fill_derived_totals();
        AnnualReport::from_figures(figures, prose).map_err(|e| match e {
            BuildError::Invalid(findings) => LeavesError::Invalid(findings),
            other => LeavesError::Leaves(vec![other.to_string()]),
        })
    }
}

/// A leaf's value as strict JSON gives it: a number, or for money a
/// decimal string; anything else is refused with a message that names the
/// cell and quotes what it held.
pub(super) fn strict_value(cell: CellRef, given: Given) -> Result<Value, String> {
    let kind = cell.info().kind();
    match given {
        Given::Number(d) => Ok(crate::number::classify(kind, d)),
        // A decimal string for money, which JSON numbers may not hold exactly.
        Given::Text(text) if kind == CellKind::Money && text.parse::<Decimal>().is_ok() => {
            Ok(crate::number::read_cell(kind, &text))
        }
        Given::Text(text) => Err(format!(
            "{} ({}) is given as {text:?}: strict JSON takes a number (for money, a number or a decimal string such as \"12.5\"); printed forms belong to a published report",
            cell.key_path(),
            cell
        )),
        Given::Null => Err(format!("{} ({}) must be a number, not null", cell.key_path(), cell)),
        Given::Printed { text, .. } => Err(format!(
            "{} ({}) is given as printed text under a header unit ({text:?}); give 万元 as a number or decimal string",
            cell.key_path(),
            cell
        )),
    }
}
