//! Each operation against a baseline measured in the same run, on generated
//! reports: see BENCHMARKS.md.
//!
//! `cargo bench --all-features --bench benchmarks`

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use disclosure_report::aggregate::{Fold, sum};
use disclosure_report::read::{Options, SourceFormat, parse, read_bytes};
use disclosure_report::render::{self, HtmlOptions};
use disclosure_report::strategy::{perturbed, valid_report};
use disclosure_report::{AnnualReport, Edition, Prose, Published, ReportMeta, RequestTable};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde::Deserialize;

/// Valid reports of both editions, alternating, with short prose.
fn reports(n: usize) -> Vec<AnnualReport> {
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|i| {
            let edition = if i % 2 == 0 { Edition::V2019 } else { Edition::V2021 };
            let r = valid_report(edition).new_tree(&mut runner).expect("a report").current();
            let prose = Prose { overview: "本年度……".repeat(20), ..Prose::default() };
            r.into_builder().prose(prose).build().expect("valid")
        })
        .collect()
}

/// Reports with one perturbed cell each, as published.
fn invalid(n: usize) -> Vec<Published> {
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|i| {
            let edition = if i % 2 == 0 { Edition::V2019 } else { Edition::V2021 };
            perturbed(edition).new_tree(&mut runner).expect("a report").current().published
        })
        .collect()
}

// The mirror: the same JSON into plain structs, with no checks.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Mirror {
    edition: String,
    meta: MirrorMeta,
    tables: MirrorTables,
    prose: MirrorProse,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct MirrorMeta {
    organ: String,
    kind: Option<MirrorKind>,
    year: u16,
    published_on: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(untagged)]
enum MirrorKind {
    Unit(String),
    Level(BTreeMap<String, String>),
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct MirrorTables {
    proactive: BTreeMap<String, BTreeMap<String, serde_json::Number>>,
    requests: BTreeMap<String, MirrorApplicants>,
    review: BTreeMap<String, BTreeMap<String, u64>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct MirrorApplicants {
    natural_person: u64,
    business: u64,
    research: u64,
    public_interest: u64,
    legal_services: u64,
    other: u64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct MirrorProse {
    #[serde(default)]
    overview: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    other: String,
    processing_fee: Option<String>,
}

fn json(c: &mut Criterion) {
    let reports = reports(64);
    // Money as a JSON string does not fit `serde_json::Number`: the mirror
    // reads the same documents with money rewritten as numbers.
    let texts: Vec<String> = reports.iter().map(|r| serde_json::to_string(r).expect("json")).collect();
    let mirror_texts: Vec<String> = texts
        .iter()
        .map(|t| {
            let mut v: serde_json::Value = serde_json::from_str(t).expect("json");
            for row in v["tables"]["proactive"].as_object_mut().expect("proactive").values_mut() {
                for cell in row.as_object_mut().expect("row").values_mut() {
                    if let Some(s) = cell.as_str() {
                        *cell = serde_json::from_str(s).expect("a number");
                    }
                }
            }
            serde_json::to_string(&v).expect("json")
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("json");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("baseline: plain serde into a mirror struct", |b| {
        b.iter(|| {
            for t in &mirror_texts {
                black_box(serde_json::from_str::<Mirror>(t).expect("mirror"));
            }
        })
    });
    g.bench_function("AnnualReport: deserialize + check", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(serde_json::from_str::<AnnualReport>(t).expect("report"));
            }
        })
    });
    g.finish();
}

fn check(c: &mut Criterion) {
    let valid: Vec<Published> = reports(64).iter().map(AnnualReport::to_published).collect();
    let invalid = invalid(64);
    let texts: Vec<String> = valid.iter().map(|p| serde_json::to_string(p).expect("json")).collect();
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Elements(valid.len() as u64));
    g.bench_function("baseline: Published JSON deserialization", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(serde_json::from_str::<Published>(t).expect("published"));
            }
        })
    });
    g.bench_function("check, valid reports", |b| {
        b.iter(|| {
            for p in &valid {
                black_box(p.check());
            }
        })
    });
    g.bench_function("is_valid, valid reports", |b| {
        b.iter(|| {
            for p in &valid {
                black_box(p.is_valid());
            }
        })
    });
    g.bench_function("check, one error each", |b| {
        b.iter(|| {
            for p in &invalid {
                black_box(p.check());
            }
        })
    });
    g.bench_function("is_valid, one error each", |b| {
        b.iter(|| {
            for p in &invalid {
                black_box(p.is_valid());
            }
        })
    });
    g.finish();
}

fn parse_and_render(c: &mut Criterion) {
    let published: Vec<Published> = reports(64).iter().map(AnnualReport::to_published).collect();
    let texts: Vec<String> = published.iter().map(render::text).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("baseline: split into lines and tab cells", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(t.lines().map(|l| l.split('\t').count()).sum::<usize>());
            }
        })
    });
    g.bench_function("parse report text", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(parse(t).expect("a report"));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("render");
    g.throughput(Throughput::Elements(published.len() as u64));
    g.bench_function("baseline: serde_json of the published report", |b| {
        b.iter(|| {
            for p in &published {
                black_box(serde_json::to_string(p).expect("json"));
            }
        })
    });
    g.bench_function("text", |b| {
        b.iter(|| {
            for p in &published {
                black_box(render::text(p));
            }
        })
    });
    g.bench_function("html", |b| {
        b.iter(|| {
            for p in &published {
                black_box(render::html(p, &HtmlOptions::default()));
            }
        })
    });
    g.finish();
}

fn aggregate(c: &mut Criterion) {
    const N: usize = 100_000;
    let distinct: Vec<AnnualReport> = reports(512)
        .into_iter()
        .filter(|r| r.edition() == Edition::V2021)
        .map(|r| {
            let meta = ReportMeta::new("某乡", 2022).expect("meta");
            r.into_builder().meta(meta).build().expect("valid")
        })
        .collect();
    let many: Vec<AnnualReport> = distinct.iter().cycle().take(N).cloned().collect();
    let leaf_rows = RequestTable::leaf_rows(Edition::V2021).count();
    let cells = (N * leaf_rows * 6) as u64;
    // The same figures as plain arrays, for the baseline.
    let arrays: Vec<Vec<[u64; 6]>> = many
        .iter()
        .map(|r| r.to_requests().rows().map(|(_, f)| <[_; 6]>::from(*f).map(|c| c.get())).collect())
        .collect();
    let mut g = c.benchmark_group("sum 100,000 reports");
    g.sample_size(10).measurement_time(Duration::from_secs(10)).throughput(Throughput::Elements(cells));
    g.bench_function("baseline: wrapping sums of the table-三 figures as arrays", |b| {
        b.iter(|| {
            let mut acc = vec![[0u64; 6]; leaf_rows];
            for report in &arrays {
                for (a, row) in acc.iter_mut().zip(report) {
                    for (x, y) in a.iter_mut().zip(row) {
                        *x = x.wrapping_add(*y);
                    }
                }
            }
            black_box(acc)
        })
    });
    g.bench_function("aggregate::sum (checked, all tables, validated total)", |b| {
        b.iter_batched(
            || ReportMeta::new("某县", 2022).expect("meta"),
            |meta| black_box(sum(meta, &many, Fold::Never).expect("a total")),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// A real Word-pasted page (268 KB, the 2022 fixture), read from its
/// bytes, beside the HTML parser alone on the same page.
fn pages(c: &mut Criterion) {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/html/pingtan-2022.html"))
        .expect("the fixture page");
    let source = std::str::from_utf8(&bytes).expect("UTF-8");
    let mut g = c.benchmark_group("page");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("baseline: html5ever (scraper) parse alone", |b| {
        b.iter(|| black_box(scraper::Html::parse_document(black_box(source))))
    });
    g.bench_function("read a Word-pasted page (decode, parse, read, place)", |b| {
        b.iter(|| {
            let parsed = read_bytes(black_box(&bytes), SourceFormat::Html, &Options::default()).expect("a report");
            black_box(parsed)
        })
    });
    g.finish();
}

/// A real Word file (the 2022 fixture, 29 KB, made by LibreOffice), beside
/// unzipping its document and running the XML reader over it alone.
fn word_files(c: &mut Criterion) {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/docx/pingtan-2022.docx"))
        .expect("the fixture Word file");
    let mut g = c.benchmark_group("docx");
    g.bench_function("baseline: unzip word/document.xml and read its XML events", |b| {
        b.iter(|| {
            use std::io::Read as _;
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(black_box(&bytes))).expect("a zip");
            let mut xml = String::new();
            archive.by_name("word/document.xml").expect("the document").read_to_string(&mut xml).expect("UTF-8");
            let mut reader = quick_xml::Reader::from_str(&xml);
            let mut events = 0usize;
            while !matches!(reader.read_event().expect("XML"), quick_xml::events::Event::Eof) {
                events += 1;
            }
            black_box(events)
        })
    });
    g.bench_function("read a Word file (unzip, XML, lines, place)", |b| {
        b.iter(|| black_box(read_bytes(black_box(&bytes), SourceFormat::Docx, &Options::default()).expect("a report")))
    });
    g.finish();
}

/// PDF files: a 13-page report exported by LibreOffice and an 8-page one
/// printed by Chromium, beside pdf_oxide's bare text extraction of the
/// same file (every page's text, no geometry).
fn pdf_files(c: &mut Criterion) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/pdf");
    let mut g = c.benchmark_group("pdf");
    g.sample_size(20);
    for stem in ["pingtan-2019.lo", "pingtan-2022.chrome"] {
        let bytes = std::fs::read(format!("{dir}/{stem}.pdf")).expect("a fixture PDF");
        g.bench_function(format!("baseline: pdf_oxide's text of every page, {stem}"), |b| {
            b.iter(|| {
                let doc = pdf_oxide::PdfDocument::from_bytes(black_box(&bytes).clone()).expect("a PDF");
                let pages = doc.page_count().expect("pages");
                black_box((0..pages).map(|i| doc.extract_text(i).map(|t| t.len()).unwrap_or(0)).sum::<usize>())
            })
        });
        g.bench_function(format!("read a PDF (glyphs, rules, grid, lines, place), {stem}"), |b| {
            b.iter(|| {
                black_box(read_bytes(black_box(&bytes), SourceFormat::Pdf, &Options::default()).expect("a report"))
            })
        });
    }
    g.finish();
}

/// The original annotated: a PDF printed by Chromium and a Word file made
/// by LibreOffice, each with three errors (13 cells marked), beside
/// reading the same file (which a caller does first, for the findings).
fn annotate_originals(c: &mut Criterion) {
    let made = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/made");
    let mut g = c.benchmark_group("annotate");
    g.sample_size(20);
    for (file, format) in [
        ("pingtan-2022.wrong-total.chrome.pdf", SourceFormat::Pdf),
        ("pingtan-2022.wrong-total.lo.docx", SourceFormat::Docx),
    ] {
        let bytes = std::fs::read(format!("{made}/{file}")).expect("a made file");
        let findings = read_bytes(&bytes, format, &Options::default()).expect("a report").findings();
        g.bench_function(format!("baseline: read it, {file}"), |b| {
            b.iter(|| black_box(read_bytes(black_box(&bytes), format, &Options::default()).expect("a report")))
        });
        g.bench_function(format!("annotate the original, {file}"), |b| {
            b.iter(|| match format {
                SourceFormat::Pdf => black_box(render::annotate_pdf(black_box(&bytes), &findings).expect("annotated")),
                _ => black_box(render::annotate_docx(black_box(&bytes), &findings).expect("annotated")),
            })
        });
    }
    g.finish();
}

/// `pdftotext -layout` text: the fixtures' four texts (two printers, two
/// reports), labels wrapped around their figures.
fn layout_text(c: &mut Criterion) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/layout");
    let texts: Vec<String> = ["pingtan-2019.lo", "pingtan-2019.chrome", "pingtan-2022.lo", "pingtan-2022.chrome"]
        .iter()
        .map(|stem| std::fs::read_to_string(format!("{dir}/{stem}.layout.txt")).expect("a fixture"))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("layout text");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("baseline: split into lines and words", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(t.lines().map(|l| l.split_whitespace().count()).sum::<usize>());
            }
        })
    });
    g.bench_function("parse pdftotext -layout text", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(parse(t).expect("a report"));
            }
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    json,
    check,
    parse_and_render,
    layout_text,
    aggregate,
    pages,
    word_files,
    pdf_files,
    annotate_originals
);
criterion_main!(benches);
