//! How serious a finding is.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
///
/// ```
/// use disclosure_report::Severity;
///
/// // The most severe sorts first.
/// assert!(Severity::Error < Severity::Warning && Severity::Warning < Severity::Notice);
/// assert_eq!("notice".parse::<Severity>()?, Severity::Notice);
/// # Ok::<(), disclosure_report::rules::UnknownSeverity>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report contradicts the format's arithmetic or its cells.
    Error,
    /// Implausible, or a cross-year or calendar mismatch.
    Warning,
    /// An accepted deviation from the official wording or layout.
    Notice,
}

impl std::str::FromStr for Severity {
    type Err = UnknownSeverity;

    /// `error`, `warning` or `notice`, as findings write it.
    ///
    /// ```
    /// use disclosure_report::Severity;
    /// assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
    /// assert!("fatal".parse::<Severity>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Severity, UnknownSeverity> {
        [Severity::Error, Severity::Warning, Severity::Notice]
            .into_iter()
            .find(|v| v.to_string() == s)
            .ok_or_else(|| UnknownSeverity(s.to_owned()))
    }
}

/// Why a text is not a severity.
///
/// ```
/// use disclosure_report::Severity;
///
/// assert_eq!("fatal".parse::<Severity>().unwrap_err().text(), "fatal");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is no severity (error, warning or notice)")]
pub struct UnknownSeverity(String);

impl UnknownSeverity {
    /// The text that is no severity.
    pub fn text(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Severity, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        })
    }
}
