//! The text source: a report as text — extracted from its PDF or page,
//! cells parted by tabs, or columns aligned with spaces
//! (`pdftotext -layout`). Its grid is its lines, each located by its
//! number in the file; the document builder cuts a table section's lines
//! into cells.

use crate::read::grid::{Grid, Item, Lines};

/// The grid of a text: its lines, numbered from 1 (a byte order mark
/// left out), its pages' numbers blanked.
pub(crate) fn grid(text: &str) -> Grid {
    let text = text.trim_start_matches('\u{feff}');
    let text = super::furniture::without_page_numbers(text).unwrap_or_else(|| text.to_owned());
    Grid::new(vec![Item::Lines(Lines { text, first: 1 })])
}
