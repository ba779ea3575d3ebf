//! The `P.*` rules: the prose against the tables, and the closing
//! sections.

use rust_decimal::{Decimal, RoundingStrategy};

use super::evaluate::{Sink, Source};
use super::*;
use crate::Prose;
use crate::layout::CellRef;
use crate::prose::{Statement, for_each_statement, readings_in, tie};

/// Whether `share` (percent, printed with `decimals`) is `count` of
/// `total`, rounded half up or cut, as offices do either.
fn share_agrees(count: Decimal, total: Decimal, share: Decimal, decimals: u32) -> Option<Decimal> {
    if total.is_zero() {
        return None;
    }
    let exact = count.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(total)?;
    let rounded = exact.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    let cut = exact.round_dp_with_strategy(decimals, RoundingStrategy::ToZero);
    Some(if rounded == share || cut == share { share } else { rounded })
}

fn involved<S: Source + ?Sized>(p: &S, cells: &[CellRef]) -> Vec<Involved> {
    cells.iter().map(|&cell| Involved::current(cell, p.text(cell))).collect()
}

/// The figure checks of one statement.
fn check_statement<S: Source + ?Sized>(p: &S, prose: &Prose, s: Statement, sink: &mut impl Sink) {
    let tied = tie(p, prose, s);
    let s = &tied.statement;
    let Some((first, cells)) = tied.readings.first() else { return };
    if tied.agrees_with.is_none() && sink.wants(&P_FIGURE_MISMATCH) {
        let detail = Detail::ProseFigure { sentence: s.sentence.clone(), printed: s.printed.clone() };
        let mut f = Finding::new(&P_FIGURE_MISMATCH, involved(p, cells), detail);
        f.expected = Some(*first);
        f.actual = Some(s.value);
        sink.push(f);
    }
    let Some((share, decimals)) = s.share else { return };
    let totals = readings_in(p, prose, s.phrase.share_of);
    let checked: Vec<Decimal> = totals.iter().filter_map(|(t, _)| share_agrees(s.value, *t, share, decimals)).collect();
    if !checked.is_empty() && !checked.contains(&share) && sink.wants(&P_SHARE_MISMATCH) {
        let detail = Detail::ProseShare { sentence: s.sentence.clone(), printed: s.printed.clone(), share };
        let cells = totals.first().map(|(_, c)| involved(p, c)).unwrap_or_default();
        let mut f = Finding::new(&P_SHARE_MISMATCH, cells, detail);
        f.expected = checked.first().copied();
        f.actual = Some(share);
        sink.push(f);
    }
}

/// A sink that lists at most [`FINDINGS_PER_RULE`] findings of the two
/// figure rules and counts the rest.
struct Capped<'s, K> {
    sink: &'s mut K,
    listed: [usize; 2],
    more: [usize; 2],
}

impl<K: Sink> Sink for Capped<'_, K> {
    fn wants(&self, rule: &Rule) -> bool {
        self.sink.wants(rule)
    }
    fn push(&mut self, finding: Finding) {
        let at = usize::from(std::ptr::eq(finding.rule, &P_SHARE_MISMATCH));
        if self.listed[at] < FINDINGS_PER_RULE {
            self.listed[at] += 1;
            self.sink.push(finding);
        } else {
            self.more[at] += 1;
        }
    }
    fn done(&self) -> bool {
        self.sink.done()
    }
}

/// Words by which section 六 says no fee was charged.
const NO_FEE: &[&str] = &["未收取", "无收取", "不收取", "没有收取", "免收", "未产生", "未发生"];

/// The sentence of section 六 that says no processing fee was charged.
fn denies_fee(other: &str) -> Option<&str> {
    other
        .split(['。', '；', ';', '\n'])
        .find(|s| (s.contains("信息处理费") || s.contains("费用")) && NO_FEE.iter().any(|w| s.contains(w)))
}

/// Whether section 五 says nothing: empty, or only 无.
fn says_nothing(problems: &str) -> bool {
    let kept: String = problems.chars().filter(|c| !c.is_whitespace() && !matches!(c, '。' | '.' | '！')).collect();
    matches!(kept.as_str(), "" | "无" | "暂无" | "没有" | "无问题")
}

/// Every `P.*` finding of a report with its prose. Prose rules apply to
/// reports that print prose: one whose sections are all empty (a table
/// export, an area total) is not checked.
pub(super) fn findings<S: Source + ?Sized>(p: &S, prose: &Prose, sink: &mut impl Sink) {
    let any = [&P_FIGURE_MISMATCH, &P_SHARE_MISMATCH, &P_FEE_UNSTATED, &P_PROBLEMS_EMPTY];
    if !any.iter().any(|r| sink.wants(r)) {
        return;
    }
    let printed = [&prose.overview, &prose.problems, &prose.other].iter().any(|t| !t.trim().is_empty());
    if !printed {
        return;
    }
    // A flood of stated figures is counted past what a rule lists, not kept.
    let mut capped = Capped { sink, listed: [0; 2], more: [0; 2] };
    for_each_statement(prose, &mut |s| check_statement(p, prose, s, &mut capped));
    let Capped { sink, more, .. } = capped;
    for (rule, more) in [&P_FIGURE_MISMATCH, &P_SHARE_MISMATCH].into_iter().zip(more) {
        if more > 0 {
            sink.push(Finding::not_listed(rule, more));
        }
    }
    if let (Some(fee), Some(sentence)) = (prose.processing_fee, denies_fee(&prose.other))
        && !fee.wan().is_zero()
        && sink.wants(&P_FEE_UNSTATED)
    {
        let mut f =
            Finding::new(&P_FEE_UNSTATED, Vec::new(), Detail::FeeUnstated { sentence: sentence.trim().to_owned() });
        f.actual = Some(fee.wan());
        sink.push(f);
    }
    if says_nothing(&prose.problems) && sink.wants(&P_PROBLEMS_EMPTY) {
        sink.push(Finding::new(&P_PROBLEMS_EMPTY, Vec::new(), Detail::ProblemsEmpty));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_to_the_printed_precision() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(share_agrees(d("42"), d("81"), d("51.85"), 2), Some(d("51.85")));
        assert_eq!(share_agrees(d("42"), d("81"), d("51.8"), 1), Some(d("51.8"))); // cut
        assert_eq!(share_agrees(d("42"), d("81"), d("51.9"), 1), Some(d("51.9"))); // rounded
        assert_eq!(share_agrees(d("42"), d("81"), d("52"), 0), Some(d("52")));
        assert_eq!(share_agrees(d("42"), d("81"), d("50"), 0), Some(d("52")));
        assert_eq!(share_agrees(d("1"), d("0"), d("5"), 0), None);
    }

    #[test]
    fn a_flood_of_wrong_figures_is_listed_to_the_cap_and_counted() {
        let meta = crate::ReportMeta::new("某局", 2022).unwrap();
        let mut p = crate::AnnualReport::builder(meta).build().unwrap().to_published();
        p.prose_mut().overview = "收到申请1件。".repeat(1_000);
        p.prose_mut().problems = "问题。".into();
        let findings = p.check();
        let wrong: Vec<&Finding> = findings.of_rule(&P_FIGURE_MISMATCH).collect();
        assert_eq!(wrong.len(), FINDINGS_PER_RULE + 1);
        assert_eq!(wrong.iter().filter_map(|f| f.more()).sum::<usize>(), 1_000 - FINDINGS_PER_RULE);
    }

    #[test]
    fn closing_sections() {
        assert!(says_nothing("无。") && says_nothing("  ") && !says_nothing("无明显问题，但……"));
        assert_eq!(denies_fee("2022年，无收取信息处理费情况。"), Some("2022年，无收取信息处理费情况"));
        assert_eq!(denies_fee("收取信息处理费100元。"), None);
    }
}
