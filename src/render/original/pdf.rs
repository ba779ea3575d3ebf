//! The findings drawn on the report's own PDF: an incremental update
//! (ISO 32000-1 §7.5.6) appended to the original bytes, which stay as
//! they were. The update adds, on each page a finding names, a square
//! annotation around each cell (its popup note carrying the findings
//! there), and on the first page a note with the summary and the findings
//! that name no cell; it rewrites only the dictionaries of those pages, to
//! list the annotations. Objects are read and written with `pdf_oxide`.

use std::collections::HashMap;

use pdf_oxide::PdfDocument;
use pdf_oxide::object::{Object, ObjectRef, encode_pdf_text_string};
use pdf_oxide::writer::ObjectSerializer;

use super::{AnnotateError, Mark, Marks, printable};
use crate::read::pdf::PdfError;
use crate::read::pdf::{MAX_PAGE_TREE_DEPTH, page_tree, with_library};
use crate::rules::{Findings, Severity};
use crate::{Bbox, Place};

/// Who the annotations are by, as a viewer shows it.
const AUTHOR: &str = "disclosure-report";

/// How far (points) a box is drawn outside the cell it marks, so that its
/// line does not cross the cell's glyphs or hide its rules.
const MARGIN: f32 = 1.0;

/// The original PDF with the findings drawn on it: a rectangle annotation
/// around each cell a finding names, on its page (red where the most
/// severe finding there is an error, orange a warning, blue a notice),
/// whose note (the popup a viewer opens) gives the cell's official label
/// and each finding's rule id, severity and message in Chinese and
/// English; and a note on the first page with a summary of all the
/// findings and those that name no cell (a row not printed, the prose).
///
/// `findings` are those of the report read from these bytes (their cells'
/// places are boxes on its pages); pass only those to be drawn (for
/// example without notices). The original bytes are kept whole: the
/// annotations are an incremental update appended to them, so that the
/// pages' content and text are unchanged and the original can be told
/// apart from the update.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use disclosure_report::read::{read_bytes, Options, SourceFormat};
/// use disclosure_report::render::annotate_pdf;
///
/// // A report whose （七）总计 does not add up, printed by Chromium.
/// let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/made/pingtan-2022.wrong-total.chrome.pdf"))?;
/// let findings = read_bytes(&pdf, SourceFormat::Pdf, &Options::default())?.findings();
/// assert!(findings.has_errors());
/// let checked = annotate_pdf(&pdf, &findings)?;
/// assert!(checked.starts_with(&pdf), "the original bytes, then the update");
/// assert!(checked[pdf.len()..].windows(7).any(|w| w == b"/Square"), "a box around a cell");
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// [`AnnotateError::Pdf`] where the file cannot be opened (or is refused
/// by the reader's bounds), [`AnnotateError::Encrypted`] where it is
/// encrypted, [`AnnotateError::Unsupported`] where its structure does not
/// allow an update (no cross-reference to point back to).
pub fn annotate_pdf(original: &[u8], findings: &Findings) -> Result<Vec<u8>, AnnotateError> {
    let prev = last_startxref(original).ok_or_else(|| AnnotateError::Unsupported("no startxref".to_owned()))?;
    // An update points back to the last cross-reference section: where
    // `startxref` misses it (the PDF library rebuilt the file's table to
    // read it), no reader would find the original through the update.
    let table = xref_kind(original, prev).ok_or_else(|| {
        AnnotateError::Unsupported(format!(
            "its startxref ({prev}) does not point at a cross-reference section: the file is damaged (save it again to repair it)"
        ))
    })?;
    let doc = with_library(original, structure)?;
    if doc.encrypted {
        return Err(AnnotateError::Encrypted);
    }
    if doc.pages.is_empty() {
        return Err(AnnotateError::Unsupported("no page to draw on".to_owned()));
    }
    let known = |place: Place| match place {
        Place::Page { page, bbox } => doc.page(page).is_some_and(|p| p.rect(bbox).is_some()),
        _ => false,
    };
    let marks = Marks::new(findings, known);

    let mut update = Update { first: doc.size, next: doc.size, objects: Vec::new() };
    let mut added: HashMap<usize, Vec<Object>> = HashMap::new();
    for (n, mark) in marks.marks.iter().enumerate() {
        let Place::Page { page, bbox } = mark.place else { continue };
        let Some(index) = usize::try_from(page).ok().and_then(|p| p.checked_sub(1)) else { continue };
        let Some(rect) = doc.pages.get(index).and_then(|p| p.rect(bbox)) else { continue };
        let annot = update.square(&doc.pages[index], rect, mark, n);
        added.entry(index).or_default().push(annot);
    }
    let head = update.head_note(&doc.pages[0], marks.head_note(findings), findings);
    added.entry(0).or_default().insert(0, head);

    // Each page that gains annotations, written again with them listed.
    let mut pages: Vec<_> = added.into_iter().collect();
    pages.sort_unstable_by_key(|(index, _)| *index);
    for (index, annots) in pages {
        let page = &doc.pages[index];
        let mut dict = page.dict.clone();
        let mut list = page.annots.clone();
        list.extend(annots);
        dict.insert("Annots".to_owned(), Object::Array(list));
        update.objects.push((page.at, Object::Dictionary(dict)));
    }
    Ok(update.write(original, prev, table, &doc.trailer))
}

/// What the update needs of the original document.
struct Structure {
    pages: Vec<PageObject>,
    /// The trailer's `/Root`, `/Info` and `/ID`, carried into the update's.
    trailer: HashMap<String, Object>,
    /// The first object number free.
    size: u32,
    encrypted: bool,
}

impl Structure {
    /// Page `page` (from 1).
    fn page(&self, page: u32) -> Option<&PageObject> {
        self.pages.get(usize::try_from(page).ok()?.checked_sub(1)?)
    }
}

/// A page's object, as stored, and what is drawn on it.
struct PageObject {
    at: ObjectRef,
    dict: HashMap<String, Object>,
    /// Its annotations already, to which the new ones are added.
    annots: Vec<Object>,
    /// Its media box, `[left, bottom, right, top]` in PDF space.
    media: [f32; 4],
    /// What a viewer shows of it (the crop box within the media box).
    visible: [f32; 4],
}

impl PageObject {
    /// A box measured from the page's top-left (as the reader gives it)
    /// in PDF space, a margin around it, cut to the page; `None` where no
    /// part of it is on the page.
    fn rect(&self, bbox: Bbox) -> Option<[f32; 4]> {
        let [left, bottom, right, top] = self.media;
        let x0 = (left + bbox.x0() - MARGIN).max(left);
        let x1 = (left + bbox.x1() + MARGIN).min(right);
        let y0 = (top - bbox.bottom() - MARGIN).max(bottom);
        let y1 = (top - bbox.top() + MARGIN).min(top);
        (x0 < x1 && y0 < y1).then_some([x0, y0, x1, y1])
    }
}

/// Reads what the update needs (runs on the PDF library's thread).
fn structure(doc: &PdfDocument) -> Result<Structure, PdfError> {
    let damaged = |e: pdf_oxide::error::Error| PdfError::Damaged(e.to_string());
    if doc.is_encrypted() {
        // Refused before anything is read (a user password hides it all).
        return Ok(Structure { pages: Vec::new(), trailer: HashMap::new(), size: 0, encrypted: true });
    }
    let count = doc.page_count().map_err(damaged)?;
    let tree = page_tree(doc, MAX_PAGE_TREE_DEPTH)?;
    if tree.pages.len() != count {
        return Err(PdfError::Damaged(format!(
            "its page tree leads to {} page objects where it counts {count} pages",
            tree.pages.len()
        )));
    }
    let mut pages = Vec::with_capacity(count);
    for (i, &at) in tree.pages.iter().enumerate() {
        let object = doc.load_object(at).map_err(damaged)?;
        let dict =
            object.as_dict().cloned().ok_or_else(|| PdfError::Damaged(format!("page {} is no dictionary", i + 1)))?;
        let mut annots = match dict.get("Annots") {
            Some(Object::Array(list)) => list.clone(),
            Some(Object::Reference(r)) => {
                doc.load_object(*r).ok().and_then(|o| o.as_array().cloned()).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        // Annotated again: the marks of an earlier run give way to this
        // one's (their objects stay in the file, listed on no page).
        if annots.len() <= MAX_ANNOTS_LOOKED_AT {
            annots.retain(|a| !ours(doc, a));
        }
        let normal = |(x0, y0, x1, y1): (f32, f32, f32, f32)| [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
        let media = normal(doc.get_page_media_box(i).unwrap_or((0.0, 0.0, 612.0, 792.0)));
        let visible = doc.get_page_visible_box(i).map_or(media, normal);
        pages.push(PageObject { at, dict, annots, media, visible });
    }
    let trailer: HashMap<String, Object> = doc
        .trailer()
        .as_dict()
        .map(|d| {
            d.iter()
                .filter(|(k, _)| matches!(k.as_str(), "Root" | "Info" | "ID"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    let declared = doc.trailer().as_dict().and_then(|d| d.get("Size")).and_then(Object::as_integer);
    let highest = doc.all_object_ids().into_iter().max().unwrap_or(0);
    let size = u32::try_from(declared.unwrap_or(0).max(0)).unwrap_or(u32::MAX).max(highest.saturating_add(1));
    Ok(Structure { pages, trailer, size, encrypted: false })
}

/// The most annotations of a page looked at to find an earlier run's.
const MAX_ANNOTS_LOOKED_AT: usize = 10_000;

/// Whether an annotation is one this writer made (its `/NM` says so).
fn ours(doc: &PdfDocument, annot: &Object) -> bool {
    let object = match annot {
        Object::Reference(r) => doc.load_object(*r).ok(),
        other => Some(other.clone()),
    };
    let name = object.as_ref().and_then(|o| o.as_dict()?.get("NM").cloned());
    matches!(name, Some(Object::String(bytes)) if bytes.starts_with(AUTHOR.as_bytes()))
}

/// Where the last cross-reference section starts, as the last
/// `startxref` says.
fn last_startxref(bytes: &[u8]) -> Option<usize> {
    let at = bytes.windows(9).rposition(|w| w == b"startxref")?;
    let digits = bytes[at + 9..].trim_ascii_start();
    let end = digits.iter().position(|b| !b.is_ascii_digit()).unwrap_or(digits.len());
    std::str::from_utf8(&digits[..end]).ok()?.parse().ok().filter(|&at: &usize| at < bytes.len())
}

/// Whether the cross-reference section at `at` is a table (`xref`) or a
/// stream (an object of type `/XRef`); `None` where neither is there.
fn xref_kind(bytes: &[u8], at: usize) -> Option<bool> {
    let rest = bytes.get(at..)?.trim_ascii_start();
    if rest.starts_with(b"xref") {
        return Some(true);
    }
    // `N G obj << … /Type /XRef … >> stream`.
    let head = &rest[..rest.len().min(4096)];
    let obj = head.windows(3).position(|w| w == b"obj")?;
    let numbers: Vec<&[u8]> = head[..obj].split(|b| b.is_ascii_whitespace()).filter(|n| !n.is_empty()).collect();
    let stream = head.windows(6).position(|w| w == b"stream").unwrap_or(head.len());
    let is_xref = head.get(obj..stream).is_some_and(|dict| dict.windows(5).any(|w| w == b"/XRef"));
    (numbers.len() == 2 && numbers.iter().all(|n| n.iter().all(u8::is_ascii_digit)) && is_xref).then_some(false)
}

/// The objects of the update, new and rewritten.
struct Update {
    /// The first object number of the update, which names its annotations
    /// apart from an earlier update's.
    first: u32,
    next: u32,
    objects: Vec<(ObjectRef, Object)>,
}

fn name(s: &str) -> Object {
    Object::Name(s.to_owned())
}

fn text(s: &str) -> Object {
    Object::String(encode_pdf_text_string(&printable(s)))
}

fn reals(values: &[f32]) -> Object {
    Object::Array(values.iter().map(|&v| Object::Real(f64::from(v))).collect())
}

fn dict(entries: impl IntoIterator<Item = (&'static str, Object)>) -> HashMap<String, Object> {
    entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// A severity's colour: red, orange, blue.
fn colour(s: Severity) -> [f32; 3] {
    match s {
        Severity::Error => [0.8, 0.0, 0.0],
        Severity::Warning => [0.93, 0.53, 0.0],
        Severity::Notice => [0.2, 0.4, 0.8],
    }
}

impl Update {
    fn reserve(&mut self) -> ObjectRef {
        let at = ObjectRef::new(self.next, 0);
        self.next = self.next.saturating_add(1);
        at
    }

    /// A square around `rect` on `page`, its note and its appearance (a
    /// stroked rectangle, so that every viewer draws the same).
    fn square(&mut self, page: &PageObject, rect: [f32; 4], mark: &Mark<'_>, n: usize) -> Object {
        let (annot, popup, look) = (self.reserve(), self.reserve(), self.reserve());
        let [x0, y0, x1, y1] = rect;
        let (w, h) = (x1 - x0, y1 - y0);
        let [r, g, b] = colour(mark.severity());
        let line = 1.5f32.min(w / 4.0).min(h / 4.0);
        let drawing = format!(
            "q {r} {g} {b} RG {line:.2} w {:.2} {:.2} {:.2} {:.2} re S Q",
            line / 2.0,
            line / 2.0,
            (w - line).max(0.0),
            (h - line).max(0.0)
        );
        self.objects.push((
            look,
            Object::Stream {
                dict: dict([("Type", name("XObject")), ("Subtype", name("Form")), ("BBox", reals(&[0.0, 0.0, w, h]))]),
                data: drawing.into_bytes().into(),
            },
        ));
        let rules: Vec<&str> = mark.findings.iter().map(|f| f.rule().id).collect();
        self.objects.push((
            annot,
            Object::Dictionary(dict([
                ("Type", name("Annot")),
                ("Subtype", name("Square")),
                ("Rect", reals(&rect)),
                ("C", reals(&colour(mark.severity()))),
                ("BS", Object::Dictionary(dict([("W", Object::Real(f64::from(line))), ("S", name("S"))]))),
                ("F", Object::Integer(4)),
                ("T", text(AUTHOR)),
                ("Subj", text(&rules.join(" "))),
                ("Contents", text(&mark.note())),
                ("NM", text(&format!("{AUTHOR}-{}-{n}", self.first))),
                ("P", Object::Reference(page.at)),
                ("Popup", Object::Reference(popup)),
                ("AP", Object::Dictionary(dict([("N", Object::Reference(look))]))),
            ])),
        ));
        self.popup(page, popup, annot, rect);
        Object::Reference(annot)
    }

    /// The note at the top-left of the first page: the summary, and the
    /// findings that name no cell.
    fn head_note(&mut self, page: &PageObject, note: String, findings: &Findings) -> Object {
        let (annot, popup) = (self.reserve(), self.reserve());
        let [left, _, _, top] = page.visible;
        let rect = [left + 4.0, top - 24.0, left + 24.0, top - 4.0];
        let severity = findings.iter().map(|f| f.severity()).min().unwrap_or(Severity::Notice);
        self.objects.push((
            annot,
            Object::Dictionary(dict([
                ("Type", name("Annot")),
                ("Subtype", name("Text")),
                ("Name", name("Comment")),
                ("Rect", reals(&rect)),
                ("C", reals(&colour(severity))),
                // Printed, neither zoomed nor turned with the page.
                ("F", Object::Integer(28)),
                ("T", text(AUTHOR)),
                ("Subj", text("disclosure-report 核查结果 / findings")),
                ("Contents", text(&note)),
                ("NM", text(&format!("{AUTHOR}-{}-summary", self.first))),
                ("P", Object::Reference(page.at)),
                ("Popup", Object::Reference(popup)),
                ("Open", Object::Boolean(false)),
            ])),
        ));
        self.popup(page, popup, annot, rect);
        Object::Reference(annot)
    }

    /// The popup window of annotation `parent`, closed, beside `rect`.
    fn popup(&mut self, page: &PageObject, at: ObjectRef, parent: ObjectRef, rect: [f32; 4]) {
        let [left, bottom, right, top] = page.visible;
        let x0 = rect[2].min(right - 240.0).max(left);
        let y1 = rect[3].max(bottom + 160.0).min(top);
        self.objects.push((
            at,
            Object::Dictionary(dict([
                ("Type", name("Annot")),
                ("Subtype", name("Popup")),
                ("Parent", Object::Reference(parent)),
                ("NM", text(&format!("{AUTHOR}-{}-popup-{}", self.first, parent.id))),
                ("Rect", reals(&[x0, y1 - 160.0, x0 + 240.0, y1])),
                ("Open", Object::Boolean(false)),
            ])),
        ));
    }

    /// The original, then the objects, a cross-reference section of the
    /// kind the original's last one is (a table or a stream), pointing
    /// back to it, and the trailer.
    fn write(mut self, original: &[u8], prev: usize, table: bool, trailer: &HashMap<String, Object>) -> Vec<u8> {
        let serializer = ObjectSerializer::compact();
        let mut out = original.to_vec();
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let mut offsets: Vec<(ObjectRef, usize)> = Vec::with_capacity(self.objects.len() + 1);
        for (at, object) in &self.objects {
            offsets.push((*at, out.len()));
            out.extend(serializer.serialize_indirect(at.id, at.r#gen, object));
        }
        let mut trailer = trailer.clone();
        trailer.insert("Prev".to_owned(), Object::Integer(i64::try_from(prev).unwrap_or(i64::MAX)));
        // The file's identifier: its first half stays, its second is the
        // update's own (ISO 32000-1 §14.4).
        if let Some(Object::Array(id)) = trailer.get_mut("ID")
            && id.len() == 2
        {
            use std::hash::{Hash as _, Hasher as _};
            let mut halves = [0u8; 16];
            for (seed, half) in halves.chunks_mut(8).enumerate() {
                let mut hasher = std::hash::DefaultHasher::new();
                (seed, &out[original.len()..], original.len()).hash(&mut hasher);
                half.copy_from_slice(&hasher.finish().to_be_bytes());
            }
            id[1] = Object::String(halves.to_vec());
        }
        let xref_at = out.len();
        if table {
            offsets.sort_unstable_by_key(|(at, _)| at.id);
            out.extend_from_slice(b"xref\n");
            for (at, offset) in &offsets {
                out.extend_from_slice(format!("{} 1\n{offset:010} {:05} n \n", at.id, at.r#gen).as_bytes());
            }
            trailer.insert("Size".to_owned(), Object::Integer(i64::from(self.next)));
            out.extend_from_slice(b"trailer\n");
            out.extend(serializer.serialize(&Object::Dictionary(trailer)));
            out.push(b'\n');
        } else {
            // A cross-reference stream lists itself too.
            let itself = self.reserve();
            offsets.push((itself, xref_at));
            offsets.sort_unstable_by_key(|(at, _)| at.id);
            let width = (1..=8).find(|&w| (out.len() as u64) < 1u64 << (8 * w)).unwrap_or(8);
            let mut data = Vec::with_capacity(offsets.len() * (3 + width));
            let mut index = Vec::with_capacity(offsets.len() * 2);
            for (at, offset) in &offsets {
                data.push(1u8);
                data.extend_from_slice(&(*offset as u64).to_be_bytes()[8 - width..]);
                data.extend_from_slice(&at.r#gen.to_be_bytes());
                index.extend([Object::Integer(i64::from(at.id)), Object::Integer(1)]);
            }
            trailer.insert("Type".to_owned(), name("XRef"));
            trailer.insert("Size".to_owned(), Object::Integer(i64::from(self.next)));
            trailer.insert("Index".to_owned(), Object::Array(index));
            let w = Object::Array([1, width, 2].map(|v| Object::Integer(v as i64)).to_vec());
            trailer.insert("W".to_owned(), w);
            let stream = Object::Stream { dict: trailer, data: data.into() };
            out.extend(serializer.serialize_indirect(itself.id, itself.r#gen, &stream));
        }
        out.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());
        out
    }
}
