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
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
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
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
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

/// What `render --to text` prints for the seed at `seed`.
fn rendered(seed: &Path) -> Vec<u8> {
    let o = run(command("render").args(["--to", "text"]).arg(seed));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.len() > 1000);
    o.stdout
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn output_onto_a_fifo_goes_through_it_and_the_fifo_stays() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = scratch("out-fifo");
    let seed = dir.join("seed.txt");
    std::fs::write(&seed, SEED).unwrap();
    let expected = rendered(&seed);
    let fifo = dir.join("out.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // The reader: the program's open for writing waits for it.
    let (send, receive) = std::sync::mpsc::channel();
    let reading = fifo.clone();
    std::thread::spawn(move || send.send(std::fs::read(reading)));
    let o = run(command("render").args(["--to", "text", "-o"]).arg(&fifo).arg(&seed));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced: {kind:?}");
    let got = receive.recv_timeout(Duration::from_secs(5)).expect("nothing came through the FIFO").unwrap();
    assert_eq!(got, expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_onto_a_device_or_standard_output_goes_through_it() {
    use std::os::unix::ffi::OsStrExt as _;
    use std::os::unix::fs::FileTypeExt as _;
    let dir = scratch("out-device");
    let seed = dir.join("seed.txt");
    std::fs::write(&seed, SEED).unwrap();
    let expected = rendered(&seed);
    // /dev/null: a device of the test's own, as /dev/null is (1, 3), where
    // the test may make one (as root), so that a failure replaces no device
    // the machine uses; /dev/null itself where it may not (and a user who
    // is not root cannot replace it).
    let own = dir.join("null");
    let path = std::ffi::CString::new(own.as_os_str().as_bytes()).unwrap();
    // SAFETY: `path` is a valid C string; mknod only creates a file.
    let made = unsafe { libc::mknod(path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) } == 0;
    let null = if made { own } else { PathBuf::from("/dev/null") };
    for to in ["html", "text"] {
        let o = run(command("render").args(["--to", to, "-o"]).arg(&null).arg(&seed));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let kind = std::fs::symlink_metadata(&null).unwrap().file_type();
        assert!(kind.is_char_device(), "{} was replaced: {kind:?}", null.display());
    }
    // /dev/stdout is a link to /proc/self/fd/1, which names a pipe here: a
    // link of the test's own to it, for the same reason.
    let stdout_link = dir.join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &stdout_link).unwrap();
    let o = run(command("render").args(["--to", "text", "-o"]).arg(&stdout_link).arg(&seed));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(o.stdout, expected, "the output did not reach standard output");
    assert!(is_link(&stdout_link), "the link was replaced");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_through_a_link_goes_to_its_target_and_the_link_stays() {
    let dir = scratch("out-link");
    let seed = dir.join("seed.txt");
    std::fs::write(&seed, SEED).unwrap();
    let expected = rendered(&seed);
    // A link to a file: the file gets the output, the link stays.
    let target = dir.join("target.txt");
    std::fs::write(&target, "before").unwrap();
    let link = dir.join("link.txt");
    std::os::unix::fs::symlink("target.txt", &link).unwrap();
    let o = run(command("render").args(["--to", "text", "-o"]).arg(&link).arg(&seed));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(is_link(&link), "the link was replaced by a file");
    assert_eq!(std::fs::read(&target).unwrap(), expected);
    // An export through links: both tables reach their files.
    std::fs::write(dir.join("cells-target.csv"), "").unwrap();
    std::os::unix::fs::symlink("cells-target.csv", dir.join("cells.csv")).unwrap();
    let o = run(command("export").arg("-o").arg(dir.join("cells.csv")).arg(&seed));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(is_link(&dir.join("cells.csv")));
    assert!(
        std::fs::read_to_string(dir.join("cells-target.csv"))
            .unwrap()
            .starts_with("file,report_in_file,organ,organ_key,year,edition")
    );
    // A link to an input: refused, the input unchanged.
    let to_input = dir.join("to-input.txt");
    std::os::unix::fs::symlink("seed.txt", &to_input).unwrap();
    let o = run(command("render").args(["--to", "text", "-o"]).arg(&to_input).arg(&seed));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refusing to write over it"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&seed).unwrap(), SEED);
    assert!(is_link(&to_input));
    // A dangling link: refused, left as it was.
    let dangling = dir.join("dangling.txt");
    std::os::unix::fs::symlink("missing.txt", &dangling).unwrap();
    let o = run(command("render").args(["--to", "text", "-o"]).arg(&dangling).arg(&seed));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("dangling"), "{}", stderr(&o));
    assert!(is_link(&dangling) && !dir.join("missing.txt").exists());
    // A directory: refused.
    let o = run(command("render").args(["--to", "text", "-o"]).arg(&dir).arg(&seed));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a directory"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_link_planted_at_the_old_temporary_name_is_never_followed() {
    let dir = scratch("out-planted");
    std::fs::write(dir.join("seed.txt"), SEED).unwrap();
    let expected = rendered(&dir.join("seed.txt"));
    std::fs::write(dir.join("victim.txt"), "victim").unwrap();
    // The shell plants `.out.txt.PID.part`, the name the program's
    // temporary file once had, then becomes the program, keeping its PID.
    let script = "ln -s victim.txt \".out.txt.$$.part\" && exec \"$0\" render --to text -o out.txt seed.txt";
    let o = run(Command::new("sh").current_dir(&dir).args(["-c", script, PROGRAM]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(dir.join("victim.txt")).unwrap(), "victim", "the link was followed");
    assert!(!is_link(&dir.join("out.txt")));
    assert_eq!(std::fs::read(dir.join("out.txt")).unwrap(), expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_name_that_is_not_utf8_is_walked_named_and_given_as_bytes() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = scratch("gbk");
    // 报告.txt in GBK.
    let raw: &[u8] = b"\xb1\xa8\xb8\xe6.txt";
    let file = dir.join(std::ffi::OsStr::from_bytes(raw));
    std::fs::write(&file, SEED).unwrap();
    let path_bytes: Vec<serde_json::Value> = file.as_os_str().as_bytes().iter().map(|&b| b.into()).collect();
    for named in [&dir, &file] {
        let o = run(command("check").arg(named));
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).contains("庙台乡人民政府") && stdout(&o).contains("checked 1 report(s)"), "{}", stdout(&o));
        let o = run(command("check").arg("--json").arg(named));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let line: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
        assert_eq!(line["file"], file.to_string_lossy().as_ref());
        assert_eq!(line["file_bytes"], serde_json::Value::Array(path_bytes.clone()));
    }
    let o = run(command("series").arg("--json").arg(&dir));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let line: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(line["files_bytes"], serde_json::json!([path_bytes]));
    // A name that is UTF-8 has no bytes given.
    let named_utf8 = dir.join("seed.txt");
    std::fs::write(&named_utf8, SEED).unwrap();
    let o = run(command("check").arg("--json").arg(&named_utf8));
    assert!(!stdout(&o).contains("file_bytes"), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_above_max_size_is_refused_unread_and_the_rest_read() {
    let dir = scratch("max-size");
    let good = dir.join("good.txt");
    std::fs::write(&good, SEED).unwrap();
    // 3 GiB, sparse: no disk is used.
    let big = dir.join("big.txt");
    std::fs::File::create(&big).unwrap().set_len(3 << 30).unwrap();
    let started = std::time::Instant::now();
    let o = run(command("check").arg(&big));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("3221225472 bytes") && err.contains("limit of 67108864 bytes"), "{err}");
    assert!(err.contains("use --max-size to raise it"), "{err}");
    // In a folder, with a good report: the good one is checked.
    let started = std::time::Instant::now();
    let o = run(command("check").arg(&dir));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("checked 1 report(s): 0 with errors") && stdout(&o).contains("1 unreadable"));
    assert!(stderr(&o).contains("big.txt: 3221225472 bytes"), "{}", stderr(&o));
    // Another limit, with a unit or without.
    for (limit, code) in [("1k", 2), ("7957", 2), ("7958", 0), ("8KiB", 0), ("1M", 0)] {
        let o = run(command("check").args(["--max-size", limit]).arg(&good));
        assert_eq!(o.status.code(), Some(code), "--max-size {limit}: {}", stderr(&o));
    }
    let o = run(command("check").args(["--max-size", "1k"]).arg(&good));
    assert!(stderr(&o).contains("above the limit of 1000 bytes"), "{}", stderr(&o));
    assert_eq!(run(command("check").args(["--max-size", "lots"]).arg(&good)).status.code(), Some(2));
    // Every subcommand that reads reports, and --previous, and standard input.
    let out = dir.join("out");
    for sub in [
        vec!["render"],
        vec!["export", "-o", out.to_str().unwrap()],
        vec!["sum"],
        vec!["series"],
        vec!["compare"],
        vec!["check", "--previous", good.to_str().unwrap()],
    ] {
        let o = run(command(sub[0]).args(&sub[1..]).args(["--max-size", "1k"]).arg(&good));
        assert_eq!(o.status.code(), Some(2), "{sub:?}");
        assert!(stderr(&o).contains("use --max-size to raise it"), "{sub:?}: {}", stderr(&o));
    }
    let o =
        command("check").args(["--max-size", "1k", "-"]).stdin(std::fs::File::open(&good).unwrap()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard input: more than the limit of 1000 bytes"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn text_output_escapes_control_characters_from_the_inputs() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = scratch("controls");
    // The organ's name, and a cell, carry an escape sequence and a bell; so
    // does the file's name, and another's a right-to-left override.
    let hostile = SEED.replacen("庙台乡人民政府 2020 年", "庙台乡\x1b[31m人民政府\x07 2020 年", 1).replacen(
        "行政许可\t3\t3\t0",
        "行政许可\t3\x1b[31m\x07\t3\t0",
        1,
    );
    let file = dir.join(std::ffi::OsStr::from_bytes(b"r\x1b[31m\x07.txt"));
    std::fs::write(&file, &hostile).unwrap();
    std::fs::write(dir.join("\u{202e}txt.json"), "no report here").unwrap();
    let clean = |bytes: &[u8]| {
        !bytes.iter().any(|b| matches!(b, 0x1b | 0x07)) && !bytes.windows(3).any(|w| w == "\u{202e}".as_bytes())
    };
    for o in [
        run(command("check").arg(&dir)),
        run(command("check").arg(&file)),
        run(command("check").arg("--json").arg(&dir)),
        run(command("series").arg(&dir)),
    ] {
        assert!(o.status.code().is_some());
        assert!(clean(&o.stdout), "standard output: {}", stdout(&o));
        assert!(clean(&o.stderr), "standard error: {}", stderr(&o));
    }
    let o = run(command("check").arg(&dir));
    // Shown escaped, not dropped.
    assert!(stdout(&o).contains("r\\u{1b}[31m\\u{7}.txt"), "{}", stdout(&o));
    assert!(stdout(&o).contains("3\\u{1b}[31m\\u{7}"), "{}", stdout(&o));
    assert!(stderr(&o).contains("\\u{202e}txt.json: not a report"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}
