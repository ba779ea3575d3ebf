fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    match disclosure_report::read::pdf::document_text(&bytes) { Ok(t) => println!("{t}"), Err(e) => println!("ERR {e}") }
}
