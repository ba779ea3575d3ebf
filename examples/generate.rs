//! Writes N generated reports into a directory — mixed editions, as text
//! and as JSON, every fifth with one perturbed cell — and prints what a
//! check of the directory must find, as JSON.
//!
//! `cargo run --release --features proptest --example generate -- DIR N`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        return Err("usage: generate DIR N".into());
    };
    let batch = disclosure_report::strategy::write_batch(std::path::Path::new(&dir), n.parse()?)?;
    println!("{}", serde_json::to_string(&batch)?);
    Ok(())
}
