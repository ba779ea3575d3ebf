//! The words of a finding, in Chinese and in English: built on demand from
//! its rule, its cells and what it found, dispatched by the kind of finding
//! (a new kind without its words does not compile).

use super::*;

impl Involved {
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

impl Finding {
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
            Detail::ProseFigure { sentence, printed } => format!(
                "正文“{sentence}”所述{printed}与表格不符：{} = {}",
                self.side(true, false),
                self.expected.unwrap_or_default()
            ),
            Detail::ProseShare { sentence, printed, share } => format!(
                "正文“{sentence}”所述比例{share}%与{printed}不符（按表格合计应为{}%）",
                self.expected.unwrap_or_default()
            ),
            Detail::FeeUnstated { sentence } => {
                format!("收取了信息处理费（{}万元），但第六部分称未收取：“{sentence}”", self.actual.unwrap_or_default())
            }
            Detail::ProblemsEmpty => "第五部分“存在的主要问题及改进情况”为空或仅为“无”".to_owned(),
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
            Detail::ProseFigure { sentence, printed } => format!(
                "the text states {printed} (\"{sentence}\"), but the tables give {} = {}",
                self.side(true, true),
                self.expected.unwrap_or_default()
            ),
            Detail::ProseShare { sentence, printed, share } => format!(
                "the text states a share of {share}% for {printed} (\"{sentence}\"); the tables' totals give {}%",
                self.expected.unwrap_or_default()
            ),
            Detail::FeeUnstated { sentence } => format!(
                "a processing fee was charged ({} 万元), but section 六 says none was: \"{sentence}\"",
                self.actual.unwrap_or_default()
            ),
            Detail::ProblemsEmpty => "section 五 (problems and improvements) is empty, or only says 无".to_owned(),
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
}
