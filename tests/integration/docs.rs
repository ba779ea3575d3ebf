//! The crate documentation stays true: its JSON example is a valid report,
//! and its rule table lists the whole catalogue.

use disclosure_report::{AnnualReport, Edition, rules};

const LIB: &str = include_str!("../../src/lib.rs");
const README: &str = include_str!("../../README.md");

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

/// Every official label of both editions is spelled once in the layout's
/// source (a label that is also another row's variant, once more there).
#[test]
fn every_label_is_written_once() {
    use disclosure_report::layout::{Layout, Section};
    const LAYOUT: &str = include_str!("../../src/layout/mod.rs");
    let mut labels: Vec<&str> = Vec::new();
    let mut variants: Vec<&str> = Vec::new();
    for edition in Edition::ALL {
        let layout = Layout::of(edition);
        for section in Section::TABLES {
            for block in layout.blocks(section) {
                labels.extend(block.title.map(|t| t.label));
                labels.extend(block.column_band.map(|b| b.label));
                labels.push(block.corner);
                for column in block.columns {
                    labels.push(column.label);
                    labels.extend(column.groups.iter().map(|g| g.label));
                    variants.extend(column.variants);
                }
                for row in block.rows {
                    labels.push(row.label);
                    labels.extend(row.band.map(|b| b.label));
                    variants.extend(row.variants);
                }
            }
        }
    }
    labels.retain(|l| !l.is_empty());
    labels.sort();
    labels.dedup();
    variants.sort();
    variants.dedup();
    // 76 distinct labels in the two editions' tables.
    assert_eq!(labels.len(), 76);
    for label in labels {
        let written = LAYOUT.matches(&format!("\"{label}\"")).count();
        let as_variant = usize::from(variants.contains(&label));
        assert_eq!(written, 1 + as_variant, "{label} is written {written} times");
    }
}

/// The README's list of indicators is the declaration's, as generated.
#[test]
fn the_readme_lists_every_indicator_as_declared() {
    let table = disclosure_report::indicators::markdown_table();
    assert!(README.contains(&table), "README's indicators differ from indicators::markdown_table():\n{table}");
    for indicator in disclosure_report::indicators::ALL {
        assert!(README.contains(&format!("| `{}` |", indicator.key)));
    }
}
