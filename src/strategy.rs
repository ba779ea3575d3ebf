//! Proptest strategies for property tests of code that uses this crate
//! (feature `proptest`).
//!
//! - [`valid_report`] generates reports that build and check clean — no
//!   error, no warning — in the given edition;
//! - [`valid_published`] prints such a report as an office might: group
//!   subtotals printed, zeros printed blank or as markers — still valid;
//! - [`perturbed`] takes such a report as published and changes one cell of
//!   table 三 or 四 by a non-zero δ, keeping it ≥ 0, and says which;
//! - [`perturbed_across_years`] does the same for table 二, whose figures
//!   the rules tie to the year before: it gives a pair of years of one
//!   organ whose table 二 continues, with one such cell changed.
//!
//! ```
//! use disclosure_report::strategy::valid_report;
//! use disclosure_report::Edition;
//! use proptest::strategy::{Strategy, ValueTree};
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::deterministic();
//! let report = valid_report(Edition::V2021).new_tree(&mut runner).unwrap().current();
//! assert!(report.to_published().check().is_empty());
//! ```

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::layout::{CellRef, Section};
use crate::model::{
    ByApplicant, ByOutcome, DocumentCounts, FeeItemCounts, InForceCounts, ItemCounts, ProactiveTable, ProactiveV2019,
    ProactiveV2021, Procurement, RequestTable, ReviewTable,
};
use crate::{AnnualReport, Cell, Change, Count, Edition, Level, Money, OrganKind, Prose, Published, ReportMeta};

/// A count: mostly small, sometimes large (sums still fit in `u64`).
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let n = count().new_tree(&mut runner).unwrap().current();
/// assert!(n.checked_add(n).is_some(), "sums fit");
/// ```
pub fn count() -> impl Strategy<Value = Count> {
    prop_oneof![8 => 0u64..60, 1 => 0u64..1_000_000_000_000].prop_map(Count::new)
}

/// An amount of money in 万元 with up to four decimals.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let m = money().new_tree(&mut runner).unwrap().current();
/// assert!(m.wan().scale() <= 4);
/// ```
pub fn money() -> impl Strategy<Value = Money> {
    (0i64..10_000_000_000, 0u32..=4).prop_map(|(m, scale)| Money::from_wan(Decimal::new(m, scale)).unwrap_or_default())
}

fn by_applicant() -> impl Strategy<Value = ByApplicant<Count>> {
    prop::array::uniform6(count()).prop_map(ByApplicant::from)
}

fn documents() -> impl Strategy<Value = DocumentCounts> {
    // 对外公开总数量 ≥ 本年新公开数量, or T2.new_exceeds_total warns.
    (count(), count(), 0u64..1000).prop_map(|(new_made, new_published, older)| DocumentCounts {
        new_made,
        new_published,
        total_published: Count::new(new_published.get().saturating_add(older)),
    })
}

/// A previous number of items and a change that does not take it below 0.
fn previous_and_change() -> impl Strategy<Value = (Count, Change)> {
    (0u64..10_000).prop_flat_map(|previous| {
        let floor = -i64::try_from(previous).unwrap_or(0);
        (Just(Count::new(previous)), (floor..=500).prop_map(Change::new))
    })
}

fn items() -> impl Strategy<Value = ItemCounts> {
    (previous_and_change(), count()).prop_map(|((previous, change), decisions)| ItemCounts {
        previous,
        change,
        decisions,
    })
}

/// Table 二 of the V2019 edition, valid.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let table = proactive_v2019().new_tree(&mut runner).unwrap().current();
/// assert!(disclosure_report::ProactiveTable::V2019(table).check().errors().next().is_none());
/// ```
pub fn proactive_v2019() -> impl Strategy<Value = ProactiveV2019> {
    ((documents(), documents()), (items(), items(), items(), items()), previous_and_change(), (count(), money()))
        .prop_map(
            |(
                (regulations, normative_documents),
                (licensing, other_services, penalties, enforcement),
                fees,
                procurement,
            )| {
                ProactiveV2019 {
                    regulations,
                    normative_documents,
                    licensing,
                    other_services,
                    penalties,
                    enforcement,
                    fees: FeeItemCounts { previous: fees.0, change: fees.1 },
                    procurement: Procurement { projects: procurement.0, amount: procurement.1 },
                }
            },
        )
}

fn in_force() -> impl Strategy<Value = InForceCounts> {
    (count(), count(), count()).prop_map(|(issued, repealed, in_force)| InForceCounts { issued, repealed, in_force })
}

/// Table 二 of the V2021 edition.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let table = proactive_v2021().new_tree(&mut runner).unwrap().current();
/// assert!(disclosure_report::ProactiveTable::V2021(table).check().errors().next().is_none());
/// ```
pub fn proactive_v2021() -> impl Strategy<Value = ProactiveV2021> {
    (in_force(), in_force(), count(), count(), count(), money()).prop_map(
        |(regulations, normative_documents, licensing, penalties, enforcement, fees)| ProactiveV2021 {
            regulations,
            normative_documents,
            licensing,
            penalties,
            enforcement,
            fees,
        },
    )
}

/// Table 三 of an edition, balanced: the outcomes and the carry-over are
/// drawn, and 一、本年新收 and 二、上年结转 split their sum.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let table = request_table(Edition::V2021).new_tree(&mut runner).unwrap().current();
/// assert!(table.check().errors().next().is_none(), "it balances");
/// ```
pub fn request_table(edition: Edition) -> impl Strategy<Value = RequestTable> {
    let drawn = RequestTable::leaf_rows(edition).count() - 2;
    (prop::collection::vec(by_applicant(), drawn), prop::array::uniform6(any::<u64>())).prop_map(
        move |(rows, split)| {
            let mut table = RequestTable::new(edition);
            let leaves: Vec<_> = RequestTable::leaf_rows(edition).skip(2).collect();
            let mut handled = ByApplicant::<Count>::default();
            for (row, figures) in leaves.into_iter().zip(rows) {
                let _ = table.set(row, figures);
                handled = handled.checked_add(&figures).unwrap_or(handled);
            }
            let mut carried_in = ByApplicant::<Count>::default();
            let mut new = handled;
            for (i, a) in crate::Applicant::ALL.into_iter().enumerate() {
                let total = handled[a].get();
                let part = split[i] % total.saturating_add(1);
                carried_in[a] = Count::new(part);
                new[a] = Count::new(total - part);
            }
            let _ = table.set(&crate::layout::rows::NEW_REQUESTS, new);
            let _ = table.set(&crate::layout::rows::CARRIED_IN, carried_in);
            table
        },
    )
}

fn by_outcome() -> impl Strategy<Value = ByOutcome> {
    (count(), count(), count(), count()).prop_map(|(upheld, corrected, other, pending)| ByOutcome {
        upheld,
        corrected,
        other,
        pending,
    })
}

/// Table 四.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let table = review_table().new_tree(&mut runner).unwrap().current();
/// assert!(table.check().errors().next().is_none());
/// ```
pub fn review_table() -> impl Strategy<Value = ReviewTable> {
    (by_outcome(), by_outcome(), by_outcome()).prop_map(|(reconsideration, direct, after_reconsideration)| {
        ReviewTable { reconsideration, direct, after_reconsideration }
    })
}

fn organ_kind() -> impl Strategy<Value = OrganKind> {
    let level = prop::sample::select(vec![
        Level::Central,
        Level::Provincial,
        Level::Prefectural,
        Level::County,
        Level::Township,
    ]);
    prop_oneof![
        level.clone().prop_map(OrganKind::PeoplesGovernment),
        level.prop_map(OrganKind::Department),
        Just(OrganKind::StreetOffice),
        Just(OrganKind::Other),
    ]
}

/// Metadata of a report of an edition's years, published on time.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let meta = meta(Edition::V2019).new_tree(&mut runner).unwrap().current();
/// assert_eq!(Edition::for_year(meta.year()), Edition::V2019);
/// ```
pub fn meta(edition: Edition) -> impl Strategy<Value = ReportMeta> {
    let years = match edition {
        Edition::V2019 => 2019u16..=2020,
        Edition::V2021 => 2021u16..=2030,
    };
    ("[\\p{Han}]{2,12}", years, prop::option::of(organ_kind()), prop::option::of(1u32..=31)).prop_filter_map(
        "the year is in range",
        |(organ, year, kind, day)| {
            let mut meta = ReportMeta::new(organ, year).ok()?;
            if let Some(kind) = kind {
                meta = meta.with_kind(kind);
            }
            // Published in January: before every Article 49 deadline.
            if let Some(date) = day.and_then(|d| NaiveDate::from_ymd_opt(i32::from(year) + 1, 1, d)) {
                meta = meta.with_published_on(date);
            }
            Some(meta)
        },
    )
}

fn prose() -> impl Strategy<Value = Prose> {
    // Section 五 says something (an empty one is `P.problems_empty`).
    (".{0,40}", ".{0,40}", ".{0,40}", prop::option::of(money())).prop_map(
        |(overview, problems, other, processing_fee)| Prose {
            overview,
            problems: format!("存在的主要问题：{problems}"),
            other,
            processing_fee,
        },
    )
}

/// A report of the edition that builds, and checks with no finding at all.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let report = valid_report(Edition::V2021).new_tree(&mut runner).unwrap().current();
/// assert!(report.to_published().check().is_empty());
/// ```
pub fn valid_report(edition: Edition) -> impl Strategy<Value = AnnualReport> {
    let proactive = match edition {
        Edition::V2019 => proactive_v2019().prop_map(ProactiveTable::V2019).boxed(),
        Edition::V2021 => proactive_v2021().prop_map(ProactiveTable::V2021).boxed(),
    };
    (meta(edition), proactive, request_table(edition), review_table(), prose()).prop_filter_map(
        "the generated report must build",
        |(meta, proactive, requests, review, prose)| {
            AnnualReport::builder(meta).proactive(proactive).requests(requests).review(review).prose(prose).build().ok()
        },
    )
}

/// A valid report of either edition.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let report = any_valid_report().new_tree(&mut runner).unwrap().current();
/// assert!(report.to_published().is_valid());
/// ```
pub fn any_valid_report() -> impl Strategy<Value = AnnualReport> {
    prop_oneof![valid_report(Edition::V2019), valid_report(Edition::V2021)]
}

/// A valid report of the edition as an office might print it: some group
/// subtotals printed (each the sum of its sub-rows), and some zero figures
/// printed blank or as a not-applicable marker (`""`, `/`, `-`, `—`), which
/// count as 0. It has no error finding (blanks are warnings, `cell.blank`).
///
/// ```
/// use disclosure_report::strategy::valid_published;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let p = valid_published(Edition::V2019).new_tree(&mut runner).unwrap().current();
/// assert!(p.is_valid(), "{}", p.check());
/// ```
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let p = valid_published(Edition::V2019).new_tree(&mut runner).unwrap().current();
/// assert!(p.is_valid());
/// ```
pub fn valid_published(edition: Edition) -> impl Strategy<Value = Published> {
    (
        valid_report(edition),
        prop::collection::vec(any::<prop::sample::Index>(), 0..3),
        prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec!["", "/", "-", "—"])), 0..8),
    )
        .prop_map(|(report, subtotals, blanks)| {
            let mut published = report.to_published();
            let layout = published.layout();
            // Printed subtotals: whole group rows, each cell its declared sum.
            let groups: Vec<&crate::layout::Sum> = layout.sums_of(crate::layout::SumKind::GroupTotal).collect();
            for pick in subtotals.iter().filter(|_| !groups.is_empty()) {
                let row = groups[pick.index(groups.len())].total.row();
                for sum in groups.iter().filter(|s| std::ptr::eq(s.total.row(), row)) {
                    let total: Decimal = sum.parts.iter().filter_map(|c| published.get(*c)?.value().figure()).sum();
                    let _ = published.set(sum.total, Cell::number(sum.total.info().kind(), total));
                }
            }
            // Zero leaves printed blank or as a marker.
            let zeros: Vec<CellRef> = published
                .cells()
                .filter(|(c, printed)| {
                    c.info().is_leaf() && printed.and_then(|p| p.value().figure()).is_some_and(|d| d.is_zero())
                })
                .map(|(c, _)| c)
                .collect();
            for (pick, text) in blanks.iter().filter(|_| !zeros.is_empty()) {
                let cell = zeros[pick.index(zeros.len())];
                let _ = published.set(cell, Cell::printed(cell.info().kind(), *text));
            }
            published
        })
}

/// A published report with one cell of table 三 or 四 changed by `delta`.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let Perturbed { published, cell, delta } = perturbed(Edition::V2021).new_tree(&mut runner).unwrap().current();
/// assert!(!delta.is_zero());
/// assert!(published.check().errors().any(|f| f.names(cell)), "the changed cell is named");
/// ```
#[derive(Clone, Debug)]
pub struct Perturbed {
    /// The report, as published, with the changed cell.
    pub published: Published,
    /// The changed cell.
    pub cell: CellRef,
    /// The change: non-zero; the cell stays ≥ 0.
    pub delta: Decimal,
}

/// A valid report of the edition, published, with one cell of table 三 or
/// 四 changed by a non-zero δ.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let case = perturbed(Edition::V2019).new_tree(&mut runner).unwrap().current();
/// assert!(!case.published.is_valid());
/// ```
pub fn perturbed(edition: Edition) -> impl Strategy<Value = Perturbed> {
    (valid_report(edition), any::<prop::sample::Index>(), 1i64..1000, any::<bool>()).prop_map(
        |(report, pick, size, down)| {
            let mut published = report.to_published();
            let cells: Vec<(CellRef, Decimal)> = published
                .cells()
                .filter(|(c, _)| matches!(c.section(), Section::Requests | Section::Review))
                .filter_map(|(c, printed)| Some((c, printed?.value().figure()?)))
                .collect();
            let (cell, value) = cells[pick.index(cells.len())];
            let size = Decimal::from(size);
            // Down where the cell can afford it, so it stays ≥ 0.
            let delta = if down && value >= size { -size } else { size };
            let _ = published.set(cell, Cell::number(cell.info().kind(), value + delta));
            Perturbed { published, cell, delta }
        },
    )
}

/// Two years of one organ, published, whose table 二 continued from one
/// year to the next until one cell of the later year was changed by δ.
///
/// ```
/// use disclosure_report::strategy::*;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let pair = perturbed_across_years(Edition::V2021).new_tree(&mut runner).unwrap().current();
/// let findings = pair.published.check_against_previous(&pair.previous);
/// assert!(findings.iter().any(|f| f.names(pair.cell)), "{findings}");
/// ```
#[derive(Clone, Debug)]
pub struct PerturbedPair {
    /// The year before, as published.
    pub previous: Published,
    /// The year, as published, with the changed cell.
    pub published: Published,
    /// The changed cell: one of table 二 that a rule across the years holds.
    pub cell: CellRef,
    /// The change: non-zero; the cell stays ≥ 0.
    pub delta: Decimal,
}

/// Two valid consecutive reports of one organ in the edition, table 二 of
/// the later one continuing the earlier one's (`X.items_continuity`,
/// `X.in_force_continuity` hold), then one table 二 cell of the later year
/// that those rules hold changed by a non-zero δ.
///
/// ```
/// use disclosure_report::strategy::perturbed_across_years;
/// use disclosure_report::Edition;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let p = perturbed_across_years(Edition::V2021).new_tree(&mut runner).unwrap().current();
/// let findings = p.published.check_against_previous(&p.previous);
/// assert!(findings.iter().any(|f| f.names(p.cell)), "{findings}");
/// ```
pub fn perturbed_across_years(edition: Edition) -> impl Strategy<Value = PerturbedPair> {
    (valid_report(edition), valid_report(edition), any::<prop::sample::Index>(), 1i64..1000, any::<bool>())
        .prop_filter_map("a year before the later report's", |(earlier, later, pick, size, down)| {
            let year = later.meta().year().checked_sub(1)?;
            let meta = ReportMeta::new(later.meta().organ(), year).ok()?;
            let mut previous = earlier.into_builder().meta(meta).build().ok()?.to_published();
            let mut published = later.to_published();
            let held = crate::rules::continue_section(&mut previous, &mut published, Section::Proactive);
            if held.is_empty() {
                return None;
            }
            let cell = held[pick.index(held.len())];
            let value = published.get(cell)?.value().figure()?;
            let size = Decimal::from(size);
            let delta = if down && value >= size { -size } else { size };
            let _ = published.set(cell, Cell::number(cell.info().kind(), value + delta));
            Some(PerturbedPair { previous, published, cell, delta })
        })
}

/// What a batch of generated report files holds: what a check of them
/// must find.
///
/// ```
/// # #[cfg(feature = "json")] {
/// let dir = std::env::temp_dir().join(format!("disclosure-report-batch-{}", std::process::id()));
/// let batch = disclosure_report::strategy::write_batch(&dir, 10)?;
/// assert_eq!(batch.reports, 10);
/// assert!(batch.with_errors <= batch.reports);
/// std::fs::remove_dir_all(&dir)?;
/// # }
/// # Ok::<(), std::io::Error>(())
/// ```
#[cfg(feature = "json")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Batch {
    /// Report files written.
    pub reports: usize,
    /// Of which with one perturbed cell (an error finding each).
    pub with_errors: usize,
    /// Cells of all the reports: the rows of their tidy table.
    pub cell_rows: usize,
}

/// Writes `n` generated reports into `dir` (created if need be), the same
/// for the same `n` on every run: editions alternate, every third is
/// published JSON and the rest the official text layout, and every fifth
/// has one perturbed cell ([`perturbed`]) — the others are valid.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("batch-doc-{}", std::process::id()));
/// let batch = disclosure_report::strategy::write_batch(&dir, 10)?;
/// assert_eq!((batch.reports, batch.with_errors), (10, 2));
/// assert_eq!(std::fs::read_dir(&dir)?.count(), 10);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// A file that cannot be written.
///
/// ```
/// # #[cfg(feature = "json")] {
/// let dir = std::env::temp_dir().join(format!("disclosure-report-write-batch-{}", std::process::id()));
/// let batch = disclosure_report::strategy::write_batch(&dir, 5)?;
/// assert_eq!(std::fs::read_dir(&dir)?.count(), batch.reports);
/// std::fs::remove_dir_all(&dir)?;
/// # }
/// # Ok::<(), std::io::Error>(())
/// ```
#[cfg(feature = "json")]
pub fn write_batch(dir: &std::path::Path, n: usize) -> std::io::Result<Batch> {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    std::fs::create_dir_all(dir)?;
    let mut runner = TestRunner::deterministic();
    let mut batch = Batch { reports: n, with_errors: 0, cell_rows: 0 };
    let generation = |e: proptest::test_runner::Reason| std::io::Error::other(format!("cannot generate a report: {e}"));
    for i in 0..n {
        let edition = if i % 2 == 0 { Edition::V2019 } else { Edition::V2021 };
        let mut published = if i % 5 == 0 {
            batch.with_errors += 1;
            perturbed(edition).new_tree(&mut runner).map_err(generation)?.current().published
        } else {
            valid_report(edition).new_tree(&mut runner).map_err(generation)?.current().to_published()
        };
        // Prose the text layout carries as is.
        *published.prose_mut() = Prose { overview: format!("报告{i}。"), ..Prose::default() };
        batch.cell_rows += crate::layout::Layout::of(edition).len();
        let (name, body) = if i % 3 == 0 {
            (format!("{i:06}.json"), serde_json::to_string(&published).map_err(std::io::Error::other)?)
        } else {
            (format!("{i:06}.txt"), crate::render::text(&published))
        };
        std::fs::write(dir.join(name), body)?;
    }
    Ok(batch)
}
