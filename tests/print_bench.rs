//! Printing throughput against tcpdump, same machine, same run.
//!
//! Builds a capture of about a million Ethernet packets by repeating the
//! shared EN10MB captures, then times `tcpdump -n -r big.pcap > /dev/null`
//! and our printer over the same file (read with `pcap-file` from memory,
//! every packet printed into a reused buffer and written to /dev/null).
//!
//! Ignored by default (it takes a while and wants a release build):
//! `BPFDUMP_SHARED=/work/shared cargo test --release --test print_bench -- --ignored --nocapture`
//! (`PRINT_BENCH_PACKETS=N` changes the size).

mod common;
mod print_capture;

use bpfdump::packet::PacketRef;
use bpfdump::print::{PrintOptions, Printer};
use bpfdump::LinkType;
use std::io::Write;
use std::time::Instant;

/// Ethernet frames carrying IPv4, IPv6 or ARP (the protocols the printer
/// decodes fully), or every frame.
fn ip_or_arp(data: &[u8]) -> bool {
    matches!(
        data.get(12..14),
        Some([0x08, 0x00]) | Some([0x86, 0xdd]) | Some([0x08, 0x06])
    )
}

fn build_big_capture(
    shared: &std::path::Path,
    target: usize,
    path: &std::path::Path,
    only_ip: bool,
) -> usize {
    let mut packets = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(shared.join("pcaps"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files {
        if let Ok(c) = print_capture::read(&f) {
            packets.extend(c.packets.into_iter().filter(|p| {
                p.linktype == 1
                    && p.data.len() <= 65535
                    && p.wire_len >= p.data.len() as u32
                    && (!only_ip || ip_or_arp(&p.data))
            }));
        }
    }
    assert!(!packets.is_empty());
    let file = std::fs::File::create(path).unwrap();
    let header = pcap_file::pcap::PcapHeader {
        datalink: pcap_file::DataLink::ETHERNET,
        snaplen: 262144,
        ..Default::default()
    };
    let mut writer =
        pcap_file::pcap::PcapWriter::with_header(std::io::BufWriter::new(file), header).unwrap();
    let mut n = 0;
    while n < target {
        for p in &packets {
            let ts = std::time::Duration::new(
                p.timestamp.secs.clamp(0, i32::MAX as i64) as u64,
                (p.timestamp.nanos % 1_000_000_000) / 1000 * 1000,
            );
            writer
                .write_packet(&pcap_file::pcap::PcapPacket::new(ts, p.wire_len, &p.data))
                .unwrap();
            n += 1;
            if n == target {
                break;
            }
        }
    }
    n
}

#[test]
#[ignore]
fn printing_throughput_vs_tcpdump() {
    let Some(shared) = common::shared_dir_or_skip("printing_throughput_vs_tcpdump") else {
        return;
    };
    if !common::have_tcpdump("printing_throughput_vs_tcpdump") {
        return;
    }
    let target: usize = std::env::var("PRINT_BENCH_PACKETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let tmp = tempfile::tempdir().unwrap();
    // PRINT_BENCH_DIR=dir keeps the big captures there (e.g. to time the CLI).
    let dir = std::env::var_os("PRINT_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    for (label, only_ip) in [
        ("all EN10MB packets of the shared captures", false),
        ("their IPv4/IPv6/ARP packets only", true),
    ] {
        let big = dir.join(if only_ip {
            "big-ip.pcap"
        } else {
            "big-all.pcap"
        });
        let n = build_big_capture(&shared, target, &big, only_ip);
        let bytes = std::fs::metadata(&big).unwrap().len();
        eprintln!("== {label}: {n} packets, {bytes} bytes");
        measure(&big, n);
    }
}

fn measure(big: &std::path::Path, n: usize) {
    // tcpdump, output to /dev/null.
    let start = Instant::now();
    let status = std::process::Command::new("tcpdump")
        .args(["-n", "-r"])
        .arg(big)
        .stdout(std::fs::File::create("/dev/null").unwrap())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    let tcpdump_secs = start.elapsed().as_secs_f64();
    assert!(status.success());

    // Ours: read the file, print every packet, write to /dev/null.
    let options = PrintOptions {
        numeric: 1,
        ..Default::default()
    };
    let start = Instant::now();
    let data = std::fs::read(big).unwrap();
    let mut reader = pcap_file::pcap::PcapReader::new(&data[..]).unwrap();
    let mut printer = Printer::new(options, LinkType(1));
    let mut sink =
        std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create("/dev/null").unwrap());
    let mut out = Vec::with_capacity(1 << 16);
    let mut count = 0usize;
    let mut lines = 0usize;
    while let Some(Ok(raw)) = reader.next_raw_packet() {
        let pr = PacketRef {
            timestamp: bpfdump::packet::Timestamp {
                secs: raw.ts_sec as i64,
                nanos: raw.ts_frac.wrapping_mul(1000),
            },
            wire_len: raw.orig_len,
            data: &raw.data,
        };
        printer.print(&pr, &mut out);
        count += 1;
        if out.len() > 60_000 {
            lines += out.iter().filter(|&&b| b == b'\n').count();
            sink.write_all(&out).unwrap();
            out.clear();
        }
    }
    lines += out.iter().filter(|&&b| b == b'\n').count();
    sink.write_all(&out).unwrap();
    sink.flush().unwrap();
    let ours_secs = start.elapsed().as_secs_f64();
    assert_eq!(count, n);

    eprintln!(
        "tcpdump -n: {:.3} s ({:.0} packets/s)\nbpfdump printer -n: {:.3} s ({:.0} packets/s, {lines} lines)\nspeedup: {:.2}x",
        tcpdump_secs,
        n as f64 / tcpdump_secs,
        ours_secs,
        n as f64 / ours_secs,
        tcpdump_secs / ours_secs
    );
}
