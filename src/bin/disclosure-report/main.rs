//! `disclosure-report`: check, render, export, sum and compare PRC
//! government information disclosure annual reports
//! (政府信息公开工作年度报告) from the command line.

mod check;
mod compare;
mod files;
mod other;
mod pipeline;
mod sum;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use disclosure_report::ReportMeta;
use disclosure_report::aggregate::Organs;
use disclosure_report::read::{DEFAULT_MAX_SIZE, Options};
use disclosure_report::{Finding, Severity};

const FORMATS: &str = "\
Reports are read from text extracted from a PDF (.txt), web pages (.html, .htm), Word files (.docx), \
PDF files (.pdf) and JSON (.json: a published report, or a strict one); a file with another name is \
read by its content. A directory stands for every such file inside it, recursively. A file larger than \
--max-size (64 MiB unless set) is refused unread.

File names need not be UTF-8: they are shown lossily (� for what is not text), and where a name is not \
UTF-8, the JSON outputs (check --json, series --json) give its bytes as well, as an array of integers \
(\"file_bytes\"; \"files_bytes\" in series, null for a name that is UTF-8).

In text output, control characters coming from the reports or their names (escape sequences, bells, \
bidirectional overrides) are written escaped, as \\u{1b}.";

/// Check, render, export, sum and compare PRC government information
/// disclosure annual reports (政府信息公开工作年度报告), both editions of the
/// national format (2019 trial, 2021).
#[derive(Parser)]
#[command(name = "disclosure-report", version, propagate_version = true, after_help = FORMATS)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check reports against the format's rules and list what is wrong.
    ///
    /// Every problem is a finding with a stable rule id (T3.balance,
    /// cell.blank, …), a severity, the cells it names and a message in
    /// Chinese and English. With no path, the bundled seed report (庙台乡,
    /// 2020) is checked.
    ///
    /// Exit status: 0 no error finding, 1 error findings, 2 a file could
    /// not be read or is not a report.
    #[command(
        after_help = "Examples:\n  disclosure-report check report.html\n  disclosure-report check --json --jobs 2 reports/ > findings.jsonl\n  disclosure-report check --previous 2022.docx 2023.docx"
    )]
    Check(CheckArgs),
    /// Print one report in an official layout, or as JSON or Word.
    ///
    /// HTML is the official layout of the tables; with --annotate, every cell
    /// a finding names is coloured by severity and carries the message (hover
    /// it, or follow its footnote mark to the list under the table), cells not
    /// printed are hatched, and derived totals are in italics. The page is one
    /// file that works offline.
    ///
    /// A PDF or Word file with --annotate (and no --to) gives the original
    /// itself, annotated: on the PDF's pages a box around each cell a
    /// finding names (red: error, orange: warning), whose note holds the
    /// findings there; in the Word file a comment on each such cell, the cell
    /// shaded; and a note at the start with a summary and the findings that
    /// name no cell. The PDF's original bytes are kept (the annotations are
    /// an update appended to them); every other part of the Word file is
    /// copied as it was.
    #[command(
        after_help = "Examples:\n  disclosure-report render report.pdf --annotate -o checked.pdf\n  disclosure-report render report.docx --annotate -o checked.docx\n  disclosure-report render report.pdf --to html --annotate -o checked.html\n  disclosure-report render report.html --to docx -o report.docx"
    )]
    Render(RenderArgs),
    /// Write tidy tables for pandas, R or DuckDB: one row per cell of every
    /// report, one row per finding and cell, and one per indicator.
    ///
    /// The cells go to FILE; the findings to FILE with `.findings` before its
    /// extension (cells.csv → cells.findings.csv), and the indicators (one
    /// row per report and indicator: exact value, value as shown, numerator,
    /// denominator, why there is none) with `.indicators`. Each appears
    /// only once complete. Exit status: 0 written, 2 a file could not be
    /// read.
    #[command(after_help = "Example:\n  disclosure-report export reports/ --to csv -o cells.csv")]
    Export(ExportArgs),
    /// Sum the reports of one year into an area total (全市合计).
    ///
    /// Every report must be valid (no error finding); an invalid one stops
    /// the sum with its findings, unless --skip-invalid. The leaves are
    /// summed; the totals (the 总计 columns, （七）总计, the group
    /// subtotals) are derived from the summed leaves, not added up as
    /// printed. Sums are exact: an overflow is an error, never a wrap. A
    /// report is never counted twice (see --dedupe).
    #[command(
        after_help = "Example:\n  disclosure-report sum county/2023/ --name 某县 --fold-v2021 --to html -o total.html"
    )]
    Sum(SumArgs),
    /// Check each organ's reports of successive years against each other.
    ///
    /// Reports are grouped by organ; each year is checked against the year
    /// before (the X.* rules: figures carried over, missing or repeated
    /// years). Exit status: 0 no error finding, 1 error findings, 2 a file
    /// could not be read.
    #[command(after_help = "Example:\n  disclosure-report series archive/")]
    Series(SeriesArgs),
    /// Compare an organ's reports year on year: every figure beside the
    /// previous year's, the change, and the largest changes first.
    ///
    /// Give two reports (or more years, or a directory of them) of one
    /// organ. A 2019-edition report and a 2021-edition one are compared in
    /// the 2019 edition's tables 三 and 四; table 二, which has no common
    /// form, is left out. CSV has one row per cell and year.
    ///
    /// The largest changes are listed counts first, then money (the two
    /// are not set against each other); each by the size of the change,
    /// then by the relative change, then in the order of the tables. Years
    /// are compared in order, whatever the order of the files; two reports
    /// of one organ and year are refused, both named, and so is a report
    /// with error findings unless --allow-invalid. Organs are told apart as
    /// `sum` tells them (see --organs).
    #[command(after_help = "Examples:
  disclosure-report compare 2022.html 2023.html --to html -o changes.html
  disclosure-report compare archive/某局/ --to csv -o changes.csv")]
    Compare(CompareArgs),
    /// Print the JSON Schema (draft 2020-12) of a JSON form of reports.
    ///
    /// `strict`: the form a report is built from (every leaf, numbers only,
    /// no total). `published`: the form of a report as printed (any cell, as
    /// text). Use it to check documents before sending them.
    Schema {
        /// Which form.
        #[arg(value_enum)]
        form: SchemaForm,
    },
    /// Print a completion script for a shell.
    #[command(after_help = "Example:\n  disclosure-report completions bash > /etc/bash_completion.d/disclosure-report")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// The language of messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Lang {
    /// 中文.
    Zh,
    /// English.
    En,
    /// Both, Chinese first.
    Both,
}

/// How large a report may be.
#[derive(Args, Clone, Copy)]
struct Limit {
    /// Refuse, unread, a report larger than SIZE: bytes, or a number with a
    /// unit, 500k, 200M, 1G (powers of 1000) or 64MiB, 1GiB (powers of
    /// 1024) [default: 64MiB].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_size: Option<u64>,
}

impl Limit {
    /// The reader's options with this limit.
    fn options(self) -> Options {
        Options::default().with_max_size(self.max_size.unwrap_or(DEFAULT_MAX_SIZE))
    }
}

/// A size, `64MiB` or `200M` or `1048576`.
fn parse_size(s: &str) -> Result<u64, String> {
    let size: bytesize::ByteSize =
        s.trim().parse().map_err(|e| format!("not a size ({e}): give bytes, or 200M, 64MiB, 1G"))?;
    Ok(size.0)
}

/// Which names are one organ.
#[derive(Args, Clone)]
struct OrganArgs {
    /// A CSV file of `name,key` rows (a `name,key` header line may come
    /// first): reports printed under NAME are of the organ KEY — an organ
    /// renamed after a reform, say `区农业局,区农业农村局`. Without it,
    /// organs are told apart by their names, full-width forms and white
    /// space aside; never two names differing in another character.
    #[arg(long, value_name = "FILE")]
    organs: Option<PathBuf>,
}

impl OrganArgs {
    /// The renames of the file, if one was named: refused where a name is
    /// renamed twice to different organs, or renames run in a loop.
    fn load(&self) -> Result<Organs, Stop> {
        let Some(path) = &self.organs else { return Ok(Organs::new()) };
        let failed = |e: &dyn std::fmt::Display| Stop::Failed(format!("{}: {e}", path.display()));
        let bytes = std::fs::read(path).map_err(|e| failed(&e))?;
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&bytes[..]);
        // A record's line, from its byte offset: past the blank lines the
        // reader skipped before it, which it counts as the record's.
        let line_at = |byte: u64| {
            let start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
            let blank = bytes[start..].iter().take_while(|b| matches!(b, b'\n' | b'\r')).count();
            bytes[..start + blank].iter().filter(|&&b| b == b'\n').count() as u64 + 1
        };
        // Each name's key, by the name's key, and the line that said so.
        let mut renames: HashMap<String, (String, u64)> = HashMap::new();
        let organ_key = |name: &str, line: u64| {
            ReportMeta::new(name, *ReportMeta::YEARS.start())
                .map(|m| m.organ_key())
                .map_err(|e| failed(&format!("line {line}: {e}")))
        };
        let mut record = csv::StringRecord::new();
        for n in 0.. {
            if !reader.read_record(&mut record).map_err(|e| failed(&e))? {
                break;
            }
            let line = record.position().map_or(n + 1, |p| line_at(p.byte()));
            let fields: Vec<&str> = record.iter().map(str::trim).collect();
            match fields.as_slice() {
                ["name", "key"] if n == 0 => {}
                [] | [""] => {}
                [name, key] if !name.is_empty() && !key.is_empty() => {
                    let (name, key) = (organ_key(name, line)?, organ_key(key, line)?);
                    if let Some((other, at)) = renames.get(&name).filter(|(other, _)| *other != key) {
                        return Err(failed(&format!(
                            "line {line}: {name} is renamed {key}, but line {at} renamed it {other}"
                        )));
                    }
                    renames.insert(name, (key, line));
                }
                _ => return Err(failed(&format!("line {line}: not a `name,key` row"))),
            }
        }
        // A loop of renames (甲 → 乙 → 甲) names no organ.
        for start in renames.keys() {
            let mut chain = vec![start.as_str()];
            while let Some((next, line)) = renames.get(*chain.last().unwrap_or(&"")) {
                if next == chain.last().copied().unwrap_or_default() {
                    break;
                }
                if chain.contains(&next.as_str()) {
                    chain.push(next);
                    return Err(failed(&format!("line {line}: renames in a loop: {}", chain.join(" → "))));
                }
                chain.push(next);
            }
        }
        if renames.is_empty() {
            note(&format!("{}: no rename in it", path.display()));
        }
        Ok(renames.into_iter().map(|(name, (key, _))| (name, key)).collect())
    }
}

/// How many threads read files.
#[derive(Args, Clone, Copy)]
struct Jobs {
    /// Read and check this many files at once [default: every core].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Never show the progress bar (shown on a terminal, for many files).
    #[arg(long)]
    no_progress: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Report files or directories; `-` reads standard input. None: the
    /// bundled seed report.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// One JSON object per report and line (file, organ, organ_key, year,
    /// edition, findings; file_bytes, the name's bytes, where it is not UTF-8); the
    /// summary goes to standard error.
    #[arg(long)]
    json: bool,
    /// Also check each report against its previous year's report of the
    /// same organ (the X.* rules).
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// The language of messages in the text output (JSON has both).
    #[arg(long, value_enum, default_value = "both")]
    lang: Lang,
    /// Show only findings at least this severe (the exit status still
    /// counts every error).
    #[arg(long, value_enum, default_value = "notice", value_name = "SEVERITY")]
    min_severity: MinSeverity,
    #[command(flatten)]
    organs: OrganArgs,
    #[command(flatten)]
    limit: Limit,
    #[command(flatten)]
    jobs: Jobs,
}

/// A severity, as a command-line value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum MinSeverity {
    /// Everything: errors, warnings and notices.
    Notice,
    /// Errors and warnings.
    Warning,
    /// Errors only.
    Error,
}

impl From<MinSeverity> for Severity {
    fn from(s: MinSeverity) -> Severity {
        match s {
            MinSeverity::Notice => Severity::Notice,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Error => Severity::Error,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum RenderFormat {
    /// The official layout as text, cells separated by tabs.
    Text,
    /// Markdown: headings, prose and pipe tables.
    Markdown,
    /// A web page with the official tables.
    Html,
    /// The report as published, in JSON.
    Json,
    /// A Word file (needs -o); with --annotate and a Word file given, that
    /// file with the findings as comments.
    Docx,
    /// With --annotate and a PDF given: that PDF with the findings drawn
    /// on its pages (needs -o).
    Pdf,
}

#[derive(Args)]
struct RenderArgs {
    /// The report file (`-` reads standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The output format [default: html; text when writing to a terminal
    /// without --annotate; with --annotate, a PDF or Word file's own form]
    #[arg(long, value_enum)]
    to: Option<RenderFormat>,
    /// Mark every cell a finding names: in HTML, with the missing cells and
    /// the derived ones, and the findings listed under each table, most
    /// severe first; on a PDF's own pages, or in a Word file's own text.
    #[arg(long)]
    annotate: bool,
    /// With --annotate: mark only findings at least this severe. Notices
    /// (accepted deviations: label variants, blanks, reflowed rows) are
    /// left out unless asked for.
    #[arg(long, value_enum, default_value = "warning", value_name = "SEVERITY", requires = "annotate")]
    min_severity: MinSeverity,
    /// Write to this file instead of standard output, whole or not at all.
    /// A FIFO or a device (/dev/null, /dev/stdout) is written straight
    /// through; a symbolic link, to the file it names (the link stays).
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    limit: Limit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TidyTo {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

#[derive(Args)]
struct ExportArgs {
    /// Report files or directories.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// The format of the tables.
    #[arg(long, value_enum, default_value = "csv")]
    to: TidyTo,
    /// The file of cells; the findings go beside it. Each is written whole
    /// or not at all; a FIFO or a device is written straight through, a
    /// symbolic link to the file it names.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    #[command(flatten)]
    organs: OrganArgs,
    #[command(flatten)]
    limit: Limit,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SumTo {
    /// The total as a strict report in JSON.
    Json,
    /// The official layout as text.
    Text,
    /// A web page, derived totals marked.
    Html,
}

#[derive(Args)]
struct SumArgs {
    /// Report files or directories, all of one year.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// The area's name, as in the total's title.
    #[arg(long, default_value = "合计")]
    name: String,
    /// Sum 2021-edition reports into the 2019 edition's table 三 (which has
    /// fewer rows); table 二 of the other edition is left out, and named.
    #[arg(long)]
    fold_v2021: bool,
    /// Leave out the reports that are not valid (named on standard error)
    /// instead of stopping.
    #[arg(long)]
    skip_invalid: bool,
    /// Of two reports of one organ and year with the same cells (a copy, a
    /// page and its JSON), sum one and name the other. Without it they are
    /// refused; two that differ are refused all the same, where they differ
    /// said. Organs are told apart by their names, full-width forms and
    /// white space aside.
    #[arg(long)]
    dedupe: bool,
    /// The output format.
    #[arg(long, value_enum, default_value = "json")]
    to: SumTo,
    /// Write to this file instead of standard output, whole or not at all.
    /// A FIFO or a device (/dev/null, /dev/stdout) is written straight
    /// through; a symbolic link, to the file it names (the link stays).
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    organs: OrganArgs,
    #[command(flatten)]
    limit: Limit,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Args)]
struct SeriesArgs {
    /// Report files or directories: several years of one or more organs.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// One JSON object per organ and line (organ, organ_key, spellings,
    /// years, files, findings; files_bytes, each name's bytes or null, where
    /// a name is not UTF-8).
    #[arg(long)]
    json: bool,
    /// The language of messages in the text output (JSON has both).
    #[arg(long, value_enum, default_value = "both")]
    lang: Lang,
    /// Of two reports of one organ and year with the same cells (a copy, a
    /// page and its JSON), check one. Without it both are named under an
    /// X.duplicate_year warning, and the first file (in order of name) is
    /// the one checked against the other years.
    #[arg(long)]
    dedupe: bool,
    #[command(flatten)]
    organs: OrganArgs,
    #[command(flatten)]
    limit: Limit,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum CompareTo {
    /// Markdown: the largest changes, what appeared or vanished, every cell.
    Markdown,
    /// A web page: the official tables with both figures in each cell.
    Html,
    /// Tidy CSV: one row per cell and year, with `previous` and `change`.
    Csv,
    /// JSON: every comparison, its cells, what appeared and vanished.
    Json,
}

#[derive(Args)]
struct CompareArgs {
    /// Two or more reports of one organ, or directories of them.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// The organ to compare, where the reports are of several.
    #[arg(long)]
    organ: Option<String>,
    /// Of two reports of one organ and year with the same cells (a copy, a
    /// page and its JSON), compare one. Without it they are refused, both
    /// named; two that differ are refused all the same.
    #[arg(long)]
    dedupe: bool,
    /// Compare reports with error findings all the same: the output warns,
    /// naming each such report and its errors (JSON: `files` and `errors`
    /// of each year; CSV, which has no place for it: standard error).
    /// Without it they are refused.
    #[arg(long)]
    allow_invalid: bool,
    /// The output format.
    #[arg(long, value_enum, default_value = "markdown")]
    to: CompareTo,
    /// Write to this file instead of standard output, whole or not at all.
    /// A FIFO or a device (/dev/null, /dev/stdout) is written straight
    /// through; a symbolic link, to the file it names (the link stays).
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    organs: OrganArgs,
    #[command(flatten)]
    limit: Limit,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SchemaForm {
    /// The strict form: every leaf, numbers only, totals derived.
    Strict,
    /// The published form: any cell, as printed.
    Published,
}

/// A finding on one line, in the language asked for.
fn finding_line(f: &Finding, lang: Lang) -> String {
    let mut line = format!("[{}] {}", f.rule().id, f.severity());
    if let Some((previous, current)) = f.years() {
        line.push_str(&format!(" ({previous}→{current})"));
    }
    if let Some(place) = f.place() {
        let at = match lang {
            Lang::Zh => place.zh(),
            Lang::En => place.to_string(),
            Lang::Both => format!("{} / {place}", place.zh()),
        };
        line.push_str(&format!(" ({at})"));
    }
    let message = match lang {
        Lang::Zh => f.message_zh(),
        Lang::En => f.message_en(),
        Lang::Both => format!("{} / {}", f.message_zh(), f.message_en()),
    };
    format!("{line}: {message}")
}

/// A message on standard error, on one line, with what it quotes of the
/// inputs [`terminal`]-safe; if standard error is closed too, there is no
/// one left to tell.
fn note(message: &str) {
    let _ = writeln!(std::io::stderr(), "disclosure-report: {}", terminal(message));
}

/// Text from the inputs (cells, organ names, file names, messages quoting
/// them) as it may be written to a terminal: every control character (C0,
/// line breaks included, DEL, C1) and every bidirectional override or
/// isolate (U+202A–U+202E, U+2066–U+2069) is written escaped, as `\u{1b}`,
/// so that a report cannot move the cursor, recolour, retitle or reorder
/// what the terminal shows. Apply it to each line written, before its
/// line break.
fn terminal(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file's name in a JSON object: as text, lossy, and, where the name is
/// not UTF-8, its bytes (on Windows, its WTF-8 form), for `file_bytes`.
fn name_json(path: &Path) -> (String, Option<Vec<u8>>) {
    let bytes = path.to_str().is_none().then(|| path.as_os_str().as_encoded_bytes().to_vec());
    (path.to_string_lossy().into_owned(), bytes)
}

/// Why a run stopped early.
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

/// What a run found, as its exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: error findings.
    Errors,
    /// Exit 2: a file could not be read or used.
    Unreadable,
}

impl Outcome {
    fn of(unreadable: usize, with_errors: usize) -> Outcome {
        if unreadable > 0 {
            Outcome::Unreadable
        } else if with_errors > 0 {
            Outcome::Errors
        } else {
            Outcome::Clean
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::check(&args),
        Command::Render(args) => other::render(&args),
        Command::Export(args) => check::export(&args),
        Command::Sum(args) => sum::sum(&args),
        Command::Series(args) => other::series(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Schema { form } => other::schema(form),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "disclosure-report", &mut std::io::stdout());
            Ok(Outcome::Clean)
        }
    };
    match result {
        Ok(Outcome::Clean) | Err(Stop::Closed) => ExitCode::SUCCESS,
        Ok(Outcome::Errors) => ExitCode::from(1),
        Ok(Outcome::Unreadable) => ExitCode::from(2),
        Err(Stop::Failed(e)) => {
            // Line by line: a line break in a message is not a character
            // to escape.
            for line in e.lines() {
                note(line);
            }
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arguments_are_consistent() {
        <Cli as clap::CommandFactory>::command().debug_assert();
    }

    #[test]
    fn sizes_with_and_without_units() {
        assert_eq!(parse_size("64MiB"), Ok(DEFAULT_MAX_SIZE));
        assert_eq!(parse_size("200M"), Ok(200_000_000));
        assert_eq!(parse_size("1G"), Ok(1_000_000_000));
        assert_eq!(parse_size("500k"), Ok(500_000));
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert!(parse_size("much").is_err() && parse_size("-1").is_err() && parse_size("").is_err());
    }

    #[test]
    fn control_characters_are_escaped_for_a_terminal() {
        assert_eq!(terminal("庙台乡 ok"), "庙台乡 ok");
        assert_eq!(
            terminal("a\x1b[31mb\x07\n\u{7f}\u{9b}\u{202e}\u{2066}"),
            "a\\u{1b}[31mb\\u{7}\\u{a}\\u{7f}\\u{9b}\\u{202e}\\u{2066}"
        );
    }
}
