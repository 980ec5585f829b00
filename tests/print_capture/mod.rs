//! Reading the shared captures for the printer tests: with bpfdump's own
//! reader, or with the `pcap-file` crate directly (independent of it).
#![allow(dead_code)]

use bpfdump::packet::{Timestamp, TimestampPrecision};
use std::path::Path;

/// One packet, owned, with the link type of the interface it came from.
pub struct Packet {
    pub linktype: u32,
    pub timestamp: Timestamp,
    pub wire_len: u32,
    pub data: Vec<u8>,
}

pub struct Capture {
    pub precision: TimestampPrecision,
    pub packets: Vec<Packet>,
}

/// Read a pcap or pcapng file with bpfdump's own reader (so the printer
/// tests compare what the tool itself prints); packets up to the first
/// error.
pub fn read(path: &Path) -> Result<Capture, String> {
    let mut reader = bpfdump::capture::CaptureReader::open(path).map_err(|e| e.to_string())?;
    let precision = reader.precision();
    let mut packets = Vec::new();
    while let Ok(Some(record)) = reader.next() {
        packets.push(Packet {
            linktype: record.linktype.0,
            timestamp: record.packet.timestamp,
            wire_len: record.packet.wire_len,
            data: record.packet.data.to_vec(),
        });
    }
    Ok(Capture { precision, packets })
}

/// The same with the `pcap-file` crate, independent of bpfdump's reader.
pub fn read_independent(path: &Path) -> Result<Capture, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let magic = bytes.get(..4).ok_or("short file")?;
    if magic == [0x0a, 0x0d, 0x0d, 0x0a] {
        read_pcapng(&bytes)
    } else {
        read_pcap(&bytes)
    }
}

fn read_pcap(bytes: &[u8]) -> Result<Capture, String> {
    let mut reader = pcap_file::pcap::PcapReader::new(bytes).map_err(|e| e.to_string())?;
    let header = reader.header();
    let nano = header.ts_resolution == pcap_file::TsResolution::NanoSecond;
    let linktype = u32::from(header.datalink);
    let mut packets = Vec::new();
    while let Some(Ok(raw)) = reader.next_raw_packet() {
        // Keep an out-of-range fraction as it is: tcpdump prints it so.
        let nanos = if nano {
            raw.ts_frac
        } else {
            raw.ts_frac.wrapping_mul(1000)
        };
        packets.push(Packet {
            linktype,
            timestamp: Timestamp {
                secs: raw.ts_sec as i64,
                nanos,
            },
            wire_len: raw.orig_len,
            data: raw.data.into_owned(),
        });
    }
    Ok(Capture {
        precision: if nano {
            TimestampPrecision::Nano
        } else {
            TimestampPrecision::Micro
        },
        packets,
    })
}

fn read_pcapng(bytes: &[u8]) -> Result<Capture, String> {
    use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
    use pcap_file::pcapng::Block;
    let mut reader = pcap_file::pcapng::PcapNgReader::new(bytes).map_err(|e| e.to_string())?;
    // (link type, units per second) per interface.
    let mut interfaces: Vec<(u32, u64)> = Vec::new();
    let mut packets = Vec::new();
    while let Some(Ok(block)) = reader.next_block() {
        match block {
            Block::SectionHeader(_) => interfaces.clear(),
            Block::InterfaceDescription(idb) => {
                let mut units = 1_000_000u64;
                for opt in &idb.options {
                    if let InterfaceDescriptionOption::IfTsResol(r) = opt {
                        units = if r & 0x80 == 0 {
                            10u64.pow((*r).min(19) as u32)
                        } else {
                            1u64 << (r & 0x7f).min(63)
                        };
                    }
                }
                interfaces.push((u32::from(idb.linktype), units));
            }
            Block::EnhancedPacket(epb) => {
                let Some(&(linktype, units)) = interfaces.get(epb.interface_id as usize) else {
                    break;
                };
                // pcap-file hands back the raw timestamp units as nanoseconds.
                let raw = epb.timestamp.as_nanos() as u128;
                let secs = (raw / units as u128) as i64;
                let frac = raw % units as u128;
                let nanos = (frac * 1_000_000_000 / units as u128) as u32;
                packets.push(Packet {
                    linktype,
                    timestamp: Timestamp { secs, nanos },
                    wire_len: epb.original_len,
                    data: epb.data.into_owned(),
                });
            }
            Block::SimplePacket(spb) => {
                let Some(&(linktype, _)) = interfaces.first() else {
                    break;
                };
                packets.push(Packet {
                    linktype,
                    timestamp: Timestamp::default(),
                    wire_len: spb.original_len,
                    data: spb.data.into_owned(),
                });
            }
            _ => {}
        }
    }
    Ok(Capture {
        precision: TimestampPrecision::Micro,
        packets,
    })
}

/// Our output (which follows the tcpdump development snapshot, the
/// reference) rewritten in the forms the installed tcpdump 4.99 prints
/// instead, for the tests that compare with that tcpdump: only the
/// deliberate, known format changes between the two versions.
pub fn as_tcpdump_499(line: &str) -> String {
    let mut s = line
        .replace("), payload length ", ") payload length: ")
        .replace("next-header HBH (0)", "next-header Options (0)")
        .replace("proto HBH (0)", "proto Options (0)")
        .replace("(unknown opt-type 0x", "(opt_type 0x")
        // A hop-by-hop header cut short: the snapshot names the header.
        .replace(" [|hbh]", " [|hbhopt]");
    // A bad IPv6 version: 4.99 said it its way.
    if let Some(i) = s.find("IP6  [version ") {
        let rest = &s[i + "IP6  [version ".len()..];
        if let Some((v, tail)) = rest.split_once(" != 6] (invalid)") {
            s = format!("{}IP6 version error: {v} != 6{tail}", &s[..i]);
        }
    }
    // TCP's bad header lengths: the snapshot says they are invalid.
    if let Some(i) = s.find(" [bad hdr length ") {
        if let Some(j) = s[i..].find("] (invalid)") {
            s.replace_range(i + j + 1..i + j + "] (invalid)".len(), "");
        }
    }
    // TCP option data cut short after at least one whole option: 4.99
    // closes with `>` (not when the cut falls on an option's kind byte,
    // right after a comma).
    if let Some(i) = s.find(", options [") {
        let rest = &s[i + ", options [".len()..];
        if let Some(before) = rest.strip_suffix(" [|tcp]") {
            if before.contains(',') && !before.ends_with(',') {
                s.push('>');
            }
        }
    }
    // `(opt_type 0x1a len=0)` -> `(opt_type 0x1a: len=0)`
    let mut from = 0;
    while let Some(i) = s[from..].find("(opt_type 0x") {
        let at = from + i + "(opt_type 0x".len() + 2;
        if s.get(at..at + 5) == Some(" len=") {
            s.insert(at, ':');
        }
        from = at;
    }
    for (snapshot, old, space) in [
        ("[total length ", "truncated-ip - ", " "),
        ("[header+payload length ", "truncated-ip6 - ", ""),
    ] {
        if let Some(i) = s.find(snapshot) {
            let rest = &s[i + snapshot.len()..];
            let parsed = rest.split_once(" > length ").and_then(|(x, r)| {
                let (y, tail) = r.split_once("] (invalid) ")?;
                Some((x.parse::<u64>().ok()?, y.parse::<u64>().ok()?, tail))
            });
            if let Some((x, y, tail)) = parsed {
                s = format!(
                    "{}{old}{} bytes missing!{space}{tail}",
                    &s[..i],
                    x.saturating_sub(y)
                );
            }
        }
    }
    // MPTCP capable: 4.99 has ` csum` for flag A, no other flags, no
    // data length.
    if let Some(i) = s.find(" flags [") {
        if s[..i].ends_with("capable v1") || s[..i].ends_with("capable v0") {
            if let Some(j) = s[i..].find(']') {
                let flags = s[i + 8..i + j].to_string();
                let csum = if flags.split(", ").any(|f| f == "A") {
                    " csum"
                } else {
                    ""
                };
                s.replace_range(i..i + j + 1, csum);
            }
        }
    }
    if let Some(i) = s.find(",data_len=") {
        if let Some(j) = s[i..].find('}') {
            s.replace_range(i..i + j, "");
        }
    }
    s = s.replace(",Dagid,flags:", ",Dagid,");
    for what in ["TSO", "BIG TCP"] {
        let note = format!(" [was 0, presumed {what}]");
        if let Some(i) = s.find(&note) {
            // `length N [was 0, ...]` -> `length 0`
            let start = s[..i].rfind(' ').map_or(i, |j| j + 1);
            s.replace_range(start..i + note.len(), "0");
        }
    }
    s
}
