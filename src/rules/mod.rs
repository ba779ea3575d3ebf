//! The rule catalogue, as data, and the one evaluator that applies it.
//!
//! Each arithmetic rule of the format is declared as an identity over cells
//! — `Σ actual-side cells` compared with `Σ expected-side cells`, equal or
//! at least — expanded from the [layout](crate::layout) of an edition. One
//! evaluator applies them; messages are generated from the rule and the
//! cells, so a message cannot name the wrong cell. The `P.*` rules set the
//! figures the prose states against the tables, through the phrases the
//! layout declares ([`layout::prose`](crate::layout::prose)).
//!
//! ```
//! use disclosure_report::{rules, Severity};
//!
//! let balance = rules::find("T3.balance").unwrap();
//! assert_eq!(balance.severity, Severity::Error);
//! assert_eq!(rules::CATALOGUE.len(), 26);
//! assert_eq!(rules::find("P.figure_mismatch").unwrap().severity, Severity::Warning);
//! ```

use std::fmt;

use serde::{Serialize, Serializer};

use crate::Edition;
use crate::layout::Layout;

/// A rule of the catalogue.
///
/// ```
/// use disclosure_report::rules::{self, Rule};
/// use disclosure_report::Severity;
///
/// let rule: &Rule = "T3.balance".parse()?;
/// assert!(std::ptr::eq(rule, &rules::T3_BALANCE));
/// assert_eq!(rule.severity, Severity::Error);
/// assert!(!rule.zh.is_empty() && !rule.en.is_empty());
/// # Ok::<(), disclosure_report::rules::UnknownRule>(())
/// ```
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

/// A figure the prose states that its phrase's readings of the tables do
/// not give.
pub static P_FIGURE_MISMATCH: Rule = rule(
    "P.figure_mismatch",
    Warning,
    BOTH,
    "正文所述数字与表格不符",
    "a figure stated in the text disagrees with the tables",
    Expand::None,
);
/// A share the prose states (占51.85%) that its count and total do not
/// give, to the printed precision.
pub static P_SHARE_MISMATCH: Rule = rule(
    "P.share_mismatch",
    Warning,
    BOTH,
    "正文所述比例与数字不符",
    "a share stated in the text disagrees with its count and total",
    Expand::None,
);
/// A processing fee was charged, and section 六 says none was.
pub static P_FEE_UNSTATED: Rule = rule(
    "P.fee_unstated",
    Warning,
    BOTH,
    "收取了信息处理费，正文却称未收取",
    "a processing fee was charged, but the text says none was",
    Expand::None,
);
/// Section 五 is empty, or only says 无.
pub static P_PROBLEMS_EMPTY: Rule = rule(
    "P.problems_empty",
    Notice,
    BOTH,
    "第五部分为空或仅为“无”",
    "section 五 is empty or only says 无",
    Expand::None,
);

/// Every rule, in the order of the format's catalogue.
pub static CATALOGUE: [&Rule; 26] = [
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
    &P_FIGURE_MISMATCH,
    &P_SHARE_MISMATCH,
    &P_FEE_UNSTATED,
    &P_PROBLEMS_EMPTY,
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

/// A table's header prints its columns (or blocks) in another order than
/// the format's; the figures were read by the header.
pub static PARSE_COLUMN_ORDER: Rule = rule(
    "parse.column_order",
    Notice,
    BOTH,
    "表头的列序与格式不同，已按表头读取",
    "a table's header prints its columns in another order; read by the header",
    Expand::None,
);

/// A table's header cannot be matched with the format's columns; its
/// figures were quoted, not placed by position.
pub static PARSE_HEADER_UNMATCHED: Rule = rule(
    "parse.header_unmatched",
    Warning,
    BOTH,
    "表头无法与格式的列对应，数字未采用",
    "a table's header cannot be matched with the format's columns; its figures were not used",
    Expand::None,
);

/// No header of a table could be read; its figures were read by the
/// columns' position.
pub static PARSE_COLUMNS_BY_POSITION: Rule = rule(
    "parse.columns_by_position",
    Notice,
    BOTH,
    "未读到表头，数字按列的位置读取",
    "no header could be read; the figures were read by the columns' position",
    Expand::None,
);

/// Text the reader of the document does not see (hidden by style, tracked
/// away, a fallback copy, invisible glyphs) held digits; it was not read.
pub static PARSE_HIDDEN: Rule = rule(
    "parse.hidden",
    Warning,
    BOTH,
    "文档中有读者看不到的文字含有数字，未读取",
    "text the reader of the document does not see held digits; it was not read",
    Expand::None,
);

/// A file holds more than one report; only the first was read (the
/// library's `read_all` reads each).
pub static PARSE_SEVERAL_REPORTS: Rule = rule(
    "parse.several_reports",
    Warning,
    BOTH,
    "文件中有多份报告，只读取了第一份",
    "the file holds more than one report; only the first was read",
    Expand::None,
);

/// JSON whose figures are all numbers, as in the strict form, gives totals,
/// which a strict report does not hold: it was read as a published report,
/// whose totals are as printed (those not given are missing).
///
/// ```
/// # #[cfg(feature = "json")] {
/// use disclosure_report::read::{read_report, Options, SourceFormat};
/// use disclosure_report::rules;
///
/// // Strict JSON, but for one total.
/// let json = r#"{"edition": "V2021", "meta": {"organ": "某局", "year": 2022},
///   "tables": {"requests": {"new_requests": {"natural_person": 1}, "disclosed": {"natural_person": 1},
///                           "outcome_total": {"total": 1}}}}"#;
/// let parsed = read_report(json, SourceFormat::Json, &Options::default())?;
/// let findings = parsed.findings();
/// let said = findings.of_rule(&rules::PARSE_STRICT_TOTALS).next().expect("what happened is said");
/// assert!(said.message_en().contains("requests.outcome_total.total"), "{said}");
/// assert!(!parsed.totals_derived());
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub static PARSE_STRICT_TOTALS: Rule = rule(
    "parse.strict_totals",
    Warning,
    BOTH,
    "JSON的数字均为数值（严格格式），却给出了合计；严格格式不含合计，故按发布格式读取",
    "the JSON gives numbers, as the strict form does, but also totals, which the strict form does not hold: it was read as a published report",
    Expand::None,
);

/// The findings of readers of published text (`parse.*`).
pub static READER_RULES: [&Rule; 14] = [
    &PARSE_UNPLACED,
    &PARSE_SURPLUS,
    &PARSE_REFLOWED,
    &PARSE_STRAY_LINE,
    &PARSE_NO_HEADING,
    &PARSE_EDITION,
    &PARSE_NO_ORGAN,
    &PARSE_ENCODING,
    &PARSE_COLUMN_ORDER,
    &PARSE_HEADER_UNMATCHED,
    &PARSE_COLUMNS_BY_POSITION,
    &PARSE_HIDDEN,
    &PARSE_SEVERAL_REPORTS,
    &PARSE_STRICT_TOTALS,
];

/// Why a text is not a rule id.
///
/// ```
/// use disclosure_report::rules::Rule;
///
/// let err = "T3.balanse".parse::<&Rule>().unwrap_err();
/// assert_eq!(err.id(), "T3.balanse");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is no rule of the catalogue (ids such as T3.balance, cell.missing, parse.unplaced)")]
pub struct UnknownRule(String);

impl UnknownRule {
    /// The text that is no rule id.
    pub fn id(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for &'static Rule {
    type Err = UnknownRule;

    /// The rule with this id, from the catalogue or the reader's rules.
    fn from_str(id: &str) -> Result<&'static Rule, UnknownRule> {
        find(id).ok_or_else(|| UnknownRule(id.to_owned()))
    }
}

/// The rule with this id, in the catalogue or among the reader rules.
///
/// ```
/// use disclosure_report::rules;
///
/// assert_eq!(rules::find("parse.unplaced").map(|r| r.id), Some("parse.unplaced"));
/// assert!(rules::find("nope").is_none());
/// ```
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

// The catalogue is declared here; the rest, a file each: the identities
// the arithmetic rules expand to, the one evaluator, findings, their words.
mod evaluate;
pub(crate) mod finding;
mod identities;
mod messages;
mod prose;

#[cfg(feature = "proptest")]
pub(crate) use evaluate::continue_section;
pub(crate) use evaluate::{Source, check, check_pair, check_strict, is_valid, series_year};
pub use finding::Involved;
pub(crate) use finding::{CellProblem, Detail};
pub(crate) use finding::{Finding, Findings};
pub(crate) mod severity;
pub(crate) use finding::FINDINGS_PER_RULE;
pub use identities::Year;
use identities::{
    Identity, t2_items_nonnegative, t2_new_exceeds_total, t3_balance, t3_group_total, t3_outcome_total, t3_row_total,
    t4_total, x_carry_over, x_in_force_continuity, x_items_continuity,
};
pub(crate) use severity::Severity;
pub use severity::UnknownSeverity;

#[cfg(test)]
mod tests {
    use super::identities::{identities, pair_identities};
    use super::*;
    use crate::Published;
    use crate::layout::{Section, rows};

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
