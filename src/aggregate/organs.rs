//! Which reports are of one organ: its spellings, and its former names.

use std::collections::HashMap;

use crate::ReportMeta;
use crate::meta::organ_key;

/// Which names are one organ. Every spelling of a name is one organ
/// already ([`ReportMeta::organ_key`]: full-width forms and white space
/// aside); an organ renamed after a reform (区农业局 → 区农业农村局) is
/// joined to its new name here. Two names that differ in any other
/// character are never merged unless a rename says so.
///
/// `sum`, `series`, `compare` and `check --previous` take these from a CSV
/// file of `name,key` rows (`--organs FILE`).
///
/// ```
/// use disclosure_report::aggregate::Organs;
/// use disclosure_report::ReportMeta;
///
/// let organs: Organs = [("区农业局", "区农业农村局")].into_iter().collect();
/// let meta = |name| ReportMeta::new(name, 2022).unwrap();
/// assert_eq!(organs.key(&meta("区农业局")), "区农业农村局");
/// assert_eq!(organs.key(&meta("区 农业局")), "区农业农村局"); // a spelling of the old name
/// assert_eq!(organs.key(&meta("区农业农村局")), "区农业农村局");
/// assert_eq!(organs.key(&meta("区林业局")), "区林业局"); // not named: its own key
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Organs {
    /// The key of each renamed name's spelling.
    renamed: HashMap<String, String>,
}

impl Organs {
    /// No renames: each name is its own organ, up to spelling.
    pub fn new() -> Organs {
        Organs::default()
    }

    /// Reports printed under `name` (any spelling of it) are of the organ
    /// `key` names. A later rename of the same name replaces an earlier.
    pub fn rename(&mut self, name: &str, key: &str) -> &mut Organs {
        self.renamed.insert(organ_key(name), organ_key(key));
        self
    }

    /// The organ's key of a report: its name's, or the key it was renamed
    /// to. Renames chain (A → B, B → C keys A as C); a loop stops where it
    /// would repeat.
    pub fn key(&self, meta: &ReportMeta) -> String {
        self.key_of(meta.organ())
    }

    /// The organ's key of a name, as [`Organs::key`].
    pub fn key_of(&self, name: &str) -> String {
        let mut key = organ_key(name);
        for _ in 0..self.renamed.len() {
            match self.renamed.get(&key) {
                Some(next) if *next != key => key = next.clone(),
                _ => break,
            }
        }
        key
    }

    /// How many names are renamed.
    pub fn len(&self) -> usize {
        self.renamed.len()
    }

    /// Whether no name is renamed.
    pub fn is_empty(&self) -> bool {
        self.renamed.is_empty()
    }
}

impl<N: AsRef<str>, K: AsRef<str>> FromIterator<(N, K)> for Organs {
    fn from_iter<I: IntoIterator<Item = (N, K)>>(renames: I) -> Organs {
        let mut organs = Organs::new();
        organs.extend(renames);
        organs
    }
}

impl<N: AsRef<str>, K: AsRef<str>> Extend<(N, K)> for Organs {
    fn extend<I: IntoIterator<Item = (N, K)>>(&mut self, renames: I) {
        for (name, key) in renames {
            self.rename(name.as_ref(), key.as_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_chain_and_loops_end() {
        let organs: Organs = [("甲", "乙"), ("乙", "丙")].into_iter().collect();
        assert_eq!(organs.key_of("甲"), "丙");
        let looped: Organs = [("甲", "乙"), ("乙", "甲")].into_iter().collect();
        assert!(["甲", "乙"].contains(&looped.key_of("甲").as_str()));
    }

    #[test]
    fn a_name_differing_in_a_character_is_another_organ() {
        let organs: Organs = [("区农业局", "区农业农村局")].into_iter().collect();
        assert_eq!(organs.key_of("区农业局办公室"), "区农业局办公室");
    }
}
