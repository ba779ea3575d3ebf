//! Tables rebuilt from the drawn rules: rules that touch make a table,
//! their x and y a grid, a missing rule a merged cell.

use super::{Glyph, Page, Rule, SNAP};

/// The most rules a page's tables are rebuilt from: a report's page draws
/// a few hundred; a page of more is no table of this format, and its text
/// is read as lines (the work is quadratic in the rules).
pub(super) const MAX_RULES: usize = 4000;

/// The most grid cells of one table: table 三 has about 250.
const MAX_CELLS: usize = 20_000;

/// Rules on one line (`at` within [`SNAP`]) joined where they meet or
/// overlap; each kept at its line's first `at`.
fn merged(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    // Snap each rule's `at` to its line's.
    let mut line_at = f32::NEG_INFINITY;
    for r in &mut rules {
        if r.at - line_at > SNAP {
            line_at = r.at;
        }
        r.at = line_at;
    }
    rules.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Rule> = Vec::with_capacity(rules.len());
    for r in rules {
        match out.last_mut() {
            Some(last) if last.at == r.at && r.from <= last.to + SNAP => last.to = last.to.max(r.to),
            _ => out.push(r),
        }
    }
    out
}

/// A table rebuilt from its rules.
#[derive(Debug)]
pub(super) struct Grid {
    /// The vertical rules' x, left to right.
    pub(super) xs: Vec<f32>,
    /// The horizontal rules' y, top to bottom (descending).
    pub(super) ys: Vec<f32>,
    /// For each grid cell (row-major), the merged cell it belongs to: the
    /// index of that cell's top-left grid cell.
    pub(super) owner: Vec<usize>,
}

impl Grid {
    pub(super) fn rows(&self) -> usize {
        self.ys.len() - 1
    }
    pub(super) fn cols(&self) -> usize {
        self.xs.len() - 1
    }

    /// Parts a merged cell whose glyphs fall apart at one of its inner
    /// column lines into a label and a figure: a rule drawn short or not
    /// at all merges the two on the page, while the table's other rows
    /// draw the line. The figure (digits, and a point or comma, right of
    /// the line) gets the columns from the line on; nothing straddles it.
    /// `cells` holds each merged cell's glyphs at its owner.
    pub(super) fn part_figures(&mut self, cells: &mut [Vec<Glyph>]) {
        let cols = self.cols();
        for owner in 0..self.owner.len() {
            let (r0, c0) = (owner / cols, owner % cols);
            if self.owner[owner] != owner || c0 + 1 >= cols || self.owner[owner + 1] != owner {
                continue;
            }
            let c1 = (c0..cols).take_while(|&c| self.owner[r0 * cols + c] == owner).last().unwrap_or(c0);
            let r1 = (r0..self.rows()).take_while(|&r| self.owner[r * cols + c0] == owner).last().unwrap_or(r0);
            let glyphs = &cells[owner];
            let figure = |g: &Glyph| g.c.is_ascii_digit() || matches!(g.c, '.' | ',');
            // The rightmost inner line with a figure alone right of it and
            // a label left of it: the figure keeps the columns it is in.
            let line = (c0 + 1..=c1).rev().find(|&k| {
                let x = self.xs[k];
                let (left, right): (Vec<&Glyph>, Vec<&Glyph>) = glyphs.iter().partition(|g| g.cx() < x);
                glyphs.iter().all(|g| g.x1 <= x + SNAP / 2.0 || g.x0 >= x - SNAP / 2.0)
                    && !cuts_a_figure(&left, &right, x)
                    && !right.is_empty()
                    && right.iter().all(|g| figure(g))
                    && right.iter().any(|g| g.c.is_ascii_digit())
                    && left.iter().any(|g| !figure(g))
            });
            let Some(k) = line else { continue };
            let x = self.xs[k];
            let part = r0 * cols + k;
            for r in r0..=r1 {
                for c in k..=c1 {
                    self.owner[r * cols + c] = part;
                }
            }
            let (left, right): (Vec<Glyph>, Vec<Glyph>) = cells[owner].iter().partition(|g| g.cx() < x);
            cells[owner] = left;
            cells[part] = right;
        }
    }

    /// The grid cell a point falls in.
    pub(super) fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        let c = self.xs.windows(2).position(|w| w[0] <= x && x < w[1])?;
        let r = self.ys.windows(2).position(|w| w[0] >= y && y > w[1])?;
        Some(r * self.cols() + c)
    }
}

/// Whether the column line at x `line`, between `left` and `right` glyphs, would cut a figure in
/// two: a figure glyph left of it runs on into one right of it, on the same
/// line, with no more gap than between the glyphs of one figure (a figure
/// that happens to end on a column's line, `508|30`).
fn cuts_a_figure(left: &[&Glyph], right: &[&Glyph], line: f32) -> bool {
    // Only the figures' glyphs beside the line can run on across it: a
    // cell of more than a few hundred of them is taken as cut (and left
    // whole), so that no page costs their product.
    const MOST: usize = 256;
    let figure = |g: &Glyph| g.c.is_ascii_digit() || matches!(g.c, '.' | ',');
    let near: Vec<&&Glyph> = left.iter().filter(|l| figure(l) && line - l.x1 < l.height()).take(MOST + 1).collect();
    let beside: Vec<&&Glyph> = right.iter().filter(|r| figure(r) && r.x0 - line < r.height()).take(MOST + 1).collect();
    if near.len() > MOST || beside.len() > MOST {
        return true;
    }
    beside
        .iter()
        .any(|r| near.iter().any(|l| (l.cy() - r.cy()).abs() < r.height() / 2.0 && r.x0 - l.x1 < r.height() * 0.25))
}

/// The tables drawn on a page: groups of rules that touch, with at least
/// two rules each way.
pub(super) fn grids(page: &Page) -> Vec<Grid> {
    if page.horizontal.len() + page.vertical.len() > MAX_RULES {
        return Vec::new();
    }
    // Telling underlines costs rules × glyphs: past what any report page
    // holds, every rule is taken as drawn.
    let tell = page.horizontal.len().saturating_mul(page.glyphs.len()) <= 20_000_000;
    let rules: Vec<Rule> = page.horizontal.iter().filter(|r| !(tell && underlines(r, &page.glyphs))).copied().collect();
    let h = merged(rules);
    let v = merged(page.vertical.clone());
    let touches = |h: &Rule, v: &Rule| {
        v.at >= h.from - SNAP && v.at <= h.to + SNAP && h.at >= v.from - SNAP && h.at <= v.to + SNAP
    };
    // Union-find over the rules: horizontal ones first, then vertical.
    let mut parent: Vec<usize> = (0..h.len() + v.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, hr) in h.iter().enumerate() {
        for (j, vr) in v.iter().enumerate() {
            if touches(hr, vr) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, h.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: Vec<(usize, Vec<Rule>, Vec<Rule>)> = Vec::new();
    for (i, r) in h.iter().chain(&v).enumerate() {
        let g = root(&mut parent, i);
        let at = match groups.iter().position(|(k, _, _)| *k == g) {
            Some(at) => at,
            None => {
                groups.push((g, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        if i < h.len() {
            groups[at].1.push(*r);
        } else {
            groups[at].2.push(*r);
        }
    }
    groups.into_iter().filter_map(|(_, h, v)| grid(&h, &v)).collect()
}

/// Whether a horizontal rule underlines text rather than parting cells: it
/// runs just under a line of glyphs (their bottom at most 3.5 points above
/// it) from the first glyph's left edge to the last one's right edge. Word
/// and LibreOffice draw such a rule under every underlined line, which
/// would otherwise cut a wrapped label into rows.
fn underlines(rule: &Rule, glyphs: &[Glyph]) -> bool {
    let above = glyphs
        .iter()
        .filter(|g| g.y0 >= rule.at - 0.5 && g.y0 <= rule.at + 3.5 && g.x1 > rule.from + 0.5 && g.x0 < rule.to - 0.5);
    let (x0, x1) = above.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), g| (a.min(g.x0), b.max(g.x1)));
    (x0 - rule.from).abs() <= 1.5 && (x1 - rule.to).abs() <= 1.5
}

/// The grid of one group of rules, merged cells found where a rule is
/// missing between neighbours.
fn grid(h: &[Rule], v: &[Rule]) -> Option<Grid> {
    let lines = |rules: &[Rule]| {
        let mut ats: Vec<f32> = rules.iter().map(|r| r.at).collect();
        ats.sort_by(f32::total_cmp);
        ats.dedup_by(|a, b| (*a - *b).abs() <= SNAP);
        ats
    };
    let mut xs = lines(v);
    let mut ys = lines(h);
    // Rules that run past the outermost crossing ones close the grid where
    // no rule is drawn: a row at the top of a page whose top border was
    // drawn on the page before, a column whose outer border is missing.
    let reach = |rules: &[Rule]| {
        let from = rules.iter().map(|r| r.from).fold(f32::INFINITY, f32::min);
        let to = rules.iter().map(|r| r.to).fold(f32::NEG_INFINITY, f32::max);
        (from, to)
    };
    let (v_from, v_to) = reach(v);
    let (h_from, h_to) = reach(h);
    for (lines, (from, to)) in [(&mut ys, (v_from, v_to)), (&mut xs, (h_from, h_to))] {
        if let (Some(&first), Some(&last)) = (lines.first(), lines.last()) {
            if from.is_finite() && from < first - SNAP * 4.0 {
                lines.insert(0, from);
            }
            if to.is_finite() && to > last + SNAP * 4.0 {
                lines.push(to);
            }
        }
    }
    ys.reverse();
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    if rows * cols > MAX_CELLS {
        return None;
    }
    // Whether a rule runs along `at` across the point `across`.
    let ruled = |rules: &[Rule], at: f32, across: f32| {
        rules.iter().any(|r| (r.at - at).abs() <= SNAP && r.from - SNAP <= across && across <= r.to + SNAP)
    };
    let mut owner: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        let mid_y = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..cols {
            let mid_x = (xs[c] + xs[c + 1]) / 2.0;
            let me = r * cols + c;
            // Joined to the left neighbour where no vertical rule parts them.
            if c > 0 && !ruled(v, xs[c], mid_y) {
                owner[me] = owner[me - 1];
            } else if r > 0 && !ruled(h, ys[r], mid_x) {
                owner[me] = owner[me - cols];
            }
        }
    }
    // A merged cell that is not a rectangle is geometry no table has: the
    // rules are not read as one (its glyphs are read as lines, and the
    // reader says what it cannot place).
    // Each merged cell's extent and size, in one pass.
    let mut extent: Vec<(usize, usize, usize)> = vec![(0, 0, 0); owner.len()];
    for (i, &top_left) in owner.iter().enumerate() {
        let e = &mut extent[top_left];
        e.0 = e.0.max(i / cols);
        e.1 = e.1.max(i % cols);
        e.2 += 1;
    }
    let rectangular = owner.iter().enumerate().filter(|(i, o)| *i == **o).all(|(top_left, _)| {
        let (r0, c0) = (top_left / cols, top_left % cols);
        let (r1, c1, size) = extent[top_left];
        c1 >= c0 && size == (r1 - r0 + 1) * (c1 - c0 + 1)
    }) && owner.iter().enumerate().all(|(i, &o)| i % cols >= o % cols);
    rectangular.then_some(Grid { xs, ys, owner })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(at: f32, from: f32, to: f32) -> Rule {
        Rule { at, from, to }
    }

    #[test]
    fn a_missing_rule_merges_cells() {
        // Two rows, three columns; the first row's two right cells share
        // one cell (no rule between them in row 0).
        let h = vec![rule(100.0, 0.0, 300.0), rule(50.0, 0.0, 300.0), rule(0.0, 0.0, 300.0)];
        let v = vec![rule(0.0, 0.0, 100.0), rule(100.0, 0.0, 100.0), rule(200.0, 0.0, 50.0), rule(300.0, 0.0, 100.0)];
        let g = grid(&merged(h), &merged(v)).unwrap();
        assert_eq!((g.rows(), g.cols()), (2, 3));
        assert_eq!(g.owner, vec![0, 1, 1, 3, 4, 5]);
    }

    fn glyphs(text: &str, x: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| Glyph { c, x0: x + 8.0 * k as f32, x1: x + 8.0 * (k as f32 + 1.0), y0: 60.0, y1: 70.0 })
            .collect()
    }

    #[test]
    fn a_label_and_a_figure_merged_by_a_missing_rule_are_parted() {
        let h = vec![rule(100.0, 0.0, 300.0), rule(50.0, 0.0, 300.0), rule(0.0, 0.0, 300.0)];
        let v = vec![rule(0.0, 0.0, 100.0), rule(200.0, 0.0, 50.0), rule(300.0, 0.0, 100.0)];
        let mut g = grid(&merged(h.clone()), &merged(v.clone())).unwrap();
        assert_eq!(g.owner, vec![0, 0, 2, 3]);
        // 2.重复申请 | 0, one cell on the page.
        let mut cells = vec![Vec::new(); 4];
        cells[0] = [glyphs("2.重复申请", 10.0), glyphs("0", 240.0)].concat();
        g.part_figures(&mut cells);
        assert_eq!(g.owner, vec![0, 1, 2, 3]);
        let text = |c: &[Glyph]| c.iter().map(|g| g.c).collect::<String>();
        assert_eq!((text(&cells[0]), text(&cells[1])), ("2.重复申请".to_owned(), "0".to_owned()));
        // A label across the line, or a figure alone, stays whole.
        for whole in [[glyphs("其他法律行政法规", 150.0), glyphs("0", 280.0)].concat(), glyphs("12", 240.0)] {
            let mut g = grid(&merged(h.clone()), &merged(v.clone())).unwrap();
            let mut cells = vec![Vec::new(); 4];
            cells[0] = whole;
            g.part_figures(&mut cells);
            assert_eq!(g.owner, vec![0, 0, 2, 3]);
        }
    }

    #[test]
    fn a_merged_cell_that_is_no_rectangle_is_no_table() {
        // Three by two; the rules leave an L of three cells (top-left,
        // top-right, bottom-left) merged around one.
        let h = vec![rule(100.0, 0.0, 200.0), rule(50.0, 100.0, 200.0), rule(0.0, 0.0, 200.0)];
        let v = vec![rule(0.0, 0.0, 100.0), rule(100.0, 0.0, 50.0), rule(200.0, 0.0, 100.0)];
        assert!(grid(&merged(h), &merged(v)).is_none());
    }
}
