//! The indicators evaluators compute from tables 三 and 四 — 实质公开率,
//! 办结率, the correction rates of reconsideration and litigation, the
//! applicants' structure — declared once, each with its formula over cells,
//! and evaluated exactly.
//!
//! A ratio is a [`Decimal`](crate::Decimal), rounded only when shown
//! ([`IndicatorValue::shown`]: a percentage to two decimals, or a figure
//! per hundred to two decimals). A zero denominator gives no value and says
//! so ([`Undefined::ZeroDenominator`]), never NaN, ∞ or 0. A value over a
//! report whose error findings name a cell it uses is marked
//! [inconsistent](IndicatorValue::is_inconsistent).
//!
//! An area's indicators are those of its summed figures
//! ([`AreaTotal::indicators`](crate::aggregate::AreaTotal::indicators)):
//! the rate of the sums, never the average of the organs' rates, which
//! would weigh an office of 3 requests as much as one of 3,000.
//!
//! ```
//! use disclosure_report::indicators::{self, Undefined};
//! use disclosure_report::layout::rows;
//! use disclosure_report::*;
//!
//! let mut requests = RequestTable::zeroed(Edition::V2021);
//! requests.set(&rows::NEW_REQUESTS, ByApplicant::from([3, 1, 0, 0, 0, 0]))?;
//! requests.set(&rows::DISCLOSED, ByApplicant::from([2, 0, 0, 0, 0, 0]))?;
//! requests.set(&rows::PARTIALLY_DISCLOSED, ByApplicant::from([0, 1, 0, 0, 0, 0]))?;
//! requests.set(&rows::CARRIED_OVER, ByApplicant::from([1, 0, 0, 0, 0, 0]))?;
//! let report = AnnualReport::builder(ReportMeta::new("某局", 2023)?).requests(requests).build()?;
//! let all = report.indicators();
//! let substantive = all.iter().find(|v| v.indicator() == &indicators::SUBSTANTIVE_DISCLOSURE_RATE).unwrap();
//! assert_eq!(substantive.value(), Ok(Decimal::ONE)); // (2 + 1) / 3
//! assert_eq!(substantive.shown(), "100.00%");
//! let completion = all.iter().find(|v| v.indicator().key == "completion_rate").unwrap();
//! assert_eq!(completion.value(), Ok("0.75".parse()?)); // 3 / (4 + 0)
//! // No reconsideration case: no correction rate, and why.
//! let corrected = all.iter().find(|v| v.indicator().key == "reconsideration_correction_rate").unwrap();
//! assert_eq!(corrected.value(), Err(Undefined::ZeroDenominator));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::{Serialize, Serializer};

use crate::layout::{CellRef, Layout};

mod value;
pub use value::{IndicatorChange, IndicatorValue, Undefined};
pub(crate) use value::{evaluate, printed_figure, shown};

/// How an indicator's ratio reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scale {
    /// A share, from 0 to 1 on a valid report; shown as a percentage.
    Fraction,
    /// So many per hundred (cases per 100 requests handled); may pass 100.
    PerHundred,
}

/// A cell of a formula, added or taken away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Term {
    /// The cell's key path, the same in both editions.
    path: &'static str,
    negative: bool,
}

const fn plus(path: &'static str) -> Term {
    Term { path, negative: false }
}

const fn minus(path: &'static str) -> Term {
    Term { path, negative: true }
}

/// An indicator: its key, names, meaning and formula.
///
/// ```
/// use disclosure_report::indicators::{ALL, COMPLETION_RATE};
///
/// assert_eq!(COMPLETION_RATE.key, "completion_rate");
/// assert_eq!(COMPLETION_RATE.formula_zh(), "（七）总计 ÷ (一、本年新收 + 二、上年结转)");
/// assert!(ALL.iter().any(|i| i.key == "substantive_disclosure_rate"));
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Indicator {
    /// The stable key.
    pub key: &'static str,
    /// The Chinese name.
    pub zh: &'static str,
    /// The English name.
    pub en: &'static str,
    /// What it means, in Chinese.
    pub meaning_zh: &'static str,
    /// What it means, in English.
    pub meaning_en: &'static str,
    /// How its ratio reads.
    pub scale: Scale,
    numerator: &'static [Term],
    denominator: &'static [Term],
}

const NEW: &str = "requests.new_requests.total";
const CARRIED_IN: &str = "requests.carried_in.total";
const HANDLED: &str = "requests.outcome_total.total";
const R_TOTAL: &str = "review.cases.reconsideration_total";
const R_PENDING: &str = "review.cases.reconsideration_pending";
const R_CORRECTED: &str = "review.cases.reconsideration_corrected";
const D_TOTAL: &str = "review.cases.direct_total";
const D_PENDING: &str = "review.cases.direct_pending";
const D_CORRECTED: &str = "review.cases.direct_corrected";
const A_TOTAL: &str = "review.cases.after_reconsideration_total";
const A_PENDING: &str = "review.cases.after_reconsideration_pending";
const A_CORRECTED: &str = "review.cases.after_reconsideration_corrected";
const HANDLED_TERMS: &[Term] = &[plus(HANDLED)];
const NEW_TERMS: &[Term] = &[plus(NEW)];

/// A share of the requests handled (（七）总计).
const fn outcome_share(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    meaning_zh: &'static str,
    meaning_en: &'static str,
    numerator: &'static [Term],
) -> Indicator {
    Indicator { key, zh, en, meaning_zh, meaning_en, scale: Scale::Fraction, numerator, denominator: HANDLED_TERMS }
}

/// An applicant column's share of the requests received this year.
const fn applicant_share(key: &'static str, zh: &'static str, en: &'static str, path: &'static [Term]) -> Indicator {
    Indicator {
        key,
        zh,
        en,
        meaning_zh: "本年新收申请中该类申请人所占比例",
        meaning_en: "the share of this year's new requests made by this kind of applicant",
        scale: Scale::Fraction,
        numerator: path,
        denominator: NEW_TERMS,
    }
}

/// Corrected cases over the cases decided (total less pending).
const fn correction_rate(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    numerator: &'static [Term],
    denominator: &'static [Term],
) -> Indicator {
    Indicator {
        key,
        zh,
        en,
        meaning_zh: "已审结案件中结果被纠正的比例",
        meaning_en: "the share of the decided cases whose outcome was corrected",
        scale: Scale::Fraction,
        numerator,
        denominator,
    }
}

/// 实质公开率: disclosed in full or in part, of the requests handled.
pub static SUBSTANTIVE_DISCLOSURE_RATE: Indicator = outcome_share(
    "substantive_disclosure_rate",
    "实质公开率",
    "substantive disclosure rate",
    "办结的申请中予以公开或部分公开的比例",
    "the share of the requests handled that were disclosed in full or in part",
    &[plus("requests.disclosed.total"), plus("requests.partially_disclosed.total")],
);
/// 不予公开率.
pub static WITHHELD_RATE: Indicator = outcome_share(
    "withheld_rate",
    "不予公开率",
    "withholding rate",
    "办结的申请中不予公开的比例",
    "the share of the requests handled that were withheld",
    &[plus("requests.withheld.total")],
);
/// 无法提供率.
pub static UNABLE_RATE: Indicator = outcome_share(
    "unable_rate",
    "无法提供率",
    "unable-to-provide rate",
    "办结的申请中无法提供的比例",
    "the share of the requests handled that the organ could not provide",
    &[plus("requests.unable.total")],
);
/// 不予处理率.
pub static NOT_PROCESSED_RATE: Indicator = outcome_share(
    "not_processed_rate",
    "不予处理率",
    "not-processed rate",
    "办结的申请中不予处理的比例",
    "the share of the requests handled that were not processed",
    &[plus("requests.not_processed.total")],
);
/// 其他处理率.
pub static OTHER_HANDLING_RATE: Indicator = outcome_share(
    "other_handling_rate",
    "其他处理率",
    "other-handling rate",
    "办结的申请中其他处理的比例",
    "the share of the requests handled in another way",
    &[plus("requests.other_handling.total")],
);
/// 办结率: requests handled, of those to handle (new and carried in).
pub static COMPLETION_RATE: Indicator = Indicator {
    key: "completion_rate",
    zh: "办结率",
    en: "completion rate",
    meaning_zh: "本年应办理的申请（新收与上年结转）中办结的比例",
    meaning_en: "the share of the requests to handle this year (new and carried in) that were handled",
    scale: Scale::Fraction,
    numerator: &[plus(HANDLED)],
    denominator: &[plus(NEW), plus(CARRIED_IN)],
};
/// 结转率: requests carried over to next year, of those to handle.
pub static CARRY_OVER_RATE: Indicator = Indicator {
    key: "carry_over_rate",
    zh: "结转率",
    en: "carry-over rate",
    meaning_zh: "本年应办理的申请中结转下年度继续办理的比例",
    meaning_en: "the share of the requests to handle this year that were carried over to next year",
    scale: Scale::Fraction,
    numerator: &[plus("requests.carried_over.total")],
    denominator: &[plus(NEW), plus(CARRIED_IN)],
};
/// 自然人占比.
pub static NATURAL_PERSON_SHARE: Indicator = applicant_share(
    "natural_person_share",
    "自然人申请占比",
    "share of natural persons",
    &[plus("requests.new_requests.natural_person")],
);
/// 商业企业占比.
pub static BUSINESS_SHARE: Indicator = applicant_share(
    "business_share",
    "商业企业申请占比",
    "share of businesses",
    &[plus("requests.new_requests.business")],
);
/// 科研机构占比.
pub static RESEARCH_SHARE: Indicator = applicant_share(
    "research_share",
    "科研机构申请占比",
    "share of research institutions",
    &[plus("requests.new_requests.research")],
);
/// 社会公益组织占比.
pub static PUBLIC_INTEREST_SHARE: Indicator = applicant_share(
    "public_interest_share",
    "社会公益组织申请占比",
    "share of public-interest organisations",
    &[plus("requests.new_requests.public_interest")],
);
/// 法律服务机构占比.
pub static LEGAL_SERVICES_SHARE: Indicator = applicant_share(
    "legal_services_share",
    "法律服务机构申请占比",
    "share of legal service providers",
    &[plus("requests.new_requests.legal_services")],
);
/// 其他组织占比.
pub static OTHER_ORGANISATION_SHARE: Indicator = applicant_share(
    "other_organisation_share",
    "其他组织申请占比",
    "share of other organisations",
    &[plus("requests.new_requests.other")],
);
/// 行政复议纠错率.
pub static RECONSIDERATION_CORRECTION_RATE: Indicator = correction_rate(
    "reconsideration_correction_rate",
    "行政复议纠错率",
    "reconsideration correction rate",
    &[plus(R_CORRECTED)],
    &[plus(R_TOTAL), minus(R_PENDING)],
);
/// 未经复议直接起诉的纠错率.
pub static DIRECT_LITIGATION_CORRECTION_RATE: Indicator = correction_rate(
    "direct_litigation_correction_rate",
    "直接起诉纠错率",
    "correction rate of litigation filed directly",
    &[plus(D_CORRECTED)],
    &[plus(D_TOTAL), minus(D_PENDING)],
);
/// 复议后起诉的纠错率.
pub static AFTER_RECONSIDERATION_LITIGATION_CORRECTION_RATE: Indicator = correction_rate(
    "after_reconsideration_litigation_correction_rate",
    "复议后起诉纠错率",
    "correction rate of litigation after reconsideration",
    &[plus(A_CORRECTED)],
    &[plus(A_TOTAL), minus(A_PENDING)],
);
/// 复议诉讼总纠错率: the three together.
pub static REVIEW_CORRECTION_RATE: Indicator = correction_rate(
    "review_correction_rate",
    "复议诉讼总纠错率",
    "correction rate of reconsideration and litigation",
    &[plus(R_CORRECTED), plus(D_CORRECTED), plus(A_CORRECTED)],
    &[plus(R_TOTAL), minus(R_PENDING), plus(D_TOTAL), minus(D_PENDING), plus(A_TOTAL), minus(A_PENDING)],
);
/// 被复议诉讼率: reconsideration and litigation cases per 100 requests
/// handled.
pub static REVIEW_CASES_PER_HUNDRED: Indicator = Indicator {
    key: "review_cases_per_hundred",
    zh: "被复议诉讼率",
    en: "reconsideration and litigation cases per 100 requests handled",
    meaning_zh: "每办结 100 件申请引起的行政复议和行政诉讼案件数",
    meaning_en: "the reconsideration and litigation cases for every 100 requests handled",
    scale: Scale::PerHundred,
    numerator: &[plus(R_TOTAL), plus(D_TOTAL), plus(A_TOTAL)],
    denominator: &[plus(HANDLED)],
};

/// Every indicator, in the order they are shown.
pub static ALL: [&Indicator; 18] = [
    &SUBSTANTIVE_DISCLOSURE_RATE,
    &WITHHELD_RATE,
    &UNABLE_RATE,
    &NOT_PROCESSED_RATE,
    &OTHER_HANDLING_RATE,
    &COMPLETION_RATE,
    &CARRY_OVER_RATE,
    &NATURAL_PERSON_SHARE,
    &BUSINESS_SHARE,
    &RESEARCH_SHARE,
    &PUBLIC_INTEREST_SHARE,
    &LEGAL_SERVICES_SHARE,
    &OTHER_ORGANISATION_SHARE,
    &RECONSIDERATION_CORRECTION_RATE,
    &DIRECT_LITIGATION_CORRECTION_RATE,
    &AFTER_RECONSIDERATION_LITIGATION_CORRECTION_RATE,
    &REVIEW_CORRECTION_RATE,
    &REVIEW_CASES_PER_HUNDRED,
];

impl Indicator {
    /// The cells of a formula's side, in `layout`.
    fn cells(terms: &[Term], layout: &Layout) -> impl Iterator<Item = (CellRef, bool)> {
        terms.iter().filter_map(move |t| Some((layout.cell_by_path(t.path)?, t.negative)))
    }

    /// Every cell the indicator reads in `layout`: its terms, and the
    /// sub-rows of a group whose subtotal is one.
    pub fn cells_in(&self, layout: &Layout) -> Vec<CellRef> {
        let mut cells = Vec::new();
        for (cell, _) in Self::cells(self.numerator, layout).chain(Self::cells(self.denominator, layout)) {
            cells.push(cell);
            cells.extend(layout.sub_row_cells(cell).unwrap_or_default());
        }
        cells
    }

    /// The formula with the rows' and columns' Chinese labels.
    pub fn formula_zh(&self) -> String {
        self.formula(|cell| short_label(cell, true))
    }

    /// The formula with the cells' key paths.
    pub fn formula_en(&self) -> String {
        self.formula(|cell| short_label(cell, false))
    }

    fn formula(&self, name: impl Fn(CellRef) -> String) -> String {
        let layout = Layout::of(crate::Edition::V2021);
        let side = |terms: &[Term]| {
            let mut out = String::new();
            for (i, (cell, negative)) in Self::cells(terms, layout).enumerate() {
                match (i, negative) {
                    (0, _) => {}
                    (_, true) => out.push_str(" − "),
                    (_, false) => out.push_str(" + "),
                }
                out.push_str(&name(cell));
            }
            if terms.len() > 1 { format!("({out})") } else { out }
        };
        let times = if self.scale == Scale::PerHundred { " × 100" } else { "" };
        format!("{} ÷ {}{times}", side(self.numerator), side(self.denominator))
    }
}

/// A cell as a formula names it: in Chinese its row and column (table 三's
/// 总计 column unsaid; table 四 by its column alone), else its key path.
fn short_label(cell: CellRef, zh: bool) -> String {
    if !zh {
        return cell.key_path();
    }
    let row = cell.row().label;
    let row = row.split_once("政府信息公开申请").map_or(row, |(head, _)| head);
    // （二）部分公开, without its printed gloss （区分处理的，……）.
    let row = row.char_indices().skip(1).find(|&(_, c)| c == '（').map_or(row, |(i, _)| &row[..i]);
    let column = cell.column();
    match (column.key, cell.section()) {
        ("total", crate::layout::Section::Requests) => row.to_owned(),
        _ if cell.section() == crate::layout::Section::Review => format!("「{}」", cell.column_label()),
        _ => format!("{row}「{}」", column.label),
    }
}

impl fmt::Display for Indicator {
    /// `实质公开率 substantive disclosure rate`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.zh, self.en)
    }
}

impl Serialize for Indicator {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key)
    }
}

/// The indicators as a Markdown table: key, names, formula and meaning —
/// the README's list, generated from the declaration.
///
/// ```
/// let table = disclosure_report::indicators::markdown_table();
/// assert!(table.contains("| `substantive_disclosure_rate` | 实质公开率"));
/// ```
pub fn markdown_table() -> String {
    let mut out = String::from("| key | 指标 / indicator | 公式 / formula | 含义 / meaning |\n|---|---|---|---|\n");
    for i in ALL {
        out.push_str(&format!(
            "| `{}` | {} / {} | {} <br> `{}` | {} / {} |\n",
            i.key,
            i.zh,
            i.en,
            i.formula_zh(),
            i.formula_en(),
            i.meaning_zh,
            i.meaning_en
        ));
    }
    out
}
