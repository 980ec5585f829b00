//! Issue 18, reading files (`-r`, `-V`): never destroy or misreport data.
//! An output that is one of the inputs is refused before anything is
//! written; a file cut while being read is reported by every reader;
//! `-Z`, `-C`, `-G` and `-W` work as with tcpdump; a write error is
//! reported once; `-F` and `-V` files are read with a bound. (Stop
//! signals: offline_signals.rs.)

mod capture_common;
#[path = "common/mod.rs"]
mod common;

use bpfdump::capture::{CaptureError, CaptureReader, Chunk, Damage, ParallelPcap, Record};
use capture_common::*;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

/// Packets read and the error that ended the file.
type Outcome = (usize, Option<(String, Option<u64>)>);

fn drain(mut reader: CaptureReader) -> Outcome {
    let mut packets = 0;
    loop {
        match reader.next() {
            Ok(Some(_)) => packets += 1,
            Ok(None) => return (packets, None),
            Err(e) => return (packets, Some(describe(&e))),
        }
    }
}

fn drain_parallel(file: &ParallelPcap, gather: bool) -> Outcome {
    let mut packets = 0;
    let accept = |_: &Record| true;
    let result: Result<(), CaptureError> = file.run(2, 1 << 20, gather, &accept, |c: &Chunk| {
        packets += c.accepted_count();
        Ok(true)
    });
    (packets, result.err().map(|e| describe(&e)))
}

/// A 16 MiB capture cut, after every reader has opened it, far beyond
/// what any of them reads ahead at open time (the one-thread reader's 1
/// MiB buffer, the read-ahead thread's three 2 MiB chunks): once at a
/// record boundary (the records end cleanly, short of the size at open)
/// and once inside a record. Every reader reports the cut, as damage at
/// the same offset after the same packets, where before the parallel
/// reader (and any reader, at a record boundary) ended quietly.
#[test]
fn a_file_cut_while_being_read_is_reported_by_every_reader() {
    let bytes = big_capture_bytes(16 << 20);
    let offsets = record_offsets(&bytes);
    let boundary = *offsets.iter().find(|&&o| o >= 12 << 20).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (what, cut) in [("boundary", boundary), ("inside", boundary + 30)] {
        let before = offsets.iter().filter(|&&o| o < boundary).count();
        let mut outcomes = Vec::new();
        for reader in ["direct", "prefetch", "parallel", "parallel count"] {
            let path = write_temp(dir.path(), "cut.pcap", &bytes);
            let outcome = match reader {
                "direct" | "prefetch" => {
                    let opened = if reader == "direct" {
                        CaptureReader::open(&path)
                    } else {
                        CaptureReader::open_prefetched(&path)
                    }
                    .unwrap();
                    cut_file(&path, cut);
                    drain(opened)
                }
                _ => {
                    let file = ParallelPcap::open(&path).unwrap().unwrap();
                    cut_file(&path, cut);
                    drain_parallel(&file, reader == "parallel")
                }
            };
            assert_eq!(
                outcome.0, before,
                "{what}, {reader}: packets before the cut"
            );
            let (kind, offset) = outcome.1.clone().unwrap_or_else(|| {
                panic!("{what}, {reader}: the cut went unreported");
            });
            if what == "boundary" {
                let expected = Damage::Shrunk {
                    size: bytes.len() as u64,
                };
                assert_eq!(kind, format!("{expected:?}"), "{what}, {reader}");
                assert_eq!(offset, Some(boundary as u64), "{what}, {reader}");
            } else {
                assert!(
                    kind.starts_with("TruncatedRecord"),
                    "{what}, {reader}: {kind}"
                );
            }
            outcomes.push(outcome);
        }
        assert!(
            outcomes.windows(2).all(|w| w[0] == w[1]),
            "{what}: {outcomes:?}"
        );
    }
}

fn cut_file(path: &Path, len: usize) {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(len as u64)
        .unwrap();
}

/// A file that grows while being read is not damaged: every reader reads
/// at least the records there at open time, and none reports an error.
#[test]
fn a_file_that_grows_while_being_read_is_not_an_error() {
    let bytes = big_capture_bytes(4 << 20);
    let records = record_offsets(&bytes).len();
    let dir = tempfile::tempdir().unwrap();
    for reader in ["direct", "parallel"] {
        let path = write_temp(dir.path(), "grow.pcap", &bytes);
        let grow = || {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .unwrap();
            f.write_all(&bytes[24..]).unwrap();
        };
        let outcome = if reader == "direct" {
            let opened = CaptureReader::open(&path).unwrap();
            grow();
            drain(opened)
        } else {
            let file = ParallelPcap::open(&path).unwrap().unwrap();
            grow();
            drain_parallel(&file, true)
        };
        assert_eq!(outcome.1, None, "{reader}");
        assert!(outcome.0 >= records, "{reader}: {} packets", outcome.0);
    }
}

fn bpfdump() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_bpfdump"))
}

/// Output of a run that must end within `secs` seconds.
fn run_within(cmd: &mut std::process::Command, secs: u64) -> std::process::Output {
    common::run_with_timeout(cmd, std::time::Duration::from_secs(secs))
        .unwrap_or_else(|| panic!("{cmd:?} did not end within {secs} s"))
}

/// `-F` and `-V` files are read with a bound: an endless file (or a huge
/// one) ends with an error naming it and the limit, at once; a file
/// within the bound is read whole.
#[test]
fn filter_and_list_files_are_read_with_a_bound() {
    for args in [&["-d", "-F", "/dev/zero"][..], &["-V", "/dev/zero"][..]] {
        let out = run_within(bpfdump().args(args), 20);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("bpfdump: /dev/zero: more than "),
            "{stderr}"
        );
        assert!(stderr.contains(" MiB, the most "), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let dir = tempfile::tempdir().unwrap();
    // 4 MiB of blanks and an expression: the limit exactly, then one byte
    // over it.
    let limit = 4 << 20;
    let mut text = vec![b' '; limit - 4];
    text.extend_from_slice(b"tcp\n");
    let at_limit = write_temp(dir.path(), "at-limit", &text);
    text.insert(0, b' ');
    let over = write_temp(dir.path(), "over", &text);
    let expected = run_within(bpfdump().args(["-d", "tcp"]), 20);
    let got = run_within(bpfdump().arg("-d").arg("-F").arg(&at_limit), 60);
    assert!(
        got.status.success(),
        "{}",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(got.stdout, expected.stdout);
    let got = run_within(bpfdump().arg("-d").arg("-F").arg(&over), 20);
    let stderr = String::from_utf8_lossy(&got.stderr);
    assert_eq!(got.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "bpfdump: {}: more than 4 MiB, the most a filter file (-F) may hold\n",
            over.display()
        )
    );
}

// ---------------------------------------------------------------------------
// An output that is one of the inputs

/// `-w` naming an input (by its name, a hard link, a symbolic link, or
/// through a `-V` list), or standard output appended to an input, is
/// refused before anything is read or written: exit status 1, one clear
/// message, the input intact. Both readers: a large file (the parallel
/// reader) and `--threads 1`.
#[test]
fn an_output_that_is_an_input_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = big_capture_bytes(9 << 20);
    let input = write_temp(dir.path(), "s.pcap", &bytes);
    let hard = dir.path().join("hard.pcap");
    std::fs::hard_link(&input, &hard).unwrap();
    let soft = dir.path().join("soft.pcap");
    std::os::unix::fs::symlink(&input, &soft).unwrap();
    let other = testdata("mixed.pcap");
    let list = write_temp(
        dir.path(),
        "list",
        format!("{}\n{}\n", other.display(), hard.display()).as_bytes(),
    );
    let s = |p: &Path| p.display().to_string();
    let filter = write_temp(dir.path(), "filter", b"tcp\n");
    let cases: [(Vec<String>, String, String); 4] = [
        (
            vec!["-r".into(), s(&input), "-w".into(), s(&input)],
            s(&input),
            s(&input),
        ),
        (
            vec!["-r".into(), s(&input), "-w".into(), s(&hard)],
            s(&hard),
            s(&input),
        ),
        (
            vec!["-r".into(), s(&soft), "-w".into(), s(&input)],
            s(&input),
            s(&soft),
        ),
        (
            vec!["-V".into(), s(&list), "-w".into(), s(&soft)],
            s(&soft),
            s(&hard),
        ),
    ];
    // The -V list and the -F file are inputs too.
    let mut cases = cases.to_vec();
    cases.push((
        vec!["-V".into(), s(&list), "-w".into(), s(&list)],
        s(&list),
        s(&list),
    ));
    cases.push((
        vec![
            "-F".into(),
            s(&filter),
            "-r".into(),
            s(&input),
            "-w".into(),
            s(&filter),
        ],
        s(&filter),
        s(&filter),
    ));
    for (args, output, named_input) in &cases {
        for threads in [None, Some("1")] {
            let mut cmd = bpfdump();
            if let Some(n) = threads {
                cmd.args(["--threads", n]);
            }
            let out = run_within(cmd.args(args), 30);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
            assert_eq!(
                stderr,
                format!("bpfdump: {output}: is the input file {named_input}: refusing to overwrite it\n"),
                "{args:?}"
            );
            assert!(
                std::fs::read(&input).unwrap() == bytes,
                "{args:?}: input changed"
            );
            assert_eq!(std::fs::read(&filter).unwrap(), b"tcp\n", "{args:?}");
            assert!(
                std::fs::read(&list).unwrap().ends_with(b"hard.pcap\n"),
                "{args:?}"
            );
        }
    }
    // Standard output appended to the input: printing, counting and -w -.
    for extra in [&[][..], &["--count"][..], &["-w", "-"][..]] {
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .open(&input)
            .unwrap();
        // (Not through timeout(1), which would not keep this standard
        // output.)
        let out = bpfdump()
            .arg("-r")
            .arg(&input)
            .args(extra)
            .stdout(appended)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {stderr}");
        assert!(
            stderr.starts_with("bpfdump: standard output: is the input file"),
            "{stderr}"
        );
        assert!(
            std::fs::read(&input).unwrap() == bytes,
            "{extra:?}: input changed"
        );
    }
}

/// With `-C`, a rotated file that would be an input is refused when its
/// turn comes, before it is emptied: the files before it are complete.
#[test]
fn rotation_never_opens_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = big_capture_bytes(3 << 20);
    let base = dir.path().join("rot");
    // The second file of the series is an input.
    let second = write_temp(dir.path(), "rot1", &bytes);
    let out = run_within(
        bpfdump()
            .args(["-C", "1", "-r"])
            .arg(&second)
            .arg("-w")
            .arg(&base),
        30,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}: is the input file {}: refusing to overwrite it",
            second.display(),
            second.display()
        )),
        "{stderr}"
    );
    assert!(
        std::fs::read(&second).unwrap() == bytes,
        "the input was changed"
    );
    let first = read_pcap(&base).unwrap();
    assert!(!first.records.is_empty());
    assert!(bytes.starts_with(&std::fs::read(&base).unwrap()));
}

// ---------------------------------------------------------------------------
// -Z

fn root_or_skip(test: &str) -> bool {
    let root = nix::unistd::geteuid().is_root();
    if !root {
        eprintln!("{test}: skipped: not root");
    }
    root
}

/// Exit status, and standard error without the program's name.
fn status_and_message(out: &std::process::Output) -> (Option<i32>, String) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let message = stderr
        .lines()
        .filter(|l| !l.starts_with("reading from file"))
        .map(|l| {
            l.trim_start_matches("bpfdump: ")
                .trim_start_matches("tcpdump: ")
                .replace(" (os error 13)", "")
        })
        .collect::<Vec<_>>()
        .join("\n");
    (out.status.code(), message)
}

/// `-Z nobody` reading files, as root, as tcpdump 4.99.3 does it: the
/// first input and the `-w` file are opened as root, the file is given to
/// the user, then the privileges go (a later `-V` file only root may read
/// fails); with `-C`, the files are created after switching, by the user
/// (in a directory only root may write to, that fails). An unknown user
/// is an error before any output is created.
#[test]
fn z_drops_privileges_after_opening_the_files() {
    if !root_or_skip("z_drops_privileges_after_opening_the_files") {
        return;
    }
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let nobody = nix::unistd::User::from_name("nobody").unwrap().unwrap();
    let tcpdump = common::have_tcpdump("z_drops_privileges_after_opening_the_files");
    let dir = tempfile::tempdir().unwrap();
    // Only root may write in `dir`; anyone may read the first input.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let input = write_temp(
        dir.path(),
        "in.pcap",
        &std::fs::read(testdata("mixed.pcap")).unwrap(),
    );
    let secret = write_temp(
        dir.path(),
        "secret.pcap",
        &std::fs::read(testdata("mixed.pcap")).unwrap(),
    );
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let list = write_temp(
        dir.path(),
        "list",
        format!("{}\n{}\n", input.display(), secret.display()).as_bytes(),
    );
    for program in ["bpfdump", "tcpdump"] {
        if program == "tcpdump" && !tcpdump {
            continue;
        }
        let run = |args: &[&std::ffi::OsStr]| {
            let mut cmd = if program == "bpfdump" {
                bpfdump()
            } else {
                std::process::Command::new("tcpdump")
            };
            run_within(cmd.args(args), 30)
        };
        let out_file = dir.path().join(format!("{program}.pcap"));
        let out = run(&[
            "-Z".as_ref(),
            "nobody".as_ref(),
            "-r".as_ref(),
            input.as_os_str(),
            "-w".as_ref(),
            out_file.as_os_str(),
        ]);
        assert_eq!(
            status_and_message(&out),
            (Some(0), String::new()),
            "{program}"
        );
        let meta = std::fs::metadata(&out_file).unwrap();
        assert_eq!(
            (meta.uid(), meta.gid()),
            (nobody.uid.as_raw(), nobody.gid.as_raw()),
            "{program}: the output is given to the user"
        );
        assert!(std::fs::read(&out_file).unwrap() == std::fs::read(&input).unwrap());
        // The second file of the list is opened after switching.
        let listed = dir.path().join(format!("{program}-list.pcap"));
        let out = run(&[
            "-Z".as_ref(),
            "nobody".as_ref(),
            "-V".as_ref(),
            list.as_os_str(),
            "-w".as_ref(),
            listed.as_os_str(),
        ]);
        assert_eq!(
            status_and_message(&out),
            (Some(1), format!("{}: Permission denied", secret.display())),
            "{program}"
        );
        // -C: created by the user, who may not write here.
        let rotated = dir.path().join(format!("{program}-rot"));
        let out = run(&[
            "-Z".as_ref(),
            "nobody".as_ref(),
            "-C".as_ref(),
            "1".as_ref(),
            "-r".as_ref(),
            input.as_os_str(),
            "-w".as_ref(),
            rotated.as_os_str(),
        ]);
        assert_eq!(
            status_and_message(&out),
            (Some(1), format!("{}: Permission denied", rotated.display())),
            "{program}"
        );
        assert!(!rotated.exists());
    }
    // -C where the user may write: its files.
    let open = tempfile::tempdir().unwrap();
    std::fs::set_permissions(open.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let rotated = open.path().join("rot");
    let out = run_within(
        bpfdump()
            .args(["-Z", "nobody", "-C", "1", "-r"])
            .arg(&input)
            .arg("-w")
            .arg(&rotated),
        30,
    );
    assert_eq!(status_and_message(&out), (Some(0), String::new()));
    assert_eq!(
        std::fs::metadata(&rotated).unwrap().uid(),
        nobody.uid.as_raw()
    );
    // No such user: nothing is created (tcpdump leaves an empty capture).
    let never = dir.path().join("never.pcap");
    let out = run_within(
        bpfdump()
            .args(["-Z", "no-such-user-here", "-r"])
            .arg(&input)
            .arg("-w")
            .arg(&never),
        30,
    );
    assert_eq!(
        status_and_message(&out),
        (
            Some(1),
            "Couldn't find user 'no-such-user-here'".to_string()
        )
    );
    assert!(!never.exists());
}

// ---------------------------------------------------------------------------
// -C, -G, -W

/// The files in `dir`: (name, bytes), sorted by name.
fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// `-C` and `-C -W` reading a file: the files tcpdump writes, named and
/// numbered alike, byte for byte (tcpdump run with `-Z root`, so that it
/// keeps the right to create them); both readers, and a filter.
#[test]
fn size_rotation_writes_the_files_tcpdump_writes() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough for the parallel reader by default.
    let bytes = big_capture_bytes(9 << 20);
    let input = write_temp(dir.path(), "in.pcap", &bytes);
    let tcpdump = common::have_tcpdump("size_rotation_writes_the_files_tcpdump_writes");
    let cases: [&[&str]; 3] = [
        &["-C", "2"],
        &["-C", "1", "-W", "3"],
        &["-C", "1", "-W", "12", "tcp"],
    ];
    for (i, options) in cases.iter().enumerate() {
        let mut results = Vec::new();
        for threads in [None, Some("1")] {
            let out_dir = dir
                .path()
                .join(format!("ours-{i}-{}", threads.unwrap_or("default")));
            std::fs::create_dir(&out_dir).unwrap();
            let mut cmd = bpfdump();
            if let Some(n) = threads {
                cmd.args(["--threads", n]);
            }
            let out = run_within(
                cmd.arg("-r")
                    .arg(&input)
                    .arg("-w")
                    .arg(out_dir.join("out"))
                    .args(*options),
                60,
            );
            assert_eq!(
                status_and_message(&out),
                (Some(0), String::new()),
                "{options:?}"
            );
            let files = files_in(&out_dir);
            assert!(files.len() > 1, "{options:?}: no rotation");
            for (name, bytes) in &files {
                parse_pcap(bytes).unwrap_or_else(|e| panic!("{options:?} {name}: {e}"));
            }
            results.push(files);
        }
        assert!(results[0] == results[1], "{options:?}: the readers differ");
        let names: Vec<&str> = results[0].iter().map(|(n, _)| n.as_str()).collect();
        match options.get(3) {
            None => assert_eq!(&names[..3], ["out", "out1", "out2"]),
            Some(&"3") => assert_eq!(names, ["out0", "out1", "out2"]),
            Some(_) => assert_eq!(&names[..2], ["out00", "out01"]),
        }
        if tcpdump {
            let theirs = dir.path().join(format!("theirs-{i}"));
            std::fs::create_dir(&theirs).unwrap();
            let out = run_within(
                std::process::Command::new("tcpdump")
                    .args(["-Z", "root", "-r"])
                    .arg(&input)
                    .arg("-w")
                    .arg(theirs.join("out"))
                    .args(*options),
                60,
            );
            assert_eq!(
                status_and_message(&out),
                (Some(0), String::new()),
                "tcpdump {options:?}"
            );
            let theirs = files_in(&theirs);
            let their_names: Vec<&str> = theirs.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, their_names, "{options:?}");
            assert!(
                results[0] == theirs,
                "{options:?}: other bytes than tcpdump's"
            );
        }
    }
}

/// `-C 0` and `-W 0` are refused with tcpdump's message and exit status,
/// before any file is created; `-C` with `-w -` is refused (tcpdump fails
/// on a pipe), and `-G 0` means no rotation, as with tcpdump.
#[test]
fn bad_rotation_options_are_refused_as_tcpdump_refuses_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = testdata("mixed.pcap");
    let tcpdump = common::have_tcpdump("bad_rotation_options_are_refused_as_tcpdump_refuses_them");
    for (options, message) in [
        (&["-C", "0"][..], "invalid file size 0"),
        (&["-W", "0"][..], "invalid number of output files 0"),
        (&["-C", "0", "-W", "2"][..], "invalid file size 0"),
    ] {
        let out_file = dir.path().join("never");
        let out = run_within(
            bpfdump()
                .args(options)
                .arg("-r")
                .arg(&input)
                .arg("-w")
                .arg(&out_file),
            30,
        );
        assert_eq!(
            status_and_message(&out),
            (Some(1), message.to_string()),
            "{options:?}"
        );
        assert!(!out_file.exists());
        if tcpdump {
            let out = run_within(
                std::process::Command::new("tcpdump")
                    .args(options)
                    .arg("-r")
                    .arg(&input)
                    .arg("-w")
                    .arg(&out_file),
                30,
            );
            assert_eq!(
                status_and_message(&out),
                (Some(1), message.to_string()),
                "tcpdump {options:?}"
            );
        }
    }
    let out = run_within(bpfdump().args(["-C", "1", "-w", "-", "-r"]).arg(&input), 30);
    assert_eq!(
        status_and_message(&out),
        (Some(1), "-C and -G need -w FILE".to_string())
    );
    let plain = dir.path().join("plain-%s");
    let out = run_within(
        bpfdump()
            .args(["-G", "0", "-r"])
            .arg(&input)
            .arg("-w")
            .arg(&plain),
        30,
    );
    assert_eq!(status_and_message(&out), (Some(0), String::new()));
    assert!(std::fs::read(&plain).unwrap() == std::fs::read(&input).unwrap());
}

/// `-G` counts seconds on the clock, as tcpdump does also when reading
/// files: a run shorter than the interval writes one file, named (through
/// strftime) for the time it started; reading standard input fed one
/// packet every 1.2 s, `-G 1 -W 2` starts a second file for the second
/// packet and ends at the third with tcpdump's message, exit status 0.
#[test]
fn time_rotation_counts_seconds_on_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let input = testdata("mixed.pcap");
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    let before = now();
    let out = run_within(
        bpfdump()
            .args(["-G", "3600", "-r"])
            .arg(&input)
            .arg("-w")
            .arg(dir.path().join("g-%s.pcap")),
        30,
    );
    let after = now();
    assert_eq!(status_and_message(&out), (Some(0), String::new()));
    let files = files_in(dir.path());
    assert_eq!(
        files.len(),
        1,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let stamp: u64 = files[0]
        .0
        .strip_prefix("g-")
        .and_then(|n| n.strip_suffix(".pcap"))
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(
        (before..=after).contains(&stamp),
        "{stamp} not in {before}..={after}"
    );
    assert!(files[0].1 == std::fs::read(&input).unwrap());

    // Three packets, 1.2 s apart, on standard input.
    let bytes = std::fs::read(&input).unwrap();
    let offsets = record_offsets(&bytes);
    let series = tempfile::tempdir().unwrap();
    let mut child = bpfdump()
        .args(["-G", "1", "-W", "2", "-r", "-", "-w"])
        .arg(series.path().join("t-%s"))
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&bytes[..offsets[1]]).unwrap();
    for i in 1..3 {
        std::thread::sleep(std::time::Duration::from_millis(1200));
        let _ = stdin.write_all(&bytes[offsets[i]..offsets[i + 1]]);
        let _ = stdin.flush();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        status_and_message(&out),
        (Some(0), "Maximum file limit reached: 2".to_string())
    );
    let files = files_in(series.path());
    assert_eq!(files.len(), 2);
    for (i, (name, written)) in files.iter().enumerate() {
        let expected: Vec<u8> = [&bytes[..24], &bytes[offsets[i]..offsets[i + 1]]].concat();
        assert!(*written == expected, "{name}: not packet {i} alone");
    }
}

// ---------------------------------------------------------------------------
// Write errors

/// A full disk (`/dev/full`) is reported once, whatever the output (`-w`
/// file, `-w -`, printing, `--count`) and the reader: the flush at the end
/// does not report it again, and no count claims packets that were lost.
/// The exit status is 1; printing, tcpdump's 14 (tcpdump loses the
/// packets of `-w` and `--count` silently, with status 0).
#[test]
fn a_write_error_is_reported_once() {
    if !Path::new("/dev/full").exists() {
        eprintln!("a_write_error_is_reported_once: skipped: no /dev/full");
        return;
    }
    let input = testdata("mixed.pcap");
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let tcpdump = common::have_tcpdump("a_write_error_is_reported_once");
    let cases: [(&[&str], bool, &str, i32); 5] = [
        (&["-w", "/dev/full"], false, "/dev/full", 1),
        (&["-w", "/dev/full", "--count"], false, "/dev/full", 1),
        (&["-w", "-"], true, "standard output", 1),
        (&["--count"], true, "standard output", 1),
        (&["-n"], true, "standard output", 14),
    ];
    for (args, to_stdout, name, status) in cases {
        for threads in ["1", "2"] {
            let mut cmd = bpfdump();
            cmd.args(["--threads", threads, "-r"])
                .arg(&input)
                .args(args);
            if to_stdout {
                cmd.stdout(full());
            }
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let what = format!("{args:?} --threads {threads}");
            assert_eq!(out.status.code(), Some(status), "{what}: {stderr}");
            assert_eq!(
                stderr
                    .lines()
                    .filter(|l| l.starts_with("bpfdump:"))
                    .collect::<Vec<_>>(),
                [format!(
                    "bpfdump: {name}: write error: No space left on device"
                )],
                "{what}"
            );
            assert!(out.stdout.is_empty(), "{what}: a count after the error");
        }
        if tcpdump && args == ["-n"] {
            let out = std::process::Command::new("tcpdump")
                .arg("-r")
                .arg(&input)
                .args(args)
                .stdout(full())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(status), "tcpdump {args:?}");
        }
    }
}
