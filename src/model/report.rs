//! [`AnnualReport`]: a valid report, stored as one array indexed by the
//! layout, and its builder.

use std::fmt;

use super::{Figures, overflow, place, read};
use super::{ProactiveTable, RequestTable, ReviewTable};
use crate::layout::Layout;
use crate::published::{Cell, Prose};
use crate::rules::{Findings, Severity, Source};
use crate::{Edition, Money, Published, ReportMeta};

/// A valid annual report: only the builder, [`TryFrom<Published>`] and
/// deserialization make one, and each checks the whole rule catalogue.
///
/// Totals are derived from the stored leaves. Warnings and notices found
/// while building (an `edition.year_mismatch`, say) do not block it and
/// stay visible in [`notes`](AnnualReport::notes).
///
/// ```
/// use disclosure_report::layout::rows;
/// use disclosure_report::*;
///
/// let meta = ReportMeta::new("某市交通运输局", 2022).unwrap()
///     .with_kind(OrganKind::Department(Level::Prefectural));
/// let mut requests = RequestTable::new(Edition::V2021);
/// requests.set(&rows::NEW_REQUESTS, ByApplicant { natural_person: Count::new(10), ..Default::default() })?;
/// requests.set(&rows::DISCLOSED, ByApplicant { natural_person: Count::new(7), ..Default::default() })?;
/// requests.set(&rows::UNABLE_NOT_HELD, ByApplicant { natural_person: Count::new(2), ..Default::default() })?;
/// requests.set(&rows::CARRIED_OVER, ByApplicant { natural_person: Count::new(1), ..Default::default() })?;
///
/// let report = AnnualReport::builder(meta).proactive(ProactiveV2021::default()).requests(requests).review(ReviewTable::default())
///     .overview("本机关……")
///     .build()?;
/// assert_eq!(report.to_requests().outcome_total().unwrap().natural_person, Count::new(9));
/// assert!(report.to_published().check().errors().next().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AnnualReport {
    /// Every cell's figure, indexed by the layout: the leaves, and the
    /// totals derived from them.
    figures: Figures,
    prose: Prose,
    notes: Findings,
}

/// Why a report could not be built.
///
/// ```
/// use disclosure_report::layout::rows;
/// use disclosure_report::{AnnualReport, BuildError, ByApplicant, Edition, ReportMeta, RequestTable};
///
/// let mut requests = RequestTable::zeroed(Edition::V2021);
/// requests.set(&rows::NEW_REQUESTS, ByApplicant::from([2, 0, 0, 0, 0, 0]))?; // received, never handled
/// let err = AnnualReport::builder(ReportMeta::new("某局", 2022)?).requests(requests).build().unwrap_err();
/// assert!(matches!(err, BuildError::Invalid(_)));
/// assert_eq!(err.findings().unwrap().errors().next().unwrap().rule().id, "T3.balance");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The report breaks rules of the catalogue: every error finding.
    #[error("the report is invalid:\n{0}")]
    Invalid(Findings),
    /// Table 二 and table 三 are of different editions.
    #[error("table 二 is {proactive} but table 三 is {requests}")]
    EditionConflict {
        /// The edition of table 二.
        proactive: Edition,
        /// The edition of table 三.
        requests: Edition,
    },
}

impl BuildError {
    /// The error findings, where the report broke rules.
    pub fn findings(&self) -> Option<&Findings> {
        match self {
            BuildError::Invalid(f) => Some(f),
            BuildError::EditionConflict { .. } => None,
        }
    }
}

/// Assembles an [`AnnualReport`]; see [`AnnualReport::builder`].
///
/// ```
/// use disclosure_report::{AnnualReport, Money, ReportMeta};
///
/// let report = AnnualReport::builder(ReportMeta::new("某县人民政府", 2023)?)
///     .overview("本机关……")
///     .problems("……")
///     .processing_fee(Money::ZERO)
///     .build()?;
/// assert_eq!(report.prose().overview, "本机关……");
/// // Back into a builder, to change and rebuild.
/// let renamed = report.into_builder().meta(ReportMeta::new("某县人民政府办公室", 2023)?).build()?;
/// assert_eq!(renamed.meta().organ(), "某县人民政府办公室");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a builder does nothing until build() is called"]
pub struct AnnualReportBuilder {
    meta: ReportMeta,
    proactive: ProactiveTable,
    requests: RequestTable,
    review: ReviewTable,
    prose: Prose,
}

impl AnnualReport {
    /// Starts a report from its metadata, with every table zero in the
    /// edition of its year ([`Edition::for_year`]); set the tables with
    /// [`proactive`](AnnualReportBuilder::proactive),
    /// [`requests`](AnnualReportBuilder::requests) and
    /// [`review`](AnnualReportBuilder::review). The edition is that of the
    /// tables.
    ///
    /// ```
    /// use disclosure_report::layout::rows;
    /// use disclosure_report::{AnnualReport, ByApplicant, Edition, RequestTable, ReportMeta};
    ///
    /// let meta = ReportMeta::new("某县交通运输局", 2023)?;
    /// let mut requests = RequestTable::zeroed(Edition::V2021);
    /// requests.set(&rows::NEW_REQUESTS, ByApplicant::from([4, 1, 0, 0, 0, 0]))?;
    /// requests.set(&rows::DISCLOSED, ByApplicant::from([4, 1, 0, 0, 0, 0]))?;
    /// let report = AnnualReport::builder(meta).requests(requests).build()?;
    /// assert_eq!(report.edition(), Edition::V2021);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(meta: ReportMeta) -> AnnualReportBuilder {
        let edition = Edition::for_year(meta.year());
        AnnualReportBuilder {
            meta,
            proactive: ProactiveTable::zeroed(edition),
            requests: RequestTable::zeroed(edition),
            review: ReviewTable::zeroed(),
            prose: Prose::default(),
        }
    }

    /// Back into a builder, to change and rebuild.
    pub fn into_builder(self) -> AnnualReportBuilder {
        AnnualReportBuilder {
            proactive: self.to_proactive(),
            requests: self.to_requests(),
            review: self.to_review(),
            meta: self.figures.meta,
            prose: self.prose,
        }
    }

    /// The edition of the tables.
    pub fn edition(&self) -> Edition {
        self.figures.edition()
    }

    /// Who published it, for which year.
    pub fn meta(&self) -> &ReportMeta {
        &self.figures.meta
    }

    /// The layout of the report's edition: its tables, rows and cells.
    ///
    /// ```
    /// use disclosure_report::{AnnualReport, Edition, ReportMeta};
    ///
    /// let report = AnnualReport::builder(ReportMeta::new("某局", 2020)?).build()?;
    /// assert_eq!(report.layout().edition(), Edition::V2019);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn layout(&self) -> &'static Layout {
        Layout::of(self.edition())
    }

    /// Table 二, made anew from the report's figures on each call (the
    /// report keeps one list of figures, not the tables): keep it in a
    /// variable to use it more than once.
    ///
    /// ```
    /// use disclosure_report::{AnnualReport, InForceCounts, ProactiveTable, ProactiveV2021, ReportMeta};
    ///
    /// let table = ProactiveV2021 { regulations: InForceCounts::from([1, 0, 9]), ..Default::default() };
    /// let report = AnnualReport::builder(ReportMeta::new("某局", 2023)?).proactive(table).build()?;
    /// assert_eq!(report.to_proactive(), ProactiveTable::V2021(table));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_proactive(&self) -> ProactiveTable {
        read(ProactiveTable::zeroed(self.edition()), &self.figures)
    }

    /// Table 三, made anew from the report's figures on each call; see
    /// [`to_proactive`](Self::to_proactive).
    ///
    /// ```
    /// use disclosure_report::layout::rows;
    /// use disclosure_report::{AnnualReport, ByApplicant, Count, Edition, ReportMeta, RequestTable};
    ///
    /// let mut requests = RequestTable::zeroed(Edition::V2021);
    /// requests.set(&rows::NEW_REQUESTS, ByApplicant::from([3, 0, 0, 0, 0, 0]))?;
    /// requests.set(&rows::DISCLOSED, ByApplicant::from([3, 0, 0, 0, 0, 0]))?;
    /// let report = AnnualReport::builder(ReportMeta::new("某局", 2023)?).requests(requests).build()?;
    /// let table = report.to_requests();
    /// assert_eq!(table.get(&rows::DISCLOSED).map(|row| row.natural_person), Some(Count::new(3)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_requests(&self) -> RequestTable {
        read(RequestTable::zeroed(self.edition()), &self.figures)
    }

    /// Table 四, made anew from the report's figures on each call; see
    /// [`to_proactive`](Self::to_proactive).
    ///
    /// ```
    /// use disclosure_report::{AnnualReport, ByOutcome, Count, ReportMeta, ReviewTable};
    ///
    /// let review = ReviewTable { reconsideration: ByOutcome::from([1, 1, 0, 0]), ..Default::default() };
    /// let report = AnnualReport::builder(ReportMeta::new("某局", 2023)?).review(review).build()?;
    /// assert_eq!(report.to_review().reconsideration.corrected, Count::new(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_review(&self) -> ReviewTable {
        read(ReviewTable::zeroed(), &self.figures)
    }

    /// Table 二; renamed [`to_proactive`](Self::to_proactive), which says
    /// that it makes the table on each call.
    #[deprecated(since = "0.4.0", note = "renamed to_proactive: it makes the table on each call")]
    pub fn proactive(&self) -> ProactiveTable {
        self.to_proactive()
    }

    /// Table 三; renamed [`to_requests`](Self::to_requests).
    #[deprecated(since = "0.4.0", note = "renamed to_requests: it makes the table on each call")]
    pub fn requests(&self) -> RequestTable {
        self.to_requests()
    }

    /// Table 四; renamed [`to_review`](Self::to_review).
    #[deprecated(since = "0.4.0", note = "renamed to_review: it makes the table on each call")]
    pub fn review(&self) -> ReviewTable {
        self.to_review()
    }

    /// The figure of any cell, leaf or derived total, by the layout — a
    /// group subtotal (（三）不予公开), which a strict report does not store,
    /// is the sum of its sub-rows.
    ///
    /// A cell of the other edition stands for the cell of the same key path
    /// in the report's own: a path parsed without an edition names the
    /// newest edition's cell, and is looked up in a V2019 report all the
    /// same. `None` for a path the report's edition does not have (or a
    /// subtotal past what a figure can hold).
    ///
    /// ```
    /// use disclosure_report::{AnnualReport, Decimal, ReportMeta};
    /// use disclosure_report::layout::CellRef;
    ///
    /// let total: CellRef = "requests.outcome_total.total".parse()?;
    /// let v2021 = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?;
    /// assert_eq!(v2021.figure(total), Some(Decimal::ZERO));
    /// let v2019 = AnnualReport::builder(ReportMeta::new("某局", 2020)?).build()?;
    /// assert_eq!(v2019.figure(total), Some(Decimal::ZERO));
    /// // 本年制发件数 is a V2021 column only.
    /// assert_eq!(v2019.figure("proactive.regulations.issued".parse()?), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn figure(&self, cell: crate::layout::CellRef) -> Option<rust_decimal::Decimal> {
        let cell = self.layout().same_cell(cell)?;
        match Layout::of(cell.edition()).sub_row_cells(cell) {
            Some(parts) => {
                parts.iter().try_fold(rust_decimal::Decimal::ZERO, |sum, &part| sum.checked_add(self.figure(part)?))
            }
            None => Some(self.figures.figure_or_zero(cell)),
        }
    }

    /// Every [indicator](crate::indicators) of the report (none
    /// inconsistent: a strict report's figures agree).
    ///
    /// ```
    /// use disclosure_report::{AnnualReport, ReportMeta};
    ///
    /// let report = AnnualReport::builder(ReportMeta::new("某局", 2022)?).build()?;
    /// // No request at all: every rate over requests is undefined, and why.
    /// assert!(report.indicators().iter().all(|v| v.value().is_err()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn indicators(&self) -> Vec<crate::indicators::IndicatorValue> {
        let missing = crate::indicators::Undefined::NotPrinted;
        crate::indicators::evaluate(self.layout(), |c| self.figure(c).ok_or(missing(c)), None)
    }

    /// Sections 一, 五 and 六.
    pub fn prose(&self) -> &Prose {
        &self.prose
    }

    /// The warnings and notices found when the report was built.
    pub fn notes(&self) -> &Findings {
        &self.notes
    }

    /// The report as it would be published: every cell, totals included.
    pub fn to_published(&self) -> Published {
        let mut p = Published::new(self.edition(), self.meta().clone());
        for (cell, d) in self.figures.figures() {
            // The cell comes from the report's own layout, read for its kind.
            let _ = p.put(cell, Cell::number(cell.info().kind(), d));
        }
        *p.prose_mut() = self.prose.clone();
        p
    }

    /// The report from figures whose totals were derived from their leaves
    /// (the builder, strict JSON): only the leaves' findings count.
    pub(super) fn from_figures(figures: Figures, prose: Prose) -> Result<AnnualReport, BuildError> {
        let findings = crate::rules::check_strict(&figures);
        AnnualReport::accept(figures, prose, findings)
    }

    /// The report if `findings` has no error and every figure fits its
    /// cell (a report that checks clean always does; asking keeps the
    /// conversion total rather than trusting it).
    fn accept(figures: Figures, prose: Prose, findings: Findings) -> Result<AnnualReport, BuildError> {
        if findings.has_errors() {
            let mut errors = findings;
            errors.retain(|f| f.severity() == Severity::Error);
            return Err(BuildError::Invalid(errors));
        }
        let unfit = figures.unfit();
        if !unfit.is_empty() {
            return Err(BuildError::Invalid(overflow(&figures, unfit)));
        }
        Ok(AnnualReport { figures, prose, notes: findings })
    }

    /// The report from a published one, whose printed totals are checked
    /// as printed; its figures keep the leaves (blank and not-applicable
    /// as 0) and derive every total again.
    fn from_published(p: &Published) -> Result<AnnualReport, BuildError> {
        let findings = crate::rules::check(p);
        let layout = Layout::of(p.edition());
        let mut figures = Figures::new(p.edition(), p.meta().clone());
        for cell in layout.cells().filter(|c| c.info().is_leaf()) {
            figures.set_figure(cell, p.figure_or_zero(cell));
        }
        figures.fill_derived_totals();
        AnnualReport::accept(figures, p.prose().clone(), findings)
    }
}

impl AnnualReportBuilder {
    /// Replaces the metadata.
    pub fn meta(mut self, meta: ReportMeta) -> Self {
        self.meta = meta;
        self
    }

    /// Section 一、总体情况.
    pub fn overview(mut self, text: impl Into<String>) -> Self {
        self.prose.overview = text.into();
        self
    }

    /// Section 五、存在的主要问题及改进情况.
    pub fn problems(mut self, text: impl Into<String>) -> Self {
        self.prose.problems = text.into();
        self
    }

    /// Section 六、其他需要报告的事项.
    pub fn other_matters(mut self, text: impl Into<String>) -> Self {
        self.prose.other = text.into();
        self
    }

    /// The information processing fee collected, stated in section 六.
    pub fn processing_fee(mut self, fee: Money) -> Self {
        self.prose.processing_fee = Some(fee);
        self
    }

    /// All prose at once.
    pub fn prose(mut self, prose: Prose) -> Self {
        self.prose = prose;
        self
    }

    /// Table 二.
    pub fn proactive(mut self, table: impl Into<ProactiveTable>) -> Self {
        self.proactive = table.into();
        self
    }

    /// Table 三.
    pub fn requests(mut self, table: RequestTable) -> Self {
        self.requests = table;
        self
    }

    /// Table 四.
    pub fn review(mut self, table: ReviewTable) -> Self {
        self.review = table;
        self
    }

    /// Checks the whole report against the rule catalogue and returns it,
    /// or every error finding at once.
    ///
    /// # Errors
    ///
    /// [`BuildError::Invalid`] with every error finding, each at the leaf given;
    /// [`BuildError::EditionConflict`] if tables 二 and 三 are of different editions.
    pub fn build(self) -> Result<AnnualReport, BuildError> {
        let (proactive, requests) = (self.proactive.edition(), self.requests.edition());
        if proactive != requests {
            return Err(BuildError::EditionConflict { proactive, requests });
        }
        let mut figures = Figures::new(proactive, self.meta);
        place(&mut figures, &self.proactive);
        place(&mut figures, &self.requests);
        place(&mut figures, &self.review);
        figures.fill_derived_totals();
        AnnualReport::from_figures(figures, self.prose)
    }
}

impl From<AnnualReport> for AnnualReportBuilder {
    fn from(r: AnnualReport) -> Self {
        r.into_builder()
    }
}

impl TryFrom<&Published> for AnnualReport {
    type Error = BuildError;

    /// Succeeds exactly when [`Published::check`] finds no error. Blank
    /// and not-applicable cells become 0; printed subtotals are dropped
    /// (they are derived).
    fn try_from(p: &Published) -> Result<Self, BuildError> {
        AnnualReport::from_published(p)
    }
}

impl TryFrom<Published> for AnnualReport {
    type Error = BuildError;
    fn try_from(p: Published) -> Result<Self, BuildError> {
        AnnualReport::from_published(&p)
    }
}

impl From<&AnnualReport> for Published {
    fn from(r: &AnnualReport) -> Published {
        r.to_published()
    }
}

impl fmt::Display for AnnualReport {
    /// `organ year edition`, e.g. `庙台乡人民政府 2020 (V2019)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.meta().organ(), self.meta().year(), self.edition())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::rows as r;
    use crate::{ByApplicant, Count};

    fn zeroed(edition: Edition) -> AnnualReportBuilder {
        let meta = ReportMeta::new("测试", if edition == Edition::V2019 { 2020 } else { 2022 }).unwrap();
        AnnualReport::builder(meta)
            .proactive(ProactiveTable::zeroed(edition))
            .requests(RequestTable::new(edition))
            .review(ReviewTable::default())
    }

    #[test]
    fn zero_reports_build_in_both_editions() {
        for e in Edition::ALL {
            let r = zeroed(e).build().unwrap();
            assert_eq!(r.edition(), e);
            assert!(r.notes().errors().next().is_none());
        }
    }

    #[test]
    fn build_reports_every_error_at_once() {
        let mut requests = RequestTable::new(Edition::V2021);
        let one = ByApplicant { natural_person: Count::new(1), ..Default::default() };
        requests.set(&r::NEW_REQUESTS, one).unwrap();
        let review = ReviewTable::default();
        let err = zeroed(Edition::V2021).requests(requests).review(review).build().unwrap_err();
        let findings = err.findings().unwrap();
        // The new request is neither handled nor carried over: T3.balance
        // fails for 自然人, where the mistake was made; the derived 总计
        // column's balance follows from it and is not reported again.
        assert_eq!(findings.of_rule(&crate::rules::T3_BALANCE).count(), 1);
        assert_eq!(findings.len(), 1, "{findings}");
    }

    #[test]
    fn edition_conflict_is_reported() {
        let err = zeroed(Edition::V2019).requests(RequestTable::new(Edition::V2021)).build().unwrap_err();
        assert!(matches!(err, BuildError::EditionConflict { .. }));
    }

    #[test]
    fn derived_total_overflow_is_an_error() {
        let mut requests = RequestTable::new(Edition::V2021);
        let huge = ByApplicant { natural_person: Count::new(u64::MAX), business: Count::new(1), ..Default::default() };
        requests.set(&r::NEW_REQUESTS, huge).unwrap();
        requests.set(&r::CARRIED_OVER, huge).unwrap();
        let err = zeroed(Edition::V2021).requests(requests).build().unwrap_err();
        let findings = err.findings().unwrap();
        assert!(findings.of_rule(&crate::rules::CELL_OVERFLOW).count() >= 1);
        // The message quotes the figure that does not fit, never "?".
        let text = findings.to_string();
        assert!(text.contains("18446744073709551616"), "{text}");
        assert!(!text.contains("\"?\""), "{text}");
    }

    #[test]
    fn counts_past_i64_are_json_integers_and_read_back() {
        let mut requests = RequestTable::new(Edition::V2021);
        let huge = ByApplicant { natural_person: Count::new(u64::MAX), ..Default::default() };
        requests.set(&r::NEW_REQUESTS, huge).unwrap();
        requests.set(&r::DISCLOSED, huge).unwrap();
        let report = zeroed(Edition::V2021).requests(requests).build().unwrap();
        let json = serde_json::to_value(&report).unwrap();
        let cell = &json["tables"]["requests"]["new_requests"]["natural_person"];
        assert_eq!(cell.as_u64(), Some(u64::MAX), "{cell}");
        let back: AnnualReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn year_mismatch_is_a_note_not_an_error() {
        let meta = ReportMeta::new("测试", 2022).unwrap();
        let r = zeroed(Edition::V2019).meta(meta).build().unwrap();
        assert_eq!(r.notes().of_rule(&crate::rules::EDITION_YEAR_MISMATCH).count(), 1);
    }
}
