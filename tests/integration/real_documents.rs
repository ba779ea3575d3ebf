//! Real documents as they come: labels as offices print them (typos,
//! numbering styles, stray spaces), titles broken over lines. One case of
//! each class, each asserting the figure read or the finding raised.

use disclosure_report::layout::{columns, rows, Section};
use disclosure_report::read::{parse, Parsed};
use disclosure_report::{Cell, Edition};

use crate::reliability::{cell, quoted, replace_line, text};

fn findings_of(parsed: &Parsed, prefix: &str) -> Vec<String> {
    parsed.all_findings().iter().filter(|f| f.rule().id.starts_with(prefix)).map(|f| f.to_string()).collect()
}

#[test]
fn sub_rows_numbered_in_every_style() {
    let t = text(Edition::V2021, "某局", 2022);
    let secret = cell(Edition::V2021, Section::Requests, &rows::WITHHELD_STATE_SECRET, &columns::NATURAL_PERSON);
    for number in ["1.", "1、", "1．", "(1)", "（1）", "1)", "1）", "①", "⑴", "⒈", "1. ", "1、 ", "（1） ", "１．"]
    {
        let line = format!("{number}属于国家秘密\t3\t0\t0\t0\t0\t0\t3");
        let parsed = parse(&replace_line(&t, "1.属于国家秘密\t", &[&line])).unwrap();
        assert_eq!(parsed.published.get(secret).map(Cell::text), Some("3"), "{number}: {}", parsed.findings);
        assert!(findings_of(&parsed, "parse.").is_empty(), "{number}: {}", parsed.findings);
        // The number's style is no label variant.
        assert!(parsed.published.label_variants().is_empty(), "{number}");
    }
}

#[test]
fn band_and_block_headings_with_their_own_punctuation_and_spaces() {
    let t = text(Edition::V2021, "某局", 2022);
    let t = replace_line(&t, "第二十条第（一）项", &["第二十条 第（一）项"]);
    let t = replace_line(&t, "二、上年结转", &["二．上年结转政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5"]);
    let parsed = parse(&t).unwrap();
    let carried = cell(Edition::V2021, Section::Requests, &rows::CARRIED_IN, &columns::APPLICANT_TOTAL);
    assert_eq!(parsed.published.get(carried).map(Cell::text), Some("5"), "{}", parsed.findings);
    let rules = cell(Edition::V2021, Section::Proactive, &rows::REGULATIONS, &columns::ISSUED);
    assert!(parsed.published.get(rules).is_some(), "{}", parsed.findings);
    assert!(findings_of(&parsed, "parse.").is_empty(), "{}", parsed.findings);
}

/// A label with a typo between two recognised rows is that row, with a
/// `label.variant` notice; a label like no row's is quoted, never guessed.
#[test]
fn a_typo_between_recognised_rows_is_that_row_and_a_stranger_is_quoted() {
    let t = text(Edition::V2021, "某局", 2022);
    let law = cell(Edition::V2021, Section::Requests, &rows::WITHHELD_PROHIBITED_BY_LAW, &columns::NATURAL_PERSON);
    let typo = replace_line(&t, "2.其他法律行政法规禁止公开\t", &["2.其他法律行政止公开\t6\t0\t0\t0\t0\t0\t6"]);
    let parsed = parse(&typo).unwrap();
    assert_eq!(parsed.published.get(law).map(Cell::text), Some("6"), "{}", parsed.findings);
    let v = parsed.published.label_variants();
    assert_eq!(
        (v.len(), v[0].official.as_str(), v[0].printed.as_str()),
        (1, "2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    );
    assert!(findings_of(&parsed, "parse.").is_empty(), "{}", parsed.findings);

    let stranger = replace_line(&t, "2.其他法律行政法规禁止公开\t", &["其中：网上申请\t6\t0\t0\t0\t0\t0\t6"]);
    let parsed = parse(&stranger).unwrap();
    assert!(parsed.published.get(law).is_none(), "{}", parsed.findings);
    assert_eq!(quoted(&parsed).iter().filter(|q| *q == "6").count(), 2, "{}", parsed.findings);
    assert!(parsed.published.label_variants().is_empty());
}

#[test]
fn a_title_broken_over_lines_gives_the_organ_and_the_year() {
    let t = text(Edition::V2021, "某局", 2022);
    let first = t.lines().next().unwrap().to_owned();
    for title in [
        vec!["淮安市人民政府", "2024年政府信息公开工作年度报告"],
        vec!["淮安市人民政府", "2024 年政府信息公开", "工作年度报告"],
        vec!["淮安市人民政府2024年政府信息公开", "工作年度报告"],
    ] {
        let parsed = parse(&replace_line(&t, &first, &title)).unwrap();
        let meta = parsed.published.meta();
        assert_eq!((meta.organ(), meta.year()), ("淮安市人民政府", 2024), "{title:?}: {}", parsed.findings);
        assert!(findings_of(&parsed, "parse.no_organ").is_empty(), "{title:?}");
    }
}

/// （六）其他处理 printed as one row with its figures, the 2019 way, in a
/// 2021 table: the sub-rows are not printed (a warning), and the row's
/// subtotal stands for them in （七）总计, which is still checked.
#[test]
fn a_group_printed_as_one_row_stands_for_its_sub_rows() {
    let t = text(Edition::V2021, "某局", 2022);
    let one_row = |figures: &str| {
        let mut t = replace_line(&t, "（六）其他处理", &[&format!("（六）其他处理\t{figures}")]);
        for sub in ["1.申请人无正当理由", "2.申请人逾期未按收费", "3.其他\t"] {
            t = replace_line(&t, sub, &[]);
        }
        parse(&t).unwrap()
    };
    let parsed = one_row("0\t0\t0\t0\t0\t0\t0");
    let findings = parsed.all_findings();
    let missing: Vec<_> = findings.iter().filter(|f| f.rule().id == "cell.missing").collect();
    assert_eq!(missing.len(), 3, "{findings}");
    assert!(missing.iter().all(|f| f.severity() == disclosure_report::rules::Severity::Warning), "{findings}");
    assert!(findings.iter().all(|f| f.severity() != disclosure_report::rules::Severity::Error), "{findings}");

    // A subtotal the total does not include: （七）总计 says so.
    let parsed = one_row("1\t0\t0\t0\t0\t0\t1");
    let findings = parsed.all_findings();
    assert!(findings.iter().any(|f| f.rule().id == "T3.outcome_total"), "{findings}");
}
