//! Table 二 (第二十条 主动公开政府信息情况) of both editions.

use serde::{Deserialize, Serialize};

use super::{add_leaves, check_table, Leaves, Slot, Slots, SumOverflow};
use crate::layout::{columns as c, rows as r, ColumnDef, RowDef, Section};
use crate::rules::Findings;
use crate::{Change, Count, Edition, Money};

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
    #[serde(rename = "previous_items")]
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
    #[serde(rename = "previous_items")]
    pub previous: Count,
    /// 本年增/减.
    pub change: Change,
}

/// V2019 第二十条第（九）项: 政府集中采购.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Procurement {
    /// 采购项目数量.
    #[serde(rename = "purchase_count")]
    pub projects: Count,
    /// 采购总金额, in 万元.
    #[serde(rename = "purchase_amount")]
    pub amount: Money,
}

/// Table 二 of the V2019 edition: 22 cells in five sub-tables.
///
/// As JSON it is the `proactive` object of a report's `tables`: rows and
/// columns by their layout keys (`{"regulations": {"new_made": 0, …}, …}`).
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
///
/// As JSON it is the `proactive` object of a report's `tables`
/// (`{"regulations": {"issued": 0, …}, "licensing": {"decisions": 0}, …}`).
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
