//! The `disclosure-report` command: every subcommand's output and exit
//! status.
#![cfg(feature = "cli")]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use disclosure_report::{AnnualReport, Edition, Published};

const SEED: &str = "tests/data/miaotai_2020.txt";
const HELD_OUT: &str = "tests/data/made/pingtan-2022-held-out-errors.txt";
const PAGE_2022: &str = "tests/data/fixtures/html/pingtan-2022.html";

pub(crate) fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disclosure-report")).args(args).output().expect("the command runs")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A fresh directory for one test.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("disclosure-report-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) fn write_json(path: &Path, report: &AnnualReport) {
    std::fs::write(path, serde_json::to_string(report).unwrap()).unwrap();
}

pub(crate) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_without_a_path_checks_the_bundled_seed() {
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("== miaotai_2020.txt (bundled seed): 庙台乡人民政府 2020年 (V2019)"), "{out}");
    // Table 四 lined up with its header's fields: its blanks are notices.
    assert!(out.contains("[cell.blank] notice"), "{out}");
    assert!(out.contains("checked 1 report(s): 0 with errors; 0 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn check_lang_and_min_severity() {
    let en = stdout(&run(&["check", "--lang", "en", HELD_OUT]));
    let zh = stdout(&run(&["check", "--lang", "zh", HELD_OUT]));
    let finding_lines = |out: &str| out.lines().filter(|l| l.starts_with('[')).map(str::to_owned).collect::<Vec<_>>();
    let cjk = |l: &String| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    // English messages still quote the report's Chinese labels; the
    // messages of the arithmetic rules have none.
    assert!(finding_lines(&en).iter().any(|l| l.contains("the total column equals the sum of the applicant columns")));
    assert!(finding_lines(&en).iter().all(|l| !l.contains("总计列")), "{en}");
    assert!(finding_lines(&zh).iter().all(cjk));
    assert!(finding_lines(&zh).iter().all(|l| !l.contains("the total column")), "{zh}");
    let errors = stdout(&run(&["check", "--min-severity", "error", HELD_OUT]));
    let lines = finding_lines(&errors);
    assert_eq!(lines.len(), 13, "{errors}");
    assert!(lines.iter().all(|l| l.contains("] error")), "{errors}");
}

#[test]
fn check_json_lines_in_the_order_named_on_any_number_of_threads() {
    let dir = scratch("order");
    for year in 2019..=2030u16 {
        let edition = Edition::for_year(year);
        write_json(&dir.join(format!("{year}.json")), &common::zero(edition, "某局", year));
    }
    std::fs::write(dir.join("broken.txt"), "no report here").unwrap();
    for jobs in ["1", "2", "4"] {
        let o = run(&["check", "--json", "--jobs", jobs, s(&dir)]);
        assert_eq!(o.status.code(), Some(2), "the broken file makes it 2");
        let years: Vec<u64> = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["year"].as_u64().unwrap())
            .collect();
        assert_eq!(years, (2019..=2030).collect::<Vec<u64>>(), "--jobs {jobs}");
        let err = stderr(&o);
        assert!(err.contains("broken.txt: not a report"), "{err}");
        assert!(err.contains("checked 12 report(s): 0 with errors") && err.contains("1 unreadable"), "{err}");
    }
    std::fs::remove_file(dir.join("broken.txt")).unwrap();
    assert_eq!(run(&["check", "--jobs", "2", s(&dir)]).status.code(), Some(0));
    assert_eq!(run(&["check", "--jobs", "0", s(&dir)]).status.code(), Some(2), "0 threads is refused");
}

#[test]
fn check_against_the_previous_year() {
    let dir = scratch("previous");
    let (before, now) = (dir.join("2021.json"), dir.join("2022.json"));
    write_json(&before, &common::zero(Edition::V2021, "某局", 2021));
    write_json(&now, &common::zero(Edition::V2021, "某局", 2022));
    assert_eq!(run(&["check", "--previous", s(&before), s(&now)]).status.code(), Some(0));
    let o = run(&["check", "--previous", s(&now), s(&now)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refused"), "{}", stderr(&o));
}

#[test]
fn check_reads_standard_input() {
    let o = Command::new(env!("CARGO_BIN_EXE_disclosure-report"))
        .args(["check", "-"])
        .stdin(std::fs::File::open(SEED).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("== -: 庙台乡人民政府 2020年"));
}

#[test]
fn render_every_format() {
    let text = run(&["render", PAGE_2022, "--to", "text"]);
    assert_eq!(text.status.code(), Some(0));
    assert!(stdout(&text).starts_with("平潭综合实验区2022年政府信息公开工作年度报告\n"));
    let md = stdout(&run(&["render", PAGE_2022, "--to", "markdown"]));
    assert!(md.starts_with("# 平潭综合实验区2022年政府信息公开工作年度报告"));
    let json: Published = serde_json::from_str(&stdout(&run(&["render", PAGE_2022, "--to", "json"]))).unwrap();
    assert_eq!(json.meta().year(), 2022);
    let html = stdout(&run(&["render", PAGE_2022, "--to", "html"]));
    assert!(html.contains("<meta charset=\"utf-8\">") && !html.contains("id=\"cell-"));

    let dir = scratch("render");
    let docx = dir.join("out.docx");
    let o = run(&["render", PAGE_2022, "--to", "docx", "-o", s(&docx)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
    let o = run(&["render", PAGE_2022, "--to", "docx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o FILE"));
    let o = run(&["render", PAGE_2022, "--to", "text", "--annotate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--to html"));
    // Never over the input.
    let copy = dir.join("page.html");
    std::fs::copy(PAGE_2022, &copy).unwrap();
    let o = run(&["render", s(&copy), "--to", "html", "-o", s(&copy)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(PAGE_2022).unwrap());
}

#[test]
fn render_annotated_marks_the_held_out_errors() {
    let o = run(&["render", HELD_OUT, "--to", "html", "--annotate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = stdout(&o);
    // The wrong （七）总计 of 自然人, in red, with its footnote marks.
    let cell = page.split("id=\"cell-requests.outcome_total.natural_person\"").nth(1).expect("the cell is on the page");
    let tag = &cell[..cell.find("</td>").unwrap()];
    assert!(tag.contains("class=\"error\""), "{tag}");
    assert!(tag.contains("T3.balance") && tag.contains("<sup><a href=\"#finding-"), "{tag}");
    assert!(page.contains("<li id=\"finding-1\""));
    assert!(!page.contains("<script"));
    // Errors first; the reader's notices only when asked for.
    let first = page.split("<li id=\"finding-1\"").nth(1).unwrap();
    let tag = &first[..first.find('>').unwrap()];
    assert!(tag.contains("class=\"error\""), "{tag}");
    assert!(!page.contains("class=\"notice\""), "notices are left out by default");
    let all = stdout(&run(&["render", SEED, "--to", "html", "--annotate", "--min-severity", "notice"]));
    assert!(all.contains("class=\"notice\""));
    let errors_only = stdout(&run(&["render", HELD_OUT, "--annotate", "--min-severity", "error"]));
    assert!(errors_only.contains("class=\"error\"") && !errors_only.contains("class=\"warning\""));
    // --min-severity belongs to --annotate.
    assert_eq!(run(&["render", SEED, "--to", "html", "--min-severity", "error"]).status.code(), Some(2));
}

#[test]
fn check_says_the_most_severe_first() {
    let out = stdout(&run(&["check", HELD_OUT]));
    let severities: Vec<u8> = out
        .lines()
        .filter(|l| l.starts_with('['))
        .map(|l| {
            if l.contains("] error") {
                0
            } else if l.contains("] warning") {
                1
            } else {
                2
            }
        })
        .collect();
    assert!(severities.len() > 1 && severities[0] == 0, "{out}");
    assert!(severities.windows(2).all(|w| w[0] <= w[1]), "{out}");
}

#[test]
fn render_annotated_strict_json_marks_derived_totals() {
    let dir = scratch("derived");
    let file = dir.join("r.json");
    write_json(&file, &common::zero(Edition::V2021, "某局", 2022));
    let page = stdout(&run(&["render", s(&file), "--annotate"]));
    assert!(page.contains("id=\"cell-requests.new_requests.total\" class=\"derived\""), "derived totals not marked");
    assert!(page.contains("推算值 derived"));
}

#[test]
fn export_writes_cells_and_findings() {
    let dir = scratch("export");
    let out = dir.join("cells.csv");
    let o = run(&["export", SEED, PAGE_2022, "--to", "csv", "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cells = std::fs::read_to_string(&out).unwrap();
    assert!(cells.starts_with("file,report_in_file,organ,organ_key,year,edition,section,section_key,row_key,column_key,row_label,column_label,status,value,unit,value_wan,text\n"));
    assert!(cells.contains(&format!("{SEED},1,庙台乡人民政府,庙台乡人民政府,2020,V2019")), "every row names its file");
    assert!(cells.contains(&format!("{PAGE_2022},1,平潭综合实验区,平潭综合实验区,2022,V2021")));
    // Table 四 of the seed printed its fields empty: blank, not absent.
    assert!(
        cells.lines().any(|l| l.starts_with(SEED) && l.contains(",review,cases,") && l.contains(",blank,,,,")),
        "{cells}"
    );
    let findings = std::fs::read_to_string(dir.join("cells.findings.csv")).unwrap();
    assert!(
        findings.starts_with("file,report_in_file,organ,organ_key,year,edition,rule,severity,section,section_key,"),
        "{findings}"
    );
    assert!(findings.contains("parse.reflowed"), "{findings}");

    let jsonl = dir.join("cells.jsonl");
    assert_eq!(run(&["export", SEED, "--to", "jsonl", "-o", s(&jsonl)]).status.code(), Some(0));
    let first: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&jsonl).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["organ"], "庙台乡人民政府");
    assert_eq!(first["file"], SEED);
    assert!(first["value"].is_number(), "{first}");

    // Never over an input: the run stops before writing anything.
    let copy = dir.join("seed.txt");
    std::fs::copy(SEED, &copy).unwrap();
    let o = run(&["export", s(&copy), "-o", s(&copy)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(SEED).unwrap());
}

#[test]
fn sum_of_valid_reports_and_of_invalid_ones() {
    let dir = scratch("sum");
    let a = AnnualReport::try_from(published_with(Edition::V2021, "甲局", 3)).unwrap();
    let b = AnnualReport::try_from(published_with(Edition::V2021, "乙局", 4)).unwrap();
    write_json(&dir.join("a.json"), &a);
    write_json(&dir.join("b.json"), &b);
    let o = run(&["sum", s(&dir), "--name", "某县"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let total: AnnualReport = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(total.meta().organ(), "某县");
    let cell = total.to_published().layout().cell_by_path("requests.new_requests.natural_person").unwrap();
    assert_eq!(total.figure(cell), Some(7.into()));
    assert!(stderr(&o).contains("summed 2 report(s) of 2022"));

    let html = stdout(&run(&["sum", s(&dir), "--to", "html"]));
    assert!(html.contains("class=\"derived\""));
    let text = stdout(&run(&["sum", s(&dir), "--to", "text"]));
    assert!(text.starts_with("合计2022年政府信息公开工作年度报告"));

    std::fs::copy(HELD_OUT, dir.join("c.txt")).unwrap();
    let o = run(&["sum", s(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("c.txt: not valid"), "{}", stderr(&o));
    let o = run(&["sum", s(&dir), "--skip-invalid"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 invalid report(s) left out"));
}

/// A valid report whose 自然人 received `n` requests and disclosed them.
pub(crate) fn published_with(edition: Edition, organ: &str, n: u64) -> Published {
    let mut p = common::zero(edition, organ, 2022).to_published();
    for path in ["requests.new_requests.natural_person", "requests.disclosed.natural_person"] {
        let cell = p.layout().cell_by_path(path).unwrap();
        p.set(cell, disclosure_report::Cell::printed(cell.info().kind(), n.to_string())).unwrap();
    }
    let derived: Vec<_> = p.cells().filter(|(c, _)| p.layout().is_derived(*c)).map(|(c, _)| c).collect();
    for cell in derived {
        p.remove(cell).unwrap();
    }
    p.fill_derived_totals();
    p
}

#[test]
fn series_groups_by_organ_and_checks_years() {
    let dir = scratch("series");
    write_json(&dir.join("a2021.json"), &common::zero(Edition::V2021, "甲局", 2021));
    write_json(&dir.join("a2023.json"), &common::zero(Edition::V2021, "甲局", 2023));
    write_json(&dir.join("b2021.json"), &common::zero(Edition::V2021, "乙局", 2021));
    write_json(&dir.join("b2022.json"), &common::zero(Edition::V2021, "乙局", 2022));
    let o = run(&["series", s(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("== 乙局: 2021, 2022\n   no finding"), "{out}");
    assert!(out.contains("== 甲局: 2021, 2023\n[X.missing_year]"), "{out}");
    let json = stdout(&run(&["series", "--json", s(&dir)]));
    let lines: Vec<serde_json::Value> = json.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["findings"][0]["rule"], "X.missing_year");
    // A year given by two files: said once, and the files named.
    write_json(&dir.join("b2022-copy.json"), &common::zero(Edition::V2021, "乙局", 2022));
    let out = stdout(&run(&["series", s(&dir)]));
    assert_eq!(out.matches("[X.duplicate_year]").count(), 1, "{out}");
    assert!(
        out.contains("2 reports of 2022:") && out.contains("b2022.json") && out.contains("b2022-copy.json"),
        "{out}"
    );
}

#[test]
fn schema_of_both_forms() {
    for form in ["strict", "published"] {
        let o = run(&["schema", form]);
        assert_eq!(o.status.code(), Some(0));
        let schema: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert!(jsonschema::draft202012::new(&schema).is_ok());
    }
    assert_eq!(run(&["schema", "other"]).status.code(), Some(2));
}

#[test]
fn help_version_and_completions() {
    for sub in ["check", "render", "export", "sum", "series", "compare", "schema", "completions"] {
        let o = run(&[sub, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{sub}");
        assert!(stdout(&o).contains("Usage: disclosure-report"), "{sub}");
    }
    let o = run(&["--version"]);
    assert_eq!(stdout(&o).trim(), format!("disclosure-report {}", env!("CARGO_PKG_VERSION")));
    let o = run(&["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("disclosure-report"));
    assert_eq!(run(&["check", "--no-such-option"]).status.code(), Some(2));
}

#[test]
fn compare_two_years_and_a_series() {
    let dir = scratch("compare");
    for (year, n) in [(2021u16, 3u64), (2022, 5), (2023, 4)] {
        let p = published_with(Edition::V2021, "甲局", n);
        let mut p = p;
        p.set_meta(disclosure_report::ReportMeta::new("甲局", year).unwrap());
        write_json(&dir.join(format!("{year}.json")), &AnnualReport::try_from(p).unwrap());
    }
    let (a, b) = (dir.join("2021.json"), dir.join("2022.json"));
    let o = run(&["compare", s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.starts_with("# 甲局：2021年与2022年对比 / 2021 vs 2022"), "{md}");
    assert!(md.contains("| 表三「一、本年新收政府信息公开申请数量」行「自然人」列 | 3 | 5 | +2 | +66.7% |"), "{md}");
    let html = stdout(&run(&["compare", s(&a), s(&b), "--to", "html"]));
    assert!(html.contains("class=\"up\"") && !html.contains("<script"));
    // A series: one row per cell and year.
    let csv = stdout(&run(&["compare", s(&dir), "--to", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "organ,organ_key,year,previous_year,edition,section,section_key,row_key,column_key,row_label,column_label,previous,current,change,relative"
        )
    );
    let rows: Vec<&str> = lines.collect();
    let per_year = disclosure_report::layout::Layout::of(Edition::V2021).len();
    assert_eq!(rows.len(), 2 * per_year);
    assert!(rows.iter().any(|r| r.starts_with("甲局,甲局,2023,2022,V2021,三,requests,new_requests,natural_person,")
        && r.ends_with(",5,4,-1,-0.2")));
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&["compare", s(&dir), "--to", "json"]))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    // Two organs: one must be named.
    write_json(&dir.join("other.json"), &common::zero(Edition::V2021, "乙局", 2022));
    let o = run(&["compare", s(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--organ"), "{}", stderr(&o));
    assert_eq!(run(&["compare", s(&dir), "--organ", "甲局"]).status.code(), Some(0));
    assert_eq!(run(&["compare", s(&a)]).status.code(), Some(2), "one report is not a comparison");
    // Two reports of one year: refused, the files named, whatever their order.
    std::fs::copy(&b, dir.join("2022-copy.json")).unwrap();
    let o = run(&["compare", s(&a), s(&dir.join("2022-copy.json")), s(&b)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2 reports of 2022") && stderr(&o).contains("2022-copy.json"), "{}", stderr(&o));
}

/// Fails where `md` holds a link, an image, raw HTML, code or emphasis:
/// what a report printed must render as text.
fn assert_only_text(md: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    for event in Parser::new_ext(md, Options::all()) {
        let markup = matches!(
            event,
            Event::Start(
                Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::HtmlBlock
            ) | Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Code(_)
        );
        assert!(!markup, "{event:?} in\n{md}");
    }
}

/// The text a Markdown document shows.
fn shown_text(md: &str) -> String {
    pulldown_cmark::Parser::new(md)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Text(t) => Some(t.into_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn markdown_shows_link_and_image_syntax_from_a_report_as_text() {
    let prose = "[x](javascript:alert(1)) ![a](http://x/y.png) <http://x/> *b* _c_ `d` ~~e~~";
    let hostile = std::fs::read_to_string(SEED)
        .unwrap()
        .replacen("庙台乡人民政府 2020 年", "庙台乡*人民*_政府_[x] 2020 年", 1)
        .replacen("行政许可\t3\t3\t0", "行政许可\t3[x](http://x/)\t3\t0", 1)
        .replacen("（一）加强领导，精心组织。", &format!("（一）{prose}加强领导。"), 1)
        .replacen("（二）规范运作，提高质量。", "1. ![b](http://x/z.png)\n\n- [y]: http://x/\n\n（二）", 1);
    // Through the library.
    let parsed = disclosure_report::read::parse(&hostile).unwrap();
    assert_eq!(parsed.published().meta().organ(), "庙台乡*人民*_政府_[x]");
    let md = disclosure_report::render::markdown(parsed.published());
    assert_only_text(&md);
    let text = shown_text(&md);
    for shown in [prose, "3[x](http://x/)", "庙台乡*人民*_政府_[x]", "1. ![b](http://x/z.png)", "- [y]: http://x/"]
    {
        assert!(text.contains(shown), "{shown:?} is not shown as it was printed:\n{md}");
    }
    // Through the command.
    let dir = scratch("markdown-links");
    let file = dir.join("hostile.txt");
    std::fs::write(&file, &hostile).unwrap();
    let o = run(&["render", s(&file), "--to", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), md);
    assert!(stdout(&o).contains("\\[x\\]\\(javascript:alert\\(1\\)\\)"), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A file of two reports: each is checked, and counted.
#[test]
fn check_reads_each_report_of_a_file() {
    let dir = scratch("two-reports");
    let seed = std::fs::read_to_string(SEED).unwrap();
    let two = dir.join("two.txt");
    std::fs::write(&two, format!("{seed}\n{}", seed.replace("2020 年", "2021 年"))).unwrap();
    let o = run(&["check", s(&two)]);
    let out = stdout(&o);
    assert!(
        out.contains("two.txt (1/2): 庙台乡人民政府 2020年") && out.contains("two.txt (2/2): 庙台乡人民政府 2021年"),
        "{out}"
    );
    assert!(out.contains("checked 2 report(s)"), "{out}");
    let o = run(&["check", "--json", s(&two)]);
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[1]["year"].as_u64(), lines[1]["report"].as_u64(), lines[1]["reports"].as_u64()),
        (Some(2021), Some(2), Some(2))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A report counted once (issue 22): a copy, or the page and its JSON, is
/// refused by `sum` with both files named, or summed once with `--dedupe`;
/// two that differ are refused with where they differ.
#[test]
fn sum_never_counts_a_report_twice() {
    let dir = scratch("sum-twice");
    let a = AnnualReport::try_from(published_with(Edition::V2021, "甲局", 3)).unwrap();
    let b = AnnualReport::try_from(published_with(Edition::V2021, "乙局", 4)).unwrap();
    write_json(&dir.join("a.json"), &a);
    write_json(&dir.join("b.json"), &b);
    // 甲局 again, its name spelled with a full-width space and as published JSON.
    let mut again = a.to_published();
    again.set_meta(disclosure_report::ReportMeta::new("甲\u{3000}局", 2022).unwrap());
    std::fs::write(dir.join("c.json"), serde_json::to_string(&again).unwrap()).unwrap();
    let o = run(&["sum", s(&dir)]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("a.json") && err.contains("c.json") && err.contains("--dedupe"), "{err}");
    let o = run(&["sum", s(&dir), "--dedupe"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let total: AnnualReport = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        total.figure("requests.new_requests.natural_person".parse().unwrap()),
        Some(7.into()),
        "3 + 4, not 3 + 4 + 3"
    );
    assert!(stderr(&o).contains("summed 2 report(s)") && stderr(&o).contains("c.json"), "{}", stderr(&o));
    // A report of 甲局 that differs: refused even with --dedupe, the cell named.
    write_json(&dir.join("c.json"), &AnnualReport::try_from(published_with(Edition::V2021, "甲局", 5)).unwrap());
    let o = run(&["sum", s(&dir), "--dedupe"]);
    assert_eq!(o.status.code(), Some(2));
    let (a, c) = (dir.join("a.json"), dir.join("c.json"));
    let said = format!(
        "they differ at 表三「一、本年新收政府信息公开申请数量」行「自然人」列: {} holds \"3\", {} holds \"5\"",
        a.display(),
        c.display()
    );
    assert!(stderr(&o).contains(&said), "{}", stderr(&o));
}

/// One organ spelled three ways is one series, and compares with itself.
#[test]
fn one_organ_under_its_spellings_is_one_series() {
    let dir = scratch("spellings");
    for (year, name) in [
        (2021u16, "平潭综合实验区管委会（办公室）"),
        (2022, "平潭综合实验区管委会(办公室)"),
        (2023, "平潭综合实验区 管委会（办公室）"),
    ] {
        write_json(&dir.join(format!("{year}.json")), &common::zero(Edition::V2021, name, year));
    }
    let out = stdout(&run(&["series", s(&dir)]));
    assert_eq!(out.matches("== ").count(), 1, "{out}");
    assert!(out.contains("2021, 2022, 2023") && !out.contains("X.missing_year"), "{out}");
    let o = run(&["compare", s(&dir), "--to", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A refusal names the flag that would help, not the library's API.
#[test]
fn sum_of_two_editions_names_the_fold_flag() {
    let dir = scratch("sum-editions");
    write_json(&dir.join("a.json"), &common::zero(Edition::V2019, "甲乡", 2020));
    write_json(&dir.join("b.json"), &common::zero(Edition::V2021, "乙乡", 2020));
    let o = run(&["sum", s(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("--fold-v2021") && !err.contains("Fold::"), "{err}");
    let o = run(&["sum", s(&dir), "--fold-v2021"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("table 二 of another edition left out for: 乙乡"), "{}", stderr(&o));
}
