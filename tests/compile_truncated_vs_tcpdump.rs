//! Our programs against tcpdump's on packets steered down the programs'
//! paths and cut short at every length — where the order of loads shows.
//!
//! The captures of `compile_vs_tcpdump` are real traffic: few of their
//! packets end inside a header a filter reads. Here, for every example
//! expression on a few link types, packets are built to hit the constants
//! the programs compare with (see `optimize_support::path_packets`), and
//! every truncation of each accepted one is added. Then:
//! - our optimized program (what bpfdump runs by default) must give
//!   tcpdump's default, optimized program's verdict on every packet;
//! - our unoptimized program (`-O`) must give tcpdump `-O`'s verdict, except
//!   on packets where tcpdump's own two programs disagree: libpcap's
//!   optimizer drops or reorders loads a short packet fails, and our code
//!   generator emits some shapes (or-chains of addresses and ports, masked
//!   prefix words) in the form whose meaning is that of libpcap's optimized
//!   program. There either of tcpdump's two verdicts is accepted.
//!
//! On the default link types every example agrees. On some others
//! (`BPFDUMP_LINKTYPES=all`) a few do not yet: ARCnet and Juniper link
//! layers, where libpcap's optimizer pulls some or-chains up but its
//! link-layer tests are not the single compare our code generator requires
//! before regrouping (there our optimized program gives tcpdump `-O`'s
//! verdict), and `! ip || arp` on Juniper, which libpcap's optimizer folds to
//! "accept" without the load ours keeps.
//!
//! Run with `BPFDUMP_SHARED=/work/shared`; `BPFDUMP_EXPR=substring` and
//! `BPFDUMP_LINKTYPES=A,B|all` narrow or widen it, and
//! `BPFDUMP_EXPRS_FILE=path` checks other expressions (one a line).

mod common;
mod compile_common;
mod optimize_support;

use bpfdump::cbpf::Program;
use bpfdump::{compile_filter, FilterOptions, LinkType};
use optimize_support::{path_packets, run, show, Rng};
use std::sync::Mutex;

const DEFAULT_LINKTYPES: &[&str] = &["EN10MB", "LINUX_SLL2", "RAW", "IEEE802_11_RADIO"];

fn ours(expr: &str, linktype: LinkType, optimize: bool) -> Option<Program> {
    let options = FilterOptions {
        linktype,
        optimize,
        // As the reference's `filtertest` compiles: no capture behind it.
        capture: bpfdump::Capture::Dead,
        ..Default::default()
    };
    compile_filter(expr, &options).ok()
}

/// The first packet (if any) on which the check fails, described.
fn compare(expr: &str, lt_name: &str, seeds: &[Vec<u8>], rng: &mut Rng) -> Option<String> {
    let linktype = LinkType::from_name(lt_name)?;
    if compile_common::known_libpcap_bug(lt_name, expr) {
        return None;
    }
    let theirs_opt = compile_common::tcpdump_cached(lt_name, expr, true).ok()?;
    let theirs_plain = compile_common::tcpdump_cached(lt_name, expr, false).ok()?;
    let mine_plain = ours(expr, linktype, false)?;
    let mine_opt = ours(expr, linktype, true)?;
    let programs: [&[_]; 4] = [&theirs_opt, &theirs_plain, &mine_opt, &mine_plain];
    let packets = path_packets(&programs, seeds, rng, 80);
    for p in &packets {
        let wire = p.len() as u32 + 100;
        let [t_opt, t_plain, m_opt, m_plain] = programs.map(|prog| run(prog, p, wire));
        let what = if m_opt != t_opt {
            "our optimized program vs tcpdump's"
        } else if m_plain != t_plain && m_plain != t_opt {
            "our -O program vs tcpdump's -O and optimized programs"
        } else {
            continue;
        };
        return Some(format!(
            "{lt_name} {expr:?}: {what}: ours {}/{} (optimized/-O), tcpdump {t_opt}/{t_plain}, on {} bytes {p:02x?}\nours:\n{}ours -O:\n{}tcpdump:\n{}",
            m_opt,
            m_plain,
            p.len(),
            show(&mine_opt),
            show(&mine_plain),
            show(&theirs_opt),
        ));
    }
    None
}

fn seed_of(lt: &str, expr: &str) -> u64 {
    let mut h = 0x7e57_0001u64;
    for b in lt.bytes().chain(expr.bytes()) {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h | 1
}

#[test]
fn examples_match_tcpdump_on_truncated_packets() {
    let Some(shared) = common::shared_dir_or_skip("compile_truncated_vs_tcpdump") else {
        return;
    };
    if !common::have_filter_reference("compile_truncated_vs_tcpdump") {
        return;
    }
    let examples = common::example_filters(&shared);
    check_on_truncated_packets(&shared, examples);
}

/// Long or-chains and and-chains of addresses, networks, ports and port
/// ranges (block lists, port lists), which the code generator regroups
/// and the optimizer must take in one go: `filters/chains.txt`.
#[test]
fn chains_match_tcpdump_on_truncated_packets() {
    let Some(shared) = common::shared_dir_or_skip("compile_truncated_vs_tcpdump chains") else {
        return;
    };
    if !common::have_filter_reference("compile_truncated_vs_tcpdump chains") {
        return;
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("filters/chains.txt");
    let chains: Vec<String> = std::fs::read_to_string(&path)
        .expect("filters/chains.txt is readable")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    assert!(chains.len() >= 20, "filters/chains.txt lists the chains");
    // As long as libpcap's program, give or take one instruction.
    let mut longer = Vec::new();
    for lt_name in DEFAULT_LINKTYPES {
        let linktype = LinkType::from_name(lt_name).unwrap();
        for expr in &chains {
            let (Some(mine), Ok(theirs)) = (
                ours(expr, linktype, true),
                compile_common::tcpdump_cached(lt_name, expr, true),
            ) else {
                continue;
            };
            if mine.len() > theirs.len() + 1 {
                longer.push(format!(
                    "{lt_name} {expr}: {} > {}",
                    mine.len(),
                    theirs.len()
                ));
            }
        }
    }
    // Known: behind radiotap every transport-layer load recomputes the
    // variable IPv4 header offset, and our optimizer does not yet carry
    // that value across the blocks of long port chains as libpcap's does
    // (about 1.4 times libpcap's length for 16 and more ports; shorter
    // than libpcap's below that).
    let (known, longer): (Vec<String>, Vec<String>) = longer
        .into_iter()
        .partition(|l| l.starts_with("IEEE802_11_RADIO") && l.contains("port"));
    for l in &known {
        eprintln!("known, longer than libpcap's + 1: {l}");
    }
    assert!(longer.is_empty(), "longer than libpcap's + 1: {longer:#?}");
    check_on_truncated_packets(&shared, chains);
}

fn check_on_truncated_packets(shared: &std::path::Path, default_exprs: Vec<String>) {
    let captures = compile_common::captures_by_linktype(shared);
    let linktypes: Vec<String> = match std::env::var("BPFDUMP_LINKTYPES").ok().as_deref() {
        Some("all") => captures.keys().cloned().collect(),
        Some(list) => list.split(',').map(String::from).collect(),
        None => DEFAULT_LINKTYPES.iter().map(|s| s.to_string()).collect(),
    };
    // BPFDUMP_EXPRS_FILE: one expression a line instead of the examples.
    let mut exprs = match std::env::var("BPFDUMP_EXPRS_FILE") {
        Ok(path) => std::fs::read_to_string(path)
            .expect("BPFDUMP_EXPRS_FILE is readable")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect(),
        Err(_) => default_exprs,
    };
    if let Ok(only) = std::env::var("BPFDUMP_EXPR") {
        exprs.retain(|e| e.contains(&only));
    }
    let jobs: Vec<(String, String)> = linktypes
        .iter()
        .flat_map(|lt| exprs.iter().map(move |e| (lt.clone(), e.clone())))
        .collect();
    let next = Mutex::new(0usize);
    let problems = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            let (jobs, next, problems, captures) = (&jobs, &next, &problems, &captures);
            s.spawn(move || loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    *n += 1;
                    *n - 1
                };
                let Some((lt, expr)) = jobs.get(i) else { break };
                let all = captures.get(lt).map(Vec::as_slice).unwrap_or(&[]);
                let step = (all.len() / 12).max(1);
                let seeds: Vec<Vec<u8>> = all
                    .iter()
                    .step_by(step)
                    .take(12)
                    .map(|(d, _)| d.clone())
                    .collect();
                // Seeded by the job itself, so a failure reproduces alone.
                let mut rng = Rng(seed_of(lt, expr));
                if let Some(p) = compare(expr, lt, &seeds, &mut rng) {
                    problems.lock().unwrap().push(p);
                }
            });
        }
    });
    let problems = problems.into_inner().unwrap();
    for p in &problems {
        eprintln!("{p}\n");
    }
    eprintln!(
        "{} (link type, expression) pairs checked on truncated packets, {} disagree",
        jobs.len(),
        problems.len()
    );
    assert!(problems.is_empty(), "{} disagreements", problems.len());
}
