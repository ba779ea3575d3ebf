//! An indicator evaluated: its value, exact, or why there is none; and the
//! same in two years.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::{ALL, Indicator, Scale, Term};
use crate::layout::{CellRef, Layout};
use crate::{Findings, Published};

/// Why an indicator has no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Undefined {
    /// Its denominator is 0: nothing to take a share of.
    ZeroDenominator,
    /// A cell it reads was not printed.
    NotPrinted(CellRef),
    /// A cell it reads holds no number.
    NotANumber(CellRef),
    /// A sum or quotient past what a `Decimal` holds.
    Overflow,
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Undefined::ZeroDenominator => f.write_str("分母为 0 / the denominator is 0"),
            Undefined::NotPrinted(cell) => write!(f, "{cell}未印出 / {} not printed", cell.key_path()),
            Undefined::NotANumber(cell) => write!(f, "{cell}不是数字 / {} is not a number", cell.key_path()),
            Undefined::Overflow => f.write_str("溢出 / overflow"),
        }
    }
}

impl Undefined {
    /// A stable key: `zero_denominator`, `not_printed`, `not_a_number` or
    /// `overflow`.
    pub fn key(&self) -> &'static str {
        match self {
            Undefined::ZeroDenominator => "zero_denominator",
            Undefined::NotPrinted(_) => "not_printed",
            Undefined::NotANumber(_) => "not_a_number",
            Undefined::Overflow => "overflow",
        }
    }
}

/// An indicator evaluated on one report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorValue {
    indicator: &'static Indicator,
    numerator: Result<Decimal, Undefined>,
    denominator: Result<Decimal, Undefined>,
    inconsistent: bool,
}

impl IndicatorValue {
    /// The indicator.
    pub fn indicator(&self) -> &'static Indicator {
        self.indicator
    }

    /// The numerator's figure.
    ///
    /// # Errors
    ///
    /// [`Undefined`]: a cell it reads not printed or not a number, or an overflow.
    pub fn numerator(&self) -> Result<Decimal, Undefined> {
        self.numerator
    }

    /// The denominator's figure.
    ///
    /// # Errors
    ///
    /// As [`IndicatorValue::numerator`].
    pub fn denominator(&self) -> Result<Decimal, Undefined> {
        self.denominator
    }

    /// The ratio, exact (a [`Scale::PerHundred`] indicator times 100).
    ///
    /// # Errors
    ///
    /// Why there is none: [`Undefined::ZeroDenominator`], or as
    /// [`IndicatorValue::numerator`].
    pub fn value(&self) -> Result<Decimal, Undefined> {
        let (n, d) = (self.numerator?, self.denominator?);
        if d.is_zero() {
            return Err(Undefined::ZeroDenominator);
        }
        let n = match self.indicator.scale {
            Scale::Fraction => n,
            Scale::PerHundred => n.checked_mul(Decimal::ONE_HUNDRED).ok_or(Undefined::Overflow)?,
        };
        n.checked_div(d).ok_or(Undefined::Overflow)
    }

    /// Whether an error finding of the report names a cell the indicator
    /// reads: its value rests on figures that do not agree.
    pub fn is_inconsistent(&self) -> bool {
        self.inconsistent
    }

    /// The value as shown, to the stated precision: a percentage to two
    /// decimals (`62.50%`), a figure per hundred to two decimals (`2.67`);
    /// `—` where there is none.
    pub fn shown(&self) -> String {
        shown(self.indicator.scale, self.value().ok())
    }
}

/// A value as shown (see [`IndicatorValue::shown`]).
pub(crate) fn shown(scale: Scale, value: Option<Decimal>) -> String {
    let round = |d: Decimal| d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    match (scale, value) {
        (_, None) => "—".to_owned(),
        (Scale::Fraction, Some(v)) => {
            v.checked_mul(Decimal::ONE_HUNDRED).map_or_else(|| "—".to_owned(), |p| format!("{:.2}%", round(p)))
        }
        (Scale::PerHundred, Some(v)) => format!("{:.2}", round(v)),
    }
}

impl Serialize for IndicatorValue {
    /// `{"indicator", "name_zh", "name_en", "value", "shown", "numerator",
    /// "denominator", "undefined", "inconsistent"}`: figures as exact
    /// decimal strings, as a comparison's are.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("IndicatorValue", 9)?;
        st.serialize_field("indicator", self.indicator.key)?;
        st.serialize_field("name_zh", self.indicator.zh)?;
        st.serialize_field("name_en", self.indicator.en)?;
        st.serialize_field("value", &self.value().ok().map(|d| d.normalize()))?;
        st.serialize_field("shown", &self.shown())?;
        st.serialize_field("numerator", &self.numerator.ok())?;
        st.serialize_field("denominator", &self.denominator.ok())?;
        st.serialize_field("undefined", &self.value().err().map(|u| u.to_string()))?;
        st.serialize_field("inconsistent", &self.inconsistent)?;
        st.end()
    }
}

/// The figure of `cell` in a published report: as printed (a blank or
/// `/` is 0, as a strict report takes it), or — a group row that printed no
/// subtotal — the sum of its sub-rows.
pub(crate) fn printed_figure(p: &Published, cell: CellRef) -> Result<Decimal, Undefined> {
    use crate::Value;
    match p.get(cell).map(crate::Cell::value) {
        Some(Value::Number(d)) => Ok(d),
        Some(Value::Blank | Value::NotApplicable) => Ok(Decimal::ZERO),
        Some(Value::NotANumber | Value::TooLarge) => Err(Undefined::NotANumber(cell)),
        None => {
            let parts = p.layout().sub_row_cells(cell).ok_or(Undefined::NotPrinted(cell))?;
            parts.into_iter().try_fold(Decimal::ZERO, |acc, part| {
                acc.checked_add(printed_figure(p, part)?).ok_or(Undefined::Overflow)
            })
        }
    }
}

/// Every indicator over the figures `figure` gives for the cells of
/// `layout`; inconsistent where `findings`' errors name a cell one reads.
pub(crate) fn evaluate(
    layout: &Layout,
    figure: impl Fn(CellRef) -> Result<Decimal, Undefined>,
    findings: Option<&Findings>,
) -> Vec<IndicatorValue> {
    let side = |terms: &[Term]| -> Result<Decimal, Undefined> {
        let mut sum = Decimal::ZERO;
        for (cell, negative) in Indicator::cells(terms, layout) {
            let d = figure(cell)?;
            sum = if negative { sum.checked_sub(d) } else { sum.checked_add(d) }.ok_or(Undefined::Overflow)?;
        }
        Ok(sum)
    };
    let erring: Vec<CellRef> =
        findings.map(|f| f.errors().flat_map(|e| e.cells().iter().map(|c| c.cell())).collect()).unwrap_or_default();
    ALL.iter()
        .map(|&indicator| IndicatorValue {
            indicator,
            numerator: side(indicator.numerator),
            denominator: side(indicator.denominator),
            inconsistent: !erring.is_empty() && indicator.cells_in(layout).iter().any(|c| erring.contains(c)),
        })
        .collect()
}

/// An indicator in two years: its values, and the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorChange {
    /// The previous year's value.
    pub previous: IndicatorValue,
    /// This year's.
    pub current: IndicatorValue,
}

impl IndicatorChange {
    /// The indicator.
    pub fn indicator(&self) -> &'static Indicator {
        self.current.indicator
    }

    /// The change in percentage points (a [`Scale::Fraction`]: `0.05` →
    /// `5`), or per hundred; `None` unless both years have a value.
    pub fn points(&self) -> Option<Decimal> {
        let change = self.current.value().ok()?.checked_sub(self.previous.value().ok()?)?;
        match self.indicator().scale {
            Scale::Fraction => change.checked_mul(Decimal::ONE_HUNDRED),
            Scale::PerHundred => Some(change),
        }
    }

    /// The change as shown, to two decimals with its sign (`+5.00`), or `—`.
    pub fn points_shown(&self) -> String {
        self.points().map_or_else(
            || "—".to_owned(),
            |p| format!("{:+.2}", p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)),
        )
    }
}

impl Serialize for IndicatorChange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("IndicatorChange", 4)?;
        st.serialize_field("indicator", self.indicator().key)?;
        st.serialize_field("previous", &self.previous)?;
        st.serialize_field("current", &self.current)?;
        st.serialize_field("points", &self.points().map(|d| d.normalize()))?;
        st.end()
    }
}
