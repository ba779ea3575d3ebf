//! Peak memory of the reader on hostile inputs: for each shape, 1, 10 and
//! 100 MB, each read in a fresh process whose peak resident set (VmHWM)
//! is compared with the input's size. Target: at most 10× the input, and
//! growing linearly.
//!
//! ```text
//! cargo bench --bench peak_memory            # the table, and a failure past 10×
//! cargo bench --bench peak_memory -- 1 10    # only these sizes (MB)
//! ```
//!
//! Linux only (it reads `/proc/self/status`).

use std::process::Command;

use disclosure_report::read::{Options, SourceFormat, parse_with, read_bytes};

#[path = "../tests/hostile/mod.rs"]
mod hostile;

/// The shapes: a report whose table section carries a flood of one kind.
const SHAPES: &[(&str, &str)] = &[
    ("table3_unlabelled_rows", "unlabelled table-三 rows of seven numbers"),
    ("table2_stray_lines", "table-二 lines that name no row"),
    ("one_long_line", "one space-separated line of numbers in table 三"),
    ("blank_lines", "empty lines in table 三"),
    ("short_lines", "lines of one digit in table 二"),
    ("duplicate_rows", "one table-三 row printed over and over"),
    ("aligned_rows", "table-三 rows laid out with spaces (pdftotext -layout)"),
    ("aligned_long_line", "one line of numbers laid out with spaces in table 三"),
    ("aligned_units", "table-二 lines laid out with spaces, each a figure and its unit apart"),
    ("html_td_flood", "page: `<td>` over and over in one table"),
    ("html_br_flood", "page: `<br>` over and over"),
    ("html_text_flood", "page: `x<i></i>` over and over (an element and a text node each)"),
    ("html_span_bomb", "page: one cell spanning 65,534 rows × 1,000 columns over empty rows"),
    ("html_nested_divs", "page: `<div>` inside one another"),
    ("docx_nested_tables", "Word: tables inside one another (stored, unzipped)"),
    ("docx_paragraphs", "Word: empty paragraphs over and over (stored, unzipped)"),
    #[cfg(feature = "pdf")]
    ("pdf_nested_arrays", "PDF: arrays inside one another"),
    #[cfg(feature = "pdf")]
    ("pdf_page_tree", "PDF: a page tree one node a level"),
    #[cfg(feature = "pdf")]
    ("pdf_noise", "PDF: `%PDF-1.7` then noise (no xref, no object)"),
    #[cfg(feature = "pdf")]
    ("pdf_padded", "PDF: a real report PDF, then junk after `%%EOF`"),
    #[cfg(feature = "pdf")]
    ("pdf_repeated_objects", "PDF: a real report PDF's body repeated (objects defined again and again)"),
];

/// A PDF input of the shape, about `bytes` long.
#[cfg(feature = "pdf")]
fn pdf_input(shape: &str, bytes: usize) -> Vec<u8> {
    let real = include_bytes!("../tests/data/fixtures/pdf/pingtan-2022.lo.pdf");
    // Noise that is the same in every run (xorshift).
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut noise = std::iter::repeat_with(move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u8
    });
    match shape {
        "pdf_noise" => b"%PDF-1.7\n".iter().copied().chain(noise.by_ref().take(bytes)).collect(),
        "pdf_padded" => real.iter().copied().chain(noise.by_ref().take(bytes.saturating_sub(real.len()))).collect(),
        "pdf_repeated_objects" => {
            let body = &real[..real.len() / 2];
            let mut out = Vec::with_capacity(bytes + real.len());
            while out.len() < bytes {
                out.extend_from_slice(body);
            }
            out.extend_from_slice(real);
            out
        }
        "pdf_nested_arrays" => hostile::nested_arrays_pdf(bytes / 2),
        "pdf_page_tree" => hostile::deep_page_tree_pdf(bytes / 50),
        other => panic!("no PDF shape {other}"),
    }
}

/// A page or Word file of the shape, about `bytes` long, and its format.
fn markup_input(shape: &str, bytes: usize) -> Option<(Vec<u8>, SourceFormat)> {
    let page = match shape {
        "html_td_flood" => hostile::td_flood(bytes),
        "html_br_flood" => hostile::br_flood(bytes),
        "html_text_flood" => hostile::text_flood(bytes),
        "html_span_bomb" => hostile::span_bomb(bytes / 9),
        "html_nested_divs" => hostile::nested_divs(bytes / 11),
        // Stored, so that the file is as large as its document (zipped,
        // these are a few KB: tests/integration/hostile.rs reads those).
        "docx_nested_tables" => {
            let n = bytes / 44;
            let body = format!("{}<w:p/>{}", "<w:tbl><w:tr><w:tc>".repeat(n), "</w:tc></w:tr></w:tbl>".repeat(n));
            return Some((hostile::docx_stored(&body), SourceFormat::Docx));
        }
        "docx_paragraphs" => return Some((hostile::docx_stored(&"<w:p/>".repeat(bytes / 6)), SourceFormat::Docx)),
        _ => return None,
    };
    Some((page.into_bytes(), SourceFormat::Html))
}

fn report_around(edition_year: u16, section_2: &str, section_3: &str) -> String {
    format!(
        "某局{edition_year}年政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n{section_2}三、收到和处理政府信息公开申请情况\n{section_3}四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
    )
}

/// An input of the shape, about `bytes` long.
fn input(shape: &str, bytes: usize) -> String {
    let flood = |line: &str| line.repeat(bytes / line.len().max(1) + 1);
    match shape {
        "table3_unlabelled_rows" => report_around(2022, "", &flood("1\t2\t3\t4\t5\t6\t21\n")),
        "table2_stray_lines" => report_around(2022, &flood("无此行\t1\t2\t3\n"), ""),
        "one_long_line" => report_around(2022, "", &(flood("7 ") + "\n")),
        "blank_lines" => report_around(2022, "", &flood("\n")),
        "short_lines" => report_around(2022, &flood("7\n"), ""),
        "duplicate_rows" => report_around(2022, "", &flood("一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n")),
        "aligned_rows" => {
            report_around(2022, "", &flood("一、本年新收政府信息公开申请数量   1   0   0   0   0   0   1\n"))
        }
        "aligned_long_line" => report_around(2022, "", &(flood("7   ") + "\n")),
        "aligned_units" => report_around(2019, &flood("政府集中采购   1   2 元\n"), ""),
        other => panic!("no shape {other}"),
    }
}

/// The peak resident set of this process, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    kib * 1024
}

/// In the child: build the input, read it unless this is the baseline,
/// print `input_bytes peak_bytes findings`.
fn child(shape: &str, bytes: usize, read: bool) {
    if let Some((input, format)) = markup_input(shape, bytes) {
        let findings = if read {
            let parsed = read_bytes(&input, format, &Options::default());
            parsed.as_ref().map(|p| p.findings().len()).unwrap_or(0)
        } else {
            std::hint::black_box(&input);
            0
        };
        println!("{} {} {findings}", input.len(), peak_rss());
        return;
    }
    #[cfg(feature = "pdf")]
    if shape.starts_with("pdf_") {
        let pdf = pdf_input(shape, bytes);
        let findings = if read {
            let parsed = read_bytes(&pdf, SourceFormat::Pdf, &Options::default());
            parsed.as_ref().map(|p| p.findings().len()).unwrap_or(0)
        } else {
            std::hint::black_box(&pdf);
            0
        };
        println!("{} {} {findings}", pdf.len(), peak_rss());
        return;
    }
    let text = input(shape, bytes);
    let findings = if read {
        let parsed = parse_with(&text, &Options::default());
        parsed.as_ref().map(|p| p.findings().len()).unwrap_or(0)
    } else {
        std::hint::black_box(&text);
        0
    };
    println!("{} {} {findings}", text.len(), peak_rss());
}

/// Runs a child: `[input, peak, findings]`.
fn measure(exe: &std::path::Path, shape: &str, bytes: usize, read: bool) -> [u64; 3] {
    let out = Command::new(exe)
        .env("PEAK_MEMORY_CHILD", format!("{shape}:{bytes}:{}", if read { "read" } else { "baseline" }))
        .output()
        .expect("the child runs");
    let line = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<u64> = line.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    match fields[..] {
        [input, peak, findings] => [input, peak, findings],
        _ => panic!("{shape}, {bytes} bytes: the child failed: {}", String::from_utf8_lossy(&out.stderr)),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if let Ok(spec) = std::env::var("PEAK_MEMORY_CHILD") {
        let mut parts = spec.split(':');
        let (shape, bytes, mode) = (parts.next(), parts.next(), parts.next());
        let (Some(shape), Some(bytes), Some(mode)) = (shape, bytes, mode) else { panic!("shape:bytes:mode") };
        child(shape, bytes.parse().expect("bytes"), mode == "read");
        return;
    }
    let sizes: Vec<usize> =
        if args.is_empty() { vec![1, 10, 100] } else { args.iter().filter_map(|a| a.parse().ok()).collect() };
    let exe = std::env::current_exe().expect("this program");
    // The baseline, in the same run: a process that only builds the same
    // input, so that what the reader adds is the difference.
    let mut over = Vec::new();
    println!(
        "| shape | input | peak, input only (baseline) | peak, input read | peak / input | reader's own | findings |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (shape, about) in SHAPES {
        for mb in &sizes {
            let [_, baseline, _] = measure(&exe, shape, mb * 1_000_000, false);
            let [input, peak, findings] = measure(&exe, shape, mb * 1_000_000, true);
            let ratio = peak as f64 / input as f64;
            let own = peak.saturating_sub(baseline) as f64;
            println!(
                "| {about} | {:.1} MB | {:.1} MB | {:.1} MB | {ratio:.2}× | {:.1} MB ({:.2}×) | {findings} |",
                input as f64 / 1e6,
                baseline as f64 / 1e6,
                peak as f64 / 1e6,
                own / 1e6,
                own / input as f64,
            );
            // Below 10 MB the process's own few MB dominate the ratio.
            if *mb >= 10 && ratio > 10.0 {
                over.push(format!("{shape} at {mb} MB: {ratio:.2}×"));
            }
        }
    }
    if !over.is_empty() {
        eprintln!("over the 10× target: {}", over.join(", "));
        std::process::exit(1);
    }
}
