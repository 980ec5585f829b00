//! The read-ahead reader (`CaptureReader::open_prefetched`, used by
//! `--threads N`): a helper thread reads chunks while the packets of the
//! previous one are parsed. It must yield exactly what the single-threaded
//! reader yields — same packets, same error at the same offset — whatever
//! the chunk size, on every shared capture, on damaged files, on records
//! longer than a chunk and when the input fails mid-way.

mod capture_common;
#[path = "common/mod.rs"]
mod common;

use bpfdump::capture::{CaptureError, CaptureReader};
use capture_common::*;
use std::io::{Cursor, Read};

/// What a reader yields: the packets, then the error that ended it, as
/// (kind of damage or I/O, byte offset).
type Outcome = (Vec<Owned>, Option<(String, Option<u64>)>);

fn drain(opened: Result<CaptureReader, CaptureError>) -> Outcome {
    let mut reader = match opened {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Some(describe(&e))),
    };
    let mut packets = Vec::new();
    loop {
        match reader.next() {
            Ok(Some(r)) => packets.push(Owned::of(&r)),
            Ok(None) => return (packets, None),
            Err(e) => {
                assert!(matches!(reader.next(), Ok(None)), "finished after an error");
                return (packets, Some(describe(&e)));
            }
        }
    }
}

fn direct(bytes: &[u8]) -> Outcome {
    drain(CaptureReader::from_reader(
        "t".into(),
        Box::new(Cursor::new(bytes.to_vec())),
    ))
}

fn prefetched(bytes: &[u8], chunk: usize) -> Outcome {
    drain(CaptureReader::from_reader_prefetched(
        "t".into(),
        Box::new(Cursor::new(bytes.to_vec())),
        chunk,
    ))
}

/// Hands out at most 5 bytes per `read`.
struct Trickle(Cursor<Vec<u8>>);

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(5);
        self.0.read(&mut buf[..n])
    }
}

#[test]
fn agrees_with_the_direct_reader_on_every_shared_capture() {
    let Some(shared) = common::shared_dir_or_skip("prefetch_agrees_on_shared_captures") else {
        return;
    };
    let files = shared_captures(&shared);
    assert!(files.len() > 250);
    let mut failures = Vec::new();
    let mut packets = 0;
    for file in &files {
        let expected = drain(CaptureReader::open(file));
        packets += expected.0.len();
        let bytes = std::fs::read(file).unwrap();
        let candidates = [
            (
                "open_prefetched",
                drain(CaptureReader::open_prefetched(file)),
            ),
            ("chunk 1000", prefetched(&bytes, 1000)),
        ];
        for (how, got) in candidates {
            if got != expected {
                failures.push(format!("{} ({how})", file.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "read-ahead differs on:\n{}",
        failures.join("\n")
    );
    assert!(packets > 0);
}

#[test]
fn trickling_input_and_tiny_chunks() {
    for name in ["mixed.pcap", "mixed-ns.pcap", "mixed.pcapng"] {
        let bytes = std::fs::read(testdata(name)).unwrap();
        let expected = direct(&bytes);
        assert!(expected.1.is_none() && !expected.0.is_empty());
        for chunk in [1, 2, 3, 16, 17, 4096] {
            assert_eq!(prefetched(&bytes, chunk), expected, "{name}, chunk {chunk}");
        }
        let trickled = drain(CaptureReader::from_reader_prefetched(
            "t".into(),
            Box::new(Trickle(Cursor::new(bytes.clone()))),
            100,
        ));
        assert_eq!(trickled, expected, "{name} trickled");
    }
}

/// Random damage (the same kinds as in capture_read.rs): the read-ahead
/// reader finds the same packets and the same damage at the same offset.
#[test]
fn random_damage_gives_the_same_packets_and_error() {
    for (name, round, bytes) in damaged_testdata(0x5eed_1234) {
        let expected = direct(&bytes);
        for chunk in [7, 500, 1 << 20] {
            assert_eq!(
                prefetched(&bytes, chunk),
                expected,
                "{name} round {round} chunk {chunk}"
            );
        }
    }
}

/// A pcap of D-Bus messages (link type 231, records up to 128 MiB), with
/// records far longer than the read-ahead chunk and its headroom, between
/// short ones.
#[test]
fn records_longer_than_a_chunk() {
    let (mut bytes, sizes) = long_dbus_records();
    let expected = direct(&bytes);
    assert_eq!(expected.1, None);
    let lengths: Vec<usize> = expected.0.iter().map(|p| p.data.len()).collect();
    assert_eq!(lengths, sizes);
    for chunk in [1000, 64 << 10, 2 << 20] {
        assert_eq!(prefetched(&bytes, chunk), expected, "chunk {chunk}");
    }
    // Cut in the middle of the longest record: the same damage report.
    bytes.truncate(bytes.len() - (600 << 10));
    let expected = direct(&bytes);
    assert!(expected.1.is_some());
    assert_eq!(prefetched(&bytes, 64 << 10), expected);
}

/// An input that fails after some bytes: the packets before the failure,
/// then the I/O error at the same offset as the direct reader reports.
#[test]
fn read_error_mid_way() {
    struct Failing {
        data: Cursor<Vec<u8>>,
        fail_at: u64,
    }
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let left = self.fail_at.saturating_sub(self.data.position());
            if left == 0 {
                return Err(std::io::Error::other("disk on fire"));
            }
            let n = buf.len().min(left as usize);
            self.data.read(&mut buf[..n])
        }
    }
    let bytes = std::fs::read(testdata("mixed.pcap")).unwrap();
    let fail_at = bytes.len() as u64 / 2;
    let open = |prefetch: bool| {
        let input = Box::new(Failing {
            data: Cursor::new(bytes.clone()),
            fail_at,
        });
        if prefetch {
            CaptureReader::from_reader_prefetched("t".into(), input, 300)
        } else {
            CaptureReader::from_reader("t".into(), input)
        }
    };
    let expected = drain(open(false));
    let got = drain(open(true));
    assert!(!expected.0.is_empty());
    let error = expected.1.as_ref().expect("an error");
    assert!(error.0.contains("disk on fire"), "{error:?}");
    assert_eq!(got, expected);
}
