//! The `-r` / `-V` mode of the command: writing, counting, standard input
//! and output, write failures, closed pipes, damaged inputs and pcapng files
//! with several link types.

mod capture_common;
#[path = "common/mod.rs"]
mod common;

use assert_cmd::Command;
use capture_common::*;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;

fn bpfdump() -> Command {
    Command::cargo_bin("bpfdump").unwrap()
}

fn testdata_str(name: &str) -> String {
    testdata(name).display().to_string()
}

#[test]
fn write_to_stdout_round_trips() {
    for (name, threads) in [
        ("mixed.pcap", "1"),
        ("mixed-ns.pcap", "1"),
        ("mixed.pcap", "2"),
        ("mixed-ns.pcap", "2"),
    ] {
        let out = bpfdump()
            .args(["--threads", threads, "-r", &testdata_str(name), "-w", "-"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, std::fs::read(testdata(name)).unwrap(), "{name}");
    }
}

#[test]
fn requested_precision_converts_timestamps() {
    // The nanosecond file written at microsecond precision is exactly the
    // microsecond file (both generated from the same timestamps).
    let out = bpfdump()
        .args([
            "-r",
            &testdata_str("mixed-ns.pcap"),
            "--time-stamp-precision",
            "micro",
            "-w",
            "-",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, std::fs::read(testdata("mixed.pcap")).unwrap());
}

#[test]
fn output_matches_tcpdump_and_stderr_header_line_too() {
    if !common::have_tcpdump("output_matches_tcpdump") {
        return;
    }
    let file = testdata_str("mixed.pcap");
    let ours = bpfdump().args(["-r", &file, "-w", "-"]).output().unwrap();
    let theirs = std::process::Command::new("tcpdump")
        .args(["-r", &file, "-w", "-"])
        .output()
        .unwrap();
    assert_eq!(ours.stdout, theirs.stdout);
    assert_eq!(
        String::from_utf8_lossy(&ours.stderr),
        String::from_utf8_lossy(&theirs.stderr).replace("tcpdump", "bpfdump")
    );
}

#[test]
fn count_limit_stops_early() {
    let out = bpfdump()
        .args(["-r", &testdata_str("mixed.pcap"), "-c", "5", "-w", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let written = parse_pcap(&out.stdout).unwrap();
    let original = read_pcap(&testdata("mixed.pcap")).unwrap();
    assert_eq!(written.records, original.records[..5]);
}

#[test]
fn count_prints_what_tcpdump_prints() {
    let file = testdata_str("mixed.pcap");
    let expected_total = read_pcap(&testdata("mixed.pcap")).unwrap().records.len();
    let ours = bpfdump().args(["-r", &file, "--count"]).output().unwrap();
    assert!(ours.status.success());
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        format!("{expected_total} packets\n")
    );
    let one = bpfdump()
        .args(["-r", &file, "--count", "-c", "1"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&one.stdout), "1 packet\n");
    if common::have_tcpdump("count_prints_what_tcpdump_prints") {
        for extra in [&[][..], &["-c", "1"][..], &["-c", "7"][..]] {
            let ours = bpfdump()
                .args(["-r", &file, "--count"])
                .args(extra)
                .output()
                .unwrap();
            let theirs = std::process::Command::new("tcpdump")
                .args(["-r", &file, "--count"])
                .args(extra)
                .output()
                .unwrap();
            assert_eq!(ours.stdout, theirs.stdout, "{extra:?}");
            assert_eq!(ours.status.code(), theirs.status.code());
        }
    }
}

#[test]
fn reads_standard_input() {
    let bytes = std::fs::read(testdata("mixed.pcap")).unwrap();
    let out = bpfdump()
        .args(["-r", "-", "-w", "-"])
        .write_stdin(bytes.clone())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, bytes);
    let out = bpfdump()
        .args(["-r", "-", "--count"])
        .write_stdin(std::fs::read(testdata("mixed.pcapng")).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success());
    let total = read_pcap(&testdata("mixed.pcap")).unwrap().records.len();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{total} packets\n")
    );
}

#[test]
fn read_list_processes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list");
    std::fs::write(
        &list,
        format!(
            "{}\n\n{}\n",
            testdata_str("mixed.pcap"),
            testdata_str("mixed.pcap")
        ),
    )
    .unwrap();
    let out = bpfdump()
        .arg("-V")
        .arg(&list)
        .arg("-w")
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let original = read_pcap(&testdata("mixed.pcap")).unwrap();
    let written = parse_pcap(&out.stdout).unwrap();
    assert_eq!(written.records.len(), 2 * original.records.len());
    assert_eq!(
        written.records[original.records.len()..],
        original.records[..]
    );
}

#[test]
fn snaplen_truncates_on_write() {
    let out = bpfdump()
        .args(["-r", &testdata_str("mixed.pcap"), "-s", "60", "-w", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let written = parse_pcap(&out.stdout).unwrap();
    let original = read_pcap(&testdata("mixed.pcap")).unwrap();
    assert_eq!(written.snaplen, 60);
    assert_eq!(written.records.len(), original.records.len());
    for (w, o) in written.records.iter().zip(&original.records) {
        assert_eq!(w.data[..], o.data[..o.data.len().min(60)]);
        assert_eq!(w.wire_len, o.wire_len);
    }
}

#[test]
fn disk_full_is_an_error() {
    if !Path::new("/dev/full").exists() {
        eprintln!("disk_full_is_an_error: skipped: no /dev/full");
        return;
    }
    let out = bpfdump()
        .args(["-r", &testdata_str("mixed.pcap"), "-w", "/dev/full"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bpfdump: /dev/full: write error"),
        "{stderr}"
    );
    assert!(stderr.contains("No space left on device"), "{stderr}");
    // The same through standard output.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("bpfdump"))
        .args(["-r", &testdata_str("mixed.pcap"), "-w", "-"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output: write error"));
}

/// A capture big enough that its copy cannot fit in a pipe's buffer.
fn big_capture(dir: &Path) -> std::path::PathBuf {
    let bytes = std::fs::read(testdata("mixed.pcap")).unwrap();
    let mut big = bytes.clone();
    for _ in 0..40 {
        big.extend_from_slice(&bytes[24..]);
    }
    let path = dir.join("big.pcap");
    std::fs::write(&path, big).unwrap();
    path
}

#[test]
fn closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = big_capture(dir.path());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bpfdump"))
        .arg("-r")
        .arg(&big)
        .args(["-w", "-"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -c 100`: read a little, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}: {stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Run `-r damaged -w out`: exit status 1, the error names the file, the
/// offset and the damage, and `out` is a valid pcap holding exactly the
/// packets before the damage.
fn check_damaged_cli(bytes: &[u8], good: usize, offset: usize, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("damaged.pcap");
    let output = dir.path().join("out.pcap");
    std::fs::write(&input, bytes).unwrap();
    let out = bpfdump()
        .arg("-r")
        .arg(&input)
        .arg("-w")
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("bpfdump: {}: at byte offset {offset}: ", input.display());
    assert!(stderr.contains(&expected), "want {expected:?} in {stderr}");
    assert!(stderr.contains(what), "want {what:?} in {stderr}");
    assert!(!stderr.contains("panicked"));
    let written = read_pcap(&output).expect("the output is a valid pcap file");
    let original = read_pcap(&testdata("mixed.pcap")).unwrap();
    assert_eq!(written.records, original.records[..good]);
    // Streamed from standard input: the same packets, the same error.
    let out = bpfdump()
        .args(["-r", "-", "-w", "-"])
        .write_stdin(bytes.to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("bpfdump: -: at byte offset {offset}: ")),
        "{stderr}"
    );
    assert_eq!(
        parse_pcap(&out.stdout).unwrap().records,
        original.records[..good]
    );
    // With read-ahead on a helper thread (`--threads 2`): the same again.
    let out = bpfdump()
        .arg("--threads")
        .arg("2")
        .arg("-r")
        .arg(&input)
        .args(["-w", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&expected), "--threads 2: {stderr}");
    assert_eq!(
        parse_pcap(&out.stdout).unwrap().records,
        original.records[..good]
    );
}

#[test]
fn damaged_truncated_last_record() {
    let bytes = std::fs::read(testdata("mixed.pcap")).unwrap();
    let offsets = record_offsets(&bytes);
    let last = *offsets.last().unwrap();
    check_damaged_cli(
        &bytes[..last + 20],
        offsets.len() - 1,
        last + 16,
        "truncated packet record",
    );
}

#[test]
fn damaged_absurd_length() {
    let mut bytes = std::fs::read(testdata("mixed.pcap")).unwrap();
    let at = record_offsets(&bytes)[42];
    bytes[at + 8..at + 12].copy_from_slice(&3_000_000u32.to_le_bytes());
    check_damaged_cli(&bytes, 42, at, "invalid packet capture length 3000000");
}

#[test]
fn damaged_length_beyond_snaplen() {
    let mut bytes = std::fs::read(testdata("mixed.pcap")).unwrap();
    let at = record_offsets(&bytes)[100];
    // More than the file's 65535-byte snapshot length, and more than the
    // rest of the file.
    bytes[at + 8..at + 12].copy_from_slice(&100_000u32.to_le_bytes());
    check_damaged_cli(
        &bytes,
        100,
        at + 16,
        "truncated packet record: needs 100000 bytes",
    );
}

#[test]
fn damaged_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    for (bytes, what) in [
        (&b""[..], "empty file"),
        (
            &b"GIF89a this is a picture, not a capture"[..],
            "unknown file format",
        ),
        (
            &std::fs::read(testdata("mixed.pcap")).unwrap()[..10],
            "truncated pcap file header",
        ),
    ] {
        let input = dir.path().join("bad.pcap");
        let output = dir.path().join("never.pcap");
        std::fs::write(&input, bytes).unwrap();
        let out = bpfdump()
            .arg("-r")
            .arg(&input)
            .arg("-w")
            .arg(&output)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{}: at byte offset 0: {what}", input.display())),
            "{stderr}"
        );
        assert!(!output.exists(), "no output file for an unreadable input");
        let out = bpfdump()
            .arg("-r")
            .arg(&input)
            .arg("--count")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn damaged_pcapng() {
    let bytes = std::fs::read(testdata("mixed.pcapng")).unwrap();
    // Keep everything up to the middle of the 11th packet block.
    let mut at = 0;
    let mut packets = 0;
    let cut = loop {
        let kind = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        if kind == 6 {
            if packets == 10 {
                break at;
            }
            packets += 1;
        }
        at += len;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cut.pcapng");
    std::fs::write(&input, &bytes[..cut + 24]).unwrap();
    let out = bpfdump()
        .arg("-r")
        .arg(&input)
        .arg("--count")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "10 packets\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}: at byte offset {cut}: truncated pcapng block",
            input.display()
        )),
        "{stderr}"
    );
}

#[test]
fn pcapng_with_two_link_types() {
    let file = testdata_str("mixed.pcapng");
    let total = read_pcap(&testdata("mixed.pcap")).unwrap().records.len();
    let out = bpfdump().args(["-r", &file, "--count"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{total} packets\n")
    );
    // A pcap file holds one link type: writing stops, with an error, at the
    // first packet of the other one (the third), keeping a valid file.
    let out = bpfdump().args(["-r", &file, "-w", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("link type LINUX_SLL"), "{stderr}");
    let written = parse_pcap(&out.stdout).unwrap();
    assert_eq!(written.linktype, 1);
    let original = read_pcap(&testdata("mixed.pcap")).unwrap();
    assert_eq!(written.records, original.records[..2]);
}

/// tcpdump's answer for `args` (stdout, exit code), or `None` without tcpdump.
fn tcpdump_output(test: &str, args: &[&str]) -> Option<(Vec<u8>, Option<i32>)> {
    if !common::have_tcpdump(test) {
        return None;
    }
    let out = std::process::Command::new("tcpdump")
        .args(args)
        .output()
        .unwrap();
    Some((out.stdout, out.status.code()))
}

#[test]
fn filtered_write_count_and_limit_match_tcpdump() {
    let file = testdata_str("mixed.pcap");
    for args in [
        vec!["-r", &file, "-w", "-", "tcp port 80"],
        vec!["-r", &file, "-c", "10", "-w", "-", "udp or icmp6"],
        vec!["-r", &file, "--count", "tcp[tcpflags] & tcp-syn != 0"],
        vec!["-r", &file, "--count", "-c", "3", "vlan and udp port 53"],
        vec!["-r", &file, "--count", "ip[6:2] & 0x3fff != 0"],
        vec!["-r", &file, "--count", "arp or icmp"],
    ] {
        let ours = bpfdump().args(&args).output().unwrap();
        let Some((theirs, code)) =
            tcpdump_output("filtered_write_count_and_limit_match_tcpdump", &args)
        else {
            return;
        };
        assert_eq!(ours.status.code(), code, "{args:?}");
        assert_eq!(ours.stdout, theirs, "{args:?}");
        assert!(!ours.stdout.is_empty());
    }
}

#[test]
fn write_and_count_together() {
    let file = testdata_str("mixed.pcap");
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.pcap");
    let out = bpfdump()
        .args(["-r", &file, "--count", "-w"])
        .arg(&out_path)
        .arg("tcp")
        .output()
        .unwrap();
    assert!(out.status.success());
    let written = read_pcap(&out_path).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{} packets\n", written.records.len())
    );
}

#[test]
fn expression_from_file() {
    let dir = tempfile::tempdir().unwrap();
    let expr_file = dir.path().join("filter");
    std::fs::write(
        &expr_file,
        "# web traffic\ntcp port 80\n  or udp port 53 # and DNS\n",
    )
    .unwrap();
    let from_file = bpfdump()
        .args(["-r", &testdata_str("mixed.pcap"), "--count", "-F"])
        .arg(&expr_file)
        .output()
        .unwrap();
    let inline = bpfdump()
        .args([
            "-r",
            &testdata_str("mixed.pcap"),
            "--count",
            "tcp port 80 or udp port 53",
        ])
        .output()
        .unwrap();
    assert!(from_file.status.success());
    assert_eq!(from_file.stdout, inline.stdout);
}

#[test]
fn bad_expression_is_reported_before_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.pcap");
    let out = bpfdump()
        .args(["-r", &testdata_str("mixed.pcap"), "--count", "-w"])
        .arg(&out_path)
        .arg("tcp port")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no count after a bad expression");
    assert!(String::from_utf8_lossy(&out.stderr).contains("bpfdump: "));
    let theirs = std::process::Command::new("tcpdump")
        .args(["-r", &testdata_str("mixed.pcap"), "--count", "tcp port"])
        .output();
    if let Ok(theirs) = theirs {
        assert_eq!(theirs.status.code(), Some(1));
        assert!(theirs.stdout.is_empty());
    }
}

#[test]
fn pcapng_filter_is_compiled_per_link_type() {
    // The same packets, a third of them re-encapsulated as Linux cooked
    // frames on a second interface: a filter compiled for each interface's
    // link type selects the same packets as on the all-Ethernet file.
    for expr in [
        "tcp port 80",
        "ip6",
        "udp port 53",
        "arp",
        "ip[6:2] & 0x3fff != 0",
    ] {
        let pcap = bpfdump()
            .args(["-r", &testdata_str("mixed.pcap"), "--count", expr])
            .output()
            .unwrap();
        let pcapng = bpfdump()
            .args(["-r", &testdata_str("mixed.pcapng"), "--count", expr])
            .output()
            .unwrap();
        assert!(
            pcapng.status.success(),
            "{expr}: {}",
            String::from_utf8_lossy(&pcapng.stderr)
        );
        assert_eq!(pcapng.stdout, pcap.stdout, "{expr}");
    }
    // An expression libpcap cannot compile for the second interface's link
    // type fails when that interface's first packet arrives, with libpcap's
    // message for it.
    let out = bpfdump()
        .args(["-r", &testdata_str("mixed.pcapng"), "--count", "vlan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("bpfdump: 'vlan' not supported on DLT_LINUX_SLL (Linux cooked v1)"));
}

#[test]
fn readme_example_prints_what_tcpdump_prints() {
    // README's first command: `bpfdump -n -r testdata/mixed.pcap 'tcp port 80'`.
    let args = ["-n", "-r", &testdata_str("mixed.pcap"), "tcp port 80"];
    let ours = bpfdump().args(args).output().unwrap();
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let lines = String::from_utf8_lossy(&ours.stdout).lines().count();
    assert!(lines >= 50, "tcp port 80 traffic in testdata/mixed.pcap");
    if let Some((theirs, code)) = tcpdump_output("readme_example_prints_what_tcpdump_prints", &args)
    {
        assert_eq!(ours.status.code(), code);
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&theirs)
        );
    }
}

#[test]
fn printing_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = big_capture(dir.path());
    for extra in [&[][..], &["-l"][..]] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bpfdump"))
            .args(["-n", "-r"])
            .arg(&big)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -1`.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "{extra:?} {status}: {stderr}");
        assert!(
            !stderr.contains("error") && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
}

/// Whether output for the first packets arrives while the input is still
/// open, within `wait` seconds.
fn delivered_before_end_of_input(args: &[&str], wait: u64) -> bool {
    use std::io::Write;
    let bytes = std::fs::read(testdata("mixed.pcap")).unwrap();
    let offsets = record_offsets(&bytes);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bpfdump"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The file header and three packets, then keep standard input open.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&bytes[..offsets[3]]).unwrap();
    stdin.flush().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut first = [0u8; 16];
        let _ = tx.send(stdout.read_exact(&mut first).is_ok());
    });
    let arrived = rx
        .recv_timeout(std::time::Duration::from_secs(wait))
        .unwrap_or(false);
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    arrived
}

#[test]
fn packet_buffered_output_is_delivered_per_packet() {
    assert!(
        delivered_before_end_of_input(&["-l", "-n", "-r", "-"], 10),
        "-l: printed lines"
    );
    assert!(
        delivered_before_end_of_input(&["-U", "-r", "-", "-w", "-"], 10),
        "-U: pcap records"
    );
    // Without them the output waits in the buffer.
    assert!(!delivered_before_end_of_input(&["-r", "-", "-w", "-"], 1));
}

/// `-z COMMAND` with `-C`: `COMMAND FILE` runs on each file the rotation
/// completes (not the last one), as tcpdump's postrotate command; the
/// installed tcpdump 4.99.3 names the same files when it is there.
#[test]
fn post_rotate_command_runs_on_each_completed_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(dir.path(), "in.pcap", &big_capture_bytes(3 << 20));
    let script = dir.path().join("log.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\necho \"$1\" >> \"$(dirname \"$1\")/done.log\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let run = |tool: &str, sub: &str, extra: &[&str]| -> Vec<String> {
        let out_dir = dir.path().join(sub);
        std::fs::create_dir(&out_dir).unwrap();
        let status = std::process::Command::new(tool)
            .args(extra)
            .args(["-C", "1", "-W", "2", "-r"])
            .arg(&input)
            .arg("-w")
            .arg(out_dir.join("rot"))
            .arg("-z")
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{tool}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        // The commands are not waited for: give them a moment.
        let log = out_dir.join("done.log");
        let mut names = Vec::new();
        for _ in 0..100 {
            names = std::fs::read_to_string(&log)
                .unwrap_or_default()
                .lines()
                .map(String::from)
                .collect();
            if names.len() >= 3 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        names.sort();
        names
            .iter()
            .map(|n| n.rsplit('/').next().unwrap().to_string())
            .collect()
    };
    let ours = run(env!("CARGO_BIN_EXE_bpfdump"), "ours", &[]);
    // 3 MiB in files of 1 MB: four files, three completed (-W 2 reuses names).
    assert_eq!(ours, ["rot0", "rot0", "rot1"]);
    if common::have_tcpdump("post_rotate_command_runs_on_each_completed_file") {
        // As root, tcpdump would write as its own user: -Z root keeps it.
        let root = nix::unistd::geteuid().is_root();
        let keep: &[&str] = if root { &["-Z", "root"] } else { &[] };
        assert_eq!(run("tcpdump", "theirs", keep), ours);
    }
}

/// `--print` with `-w` prints the packets as well as writing them, and
/// `--print-sampling N` prints every Nth, as the development snapshot of
/// tcpdump does (4.99.3 printed nothing with `--print-sampling` and `-w`).
#[test]
fn print_with_write_prints_and_writes() {
    let Some(tcpdump) = common::reference_tcpdump_or_skip("print_with_write_prints_and_writes")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = testdata_str("mixed.pcap");
    for extra in [
        &["--print"][..],
        &["--print-sampling", "3"],
        &["--print", "-c", "7", "tcp"],
    ] {
        let run = |program: &std::path::Path, name: &str| {
            let out_file = dir.path().join(name);
            let out = std::process::Command::new(program)
                .args(["-n", "-r", &input, "-w"])
                .arg(&out_file)
                .args(extra)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name} {extra:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            (
                String::from_utf8(out.stdout).unwrap(),
                std::fs::read(&out_file).unwrap(),
            )
        };
        let ours = run(Path::new(env!("CARGO_BIN_EXE_bpfdump")), "ours.pcap");
        let theirs = run(&tcpdump, "theirs.pcap");
        assert!(!ours.0.is_empty(), "{extra:?}: nothing printed");
        let first_difference = ours.0.lines().zip(theirs.0.lines()).find(|(a, b)| a != b);
        assert_eq!(first_difference, None, "{extra:?}: printed lines differ");
        assert_eq!(
            ours.0.len(),
            theirs.0.len(),
            "{extra:?}: printed lines differ"
        );
        assert_eq!(ours.1, theirs.1, "{extra:?}: written files differ");
    }
}

/// `-f` needs a capture interface's network: refused with `-r`, with the
/// development snapshot's message.
#[test]
fn foreign_flag_is_refused_when_reading_a_file() {
    let out = bpfdump()
        .args(["-f", "-r", &testdata_str("mixed.pcap")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "bpfdump: -f cannot be used with -V or -r.\n"
    );
}
