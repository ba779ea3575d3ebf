//! The JSON Schemas of both forms, validated with a JSON Schema validator
//! from the registry (`jsonschema`): every generated report of both
//! editions is accepted, in both forms, and documents of the wrong shape are
//! refused — by the schema and by the reader alike.
#![cfg(all(feature = "schema", feature = "proptest"))]

use crate::common;

use disclosure_report::read::{Options, SourceFormat, read_bytes};
use disclosure_report::{AnnualReport, Edition, Published, schema, strategy};
use proptest::prelude::*;
use serde_json::{Value, json};

fn validator(schema: schemars::Schema) -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema.to_value()).expect("a valid draft 2020-12 schema")
}

fn strict() -> &'static jsonschema::Validator {
    static V: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    V.get_or_init(|| validator(schema::strict()))
}

fn published() -> &'static jsonschema::Validator {
    static V: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    V.get_or_init(|| validator(schema::published()))
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

proptest! {
    #![proptest_config(common::cases(64))]

    #[test]
    fn every_generated_report_fits_both_schemas(report in strategy::any_valid_report()) {
        let strict_json = serde_json::to_value(&report).unwrap();
        prop_assert!(strict().is_valid(&strict_json), "{:?}", errors(strict(), &strict_json));
        let published_json = serde_json::to_value(report.to_published()).unwrap();
        prop_assert!(published().is_valid(&published_json), "{:?}", errors(published(), &published_json));
        // The strict form, with its derived totals, is not strict.
        prop_assert!(!strict().is_valid(&published_json));
    }

    #[test]
    fn generated_published_reports_fit(p in prop_oneof![strategy::valid_published(Edition::V2019), strategy::valid_published(Edition::V2021)]) {
        let doc = serde_json::to_value(&p).unwrap();
        prop_assert!(published().is_valid(&doc), "{:?}", errors(published(), &doc));
    }
}

fn zero(edition: Edition) -> Value {
    serde_json::to_value(common::zero(edition, "某县人民政府", 2022)).unwrap()
}

/// Each change makes a document of the wrong shape: the schema refuses it
/// and so does the strict reader.
#[test]
fn wrong_shapes_are_refused_by_the_schema_and_the_reader() {
    type Change = (&'static str, fn(&mut Value));
    let changes: [Change; 9] = [
        ("a leaf left out", |d| {
            d["tables"]["requests"]["new_requests"].as_object_mut().unwrap().remove("business");
        }),
        ("a derived total given", |d| d["tables"]["requests"]["new_requests"]["total"] = json!(0)),
        ("a printed form in a count", |d| d["tables"]["requests"]["new_requests"]["business"] = json!("3件")),
        ("a negative count", |d| d["tables"]["review"]["reconsideration"]["upheld"] = json!(-1)),
        ("an unknown row", |d| d["tables"]["requests"]["surprise"] = json!({})),
        ("an unknown field", |d| d["extra"] = json!(true)),
        ("no meta", |d| {
            d.as_object_mut().unwrap().remove("meta");
        }),
        ("a year out of range", |d| d["meta"]["year"] = json!(1999)),
        ("another edition's tables", |d| d["edition"] = json!("V2019")),
    ];
    for (what, change) in changes {
        let mut doc = zero(Edition::V2021);
        assert!(strict().is_valid(&doc), "{:?}", errors(strict(), &doc));
        change(&mut doc);
        assert!(!strict().is_valid(&doc), "{what}: accepted by the schema");
        assert!(serde_json::from_value::<AnnualReport>(doc).is_err(), "{what}: accepted by the reader");
    }
}

#[test]
fn the_review_row_of_the_schema_names_its_columns() {
    let doc = zero(Edition::V2019);
    let review = doc["tables"]["review"].as_object().unwrap();
    let schema = schema::strict().to_value();
    let declared =
        schema["oneOf"][0]["properties"]["tables"]["properties"]["review"]["properties"].as_object().unwrap();
    assert_eq!(review.keys().collect::<Vec<_>>(), declared.keys().collect::<Vec<_>>());
}

#[test]
fn published_shapes() {
    let mut doc = serde_json::to_value(common::zero(Edition::V2019, "某局", 2020).to_published()).unwrap();
    doc["tables"]["requests"]["new_requests"]["total"] = json!("3件");
    doc["tables"]["proactive"]["procurement"]["purchase_amount"] = json!({"text": "8810055", "unit": "元"});
    assert!(published().is_valid(&doc), "{:?}", errors(published(), &doc));
    doc["tables"]["proactive"]["procurement"]["purchase_amount"] = json!({"text": "8810055", "unit": "美元"});
    assert!(!published().is_valid(&doc));
    assert!(serde_json::from_value::<Published>(doc).is_err());
}

/// Every real report, read and written as published JSON, fits the schema.
#[test]
fn every_fixture_fits_the_published_schema() {
    let mut seen = 0;
    for dir in ["tests/data/fixtures/html", "tests/data/fixtures/docx", "tests/data/fixtures/layout", "tests/data"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let Some(format) = SourceFormat::of_path(&path) else { continue };
            if !path.is_file() || format == SourceFormat::Json {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(parsed) = read_bytes(&bytes, format, &Options::default()) else { continue };
            let doc = serde_json::to_value(parsed.published()).unwrap();
            assert!(published().is_valid(&doc), "{}: {:?}", path.display(), errors(published(), &doc));
            seen += 1;
        }
    }
    assert!(seen >= 8, "only {seen} fixtures read");
}
