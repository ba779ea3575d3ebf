//! The rule catalogue, as data, and the one evaluator that applies it.
//!
//! Each arithmetic rule of the format is declared as an identity over cells
//! — `Σ actual-side cells` compared with `Σ expected-side cells`, equal or
//! at least — expanded from the [layout](crate::layout) of an edition. One
//! evaluator applies them; messages are generated from the rule and the
//! cells, so a message cannot name the wrong cell.
//!
//! ```
//! use disclosure_report::rules::{self, Severity};
//!
//! let balance = rules::find("T3.balance").unwrap();
//! assert_eq!(balance.severity, Severity::Error);
//! assert_eq!(rules::CATALOGUE.len(), 22);
//! ```

use std::fmt;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::layout::{columns, rows, CellRef, Layout, Section, SumKind};
use crate::number::Value;
use crate::{Edition, Published};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report contradicts the format's arithmetic or its cells.
    Error,
    /// Implausible, or a cross-year or calendar mismatch.
    Warning,
    /// An accepted deviation from the official wording or layout.
    Notice,
}

impl std::str::FromStr for Severity {
    type Err = UnknownSeverity;

    /// `error`, `warning` or `notice`, as findings write it.
    ///
    /// ```
    /// use disclosure_report::Severity;
    /// assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
    /// assert!("fatal".parse::<Severity>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Severity, UnknownSeverity> {
        [Severity::Error, Severity::Warning, Severity::Notice]
            .into_iter()
            .find(|v| v.to_string() == s)
            .ok_or_else(|| UnknownSeverity(s.to_owned()))
    }
}

/// Why a text is not a severity.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is no severity (error, warning or notice)")]
pub struct UnknownSeverity(pub String);

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Severity, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        })
    }
}

/// A rule of the catalogue.
#[non_exhaustive]
pub struct Rule {
    /// The stable id (`T3.balance`); part of the crate's public interface.
    pub id: &'static str,
    /// How serious a breach is.
    pub severity: Severity,
    /// The editions the rule applies to.
    pub editions: &'static [Edition],
    /// The rule, in Chinese.
    pub zh: &'static str,
    /// The rule, in English.
    pub en: &'static str,
    expand: Expand,
}

impl fmt::Debug for Rule {
    /// The rule's id: `Rule("T3.balance")`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Rule").field(&self.id).finish()
    }
}

/// How a rule becomes identities over cells.
enum Expand {
    /// Checked on each cell by itself, or on the report's metadata, or
    /// reported by a reader: no identities.
    None,
    /// Identities over one report's cells.
    Single(fn(&Layout) -> Vec<Identity>),
    /// Identities over a report (current) and its previous year's.
    Pair(fn(&Layout, &Layout) -> Vec<Identity>),
}

const BOTH: &[Edition] = &[Edition::V2019, Edition::V2021];
const V2019: &[Edition] = &[Edition::V2019];
const V2021: &[Edition] = &[Edition::V2021];

const fn rule(
    id: &'static str,
    severity: Severity,
    editions: &'static [Edition],
    zh: &'static str,
    en: &'static str,
    expand: Expand,
) -> Rule {
    Rule { id, severity, editions, zh, en, expand }
}

use Severity::{Error, Notice, Warning};

/// 一 + 二 = （七）总计 + 四, per column of table 三.
pub static T3_BALANCE: Rule = rule(
    "T3.balance",
    Error,
    BOTH,
    "第一项加第二项之和等于第三项加第四项之和",
    "new + carried in = total handled + carried over",
    Expand::Single(t3_balance),
);
/// 总计 = the six applicant columns, per row of table 三.
pub static T3_ROW_TOTAL: Rule = rule(
    "T3.row_total",
    Error,
    BOTH,
    "总计列等于各申请人列之和",
    "the total column equals the sum of the applicant columns",
    Expand::Single(t3_row_total),
);
/// （七）总计 = the outcome rows, per column of table 三.
pub static T3_OUTCOME_TOTAL: Rule = rule(
    "T3.outcome_total",
    Error,
    BOTH,
    "（七）总计等于各办理结果之和",
    "total handled equals the sum of the outcomes",
    Expand::Single(t3_outcome_total),
);
/// A printed group subtotal = its sub-rows.
pub static T3_GROUP_TOTAL: Rule = rule(
    "T3.group_total",
    Error,
    BOTH,
    "分组小计等于其各子项之和",
    "a group subtotal equals the sum of its sub-rows",
    Expand::Single(t3_group_total),
);
/// 总计 = the four outcomes, per group of table 四.
pub static T4_TOTAL: Rule = rule(
    "T4.total",
    Error,
    BOTH,
    "总计等于结果维持、结果纠正、其他结果、尚未审结之和",
    "the total equals upheld + corrected + other + pending",
    Expand::Single(t4_total),
);
/// V2019: 上一年项目数量 + 本年增/减 ≥ 0.
pub static T2_ITEMS_NONNEGATIVE: Rule = rule(
    "T2.items_nonnegative",
    Error,
    V2019,
    "上一年项目数量加本年增/减不得小于零",
    "previous items + change cannot be below zero",
    Expand::Single(t2_items_nonnegative),
);
/// A negative number where counts or sums belong.
pub static CELL_NEGATIVE: Rule =
    rule("cell.negative", Error, BOTH, "数量和金额不得为负数", "counts and amounts cannot be negative", Expand::None);
/// A cell that is not a number or an empty marker.
pub static CELL_NOT_A_NUMBER: Rule = rule(
    "cell.not_a_number",
    Error,
    BOTH,
    "单元格应为数字或空白标记",
    "a cell must hold a number or an empty marker",
    Expand::None,
);
/// A required cell absent from the table.
pub static CELL_MISSING: Rule = rule(
    "cell.missing",
    Error,
    BOTH,
    "本版格式要求的单元格缺失",
    "a cell the edition requires is absent",
    Expand::None,
);
/// A cell printed more than once (a row printed twice, a key repeated in
/// JSON). Every printing is quoted; where they differ the cell is left
/// absent, and `cell.missing` says so.
pub static CELL_DUPLICATE: Rule = rule(
    "cell.duplicate",
    Warning,
    BOTH,
    "单元格重复印出，各次印出的内容均予引用；内容不同时该单元格按缺失处理",
    "a cell printed more than once; every printing is quoted, and where they differ the cell is left absent",
    Expand::None,
);
/// A money cell that printed no unit, under a header that printed none,
/// read in the official unit.
pub static CELL_UNIT_ASSUMED: Rule = rule(
    "cell.unit_assumed",
    Notice,
    BOTH,
    "金额单元格及其表头均未印出单位，按万元计",
    "neither the money cell nor its header printed a unit; read in 万元",
    Expand::None,
);
/// A cell printed blank or not applicable.
pub static CELL_BLANK: Rule = rule(
    "cell.blank",
    Notice,
    BOTH,
    "单元格空白或标为不适用，按0计",
    "a cell is blank or marked not applicable; counted as 0",
    Expand::None,
);
/// A number too large to hold, or a sum that overflows.
pub static CELL_OVERFLOW: Rule = rule(
    "cell.overflow",
    Error,
    BOTH,
    "数值过大，无法表示",
    "a number too large to hold, or a sum that overflows",
    Expand::None,
);
/// The tables' edition does not match the year.
pub static EDITION_YEAR_MISMATCH: Rule = rule(
    "edition.year_mismatch",
    Warning,
    BOTH,
    "表格版本与报告年度不符",
    "the tables' edition does not match the report year",
    Expand::None,
);
/// V2019: 本年新公开数量 > 对外公开总数量.
pub static T2_NEW_EXCEEDS_TOTAL: Rule = rule(
    "T2.new_exceeds_total",
    Warning,
    V2019,
    "本年新公开数量不应大于对外公开总数量",
    "newly published should not exceed the total published",
    Expand::Single(t2_new_exceeds_total),
);
/// Published after the Article 49 deadline.
pub static PUBLISH_LATE: Rule = rule(
    "publish.late",
    Warning,
    BOTH,
    "发布日期晚于条例第四十九条规定的期限",
    "published after the Article 49 deadline",
    Expand::None,
);
/// A non-official label was recognised.
pub static LABEL_VARIANT: Rule =
    rule("label.variant", Notice, BOTH, "使用了非正式标签", "a non-official label was recognised", Expand::None);
/// 二、上年结转 (N) = 四、结转下年度继续办理 (N−1).
pub static X_CARRY_OVER: Rule = rule(
    "X.carry_over",
    Error,
    BOTH,
    "本年上年结转数等于上年结转下年度继续办理数",
    "carried in (N) equals carried over (N−1)",
    Expand::Pair(x_carry_over),
);
/// V2019: 上一年项目数量 (N) = 上一年项目数量 (N−1) + 本年增/减 (N−1).
pub static X_ITEMS_CONTINUITY: Rule = rule(
    "X.items_continuity",
    Warning,
    V2019,
    "本年上一年项目数量等于上年的上一年项目数量加本年增/减",
    "previous items (N) equals previous items + change (N−1)",
    Expand::Pair(x_items_continuity),
);
/// V2021: 现行有效件数 (N) = 现行有效件数 (N−1) + 本年制发件数 (N) − 本年废止件数 (N).
pub static X_IN_FORCE_CONTINUITY: Rule = rule(
    "X.in_force_continuity",
    Warning,
    V2021,
    "现行有效件数等于上年现行有效件数加本年制发件数减本年废止件数",
    "in force (N) equals in force (N−1) + issued (N) − repealed (N)",
    Expand::Pair(x_in_force_continuity),
);

/// A year missing from a series of one organ's reports.
pub static X_MISSING_YEAR: Rule = rule(
    "X.missing_year",
    Warning,
    BOTH,
    "年度报告系列中缺少某一年度",
    "a year is missing from a series of reports",
    Expand::None,
);
/// Two reports of one organ for the same year.
pub static X_DUPLICATE_YEAR: Rule = rule(
    "X.duplicate_year",
    Warning,
    BOTH,
    "同一年度有多份报告",
    "more than one report for the same year",
    Expand::None,
);

/// Every rule, in the order of the format's catalogue.
pub static CATALOGUE: [&Rule; 22] = [
    &T3_BALANCE,
    &T3_ROW_TOTAL,
    &T3_OUTCOME_TOTAL,
    &T3_GROUP_TOTAL,
    &T4_TOTAL,
    &T2_ITEMS_NONNEGATIVE,
    &CELL_NEGATIVE,
    &CELL_NOT_A_NUMBER,
    &CELL_MISSING,
    &CELL_DUPLICATE,
    &CELL_BLANK,
    &CELL_UNIT_ASSUMED,
    &CELL_OVERFLOW,
    &EDITION_YEAR_MISMATCH,
    &T2_NEW_EXCEEDS_TOTAL,
    &PUBLISH_LATE,
    &LABEL_VARIANT,
    &X_CARRY_OVER,
    &X_ITEMS_CONTINUITY,
    &X_IN_FORCE_CONTINUITY,
    &X_MISSING_YEAR,
    &X_DUPLICATE_YEAR,
];

/// Numbers a reader could not place with certainty; their cells are left
/// absent.
pub static PARSE_UNPLACED: Rule = rule(
    "parse.unplaced",
    Warning,
    BOTH,
    "无法确定位置的数字，相应单元格按缺失处理",
    "numbers that could not be placed with certainty; their cells are left absent",
    Expand::None,
);
/// A row printed more numbers than columns; every reading agreed, and the
/// surplus is quoted.
pub static PARSE_SURPLUS: Rule = rule(
    "parse.surplus",
    Notice,
    BOTH,
    "一行印出的数字多于列数，多余数字未采用",
    "a row printed more numbers than columns; the surplus was not used",
    Expand::None,
);
/// The numbers of several rows were printed across a different number of
/// lines, and were placed in reading order.
pub static PARSE_REFLOWED: Rule = rule(
    "parse.reflowed",
    Notice,
    BOTH,
    "若干行的数字跨行印出，已按阅读顺序放置",
    "the numbers of several rows were printed across other lines and placed in reading order",
    Expand::None,
);
/// A line in a table that is no row of the layout, with numbers on it.
pub static PARSE_STRAY_LINE: Rule = rule(
    "parse.stray_line",
    Warning,
    BOTH,
    "表格中有无法识别的行，其数字未采用",
    "a line in a table matches no row; its numbers were not used",
    Expand::None,
);
/// A section heading was not found.
pub static PARSE_NO_HEADING: Rule =
    rule("parse.no_heading", Warning, BOTH, "未找到章节标题", "a section heading was not found", Expand::None);
/// The tables' edition disagrees with the report year; the tables win.
pub static PARSE_EDITION: Rule = rule(
    "parse.edition",
    Notice,
    BOTH,
    "表格版本与年度推定的版本不同，以表格为准",
    "the tables' edition differs from the year's; the tables decide",
    Expand::None,
);
/// The organ's name was not found in the title.
pub static PARSE_NO_ORGAN: Rule = rule(
    "parse.no_organ",
    Warning,
    BOTH,
    "未从标题中识别出机关名称",
    "the organ's name was not found in the title",
    Expand::None,
);

/// A page declared no encoding; it was decoded as detected.
pub static PARSE_ENCODING: Rule = rule(
    "parse.encoding",
    Notice,
    BOTH,
    "网页未声明编码，按检测结果解码",
    "a page declared no encoding and was decoded as detected",
    Expand::None,
);

/// The findings of readers of published text (`parse.*`).
pub static READER_RULES: [&Rule; 8] = [
    &PARSE_UNPLACED,
    &PARSE_SURPLUS,
    &PARSE_REFLOWED,
    &PARSE_STRAY_LINE,
    &PARSE_NO_HEADING,
    &PARSE_EDITION,
    &PARSE_NO_ORGAN,
    &PARSE_ENCODING,
];

/// Why a text is not a rule id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is no rule of the catalogue (ids such as T3.balance, cell.missing, parse.unplaced)")]
pub struct UnknownRule(pub String);

impl std::str::FromStr for &'static Rule {
    type Err = UnknownRule;

    /// The rule with this id, from the catalogue or the reader's rules.
    fn from_str(id: &str) -> Result<&'static Rule, UnknownRule> {
        find(id).ok_or_else(|| UnknownRule(id.to_owned()))
    }
}

/// The rule with this id, in the catalogue or among the reader rules.
pub fn find(id: &str) -> Option<&'static Rule> {
    CATALOGUE.iter().chain(READER_RULES.iter()).copied().find(|r| r.id == id)
}

impl Rule {
    fn position(&self) -> usize {
        CATALOGUE.iter().chain(READER_RULES.iter()).position(|r| std::ptr::eq(*r, self)).unwrap_or(usize::MAX)
    }

    fn applies_to(&self, edition: Edition) -> bool {
        self.editions.contains(&edition)
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id)
    }
}

// ---------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------

/// Which report of a pair a cell belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Year {
    /// The report being checked.
    Current,
    /// Its previous year's report.
    Previous,
}

#[derive(Clone, Copy, Debug)]
struct Term {
    cell: CellRef,
    negated: bool,
    year: Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compare {
    Equal,
    AtLeast,
}

/// `Σ actual` = (or ≥) `Σ expected`.
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    actual: Vec<Term>,
    expected: Vec<Term>,
    compare: Compare,
}

fn plus(cell: CellRef) -> Term {
    Term { cell, negated: false, year: Year::Current }
}

fn equal(actual: Vec<Term>, expected: Vec<Term>) -> Identity {
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

fn t3_row_total(layout: &Layout) -> Vec<Identity> {
    declared_sums(layout, SumKind::RowTotal, Section::Requests)
}

fn t4_total(layout: &Layout) -> Vec<Identity> {
    declared_sums(layout, SumKind::RowTotal, Section::Review)
}

fn t3_outcome_total(layout: &Layout) -> Vec<Identity> {
    declared_sums(layout, SumKind::BandTotal, Section::Requests)
}

fn t3_group_total(layout: &Layout) -> Vec<Identity> {
    declared_sums(layout, SumKind::GroupTotal, Section::Requests)
}

fn t3_balance(layout: &Layout) -> Vec<Identity> {
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

fn t2_items_nonnegative(layout: &Layout) -> Vec<Identity> {
    proactive_pairs(layout, &columns::PREVIOUS_ITEMS, &columns::CHANGE)
        .map(|(prev, change)| Identity {
            actual: vec![plus(prev), plus(change)],
            expected: vec![],
            compare: Compare::AtLeast,
        })
        .collect()
}

fn t2_new_exceeds_total(layout: &Layout) -> Vec<Identity> {
    proactive_pairs(layout, &columns::NEW_PUBLISHED, &columns::TOTAL_PUBLISHED)
        .map(|(new, total)| Identity {
            actual: vec![plus(total)],
            expected: vec![plus(new)],
            compare: Compare::AtLeast,
        })
        .collect()
}

fn previous(cell: CellRef) -> Term {
    Term { cell, negated: false, year: Year::Previous }
}

fn x_carry_over(prev: &Layout, cur: &Layout) -> Vec<Identity> {
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

fn x_items_continuity(prev: &Layout, cur: &Layout) -> Vec<Identity> {
    proactive_pairs(cur, &columns::PREVIOUS_ITEMS, &columns::CHANGE)
        .filter_map(|(now, _)| {
            let before = prev.cell(Section::Proactive, now.row(), &columns::PREVIOUS_ITEMS)?;
            let change = prev.cell(Section::Proactive, now.row(), &columns::CHANGE)?;
            Some(equal(vec![plus(now)], vec![previous(before), previous(change)]))
        })
        .collect()
}

fn x_in_force_continuity(prev: &Layout, cur: &Layout) -> Vec<Identity> {
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
fn identities(edition: Edition) -> &'static [(&'static Rule, Identity)] {
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
fn pair_identities(prev: Edition, cur: Edition) -> &'static [(&'static Rule, Identity)] {
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

// ---------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------

/// A cell named by a finding, with what it printed.
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Involved {
    /// The cell.
    pub cell: CellRef,
    /// Which report of a pair it belongs to.
    pub year: Year,
    /// Its printed text; `None` if absent.
    pub text: Option<String>,
    /// Whether it is subtracted in the rule's sum.
    pub negated: bool,
    /// Whether it is on the actual (as opposed to expected) side.
    pub actual_side: bool,
    /// Whether the cell was derived from others (a total of a strict
    /// report), rather than given.
    pub derived: bool,
}

impl fmt::Debug for Involved {
    /// The key path and what it printed: `requests.new_requests.total = "3"`,
    /// `previous requests.carried_over.total absent`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year == Year::Previous {
            f.write_str("previous ")?;
        }
        if self.negated {
            f.write_str("-")?;
        }
        write!(f, "{}", self.cell.key_path())?;
        if self.derived {
            f.write_str(" (derived)")?;
        }
        match &self.text {
            Some(text) => write!(f, " = {text:?}"),
            None => f.write_str(" absent"),
        }
    }
}

impl Involved {
    /// A cell of the current report, on the actual side, with its text.
    pub(crate) fn current(cell: CellRef, text: Option<String>) -> Involved {
        Involved { cell, year: Year::Current, text, negated: false, actual_side: true, derived: false }
    }

    fn label(&self) -> String {
        let derived = if self.derived { "（推算值）" } else { "" };
        match self.year {
            Year::Current => format!("{}{derived}", self.cell),
            Year::Previous => format!("上年{}{derived}", self.cell),
        }
    }

    fn key(&self) -> String {
        let derived = if self.derived { " (derived)" } else { "" };
        match self.year {
            Year::Current => format!("{}{derived}", self.cell.key_path()),
            Year::Previous => format!("previous.{}{derived}", self.cell.key_path()),
        }
    }
}

impl Serialize for Involved {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Involved", 9)?;
        st.serialize_field("section", self.cell.section().numeral())?;
        st.serialize_field("row", self.cell.row().key)?;
        st.serialize_field("column", self.cell.column().key)?;
        st.serialize_field("row_label", &self.cell.row_label())?;
        st.serialize_field("column_label", &self.cell.column_label())?;
        st.serialize_field("label", &self.cell.to_string())?;
        st.serialize_field(
            "year",
            match self.year {
                Year::Current => "current",
                Year::Previous => "previous",
            },
        )?;
        st.serialize_field("value", &self.text)?;
        st.serialize_field("negated", &self.negated)?;
        if self.derived {
            st.serialize_field("derived", &true)?;
        }
        st.end()
    }
}

/// What else a finding needs for its message.
/// What is wrong with a cell by itself; each has its rule and its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum CellProblem {
    Blank,
    NotANumber,
    TooLarge,
    Negative,
}

impl CellProblem {
    fn rule(self) -> &'static Rule {
        match self {
            CellProblem::Blank => &CELL_BLANK,
            CellProblem::NotANumber => &CELL_NOT_A_NUMBER,
            CellProblem::TooLarge => &CELL_OVERFLOW,
            CellProblem::Negative => &CELL_NEGATIVE,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Detail {
    /// A cell wrong by itself.
    Cell(CellProblem),
    /// An identity that does not hold: `Σ actual` against `Σ expected`.
    Identity {
        at_least: bool,
    },
    NotEvaluated(Vec<&'static str>),
    SumOverflow,
    YearMismatch {
        edition: Edition,
        year: u16,
    },
    Late {
        published: NaiveDate,
        deadline: NaiveDate,
    },
    Label {
        printed: String,
        official: String,
    },
    /// A year of a series: missing, or given twice.
    SeriesYear {
        year: u16,
        missing: bool,
    },
    /// A reader's finding, with its own words.
    Reader {
        zh: String,
        en: String,
    },
    /// Printed more than once: every printing quoted, and how many more
    /// were counted.
    Duplicate {
        unlisted: usize,
    },
    /// A money figure read in the official unit, none being printed.
    UnitAssumed,
    /// Findings of the rule past [`FINDINGS_PER_RULE`], counted but not
    /// listed.
    More {
        count: usize,
    },
}

/// How many findings of one rule a report lists; past that, one finding
/// of the rule says how many more there were.
pub const FINDINGS_PER_RULE: usize = 100;

/// Where in its source a reader's finding was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Location {
    /// A line of text, from 1.
    Line(usize),
    /// A row of a table of a page or a Word file: the table's number among
    /// the document's tables and the row's number in it (after merged cells
    /// are resolved), both from 1.
    TableRow {
        /// The table, from 1.
        table: usize,
        /// The row, from 1.
        row: usize,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(line) => write!(f, "line {line}"),
            Location::TableRow { table, row } => write!(f, "table {table}, row {row}"),
        }
    }
}

/// One problem found in a report.
///
/// It names its rule, every cell involved with its printed value, the
/// expected and actual figures where there are any, and says what is wrong
/// in Chinese and in English.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    rule: &'static Rule,
    /// The rule's severity, or (for `cell.missing`) the severity of the
    /// rules that need the cells.
    severity: Severity,
    cells: Vec<Involved>,
    expected: Option<Decimal>,
    actual: Option<Decimal>,
    detail: Detail,
    line: Option<usize>,
    /// The table and row of the document that `line` came from, where the
    /// source is a page's or a Word file's table.
    table_row: Option<(usize, usize)>,
    /// The years (previous, current) of a cross-year finding.
    years: Option<(u16, u16)>,
    /// Printed texts the finding quotes because no cell holds them.
    quoted: Vec<String>,
}

impl std::hash::Hash for Rule {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.id.hash(h);
    }
}

impl Finding {
    pub(crate) fn new(rule: &'static Rule, cells: Vec<Involved>, detail: Detail) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            cells,
            expected: None,
            actual: None,
            detail,
            line: None,
            table_row: None,
            years: None,
            quoted: Vec::new(),
        }
    }

    /// A finding that quotes printed texts that no cell holds.
    pub(crate) fn quoting(mut self, quoted: Vec<String>) -> Finding {
        self.quoted = quoted;
        self
    }

    /// The summary of `count` findings of `rule` that were not listed
    /// (past [`FINDINGS_PER_RULE`]).
    pub(crate) fn not_listed(rule: &'static Rule, count: usize) -> Finding {
        Finding::new(rule, Vec::new(), Detail::More { count })
    }

    /// A reader's finding about `cells` (absent ones), at a line of the
    /// source text.
    pub(crate) fn reader(
        rule: &'static Rule,
        cells: &[CellRef],
        line: Option<usize>,
        zh: String,
        en: String,
    ) -> Finding {
        let cells = cells.iter().map(|&cell| Involved::current(cell, None)).collect();
        let mut f = Finding::new(rule, cells, Detail::Reader { zh, en });
        f.line = line;
        f
    }

    /// The rule.
    pub fn rule(&self) -> &'static Rule {
        self.rule
    }

    /// How serious it is: the rule's severity, except for `cell.missing`,
    /// which is an error where a rule of severity error needs one of the
    /// cells, and a warning otherwise (FORMAT §6).
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Every cell involved, actual side first.
    pub fn cells(&self) -> &[Involved] {
        &self.cells
    }

    /// Whether the finding names this cell of the current report.
    pub fn names(&self, cell: CellRef) -> bool {
        self.cells.iter().any(|c| c.cell == cell && c.year == Year::Current)
    }

    /// The figure the rule expects, where there is one.
    pub fn expected(&self) -> Option<Decimal> {
        self.expected
    }

    /// The figure the report gives, where there is one.
    pub fn actual(&self) -> Option<Decimal> {
        self.actual
    }

    /// The line of the text the reader read, for findings of a reader (for
    /// a page or a Word file: a line of
    /// [`page_text`](crate::read::html::page_text) or
    /// [`document_text`](crate::read::docx::document_text)).
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// Where in its source a reader's finding was made: the table and row
    /// of a page or Word file where the line was one of a table's rows,
    /// else the line.
    ///
    /// ```
    /// use disclosure_report::read::{read_report, Options, SourceFormat};
    /// use disclosure_report::rules::Location;
    ///
    /// let page = "<h1>某局2022年政府信息公开工作年度报告</h1><h2>四、政府信息公开行政复议、行政诉讼情况</h2>\
    ///     <table><tr><td>行政复议</td></tr><tr><td>1</td><td>2</td></tr></table>";
    /// let parsed = read_report(page, SourceFormat::Html, &Options::default())?;
    /// let unplaced = parsed.findings.of_rule(&disclosure_report::rules::PARSE_UNPLACED).next().unwrap();
    /// assert_eq!(unplaced.location(), Some(Location::TableRow { table: 1, row: 2 }));
    /// assert_eq!(unplaced.location().unwrap().to_string(), "table 1, row 2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn location(&self) -> Option<Location> {
        match self.table_row {
            Some((table, row)) => Some(Location::TableRow { table, row }),
            None => self.line.map(Location::Line),
        }
    }

    /// The finding with the table and row its line came from, if it did.
    pub(crate) fn located(mut self, table_row: impl Fn(usize) -> Option<(usize, usize)>) -> Finding {
        self.table_row = self.line.and_then(table_row);
        self
    }

    /// The years (previous, current) a cross-year finding compares.
    pub fn years(&self) -> Option<(u16, u16)> {
        self.years
    }

    /// The printed texts this finding quotes because no cell holds them:
    /// numbers a reader could not place, every printing of a duplicated
    /// cell. Together with the cells, they account for every number a
    /// report printed.
    pub fn quoted(&self) -> &[String] {
        &self.quoted
    }

    /// For the summary of findings past [`FINDINGS_PER_RULE`]: how many
    /// findings of the rule were counted but not listed.
    pub fn more(&self) -> Option<usize> {
        match self.detail {
            Detail::More { count } => Some(count),
            _ => None,
        }
    }

    fn side(&self, actual: bool, key: bool) -> String {
        let parts: Vec<&Involved> = self.cells.iter().filter(|c| c.actual_side == actual).collect();
        if parts.is_empty() {
            return "0".to_owned();
        }
        let name = |c: &Involved| if key { c.key() } else { c.label() };
        let first = name(parts[0]);
        if parts.len() > 3 {
            return if key {
                format!("{first} + {} more", parts.len() - 1)
            } else {
                format!("{first}等{}项之和", parts.len())
            };
        }
        let mut s = if parts[0].negated { format!("−{first}") } else { first };
        for c in &parts[1..] {
            s.push_str(if c.negated { " − " } else { " + " });
            s.push_str(&name(c));
        }
        s
    }

    /// The absent cells of a `cell.missing` finding: one cell, a row's
    /// cells, or a whole table.
    fn missing_label(&self, key: bool) -> String {
        let (Some(first), Some(last)) = (self.cells.first(), self.cells.last()) else { return String::new() };
        if self.cells.len() == 1 {
            return if key { first.key() } else { first.label() };
        }
        let section = first.cell.section();
        let layout = Layout::of(first.cell.edition());
        let required = layout.section_cells(section).filter(|c| c.info().is_required()).count();
        if self.cells.len() == required {
            return if key {
                format!("all {required} cells of {}", section.key())
            } else {
                format!("表{}全部{}个单元格", section.numeral(), required)
            };
        }
        if key {
            format!("{} .. {} ({} cells)", first.key(), last.key(), self.cells.len())
        } else {
            let columns: Vec<String> = self.cells.iter().map(|c| c.cell.column_label()).collect();
            match first.cell.row_label() {
                row if row.is_empty() => format!("表{}的{}", section.numeral(), columns.join("、")),
                row => format!("表{}「{row}」行的{}", section.numeral(), columns.join("、")),
            }
        }
    }

    /// Every cell named, by label or by key.
    fn cells_label(&self, key: bool) -> String {
        let names: Vec<String> = self.cells.iter().map(|c| if key { c.key() } else { c.label() }).collect();
        names.join(if key { ", " } else { "、" })
    }

    fn subject(&self) -> (String, String, &str) {
        match self.cells.first() {
            Some(c) => (c.label(), c.key(), c.text.as_deref().unwrap_or("")),
            None => (String::new(), String::new(), ""),
        }
    }

    /// What is wrong, in Chinese.
    pub fn message_zh(&self) -> String {
        let (label, _, text) = self.subject();
        match &self.detail {
            Detail::NotEvaluated(rules) => {
                let what = self.missing_label(false);
                match rules.is_empty() {
                    true => format!("{what}缺失（未印出或无法定位）"),
                    false => format!("{what}缺失（未印出或无法定位），以下规则未核对：{}", rules.join("、")),
                }
            }
            Detail::SumOverflow => format!("{}：{}之和溢出", self.rule.zh, self.side(true, false)),
            Detail::YearMismatch { edition, year } => {
                format!("{year}年度报告使用了{edition}版表格，该年度应使用{}版", Edition::for_year(*year))
            }
            Detail::Late { published, deadline } => format!("发布日期{published}晚于期限{deadline}"),
            Detail::Label { printed, official } => format!("“{printed}”为非正式标签，正式标签为“{official}”"),
            Detail::Reader { zh, .. } => zh.clone(),
            Detail::Duplicate { unlisted: 0 } => {
                format!("{}印出不止一次：{}", self.cells_label(false), self.quoted.join("、"))
            }
            Detail::Duplicate { unlisted } => {
                format!("{}印出不止一次：{}，另有{unlisted}次", self.cells_label(false), self.quoted.join("、"))
            }
            Detail::UnitAssumed => format!("{label}（“{text}”）及其表头均未印出单位，按万元计"),
            Detail::More { count } => format!("另有{count}条“{}”未逐条列出", self.rule.zh),
            Detail::SeriesYear { year, missing: true } => format!("缺少{year}年度的报告"),
            Detail::SeriesYear { year, missing: false } => format!("{year}年度有多份报告"),
            Detail::Identity { at_least } => {
                let (a, e) = (self.actual.unwrap_or_default(), self.expected.unwrap_or_default());
                let relation = if *at_least { "小于" } else { "不等于" };
                format!(
                    "{}：{} = {a}，{relation} {} = {e}",
                    self.rule.zh,
                    self.side(true, false),
                    self.side(false, false)
                )
            }
            Detail::Cell(problem) => match problem {
                CellProblem::Negative => format!("{label}为负数“{text}”"),
                CellProblem::NotANumber => format!("{label}的内容“{text}”不是数字或空白标记"),
                CellProblem::TooLarge => format!("{label}的数值“{text}”过大，无法表示"),
                CellProblem::Blank => format!("{label}空白或标为不适用（“{text}”），按0计"),
            },
        }
    }

    /// What is wrong, in English.
    pub fn message_en(&self) -> String {
        let (_, key, text) = self.subject();
        match &self.detail {
            Detail::NotEvaluated(rules) => {
                let what = self.missing_label(true);
                let verb = if self.cells.len() > 1 { "are" } else { "is" };
                match rules.is_empty() {
                    true => format!("{what} {verb} missing (not printed, or not placeable)"),
                    false => format!(
                        "{what} {verb} missing (not printed, or not placeable); not evaluated: {}",
                        rules.join(", ")
                    ),
                }
            }
            Detail::SumOverflow => format!("{}: the sum of {} overflows", self.rule.en, self.side(true, true)),
            Detail::YearMismatch { edition, year } => {
                format!("the {year} report uses {edition} tables; that year calls for {}", Edition::for_year(*year))
            }
            Detail::Late { published, deadline } => format!("published on {published}, after the deadline {deadline}"),
            Detail::Label { printed, official } => {
                format!("\"{printed}\" is a variant of the official label \"{official}\"")
            }
            Detail::Reader { en, .. } => en.clone(),
            Detail::Duplicate { unlisted: 0 } => {
                format!("{} printed more than once: {}", self.cells_label(true), self.quoted.join(", "))
            }
            Detail::Duplicate { unlisted } => format!(
                "{} printed more than once: {}, and {unlisted} more times",
                self.cells_label(true),
                self.quoted.join(", ")
            ),
            Detail::UnitAssumed => format!("{key} (\"{text}\") and its header print no unit; read in 万元"),
            Detail::More { count } => format!("{count} more findings of this rule were not listed"),
            Detail::SeriesYear { year, missing: true } => format!("the report of {year} is missing"),
            Detail::SeriesYear { year, missing: false } => format!("more than one report for {year}"),
            Detail::Identity { at_least } => {
                let (a, e) = (self.actual.unwrap_or_default(), self.expected.unwrap_or_default());
                let relation = if *at_least { "<" } else { "≠" };
                format!("{}: {} = {a} {relation} {} = {e}", self.rule.en, self.side(true, true), self.side(false, true))
            }
            Detail::Cell(problem) => match problem {
                CellProblem::Negative => format!("{key} is negative: \"{text}\""),
                CellProblem::NotANumber => {
                    format!("{key} holds \"{text}\", which is neither a number nor an empty marker")
                }
                CellProblem::TooLarge => format!("{key} holds \"{text}\", too large to hold"),
                CellProblem::Blank => format!("{key} is blank or not applicable (\"{text}\"); counted as 0"),
            },
        }
    }

    fn sort_key(&self) -> SortKey {
        let first = self.cells.first().map(|c| (c.year, c.cell.index()));
        (self.years, self.severity, self.rule.position(), self.more().is_some(), self.line, first)
    }
}

/// Findings of a rule (for the years they compare): how many are listed,
/// and how many more were counted.
type Tally = (&'static Rule, Option<(u16, u16)>, usize, usize);

/// Findings sort by the years they compare, severity, rule (its summary
/// last), line, cell.
type SortKey = (Option<(u16, u16)>, Severity, usize, bool, Option<usize>, Option<(Year, usize)>);

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.rule.id, self.severity())?;
        if let Some((previous, current)) = self.years {
            write!(f, " ({previous}→{current})")?;
        }
        if let Some(location) = self.location() {
            write!(f, " ({location})")?;
        }
        write!(f, ": {} / {}", self.message_zh(), self.message_en())
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Message {
            zh: String,
            en: String,
        }
        let mut st = s.serialize_struct("Finding", 7)?;
        st.serialize_field("rule", self.rule.id)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("cells", &self.cells)?;
        st.serialize_field("expected", &self.expected)?;
        st.serialize_field("actual", &self.actual)?;
        st.serialize_field("message", &Message { zh: self.message_zh(), en: self.message_en() })?;
        st.serialize_field("line", &self.line)?;
        if let Some(location) = self.location() {
            st.serialize_field("location", &location)?;
        }
        if let Some(years) = self.years {
            st.serialize_field("years", &years)?;
        }
        if !self.quoted.is_empty() {
            st.serialize_field("quoted", &self.quoted)?;
        }
        if let Some(more) = self.more() {
            st.serialize_field("more", &more)?;
        }
        st.end()
    }
}

/// The findings of a check, in a deterministic order: errors first, then
/// by rule in catalogue order, then by cell in layout order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Findings(Vec<Finding>);

impl Findings {
    /// In order, at most [`FINDINGS_PER_RULE`] of a rule listed and the
    /// rest counted in one summary finding of the rule.
    pub(crate) fn sorted(mut v: Vec<Finding>) -> Findings {
        v.sort_by_key(Finding::sort_key);
        let mut tally: Vec<Tally> = Vec::new();
        let mut kept = Vec::with_capacity(v.len().min(4 * FINDINGS_PER_RULE));
        for f in v {
            let at = match tally.iter().position(|(r, y, _, _)| std::ptr::eq(*r, f.rule) && *y == f.years) {
                Some(at) => at,
                None => {
                    tally.push((f.rule, f.years, 0, 0));
                    tally.len() - 1
                }
            };
            let (_, _, listed, more) = &mut tally[at];
            match f.more() {
                Some(n) => *more = more.saturating_add(n),
                None if *listed < FINDINGS_PER_RULE => {
                    *listed += 1;
                    kept.push(f);
                }
                None => *more = more.saturating_add(1),
            }
        }
        for (rule, years, _, more) in tally.into_iter().filter(|t| t.3 > 0) {
            let mut summary = Finding::not_listed(rule, more);
            summary.years = years;
            kept.push(summary);
        }
        kept.sort_by_key(Finding::sort_key);
        Findings(kept)
    }

    /// All findings.
    pub fn iter(&self) -> std::slice::Iter<'_, Finding> {
        self.0.iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|f| f.severity() == Severity::Error)
    }

    /// The findings of one severity.
    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(move |f| f.severity() == severity)
    }

    /// The error findings.
    ///
    /// ```
    /// use disclosure_report::read::parse;
    /// use disclosure_report::Severity;
    ///
    /// let findings = parse(include_str!("../tests/data/miaotai_2020.txt"))?.all_findings();
    /// // Table 四 is absent (its figures could not be placed): T4.total is
    /// // not evaluated, which is an error.
    /// assert!(findings.errors().all(|f| f.severity() == Severity::Error));
    /// assert_eq!(findings.errors().count(), findings.with_severity(Severity::Error).count());
    /// # Ok::<(), disclosure_report::read::ParseError>(())
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.with_severity(Severity::Error)
    }

    /// The findings of one rule.
    ///
    /// The rule is named by its static, so that a misspelt one does not
    /// compile; from an id, parse it first (`"T3.balance".parse()?`), which
    /// refuses an id the catalogue does not have.
    ///
    /// ```
    /// use disclosure_report::read::parse;
    /// use disclosure_report::rules::{self, Rule};
    ///
    /// let parsed = parse(include_str!("../tests/data/miaotai_2020.txt"))?;
    /// let findings = parsed.all_findings();
    /// assert_eq!(findings.of_rule(&rules::PARSE_UNPLACED).count(), 1);
    /// let by_id: &Rule = "parse.unplaced".parse()?;
    /// assert_eq!(findings.of_rule(by_id).count(), 1);
    /// assert!("T3.balanse".parse::<&Rule>().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of_rule<'a>(&'a self, rule: &'static Rule) -> impl Iterator<Item = &'a Finding> {
        self.0.iter().filter(move |f| std::ptr::eq(f.rule, rule))
    }

    /// Keeps the findings `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Finding) -> bool) {
        self.0.retain(keep);
    }

    /// Each finding with the table and row its line came from, if it did.
    pub(crate) fn located(self, table_row: impl Fn(usize) -> Option<(usize, usize)>) -> Findings {
        Findings(self.0.into_iter().map(|f| f.located(&table_row)).collect())
    }

    /// These findings followed by `other`'s, each in its own order.
    pub(crate) fn then(mut self, other: Findings) -> Findings {
        self.0.extend(other.0);
        self
    }
}

impl Extend<Finding> for Findings {
    /// Adds findings, keeping the order (and the cap per rule).
    fn extend<I: IntoIterator<Item = Finding>>(&mut self, more: I) {
        let mut all = std::mem::take(&mut self.0);
        all.extend(more);
        *self = Findings::sorted(all);
    }
}

impl FromIterator<Finding> for Findings {
    /// The findings in order, at most [`FINDINGS_PER_RULE`] of a rule.
    fn from_iter<I: IntoIterator<Item = Finding>>(findings: I) -> Findings {
        Findings::sorted(findings.into_iter().collect())
    }
}

impl IntoIterator for Findings {
    type Item = Finding;
    type IntoIter = std::vec::IntoIter<Finding>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = &'a Finding;
    type IntoIter = std::slice::Iter<'a, Finding>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Findings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.0 {
            writeln!(f, "{finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Findings {}

// ---------------------------------------------------------------------------
// The evaluator
// ---------------------------------------------------------------------------

/// Where findings go: a list, or a flag that stops at the first error.
trait Sink {
    fn wants(&self, rule: &Rule) -> bool;
    fn push(&mut self, finding: Finding);
    fn done(&self) -> bool;
}

impl Sink for Vec<Finding> {
    fn wants(&self, _: &Rule) -> bool {
        true
    }
    fn push(&mut self, finding: Finding) {
        Vec::push(self, finding);
    }
    fn done(&self) -> bool {
        false
    }
}

/// Records only whether an error was found.
struct FirstError(bool);

impl Sink for FirstError {
    fn wants(&self, rule: &Rule) -> bool {
        rule.severity == Severity::Error
    }
    fn push(&mut self, finding: Finding) {
        self.0 |= finding.severity() == Severity::Error;
    }
    fn done(&self) -> bool {
        self.0
    }
}

/// What the evaluator reads of a report: its cells' values and texts, and
/// its metadata. A published report is one; so are the figures of a
/// strict report being built.
pub(crate) trait Source {
    fn edition(&self) -> Edition;
    fn meta(&self) -> &crate::ReportMeta;
    /// The value of a cell; `None` where it is absent.
    fn value(&self, cell: CellRef) -> Option<Value>;
    /// The text of a cell, for findings; `None` where it is absent.
    fn text(&self, cell: CellRef) -> Option<String>;
    fn label_variants(&self) -> &[crate::LabelVariant];
    /// The cells printed more than once.
    fn duplicates(&self) -> &[crate::published::Duplicate] {
        &[]
    }
    /// Whether a money cell's figure was read in 万元 with no unit printed.
    fn unit_assumed(&self, _cell: CellRef) -> bool {
        false
    }

    /// The figure a cell stands for in the arithmetic: blank, marked,
    /// absent and unusable cells count as 0.
    fn figure_or_zero(&self, cell: CellRef) -> Decimal {
        self.value(cell).and_then(Value::figure).unwrap_or_default()
    }
}

impl Source for Published {
    fn edition(&self) -> Edition {
        Published::edition(self)
    }
    fn meta(&self) -> &crate::ReportMeta {
        Published::meta(self)
    }
    fn value(&self, cell: CellRef) -> Option<Value> {
        self.get(cell).map(crate::Cell::value)
    }
    fn text(&self, cell: CellRef) -> Option<String> {
        self.get(cell).map(|c| c.text().to_owned())
    }
    fn label_variants(&self) -> &[crate::LabelVariant] {
        Published::label_variants(self)
    }
    fn duplicates(&self) -> &[crate::published::Duplicate] {
        Published::duplicates(self)
    }
    fn unit_assumed(&self, cell: CellRef) -> bool {
        self.get(cell).is_some_and(|c| c.unit_assumed(cell))
    }
}

struct Reports<'a, S: ?Sized> {
    current: &'a S,
    previous: Option<&'a S>,
}

enum Figure {
    Value(Decimal),
    /// Absent and optional: the identity does not apply.
    NotPrinted,
    /// Absent though required, or not a usable number: reported on the
    /// cell itself; the identity is not evaluated.
    Unusable,
}

impl<S: Source + ?Sized> Reports<'_, S> {
    fn report(&self, term: &Term) -> Option<&S> {
        match term.year {
            Year::Current => Some(self.current),
            Year::Previous => self.previous,
        }
    }

    fn figure(&self, term: &Term) -> Figure {
        match self.report(term).and_then(|r| r.value(term.cell)) {
            None if term.cell.info().is_required() => Figure::Unusable,
            None => Figure::NotPrinted,
            Some(v) => match v.figure() {
                Some(d) => Figure::Value(if term.negated { -d } else { d }),
                None => Figure::Unusable,
            },
        }
    }

    fn involved(&self, term: &Term, actual_side: bool) -> Involved {
        Involved {
            cell: term.cell,
            year: term.year,
            text: self.report(term).and_then(|r| r.text(term.cell)),
            negated: term.negated,
            actual_side,
            derived: false,
        }
    }

    /// Σ of one side: `Ok(None)` if the identity does not apply, `Err(())`
    /// if the sum overflows. Whole figures (every count and change) are
    /// summed as integers; others as decimals.
    fn sum(&self, terms: &[Term]) -> Result<Option<Decimal>, ()> {
        let mut whole: i128 = 0;
        let mut exact: Option<Decimal> = None;
        for t in terms {
            match (self.figure(t), exact) {
                (Figure::Value(d), None) if d.scale() == 0 => whole = whole.checked_add(d.mantissa()).ok_or(())?,
                (Figure::Value(d), None) => {
                    let so_far = Decimal::try_from_i128_with_scale(whole, 0).map_err(|_| ())?;
                    exact = Some(so_far.checked_add(d).ok_or(())?);
                }
                (Figure::Value(d), Some(e)) => exact = Some(e.checked_add(d).ok_or(())?),
                (Figure::NotPrinted | Figure::Unusable, _) => return Ok(None),
            }
        }
        match exact {
            Some(e) => Ok(Some(e)),
            None => Decimal::try_from_i128_with_scale(whole, 0).map(Some).map_err(|_| ()),
        }
    }

    fn evaluate(&self, rule: &'static Rule, identity: &Identity, sink: &mut impl Sink) {
        let (actual, expected) = match (self.sum(&identity.actual), self.sum(&identity.expected)) {
            (Ok(Some(a)), Ok(Some(e))) => (a, e),
            (Ok(None), _) | (_, Ok(None)) => return,
            (Err(()), _) | (_, Err(())) => {
                if sink.wants(&CELL_OVERFLOW) {
                    sink.push(Finding::new(&CELL_OVERFLOW, self.all_involved(identity), Detail::SumOverflow));
                }
                return;
            }
        };
        let holds = match identity.compare {
            Compare::Equal => actual == expected,
            Compare::AtLeast => actual >= expected,
        };
        if !holds && sink.wants(rule) {
            let at_least = identity.compare == Compare::AtLeast;
            let mut f = Finding::new(rule, self.all_involved(identity), Detail::Identity { at_least });
            f.actual = Some(actual.normalize());
            f.expected = Some(expected.normalize());
            sink.push(f);
        }
    }

    fn all_involved(&self, identity: &Identity) -> Vec<Involved> {
        let a = identity.actual.iter().map(|t| self.involved(t, true));
        let e = identity.expected.iter().map(|t| self.involved(t, false));
        a.chain(e).collect()
    }
}

fn cell_findings<S: Source + ?Sized>(p: &S, sink: &mut impl Sink) {
    let layout = Layout::of(p.edition());
    let mut missing: Vec<CellRef> = Vec::new();
    for cell in layout.cells() {
        if sink.done() {
            return;
        }
        let info = cell.info();
        let detail = match p.value(cell) {
            None if info.is_required() => {
                missing.push(cell);
                continue;
            }
            None => continue,
            Some(Value::Blank | Value::NotApplicable) => Detail::Cell(CellProblem::Blank),
            Some(Value::NotANumber) => Detail::Cell(CellProblem::NotANumber),
            Some(Value::TooLarge) => Detail::Cell(CellProblem::TooLarge),
            Some(Value::Number(d))
                if d.is_sign_negative() && !d.is_zero() && info.kind() != crate::layout::CellKind::Change =>
            {
                Detail::Cell(CellProblem::Negative)
            }
            Some(Value::Number(_)) if p.unit_assumed(cell) => Detail::UnitAssumed,
            Some(Value::Number(_)) => continue,
        };
        let rule = match detail {
            Detail::Cell(problem) => problem.rule(),
            _ => &CELL_UNIT_ASSUMED,
        };
        if !sink.wants(rule) {
            continue;
        }
        let involved = Involved::current(cell, p.text(cell));
        sink.push(Finding::new(rule, vec![involved], detail));
    }
    if sink.wants(&CELL_MISSING) {
        for group in missing_groups(layout, &missing) {
            sink.push(missing_finding(group));
        }
    }
    if sink.wants(&CELL_DUPLICATE) {
        for d in p.duplicates() {
            let involved = Involved::current(d.cell, p.text(d.cell));
            let detail = Detail::Duplicate { unlisted: d.unlisted };
            sink.push(Finding::new(&CELL_DUPLICATE, vec![involved], detail).quoting(d.texts.clone()));
        }
    }
}

/// Absent cells, grouped as FORMAT §6 reports them: a whole table's
/// required cells as one group, otherwise the absent cells of each row.
fn missing_groups(layout: &Layout, missing: &[CellRef]) -> Vec<Vec<CellRef>> {
    let mut groups: Vec<Vec<CellRef>> = Vec::new();
    for section in Section::TABLES {
        let absent: Vec<CellRef> = missing.iter().copied().filter(|c| c.section() == section).collect();
        if absent.is_empty() {
            continue;
        }
        let required = layout.section_cells(section).filter(|c| c.info().is_required()).count();
        if absent.len() == required {
            groups.push(absent);
            continue;
        }
        for cell in absent {
            match groups.last_mut() {
                Some(g) if g.first().is_some_and(|f| std::ptr::eq(f.row(), cell.row()) && f.section() == section) => {
                    g.push(cell)
                }
                _ => groups.push(vec![cell]),
            }
        }
    }
    groups
}

/// One `cell.missing` finding for a group of absent cells: an error where
/// a rule of severity error needs one of them, a warning otherwise.
fn missing_finding(cells: Vec<CellRef>) -> Finding {
    let mut needing: Vec<&'static str> = Vec::new();
    for cell in &cells {
        for id in rules_needing(*cell) {
            if !needing.contains(&id) {
                needing.push(id);
            }
        }
    }
    let error = needing.iter().any(|id| find(id).is_some_and(|r| r.severity == Severity::Error));
    let involved = cells.into_iter().map(|cell| Involved::current(cell, None));
    let mut f = Finding::new(&CELL_MISSING, involved.collect(), Detail::NotEvaluated(needing));
    f.severity = if error { Severity::Error } else { Severity::Warning };
    f
}

/// The ids of the single-report rules that read `cell`.
fn rules_needing(cell: CellRef) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = Vec::new();
    for (rule, identity) in identities(cell.edition()) {
        let reads = identity.actual.iter().chain(&identity.expected).any(|t| t.cell == cell);
        if reads && !ids.contains(&rule.id) {
            ids.push(rule.id);
        }
    }
    ids
}

fn meta_findings<S: Source + ?Sized>(p: &S, sink: &mut impl Sink) {
    let meta = p.meta();
    if p.edition() != Edition::for_year(meta.year()) && sink.wants(&EDITION_YEAR_MISMATCH) {
        let detail = Detail::YearMismatch { edition: p.edition(), year: meta.year() };
        sink.push(Finding::new(&EDITION_YEAR_MISMATCH, vec![], detail));
    }
    let deadline = meta.kind().and_then(|k| k.deadline(meta.year()));
    if let (Some(published), Some(deadline)) = (meta.published_on(), deadline) {
        if published > deadline && sink.wants(&PUBLISH_LATE) {
            sink.push(Finding::new(&PUBLISH_LATE, vec![], Detail::Late { published, deadline }));
        }
    }
    if sink.wants(&LABEL_VARIANT) {
        for v in p.label_variants() {
            let mut f = Finding::new(
                &LABEL_VARIANT,
                vec![],
                Detail::Label { printed: v.printed.clone(), official: v.official.clone() },
            );
            f.line = v.line;
            sink.push(f);
        }
    }
}

fn evaluate<S: Source + ?Sized>(p: &S, sink: &mut impl Sink) {
    cell_findings(p, sink);
    let reports = Reports { current: p, previous: None };
    for (rule, identity) in identities(p.edition()) {
        if sink.done() {
            return;
        }
        reports.evaluate(rule, identity, sink);
    }
    meta_findings(p, sink);
}

/// A finding about a year of a series (`X.missing_year`,
/// `X.duplicate_year`).
pub(crate) fn series_year(year: u16, missing: bool) -> Finding {
    let rule = if missing { &X_MISSING_YEAR } else { &X_DUPLICATE_YEAR };
    Finding::new(rule, vec![], Detail::SeriesYear { year, missing })
}

/// Every single-report finding for `p`.
pub(crate) fn check<S: Source + ?Sized>(p: &S) -> Findings {
    let mut found = Vec::new();
    evaluate(p, &mut found);
    Findings::sorted(found)
}

/// The rules whose identities hold by construction where every total is
/// derived from the leaves (a strict report): each total is its sum.
static HOLD_BY_CONSTRUCTION: [&Rule; 3] = [&T3_ROW_TOTAL, &T3_OUTCOME_TOTAL, &T4_TOTAL];

/// The findings of a strict report whose totals were derived from its
/// leaves: the identities that hold by construction are not evaluated
/// (a property test shows that they hold); a finding that names only
/// derived cells follows from one on the leaves and is left out, except a
/// total too large to hold, and so is a sum over a leaf already wrong by
/// itself; the derived cells of the rest are marked.
pub(crate) fn check_strict<S: Source + ?Sized>(p: &S) -> Findings {
    let layout = Layout::of(p.edition());
    let mut found = Vec::new();
    cell_findings(p, &mut found);
    let reports = Reports { current: p, previous: None };
    for (rule, identity) in identities(p.edition()) {
        if !HOLD_BY_CONSTRUCTION.iter().any(|r| std::ptr::eq(*r, *rule)) {
            reports.evaluate(rule, identity, &mut found);
        }
    }
    meta_findings(p, &mut found);
    // A leaf that is wrong by itself (negative, not a number) is reported
    // there, once: the sums it enters say nothing more.
    let wrong: Vec<CellRef> =
        found.iter().filter(|f| matches!(f.detail, Detail::Cell(_))).map(|f| f.cells[0].cell).collect();
    found.retain(|f| {
        let about_a_wrong_leaf =
            matches!(f.detail, Detail::Identity { .. }) && f.cells.iter().any(|c| wrong.contains(&c.cell));
        let given = std::ptr::eq(f.rule, &CELL_OVERFLOW)
            || f.cells.is_empty()
            || f.cells.iter().any(|c| !layout.is_derived(c.cell));
        given && !about_a_wrong_leaf
    });
    for f in &mut found {
        for c in &mut f.cells {
            c.derived = layout.is_derived(c.cell);
        }
    }
    Findings::sorted(found)
}

/// Whether `p` has no error finding; stops at the first.
pub(crate) fn is_valid<S: Source + ?Sized>(p: &S) -> bool {
    let mut sink = FirstError(false);
    evaluate(p, &mut sink);
    !sink.0
}

/// The cross-year findings of `current` against `previous`.
pub(crate) fn check_pair(previous: &Published, current: &Published) -> Findings {
    let mut found = Vec::new();
    let reports = Reports { current, previous: Some(previous) };
    for (rule, identity) in pair_identities(previous.edition(), current.edition()) {
        reports.evaluate(rule, identity, &mut found);
    }
    let years = (previous.meta().year(), current.meta().year());
    for f in &mut found {
        f.years = Some(years);
    }
    Findings::sorted(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_ids_are_unique_and_findable() {
        for r in CATALOGUE {
            assert!(std::ptr::eq(find(r.id).unwrap(), r));
        }
        assert!(find("nope").is_none());
    }

    #[test]
    fn identities_have_the_expected_counts() {
        let count = |e, id: &str| identities(e).iter().filter(|(r, _)| r.id == id).count();
        for e in Edition::ALL {
            assert_eq!(count(e, "T3.balance"), 7);
            assert_eq!(count(e, "T3.outcome_total"), 7);
            assert_eq!(count(e, "T4.total"), 3);
        }
        // One per row of table 三, group rows included.
        assert_eq!(count(Edition::V2019, "T3.row_total"), 26);
        assert_eq!(count(Edition::V2021, "T3.row_total"), 29);
        assert_eq!(count(Edition::V2019, "T3.group_total"), 3 * 7);
        assert_eq!(count(Edition::V2021, "T3.group_total"), 4 * 7);
        assert_eq!(count(Edition::V2019, "T2.items_nonnegative"), 5);
        assert_eq!(count(Edition::V2021, "T2.items_nonnegative"), 0);
        assert_eq!(count(Edition::V2019, "T2.new_exceeds_total"), 2);
    }

    #[test]
    fn outcome_total_sums_the_leaf_outcomes() {
        let (_, id) = identities(Edition::V2021).iter().find(|(r, _)| r.id == "T3.outcome_total").unwrap();
        // （一）（二）, 8 + 3 + 5 + 3 sub-rows.
        assert_eq!(id.expected.len(), 2 + 8 + 3 + 5 + 3);
        let (_, id) = identities(Edition::V2019).iter().find(|(r, _)| r.id == "T3.outcome_total").unwrap();
        assert_eq!(id.expected.len(), 2 + 8 + 3 + 5 + 1);
    }

    #[test]
    fn missing_cells_are_said_once_per_row_or_table_with_the_severity_of_their_need() {
        let p = Published::new(Edition::V2021, crate::ReportMeta::new("某局", 2022).unwrap());
        let missing: Vec<Finding> = check(&p).of_rule(&CELL_MISSING).cloned().collect();
        // Nothing printed: one finding per table.
        assert_eq!(missing.len(), 3);
        let by_section = |s: Section| missing.iter().find(|f| f.cells()[0].cell.section() == s).unwrap();
        // Table 二 feeds no error rule in V2021: a warning. Tables 三 and 四
        // feed the arithmetic: errors.
        assert_eq!(by_section(Section::Proactive).severity(), Severity::Warning);
        assert_eq!(by_section(Section::Requests).severity(), Severity::Error);
        assert_eq!(by_section(Section::Review).severity(), Severity::Error);
        assert!(!is_valid(&p));

        // One row missing from a printed table: one finding for its cells.
        let mut p = Published::new(Edition::V2019, crate::ReportMeta::new("某局", 2020).unwrap());
        for cell in Layout::of(Edition::V2019).cells() {
            if !std::ptr::eq(cell.row(), &rows::LICENSING) {
                let _ = p.set(cell, crate::Cell::printed(cell.info().kind(), "0"));
            }
        }
        let missing: Vec<Finding> = check(&p).of_rule(&CELL_MISSING).cloned().collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].cells().len(), 3);
        // V2019 items feed T2.items_nonnegative, an error rule.
        assert_eq!(missing[0].severity(), Severity::Error);
        assert!(missing[0].message_zh().starts_with("表二「第二十条第（五）项 / 行政许可」行的"), "{}", missing[0]);
    }

    #[test]
    fn pair_identities_respect_editions() {
        let count = |p, c, id: &str| pair_identities(p, c).iter().filter(|(r, _)| r.id == id).count();
        assert_eq!(count(Edition::V2019, Edition::V2021, "X.carry_over"), 7);
        assert_eq!(count(Edition::V2019, Edition::V2021, "X.items_continuity"), 0);
        assert_eq!(count(Edition::V2019, Edition::V2019, "X.items_continuity"), 5);
        assert_eq!(count(Edition::V2021, Edition::V2021, "X.in_force_continuity"), 2);
    }
}
