//! Checks annual reports: text as extracted from a PDF (`.txt`), web pages
//! (`.html`, `.htm`, in any encoding a browser reads), Word files
//! (`.docx`), or JSON (`.json`: a published report or a strict
//! `AnnualReport`); other files by their content.
//!
//! ```text
//! cargo run --release --example check -- [OPTIONS] [FILE|DIR...]
//!
//!   FILE               a report; `-` reads standard input; none: the bundled seed
//!   DIR                every .txt, .json, .html and .htm file inside, recursively, in name order
//!   --json             one JSON object per report, per line; the summary goes to stderr
//!   --previous FILE    also check each report against its previous year's (X.* rules)
//!   --render FORMAT    print the report as read instead: text, markdown, html or json;
//!                      `--render docx OUT` writes it as a Word file to OUT
//!   --export csv|jsonl FILE
//!                      write the tidy table of every cell read to FILE, and of every
//!                      finding to FILE with `.findings` before its extension
//!
//! exit status: 0 no error finding, 1 error findings, 2 a file could not be read
//! ```
//!
//! Directories are walked without following links, and only regular files
//! are read; an unreadable entry is named and the rest still checked. An
//! export never writes over a file the run reads, and appears only once
//! complete. A closed standard output (`| head`) ends the run quietly.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use disclosure_report::export::{cell_rows, finding_rows, TidyFormat, TidyWriter};
use disclosure_report::read::{read_bytes, Options, Parsed, SourceFormat};
use disclosure_report::render::{self, HtmlOptions};
use disclosure_report::rules::Severity;
use disclosure_report::Published;

const SEED_NAME: &str = "tests/data/miaotai_2020.txt";
const SEED: &str = include_str!("../tests/data/miaotai_2020.txt");

const USAGE: &str = "usage: check [--json] [--previous FILE] [--render text|markdown|html|json|docx OUT] \
                     [--export csv|jsonl FILE] [FILE|DIR...]";

#[derive(Clone, PartialEq, Eq)]
enum Render {
    Text,
    Markdown,
    Html,
    Json,
    /// A Word file, written to this path.
    Docx(PathBuf),
}

struct Args {
    json: bool,
    previous: Option<String>,
    render: Option<Render>,
    export: Option<(TidyFormat, PathBuf)>,
    inputs: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { json: false, previous: None, render: None, export: None, inputs: Vec::new() };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => args.json = true,
            "--previous" => args.previous = Some(it.next().ok_or("--previous needs a FILE")?),
            "--render" => {
                args.render = Some(match it.next().ok_or("--render needs a FORMAT")?.as_str() {
                    "text" => Render::Text,
                    "markdown" | "md" => Render::Markdown,
                    "html" => Render::Html,
                    "json" => Render::Json,
                    "docx" => Render::Docx(PathBuf::from(it.next().ok_or("--render docx needs an OUT file")?)),
                    other => return Err(format!("unknown format {other:?}: expected text, markdown, html or json")),
                });
            }
            "--export" => {
                let format = match it.next().ok_or("--export needs a FORMAT and a FILE")?.as_str() {
                    "csv" => TidyFormat::Csv,
                    "jsonl" => TidyFormat::JsonLines,
                    other => return Err(format!("unknown export format {other:?}: expected csv or jsonl")),
                };
                args.export = Some((format, PathBuf::from(it.next().ok_or("--export needs a FILE")?)));
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => args.inputs.push(arg),
        }
    }
    Ok(args)
}

/// The report files named on the command line, each once: files as
/// given, directories walked for the report files in name order. The walk
/// follows no link and reads only regular files (a FIFO would block the
/// run); an entry it cannot read is reported and the rest still checked.
fn expand(inputs: &[String], problems: &mut Vec<String>) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>, problems: &mut Vec<String>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return problems.push(format!("{}: cannot read this directory: {e}", dir.display())),
        };
        let mut entries: Vec<(PathBuf, std::fs::FileType)> = entries
            .filter_map(|e| match e.and_then(|e| Ok((e.path(), e.file_type()?))) {
                Ok(entry) => Some(entry),
                Err(e) => {
                    problems.push(format!("{}: cannot read an entry: {e}", dir.display()));
                    None
                }
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, kind) in entries {
            // `DirEntry::file_type` does not follow links: a link is
            // neither a directory nor a file here, and is passed over.
            if kind.is_dir() {
                walk(&path, out, problems);
            } else if kind.is_file() && SourceFormat::of_path(&path).is_some() {
                out.push(path.to_string_lossy().into_owned());
            }
        }
    }
    let mut files = Vec::new();
    for input in inputs {
        if Path::new(input).is_dir() {
            walk(Path::new(input), &mut files, problems);
        } else {
            files.push(input.clone());
        }
    }
    // Each file once, however often it was named.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| f == "-" || seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| PathBuf::from(f))));
    files
}

fn load(name: &str) -> Result<Parsed, String> {
    let bytes = if name == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("standard input: {e}"))?;
        bytes
    } else if name == SEED_NAME && !Path::new(name).exists() {
        SEED.as_bytes().to_vec()
    } else {
        let meta = std::fs::metadata(name).map_err(|e| format!("{name}: {e}"))?;
        if !meta.is_file() {
            return Err(format!("{name}: not a regular file; only regular files are read"));
        }
        std::fs::read(name).map_err(|e| format!("{name}: {e}"))?
    };
    let format = SourceFormat::of_path(Path::new(name)).unwrap_or_else(|| SourceFormat::sniff_bytes(&bytes));
    read_bytes(&bytes, format, &Options::default()).map_err(|e| format!("{name}: not a report: {}", chain(&e)))
}

/// An error and its sources, each once: `cannot write CSV: No space left on device`.
fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

/// Why `previous` is not the previous year's report of `current`'s organ.
fn not_previous(previous: &Published, current: &Published) -> Option<String> {
    let (p, c) = (previous.meta(), current.meta());
    let fits = p.organ() == c.organ() && p.year().checked_add(1) == Some(c.year());
    (!fits).then(|| {
        format!(
            "--previous is the {} report of {:?}, not the {} report of {:?}: refused, the cross-year rules were not applied",
            p.year(),
            p.organ(),
            c.year().saturating_sub(1),
            c.organ()
        )
    })
}

/// A file being written: a temporary file beside it, renamed over it
/// only once complete, so that a failed run leaves no half-written file.
struct Pending {
    temporary: PathBuf,
    path: PathBuf,
}

impl Pending {
    fn create(path: &Path) -> Result<(Pending, std::fs::File), String> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temporary = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
        let file = std::fs::File::create(&temporary).map_err(|e| format!("{}: {e}", temporary.display()))?;
        Ok((Pending { temporary, path: path.to_owned() }, file))
    }

    fn commit(&self) -> Result<(), String> {
        std::fs::rename(&self.temporary, &self.path).map_err(|e| format!("{}: {e}", self.path.display()))
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Gone already once committed; otherwise an unfinished file.
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// Refuses to write to a file the run reads.
fn refuse_inputs(target: &Path, reads: &[&str]) -> Result<(), String> {
    let inputs: Vec<PathBuf> = reads.iter().filter_map(|r| std::fs::canonicalize(r).ok()).collect();
    if std::fs::canonicalize(target).is_ok_and(|t| inputs.contains(&t)) {
        return Err(format!("{}: a file this run reads; refusing to write over it", target.display()));
    }
    Ok(())
}

/// The tidy tables being written.
struct Export {
    cells: TidyWriter<std::io::BufWriter<std::fs::File>>,
    findings: TidyWriter<std::io::BufWriter<std::fs::File>>,
    pending: [Pending; 2],
}

impl Export {
    /// The export files; refused where one of them is a file the run reads.
    fn create(format: TidyFormat, path: &Path, reads: &[&str]) -> Result<Export, String> {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
        let findings_path = path.with_file_name(format!("{stem}.findings{ext}"));
        refuse_inputs(path, reads)?;
        refuse_inputs(&findings_path, reads)?;
        let (cells, cells_file) = Pending::create(path)?;
        let (findings, findings_file) = Pending::create(&findings_path)?;
        let writer = |f| TidyWriter::new(std::io::BufWriter::new(f), format);
        Ok(Export { cells: writer(cells_file), findings: writer(findings_file), pending: [cells, findings] })
    }

    fn write(&mut self, p: &Published, findings: &disclosure_report::Findings) -> Result<(), String> {
        let failed = |e: disclosure_report::export::ExportError| chain(&e);
        for row in cell_rows(p) {
            self.cells.write(&row).map_err(failed)?;
        }
        for row in finding_rows(p, findings) {
            self.findings.write(&row).map_err(failed)?;
        }
        Ok(())
    }

    fn finish(self) -> Result<(), String> {
        self.cells.finish().map_err(|e| e.to_string())?;
        self.findings.finish().map_err(|e| e.to_string())?;
        self.pending.iter().try_for_each(Pending::commit)
    }
}

/// A message on standard error; if that is closed too, there is no one
/// left to tell.
fn note(message: &str) {
    let _ = writeln!(std::io::stderr(), "check: {message}");
}

/// Why the run stopped early.
enum Stop {
    /// A usage or file error: exit 2 with the message.
    Failed(String),
    /// Standard output was closed (a pipe into `head`): exit 0, quietly.
    Closed,
}

impl From<String> for Stop {
    fn from(e: String) -> Stop {
        Stop::Failed(e)
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Stop {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Stop::Closed
        } else {
            Stop::Failed(format!("standard output: {e}"))
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(Stop::Closed) => ExitCode::SUCCESS,
        Err(Stop::Failed(e)) => {
            if !e.is_empty() {
                note(&e);
            }
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, Stop> {
    let args = parse_args().map_err(|e| if e.is_empty() { USAGE.to_owned() } else { format!("{e}\n{USAGE}") })?;
    let inputs = if args.inputs.is_empty() { vec![SEED_NAME.to_owned()] } else { args.inputs.clone() };
    let mut problems = Vec::new();
    let files = expand(&inputs, &mut problems);
    let previous = args.previous.as_deref().map(load).transpose()?;
    let reads: Vec<&str> = files.iter().map(String::as_str).chain(args.previous.as_deref()).collect();
    if let Some(Render::Docx(path)) = &args.render {
        if files.len() != 1 {
            return Err(Stop::Failed(format!("--render docx writes one report; {} were named", files.len())));
        }
        refuse_inputs(path, &reads)?;
    }
    let mut export = args.export.as_ref().map(|(format, path)| Export::create(*format, path, &reads)).transpose()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());

    for problem in &problems {
        note(problem);
    }
    let mut unreadable = problems.len();
    let mut checked = 0;
    let mut with_errors = 0;
    let mut by_severity = [0usize; 3];
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    for name in &files {
        let parsed = match load(name) {
            Ok(p) => p,
            Err(e) => {
                note(&e);
                unreadable += 1;
                continue;
            }
        };
        let p = &parsed.published;
        if let Some(format) = &args.render {
            match format {
                Render::Text => out.write_all(render::text(p).as_bytes())?,
                Render::Markdown => out.write_all(render::markdown(p).as_bytes())?,
                Render::Html => out.write_all(render::html(p, &HtmlOptions::page()).as_bytes())?,
                Render::Json => {
                    serde_json::to_writer_pretty(&mut out, p).map_err(std::io::Error::from)?;
                    writeln!(out)?;
                }
                Render::Docx(path) => {
                    let word = render::docx(p).map_err(|e| format!("{}: {e}", path.display()))?;
                    let (pending, mut file) = Pending::create(path)?;
                    file.write_all(&word).map_err(|e| format!("{}: {e}", path.display()))?;
                    pending.commit()?;
                }
            }
            continue;
        }
        let mut findings = parsed.all_findings();
        if let Some(prev) = &previous {
            if let Some(why) = not_previous(&prev.published, p) {
                note(&format!("{name}: {why}"));
                unreadable += 1;
                continue;
            }
            findings.extend(p.check_against_previous(&prev.published));
        }
        checked += 1;
        with_errors += usize::from(findings.has_errors());
        for f in &findings {
            by_severity[f.severity() as usize] += 1;
            *by_rule.entry(f.rule().id).or_default() += 1;
        }
        if let Some(export) = export.as_mut() {
            export.write(p, &findings)?;
        }
        let meta = p.meta();
        if args.json {
            let object = serde_json::json!({
                "file": name,
                "organ": meta.organ(),
                "year": meta.year(),
                "edition": p.edition(),
                "findings": findings,
            });
            writeln!(out, "{object}")?;
        } else {
            writeln!(out, "== {name}: {} {}年 ({})", meta.organ(), meta.year(), p.edition())?;
            if findings.is_empty() {
                writeln!(out, "   no finding / 未发现问题")?;
            }
            for f in &findings {
                writeln!(out, "{f}")?;
            }
        }
    }
    if let Some(export) = export {
        export.finish()?;
    }
    if args.render.is_none() {
        let mut frequent: Vec<(&str, usize)> = by_rule.into_iter().collect();
        frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = frequent.iter().take(10).map(|(id, n)| format!("{id} ×{n}")).collect();
        let summary = format!(
            "checked {checked} report(s): {with_errors} with errors; {} error(s), {} warning(s), {} notice(s); {unreadable} unreadable\n\
             most frequent rules: {}",
            by_severity[Severity::Error as usize],
            by_severity[Severity::Warning as usize],
            by_severity[Severity::Notice as usize],
            if top.is_empty() { "none".to_owned() } else { top.join(", ") },
        );
        if args.json {
            let _ = writeln!(std::io::stderr(), "{summary}");
        } else {
            writeln!(out, "{summary}")?;
        }
    }
    out.flush()?;
    Ok(if unreadable > 0 {
        ExitCode::from(2)
    } else if with_errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
