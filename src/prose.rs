//! The figures the prose states (`收到政府信息公开申请75件`), found and tied
//! to the tables through the phrases the layout declares
//! ([`layout::prose`](crate::layout::prose)).
//!
//! A figure is a number — ASCII or full-width digits, or Chinese numerals
//! (`二十一`) — followed by its unit (`件`, `元`, `万元`). It is tied to the
//! phrase whose words stand in its clause (the text back to the previous
//! `，`, `、`, `；`, `：` or sentence end), the one closest to it; a figure no
//! phrase claims is counted as untied, never guessed at. A share printed
//! right after a figure (`，占51.85%`) is kept with it.
//!
//! ```
//! use disclosure_report::prose::statements;
//! use disclosure_report::{Prose, layout::Section};
//!
//! let prose = Prose { overview: "全年收到政府信息公开申请二十一件，其中自然人２０件。".into(), ..Prose::default() };
//! let found = statements(&prose);
//! assert_eq!(found.statements.len(), 2);
//! assert_eq!(found.statements[0].phrase.key, "requests_received");
//! assert_eq!(found.statements[0].value, 21.into());
//! assert_eq!(found.statements[1].value, 20.into());
//! assert_eq!(found.statements[1].section, Section::Overview);
//! ```

use rust_decimal::Decimal;

use crate::layout::prose::{PHRASES, Phrase, Reading, StatedUnit};
use crate::layout::{CellRef, Section};
use crate::rules::Source;
use crate::{Prose, Published};

/// A figure the prose states, tied to its phrase.
///
/// ```
/// use disclosure_report::prose::statements;
/// use disclosure_report::Prose;
///
/// let prose = Prose { overview: "本年度收到政府信息公开申请21件，另有若干咨询。".into(), ..Default::default() };
/// let found = statements(&prose);
/// let s = &found.statements[0];
/// assert_eq!((s.phrase.key, s.printed.as_str(), s.value), ("requests_received", "21件", 21.into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Statement {
    /// The prose section it stands in.
    pub section: Section,
    /// Where the figure starts in that section's text, in characters.
    pub offset: usize,
    /// The sentence it stands in, as printed.
    pub sentence: String,
    /// The figure and its unit, as printed (`二十一件`, `0元`).
    pub printed: String,
    /// The figure: a count, or money in 万元.
    pub value: Decimal,
    /// The phrase it was tied to.
    pub phrase: &'static Phrase,
    /// A share printed with it (`占51.85%`): the percentage and its
    /// number of decimals.
    pub share: Option<(Decimal, u32)>,
    /// A lower bound (`N余件`, `1万多件`), or a part of the organ's whole
    /// (`区政府办代表区政府受理申请17件`: what one office handled on its
    /// behalf): the tables agree where they give at least the figure.
    pub at_least: bool,
}

/// A figure no phrase claims: counted, not checked.
///
/// ```
/// use disclosure_report::prose::statements;
/// use disclosure_report::Prose;
///
/// let prose = Prose { overview: "本年度接听群众来电咨询12件。".into(), ..Default::default() };
/// let found = statements(&prose);
/// assert!(found.statements.is_empty());
/// assert_eq!(found.untied.len(), 1, "counted, not checked: {:?}", found.untied);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Untied {
    /// The prose section it stands in.
    pub section: Section,
    /// Where it starts in that section's text, in characters.
    pub offset: usize,
    /// The figure and its unit, as printed.
    pub printed: String,
    /// The sentence, as printed.
    pub sentence: String,
}

/// What the prose states.
///
/// ```
/// use disclosure_report::prose::statements;
/// use disclosure_report::Prose;
///
/// let prose = Prose { overview: "本年度收到政府信息公开申请21件，另有若干咨询。".into(), ..Default::default() };
/// let found = statements(&prose);
/// assert_eq!(found.statements.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Statements {
    /// The figures tied to a phrase, in the order of the text.
    pub statements: Vec<Statement>,
    /// The figures no phrase claims.
    pub untied: Vec<Untied>,
}

/// A statement set against the tables.
///
/// ```
/// use disclosure_report::layout::{columns, rows, Section};
/// use disclosure_report::prose::tied;
/// use disclosure_report::{AnnualReport, Prose, ReportMeta};
///
/// let prose = Prose { overview: "本年度收到政府信息公开申请3件。".into(), ..Default::default() };
/// let mut p = AnnualReport::builder(ReportMeta::new("某局", 2022)?).prose(prose).build()?.to_published();
/// p.set_text(Section::Requests, &rows::NEW_REQUESTS, &columns::NATURAL_PERSON, "2")?;
/// let t = &tied(&p)[0];
/// assert_eq!(t.agrees(), Some(false), "the table says {:?}", t.readings[0].0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tied {
    /// What the prose states.
    pub statement: Statement,
    /// The phrase's readings that apply to the report, in declared order:
    /// each its figure and its cells (none for the processing fee).
    pub readings: Vec<(Decimal, Vec<CellRef>)>,
    /// The first reading that gives the stated figure.
    pub agrees_with: Option<usize>,
}

impl Tied {
    /// Whether the figure agrees with the tables; `None` where no reading
    /// applies (a cell absent, a fee not stated elsewhere).
    pub fn agrees(&self) -> Option<bool> {
        (!self.readings.is_empty()).then_some(self.agrees_with.is_some())
    }

    /// The cells the figure stands for: those of the reading it agrees
    /// with, or else of the first.
    pub fn cells(&self) -> &[CellRef] {
        self.readings.get(self.agrees_with.unwrap_or(0)).map_or(&[], |(_, cells)| cells)
    }
}

/// The value of a reading in a report: `None` where it does not apply to
/// the edition, or one of its cells is absent or not a number.
fn reading_in<S: Source + ?Sized>(p: &S, prose: &Prose, reading: &Reading) -> Option<(Decimal, Vec<CellRef>)> {
    match reading {
        Reading::ProcessingFee => prose.processing_fee.map(|fee| (fee.wan(), Vec::new())),
        Reading::Cells(_) => {
            let cells = Phrase::cells(reading, p.edition())?;
            let mut sum = Decimal::ZERO;
            for &cell in &cells {
                sum = sum.checked_add(p.value(cell)?.figure()?)?;
            }
            Some((sum, cells))
        }
    }
}

/// The readings of `of` that apply to a report.
pub(crate) fn readings_in<S: Source + ?Sized>(p: &S, prose: &Prose, of: &[Reading]) -> Vec<(Decimal, Vec<CellRef>)> {
    of.iter().filter_map(|r| reading_in(p, prose, r)).collect()
}

/// A statement set against a report's tables.
pub(crate) fn tie<S: Source + ?Sized>(p: &S, prose: &Prose, statement: Statement) -> Tied {
    let readings = readings_in(p, prose, statement.phrase.readings);
    let agrees_with = readings.iter().position(|(value, _)| match statement.at_least {
        true => *value >= statement.value,
        false => *value == statement.value,
    });
    Tied { statement, readings, agrees_with }
}

/// Every figure the prose of `p` states, set against its tables.
///
/// ```
/// # #[cfg(feature = "html")] {
/// use disclosure_report::read::{read_bytes, Options, SourceFormat};
///
/// let page = std::fs::read("tests/data/fixtures/html/pingtan-2022.html")?;
/// let p = read_bytes(&page, SourceFormat::Html, &Options::default())?.into_published();
/// let tied = disclosure_report::prose::tied(&p);
/// let received = tied.iter().find(|t| t.statement.phrase.key == "requests_received").unwrap();
/// assert_eq!(received.statement.printed, "75件");
/// // 新收 74 + 上年结转 1: the second reading.
/// assert_eq!(received.agrees_with, Some(1));
/// assert!(tied.iter().all(|t| t.agrees() == Some(true)));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tied(p: &Published) -> Vec<Tied> {
    statements(p.prose()).statements.into_iter().map(|s| tie(p, p.prose(), s)).collect()
}

/// A figure found: tied to a phrase, or not.
enum Found {
    Tied(Statement),
    Untied(Untied),
}

/// Every figure the prose states, with its phrase; and those no phrase claims.
///
/// ```
/// use disclosure_report::prose::statements;
/// use disclosure_report::Prose;
///
/// let prose = Prose { overview: "本年度收到政府信息公开申请21件，另有若干咨询。".into(), ..Default::default() };
/// let found = statements(&prose);
/// assert_eq!(found.statements.len(), 1);
/// ```
pub fn statements(prose: &Prose) -> Statements {
    let mut out = Statements::default();
    scan_all(prose, &mut |found| match found {
        Found::Tied(s) => out.statements.push(s),
        Found::Untied(u) => out.untied.push(u),
    });
    out
}

/// Each figure tied to a phrase, one at a time (the rules keep none).
pub(crate) fn for_each_statement(prose: &Prose, each: &mut dyn FnMut(Statement)) {
    scan_all(prose, &mut |found| {
        if let Found::Tied(s) = found {
            each(s);
        }
    });
}

fn scan_all(prose: &Prose, each: &mut dyn FnMut(Found)) {
    for (section, text) in
        [(Section::Overview, &prose.overview), (Section::Problems, &prose.problems), (Section::Other, &prose.other)]
    {
        scan(section, text, each);
    }
}

/// Ends a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n' | '；' | ';')
}

/// Ends a clause: the words of a figure's phrase stand in its clause. An
/// enumeration comma does not (收到公民、法人和其他组织…申请N件).
fn ends_clause(c: char) -> bool {
    ends_sentence(c) || matches!(c, '，' | ',' | '：' | ':' | '（' | '）' | '(' | ')')
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' => 10_000,
        _ => return None,
    })
}

/// The value of Chinese numerals (`二十一`, `一百零五`, `三万两千`), or
/// digits one by one (`二〇二二`); `None` if they do not make a number.
pub(crate) fn chinese_numeral(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| chinese_digit(c).is_some()) && s.chars().count() > 1 {
        return s.chars().try_fold(0u64, |n, c| n.checked_mul(10)?.checked_add(chinese_digit(c)?));
    }
    let (mut total, mut section, mut pending) = (0u64, 0u64, None::<u64>);
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if pending.is_some() && d != 0 {
                return None; // two digits with no unit between them
            }
            pending = Some(d).filter(|&d| d != 0);
        } else if let Some(unit) = chinese_unit(c) {
            if unit == 10_000 {
                section = section.checked_add(pending.take().unwrap_or(0))?;
                total = total.checked_add(section.checked_mul(unit)?)?;
                section = 0;
            } else {
                // 十 alone is ten.
                section = section.checked_add(pending.take().unwrap_or(1).checked_mul(unit)?)?;
            }
        } else {
            return None;
        }
    }
    total.checked_add(section)?.checked_add(pending.unwrap_or(0))
}

/// A number as printed before a unit: its value, where it makes one.
fn number_value(printed: &str) -> Option<Decimal> {
    // Digits before a unit of ten thousand or a thousand: `1万`, `1.5万`.
    for (unit, factor) in [('万', 10_000), ('千', 1_000)] {
        if let Some(digits) =
            printed.strip_suffix(unit).filter(|d| d.chars().next().is_some_and(|c| digit(c).is_some()))
            && let Some(value) =
                number_value(digits).filter(|_| digits.chars().all(|c| digit(c).is_some() || ".．,".contains(c)))
        {
            return value.checked_mul(Decimal::from(factor));
        }
    }
    let ascii: String = printed
        .chars()
        .filter(|c| !matches!(c, ',' | '，'))
        .map(|c| match digit(c) {
            Some(d) => char::from_digit(d, 10).unwrap_or(c),
            None if c == '．' => '.',
            None => c,
        })
        .collect();
    if ascii.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return ascii.parse().ok();
    }
    chinese_numeral(&ascii).map(Decimal::from)
}

/// The unit at the start of `rest`, and its length in characters: the
/// figure's meaning (a count, or money in 万元) and the factor to 万元.
fn unit_at(rest: &[char]) -> Option<(StatedUnit, Decimal, usize)> {
    match rest {
        // Pieces, copies and items; cases (起, 宗) of reconsideration and
        // litigation.
        ['件' | '份' | '项' | '起' | '宗', ..] => Some((StatedUnit::Pieces, Decimal::ONE, 1)),
        ['万', '元', ..] => Some((StatedUnit::Money, Decimal::ONE, 2)),
        ['元', ..] => Some((StatedUnit::Money, Decimal::new(1, 4), 1)),
        _ => None,
    }
}

/// A share right after a figure: `，占51.85%`, `(占比5%)`.
fn share_at(rest: &[char]) -> Option<(Decimal, u32)> {
    let mut i = 0;
    while rest.get(i).is_some_and(|c| matches!(c, '，' | ',' | '（' | '(' | ' ')) {
        i += 1;
    }
    if rest.get(i) != Some(&'占') {
        return None;
    }
    i += 1;
    if rest.get(i) == Some(&'比') {
        i += 1;
    }
    let start = i;
    while rest.get(i).is_some_and(|&c| digit(c).is_some() || matches!(c, '.' | '．')) {
        i += 1;
    }
    if !matches!(rest.get(i), Some('%' | '％')) || i == start {
        return None;
    }
    let printed: String = rest[start..i].iter().collect();
    let value = number_value(&printed)?;
    Some((value, value.scale()))
}

/// Whether `c` may be part of a number before a unit.
fn numeral_char(c: char) -> bool {
    digit(c).is_some() || matches!(c, '.' | '．' | ',') || chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

/// The phrase of a figure: by the words of its clause before it, or, where
/// they name none, with the words right after it too (共收到N件申请).
fn phrase_around(lead: &str, tail: impl FnOnce() -> String, unit: StatedUnit) -> Option<&'static Phrase> {
    phrase_of(lead, unit).or_else(|| {
        let tail = tail();
        (!tail.is_empty()).then(|| phrase_of(&format!("{lead}{tail}"), unit)).flatten()
    })
}

/// The phrase that claims a figure whose clause, before it, is `lead`:
/// every group of its words present and none of its `unless`; of several,
/// the one whose words end closest to the figure (then the longest word).
fn phrase_of(lead: &str, unit: StatedUnit) -> Option<&'static Phrase> {
    let mut best: Option<(usize, usize, &'static Phrase)> = None;
    for phrase in PHRASES.iter().filter(|p| p.unit == unit) {
        if phrase.unless.iter().any(|w| lead.contains(w)) {
            continue;
        }
        let mut end = 0;
        let mut length = 0;
        let mut every_group = true;
        for group in phrase.words {
            let found = group.iter().filter_map(|w| lead.rfind(w).map(|at| (at + w.len(), w.len()))).max();
            match found {
                Some((e, l)) => {
                    if (e, l) > (end, length) {
                        (end, length) = (e, l);
                    }
                }
                None => every_group = false,
            }
        }
        if every_group && best.is_none_or(|(e, l, _)| (end, length) > (e, l)) {
            best = Some((end, length, phrase));
        }
    }
    best.map(|(_, _, p)| p)
}

/// The longest figure read, in characters: a longer run of digits is read
/// by its last ones (so that a flood of digits costs no more than a figure).
const MAX_FIGURE: usize = 24;

/// How far before a figure its phrase's words are looked for, in
/// characters (a phrase stands next to its figure).
const MAX_LEAD: usize = 48;

/// How far after a figure its phrase's words may stand (共收到N件申请), in
/// characters.
const MAX_TAIL: usize = 8;

/// How much of a sentence is quoted either side of a figure, in characters.
const MAX_QUOTE: usize = 120;

/// A line shorter than this is a line of its own (a heading) even where it
/// ends with no punctuation; a longer one may be wrapped.
const SHORT_LINE: usize = 20;

/// The text as read for figures, and where each of its characters was:
/// spaces left out (text extracted from a PDF spaces figures: `申请 75 件`),
/// and a line wrapped mid-sentence joined to the next.
fn unwrapped(text: &str) -> (Vec<char>, Vec<usize>) {
    let all: Vec<char> = text.chars().collect();
    let (mut chars, mut origin) = (Vec::with_capacity(all.len()), Vec::with_capacity(all.len()));
    let mut line_length = 0;
    for (i, &c) in all.iter().enumerate() {
        if c == '\n' {
            let before = chars.last().copied();
            let next = all.get(i + 1).copied();
            let wrapped = line_length >= SHORT_LINE
                && before.is_some_and(|b| !ends_clause(b))
                && next.is_some_and(|n| n != '\n' && !n.is_whitespace());
            line_length = 0;
            if wrapped {
                continue;
            }
        } else if c.is_whitespace() || c.is_control() {
            continue;
        } else {
            line_length += 1;
        }
        chars.push(c);
        origin.push(i);
    }
    (chars, origin)
}

/// The sentence a figure (`chars[start..end]`) stands in, as printed; at
/// most [`MAX_QUOTE`] characters either side of it, the rest elided (`…`).
fn quote(chars: &[char], start: usize, end: usize) -> String {
    let from = start.saturating_sub(MAX_QUOTE);
    let to = (end + MAX_QUOTE).min(chars.len());
    let sentence_start = chars[from..start].iter().rposition(|&c| ends_sentence(c)).map(|p| from + p + 1);
    let sentence_end = chars[end..to].iter().position(|&c| ends_sentence(c)).map(|p| end + p);
    let mut quoted = String::new();
    if sentence_start.is_none() && from > 0 {
        quoted.push('…');
    }
    quoted.extend(&chars[sentence_start.unwrap_or(from)..sentence_end.unwrap_or(to)]);
    if sentence_end.is_none() && to < chars.len() {
        quoted.push('…');
    }
    quoted.trim().to_owned()
}

fn scan(section: Section, text: &str, each: &mut dyn FnMut(Found)) {
    let (chars, origin) = unwrapped(text);
    let mut i = 0;
    // Where the last figure ended: its words are not the next one's
    // (行政诉讼案件1件、行政复议案件2件).
    let mut last_figure = 0;
    while i < chars.len() {
        if !numeral_char(chars[i]) || matches!(chars[i], '.' | '．' | ',') {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && numeral_char(chars[i]) {
            i += 1;
        }
        // A run of numerals that ends in a unit of its own (`万` before
        // `元`) gives it back.
        let mut end = i;
        if end > start + 1 && chars[end - 1] == '万' && chars.get(end) == Some(&'元') {
            end -= 1;
        }
        // A bound: `N余件`, `N多件`.
        let at_least = matches!(chars.get(end), Some('余' | '多')) && unit_at(&chars[end + 1..]).is_some();
        let bound = usize::from(at_least);
        let Some((unit, factor, unit_length)) = unit_at(&chars[end + bound..]) else { continue };
        let unit_length = unit_length + bound;
        // Chinese numerals stand in words too (第一, 十四五): the longest
        // tail of the run that makes a number is the figure.
        let Some((number_start, value)) = (start.max(end.saturating_sub(MAX_FIGURE))..end).find_map(|s| {
            let printed: String = chars[s..end].iter().collect();
            number_value(&printed).map(|v| (s, v))
        }) else {
            continue;
        };
        let figure_end = end + unit_length;
        let near = number_start.saturating_sub(MAX_LEAD).max(last_figure.min(number_start));
        let clause_start =
            chars[near..number_start].iter().rposition(|&c| ends_clause(c)).map_or(near, |p| near + p + 1);
        let lead: String = chars[clause_start..number_start].iter().collect();
        let sentence = quote(&chars, number_start, figure_end);
        let printed: String = chars[number_start..figure_end].iter().collect();
        // The words right after the figure, to the clause's end.
        let tail = || -> String {
            let after = chars[figure_end..].iter().take(MAX_TAIL);
            after.take_while(|&&c| !ends_clause(c) && c != '、' && !numeral_char(c)).collect()
        };
        // `近N件`, `约N件`: no figure to check.
        let approximate = number_start > 0 && matches!(chars[number_start - 1], '近' | '约');
        // `代表区政府受理N件`: an office's part, on the organ's behalf.
        let at_least = at_least || lead.contains("代表");
        match phrase_around(&lead, tail, unit).filter(|_| !approximate) {
            Some(phrase) => each(Found::Tied(Statement {
                section,
                offset: origin[number_start],
                sentence,
                printed,
                value: value * factor,
                phrase,
                share: share_at(&chars[figure_end..]),
                at_least,
            })),
            None => each(Found::Untied(Untied { section, offset: origin[number_start], printed, sentence })),
        }
        last_figure = figure_end;
        i = figure_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (n, s) in [
            (0, "零"),
            (7, "七"),
            (10, "十"),
            (15, "十五"),
            (21, "二十一"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (10_000, "一万"),
            (32_000, "三万二千"),
            (100_005, "十万零五"),
            (1_020_304, "一百零二万零三百零四"),
        ] {
            assert_eq!(chinese_numeral(s), Some(n), "{s}");
        }
        assert_eq!(chinese_numeral("两千"), Some(2000));
        assert_eq!(chinese_numeral("二〇二二"), Some(2022));
        assert_eq!(chinese_numeral("三四"), Some(34));
        assert_eq!(chinese_numeral("是"), None);
    }

    /// Phrase key, figure, and share of each statement.
    type Found = (&'static str, Decimal, Option<(Decimal, u32)>);

    fn found(text: &str) -> Vec<Found> {
        let prose = Prose { overview: text.to_owned(), ..Prose::default() };
        statements(&prose).statements.iter().map(|s| (s.phrase.key, s.value, s.share)).collect()
    }

    #[test]
    fn the_issues_sentence() {
        let text = "2023年全区接收政府信息公开申请共计81件，涉及自然人80件、商业企业1件。办结81件，其中：予以公开及部分公开42件，占51.85%；不予公开5件；无法提供31件；不予处理1件；其他处理2件；因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。";
        let keys: Vec<&str> = found(text).iter().map(|f| f.0).collect();
        assert_eq!(
            keys,
            [
                "requests_received",
                "natural_person",
                "business",
                "requests_handled",
                "disclosed_or_partially",
                "withheld",
                "unable",
                "not_processed",
                "other_handling",
                "reconsideration",
                "litigation"
            ]
        );
        assert_eq!(found(text)[4].2, Some(("51.85".parse().unwrap(), 2)));
    }

    #[test]
    fn fees_and_units() {
        let f = found("全年收取政府信息公开信息处理费0元。");
        assert_eq!(f, [("processing_fee", Decimal::ZERO, None)]);
        let f = found("收取信息处理费1.5万元。");
        assert_eq!(f[0].1, "1.5".parse().unwrap());
        let f = found("收取信息处理费150元。");
        assert_eq!(f[0].1, "0.0150".parse().unwrap());
    }

    #[test]
    fn a_flood_of_figures_costs_little() {
        // One clause of 20,000 figures, and one run of 100,000 digits.
        let text = "申请1件".repeat(20_000) + &"9".repeat(100_000) + "件";
        let prose = Prose { overview: text, ..Prose::default() };
        let s = statements(&prose);
        assert_eq!(s.statements.len() + s.untied.len(), 20_001);
        assert!(s.statements.iter().all(|s| s.sentence.chars().count() <= 2 * MAX_QUOTE + 30));
    }

    #[test]
    fn words_that_are_not_figures_are_left_alone() {
        let prose = Prose {
            overview: "一是做好公开，公开信息77条，发布政策文件20件，十四五规划。".into(),
            ..Prose::default()
        };
        let s = statements(&prose);
        assert!(s.statements.is_empty(), "{s:?}");
        assert_eq!(s.untied.len(), 1); // 20件: no phrase
    }
}
