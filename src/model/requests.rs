//! Table 三 (收到和处理政府信息公开申请情况) of both editions.

use serde::{Deserialize, Serialize};

use super::{Leaves, Slot, Slots, SumOverflow, add_leaves, check_table, declared_row_total, summed_rows};
use crate::layout::{ColumnDef, Layout, RowDef, Section, SumKind, columns as c, rows as r};
use crate::rules::Findings;
use crate::{Count, Edition};

/// An applicant column of table 三.
///
/// ```
/// use disclosure_report::{Applicant, ByApplicant, Count};
///
/// let row: ByApplicant<Count> = ByApplicant::from([3, 1, 0, 0, 0, 2]);
/// assert_eq!(row[Applicant::Other], Count::new(2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Applicant {
    /// 自然人.
    NaturalPerson,
    /// 商业企业.
    Business,
    /// 科研机构.
    Research,
    /// 社会公益组织.
    PublicInterest,
    /// 法律服务机构.
    LegalServices,
    /// 其他.
    Other,
}

impl Applicant {
    /// The six applicant columns, left to right.
    pub const ALL: [Applicant; 6] = [
        Applicant::NaturalPerson,
        Applicant::Business,
        Applicant::Research,
        Applicant::PublicInterest,
        Applicant::LegalServices,
        Applicant::Other,
    ];

    /// The column in the layout.
    pub fn column(self) -> &'static ColumnDef {
        match self {
            Applicant::NaturalPerson => &c::NATURAL_PERSON,
            Applicant::Business => &c::BUSINESS,
            Applicant::Research => &c::RESEARCH,
            Applicant::PublicInterest => &c::PUBLIC_INTEREST,
            Applicant::LegalServices => &c::LEGAL_SERVICES,
            Applicant::Other => &c::OTHER_ORGANISATION,
        }
    }
}

/// One value per applicant column of table 三 (the 总计 column is derived).
///
/// ```
/// use disclosure_report::{Applicant, ByApplicant, Count};
///
/// let row = ByApplicant::from([5u64, 1, 0, 0, 2, 0].map(Count::new));
/// assert_eq!(row[Applicant::LegalServices], Count::new(2));
/// assert_eq!(row.checked_total(), Some(Count::new(8)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ByApplicant<T> {
    /// 自然人.
    pub natural_person: T,
    /// 商业企业.
    pub business: T,
    /// 科研机构.
    pub research: T,
    /// 社会公益组织.
    pub public_interest: T,
    /// 法律服务机构.
    pub legal_services: T,
    /// 其他.
    pub other: T,
}

impl<T> From<[T; 6]> for ByApplicant<T> {
    fn from([natural_person, business, research, public_interest, legal_services, other]: [T; 6]) -> Self {
        ByApplicant { natural_person, business, research, public_interest, legal_services, other }
    }
}

impl From<[u64; 6]> for ByApplicant<Count> {
    /// The six applicant columns, left to right, from plain numbers.
    ///
    /// ```
    /// use disclosure_report::layout::rows;
    /// use disclosure_report::{ByApplicant, Edition, RequestTable};
    ///
    /// let mut table = RequestTable::new(Edition::V2021);
    /// table.set(&rows::NEW_REQUESTS, ByApplicant::from([10, 2, 0, 0, 0, 0]))?;
    /// assert_eq!(table.get(&rows::NEW_REQUESTS).unwrap().checked_total().map(u64::from), Some(12));
    /// # Ok::<(), disclosure_report::NoSuchRow>(())
    /// ```
    fn from(values: [u64; 6]) -> ByApplicant<Count> {
        ByApplicant::from(values.map(Count::new))
    }
}

impl<T> ByApplicant<T> {
    /// References to the six values, left to right.
    fn each(&self) -> [&T; 6] {
        let ByApplicant { natural_person, business, research, public_interest, legal_services, other } = self;
        [natural_person, business, research, public_interest, legal_services, other]
    }

    /// Mutable references to the six values, left to right.
    fn each_mut(&mut self) -> [&mut T; 6] {
        let ByApplicant { natural_person, business, research, public_interest, legal_services, other } = self;
        [natural_person, business, research, public_interest, legal_services, other]
    }
}

impl<T> From<ByApplicant<T>> for [T; 6] {
    fn from(b: ByApplicant<T>) -> [T; 6] {
        [b.natural_person, b.business, b.research, b.public_interest, b.legal_services, b.other]
    }
}

impl<T> std::ops::Index<Applicant> for ByApplicant<T> {
    type Output = T;
    fn index(&self, a: Applicant) -> &T {
        // `Applicant::ALL` is in column order, and so are the fields.
        self.each()[a as usize]
    }
}

impl<T> std::ops::IndexMut<Applicant> for ByApplicant<T> {
    fn index_mut(&mut self, a: Applicant) -> &mut T {
        match a {
            Applicant::NaturalPerson => &mut self.natural_person,
            Applicant::Business => &mut self.business,
            Applicant::Research => &mut self.research,
            Applicant::PublicInterest => &mut self.public_interest,
            Applicant::LegalServices => &mut self.legal_services,
            Applicant::Other => &mut self.other,
        }
    }
}

impl ByApplicant<Count> {
    /// The 总计 column: the sum, or `None` on overflow.
    pub fn checked_total(&self) -> Option<Count> {
        declared_row_total(Section::Requests, |column| {
            Applicant::ALL.into_iter().find(|a| std::ptr::eq(a.column(), column)).map(|a| self[a])
        })
    }

    /// The column-wise sum, or `None` on overflow.
    pub fn checked_add(&self, other: &Self) -> Option<Self> {
        let mut out = *self;
        for a in Applicant::ALL {
            out[a] = self[a].checked_add(other[a])?;
        }
        Some(out)
    }
}

/// Table 三 of one edition: one [`ByApplicant`] per row that carries
/// figures of its own. Group rows' subtotals, the （七）总计 row and the 总计
/// column are derived.
///
/// As JSON it is the `requests` object of a report's `tables`: its stored
/// rows by key, each with the six applicant columns
/// (`{"new_requests": {"natural_person": 4, …}, …}`); reading JSON, the
/// edition is the one whose rows the keys name.
///
/// Rows are named by the [`rows`](crate::layout::rows) statics of the
/// layout.
///
/// ```
/// use disclosure_report::layout::rows;
/// use disclosure_report::{ByApplicant, Count, Edition, RequestTable};
///
/// let mut t = RequestTable::new(Edition::V2021);
/// t.set(&rows::NEW_REQUESTS, ByApplicant { natural_person: Count::new(4), ..Default::default() }).unwrap();
/// t.set(&rows::DISCLOSED, ByApplicant { natural_person: Count::new(3), ..Default::default() }).unwrap();
/// t.set(&rows::CARRIED_OVER, ByApplicant { natural_person: Count::new(1), ..Default::default() }).unwrap();
/// assert!(t.check().is_empty());
/// assert_eq!(t.outcome_total().unwrap().natural_person, Count::new(3));
/// // V2021 splits （六）其他处理 into three rows; it has no figures of its own.
/// assert!(t.set(&rows::OTHER_HANDLING, ByApplicant::default()).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RequestTable {
    edition: Edition,
    rows: Vec<ByApplicant<Count>>,
}

/// A row that the table's edition does not store.
///
/// ```
/// use disclosure_report::layout::rows;
/// use disclosure_report::{ByApplicant, Edition, RequestTable};
///
/// // V2021 has no figures of its own on （六）其他处理: its three sub-rows do.
/// let mut table = RequestTable::zeroed(Edition::V2021);
/// let err = table.set(&rows::OTHER_HANDLING, ByApplicant::default()).unwrap_err();
/// assert_eq!((err.edition, err.row), (Edition::V2021, "other_handling"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{edition} table 三 stores no row `{row}` (it is absent from the edition, a group or a total)")]
#[non_exhaustive]
pub struct NoSuchRow {
    /// The table's edition.
    pub edition: Edition,
    /// The row's key.
    pub row: &'static str,
}

impl RequestTable {
    /// The rows whose figures the table stores, in layout order.
    pub fn leaf_rows(edition: Edition) -> impl Iterator<Item = &'static RowDef> {
        static CACHE: [std::sync::OnceLock<Vec<&'static RowDef>>; 2] =
            [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
        let rows = CACHE[edition as usize]
            .get_or_init(|| Layout::of(edition).data_rows(Section::Requests).filter(|r| !r.is_total).collect());
        rows.iter().copied()
    }

    /// An all-zero table.
    pub fn zeroed(edition: Edition) -> RequestTable {
        RequestTable::new(edition)
    }

    /// A table of zeros of `edition` (as [`RequestTable::zeroed`]).
    pub fn new(edition: Edition) -> RequestTable {
        RequestTable { edition, rows: vec![ByApplicant::default(); Self::leaf_rows(edition).count()] }
    }

    /// The edition.
    pub fn edition(&self) -> Edition {
        self.edition
    }

    fn position(&self, row: &RowDef) -> Option<usize> {
        Self::leaf_rows(self.edition).position(|r| std::ptr::eq(r, row))
    }

    /// The figures of a row.
    pub fn get(&self, row: &RowDef) -> Option<&ByApplicant<Count>> {
        self.rows.get(self.position(row)?)
    }

    /// Sets the figures of a row.
    ///
    /// # Errors
    ///
    /// [`NoSuchRow`] if the edition stores no such row (it is absent from the edition, a group or a
    /// total).
    pub fn set(&mut self, row: &'static RowDef, figures: ByApplicant<Count>) -> Result<&mut Self, NoSuchRow> {
        let i = self.position(row).ok_or(NoSuchRow { edition: self.edition, row: row.key })?;
        if let Some(slot) = self.rows.get_mut(i) {
            *slot = figures;
        }
        Ok(self)
    }

    /// Every stored row with its figures, in layout order.
    pub fn rows(&self) -> impl Iterator<Item = (&'static RowDef, &ByApplicant<Count>)> {
        Self::leaf_rows(self.edition).zip(self.rows.iter())
    }

    /// The sum of the rows `include` selects, or `None` on overflow.
    fn sum_rows(&self, include: impl Fn(&RowDef) -> bool) -> Option<ByApplicant<Count>> {
        self.rows().filter(|(r, _)| include(r)).try_fold(ByApplicant::default(), |acc, (_, v)| acc.checked_add(v))
    }

    /// The （七）总计 row: the sum of every outcome row, or `None` on
    /// overflow.
    pub fn outcome_total(&self) -> Option<ByApplicant<Count>> {
        let parts = summed_rows(self.edition, SumKind::BandTotal, &r::OUTCOME_TOTAL);
        self.sum_rows(|row| parts.iter().any(|p| std::ptr::eq(*p, row)))
    }

    /// A group row's subtotal (（三）不予公开 …): the sum of its sub-rows.
    /// `None` if `group` has no sub-rows in this edition, or on overflow.
    pub fn group_total(&self, group: &RowDef) -> Option<ByApplicant<Count>> {
        let parts = summed_rows(self.edition, SumKind::GroupTotal, group);
        (!parts.is_empty()).then(|| self.sum_rows(|row| parts.iter().any(|p| std::ptr::eq(*p, row))))?
    }

    /// Checks the table by itself (`T3.*`, cell rules).
    pub fn check(&self) -> Findings {
        check_table(self.edition, self)
    }

    /// The row-wise sum of two tables of one edition; `None` if the
    /// editions differ. On overflow, the first cell that does not fit.
    pub fn checked_add(&self, other: &Self) -> Option<Result<Self, SumOverflow>> {
        if self.edition != other.edition {
            return None;
        }
        Some(add_leaves(self, other).map_err(SumOverflow::in_::<Self>))
    }

    /// The table in the V2019 edition. From V2021 this is exact — V2019's
    /// （六）其他处理 is the sum of V2021's three sub-rows — and it is the only
    /// lossless conversion between the editions. On overflow of that sum,
    /// the cell.
    ///
    /// # Errors
    ///
    /// [`SumOverflow`] if （六）其他处理's three sub-rows do not sum within a count.
    pub fn to_v2019(&self) -> Result<RequestTable, SumOverflow> {
        if self.edition == Edition::V2019 {
            return Ok(self.clone());
        }
        let mut out = RequestTable::new(Edition::V2019);
        let mut other_handling = ByApplicant::<Count>::default();
        for (row, figures) in self.rows() {
            if row.parent.is_some_and(|p| std::ptr::eq(p, &r::OTHER_HANDLING)) {
                for a in Applicant::ALL {
                    other_handling[a] = other_handling[a].checked_add(figures[a]).ok_or(SumOverflow {
                        section: Section::Requests,
                        row: &r::OTHER_HANDLING,
                        column: a.column(),
                        addends: [other_handling[a].into(), figures[a].into()],
                    })?;
                }
            } else {
                // Every other stored row exists in both editions.
                let _ = out.set(row, *figures);
            }
        }
        let _ = out.set(&r::OTHER_HANDLING, other_handling);
        Ok(out)
    }
}

impl Leaves for RequestTable {
    const SECTION: Section = Section::Requests;
    fn zeroed_in(edition: Edition) -> Option<Self> {
        Some(RequestTable::new(edition))
    }
    fn slots(&mut self) -> Slots<'_> {
        let mut v = Vec::with_capacity(self.rows.len() * Applicant::ALL.len());
        for (row, figures) in Self::leaf_rows(self.edition).zip(self.rows.iter_mut()) {
            let [a, b, c, d, e, f] = figures.each_mut();
            for (applicant, count) in Applicant::ALL.into_iter().zip([a, b, c, d, e, f]) {
                v.push((row, applicant.column(), Slot::Count(count)));
            }
        }
        v
    }
}
