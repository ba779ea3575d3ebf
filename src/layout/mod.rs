//! The format, declared once.
//!
//! Every section, sub-table, row and column of tables 二, 三 and 四 of both
//! editions is declared here as data: its official label (exact, full-width
//! punctuation), its stable English key, an English gloss, the kind of
//! number its cells hold and its place in the groups. The parser, the
//! renderers, the rule table, the JSON keys and the tests all read this
//! declaration; nothing else in the crate spells a label.
//!
//! ```
//! use disclosure_report::layout::{rows, columns, Layout, Section};
//! use disclosure_report::Edition;
//!
//! let v2021 = Layout::of(Edition::V2021);
//! assert_eq!(v2021.data_rows(Section::Requests).count(), 25);
//! let cell = v2021.cell(Section::Requests, &rows::OUTCOME_TOTAL, &columns::NATURAL_PERSON).unwrap();
//! assert_eq!(cell.to_string(), "表三「（七）总计」行「自然人」列");
//! assert_eq!(cell.key_path(), "requests.outcome_total.natural_person");
//! ```

use std::fmt;
use std::sync::OnceLock;

use serde::{Serialize, Serializer};

use crate::Edition;

mod arithmetic;
pub mod prose;
pub use arithmetic::{Balance, Sum, SumKind};

/// The six sections of a report, in order. Sections 二, 三 and 四 hold
/// tables; 一, 五 and 六 hold prose.
///
/// ```
/// use disclosure_report::layout::Section;
///
/// let s: Section = "三".parse()?;
/// assert_eq!((s, s.key(), s.numeral()), (Section::Requests, "requests", "三"));
/// assert!(s.has_table() && !Section::Overview.has_table());
/// assert_eq!(s.to_string(), s.heading());
/// # Ok::<(), disclosure_report::layout::UnknownSection>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// 一、总体情况 — overview (prose).
    Overview,
    /// 二、主动公开政府信息情况 — proactive disclosure (Article 20 items).
    Proactive,
    /// 三、收到和处理政府信息公开申请情况 — requests received and handled.
    Requests,
    /// 四、政府信息公开行政复议、行政诉讼情况 — reconsideration and litigation.
    Review,
    /// 五、存在的主要问题及改进情况 — problems and improvements (prose).
    Problems,
    /// 六、其他需要报告的事项 — other matters (prose).
    Other,
}

impl Section {
    /// All six sections, in order.
    pub const ALL: [Section; 6] =
        [Section::Overview, Section::Proactive, Section::Requests, Section::Review, Section::Problems, Section::Other];

    /// The three sections that hold tables.
    pub const TABLES: [Section; 3] = [Section::Proactive, Section::Requests, Section::Review];

    /// The section's numeral, as in 表三: `"一"` … `"六"`.
    pub const fn numeral(self) -> &'static str {
        match self {
            Section::Overview => "一",
            Section::Proactive => "二",
            Section::Requests => "三",
            Section::Review => "四",
            Section::Problems => "五",
            Section::Other => "六",
        }
    }

    /// The stable English key.
    pub const fn key(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::Proactive => "proactive",
            Section::Requests => "requests",
            Section::Review => "review",
            Section::Problems => "problems",
            Section::Other => "other",
        }
    }

    /// The official heading (the same in both editions).
    pub const fn heading(self) -> &'static str {
        match self {
            Section::Overview => "一、总体情况",
            Section::Proactive => "二、主动公开政府信息情况",
            Section::Requests => "三、收到和处理政府信息公开申请情况",
            Section::Review => "四、政府信息公开行政复议、行政诉讼情况",
            Section::Problems => "五、存在的主要问题及改进情况",
            Section::Other => "六、其他需要报告的事项",
        }
    }

    /// Non-official headings seen in published reports.
    pub const fn heading_variants(self) -> &'static [&'static str] {
        match self {
            Section::Overview | Section::Proactive => &[],
            Section::Requests => &["三、收到和处理政府信息公开的申请情况"],
            Section::Review => {
                &["四、因政府信息公开工作被申请行政复议提起行政诉讼情况", "四、政府信息公开行政复议及行政诉讼情况"]
            }
            Section::Problems => &["五、政府信息公开工作存在的主要问题及改进情况", "五、存在的主要问题和改进措施"],
            Section::Other => &["六、其他事项"],
        }
    }

    /// Whether the section holds a table.
    pub const fn has_table(self) -> bool {
        matches!(self, Section::Proactive | Section::Requests | Section::Review)
    }

    /// Looks a section up by its stable key.
    pub fn from_key(key: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.heading())
    }
}

impl std::str::FromStr for Section {
    type Err = UnknownSection;

    /// A section by its key (`requests`), numeral (`三`) or heading.
    ///
    /// ```
    /// use disclosure_report::layout::Section;
    /// assert_eq!("requests".parse::<Section>(), Ok(Section::Requests));
    /// assert_eq!("三".parse::<Section>(), Ok(Section::Requests));
    /// assert!("tables".parse::<Section>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Section, UnknownSection> {
        Section::ALL
            .into_iter()
            .find(|x| x.key() == s || x.numeral() == s || x.heading() == s)
            .ok_or_else(|| UnknownSection(s.to_owned()))
    }
}

/// Why a text is not a section.
///
/// ```
/// use disclosure_report::layout::Section;
///
/// let err = "tables".parse::<Section>().unwrap_err();
/// assert_eq!(err.text(), "tables");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is no section (overview, proactive, requests, review, problems, other, or 一 to 六)")]
pub struct UnknownSection(String);

impl UnknownSection {
    /// The text that is no section.
    pub fn text(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Section {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Section, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Section {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// What a cell holds.
///
/// ```
/// use disclosure_report::layout::{CellKind, CellRef};
///
/// let amount: CellRef = "V2019:proactive.procurement.purchase_amount".parse()?;
/// assert_eq!(amount.info().kind(), CellKind::Money);
/// let change: CellRef = "V2019:proactive.licensing.change".parse()?;
/// assert_eq!(change.info().kind(), CellKind::Change);
/// # Ok::<(), disclosure_report::layout::NoSuchPath>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CellKind {
    /// A count, ≥ 0.
    Count,
    /// A signed change (V2019 本年增/减), written `+3`, `-2`, `0`.
    Change,
    /// An amount of money in 万元, ≥ 0, decimals allowed.
    Money,
}

/// A label that groups rows or columns (a sub-table title, a spanning
/// header, a group of outcomes).
///
/// ```
/// use disclosure_report::layout::{Layout, Section};
/// use disclosure_report::Edition;
///
/// let block = &Layout::of(Edition::V2021).blocks(Section::Requests)[0];
/// let band = block.column_band.unwrap();
/// assert_eq!(band.key, "applicants");
/// assert!(block.columns.iter().all(|c| c.groups.is_empty() || c.groups[0].key == "legal_persons"));
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Group {
    /// Stable English key.
    pub key: &'static str,
    /// Official label.
    pub label: &'static str,
    /// English gloss.
    pub gloss: &'static str,
}

/// A row of a table.
///
/// ```
/// use disclosure_report::layout::rows;
///
/// let secret = &rows::WITHHELD_STATE_SECRET;
/// assert_eq!(secret.key, "withheld_state_secret");
/// assert!(secret.label.ends_with("国家秘密"));
/// assert_eq!(secret.parent.map(|p| p.key), Some("withheld"));
/// assert!(rows::OUTCOME_TOTAL.is_total);
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RowDef {
    /// Stable English key, unique within its section.
    pub key: &'static str,
    /// Official label.
    pub label: &'static str,
    /// English gloss.
    pub gloss: &'static str,
    /// Non-official labels seen in published reports.
    pub variants: &'static [&'static str],
    /// The group row this row belongs to (（三）不予公开 › 1.属于国家秘密).
    pub parent: Option<&'static RowDef>,
    /// A label spanning this row and its neighbours (三、本年度办理结果).
    pub band: Option<&'static Group>,
    /// Whether the row is a total of other rows (（七）总计).
    pub is_total: bool,
}

/// A column of a table.
///
/// ```
/// use disclosure_report::layout::{columns, CellKind};
///
/// assert_eq!(columns::NATURAL_PERSON.gloss, "natural persons");
/// assert_eq!(columns::NATURAL_PERSON.kind, CellKind::Count);
/// assert!(columns::APPLICANT_TOTAL.is_total);
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ColumnDef {
    /// Stable English key, unique within its section.
    pub key: &'static str,
    /// Official label.
    pub label: &'static str,
    /// English gloss.
    pub gloss: &'static str,
    /// Non-official labels seen in published reports.
    pub variants: &'static [&'static str],
    /// Spanning headers above this column, outermost first.
    pub groups: &'static [&'static Group],
    /// What the column's cells hold.
    pub kind: CellKind,
    /// Whether the column totals the leaf columns since the previous total.
    pub is_total: bool,
}

/// One table: a sub-table of section 二, or the whole table of 三 or 四.
///
/// ```
/// use disclosure_report::layout::{Layout, Section};
/// use disclosure_report::Edition;
///
/// let layout = Layout::of(Edition::V2021);
/// // Table 二 is four sub-tables; tables 三 and 四 are one each.
/// assert_eq!(layout.blocks(Section::Proactive).len(), 4);
/// let requests = &layout.blocks(Section::Requests)[0];
/// assert_eq!(requests.columns.len(), 7);
/// assert!(requests.balance.is_some(), "一 + 二 = （七） + 四");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Block {
    /// The title row of a sub-table of section 二 (第二十条第（一）项).
    pub title: Option<&'static Group>,
    /// The text of the top-left header cell.
    pub corner: &'static str,
    /// A header spanning all columns (申请人情况).
    pub column_band: Option<&'static Group>,
    /// The columns, left to right.
    pub columns: &'static [&'static ColumnDef],
    /// The rows, top to bottom, group rows included.
    pub rows: &'static [&'static RowDef],
    /// Rows whose sum equals that of other rows, column by column
    /// (一 + 二 = （七） + 四).
    pub balance: Option<RowBalance>,
}

/// Rows of a block whose sum equals that of other rows, column by column.
///
/// ```
/// use disclosure_report::layout::{rows, Layout, Section};
/// use disclosure_report::Edition;
///
/// let balance = Layout::of(Edition::V2021).blocks(Section::Requests)[0].balance.as_ref().unwrap();
/// assert_eq!(balance.left.iter().map(|r| r.key).collect::<Vec<_>>(), ["new_requests", "carried_in"]);
/// assert!(balance.right.iter().any(|r| std::ptr::eq(*r, &rows::OUTCOME_TOTAL)));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct RowBalance {
    /// The rows that add up on one side (received: 一, 二).
    pub left: &'static [&'static RowDef],
    /// The rows that add up on the other (handled and carried over: （七）, 四).
    pub right: &'static [&'static RowDef],
}

impl Block {
    /// Whether `row` has sub-rows in this block.
    pub fn is_group(&self, row: &RowDef) -> bool {
        self.rows.iter().any(|r| r.parent.is_some_and(|p| std::ptr::eq(p, row)))
    }

    /// The sub-rows of `row` in this block.
    pub fn children<'a>(&'a self, row: &'a RowDef) -> impl Iterator<Item = &'static RowDef> + 'a {
        self.rows.iter().copied().filter(move |r| r.parent.is_some_and(|p| std::ptr::eq(p, row)))
    }
}

/// What a row is, in a given edition.
///
/// ```
/// use disclosure_report::layout::{CellRef, RowKind};
///
/// let total: CellRef = "requests.outcome_total.natural_person".parse()?;
/// assert_eq!(total.info().row_kind, RowKind::Total);
/// let group: CellRef = "requests.withheld.natural_person".parse()?;
/// assert_eq!(group.info().row_kind, RowKind::Group);
/// assert!(!group.info().is_required(), "a group's subtotal is optional");
/// # Ok::<(), disclosure_report::layout::NoSuchPath>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// A row of figures; its cells are required.
    Data,
    /// A group row with sub-rows; a report may print a subtotal on it.
    Group,
    /// A total row (（七）总计); required, derived in the strict model.
    Total,
}

// ---------------------------------------------------------------------------
// The declaration. Each official label appears once below.
// ---------------------------------------------------------------------------

const fn group(key: &'static str, label: &'static str, gloss: &'static str) -> Group {
    Group { key, label, gloss }
}

const fn row(key: &'static str, label: &'static str, gloss: &'static str) -> RowDef {
    RowDef { key, label, gloss, variants: &[], parent: None, band: None, is_total: false }
}

const fn sub_row(parent: &'static RowDef, key: &'static str, label: &'static str, gloss: &'static str) -> RowDef {
    RowDef { parent: Some(parent), band: Some(&groups::OUTCOMES), ..row(key, label, gloss) }
}

const fn outcome_row(key: &'static str, label: &'static str, gloss: &'static str) -> RowDef {
    RowDef { band: Some(&groups::OUTCOMES), ..row(key, label, gloss) }
}

const fn column(key: &'static str, label: &'static str, gloss: &'static str, kind: CellKind) -> ColumnDef {
    ColumnDef { key, label, gloss, variants: &[], groups: &[], kind, is_total: false }
}

const fn count(key: &'static str, label: &'static str, gloss: &'static str) -> ColumnDef {
    column(key, label, gloss, CellKind::Count)
}

/// A column of table 四: one of the four outcomes under a group path.
const fn review(key: &'static str, path: &'static [&'static Group], outcome: &'static Group) -> ColumnDef {
    ColumnDef { groups: path, ..count(key, outcome.label, outcome.gloss) }
}

/// The 总计 column of a group of table 四.
const fn review_total(key: &'static str, path: &'static [&'static Group]) -> ColumnDef {
    ColumnDef { is_total: true, ..review(key, path, &groups::TOTAL) }
}

/// Group labels: sub-table titles, spanning headers, row bands.
pub mod groups {
    use super::{Group, group};

    /// 第二十条第（一）项.
    pub static ARTICLE_20_1: Group =
        group("article_20_1", "第二十条第（一）项", "Article 20 item (1): rules and normative documents");
    /// 第二十条第（五）项.
    pub static ARTICLE_20_5: Group =
        group("article_20_5", "第二十条第（五）项", "Article 20 item (5): licensing and other services");
    /// 第二十条第（六）项.
    pub static ARTICLE_20_6: Group =
        group("article_20_6", "第二十条第（六）项", "Article 20 item (6): penalties and enforcement");
    /// 第二十条第（八）项.
    pub static ARTICLE_20_8: Group =
        group("article_20_8", "第二十条第（八）项", "Article 20 item (8): administrative fees");
    /// 第二十条第（九）项 (V2019 only).
    pub static ARTICLE_20_9: Group =
        group("article_20_9", "第二十条第（九）项", "Article 20 item (9): government procurement");
    /// 申请人情况, spanning the applicant columns of table 三.
    pub static APPLICANTS: Group = group("applicants", "申请人情况", "applicants");
    /// 法人或其他组织, over the five organisation columns (no subtotal).
    pub static LEGAL_PERSONS: Group = group("legal_persons", "法人或其他组织", "legal persons or other organisations");
    /// 三、本年度办理结果, spanning the outcome rows of table 三.
    pub static OUTCOMES: Group = group("outcomes", "三、本年度办理结果", "outcomes this year");
    /// 行政复议.
    pub static RECONSIDERATION: Group = group("reconsideration", "行政复议", "administrative reconsideration");
    /// 行政诉讼.
    pub static LITIGATION: Group = group("litigation", "行政诉讼", "administrative litigation");
    /// 未经复议直接起诉.
    pub static DIRECT: Group = group("direct", "未经复议直接起诉", "filed directly, without reconsideration");
    /// 复议后起诉.
    pub static AFTER_RECONSIDERATION: Group =
        group("after_reconsideration", "复议后起诉", "filed after reconsideration");
    /// 结果维持.
    pub static UPHELD: Group = group("upheld", "结果维持", "upheld");
    /// 结果纠正.
    pub static CORRECTED: Group = group("corrected", "结果纠正", "corrected");
    /// 其他结果.
    pub static OTHER_RESULT: Group = group("other", "其他结果", "other result");
    /// 尚未审结.
    pub static PENDING: Group = group("pending", "尚未审结", "pending");
    /// 总计.
    pub static TOTAL: Group = group("total", "总计", "total");
}

/// Every row of both editions. The statics are the handles by which the
/// typed model and the rules name rows.
pub mod rows {
    use super::{RowDef, groups::OUTCOMES, outcome_row, row, sub_row};

    // Table 二.
    /// 规章 (both editions).
    pub static REGULATIONS: RowDef = row("regulations", "规章", "rules (规章)");
    /// 规范性文件 (V2019).
    pub static NORMATIVE_DOCUMENTS: RowDef = row("normative_documents", "规范性文件", "normative documents");
    /// 行政规范性文件 (V2021).
    pub static ADMINISTRATIVE_NORMATIVE_DOCUMENTS: RowDef = RowDef {
        variants: &["规范性文件"],
        ..row("normative_documents", "行政规范性文件", "administrative normative documents")
    };
    /// 行政许可.
    pub static LICENSING: RowDef = row("licensing", "行政许可", "administrative licensing");
    /// 其他对外管理服务事项 (V2019).
    pub static OTHER_SERVICES: RowDef =
        row("other_services", "其他对外管理服务事项", "other external management and services");
    /// 行政处罚.
    pub static PENALTIES: RowDef = row("penalties", "行政处罚", "administrative penalties");
    /// 行政强制.
    pub static ENFORCEMENT: RowDef = row("enforcement", "行政强制", "administrative compulsion");
    /// 行政事业性收费.
    pub static FEES: RowDef =
        RowDef { variants: &["行政事业型收费"], ..row("fees", "行政事业性收费", "administrative fees") };
    /// 政府集中采购 (V2019).
    pub static PROCUREMENT: RowDef = row("procurement", "政府集中采购", "centralised government procurement");

    // Table 三.
    /// 一、本年新收政府信息公开申请数量.
    pub static NEW_REQUESTS: RowDef =
        row("new_requests", "一、本年新收政府信息公开申请数量", "requests received this year");
    /// 二、上年结转政府信息公开申请数量.
    pub static CARRIED_IN: RowDef =
        row("carried_in", "二、上年结转政府信息公开申请数量", "requests carried over from last year");
    /// （一）予以公开.
    pub static DISCLOSED: RowDef = outcome_row("disclosed", "（一）予以公开", "disclosed");
    /// （二）部分公开（区分处理的，只计这一情形，不计其他情形）.
    pub static PARTIALLY_DISCLOSED: RowDef = outcome_row(
        "partially_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "partially disclosed (counted here only)",
    );
    /// （三）不予公开 (group).
    pub static WITHHELD: RowDef = outcome_row("withheld", "（三）不予公开", "withheld");
    /// 1.属于国家秘密.
    pub static WITHHELD_STATE_SECRET: RowDef =
        sub_row(&WITHHELD, "withheld_state_secret", "1.属于国家秘密", "state secret");
    /// 2.其他法律行政法规禁止公开.
    pub static WITHHELD_PROHIBITED_BY_LAW: RowDef = sub_row(
        &WITHHELD,
        "withheld_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        "prohibited by other laws and regulations",
    );
    /// 3.危及“三安全一稳定”.
    pub static WITHHELD_SECURITY_STABILITY: RowDef = sub_row(
        &WITHHELD,
        "withheld_security_stability",
        "3.危及“三安全一稳定”",
        "endangers the three securities and stability",
    );
    /// 4.保护第三方合法权益.
    pub static WITHHELD_THIRD_PARTY: RowDef =
        sub_row(&WITHHELD, "withheld_third_party", "4.保护第三方合法权益", "protects third-party rights");
    /// 5.属于三类内部事务信息.
    pub static WITHHELD_INTERNAL_AFFAIRS: RowDef =
        sub_row(&WITHHELD, "withheld_internal_affairs", "5.属于三类内部事务信息", "internal affairs information");
    /// 6.属于四类过程性信息.
    pub static WITHHELD_PROCESS_INFORMATION: RowDef =
        sub_row(&WITHHELD, "withheld_process_information", "6.属于四类过程性信息", "process information");
    /// 7.属于行政执法案卷.
    pub static WITHHELD_ENFORCEMENT_FILES: RowDef =
        sub_row(&WITHHELD, "withheld_enforcement_files", "7.属于行政执法案卷", "administrative enforcement files");
    /// 8.属于行政查询事项.
    pub static WITHHELD_QUERY_MATTERS: RowDef =
        sub_row(&WITHHELD, "withheld_query_matters", "8.属于行政查询事项", "administrative query matters");
    /// （四）无法提供 (group).
    pub static UNABLE: RowDef = outcome_row("unable", "（四）无法提供", "unable to provide");
    /// 1.本机关不掌握相关政府信息.
    pub static UNABLE_NOT_HELD: RowDef =
        sub_row(&UNABLE, "unable_not_held", "1.本机关不掌握相关政府信息", "not held by this organ");
    /// 2.没有现成信息需要另行制作.
    pub static UNABLE_NEEDS_CREATION: RowDef =
        sub_row(&UNABLE, "unable_needs_creation", "2.没有现成信息需要另行制作", "would need to be newly created");
    /// 3.补正后申请内容仍不明确.
    pub static UNABLE_UNCLEAR: RowDef =
        sub_row(&UNABLE, "unable_unclear", "3.补正后申请内容仍不明确", "still unclear after correction");
    /// （五）不予处理 (group).
    pub static NOT_PROCESSED: RowDef = outcome_row("not_processed", "（五）不予处理", "not processed");
    /// 1.信访举报投诉类申请.
    pub static NOT_PROCESSED_COMPLAINTS: RowDef = sub_row(
        &NOT_PROCESSED,
        "not_processed_complaints",
        "1.信访举报投诉类申请",
        "petitions, reports and complaints",
    );
    /// 2.重复申请.
    pub static NOT_PROCESSED_REPEATED: RowDef =
        sub_row(&NOT_PROCESSED, "not_processed_repeated", "2.重复申请", "repeated requests");
    /// 3.要求提供公开出版物.
    pub static NOT_PROCESSED_PUBLICATIONS: RowDef = sub_row(
        &NOT_PROCESSED,
        "not_processed_publications",
        "3.要求提供公开出版物",
        "requests for public publications",
    );
    /// 4.无正当理由大量反复申请.
    pub static NOT_PROCESSED_MASS_REPEATED: RowDef = sub_row(
        &NOT_PROCESSED,
        "not_processed_mass_repeated",
        "4.无正当理由大量反复申请",
        "massive repeated requests without good reason",
    );
    /// 5.要求行政机关确认或重新出具已获取信息.
    pub static NOT_PROCESSED_CONFIRMATION: RowDef = sub_row(
        &NOT_PROCESSED,
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        "confirmation or reissue of information already obtained",
    );
    /// （六）其他处理: a data row in V2019, a group in V2021.
    pub static OTHER_HANDLING: RowDef = outcome_row("other_handling", "（六）其他处理", "other handling");
    /// 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 (V2021).
    pub static OTHER_NO_CORRECTION: RowDef = sub_row(
        &OTHER_HANDLING,
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "applicant did not correct in time",
    );
    /// 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 (V2021).
    pub static OTHER_UNPAID_FEE: RowDef = sub_row(
        &OTHER_HANDLING,
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "applicant did not pay the fee in time",
    );
    /// 3.其他 (V2021).
    pub static OTHER_MISCELLANEOUS: RowDef = sub_row(&OTHER_HANDLING, "other_miscellaneous", "3.其他", "other");
    /// （七）总计.
    pub static OUTCOME_TOTAL: RowDef =
        RowDef { band: Some(&OUTCOMES), is_total: true, ..row("outcome_total", "（七）总计", "total handled") };
    /// 四、结转下年度继续办理.
    pub static CARRIED_OVER: RowDef = row("carried_over", "四、结转下年度继续办理", "carried over to next year");

    // Table 四: a single row with no label of its own.
    /// The one row of table 四.
    pub static REVIEW_CASES: RowDef = row("cases", "", "cases");
}

/// Every column of both editions.
pub mod columns {
    use super::groups::*;
    use super::{CellKind, ColumnDef, Group, column, count, review, review_total};

    // Table 二, V2019.
    /// 本年新制作数量 (V2019).
    pub static NEW_MADE: ColumnDef = count("new_made", "本年新制作数量", "newly made this year");
    /// 本年新公开数量 (V2019).
    pub static NEW_PUBLISHED: ColumnDef = count("new_published", "本年新公开数量", "newly published this year");
    /// 对外公开总数量 (V2019).
    pub static TOTAL_PUBLISHED: ColumnDef = count("total_published", "对外公开总数量", "total published");
    /// 上一年项目数量 (V2019).
    pub static PREVIOUS_ITEMS: ColumnDef = count("previous_items", "上一年项目数量", "items at end of previous year");
    /// 本年增/减 (V2019, signed).
    pub static CHANGE: ColumnDef = column("change", "本年增/减", "change this year", CellKind::Change);
    /// 处理决定数量 (V2019).
    pub static DECISIONS: ColumnDef = count("decisions", "处理决定数量", "decisions made");
    /// 采购项目数量 (V2019).
    pub static PURCHASE_COUNT: ColumnDef = count("purchase_count", "采购项目数量", "procurement projects");
    /// 采购总金额 (V2019, money; the unit is printed in the cell).
    pub static PURCHASE_AMOUNT: ColumnDef =
        column("purchase_amount", "采购总金额", "procurement amount (万元)", CellKind::Money);

    // Table 二, V2021.
    /// 本年制发件数 (V2021).
    pub static ISSUED: ColumnDef = count("issued", "本年制发件数", "issued this year");
    /// 本年废止件数 (V2021).
    pub static REPEALED: ColumnDef = count("repealed", "本年废止件数", "repealed this year");
    /// 现行有效件数 (V2021).
    pub static IN_FORCE: ColumnDef = count("in_force", "现行有效件数", "currently in force");
    /// 本年处理决定数量 (V2021).
    pub static DECISIONS_THIS_YEAR: ColumnDef = count("decisions", "本年处理决定数量", "decisions made this year");
    /// 本年收费金额（单位：万元） (V2021, money).
    pub static FEE_AMOUNT: ColumnDef =
        column("fee_amount", "本年收费金额（单位：万元）", "fees collected this year (万元)", CellKind::Money);

    // Table 三.
    /// 自然人.
    pub static NATURAL_PERSON: ColumnDef = count("natural_person", "自然人", "natural persons");
    const LEGAL: &[&Group] = &[&LEGAL_PERSONS];
    /// 商业企业.
    pub static BUSINESS: ColumnDef = ColumnDef { groups: LEGAL, ..count("business", "商业企业", "businesses") };
    /// 科研机构.
    pub static RESEARCH: ColumnDef =
        ColumnDef { groups: LEGAL, ..count("research", "科研机构", "research institutions") };
    /// 社会公益组织.
    pub static PUBLIC_INTEREST: ColumnDef = ColumnDef {
        groups: LEGAL,
        variants: &["社会组织"],
        ..count("public_interest", "社会公益组织", "public-interest organisations")
    };
    /// 法律服务机构.
    pub static LEGAL_SERVICES: ColumnDef =
        ColumnDef { groups: LEGAL, ..count("legal_services", "法律服务机构", "legal service providers") };
    /// 其他.
    pub static OTHER_ORGANISATION: ColumnDef = ColumnDef { groups: LEGAL, ..count("other", "其他", "other") };
    /// 总计.
    pub static APPLICANT_TOTAL: ColumnDef = ColumnDef { is_total: true, ..count("total", TOTAL.label, TOTAL.gloss) };

    // Table 四.
    const R: &[&Group] = &[&RECONSIDERATION];
    const D: &[&Group] = &[&LITIGATION, &DIRECT];
    const A: &[&Group] = &[&LITIGATION, &AFTER_RECONSIDERATION];
    /// 行政复议 › 结果维持.
    pub static RECONSIDERATION_UPHELD: ColumnDef = review("reconsideration_upheld", R, &UPHELD);
    /// 行政复议 › 结果纠正.
    pub static RECONSIDERATION_CORRECTED: ColumnDef = review("reconsideration_corrected", R, &CORRECTED);
    /// 行政复议 › 其他结果.
    pub static RECONSIDERATION_OTHER: ColumnDef = review("reconsideration_other", R, &OTHER_RESULT);
    /// 行政复议 › 尚未审结.
    pub static RECONSIDERATION_PENDING: ColumnDef = review("reconsideration_pending", R, &PENDING);
    /// 行政复议 › 总计.
    pub static RECONSIDERATION_TOTAL: ColumnDef = review_total("reconsideration_total", R);
    /// 行政诉讼 › 未经复议直接起诉 › 结果维持.
    pub static DIRECT_UPHELD: ColumnDef = review("direct_upheld", D, &UPHELD);
    /// 行政诉讼 › 未经复议直接起诉 › 结果纠正.
    pub static DIRECT_CORRECTED: ColumnDef = review("direct_corrected", D, &CORRECTED);
    /// 行政诉讼 › 未经复议直接起诉 › 其他结果.
    pub static DIRECT_OTHER: ColumnDef = review("direct_other", D, &OTHER_RESULT);
    /// 行政诉讼 › 未经复议直接起诉 › 尚未审结.
    pub static DIRECT_PENDING: ColumnDef = review("direct_pending", D, &PENDING);
    /// 行政诉讼 › 未经复议直接起诉 › 总计.
    pub static DIRECT_TOTAL: ColumnDef = review_total("direct_total", D);
    /// 行政诉讼 › 复议后起诉 › 结果维持.
    pub static AFTER_UPHELD: ColumnDef = review("after_reconsideration_upheld", A, &UPHELD);
    /// 行政诉讼 › 复议后起诉 › 结果纠正.
    pub static AFTER_CORRECTED: ColumnDef = review("after_reconsideration_corrected", A, &CORRECTED);
    /// 行政诉讼 › 复议后起诉 › 其他结果.
    pub static AFTER_OTHER: ColumnDef = review("after_reconsideration_other", A, &OTHER_RESULT);
    /// 行政诉讼 › 复议后起诉 › 尚未审结.
    pub static AFTER_PENDING: ColumnDef = review("after_reconsideration_pending", A, &PENDING);
    /// 行政诉讼 › 复议后起诉 › 总计.
    pub static AFTER_TOTAL: ColumnDef = review_total("after_reconsideration_total", A);
}

/// The corner cell of each sub-table of section 二.
const ITEM_CORNER: &str = "信息内容";
/// The corner cell of table 三: the one rule the format itself writes down.
const REQUESTS_CORNER: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

use columns as c;
use rows as r;

static APPLICANT_COLUMNS: [&ColumnDef; 7] = [
    &c::NATURAL_PERSON,
    &c::BUSINESS,
    &c::RESEARCH,
    &c::PUBLIC_INTEREST,
    &c::LEGAL_SERVICES,
    &c::OTHER_ORGANISATION,
    &c::APPLICANT_TOTAL,
];

static REVIEW_BLOCK: [Block; 1] = [Block {
    title: None,
    corner: "",
    column_band: None,
    columns: &[
        &c::RECONSIDERATION_UPHELD,
        &c::RECONSIDERATION_CORRECTED,
        &c::RECONSIDERATION_OTHER,
        &c::RECONSIDERATION_PENDING,
        &c::RECONSIDERATION_TOTAL,
        &c::DIRECT_UPHELD,
        &c::DIRECT_CORRECTED,
        &c::DIRECT_OTHER,
        &c::DIRECT_PENDING,
        &c::DIRECT_TOTAL,
        &c::AFTER_UPHELD,
        &c::AFTER_CORRECTED,
        &c::AFTER_OTHER,
        &c::AFTER_PENDING,
        &c::AFTER_TOTAL,
    ],
    rows: &[&r::REVIEW_CASES],
    balance: None,
}];

/// Table 三's balance: 一 + 二 = （七） + 四.
static RECEIVED: [&RowDef; 2] = [&r::NEW_REQUESTS, &r::CARRIED_IN];
static HANDLED_OR_CARRIED: [&RowDef; 2] = [&r::OUTCOME_TOTAL, &r::CARRIED_OVER];

const fn requests_block(rows: &'static [&'static RowDef]) -> [Block; 1] {
    [Block {
        title: None,
        corner: REQUESTS_CORNER,
        column_band: Some(&groups::APPLICANTS),
        columns: &APPLICANT_COLUMNS,
        rows,
        // Every request received was handled or carried over.
        balance: Some(RowBalance { left: &RECEIVED, right: &HANDLED_OR_CARRIED }),
    }]
}

const fn item_block(
    title: &'static Group,
    columns: &'static [&'static ColumnDef],
    rows: &'static [&'static RowDef],
) -> Block {
    Block { title: Some(title), corner: ITEM_CORNER, column_band: None, columns, rows, balance: None }
}

static V2019_PROACTIVE: [Block; 5] = [
    item_block(
        &groups::ARTICLE_20_1,
        &[&c::NEW_MADE, &c::NEW_PUBLISHED, &c::TOTAL_PUBLISHED],
        &[&r::REGULATIONS, &r::NORMATIVE_DOCUMENTS],
    ),
    item_block(
        &groups::ARTICLE_20_5,
        &[&c::PREVIOUS_ITEMS, &c::CHANGE, &c::DECISIONS],
        &[&r::LICENSING, &r::OTHER_SERVICES],
    ),
    item_block(
        &groups::ARTICLE_20_6,
        &[&c::PREVIOUS_ITEMS, &c::CHANGE, &c::DECISIONS],
        &[&r::PENALTIES, &r::ENFORCEMENT],
    ),
    item_block(&groups::ARTICLE_20_8, &[&c::PREVIOUS_ITEMS, &c::CHANGE], &[&r::FEES]),
    item_block(&groups::ARTICLE_20_9, &[&c::PURCHASE_COUNT, &c::PURCHASE_AMOUNT], &[&r::PROCUREMENT]),
];

static V2021_PROACTIVE: [Block; 4] = [
    item_block(
        &groups::ARTICLE_20_1,
        &[&c::ISSUED, &c::REPEALED, &c::IN_FORCE],
        &[&r::REGULATIONS, &r::ADMINISTRATIVE_NORMATIVE_DOCUMENTS],
    ),
    item_block(&groups::ARTICLE_20_5, &[&c::DECISIONS_THIS_YEAR], &[&r::LICENSING]),
    item_block(&groups::ARTICLE_20_6, &[&c::DECISIONS_THIS_YEAR], &[&r::PENALTIES, &r::ENFORCEMENT]),
    item_block(&groups::ARTICLE_20_8, &[&c::FEE_AMOUNT], &[&r::FEES]),
];

/// The rows of table 三 before （六）, common to both editions.
macro_rules! requests_rows {
    ($($other:expr),*) => {
        [
            &r::NEW_REQUESTS, &r::CARRIED_IN, &r::DISCLOSED, &r::PARTIALLY_DISCLOSED,
            &r::WITHHELD, &r::WITHHELD_STATE_SECRET, &r::WITHHELD_PROHIBITED_BY_LAW,
            &r::WITHHELD_SECURITY_STABILITY, &r::WITHHELD_THIRD_PARTY, &r::WITHHELD_INTERNAL_AFFAIRS,
            &r::WITHHELD_PROCESS_INFORMATION, &r::WITHHELD_ENFORCEMENT_FILES, &r::WITHHELD_QUERY_MATTERS,
            &r::UNABLE, &r::UNABLE_NOT_HELD, &r::UNABLE_NEEDS_CREATION, &r::UNABLE_UNCLEAR,
            &r::NOT_PROCESSED, &r::NOT_PROCESSED_COMPLAINTS, &r::NOT_PROCESSED_REPEATED,
            &r::NOT_PROCESSED_PUBLICATIONS, &r::NOT_PROCESSED_MASS_REPEATED, &r::NOT_PROCESSED_CONFIRMATION,
            &r::OTHER_HANDLING, $($other,)* &r::OUTCOME_TOTAL, &r::CARRIED_OVER,
        ]
    };
}

static V2019_REQUEST_ROWS: [&RowDef; 26] = requests_rows!();
static V2021_REQUEST_ROWS: [&RowDef; 29] =
    requests_rows!(&r::OTHER_NO_CORRECTION, &r::OTHER_UNPAID_FEE, &r::OTHER_MISCELLANEOUS);
static V2019_REQUESTS: [Block; 1] = requests_block(&V2019_REQUEST_ROWS);
static V2021_REQUESTS: [Block; 1] = requests_block(&V2021_REQUEST_ROWS);

fn declared_blocks(edition: Edition, section: Section) -> &'static [Block] {
    match (edition, section) {
        (Edition::V2019, Section::Proactive) => &V2019_PROACTIVE,
        (Edition::V2021, Section::Proactive) => &V2021_PROACTIVE,
        (Edition::V2019, Section::Requests) => &V2019_REQUESTS,
        (Edition::V2021, Section::Requests) => &V2021_REQUESTS,
        (_, Section::Review) => &REVIEW_BLOCK,
        (_, Section::Overview | Section::Problems | Section::Other) => &[],
    }
}

// ---------------------------------------------------------------------------
// The layout of an edition: the declaration, indexed.
// ---------------------------------------------------------------------------

/// Where a cell sits in its edition's layout.
///
/// ```
/// use disclosure_report::layout::{CellRef, Section};
///
/// let cell: CellRef = "requests.new_requests.total".parse()?;
/// let info = cell.info();
/// assert_eq!((info.section, info.row.key, info.column.key), (Section::Requests, "new_requests", "total"));
/// assert!(info.is_required() && !info.is_leaf(), "a 总计 is derived");
/// # Ok::<(), disclosure_report::layout::NoSuchPath>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct CellInfo {
    /// The section (二, 三 or 四).
    pub section: Section,
    /// The block within the section.
    pub block: &'static Block,
    /// The row.
    pub row: &'static RowDef,
    /// The column.
    pub column: &'static ColumnDef,
    /// What the row is in this edition.
    pub row_kind: RowKind,
}

impl CellInfo {
    /// Whether the edition requires the cell to be printed. Subtotals on
    /// group rows are optional.
    pub fn is_required(&self) -> bool {
        self.row_kind != RowKind::Group
    }

    /// Whether the cell is a leaf: stored by the strict model rather than
    /// derived from other cells.
    pub fn is_leaf(&self) -> bool {
        self.row_kind == RowKind::Data && !self.column.is_total
    }

    /// The cell's kind.
    pub fn kind(&self) -> CellKind {
        self.column.kind
    }
}

/// The declared tables of one edition, with every cell numbered.
///
/// Obtain it with [`Layout::of`]; it is built once per edition.
///
/// ```
/// use disclosure_report::layout::{Layout, Section};
/// use disclosure_report::Edition;
///
/// let layout = Layout::of(Edition::V2021);
/// assert_eq!(layout.edition(), Edition::V2021);
/// // Every cell, numbered in layout order.
/// assert!(layout.cells().enumerate().all(|(i, cell)| cell.index() == i));
/// let first = layout.section_cells(Section::Requests).next().unwrap();
/// assert_eq!(first.key_path(), "requests.new_requests.natural_person");
/// ```
#[derive(Debug)]
pub struct Layout {
    edition: Edition,
    cells: Vec<CellInfo>,
    /// The index of each section's first cell.
    starts: [usize; 6],
    /// Which cells are the sums of which.
    arithmetic: arithmetic::Arithmetic,
}

impl Layout {
    /// The layout of an edition.
    pub fn of(edition: Edition) -> &'static Layout {
        static V2019: OnceLock<Layout> = OnceLock::new();
        static V2021: OnceLock<Layout> = OnceLock::new();
        let slot = match edition {
            Edition::V2019 => &V2019,
            Edition::V2021 => &V2021,
        };
        slot.get_or_init(|| Layout::build(edition))
    }

    fn build(edition: Edition) -> Layout {
        let mut cells = Vec::new();
        for section in Section::TABLES {
            for block in declared_blocks(edition, section) {
                for &row in block.rows {
                    let row_kind = if row.is_total {
                        RowKind::Total
                    } else if block.is_group(row) {
                        RowKind::Group
                    } else {
                        RowKind::Data
                    };
                    for &column in block.columns {
                        cells.push(CellInfo { section, block, row, column, row_kind });
                    }
                }
            }
        }
        let mut starts = [cells.len(); 6];
        for (i, c) in cells.iter().enumerate().rev() {
            starts[c.section as usize] = i;
        }
        let mut layout = Layout { edition, cells, starts, arithmetic: arithmetic::Arithmetic::default() };
        layout.arithmetic = arithmetic::Arithmetic::of(&layout);
        layout
    }

    /// The edition.
    pub fn edition(&self) -> Edition {
        self.edition
    }

    /// The blocks (sub-tables) of a section; empty for prose sections.
    pub fn blocks(&self, section: Section) -> &'static [Block] {
        declared_blocks(self.edition, section)
    }

    /// Every cell of the edition, in reading order: section, block, row,
    /// column. Group-row subtotal cells are included (they are optional).
    pub fn cells(&self) -> impl ExactSizeIterator<Item = CellRef> + '_ {
        let edition = self.edition;
        (0..self.cells.len()).map(move |i| CellRef { edition, index: i as u16 })
    }

    /// How many cells the edition has, optional subtotals included.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the layout has no cells (never true for a real edition).
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The cells of one section.
    pub fn section_cells(&self, section: Section) -> impl Iterator<Item = CellRef> + '_ {
        self.cells().filter(move |c| c.section() == section)
    }

    /// The rows of a section that carry figures of their own (not group
    /// rows), total rows included: 23 in V2019 table 三, 25 in V2021.
    pub fn data_rows(&self, section: Section) -> impl Iterator<Item = &'static RowDef> + '_ {
        self.blocks(section).iter().flat_map(|b| b.rows.iter().copied().filter(move |r| !b.is_group(r)))
    }

    /// The cell at `row` × `column` of a section, if the edition has it:
    /// found by the definitions' identity, or else by their keys (a row of
    /// one edition names the same-keyed row of the other).
    ///
    /// ```
    /// use disclosure_report::layout::{columns, rows, Layout, Section};
    /// use disclosure_report::Edition;
    ///
    /// let v2019 = Layout::of(Edition::V2019);
    /// let cell = v2019.cell(Section::Requests, &rows::CARRIED_OVER, &columns::APPLICANT_TOTAL).unwrap();
    /// assert_eq!(cell.key_path(), "requests.carried_over.total");
    /// // V2021's （六） sub-rows are not V2019's.
    /// assert!(v2019.cell(Section::Requests, &rows::OTHER_NO_CORRECTION, &columns::APPLICANT_TOTAL).is_none());
    /// ```
    pub fn cell(&self, section: Section, row: &RowDef, column: &ColumnDef) -> Option<CellRef> {
        let mut base = self.section_start(section);
        for block in self.blocks(section) {
            let r = block.rows.iter().position(|r| std::ptr::eq(*r, row));
            let c = block.columns.iter().position(|c| std::ptr::eq(*c, column));
            if let (Some(r), Some(c)) = (r, c) {
                let index = u16::try_from(base + r * block.columns.len() + c).ok()?;
                return Some(CellRef { edition: self.edition, index });
            }
            base += block.rows.len() * block.columns.len();
        }
        self.cell_by_key(section, row.key, column.key)
    }

    /// The index of the first cell of a section.
    fn section_start(&self, section: Section) -> usize {
        self.starts[section as usize]
    }

    /// The cell with these stable keys, if the edition has it.
    pub fn cell_by_key(&self, section: Section, row: &str, column: &str) -> Option<CellRef> {
        let (first, block) = self.row_by_keys(section, row, Some(column))?;
        let c = block.columns.iter().position(|c| c.key == column)?;
        self.at(first + c)
    }

    /// The cell with this key path (`requests.outcome_total.natural_person`,
    /// as [`CellRef::key_path`] writes it), if the edition has it.
    ///
    /// ```
    /// use disclosure_report::layout::Layout;
    /// use disclosure_report::Edition;
    ///
    /// let layout = Layout::of(Edition::V2021);
    /// let cell = layout.cell_by_path("requests.outcome_total.natural_person").unwrap();
    /// assert_eq!(cell.key_path(), "requests.outcome_total.natural_person");
    /// assert!(layout.cell_by_path("requests.nope").is_none());
    /// ```
    pub fn cell_by_path(&self, path: &str) -> Option<CellRef> {
        let mut parts = path.split('.');
        let (section, row, column) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let section = Section::from_key(section).filter(|s| s.has_table())?;
        self.cell_by_key(section, row, column)
    }

    /// The cell of this layout with the key path of `cell`: `cell` itself
    /// when it is of this edition, else the cell of the same section, row
    /// and column keys, if this edition has one.
    ///
    /// ```
    /// use disclosure_report::layout::{CellRef, Layout};
    /// use disclosure_report::Edition;
    ///
    /// let newest: CellRef = "requests.new_requests.total".parse()?;
    /// let v2019 = Layout::of(Edition::V2019).same_cell(newest).unwrap();
    /// assert_eq!((v2019.edition(), v2019.key_path()), (Edition::V2019, newest.key_path()));
    /// # Ok::<(), disclosure_report::layout::NoSuchPath>(())
    /// ```
    pub fn same_cell(&self, cell: CellRef) -> Option<CellRef> {
        if cell.edition() == self.edition() {
            return Some(cell);
        }
        self.cell_by_key(cell.section(), cell.row().key, cell.column().key)
    }

    /// The index of the first cell of the row with this key, and its block;
    /// with `column`, the block that also has that column.
    pub(crate) fn row_by_keys(
        &self,
        section: Section,
        row: &str,
        column: Option<&str>,
    ) -> Option<(usize, &'static Block)> {
        let mut base = self.section_start(section);
        for block in self.blocks(section) {
            let has_column = column.is_none_or(|k| block.columns.iter().any(|c| c.key == k));
            if let Some(r) = block.rows.iter().position(|r| r.key == row).filter(|_| has_column) {
                return Some((base + r * block.columns.len(), block));
            }
            base += block.rows.len() * block.columns.len();
        }
        None
    }

    /// The cell at a position of [`Layout::cells`].
    pub(crate) fn at(&self, index: usize) -> Option<CellRef> {
        let index = u16::try_from(index).ok().filter(|i| usize::from(*i) < self.cells.len())?;
        Some(CellRef { edition: self.edition, index })
    }

    /// The cells of a group row's sub-rows in the column of `cell`, where
    /// `cell` is on a group row (（三）不予公开); `None` otherwise. A group's
    /// subtotal is the sum of these.
    ///
    /// ```
    /// use disclosure_report::layout::Layout;
    /// use disclosure_report::Edition;
    ///
    /// let layout = Layout::of(Edition::V2021);
    /// let withheld = layout.cell_by_path("requests.withheld.total").unwrap();
    /// assert_eq!(layout.sub_row_cells(withheld).unwrap().len(), 8);
    /// let disclosed = layout.cell_by_path("requests.disclosed.total").unwrap();
    /// assert_eq!(layout.sub_row_cells(disclosed), None);
    /// ```
    pub fn sub_row_cells(&self, cell: CellRef) -> Option<Vec<CellRef>> {
        let block = self.blocks(cell.section()).iter().find(|b| b.rows.iter().any(|r| std::ptr::eq(*r, cell.row())))?;
        if !block.is_group(cell.row()) {
            return None;
        }
        Some(block.children(cell.row()).filter_map(|row| self.cell(cell.section(), row, cell.column())).collect())
    }

    /// The block and row of a section with this row key.
    pub fn row_by_key(&self, section: Section, key: &str) -> Option<(&'static Block, &'static RowDef)> {
        self.blocks(section).iter().find_map(|b| b.rows.iter().find(|r| r.key == key).map(|&r| (b, r)))
    }

    /// Every cell's description, in layout order (indexed as
    /// [`CellRef::index`]).
    pub(crate) fn infos(&self) -> &[CellInfo] {
        &self.cells
    }

    fn info(&self, index: u16) -> &CellInfo {
        // Every CellRef is made by a layout from its own cell list.
        &self.cells[usize::from(index)]
    }
}

/// A reference to one cell of an edition's tables: section, row, column.
///
/// It displays as the official labels (`表三「（七）总计」行「自然人」列`)
/// and has a stable key path (`requests.outcome_total.natural_person`).
/// It serializes as an object with both.
///
/// ```
/// use disclosure_report::layout::{columns, rows, CellRef, Layout, Section};
/// use disclosure_report::Edition;
///
/// let cell = Layout::of(Edition::V2021).cell(Section::Requests, &rows::OUTCOME_TOTAL, &columns::NATURAL_PERSON).unwrap();
/// assert_eq!(cell.key_path(), "requests.outcome_total.natural_person");
/// assert_eq!(cell.to_string(), "表三「（七）总计」行「自然人」列");
/// assert_eq!("requests.outcome_total.natural_person".parse::<CellRef>()?, cell);
/// # Ok::<(), disclosure_report::layout::NoSuchPath>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    edition: Edition,
    index: u16,
}

impl CellRef {
    /// Where the cell sits in the layout.
    pub fn info(self) -> &'static CellInfo {
        Layout::of(self.edition).info(self.index)
    }

    /// The edition whose layout holds the cell.
    pub fn edition(self) -> Edition {
        self.edition
    }

    /// The cell's position in [`Layout::cells`].
    pub fn index(self) -> usize {
        usize::from(self.index)
    }

    /// The section.
    pub fn section(self) -> Section {
        self.info().section
    }

    /// The row.
    pub fn row(self) -> &'static RowDef {
        self.info().row
    }

    /// The column.
    pub fn column(self) -> &'static ColumnDef {
        self.info().column
    }

    /// `section.row.column`, in stable keys.
    pub fn key_path(self) -> String {
        let i = self.info();
        format!("{}.{}.{}", i.section.key(), i.row.key, i.column.key)
    }

    /// The row's label preceded by its sub-table title and group, joined by
    /// ` / ` (`第二十条第（五）项 / 行政许可`, `（三）不予公开 / 1.属于国家秘密`).
    pub fn row_label(self) -> String {
        let i = self.info();
        let mut parts: Vec<&str> = Vec::with_capacity(3);
        parts.extend(i.block.title.map(|t| t.label));
        parts.extend(i.row.parent.map(|p| p.label));
        if !i.row.label.is_empty() {
            parts.push(i.row.label);
        }
        parts.join(" / ")
    }

    /// The column's label preceded by its group labels, joined by ` / `
    /// (`法人或其他组织 / 商业企业`, `行政诉讼 / 复议后起诉 / 总计`).
    pub fn column_label(self) -> String {
        let column = self.column();
        let mut parts: Vec<&str> = column.groups.iter().map(|g| g.label).collect();
        parts.push(column.label);
        parts.join(" / ")
    }
}

impl fmt::Debug for CellRef {
    /// The edition and key path: `CellRef(V2021 requests.outcome_total.natural_person)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CellRef({:?} {})", self.edition, self.key_path())
    }
}

/// Why a text is not a cell's key path.
///
/// ```
/// use disclosure_report::layout::CellRef;
///
/// let err = "requests.nope.total".parse::<CellRef>().unwrap_err();
/// assert_eq!(err.path(), "requests.nope.total");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is no cell's key path (section.row.column, such as requests.outcome_total.natural_person, optionally after V2019: or V2021:)"
)]
pub struct NoSuchPath(String);

impl NoSuchPath {
    /// The text that is no key path.
    pub fn path(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for CellRef {
    type Err = NoSuchPath;

    /// A key path as [`CellRef::key_path`] writes it, in the edition named
    /// before it (`V2019:requests.new_requests.total`), else in the newest
    /// edition that has the cell.
    ///
    /// ```
    /// use disclosure_report::layout::CellRef;
    /// use disclosure_report::Edition;
    ///
    /// let cell: CellRef = "requests.outcome_total.natural_person".parse()?;
    /// assert_eq!(cell.edition(), Edition::V2021);
    /// let old: CellRef = "V2019:requests.outcome_total.natural_person".parse()?;
    /// assert_eq!(old.edition(), Edition::V2019);
    /// // Only V2019 has 规范性文件.
    /// let v2019_only: CellRef = "proactive.normative_documents.new_made".parse()?;
    /// assert_eq!(v2019_only.edition(), Edition::V2019);
    /// assert!("requests.nope.total".parse::<CellRef>().is_err());
    /// # Ok::<(), disclosure_report::layout::NoSuchPath>(())
    /// ```
    fn from_str(s: &str) -> Result<CellRef, NoSuchPath> {
        let (editions, path) = match s.split_once(':') {
            Some((e, path)) => match Edition::ALL.into_iter().find(|x| format!("{x:?}").eq_ignore_ascii_case(e)) {
                Some(edition) => (vec![edition], path),
                None => return Err(NoSuchPath(s.to_owned())),
            },
            None => (Edition::ALL.into_iter().rev().collect(), s),
        };
        editions.into_iter().find_map(|e| Layout::of(e).cell_by_path(path)).ok_or_else(|| NoSuchPath(s.to_owned()))
    }
}

impl fmt::Display for CellRef {
    /// `表三「（七）总计」行「自然人」列`; a row without a label (table 四) is
    /// left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = self.row_label();
        write!(f, "表{}", self.section().numeral())?;
        if !row.is_empty() {
            write!(f, "「{row}」行")?;
        }
        write!(f, "「{}」列", self.column_label())
    }
}

impl Serialize for CellRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("CellRef", 6)?;
        st.serialize_field("section", self.section().numeral())?;
        st.serialize_field("row", self.row().key)?;
        st.serialize_field("column", self.column().key)?;
        st.serialize_field("row_label", &self.row_label())?;
        st.serialize_field("column_label", &self.column_label())?;
        st.serialize_field("label", &self.to_string())?;
        st.end()
    }
}

impl<'de> serde::Deserialize<'de> for CellRef {
    /// A key path as [`FromStr`](std::str::FromStr) reads it
    /// (`"V2019:requests.new_requests.total"`), or the object a `CellRef`
    /// serializes to (`section`, `row` and `column`; its labels are not
    /// read): the cell of the newest edition that has it.
    ///
    /// ```
    /// # #[cfg(feature = "json")] {
    /// use disclosure_report::layout::CellRef;
    ///
    /// let cell: CellRef = "requests.outcome_total.natural_person".parse()?;
    /// let back: CellRef = serde_json::from_value(serde_json::to_value(cell)?)?;
    /// assert_eq!(back, cell);
    /// let by_path: CellRef = serde_json::from_str(r#""V2019:requests.outcome_total.natural_person""#)?;
    /// assert_eq!(by_path.key_path(), cell.key_path());
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CellRef, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Form {
            Path(String),
            Parts { section: Section, row: String, column: String },
        }
        let path = match Form::deserialize(d)? {
            Form::Path(path) => path,
            Form::Parts { section, row, column } => format!("{}.{row}.{column}", section.key()),
        };
        path.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn count_cells(e: Edition, s: Section) -> usize {
        let l = Layout::of(e);
        l.section_cells(s).filter(|c| c.info().is_required()).count()
    }

    #[test]
    fn shapes_match_the_format() {
        let v2019 = Layout::of(Edition::V2019);
        let v2021 = Layout::of(Edition::V2021);
        assert_eq!(v2019.data_rows(Section::Requests).count(), 23);
        assert_eq!(v2021.data_rows(Section::Requests).count(), 25);
        assert_eq!(count_cells(Edition::V2019, Section::Proactive), 22);
        assert_eq!(count_cells(Edition::V2021, Section::Proactive), 10);
        assert_eq!(count_cells(Edition::V2019, Section::Review), 15);
        assert_eq!(count_cells(Edition::V2021, Section::Review), 15);
        assert_eq!(count_cells(Edition::V2019, Section::Requests), 23 * 7);
        assert_eq!(count_cells(Edition::V2021, Section::Requests), 25 * 7);
    }

    #[test]
    fn other_handling_is_a_group_only_in_v2021() {
        let kind = |e| {
            Layout::of(e)
                .cell(Section::Requests, &rows::OTHER_HANDLING, &columns::NATURAL_PERSON)
                .map(|c| c.info().row_kind)
        };
        assert_eq!(kind(Edition::V2019), Some(RowKind::Data));
        assert_eq!(kind(Edition::V2021), Some(RowKind::Group));
    }

    #[test]
    fn keys_are_unique_within_a_section() {
        for e in Edition::ALL {
            let l = Layout::of(e);
            let mut seen = HashSet::new();
            for c in l.cells() {
                assert!(seen.insert((c.section(), c.row().key, c.column().key)), "{}", c.key_path());
            }
        }
    }

    #[test]
    fn labels_render_with_groups() {
        let l = Layout::of(Edition::V2021);
        let c = l.cell(Section::Review, &rows::REVIEW_CASES, &columns::AFTER_TOTAL).unwrap();
        assert_eq!(c.column_label(), "行政诉讼 / 复议后起诉 / 总计");
        assert_eq!(c.to_string(), "表四「行政诉讼 / 复议后起诉 / 总计」列");
        let c = l.cell(Section::Requests, &rows::WITHHELD_STATE_SECRET, &columns::BUSINESS).unwrap();
        assert_eq!(c.row_label(), "（三）不予公开 / 1.属于国家秘密");
        assert_eq!(c.column_label(), "法人或其他组织 / 商业企业");
        let c = l.cell(Section::Proactive, &rows::LICENSING, &columns::DECISIONS_THIS_YEAR).unwrap();
        assert_eq!(c.row_label(), "第二十条第（五）项 / 行政许可");
    }

    #[test]
    fn cell_lookup_round_trips() {
        for e in Edition::ALL {
            let l = Layout::of(e);
            for c in l.cells() {
                assert_eq!(l.cell(c.section(), c.row(), c.column()), Some(c));
            }
        }
    }
}
