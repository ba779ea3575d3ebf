//! Checks annual reports: text as extracted from a PDF (`.txt`), or JSON
//! (`.json`: a published report or a strict `AnnualReport`).
//!
//! ```text
//! cargo run --release --example check -- [OPTIONS] [FILE|DIR...]
//!
//!   FILE               a report; `-` reads standard input; none: the bundled seed
//!   DIR                every .txt and .json file inside, recursively, in name order
//!   --json             one JSON object per report, per line; the summary goes to stderr
//!   --previous FILE    also check each report against its previous year's (X.* rules)
//!   --render FORMAT    print the report as read instead: text, markdown, html or json
//!   --export csv|jsonl FILE
//!                      write the tidy table of every cell read to FILE, and of every
//!                      finding to FILE with `.findings` before its extension
//!
//! exit status: 0 no error finding, 1 error findings, 2 a file could not be read
//! ```

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use disclosure_report::export::{cell_rows, finding_rows, TidyFormat, TidyWriter};
use disclosure_report::read::{read_report, Options, Parsed, SourceFormat};
use disclosure_report::render::{self, HtmlOptions};
use disclosure_report::rules::Severity;

const SEED_NAME: &str = "tests/data/miaotai_2020.txt";
const SEED: &str = include_str!("../tests/data/miaotai_2020.txt");

const USAGE: &str = "usage: check [--json] [--previous FILE] [--render text|markdown|html|json] \
                     [--export csv|jsonl FILE] [FILE|DIR...]";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Render {
    Text,
    Markdown,
    Html,
    Json,
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

/// The report files named on the command line: files as given, directories
/// walked for `.txt` and `.json`, in name order.
fn expand(inputs: &[String]) -> Result<Vec<String>, String> {
    fn walk(dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out)?;
            } else if SourceFormat::of_path(&path).is_some() {
                out.push(path.to_string_lossy().into_owned());
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    for input in inputs {
        if Path::new(input).is_dir() {
            walk(Path::new(input), &mut files)?;
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn load(name: &str) -> Result<Parsed, String> {
    let (source, format) = if name == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| format!("standard input: {e}"))?;
        let format = SourceFormat::sniff(&s);
        (s, format)
    } else if name == SEED_NAME && !Path::new(name).exists() {
        (SEED.to_owned(), SourceFormat::Text)
    } else {
        let s = std::fs::read_to_string(name).map_err(|e| format!("{name}: {e}"))?;
        let format = SourceFormat::of_path(Path::new(name)).unwrap_or_else(|| SourceFormat::sniff(&s));
        (s, format)
    };
    read_report(&source, format, &Options::default()).map_err(|e| format!("{name}: not a report: {e}"))
}

/// The tidy tables being written.
struct Export {
    cells: TidyWriter<std::io::BufWriter<std::fs::File>>,
    findings: TidyWriter<std::io::BufWriter<std::fs::File>>,
}

impl Export {
    fn create(format: TidyFormat, path: &Path) -> Result<Export, String> {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
        let findings_path = path.with_file_name(format!("{stem}.findings{ext}"));
        let open = |p: &Path| {
            std::fs::File::create(p)
                .map(|f| TidyWriter::new(std::io::BufWriter::new(f), format))
                .map_err(|e| format!("{}: {e}", p.display()))
        };
        Ok(Export { cells: open(path)?, findings: open(&findings_path)? })
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("check: {e}");
            }
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let args = parse_args().map_err(|e| if e.is_empty() { USAGE.to_owned() } else { format!("{e}\n{USAGE}") })?;
    let inputs = if args.inputs.is_empty() { vec![SEED_NAME.to_owned()] } else { args.inputs.clone() };
    let files = expand(&inputs)?;
    let previous = args.previous.as_deref().map(load).transpose()?;
    let mut export = args.export.as_ref().map(|(format, path)| Export::create(*format, path)).transpose()?;

    let mut unreadable = 0;
    let mut with_errors = 0;
    let mut by_severity = [0usize; 3];
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    for name in &files {
        let parsed = match load(name) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("check: {e}");
                unreadable += 1;
                continue;
            }
        };
        let p = &parsed.published;
        if let Some(format) = args.render {
            let out = match format {
                Render::Text => render::text(p),
                Render::Markdown => render::markdown(p),
                Render::Html => render::html(p, &HtmlOptions::page()),
                Render::Json => serde_json::to_string_pretty(p).map_err(|e| e.to_string())? + "\n",
            };
            print!("{out}");
            continue;
        }
        let mut findings = parsed.all_findings();
        if let Some(prev) = &previous {
            findings.extend(p.check_against_previous(&prev.published));
        }
        with_errors += usize::from(findings.has_errors());
        for f in &findings {
            by_severity[f.severity() as usize] += 1;
            *by_rule.entry(f.rule().id).or_default() += 1;
        }
        if let Some(export) = export.as_mut() {
            let failed = |e: disclosure_report::export::ExportError| e.to_string();
            for row in cell_rows(p) {
                export.cells.write(&row).map_err(failed)?;
            }
            for row in finding_rows(p, &findings) {
                export.findings.write(&row).map_err(failed)?;
            }
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
            println!("{object}");
        } else {
            println!("== {name}: {} {}年 ({})", meta.organ(), meta.year(), p.edition());
            if findings.is_empty() {
                println!("   no finding / 未发现问题");
            }
            for f in &findings {
                println!("{f}");
            }
        }
    }
    if let Some(export) = export {
        export.cells.finish().map_err(|e| e.to_string())?;
        export.findings.finish().map_err(|e| e.to_string())?;
    }
    if args.render.is_none() {
        let mut frequent: Vec<(&str, usize)> = by_rule.into_iter().collect();
        frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = frequent.iter().take(10).map(|(id, n)| format!("{id} ×{n}")).collect();
        let summary = format!(
            "checked {} report(s): {with_errors} with errors; {} error(s), {} warning(s), {} notice(s); {unreadable} unreadable\n\
             most frequent rules: {}",
            files.len() - unreadable,
            by_severity[Severity::Error as usize],
            by_severity[Severity::Warning as usize],
            by_severity[Severity::Notice as usize],
            if top.is_empty() { "none".to_owned() } else { top.join(", ") },
        );
        if args.json {
            eprintln!("{summary}");
        } else {
            println!("{summary}");
        }
    }
    Ok(if unreadable > 0 {
        ExitCode::from(2)
    } else if with_errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
