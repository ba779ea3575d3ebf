//! The document, from any source's [`Grid`]: title, organ and year,
//! edition, the six sections, the prose of 一, 五 and 六, and the rows of
//! tables 二, 三 and 四 handed to the one table reader.
//!
//! Nothing is held per line of a text file: headings are found in passes
//! over the lines, sections are ranges of positions, a text file's
//! section is a slice of it, and a table's rows are yielded one by one to
//! the table reader.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::grid::{self, At, Grid, Item, Printed, Text};
use super::source::aligned;
use super::table::{EditionVotes, TableReader};
use super::{GridRow, MAX_ROW_CELLS, Notes, Options, ParseError, Parsed, Row, fold};
use crate::layout::{Layout, Section};
use crate::number::normalize;
use crate::rules::{self, Finding};
use crate::{Level, Money, OrganKind, Place, Published, ReportMeta};

mod reports;
pub(crate) use reports::{Which, read_reports};

/// Reads a report from a source's grid.
pub(crate) fn read(grid: &Grid, options: &Options) -> Result<Parsed, ParseError> {
    let mut notes = Notes::default();
    let start = Pos::default();
    // The title line, as the text renderer writes it and reports print
    // it: organ, year, 年(度)政府信息公开…报告. It is never a heading,
    // whatever the organ's name.
    let titled = find_title(grid, start);
    let headings = find_headings(grid, titled.as_ref().map_or(start, |t| t.0), &mut notes);
    if Section::TABLES.iter().all(|s| headings[*s as usize].is_none()) {
        return Err(ParseError::NoTables);
    }
    let span = |section: Section| span(&headings, section);
    // A table's text laid out with spaces may set a unit apart from its
    // figure: it is read from a copy with them joined (same offsets).
    let bodies: Vec<Option<TextBody<'_>>> = Section::TABLES
        .iter()
        .map(|s| {
            TextBody::of(grid, span(*s)).map(|mut b| {
                if let Some(joined) = aligned::units_joined(&b.text, 0..b.text.len()) {
                    b.text = Cow::Owned(joined);
                }
                b
            })
        })
        .collect();
    let table_rows = |section: Section, layout: Option<&'static Layout>| {
        let body = Section::TABLES.iter().position(|s| *s == section).and_then(|k| bodies[k].as_ref());
        table_rows(grid, span(section), body, section, layout)
    };
    let (organ, year) = match titled {
        Some((_, organ, year)) => (organ, year),
        None => {
            let first = headings.iter().flatten().map(|h| h.pos).min().unwrap_or(Pos::END);
            let title = span_text(grid, Span { from: start, to: first });
            let year = find_year(&title)
                .or_else(|| find_year(&span_text(grid, Span { from: start, to: Pos::END })))
                .ok_or(ParseError::NoYear)?;
            (find_organ(&title), year)
        }
    };
    let tables = Span {
        from: Section::TABLES.iter().map(|s| span(*s).from).min().unwrap_or(Pos::END),
        to: Section::TABLES.iter().map(|s| span(*s).to).max().unwrap_or(Pos::END),
    };
    hidden(grid, tables, &mut notes);
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
    votes.count(table_rows(Section::Proactive, None));
    if votes.is_empty() {
        votes.count(table_rows(Section::Requests, None));
        votes.count(table_rows(Section::Review, None));
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
    let mut reader = TableReader::new(&mut published, &mut notes);
    let layout = Some(Layout::of(edition));
    reader.proactive(table_rows(Section::Proactive, layout));
    reader.requests(table_rows(Section::Requests, layout));
    reader.review(table_rows(Section::Review, layout));

    let text_of = |section| span_text(grid, span(section));
    let (other, published_on, fee) = closing(&text_of(Section::Other), &organ);
    let p = published.prose_mut();
    p.overview = prose_text(&text_of(Section::Overview));
    p.problems = prose_text(&text_of(Section::Problems));
    p.other = other;
    p.processing_fee = fee;
    if let Some(date) = published_on {
        let meta = published.meta().clone().with_published_on(date);
        published.set_meta(meta);
    }
    for v in std::mem::take(&mut notes.variants) {
        published.push_label_variant(v);
    }
    let places = std::mem::take(&mut notes.places);
    Ok(Parsed::new(published, notes.into_findings()).with_places(places))
}

/// A warning for each piece of hidden text among the tables that held
/// digits, quoting them: it was not read, and the person holding the
/// document does not see it. (Elsewhere, hidden menus and the like are
/// common and harmless: not read, not named.)
fn hidden(grid: &Grid, tables: Span, notes: &mut Notes) {
    let among = grid.items().iter().enumerate().take(tables.to.item.saturating_add(1)).skip(tables.from.item);
    for (_, item) in among {
        let Item::Hidden(text) = item else { continue };
        let numbers: Vec<String> = text
            .text()
            .split(|c: char| !c.is_ascii_digit() && !('０'..='９').contains(&c) && !".,".contains(c))
            .map(|n| n.trim_matches(['.', ',']))
            .filter(|n| n.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)))
            .map(str::to_owned)
            .collect();
        if numbers.is_empty() || !notes.room(&rules::PARSE_HIDDEN) {
            continue;
        }
        let place = text.place();
        let (at_zh, at_en) = match place {
            Some(p) => (p.zh(), p.to_string()),
            None => ("文档中".to_owned(), "the document".to_owned()),
        };
        let shown: String = text.text().chars().take(80).collect();
        let (quoted, count) = super::table::quote(numbers.iter().map(String::as_str));
        notes.push(
            Finding::reader(
                &rules::PARSE_HIDDEN,
                &[],
                place,
                format!("{at_zh}有读者看不到的文字“{shown}”，含{count}个数字，未读取"),
                format!("{at_en} holds text the reader does not see (\"{shown}\"), with {count} numbers; not read"),
            )
            .quoting(quoted),
        );
    }
}

// ---------------------------------------------------------------------------
// Lines: the grid read line by line
// ---------------------------------------------------------------------------

/// A position in the grid: an item, and in it a row (of a table) or a byte
/// (of a text file's lines, whose number there is `line`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Pos {
    item: usize,
    at: usize,
    line: u32,
}

impl Pos {
    /// Past the last item.
    const END: Pos = Pos { item: usize::MAX, at: 0, line: 0 };
}

/// A line of the document: a line of text, or a table's row.
#[derive(Clone, Copy)]
struct Line<'g> {
    pos: Pos,
    /// Where the next line starts.
    next: Pos,
    kind: Kind<'g>,
}

#[derive(Clone, Copy)]
enum Kind<'g> {
    /// A line of a text file, by its number.
    File { raw: &'g str, line: u32 },
    /// A located line of text.
    Text(&'g Text),
    /// A table's row, and the table's number.
    Row(&'g grid::Row, u32),
}

impl<'g> Line<'g> {
    /// Its text; a row's cells parted by tabs.
    fn text(&self) -> Cow<'g, str> {
        match self.kind {
            Kind::File { raw, .. } => Cow::Borrowed(raw),
            Kind::Text(t) => Cow::Borrowed(&t.text),
            Kind::Row(row, _) => match row.cells.as_slice() {
                [one] => Cow::Borrowed(&one.text),
                cells => Cow::Owned(cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t")),
            },
        }
    }

    /// Its text where it may be one cell: a line (one cell unless it holds
    /// a tab), a row of one cell (a heading may be either).
    fn single(&self) -> Option<&'g str> {
        match self.kind {
            Kind::File { raw, .. } => Some(raw),
            Kind::Text(t) => Some(t.text.as_str()),
            Kind::Row(row, _) => match row.cells.as_slice() {
                [one] => Some(&one.text),
                _ => None,
            },
        }
    }

    fn place(&self) -> Option<Place> {
        match self.kind {
            Kind::File { line, .. } => Some(Place::Line { line }),
            Kind::Text(t) => t.place,
            Kind::Row(row, _) => row.place,
        }
    }
}

/// The lines of the grid from `from` on.
fn lines_from(grid: &Grid, from: Pos) -> impl Iterator<Item = Line<'_>> + '_ {
    let items = grid.items().iter().enumerate().skip(from.item);
    items.flat_map(move |(i, item)| -> Box<dyn Iterator<Item = Line<'_>> + '_> {
        let (at, first) = if i == from.item { (from.at, from.line) } else { (0, 0) };
        match item {
            Item::Text(t) if at == 0 => Box::new(std::iter::once(Line {
                pos: Pos { item: i, at: 0, line: 0 },
                next: Pos { item: i, at: 1, line: 0 },
                kind: Kind::Text(t),
            })),
            Item::Text(_) | Item::Hidden(_) => Box::new(std::iter::empty()),
            Item::Table(t) => Box::new(t.rows.iter().enumerate().skip(at).map(move |(r, row)| Line {
                pos: Pos { item: i, at: r, line: 0 },
                next: Pos { item: i, at: r + 1, line: 0 },
                kind: Kind::Row(row, t.number),
            })),
            Item::Lines(l) => {
                let number = if at == 0 { l.first } else { first };
                Box::new(file_lines(&l.text, at, number).map(move |(start, end, number, raw)| Line {
                    pos: Pos { item: i, at: start, line: number },
                    next: Pos { item: i, at: end, line: number.saturating_add(1) },
                    kind: Kind::File { raw, line: number },
                }))
            }
        }
    })
}

/// The lines of `text` from byte `from` (the start of line `number`): each
/// line's start, end (past its break), number and text without its break.
fn file_lines(text: &str, from: usize, number: u32) -> impl Iterator<Item = (usize, usize, u32, &str)> + '_ {
    let mut at = from;
    let rest = text.get(from..).unwrap_or("");
    rest.split_inclusive('\n').enumerate().map(move |(k, piece)| {
        let start = at;
        at += piece.len();
        let raw = piece.strip_suffix('\n').unwrap_or(piece);
        let n = number.saturating_add(u32::try_from(k).unwrap_or(u32::MAX));
        (start, at, n, raw.strip_suffix('\r').unwrap_or(raw))
    })
}

/// The lines from one position up to another.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    from: Pos,
    to: Pos,
}

fn span_lines(grid: &Grid, span: Span) -> impl Iterator<Item = Line<'_>> + '_ {
    lines_from(grid, span.from).take_while(move |l| l.pos < span.to)
}

/// Where a span lies within one text file's lines: that text and its
/// byte range.
fn within_file(grid: &Grid, span: Span) -> Option<(&str, std::ops::Range<usize>)> {
    let Some(Item::Lines(l)) = grid.items().get(span.from.item) else { return None };
    let end = if span.to.item == span.from.item {
        span.to.at
    } else if span.to.at == 0
        && (span.to.item == span.from.item + 1 || (span.to == Pos::END && span.from.item + 1 == grid.items().len()))
    {
        l.text.len()
    } else {
        return None;
    };
    Some((&l.text, span.from.at..end.max(span.from.at)))
}

/// A span's text, lines parted by line breaks (a text file's borrowed).
fn span_text(grid: &Grid, span: Span) -> Cow<'_, str> {
    if let Some((text, range)) = within_file(grid, span) {
        return Cow::Borrowed(text.get(range).unwrap_or(""));
    }
    let mut out = String::new();
    for line in span_lines(grid, span) {
        out.push_str(&line.text());
        out.push('\n');
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Heading {
    pos: Pos,
    next: Pos,
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

/// Finds the six headings, in order, after `from`; a heading worded
/// otherwise than the official one is a label variant. One pass over the
/// lines for each heading; a line is folded only where it could be one (it
/// starts with a numeral and is one cell).
fn find_headings(grid: &Grid, from: Pos, notes: &mut Notes) -> [Option<Heading>; 6] {
    let numerals: Vec<char> = Section::ALL.iter().filter_map(|s| s.numeral().chars().next()).collect();
    let mut found = [None; 6];
    let mut from = from;
    for section in Section::ALL {
        let official = fold(section.heading());
        let numbered = format!("{}、", section.numeral());
        let hit = lines_from(grid, from).find_map(|l| {
            let raw = l.single()?;
            let first = raw.trim_start().chars().next()?;
            if !numerals.contains(&first) || raw.contains('\t') {
                return None;
            }
            let f = fold(raw);
            if f == official {
                return Some((l, raw, false));
            }
            let variant = (f.starts_with(&numbered)
                && f.chars().count() <= 40
                && heading_keywords(section).iter().any(|k| f.contains(k)))
                || section.heading_variants().iter().any(|v| fold(v) == f);
            variant.then_some((l, raw, true))
        });
        match hit {
            Some((line, raw, variant)) => {
                if variant {
                    notes.variant(section.heading(), raw.trim(), line.place());
                }
                found[section as usize] = Some(Heading { pos: line.pos, next: line.next });
                from = line.next;
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

/// A section's lines: after its heading, up to the next heading found.
fn span(headings: &[Option<Heading>; 6], section: Section) -> Span {
    let Some(h) = headings[section as usize] else { return Span { from: Pos::END, to: Pos::END } };
    let to = headings.iter().flatten().map(|h| h.pos).filter(|&p| p > h.pos).min().unwrap_or(Pos::END);
    Span { from: h.next, to }
}

/// A table section that is text alone (a text file's lines, or lines of
/// text such as a PDF page laid out by its columns): its text, whose lines
/// are numbered from `first_line`, and where each line came from.
struct TextBody<'g> {
    text: Cow<'g, str>,
    first_line: u32,
    /// For lines of located text: each line's text and its start in `text`.
    items: Vec<(&'g Text, usize)>,
}

impl<'g> TextBody<'g> {
    fn of(grid: &'g Grid, span: Span) -> Option<TextBody<'g>> {
        if let Some((text, range)) = within_file(grid, span) {
            let text = Cow::Borrowed(text.get(range).unwrap_or(""));
            return Some(TextBody { text, first_line: span.from.line, items: Vec::new() });
        }
        let mut text = String::new();
        let mut items = Vec::new();
        for line in span_lines(grid, span) {
            let Kind::Text(t) = line.kind else { return None };
            items.push((t, text.len()));
            // One line each, whatever a caller's text holds (same bytes).
            text.extend(t.text.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
            text.push('\n');
        }
        (!items.is_empty()).then_some(TextBody { text: Cow::Owned(text), first_line: 1, items })
    }

    /// The line of text that line `line` of the body is.
    fn item(&self, line: usize) -> Option<&(&'g Text, usize)> {
        let k = line.checked_sub(usize::try_from(self.first_line).ok()?)?;
        self.items.get(k)
    }

    /// Where line `line` was printed.
    fn line_place(&self, line: usize) -> Option<Place> {
        match self.items.is_empty() {
            true => Some(Place::Line { line: u32::try_from(line).unwrap_or(u32::MAX) }),
            false => self.item(line)?.0.place,
        }
    }

    /// Where a piece of line `line` (a slice of `text`) came from.
    fn at(&self, line: usize, piece: &str) -> At<'g> {
        if self.items.is_empty() {
            return At::Line(u32::try_from(line).unwrap_or(u32::MAX));
        }
        let Some((text, start)) = self.item(line) else { return At::Nowhere };
        // A piece that is no slice of the line (an official label put in
        // for a lost one) is located by its line.
        let line_text = self.text.get(*start..*start + text.text.len()).unwrap_or("");
        match offset_in(piece, line_text).and_then(|o| u32::try_from(o).ok()) {
            Some(offset) => At::Piece(text, offset),
            None => At::Piece(text, u32::MAX),
        }
    }
}

/// The rows of a table section: drawn rows as they are; lines of text cut
/// into cells — rebuilt from their columns where the text is laid out
/// with spaces (`pdftotext -layout`), else split at tabs or spaces.
fn table_rows<'g>(
    grid: &'g Grid,
    span: Span,
    body: Option<&'g TextBody<'g>>,
    section: Section,
    layout: Option<&'static Layout>,
) -> Box<dyn Iterator<Item = Row<'g>> + 'g> {
    if let Some(body) = body {
        if aligned::is_aligned(&body.text) {
            let lines = aligned_lines(&body.text, body.first_line);
            let block = layout.and_then(|l| l.blocks(section).first());
            let rebuilt = match (section, block) {
                (Section::Proactive, _) => aligned::proactive(lines),
                (Section::Requests, Some(block)) => aligned::requests(lines, block),
                (Section::Review, Some(block)) => aligned::review(lines, block.columns.len()),
                _ => None,
            };
            if let Some(rows) = rebuilt {
                // A rebuilt row gathers figures from several lines: each
                // is located by the line it lies in (at most the aligned
                // reader's lines, so their starts are few).
                let starts: Vec<usize> =
                    std::iter::once(0).chain(body.text.match_indices('\n').map(|(i, _)| i + 1)).collect();
                let line_of = move |piece: &str, named: usize| match offset_in(piece, &body.text) {
                    Some(o) => starts.partition_point(|&s| s <= o) - 1 + body.first_line as usize,
                    None => named,
                };
                return Box::new(rows.into_iter().map(move |r| {
                    let cells = r.cells.iter().map(|c| Printed::cut(c, body.at(line_of(c, r.line), c))).collect();
                    Row::Cells(GridRow { place: body.line_place(r.line), cells, certain: false, table: None })
                }));
            }
        }
        let lines = aligned_lines(&body.text, body.first_line).filter(|l| !l.raw.is_empty());
        return Box::new(lines.map(move |l| cut(l.raw, body.line_place(l.number), |piece| body.at(l.number, piece))));
    }
    Box::new(span_lines(grid, span).filter_map(|line| match line.kind {
        Kind::Row(row, table) => Some(drawn(row, table)),
        Kind::Text(t) if !t.text.is_empty() => Some(cut(&t.text, t.place, |piece| {
            At::Piece(t, offset_in(piece, &t.text).and_then(|o| u32::try_from(o).ok()).unwrap_or(u32::MAX))
        })),
        Kind::File { raw, line } if !raw.is_empty() => Some(cut(raw, Some(Place::Line { line }), |_| At::Line(line))),
        _ => None,
    }))
}

/// Where `piece` starts in `text`, if it is a slice of it (a piece put in
/// from elsewhere, such as an official label, is not).
fn offset_in(piece: &str, text: &str) -> Option<usize> {
    let offset = (piece.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset + piece.len() <= text.len()).then_some(offset)
}

/// A drawn row of table `table`, as the reader reads it.
fn drawn(row: &grid::Row, table: u32) -> Row<'_> {
    if row.cells.len() > MAX_ROW_CELLS {
        let raw = row.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t");
        return Row::Long { place: row.place, raw: Cow::Owned(raw) };
    }
    let cells = row.cells.iter().map(Printed::of).collect();
    let certain = row.cells.iter().all(|c| c.certain);
    Row::Cells(GridRow { place: row.place, cells, certain, table: Some(table) })
}

/// A line of text (printed at `line`) cut into cells, each located by
/// `at`: at tabs, or else at spaces.
fn cut<'a>(raw: &'a str, line: Option<Place>, at: impl Fn(&str) -> At<'a>) -> Row<'a> {
    let tabbed = raw.contains('\t');
    let count = if tabbed { raw.matches('\t').count() + 1 } else { raw.split_whitespace().count() };
    if count > MAX_ROW_CELLS {
        return Row::Long { place: line, raw: Cow::Borrowed(raw) };
    }
    let cell = |p: &'a str| Printed::cut(p, at(p));
    let mut cells = Vec::with_capacity(count);
    match tabbed {
        true => cells.extend(raw.split('\t').map(|p| cell(p.trim()))),
        false => cells.extend(raw.split_whitespace().map(cell)),
    }
    Row::Cells(GridRow { place: line, cells, certain: false, table: None })
}

/// The lines of a section's text as the aligned-columns reader takes them.
fn aligned_lines(text: &str, first: u32) -> impl Iterator<Item = aligned::Line<'_>> + '_ {
    file_lines(text, 0, first).map(|(_, _, number, raw)| aligned::Line { number: number as usize, raw })
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
            if !organ.is_empty() && fold(name) == fold(organ) { above } else { rest }
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

/// The most lines of a title printed over several (organ, year and
/// name; a page header above them).
const TITLE_LINES: usize = 3;

/// The title: where the line after it starts, the organ and the year. A
/// title may be broken over lines: the organ alone above the year's line
/// (淮安市洪泽区人民政府 / 2024年政府信息公开工作年度报告), or the name
/// broken after 政府信息公开 (…2024年政府信息公开 / 工作年度报告).
fn find_title(grid: &Grid, start: Pos) -> Option<(Pos, String, u16)> {
    let mut lines = lines_from(grid, start).peekable();
    // The last lines above, that may be the organ's name.
    let mut above: Vec<String> = Vec::new();
    while let Some(line) = lines.next() {
        let mut raw = line.text().trim().to_owned();
        let mut next = line.next;
        if raw.contains("政府信息公开")
            && !raw.contains("报告")
            && let Some(more) = lines.peek().map(|l| (l.text(), l.next)).filter(|(t, _)| is_title_end(t))
        {
            raw.push_str(more.0.trim());
            next = more.1;
            lines.next();
        }
        if let Some((organ, year)) = title_of(&raw).filter(|_| raw.contains("报告")) {
            let organ = if organ.is_empty() { organ_above(&above) } else { organ };
            return Some((next, organ, year));
        }
        if !raw.is_empty() {
            above.push(raw);
            if above.len() > TITLE_LINES - 1 {
                above.remove(0);
            }
        }
    }
    None
}

/// The rest of a title broken over lines: short, naming the report.
fn is_title_end(text: &str) -> bool {
    let text = text.trim();
    text.contains("报告") && text.chars().count() <= 16 && !text.contains(['。', '，'])
}

/// The organ printed alone on the lines above a title's year: the last
/// line that reads as a name (short, no sentence or date).
fn organ_above(above: &[String]) -> String {
    let is_name = |l: &&String| {
        let n = l.chars().count();
        (2..=40).contains(&n)
            && !l.chars().any(|c| c.is_ascii_digit() || "。，；：:,;０１２３４５６７８９".contains(c))
            && !l.contains("报告")
    };
    above.iter().rev().find(is_name).cloned().unwrap_or_default()
}

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
