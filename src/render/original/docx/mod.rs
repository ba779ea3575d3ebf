//! The findings as comments in the report's own Word file: a comment on
//! each table cell and paragraph a finding names, the cell shaded by
//! severity, and a comment on the first paragraph with the summary and the
//! findings that name no place. Every part of the package but the
//! document, its relationships, the content types and the comments is
//! copied byte for byte (raw, still compressed); the document's XML is
//! streamed through `quick-xml` and changed only where a mark goes.

use std::collections::{HashMap, HashSet};
use std::io::{Read as _, Write as _};

use quick_xml::events::{BytesEnd, Event};
use quick_xml::{Reader, Writer};
use zip::write::SimpleFileOptions;

use super::{AnnotateError, Marks, printable};
use crate::Place;
use crate::read::docx::{document_grid, layout_tables, with_document};
use crate::read::grid::Item;
use crate::rules::{Findings, Severity};

mod document;
use document::{Marking, Ns, Target, raw, survey};

const DOCUMENT: &str = "word/document.xml";
const RELATIONSHIPS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const COMMENTS_RELATIONSHIP: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";

/// The most bytes a small part (relationships, content types, comments)
/// may unpack to.
const MAX_PART: u64 = 16 << 20;

/// The original Word file with the findings as comments: on each table
/// cell a finding names, a comment (in the margin, where the office can
/// reply) with the cell's official label and each finding's rule id,
/// severity and message in Chinese and English, the cell shaded by the
/// most severe (red, amber, blue); a comment on the paragraph of each
/// finding about the prose; and on the first paragraph a comment with a
/// summary of all the findings and those that name no place in the file
/// (a row not printed).
///
/// `findings` are those of the report read from these bytes; pass only
/// those to be marked. Every part of the file other than the document,
/// the comments, their relationship and the content types is copied byte
/// for byte, and the document's text is unchanged.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use disclosure_report::read::{read_bytes, Options, SourceFormat};
/// use disclosure_report::render::annotate_docx;
///
/// let docx = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/docx/pingtan-2022.docx"))?;
/// let findings = read_bytes(&docx, SourceFormat::Docx, &Options::default())?.findings();
/// let checked = annotate_docx(&docx, &findings)?;
/// // The same text, read the same way.
/// let again = read_bytes(&checked, SourceFormat::Docx, &Options::default())?;
/// assert_eq!(again.findings(), findings);
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// [`AnnotateError::Docx`] where the file cannot be read as a Word file,
/// [`AnnotateError::Zip`] where its archive cannot be copied,
/// [`AnnotateError::Part`] where a part it changes is not well-formed.
pub fn annotate_docx(original: &[u8], findings: &Findings) -> Result<Vec<u8>, AnnotateError> {
    // The places the reader gave, so that only those are looked for.
    let grid = document_grid(original)?;
    let mut cells = HashSet::new();
    let mut paragraphs = HashSet::new();
    for item in grid.items() {
        match item {
            Item::Table(table) => {
                for row in table.rows() {
                    cells.extend(row.place());
                    cells.extend(row.cells().iter().filter_map(|c| c.place()));
                }
            }
            Item::Text(text) => paragraphs.extend(text.place()),
            _ => {}
        }
    }
    let known = |place: Place| match place {
        Place::TableCell { .. } => cells.contains(&place),
        Place::Paragraph { .. } => paragraphs.contains(&place),
        _ => false,
    };
    let marks = Marks::new(findings, known);

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original))?;
    let optional = |archive: &mut zip::ZipArchive<_>, name: &str| match archive.by_name(name) {
        Ok(part) => read_part(part, name).map(Some),
        Err(zip::result::ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(AnnotateError::from(e)),
    };
    let rels = optional(&mut archive, RELATIONSHIPS)?;
    // The comments part the document's relationships name, if any; else
    // `word/comments.xml`, or a name no part has.
    let related = rels.as_deref().map(comments_target).transpose()?.flatten();
    let comments_part = match &related {
        Some(name) => name.clone(),
        None => ["word/comments.xml", "word/comments-disclosure-report.xml"]
            .into_iter()
            .find(|name| archive.index_for_name(name).is_none())
            .unwrap_or("word/comments-disclosure-report.xml")
            .to_owned(),
    };
    let existing = optional(&mut archive, &comments_part)?;
    let first_id = existing.as_deref().map_or(Ok(0), |xml| highest_comment_id(xml, &comments_part))?;

    // The comments: the summary first, then one a mark.
    let mut notes = vec![(marks.head_note(findings), None)];
    let mut targets: HashMap<Place, Target> = HashMap::new();
    for mark in &marks.marks {
        let id = first_id.saturating_add(u32::try_from(notes.len()).unwrap_or(u32::MAX));
        notes.push((mark.note(), Some(mark.severity())));
        targets.insert(mark.place, Target { comment: id, severity: mark.severity() });
    }
    // A closure, not the function's name: only a closure is general over
    // the lifetime of the reader `with_document` lends it.
    #[allow(clippy::redundant_closure)]
    let layout = with_document(original, |reader| layout_tables(reader))?;
    let survey = with_document(original, |reader| survey(reader, &layout))?;
    let document = with_document(original, |reader| {
        let mut marking = Marking { layout: &layout, survey: &survey, targets: &targets, head: first_id };
        marking.rewrite(reader)
    })?;

    let comments = comments_xml(existing.as_deref(), &comments_part, first_id, &notes)?;
    let mut changed: HashMap<&str, Vec<u8>> = HashMap::from([(DOCUMENT, document), (comments_part.as_str(), comments)]);
    if related.is_none() {
        changed.insert(RELATIONSHIPS, with_comments_relationship(rels.as_deref(), &comments_part)?);
    }
    let types = read_part(archive.by_name(CONTENT_TYPES)?, CONTENT_TYPES)?;
    if let Some(types) = with_comments_type(&types, &comments_part)? {
        changed.insert(CONTENT_TYPES, types);
    }

    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i)?;
        match changed.remove(part.name()) {
            Some(bytes) => {
                let name = part.name().to_owned();
                drop(part);
                out.start_file(name, options)?;
                out.write_all(&bytes).map_err(zip::result::ZipError::Io)?;
            }
            None => out.raw_copy_file(part)?,
        }
    }
    // The parts the file did not have (the comments, and relationships
    // where it had none), in a fixed order.
    for name in [RELATIONSHIPS, comments_part.as_str()] {
        if let Some(bytes) = changed.remove(name) {
            out.start_file(name, options)?;
            out.write_all(&bytes).map_err(zip::result::ZipError::Io)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

/// A part's bytes, within [`MAX_PART`].
fn read_part(part: zip::read::ZipFile<'_, std::io::Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, AnnotateError> {
    let mut bytes = Vec::new();
    part.take(MAX_PART + 1).read_to_end(&mut bytes).map_err(|e| malformed(name, e))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(malformed(name, format!("unpacks to more than {} MiB", MAX_PART >> 20)));
    }
    Ok(bytes)
}

fn malformed(part: &str, reason: impl std::fmt::Display) -> AnnotateError {
    AnnotateError::Part { part: part.to_owned(), reason: reason.to_string() }
}

/// One past the highest comment id in an existing comments part.
fn highest_comment_id(xml: &[u8], part: &str) -> Result<u32, AnnotateError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut next_id = 0u32;
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| malformed(part, e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"comment" => {
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == b"id")
                    .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse::<u32>().ok());
                if let Some(id) = id {
                    next_id = next_id.max(id.saturating_add(1));
                }
            }
            Event::Eof => return Ok(next_id),
            _ => {}
        }
        buf.clear();
    }
}

/// The comments part: the existing one with ours added before its end,
/// or a new one.
fn comments_xml(
    existing: Option<&[u8]>,
    part: &str,
    first_id: u32,
    notes: &[(String, Option<Severity>)],
) -> Result<Vec<u8>, AnnotateError> {
    let comment = |ns: &Ns| {
        let mut xml = String::new();
        for (n, (note, _)) in notes.iter().enumerate() {
            let id = first_id.saturating_add(u32::try_from(n).unwrap_or(u32::MAX)).to_string();
            xml.push_str(&ns.open("comment", &[("id", &id), ("author", AUTHOR), ("initials", "DR")], false));
            for line in printable(note).lines() {
                let line = quick_xml::escape::escape(line);
                let text = ns.open("t", &[], false).replacen('>', r#" xml:space="preserve">"#, 1);
                xml.push_str(&format!(
                    "{}{}{text}{line}{}{}{}",
                    ns.open("p", &[], false),
                    ns.open("r", &[], false),
                    ns.close("t"),
                    ns.close("r"),
                    ns.close("p")
                ));
            }
            xml.push_str(&ns.close("comment"));
        }
        xml
    };
    match existing {
        Some(xml) => append_to_root(xml, part, comment),
        None => Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W}\">{}</w:comments>",
            comment(&Ns::default())
        )
        .into_bytes()),
    }
}

/// Who the comments are by.
const AUTHOR: &str = "disclosure-report";

/// The part the document's relationships name as its comments (`word/…`),
/// if they name one.
fn comments_target(rels: &[u8]) -> Result<Option<String>, AnnotateError> {
    let mut reader = Reader::from_reader(rels);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| malformed(RELATIONSHIPS, e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let attribute = |key: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                };
                let external = attribute(b"TargetMode").is_some_and(|m| m == "External");
                if attribute(b"Type").as_deref() == Some(COMMENTS_RELATIONSHIP)
                    && !external
                    && let Some(target) = attribute(b"Target")
                {
                    // Relative to the document's folder, or from the
                    // package's root.
                    let name = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_owned(),
                        None => format!("word/{}", target.trim_start_matches("./")),
                    };
                    return Ok(Some(name));
                }
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
        buf.clear();
    }
}

/// The document's relationships with one to the comments part `part`.
fn with_comments_relationship(existing: Option<&[u8]>, part: &str) -> Result<Vec<u8>, AnnotateError> {
    let xml = existing.unwrap_or(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>",
    );
    // An id no relationship has.
    let taken = String::from_utf8_lossy(xml);
    let id =
        (1..).map(|n| format!("rIdDisclosureReport{n}")).find(|id| !taken.contains(id.as_str())).unwrap_or_default();
    let target = part.strip_prefix("word/").unwrap_or(part);
    append_to_root(xml, RELATIONSHIPS, |ns| {
        format!(r#"<{}Relationship Id="{id}" Type="{COMMENTS_RELATIONSHIP}" Target="{target}"/>"#, ns.colon())
    })
}

/// The content types with the comments part's, unless they give it.
fn with_comments_type(xml: &[u8], part: &str) -> Result<Option<Vec<u8>>, AnnotateError> {
    const TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
    let name = format!("/{part}");
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| malformed(CONTENT_TYPES, e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Override" => {
                let given = e.attributes().flatten().any(|a| {
                    a.key.local_name().as_ref() == b"PartName"
                        && String::from_utf8_lossy(&a.value).eq_ignore_ascii_case(&name)
                });
                if given {
                    return Ok(None);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    append_to_root(xml, CONTENT_TYPES, |ns| {
        format!(r#"<{}Override PartName="{name}" ContentType="{TYPE}"/>"#, ns.colon())
    })
    .map(Some)
}

/// `xml` with `insert` (given how the root names elements) written before
/// the root's end tag; everything else as it was.
fn append_to_root(xml: &[u8], part: &str, insert: impl FnOnce(&Ns) -> String) -> Result<Vec<u8>, AnnotateError> {
    let mut reader = Reader::from_reader(xml);
    let mut out = Writer::new(Vec::with_capacity(xml.len() + 4096));
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut root = Ns::default();
    let mut insert = Some(insert);
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| malformed(part, e))?;
        match &event {
            Event::Start(e) => {
                if depth == 0 {
                    root = Ns::of(e.name().as_ref());
                }
                depth += 1;
            }
            Event::Empty(e) if depth == 0 => {
                // An empty root: opened, to hold what is added.
                root = Ns::of(e.name().as_ref());
                out.write_event(Event::Start(e.borrow())).map_err(|e| malformed(part, e))?;
                if let Some(insert) = insert.take() {
                    raw(&mut out, &insert(&root));
                }
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                out.write_event(Event::End(BytesEnd::new(name))).map_err(|e| malformed(part, e))?;
                buf.clear();
                continue;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some(insert) = insert.take()
                {
                    raw(&mut out, &insert(&root));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        out.write_event(event.borrow()).map_err(|e| malformed(part, e))?;
        buf.clear();
    }
    if insert.is_some() {
        return Err(malformed(part, "no root element"));
    }
    Ok(out.into_inner())
}
