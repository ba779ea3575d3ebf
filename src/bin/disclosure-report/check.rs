//! `check` and `export`: every file read and checked in parallel, each
//! result written as it comes, in the order the files were named.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use disclosure_report::export::{cell_rows, finding_rows, TidyFormat, TidyWriter};
use disclosure_report::read::Parsed;
use disclosure_report::rules::Severity;
use disclosure_report::{Findings, Published};

use crate::files::{chain, load, refuse_inputs, Pending, SEED_NAME};
use crate::{finding_line, pipeline, CheckArgs, ExportArgs, Outcome, Stop, TidyTo};

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

/// One file checked: what to print, and what the summary counts.
struct Checked {
    /// The text or JSON line(s) to print.
    out: String,
    has_errors: bool,
    by_severity: [usize; 3],
    rules: Vec<&'static str>,
}

/// The whole report's findings, with those against the previous year.
fn findings_of(name: &str, parsed: &Parsed, previous: Option<&Published>) -> Result<Findings, String> {
    let mut findings = parsed.all_findings();
    if let Some(previous) = previous {
        if let Some(why) = not_previous(previous, &parsed.published) {
            return Err(format!("{name}: {why}"));
        }
        findings.extend(parsed.published.check_against_previous(previous));
    }
    Ok(findings)
}

fn check_one(name: &str, args: &CheckArgs, previous: Option<&Published>) -> Result<Checked, String> {
    let parsed = load(name)?;
    let findings = findings_of(name, &parsed, previous)?;
    let min = Severity::from(args.min_severity);
    let shown: Vec<_> = findings.iter().filter(|f| f.severity() <= min).collect();
    let p = &parsed.published;
    let meta = p.meta();
    let mut out = String::new();
    if args.json {
        let object = serde_json::json!({
            "file": name,
            "organ": meta.organ(),
            "year": meta.year(),
            "edition": p.edition(),
            "findings": shown,
        });
        out = format!("{object}\n");
    } else {
        out.push_str(&format!("== {name}: {} {}年 ({})\n", meta.organ(), meta.year(), p.edition()));
        if shown.is_empty() {
            out.push_str("   no finding / 未发现问题\n");
        }
        for f in &shown {
            out.push_str(&finding_line(f, args.lang));
            out.push('\n');
        }
    }
    let mut by_severity = [0; 3];
    for f in &shown {
        by_severity[f.severity() as usize] += 1;
    }
    Ok(Checked {
        out,
        has_errors: findings.has_errors(),
        by_severity,
        rules: shown.iter().map(|f| f.rule().id).collect(),
    })
}

pub fn check(args: &CheckArgs) -> Result<Outcome, Stop> {
    let paths = if args.paths.is_empty() { vec![SEED_NAME.to_owned()] } else { args.paths.clone() };
    let previous = args.previous.as_deref().map(load).transpose()?.map(|p| p.published);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut checked, mut with_errors) = (0usize, 0usize);
    let mut by_severity = [0usize; 3];
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    let unreadable = pipeline::run(
        &paths,
        args.jobs,
        |name| check_one(name, args, previous.as_ref()),
        |_, c| {
            checked += 1;
            with_errors += usize::from(c.has_errors);
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
        let _ = writeln!(std::io::stderr(), "{summary}");
    } else {
        writeln!(out, "{summary}")?;
    }
    out.flush()?;
    Ok(Outcome::of(unreadable, with_errors))
}

/// The tidy tables being written.
struct Export {
    cells: TidyWriter<std::io::BufWriter<std::fs::File>>,
    findings: TidyWriter<std::io::BufWriter<std::fs::File>>,
    pending: [Pending; 2],
}

impl Export {
    /// The export files; refused where one of them is a file the run reads.
    fn create(format: TidyFormat, path: &Path, inputs: &[String]) -> Result<Export, String> {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
        let findings_path = path.with_file_name(format!("{stem}.findings{ext}"));
        refuse_inputs(path, inputs)?;
        refuse_inputs(&findings_path, inputs)?;
        let (cells, cells_file) = Pending::create(path)?;
        let (findings, findings_file) = Pending::create(&findings_path)?;
        let writer = |f| TidyWriter::new(std::io::BufWriter::new(f), format);
        Ok(Export { cells: writer(cells_file), findings: writer(findings_file), pending: [cells, findings] })
    }

    fn write(&mut self, p: &Published, findings: &Findings) -> Result<(), String> {
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
        self.cells.finish().map_err(|e| chain(&e))?;
        self.findings.finish().map_err(|e| chain(&e))?;
        self.pending.iter().try_for_each(Pending::commit)
    }
}

/// A report and all its findings.
pub fn read_and_check(name: &str) -> Result<(Published, Findings), String> {
    let parsed = load(name)?;
    let findings = parsed.all_findings();
    Ok((parsed.published, findings))
}

pub fn export(args: &ExportArgs) -> Result<Outcome, Stop> {
    let format = match args.to {
        TidyTo::Csv => TidyFormat::Csv,
        TidyTo::Jsonl => TidyFormat::JsonLines,
    };
    let mut export = Export::create(format, &args.output, &args.paths)?;
    let unreadable =
        pipeline::run(&args.paths, args.jobs, read_and_check, |_, (p, findings)| Ok(export.write(&p, &findings)?))?;
    export.finish()?;
    Ok(Outcome::of(unreadable, 0))
}
