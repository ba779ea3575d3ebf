//! The files a run reads and writes: the walk over the paths named, each
//! file read into a report, and files written only once complete.

use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use disclosure_report::read::{read_bytes, Options, Parsed, SourceFormat};

/// The name the bundled seed report goes by when no path is given.
pub const SEED_NAME: &str = "miaotai_2020.txt (bundled seed)";
const SEED: &str = include_str!("../../../tests/data/miaotai_2020.txt");

/// One step of the walk: a report file to read, or an entry that could not
/// be read (named, so that the rest is still checked).
pub enum Entry {
    File(String),
    Problem(String),
}

/// The report files under the paths named, each once, lazily: files as
/// named, directories walked for report files in name order. Memory is
/// that of the largest directory, not of all the files.
///
/// The walk follows no link and reads only regular files (a FIFO would
/// block the run). A directory is walked once however often it is named
/// or reached, and a file named on the command line is passed over where a
/// walk meets it again.
pub struct Walk {
    /// The paths named, not yet started, in reverse.
    named: Vec<String>,
    /// Per directory being walked, its entries not yet visited, in reverse.
    stack: Vec<Vec<(PathBuf, std::fs::FileType)>>,
    dirs_walked: HashSet<PathBuf>,
    /// The files named on the command line: a walk passes them over, and
    /// each is read once, where it was named.
    files_named: HashSet<PathBuf>,
    files_read: HashSet<PathBuf>,
}

impl Walk {
    pub fn new(paths: &[String]) -> Walk {
        let mut named: Vec<String> = paths.to_vec();
        named.reverse();
        let files_named = (paths.iter())
            .filter(|p| *p != "-" && !Path::new(p).is_dir())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        Walk { named, stack: Vec::new(), dirs_walked: HashSet::new(), files_named, files_read: HashSet::new() }
    }

    /// Opens a directory: its entries, sorted, unless it was walked already.
    fn open(&mut self, dir: &Path) -> Option<Entry> {
        let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
        if !self.dirs_walked.insert(canonical) {
            return None;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return Some(Entry::Problem(format!("{}: cannot read this directory: {e}", dir.display()))),
        };
        let mut listed = Vec::new();
        let mut problem = None;
        for entry in entries {
            match entry.and_then(|e| Ok((e.path(), e.file_type()?))) {
                Ok(entry) => listed.push(entry),
                Err(e) => problem = Some(Entry::Problem(format!("{}: cannot read an entry: {e}", dir.display()))),
            }
        }
        listed.sort_by(|a, b| b.0.cmp(&a.0));
        self.stack.push(listed);
        problem
    }
}

impl Iterator for Walk {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            if let Some(entries) = self.stack.last_mut() {
                let Some((path, kind)) = entries.pop() else {
                    self.stack.pop();
                    continue;
                };
                // `DirEntry::file_type` does not follow links: a link is
                // neither a directory nor a file here, and is passed over.
                if kind.is_dir() {
                    if let Some(problem) = self.open(&path) {
                        return Some(problem);
                    }
                } else if kind.is_file() && SourceFormat::of_path(&path).is_some() {
                    let again = !self.files_named.is_empty()
                        && std::fs::canonicalize(&path).is_ok_and(|c| self.files_named.contains(&c));
                    if !again {
                        return Some(Entry::File(path.to_string_lossy().into_owned()));
                    }
                }
                continue;
            }
            let name = self.named.pop()?;
            if name != "-" && Path::new(&name).is_dir() {
                if let Some(problem) = self.open(Path::new(&name)) {
                    return Some(problem);
                }
                continue;
            }
            let canonical = std::fs::canonicalize(&name).unwrap_or_else(|_| PathBuf::from(&name));
            if name == "-" || self.files_read.insert(canonical) {
                return Some(Entry::File(name));
            }
        }
    }
}

/// Reads a report: `-` from standard input, the seed by its name, any
/// other file by its extension or else its content.
pub fn load(name: &str) -> Result<Parsed, String> {
    let bytes = if name == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("standard input: {e}"))?;
        bytes
    } else if name == SEED_NAME {
        SEED.as_bytes().to_vec()
    } else {
        let meta = std::fs::metadata(name).map_err(|e| format!("{name}: {e}"))?;
        if !meta.is_file() {
            return Err(format!("{name}: not a regular file; only regular files are read"));
        }
        std::fs::read(name).map_err(|e| format!("{name}: {e}"))?
    };
    let format = SourceFormat::of_path(Path::new(name)).unwrap_or_else(|| SourceFormat::sniff_bytes(&bytes));
    read_bytes(&bytes, format, &Options::default()).map_err(|e| format!("{name}: not a report: {}", chain(&e)))
}

/// An error and its sources, each once: `cannot write CSV: No space left on device`.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

/// A file being written: a temporary file beside it, renamed over it
/// only once complete, so that a failed run leaves no half-written file.
pub struct Pending {
    temporary: PathBuf,
    path: PathBuf,
}

impl Pending {
    pub fn create(path: &Path) -> Result<(Pending, std::fs::File), String> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temporary = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
        let file = std::fs::File::create(&temporary).map_err(|e| format!("{}: {e}", temporary.display()))?;
        Ok((Pending { temporary, path: path.to_owned() }, file))
    }

    pub fn commit(&self) -> Result<(), String> {
        std::fs::rename(&self.temporary, &self.path).map_err(|e| format!("{}: {e}", self.path.display()))
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Gone already once committed; otherwise an unfinished file.
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// Writes `bytes` to `path`, whole or not at all.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write as _;
    let (pending, mut file) = Pending::create(path)?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| format!("{}: {e}", path.display()))?;
    pending.commit()
}

/// Refuses to write to a file named among the run's inputs (or inside a
/// directory named as one).
pub fn refuse_inputs(target: &Path, inputs: &[String]) -> Result<(), String> {
    let Ok(target) = std::fs::canonicalize(target) else { return Ok(()) };
    for input in inputs.iter().filter_map(|i| std::fs::canonicalize(i).ok()) {
        if target == input || (input.is_dir() && target.starts_with(&input)) {
            return Err(format!("{}: a file this run reads; refusing to write over it", target.display()));
        }
    }
    Ok(())
}

#[cfg(test)]
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
        let s = |p: PathBuf| p.to_string_lossy().into_owned();
        let named = [s(dir.join("a.txt")), s(dir.clone()), s(sub.clone()), s(dir.join("a.txt"))];
        let files: Vec<String> = Walk::new(&named)
            .map(|e| match e {
                Entry::File(f) => f,
                Entry::Problem(p) => panic!("{p}"),
            })
            .collect();
        assert_eq!(files, [s(dir.join("a.txt")), s(dir.join("b.json")), s(sub.join("c.html"))]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
