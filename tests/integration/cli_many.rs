//! Many reports done right (issue 22): `sum` says what its total covers and
//! never counts an organ twice, `compare` refuses what it cannot trust, an
//! organ is one organ under its spellings and former names (`--organs`), and
//! the order of the files never changes an output.
#![cfg(feature = "cli")]

use std::path::Path;

use disclosure_report::{AnnualReport, Edition, Published};

use crate::cli::{published_with, run, s, scratch, stderr, stdout, write_json};
use crate::common;

/// Every argument of `args`, with the files of `files` in this order.
fn with_files<'a>(args: &[&'a str], files: &[&'a str]) -> Vec<&'a str> {
    args.iter().chain(files).copied().collect()
}

/// The strict JSON schema the command prints.
fn strict_schema() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&stdout(&run(&["schema", "strict"]))).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

/// 甲局 (valid), 乙局 (valid, its 规章 row not printed), and 丙局 (not valid).
fn three_reports(dir: &Path) -> [String; 3] {
    let a = dir.join("a.json");
    write_json(&a, &AnnualReport::try_from(published_with(Edition::V2021, "甲局", 3)).unwrap());
    let mut b = published_with(Edition::V2021, "乙局", 4);
    for column in ["issued", "repealed", "in_force"] {
        b.remove(b.layout().cell_by_path(&format!("proactive.regulations.{column}")).unwrap()).unwrap();
    }
    let b_path = dir.join("b.json");
    std::fs::write(&b_path, serde_json::to_string(&b).unwrap()).unwrap();
    // 丙局: 5 new requests of 自然人, none handled (T3.balance).
    let mut c = common::zero(Edition::V2021, "丙局", 2022).to_published();
    let cell = c.layout().cell_by_path("requests.new_requests.natural_person").unwrap();
    c.set(cell, disclosure_report::Cell::printed(cell.info().kind(), "5")).unwrap();
    let c_path = dir.join("c.json");
    std::fs::write(&c_path, serde_json::to_string(&c).unwrap()).unwrap();
    [a, b_path, c_path].map(|p| p.to_str().unwrap().to_owned())
}

#[test]
fn the_sum_says_what_it_covers_in_json_text_and_html() {
    let dir = scratch("covers");
    let [a, b, c] = three_reports(&dir);
    let o = run(&with_files(&["sum", "--name", "某县", "--skip-invalid"], &[&a, &b, &c]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sum = &json["sum"];
    let files = |list: &serde_json::Value| -> Vec<String> {
        list.as_array().unwrap().iter().map(|r| r["file"].as_str().unwrap().to_owned()).collect()
    };
    // In the order of their keys (乙 before 甲), whatever the order given.
    assert_eq!(files(&sum["reports"]), [b.clone(), a.clone()]);
    assert_eq!(sum["reports"][1]["organ_key"], "甲局");
    assert_eq!(sum["reports"][1]["tables"], serde_json::json!(["proactive", "requests", "review"]));
    assert_eq!(files(&sum["left_out"]), std::slice::from_ref(&c));
    assert!(sum["left_out"][0]["why"].as_str().unwrap().contains("T3.balance"), "{sum}");
    // The three 规章 cells 乙局 did not print: partial, 乙局 named.
    let partial = sum["partial"].as_array().unwrap();
    assert_eq!(partial.len(), 3, "{sum}");
    assert_eq!(partial[0]["cell"], "proactive.regulations.issued");
    assert_eq!(partial[0]["not_printed_by"], serde_json::json!([b.clone()]));
    // The figures are those printed: 3 + 4.
    assert_eq!(json["tables"]["requests"]["new_requests"]["natural_person"], 7);
    // The total reads back (the account is skipped) and fits the schema.
    assert!(strict_schema().is_valid(&json), "{json}");
    let total: AnnualReport = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(total.meta().organ(), "某县");
    std::fs::write(dir.join("total.json"), &o.stdout).unwrap();
    let check = run(&["check", s(&dir.join("total.json"))]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));

    let text = stdout(&run(&with_files(&["sum", "--to", "text", "--skip-invalid"], &[&a, &b, &c])));
    assert!(text.contains("== 汇总范围 / What this total covers"), "{text}");
    assert!(text.contains(&format!("left out: 丙局 [丙局] ({c}): not valid")), "{text}");
    assert!(text.contains(&format!("not printed (taken as 0) by {b}")), "{text}");
    let html = stdout(&run(&with_files(&["sum", "--to", "html", "--skip-invalid"], &[&a, &b, &c])));
    assert!(html.contains(r#"id="cell-proactive.regulations.issued" class="partial""#), "{html}");
    assert!(html.contains("What this total covers") || html.contains("the total of 2 report(s)"), "{html}");
}

#[test]
fn under_a_fold_table_two_covers_only_the_v2019_reports() {
    let dir = scratch("fold-covers");
    write_json(&dir.join("a.json"), &common::zero(Edition::V2019, "甲乡", 2020));
    write_json(&dir.join("b.json"), &common::zero(Edition::V2021, "乙乡", 2020));
    let o = run(&["sum", s(&dir), "--fold-v2021"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let tables = |i: usize| json["sum"]["reports"][i]["tables"].clone();
    assert_eq!(json["sum"]["reports"][0]["organ"], "乙乡");
    assert_eq!(tables(0), serde_json::json!(["requests", "review"]), "V2021 table 二 has no V2019 form");
    assert_eq!(tables(1), serde_json::json!(["proactive", "requests", "review"]));
    let text = stdout(&run(&["sum", s(&dir), "--fold-v2021", "--to", "text"]));
    assert!(text.contains("表二未计入 1 份") && text.contains("乙乡"), "{text}");
}

#[test]
fn counts_past_i64_are_integers_the_schema_accepts() {
    let dir = scratch("huge");
    let big = i64::MAX as u64; // 2^63 − 1; two of them pass i64.
    for organ in ["甲局", "乙局"] {
        let report = AnnualReport::try_from(published_with(Edition::V2021, organ, big)).unwrap();
        write_json(&dir.join(format!("{organ}.json")), &report);
    }
    let o = run(&["sum", s(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["tables"]["requests"]["new_requests"]["natural_person"].as_u64(), Some(2 * big));
    assert!(strict_schema().is_valid(&json));
}

#[test]
fn the_order_of_the_files_never_changes_sum_compare_or_series() {
    let dir = scratch("order");
    let [a, b, c] = three_reports(&dir);
    let same = |args: &[&str], files: [&str; 3]| {
        let forward = run(&with_files(args, &files));
        let backward = run(&with_files(args, &[files[2], files[1], files[0]]));
        assert_eq!(forward.status.code(), backward.status.code());
        assert_eq!(stdout(&forward), stdout(&backward), "{args:?}");
        assert!(!forward.stdout.is_empty(), "{args:?}: {}", stderr(&forward));
    };
    for to in ["json", "text", "html"] {
        same(&["sum", "--skip-invalid", "--to", to, "-j", "2"], [&a, &b, &c]);
    }
    // 甲局 again, as a copy: which file is said summed is not the order's.
    let copy = dir.join("a-copy.json").to_str().unwrap().to_owned();
    std::fs::copy(&a, &copy).unwrap();
    same(&["sum", "--skip-invalid", "--dedupe"], [&copy, &b, &a]);
    // One organ's three years, and several organs' series.
    let years = scratch("order-years");
    let mut files = Vec::new();
    for (year, n) in [(2021u16, 1u64), (2022, 2), (2023, 3)] {
        let path = years.join(format!("{year}.json"));
        let mut r = published_with(Edition::V2021, "甲局", n);
        r.set_meta(disclosure_report::ReportMeta::new(if year == 2022 { "甲 局" } else { "甲局" }, year).unwrap());
        std::fs::write(&path, serde_json::to_string(&r).unwrap()).unwrap();
        files.push(path.to_str().unwrap().to_owned());
    }
    let [y1, y2, y3] = [&files[0], &files[1], &files[2]].map(String::as_str);
    for to in ["markdown", "json", "csv", "html"] {
        same(&["compare", "--to", to], [y1, y2, y3]);
    }
    same(&["series", "--json"], [y1, &b, y3]);
    same(&["series"], [y1, y2, &a]);
}

#[test]
fn compare_refuses_an_invalid_report_unless_allowed_and_then_warns() {
    let dir = scratch("compare-invalid");
    let mut earlier = published_with(Edition::V2021, "丙局", 2);
    earlier.set_meta(disclosure_report::ReportMeta::new("丙局", 2021).unwrap());
    write_json(&dir.join("2021.json"), &AnnualReport::try_from(earlier).unwrap());
    let mut bad = common::zero(Edition::V2021, "丙局", 2022).to_published();
    let cell = bad.layout().cell_by_path("requests.new_requests.natural_person").unwrap();
    bad.set(cell, disclosure_report::Cell::printed(cell.info().kind(), "5")).unwrap();
    let bad_path = dir.join("2022.json");
    std::fs::write(&bad_path, serde_json::to_string(&bad).unwrap()).unwrap();
    let o = run(&["compare", s(&dir)]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("2022.json") && err.contains("T3.balance") && err.contains("--allow-invalid"), "{err}");
    assert!(o.stdout.is_empty());

    let o = run(&["compare", s(&dir), "--allow-invalid"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let markdown = stdout(&o);
    assert!(markdown.starts_with("> **警告 / Warning:** 2022 年报告"), "{markdown}");
    assert!(markdown.contains("T3.balance"), "{markdown}");
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["compare", s(&dir), "--allow-invalid", "--to", "json"]).stdout).unwrap();
    assert_eq!(json[0]["organ_key"], "丙局");
    assert!(json[0]["errors"]["previous"].as_array().unwrap().is_empty());
    assert_eq!(json[0]["errors"]["current"][0]["rule"], "T3.balance", "{json}");
    let html = stdout(&run(&["compare", s(&dir), "--allow-invalid", "--to", "html"]));
    assert!(html.contains(r#"<div class="warnings" role="alert""#), "{html}");
}

#[test]
fn renamed_organs_are_one_organ_with_an_organs_file() {
    let dir = scratch("renamed");
    write_json(&dir.join("2021.json"), &common::zero(Edition::V2021, "区农业局", 2021));
    write_json(&dir.join("2022.json"), &common::zero(Edition::V2021, "区农业农村局", 2022));
    let organs = dir.with_extension("organs.csv");
    std::fs::write(&organs, "name,key\n区农业局,区农业农村局\n").unwrap();
    let out = stdout(&run(&["series", s(&dir)]));
    assert_eq!(out.matches("== ").count(), 2, "two names, two organs without the file: {out}");
    let o = run(&["series", s(&dir), "--json", "--organs", s(&organs)]);
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "{}", stdout(&o));
    assert_eq!(lines[0]["organ_key"], "区农业农村局");
    assert_eq!(lines[0]["spellings"], serde_json::json!(["区农业农村局", "区农业局"]));
    assert_eq!(lines[0]["years"], serde_json::json!([2021, 2022]));
    let o = run(&["compare", s(&dir), "--organs", s(&organs), "--to", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).lines().nth(1).unwrap().starts_with("区农业农村局,区农业农村局,2022,2021,"), "{}", stdout(&o));
    let o = run(&[
        "check",
        "--json",
        "--organs",
        s(&organs),
        "--previous",
        s(&dir.join("2021.json")),
        s(&dir.join("2022.json")),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(r#""organ_key":"区农业农村局""#), "{}", stdout(&o));
    let cells = dir.with_extension("cells.csv");
    assert_eq!(
        run(&["export", s(&dir.join("2021.json")), "--organs", s(&organs), "-o", s(&cells)]).status.code(),
        Some(0)
    );
    let exported = std::fs::read_to_string(&cells).unwrap();
    assert!(exported.lines().nth(1).unwrap().contains(",1,区农业局,区农业农村局,2021,"), "{exported}");
    // The same year under both names is one organ counted twice: refused.
    write_json(&dir.join("2022-old-name.json"), &common::zero(Edition::V2021, "区农业局", 2022));
    let o = run(&["sum", s(&dir.join("2022.json")), s(&dir.join("2022-old-name.json")), "--organs", s(&organs)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("two reports of"), "{}", stderr(&o));
    // A line that is not a rename is refused, its line named.
    std::fs::write(&organs, "区农业局,区农业农村局\n区林业局\n").unwrap();
    let o = run(&["series", s(&dir), "--organs", s(&organs)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 2"), "{}", stderr(&o));
}

/// A report printed with the other spelling of its organ is not another
/// organ in the export either.
#[test]
fn the_export_keys_an_organ_under_its_spellings() {
    let dir = scratch("export-key");
    let mut p: Published = common::zero(Edition::V2021, "甲局", 2022).to_published();
    p.set_meta(disclosure_report::ReportMeta::new("甲\u{3000}局", 2022).unwrap());
    std::fs::write(dir.join("a.json"), serde_json::to_string(&p).unwrap()).unwrap();
    let cells = dir.join("cells.csv");
    assert_eq!(run(&["export", s(&dir.join("a.json")), "-o", s(&cells)]).status.code(), Some(0));
    let exported = std::fs::read_to_string(&cells).unwrap();
    assert!(exported.lines().nth(1).unwrap().contains(",1,甲\u{3000}局,甲局,2022,"), "{exported}");
}

/// Two copies of one year: `compare` refuses them, both named, unless
/// `--dedupe`; `series` warns (X.duplicate_year) unless `--dedupe`.
#[test]
fn compare_and_series_take_one_of_two_copies_with_dedupe() {
    let dir = scratch("copies");
    for year in [2022u16, 2023] {
        write_json(&dir.join(format!("{year}.json")), &common::zero(Edition::V2021, "丁局", year));
    }
    std::fs::copy(dir.join("2023.json"), dir.join("2023-copy.json")).unwrap();
    let o = run(&["compare", s(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("2023.json") && err.contains("2023-copy.json") && err.contains("--dedupe"), "{err}");
    let o = run(&["compare", s(&dir), "--dedupe", "--to", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2023.json: left out: the same cells as")
            && !stderr(&o).contains("2023-copy.json: left out"),
        "{}",
        stderr(&o)
    );
    let series = stdout(&run(&["series", s(&dir)]));
    assert!(series.contains("X.duplicate_year") && series.contains("2023-copy.json"), "{series}");
    let series = stdout(&run(&["series", s(&dir), "--dedupe"]));
    assert!(!series.contains("X.duplicate_year"), "{series}");
    // Copies that differ stay refused.
    write_json(
        &dir.join("2023-copy.json"),
        &AnnualReport::try_from({
            let mut p = published_with(Edition::V2021, "丁局", 1);
            p.set_meta(disclosure_report::ReportMeta::new("丁局", 2023).unwrap());
            p
        })
        .unwrap(),
    );
    let o = run(&["compare", s(&dir), "--dedupe"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("they differ"), "{}", stderr(&o));
}

const PAGE_2019: &str = "tests/data/fixtures/html/pingtan-2019.html";
const PAGE_2022: &str = "tests/data/fixtures/html/pingtan-2022.html";
const HELD_OUT_2022: &str = "tests/data/made/pingtan-2022-held-out-errors.txt";

/// The published JSON of a fixture page, as `render --to json` writes it.
fn page_json(page: &str) -> serde_json::Value {
    let o = run(&["render", page, "--to", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The issue's cases over the real pages: the page and its JSON counted
/// once, the organ re-spelled and re-dated one series, a copy with a row
/// removed partial, and a report with errors not compared silently.
#[test]
fn over_the_fixture_pages() {
    let dir = scratch("fixture-pages");
    let json = page_json(PAGE_2022);
    let page_figure = json["tables"]["requests"]["new_requests"]["natural_person"].clone();
    assert_eq!(page_figure, "71", "as printed");
    let copy = dir.join("pingtan-2022.json");
    std::fs::write(&copy, serde_json::to_vec(&json).unwrap()).unwrap();
    // The page and its JSON: refused, both named; summed once with --dedupe.
    let o = run(&["sum", PAGE_2022, s(&copy)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(PAGE_2022) && stderr(&o).contains("pingtan-2022.json"), "{}", stderr(&o));
    let o = run(&["sum", PAGE_2022, s(&copy), "--dedupe"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let total: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(total["tables"]["requests"]["new_requests"]["natural_person"], 71, "71 once, not 142");
    // The first by name is the one said summed (here the JSON, under /tmp).
    assert_eq!(total["sum"]["left_out"][0]["file"], PAGE_2022);
    assert_eq!(total["sum"]["left_out"][0]["why"].as_str().unwrap(), format!("the same cells as {}, summed", s(&copy)));

    // Re-spelled and re-dated: 2023 under a full-width space, one series
    // with the 2019 and 2022 pages.
    let mut respelled = json.clone();
    respelled["meta"]["organ"] = "平潭综合\u{3000}实验区".into();
    respelled["meta"]["year"] = 2023.into();
    respelled["meta"]["published_on"] = "2024-01-20".into();
    let respelled_path = dir.join("pingtan-2023.json");
    std::fs::write(&respelled_path, serde_json::to_vec(&respelled).unwrap()).unwrap();
    let o = run(&["series", "--json", PAGE_2019, PAGE_2022, s(&respelled_path)]);
    let groups: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(groups.len(), 1, "{}", stdout(&o));
    assert_eq!(groups[0]["years"], serde_json::json!([2019, 2022, 2023]));
    assert_eq!(groups[0]["organ_key"], "平潭综合实验区");

    // Another organ's copy of the page with its 规章 row removed: the sum
    // marks those cells partial, naming the copy.
    let mut cut = json.clone();
    cut["meta"]["organ"] = "某区政府办".into();
    cut["tables"]["proactive"].as_object_mut().unwrap().remove("regulations");
    let cut_path = dir.join("cut.json");
    std::fs::write(&cut_path, serde_json::to_vec(&cut).unwrap()).unwrap();
    let o = run(&["sum", PAGE_2022, s(&cut_path)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let total: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let partial = total["sum"]["partial"].as_array().unwrap();
    assert_eq!(partial.len(), 3, "{total}");
    assert!(partial.iter().all(|p| p["not_printed_by"] == serde_json::json!([s(&cut_path)])));

    // The held-out page with errors is not compared without a word.
    let o = run(&["compare", PAGE_2019, HELD_OUT_2022]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("--allow-invalid") && stderr(&o).contains(HELD_OUT_2022), "{}", stderr(&o));
    let o = run(&["compare", PAGE_2019, HELD_OUT_2022, "--allow-invalid"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("> **警告 / Warning:** 2022 年报告"), "{}", stdout(&o));
}

/// An area total among the reports it sums would count them twice: refused,
/// both files named. Totals of areas that share no organ sum.
#[test]
fn a_total_among_its_own_reports_is_refused() {
    let dir = scratch("total-again");
    let [a, b, _] = three_reports(&dir);
    let total = dir.join("ab-total.json");
    assert_eq!(run(&["sum", &a, &b, "--name", "甲乙片", "-o", s(&total)]).status.code(), Some(0));
    for files in [[&a, &b, s(&total)], [s(&total), &b, &a]] {
        let o = run(&with_files(&["sum"], &files));
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains("ab-total.json") && err.contains("counted twice"), "{err}");
    }
    // Another area's total (丙局 alone) sums with the first.
    let other = dir.join("c-total.json");
    let c = dir.join("c-valid.json");
    write_json(&c, &common::zero(Edition::V2021, "丙局", 2022));
    assert_eq!(run(&["sum", s(&c), "--name", "丙片", "-o", s(&other)]).status.code(), Some(0));
    let o = run(&["sum", s(&total), s(&other), "--name", "全区"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["tables"]["requests"]["new_requests"]["natural_person"], 7);
}

/// Three copies of one report: the one said summed is the first by name,
/// and every other copy says so, whatever the order.
#[test]
fn of_three_copies_the_first_by_name_is_summed() {
    let dir = scratch("three-copies");
    let [a, b, _] = three_reports(&dir);
    let copies: Vec<String> = ["a1.json", "a2.json"]
        .iter()
        .map(|n| {
            let path = dir.join(n);
            std::fs::copy(&a, &path).unwrap();
            path.to_str().unwrap().to_owned()
        })
        .collect();
    let outputs: Vec<String> = [[&copies[1], &b, &a, &copies[0]], [&copies[0], &a, &b, &copies[1]]]
        .iter()
        .map(|files| stdout(&run(&with_files(&["sum", "--dedupe"], &files.map(String::as_str)))))
        .collect();
    assert_eq!(outputs[0], outputs[1]);
    let json: serde_json::Value = serde_json::from_str(&outputs[0]).unwrap();
    let first = [&a, &copies[0], &copies[1]].into_iter().min().unwrap().clone();
    for left in json["sum"]["left_out"].as_array().unwrap() {
        assert_eq!(left["why"], format!("the same cells as {first}, summed"));
    }
}

#[test]
fn the_tables_member_says_what_each_table_covers() {
    let dir = scratch("tables-member");
    write_json(&dir.join("a.json"), &common::zero(Edition::V2019, "甲乡", 2020));
    write_json(&dir.join("b.json"), &common::zero(Edition::V2021, "乙乡", 2020));
    let json: serde_json::Value = serde_json::from_slice(&run(&["sum", s(&dir), "--fold-v2021"]).stdout).unwrap();
    let tables = &json["sum"]["tables"];
    assert_eq!(tables["proactive"]["reports"], 1);
    assert_eq!(tables["proactive"]["leaves_out"], serde_json::json!([s(&dir.join("b.json"))]));
    assert_eq!(tables["requests"]["reports"], 2);
    // V2021 reports alone, folded: table 二 covers none of them.
    std::fs::remove_file(dir.join("a.json")).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&run(&["sum", s(&dir), "--fold-v2021"]).stdout).unwrap();
    assert_eq!(json["sum"]["tables"]["proactive"]["reports"], 0);
}

#[test]
fn bad_names_organs_files_and_empty_folders_are_refused_with_reasons() {
    let dir = scratch("refusals");
    write_json(&dir.join("a.json"), &common::zero(Edition::V2021, "甲局", 2022));
    for name in ["", " 合计"] {
        let o = run(&["sum", s(&dir), "--name", name]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("--name") && !stderr(&o).contains("summed"), "{}", stderr(&o));
    }
    let organs = dir.with_extension("csv");
    for (csv, said) in [
        ("甲局,乙局\n甲局,丙局\n", "line 2: 甲局 is renamed 丙局, but line 1 renamed it 乙局"),
        ("甲局,乙局\n乙局,甲局\n", "renames in a loop"),
        ("\n\n甲局,乙局,丙\n", "line 3: not a `name,key` row"),
    ] {
        std::fs::write(&organs, csv).unwrap();
        let o = run(&["series", s(&dir), "--organs", s(&organs)]);
        assert_eq!(o.status.code(), Some(2), "{csv}");
        assert!(stderr(&o).contains(said), "{csv}: {}", stderr(&o));
    }
    let empty = scratch("refusals-empty");
    for command in ["compare", "series"] {
        let o = run(&[command, s(&empty)]);
        assert_eq!(o.status.code(), Some(2), "{command}");
        assert!(stderr(&o).contains("no report found"), "{command}: {}", stderr(&o));
    }
}

/// The indicators where the command shows them: the export's table beside
/// the cells, the panel of `render` and `sum`, and `compare` in each format.
#[test]
fn the_command_shows_the_indicators() {
    let dir = scratch("indicators");
    let cells = dir.join("cells.csv");
    assert_eq!(run(&["export", PAGE_2022, PAGE_2019, "-o", s(&cells)]).status.code(), Some(0));
    let table = std::fs::read_to_string(dir.join("cells.indicators.csv")).unwrap();
    let mut lines = table.lines();
    assert_eq!(
        lines.next(),
        Some(
            "file,report_in_file,organ,organ_key,year,edition,indicator,name_zh,name_en,value,shown,numerator,denominator,status,inconsistent"
        )
    );
    let row = format!(
        "{PAGE_2022},1,平潭综合实验区,平潭综合实验区,2022,V2021,substantive_disclosure_rate,实质公开率,substantive disclosure rate,0.4,40.00%,30,75,value,false"
    );
    assert!(table.lines().any(|l| l == row), "{table}");
    assert_eq!(table.lines().count(), 1 + 2 * disclosure_report::indicators::ALL.len());

    let page = stdout(&run(&["render", PAGE_2022, "--to", "html"]));
    assert!(page.contains(r#"<tr id="indicator-substantive_disclosure_rate">"#) && page.contains("40.00%"));
    let total = stdout(&run(&["sum", PAGE_2022, "--to", "html"]));
    assert!(total.contains(r#"<section class="indicators disclosure-report-derived">"#), "{total}");

    let markdown = stdout(&run(&["compare", PAGE_2019, PAGE_2022]));
    assert!(markdown.contains("| 一、本年新收 requests received (增长 growth) | 23 | 74 | +221.74% |"), "{markdown}");
    assert!(markdown.contains("| 实质公开率 substantive disclosure rate | 34.78% | 40.00% | +5.22 |"), "{markdown}");
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["compare", PAGE_2019, PAGE_2022, "--to", "json"]).stdout).unwrap();
    let first = &json[0]["indicators"][0];
    assert_eq!(first["indicator"], "substantive_disclosure_rate");
    // Exact decimals, as the comparison's figures are: strings.
    assert_eq!(first["current"]["value"], "0.4");
    assert!(json[0]["new_requests_growth"].as_str().unwrap().starts_with("2.21739130434782608695652173"));
    let html = stdout(&run(&["compare", PAGE_2019, PAGE_2022, "--to", "html"]));
    assert!(html.contains("<h2>指标 / Indicators</h2>"));
}
