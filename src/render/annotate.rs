//! Annotated HTML: each cell a finding names is marked and coloured by
//! severity, carries the messages (a `title`, and a footnote mark that
//! links to the list of findings under its table); cells not printed are
//! marked missing, and totals the crate computed are marked derived. Where
//! the report was read from a document, each finding and each cell says
//! where it was printed there (page, or table and row).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::esc;
use crate::layout::CellRef;
use crate::rules::{Finding, Findings, Severity, Year};
use crate::{Place, Published};

/// What an annotated HTML page marks: the findings (their cells, coloured
/// by severity, and a list of them under each table), and whether the
/// report's totals were derived from its leaves rather than printed.
///
/// ```
/// use disclosure_report::render::{html, Annotations, HtmlOptions};
/// use disclosure_report::read::{read_report, Options, SourceFormat};
///
/// let seed = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/made/pingtan-2022-held-out-errors.txt"));
/// let parsed = read_report(seed, SourceFormat::Text, &Options::default())?;
/// let findings = parsed.findings();
/// let page = html(parsed.published(), &HtmlOptions::page().annotated(Annotations::new(findings.clone())));
/// // Every finding is listed, numbered, under its table or at the top.
/// for n in 1..=findings.len() {
///     assert!(page.contains(&format!(r#"<li id="finding-{n}""#)));
/// }
/// assert!(page.contains(r#"class="error""#)); // the cells of the rules that fail
/// # Ok::<(), disclosure_report::read::ReadError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotations {
    findings: Findings,
    derived_totals: bool,
    /// Cells of an area total some summed reports did not print, with
    /// those reports.
    partial: Vec<(CellRef, Vec<String>)>,
    /// Lines said under the title (what an area total covers, say).
    notes: Vec<String>,
}

impl Annotations {
    /// Marks for these findings.
    pub fn new(findings: Findings) -> Annotations {
        Annotations { findings, derived_totals: false, partial: Vec::new(), notes: Vec::new() }
    }

    /// With cells of an area total marked partial: some summed reports, named
    /// here (by file or organ), did not print them, and were taken as 0.
    ///
    /// ```
    /// use disclosure_report::render::{html, Annotations, HtmlOptions};
    /// use disclosure_report::{AnnualReport, Findings, ReportMeta};
    ///
    /// let total = AnnualReport::builder(ReportMeta::new("某县", 2022)?).build()?.to_published();
    /// let cell = "proactive.regulations.issued".parse()?;
    /// let marks = Annotations::new(Findings::default())
    ///     .with_derived_totals()
    ///     .with_partial([(cell, vec!["乙局.html".to_owned()])])
    ///     .with_notes(["汇总 2 份报告 / the total of 2 reports".to_owned()]);
    /// let page = html(&total, &HtmlOptions::page().annotated(marks));
    /// assert!(page.contains(r#"id="cell-proactive.regulations.issued" class="partial""#));
    /// assert!(page.contains("乙局.html") && page.contains("the total of 2 reports"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_partial(mut self, cells: impl IntoIterator<Item = (CellRef, Vec<String>)>) -> Annotations {
        self.partial.extend(cells);
        self
    }

    /// With these lines said under the title, before the findings.
    pub fn with_notes(mut self, notes: impl IntoIterator<Item = String>) -> Annotations {
        self.notes.extend(notes);
        self
    }

    /// With the totals (the 总计 columns of tables 三 and 四, the （七）总计
    /// row) marked as derived: for a report whose totals were computed
    /// from its leaves — a strict report, an area total — not printed.
    pub fn with_derived_totals(mut self) -> Annotations {
        self.derived_totals = true;
        self
    }

    /// The findings marked.
    pub fn findings(&self) -> &Findings {
        &self.findings
    }
}

/// The style of an annotated page: severity colours, missing and derived
/// cells, the lists of findings. No script, nothing from elsewhere.
pub(super) const STYLE: &str = "\
td.error{background:#fdd;box-shadow:inset 0 0 0 2px #c00}\
td.warning{background:#fff1c2;box-shadow:inset 0 0 0 2px #d80}\
td.notice{background:#e3edff;box-shadow:inset 0 0 0 1px #36c}\
td.missing{background:repeating-linear-gradient(45deg,#fff 0 4px,#e4e4e4 4px 8px);min-width:2em}\
td.derived{font-style:italic;color:#245;text-decoration:underline dotted}\
td.partial{outline:2px dashed #80c;outline-offset:-3px}\
div.notes{border-left:4px solid #80c;padding:2px 10px;margin:0 0 1em;font-size:90%}\
div.notes p{margin:2px 0}\
td sup a{text-decoration:none;font-size:75%;margin-left:2px}\
ol.findings{font-size:90%;margin:0 0 1.5em}\
ol.findings li{margin:2px 0}\
li.error::marker,span.error{color:#c00;font-weight:bold}\
li.warning::marker,span.warning{color:#b60;font-weight:bold}\
li.notice::marker,span.notice{color:#36c}\
.legend span{display:inline-block;padding:1px 6px;margin-right:6px;border:1px solid #999}\
li:target{background:#ffa}\
span.place{color:#555;font-size:90%;margin-left:4px}\
";

/// [`STYLE`] with each selector inside the element of class `scope`.
pub(super) fn scoped_style(scope: &str) -> String {
    let mut out = String::with_capacity(STYLE.len() * 2);
    for rule in STYLE.split_inclusive('}') {
        let Some((selectors, body)) = rule.split_once('{') else { continue };
        let scoped: Vec<String> = selectors.split(',').map(|s| format!(".{scope} {s}")).collect();
        let _ = write!(out, "{}{{{body}", scoped.join(","));
    }
    out
}

/// Where in the source, in both languages.
fn in_the_source(place: Place) -> String {
    format!("原文{} / in the source: {place}", place.zh())
}

/// Where in the source, as a list entry shows it.
fn place_span(out: &mut String, place: Place) {
    let _ = write!(out, "<span class=\"place\">（{}）</span>", esc(&in_the_source(place)));
}

/// How many findings of each severity, in Chinese and English.
pub(super) fn summary_line(findings: &Findings) -> String {
    let count = |s| findings.with_severity(s).count();
    let (n, e, w, x) = (findings.len(), count(Severity::Error), count(Severity::Warning), count(Severity::Notice));
    format!("{n} 项问题：错误 {e}，警告 {w}，提示 {x} / {n} finding(s): {e} error(s), {w} warning(s), {x} notice(s)")
}

/// How many of a finding's cells its list entry links to.
const LINKED_CELLS: usize = 3;

/// A severity in both languages.
pub(super) fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误 error",
        Severity::Warning => "警告 warning",
        Severity::Notice => "提示 notice",
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice => "notice",
    }
}

/// The id of a cell's element on the page.
fn cell_id(cell: CellRef) -> String {
    format!("cell-{}", cell.key_path())
}

/// The marks of one page: the findings numbered from 1, the cells each
/// names, and which have been listed yet.
pub(super) struct Marks<'a> {
    annotations: &'a Annotations,
    published: &'a Published,
    /// Per cell, the (0-based) findings that name it in this report.
    by_cell: HashMap<CellRef, Vec<usize>>,
    listed: Vec<bool>,
}

/// The cells of this report (not of the year before) a finding names.
fn own_cells(f: &Finding) -> impl Iterator<Item = CellRef> + '_ {
    f.cells().iter().filter(|c| c.year == Year::Current).map(|c| c.cell)
}

impl<'a> Marks<'a> {
    pub(super) fn new(annotations: &'a Annotations, published: &'a Published) -> Marks<'a> {
        let mut by_cell: HashMap<CellRef, Vec<usize>> = HashMap::new();
        for (i, f) in annotations.findings.iter().enumerate() {
            for cell in own_cells(f) {
                let named = by_cell.entry(cell).or_default();
                if named.last() != Some(&i) {
                    named.push(i);
                }
            }
        }
        Marks { annotations, published, by_cell, listed: vec![false; annotations.findings.len()] }
    }

    /// A summary and legend under the title, and the findings that name no
    /// cell (the reader's, the metadata's), listed first.
    pub(super) fn head(&mut self, out: &mut String) {
        let findings = &self.annotations.findings;
        let _ = writeln!(out, "<p class=\"summary\">{}</p>", summary_line(findings));
        out.push_str(
            "<p class=\"legend\"><span style=\"background:#fdd\">错误 error</span>\
             <span style=\"background:#fff1c2\">警告 warning</span><span style=\"background:#e3edff\">提示 notice</span>\
             <span style=\"background:repeating-linear-gradient(45deg,#fff 0 4px,#e4e4e4 4px 8px)\">未印出 not printed</span>",
        );
        if self.annotations.derived_totals {
            out.push_str("<span style=\"font-style:italic\">推算值 derived</span>");
        }
        if !self.annotations.partial.is_empty() {
            out.push_str("<span style=\"outline:2px dashed #80c;outline-offset:-3px\">部分汇总 partial</span>");
        }
        out.push_str("</p>\n");
        if !self.annotations.notes.is_empty() {
            out.push_str("<div class=\"notes\">\n");
            for line in &self.annotations.notes {
                let _ = writeln!(out, "<p>{}</p>", esc(line.trim()));
            }
            out.push_str("</div>\n");
        }
        let cellless: Vec<usize> =
            (0..findings.len()).filter(|&i| own_cells(&findings.iter().as_slice()[i]).next().is_none()).collect();
        if !cellless.is_empty() {
            out.push_str("<h3>全文问题 / Findings on the whole report</h3>\n");
            self.list(out, cellless);
        }
    }

    /// The class, id and title of a figure cell, and what follows its text
    /// (the footnote marks).
    pub(super) fn cell(&self, cell: CellRef) -> (String, String) {
        let mut classes = Vec::new();
        let mut titles = Vec::new();
        let printed = self.published.get(cell).is_some();
        if !printed {
            classes.push("missing");
            titles.push("未印出 / not printed".to_owned());
        } else if self.annotations.derived_totals && self.published.layout().is_derived(cell) {
            classes.push("derived");
            titles.push("推算值：本表其他数字之和 / derived: the sum of other cells".to_owned());
        }
        if let Some((_, reports)) = self.annotations.partial.iter().find(|(c, _)| *c == cell) {
            classes.push("partial");
            titles.push(format!(
                "部分汇总：以下报告未印出此格，按 0 计 / partial: not printed, taken as 0, by: {}",
                reports.join("、")
            ));
        }
        let named = self.by_cell.get(&cell).map_or(&[][..], Vec::as_slice);
        let findings = self.annotations.findings.iter().as_slice();
        if let Some(worst) = named.iter().map(|&i| findings[i].severity()).min() {
            classes.push(severity_class(worst));
        }
        let mut after = String::new();
        for &i in named {
            let f = &findings[i];
            let at = f.cells().iter().find(|c| c.cell == cell && c.year == Year::Current).and_then(|c| c.at);
            let at = at.map_or_else(String::new, |p| format!("\n{}", in_the_source(p)));
            titles.push(format!(
                "{}. [{}] {}\n{}\n{}{at}",
                i + 1,
                f.rule().id,
                severity_label(f.severity()),
                f.message_zh(),
                f.message_en()
            ));
            let _ = write!(after, "<sup><a href=\"#finding-{}\">{}</a></sup>", i + 1, i + 1);
        }
        let mut attributes = format!(" id=\"{}\"", esc(&cell_id(cell)));
        if !classes.is_empty() {
            let _ = write!(attributes, " class=\"{}\"", classes.join(" "));
        }
        if !titles.is_empty() {
            let _ = write!(attributes, " title=\"{}\"", esc(&titles.join("\n\n")));
        }
        (attributes, after)
    }

    /// The findings not listed yet that name one of `cells` (a table's),
    /// listed under it.
    pub(super) fn under_table(&mut self, out: &mut String, cells: &[CellRef]) {
        let here: Vec<usize> = (0..self.listed.len())
            .filter(|&i| !self.listed[i])
            .filter(|&i| cells.iter().any(|c| self.by_cell.get(c).is_some_and(|named| named.contains(&i))))
            .collect();
        self.list(out, here);
    }

    /// The findings left: those naming only cells that were not laid out.
    pub(super) fn tail(&mut self, out: &mut String) {
        let rest: Vec<usize> = (0..self.listed.len()).filter(|&i| !self.listed[i]).collect();
        if !rest.is_empty() {
            out.push_str("<h3>其他问题 / Other findings</h3>\n");
            self.list(out, rest);
        }
    }

    fn list(&mut self, out: &mut String, which: Vec<usize>) {
        if which.is_empty() {
            return;
        }
        out.push_str("<ol class=\"findings\">\n");
        let findings = self.annotations.findings.iter().as_slice();
        for i in which {
            self.listed[i] = true;
            let f = &findings[i];
            let class = severity_class(f.severity());
            let _ = write!(
                out,
                "<li id=\"finding-{n}\" value=\"{n}\" class=\"{class}\"><span class=\"{class}\">{}</span> <code>{}</code>",
                severity_label(f.severity()),
                esc(f.rule().id),
                n = i + 1,
            );
            // Where in the source: beside each linked cell its own place,
            // else (a row, a line) the finding's.
            let place_of = |cell: CellRef| f.cells().iter().find(|c| c.cell == cell && c.year == Year::Current)?.at;
            let own_places = own_cells(f).take(LINKED_CELLS).any(|c| place_of(c).is_some());
            if let Some(place) = f.place().filter(|_| !own_places) {
                out.push(' ');
                place_span(out, place);
            }
            let mut cells: Vec<CellRef> = Vec::new();
            for cell in own_cells(f) {
                if !cells.contains(&cell) {
                    cells.push(cell);
                }
            }
            // The first cells, linked; the rest counted (each is marked).
            for &cell in cells.iter().take(LINKED_CELLS) {
                let _ = write!(out, " <a href=\"#{}\">{}</a>", esc(&cell_id(cell)), esc(&cell.to_string()));
                if let Some(place) = place_of(cell) {
                    place_span(out, place);
                }
            }
            if let Some(more) = cells.len().checked_sub(LINKED_CELLS).filter(|&n| n > 0) {
                let _ = write!(out, " 等另{more}个单元格 / and {more} more");
            }
            let _ = writeln!(out, "<br>{}<br><i>{}</i></li>", esc(&f.message_zh()), esc(&f.message_en()));
        }
        out.push_str("</ol>\n");
    }
}
