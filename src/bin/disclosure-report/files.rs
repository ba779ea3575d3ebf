//! The files a run reads and writes: the walk over the paths named, each
//! file read into a report, and outputs written only once complete.
//!
//! Paths stay `OsStr`/`PathBuf` from the command line to the open: a name
//! that is not UTF-8 (GBK, as older Chinese systems write them) is read as
//! any other, and shown with `Path::display`.

use std::ffi::OsString;
use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use disclosure_report::read::{
    Options, Parsed, ReadError, SourceFormat, read_all, read_bytes, read_file, read_file_all, read_source,
};

/// The name the bundled seed report goes by when no path is given.
pub const SEED_NAME: &str = "miaotai_2020.txt (bundled seed)";
const SEED: &str = include_str!("../../../tests/data/miaotai_2020.txt");

/// Whether `path` is `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a report: `-` from standard input, the seed by its name, any
/// other file by its extension or else its content. A source larger than
/// `options.max_size` is refused before it is read.
pub fn load(path: &Path, options: &Options) -> Result<Parsed, String> {
    load_which(path, options, false)?.into_iter().next().ok_or_else(|| format!("{}: no report", path.display()))
}

/// Reads every report a file holds (a page may show two years'), in order.
pub fn load_all(path: &Path, options: &Options) -> Result<Vec<Parsed>, String> {
    load_which(path, options, true)
}

fn load_which(path: &Path, options: &Options, all: bool) -> Result<Vec<Parsed>, String> {
    let read = |bytes: &[u8], format| {
        if all { read_all(bytes, format, options) } else { read_bytes(bytes, format, options).map(|p| vec![p]) }
    };
    let shown = path.display();
    if is_stdin(path) || path.as_os_str() == SEED_NAME {
        let (bytes, format) = source(path, options)?;
        return read(&bytes, format).map_err(|e| why(&shown, e));
    }
    // `read_file` reads regular files only, telling one before opening it
    // (opening a FIFO to read it would wait for a writer).
    let read = if all { read_file_all(path, options) } else { read_file(path, options).map(|p| vec![p]) };
    read.map_err(|e| why(&shown, e))
}

/// A source's bytes and format: `-` from standard input, the seed by its
/// name, any other file as `read_file` reads it.
pub fn source(path: &Path, options: &Options) -> Result<(Vec<u8>, SourceFormat), String> {
    let shown = path.display();
    if is_stdin(path) {
        let mut bytes = Vec::new();
        // One byte past the limit tells a source above it, unread beyond.
        (std::io::stdin().lock().take(options.max_size.saturating_add(1)).read_to_end(&mut bytes))
            .map_err(|e| format!("standard input: {e}"))?;
        if bytes.len() as u64 > options.max_size {
            return Err(format!(
                "standard input: more than {}; refused: use --max-size to raise it",
                bytes_of(options.max_size, "the limit of ")
            ));
        }
        let format = SourceFormat::sniff_bytes(&bytes);
        return Ok((bytes, format));
    }
    if path.as_os_str() == SEED_NAME {
        return Ok((SEED.as_bytes().to_vec(), SourceFormat::Text));
    }
    read_source(path, options).map_err(|e| why(&shown, e))
}

/// `n` bytes, as a number and in binary units: `67108864 bytes (64.0 MiB)`.
fn bytes_of(n: u64, before: &str) -> String {
    format!("{before}{n} bytes ({})", bytesize::ByteSize(n).display().iec())
}

/// Why a file was not read, with its name.
pub fn why(name: &dyn std::fmt::Display, e: ReadError) -> String {
    match e {
        ReadError::TooLarge { size, limit } => format!(
            "{name}: {}, above {}; refused unread: use --max-size to raise it",
            bytes_of(size, ""),
            bytes_of(limit, "the limit of ")
        ),
        ReadError::Io(e) => format!("{name}: {e}"),
        e => format!("{name}: not a report: {}", chain(&e)),
    }
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

/// What is at a path an output is to go to.
enum Found {
    /// Nothing: the output is a new file.
    Nothing,
    /// A regular file, replaced whole once the output is complete.
    Regular,
    /// A FIFO or a device: written straight through, never replaced.
    Special,
    /// A symbolic link.
    Link,
    /// Anything else (a directory, a socket): never written.
    Other(&'static str),
}

/// What is at `path`, its last component not followed.
fn found(path: &Path) -> Result<Found, String> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    Ok(kind_of(&meta))
}

fn kind_of(meta: &std::fs::Metadata) -> Found {
    let t = meta.file_type();
    if t.is_symlink() {
        Found::Link
    } else if t.is_file() {
        Found::Regular
    } else if t.is_dir() {
        Found::Other("a directory")
    } else if is_special(&t) {
        Found::Special
    } else {
        Found::Other("neither a regular file, a FIFO nor a device")
    }
}

#[cfg(unix)]
fn is_special(t: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    t.is_fifo() || t.is_char_device() || t.is_block_device()
}

#[cfg(not(unix))]
fn is_special(_: &std::fs::FileType) -> bool {
    false
}

/// Whether `path` leads, link by link, to one of the process's open file
/// descriptors (`/dev/stdout` → `/proc/self/fd/1`, `/dev/fd/2`).
fn through_descriptor(path: &Path) -> bool {
    let is_descriptor = |p: &Path| {
        let parts: Vec<&std::ffi::OsStr> = p.components().map(|c| c.as_os_str()).collect();
        matches!(parts.as_slice(), [root, dev, fd, _] if *root == "/" && *dev == "dev" && *fd == "fd")
            || matches!(parts.as_slice(), [root, proc, _, fd, _] if *root == "/" && *proc == "proc" && *fd == "fd")
    };
    let mut at = path.to_owned();
    // As many links as the kernel follows.
    for _ in 0..40 {
        if is_descriptor(&at) {
            return true;
        }
        let Ok(to) = std::fs::read_link(&at) else { return false };
        at = at.parent().map_or_else(|| to.clone(), |dir| dir.join(&to));
    }
    false
}

/// An output being written. A regular file (or a new one) is written to a
/// temporary file beside it — created exclusively, under a name no one can
/// foretell, never through a link — and renamed over it only once
/// complete, so that a failed run leaves no half-written file. A FIFO or
/// a device (`/dev/null`, a terminal) is written straight through, and
/// stays what it is; so is a link to an open descriptor (`/dev/stdout`),
/// appended to. Any other symbolic link is resolved, and what it names
/// written as above; the link stays a link, and a dangling one is refused.
/// Anything else (a directory) is refused.
pub struct Pending {
    /// The temporary file and the path it goes to; `None` where the output
    /// is written straight through.
    replace: Option<(tempfile::TempPath, PathBuf)>,
}

impl Pending {
    /// The output at `path`, and the file to write it to; refused where
    /// `path`, or what it links to, is one of the run's `inputs`.
    pub fn create(path: &Path, inputs: &[PathBuf]) -> Result<(Pending, File), String> {
        refuse_inputs(path, inputs)?;
        match found(path)? {
            Found::Link => {}
            found => return Pending::create_at(path, found),
        }
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let to = std::fs::read_link(path).map(|t| format!(" to {},", t.display())).unwrap_or_default();
                return Err(format!(
                    "{}: a symbolic link{to} which leads to nothing (a dangling link): refusing to write through it",
                    path.display()
                ));
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        if through_descriptor(path) && matches!(kind_of(&meta), Found::Regular | Found::Special) {
            // `/dev/stdout`, `/dev/fd/N`: what the shell opened, a pipe no
            // path leads to among them. Appended to, so that `>>` keeps
            // what was there (and `>` made it empty).
            if let Ok(resolved) = std::fs::canonicalize(path) {
                refuse_inputs(&resolved, inputs)?;
            }
            let file =
                std::fs::OpenOptions::new().append(true).open(path).map_err(|e| format!("{}: {e}", path.display()))?;
            return Ok((Pending { replace: None }, file));
        }
        if matches!(kind_of(&meta), Found::Special) {
            // A link to a FIFO or a device: opened through the link.
            return Pending::create_at(path, Found::Special);
        }
        let resolved =
            std::fs::canonicalize(path).map_err(|e| format!("{}: cannot resolve the link: {e}", path.display()))?;
        refuse_inputs(&resolved, inputs)?;
        match found(&resolved)? {
            Found::Link => Err(format!("{}: the link changed while it was being resolved; refused", path.display())),
            found => Pending::create_at(&resolved, found),
        }
    }

    /// The output at `path`, no link, as `found` there.
    fn create_at(path: &Path, found: Found) -> Result<(Pending, File), String> {
        match found {
            Found::Nothing | Found::Regular => Pending::temporary(path),
            Found::Special => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                // Still a FIFO or a device once opened: never written into
                // a regular file that took its place meanwhile.
                let meta = file.metadata().map_err(|e| format!("{}: {e}", path.display()))?;
                if !matches!(kind_of(&meta), Found::Special) {
                    return Err(format!("{}: changed while it was being opened; refused", path.display()));
                }
                Ok((Pending { replace: None }, file))
            }
            Found::Other(what) => Err(format!("{}: {what}; refusing to write over it", path.display())),
            // Resolved already: a link here was put in meanwhile.
            Found::Link => Err(format!("{}: a symbolic link; refused", path.display())),
        }
    }

    /// A temporary file in `path`'s directory, to be renamed over it.
    fn temporary(path: &Path) -> Result<(Pending, File), String> {
        let Some(name) = path.file_name() else {
            return Err(format!("{}: not the name of a file", path.display()));
        };
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        // `.NAME.` and six random characters, `.part`: within the 255 bytes
        // a name may have, or `.` alone before them.
        let mut prefix = OsString::from(".");
        if name.len() <= 200 {
            prefix.push(name);
            prefix.push(".");
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".part");
        // As a file created anew would be (the umask applies), not only
        // the owner's, as a temporary file is by default.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temporary = builder.tempfile_in(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let (file, temporary) = temporary.into_parts();
        Ok((Pending { replace: Some((temporary, path.to_owned())) }, file))
    }

    /// The output complete: the temporary file synced and renamed over the
    /// target, where it is still a regular file or nothing.
    pub fn commit(self, file: File) -> Result<(), String> {
        let Some((temporary, path)) = self.replace else {
            return Ok(());
        };
        file.sync_all().map_err(|e| format!("{}: {e}", path.display()))?;
        drop(file);
        match found(&path)? {
            Found::Nothing | Found::Regular => {}
            Found::Link => return Err(format!("{}: became a symbolic link meanwhile; not replaced", path.display())),
            Found::Special | Found::Other(_) => {
                return Err(format!("{}: is no longer a regular file; not replaced", path.display()));
            }
        }
        temporary.persist(&path).map_err(|e| format!("{}: {}", path.display(), e.error))
    }
}

/// Writes `bytes` to `path`, whole or not at all (a FIFO or a device:
/// straight through); refused where `path` is one of the run's `inputs`.
pub fn write_whole(path: &Path, inputs: &[PathBuf], bytes: &[u8]) -> Result<(), String> {
    use std::io::Write as _;
    let (pending, mut file) = Pending::create(path, inputs)?;
    file.write_all(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    pending.commit(file)
}

/// Refuses to write to a file named among the run's inputs (or inside a
/// directory named as one).
pub fn refuse_inputs(target: &Path, inputs: &[PathBuf]) -> Result<(), String> {
    let Ok(target) = std::fs::canonicalize(target) else { return Ok(()) };
    for input in inputs.iter().filter_map(|i| std::fs::canonicalize(i).ok()) {
        if target == input || (input.is_dir() && target.starts_with(&input)) {
            return Err(format!("{}: a file this run reads; refusing to write over it", target.display()));
        }
    }
    Ok(())
}
