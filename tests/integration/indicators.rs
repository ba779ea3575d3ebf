//! The indicators: each computed by hand from the fixtures' `*.cells.tsv`
//! and compared with the crate's, on every form the fixture comes in; and
//! their properties — an area's are those of its summed figures, every
//! rate of a valid report lies in [0, 1], a zero denominator has no value.

use std::collections::BTreeMap;

use disclosure_report::indicators::{ALL, Undefined};
#[cfg(any(feature = "html", feature = "docx", feature = "pdf"))]
use disclosure_report::read::{Options, SourceFormat, read_bytes};
use disclosure_report::{Decimal, Edition};

use crate::common;
use crate::fixtures::expected;

/// The figure of a row and column of a fixture, as transcribed; a group's
/// figure is the sum of its sub-rows (the fixtures print no subtotal).
fn figure(cells: &BTreeMap<(String, String, String), String>, section: &str, row: &str, column: &str) -> Decimal {
    let of = |text: &String| text.parse::<Decimal>().unwrap_or_else(|_| panic!("{row} {column}: {text:?}"));
    if let Some(text) = cells.get(&(section.to_owned(), row.to_owned(), column.to_owned())) {
        return of(text);
    }
    let parts: Vec<Decimal> = cells
        .iter()
        .filter(|((s, r, c), _)| s == section && c == column && r.starts_with(&format!("{row} / ")))
        .map(|(_, text)| of(text))
        .collect();
    assert!(!parts.is_empty(), "{section} {row} {column}: no cell");
    parts.into_iter().sum()
}

/// Every indicator of a fixture, by the formulas written out here.
fn by_hand(stem: &str) -> BTreeMap<&'static str, Option<Decimal>> {
    let cells = expected(stem);
    let t3 = |row: &str, column: &str| figure(&cells, "三", row, column);
    let t4 = |column: &str| figure(&cells, "四", "", column);
    let total = |row: &str| t3(row, "总计");
    let new = total("一、本年新收政府信息公开申请数量");
    let carried_in = total("二、上年结转政府信息公开申请数量");
    let handled = total("（七）总计");
    let ratio = |n: Decimal, d: Decimal| (!d.is_zero()).then(|| n / d);
    let mut out = BTreeMap::new();
    out.insert(
        "substantive_disclosure_rate",
        ratio(total("（一）予以公开") + total("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), handled),
    );
    out.insert("withheld_rate", ratio(total("（三）不予公开"), handled));
    out.insert("unable_rate", ratio(total("（四）无法提供"), handled));
    out.insert("not_processed_rate", ratio(total("（五）不予处理"), handled));
    out.insert("other_handling_rate", ratio(total("（六）其他处理"), handled));
    out.insert("completion_rate", ratio(handled, new + carried_in));
    out.insert("carry_over_rate", ratio(total("四、结转下年度继续办理"), new + carried_in));
    for (key, column) in [
        ("natural_person_share", "自然人"),
        ("business_share", "法人或其他组织 / 商业企业"),
        ("research_share", "法人或其他组织 / 科研机构"),
        ("public_interest_share", "法人或其他组织 / 社会公益组织"),
        ("legal_services_share", "法人或其他组织 / 法律服务机构"),
        ("other_organisation_share", "法人或其他组织 / 其他"),
    ] {
        out.insert(key, ratio(t3("一、本年新收政府信息公开申请数量", column), new));
    }
    let group = |g: &str| (t4(&format!("{g} / 结果纠正")), t4(&format!("{g} / 总计")) - t4(&format!("{g} / 尚未审结")));
    let (r, d, a) = (group("行政复议"), group("行政诉讼 / 未经复议直接起诉"), group("行政诉讼 / 复议后起诉"));
    out.insert("reconsideration_correction_rate", ratio(r.0, r.1));
    out.insert("direct_litigation_correction_rate", ratio(d.0, d.1));
    out.insert("after_reconsideration_litigation_correction_rate", ratio(a.0, a.1));
    out.insert("review_correction_rate", ratio(r.0 + d.0 + a.0, r.1 + d.1 + a.1));
    let cases = t4("行政复议 / 总计") + t4("行政诉讼 / 未经复议直接起诉 / 总计") + t4("行政诉讼 / 复议后起诉 / 总计");
    out.insert("review_cases_per_hundred", ratio(cases * Decimal::ONE_HUNDRED, handled));
    out
}

#[cfg(any(feature = "html", feature = "docx", feature = "pdf"))]
fn assert_indicators(stem: &str, path: &str, format: SourceFormat) {
    let bytes = std::fs::read(format!("{}/tests/data/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let parsed = read_bytes(&bytes, format, &Options::default()).unwrap();
    let want = by_hand(stem);
    let got = parsed.published().indicators();
    assert_eq!(got.len(), want.len());
    for v in &got {
        let key = v.indicator().key;
        assert_eq!(v.value().ok(), want[key], "{path}: {key}");
        if want[key].is_none() {
            assert_eq!(v.value(), Err(Undefined::ZeroDenominator), "{path}: {key}");
        }
        assert!(!v.is_inconsistent(), "{path}: {key}");
    }
}

#[cfg(feature = "html")]
#[test]
fn the_pages_indicators_are_those_computed_by_hand() {
    assert_indicators("pingtan-2019", "html/pingtan-2019.html", SourceFormat::Html);
    assert_indicators("pingtan-2022", "html/pingtan-2022.html", SourceFormat::Html);
}

#[cfg(feature = "docx")]
#[test]
fn the_word_files_indicators_are_those_computed_by_hand() {
    assert_indicators("pingtan-2019", "docx/pingtan-2019.docx", SourceFormat::Docx);
    assert_indicators("pingtan-2022", "docx/pingtan-2022.docx", SourceFormat::Docx);
}

#[cfg(feature = "pdf")]
#[test]
fn the_wps_pdfs_indicators_are_those_computed_by_hand() {
    assert_indicators("hongze-2024", "pdf-wps/hongze-2024.wps.pdf", SourceFormat::Pdf);
}

#[test]
fn pingtan_2022_in_figures() {
    // (21 + 9) / 75 and (2 + 1) / 75 × 100: the figures a reader checks.
    let want = by_hand("pingtan-2022");
    assert_eq!(want["substantive_disclosure_rate"], Some(Decimal::from(30) / Decimal::from(75)));
    assert_eq!(want["review_cases_per_hundred"], Some(Decimal::from(300) / Decimal::from(75)));
    assert_eq!(want["reconsideration_correction_rate"], Some("0.5".parse().unwrap()));
}

/// A report with an inconsistent table 三: the indicators reading its
/// cells say so; those of table 四 alone do not.
#[test]
fn an_indicator_over_inconsistent_figures_is_marked() {
    let mut p = common::zero(Edition::V2021, "某局", 2022).to_published();
    let cell = p.layout().cell_by_path("requests.new_requests.natural_person").unwrap();
    p.set(cell, disclosure_report::Cell::printed(cell.info().kind(), "5")).unwrap();
    let all = p.indicators();
    let of = |key: &str| all.iter().find(|v| v.indicator().key == key).unwrap();
    assert!(of("completion_rate").is_inconsistent());
    assert!(of("natural_person_share").is_inconsistent());
    assert!(!of("reconsideration_correction_rate").is_inconsistent());
}

/// The properties, over generated reports.
#[cfg(feature = "proptest")]
mod properties {
    use disclosure_report::aggregate::{Fold, sum};
    use disclosure_report::indicators::{IndicatorValue, Scale, Undefined};
    use disclosure_report::strategy::valid_report;
    use disclosure_report::{AnnualReport, Decimal, Edition};
    use proptest::prelude::*;

    use crate::common::{self, meta};

    fn reports(edition: Edition, year: u16) -> impl Strategy<Value = Vec<AnnualReport>> {
        prop::collection::vec(valid_report(edition), 1..5).prop_map(move |v| {
            v.into_iter()
                .enumerate()
                .map(|(n, r)| r.into_builder().meta(meta(&format!("单位{n}"), year)).build().unwrap())
                .collect()
        })
    }

    fn values(all: &[IndicatorValue]) -> Vec<Result<Decimal, Undefined>> {
        all.iter().map(IndicatorValue::value).collect()
    }

    proptest! {
        #![proptest_config(common::cases(64))]

        /// An area's indicators are those of its summed figures: each
        /// numerator and denominator the sum of the organs'.
        #[test]
        fn an_areas_indicators_are_those_of_its_sums(
            reports in prop_oneof![reports(Edition::V2019, 2020), reports(Edition::V2021, 2023)]
        ) {
            let year = reports[0].meta().year();
            let total = sum(meta("某县", year), &reports, Fold::Never).unwrap();
            let area = total.indicators();
            prop_assert_eq!(values(&area), values(&total.report().indicators()));
            for (i, v) in area.iter().enumerate() {
                let summed = |side: fn(&IndicatorValue) -> Result<Decimal, Undefined>| -> Decimal {
                    reports.iter().map(|r| side(&r.indicators()[i]).unwrap()).sum()
                };
                prop_assert_eq!(v.numerator().unwrap(), summed(IndicatorValue::numerator), "{}", v.indicator().key);
                prop_assert_eq!(v.denominator().unwrap(), summed(IndicatorValue::denominator), "{}", v.indicator().key);
            }
        }

        /// On a valid report every rate lies in [0, 1], and a zero denominator
        /// gives no value.
        #[test]
        fn rates_lie_between_0_and_1_and_a_zero_denominator_has_no_value(
            report in prop_oneof![valid_report(Edition::V2019), valid_report(Edition::V2021)]
        ) {
            for v in report.indicators().iter().chain(&report.to_published().indicators()) {
                let key = v.indicator().key;
                prop_assert!(!v.is_inconsistent(), "{}", key);
                match (v.denominator().unwrap().is_zero(), v.value()) {
                    (true, value) => prop_assert_eq!(value, Err(Undefined::ZeroDenominator), "{}", key),
                    (false, Ok(value)) => {
                        prop_assert!(value >= Decimal::ZERO, "{} = {}", key, value);
                        if v.indicator().scale == Scale::Fraction {
                            prop_assert!(value <= Decimal::ONE, "{} = {}", key, value);
                        }
                    }
                    (false, Err(why)) => prop_assert!(false, "{}: {}", key, why),
                }
            }
        }
    }
}

#[test]
fn every_indicator_has_a_formula_over_cells_of_both_editions() {
    for edition in Edition::ALL {
        let layout = disclosure_report::layout::Layout::of(edition);
        for indicator in ALL {
            assert!(!indicator.cells_in(layout).is_empty(), "{}", indicator.key);
        }
    }
    let zero = common::zero(Edition::V2019, "某局", 2020);
    assert!(zero.indicators().iter().all(|v| v.value() == Err(Undefined::ZeroDenominator)));
}

/// A page rendered with its indicators' panel reads back as the report it
/// shows: the panel, derived by the crate and marked so, is not read.
#[cfg(feature = "html")]
#[test]
fn a_page_with_its_panel_reads_back_without_it() {
    use disclosure_report::render::{HtmlOptions, html};
    let bytes =
        std::fs::read(format!("{}/tests/data/fixtures/html/pingtan-2022.html", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let parsed = read_bytes(&bytes, SourceFormat::Html, &Options::default()).unwrap();
    let page = html(parsed.published(), &HtmlOptions::page().with_indicators());
    assert!(page.contains("disclosure-report-derived") && page.contains("40.00%"));
    let back = read_bytes(page.as_bytes(), SourceFormat::Html, &Options::default()).unwrap();
    let cells = |p: &disclosure_report::Published| -> Vec<(String, String)> {
        p.cells().filter_map(|(c, printed)| Some((c.key_path(), printed?.text().to_owned()))).collect()
    };
    assert_eq!(cells(back.published()), cells(parsed.published()));
    assert!(back.reader_findings().is_empty(), "{}", back.reader_findings());
}
