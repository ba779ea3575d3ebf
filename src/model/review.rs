//! Table 四 (政府信息公开行政复议、行政诉讼情况), the same in both editions.

use serde::{Deserialize, Serialize};

use super::{Leaves, Slot, Slots, SumOverflow, add_leaves, check_table, declared_row_total};
use crate::layout::{ColumnDef, RowDef, Section, columns as c, rows as r};
use crate::rules::Findings;
use crate::{Count, Edition};

/// The four outcomes of one group of table 四 (its 总计 is derived).
///
/// ```
/// use disclosure_report::{ByOutcome, Count};
///
/// let cases = ByOutcome { upheld: Count::new(2), pending: Count::new(1), ..Default::default() };
/// assert_eq!(cases, ByOutcome::from([2, 0, 0, 1]));
/// assert_eq!(cases.checked_total(), Some(Count::new(3)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ByOutcome {
    /// 结果维持.
    pub upheld: Count,
    /// 结果纠正.
    pub corrected: Count,
    /// 其他结果.
    pub other: Count,
    /// 尚未审结.
    pub pending: Count,
}

impl From<[u64; 4]> for ByOutcome {
    /// The four outcome columns as printed, left to right: 结果维持,
    /// 结果纠正, 其他结果, 尚未审结.
    ///
    /// ```
    /// use disclosure_report::{ByOutcome, Count};
    ///
    /// let cases = ByOutcome::from([3, 1, 0, 2]);
    /// assert_eq!(cases.corrected, Count::new(1));
    /// assert_eq!(cases.checked_total(), Some(Count::new(6)));
    /// ```
    fn from([upheld, corrected, other, pending]: [u64; 4]) -> ByOutcome {
        ByOutcome { upheld: upheld.into(), corrected: corrected.into(), other: other.into(), pending: pending.into() }
    }
}

impl ByOutcome {
    /// 总计: the sum, or `None` on overflow.
    pub fn checked_total(&self) -> Option<Count> {
        let mut copy = *self;
        let slots = outcomes(&mut copy, RECONSIDERATION);
        declared_row_total(Section::Review, |column| {
            slots.iter().find(|(_, c, _)| std::ptr::eq(*c, column)).and_then(|(_, _, slot)| slot.count())
        })
    }
}

/// The columns of 行政复议, whose 总计 stands for every group's.
const RECONSIDERATION: [&ColumnDef; 4] =
    [&c::RECONSIDERATION_UPHELD, &c::RECONSIDERATION_CORRECTED, &c::RECONSIDERATION_OTHER, &c::RECONSIDERATION_PENDING];

/// Table 四: reconsideration and litigation (the same in both editions).
///
/// As JSON it is the `review` object of a report's `tables`: its one row
/// `cases` with the twelve outcome columns by their layout keys
/// (`{"cases": {"reconsideration_upheld": 0, …}}`).
///
/// ```
/// use disclosure_report::{AnnualReport, ByOutcome, ReportMeta, ReviewTable};
///
/// let review = ReviewTable { reconsideration: ByOutcome::from([1, 0, 0, 0]), direct: ByOutcome::from([0, 1, 0, 0]), ..Default::default() };
/// let report = AnnualReport::builder(ReportMeta::new("某局", 2023)?).review(review).build()?;
/// assert_eq!(report.figure("review.cases.reconsideration_total".parse()?), Some(1.into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReviewTable {
    /// 行政复议.
    pub reconsideration: ByOutcome,
    /// 行政诉讼 › 未经复议直接起诉.
    pub direct: ByOutcome,
    /// 行政诉讼 › 复议后起诉.
    pub after_reconsideration: ByOutcome,
}

fn outcomes<'a>(
    o: &'a mut ByOutcome,
    cols: [&'static ColumnDef; 4],
) -> [(&'static RowDef, &'static ColumnDef, Slot<'a>); 4] {
    let [a, b, c, d] = cols;
    [
        (&r::REVIEW_CASES, a, Slot::Count(&mut o.upheld)),
        (&r::REVIEW_CASES, b, Slot::Count(&mut o.corrected)),
        (&r::REVIEW_CASES, c, Slot::Count(&mut o.other)),
        (&r::REVIEW_CASES, d, Slot::Count(&mut o.pending)),
    ]
}

impl Leaves for ReviewTable {
    const SECTION: Section = Section::Review;
    fn zeroed_in(_: Edition) -> Option<Self> {
        Some(ReviewTable::default())
    }
    fn slots(&mut self) -> Slots<'_> {
        let mut v = Vec::with_capacity(12);
        v.extend(outcomes(&mut self.reconsideration, RECONSIDERATION));
        v.extend(outcomes(
            &mut self.direct,
            [&c::DIRECT_UPHELD, &c::DIRECT_CORRECTED, &c::DIRECT_OTHER, &c::DIRECT_PENDING],
        ));
        v.extend(outcomes(
            &mut self.after_reconsideration,
            [&c::AFTER_UPHELD, &c::AFTER_CORRECTED, &c::AFTER_OTHER, &c::AFTER_PENDING],
        ));
        v
    }
}

impl ReviewTable {
    /// A table of zeros (as `ReviewTable::default()`), named as the other
    /// tables' zeros are.
    pub fn zeroed() -> ReviewTable {
        ReviewTable::default()
    }

    /// Checks the table by itself (`T4.total`: only overflow can fail, as
    /// totals are derived).
    pub fn check(&self) -> Findings {
        check_table(Edition::V2021, self)
    }
}

impl ReviewTable {
    /// The cell-wise sum, or the first cell that overflows.
    ///
    /// # Errors
    ///
    /// [`SumOverflow`] naming the first cell whose sum does not fit.
    pub fn checked_add(&self, other: &Self) -> Result<Self, SumOverflow> {
        add_leaves(self, other).map_err(SumOverflow::in_::<Self>)
    }
}
