//! Name resolution without `-n`: host names from /etc/hosts and port names
//! from /etc/services, compared with tcpdump on a capture whose only
//! address is 127.0.0.1 (so tcpdump finds every name in /etc/hosts and
//! makes no DNS query either).

mod common;
mod print_capture;

use bpfdump::packet::PacketRef;
use bpfdump::print::{PrintOptions, Printer};
use bpfdump::LinkType;
use std::process::Command;
use std::time::Duration;

fn hosts_maps_loopback() -> bool {
    std::fs::read_to_string("/etc/hosts").is_ok_and(|t| {
        t.lines().any(|l| {
            l.split('#').next().unwrap_or("").split_whitespace().next() == Some("127.0.0.1")
        })
    })
}

#[test]
fn names_come_from_hosts_and_services_like_tcpdump() {
    let Some(shared) =
        common::shared_dir_or_skip("names_come_from_hosts_and_services_like_tcpdump")
    else {
        return;
    };
    if !common::have_tcpdump("names_come_from_hosts_and_services_like_tcpdump") {
        return;
    }
    if !hosts_maps_loopback() {
        eprintln!("names_come_from_hosts_and_services_like_tcpdump: skipped: /etc/hosts has no 127.0.0.1 entry");
        return;
    }
    let file = shared.join("pcaps/resp_3_malicious.pcap");
    let capture = print_capture::read(&file).unwrap();
    let linktype = LinkType(capture.packets[0].linktype);
    let mut printer = Printer::new(
        PrintOptions {
            timestamp: 2,
            ..Default::default()
        },
        linktype,
    );
    let mut ours = Vec::new();
    for p in &capture.packets {
        printer.print(
            &PacketRef {
                timestamp: p.timestamp,
                wire_len: p.wire_len,
                data: &p.data,
            },
            &mut ours,
        );
    }
    let ours = String::from_utf8(ours).unwrap();
    let mut cmd = Command::new("tcpdump");
    cmd.args(["-tt", "-r"]).arg(&file);
    let theirs =
        common::run_with_timeout(&mut cmd, Duration::from_secs(20)).expect("tcpdump timed out");
    let theirs = String::from_utf8_lossy(&theirs.stdout).into_owned();
    let (mut compared, mut differ) = (0, 0);
    for (o, t) in ours.lines().zip(theirs.lines()) {
        // The Redis payload decoder is not implemented; its lines differ.
        if t.contains("RESP") {
            continue;
        }
        compared += 1;
        if o != t {
            differ += 1;
            eprintln!("ours:    {o}\ntcpdump: {t}");
        }
    }
    assert!(
        theirs.contains("localhost.redis"),
        "expected resolved names in tcpdump's output"
    );
    assert!(compared > 100);
    assert_eq!(differ, 0);
}

/// A raw-IP (link type 101) IPv4 packet from 127.0.0.1 to itself.
fn ipv4_packet(proto: u8, frag_offset_words: u16, payload_len: usize) -> Vec<u8> {
    let total = 20 + payload_len;
    let mut p = vec![0x45, 0, (total >> 8) as u8, total as u8, 0, 1];
    p.extend_from_slice(&frag_offset_words.to_be_bytes());
    p.extend_from_slice(&[64, proto, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1]);
    p.resize(total, 0xab);
    p
}

/// Without `-n`, tcpdump names IP protocols it does not decode (and the
/// protocol of a fragment after the first) by their IANA keyword.
#[test]
fn protocol_names_without_n_like_tcpdump() {
    let test = "protocol_names_without_n_like_tcpdump";
    if !common::have_tcpdump(test) {
        return;
    }
    if !hosts_maps_loopback() {
        eprintln!("{test}: skipped: /etc/hosts has no 127.0.0.1 entry");
        return;
    }
    // Every protocol number as a later fragment, and the numbers without
    // a tcpdump decoder as whole packets.
    let mut packets: Vec<Vec<u8>> = (0..=255u8).map(|p| ipv4_packet(p, 3, 8)).collect();
    packets.extend(
        [3u8, 5, 7, 61, 99, 142, 200, 253, 254, 255]
            .iter()
            .map(|&p| ipv4_packet(p, 0, 12)),
    );
    let mut file = Vec::new();
    for word in [0xa1b2_c3d4u32] {
        file.extend_from_slice(&word.to_le_bytes());
    }
    file.extend_from_slice(&2u16.to_le_bytes());
    file.extend_from_slice(&4u16.to_le_bytes());
    for word in [0u32, 0, 65535, 101] {
        file.extend_from_slice(&word.to_le_bytes());
    }
    for (i, p) in packets.iter().enumerate() {
        for word in [1000 + i as u32, 0, p.len() as u32, p.len() as u32] {
            file.extend_from_slice(&word.to_le_bytes());
        }
        file.extend_from_slice(p);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("protocols.pcap");
    std::fs::write(&path, &file).unwrap();

    let mut printer = Printer::new(
        PrintOptions {
            timestamp: 2,
            ..Default::default()
        },
        LinkType(101),
    );
    let mut ours = Vec::new();
    for (i, p) in packets.iter().enumerate() {
        printer.print(
            &PacketRef {
                timestamp: bpfdump::packet::Timestamp {
                    secs: 1000 + i as i64,
                    nanos: 0,
                },
                wire_len: p.len() as u32,
                data: p,
            },
            &mut ours,
        );
    }
    let ours = String::from_utf8(ours).unwrap();
    let mut cmd = Command::new("tcpdump");
    cmd.args(["-tt", "-r"]).arg(&path);
    let theirs =
        common::run_with_timeout(&mut cmd, Duration::from_secs(20)).expect("tcpdump timed out");
    let theirs = String::from_utf8_lossy(&theirs.stdout).into_owned();
    assert!(
        theirs.contains(": udp"),
        "expected protocol names from tcpdump"
    );
    assert_eq!(theirs.lines().count(), packets.len());
    let mut differ = 0;
    for (o, t) in ours.lines().zip(theirs.lines()) {
        if o != t {
            differ += 1;
            eprintln!("ours:    {o}\ntcpdump: {t}");
        }
    }
    assert_eq!(differ, 0);
}

/// Without `-n`, MAC addresses carry their OUI's name (`(oui Unknown)`,
/// `Broadcast`) and IPX SAP types their service name, as the development
/// snapshot prints them (no DNS involved: the captures' IPv4 addresses
/// have no names in /etc/hosts here, and tcpdump prints them as numbers).
#[test]
fn macs_and_ipx_services_are_named_as_the_snapshot_names_them() {
    let test = "macs_and_ipx_services_are_named_as_the_snapshot_names_them";
    let Some(tcpdump) = common::reference_tcpdump_or_skip(test) else {
        return;
    };
    let mut files =
        vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/mixed.pcap")];
    if let Some(shared) = common::shared_dir_or_skip(test) {
        files.push(shared.join("pcaps/ipx.pcap"));
        files.push(shared.join("pcaps/802.1w_rapid_STP.pcap"));
    }
    for file in files.iter().filter(|f| f.is_file()) {
        let run = |program: &std::path::Path| {
            let out = Command::new(program)
                .env("TZ", "UTC")
                .args(["-e", "-r"])
                .arg(file)
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let ours = run(std::path::Path::new(env!("CARGO_BIN_EXE_bpfdump")));
        let theirs = run(&tcpdump);
        assert!(ours.contains("(oui "), "{}", file.display());
        let first = ours.lines().zip(theirs.lines()).find(|(a, b)| a != b);
        assert_eq!(first, None, "{}", file.display());
        assert_eq!(
            ours.lines().count(),
            theirs.lines().count(),
            "{}",
            file.display()
        );
    }
}
