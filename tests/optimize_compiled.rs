//! Soundness of the optimizer on our compiler's programs: every expression
//! of `shared/filters/examples.txt`, and random expressions built from
//! primitives, compiled with and without optimization for each link type of
//! the sample captures, must give identical verdicts on the captures'
//! packets, on packets steered down the programs' paths, and on every
//! truncation of accepted ones. Optimized programs must pass the classic
//! verifier, and compile in well under a millisecond.
//!
//! Run with `BPFDUMP_SHARED=/work/shared` (or `../shared` beside the crate).

mod common;
mod compile_common;
mod optimize_support;

use bpfdump::cbpf::{verify::verify, Program};
use bpfdump::{compile_filter, FilterOptions, LinkType};
use optimize_support::{path_packets, run, show, Rng};
use std::time::{Duration, Instant};

fn compile(expr: &str, linktype: LinkType, optimize: bool) -> Option<Program> {
    compile_filter(
        expr,
        &FilterOptions {
            linktype,
            optimize,
            ..Default::default()
        },
    )
    .ok()
}

/// Compare the optimized and unoptimized programs of `expr`; returns
/// (unoptimized length, optimized length, optimizer time) or None if our
/// compiler refuses the expression.
fn check(
    expr: &str,
    lt_name: &str,
    seeds: &[Vec<u8>],
    rng: &mut Rng,
    rounds: usize,
) -> Option<(usize, usize, Duration)> {
    let linktype = LinkType::from_name(lt_name)?;
    let plain = compile(expr, linktype, false)?;
    let start = Instant::now();
    let optimized = compile(expr, linktype, true);
    let took = start.elapsed();
    // An optimized filter that rejects everything is refused as libpcap does;
    // then the unoptimized one must reject every packet too.
    let optimized = optimized.unwrap_or_else(|| vec![bpfdump::cbpf::Insn::stmt(0x06, 0)]);
    if verify(&plain).is_ok() {
        assert!(
            verify(&optimized).is_ok(),
            "{expr} [{lt_name}]: optimized program fails the verifier:\n{}",
            show(&optimized)
        );
    }
    let packets = path_packets(&[&plain, &optimized], seeds, rng, rounds);
    for p in &packets {
        for wire in [p.len() as u32, p.len() as u32 + 1000] {
            let (a, b) = (run(&plain, p, wire), run(&optimized, p, wire));
            assert_eq!(
                a,
                b,
                "{expr} [{lt_name}]: verdicts differ on {p:02x?} (wire {wire})\nunoptimized:\n{}optimized:\n{}",
                show(&plain),
                show(&optimized)
            );
        }
    }
    Some((plain.len(), optimized.len(), took))
}

/// Link types to cover: `BPFDUMP_LINKTYPES=A,B` or `all`; by default a
/// handful that exercise different header layouts.
fn linktypes(
    captures: &std::collections::BTreeMap<String, Vec<compile_common::Packet>>,
) -> Vec<String> {
    match std::env::var("BPFDUMP_LINKTYPES").ok().as_deref() {
        Some("all") => captures.keys().cloned().collect(),
        Some(list) => list.split(',').map(String::from).collect(),
        None => ["EN10MB", "IEEE802_11_RADIO", "LINUX_SLL2", "RAW"]
            .map(String::from)
            .to_vec(),
    }
}

/// Up to `n` packets of the captures of one link type, spread out.
fn sample(packets: &[compile_common::Packet], n: usize) -> Vec<Vec<u8>> {
    let step = (packets.len() / n.max(1)).max(1);
    packets
        .iter()
        .step_by(step)
        .take(n)
        .map(|(d, _)| d.clone())
        .collect()
}

#[test]
fn examples_keep_their_verdicts() {
    let Some(shared) = common::shared_dir_or_skip("examples_keep_their_verdicts") else {
        return;
    };
    let captures = compile_common::captures_by_linktype(&shared);
    let mut rng = Rng(0x0b71_315e);
    let (mut before, mut after, mut n, mut slowest) = (0, 0, 0, (Duration::ZERO, String::new()));
    for lt in linktypes(&captures) {
        let all = captures.get(&lt).map(Vec::as_slice).unwrap_or(&[]);
        let seeds = sample(all, 40);
        for expr in common::example_filters(&shared) {
            let Some((b, a, took)) = check(&expr, &lt, &seeds, &mut rng, 60) else {
                continue;
            };
            // Every real packet too (both programs, no steering needed).
            let linktype = LinkType::from_name(&lt).unwrap();
            let (plain, opt) = (
                compile(&expr, linktype, false).unwrap(),
                compile(&expr, linktype, true),
            );
            if let Some(opt) = opt {
                for (data, wire) in all {
                    assert_eq!(
                        run(&plain, data, *wire),
                        run(&opt, data, *wire),
                        "{expr} [{lt}] on a capture packet"
                    );
                }
            }
            before += b;
            after += a;
            n += 1;
            if took > slowest.0 {
                slowest = (took, format!("{expr} [{lt}]"));
            }
        }
    }
    println!("{n} programs: {before} instructions unoptimized, {after} optimized; slowest compile {:?} ({})", slowest.0, slowest.1);
}

/// Random expressions: primitives joined by and/or/not.
fn random_expr(rng: &mut Rng, depth: u32) -> String {
    const PRIMS: &[&str] = &[
        "tcp",
        "udp",
        "icmp",
        "ip",
        "ip6",
        "arp",
        "port 53",
        "port 80",
        "tcp port 22",
        "udp port 67",
        "host 10.0.0.1",
        "src host 192.168.1.1",
        "dst net 10.0.0.0/8",
        "net fe80::/10",
        "portrange 100-200",
        "ip proto 47",
        "less 100",
        "greater 200",
        "vlan",
        "mpls",
        "ip[9] = 6",
        "tcp[13] & 2 != 0",
        "ether[0] & 1 = 1",
        "ip6[6] = 17",
        "icmp[0] = 8",
        "len > 60",
        "ether host 00:11:22:33:44:55",
        "ip multicast",
        "ip broadcast",
        "tcp[tcpflags] & tcp-syn != 0",
        "udp[4:2] > 8",
        "ip[0] & 0xf > 5",
        "ether proto 0x0800",
        "tcp src port 443",
        "ip6 multicast",
        "icmp6",
        "sctp",
        "ip[2:2] > 576",
    ];
    if depth == 0 || rng.chance(35) {
        return PRIMS[rng.below(PRIMS.len() as u64) as usize].to_string();
    }
    match rng.below(5) {
        0 => format!("not ({})", random_expr(rng, depth - 1)),
        1 | 2 => format!(
            "({}) and ({})",
            random_expr(rng, depth - 1),
            random_expr(rng, depth - 1)
        ),
        _ => format!(
            "({}) or ({})",
            random_expr(rng, depth - 1),
            random_expr(rng, depth - 1)
        ),
    }
}

#[test]
fn random_expressions_keep_their_verdicts() {
    let shared = common::shared_dir();
    let captures = shared
        .as_deref()
        .map(compile_common::captures_by_linktype)
        .unwrap_or_default();
    let cases = std::env::var("BPFDUMP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150u64);
    let lts = ["EN10MB", "LINUX_SLL", "RAW", "IEEE802_11_RADIO"];
    let mut compiled = 0;
    for seed in 0..cases {
        let mut rng = Rng(0xe4_9e55_0000 + seed * 0x9e37_79b9);
        let expr = random_expr(&mut rng, 3);
        let lt = lts[rng.below(lts.len() as u64) as usize];
        let seeds = sample(captures.get(lt).map(Vec::as_slice).unwrap_or(&[]), 10);
        if check(&expr, lt, &seeds, &mut rng, 40).is_some() {
            compiled += 1;
        }
    }
    assert!(compiled > 0 || cases == 0, "no random expression compiled");
    println!("{compiled} of {cases} random expressions compiled and agreed");
}

/// `BPFDUMP_EXPR=... BPFDUMP_LINKTYPES=... cargo test --test optimize_compiled
/// -- --ignored --nocapture stats_one`: our programs and the optimizer's stats.
#[test]
#[ignore]
fn stats_one() {
    let expr = std::env::var("BPFDUMP_EXPR").unwrap_or_else(|_| "tcp".into());
    let lt = std::env::var("BPFDUMP_LINKTYPES").unwrap_or_else(|_| "EN10MB".into());
    let linktype = LinkType::from_name(&lt).unwrap();
    let plain = compile(&expr, linktype, false).unwrap();
    let mut g = bpfdump::ir::Graph::from_program(&plain).unwrap();
    let start = Instant::now();
    let stats = bpfdump::optimize::optimize_with_stats(&mut g);
    let took = start.elapsed();
    let start = Instant::now();
    for _ in 0..10 {
        let mut g = bpfdump::ir::Graph::from_program(&plain).unwrap();
        bpfdump::optimize::optimize(&mut g);
    }
    println!(
        "{}-- optimized\n{}{stats} in {took:?}; 10 more in {:?}",
        show(&plain),
        show(&g.linearize()),
        start.elapsed()
    );
}

/// Optimizer time per program (median of 5 runs), for the examples on a few
/// link types: `cargo test --test optimize_compiled -- --ignored --nocapture
/// optimizer_timing` (meaningful with optimization on, e.g.
/// `CARGO_PROFILE_DEV_OPT_LEVEL=2` or `--release`).
#[test]
#[ignore]
fn optimizer_timing() {
    let Some(shared) = common::shared_dir_or_skip("optimizer_timing") else {
        return;
    };
    for lt in ["EN10MB", "LINUX_SLL2", "IEEE802_11_RADIO"] {
        let linktype = LinkType::from_name(lt).unwrap();
        let mut times = Vec::new();
        for expr in common::example_filters(&shared) {
            let Some(plain) = compile(&expr, linktype, false) else {
                continue;
            };
            let Ok(graph) = bpfdump::ir::Graph::from_program(&plain) else {
                continue;
            };
            let mut runs: Vec<Duration> = (0..5)
                .map(|_| {
                    let mut g = graph.clone();
                    let start = Instant::now();
                    bpfdump::optimize::optimize(&mut g);
                    start.elapsed()
                })
                .collect();
            runs.sort();
            times.push((runs[2], plain.len(), expr));
        }
        times.sort();
        let total: Duration = times.iter().map(|t| t.0).sum();
        let median = times[times.len() / 2].0;
        let worst = times.last().unwrap();
        println!(
            "{lt}: {} programs, median {:?}, mean {:?}, worst {:?} ({} insns: {})",
            times.len(),
            median,
            total / times.len() as u32,
            worst.0,
            worst.1,
            worst.2
        );
    }
}
