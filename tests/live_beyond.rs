//! Issue 16, capturing live: `--pcapng` writes the interface's name and
//! filter and, at the end, its statistics; `--trace` runs the filter in
//! bpfdump and traces every packet the socket delivers.

mod live_support;

use live_support::*;
use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
use pcap_file::pcapng::blocks::interface_statistics::InterfaceStatisticsOption;
use pcap_file::pcapng::{Block, PcapNgReader};
use std::net::SocketAddrV4;
use std::time::Duration;

#[test]
fn live_pcapng_has_the_interface_and_its_statistics() {
    if !root_or_skip("live_pcapng_has_the_interface_and_its_statistics") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("live.pcapng");
    let mut capture = net.spawn_bpfdump(
        &net.b,
        &[
            "-i",
            "vb",
            "-c",
            "3",
            "--pcapng",
            "--compress",
            "zstd",
            "-w",
            out.to_str().unwrap(),
            "udp port 7002",
        ],
    );
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7002);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7002), "p", 10);
    let (status, _, stderr) = capture.finish(Duration::from_secs(10));
    assert!(status.success(), "{stderr}");
    let bytes = zstd::stream::decode_all(&std::fs::read(&out).unwrap()[..]).unwrap();
    let mut reader = PcapNgReader::new(&bytes[..]).unwrap();
    let (mut packets, mut interfaces, mut stats) = (Vec::new(), Vec::new(), Vec::new());
    while let Some(block) = reader.next_block() {
        match block.unwrap() {
            Block::InterfaceDescription(idb) => interfaces.push(idb.into_owned()),
            Block::EnhancedPacket(epb) => packets.push(epb.data.to_vec()),
            Block::InterfaceStatistics(isb) => stats.push(isb.into_owned()),
            _ => {}
        }
    }
    assert_eq!(interfaces.len(), 1);
    let options = &interfaces[0].options;
    assert!(
        options.contains(&InterfaceDescriptionOption::IfName("vb".into())),
        "{options:?}"
    );
    assert!(options.contains(&InterfaceDescriptionOption::IfFilter(
        b"\0udp port 7002".to_vec().into()
    )));
    let payloads: Vec<&[u8]> = packets.iter().map(|p| udp_of(p, 14).unwrap().2).collect();
    assert_eq!(payloads, vec![&b"p-0"[..], b"p-1", b"p-2"]);
    assert_eq!(stats.len(), 1, "one statistics block at the end");
    let (captured, received, dropped) = parse_stats(&stderr).expect("statistics");
    let isb = &stats[0].options;
    assert!(
        isb.contains(&InterfaceStatisticsOption::IsbUsrDeliv(captured)),
        "{isb:?}"
    );
    assert!(
        isb.contains(&InterfaceStatisticsOption::IsbIfRecv(received)),
        "{isb:?}"
    );
    assert!(
        isb.contains(&InterfaceStatisticsOption::IsbOsDrop(dropped)),
        "{isb:?}"
    );
}

#[test]
fn live_trace_shows_every_packet_and_its_verdict() {
    if !root_or_skip("live_trace_shows_every_packet_and_its_verdict") {
        return;
    }
    let net = NetPair::new();
    let mut capture = net.spawn_bpfdump(
        &net.b,
        &["-i", "vb", "-n", "-c", "2", "--trace", "udp port 40003"],
    );
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 40003);
    let _other = net.udp_socket(&net.b, IP_B, 40004);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 40004), "x", 2);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 40003), "t", 2);
    let (status, stdout, stderr) = capture.finish(Duration::from_secs(10));
    assert!(status.success(), "{stderr}");
    let text = String::from_utf8_lossy(&stdout);
    let accepted = text
        .lines()
        .filter(|l| l.starts_with("packet ") && l.contains(": accepted"))
        .count();
    let rejected = text
        .lines()
        .filter(|l| l.starts_with("packet ") && l.contains(": rejected"))
        .count();
    assert_eq!(accepted, 2, "{text}");
    assert!(
        rejected >= 2,
        "the packets to 40004 are traced and rejected: {text}"
    );
    assert!(text.contains("ret      #262144"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.contains(".40003: UDP")).count(),
        2,
        "{text}"
    );
}

/// Ctrl-C with `--pcapng --compress gzip`: a complete file (the end of the
/// gzip stream, the statistics block) holding every packet captured, that
/// tshark reads too.
#[test]
fn interrupted_live_pcapng_is_complete() {
    if !root_or_skip("interrupted_live_pcapng_is_complete") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("int.pcapng.gz");
    let mut capture = net.spawn_bpfdump(
        &net.b,
        &[
            "-i",
            "vb",
            "--pcapng",
            "--compress",
            "gzip",
            "-w",
            out.to_str().unwrap(),
        ],
    );
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7005);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7005), "int", 7);
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&std::fs::read(&out).unwrap()[..]),
        &mut bytes,
    )
    .expect("a complete gzip stream");
    let mut reader = PcapNgReader::new(&bytes[..]).unwrap();
    let (mut packets, mut stats) = (0, 0);
    while let Some(block) = reader.next_block() {
        match block.expect("whole blocks") {
            Block::EnhancedPacket(_) => packets += 1,
            Block::InterfaceStatistics(_) => stats += 1,
            _ => {}
        }
    }
    let (captured, _, _) = parse_stats(&stderr).expect("statistics");
    assert_eq!(packets as u64, captured);
    assert!(packets >= 7, "{stderr}");
    assert_eq!(stats, 1);
    if have("tshark") {
        let read = std::process::Command::new("tshark")
            .arg("-r")
            .arg(&out)
            .output()
            .unwrap();
        assert!(read.status.success(), "tshark rejects the file");
        assert_eq!(
            String::from_utf8_lossy(&read.stdout).lines().count(),
            packets
        );
    }
}
