//! Checks annual reports: text as extracted from a PDF (`.txt`), or JSON
//! (`.json`: a published report or a strict `AnnualReport`).
//!
//! ```text
//! cargo run --release --example check -- [OPTIONS] [FILE...]
//!
//!   FILE               a report; `-` reads standard input; none: the bundled seed
//!   --json             one JSON object per file, per line; the summary goes to stderr
//!   --previous FILE    also check each report against its previous year's (X.* rules)
//!   --render FORMAT    print the report as read instead: text, markdown, html or json
//!
//! exit status: 0 no error finding, 1 error findings, 2 a file could not be read
//! ```

use std::io::Read as _;
use std::process::ExitCode;

use disclosure_report::read::{self, ParseError};
use disclosure_report::render::{self, HtmlOptions};
use disclosure_report::rules::Severity;
use disclosure_report::{Findings, Published};

const SEED_NAME: &str = "tests/data/miaotai_2020.txt";
const SEED: &str = include_str!("../tests/data/miaotai_2020.txt");

const USAGE: &str = "usage: check [--json] [--previous FILE] [--render text|markdown|html|json] [FILE...]";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Html,
    Json,
}

struct Args {
    json: bool,
    previous: Option<String>,
    render: Option<Format>,
    files: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { json: false, previous: None, render: None, files: Vec::new() };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => args.json = true,
            "--previous" => args.previous = Some(it.next().ok_or("--previous needs a FILE")?),
            "--render" => {
                let format = it.next().ok_or("--render needs a FORMAT")?;
                args.render = Some(match format.as_str() {
                    "text" => Format::Text,
                    "markdown" | "md" => Format::Markdown,
                    "html" => Format::Html,
                    "json" => Format::Json,
                    other => return Err(format!("unknown format {other:?}: expected text, markdown, html or json")),
                });
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => args.files.push(arg),
        }
    }
    Ok(args)
}

/// A report as read, with what the reader noticed.
struct Loaded {
    published: Published,
    reader: Findings,
}

fn read_source(name: &str) -> Result<String, String> {
    if name == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| format!("standard input: {e}"))?;
        Ok(s)
    } else if name == SEED_NAME && !std::path::Path::new(name).exists() {
        Ok(SEED.to_owned())
    } else {
        std::fs::read_to_string(name).map_err(|e| format!("{name}: {e}"))
    }
}

fn load(name: &str) -> Result<Loaded, String> {
    let text = read_source(name)?;
    let json = name.ends_with(".json") || (name == "-" && text.trim_start().starts_with('{'));
    if json {
        // Both JSON forms read as a published report; the strict form gives
        // leaves only, and its totals are derived.
        let mut published: Published = serde_json::from_str(&text).map_err(|e| format!("{name}: not a report: {e}"))?;
        if published.has_no_derived_cells() {
            published.fill_derived_totals();
        }
        Ok(Loaded { published, reader: Findings::default() })
    } else {
        match read::parse(&text) {
            Ok(parsed) => Ok(Loaded { published: parsed.published, reader: parsed.findings }),
            Err(e @ (ParseError::NoYear | ParseError::NoTables)) => Err(format!("{name}: not a report: {e}")),
            Err(e) => Err(format!("{name}: {e}")),
        }
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("check: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let files = if args.files.is_empty() { vec![SEED_NAME.to_owned()] } else { args.files.clone() };
    let previous = match args.previous.as_deref().map(load).transpose() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("check: {e}");
            return ExitCode::from(2);
        }
    };

    let mut unreadable = 0;
    let mut with_errors = 0;
    let mut counts = [0usize; 3];
    for name in &files {
        let loaded = match load(name) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("check: {e}");
                unreadable += 1;
                continue;
            }
        };
        let p = &loaded.published;
        if let Some(format) = args.render {
            let out = match format {
                Format::Text => render::text(p),
                Format::Markdown => render::markdown(p),
                Format::Html => render::html(p, &HtmlOptions::page()),
                Format::Json => serde_json::to_string_pretty(p).unwrap_or_default() + "\n",
            };
            print!("{out}");
            continue;
        }
        let mut findings = loaded.reader.clone();
        findings.extend(p.check());
        if let Some(prev) = &previous {
            findings.extend(p.check_against_previous(&prev.published));
        }
        if findings.has_errors() {
            with_errors += 1;
        }
        for f in &findings {
            counts[f.severity() as usize] += 1;
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
    let read = files.len() - unreadable;
    let summary = format!(
        "checked {read} report(s): {with_errors} with errors; {} error(s), {} warning(s), {} notice(s); {unreadable} unreadable",
        counts[Severity::Error as usize],
        counts[Severity::Warning as usize],
        counts[Severity::Notice as usize],
    );
    if args.render.is_none() {
        if args.json {
            eprintln!("{summary}");
        } else {
            println!("{summary}");
        }
    }
    if unreadable > 0 {
        ExitCode::from(2)
    } else if with_errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
