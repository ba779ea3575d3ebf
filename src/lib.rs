//! The PRC government information disclosure annual report
//! (政府信息公开工作年度报告), in both editions of the national format.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod cells;
pub mod edition;
pub mod layout;
pub mod meta;
pub mod model;
pub mod number;
pub mod published;
pub mod rules;

pub use edition::Edition;
pub use meta::{Level, OrganKind, ReportMeta};
pub use model::{
    AnnualReport, AnnualReportBuilder, Applicant, BuildError, ByApplicant, ByOutcome, DocumentCounts, FeeItemCounts,
    InForceCounts, ItemCounts, ProactiveTable, ProactiveV2019, ProactiveV2021, Procurement, RequestTable, ReviewTable,
};
pub use number::{Change, Count, Money};
pub use published::{Cell, LabelVariant, Prose, Published};
pub use rules::{Finding, Findings, Severity};
