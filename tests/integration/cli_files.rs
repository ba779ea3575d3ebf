//! The command's handling of files: links, special files, unreadable
//! directories, a mismatched `--previous`, closed or full output, and
//! exports that never overwrite an input.
#![cfg(all(unix, feature = "cli"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const SEED: &str = include_str!("../data/miaotai_2020.txt");

/// The command, as `cargo test` builds it for the tests.
const PROGRAM: &str = env!("CARGO_BIN_EXE_disclosure-report");

/// The command with its subcommand.
fn command(subcommand: &str) -> Command {
    let mut c = Command::new(PROGRAM);
    c.arg(subcommand);
    c
}

/// A fresh directory under the system's temporary directory, readable by
/// every user (the unreadable-directory test runs the program as nobody).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("disclosure-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the program, failing the test if it has not ended within a
/// minute. Its output is read as it comes, so that a full pipe cannot stall it.
fn run(cmd: &mut Command) -> Output {
    let child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(child.wait_with_output()));
    match receive.recv_timeout(Duration::from_secs(60)) {
        Ok(output) => output.unwrap(),
        Err(_) => panic!("the program did not end within a minute"),
    }
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
    let o = run(command("check").arg("--json").arg(&dir).arg(dir.join("a.txt")));
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
    let o = run(command("check").arg(&dir));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("checked 1 report(s)"));
    // Named: refused, not read.
    let o = run(command("check").arg(&fifo));
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
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).args([PROGRAM, "check"]);
        c
    } else {
        command("check")
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
        let o = run(command("check").arg("--previous").arg(previous).arg(&seed));
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        assert!(stderr(&o).contains("--previous is the") && stderr(&o).contains("refused"), "{}", stderr(&o));
        assert!(!stdout(&o).contains("X.carry_over"));
    }
    // The right one is used.
    let o = run(command("check").arg("--previous").arg(&seed).arg(&later));
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
    let mut child = command("check").arg(&dir).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let o = command("check").arg(&dir).stdout(full).stderr(Stdio::piped()).output().unwrap();
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
    let json = run(command("render").args(["--to", "json"]).arg(&seed));
    std::fs::write(&input, &json.stdout).unwrap();
    let before = std::fs::read(&input).unwrap();
    let o = run(command("export").args(["--to", "jsonl", "-o"]).arg(&input).arg(&input));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refusing to write over it"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&input).unwrap(), before, "the input was changed");
    // The findings table beside the export may not be an input either.
    let findings = dir.join("t.findings.json");
    std::fs::write(&findings, &before).unwrap();
    let o = run(command("export").args(["--to", "jsonl", "-o"]).arg(dir.join("t.json")).arg(&findings));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(&findings).unwrap(), before);
    // A good export is complete, with nothing left behind.
    let out = dir.join("out.csv");
    let o = run(command("export").args(["--to", "csv", "-o"]).arg(&out).arg(&seed));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
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

#[test]
fn a_directory_of_pdf_files_is_checked() {
    let dir = scratch("pdf");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixtures/pdf");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let out = run(command("check").arg("--json").arg(&dir));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = stdout(&out);
    assert_eq!(lines.lines().count(), 4, "{lines}");
    assert!(lines.lines().all(|l| l.contains("平潭综合实验区")), "{lines}");
    let _ = std::fs::remove_dir_all(&dir);
}
