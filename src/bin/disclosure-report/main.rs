//! `disclosure-report`: check, render, export, sum and compare PRC
//! government information disclosure annual reports
//! (政府信息公开工作年度报告) from the command line.

mod check;
mod files;
mod other;
mod pipeline;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use disclosure_report::rules::{Finding, Severity};

const FORMATS: &str = "\
Reports are read from text extracted from a PDF (.txt), web pages (.html, .htm), Word files (.docx), \
PDF files (.pdf) and JSON (.json: a published report, or a strict one); a file with another name is \
read by its content. A directory stands for every such file inside it, recursively.";

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
    #[command(
        after_help = "Examples:\n  disclosure-report render report.pdf --to html --annotate -o checked.html\n  disclosure-report render report.html --to docx -o report.docx"
    )]
    Render(RenderArgs),
    /// Write tidy tables for pandas, R or DuckDB: one row per cell of every
    /// report, and one row per finding and cell.
    ///
    /// The cells go to FILE; the findings to FILE with `.findings` before its
    /// extension (cells.csv → cells.findings.csv). Both appear only once
    /// complete. Exit status: 0 written, 2 a file could not be read.
    #[command(after_help = "Example:\n  disclosure-report export reports/ --to csv -o cells.csv")]
    Export(ExportArgs),
    /// Sum the reports of one year into an area total (全市合计).
    ///
    /// Every report must be valid (no error finding); an invalid one stops
    /// the sum with its findings, unless --skip-invalid. Sums are exact:
    /// an overflow is an error, never a wrap.
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
    #[command(
        after_help = "Example:\n  disclosure-report completions bash > /etc/bash_completion.d/disclosure-report"
    )]
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
    paths: Vec<String>,
    /// One JSON object per report and line (file, organ, year, edition,
    /// findings); the summary goes to standard error.
    #[arg(long)]
    json: bool,
    /// Also check each report against its previous year's report of the
    /// same organ (the X.* rules).
    #[arg(long, value_name = "FILE")]
    previous: Option<String>,
    /// The language of messages in the text output (JSON has both).
    #[arg(long, value_enum, default_value = "both")]
    lang: Lang,
    /// Show only findings at least this severe (the exit status still
    /// counts every error).
    #[arg(long, value_enum, default_value = "notice", value_name = "SEVERITY")]
    min_severity: MinSeverity,
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
    /// A Word file (needs -o).
    Docx,
}

#[derive(Args)]
struct RenderArgs {
    /// The report file (`-` reads standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// The output format.
    #[arg(long, value_enum, default_value = "html")]
    to: RenderFormat,
    /// Mark every cell a finding names, the missing cells and the derived
    /// ones, and list the findings under each table (HTML only).
    #[arg(long)]
    annotate: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
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
    paths: Vec<String>,
    /// The format of the tables.
    #[arg(long, value_enum, default_value = "csv")]
    to: TidyTo,
    /// The file of cells; the findings go beside it.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
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
    paths: Vec<String>,
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
    /// The output format.
    #[arg(long, value_enum, default_value = "json")]
    to: SumTo,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Args)]
struct SeriesArgs {
    /// Report files or directories: several years of one or more organs.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,
    /// One JSON object per organ and line (organ, years, files, findings).
    #[arg(long)]
    json: bool,
    /// The language of messages in the text output (JSON has both).
    #[arg(long, value_enum, default_value = "both")]
    lang: Lang,
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
    paths: Vec<String>,
    /// The organ to compare, where the reports are of several.
    #[arg(long)]
    organ: Option<String>,
    /// The output format.
    #[arg(long, value_enum, default_value = "markdown")]
    to: CompareTo,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
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
    if let Some(location) = f.location() {
        line.push_str(&format!(" ({location})"));
    }
    let message = match lang {
        Lang::Zh => f.message_zh(),
        Lang::En => f.message_en(),
        Lang::Both => format!("{} / {}", f.message_zh(), f.message_en()),
    };
    format!("{line}: {message}")
}

/// A message on standard error; if that is closed too, there is no one
/// left to tell.
fn note(message: &str) {
    let _ = writeln!(std::io::stderr(), "disclosure-report: {message}");
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
        Command::Sum(args) => other::sum(&args),
        Command::Series(args) => other::series(&args),
        Command::Compare(args) => other::compare(&args),
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
            note(&e);
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
}
