//! `sum`: one year's reports into an area total, with what it covers.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use disclosure_report::aggregate::{self, Fold, Organs};
use disclosure_report::render::{self, Annotations, HtmlOptions};
use disclosure_report::{AnnualReport, Edition, Findings, Published, ReportMeta};

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
    /// Left out as a copy of the report of this organ key summed: its
    /// `why` names that report's file once every file is read.
    #[serde(skip)]
    copy: bool,
}

/// What each table of a total covers.
#[derive(serde::Serialize)]
struct TableCover {
    /// How many reports it sums.
    reports: usize,
    /// The reports summed whose table it leaves out (a V2021 table 二
    /// folded into V2019), by file.
    leaves_out: Vec<String>,
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
    tables: BTreeMap<&'static str, TableCover>,
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
    renames: &'a Organs,
    options: &'a disclosure_report::read::Options,
    chunk: Chunk,
    totals: Vec<AnnualReport>,
    summands: Vec<Summand>,
    proactive_left_out: Vec<usize>,
    partial: BTreeMap<usize, (disclosure_report::layout::CellRef, Vec<usize>)>,
    left_out: Vec<LeftOut>,
    invalid: usize,
    year: Option<u16>,
    /// Each organ summed, by its key: its place among the summands.
    seen: HashMap<String, usize>,
    /// Each organ an area total among the inputs covers, by its key: that
    /// total's file.
    covered: HashMap<String, String>,
}

impl Summing<'_> {
    /// Takes one report read from `path` into the sum, or leaves it out
    /// and says why; refuses what would count an organ twice.
    fn add(&mut self, path: &Path, p: Published, findings: &Findings, covers: &[String]) -> Result<(), Stop> {
        let args = self.args;
        let file = name_json(path).0;
        let key = self.renames.key(p.meta());
        let organ = p.meta().organ().to_owned();
        if findings.has_errors() {
            self.invalid += 1;
            let errors = findings.errors().count();
            let message = format!("{}: not valid ({errors} error finding(s)); run `check` on it", path.display());
            if !args.skip_invalid {
                return Err(Stop::Failed(format!("{message}; the sum stops (--skip-invalid leaves it out)")));
            }
            note(&format!("{message}: left out of the sum ({organ} {})", p.meta().year()));
            let rules: Vec<&str> = findings.errors().map(|f| f.rule().id).collect();
            let why = format!("not valid: {errors} error finding(s): {}", rules.join(", "));
            self.left_out.push(LeftOut { file, organ, organ_key: key, why, copy: false });
            return Ok(());
        }
        let first = *self.year.get_or_insert(p.meta().year());
        if first != p.meta().year() {
            return Err(Stop::Failed(format!(
                "{}: a report of {}, not {first}: a sum is of one year",
                path.display(),
                p.meta().year()
            )));
        }
        // An area total among its own organs' reports counts them twice.
        let clash = if covers.is_empty() {
            self.covered.get(&key).map(|total| (key.clone(), total.clone()))
        } else {
            covers.iter().find_map(|k| {
                let other = self.covered.get(k).or_else(|| self.seen.get(k).map(|&i| &self.summands[i].file))?;
                Some((k.clone(), other.clone()))
            })
        };
        if let Some((k, other)) = clash {
            let mut files = [other, file];
            files.sort();
            return Err(Stop::Failed(format!(
                "{} and {}: both count {k} (an area total written by `sum` counts the reports it sums): it \
                 would be counted twice. Nothing summed",
                files[0], files[1]
            )));
        }
        for k in covers {
            self.covered.insert(k.clone(), file.clone());
        }
        let cells = cells_hash(&p);
        if let Some(&i) = self.seen.get(&key) {
            let earlier = &mut self.summands[i];
            if earlier.cells == cells && args.dedupe {
                // The same figures: one is summed, the first file by name,
                // whatever the order of the files.
                let mut kept = (file, organ);
                if kept.0 < earlier.file {
                    std::mem::swap(&mut kept.0, &mut earlier.file);
                    std::mem::swap(&mut kept.1, &mut earlier.organ);
                }
                let why = String::new();
                self.left_out.push(LeftOut { file: kept.0, organ: kept.1, organ_key: key, why, copy: true });
                return Ok(());
            }
            let how = if earlier.cells == cells {
                "the same cells: --dedupe sums one".to_owned()
            } else {
                difference((&earlier.file, &file), &p, self.options, self.renames)
            };
            let mut files = [earlier.file.clone(), file];
            files.sort();
            return Err(Stop::Failed(format!(
                "{} and {}: two reports of {key} {}; {how}. Nothing summed",
                files[0],
                files[1],
                p.meta().year()
            )));
        }
        self.seen.insert(key.clone(), self.summands.len());
        self.chunk.summands.push(self.summands.len());
        self.summands.push(Summand { file, organ, organ_key: key, edition: p.edition(), tables: Vec::new(), cells });
        self.chunk.reports.push(p);
        if self.chunk.reports.len() == SUM_CHUNK {
            self.sum_chunk()?;
        }
        Ok(())
    }

    /// Sums the chunk into a partial total, and notes what it left out.
    fn sum_chunk(&mut self) -> Result<(), String> {
        let chunk = std::mem::take(&mut self.chunk);
        let Some(first) = chunk.reports.first() else { return Ok(()) };
        // Each partial total its own organ, for the final sum to take.
        let name = format!("{}#{}", self.args.name, self.totals.len() + 1);
        let meta = ReportMeta::new(name, first.meta().year()).map_err(|e| e.to_string())?;
        let file_of = |i: usize| chunk.summands.get(i).map_or_else(String::new, |&s| self.summands[s].file.clone());
        let total = aggregate::sum(meta, chunk.reports.iter(), self.fold).map_err(|e| sum_error(&e, file_of))?;
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
    fn coverage(&mut self) -> Coverage {
        let mut left_out = std::mem::take(&mut self.left_out);
        for copy in left_out.iter_mut().filter(|l| l.copy) {
            let summed = self.seen.get(&copy.organ_key).map(|&i| self.summands[i].file.as_str()).unwrap_or_default();
            note(&format!("{}: left out: the same cells as {summed}", copy.file));
            copy.why = format!("the same cells as {summed}, summed");
        }
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
        let tables = ["proactive", "requests", "review"]
            .into_iter()
            .map(|table| {
                let (covered, out): (Vec<&Summand>, Vec<&Summand>) =
                    reports.iter().partition(|r| r.tables.contains(&table));
                let leaves_out = out.into_iter().map(|r| r.file.clone()).collect();
                (table, TableCover { reports: covered.len(), leaves_out })
            })
            .collect();
        Coverage { reports, tables, left_out, partial }
    }
}

pub fn sum(args: &SumArgs) -> Result<Outcome, Stop> {
    // The area's name is checked before any file is read.
    if args.name.is_empty() {
        return Err(Stop::Failed("--name: give the area's name".to_owned()));
    }
    ReportMeta::new(args.name.clone(), ReportMeta::YEARS.start().to_owned())
        .map_err(|e| format!("--name {:?}: {e}", args.name))?;
    let fold = if args.fold_v2021 { Fold::V2021RequestsIntoV2019 } else { Fold::Never };
    let renames = args.organs.load()?;
    let options = args.limit.options();
    let mut summing = Summing {
        args,
        fold,
        renames: &renames,
        options: &options,
        chunk: Chunk::default(),
        totals: Vec::new(),
        summands: Vec::new(),
        proactive_left_out: Vec::new(),
        partial: BTreeMap::new(),
        left_out: Vec::new(),
        invalid: 0,
        year: None,
        seen: HashMap::new(),
        covered: HashMap::new(),
    };
    let read = |path: &Path| read_and_check(path, &options).map(|reports| (reports, area_total_covers(path)));
    let unreadable = pipeline::run(&args.paths, args.jobs, read, |path, (reports, covers)| {
        for (p, findings) in reports {
            summing.add(path, p, &findings, &covers)?;
        }
        Ok(())
    })?;
    summing.sum_chunk()?;
    if unreadable > 0 {
        return Err(Stop::Failed(format!("{unreadable} file(s) could not be read: no sum written")));
    }
    let Some(year) = summing.year else {
        return Err(Stop::Failed("no valid report to sum".to_owned()));
    };
    let meta = ReportMeta::new(args.name.clone(), year).map_err(|e| e.to_string())?;
    let part = |i: usize| format!("the sum of the files' part {}", i + 1);
    let total = aggregate::sum(meta, &summing.totals, fold).map_err(|e| sum_error(&e, part))?;
    let invalid = summing.invalid;
    let coverage = summing.coverage();
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
            render::html(&p, &HtmlOptions::page().annotated(marks).with_indicators()).into_bytes()
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
/// the library's name for it, and the file, not a position (`file_of`).
fn sum_error(e: &aggregate::AggregateError, file_of: impl Fn(usize) -> String) -> String {
    use aggregate::AggregateError as E;
    match e {
        E::MixedEditions { index, organ, edition, expected, .. } => format!(
            "{} ({organ}) is {edition}, the others {expected}: --fold-v2021 sums both editions into a \
             V2019 total (V2021 table 三 folds exactly; V2021 table 二, which has no V2019 form, is left out and named)",
            file_of(*index)
        ),
        E::Overflow { index, organ, sum, .. } => format!("adding {} ({organ}): {sum}", file_of(*index)),
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

/// Where `p` (read from `files.1`) differs from the report of its organ
/// and year in `files.0`, the two files in order of name.
fn difference(
    files: (&str, &str),
    p: &Published,
    options: &disclosure_report::read::Options,
    organs: &Organs,
) -> String {
    let key = organs.key(p.meta());
    let earlier = crate::files::load_all(Path::new(files.0), options)
        .ok()
        .and_then(|all| all.into_iter().map(Published::from).find(|q| organs.key(q.meta()) == key));
    let Some(earlier) = earlier else { return "they differ".to_owned() };
    let text = |q: &Published, cell| q.get(cell).map_or("(absent)".to_owned(), |c| format!("{:?}", c.text()));
    let Some(cell) = p.cells().map(|(cell, _)| cell).find(|&cell| held(earlier.get(cell)) != held(p.get(cell))) else {
        return "they differ outside the tables".to_owned();
    };
    let mut held_by = [(files.0, text(&earlier, cell)), (files.1, text(p, cell))];
    held_by.sort();
    format!("they differ at {cell}: {} holds {}, {} holds {}", held_by[0].0, held_by[0].1, held_by[1].0, held_by[1].1)
}

/// The organs an area total written by `sum` covers (the keys of its
/// `sum.reports`), if `path` holds one; else none.
fn area_total_covers(path: &Path) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Total {
        sum: Account,
    }
    #[derive(serde::Deserialize)]
    struct Account {
        reports: Vec<Covered>,
    }
    #[derive(serde::Deserialize)]
    struct Covered {
        organ_key: String,
    }
    let Ok(bytes) = std::fs::read(path) else { return Vec::new() };
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Vec::new();
    }
    serde_json::from_slice::<Total>(&bytes)
        .map(|t| t.sum.reports.into_iter().map(|r| r.organ_key).collect())
        .unwrap_or_default()
}
