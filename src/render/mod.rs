//! The official layouts: plain text, Markdown, HTML and (feature `docx`)
//! Word.
//!
//! Each renderer prints a [`Published`] report exactly as printed — errors,
//! blanks and markers included — in the official labels and row order; an
//! [`AnnualReport`](crate::AnnualReport) renders through its published form.
//! The plain text is the shape [`read::parse`](crate::read::parse) reads:
//! `parse(text(p))` gives `p` back, as long as cell texts hold no tab or
//! line break and no leading or trailing space (the reader trims cells),
//! and a row is printed either wholly or not at all (an absent cell in a
//! printed row is written empty, and reads back as blank).
//!
//! ```
//! use disclosure_report::{read, render, AnnualReport, Edition, ProactiveTable, RequestTable, ReportMeta, ReviewTable};
//!
//! let meta = ReportMeta::new("某县人民政府", 2022).unwrap();
//! let e = Edition::V2021;
//! let report = AnnualReport::builder(meta).proactive(ProactiveTable::zeroed(e)).requests(RequestTable::new(e)).review(ReviewTable::default())
//!     .build()
//!     .unwrap();
//! let text = render::text(&report.to_published());
//! assert!(text.starts_with("某县人民政府2022年政府信息公开工作年度报告"));
//! let back = read::parse_with(&text, &read::Options::default().with_kind(None)).unwrap();
//! assert_eq!(back.published(), &report.to_published());
//!
//! let html = render::html(&report.to_published(), &render::HtmlOptions::page());
//! assert!(html.contains(r#"<meta charset="utf-8">"#));
//! assert!(html.contains(r#"<th colspan="7">申请人情况</th>"#));
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

#[cfg(feature = "docx")]
mod docx;
#[cfg(feature = "docx")]
pub use docx::{DocxWriteError, docx};

use crate::layout::{Block, CellRef, ColumnDef, Layout, RowDef, Section};
use crate::number::Unit;
use crate::{Published, ReportMeta};

mod annotate;
mod compare;
#[cfg(any(feature = "pdf", feature = "docx"))]
mod original;
#[cfg(any(feature = "pdf", feature = "docx"))]
pub use original::AnnotateError;
#[cfg(feature = "docx")]
pub use original::annotate_docx;
#[cfg(feature = "pdf")]
pub use original::annotate_pdf;
mod indicators;
pub use annotate::Annotations;
pub use compare::{comparison_html, comparison_markdown};

/// HTML output options.
///
/// ```
/// use disclosure_report::render::{html, HtmlOptions};
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let p = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?.to_published();
/// let fragment = html(&p, &HtmlOptions::default());
/// assert!(fragment.starts_with("<h1>"));
/// let page = html(&p, &HtmlOptions::page());
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HtmlOptions {
    /// A whole page (`<!DOCTYPE html>`, `<meta charset="utf-8">`), rather
    /// than a fragment.
    pub standalone: bool,
    /// Cells marked with the findings that name them, and as missing or
    /// derived; `None` for the report alone.
    pub annotations: Option<Annotations>,
    /// The [indicators](crate::indicators) in a panel under table 四.
    pub indicators: bool,
}

impl HtmlOptions {
    /// A standalone page.
    pub fn page() -> HtmlOptions {
        HtmlOptions { standalone: true, annotations: None, indicators: false }
    }

    /// With the [indicators](crate::indicators) in a panel under table 四:
    /// each value as shown, its formula, and why a value is missing or
    /// rests on figures that do not agree.
    ///
    /// ```
    /// use disclosure_report::render::{html, HtmlOptions};
    /// use disclosure_report::{AnnualReport, ReportMeta};
    ///
    /// let p = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?.to_published();
    /// let page = html(&p, &HtmlOptions::page().with_indicators());
    /// assert!(page.contains(r#"<tr id="indicator-substantive_disclosure_rate">"#));
    /// assert!(page.contains("分母为 0 / the denominator is 0"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_indicators(mut self) -> HtmlOptions {
        self.indicators = true;
        self
    }

    /// With every cell a finding names marked, and the missing and derived
    /// cells (see [`Annotations`]).
    pub fn annotated(mut self, annotations: Annotations) -> HtmlOptions {
        self.annotations = Some(annotations);
        self
    }
}

/// The prose of a prose section.
pub(crate) fn prose_of(p: &Published, section: Section) -> Option<&str> {
    let prose = p.prose();
    match section {
        Section::Overview => Some(&prose.overview),
        Section::Problems => Some(&prose.problems),
        Section::Other => Some(&prose.other),
        Section::Proactive | Section::Requests | Section::Review => None,
    }
}

/// The publication date as reports print it under the organ's name.
pub(crate) fn closing_date(meta: &ReportMeta) -> Option<String> {
    meta.published_on().map(|d| d.format("%Y年%-m月%-d日").to_string())
}

/// The printed text of a cell, or `""` where it is absent.
fn cell_text<'a>(p: &'a Published, section: Section, row: &RowDef, column: &ColumnDef) -> &'a str {
    p.layout().cell(section, row, column).and_then(|c| p.get(c)).map_or("", |c| c.text())
}

/// A column's label as the report printed its header: with the unit its
/// money cells were read under (`采购总金额（元）`), where one was printed.
fn column_label(p: &Published, section: Section, block: &Block, column: &'static ColumnDef) -> Cow<'static, str> {
    let unit = block.rows.iter().filter_map(|row| p.get(p.layout().cell(section, row, column)?)?.header_unit()).next();
    match unit {
        Some(unit) => Cow::Owned(format!("{}（{unit}）", Unit::split_header(column.label).0)),
        None => Cow::Borrowed(column.label),
    }
}

/// Whether a report printed any cell of a row (group rows may print none).
fn printed(p: &Published, section: Section, block: &Block, row: &RowDef) -> bool {
    block.columns.iter().any(|c| p.layout().cell(section, row, c).is_some_and(|cell| p.get(cell).is_some()))
}

/// The column headers of a block as lines, outermost group first; every
/// column's own label is on the last line, so figures align under it.
fn header_lines(block: &Block) -> Vec<Vec<&'static str>> {
    let depth = block.columns.iter().map(|c| c.groups.len()).max().unwrap_or(0);
    let mut lines = Vec::with_capacity(depth + 2);
    if let Some(band) = block.column_band {
        let mut line = vec![""; block.columns.len()];
        line[0] = band.label;
        lines.push(line);
    }
    for level in 0..depth {
        let line = block
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| match c.groups.get(level) {
                Some(g) if i == 0 || block.columns[i - 1].groups.get(level).is_none_or(|p| !std::ptr::eq(*p, *g)) => {
                    g.label
                }
                _ => "",
            })
            .collect();
        lines.push(line);
    }
    lines.push(block.columns.iter().map(|c| c.label).collect());
    lines
}

/// Whether a row of table 三 starts its band (三、本年度办理结果).
fn starts_band(block: &Block, index: usize) -> Option<&'static str> {
    let row = block.rows.get(index)?;
    let band = row.band?;
    let before = index.checked_sub(1).and_then(|i| block.rows.get(i)).and_then(|r| r.band);
    before.is_none().then_some(band.label)
}

/// The official layout as plain text, cells separated by tabs.
///
/// ```
/// use disclosure_report::read::parse;
/// use disclosure_report::render::text;
///
/// let p = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?.into_published();
/// let written = text(&p);
/// assert!(written.contains("（七）总计"));
/// // It reads back as the same figures.
/// let back = parse(&written)?.into_published();
/// assert!(p.cells().all(|(cell, printed)| back.get(cell).map(|c| c.value()) == printed.map(|c| c.value())));
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
pub fn text(p: &Published) -> String {
    let mut out = String::new();
    let line = |out: &mut String, cells: &[&str]| {
        out.push_str(&cells.join("\t"));
        out.push('\n');
    };
    let meta = p.meta();
    line(&mut out, &[&meta.title()]);
    for section in Section::ALL {
        out.push('\n');
        line(&mut out, &[section.heading()]);
        let layout = p.layout();
        for block in layout.blocks(section) {
            if let Some(t) = block.title {
                line(&mut out, &[t.label]);
            }
            let headers = header_lines(block);
            let last = headers.len().saturating_sub(1);
            for (i, h) in headers.iter().enumerate() {
                let corner =
                    if section == Section::Review { None } else { Some(if i == 0 { block.corner } else { "" }) };
                let labels: Vec<Cow<'_, str>> = if i == last {
                    block.columns.iter().map(|c| column_label(p, section, block, c)).collect()
                } else {
                    h.iter().map(|l| Cow::Borrowed(*l)).collect()
                };
                let cells: Vec<&str> = corner.into_iter().chain(labels.iter().map(|l| &**l)).collect();
                // Section 二's header is one line: 信息内容 and the labels.
                if section == Section::Proactive && i != last {
                    continue;
                }
                line(&mut out, &cells);
            }
            for (i, row) in block.rows.iter().enumerate() {
                if let Some(band) = starts_band(block, i) {
                    line(&mut out, &[band]);
                }
                let figures: Vec<&str> = block.columns.iter().map(|c| cell_text(p, section, row, c)).collect();
                if block.is_group(row) && !printed(p, section, block, row) {
                    line(&mut out, &[row.label]);
                } else if !printed(p, section, block, row) {
                    // A row that printed nothing stays absent when read back.
                    continue;
                } else if row.label.is_empty() {
                    line(&mut out, &figures);
                } else {
                    let cells: Vec<&str> = std::iter::once(row.label).chain(figures).collect();
                    line(&mut out, &cells);
                }
            }
        }
        let body = prose_of(p, section);
        if let Some(body) = body {
            out.push_str(body);
            out.push('\n');
        }
    }
    if let Some(line) = p.prose().fee_line() {
        let _ = writeln!(out, "{line}");
    }
    if let Some(date) = closing_date(meta) {
        let _ = write!(out, "\n{}\n{date}\n", meta.organ());
    }
    out
}

/// Escapes text for Markdown, so that a renderer shows it as text: raw
/// HTML (`<script>`, `<img onerror>`) and autolinks (`<http://…>`) are
/// written as entities, as in HTML; link and image syntax (`[`, `]`, `(`,
/// `)`, `!`), code spans and emphasis (`` ` ``, `*`, `_`, `~`), backslashes
/// and pipes are escaped with a backslash; a line break becomes `<br>`.
/// `[x](javascript:alert(1))` in a report stays those characters, never a
/// link.
fn md_escape(s: &str) -> String {
    let html = esc(s);
    let mut out = String::with_capacity(html.len());
    for c in html.chars() {
        match c {
            '\\' | '|' | '[' | ']' | '(' | ')' | '!' | '`' | '*' | '_' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// The report as Markdown: headings, prose, and one pipe table per official
/// table, merged headers written as `group / label`.
///
/// ```
/// use disclosure_report::render::markdown;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let p = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?.to_published();
/// let md = markdown(&p);
/// assert!(md.starts_with("# 某局2022年政府信息公开工作年度报告"));
/// assert!(md.contains("| 自然人 |") || md.contains("自然人"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn markdown(p: &Published) -> String {
    let mut out = String::new();
    let meta = p.meta();
    let _ = writeln!(out, "# {}", md_escape(&meta.title()));
    let layout = p.layout();
    for section in Section::ALL {
        let _ = write!(out, "\n## {}\n", section.heading());
        for block in layout.blocks(section) {
            if let Some(t) = block.title {
                let _ = write!(out, "\n### {}\n", t.label);
            }
            out.push('\n');
            let labels: Vec<String> = block
                .columns
                .iter()
                .map(|c| {
                    let own = column_label(p, section, block, c);
                    c.groups.iter().map(|g| g.label).chain([&*own]).collect::<Vec<_>>().join(" / ")
                })
                .collect();
            let has_row_labels = section != Section::Review;
            let head: Vec<String> = has_row_labels
                .then(|| md_escape(block.corner))
                .into_iter()
                .chain(labels.iter().map(|l| md_escape(l)))
                .collect();
            let _ = writeln!(out, "| {} |", head.join(" | "));
            let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
            for row in block.rows {
                if block.is_group(row) && !printed(p, section, block, row) {
                    continue;
                }
                let label = row.parent.map_or(row.label.to_owned(), |g| format!("{} / {}", g.label, row.label));
                let cells: Vec<String> = has_row_labels
                    .then(|| md_escape(&label))
                    .into_iter()
                    .chain(block.columns.iter().map(|c| md_escape(cell_text(p, section, row, c))))
                    .collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
        }
        let body = prose_of(p, section);
        if let Some(body) = body.filter(|b| !b.is_empty()) {
            let _ = write!(out, "\n{}\n", body.lines().map(md_paragraph).collect::<Vec<_>>().join("\n\n"));
        }
    }
    if let Some(line) = p.prose().fee_line() {
        let _ = write!(out, "\n{line}\n");
    }
    if let Some(date) = closing_date(meta) {
        let _ = write!(out, "\n{}  \n{date}\n", md_escape(meta.organ()));
    }
    out
}

/// A prose line as a Markdown paragraph, with characters that would start
/// Markdown syntax escaped: a heading, a list item (`- `, `+ `, `1. `), a
/// setext underline. (`>`, `*`, `` ` `` and `|` are escaped wherever they
/// are.)
fn md_paragraph(line: &str) -> String {
    let line = line.trim();
    let escaped = md_escape(line);
    let digits = escaped.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && escaped[digits..].starts_with('.') {
        return format!("{}\\{}", &escaped[..digits], &escaped[digits..]);
    }
    match escaped.chars().next() {
        Some('#' | '-' | '+' | '=') => format!("\\{escaped}"),
        _ => escaped,
    }
}

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A cell of an official table as laid out: where it starts, its text and
/// spans, and whether it is a label (header) cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Laid<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) rowspan: usize,
    pub(crate) colspan: usize,
    pub(crate) label: bool,
    /// The layout's cell, for a figure.
    pub(crate) cell: Option<CellRef>,
}

impl<'a> Laid<'a> {
    fn label(text: impl Into<Cow<'a, str>>, rowspan: usize, colspan: usize) -> Laid<'a> {
        Laid { text: text.into(), rowspan, colspan, label: true, cell: None }
    }
}

/// Which rows of a table are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rows {
    /// The rows that printed a cell: what reads back as the report.
    Printed,
    /// Those, and every row of figures that printed nothing (so that its
    /// missing cells can be seen).
    Every,
}

/// The rows of one official table with its merged cells, each row the
/// cells that start in it: what the HTML and Word writers both write.
pub(crate) fn table_rows<'p>(
    p: &'p Published,
    section: Section,
    block: &'static Block,
    which: Rows,
) -> Vec<Vec<Laid<'p>>> {
    let shown = |row: &RowDef| printed(p, section, block, row) || (which == Rows::Every && !block.is_group(row));
    let mut rows = Vec::new();
    match section {
        Section::Proactive => {
            if let Some(t) = block.title {
                rows.push(vec![Laid::label(t.label, 1, block.columns.len() + 1)]);
            }
            header_rows(&mut rows, p, section, block, 1);
            // A row that printed nothing is not printed: read back, it
            // stays absent.
            for row in block.rows.iter().filter(|r| shown(r)) {
                let mut cells = vec![Laid::label(row.label, 1, 1)];
                cells.extend(figures(p, section, block, row));
                rows.push(cells);
            }
        }
        Section::Requests => {
            header_rows(&mut rows, p, section, block, 3);
            requests_rows(&mut rows, p, block, &shown);
        }
        _ => {
            header_rows(&mut rows, p, section, block, 0);
            rows.extend(block.rows.iter().filter(|r| shown(r)).map(|row| figures(p, section, block, row).collect()));
        }
    }
    rows
}

/// How many columns a table of the block has: its label columns and its
/// figures.
#[cfg_attr(not(feature = "docx"), allow(dead_code))]
pub(crate) fn table_width(section: Section, block: &Block) -> usize {
    let labels = match section {
        Section::Proactive => 1,
        Section::Requests => 3,
        _ => 0,
    };
    labels + block.columns.len()
}

/// The header rows of a block with the official merged cells; `corner`
/// spans `label_columns` columns and every header row.
fn header_rows<'p>(
    rows: &mut Vec<Vec<Laid<'p>>>,
    p: &'p Published,
    section: Section,
    block: &'static Block,
    label_columns: usize,
) {
    let depth = block.columns.iter().map(|c| c.groups.len()).max().unwrap_or(0);
    let height = depth + 1 + usize::from(block.column_band.is_some());
    let mut corner = label_columns > 0;
    let mut open = || {
        let mut row = Vec::new();
        if std::mem::take(&mut corner) {
            row.push(Laid::label(block.corner, height, label_columns));
        }
        row
    };
    if let Some(band) = block.column_band {
        let mut row = open();
        row.push(Laid::label(band.label, 1, block.columns.len()));
        rows.push(row);
    }
    for level in 0..=depth {
        let mut row = open();
        let mut i = 0;
        while let Some(column) = block.columns.get(i) {
            match column.groups.get(level) {
                Some(g) => {
                    let span = block.columns[i..]
                        .iter()
                        .take_while(|c| c.groups.get(level).is_some_and(|h| std::ptr::eq(*h, *g)))
                        .count();
                    let starts = i == 0 || block.columns[i - 1].groups.get(level).is_none_or(|h| !std::ptr::eq(*h, *g));
                    if starts {
                        row.push(Laid::label(g.label, 1, span));
                    }
                    i += span.max(1);
                }
                None => {
                    if column.groups.len() == level {
                        row.push(Laid::label(column_label(p, section, block, column), depth + 1 - level, 1));
                    }
                    i += 1;
                }
            }
        }
        rows.push(row);
    }
}

fn figures<'p>(
    p: &'p Published,
    section: Section,
    block: &'static Block,
    row: &'static RowDef,
) -> impl Iterator<Item = Laid<'p>> + 'p {
    block.columns.iter().map(move |column| Laid {
        text: Cow::Borrowed(cell_text(p, section, row, column)),
        rowspan: 1,
        colspan: 1,
        label: false,
        cell: p.layout().cell(section, row, column),
    })
}

/// Table 三's label columns: band (三、本年度办理结果), group, row. A group
/// row is a row of its own only where it printed a subtotal; otherwise its
/// label opens on its first sub-row. A row not `shown` is left out.
fn requests_rows<'p>(
    rows: &mut Vec<Vec<Laid<'p>>>,
    p: &'p Published,
    block: &'static Block,
    shown: &dyn Fn(&RowDef) -> bool,
) {
    let section = Section::Requests;
    let band_rows = block.rows.iter().filter(|r| r.band.is_some() && shown(r)).count();
    let mut band_open = false;
    let mut group_open: Option<&RowDef> = None;
    for row in block.rows.iter().copied().filter(|r| shown(r)) {
        let mut cells = Vec::new();
        if let Some(band) = row.band.filter(|_| !band_open) {
            cells.push(Laid::label(band.label, band_rows, 1));
            band_open = true;
        }
        let group = if block.is_group(row) { Some(row) } else { row.parent };
        match group {
            Some(g) => {
                if group_open.is_none_or(|o| !std::ptr::eq(o, g)) {
                    let span = block.children(g).filter(|r| shown(r)).count() + usize::from(shown(g));
                    cells.push(Laid::label(g.label, span, 1));
                    group_open = Some(g);
                }
                cells.push(Laid::label(if std::ptr::eq(row, g) { "" } else { row.label }, 1, 1));
            }
            None => {
                group_open = None;
                cells.push(Laid::label(row.label, 1, if row.band.is_some() { 2 } else { 3 }));
            }
        }
        cells.extend(figures(p, section, block, row));
        rows.push(cells);
    }
}

/// A figure cell's attributes and content, from its cell and printed text.
pub(crate) type FigureHtml<'f> = dyn FnMut(Option<CellRef>, &str) -> (String, String) + 'f;

/// Writes one official table; `figure` gives each figure cell's attributes
/// and content from its cell and printed text (labels are written as
/// they are). Returns the cells laid out.
pub(crate) fn html_table(out: &mut String, rows: &[Vec<Laid<'_>>], figure: &mut FigureHtml<'_>) -> Vec<CellRef> {
    let mut laid = Vec::new();
    out.push_str("<table>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let tag = if cell.label { "th" } else { "td" };
            let _ = write!(out, "<{tag}");
            if cell.rowspan > 1 {
                let _ = write!(out, r#" rowspan="{}""#, cell.rowspan);
            }
            if cell.colspan > 1 {
                let _ = write!(out, r#" colspan="{}""#, cell.colspan);
            }
            let (attributes, content) =
                if cell.label { (String::new(), esc(&cell.text)) } else { figure(cell.cell, &cell.text) };
            laid.extend(cell.cell);
            let _ = write!(out, "{attributes}>{content}</{tag}>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    laid
}

/// The class of what the crate derives and prints beside a report (the
/// indicators' panel): the HTML reader leaves it out, since the organ
/// never printed it.
pub(crate) const DERIVED_CLASS: &str = "disclosure-report-derived";

/// The class of the element an annotated fragment is wrapped in, which its
/// style is scoped to.
const SCOPE: &str = "disclosure-report";

/// The report as HTML: headings, prose paragraphs, and one `<table>` per
/// official table with the official merged cells.
///
/// [Annotated](HtmlOptions::annotated), every row of figures is shown
/// (with its missing cells marked), each cell a finding names is marked,
/// and the findings are listed under their tables; such a page is for
/// people to look at, and does not read back as the report. An annotated
/// fragment (not [standalone](HtmlOptions::standalone)) is one
/// `<div class="disclosure-report">` that carries its own `<style>`,
/// scoped to it, so that its colours show wherever it is embedded.
///
/// ```
/// use disclosure_report::read::parse;
/// use disclosure_report::render::{html, Annotations, HtmlOptions};
///
/// let parsed = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/made/pingtan-2022-held-out-errors.txt")))?;
/// let marks = Annotations::new(parsed.findings());
/// let fragment = html(parsed.published(), &HtmlOptions::default().annotated(marks.clone()));
/// assert!(fragment.starts_with(r#"<div class="disclosure-report">"#));
/// assert!(fragment.contains(".disclosure-report td.error{"), "the colours come with it");
/// assert!(fragment.contains(r#"class="error""#));
///
/// let page = html(parsed.published(), &HtmlOptions::page().annotated(marks));
/// assert!(page.starts_with("<!DOCTYPE html>") && page.contains("td.error{"));
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
pub fn html(p: &Published, options: &HtmlOptions) -> String {
    let mut out = String::new();
    let meta = p.meta();
    let heading = esc(&meta.title());
    let mut marks = options.annotations.as_ref().map(|a| annotate::Marks::new(a, p));
    if options.standalone {
        let style = if marks.is_some() { annotate::STYLE } else { "" };
        let style = if options.indicators { format!("{style}{}", indicators::STYLE) } else { style.to_owned() };
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{heading}</title>\n\
             <style>table{{border-collapse:collapse;margin:1em 0}}th,td{{border:1px solid #333;padding:2px 6px}}td{{text-align:right}}{style}</style>\n\
             </head>\n<body>\n"
        );
    }
    if marks.is_some() && !options.standalone {
        // A fragment carries its annotation style with it, scoped to its
        // own element, so that the colours survive being embedded.
        let _ = writeln!(out, "<div class=\"{SCOPE}\">\n<style>{}</style>", annotate::scoped_style(SCOPE));
    }
    let _ = writeln!(out, "<h1>{heading}</h1>");
    if let Some(marks) = marks.as_mut() {
        marks.head(&mut out);
    }
    let which = if marks.is_some() { Rows::Every } else { Rows::Printed };
    let layout: &Layout = p.layout();
    for section in Section::ALL {
        let _ = writeln!(out, "<h2>{}</h2>", esc(section.heading()));
        for block in layout.blocks(section) {
            let laid = html_table(&mut out, &table_rows(p, section, block, which), &mut |cell, text| {
                let (attributes, after) = match (&marks, cell) {
                    (Some(marks), Some(c)) => marks.cell(c),
                    _ => Default::default(),
                };
                (attributes, format!("{}{after}", esc(text)))
            });
            if let Some(marks) = marks.as_mut() {
                marks.under_table(&mut out, &laid);
            }
        }
        if section == Section::Review && options.indicators {
            indicators::panel(&mut out, &p.indicators());
        }
        let body = prose_of(p, section);
        // A paragraph a line; an empty line an empty paragraph, so that
        // the prose reads back as written.
        for line in body.into_iter().filter(|b| !b.is_empty()).flat_map(str::lines) {
            let _ = writeln!(out, "<p>{}</p>", esc(line.trim()));
        }
    }
    if let Some(line) = p.prose().fee_line() {
        let _ = writeln!(out, "<p>{}</p>", esc(&line));
    }
    if let Some(date) = closing_date(meta) {
        let _ = writeln!(out, "<p class=\"closing\">{}<br>{date}</p>", esc(meta.organ()));
    }
    if let Some(marks) = marks.as_mut() {
        marks.tail(&mut out);
        if !options.standalone {
            out.push_str("</div>\n");
        }
    }
    if options.standalone {
        out.push_str("</body>\n</html>\n");
    }
    out
}
