//! The PRC government information disclosure annual report
//! (政府信息公开工作年度报告, 《中华人民共和国政府信息公开条例》 Article 50), in
//! both editions of the national format: [`Edition::V2019`] (国办公开办函〔2019〕60号,
//! trial; report years 2019–2020) and [`Edition::V2021`] (国办公开办函〔2021〕30号;
//! 2021 on).
//!
//! # Two layers
//!
//! ```text
//!  JSON / text as published ──▶ Published (every cell as printed) ──check──▶ Findings
//!                                     │ TryFrom (no error finding)
//!                                     ▼
//!  builder ──build()──▶ AnnualReport (strict: only valid reports exist) ──▶ Published, JSON
//! ```
//!
//! - [`Published`] holds what a report printed, cell by cell — numbers,
//!   blanks, not-applicable markers, text that is not a number, the totals
//!   it printed — and never refuses a value. [`Published::check`] applies
//!   the [rule catalogue](rules) and returns [`Findings`];
//!   [`Published::is_valid`] answers without building any message.
//! - [`AnnualReport`] is the strict model. It stores the leaves; totals are
//!   derived, so they cannot disagree. It is made only by
//!   [`AnnualReport::builder`], [`TryFrom<Published>`](AnnualReport#impl-TryFrom%3C%26Published%3E-for-AnnualReport)
//!   and deserialization, each of which runs the whole catalogue and returns
//!   every error at once.
//!
//! The [`layout`] module declares every table, row and column of both
//! editions once — and the phrases by which prose states their figures;
//! everything else reads it.
//!
//! # The modules, along the data flow
//!
//! The report's types — [`AnnualReport`] and its tables, [`Published`] and
//! its [`Cell`]s, [`ReportMeta`], [`Count`], [`Money`], [`Finding`] and
//! [`Findings`] — are at the root, each by one path. The modules, in the
//! order data flows through them:
//!
//! 1. [`layout`]: the declaration of both editions — tables, rows,
//!    columns, their sums and balances, and the phrases of the prose.
//! 2. [`read`]: web pages, Word files, PDF files, text extracted from PDFs
//!    and JSON. Each source gives one [`read::grid::Grid`] of located text
//!    and cells; one document builder and one table reader (rows by their
//!    labels, the columns of tables 三 and 四 by their headers) give a
//!    [`Published`] report and where each cell was printed ([`Place`]: a
//!    PDF's page and box, a table's row and column, a line), by which
//!    every finding is located: a [`read::Parsed`].
//! 3. [`rules`] and [`prose`]: the rule catalogue and the findings, the
//!    prose's stated figures against the tables included.
//! 4. [`render`]: the official layouts as text, Markdown, HTML (annotated
//!    with the findings, [`render::Annotations`]) and Word; comparisons.
//! 5. [`aggregate`]: area totals, continuity over the years, comparisons
//!    of an organ's years; `export` (features `csv`, `json`): tidy tables
//!    for pandas, R or DuckDB.
//! 6. `schema` (feature `schema`): the JSON Schema of both JSON forms;
//!    `strategy` (feature `proptest`): proptest strategies for valid and
//!    perturbed reports. The `disclosure-report` command (feature `cli`)
//!    puts all of it on the command line.
//!
//! # Building a report
//!
//! ```
//! use disclosure_report::layout::rows;
//! use disclosure_report::*;
//!
//! let meta = ReportMeta::new("某县人民政府", 2022)?.with_kind(OrganKind::PeoplesGovernment(Level::County));
//! let mut requests = RequestTable::zeroed(Edition::V2021);
//! let one = ByApplicant::from([1, 0, 0, 0, 0, 0]);
//! requests.set(&rows::NEW_REQUESTS, one)?;
//! requests.set(&rows::DISCLOSED, one)?;
//! // Tables not given are zeros of the year's edition.
//! let report = AnnualReport::builder(meta.clone()).requests(requests).overview("……").build()?;
//! assert_eq!(report.to_requests().outcome_total().unwrap(), one);
//!
//! // A request received but neither handled nor carried over: refused, with
//! // every error located to its cells.
//! let mut unbalanced = RequestTable::zeroed(Edition::V2021);
//! unbalanced.set(&rows::NEW_REQUESTS, one)?;
//! let err = AnnualReport::builder(meta).requests(unbalanced).build().unwrap_err();
//! let findings = err.findings().unwrap();
//! // Once, at 自然人: the derived 总计 column's balance follows from it.
//! assert_eq!(findings.of_rule(&rules::T3_BALANCE).count(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Checking a published report
//!
//! ```
//! use disclosure_report::layout::{columns, rows, Section};
//! use disclosure_report::*;
//!
//! # let meta = ReportMeta::new("某县人民政府", 2022)?;
//! # let report = AnnualReport::builder(meta).build()?;
//! let mut published = report.to_published();
//! published.set_text(Section::Review, &rows::REVIEW_CASES, &columns::DIRECT_UPHELD, "2")?;
//! let findings = published.check();
//! let f = findings.errors().next().unwrap();
//! assert_eq!(f.rule().id, "T4.total");
//! assert_eq!(f.cells()[0].cell().to_string(), "表四「行政诉讼 / 未经复议直接起诉 / 总计」列");
//! assert_eq!((f.actual(), f.expected()), (Some(0.into()), Some(2.into())));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # JSON
//!
//! An [`AnnualReport`] serializes with stable snake_case English keys: the
//! tables as `section → row → column`, leaves only (totals are derived and
//! refused on input), counts as integers, money in 万元 as strings so its
//! digits stay exact. Deserializing runs the same checks as the builder.
//! A full V2021 report:
//!
//! ```json
//! {
//!   "edition": "V2021",
//!   "meta": {
//!     "organ": "某市交通运输局",
//!     "kind": { "department": "prefectural" },
//!     "year": 2022,
//!     "published_on": "2023-01-20"
//!   },
//!   "tables": {
//!     "proactive": {
//!       "regulations": { "issued": 1, "repealed": 0, "in_force": 12 },
//!       "normative_documents": { "issued": 5, "repealed": 2, "in_force": 40 },
//!       "licensing": { "decisions": 1520 },
//!       "penalties": { "decisions": 87 },
//!       "enforcement": { "decisions": 3 },
//!       "fees": { "fee_amount": "12.5" }
//!     },
//!     "requests": {
//!       "new_requests": { "natural_person": 10, "business": 2, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "carried_in": { "natural_person": 1, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "disclosed": { "natural_person": 6, "business": 1, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "partially_disclosed": { "natural_person": 1, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "withheld_state_secret": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "withheld_prohibited_by_law": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "withheld_security_stability": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "withheld_third_party": { "natural_person": 1, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "withheld_internal_affairs": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "withheld_process_information": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "withheld_enforcement_files": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "withheld_query_matters": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "unable_not_held": { "natural_person": 2, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "unable_needs_creation": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "unable_unclear": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "not_processed_complaints": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "not_processed_repeated": { "natural_person": 0, "business": 1, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "not_processed_publications": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "not_processed_mass_repeated": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "not_processed_confirmation": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "other_no_correction": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "other_unpaid_fee": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "other_miscellaneous": { "natural_person": 0, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 },
//!       "carried_over": { "natural_person": 1, "business": 0, "research": 0, "public_interest": 0, "legal_services": 0, "other": 0 }
//!     },
//!     "review": {
//!       "cases": { "reconsideration_upheld": 1, "reconsideration_corrected": 0, "reconsideration_other": 0, "reconsideration_pending": 1, "direct_upheld": 0, "direct_corrected": 1, "direct_other": 0, "direct_pending": 0, "after_reconsideration_upheld": 0, "after_reconsideration_corrected": 0, "after_reconsideration_other": 0, "after_reconsideration_pending": 0 }
//!     }
//!   },
//!   "prose": { "overview": "2022年，本局……", "problems": "……", "other": "本年度未收取信息处理费。", "processing_fee": "0" }
//! }
//! ```
//!
//! A [`Published`] report serializes the same way, but every cell — totals
//! and printed group subtotals included — as the text it printed (`"0"`,
//! `"/"`, `""`, `"184719元"`), and absent cells are left out.
//!
//! # Rules
//!
//! | id | severity | rule |
//! |---|---|---|
//! | `T3.balance` | error | table 三, each column: 一 + 二 = （七）总计 + 四 |
//! | `T3.row_total` | error | table 三, each row: 总计 = the six applicant columns |
//! | `T3.outcome_total` | error | table 三, each column: （七）总计 = （一）+（二）+ every sub-row of （三）–（六） |
//! | `T3.group_total` | error | a printed subtotal on （三）（四）（五）(V2021 （六）) = its sub-rows |
//! | `T4.total` | error | table 四, each group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 |
//! | `T2.items_nonnegative` | error | V2019: 上一年项目数量 + 本年增/减 ≥ 0 |
//! | `cell.negative` | error | a negative number where counts or amounts belong |
//! | `cell.not_a_number` | error | a cell that is neither a number nor an empty marker |
//! | `cell.missing` | error | required cells absent, one finding per row or table; the rules that need them are not evaluated; a warning where no error rule needs them |
//! | `cell.duplicate` | warning | a cell printed more than once (a row printed twice, a JSON key repeated): every printing quoted; where they differ, the cell is absent |
//! | `cell.blank` | notice | a cell blank or marked not applicable; it counts as 0 |
//! | `cell.unit_assumed` | notice | a money figure with no unit in its cell, its header or the official label: read in 万元 |
//! | `cell.overflow` | error | a number too large to hold, or a sum that overflows |
//! | `edition.year_mismatch` | warning | V2019 tables for a year ≥ 2021, or V2021 tables for 2019/2020 |
//! | `T2.new_exceeds_total` | warning | V2019: 本年新公开数量 > 对外公开总数量 |
//! | `publish.late` | warning | published after the Article 49 deadline for the organ's kind |
//! | `label.variant` | notice | a non-official label was recognised |
//! | `X.carry_over` | error | across years: 二、上年结转 (N) = 四、结转下年度继续办理 (N−1) |
//! | `X.items_continuity` | warning | V2019 across years: 上一年项目数量 (N) = 上一年项目数量 + 本年增/减 (N−1) |
//! | `X.in_force_continuity` | warning | V2021 across years: 现行有效件数 (N) = 现行有效件数 (N−1) + 本年制发件数 − 本年废止件数 (N) |
//! | `X.missing_year` | warning | a series of one organ's reports skips a year |
//! | `X.duplicate_year` | warning | a series has more than one report for a year |
//! | `P.figure_mismatch` | warning | a figure the prose states (收到…申请75件, 自然人72件, 行政复议2件, 现行有效…规范性文件698件, 信息处理费0元, …) that no declared reading of its phrase gives; the sentence is quoted and the cells named |
//! | `P.share_mismatch` | warning | a share the prose states (占51.85%) that its count and no declared total give, to the printed precision |
//! | `P.fee_unstated` | warning | a processing fee was charged, but section 六 says none was |
//! | `P.problems_empty` | notice | section 五 is empty or only says 无 |
//!
//! # Features
//!
//! - `proptest`: the `strategy` module, proptest strategies for valid
//!   reports and for reports with one perturbed cell.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::missing_errors_doc)]

pub mod aggregate;
mod codec;
mod edition;
#[cfg(any(feature = "csv", feature = "json"))]
pub mod export;
pub mod indicators;
pub mod layout;
mod meta;
mod model;
mod number;
mod place;
pub mod prose;
mod published;
pub mod read;
pub mod render;
pub mod rules;
#[cfg(feature = "schema")]
pub mod schema;
#[cfg(feature = "proptest")]
pub mod strategy;

// The types of a report, at the root, each by this one path.
pub use edition::{Edition, ParseEditionError};
pub use meta::{Level, MetaError, OrganKind, ReportMeta};
#[cfg(feature = "json")]
pub use model::JsonError;
pub use model::{
    AnnualReport, AnnualReportBuilder, Applicant, BuildError, ByApplicant, ByOutcome, DocumentCounts, FeeItemCounts,
    InForceCounts, ItemCounts, NoSuchRow, ProactiveTable, ProactiveV2019, ProactiveV2021, Procurement, RequestTable,
    ReviewTable, SumOverflow,
};
pub use number::{Change, Count, Money, MoneyError, NumberError, Unit, UnitError, Value};
pub use place::{Bbox, Place};
pub use published::{Cell, Duplicate, LabelVariant, NoSuchCell, Prose, Published, SetError};
pub use rules::finding::{Finding, Findings};
pub use rules::severity::Severity;

/// The date type of publication dates ([`chrono`]).
pub use chrono::NaiveDate;
/// The exact decimal type of money and sums ([`rust_decimal`]), so that a
/// user need not depend on it to name it.
pub use rust_decimal::Decimal;

/// The README's examples, compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
