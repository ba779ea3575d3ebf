//! The original document, annotated: the findings drawn on the report's
//! own PDF pages ([`annotate_pdf`]) and put as comments in its own Word
//! file ([`annotate_docx`]), where the reader found each cell. Everything
//! else in the document stays as it was.
//!
//! Both take the findings of the report read from those very bytes (their
//! cells carry the places the reader gave them). Each place a finding
//! names gets one mark — a box on the page, a comment on the table cell or
//! paragraph — coloured by the most severe finding there and carrying
//! every finding there: its rule id, severity, the cell's official label,
//! and the message in Chinese and English. Findings that name no place
//! the document has (a row not printed, a place off the page) go in one
//! note at the start, under a summary of all the findings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::Place;
use crate::rules::{Finding, Findings, Severity, Year};

#[cfg(feature = "docx")]
mod docx;
#[cfg(feature = "pdf")]
mod pdf;
#[cfg(feature = "docx")]
pub use docx::annotate_docx;
#[cfg(feature = "pdf")]
pub use pdf::annotate_pdf;

/// Why an original document could not be annotated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnnotateError {
    /// The PDF file cannot be opened (or is refused by the reader's bounds).
    #[cfg(feature = "pdf")]
    #[error(transparent)]
    Pdf(#[from] crate::read::pdf::PdfError),
    /// The PDF file is encrypted: the annotations would have to be
    /// encrypted with its key, which an incremental update cannot do
    /// without the password.
    #[error("the PDF file is encrypted: its annotated copy cannot be written as an update of it")]
    Encrypted,
    /// The PDF file's structure does not allow an update to be appended:
    /// what is missing or damaged.
    #[error("the PDF file cannot be updated: {0}")]
    Unsupported(String),
    /// The Word file cannot be read.
    #[cfg(feature = "docx")]
    #[error(transparent)]
    Docx(#[from] crate::read::docx::DocxError),
    /// The Word file's archive cannot be read or written again.
    #[cfg(feature = "docx")]
    #[error("the Word file's archive cannot be copied: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// A part of the Word file is not the XML it should be.
    #[cfg(feature = "docx")]
    #[error("{part} of the Word file cannot be read as XML: {reason}")]
    Part {
        /// The part, such as `word/document.xml`.
        part: String,
        /// What is wrong.
        reason: String,
    },
}

/// The most marks drawn: a report has a few hundred cells; past this,
/// findings go in the note at the start, counted.
const MAX_MARKS: usize = 2000;

/// The most findings written out in one note; the rest are counted.
const MAX_IN_NOTE: usize = 50;

/// One place to mark, with every finding naming it.
#[derive(Debug)]
pub(crate) struct Mark<'f> {
    pub(crate) place: Place,
    /// The official label of the cell there, where the findings name one.
    pub(crate) label: Option<String>,
    pub(crate) findings: Vec<&'f Finding>,
}

impl Mark<'_> {
    /// The most severe of its findings.
    pub(crate) fn severity(&self) -> Severity {
        self.findings.iter().map(|f| f.severity()).min().unwrap_or(Severity::Notice)
    }

    /// The note: the cell's label, then each finding.
    pub(crate) fn note(&self) -> String {
        let mut out = String::new();
        if let Some(label) = &self.label {
            let _ = writeln!(out, "{label}");
        }
        write_findings(&mut out, self.findings.iter().copied(), self.findings.len());
        out.trim_end().to_owned()
    }
}

/// The findings by where they are, in the order they were read; and
/// those that name no place (or more places than are marked).
#[derive(Debug, Default)]
pub(crate) struct Marks<'f> {
    pub(crate) marks: Vec<Mark<'f>>,
    pub(crate) unplaced: Vec<&'f Finding>,
}

impl<'f> Marks<'f> {
    /// The places the findings name (this year's cells; else a finding's
    /// own place, such as a reader's row), those `known` takes.
    pub(crate) fn new(findings: &'f Findings, known: impl Fn(Place) -> bool) -> Marks<'f> {
        let mut by_place: BTreeMap<(u8, u32, u32, u32, [u32; 4]), Mark<'f>> = BTreeMap::new();
        let mut unplaced = Vec::new();
        for f in findings.iter() {
            let mut named: Vec<(Place, Option<String>)> = f
                .cells()
                .iter()
                .filter(|c| c.year() == Year::Current)
                .filter_map(|c| Some((c.place()?, Some(c.cell().to_string()))))
                .collect();
            if named.is_empty() {
                named.extend(f.place().map(|p| (p, None)));
            }
            named.retain(|(p, _)| known(*p));
            if named.is_empty() {
                unplaced.push(f);
            }
            for (place, label) in named {
                let key = key(place);
                if !by_place.contains_key(&key) && by_place.len() >= MAX_MARKS {
                    if unplaced.last().is_none_or(|u| !std::ptr::eq(*u, f)) {
                        unplaced.push(f);
                    }
                    continue;
                }
                let mark = by_place.entry(key).or_insert_with(|| Mark { place, label, findings: Vec::new() });
                if mark.findings.last().is_none_or(|last| !std::ptr::eq(*last, f)) {
                    mark.findings.push(f);
                }
            }
        }
        Marks { marks: by_place.into_values().collect(), unplaced }
    }

    /// The note at the start: a summary of all the findings, then those
    /// marked nowhere.
    pub(crate) fn head_note(&self, findings: &Findings) -> String {
        let mut out = super::annotate::summary_line(findings);
        out.push('\n');
        if !self.unplaced.is_empty() {
            let _ = writeln!(out, "未在表格中标出 / not marked on a cell:");
            write_findings(&mut out, self.unplaced.iter().copied(), self.unplaced.len());
        }
        out.trim_end().to_owned()
    }
}

/// A key that orders places as they are read, and tells boxes apart.
fn key(place: Place) -> (u8, u32, u32, u32, [u32; 4]) {
    let (kind, a, b, c) = place.order();
    let bbox = match place {
        Place::Page { bbox, .. } => bbox.to_array().map(f32::to_bits),
        _ => [0; 4],
    };
    (kind, a, b, c, bbox)
}

/// Each finding (at most [`MAX_IN_NOTE`]) on lines of its own: rule id
/// and severity, then the message in Chinese and in English.
fn write_findings<'f>(out: &mut String, findings: impl Iterator<Item = &'f Finding>, count: usize) {
    for f in findings.take(MAX_IN_NOTE) {
        let _ = writeln!(out, "[{}] {}", f.rule().id, super::annotate::severity_label(f.severity()));
        let _ = writeln!(out, "{}", f.message_zh());
        let _ = writeln!(out, "{}", f.message_en());
    }
    if count > MAX_IN_NOTE {
        let _ = writeln!(out, "另有 {} 项 / and {} more", count - MAX_IN_NOTE, count - MAX_IN_NOTE);
    }
}

/// Text as a note may carry it: control characters (which XML cannot
/// hold, and a viewer would show raw) as `\u{…}`, line breaks kept.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}
