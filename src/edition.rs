//! The two editions of the national report format.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An edition of the national annual report format.
///
/// | edition | issued by | report years |
/// |---|---|---|
/// | [`V2019`](Edition::V2019) | 国办公开办函〔2019〕60号 (trial) | 2019, 2020 |
/// | [`V2021`](Edition::V2021) | 国办公开办函〔2021〕30号 (revised) | 2021 onward |
///
/// ```
/// use disclosure_report::Edition;
///
/// assert_eq!(Edition::for_year(2020), Edition::V2019);
/// assert_eq!(Edition::for_year(2023), Edition::V2021);
/// assert_eq!("V2021".parse::<Edition>().unwrap(), Edition::V2021);
/// assert_eq!(Edition::V2019.to_string(), "V2019");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Edition {
    /// 《中华人民共和国政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号.
    V2019,
    /// 《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号.
    V2021,
}

impl Edition {
    /// Both editions, oldest first.
    pub const ALL: [Edition; 2] = [Edition::V2019, Edition::V2021];

    /// The edition the format prescribes for a report year: V2019 for 2019
    /// and 2020, V2021 from 2021 on.
    pub const fn for_year(year: u16) -> Edition {
        if year <= 2020 { Edition::V2019 } else { Edition::V2021 }
    }

    /// The document that issued this edition.
    pub const fn issued_by(self) -> &'static str {
        match self {
            Edition::V2019 => "国办公开办函〔2019〕60号",
            Edition::V2021 => "国办公开办函〔2021〕30号",
        }
    }

    /// The stable tag, `"V2019"` or `"V2021"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Edition::V2019 => "V2019",
            Edition::V2021 => "V2021",
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error returned when a string names no edition.
///
/// ```
/// use disclosure_report::Edition;
///
/// assert_eq!("v2021".parse::<Edition>(), Ok(Edition::V2021));
/// let err = "V2020".parse::<Edition>().unwrap_err();
/// assert!(err.to_string().contains("V2020"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown edition {0:?}: expected \"V2019\" or \"V2021\"")]
pub struct ParseEditionError(String);

impl FromStr for Edition {
    type Err = ParseEditionError;

    /// Accepts `V2019`/`V2021`, case-insensitively, and the bare years.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "V2019" | "2019" => Ok(Edition::V2019),
            "V2021" | "2021" => Ok(Edition::V2021),
            _ => Err(ParseEditionError(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_rule() {
        assert_eq!(Edition::for_year(2019), Edition::V2019);
        assert_eq!(Edition::for_year(2020), Edition::V2019);
        assert_eq!(Edition::for_year(2021), Edition::V2021);
    }

    #[test]
    fn display_and_parse_round_trip() {
        for e in Edition::ALL {
            assert_eq!(e.to_string().parse::<Edition>(), Ok(e));
        }
        assert_eq!("v2019".parse::<Edition>(), Ok(Edition::V2019));
        assert!("V2020".parse::<Edition>().is_err());
    }
}
