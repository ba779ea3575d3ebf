//! Where something was printed in its source, in the terms of the person
//! holding the document: a page and box of a PDF, a table's row and column
//! of a web page or Word file, a paragraph of a Word file, a line of a text
//! file (or of a page's HTML).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A box on a PDF page, in points, origin at the page's top-left:
/// `[x0, top, x1, bottom]`, as pdfplumber reports it.
///
/// Coordinates are kept to the hundredth of a point, within ±10⁷ points
/// (a page is at most 14,400 points wide), so that every box has a JSON
/// number for each edge.
///
/// ```
/// use disclosure_report::Bbox;
///
/// let b = Bbox::new(72.0, 100.5, 90.25, 112.0);
/// assert_eq!(b.to_array(), [72.0, 100.5, 90.25, 112.0]);
/// assert!(b.contains(80.0, 105.0));
/// ```
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Bbox([f32; 4]);

impl Bbox {
    /// A box from its left, top, right and bottom edges (top < bottom). A
    /// coordinate that is not finite is taken as 0.
    pub fn new(x0: f32, top: f32, x1: f32, bottom: f32) -> Bbox {
        const LIMIT: f32 = 1e7;
        // `+ 0.0` makes -0 a 0, so that equal boxes compare equal.
        let round = |v: f32| if v.is_finite() { (v.clamp(-LIMIT, LIMIT) * 100.0).round() / 100.0 + 0.0 } else { 0.0 };
        Bbox([round(x0), round(top), round(x1), round(bottom)])
    }

    /// `[x0, top, x1, bottom]`.
    pub fn to_array(self) -> [f32; 4] {
        self.0
    }

    /// The left edge.
    pub fn x0(self) -> f32 {
        self.0[0]
    }

    /// The top edge, from the page's top.
    pub fn top(self) -> f32 {
        self.0[1]
    }

    /// The right edge.
    pub fn x1(self) -> f32 {
        self.0[2]
    }

    /// The bottom edge, from the page's top.
    pub fn bottom(self) -> f32 {
        self.0[3]
    }

    /// Whether the point lies inside (edges included).
    pub fn contains(self, x: f32, y: f32) -> bool {
        let [x0, top, x1, bottom] = self.0;
        (x0..=x1).contains(&x) && (top..=bottom).contains(&y)
    }

    /// The smallest box holding both.
    pub fn union(self, other: Bbox) -> Bbox {
        let [a0, at, a1, ab] = self.0;
        let [b0, bt, b1, bb] = other.0;
        Bbox([a0.min(b0), at.min(bt), a1.max(b1), ab.max(bb)])
    }
}

impl PartialEq for Bbox {
    fn eq(&self, other: &Bbox) -> bool {
        self.0.map(f32::to_bits) == other.0.map(f32::to_bits)
    }
}

impl Eq for Bbox {}

impl std::hash::Hash for Bbox {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.map(f32::to_bits).hash(h);
    }
}

impl From<Bbox> for [f32; 4] {
    fn from(b: Bbox) -> [f32; 4] {
        b.0
    }
}

impl From<[f32; 4]> for Bbox {
    fn from([x0, top, x1, bottom]: [f32; 4]) -> Bbox {
        Bbox::new(x0, top, x1, bottom)
    }
}

/// Where something was printed in its source.
///
/// In JSON (`check --json`, a finding's `at` and each of its cells'): a
/// PDF's `{"page": 3, "bbox": [x0, top, x1, bottom]}`; a page's or Word
/// file's table cell `{"table": 2, "row": 5, "column": 3}` (`column`
/// left out for a whole row); `{"paragraph": 12}`; `{"line": 59}`.
///
/// ```
/// use disclosure_report::Place;
///
/// let cell = Place::TableCell { table: 2, row: 5, column: Some(3) };
/// assert_eq!(cell.to_string(), "table 2, row 5, column 3");
/// assert_eq!(cell.zh(), "第2个表格第5行第3列");
/// assert_eq!(Place::Page { page: 3, bbox: [72.0, 100.0, 90.0, 112.0].into() }.zh(), "第3页");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged, try_from = "PlaceIn")]
#[non_exhaustive]
pub enum Place {
    /// A box on a page of a PDF.
    Page {
        /// The page, from 1.
        page: u32,
        /// The box, in points from the page's top-left (on a page turned
        /// by `/Rotate`, the page as its media box lies).
        bbox: Bbox,
    },
    /// A table of a web page or Word file: the table's number among all
    /// the document's tables (nested ones counted, in document order), the
    /// row, and the column after merged cells are resolved; all from 1.
    TableCell {
        /// The table, from 1.
        table: u32,
        /// The row, from 1.
        row: u32,
        /// The column, from 1; `None` for a whole row.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<u32>,
    },
    /// A paragraph of a Word file's body, from 1, counting the paragraphs
    /// read as text: those of tables that hold data are not counted, those
    /// of a layout table (a table holding tables) are.
    Paragraph {
        /// The paragraph, from 1.
        paragraph: u32,
    },
    /// A line of the source file itself (a text file, a page's HTML), from 1.
    Line {
        /// The line, from 1.
        line: u32,
    },
}

/// A place as JSON gives it: read field by field, not through an untagged
/// enum (which would buffer its numbers, and lose exact ones).
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Place"))]
#[serde(deny_unknown_fields)]
struct PlaceIn {
    page: Option<u32>,
    bbox: Option<Bbox>,
    table: Option<u32>,
    row: Option<u32>,
    column: Option<u32>,
    paragraph: Option<u32>,
    line: Option<u32>,
}

impl TryFrom<PlaceIn> for Place {
    type Error = &'static str;
    fn try_from(p: PlaceIn) -> Result<Place, &'static str> {
        match p {
            PlaceIn {
                page: Some(page),
                bbox: Some(bbox),
                table: None,
                row: None,
                column: None,
                paragraph: None,
                line: None,
            } => Ok(Place::Page { page, bbox }),
            PlaceIn {
                table: Some(table),
                row: Some(row),
                column,
                page: None,
                bbox: None,
                paragraph: None,
                line: None,
            } => Ok(Place::TableCell { table, row, column }),
            PlaceIn {
                paragraph: Some(paragraph),
                page: None,
                bbox: None,
                table: None,
                row: None,
                column: None,
                line: None,
            } => Ok(Place::Paragraph { paragraph }),
            PlaceIn {
                line: Some(line),
                page: None,
                bbox: None,
                table: None,
                row: None,
                column: None,
                paragraph: None,
            } => Ok(Place::Line { line }),
            _ => Err("a place is {page, bbox}, {table, row[, column]}, {paragraph} or {line}"),
        }
    }
}

impl Place {
    /// In Chinese: 第3页, 第2个表格第5行第3列, 第12段, 第59行.
    pub fn zh(&self) -> String {
        match *self {
            Place::Page { page, .. } => format!("第{page}页"),
            Place::TableCell { table, row, column: Some(c) } => format!("第{table}个表格第{row}行第{c}列"),
            Place::TableCell { table, row, column: None } => format!("第{table}个表格第{row}行"),
            Place::Paragraph { paragraph } => format!("第{paragraph}段"),
            Place::Line { line } => format!("第{line}行"),
        }
    }

    /// The same place, a whole row: the column left out.
    pub fn whole_row(self) -> Place {
        match self {
            Place::TableCell { table, row, .. } => Place::TableCell { table, row, column: None },
            other => other,
        }
    }

    /// A key that orders places as they are read: by page, table, row,
    /// column or line.
    pub(crate) fn order(&self) -> (u8, u32, u32, u32) {
        // Non-negative floats order as their bits.
        let bits = |v: f32| v.max(0.0).to_bits();
        match *self {
            Place::Line { line } => (0, line, 0, 0),
            Place::Paragraph { paragraph } => (1, paragraph, 0, 0),
            Place::TableCell { table, row, column } => (2, table, row, column.unwrap_or(0)),
            Place::Page { page, bbox } => (3, page, bits(bbox.0[1]), bits(bbox.0[0])),
        }
    }
}

impl fmt::Display for Place {
    /// In English: `page 3`, `table 2, row 5, column 3`, `paragraph 12`,
    /// `line 59`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Place::Page { page, .. } => write!(f, "page {page}"),
            Place::TableCell { table, row, column: Some(c) } => write!(f, "table {table}, row {row}, column {c}"),
            Place::TableCell { table, row, column: None } => write!(f, "table {table}, row {row}"),
            Place::Paragraph { paragraph } => write!(f, "paragraph {paragraph}"),
            Place::Line { line } => write!(f, "line {line}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_are_finite_and_plain() {
        let b = Bbox::new(-0.0, 1e38, f32::NAN, 3.456);
        assert_eq!(b.to_array(), [0.0, 1e7, 0.0, 3.46]);
        assert_eq!(Bbox::new(-0.0, 0.0, 0.0, 0.0), Bbox::new(0.0, 0.0, 0.0, 0.0));
        assert!(serde_json::to_string(&Bbox::new(1e30, 0.0, 0.0, 0.0)).unwrap().starts_with("[10000000.0"));
    }

    #[test]
    fn places_read_back_from_their_json() {
        let places = [
            Place::Page { page: 3, bbox: Bbox::new(72.35, 100.0, 90.0, 112.5) },
            Place::TableCell { table: 2, row: 5, column: Some(3) },
            Place::TableCell { table: 2, row: 5, column: None },
            Place::Paragraph { paragraph: 12 },
            Place::Line { line: 59 },
        ];
        let json = serde_json::to_string(&places).unwrap();
        assert_eq!(
            json,
            r#"[{"page":3,"bbox":[72.35,100.0,90.0,112.5]},{"table":2,"row":5,"column":3},{"table":2,"row":5},{"paragraph":12},{"line":59}]"#
        );
        let back: Vec<Place> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, places);
    }
}
