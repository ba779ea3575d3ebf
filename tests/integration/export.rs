//! The tidy export: its columns are a public interface.
#![cfg(all(feature = "csv", feature = "json"))]

use disclosure_report::export::{Origin, TidyFormat, TidyWriter, cell_rows, finding_rows};
use disclosure_report::layout::{Layout, Section, columns, rows};
use disclosure_report::{Edition, Published, ReportMeta};

use crate::common;

fn published(edition: Edition, year: u16) -> Published {
    common::zero(edition, "某县人民政府", year).to_published()
}

/// The cell table's columns, in order: a public interface.
const CELL_COLUMNS: [&str; 17] = [
    "file",
    "report_in_file",
    "organ",
    "organ_key",
    "year",
    "edition",
    "section",
    "section_key",
    "row_key",
    "column_key",
    "row_label",
    "column_label",
    "status",
    "value",
    "unit",
    "value_wan",
    "text",
];

fn csv(p: &Published) -> Vec<Vec<String>> {
    let mut w = TidyWriter::new(Vec::new(), TidyFormat::Csv);
    for row in cell_rows(p, "r.json") {
        w.write(&row).unwrap();
    }
    let bytes = w.finish().unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]);
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[test]
fn the_columns_and_labels_are_the_published_interface() {
    let mut p = published(Edition::V2019, 2020);
    p.set_text(Section::Proactive, &rows::PROCUREMENT, &columns::PURCHASE_AMOUNT, "184719元").unwrap();
    p.set_text(Section::Requests, &rows::CARRIED_IN, &columns::BUSINESS, "/").unwrap();
    p.set_text(Section::Requests, &rows::DISCLOSED, &columns::RESEARCH, "1,234").unwrap();
    let table = csv(&p);
    assert_eq!(table[0], CELL_COLUMNS);
    // Every cell of the edition, group subtotal cells included.
    assert_eq!(table.len() - 1, Layout::of(Edition::V2019).len());
    let find = |row: &str, column: &str| table.iter().find(|r| r[8] == row && r[9] == column).unwrap().clone();
    let licensing = find("licensing", "change");
    assert_eq!(licensing[..8], ["r.json", "1", "某县人民政府", "某县人民政府", "2020", "V2019", "二", "proactive"]);
    assert_eq!(licensing[10], "第二十条第（五）项 / 行政许可");
    // Money in the unit printed, and in 万元.
    assert_eq!(find("procurement", "purchase_amount")[12..], ["number", "184719", "元", "18.4719", "184719元"]);
    assert_eq!(find("carried_in", "business")[11..], ["法人或其他组织 / 商业企业", "not_applicable", "", "", "", "/"]);
    assert_eq!(find("disclosed", "research")[12..], ["number", "1234", "", "", "1,234"]);
    assert_eq!(find("withheld_state_secret", "natural_person")[10], "（三）不予公开 / 1.属于国家秘密");
    // A group row printed no subtotal: absent, not blank.
    assert_eq!(find("withheld", "total")[12..], ["absent", "", "", "", ""]);
    let review = find("cases", "after_reconsideration_total");
    assert_eq!((review[6].as_str(), review[7].as_str()), ("四", "review"));
    assert_eq!(review[11], "行政诉讼 / 复议后起诉 / 总计");
}

#[test]
fn a_blank_cell_is_not_an_absent_one() {
    let mut p = published(Edition::V2021, 2022);
    p.set_text(Section::Requests, &rows::NEW_REQUESTS, &columns::RESEARCH, "").unwrap();
    let blank = p.layout().cell(Section::Requests, &rows::DISCLOSED, &columns::RESEARCH).unwrap();
    p.remove(blank).unwrap();
    let table = csv(&p);
    let status = |row: &str| table.iter().find(|r| r[8] == row && r[9] == "research").unwrap()[12].clone();
    assert_eq!(status("new_requests"), "blank");
    assert_eq!(status("disclosed"), "absent");
    assert_eq!(status("carried_in"), "number");
}

#[test]
fn json_lines_carry_the_same_rows() {
    let p = published(Edition::V2021, 2022);
    let mut w = TidyWriter::new(Vec::new(), TidyFormat::JsonLines);
    for row in cell_rows(&p, Origin::new("two.txt", 2)) {
        w.write(&row).unwrap();
    }
    let text = String::from_utf8(w.finish().unwrap()).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), Layout::of(Edition::V2021).len());
    let keys: Vec<&str> = lines[0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = CELL_COLUMNS.to_vec();
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
    assert_eq!(lines[0]["edition"], "V2021");
    assert_eq!(
        (&lines[0]["file"], &lines[0]["report_in_file"]),
        (&serde_json::json!("two.txt"), &serde_json::json!(2))
    );
    // Numbers are JSON numbers; no number is null.
    assert!(lines[0]["value"].is_u64(), "{}", lines[0]);
    assert!(lines[0]["value_wan"].is_null());
    let fee = lines.iter().find(|l| l["row_key"] == "fees").unwrap();
    assert_eq!((&fee["unit"], &fee["value_wan"]), (&serde_json::json!("万元"), &serde_json::json!(0)));
}

#[test]
fn findings_export_one_row_per_finding_and_cell() {
    let mut p = published(Edition::V2021, 2022);
    p.set_text(Section::Review, &rows::REVIEW_CASES, &columns::DIRECT_UPHELD, "2").unwrap();
    let findings = p.check();
    let rows: Vec<_> = finding_rows(&p, &findings, "r.json").collect();
    // T4.total names the total and its four parts.
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r.rule == "T4.total"
        && r.expected == Some(2.into())
        && r.actual == Some(0.into())
        && r.section_key == "review"));
    let mut w = TidyWriter::new(Vec::new(), TidyFormat::Csv);
    for row in &rows {
        w.write(row).unwrap();
    }
    let text = String::from_utf8(w.finish().unwrap()).unwrap();
    assert!(text.starts_with(
        "file,report_in_file,organ,organ_key,year,edition,rule,severity,section,section_key,row_key,column_key,"
    ));
    // A finding without cells still has its row.
    let late = ReportMeta::new("某县财政局", 2022)
        .unwrap()
        .with_kind(disclosure_report::OrganKind::Department(disclosure_report::Level::County))
        .with_published_on(chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap());
    p.set_meta(late);
    let findings = p.check();
    let late_rows: Vec<_> = finding_rows(&p, &findings, "r.json").filter(|r| r.rule == "publish.late").collect();
    assert_eq!(late_rows.len(), 1);
    assert_eq!(late_rows[0].section, "");
}
