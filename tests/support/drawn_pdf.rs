//! A page drawn as a PDF, as a printer would: its heading, paragraphs and
//! ruled tables (merged cells as the page merges them) on pages of their
//! own size. The text is set in a font the file names but does not embed: a
//! CID font whose `ToUnicode` map says which character each glyph is, which
//! is all a text extractor reads (a viewer would show a stand-in font).
//!
//! A cell's `<span class="…">` is drawn as pages hide text, so that tests
//! can put hidden text where they like with the page's own markup:
//!
//! | class | drawn |
//! |---|---|
//! | `no-ink` | in render mode 3 (neither filled nor stroked) |
//! | `white` | in white |
//! | `clipped` | outside a clipping path around the rest of the cell |
//! | `covered` | then covered by a white box |
//! | `whited-out` | then covered by a white box, and what follows drawn over it |
//!
//! A span whose class also says `joined` (`no-ink joined`, `white
//! joined`, `seen joined`) is drawn in the text object of the piece
//! before it, right after it, with no move between (`(71) Tj 3 Tr (9) Tj`),
//! where that piece is text drawn seen, with no ink or white.
//!
//! Everything else is drawn as text a person sees, pieces of a cell a space
//! apart.
#![allow(dead_code)]

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

/// How a piece of text is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawing {
    Seen,
    NoInk,
    White,
    Clipped,
    Covered,
    WhitedOut,
}

impl Drawing {
    fn of_class(class: &str) -> Drawing {
        match class {
            "no-ink" => Drawing::NoInk,
            "white" => Drawing::White,
            "clipped" => Drawing::Clipped,
            "covered" => Drawing::Covered,
            "whited-out" => Drawing::WhitedOut,
            _ => Drawing::Seen,
        }
    }
}

/// A piece of a cell's text, how it is drawn, and whether right after the
/// piece before it, with no move.
type Piece = (String, Drawing, bool);

/// What the page shows, in order.
enum Block {
    Line { text: String, size: f32 },
    Table(Vec<Vec<Cell>>),
}

struct Cell {
    pieces: Vec<Piece>,
    rowspan: usize,
    colspan: usize,
}

const MARGIN: f32 = 36.0;
const PAGE_HEIGHT: f32 = 842.0;
const TABLE_SIZE: f32 = 8.0;
const ROW_HEIGHT: f32 = 14.0;
const PAD: f32 = 3.0;
const FONT: Name<'static> = Name(b"F1");

/// How wide a character is, in ems: half for ASCII, whole for the rest.
fn em(c: char) -> f32 {
    if c.is_ascii() { 0.5 } else { 1.0 }
}

fn width(text: &str, size: f32) -> f32 {
    text.chars().map(em).sum::<f32>() * size
}

/// The pieces of a cell: its text nodes (white space squeezed) and spans.
fn pieces(cell: scraper::ElementRef<'_>) -> Vec<Piece> {
    let mut out = Vec::new();
    for child in cell.children() {
        let (text, ink, joined) = match child.value() {
            scraper::Node::Text(t) => (t.to_string(), Drawing::Seen, false),
            scraper::Node::Element(e) => {
                let text: String = scraper::ElementRef::wrap(child).map(|e| e.text().collect()).unwrap_or_default();
                let class = e.attr("class").unwrap_or("");
                let mut words = class.split_whitespace();
                let ink = Drawing::of_class(words.next().unwrap_or(""));
                // Only text drawn as text joins (a box or clip is drawn
                // around a piece of its own).
                let joinable = |p: &Piece| matches!(p.1, Drawing::Seen | Drawing::NoInk | Drawing::White);
                let joined = words.any(|w| w == "joined") && out.last().is_some_and(joinable);
                (text, ink, joined && matches!(ink, Drawing::Seen | Drawing::NoInk | Drawing::White))
            }
            _ => continue,
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.push((text, ink, joined));
        }
    }
    out
}

fn blocks(page: &str) -> Vec<Block> {
    let doc = scraper::Html::parse_document(page);
    let shown = scraper::Selector::parse("h1, h2, p, table").unwrap();
    let rows = scraper::Selector::parse("tr").unwrap();
    let cells = scraper::Selector::parse("th, td").unwrap();
    let mut out = Vec::new();
    for e in doc.select(&shown) {
        let size = match e.value().name() {
            "h1" => 14.0,
            "h2" => 11.0,
            "table" => {
                let table = e
                    .select(&rows)
                    .map(|tr| {
                        tr.select(&cells)
                            .map(|c| {
                                let span = |a: &str| c.value().attr(a).and_then(|v| v.parse().ok()).unwrap_or(1);
                                Cell { pieces: pieces(c), rowspan: span("rowspan"), colspan: span("colspan") }
                            })
                            .collect()
                    })
                    .collect();
                out.push(Block::Table(table));
                continue;
            }
            _ => 9.0,
        };
        // A paragraph's lines (a `<br>` breaks one) each a line of the page.
        let text: String = e.text().collect();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            out.push(Block::Line { text: line.to_owned(), size });
        }
    }
    out
}

/// A cell placed on the table's grid.
struct Placed<'a> {
    cell: &'a Cell,
    row: usize,
    column: usize,
}

/// Each cell at the first free grid position of its row, as HTML places
/// them; and the column widths that fit every cell's text.
fn place(table: &[Vec<Cell>]) -> (Vec<Placed<'_>>, Vec<f32>, usize) {
    let mut taken: BTreeMap<(usize, usize), ()> = BTreeMap::new();
    let mut placed = Vec::new();
    let mut columns = 0;
    for (r, row) in table.iter().enumerate() {
        let mut c = 0;
        for cell in row {
            while taken.contains_key(&(r, c)) {
                c += 1;
            }
            for dr in 0..cell.rowspan {
                for dc in 0..cell.colspan {
                    taken.insert((r + dr, c + dc), ());
                }
            }
            placed.push(Placed { cell, row: r, column: c });
            c += cell.colspan;
            columns = columns.max(c);
        }
    }
    let rows = taken.keys().map(|(r, _)| r + 1).max().unwrap_or(0);
    let text_width = |cell: &Cell| {
        let text: f32 = cell.pieces.iter().map(|(t, _, _)| width(t, TABLE_SIZE)).sum();
        text + width(" ", TABLE_SIZE) * cell.pieces.len() as f32 + 2.0 * PAD
    };
    let mut widths = vec![2.0 * PAD + TABLE_SIZE; columns];
    // Single cells first, then the spanning ones widen their last column.
    for p in placed.iter().filter(|p| p.cell.colspan == 1) {
        widths[p.column] = widths[p.column].max(text_width(p.cell));
    }
    for p in placed.iter().filter(|p| p.cell.colspan > 1) {
        let spanned = p.column..(p.column + p.cell.colspan).min(columns);
        let have: f32 = widths[spanned.clone()].iter().sum();
        let want = text_width(p.cell);
        if want > have {
            widths[spanned.end - 1] += want - have;
        }
    }
    (placed, widths, rows)
}

/// The font's glyphs: a CID for each character drawn, from 1.
#[derive(Default)]
struct Glyphs {
    cids: BTreeMap<char, u16>,
}

impl Glyphs {
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for c in text.chars() {
            let next = u16::try_from(self.cids.len() + 1).expect("fewer than 65,535 characters");
            let cid = *self.cids.entry(c).or_insert(next);
            out.extend(cid.to_be_bytes());
        }
        out
    }
}

/// One page's drawing.
struct Page {
    content: Content,
    width: f32,
    height: f32,
}

struct Drawer {
    glyphs: Glyphs,
    pages: Vec<Page>,
    /// Where the next block starts, from the top of the current page.
    y: f32,
}

impl Drawer {
    fn new_page(&mut self, width: f32) {
        self.pages.push(Page { content: Content::new(), width: width.max(595.0), height: PAGE_HEIGHT });
        self.y = MARGIN;
    }

    /// Room for `height` more points on the current page, else a new one.
    fn room(&mut self, height: f32, width: f32) -> &mut Page {
        let fits = self.pages.last().is_some_and(|p| self.y + height <= p.height - MARGIN && width <= p.width);
        if !fits {
            self.new_page(width + 2.0 * MARGIN);
            let page = self.pages.last_mut().unwrap();
            page.height = page.height.max(height + 2.0 * MARGIN);
        }
        self.pages.last_mut().unwrap()
    }

    /// Text at `x`, its baseline `y` (from the top of the page).
    fn text(&mut self, x: f32, y: f32, size: f32, text: &str, ink: Drawing) {
        let encoded = self.glyphs.encode(text);
        let page = self.pages.last_mut().unwrap();
        let y = page.height - y;
        let content = &mut page.content;
        let w = width(text, size);
        content.save_state();
        if ink == Drawing::Clipped {
            // A clip that ends a few points left of the text.
            content.rect(x - 1000.0, y - size, 1000.0 - 3.0, 3.0 * size).clip_nonzero().end_path();
        }
        if ink == Drawing::White {
            content.set_fill_gray(1.0);
        }
        content.begin_text().set_font(FONT, size);
        if ink == Drawing::NoInk {
            content.set_text_rendering_mode(TextRenderingMode::Invisible);
        }
        content.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]).show(Str(&encoded)).end_text();
        if matches!(ink, Drawing::Covered | Drawing::WhitedOut) {
            content.set_fill_gray(1.0).rect(x - 0.5, y - 0.25 * size, w + 1.0, 1.2 * size).fill_nonzero();
        }
        content.restore_state();
    }

    /// Pieces drawn in one text object from `x`, each right after the one
    /// before, with no move: in render mode 3 or white where they say so.
    fn chain(&mut self, x: f32, y: f32, size: f32, pieces: &[&Piece]) {
        let encoded: Vec<Vec<u8>> = pieces.iter().map(|p| self.glyphs.encode(&p.0)).collect();
        let page = self.pages.last_mut().unwrap();
        let y = page.height - y;
        let content = &mut page.content;
        content.save_state();
        content.begin_text().set_font(FONT, size).set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
        for ((_, ink, _), bytes) in pieces.iter().zip(&encoded) {
            assert!(matches!(ink, Drawing::Seen | Drawing::NoInk | Drawing::White), "{ink:?} cannot be joined");
            let mode = if *ink == Drawing::NoInk { TextRenderingMode::Invisible } else { TextRenderingMode::Fill };
            content.set_text_rendering_mode(mode);
            content.set_fill_gray(if *ink == Drawing::White { 1.0 } else { 0.0 });
            content.show(Str(bytes));
        }
        content.end_text().restore_state();
    }

    fn line(&mut self, text: &str, size: f32) {
        // Wrapped to the page's width, at most.
        let per_line = ((595.0 - 2.0 * MARGIN) / size) as usize;
        let chars: Vec<char> = text.chars().collect();
        for chunk in chars.chunks(per_line.max(1)) {
            let chunk: String = chunk.iter().collect();
            self.room(size * 1.6, 0.0);
            self.y += size * 1.6;
            self.text(MARGIN, self.y - size * 0.4, size, &chunk, Drawing::Seen);
        }
    }

    fn table(&mut self, table: &[Vec<Cell>]) {
        let (placed, widths, rows) = place(table);
        let total: f32 = widths.iter().sum();
        self.room(rows as f32 * ROW_HEIGHT + 6.0, total);
        self.y += 6.0;
        let top = self.y;
        let left: Vec<f32> = widths
            .iter()
            .scan(MARGIN, |x, w| {
                let at = *x;
                *x += w;
                Some(at)
            })
            .collect();
        for p in &placed {
            let x = left[p.column];
            let end = (p.column + p.cell.colspan).min(widths.len());
            let w: f32 = widths[p.column..end].iter().sum();
            let y = top + p.row as f32 * ROW_HEIGHT;
            let h = p.cell.rowspan as f32 * ROW_HEIGHT;
            let page = self.pages.last_mut().unwrap();
            let bottom = page.height - y - h;
            page.content.set_line_width(0.5).rect(x, bottom, w, h).stroke();
            let baseline = y + h / 2.0 + TABLE_SIZE * 0.35;
            let mut at = x + PAD;
            let pieces = &p.cell.pieces;
            let mut k = 0;
            while k < pieces.len() {
                let end = (k + 1..pieces.len()).find(|&e| !pieces[e].2).unwrap_or(pieces.len());
                let (text, ink, _) = &pieces[k];
                if end > k + 1 {
                    let chain: Vec<&Piece> = pieces[k..end].iter().collect();
                    self.chain(at, baseline, TABLE_SIZE, &chain);
                    at += chain.iter().map(|p| width(&p.0, TABLE_SIZE)).sum::<f32>() + width(" ", TABLE_SIZE);
                } else {
                    self.text(at, baseline, TABLE_SIZE, text, *ink);
                    if *ink != Drawing::WhitedOut {
                        at += width(text, TABLE_SIZE) + width(" ", TABLE_SIZE);
                    }
                }
                k = end;
            }
        }
        self.y = top + rows as f32 * ROW_HEIGHT;
    }
}

/// The page `html` drawn as a PDF.
pub fn pdf_of_page(html: &str) -> Vec<u8> {
    let mut drawer = Drawer { glyphs: Glyphs::default(), pages: Vec::new(), y: 0.0 };
    drawer.new_page(595.0);
    for block in blocks(html) {
        match block {
            Block::Line { text, size } => drawer.line(&text, size),
            Block::Table(table) => drawer.table(&table),
        }
    }
    write(drawer)
}

fn write(drawer: Drawer) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, font, cid_font, descriptor, to_unicode) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6));
    let page_refs: Vec<(Ref, Ref)> =
        (0..drawer.pages.len() as i32).map(|k| (Ref::new(7 + 2 * k), Ref::new(8 + 2 * k))).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_refs.iter().map(|(p, _)| *p)).count(page_refs.len() as i32);
    for (page, (id, content_id)) in drawer.pages.into_iter().zip(&page_refs) {
        let mut p = pdf.page(*id);
        p.media_box(Rect::new(0.0, 0.0, page.width, page.height)).parent(tree).contents(*content_id);
        p.resources().fonts().pair(FONT, font);
        p.finish();
        let data = page.content.finish();
        let compressed = compress(&data);
        pdf.stream(*content_id, &compressed).filter(Filter::FlateDecode);
    }
    let info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
    pdf.type0_font(font)
        .base_font(Name(b"SimSun"))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(to_unicode);
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(CidFontType::Type2).base_font(Name(b"SimSun")).system_info(info).font_descriptor(descriptor);
    cid.default_width(1000.0);
    {
        let mut w = cid.widths();
        for (c, id) in &drawer.glyphs.cids {
            if c.is_ascii() {
                w.consecutive(*id, [500.0]);
            }
        }
    }
    cid.finish();
    pdf.font_descriptor(descriptor)
        .name(Name(b"SimSun"))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(0.0, -120.0, 1000.0, 880.0))
        .italic_angle(0.0)
        .ascent(880.0)
        .descent(-120.0)
        .cap_height(700.0)
        .stem_v(80.0);
    let mut cmap = UnicodeCmap::new(Name(b"Adobe-Identity-UCS"), info);
    for (c, id) in &drawer.glyphs.cids {
        cmap.pair(*id, *c);
    }
    let cmap = cmap.finish();
    pdf.cmap(to_unicode, &cmap);
    pdf.finish()
}

fn compress(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}
