//! The strict layer's storage: one value per cell of the layout, in layout
//! order — the leaves as given and every total derived from them.

use rust_decimal::Decimal;

use crate::layout::{CellKind, CellRef, Layout};
use crate::number::Value;
use crate::published::Cell;
use crate::rules::Source;
use crate::{Edition, LabelVariant, ReportMeta};

/// A report's cell values without their texts, indexed by the layout.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Figures {
    pub(crate) meta: ReportMeta,
    edition: Edition,
    values: Box<[Option<Value>]>,
    /// The figure of each cell holding [`Value::TooLarge`], by cell index,
    /// so that a finding quotes it (a sum past `Decimal::MAX` is that).
    too_large: std::collections::BTreeMap<usize, Decimal>,
}

impl Figures {
    pub(crate) fn new(edition: Edition, meta: ReportMeta) -> Figures {
        Figures {
            meta,
            edition,
            values: vec![None; Layout::of(edition).len()].into_boxed_slice(),
            too_large: std::collections::BTreeMap::new(),
        }
    }

    pub(crate) fn set(&mut self, cell: CellRef, value: Value) {
        if let Some(slot) = self.values.get_mut(cell.index()).filter(|_| cell.edition() == self.edition) {
            *slot = Some(value);
            self.too_large.remove(&cell.index());
        }
    }

    /// Stores a figure as a cell of its kind holds it (a count out of range
    /// is kept as [`Value::TooLarge`], for the rules to report).
    pub(crate) fn set_figure(&mut self, cell: CellRef, d: Decimal) {
        let value = crate::number::classify(cell.info().kind(), d);
        self.set(cell, value);
        if value == Value::TooLarge && cell.edition() == self.edition {
            self.too_large.insert(cell.index(), d);
        }
    }

    /// Writes every derived cell from the leaves, in the layout's plan
    /// (a derived part is written before the sums it enters). A sum past
    /// `Decimal::MAX` is written as such, which no cell holds: the rules
    /// report it as `cell.overflow`.
    pub(crate) fn fill_derived_totals(&mut self) {
        for sum in Layout::of(self.edition).derivations() {
            let parts = sum.parts.iter().map(|p| self.figure_or_zero(*p));
            let total = crate::number::exact_sum(parts).unwrap_or(Decimal::MAX);
            self.set_figure(sum.total, total);
        }
    }

    /// The cells holding a value their typed slot cannot hold (a sum past
    /// `u64::MAX`, say); group subtotals, which a strict report does not
    /// store, are absent and not among them.
    pub(crate) fn unfit(&self) -> Vec<CellRef> {
        let layout = Layout::of(self.edition);
        let fit = |(value, info): (&Option<Value>, &crate::layout::CellInfo)| match value {
            None => true,
            Some(v) => v.figure().is_some_and(|d| fits(info.kind(), d)),
        };
        let unfit = self.values.iter().zip(layout.infos()).map(fit);
        layout.cells().zip(unfit).filter(|(_, fit)| !fit).map(|(cell, _)| cell).collect()
    }

    /// Every cell with its figure, in layout order.
    pub(crate) fn figures(&self) -> impl Iterator<Item = (CellRef, Decimal)> + '_ {
        let layout = Layout::of(self.edition);
        layout.cells().filter_map(|cell| Some((cell, self.value(cell)?.figure()?)))
    }
}

/// Whether `d` is a value a cell of `kind` holds: a count is whole and
/// within `u64`, a change whole and within `i64`, money a [`Money`](crate::Money).
pub(crate) fn fits(kind: CellKind, d: Decimal) -> bool {
    use super::Slot;
    match kind {
        CellKind::Count => Slot::Count(&mut crate::Count::default()).set(d),
        CellKind::Change => Slot::Change(&mut crate::Change::default()).set(d),
        CellKind::Money => Slot::Money(&mut crate::Money::default()).set(d),
    }
}

impl Source for Figures {
    fn edition(&self) -> Edition {
        self.edition
    }
    fn meta(&self) -> &ReportMeta {
        &self.meta
    }
    fn value(&self, cell: CellRef) -> Option<Value> {
        self.values.get(cell.index()).copied().flatten()
    }
    fn text(&self, cell: CellRef) -> Option<String> {
        self.value(cell).map(|v| match v {
            Value::Number(d) => Cell::number(cell.info().kind(), d).text().to_owned(),
            Value::Blank => String::new(),
            Value::NotApplicable => "/".to_owned(),
            Value::TooLarge => match self.too_large.get(&cell.index()) {
                Some(&d) if d == Decimal::MAX => format!("> {d}"),
                Some(d) => d.to_string(),
                None => "?".to_owned(),
            },
            Value::NotANumber => "?".to_owned(),
        })
    }
    fn label_variants(&self) -> &[LabelVariant] {
        &[]
    }
}
