//! Page furniture every source meets: page numbers, printed at a page's
//! foot or head, which are no figure of the report.

/// `3`, `- 3 -`, `— 3 —`, `－3－`, `第3页`, `第 3 页 共 10 页`, `3 / 10`;
/// not numbers only white space parts (`0 0 0`: a row of figures at a
/// page's top). (In a PDF's margin, where the page's edge tells.)
#[cfg(feature = "pdf")]
pub(crate) fn is_page_number(s: &str) -> bool {
    let rest: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let numbers_apart = s
        .split_whitespace()
        .zip(s.split_whitespace().skip(1))
        .any(|(a, b)| a.ends_with(|c: char| c.is_ascii_digit()) && b.starts_with(|c: char| c.is_ascii_digit()));
    !rest.is_empty()
        && !numbers_apart
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || "-—–－―─/第页共()（）".contains(c))
}

/// The most bytes a page number prints in, spaces included (`第 123 页 共
/// 456 页` takes some 30).
const MAX_PAGE_NUMBER: usize = 64;

/// The page's number a page number in one of the shapes only page numbers
/// take gives: between dashes (`- 3 -`, `—  3  —`), `第3页` (`共10页`
/// before or after it), or `3/10` printed together. A bare `3` may be a
/// figure, and so may a figure beside a placeholder (`35  /`; `— 0 —` is
/// no page's: no page is page 0).
pub(crate) fn shaped_page_number(s: &str) -> Option<u64> {
    let dash = |c: char| "-—–－―─".contains(c);
    let part = |c: char| c.is_ascii_digit() || c.is_whitespace() || dash(c) || "/第页共".contains(c);
    if s.len() > MAX_PAGE_NUMBER || !s.chars().all(part) {
        return None;
    }
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let number = |d: &str| {
        let n = ((1..=6).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit())).then(|| d.parse::<u64>().ok());
        n.flatten().filter(|&n| n > 0)
    };
    // `- N -`
    if t.starts_with(dash) && t.ends_with(dash) {
        return number(t.trim_matches(dash));
    }
    // `第N页` or `共M页` opening `t`: its number and what follows it.
    let take = |t: &'_ str, open: char| -> Option<(u64, usize)> {
        let rest = t.strip_prefix(open)?;
        let end = rest.find('页')?;
        Some((number(&rest[..end])?, open.len_utf8() + end + '页'.len_utf8()))
    };
    if let Some((n, at)) = take(&t, '第') {
        return (at == t.len() || take(&t[at..], '共').is_some_and(|(_, m)| at + m == t.len())).then_some(n);
    }
    if let Some((_, at)) = take(&t, '共') {
        return take(&t[at..], '第').filter(|&(_, m)| at + m == t.len()).map(|(n, _)| n);
    }
    // `N/M`, printed together.
    let (page, of) = s.trim().split_once('/')?;
    number(page).filter(|&n| number(of).is_some_and(|m| n <= m))
}

/// The text with the page numbers `pdftotext` printed at its pages' feet
/// and heads blanked, every line and byte where it was (findings name the
/// file's lines). A page number is the last line of a page (before its
/// form feed) or the first, alone on its line, bare (`3`) or in a shape
/// page numbers take (`- 3 -`, `第3页`), and only where another page's
/// counts on with the pages (`3` on page 3, `4` on page 4): a figure alone
/// at a page's edge may be a table's (`-  5  -`, a figure between two
/// placeholders). Without form feeds, see [`numbers_in_sequence`]. `None`
/// where there is none.
pub(crate) fn without_page_numbers(text: &str) -> Option<String> {
    let feeds: Vec<usize> = text.match_indices('\u{c}').map(|(at, _)| at).collect();
    if feeds.is_empty() {
        return blanked(text, numbers_in_sequence(text));
    }
    // Each page's bytes: from the start of the line a form feed is in (a
    // line holding one is the next page's) to the next such line's start.
    // Only the lines at a page's edges are looked at, not every line.
    let mut line_start = 0;
    let mut previous = 0;
    let breaks: Vec<usize> = feeds
        .iter()
        .map(|&feed| {
            if let Some(at) = text[previous..feed].rfind('\n') {
                line_start = previous + at + 1;
            }
            previous = feed;
            line_start
        })
        .collect();
    let starts = std::iter::once(0).chain(breaks.iter().copied());
    let ends = breaks.iter().copied().chain(std::iter::once(text.len()));
    // A line's text, without the white space (form feeds too) around it.
    let content = |line: &std::ops::Range<usize>| text[line.clone()].trim();
    // Per page, its first and last lines with text, where they print a
    // page's number: each line's byte range, its page and the number.
    let mut candidates: Vec<(std::ops::Range<usize>, usize, u64)> = Vec::new();
    for (page, (start, end)) in starts.zip(ends).enumerate() {
        let body = &text[start..end];
        let mut at = start;
        let first = body.split('\n').map(|l| {
            let line = at..at + l.len();
            at += l.len() + 1;
            line
        });
        let Some(first) = first.into_iter().find(|l| !content(l).is_empty()) else { continue };
        let mut to = end;
        let last = body.rsplit('\n').map(|l| {
            let line = to - l.len()..to;
            to = to.saturating_sub(l.len() + 1);
            line
        });
        let last = last.into_iter().find(|l| !content(l).is_empty()).unwrap_or_else(|| first.clone());
        for line in [first, last] {
            let t = content(&line);
            if t.len() > MAX_PAGE_NUMBER || candidates.last().is_some_and(|(l, _, _)| *l == line) {
                continue;
            }
            let number = match t.bytes().all(|b| b.is_ascii_digit()) {
                true => t.parse().ok(),
                false => shaped_page_number(t),
            };
            if let Some(number) = number {
                candidates.push((line, page, number));
            }
        }
    }
    // A number counts on with the pages where another page's has the same
    // number less page index (sorted: no pairs compared).
    let offset = |page: usize, number: u64| i128::from(number) - page as i128;
    let mut offsets: Vec<(i128, usize)> = candidates.iter().map(|&(_, page, n)| (offset(page, n), page)).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let counts_on = |page: usize, number: u64| {
        let offset = offset(page, number);
        let from = offsets.partition_point(|o| o.0 < offset);
        offsets[from..].iter().take_while(|o| o.0 == offset).any(|o| o.1 != page)
    };
    let page_numbers = candidates.iter().filter(|c| counts_on(c.1, c.2)).map(|c| c.0.clone()).collect();
    blanked(text, page_numbers)
}

/// The fewest lines between two pages' numbers in text without form
/// feeds: a page holds more (a table's rows, `- 1 -`, `- 2 -`, do not).
const MIN_PAGE_LINES: usize = 20;

/// Text without its pages told apart (`pdftotext -nopgbrk`, text copied
/// from a viewer): the lines printing a page number in its own shape alone
/// (`— 4 —`, `第4页`) where the one before it (at least [`MIN_PAGE_LINES`]
/// lines before) or after it counts on with it (`— 3 —` … `— 4 —`), each
/// number printed once. A bare number is not looked for: with no page's
/// edge to stand at, it may be any figure.
fn numbers_in_sequence(text: &str) -> Vec<std::ops::Range<usize>> {
    // (Line range, line number, page number.)
    let mut found: Vec<(std::ops::Range<usize>, usize, u64)> = Vec::new();
    let mut at = 0;
    for (k, l) in text.split('\n').enumerate() {
        let line = at..at + l.len();
        at += l.len() + 1;
        let t = l.trim();
        // (Opening with a dash, 第, 共 or a digit, as the shapes do.)
        let opens = t.as_bytes().first().is_some_and(|b| b.is_ascii_digit() || "-—–－―─第共".as_bytes().contains(b));
        if opens
            && t.len() <= MAX_PAGE_NUMBER
            && let Some(n) = shaped_page_number(t)
        {
            found.push((line, k, n));
        }
    }
    // Each number printed once (sorted by number: no pairs compared).
    let mut numbers: Vec<u64> = found.iter().map(|f| f.2).collect();
    numbers.sort_unstable();
    let once = |n: u64| numbers.partition_point(|&m| m < n) + 1 == numbers.partition_point(|&m| m <= n);
    let counts_on = |a: &(std::ops::Range<usize>, usize, u64), b: &(std::ops::Range<usize>, usize, u64)| {
        a.2.checked_add(1) == Some(b.2) && b.1 >= a.1 + MIN_PAGE_LINES && once(a.2) && once(b.2)
    };
    (0..found.len())
        .filter(|&k| {
            (k > 0 && counts_on(&found[k - 1], &found[k]))
                || found.get(k + 1).is_some_and(|next| counts_on(&found[k], next))
        })
        .map(|k| found[k].0.clone())
        .collect()
}

/// `text` with the lines `lines` (byte ranges) blanked byte for byte, line
/// breaks and form feeds kept; `None` where there is none.
fn blanked(text: &str, lines: Vec<std::ops::Range<usize>>) -> Option<String> {
    if lines.is_empty() {
        return None;
    }
    let mut out = text.as_bytes().to_vec();
    for line in lines {
        for b in &mut out[line] {
            if !matches!(*b, b'\r' | b'\n' | b'\x0c') {
                *b = b' ';
            }
        }
    }
    // Whole characters were blanked: still UTF-8.
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "pdf")]
    #[test]
    fn page_numbers_are_told() {
        for s in ["3", "- 3 -", "— 3 —", "－3－", "―3―", "第3页", "第 3 页 共 10 页", "3 / 10"] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["一、总体情况", "规章\t0\t0\t0", "2023年1月", "0\t0\t0", "0 0 0 0 0", "12 3"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn decorated_page_numbers_take_their_own_shapes() {
        for s in ["- 3 -", "—  3  —", "－3－", "-3-", "第3页", "第 3 页 共 10 页", "共10页第3页", "3/10"]
        {
            assert!(shaped_page_number(s).is_some(), "{s}");
        }
        // Figures beside a placeholder, and shapes half made.
        for s in [
            "3",
            "35  /",
            "/  35",
            "35 / 0",
            "- 3",
            "第3",
            "3页",
            "第页",
            "(3)",
            "第3页x",
            "- 1234567 -",
            "— 0 —",
            "10/3",
        ] {
            assert_eq!(shaped_page_number(s), None, "{s}");
        }
    }

    #[test]
    fn page_numbers_at_a_pages_foot_or_head_are_blanked() {
        let text = "规章 1\n\n      - 3 -\n\u{c}行政许可 2\n  - 4 -\n\u{c}";
        let out = without_page_numbers(text).unwrap();
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), text.lines().count());
        assert_eq!(out, "规章 1\n\n           \n\u{c}行政许可 2\n       \n\u{c}");
        // One alone, which no other page's counts on with, may be a figure
        // between two placeholders: kept.
        assert_eq!(without_page_numbers("规范\n  -   5   -\n\u{c}性文件\n"), None);
        assert_eq!(without_page_numbers("规章 1\n  - 3 -\n\u{c}行政许可 2\n  - 7 -\n\u{c}"), None);
        // Bare numbers counting on with the pages go.
        let text = "a 1\n  3\n\u{c}b 2\n  4\n\u{c}c 5\n\u{c}";
        assert_eq!(without_page_numbers(text).unwrap(), "a 1\n   \n\u{c}b 2\n   \n\u{c}c 5\n\u{c}");
        // Bare numbers that do not: kept.
        assert_eq!(without_page_numbers("a 1\n  3\n\u{c}b 2\n  7\n\u{c}"), None);
        // A page's first line (blanked byte for byte: 第 and 页 are three).
        assert_eq!(without_page_numbers("第1页\na\n\u{c}第2页\nb 1\n").unwrap(), "       \na\n\u{c}       \nb 1\n");
        // A form feed inside a line: the whole line is the next page's.
        assert_eq!(without_page_numbers("a 1\n3\nb 0 \u{c}4\nc\n"), None);
        // A figure beside a placeholder ending a page is no page number.
        assert_eq!(without_page_numbers("收费\n   35     /\n\u{c}费\n"), None);
    }

    #[test]
    fn without_form_feeds_only_shaped_numbers_a_page_apart_are_blanked() {
        let page = "正文\n".repeat(MIN_PAGE_LINES);
        let text = format!("{page} - 3 -\n{page}\u{3000}- 4 -\n{page}- 9 -\n");
        let out = without_page_numbers(&text).unwrap();
        assert_eq!(out, format!("{page}      \n{page}\u{3000}     \n{page}- 9 -\n").replace('\u{3000}', "   "));
        // Rows of a table (`- 1 -`, `- 2 -`) are no pages apart; a number
        // printed twice is nobody's; a bare one is never looked for.
        assert_eq!(without_page_numbers("规章\n- 1 -\n规范性文件\n- 2 -\n"), None);
        assert_eq!(without_page_numbers(&format!("{page}- 3 -\n{page}- 4 -\n- 4 -\n")), None);
        assert_eq!(without_page_numbers(&format!("{page}3\n{page}4\n")), None);
        assert_eq!(
            without_page_numbers(&format!("a\n共8页第2页\n{page}第3页\n")),
            Some(format!("a\n              \n{page}       \n"))
        );
    }

    /// Pages of lone numbers that never count on: each is looked up, not
    /// compared with every other (a million pages fit in 3 MB).
    #[test]
    fn many_pages_of_lone_numbers_are_no_quadratic_work() {
        let text = "\u{c}7\n".repeat(200_000);
        assert_eq!(without_page_numbers(&text), None);
        let text: String = (1..=200_000).map(|n| format!("\u{c}{n}\n")).collect();
        assert!(without_page_numbers(&text).is_some_and(|t| !t.contains(|c: char| c.is_ascii_digit())));
    }
}
