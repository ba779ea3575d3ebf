fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let t = std::time::Instant::now();
    let parsed = disclosure_report::read::read_bytes(&bytes, disclosure_report::read::SourceFormat::Pdf, &Default::default());
    eprintln!("{:?}", t.elapsed());
    match parsed {
        Ok(p) => { println!("{}", p.published.meta()); println!("{:?}", p.published.prose()); println!("{}", p.all_findings()); }
        Err(e) => println!("ERR {e}: {:?}", std::error::Error::source(&e).map(ToString::to_string)),
    }
}
