//! Writes N generated reports into a directory — mixed editions, as text
//! and as JSON, every fifth with one perturbed cell — and prints what a
//! check of the directory must find, as JSON.
//!
//! `cargo run --release --features proptest --example generate -- DIR N`

use std::path::PathBuf;

use disclosure_report::layout::Layout;
use disclosure_report::strategy::{perturbed, valid_report};
use disclosure_report::{render, Edition, Prose};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        return Err("usage: generate DIR N".into());
    };
    let dir = PathBuf::from(dir);
    let n: usize = n.parse()?;
    std::fs::create_dir_all(&dir)?;
    let mut runner = TestRunner::deterministic();
    let (mut with_errors, mut cells) = (0, 0);
    for i in 0..n {
        let edition = if i % 2 == 0 { Edition::V2019 } else { Edition::V2021 };
        let mut published = if i % 5 == 0 {
            with_errors += 1;
            perturbed(edition).new_tree(&mut runner).map_err(|e| e.to_string())?.current().published
        } else {
            valid_report(edition).new_tree(&mut runner).map_err(|e| e.to_string())?.current().to_published()
        };
        // Prose the text layout carries as is.
        *published.prose_mut() = Prose { overview: format!("报告{i}。"), ..Prose::default() };
        cells += Layout::of(edition).len();
        let (name, body) = if i % 3 == 0 {
            (format!("{i:05}.json"), serde_json::to_string(&published)?)
        } else {
            (format!("{i:05}.txt"), render::text(&published))
        };
        std::fs::write(dir.join(name), body)?;
    }
    println!("{}", serde_json::json!({ "reports": n, "with_errors": with_errors, "cell_rows": cells }));
    Ok(())
}
