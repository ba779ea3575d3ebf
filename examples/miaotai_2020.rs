//! Builds the seed report — 庙台乡人民政府, 2020, V2019 tables — with the
//! builder, from the figures it printed, and prints it as JSON.
//!
//! The figures are those of `tests/data/miaotai_2020.txt` (text extracted
//! from the published PDF). Its table 四 printed 10 numbers for 15 cells;
//! all are 0, so every cell is 0 here.
//!
//! Run with `cargo run --example miaotai_2020`.

use disclosure_report::{AnnualReport, Change, Count, ItemCounts, Level, OrganKind, ProactiveV2019, ReportMeta};

/// The seed report, built.
pub fn miaotai_2020() -> Result<AnnualReport, Box<dyn std::error::Error>> {
    let meta = ReportMeta::new("庙台乡人民政府", 2020)?.with_kind(OrganKind::PeoplesGovernment(Level::Township));
    let items = |previous, change, decisions| ItemCounts {
        previous: Count::new(previous),
        change: Change::new(change),
        decisions: Count::new(decisions),
    };
    // 第二十条第（一）（八）（九）项 printed only zeros.
    let proactive = ProactiveV2019 {
        licensing: items(3, 3, 0),
        other_services: items(46, 0, 2650),
        penalties: items(5, 5, 0),
        enforcement: items(6, 6, 0),
        ..ProactiveV2019::default()
    };
    // Tables 三 and 四 printed only zeros (no request, no case): the
    // builder's zero tables of the 2020 edition.
    let report = AnnualReport::builder(meta)
        .proactive(proactive)
        .overview("2020 年，庙台乡人民政府信息公开工作在区委、区政府的坚强领导下……")
        .problems("一是推动政务公开和政府信息公开的力度不够，公开内容不具体；二是信息公开的内容不够充实完善，公开的时效性有待加强；三是信息公开管理相对薄弱，人员力量有待加强。")
        .other_matters("通过政府网站公开政府信息 107 条，通过乡村两级公开栏公开各类政务信息 206 条……")
        .build()?;
    Ok(report)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = miaotai_2020()?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    for note in report.notes() {
        eprintln!("{note}");
    }
    Ok(())
}
