//! The capture readers and the pcap writer, at the library level: formats,
//! byte orders, precisions, streaming versus memory-mapped input, damaged
//! files, and parity with tcpdump's reading and writing of every shared
//! capture.

mod capture_common;
#[path = "common/mod.rs"]
mod common;

use bpfdump::capture::{CaptureError, CaptureReader, Damage, FileFormat, PcapWriter};
use bpfdump::packet::{PacketRef, Timestamp, TimestampPrecision};
use bpfdump::LinkType;
use capture_common::*;
use std::io::Cursor;
use std::process::Command;
use std::time::Duration;

/// Every packet of `reader`, then the error that ended it (if any).
fn drain(mut reader: CaptureReader) -> (Vec<Owned>, Option<CaptureError>) {
    let mut packets = Vec::new();
    loop {
        match reader.next() {
            Ok(Some(r)) => packets.push(Owned::of(&r)),
            Ok(None) => return (packets, None),
            Err(e) => {
                // After an error the reader stays finished.
                assert!(matches!(reader.next(), Ok(None)));
                return (packets, Some(e));
            }
        }
    }
}

fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<CaptureReader, CaptureError> {
    CaptureReader::from_reader(name.to_string(), Box::new(Cursor::new(bytes)))
}

/// Write `bytes` to a temporary file and open it memory-mapped.
fn from_file(bytes: &[u8]) -> (tempfile::NamedTempFile, Result<CaptureReader, CaptureError>) {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let reader = CaptureReader::open_mapped(file.path());
    (file, reader)
}

fn mixed() -> Vec<u8> {
    std::fs::read(testdata("mixed.pcap"))
        .expect("testdata/mixed.pcap (cargo run --example make_testdata)")
}

#[test]
fn pcap_micro_matches_independent_parser() {
    let bytes = mixed();
    let expected = parse_pcap(&bytes).unwrap();
    let reader = CaptureReader::open(&testdata("mixed.pcap")).unwrap();
    assert_eq!(reader.format(), FileFormat::Pcap);
    assert_eq!(reader.linktype(), LinkType::ETHERNET);
    assert_eq!(reader.precision(), TimestampPrecision::Micro);
    assert_eq!(reader.snaplen(), expected.snaplen);
    let (packets, error) = drain(reader);
    assert!(error.is_none(), "{error:?}");
    assert!(packets.len() >= 300, "a few hundred packets");
    assert_eq!(packets.len(), expected.records.len());
    for (p, r) in packets.iter().zip(&expected.records) {
        assert_eq!(p.timestamp.secs, r.secs as i64);
        assert_eq!(p.timestamp.nanos, r.frac * 1000);
        assert_eq!(p.wire_len, r.wire_len);
        assert_eq!(p.data, r.data);
    }
}

#[test]
fn nanosecond_file_keeps_nanoseconds_and_same_packets() {
    let (micro, _) = drain(CaptureReader::open(&testdata("mixed.pcap")).unwrap());
    let reader = CaptureReader::open(&testdata("mixed-ns.pcap")).unwrap();
    assert_eq!(reader.precision(), TimestampPrecision::Nano);
    let (nano, error) = drain(reader);
    assert!(error.is_none());
    assert_eq!(micro.len(), nano.len());
    let mut sub_micro_digits = 0;
    for (m, n) in micro.iter().zip(&nano) {
        assert_eq!(m.data, n.data);
        assert_eq!(m.timestamp.secs, n.timestamp.secs);
        assert_eq!(m.timestamp.nanos, n.timestamp.nanos / 1000 * 1000);
        sub_micro_digits += (n.timestamp.nanos % 1000 != 0) as usize;
    }
    assert!(
        sub_micro_digits > 0,
        "the nanosecond file must carry nanoseconds"
    );
}

#[test]
fn big_endian_file_reads_the_same() {
    let bytes = mixed();
    let (little, _) = drain(from_bytes("le", bytes.clone()).unwrap());
    let (_file, reader) = from_file(&to_big_endian(&bytes));
    let (big, error) = drain(reader.unwrap());
    assert!(error.is_none());
    assert_eq!(little, big);
}

#[test]
fn stream_and_memory_map_agree() {
    let bytes = mixed();
    let (_file, mapped) = from_file(&bytes);
    let (mapped, _) = drain(mapped.unwrap());
    // A reader that hands out a few bytes at a time exercises refilling.
    struct Trickle(Cursor<Vec<u8>>);
    impl std::io::Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(7);
            self.0.read(&mut buf[..n])
        }
    }
    let streamed =
        CaptureReader::from_reader("t".into(), Box::new(Trickle(Cursor::new(bytes)))).unwrap();
    assert_eq!(streamed.size(), None);
    let read = CaptureReader::open(_file.path()).unwrap();
    assert_eq!(read.size(), Some(mixed().len() as u64));
    assert_eq!(drain(read).0, mapped);
    let (streamed, error) = drain(streamed);
    assert!(error.is_none());
    assert_eq!(mapped, streamed);
}

#[test]
fn pcapng_two_interfaces_two_link_types() {
    let (pcap, _) = drain(CaptureReader::open(&testdata("mixed.pcap")).unwrap());
    let (pcap_ns, _) = drain(CaptureReader::open(&testdata("mixed-ns.pcap")).unwrap());
    let reader = CaptureReader::open(&testdata("mixed.pcapng")).unwrap();
    assert_eq!(reader.format(), FileFormat::Pcapng);
    // The file's link type is its first interface's.
    assert_eq!(reader.linktype(), LinkType::ETHERNET);
    assert_eq!(reader.precision(), TimestampPrecision::Micro);
    let (packets, error) = drain(reader);
    // The custom, name-resolution and statistics blocks are skipped.
    assert!(error.is_none(), "{error:?}");
    assert_eq!(packets.len(), pcap.len());
    let mut cooked = 0;
    for (i, p) in packets.iter().enumerate() {
        if p.interface == 0 {
            assert_eq!(p.linktype, LinkType::ETHERNET);
            assert_eq!(p.data, pcap[i].data);
            assert_eq!(p.timestamp, pcap[i].timestamp);
        } else {
            cooked += 1;
            assert_eq!(p.interface, 1);
            assert_eq!(p.linktype, LinkType::LINUX_SLL);
            // Linux cooked v1: 16-byte header, then the Ethernet payload.
            assert_eq!(p.data[16..], pcap[i].data[14..]);
            assert_eq!(p.data[14..16], pcap[i].data[12..14], "protocol field");
            // Nanosecond interface: full nanosecond timestamps.
            assert_eq!(p.timestamp, pcap_ns[i].timestamp);
        }
    }
    assert!(cooked > 100);
}

#[test]
fn writer_round_trips_both_precisions() {
    for (name, precision) in [
        ("mixed.pcap", TimestampPrecision::Micro),
        ("mixed-ns.pcap", TimestampPrecision::Nano),
    ] {
        let original = std::fs::read(testdata(name)).unwrap();
        let mut reader = from_bytes(name, original.clone()).unwrap();
        let mut writer =
            PcapWriter::new(Vec::new(), reader.linktype(), reader.snaplen(), precision).unwrap();
        while let Some(r) = reader.next().unwrap() {
            writer.write(&r.packet).unwrap();
        }
        assert_eq!(writer.into_inner(), original, "{name}");
    }
}

#[test]
fn writer_truncates_to_its_snapshot_length() {
    let data = [7u8; 100];
    let mut writer =
        PcapWriter::new(Vec::new(), LinkType::RAW, 40, TimestampPrecision::Micro).unwrap();
    writer
        .write(&PacketRef {
            timestamp: Timestamp {
                secs: 5,
                nanos: 6_000,
            },
            wire_len: 100,
            data: &data,
        })
        .unwrap();
    let file = parse_pcap(&writer.into_inner()).unwrap();
    assert_eq!(
        (file.magic, file.snaplen, file.linktype),
        (0xa1b2c3d4, 40, 101)
    );
    let r = &file.records[0];
    assert_eq!(
        (r.secs, r.frac, r.caplen, r.wire_len, r.data.len()),
        (5, 6, 40, 100, 40)
    );
}

/// Read `bytes` both ways; both must give the same packets and the same
/// error. Returns them.
fn read_damaged(bytes: &[u8]) -> (Vec<Owned>, CaptureError) {
    let (streamed, stream_error) = match from_bytes("damaged", bytes.to_vec()) {
        Ok(r) => drain(r),
        Err(e) => (Vec::new(), Some(e)),
    };
    let (_file, mapped) = from_file(bytes);
    let (mapped, map_error) = match mapped {
        Ok(r) => drain(r),
        Err(e) => (Vec::new(), Some(e)),
    };
    assert_eq!(streamed, mapped);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    match CaptureReader::open(file.path()) {
        Ok(r) => {
            let (read, read_error) = drain(r);
            assert_eq!(read, mapped);
            assert_eq!(
                read_error.unwrap().damage(),
                stream_error.as_ref().unwrap().damage()
            );
        }
        Err(e) => assert_eq!(e.damage(), stream_error.as_ref().unwrap().damage()),
    }
    let stream_error = stream_error.expect("damage must be reported");
    let map_error = map_error.expect("damage must be reported");
    assert_eq!(stream_error.damage(), map_error.damage());
    assert_eq!(stream_error.offset(), map_error.offset());
    (mapped, map_error)
}

#[test]
fn truncated_last_record() {
    let bytes = mixed();
    let offsets = record_offsets(&bytes);
    let last = *offsets.last().unwrap();
    let cut = &bytes[..last + 16 + 10];
    let (packets, error) = read_damaged(cut);
    assert_eq!(
        packets.len(),
        offsets.len() - 1,
        "every packet before the damage"
    );
    assert_eq!(error.offset(), Some(last as u64 + 16));
    assert!(
        matches!(
            error.damage(),
            Some(Damage::TruncatedRecord { got: 10, .. })
        ),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains(&format!(": at byte offset {}: ", last + 16)),
        "{message}"
    );
    assert!(message.contains("truncated"), "{message}");
}

#[test]
fn truncated_record_header() {
    let bytes = mixed();
    let offsets = record_offsets(&bytes);
    let last = *offsets.last().unwrap();
    let (packets, error) = read_damaged(&bytes[..last + 5]);
    assert_eq!(packets.len(), offsets.len() - 1);
    assert_eq!(error.offset(), Some(last as u64));
    assert!(matches!(
        error.damage(),
        Some(Damage::TruncatedHeader {
            wanted: 16,
            got: 5,
            ..
        })
    ));
}

#[test]
fn absurd_record_length() {
    let mut bytes = mixed();
    let offsets = record_offsets(&bytes);
    let at = offsets[10];
    bytes[at + 8..at + 12].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
    let (packets, error) = read_damaged(&bytes);
    assert_eq!(packets.len(), 10);
    assert_eq!(error.offset(), Some(at as u64));
    assert!(matches!(
        error.damage(),
        Some(Damage::AbsurdLength {
            length: 0xffff_fff0,
            ..
        })
    ));
    assert!(
        error
            .to_string()
            .contains("invalid packet capture length 4294967280"),
        "{error}"
    );
}

#[test]
fn record_longer_than_snapshot_length() {
    // A length beyond the file's snapshot length but not absurd: libpcap
    // reads that many bytes and keeps the first `snaplen`. Here the file
    // does not hold them, so it is reported as truncated after the good
    // packets.
    let mut bytes = mixed();
    let offsets = record_offsets(&bytes);
    let at = offsets[20];
    bytes[at + 8..at + 12].copy_from_slice(&200_000u32.to_le_bytes());
    let (packets, error) = read_damaged(&bytes);
    assert_eq!(packets.len(), 20);
    assert!(
        matches!(
            error.damage(),
            Some(Damage::TruncatedRecord {
                wanted: 200_000,
                ..
            })
        ),
        "{error}"
    );

    // When the bytes are there, the packet is cut to the snapshot length.
    let mut small = bytes[..24].to_vec();
    small[16..20].copy_from_slice(&64u32.to_le_bytes());
    let mut record = vec![0u8; 16];
    record[8..12].copy_from_slice(&100u32.to_le_bytes());
    record[12..16].copy_from_slice(&100u32.to_le_bytes());
    record.extend((0..100u8).collect::<Vec<_>>());
    small.extend_from_slice(&record);
    let (packets, error) = drain(from_bytes("small", small).unwrap());
    assert!(error.is_none());
    assert_eq!(packets[0].data, (0..64u8).collect::<Vec<_>>());
    assert_eq!(packets[0].wire_len, 100);
}

#[test]
fn bad_magic_and_empty_and_short_files() {
    let (_, error) = read_damaged(b"this is not a capture file at all");
    assert!(matches!(error.damage(), Some(Damage::BadMagic(_))));
    assert_eq!(error.offset(), Some(0));
    assert!(error.to_string().contains("unknown file format"));

    let (_, error) = read_damaged(b"");
    assert!(matches!(error.damage(), Some(Damage::Empty)));

    let (_, error) = read_damaged(&mixed()[..20]);
    assert!(matches!(
        error.damage(),
        Some(Damage::TruncatedHeader {
            wanted: 24,
            got: 20,
            ..
        })
    ));
}

fn pcapng_block_offsets(bytes: &[u8]) -> Vec<(usize, u32)> {
    let mut blocks = Vec::new();
    let mut at = 0;
    while at + 12 <= bytes.len() {
        let kind = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        blocks.push((at, kind));
        at += len;
    }
    blocks
}

#[test]
fn pcapng_damage() {
    let bytes = std::fs::read(testdata("mixed.pcapng")).unwrap();
    let blocks = pcapng_block_offsets(&bytes);
    let packet_blocks: Vec<usize> = blocks.iter().filter(|b| b.1 == 6).map(|b| b.0).collect();

    // Truncated in the middle of the last packet block.
    let last = *packet_blocks.last().unwrap();
    let (packets, error) = read_damaged(&bytes[..last + 30]);
    assert_eq!(packets.len(), packet_blocks.len() - 1);
    assert_eq!(error.offset(), Some(last as u64));

    // A block length that is not a multiple of 4.
    let mut bad = bytes.clone();
    let at = packet_blocks[5];
    bad[at + 4..at + 8].copy_from_slice(&13u32.to_le_bytes());
    let (packets, error) = read_damaged(&bad);
    assert_eq!(packets.len(), 5);
    assert!(
        matches!(
            error.damage(),
            Some(Damage::BadBlockLength { length: 13, .. })
        ),
        "{error}"
    );

    // A packet for an interface that was never described.
    let mut bad = bytes.clone();
    let at = packet_blocks[7];
    bad[at + 8..at + 12].copy_from_slice(&9u32.to_le_bytes());
    let (packets, error) = read_damaged(&bad);
    assert_eq!(packets.len(), 7);
    assert_eq!(error.offset(), Some(at as u64));
    assert!(matches!(error.damage(), Some(Damage::UnknownInterface(9))));

    // Captured length running past the end of the block.
    let mut bad = bytes.clone();
    let at = packet_blocks[3];
    bad[at + 20..at + 24].copy_from_slice(&5000u32.to_le_bytes());
    let (packets, error) = read_damaged(&bad);
    assert_eq!(packets.len(), 3);
    assert!(matches!(error.damage(), Some(Damage::Malformed(_))));

    // Trailing length differs from the leading one.
    let mut bad = bytes.clone();
    let at = packet_blocks[4];
    let len = u32::from_le_bytes(bad[at + 4..at + 8].try_into().unwrap()) as usize;
    bad[at + len - 4] ^= 0x40;
    let (packets, error) = read_damaged(&bad);
    assert_eq!(packets.len(), 4);
    assert!(
        matches!(error.damage(), Some(Damage::BlockLengthMismatch { header, .. }) if *header as usize == len),
        "{error}"
    );

    // The opening section header's trailer is not checked, as in libpcap
    // (its reader takes the first section header whole): every packet
    // is still read.
    let mut bad = bytes.clone();
    let shb_len = u32::from_le_bytes(bad[4..8].try_into().unwrap()) as usize;
    bad[shb_len - 4] ^= 0x40;
    let (packets, error) = drain(from_bytes("opening", bad).unwrap());
    assert!(error.is_none(), "{error:?}");
    assert_eq!(packets.len(), packet_blocks.len());

    // Only the section header: no interface.
    let shb_len = blocks[1].0;
    let (_, error) = read_damaged(&bytes[..shb_len]);
    assert!(
        error.to_string().contains("interface description"),
        "{error}"
    );
}

#[test]
fn big_endian_pcapng_section() {
    // Rewrite the first few blocks of a pcapng by hand in big-endian order:
    // section header, interface, one enhanced packet block.
    let mut out = Vec::new();
    let block = |out: &mut Vec<u8>, kind: u32, body: &[u8]| {
        let len = (12 + body.len()) as u32;
        out.extend_from_slice(&kind.to_be_bytes());
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(&len.to_be_bytes());
    };
    let mut shb = 0x1a2b3c4du32.to_be_bytes().to_vec();
    shb.extend_from_slice(&[0, 1, 0, 0]);
    shb.extend_from_slice(&[0xff; 8]);
    block(&mut out, 0x0a0d0d0a, &shb);
    let mut idb = vec![0, 101, 0, 0];
    idb.extend_from_slice(&1500u32.to_be_bytes());
    block(&mut out, 1, &idb);
    let mut epb = Vec::new();
    epb.extend_from_slice(&0u32.to_be_bytes());
    let units: u64 = 1_700_000_000_123_456;
    epb.extend_from_slice(&((units >> 32) as u32).to_be_bytes());
    epb.extend_from_slice(&(units as u32).to_be_bytes());
    epb.extend_from_slice(&4u32.to_be_bytes());
    epb.extend_from_slice(&60u32.to_be_bytes());
    epb.extend_from_slice(&[0x45, 0, 0, 60]);
    block(&mut out, 6, &epb);
    let (packets, error) = drain(from_bytes("be", out).unwrap());
    assert!(error.is_none());
    assert_eq!(packets.len(), 1);
    assert_eq!(packets[0].linktype, LinkType::RAW);
    assert_eq!(
        packets[0].timestamp,
        Timestamp {
            secs: 1_700_000_000,
            nanos: 123_456_000
        }
    );
    assert_eq!(packets[0].wire_len, 60);
    assert_eq!(packets[0].data, [0x45, 0, 0, 60]);
}

/// Every capture in shared/pcaps, read by our reader and written by our
/// writer, gives the same file tcpdump writes with `-r F -w OUT` (header
/// included), at the input's timestamp precision.
#[test]
fn unfiltered_copy_matches_tcpdump_on_every_shared_capture() {
    let Some(shared) = common::shared_dir_or_skip("unfiltered_copy_matches_tcpdump") else {
        return;
    };
    if !common::have_tcpdump("unfiltered_copy_matches_tcpdump") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let theirs_path = dir.path().join("theirs.pcap");
    let mut failures = Vec::new();
    let files = shared_captures(&shared);
    assert!(files.len() > 250);
    for file in &files {
        let (ours, our_error) = copy_with_our_reader(CaptureReader::open(file));
        let (mapped, mapped_error) = copy_with_our_reader(CaptureReader::open_mapped(file));
        if (&mapped, mapped_error) != (&ours, our_error) {
            failures.push(format!("{}: memory-mapped reading differs", file.display()));
        }
        let mut cmd = Command::new("tcpdump");
        cmd.arg("-r").arg(file).arg("-w").arg(&theirs_path);
        if ours.is_ok_and_nano() {
            cmd.args(["--time-stamp-precision", "nano"]);
        }
        let out =
            common::run_with_timeout(&mut cmd, Duration::from_secs(10)).expect("tcpdump finished");
        let theirs = read_pcap(&theirs_path);
        let result = match (&ours, theirs) {
            (Ok(ours), Ok(theirs)) => same_packets(ours, &theirs).and_then(|_| {
                if ours.snaplen == theirs.snaplen {
                    Ok(())
                } else {
                    Err(format!("snaplen {} vs {}", ours.snaplen, theirs.snaplen))
                }
            }),
            (Err(e), _) => Err(format!("ours: {e}")),
            (_, Err(e)) => Err(format!("theirs: {e}")),
        };
        if our_error == out.status.success() {
            failures.push(format!(
                "{}: our error {our_error}, tcpdump status {}",
                file.display(),
                out.status
            ));
        }
        if let Err(e) = result {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    eprintln!("{} captures copied identically to tcpdump", files.len());
}

trait NanoCheck {
    fn is_ok_and_nano(&self) -> bool;
}

impl NanoCheck for Result<PcapFile, String> {
    fn is_ok_and_nano(&self) -> bool {
        matches!(self, Ok(f) if f.magic == 0xa1b23c4d)
    }
}

/// Read a capture with our reader and write it with our writer into memory;
/// also whether reading ended in an error.
fn copy_with_our_reader(
    opened: Result<CaptureReader, CaptureError>,
) -> (Result<PcapFile, String>, bool) {
    let mut reader = match opened {
        Ok(r) => r,
        Err(e) => return (Err(e.to_string()), true),
    };
    let mut writer = PcapWriter::new(
        Vec::new(),
        LinkType(reader.linktype_field()),
        reader.snaplen(),
        reader.precision(),
    )
    .unwrap();
    let mut failed = false;
    loop {
        match reader.next() {
            Ok(Some(r)) => writer.write(&r.packet).unwrap(),
            Ok(None) => break,
            Err(_) => {
                failed = true;
                break;
            }
        }
    }
    (parse_pcap(&writer.into_inner()), failed)
}

/// Random damage — flipped bytes, overwritten length fields, cuts — never
/// makes a reader panic, and streamed, buffered-file and memory-mapped
/// reading always agree on the packets and the error.
#[test]
fn random_damage_never_panics_and_readers_agree() {
    for (name, round, bytes) in damaged_testdata(0x0ddba11) {
        let streamed = match from_bytes(name, bytes.clone()) {
            Ok(r) => drain(r),
            Err(e) => (Vec::new(), Some(e)),
        };
        let (_file, mapped) = from_file(&bytes);
        let mapped = match mapped {
            Ok(r) => drain(r),
            Err(e) => (Vec::new(), Some(e)),
        };
        let read = match CaptureReader::open(_file.path()) {
            Ok(r) => drain(r),
            Err(e) => (Vec::new(), Some(e)),
        };
        for other in [&mapped, &read] {
            assert_eq!(streamed.0, other.0, "{name} round {round}");
            assert_eq!(
                streamed
                    .1
                    .as_ref()
                    .map(|e| (e.damage().cloned(), e.offset())),
                other.1.as_ref().map(|e| (e.damage().cloned(), e.offset())),
                "{name} round {round}"
            );
        }
    }
}
