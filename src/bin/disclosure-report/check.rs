//! `check` and `export`: every file read and checked in parallel, each
//! result written as it comes, in the order the files were named.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use disclosure_report::Severity;
use disclosure_report::aggregate::Organs;
use disclosure_report::export::{Origin, TidyFormat, TidyWriter, cell_rows, finding_rows, indicator_rows};
use disclosure_report::read::{Options, Parsed};
use disclosure_report::{Findings, Published};

use crate::files::{Pending, SEED_NAME, chain, load, load_all, refuse_inputs};
use crate::{CheckArgs, ExportArgs, Outcome, Stop, TidyTo, finding_line, name_json, pipeline, terminal};

/// Why `previous` is not the previous year's report of `current`'s organ.
fn not_previous(previous: &Published, current: &Published, organs: &Organs) -> Option<String> {
    let (p, c) = (previous.meta(), current.meta());
    let fits = organs.key(p) == organs.key(c) && p.year().checked_add(1) == Some(c.year());
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

/// One file checked (each report it holds): what to print, and what the
/// summary counts.
struct Checked {
    /// The text or JSON line(s) to print.
    out: String,
    reports: usize,
    with_errors: usize,
    by_severity: [usize; 3],
    rules: Vec<&'static str>,
}

/// The whole report's findings, with those against the previous year.
fn findings_of(
    path: &Path,
    parsed: &Parsed,
    previous: Option<&Published>,
    organs: &Organs,
) -> Result<Findings, String> {
    let mut findings = parsed.findings();
    if let Some(previous) = previous {
        if let Some(why) = not_previous(previous, parsed.published(), organs) {
            return Err(format!("{}: {why}", path.display()));
        }
        findings.extend(parsed.published().check_against_previous(previous));
    }
    Ok(findings)
}

/// Appends a line of text output, [`terminal`]-safe, and its line break.
fn push_line(out: &mut String, line: &str) {
    out.push_str(&terminal(line));
    out.push('\n');
}

fn check_one(
    path: &Path,
    args: &CheckArgs,
    previous: Option<&Published>,
    options: &Options,
    organs: &Organs,
) -> Result<Checked, String> {
    let reports = load_all(path, options)?;
    let mut checked =
        Checked { out: String::new(), reports: 0, with_errors: 0, by_severity: [0; 3], rules: Vec::new() };
    let count = reports.len();
    for (k, parsed) in reports.iter().enumerate() {
        let findings = findings_of(path, parsed, previous, organs)?;
        let min = Severity::from(args.min_severity);
        let shown: Vec<_> = findings.iter().filter(|f| f.severity() <= min).collect();
        let p = parsed.published();
        let meta = p.meta();
        // A file of several reports names which one each is.
        let which = if count > 1 { format!(" ({}/{count})", k + 1) } else { String::new() };
        if args.json {
            let (file, file_bytes) = name_json(path);
            let mut object = serde_json::json!({
                "file": file,
                "organ": meta.organ(),
                "organ_key": organs.key(meta),
                "year": meta.year(),
                "edition": p.edition(),
                "findings": shown,
            });
            if let Some(bytes) = file_bytes {
                object["file_bytes"] = bytes.into();
            }
            if count > 1 {
                object["report"] = (k + 1).into();
                object["reports"] = count.into();
            }
            checked.out.push_str(&format!("{object}\n"));
        } else {
            let head = format!("== {}{which}: {} {}年 ({})", path.display(), meta.organ(), meta.year(), p.edition());
            push_line(&mut checked.out, &head);
            if shown.is_empty() {
                push_line(&mut checked.out, "   no finding / 未发现问题");
            }
            for f in &shown {
                push_line(&mut checked.out, &finding_line(f, args.lang));
            }
        }
        for f in &shown {
            checked.by_severity[f.severity() as usize] += 1;
        }
        checked.reports += 1;
        checked.with_errors += usize::from(findings.has_errors());
        checked.rules.extend(shown.iter().map(|f| f.rule().id));
    }
    Ok(checked)
}

pub fn check(args: &CheckArgs) -> Result<Outcome, Stop> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(SEED_NAME)] } else { args.paths.clone() };
    let options = args.limit.options();
    let organs = args.organs.load()?;
    let previous = args.previous.as_deref().map(|p| load(p, &options)).transpose()?.map(Published::from);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut checked, mut with_errors) = (0usize, 0usize);
    let mut by_severity = [0usize; 3];
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    let unreadable = pipeline::run(
        &paths,
        args.jobs,
        |path| check_one(path, args, previous.as_ref(), &options, &organs),
        |_, c| {
            checked += c.reports;
            with_errors += c.with_errors;
            for (total, n) in by_severity.iter_mut().zip(c.by_severity) {
                *total += n;
            }
            for rule in c.rules {
                *by_rule.entry(rule).or_default() += 1;
            }
            Ok(out.write_all(c.out.as_bytes())?)
        },
    )?;
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
        out.flush()?;
        let mut stderr = std::io::stderr().lock();
        for line in summary.lines() {
            let _ = writeln!(stderr, "{}", terminal(line));
        }
    } else {
        for line in summary.lines() {
            writeln!(out, "{}", terminal(line))?;
        }
    }
    out.flush()?;
    Ok(Outcome::of(unreadable, with_errors))
}

/// The tidy tables being written: cells, findings and indicators.
struct Export {
    cells: TidyWriter<std::io::BufWriter<std::fs::File>>,
    findings: TidyWriter<std::io::BufWriter<std::fs::File>>,
    indicators: TidyWriter<std::io::BufWriter<std::fs::File>>,
    pending: [Pending; 3],
    paths: [PathBuf; 3],
}

/// A table's path beside the cells': `what` before the extension
/// (cells.csv → cells.findings.csv).
fn beside(path: &Path, what: &str) -> PathBuf {
    let mut name = path.file_stem().map(OsString::from).unwrap_or_default();
    name.push(what);
    if let Some(ext) = path.extension() {
        name.push(".");
        name.push(ext);
    }
    path.with_file_name(name)
}

impl Export {
    /// The export files; refused where one of them is a file the run reads.
    fn create(format: TidyFormat, path: &Path, inputs: &[PathBuf]) -> Result<Export, String> {
        let paths = [path.to_owned(), beside(path, ".findings"), beside(path, ".indicators")];
        // All refused before any is opened (a FIFO's reader waits).
        for beside in &paths[1..] {
            refuse_inputs(beside, inputs)?;
        }
        let (cells, cells_file) = Pending::create(&paths[0], inputs)?;
        let (findings, findings_file) = Pending::create(&paths[1], inputs)?;
        let (indicators, indicators_file) = Pending::create(&paths[2], inputs)?;
        let writer = |f| TidyWriter::new(std::io::BufWriter::new(f), format);
        Ok(Export {
            cells: writer(cells_file),
            findings: writer(findings_file),
            indicators: writer(indicators_file),
            pending: [cells, findings, indicators],
            paths,
        })
    }

    fn write(&mut self, p: &Published, findings: &Findings, origin: Origin<'_>) -> Result<(), String> {
        let failed = |e: disclosure_report::export::ExportError| chain(&e);
        for row in cell_rows(p, origin) {
            self.cells.write(&row).map_err(failed)?;
        }
        for row in finding_rows(p, findings, origin) {
            self.findings.write(&row).map_err(failed)?;
        }
        for row in indicator_rows(p, origin) {
            self.indicators.write(&row).map_err(failed)?;
        }
        Ok(())
    }

    fn finish(self) -> Result<(), String> {
        let file = |w: TidyWriter<std::io::BufWriter<std::fs::File>>, path: &Path| {
            let w = w.finish().map_err(|e| chain(&e))?;
            w.into_inner().map_err(|e| format!("{}: {}", path.display(), e.error()))
        };
        let files = [
            file(self.cells, &self.paths[0])?,
            file(self.findings, &self.paths[1])?,
            file(self.indicators, &self.paths[2])?,
        ];
        for (pending, file) in self.pending.into_iter().zip(files) {
            pending.commit(file)?;
        }
        Ok(())
    }
}

/// Each report of a file, with all its findings.
pub fn read_and_check(path: &Path, options: &Options) -> Result<Vec<(Published, Findings)>, String> {
    let reports = load_all(path, options)?;
    Ok(reports
        .into_iter()
        .map(|parsed| {
            let findings = parsed.findings();
            (parsed.into_published(), findings)
        })
        .collect())
}

pub fn export(args: &ExportArgs) -> Result<Outcome, Stop> {
    let format = match args.to {
        TidyTo::Csv => TidyFormat::Csv,
        TidyTo::Jsonl => TidyFormat::JsonLines,
    };
    let organs = args.organs.load()?;
    let mut export = Export::create(format, &args.output, &args.paths)?;
    let options = args.limit.options();
    let unreadable = pipeline::run(
        &args.paths,
        args.jobs,
        |path| read_and_check(path, &options),
        |path, reports| {
            // The file as named on the command line (lossy where its name is
            // not UTF-8, as `check --json` names it).
            let file = path.to_string_lossy();
            for (k, (p, findings)) in reports.iter().enumerate() {
                let key = organs.key(p.meta());
                export.write(p, findings, Origin::new(&file, k + 1).with_organ_key(&key))?;
            }
            Ok(())
        },
    )?;
    export.finish()?;
    Ok(Outcome::of(unreadable, 0))
}
