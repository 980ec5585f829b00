//! Live capture end to end, inside namespaces this test creates: exactly
//! the packets the filter selects are captured, byte for byte as tcpdump
//! captures them.

mod common;
mod live_support;

use bpfdump::live::{Capture, CaptureConfig, FilterPlan, Link, Progress};
use live_support::*;
use std::net::SocketAddrV4;
use std::path::Path;
use std::time::{Duration, Instant};

/// Check one captured Ethernet frame against what A sent to B.
fn check_a_to_b_frame(data: &[u8], wire_len: u32, dst_port: u16) -> String {
    assert_eq!(wire_len as usize, data.len(), "not truncated");
    assert_eq!(&data[0..6], &MAC_B, "destination MAC");
    assert_eq!(&data[6..12], &MAC_A, "source MAC");
    assert_eq!(&data[12..14], &[0x08, 0x00], "IPv4");
    assert_eq!(&data[26..30], &IP_A.octets(), "source IP");
    assert_eq!(&data[30..34], &IP_B.octets(), "destination IP");
    let (_, dst, payload) = udp_of(data, 14).expect("a UDP datagram");
    assert_eq!(dst, dst_port);
    assert_eq!(data.len(), 14 + 20 + 8 + payload.len(), "frame length");
    String::from_utf8(payload.to_vec()).unwrap()
}

fn filter_compiler_or_skip(test: &str, expr: &str) -> bool {
    match bpfdump::compile_filter(expr, &Default::default()) {
        Ok(_) => true,
        Err(e) => {
            eprintln!("{test}: skipped: the filter compiler can't compile {expr:?} yet ({e})");
            false
        }
    }
}

#[test]
fn kernel_filter_captures_exactly_the_selected_packets_as_tcpdump_does() {
    let test = "kernel_filter_captures_exactly_the_selected_packets_as_tcpdump_does";
    let expr = "udp dst port 7001";
    if !root_or_skip(test) || !filter_compiler_or_skip(test, expr) {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.pcap");
    let theirs = dir.path().join("theirs.pcap");
    let mut capture = net.spawn_bpfdump(&net.b, &["-i", "vb", "-w", ours.to_str().unwrap(), expr]);
    let tcpdump = net.spawn_tcpdump_writer(&net.b, "vb", &theirs, Some(expr));
    capture.wait_listening();

    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r1 = net.udp_socket(&net.b, IP_B, 7001);
    let _r2 = net.udp_socket(&net.b, IP_B, 7002);
    for i in 0..10 {
        sender
            .send_to(
                format!("keep-{i}").as_bytes(),
                SocketAddrV4::new(IP_B, 7001),
            )
            .unwrap();
        sender
            .send_to(
                format!("drop-{i}").as_bytes(),
                SocketAddrV4::new(IP_B, 7002),
            )
            .unwrap();
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(300));
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");

    let file = read_pcap(&ours);
    assert_eq!(file.linktype, 1, "EN10MB");
    let payloads: Vec<String> = file
        .records
        .iter()
        .map(|r| check_a_to_b_frame(&r.data, r.wire_len, 7001))
        .collect();
    let expected: Vec<String> = (0..10).map(|i| format!("keep-{i}")).collect();
    assert_eq!(payloads, expected);
    assert_eq!(parse_stats(&stderr), Some((10, 10, 0)), "{stderr}");

    if let Some(t) = tcpdump {
        let (_, _, terr) = t.interrupt();
        let reference = read_pcap(&theirs);
        let a: Vec<_> = file.records.iter().map(|r| (&r.data, r.wire_len)).collect();
        let b: Vec<_> = reference
            .records
            .iter()
            .map(|r| (&r.data, r.wire_len))
            .collect();
        assert_eq!(a, b, "tcpdump captured a different set: {terr}");
    } else {
        eprintln!("{test}: tcpdump comparison skipped: tcpdump not installed");
    }
}

/// The library path with tcpdump's own program for the filter: the kernel
/// rejects everything else, and the statistics count only what passed.
#[test]
fn library_capture_with_tcpdump_program_in_the_kernel() {
    let test = "library_capture_with_tcpdump_program_in_the_kernel";
    if !root_or_skip(test) || !common::have_tcpdump(test) {
        return;
    }
    let program = common::tcpdump_program("EN10MB", "udp dst port 7001", true).unwrap();
    let net = NetPair::new();
    let b = net.b.clone();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let capture_thread = std::thread::spawn(move || {
        in_netns(&b, move || {
            let link = Link::resolve("vb", None).unwrap();
            assert_eq!(link.linktype, bpfdump::LinkType::ETHERNET);
            let mut cap = Capture::open(
                &link,
                &CaptureConfig::default(),
                FilterPlan::Kernel(program),
            )
            .unwrap();
            ready_tx.send(()).unwrap();
            let mut got: Vec<(Vec<u8>, u32)> = Vec::new();
            let deadline = Instant::now() + Duration::from_secs(5);
            while got.len() < 10 && Instant::now() < deadline {
                let mut f = |p: &bpfdump::packet::PacketRef| {
                    got.push((p.data.to_vec(), p.wire_len));
                    true
                };
                match cap.next_packets(100, &mut f).unwrap() {
                    Progress::Stopped => break,
                    _ => {}
                }
            }
            // Anything else that might still arrive would be a failure.
            let mut extra = 0;
            let mut f = |_: &bpfdump::packet::PacketRef| {
                extra += 1;
                true
            };
            let _ = cap.next_packets(300, &mut f);
            (got, extra, cap.stats())
        })
    });
    ready_rx.recv_timeout(Duration::from_secs(5)).unwrap();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r1 = net.udp_socket(&net.b, IP_B, 7001);
    let _r2 = net.udp_socket(&net.b, IP_B, 7002);
    for i in 0..10 {
        for port in [7002, 7001, 7003] {
            sender
                .send_to(
                    format!("{port}-{i}").as_bytes(),
                    SocketAddrV4::new(IP_B, port),
                )
                .unwrap();
        }
    }
    let (got, extra, stats) = capture_thread.join().unwrap();
    let payloads: Vec<String> = got
        .iter()
        .map(|(d, l)| check_a_to_b_frame(d, *l, 7001))
        .collect();
    assert_eq!(
        payloads,
        (0..10).map(|i| format!("7001-{i}")).collect::<Vec<_>>()
    );
    assert_eq!(extra, 0);
    assert_eq!(stats.received, 10);
    assert_eq!(stats.dropped, 0);
}

/// `-i any`: cooked v2 headers, built from what the kernel says about each
/// packet, identical to tcpdump's.
#[test]
fn any_interface_writes_linux_sll2_like_tcpdump() {
    let test = "any_interface_writes_linux_sll2_like_tcpdump";
    if !root_or_skip(test) {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.pcap");
    let theirs = dir.path().join("theirs.pcap");
    let mut capture = net.spawn_bpfdump(&net.b, &["-i", "any", "-w", ours.to_str().unwrap()]);
    let tcpdump = net.spawn_tcpdump_writer(&net.b, "any", &theirs, None);
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "any", 5);
    std::thread::sleep(Duration::from_millis(300));
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    assert!(stderr.contains("link-type LINUX_SLL2"), "{stderr}");

    let file = read_pcap(&ours);
    assert_eq!(file.linktype, 276, "LINUX_SLL2");
    let ifindex = net.ifindex(&net.b, "vb");
    assert_eq!(file.records.len(), 5, "{stderr}");
    for (i, r) in file.records.iter().enumerate() {
        let d = &r.data;
        assert_eq!(r.wire_len as usize, d.len());
        assert_eq!(&d[0..2], &[0x08, 0x00], "protocol");
        assert_eq!(&d[2..4], &[0, 0], "reserved");
        assert_eq!(
            u32::from_be_bytes(d[4..8].try_into().unwrap()),
            ifindex,
            "ifindex"
        );
        assert_eq!(&d[8..10], &[0, 1], "ARPHRD_ETHER");
        assert_eq!(d[10], 0, "PACKET_HOST");
        assert_eq!(d[11], 6, "address length");
        assert_eq!(&d[12..18], &MAC_A, "source address");
        let (_, dst, payload) = udp_of(d, 20).unwrap();
        assert_eq!(dst, 7001);
        assert_eq!(payload, format!("any-{i}").as_bytes());
    }
    if let Some(t) = tcpdump {
        t.interrupt();
        let reference = read_pcap(&theirs);
        assert_eq!(reference.linktype, 276);
        let a: Vec<_> = file.records.iter().map(|r| (&r.data, r.wire_len)).collect();
        let b: Vec<_> = reference
            .records
            .iter()
            .map(|r| (&r.data, r.wire_len))
            .collect();
        assert_eq!(a, b);
    }
}

/// `--threads 2`: two fanout sockets, every packet once, in time order.
#[test]
fn fanout_threads_capture_everything_in_timestamp_order() {
    let test = "fanout_threads_capture_everything_in_timestamp_order";
    if !root_or_skip(test) {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("threads.pcap");
    let mut capture = net.spawn_bpfdump(
        &net.b,
        &["-i", "vb", "--threads", "2", "-w", out.to_str().unwrap()],
    );
    capture.wait_listening();
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    // Several source ports, so that the flow hash spreads them.
    let senders: Vec<_> = (0..8)
        .map(|i| net.udp_socket(&net.a, IP_A, 5000 + i))
        .collect();
    for round in 0..25 {
        for (i, s) in senders.iter().enumerate() {
            s.send_to(
                format!("t{i}-{round}").as_bytes(),
                SocketAddrV4::new(IP_B, 7001),
            )
            .unwrap();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    std::thread::sleep(Duration::from_millis(400));
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    let file = read_pcap(&out);
    let mut payloads: Vec<String> = file
        .records
        .iter()
        .map(|r| check_a_to_b_frame(&r.data, r.wire_len, 7001))
        .collect();
    assert_eq!(payloads.len(), 200, "{stderr}");
    let times: Vec<(u32, u32)> = file.records.iter().map(|r| (r.secs, r.frac)).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "timestamps out of order"
    );
    payloads.sort();
    payloads.dedup();
    assert_eq!(payloads.len(), 200, "duplicates");
    assert_eq!(
        parse_stats(&stderr).map(|s| (s.0, s.2)),
        Some((200, 0)),
        "{stderr}"
    );
}

#[allow(dead_code)]
fn exists(p: &Path) -> bool {
    p.exists()
}

/// Traffic already flowing when the capture starts: no packet the filter
/// rejects may slip in before the filter is attached (the socket only
/// starts receiving when it is bound, after the filter is in place).
#[test]
fn no_unfiltered_packet_before_the_filter_is_attached() {
    let test = "no_unfiltered_packet_before_the_filter_is_attached";
    let expr = "udp dst port 7001";
    if !root_or_skip(test) || !filter_compiler_or_skip(test, expr) {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r1 = net.udp_socket(&net.b, IP_B, 7001);
    let _r2 = net.udp_socket(&net.b, IP_B, 7002);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let blaster = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut sent = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for _ in 0..20 {
                    let _ = sender.send_to(b"noise", SocketAddrV4::new(IP_B, 7002));
                }
                let _ = sender.send_to(b"wanted", SocketAddrV4::new(IP_B, 7001));
                sent += 1;
                std::thread::sleep(Duration::from_micros(200));
            }
            sent
        })
    };
    // Several captures starting in the middle of the flood.
    for round in 0..3 {
        let out = dir.path().join(format!("{round}.pcap"));
        let mut capture =
            net.spawn_bpfdump(&net.b, &["-i", "vb", "-w", out.to_str().unwrap(), expr]);
        capture.wait_listening();
        std::thread::sleep(Duration::from_millis(200));
        let (status, _, stderr) = capture.interrupt();
        assert!(status.success(), "{stderr}");
        let file = read_pcap(&out);
        assert!(!file.records.is_empty(), "nothing captured: {stderr}");
        for r in &file.records {
            let (_, dst, payload) = udp_of(&r.data, 14).expect("UDP");
            assert_eq!(
                (dst, payload),
                (7001, &b"wanted"[..]),
                "a rejected packet was captured"
            );
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(blaster.join().unwrap() > 0);
}

/// The kernel strips 802.1Q tags before packet sockets see a frame; they
/// are put back exactly where they were, and `vlan` filters (compiled, as
/// libpcap compiles them for a live capture, to read the tag from the
/// socket's metadata first) select them, in the kernel and in user space
/// (where the tag is back in the frame), and agree with tcpdump.
#[test]
fn vlan_tags_are_restored_and_vlan_filters_work() {
    let test = "vlan_tags_are_restored_and_vlan_filters_work";
    if !root_or_skip(test) || !filter_compiler_or_skip(test, "vlan 10") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.pcap");
    let vlan = dir.path().join("vlan.pcap");
    let reference = dir.path().join("tcpdump.pcap");
    let mut c_all = net.spawn_bpfdump(&net.b, &["-i", "vb", "-w", all.to_str().unwrap()]);
    let mut c_vlan = net.spawn_bpfdump(
        &net.b,
        &["-i", "vb", "-w", vlan.to_str().unwrap(), "vlan 10"],
    );
    let (deeper, user) = (dir.path().join("udp.pcap"), dir.path().join("user.pcap"));
    let mut c_deeper = net.spawn_bpfdump(
        &net.b,
        &[
            "-i",
            "vb",
            "-w",
            deeper.to_str().unwrap(),
            "vlan 10 and udp",
        ],
    );
    let mut c_user = net.spawn_bpfdump(
        &net.b,
        &[
            "-i",
            "vb",
            "--userspace-filter",
            "-w",
            user.to_str().unwrap(),
            "vlan 10 and udp",
        ],
    );
    let tcpdump = net.spawn_tcpdump_writer(&net.b, "vb", &reference, Some("vlan 10"));
    c_all.wait_listening();
    c_vlan.wait_listening();
    c_deeper.wait_listening();
    c_user.wait_listening();
    let frames: Vec<Vec<u8>> = (0..4u16)
        .map(|i| vlan_frame(if i % 2 == 0 { 10 } else { 20 }, format!("v{i}").as_bytes()))
        .collect();
    send_raw_frames(&net.a, "va", frames.clone());
    std::thread::sleep(Duration::from_millis(300));
    let (_, _, e1) = c_all.interrupt();
    let (_, _, e2) = c_vlan.interrupt();
    let got_all: Vec<Vec<u8>> = read_pcap(&all)
        .records
        .into_iter()
        .map(|r| r.data)
        .collect();
    assert_eq!(got_all, frames, "{e1}");
    let got_vlan: Vec<Vec<u8>> = read_pcap(&vlan)
        .records
        .into_iter()
        .map(|r| r.data)
        .collect();
    assert_eq!(got_vlan, vec![frames[0].clone(), frames[2].clone()], "{e2}");
    for (c, file) in [(c_deeper, &deeper), (c_user, &user)] {
        let (_, _, e) = c.interrupt();
        let got: Vec<Vec<u8>> = read_pcap(file)
            .records
            .into_iter()
            .map(|r| r.data)
            .collect();
        assert_eq!(got, got_vlan, "{}: {e}", file.display());
    }
    if let Some(t) = tcpdump {
        let (_, _, terr) = t.interrupt();
        let theirs: Vec<Vec<u8>> = read_pcap(&reference)
            .records
            .into_iter()
            .map(|r| r.data)
            .collect();
        assert_eq!(got_vlan, theirs, "{terr}");
    }
}
