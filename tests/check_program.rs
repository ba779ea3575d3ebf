//! The check program's handling of files: links, special files,
//! unreadable directories, a mismatched `--previous`, closed or full
//! output, and exports that never overwrite an input.
#![cfg(all(unix, feature = "csv", feature = "json", feature = "html", feature = "docx"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SEED: &str = include_str!("data/miaotai_2020.txt");

/// The check program, as `cargo test` builds it beside the tests.
fn program() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let program = dir.join("examples").join("check");
    assert!(program.exists(), "{} is missing: `cargo test --all-features` builds it", program.display());
    program
}

/// A fresh directory under the system's temporary directory, readable by
/// every user (the unreadable-directory test runs the program as nobody).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("disclosure-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the program, killing it if it has not ended within a minute.
fn run(cmd: &mut Command) -> Output {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the check program did not end within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_walk_follows_no_link_and_visits_each_file_once() {
    let dir = scratch("links");
    std::fs::write(dir.join("a.txt"), SEED).unwrap();
    std::os::unix::fs::symlink(".", dir.join("s")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("t")).unwrap();
    std::os::unix::fs::symlink("a.txt", dir.join("b.txt")).unwrap();
    // The file named twice, and through its directory.
    let o = run(Command::new(program()).arg("--json").arg(&dir).arg(dir.join("a.txt")));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(stderr(&o).contains("checked 1 report(s)"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn special_files_are_never_read() {
    let dir = scratch("fifo");
    std::fs::write(dir.join("a.txt"), SEED).unwrap();
    let fifo = dir.join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // In a directory: passed over.
    let o = run(Command::new(program()).arg(&dir));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("checked 1 report(s)"));
    // Named: refused, not read.
    let o = run(Command::new(program()).arg(&fifo));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreadable_directory_is_named_and_the_rest_checked() {
    let dir = scratch("unreadable");
    std::fs::write(dir.join("a.txt"), SEED).unwrap();
    let locked = dir.join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("b.txt"), SEED).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(dir.join("a.txt"), std::fs::Permissions::from_mode(0o644)).unwrap();
    // Root reads any directory: run as nobody where the tests run as root.
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(program());
        c
    } else {
        Command::new(program())
    };
    let o = run(cmd.arg(&dir));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("locked: cannot read this directory"), "{}", stderr(&o));
    assert!(stdout(&o).contains("checked 1 report(s)") && stdout(&o).contains("1 unreadable"), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn previous_must_be_the_same_organs_previous_year() {
    let dir = scratch("previous");
    let seed = dir.join("2020.txt");
    std::fs::write(&seed, SEED).unwrap();
    let later = dir.join("2021.txt");
    std::fs::write(&later, SEED.replacen("2020 年政府信息公开", "2021 年政府信息公开", 1)).unwrap();
    let other = dir.join("other.txt");
    std::fs::write(&other, SEED.replacen("庙台乡人民政府 2020", "某某乡人民政府 2020", 1)).unwrap();
    // A later year, and another organ, are refused as "previous".
    for previous in [&later, &other] {
        let o = run(Command::new(program()).arg("--previous").arg(previous).arg(&seed));
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        assert!(stderr(&o).contains("--previous is the") && stderr(&o).contains("refused"), "{}", stderr(&o));
        assert!(!stdout(&o).contains("X.carry_over"));
    }
    // The right one is used.
    let o = run(Command::new(program()).arg("--previous").arg(&seed).arg(&later));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("checked 1 report(s)"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_output_ends_quietly_and_a_full_one_is_an_error() {
    let dir = scratch("pipe");
    for i in 0..50 {
        std::fs::write(dir.join(format!("{i:02}.txt")), SEED).unwrap();
    }
    let mut child = Command::new(program()).arg(&dir).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let o = Command::new(program()).arg(&dir).stdout(full).stderr(Stdio::piped()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard output"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_export_never_writes_over_an_input_and_appears_whole() {
    let dir = scratch("export");
    let input = dir.join("x.json");
    let seed = dir.join("seed.txt");
    std::fs::write(&seed, SEED).unwrap();
    let json = run(Command::new(program()).args(["--render", "json"]).arg(&seed));
    std::fs::write(&input, &json.stdout).unwrap();
    let before = std::fs::read(&input).unwrap();
    let o = run(Command::new(program()).args(["--export", "jsonl"]).arg(&input).arg(&input));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refusing to write over it"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&input).unwrap(), before, "the input was changed");
    // The findings table beside the export may not be an input either.
    let findings = dir.join("t.findings.json");
    std::fs::write(&findings, &before).unwrap();
    let o = run(Command::new(program()).args(["--export", "jsonl"]).arg(dir.join("t.json")).arg(&findings));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(&findings).unwrap(), before);
    // A good export is complete, with nothing left behind.
    let out = dir.join("out.csv");
    let o = run(Command::new(program()).args(["--export", "csv"]).arg(&out).arg(&seed));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&out).unwrap().lines().count() > 100);
    assert!(dir.join("out.findings.csv").exists());
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "pdf")]
#[test]
fn a_directory_of_pdf_files_is_checked() {
    let dir = scratch("pdf");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixtures/pdf");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let out = run(Command::new(program()).arg("--json").arg(&dir));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = stdout(&out);
    assert_eq!(lines.lines().count(), 4, "{lines}");
    assert!(lines.lines().all(|l| l.contains("平潭综合实验区")), "{lines}");
    let _ = std::fs::remove_dir_all(&dir);
}
