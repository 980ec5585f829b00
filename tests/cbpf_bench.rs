//! Throughput of the reference interpreter on tcpdump's programs and the
//! shared captures. Not a test of behaviour: run on demand with
//! `cargo test --test cbpf_bench -- --ignored --nocapture` (numbers are only
//! meaningful with optimisations, e.g. `--release`).

mod common;

use bpfdump::cbpf::interp;
use std::time::Instant;

#[test]
#[ignore]
fn interpreter_throughput() {
    if !common::have_tcpdump("interpreter_throughput") {
        return;
    }
    let Some(shared) = common::shared_dir_or_skip("interpreter_throughput") else {
        return;
    };
    let mut packets = Vec::new();
    let index = std::fs::read_to_string(shared.join("pcaps/index.tsv")).unwrap_or_default();
    for line in index.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 || f[1] != "pcap" || f[3] != "EN10MB" {
            continue;
        }
        let Ok(file) = std::fs::File::open(shared.join("pcaps").join(f[0])) else {
            continue;
        };
        let Ok(mut reader) = pcap_file::pcap::PcapReader::new(file) else {
            continue;
        };
        while let Some(Ok(p)) = reader.next_packet() {
            packets.push((p.data.into_owned(), p.orig_len));
        }
    }
    for expr in [
        "ip",
        "tcp port 80 and host 10.0.0.1",
        "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
        "vlan 100 and ip6",
        "udp portrange 500-4500 or icmp6",
    ] {
        let program = common::tcpdump_program("EN10MB", expr, true).expect("tcpdump compiles it");
        let rounds = 200;
        let start = Instant::now();
        let mut accepted = 0u64;
        for _ in 0..rounds {
            for (data, wire) in &packets {
                accepted +=
                    u64::from(interp::run(std::hint::black_box(&program), data, *wire) != 0);
            }
        }
        let elapsed = start.elapsed();
        let runs = (rounds * packets.len()) as f64;
        eprintln!(
            "{expr:50} {:3} insns: {:6.1} ns/packet ({:.1} Mpps), accepted {}",
            program.len(),
            elapsed.as_nanos() as f64 / runs,
            runs / elapsed.as_secs_f64() / 1e6,
            accepted / rounds as u64
        );
    }
}
