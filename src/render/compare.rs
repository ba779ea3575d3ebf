//! A comparison of two years ([`Comparison`]) as Markdown and as HTML: the
//! official tables with both figures in each cell and the change coloured.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::{Rows, esc, html_table, md_escape, table_rows};
use crate::aggregate::{CellChange, Comparison};
use crate::layout::Section;
use crate::{Cell, Published, ReportMeta};

/// How many changes the list of the largest shows.
const LARGEST: usize = 10;

/// A figure as the comparison prints it; `—` where there is none.
fn figure(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.normalize().to_string())
}

/// A change with its sign: `+2`, `-3`, `0`.
fn signed(d: Option<Decimal>) -> String {
    match d {
        Some(d) if d.is_sign_positive() && !d.is_zero() => format!("+{}", d.normalize()),
        Some(d) => d.normalize().to_string(),
        None => "—".to_owned(),
    }
}

/// A relative change as a percentage, to one decimal: `+20.0%`.
fn percent(d: Option<Decimal>) -> String {
    match d {
        Some(d) => {
            let p = (d * Decimal::ONE_HUNDRED).round_dp(1);
            if p.is_sign_positive() && !p.is_zero() { format!("+{p}%") } else { format!("{p}%") }
        }
        None => "—".to_owned(),
    }
}

/// A change as every rendering prints it: previous, current, change,
/// relative change.
fn printed(ch: &CellChange) -> [String; 4] {
    [figure(ch.previous), figure(ch.current), signed(ch.change()), percent(ch.relative())]
}

fn title(c: &Comparison) -> String {
    let (before, now) = c.years();
    format!("{}：{before}年与{now}年对比 / {before} vs {now}", c.organ())
}

/// A note on the editions: folded, or the one edition.
fn editions_note(c: &Comparison) -> String {
    let (before, now) = c.editions();
    if c.folded() {
        format!(
            "{before}版与{now}版：表三、表四按{}版对比，表二格式不同，未对比 / {before} and {now}: tables 三 and 四 compared in {}, table 二 (no common form) left out",
            c.edition(),
            c.edition()
        )
    } else {
        format!("{now}版 / edition {now}")
    }
}

/// The comparison as Markdown: the largest changes, the cells that
/// appeared or vanished, then every cell.
///
/// ```
/// use disclosure_report::aggregate::compare;
/// use disclosure_report::render::comparison_markdown;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let year = |y| AnnualReport::builder(ReportMeta::new("某局", y).unwrap()).build().unwrap();
/// let markdown = comparison_markdown(&compare(&year(2022), &year(2023))?);
/// assert!(markdown.starts_with('#') && markdown.contains("某局"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn comparison_markdown(c: &Comparison) -> String {
    let (before, now) = c.years();
    let mut out = format!("# {}\n\n{}\n", md_escape(&title(c)), editions_note(c));
    let head = format!(
        "| 单元格 / cell | {before} | {now} | 变化 / change | 变化率 / relative |\n|---|---:|---:|---:|---:|\n"
    );
    let row = |ch: &CellChange| format!("| {} | {} |\n", md_escape(&ch.cell.to_string()), printed(ch).join(" | "));
    let largest = c.largest();
    let _ = write!(out, "\n## 变化最大 / Largest changes\n\n");
    if largest.is_empty() {
        out.push_str("无变化 / no change\n");
    } else {
        out.push_str(&head);
        largest.iter().take(LARGEST).for_each(|ch| out.push_str(&row(ch)));
    }
    for (heading, cells) in [
        ("新出现 / Appeared", c.appeared().collect::<Vec<_>>()),
        ("不再印出 / Vanished", c.vanished().collect::<Vec<_>>()),
    ] {
        if !cells.is_empty() {
            let _ = write!(out, "\n## {heading}\n\n{head}");
            cells.iter().for_each(|ch| out.push_str(&row(ch)));
        }
    }
    super::indicators::changes_markdown(&mut out, c);
    for section in Section::TABLES {
        let cells: Vec<&CellChange> = c.changes().iter().filter(|ch| ch.cell.section() == section).collect();
        if !cells.is_empty() {
            let _ = write!(out, "\n## {}\n\n{head}", section.heading());
            cells.iter().for_each(|ch| out.push_str(&row(ch)));
        }
    }
    out
}

/// The style of a comparison page. No script, nothing from elsewhere.
const STYLE: &str = "\
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #333;padding:2px 6px}td{text-align:right}\
td .now{font-weight:bold}td .was{color:#666;font-size:85%}td .d{display:block;font-size:85%}\
td.up{background:#e6f4e6}td.up .d{color:#161}td.down{background:#fde8e8}td.down .d{color:#b11}\
td.appeared{box-shadow:inset 0 0 0 2px #36c}td.vanished{box-shadow:inset 0 0 0 2px #999;color:#999}\
.legend span{display:inline-block;padding:1px 6px;margin-right:6px;border:1px solid #999}\
";

/// A report of the comparison's edition holding this year's figures: what
/// lays the official tables out.
fn current_figures(c: &Comparison) -> Option<Published> {
    let meta = ReportMeta::new(c.organ(), c.years().1).ok()?;
    let mut p = Published::new(c.edition(), meta);
    for ch in c.changes() {
        if let Some(d) = ch.current.or(ch.previous) {
            let _ = p.set(ch.cell, Cell::number(ch.cell.info().kind(), d));
        }
    }
    Some(p)
}

/// Comparisons as one page (a series: one year after another): for each,
/// the largest changes, then the official tables with this year's figure,
/// the previous year's beside it and the change, coloured (green up, red
/// down; outlined where a cell appeared or vanished). One file, no script.
///
/// ```
/// use disclosure_report::aggregate::compare_series;
/// use disclosure_report::render::comparison_html;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let year = |y| AnnualReport::builder(ReportMeta::new("某局", y).unwrap()).build().unwrap();
/// let page = comparison_html(&compare_series(&[year(2021), year(2022), year(2023)])?);
/// assert!(page.starts_with("<!DOCTYPE html>") && !page.contains("<script"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn comparison_html(comparisons: &[Comparison]) -> String {
    let heading = match comparisons {
        [one] => title(one),
        [first, .., last] => {
            format!("{}：{}—{}年逐年对比 / year on year", first.organ(), first.years().0, last.years().1)
        }
        [] => "对比 / comparison".to_owned(),
    };
    let heading = esc(&heading);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{heading}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{heading}</h1>\n"
    );
    for (i, c) in comparisons.iter().enumerate() {
        if i > 0 {
            out.push_str("<hr>\n");
        }
        if comparisons.len() > 1 {
            let _ = writeln!(out, "<h1>{}</h1>", esc(&title(c)));
        }
        comparison_body(&mut out, c);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One comparison's part of the page.
fn comparison_body(out: &mut String, c: &Comparison) {
    let (before, now) = c.years();
    let _ = writeln!(out, "<p>{}</p>", esc(&editions_note(c)));
    let _ = writeln!(
        out,
        "<p class=\"legend\">每格：<b>{now}</b> / {before}（变化） — each cell: <b>{now}</b>, {before} (change) \
         <span style=\"background:#e6f4e6\">增加 up</span><span style=\"background:#fde8e8\">减少 down</span>\
         <span style=\"box-shadow:inset 0 0 0 2px #36c\">新出现 appeared</span><span style=\"box-shadow:inset 0 0 0 2px #999\">不再印出 vanished</span></p>"
    );
    let largest = c.largest();
    out.push_str("<h2>变化最大 / Largest changes</h2>\n");
    if largest.is_empty() {
        out.push_str("<p>无变化 / no change</p>\n");
    } else {
        let _ = writeln!(
            out,
            "<table>\n<tr><th>单元格 / cell</th><th>{before}</th><th>{now}</th><th>变化 / change</th><th>变化率 / relative</th></tr>"
        );
        for ch in largest.iter().take(LARGEST) {
            let _ = writeln!(
                out,
                "<tr><th><a href=\"#cell-{now}-{}\">{}</a></th><td>{}</td></tr>",
                esc(&ch.cell.key_path()),
                esc(&ch.cell.to_string()),
                printed(ch).join("</td><td>")
            );
        }
        out.push_str("</table>\n");
    }
    let Some(p) = current_figures(c) else { return };
    for section in Section::TABLES {
        if !c.changes().iter().any(|ch| ch.cell.section() == section) {
            continue;
        }
        let _ = writeln!(out, "<h2>{}</h2>", esc(section.heading()));
        for block in p.layout().blocks(section) {
            html_table(out, &table_rows(&p, section, block, Rows::Every), &mut |cell, _| {
                let Some(ch) = cell.and_then(|cell| c.get(cell)) else { return Default::default() };
                let class = match ch.change() {
                    _ if ch.appeared() => " class=\"appeared\"",
                    _ if ch.vanished() => " class=\"vanished\"",
                    Some(d) if d.is_sign_positive() && !d.is_zero() => " class=\"up\"",
                    Some(d) if d.is_sign_negative() => " class=\"down\"",
                    _ => "",
                };
                let [previous, current, change, relative] = printed(ch);
                let attributes = format!(
                    " id=\"cell-{now}-{}\"{class} title=\"{}: {previous} → {current} ({change}, {relative})\"",
                    esc(&ch.cell.key_path()),
                    esc(&ch.cell.to_string()),
                );
                let content = format!(
                    "<span class=\"now\">{current}</span> <span class=\"was\">/ {previous}</span><span class=\"d\">{change}</span>"
                );
                (attributes, content)
            });
        }
    }
    super::indicators::changes_html(out, c);
}
