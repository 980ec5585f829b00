//! The printing options tcpdump's suite uses, through the binary: each
//! compared with the plain output of the same capture (so the test needs
//! no reference tool), and their bad values refused with tcpdump's words.

mod common;

use std::process::{Command, Output};

fn bpfdump(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bpfdump"))
        .args(args)
        .env("TZ", "UTC")
        .output()
        .expect("run bpfdump")
}

fn lines(args: &[&str]) -> Vec<String> {
    let out = bpfdump(args);
    assert!(out.status.success(), "{args:?}: {:?}", out);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

const CAPTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/mixed.pcap");

#[test]
fn skip_drops_the_first_packets_but_keeps_their_numbers() {
    let all = lines(&["-#", "-n", "-r", CAPTURE]);
    let skipped = lines(&["-#", "-n", "--skip", "3", "-r", CAPTURE]);
    assert_eq!(skipped, all[3..]);
    assert!(skipped[0].trim_start().starts_with("4  "));
}

#[test]
fn print_sampling_prints_every_nth_packet_with_absolute_sequence_numbers() {
    let all = lines(&["-#", "-n", "-S", "-r", CAPTURE]);
    let sampled = lines(&["-#", "-n", "--print-sampling=3", "-r", CAPTURE]);
    let every_third: Vec<String> = all.iter().skip(2).step_by(3).cloned().collect();
    assert_eq!(sampled, every_third);
}

#[test]
fn lengths_come_before_the_time_stamp() {
    let plain = lines(&["-n", "-r", CAPTURE]);
    let with = lines(&["-n", "--lengths", "-r", CAPTURE]);
    assert_eq!(plain.len(), with.len());
    for (p, w) in plain.iter().zip(&with) {
        let rest = w.splitn(5, ' ').nth(4).unwrap();
        assert!(w.starts_with("caplen "), "{w}");
        assert_eq!(rest, p);
    }
}

#[test]
fn ip_oneline_joins_the_verbose_ip_lines() {
    let split = lines(&["-n", "-v", "-r", CAPTURE]);
    let joined = lines(&["-n", "-v", "-g", "-r", CAPTURE]);
    assert!(joined.len() < split.len());
    assert!(joined
        .iter()
        .any(|l| l.contains("proto UDP (17), length 61) 192.168.1.10.50580 > 192.168.1.53.53:")));
}

#[test]
fn nano_and_micro_set_the_precision() {
    let nano = lines(&["-n", "--nano", "-c", "1", "-r", CAPTURE]);
    let micro = lines(&["-n", "--micro", "-c", "1", "-r", CAPTURE]);
    let frac = |l: &str| {
        l.split(' ')
            .next()
            .unwrap()
            .split('.')
            .nth(1)
            .unwrap()
            .len()
    };
    assert_eq!(frac(&nano[0]), 9);
    assert_eq!(frac(&micro[0]), 6);
}

#[test]
fn ascii_with_link_header_dumps_more() {
    let a = lines(&["-n", "-A", "-c", "1", "-r", CAPTURE]);
    let aa = lines(&["-n", "-AA", "-c", "1", "-r", CAPTURE]);
    assert!(aa.concat().len() > a.concat().len());
}

#[test]
fn packet_type_forces_the_decoder() {
    // The DNS exchange on port 53 decodes as DNS anyway; -T tftp makes the
    // same UDP payloads TFTP.
    let tftp = lines(&["-n", "-T", "tftp", "-c", "4", "-r", CAPTURE]);
    assert!(
        tftp.iter().any(|l| l.contains(": TFTP, length 33")),
        "{tftp:?}"
    );
}

#[test]
fn bad_values_are_refused_like_tcpdump() {
    for (args, message) in [
        (&["-T", "nonsense"][..], "unknown packet type 'nonsense'"),
        (&["--skip", "-1"][..], "invalid packet skip count \"-1\""),
        (&["--print-sampling", "-2"][..], "invalid print sampling -2"),
        (&["--print-sampling", "0"][..], "invalid print sampling 0"),
    ] {
        let mut all = args.to_vec();
        all.extend(["-r", CAPTURE]);
        let out = bpfdump(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn accepted_options_without_printing_effects_run() {
    for extra in [["-b"], ["-H"], ["-K"]] {
        let mut args = vec!["-n", "-c", "2", "-r", CAPTURE];
        args.extend(extra);
        assert_eq!(lines(&args).len(), 2, "{extra:?}");
    }
    let e = lines(&["-n", "-c", "2", "-E", "file /nonexistent", "-r", CAPTURE]);
    assert_eq!(e.len(), 2);
}

/// `-u` prints NFS file handles as their raw 32-bit words, as the
/// development snapshot does (`fh[f0c862c6:1000:0:...]`).
#[test]
fn u_prints_nfs_handles_undecoded_as_the_snapshot() {
    let test = "u_prints_nfs_handles_undecoded_as_the_snapshot";
    let Some(tcpdump) = common::reference_tcpdump_or_skip(test) else {
        return;
    };
    let Some(shared) = common::shared_dir_or_skip(test) else {
        return;
    };
    let file = shared.join("pcaps/nfs-write-verf-cookie.pcapng");
    if !file.is_file() {
        eprintln!("{test}: skipped: no {}", file.display());
        return;
    }
    for flags in [&["-n", "-u"][..], &["-n", "-u", "-v"]] {
        let run = |program: &std::path::Path| {
            let out = Command::new(program)
                .env("TZ", "UTC")
                .args(flags)
                .arg("-r")
                .arg(&file)
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let ours = run(std::path::Path::new(env!("CARGO_BIN_EXE_bpfdump")));
        assert!(ours.contains(" fh["), "{ours}");
        assert_eq!(ours, run(&tcpdump), "{flags:?}");
    }
}

/// `-T` takes the names the snapshot tcpdump takes, and refuses the others
/// with its words (`tcp`, `udp`, `syslog` and `vrrp` are not among them).
#[test]
fn packet_types_are_the_snapshots() {
    let names = [
        "aodv",
        "carp",
        "cnfp",
        "domain",
        "lmp",
        "pgm",
        "pgm_zmtp1",
        "ptp",
        "quic",
        "radius",
        "resp",
        "rpc",
        "rtcp",
        "rtp",
        "snmp",
        "someip",
        "tftp",
        "vat",
        "vxlan",
        "wb",
        "zmtp1",
        "syslog",
        "tcp",
        "udp",
        "vrrp",
        "bogus",
    ];
    let reference = common::reference_tcpdump_or_skip("packet_types_are_the_snapshots");
    for name in names {
        let ours = bpfdump(&["-n", "-T", name, "-r", CAPTURE]);
        let refused = String::from_utf8_lossy(&ours.stderr)
            .contains(&format!("unknown packet type '{name}'"));
        assert_eq!(refused, !ours.status.success(), "-T {name}: {ours:?}");
        if let Some(tcpdump) = &reference {
            let theirs = Command::new(tcpdump)
                .args(["-n", "-T", name, "-r", CAPTURE])
                .output()
                .expect("run the snapshot tcpdump");
            assert_eq!(
                ours.status.success(),
                theirs.status.success(),
                "-T {name}: the snapshot {} it",
                if theirs.status.success() {
                    "takes"
                } else {
                    "refuses"
                }
            );
        }
    }
}
