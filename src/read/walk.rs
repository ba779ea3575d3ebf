//! The report files under the paths a run names: folders walked as the
//! command walks them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::SourceFormat;

/// Whether `path` is `-`, standard input.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// One step of the walk: a report file to read, or an entry that could not
/// be read (named, so that the rest is still checked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WalkEntry {
    /// A file to read.
    File(PathBuf),
    /// An entry that could not be read, and why.
    Problem(String),
}

/// The report files under the paths named, each once, lazily: files as
/// named, directories walked for report files (by their extension,
/// [`SourceFormat::of_path`]) in name order. Memory is that of the largest
/// directory, not of all the files. `-` names standard input.
///
/// The walk follows no link and reads only regular files (a FIFO would
/// block the run). A directory is walked once however often it is named
/// or reached, and a file named on the command line is passed over where a
/// walk meets it again. The `disclosure-report` command and the Python
/// package walk with it.
///
/// ```
/// use disclosure_report::read::{Walk, WalkEntry};
/// use std::path::PathBuf;
///
/// let fixtures = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures"));
/// let files: Vec<PathBuf> = Walk::new(&[fixtures.clone(), fixtures])
///     .filter_map(|e| match e { WalkEntry::File(f) => Some(f), _ => None })
///     .collect();
/// assert!(files.iter().any(|f| f.ends_with("layout/pingtan-2022.lo.layout.txt")));
/// assert_eq!(files.iter().filter(|f| f.ends_with("layout/pingtan-2022.lo.layout.txt")).count(), 1, "walked once");
/// ```
#[derive(Debug)]
pub struct Walk {
    /// The paths named, not yet started, in reverse.
    named: Vec<PathBuf>,
    /// Per directory being walked, its entries not yet visited, in reverse.
    stack: Vec<Vec<(PathBuf, std::fs::FileType)>>,
    dirs_walked: HashSet<PathBuf>,
    /// The files named on the command line: a walk passes them over, and
    /// each is read once, where it was named.
    files_named: HashSet<PathBuf>,
    files_read: HashSet<PathBuf>,
}

impl Walk {
    /// A walk over these paths, in the order named.
    pub fn new(paths: &[PathBuf]) -> Walk {
        let mut named: Vec<PathBuf> = paths.to_vec();
        named.reverse();
        let files_named = (paths.iter())
            .filter(|p| !is_stdin(p) && !p.is_dir())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        Walk { named, stack: Vec::new(), dirs_walked: HashSet::new(), files_named, files_read: HashSet::new() }
    }

    /// Opens a directory: its entries, sorted, unless it was walked already.
    fn open(&mut self, dir: &Path) -> Option<WalkEntry> {
        let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
        if !self.dirs_walked.insert(canonical) {
            return None;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return Some(WalkEntry::Problem(format!("{}: cannot read this directory: {e}", dir.display()))),
        };
        let mut listed = Vec::new();
        let mut problem = None;
        for entry in entries {
            match entry.and_then(|e| Ok((e.path(), e.file_type()?))) {
                Ok(entry) => listed.push(entry),
                Err(e) => problem = Some(WalkEntry::Problem(format!("{}: cannot read an entry: {e}", dir.display()))),
            }
        }
        listed.sort_by(|a, b| b.0.cmp(&a.0));
        self.stack.push(listed);
        problem
    }
}

impl Iterator for Walk {
    type Item = WalkEntry;

    fn next(&mut self) -> Option<WalkEntry> {
        loop {
            if let Some(entries) = self.stack.last_mut() {
                let Some((path, kind)) = entries.pop() else {
                    self.stack.pop();
                    continue;
                };
                // `DirWalkEntry::file_type` does not follow links: a link is
                // neither a directory nor a file here, and is passed over.
                if kind.is_dir() {
                    if let Some(problem) = self.open(&path) {
                        return Some(problem);
                    }
                } else if kind.is_file() && SourceFormat::of_path(&path).is_some() {
                    let again = !self.files_named.is_empty()
                        && std::fs::canonicalize(&path).is_ok_and(|c| self.files_named.contains(&c));
                    if !again {
                        return Some(WalkEntry::File(path));
                    }
                }
                continue;
            }
            let name = self.named.pop()?;
            if !is_stdin(&name) && name.is_dir() {
                if let Some(problem) = self.open(&name) {
                    return Some(problem);
                }
                continue;
            }
            let canonical = std::fs::canonicalize(&name).unwrap_or_else(|_| name.clone());
            if is_stdin(&name) || self.files_read.insert(canonical) {
                return Some(WalkEntry::File(name));
            }
        }
    }
}

#[cfg(all(test, feature = "json", feature = "html"))]
mod tests {
    use super::*;

    #[test]
    fn a_file_named_twice_or_inside_a_named_directory_is_read_once() {
        let dir = std::env::temp_dir().join(format!("walk-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        for name in ["a.txt", "b.json", "ignored.bin"] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        std::fs::write(sub.join("c.html"), "x").unwrap();
        let named = [dir.join("a.txt"), dir.clone(), sub.clone(), dir.join("a.txt")];
        let files: Vec<PathBuf> = Walk::new(&named)
            .map(|e| match e {
                WalkEntry::File(f) => f,
                WalkEntry::Problem(p) => panic!("{p}"),
            })
            .collect();
        assert_eq!(files, [dir.join("a.txt"), dir.join("b.json"), sub.join("c.html")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
