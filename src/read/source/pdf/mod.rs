//! The PDF source (feature `pdf`): the glyphs and drawn rules of each page,
//! from `pdf_oxide`, turned into the lines the reader reads — a line for
//! each line of text outside tables, and for each table a line per row
//! with its cells separated by tabs, as the Word source gives them.
//!
//! Tables are rebuilt from the page's geometry:
//!
//! - **lattice** — where rules are drawn (lines, or thin filled
//!   rectangles as Chromium draws borders), the rules that touch make a
//!   table; the x of its vertical rules and the y of its horizontal rules
//!   make a grid; two neighbouring grid cells with no rule between them are
//!   one merged cell. Each glyph goes to the cell its centre falls in, so a
//!   label wrapped over several lines stays in its one cell. A cell
//!   spanning columns counts once in its row; a cell continuing a merge
//!   from the row above stands empty.
//! - **stream** — on a page with no table drawn, each line of text is laid
//!   out by the x of its glyphs, columns apart as printed, as
//!   `pdftotext -layout` does; the reader's aligned-columns reader takes the
//!   columns from there.
//!
//! A table continued on the next page is read on: its rows follow the
//! previous page's (a repeated header is skipped by the table reader).
//! Page numbers and running heads and feet — lines in the page's top or
//! bottom margin that are a page number or repeat on other pages — are
//! dropped.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_oxide::PdfDocument;
use pdf_oxide::elements::PathOperation;

mod grid;
mod lines;
mod unseen;

use crate::read::document::{self, Which};
use crate::read::grid::Grid;
use crate::read::{Options, Parsed, ReadError};

/// Why a PDF file cannot be read.
///
/// ```
/// use disclosure_report::read::pdf::{document_grid, PdfError};
///
/// assert!(matches!(document_grid(b"%PDF-1.7 and nothing else"), Err(PdfError::Damaged(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// Not a PDF file, or one too damaged to open.
    #[error("not a readable PDF file: {0}")]
    Damaged(String),
    /// The file is encrypted and its text cannot be read without the
    /// password.
    #[error("the PDF file is encrypted: its text cannot be read without the password")]
    Encrypted,
    /// The pages are images only (a scan): there is no text to read.
    #[error("the PDF file has no text layer ({pages} page(s) of images only, as a scan has): it needs OCR first")]
    Scanned {
        /// How many pages the file has.
        pages: usize,
    },
    /// Neither text nor images on any page.
    #[error("the PDF file has no text on any of its {pages} page(s)")]
    NoText {
        /// How many pages the file has.
        pages: usize,
    },
    /// The fonts do not say which characters their glyphs are (no
    /// `ToUnicode` map): the text comes out as codes, not characters.
    #[error("the PDF file's fonts do not map to Unicode: {unmapped} of {glyphs} glyphs have no character")]
    NoUnicode {
        /// Glyphs with no character (U+FFFD, private use, control codes).
        unmapped: usize,
        /// All glyphs.
        glyphs: usize,
    },
    /// The PDF library failed on this file.
    #[error("the PDF library failed on this file")]
    Library,
    /// The content and object streams unpack to more than the file's
    /// budget (20 times its size, at least 1 MiB, at most 16 MiB): a
    /// bomb of drawing operators, refused before the library draws them.
    #[error("the PDF file's content unpacks to more than 20 times its size (at least 1 MiB, at most 16 MiB); refused")]
    TooMuchContent,
    /// Arrays and dictionaries, or the page tree, nest deeper than a
    /// report's ever do: refused before the library recurses into them.
    #[error("the PDF file's {what} nest {depth} deep or more; at most {limit} are read")]
    TooDeep {
        /// What nests: `arrays and dictionaries`, or `page tree nodes`.
        what: &'static str,
        /// How deep they were found to go (at least).
        depth: usize,
        /// The deepest nesting read.
        limit: usize,
    },
}

/// The deepest nesting of arrays and dictionaries read, as the PDF
/// library's own configuration recommends (a report's go a few deep).
const MAX_NESTING: usize = 100;

/// The deepest page tree read: a balanced tree of a thousand pages is
/// four or five deep, most files' one or two.
pub(crate) const MAX_PAGE_TREE_DEPTH: usize = 64;

/// The stack of the thread the PDF library runs on. The library recurses
/// over objects (and over the page tree) without a limit of its own; the
/// bounds above keep it far below this, and this keeps a hostile file
/// that slips past them (nesting inside a compressed object stream) from
/// overflowing a caller's small thread stack.
const LIBRARY_STACK: usize = 256 << 20;

/// Reads a report from the bytes of its PDF file.
pub(crate) fn read(bytes: &[u8], options: &Options, which: Which) -> Result<Vec<Parsed>, ReadError> {
    // Cells of drawn tables are certain (an empty one is a blank); lines
    // laid out by their columns are read as `pdftotext -layout` text is.
    Ok(document::read_reports(&document_grid(bytes)?, options, which)?)
}

/// The document's grid: text outside tables line by line, drawn tables as
/// rows of cells, everything located by its page and its box (points from
/// the page's top-left): what [`read_report`](crate::read::read_report) reads
/// for `SourceFormat::Pdf`.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use disclosure_report::Place;
///
/// let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/pdf/pingtan-2022.lo.pdf"))?;
/// let grid = disclosure_report::read::pdf::document_grid(&pdf)?;
/// assert!(grid.to_string().lines().any(|l| l == "行政规范性文件\t88\t55\t698"));
/// let cell = &grid.tables().next().unwrap().rows()[0].cells()[0];
/// assert!(matches!(cell.place(), Some(Place::Page { page: 1..=9, .. })));
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// [`PdfError`] where the file cannot be opened, is encrypted, has no
/// text layer or fonts that do not map to Unicode.
pub fn document_grid(bytes: &[u8]) -> Result<Grid, PdfError> {
    Ok(lines::grid(&with_library(bytes, pages)?))
}

/// Runs `job` on the document the PDF library opens from `bytes`, within
/// the bounds a hostile file meets: the file cut at its last `%%EOF`, its
/// nesting and unpacked content measured before the library parses it,
/// its page tree no deeper than [`MAX_PAGE_TREE_DEPTH`] and no larger than
/// [`MAX_PAGES`] pages.
pub(crate) fn with_library<T: Send + 'static>(
    bytes: &[u8],
    job: impl FnOnce(&PdfDocument) -> Result<T, PdfError> + Send + 'static,
) -> Result<T, PdfError> {
    // A PDF ends at its last `%%EOF` (an update appends after an earlier
    // one, and ends with its own): what follows is not the file's, and
    // the library is not given it to hold and scan.
    let end = bytes.windows(5).rposition(|w| w == b"%%EOF").map_or(bytes.len(), |at| at + 5);
    let bytes = &bytes[..end];
    let mut content_left = content_budget(bytes.len());
    let depth = nesting(bytes, MAX_NESTING, Some(&mut content_left))?;
    if depth > MAX_NESTING {
        return Err(PdfError::TooDeep { what: "arrays and dictionaries", depth, limit: MAX_NESTING });
    }
    // The PDF library is the one part that may panic on a damaged file:
    // its panic is this file's error, not the caller's crash. It runs on a
    // thread of its own with a known, large stack. What the caller does
    // with what the job returns runs outside, where a panic is a bug.
    let owned = bytes.to_vec();
    let library = std::thread::Builder::new()
        .name("pdf".into())
        .stack_size(LIBRARY_STACK)
        .spawn(move || {
            catch_unwind(AssertUnwindSafe(|| {
                let doc = PdfDocument::from_bytes(owned).map_err(|e| PdfError::Damaged(e.to_string()))?;
                let tree = page_tree(&doc, MAX_PAGE_TREE_DEPTH)?;
                if tree.depth > MAX_PAGE_TREE_DEPTH {
                    return Err(PdfError::TooDeep {
                        what: "page tree nodes",
                        depth: tree.depth,
                        limit: MAX_PAGE_TREE_DEPTH,
                    });
                }
                let count = doc.page_count().map_err(|e| PdfError::Damaged(e.to_string()))?;
                if count > MAX_PAGES {
                    return Err(PdfError::Damaged(format!(
                        "it claims {count} pages; a report has far fewer ({MAX_PAGES} at most are read)"
                    )));
                }
                job(&doc)
            }))
        })
        .map_err(|_| PdfError::Library)?;
    library.join().map_err(|_| PdfError::Library)?.map_err(|_| PdfError::Library)?
}

/// A glyph: its character and box (PDF space: y grows upwards).
#[derive(Clone, Copy, Debug)]
struct Glyph {
    c: char,
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
}

impl Glyph {
    fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    fn height(&self) -> f32 {
        (self.y1 - self.y0).max(1.0)
    }
}

/// A drawn rule: horizontal at y = `at` (or vertical at x = `at`), from
/// `from` to `to` along it.
#[derive(Clone, Copy, Debug)]
struct Rule {
    at: f32,
    from: f32,
    to: f32,
}

/// What a page holds.
#[derive(Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    /// Glyphs a person does not see: white on the white page, drawn with no
    /// ink, clipped out or under a box filled after them, or covered
    /// by other glyphs drawn over them (figures whited out and printed
    /// anew).
    hidden: Vec<Glyph>,
    horizontal: Vec<Rule>,
    vertical: Vec<Rule>,
    height: f32,
    /// The page's top-left corner (its media box's), from which boxes are
    /// measured.
    origin: lines::Origin,
}

/// Rules closer than this (points) are one; a glyph this far outside a
/// rule still touches it.
const SNAP: f32 = 2.0;

/// The most pages read: a report has a few dozen at most; a file that
/// claims millions is damaged or hostile.
const MAX_PAGES: usize = 2000;

/// A filled box this wide and high (points) may be drawn over a figure to
/// hide it; a larger one is a row's, a table's or a page's background, a
/// smaller one a mark.
const SMALL_BOX: (std::ops::RangeInclusive<f32>, std::ops::RangeInclusive<f32>) = (4.0..=120.0, 4.0..=40.0);

/// A filled rectangle thinner than this (points) is a rule.
const THIN: f32 = 2.5;

/// Every page's glyphs and rules.
fn pages(doc: &PdfDocument) -> Result<Vec<Page>, PdfError> {
    let count = doc.page_count().map_err(|e| PdfError::Damaged(e.to_string()))?;
    // One page after another: reading them on two threads was measured
    // no faster (the library serializes its work on a document).
    let pages: Vec<Page> = (0..count).map(|i| page(doc, i)).collect();
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        if doc.is_encrypted() {
            return Err(PdfError::Encrypted);
        }
        let images = (0..count).any(|i| doc.extract_images(i).is_ok_and(|v| !v.is_empty()));
        return Err(if images { PdfError::Scanned { pages: count } } else { PdfError::NoText { pages: count } });
    }
    mapped_to_unicode(pages.iter().flat_map(|p| &p.glyphs))?;
    Ok(pages)
}

/// How much the file's content and object streams may unpack to: 20
/// times the file, at least 1 MiB, at most 16 MiB. Real reports unpack to
/// about their own size (1.1 MB for a 13-page report printed by
/// Chromium); the PDF library holds some 150 bytes a glyph drawn, so a
/// small file of millions of text operators would cost gigabytes.
fn content_budget(file: usize) -> u64 {
    (file as u64).saturating_mul(20).clamp(1 << 20, 16 << 20)
}

/// How deep arrays and dictionaries nest, up to one past `limit`: in the
/// file's own syntax and, where `content_left` is given, inside its
/// Flate-compressed content and object streams (which the PDF library
/// parses with the same recursion), unpacked within that budget. A
/// lexical scan, linear and without recursion of its own; it passes over
/// comments, strings and other stream data, which hold brackets that nest
/// nothing. A stray `(` or `stream` between objects hides nothing past
/// the next `endobj`.
fn nesting(bytes: &[u8], limit: usize, mut content_left: Option<&mut u64>) -> Result<usize, PdfError> {
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    // Where the last stream's data ended: no dictionary starts before it,
    // so that each byte is looked at as a dictionary once.
    let mut after_stream = 0usize;
    while i < bytes.len() && deepest <= limit {
        match bytes[i] {
            b'%' => {
                while i < bytes.len() && !matches!(bytes[i], b'\r' | b'\n') {
                    i += 1;
                }
            }
            b'(' => {
                // A literal string: balanced parentheses, `\` escapes.
                let mut open = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => open += 1,
                        b')' => {
                            open -= 1;
                            if open == 0 {
                                break;
                            }
                        }
                        b'e' if bytes[i..].starts_with(b"endobj") => break,
                        b'o' if object_header_at(bytes, i) => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b'<' => {
                // A hex string.
                while i < bytes.len() && bytes[i] != b'>' {
                    i += 1;
                }
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b's' if bytes[i..].starts_with(b"stream")
                && i.checked_sub(1).is_none_or(|b| matches!(bytes[b], b'>' | b' ' | b'\t' | b'\r' | b'\n'))
                && matches!(bytes.get(i + 6), Some(b'\r' | b'\n')) =>
            {
                // Stream data, to its `endstream` (or the end of its object).
                let data = i + b"stream".len() + if bytes[i + 6..].starts_with(b"\r\n") { 2 } else { 1 };
                // One pass to whichever comes first, so that a file of
                // `stream` keywords costs linear time.
                let end = (data.min(bytes.len())..bytes.len())
                    .find(|&at| match bytes[at] {
                        b'e' => bytes[at..].starts_with(b"endstream") || bytes[at..].starts_with(b"endobj"),
                        b'o' => object_header_at(bytes, at),
                        _ => false,
                    })
                    .unwrap_or(bytes.len());
                if let Some(left) = content_left.as_deref_mut() {
                    // The stream's dictionary: what follows its object's
                    // header, looked for no further back than a
                    // dictionary is long, nor than the last stream.
                    let from = i.saturating_sub(DICTIONARY).max(after_stream);
                    let header = bytes[from..i].windows(3).rposition(|w| w == b"obj").map_or(from, |at| from + at);
                    let inner = match content_of(&bytes[header..i]) {
                        Content::Data => 0,
                        Content::Plain => nesting(&bytes[data..end], limit, None)?,
                        Content::Flate => nesting(&unpack(&bytes[data..end], left)?, limit, None)?,
                    };
                    deepest = deepest.max(inner);
                }
                i = end;
                after_stream = end;
                continue;
            }
            _ => {}
        }
        deepest = deepest.max(depth);
        i += 1;
    }
    Ok(deepest)
}

/// How far back from `stream` its dictionary is looked for.
const DICTIONARY: usize = 4096;

/// Whether `obj` at `i` ends an object's header (`12 0 obj`): a stray
/// `(` or `stream` hides nothing past the next object.
fn object_header_at(bytes: &[u8], i: usize) -> bool {
    if !bytes[i..].starts_with(b"obj") {
        return false;
    }
    // Back over ` 0 ` and `12`.
    let mut at = i;
    for _ in 0..2 {
        let spaces = bytes[..at].iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
        let digits = bytes[..at - spaces].iter().rev().take_while(|b| b.is_ascii_digit()).count();
        if spaces == 0 || digits == 0 {
            return false;
        }
        at -= spaces + digits;
    }
    true
}

/// What a stream holds, by its dictionary.
enum Content {
    /// Data the PDF library does not parse as syntax: images, fonts,
    /// colour profiles, metadata, cross-reference streams, and streams in
    /// filters other than Flate (which the scan cannot look inside).
    Data,
    /// Content or objects, stored as they are.
    Plain,
    /// Content or objects, Flate-compressed.
    Flate,
}

fn content_of(dictionary: &[u8]) -> Content {
    let has = |what: &[u8]| dictionary.windows(what.len()).any(|w| w == what);
    let data = [
        &b"/Image"[..],
        b"/BitsPerComponent",
        b"/Length1",
        b"/Length2",
        b"/Length3",
        b"/FontFile",
        b"/XRef",
        b"/Metadata",
        b"/EmbeddedFile",
        b"/Alternate",
    ];
    if data.iter().any(|word| has(word)) {
        Content::Data
    } else if !has(b"/Filter") {
        Content::Plain
    } else if has(b"/FlateDecode") && !has(b"/DecodeParms") {
        Content::Flate
    } else {
        Content::Data
    }
}

/// A Flate stream unpacked, within what is `left` of the budget (a damaged
/// one, as far as it unpacks).
fn unpack(data: &[u8], left: &mut u64) -> Result<Vec<u8>, PdfError> {
    use std::io::Read as _;
    let mut out = Vec::new();
    let _ = flate2::read::ZlibDecoder::new(data).take(left.saturating_add(1)).read_to_end(&mut out);
    *left = left.checked_sub(out.len() as u64).ok_or(PdfError::TooMuchContent)?;
    Ok(out)
}

/// The page tree from the catalog's `/Pages`, walked without recursion
/// (each node once: a tree that loops is as deep as its nodes are many).
#[derive(Default)]
pub(crate) struct PageTree {
    /// How deep it goes, up to one past the limit; 0 where there is no
    /// tree to walk (the library then finds the pages its own way).
    pub(crate) depth: usize,
    /// The page objects, in the order of the pages (where the walk went
    /// to its end).
    pub(crate) pages: Vec<pdf_oxide::object::ObjectRef>,
}

/// Walks the page tree, up to one level past `limit`.
pub(crate) fn page_tree(doc: &PdfDocument, limit: usize) -> Result<PageTree, PdfError> {
    use pdf_oxide::object::Object;
    let mut tree = PageTree::default();
    let Some(root) = doc.catalog().ok().and_then(|c| c.as_dict().and_then(|d| d.get("Pages")).cloned()) else {
        return Ok(tree);
    };
    // Every node is loaded, so the walk stops where a tree has more nodes
    // than the pages read could need.
    let most = 2 * MAX_PAGES;
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<(Object, usize)> = vec![(root, 1)];
    while let Some((node, depth)) = stack.pop() {
        tree.depth = tree.depth.max(depth);
        if tree.depth > limit {
            break;
        }
        if seen.len() > most {
            return Err(PdfError::Damaged(format!(
                "its page tree holds more than {most} nodes; a report has far fewer pages ({MAX_PAGES} at most are read)"
            )));
        }
        let (node, at) = match node {
            Object::Reference(r) if seen.insert(r) => match doc.load_object(r) {
                Ok(node) => (node, Some(r)),
                Err(_) => continue,
            },
            Object::Reference(_) => continue,
            other => (other, None),
        };
        match node.as_dict().and_then(|d| d.get("Kids")).and_then(Object::as_array) {
            // Last kid first on the stack: the pages come off it in order.
            Some(kids) => stack.extend(kids.iter().rev().map(|kid| (kid.clone(), depth + 1))),
            None => tree.pages.extend(at),
        }
    }
    Ok(tree)
}

/// A box the library moved into the frame of a page shown turned by
/// `rotation` degrees clockwise, back in the page's own frame (the page's
/// media box at `(left, bottom)`, `width` by `height`): the inverse of the
/// library's own turn.
fn unrotated(
    b: pdf_oxide::geometry::Rect,
    rotation: i32,
    (left, bottom, width, height): (f32, f32, f32, f32),
) -> pdf_oxide::geometry::Rect {
    let back = |x: f32, y: f32| match rotation.rem_euclid(360) {
        90 => (width - y, x),
        180 => (width - x, height - y),
        270 => (y, height - x),
        _ => (x, y),
    };
    let (ax, ay) = back(b.x - left, b.y - bottom);
    let (bx, by) = back(b.x + b.width - left, b.y + b.height - bottom);
    pdf_oxide::geometry::Rect::new(left + ax.min(bx), bottom + ay.min(by), (ax - bx).abs(), (ay - by).abs())
}

/// One page's glyphs and rules.
fn page(doc: &PdfDocument, i: usize) -> Page {
    let mut page = Page::default();
    if let Ok((x0, y0, x1, y1)) = doc.get_page_media_box(i) {
        page.height = (y1 - y0).abs();
        page.origin = lines::Origin { left: x0.min(x1), top: y0.max(y1), turn: None };
    }
    // Boxes filled in a colour, on which white text shows; and boxes the
    // size of a figure, filled in any colour and no cell's background,
    // which may cover text drawn before them.
    let mut fills: Vec<pdf_oxide::geometry::Rect> = Vec::new();
    let mut small: Vec<(pdf_oxide::geometry::Rect, bool)> = Vec::new();
    for path in doc.extract_paths(i).unwrap_or_default() {
        rules_of(&path, &mut page);
        let b = path.bbox;
        let (wide, high) = SMALL_BOX;
        if path.fill_color.is_some() && wide.contains(&b.width) && high.contains(&b.height) {
            small.push((b, path.fill_color.as_ref().is_some_and(is_white)));
        }
        if path.fill_color.as_ref().is_some_and(|c| !is_white(c)) && b.width > THIN && b.height > THIN {
            fills.push(b);
        }
    }
    // A box in a colour whose every edge lies on a drawn rule is a cell's
    // shading; a white one may be a cell whited out.
    let sorted = |rules: &[Rule]| {
        let mut at: Vec<f32> = rules.iter().map(|r| r.at).collect();
        at.sort_by(f32::total_cmp);
        at
    };
    let (xs, ys) = (sorted(&page.vertical), sorted(&page.horizontal));
    let on_rule = |at: f32, rules: &[f32]| {
        let k = rules.partition_point(|&r| r < at - SNAP);
        rules.get(k).is_some_and(|&r| r <= at + SNAP)
    };
    let shading = |b: &pdf_oxide::geometry::Rect| {
        on_rule(b.x, &xs) && on_rule(b.x + b.width, &xs) && on_rule(b.y, &ys) && on_rule(b.y + b.height, &ys)
    };
    let small: Vec<pdf_oxide::geometry::Rect> =
        small.into_iter().filter(|(b, white)| *white || !shading(b)).map(|(b, _)| b).collect();
    let inside = |boxes: &[pdf_oxide::geometry::Rect], g: &Glyph| {
        boxes.iter().any(|f| f.x <= g.cx() && g.cx() <= f.x + f.width && f.y <= g.cy() && g.cy() <= f.y + f.height)
    };
    // Each glyph, whether it is white off a coloured box, and its run, in
    // the order drawn.
    let mut drawn: Vec<Drawn> = Vec::new();
    let mut spans = doc.extract_spans(i).unwrap_or_default();
    spans.sort_by_key(|s| s.sequence);
    // The page's characters as drawn (cached, a few milliseconds after the
    // spans), where the spans may say otherwise: the library puts a point
    // of its own between runs of digits it joins (`72` and `0` in two
    // cells, or `45 12` in one, taken for a decimal split over two boxes),
    // and gives a span the colour of its first run (a white figure joined
    // to a seen one). Where the library turned the page, their boxes are in
    // another frame: a point's width and the rules tell, and a span's
    // colour stands.
    let content = doc.get_page_content_data(i).unwrap_or_default();
    let turned_page = spans.iter().any(|s| s.page_rotation_applied != 0);
    let decimal = |s: &pdf_oxide::layout::TextSpan| {
        s.text.as_bytes().windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit())
    };
    let as_drawn = (!turned_page && (spans.iter().any(decimal) || unseen::sets_white_fill(&content)))
        .then(|| doc.extract_chars(i).ok().map(|chars| AsDrawn::new(&chars)))
        .flatten();
    // On a page turned by `/Rotate`, the library moves some runs' boxes
    // into the frame the page is shown in (all of them at 180°), and
    // leaves the rules where they are drawn: every run goes back to the
    // page's own frame, where rules, glyphs and places agree (and where an
    // annotation's rectangle is given).
    let media = doc.get_page_media_box(i).ok().map(|(llx, lly, urx, ury)| (llx, lly, urx - llx, ury - lly));
    if let Some(media) = media {
        for span in spans.iter_mut().filter(|s| s.page_rotation_applied != 0) {
            span.bbox = unrotated(span.bbox, span.page_rotation_applied, media);
            span.page_rotation_applied = 0;
        }
    }
    // A page whose text is drawn turned as a whole (a landscape table drawn
    // sideways, shown upright by `/Rotate`) is read where it stands
    // upright; a figure turned alone is read in place.
    let turn = media.map_or(0, |_| page_turn(&spans));
    // Per span, each of the library's characters: its left edge, and
    // whether it is none of the content's (a point the library put in).
    let mut span_chars: Vec<Vec<SpanChar>> = Vec::with_capacity(spans.len());
    for (run, span) in spans.iter().enumerate() {
        let glyphs = if span.rotation_degrees.abs() > 0.5 {
            span_chars.push(Vec::new());
            let glyphs = if turn == 0 { turned(span) } else { along(span) };
            glyphs.into_iter().enumerate().map(|(k, g)| (k, g, Colour::Span(is_white(&span.color)))).collect()
        } else {
            let chars = span.to_chars();
            let invented: Vec<bool> = (0..chars.len())
                .map(|k| is_joining_point(&chars, k, span.font_size, &page.vertical, as_drawn.as_ref()))
                .collect();
            span_chars.push(
                chars
                    .iter()
                    .zip(&invented)
                    .map(|(ch, &invented)| SpanChar {
                        x0: ch.bbox.x,
                        x1: ch.bbox.x + ch.bbox.width,
                        space: ch.char.is_whitespace(),
                        invented,
                    })
                    .collect(),
            );
            chars
                .iter()
                .enumerate()
                .filter(|&(k, ch)| {
                    let b = ch.bbox;
                    !ch.char.is_whitespace()
                        && [b.x, b.y, b.width, b.height].iter().all(|v| v.is_finite())
                        && !invented[k]
                })
                .map(|(k, ch)| {
                    let b = ch.bbox;
                    let white = match as_drawn.as_ref().and_then(|d| d.white_at(b.x, b.y)) {
                        Some(white) => Colour::Drawn(white),
                        None => Colour::Span(is_white(&ch.color)),
                    };
                    (k, Glyph { c: ch.char, x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height }, white)
                })
                .collect::<Vec<_>>()
        };
        for (index, glyph, colour) in glyphs {
            drawn.push(Drawn { glyph, unseen: colour.white() && !inside(&fills, &glyph), colour, run, index });
        }
    }
    // Runs drawn with no ink, clipped out or covered by a box, which the
    // spans do not tell: the page's content is read for them where it
    // draws text with no ink, a small box over a glyph, or a clip for text
    // that leaves out a glyph (reading it costs a third of the library's
    // own text extraction). A page whose only text has no ink is the OCR
    // layer of a scan: what it says is what the page shows.
    // Past these many boxes or glyphs, looking for a box over a glyph costs
    // more than reading the content.
    let many = small.len() > 200 || drawn.len() > 100_000;
    if many
        || unseen::draws_without_ink(&content)
        || drawn.iter().any(|d| inside(&small, &d.glyph))
        || unseen::Area::around_all(drawn.iter().map(|d| (d.glyph.cx(), d.glyph.cy())))
            .is_some_and(|glyphs| unseen::may_clip_text(&content, glyphs))
    {
        let unseen = unseen::unseen(&content, THIN);
        if !unseen.is_text_layer() {
            let boxes: Vec<(f32, f32, f32)> =
                spans.iter().map(|s| (s.bbox.x, s.bbox.y, s.bbox.x + s.bbox.width)).collect();
            let runs = unseen.spans(&boxes);
            // Each run of a span counts as a run of its own (a glyph covered
            // whites out its run, not the span it was joined into).
            let first: Vec<usize> = runs
                .iter()
                .scan(0, |n, r| {
                    let at = *n;
                    *n += r.len().max(1);
                    Some(at)
                })
                .collect();
            // Each span's runs by where they start, in the order drawn.
            let at: Vec<Vec<(f32, Vec<usize>)>> = runs.iter().map(|of_span| runs_by_start(of_span)).collect();
            // The run starting nearest at or before `x` in span `s`.
            let start_of = |s: usize, x: f32| {
                let starts = &at[s];
                starts.partition_point(|(start, _)| *start <= x + 0.5).checked_sub(1).map(|i| &starts[i])
            };
            // Runs shown one after another with no move (`(71) Tj 3 Tr (9)
            // Tj`) are one span to the library: each of its characters from
            // the chain's start takes the run its place falls in.
            let per_font = bytes_per_char(&spans, &runs, &span_chars);
            let chained: Vec<Vec<Option<Chained>>> = (0..runs.len())
                .map(|s| {
                    let chars = span_chars.get(s).map_or(&[][..], Vec::as_slice);
                    let per = spans.get(s).and_then(|span| per_font.get(span.font_name.as_str()).copied().flatten());
                    chain_of_chars(&runs[s], &at[s], chars, per)
                })
                .collect();
            // A turned span's glyphs stand in another order than its runs':
            // with a chain in it, which run a glyph is cannot be told
            // (whether a run of it hides, and whether one is white).
            let turned_chains: Vec<Option<(bool, bool)>> = runs
                .iter()
                .zip(&span_chars)
                .map(|(of_span, chars)| {
                    (chars.is_empty() && of_span.iter().any(|r| r.from > 0)).then(|| {
                        (of_span.iter().any(|r| r.why.is_some()), of_span.iter().any(|r| r.white == Some(true)))
                    })
                })
                .collect();
            for d in &mut drawn {
                let s = d.run;
                let of_span = &runs[s];
                if let Some((why, white)) = turned_chains[s] {
                    let white = white || d.colour.white();
                    d.unseen = why || (white && !inside(&fills, &d.glyph));
                    d.run = first[s];
                    continue;
                }
                let Some((_, here)) = start_of(s, d.glyph.x0) else {
                    d.run = first[s];
                    continue;
                };
                let glyph = d.glyph;
                let colour = d.colour;
                let hides = |r: &unseen::Run| {
                    // White if the run is filled white (the library keeps
                    // one of the glyphs drawn at one point), or if the
                    // glyph as drawn is; the run's fill over its span's.
                    let white = match colour {
                        Colour::Drawn(white) => white || r.white == Some(true),
                        Colour::Span(white) => r.white.unwrap_or(white),
                    };
                    // Where the run draws it: the library boxes a run
                    // raised beside a larger one on that one's line.
                    let lift = (r.y - boxes[s].1).max(0.0);
                    r.why.is_some_and(|why| why.hides(glyph.cx(), glyph.cy() + lift))
                        || (white && !inside(&fills, &glyph))
                };
                match chained[s].get(d.index).copied().flatten() {
                    Some(Chained::Run(k)) => (d.unseen, d.run) = (hides(&of_span[k]), first[s] + k),
                    // Where the bytes do not tell, the glyph is read only
                    // if no run of its chain hides (the chain's text is
                    // then quoted, never read).
                    Some(Chained::Unknown { head, why, white }) => {
                        (d.unseen, d.run) =
                            (why || ((white || colour.white()) && !inside(&fills, &glyph)), first[s] + head);
                    }
                    // Runs drawn at one point (a figure whited out and
                    // printed again, or hidden twice) are one to the
                    // library: the glyph is seen if any of them is.
                    None => {
                        d.unseen = here.iter().all(|&k| hides(&of_span[k]));
                        d.run = first[s] + here.last().copied().unwrap_or(0);
                    }
                }
            }
        }
    }
    let (visible, unseen) = seen_glyphs(&drawn);
    page.glyphs = visible;
    page.hidden = unseen;
    if let (Some(media), 90 | 180 | 270) = (media, turn) {
        turn_upright(&mut page, turn, media);
    }
    page
}

/// A span's runs grouped by the point they start at (left to right), each
/// group in the order drawn.
fn runs_by_start(runs: &[unseen::Run]) -> Vec<(f32, Vec<usize>)> {
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&a, &b| runs[a].x.total_cmp(&runs[b].x).then(a.cmp(&b)));
    let mut out: Vec<(f32, Vec<usize>)> = Vec::new();
    for k in order {
        match out.last_mut() {
            Some((x, group)) if *x == runs[k].x => group.push(k),
            _ => out.push((runs[k].x, vec![k])),
        }
    }
    out
}

/// The bytes a character each font shows (one, or two), where the spans
/// drawn by one run each, with none of the library's own characters, say
/// so alike; `None` for a font they disagree on.
fn bytes_per_char<'s>(
    spans: &'s [pdf_oxide::layout::TextSpan],
    runs: &[Vec<unseen::Run>],
    chars: &[Vec<SpanChar>],
) -> std::collections::HashMap<&'s str, Option<u32>> {
    let mut out: std::collections::HashMap<&str, Option<u32>> = std::collections::HashMap::new();
    for ((span, runs), chars) in spans.iter().zip(runs).zip(chars) {
        let ([run], false) = (runs.as_slice(), chars.is_empty() || chars.iter().any(|c| c.invented)) else { continue };
        let count = u32::try_from(chars.len()).unwrap_or(u32::MAX);
        if run.from != 0 || run.len % count != 0 || !matches!(run.len / count, 1 | 2) {
            continue;
        }
        let per = run.len / count;
        out.entry(span.font_name.as_str()).and_modify(|p| *p = p.filter(|&p| p == per)).or_insert(Some(per));
    }
    out
}

/// The run of a chain (runs shown one after another with no move) a
/// character of its span was drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Chained {
    /// The span's `k`-th run.
    Run(usize),
    /// Not known: the chain's bytes do not fall alike to its characters
    /// (a ligature, a point the library put in, a font no other span
    /// tells, a chain the library split over spans, or drawn again at its
    /// point). `head` is the chain's first run; `why`, whether any of its
    /// runs is not seen for a reason of its own, and `white`, whether any
    /// is filled white. It holds for every character of the span from the
    /// chain's start on, whose run cannot be told.
    Unknown { head: usize, why: bool, white: bool },
}

/// For each character of a span (`chars`: each one's left edge, and
/// whether the library put it in), the chained run it was drawn in, where
/// it was drawn from a chain's start (`at`: the span's runs by start). A
/// chain's bytes fall alike to its characters where their count divides
/// them into the bytes a character the span's font shows (`per_char`, as
/// its spans of one run tell), and every run's share is whole.
fn chain_of_chars(
    runs: &[unseen::Run],
    at: &[(f32, Vec<usize>)],
    chars: &[SpanChar],
    per_char: Option<u32>,
) -> Vec<Option<Chained>> {
    if !runs.iter().any(|r| r.from > 0) {
        return Vec::new();
    }
    // The characters drawn from each start (an index into `at`).
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); at.len()];
    for (c, ch) in chars.iter().enumerate() {
        if let Some(i) = at.partition_point(|(start, _)| *start <= ch.x0 + 0.5).checked_sub(1) {
            members[i].push(c);
        }
    }
    let mut out = vec![None; chars.len()];
    // Starts whose characters an untold chain before them took.
    let mut taken = vec![false; at.len()];
    for (i, (_, group)) in at.iter().enumerate() {
        if taken[i] {
            continue;
        }
        // The last chain started at this point: its head and the runs
        // shown after it.
        let head = group.iter().rposition(|&k| runs[k].from == 0).unwrap_or(0);
        let chain = &group[head..];
        let why = group.iter().any(|&k| runs[k].why.is_some());
        let white = group.iter().any(|&k| runs[k].white == Some(true));
        let unknown = Chained::Unknown { head: group[0], why, white };
        let chains = group.iter().filter(|&&k| runs[k].from > 0).count();
        let [_, .., last] = chain else {
            if chains > 0 {
                // A chain drawn over again at its point (bold printed
                // twice): which copy a character is, is not known.
                untold(i, at, &members, chars, unknown, &mut out, &mut taken);
            }
            continue;
        };
        if head > 0 && chains > chain.len() - 1 {
            // A chain, then another run drawn at its point.
            untold(i, at, &members, chars, unknown, &mut out, &mut taken);
            continue;
        }
        let bytes = runs[*last].from.saturating_add(runs[*last].len);
        // The bytes a character of the span's font shows, as its other
        // spans tell, must be what the chain's bytes give each: counting
        // its spaces (shown), or not (a space the library put between
        // runs it joined).
        let fits = |list: &[usize]| {
            let count = u32::try_from(list.len()).unwrap_or(u32::MAX);
            (count > 0 && bytes.is_multiple_of(count))
                .then(|| bytes / count)
                .filter(|&p| Some(p) == per_char)
                .filter(|p| chain.iter().all(|&k| runs[k].from.is_multiple_of(*p) && runs[k].len.is_multiple_of(*p)))
                .filter(|_| list.iter().all(|&c| !chars[c].invented))
        };
        let all = &members[i];
        let inked: Vec<usize> = all.iter().copied().filter(|&c| !chars[c].space).collect();
        match [all.as_slice(), &inked].into_iter().find_map(|list| fits(list).map(|p| (list, p))) {
            Some((list, p)) => {
                for (j, &c) in (0u32..).zip(list.iter()) {
                    let byte = j.saturating_mul(p);
                    let n = chain.partition_point(|&k| runs[k].from <= byte);
                    out[c] = Some(Chained::Run(chain[n.saturating_sub(1)]));
                }
            }
            None => untold(i, at, &members, chars, unknown, &mut out, &mut taken),
        }
    }
    out
}

/// A character of a span, as the chain reader needs it.
#[derive(Clone, Copy, Debug)]
struct SpanChar {
    x0: f32,
    x1: f32,
    /// White space.
    space: bool,
    /// A point the library put in, none of the content's bytes.
    invented: bool,
}

/// The characters of the chain starting at `at[i]`, whose run cannot be
/// told, and those of the runs starting where they reach (the chain's
/// glyphs run on over them): each `unknown`. Runs starting further on
/// are told apart (another cell's figure the library joined into the
/// span is not the chain's).
fn untold(
    i: usize,
    at: &[(f32, Vec<usize>)],
    members: &[Vec<usize>],
    chars: &[SpanChar],
    unknown: Chained,
    out: &mut [Option<Chained>],
    taken: &mut [bool],
) {
    let mut end = f32::NEG_INFINITY;
    for j in i..at.len() {
        if j > i && at[j].0 >= end + 0.5 {
            break;
        }
        taken[j] = true;
        for &c in &members[j] {
            out[c] = Some(unknown);
            if !chars[c].space {
                end = end.max(chars[c].x1);
            }
        }
    }
}

/// Whether the `k`-th character of a run is a point the PDF library put
/// between two runs of digits it joined, taking them for a decimal split
/// over two boxes (`72` and `0` in neighbouring cells read as `72.0`),
/// where the page draws none: no point of the page's characters `as_drawn`
/// starts from the digit before it to the end of the digit after it; or, where those are not known, its box is wider than a point in
/// any font (half an em at most), or crossed by a rule drawn between the
/// two figures.
fn is_joining_point(
    chars: &[pdf_oxide::layout::TextChar],
    k: usize,
    size: f32,
    vertical: &[Rule],
    as_drawn: Option<&AsDrawn>,
) -> bool {
    let digit = |k: Option<usize>| k.and_then(|k| chars.get(k)).is_some_and(|c| c.char.is_ascii_digit());
    let point = &chars[k];
    if point.char != '.' || !digit(k.checked_sub(1)) || !digit(Some(k + 1)) {
        return false;
    }
    let b = point.bbox;
    if let Some(drawn) = as_drawn {
        // Anywhere between its digits: the library spaces a run's
        // characters evenly, where letter-spacing draws them apart (a
        // point drawn a point further on than the span says).
        let (before, after) = (chars[k - 1].bbox, chars[k + 1].bbox);
        return !drawn.point_within(before.x - AsDrawn::NEAR, after.x + after.width + AsDrawn::NEAR, b.y);
    }
    let middle = b.y + b.height / 2.0;
    let crossed = || {
        // Past as many rules as a table is rebuilt from, none is looked at.
        vertical.len() <= grid::MAX_RULES
            && vertical.iter().any(|r| {
                b.x + SNAP / 4.0 < r.at && r.at < b.x + b.width - SNAP / 4.0 && r.from <= middle && middle <= r.to
            })
    };
    size > 0.0 && (b.width > size * WIDEST_POINT || (b.width > size * 0.4 && crossed()))
}

/// A page's characters as drawn, by where each starts, for the points and
/// colours the library's spans misstate.
struct AsDrawn {
    /// The characters by the square of side [`Self::NEAR`] they start in.
    squares: std::collections::HashMap<(i64, i64), Vec<DrawnChar>>,
}

/// A character as drawn: where it starts, whether it is a point, whether
/// it is white.
#[derive(Clone, Copy)]
struct DrawnChar {
    x: f32,
    y: f32,
    point: bool,
    white: bool,
}

impl AsDrawn {
    /// Within this (points) of where a span's character starts, a
    /// character as drawn is that one.
    const NEAR: f32 = 0.75;
    /// The most characters looked at in one square: a page drawing more
    /// at one point is hostile, and what is past them is not known.
    const MOST: usize = 64;

    fn square(x: f32, y: f32) -> (i64, i64) {
        ((x / Self::NEAR).floor() as i64, (y / Self::NEAR).floor() as i64)
    }

    fn new(chars: &[pdf_oxide::layout::TextChar]) -> AsDrawn {
        let mut squares: std::collections::HashMap<(i64, i64), Vec<_>> = std::collections::HashMap::new();
        for c in chars.iter().filter(|c| !c.char.is_whitespace() && c.bbox.x.is_finite() && c.bbox.y.is_finite()) {
            let entry = squares.entry(Self::square(c.bbox.x, c.bbox.y)).or_default();
            if entry.len() < Self::MOST {
                entry.push(DrawnChar { x: c.bbox.x, y: c.bbox.y, point: c.char == '.', white: is_white(&c.color) });
            }
        }
        AsDrawn { squares }
    }

    /// The characters drawn starting near `(x, y)`.
    fn at(&self, x: f32, y: f32) -> impl Iterator<Item = &DrawnChar> {
        let (sx, sy) = Self::square(x, y);
        (-1..=1)
            .flat_map(move |dx| (-1..=1).map(move |dy| (sx.saturating_add(dx), sy.saturating_add(dy))))
            .filter_map(|key| self.squares.get(&key))
            .flatten()
            .filter(move |c| (c.x - x).abs() < Self::NEAR && (c.y - y).abs() < Self::NEAR)
    }

    /// Whether a point is drawn starting between `x0` and `x1` on the line
    /// at `y` (looked for over at most [`Self::MOST`] squares).
    fn point_within(&self, x0: f32, x1: f32, y: f32) -> bool {
        let ((from, row), (to, _)) = (Self::square(x0, y), Self::square(x1, y));
        (from..=to.min(from.saturating_add(Self::MOST as i64))).any(|sx| {
            (-1..=1)
                .filter_map(|dy| self.squares.get(&(sx, row.saturating_add(dy))))
                .flatten()
                .any(|c| c.point && x0 <= c.x && c.x <= x1 && (c.y - y).abs() < Self::NEAR)
        })
    }

    /// Whether the characters drawn at `(x, y)` are white, if any are and
    /// all agree (where a white one and another are drawn at one point,
    /// each is its own span, whose colour tells).
    fn white_at(&self, x: f32, y: f32) -> Option<bool> {
        let mut at = self.at(x, y).map(|c| c.white);
        let first = at.next()?;
        at.all(|w| w == first).then_some(first)
    }
}

/// The widest a point (`.`) is drawn, in ems: half an em in a CJK font's
/// half-width digits (SimSun, FangSong), a quarter in Latin fonts.
const WIDEST_POINT: f32 = 0.55;

/// The quarter turn (anticlockwise, in degrees) most of a page's glyphs are
/// drawn at, where more than half are drawn turned so: 0 for a page drawn
/// upright.
fn page_turn(spans: &[pdf_oxide::layout::TextSpan]) -> i32 {
    let mut glyphs = [0usize; 4];
    for span in spans {
        let quarter = (span.rotation_degrees / 90.0).round();
        if quarter.is_finite() && (span.rotation_degrees - quarter * 90.0).abs() < 1.0 {
            glyphs[(quarter as i64).rem_euclid(4) as usize] += span.text.chars().filter(|c| !c.is_whitespace()).count();
        }
    }
    let all: usize = glyphs.iter().sum();
    (1..4).find(|&q| glyphs[q] * 2 > all).map_or(0, |q| q as i32 * 90)
}

/// A point of the page (its media box at `(left, bottom)`, `width` by
/// `height`) in the frame where text drawn `turn` degrees anticlockwise
/// stands upright: the page turned `turn` degrees clockwise, as `/Rotate`
/// shows it.
fn upright(turn: i32, (left, bottom, width, height): (f32, f32, f32, f32), x: f32, y: f32) -> (f32, f32) {
    let (x, y) = (x - left, y - bottom);
    let (x, y) = match turn {
        90 => (y, width - x),
        180 => (width - x, height - y),
        270 => (height - y, x),
        _ => (x, y),
    };
    (left + x, bottom + y)
}

/// The page's glyphs and rules moved into the frame where its text stands
/// upright; its boxes are still measured in the page's own frame.
fn turn_upright(page: &mut Page, turn: i32, media: (f32, f32, f32, f32)) {
    let map = |x, y| upright(turn, media, x, y);
    for g in page.glyphs.iter_mut().chain(page.hidden.iter_mut()) {
        let ((ax, ay), (bx, by)) = (map(g.x0, g.y0), map(g.x1, g.y1));
        *g = Glyph { c: g.c, x0: ax.min(bx), x1: ax.max(bx), y0: ay.min(by), y1: ay.max(by) };
    }
    let (mut horizontal, mut vertical) = (Vec::new(), Vec::new());
    let ends = page
        .horizontal
        .iter()
        .map(|r| ((r.from, r.at), (r.to, r.at)))
        .chain(page.vertical.iter().map(|r| ((r.at, r.from), (r.at, r.to))));
    for (a, b) in ends {
        let ((ax, ay), (bx, by)) = (map(a.0, a.1), map(b.0, b.1));
        if (ay - by).abs() <= (ax - bx).abs() {
            horizontal.push(Rule { at: (ay + by) / 2.0, from: ax.min(bx), to: ax.max(bx) });
        } else {
            vertical.push(Rule { at: (ax + bx) / 2.0, from: ay.min(by), to: ay.max(by) });
        }
    }
    (page.horizontal, page.vertical) = (horizontal, vertical);
    if matches!(turn, 90 | 270) {
        page.height = media.2.abs();
    }
    page.origin.turn = Some((turn, media));
}

/// The glyphs of a run drawn turned, each in its own box along the run (as
/// drawn: up the page for a run turned a quarter anticlockwise), for a
/// page read turned as a whole.
fn along(span: &pdf_oxide::layout::TextSpan) -> Vec<Glyph> {
    let chars: Vec<char> = span.text.chars().filter(|c| !c.is_whitespace()).collect();
    let b = span.bbox;
    if chars.is_empty() || ![b.x, b.y, b.width, b.height, span.rotation_degrees].iter().all(|v| v.is_finite()) {
        return Vec::new();
    }
    let (sin, cos) = span.rotation_degrees.to_radians().sin_cos();
    let (step, size) = (b.width.max(0.0) / chars.len() as f32, b.height.max(0.0));
    chars
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let (from, to) = (step * k as f32, step * (k + 1) as f32);
            let corners = [(from, 0.0), (to, 0.0), (from, size), (to, size)]
                .map(|(along, up)| (b.x + along * cos - up * sin, b.y + along * sin + up * cos));
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for (x, y) in corners {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
            Glyph { c, x0, x1, y0, y1 }
        })
        .filter(|g| [g.x0, g.x1, g.y0, g.y1].iter().all(|v| v.is_finite()))
        .collect()
}

/// The glyphs of a run drawn turned (a figure or a label rotated in its
/// cell), laid out left to right in the run's order across the box the
/// run covers: they fall in the cell it is drawn in, and read in the order
/// they were written. The library gives such a run its origin, its length
/// along its own direction and its font size.
fn turned(span: &pdf_oxide::layout::TextSpan) -> Vec<Glyph> {
    let chars: Vec<char> = span.text.chars().filter(|c| !c.is_whitespace()).collect();
    let b = span.bbox;
    if chars.is_empty() || ![b.x, b.y, b.width, b.height, span.rotation_degrees].iter().all(|v| v.is_finite()) {
        return Vec::new();
    }
    let (sin, cos) = span.rotation_degrees.to_radians().sin_cos();
    let (length, size) = (b.width.max(0.0), b.height.max(0.0));
    // The run's corners: from its origin, along its direction and up its
    // glyphs (a quarter turn further, anticlockwise).
    let corners = [(0.0, 0.0), (length, 0.0), (0.0, size), (length, size)]
        .map(|(along, up)| (b.x + along * cos - up * sin, b.y + along * sin + up * cos));
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in corners {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let width = (x1 - x0) / chars.len() as f32;
    let (middle, half) = ((y0 + y1) / 2.0, (y1 - y0).min(size) / 2.0);
    chars
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let left = x0 + width * k as f32;
            Glyph { c, x0: left, x1: left + width, y0: middle - half, y1: middle + half }
        })
        .filter(|g| [g.x0, g.x1, g.y0, g.y1].iter().all(|v| v.is_finite()))
        .collect()
}

/// Whether a colour is white (as the page is).
fn is_white(c: &pdf_oxide::layout::Color) -> bool {
    c.r >= 0.95 && c.g >= 0.95 && c.b >= 0.95
}

/// A glyph as drawn: whether it is unseen (white on the white page, with
/// no ink, clipped out, under a box), its colour, and the run it was drawn
/// in (its span, or the run of it the page's content tells).
struct Drawn {
    glyph: Glyph,
    unseen: bool,
    colour: Colour,
    run: usize,
    /// Its place among its span's characters.
    index: usize,
}

/// Whether a glyph is white, and who says: the page's characters as drawn,
/// or (where they are not looked at, or disagree) its span.
#[derive(Clone, Copy)]
enum Colour {
    Drawn(bool),
    Span(bool),
}

impl Colour {
    fn white(self) -> bool {
        match self {
            Colour::Drawn(white) | Colour::Span(white) => white,
        }
    }
}

/// A run of at most this many glyphs is a figure: where another glyph
/// drawn later covers one of them, the whole figure was whited out.
const FIGURE_RUN: usize = 12;

/// The glyphs a person sees, and those they do not: white ones, and those
/// another glyph drawn later covers (a figure whited out and printed
/// anew: the rest of its run, if short, with it). A glyph drawn again over
/// itself (bold made by printing twice) is one glyph. Glyphs come in the
/// order they were drawn.
fn seen_glyphs(drawn: &[Drawn]) -> (Vec<Glyph>, Vec<Glyph>) {
    /// Glyphs are looked up by the square of this side (points, at least)
    /// their centre falls in, and its neighbours.
    const SQUARE: f32 = 12.0;
    /// The latest glyphs of a square compared with a new one: a bound on
    /// the work where a hostile file piles glyphs on one spot.
    const LATEST: usize = 8;
    /// The most squares each way.
    const SIDE: usize = 128;
    #[derive(Clone, Copy, PartialEq)]
    enum Fate {
        Shown,
        /// Drawn again over the same glyph: one glyph.
        Duplicate,
        Covered,
    }
    // Whether `later` stands over `earlier`: a digit over half of the
    // narrower of two digits (a figure printed anew, `3` over `８`); any
    // other glyph over most of the earlier one (glyphs set tight, a quote
    // mark standing into the character before it, only touch).
    let overlaps = |earlier: &Glyph, later: &Glyph| {
        let x = earlier.x1.min(later.x1) - earlier.x0.max(later.x0);
        let y = earlier.y1.min(later.y1) - earlier.y0.max(later.y0);
        let width = |g: &Glyph| g.x1 - g.x0;
        let over = if earlier.c.is_numeric() && later.c.is_numeric() {
            0.5 * width(earlier).min(width(later))
        } else {
            0.6 * width(earlier)
        };
        x > over && y > 0.5 * earlier.height().min(later.height())
    };
    let mut fate: Vec<Fate> = drawn.iter().map(|d| if d.unseen { Fate::Covered } else { Fate::Shown }).collect();
    // The page's glyphs in squares, at most SIDE each way (a square grows
    // where the glyphs spread further); each square chains the glyphs put
    // in it, the latest first.
    let seen = || drawn.iter().filter(|d| !d.unseen).map(|d| (d.glyph.cx(), d.glyph.cy()));
    let (x0, x1, y0, y1) = seen().fold((f32::MAX, f32::MIN, f32::MAX, f32::MIN), |(a, b, c, d), (x, y)| {
        (a.min(x), b.max(x), c.min(y), d.max(y))
    });
    let (sx, sy) = (SQUARE.max((x1 - x0) / SIDE as f32), SQUARE.max((y1 - y0) / SIDE as f32));
    let square = |g: &Glyph| {
        let at = |v: f32, from: f32, side: f32| (((v - from) / side).max(0.0) as usize).min(SIDE - 1);
        (at(g.cx(), x0, sx), at(g.cy(), y0, sy))
    };
    let mut latest: Vec<usize> = Vec::new(); // by square: its latest glyph + 1
    let mut before: Vec<usize> = vec![0; drawn.len()]; // by glyph: the one put in its square before it + 1
    let mut covered_runs: Vec<usize> = Vec::new();
    for (at, d) in drawn.iter().enumerate().filter(|(_, d)| !d.unseen) {
        if latest.is_empty() {
            latest = vec![0; SIDE * SIDE];
        }
        let (cx, cy) = square(&d.glyph);
        for qx in cx.saturating_sub(1)..=(cx + 1).min(SIDE - 1) {
            for qy in cy.saturating_sub(1)..=(cy + 1).min(SIDE - 1) {
                let mut next = latest[qx * SIDE + qy];
                for _ in 0..LATEST {
                    let Some(k) = next.checked_sub(1) else { break };
                    next = before[k];
                    let earlier = &drawn[k];
                    if fate[k] != Fate::Shown || earlier.run == d.run || !overlaps(&earlier.glyph, &d.glyph) {
                        continue;
                    }
                    if earlier.glyph.c == d.glyph.c {
                        fate[at] = Fate::Duplicate;
                    } else {
                        fate[k] = Fate::Covered;
                        covered_runs.push(earlier.run);
                    }
                }
            }
        }
        if fate[at] != Fate::Duplicate {
            before[at] = latest[cx * SIDE + cy];
            latest[cx * SIDE + cy] = at + 1;
        }
    }
    // A short run (a figure) of which a glyph was covered was whited out
    // whole.
    covered_runs.sort_unstable();
    covered_runs.dedup();
    let mut run_length: Vec<usize> = Vec::new();
    for d in drawn {
        if run_length.len() <= d.run {
            run_length.resize(d.run + 1, 0);
        }
        run_length[d.run] += 1;
    }
    covered_runs.retain(|&run| run_length[run] <= FIGURE_RUN);
    let (mut seen, mut unseen) = (Vec::new(), Vec::new());
    for (d, fate) in drawn.iter().zip(fate) {
        match fate {
            Fate::Duplicate => {}
            Fate::Shown if covered_runs.binary_search(&d.run).is_err() => seen.push(d.glyph),
            Fate::Shown | Fate::Covered => unseen.push(d.glyph),
        }
    }
    (seen, unseen)
}

/// Refuses text of which more than a fifth has no character: U+FFFD,
/// control codes or private-use code points are what a font without a
/// `ToUnicode` map gives.
fn mapped_to_unicode<'a>(glyphs: impl Iterator<Item = &'a Glyph>) -> Result<(), PdfError> {
    let (mut unmapped, mut all) = (0, 0);
    for g in glyphs {
        all += 1;
        if g.c == '\u{fffd}' || g.c.is_control() || ('\u{e000}'..='\u{f8ff}').contains(&g.c) {
            unmapped += 1;
        }
    }
    if unmapped * 5 > all { Err(PdfError::NoUnicode { unmapped, glyphs: all }) } else { Ok(()) }
}

/// The rules a drawn path makes: its axis-parallel stroked lines and
/// rectangle edges, and filled rectangles thin enough to be a line.
fn rules_of(path: &pdf_oxide::elements::PathContent, page: &mut Page) {
    let b = path.bbox;
    if ![b.x, b.y, b.width, b.height].iter().all(|v| v.is_finite()) {
        return;
    }
    let horizontal = |y: f32, x0: f32, x1: f32| Rule { at: y, from: x0.min(x1), to: x0.max(x1) };
    // A whole path thinner than a rule, stroked or filled, is one rule.
    if b.height <= THIN && b.width > THIN {
        page.horizontal.push(horizontal(b.y + b.height / 2.0, b.x, b.x + b.width));
        return;
    }
    if b.width <= THIN && b.height > THIN {
        page.vertical.push(horizontal(b.x + b.width / 2.0, b.y, b.y + b.height));
        return;
    }
    if path.stroke_color.is_none() {
        return;
    }
    // A stroked path: each axis-parallel piece, and each rectangle's edges.
    let mut at = (0.0f32, 0.0f32);
    let mut start = at;
    for op in &path.operations {
        match *op {
            PathOperation::MoveTo(x, y) => {
                at = (x, y);
                start = at;
            }
            PathOperation::LineTo(x, y) => {
                segment(at, (x, y), page);
                at = (x, y);
            }
            PathOperation::ClosePath => {
                segment(at, start, page);
                at = start;
            }
            PathOperation::CurveTo(.., x, y) => at = (x, y),
            PathOperation::Rectangle(x, y, w, h) => {
                let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                for pair in corners.windows(2) {
                    segment(pair[0], pair[1], page);
                }
                at = (x, y);
                start = at;
            }
        }
    }
}

fn segment((x0, y0): (f32, f32), (x1, y1): (f32, f32), page: &mut Page) {
    if ![x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
        return;
    }
    if (y0 - y1).abs() < 0.5 && (x0 - x1).abs() > THIN {
        page.horizontal.push(Rule { at: y0, from: x0.min(x1), to: x0.max(x1) });
    } else if (x0 - x1).abs() < 0.5 && (y0 - y1).abs() > THIN {
        page.vertical.push(Rule { at: x0, from: y0.min(y1), to: y0.max(y1) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(bytes: &[u8]) -> usize {
        nesting(bytes, 100, Some(&mut (16 << 20))).unwrap()
    }

    #[test]
    fn a_chains_characters_take_their_runs_where_the_bytes_tell() {
        use unseen::{Run, Why};
        let run = |from, len, why| Run { x: 10.0, y: 10.0, why, white: Some(false), from, len };
        let ch = |x0: f32, invented| SpanChar { x0, x1: x0 + 5.0, space: false, invented };
        let space = |x0: f32| SpanChar { space: true, ..ch(x0, false) };
        // `(7) Tj 3 Tr (1) Tj 0 Tr (  ) Tj`: four characters, spaces too.
        let runs = [run(0, 1, None), run(1, 1, Some(Why::NoInk)), run(2, 2, None)];
        let chars = [ch(10.0, false), ch(16.0, false), space(22.0), space(28.0)];
        let at = runs_by_start(&runs);
        let of = |per| chain_of_chars(&runs, &at, &chars, per);
        use Chained::{Run as R, Unknown};
        assert_eq!(of(Some(1)), [Some(R(0)), Some(R(1)), Some(R(2)), Some(R(2))]);
        // Where the font's bytes a character are not known, or are not
        // what the chain gives each, nothing is told: hidden, since a run
        // hides.
        let unknown = Some(Unknown { head: 0, why: true, white: false });
        assert_eq!(of(None), [unknown; 4]);
        assert_eq!(of(Some(2)), [unknown; 4]);
        // A space the library put after the chain is none of its bytes.
        let runs = [run(0, 2, None), run(2, 2, Some(Why::NoInk))];
        let at = runs_by_start(&runs);
        let chars = [ch(10.0, false), ch(16.0, false), space(22.0)];
        assert_eq!(chain_of_chars(&runs, &at, &chars, Some(2)), [Some(R(0)), Some(R(1)), None]);
        // A chain the library split over spans: its first span's two
        // characters for four bytes of a one-byte font.
        assert_eq!(chain_of_chars(&runs, &at, &chars[..2], Some(1)), [unknown; 2]);
        // A point the library put in is none of the chain's bytes.
        let runs = [run(0, 1, None), run(1, 1, Some(Why::NoInk))];
        let at = runs_by_start(&runs);
        assert_eq!(chain_of_chars(&runs, &at, &[ch(10.0, false), ch(16.0, true)], Some(1)), [unknown; 2]);
        // Not told, the chain holds the characters of a run starting where
        // its glyphs reach (`(7) Tj 3 Tr (1) Tj 0 Tr (2) Tj`, and a space
        // moved to where the 2 is), not those of a run further on (another
        // cell's figure joined into the span).
        let far = |x| Run { x, ..run(0, 1, None) };
        let runs = [run(0, 1, None), run(1, 1, Some(Why::NoInk)), run(2, 1, None), far(21.0), far(60.0)];
        let at = runs_by_start(&runs);
        let chars = [ch(10.0, false), ch(16.0, false), ch(22.0, false), ch(28.0, false), ch(60.0, false)];
        assert_eq!(chain_of_chars(&runs, &at, &chars, Some(2)), [unknown, unknown, unknown, unknown, None]);
        // Drawn again at its point, bold as it is faked: not told.
        let runs = [run(0, 1, None), run(1, 1, Some(Why::NoInk)), run(0, 1, None)];
        let at = runs_by_start(&runs);
        assert_eq!(chain_of_chars(&runs, &at, &chars[..2], Some(1)), [unknown; 2]);
    }

    #[test]
    fn turning_a_page_upright_and_back_gives_the_page_again() {
        // A page whose media box is not at the origin.
        let media = (10.0, 20.0, 595.0, 842.0);
        for turn in [0, 90, 180, 270] {
            let origin = lines::Origin { left: 10.0, top: 862.0, turn: Some((turn, media)) };
            let (x0, y0) = upright(turn, media, 100.0, 200.0);
            let (x1, y1) = upright(turn, media, 130.0, 212.0);
            let b = origin.bbox(x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1));
            // The box, from the page's own top-left: 90 across, 650 down.
            assert_eq!(b.to_array(), [90.0, 650.0, 120.0, 662.0], "turned {turn}");
        }
        // The library's turn, undone.
        // (100, 200) 30 by 12 in the page, turned: (190, 495) 12 by 30.
        let library = pdf_oxide::geometry::Rect::new(190.0, 495.0, 12.0, 30.0);
        let back = unrotated(library, 90, media);
        assert_eq!((back.x, back.y, back.width, back.height), (100.0, 200.0, 30.0, 12.0));
    }

    #[test]
    fn nesting_passes_over_strings_comments_and_streams() {
        assert_eq!(depth(b"<< /A [1 [2] <3f> (a[[[) ] >>"), 3);
        assert_eq!(depth(b"% [[[[\n[ (\\) [[[ \\( [[) ]"), 1);
        assert_eq!(depth(b"<< /Subtype /Image /Length 4 >> stream\n[[[[\nendstream ["), 1);
        // Content stored as it is is syntax the library parses.
        assert_eq!(depth(b"<< /Length 4 >> stream\n[[[[\nendstream ["), 4);
        assert_eq!(depth(&[b'['; 10_000]), 101);
    }

    #[test]
    fn nesting_is_not_hidden_by_stray_strings_or_streams() {
        let nested = [b'['; 200];
        for stray in [&b"(\n"[..], b" stream\n", b"<< >> stream\n"] {
            let mut file = b"1 0 obj << >> endobj ".to_vec();
            file.extend_from_slice(stray);
            file.extend_from_slice(b"2 0 obj ");
            file.extend_from_slice(&nested);
            file.extend_from_slice(b" endobj");
            assert_eq!(depth(&file), 101, "{}", String::from_utf8_lossy(stray));
        }
    }

    #[test]
    fn a_file_of_stream_keywords_costs_linear_time() {
        // Each `stream` once looked to the end of the file for its end,
        // and back to its object's header for its dictionary.
        let mut file = b"1 0 obj ".to_vec();
        file.extend(b"> stream\nendstream ".repeat(200_000));
        file.extend(b"> stream\n".repeat(200_000));
        assert_eq!(depth(&file), 0);
    }

    #[test]
    fn nesting_is_read_inside_compressed_content_and_object_streams() {
        use std::io::Write as _;
        let mut zip = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        zip.write_all(&[b'['; 200]).unwrap();
        let packed = zip.finish().unwrap();
        let stream = |dictionary: &[u8]| {
            let mut file = b"4 0 obj ".to_vec();
            file.extend_from_slice(dictionary);
            file.extend_from_slice(b" stream\n");
            file.extend_from_slice(&packed);
            file.extend_from_slice(b"\nendstream endobj");
            file
        };
        assert_eq!(depth(&stream(b"<< /Type /ObjStm /Filter /FlateDecode >>")), 101);
        assert_eq!(depth(&stream(b"<< /Filter /FlateDecode /Length 99 >>")), 101);
        // An image's data is data.
        assert_eq!(depth(&stream(b"<< /Subtype /Image /Filter /FlateDecode >>")), 1);
        // Content stored as it is.
        let mut plain = b"4 0 obj << /Length 200 >> stream\n".to_vec();
        plain.extend_from_slice(&[b'['; 200]);
        plain.extend_from_slice(b"\nendstream endobj");
        assert_eq!(depth(&plain), 101);
        // A bomb: far more content than the budget.
        let mut bomb = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        bomb.write_all(&vec![b' '; 32 << 20]).unwrap();
        let mut file = b"4 0 obj << /Filter /FlateDecode >> stream\n".to_vec();
        file.extend_from_slice(&bomb.finish().unwrap());
        file.extend_from_slice(b"\nendstream endobj");
        let mut left = content_budget(file.len());
        assert_eq!(nesting(&file, 100, Some(&mut left)), Err(PdfError::TooMuchContent));
    }

    #[test]
    fn fonts_without_unicode_are_refused() {
        let glyph = |c| Glyph { c, x0: 0.0, x1: 1.0, y0: 0.0, y1: 1.0 };
        let text: Vec<Glyph> = "规章行政许可".chars().map(glyph).collect();
        assert!(mapped_to_unicode(text.iter()).is_ok());
        let codes: Vec<Glyph> = "\u{e001}\u{e002}\u{fffd}规".chars().map(glyph).collect();
        assert_eq!(mapped_to_unicode(codes.iter()), Err(PdfError::NoUnicode { unmapped: 3, glyphs: 4 }));
    }
}
