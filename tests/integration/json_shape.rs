//! One JSON shape per table: a table on its own serializes exactly as it
//! stands in a report's `tables`, and reads back; every table type
//! round-trips on its own and inside a report.
#![cfg(feature = "proptest")]

use disclosure_report::strategy::{any_valid_report, proactive_v2019, proactive_v2021, request_table, review_table};
use disclosure_report::*;
use proptest::prelude::*;
use serde_json::Value;

fn json<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap()
}

/// Serializes `table` alone, reads it back, and checks the text is the
/// report's `tables.<section>` object.
fn same_alone_and_embedded<T>(table: &T, report: &AnnualReport, section: &str)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let alone = serde_json::to_string(table).unwrap();
    let back: T = serde_json::from_str(&alone).unwrap();
    assert_eq!(&back, table);
    assert_eq!(json(table), json(report)["tables"][section], "{section}");
}

proptest! {
    #[test]
    fn every_table_has_one_shape(report in any_valid_report()) {
        same_alone_and_embedded(&report.to_proactive(), &report, "proactive");
        match report.to_proactive() {
            ProactiveTable::V2019(t) => same_alone_and_embedded(&t, &report, "proactive"),
            ProactiveTable::V2021(t) => same_alone_and_embedded(&t, &report, "proactive"),
        }
        same_alone_and_embedded(&report.to_requests(), &report, "requests");
        same_alone_and_embedded(&report.to_review(), &report, "review");
        // And the report itself.
        let text = serde_json::to_string(&report).unwrap();
        prop_assert_eq!(AnnualReport::from_json(&text).unwrap(), report);
    }

    #[test]
    fn drafts_round_trip_on_their_own(
        a in proactive_v2019(),
        b in proactive_v2021(),
        c in request_table(Edition::V2019),
        d in request_table(Edition::V2021),
        e in review_table(),
    ) {
        prop_assert_eq!(serde_json::from_value::<ProactiveV2019>(json(&a)).unwrap(), a);
        prop_assert_eq!(serde_json::from_value::<ProactiveTable>(json(&a)).unwrap(), ProactiveTable::V2019(a));
        prop_assert_eq!(serde_json::from_value::<ProactiveTable>(json(&b)).unwrap(), ProactiveTable::V2021(b));
        prop_assert_eq!(serde_json::from_value::<RequestTable>(json(&c)).unwrap(), c);
        prop_assert_eq!(serde_json::from_value::<RequestTable>(json(&d)).unwrap(), d);
        prop_assert_eq!(serde_json::from_value::<ReviewTable>(json(&e)).unwrap(), e);
    }
}

#[test]
fn row_structs_use_the_layout_column_keys() {
    let keys = |v: Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let t = ProactiveV2019::default();
    let embedded = json(&t);
    assert_eq!(keys(json(&t.licensing)), keys(embedded["licensing"].clone()));
    assert_eq!(keys(json(&t.fees)), keys(embedded["fees"].clone()));
    assert_eq!(keys(json(&t.procurement)), keys(embedded["procurement"].clone()));
    assert_eq!(keys(json(&t.regulations)), keys(embedded["regulations"].clone()));
    let t = ProactiveV2021::default();
    assert_eq!(keys(json(&t.regulations)), keys(json(&t)["regulations"].clone()));
    let row = json(&RequestTable::zeroed(Edition::V2021))["new_requests"].clone();
    assert_eq!(keys(json(&ByApplicant::<Count>::default())), keys(row));
}

#[test]
fn a_table_refuses_what_strict_json_refuses_and_says_where() {
    let good = json(&ReviewTable::zeroed());
    let with = |key: &str, v: Value| {
        let mut j = good.clone();
        j["cases"][key] = v;
        serde_json::from_value::<ReviewTable>(j).unwrap_err().to_string()
    };
    let printed = with("direct_upheld", Value::from("3件"));
    assert!(printed.contains("review.cases.direct_upheld") && printed.contains("\"3件\""), "{printed}");
    let negative = with("direct_upheld", Value::from(-1));
    assert!(negative.contains("review.cases.direct_upheld") && negative.contains("from 0"), "{negative}");
    let derived = with("direct_total", Value::from(0));
    assert!(derived.contains("review.cases.direct_total") && derived.contains("derived"), "{derived}");
    let mut missing = good.clone();
    missing["cases"].as_object_mut().unwrap().remove("after_reconsideration_pending");
    let missing = serde_json::from_value::<ReviewTable>(missing).unwrap_err().to_string();
    assert!(missing.contains("after_reconsideration_pending") && missing.contains("missing"), "{missing}");
    // A key twice is refused, not resolved by taking the last.
    let twice = r#"{"cases":{"direct_upheld":1,"direct_upheld":2}}"#;
    let twice = serde_json::from_str::<ReviewTable>(twice).unwrap_err().to_string();
    assert!(twice.contains("more than once"), "{twice}");
    // Table 二 of neither edition.
    let neither = serde_json::from_str::<ProactiveTable>(r#"{"regulations":{"nonsense":1}}"#).unwrap_err();
    assert!(neither.to_string().contains("V2019") && neither.to_string().contains("V2021"), "{neither}");
}

/// Strict JSON as the crate writes it (money as decimal strings), with one
/// total added by hand: read as published, and the reader says why, naming
/// the total given. A published report giving every total is not told.
#[test]
fn strict_json_with_a_total_is_said_to_be_read_as_published() {
    use disclosure_report::read::{Options, SourceFormat, read_report};
    let report = AnnualReport::builder(ReportMeta::new("某局", 2020).unwrap())
        .proactive(ProactiveV2019 {
            procurement: Procurement::from((2, "12.5".parse::<Money>().unwrap())),
            ..Default::default()
        })
        .build()
        .unwrap();
    let mut strict = json(&report);
    assert_eq!(strict["tables"]["proactive"]["procurement"]["purchase_amount"], "12.5", "money as a decimal string");
    strict["tables"]["requests"]["outcome_total"] = serde_json::json!({ "total": 0 });
    let parsed = read_report(&strict.to_string(), SourceFormat::Json, &Options::default()).unwrap();
    assert!(!parsed.totals_derived());
    let findings = parsed.findings();
    let said: Vec<_> = findings.of_rule(&rules::PARSE_STRICT_TOTALS).collect();
    assert_eq!(said.len(), 1, "{findings}");
    assert_eq!(said[0].cells().len(), 1);
    assert_eq!(
        (said[0].cells()[0].cell().key_path(), said[0].cells()[0].text()),
        ("requests.outcome_total.total".to_owned(), Some("0"))
    );
    assert!(findings.of_rule(&rules::CELL_MISSING).count() > 0, "the totals not given are missing");

    // Every total given: a published report, nothing to say.
    let whole = serde_json::to_string(&report.to_published()).unwrap();
    let parsed = read_report(&whole, SourceFormat::Json, &Options::default()).unwrap();
    assert_eq!(parsed.findings().of_rule(&rules::PARSE_STRICT_TOTALS).count(), 0);
}
