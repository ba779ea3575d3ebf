//! The grid: what every source hands on. A document as located text
//! (title, headings, prose, a line or paragraph each) and tables, each a
//! list of rows of cells, every cell with its text, its spans, whether it
//! was drawn (certain) or cut from text (inferred), and its [`Place`].
//!
//! The document builder finds the sections in it, and the one table reader
//! reads the rows of tables 二, 三 and 四 from it, whatever the source.

use std::fmt;

use crate::{Bbox, Place};

/// A document as a source gives it: text and tables, in reading order.
///
/// ```
/// # #[cfg(feature = "html")] {
/// use disclosure_report::read::grid::Item;
/// use disclosure_report::read::html::page_grid;
///
/// let page = "<p>一、总体情况</p><table><tr><td rowspan=2>a</td><td>1</td></tr><tr><td>2</td></tr></table>";
/// let grid = page_grid(page)?;
/// let Some(Item::Table(table)) = grid.items().get(1) else { panic!() };
/// let cell = &table.rows()[0].cells()[1];
/// assert_eq!((cell.text(), cell.column(), cell.row_span()), ("1", 1, 1));
/// assert_eq!(cell.place().unwrap().to_string(), "table 1, row 1, column 2");
/// // Row 2 reads as the reader reads it: the cell covered from above, then 2.
/// assert_eq!(grid.to_string(), "一、总体情况\na\t1\n\t2");
/// # }
/// # Ok::<(), disclosure_report::read::ReadError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Grid {
    items: Vec<Item>,
}

/// A part of a document: a line of text, or a table.
///
/// ```
/// use disclosure_report::read::grid::{Grid, Item, Text};
///
/// let grid = Grid::new(vec![Item::Text(Text::new("某局2022年政府信息公开工作年度报告".to_owned(), None))]);
/// assert!(matches!(&grid.items()[0], Item::Text(t) if t.text().ends_with("年度报告")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Item {
    /// A line or paragraph of text outside tables.
    Text(Text),
    /// A table.
    Table(Table),
    /// The lines of a text file (or a run of them), numbered as in the
    /// file: a text source is not copied into a line each.
    Lines(Lines),
    /// Text the reader of the document does not see (hidden by style,
    /// tracked away, the fallback copy of a text box, invisible glyphs),
    /// where it was: never read as part of the report, kept only so that
    /// a finding can name it.
    Hidden(Text),
}

/// Lines of a text file, numbered from `first`.
///
/// ```
/// use disclosure_report::read::parse;
/// use disclosure_report::Place;
///
/// // A text file's grid is its lines, numbered as in the file: every cell
/// // read from it was printed on a line.
/// let parsed = parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/miaotai_2020.txt")))?;
/// assert!(parsed.places().all(|(_, place)| matches!(place, Place::Line { .. })));
/// # Ok::<(), disclosure_report::read::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Lines {
    pub(crate) text: String,
    pub(crate) first: u32,
}

impl Lines {
    /// The text, lines parted by `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The number of its first line in the file, from 1.
    pub fn first_line(&self) -> u32 {
        self.first
    }
}

/// A line or paragraph of text, located.
///
/// ```
/// use disclosure_report::read::grid::Text;
/// use disclosure_report::Place;
///
/// let text = Text::new("二、主动公开政府信息情况".to_owned(), Some(Place::Paragraph { paragraph: 4 }));
/// assert_eq!(text.place(), Some(Place::Paragraph { paragraph: 4 }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Text {
    pub(crate) text: String,
    pub(crate) place: Option<Place>,
    /// For a PDF's line: the box of each glyph, by the byte its character
    /// starts at, so that a cell cut from the line is located by its own.
    pub(crate) boxes: Vec<(u32, Bbox)>,
}

/// A table: its number in the document and its rows.
///
/// ```
/// use disclosure_report::read::grid::{GridCell, Row, Table};
///
/// let table = Table::new(2, vec![Row::new(vec![GridCell::new("自然人".to_owned(), 0, (1, 1), None)], None)]);
/// assert_eq!((table.number(), table.rows()[0].cells()[0].text()), (2, "自然人"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) number: u32,
    pub(crate) rows: Vec<Row>,
}

/// A row of a table, as the reader reads it: the cells that start in it,
/// and an empty one where a cell from above covers it.
///
/// ```
/// use disclosure_report::read::grid::{GridCell, Row};
///
/// // A cell from the row above spans down over this row's first column.
/// let row = Row::new(vec![GridCell::covered(0, 1, None), GridCell::new("3".to_owned(), 1, (1, 1), None)], None);
/// assert!(row.cells()[0].is_covered());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Row {
    pub(crate) cells: Vec<GridCell>,
    pub(crate) place: Option<Place>,
}

/// A cell of a table.
///
/// ```
/// use disclosure_report::read::grid::GridCell;
///
/// let cell = GridCell::new("申请人情况".to_owned(), 1, (1, 7), None);
/// assert_eq!((cell.column(), cell.row_span(), cell.col_span()), (1, 1, 7));
/// assert!(cell.is_certain(), "drawn, not inferred");
/// assert!(!cell.inferred().is_certain());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GridCell {
    pub(crate) text: String,
    pub(crate) column: u32,
    pub(crate) row_span: u32,
    pub(crate) col_span: u32,
    pub(crate) certain: bool,
    pub(crate) covered: bool,
    pub(crate) place: Option<Place>,
}

impl Grid {
    /// A grid of these items: what a source of one's own (another PDF
    /// extractor, a spreadsheet) hands to [`read_grid`](super::read_grid).
    ///
    /// ```
    /// use disclosure_report::read::grid::{Grid, GridCell, Item, Row, Table, Text};
    /// use disclosure_report::read::{read_grid, Options};
    /// use disclosure_report::Place;
    ///
    /// let text = |s: &str| Item::Text(Text::new(s.to_owned(), None));
    /// let at = |row, column| Some(Place::TableCell { table: 1, row, column: Some(column) });
    /// let cells = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    /// let header = cells.iter().zip(1..).map(|(l, c)| GridCell::new(l.to_string(), c - 1, (1, 1), at(1, c))).collect();
    /// let figures = ["1", "0", "0", "0", "1"].iter().zip(1..).map(|(f, c)| GridCell::new(f.to_string(), c - 1, (1, 1), at(2, c))).collect();
    /// let grid = Grid::new(vec![
    ///     text("某局2022年政府信息公开工作年度报告"),
    ///     text("四、政府信息公开行政复议、行政诉讼情况"),
    ///     Item::Table(Table::new(1, vec![Row::new(header, None), Row::new(figures, None)])),
    /// ]);
    /// let parsed = read_grid(&grid, &Options::default())?;
    /// assert_eq!(parsed.published().meta().organ(), "某局");
    /// # Ok::<(), disclosure_report::read::ParseError>(())
    /// ```
    pub fn new(items: Vec<Item>) -> Grid {
        Grid { items }
    }

    /// The text and tables, in reading order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The tables.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.items.iter().filter_map(|i| match i {
            Item::Table(t) => Some(t),
            Item::Text(_) | Item::Lines(_) | Item::Hidden(_) => None,
        })
    }
}

impl fmt::Display for Grid {
    /// A line per text and per table row, a row's cells parted by tabs:
    /// to look at, not to read back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut line = |f: &mut fmt::Formatter<'_>, s: &dyn fmt::Display| {
            let sep = if std::mem::take(&mut first) { "" } else { "\n" };
            write!(f, "{sep}{s}")
        };
        for item in &self.items {
            match item {
                Item::Text(t) => line(f, &t.text)?,
                Item::Lines(l) => line(f, &l.text)?,
                Item::Hidden(_) => {}
                Item::Table(t) => {
                    for row in &t.rows {
                        let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
                        line(f, &cells.join("\t"))?;
                    }
                }
            }
        }
        Ok(())
    }
}

impl Text {
    /// A line or paragraph of text, printed at `place`.
    pub fn new(text: String, place: Option<Place>) -> Text {
        Text { text, place, boxes: Vec::new() }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where it was printed, where the source says.
    pub fn place(&self) -> Option<Place> {
        self.place
    }

    /// Where a part of the text (`range`, in bytes) was printed: the boxes
    /// of its own glyphs on a PDF's page, else the whole text's place.
    pub(crate) fn place_of(&self, range: std::ops::Range<usize>) -> Option<Place> {
        let Some(Place::Page { page, .. }) = self.place else { return self.place };
        let from = self.boxes.partition_point(|(at, _)| (*at as usize) < range.start);
        let inside = self.boxes[from..].iter().take_while(|(at, _)| (*at as usize) < range.end);
        let bbox = inside.map(|(_, b)| *b).reduce(Bbox::union);
        bbox.map_or(self.place, |bbox| Some(Place::Page { page, bbox }))
    }
}

impl Table {
    /// Table number `number` (from 1) of its document, of these rows.
    pub fn new(number: u32, rows: Vec<Row>) -> Table {
        Table { number, rows }
    }

    /// Its number among the document's tables, from 1 (for a PDF: among
    /// the tables drawn on its pages).
    pub fn number(&self) -> u32 {
        self.number
    }

    /// Its rows, top to bottom.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }
}

impl Row {
    /// A row of these cells (a covered one where a cell from above spans
    /// it), printed at `place`.
    pub fn new(cells: Vec<GridCell>, place: Option<Place>) -> Row {
        Row { cells, place }
    }

    /// Its cells, left to right.
    pub fn cells(&self) -> &[GridCell] {
        &self.cells
    }

    /// Where the row was printed.
    pub fn place(&self) -> Option<Place> {
        self.place
    }
}

impl GridCell {
    /// A drawn cell as printed, starting at grid column `column` (from
    /// 0) and spanning `(rows, columns)`, printed at `place`.
    pub fn new(text: String, column: u32, spans: (u32, u32), place: Option<Place>) -> GridCell {
        GridCell { text, column, row_span: spans.0, col_span: spans.1, certain: true, covered: false, place }
    }

    /// The empty place of a cell from a row above that spans this row.
    pub fn covered(column: u32, col_span: u32, place: Option<Place>) -> GridCell {
        GridCell { covered: true, ..GridCell::new(String::new(), column, (1, col_span), place) }
    }

    /// The same cell, inferred (cut from aligned text) rather than drawn:
    /// an empty one may be a lost one, not a printed blank.
    pub fn inferred(mut self) -> GridCell {
        self.certain = false;
        self
    }

    /// Its text, white space collapsed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The first grid column it covers, from 0 (merged cells resolved).
    pub fn column(&self) -> u32 {
        self.column
    }

    /// How many rows it spans.
    pub fn row_span(&self) -> u32 {
        self.row_span
    }

    /// How many columns it spans.
    pub fn col_span(&self) -> u32 {
        self.col_span
    }

    /// Whether it is a drawn cell (a page's, a Word file's, a ruled PDF
    /// table's) rather than one inferred from aligned text.
    pub fn is_certain(&self) -> bool {
        self.certain
    }

    /// Whether it is no cell of its own but the place, in this row, of a
    /// cell from a row above that spans it.
    pub fn is_covered(&self) -> bool {
        self.covered
    }

    /// Where it was printed.
    pub fn place(&self) -> Option<Place> {
        self.place
    }
}

/// A cell's text as the table reader reads it, and where it came from.
/// Compares by text. Small (the reader moves many), its place worked out
/// only for a cell placed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Printed<'a> {
    pub(crate) text: &'a str,
    pub(crate) at: At<'a>,
}

/// Where a cell the reader reads came from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum At<'a> {
    /// Nowhere known.
    Nowhere,
    /// A line of a text file.
    Line(u32),
    /// A drawn cell.
    Drawn(&'a GridCell),
    /// A piece of a located text, from byte `start` (the text's length
    /// long); `u32::MAX` for the whole line.
    Piece(&'a Text, u32),
}

impl<'a> Printed<'a> {
    /// A cell cut from text.
    pub(crate) fn cut(text: &'a str, at: At<'a>) -> Printed<'a> {
        Printed { text, at }
    }

    pub(crate) fn of(cell: &'a GridCell) -> Printed<'a> {
        Printed { text: &cell.text, at: At::Drawn(cell) }
    }

    /// Where it was printed.
    pub(crate) fn place(&self) -> Option<Place> {
        match self.at {
            At::Nowhere => None,
            At::Line(line) => Some(Place::Line { line }),
            At::Drawn(cell) => cell.place,
            At::Piece(text, u32::MAX) => text.place,
            At::Piece(text, start) => {
                let start = start as usize;
                text.place_of(start..start + self.text.len())
            }
        }
    }

    /// The grid columns `[first, last]` of a drawn cell.
    pub(crate) fn columns(&self) -> Option<(u32, u32)> {
        match self.at {
            At::Drawn(cell) => Some((cell.column, cell.column.saturating_add(cell.col_span.max(1) - 1))),
            _ => None,
        }
    }
}

impl std::ops::Deref for Printed<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}

impl PartialEq for Printed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Printed<'_> {}
