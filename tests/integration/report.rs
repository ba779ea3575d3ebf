//! The strict and lenient layers together: errors found all at once and
//! located, JSON that cannot smuggle in an invalid report.

use disclosure_report::Severity;
use disclosure_report::layout::{Layout, Section, columns, rows};
use disclosure_report::{
    AnnualReport, BuildError, ByApplicant, ByOutcome, Change, Count, Edition, ItemCounts, Money, ProactiveTable,
    ProactiveV2019, Published, ReportMeta, RequestTable, ReviewTable,
};
use rust_decimal::Decimal;

use crate::common;

fn meta(year: u16) -> ReportMeta {
    common::meta("某县人民政府", year)
}

fn zero(edition: Edition, year: u16) -> AnnualReport {
    common::zero(edition, "某县人民政府", year)
}

#[test]
fn three_independent_errors_are_all_found_and_located() {
    let mut p = zero(Edition::V2021, 2022).to_published();
    let layout = p.layout();
    let new_business = layout.cell(Section::Requests, &rows::NEW_REQUESTS, &columns::BUSINESS).unwrap();
    let direct_pending = layout.cell(Section::Review, &rows::REVIEW_CASES, &columns::DIRECT_PENDING).unwrap();
    let fees = layout.cell(Section::Proactive, &rows::FEES, &columns::FEE_AMOUNT).unwrap();
    p.set_text(Section::Requests, &rows::NEW_REQUESTS, &columns::BUSINESS, "4").unwrap();
    p.set_text(Section::Review, &rows::REVIEW_CASES, &columns::DIRECT_PENDING, "2").unwrap();
    p.set_text(Section::Proactive, &rows::FEES, &columns::FEE_AMOUNT, "-0.5").unwrap();

    let findings = p.check();
    let errors: Vec<_> = findings.errors().collect();
    // 4 new requests: row total, and balance in 商业企业. 2 pending: T4.total.
    // A negative fee amount: cell.negative.
    let located = |cell| errors.iter().filter(|f| f.names(cell)).map(|f| f.rule().id).collect::<Vec<_>>();
    assert_eq!(located(new_business), ["T3.balance", "T3.row_total"]);
    assert_eq!(located(direct_pending), ["T4.total"]);
    assert_eq!(located(fees), ["cell.negative"]);
    assert_eq!(errors.len(), 4, "{findings}");
    assert!(AnnualReport::try_from(&p).is_err());
}

#[test]
fn build_returns_every_error_of_every_table_at_once() {
    let proactive = ProactiveV2019 {
        penalties: ItemCounts { previous: Count::new(1), change: Change::new(-2), decisions: Count::new(0) },
        ..ProactiveV2019::default()
    };
    let mut requests = RequestTable::new(Edition::V2019);
    requests.set(&rows::CARRIED_IN, ByApplicant { research: Count::new(1), ..Default::default() }).unwrap();
    let review = ReviewTable {
        after_reconsideration: ByOutcome { upheld: Count::new(u64::MAX), pending: Count::new(1), ..Default::default() },
        ..ReviewTable::default()
    };
    let err =
        AnnualReport::builder(meta(2020)).proactive(proactive).requests(requests).review(review).build().unwrap_err();
    let findings = err.findings().unwrap();
    let ids: Vec<&str> = findings.iter().map(|f| f.rule().id).collect();
    assert!(ids.contains(&"T2.items_nonnegative"), "{findings}");
    assert!(ids.contains(&"T3.balance"), "{findings}");
    assert!(ids.contains(&"cell.overflow"), "{findings}");
    assert!(findings.iter().all(|f| f.severity() == Severity::Error));
    // Each table alone finds its own.
    assert_eq!(
        ProactiveTable::from(proactive).check().of_rule(&disclosure_report::rules::T2_ITEMS_NONNEGATIVE).count(),
        1
    );
    assert_eq!(review.check().of_rule(&disclosure_report::rules::CELL_OVERFLOW).count(), 1);
}

#[test]
fn invalid_json_never_yields_a_report_and_the_error_names_the_cell() {
    let report = zero(Edition::V2021, 2022);
    let mut json: serde_json::Value = serde_json::to_value(&report).unwrap();
    json["tables"]["requests"]["new_requests"]["research"] = 3.into();
    let err = serde_json::from_value::<AnnualReport>(json.clone()).unwrap_err().to_string();
    assert!(err.contains("requests.new_requests.research"), "{err}");
    assert!(err.contains("T3.balance"), "{err}");

    // Derived cells are not accepted as input.
    let mut derived = serde_json::to_value(&report).unwrap();
    derived["tables"]["requests"]["new_requests"]["total"] = 0.into();
    let err = serde_json::from_value::<AnnualReport>(derived).unwrap_err().to_string();
    assert!(err.contains("requests.new_requests.total") && err.contains("derived"), "{err}");

    // A key of the other edition.
    let mut other = serde_json::to_value(&report).unwrap();
    other["tables"]["proactive"]["procurement"] = serde_json::json!({"purchase_count": 0});
    let err = serde_json::from_value::<AnnualReport>(other).unwrap_err().to_string();
    assert!(err.contains("proactive.procurement.purchase_count"), "{err}");

    // A leaf left out.
    let mut missing = serde_json::to_value(&report).unwrap();
    missing["tables"]["review"]["cases"].as_object_mut().unwrap().remove("direct_other");
    let err = serde_json::from_value::<AnnualReport>(missing).unwrap_err().to_string();
    assert!(err.contains("cell.missing") && err.contains("review.cases.direct_other"), "{err}");

    // A blank where a number belongs.
    let mut blank = serde_json::to_value(&report).unwrap();
    blank["tables"]["review"]["cases"]["direct_other"] = "/".into();
    assert!(serde_json::from_value::<AnnualReport>(blank).is_err());

    // A negative count, a year out of range.
    let mut negative = serde_json::to_value(&report).unwrap();
    negative["tables"]["proactive"]["licensing"]["decisions"] = (-1).into();
    assert!(serde_json::from_value::<AnnualReport>(negative).is_err());
    let mut year = serde_json::to_value(&report).unwrap();
    year["meta"]["year"] = 1999.into();
    assert!(serde_json::from_value::<AnnualReport>(year).is_err());
}

#[test]
fn money_keeps_its_exact_digits_through_json() {
    let proactive = ProactiveV2019 {
        procurement: disclosure_report::Procurement {
            projects: Count::new(2),
            amount: Money::from_wan("160.5964".parse().unwrap()).unwrap(),
        },
        ..ProactiveV2019::default()
    };
    let report = AnnualReport::builder(meta(2020))
        .proactive(proactive)
        .requests(RequestTable::new(Edition::V2019))
        .review(ReviewTable::default())
        .processing_fee(Money::from_wan(Decimal::new(1200, 4)).unwrap())
        .build()
        .unwrap();
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"purchase_amount\":\"160.5964\""), "{json}");
    assert!(json.contains("\"processing_fee\":\"0.1200\""), "{json}");
    let back: AnnualReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
    let amount = back.to_proactive().as_v2019().unwrap().procurement.amount.wan();
    assert_eq!(amount.to_string(), "160.5964");
}

#[test]
fn a_printed_report_keeps_blank_apart_from_zero_and_converts_it_to_zero() {
    let mut p = zero(Edition::V2019, 2020).to_published();
    p.set_text(Section::Review, &rows::REVIEW_CASES, &columns::DIRECT_OTHER, "—").unwrap();
    p.set_text(Section::Requests, &rows::CARRIED_IN, &columns::RESEARCH, "").unwrap();
    let json = serde_json::to_string(&p).unwrap();
    let back: Published = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    let cell = p.layout().cell(Section::Review, &rows::REVIEW_CASES, &columns::DIRECT_OTHER).unwrap();
    assert_eq!(back.get(cell).unwrap().text(), "—");
    assert_eq!(p.check().of_rule(&disclosure_report::rules::CELL_BLANK).count(), 2);
    let strict = AnnualReport::try_from(&p).unwrap();
    assert_eq!(strict.to_review().direct.other, Count::ZERO);
}

#[test]
fn published_json_keeps_every_printed_value_even_invalid_ones() {
    let mut p = zero(Edition::V2021, 2022).to_published();
    for (text, row) in
        [("abc", &rows::DISCLOSED), ("-3", &rows::CARRIED_IN), ("99999999999999999999999", &rows::CARRIED_OVER)]
    {
        p.set_text(Section::Requests, row, &columns::NATURAL_PERSON, text).unwrap();
    }
    let back: Published = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
    let ids: Vec<_> = back.check().errors().map(|f| f.rule().id).collect();
    for id in ["cell.not_a_number", "cell.negative", "cell.overflow"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
}

#[test]
fn cells_of_another_edition_are_refused_not_misplaced() {
    let mut p = zero(Edition::V2019, 2020).to_published();
    let v2021 = Layout::of(Edition::V2021);
    let cell = v2021.cell(Section::Requests, &rows::OTHER_MISCELLANEOUS, &columns::NATURAL_PERSON).unwrap();
    assert!(p.set(cell, disclosure_report::Cell::printed(cell.info().kind(), "1")).is_err());
    assert!(p.set_text(Section::Proactive, &rows::FEES, &columns::FEE_AMOUNT, "1").is_err());
    assert!(p.get(cell).is_none());
    let mut t = RequestTable::new(Edition::V2019);
    assert!(t.set(&rows::OTHER_MISCELLANEOUS, ByApplicant::default()).is_err());
    assert!(t.set(&rows::OUTCOME_TOTAL, ByApplicant::default()).is_err());
}

#[test]
fn edition_conflicts_are_refused() {
    let err = AnnualReport::builder(meta(2022))
        .proactive(ProactiveTable::zeroed(Edition::V2021))
        .requests(RequestTable::new(Edition::V2019))
        .review(ReviewTable::default())
        .build()
        .unwrap_err();
    assert_eq!(err, BuildError::EditionConflict { proactive: Edition::V2021, requests: Edition::V2019 });
}

#[test]
fn public_types_are_send_sync_and_static() {
    fn assert_auto<T: Send + Sync + 'static>() {}
    assert_auto::<AnnualReport>();
    assert_auto::<Published>();
    assert_auto::<disclosure_report::Findings>();
    assert_auto::<BuildError>();
    assert_auto::<disclosure_report::layout::CellRef>();
}

#[test]
fn strict_json_reads_the_same_in_any_key_order() {
    let mut requests = RequestTable::new(Edition::V2021);
    requests.set(&rows::NEW_REQUESTS, ByApplicant { legal_services: Count::new(2), ..Default::default() }).unwrap();
    requests
        .set(&rows::PARTIALLY_DISCLOSED, ByApplicant { legal_services: Count::new(2), ..Default::default() })
        .unwrap();
    let report = AnnualReport::builder(meta(2022))
        .proactive(ProactiveTable::zeroed(Edition::V2021))
        .requests(requests)
        .review(ReviewTable::default())
        .build()
        .unwrap();
    let json = serde_json::to_value(&report).unwrap();
    // Edition first (as written): cells are placed while parsing.
    let first = serde_json::to_string(&json).unwrap();
    assert!(first.find("\"edition\"") < first.find("\"tables\""));
    assert_eq!(serde_json::from_str::<AnnualReport>(&first).unwrap(), report);
    // Tables first: read flat, placed once the edition is known.
    let tables_first = format!(
        r#"{{"tables":{},"prose":{},"meta":{},"edition":"V2021"}}"#,
        json["tables"], json["prose"], json["meta"]
    );
    assert_eq!(serde_json::from_str::<AnnualReport>(&tables_first).unwrap(), report);
    // The same checks on both paths.
    let bad = tables_first.replacen("\"legal_services\":2", "\"legal_services\":3", 1);
    let err = serde_json::from_str::<AnnualReport>(&bad).unwrap_err().to_string();
    assert!(err.contains("T3.balance") || err.contains("T3.outcome_total"), "{err}");
    // Unknown and repeated fields are refused.
    let unknown = first.replacen("\"prose\"", "\"notes\"", 1);
    assert!(serde_json::from_str::<AnnualReport>(&unknown).unwrap_err().to_string().contains("unknown field `notes`"));
    let twice = first.replacen("{\"edition\":\"V2021\",", "{\"edition\":\"V2021\",\"edition\":\"V2021\",", 1);
    assert!(serde_json::from_str::<AnnualReport>(&twice).unwrap_err().to_string().contains("duplicate field"));
    let missing = format!(r#"{{"edition":"V2021","meta":{}}}"#, json["meta"]);
    assert!(serde_json::from_str::<AnnualReport>(&missing).unwrap_err().to_string().contains("missing field `tables`"));
}
