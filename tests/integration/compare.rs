//! Comparisons of an organ's years: previous + change = current in every
//! cell; a fold across editions keeps what the fold keeps; the renderings.
#![cfg(feature = "proptest")]

use crate::common;

use disclosure_report::aggregate::{CompareError, compare, compare_series};
use disclosure_report::layout::{Layout, Section};
use disclosure_report::{AnnualReport, Edition, ProactiveTable, ReportMeta, render, strategy};
use proptest::prelude::*;

/// The report with another year (and its organ kept).
fn in_year(r: &AnnualReport, organ: &str, year: u16) -> AnnualReport {
    let meta = ReportMeta::new(organ, year).unwrap();
    AnnualReport::builder(meta)
        .proactive(r.to_proactive())
        .requests(r.to_requests())
        .review(r.to_review())
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(common::cases(64))]

    #[test]
    fn previous_plus_change_is_current(
        a in strategy::valid_report(Edition::V2021),
        b in strategy::valid_report(Edition::V2021),
    ) {
        let (a, b) = (in_year(&a, "某局", 2022), in_year(&b, "某局", 2023));
        let c = compare(&a, &b).unwrap();
        prop_assert_eq!(c.changes().len(), Layout::of(Edition::V2021).len());
        for ch in c.changes() {
            prop_assert_eq!(ch.previous, a.figure(ch.cell), "{}", ch.cell);
            prop_assert_eq!(ch.current, b.figure(ch.cell), "{}", ch.cell);
            if let (Some(p), Some(d)) = (ch.previous, ch.change()) {
                prop_assert_eq!(Some(p + d), ch.current);
            }
            prop_assert!(!ch.appeared() && !ch.vanished() || ch.cell.row().parent.is_none());
        }
        // Largest first.
        let sizes: Vec<_> = c.largest().iter().filter(|ch| ch.cell.info().kind() != disclosure_report::layout::CellKind::Money).map(|ch| ch.change().unwrap().abs()).collect();
        prop_assert!(sizes.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn a_fold_across_editions_keeps_what_the_fold_keeps(
        a in strategy::valid_report(Edition::V2019),
        b in strategy::valid_report(Edition::V2021),
    ) {
        let (a, b) = (in_year(&a, "某局", 2020), in_year(&b, "某局", 2021));
        let c = compare(&a, &b).unwrap();
        prop_assert!(c.folded());
        prop_assert_eq!(c.edition(), Edition::V2019);
        // The fold of the V2021 report's table 三, and its table 四.
        let folded = AnnualReport::builder(ReportMeta::new("某局", 2021).unwrap())
            .proactive(ProactiveTable::zeroed(Edition::V2019))
            .requests(b.to_requests().to_v2019().unwrap())
            .review(b.to_review())
            .build()
            .unwrap();
        let layout = Layout::of(Edition::V2019);
        let kept: Vec<_> = layout.cells().filter(|c| c.section() != Section::Proactive).collect();
        prop_assert_eq!(c.changes().len(), kept.len());
        for ch in c.changes() {
            prop_assert!(ch.cell.section() != Section::Proactive);
            prop_assert_eq!(ch.current, folded.figure(ch.cell), "{}", ch.cell);
            prop_assert_eq!(ch.previous, a.figure(ch.cell), "{}", ch.cell);
            prop_assert!(ch.current.is_some() && ch.previous.is_some(), "{} lost", ch.cell);
        }
    }

    /// The order the years are given in never changes a series'
    /// comparisons, nor its continuity findings.
    #[test]
    fn the_order_of_the_years_never_changes_a_series(
        (series, shuffled) in prop::collection::vec(strategy::valid_report(Edition::V2021), 1..5)
            .prop_map(|reports| {
                let spellings = ["某局（办公室）", "某局(办公室)", "某 局（办公室）"];
                reports.iter().enumerate().map(|(i, r)| in_year(r, spellings[i % 3], 2021 + i as u16)).collect::<Vec<_>>()
            })
            .prop_flat_map(|series| (Just(series.clone()), Just(series).prop_shuffle()))
    ) {
        prop_assert_eq!(compare_series(&series).unwrap(), compare_series(&shuffled).unwrap());
        let findings = |reports: &[AnnualReport]| disclosure_report::aggregate::continuity(reports).to_string();
        prop_assert_eq!(findings(&series), findings(&shuffled));
    }
}

#[test]
fn what_cannot_be_compared_is_refused() {
    let a = common::zero(Edition::V2021, "甲局", 2022);
    let b = common::zero(Edition::V2021, "乙局", 2023);
    assert!(matches!(compare(&a, &b), Err(CompareError::OtherOrgan { .. })));
    let b = common::zero(Edition::V2021, "甲局", 2022);
    assert!(matches!(compare(&a, &b), Err(CompareError::NotEarlier { .. })));
    let later = common::zero(Edition::V2019, "甲局", 2023);
    assert!(matches!(compare(&a, &later), Err(CompareError::Editions { .. })));
}

#[test]
fn a_series_gives_one_comparison_per_year() {
    let years: Vec<AnnualReport> = (2021..=2024).map(|y| common::zero(Edition::V2021, "甲局", y)).collect();
    let series = compare_series(years.iter().rev()).unwrap();
    assert_eq!(series.iter().map(|c| c.years()).collect::<Vec<_>>(), [(2021, 2022), (2022, 2023), (2023, 2024)]);
    let rows: usize = series.iter().map(|c| disclosure_report::export::change_rows(c).count()).sum();
    assert_eq!(rows, 3 * Layout::of(Edition::V2021).len());
}

#[test]
fn the_renderings_show_both_figures_and_the_change() {
    let mut a = common::zero(Edition::V2021, "甲局", 2022).to_published();
    let mut b = common::zero(Edition::V2021, "甲局", 2023).to_published();
    let cell = a.layout().cell_by_path("review.cases.reconsideration_upheld").unwrap();
    let total = a.layout().cell_by_path("review.cases.reconsideration_total").unwrap();
    for (p, n) in [(&mut a, "4"), (&mut b, "6")] {
        for c in [cell, total] {
            p.set(c, disclosure_report::Cell::printed(c.info().kind(), n)).unwrap();
        }
    }
    let c = compare(&a, &b).unwrap();
    let md = render::comparison_markdown(&c);
    assert!(md.contains("| 表四「行政复议 / 结果维持」列 | 4 | 6 | +2 | +50.0% |"), "{md}");
    let html = render::comparison_html(std::slice::from_ref(&c));
    let td = html.split("id=\"cell-2023-review.cases.reconsideration_upheld\"").nth(1).unwrap();
    let td = &td[..td.find("</td>").unwrap()];
    assert!(td.starts_with(" class=\"up\""), "{td}");
    assert!(
        td.contains("<span class=\"now\">6</span> <span class=\"was\">/ 4</span><span class=\"d\">+2</span>"),
        "{td}"
    );
    assert!(!html.contains("<script"));
    let rows: Vec<_> = disclosure_report::export::change_rows(&c).filter(|r| r.change == Some(2.into())).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].relative, Some("0.5".parse().unwrap()));
}
