//! Files read in parallel, results streamed in order.
//!
//! The walk is cut into chunks; the files of a chunk are read and checked
//! on the pool's threads, then their results are handed on in the walk's
//! order and dropped. Memory is that of one chunk, however many files are
//! read.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::{Jobs, Stop, note};
use disclosure_report::read::{Walk, WalkEntry as Entry};

/// Files a thread takes on per chunk: enough that threads rarely wait on
/// one another at a chunk's end, few enough that a chunk's results are small.
const FILES_PER_THREAD: usize = 256;

/// A progress bar is worth showing from this many files.
const MANY_FILES: usize = 50;

/// Reads every file under `paths` with `work` on `jobs` threads, and hands
/// each result to `sink` in the walk's order. A file `work` cannot use,
/// and an entry that could not be read, is named on standard error and
/// counted: the count is returned.
pub fn run<T: Send>(
    paths: &[PathBuf],
    jobs: Jobs,
    work: impl Fn(&Path) -> Result<T, String> + Sync,
    mut sink: impl FnMut(&Path, T) -> Result<(), Stop>,
) -> Result<usize, Stop> {
    let threads = jobs.jobs.map_or_else(|| std::thread::available_parallelism().map_or(1, usize::from), usize::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Stop::Failed(format!("cannot start {threads} threads: {e}")))?;
    let progress = progress_bar(paths, jobs);
    let mut walk = Walk::new(paths);
    let chunk_size = FILES_PER_THREAD * threads;
    let mut unusable = 0;
    loop {
        let chunk: Vec<Entry> = walk.by_ref().take(chunk_size).collect();
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Result<T, String>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|entry| match entry {
                    Entry::File(path) => work(path),
                    Entry::Problem(message) => Err(message.clone()),
                })
                .collect()
        });
        for (entry, result) in chunk.into_iter().zip(results) {
            progress.inc(1);
            match (entry, result) {
                (Entry::File(path), Ok(result)) => sink(&path, result)?,
                (_, Err(message)) => {
                    progress.suspend(|| note(&message));
                    unusable += 1;
                }
                // A problem is never worked on: it is its own error.
                (Entry::Problem(_), Ok(_)) => {}
            }
        }
    }
    progress.finish_and_clear();
    Ok(unusable)
}

/// A bar on standard error, if that is a terminal, it was not turned off,
/// and there are many files; hidden otherwise. Counting the files is a
/// second walk of the directories, done only when the bar is shown.
fn progress_bar(paths: &[PathBuf], jobs: Jobs) -> ProgressBar {
    if jobs.no_progress || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total = Walk::new(paths).filter(|e| matches!(e, Entry::File(_))).count();
    if total < MANY_FILES {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files, {per_sec}, {eta} left") {
        bar.set_style(style);
    }
    bar
}
