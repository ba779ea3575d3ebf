//! Prose rendered from a valid report's figures, phrased by every declared
//! phrase in ASCII digits, full-width digits or Chinese numerals, agrees
//! with the tables; changing one stated figure gives exactly one
//! `P.figure_mismatch`, naming that figure's cells.
#![cfg(feature = "proptest")]

use crate::common;

use crate::common::to_chinese_numeral;
use disclosure_report::layout::prose::{PHRASES, Phrase, StatedUnit};
use disclosure_report::prose::{statements, tied};
use disclosure_report::{Decimal, Edition, Prose, Published, rules, strategy};
use proptest::prelude::*;

/// How a figure is written.
#[derive(Clone, Copy, Debug)]
enum Digits {
    Ascii,
    FullWidth,
    Chinese,
}

fn write(value: Decimal, unit: StatedUnit, digits: Digits) -> String {
    let (value, unit) = match unit {
        StatedUnit::Pieces => (value, "件"),
        // Whole yuan where it is a whole number of yuan.
        StatedUnit::Money if (value * Decimal::from(10_000)).fract().is_zero() => {
            ((value * Decimal::from(10_000)).normalize(), "元")
        }
        StatedUnit::Money => (value.normalize(), "万元"),
        other => panic!("no unit written for {other:?}"),
    };
    let ascii = value.to_string();
    let number = match digits {
        Digits::Ascii => ascii,
        Digits::FullWidth => {
            ascii.chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32('０' as u32 + d)).unwrap_or(c)).collect()
        }
        Digits::Chinese => match u64::try_from(value) {
            Ok(n) if value.fract().is_zero() && n < 100_000_000 => to_chinese_numeral(n),
            _ => ascii,
        },
    };
    format!("{number}{unit}")
}

/// The report with its overview stating every phrase that applies, each
/// with its first reading's figure; and the phrases stated, in order.
fn with_prose(mut p: Published, digits: &[Digits]) -> (Published, Vec<&'static Phrase>) {
    let mut sentences = Vec::new();
    let mut stated = Vec::new();
    for (i, phrase) in PHRASES.iter().enumerate() {
        let Some(value) = first_reading(&p, phrase) else { continue };
        let figure = write(value, phrase.unit, digits[i % digits.len()]);
        sentences.push(phrase.template.replace("{}", &figure));
        stated.push(phrase);
    }
    p.prose_mut().overview = sentences.join("。") + "。";
    (p, stated)
}

fn first_reading(p: &Published, phrase: &Phrase) -> Option<Decimal> {
    match &phrase.readings[0] {
        disclosure_report::layout::prose::Reading::ProcessingFee => p.prose().processing_fee.map(|f| f.wan()),
        reading => {
            let cells = Phrase::cells(reading, p.edition())?;
            cells.iter().map(|&c| p.get(c).and_then(|cell| cell.value().figure())).sum()
        }
    }
}

fn digits() -> impl Strategy<Value = Vec<Digits>> {
    prop::collection::vec(prop_oneof![Just(Digits::Ascii), Just(Digits::FullWidth), Just(Digits::Chinese)], 1..5)
}

fn report() -> impl Strategy<Value = Published> {
    prop_oneof![strategy::valid_report(Edition::V2019), strategy::valid_report(Edition::V2021)]
        .prop_map(|r| r.to_published())
}

/// Every count written in Chinese numerals, as offices write them, is read
/// as its number.
#[test]
fn chinese_numerals_read_as_their_numbers() {
    for n in (0..200_000u64).step_by(7).chain([10_000_000, 99_999_999]) {
        let prose = Prose {
            overview: format!("本年度收到政府信息公开申请{}件。", to_chinese_numeral(n)),
            ..Prose::default()
        };
        let found = statements(&prose);
        assert_eq!(found.statements.first().map(|s| s.value), Some(Decimal::from(n)), "{}", prose.overview);
    }
}

proptest! {
    #![proptest_config(common::cases(128))]

    #[test]
    fn prose_rendered_from_the_figures_agrees(p in report(), digits in digits()) {
        let (p, stated) = with_prose(p, &digits);
        let found = tied(&p);
        let keys: Vec<&str> = found.iter().map(|t| t.statement.phrase.key).collect();
        let expected: Vec<&str> = stated.iter().map(|ph| ph.key).collect();
        prop_assert_eq!(keys, expected, "{}", p.prose().overview);
        prop_assert!(found.iter().all(|t| t.agrees() == Some(true)), "{:?}", found);
        let p_findings: Vec<String> = p.check().iter().filter(|f| f.rule().id.starts_with("P.")).map(|f| f.to_string()).collect();
        prop_assert!(p_findings.is_empty(), "{:?}", p_findings);
    }

    #[test]
    fn one_changed_figure_is_one_mismatch_at_its_cells(
        p in report(),
        digits in digits(),
        which in any::<prop::sample::Index>(),
        delta in 1u32..1000,
    ) {
        let (p, _) = with_prose(p, &digits);
        let found = tied(&p);
        prop_assume!(!found.is_empty());
        let target = &found[which.index(found.len())];
        // A figure no reading gives: past the largest of them.
        let largest = target.readings.iter().map(|(v, _)| *v).max().unwrap_or_default();
        let changed = largest + Decimal::from(delta);
        let figure = write(changed, target.statement.phrase.unit, Digits::Ascii);
        let mut q = p.clone();
        let overview: Vec<char> = p.prose().overview.chars().collect();
        let start = target.statement.offset;
        let end = start + target.statement.printed.chars().count();
        q.prose_mut().overview = overview[..start].iter().collect::<String>() + &figure + &overview[end..].iter().collect::<String>();
        let findings = q.check();
        let mismatches: Vec<_> = findings.of_rule(&rules::P_FIGURE_MISMATCH).collect();
        prop_assert_eq!(mismatches.len(), 1, "{}\n{}", q.prose().overview, findings);
        let named: Vec<_> = mismatches[0].cells().iter().map(|c| c.cell()).collect();
        prop_assert_eq!(named, target.readings[0].1.clone());
        prop_assert_eq!(mismatches[0].actual(), Some(changed));
    }
}
