//! The seed report (庙台乡人民政府, 2020, V2019), built with the builder by
//! `examples/miaotai_2020.rs`, against the text it was printed in.

#[allow(dead_code)]
#[path = "../../examples/miaotai_2020.rs"]
mod miaotai;

use disclosure_report::Value;
use disclosure_report::layout::{Layout, Section};
use disclosure_report::{Count, Edition, Level, OrganKind};

const SEED: &str = include_str!("../data/miaotai_2020.txt");

#[test]
fn the_seed_builds_as_a_clean_v2019_report() {
    let report = miaotai::miaotai_2020().unwrap();
    assert_eq!(report.edition(), Edition::V2019);
    assert_eq!(report.meta().organ(), "庙台乡人民政府");
    assert_eq!(report.meta().year(), 2020);
    assert_eq!(report.meta().kind(), Some(OrganKind::PeoplesGovernment(Level::Township)));
    assert!(report.notes().is_empty(), "{}", report.notes());
    let proactive = report.to_proactive();
    let p = proactive.as_v2019().unwrap();
    assert_eq!(
        (p.licensing.previous, p.licensing.change.get(), p.licensing.decisions),
        (Count::new(3), 3, Count::new(0))
    );
    assert_eq!(p.other_services.decisions, Count::new(2650));
    assert_eq!(report.to_requests().outcome_total().unwrap().checked_total(), Some(Count::ZERO));
}

/// Every row of table 二 whose label the seed printed has the figures the
/// built report has, cell for cell.
#[test]
fn table_2_figures_match_the_printed_text() {
    let report = miaotai::miaotai_2020().unwrap();
    let published = report.to_published();
    let layout = Layout::of(Edition::V2019);
    let mut rows_seen = 0;
    for block in layout.blocks(Section::Proactive) {
        for row in block.rows {
            let line = SEED.lines().find(|l| l.split('\t').next() == Some(row.label)).unwrap();
            let printed: Vec<&str> = line.split('\t').skip(1).filter(|t| !t.is_empty()).collect();
            assert_eq!(printed.len(), block.columns.len(), "{line}");
            for (column, text) in block.columns.iter().zip(printed) {
                let cell = layout.cell(Section::Proactive, row, column).unwrap();
                let built = published.get(cell).unwrap().value();
                assert_eq!(built, Value::read(column.kind, text), "{cell}");
                assert!(matches!(built, Value::Number(_)));
            }
            rows_seen += 1;
        }
    }
    assert_eq!(rows_seen, 8);
}

/// Tables 三 and 四 of the seed print only zeros (or nothing), as built.
#[test]
fn tables_3_and_4_print_only_zeros() {
    let start = SEED.find("三、收到和处理政府信息公开申请情况").unwrap();
    let end = SEED.find("五、存在的主要问题").unwrap();
    let numbers: Vec<&str> = SEED[start..end]
        .split(['\t', '\n'])
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    // 23 rows × 7 of table 三 printed (one row of （三） lost, one extra 0
    // per line there), and 10 of the 15 cells of table 四.
    assert!(numbers.len() > 150);
    assert!(numbers.iter().all(|n| *n == "0"));
    let report = miaotai::miaotai_2020().unwrap();
    for (_, figures) in report.to_requests().rows() {
        assert_eq!(figures.checked_total(), Some(Count::ZERO));
    }
    assert_eq!(report.to_review().reconsideration.checked_total(), Some(Count::ZERO));
}
