//! `render`, `sum`, `series` and `schema`.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use disclosure_report::aggregate::{self, Fold};
use disclosure_report::render::{self, Annotations, HtmlOptions};
use disclosure_report::{AnnualReport, Published, ReportMeta, Severity};

use crate::check::read_and_check;
use crate::files::{chain, load, write_whole};
use crate::{
    CompareArgs, CompareTo, Outcome, RenderArgs, RenderFormat, SchemaForm, SeriesArgs, Stop, SumArgs, SumTo,
    finding_line, name_json, note, pipeline, terminal,
};

/// Writes `bytes` to `output` (whole or not at all), or to standard output.
fn emit(output: Option<&Path>, inputs: &[PathBuf], bytes: &[u8]) -> Result<(), Stop> {
    match output {
        Some(path) => Ok(write_whole(path, inputs, bytes)?),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            Ok(out.flush()?)
        }
    }
}

/// The format `render` writes: the one asked for; else HTML, or the text
/// layout for a person at a terminal (markup is no use to read there).
fn render_format(args: &RenderArgs) -> RenderFormat {
    use std::io::IsTerminal as _;
    match args.to {
        Some(to) => to,
        None if !args.annotate && args.output.is_none() && std::io::stdout().is_terminal() => RenderFormat::Text,
        None => RenderFormat::Html,
    }
}

pub fn render(args: &RenderArgs) -> Result<Outcome, Stop> {
    let to = render_format(args);
    if args.annotate && to != RenderFormat::Html {
        return Err(Stop::Failed("--annotate marks cells in HTML: use it with --to html".to_owned()));
    }
    let parsed = load(&args.file, &args.limit.options())?;
    let p = parsed.published();
    let bytes = match to {
        RenderFormat::Text => render::text(p).into_bytes(),
        RenderFormat::Markdown => render::markdown(p).into_bytes(),
        RenderFormat::Html => {
            let mut options = HtmlOptions::page();
            if args.annotate {
                let mut findings = parsed.findings();
                let min = Severity::from(args.min_severity);
                findings.retain(|f| f.severity() <= min);
                let mut marks = Annotations::new(findings);
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
        RenderFormat::Docx => {
            if args.output.is_none() {
                return Err(Stop::Failed("--to docx writes a Word file: name it with -o FILE".to_owned()));
            }
            render::docx(p).map_err(|e| chain(&e))?
        }
    };
    emit(args.output.as_deref(), std::slice::from_ref(&args.file), &bytes)?;
    Ok(Outcome::Clean)
}

/// Reports summed a chunk at a time, so that memory stays that of a chunk.
const SUM_CHUNK: usize = 1024;

pub fn sum(args: &SumArgs) -> Result<Outcome, Stop> {
    let fold = if args.fold_v2021 { Fold::V2021RequestsIntoV2019 } else { Fold::Never };
    let mut invalid = 0usize;
    let mut pending: Vec<Published> = Vec::new();
    let mut partials: Vec<(AnnualReport, usize)> = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    let mut year = None;
    let sum_pending =
        |pending: &mut Vec<Published>, partials: &mut Vec<(AnnualReport, usize)>, left_out: &mut Vec<String>| {
            let Some(first) = pending.first() else { return Ok(()) };
            let meta = ReportMeta::new(args.name.clone(), first.meta().year()).map_err(|e| e.to_string())?;
            let total = aggregate::sum(meta, pending.iter(), fold).map_err(|e| sum_error(&e))?;
            left_out.extend(total.proactive_left_out().iter().map(|&i| pending[i].meta().organ().to_owned()));
            partials.push((total.report().clone(), total.count()));
            pending.clear();
            Ok::<(), String>(())
        };
    let options = args.limit.options();
    // Each organ's report of the year, by its key: a report is never
    // counted twice.
    let mut seen: HashMap<String, (PathBuf, u64)> = HashMap::new();
    let mut deduped = 0usize;
    let read = |path: &Path| read_and_check(path, &options);
    let unreadable = pipeline::run(&args.paths, args.jobs, read, |path, reports| {
        for (p, findings) in reports {
            if findings.has_errors() {
                invalid += 1;
                let errors = findings.errors().count();
                let message = format!("{}: not valid ({errors} error finding(s)); run `check` on it", path.display());
                if !args.skip_invalid {
                    return Err(Stop::Failed(format!("{message}; the sum stops (--skip-invalid leaves it out)")));
                }
                note(&format!("{message}: left out of the sum ({} {})", p.meta().organ(), p.meta().year()));
                continue;
            }
            let first = *year.get_or_insert(p.meta().year());
            if first != p.meta().year() {
                return Err(Stop::Failed(format!(
                    "{}: a report of {}, not {first}: a sum is of one year",
                    path.display(),
                    p.meta().year()
                )));
            }
            let cells = cells_hash(&p);
            match seen.get(&p.meta().organ_key()) {
                None => {
                    seen.insert(p.meta().organ_key(), (path.to_owned(), cells));
                }
                Some((_, first)) if *first == cells && args.dedupe => {
                    deduped += 1;
                    note(&format!("{}: the same cells as a report summed already: left out", path.display()));
                    continue;
                }
                Some((first, same)) => {
                    let how = if *same == cells {
                        "the same cells: --dedupe sums one".to_owned()
                    } else {
                        difference(first, &p, &options)
                    };
                    return Err(Stop::Failed(format!(
                        "{} and {}: two reports of {} {}; {how}. Nothing summed",
                        first.display(),
                        path.display(),
                        p.meta().organ(),
                        p.meta().year()
                    )));
                }
            }
            pending.push(p);
            if pending.len() == SUM_CHUNK {
                sum_pending(&mut pending, &mut partials, &mut left_out)?;
            }
        }
        Ok(())
    })?;
    sum_pending(&mut pending, &mut partials, &mut left_out)?;
    if unreadable > 0 {
        return Err(Stop::Failed(format!("{unreadable} file(s) could not be read: no sum written")));
    }
    let Some(year) = year else {
        return Err(Stop::Failed("no valid report to sum".to_owned()));
    };
    let meta = ReportMeta::new(args.name.clone(), year).map_err(|e| e.to_string())?;
    let count: usize = partials.iter().map(|(_, n)| n).sum();
    let total = aggregate::sum(meta, partials.iter().map(|(r, _)| r), fold).map_err(|e| sum_error(&e))?;
    let p = total.report().to_published();
    let bytes = match args.to {
        SumTo::Json => {
            let mut json = serde_json::to_vec_pretty(total.report()).map_err(|e| e.to_string())?;
            json.push(b'\n');
            json
        }
        SumTo::Text => render::text(&p).into_bytes(),
        SumTo::Html => {
            let marks = Annotations::new(p.check()).with_derived_totals();
            render::html(&p, &HtmlOptions::page().annotated(marks)).into_bytes()
        }
    };
    emit(args.output.as_deref(), &args.paths, &bytes)?;
    let mut summary = format!("summed {count} report(s) of {year}");
    if invalid > 0 {
        summary.push_str(&format!("; {invalid} invalid report(s) left out"));
    }
    if deduped > 0 {
        summary.push_str(&format!("; {deduped} report(s) of the same cells as another left out"));
    }
    if !left_out.is_empty() {
        summary.push_str(&format!("; table 二 of another edition left out for: {}", left_out.join(", ")));
    }
    note(&summary);
    Ok(Outcome::Clean)
}

/// What a cell holds, for telling two reports apart: its figure (`0`,
/// `0.00` and `0万元` are one), or what it printed instead.
fn held(cell: Option<&disclosure_report::Cell>) -> Option<disclosure_report::Value> {
    cell.map(|c| match c.value() {
        disclosure_report::Value::Number(d) => disclosure_report::Value::Number(d.normalize()),
        other => other,
    })
}

/// Why a sum failed, in the command's terms: the flag that would help, not
/// the library's name for it.
fn sum_error(e: &aggregate::AggregateError) -> String {
    match e {
        aggregate::AggregateError::MixedEditions { organ, edition, expected, .. } => format!(
            "{organ}'s report is {edition}, the others {expected}: --fold-v2021 sums both editions into a \
             V2019 total (V2021 table 三 folds exactly; V2021 table 二, which has no V2019 form, is left out and named)"
        ),
        other => chain(other),
    }
}

/// A hash of what a report's cells hold: two reports are the same when
/// these are.
fn cells_hash(p: &Published) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (cell, printed) in p.cells() {
        (cell.index(), held(printed)).hash(&mut h);
    }
    h.finish()
}

/// Where `p` differs from the report of its organ and year in `first`.
fn difference(first: &Path, p: &Published, options: &disclosure_report::read::Options) -> String {
    let earlier = crate::files::load_all(first, options)
        .ok()
        .and_then(|all| all.into_iter().map(Published::from).find(|q| q.meta().organ_key() == p.meta().organ_key()));
    let Some(earlier) = earlier else { return "they differ".to_owned() };
    let text = |q: &Published, cell| q.get(cell).map_or("(absent)".to_owned(), |c| format!("{:?}", c.text()));
    match p.cells().map(|(cell, _)| cell).find(|&cell| held(earlier.get(cell)) != held(p.get(cell))) {
        Some(cell) => format!("they differ at {cell}: {} against {}", text(&earlier, cell), text(p, cell)),
        None => "they differ outside the tables".to_owned(),
    }
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
    let organ_and_year = |path: &Path| load(path, &options).map(|p| p.published().meta().clone());
    let unreadable = pipeline::run(&args.paths, args.jobs, organ_and_year, |path, meta| {
        let (names, files) = organs.entry(meta.organ_key()).or_default();
        if !names.iter().any(|n| n == meta.organ()) {
            names.push(meta.organ().to_owned());
        }
        files.push((meta.year(), path.to_owned()));
        Ok(())
    })?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut with_errors = 0usize;
    for (names, mut files) in organs.into_values() {
        let organ = names.join(" / ");
        files.sort();
        let reports: Vec<Published> =
            files.iter().filter_map(|(_, f)| load(f, &options).ok()).map(Published::from).collect();
        let findings = aggregate::continuity(&reports);
        with_errors += usize::from(findings.has_errors());
        let years: Vec<u16> = files.iter().map(|(y, _)| *y).collect();
        if args.json {
            let (file_names, bytes): (Vec<String>, Vec<Option<Vec<u8>>>) =
                files.iter().map(|(_, f)| name_json(f)).unzip();
            let mut object = serde_json::json!({ "organ": names[0], "spellings": names, "years": years,
                "files": file_names, "findings": findings });
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

pub fn compare(args: &CompareArgs) -> Result<Outcome, Stop> {
    let mut reports: Vec<Published> = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    let options = args.limit.options();
    let unreadable = pipeline::run(
        &args.paths,
        args.jobs,
        |path| load(path, &options).map(Published::from),
        |path, p| {
            reports.push(p);
            files.push(path.to_owned());
            Ok(())
        },
    )?;
    if unreadable > 0 {
        return Err(Stop::Failed(format!("{unreadable} file(s) could not be read: nothing compared")));
    }
    // One organ's spellings are one organ.
    let mut organs: Vec<(String, &str)> = reports.iter().map(|p| (p.meta().organ_key(), p.meta().organ())).collect();
    organs.sort_unstable();
    organs.dedup_by(|a, b| a.0 == b.0);
    let organs: Vec<&str> = organs.into_iter().map(|(_, name)| name).collect();
    let organ = match (&args.organ, organs.as_slice()) {
        (Some(organ), _) => organ.clone(),
        (None, [one]) => (*one).to_owned(),
        (None, many) => {
            return Err(Stop::Failed(format!(
                "the reports are of {} organs ({}): name one with --organ",
                many.len(),
                many.join("、")
            )));
        }
    };
    let key = ReportMeta::new(organ.clone(), 2019).map(|m| m.organ_key()).unwrap_or_else(|_| organ.clone());
    let mut series: Vec<(&Published, &PathBuf)> =
        reports.iter().zip(&files).filter(|(p, _)| p.meta().organ_key() == key).collect();
    series.sort_by_key(|(p, _)| p.meta().year());
    // Two reports of one year: which to compare is the user's choice, never
    // the order the files were named in.
    if let Some(same) = series.chunk_by(|a, b| a.0.meta().year() == b.0.meta().year()).find(|same| same.len() > 1) {
        let names: Vec<String> = same.iter().map(|(_, f)| f.display().to_string()).collect();
        return Err(Stop::Failed(format!(
            "{organ:?}: {} reports of {} ({}): name one file a year",
            same.len(),
            same[0].0.meta().year(),
            names.join(", ")
        )));
    }
    let series: Vec<&Published> = series.into_iter().map(|(p, _)| p).collect();
    if series.len() < 2 {
        return Err(Stop::Failed(format!("{organ:?}: {} report(s); a comparison needs two years", series.len())));
    }
    let comparisons = aggregate::compare_series(series.iter().copied()).map_err(|e| e.to_string())?;
    let bytes = match args.to {
        CompareTo::Markdown => {
            comparisons.iter().map(render::comparison_markdown).collect::<Vec<_>>().join("\n").into_bytes()
        }
        CompareTo::Html => render::comparison_html(&comparisons).into_bytes(),
        CompareTo::Csv => {
            let mut writer =
                disclosure_report::export::TidyWriter::new(Vec::new(), disclosure_report::export::TidyFormat::Csv);
            for row in comparisons.iter().flat_map(disclosure_report::export::change_rows) {
                writer.write(&row).map_err(|e| chain(&e))?;
            }
            writer.finish().map_err(|e| chain(&e))?
        }
        CompareTo::Json => {
            let mut json = serde_json::to_vec_pretty(&comparisons).map_err(|e| e.to_string())?;
            json.push(b'\n');
            json
        }
    };
    emit(args.output.as_deref(), &args.paths, &bytes)?;
    Ok(Outcome::Clean)
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
