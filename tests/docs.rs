//! The crate documentation stays true: its JSON example is a valid report,
//! and its rule table lists the whole catalogue.

use disclosure_report::{rules, AnnualReport, Edition};

const LIB: &str = include_str!("../src/lib.rs");
const README: &str = include_str!("../README.md");

fn doc_json() -> String {
    let docs: Vec<&str> = LIB.lines().filter_map(|l| l.strip_prefix("//!")).collect();
    let start = docs.iter().position(|l| l.trim() == "```json").unwrap() + 1;
    let end = start + docs[start..].iter().position(|l| l.trim() == "```").unwrap();
    docs[start..end].iter().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_json_example_is_a_valid_report_and_round_trips() {
    let json = doc_json();
    let report: AnnualReport = serde_json::from_str(&json).unwrap();
    assert_eq!(report.edition(), Edition::V2021);
    let again: serde_json::Value = serde_json::to_value(&report).unwrap();
    assert_eq!(again, serde_json::from_str::<serde_json::Value>(&json).unwrap());
}

#[test]
fn the_docs_list_every_rule() {
    for rule in rules::CATALOGUE {
        let row = format!("| `{}` | {} |", rule.id, rule.severity);
        assert!(LIB.contains(&row), "lib.rs docs lack {row}");
        assert!(README.contains(&row), "README lacks {row}");
    }
}
