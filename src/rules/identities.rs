//! Each arithmetic rule as identities over the cells of an edition's layout.

use std::sync::OnceLock;

use crate::Edition;
use crate::layout::{CellRef, Layout, Section, SumKind, columns, rows};

use super::*;

/// Which report of a pair a cell belongs to.
///
/// ```
/// use disclosure_report::layout::{columns, rows, Section};
/// use disclosure_report::rules::Year;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let before = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?.to_published();
/// let mut now = AnnualReport::builder(ReportMeta::new("某局", 2023)?).build()?.to_published();
/// // 上年结转 should be last year's 结转下年度继续办理.
/// now.set_text(Section::Requests, &rows::CARRIED_IN, &columns::NATURAL_PERSON, "2")?;
/// now.set_text(Section::Requests, &rows::CARRIED_OVER, &columns::NATURAL_PERSON, "2")?;
/// let findings = now.check_against_previous(&before);
/// let carry = findings.iter().find(|f| f.rule().id == "X.carry_over").unwrap();
/// assert!(carry.cells().iter().any(|c| c.year() == Year::Previous));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Year {
    /// The report being checked.
    Current,
    /// Its previous year's report.
    Previous,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Term {
    pub(super) cell: CellRef,
    pub(super) negated: bool,
    pub(super) year: Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Compare {
    Equal,
    AtLeast,
}

/// `Σ actual` = (or ≥) `Σ expected`.
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    pub(super) actual: Vec<Term>,
    pub(super) expected: Vec<Term>,
    pub(super) compare: Compare,
}

pub(super) fn plus(cell: CellRef) -> Term {
    Term { cell, negated: false, year: Year::Current }
}

pub(super) fn equal(actual: Vec<Term>, expected: Vec<Term>) -> Identity {
    Identity { actual, expected, compare: Compare::Equal }
}

/// The identities of the layout's declared sums of one kind in a section:
/// each total equals its parts.
fn declared_sums(layout: &Layout, kind: SumKind, section: Section) -> Vec<Identity> {
    layout
        .sums_of(kind)
        .filter(|s| s.total.section() == section)
        .map(|s| equal(vec![plus(s.total)], s.parts.iter().copied().map(plus).collect()))
        .collect()
}

pub(super) fn t3_row_total(layout: &Layout) -> Vec<Identity> {
    declared_sums(layout, SumKind::RowTotal, Section::Requests)
}

pub(super) fn t4_total(layout: &Layout) -> Vec<Identity> {
    declared_sums(layout, SumKind::RowTotal, Section::Review)
}

pub(super) fn t3_outcome_total(layout: &Layout) -> Vec<Identity> {
    declared_sums(layout, SumKind::BandTotal, Section::Requests)
}

pub(super) fn t3_group_total(layout: &Layout) -> Vec<Identity> {
    declared_sums(layout, SumKind::GroupTotal, Section::Requests)
}

pub(super) fn t3_balance(layout: &Layout) -> Vec<Identity> {
    layout
        .balances()
        .iter()
        .map(|b| equal(b.left.iter().copied().map(plus).collect(), b.right.iter().copied().map(plus).collect()))
        .collect()
}

/// The cells of section 二 in rows that have both columns.
fn proactive_pairs<'a>(
    layout: &'a Layout,
    a: &'a crate::layout::ColumnDef,
    b: &'a crate::layout::ColumnDef,
) -> impl Iterator<Item = (CellRef, CellRef)> + 'a {
    layout.blocks(Section::Proactive).iter().flat_map(|block| block.rows.iter()).filter_map(move |row| {
        Some((layout.cell(Section::Proactive, row, a)?, layout.cell(Section::Proactive, row, b)?))
    })
}

pub(super) fn t2_items_nonnegative(layout: &Layout) -> Vec<Identity> {
    proactive_pairs(layout, &columns::PREVIOUS_ITEMS, &columns::CHANGE)
        .map(|(prev, change)| Identity {
            actual: vec![plus(prev), plus(change)],
            expected: vec![],
            compare: Compare::AtLeast,
        })
        .collect()
}

pub(super) fn t2_new_exceeds_total(layout: &Layout) -> Vec<Identity> {
    proactive_pairs(layout, &columns::NEW_PUBLISHED, &columns::TOTAL_PUBLISHED)
        .map(|(new, total)| Identity {
            actual: vec![plus(total)],
            expected: vec![plus(new)],
            compare: Compare::AtLeast,
        })
        .collect()
}

pub(super) fn previous(cell: CellRef) -> Term {
    Term { cell, negated: false, year: Year::Previous }
}

pub(super) fn x_carry_over(prev: &Layout, cur: &Layout) -> Vec<Identity> {
    cur.blocks(Section::Requests)
        .iter()
        .flat_map(|b| b.columns.iter())
        .filter_map(|&col| {
            let now = cur.cell(Section::Requests, &rows::CARRIED_IN, col)?;
            let before = prev.cell(Section::Requests, &rows::CARRIED_OVER, col)?;
            Some(equal(vec![plus(now)], vec![previous(before)]))
        })
        .collect()
}

pub(super) fn x_items_continuity(prev: &Layout, cur: &Layout) -> Vec<Identity> {
    proactive_pairs(cur, &columns::PREVIOUS_ITEMS, &columns::CHANGE)
        .filter_map(|(now, _)| {
            let before = prev.cell(Section::Proactive, now.row(), &columns::PREVIOUS_ITEMS)?;
            let change = prev.cell(Section::Proactive, now.row(), &columns::CHANGE)?;
            Some(equal(vec![plus(now)], vec![previous(before), previous(change)]))
        })
        .collect()
}

pub(super) fn x_in_force_continuity(prev: &Layout, cur: &Layout) -> Vec<Identity> {
    proactive_pairs(cur, &columns::IN_FORCE, &columns::ISSUED)
        .filter_map(|(now, issued)| {
            let before = prev.cell(Section::Proactive, now.row(), &columns::IN_FORCE)?;
            let repealed = cur.cell(Section::Proactive, now.row(), &columns::REPEALED)?;
            let repealed = Term { negated: true, ..plus(repealed) };
            Some(equal(vec![plus(now)], vec![previous(before), plus(issued), repealed]))
        })
        .collect()
}

/// The single-report identities of an edition, built once.
pub(super) fn identities(edition: Edition) -> &'static [(&'static Rule, Identity)] {
    static CACHE: [OnceLock<Vec<(&'static Rule, Identity)>>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = &CACHE[edition as usize];
    slot.get_or_init(|| {
        let layout = Layout::of(edition);
        let mut all = Vec::new();
        for rule in CATALOGUE.iter().copied().filter(|r| r.applies_to(edition)) {
            if let Expand::Single(f) = rule.expand {
                all.extend(f(layout).into_iter().map(|i| (rule, i)));
            }
        }
        all
    })
}

/// The cross-year identities between two editions, built once per pair.
pub(super) fn pair_identities(prev: Edition, cur: Edition) -> &'static [(&'static Rule, Identity)] {
    static CACHE: [OnceLock<Vec<(&'static Rule, Identity)>>; 4] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = &CACHE[prev as usize * 2 + cur as usize];
    slot.get_or_init(|| {
        let mut all = Vec::new();
        for rule in CATALOGUE.iter().copied().filter(|r| r.applies_to(prev) && r.applies_to(cur)) {
            if let Expand::Pair(f) = rule.expand {
                all.extend(f(Layout::of(prev), Layout::of(cur)).into_iter().map(|i| (rule, i)));
            }
        }
        all
    })
}
