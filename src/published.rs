//! Reports as published: every cell as printed, errors included.

use rust_decimal::Decimal;
use serde::de;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::codec::{FlatTables, Tables};
use crate::layout::{CellKind, CellRef, Layout, Section};
use crate::number::{Unit, Value, prints_unit, read_cell, read_cell_in};
use crate::rules::{self, Findings};
use crate::{Edition, Money, Place, ReportMeta};

/// One printed cell: the text as printed, and what it means.
///
/// The meaning is a function of the text and the column's kind, so a cell
/// round-trips through its text exactly.
///
/// ```
/// use disclosure_report::layout::CellKind;
/// use disclosure_report::Value;
/// use disclosure_report::Cell;
///
/// let c = Cell::printed(CellKind::Money, "184719元");
/// assert_eq!(c.text(), "184719元");
/// assert_eq!(c.value(), Value::Number("18.4719".parse().unwrap()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cell {
    text: String,
    value: Value,
    /// The unit the column's header printed, for money.
    header_unit: Option<Unit>,
}

impl Cell {
    /// A cell as printed.
    pub fn printed(kind: CellKind, text: impl Into<String>) -> Cell {
        let text = text.into();
        let value = read_cell(kind, &text);
        Cell { text, value, header_unit: None }
    }

    /// A money cell as printed under a header that printed `unit`
    /// (`采购总金额（元）`); a unit in the cell itself overrides it.
    ///
    /// ```
    /// use disclosure_report::layout::CellKind;
    /// use disclosure_report::{Unit, Value};
    /// use disclosure_report::Cell;
    ///
    /// let c = Cell::printed_under(CellKind::Money, "8810055", Some(Unit::Yuan));
    /// assert_eq!(c.value(), Value::Number("881.0055".parse().unwrap()));
    /// assert_eq!(c.header_unit(), Some(Unit::Yuan));
    /// ```
    pub fn printed_under(kind: CellKind, text: impl Into<String>, unit: Option<Unit>) -> Cell {
        let text = text.into();
        let header_unit = unit.filter(|_| kind == CellKind::Money);
        let value = read_cell_in(kind, &text, header_unit);
        Cell { text, value, header_unit }
    }

    /// A cell holding `number`, printed in its plain form: `+3` for a
    /// positive change, money with its unit (`12.5万元`).
    pub fn number(kind: CellKind, number: Decimal) -> Cell {
        let text = match kind {
            CellKind::Change if number.is_sign_positive() && !number.is_zero() => format!("+{number}"),
            CellKind::Money => format!("{number}{}", Unit::Wan),
            CellKind::Count | CellKind::Change => number.to_string(),
        };
        Cell::printed(kind, text)
    }

    /// The unit the column's header printed, where it printed one (money
    /// only).
    pub fn header_unit(&self) -> Option<Unit> {
        self.header_unit
    }

    /// The unit a money figure was printed in: the cell's own (`万元`, `万`,
    /// `元`), else its header's, else the format's, 万元.
    #[cfg(any(feature = "csv", feature = "json"))]
    pub(crate) fn money_unit(&self) -> Unit {
        crate::number::printed_unit(&self.text).or(self.header_unit).unwrap_or(Unit::Wan)
    }

    /// Whether a money figure was read in 万元 only because nothing said
    /// otherwise: neither the cell nor its header printed a unit, and the
    /// official label names none.
    pub(crate) fn unit_assumed(&self, cell: CellRef) -> bool {
        cell.info().kind() == CellKind::Money
            && matches!(self.value, Value::Number(d) if !d.is_zero())
            && self.header_unit.is_none()
            && !prints_unit(&self.text)
            && Unit::of_header(cell.column().label).is_none()
    }

    /// The text as printed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What the text means for the cell's kind.
    pub fn value(&self) -> Value {
        self.value
    }
}

impl Serialize for Cell {
    /// The printed text; with a header unit, `{"text": …, "unit": "元"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.header_unit {
            None => s.serialize_str(&self.text),
            Some(unit) => {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("text", &self.text)?;
                map.serialize_entry("unit", unit.label())?;
                map.end()
            }
        }
    }
}

/// A report read from JSON, and how it was read (how, only the JSON reader
/// asks; serde's `Deserialize` takes the report).
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) struct JsonRead {
    pub(crate) published: Published,
    /// Whether its totals were derived: the strict form.
    pub(crate) totals_derived: bool,
    /// The totals given by JSON whose figures are all numbers (as strict
    /// JSON gives them), which made it read as published.
    pub(crate) totals_given: Vec<CellRef>,
}

/// A cell printed more than once: every printing, in order. Where they
/// differ, the report leaves the cell absent; nothing is guessed.
///
/// ```
/// use disclosure_report::read::parse;
///
/// // Table 三's first row printed twice, the second time with another figure.
/// let seed = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt"));
/// let line = seed.lines().find(|l| l.starts_with("一、本年新收")).unwrap();
/// let text = seed.replacen(line, &format!("{line}\n{}", line.replacen("0", "7", 1)), 1);
/// let p = parse(&text)?.into_published();
/// let twice = &p.duplicates()[0];
/// assert_eq!(twice.cell.key_path(), "requests.new_requests.natural_person");
/// assert_eq!(twice.texts, ["0", "7"]);
/// assert!(!twice.agrees());
/// assert!(p.get(twice.cell).is_none(), "the printings differ: nothing is guessed");
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Duplicate {
    /// The cell.
    pub cell: CellRef,
    /// Every printed text, in the order read (the first
    /// [`Duplicate::KEPT`] of them).
    pub texts: Vec<String>,
    /// Printings past the first [`Duplicate::KEPT`]: counted, not kept.
    pub unlisted: usize,
    /// Whether every printing says the same.
    agrees: bool,
}

impl Duplicate {
    /// How many printings of one cell are kept; a row printed a million
    /// times is counted, not held.
    pub const KEPT: usize = 100;

    /// Whether every printing says the same.
    pub fn agrees(&self) -> bool {
        self.agrees
    }

    fn push(&mut self, text: String) {
        self.agrees &= self.texts.first().is_none_or(|t| *t == text);
        if self.texts.len() < Duplicate::KEPT {
            self.texts.push(text);
        } else {
            self.unlisted = self.unlisted.saturating_add(1);
        }
    }
}

/// The prose sections 一, 五 and 六, and the information processing fee
/// that section 六 may state.
///
/// ```
/// use disclosure_report::{AnnualReport, Money, Prose, ReportMeta};
///
/// let prose = Prose { overview: "本机关……".into(), processing_fee: Some(Money::ZERO), ..Default::default() };
/// let report = AnnualReport::builder(ReportMeta::new("某局", 2023)?).prose(prose.clone()).build()?;
/// assert_eq!(report.prose(), &prose);
/// assert_eq!(prose.fee_line().as_deref(), Some("信息处理费：0万元"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Prose {
    /// 一、总体情况.
    pub overview: String,
    /// 五、存在的主要问题及改进情况.
    pub problems: String,
    /// 六、其他需要报告的事项.
    pub other: String,
    /// The 信息处理费 collected (国办函〔2020〕109号), where stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_fee: Option<Money>,
}

/// The line that states the information processing fee in the official
/// layouts: `信息处理费：12.5万元`.
const FEE_PREFIX: &str = "信息处理费：";

impl Prose {
    /// The line that states the fee, as the layouts write it
    /// (`信息处理费：12.5万元`), if a fee is stated.
    pub fn fee_line(&self) -> Option<String> {
        self.processing_fee.map(|fee| format!("{FEE_PREFIX}{}万元", fee.wan()))
    }

    /// The fee a line states, if it is a fee line
    /// ([`fee_line`](Prose::fee_line)'s form; full-width digits and
    /// punctuation folded).
    pub(crate) fn fee_of_line(folded: &str) -> Option<Money> {
        let amount = folded.strip_prefix(FEE_PREFIX)?.strip_suffix("万元")?;
        match crate::number::read_cell(CellKind::Money, amount) {
            Value::Number(d) => Money::from_wan(d).ok(),
            _ => None,
        }
    }
}

/// A non-official label that a reader recognised.
///
/// ```
/// use disclosure_report::read::parse;
///
/// let p = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?.into_published();
/// let variant = &p.label_variants()[0];
/// assert_ne!(variant.official, variant.printed);
/// assert!(variant.at.is_some(), "where it was printed");
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(from = "LabelVariantIn")]
pub struct LabelVariant {
    /// The official label it stands for.
    pub official: String,
    /// The label as printed.
    pub printed: String,
    /// Where it was printed in the source, where it was read from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Place>,
}

/// A label variant as JSON gives it, 0.2's `line` (a line of the text
/// read) taken as its place.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "LabelVariant"))]
#[serde(deny_unknown_fields)]
struct LabelVariantIn {
    official: String,
    printed: String,
    #[serde(default)]
    at: Option<Place>,
    /// Before 0.3: the line of the text read.
    #[serde(default)]
    line: Option<u32>,
}

impl From<LabelVariantIn> for LabelVariant {
    fn from(v: LabelVariantIn) -> LabelVariant {
        let at = v.at.or(v.line.map(|line| Place::Line { line }));
        LabelVariant { official: v.official, printed: v.printed, at }
    }
}

/// A report as published: for every cell of its edition, what it printed.
///
/// It never refuses a value: negative counts, wrong totals, text where a
/// number belongs are all kept, and [`check`](Published::check) reports
/// them. A cell that was not printed at all is absent.
///
/// ```
/// use disclosure_report::layout::{columns, rows, Section};
/// use disclosure_report::{Edition, Published, ReportMeta};
///
/// let mut p = Published::new(Edition::V2021, ReportMeta::new("某县人民政府", 2022).unwrap());
/// p.set_text(Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON, "3").unwrap();
/// let findings = p.check();
/// // Every other required cell is missing.
/// assert!(findings.iter().any(|f| f.rule().id == "cell.missing"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Published {
    edition: Edition,
    meta: ReportMeta,
    cells: Vec<Option<Cell>>,
    prose: Prose,
    label_variants: Vec<LabelVariant>,
    duplicates: Vec<Duplicate>,
}

/// A cell reference or key that does not belong to the report's edition.
///
/// ```
/// use disclosure_report::layout::{columns, rows, Section};
/// use disclosure_report::{Edition, Published, ReportMeta};
///
/// // 本年制发件数 is a column of V2021's table 二 only.
/// let mut p = Published::new(Edition::V2019, ReportMeta::new("某局", 2020)?);
/// let err = p.set_text(Section::Proactive, &rows::REGULATIONS, &columns::ISSUED, "3").unwrap_err();
/// assert_eq!((err.edition, err.column.as_str()), (Edition::V2019, "issued"), "{err}");
/// # Ok::<(), disclosure_report::MetaError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{edition} has no cell {section}/{row}/{column}")]
#[non_exhaustive]
pub struct NoSuchCell {
    /// The report's edition.
    pub edition: Edition,
    /// The section's key.
    pub section: &'static str,
    /// The row's key.
    pub row: String,
    /// The column's key.
    pub column: String,
}

/// Why a cell cannot be set.
///
/// ```
/// use disclosure_report::layout::{columns, rows, CellKind, Section};
/// use disclosure_report::{Cell, Edition, Published, ReportMeta, SetError};
///
/// let mut p = Published::new(Edition::V2021, ReportMeta::new("某局", 2022)?);
/// let cell = p.layout().cell(Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON).unwrap();
/// // A cell read as money ("3万元") is not a count's.
/// let err = p.set(cell, Cell::printed(CellKind::Money, "3万元")).unwrap_err();
/// assert!(matches!(err, SetError::WrongKind { .. }), "{err}");
/// assert!(p.set(cell, Cell::printed(CellKind::Count, "3")).is_ok());
/// # Ok::<(), disclosure_report::MetaError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SetError {
    /// The report's edition has no such cell.
    #[error(transparent)]
    NoSuchCell(#[from] NoSuchCell),
    /// The cell given was read for another kind of cell: its text reads
    /// otherwise here.
    #[error("{cell}: {text:?} was read as {given:?}, but in this cell it reads as {here:?}; read it for this cell")]
    WrongKind {
        /// The cell's key path.
        cell: String,
        /// The text.
        text: String,
        /// What the cell given held.
        given: Value,
        /// What the text reads as in this cell.
        here: Value,
    },
}

impl Published {
    /// An empty report: every cell absent, no prose.
    pub fn new(edition: Edition, meta: ReportMeta) -> Published {
        let cells = vec![None; Layout::of(edition).len()];
        Published { edition, meta, cells, prose: Prose::default(), label_variants: Vec::new(), duplicates: Vec::new() }
    }

    /// The edition of the report's tables.
    pub fn edition(&self) -> Edition {
        self.edition
    }

    /// The layout of the report's edition.
    pub fn layout(&self) -> &'static Layout {
        Layout::of(self.edition)
    }

    /// Who published it, for which year.
    pub fn meta(&self) -> &ReportMeta {
        &self.meta
    }

    /// Replaces the metadata.
    pub fn set_meta(&mut self, meta: ReportMeta) {
        self.meta = meta;
    }

    /// The prose sections.
    pub fn prose(&self) -> &Prose {
        &self.prose
    }

    /// The prose sections, to edit.
    pub fn prose_mut(&mut self) -> &mut Prose {
        &mut self.prose
    }

    /// The labels a reader recognised as variants of official ones.
    pub fn label_variants(&self) -> &[LabelVariant] {
        &self.label_variants
    }

    /// Records a label variant (reported as a `label.variant` notice).
    pub fn push_label_variant(&mut self, variant: LabelVariant) {
        self.label_variants.push(variant);
    }

    /// Forgets the recorded label variants: the report as if printed with
    /// the official labels.
    pub fn clear_label_variants(&mut self) {
        self.label_variants.clear();
    }

    /// The printed cell, or `None` if it is absent or of another edition.
    pub fn get(&self, cell: CellRef) -> Option<&Cell> {
        if cell.edition() != self.edition {
            return None;
        }
        self.cells.get(cell.index())?.as_ref()
    }

    /// The printed cell at a key path of the report's edition
    /// (`requests.outcome_total.natural_person`, as findings and exports
    /// name cells), or `None` if it is absent or the edition has no such
    /// cell.
    ///
    /// ```
    /// use disclosure_report::read::parse;
    ///
    /// let p = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?.into_published();
    /// assert_eq!(p.get_path("requests.new_requests.natural_person").map(|c| c.text()), Some("0"));
    /// assert_eq!(p.get_path("requests.nope.total"), None);
    /// # Ok::<(), disclosure_report::read::ParseError>(())
    /// ```
    pub fn get_path(&self, path: &str) -> Option<&Cell> {
        self.get(self.layout().cell_by_path(path)?)
    }

    /// The cells printed more than once, with every printing.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// Records a printed cell as a reader meets it: the first printing is
    /// placed; a further printing of the same cell is kept as a
    /// [`Duplicate`], and where the printings differ the cell becomes
    /// absent. Nothing is overwritten, and nothing guessed.
    ///
    /// ```
    /// use disclosure_report::layout::{CellKind, columns, rows, Section, Layout};
    /// use disclosure_report::{Cell, Edition, Published, ReportMeta};
    ///
    /// let mut p = Published::new(Edition::V2021, ReportMeta::new("某县人民政府", 2022).unwrap());
    /// let cell = p.layout().cell(Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON).unwrap();
    /// p.record(cell, Cell::printed(CellKind::Count, "3")).unwrap();
    /// p.record(cell, Cell::printed(CellKind::Count, "5")).unwrap();
    /// assert!(p.get(cell).is_none());
    /// assert_eq!(p.duplicates()[0].texts, ["3", "5"]);
    /// assert_eq!(p.check().of_rule(&disclosure_report::rules::CELL_DUPLICATE).count(), 1);
    /// ```
    ///
    /// # Errors
    ///
    /// [`NoSuchCell`] where the cell is of another edition.
    pub fn record(&mut self, cell: CellRef, value: Cell) -> Result<(), NoSuchCell> {
        let slot = Published::slot_in(&mut self.cells, self.edition, cell)?;
        let text = value.text.clone();
        if let Some(d) = self.duplicates.iter_mut().find(|d| d.cell == cell) {
            d.push(text);
            if !d.agrees() {
                *slot = None;
            }
            return Ok(());
        }
        match slot {
            None => *slot = Some(value),
            Some(first) => {
                let mut d = Duplicate { cell, texts: vec![first.text.clone()], unlisted: 0, agrees: true };
                d.push(text);
                if !d.agrees() {
                    *slot = None;
                }
                self.duplicates.push(d);
            }
        }
        Ok(())
    }

    /// Sets a cell; returns what it held.
    ///
    /// ```
    /// use disclosure_report::layout::{columns, rows, CellKind, Section};
    /// use disclosure_report::{Cell, Edition, Published, ReportMeta, SetError};
    ///
    /// let mut p = Published::new(Edition::V2021, ReportMeta::new("某局", 2022)?);
    /// let fee = p.layout().cell(Section::Proactive, &rows::FEES, &columns::FEE_AMOUNT).unwrap();
    /// let count = p.layout().cell(Section::Requests, &rows::DISCLOSED, &columns::BUSINESS).unwrap();
    /// p.set(fee, Cell::printed(CellKind::Money, "12.5万元"))?;
    /// // Read as money, "12.5万元" is 12.5; as a count it is no number.
    /// let err = p.set(count, Cell::printed(CellKind::Money, "12.5万元")).unwrap_err();
    /// assert!(matches!(err, SetError::WrongKind { .. }), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SetError::NoSuchCell`] if the cell is of another edition;
    /// [`SetError::WrongKind`] if `value` was read for another kind of cell
    /// (its text reads otherwise in this cell).
    pub fn set(&mut self, cell: CellRef, value: Cell) -> Result<Option<Cell>, SetError> {
        let here = Cell::printed_under(cell.info().kind(), value.text(), value.header_unit());
        if here.value() != value.value() {
            return Err(SetError::WrongKind {
                cell: cell.key_path(),
                text: value.text().to_owned(),
                given: value.value(),
                here: here.value(),
            });
        }
        Ok(self.put(cell, value)?)
    }

    /// Sets a cell read for it (the kind is not checked again); returns
    /// what it held.
    pub(crate) fn put(&mut self, cell: CellRef, value: Cell) -> Result<Option<Cell>, NoSuchCell> {
        Ok(self.slot(cell)?.replace(value))
    }

    /// Removes a cell (it becomes absent); returns what it held.
    ///
    /// # Errors
    ///
    /// [`NoSuchCell`] if the cell is of another edition.
    pub fn remove(&mut self, cell: CellRef) -> Result<Option<Cell>, NoSuchCell> {
        Ok(self.slot(cell)?.take())
    }

    /// Sets a cell by section, row and column from its printed text.
    ///
    /// # Errors
    ///
    /// [`NoSuchCell`] if the edition has no cell at that row and column.
    pub fn set_text(
        &mut self,
        section: Section,
        row: &crate::layout::RowDef,
        column: &crate::layout::ColumnDef,
        text: &str,
    ) -> Result<Option<Cell>, NoSuchCell> {
        let cell = self.layout().cell(section, row, column).ok_or_else(|| NoSuchCell {
            edition: self.edition,
            section: section.key(),
            row: row.key.to_owned(),
            column: column.key.to_owned(),
        })?;
        // Read for this very cell: never of another kind.
        self.put(cell, Cell::printed(column.kind, text))
    }

    fn slot(&mut self, cell: CellRef) -> Result<&mut Option<Cell>, NoSuchCell> {
        Published::slot_in(&mut self.cells, self.edition, cell)
    }

    fn slot_in(cells: &mut [Option<Cell>], edition: Edition, cell: CellRef) -> Result<&mut Option<Cell>, NoSuchCell> {
        let no_such = || NoSuchCell {
            edition,
            section: cell.section().key(),
            row: cell.row().key.to_owned(),
            column: cell.column().key.to_owned(),
        };
        if cell.edition() != edition {
            return Err(no_such());
        }
        cells.get_mut(cell.index()).ok_or_else(no_such)
    }

    /// Every cell of the edition with what was printed, in layout order.
    pub fn cells(&self) -> impl Iterator<Item = (CellRef, Option<&Cell>)> + '_ {
        self.layout().cells().zip(self.cells.iter().map(Option::as_ref))
    }

    /// Whether every derived cell (the 总计 columns of tables 三 and 四, the
    /// （七）总计 row) is absent: the report gives leaves only, as the strict
    /// JSON form of [`AnnualReport`](crate::AnnualReport) does.
    pub fn has_no_derived_cells(&self) -> bool {
        let layout = self.layout();
        self.cells().all(|(cell, printed)| printed.is_none() || !layout.is_derived(cell))
    }

    /// Writes every absent derived cell — the 总计 columns of tables 三 and
    /// 四 and the （七）总计 row — as the sum of its leaves (blank counting as
    /// 0). Printed cells are left as printed. A sum past what a cell can
    /// hold is written as such, and the check reports it as `cell.overflow`.
    pub fn fill_derived_totals(&mut self) {
        let sums: Vec<(CellRef, Decimal)> =
            self.layout().derived_totals(|c| crate::rules::Source::figure_or_zero(self, c));
        for (cell, sum) in sums {
            if self.get(cell).is_none() {
                let _ = self.put(cell, Cell::number(cell.info().kind(), sum));
            }
        }
    }

    /// Checks the report against every single-report rule of the catalogue.
    pub fn check(&self) -> Findings {
        rules::check(self)
    }

    /// Every [indicator](crate::indicators) of the report, from its
    /// figures as printed (a group row that printed no subtotal, from its
    /// sub-rows); each resting on a cell an error finding names is marked
    /// inconsistent.
    ///
    /// ```
    /// use disclosure_report::read::{read_report, Options, SourceFormat};
    ///
    /// let seed = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt"));
    /// let parsed = read_report(seed, SourceFormat::Text, &Options::default())?;
    /// let completion = &parsed.published().indicators()[5];
    /// assert_eq!(completion.indicator().key, "completion_rate");
    /// assert!(!completion.is_inconsistent());
    /// # Ok::<(), disclosure_report::read::ReadError>(())
    /// ```
    pub fn indicators(&self) -> Vec<crate::indicators::IndicatorValue> {
        let findings = self.check();
        crate::indicators::evaluate(self.layout(), |c| crate::indicators::printed_figure(self, c), Some(&findings))
    }

    /// Whether the report has no error finding, without building findings.
    pub fn is_valid(&self) -> bool {
        rules::is_valid(self)
    }

    /// Checks this report against the previous year's (the `X.*` rules).
    pub fn check_against_previous(&self, previous: &Published) -> Findings {
        rules::check_pair(previous, self)
    }
}

#[derive(Serialize)]
struct PublishedOut<'a> {
    edition: Edition,
    meta: &'a ReportMeta,
    tables: Tables<'a, &'a Cell>,
    prose: &'a Prose,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    label_variants: &'a [LabelVariant],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    duplicates: Vec<DuplicateJson>,
}

/// A duplicated cell in JSON: its key path, every printing, and how many
/// more printings were counted.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DuplicateJson {
    cell: String,
    texts: Vec<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    unlisted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Serialize for Published {
    /// Every cell as printed; a cell printed more than once appears only
    /// under `duplicates`, as `{"cell": key path, "texts": [every
    /// printing]}`, so that reading the JSON back records the same
    /// printings.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value = |c: CellRef| self.get(c).filter(|_| !self.duplicates.iter().any(|d| d.cell == c));
        PublishedOut {
            edition: self.edition,
            meta: &self.meta,
            tables: Tables { edition: self.edition, value: &value },
            prose: &self.prose,
            label_variants: &self.label_variants,
            duplicates: self
                .duplicates
                .iter()
                .map(|d| DuplicateJson { cell: d.cell.key_path(), texts: d.texts.clone(), unlisted: d.unlisted })
                .collect(),
        }
        .serialize(s)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishedIn<'a> {
    edition: Edition,
    meta: ReportMeta,
    #[serde(default, borrow)]
    tables: FlatTables<'a>,
    #[serde(default)]
    prose: Prose,
    #[serde(default)]
    label_variants: Vec<LabelVariant>,
    #[serde(default)]
    duplicates: Vec<DuplicateJson>,
    /// An area total's account of what it covers: skipped.
    #[serde(default, rename = "sum")]
    _sum: Option<de::IgnoredAny>,
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Published::from_input(PublishedIn::deserialize(d)?)?.published)
    }
}

impl Published {
    /// A report from JSON, whether its totals were derived (the strict
    /// form), and the totals given by JSON that looks strict otherwise,
    /// which made it read as published.
    #[cfg(feature = "json")]
    pub(crate) fn from_json_str(source: &str) -> Result<JsonRead, serde_json::Error> {
        let input: PublishedIn<'_> = serde_json::from_str(source)?;
        Published::from_input(input)
    }

    fn from_input<E: de::Error>(input: PublishedIn<'_>) -> Result<JsonRead, E> {
        let mut p = Published::new(input.edition, input.meta);
        let placed = input.tables.place(input.edition).map_err(|unknown| {
            let names: Vec<String> = unknown.iter().map(ToString::to_string).collect();
            de::Error::custom(names.join("; "))
        })?;
        let layout = Layout::of(input.edition);
        // Strict JSON's figures: counts as numbers, money as a number or a
        // decimal string in 万元.
        let strict_like = placed.iter().all(|(cell, given)| match given {
            crate::codec::Given::Number(_) => true,
            crate::codec::Given::Text(t) => cell.info().kind() == CellKind::Money && t.parse::<Money>().is_ok(),
            _ => false,
        });
        let mut totals_given: Vec<CellRef> =
            placed.iter().map(|(cell, _)| *cell).filter(|&cell| strict_like && layout.is_derived(cell)).collect();
        totals_given.sort_unstable_by_key(|c| c.index());
        totals_given.dedup();
        // A key given twice is a cell printed twice: kept, not overwritten.
        for (cell, given) in placed {
            p.record(cell, given.into_cell(cell.info().kind())).map_err(de::Error::custom)?;
        }
        for d in input.duplicates {
            let cell = Layout::of(input.edition).cell_by_path(&d.cell).ok_or_else(|| {
                de::Error::custom(format!("{} has no table cell `{}` (in `duplicates`)", input.edition, d.cell))
            })?;
            for text in d.texts {
                p.record(cell, Cell::printed(cell.info().kind(), text)).map_err(de::Error::custom)?;
            }
            if let Some(kept) = p.duplicates.iter_mut().find(|k| k.cell == cell) {
                kept.unlisted = kept.unlisted.saturating_add(d.unlisted);
            }
        }
        p.prose = input.prose;
        p.label_variants = input.label_variants;
        // The strict form (leaves only) is a report whose totals are to be
        // derived: so they are, here and nowhere else.
        let derived = p.has_no_derived_cells();
        if derived {
            p.fill_derived_totals();
        }
        // Said only where totals went missing: every total given is a
        // published report's whole set.
        if layout.cells().all(|c| !layout.is_derived(c) || p.get(c).is_some()) {
            totals_given.clear();
        }
        Ok(JsonRead { published: p, totals_derived: derived, totals_given })
    }
}
