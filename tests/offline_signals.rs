//! Issue 18, reading files (`-r`, `-V`): a stop signal (SIGINT, SIGTERM,
//! SIGHUP) ends the run as tcpdump's does: at a record boundary, the
//! output flushed and whole, the summary printed, exit status 0; also when
//! SIGINT was inherited as ignored.

mod capture_common;
#[path = "common/mod.rs"]
mod common;

use capture_common::*;
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use std::io::{Read, Write};
use std::process::{Child, Stdio};

fn bpfdump() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_bpfdump"))
}

/// Output of a run that must end within `secs` seconds.
fn run_within(cmd: &mut std::process::Command, secs: u64) -> std::process::Output {
    common::run_with_timeout(cmd, std::time::Duration::from_secs(secs))
        .unwrap_or_else(|| panic!("{cmd:?} did not end within {secs} s"))
}

/// Bytes the process has read so far (`rchar` of /proc/PID/io).
fn bytes_read(pid: u32) -> u64 {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).unwrap_or_default();
    io.lines()
        .find_map(|l| l.strip_prefix("rchar: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Signal a child.
fn send(child: &Child, signal: Signal) {
    kill(Pid::from_raw(child.id() as i32), signal).unwrap();
}

/// `bpfdump -r - --count` (through `sh`, which first ignores
/// `ignored_by_parent` as a script's background job does) fed `before`
/// records on standard input; once it has read them all and waits for
/// more, `signal`; then `after` records more and the end of the input.
/// Returns the exit status, standard output and standard error.
fn count_from_stdin(
    bytes: &[u8],
    offsets: &[usize],
    (before, after): (usize, usize),
    signal: Signal,
    ignored_by_parent: &[&str],
) -> (Option<i32>, String, String) {
    let traps: String = ignored_by_parent
        .iter()
        .map(|s| format!("trap '' {s}; "))
        .collect();
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{traps}exec \"$0\" -r - --count"))
        .arg(env!("CARGO_BIN_EXE_bpfdump"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let first = &bytes[..offsets[before]];
    stdin.write_all(first).unwrap();
    stdin.flush().unwrap();
    let waited = std::time::Instant::now();
    while bytes_read(child.id()) < first.len() as u64 {
        assert!(
            waited.elapsed().as_secs() < 30,
            "the input is not being read"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // Read; now parsing the last bytes or waiting for more.
    std::thread::sleep(std::time::Duration::from_millis(100));
    send(&child, signal);
    std::thread::sleep(std::time::Duration::from_millis(100));
    // It may have ended already: a closed pipe is no failure here.
    let _ = stdin.write_all(&bytes[offsets[before]..offsets[before + after]]);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `--count` stopped by SIGINT, SIGTERM or SIGHUP: as tcpdump reading a
/// file, a newline, then the count of the packets read so far (the record
/// being read when the signal came at most; none read after it), exit
/// status 0. Also when SIGINT and SIGTERM were inherited as ignored (a
/// background job of a script): tcpdump installs its handler for them
/// regardless. An ignored SIGHUP stays ignored (`nohup`), as with tcpdump.
#[test]
fn count_is_printed_after_a_stop_signal() {
    let bytes = big_capture_bytes(1 << 20);
    let offsets = record_offsets(&bytes);
    let (before, after) = (1000, 1000);
    assert!(offsets.len() > before + after);
    let cases: [(Signal, &[&str]); 5] = [
        (Signal::SIGINT, &[]),
        (Signal::SIGTERM, &[]),
        (Signal::SIGHUP, &[]),
        (Signal::SIGINT, &["INT", "TERM"]),
        (Signal::SIGTERM, &["INT", "TERM"]),
    ];
    for (signal, ignored) in cases {
        let (code, stdout, stderr) =
            count_from_stdin(&bytes, &offsets, (before, after), signal, ignored);
        let what = format!("{signal:?}, ignored by the parent: {ignored:?}");
        assert_eq!(code, Some(0), "{what}: {stderr}");
        assert_eq!(
            stderr, "reading from file -, link-type EN10MB (Ethernet), snapshot length 65535\n",
            "{what}"
        );
        let count: usize = stdout
            .strip_prefix('\n')
            .and_then(|s| s.strip_suffix(" packets\n"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{what}: {stdout:?}"));
        assert!(
            (1..=before + 1).contains(&count),
            "{what}: {count} packets, {before} before the signal"
        );
    }
    // nohup: SIGHUP ignored by the parent is not a stop signal.
    let (code, stdout, stderr) =
        count_from_stdin(&bytes, &offsets, (before, after), Signal::SIGHUP, &["HUP"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, format!("{} packets\n", before + after));
}

/// `bpfdump ARGS` with its standard output read slowly: 256 KiB, then
/// SIGINT (it is then blocked writing), then the rest. Returns the exit
/// status, the whole standard output and standard error.
fn interrupted_output(args: &[&str], program: &str) -> (Option<i32>, Vec<u8>, String) {
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut out = vec![0; 256 << 10];
    stdout.read_exact(&mut out).unwrap();
    send(&child, Signal::SIGINT);
    stdout.read_to_end(&mut out).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), out, stderr)
}

/// `-w` stopped by SIGINT: the output ends at a record boundary, flushed:
/// a valid pcap file (read with the independent `pcap-file` reader) of
/// whole records, the first packets of what an uninterrupted run writes,
/// and exit status 0, as tcpdump's. Both readers, whole copies and a
/// filter.
#[test]
fn a_stop_signal_leaves_whole_records_in_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = big_capture_bytes(24 << 20);
    let input = write_temp(dir.path(), "big.pcap", &bytes);
    let input = input.to_str().unwrap();
    let bin = env!("CARGO_BIN_EXE_bpfdump");
    for threads in ["2", "1"] {
        for filter in ["", "tcp"] {
            let args = ["--threads", threads, "-r", input, "-w", "-", filter];
            let full = run_within(bpfdump().args(args), 60).stdout;
            let (code, out, stderr) = interrupted_output(&args, bin);
            let what = format!("--threads {threads} {filter:?}");
            assert_eq!(code, Some(0), "{what}: {stderr}");
            assert!(!stderr.contains("bpfdump:"), "{what}: {stderr}");
            assert!(out.len() < full.len(), "{what}: not interrupted");
            assert!(full.starts_with(&out), "{what}: not the first packets");
            let mut reader = pcap_file::pcap::PcapReader::new(&out[..]).unwrap();
            let mut packets = 0;
            while let Some(packet) = reader.next_packet() {
                packet.unwrap_or_else(|e| panic!("{what}: record {packets}: {e}"));
                packets += 1;
            }
            assert!(packets > 0, "{what}");
            // Whole records exactly: nothing after the last one.
            assert_eq!(
                record_offsets(&out).len(),
                packets,
                "{what}: a partial record"
            );
        }
    }
    // Printing: the lines so far, whole, then a blank line (tcpdump's
    // too), exit status 0.
    let mut runs = vec![(bin, interrupted_output(&["-n", "-r", input], bin))];
    if common::have_tcpdump("a_stop_signal_leaves_whole_records_in_the_output") {
        runs.push((
            "tcpdump",
            interrupted_output(&["-n", "-r", input], "tcpdump"),
        ));
    }
    for (program, (code, out, stderr)) in runs {
        assert_eq!(code, Some(0), "{program}: {stderr}");
        assert!(out.ends_with(b"\n\n"), "{program}");
        assert!(!out[..out.len() - 1].ends_with(b"\n\n"), "{program}");
    }
}

/// Issue 16: `--pcapng` and `--compress` output stopped by SIGINT is a
/// complete file: a pcapng file of whole blocks, a compressed stream with
/// its end, the first packets of an uninterrupted run, exit status 0.
#[test]
fn a_stop_signal_leaves_complete_pcapng_and_compressed_files() {
    let dir = tempfile::tempdir().unwrap();
    // Packets of random bytes: the compressed output is as large.
    let mut bytes = big_capture_bytes(24 << 20);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for at in record_offsets(&bytes) {
        let caplen = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap()) as usize;
        for byte in &mut bytes[at + 16..at + 16 + caplen] {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            *byte = seed as u8;
        }
    }
    let input = write_temp(dir.path(), "big.pcap", &bytes);
    let input = input.to_str().unwrap();
    let bin = env!("CARGO_BIN_EXE_bpfdump");
    for extra in [
        &["--pcapng"][..],
        &["--compress", "zstd"],
        &["--pcapng", "--compress", "gzip"],
    ] {
        let mut args = vec!["-r", input, "-w", "-"];
        args.extend_from_slice(extra);
        let (code, out, stderr) = interrupted_output(&args, bin);
        let what = format!("{extra:?}");
        assert_eq!(code, Some(0), "{what}: {stderr}");
        let plain = if extra.contains(&"zstd") {
            zstd::stream::decode_all(&out[..]).unwrap_or_else(|e| panic!("{what}: {e}"))
        } else if extra.contains(&"gzip") {
            let mut plain = Vec::new();
            flate2::read::GzDecoder::new(&out[..])
                .read_to_end(&mut plain)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            plain
        } else {
            out
        };
        let packets = if extra.contains(&"--pcapng") {
            let mut reader = pcap_file::pcapng::PcapNgReader::new(&plain[..]).unwrap();
            let mut blocks = 0;
            while let Some(block) = reader.next_block() {
                block.unwrap_or_else(|e| panic!("{what}: block {blocks}: {e}"));
                blocks += 1;
            }
            blocks
        } else {
            let mut reader = pcap_file::pcap::PcapReader::new(&plain[..]).unwrap();
            let mut packets = 0;
            while let Some(packet) = reader.next_packet() {
                packet.unwrap_or_else(|e| panic!("{what}: record {packets}: {e}"));
                packets += 1;
            }
            assert_eq!(
                record_offsets(&plain).len(),
                packets,
                "{what}: a partial record"
            );
            packets
        };
        assert!(packets > 0, "{what}");
        let full = bytes_of_uninterrupted(&args);
        assert!(plain.len() < full.len(), "{what}: not interrupted");
        assert!(
            full.starts_with(&plain) || extra.contains(&"--pcapng"),
            "{what}"
        );
    }
}

/// The uncompressed output of a run that is not interrupted.
fn bytes_of_uninterrupted(args: &[&str]) -> Vec<u8> {
    let plain: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !["--compress", "zstd", "gzip"].contains(a))
        .collect();
    run_within(bpfdump().args(plain), 60).stdout
}
