//! The indicators as a report's page shows them (a panel under table 四),
//! and beside the previous year's in a comparison.

use std::fmt::Write as _;

use super::{esc, md_escape};
use crate::aggregate::Comparison;
use crate::indicators::{IndicatorChange, IndicatorValue, Scale, shown};

/// 一、本年新收 in both years and its growth, as the first line of the
/// comparison's indicators.
fn new_requests(c: &Comparison) -> [String; 3] {
    let cell = crate::layout::Layout::of(c.edition()).cell_by_path("requests.new_requests.total");
    let change = cell.and_then(|cell| c.get(cell));
    let figure = |d: Option<rust_decimal::Decimal>| d.map_or_else(|| "—".to_owned(), |d| d.normalize().to_string());
    let growth = c
        .new_requests_growth()
        .map(|g| format!("{}{}", if g.is_sign_negative() { "" } else { "+" }, shown(Scale::Fraction, Some(g))));
    [
        figure(change.and_then(|c| c.previous)),
        figure(change.and_then(|c| c.current)),
        growth.unwrap_or_else(|| "—".to_owned()),
    ]
}

/// The style of the panel. No script, nothing from elsewhere.
pub(super) const STYLE: &str = "\
section.indicators table td{text-align:right}section.indicators td.formula{text-align:left;font-size:85%;color:#444}\
section.indicators tr.inconsistent td{background:#fff1c2}section.indicators .why{font-size:85%;color:#666}\
";

/// Why a value is missing, or that it rests on inconsistent figures: the
/// note beside it.
fn note(v: &IndicatorValue) -> Option<String> {
    match (v.value(), v.is_inconsistent()) {
        (Err(why), _) => Some(why.to_string()),
        (Ok(_), true) => Some("所用数字不一致 / rests on figures that do not agree".to_owned()),
        (Ok(_), false) => None,
    }
}

/// The panel of a report's indicators: name, value as shown, formula, and
/// why a value is missing or not to be trusted.
pub(crate) fn panel(out: &mut String, values: &[IndicatorValue]) {
    // Marked derived: the reader of the page leaves it out.
    let _ = write!(
        out,
        "<section class=\"indicators {}\">\n<h3>指标 / Indicators</h3>\n<table class=\"indicators\">\n\
         <tr><th>指标 / indicator</th><th>值 / value</th><th>公式 / formula</th></tr>\n",
        super::DERIVED_CLASS
    );
    for v in values {
        let i = v.indicator();
        let class = if v.is_inconsistent() { " class=\"inconsistent\"" } else { "" };
        let why = note(v).map_or_else(String::new, |n| format!("<br><span class=\"why\">{}</span>", esc(&n)));
        let _ = writeln!(
            out,
            "<tr{class} id=\"indicator-{}\"><th title=\"{}\">{}<br><small>{}</small></th><td>{}{why}</td><td class=\"formula\">{}</td></tr>",
            esc(i.key),
            esc(&format!("{} / {}", i.meaning_zh, i.meaning_en)),
            esc(i.zh),
            esc(i.en),
            esc(&v.shown()),
            esc(&i.formula_zh()),
        );
    }
    out.push_str("</table>\n</section>\n");
}

/// The indicators of two years as a Markdown table, with the change in
/// percentage points (per hundred for a rate per hundred).
pub(crate) fn changes_markdown(out: &mut String, c: &Comparison) {
    let (before, now) = c.years();
    let changes = c.indicators();
    let _ = write!(
        out,
        "\n## 指标 / Indicators\n\n| 指标 / indicator | {before} | {now} | 变化（百分点）/ change (points) |\n|---|---:|---:|---:|\n"
    );
    let [was, is, growth] = new_requests(c);
    let _ = writeln!(out, "| 一、本年新收 requests received (增长 growth) | {was} | {is} | {growth} |");
    for c in &changes {
        let i = c.indicator();
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} |",
            md_escape(i.zh),
            md_escape(i.en),
            c.previous.shown(),
            c.current.shown(),
            c.points_shown()
        );
    }
}

/// The indicators of two years as an HTML table.
pub(crate) fn changes_html(out: &mut String, c: &Comparison) {
    let (before, now) = c.years();
    let changes: Vec<IndicatorChange> = c.indicators();
    let _ = writeln!(
        out,
        "<h2>指标 / Indicators</h2>\n<table class=\"indicators\">\n<tr><th>指标 / indicator</th><th>{before}</th><th>{now}</th><th>变化（百分点）/ change (points)</th></tr>"
    );
    let [was, is, growth] = new_requests(c);
    let _ = writeln!(
        out,
        "<tr><th>一、本年新收<br><small>requests received (增长 growth)</small></th><td>{was}</td><td>{is}</td><td>{growth}</td></tr>"
    );
    for c in &changes {
        let i = c.indicator();
        let _ = writeln!(
            out,
            "<tr><th>{}<br><small>{}</small></th><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(i.zh),
            esc(i.en),
            esc(&c.previous.shown()),
            esc(&c.current.shown()),
            esc(&c.points_shown())
        );
    }
    out.push_str("</table>\n");
}
