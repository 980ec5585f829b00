//! Live capture options and endings: -c, -Q, -w then -r, Ctrl-C, a missing
//! interface, an interface removed mid-capture, no permission.

mod live_support;

use live_support::*;
use std::net::SocketAddrV4;
use std::process::Command;
use std::time::Duration;

#[test]
fn count_limit_stops_after_n_packets() {
    if !root_or_skip("count_limit_stops_after_n_packets") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.pcap");
    let mut capture = net.spawn_bpfdump(
        &net.b,
        &["-i", "vb", "-c", "3", "-w", out.to_str().unwrap()],
    );
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "c", 10);
    // It ends by itself.
    let (status, _, stderr) = capture.finish(Duration::from_secs(10));
    assert!(status.success(), "{stderr}");
    let file = read_pcap(&out);
    let payloads: Vec<&[u8]> = file
        .records
        .iter()
        .map(|r| udp_of(&r.data, 14).unwrap().2)
        .collect();
    assert_eq!(payloads, vec![&b"c-0"[..], b"c-1", b"c-2"]);
    let (captured, received, _) = parse_stats(&stderr).expect("statistics");
    assert_eq!(captured, 3);
    assert!(received >= 3, "{stderr}");
}

#[test]
fn direction_in_and_out_select_by_packet_type() {
    if !root_or_skip("direction_in_and_out_select_by_packet_type") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let inbound = dir.path().join("in.pcap");
    let outbound = dir.path().join("out.pcap");
    let both = dir.path().join("both.pcap");
    let mut c_in = net.spawn_bpfdump(
        &net.b,
        &["-i", "vb", "-Q", "in", "-w", inbound.to_str().unwrap()],
    );
    let mut c_out = net.spawn_bpfdump(
        &net.b,
        &["-i", "vb", "-Q", "out", "-w", outbound.to_str().unwrap()],
    );
    let mut c_both = net.spawn_bpfdump(
        &net.b,
        &["-i", "vb", "-Q", "inout", "-w", both.to_str().unwrap()],
    );
    c_in.wait_listening();
    c_out.wait_listening();
    c_both.wait_listening();
    let a = net.udp_socket(&net.a, IP_A, 7002);
    let b = net.udp_socket(&net.b, IP_B, 7001);
    for i in 0..4 {
        a.send_to(format!("a2b-{i}").as_bytes(), SocketAddrV4::new(IP_B, 7001))
            .unwrap();
        b.send_to(format!("b2a-{i}").as_bytes(), SocketAddrV4::new(IP_A, 7002))
            .unwrap();
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(300));
    let payloads = |path: &std::path::Path| -> Vec<String> {
        read_pcap(path)
            .records
            .iter()
            .map(|r| String::from_utf8(udp_of(&r.data, 14).unwrap().2.to_vec()).unwrap())
            .collect()
    };
    for c in [c_in, c_out, c_both] {
        let (status, _, stderr) = c.interrupt();
        assert!(status.success(), "{stderr}");
    }
    let a2b: Vec<String> = (0..4).map(|i| format!("a2b-{i}")).collect();
    let b2a: Vec<String> = (0..4).map(|i| format!("b2a-{i}")).collect();
    assert_eq!(payloads(&inbound), a2b);
    assert_eq!(payloads(&outbound), b2a);
    let mut all = payloads(&both);
    all.sort();
    let mut expected = [a2b, b2a].concat();
    expected.sort();
    assert_eq!(all, expected);
}

#[test]
fn interrupt_leaves_a_valid_file_and_prints_statistics() {
    if !root_or_skip("interrupt_leaves_a_valid_file_and_prints_statistics") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("int.pcap");
    let mut capture = net.spawn_bpfdump(&net.b, &["-i", "vb", "-w", out.to_str().unwrap()]);
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "int", 7);
    // No pause: packets still in the kernel's open block must not be lost.
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    let file = read_pcap(&out);
    assert_eq!(file.records.len(), 7, "{stderr}");
    // tcpdump's layout with -w: the banner, then the three counts.
    assert_eq!(
        stderr,
        "bpfdump: listening on vb, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n\
         7 packets captured\n7 packets received by filter\n0 packets dropped by kernel\n"
    );
    if have("tcpdump") {
        let read = Command::new("tcpdump")
            .args(["-nn", "-r"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(read.status.success(), "tcpdump rejects the file");
        assert_eq!(String::from_utf8_lossy(&read.stdout).lines().count(), 7);
    }
}

#[test]
fn written_file_reads_back_with_r() {
    if !root_or_skip("written_file_reads_back_with_r") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rt.pcap");
    let mut capture = net.spawn_bpfdump(&net.b, &["-i", "vb", "-w", out.to_str().unwrap()]);
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    // A port tcpdump dissects as plain UDP.
    let _r = net.udp_socket(&net.b, IP_B, 40001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 40001), "rt", 4);
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    assert_eq!(read_pcap(&out).records.len(), 4);

    let ours = Command::new(BIN)
        .args(["-nn", "-r"])
        .arg(&out)
        .output()
        .unwrap();
    if !ours.status.success() {
        eprintln!(
            "written_file_reads_back_with_r: -r part skipped: bpfdump -r not available yet ({})",
            String::from_utf8_lossy(&ours.stderr).trim()
        );
        return;
    }
    assert_eq!(String::from_utf8_lossy(&ours.stdout).lines().count(), 4);
    if have("tcpdump") {
        let theirs = Command::new("tcpdump")
            .args(["-nn", "-r"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&theirs.stdout)
        );
    }
}

#[test]
fn missing_interface_is_reported() {
    let out = Command::new(BIN)
        .args(["-i", "nosuch-bpfd0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("bpfdump: nosuch-bpfd0: No such device exists"),
        "{stderr}"
    );
}

#[test]
fn deleted_interface_ends_the_capture_with_what_was_captured() {
    if !root_or_skip("deleted_interface_ends_the_capture_with_what_was_captured") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gone.pcap");
    let mut capture = net.spawn_bpfdump(&net.b, &["-i", "vb", "-w", out.to_str().unwrap()]);
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "gone", 5);
    net.delete_link();
    let (status, _, stderr) = capture.finish(Duration::from_secs(10));
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("bpfdump: vb: The interface disappeared"),
        "{stderr}"
    );
    assert_eq!(parse_stats(&stderr).map(|s| s.0), Some(5), "{stderr}");
    let file = read_pcap(&out);
    let payloads: Vec<String> = file
        .records
        .iter()
        .map(|r| String::from_utf8(udp_of(&r.data, 14).unwrap().2.to_vec()).unwrap())
        .collect();
    assert_eq!(
        payloads,
        (0..5).map(|i| format!("gone-{i}")).collect::<Vec<_>>()
    );
}

#[test]
fn interface_down_is_reported() {
    if !root_or_skip("interface_down_is_reported") {
        return;
    }
    let net = NetPair::new();
    let down = Command::new("ip")
        .args(["-n", &net.b, "link", "set", "vb", "down"])
        .status()
        .unwrap();
    assert!(down.success());
    let out = Command::new("ip")
        .args(["netns", "exec", &net.b, BIN, "-i", "vb"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "bpfdump: vb: That device is not up\n"
    );
}

#[test]
fn no_permission_is_reported_with_what_to_do() {
    if !root_or_skip("no_permission_is_reported_with_what_to_do") || !have("setpriv") {
        return;
    }
    // Run as nobody, without capabilities, on the loopback interface (no
    // traffic is sent anywhere).
    let out = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            BIN,
            "-i",
            "lo",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("Permission denied") && !stderr.contains("bpfdump") {
        eprintln!(
            "no_permission_is_reported_with_what_to_do: skipped: binary not executable by nobody"
        );
        return;
    }
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(
            "bpfdump: lo: You don't have permission to perform this capture on that device"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("CAP_NET_RAW"), "{stderr}");
}

#[test]
fn drop_privileges_after_opening_writes_the_file_as_that_user() {
    if !root_or_skip("drop_privileges_after_opening_writes_the_file_as_that_user") {
        return;
    }
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = dir.path().join("z.pcap");
    let mut capture = net.spawn_bpfdump(
        &net.b,
        &["-i", "vb", "-Z", "nobody", "-w", out.to_str().unwrap()],
    );
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "z", 3);
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    assert_eq!(
        std::fs::metadata(&out).unwrap().uid(),
        65534,
        "file owned by nobody"
    );
    assert_eq!(read_pcap(&out).records.len(), 3);
}

#[test]
fn any_with_y_linux_sll_writes_cooked_v1() {
    if !root_or_skip("any_with_y_linux_sll_writes_cooked_v1") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sll.pcap");
    let mut capture = net.spawn_bpfdump(
        &net.b,
        &["-i", "any", "-y", "LINUX_SLL", "-w", out.to_str().unwrap()],
    );
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7001), "v1", 2);
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    let file = read_pcap(&out);
    assert_eq!(file.linktype, 113);
    assert_eq!(file.records.len(), 2);
    for (i, r) in file.records.iter().enumerate() {
        let d = &r.data;
        assert_eq!(&d[0..2], &[0, 0], "PACKET_HOST");
        assert_eq!(&d[2..4], &[0, 1], "ARPHRD_ETHER");
        assert_eq!(&d[4..6], &[0, 6], "address length");
        assert_eq!(&d[6..12], &MAC_A);
        assert_eq!(&d[14..16], &[8, 0], "protocol");
        assert_eq!(udp_of(d, 16).unwrap().2, format!("v1-{i}").as_bytes());
    }
}

#[test]
fn printed_lines_match_tcpdump_and_a_closed_pipe_ends_cleanly() {
    if !root_or_skip("printed_lines_match_tcpdump_and_a_closed_pipe_ends_cleanly") {
        return;
    }
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let net = NetPair::new();
    let tcpdump = have("tcpdump").then(|| {
        let mut t = net.spawn(
            &net.b,
            "tcpdump",
            &["--immediate-mode", "-i", "vb", "-nn", "-t", "-l"],
        );
        t.wait_listening();
        t
    });
    // Like `bpfdump -l ... | head -3`.
    let mut child = Command::new("ip")
        .args(["netns", "exec", &net.b, BIN, "-i", "vb", "-nn", "-t", "-l"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut all = String::new();
        let mut r = BufReader::new(stderr);
        let mut line = String::new();
        while r.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
            if line.contains("listening on") {
                let _ = tx.send(None);
            }
            all.push_str(&line);
            line.clear();
        }
        let _ = tx.send(Some(all));
    });
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap(), None);
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 40001);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 40001), "pr", 3);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut ours = Vec::new();
    for _ in 0..3 {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        ours.push(line);
    }
    drop(out); // the reader goes away, as `head` does
               // The next packet's line hits the closed pipe.
    send_numbered(&sender, SocketAddrV4::new(IP_B, 40001), "after", 3);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "bpfdump kept running after EPIPE"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = rx.recv_timeout(Duration::from_secs(5)).unwrap().unwrap();
    assert!(status.success(), "{stderr}");
    assert!(
        stderr.contains("packets captured\n"),
        "statistics printed: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    if let Some(t) = tcpdump {
        let (_, theirs, _) = t.interrupt();
        let theirs: Vec<String> = String::from_utf8_lossy(&theirs)
            .lines()
            .take(3)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(ours, theirs);
    }
}

#[test]
fn size_rotation_splits_files_where_tcpdump_does() {
    if !root_or_skip("size_rotation_splits_files_where_tcpdump_does") {
        return;
    }
    let net = NetPair::new();
    let ours = tempfile::tempdir().unwrap();
    let theirs = tempfile::tempdir().unwrap();
    let base = |d: &tempfile::TempDir| d.path().join("rot").to_str().unwrap().to_string();
    let mut capture = net.spawn_bpfdump(
        &net.b,
        &["-i", "vb", "-C", "1", "-W", "5", "-w", &base(&ours)],
    );
    let tcpdump = have("tcpdump").then(|| {
        let mut t = net.spawn(
            &net.b,
            "tcpdump",
            &[
                "--immediate-mode",
                "-B",
                "16384",
                "-Z",
                "root",
                "-i",
                "vb",
                "-C",
                "1",
                "-W",
                "5",
                "-w",
                &base(&theirs),
            ],
        );
        t.wait_listening();
        t
    });
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 40001);
    let payload = vec![b'r'; 1000];
    for i in 0..2000 {
        sender
            .send_to(&payload, SocketAddrV4::new(IP_B, 40001))
            .unwrap();
        if i % 50 == 0 {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    let listing = |d: &tempfile::TempDir| -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let n = read_pcap(&p).records.len();
                (p.file_name().unwrap().to_string_lossy().into_owned(), n)
            })
            .collect();
        v.sort();
        v
    };
    let ours_list = listing(&ours);
    let names: Vec<&str> = ours_list.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["rot0", "rot1", "rot2"], "{stderr}");
    assert_eq!(ours_list.iter().map(|(_, n)| n).sum::<usize>(), 2000);
    if let Some(t) = tcpdump {
        let (_, _, terr) = t.interrupt();
        let theirs_list = listing(&theirs);
        // The first split is where tcpdump splits; the rest too, unless
        // tcpdump lost packets.
        assert_eq!(ours_list[0], theirs_list[0], "{terr}");
        if terr.contains("\n0 packets dropped by kernel") {
            assert_eq!(ours_list, theirs_list, "{terr}");
        }
    }
}

/// The interface's promiscuity counter, from `ip -d -j link show`.
fn promiscuity(net: &NetPair) -> u64 {
    let out = Command::new("ip")
        .args(["-n", &net.b, "-d", "-j", "link", "show", "vb"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let at = text.find("\"promiscuity\":").expect("promiscuity field") + "\"promiscuity\":".len();
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap()
}

#[test]
fn promiscuous_by_default_not_with_p_and_restored_on_exit() {
    if !root_or_skip("promiscuous_by_default_not_with_p_and_restored_on_exit") {
        return;
    }
    let net = NetPair::new();
    assert_eq!(promiscuity(&net), 0);
    let mut capture = net.spawn_bpfdump(&net.b, &["-i", "vb", "-w", "/dev/null"]);
    capture.wait_listening();
    assert_eq!(promiscuity(&net), 1, "promiscuous while capturing");
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    assert_eq!(promiscuity(&net), 0, "restored on exit");
    let mut capture = net.spawn_bpfdump(&net.b, &["-p", "-i", "vb", "-w", "/dev/null"]);
    capture.wait_listening();
    assert_eq!(promiscuity(&net), 0, "-p: not promiscuous");
    capture.interrupt();
}

/// `-v` with `-w`: tcpdump's running count on standard error, `Got N` and a
/// carriage return once a second while it changes; the summary follows.
#[test]
fn verbose_writing_shows_the_running_count() {
    if !root_or_skip("verbose_writing_shows_the_running_count") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("got.pcap");
    let mut capture = net.spawn_bpfdump(&net.b, &["-v", "-i", "vb", "-w", out.to_str().unwrap()]);
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 7002);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7002), "got", 3);
    std::thread::sleep(Duration::from_millis(2500));
    send_numbered(&sender, SocketAddrV4::new(IP_B, 7002), "got", 2);
    std::thread::sleep(Duration::from_millis(2500));
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    assert_eq!(read_pcap(&out).records.len(), 5, "{stderr}");
    let counts: Vec<&str> = stderr
        .split('\r')
        .filter_map(|part| part.rsplit('\n').next())
        .filter(|s| s.starts_with("Got "))
        .collect();
    // Shown when it changed only (the first one may come before the first
    // packets on a slow machine): each count once, rising, 3 and then 5.
    let values: Vec<u64> = counts.iter().map(|c| c[4..].parse().unwrap()).collect();
    assert!(values.windows(2).all(|w| w[0] < w[1]), "{stderr:?}");
    assert!(values.ends_with(&[3, 5]), "{stderr:?}");
    assert!(
        stderr.ends_with(
            "5 packets captured\n5 packets received by filter\n0 packets dropped by kernel\n"
        ),
        "{stderr:?}"
    );
}

/// `-J`, `-j` and `-I` on a veth interface say what tcpdump says: its time
/// stamp types (the host's only), an unknown type refused, a type it
/// doesn't offer a warning (and the capture goes on), no monitor mode.
#[test]
fn time_stamp_types_and_monitor_mode_as_tcpdump() {
    if !root_or_skip("time_stamp_types_and_monitor_mode_as_tcpdump") {
        return;
    }
    let net = NetPair::new();
    let run = |program: &str, args: &[&str]| {
        let (status, stdout, stderr) = net
            .spawn(&net.b, program, args)
            .finish(Duration::from_secs(10));
        let stderr = stderr.replace("bpfdump: ", "").replace("tcpdump: ", "");
        (
            status.code(),
            String::from_utf8_lossy(&stdout).into_owned(),
            stderr,
        )
    };
    let listing = run(BIN, &["-J", "-i", "vb"]);
    assert_eq!(
        listing,
        (
            Some(0),
            "Time stamp types for vb (use option -j to set):\n  host (Host)\n".into(),
            String::new()
        )
    );
    let bogus = run(BIN, &["-j", "bogus", "-i", "vb"]);
    assert_eq!(
        bogus,
        (
            Some(1),
            String::new(),
            "invalid time stamp type bogus\n".into()
        )
    );
    let monitor = run(BIN, &["-I", "-i", "vb"]);
    assert_eq!(
        monitor,
        (
            Some(1),
            String::new(),
            "vb: That device doesn't support monitor mode\n".into()
        )
    );
    // Not offered: a warning, then the capture.
    let mut capture = net.spawn_bpfdump(&net.b, &["-j", "adapter_unsynced", "-i", "vb"]);
    capture.wait_listening();
    let (status, _, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    let warning = "WARNING: When trying to set timestamp type 'adapter_unsynced' on vb: \
                   That type of time stamp is not supported by that device";
    assert_eq!(
        stderr.lines().next(),
        Some(format!("bpfdump: {warning}").as_str()),
        "{stderr}"
    );
    if have("tcpdump") {
        // tcpdump 4.99.3 lists them on standard error, the development
        // snapshot (the reference) on standard output.
        let (code, out, err) = run("tcpdump", &["-J", "-i", "vb"]);
        assert_eq!(
            (code, out + &err),
            (listing.0, listing.1.clone() + &listing.2)
        );
        for (args, ours) in [
            (&["-j", "bogus", "-i", "vb"][..], &bogus),
            (&["-I", "-i", "vb"][..], &monitor),
        ] {
            assert_eq!(&run("tcpdump", args), ours, "tcpdump {args:?}");
        }
        let mut theirs = net.spawn(&net.b, "tcpdump", &["-j", "adapter_unsynced", "-i", "vb"]);
        theirs.wait_listening();
        let (_, _, stderr) = theirs.interrupt();
        assert_eq!(
            stderr.lines().next(),
            Some(format!("tcpdump: {warning}").as_str()),
            "{stderr}"
        );
    }
}

/// `--print` with `-w` on a live capture: each packet written and printed,
/// and no running count with `-v` (tcpdump shows it only when not
/// printing).
#[test]
fn print_with_write_prints_what_it_writes() {
    if !root_or_skip("print_with_write_prints_what_it_writes") {
        return;
    }
    let net = NetPair::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("printed.pcap");
    let mut capture = net.spawn_bpfdump(
        &net.b,
        &[
            "-v",
            "-n",
            "--print",
            "-i",
            "vb",
            "-w",
            out.to_str().unwrap(),
            "udp port 40013",
        ],
    );
    capture.wait_listening();
    let sender = net.udp_socket(&net.a, IP_A, 5000);
    let _r = net.udp_socket(&net.b, IP_B, 40013);
    send_numbered(&sender, SocketAddrV4::new(IP_B, 40013), "printed", 4);
    std::thread::sleep(Duration::from_millis(1500));
    let (status, stdout, stderr) = capture.interrupt();
    assert!(status.success(), "{stderr}");
    assert_eq!(read_pcap(&out).records.len(), 4, "{stderr}");
    let stdout = String::from_utf8_lossy(&stdout);
    // -v: two lines a packet, the second with the addresses.
    let packets = stdout
        .lines()
        .filter(|l| l.trim_start() == "10.199.1.1.5000 > 10.199.1.2.40013: UDP, length 9")
        .count();
    assert_eq!(packets, 4, "{stdout}");
    assert_eq!(stdout.lines().count(), 8, "{stdout}");
    assert!(!stderr.contains("Got "), "{stderr:?}");
}
