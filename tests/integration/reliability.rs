//! Nothing printed is lost, overwritten or misread: one test for each way
//! a printed number used to be dropped or changed without a word.

use disclosure_report::layout::{CellKind, Layout, Section, columns, rows};
use disclosure_report::read::parse;
use disclosure_report::{AnnualReport, Cell, Edition, Published, render};
use disclosure_report::{Unit, Value};

use crate::common;

pub(crate) fn text(edition: Edition, organ: &str, year: u16) -> String {
    render::text(&common::zero(edition, organ, year).to_published())
}

/// `text` with `line` replaced by `with` (the first line that starts so).
pub(crate) fn replace_line(text: &str, starts: &str, with: &[&str]) -> String {
    let mut out = Vec::new();
    let mut done = false;
    for line in text.lines() {
        if !done && line.starts_with(starts) {
            out.extend(with.iter().map(|s| (*s).to_owned()));
            done = true;
        } else {
            out.push(line.to_owned());
        }
    }
    assert!(done, "no line starts with {starts:?}");
    out.join("\n") + "\n"
}

pub(crate) fn cell(
    edition: Edition,
    section: Section,
    row: &disclosure_report::layout::RowDef,
    column: &disclosure_report::layout::ColumnDef,
) -> disclosure_report::layout::CellRef {
    Layout::of(edition).cell(section, row, column).unwrap()
}

/// Every printed text quoted by the reader's findings and the report's.
pub(crate) fn quoted(parsed: &disclosure_report::read::Parsed) -> Vec<String> {
    parsed.findings().iter().flat_map(|f| f.quoted().to_vec()).collect()
}

// 1. Duplicates are kept, never overwritten.

#[test]
fn a_table_2_row_printed_twice_keeps_both_printings() {
    let t =
        replace_line(&text(Edition::V2019, "某局", 2020), "行政许可\t", &["行政许可\t3\t+1\t7", "行政许可\t3\t+2\t7"]);
    let parsed = parse(&t).unwrap();
    let p = parsed.published();
    let change = cell(Edition::V2019, Section::Proactive, &rows::LICENSING, &columns::CHANGE);
    assert!(p.get(change).is_none(), "two different printings: neither is guessed");
    let previous = cell(Edition::V2019, Section::Proactive, &rows::LICENSING, &columns::PREVIOUS_ITEMS);
    assert_eq!(p.get(previous).map(Cell::text), Some("3"), "the same printing twice is kept");
    let findings = parsed.findings();
    let dup: Vec<_> = findings.of_rule(&disclosure_report::rules::CELL_DUPLICATE).collect();
    assert_eq!(dup.len(), 3, "{findings}");
    assert!(dup.iter().any(|f| f.names(change) && f.quoted() == ["+1", "+2"]), "{findings}");
    assert!(findings.of_rule(&disclosure_report::rules::CELL_MISSING).any(|f| f.names(change)));
}

#[test]
fn a_table_3_row_printed_twice_keeps_both_printings() {
    let row = "一、本年新收政府信息公开申请数量\t";
    let t = replace_line(
        &text(Edition::V2021, "某局", 2022),
        row,
        &[
            "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
            "一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5",
        ],
    );
    let parsed = parse(&t).unwrap();
    let natural = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    assert!(parsed.published().get(natural).is_none());
    let findings = parsed.findings();
    assert!(
        findings
            .of_rule(&disclosure_report::rules::CELL_DUPLICATE)
            .any(|f| f.names(natural) && f.quoted() == ["0", "5"]),
        "{findings}"
    );
}

#[test]
fn json_keys_repeated_at_any_level_are_kept() {
    let base = serde_json::to_string(&common::zero(Edition::V2021, "某局", 2022).to_published()).unwrap();
    let natural = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    let again = |json: &str| {
        let p: Published = serde_json::from_str(json).unwrap();
        let d = p.duplicates().iter().find(|d| d.cell == natural).expect("the repeated key is recorded").clone();
        (p, d)
    };
    // The cell's key twice.
    let cell_level = base.replacen("\"natural_person\":\"0\"", "\"natural_person\":\"4\",\"natural_person\":\"0\"", 1);
    let (p, d) = again(&cell_level);
    assert_eq!(d.texts, ["4", "0"]);
    assert!(p.get(natural).is_none());
    // The row twice, and the whole section twice.
    let row_level =
        base.replacen("\"new_requests\":{", "\"new_requests\":{\"natural_person\":\"9\"},\"new_requests\":{", 1);
    assert_eq!(again(&row_level).1.texts, ["9", "0"]);
    let section_level =
        base.replacen("\"requests\":{", "\"requests\":{\"new_requests\":{\"natural_person\":\"2\"}},\"requests\":{", 1);
    assert_eq!(again(&section_level).1.texts, ["2", "0"]);
    // Written and read back, the printings survive.
    let (p, _) = again(&cell_level);
    let back: Published = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
    assert_eq!(p.check().of_rule(&disclosure_report::rules::CELL_DUPLICATE).next().unwrap().quoted(), ["4", "0"]);
}

#[test]
fn strict_json_refuses_a_repeated_key() {
    let json = serde_json::to_string(&common::zero(Edition::V2019, "某局", 2020)).unwrap();
    let twice = json.replacen("\"previous_items\":0", "\"previous_items\":999,\"previous_items\":3", 1);
    assert_ne!(json, twice);
    let err = serde_json::from_str::<AnnualReport>(&twice).unwrap_err().to_string();
    assert!(err.contains("more than once") && err.contains("999") && err.contains('3'), "{err}");
}

// 2. Numbers on lines the reader treats as headers are quoted.

#[test]
fn numbers_on_table_2_title_and_header_lines_are_quoted() {
    let t = text(Edition::V2019, "某局", 2020);
    let t = replace_line(&t, "第二十条第（五）项", &["第二十条第（五）项\t17\t\t"]);
    let header = t.lines().find(|l| l.starts_with("信息内容\t上一年项目数量")).unwrap().to_owned();
    let t = replace_line(&t, &header, &[&format!("{header}\t23")]);
    let parsed = parse(&t).unwrap();
    let q = quoted(&parsed);
    assert!(q.contains(&"17".to_owned()) && q.contains(&"23".to_owned()), "{}", parsed.reader_findings());
    assert_eq!(parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_STRAY_LINE).count(), 2);
}

#[test]
fn table_3_lines_before_the_first_row_label_are_placed_or_quoted() {
    // The first row's label lost: its numbers alone on the line are the
    // first row's, placed since every reading agrees.
    let t = text(Edition::V2021, "某局", 2022);
    let lost = replace_line(&t, "一、本年新收政府信息公开申请数量\t", &["\t2\t0\t0\t0\t0\t0\t2"]);
    let parsed = parse(&lost).unwrap();
    let natural = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    assert_eq!(parsed.published().get(natural).map(Cell::text), Some("2"), "{}", parsed.reader_findings());
    // The first row's label with typos, before the second row's: that
    // row, with a label.variant notice.
    let typos = replace_line(
        &t,
        "一、本年新收政府信息公开申请数量\t",
        &["一、本年新收政府倍息公开串请数量\t4\t0\t0\t0\t0\t0\t4"],
    );
    let parsed = parse(&typos).unwrap();
    assert_eq!(parsed.published().get(natural).map(Cell::text), Some("4"), "{}", parsed.reader_findings());
    let variants = parsed.published().label_variants();
    assert_eq!(variants.len(), 1);
    assert_eq!(variants[0].printed, "一、本年新收政府倍息公开串请数量");
    // A label like no row's: not a row, so its numbers are quoted.
    let garbled = replace_line(&t, "一、本年新收政府信息公开申请数量\t", &["本表所列各项统计数\t4\t0\t0\t0\t0\t0\t4"]);
    let parsed = parse(&garbled).unwrap();
    assert!(parsed.published().get(natural).is_none());
    assert_eq!(quoted(&parsed).iter().filter(|q| *q == "4").count(), 2, "{}", parsed.reader_findings());
    // Numbers on a header line.
    let header = t.lines().find(|l| l.contains("申请人情况")).unwrap().to_owned();
    let parsed = parse(&replace_line(&t, &header, &[&format!("{header}\t31")])).unwrap();
    assert!(quoted(&parsed).contains(&"31".to_owned()), "{}", parsed.reader_findings());
}

#[test]
fn table_4_header_numbers_are_quoted_and_labels_are_not_numbers() {
    let t = text(Edition::V2021, "某局", 2022);
    let header = t.lines().find(|l| l.starts_with("结果维持")).unwrap().to_owned();
    let parsed = parse(&replace_line(&t, &header, &[&format!("{header}\t8")])).unwrap();
    assert!(quoted(&parsed).contains(&"8".to_owned()), "{}", parsed.reader_findings());
    // A label before too few figures: only the figures are quoted.
    let data = t.lines().find(|l| l.starts_with("0\t0\t0\t0\t0\t0")).unwrap().to_owned();
    let parsed = parse(&replace_line(&t, &data, &["合计\t1\t2\t3"])).unwrap();
    let unplaced =
        parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_UNPLACED).next().expect("unplaced");
    assert_eq!(unplaced.quoted(), ["1", "2", "3"]);
    assert!(unplaced.message_en().contains("3 numbers"), "{}", unplaced.message_en());
    // A label before all fifteen figures: placed.
    let fifteen = format!("合计\t{}", ["1"; 15].join("\t"));
    let parsed = parse(&replace_line(&t, &data, &[&fifteen])).unwrap();
    assert!(
        parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_UNPLACED).next().is_none(),
        "{}",
        parsed.reader_findings()
    );
}

// 3. JSON numbers are exact.

#[cfg(feature = "json")]
#[test]
fn json_numbers_never_pass_through_f64() {
    use disclosure_report::read::{Options, SourceFormat, read_report};
    use rust_decimal::Decimal;

    let base = serde_json::to_string(&common::zero(Edition::V2021, "某局", 2022).to_published()).unwrap();
    let fee = cell(Edition::V2021, Section::Proactive, &rows::FEES, &columns::FEE_AMOUNT);
    for (given, wan) in
        [("123456789012345678901", "123456789012345678901"), ("1.23456789012345678", "1.23456789012345678")]
    {
        let json = base.replacen("\"fee_amount\":\"0万元\"", &format!("\"fee_amount\":{given}"), 1);
        assert_ne!(json, base);
        let p = read_report(&json, SourceFormat::Json, &Options::default()).unwrap().into_published();
        assert_eq!(p.get(fee).unwrap().text(), given);
        assert_eq!(p.get(fee).unwrap().value(), Value::Number(wan.parse::<Decimal>().unwrap()));
    }
    // A count past u64 is kept and quoted back exactly.
    let natural = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    let json = base.replacen("\"natural_person\":\"0\"", "\"natural_person\":123456789012345678901234567", 1);
    let p: Published = serde_json::from_str(&json).unwrap();
    let overflow =
        p.check().of_rule(&disclosure_report::rules::CELL_OVERFLOW).find(|f| f.names(natural)).unwrap().clone();
    assert!(overflow.message_en().contains("123456789012345678901234567"), "{}", overflow.message_en());
    // Strict JSON money is exact too.
    let strict = serde_json::to_string(&common::zero(Edition::V2021, "某局", 2022)).unwrap();
    let strict = strict.replacen("\"fee_amount\":\"0\"", "\"fee_amount\":1.23456789012345678", 1);
    let r: AnnualReport = serde_json::from_str(&strict).unwrap();
    assert_eq!(r.to_proactive().as_v2021().map(|t| t.fees.wan().to_string()), Some("1.23456789012345678".to_owned()));
}

// 4. A unit in a header applies to its column.

#[test]
fn a_unit_in_the_header_applies_to_its_column() {
    let t = text(Edition::V2019, "某局", 2020);
    let header = t.lines().find(|l| l.starts_with("信息内容\t采购项目数量")).unwrap().to_owned();
    let amount = cell(Edition::V2019, Section::Proactive, &rows::PROCUREMENT, &columns::PURCHASE_AMOUNT);
    let read = |header: &str, figure: &str| {
        let t = replace_line(&t, "信息内容\t采购项目数量", &[header]);
        let t = replace_line(&t, "政府集中采购\t", &[&format!("政府集中采购\t1\t{figure}")]);
        parse(&t).unwrap()
    };
    let yuan = header.replace("采购总金额", "采购总金额（元）");
    let parsed = read(&yuan, "8810055");
    let c = parsed.published().get(amount).unwrap();
    assert_eq!((c.text(), c.header_unit()), ("8810055", Some(Unit::Yuan)));
    assert_eq!(c.value(), Value::Number("881.0055".parse().unwrap()));
    assert!(parsed.findings().of_rule(&disclosure_report::rules::CELL_UNIT_ASSUMED).next().is_none());
    // The unit in the cell overrides the header's.
    let parsed = read(&yuan, "3.5万元");
    assert_eq!(parsed.published().get(amount).unwrap().value(), Value::Number("3.5".parse().unwrap()));
    // 单位：万元 in a header.
    let parsed = read(&header.replace("采购总金额", "采购总金额（单位：万元）"), "12");
    assert_eq!(parsed.published().get(amount).unwrap().value(), Value::Number(12.into()));
    assert!(parsed.findings().of_rule(&disclosure_report::rules::CELL_UNIT_ASSUMED).next().is_none());
    // No unit anywhere: read in 万元, with a notice that says so.
    let parsed = read(&header, "12");
    assert_eq!(parsed.published().get(amount).unwrap().value(), Value::Number(12.into()));
    let notice =
        parsed.findings().of_rule(&disclosure_report::rules::CELL_UNIT_ASSUMED).next().cloned().expect("a notice");
    assert!(notice.message_zh().contains("万元"));
    // The header's unit is written back, and read back the same.
    let parsed = read(&yuan, "8810055");
    let again = parse(&render::text(parsed.published())).unwrap();
    assert_eq!(again.published(), parsed.published());
    // And it survives JSON.
    let json = serde_json::to_string(parsed.published()).unwrap();
    assert!(json.contains(r#""purchase_amount":{"text":"8810055","unit":"元"}"#), "{json}");
    assert_eq!(serde_json::from_str::<Published>(&json).unwrap(), parsed.into_published());
    let _ = CellKind::Money;
}

// 5. The text layout reads back whatever the organ's name.

#[test]
fn organ_names_ending_in_digits_or_holding_years_read_back() {
    for organ in
        ["某局2", "某2020年局", "第1001", "某2020年政府信息公开局", "某局（筹）", "《法规》办公室", "一、总体情况", ""]
    {
        let t = text(Edition::V2021, organ, 2022);
        let parsed = parse(&t).unwrap();
        assert_eq!(parsed.published().meta().organ(), organ, "{t}");
        assert_eq!(parsed.published().meta().year(), 2022);
    }
}

// 12. Markdown passes no raw HTML through.

#[test]
fn markdown_escapes_raw_html() {
    let mut p = common::zero(Edition::V2021, "某局<img src=x onerror=alert(1)>", 2022).to_published();
    p.prose_mut().overview = "<script>alert(1)</script>".into();
    let natural = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    p.set(natural, Cell::printed(CellKind::Count, "<b>3</b>")).unwrap();
    let md = render::markdown(&p);
    assert!(!md.contains("<img") && !md.contains("<script") && !md.contains("<b>"), "{md}");
    assert!(md.contains("&lt;script&gt;") && md.contains("&lt;img") && md.contains("&lt;b&gt;3"), "{md}");
}

// 13. Findings are capped per rule.

#[test]
fn a_flood_of_findings_is_capped_per_rule_and_counted() {
    let t = text(Edition::V2019, "某局", 2020);
    let stray: Vec<String> = (0..500).map(|i| format!("无此行{i}\t{i}")).collect();
    let stray: Vec<&str> = std::iter::once("政府集中采购\t0\t0").chain(stray.iter().map(String::as_str)).collect();
    let parsed = parse(&replace_line(&t, "政府集中采购\t", &stray)).unwrap();
    let of_rule: Vec<_> = parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_STRAY_LINE).collect();
    assert_eq!(of_rule.len(), 101);
    let summary = of_rule.last().unwrap();
    assert_eq!(summary.more(), Some(400));
    assert!(summary.message_en().contains("400 more"), "{}", summary.message_en());
}

// 14. PROPTEST_CASES sets the number of cases.

#[cfg(feature = "proptest")]
#[test]
fn proptest_cases_come_from_the_environment() {
    // Run in a child process, so that setting the variable races nothing.
    if let Ok(v) = std::env::var("RELIABILITY_PROBE") {
        assert_eq!(common::cases(3).cases, v.parse::<u32>().unwrap());
        return;
    }
    for (env, want) in [(Some("17"), "17"), (None, "3")] {
        common::run_alone(
            "reliability::proptest_cases_come_from_the_environment",
            &[("RELIABILITY_PROBE", Some(want)), ("PROPTEST_CASES", env)],
        );
    }
}
