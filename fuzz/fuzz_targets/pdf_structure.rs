//! PDF files built from the fuzzer's bytes, so that every input is a file
//! the PDF library opens: a page tree of any shape and depth (the bound is
//! 64 levels), objects of nested arrays and dictionaries (the bound is
//! 100), references that loop, pages whose content draws text and rules.
//! Read (or refused with an error) without a panic reaching the caller.
#![no_main]

use disclosure_report::read::{read_bytes, Options, SourceFormat};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// A PDF value, nesting at most `depth` more levels, referring to objects
/// below `objects`.
fn value(u: &mut Unstructured, depth: u32, objects: usize) -> Result<String> {
    Ok(match u.int_in_range(0..=8)? {
        0 => u.arbitrary::<i64>()?.to_string(),
        1 => format!("{}.{}", u.arbitrary::<i16>()?, u.arbitrary::<u8>()?),
        2 => format!("/{}", ["Type", "Pages", "Page", "Kids", "Count", "Parent", "MediaBox", "Font", "Length"][u.choose_index(9)?]),
        3 => format!("({})", u.arbitrary::<String>()?.replace(['(', ')', '\\'], "")),
        4 if depth > 0 => {
            let n = u.int_in_range(0..=4)?;
            let items: Result<Vec<String>> = (0..n).map(|_| value(u, depth - 1, objects)).collect();
            format!("[{}]", items?.join(" "))
        }
        5 if depth > 0 => {
            let n = u.int_in_range(0..=4)?;
            let items: Result<Vec<String>> =
                (0..n).map(|k| Ok(format!("/K{k} {}", value(u, depth - 1, objects)?))).collect();
            format!("<<{}>>", items?.join(" "))
        }
        6 => format!("{} 0 R", u.int_in_range(0..=objects)?),
        // A run of brackets around the bound on nesting.
        7 => {
            let n = u.int_in_range(90..=110)?;
            format!("{}{}", "[".repeat(n), "]".repeat(n))
        }
        _ => "null".to_owned(),
    })
}

/// A page's content: text and rules at places the fuzzer picks.
fn content(u: &mut Unstructured) -> Result<String> {
    let mut ops = String::from("BT /F1 10 Tf ");
    for _ in 0..u.int_in_range(0..=20)? {
        let text: String = u.arbitrary::<String>()?.chars().filter(|c| c.is_ascii_alphanumeric()).take(20).collect();
        ops.push_str(&format!("1 0 0 1 {} {} Tm ({text}) Tj ", u.int_in_range(0..=600)?, u.int_in_range(0..=800)?));
    }
    ops.push_str("ET ");
    for _ in 0..u.int_in_range(0..=20)? {
        let (x, y, w, h) = (u.int_in_range(0..=600)?, u.int_in_range(0..=800)?, u.int_in_range(0..=300)?, u.int_in_range(0..=30)?);
        ops.push_str(&format!("{x} {y} {w} {h} re S "));
    }
    Ok(ops)
}

fn build(u: &mut Unstructured) -> Result<Vec<u8>> {
    // Objects: 1 catalog, 2 font, then page tree nodes and pages, then
    // extra objects of nested values.
    let levels = u.int_in_range(0..=80)?;
    let pages = u.int_in_range(1..=4)?;
    let extra = u.int_in_range(0..=4)?;
    let total = 2 + levels + 2 * pages + extra;
    let mut objects = vec![
        format!("<< /Type /Catalog /Pages {} 0 R /X {} >>", 3, value(u, 3, total)?),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    // A chain of `levels` page tree nodes; the last holds the pages.
    let first_page = 3 + levels.max(1);
    for level in 0..levels.max(1) {
        let me = 3 + level;
        let kids: Vec<String> = if level + 1 < levels {
            vec![format!("{} 0 R", me + 1)]
        } else {
            (0..pages).map(|p| format!("{} 0 R", first_page + 2 * p)).collect()
        };
        let looped = if u.ratio(1, 20)? { " 3 0 R" } else { "" };
        objects.push(format!("<< /Type /Pages /Kids [{}{looped}] /Count {pages} >>", kids.join(" ")));
    }
    for p in 0..pages {
        let stream = content(u)?;
        objects.push(format!(
            "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 2 0 R >> >> /Contents {} 0 R /X {} >>",
            first_page + 2 * p + 1,
            value(u, 4, total)?
        ));
        objects.push(format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()));
    }
    for _ in 0..extra {
        objects.push(value(u, 6, total)?);
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    Ok(out)
}

fuzz_target!(|data: &[u8]| {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Ok(pdf) = build(&mut Unstructured::new(data)) else { return };
    if let Ok(parsed) = read_bytes(&pdf, SourceFormat::Pdf, &Options::default()) {
        let _ = parsed.findings();
    }
});
