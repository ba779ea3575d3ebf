//! The arithmetic of the tables, declared once: which cells are the sums of
//! which, and which sums balance.
//!
//! It is read off the declaration — a 总计 column sums the leaf columns
//! since the previous 总计; a total row (（七）总计) sums the data rows of
//! its band; a group row's subtotal sums its sub-rows; a block's
//! [`RowBalance`](super::RowBalance) holds column by column — and every
//! other part of the crate takes its sums from here: the rules' identities,
//! the derived totals of both layers, and the typed model's totals.

use rust_decimal::Decimal;

use super::{CellRef, Layout, RowDef, RowKind, Section};

/// What a [`Sum`] totals.
///
/// ```
/// use disclosure_report::layout::{Layout, SumKind};
/// use disclosure_report::Edition;
///
/// let layout = Layout::of(Edition::V2021);
/// let group = layout.sums_of(SumKind::GroupTotal).next().unwrap();
/// assert_eq!(group.total.row().label, "（三）不予公开");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SumKind {
    /// A row's 总计 column (tables 三 and 四): the leaf columns since the
    /// previous 总计 column.
    RowTotal,
    /// A cell of a total row (（七）总计): the data rows of its band, in its
    /// column.
    BandTotal,
    /// A group row's subtotal (（三）不予公开): its sub-rows, in its column.
    GroupTotal,
}

/// A cell the layout declares as the sum of others.
///
/// ```
/// use disclosure_report::layout::{CellRef, Layout, SumKind};
/// use disclosure_report::Edition;
///
/// let total: CellRef = "requests.new_requests.total".parse()?;
/// let sum = Layout::of(Edition::V2021).sums().iter().find(|s| s.total == total).unwrap();
/// assert_eq!(sum.kind, SumKind::RowTotal);
/// assert_eq!(sum.parts.len(), 6, "the six applicant columns");
/// # Ok::<(), disclosure_report::layout::NoSuchPath>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sum {
    /// What it totals.
    pub kind: SumKind,
    /// The total.
    pub total: CellRef,
    /// The cells it sums, in reading order.
    pub parts: Vec<CellRef>,
}

/// Cells whose sum equals that of other cells: one column of a block's
/// balance (一 + 二 = （七） + 四).
///
/// ```
/// use disclosure_report::layout::Layout;
/// use disclosure_report::Edition;
///
/// // Table 三, per column: 一 + 二 = （七） + 四.
/// let balances = Layout::of(Edition::V2021).balances();
/// assert_eq!(balances.len(), 7);
/// assert_eq!(balances[0].left.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Balance {
    /// One side (received).
    pub left: Vec<CellRef>,
    /// The other (handled and carried over).
    pub right: Vec<CellRef>,
}

/// The sums and balances of an edition.
#[derive(Debug, Default)]
pub(super) struct Arithmetic {
    /// In an order where the sums of a derived cell's derived parts come
    /// before its own.
    sums: Vec<Sum>,
    balances: Vec<Balance>,
    /// Per derived cell, in that order, the first sum that defines it.
    derivations: Vec<usize>,
    /// Per cell of the layout: whether it is derived.
    derived: Vec<bool>,
}

impl Arithmetic {
    pub(super) fn of(layout: &Layout) -> Arithmetic {
        let mut sums = Vec::new();
        let mut balances = Vec::new();
        for section in [Section::Requests, Section::Review] {
            for block in layout.blocks(section) {
                let at = |row: &RowDef, column| layout.cell(section, row, column);
                let column_of = |rows: &[&'static RowDef], column| rows.iter().filter_map(|r| at(r, column)).collect();
                for &row in block.rows {
                    let children: Vec<&'static RowDef> = block.children(row).collect();
                    // A total row's band: the data rows under the same band label.
                    let band: Vec<&'static RowDef> = match row.band.filter(|_| row.is_total) {
                        Some(b) => block
                            .rows
                            .iter()
                            .copied()
                            .filter(|r| r.band.is_some_and(|rb| std::ptr::eq(rb, b)))
                            .filter(|r| !r.is_total && !block.is_group(r))
                            .collect(),
                        None => Vec::new(),
                    };
                    let mut since = Vec::new();
                    let mut totals = Vec::new();
                    for &column in block.columns {
                        let Some(cell) = at(row, column) else { continue };
                        if !children.is_empty() {
                            let parts = column_of(&children, column);
                            sums.push(Sum { kind: SumKind::GroupTotal, total: cell, parts });
                        }
                        if column.is_total {
                            totals.push(Sum {
                                kind: SumKind::RowTotal,
                                total: cell,
                                parts: std::mem::take(&mut since),
                            });
                        } else {
                            since.push(cell);
                            if !band.is_empty() {
                                sums.push(Sum {
                                    kind: SumKind::BandTotal,
                                    total: cell,
                                    parts: column_of(&band, column),
                                });
                            }
                        }
                    }
                    sums.extend(totals);
                    // A total row's 总计 column sums its band's too.
                    for &column in block.columns.iter().filter(|c| c.is_total && !band.is_empty()) {
                        if let Some(cell) = at(row, column) {
                            sums.push(Sum { kind: SumKind::BandTotal, total: cell, parts: column_of(&band, column) });
                        }
                    }
                }
                if let Some(balance) = &block.balance {
                    for &column in block.columns {
                        balances.push(Balance {
                            left: column_of(balance.left, column),
                            right: column_of(balance.right, column),
                        });
                    }
                }
            }
        }
        let mut derived = vec![false; layout.len()];
        let mut derivations = Vec::new();
        for (k, sum) in sums.iter().enumerate() {
            let i = sum.total.index();
            // Not through `CellRef::info`, which would ask for the layout
            // being built.
            if layout.cells[i].row_kind != RowKind::Group && !derived[i] {
                derived[i] = true;
                derivations.push(k);
            }
        }
        Arithmetic { sums, balances, derivations, derived }
    }
}

impl Layout {
    /// Every cell the layout declares as a sum, with its parts: each 总计
    /// column of tables 三 and 四, each cell of （七）总计, each group row's
    /// subtotal. Where a derived cell's parts are derived, their sums come
    /// before its own (see [`Layout::is_derived`]).
    ///
    /// ```
    /// use disclosure_report::layout::{Layout, SumKind};
    /// use disclosure_report::Edition;
    ///
    /// let layout = Layout::of(Edition::V2021);
    /// let total = layout.cell_by_path("requests.outcome_total.natural_person").unwrap();
    /// let sum = layout.sums().iter().find(|s| s.total == total).unwrap();
    /// assert_eq!(sum.kind, SumKind::BandTotal);
    /// // （一）, （二）, 8 + 3 + 5 + 3 sub-rows and none of the group rows.
    /// assert_eq!(sum.parts.len(), 21);
    /// assert_eq!(layout.sums_of(SumKind::RowTotal).filter(|s| s.total.section().numeral() == "四").count(), 3);
    /// ```
    pub fn sums(&self) -> &[Sum] {
        &self.arithmetic.sums
    }

    /// Whether the figures printed for `cells` (each cell's text, in the
    /// same order) hold the row totals among those cells: at least one
    /// 总计, each the sum of its parts, every figure read as a number. The
    /// reader's evidence that figures it met in reading order are the row's.
    pub(crate) fn adds_up(&self, cells: &[CellRef], texts: &[&str]) -> bool {
        let value = |cell: CellRef| {
            let i = cells.iter().position(|c| *c == cell)?;
            match crate::Value::read(cell.info().kind(), texts.get(i)?) {
                crate::Value::Number(n) => Some(n),
                _ => None,
            }
        };
        let mut totals = self.sums_of(SumKind::RowTotal).filter(|s| cells.contains(&s.total)).peekable();
        totals.peek().is_some()
            && totals.all(|s| {
                let parts = s.parts.iter().try_fold(Decimal::ZERO, |acc, p| acc.checked_add(value(*p)?));
                parts.is_some() && parts == value(s.total)
            })
    }

    /// The sums of one kind.
    pub fn sums_of(&self, kind: SumKind) -> impl Iterator<Item = &Sum> + '_ {
        self.sums().iter().filter(move |s| s.kind == kind)
    }

    /// The balances, one per column of each block that declares one
    /// (table 三: 一 + 二 = （七） + 四).
    pub fn balances(&self) -> &[Balance] {
        &self.arithmetic.balances
    }

    /// Whether the strict model derives the cell from others rather than
    /// storing it: a declared sum on no group row (a group row's cells are
    /// optional printed subtotals).
    pub fn is_derived(&self, cell: CellRef) -> bool {
        self.arithmetic.derived.get(cell.index()).copied().unwrap_or(false)
    }

    /// The sum that defines each derived cell, one per cell, in an order
    /// where a cell's derived parts come first: the plan for computing
    /// them from the leaves.
    pub fn derivations(&self) -> impl Iterator<Item = &Sum> + '_ {
        self.arithmetic.derivations.iter().map(|&k| &self.arithmetic.sums[k])
    }

    /// Every derived cell with its sum, computed from the leaves `leaf`
    /// gives (blank as 0) by the plan of [`derivations`](Self::derivations).
    /// A sum past `Decimal::MAX` stays there, which no cell kind accepts, so
    /// the rules report it as `cell.overflow`.
    pub(crate) fn derived_totals(&self, leaf: impl Fn(CellRef) -> Decimal) -> Vec<(CellRef, Decimal)> {
        let mut computed: Vec<Option<Decimal>> = vec![None; self.len()];
        let mut out = Vec::new();
        for sum in self.derivations() {
            let parts = sum.parts.iter().map(|p| computed[p.index()].unwrap_or_else(|| leaf(*p)));
            let value = crate::number::exact_sum(parts).unwrap_or(Decimal::MAX);
            computed[sum.total.index()] = Some(value);
            out.push((sum.total, value));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Edition;
    use crate::layout::{columns, rows};

    #[test]
    fn figures_add_up_only_where_every_row_total_is_their_sum() {
        let layout = Layout::of(Edition::V2021);
        let block = &layout.blocks(Section::Requests)[0];
        let cells: Vec<CellRef> =
            block.columns.iter().filter_map(|c| layout.cell(Section::Requests, &rows::DISCLOSED, c)).collect();
        assert!(layout.adds_up(&cells, &["6", "1", "0", "0", "0", "0", "7"]));
        assert!(!layout.adds_up(&cells, &["6", "1", "0", "0", "0", "0", "8"]));
        assert!(!layout.adds_up(&cells, &["6", "/", "0", "0", "0", "0", "6"]), "every figure a number");
        let huge = "79228162514264337593543950335";
        assert!(!layout.adds_up(&cells, &[huge, huge, "0", "0", "0", "0", "1"]), "no overflow");
        // Table 二 declares no total: nothing to tell by.
        let rules: Vec<CellRef> = layout.cells().filter(|c| c.row().key == "regulations").collect();
        assert!(!layout.adds_up(&rules, &["1", "2", "3"]));
    }

    #[test]
    fn every_total_is_declared_with_its_parts() {
        for edition in Edition::ALL {
            let layout = Layout::of(edition);
            let requests_rows = layout.blocks(Section::Requests)[0].rows.len();
            let groups = if edition == Edition::V2019 { 3 } else { 4 };
            // 总计 of every row of 三, and of the three groups of 四.
            assert_eq!(layout.sums_of(SumKind::RowTotal).count(), requests_rows + 3);
            assert_eq!(layout.sums_of(SumKind::GroupTotal).count(), groups * 7);
            assert_eq!(layout.sums_of(SumKind::BandTotal).count(), 7);
            assert_eq!(layout.balances().len(), 7);
            let t = layout.cell(Section::Review, &rows::REVIEW_CASES, &columns::DIRECT_TOTAL).unwrap();
            let sum = layout.sums().iter().find(|s| s.total == t).unwrap();
            let keys: Vec<&str> = sum.parts.iter().map(|c| c.column().key).collect();
            assert_eq!(keys, ["direct_upheld", "direct_corrected", "direct_other", "direct_pending"]);
        }
    }

    #[test]
    fn derived_parts_come_first() {
        for edition in Edition::ALL {
            let layout = Layout::of(edition);
            for (k, sum) in layout.sums().iter().enumerate().filter(|(_, s)| layout.is_derived(s.total)) {
                for part in sum.parts.iter().filter(|p| layout.is_derived(**p)) {
                    let first = layout.sums().iter().position(|s| s.total == *part).unwrap();
                    assert!(first < k, "{} needs {} first", sum.total, part);
                }
            }
        }
    }
}
