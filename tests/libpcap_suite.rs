//! libpcap's own filter test suite, run against bpfdump.
//!
//! The suite is the Perl data of `testprogs/TESTrun` in the libpcap
//! development snapshot (`../shared/oracles/libpcap/`), turned into JSON by
//! `scripts/libpcap_suite.pl`: about 3,700 *accept* tests (an expression, a
//! link type, options and the program libpcap prints, with and without
//! `-O`), 360 *apply* tests (an expression and a capture from the suite's
//! `tests/filter/`, with the value the program returns for each packet) and
//! 10,000 *reject* tests (an expression and the reason libpcap gives for
//! refusing it).
//!
//! Accept tests are judged by what the programs do, not by their bytes: both
//! run in the classic interpreter (libpcap's `bpf_filter` semantics) on
//! packets steered through both programs (`libpcap_suite/steer.rs`), and
//! must return the same value on every one; bpfdump's eBPF interpreter and
//! JIT must then give our program's verdict on every one of them too. Apply tests compare the value
//! returned for each packet of the capture, as bpfdump's `-r` compiles and
//! runs it. Reject tests must be refused.
//!
//! Tests bpfdump does not pass yet are listed, each with a reason, in
//! `filters/libpcap-suite/known-failures.txt`; the test fails when any other
//! test fails, and names the listed tests that now pass. The summary (also
//! how often a refusal gives libpcap's message, and program lengths against
//! libpcap's) is printed on standard error: `cargo test --test libpcap_suite
//! -- --nocapture`.

mod common;
#[path = "libpcap_suite/steer.rs"]
mod steer;

use bpfdump::capture::CaptureReader;
use bpfdump::cbpf::{interp, listing, metadata, Insn};
use bpfdump::engine::{self, EngineKind};
use bpfdump::{compile_filter, Capture, FilterOptions, LinkType};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Build the snapshot (or reuse the build) and read its suite; the error is
/// why the test cannot run.
fn load_suite() -> Result<(PathBuf, Vec<Value>), String> {
    let out = common::libpcap_snapshot_dir()?;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/libpcap_suite.pl");
    let dumped = Command::new("perl")
        .arg(&script)
        .arg(&out)
        .arg(out.join("build/config.h"))
        .output()
        .map_err(|e| format!("perl: {e}"))?;
    if !dumped.status.success() {
        return Err(format!(
            "libpcap_suite.pl failed: {}",
            String::from_utf8_lossy(&dumped.stderr).trim()
        ));
    }
    let cases: Vec<Value> =
        serde_json::from_slice(&dumped.stdout).map_err(|e| format!("suite JSON: {e}"))?;
    Ok((out, cases))
}

fn text<'a>(case: &'a Value, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

fn number(case: &Value, key: &str) -> Option<u32> {
    match case.get(key)? {
        Value::Number(n) => n.as_u64().map(|n| n as u32),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn flag(case: &Value, key: &str) -> bool {
    case.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The netmask filtertest compiles with: `-m`, else unknown
/// (`PCAP_NETMASK_UNKNOWN`, which refuses `ip broadcast`; tcpdump passes 0).
fn netmask(case: &Value) -> Option<u32> {
    let Some(text) = text(case, "netmask") else {
        return Some(0xffff_ffff);
    };
    let addr: std::net::Ipv4Addr = text.parse().ok()?;
    Some(u32::from(addr))
}

#[derive(Debug)]
enum Outcome {
    Pass,
    /// Passed, with our program's length and libpcap's (accept tests).
    PassLen(usize, usize),
    Fail(String),
}

fn options(case: &Value) -> Result<FilterOptions, String> {
    let dlt = text(case, "DLT").ok_or("no DLT")?;
    let linktype = LinkType::from_name(dlt).ok_or_else(|| format!("unknown DLT {dlt}"))?;
    Ok(FilterOptions {
        linktype,
        snaplen: number(case, "snaplen").unwrap_or(bpfdump::DEFAULT_SNAPLEN),
        optimize: flag(case, "optimize"),
        netmask: netmask(case),
        capture: match text(case, "generate_offline_filter") {
            Some("swapped") => Capture::Savefile { swapped: true },
            Some("unswapped") => Capture::Savefile { swapped: false },
            // filtertest -l: Linux's extensions, as a live capture has them.
            _ if flag(case, "linuxext") => Capture::Live,
            _ => Capture::Dead,
        },
    })
}

fn run_accept(case: &Value) -> Outcome {
    let expected = match listing::parse_listing(text(case, "expected").unwrap_or("")) {
        Ok(p) => p,
        Err(e) => return Outcome::Fail(format!("harness: expected program: {e}")),
    };
    let opts = match options(case) {
        Ok(o) => o,
        Err(e) => return Outcome::Fail(e),
    };
    let expr = text(case, "expr").unwrap_or("");
    let ours = match compile_filter(expr, &opts) {
        Ok(p) => p,
        Err(e) => return Outcome::Fail(format!("refused: {e}")),
    };
    if let Some(diff) = first_difference(&ours, &expected, expr) {
        return Outcome::Fail(diff);
    }
    Outcome::PassLen(ours.len(), expected.len())
}

/// A packet on which the two programs return different values, or on
/// which one of bpfdump's engines (the eBPF interpreter, the JIT) runs our
/// program to another verdict than the classic interpreter.
/// The first packet on which the two programs' verdicts differ. Programs
/// that read the VLAN metadata (a live capture's `vlan`) are compared with
/// no tag in it, and with tags in it.
fn first_difference(ours: &[Insn], theirs: &[Insn], expr: &str) -> Option<String> {
    if !metadata::reads_vlan(ours) && !metadata::reads_vlan(theirs) {
        return first_difference_on_packets(ours, theirs, expr);
    }
    [None, Some(10), Some(0x2005)].into_iter().find_map(|tci| {
        let (a, b) = (
            metadata::bind_vlan(ours, tci),
            metadata::bind_vlan(theirs, tci),
        );
        first_difference_on_packets(&a, &b, expr)
            .map(|d| format!("with VLAN metadata {tci:?}: {d}"))
    })
}

fn first_difference_on_packets(ours: &[Insn], theirs: &[Insn], expr: &str) -> Option<String> {
    let seed = expr.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let packets = steer::packets(&[ours, theirs], seed, 96);
    for (data, wire) in &packets {
        let a = interp::run(ours, data, *wire);
        let b = interp::run(theirs, data, *wire);
        if a != b {
            return Some(format!(
                "verdict {a} where libpcap's program gives {b} on a {}-byte packet (wire {wire}): {}",
                data.len(),
                hex(data)
            ));
        }
    }
    for kind in [EngineKind::Interp, EngineKind::Jit] {
        let engine = match engine::build(kind, ours) {
            Ok(e) => e,
            Err(e) => return Some(format!("engine {}: {e}", kind.name())),
        };
        for (data, wire) in &packets {
            let want = interp::run(ours, data, *wire);
            let got = engine.run(data, *wire);
            if got != want {
                return Some(format!(
                    "engine {} gives {got} where the classic interpreter gives {want} on a {}-byte packet: {}",
                    kind.name(),
                    data.len(),
                    hex(data)
                ));
            }
        }
    }
    None
}

fn hex(data: &[u8]) -> String {
    data.iter().take(64).map(|b| format!("{b:02x}")).collect()
}

fn run_apply(case: &Value, snapshot: &Path) -> Outcome {
    let path = snapshot
        .join("tests")
        .join(text(case, "savefile").unwrap_or(""));
    let mut reader = match CaptureReader::open(&path) {
        Ok(r) => r,
        Err(e) => return Outcome::Fail(format!("cannot read {}: {e}", path.display())),
    };
    let opts = FilterOptions {
        linktype: reader.linktype(),
        snaplen: reader.snaplen(),
        optimize: flag(case, "optimize"),
        netmask: netmask(case),
        capture: Capture::Savefile {
            swapped: reader.swapped(),
        },
    };
    let expr = text(case, "expr").unwrap_or("");
    let program = match compile_filter(expr, &opts) {
        Ok(p) => p,
        Err(e) => return Outcome::Fail(format!("refused: {e}")),
    };
    let mut got = Vec::new();
    loop {
        match reader.next() {
            Ok(Some(r)) => got.push(interp::run(&program, r.packet.data, r.packet.wire_len)),
            Ok(None) => break,
            Err(e) => return Outcome::Fail(format!("reading: {e}")),
        }
    }
    let want: Vec<u32> = text(case, "expected")
        .unwrap_or("")
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    if got == want {
        Outcome::Pass
    } else {
        Outcome::Fail(format!("results {got:?}, libpcap {want:?}"))
    }
}

/// Reject tests: refused, with libpcap's reason (its message contains the
/// suite's text), as TESTrun requires.
fn run_reject(case: &Value, snapshot: &Path) -> (Outcome, bool) {
    let mut want = text(case, "expected").unwrap_or("");
    let message = if let Some(savefile) = text(case, "savefile") {
        // "Failed opening: " is filtertest's own prefix.
        want = want.strip_prefix("Failed opening: ").unwrap_or(want);
        let path = snapshot.join("tests").join(savefile);
        match CaptureReader::open(&path) {
            Ok(_) => return (Outcome::Fail("file opened".into()), false),
            Err(e) => e.to_string(),
        }
    } else {
        let opts = match options(case) {
            Ok(o) => o,
            Err(e) => return (Outcome::Fail(e), false),
        };
        match compile_filter(text(case, "expr").unwrap_or(""), &opts) {
            Ok(p) => {
                return (
                    Outcome::Fail(format!("accepted ({} instructions)", p.len())),
                    false,
                )
            }
            Err(e) => e.to_string(),
        }
    };
    if message.contains(want) {
        (Outcome::Pass, true)
    } else {
        (
            Outcome::Fail(format!("refused, but with {message:?}")),
            false,
        )
    }
}

fn known_failures() -> BTreeMap<String, String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("filters/libpcap-suite/known-failures.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once('#') {
            Some((label, why)) => (label.trim().to_string(), why.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    run: BTreeMap<&'static str, (usize, usize)>,
    messages: (usize, usize),
    lengths: Vec<(String, usize, usize)>,
}

#[test]
fn libpcap_filter_suite() {
    let (snapshot, cases) = match load_suite() {
        Ok(s) => s,
        Err(why) => {
            eprintln!("libpcap_filter_suite: skipped: {why}");
            return;
        }
    };
    let runnable: Vec<&Value> = cases
        .iter()
        .filter(|c| text(c, "kind") != Some("skip"))
        .collect();
    let skipped = cases.len() - runnable.len();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = runnable.len().div_ceil(threads).max(1);
    let results: Vec<(String, &'static str, Outcome, Option<bool>)> = std::thread::scope(|s| {
        let handles: Vec<_> = runnable
            .chunks(chunk)
            .map(|part| {
                let snapshot = &snapshot;
                s.spawn(move || {
                    part.iter()
                        .map(|case| {
                            let label = text(case, "label").unwrap_or("?").to_string();
                            match text(case, "kind") {
                                Some("accept") => (label, "accept", run_accept(case), None),
                                Some("apply") => (label, "apply", run_apply(case, snapshot), None),
                                _ => {
                                    let (o, msg) = run_reject(case, snapshot);
                                    (label, "reject", o, Some(msg))
                                }
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });

    let known = known_failures();
    let mut tally = Tally::default();
    let mut unexpected = Vec::new();
    let mut now_pass = Vec::new();
    let mut failing = BTreeSet::new();
    for (label, kind, outcome, message) in &results {
        let entry = tally.run.entry(kind).or_default();
        entry.1 += 1;
        if let Some(m) = message {
            tally.messages.1 += 1;
            tally.messages.0 += usize::from(*m);
        }
        match outcome {
            Outcome::Fail(why) => {
                failing.insert(label.clone());
                if !known.contains_key(label) {
                    unexpected.push(format!("{label}: {why}"));
                }
            }
            ok => {
                entry.0 += 1;
                if let Outcome::PassLen(ours, theirs) = ok {
                    if label.contains("_opt_") {
                        tally.lengths.push((label.clone(), *ours, *theirs));
                    }
                }
                if known.contains_key(label) {
                    now_pass.push(label.clone());
                }
            }
        }
    }
    if std::env::var_os("LIBPCAP_SUITE_FAILURES").is_some() {
        // For refreshing the list: every failing label with its reason.
        for (label, _, outcome, _) in &results {
            if let Outcome::Fail(why) = outcome {
                let why: String = why.chars().take(90).collect();
                println!("{label} # {why}");
            }
        }
    }
    eprintln!(
        "libpcap filter suite ({skipped} tests skipped by the suite itself on this machine):"
    );
    for (kind, (pass, total)) in &tally.run {
        eprintln!(
            "  {kind:<6} {pass:>6} of {total:>6} pass ({:.1}%)",
            100.0 * *pass as f64 / (*total).max(1) as f64
        );
    }
    eprintln!(
        "  reject messages as libpcap's: {} of {}",
        tally.messages.0, tally.messages.1
    );
    let (ours, theirs): (usize, usize) = tally
        .lengths
        .iter()
        .fold((0, 0), |(a, b), (_, x, y)| (a + x, b + y));
    if let Some(worst) = tally
        .lengths
        .iter()
        .max_by_key(|(_, x, y)| *x as i64 - *y as i64)
    {
        eprintln!(
            "  optimized lengths: {ours} instructions against libpcap's {theirs}; worst {} ({} vs {})",
            worst.0, worst.1, worst.2
        );
    }
    let over: Vec<_> = tally
        .lengths
        .iter()
        .filter(|(_, x, y)| *x > y + 1)
        .collect();
    eprintln!(
        "  optimized programs longer than libpcap's + 1: {}",
        over.len()
    );
    for (label, ours, theirs) in &over {
        eprintln!("    {label}: {ours} against {theirs}");
    }
    if !now_pass.is_empty() {
        eprintln!(
            "  {} listed in known-failures.txt now pass (remove them): {}",
            now_pass.len(),
            now_pass.join(" ")
        );
    }
    assert!(
        unexpected.is_empty(),
        "{} tests of libpcap's suite fail that are not in filters/libpcap-suite/known-failures.txt:\n{}",
        unexpected.len(),
        unexpected.iter().take(60).cloned().collect::<Vec<_>>().join("\n")
    );
}
