//! Filters on live traffic: for each expression, the kernel-attached
//! program, the same program run in user space (`--userspace-filter`) and
//! tcpdump capture exactly the same packets, on a real interface and on
//! `any` (where the program is rewritten for the kernel's cooked view).

mod live_support;

use live_support::*;
use std::io::Write;
use std::net::{SocketAddrV4, TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::Duration;

/// Mixed traffic both ways: UDP to several ports with several sizes, and
/// TCP connections (handshake, data, close; and a refused one).
fn send_mixed_traffic(net: &NetPair) {
    let a = net.udp_socket(&net.a, IP_A, 6001);
    let b = net.udp_socket(&net.b, IP_B, 7001);
    let _b2 = net.udp_socket(&net.b, IP_B, 7002);
    for i in 0..6 {
        let big = vec![b'x'; 40 * i];
        a.send_to(&big, SocketAddrV4::new(IP_B, 7001)).unwrap();
        a.send_to(format!("p{i}").as_bytes(), SocketAddrV4::new(IP_B, 7002))
            .unwrap();
        b.send_to(format!("back{i}").as_bytes(), SocketAddrV4::new(IP_A, 6001))
            .unwrap();
        std::thread::sleep(Duration::from_millis(1));
    }
    let listener = in_netns(&net.b, || {
        TcpListener::bind(SocketAddrV4::new(IP_B, 8080)).unwrap()
    });
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 64];
        let _ = std::io::Read::read(&mut s, &mut buf);
        s.write_all(b"pong").unwrap();
    });
    in_netns(&net.a, || {
        let mut c = TcpStream::connect(SocketAddrV4::new(IP_B, 8080)).unwrap();
        c.write_all(b"ping").unwrap();
        let mut buf = [0u8; 4];
        let _ = std::io::Read::read_exact(&mut c, &mut buf);
        // A refused connection: SYN, RST.
        let _ = TcpStream::connect_timeout(
            &SocketAddrV4::new(IP_B, 8081).into(),
            Duration::from_secs(1),
        );
    });
    server.join().unwrap();
    std::thread::sleep(Duration::from_millis(800));
}

fn differential(test: &str, interface: &str, expressions: &[&str]) {
    if !root_or_skip(test) {
        return;
    }
    let tcpdump = have("tcpdump");
    if !tcpdump {
        eprintln!("{test}: tcpdump comparison skipped: tcpdump not installed");
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let mut runs: Vec<(String, &str, PathBuf, Running)> = Vec::new();
    for (e, expr) in expressions.iter().enumerate() {
        let modes: &[&str] = if tcpdump {
            &["kernel", "userspace", "tcpdump"]
        } else {
            &["kernel", "userspace"]
        };
        for mode in modes {
            let path = dir.path().join(format!("{e}-{mode}.pcap"));
            let p = path.to_str().unwrap();
            let running = match *mode {
                "kernel" => net.spawn_bpfdump(&net.b, &["-i", interface, "-w", p, expr]),
                "userspace" => net.spawn_bpfdump(
                    &net.b,
                    &["-i", interface, "--userspace-filter", "-w", p, expr],
                ),
                _ => net.spawn(
                    &net.b,
                    "tcpdump",
                    &["--immediate-mode", "-i", interface, "-w", p, expr],
                ),
            };
            runs.push((expr.to_string(), mode, path, running));
        }
    }
    for r in &mut runs {
        r.3.wait_listening();
    }
    send_mixed_traffic(&net);
    let mut results: Vec<(String, &str, Vec<(Vec<u8>, u32)>)> = Vec::new();
    // Stop them all at the same moment, so that a late packet (a delayed
    // TCP ACK) is either in every capture or in none.
    for r in &runs {
        r.3.signal(nix::sys::signal::Signal::SIGINT);
    }
    for (expr, mode, path, running) in runs {
        let (status, _, stderr) = running.finish(Duration::from_secs(10));
        assert!(status.success(), "{mode} {expr}: {stderr}");
        let file = read_pcap(&path);
        let packets = file
            .records
            .into_iter()
            .map(|r| (r.data, r.wire_len))
            .collect();
        results.push((expr, mode, packets));
    }
    for group in results.chunks(if tcpdump { 3 } else { 2 }) {
        let (expr, _, kernel) = &group[0];
        assert!(
            !kernel.is_empty() || expr.starts_with("not"),
            "{expr}: nothing captured"
        );
        for (_, mode, other) in &group[1..] {
            // tcpdump stops reading at Ctrl-C without draining its ring, so
            // on a loaded machine it can miss the last packets: then its
            // capture must be a prefix of ours. Our own two must agree.
            let other_is_short_tcpdump = *mode == "tcpdump" && other.len() < kernel.len();
            let compared = if other_is_short_tcpdump {
                eprintln!(
                    "{expr}: tcpdump missed the last {} packets; comparing its prefix",
                    kernel.len() - other.len()
                );
                &kernel[..other.len()]
            } else {
                &kernel[..]
            };
            assert_eq!(
                compared.len(),
                other.len(),
                "{expr}: kernel vs {mode}: packet counts\nkernel: {kernel:?}\n{mode}: {other:?}"
            );
            assert_eq!(
                compared,
                &other[..],
                "{expr}: kernel vs {mode}: packets differ"
            );
        }
    }
}

#[test]
fn filters_on_an_ethernet_interface_agree_with_tcpdump() {
    differential(
        "filters_on_an_ethernet_interface_agree_with_tcpdump",
        "vb",
        &[
            "udp dst port 7001",
            "tcp[tcpflags] & tcp-syn != 0",
            "src host 10.199.1.2",
            "greater 100",
            "ip[2:2] > 60 and udp",
        ],
    );
}

#[test]
fn filters_on_any_agree_with_tcpdump() {
    differential(
        "filters_on_any_agree_with_tcpdump",
        "any",
        &[
            "udp dst port 7002",
            "tcp and inbound",
            "outbound",
            "len > 100",
            "ip proto 17 and src host 10.199.1.1",
        ],
    );
}
