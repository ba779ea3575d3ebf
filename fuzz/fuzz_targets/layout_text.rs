//! Any text as the tables of a report laid out with spaces
//! (`pdftotext -layout`): the fuzzer's text stands for tables 二 to 四 of
//! a real report's layout text, so that the column reader is reached on
//! every input, and is also read whole. Never a panic; what is read
//! renders as text that reads again.
#![no_main]

use disclosure_report::{read, render};
use libfuzzer_sys::fuzz_target;

const REPORT: &str = include_str!("../../tests/data/fixtures/layout/pingtan-2022.lo.layout.txt");

fuzz_target!(|data: &[u8]| {
    let Ok(tables) = std::str::from_utf8(data) else { return };
    let start = REPORT.find("二、主动公开政府信息情况").expect("heading 二");
    let end = REPORT.find("五、存在的主要问题").expect("heading 五");
    // The fuzzer's text in place of the tables, under their headings.
    let text = format!(
        "{}二、主动公开政府信息情况\n{tables}\n三、收到和处理政府信息公开申请情况\n{tables}\n四、政府信息公开行政复议、行政诉讼情况\n{tables}\n{}",
        &REPORT[..start],
        &REPORT[end..]
    );
    for text in [text.as_str(), tables] {
        let Ok(parsed) = read::parse(text) else { continue };
        let _ = parsed.findings();
        let again = render::text(parsed.published());
        let _ = read::parse(&again).expect("rendered text is a report");
    }
});
