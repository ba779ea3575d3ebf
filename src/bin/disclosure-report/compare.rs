//! `compare`: an organ's reports year on year.

use std::path::PathBuf;

use disclosure_report::aggregate;
use disclosure_report::render;
use disclosure_report::{Finding, Published};

use crate::files::{chain, load};
use crate::other::emit;
use crate::sum::cells_hash;
use crate::{CompareArgs, CompareTo, Outcome, Stop, note, pipeline};

/// A report to compare, its file, and its error findings.
struct Compared {
    report: Published,
    file: PathBuf,
    errors: Vec<Finding>,
}

/// What is wrong with a report that is compared all the same, in both
/// languages: its year, file and error findings.
fn invalid_note(c: &Compared) -> String {
    let rules: Vec<&str> = c.errors.iter().map(|f| f.rule().id).collect();
    format!(
        "{} 年报告（{}）有 {} 个错误，其变化不可全信 / the {} report ({}) has {} error finding(s), so its changes \
         are not to be trusted: {}",
        c.report.meta().year(),
        c.file.display(),
        c.errors.len(),
        c.report.meta().year(),
        c.file.display(),
        c.errors.len(),
        rules.join(", ")
    )
}

pub fn compare(args: &CompareArgs) -> Result<Outcome, Stop> {
    let mut reports: Vec<Compared> = Vec::new();
    let options = args.limit.options();
    let renames = args.organs.load()?;
    let unreadable = pipeline::run(
        &args.paths,
        args.jobs,
        |path| load(path, &options),
        |path, parsed| {
            let errors = parsed.findings().errors().cloned().collect();
            reports.push(Compared { report: parsed.into_published(), file: path.to_owned(), errors });
            Ok(())
        },
    )?;
    if unreadable > 0 {
        return Err(Stop::Failed(format!("{unreadable} file(s) could not be read: nothing compared")));
    }
    // One organ's spellings (and former names) are one organ; its name
    // shown is the first of them in order, whatever the order of the files.
    let key_of = |c: &Compared| renames.key(c.report.meta());
    let mut organs: Vec<(String, &str)> = reports.iter().map(|c| (key_of(c), c.report.meta().organ())).collect();
    organs.sort_unstable();
    organs.dedup_by(|a, b| a.0 == b.0);
    let (key, organ) = match (&args.organ, organs.as_slice()) {
        (Some(organ), _) => (renames.key_of(organ), organ.clone()),
        (None, [(key, name)]) => (key.clone(), (*name).to_owned()),
        (None, []) => return Err(Stop::Failed("no report found: nothing to compare".to_owned())),
        (None, many) => {
            let names: Vec<&str> = many.iter().map(|(_, name)| *name).collect();
            return Err(Stop::Failed(format!(
                "the reports are of {} organs ({}): name one with --organ",
                many.len(),
                names.join("、")
            )));
        }
    };
    let mut series: Vec<&Compared> = reports.iter().filter(|c| key_of(c) == key).collect();
    series.sort_by(|a, b| (a.report.meta().year(), &a.file).cmp(&(b.report.meta().year(), &b.file)));
    // Two reports of one year: which to compare is the user's choice, never
    // the order the files were named in.
    let year = |c: &Compared| c.report.meta().year();
    if args.dedupe {
        // Of a year's reports holding the same cells, the first file (in
        // order of name) stands for all.
        series.dedup_by(|later, kept| {
            let same = year(later) == year(kept) && cells_hash(&later.report) == cells_hash(&kept.report);
            if same {
                note(&format!("{}: left out: the same cells as {}", later.file.display(), kept.file.display()));
            }
            same
        });
    }
    if let Some(same) = series.chunk_by(|a, b| year(a) == year(b)).find(|same| same.len() > 1) {
        let names: Vec<String> = same.iter().map(|c| c.file.display().to_string()).collect();
        let identical = same.iter().all(|c| cells_hash(&c.report) == cells_hash(&same[0].report));
        let how = if identical { "the same cells: --dedupe compares one" } else { "they differ: name one file a year" };
        return Err(Stop::Failed(format!(
            "{organ:?}: {} reports of {} ({}); {how}",
            same.len(),
            year(same[0]),
            names.join(", ")
        )));
    }
    if series.len() < 2 {
        return Err(Stop::Failed(format!("{organ:?}: {} report(s); a comparison needs two years", series.len())));
    }
    let invalid: Vec<&Compared> = series.iter().copied().filter(|c| !c.errors.is_empty()).collect();
    if !invalid.is_empty() && !args.allow_invalid {
        let notes: Vec<String> = invalid.iter().map(|c| invalid_note(c)).collect();
        return Err(Stop::Failed(format!(
            "{}\nnothing compared: check these reports, or compare them all the same with --allow-invalid",
            notes.join("\n")
        )));
    }
    let notes: Vec<String> = invalid.iter().map(|c| invalid_note(c)).collect();
    for line in &notes {
        note(line);
    }
    let comparisons =
        aggregate::compare_series_with_organs(series.iter().map(|c| &c.report), &renames).map_err(|e| e.to_string())?;
    let file_of = |y: u16| series.iter().find(|c| year(c) == y).map(|c| c.file.display().to_string());
    let errors_of = |y: u16| -> Vec<&Finding> {
        series.iter().find(|c| year(c) == y).map_or_else(Vec::new, |c| c.errors.iter().collect())
    };
    let bytes = match args.to {
        CompareTo::Markdown => {
            let warnings: String = notes.iter().map(|n| format!("> **警告 / Warning:** {n}\n\n")).collect();
            let body = comparisons.iter().map(render::comparison_markdown).collect::<Vec<_>>().join("\n");
            format!("{warnings}{body}").into_bytes()
        }
        CompareTo::Html => {
            let page = render::comparison_html(&comparisons);
            with_warnings(page, &notes).into_bytes()
        }
        CompareTo::Csv => {
            let mut writer =
                disclosure_report::export::TidyWriter::new(Vec::new(), disclosure_report::export::TidyFormat::Csv);
            for mut row in comparisons.iter().flat_map(disclosure_report::export::change_rows) {
                row.organ_key = key.as_str().into();
                writer.write(&row).map_err(|e| chain(&e))?;
            }
            writer.finish().map_err(|e| chain(&e))?
        }
        CompareTo::Json => {
            let mut all = Vec::new();
            for c in &comparisons {
                let mut object = serde_json::to_value(c).map_err(|e| e.to_string())?;
                object["organ_key"] = key.clone().into();
                // Each year's error findings: empty unless --allow-invalid
                // let an invalid report through.
                let (before, now) = c.years();
                object["files"] = serde_json::json!({ "previous": file_of(before), "current": file_of(now) });
                object["errors"] = serde_json::json!({
                    "previous": errors_of(before),
                    "current": errors_of(now),
                });
                all.push(object);
            }
            let mut json = serde_json::to_vec_pretty(&all).map_err(|e| e.to_string())?;
            json.push(b'\n');
            json
        }
    };
    emit(args.output.as_deref(), &args.paths, &bytes)?;
    Ok(Outcome::Clean)
}

/// `page` with `notes` as warnings under its first heading.
fn with_warnings(mut page: String, notes: &[String]) -> String {
    if notes.is_empty() {
        return page;
    }
    let mut block = String::from(
        "<div class=\"warnings\" role=\"alert\" style=\"border:2px solid #c00;background:#fdd;padding:4px 8px\">\n",
    );
    for n in notes {
        block.push_str(&format!("<p><b>警告 / Warning:</b> {}</p>\n", html_text(n)));
    }
    block.push_str("</div>\n");
    let at = page.find("</h1>\n").map_or(0, |i| i + "</h1>\n".len());
    page.insert_str(at, &block);
    page
}

/// Text as HTML character data.
fn html_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
