//! `render`, `series` and `schema`, and how each command writes its output.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use disclosure_report::aggregate;
use disclosure_report::read::{SourceFormat, read_bytes};
use disclosure_report::render::{self, Annotations, HtmlOptions};
use disclosure_report::{Published, Severity};

use crate::files::{chain, load, source, why, write_whole};
use crate::sum::cells_hash;
use crate::{
    Outcome, RenderArgs, RenderFormat, SchemaForm, SeriesArgs, Stop, finding_line, name_json, note, pipeline, terminal,
};

/// Writes `bytes` to `output` (whole or not at all), or to standard output.
pub(crate) fn emit(output: Option<&Path>, inputs: &[PathBuf], bytes: &[u8]) -> Result<(), Stop> {
    match output {
        Some(path) => Ok(write_whole(path, inputs, bytes)?),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            Ok(out.flush()?)
        }
    }
}

/// The format `render` writes: the one asked for; with --annotate, a PDF
/// or Word file's own form; else HTML, or the text layout for a person at
/// a terminal (markup is no use to read there).
fn render_format(args: &RenderArgs, given: SourceFormat) -> RenderFormat {
    use std::io::IsTerminal as _;
    match args.to {
        Some(to) => to,
        None if args.annotate && given == SourceFormat::Pdf => RenderFormat::Pdf,
        None if args.annotate && given == SourceFormat::Docx => RenderFormat::Docx,
        None if !args.annotate && args.output.is_none() && std::io::stdout().is_terminal() => RenderFormat::Text,
        None => RenderFormat::Html,
    }
}

pub fn render(args: &RenderArgs) -> Result<Outcome, Stop> {
    let options = args.limit.options();
    let (source, given) = source(&args.file, &options)?;
    let to = render_format(args, given);
    let own_form =
        matches!((to, given), (RenderFormat::Pdf, SourceFormat::Pdf) | (RenderFormat::Docx, SourceFormat::Docx));
    match to {
        RenderFormat::Html | RenderFormat::Pdf | RenderFormat::Docx
            if args.annotate && (own_form || to == RenderFormat::Html) => {}
        RenderFormat::Pdf | RenderFormat::Docx if args.annotate => {
            let (flag, form) = if to == RenderFormat::Pdf { ("pdf", "a PDF") } else { ("docx", "a Word file") };
            return Err(Stop::Failed(format!(
                "--annotate --to {flag} marks the original itself, and {} is not {form}: use --to html",
                args.file.display()
            )));
        }
        _ if args.annotate => {
            return Err(Stop::Failed("--annotate marks cells in HTML, a PDF or a Word file: use --to html".to_owned()));
        }
        RenderFormat::Pdf => {
            return Err(Stop::Failed(
                "a PDF is written only as the original annotated: give a PDF with --annotate".to_owned(),
            ));
        }
        _ => {}
    }
    if matches!(to, RenderFormat::Pdf | RenderFormat::Docx) && args.output.is_none() {
        return Err(Stop::Failed(format!(
            "--to {} writes a file of its own: name it with -o FILE",
            if to == RenderFormat::Pdf { "pdf" } else { "docx" }
        )));
    }
    let parsed = read_bytes(&source, given, &options).map_err(|e| why(&args.file.display(), e))?;
    let p = parsed.published();
    let marked = || {
        let mut findings = parsed.findings();
        let min = Severity::from(args.min_severity);
        findings.retain(|f| f.severity() <= min);
        findings
    };
    let bytes = match to {
        RenderFormat::Text => render::text(p).into_bytes(),
        RenderFormat::Markdown => render::markdown(p).into_bytes(),
        RenderFormat::Html => {
            let mut options = HtmlOptions::page().with_indicators();
            if args.annotate {
                let mut marks = Annotations::new(marked());
                if parsed.totals_derived() {
                    marks = marks.with_derived_totals();
                }
                options = options.annotated(marks);
            }
            render::html(p, &options).into_bytes()
        }
        RenderFormat::Json => {
            let mut json = serde_json::to_vec_pretty(p).map_err(|e| e.to_string())?;
            json.push(b'\n');
            json
        }
        RenderFormat::Pdf => render::annotate_pdf(&source, &marked()).map_err(|e| why_not(&args.file, &e))?,
        RenderFormat::Docx if args.annotate => {
            render::annotate_docx(&source, &marked()).map_err(|e| why_not(&args.file, &e))?
        }
        RenderFormat::Docx => render::docx(p).map_err(|e| chain(&e))?,
    };
    emit(args.output.as_deref(), std::slice::from_ref(&args.file), &bytes)?;
    Ok(Outcome::Clean)
}

/// Why a file's original could not be annotated, with its name.
fn why_not(file: &Path, e: &render::AnnotateError) -> String {
    format!("{}: {}", file.display(), chain(e))
}

/// One organ in a series: every spelling of its name seen, and its files
/// by year.
type Spellings = (Vec<String>, Vec<(u16, PathBuf)>);

pub fn series(args: &SeriesArgs) -> Result<Outcome, Stop> {
    // First the organ and year of every file; then each organ's files are
    // read again, one organ at a time, so that memory stays that of the
    // largest series.
    // Organs by their key (one organ's spellings are one series), with every
    // spelling seen.
    let mut organs: BTreeMap<String, Spellings> = BTreeMap::new();
    let options = args.limit.options();
    let renames = args.organs.load()?;
    let organ_and_year = |path: &Path| load(path, &options).map(|p| p.published().meta().clone());
    let unreadable = pipeline::run(&args.paths, args.jobs, organ_and_year, |path, meta| {
        let (names, files) = organs.entry(renames.key(&meta)).or_default();
        if !names.iter().any(|n| n == meta.organ()) {
            names.push(meta.organ().to_owned());
        }
        files.push((meta.year(), path.to_owned()));
        Ok(())
    })?;
    if organs.is_empty() && unreadable == 0 {
        return Err(Stop::Failed("no report found: nothing to check".to_owned()));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut with_errors = 0usize;
    for (key, (mut names, mut files)) in organs {
        // In an order of their own, not the order the files came in.
        names.sort_unstable();
        let organ = names.join(" / ");
        files.sort();
        let mut loaded: Vec<(u16, PathBuf, Published)> =
            files.iter().filter_map(|(y, f)| Some((*y, f.clone(), load(f, &options).ok()?.into_published()))).collect();
        if args.dedupe {
            // Of a year's reports holding the same cells, the first file
            // (in order of name) stands for all.
            loaded.dedup_by(|later, kept| {
                let same = later.0 == kept.0 && cells_hash(&later.2) == cells_hash(&kept.2);
                if same {
                    note(&format!("{}: left out: the same cells as {}", later.1.display(), kept.1.display()));
                }
                same
            });
            files = loaded.iter().map(|(y, f, _)| (*y, f.clone())).collect();
        }
        let reports: Vec<Published> = loaded.into_iter().map(|(_, _, p)| p).collect();
        let findings = aggregate::continuity(&reports);
        with_errors += usize::from(findings.has_errors());
        let years: Vec<u16> = files.iter().map(|(y, _)| *y).collect();
        if args.json {
            let (file_names, bytes): (Vec<String>, Vec<Option<Vec<u8>>>) =
                files.iter().map(|(_, f)| name_json(f)).unzip();
            let mut object = serde_json::json!({ "organ": names[0], "organ_key": key, "spellings": names,
                "years": years, "files": file_names, "findings": findings });
            if bytes.iter().any(Option::is_some) {
                object["files_bytes"] = serde_json::json!(bytes);
            }
            writeln!(out, "{object}")?;
        } else {
            let shown: Vec<String> = years.iter().map(u16::to_string).collect();
            writeln!(out, "{}", terminal(&format!("== {organ}: {}", shown.join(", "))))?;
            if findings.is_empty() {
                writeln!(out, "   no finding / 未发现问题")?;
            }
            // A line said more than once (a year given by several files) is
            // said once, with how many times.
            let lines: Vec<String> = findings.iter().map(|f| finding_line(f, args.lang)).collect();
            for run in lines.chunk_by(|a, b| a == b) {
                let times = if run.len() > 1 { format!(" (×{})", run.len()) } else { String::new() };
                writeln!(out, "{}{times}", terminal(&run[0]))?;
            }
            // The files of a year given more than once, so that they can be
            // told apart.
            for same in files.chunk_by(|a, b| a.0 == b.0).filter(|same| same.len() > 1) {
                let names: Vec<String> = same.iter().map(|(_, f)| f.display().to_string()).collect();
                let line = format!(
                    "   {} 年有 {} 份报告 / {} reports of {}: {}",
                    same[0].0,
                    same.len(),
                    same.len(),
                    same[0].0,
                    names.join(", ")
                );
                writeln!(out, "{}", terminal(&line))?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::of(unreadable, with_errors))
}

pub fn schema(form: SchemaForm) -> Result<Outcome, Stop> {
    let schema = match form {
        SchemaForm::Strict => disclosure_report::schema::strict(),
        SchemaForm::Published => disclosure_report::schema::published(),
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &schema).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(Outcome::Clean)
}
