//! The parallel chunked reader (`ParallelPcap`, used by `--threads N` and by
//! default for large classic pcap files): whatever the chunk size and the
//! number of workers, it must decide and hand over exactly the records the
//! one-thread reader yields, in the same order, then the same error at the
//! same byte offset; and the command's output bytes must not change.

mod capture_common;
#[path = "common/mod.rs"]
mod common;

use assert_cmd::Command;
use bpfdump::capture::{CaptureError, CaptureReader, Chunk, ParallelPcap, Record};
use capture_common::*;
use std::path::Path;

/// The accepted packets, then the error that ended the file, as (kind of
/// damage or message, byte offset).
type Outcome = (Vec<Owned>, Option<(String, Option<u64>)>);

/// A stand-in filter that depends on the packet's bytes and lengths, so
/// that accepted and rejected records interleave irregularly.
fn accept(record: &Record) -> bool {
    let data = record.packet.data;
    let sum = data.iter().take(40).fold(record.packet.wire_len, |a, &b| {
        a.wrapping_mul(31).wrapping_add(b as u32)
    });
    sum % 3 != 0
}

/// The one-thread reader, filtered with `accept`, stopping after `limit`
/// accepted packets.
fn serial(path: &Path, limit: Option<usize>) -> Outcome {
    let mut reader = match CaptureReader::open(path) {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Some(describe(&e))),
    };
    let mut packets = Vec::new();
    loop {
        if limit.is_some_and(|n| packets.len() >= n) {
            return (packets, None);
        }
        match reader.next() {
            Ok(Some(r)) if accept(&r) => packets.push(Owned::of(&r)),
            Ok(Some(_)) => {}
            Ok(None) => return (packets, None),
            Err(e) => return (packets, Some(describe(&e))),
        }
    }
}

/// The parallel reader, consumed the way the command consumes it.
/// `None` when it declines the file (not a regular classic pcap file).
fn parallel(path: &Path, workers: usize, chunk: usize, limit: Option<usize>) -> Option<Outcome> {
    let file = ParallelPcap::open(path).expect("opens")?;
    let mut packets = Vec::new();
    let mut last_end = 0;
    let result: Result<(), CaptureError> = file.run(workers, chunk, true, &accept, |c: &Chunk| {
        assert!(c.end_offset() >= last_end, "chunks in order");
        last_end = c.end_offset();
        for (record, range) in c.accepted() {
            if limit.is_some_and(|n| packets.len() >= n) {
                return Ok(false);
            }
            assert_eq!(c.raw(range.clone()).len(), range.len());
            packets.push(Owned::of(&record));
        }
        Ok(limit.is_none_or(|n| packets.len() < n))
    });
    Some((packets, result.err().map(|e| describe(&e))))
}

/// The parallel reader without the packets' bytes (`--count`): how many
/// were accepted, and the error.
fn parallel_count(
    path: &Path,
    workers: usize,
    chunk: usize,
) -> (usize, Option<(String, Option<u64>)>) {
    let file = ParallelPcap::open(path).unwrap().unwrap();
    let mut count = 0;
    let result: Result<(), CaptureError> = file.run(workers, chunk, false, &accept, |c: &Chunk| {
        assert_eq!(c.accepted().count(), 0, "nothing gathered");
        count += c.accepted_count();
        Ok(true)
    });
    (count, result.err().map(|e| describe(&e)))
}

fn temp_file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    file
}

#[test]
fn agrees_with_the_serial_reader_on_generated_captures() {
    let little = std::fs::read(testdata("mixed.pcap")).unwrap();
    let nano = std::fs::read(testdata("mixed-ns.pcap")).unwrap();
    let files = [
        ("mixed.pcap", temp_file(&little)),
        ("mixed-ns.pcap", temp_file(&nano)),
        ("mixed.pcap big-endian", temp_file(&to_big_endian(&little))),
    ];
    for (name, file) in &files {
        let expected = serial(file.path(), None);
        assert!(expected.1.is_none() && expected.0.len() > 10, "{name}");
        // Chunks of one byte to more than the file: every record straddles
        // a boundary somewhere, and chunks without a record start occur.
        for chunk in [1, 17, 100, 333, 4096, 1 << 20] {
            for workers in [1, 2, 3, 5] {
                if chunk < 100 && workers != 3 {
                    continue;
                }
                let got = parallel(file.path(), workers, chunk, None).expect("a pcap file");
                assert_eq!(got, expected, "{name}, chunk {chunk}, {workers} workers");
                let counted = parallel_count(file.path(), workers, chunk);
                assert_eq!(
                    counted,
                    (expected.0.len(), expected.1.clone()),
                    "{name}, counting"
                );
            }
        }
        for limit in [0, 1, 7, expected.0.len() - 1, expected.0.len() + 3] {
            let expected = serial(file.path(), Some(limit));
            let got = parallel(file.path(), 2, 300, Some(limit)).unwrap();
            assert_eq!(got, expected, "{name}, -c {limit}");
        }
    }
}

#[test]
fn declines_what_is_not_a_classic_pcap_file() {
    assert!(ParallelPcap::open(&testdata("mixed.pcapng"))
        .unwrap()
        .is_none());
    assert!(ParallelPcap::open(Path::new("-")).unwrap().is_none());
    let empty = temp_file(b"");
    assert!(ParallelPcap::open(empty.path()).unwrap().is_none());
    let short = temp_file(&std::fs::read(testdata("mixed.pcap")).unwrap()[..20]);
    assert!(ParallelPcap::open(short.path()).unwrap().is_none());
    assert!(ParallelPcap::open(Path::new("/nonexistent/x.pcap")).is_err());
}

/// Random damage (the generator shared with the other readers' tests): the
/// same packets before it, then the same error at the same offset.
#[test]
fn random_damage_gives_the_same_packets_and_error() {
    let mut checked = 0;
    for (name, round, bytes) in damaged_testdata(0x9a4a_11e1) {
        let file = temp_file(&bytes);
        let expected = serial(file.path(), None);
        for (workers, chunk) in [(2, 211), (3, 500), (2, 1 << 20)] {
            // None: declined, the header itself is damaged or it is
            // pcapng; the serial reader handles (and reports) those.
            if let Some(got) = parallel(file.path(), workers, chunk, None) {
                assert_eq!(got, expected, "{name} round {round} chunk {chunk}");
                let counted = parallel_count(file.path(), workers, chunk);
                assert_eq!(
                    counted,
                    (expected.0.len(), expected.1.clone()),
                    "{name} round {round}, counting"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} damaged pcap files read");
}

/// Records far longer than a chunk (D-Bus, link type 231, records up to
/// 128 MiB) between short ones, then the same file cut inside the longest.
#[test]
fn records_longer_than_a_chunk() {
    let (mut bytes, _) = long_dbus_records();
    let file = temp_file(&bytes);
    let expected = serial(file.path(), None);
    assert_eq!(expected.1, None);
    for chunk in [1000, 64 << 10, 2 << 20] {
        assert_eq!(parallel(file.path(), 2, chunk, None).unwrap(), expected);
    }
    bytes.truncate(bytes.len() - (600 << 10));
    let file = temp_file(&bytes);
    let expected = serial(file.path(), None);
    assert!(expected.1.is_some());
    assert_eq!(parallel(file.path(), 3, 64 << 10, None).unwrap(), expected);
}

#[test]
fn agrees_with_the_serial_reader_on_every_shared_capture() {
    let Some(shared) = common::shared_dir_or_skip("parallel_agrees_on_shared_captures") else {
        return;
    };
    let mut compared = 0;
    for file in shared_captures(&shared) {
        let expected = serial(&file, None);
        for (workers, chunk) in [(2, 1000), (3, 64 << 10)] {
            if let Some(got) = parallel(&file, workers, chunk, None) {
                assert_eq!(got, expected, "{} chunk {chunk}", file.display());
                compared += 1;
            }
        }
    }
    assert!(compared > 200, "only {compared} comparisons");
}

/// The command: `--threads 1` (one thread, records re-encoded) and the
/// parallel reader with small chunks (records copied verbatim) write the
/// same bytes, print the same messages and exit alike, on every shared
/// capture, with and without a filter and with -c; --count and the printed
/// packets agree.
#[test]
fn command_output_is_the_same_on_every_shared_capture() {
    let Some(shared) = common::shared_dir_or_skip("parallel_command_output") else {
        return;
    };
    let run = |file: &Path, parallel: bool, extra: &[&str]| {
        let mut cmd = Command::cargo_bin("bpfdump").unwrap();
        if parallel {
            cmd.env("BPFDUMP_READER", "parallel")
                .env("BPFDUMP_CHUNK", "3000")
                .args(["--threads", "2"]);
        } else {
            cmd.args(["--threads", "1"]);
        }
        let out = cmd
            .arg("-r")
            .arg(file)
            .args(extra)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        (out.status.code(), out.stdout, out.stderr)
    };
    let mut files = shared_captures(&shared);
    files.retain(|f| f.extension().is_some_and(|e| e == "pcap"));
    let cases: [&[&str]; 5] = [
        &["-w", "-"],
        &["-w", "-", "ip or ip6"],
        &["-c", "5", "-w", "-", "tcp or udp"],
        &["--count", "tcp"],
        // Printed, tcpdump-style.
        &["-n", "-c", "50", "-v"],
    ];
    for (i, file) in files.iter().enumerate() {
        // Each file with one of the cases in turn: the whole test stays
        // within seconds.
        let extra = cases[i % cases.len()];
        let expected = run(file, false, extra);
        let got = run(file, true, extra);
        assert_eq!(
            got.0,
            expected.0,
            "{} {extra:?}: {}",
            file.display(),
            String::from_utf8_lossy(&got.2)
        );
        assert!(
            got.1 == expected.1,
            "{} {extra:?}: output differs",
            file.display()
        );
        assert_eq!(
            String::from_utf8_lossy(&got.2),
            String::from_utf8_lossy(&expected.2),
            "{} {extra:?}",
            file.display()
        );
    }
}

/// Damaged files through the command: the same output bytes, the same
/// error message (file name, byte offset) and a non-zero exit, with or
/// without -c.
#[test]
fn command_on_damaged_files() {
    let mut compared = 0;
    for (name, round, bytes) in damaged_testdata(0x0dd_ba11) {
        if name.ends_with("pcapng") || round % 2 == 1 {
            continue;
        }
        let file = temp_file(&bytes);
        for extra in [&["-w", "-"][..], &["-c", "20", "-w", "-", "ip"][..]] {
            let run = |parallel: bool| {
                let mut cmd = Command::cargo_bin("bpfdump").unwrap();
                if parallel {
                    cmd.env("BPFDUMP_READER", "parallel")
                        .env("BPFDUMP_CHUNK", "700")
                        .args(["--threads", "3"]);
                } else {
                    cmd.args(["--threads", "1"]);
                }
                let out = cmd.arg("-r").arg(file.path()).args(extra).output().unwrap();
                (out.status.code(), out.stdout, out.stderr)
            };
            let expected = run(false);
            let got = run(true);
            assert_eq!(got.0, expected.0, "{name} round {round} {extra:?}");
            assert!(
                got.1 == expected.1,
                "{name} round {round} {extra:?}: output differs"
            );
            assert_eq!(
                String::from_utf8_lossy(&got.2),
                String::from_utf8_lossy(&expected.2),
                "{name} round {round} {extra:?}"
            );
            compared += 1;
        }
    }
    assert!(compared > 40);
}

/// Packets whose data look like pcap records themselves (a capture of a
/// capture file being copied): workers guessing where their chunk's first
/// record starts are fooled, and must notice it and walk from the real
/// start. The results do not change.
#[test]
fn packets_that_look_like_records_fool_the_guess_but_not_the_result() {
    let mut bytes = Vec::new();
    for field in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 65535, 1] {
        bytes.extend_from_slice(&field.to_le_bytes());
    }
    for i in 0..400u32 {
        let mut data = vec![0x45u8, i as u8, 7];
        for j in 0..9u32 {
            for field in [1_000_000 + i, j * 1000, 10, 10] {
                data.extend_from_slice(&field.to_le_bytes());
            }
            data.extend((0..10).map(|b| (b + j) as u8));
        }
        let len = data.len() as u32 + i % 5;
        data.resize(len as usize, 0xee);
        for field in [1_000_000 + i, i, len, len + 4] {
            bytes.extend_from_slice(&field.to_le_bytes());
        }
        bytes.extend_from_slice(&data);
    }
    let file = temp_file(&bytes);
    let expected = serial(file.path(), None);
    assert!(expected.0.len() > 100);
    assert!(expected.1.is_none());
    let opened = ParallelPcap::open(file.path()).unwrap().unwrap();
    let mut packets = Vec::new();
    let result: Result<(), CaptureError> = opened.run(2, 1000, true, &accept, |c: &Chunk| {
        packets.extend(c.accepted().map(|(r, _)| Owned::of(&r)));
        Ok(true)
    });
    assert!(result.is_ok());
    assert_eq!(packets, expected.0);
    assert!(
        opened.missed_guesses() > 10,
        "only {} chunks took the slow path",
        opened.missed_guesses()
    );
    for chunk in [97, 1000, 4096] {
        assert_eq!(parallel(file.path(), 3, chunk, None).unwrap(), expected);
    }
}

/// A capture large enough for the parallel reader to be the default
/// (records of the generated capture repeated to about 12 MB), written to a
/// regular file, counted, and then damaged in its middle: the default run,
/// `--threads 1` and tcpdump write the same bytes, count the same, and
/// (damaged) report the same error after the same packets.
#[test]
fn default_run_on_a_large_file() {
    let original = std::fs::read(testdata("mixed.pcap")).unwrap();
    let mut bytes = original[..24].to_vec();
    let records = &original[24..];
    while bytes.len() < 12 << 20 {
        bytes.extend_from_slice(records);
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("large.pcap");
    std::fs::write(&input, &bytes).unwrap();
    let run = |input: &Path, threads: Option<&str>, extra: &[&str], out: &str| {
        let mut cmd = Command::cargo_bin("bpfdump").unwrap();
        if let Some(threads) = threads {
            cmd.args(["--threads", threads]);
        }
        let out_path = dir.path().join(out);
        let mut args: Vec<String> = vec!["-r".into(), input.display().to_string()];
        if extra.first() == Some(&"--count") {
            args.extend(extra.iter().map(|s| s.to_string()));
        } else {
            args.extend(["-w".into(), out_path.display().to_string()]);
            args.extend(extra.iter().map(|s| s.to_string()));
        }
        let result = cmd.args(&args).output().unwrap();
        let written = std::fs::read(&out_path).unwrap_or_default();
        (
            result.status.code(),
            result.stdout,
            written,
            String::from_utf8_lossy(&result.stderr).to_string(),
        )
    };
    for extra in [
        &[][..],
        &["tcp"][..],
        &["--count", "udp"][..],
        &["-c", "1000", "ip"][..],
    ] {
        let default = run(&input, None, extra, "default.pcap");
        let serial = run(&input, Some("1"), extra, "serial.pcap");
        assert_eq!(default, serial, "{extra:?}");
        assert_eq!(default.0, Some(0));
        if extra.is_empty() {
            assert!(default.2 == bytes, "copied whole");
        }
    }
    if common::have_tcpdump("parallel_default_run_on_a_large_file") {
        let ours = run(&input, None, &["tcp"], "ours.pcap").2;
        let theirs = dir.path().join("theirs.pcap");
        let status = std::process::Command::new("timeout")
            .args(["60", "tcpdump", "-r"])
            .arg(&input)
            .arg("-w")
            .arg(&theirs)
            .arg("tcp")
            .output()
            .unwrap();
        assert!(status.status.success());
        assert!(
            ours == std::fs::read(&theirs).unwrap(),
            "tcpdump wrote other bytes"
        );
    }
    // -V: the large file (parallel) then a small one (one thread) into one
    // output.
    let list = dir.path().join("list.txt");
    std::fs::write(
        &list,
        format!(
            "{}\n{}\n",
            input.display(),
            testdata("mixed.pcap").display()
        ),
    )
    .unwrap();
    let listed = |threads: Option<&str>| {
        let mut cmd = Command::cargo_bin("bpfdump").unwrap();
        if let Some(threads) = threads {
            cmd.args(["--threads", threads]);
        }
        let out = cmd
            .arg("-V")
            .arg(&list)
            .args(["-w", "-", "udp"])
            .output()
            .unwrap();
        (out.status.code(), out.stdout)
    };
    assert!(listed(None) == listed(Some("1")), "-V outputs differ");
    // An absurd length in the middle, then a cut inside a record.
    let offsets = record_offsets(&bytes);
    let middle = offsets[offsets.len() / 2];
    let mut damaged = bytes.clone();
    damaged[middle + 8..middle + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let cut = bytes[..offsets[offsets.len() * 3 / 4] + 20].to_vec();
    for (name, damaged) in [("absurd", damaged), ("cut", cut)] {
        let input = dir.path().join(format!("{name}.pcap"));
        std::fs::write(&input, &damaged).unwrap();
        for extra in [&[][..], &["--count", "tcp"][..]] {
            let default = run(&input, None, extra, "default.pcap");
            let serial = run(&input, Some("1"), extra, "serial.pcap");
            assert_eq!(default, serial, "{name} {extra:?}");
            assert_eq!(default.0, Some(1), "{name}: {}", default.3);
            assert!(default.3.contains("byte offset"), "{}", default.3);
        }
    }
}

/// `-w` over an existing, longer file (emptied on a helper thread while
/// the input is read): the file ends up holding exactly the new output,
/// whether many, no or some packets (then damage) were written.
#[test]
fn writing_over_an_existing_file_leaves_only_the_new_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.pcap");
    let fresh = dir.path().join("fresh.pcap");
    let original = std::fs::read(testdata("mixed.pcap")).unwrap();
    let mut damaged = original.clone();
    let second = record_offsets(&original)[1];
    damaged[second + 8..second + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let damaged_path = dir.path().join("damaged.pcap");
    std::fs::write(&damaged_path, &damaged).unwrap();
    let inputs = [testdata("mixed.pcap"), damaged_path];
    for input in &inputs {
        for filter in ["", "tcp", "port 1"] {
            let write = |to: &Path| {
                Command::cargo_bin("bpfdump")
                    .unwrap()
                    .arg("-r")
                    .arg(input)
                    .arg("-w")
                    .arg(to)
                    .arg(filter)
                    .output()
                    .unwrap()
                    .status
                    .code()
            };
            std::fs::write(&out, vec![0x5a; 3 << 20]).unwrap();
            let _ = std::fs::remove_file(&fresh);
            assert_eq!(write(&out), write(&fresh), "{} {filter}", input.display());
            let (ours, expected) = (std::fs::read(&out).unwrap(), std::fs::read(&fresh).unwrap());
            assert!(expected.len() >= 24 && expected.len() < 3 << 20);
            assert!(
                ours == expected,
                "{} {filter}: the old bytes remain",
                input.display()
            );
        }
    }
}
