//! Area totals and continuity over the years.
#![cfg(feature = "proptest")]

use disclosure_report::aggregate::{AggregateError, Fold, continuity, sum};
use disclosure_report::layout::{Layout, Section, rows};
use disclosure_report::strategy::valid_report;
use disclosure_report::{
    AnnualReport, ByApplicant, ByOutcome, Count, Edition, ProactiveTable, Published, RequestTable, ReviewTable,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common;
use crate::common::{meta, zero};

fn in_year(report: AnnualReport, organ: &str, year: u16) -> AnnualReport {
    report.into_builder().meta(meta(organ, year)).build().unwrap()
}

/// Valid reports of one year, each of its own organ (`{prefix}{n}`): a sum
/// counts an organ once.
fn reports(edition: Edition, year: u16, prefix: &'static str) -> impl Strategy<Value = Vec<AnnualReport>> {
    prop::collection::vec(valid_report(edition), 0..6)
        .prop_map(move |v| v.into_iter().enumerate().map(|(n, r)| in_year(r, &format!("{prefix}{n}"), year)).collect())
}

/// The figure of every cell of a published report, blank as 0.
fn figures(p: &Published) -> Vec<Decimal> {
    p.cells().map(|(_, c)| c.and_then(|c| c.value().figure()).unwrap_or_default()).collect()
}

proptest! {
    #![proptest_config(common::cases(64))]

    /// The total of valid reports is valid, and each of its cells is the
    /// sum of that cell over the reports.
    #[test]
    fn the_sum_of_valid_reports_is_valid_and_cellwise(
        (edition, year, reports) in prop_oneof![Just((Edition::V2019, 2020u16)), Just((Edition::V2021, 2023u16))]
            .prop_flat_map(|(e, y)| (Just(e), Just(y), reports(e, y, "单位")))
    ) {
        let total = sum(meta("某县", year), &reports, Fold::Never).unwrap();
        prop_assert_eq!(total.count(), reports.len());
        let published = total.report().to_published();
        prop_assert!(published.check().errors().next().is_none());
        prop_assert_eq!(published.edition(), edition);
        let mut expected = vec![Decimal::ZERO; Layout::of(edition).len()];
        for r in &reports {
            for (acc, d) in expected.iter_mut().zip(figures(&r.to_published())) {
                *acc += d;
            }
        }
        prop_assert_eq!(figures(&published), expected);
    }

    /// Folding V2021 reports into a V2019 total keeps every request: the
    /// （七）总计 row of the total is the sum of the inputs'.
    #[test]
    fn folding_keeps_every_request(
        old in reports(Edition::V2019, 2021, "乡"),
        new in reports(Edition::V2021, 2021, "镇"),
    ) {
        let all: Vec<&AnnualReport> = old.iter().chain(&new).collect();
        let total = sum(meta("某县", 2021), all.iter().copied(), Fold::V2021RequestsIntoV2019).unwrap();
        prop_assert_eq!(total.report().edition(), Edition::V2019);
        let mut outcome = ByApplicant::<Count>::default();
        for r in &all {
            outcome = outcome.checked_add(&r.to_requests().outcome_total().unwrap()).unwrap();
        }
        prop_assert_eq!(total.report().to_requests().outcome_total().unwrap(), outcome);
        let left_out: Vec<usize> = (old.len()..old.len() + new.len()).collect();
        prop_assert_eq!(total.proactive_left_out(), &left_out[..]);
    }

    /// The order of the reports never changes the total (nor, under a
    /// fold, which organs' table 二 it leaves out).
    #[test]
    fn the_order_of_the_reports_never_changes_the_total(
        (all, shuffled) in (reports(Edition::V2019, 2021, "乡"), reports(Edition::V2021, 2021, "镇"))
            .prop_flat_map(|(old, new)| {
                let all: Vec<AnnualReport> = old.into_iter().chain(new).collect();
                (Just(all.clone()), Just(all).prop_shuffle())
            })
    ) {
        let total = |reports: &[AnnualReport]| sum(meta("某县", 2021), reports, Fold::V2021RequestsIntoV2019).unwrap();
        let (a, b) = (total(&all), total(&shuffled));
        prop_assert_eq!(a.report(), b.report());
        let left_out = |t: &disclosure_report::aggregate::AreaTotal, reports: &[AnnualReport]| {
            let mut organs: Vec<String> =
                t.proactive_left_out().iter().map(|&i| reports[i].meta().organ().to_owned()).collect();
            organs.sort();
            organs
        };
        prop_assert_eq!(left_out(&a, &all), left_out(&b, &shuffled));
    }

    /// A cell some published reports did not print is partial, with exactly
    /// those reports named; the figures are those of the printed cells.
    #[test]
    fn cells_not_printed_are_partial_and_named(
        (reports, cut) in reports(Edition::V2021, 2023, "局").prop_flat_map(|r| {
            let n = r.len();
            (Just(r), prop::collection::vec((0..n.max(1), 0..Layout::of(Edition::V2021).len()), 0..8))
        })
    ) {
        let layout = Layout::of(Edition::V2021);
        // Table 二's cells: a report may leave out a row of it (a cell of
        // table 三 or 四 not printed is an error, and its report is not summed).
        let leaves: Vec<_> = layout.cells().filter(|c| c.info().is_leaf() && c.section() == Section::Proactive).collect();
        let mut published: Vec<Published> = reports.iter().map(AnnualReport::to_published).collect();
        let mut expected: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for &(r, c) in cut.iter().filter(|_| !reports.is_empty()) {
            let cell = leaves[c % leaves.len()];
            if published[r].remove(cell).unwrap().is_some() {
                let named = expected.entry(cell.index()).or_default();
                if !named.contains(&r) {
                    named.push(r);
                    named.sort_unstable();
                }
            }
        }
        let total = sum(meta("某县", 2023), &published, Fold::Never).unwrap();
        let partial: std::collections::BTreeMap<usize, Vec<usize>> =
            total.partial_cells().iter().map(|(cell, r)| (cell.index(), r.clone())).collect();
        prop_assert_eq!(partial, expected);
        // Each leaf the sum of the leaves printed (one not printed is 0).
        let mut cellwise = vec![Decimal::ZERO; layout.len()];
        for p in &published {
            for (acc, d) in cellwise.iter_mut().zip(figures(p)) {
                *acc += d;
            }
        }
        let summed = figures(&total.report().to_published());
        for cell in layout.cells().filter(|c| c.info().is_leaf()) {
            prop_assert_eq!(summed[cell.index()], cellwise[cell.index()], "{}", cell);
        }
    }
}

#[test]
fn one_organ_is_summed_once_whatever_its_spelling() {
    let reports = [
        zero(Edition::V2021, "平潭综合实验区管委会（办公室）", 2022),
        zero(Edition::V2021, "平潭综合实验区管委会(办公室)", 2022),
    ];
    let err = sum(meta("某县", 2022), &reports, Fold::Never).unwrap_err();
    assert!(matches!(err, AggregateError::SameOrgan { first: 0, index: 1, year: 2022, .. }), "{err}");
    assert!(err.to_string().contains("reports 1 and 2"), "{err}");
}

#[test]
fn mixed_editions_name_the_odd_report() {
    let reports =
        [zero(Edition::V2021, "甲", 2021), zero(Edition::V2021, "乙", 2021), zero(Edition::V2019, "丙", 2021)];
    let err = sum(meta("某县", 2021), &reports, Fold::Never).unwrap_err();
    assert_eq!(
        err,
        AggregateError::MixedEditions {
            index: 2,
            organ: "丙".into(),
            edition: Edition::V2019,
            expected: Edition::V2021
        }
    );
    assert!(err.to_string().contains("丙"));
}

#[test]
fn other_years_are_refused() {
    let reports = [zero(Edition::V2021, "甲", 2021), zero(Edition::V2021, "乙", 2022)];
    let err = sum(meta("某县", 2021), &reports, Fold::Never).unwrap_err();
    assert!(matches!(err, AggregateError::YearMismatch { index: 1, year: 2022, .. }), "{err}");
}

#[test]
fn overflow_is_an_error_naming_the_cell_never_a_wrap() {
    let big = ByOutcome { pending: Count::new(u64::MAX / 2 + 1), ..Default::default() };
    let review = ReviewTable { direct: big, ..Default::default() };
    let report = zero(Edition::V2021, "甲", 2022).into_builder().review(review).build().unwrap();
    let other = report.clone().into_builder().meta(meta("乙", 2022)).build().unwrap();
    let err = sum(meta("某县", 2022), [&report, &other], Fold::Never).unwrap_err();
    match &err {
        AggregateError::Overflow { index: 1, sum, .. } => {
            assert_eq!(sum.section, Section::Review);
            assert_eq!(sum.column.key, "direct_pending");
            // The message quotes the two figures.
            assert!(err.to_string().ends_with(": 9223372036854775808 + 9223372036854775808"), "{err}");
        }
        other => panic!("{other}"),
    }
}

#[test]
fn the_fold_is_exact_for_other_handling() {
    let mut requests = RequestTable::new(Edition::V2021);
    let n = |k| ByApplicant { natural_person: Count::new(k), ..Default::default() };
    requests.set(&rows::NEW_REQUESTS, n(6)).unwrap();
    requests.set(&rows::OTHER_NO_CORRECTION, n(1)).unwrap();
    requests.set(&rows::OTHER_UNPAID_FEE, n(2)).unwrap();
    requests.set(&rows::OTHER_MISCELLANEOUS, n(3)).unwrap();
    let folded = requests.to_v2019().unwrap();
    assert_eq!(folded.edition(), Edition::V2019);
    assert_eq!(folded.get(&rows::OTHER_HANDLING), Some(&n(6)));
    assert_eq!(folded.outcome_total(), requests.outcome_total());
}

#[test]
fn no_reports_sum_to_a_zero_report() {
    let total = sum(meta("某县", 2022), &[] as &[AnnualReport], Fold::Never).unwrap();
    assert_eq!(total.count(), 0);
    assert_eq!(total.report().edition(), Edition::V2021);
    assert!(total.report().to_published().is_valid());
}

#[test]
fn continuity_over_a_series_in_any_order() {
    let carried = |year, carried_in: u64, carried_over: u64| {
        let mut t = RequestTable::new(Edition::for_year(year));
        let n = |k| ByApplicant { natural_person: Count::new(k), ..Default::default() };
        t.set(&rows::CARRIED_IN, n(carried_in)).unwrap();
        t.set(&rows::NEW_REQUESTS, n(carried_over)).unwrap();
        t.set(&rows::DISCLOSED, n(carried_in)).unwrap();
        t.set(&rows::CARRIED_OVER, n(carried_over)).unwrap();
        let e = Edition::for_year(year);
        AnnualReport::builder(meta("某县人民政府", year))
            .proactive(ProactiveTable::zeroed(e))
            .requests(t)
            .review(ReviewTable::default())
            .build()
            .unwrap()
            .to_published()
    };
    // 2020 carries 2 over; 2021 carries in 2 (fine) and 5 over; 2022 is
    // missing; 2023 carries in 1 but follows a gap, so it is not compared.
    let series = [carried(2023, 1, 0), carried(2020, 0, 2), carried(2021, 2, 5), carried(2021, 2, 5)];
    let findings = continuity(&series);
    let ids: Vec<_> = findings.iter().map(|f| (f.rule().id, f.years())).collect();
    assert_eq!(ids, vec![("X.missing_year", None), ("X.duplicate_year", None)], "{findings}");
    assert!(findings.iter().any(|f| f.message_en().contains("2022")));

    // 2021 → 2022 with a break in the carry-over.
    let broken = [carried(2021, 0, 5), carried(2022, 3, 0)];
    let findings = continuity(&broken);
    assert_eq!(findings.of_rule(&disclosure_report::rules::X_CARRY_OVER).count(), 2, "{findings}");
    assert!(findings.iter().all(|f| f.years() == Some((2021, 2022))));
}
