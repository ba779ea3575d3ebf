//! The typed tables as JSON, through their one map onto the layout: a
//! table is written exactly as it stands in a report's `tables`
//! (`row → column → number`, by the layout's keys), so a table on its own
//! and inside a report share one vocabulary.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::strict_json::{Leaf, strict_value};
use super::{Leaves, Slot};
use crate::Edition;
use crate::codec::Given;
use crate::layout::{CellKind, ColumnDef, Layout, RowDef};
use crate::number::Value;

/// Writes a table as `row → column → number`, rows and columns in layout
/// order.
pub(super) fn serialize<T: Leaves, S: Serializer>(table: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut table = table.clone();
    let slots = table.slots();
    let mut map = s.serialize_map(None)?;
    let mut rest = &slots[..];
    while let Some((row, _, _)) = rest.first() {
        let end = rest.iter().position(|(r, _, _)| !std::ptr::eq(*r, *row)).unwrap_or(rest.len());
        map.serialize_entry(row.key, &Row(&rest[..end]))?;
        rest = &rest[end..];
    }
    map.end()
}

struct Row<'s, 'a>(&'s [(&'static RowDef, &'static ColumnDef, Slot<'a>)]);

impl Serialize for Row<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (_, column, slot) in self.0 {
            let leaf = match slot {
                Slot::Money(_) => Leaf::Money(slot.get()),
                Slot::Count(_) | Slot::Change(_) => Leaf::Integer(slot.get()),
            };
            map.serialize_entry(column.key, &leaf)?;
        }
        map.end()
    }
}

/// A JSON object's entries in order, duplicates kept (never resolved by
/// taking the last).
struct Entries<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V_<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of rows, each an object of columns")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<V>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    out.push((k, v));
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V_(PhantomData))
    }
}

/// Reads a table from `row → column → number`. The edition is the one
/// (of those `T` has) whose rows and columns the keys name; every leaf
/// must be given exactly once, as strict JSON gives it.
pub(super) fn deserialize<'de, T: Leaves, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let rows = Entries::<Entries<Given>>::deserialize(d)?;
    let mut given: Vec<(String, String, Option<Given>)> = Vec::new();
    for (row, columns) in rows.0 {
        for (column, value) in columns.0 {
            given.push((row.clone(), column, Some(value)));
        }
    }
    let mut unknown_in = Vec::new();
    for edition in Edition::ALL {
        let Some(mut table) = T::zeroed_in(edition) else { continue };
        let mut slots = table.slots();
        let at: Vec<Option<usize>> = given
            .iter()
            .map(|(row, column, _)| slots.iter().position(|(r, c, _)| r.key == row && c.key == column))
            .collect();
        let layout = Layout::of(edition);
        let unknown: Vec<String> = given
            .iter()
            .zip(&at)
            .filter(|(_, i)| i.is_none())
            .map(|((r, c, _), _)| match layout.cell_by_key(T::SECTION, r, c) {
                Some(total) => format!("`{}` (a total, derived from the leaves)", total.key_path()),
                None => format!("`{}.{r}.{c}`", T::SECTION.key()),
            })
            .collect();
        if !unknown.is_empty() {
            unknown_in.push(format!("{edition} table {} has no leaf {}", T::SECTION.numeral(), unknown.join(", ")));
            continue;
        }
        let mut problems = Vec::new();
        let mut seen = vec![false; slots.len()];
        for ((_, _, value), i) in given.iter_mut().zip(at) {
            let Some(i) = i else { continue };
            let (row, column, slot) = &mut slots[i];
            let Some(cell) = layout.cell(T::SECTION, row, column) else { continue };
            if std::mem::replace(&mut seen[i], true) {
                problems.push(format!("{} ({cell}) is given more than once", cell.key_path()));
                continue;
            }
            match value.take().map(|v| strict_value(cell, v)) {
                Some(Ok(Value::Number(n))) if slot.set(n) => {}
                Some(Err(problem)) => problems.push(problem),
                _ => problems.push(format!(
                    "{} ({cell}) does not fit its cell: {}",
                    cell.key_path(),
                    match cell.info().kind() {
                        CellKind::Count => "a count is a whole number from 0",
                        CellKind::Change => "a change is a whole number",
                        CellKind::Money => "money is an amount of 万元 from 0",
                    }
                )),
            }
        }
        for ((row, column, _), seen) in slots.iter().zip(&seen) {
            if !seen && let Some(cell) = layout.cell(T::SECTION, row, column) {
                problems.push(format!("{} ({cell}) is missing: strict JSON gives every leaf", cell.key_path()));
            }
        }
        drop(slots);
        return if problems.is_empty() { Ok(table) } else { Err(de::Error::custom(problems.join("; "))) };
    }
    Err(de::Error::custom(unknown_in.join("; ")))
}

/// `Serialize` and `Deserialize` through [`serialize`] and [`deserialize`].
macro_rules! table_json {
    ($($table:ty),*) => {$(
        impl Serialize for $table {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize(self, s)
            }
        }
        impl<'de> Deserialize<'de> for $table {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize(d)
            }
        }
    )*};
}

table_json!(
    super::ProactiveV2019,
    super::ProactiveV2021,
    super::ProactiveTable,
    super::RequestTable,
    super::ReviewTable
);
