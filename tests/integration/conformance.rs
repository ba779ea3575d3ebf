//! The conformance suite: `tests/conformance/cases/<rule>.<pass|fail>.json`.
//!
//! Each case patches a base report as published (`base_v2019.json`,
//! `base_v2021.json`: all-zero reports) — its metadata, cells set or
//! removed, label variants, further printings of cells (`duplicates`), its
//! prose — optionally with a previous year's report or a
//! series of other years' reports (checked with `aggregate::continuity`), and
//! states exactly which findings the check must give, counted by rule id.
//! Every rule of the catalogue has a failing and a passing case.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use disclosure_report::{Published, rules};
use serde_json::{Map, Value};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Applies a case's (or a previous report's) patch to its base document.
fn report(spec: &Value) -> Published {
    let base = spec["base"].as_str().expect("a case names its base");
    let mut doc = read_json(&dir().join(format!("base_{base}.json")));
    if let Some(meta) = spec.get("meta") {
        doc["meta"] = meta.clone();
    }
    if let Some(set) = spec.get("set").and_then(Value::as_object) {
        for (path, text) in set {
            let keys: Vec<&str> = path.split('.').collect();
            let mut node = &mut doc["tables"];
            for key in &keys[..2] {
                node = node.as_object_mut().unwrap().entry(*key).or_insert_with(|| Value::Object(Map::new()));
            }
            node[keys[2]] = text.clone();
        }
    }
    if let Some(remove) = spec.get("remove").and_then(Value::as_array) {
        for path in remove {
            let keys: Vec<&str> = path.as_str().unwrap().split('.').collect();
            let row = doc["tables"][keys[0]][keys[1]].as_object_mut().unwrap();
            assert!(row.remove(keys[2]).is_some(), "{path} is not in the base");
        }
    }
    if let Some(v) = spec.get("label_variants") {
        doc["label_variants"] = v.clone();
    }
    if let Some(v) = spec.get("duplicates") {
        doc["duplicates"] = v.clone();
    }
    if let Some(v) = spec.get("prose") {
        doc["prose"] = v.clone();
    }
    serde_json::from_value(doc).unwrap_or_else(|e| panic!("the patched report does not deserialize: {e}"))
}

fn cases() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = fs::read_dir(dir().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), read_json(&p)))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_case_gives_exactly_its_findings() {
    let mut failures = Vec::new();
    for (name, case) in cases() {
        let current = report(&case);
        let mut findings = current.check();
        if let Some(previous) = case.get("previous") {
            findings.extend(current.check_against_previous(&report(previous)));
        }
        if let Some(series) = case.get("series").and_then(Value::as_array) {
            let mut all: Vec<Published> = series.iter().map(report).collect();
            all.push(current.clone());
            findings.extend(disclosure_report::aggregate::continuity(&all));
        }
        let mut got: BTreeMap<String, u64> = BTreeMap::new();
        for f in &findings {
            *got.entry(f.rule().id.to_owned()).or_default() += 1;
        }
        let want: BTreeMap<String, u64> =
            case["findings"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect();
        if got != want {
            failures.push(format!("{name}: expected {want:?}, got {got:?}\n{findings}"));
        }
        // Errors about cells say which; messages exist in both languages.
        for f in &findings {
            assert!(!f.message_zh().is_empty() && !f.message_en().is_empty(), "{name}: {f}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_failing_and_a_passing_case() {
    let cases = cases();
    for rule in rules::CATALOGUE {
        let raised = |kind: &str| {
            cases
                .iter()
                .filter(|(n, _)| n.starts_with(&format!("{}.{kind}", rule.id)))
                .map(|(_, c)| c["findings"].get(rule.id).is_some())
                .collect::<Vec<_>>()
        };
        let fail = raised("fail");
        let pass = raised("pass");
        assert!(!fail.is_empty() && fail.iter().all(|r| *r), "{}: no failing case raising it", rule.id);
        assert!(!pass.is_empty() && pass.iter().all(|r| !r), "{}: no passing case", rule.id);
    }
}
