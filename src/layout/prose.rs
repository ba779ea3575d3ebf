//! How the prose refers to the tables: each phrase once, with the words
//! that mark it and the readings (sums of cells) it may mean.
//!
//! A figure in the prose (`申请75件`, `信息处理费0元`) is tied to the phrase
//! whose words stand in its clause, closest to it; it agrees with the
//! tables if it equals one of the phrase's readings. Offices write some
//! phrases with more than one meaning — 收到…申请N件 for 新收 alone and for
//! 新收 + 上年结转 — so a phrase declares every reading found in practice.

use crate::Edition;
use crate::layout::{CellRef, Layout};

/// What a stated figure counts.
///
/// ```
/// use disclosure_report::layout::prose::{phrase, StatedUnit};
///
/// assert_eq!(phrase("requests_received").unwrap().unit, StatedUnit::Pieces);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatedUnit {
    /// Pieces: `N件`.
    Pieces,
    /// Money: `N元` or `N万元`, compared in 万元.
    Money,
}

/// One meaning of a phrase.
///
/// ```
/// use disclosure_report::layout::prose::{phrase, Phrase, Reading};
/// use disclosure_report::Edition;
///
/// let received = phrase("requests_received").unwrap();
/// let Reading::Cells(paths) = &received.readings[0] else { unreachable!() };
/// assert_eq!(paths[0], "requests.new_requests.total");
/// assert!(Phrase::cells(&received.readings[0], Edition::V2021).is_some());
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Reading {
    /// The sum of these cells, by key path; a group row stands for its
    /// sub-rows. A reading whose paths the edition lacks does not apply.
    Cells(&'static [&'static str]),
    /// The information processing fee ([`Prose::processing_fee`](crate::Prose::processing_fee)).
    ProcessingFee,
}

/// A phrase by which the prose states a figure of the tables.
///
/// ```
/// use disclosure_report::layout::prose::phrase;
///
/// let received = phrase("requests_received").unwrap();
/// assert!(received.template.contains("{}"));
/// assert!(!received.readings.is_empty());
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Phrase {
    /// A stable key (`requests_received`).
    pub key: &'static str,
    /// What it states, in English.
    pub gloss: &'static str,
    /// Words that must stand in the figure's clause, before it: one of
    /// each group.
    pub words: &'static [&'static [&'static str]],
    /// Words that, standing in the clause, make the figure not this
    /// phrase's.
    pub unless: &'static [&'static str],
    /// What the figure counts.
    pub unit: StatedUnit,
    /// Every meaning found in practice; the first is the official one.
    pub readings: &'static [Reading],
    /// The totals a stated share (`占51.85%`) may be of.
    pub share_of: &'static [Reading],
    /// The phrase written out, `{}` standing for the figure and its unit.
    pub template: &'static str,
}

impl PartialEq for Phrase {
    /// Phrases are declared once: equal by key.
    fn eq(&self, other: &Phrase) -> bool {
        self.key == other.key
    }
}

impl Eq for Phrase {}

impl Phrase {
    /// The cells of a reading in `edition`, group rows expanded to their
    /// sub-rows; `None` where the edition lacks one of them, or the
    /// reading is not of cells.
    pub fn cells(reading: &Reading, edition: Edition) -> Option<Vec<CellRef>> {
        let Reading::Cells(paths) = reading else { return None };
        let layout = Layout::of(edition);
        let mut cells = Vec::new();
        for path in *paths {
            let cell = layout.cell_by_path(path)?;
            match layout.sub_row_cells(cell) {
                Some(parts) => cells.extend(parts),
                None => cells.push(cell),
            }
        }
        Some(cells)
    }
}

/// The ways the requests' outcomes may be stated as shares: of the
/// requests handled, or of those received.
const OF_REQUESTS: &[Reading] = &[
    Reading::Cells(&["requests.outcome_total.total"]),
    Reading::Cells(&["requests.new_requests.total", "requests.carried_in.total"]),
    Reading::Cells(&["requests.new_requests.total"]),
];

/// The readings of an applicant column: new requests, or new and carried
/// in (as offices count 收到 both ways).
macro_rules! applicant {
    ($key:literal, $word:literal, $column:literal, $gloss:literal) => {
        Phrase {
            key: $key,
            gloss: $gloss,
            words: &[&[$word]],
            unless: &[],
            unit: StatedUnit::Pieces,
            readings: &[
                Reading::Cells(&[concat!("requests.new_requests.", $column)]),
                Reading::Cells(&[concat!("requests.new_requests.", $column), concat!("requests.carried_in.", $column)]),
            ],
            share_of: OF_REQUESTS,
            template: concat!("其中", $word, "{}"),
        }
    };
}

/// An outcome of table 三, by its words.
macro_rules! outcome {
    ($key:literal, [$($word:literal),+], [$($path:literal),+], $gloss:literal, $template:literal) => {
        Phrase {
            key: $key,
            gloss: $gloss,
            words: &[&[$($word),+]],
            unless: &[],
            unit: StatedUnit::Pieces,
            readings: &[Reading::Cells(&[$($path),+])],
            share_of: OF_REQUESTS,
            template: $template,
        }
    };
}

/// Every phrase, once.
pub static PHRASES: &[Phrase] = &[
    Phrase {
        key: "requests_received",
        gloss: "requests received (new, or new and carried in)",
        words: &[&["收到", "新收", "受理", "接收", "接到", "共计"], &["申请"]],
        unless: &["结转", "办结", "复议", "诉讼"],
        unit: StatedUnit::Pieces,
        readings: &[
            Reading::Cells(&["requests.new_requests.total"]),
            Reading::Cells(&["requests.new_requests.total", "requests.carried_in.total"]),
        ],
        share_of: &[],
        template: "本年度收到政府信息公开申请{}",
    },
    applicant!("natural_person", "自然人", "natural_person", "requests of natural persons"),
    applicant!("business", "商业企业", "business", "requests of businesses"),
    applicant!("research", "科研机构", "research", "requests of research institutions"),
    applicant!("public_interest", "社会公益组织", "public_interest", "requests of public-interest organisations"),
    applicant!("legal_services", "法律服务机构", "legal_services", "requests of legal service organisations"),
    Phrase {
        key: "legal_persons",
        gloss: "requests of legal persons and other organisations (the five columns together)",
        words: &[&["法人"]],
        unless: &[],
        unit: StatedUnit::Pieces,
        readings: &[
            Reading::Cells(&[
                "requests.new_requests.business",
                "requests.new_requests.research",
                "requests.new_requests.public_interest",
                "requests.new_requests.legal_services",
                "requests.new_requests.other",
            ]),
            Reading::Cells(&[
                "requests.new_requests.business",
                "requests.new_requests.research",
                "requests.new_requests.public_interest",
                "requests.new_requests.legal_services",
                "requests.new_requests.other",
                "requests.carried_in.business",
                "requests.carried_in.research",
                "requests.carried_in.public_interest",
                "requests.carried_in.legal_services",
                "requests.carried_in.other",
            ]),
        ],
        share_of: OF_REQUESTS,
        template: "其中法人或其他组织申请{}",
    },
    Phrase {
        key: "carried_in",
        gloss: "requests carried in from the year before",
        words: &[&["上年结转", "上年度结转", "上一年度结转", "上年度未办结"]],
        unless: &[],
        unit: StatedUnit::Pieces,
        readings: &[Reading::Cells(&["requests.carried_in.total"])],
        share_of: &[],
        template: "上年结转政府信息公开申请{}",
    },
    Phrase {
        key: "requests_handled",
        gloss: "requests handled (（七）总计)",
        words: &[&["办结", "办理完结"]],
        unless: &["结转"],
        unit: StatedUnit::Pieces,
        readings: &[Reading::Cells(&["requests.outcome_total.total"])],
        share_of: &[],
        template: "办结政府信息公开申请{}",
    },
    Phrase {
        key: "requests_processed",
        gloss: "requests dealt with (办理, 答复): handled, or received",
        words: &[&["办理", "答复", "处理"], &["申请"]],
        unless: &["结转", "不予处理", "其他处理"],
        unit: StatedUnit::Pieces,
        readings: &[
            Reading::Cells(&["requests.outcome_total.total"]),
            Reading::Cells(&["requests.new_requests.total"]),
            Reading::Cells(&["requests.new_requests.total", "requests.carried_in.total"]),
        ],
        share_of: &[],
        template: "办理政府信息公开申请{}",
    },
    outcome!(
        "disclosed_or_partially",
        ["予以公开及部分公开", "予以公开和部分公开", "公开及部分公开", "全部或部分公开"],
        ["requests.disclosed.total", "requests.partially_disclosed.total"],
        "disclosed in whole or in part ((一) + (二))",
        "予以公开及部分公开{}"
    ),
    outcome!(
        "disclosed",
        ["予以公开", "同意公开", "全部公开"],
        ["requests.disclosed.total"],
        "disclosed ((一))",
        "予以公开{}"
    ),
    outcome!(
        "partially_disclosed",
        ["部分公开"],
        ["requests.partially_disclosed.total"],
        "partly disclosed ((二))",
        "部分公开{}"
    ),
    outcome!("withheld", ["不予公开"], ["requests.withheld.total"], "withheld ((三))", "不予公开{}"),
    outcome!("unable", ["无法提供"], ["requests.unable.total"], "unable to provide ((四))", "无法提供{}"),
    outcome!("not_processed", ["不予处理"], ["requests.not_processed.total"], "not processed ((五))", "不予处理{}"),
    outcome!(
        "other_handling",
        ["其他处理"],
        ["requests.other_handling.total"],
        "otherwise handled ((六))",
        "其他处理{}"
    ),
    Phrase {
        key: "carried_over",
        gloss: "requests carried over to the next year (四)",
        words: &[&["结转下年度", "结转下一年度", "结转至", "转入下年度", "结转到"]],
        unless: &[],
        unit: StatedUnit::Pieces,
        readings: &[Reading::Cells(&["requests.carried_over.total"])],
        share_of: &[],
        template: "结转下年度继续办理{}",
    },
    Phrase {
        key: "reconsideration",
        gloss: "administrative reconsideration cases (table 四)",
        words: &[&["行政复议"]],
        unless: &["诉讼"],
        unit: StatedUnit::Pieces,
        readings: &[Reading::Cells(&["review.cases.reconsideration_total"])],
        share_of: &[],
        template: "因政府信息公开引起的行政复议案件{}",
    },
    Phrase {
        key: "litigation",
        gloss: "administrative litigation cases, direct and after reconsideration (table 四)",
        words: &[&["行政诉讼"]],
        unless: &[],
        unit: StatedUnit::Pieces,
        readings: &[Reading::Cells(&["review.cases.direct_total", "review.cases.after_reconsideration_total"])],
        share_of: &[],
        template: "行政诉讼案件{}",
    },
    Phrase {
        key: "normative_documents_issued",
        gloss: "normative documents issued this year (table 二)",
        words: &[&["制发", "印发", "制定", "出台", "制作"], &["规范性文件"]],
        unless: &["废止", "现行有效"],
        unit: StatedUnit::Pieces,
        readings: &[
            Reading::Cells(&["proactive.normative_documents.issued"]),
            Reading::Cells(&["proactive.normative_documents.new_made"]),
        ],
        share_of: &[],
        template: "本年制发规范性文件{}",
    },
    Phrase {
        key: "normative_documents_repealed",
        gloss: "normative documents repealed this year (table 二)",
        words: &[&["废止"], &["规范性文件"]],
        unless: &["现行有效"],
        unit: StatedUnit::Pieces,
        readings: &[Reading::Cells(&["proactive.normative_documents.repealed"])],
        share_of: &[],
        template: "废止规范性文件{}",
    },
    Phrase {
        key: "normative_documents_in_force",
        gloss: "normative documents in force (table 二)",
        words: &[&["现行有效"], &["规范性文件"]],
        unless: &[],
        unit: StatedUnit::Pieces,
        readings: &[Reading::Cells(&["proactive.normative_documents.in_force"])],
        share_of: &[],
        template: "现行有效行政规范性文件{}",
    },
    Phrase {
        key: "processing_fee",
        gloss: "the information processing fee collected",
        words: &[&["信息处理费"]],
        unless: &[],
        unit: StatedUnit::Money,
        readings: &[Reading::ProcessingFee],
        share_of: &[],
        template: "全年收取信息处理费{}",
    },
];

/// The phrase of a key.
///
/// ```
/// use disclosure_report::layout::prose::phrase;
///
/// assert_eq!(phrase("requests_received").map(|p| p.key), Some("requests_received"));
/// assert!(phrase("nope").is_none());
/// ```
pub fn phrase(key: &str) -> Option<&'static Phrase> {
    PHRASES.iter().find(|p| p.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reading_names_cells_of_some_edition() {
        for phrase in PHRASES {
            for reading in phrase.readings.iter().chain(phrase.share_of) {
                if let Reading::Cells(paths) = reading {
                    let resolves = Edition::ALL.iter().any(|&e| Phrase::cells(reading, e).is_some());
                    assert!(resolves, "{}: {paths:?} names no cell of either edition", phrase.key);
                }
            }
            assert!(phrase.template.contains("{}"), "{}", phrase.key);
        }
    }

    #[test]
    fn a_group_reads_as_its_sub_rows() {
        let withheld = phrase("withheld").unwrap();
        assert_eq!(Phrase::cells(&withheld.readings[0], Edition::V2021).unwrap().len(), 8);
        let other = phrase("other_handling").unwrap();
        assert_eq!(Phrase::cells(&other.readings[0], Edition::V2019).unwrap().len(), 1);
        assert_eq!(Phrase::cells(&other.readings[0], Edition::V2021).unwrap().len(), 3);
    }
}
