//! The JSON shape shared by published and strict reports: tables as nested
//! maps `section → row → column → value`, in stable keys and layout order.

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::layout::{CellRef, Layout, Section};
use crate::Edition;

/// Serializes the cells `value` returns something for, as nested maps.
pub(crate) struct Tables<'a, T> {
    pub(crate) edition: Edition,
    pub(crate) value: &'a dyn Fn(CellRef) -> Option<T>,
}

impl<T: Serialize> Serialize for Tables<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let layout = Layout::of(self.edition);
        let mut map = s.serialize_map(None)?;
        for section in Section::TABLES {
            let rows = Rows { layout, section, value: self.value };
            if rows.cells().any(|c| (self.value)(c).is_some()) {
                map.serialize_entry(section.key(), &rows)?;
            }
        }
        map.end()
    }
}

struct Rows<'a, T> {
    layout: &'static Layout,
    section: Section,
    value: &'a dyn Fn(CellRef) -> Option<T>,
}

impl<T> Rows<'_, T> {
    fn cells(&self) -> impl Iterator<Item = CellRef> + '_ {
        self.layout.section_cells(self.section)
    }
}

impl<T: Serialize> Serialize for Rows<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let mut row: Vec<(&str, T)> = Vec::new();
        let mut current = None;
        for cell in self.cells() {
            let key = cell.row().key;
            if current != Some(key) {
                flush(&mut map, current, &mut row)?;
                current = Some(key);
            }
            if let Some(v) = (self.value)(cell) {
                row.push((cell.column().key, v));
            }
        }
        flush(&mut map, current, &mut row)?;
        map.end()
    }
}

fn flush<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: Option<&str>,
    row: &mut Vec<(&str, T)>,
) -> Result<(), M::Error> {
    if let Some(key) = key {
        if !row.is_empty() {
            map.serialize_entry(key, &Columns(row))?;
        }
    }
    row.clear();
    Ok(())
}

struct Columns<'a, 'b, T>(&'a [(&'b str, T)]);

impl<T: Serialize> Serialize for Columns<'_, '_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Tables as read from JSON, before their keys are checked.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub(crate) struct TablesRepr<T>(BTreeMap<String, BTreeMap<String, BTreeMap<String, T>>>);

impl<T> Default for TablesRepr<T> {
    fn default() -> Self {
        TablesRepr(BTreeMap::new())
    }
}

/// A key in the JSON tables that the edition does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UnknownCell {
    pub(crate) edition: Edition,
    pub(crate) path: String,
}

impl fmt::Display for UnknownCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} has no table cell `{}`", self.edition, self.path)
    }
}

impl<T> TablesRepr<T> {
    /// Places every value on its cell; every key that names no cell of the
    /// edition is returned as an error.
    pub(crate) fn place(self, edition: Edition) -> Result<Vec<(CellRef, T)>, Vec<UnknownCell>> {
        let layout = Layout::of(edition);
        let mut placed = Vec::new();
        let mut unknown = Vec::new();
        for (section_key, rows) in self.0 {
            let section = Section::from_key(&section_key).filter(|s| s.has_table());
            for (row_key, columns) in rows {
                for (column_key, value) in columns {
                    match section.and_then(|s| layout.cell_by_key(s, &row_key, &column_key)) {
                        Some(cell) => placed.push((cell, value)),
                        None => {
                            unknown.push(UnknownCell { edition, path: format!("{section_key}.{row_key}.{column_key}") })
                        }
                    }
                }
            }
        }
        if unknown.is_empty() {
            Ok(placed)
        } else {
            Err(unknown)
        }
    }
}
