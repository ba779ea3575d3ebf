//! The text source: a report as text extracted from its PDF or page —
//! title, section headings, prose, and for each table the rows of its
//! lines (cells split by tabs, or by spaces on a line without tabs).
//!
//! Nothing is held per line of the input: headings are found in passes
//! over the lines, sections are slices of the text, and a table's rows are
//! yielded one by one to the table reader.

use chrono::NaiveDate;

use super::aligned;
use super::table::{EditionVotes, TableReader};
use super::{fold, GridRow, Notes, Options, ParseError, Parsed, Row, MAX_ROW_CELLS};
use crate::layout::{Layout, Section};
use crate::number::normalize;
use crate::rules::{self, Finding};
use crate::{Level, Money, OrganKind, Published, ReportMeta};

/// Reads the text of one whole report.
pub(crate) fn read(text: &str, options: &Options) -> Result<Parsed, ParseError> {
    read_lines(text, options, false)
}

/// Reads a report from its lines; `exact_cells` where the lines come from
/// a source whose cells are exact (a page's table), so that an empty cell
/// is a printed blank.
pub(crate) fn read_lines(text: &str, options: &Options, exact_cells: bool) -> Result<Parsed, ParseError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut notes = Notes::default();
    // The title line, as the text renderer writes it and reports print
    // it: organ, year, 年(度)政府信息公开…报告. It is never a heading,
    // whatever the organ's name.
    let titled = lines(text, 0).find_map(|l| {
        let (organ, year) = title_of(l.raw).filter(|_| l.raw.contains("报告"))?;
        Some((l.end, organ, year))
    });
    let headings = find_headings(text, titled.as_ref().map_or(0, |t| t.0), &mut notes);
    if Section::TABLES.iter().all(|s| headings[*s as usize].is_none()) {
        return Err(ParseError::NoTables);
    }
    let body = |section: Section| body(text, &headings, section);
    // A table laid out with spaces may set a unit apart from its figure:
    // its tables are read from a copy with them joined (same offsets).
    let mut joined: Option<String> = None;
    if !exact_cells {
        for section in Section::TABLES {
            let b = body(section);
            let range = b.offset..b.offset + b.text.len();
            if let Some(j) = aligned::units_joined(joined.as_deref().unwrap_or(text), range) {
                joined = Some(j);
            }
        }
    }
    let tables = joined.as_deref().unwrap_or(text);
    let table_body = |section: Section| self::body(tables, &headings, section);
    let first_heading = headings.iter().flatten().map(|h| h.start).min().unwrap_or(text.len());
    let (organ, year) = match titled {
        Some((_, organ, year)) => (organ, year),
        None => {
            let title = &text[..first_heading];
            let year = find_year(title).or_else(|| find_year(text)).ok_or(ParseError::NoYear)?;
            (find_organ(title), year)
        }
    };
    if organ.is_empty() {
        notes.push(Finding::reader(
            &rules::PARSE_NO_ORGAN,
            &[],
            None,
            "标题中未找到机关名称".into(),
            "no organ name in the title".into(),
        ));
    }

    // Table 二's labels tell the editions apart; the other tables are read
    // only where it says nothing.
    let mut votes = EditionVotes::default();
    votes.count(table_rows(table_body(Section::Proactive), Section::Proactive, None, exact_cells));
    if votes.is_empty() {
        votes.count(rows(body(Section::Requests)));
        votes.count(rows(body(Section::Review)));
    }
    let edition = votes.decide(year, &mut notes);

    let kind = options.kind.or_else(|| if options.infer_kind { infer_kind(&organ) } else { None });
    // A name with control characters cannot stand in a title: they are
    // dropped.
    let meta = ReportMeta::new(organ.clone(), year).or_else(|_| {
        let clean: String = organ.chars().filter(|c| !c.is_control()).collect();
        ReportMeta::new(clean.trim(), year)
    });
    let mut meta = meta.map_err(|_| ParseError::NoYear)?;
    if let Some(kind) = kind {
        meta = meta.with_kind(kind);
    }
    let mut published = Published::new(edition, meta);
    let mut reader = TableReader::new(&mut published, &mut notes, exact_cells);
    let layout = Some(Layout::of(edition));
    let rows_of = |section| table_rows(table_body(section), section, layout, exact_cells);
    reader.proactive(rows_of(Section::Proactive));
    reader.requests(rows_of(Section::Requests));
    reader.review(rows_of(Section::Review));

    let (other, published_on, fee) = closing(body(Section::Other).text, &organ);
    let p = published.prose_mut();
    p.overview = prose_text(body(Section::Overview).text);
    p.problems = prose_text(body(Section::Problems).text);
    p.other = other;
    p.processing_fee = fee;
    if let Some(date) = published_on {
        let meta = published.meta().clone().with_published_on(date);
        published.set_meta(meta);
    }
    for v in std::mem::take(&mut notes.variants) {
        published.push_label_variant(v);
    }
    Ok(Parsed::new(published, notes.into_findings()))
}

/// A line of the text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line<'a> {
    /// 1-based.
    pub(super) number: usize,
    /// Without its line break.
    pub(super) raw: &'a str,
    /// Byte offsets of the line in the text, its break included in `end`.
    start: usize,
    end: usize,
}

/// The lines of `text` from byte `from`, numbered from `first`.
fn lines(text: &str, from: usize) -> impl Iterator<Item = Line<'_>> + '_ {
    lines_numbered(text.get(from..).unwrap_or(""), from, 1 + text[..from].matches('\n').count())
}

/// The lines of `s` (which starts at byte `offset` of the text), numbered
/// from `first`.
fn lines_numbered(s: &str, offset: usize, first: usize) -> impl Iterator<Item = Line<'_>> + '_ {
    let mut at = offset;
    s.split_inclusive('\n').enumerate().map(move |(i, piece)| {
        let start = at;
        at += piece.len();
        let raw = piece.strip_suffix('\n').unwrap_or(piece);
        Line { number: first + i, raw: raw.strip_suffix('\r').unwrap_or(raw), start, end: at }
    })
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Heading {
    /// The heading line's number and byte range.
    number: usize,
    start: usize,
    end: usize,
}

/// Words a heading of each section contains, for headings worded otherwise.
fn heading_keywords(section: Section) -> &'static [&'static str] {
    match section {
        Section::Overview => &["总体情况"],
        Section::Proactive => &["主动公开"],
        Section::Requests => &["申请"],
        Section::Review => &["复议", "诉讼"],
        Section::Problems => &["问题"],
        Section::Other => &["其他"],
    }
}

/// Finds the six headings, in order, after byte `from`; a heading worded
/// otherwise than the official one is a label variant. One pass over the
/// lines for each heading; a line is folded only where it could be one (it
/// starts with a numeral and holds no tab).
fn find_headings(text: &str, from: usize, notes: &mut Notes) -> [Option<Heading>; 6] {
    let numerals: Vec<char> = Section::ALL.iter().filter_map(|s| s.numeral().chars().next()).collect();
    let mut found = [None; 6];
    let mut from = from;
    for section in Section::ALL {
        let official = fold(section.heading());
        let numbered = format!("{}、", section.numeral());
        let hit = lines(text, from).find_map(|l| {
            let first = l.raw.trim_start().chars().next()?;
            if !numerals.contains(&first) || l.raw.contains('\t') {
                return None;
            }
            let f = fold(l.raw);
            if f == official {
                return Some((l, false));
            }
            let variant = (f.starts_with(&numbered)
                && f.chars().count() <= 40
                && heading_keywords(section).iter().any(|k| f.contains(k)))
                || section.heading_variants().iter().any(|v| fold(v) == f);
            variant.then_some((l, true))
        });
        match hit {
            Some((line, variant)) => {
                if variant {
                    notes.variant(section.heading(), line.raw.trim(), line.number);
                }
                found[section as usize] = Some(Heading { number: line.number, start: line.start, end: line.end });
                from = line.end;
            }
            None => notes.push(Finding::reader(
                &rules::PARSE_NO_HEADING,
                &[],
                None,
                format!("未找到“{}”", section.heading()),
                format!("the heading of section {} ({}) was not found", section.numeral(), section.key()),
            )),
        }
    }
    found
}

/// A section's text, after its heading.
#[derive(Clone, Copy, Debug, Default)]
struct Body<'a> {
    text: &'a str,
    /// The number of its first line, and its byte offset in the report.
    first_line: usize,
    offset: usize,
}

/// A section's text: after its heading, up to the next heading found.
fn body<'a>(text: &'a str, headings: &[Option<Heading>; 6], section: Section) -> Body<'a> {
    let Some(h) = headings[section as usize] else { return Body::default() };
    let end = headings.iter().flatten().map(|h| h.start).filter(|&s| s > h.start).min().unwrap_or(text.len());
    Body { text: text.get(h.end..end).unwrap_or(""), first_line: h.number + 1, offset: h.end }
}

/// The rows of a table: rebuilt from the columns where the text is laid
/// out with spaces (`pdftotext -layout`), and where that cannot be done
/// with certainty, its lines one by one.
fn table_rows<'a>(
    body: Body<'a>,
    section: Section,
    layout: Option<&'static Layout>,
    exact_cells: bool,
) -> Box<dyn Iterator<Item = Row<'a>> + 'a> {
    if !exact_cells && aligned::is_aligned(body.text) {
        let lines = lines_numbered(body.text, body.offset, body.first_line);
        let block = layout.and_then(|l| l.blocks(section).first());
        let rebuilt = match (section, block) {
            (Section::Proactive, _) => aligned::proactive(lines),
            (Section::Requests, Some(block)) => aligned::requests(lines, block),
            (Section::Review, Some(block)) => aligned::review(lines, block.columns.len()),
            _ => None,
        };
        if let Some(rows) = rebuilt {
            return Box::new(rows.into_iter());
        }
    }
    Box::new(rows(body))
}

/// The rows of a table's lines: non-empty lines split into cells.
fn rows(body: Body<'_>) -> impl Iterator<Item = Row<'_>> + '_ {
    lines_numbered(body.text, body.offset, body.first_line).filter(|l| !l.raw.is_empty()).map(|l| {
        let count =
            if l.raw.contains('\t') { l.raw.matches('\t').count() + 1 } else { l.raw.split_whitespace().count() };
        if count > MAX_ROW_CELLS {
            return Row::Long { line: l.number, raw: l.raw };
        }
        let cells = if l.raw.contains('\t') {
            l.raw.split('\t').map(str::trim).collect()
        } else {
            l.raw.split_whitespace().collect()
        };
        Row::Cells(GridRow { line: l.number, cells })
    })
}

/// The prose of a section: its lines without trailing white space, and no
/// empty lines at either end.
fn prose_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim_end());
    }
    out.trim_matches('\n').to_owned()
}

/// Section 六's prose, less a closing date (and the organ's name above it)
/// and a fee line, which are returned apart.
fn closing(body: &str, organ: &str) -> (String, Option<NaiveDate>, Option<Money>) {
    // The first fee line that states an amount is the fee; it is not prose.
    let mut fee = None;
    let mut kept = String::with_capacity(body.len());
    for line in body.split('\n') {
        if fee.is_none() {
            fee = crate::Prose::fee_of_line(&fold(line));
            if fee.is_some() {
                continue;
            }
        }
        kept.push_str(line);
        kept.push('\n');
    }
    // Below the prose: the organ's name, then the date.
    let trimmed = kept.trim_end();
    let (rest, last) = trimmed.rsplit_once('\n').unwrap_or(("", trimmed));
    let date = parse_date(last);
    let prose = match date {
        Some(_) => {
            let rest = rest.trim_end();
            let (above, name) = rest.rsplit_once('\n').unwrap_or(("", rest));
            if !organ.is_empty() && fold(name) == fold(organ) {
                above
            } else {
                rest
            }
        }
        None => trimmed,
    };
    (prose_text(prose), date, fee)
}

/// `2021年1月20日`, full-width digits and spaces allowed.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let f = normalize(s);
    let (y, rest) = f.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

// ---------------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------------

/// The first `20xx年` of a year in range, preferring a line that names the
/// report.
fn find_year(text: &str) -> Option<u16> {
    let titled = text.lines().filter(|l| l.contains("报告"));
    titled.chain(text.lines()).find_map(|l| year_in(&normalize(l)).map(|(y, _)| y))
}

/// A year followed by 年, and the byte range it takes.
fn year_in(s: &str) -> Option<(u16, std::ops::Range<usize>)> {
    let bytes = s.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let digits = bytes.get(i..i + 4)?;
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        if !before_ok || !digits.iter().all(u8::is_ascii_digit) || !s[i + 4..].starts_with('年') {
            return None;
        }
        let year: u16 = s[i..i + 4].parse().ok()?;
        crate::meta::YEARS.contains(&year).then_some((year, i..i + 4))
    })
}

/// A title line's organ and year: the text before the last
/// `YYYY年(度)政府信息公开` (digits ASCII or full-width), as printed, less
/// white space at its ends and an opening bracket that the title closes
/// after the year (`《某局2020年…报告》`).
fn title_of(raw: &str) -> Option<(String, u16)> {
    let mut end = raw.len();
    while let Some(at) = raw[..end].rfind("政府信息公开") {
        if let Some(found) = year_before(&raw[..at], &raw[at..]) {
            return Some(found);
        }
        end = at;
    }
    None
}

/// `organ YYYY 年(度)` at the end of `s`; `after` is the rest of the title.
fn year_before(s: &str, after: &str) -> Option<(String, u16)> {
    let s = s.trim_end();
    let s = s.strip_suffix("年度").or_else(|| s.strip_suffix('年'))?.trim_end();
    let mut year: u16 = 0;
    let mut start = s.len();
    let mut digits = 0;
    for (k, (i, c)) in s.char_indices().rev().take(4).enumerate() {
        let digit = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        year += u16::try_from(digit).ok()? * 10u16.pow(u32::try_from(k).ok()?);
        start = i;
        digits += 1;
    }
    if digits < 4 || !crate::meta::YEARS.contains(&year) {
        return None;
    }
    let mut organ = s[..start].trim();
    for (open, close) in [('《', '》'), ('【', '】'), ('「', '」'), ('“', '”')] {
        if let Some(rest) = organ.strip_prefix(open).filter(|r| !r.contains(close) && after.contains(close)) {
            organ = rest.trim_start();
        }
    }
    Some((organ.to_owned(), year))
}

/// The organ: what the title line says before the year, or after it.
fn find_organ(title: &str) -> String {
    let Some(line) = title.lines().find(|l| l.contains("报告") && year_in(&normalize(l)).is_some()) else {
        return String::new();
    };
    let s = normalize(line);
    let Some((_, range)) = year_in(&s) else { return String::new() };
    let before = s[..range.start].trim_matches(|c: char| c.is_ascii_punctuation() || "（）【】《》".contains(c));
    if !before.is_empty() {
        return before.to_owned();
    }
    let after = s[range.end..].trim_start_matches(['年', '度']);
    after.split("政府信息公开").next().unwrap_or("").to_owned()
}

/// A guess at the organ's kind from its name.
fn infer_kind(organ: &str) -> Option<OrganKind> {
    let level_of = |s: &str| -> Option<Level> {
        let last = s.chars().rev().find(|c| "省市县区旗乡镇".contains(*c))?;
        Some(match last {
            '省' => Level::Provincial,
            '市' => Level::Prefectural,
            '县' | '区' | '旗' => Level::County,
            _ => Level::Township,
        })
    };
    if organ.ends_with("街道办事处") || organ.ends_with("街道") {
        Some(OrganKind::StreetOffice)
    } else if organ == "国务院" {
        Some(OrganKind::PeoplesGovernment(Level::Central))
    } else if let Some(place) = organ.strip_suffix("人民政府") {
        level_of(place).map(OrganKind::PeoplesGovernment)
    } else if ["局", "委员会", "委", "办公室", "厅", "部", "署", "中心"].iter().any(|w| organ.ends_with(w))
    {
        let level = if organ.starts_with("国家") || organ.starts_with("中华人民共和国") {
            Some(Level::Central)
        } else {
            level_of(organ)
        };
        level.map(OrganKind::Department)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_organs_come_from_the_title() {
        assert_eq!(find_year("庙台乡人民政府 2020 年政府信息公开工作 年度报告"), Some(2020));
        assert_eq!(find_organ("庙台乡人民政府 2020 年政府信息公开工作 年度报告"), "庙台乡人民政府");
        assert_eq!(find_organ("2022年某市交通运输局政府信息公开工作年度报告"), "某市交通运输局");
        assert_eq!(find_year("12020年"), None);
        assert_eq!(find_year("２０２１年度报告"), Some(2021));
    }

    #[test]
    fn titles_give_the_organ_as_printed() {
        let t = |s| title_of(s);
        assert_eq!(t("庙台乡人民政府 2020 年政府信息公开工作 年度报告"), Some(("庙台乡人民政府".into(), 2020)));
        assert_eq!(t("某局22022年政府信息公开工作年度报告"), Some(("某局2".into(), 2022)));
        assert_eq!(
            t("某2020年政府信息公开局2022年政府信息公开工作年度报告"),
            Some(("某2020年政府信息公开局".into(), 2022))
        );
        assert_eq!(t("《某局（筹）２０２１年度政府信息公开工作年度报告》"), Some(("某局（筹）".into(), 2021)));
        assert_eq!(t("2022年某市交通运输局政府信息公开工作年度报告"), None);
        assert_eq!(t("12年政府信息公开"), None);
    }

    #[test]
    fn kinds_are_guessed_from_names() {
        assert_eq!(infer_kind("庙台乡人民政府"), Some(OrganKind::PeoplesGovernment(Level::Township)));
        assert_eq!(infer_kind("惠农区人民政府"), Some(OrganKind::PeoplesGovernment(Level::County)));
        assert_eq!(infer_kind("某市交通运输局"), Some(OrganKind::Department(Level::Prefectural)));
        assert_eq!(infer_kind("某街道办事处"), Some(OrganKind::StreetOffice));
        assert_eq!(infer_kind("某某"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2021年1月20日"), NaiveDate::from_ymd_opt(2021, 1, 20));
        assert_eq!(parse_date("２０２１年 １月 ２０日"), NaiveDate::from_ymd_opt(2021, 1, 20));
        assert_eq!(parse_date("2021年13月20日"), None);
    }
}
