//! The optimizer against libpcap's, on libpcap's own unoptimized programs.
//!
//! For every expression of `shared/filters/examples.txt` and every link
//! type of `shared/pcaps` that tcpdump compiles it for: tcpdump's program
//! without optimization (`-O`) is split into a graph, optimized by us and
//! linearized; its instruction count is compared with tcpdump's optimized
//! program (`tcpdump -d` line count), and its verdicts with tcpdump's
//! unoptimized program on crafted packets (bytes equal to the compared
//! constants at the loaded offsets, short packets) and on real packets.
//!
//! Our own compiler's optimized program (`compile_filter`) is counted too.
//!
//! The per-program table is printed (`cargo test --test optimize_counts --
//! --nocapture`), with totals. The test fails when a program gets longer
//! than in the committed baseline `filters/optimizer-baseline.tsv`: the
//! optimized tcpdump `-O` program always (a fixed input), our compiler's
//! program when its unoptimized length is the one recorded (a changed code
//! generator is not an optimizer regression; re-bless then). Regenerate
//! the baseline after an improvement with
//! `BPFDUMP_BLESS=1 BPFDUMP_SHARED=/work/shared cargo test --test optimize_counts`.
//! By default a few link types are covered (see `DEFAULT_LINKTYPES`);
//! `BPFDUMP_LINKTYPES=all` gives the whole table (minutes), and
//! `BPFDUMP_EXPR=substring` narrows it down.

mod common;
mod optimize_support;

use bpfdump::cbpf::Program;
use bpfdump::ir::Graph;
use optimize_support::{path_packets, run, Rng};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const BASELINE: &str = "filters/optimizer-baseline.tsv";

/// Link types checked by default: Ethernet, Linux cooked v2, raw IP and
/// 802.11 with radiotap (whose variable-length header libpcap's optimizer
/// handles worst).
const DEFAULT_LINKTYPES: &[&str] = &["EN10MB", "LINUX_SLL2", "RAW", "IEEE802_11_RADIO"];

/// Link types named in the shared captures' index.
fn capture_linktypes(shared: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(shared.join("pcaps/index.tsv")).unwrap_or_default();
    let mut names: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(3))
        .map(String::from)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[derive(Debug, Clone)]
struct Row {
    linktype: String,
    expr: String,
    libpcap: usize,
    unoptimized: usize,
    ours: usize,
    /// Our compiler's program, optimized (None: it refuses the expression).
    compiled: Option<usize>,
    /// Our compiler's program without optimization (the optimizer's input).
    compiled_plain: Option<usize>,
    /// Packets on which our program disagreed with tcpdump's unoptimized one.
    mismatches: usize,
}

fn baseline_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(BASELINE)
}

/// (linktype, expression) -> (ours from -O, ours compiled, our compiler's
/// unoptimized length).
type Baseline = BTreeMap<(String, String), (usize, Option<usize>, Option<usize>)>;

fn read_baseline() -> Baseline {
    let text = std::fs::read_to_string(baseline_path()).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() >= 6).then(|| {
                let key = (f[0].to_string(), f[1].to_string());
                (
                    key,
                    (
                        f[3].parse().unwrap_or(usize::MAX),
                        f[4].parse().ok(),
                        f[5].parse().ok(),
                    ),
                )
            })
        })
        .collect()
}

fn evaluate(linktype: &str, expr: &str) -> Option<Row> {
    let optimized = common::tcpdump_program(linktype, expr, true).ok()?;
    let unoptimized = common::tcpdump_program(linktype, expr, false).ok()?;
    // Programs with loops (protochain) do not fit the DAG.
    let mut graph = Graph::from_program(&unoptimized).ok()?;
    bpfdump::optimize::optimize(&mut graph);
    let ours: Program = graph.linearize();
    // The kernel's rule for scratch memory is a linear walk that a layout
    // can fail although every path writes before it reads. (libpcap's own
    // programs do not always pass it: those are not held to it.)
    let unwritten = bpfdump::cbpf::scratch::first_unwritten_read;
    if unwritten(&unoptimized).is_none() {
        assert_eq!(
            unwritten(&ours),
            None,
            "{linktype} {expr}: the optimized program fails the kernel's scratch-memory rule"
        );
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ expr.len() as u64 ^ (linktype.len() as u64) << 32);
    let packets = path_packets(&[&unoptimized, &ours], &[], &mut rng, 100);
    let mismatches = packets
        .iter()
        .filter(|p| run(&unoptimized, p, p.len() as u32) != run(&ours, p, p.len() as u32))
        .count();
    let ours_compiled = |optimize: bool| {
        bpfdump::LinkType::from_name(linktype).and_then(|lt| {
            let options = bpfdump::FilterOptions {
                linktype: lt,
                optimize,
                ..Default::default()
            };
            bpfdump::compile_filter(expr, &options)
                .ok()
                .map(|p| p.len())
        })
    };
    Some(Row {
        compiled: ours_compiled(true),
        compiled_plain: ours_compiled(false),
        linktype: linktype.into(),
        expr: expr.into(),
        libpcap: optimized.len(),
        unoptimized: unoptimized.len(),
        ours: ours.len(),
        mismatches,
    })
}

fn all_rows(shared: &Path) -> Vec<Row> {
    // BPFDUMP_LINKTYPES=EN10MB,PPP and BPFDUMP_EXPR=substring narrow the
    // run down while investigating.
    // By default the link types of pcap-filter's common cases (the full
    // table over every capture link type takes minutes: BPFDUMP_LINKTYPES=all).
    let only_lt: Option<Vec<String>> = match std::env::var("BPFDUMP_LINKTYPES").ok().as_deref() {
        Some("all") => None,
        Some(v) => Some(v.split(',').map(String::from).collect()),
        None => Some(DEFAULT_LINKTYPES.iter().map(|s| s.to_string()).collect()),
    };
    let only_expr = std::env::var("BPFDUMP_EXPR").ok();
    let jobs: Vec<(String, String)> = capture_linktypes(shared)
        .into_iter()
        .filter(|lt| only_lt.as_ref().is_none_or(|o| o.contains(lt)))
        .flat_map(|lt| {
            common::example_filters(shared)
                .into_iter()
                .map(move |e| (lt.clone(), e))
        })
        .filter(|(_, e)| only_expr.as_ref().is_none_or(|o| e.contains(o.as_str())))
        .collect();
    let jobs = Mutex::new(jobs.into_iter().enumerate());
    let rows = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| loop {
                let Some((i, (lt, e))) = jobs.lock().unwrap().next() else {
                    break;
                };
                if std::env::var_os("BPFDUMP_VERBOSE").is_some() {
                    eprintln!("evaluating [{lt}] {e}");
                }
                if let Some(r) = evaluate(&lt, &e) {
                    rows.lock().unwrap().push((i, r));
                }
            });
        }
    });
    let mut rows = rows.into_inner().unwrap();
    rows.sort_by_key(|(i, _)| *i);
    rows.into_iter().map(|(_, r)| r).collect()
}

#[test]
fn counts_against_libpcap() {
    let Some(shared) = common::shared_dir_or_skip("counts_against_libpcap") else {
        return;
    };
    if !common::have_tcpdump("counts_against_libpcap") {
        return;
    }
    let start = std::time::Instant::now();
    let rows = all_rows(&shared);
    assert!(!rows.is_empty(), "no expression compiled");

    println!(
        "{:<18} {:>7} {:>5} {:>5} {:>8}  expression",
        "linktype", "libpcap", "-O", "ours(-O)", "compiled"
    );
    let (mut sum_lib, mut sum_ours) = (0, 0);
    // Over the programs our compiler also compiles: libpcap vs ours.
    let (mut sum_lib_c, mut sum_c, mut n_c, mut longer_c) = (0, 0, 0, Vec::new());
    let mut longer = Vec::new();
    let mut wrong = Vec::new();
    for r in &rows {
        let compiled = r.compiled.map_or("-".to_string(), |c| c.to_string());
        println!(
            "{:<18} {:>7} {:>5} {:>8} {:>8}  {}",
            r.linktype, r.libpcap, r.unoptimized, r.ours, compiled, r.expr
        );
        if let Some(c) = r.compiled {
            sum_lib_c += r.libpcap;
            sum_c += c;
            n_c += 1;
            if c > r.libpcap + 1 {
                longer_c.push(format!(
                    "{} [{}]: compiled {} libpcap {}",
                    r.expr, r.linktype, c, r.libpcap
                ));
            }
        }
        sum_lib += r.libpcap;
        sum_ours += r.ours;
        if r.ours > r.libpcap + 1 {
            longer.push(format!(
                "{} [{}]: ours {} libpcap {}",
                r.expr, r.linktype, r.ours, r.libpcap
            ));
        }
        if r.mismatches > 0 {
            wrong.push(format!(
                "{} [{}]: {} packets",
                r.expr, r.linktype, r.mismatches
            ));
        }
    }
    let better = rows.iter().filter(|r| r.ours < r.libpcap).count();
    let worse = rows.iter().filter(|r| r.ours > r.libpcap).count();
    println!(
        "TOTAL {} programs: libpcap {} ours {} ratio {:.3}; shorter {} longer {} (by >1: {}); {:?}",
        rows.len(),
        sum_lib,
        sum_ours,
        sum_ours as f64 / sum_lib as f64,
        better,
        worse,
        longer.len(),
        start.elapsed()
    );
    for l in &longer {
        println!("longer by more than one: {l}");
    }
    println!(
        "COMPILED {} programs: libpcap {} ours {} ratio {:.3}; longer by >1: {}",
        n_c,
        sum_lib_c,
        sum_c,
        sum_c as f64 / sum_lib_c.max(1) as f64,
        longer_c.len()
    );
    for l in &longer_c {
        println!("compiled longer by more than one: {l}");
    }
    assert!(
        wrong.is_empty(),
        "optimized programs disagree with tcpdump's -O programs: {wrong:#?}"
    );

    if std::env::var_os("BPFDUMP_BLESS").is_some() {
        let mut text = String::from(
            "# linktype\texpression\tlibpcap (tcpdump -d)\tours (tcpdump -O program, optimized by bpfdump)\tours (compile_filter, - if refused)\tour compiler unoptimized\n\
             # regenerate: BPFDUMP_BLESS=1 BPFDUMP_SHARED=/work/shared cargo test --test optimize_counts\n",
        );
        for r in &rows {
            let compiled = r.compiled.map_or("-".to_string(), |c| c.to_string());
            let plain = r.compiled_plain.map_or("-".to_string(), |c| c.to_string());
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\n",
                r.linktype, r.expr, r.libpcap, r.ours, compiled, plain
            ));
        }
        std::fs::write(baseline_path(), text).expect("write baseline");
        println!("wrote {}", baseline_path().display());
        return;
    }
    let baseline = read_baseline();
    let regressions: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            let &(b, bc, bplain) = baseline.get(&(r.linktype.clone(), r.expr.clone()))?;
            // Our compiler's column only counts when its input is unchanged
            // (a code generator change is not an optimizer regression).
            let same_input = r.compiled_plain == bplain;
            let compiled_worse =
                same_input && matches!((r.compiled, bc), (Some(c), Some(bc)) if c > bc);
            (r.ours > b || compiled_worse).then(|| {
                format!(
                    "{} [{}]: {} (compiled {:?}) > baseline {} ({:?})",
                    r.expr, r.linktype, r.ours, r.compiled, b, bc
                )
            })
        })
        .collect();
    assert!(
        regressions.is_empty(),
        "instruction counts regressed against {BASELINE}: {regressions:#?}"
    );
}

/// `BPFDUMP_EXPR=... BPFDUMP_LINKTYPES=EN10MB cargo test --test
/// optimize_counts -- --ignored --nocapture show_one`: the three programs.
#[test]
#[ignore]
fn show_one() {
    let expr = std::env::var("BPFDUMP_EXPR").unwrap_or_else(|_| "tcp".into());
    let lt = std::env::var("BPFDUMP_LINKTYPES").unwrap_or_else(|_| "EN10MB".into());
    let unopt = common::tcpdump_program(&lt, &expr, false).unwrap();
    let lib = common::tcpdump_program(&lt, &expr, true).unwrap();
    let mut g = Graph::from_program(&unopt).unwrap();
    let stats = bpfdump::optimize::optimize_with_stats(&mut g);
    println!(
        "-- unoptimized\n{}-- libpcap\n{}-- ours\n{}{stats}",
        optimize_support::show(&unopt),
        optimize_support::show(&lib),
        optimize_support::show(&g.linearize())
    );
}
