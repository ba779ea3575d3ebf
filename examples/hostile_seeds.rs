//! Writes the hostile inputs that once aborted, hung or flooded memory
//! into a directory, as seeds for the fuzz targets (`fuzz/run-long.sh`).
//!
//! ```text
//! cargo run --example hostile_seeds -- DIR
//! ```

#[path = "../tests/hostile/mod.rs"]
mod hostile;

fn main() -> std::io::Result<()> {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: hostile_seeds DIR");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;
    for (name, bytes) in hostile::all() {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}
