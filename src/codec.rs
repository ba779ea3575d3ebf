//! The JSON codec shared by published and strict reports: tables as nested
//! maps `section → row → column → value`, in stable keys and layout order.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::layout::{CellKind, CellRef, Layout, Section};
use crate::number::Unit;
use crate::{Cell, Edition};

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
    if let Some(key) = key
        && !row.is_empty()
    {
        map.serialize_entry(key, &Columns(row))?;
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

/// A key of the JSON tables, borrowed from the input where it can be.
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Key<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

/// serde_json's name for a number it hands over as its exact text
/// (feature `arbitrary_precision`, which the crate's `json` feature turns
/// on so that no JSON number passes through `f64`).
const EXACT_NUMBER: &str = "$serde_json::private::Number";

/// A cell's value as JSON gives it.
#[derive(Debug)]
pub(crate) enum Given {
    /// A JSON integer that fits 64 bits.
    Number(Decimal),
    /// A string, or any other JSON number, as its exact text.
    Text(String),
    /// `null`.
    Null,
    /// A published cell under a header that printed a unit:
    /// `{"text": "8810055", "unit": "元"}`.
    Printed { text: String, unit: Unit },
}

impl fmt::Display for Given {
    /// The value as given: a number, or a quoted text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Given::Number(d) => write!(f, "{d}"),
            Given::Text(t) => write!(f, "{t:?}"),
            Given::Null => f.write_str("null"),
            Given::Printed { text, unit } => write!(f, "{text:?} (unit {unit})"),
        }
    }
}

impl Given {
    /// The value as a published cell of `kind`.
    pub(crate) fn into_cell(self, kind: CellKind) -> Cell {
        match self {
            Given::Number(d) => Cell::printed(kind, d.to_string()),
            Given::Text(t) => Cell::printed(kind, t),
            Given::Null => Cell::printed(kind, ""),
            Given::Printed { text, unit } => Cell::printed_under(kind, text, Some(unit)),
        }
    }
}

impl<'de> Deserialize<'de> for Given {
    /// With serde_json, the value's raw text is taken whole, and a plain
    /// integer — nearly every leaf — is read from it directly; anything
    /// else is read from that text as JSON. Other formats are read by what
    /// they say the value is.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[cfg(feature = "json")]
        {
            d.deserialize_newtype_struct(RAW_VALUE, Raw)
        }
        #[cfg(not(feature = "json"))]
        {
            any(d)
        }
    }
}

/// serde_json's name for a value it hands over as its raw JSON text
/// (feature `raw_value`).
#[cfg(feature = "json")]
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Reads a [`Given`] from serde_json's raw text of the value.
#[cfg(feature = "json")]
struct Raw;

#[cfg(feature = "json")]
impl Raw {
    fn given<E: de::Error>(raw: &str) -> Result<Given, E> {
        let digits = raw.strip_prefix('-').unwrap_or(raw);
        if (1..=18).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = raw.parse::<i64>()
        {
            return Ok(Given::Number(n.into()));
        }
        let mut de = serde_json::Deserializer::from_str(raw);
        any(&mut de).map_err(E::custom)
    }
}

#[cfg(feature = "json")]
impl<'de> Visitor<'de> for Raw {
    type Value = Given;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a cell's printed text")
    }
    /// Another deserializer: the value itself.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Given, D::Error> {
        any(d)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Given, A::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = Result<Given, String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("raw JSON text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Raw::given::<E>(v).map_err(|e| e.to_string()))
            }
        }
        struct RawText(Result<Given, String>);
        impl<'de> Deserialize<'de> for RawText {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(Text).map(RawText)
            }
        }
        match map.next_key::<Key<'_>>()? {
            Some(key) if key.0 == RAW_VALUE => map.next_value::<RawText>()?.0.map_err(de::Error::custom),
            _ => Err(de::Error::custom("expected serde_json's raw value")),
        }
    }
}

/// Reads a [`Given`] by what the deserializer says the value is.
fn any<'de, D: Deserializer<'de>>(d: D) -> Result<Given, D::Error> {
    {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Given;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a cell's printed text")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Given, E> {
                Ok(Given::Number(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Given, E> {
                Ok(Given::Number(v.into()))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Given, E> {
                Ok(Given::Text(v.to_string()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Given, E> {
                Ok(Given::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Given, E> {
                Ok(Given::Text(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Given, E> {
                Ok(Given::Text(v.to_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Given, E> {
                Ok(Given::Null)
            }
            /// An exact JSON number, or a printed cell with its header's
            /// unit.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Given, A::Error> {
                let (mut text, mut unit) = (None, None);
                while let Some(key) = map.next_key::<Key<'_>>()? {
                    match &*key.0 {
                        EXACT_NUMBER => return map.next_value::<ExactNumber>().map(|n| n.0),
                        "text" if text.is_none() => text = Some(map.next_value::<String>()?),
                        "unit" if unit.is_none() => {
                            let u: String = map.next_value()?;
                            unit = Some(u.parse::<Unit>().map_err(de::Error::custom)?);
                        }
                        "text" | "unit" => return Err(de::Error::custom(format!("duplicate field `{}`", key.0))),
                        other => return Err(de::Error::unknown_field(other, &["text", "unit"])),
                    }
                }
                match (text, unit) {
                    (Some(text), Some(unit)) => Ok(Given::Printed { text, unit }),
                    (None, _) => Err(de::Error::missing_field("text")),
                    (_, None) => Err(de::Error::missing_field("unit")),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A JSON number as serde_json hands over its exact text: a whole number
/// that fits 64 bits is taken as it is, without a copy of its text.
struct ExactNumber(Given);

impl<'de> Deserialize<'de> for ExactNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ExactNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number's text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ExactNumber, E> {
                let whole = v.strip_prefix('-').unwrap_or(v);
                if (1..=18).contains(&whole.len())
                    && whole.bytes().all(|b| b.is_ascii_digit())
                    && let Ok(n) = v.parse::<i64>()
                {
                    return Ok(ExactNumber(Given::Number(n.into())));
                }
                Ok(ExactNumber(Given::Text(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// Tables as read from JSON, flat, before their keys are checked.
#[derive(Default)]
pub(crate) struct FlatTables<'a> {
    cells: Vec<(Key<'a>, Key<'a>, Key<'a>, Given)>,
    /// The key paths of sections and rows given as empty objects: their
    /// keys are checked too.
    empty: Vec<String>,
}

impl<'de: 'a, 'a> Deserialize<'de> for FlatTables<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Reads one level of the nesting: sections, rows, or columns.
        struct Level<'p, 'a> {
            section: Option<&'p Key<'a>>,
            row: Option<&'p Key<'a>>,
            out: &'p mut FlatTables<'a>,
        }
        impl<'de: 'a, 'a> DeserializeSeed<'de> for Level<'_, 'a> {
            type Value = ();
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_map(self)
            }
        }
        impl<'de: 'a, 'a> Visitor<'de> for Level<'_, 'a> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of sections, rows and columns")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                let mut entries = 0usize;
                while let Some(key) = map.next_key::<Key<'a>>()? {
                    entries += 1;
                    match (self.section, self.row) {
                        (Some(section), Some(row)) => {
                            let given = map.next_value::<Given>()?;
                            self.out.cells.push((Key(section.0.clone()), Key(row.0.clone()), key, given));
                        }
                        (Some(section), None) => {
                            let out = &mut *self.out;
                            map.next_value_seed(Level { section: Some(section), row: Some(&key), out })?;
                        }
                        (None, _) => {
                            map.next_value_seed(Level { section: Some(&key), row: None, out: &mut *self.out })?;
                        }
                    }
                }
                if entries == 0 {
                    let path = match (self.section, self.row) {
                        (Some(section), Some(row)) => Some(format!("{}.{}", section.0, row.0)),
                        (Some(section), None) => Some(section.0.to_string()),
                        (None, _) => None,
                    };
                    self.out.empty.extend(path);
                }
                Ok(())
            }
        }
        // A report has 166 leaves in either edition.
        let mut out = FlatTables { cells: Vec::with_capacity(208), empty: Vec::new() };
        Level { section: None, row: None, out: &mut out }.deserialize(d)?;
        Ok(out)
    }
}

/// Where a row's cells start, and its block.
type RowStart = (usize, &'static crate::layout::Block);

/// A key in the JSON tables that the edition does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UnknownCell {
    pub(crate) edition: Edition,
    pub(crate) path: String,
}

impl fmt::Display for UnknownCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.path.matches('.').count() {
            0 => "table",
            1 => "table row",
            _ => "table cell",
        };
        write!(f, "{} has no {what} `{}`", self.edition, self.path)
    }
}

/// Whether a section key, or a `section.row` key path, names a section
/// with a table, or a row of one, in the layout.
fn names_a_row_or_table(layout: &Layout, path: &str) -> bool {
    let (section, row) = path.split_once('.').map_or((path, None), |(s, r)| (s, Some(r)));
    let Some(section) = Section::from_key(section).filter(|s| s.has_table()) else { return false };
    row.is_none_or(|row| layout.row_by_keys(section, row, None).is_some())
}

impl FlatTables<'_> {
    /// Places every value on its cell; every key that names no cell of the
    /// edition is returned as an error.
    pub(crate) fn place(self, edition: Edition) -> Placed {
        let layout = Layout::of(edition);
        let cell_of = |section: &str, row: &str, column: &str| {
            Section::from_key(section).filter(|s| s.has_table()).and_then(|s| layout.cell_by_key(s, row, column))
        };
        // Cells come row by row: each row is looked up once.
        let mut row: Option<(&str, &str, Option<RowStart>)> = None;
        let mut cells = Vec::with_capacity(self.cells.len());
        for (section, row_key, column, _) in &self.cells {
            if !row.is_some_and(|(s, r, _)| s == section.0 && r == row_key.0) {
                let found = Section::from_key(&section.0)
                    .filter(|s| s.has_table())
                    .and_then(|s| layout.row_by_keys(s, &row_key.0, Some(&column.0)));
                row = Some((&section.0, &row_key.0, found));
            }
            let in_row = row
                .and_then(|(_, _, found)| found)
                .and_then(|(first, block)| layout.at(first + block.columns.iter().position(|c| c.key == column.0)?));
            // Section 二 repeats column keys across sub-tables: a miss in
            // the row's block is looked up in full.
            cells.push(in_row.or_else(|| cell_of(&section.0, &row_key.0, &column.0)));
        }
        let mut placed = Vec::with_capacity(self.cells.len());
        let mut unknown: Vec<UnknownCell> = (self.empty.into_iter())
            .filter(|path| !names_a_row_or_table(layout, path))
            .map(|path| UnknownCell { edition, path })
            .collect();
        for ((section, row_key, column, given), cell) in self.cells.into_iter().zip(cells) {
            match cell {
                Some(cell) => placed.push((cell, given)),
                None => {
                    unknown.push(UnknownCell { edition, path: format!("{}.{}.{}", section.0, row_key.0, column.0) })
                }
            }
        }
        if unknown.is_empty() { Ok(placed) } else { Err(unknown) }
    }
}

/// Placed values, or the keys that name no cell.
pub(crate) type Placed = Result<Vec<(CellRef, Given)>, Vec<UnknownCell>>;

/// Reads the JSON tables of a known edition, placing each value on its cell
/// as it is read: no intermediate list of keys.
pub(crate) struct PlaceAsRead(pub(crate) Edition);

impl<'de> DeserializeSeed<'de> for PlaceAsRead {
    type Value = Placed;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Placed, D::Error> {
        /// Where the values go, and the keys that named no cell.
        struct Out {
            layout: &'static Layout,
            placed: Vec<(CellRef, Given)>,
            unknown: Vec<UnknownCell>,
        }
        impl Out {
            fn unknown(&mut self, path: String) {
                self.unknown.push(UnknownCell { edition: self.layout.edition(), path });
            }
        }
        /// One level of the nesting: sections (no key yet), rows (a
        /// section key), or columns (a section and row key).
        struct Level<'o, 'k> {
            out: &'o mut Out,
            section: Option<(&'k str, Option<Section>)>,
            row: Option<(&'k str, Option<RowStart>)>,
        }
        impl<'de> DeserializeSeed<'de> for Level<'_, '_> {
            type Value = ();
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_map(self)
            }
        }
        impl<'de> Visitor<'de> for Level<'_, '_> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of sections, rows and columns")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                let layout = self.out.layout;
                let mut entries = 0usize;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    entries += 1;
                    let key = &*key.0;
                    match (self.section, self.row) {
                        (None, _) => {
                            let section = Section::from_key(key).filter(|s| s.has_table());
                            let out = &mut *self.out;
                            map.next_value_seed(Level { out, section: Some((key, section)), row: None })?;
                        }
                        (Some((section_key, section)), None) => {
                            let start = section.and_then(|s| layout.row_by_keys(s, key, None));
                            let out = &mut *self.out;
                            map.next_value_seed(Level {
                                out,
                                section: Some((section_key, section)),
                                row: Some((key, start)),
                            })?;
                        }
                        (Some((section_key, _)), Some((row_key, start))) => {
                            let given = map.next_value::<Given>()?;
                            let cell = start.and_then(|(first, block)| {
                                layout.at(first + block.columns.iter().position(|c| c.key == key)?)
                            });
                            match cell {
                                Some(cell) => self.out.placed.push((cell, given)),
                                None => self.out.unknown(format!("{section_key}.{row_key}.{key}")),
                            }
                        }
                    }
                }
                // An unknown section or row given as an empty object is
                // refused too (its cells would name it otherwise).
                if entries == 0 {
                    match (self.section, self.row) {
                        (Some((section_key, _)), Some((row_key, None))) => {
                            self.out.unknown(format!("{section_key}.{row_key}"))
                        }
                        (Some((section_key, None)), None) => self.out.unknown(section_key.to_owned()),
                        _ => {}
                    }
                }
                Ok(())
            }
        }
        let mut out = Out { layout: Layout::of(self.0), placed: Vec::with_capacity(168), unknown: Vec::new() };
        Level { out: &mut out, section: None, row: None }.deserialize(d)?;
        Ok(if out.unknown.is_empty() { Ok(out.placed) } else { Err(out.unknown) })
    }
}
