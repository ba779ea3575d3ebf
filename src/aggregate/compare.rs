//! Two reports of one organ side by side: every cell with its previous
//! figure, the change and the relative change.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::{Organs, Report};
use crate::layout::{CellRef, Layout, Section};
use crate::{Edition, Published};

/// One cell compared: its figure in each year, where it is a usable number.
///
/// ```
/// use disclosure_report::aggregate::compare;
/// use disclosure_report::layout::rows;
/// use disclosure_report::{AnnualReport, ByApplicant, Edition, ReportMeta, RequestTable};
///
/// let year = |y, n: u64| -> Result<AnnualReport, Box<dyn std::error::Error>> {
///     let mut requests = RequestTable::zeroed(Edition::V2021);
///     requests.set(&rows::NEW_REQUESTS, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     requests.set(&rows::DISCLOSED, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     Ok(AnnualReport::builder(ReportMeta::new("某局", y)?).requests(requests).build()?)
/// };
/// let comparison = compare(&year(2022, 10)?, &year(2023, 12)?)?;
/// let new = comparison.get("requests.new_requests.natural_person".parse()?).unwrap();
/// assert_eq!((new.previous, new.current), (Some(10.into()), Some(12.into())));
/// assert_eq!(new.change(), Some(2.into()));
/// assert!(!new.appeared() && !new.vanished());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CellChange {
    /// The cell, in the comparison's edition.
    pub cell: CellRef,
    /// The previous year's figure.
    pub previous: Option<Decimal>,
    /// This year's figure.
    pub current: Option<Decimal>,
}

impl CellChange {
    /// This year's figure less the previous year's, where both are known.
    pub fn change(&self) -> Option<Decimal> {
        self.current?.checked_sub(self.previous?)
    }

    /// The change as a fraction of the previous figure (`0.2` for +20%),
    /// where that is not zero.
    pub fn relative(&self) -> Option<Decimal> {
        let previous = self.previous.filter(|p| !p.is_zero())?;
        self.change()?.checked_div(previous)
    }

    /// Printed this year, not the year before.
    pub fn appeared(&self) -> bool {
        self.previous.is_none() && self.current.is_some()
    }

    /// Printed the year before, not this year.
    pub fn vanished(&self) -> bool {
        self.previous.is_some() && self.current.is_none()
    }
}

impl Serialize for CellChange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("CellChange", 6)?;
        st.serialize_field("cell", &self.cell.key_path())?;
        st.serialize_field("label", &self.cell.to_string())?;
        st.serialize_field("previous", &self.previous)?;
        st.serialize_field("current", &self.current)?;
        st.serialize_field("change", &self.change())?;
        st.serialize_field("relative", &self.relative())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for CellChange {
    /// The JSON a change serializes to: its `cell` (a key path, in the
    /// newest edition that has it; a [`Comparison`] takes it in its own),
    /// `previous` and `current` (the derived `change` and `relative` are
    /// not read).
    ///
    /// ```
    /// # #[cfg(feature = "json")] {
    /// use disclosure_report::aggregate::CellChange;
    /// use disclosure_report::Decimal;
    ///
    /// let change: CellChange = serde_json::from_str(r#"{"cell": "requests.new_requests.total", "previous": 10, "current": 12}"#)?;
    /// assert_eq!(change.change(), Some(Decimal::from(2)));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CellChange, D::Error> {
        #[derive(Deserialize)]
        struct Shape {
            cell: CellRef,
            previous: Option<Decimal>,
            current: Option<Decimal>,
        }
        let Shape { cell, previous, current } = Shape::deserialize(d)?;
        Ok(CellChange { cell, previous, current })
    }
}

/// Two years of one organ compared, cell by cell.
///
/// ```
/// use disclosure_report::aggregate::compare;
/// use disclosure_report::layout::rows;
/// use disclosure_report::{AnnualReport, ByApplicant, Edition, ReportMeta, RequestTable};
///
/// let year = |y, n: u64| -> Result<AnnualReport, Box<dyn std::error::Error>> {
///     let mut requests = RequestTable::zeroed(Edition::V2021);
///     requests.set(&rows::NEW_REQUESTS, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     requests.set(&rows::DISCLOSED, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     Ok(AnnualReport::builder(ReportMeta::new("某局", y)?).requests(requests).build()?)
/// };
/// let comparison = compare(&year(2022, 10)?, &year(2023, 12)?)?;
/// assert_eq!((comparison.organ(), comparison.years()), ("某局", (2022, 2023)));
/// assert!(!comparison.folded());
/// // The largest changes first: counts before money, by absolute change.
/// assert_eq!(comparison.largest()[0].cell.key_path(), "requests.new_requests.natural_person");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    organ: String,
    years: (u16, u16),
    editions: (Edition, Edition),
    edition: Edition,
    changes: Vec<CellChange>,
}

impl Comparison {
    /// The organ.
    pub fn organ(&self) -> &str {
        &self.organ
    }

    /// The years compared: (previous, current).
    pub fn years(&self) -> (u16, u16) {
        self.years
    }

    /// The editions of the two reports: (previous, current).
    pub fn editions(&self) -> (Edition, Edition) {
        self.editions
    }

    /// The edition the cells are compared in: the reports' own, or V2019
    /// where a V2019 report is compared with a V2021 one.
    pub fn edition(&self) -> Edition {
        self.edition
    }

    /// Whether the two reports are of different editions, folded into V2019.
    pub fn folded(&self) -> bool {
        self.editions.0 != self.editions.1
    }

    /// Every cell compared, in layout order.
    pub fn changes(&self) -> &[CellChange] {
        &self.changes
    }

    /// Each [indicator](crate::indicators) in both years, from the
    /// figures compared (in the comparison's edition), with its change in
    /// percentage points.
    ///
    /// ```
    /// use disclosure_report::aggregate::compare;
    /// use disclosure_report::layout::rows;
    /// use disclosure_report::*;
    ///
    /// let year = |y, new: u64, disclosed: u64| -> Result<AnnualReport, Box<dyn std::error::Error>> {
    ///     let mut requests = RequestTable::zeroed(Edition::V2021);
    ///     requests.set(&rows::NEW_REQUESTS, ByApplicant::from([new, 0, 0, 0, 0, 0]))?;
    ///     requests.set(&rows::DISCLOSED, ByApplicant::from([disclosed, 0, 0, 0, 0, 0]))?;
    ///     requests.set(&rows::WITHHELD_STATE_SECRET, ByApplicant::from([new - disclosed, 0, 0, 0, 0, 0]))?;
    ///     Ok(AnnualReport::builder(ReportMeta::new("某局", y)?).requests(requests).build()?)
    /// };
    /// let comparison = compare(&year(2022, 10, 5)?, &year(2023, 10, 8)?)?;
    /// let substantive = &comparison.indicators()[0];
    /// assert_eq!((substantive.previous.shown(), substantive.current.shown()), ("50.00%".into(), "80.00%".into()));
    /// assert_eq!(substantive.points(), Some(30.into()));
    /// assert_eq!(comparison.new_requests_growth(), Some(0.into()), "10 requests both years");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn indicators(&self) -> Vec<crate::indicators::IndicatorChange> {
        use crate::indicators::{Undefined, evaluate};
        let layout = Layout::of(self.edition);
        let year = |current: bool| {
            evaluate(
                layout,
                |cell| {
                    let change = self.get(cell).ok_or(Undefined::NotPrinted(cell))?;
                    let figure = if current { change.current } else { change.previous };
                    figure.ok_or(Undefined::NotPrinted(cell))
                },
                None,
            )
        };
        year(false)
            .into_iter()
            .zip(year(true))
            .map(|(previous, current)| crate::indicators::IndicatorChange { previous, current })
            .collect()
    }

    /// The change of 一、本年新收 (its 总计) as a fraction of the previous
    /// year's (`0.2` for +20%): where that was not 0.
    pub fn new_requests_growth(&self) -> Option<Decimal> {
        let cell = Layout::of(self.edition).cell_by_path("requests.new_requests.total")?;
        self.get(cell)?.relative()
    }

    /// The change of one cell.
    pub fn get(&self, cell: CellRef) -> Option<&CellChange> {
        self.changes.iter().find(|c| c.cell == cell)
    }

    /// The cells printed this year and not the year before.
    pub fn appeared(&self) -> impl Iterator<Item = &CellChange> {
        self.changes.iter().filter(|c| c.appeared())
    }

    /// The cells printed the year before and not this year.
    pub fn vanished(&self) -> impl Iterator<Item = &CellChange> {
        self.changes.iter().filter(|c| c.vanished())
    }

    /// The cells that changed, largest change first (by its size; then by
    /// relative change, then in layout order). Money and counts are not
    /// set against each other: counts first.
    pub fn largest(&self) -> Vec<&CellChange> {
        let mut changed: Vec<&CellChange> =
            self.changes.iter().filter(|c| c.change().is_some_and(|d| !d.is_zero())).collect();
        changed.sort_by(|a, b| {
            let money = |c: &CellChange| c.cell.info().kind() == crate::layout::CellKind::Money;
            let size = |c: &CellChange| c.change().map(|d| d.abs()).unwrap_or_default();
            let relative = |c: &CellChange| c.relative().map(|d| d.abs());
            money(a).cmp(&money(b)).then(size(b).cmp(&size(a))).then(relative(b).cmp(&relative(a)))
        });
        changed
    }
}

impl Serialize for Comparison {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let paths = |it: &mut dyn Iterator<Item = &CellChange>| it.map(|c| c.cell.key_path()).collect::<Vec<_>>();
        let mut st = s.serialize_struct("Comparison", 10)?;
        st.serialize_field("organ", &self.organ)?;
        st.serialize_field("previous_year", &self.years.0)?;
        st.serialize_field("year", &self.years.1)?;
        st.serialize_field("edition", &self.edition)?;
        st.serialize_field("folded", &self.folded())?;
        st.serialize_field("appeared", &paths(&mut self.appeared()))?;
        st.serialize_field("vanished", &paths(&mut self.vanished()))?;
        st.serialize_field("changes", &self.changes)?;
        st.serialize_field("new_requests_growth", &self.new_requests_growth().map(|d| d.normalize()))?;
        st.serialize_field("indicators", &self.indicators())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Comparison {
    /// The JSON a comparison serializes to, read back: its cells in its
    /// edition (the derived `change`, `relative`, `appeared`, `vanished`
    /// and `indicators` are not read).
    ///
    /// ```
    /// # #[cfg(feature = "json")] {
    /// use disclosure_report::aggregate::{compare, Comparison};
    /// use disclosure_report::{AnnualReport, ReportMeta};
    ///
    /// let year = |y| AnnualReport::builder(ReportMeta::new("某局", y).unwrap()).build().unwrap();
    /// let comparison = compare(&year(2020), &year(2021))?;
    /// let back: Comparison = serde_json::from_str(&serde_json::to_string(&comparison)?)?;
    /// assert_eq!(back, comparison);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Comparison, D::Error> {
        #[derive(Deserialize)]
        struct Shape {
            organ: String,
            previous_year: u16,
            year: u16,
            edition: Edition,
            folded: bool,
            changes: Vec<CellChange>,
        }
        let shape = Shape::deserialize(d)?;
        let layout = Layout::of(shape.edition);
        let changes = shape
            .changes
            .into_iter()
            .map(|c| match layout.same_cell(c.cell) {
                Some(cell) => Ok(CellChange { cell, ..c }),
                None => Err(serde::de::Error::custom(format!("{} has no cell {}", shape.edition, c.cell.key_path()))),
            })
            .collect::<Result<_, _>>()?;
        // Only a V2019 report before a V2021 one is folded, into V2019.
        let editions = if shape.folded { (Edition::V2019, Edition::V2021) } else { (shape.edition, shape.edition) };
        Ok(Comparison {
            organ: shape.organ,
            years: (shape.previous_year, shape.year),
            editions,
            edition: shape.edition,
            changes,
        })
    }
}

/// Why two reports cannot be compared.
///
/// ```
/// use disclosure_report::aggregate::{compare, CompareError};
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let report = |organ, year| AnnualReport::builder(ReportMeta::new(organ, year).unwrap()).build().unwrap();
/// assert!(matches!(compare(&report("某局", 2022), &report("另一局", 2023)), Err(CompareError::OtherOrgan { .. })));
/// assert!(matches!(compare(&report("某局", 2023), &report("某局", 2022)), Err(CompareError::NotEarlier { .. })));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CompareError {
    /// The reports are of two organs.
    #[error("the reports are of two organs: {previous:?} and {current:?}")]
    OtherOrgan {
        /// The previous report's organ.
        previous: String,
        /// The current report's organ.
        current: String,
    },
    /// The "previous" report is not of an earlier year.
    #[error("the previous report is of {previous}, not before {current}")]
    NotEarlier {
        /// Its year.
        previous: u16,
        /// The current report's year.
        current: u16,
    },
    /// Two reports of one year in a series: which to compare is not
    /// guessed.
    #[error("two reports of {year}: give one report a year")]
    SameYear {
        /// The year given twice.
        year: u16,
    },
    /// A V2021 report compared with a later V2019 one: the fold goes from
    /// V2021 to V2019 only, and an earlier V2021 report has no V2019
    /// successor to fold into.
    #[error("a V2021 report of {previous} cannot be compared with a V2019 report of {current}")]
    Editions {
        /// The previous report's year.
        previous: u16,
        /// The current report's year.
        current: u16,
    },
}

/// The figure of `cell` (a cell of the comparison's edition) in a report of
/// its own or the other edition: the cell of the same key path; for a group
/// row that printed no subtotal — and a V2021 group folded into V2019's one
/// row ((六) 其他处理) — the sum of its sub-rows, so that a subtotal printed
/// one year and not the other is not taken for a figure that appeared.
fn figure_in(p: &Published, cell: CellRef) -> Option<Decimal> {
    let layout = p.layout();
    let own = layout.same_cell(cell)?;
    if let Some(printed) = p.get(own) {
        return printed.value().figure();
    }
    let mut sum = Decimal::ZERO;
    for part in layout.sub_row_cells(own)? {
        sum = sum.checked_add(p.get(part)?.value().figure()?)?;
    }
    Some(sum)
}

/// Compares two reports of one organ, strict or published: every cell of
/// the edition (totals included) with both figures. A V2019 report and a
/// V2021 one are compared in V2019 where the fold allows: tables 三 and 四
/// (V2021's (六) 其他处理 folds into V2019's one row); table 二, which has no
/// common form, is left out.
///
/// ```
/// use disclosure_report::aggregate::compare;
/// use disclosure_report::layout::rows;
/// use disclosure_report::*;
///
/// let year = |y, n: u64| -> Result<AnnualReport, Box<dyn std::error::Error>> {
///     let mut requests = RequestTable::zeroed(Edition::V2021);
///     requests.set(&rows::NEW_REQUESTS, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     requests.set(&rows::DISCLOSED, ByApplicant::from([n, 0, 0, 0, 0, 0]))?;
///     Ok(AnnualReport::builder(ReportMeta::new("某局", y)?).requests(requests).build()?)
/// };
/// let comparison = compare(&year(2022, 10)?, &year(2023, 12)?)?;
/// let largest = comparison.largest();
/// assert_eq!(largest[0].change(), Some(2.into()));
/// assert_eq!(largest[0].relative(), Some("0.2".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`CompareError`]: two organs, a "previous" report that is not earlier, or a
/// V2021 report before a V2019 one.
pub fn compare<P: Report, C: Report>(previous: &P, current: &C) -> Result<Comparison, CompareError> {
    compare_with_organs(previous, current, &Organs::new())
}

/// [`compare`], with renamed organs joined by `organs`: the reports of an
/// organ before and after a rename compare as one organ's.
///
/// ```
/// use disclosure_report::aggregate::{compare, compare_with_organs, Organs};
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let report = |organ, year| AnnualReport::builder(ReportMeta::new(organ, year).unwrap()).build().unwrap();
/// let (before, after) = (report("区农业局", 2019), report("区农业农村局", 2020));
/// assert!(compare(&before, &after).is_err());
/// let organs: Organs = [("区农业局", "区农业农村局")].into_iter().collect();
/// assert_eq!(compare_with_organs(&before, &after, &organs)?.organ(), "区农业农村局");
/// # Ok::<(), disclosure_report::aggregate::CompareError>(())
/// ```
///
/// # Errors
///
/// As [`compare`].
pub fn compare_with_organs<P: Report, C: Report>(
    previous: &P,
    current: &C,
    organs: &Organs,
) -> Result<Comparison, CompareError> {
    let (before, now): (Cow<'_, Published>, Cow<'_, Published>) = (previous.published(), current.published());
    let (b, n) = (before.meta(), now.meta());
    // One organ's spellings are one organ (ReportMeta::organ_key), and its
    // former names where `organs` says so.
    if organs.key(b) != organs.key(n) {
        return Err(CompareError::OtherOrgan { previous: b.organ().to_owned(), current: n.organ().to_owned() });
    }
    if b.year() >= n.year() {
        return Err(CompareError::NotEarlier { previous: b.year(), current: n.year() });
    }
    let editions = (before.edition(), now.edition());
    let edition = match editions {
        (e, f) if e == f => e,
        (Edition::V2019, Edition::V2021) => Edition::V2019,
        _ => return Err(CompareError::Editions { previous: b.year(), current: n.year() }),
    };
    let folded = editions.0 != editions.1;
    let changes = Layout::of(edition)
        .cells()
        .filter(|c| !(folded && c.section() == Section::Proactive))
        .map(|cell| CellChange { cell, previous: figure_in(&before, cell), current: figure_in(&now, cell) })
        .collect();
    Ok(Comparison { organ: n.organ().to_owned(), years: (b.year(), n.year()), editions, edition, changes })
}

/// A series of one organ's reports compared year on year: each report
/// against the one before it, in order of year, whatever the order given.
///
/// ```
/// use disclosure_report::aggregate::{compare_series, CompareError};
/// use disclosure_report::{AnnualReport, ReportMeta};
///
/// let year = |y| AnnualReport::builder(ReportMeta::new("某局", y).unwrap()).build().unwrap();
/// let series = compare_series(&[year(2023), year(2021), year(2022)])?;
/// assert_eq!(series.iter().map(|c| c.years()).collect::<Vec<_>>(), [(2021, 2022), (2022, 2023)]);
/// // Two reports of one year: which to compare is not guessed.
/// assert_eq!(compare_series(&[year(2022), year(2022)]), Err(CompareError::SameYear { year: 2022 }));
/// # Ok::<(), CompareError>(())
/// ```
///
/// # Errors
///
/// [`CompareError::SameYear`] where two reports are of one year (of one
/// organ or not); else, as [`compare`], for the first pair that cannot be
/// compared (of two organs, among others).
pub fn compare_series<'a, R: Report + 'a>(
    reports: impl IntoIterator<Item = &'a R>,
) -> Result<Vec<Comparison>, CompareError> {
    compare_series_with_organs(reports, &Organs::new())
}

/// [`compare_series`], with renamed organs joined by `organs`
/// ([`compare_with_organs`]).
///
/// # Errors
///
/// As [`compare_series`].
pub fn compare_series_with_organs<'a, R: Report + 'a>(
    reports: impl IntoIterator<Item = &'a R>,
    organs: &Organs,
) -> Result<Vec<Comparison>, CompareError> {
    let mut by_year: std::collections::BTreeMap<u16, &R> = std::collections::BTreeMap::new();
    for report in reports {
        let year = report.meta().year();
        if by_year.insert(year, report).is_some() {
            return Err(CompareError::SameYear { year });
        }
    }
    let ordered: Vec<&R> = by_year.into_values().collect();
    ordered.windows(2).map(|pair| compare_with_organs(pair[0], pair[1], organs)).collect()
}
