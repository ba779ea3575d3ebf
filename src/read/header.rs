//! Columns told by their header: the header rows of tables 三 and 四 mapped
//! onto the layout's columns by their labels (official or variant), so
//! that a table printed with its columns or blocks in another order is
//! read in that order, and one whose header cannot be matched is not read
//! by position.
//!
//! A drawn header (a page's, a Word file's, a ruled PDF table's) says which
//! columns each cell spans: a leaf label is matched with the layout's
//! column of that label whose groups (行政诉讼 › 未经复议直接起诉) are
//! printed above it. Text has no spans: a header line is only checked to
//! print its labels in the layout's order.

use super::grid::Printed;
use super::{GridRow, fold, is_value};
use crate::layout::{Block, ColumnDef};

/// How the figure columns of a table are told.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Columns {
    /// No header was read: by their position.
    #[default]
    Unread,
    /// The header prints the layout's columns in the layout's order, as
    /// far as it can be told.
    InOrder,
    /// The header prints every column, in another order: the layout column
    /// of each printed figure column, left to right.
    Permuted(Vec<usize>),
    /// The header prints columns that cannot be matched with the layout's
    /// in an order that can be told: the figures are not placed.
    Unmatched {
        /// The labels of the header, as printed, left to right.
        printed: Vec<String>,
    },
}

/// Each column's labels, official and variant, folded once.
struct Labels(Vec<Vec<String>>);

impl Labels {
    fn of(block: &Block) -> Labels {
        let folded = |c: &ColumnDef| {
            std::iter::once(c.label).chain(c.variants.iter().copied()).map(|l| fold(l).into_owned()).collect()
        };
        Labels(block.columns.iter().map(|c| folded(c)).collect())
    }

    /// The columns a folded label names.
    fn named(&self, folded: &str) -> Vec<usize> {
        (0..self.0.len()).filter(|&k| self.0[k].iter().any(|l| l == folded)).collect()
    }
}

/// A header cell that names a column: where it stands (its table and grid
/// columns), the layout columns of its label, and the one its groups
/// printed above it tell, if they do.
struct Leaf {
    /// Its header row, table and grid columns.
    row: usize,
    at: (u32, u32, u32),
    candidates: Vec<usize>,
    told: Option<usize>,
}

/// The widest header read column by column: a report's has fifteen
/// columns; a wider one is not matched.
const MAX_HEADER_COLUMNS: u32 = 4096;

/// The columns a table's header rows tell, for the block's columns.
pub(crate) fn read(block: &Block, header: &[GridRow<'_>]) -> Columns {
    // Drawn rows are read as drawn; a line of text among them (a unit
    // printed above the table) tells nothing of its columns.
    let drawn: Vec<&GridRow<'_>> = header.iter().filter(|r| r.certain && r.table.is_some()).collect();
    if drawn.is_empty() {
        return in_line_order(block, header);
    }
    let cells: Vec<(usize, u32, &Printed<'_>)> = drawn
        .iter()
        .enumerate()
        .flat_map(|(r, row)| row.cells.iter().map(move |c| (r, row.table.unwrap_or(0), c)))
        .filter(|(_, _, c)| !c.is_empty() && !is_value(c) && c.columns().is_some())
        .collect();
    let labels = Labels::of(block);
    let mut leaves: Vec<Leaf> = Vec::new();
    for &(r, table, cell) in &cells {
        let Some(at) = cell.columns() else { continue };
        let mut candidates = labels.named(&fold(cell));
        if candidates.is_empty() {
            candidates = labels.named(&broken_over_a_page(&cells, table, cell).unwrap_or_default());
        }
        if candidates.is_empty() {
            continue;
        }
        // The labels printed above it, over its columns, in its table (a
        // header broken over a page is drawn on two grids).
        let above: Vec<String> = cells
            .iter()
            .filter(|(r2, t2, c)| *r2 < r && *t2 == table && c.columns().is_some_and(|(a, b)| a <= at.0 && at.1 <= b))
            .map(|(_, _, c)| fold(c).into_owned())
            .collect();
        // How many of a column's groups are printed above.
        let groups_above = |k: usize| {
            let found = |g: &str| above.iter().any(|a| !a.is_empty() && (a.contains(g) || g.contains(a.as_str())));
            block.columns[k].groups.iter().filter(|g| found(&fold(g.label))).count()
        };
        let best = candidates.iter().map(|&k| groups_above(k)).max().unwrap_or(0);
        let told: Vec<usize> = candidates.iter().copied().filter(|&k| groups_above(k) == best).collect();
        let told = match told.as_slice() {
            [k] => Some(*k),
            _ => None,
        };
        leaves.push(Leaf { row: r, at: (table, at.0, at.1), candidates, told });
    }
    // A header printed again (where a table goes on over a page) is read
    // once: the last table whose header names columns.
    let Some(last) = leaves.iter().map(|l| l.at.0).max() else { return Columns::Unread };
    leaves.retain(|l| l.at.0 == last);
    if !every_figure_column_named(&cells, &leaves, last) {
        return Columns::Unmatched { printed: printed_labels(&cells) };
    }
    // Left to right; a leaf its groups do not tell (a label several
    // columns bear, no group above it) is the first of its columns after
    // the one before it.
    leaves.sort_by_key(|l| l.at);
    let width = block.columns.len();
    let mut used = vec![false; width];
    let mut order: Vec<usize> = Vec::with_capacity(leaves.len());
    for leaf in &leaves {
        let previous = order.last().copied();
        let free = |k: &&usize| !used[**k];
        let k = leaf.told.or_else(|| {
            let after = leaf.candidates.iter().filter(free).find(|&&k| previous.is_none_or(|p| k > p));
            after.or_else(|| leaf.candidates.iter().find(free)).copied()
        });
        match k {
            Some(k) if !used[k] => {
                used[k] = true;
                order.push(k);
            }
            // A column named twice.
            _ => return Columns::Unmatched { printed: printed_labels(&cells) },
        }
    }
    let every = order.len() == width;
    let increasing = order.windows(2).all(|w| w[0] < w[1]);
    match (every, increasing) {
        (true, true) => Columns::InOrder,
        (true, false) => Columns::Permuted(order),
        // Some columns not named (a variant not known, a column missing):
        // the position is trusted only where the named ones stand in order.
        (false, true) => Columns::InOrder,
        (false, false) => Columns::Unmatched { printed: printed_labels(&cells) },
    }
}

/// A header row broken by a page's foot (`自然` / `人`, `总` / `计`: a row
/// may break inside its cells): a label of a table that names no column,
/// joined to the lowest label of the header's table before it, on the
/// page before, whose box stands over its middle. (A page's grid is its
/// own: the boxes tell what stands over what.)
fn broken_over_a_page(cells: &[(usize, u32, &Printed<'_>)], table: u32, cell: &Printed<'_>) -> Option<String> {
    let (page, bbox) = page_box(cell)?;
    let middle = (bbox.x0() + bbox.x1()) / 2.0;
    let before = cells.iter().map(|(_, t, _)| *t).filter(|&t| t < table).max()?;
    let (_, _, over) = cells
        .iter()
        .filter(|(_, t, c)| {
            *t == before
                && page_box(c)
                    .is_some_and(|(p, b)| p.checked_add(1) == Some(page) && b.x0() <= middle && middle <= b.x1())
        })
        .max_by_key(|(r, _, _)| *r)?;
    Some(format!("{}{}", fold(over), fold(cell)))
}

/// A drawn cell's page and box.
fn page_box(cell: &Printed<'_>) -> Option<(u32, crate::Bbox)> {
    match cell.place()? {
        crate::Place::Page { page, bbox } => Some((page, bbox)),
        _ => None,
    }
}

/// Whether the lowest header cell over each grid column, from the first
/// column a leaf names to the header's last, is a leaf: a column under a
/// label the format does not know (备注, a variant not known) would
/// otherwise be read by the position of another.
fn every_figure_column_named(cells: &[(usize, u32, &Printed<'_>)], leaves: &[Leaf], table: u32) -> bool {
    let in_table: Vec<(usize, (u32, u32))> =
        cells.iter().filter(|c| c.1 == table).filter_map(|(r, _, c)| Some((*r, c.columns()?))).collect();
    let from = leaves.iter().map(|l| l.at.1).min().unwrap_or(0);
    let to = in_table.iter().map(|(_, (_, b))| *b).max().unwrap_or(from);
    if to.saturating_sub(from) > MAX_HEADER_COLUMNS {
        return false;
    }
    (from..=to).all(|c| {
        let lowest = in_table.iter().filter(|(_, (a, b))| *a <= c && c <= *b).max_by_key(|(r, _)| *r);
        lowest.is_some_and(|(r, at)| leaves.iter().any(|l| l.row == *r && (l.at.1, l.at.2) == *at))
    })
}

/// Text: each header line's labels must come in the layout's order.
fn in_line_order(block: &Block, header: &[GridRow<'_>]) -> Columns {
    let labels = Labels::of(block);
    let mut any = false;
    for row in header {
        let named: Vec<usize> = row
            .cells
            .iter()
            .filter(|c| !c.is_empty() && !is_value(c))
            .filter_map(|c| {
                let candidates = labels.named(&fold(c));
                // A label that several columns bear (四's 结果维持) says
                // nothing about the order.
                match candidates.as_slice() {
                    [k] => Some(*k),
                    _ => None,
                }
            })
            .collect();
        any |= !named.is_empty();
        if named.windows(2).any(|w| w[0] >= w[1]) {
            let cells: Vec<(usize, u32, &Printed<'_>)> =
                header.iter().flat_map(|r| r.cells.iter().map(|c| (0, 0, c))).collect();
            return Columns::Unmatched { printed: printed_labels(&cells) };
        }
    }
    if any { Columns::InOrder } else { Columns::Unread }
}

/// The labels of a header, as printed.
fn printed_labels(cells: &[(usize, u32, &Printed<'_>)]) -> Vec<String> {
    cells.iter().filter(|(_, _, c)| !c.is_empty() && !is_value(c)).map(|(_, _, c)| c.text.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Edition;
    use crate::layout::{Layout, Section};
    use crate::read::grid::GridCell;

    /// A drawn header row: each label over the grid columns given.
    fn row(cells: &[(&'static str, u32, u32)]) -> GridRow<'static> {
        let drawn = |&(text, a, b): &(&str, u32, u32)| {
            let cell = GridCell::new(text.to_owned(), a, (1, b - a + 1), None);
            Printed::of(Box::leak(Box::new(cell)))
        };
        GridRow { place: None, cells: cells.iter().map(drawn).collect(), certain: true, table: Some(1) }
    }

    #[test]
    fn a_drawn_header_tells_permuted_blocks() {
        let block = &Layout::of(Edition::V2021).blocks(Section::Review)[0];
        let leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        // 行政诉讼's ten columns first, then 行政复议's five.
        let top = [("行政诉讼", 0, 9), ("行政复议", 10, 14)];
        let mut second: Vec<(&str, u32, u32)> = vec![("未经复议直接起诉", 0, 4), ("复议后起诉", 5, 9)];
        second.extend(leaves.iter().enumerate().map(|(k, l)| (*l, 10 + k as u32, 10 + k as u32)));
        let third: Vec<(&str, u32, u32)> =
            leaves.iter().chain(&leaves).enumerate().map(|(k, l)| (*l, k as u32, k as u32)).collect();
        let columns = read(block, &[row(&top), row(&second), row(&third)]);
        let expected: Vec<usize> = (5..15).chain(0..5).collect();
        assert_eq!(columns, Columns::Permuted(expected));
    }

    #[test]
    fn a_header_in_order_or_unread() {
        let block = &Layout::of(Edition::V2021).blocks(Section::Requests)[0];
        let labels = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];
        let leaves: Vec<(&str, u32, u32)> =
            labels.iter().enumerate().map(|(k, l)| (*l, 3 + k as u32, 3 + k as u32)).collect();
        assert_eq!(read(block, &[row(&leaves)]), Columns::InOrder);
        assert_eq!(read(block, &[row(&[("本年度办理结果", 0, 2)])]), Columns::Unread);
        // 自然人 printed after 其他, a column missing: not read by position.
        let shuffled = ["其他", "商业企业", "科研机构", "社会公益组织", "自然人", "总计"];
        let leaves: Vec<(&str, u32, u32)> =
            shuffled.iter().enumerate().map(|(k, l)| (*l, 3 + k as u32, 3 + k as u32)).collect();
        assert!(matches!(read(block, &[row(&leaves)]), Columns::Unmatched { .. }));
        // Every column, 自然人 after 其他: read in that order.
        let swapped = ["其他", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "自然人", "总计"];
        let leaves: Vec<(&str, u32, u32)> =
            swapped.iter().enumerate().map(|(k, l)| (*l, 3 + k as u32, 3 + k as u32)).collect();
        assert_eq!(read(block, &[row(&leaves)]), Columns::Permuted(vec![5, 1, 2, 3, 4, 0, 6]));
    }
}
