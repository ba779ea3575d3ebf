//! The strict model: typed tables, and [`AnnualReport`], which only exists
//! when valid.
//!
//! The tables ([`ProactiveV2019`], [`ProactiveV2021`], [`RequestTable`],
//! [`ReviewTable`]) are plain drafts: they store the leaves only, so every
//! total is derived and cannot disagree with its parts. Each maps its
//! fields onto the layout's cells once (its `slots`), and that one map
//! serves building, reading, summing and JSON. Each can be checked alone
//! with `check()`; [`AnnualReport::builder`] checks them all at once and
//! returns every violation.
//!
//! [`AnnualReport`] keeps one array indexed by the layout (the leaves, and
//! the totals derived from them); its tables are typed views read out of
//! that array.

mod proactive;
mod report;
mod requests;
mod review;
mod storage;
mod strict_json;
mod table_json;

use rust_decimal::Decimal;

use crate::layout::{CellRef, ColumnDef, Layout, RowDef, Section, SumKind};
use crate::rules::{Findings, Source};
use crate::{Change, Count, Edition, Money, ReportMeta};

pub use proactive::{
    DocumentCounts, FeeItemCounts, InForceCounts, ItemCounts, ProactiveTable, ProactiveV2019, ProactiveV2021,
    Procurement,
};
pub use report::{AnnualReport, AnnualReportBuilder, BuildError};
pub use requests::{Applicant, ByApplicant, NoSuchRow, RequestTable};
pub use review::{ByOutcome, ReviewTable};
pub(crate) use storage::Figures;
#[cfg(feature = "json")]
pub use strict_json::JsonError;

/// A typed cell of a table, by which a table exposes its leaves to the
/// layout (one list per table serves reading and writing).
enum Slot<'a> {
    Count(&'a mut Count),
    Change(&'a mut Change),
    Money(&'a mut Money),
}

impl Slot<'_> {
    /// The count it holds, if it holds a count.
    fn count(&self) -> Option<Count> {
        match self {
            Slot::Count(v) => Some(**v),
            _ => None,
        }
    }

    fn get(&self) -> Decimal {
        match self {
            Slot::Count(v) => Decimal::from(**v),
            Slot::Change(v) => Decimal::from(**v),
            Slot::Money(v) => v.wan(),
        }
    }

    /// Stores `d`; `false` if it does not fit the slot's type.
    fn set(&mut self, d: Decimal) -> bool {
        // A whole number as an integer: the mantissa at scale 0.
        let whole =
            || if d.scale() == 0 { Some(d.mantissa()) } else { d.fract().is_zero().then(|| d.trunc().mantissa()) };
        match self {
            Slot::Count(v) => whole().and_then(|m| u64::try_from(m).ok()).map(|n| **v = Count::new(n)).is_some(),
            Slot::Change(v) => whole().and_then(|m| i64::try_from(m).ok()).map(|n| **v = Change::new(n)).is_some(),
            Slot::Money(v) => Money::from_wan(d).map(|m| **v = m).is_ok(),
        }
    }
}

type Slots<'a> = Vec<(&'static RowDef, &'static ColumnDef, Slot<'a>)>;

/// The leaf whose sum does not fit, and the two figures.
type LeafOverflow = (&'static RowDef, &'static ColumnDef, [Decimal; 2]);

/// A table whose leaves map onto cells of a section: the one map from
/// typed fields to the layout, by which every table is built, read,
/// summed, checked and written as JSON.
trait Leaves: Clone {
    const SECTION: Section;
    /// The table of zeros in `edition`, if the type has that edition.
    fn zeroed_in(edition: Edition) -> Option<Self>;
    /// Every leaf, in layout order, with its row and column.
    fn slots(&mut self) -> Slots<'_>;
}

/// A sum that does not fit: the section, row and column of the leaf.
///
/// ```
/// use disclosure_report::layout::rows;
/// use disclosure_report::{ByApplicant, Edition, RequestTable};
///
/// let mut table = RequestTable::zeroed(Edition::V2021);
/// table.set(&rows::NEW_REQUESTS, ByApplicant::from([u64::MAX, 0, 0, 0, 0, 0]))?;
/// let overflow = table.checked_add(&table).expect("one edition").unwrap_err();
/// assert_eq!((overflow.row.key, overflow.column.key), ("new_requests", "natural_person"));
/// assert_eq!(
///     overflow.to_string(),
///     "the sum of requests/new_requests/natural_person overflows: 18446744073709551615 + 18446744073709551615"
/// );
/// # Ok::<(), disclosure_report::NoSuchRow>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the sum of {section}/{row}/{column} overflows: {a} + {b}", section = .section.key(), row = .row.key, column = .column.key, a = .addends[0], b = .addends[1])]
#[non_exhaustive]
pub struct SumOverflow {
    /// The section.
    pub section: Section,
    /// The row.
    pub row: &'static RowDef,
    /// The column.
    pub column: &'static ColumnDef,
    /// The two figures whose sum does not fit, as they were held (money
    /// in 万元).
    pub addends: [Decimal; 2],
}

impl SumOverflow {
    /// The overflow at a leaf of `T`.
    fn in_<T: Leaves>(at: LeafOverflow) -> SumOverflow {
        let (row, column, addends) = at;
        SumOverflow { section: T::SECTION, row, column, addends }
    }
}

/// The 总计 of a row of `section` as the layout declares it (the same in
/// both editions), of the leaf columns' values `value` gives; `None` on
/// overflow or a column `value` does not hold.
fn declared_row_total(section: Section, value: impl Fn(&ColumnDef) -> Option<Count>) -> Option<Count> {
    let layout = Layout::of(Edition::V2021);
    let sum = layout.sums_of(SumKind::RowTotal).find(|s| s.total.section() == section)?;
    sum.parts.iter().try_fold(Count::ZERO, |acc, part| acc.checked_add(value(part.column())?))
}

/// The rows that the layout's sum of `kind` at `row` adds up (the same in
/// every column); empty where there is none.
fn summed_rows(edition: Edition, kind: SumKind, row: &RowDef) -> Vec<&'static RowDef> {
    let sum = Layout::of(edition).sums_of(kind).find(|s| std::ptr::eq(s.total.row(), row));
    sum.map(|s| s.parts.iter().map(|c| c.row()).collect()).unwrap_or_default()
}

/// Writes the leaves of a table into `figures`.
fn place<T: Leaves>(figures: &mut Figures, table: &T) {
    let layout = Layout::of(figures.edition());
    for (row, column, slot) in table.clone().slots() {
        if let Some(cell) = layout.cell(T::SECTION, row, column) {
            figures.set_figure(cell, slot.get());
        }
    }
}

/// Adds `other`'s leaves to `acc`'s; on overflow, the row and column of
/// the first leaf that does not fit.
fn add_leaves<T: Leaves>(acc: &T, other: &T) -> Result<T, LeafOverflow> {
    let mut sum = acc.clone();
    let mut other = other.clone();
    for ((row, column, mut a), (_, _, b)) in sum.slots().into_iter().zip(other.slots()) {
        let addends = [a.get(), b.get()];
        if !addends[0].checked_add(addends[1]).is_some_and(|d| a.set(d)) {
            return Err((row, column, addends));
        }
    }
    Ok(sum)
}

/// Reads the leaves of a table out of a valid report's figures, every one
/// of which fits its slot ([`Figures::unfit`] is empty).
fn read<T: Leaves>(mut table: T, figures: &Figures) -> T {
    let layout = Layout::of(figures.edition());
    for (row, column, slot) in table.slots().iter_mut() {
        if let Some(cell) = layout.cell(T::SECTION, row, column) {
            let fitted = slot.set(figures.figure_or_zero(cell));
            debug_assert!(fitted, "{cell:?} was checked to fit");
        }
    }
    table
}

/// `cell.overflow` findings for cells whose figure did not fit its type.
fn overflow<S: Source + ?Sized>(p: &S, cells: Vec<CellRef>) -> Findings {
    let findings = cells
        .into_iter()
        .map(|cell| {
            crate::rules::Finding::new(
                &crate::rules::CELL_OVERFLOW,
                vec![crate::rules::Involved::current(cell, p.text(cell))],
                crate::rules::Detail::Cell(crate::rules::CellProblem::TooLarge),
            )
        })
        .collect();
    Findings::sorted(findings)
}

/// Runs the rule table on one table written into an otherwise empty
/// report, keeping the findings about its section.
fn check_table<T: Leaves>(edition: Edition, table: &T) -> Findings {
    let year = match edition {
        Edition::V2019 => 2020,
        Edition::V2021 => 2021,
    };
    let Ok(meta) = ReportMeta::new("", year) else { return Findings::default() };
    let mut figures = Figures::new(edition, meta);
    place(&mut figures, table);
    figures.fill_derived_totals();
    let mut findings = crate::rules::check_strict(&figures);
    findings.retain(|f| !f.cells().is_empty() && f.cells().iter().all(|c| c.cell.section() == T::SECTION));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells a table's slots name, in order.
    fn slot_cells<T: Leaves>(mut table: T, edition: Edition) -> Vec<CellRef> {
        let layout = Layout::of(edition);
        table.slots().iter().filter_map(|(row, column, _)| layout.cell(T::SECTION, row, column)).collect()
    }

    #[test]
    fn slots_name_every_leaf_once_in_layout_order() {
        for edition in Edition::ALL {
            let layout = Layout::of(edition);
            let leaves = |s| layout.section_cells(s).filter(|c| c.info().is_leaf()).collect::<Vec<_>>();
            assert_eq!(slot_cells(ProactiveTable::zeroed(edition), edition), leaves(Section::Proactive));
            assert_eq!(slot_cells(RequestTable::zeroed(edition), edition), leaves(Section::Requests));
            assert_eq!(slot_cells(ReviewTable::zeroed(), edition), leaves(Section::Review));
        }
    }

    #[test]
    fn applicant_columns_match_the_layout() {
        let block = &Layout::of(Edition::V2019).blocks(Section::Requests)[0];
        let leaves: Vec<&str> = block.columns.iter().filter(|c| !c.is_total).map(|c| c.key).collect();
        let typed: Vec<&str> = Applicant::ALL.iter().map(|a| a.column().key).collect();
        assert_eq!(leaves, typed);
    }
}
