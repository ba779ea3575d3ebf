//! `disclosure_report._native`: the crate's readers, rules and tidy export
//! for Python. Every figure, finding and column comes from the crate; the
//! Python layer (`disclosure_report/__init__.py`) only turns the crate's
//! CSV into pandas frames and spreads files over Dask.
//!
//! The GIL is released while reading: threads read files in parallel.

use std::path::{Path, PathBuf};

use disclosure_report::export::{ExportError, Origin, TidyFormat, TidyWriter, cell_rows, finding_rows, indicator_rows};
use disclosure_report::read::{self as reader, Options, Parsed, SourceFormat, Walk, WalkEntry};
use disclosure_report::{Findings, Published};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;

create_exception!(_native, ReadError, PyValueError, "A report that could not be read; the message says why.");

/// One report, as read: its metadata, findings, cells and JSON.
#[pyclass(frozen, module = "disclosure_report._native")]
struct Report {
    parsed: Parsed,
    findings: Findings,
    /// The file it was read from, as named (`<bytes>` for bytes).
    file: String,
    /// Which report of the file, from 1.
    report_in_file: usize,
}

impl Report {
    fn new(parsed: Parsed, file: String, report_in_file: usize) -> Report {
        let findings = parsed.findings();
        Report { parsed, findings, file, report_in_file }
    }

    fn published(&self) -> &Published {
        self.parsed.published()
    }

    fn origin(&self) -> Origin<'_> {
        Origin::new(&self.file, self.report_in_file)
    }
}

#[pymethods]
impl Report {
    /// The organ, as printed.
    #[getter]
    fn organ(&self) -> &str {
        self.published().meta().organ()
    }

    /// The organ's key: one organ's spellings share it.
    #[getter]
    fn organ_key(&self) -> String {
        self.published().meta().organ_key()
    }

    /// The report year.
    #[getter]
    fn year(&self) -> u16 {
        self.published().meta().year()
    }

    /// `"V2019"` or `"V2021"`.
    #[getter]
    fn edition(&self) -> String {
        self.published().edition().to_string()
    }

    /// The file it was read from.
    #[getter]
    fn file(&self) -> &str {
        &self.file
    }

    /// Every finding, most severe first: dicts of `rule`, `severity`,
    /// `message_zh`, `message_en` and `cells` (each with `section`,
    /// `row_key`, `column_key`, `row_label`, `column_label`, `text`, `year`
    /// and `place`, where it was printed in the source, or `None`).
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for f in self.findings.iter() {
            let d = PyDict::new(py);
            d.set_item("rule", f.rule().id)?;
            d.set_item("severity", f.severity().to_string())?;
            d.set_item("message_zh", f.message_zh())?;
            d.set_item("message_en", f.message_en())?;
            let cells = PyList::empty(py);
            for involved in f.cells() {
                let cell = involved.cell();
                let c = PyDict::new(py);
                c.set_item("section", cell.section().key())?;
                c.set_item("row_key", cell.row().key)?;
                c.set_item("column_key", cell.column().key)?;
                c.set_item("row_label", cell.row_label())?;
                c.set_item("column_label", cell.column_label())?;
                c.set_item("text", involved.text())?;
                c.set_item("year", format!("{:?}", involved.year()).to_lowercase())?;
                c.set_item("place", involved.place().map(|p| p.to_string()))?;
                cells.append(c)?;
            }
            d.set_item("cells", cells)?;
            d.set_item("place", f.place().map(|p| p.to_string()))?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// The cells as the command's `export --to csv` writes them for this
    /// report.
    fn cells_csv(&self) -> PyResult<String> {
        csv_of(cell_rows(self.published(), self.origin()))
    }

    /// The findings as the export's findings file has them.
    fn findings_csv(&self) -> PyResult<String> {
        csv_of(finding_rows(self.published(), &self.findings, self.origin()))
    }

    /// The indicators as the export's indicators file has them.
    fn indicators_csv(&self) -> PyResult<String> {
        csv_of(indicator_rows(self.published(), self.origin()))
    }

    /// The published JSON, as `render --to json` writes it.
    fn to_json(&self) -> PyResult<String> {
        let mut json = serde_json::to_string_pretty(self.published()).map_err(|e| ReadError::new_err(e.to_string()))?;
        json.push('\n');
        Ok(json)
    }

    fn __repr__(&self) -> String {
        format!("<Report {} {} ({}) from {:?}>", self.organ(), self.year(), self.edition(), self.file)
    }
}

/// Rows as CSV with their header.
fn csv_of<R: serde::Serialize>(rows: impl Iterator<Item = R>) -> PyResult<String> {
    let failed = |e: ExportError| ReadError::new_err(e.to_string());
    let mut writer = TidyWriter::new(Vec::new(), TidyFormat::Csv);
    for row in rows {
        writer.write(&row).map_err(failed)?;
    }
    let bytes = writer.finish().map_err(failed)?;
    String::from_utf8(bytes).map_err(|e| ReadError::new_err(e.to_string()))
}

/// The header line of a table: `cells`, `findings` or `indicators` (for a
/// frame of no rows). The crate writes a header with its first row: here,
/// a row of an empty report's, with one finding.
#[pyfunction]
fn header(table: &str) -> PyResult<String> {
    use disclosure_report::{AnnualReport, Cell, ReportMeta};
    let failed = |e: &dyn std::fmt::Display| ReadError::new_err(e.to_string());
    let meta = ReportMeta::new("-", *ReportMeta::YEARS.start()).map_err(|e| failed(&e))?;
    let mut p = AnnualReport::builder(meta).build().map_err(|e| failed(&e))?.to_published();
    if let Some(cell) = p.layout().cell_by_path("requests.new_requests.natural_person") {
        p.set(cell, Cell::printed(cell.info().kind(), "x")).map_err(|e| failed(&e))?;
    }
    let origin = Origin::new("", 1);
    let text = match table {
        "cells" => csv_of(cell_rows(&p, origin))?,
        "findings" => csv_of(finding_rows(&p, &p.check(), origin))?,
        "indicators" => csv_of(indicator_rows(&p, origin))?,
        other => return Err(PyValueError::new_err(format!("no table {other:?}: cells, findings or indicators"))),
    };
    Ok(text.lines().next().unwrap_or_default().to_owned() + "\n")
}

/// Reads the first report of a file: a page, a Word file, a PDF, text or
/// JSON, by its extension or else its content.
#[pyfunction]
fn read(py: Python<'_>, path: PathBuf) -> PyResult<Report> {
    let file = path.to_string_lossy().into_owned();
    let parsed = py.detach(|| reader::read_file(&path, &Options::default())).map_err(|e| read_error(&file, &e))?;
    Ok(Report::new(parsed, file, 1))
}

/// Reads a report from bytes: `format` is `"text"`, `"html"`, `"docx"`,
/// `"pdf"`, `"json"`, or `None` to tell it from the content.
#[pyfunction]
#[pyo3(signature = (data, format = None))]
fn read_bytes(py: Python<'_>, data: &[u8], format: Option<&str>) -> PyResult<Report> {
    let format = match format {
        None => SourceFormat::sniff_bytes(data),
        Some("text") => SourceFormat::Text,
        Some("html") => SourceFormat::Html,
        Some("docx") => SourceFormat::Docx,
        Some("pdf") => SourceFormat::Pdf,
        Some("json") => SourceFormat::Json,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "format {other:?}: one of \"text\", \"html\", \"docx\", \"pdf\", \"json\", or None"
            )));
        }
    };
    let parsed =
        py.detach(|| reader::read_bytes(data, format, &Options::default())).map_err(|e| read_error("<bytes>", &e))?;
    Ok(Report::new(parsed, "<bytes>".to_owned(), 1))
}

fn read_error(file: &str, e: &reader::ReadError) -> PyErr {
    ReadError::new_err(format!("{file}: {}", reason(e)))
}

/// Why a file was not read: the error and each of its causes.
fn reason(e: &reader::ReadError) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    message
}

/// The report files under `paths`, as the command walks them, and the
/// entries that could not be read (with why).
#[pyfunction]
fn walk(paths: Vec<PathBuf>) -> (Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in Walk::new(&paths) {
        match entry {
            WalkEntry::File(f) => files.push(f.to_string_lossy().into_owned()),
            WalkEntry::Problem(p) => problems.push(p),
        }
    }
    (files, problems)
}

/// One file's tables: cells, findings and indicators as CSV without their
/// header, or why it could not be read.
type Tables = Result<[String; 3], String>;

fn tables_of(path: &Path) -> Tables {
    let file = path.to_string_lossy().into_owned();
    let reports = reader::read_file_all(path, &Options::default()).map_err(|e| reason(&e))?;
    let mut out = [String::new(), String::new(), String::new()];
    for (k, parsed) in reports.into_iter().enumerate() {
        let report = Report::new(parsed, file.clone(), k + 1);
        let tables = [report.cells_csv(), report.findings_csv(), report.indicators_csv()];
        for (all, table) in out.iter_mut().zip(tables) {
            let table = table.map_err(|e| e.to_string())?;
            // Each table without its header line.
            all.push_str(table.split_once('\n').map_or("", |(_, rows)| rows));
        }
    }
    Ok(out)
}

/// The three tables' rows, and each file not read with why.
type Exported = ([String; 3], Vec<(String, String)>);

/// Every report of the files under `paths`: the cells, findings and
/// indicators tables as CSV rows (no header), in the order of the walk,
/// and the files that could not be read, with why. `jobs` threads read
/// files at once (every core by default); the GIL is released meanwhile.
#[pyfunction]
#[pyo3(signature = (paths, jobs = None))]
fn export(py: Python<'_>, paths: Vec<PathBuf>, jobs: Option<usize>) -> PyResult<Exported> {
    py.detach(|| {
        let mut files = Vec::new();
        let mut failed = Vec::new();
        for entry in Walk::new(&paths) {
            match entry {
                WalkEntry::File(f) => files.push(f),
                WalkEntry::Problem(p) => failed.push((String::new(), p)),
            }
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.unwrap_or(0))
            .build()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let results: Vec<Tables> = pool.install(|| files.par_iter().map(|f| tables_of(f)).collect());
        let mut out = [String::new(), String::new(), String::new()];
        for (file, result) in files.iter().zip(results) {
            match result {
                Ok(tables) => {
                    for (all, table) in out.iter_mut().zip(tables) {
                        all.push_str(&table);
                    }
                }
                Err(why) => failed.push((file.to_string_lossy().into_owned(), why)),
            }
        }
        Ok((out, failed))
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ReadError", m.py().get_type::<ReadError>())?;
    m.add_class::<Report>()?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(read_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(walk, m)?)?;
    m.add_function(wrap_pyfunction!(export, m)?)?;
    m.add_function(wrap_pyfunction!(header, m)?)?;
    Ok(())
}
