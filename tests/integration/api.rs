//! The API a newcomer reaches for: each test would fail without its fix
//! (the frictions of issue 9, numbered as there).

use disclosure_report::aggregate::{AggregateError, Fold, continuity, sum};
use disclosure_report::layout::{CellRef, Section, rows};
use disclosure_report::read::parse;
use disclosure_report::rules::{self, Rule};
use disclosure_report::*;

const SEED: &str = include_str!("../data/miaotai_2020.txt");

fn report(organ: &str, year: u16, new: [u64; 6], disclosed: [u64; 6]) -> AnnualReport {
    let mut requests = RequestTable::zeroed(Edition::for_year(year));
    requests.set(&rows::NEW_REQUESTS, ByApplicant::from(new)).unwrap();
    requests.set(&rows::DISCLOSED, ByApplicant::from(disclosed)).unwrap();
    AnnualReport::builder(ReportMeta::new(organ, year).unwrap()).requests(requests).build().unwrap()
}

/// Friction 2: `Debug` of a finding names the rule, the cells by key path and what
/// they printed: no function address, the same on every run.
#[test]
fn findings_debug_readably() {
    let mut p = report("某局", 2022, [1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0]).to_published();
    p.set_text(Section::Requests, &rows::NEW_REQUESTS, &layout::columns::NATURAL_PERSON, "2").unwrap();
    let findings = p.check();
    let f = findings.of_rule(&rules::T3_BALANCE).next().expect("a balance error");
    let debug = format!("{f:?}");
    assert!(debug.contains("Rule(\"T3.balance\")"), "{debug}");
    assert!(debug.contains("requests.new_requests.natural_person = \"2\""), "{debug}");
    assert!(!debug.contains("0x"), "{debug}");
    let cell: CellRef = "requests.new_requests.natural_person".parse().unwrap();
    assert_eq!(format!("{cell:?}"), "CellRef(V2021 requests.new_requests.natural_person)");
}

/// Friction 5: Conversions from plain numbers and texts; `Decimal` and `NaiveDate`
/// without depending on their crates.
#[test]
fn numbers_convert_as_expected() {
    assert_eq!(Count::try_from(3), Ok(Count::new(3)));
    assert!(Count::try_from(-1).is_err());
    assert_eq!(Count::try_from(7u8), Ok(Count::new(7)));
    let literal: Count = 7.into();
    assert_eq!(literal, Count::new(7));
    assert_eq!(u64::from(Count::new(9)), 9);
    assert_eq!("12".parse::<Count>(), Ok(Count::new(12)));
    assert_eq!("-2".parse::<Change>(), Ok(Change::new(-2)));
    assert_eq!("12.5".parse::<Money>().map(Money::wan), Ok(Decimal::new(125, 1)));
    assert_eq!(Money::try_from(Decimal::new(3, 0)).map(|m| m.to_string()), Ok("3万元".to_owned()));
    let row: ByApplicant<Count> = ByApplicant::from([10, 2, 0, 0, 0, 0]);
    assert_eq!(row.checked_total(), Some(Count::new(12)));
    let date: NaiveDate = "2023-01-15".parse().unwrap();
    let meta = ReportMeta::new("某局", 2022).unwrap().with_published_on(date);
    assert_eq!(meta.published_on(), Some(date));
}

/// Friction 6: `sum` and `continuity` take either layer: the same `Vec` to both.
#[test]
fn sum_and_continuity_take_either_layer() {
    let strict =
        vec![report("甲乡", 2022, [2, 0, 0, 0, 0, 0], [2, 0, 0, 0, 0, 0]), report("乙乡", 2022, [1; 6], [1; 6])];
    let total = sum(ReportMeta::new("某县", 2022).unwrap(), &strict, Fold::Never).unwrap();
    assert_eq!(total.count(), 2);
    assert!(continuity(&strict).of_rule(&rules::X_DUPLICATE_YEAR).next().is_some());
    let published: Vec<Published> = strict.iter().map(AnnualReport::to_published).collect();
    let total = sum(ReportMeta::new("某县", 2022).unwrap(), &published, Fold::Never).unwrap();
    assert_eq!(total.count(), 2);
    assert!(continuity(&published).of_rule(&rules::X_DUPLICATE_YEAR).next().is_some());
    // An invalid published report is named, counted from 1.
    let mut broken = published.clone();
    broken[1].set_text(Section::Requests, &rows::DISCLOSED, &layout::columns::BUSINESS, "0").unwrap();
    let err = sum(ReportMeta::new("某县", 2022).unwrap(), &broken, Fold::Never).unwrap_err();
    assert!(matches!(err, AggregateError::InvalidReport { index: 1, .. }), "{err:?}");
    assert!(err.to_string().starts_with("report 2 (乙乡) is not valid"), "{err}");
}

/// Friction 7: A cell by its key path: parsed into a `CellRef`, read from a report.
#[test]
fn cells_by_key_path() {
    let p = parse(SEED).unwrap().into_published();
    let cell: CellRef = "V2019:requests.carried_over.total".parse().unwrap();
    assert_eq!(p.get(cell).map(Cell::text), Some("0"));
    assert_eq!(p.get_path("requests.carried_over.total").map(Cell::text), Some("0"));
    assert!("requests.carried_over.nope".parse::<CellRef>().is_err());
}

/// Friction 8: Rules are named by their statics; a misspelt id is refused.
#[test]
fn rule_ids_are_checked() {
    let parsed = parse(SEED).unwrap();
    assert_eq!(parsed.reader_findings().of_rule(&rules::PARSE_REFLOWED).count(), 1);
    let reflowed: &Rule = "parse.reflowed".parse().unwrap();
    assert_eq!(parsed.reader_findings().of_rule(reflowed).count(), 1);
    let err = "T3.balanse".parse::<&Rule>().unwrap_err();
    assert!(err.to_string().contains("T3.balanse"), "{err}");
    assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
    assert_eq!("三".parse::<Section>(), Ok(Section::Requests));
}

/// Friction 9: An error's message does not repeat its source's; every error type is
/// reachable from the crate root.
#[test]
fn error_chains_say_each_thing_once() {
    let err = AggregateError::from(BuildError::EditionConflict { proactive: Edition::V2019, requests: Edition::V2021 });
    let source = std::error::Error::source(&err).expect("the build error").to_string();
    assert!(!err.to_string().contains(&source), "{err} repeats {source}");
    let _: Option<&dyn std::error::Error> =
        [&MetaError::YearOutOfRange(1999) as &dyn std::error::Error, &NumberError::Negative("-1".into())]
            .into_iter()
            .next();
    let _ = |e: NoSuchRow, f: NoSuchCell, g: MoneyError| (e, f, g);
}

/// Friction 10: A builder from the metadata alone: zero tables of the year's edition.
#[test]
fn builder_needs_only_the_metadata() {
    let report = AnnualReport::builder(ReportMeta::new("某局", 2020).unwrap()).build().unwrap();
    assert_eq!(report.edition(), Edition::V2019);
    assert_eq!(report.to_requests(), RequestTable::zeroed(Edition::V2019));
    assert_eq!(report.to_review(), ReviewTable::zeroed());
}

/// Friction 11: `findings()` gives every finding — the reader's and the
/// rules' — most severe first.
#[test]
fn findings_are_every_finding_most_severe_first() {
    let parsed = parse(SEED).unwrap();
    let all = parsed.findings();
    let reader = parsed.reader_findings();
    assert!(!reader.is_empty() && all.len() > reader.len(), "{all}");
    assert!(reader.iter().all(|f| all.iter().any(|g| g.rule() == f.rule() && g.place() == f.place())), "{all}");
    let severities: Vec<_> = all.iter().map(|f| f.severity()).collect();
    assert!(severities.windows(2).all(|w| w[0] <= w[1]), "{severities:?}");
}

/// Friction 12: The metadata types display; messages count reports from 1.
#[test]
fn metadata_displays() {
    let meta = ReportMeta::new("某县交通运输局", 2022).unwrap().with_kind(OrganKind::Department(Level::County));
    assert_eq!(meta.to_string(), "某县交通运输局2022年政府信息公开工作年度报告（县级政府部门）");
    assert_eq!(Level::Township.to_string(), "乡级");
    let reports = [report("甲", 2022, [0; 6], [0; 6]), report("乙", 2021, [0; 6], [0; 6])];
    let err = sum(ReportMeta::new("县", 2022).unwrap(), &reports, Fold::Never).unwrap_err();
    assert!(err.to_string().starts_with("report 2 (乙)"), "{err}");
}

/// Friction 1: strict JSON read as a published report has its totals
/// derived, and raises no false `cell.missing`.
#[cfg(feature = "json")]
#[test]
fn strict_json_reads_as_a_published_report() {
    let strict = report("某局", 2022, [3, 1, 0, 0, 0, 0], [3, 1, 0, 0, 0, 0]);
    let json = serde_json::to_string(&strict).unwrap();
    let published: Published = serde_json::from_str(&json).unwrap();
    assert!(published.check().is_empty(), "{}", published.check());
    assert_eq!(published.get_path("requests.outcome_total.total").map(Cell::text), Some("4"));
    let values = |p: &Published| p.cells().map(|(_, c)| c.map(Cell::value)).collect::<Vec<_>>();
    assert_eq!(values(&published), values(&strict.to_published()));
}

/// Friction 3: a strict-JSON failure keeps its findings, and a text that is
/// no number is quoted as given.
#[cfg(feature = "json")]
#[test]
fn strict_json_errors_keep_their_structure() {
    let json = serde_json::to_string(&report("某局", 2022, [1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0])).unwrap();
    let unbalanced = json.replacen(r#""disclosed":{"natural_person":1"#, r#""disclosed":{"natural_person":0"#, 1);
    match AnnualReport::from_json(&unbalanced) {
        Err(JsonError::Invalid(findings)) => assert!(findings.of_rule(&rules::T3_BALANCE).next().is_some()),
        other => panic!("{other:?}"),
    }
    let three = json.replacen(r#""natural_person":1"#, r#""natural_person":"three""#, 1);
    let err = AnnualReport::from_json(&three).unwrap_err();
    assert!(matches!(err, JsonError::Leaves(_)), "{err:?}");
    assert!(err.to_string().contains(r#""three""#), "{err}");
    let serde_err = serde_json::from_str::<AnnualReport>(&three).unwrap_err();
    assert!(serde_err.to_string().contains(r#""three""#), "{serde_err}");
    assert!(matches!(AnnualReport::from_json("{"), Err(JsonError::Syntax(_))));
}

/// Friction 4: one mistake in one leaf is one finding, at that leaf; no
/// finding on a derived cell the user never gave.
#[cfg(feature = "json")]
#[test]
fn one_mistake_one_finding() {
    let json = serde_json::to_string(&report("某局", 2022, [1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0])).unwrap();
    let negative = json.replacen(r#""carried_in":{"natural_person":0"#, r#""carried_in":{"natural_person":-1"#, 1);
    let Err(JsonError::Invalid(findings)) = AnnualReport::from_json(&negative) else { panic!("invalid") };
    assert_eq!(findings.len(), 1, "{findings}");
    let f = findings.of_rule(&rules::CELL_NEGATIVE).next().expect("at the leaf");
    assert_eq!(f.cells()[0].cell().key_path(), "requests.carried_in.natural_person");
    // Two mistakes in the builder: two balance errors, not a third on 总计.
    let mut requests = RequestTable::zeroed(Edition::V2021);
    requests.set(&rows::NEW_REQUESTS, ByApplicant::from([1, 1, 0, 0, 0, 0])).unwrap();
    let err = AnnualReport::builder(ReportMeta::new("某局", 2022).unwrap()).requests(requests).build().unwrap_err();
    assert_eq!(err.findings().unwrap().of_rule(&rules::T3_BALANCE).count(), 2, "{err}");
}
