fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    match disclosure_report::read::parse(&text) { Ok(p) => println!("{}", p.all_findings()), Err(e) => println!("ERR {e}") }
}
