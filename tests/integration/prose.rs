//! The figures the prose of every real report states: found, tied to their
//! cells, and in agreement with the tables — from every form the report is
//! published in; and no `P.*` warning.
#![cfg(all(feature = "html", feature = "docx"))]

use disclosure_report::Published;
use disclosure_report::prose::{statements, tied};
use disclosure_report::read::{Options, SourceFormat, read_bytes};

fn read(path: &str) -> Published {
    let bytes = std::fs::read(path).unwrap();
    let format = SourceFormat::of_path(std::path::Path::new(path)).unwrap();
    read_bytes(&bytes, format, &Options::default()).unwrap().into_published()
}

/// Each report's forms, and the figures its prose states: phrase, figure
/// as printed, the cells it stands for, and words of its sentence.
#[allow(clippy::type_complexity)]
fn reports() -> Vec<(Vec<String>, Vec<(&'static str, &'static str, Vec<&'static str>, &'static str)>)> {
    let forms = |name: &str| {
        let mut forms = vec![
            format!("tests/data/fixtures/html/{name}.html"),
            format!("tests/data/fixtures/docx/{name}.docx"),
            format!("tests/data/fixtures/layout/{name}.lo.layout.txt"),
            format!("tests/data/fixtures/layout/{name}.chrome.layout.txt"),
        ];
        if cfg!(feature = "pdf") {
            forms.push(format!("tests/data/fixtures/pdf/{name}.lo.pdf"));
            forms.push(format!("tests/data/fixtures/pdf/{name}.chrome.pdf"));
        }
        forms
    };
    vec![
        (vec!["tests/data/miaotai_2020.txt".to_owned()], vec![]),
        (forms("pingtan-2019"), vec![]),
        (
            forms("pingtan-2022"),
            vec![
                (
                    "normative_documents_in_force",
                    "698件",
                    vec!["proactive.normative_documents.in_force"],
                    "集中公开现行有效行政规范性文件698件",
                ),
                (
                    "normative_documents_issued",
                    "88件",
                    vec!["proactive.normative_documents.issued"],
                    "动态更新本年度制发的规范性文件88件",
                ),
                (
                    "requests_received",
                    "75件",
                    vec!["requests.new_requests.total", "requests.carried_in.total"],
                    "全区收到政府信息公开申请75件",
                ),
                (
                    "natural_person",
                    "72件",
                    vec!["requests.new_requests.natural_person", "requests.carried_in.natural_person"],
                    "涉及自然人72件",
                ),
                ("business", "3件", vec!["requests.new_requests.business"], "商业企业3件"),
                (
                    "litigation",
                    "1件",
                    vec!["review.cases.direct_total", "review.cases.after_reconsideration_total"],
                    "行政诉讼案件1件",
                ),
                ("reconsideration", "2件", vec!["review.cases.reconsideration_total"], "行政复议案件2件"),
            ],
        ),
    ]
}

#[test]
fn every_stated_figure_is_found_tied_and_agrees() {
    for (forms, expected) in reports() {
        for form in forms {
            let p = read(&form);
            let found = tied(&p);
            let listed: Vec<String> = found
                .iter()
                .map(|t| format!("{} {} «{}»", t.statement.phrase.key, t.statement.printed, t.statement.sentence))
                .collect();
            println!("{form}:\n  {}", listed.join("\n  "));
            assert_eq!(found.len(), expected.len(), "{form}: {listed:#?}");
            for (t, (key, printed, cells, words)) in found.iter().zip(&expected) {
                assert_eq!(t.statement.phrase.key, *key, "{form}");
                assert_eq!(t.statement.printed, *printed, "{form}: {key}");
                assert!(t.statement.sentence.contains(words), "{form}: {key}: {}", t.statement.sentence);
                let paths: Vec<String> = t.cells().iter().map(|c| c.key_path()).collect();
                assert_eq!(paths, *cells, "{form}: {key}");
                assert_eq!(t.agrees(), Some(true), "{form}: {key} disagrees: {t:?}");
            }
            let warnings: Vec<String> =
                p.check().iter().filter(|f| f.rule().id.starts_with("P.")).map(|f| f.to_string()).collect();
            assert!(warnings.is_empty(), "{form}: {warnings:#?}");
        }
    }
}

/// What the prose states that no phrase claims is counted, not checked.
#[test]
fn untied_figures_are_counted() {
    let p = read("tests/data/fixtures/html/pingtan-2022.html");
    let untied = statements(p.prose()).untied;
    // 发布政策文件20件: no declared phrase.
    assert!(untied.iter().any(|u| u.printed == "20件" && u.sentence.contains("发布政策文件20件")), "{untied:#?}");
}
