//! Real documents as they come: labels as offices print them (typos,
//! numbering styles, stray spaces), titles broken over lines. One case of
//! each class, each asserting the figure read or the finding raised.

use disclosure_report::layout::{Section, columns, rows};
use disclosure_report::read::{Parsed, parse};
use disclosure_report::{Cell, Edition};

use crate::reliability::{cell, quoted, replace_line, text};

fn findings_of(parsed: &Parsed, prefix: &str) -> Vec<String> {
    parsed.findings().iter().filter(|f| f.rule().id.starts_with(prefix)).map(|f| f.to_string()).collect()
}

#[test]
fn sub_rows_numbered_in_every_style() {
    let t = text(Edition::V2021, "某局", 2022);
    let secret = cell(Edition::V2021, Section::Requests, &rows::WITHHELD_STATE_SECRET, &columns::NATURAL_PERSON);
    for number in ["1.", "1、", "1．", "(1)", "（1）", "1)", "1）", "①", "⑴", "⒈", "1. ", "1、 ", "（1） ", "１．"]
    {
        let line = format!("{number}属于国家秘密\t3\t0\t0\t0\t0\t0\t3");
        let parsed = parse(&replace_line(&t, "1.属于国家秘密\t", &[&line])).unwrap();
        assert_eq!(parsed.published().get(secret).map(Cell::text), Some("3"), "{number}: {}", parsed.reader_findings());
        assert!(findings_of(&parsed, "parse.").is_empty(), "{number}: {}", parsed.reader_findings());
        // The number's style is no label variant.
        assert!(parsed.published().label_variants().is_empty(), "{number}");
    }
}

#[test]
fn band_and_block_headings_with_their_own_punctuation_and_spaces() {
    let t = text(Edition::V2021, "某局", 2022);
    let t = replace_line(&t, "第二十条第（一）项", &["第二十条 第（一）项"]);
    let t = replace_line(&t, "二、上年结转", &["二．上年结转政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5"]);
    let parsed = parse(&t).unwrap();
    let carried = cell(Edition::V2021, Section::Requests, &rows::CARRIED_IN, &columns::APPLICANT_TOTAL);
    assert_eq!(parsed.published().get(carried).map(Cell::text), Some("5"), "{}", parsed.reader_findings());
    let rules = cell(Edition::V2021, Section::Proactive, &rows::REGULATIONS, &columns::ISSUED);
    assert!(parsed.published().get(rules).is_some(), "{}", parsed.reader_findings());
    assert!(findings_of(&parsed, "parse.").is_empty(), "{}", parsed.reader_findings());
}

/// A label with a typo between two recognised rows is that row, with a
/// `label.variant` notice; a label like no row's is quoted, never guessed.
#[test]
fn a_typo_between_recognised_rows_is_that_row_and_a_stranger_is_quoted() {
    let t = text(Edition::V2021, "某局", 2022);
    let law = cell(Edition::V2021, Section::Requests, &rows::WITHHELD_PROHIBITED_BY_LAW, &columns::NATURAL_PERSON);
    let typo = replace_line(&t, "2.其他法律行政法规禁止公开\t", &["2.其他法律行政止公开\t6\t0\t0\t0\t0\t0\t6"]);
    let parsed = parse(&typo).unwrap();
    assert_eq!(parsed.published().get(law).map(Cell::text), Some("6"), "{}", parsed.reader_findings());
    let v = parsed.published().label_variants();
    assert_eq!(
        (v.len(), v[0].official.as_str(), v[0].printed.as_str()),
        (1, "2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    );
    assert!(findings_of(&parsed, "parse.").is_empty(), "{}", parsed.reader_findings());

    let stranger = replace_line(&t, "2.其他法律行政法规禁止公开\t", &["其中：网上申请\t6\t0\t0\t0\t0\t0\t6"]);
    let parsed = parse(&stranger).unwrap();
    assert!(parsed.published().get(law).is_none(), "{}", parsed.reader_findings());
    assert_eq!(quoted(&parsed).iter().filter(|q| *q == "6").count(), 2, "{}", parsed.reader_findings());
    assert!(parsed.published().label_variants().is_empty());
}

/// In table 二, a label with a typo is the one row of its sub-table that
/// it resembles; a short label with a typo resembles none.
#[test]
fn a_typo_in_table_2_is_the_row_of_its_sub_table_it_resembles() {
    let t = text(Edition::V2021, "某局", 2022);
    let penalties = cell(Edition::V2021, Section::Proactive, &rows::PENALTIES, &columns::DECISIONS_THIS_YEAR);
    let parsed = parse(&replace_line(&t, "行政处罚\t", &["行政处伐\t2113"])).unwrap();
    assert_eq!(parsed.published().get(penalties).map(Cell::text), Some("2113"), "{}", parsed.reader_findings());
    assert_eq!(parsed.published().label_variants()[0].printed, "行政处伐");
    let regulations = cell(Edition::V2021, Section::Proactive, &rows::REGULATIONS, &columns::ISSUED);
    let parsed = parse(&replace_line(&t, "规章\t", &["规草\t5\t0\t5"])).unwrap();
    assert!(parsed.published().get(regulations).is_none());
    assert_eq!(quoted(&parsed).iter().filter(|q| *q == "5").count(), 2, "{}", parsed.reader_findings());
}

#[test]
fn a_title_broken_over_lines_gives_the_organ_and_the_year() {
    let t = text(Edition::V2021, "某局", 2022);
    let first = t.lines().next().unwrap().to_owned();
    for title in [
        vec!["淮安市人民政府", "2024年政府信息公开工作年度报告"],
        vec!["淮安市人民政府", "2024 年政府信息公开", "工作年度报告"],
        vec!["淮安市人民政府2024年政府信息公开", "工作年度报告"],
    ] {
        let parsed = parse(&replace_line(&t, &first, &title)).unwrap();
        let meta = parsed.published().meta();
        assert_eq!((meta.organ(), meta.year()), ("淮安市人民政府", 2024), "{title:?}: {}", parsed.reader_findings());
        assert!(findings_of(&parsed, "parse.no_organ").is_empty(), "{title:?}");
    }
}

/// （六）其他处理 printed as one row with its figures, the 2019 way, in a
/// 2021 table: the sub-rows are not printed (a warning), and the row's
/// subtotal stands for them in （七）总计, which is still checked.
#[test]
fn a_group_printed_as_one_row_stands_for_its_sub_rows() {
    let t = text(Edition::V2021, "某局", 2022);
    let one_row = |figures: &str| {
        let mut t = replace_line(&t, "（六）其他处理", &[&format!("（六）其他处理\t{figures}")]);
        for sub in ["1.申请人无正当理由", "2.申请人逾期未按收费", "3.其他\t"] {
            t = replace_line(&t, sub, &[]);
        }
        parse(&t).unwrap()
    };
    let parsed = one_row("0\t0\t0\t0\t0\t0\t0");
    let findings = parsed.findings();
    let missing: Vec<_> = findings.iter().filter(|f| f.rule().id == "cell.missing").collect();
    assert_eq!(missing.len(), 3, "{findings}");
    assert!(missing.iter().all(|f| f.severity() == disclosure_report::Severity::Warning), "{findings}");
    assert!(findings.iter().all(|f| f.severity() != disclosure_report::Severity::Error), "{findings}");

    // A subtotal the total does not include: （七）总计 says so.
    let parsed = one_row("1\t0\t0\t0\t0\t0\t1");
    let findings = parsed.findings();
    assert!(findings.iter().any(|f| f.rule().id == "T3.outcome_total"), "{findings}");
}

// Nothing hidden becomes a figure; one cell holds one number.

#[cfg(feature = "html")]
fn pingtan_2022() -> disclosure_report::Published {
    let page =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/html/pingtan-2022.html")).unwrap();
    let options = disclosure_report::read::Options::default();
    disclosure_report::read::read_bytes(&page, disclosure_report::read::SourceFormat::Html, &options)
        .unwrap()
        .into_published()
}

#[cfg(any(feature = "html", feature = "docx"))]
fn new_natural(parsed: &Parsed) -> Option<String> {
    let cell = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    parsed.published().get(cell).map(|c| c.text().to_owned())
}

#[cfg(any(feature = "html", feature = "docx"))]
fn hidden_quotes(parsed: &Parsed) -> Vec<String> {
    let findings = parsed.findings();
    findings.iter().filter(|f| f.rule().id == "parse.hidden").flat_map(|f| f.quoted().to_vec()).collect()
}

/// The fixture's page as this crate writes it, with `with` in place of the
/// first row's first figure cell.
#[cfg(feature = "html")]
fn page_with(with: &str) -> Parsed {
    let page = disclosure_report::render::html(&pingtan_2022(), &disclosure_report::render::HtmlOptions::page());
    let cell = "申请数量</th><td>71</td>";
    assert!(page.contains(cell));
    let page = page.replacen(cell, &format!("申请数量</th><td>{with}</td>"), 1);
    disclosure_report::read::read_report(&page, disclosure_report::read::SourceFormat::Html, &Default::default())
        .unwrap()
}

#[cfg(feature = "html")]
#[test]
fn hidden_text_in_a_page_is_no_part_of_a_figure() {
    // Hidden by its author: not read, and named.
    for hidden in [
        r#"71<span style="display:none">9</span>"#,
        r#"71<span style="DISPLAY: none !important">9</span>"#,
        r#"71<span hidden>9</span>"#,
        r#"71<font style="visibility:hidden">9</font>"#,
        r#"71<span style="color:red; DiSpLaY : NONE">9</span>"#,
        r#"71<span style="Visibility:Collapse;">9</span>"#,
    ] {
        let parsed = page_with(hidden);
        assert_eq!(new_natural(&parsed).as_deref(), Some("71"), "{hidden}: {}", parsed.reader_findings());
        assert_eq!(hidden_quotes(&parsed), ["9"], "{hidden}: {}", parsed.reader_findings());
    }
    // Styles that hide nothing: read.
    for shown in [r#"<span style="display:inline">71</span>"#, r#"<span style="mso-display:none-x">71</span>"#] {
        assert_eq!(new_natural(&page_with(shown)).as_deref(), Some("71"), "{shown}");
    }
    // No text at all, or a footnote mark: not read, not named.
    for unseen in ["71<script>9</script>", "71<style>i{}9</style>", "71<template>9</template>", "71<sup>1</sup>"] {
        let parsed = page_with(unseen);
        assert_eq!(new_natural(&parsed).as_deref(), Some("71"), "{unseen}: {}", parsed.reader_findings());
        assert!(hidden_quotes(&parsed).is_empty(), "{unseen}");
    }
    // A hidden row printed before the real one: no duplicate, named.
    let page = disclosure_report::render::html(&pingtan_2022(), &disclosure_report::render::HtmlOptions::page());
    let row = r#"<tr><th colspan="3">一、本年新收政府信息公开申请数量</th>"#;
    let hidden_row =
        r#"<tr style="display:none"><th colspan="3">一、本年新收政府信息公开申请数量</th><td>99</td></tr>"#;
    assert!(page.contains(row));
    let page = page.replacen(row, &format!("{hidden_row}{row}"), 1);
    let parsed =
        disclosure_report::read::read_report(&page, disclosure_report::read::SourceFormat::Html, &Default::default())
            .unwrap();
    assert_eq!(new_natural(&parsed).as_deref(), Some("71"), "{}", parsed.reader_findings());
    assert!(parsed.published().duplicates().is_empty());
    assert_eq!(hidden_quotes(&parsed), ["99"], "{}", parsed.reader_findings());
}

#[cfg(feature = "docx")]
fn word_with(with: &str) -> Parsed {
    let word = disclosure_report::render::docx(&pingtan_2022()).unwrap();
    let word = edit_document_xml(word, |xml| {
        let cell = r#"<w:r><w:t xml:space="preserve">71</w:t></w:r>"#;
        assert!(xml.contains(cell));
        xml.replacen(cell, &format!("{cell}{with}"), 1)
    });
    disclosure_report::read::read_bytes(&word, disclosure_report::read::SourceFormat::Docx, &Default::default())
        .unwrap()
}

/// A Word file with its `word/document.xml` edited.
#[cfg(feature = "docx")]
pub(crate) fn edit_document_xml(word: Vec<u8>, edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(word)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if file.name() == "word/document.xml" {
            bytes = edit(&String::from_utf8(bytes).unwrap()).into_bytes();
        }
        out.start_file(file.name(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[cfg(all(feature = "docx", feature = "html"))]
#[test]
fn hidden_text_in_a_word_file_is_no_part_of_a_figure() {
    let mc = r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;
    for hidden in [
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r>".to_owned(),
        r#"<w:moveFrom w:id="1"><w:r><w:t>9</w:t></w:r></w:moveFrom>"#.to_owned(),
        format!(
            "<mc:AlternateContent {mc}><mc:Choice Requires=\"wps\"><w:r><w:t></w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>9</w:t></w:r></mc:Fallback></mc:AlternateContent>"
        ),
    ] {
        let parsed = word_with(&hidden);
        assert_eq!(new_natural(&parsed).as_deref(), Some("71"), "{hidden}: {}", parsed.reader_findings());
        assert_eq!(hidden_quotes(&parsed), ["9"], "{hidden}: {}", parsed.reader_findings());
    }
    // Deleted text, and a run that says it is not hidden.
    let parsed = word_with("<w:del><w:r><w:delText>9</w:delText></w:r></w:del>");
    assert_eq!(new_natural(&parsed).as_deref(), Some("71"));
    let parsed = word_with(r#"<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>9</w:t></w:r>"#);
    assert_eq!(new_natural(&parsed).as_deref(), Some("719"));
}

/// A text box anchored in a cell (`w:txbxContent`, in the `mc:Choice` a
/// reader shows) floats apart from the cell's text: its number is never
/// glued to the figure (`719`), the cell holds both apart (no number, both
/// quoted), and its paragraphs do not end the cell's or the prose's
/// paragraph.
#[cfg(all(feature = "docx", feature = "html"))]
#[test]
fn a_text_box_in_a_cell_is_no_part_of_its_figure() {
    let mc = r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;
    let text_box = |inner: &str| {
        format!(
            "<w:r><mc:AlternateContent {mc}><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
    };
    let parsed = word_with(&text_box("<w:p><w:r><w:t>9</w:t></w:r></w:p>"));
    assert_eq!(new_natural(&parsed).as_deref(), Some("71 9"), "{}", parsed.reader_findings());
    assert!(quoted(&parsed).iter().any(|q| q == "9"), "{}", parsed.findings());
    // Two paragraphs in the box, and text after it in the cell.
    let parsed = word_with(&format!(
        "{}<w:r><w:t>5</w:t></w:r>",
        text_box("<w:p><w:r><w:t>9</w:t></w:r></w:p><w:p><w:r><w:t>8</w:t></w:r></w:p>")
    ));
    assert_eq!(new_natural(&parsed).as_deref(), Some("71 9 8 5"), "{}", parsed.reader_findings());
}

/// Two numbers in one cell are a finding quoting both, never one number
/// made of both; a decimal comma in money is read by its digit groups.
#[cfg(feature = "html")]
#[test]
fn glued_numbers_and_a_decimal_comma() {
    let parsed = page_with("10690 2113");
    assert_eq!(new_natural(&parsed).as_deref(), Some("10690 2113"));
    let findings = parsed.findings();
    let nan: Vec<_> = findings.iter().filter(|f| f.rule().id == "cell.not_a_number").collect();
    assert_eq!(nan.len(), 1, "{findings}");
    assert!(nan[0].to_string().contains("10690 2113"), "{}", nan[0]);

    // The fee, printed with a decimal comma.
    let t = text(Edition::V2021, "某局", 2022);
    let fee_line = t.lines().find(|l| l.starts_with("行政事业性收费")).unwrap().to_owned();
    let t = replace_line(&t, "行政事业性收费", &["行政事业性收费\t9116,36"]);
    let parsed = parse(&t).unwrap();
    let fee = cell(Edition::V2021, Section::Proactive, &rows::FEES, &columns::FEE_AMOUNT);
    let value = parsed.published().get(fee).map(|c| c.value());
    assert_eq!(value, Some(disclosure_report::Value::Number("9116.36".parse().unwrap())), "{fee_line}");
}

// Two reports in one file: each is read, or the first with a warning that
// names the other; none is dropped silently.

#[test]
fn a_text_file_of_two_reports_reads_as_two() {
    use disclosure_report::read::{Options, SourceFormat, read_all, read_bytes};
    let seed = include_str!("../data/miaotai_2020.txt");
    let two = format!("{seed}\n{}", seed.replace("2020 年", "2021 年"));
    let reports = read_all(two.as_bytes(), SourceFormat::Text, &Options::default()).unwrap();
    let years: Vec<u16> = reports.iter().map(|p| p.published().meta().year()).collect();
    assert_eq!(years, [2020, 2021]);
    // Each report reads as the seed alone does: its cells, and places on
    // the lines of the whole file.
    let alone = parse(seed).unwrap();
    // The second copy's lines follow the first's.
    let lines = two[..=seed.len()].matches('\n').count() as u32;
    for (k, parsed) in reports.iter().enumerate() {
        let cells =
            |p: &Parsed| p.published().cells().map(|(c, v)| (c, v.map(|v| v.text().to_owned()))).collect::<Vec<_>>();
        assert_eq!(cells(parsed), cells(&alone), "report {k}");
        let Some(disclosure_report::Place::Line { line }) = parsed.places().next().map(|(_, p)| p) else { panic!() };
        let Some(disclosure_report::Place::Line { line: first }) = alone.places().next().map(|(_, p)| p) else {
            panic!()
        };
        assert_eq!(line, first + k as u32 * lines);
        assert!(findings_of(parsed, "parse.several").is_empty());
    }
    // One report asked for: the first, and a warning naming the other's line.
    let first = read_bytes(two.as_bytes(), SourceFormat::Text, &Options::default()).unwrap();
    assert_eq!(first.published().meta().year(), 2020);
    let several = findings_of(&first, "parse.several_reports");
    assert_eq!(several.len(), 1);
    assert!(several[0].contains(&format!("line {}", lines + 3)), "{}", several[0]);
    // A title quoted in prose begins no report.
    let quoted = seed
        .replace("2020 年，庙台乡", "现将《庙台乡人民政府2019年政府信息公开工作年度报告》公布如下。2020 年，庙台乡");
    assert_eq!(read_all(quoted.as_bytes(), SourceFormat::Text, &Options::default()).unwrap().len(), 1);
}

#[cfg(feature = "html")]
#[test]
fn a_page_of_this_years_and_last_years_reports_reads_as_two() {
    use disclosure_report::read::{Options, SourceFormat, read_all};
    use disclosure_report::render::{HtmlOptions, html};
    let read = |name: &str| {
        let page = std::fs::read(format!("{}/tests/data/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        disclosure_report::read::read_bytes(&page, SourceFormat::Html, &Options::default()).unwrap().into_published()
    };
    let (a, b) = (read("pingtan-2022.html"), read("pingtan-2019.html"));
    let page =
        format!("<html><body>{}{}</body></html>", html(&a, &HtmlOptions::default()), html(&b, &HtmlOptions::default()));
    let reports = read_all(page.as_bytes(), SourceFormat::Html, &Options::default()).unwrap();
    let read_back: Vec<_> = reports.iter().map(|p| (p.published().meta().year(), p.published().edition())).collect();
    assert_eq!(read_back, [(2022, Edition::V2021), (2019, Edition::V2019)]);
    for (parsed, original) in reports.iter().zip([&a, &b]) {
        let cells = |p: &disclosure_report::Published| {
            p.cells().map(|(c, v)| (c, v.map(|v| v.text().to_owned()))).collect::<Vec<_>>()
        };
        assert_eq!(cells(parsed.published()), cells(original));
    }
}

// The prose as offices write it.

#[cfg(feature = "html")]
#[test]
fn the_prose_phrasings_offices_use() {
    use disclosure_report::Prose;
    use disclosure_report::prose::statements;
    // A sentence, and each figure it states: phrase, value, lower bound.
    type Stated = &'static [(&'static str, u64, bool)];
    let cases: &[(&str, Stated)] = &[
        ("收到公民、法人和其他组织政府信息公开申请12件。", &[("requests_received", 12, false)]),
        ("办理依申请公开12件。", &[("requests_processed", 12, false)]),
        ("其中法人申请3件、自然人申请9件。", &[("legal_persons", 3, false), ("natural_person", 9, false)]),
        ("共收到各类申请12份。", &[("requests_received", 12, false)]),
        ("共收到12件申请。", &[("requests_received", 12, false)]),
        ("申请共计12件。", &[("requests_received", 12, false)]),
        ("接收通过邮寄、网络提交的各类政府信息公开申请共计12件。", &[("requests_received", 12, false)]),
        ("共收到政府信息公开申请12余件。", &[("requests_received", 12, true)]),
        ("全年共受理政府信息公开申请1万件。", &[("requests_received", 10_000, false)]),
        ("全年共受理政府信息公开申请1万余件。", &[("requests_received", 10_000, true)]),
        ("全年收到申请三十二件。", &[("requests_received", 32, false)]),
        ("行政诉讼案件1件、行政复议案件2件。", &[("litigation", 1, false), ("reconsideration", 2, false)]),
        ("行政复议2起，行政诉讼1宗。", &[("reconsideration", 2, false), ("litigation", 1, false)]),
        ("结转至2026年2件。", &[("carried_over", 2, false)]),
        // What an office handled on the organ's behalf: a part of the whole.
        ("2024年，区政府办代表区政府受理政府信息公开申请17件。", &[("requests_received", 17, true)]),
        // Not a bound to check.
        ("共收到政府信息公开申请近12件。", &[]),
    ];
    for (sentence, expected) in cases {
        let prose = Prose { overview: (*sentence).to_owned(), ..Prose::default() };
        let found = statements(&prose).statements;
        let got: Vec<(&str, u64, bool)> =
            found.iter().map(|s| (s.phrase.key, u64::try_from(s.value.mantissa()).unwrap(), s.at_least)).collect();
        assert_eq!(got, *expected, "{sentence}");
    }

    // Against the tables: 74 new + 1 carried in.
    let check = |sentence: &str| {
        let mut p = pingtan_2022();
        p.prose_mut().overview = sentence.to_owned();
        p.check().iter().filter(|f| f.rule().id == "P.figure_mismatch").count()
    };
    assert_eq!(check("全区共收到政府信息公开申请70余件。"), 0);
    assert_eq!(check("全区共收到政府信息公开申请80余件。"), 1);
    assert_eq!(check("全区收到公民、法人和其他组织政府信息公开申请75件。"), 0);
    assert_eq!(check("其中法人或其他组织申请3件。"), 0);
    assert_eq!(check("区政府办代表区政府受理政府信息公开申请17件。"), 0);
    assert_eq!(check("区政府办代表区政府受理政府信息公开申请90件。"), 1);
}

// Numbers printed beside labels, and PDFs as the PDF library joins them.

/// A number printed beside a row's label, after it or before it, is quoted
/// and the row read; a sub-row's own number leading its label is not.
#[test]
fn a_number_beside_a_label_is_quoted_and_the_row_read() {
    let t = text(Edition::V2021, "某局", 2022);
    let disclosed = cell(Edition::V2021, Section::Requests, &rows::DISCLOSED, &columns::NATURAL_PERSON);
    for (label, number) in
        [("（一）予以公开 50830", "50830"), ("50830 （一）予以公开", "50830"), ("12 （一）予以公开", "12")]
    {
        let line = format!("{label}\t21\t0\t0\t0\t0\t0\t21");
        let parsed = parse(&replace_line(&t, "（一）予以公开\t", &[&line])).unwrap();
        assert_eq!(parsed.published().get(disclosed).map(Cell::text), Some("21"), "{label}: {}", parsed.findings());
        let surplus: Vec<_> = parsed.findings().iter().filter(|f| f.rule().id == "parse.surplus").cloned().collect();
        assert_eq!(surplus.len(), 1, "{label}: {}", parsed.findings());
        assert_eq!(surplus[0].quoted(), [number], "{label}");
    }
    let secret = cell(Edition::V2021, Section::Requests, &rows::WITHHELD_STATE_SECRET, &columns::NATURAL_PERSON);
    let parsed = parse(&replace_line(&t, "1.属于国家秘密\t", &["1. 属于国家秘密\t3\t0\t0\t0\t0\t0\t3"])).unwrap();
    assert_eq!(parsed.published().get(secret).map(Cell::text), Some("3"));
    assert!(findings_of(&parsed, "parse.").is_empty(), "{}", parsed.reader_findings());
}

/// The fixture's page drawn as a PDF (`tests/support/drawn_pdf.rs`), with
/// `edit` made to the page first.
#[cfg(all(feature = "pdf", feature = "html"))]
fn drawn_with(edit: impl Fn(String) -> String) -> Parsed {
    let page = disclosure_report::render::html(&pingtan_2022(), &disclosure_report::render::HtmlOptions::page());
    let pdf = crate::drawn_pdf::pdf_of_page(&edit(page));
    disclosure_report::read::read_bytes(&pdf, disclosure_report::read::SourceFormat::Pdf, &Default::default()).unwrap()
}

/// The PDF library takes a figure and a one- or two-digit figure after it
/// for a decimal split over two boxes and puts a point between them: in
/// neighbouring cells (`601868830261` and `0`), or in one (`45 12`). The
/// page draws no point, and none is read.
#[cfg(all(feature = "pdf", feature = "html"))]
#[test]
fn the_pdf_librarys_invented_points_are_not_read() {
    let natural = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    let business = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::BUSINESS);
    let parsed = drawn_with(|p| p.replacen("<td>71</td><td>3</td>", "<td>601868830261</td><td>0</td>", 1));
    assert_eq!(parsed.published().get(natural).map(Cell::text), Some("601868830261"));
    assert_eq!(parsed.published().get(business).map(Cell::text), Some("0"));
    let parsed = drawn_with(|p| p.replacen("<td>71</td>", "<td>45 12</td>", 1));
    assert_eq!(parsed.published().get(natural).map(Cell::text), Some("45 12"));
    assert!(parsed.findings().iter().any(|f| f.rule().id == "cell.not_a_number"), "{}", parsed.findings());
}

/// Hidden text the PDF library joins into the span of a figure beside it
/// keeps its own fill: white, or covered by a box, it is not read, and the
/// figure is.
#[cfg(all(feature = "pdf", feature = "html"))]
#[test]
fn hidden_text_joined_to_a_figure_by_the_pdf_library_is_not_read() {
    let natural = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    for class in ["white", "covered", "no-ink"] {
        for cell_html in [
            format!("<td><span class=\"{class}\">9</span>71</td>"),
            format!("<td>71<span class=\"{class}\">9</span></td>"),
        ] {
            let parsed = drawn_with(|p| p.replacen("<td>71</td>", &cell_html, 1));
            assert_eq!(
                parsed.published().get(natural).map(Cell::text),
                Some("71"),
                "{cell_html}: {}",
                parsed.findings()
            );
        }
    }
}

/// Hidden text shown right after a figure, or right before it, in one text
/// object with no move between (`(71) Tj 3 Tr (9) Tj`): where it starts
/// only the font's widths say, and the PDF library makes one span of both.
/// Its glyphs are told by their order (the bytes each run shows): the
/// figure is read as the page shows it, the hidden text is not, and it is
/// quoted. Hidden between two digits, it leaves the gap a person sees.
#[cfg(all(feature = "pdf", feature = "html"))]
#[test]
fn hidden_text_shown_right_after_a_figure_with_no_move_is_not_read() {
    let natural = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    for class in ["no-ink", "white"] {
        for (cell_html, read) in [
            (format!("<td>71<span class=\"{class} joined\">9</span></td>"), "71"),
            (format!("<td><span class=\"{class}\">9</span><span class=\"seen joined\">71</span></td>"), "71"),
            (format!("<td>7<span class=\"{class} joined\">9</span><span class=\"seen joined\">1</span></td>"), "7 1"),
        ] {
            let parsed = drawn_with(|p| p.replacen("<td>71</td>", &cell_html, 1));
            assert_eq!(
                parsed.published().get(natural).map(Cell::text),
                Some(read),
                "{cell_html}: {}",
                parsed.findings()
            );
            assert!(hidden_quotes(&parsed).iter().any(|q| q.contains('9')), "{cell_html}: {}", parsed.findings());
        }
    }
}

/// A row whose label is a whole row label, with its figure cells blank,
/// under a row with figures, is a row of its own: not the rest of the
/// label above (which then took the figures as its own).
#[cfg(all(feature = "pdf", feature = "html"))]
#[test]
fn a_whole_row_label_under_another_is_its_own_row() {
    let label = "二、上年结转政府信息公开申请数量</th>";
    let parsed = drawn_with(|p| {
        let at = p.find(label).unwrap() + label.len();
        let end = at + p[at..].find("</tr>").unwrap();
        let blank: String = p[at..end]
            .split("</td>")
            .map(|c| c.split('>').next().unwrap_or(""))
            .filter(|c| !c.is_empty())
            .map(|c| format!("{c}></td>"))
            .collect();
        format!("{}{blank}{}", &p[..at], &p[end..])
    });
    let new = cell(Edition::V2021, Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    let carried = cell(Edition::V2021, Section::Requests, &rows::CARRIED_IN, &columns::NATURAL_PERSON);
    assert_eq!(parsed.published().get(new).map(Cell::text), Some("71"), "{}", parsed.findings());
    assert_eq!(parsed.published().get(carried).map(Cell::text), Some(""), "{}", parsed.findings());
}

/// Text extracted without its layout prints a table one cell a line, and
/// leaves blank cells out: a row's label alone, then each of its figures
/// alone on a line. Exactly as many lone figures as the row has columns
/// are its figures, left to right, where the row adds up (its 总计 is the
/// sum: `parse.reflowed`). A row that does not (a blank left out and a
/// stray number after), or that adds up read that way too, a row with no
/// total to tell (table 二), one figure more, or words between: quoted,
/// not placed.
#[test]
fn figures_one_a_line_after_their_label_are_the_rows_where_they_add_up() {
    let t = text(Edition::V2021, "某局", 2022);
    let t = replace_line(&t, "（一）予以公开\t", &["（一）予以公开", "6", "1", "0", "0", "0", "0", "7"]);
    // 1 2 0 0 0 [blank] 5, and a page number 9: does not add up.
    let t = replace_line(
        &t,
        "（二）部分公开",
        &["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1", "2", "0", "0", "0", "5", "9"],
    );
    // 1 0 0 0 0 [blank] 1, and a page number 2 after it: adds up either
    // way.
    let t = replace_line(&t, "1.属于国家秘密\t", &["1.属于国家秘密", "1", "0", "0", "0", "0", "1", "2"]);
    // One figure too many.
    let t =
        replace_line(&t, "二、上年结转", &["二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1", "8"]);
    // No total to tell a left-out blank by.
    let t = replace_line(&t, "规章\t", &["规章", "4", "5", "6"]);
    // Words between the label and its figures.
    let t = replace_line(&t, "行政处罚\t", &["行政处罚", "本年处理决定数量", "3"]);
    let parsed = parse(&t).unwrap();
    let p = parsed.published();
    let at = |section, row, column| p.get(cell(Edition::V2021, section, row, column)).map(Cell::text);
    assert_eq!(
        at(Section::Requests, &rows::DISCLOSED, &columns::NATURAL_PERSON),
        Some("6"),
        "{}",
        parsed.reader_findings()
    );
    assert_eq!(at(Section::Requests, &rows::DISCLOSED, &columns::APPLICANT_TOTAL), Some("7"));
    assert_eq!(at(Section::Requests, &rows::PARTIALLY_DISCLOSED, &columns::NATURAL_PERSON), None);
    assert_eq!(at(Section::Requests, &rows::WITHHELD_STATE_SECRET, &columns::NATURAL_PERSON), None);
    assert_eq!(at(Section::Requests, &rows::CARRIED_IN, &columns::NATURAL_PERSON), None);
    assert_eq!(at(Section::Proactive, &rows::REGULATIONS, &columns::ISSUED), None);
    assert_eq!(at(Section::Proactive, &rows::PENALTIES, &columns::DECISIONS_THIS_YEAR), None);
    let reflowed = findings_of(&parsed, "parse.reflowed");
    assert_eq!(reflowed.len(), 1, "{}", parsed.reader_findings());
    assert!(reflowed[0].contains("「（一）予以公开」行的7个数字各印一行"), "{reflowed:?}");
    let quoted = quoted(&parsed);
    for n in ["1", "2", "5", "9", "8", "4", "6", "3"] {
        assert!(quoted.iter().any(|q| q == n), "{n} not quoted: {}", parsed.reader_findings());
    }
}

/// Table 四 one figure a line: its fifteen lone figures are placed only
/// where every order reads the same (printers write its cells column by
/// column under the two-level header); otherwise all fifteen are quoted.
#[test]
fn table_4_one_figure_a_line_is_placed_only_where_its_order_cannot_matter() {
    let t = text(Edition::V2021, "某局", 2022);
    let zeros = ["0"; 15];
    let data = t.lines().find(|l| l.split('\t').filter(|f| *f == "0").count() == 15).unwrap().to_owned();
    let parsed = parse(&replace_line(&t, &data, &zeros)).unwrap();
    let upheld = cell(Edition::V2021, Section::Review, &rows::REVIEW_CASES, &columns::RECONSIDERATION_UPHELD);
    assert_eq!(parsed.published().get(upheld).map(Cell::text), Some("0"), "{}", parsed.reader_findings());
    assert_eq!(findings_of(&parsed, "parse.reflowed").len(), 1, "{}", parsed.reader_findings());

    let mixed = ["0", "1", "0", "1", "2", "1", "0", "0", "0", "0", "0", "0", "1", "0", "0"];
    let parsed = parse(&replace_line(&t, &data, &mixed)).unwrap();
    assert!(parsed.published().get(upheld).is_none(), "{}", parsed.reader_findings());
    assert_eq!(
        parsed.findings().iter().filter(|f| f.quoted().len() == 15).map(|f| f.quoted().join(" ")).collect::<Vec<_>>(),
        [mixed.join(" ")]
    );
}

/// A box filled after a run hides the glyphs whose middle it holds, not
/// the whole run its start falls in (a neighbouring cell's background
/// touching where a run set tight starts).
#[cfg(feature = "pdf")]
#[test]
fn a_box_over_a_runs_start_hides_only_the_glyphs_under_it() {
    let grid_of = |content: &str| {
        let pdf = crate::hostile::inputs::page_pdf(content.as_bytes(), false);
        let grid = disclosure_report::read::pdf::document_grid(&pdf).unwrap();
        (grid.to_string(), hidden_texts(&grid))
    };
    // Helvetica 12: `1` from 100 to 106.7, `2` to 113.3 and so on; a
    // word below, so that the page has text whatever is hidden.
    let run = "BT /F1 12 Tf 100 700 Td (12345) Tj ET BT /F1 12 Tf 300 600 Td (end) Tj ET";
    let (text, hidden) = grid_of(&format!("{run} 1 g 95 695 6 20 re f"));
    assert_eq!((text.as_str(), hidden.len()), ("12345\nend", 0), "{hidden:?}");
    let (text, hidden) = grid_of(&format!("{run} 1 g 95 695 13 20 re f"));
    assert_eq!((text.as_str(), hidden.as_slice()), ("2345\nend", &["1".to_owned()][..]));
    let (text, hidden) = grid_of(&format!("{run} 1 g 95 695 50 20 re f"));
    assert_eq!((text.as_str(), hidden.as_slice()), ("end", &["12345".to_owned()][..]));
    // A narrower digit printed over half of a wider one hides it (a figure
    // printed anew): `3` in 6 points over `8` in 12.
    let end = "BT /F1 12 Tf 300 600 Td (end) Tj ET";
    let (text, hidden) = grid_of(&format!("BT /F1 12 Tf 100 700 Td (8) Tj ET BT /F1 6 Tf 103 700 Td (3) Tj ET {end}"));
    assert_eq!((text.as_str(), hidden.as_slice()), ("3\nend", &["8".to_owned()][..]));
}

/// The texts a document's grid holds as hidden (read, never placed).
#[cfg(feature = "pdf")]
pub(crate) fn hidden_texts(grid: &disclosure_report::read::grid::Grid) -> Vec<String> {
    grid.items()
        .iter()
        .filter_map(|item| match item {
            disclosure_report::read::grid::Item::Hidden(text) => Some(text.text().to_owned()),
            _ => None,
        })
        .collect()
}
