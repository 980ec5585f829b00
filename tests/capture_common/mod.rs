//! Helpers for the capture tests: an independent, minimal pcap parser used
//! to compare output files record by record, and byte-level surgery to make
//! damaged captures.
#![allow(dead_code)]

use bpfdump::capture::{CaptureError, Record};
use bpfdump::packet::Timestamp;
use bpfdump::LinkType;
use std::path::{Path, PathBuf};

/// An owned copy of a record, to compare what two readers yield.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    pub timestamp: Timestamp,
    pub wire_len: u32,
    pub data: Vec<u8>,
    pub linktype: LinkType,
    pub interface: u32,
}

impl Owned {
    pub fn of(record: &Record) -> Owned {
        Owned {
            timestamp: record.packet.timestamp,
            wire_len: record.packet.wire_len,
            data: record.packet.data.to_vec(),
            linktype: record.linktype,
            interface: record.interface,
        }
    }
}

/// A read error as (kind of damage or message, byte offset), to compare
/// two readers' errors.
pub fn describe(e: &CaptureError) -> (String, Option<u64>) {
    let kind = match e.damage() {
        Some(d) => format!("{d:?}"),
        None => e.to_string(),
    };
    (kind, e.offset())
}

/// The crate's own generated captures.
pub fn testdata(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name)
}

/// A pcap file split into its header fields and raw records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcapFile {
    /// Magic number as read in the file's byte order (0xa1b2c3d4 micro,
    /// 0xa1b23c4d nano).
    pub magic: u32,
    pub snaplen: u32,
    pub linktype: u32,
    pub records: Vec<RawRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    pub secs: u32,
    pub frac: u32,
    pub caplen: u32,
    pub wire_len: u32,
    pub data: Vec<u8>,
}

/// Parse a complete, undamaged pcap file (either byte order); `Err` says
/// what is wrong with it.
pub fn parse_pcap(bytes: &[u8]) -> Result<PcapFile, String> {
    if bytes.len() < 24 {
        return Err(format!("{} bytes: no pcap header", bytes.len()));
    }
    let le = u32::from_le_bytes(bytes[0..4].try_into().unwrap());
    let swapped = match le {
        0xa1b2c3d4 | 0xa1b23c4d => false,
        _ if matches!(le.swap_bytes(), 0xa1b2c3d4 | 0xa1b23c4d) => true,
        _ => return Err(format!("bad magic {le:08x}")),
    };
    let u32_at = |at: usize| {
        let v = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        if swapped {
            v.swap_bytes()
        } else {
            v
        }
    };
    let mut file = PcapFile {
        magic: u32_at(0),
        snaplen: u32_at(16),
        linktype: u32_at(20),
        records: Vec::new(),
    };
    let mut at = 24;
    while at < bytes.len() {
        if at + 16 > bytes.len() {
            return Err(format!("truncated record header at {at}"));
        }
        let caplen = u32_at(at + 8);
        let end = at + 16 + caplen as usize;
        if end > bytes.len() {
            return Err(format!("truncated record at {at}"));
        }
        file.records.push(RawRecord {
            secs: u32_at(at),
            frac: u32_at(at + 4),
            caplen,
            wire_len: u32_at(at + 12),
            data: bytes[at + 16..end].to_vec(),
        });
        at = end;
    }
    Ok(file)
}

pub fn read_pcap(path: &Path) -> Result<PcapFile, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_pcap(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Compare two pcap files' link type, timestamp precision and records;
/// `Err` describes the first difference.
pub fn same_packets(ours: &PcapFile, theirs: &PcapFile) -> Result<(), String> {
    if ours.magic != theirs.magic {
        return Err(format!("magic {:08x} vs {:08x}", ours.magic, theirs.magic));
    }
    if ours.linktype != theirs.linktype {
        return Err(format!(
            "link type {} vs {}",
            ours.linktype, theirs.linktype
        ));
    }
    for (i, (a, b)) in ours.records.iter().zip(&theirs.records).enumerate() {
        if a != b {
            return Err(format!(
                "record {i} differs: ours ts {}.{} caplen {} len {}, theirs ts {}.{} caplen {} len {}{}",
                a.secs,
                a.frac,
                a.caplen,
                a.wire_len,
                b.secs,
                b.frac,
                b.caplen,
                b.wire_len,
                if a.data != b.data { " (data differs)" } else { "" }
            ));
        }
    }
    if ours.records.len() != theirs.records.len() {
        return Err(format!(
            "{} records vs {}",
            ours.records.len(),
            theirs.records.len()
        ));
    }
    Ok(())
}

/// Offsets of each record in a well-formed little-endian pcap byte buffer.
pub fn record_offsets(bytes: &[u8]) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut at = 24;
    while at + 16 <= bytes.len() {
        offsets.push(at);
        let caplen = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap()) as usize;
        at += 16 + caplen;
    }
    offsets
}

/// Rewrite a little-endian pcap file in big-endian byte order.
pub fn to_big_endian(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let swap32 = |out: &mut Vec<u8>, at: usize| out[at..at + 4].reverse();
    swap32(&mut out, 0);
    out[4..6].reverse();
    out[6..8].reverse();
    for at in [8, 12, 16, 20] {
        swap32(&mut out, at);
    }
    for at in record_offsets(bytes) {
        for field in 0..4 {
            swap32(&mut out, at + field * 4);
        }
    }
    out
}

/// The pcap files in `shared/pcaps` and the pcapng ones, sorted.
pub fn shared_captures(shared: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("pcaps"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("pcap") | Some("pcapng")
        )
    });
    files.sort();
    files
}

/// Randomly damaged copies of the testdata captures, 60 per file, for the
/// readers' robustness tests: (file name, round, bytes). The damage cycles
/// through a few random bytes anywhere, a random 32-bit value at an aligned
/// place (which often hits a length field), a cut anywhere, and junk
/// appended. `seed` makes the sequence reproducible.
pub fn damaged_testdata(seed: u64) -> Vec<(&'static str, usize, Vec<u8>)> {
    let mut seed = seed;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut copies = Vec::new();
    for name in ["mixed.pcap", "mixed-ns.pcap", "mixed.pcapng"] {
        let original = std::fs::read(testdata(name)).unwrap();
        for round in 0..60 {
            let mut bytes = original.clone();
            match round % 4 {
                0 => {
                    for _ in 0..4 {
                        let at = next() as usize % bytes.len();
                        bytes[at] = next() as u8;
                    }
                }
                1 => {
                    let at = (next() as usize % (bytes.len() / 4)) * 4;
                    let value = match next() % 3 {
                        0 => u32::MAX,
                        1 => next() as u32 % 300_000,
                        _ => next() as u32,
                    };
                    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
                }
                2 => bytes.truncate(next() as usize % bytes.len()),
                _ => bytes.extend((0..next() % 64).map(|_| next() as u8)),
            }
            copies.push((name, round, bytes));
        }
    }
    copies
}

/// A pcap of D-Bus messages (link type 231, records up to 128 MiB) whose
/// records are far longer than any reader's chunk, between short ones;
/// and the records' lengths.
pub fn long_dbus_records() -> (Vec<u8>, [usize; 7]) {
    let mut bytes = Vec::new();
    for field in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 0, 231] {
        bytes.extend_from_slice(&field.to_le_bytes());
    }
    let sizes = [10usize, 700 << 10, 3, 3 << 20, 0, 600 << 10, 40];
    for (i, &size) in sizes.iter().enumerate() {
        for field in [i as u32, 0, size as u32, size as u32] {
            bytes.extend_from_slice(&field.to_le_bytes());
        }
        bytes.extend((0..size).map(|b| (b * 7 + i) as u8));
    }
    (bytes, sizes)
}

/// The records of the generated capture repeated until the file has at
/// least `size` bytes (whole records only).
pub fn big_capture_bytes(size: usize) -> Vec<u8> {
    let original = std::fs::read(testdata("mixed.pcap")).unwrap();
    let mut bytes = original[..24].to_vec();
    while bytes.len() < size {
        bytes.extend_from_slice(&original[24..]);
    }
    bytes
}

pub fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}
