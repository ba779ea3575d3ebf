//! Table 二 (第二十条 主动公开政府信息情况) of both editions.

use serde::{Deserialize, Serialize};

use super::{Leaves, Slot, Slots, SumOverflow, add_leaves, check_table};
use crate::layout::{ColumnDef, RowDef, Section, columns as c, rows as r};
use crate::rules::Findings;
use crate::{Change, Count, Edition, Money};

/// V2019 第二十条第（一）项, one row: 规章 or 规范性文件.
///
/// ```
/// use disclosure_report::{Count, DocumentCounts, ProactiveV2019};
///
/// let table = ProactiveV2019 { regulations: DocumentCounts::from([2, 2, 40]), ..Default::default() };
/// assert_eq!(table.regulations.new_made, Count::new(2));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocumentCounts {
    /// 本年新制作数量.
    pub new_made: Count,
    /// 本年新公开数量.
    pub new_published: Count,
    /// 对外公开总数量.
    pub total_published: Count,
}

impl From<[u64; 3]> for DocumentCounts {
    /// The three columns as printed, left to right: 本年新制作数量,
    /// 本年新公开数量, 对外公开总数量.
    ///
    /// ```
    /// use disclosure_report::{Count, DocumentCounts};
    ///
    /// assert_eq!(DocumentCounts::from([2, 2, 40]).total_published, Count::new(40));
    /// ```
    fn from([new_made, new_published, total_published]: [u64; 3]) -> DocumentCounts {
        DocumentCounts {
            new_made: new_made.into(),
            new_published: new_published.into(),
            total_published: total_published.into(),
        }
    }
}

/// V2019 第二十条第（五）（六）项, one row of catalogue items.
///
/// ```
/// use disclosure_report::{Change, Count, ItemCounts, ProactiveV2019};
///
/// let licensing = ItemCounts { previous: Count::new(12), change: Change::new(-1), decisions: Count::new(300) };
/// let table = ProactiveV2019 { licensing, ..Default::default() };
/// assert_eq!(table.licensing, ItemCounts::from((12, -1, 300)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ItemCounts {
    /// 上一年项目数量.
    #[serde(rename = "previous_items")]
    pub previous: Count,
    /// 本年增/减.
    pub change: Change,
    /// 处理决定数量.
    pub decisions: Count,
}

impl From<(u64, i64, u64)> for ItemCounts {
    /// The three columns as printed: 上一年项目数量, 本年增/减 (signed),
    /// 处理决定数量.
    ///
    /// ```
    /// use disclosure_report::{Change, ItemCounts};
    ///
    /// assert_eq!(ItemCounts::from((12, -2, 30)).change, Change::new(-2));
    /// ```
    fn from((previous, change, decisions): (u64, i64, u64)) -> ItemCounts {
        ItemCounts { previous: previous.into(), change: change.into(), decisions: decisions.into() }
    }
}

/// V2019 第二十条第（八）项: catalogue items without decisions.
///
/// ```
/// use disclosure_report::{FeeItemCounts, ProactiveV2019};
///
/// let table = ProactiveV2019 { fees: FeeItemCounts::from((5, 0)), ..Default::default() };
/// assert_eq!(table.fees.previous.get(), 5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FeeItemCounts {
    /// 上一年项目数量.
    #[serde(rename = "previous_items")]
    pub previous: Count,
    /// 本年增/减.
    pub change: Change,
}

impl From<(u64, i64)> for FeeItemCounts {
    /// The two columns as printed: 上一年项目数量, 本年增/减 (signed).
    ///
    /// ```
    /// use disclosure_report::{Count, FeeItemCounts};
    ///
    /// assert_eq!(FeeItemCounts::from((5, 1)).previous, Count::new(5));
    /// ```
    fn from((previous, change): (u64, i64)) -> FeeItemCounts {
        FeeItemCounts { previous: previous.into(), change: change.into() }
    }
}

/// V2019 第二十条第（九）项: 政府集中采购.
///
/// ```
/// use disclosure_report::{Money, ProactiveV2019, Procurement};
///
/// let amount = Money::from_yuan("184719".parse()?)?; // 18.4719 万元
/// let table = ProactiveV2019 { procurement: Procurement::from((3, amount)), ..Default::default() };
/// assert_eq!(table.procurement.amount.wan().to_string(), "18.4719");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Procurement {
    /// 采购项目数量.
    #[serde(rename = "purchase_count")]
    pub projects: Count,
    /// 采购总金额, in 万元.
    #[serde(rename = "purchase_amount")]
    pub amount: Money,
}

impl From<(u64, Money)> for Procurement {
    /// The two columns as printed: 采购项目数量, 采购总金额 (万元).
    ///
    /// ```
    /// use disclosure_report::{Money, Procurement};
    ///
    /// let amount: Money = "12.5".parse()?;
    /// assert_eq!(Procurement::from((3, amount)).amount, amount);
    /// # Ok::<(), disclosure_report::MoneyError>(())
    /// ```
    fn from((projects, amount): (u64, Money)) -> Procurement {
        Procurement { projects: projects.into(), amount }
    }
}

/// Table 二 of the V2019 edition: 22 cells in five sub-tables.
///
/// As JSON it is the `proactive` object of a report's `tables`: rows and
/// columns by their layout keys (`{"regulations": {"new_made": 0, …}, …}`).
///
/// ```
/// use disclosure_report::{AnnualReport, DocumentCounts, ProactiveTable, ProactiveV2019, ReportMeta};
///
/// let table = ProactiveV2019 { regulations: DocumentCounts::from([1, 1, 9]), ..Default::default() };
/// let report = AnnualReport::builder(ReportMeta::new("某局", 2020)?).proactive(table).build()?;
/// assert_eq!(report.to_proactive(), ProactiveTable::V2019(table));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
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
    fn zeroed_in(edition: Edition) -> Option<Self> {
        (edition == Edition::V2019).then(Self::default)
    }
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
///
/// ```
/// use disclosure_report::{Count, InForceCounts};
///
/// let rules = InForceCounts { issued: Count::new(1), repealed: Count::new(0), in_force: Count::new(12) };
/// assert_eq!(rules, InForceCounts::from([1, 0, 12]));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InForceCounts {
    /// 本年制发件数.
    pub issued: Count,
    /// 本年废止件数.
    pub repealed: Count,
    /// 现行有效件数.
    pub in_force: Count,
}

impl From<[u64; 3]> for InForceCounts {
    /// The three columns as printed, left to right: 本年制发件数,
    /// 本年废止件数, 现行有效件数.
    ///
    /// ```
    /// use disclosure_report::{Count, InForceCounts, ProactiveV2021};
    ///
    /// let table = ProactiveV2021 { regulations: InForceCounts::from([1, 0, 12]), ..Default::default() };
    /// assert_eq!(table.regulations.in_force, Count::new(12));
    /// ```
    fn from([issued, repealed, in_force]: [u64; 3]) -> InForceCounts {
        InForceCounts { issued: issued.into(), repealed: repealed.into(), in_force: in_force.into() }
    }
}

/// Table 二 of the V2021 edition: 10 cells in four sub-tables.
///
/// As JSON it is the `proactive` object of a report's `tables`
/// (`{"regulations": {"issued": 0, …}, "licensing": {"decisions": 0}, …}`).
///
/// ```
/// use disclosure_report::{AnnualReport, Count, InForceCounts, ProactiveV2021, ReportMeta};
///
/// let table = ProactiveV2021 {
///     normative_documents: InForceCounts::from([5, 2, 40]),
///     licensing: Count::new(1520),
///     fees: "12.5".parse()?,
///     ..Default::default()
/// };
/// let report = AnnualReport::builder(ReportMeta::new("某局", 2022)?).proactive(table).build()?;
/// assert_eq!(report.figure("proactive.licensing.decisions".parse()?), Some(1520.into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
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
    fn zeroed_in(edition: Edition) -> Option<Self> {
        (edition == Edition::V2021).then(Self::default)
    }
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

/// Table 二 of either edition. As JSON it is the table of its edition;
/// reading JSON, the edition is the one whose rows and columns the keys
/// name.
///
/// ```
/// use disclosure_report::{Edition, ProactiveTable, ProactiveV2021};
///
/// let table = ProactiveTable::zeroed(Edition::V2021);
/// assert_eq!(table, ProactiveTable::V2021(ProactiveV2021::default()));
/// assert_eq!(table.edition(), Edition::V2021);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
        check_table(self.edition(), self)
    }
}

impl Leaves for ProactiveTable {
    const SECTION: Section = Section::Proactive;
    fn zeroed_in(edition: Edition) -> Option<Self> {
        Some(ProactiveTable::zeroed(edition))
    }
    fn slots(&mut self) -> Slots<'_> {
        match self {
            ProactiveTable::V2019(t) => t.slots(),
            ProactiveTable::V2021(t) => t.slots(),
        }
    }
}

impl ProactiveV2019 {
    /// The cell-wise sum, or the first cell that overflows.
    ///
    /// # Errors
    ///
    /// [`SumOverflow`] naming the first cell whose sum does not fit.
    pub fn checked_add(&self, other: &Self) -> Result<Self, SumOverflow> {
        add_leaves(self, other).map_err(SumOverflow::in_::<Self>)
    }
}

impl ProactiveV2021 {
    /// The cell-wise sum, or the first cell that overflows.
    ///
    /// # Errors
    ///
    /// [`SumOverflow`] naming the first cell whose sum does not fit.
    pub fn checked_add(&self, other: &Self) -> Result<Self, SumOverflow> {
        add_leaves(self, other).map_err(SumOverflow::in_::<Self>)
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
