//! Many reports at once: area totals, continuity over the years, and
//! comparisons of an organ's years ([`compare`]).
//!
//! ```
//! use disclosure_report::aggregate::{sum, Fold};
//! use disclosure_report::layout::rows;
//! use disclosure_report::*;
//!
//! let mut requests = RequestTable::zeroed(Edition::V2021);
//! requests.set(&rows::NEW_REQUESTS, ByApplicant::from([2, 0, 0, 0, 0, 0]))?;
//! requests.set(&rows::DISCLOSED, ByApplicant::from([2, 0, 0, 0, 0, 0]))?;
//! let township = |name: &str| {
//!     let meta = ReportMeta::new(name, 2022).unwrap();
//!     AnnualReport::builder(meta).requests(requests.clone()).build()
//! };
//! let reports = [township("甲乡人民政府")?, township("乙镇人民政府")?];
//!
//! let area = ReportMeta::new("某县（汇总）", 2022)?;
//! let total = sum(area, &reports, Fold::Never)?;
//! assert_eq!(total.report().to_requests().get(&rows::DISCLOSED).unwrap().natural_person, Count::new(4));
//!
//! // Published reports, as read, are summed the same way (each must be valid).
//! let published: Vec<Published> = reports.iter().map(AnnualReport::to_published).collect();
//! let area = ReportMeta::new("某县（汇总）", 2022)?;
//! assert_eq!(sum(area, &published, Fold::Never)?.count(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;

mod compare;
mod organs;
pub use compare::{
    CellChange, CompareError, Comparison, compare, compare_series, compare_series_with_organs, compare_with_organs,
};
pub use organs::Organs;

use crate::layout::{CellRef, Layout, Section};
use crate::model::SumOverflow;
use crate::rules::{self, Findings};
use crate::{AnnualReport, BuildError, Edition, ProactiveTable, Published, ReportMeta, RequestTable, ReviewTable};

/// A report of either layer: a strict [`AnnualReport`] or a
/// [`Published`] one, as read. [`sum`] and [`continuity`] take either.
///
/// ```
/// use disclosure_report::aggregate::Report;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// // Either layer: the strict report, or the report as published.
/// fn organ_of(report: &impl Report) -> &str {
///     report.meta().organ()
/// }
/// let strict = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?;
/// assert_eq!(organ_of(&strict), organ_of(&strict.to_published()));
/// assert!(strict.to_published().strict().is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Report: private::Sealed {
    /// Who published it, for which year.
    fn meta(&self) -> &ReportMeta;
    /// The strict report, or the error findings that keep it from being one.
    ///
    /// # Errors
    ///
    /// [`Findings`]: the error findings that keep a published report from being a strict one.
    fn strict(&self) -> Result<Cow<'_, AnnualReport>, Findings>;
    /// The report as published.
    fn published(&self) -> Cow<'_, Published>;
    /// The leaf cells the report does not print at all (none for a strict
    /// report): a sum takes them as 0 and says so
    /// ([`AreaTotal::partial_cells`]).
    fn absent_leaves(&self) -> Vec<CellRef>;
}

mod private {
    pub trait Sealed {}
    impl Sealed for crate::AnnualReport {}
    impl Sealed for crate::Published {}
}

impl Report for AnnualReport {
    fn meta(&self) -> &ReportMeta {
        AnnualReport::meta(self)
    }
    fn strict(&self) -> Result<Cow<'_, AnnualReport>, Findings> {
        Ok(Cow::Borrowed(self))
    }
    fn published(&self) -> Cow<'_, Published> {
        Cow::Owned(self.to_published())
    }
    fn absent_leaves(&self) -> Vec<CellRef> {
        Vec::new()
    }
}

impl Report for Published {
    fn meta(&self) -> &ReportMeta {
        Published::meta(self)
    }
    fn strict(&self) -> Result<Cow<'_, AnnualReport>, Findings> {
        match AnnualReport::try_from(self) {
            Ok(report) => Ok(Cow::Owned(report)),
            Err(e) => Err(e.findings().cloned().unwrap_or_default()),
        }
    }
    fn published(&self) -> Cow<'_, Published> {
        Cow::Borrowed(self)
    }
    fn absent_leaves(&self) -> Vec<CellRef> {
        self.layout().cells().filter(|&c| c.info().is_leaf() && self.get(c).is_none()).collect()
    }
}

/// Whether reports of both editions may be summed.
///
/// ```
/// use disclosure_report::aggregate::{sum, AggregateError, Fold};
/// use disclosure_report::{AnnualReport, Edition, ReportMeta};
///
/// // A township's V2019 report and one of V2021, for 2020.
/// let v2019 = AnnualReport::builder(ReportMeta::new("甲乡", 2020)?).build()?;
/// let v2021 = AnnualReport::builder(ReportMeta::new("乙乡", 2020)?)
///     .proactive(disclosure_report::ProactiveTable::zeroed(Edition::V2021))
///     .requests(disclosure_report::RequestTable::zeroed(Edition::V2021))
///     .build()?;
/// let reports = [v2019.to_published(), v2021.to_published()];
/// let meta = ReportMeta::new("某县", 2020)?;
/// assert!(matches!(sum(meta.clone(), &reports, Fold::Never), Err(AggregateError::MixedEditions { index: 1, .. })));
/// let total = sum(meta, &reports, Fold::V2021RequestsIntoV2019)?;
/// assert_eq!(total.report().edition(), Edition::V2019);
/// assert_eq!(total.proactive_left_out(), [1], "V2021 table 二 has no V2019 form");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fold {
    /// All reports must be of one edition.
    #[default]
    Never,
    /// Sum into a V2019 total: V2021 table 三 folds exactly into V2019
    /// (（六）其他处理 is the sum of its three sub-rows) — the only lossless
    /// conversion between the editions. Table 四 is the same in both. V2021
    /// table 二 has no V2019 form: it is left out of the total, and
    /// [`AreaTotal::proactive_left_out`] names those reports.
    V2021RequestsIntoV2019,
}

/// Why reports could not be summed.
///
/// ```
/// use disclosure_report::aggregate::{sum, AggregateError, Fold};
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let report = |year| AnnualReport::builder(ReportMeta::new("某局", year).unwrap()).build().unwrap();
/// let err = sum(ReportMeta::new("某县", 2022)?, &[report(2022), report(2023)], Fold::Never).unwrap_err();
/// assert!(matches!(err, AggregateError::YearMismatch { index: 1, year: 2023, .. }), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AggregateError {
    /// A report of another edition than the first (and no fold asked).
    #[error("report {} ({organ}) is {edition}, but the total is {expected}; Fold::V2021RequestsIntoV2019 folds V2021 into V2019", index + 1)]
    MixedEditions {
        /// The report's position in the input, from 0 (messages count from 1).
        index: usize,
        /// Its organ.
        organ: String,
        /// Its edition.
        edition: Edition,
        /// The total's edition.
        expected: Edition,
    },
    /// A report of another year than the total's.
    #[error("report {} ({organ}) is of {year}, but the total is of {expected}", index + 1)]
    YearMismatch {
        /// The report's position in the input, from 0 (messages count from 1).
        index: usize,
        /// Its organ.
        organ: String,
        /// Its year.
        year: u16,
        /// The total's year.
        expected: u16,
    },
    /// Adding a report made a cell overflow.
    #[error("adding report {} ({organ}): {sum}", index + 1)]
    Overflow {
        /// The report's position in the input, from 0 (messages count from 1).
        index: usize,
        /// Its organ.
        organ: String,
        /// The cell that overflows.
        sum: SumOverflow,
    },
    /// Two reports of one organ ([`ReportMeta::organ_key`]): an organ is
    /// counted once.
    #[error("reports {} and {} are both of {organ} for {year}: an organ is summed once", first + 1, index + 1)]
    SameOrgan {
        /// The position of the first report of the organ, from 0.
        first: usize,
        /// The position of the second, from 0.
        index: usize,
        /// The organ, as the second report names it.
        organ: String,
        /// The year.
        year: u16,
    },
    /// A published report that is not valid: only valid reports are summed.
    #[error("report {} ({organ}) is not valid; its errors:\n{findings}", index + 1)]
    InvalidReport {
        /// The report's position in the input, from 0 (messages count from 1).
        index: usize,
        /// Its organ.
        organ: String,
        /// Its error findings.
        findings: Findings,
    },
    /// The total does not build (a sum of valid reports always does; this
    /// is reported rather than trusted).
    #[error("the total does not build")]
    Invalid(#[from] BuildError),
}

/// An area total: a report whose tables are the sums of the inputs'.
///
/// ```
/// use disclosure_report::aggregate::{sum, Fold};
/// use disclosure_report::layout::rows;
/// use disclosure_report::{AnnualReport, ByApplicant, Edition, ReportMeta, RequestTable};
///
/// let organ = |name: &str, n: u64| -> Result<AnnualReport, Box<dyn std::error::Error>> {
///     let mut requests = RequestTable::zeroed(Edition::V2021);
///     requests.set(&rows::NEW_REQUESTS, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     requests.set(&rows::DISCLOSED, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     Ok(AnnualReport::builder(ReportMeta::new(name, 2023)?).requests(requests).build()?)
/// };
/// let total = sum(ReportMeta::new("某县", 2023)?, &[organ("甲局", 3)?, organ("乙局", 4)?], Fold::Never)?;
/// assert_eq!(total.count(), 2);
/// assert_eq!(total.report().figure("requests.new_requests.total".parse()?), Some(7.into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaTotal {
    report: AnnualReport,
    proactive_left_out: Vec<usize>,
    count: usize,
    partial: Vec<(CellRef, Vec<usize>)>,
}

impl AreaTotal {
    /// The total, as a report of the area (prose empty).
    pub fn report(&self) -> &AnnualReport {
        &self.report
    }

    /// The total, as a report.
    pub fn into_report(self) -> AnnualReport {
        self.report
    }

    /// The positions of the reports whose table 二 is not in the total
    /// (V2021 reports folded into a V2019 total).
    pub fn proactive_left_out(&self) -> &[usize] {
        &self.proactive_left_out
    }

    /// How many reports were summed.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The positions of the reports each table of the total covers: every
    /// report, but for table 二 those [left out](Self::proactive_left_out).
    pub fn covered(&self, section: Section) -> Vec<usize> {
        let left_out: &[usize] = if section == Section::Proactive { &self.proactive_left_out } else { &[] };
        (0..self.count).filter(|i| !left_out.contains(i)).collect()
    }

    /// The leaf cells of the total that some summed report did not print
    /// (taken as 0), in layout order, each with the positions of those
    /// reports. A V2021 sub-row of （六）其他处理 folded into V2019 is
    /// partial in its V2019 row; the table 二 of a report left out is
    /// not counted here.
    ///
    /// ```
    /// use disclosure_report::aggregate::{sum, Fold};
    /// use disclosure_report::{AnnualReport, ReportMeta};
    ///
    /// let report = |organ| AnnualReport::builder(ReportMeta::new(organ, 2022).unwrap()).build().unwrap().to_published();
    /// let (full, mut cut) = (report("甲局"), report("乙局"));
    /// let rules = "proactive.regulations.issued".parse()?;
    /// cut.remove(rules)?;
    /// let total = sum(ReportMeta::new("某县", 2022)?, &[full, cut], Fold::Never)?;
    /// assert_eq!(total.partial_cells(), [(rules, vec![1])]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn partial_cells(&self) -> &[(CellRef, Vec<usize>)] {
        &self.partial
    }

    /// The area's [indicators](crate::indicators), from its summed
    /// figures: the rate of the sums, never the average of the organs'
    /// rates (which would weigh an office of 3 requests as much as one of
    /// 3,000, and is not the area's rate).
    ///
    /// ```
    /// use disclosure_report::aggregate::{sum, Fold};
    /// use disclosure_report::layout::rows;
    /// use disclosure_report::*;
    ///
    /// let organ = |name: &str, new: u64, disclosed: u64| -> Result<AnnualReport, Box<dyn std::error::Error>> {
    ///     let mut requests = RequestTable::zeroed(Edition::V2021);
    ///     requests.set(&rows::NEW_REQUESTS, ByApplicant::from([new, 0, 0, 0, 0, 0]))?;
    ///     requests.set(&rows::DISCLOSED, ByApplicant::from([disclosed, 0, 0, 0, 0, 0]))?;
    ///     requests.set(&rows::WITHHELD_STATE_SECRET, ByApplicant::from([new - disclosed, 0, 0, 0, 0, 0]))?;
    ///     Ok(AnnualReport::builder(ReportMeta::new(name, 2023)?).requests(requests).build()?)
    /// };
    /// // 1 of 1 disclosed, and 0 of 99: the area disclosed 1 of 100, not 50%.
    /// let total = sum(ReportMeta::new("某县", 2023)?, &[organ("甲局", 1, 1)?, organ("乙局", 99, 0)?], Fold::Never)?;
    /// assert_eq!(total.indicators()[0].shown(), "1.00%");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn indicators(&self) -> Vec<crate::indicators::IndicatorValue> {
        self.report.indicators()
    }
}

/// The cell of the total's `layout` a summand's leaf `cell` enters: itself,
/// the same keys in the other edition, or (a V2021 sub-row of （六）
/// folded into V2019) its parent row's.
fn cell_in_total(layout: &Layout, cell: CellRef) -> Option<CellRef> {
    layout.same_cell(cell).or_else(|| {
        let parent = cell.row().parent?;
        layout.cell_by_key(cell.section(), parent.key, cell.column().key)
    })
}

/// Sums reports of one year into the report of an area named by `meta`.
///
/// Every sum is checked: an overflow is an error naming the report and the
/// cell, never a wrap. The total of valid reports is valid.
///
/// The reports may be strict ([`AnnualReport`]) or published
/// ([`Published`]); a published one must be valid
/// ([`AggregateError::InvalidReport`] otherwise).
///
/// # Errors
///
/// [`AggregateError`]: a report of another year, or of another edition without a fold; two reports
/// of one organ ([`ReportMeta::organ_key`]); an invalid published report; a cell whose sum
/// overflows (named with the report, counted from 1, and quoting the figures).
///
/// ```
/// use disclosure_report::aggregate::{sum, AggregateError, Fold};
/// use disclosure_report::layout::rows;
/// use disclosure_report::{AnnualReport, ByApplicant, Edition, ReportMeta, RequestTable};
///
/// let organ = |name: &str, n: u64| -> Result<AnnualReport, Box<dyn std::error::Error>> {
///     let mut requests = RequestTable::zeroed(Edition::V2021);
///     requests.set(&rows::NEW_REQUESTS, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     requests.set(&rows::DISCLOSED, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     Ok(AnnualReport::builder(ReportMeta::new(name, 2023)?).requests(requests).build()?)
/// };
/// // Strict reports, or published ones as read (each must be valid).
/// let published = [organ("甲局", 3)?.to_published(), organ("乙局", 4)?.to_published()];
/// let total = sum(ReportMeta::new("某县", 2023)?, &published, Fold::Never)?.into_report();
/// assert_eq!(total.meta().organ(), "某县");
/// assert_eq!(total.figure("requests.outcome_total.total".parse()?), Some(7.into()));
///
/// // One organ is counted once, however it spells its name.
/// let twice = [organ("甲局", 3)?, organ("甲 局", 3)?];
/// let err = sum(ReportMeta::new("某县", 2023)?, &twice, Fold::Never).unwrap_err();
/// assert!(matches!(err, AggregateError::SameOrgan { first: 0, index: 1, .. }), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sum<'a, R: Report + 'a>(
    meta: ReportMeta,
    reports: impl IntoIterator<Item = &'a R>,
    fold: Fold,
) -> Result<AreaTotal, AggregateError> {
    let strict = |(index, report): (usize, &'a R)| {
        let strict = report.strict().map_err(|findings| AggregateError::InvalidReport {
            index,
            organ: report.meta().organ().to_owned(),
            findings,
        });
        (strict, report.absent_leaves())
    };
    let mut reports = reports.into_iter().enumerate().map(strict).peekable();
    let edition = match (fold, reports.peek()) {
        (Fold::V2021RequestsIntoV2019, _) => Edition::V2019,
        (Fold::Never, Some((Ok(first), _))) => first.edition(),
        (Fold::Never, Some((Err(_), _)) | None) => Edition::for_year(meta.year()),
    };
    let mut proactive = ProactiveTable::zeroed(edition);
    let mut requests = RequestTable::new(edition);
    let mut review = ReviewTable::default();
    let mut left_out = Vec::new();
    let mut count = 0;
    let mut organs: BTreeMap<String, usize> = BTreeMap::new();
    let layout = Layout::of(edition);
    let mut partial: BTreeMap<usize, (CellRef, Vec<usize>)> = BTreeMap::new();
    for (index, (report, absent)) in reports.enumerate() {
        let report = report?;
        count += 1;
        let organ = || report.meta().organ().to_owned();
        if report.meta().year() != meta.year() {
            return Err(AggregateError::YearMismatch {
                index,
                organ: organ(),
                year: report.meta().year(),
                expected: meta.year(),
            });
        }
        if let Some(&first) = organs.get(&report.meta().organ_key()) {
            return Err(AggregateError::SameOrgan { first, index, organ: organ(), year: meta.year() });
        }
        organs.insert(report.meta().organ_key(), index);
        let overflow = |sum: SumOverflow| AggregateError::Overflow { index, organ: organ(), sum };
        let mixed =
            || AggregateError::MixedEditions { index, organ: organ(), edition: report.edition(), expected: edition };
        if report.edition() != edition && fold == Fold::Never {
            return Err(mixed());
        }
        proactive = match (&proactive, report.to_proactive()) {
            (ProactiveTable::V2019(a), ProactiveTable::V2019(b)) => {
                ProactiveTable::V2019(a.checked_add(&b).map_err(overflow)?)
            }
            (ProactiveTable::V2021(a), ProactiveTable::V2021(b)) => {
                ProactiveTable::V2021(a.checked_add(&b).map_err(overflow)?)
            }
            _ => {
                left_out.push(index);
                proactive
            }
        };
        let proactive_left_out = left_out.last() == Some(&index);
        for cell in absent.into_iter().filter(|c| !(proactive_left_out && c.section() == Section::Proactive)) {
            if let Some(at) = cell_in_total(layout, cell) {
                let reports = &mut partial.entry(at.index()).or_insert_with(|| (at, Vec::new())).1;
                if reports.last() != Some(&index) {
                    reports.push(index);
                }
            }
        }
        let theirs = if report.edition() == edition {
            report.to_requests()
        } else {
            report.to_requests().to_v2019().map_err(overflow)?
        };
        requests = requests.checked_add(&theirs).ok_or_else(mixed)?.map_err(overflow)?;
        review = review.checked_add(&report.to_review()).map_err(overflow)?;
    }
    let report = AnnualReport::builder(meta).proactive(proactive).requests(requests).review(review).build()?;
    Ok(AreaTotal { report, proactive_left_out: left_out, count, partial: partial.into_values().collect() })
}

/// Checks a series of one organ's reports, given in any order: the `X.*`
/// rules between each year and the one before it, and a finding for every
/// year missing between the first and the last (`X.missing_year`) and every
/// year given more than once (`X.duplicate_year`, of which the first is
/// used).
///
/// Cross-year findings say which years they compare
/// ([`Finding::years`](crate::Finding::years)).
///
/// The reports may be strict ([`AnnualReport`]) or published
/// ([`Published`]).
///
/// ```
/// use disclosure_report::aggregate::continuity;
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let year = |y| AnnualReport::builder(ReportMeta::new("某局", y).unwrap()).build().unwrap();
/// let series = [year(2021), year(2023)];
/// let findings = continuity(&series);
/// assert_eq!(findings.of_rule(&disclosure_report::rules::X_MISSING_YEAR).count(), 1); // 2022
/// ```
pub fn continuity<'a, R: Report + 'a>(reports: impl IntoIterator<Item = &'a R>) -> Findings {
    let mut by_year: BTreeMap<u16, &R> = BTreeMap::new();
    let mut found = Vec::new();
    for report in reports {
        let year = report.meta().year();
        if by_year.insert(year, by_year.get(&year).copied().unwrap_or(report)).is_some() {
            found.push(rules::series_year(year, false));
        }
    }
    let mut all = Findings::sorted(found);
    let mut previous: Option<(u16, Cow<'_, Published>)> = None;
    for (&year, &report) in &by_year {
        let report = report.published();
        if let Some((before, earlier)) = previous {
            let gaps: Vec<_> = (before + 1..year).map(|y| rules::series_year(y, true)).collect();
            if gaps.is_empty() {
                all.extend(report.check_against_previous(&earlier));
            } else {
                all.extend(Findings::sorted(gaps));
            }
        }
        previous = Some((year, report));
    }
    all
}
