//! Numbers as the format uses them: counts, signed changes and money, and
//! the reading of a cell's printed text.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::layout::CellKind;

/// A count (of requests, documents, items, cases), ≥ 0.
///
/// Made from a `u64` — an integer literal included — with `From`, from any
/// other integer with `TryFrom` (a negative one is an error). Counts sum to
/// an `Option<Count>`: `None` on overflow, never a wrapped number.
///
/// ```
/// use disclosure_report::Count;
/// let n = Count::new(3);
/// assert_eq!(n.get(), 3);
/// let m: Count = 4.into();
/// assert_eq!(Count::from(4), m);
/// assert_eq!(Count::try_from(-1i32).is_err(), true);
/// assert_eq!(n.checked_add(Count::new(u64::MAX)), None);
///
/// let total: Option<Count> = [n, m].into_iter().sum();
/// assert_eq!(total, Some(Count::new(7)));
/// let too_many: Option<Count> = [Count::new(u64::MAX), n].iter().sum();
/// assert_eq!(too_many, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Count(u64);

impl Count {
    /// Zero.
    pub const ZERO: Count = Count(0);

    /// A count.
    pub const fn new(n: u64) -> Count {
        Count(n)
    }

    /// The number.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Count) -> Option<Count> {
        self.0.checked_add(other.0).map(Count)
    }
}

/// Why a number or a text is not a [`Count`] or a [`Change`].
///
/// ```
/// use disclosure_report::{Count, NumberError};
///
/// assert_eq!("-2".parse::<Count>(), Err(NumberError::Negative("-2".to_owned())));
/// assert!(matches!("三".parse::<Count>(), Err(NumberError::NotANumber(..))));
/// assert!(matches!(Count::try_from(-1i64), Err(NumberError::Negative(_))));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumberError {
    /// Below zero, for a count.
    #[error("{0} is negative; a count is at least 0")]
    Negative(String),
    /// Past the type's range.
    #[error("{0} is too large for a {1}")]
    TooLarge(String, &'static str),
    /// Not a whole number in plain digits.
    #[error("\"{0}\" is not a {1} (plain digits, such as 12 or -3)")]
    NotANumber(String, &'static str),
}

impl From<u64> for Count {
    /// The one `From`, so that an integer literal is a count: `7.into()`.
    fn from(n: u64) -> Count {
        Count(n)
    }
}

/// `TryFrom` every other integer: with a second `From`, an integer literal
/// would no longer infer as `u64`, and `7.into()` would not compile.
macro_rules! count_conversions {
    (try_from: $($t:ty),*) => {
        $(impl TryFrom<$t> for Count {
            type Error = NumberError;
            /// A count of a negative or too large number is an error.
            fn try_from(n: $t) -> Result<Count, NumberError> {
                if n < 0 as $t {
                    return Err(NumberError::Negative(n.to_string()));
                }
                u64::try_from(n).map(Count).map_err(|_| NumberError::TooLarge(n.to_string(), "count"))
            }
        })*
    };
}

count_conversions!(try_from: u8, u16, u32, i8, i16, i32, i64, i128, isize, usize, u128);

impl std::iter::Sum<Count> for Option<Count> {
    /// The sum, or `None` on overflow.
    fn sum<I: Iterator<Item = Count>>(mut iter: I) -> Option<Count> {
        iter.try_fold(Count::ZERO, Count::checked_add)
    }
}

impl<'a> std::iter::Sum<&'a Count> for Option<Count> {
    /// The sum, or `None` on overflow.
    fn sum<I: Iterator<Item = &'a Count>>(iter: I) -> Option<Count> {
        iter.copied().sum()
    }
}

impl From<Count> for u64 {
    fn from(c: Count) -> u64 {
        c.0
    }
}

impl std::str::FromStr for Count {
    type Err = NumberError;

    /// Plain digits: `"12"`. A printed form (`"1,234"`, `"3件"`) is read by
    /// [`Value::read`], not here.
    ///
    /// ```
    /// use disclosure_report::Count;
    /// assert_eq!("12".parse::<Count>(), Ok(Count::new(12)));
    /// assert!("-1".parse::<Count>().is_err());
    /// assert!("三".parse::<Count>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Count, NumberError> {
        let digits = s.strip_prefix('+').unwrap_or(s);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return digits.parse().map(Count).map_err(|_| NumberError::TooLarge(s.to_owned(), "count"));
        }
        match s.strip_prefix('-') {
            Some(d) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => {
                Err(NumberError::Negative(s.to_owned()))
            }
            _ => Err(NumberError::NotANumber(s.to_owned(), "count")),
        }
    }
}

impl From<Count> for Decimal {
    fn from(c: Count) -> Decimal {
        Decimal::from(c.0)
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A signed change of a number of catalogue items (V2019 本年增/减).
///
/// Displays with an explicit sign for non-zero values, as reports print it.
///
/// ```
/// use disclosure_report::Change;
/// assert_eq!(Change::new(3).to_string(), "+3");
/// assert_eq!(Change::new(-2).to_string(), "-2");
/// assert_eq!(Change::new(0).to_string(), "0");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Change(i64);

impl Change {
    /// A change.
    pub const fn new(n: i64) -> Change {
        Change(n)
    }

    /// The number.
    pub const fn get(self) -> i64 {
        self.0
    }
}

/// `From` the integers that fit, `TryFrom` the others.
macro_rules! change_conversions {
    (from: $($f:ty),*; try_from: $($t:ty),*) => {
        $(impl From<$f> for Change {
            fn from(n: $f) -> Change {
                Change(n.into())
            }
        })*
        $(impl TryFrom<$t> for Change {
            type Error = NumberError;
            fn try_from(n: $t) -> Result<Change, NumberError> {
                i64::try_from(n).map(Change).map_err(|_| NumberError::TooLarge(n.to_string(), "change"))
            }
        })*
    };
}

change_conversions!(from: i8, i16, i32, i64, u8, u16, u32; try_from: u64, i128, u128, isize, usize);

impl From<Change> for i64 {
    fn from(c: Change) -> i64 {
        c.0
    }
}

impl std::str::FromStr for Change {
    type Err = NumberError;

    /// Plain digits with an optional sign: `"+3"`, `"-2"`, `"0"`.
    ///
    /// ```
    /// use disclosure_report::Change;
    /// assert_eq!("-2".parse::<Change>(), Ok(Change::new(-2)));
    /// assert_eq!("+3".parse::<Change>(), Ok(Change::new(3)));
    /// ```
    fn from_str(s: &str) -> Result<Change, NumberError> {
        let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::NotANumber(s.to_owned(), "change"));
        }
        s.strip_prefix('+').unwrap_or(s).parse().map(Change).map_err(|_| NumberError::TooLarge(s.to_owned(), "change"))
    }
}

impl From<Change> for Decimal {
    fn from(c: Change) -> Decimal {
        Decimal::from(c.0)
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 0 { write!(f, "+{}", self.0) } else { write!(f, "{}", self.0) }
    }
}

/// An amount of money in 万元 (ten thousand yuan), exact, ≥ 0.
///
/// ```
/// use disclosure_report::Money;
/// use rust_decimal::Decimal;
///
/// let m = Money::from_yuan(Decimal::from(184_719)).unwrap();
/// assert_eq!(m.wan().to_string(), "18.4719");
/// assert!(Money::from_wan(Decimal::from(-1)).is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Money(Decimal);

/// Why an amount is not money.
///
/// ```
/// use disclosure_report::{Decimal, Money, MoneyError};
///
/// assert_eq!(Money::from_wan(Decimal::from(-3)), Err(MoneyError::Negative(Decimal::from(-3))));
/// assert!(matches!("12.5元".parse::<Money>(), Err(MoneyError::NotANumber(_))));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The amount is negative.
    #[error("an amount of money cannot be negative: {0}")]
    Negative(Decimal),
    /// The amount in 元 has too many decimals to express exactly in 万元.
    #[error("{0}元 has too many decimals to convert exactly to 万元")]
    TooPrecise(Decimal),
    /// The text is not a decimal number.
    #[error("\"{0}\" is not an amount in 万元 (a decimal number, such as 12.5)")]
    NotANumber(String),
}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An amount in 万元.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Negative`] for an amount below zero.
    pub fn from_wan(wan: Decimal) -> Result<Money, MoneyError> {
        if wan.is_sign_negative() && !wan.is_zero() { Err(MoneyError::Negative(wan)) } else { Ok(Money(wan)) }
    }

    /// An amount in 元, converted exactly to 万元.
    ///
    /// # Errors
    ///
    /// [`MoneyError::Negative`] for an amount below zero; [`MoneyError::TooPrecise`] if it has too
    /// many decimals to convert exactly.
    pub fn from_yuan(yuan: Decimal) -> Result<Money, MoneyError> {
        let mut wan = yuan;
        // Dividing by 10⁴ is a change of scale: exact.
        wan.set_scale(yuan.scale() + 4).map_err(|_| MoneyError::TooPrecise(yuan))?;
        Money::from_wan(wan)
    }

    /// The amount in 万元.
    pub const fn wan(self) -> Decimal {
        self.0
    }
}

impl From<Money> for Decimal {
    fn from(m: Money) -> Decimal {
        m.0
    }
}

impl TryFrom<Decimal> for Money {
    type Error = MoneyError;
    /// An amount in 万元 ([`Money::from_wan`]).
    fn try_from(wan: Decimal) -> Result<Money, MoneyError> {
        Money::from_wan(wan)
    }
}

impl std::str::FromStr for Money {
    type Err = MoneyError;

    /// An amount in 万元, as a decimal number: `"12.5"`. A printed form
    /// with a unit (`"184719元"`) is read by [`Value::read`].
    ///
    /// ```
    /// use disclosure_report::Money;
    /// assert_eq!("12.5".parse::<Money>().unwrap().to_string(), "12.5万元");
    /// assert!("-1".parse::<Money>().is_err());
    /// assert!("12.5元".parse::<Money>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        let wan: Decimal = s.parse().map_err(|_| MoneyError::NotANumber(s.to_owned()))?;
        Money::from_wan(wan)
    }
}

impl fmt::Display for Money {
    /// The amount followed by 万元.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}万元", self.0)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wan = <Decimal as Deserialize>::deserialize(d)?;
        Money::from_wan(wan).map_err(serde::de::Error::custom)
    }
}

/// A unit of money as a report prints it, in a cell (`184719元`) or in its
/// column's header (`采购总金额（元）`, `（单位：万元）`).
///
/// ```
/// use disclosure_report::Unit;
///
/// assert_eq!(Unit::of_header("采购总金额（元）"), Some(Unit::Yuan));
/// assert_eq!(Unit::of_header("本年收费金额（单位：万元）"), Some(Unit::Wan));
/// assert_eq!(Unit::of_header("采购总金额"), None);
/// assert_eq!("元".parse::<Unit>(), Ok(Unit::Yuan));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// 元 (yuan).
    Yuan,
    /// 万元 (ten thousand yuan), the format's unit.
    Wan,
}

impl Unit {
    /// The unit as printed: `元` or `万元`.
    pub const fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Wan => "万元",
        }
    }

    /// The unit a header label prints in its trailing parentheses:
    /// `（元）`, `（万元）`, `（单位：元）`, `(单位:万元)`; `None` where it
    /// prints none.
    pub fn of_header(label: &str) -> Option<Unit> {
        Unit::split_header(label).1
    }

    /// A header label without its unit, and the unit.
    pub(crate) fn split_header(label: &str) -> (&str, Option<Unit>) {
        let trimmed = label.trim_end();
        let Some(body) = trimmed.strip_suffix(['）', ')']) else { return (label, None) };
        let Some(open) = body.rfind(['（', '(']) else { return (label, None) };
        let open_len = body[open..].chars().next().map_or(1, char::len_utf8);
        let inner: String = body[open + open_len..].chars().filter(|c| !c.is_whitespace()).collect();
        let inner = inner.strip_prefix("单位").map_or(inner.as_str(), |r| r.trim_start_matches([':', '：']));
        match inner.parse() {
            Ok(unit) => (body[..open].trim_end(), Some(unit)),
            Err(_) => (label, None),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A text that names no unit of money.
///
/// ```
/// use disclosure_report::Unit;
///
/// let err = "美元".parse::<Unit>().unwrap_err();
/// assert_eq!(err.text(), "美元");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a unit of money: {0:?} (expected 元 or 万元)")]
pub struct UnitError(String);

impl UnitError {
    /// The text that names no unit.
    pub fn text(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Unit {
    type Err = UnitError;
    fn from_str(s: &str) -> Result<Unit, UnitError> {
        match s.trim() {
            "元" => Ok(Unit::Yuan),
            "万元" | "万" => Ok(Unit::Wan),
            other => Err(UnitError(other.to_owned())),
        }
    }
}

/// What a printed cell means, read according to its column's kind.
///
/// ```
/// use disclosure_report::layout::CellKind;
/// use disclosure_report::{Cell, Decimal, Value};
///
/// assert_eq!(Cell::printed(CellKind::Count, "1,234").value(), Value::Number(Decimal::from(1234)));
/// assert_eq!(Value::read(CellKind::Count, "—"), Value::NotApplicable);
/// // Blank and not applicable count as 0 in the arithmetic; text has no figure.
/// assert_eq!(Value::Blank.figure(), Some(Decimal::ZERO));
/// assert_eq!(Value::read(CellKind::Count, "若干").figure(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// A number (money in 万元). May be negative or fractional where the
    /// kind does not allow it; the rules say so.
    Number(Decimal),
    /// Printed nothing.
    Blank,
    /// Printed a not-applicable marker: `/`, `-`, `_`, `—`.
    NotApplicable,
    /// Printed something that is not a number of the cell's kind.
    NotANumber,
    /// Printed a number too large for the cell's kind.
    TooLarge,
}

impl Value {
    /// Reads a printed cell as a number of `kind`.
    ///
    /// Full-width digits, thousands separators, stray spaces, an explicit `+`
    /// and, for money, a unit in the cell (`万元`, `万`, `元`) are understood.
    ///
    /// ```
    /// use disclosure_report::layout::CellKind;
    /// use disclosure_report::Value;
    /// use rust_decimal::Decimal;
    ///
    /// assert_eq!(Value::read(CellKind::Count, "１,２３４"), Value::Number(Decimal::from(1234)));
    /// assert_eq!(Value::read(CellKind::Change, "+3"), Value::Number(Decimal::from(3)));
    /// assert_eq!(Value::read(CellKind::Count, "/"), Value::NotApplicable);
    /// assert_eq!(Value::read(CellKind::Count, ""), Value::Blank);
    /// assert_eq!(Value::read(CellKind::Money, "184719元"), Value::Number("18.4719".parse().unwrap()));
    /// assert_eq!(Value::read(CellKind::Count, "99999999999999999999"), Value::TooLarge);
    /// assert_eq!(Value::read(CellKind::Count, "abc"), Value::NotANumber);
    /// ```
    pub fn read(kind: CellKind, text: &str) -> Value {
        read_cell(kind, text)
    }

    /// Reads a printed cell under a header that printed `header` as the
    /// column's unit: a unit in the cell overrides it; without either, money
    /// is in 万元.
    ///
    /// ```
    /// use disclosure_report::layout::CellKind;
    /// use disclosure_report::{Unit, Value};
    ///
    /// // 采购总金额（元）: 8810055 is 881.0055 万元, not 8,810,055 万元.
    /// assert_eq!(Value::read_under(CellKind::Money, "8810055", Some(Unit::Yuan)), Value::Number("881.0055".parse().unwrap()));
    /// assert_eq!(Value::read_under(CellKind::Money, "3万元", Some(Unit::Yuan)), Value::Number(3.into()));
    /// ```
    pub fn read_under(kind: CellKind, text: &str, header: Option<Unit>) -> Value {
        read_cell_in(kind, text, header)
    }

    /// The figure the arithmetic rules use: blank and not-applicable count
    /// as zero; a cell that is not a usable number has none.
    pub fn figure(self) -> Option<Decimal> {
        match self {
            Value::Number(d) => Some(d),
            Value::Blank | Value::NotApplicable => Some(Decimal::ZERO),
            Value::NotANumber | Value::TooLarge => None,
        }
    }
}

/// Not-applicable markers, after full-width forms are folded.
const MARKERS: &[&str] = &["/", "-", "_", "—", "——", "–"];

/// Folds full-width digits and punctuation to ASCII and drops white space;
/// borrows where there is nothing to fold.
pub(crate) fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let folds = |c: char| c.is_whitespace() || matches!(c, '０'..='９' | '＋' | '－' | '−' | '．' | '，' | '／' | '＿');
    if !text.chars().any(folds) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '＋' => '+',
            '－' | '−' => '-',
            '．' => '.',
            '，' => ',',
            '／' => '/',
            '＿' => '_',
            _ => c,
        })
        .collect::<String>()
        .into()
}

/// [`Value::read`].
pub(crate) fn read_cell(kind: CellKind, text: &str) -> Value {
    read_cell_in(kind, text, None)
}

/// Whether a money cell's text prints its own unit (`万元`, `万`, `元`).
pub(crate) fn prints_unit(text: &str) -> bool {
    printed_unit(text).is_some()
}

/// The unit a money cell's text prints (`万元`, `万`, `元`), if any.
pub(crate) fn printed_unit(text: &str) -> Option<Unit> {
    split_unit(without_marks(&normalize(text))).1
}

/// A footnote mark after a figure (`10690¹`, `12*`) is none of its digits.
fn without_marks(s: &str) -> &str {
    s.trim_end_matches(['¹', '²', '³', '⁰', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '*', '※', '†', '‡'])
}

/// Money's digits and the unit printed after them.
fn split_unit(s: &str) -> (&str, Option<Unit>) {
    if let Some(d) = s.strip_suffix("万元").or_else(|| s.strip_suffix('万')) {
        (d, Some(Unit::Wan))
    } else if let Some(d) = s.strip_suffix('元') {
        (d, Some(Unit::Yuan))
    } else {
        (s, None)
    }
}

/// [`Value::read_under`].
pub(crate) fn read_cell_in(kind: CellKind, text: &str, header: Option<Unit>) -> Value {
    // The common case: a plain count, as most cells print it.
    if (kind != CellKind::Money || header != Some(Unit::Yuan))
        && (1..=18).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = text.parse::<u64>()
    {
        return Value::Number(Decimal::from(n));
    }
    // Two numbers in one cell (`10690 2113`, a tab between): never one
    // number made of both.
    if spaced_digits(text) {
        return Value::NotANumber;
    }
    let s = normalize(text);
    if s.is_empty() {
        return Value::Blank;
    }
    if MARKERS.contains(&&*s) {
        return Value::NotApplicable;
    }
    let s = without_marks(&s);
    let (digits, yuan) = match kind {
        CellKind::Money => {
            let (digits, unit) = split_unit(s);
            (digits, unit.or(header) == Some(Unit::Yuan))
        }
        CellKind::Count | CellKind::Change => (s.trim_end_matches(['件', '个', '项', '条', '次', '人']), false),
    };
    let comma = decimal_comma(kind, digits);
    let Some(parsed) = parse_decimal(comma.as_deref().unwrap_or(digits)) else {
        return Value::NotANumber;
    };
    let Some(mut number) = parsed else {
        return Value::TooLarge;
    };
    // Dividing by 10⁴ is a change of scale: exact.
    if yuan && number.set_scale(number.scale() + 4).is_err() {
        return Value::TooLarge;
    }
    classify(kind, number)
}

/// The exact sum of `figures`, or `None` past what a `Decimal` holds.
/// Whole figures (every count and change) are summed as integers.
pub(crate) fn exact_sum(figures: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    let mut whole: i128 = 0;
    let mut rest: Option<Decimal> = None;
    for d in figures {
        match rest {
            None if d.scale() == 0 => whole = whole.checked_add(d.mantissa())?,
            None => rest = Some(Decimal::try_from_i128_with_scale(whole, 0).ok()?.checked_add(d)?),
            Some(r) => rest = Some(r.checked_add(d)?),
        }
    }
    match rest {
        Some(r) => Some(r),
        None => Decimal::try_from_i128_with_scale(whole, 0).ok(),
    }
}

/// What a number means in a cell of `kind`: counts and changes must be
/// whole and fit their type (`u64`, `i64`); money is any amount.
pub(crate) fn classify(kind: CellKind, number: Decimal) -> Value {
    match kind {
        CellKind::Money => Value::Number(number),
        CellKind::Count | CellKind::Change => {
            // Whole numbers of scale 0, the common case: the mantissa is
            // the number.
            if number.scale() == 0 {
                let m = number.mantissa();
                let fits =
                    if kind == CellKind::Count && m >= 0 { u64::try_from(m).is_ok() } else { i64::try_from(m).is_ok() };
                return if fits { Value::Number(number) } else { Value::TooLarge };
            }
            if !number.fract().is_zero() {
                return Value::NotANumber;
            }
            let number = number.trunc();
            let fits = if kind == CellKind::Count && number.is_sign_positive() {
                number <= Decimal::from(u64::MAX)
            } else {
                number >= Decimal::from(i64::MIN) && number <= Decimal::from(i64::MAX)
            };
            if fits { Value::Number(number.normalize()) } else { Value::TooLarge }
        }
    }
}

/// Whether white space parts digits (ASCII or full-width) into groups that
/// are no thousands (`10690 2113`, not `1 234`): numbers apart.
fn spaced_digits(text: &str) -> bool {
    if !text.trim().contains(char::is_whitespace) {
        return false;
    }
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    // The run of digit groups parted by white space only that is being
    // read: its groups so far, the first one's length, whether every later
    // one has three digits; the current group's length.
    let (mut groups, mut first, mut threes, mut length) = (0usize, 0usize, true, 0usize);
    for c in text.chars().chain(std::iter::once('\0')) {
        if digit(c) {
            length += 1;
            continue;
        }
        if length > 0 {
            if groups == 0 {
                first = length;
            } else {
                threes &= length == 3;
            }
            groups += 1;
            length = 0;
        }
        if c.is_whitespace() && groups > 0 {
            continue;
        }
        if groups > 1 && !((1..=3).contains(&first) && threes) {
            return true;
        }
        (groups, first, threes) = (0, 0, true);
    }
    false
}

/// Money printed with a decimal comma (`9116,36`): one comma followed by
/// one or two digits, which no thousands separator is. Read by its digit
/// groups as `9116.36`, never as 911636.
fn decimal_comma(kind: CellKind, digits: &str) -> Option<String> {
    let (int, frac) = digits.split_once(',')?;
    let decimal = kind == CellKind::Money
        && !frac.contains([',', '.'])
        && (1..=2).contains(&frac.len())
        && frac.bytes().all(|b| b.is_ascii_digit());
    decimal.then(|| format!("{int}.{frac}"))
}

/// Parses `[+-]digits[.digits]` with optional `,` thousands separators
/// (groups of three after the first). `None`: not a number; `Some(None)`: a number too large for a
/// `Decimal`.
fn parse_decimal(s: &str) -> Option<Option<Decimal>> {
    let (negative, body) = match s.as_bytes().first()? {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() || int.starts_with(',') || int.ends_with(',') || int.contains(",,") {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit() || b == b',') || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Separators stand between groups of three: `9116,36` is no thousands.
    let mut groups = int.split(',');
    if int.contains(',') && (groups.next().is_some_and(|g| g.len() > 3) || groups.any(|g| g.len() != 3)) {
        return None;
    }
    if body.ends_with('.') {
        return None;
    }
    let mut mantissa: i128 = 0;
    let mut scale: u32 = 0;
    for b in int.bytes().filter(|b| *b != b',').chain(frac.bytes()) {
        mantissa = match mantissa.checked_mul(10).and_then(|m| m.checked_add(i128::from(b - b'0'))) {
            Some(m) => m,
            None => return Some(None),
        };
    }
    for _ in frac.bytes() {
        scale += 1;
    }
    if negative {
        mantissa = -mantissa;
    }
    Some(Decimal::try_from_i128_with_scale(mantissa, scale).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn counts() {
        assert_eq!(read_cell(CellKind::Count, " 12 "), Value::Number(d("12")));
        assert_eq!(read_cell(CellKind::Count, "1 234"), Value::Number(d("1234")));
        assert_eq!(read_cell(CellKind::Count, "3件"), Value::Number(d("3")));
        assert_eq!(read_cell(CellKind::Count, "-2"), Value::Number(d("-2")));
        assert_eq!(read_cell(CellKind::Count, "1.5"), Value::NotANumber);
        assert_eq!(read_cell(CellKind::Count, "2.0"), Value::Number(d("2")));
        assert_eq!(read_cell(CellKind::Count, "18446744073709551615"), Value::Number(Decimal::from(u64::MAX)));
        assert_eq!(read_cell(CellKind::Count, "18446744073709551616"), Value::TooLarge);
        assert_eq!(read_cell(CellKind::Count, &"9".repeat(80)), Value::TooLarge);
        // Separators between groups of three only; numbers apart are no one
        // number.
        assert_eq!(read_cell(CellKind::Count, "1,2,3"), Value::NotANumber);
        assert_eq!(read_cell(CellKind::Count, "12,345,678"), Value::Number(d("12345678")));
        assert_eq!(read_cell(CellKind::Count, "1 234 567"), Value::Number(d("1234567")));
        assert_eq!(read_cell(CellKind::Count, "10690 2113"), Value::NotANumber);
        assert_eq!(read_cell(CellKind::Count, "10690\t2113"), Value::NotANumber);
        assert_eq!(read_cell(CellKind::Count, "1234 567"), Value::NotANumber);
        assert_eq!(read_cell(CellKind::Count, "12 3"), Value::NotANumber);
        // A footnote mark is no digit.
        assert_eq!(read_cell(CellKind::Count, "10690¹"), Value::Number(d("10690")));
        assert_eq!(read_cell(CellKind::Count, "12*"), Value::Number(d("12")));
        assert_eq!(read_cell(CellKind::Count, ",12"), Value::NotANumber);
        assert_eq!(read_cell(CellKind::Count, "12."), Value::NotANumber);
        assert_eq!(read_cell(CellKind::Count, "+"), Value::NotANumber);
    }

    /// A decimal comma in money is read by its digit groups, never as 100×.
    #[test]
    fn decimal_commas_in_money() {
        assert_eq!(read_cell(CellKind::Money, "9116,36"), Value::Number(d("9116.36")));
        assert_eq!(read_cell(CellKind::Money, "9116,3万元"), Value::Number(d("9116.3")));
        assert_eq!(read_cell(CellKind::Money, "9,116"), Value::Number(d("9116")));
        assert_eq!(read_cell(CellKind::Money, "9116,367"), Value::NotANumber);
        assert_eq!(read_cell(CellKind::Money, "1,234,56"), Value::NotANumber);
        assert_eq!(read_cell(CellKind::Count, "9116,36"), Value::NotANumber);
    }

    #[test]
    fn markers_and_blanks_are_distinct_from_zero() {
        for m in ["/", "-", "_", "—", "／", "－"] {
            assert_eq!(read_cell(CellKind::Count, m), Value::NotApplicable, "{m}");
        }
        assert_eq!(read_cell(CellKind::Count, "  "), Value::Blank);
        assert_eq!(read_cell(CellKind::Count, "0"), Value::Number(Decimal::ZERO));
    }

    #[test]
    fn changes_are_signed() {
        assert_eq!(read_cell(CellKind::Change, "+173"), Value::Number(d("173")));
        assert_eq!(read_cell(CellKind::Change, "－2"), Value::Number(d("-2")));
        assert_eq!(read_cell(CellKind::Change, "-9223372036854775809"), Value::TooLarge);
    }

    #[test]
    fn money_units_convert_exactly() {
        assert_eq!(read_cell(CellKind::Money, "160.5964万元"), Value::Number(d("160.5964")));
        assert_eq!(read_cell(CellKind::Money, "184719元"), Value::Number(d("18.4719")));
        assert_eq!(read_cell(CellKind::Money, "0.5"), Value::Number(d("0.5")));
        assert_eq!(read_cell(CellKind::Money, "万元"), Value::NotANumber);
    }

    #[test]
    fn money_constructors() {
        assert_eq!(Money::from_yuan(d("184719")).unwrap().wan(), d("18.4719"));
        assert!(Money::from_wan(d("-0.01")).is_err());
        assert_eq!(Money::from_wan(d("0")).unwrap(), Money::ZERO);
    }
}
