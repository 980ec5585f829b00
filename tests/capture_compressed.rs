//! Issue 16: gzip and zstd captures are read (recognized by their first
//! bytes, not their names) with the damage rules of plain files, and
//! `--compress` writes them.

mod capture_common;

use bpfdump::capture::{CaptureError, CaptureReader};
use capture_common::*;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

fn bpfdump() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bpfdump"))
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(bytes, 3).unwrap()
}

/// As much of a (possibly damaged) compressed stream as its decoder gives
/// before failing, and whether it failed.
fn decode_prefix(compressed: &[u8], gz: bool) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(compressed))
    } else {
        Box::new(zstd::stream::read::Decoder::new(compressed).unwrap())
    };
    let mut buf = [0u8; 4096];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return (out, false),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(_) => return (out, true),
        }
    }
}

/// How many records of a pcap file's first bytes are whole.
fn whole_records(prefix: &[u8]) -> usize {
    record_offsets(prefix)
        .iter()
        .filter(|&&at| {
            let caplen = u32::from_le_bytes(prefix[at + 8..at + 12].try_into().unwrap());
            at + 16 + caplen as usize <= prefix.len()
        })
        .count()
}

/// A read error that reports damage: the decoder's (the compressed data
/// damaged or cut short) or the capture's.
fn expected_error_is_damage(error: &CaptureError) -> bool {
    error.damage().is_some()
        || error
            .to_string()
            .contains("-compressed data damaged or cut short")
}

/// Every record a reader yields, and its error.
fn read_all(mut reader: CaptureReader) -> (Vec<Owned>, Option<CaptureError>) {
    let mut records = Vec::new();
    loop {
        match reader.next() {
            Ok(Some(record)) => records.push(Owned::of(&record)),
            Ok(None) => return (records, None),
            Err(e) => return (records, Some(e)),
        }
    }
}

/// Each sample, gzip and zstd compressed under a name that says nothing,
/// reads as the plain file does through every reader, and bpfdump prints
/// the same lines for it (from a file and from standard input).
#[test]
fn compressed_captures_read_as_plain_ones() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["mixed.pcap", "mixed-ns.pcap", "mixed.pcapng"] {
        let plain = std::fs::read(testdata(name)).unwrap();
        let (expected, error) = read_all(CaptureReader::open(&testdata(name)).unwrap());
        assert!(error.is_none());
        for (kind, bytes) in [("gzip", gzip(&plain)), ("zstd", zstd(&plain))] {
            let what = format!("{name} {kind}");
            let path = write_temp(dir.path(), "capture.bin", &bytes);
            let opened = [
                CaptureReader::open(&path),
                CaptureReader::open_mapped(&path),
                CaptureReader::open_prefetched(&path),
                CaptureReader::from_reader(
                    "mem".into(),
                    Box::new(std::io::Cursor::new(bytes.clone())),
                ),
            ];
            for reader in opened {
                let reader = reader.unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(
                    reader.size(),
                    None,
                    "{what}: the compressed size is no capture size"
                );
                let (records, error) = read_all(reader);
                assert!(error.is_none(), "{what}: {error:?}");
                assert_eq!(records, expected, "{what}");
            }
            let printed = |args: &[&str], stdin: Option<&[u8]>| {
                let mut child = bpfdump()
                    .args(args)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                let mut input = child.stdin.take().unwrap();
                if let Some(bytes) = stdin {
                    input.write_all(bytes).unwrap();
                }
                drop(input);
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "{what} {args:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                out.stdout
            };
            let plain_path = testdata(name);
            let reference = printed(&["-n", "-r", plain_path.to_str().unwrap()], None);
            assert!(!reference.is_empty());
            let path = path.to_str().unwrap();
            assert_eq!(printed(&["-n", "-r", path], None), reference, "{what}");
            assert_eq!(
                printed(&["-n", "--threads", "2", "-r", path], None),
                reference,
                "{what}"
            );
            assert_eq!(
                printed(&["-n", "-r", "-"], Some(&bytes)),
                reference,
                "{what} on stdin"
            );
        }
    }
}

/// A damaged or cut compressed capture: every packet the compressed data
/// holds whole before the damage, in order, then an error saying where,
/// and bpfdump exits with 1 after writing those packets.
#[test]
fn damaged_compressed_captures_lose_nothing_before_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let plain = big_capture_bytes(1 << 20);
    let (all, _) = read_all(
        CaptureReader::from_reader(
            "plain".into(),
            Box::new(std::io::Cursor::new(plain.clone())),
        )
        .unwrap(),
    );
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for gz in [true, false] {
        let compressed = if gz { gzip(&plain) } else { zstd(&plain) };
        for round in 0..12 {
            let mut damaged = compressed.clone();
            if round % 2 == 0 {
                damaged.truncate(next() as usize % compressed.len());
            } else {
                let at = 64 + next() as usize % (compressed.len() - 64);
                damaged[at] ^= 0x5a;
            }
            let what = format!("{} round {round}", if gz { "gzip" } else { "zstd" });
            let (prefix, failed) = decode_prefix(&damaged, gz);
            let path = write_temp(dir.path(), "damaged", &damaged);
            let (records, error) = match CaptureReader::open(&path) {
                Ok(reader) => read_all(reader),
                Err(e) => (Vec::new(), Some(e)),
            };
            // What the same bytes give uncompressed: the compressed reader
            // yields exactly those records (damage inside deflate data can
            // decode as other bytes, which are read as they come).
            let (expected, expected_error) = match CaptureReader::from_reader(
                "prefix".into(),
                Box::new(std::io::Cursor::new(prefix.clone())),
            ) {
                Ok(reader) => read_all(reader),
                Err(e) => (Vec::new(), Some(e)),
            };
            assert!(
                records == expected,
                "{what}: {} records, {} expected",
                records.len(),
                expected.len()
            );
            if plain.starts_with(&prefix) {
                // Cut or damaged where the decoder notices: the first
                // records of the capture, every one it holds whole.
                assert!(records[..] == all[..records.len()], "{what}");
                assert_eq!(records.len(), whole_records(&prefix), "{what}");
            }
            let error = match (error, expected_error) {
                (Some(error), Some(expected)) if !failed => {
                    assert_eq!(describe(&error), describe(&expected), "{what}");
                    error
                }
                (Some(error), _) => {
                    assert!(
                        !failed || expected_error_is_damage(&error),
                        "{what}: {error}"
                    );
                    error
                }
                (None, expected) => {
                    assert!(!failed && expected.is_none(), "{what}: no error");
                    continue;
                }
            };
            let out = bpfdump()
                .arg("-r")
                .arg(&path)
                .args(["-w", "-"])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{what}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains(&error.to_string()), "{what}: {stderr}");
            let written = parse_pcap(&out.stdout).map_or(0, |f| f.records.len());
            assert_eq!(written, records.len(), "{what}");
        }
    }
}

/// `--compress` writes exactly the bytes of the uncompressed output,
/// compressed; bpfdump reads them back. pcap and pcapng, both readers.
#[test]
fn compressed_output_is_the_plain_output_compressed() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(dir.path(), "in.pcap", &big_capture_bytes(3 << 20));
    for format in [&[][..], &["--pcapng"]] {
        for threads in ["1", "2"] {
            let plain = dir.path().join("plain");
            let status = bpfdump()
                .arg("-r")
                .arg(&input)
                .arg("-w")
                .arg(&plain)
                .args(format)
                .args(["--threads", threads, "tcp"])
                .status()
                .unwrap();
            assert!(status.success());
            let plain_bytes = std::fs::read(&plain).unwrap();
            for kind in ["gzip", "zstd"] {
                let what = format!("{format:?} {kind} --threads {threads}");
                let packed = dir.path().join("packed");
                let out = bpfdump()
                    .arg("-r")
                    .arg(&input)
                    .arg("-w")
                    .arg(&packed)
                    .args(format)
                    .args(["--compress", kind, "--threads", threads, "tcp"])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{what}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let packed_bytes = std::fs::read(&packed).unwrap();
                assert!(
                    packed_bytes.len() * 2 < plain_bytes.len(),
                    "{what}: not compressed"
                );
                let (unpacked, failed) = decode_prefix(&packed_bytes, kind == "gzip");
                assert!(!failed, "{what}");
                // Both carry the SHB's identical options: the same bytes.
                assert!(unpacked == plain_bytes, "{what}");
                let count = |path: &Path| {
                    let out = bpfdump()
                        .arg("-r")
                        .arg(path)
                        .arg("--count")
                        .output()
                        .unwrap();
                    String::from_utf8(out.stdout).unwrap()
                };
                assert_eq!(count(&packed), count(&plain), "{what}");
            }
        }
    }
}

/// `-C` with `--compress`: each rotated file is a whole compressed stream.
#[test]
fn rotated_compressed_files_are_each_complete() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(dir.path(), "in.pcap", &big_capture_bytes(2_500_000));
    let base = dir.path().join("rot");
    let status = bpfdump()
        .arg("-r")
        .arg(&input)
        .arg("-w")
        .arg(&base)
        .args(["-C", "1", "--compress", "zstd"])
        .output()
        .unwrap();
    assert!(status.status.success());
    let mut packets = 0;
    for name in ["rot", "rot1", "rot2"] {
        let bytes = std::fs::read(dir.path().join(name)).unwrap();
        let (plain, failed) = decode_prefix(&bytes, false);
        assert!(!failed, "{name}");
        let file = parse_pcap(&plain).unwrap();
        packets += file.records.len();
    }
    assert_eq!(packets, record_offsets(&big_capture_bytes(2_500_000)).len());
}
