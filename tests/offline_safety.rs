//! Issue 18, reading files (`-r`, `-V`): never destroy or misreport data.
//! An output that is one of the inputs is refused before anything is
//! written; a file cut while being read is reported by every reader; a
//! stop signal ends the run at a record boundary with the output complete;
//! `-Z`, `-C`, `-G` and `-W` work as with tcpdump; a write error is
//! reported once; `-F` and `-V` files are read with a bound.

mod capture_common;
#[path = "common/mod.rs"]
mod common;

use bpfdump::capture::{CaptureError, CaptureReader, Chunk, Damage, ParallelPcap, Record};
use capture_common::*;
use std::path::{Path, PathBuf};

/// The records of the generated capture repeated until the file has at
/// least `size` bytes (whole records only).
fn big_capture_bytes(size: usize) -> Vec<u8> {
    let original = std::fs::read(testdata("mixed.pcap")).unwrap();
    let mut bytes = original[..24].to_vec();
    while bytes.len() < size {
        bytes.extend_from_slice(&original[24..]);
    }
    bytes
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

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
