//! JSON Schema (draft 2020-12) of the two JSON forms of a report, for
//! people outside Rust who check the shape of the documents they send:
//! [`strict`] ([`AnnualReport`]: leaves only, every leaf given, numbers)
//! and [`published`] ([`Published`]: any cell, as printed).
//!
//! Both are generated with `schemars` from the types that serialize the
//! forms; the tables' part is generated from the same layout declaration
//! that the JSON codec walks, so a row or column added to the layout
//! appears here with no other change.
//!
//! A schema checks shape, not arithmetic: a document it accepts may still
//! be refused by [`AnnualReport::from_json`] for sums that do not add up.
//!
//! ```
//! let strict = disclosure_report::schema::strict();
//! let json = serde_json::to_value(&strict).unwrap();
//! assert_eq!(json["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(json["title"], "AnnualReport");
//! ```

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use crate::layout::{CellKind, CellRef, Layout, Section};
use crate::{AnnualReport, Edition, Published};

/// The JSON Schema of a strict report ([`AnnualReport`]'s JSON).
///
/// ```
/// let schema = serde_json::to_value(disclosure_report::schema::strict())?;
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn strict() -> Schema {
    schemars::schema_for!(AnnualReport)
}

/// The JSON Schema of a published report ([`Published`]'s JSON).
///
/// ```
/// let schema = serde_json::to_value(disclosure_report::schema::published())?;
/// assert_eq!(schema["title"], "Published");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn published() -> Schema {
    schemars::schema_for!(Published)
}

/// Which JSON form a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Strict,
    Published,
}

/// The value of one cell in a form.
fn cell_value(form: Form, kind: CellKind) -> Value {
    let count = serde_json::json!({ "type": "integer", "minimum": 0 });
    let decimal = serde_json::json!({ "type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$" });
    match (form, kind) {
        (Form::Strict, CellKind::Count) => count,
        (Form::Strict, CellKind::Change) => serde_json::json!({ "type": "integer" }),
        (Form::Strict, CellKind::Money) => {
            serde_json::json!({ "anyOf": [{ "type": "number", "minimum": 0 }, decimal] })
        }
        // As printed: any text (blank, `-`, `3件`), a number, or the text
        // under a header that printed a unit.
        (Form::Published, _) => serde_json::json!({
            "anyOf": [
                { "type": ["string", "number", "null"] },
                {
                    "type": "object",
                    "properties": { "text": { "type": "string" }, "unit": { "enum": ["元", "万元"] } },
                    "required": ["text", "unit"],
                    "additionalProperties": false
                }
            ]
        }),
    }
}

/// `section → row → column → value` for one edition: every cell of the
/// layout the form may hold, nothing else. The strict form holds every
/// leaf and only leaves.
fn tables(form: Form, edition: Edition) -> Value {
    let layout = Layout::of(edition);
    let held = |cell: &CellRef| form == Form::Published || cell.info().is_leaf();
    let mut sections = Map::new();
    for section in Section::TABLES {
        let mut rows: Vec<(&str, Map<String, Value>)> = Vec::new();
        for cell in layout.section_cells(section).filter(held) {
            let key = cell.row().key;
            if rows.last().is_none_or(|(k, _)| *k != key) {
                rows.push((key, Map::new()));
            }
            if let Some((_, columns)) = rows.last_mut() {
                columns.insert(cell.column().key.to_owned(), cell_value(form, cell.info().kind()));
            }
        }
        let row_keys: Vec<&str> = rows.iter().map(|(k, _)| *k).collect();
        let rows: Map<String, Value> =
            rows.into_iter().map(|(key, columns)| (key.to_owned(), object(form, columns))).collect();
        let mut table = serde_json::json!({ "type": "object", "properties": rows, "additionalProperties": false });
        if form == Form::Strict {
            table["required"] = row_keys.into();
        }
        sections.insert(section.key().to_owned(), table);
    }
    object(form, sections)
}

/// An object of these properties and no other; in the strict form, every
/// one required.
fn object(form: Form, properties: Map<String, Value>) -> Value {
    let required: Vec<&String> = properties.keys().collect();
    let mut object = serde_json::json!({ "type": "object", "additionalProperties": false });
    if form == Form::Strict {
        object["required"] = serde_json::json!(required);
    }
    object["properties"] = Value::Object(properties);
    object
}

/// One report of either edition: `edition` says which tables follow.
fn report(form: Form, generator: &mut SchemaGenerator) -> Schema {
    let meta = generator.subschema_for::<crate::ReportMeta>();
    let prose = generator.subschema_for::<crate::Prose>();
    let extra = match form {
        Form::Strict => Map::new(),
        Form::Published => {
            let variants = generator.subschema_for::<Vec<crate::LabelVariant>>();
            let duplicates = serde_json::json!({
                "type": "array",
                "items": {
                    "type": "object",
                    "description": "A cell printed more than once: its key path (`requests.new_requests.total`) and every printing.",
                    "properties": {
                        "cell": { "type": "string" },
                        "texts": { "type": "array", "items": { "type": "string" } },
                        "unlisted": { "type": "integer", "minimum": 0 }
                    },
                    "required": ["cell", "texts"],
                    "additionalProperties": false
                }
            });
            [("label_variants".to_owned(), variants.to_value()), ("duplicates".to_owned(), duplicates)]
                .into_iter()
                .collect()
        }
    };
    let editions: Vec<Value> = Edition::ALL
        .into_iter()
        .map(|edition| {
            let mut properties: Map<String, Value> = [
                ("edition".to_owned(), serde_json::json!({ "const": edition })),
                ("meta".to_owned(), meta.clone().to_value()),
                ("tables".to_owned(), tables(form, edition)),
                ("prose".to_owned(), prose.clone().to_value()),
            ]
            .into_iter()
            .collect();
            properties.extend(extra.clone());
            properties.insert("sum".to_owned(), serde_json::json!({
                "type": "object",
                "description": "An area total's account of what it covers, as `disclosure-report sum` writes it: the reports summed and the tables each entered, the reports left out and why, and the cells some reports did not print (taken as 0). Readers skip it."
            }));
            let required = match form {
                Form::Strict => serde_json::json!(["edition", "meta", "tables"]),
                Form::Published => serde_json::json!(["edition", "meta"]),
            };
            serde_json::json!({
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": false
            })
        })
        .collect();
    json_schema!({ "oneOf": editions })
}

impl JsonSchema for AnnualReport {
    fn schema_name() -> Cow<'static, str> {
        "AnnualReport".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = report(Form::Strict, generator);
        schema.insert(
            "description".to_owned(),
            "A report in the strict form: every leaf of the edition's tables as a number (money in 万元, a number \
             or a decimal string), no total (totals are derived)."
                .into(),
        );
        schema
    }
}

impl JsonSchema for Published {
    fn schema_name() -> Cow<'static, str> {
        "Published".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = report(Form::Published, generator);
        schema.insert(
            "description".to_owned(),
            "A report as published: any cell of the edition's tables, totals included, each as printed (a text, a \
             number, null for blank, or {text, unit} under a header that printed a unit)."
                .into(),
        );
        schema
    }
}

impl JsonSchema for crate::Money {
    fn schema_name() -> Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An amount in 万元: a number, or its exact decimal text.",
            "anyOf": [{ "type": "number", "minimum": 0 }, { "type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$" }]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_requires_every_leaf_and_no_total() {
        let schema = strict().to_value();
        let v2019 = &schema["oneOf"][0]["properties"]["tables"]["properties"]["requests"]["properties"];
        let row = &v2019["new_requests"];
        assert!(row["properties"].get("natural_person").is_some());
        assert!(row["properties"].get("total").is_none(), "a derived total is not strict: {row}");
        assert!(row["required"].as_array().is_some_and(|r| r.len() == 6), "{row}");
    }

    #[test]
    fn published_holds_totals() {
        let schema = published().to_value();
        let row = &schema["oneOf"][1]["properties"]["tables"]["properties"]["requests"]["properties"]["new_requests"];
        assert!(row["properties"].get("total").is_some(), "{row}");
        assert!(row.get("required").is_none());
    }
}
