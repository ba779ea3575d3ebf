//! Writes the pages `tests/data/made` prints to PDF: a real report's page
//! rewritten with table 三's 自然人 column after the organisations and
//! table 四's 行政诉讼 block before 行政复议, its tables ruled.
//!
//! ```text
//! cargo run --example moved_columns -- OUT_DIR
//! chromium --headless --no-sandbox --no-pdf-header-footer --print-to-pdf=OUT.pdf OUT_DIR/pingtan-2022.moved-columns.html
//! ```

#[path = "../tests/support/columns.rs"]
mod columns;

use disclosure_report::read::html::{decode, page_grid};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: moved_columns OUT_DIR")?);
    std::fs::create_dir_all(&out)?;
    for stem in ["pingtan-2019", "pingtan-2022"] {
        let path = format!("{}/tests/data/fixtures/html/{stem}.html", env!("CARGO_MANIFEST_DIR"));
        let grid = page_grid(&decode(&std::fs::read(path)?)?)?;
        let (three, persons) = columns::natural_persons_last(&grid);
        let (four, litigation) = columns::litigation_first(&grid);
        let page = columns::rewritten(&grid, &[(three, &persons), (four, &litigation)], None);
        let file = out.join(format!("{stem}.moved-columns.html"));
        std::fs::write(&file, page)?;
        println!("{}", file.display());
    }
    Ok(())
}
