//! The command line of the eBPF stages: `--dump-ebpf` and `--dump-jit` work
//! for every example expression, and `--bench` ends with the specified
//! line and reports as many matches as the filter accepts.

mod common;

use assert_cmd::Command;
use std::path::PathBuf;

fn bpfdump() -> Command {
    Command::cargo_bin("bpfdump").expect("binary built")
}

#[test]
fn dumps_work_for_every_example_expression() {
    let Some(shared) = common::shared_dir_or_skip("dumps_work_for_every_example_expression") else {
        return;
    };
    let mut dumped = 0;
    for expr in common::example_filters(&shared) {
        // Only expressions that compile for Ethernet (as `-d` would).
        let compiled = bpfdump().args(["-d", &expr]).output().unwrap();
        if !compiled.status.success() {
            continue;
        }
        // protochain loops: no eBPF program (the classic verifier refuses it).
        let ebpf = bpfdump().args(["--dump-ebpf", &expr]).output().unwrap();
        let jit = bpfdump().args(["--dump-jit", &expr]).output().unwrap();
        if expr.contains("protochain") {
            continue;
        }
        assert!(
            ebpf.status.success(),
            "{expr:?}: {}",
            String::from_utf8_lossy(&ebpf.stderr)
        );
        assert!(
            jit.status.success(),
            "{expr:?}: {}",
            String::from_utf8_lossy(&jit.stderr)
        );
        let listing = String::from_utf8_lossy(&ebpf.stdout);
        // One instruction a line, numbered from 0, and it ends in exits.
        for (i, line) in listing.lines().enumerate() {
            assert!(
                line.trim_start().starts_with(&format!("{i}: (")),
                "{expr:?}: {line:?}"
            );
        }
        assert!(listing.contains("exit"), "{expr:?}");
        assert!(
            String::from_utf8_lossy(&jit.stdout).contains("ret"),
            "{expr:?}"
        );
        dumped += 1;
    }
    assert!(dumped > 50, "only {dumped} expressions dumped");
}

#[test]
fn bench_prints_matches_and_ns_per_packet_last() {
    let capture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/mixed.pcap");
    if !capture.exists() {
        eprintln!("bench_prints_matches_and_ns_per_packet_last: skipped: no testdata/mixed.pcap");
        return;
    }
    for engine in ["jit", "interp", "cbpf"] {
        let out = bpfdump()
            .args(["--bench", "-r"])
            .arg(&capture)
            .args(["--engine", engine, "tcp"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let last = text.lines().last().unwrap();
        let (key, value) = last.split_once(' ').unwrap();
        assert_eq!(key, "ns_per_packet");
        assert!(value.parse::<f64>().unwrap() > 0.0);
        // matches = what the offline path prints with --count.
        let matches: u64 = text
            .lines()
            .find_map(|l| l.strip_prefix("matches "))
            .unwrap()
            .parse()
            .unwrap();
        let counted = bpfdump()
            .args(["-r"])
            .arg(&capture)
            .args(["--count", "tcp"])
            .output()
            .unwrap();
        let counted_text = String::from_utf8_lossy(&counted.stdout);
        if counted.status.success() {
            let n: Option<u64> = counted_text.split_whitespace().find_map(|w| w.parse().ok());
            if let Some(n) = n {
                assert_eq!(matches, n, "{engine}: --count said {counted_text:?}");
            }
        }
    }
}
