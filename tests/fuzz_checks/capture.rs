//! Target `capture`: arbitrary bytes as a capture file (pcap or pcapng,
//! either byte order), read by every way bpfdump reads files: buffered,
//! memory-mapped, prefetched, as a stream, and by the parallel reader with
//! fuzzer-chosen workers and chunk sizes. Never a panic; all deliver the
//! same packets, then the same damage at the same offset. Memory stays
//! bounded (the fuzzer's `-malloc_limit_mb` catches an allocation sized
//! by what a header claims). Accepted pcap records written back with
//! `PcapWriter` read back the same.

use super::input::Input;
use bpfdump::capture::{CaptureError, CaptureReader, Chunk, ParallelPcap, PcapWriter, Record};
use bpfdump::packet::{PacketRef, Timestamp};
use bpfdump::LinkType;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    pub timestamp: Timestamp,
    pub wire_len: u32,
    pub data: Vec<u8>,
    pub linktype: LinkType,
    pub interface: u32,
}

impl Owned {
    fn of(record: &Record) -> Owned {
        Owned {
            timestamp: record.packet.timestamp,
            wire_len: record.packet.wire_len,
            data: record.packet.data.to_vec(),
            linktype: record.linktype,
            interface: record.interface,
        }
    }
}

/// The packets, then the error that ended the file, as (damage or
/// message, byte offset).
pub type Outcome = (Vec<Owned>, Option<(String, Option<u64>)>);

fn describe(e: &CaptureError) -> (String, Option<u64>) {
    let kind = match e.damage() {
        Some(d) => format!("{d:?}"),
        None => e.to_string(),
    };
    (kind, e.offset())
}

/// A filter stand-in that depends on the packet's bytes and lengths.
fn accept(record: &Record) -> bool {
    let sum = record
        .packet
        .data
        .iter()
        .take(40)
        .fold(record.packet.wire_len, |a, &b| {
            a.wrapping_mul(31).wrapping_add(b as u32)
        });
    sum % 3 != 0
}

/// A temporary file holding the input, removed on drop.
pub struct TempFile(PathBuf);

impl TempFile {
    pub fn new(bytes: &[u8], suffix: &str) -> TempFile {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("bpfdump-fuzz-{}-{n}{suffix}", std::process::id()));
        std::fs::write(&path, bytes).expect("write a temporary file");
        TempFile(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Read everything `reader` yields, keeping what `keep` accepts.
fn drain(reader: Result<CaptureReader, CaptureError>, keep: &dyn Fn(&Record) -> bool) -> Outcome {
    let mut reader = match reader {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Some(describe(&e))),
    };
    let mut packets = Vec::new();
    loop {
        match reader.next() {
            Ok(Some(r)) => {
                if keep(&r) {
                    packets.push(Owned::of(&r));
                }
            }
            Ok(None) => return (packets, None),
            Err(e) => {
                // Finished after an error.
                assert!(
                    matches!(reader.next(), Ok(None)),
                    "a reader goes on after an error"
                );
                return (packets, Some(describe(&e)));
            }
        }
    }
}

pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let flags = input.u8();
    let bytes = input.rest();
    let file = TempFile::new(bytes, ".pcap");
    let base = super::alloc::start();
    check_file(flags, bytes, file.path());
    if super::alloc::enabled() {
        let peak = super::alloc::peak_since(base);
        assert!(
            peak <= MEMORY_BOUND + 8 * bytes.len(),
            "reading a file of {} bytes took {peak} bytes of memory",
            bytes.len()
        );
    }
}

/// What reading any file may allocate at once, beyond a few times its
/// size: the readers' buffers (1 MiB, prefetch chunks), the parallel
/// reader's windows and result buffers, and the largest record a link
/// type allows (256 KiB for most; D-Bus's 128 MiB is not reached by a
/// fuzzer's small files unless a claimed length is believed).
pub const MEMORY_BOUND: usize = 48 << 20;

fn check_file(flags: u8, bytes: &[u8], path: &Path) {
    let all = |_: &Record| true;

    let buffered = drain(CaptureReader::open(path), &all);
    let mapped = drain(CaptureReader::open_mapped(path), &all);
    assert_eq!(
        mapped, buffered,
        "memory-mapped and buffered readers differ"
    );
    let prefetched = drain(CaptureReader::open_prefetched(path), &all);
    assert_eq!(
        prefetched, buffered,
        "prefetched and buffered readers differ"
    );
    let stream = drain(
        CaptureReader::from_reader("s".into(), Box::new(Cursor::new(bytes.to_vec()))),
        &all,
    );
    assert_eq!(
        (&stream.0, stream.1.as_ref().map(|e| e.1)),
        (&buffered.0, buffered.1.as_ref().map(|e| e.1)),
        "stream and file readers differ: {:?} / {:?}",
        stream.1,
        buffered.1
    );

    // The parallel reader, consumed as the command consumes it.
    let Some(parallel) = ParallelPcap::open(path).expect("opens a file that exists") else {
        return;
    };
    let workers = 1 + (flags & 3) as usize;
    let chunk = [1usize, 7, 16, 64, 333, 4096, 65536, 1 << 22][(flags >> 2 & 7) as usize];
    let gather = flags & 0x20 == 0;
    let limit = (gather && flags & 0x40 != 0).then_some(bytes.len() % 5);
    let serial = drain(CaptureReader::open(path), &accept);
    let mut got = Vec::new();
    let mut count = 0;
    let result: Result<(), CaptureError> =
        parallel.run(workers, chunk, gather, &accept, |c: &Chunk| {
            count += c.accepted_count();
            for (record, range) in c.accepted() {
                if limit.is_some_and(|n| got.len() >= n) {
                    return Ok(false);
                }
                assert_eq!(c.raw(range.clone()).len(), range.len());
                got.push(Owned::of(&record));
            }
            Ok(limit.is_none_or(|n| got.len() < n))
        });
    let error = result.err().map(|e| describe(&e));
    match limit {
        Some(n) if serial.0.len() >= n => {
            assert_eq!(got, serial.0[..n], "parallel reader (-c {n}) differs");
        }
        _ if gather => {
            assert_eq!(
                (&got, &error),
                (&serial.0, &serial.1),
                "parallel reader ({workers} workers, chunks of {chunk}) differs"
            );
        }
        _ => {
            assert_eq!(
                (count, &error),
                (serial.0.len(), &serial.1),
                "parallel count ({workers} workers, chunks of {chunk}) differs"
            );
        }
    }

    // What was read writes back, and reads back the same.
    if flags & 0x80 != 0 && !serial.0.is_empty() {
        let mut writer = PcapWriter::new(
            Vec::new(),
            parallel.linktype(),
            parallel.snaplen(),
            parallel.precision(),
        )
        .expect("writes to memory");
        for p in &serial.0 {
            writer
                .write(&PacketRef {
                    timestamp: p.timestamp,
                    wire_len: p.wire_len,
                    data: &p.data,
                })
                .expect("writes to memory");
        }
        writer.flush().expect("flushes to memory");
        let written = writer.into_inner();
        let again = drain(
            CaptureReader::from_reader("w".into(), Box::new(Cursor::new(written))),
            &all,
        );
        assert_eq!(again.1, None, "a written file reads back damaged");
        // A microsecond field of a million or more carries whole seconds
        // into the time (and can carry it past 2^32 seconds): written
        // again, the record holds the same instant, not always the same
        // split between the two fields.
        let instant = |t: Timestamp| i128::from(t.secs) * 1_000_000_000 + i128::from(t.nanos);
        let read_back: Vec<(i128, Owned)> = again
            .0
            .into_iter()
            .map(|p| {
                (
                    instant(p.timestamp),
                    Owned {
                        timestamp: Timestamp::default(),
                        ..p
                    },
                )
            })
            .collect();
        let expected: Vec<(i128, Owned)> = serial
            .0
            .iter()
            .map(|p| {
                let owned = Owned {
                    timestamp: Timestamp::default(),
                    linktype: parallel.linktype(),
                    ..p.clone()
                };
                (instant(p.timestamp), owned)
            })
            .collect();
        assert_eq!(read_back, expected, "packets written and read back differ");
    }
}
