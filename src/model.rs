//! The strict model: typed tables, and [`AnnualReport`], which only exists
//! when valid.
//!
//! The tables ([`ProactiveV2019`], [`ProactiveV2021`], [`RequestTable`],
//! [`ReviewTable`]) are plain drafts: they store the leaves only, so every
//! total is derived and cannot disagree with its parts. Each can be checked
//! alone with `check()`; [`AnnualReport::builder`] checks them all at once
//! and returns every violation.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{MapAccess, Visitor};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::cells::{FlatTables, Given, PlaceAsRead, Placed, Tables};
use crate::layout::{columns as c, rows as r, CellKind, CellRef, ColumnDef, Layout, RowDef, Section, SumKind};
use crate::number::Value;
use crate::published::{Cell, Figures, Prose};
use crate::rules::Source;
use crate::rules::{Findings, Severity};
use crate::{Change, Count, Edition, Money, Published, ReportMeta};

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

/// A table whose leaves map onto cells of a section.
trait Leaves: Clone {
    const SECTION: Section;
    fn slots(&mut self) -> Slots<'_>;
}

// ---------------------------------------------------------------------------
// Table 二
// ---------------------------------------------------------------------------

/// V2019 第二十条第（一）项, one row: 规章 or 规范性文件.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocumentCounts {
    /// 本年新制作数量.
    pub new_made: Count,
    /// 本年新公开数量.
    pub new_published: Count,
    /// 对外公开总数量.
    pub total_published: Count,
}

/// V2019 第二十条第（五）（六）项, one row of catalogue items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ItemCounts {
    /// 上一年项目数量.
    pub previous: Count,
    /// 本年增/减.
    pub change: Change,
    /// 处理决定数量.
    pub decisions: Count,
}

/// V2019 第二十条第（八）项: catalogue items without decisions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FeeItemCounts {
    /// 上一年项目数量.
    pub previous: Count,
    /// 本年增/减.
    pub change: Change,
}

/// V2019 第二十条第（九）项: 政府集中采购.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Procurement {
    /// 采购项目数量.
    pub projects: Count,
    /// 采购总金额, in 万元.
    pub amount: Money,
}

/// Table 二 of the V2019 edition: 22 cells in five sub-tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProactiveV2019 {
    /// （一）规章.
    pub regulations: DocumentCounts,
    /// （一）规范性文件.
    pub normative_documents: DocumentCounts,
    /// （五）行政许可.
    pub licensing: ItemCounts,
    /// （五）其他对外管理服务事项.
    pub other_services: ItemCounts,
    /// （六）行政处罚.
    pub penalties: ItemCounts,
    /// （六）行政强制.
    pub enforcement: ItemCounts,
    /// （八）行政事业性收费.
    pub fees: FeeItemCounts,
    /// （九）政府集中采购.
    pub procurement: Procurement,
}

fn documents<'a>(
    row: &'static RowDef,
    d: &'a mut DocumentCounts,
) -> [(&'static RowDef, &'static ColumnDef, Slot<'a>); 3] {
    [
        (row, &c::NEW_MADE, Slot::Count(&mut d.new_made)),
        (row, &c::NEW_PUBLISHED, Slot::Count(&mut d.new_published)),
        (row, &c::TOTAL_PUBLISHED, Slot::Count(&mut d.total_published)),
    ]
}

fn items<'a>(row: &'static RowDef, i: &'a mut ItemCounts) -> [(&'static RowDef, &'static ColumnDef, Slot<'a>); 3] {
    [
        (row, &c::PREVIOUS_ITEMS, Slot::Count(&mut i.previous)),
        (row, &c::CHANGE, Slot::Change(&mut i.change)),
        (row, &c::DECISIONS, Slot::Count(&mut i.decisions)),
    ]
}

impl Leaves for ProactiveV2019 {
    const SECTION: Section = Section::Proactive;
    fn slots(&mut self) -> Slots<'_> {
        let mut v = Vec::with_capacity(22);
        v.extend(documents(&r::REGULATIONS, &mut self.regulations));
        v.extend(documents(&r::NORMATIVE_DOCUMENTS, &mut self.normative_documents));
        v.extend(items(&r::LICENSING, &mut self.licensing));
        v.extend(items(&r::OTHER_SERVICES, &mut self.other_services));
        v.extend(items(&r::PENALTIES, &mut self.penalties));
        v.extend(items(&r::ENFORCEMENT, &mut self.enforcement));
        v.push((&r::FEES, &c::PREVIOUS_ITEMS, Slot::Count(&mut self.fees.previous)));
        v.push((&r::FEES, &c::CHANGE, Slot::Change(&mut self.fees.change)));
        v.push((&r::PROCUREMENT, &c::PURCHASE_COUNT, Slot::Count(&mut self.procurement.projects)));
        v.push((&r::PROCUREMENT, &c::PURCHASE_AMOUNT, Slot::Money(&mut self.procurement.amount)));
        v
    }
}

/// V2021 第二十条第（一）项, one row: 规章 or 行政规范性文件.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InForceCounts {
    /// 本年制发件数.
    pub issued: Count,
    /// 本年废止件数.
    pub repealed: Count,
    /// 现行有效件数.
    pub in_force: Count,
}

/// Table 二 of the V2021 edition: 10 cells in four sub-tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProactiveV2021 {
    /// （一）规章.
    pub regulations: InForceCounts,
    /// （一）行政规范性文件.
    pub normative_documents: InForceCounts,
    /// （五）行政许可: 本年处理决定数量.
    pub licensing: Count,
    /// （六）行政处罚: 本年处理决定数量.
    pub penalties: Count,
    /// （六）行政强制: 本年处理决定数量.
    pub enforcement: Count,
    /// （八）行政事业性收费: 本年收费金额, in 万元.
    pub fees: Money,
}

fn in_force<'a>(
    row: &'static RowDef,
    d: &'a mut InForceCounts,
) -> [(&'static RowDef, &'static ColumnDef, Slot<'a>); 3] {
    [
        (row, &c::ISSUED, Slot::Count(&mut d.issued)),
        (row, &c::REPEALED, Slot::Count(&mut d.repealed)),
        (row, &c::IN_FORCE, Slot::Count(&mut d.in_force)),
    ]
}

impl Leaves for ProactiveV2021 {
    const SECTION: Section = Section::Proactive;
    fn slots(&mut self) -> Slots<'_> {
        let mut v = Vec::with_capacity(10);
        v.extend(in_force(&r::REGULATIONS, &mut self.regulations));
        v.extend(in_force(&r::ADMINISTRATIVE_NORMATIVE_DOCUMENTS, &mut self.normative_documents));
        v.push((&r::LICENSING, &c::DECISIONS_THIS_YEAR, Slot::Count(&mut self.licensing)));
        v.push((&r::PENALTIES, &c::DECISIONS_THIS_YEAR, Slot::Count(&mut self.penalties)));
        v.push((&r::ENFORCEMENT, &c::DECISIONS_THIS_YEAR, Slot::Count(&mut self.enforcement)));
        v.push((&r::FEES, &c::FEE_AMOUNT, Slot::Money(&mut self.fees)));
        v
    }
}

/// Table 二 of either edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum ProactiveTable {
    /// V2019.
    V2019(ProactiveV2019),
    /// V2021.
    V2021(ProactiveV2021),
}

impl ProactiveTable {
    /// The edition of the table.
    pub fn edition(&self) -> Edition {
        match self {
            ProactiveTable::V2019(_) => Edition::V2019,
            ProactiveTable::V2021(_) => Edition::V2021,
        }
    }

    /// An all-zero table of an edition.
    pub fn zeroed(edition: Edition) -> ProactiveTable {
        match edition {
            Edition::V2019 => ProactiveTable::V2019(ProactiveV2019::default()),
            Edition::V2021 => ProactiveTable::V2021(ProactiveV2021::default()),
        }
    }

    /// The V2019 table, if it is one.
    pub fn as_v2019(&self) -> Option<&ProactiveV2019> {
        match self {
            ProactiveTable::V2019(t) => Some(t),
            ProactiveTable::V2021(_) => None,
        }
    }

    /// The V2021 table, if it is one.
    pub fn as_v2021(&self) -> Option<&ProactiveV2021> {
        match self {
            ProactiveTable::V2021(t) => Some(t),
            ProactiveTable::V2019(_) => None,
        }
    }

    /// Checks the table by itself (V2019: `T2.items_nonnegative`,
    /// `T2.new_exceeds_total`).
    pub fn check(&self) -> Findings {
        check_section(self.edition(), Section::Proactive, |p| place(p, self))
    }
}

impl Leaves for ProactiveTable {
    const SECTION: Section = Section::Proactive;
    fn slots(&mut self) -> Slots<'_> {
        match self {
            ProactiveTable::V2019(t) => t.slots(),
            ProactiveTable::V2021(t) => t.slots(),
        }
    }
}

/// A sum that does not fit: the section, row and column of the leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the sum of {section}/{row}/{column} overflows", section = .section.key(), row = .row.key, column = .column.key)]
#[non_exhaustive]
pub struct SumOverflow {
    /// The section.
    pub section: Section,
    /// The row.
    pub row: &'static RowDef,
    /// The column.
    pub column: &'static ColumnDef,
}

fn overflowing<T: Leaves>((row, column): (&'static RowDef, &'static ColumnDef)) -> SumOverflow {
    SumOverflow { section: T::SECTION, row, column }
}

impl ProactiveV2019 {
    /// The cell-wise sum, or the first cell that overflows.
    ///
    /// # Errors
    ///
    /// [`SumOverflow`] naming the first cell whose sum does not fit.
    pub fn checked_add(&self, other: &Self) -> Result<Self, SumOverflow> {
        add_leaves(self, other).map_err(overflowing::<Self>)
    }
}

impl ProactiveV2021 {
    /// The cell-wise sum, or the first cell that overflows.
    ///
    /// # Errors
    ///
    /// [`SumOverflow`] naming the first cell whose sum does not fit.
    pub fn checked_add(&self, other: &Self) -> Result<Self, SumOverflow> {
        add_leaves(self, other).map_err(overflowing::<Self>)
    }
}

impl ReviewTable {
    /// The cell-wise sum, or the first cell that overflows.
    ///
    /// # Errors
    ///
    /// [`SumOverflow`] naming the first cell whose sum does not fit.
    pub fn checked_add(&self, other: &Self) -> Result<Self, SumOverflow> {
        add_leaves(self, other).map_err(overflowing::<Self>)
    }
}

impl From<ProactiveV2019> for ProactiveTable {
    fn from(t: ProactiveV2019) -> Self {
        ProactiveTable::V2019(t)
    }
}

impl From<ProactiveV2021> for ProactiveTable {
    fn from(t: ProactiveV2021) -> Self {
        ProactiveTable::V2021(t)
    }
}

// ---------------------------------------------------------------------------
// Table 三
// ---------------------------------------------------------------------------

/// An applicant column of table 三.
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

impl<T> From<ByApplicant<T>> for [T; 6] {
    fn from(b: ByApplicant<T>) -> [T; 6] {
        [b.natural_person, b.business, b.research, b.public_interest, b.legal_services, b.other]
    }
}

impl<T> std::ops::Index<Applicant> for ByApplicant<T> {
    type Output = T;
    fn index(&self, a: Applicant) -> &T {
        match a {
            Applicant::NaturalPerson => &self.natural_person,
            Applicant::Business => &self.business,
            Applicant::Research => &self.research,
            Applicant::PublicInterest => &self.public_interest,
            Applicant::LegalServices => &self.legal_services,
            Applicant::Other => &self.other,
        }
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
        check_section(self.edition, Section::Requests, |p| self.place(p))
    }

    /// The row-wise sum of two tables of one edition; `None` if the
    /// editions differ. On overflow, the first cell that does not fit.
    pub fn checked_add(&self, other: &Self) -> Option<Result<Self, SumOverflow>> {
        if self.edition != other.edition {
            return None;
        }
        let mut sum = self.clone();
        for ((row, acc), add) in Self::leaf_rows(self.edition).zip(sum.rows.iter_mut()).zip(&other.rows) {
            for a in Applicant::ALL {
                match acc[a].checked_add(add[a]) {
                    Some(n) => acc[a] = n,
                    None => return Some(Err(SumOverflow { section: Section::Requests, row, column: a.column() })),
                }
            }
        }
        Some(Ok(sum))
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

    /// The cells of a stored row, one per applicant (they are the first
    /// six columns of table 三, in order).
    fn applicant_cells<'a>(layout: &'a Layout, row: &RowDef) -> impl Iterator<Item = (Applicant, CellRef)> + 'a {
        let first = layout.cell(Section::Requests, row, Applicant::NaturalPerson.column());
        Applicant::ALL.into_iter().enumerate().filter_map(move |(i, a)| Some((a, layout.at(first?.index() + i)?)))
    }

    fn place(&self, p: &mut Published) {
        let layout = Layout::of(self.edition);
        for (row, figures) in self.rows() {
            for (a, cell) in Self::applicant_cells(layout, row) {
                set_number(p, Some(cell), Decimal::from(figures[a]));
            }
        }
    }

    fn read<S: Source + ?Sized>(edition: Edition, p: &S) -> Result<RequestTable, Findings> {
        let layout = Layout::of(edition);
        let mut t = RequestTable::new(edition);
        let mut bad = Vec::new();
        for (row, slot) in Self::leaf_rows(edition).zip(t.rows.iter_mut()) {
            for (a, cell) in Self::applicant_cells(layout, row) {
                if !Slot::Count(&mut slot[a]).set(p.figure_or_zero(cell)) {
                    bad.push(cell);
                }
            }
        }
        overflow(p, bad).map(|()| t)
    }
}

// ---------------------------------------------------------------------------
// Table 四
// ---------------------------------------------------------------------------

/// The four outcomes of one group of table 四 (its 总计 is derived).
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
        check_section(Edition::V2021, Section::Review, |p| place(p, self))
    }
}

// ---------------------------------------------------------------------------
// Moving tables in and out of a published report
// ---------------------------------------------------------------------------

fn set_number(p: &mut Published, cell: Option<CellRef>, d: Decimal) {
    if let Some(cell) = cell {
        // The cell comes from the report's own layout, read for its kind.
        let _ = p.put(cell, Cell::number(cell.info().kind(), d));
    }
}

/// Writes the leaves of a table into `p`.
fn place<T: Leaves>(p: &mut Published, table: &T) {
    let layout = p.layout();
    for (row, column, slot) in table.clone().slots() {
        set_number(p, layout.cell(T::SECTION, row, column), slot.get());
    }
}

/// Adds `other`'s leaves to `acc`'s; on overflow, the row and column of
/// the first leaf that does not fit.
fn add_leaves<T: Leaves>(acc: &T, other: &T) -> Result<T, (&'static RowDef, &'static ColumnDef)> {
    let mut sum = acc.clone();
    let mut other = other.clone();
    for ((row, column, mut a), (_, _, b)) in sum.slots().into_iter().zip(other.slots()) {
        if !a.get().checked_add(b.get()).is_some_and(|d| a.set(d)) {
            return Err((row, column));
        }
    }
    Ok(sum)
}

/// Reads the leaves of a table from a valid report.
fn read<T: Leaves, S: Source + ?Sized>(mut table: T, p: &S) -> Result<T, Findings> {
    let layout = Layout::of(p.edition());
    let mut bad = Vec::new();
    for (row, column, slot) in table.slots().iter_mut() {
        if let Some(cell) = layout.cell(T::SECTION, row, column) {
            if !slot.set(p.figure_or_zero(cell)) {
                bad.push(cell);
            }
        }
    }
    overflow(p, bad).map(|()| table)
}

/// `cell.overflow` findings for cells whose figure did not fit its type.
/// A report that checks clean never has any; this keeps the conversion
/// total rather than trusting that.
fn overflow<S: Source + ?Sized>(p: &S, cells: Vec<CellRef>) -> Result<(), Findings> {
    if cells.is_empty() {
        return Ok(());
    }
    let findings = cells
        .into_iter()
        .map(|cell| {
            let text = p.text(cell);
            crate::rules::Finding::new(
                &crate::rules::CELL_OVERFLOW,
                vec![crate::rules::Involved::current(cell, text)],
                crate::rules::Detail::Cell(crate::rules::CellProblem::TooLarge),
            )
        })
        .collect();
    Err(Findings::sorted(findings))
}

/// Runs the rule table on one section written into an otherwise empty
/// report, keeping the findings about that section.
fn check_section(edition: Edition, section: Section, write: impl FnOnce(&mut Published)) -> Findings {
    let meta = match ReportMeta::new("", section_year(edition)) {
        Ok(m) => m,
        Err(_) => return Findings::default(),
    };
    let mut p = Published::new(edition, meta);
    write(&mut p);
    p.fill_derived_totals();
    let mut findings = p.check();
    findings.retain(|f| !f.cells().is_empty() && f.cells().iter().all(|c| c.cell.section() == section));
    findings
}

fn section_year(edition: Edition) -> u16 {
    match edition {
        Edition::V2019 => 2020,
        Edition::V2021 => 2021,
    }
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

/// A valid annual report: only the builder, [`TryFrom<Published>`] and
/// deserialization make one, and each checks the whole rule catalogue.
///
/// Totals are derived from the stored leaves. Warnings and notices found
/// while building (an `edition.year_mismatch`, say) do not block it and
/// stay visible in [`notes`](AnnualReport::notes).
///
/// ```
/// use disclosure_report::layout::rows;
/// use disclosure_report::*;
///
/// let meta = ReportMeta::new("某市交通运输局", 2022).unwrap()
///     .with_kind(OrganKind::Department(Level::Prefectural));
/// let mut requests = RequestTable::new(Edition::V2021);
/// requests.set(&rows::NEW_REQUESTS, ByApplicant { natural_person: Count::new(10), ..Default::default() })?;
/// requests.set(&rows::DISCLOSED, ByApplicant { natural_person: Count::new(7), ..Default::default() })?;
/// requests.set(&rows::UNABLE_NOT_HELD, ByApplicant { natural_person: Count::new(2), ..Default::default() })?;
/// requests.set(&rows::CARRIED_OVER, ByApplicant { natural_person: Count::new(1), ..Default::default() })?;
///
/// let report = AnnualReport::builder(meta).proactive(ProactiveV2021::default()).requests(requests).review(ReviewTable::default())
///     .overview("本机关……")
///     .build()?;
/// assert_eq!(report.requests().outcome_total().unwrap().natural_person, Count::new(9));
/// assert!(report.to_published().check().errors().next().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AnnualReport {
    meta: ReportMeta,
    proactive: ProactiveTable,
    requests: RequestTable,
    review: ReviewTable,
    prose: Prose,
    notes: Findings,
}

/// Why a report could not be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The report breaks rules of the catalogue: every error finding.
    #[error("the report is invalid:\n{0}")]
    Invalid(Findings),
    /// Table 二 and table 三 are of different editions.
    #[error("table 二 is {proactive} but table 三 is {requests}")]
    EditionConflict {
        /// The edition of table 二.
        proactive: Edition,
        /// The edition of table 三.
        requests: Edition,
    },
}

impl BuildError {
    /// The error findings, where the report broke rules.
    pub fn findings(&self) -> Option<&Findings> {
        match self {
            BuildError::Invalid(f) => Some(f),
            BuildError::EditionConflict { .. } => None,
        }
    }
}

/// Assembles an [`AnnualReport`]; see [`AnnualReport::builder`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a builder does nothing until build() is called"]
pub struct AnnualReportBuilder {
    meta: ReportMeta,
    proactive: ProactiveTable,
    requests: RequestTable,
    review: ReviewTable,
    prose: Prose,
}

impl AnnualReport {
    /// Starts a report from its metadata, with every table zero in the
    /// edition of its year ([`Edition::for_year`]); set the tables with
    /// [`proactive`](AnnualReportBuilder::proactive),
    /// [`requests`](AnnualReportBuilder::requests) and
    /// [`review`](AnnualReportBuilder::review). The edition is that of the
    /// tables.
    ///
    /// ```
    /// use disclosure_report::layout::rows;
    /// use disclosure_report::{AnnualReport, ByApplicant, Edition, RequestTable, ReportMeta};
    ///
    /// let meta = ReportMeta::new("某县交通运输局", 2023)?;
    /// let mut requests = RequestTable::zeroed(Edition::V2021);
    /// requests.set(&rows::NEW_REQUESTS, ByApplicant::from([4, 1, 0, 0, 0, 0]))?;
    /// requests.set(&rows::DISCLOSED, ByApplicant::from([4, 1, 0, 0, 0, 0]))?;
    /// let report = AnnualReport::builder(meta).requests(requests).build()?;
    /// assert_eq!(report.edition(), Edition::V2021);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(meta: ReportMeta) -> AnnualReportBuilder {
        let edition = Edition::for_year(meta.year());
        AnnualReportBuilder {
            meta,
            proactive: ProactiveTable::zeroed(edition),
            requests: RequestTable::zeroed(edition),
            review: ReviewTable::zeroed(),
            prose: Prose::default(),
        }
    }

    /// Back into a builder, to change and rebuild.
    pub fn into_builder(self) -> AnnualReportBuilder {
        AnnualReportBuilder {
            meta: self.meta,
            proactive: self.proactive,
            requests: self.requests,
            review: self.review,
            prose: self.prose,
        }
    }

    /// The edition of the tables.
    pub fn edition(&self) -> Edition {
        self.proactive.edition()
    }

    /// Who published it, for which year.
    pub fn meta(&self) -> &ReportMeta {
        &self.meta
    }

    /// Table 二.
    pub fn proactive(&self) -> &ProactiveTable {
        &self.proactive
    }

    /// Table 三.
    pub fn requests(&self) -> &RequestTable {
        &self.requests
    }

    /// Table 四.
    pub fn review(&self) -> &ReviewTable {
        &self.review
    }

    /// Sections 一, 五 and 六.
    pub fn prose(&self) -> &Prose {
        &self.prose
    }

    /// The warnings and notices found when the report was built.
    pub fn notes(&self) -> &Findings {
        &self.notes
    }

    /// The report as it would be published: every cell, totals included.
    pub fn to_published(&self) -> Published {
        let mut p = Published::new(self.edition(), self.meta.clone());
        place(&mut p, &self.proactive);
        self.requests.place(&mut p);
        place(&mut p, &self.review);
        p.fill_derived_totals();
        *p.prose_mut() = self.prose.clone();
        p
    }

    /// The report, if `p` breaks no rule; `prose` joins it.
    /// The strict report from `p`, checked: where `totals_derived` (the
    /// builder, strict JSON), its totals were computed from its leaves and
    /// only the leaves' findings count; otherwise (a published report) its
    /// printed totals are checked as printed.
    fn from_checked<S: Source + ?Sized>(p: &S, prose: Prose, totals_derived: bool) -> Result<AnnualReport, BuildError> {
        let findings = if totals_derived { crate::rules::check_strict(p) } else { crate::rules::check(p) };
        if findings.has_errors() {
            let mut errors = findings;
            errors.retain(|f| f.severity() == Severity::Error);
            return Err(BuildError::Invalid(errors));
        }
        let edition = p.edition();
        let proactive = match ProactiveTable::zeroed(edition) {
            ProactiveTable::V2019(t) => read(t, p).map(ProactiveTable::V2019),
            ProactiveTable::V2021(t) => read(t, p).map(ProactiveTable::V2021),
        };
        let requests = RequestTable::read(edition, p);
        let review = read(ReviewTable::default(), p);
        match (proactive, requests, review) {
            (Ok(proactive), Ok(requests), Ok(review)) => {
                Ok(AnnualReport { meta: p.meta().clone(), proactive, requests, review, prose, notes: findings })
            }
            (a, b, c) => {
                let mut all = Findings::default();
                for e in [a.err(), b.err(), c.err()].into_iter().flatten() {
                    all.extend(e);
                }
                Err(BuildError::Invalid(all))
            }
        }
    }
}

impl AnnualReportBuilder {
    /// Replaces the metadata.
    pub fn meta(mut self, meta: ReportMeta) -> Self {
        self.meta = meta;
        self
    }

    /// Section 一、总体情况.
    pub fn overview(mut self, text: impl Into<String>) -> Self {
        self.prose.overview = text.into();
        self
    }

    /// Section 五、存在的主要问题及改进情况.
    pub fn problems(mut self, text: impl Into<String>) -> Self {
        self.prose.problems = text.into();
        self
    }

    /// Section 六、其他需要报告的事项.
    pub fn other_matters(mut self, text: impl Into<String>) -> Self {
        self.prose.other = text.into();
        self
    }

    /// The information processing fee collected, stated in section 六.
    pub fn processing_fee(mut self, fee: Money) -> Self {
        self.prose.processing_fee = Some(fee);
        self
    }

    /// All prose at once.
    pub fn prose(mut self, prose: Prose) -> Self {
        self.prose = prose;
        self
    }

    /// Table 二.
    pub fn proactive(mut self, table: impl Into<ProactiveTable>) -> Self {
        self.proactive = table.into();
        self
    }

    /// Table 三.
    pub fn requests(mut self, table: RequestTable) -> Self {
        self.requests = table;
        self
    }

    /// Table 四.
    pub fn review(mut self, table: ReviewTable) -> Self {
        self.review = table;
        self
    }

    /// Checks the whole report against the rule catalogue and returns it,
    /// or every error finding at once.
    ///
    /// # Errors
    ///
    /// [`BuildError::Invalid`] with every error finding, each at the leaf given;
    /// [`BuildError::EditionConflict`] if tables 二 and 三 are of different editions.
    pub fn build(self) -> Result<AnnualReport, BuildError> {
        let (proactive, requests) = (self.proactive.edition(), self.requests.edition());
        if proactive != requests {
            return Err(BuildError::EditionConflict { proactive, requests });
        }
        let draft = AnnualReport {
            meta: self.meta,
            proactive: self.proactive,
            requests: self.requests,
            review: self.review,
            prose: self.prose,
            notes: Findings::default(),
        };
        let published = draft.to_published();
        AnnualReport::from_checked(&published, draft.prose, true)
    }
}

impl From<AnnualReport> for AnnualReportBuilder {
    fn from(r: AnnualReport) -> Self {
        r.into_builder()
    }
}

impl TryFrom<&Published> for AnnualReport {
    type Error = BuildError;

    /// Succeeds exactly when [`Published::check`] finds no error. Blank
    /// and not-applicable cells become 0; printed subtotals are dropped
    /// (they are derived).
    fn try_from(p: &Published) -> Result<Self, BuildError> {
        AnnualReport::from_checked(p, p.prose().clone(), false)
    }
}

impl TryFrom<Published> for AnnualReport {
    type Error = BuildError;
    fn try_from(p: Published) -> Result<Self, BuildError> {
        AnnualReport::from_checked(&p, p.prose().clone(), false)
    }
}

impl From<&AnnualReport> for Published {
    fn from(r: &AnnualReport) -> Published {
        r.to_published()
    }
}

// ---------------------------------------------------------------------------
// JSON: the leaves, as numbers, under stable keys
// ---------------------------------------------------------------------------

/// A leaf as JSON: counts and changes as integers, money as a string
/// (exact digits).
enum Leaf {
    Integer(Decimal),
    Money(Decimal),
}

impl Serialize for Leaf {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use rust_decimal::prelude::ToPrimitive;
        match self {
            Leaf::Integer(d) => match d.to_i64() {
                Some(n) => s.serialize_i64(n),
                None => s.serialize_str(&d.to_string()),
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
        let published = self.to_published();
        let value = |cell: CellRef| {
            if !cell.info().is_leaf() {
                return None;
            }
            let d = published.get(cell)?.value().figure()?;
            Some(match cell.info().kind() {
                CellKind::Money => Leaf::Money(d),
                CellKind::Count | CellKind::Change => Leaf::Integer(d),
            })
        };
        ReportOut {
            edition: self.edition(),
            meta: &self.meta,
            tables: Tables { edition: self.edition(), value: &value },
            prose: &self.prose,
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
        const FIELDS: &[&str] = &["edition", "meta", "tables", "prose"];

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
            let kind = cell.info().kind();
            let value = match given {
                Given::Number(d) => crate::number::classify(kind, d),
                // A decimal string for money, which JSON numbers may not hold exactly.
                Given::Text(text) if kind == CellKind::Money && text.parse::<Decimal>().is_ok() => {
                    crate::number::read_cell(kind, &text)
                }
                Given::Text(text) => {
                    problems.push(format!(
                        "{} ({}) is given as {text:?}: strict JSON takes a number (for money, a number or a decimal string such as \"12.5\"); printed forms belong to a published report",
                        cell.key_path(),
                        cell
                    ));
                    Value::NotANumber
                }
                Given::Null => Value::Blank,
                Given::Printed { text, .. } => {
                    problems.push(format!(
                        "{} ({}) is given as printed text under a header unit ({text:?}); give 万元 as a number or decimal string",
                        cell.key_path(),
                        cell
                    ));
                    Value::NotANumber
                }
            };
            if !cell.info().is_leaf() {
                problems.push(format!("{} ({}) is derived from other cells; give only leaves", cell.key_path(), cell));
            } else if matches!(value, Value::Blank | Value::NotApplicable) {
                problems.push(format!("{} ({}) must be a number", cell.key_path(), cell));
            }
            figures.set(cell, value);
        }
        if !problems.is_empty() {
            return Err(LeavesError::Leaves(problems));
        }
        figures.fill_derived_totals();
        AnnualReport::from_checked(&figures, prose, true).map_err(|e| match e {
            BuildError::Invalid(findings) => LeavesError::Invalid(findings),
            other => LeavesError::Leaves(vec![other.to_string()]),
        })
    }
}

impl fmt::Display for AnnualReport {
    /// `organ year edition`, e.g. `庙台乡人民政府 2020 (V2019)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.meta.organ(), self.meta.year(), self.edition())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zeroed(edition: Edition) -> AnnualReportBuilder {
        let meta = ReportMeta::new("测试", if edition == Edition::V2019 { 2020 } else { 2022 }).unwrap();
        AnnualReport::builder(meta)
            .proactive(ProactiveTable::zeroed(edition))
            .requests(RequestTable::new(edition))
            .review(ReviewTable::default())
    }

    #[test]
    fn slots_cover_every_leaf_of_section_2_and_4() {
        for edition in Edition::ALL {
            let layout = Layout::of(edition);
            let leaves = |s| layout.section_cells(s).filter(|c| c.info().is_leaf()).count();
            let mut t = ProactiveTable::zeroed(edition);
            let slots = t.slots();
            assert_eq!(slots.len(), leaves(Section::Proactive));
            for (row, col, _) in &slots {
                assert!(layout.cell(Section::Proactive, row, col).is_some(), "{}/{}", row.key, col.key);
            }
            let mut review = ReviewTable::default();
            assert_eq!(review.slots().len(), leaves(Section::Review));
        }
    }

    #[test]
    fn applicant_columns_match_the_layout() {
        let block = &Layout::of(Edition::V2019).blocks(Section::Requests)[0];
        let leaves: Vec<&str> = block.columns.iter().filter(|c| !c.is_total).map(|c| c.key).collect();
        let typed: Vec<&str> = Applicant::ALL.iter().map(|a| a.column().key).collect();
        assert_eq!(leaves, typed);
    }

    #[test]
    fn zero_reports_build_in_both_editions() {
        for e in Edition::ALL {
            let r = zeroed(e).build().unwrap();
            assert_eq!(r.edition(), e);
            assert!(r.notes().errors().next().is_none());
        }
    }

    #[test]
    fn build_reports_every_error_at_once() {
        let mut requests = RequestTable::new(Edition::V2021);
        let one = ByApplicant { natural_person: Count::new(1), ..Default::default() };
        requests.set(&r::NEW_REQUESTS, one).unwrap();
        let review = ReviewTable::default();
        let err = zeroed(Edition::V2021).requests(requests).review(review).build().unwrap_err();
        let findings = err.findings().unwrap();
        // The new request is neither handled nor carried over: T3.balance
        // fails for 自然人, where the mistake was made; the derived 总计
        // column's balance follows from it and is not reported again.
        assert_eq!(findings.of_rule(&crate::rules::T3_BALANCE).count(), 1);
        assert_eq!(findings.len(), 1, "{findings}");
    }

    #[test]
    fn edition_conflict_is_reported() {
        let err = zeroed(Edition::V2019).requests(RequestTable::new(Edition::V2021)).build().unwrap_err();
        assert!(matches!(err, BuildError::EditionConflict { .. }));
    }

    #[test]
    fn derived_total_overflow_is_an_error() {
        let mut requests = RequestTable::new(Edition::V2021);
        let huge = ByApplicant { natural_person: Count::new(u64::MAX), business: Count::new(1), ..Default::default() };
        requests.set(&r::NEW_REQUESTS, huge).unwrap();
        requests.set(&r::CARRIED_OVER, huge).unwrap();
        let err = zeroed(Edition::V2021).requests(requests).build().unwrap_err();
        assert!(err.findings().unwrap().of_rule(&crate::rules::CELL_OVERFLOW).count() >= 1);
    }

    #[test]
    fn year_mismatch_is_a_note_not_an_error() {
        let meta = ReportMeta::new("测试", 2022).unwrap();
        let r = zeroed(Edition::V2019).meta(meta).build().unwrap();
        assert_eq!(r.notes().of_rule(&crate::rules::EDITION_YEAR_MISMATCH).count(), 1);
    }
}
