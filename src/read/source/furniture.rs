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

/// A page number in one of the shapes only page numbers take: between
/// dashes (`- 3 -`, `—  3  —`), `第3页` (`共10页` before or after it), or
/// `3/10` printed together. A bare `3` may be a figure, and so may a
/// figure beside a placeholder (`35  /`, `— 0 —` is a dashed number).
pub(crate) fn is_decorated_page_number(s: &str) -> bool {
    let dash = |c: char| "-—–－―─".contains(c);
    let part = |c: char| c.is_ascii_digit() || c.is_whitespace() || dash(c) || "/第页共".contains(c);
    if s.len() > MAX_PAGE_NUMBER || !s.chars().all(part) {
        return false;
    }
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |d: &str| (1..=6).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit());
    let inner = t.trim_matches(dash);
    // (No page is page 0: `— 0 —` is a figure between two placeholders.)
    let dashed = t.starts_with(dash) && t.ends_with(dash) && digits(inner) && inner.bytes().any(|b| b != b'0');
    // `第N页` or `共N页` opening `t`: what follows it.
    let take = |t: &'_ str, open: char| -> Option<usize> {
        let rest = t.strip_prefix(open)?;
        let end = rest.find('页')?;
        digits(&rest[..end]).then(|| open.len_utf8() + end + '页'.len_utf8())
    };
    let paged = |first: char, then: char| {
        take(&t, first).is_some_and(|n| t.len() == n || take(&t[n..], then).is_some_and(|m| t.len() == n + m))
    };
    let of = s.trim().split_once('/').is_some_and(|(a, b)| {
        digits(a) && digits(b) && a.parse::<u32>().ok() <= b.parse::<u32>().ok() && a.bytes().any(|d| d != b'0')
    });
    dashed
        || paged('第', '共')
        || take(&t, '共').is_some_and(|n| take(&t[n..], '第').is_some_and(|m| t.len() == n + m))
        || of
}

/// The text with the page numbers `pdftotext` printed at its pages' feet
/// and heads blanked, every line and byte where it was (findings name the
/// file's lines). A page number is the last line of a page (before its
/// form feed) or the first, alone on its line; a decorated one (`- 3 -`)
/// is taken as it stands, a bare one (`3`) only where another page's
/// bare number counts on with the pages (`3` on page 3, `4` on page 4):
/// a bare figure alone at a page's foot may be a table's. Without form
/// feeds, see [`numbers_in_sequence`]. `None` where there is none.
pub(crate) fn without_page_numbers(text: &str) -> Option<String> {
    // Each page's bytes: between form feeds (only the lines at their
    // edges are looked at, not every line).
    let feeds: Vec<usize> = text.match_indices('\u{c}').map(|(at, _)| at).collect();
    if feeds.is_empty() {
        return blanked(text, numbers_in_sequence(text));
    }
    let starts = std::iter::once(0).chain(feeds.iter().map(|f| f + 1));
    let ends = feeds.iter().copied().chain(std::iter::once(text.len()));
    // A line's text, without the white space around it.
    let content = |line: &std::ops::Range<usize>| text[line.clone()].trim();
    // Per page, its first and last lines with text: candidates, each a
    // line's byte range and its page.
    let mut candidates: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
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
            let shaped =
                t.len() <= MAX_PAGE_NUMBER && (t.bytes().all(|b| b.is_ascii_digit()) || is_decorated_page_number(t));
            if shaped && candidates.last().is_none_or(|(l, _)| *l != line) {
                candidates.push((line, page));
            }
        }
    }
    // A bare number counts on with the pages where another page's has the
    // same number less page index (sorted: no pairs compared).
    let number = |line: &std::ops::Range<usize>| content(line).parse::<u64>().ok();
    let mut offsets: Vec<(i128, usize)> =
        candidates.iter().filter_map(|(line, page)| Some((i128::from(number(line)?) - *page as i128, *page))).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let counts_on = |line: &std::ops::Range<usize>, page: usize| {
        number(line).is_some_and(|n| {
            let offset = i128::from(n) - page as i128;
            let from = offsets.partition_point(|o| o.0 < offset);
            offsets[from..].iter().take_while(|o| o.0 == offset).any(|o| o.1 != page)
        })
    };
    let page_numbers: Vec<std::ops::Range<usize>> = candidates
        .iter()
        .filter(|(line, page)| is_decorated_page_number(content(line)) || counts_on(line, *page))
        .map(|(line, _)| line.clone())
        .collect();
    blanked(text, page_numbers)
}

/// Text without its pages told apart (`pdftotext -nopgbrk`, text copied
/// from a viewer): the lines printing a page number in its own shape alone
/// (`— 4 —`, `第4页`) where the one before or after counts on with it
/// (`— 3 —` … `— 4 —`). A bare number is not looked for: with no page's
/// edge to stand at, it may be any figure.
fn numbers_in_sequence(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found: Vec<(std::ops::Range<usize>, u64)> = Vec::new();
    let mut at = 0;
    for l in text.split('\n') {
        let line = at..at + l.len();
        at += l.len() + 1;
        let t = l.trim_ascii();
        // (Opening with a dash, 第, 共 or a digit, as the shapes do.)
        let opens = t.as_bytes().first().is_some_and(|b| b.is_ascii_digit() || "-—–－―─第共".as_bytes().contains(b));
        if opens
            && t.len() <= MAX_PAGE_NUMBER
            && is_decorated_page_number(t)
            && let Some(n) = page_number_value(t)
        {
            found.push((line, n));
        }
    }
    let counts_on = |a: u64, b: u64| a.checked_add(1) == Some(b);
    (0..found.len())
        .filter(|&k| {
            (k > 0 && counts_on(found[k - 1].1, found[k].1))
                || found.get(k + 1).is_some_and(|next| counts_on(found[k].1, next.1))
        })
        .map(|k| found[k].0.clone())
        .collect()
}

/// The page's number a page number gives: `共10页第3页` gives 3, the
/// others their first number.
fn page_number_value(t: &str) -> Option<u64> {
    let from = if t.trim_start().starts_with('共') { t.find('第')? } else { 0 };
    let digits: String =
        t[from..].chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
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
            assert!(is_decorated_page_number(s), "{s}");
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
            assert!(!is_decorated_page_number(s), "{s}");
        }
    }

    #[test]
    fn page_numbers_at_a_pages_foot_or_head_are_blanked() {
        let text = "规章 1\n\n      - 3 -\n\u{c}行政许可 2\n  4\n\u{c}";
        let out = without_page_numbers(text).unwrap();
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), text.lines().count());
        // The decorated one goes; a bare 4 alone is no page number.
        assert_eq!(out, "规章 1\n\n           \n\u{c}行政许可 2\n  4\n\u{c}");
        // Bare numbers counting on with the pages go.
        let text = "a 1\n  3\n\u{c}b 2\n  4\n\u{c}c 5\n\u{c}";
        assert_eq!(without_page_numbers(text).unwrap(), "a 1\n   \n\u{c}b 2\n   \n\u{c}c 5\n\u{c}");
        // Bare numbers that do not: kept.
        assert_eq!(without_page_numbers("a 1\n  3\n\u{c}b 2\n  7\n\u{c}"), None);
        // A page's first line (blanked byte for byte: 第 and 页 are three).
        assert_eq!(without_page_numbers("a\n\u{c}第2页\nb 1\n").unwrap(), "a\n\u{c}       \nb 1\n");
        // No form feed: page numbers in their own shape that count on.
        assert_eq!(without_page_numbers("a 1\n- 3 -\n"), None);
        assert_eq!(without_page_numbers("a 1\n- 3 -\nb 2\n 4\n").as_deref(), None);
        assert_eq!(
            without_page_numbers("a 1\n - 3 -\nb 2\n- 4 -\nc 5\n- 9 -\n").as_deref(),
            Some("a 1\n      \nb 2\n     \nc 5\n- 9 -\n")
        );
        assert_eq!(
            without_page_numbers("a\n共8页第2页\nb\n第3页\n").as_deref(),
            Some("a\n              \nb\n       \n")
        );
        // A figure beside a placeholder ending a page is no page number.
        assert_eq!(without_page_numbers("收费\n   35     /\n\u{c}费\n"), None);
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
