//! Live capture limits and endings (issue 18): `--threads` beyond the
//! kernel's fanout limit, `-c` (no extra blank line, `-c 0` refused), `-i N`
//! as a `-D` index, capturing through an interface going down and up, and
//! write errors reported once. Namespaces and veth pairs come from
//! `live_support`; nothing is sent outside them.

mod common;
mod live_support;

use bpfdump::live::{Capture, CaptureConfig, FilterPlan, Link, LiveError};
use live_support::*;
use std::net::SocketAddrV4;
use std::process::Command;
use std::time::{Duration, Instant};

/// `bpfdump ARGS` (outside any namespace), with how long it took.
fn run_timed(args: &[&str]) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let out = Command::new(BIN).args(args).output().expect("run bpfdump");
    (out, started.elapsed())
}

#[test]
fn too_many_threads_are_refused_at_once_with_one_message() {
    // Refused before any socket is opened: no root, no interface needed.
    let (out, took) = run_timed(&["--threads", "300", "-i", "lo", "-w", "/dev/null"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert_eq!(
        stderr,
        "bpfdump: invalid number of threads 300: a live capture can use at most 256 \
         (the kernel's limit of sockets in one PACKET_FANOUT group)\n"
    );
    let (out, _) = run_timed(&["--threads", "257", "-i", "lo", "-w", "/dev/null"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("threads 257"));
}

/// The limit is the kernel's: a fanout group takes `FANOUT_MAX_SOCKETS`
/// sockets and refuses the next one with ENOSPC.
#[test]
fn the_thread_limit_is_the_kernels_fanout_group_size() {
    let test = "the_thread_limit_is_the_kernels_fanout_group_size";
    if !root_or_skip(test) {
        return;
    }
    let net = NetPair::new();
    let (opened, next) = in_netns(&net.b, || {
        let link = Link::resolve("vb", None).expect("vb");
        // Small rings: 256 of the default ones would take 1 GiB.
        let config = CaptureConfig {
            snaplen: 1500,
            buffer_bytes: 64 * 1024,
            fanout_group: Some(0x5eed),
            ..Default::default()
        };
        let mut captures = Vec::new();
        for _ in 0..bpfdump::live::FANOUT_MAX_SOCKETS {
            match Capture::open(&link, &config, FilterPlan::AcceptAll) {
                Ok(c) => captures.push(c),
                Err(e) => return (captures.len(), Some(e.to_string())),
            }
        }
        let next = match Capture::open(&link, &config, FilterPlan::AcceptAll) {
            Ok(_) => None,
            Err(LiveError::Io { what, source, .. }) => {
                Some(format!("{what}: {:?}", source.raw_os_error()))
            }
            Err(e) => Some(e.to_string()),
        };
        (captures.len(), next)
    });
    assert_eq!(opened, bpfdump::live::FANOUT_MAX_SOCKETS, "{next:?}");
    assert_eq!(
        next.as_deref(),
        Some(format!("setsockopt(PACKET_FANOUT): {:?}", Some(libc::ENOSPC)).as_str())
    );
}

/// tcpdump's words and status for a packet count of 0 (or not a number),
/// for -r and for live capture alike.
#[test]
fn zero_packet_count_is_refused_like_tcpdump() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/mixed.pcap");
    for count in ["0", "-1", "abc", ""] {
        for mode in [vec!["-r", file], vec!["-i", "lo"]] {
            let mut args = vec!["-c", count];
            args.extend(&mode);
            let (out, _) = run_timed(&args);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            assert_eq!(
                String::from_utf8_lossy(&out.stderr),
                format!("bpfdump: invalid packet count {count}\n"),
                "{args:?}"
            );
            assert!(out.stdout.is_empty());
        }
        if common::have_tcpdump("zero_packet_count_is_refused_like_tcpdump") {
            let theirs = Command::new("tcpdump")
                .args(["-c", count, "-r", file])
                .output()
                .unwrap();
            assert_eq!(theirs.status.code(), Some(1));
            assert_eq!(
                String::from_utf8_lossy(&theirs.stderr),
                format!("tcpdump: invalid packet count {count}\n")
            );
        }
    }
}

/// Start `program ARGS` printing in namespace b and wait until it listens.
fn printing(net: &NetPair, program: &str, args: &[&str]) -> Running {
    let mut r = net.spawn(&net.b, program, args);
    r.wait_listening();
    r
}

#[test]
fn count_limit_prints_exactly_n_lines_and_a_newline_only_when_interrupted() {
    let test = "count_limit_prints_exactly_n_lines_and_a_newline_only_when_interrupted";
    if !root_or_skip(test) {
        return;
    }
    let net = NetPair::new();
    let args = ["-i", "vb", "-nn", "-t", "-c", "5"];
    let ours = printing(&net, BIN, &args);
    let theirs = have("tcpdump").then(|| {
        let mut a = vec!["--immediate-mode"];
        a.extend(args);
        printing(&net, "tcpdump", &a)
    });
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 40001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 40001), "c", 8);
    let (status, out, stderr) = ours.finish(Duration::from_secs(10));
    assert!(status.success(), "{stderr}");
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 5, "{text:?}");
    assert!(!text.contains("\n\n") && text.ends_with('\n'), "{text:?}");
    assert!(stderr.contains("5 packets captured"), "{stderr}");
    if let Some(t) = theirs {
        let (_, out, terr) = t.finish(Duration::from_secs(10));
        assert_eq!(String::from_utf8(out).unwrap(), text, "{terr}");
    } else {
        eprintln!("{test}: tcpdump comparison skipped: tcpdump not installed");
    }

    // Interrupted before the count: the lines, then one newline, as
    // tcpdump (a line might have been cut short).
    let ours = printing(&net, BIN, &["-i", "vb", "-nn", "-t", "-c", "100"]);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 40001), "i", 3);
    std::thread::sleep(Duration::from_millis(300));
    let (status, out, stderr) = ours.interrupt();
    assert!(status.success(), "{stderr}");
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 4, "{text:?}");
    assert!(text.ends_with("\n\n"), "{text:?}");
}

/// Wait until `iface` in `ns` has its carrier (operational state up).
fn wait_running(ns: &str, iface: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = Command::new("ip")
            .args(["-n", ns, "-o", "link", "show", iface])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&out.stdout).contains(" state UP ") {
            return;
        }
        assert!(Instant::now() < deadline, "{iface} never came up");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The `-D` listing run in namespace `ns`: (number, name) pairs.
fn listing(net: &NetPair, ns: &str, program: &str) -> Vec<(usize, String)> {
    let (status, out, err) = net
        .spawn(ns, program, &["-D"])
        .finish(Duration::from_secs(10));
    assert!(status.success(), "{program} -D: {err}");
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let (n, rest) = l.split_once('.').expect("N.name");
            let name = rest.split([' ', '[']).next().unwrap();
            (n.parse().expect("number"), name.to_string())
        })
        .collect()
}

#[test]
fn interface_number_from_d_listing_captures_on_that_interface() {
    let test = "interface_number_from_d_listing_captures_on_that_interface";
    if !root_or_skip(test) {
        return;
    }
    let net = NetPair::new();
    // The listing's order depends on whether vb is running yet.
    wait_running(&net.b, "vb");
    let ours = listing(&net, &net.b, BIN);
    let n = ours
        .iter()
        .find(|(_, name)| name == "vb")
        .map(|(n, _)| *n)
        .expect("vb listed");
    if have("tcpdump") {
        // tcpdump numbers the same interface the same way (its list
        // goes on with capture sources that are not network interfaces).
        let theirs = listing(&net, &net.b, "tcpdump");
        assert_eq!(&theirs[..ours.len()], &ours[..]);
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("n.pcap");
    let number = n.to_string();
    let mut capture = net.spawn_bpfdump(&net.b, &["-i", &number, "-w", out.to_str().unwrap()]);
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "n", 3);
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    assert!(stderr.starts_with("bpfdump: listening on vb, "), "{stderr}");
    let payloads: Vec<Vec<u8>> = read_pcap(&out)
        .records
        .iter()
        .map(|r| udp_of(&r.data, 14).expect("udp").2.to_vec())
        .collect();
    assert_eq!(
        payloads,
        [b"n-0".to_vec(), b"n-1".to_vec(), b"n-2".to_vec()]
    );

    // -L takes the number too.
    let by_number = net.spawn_bpfdump(&net.b, &["-L", "-i", &number]);
    let by_name = net.spawn_bpfdump(&net.b, &["-L", "-i", "vb"]);
    let (_, a, _) = by_number.finish(Duration::from_secs(10));
    let (_, b, _) = by_name.finish(Duration::from_secs(10));
    assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
    assert!(!a.is_empty());

    // Numbers outside the listing are refused, as tcpdump refuses them.
    let beyond = (ours.len() + 1).to_string();
    for bad in ["0", "-1", beyond.as_str()] {
        let (status, out, stderr) = net
            .spawn_bpfdump(&net.b, &["-i", bad, "-w", "/dev/null"])
            .finish(Duration::from_secs(10));
        assert_eq!(status.code(), Some(1), "{stderr}");
        assert!(out.is_empty());
        assert_eq!(
            stderr,
            format!(
                "bpfdump: Invalid adapter index {bad} (-D lists {} interfaces, numbered from 1)\n",
                ours.len()
            )
        );
        if have("tcpdump") && bad != beyond {
            let (status, _, terr) = net
                .spawn(&net.b, "tcpdump", &["-i", bad, "-w", "/dev/null"])
                .finish(Duration::from_secs(10));
            assert_eq!(status.code(), Some(1), "{terr}");
            assert!(terr.starts_with("tcpdump: Invalid adapter index"), "{terr}");
        }
    }
}

fn set_link(ns: &str, iface: &str, state: &str) {
    let ok = Command::new("ip")
        .args(["-n", ns, "link", "set", iface, state])
        .status()
        .unwrap()
        .success();
    assert!(ok, "ip link set {iface} {state}");
}

fn payloads(path: &std::path::Path) -> Vec<String> {
    read_pcap(path)
        .records
        .iter()
        .map(|r| String::from_utf8(udp_of(&r.data, 14).expect("udp").2.to_vec()).unwrap())
        .collect()
}

/// As tcpdump: the capture goes on while the interface is down, and
/// packets are captured again once it is back up.
#[test]
fn capture_continues_through_interface_down_and_up() {
    let test = "capture_continues_through_interface_down_and_up";
    if !root_or_skip(test) {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.pcap");
    let theirs = dir.path().join("theirs.pcap");
    let mut capture = net.spawn_bpfdump(&net.b, &["-i", "vb", "-w", ours.to_str().unwrap()]);
    let tcpdump = net.spawn_tcpdump_writer(&net.b, "vb", &theirs, None);
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "before", 3);
    std::thread::sleep(Duration::from_millis(200));

    set_link(&net.b, "vb", "down");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        capture.child.try_wait().unwrap().is_none(),
        "capture ended when the interface went down: {}",
        capture.stderr()
    );
    set_link(&net.b, "vb", "up");
    wait_running(&net.b, "vb");
    wait_running(&net.a, "va");
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "after", 3);
    std::thread::sleep(Duration::from_millis(300));

    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    let expected: Vec<String> = ["before", "after"]
        .iter()
        .flat_map(|tag| (0..3).map(move |i| format!("{tag}-{i}")))
        .collect();
    assert_eq!(payloads(&ours), expected, "{stderr}");
    // Nothing said about the interface going down, as tcpdump.
    assert_eq!(
        stderr,
        "bpfdump: listening on vb, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n\
         6 packets captured\n6 packets received by filter\n0 packets dropped by kernel\n"
    );
    if let Some(t) = tcpdump {
        let (_, _, terr) = t.interrupt();
        assert_eq!(payloads(&theirs), expected, "tcpdump: {terr}");
    } else {
        eprintln!("{test}: tcpdump comparison skipped: tcpdump not installed");
    }
}

/// An interface removed while down still ends the capture, with what was
/// captured before.
#[test]
fn interface_removed_while_down_ends_the_capture() {
    let test = "interface_removed_while_down_ends_the_capture";
    if !root_or_skip(test) {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gone.pcap");
    let mut capture = net.spawn_bpfdump(&net.b, &["-i", "vb", "-w", out.to_str().unwrap()]);
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "gone", 2);
    set_link(&net.b, "vb", "down");
    std::thread::sleep(Duration::from_millis(300));
    net.delete_link();
    let (status, _, stderr) = capture.finish(Duration::from_secs(10));
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("bpfdump: vb: The interface disappeared\n"),
        "{stderr}"
    );
    assert_eq!(payloads(&out), ["gone-0", "gone-1"]);
}

/// Run bpfdump in namespace b with standard output on /dev/full, send a
/// few packets, interrupt it if still running: (status, stderr).
fn run_into_full_device(net: &NetPair, args: &[&str]) -> (std::process::ExitStatus, String) {
    use std::io::Read;
    use std::process::Stdio;
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = Command::new("ip")
        .args(["netns", "exec", &net.b, BIN])
        .args(args)
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    // No "listening" line to wait for on a pipe we only read at the end:
    // give it time to open the capture.
    std::thread::sleep(Duration::from_millis(500));
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 40001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 40001), "full", 5);
    std::thread::sleep(Duration::from_millis(400));
    if child.try_wait().unwrap().is_none() {
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("bpfdump {args:?} did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (status, reader.join().unwrap())
}

#[test]
fn a_full_output_is_reported_once() {
    let test = "a_full_output_is_reported_once";
    if !root_or_skip(test) {
        return;
    }
    let net = NetPair::new();
    let cases: [(&[&str], &str); 6] = [
        (&["-i", "vb", "-w", "/dev/full"], "/dev/full"),
        (&["-i", "vb", "-U", "-w", "/dev/full"], "/dev/full"),
        (
            &["-i", "vb", "--threads", "2", "-w", "/dev/full"],
            "/dev/full",
        ),
        (&["-i", "vb", "-w", "-"], "standard output"),
        (&["-i", "vb", "-nn"], "standard output"),
        (&["-i", "vb", "-nn", "-l"], "standard output"),
    ];
    for (args, name) in cases {
        let (status, stderr) = run_into_full_device(&net, args);
        assert_eq!(status.code(), Some(1), "{args:?}: {stderr}");
        let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
        assert_eq!(
            errors,
            [format!(
                "bpfdump: {name}: write error: No space left on device (os error 28)"
            )],
            "{args:?}: {stderr}"
        );
        // The summary still comes ("1 packet" or "N packets": how many
        // arrived before the stop varies).
        assert!(stderr.contains(" received by filter"), "{stderr}");
    }
}
