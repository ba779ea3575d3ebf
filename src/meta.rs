//! Who published a report, for which year, and when.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The first and last report years the crate accepts.
pub(crate) const YEARS: std::ops::RangeInclusive<u16> = ReportMeta::YEARS;

/// The administrative level of a government or of the government a
/// department belongs to.
///
/// ```
/// use disclosure_report::{Level, OrganKind, ReportMeta};
///
/// let meta = ReportMeta::new("某县交通运输局", 2023)?.with_kind(OrganKind::Department(Level::County));
/// assert_eq!(meta.kind(), Some(OrganKind::Department(Level::County)));
/// assert!(Level::Provincial < Level::County, "from the centre down");
/// # Ok::<(), disclosure_report::MetaError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 国务院 / central.
    Central,
    /// 省级 / provincial.
    Provincial,
    /// 市级（地级） / prefectural.
    Prefectural,
    /// 县级 / county.
    County,
    /// 乡级 / township.
    Township,
}

impl std::fmt::Display for Level {
    /// The level in Chinese: 中央, 省级, 市级, 县级, 乡级.
    ///
    /// ```
    /// use disclosure_report::Level;
    /// assert_eq!(Level::County.to_string(), "县级");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Level::Central => "中央",
            Level::Provincial => "省级",
            Level::Prefectural => "市级",
            Level::County => "县级",
            Level::Township => "乡级",
        })
    }
}

/// The kind of organ that publishes a report; it decides the Article 49
/// deadline.
///
/// ```
/// use disclosure_report::{Level, OrganKind, ReportMeta};
/// use chrono::NaiveDate;
///
/// let meta = ReportMeta::new("某市人民政府", 2022)?.with_kind(OrganKind::PeoplesGovernment(Level::Prefectural));
/// // Local people's governments publish by 31 March (Article 49).
/// assert_eq!(meta.kind().and_then(|k| k.deadline(meta.year())), NaiveDate::from_ymd_opt(2023, 3, 31));
/// # Ok::<(), disclosure_report::MetaError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OrganKind {
    /// A people's government (人民政府) of the given level.
    PeoplesGovernment(Level),
    /// A department of a people's government of the given level.
    Department(Level),
    /// A street office (街道办事处).
    StreetOffice,
    /// Any other organ (an agency with public-administration functions).
    Other,
}

impl std::fmt::Display for OrganKind {
    /// The kind in Chinese: 县级人民政府, 市级政府部门, 街道办事处, 其他机关.
    ///
    /// ```
    /// use disclosure_report::{Level, OrganKind};
    /// assert_eq!(OrganKind::Department(Level::Prefectural).to_string(), "市级政府部门");
    /// assert_eq!(OrganKind::PeoplesGovernment(Level::County).to_string(), "县级人民政府");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OrganKind::PeoplesGovernment(Level::Central) => f.write_str("国务院"),
            OrganKind::PeoplesGovernment(level) => write!(f, "{level}人民政府"),
            OrganKind::Department(Level::Central) => f.write_str("国务院部门"),
            OrganKind::Department(level) => write!(f, "{level}政府部门"),
            OrganKind::StreetOffice => f.write_str("街道办事处"),
            OrganKind::Other => f.write_str("其他机关"),
        }
    }
}

impl OrganKind {
    /// The last day of the Article 49 deadline for the report of `year`:
    /// 31 January of the next year for departments of governments at county
    /// level and above; 31 March for local people's governments at county
    /// level and above. `None` where the 条例 sets no date (townships, street
    /// offices: counties set local dates).
    ///
    /// ```
    /// use disclosure_report::{Level, OrganKind};
    /// use chrono::NaiveDate;
    ///
    /// let d = OrganKind::Department(Level::County).deadline(2020);
    /// assert_eq!(d, NaiveDate::from_ymd_opt(2021, 1, 31));
    /// assert_eq!(OrganKind::PeoplesGovernment(Level::Township).deadline(2020), None);
    /// ```
    pub fn deadline(self, year: u16) -> Option<NaiveDate> {
        let next = i32::from(year) + 1;
        match self {
            OrganKind::Department(level) if level <= Level::County => NaiveDate::from_ymd_opt(next, 1, 31),
            OrganKind::PeoplesGovernment(level) if (Level::Provincial..=Level::County).contains(&level) => {
                NaiveDate::from_ymd_opt(next, 3, 31)
            }
            _ => None,
        }
    }
}

/// Why report metadata is not acceptable.
///
/// ```
/// use disclosure_report::{MetaError, ReportMeta};
///
/// assert_eq!(ReportMeta::new("某局", 2018), Err(MetaError::YearOutOfRange(2018)));
/// assert!(matches!(ReportMeta::new("某局\n", 2022), Err(MetaError::OrganName(_))));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetaError {
    /// The report year is outside [`ReportMeta::YEARS`].
    #[error("report year {0} is outside 2019..=2099")]
    YearOutOfRange(u16),
    /// The organ's name breaks a line, holds a control character, or
    /// begins or ends with white space: it could not be printed as a title.
    #[error(
        "organ name {0:?} holds a line break, a tab or another control character, or begins or ends with white space"
    )]
    OrganName(String),
}

/// Whether an organ's name can stand in a report's title line.
fn check_organ(organ: &str) -> Result<(), MetaError> {
    let bad = organ.chars().any(char::is_control) || organ.trim() != organ;
    if bad { Err(MetaError::OrganName(organ.to_owned())) } else { Ok(()) }
}

/// Who published a report, for which year, and when.
///
/// ```
/// use disclosure_report::{Level, OrganKind, ReportMeta};
///
/// let meta = ReportMeta::new("庙台乡人民政府", 2020)
///     .unwrap()
///     .with_kind(OrganKind::PeoplesGovernment(Level::Township));
/// assert_eq!(meta.year(), 2020);
/// assert!(ReportMeta::new("x", 1999).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MetaRepr", into = "MetaRepr")]
pub struct ReportMeta {
    organ: String,
    kind: Option<OrganKind>,
    year: u16,
    published_on: Option<NaiveDate>,
}

impl std::fmt::Display for ReportMeta {
    /// The report's title as reports print it, then the kind and the date
    /// where known: `庙台乡人民政府2020年政府信息公开工作年度报告（乡级人民政府，2021-01-15）`.
    ///
    /// ```
    /// use disclosure_report::{Level, OrganKind, ReportMeta};
    ///
    /// let meta = ReportMeta::new("庙台乡人民政府", 2020)?;
    /// assert_eq!(meta.to_string(), "庙台乡人民政府2020年政府信息公开工作年度报告");
    /// let meta = meta.with_kind(OrganKind::PeoplesGovernment(Level::Township));
    /// assert_eq!(meta.to_string(), "庙台乡人民政府2020年政府信息公开工作年度报告（乡级人民政府）");
    /// # Ok::<(), disclosure_report::MetaError>(())
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title())?;
        let notes: Vec<String> =
            self.kind.map(|k| k.to_string()).into_iter().chain(self.published_on.map(|d| d.to_string())).collect();
        if !notes.is_empty() {
            write!(f, "（{}）", notes.join("，"))?;
        }
        Ok(())
    }
}

impl ReportMeta {
    /// The first and last report years the crate accepts. The national
    /// format exists from the 2019 report on.
    ///
    /// ```
    /// use disclosure_report::ReportMeta;
    ///
    /// assert!(ReportMeta::YEARS.contains(&2024));
    /// assert!(ReportMeta::new("某局", 2018).is_err());
    /// ```
    pub const YEARS: std::ops::RangeInclusive<u16> = 2019..=2099;

    /// The report's title as the official layout prints it:
    /// `庙台乡人民政府2020年政府信息公开工作年度报告`.
    pub fn title(&self) -> String {
        format!("{}{}年政府信息公开工作年度报告", self.organ, self.year)
    }

    /// Metadata for `organ`'s report of `year`.
    ///
    /// # Errors
    ///
    /// [`MetaError::YearOutOfRange`] for a year outside [`ReportMeta::YEARS`];
    /// [`MetaError::OrganName`] for a name that cannot stand in a title
    /// line (a line break, a control character, white space at either
    /// end).
    pub fn new(organ: impl Into<String>, year: u16) -> Result<ReportMeta, MetaError> {
        if !YEARS.contains(&year) {
            return Err(MetaError::YearOutOfRange(year));
        }
        let organ = organ.into();
        check_organ(&organ)?;
        Ok(ReportMeta { organ, kind: None, year, published_on: None })
    }

    /// With the organ's kind.
    pub fn with_kind(mut self, kind: OrganKind) -> ReportMeta {
        self.kind = Some(kind);
        self
    }

    /// With the publication date.
    pub fn with_published_on(mut self, date: NaiveDate) -> ReportMeta {
        self.published_on = Some(date);
        self
    }

    /// With another organ name.
    ///
    /// # Errors
    ///
    /// [`MetaError::OrganName`], as [`ReportMeta::new`].
    pub fn with_organ(mut self, organ: impl Into<String>) -> Result<ReportMeta, MetaError> {
        let organ = organ.into();
        check_organ(&organ)?;
        self.organ = organ;
        Ok(self)
    }

    /// The organ's name (庙台乡人民政府).
    pub fn organ(&self) -> &str {
        &self.organ
    }

    /// The organ's name as a key that one organ's spellings share: full-width
    /// letters, digits and brackets as their ASCII forms, white space
    /// (the full-width space too) removed. Two names that differ in any
    /// other character are two organs.
    ///
    /// ```
    /// use disclosure_report::ReportMeta;
    ///
    /// let key = |name| ReportMeta::new(name, 2022).unwrap().organ_key();
    /// assert_eq!(key("平潭综合实验区管委会（办公室）"), key("平潭综合实验区管委会(办公室)"));
    /// assert_eq!(key("平潭综合实验区 管委会"), key("平潭综合实验区管委会"));
    /// assert_ne!(key("平潭综合实验区管委会"), key("平潭综合实验区管委"));
    /// ```
    pub fn organ_key(&self) -> String {
        organ_key(&self.organ)
    }

    /// The organ's kind, where known.
    pub fn kind(&self) -> Option<OrganKind> {
        self.kind
    }

    /// The report year (the calendar year reported on).
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The publication date, where known.
    pub fn published_on(&self) -> Option<NaiveDate> {
        self.published_on
    }
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReportMeta"))]
#[serde(deny_unknown_fields)]
struct MetaRepr {
    /// The organ's name, as in the title (庙台乡人民政府).
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    organ: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<OrganKind>,
    /// The year reported on.
    #[cfg_attr(feature = "schema", schemars(range(min = 2019, max = 2099)))]
    year: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published_on: Option<NaiveDate>,
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ReportMeta {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        MetaRepr::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        MetaRepr::json_schema(generator)
    }
}

impl TryFrom<MetaRepr> for ReportMeta {
    type Error = MetaError;
    fn try_from(r: MetaRepr) -> Result<Self, MetaError> {
        let meta = ReportMeta::new(r.organ, r.year)?;
        Ok(ReportMeta { kind: r.kind, published_on: r.published_on, ..meta })
    }
}

impl From<ReportMeta> for MetaRepr {
    fn from(m: ReportMeta) -> MetaRepr {
        MetaRepr { organ: m.organ, kind: m.kind, year: m.year, published_on: m.published_on }
    }
}

/// A name as [`ReportMeta::organ_key`] keys it.
pub(crate) fn organ_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // The full-width forms of ASCII (！ to ～) are ASCII shifted.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_follow_article_49() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(OrganKind::Department(Level::Provincial).deadline(2021), d(2022, 1, 31));
        assert_eq!(OrganKind::Department(Level::Township).deadline(2021), None);
        assert_eq!(OrganKind::PeoplesGovernment(Level::County).deadline(2021), d(2022, 3, 31));
        assert_eq!(OrganKind::PeoplesGovernment(Level::Central).deadline(2021), None);
        assert_eq!(OrganKind::StreetOffice.deadline(2021), None);
    }

    #[test]
    fn year_range_is_enforced() {
        assert!(ReportMeta::new("a", 2019).is_ok());
        assert_eq!(ReportMeta::new("a", 2018), Err(MetaError::YearOutOfRange(2018)));
        assert_eq!(ReportMeta::new("a", 2100), Err(MetaError::YearOutOfRange(2100)));
    }

    #[test]
    fn organ_names_fit_a_title_line() {
        for bad in ["a\nb", "a\tb", " a", "a ", "a\u{7}"] {
            assert!(matches!(ReportMeta::new(bad, 2020), Err(MetaError::OrganName(_))), "{bad:?}");
        }
        assert!(ReportMeta::new("某局（筹） 2", 2020).is_ok());
        assert!(ReportMeta::new("", 2020).is_ok());
    }
}
