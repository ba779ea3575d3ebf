//! Property tests of the invariants, with the crate's own strategies.
#![cfg(feature = "proptest")]

use disclosure_report::Value;
use disclosure_report::layout::Section;
use disclosure_report::strategy::{any_valid_report, perturbed, perturbed_across_years, valid_published};
use disclosure_report::{AnnualReport, Applicant, Edition, Published};
use proptest::prelude::*;

use crate::common;

fn edition() -> impl Strategy<Value = Edition> {
    prop::sample::select(Edition::ALL.to_vec())
}

proptest! {
    #![proptest_config(common::cases(128))]

    /// (a) A generated valid report checks with no finding at all, and
    /// round-trips through JSON and through its published form unchanged.
    /// The full check of the published form evaluates every rule, those
    /// the strict path skips because they hold by construction
    /// (`T3.row_total`, `T3.outcome_total`, `T4.total`) included: this is
    /// the proof that they do.
    #[test]
    fn valid_reports_check_clean_and_round_trip(report in any_valid_report()) {
        let published = report.to_published();
        let findings = published.check();
        prop_assert!(findings.is_empty(), "{}", findings);
        prop_assert!(published.is_valid());

        let json = serde_json::to_string(&report).unwrap();
        let back: AnnualReport = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &report);

        let json = serde_json::to_string(&published).unwrap();
        let back: Published = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &published);

        prop_assert_eq!(AnnualReport::try_from(&published).unwrap(), report.clone());
        prop_assert_eq!(report.clone().into_builder().build().unwrap(), report);
    }

    /// (a′) Printed as an office might — group subtotals printed, zeros
    /// printed blank or as markers — a valid report stays valid, reads back
    /// from its text and page layouts unchanged, and yields the same
    /// strict report.
    #[test]
    fn valid_published_reports_stay_valid(p in edition().prop_flat_map(valid_published)) {
        let findings = p.check();
        prop_assert!(p.is_valid(), "{}", findings);
        prop_assert!(findings.errors().next().is_none(), "{}", findings);
        let strict = AnnualReport::try_from(&p).unwrap();
        let text = disclosure_report::render::text(&p);
        let back = disclosure_report::read::parse_with(&text, &disclosure_report::read::Options::default().with_kind(p.meta().kind())).unwrap();
        // The cells (the generated prose is any text, which the text layout
        // does not carry unchanged).
        let cells = |q: &Published| q.cells().map(|(_, c)| c.cloned()).collect::<Vec<_>>();
        prop_assert_eq!(cells(back.published()), cells(&p), "{}", text);
        let again = AnnualReport::try_from(back.published()).unwrap();
        prop_assert_eq!(again.to_requests(), strict.to_requests());
        prop_assert_eq!(again.to_review(), strict.to_review());
    }

    /// (b) Changing one cell of table 三 or 四 by δ ≠ 0 yields errors, and
    /// every one names that cell with expected − actual = ±δ.
    #[test]
    fn a_perturbed_cell_is_found_and_located(p in edition().prop_flat_map(perturbed)) {
        let findings = p.published.check();
        let errors: Vec<_> = findings.errors().collect();
        prop_assert!(!errors.is_empty());
        prop_assert!(!p.published.is_valid());
        for f in errors {
            prop_assert!(f.names(p.cell), "{} does not name {}", f, p.cell);
            let gap = f.expected().unwrap() - f.actual().unwrap();
            prop_assert!(gap == p.delta || gap == -p.delta, "{}: gap {} for δ {}", f, gap, p.delta);
        }
        prop_assert!(AnnualReport::try_from(p.published).is_err());
        // Saved findings read back as they were, to the word.
        let json = serde_json::to_string(&findings).unwrap();
        let back: disclosure_report::Findings = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
        prop_assert_eq!(back.errors().count(), findings.errors().count());
    }

    /// (b′) Changing one cell of table 二 that a rule across the years
    /// holds yields findings of the pair, and every finding on table 二
    /// names that cell with expected − actual = ±δ.
    #[test]
    fn a_perturbed_table_2_cell_is_found_across_years(p in edition().prop_flat_map(perturbed_across_years)) {
        let findings = p.published.check_against_previous(&p.previous);
        let on_2: Vec<_> = findings
            .iter()
            .filter(|f| f.cells().iter().any(|c| c.cell().section() == Section::Proactive))
            .collect();
        prop_assert!(!on_2.is_empty(), "{} changed by {}: {}", p.cell, p.delta, findings);
        for f in on_2 {
            prop_assert!(f.names(p.cell), "{} does not name {}", f, p.cell);
            let gap = f.expected().unwrap() - f.actual().unwrap();
            prop_assert!(gap == p.delta || gap == -p.delta, "{}: gap {} for δ {}", f, gap, p.delta);
        }
        let json = serde_json::to_string(&findings).unwrap();
        let back: disclosure_report::Findings = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    /// (c) Every derived total equals the sum of its leaves.
    #[test]
    fn derived_totals_are_sums_of_leaves(report in any_valid_report()) {
        let published = report.to_published();
        let layout = published.layout();
        let requests = report.to_requests();
        let figure = |row, column| {
            let cell = layout.cell(Section::Requests, row, column).unwrap();
            match published.get(cell).unwrap().value() {
                Value::Number(d) => d,
                other => panic!("{cell}: {other:?}"),
            }
        };
        let total_column = &disclosure_report::layout::columns::APPLICANT_TOTAL;
        for (row, figures) in requests.rows() {
            prop_assert_eq!(figure(row, total_column), figures.checked_total().unwrap().get().into());
        }
        let outcome = requests.outcome_total().unwrap();
        for a in Applicant::ALL {
            prop_assert_eq!(figure(&disclosure_report::layout::rows::OUTCOME_TOTAL, a.column()), outcome[a].get().into());
        }
        let review = report.to_review();
        for (group, total) in [
            (review.reconsideration, &disclosure_report::layout::columns::RECONSIDERATION_TOTAL),
            (review.direct, &disclosure_report::layout::columns::DIRECT_TOTAL),
            (review.after_reconsideration, &disclosure_report::layout::columns::AFTER_TOTAL),
        ] {
            let cell = layout.cell(Section::Review, &disclosure_report::layout::rows::REVIEW_CASES, total).unwrap();
            let printed = published.get(cell).unwrap().value();
            prop_assert_eq!(printed, Value::Number(group.checked_total().unwrap().get().into()));
        }
    }

    /// The cheap path agrees with the full check on arbitrary cell texts.
    #[test]
    fn is_valid_agrees_with_check(report in any_valid_report(), edits in prop::collection::vec((any::<prop::sample::Index>(), "[0-9/+\\-]{0,4}|x"), 0..4)) {
        let mut published = report.to_published();
        let cells: Vec<_> = published.layout().cells().collect();
        for (pick, text) in edits {
            let cell = cells[pick.index(cells.len())];
            published.set(cell, disclosure_report::Cell::printed(cell.info().kind(), text)).unwrap();
        }
        let findings = published.check();
        prop_assert_eq!(published.is_valid(), !findings.has_errors());
        prop_assert_eq!(AnnualReport::try_from(&published).is_ok(), !findings.has_errors());
        // Every error of a report with edited cells is located to cells.
        prop_assert!(findings.errors().all(|f| !f.cells().is_empty()));
    }
}
