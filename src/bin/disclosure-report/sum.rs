//! `sum`: one year's reports into an area total, with what it covers.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use disclosure_report::aggregate::{self, Fold, Organs};
use disclosure_report::render::{self, Annotations, HtmlOptions};
use disclosure_report::{AnnualReport, Edition, Published, ReportMeta};

use crate::check::read_and_check;
use crate::files::chain;
use crate::other::emit;
use crate::{Outcome, Stop, SumArgs, SumTo, name_json, note, pipeline};

/// Reports summed a chunk at a time, so that memory stays that of a chunk.
const SUM_CHUNK: usize = 1024;

/// A report in a sum, as the output names it.
#[derive(serde::Serialize)]
struct Summand {
    file: String,
    organ: String,
    organ_key: String,
    edition: Edition,
    /// The tables of the total it entered.
    tables: Vec<&'static str>,
    #[serde(skip)]
    cells: u64,
}

/// A report read but not summed, and why.
#[derive(serde::Serialize)]
struct LeftOut {
    file: String,
    organ: String,
    organ_key: String,
    why: String,
}

/// A leaf of the total that some summed reports did not print.
#[derive(serde::Serialize)]
struct Partial {
    #[serde(skip)]
    at: disclosure_report::layout::CellRef,
    cell: String,
    label: String,
    not_printed_by: Vec<String>,
}

/// What a total covers, as its outputs state it.
#[derive(serde::Serialize)]
struct Coverage {
    reports: Vec<Summand>,
    left_out: Vec<LeftOut>,
    partial: Vec<Partial>,
}

impl Coverage {
    /// The account in lines of both languages, for the text and HTML
    /// outputs.
    fn lines(&self, year: u16) -> Vec<String> {
        let mut lines = vec![format!(
            "汇总 {} 份 {year} 年报告 / the total of {} report(s) of {year}:",
            self.reports.len(),
            self.reports.len()
        )];
        for r in &self.reports {
            let numerals = |t: &&str| match *t {
                "proactive" => "表二",
                "requests" => "表三",
                _ => "表四",
            };
            let tables: Vec<&str> = r.tables.iter().map(numerals).collect();
            lines.push(format!("  {} [{}] {} ({}): {}", r.organ, r.organ_key, r.edition, r.file, tables.join(" ")));
        }
        for (section, numeral) in [("proactive", "二"), ("requests", "三"), ("review", "四")] {
            let out: Vec<&str> =
                self.reports.iter().filter(|r| !r.tables.contains(&section)).map(|r| r.organ.as_str()).collect();
            if !out.is_empty() {
                lines.push(format!(
                    "表{numeral}未计入 {} 份（他版无对应格式）/ table {numeral} leaves out {} (no form in the total's edition): {}",
                    out.len(),
                    out.len(),
                    out.join("、")
                ));
            }
        }
        for l in &self.left_out {
            lines.push(format!("未汇总 / left out: {} [{}] ({}): {}", l.organ, l.organ_key, l.file, l.why));
        }
        for p in &self.partial {
            lines.push(format!(
                "部分汇总 / partial: {} — 未印出，按 0 计 / not printed (taken as 0) by {}",
                p.label,
                p.not_printed_by.join("、")
            ));
        }
        lines
    }
}

/// The reports of the current chunk, and where each is among the summands.
#[derive(Default)]
struct Chunk {
    reports: Vec<Published>,
    summands: Vec<usize>,
}

/// A sum under way: the chunks summed, and what the total covers.
struct Summing<'a> {
    args: &'a SumArgs,
    fold: Fold,
    chunk: Chunk,
    totals: Vec<AnnualReport>,
    summands: Vec<Summand>,
    proactive_left_out: Vec<usize>,
    partial: BTreeMap<usize, (disclosure_report::layout::CellRef, Vec<usize>)>,
}

impl Summing<'_> {
    /// Sums the chunk into a partial total, and notes what it left out.
    fn sum_chunk(&mut self) -> Result<(), String> {
        let chunk = std::mem::take(&mut self.chunk);
        let Some(first) = chunk.reports.first() else { return Ok(()) };
        // Each partial total its own organ, for the final sum to take.
        let name = format!("{}#{}", self.args.name, self.totals.len() + 1);
        let meta = ReportMeta::new(name, first.meta().year()).map_err(|e| e.to_string())?;
        let total = aggregate::sum(meta, chunk.reports.iter(), self.fold).map_err(|e| sum_error(&e))?;
        self.proactive_left_out.extend(total.proactive_left_out().iter().map(|&i| chunk.summands[i]));
        for (cell, reports) in total.partial_cells() {
            let entry = self.partial.entry(cell.index()).or_insert_with(|| (*cell, Vec::new()));
            entry.1.extend(reports.iter().map(|&i| chunk.summands[i]));
        }
        self.totals.push(total.into_report());
        Ok(())
    }

    /// What the total covers, in an order of its own (by organ, then file),
    /// whatever the order of the files.
    fn coverage(&mut self, mut left_out: Vec<LeftOut>) -> Coverage {
        for (i, s) in self.summands.iter_mut().enumerate() {
            let proactive = !self.proactive_left_out.contains(&i);
            s.tables = [("proactive", proactive), ("requests", true), ("review", true)]
                .into_iter()
                .filter_map(|(t, covered)| covered.then_some(t))
                .collect();
        }
        let file_of = |i: &usize| self.summands[*i].file.clone();
        // In layout order.
        let partial: Vec<Partial> = self
            .partial
            .values()
            .map(|(cell, reports)| {
                let mut files: Vec<String> = reports.iter().map(file_of).collect();
                files.sort();
                Partial { at: *cell, cell: cell.key_path(), label: cell.to_string(), not_printed_by: files }
            })
            .collect();
        let mut reports = std::mem::take(&mut self.summands);
        reports.sort_by(|a, b| (&a.organ_key, &a.file).cmp(&(&b.organ_key, &b.file)));
        left_out.sort_by(|a, b| (&a.organ_key, &a.file).cmp(&(&b.organ_key, &b.file)));
        Coverage { reports, left_out, partial }
    }
}

pub fn sum(args: &SumArgs) -> Result<Outcome, Stop> {
    let fold = if args.fold_v2021 { Fold::V2021RequestsIntoV2019 } else { Fold::Never };
    let renames = args.organs.load()?;
    let mut summing = Summing {
        args,
        fold,
        chunk: Chunk::default(),
        totals: Vec::new(),
        summands: Vec::new(),
        proactive_left_out: Vec::new(),
        partial: BTreeMap::new(),
    };
    let mut left_out: Vec<LeftOut> = Vec::new();
    let mut invalid = 0usize;
    let mut year = None;
    let options = args.limit.options();
    // Each organ's report of the year, by its key: a report is never
    // counted twice.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let read = |path: &Path| read_and_check(path, &options);
    let unreadable = pipeline::run(&args.paths, args.jobs, read, |path, reports| {
        for (p, findings) in reports {
            let file = name_json(path).0;
            let key = renames.key(p.meta());
            let described = |why: String| LeftOut {
                file: file.clone(),
                organ: p.meta().organ().to_owned(),
                organ_key: key.clone(),
                why,
            };
            if findings.has_errors() {
                invalid += 1;
                let errors = findings.errors().count();
                let message = format!("{}: not valid ({errors} error finding(s)); run `check` on it", path.display());
                if !args.skip_invalid {
                    return Err(Stop::Failed(format!("{message}; the sum stops (--skip-invalid leaves it out)")));
                }
                note(&format!("{message}: left out of the sum ({} {})", p.meta().organ(), p.meta().year()));
                let rules: Vec<&str> = findings.errors().map(|f| f.rule().id).collect();
                left_out.push(described(format!("not valid: {errors} error finding(s): {}", rules.join(", "))));
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
            if let Some(&i) = seen.get(&key) {
                let earlier = &mut summing.summands[i];
                if earlier.cells == cells && args.dedupe {
                    // The same figures: one is summed. Which file is named
                    // as summed does not depend on the order of the files.
                    let mut kept = (file.clone(), p.meta().organ().to_owned());
                    if kept.0 < earlier.file {
                        std::mem::swap(&mut kept.0, &mut earlier.file);
                        std::mem::swap(&mut kept.1, &mut earlier.organ);
                    }
                    note(&format!("{}: left out: the same cells as {}", kept.0, earlier.file));
                    let why = format!("the same cells as {}, summed", earlier.file);
                    left_out.push(LeftOut { file: kept.0, organ: kept.1, organ_key: key, why });
                    continue;
                }
                let how = if earlier.cells == cells {
                    "the same cells: --dedupe sums one".to_owned()
                } else {
                    difference(Path::new(&earlier.file), &p, &options, &renames)
                };
                let mut files = [earlier.file.clone(), path.display().to_string()];
                files.sort();
                return Err(Stop::Failed(format!(
                    "{} and {}: two reports of {} {}; {how}. Nothing summed",
                    files[0],
                    files[1],
                    p.meta().organ(),
                    p.meta().year()
                )));
            }
            seen.insert(key.clone(), summing.summands.len());
            summing.chunk.summands.push(summing.summands.len());
            summing.summands.push(Summand {
                file,
                organ: p.meta().organ().to_owned(),
                organ_key: key,
                edition: p.edition(),
                tables: Vec::new(),
                cells,
            });
            summing.chunk.reports.push(p);
            if summing.chunk.reports.len() == SUM_CHUNK {
                summing.sum_chunk()?;
            }
        }
        Ok(())
    })?;
    summing.sum_chunk()?;
    if unreadable > 0 {
        return Err(Stop::Failed(format!("{unreadable} file(s) could not be read: no sum written")));
    }
    let Some(year) = year else {
        return Err(Stop::Failed("no valid report to sum".to_owned()));
    };
    let meta = ReportMeta::new(args.name.clone(), year).map_err(|e| e.to_string())?;
    let total = aggregate::sum(meta, &summing.totals, fold).map_err(|e| sum_error(&e))?;
    let coverage = summing.coverage(left_out);
    let p = total.report().to_published();
    let bytes = match args.to {
        SumTo::Json => {
            let mut json = serde_json::to_value(total.report()).map_err(|e| e.to_string())?;
            json["sum"] = serde_json::to_value(&coverage).map_err(|e| e.to_string())?;
            let mut json = serde_json::to_vec_pretty(&json).map_err(|e| e.to_string())?;
            json.push(b'\n');
            json
        }
        SumTo::Text => {
            let mut text = render::text(&p);
            text.push_str("\n== 汇总范围 / What this total covers\n");
            for line in coverage.lines(year) {
                text.push_str(&line);
                text.push('\n');
            }
            text.into_bytes()
        }
        SumTo::Html => {
            let partial = coverage.partial.iter().map(|c| (c.at, c.not_printed_by.clone()));
            let marks = Annotations::new(p.check())
                .with_derived_totals()
                .with_partial(partial)
                .with_notes(coverage.lines(year));
            render::html(&p, &HtmlOptions::page().annotated(marks)).into_bytes()
        }
    };
    emit(args.output.as_deref(), &args.paths, &bytes)?;
    let mut summary = format!("summed {} report(s) of {year}", coverage.reports.len());
    if invalid > 0 {
        summary.push_str(&format!("; {invalid} invalid report(s) left out"));
    }
    if coverage.left_out.len() > invalid {
        summary.push_str(&format!(
            "; {} report(s) of the same cells as another left out",
            coverage.left_out.len() - invalid
        ));
    }
    let proactive_out: Vec<&str> =
        coverage.reports.iter().filter(|r| !r.tables.contains(&"proactive")).map(|r| r.organ.as_str()).collect();
    if !proactive_out.is_empty() {
        summary.push_str(&format!("; table 二 of another edition left out for: {}", proactive_out.join(", ")));
    }
    if !coverage.partial.is_empty() {
        summary.push_str(&format!("; {} cell(s) not printed by some reports, taken as 0", coverage.partial.len()));
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
pub(crate) fn cells_hash(p: &Published) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (cell, printed) in p.cells() {
        (cell.index(), held(printed)).hash(&mut h);
    }
    h.finish()
}

/// Where `p` differs from the report of its organ and year in `first`.
fn difference(first: &Path, p: &Published, options: &disclosure_report::read::Options, organs: &Organs) -> String {
    let key = organs.key(p.meta());
    let earlier = crate::files::load_all(first, options)
        .ok()
        .and_then(|all| all.into_iter().map(Published::from).find(|q| organs.key(q.meta()) == key));
    let Some(earlier) = earlier else { return "they differ".to_owned() };
    let text = |q: &Published, cell| q.get(cell).map_or("(absent)".to_owned(), |c| format!("{:?}", c.text()));
    match p.cells().map(|(cell, _)| cell).find(|&cell| held(earlier.get(cell)) != held(p.get(cell))) {
        Some(cell) => format!("they differ at {cell}: {} against {}", text(&earlier, cell), text(p, cell)),
        None => "they differ outside the tables".to_owned(),
    }
}
