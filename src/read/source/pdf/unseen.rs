//! Text a page draws where nobody sees it, told from its content stream,
//! since the library's spans do not say: glyphs in render mode 3 or 7
//! (neither filled nor stroked), started outside the clipping path, or
//! covered by a box filled after them; and each run's fill, white or not,
//! where the library's characters as drawn leave it in doubt.
//!
//! Each such run is known by the point it starts at (its text matrix's
//! origin in user space), which is where the library's span for it starts,
//! or, for runs the library joined into one span, where within it.
//! A run shown right after another, with no move between, starts where
//! the other's glyphs end, which only the fonts tell: it is known by the
//! point its chain of such runs starts at and by how many bytes of text
//! the chain showed before it, and the reader tells its glyphs by their
//! order (an offset inside the chain moves glyphs, not their order). A
//! run shown first after a move but after an offset (`[-3000 (9)] TJ`)
//! starts where only the fonts tell, and is counted as unlocated. Text
//! inside form XObjects is not looked into.

use pdf_oxide::content::{Operator, TextElement, parse_content_stream, parse_content_stream_paths_only};

/// Why a run is not seen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Why {
    /// Render mode 3 or 7: drawn with no ink (an OCR layer over a scan, or
    /// text hidden on purpose).
    NoInk,
    /// Started outside the clipping path (this area): its glyphs whose
    /// middle the clip does not hold are (a run drawn from outside into
    /// it shows the rest).
    Clipped(Area),
    /// Under the box filled after it: its glyphs whose middle the box
    /// holds are (a box whose edge its start only touches, as a
    /// neighbouring cell's background may, hides none of the rest).
    Covered(Area),
}

impl Why {
    /// Whether a glyph of the run, its middle at (x, y), is hidden.
    pub(super) fn hides(self, x: f32, y: f32) -> bool {
        match self {
            Why::NoInk => true,
            Why::Clipped(area) => !area.holds(x, y, CLIP_MARGIN),
            Why::Covered(area) => area.holds(x, y, 0.0),
        }
    }
}

/// A run of text as drawn: where it starts (user space; for a run shown
/// with no move after another, where its chain starts), why it is not
/// seen, if it is not, and whether it is filled in white (`None` where its
/// colour space does not say).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Run {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) why: Option<Why>,
    pub(super) white: Option<bool>,
    /// The bytes of text its chain showed before it (0: it starts at its
    /// point).
    pub(super) from: u32,
    /// The bytes of text it shows.
    pub(super) len: u32,
}

/// The runs of a page, in the order drawn, and which a person does not
/// see.
#[derive(Debug, Default)]
pub(super) struct Unseen {
    /// Each located run.
    pub(super) runs: Vec<Run>,
    /// Runs with no ink whose start could not be told, and whose glyphs are
    /// read.
    pub(super) unlocated: usize,
}

/// How many runs ahead of the last one matched a span is looked for: the
/// library drops empty runs and merges some.
const LOOKAHEAD: usize = 64;

/// How far above its span's box the run drawn in it may start: the
/// library takes a run in a smaller font, up to half its left neighbour's
/// em above that neighbour's baseline, for a superscript, and puts its box
/// on the neighbour's baseline (a hidden 9 drawn 0.8 points above the line,
/// beside a figure in 14-point type). Half of a 16-point em.
const RAISED: f32 = 8.0;

/// Whether a run starting at `run_y` (its baseline) is on the line of a
/// span whose box's bottom is at `span_y`.
fn on_line(run_y: f32, span_y: f32) -> bool {
    -0.5 < run_y - span_y && run_y - span_y < RAISED
}

impl Unseen {
    /// The runs drawn in each span (spans in the order drawn, each by the
    /// point it starts at and the x its box ends at): where each run
    /// starts (x), and why it is not seen, if it is not. A span is matched
    /// to the next run drawn that starts within half a point, so that a
    /// figure printed anew where a covered one stood is the later run (or,
    /// failing one, to the next that starts up to [`RAISED`] points above
    /// its box where no later span starts: a run the library boxed on a
    /// larger neighbour's line); the runs after it that start inside its
    /// box, on its line, and where no later span starts, are runs the
    /// library joined into it (a hidden run beside a figure, or drawn
    /// again over it) and keep their own reasons. A span matched to no run
    /// gives none (nothing in the content hides it), unless it comes right
    /// after, on its line, a span holding runs shown with no move between
    /// (a chain the library split over two spans): then it gives one run
    /// standing for the whole chain, which hides it if any run of the chain
    /// hides (white if any is).
    pub(super) fn spans(&self, spans: &[(f32, f32, f32)]) -> Vec<Vec<Run>> {
        let near = |a: f32, b: f32| (a - b).abs() < 0.5;
        let mut next = 0;
        let mut out = Vec::with_capacity(spans.len());
        // The chain of the last span matched, if it holds one: its line,
        // its start, and a run standing for it.
        let mut chain: Option<(f32, f32, Run)> = None;
        for (i, &(x, y, right)) in spans.iter().enumerate() {
            let later_span =
                |rx: f32, ry: f32| spans[i + 1..].iter().take(LOOKAHEAD).any(|s| near(s.0, rx) && near(s.1, ry));
            let ahead = || self.runs.iter().enumerate().skip(next).take(LOOKAHEAD);
            let exact = ahead().find(|(_, r)| near(r.x, x) && near(r.y, y));
            let raised = || ahead().find(|(_, r)| near(r.x, x) && on_line(r.y, y) && !later_span(r.x, r.y));
            let Some((k, _)) = exact.or_else(raised) else {
                // The span right after it only (a split is in two).
                match chain.take() {
                    Some((cy, cx, run)) if near(cy, y) && cx - 0.5 <= x => out.push(vec![Run { x, y, ..run }]),
                    _ => out.push(Vec::new()),
                }
                continue;
            };
            let mut runs = vec![self.runs[k]];
            next = k + 1;
            while let Some(r) = self.runs.get(next) {
                if !(on_line(r.y, y) && x - 0.5 < r.x && r.x < right - 0.5) || later_span(r.x, r.y) {
                    break;
                }
                runs.push(*r);
                next += 1;
            }
            chain = runs.iter().any(|r| r.from > 0).then(|| {
                // The reason that hides every glyph first: a box over one
                // run hides only the glyphs under it.
                let why = runs.iter().filter_map(|r| r.why).min_by_key(|why| match why {
                    Why::NoInk => 0,
                    Why::Clipped(_) => 1,
                    Why::Covered(_) => 2,
                });
                // White where a run is (else the span's own colour).
                let white = runs.iter().any(|r| r.white == Some(true)).then_some(true);
                (y, x, Run { x, y, why, white, from: 0, len: 0 })
            });
            out.push(runs);
        }
        out
    }

    /// Whether the page's text is drawn with no ink, all of it that shows
    /// a run, as an OCR layer over a scanned page is: what it says is what
    /// the page shows.
    pub(super) fn is_text_layer(&self) -> bool {
        !self.runs.is_empty() && self.runs.iter().all(|r| r.why == Some(Why::NoInk))
    }
}

/// An affine map `[a b c d e f]`, as PDF writes them: (x, y) goes to
/// (a·x + c·y + e, b·x + d·y + f).
#[derive(Clone, Copy, Debug)]
struct Affine([f32; 6]);

impl Affine {
    const IDENTITY: Affine = Affine([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f32, y: f32) -> Affine {
        Affine([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// `self` applied first, then `outer` (the PDF's `self × outer`).
    fn then(self, outer: Affine) -> Affine {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = outer.0;
        Affine([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }
}

/// A box in user space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Area {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Area {
    fn around(x: f32, y: f32) -> Area {
        Area { x0: x, y0: y, x1: x, y1: y }
    }
    /// The box around points, if there are any.
    pub(super) fn around_all(points: impl IntoIterator<Item = (f32, f32)>) -> Option<Area> {
        points.into_iter().fold(None, |area, p| {
            let mut area = area.unwrap_or(Area::around(p.0, p.1));
            area.grow(p);
            Some(area)
        })
    }
    fn grow(&mut self, (x, y): (f32, f32)) {
        (self.x0, self.y0, self.x1, self.y1) = (self.x0.min(x), self.y0.min(y), self.x1.max(x), self.y1.max(y));
    }
    fn and(self, other: Area) -> Area {
        Area {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        }
    }
    /// Whether another box is inside, `margin` points around counted in.
    pub(super) fn holds_all(&self, other: Area, margin: f32) -> bool {
        self.holds(other.x0, other.y0, margin) && self.holds(other.x1, other.y1, margin)
    }
    /// Whether a point is inside, `margin` points around counted in.
    fn holds(&self, x: f32, y: f32, margin: f32) -> bool {
        self.x0 - margin <= x && x <= self.x1 + margin && self.y0 - margin <= y && y <= self.y1 + margin
    }
}

/// The graphics state that decides whether text shows.
#[derive(Clone, Copy)]
struct State {
    ctm: Affine,
    render: u8,
    clip: Option<Area>,
    /// Which clipping path set `clip` (they are counted as set).
    clip_set: Option<usize>,
    /// The fill colour's space, and whether the colour is white.
    space: Space,
    white: Option<bool>,
}

/// The fill colour spaces whose colours tell white.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// A named space (ICC, separation, pattern): its colours are not told.
    Other,
}

impl Space {
    fn of(name: &str) -> Space {
        match name {
            "DeviceGray" | "G" => Space::Gray,
            "DeviceRGB" | "RGB" => Space::Rgb,
            "DeviceCMYK" | "CMYK" => Space::Cmyk,
            _ => Space::Other,
        }
    }

    /// Whether components of this space are white, as the page is.
    fn white(self, components: &[f32]) -> Option<bool> {
        let all = |f: &dyn Fn(f32) -> bool| components.iter().all(|&c| f(c));
        match (self, components.len()) {
            (Space::Gray, 1) | (Space::Rgb, 3) => Some(all(&|c| c >= 0.95)),
            (Space::Cmyk, 4) => Some(all(&|c| c <= 0.05)),
            _ => None,
        }
    }
}

/// The deepest `q` nesting kept; deeper saves are counted, and their
/// restores restore nothing.
const MAX_SAVED: usize = 4096;

/// A clip this far (points) from a run's start still holds it: the
/// rounding of generators that clip to the text's own box.
const CLIP_MARGIN: f32 = 1.0;

/// Whether a content stream may set a render mode with no ink: a `Tr`
/// operator after a 3 or a 7. A look at the bytes, so that pages that do
/// not are not parsed twice; [`unseen`] parses the ones that may.
pub(super) fn draws_without_ink(content: &[u8]) -> bool {
    content.windows(2).enumerate().any(|(at, w)| {
        w == b"Tr"
            && content.get(at + 2).is_none_or(|b| !b.is_ascii_alphanumeric())
            && content[..at].trim_ascii_end().last().is_some_and(|b| matches!(b, b'3' | b'7'))
    })
}

/// Whether a content stream may set a white fill (`1 g`, `1 1 1 rg`,
/// `0 0 0 0 k`, or such components for `sc`/`scn`): a look at its words,
/// so that pages that do not are not looked at further for white text the
/// library joined into a span of another colour.
pub(super) fn sets_white_fill(content: &[u8]) -> bool {
    // The last four words, read as numbers only after a colour operator
    // (reading every word cost more than the rest of the look).
    let mut last: [&[u8]; 4] = [b""; 4];
    let value = |word: &[u8]| std::str::from_utf8(word).ok().and_then(|w| w.parse::<f32>().ok()).unwrap_or(f32::NAN);
    for word in content.split(|b| b.is_ascii_whitespace() || matches!(b, b'[' | b']' | b'(' | b')')) {
        let white = |n: usize| last[4 - n..].iter().all(|w| value(w) >= 0.95);
        let blank = |n: usize| last[4 - n..].iter().all(|w| value(w) <= 0.05);
        let found = match word {
            b"g" => white(1),
            b"rg" => white(3),
            b"k" => blank(4),
            b"sc" | b"scn" => white(1) || white(3) || blank(4),
            _ => false,
        };
        if found {
            return true;
        }
        last.rotate_left(1);
        last[3] = word;
    }
    false
}

/// The most comparisons of runs with boxes filled after them on a page
/// (a real page makes a few hundred thousand); past it, later boxes are
/// not looked at.
const COVER_BUDGET: usize = 4_000_000;

/// The graphics state and the path under construction as a content
/// stream's operators go by: what clips, what colour fills, and what each
/// painting operator paints.
struct Graphics {
    gs: State,
    saved: Vec<State>,
    /// Saves past [`MAX_SAVED`], whose restores restore nothing.
    too_deep: usize,
    path: Option<Area>,
    /// Whether the path so far is one rectangle and nothing else.
    one_box: bool,
    clip_pending: bool,
    /// How many clipping paths have been set.
    clips: usize,
}

/// What a painting operator painted (a path with no area, or no path,
/// paints nothing).
enum Painted {
    /// A filled path: its box where it is one rectangle, as the clip lets
    /// it paint.
    Fill(Option<Area>),
    /// A stroked path, an image or a form.
    Other,
}

impl Graphics {
    fn new() -> Graphics {
        let gs = State {
            ctm: Affine::IDENTITY,
            render: 0,
            clip: None,
            clip_set: None,
            space: Space::Gray,
            white: Some(false),
        };
        Graphics { gs, saved: Vec::new(), too_deep: 0, path: None, one_box: false, clip_pending: false, clips: 0 }
    }

    /// Takes one operator: what it painted, if it paints.
    fn step(&mut self, op: &Operator) -> Option<Painted> {
        let gs = &mut self.gs;
        match op {
            Operator::SaveState if self.saved.len() < MAX_SAVED => self.saved.push(*gs),
            Operator::SaveState => self.too_deep += 1,
            Operator::RestoreState if self.too_deep > 0 => self.too_deep -= 1,
            Operator::RestoreState => *gs = self.saved.pop().unwrap_or(*gs),
            Operator::Cm { a, b, c, d, e, f } => gs.ctm = Affine([*a, *b, *c, *d, *e, *f]).then(gs.ctm),
            Operator::Tr { render } => gs.render = *render,
            Operator::SetFillGray { gray } => (gs.space, gs.white) = (Space::Gray, Space::Gray.white(&[*gray])),
            Operator::SetFillRgb { r, g, b } => (gs.space, gs.white) = (Space::Rgb, Space::Rgb.white(&[*r, *g, *b])),
            Operator::SetFillCmyk { c, m, y, k } => {
                (gs.space, gs.white) = (Space::Cmyk, Space::Cmyk.white(&[*c, *m, *y, *k]));
            }
            // A space set starts at its black (or its initial colour).
            Operator::SetFillColorSpace { name } => {
                gs.space = Space::of(name);
                gs.white = (gs.space != Space::Other).then_some(false);
            }
            Operator::SetFillColor { components } => gs.white = gs.space.white(components),
            Operator::SetFillColorN { components, name } => {
                gs.white = if name.is_some() { None } else { gs.space.white(components) };
            }
            Operator::MoveTo { x, y } | Operator::LineTo { x, y } => {
                extend(&mut self.path, gs.ctm, &[(*x, *y)]);
                self.one_box = false;
            }
            Operator::CurveTo { x1, y1, x2, y2, x3, y3 } => {
                extend(&mut self.path, gs.ctm, &[(*x1, *y1), (*x2, *y2), (*x3, *y3)]);
                self.one_box = false;
            }
            Operator::CurveToV { x2, y2, x3, y3 } | Operator::CurveToY { x1: x2, y1: y2, x3, y3 } => {
                extend(&mut self.path, gs.ctm, &[(*x2, *y2), (*x3, *y3)]);
                self.one_box = false;
            }
            Operator::Rectangle { x, y, width, height } => {
                self.one_box = self.path.is_none();
                let corners = [(*x, *y), (x + width, *y), (*x, y + height), (x + width, y + height)];
                extend(&mut self.path, gs.ctm, &corners);
            }
            Operator::ClipNonZero | Operator::ClipEvenOdd => self.clip_pending = true,
            Operator::Fill
            | Operator::FillEvenOdd
            | Operator::FillStroke
            | Operator::FillStrokeEvenOdd
            | Operator::CloseFillStroke
            | Operator::CloseFillStrokeEvenOdd => {
                let clip = gs.clip;
                let path = self.path.filter(|p| p.x0 < p.x1 && p.y0 < p.y1);
                let one_box = path.filter(|_| self.one_box).map(|b| clip.map_or(b, |c| c.and(b)));
                self.end_path();
                return path.map(|_| Painted::Fill(one_box));
            }
            Operator::Stroke | Operator::CloseAndStroke => {
                // A stroke of no length paints nothing (with round caps a
                // dot, which shows no text).
                let line = self.path.is_some_and(|p| p.x0 < p.x1 || p.y0 < p.y1);
                self.end_path();
                return line.then_some(Painted::Other);
            }
            Operator::EndPath => self.end_path(),
            Operator::Do { .. } | Operator::InlineImage { .. } | Operator::PaintShading { .. } => {
                return Some(Painted::Other);
            }
            _ => {}
        }
        None
    }

    /// A path is painted (or not): a clip set before takes effect, and the
    /// next path begins.
    fn end_path(&mut self) {
        if std::mem::take(&mut self.clip_pending)
            && let Some(area) = self.path
        {
            self.gs.clip = Some(self.gs.clip.map_or(area, |c| c.and(area)));
            self.gs.clip_set = Some(self.clips);
            self.clips += 1;
        }
        self.path = None;
        self.one_box = false;
    }
}

/// The most clipping paths [`may_clip_text`] tells apart; past them, a
/// page is taken to clip text.
const MOST_CLIPS: usize = 100_000;

/// Whether a page may draw text outside its clipping path: whether a
/// clipping path inside which nothing but text is painted (no box, rule,
/// image or form; the paths-only parse drops shadings, so a clip that
/// paints only one counts as one for text) leaves out one of the page's
/// glyphs, whose middles lie in `glyphs`. A look at the content's paths and
/// clips alone, text objects skipped (a twelfth of reading it all), so
/// that pages whose text clips hold all their text are not read twice;
/// text clipped away where the same clip also paints a box or a rule is
/// not looked for. Where the look cannot follow the page (saves nested
/// past [`MAX_SAVED`], or an `ET` the paths-only parse does not take for
/// one, skipping to the next it takes), it says yes.
pub(super) fn may_clip_text(content: &[u8], glyphs: Area) -> bool {
    if paths_parse_misses_an_et(content) {
        return true;
    }
    let Ok(ops) = parse_content_stream_paths_only(content) else {
        return false;
    };
    let mut g = Graphics::new();
    // Each clip set: its area, and whether anything but text is painted in it.
    let mut clips: Vec<(Area, bool)> = Vec::new();
    for op in &ops {
        // What a path paints, it paints inside the clip set before it (a
        // clip it sets takes effect after).
        let inside = g.gs.clip_set;
        let painted = g.step(op).is_some();
        if g.too_deep > 0 {
            return true;
        }
        if g.clips > clips.len() {
            if g.clips > MOST_CLIPS {
                return true;
            }
            clips.extend(g.gs.clip.map(|c| (c, false)));
        }
        if let Some(set) = inside.filter(|_| painted) {
            clips[set].1 = true;
        }
    }
    clips.iter().any(|&(area, painted)| !painted && !area.holds_all(glyphs, CLIP_MARGIN))
}

/// Whether an `ET` operator stands where pdf_oxide 0.3.78's paths-only
/// parse does not take it for one (its `scan_to_et` wants ASCII white
/// space, `)` or `>` before it and ASCII white space or `%` after it:
/// `ET/F1 9 Tf`, `]ET`, `BT\0ET`), and skips what follows to the next one
/// it takes. A look at the bytes (an `ET` inside a string also counts).
fn paths_parse_misses_an_et(content: &[u8]) -> bool {
    let ends_token = |b: &u8| matches!(b, 0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ') || b"()<>[]{}/%".contains(b);
    let taken_before = |b: &u8| b.is_ascii_whitespace() || matches!(b, b')' | b'>');
    let taken_after = |b: &u8| b.is_ascii_whitespace() || *b == b'%';
    content.windows(2).enumerate().any(|(i, w)| {
        if w != b"ET" {
            return false;
        }
        let before = i.checked_sub(1).and_then(|j| content.get(j));
        let after = content.get(i + 2);
        before.is_none_or(ends_token)
            && after.is_none_or(ends_token)
            && !(before.is_none_or(taken_before) && after.is_none_or(taken_after))
    })
}

/// Reads a page's content stream for the runs a person does not see.
pub(super) fn unseen(content: &[u8], thin: f32) -> Unseen {
    let mut out = Unseen::default();
    let Ok(ops) = parse_content_stream(content) else {
        return out;
    };
    let mut g = Graphics::new();
    // The text line matrix: a run placed by a move starts at its origin.
    let mut line = Affine::IDENTITY;
    let mut leading = 0.0;
    // Whether the next run starts at the line matrix's origin.
    let mut placed = true;
    // The last run placed, and the bytes its chain has shown since.
    let mut chain: Option<(f32, f32, u32)> = None;
    // Every located run so far, to be covered by a box filled later.
    let mut runs: Vec<Run> = Vec::new();
    // Runs compared with boxes: a bound on a page of a million of each.
    let mut budget = COVER_BUDGET;
    for op in &ops {
        let mut show = false;
        // The bytes of text the operator shows.
        let mut bytes = 0usize;
        match op {
            Operator::BeginText => (line, placed) = (Affine::IDENTITY, true),
            Operator::Td { tx, ty } => (line, placed) = (Affine::translate(*tx, *ty).then(line), true),
            Operator::TD { tx, ty } => {
                leading = -ty;
                (line, placed) = (Affine::translate(*tx, *ty).then(line), true);
            }
            Operator::TL { leading: l } => leading = *l,
            Operator::Tm { a, b, c, d, e, f } => (line, placed) = (Affine([*a, *b, *c, *d, *e, *f]), true),
            Operator::TStar => (line, placed) = (Affine::translate(0.0, -leading).then(line), true),
            Operator::Tj { text } => (show, bytes) = (!text.is_empty(), text.len()),
            Operator::TJ { array } => {
                show = array.iter().any(|e| matches!(e, TextElement::String(s) if !s.is_empty()));
                bytes = array.iter().map(|e| if let TextElement::String(s) = e { s.len() } else { 0 }).sum();
                // An offset before the first glyph moves where it starts.
                let moved = array
                    .iter()
                    .take_while(|e| !matches!(e, TextElement::String(s) if !s.is_empty()))
                    .any(|e| matches!(e, TextElement::Offset(o) if *o != 0.0));
                placed &= !moved;
            }
            Operator::Quote { text } | Operator::DoubleQuote { text, .. } => {
                (line, placed) = (Affine::translate(0.0, -leading).then(line), true);
                (show, bytes) = (true, text.len());
            }
            // A box filled over runs drawn before it hides them (a rule,
            // thinner, does not).
            op => {
                if let Some(Painted::Fill(Some(b))) = g.step(op)
                    && b.x1 - b.x0 > thin
                    && b.y1 - b.y0 > thin
                    && budget >= runs.len()
                {
                    budget -= runs.len();
                    for run in runs.iter_mut().filter(|r| r.why.is_none() && b.holds(r.x, r.y, 0.0)) {
                        run.why = Some(Why::Covered(b));
                    }
                }
            }
        }
        if placed {
            // A move since the last run: its chain ends.
            chain = None;
        }
        if !show {
            continue;
        }
        let gs = &g.gs;
        let no_ink = matches!(gs.render, 3 | 7);
        let len = u32::try_from(bytes).unwrap_or(u32::MAX);
        let (x, y, from) = match (placed, chain) {
            (true, _) => {
                let (x, y) = line.then(gs.ctm).apply(0.0, 0.0);
                (x, y, 0)
            }
            // After another with no move: where its chain starts, after
            // the bytes shown since (its glyphs told by their order).
            (false, Some((x, y, shown))) => (x, y, shown),
            (false, None) => {
                // Where it starts, only the fonts know.
                out.unlocated += usize::from(no_ink);
                continue;
            }
        };
        placed = false;
        chain = Some((x, y, from.saturating_add(len)));
        // A chained run is taken to be clipped where its chain starts.
        let clipped = gs.clip.filter(|c| !c.holds(x, y, CLIP_MARGIN));
        let why = if no_ink { Some(Why::NoInk) } else { clipped.map(Why::Clipped) };
        runs.push(Run { x, y, why, white: gs.white, from, len });
    }
    out.runs = runs;
    out
}

fn extend(path: &mut Option<Area>, ctm: Affine, points: &[(f32, f32)]) {
    for &(x, y) in points {
        let p = ctm.apply(x, y);
        match path {
            Some(area) => area.grow(p),
            None => *path = Some(Area::around(p.0, p.1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Why, by name (a cover's box aside).
    fn name(why: Why) -> &'static str {
        match why {
            Why::NoInk => "no ink",
            Why::Clipped(_) => "clipped",
            Why::Covered(_) => "covered",
        }
    }

    fn whys(content: &str) -> Vec<&'static str> {
        unseen(content.as_bytes(), 1.5).runs.into_iter().filter_map(|r| r.why).map(name).collect()
    }

    /// Each span's runs: where each starts, and why it is not seen.
    fn whys_of(spans: &[Vec<Run>]) -> Vec<Vec<(f32, Option<&'static str>)>> {
        spans.iter().map(|s| s.iter().map(|r| (r.x, r.why.map(name))).collect()).collect()
    }

    fn whites(content: &str) -> Vec<Option<bool>> {
        unseen(content.as_bytes(), 1.5).runs.into_iter().map(|r| r.white).collect()
    }

    /// Each run's fill, where its colour space tells it.
    #[test]
    fn white_runs_are_told() {
        assert_eq!(whites("BT 10 10 Td (9) Tj ET"), [Some(false)]);
        assert_eq!(whites("1 g BT 10 10 Td (9) Tj 0 g 20 10 Td (8) Tj ET"), [Some(true), Some(false)]);
        assert_eq!(whites("q 1 1 1 rg BT 10 10 Td (9) Tj ET Q BT 20 10 Td (8) Tj ET"), [Some(true), Some(false)]);
        assert_eq!(whites("0 0 0 0 k BT 10 10 Td (9) Tj ET"), [Some(true)]);
        assert_eq!(whites("/DeviceRGB cs 1 1 1 sc BT 10 10 Td (9) Tj ET"), [Some(true)]);
        assert_eq!(whites("/CS0 cs 1 sc BT 10 10 Td (9) Tj ET"), [None]);
        assert_eq!(whites("/DeviceGray cs /P0 scn BT 10 10 Td (9) Tj ET"), [None]);
    }

    /// Whether a page may clip text away, its glyphs' middles between
    /// (10, 10) and (100, 100).
    fn may_clip(content: &str) -> bool {
        may_clip_text(content.as_bytes(), Area { x0: 10.0, y0: 10.0, x1: 100.0, y1: 100.0 })
    }

    /// A page is read for clipped text where a clip for text leaves out a
    /// glyph: not where every clip holds them all, or paints something.
    #[test]
    fn clips_that_may_hide_text_are_told() {
        // A clip of a point at the corner, or a box beside the text.
        assert!(may_clip("q 0 0 1 1 re W n BT 50 50 Td (9) Tj ET Q"));
        assert!(may_clip("q 0 0 40 200 re W n Q"));
        // One holding every glyph; none at all.
        assert!(!may_clip("q 0 0 595 842 re W n BT 50 50 Td (9) Tj ET Q"));
        assert!(!may_clip("BT 50 50 Td (9) Tj ET 0 0 10 10 re f"));
        // A clip where a box, a rule or an image is painted clips graphics.
        assert!(!may_clip("q 0 0 1 1 re W n 0 0 1 1 re f Q"));
        assert!(!may_clip("q 0 0 1 1 re W n 0 0 m 1 1 l S Q"));
        assert!(!may_clip("q 0 0 1 1 re W n /Im1 Do Q"));
        // A path filled as it becomes the clip is painted inside the clip
        // before.
        assert!(may_clip("q 0 0 1 1 re W f BT (9) Tj ET Q"));
        // A clip inside one that paints is a clip of its own.
        assert!(may_clip("q 0 0 595 842 re W n 0 0 1 1 re f q 0 0 1 1 re W n BT (9) Tj ET Q Q"));
        // Where the matrix puts it: scaled to hold every glyph.
        assert!(!may_clip("q 10 0 0 10 0 0 cm 0 0 60 80 re W n Q"));
        // A clip of another shape, by the box around it.
        assert!(may_clip("q 0 0 m 5 0 l 5 5 l h W n Q"));
        // Painting that paints nothing: a fill or stroke with no path, a
        // box of no area.
        assert!(may_clip("q 0 0 1 1 re W n f BT (9) Tj ET Q"));
        assert!(may_clip("q 0 0 1 1 re W n S BT (9) Tj ET Q"));
        assert!(may_clip("q 0 0 1 1 re W n 0 0 0 0 re f BT (9) Tj ET Q"));
        // Where the look cannot follow the page, it says yes: saves past
        // the deepest kept, or a text object ended before a delimiter.
        let deep = "q ".repeat(MAX_SAVED + 1) + "0 0 1 1 re W n Q 0 0 1 1 re f";
        assert!(may_clip(&deep));
        assert!(may_clip("q BT ET[]0 d 0 0 595 842 re W n BT (9) Tj ET Q"));
        for ended in ["BT\0ET 0 0 595 842 re W n", "BT [1]ET 0 0 595 842 re W n", "BT ET] 0 0 595 842 re W n"] {
            assert!(may_clip(ended), "{ended}");
        }
        // An ET the paths-only parse takes, or none at all (a name).
        assert!(!may_clip("BT (x) Tj ET\nq 0 0 595 842 re W n Q /SET 1 Tf"));
        // Saves restored: the clip ends with its save.
        assert!(!may_clip("q 0 0 595 842 re W n Q q 0 0 595 842 re W n 0 0 1 1 re f Q"));
    }

    /// A run started outside its clip hides only its glyphs outside it.
    #[test]
    fn a_clip_hides_the_glyphs_outside_it() {
        let u = unseen(b"q 12 0 100 100 re W n BT 10 10 Td (1234) Tj ET Q", 1.5);
        let why = u.runs[0].why.expect("clipped");
        assert!(why.hides(10.5, 12.0));
        assert!(!why.hides(16.0, 12.0));
    }

    /// A run a little above its span's box (a smaller run beside a larger
    /// figure, boxed on the figure's line by the library) is the span's.
    #[test]
    fn a_raised_run_is_matched_to_its_span() {
        let u = unseen(b"BT 3 Tr 334 329.5 Td (9) Tj ET", 1.5);
        assert_eq!(whys_of(&u.spans(&[(334.0, 328.71, 339.6)])), [vec![(334.0, Some("no ink"))]]);
        // Not a run below its span's box, nor one a line above it.
        assert!(u.spans(&[(334.0, 330.5, 339.6)])[0].is_empty());
        assert!(u.spans(&[(334.0, 315.0, 339.6)])[0].is_empty());
        // A chain whose start a span 7 points lower shares stays its own
        // span's; the lower span takes the run on its own line.
        let u = unseen(b"BT 326.3 707.9 Td (7) Tj 3 Tr (9) Tj 0 Tr 0 -7 Td (4) Tj ET", 1.5);
        let spans = [(326.3, 707.9, 336.0), (326.3, 700.9, 332.0)];
        assert_eq!(whys_of(&u.spans(&spans)), [vec![(326.3, None), (326.3, Some("no ink"))], vec![(326.3, None)]]);
    }

    #[test]
    fn invisible_clipped_and_covered_runs_are_told() {
        assert_eq!(whys("BT 3 Tr 10 10 Td (9) Tj ET"), ["no ink"]);
        assert!(whys("BT 10 10 Td (9) Tj ET").is_empty());
        // Clipped to a box the run starts outside of.
        assert_eq!(whys("q 0 0 5 5 re W n BT 10 10 Td (9) Tj ET Q"), ["clipped"]);
        assert!(whys("q 0 0 50 50 re W n BT 10 10 Td (9) Tj ET Q BT 100 100 Td (8) Tj ET").is_empty());
        // A box filled after the run covers it; before it, it does not.
        assert_eq!(whys("BT 10 10 Td (9) Tj ET 1 g 5 5 20 20 re f"), ["covered"]);
        assert!(whys("1 g 5 5 20 20 re f BT 10 10 Td (9) Tj ET").is_empty());
        // A rule drawn over it does not.
        assert!(whys("BT 10 10 Td (9) Tj ET 5 10 20 0.5 re f").is_empty());
        // Under a scaled matrix, where the text is.
        let u = unseen(b"q 2 0 0 2 0 0 cm BT 3 Tr 5 5 Td (9) Tj ET Q", 1.5);
        assert_eq!(whys_of(&u.spans(&[(10.0, 10.0, 20.0)])), [vec![(10.0, Some("no ink"))]]);
        assert!(u.is_text_layer());
        // Only one rectangle, where the clip lets it paint, covers.
        assert!(whys("BT 10 10 Td (9) Tj ET 0 0 100 0.5 re 0 99.5 100 0.5 re f").is_empty());
        assert!(whys("BT 10 10 Td (9) Tj ET q 200 200 10 10 re W n 1 g 0 0 612 792 re f Q").is_empty());
        // Saves past the deepest kept restore nothing.
        let deep = "q ".repeat(MAX_SAVED) + "3 Tr q 0 Tr q Q BT 10 10 Td (9) Tj ET";
        assert!(whys(&deep).is_empty());
    }

    /// A figure whited out and printed anew at the same point: the
    /// covered run is the earlier span, the new one is seen.
    #[test]
    fn spans_are_matched_to_runs_in_the_order_drawn() {
        let u = unseen(b"BT 10 10 Td (71) Tj ET 1 g 5 5 20 20 re f 0 g BT 10 10 Td (85) Tj ET", 1.5);
        assert_eq!(
            whys_of(&u.spans(&[(10.0, 10.0, 20.0), (10.0, 10.0, 20.0)])),
            [vec![(10.0, Some("covered"))], vec![(10.0, None)]]
        );
        // A covered run the library joined with the figure drawn beside
        // it: each keeps its own reason, unless a later span starts there.
        let u = unseen(b"BT 10 10 Td (314159) Tj ET 1 g 9 9 30 10 re f 0 g BT 40 10 Td (23) Tj ET", 1.5);
        assert_eq!(whys_of(&u.spans(&[(10.0, 10.0, 50.0)])), [vec![(10.0, Some("covered")), (40.0, None)]]);
        assert_eq!(
            whys_of(&u.spans(&[(10.0, 10.0, 50.0), (40.0, 10.0, 50.0)])),
            [vec![(10.0, Some("covered"))], vec![(40.0, None)]]
        );
        // An offset before the first glyph moves it: that run is unlocated.
        let u = unseen(b"BT 10 10 Td 3 Tr [-3000 (9)] TJ ET", 1.5);
        assert_eq!((u.runs.len(), u.unlocated), (0, 1));
    }

    #[test]
    fn a_white_fill_is_seen_in_the_bytes() {
        for white in ["1 g", "BT 1 1 1 rg (9) Tj", "0 0 0 0 k", "/CS0 cs 1 scn", "0.98 g"] {
            assert!(sets_white_fill(white.as_bytes()), "{white}");
        }
        for other in ["0 g", "1 0 0 rg", "0 0 0 1 k", "1 G", "1 w 0 g"] {
            assert!(!sets_white_fill(other.as_bytes()), "{other}");
        }
        // Text that reads like one only costs a look at the characters.
        assert!(sets_white_fill(b"(1 g) Tj"));
    }

    #[test]
    fn a_render_mode_without_ink_is_seen_in_the_bytes() {
        assert!(draws_without_ink(b"BT 3 Tr (9) Tj ET"));
        assert!(draws_without_ink(b"BT 7\nTr"));
        assert!(!draws_without_ink(b"BT 0 Tr (9) Tj ET 13 Trx"));
        // A string that reads `3 Tr` only costs a parse.
        assert!(draws_without_ink(b"BT (3 Tr) Tj ET"));
    }

    #[test]
    fn a_chain_the_library_split_over_spans_hides_the_later_span_where_it_hides() {
        let u = unseen(b"BT 10 10 Td (7) Tj 3 Tr (1) Tj ET BT 0 Tr 100 10 Td (5) Tj ET", 1.5);
        // The library's spans: `7`, then `1` apart (another font), then `5`.
        let spans = u.spans(&[(10.0, 10.0, 16.0), (40.0, 10.0, 46.0), (100.0, 10.0, 106.0)]);
        assert_eq!(whys_of(&spans[..1]), [vec![(10.0, None), (10.0, Some("no ink"))]]);
        assert_eq!(whys_of(&spans[1..]), [vec![(40.0, Some("no ink"))], vec![(100.0, None)]]);
        // No run of the chain white: the later span's own colour stands.
        assert_eq!(spans[1][0].white, None);
        // Only the span right after the chain's stands for it.
        let spans = u.spans(&[(10.0, 10.0, 16.0), (40.0, 10.0, 46.0), (60.0, 10.0, 66.0)]);
        assert!(spans[2].is_empty());
        // Its first run under a box, a later one with no ink: the stand-in
        // hides every glyph (no ink), not only those under the box.
        let u = unseen(b"BT 10 10 Td (7) Tj 3 Tr (1) Tj ET 1 g 8 8 6 10 re f", 1.5);
        let spans = u.spans(&[(10.0, 10.0, 16.0), (40.0, 10.0, 46.0)]);
        assert_eq!(whys_of(&spans[1..]), [vec![(40.0, Some("no ink"))]]);
    }

    #[test]
    fn a_run_after_another_without_a_move_is_known_by_its_chain() {
        let u = unseen(b"BT 10 10 Td (71) Tj 3 Tr (9) Tj 0 Tr [(45) -20 (6)] TJ ET", 1.5);
        let runs: Vec<(f32, u32, u32, Option<Why>)> = u.runs.iter().map(|r| (r.x, r.from, r.len, r.why)).collect();
        assert_eq!(runs, [(10.0, 0, 2, None), (10.0, 2, 1, Some(Why::NoInk)), (10.0, 3, 3, None)]);
        assert_eq!(u.unlocated, 0);
        // A move ends the chain; a run after an offset with no chain
        // before it is unlocated.
        let u = unseen(b"BT 10 10 Td (7) Tj 5 0 Td 3 Tr [-200 (9)] TJ ET", 1.5);
        assert_eq!((u.runs.len(), u.unlocated), (1, 1));
    }
}
