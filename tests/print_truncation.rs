//! Truncation sweep against the snapshot tcpdump (the reference printer):
//! generated packets (built with etherparse, or by hand where it has no
//! builder), each captured at every snapshot length from 0 to its full
//! length, printed by us and by the snapshot (`-n -tt`, with `-v`, `-e`,
//! `-x`), compared line by line. This pins the `[|proto]` markers, where
//! each decoder gives up, and which bytes `-x` dumps after a truncation
//! (from the first byte when the snapshot's accessors jump out, after the
//! link header when a decoder checks a length itself).
//!
//! Run: `cargo test --test print_truncation -- --nocapture` (builds the
//! snapshot from `../shared/oracles/tcpdump`; skipped without it).

mod common;
mod print_capture;

use bpfdump::packet::{PacketRef, Timestamp};
use bpfdump::print::{PrintOptions, Printer};
use bpfdump::LinkType;
use etherparse::PacketBuilder;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const MAC_A: [u8; 6] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55];
const MAC_B: [u8; 6] = [0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb];
const V4_A: [u8; 4] = [192, 168, 1, 10];
const V4_B: [u8; 4] = [10, 0, 0, 1];
const V6_A: [u8; 16] = [
    0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55,
];
const V6_B: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

/// TCP options: mss, sackOK, timestamps, nop, wscale (a SYN's set).
const SYN_OPTIONS: &[u8] = &[
    2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
];

fn tcp_v4_syn() -> Vec<u8> {
    let mut out = Vec::new();
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv4(V4_A, V4_B, 64)
        .tcp(40000, 80, 1_000_000, 64240)
        .syn()
        .options_raw(SYN_OPTIONS)
        .unwrap()
        .write(&mut out, &[])
        .unwrap();
    out
}

fn tcp_v4_data_with_sack() -> Vec<u8> {
    let mut out = Vec::new();
    // nop, nop, sack with one block
    let options = [1, 1, 5, 10, 0, 0, 0x10, 0, 0, 0, 0x20, 0];
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .single_vlan(etherparse::VlanId::try_new(42).unwrap())
        .ipv4(V4_A, V4_B, 64)
        .tcp(40000, 8000, 5000, 502)
        .ack(77)
        .psh()
        .options_raw(&options)
        .unwrap()
        .write(&mut out, b"hello, world")
        .unwrap();
    out
}

fn tcp_v6() -> Vec<u8> {
    let mut out = Vec::new();
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv6(V6_A, V6_B, 64)
        .tcp(443, 51000, 7, 1000)
        .ack(9)
        .fin()
        .options_raw(&[1, 1, 8, 10, 0, 0, 0, 5, 0, 0, 0, 6])
        .unwrap()
        .write(&mut out, &[])
        .unwrap();
    out
}

fn udp_dns_query() -> Vec<u8> {
    // id 0x1234, RD, one question: example.com A IN
    let mut dns = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
    dns.extend_from_slice(b"\x07example\x03com\x00\x00\x01\x00\x01");
    let mut out = Vec::new();
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv4(V4_A, V4_B, 64)
        .udp(5354, 53)
        .write(&mut out, &dns)
        .unwrap();
    out
}

fn udp_plain_v6() -> Vec<u8> {
    let mut out = Vec::new();
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv6(V6_A, V6_B, 1)
        .udp(12345, 9999)
        .write(&mut out, &[0xab; 20])
        .unwrap();
    out
}

fn icmp_echo() -> Vec<u8> {
    let mut out = Vec::new();
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv4(V4_A, V4_B, 64)
        .icmpv4_echo_request(0x55, 3)
        .write(&mut out, &[1, 2, 3, 4, 5, 6, 7, 8])
        .unwrap();
    out
}

fn icmp_port_unreachable() -> Vec<u8> {
    // The quoted datagram: a UDP packet from B to A.
    let mut inner = Vec::new();
    PacketBuilder::ipv4(V4_B, V4_A, 60)
        .udp(33434, 4000)
        .write(&mut inner, &[0; 4])
        .unwrap();
    let mut out = Vec::new();
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv4(V4_A, V4_B, 64)
        .icmpv4_raw(3, 3, [0; 4])
        .write(&mut out, &inner[..28])
        .unwrap();
    out
}

fn icmp6_echo() -> Vec<u8> {
    let mut out = Vec::new();
    PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv6(V6_A, V6_B, 64)
        .icmpv6_echo_request(1, 2)
        .write(&mut out, &[9; 8])
        .unwrap();
    out
}

/// IPv6 with a hop-by-hop header (router alert) carrying an ICMPv6
/// neighbor solicitation, built by hand.
fn ip6_hbh_neighbor_solicitation() -> Vec<u8> {
    let mut icmp = vec![135, 0, 0, 0, 0, 0, 0, 0];
    icmp.extend_from_slice(&V6_B);
    icmp.extend_from_slice(&[1, 1]);
    icmp.extend_from_slice(&MAC_A);
    let hbh = [58u8, 0, 5, 2, 0, 0, 1, 0];
    let mut pkt = Vec::new();
    pkt.extend_from_slice(&MAC_B);
    pkt.extend_from_slice(&MAC_A);
    pkt.extend_from_slice(&[0x86, 0xdd]);
    let plen = (hbh.len() + icmp.len()) as u16;
    pkt.extend_from_slice(&[0x60, 0, 0, 0]);
    pkt.extend_from_slice(&plen.to_be_bytes());
    pkt.extend_from_slice(&[0, 255]);
    pkt.extend_from_slice(&V6_A);
    pkt.extend_from_slice(&V6_B);
    pkt.extend_from_slice(&hbh);
    pkt.extend_from_slice(&icmp);
    pkt
}

fn arp_request() -> Vec<u8> {
    let mut pkt = Vec::new();
    pkt.extend_from_slice(&[0xff; 6]);
    pkt.extend_from_slice(&MAC_A);
    pkt.extend_from_slice(&[0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1]);
    pkt.extend_from_slice(&MAC_A);
    pkt.extend_from_slice(&V4_A);
    pkt.extend_from_slice(&[0; 6]);
    pkt.extend_from_slice(&V4_B);
    pkt
}

/// A Linux cooked (v1) header in front of an IPv4/UDP datagram.
fn sll_udp() -> Vec<u8> {
    let mut ip = Vec::new();
    PacketBuilder::ipv4(V4_A, V4_B, 64)
        .udp(1000, 2000)
        .write(&mut ip, &[7; 10])
        .unwrap();
    let mut pkt = vec![0, 4, 0, 1, 0, 6];
    pkt.extend_from_slice(&MAC_A);
    pkt.extend_from_slice(&[0, 0, 0x08, 0x00]);
    pkt.extend_from_slice(&ip);
    pkt
}

fn write_pcap(path: &Path, linktype: u32, packet: &[u8]) {
    let file = std::fs::File::create(path).unwrap();
    let header = pcap_file::pcap::PcapHeader {
        datalink: pcap_file::DataLink::from(linktype),
        snaplen: 65535,
        ..Default::default()
    };
    let mut w = pcap_file::pcap::PcapWriter::with_header(file, header).unwrap();
    for caplen in 0..=packet.len() {
        let ts = Duration::new(1_700_000_000 + caplen as u64, 1000 * caplen as u32);
        w.write_packet(&pcap_file::pcap::PcapPacket::new(
            ts,
            packet.len() as u32,
            &packet[..caplen],
        ))
        .unwrap();
    }
}

#[test]
fn truncated_packets_print_as_tcpdump_prints_them() {
    let Some(tcpdump) =
        common::reference_tcpdump_or_skip("truncated_packets_print_as_tcpdump_prints_them")
    else {
        return;
    };
    let cases: Vec<(&str, u32, Vec<u8>)> = vec![
        ("tcp_v4_syn", 1, tcp_v4_syn()),
        ("tcp_vlan_sack", 1, tcp_v4_data_with_sack()),
        ("tcp_v6", 1, tcp_v6()),
        ("udp_dns_query", 1, udp_dns_query()),
        ("udp_plain_v6", 1, udp_plain_v6()),
        ("icmp_echo", 1, icmp_echo()),
        ("icmp_port_unreachable", 1, icmp_port_unreachable()),
        ("icmp6_echo", 1, icmp6_echo()),
        ("ip6_hbh_ns", 1, ip6_hbh_neighbor_solicitation()),
        ("arp_request", 1, arp_request()),
        ("sll_udp", 113, sll_udp()),
    ];
    let modes: &[(&[&str], PrintOptions)] = &[
        (
            &[],
            PrintOptions {
                numeric: 1,
                timestamp: 2,
                ..Default::default()
            },
        ),
        (
            &["-v"],
            PrintOptions {
                numeric: 1,
                timestamp: 2,
                verbose: 1,
                ..Default::default()
            },
        ),
        (
            &["-e"],
            PrintOptions {
                numeric: 1,
                timestamp: 2,
                link_header: true,
                ..Default::default()
            },
        ),
        (
            &["-x"],
            PrintOptions {
                numeric: 1,
                timestamp: 2,
                hex: 1,
                ..Default::default()
            },
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    // PRINT_TRUNC_DIR=dir keeps the generated captures there.
    let dir_path = std::env::var_os("PRINT_TRUNC_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    let (mut same, mut total) = (0usize, 0usize);
    let mut shown = 0;
    for (name, linktype, packet) in &cases {
        let path = dir_path.join(format!("{name}.pcap"));
        write_pcap(&path, *linktype, packet);
        let capture = print_capture::read(&path).unwrap();
        for (flags, options) in modes {
            let mut printer = Printer::new(options.clone(), LinkType(*linktype));
            let mut ours = Vec::new();
            for p in &capture.packets {
                printer.print(
                    &PacketRef {
                        timestamp: Timestamp {
                            secs: p.timestamp.secs,
                            nanos: p.timestamp.nanos,
                        },
                        wire_len: p.wire_len,
                        data: &p.data,
                    },
                    &mut ours,
                );
            }
            let ours = String::from_utf8_lossy(&ours).into_owned();
            let mut cmd = Command::new(&tcpdump);
            cmd.args(["-n", "-tt"]).args(*flags).arg("-r").arg(&path);
            let theirs = common::run_with_timeout(&mut cmd, Duration::from_secs(20))
                .expect("tcpdump timed out");
            let theirs = String::from_utf8_lossy(&theirs.stdout).into_owned();
            let our_lines: Vec<&str> = ours.lines().collect();
            let their_lines: Vec<&str> = theirs.lines().collect();
            for i in 0..our_lines.len().max(their_lines.len()) {
                total += 1;
                if our_lines.get(i) == their_lines.get(i) {
                    same += 1;
                } else if shown < 40 {
                    shown += 1;
                    eprintln!(
                        "{name} {flags:?} line {i}:\n  ours:    {}\n  tcpdump: {}",
                        our_lines.get(i).unwrap_or(&"<none>"),
                        their_lines.get(i).unwrap_or(&"<none>")
                    );
                }
            }
        }
    }
    eprintln!("truncation sweep: {same}/{total} lines identical");
    assert_eq!(same, total, "{} lines differ from tcpdump", total - same);
}
