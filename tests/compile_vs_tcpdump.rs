//! The code generator against tcpdump on real traffic: for every example
//! expression and every link type of the sample captures, our program must
//! give the same verdict as tcpdump's on every packet of every capture of
//! that link type, and we must reject exactly the expressions tcpdump
//! rejects. Both tcpdump's optimized program and its unoptimized one
//! (`-O`) are compared.

mod common;
mod compile_common;

use bpfdump::cbpf::Program;
use bpfdump::compile::{generate, CompileOptions};
use bpfdump::LinkType;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Our program for `expr`: parsed, generated, linearized, optimized when
/// asked (`optimize` = what tcpdump does without `-O`).
fn ours(expr: &str, linktype: LinkType, optimize: bool) -> Result<Program, String> {
    let ast = bpfdump::syntax::parse(expr).map_err(|e| e.to_string())?;
    let opts = CompileOptions {
        linktype,
        snaplen: bpfdump::DEFAULT_SNAPLEN,
        netmask: None,
        capture: bpfdump::Capture::Dead,
    };
    let mut g = generate(&ast, &opts).map_err(|e| e.to_string())?;
    if optimize {
        bpfdump::optimize::optimize(&mut g);
    }
    Ok(g.linearize())
}

#[derive(Default)]
struct Tally {
    /// (link type) -> (agreeing, total) expressions.
    per_linktype: BTreeMap<String, (usize, usize)>,
    problems: Vec<String>,
    /// Both reject, with different wording (reported, not a failure).
    wording: Vec<String>,
    compiled_both: usize,
    rejected_both: usize,
    packets_compared: usize,
    /// libpcap's optimized program disagrees with its unoptimized one.
    inconsistent: Vec<String>,
}

/// Compare one expression on one link type, with and without optimization.
fn compare_both(
    expr: &str,
    lt_name: &str,
    packets: &[compile_common::Packet],
    tally: &Mutex<Tally>,
) {
    let unoptimized = compile_common::tcpdump_cached(lt_name, expr, false);
    let optimized = compile_common::tcpdump_cached(lt_name, expr, true);
    // Where libpcap's two programs disagree, our -O program may give the
    // optimized verdict (see `compile_common::unoptimized_disagreements`).
    compare(
        expr,
        lt_name,
        packets,
        false,
        unoptimized.clone(),
        optimized.clone().ok(),
        tally,
    );
    // The unoptimized program defines the meaning where libpcap's optimizer
    // changed a verdict (it sometimes drops a load a short packet fails).
    compare(
        expr,
        lt_name,
        packets,
        true,
        optimized,
        unoptimized.ok(),
        tally,
    );
}

/// Compare our program with tcpdump's; returns whether we agree.
/// `other` is tcpdump's other program: for an optimized comparison its
/// unoptimized one, which defines the meaning; for a `-O` comparison its
/// optimized one, whose verdict ours may give where the two differ.
fn compare(
    expr: &str,
    lt_name: &str,
    packets: &[compile_common::Packet],
    optimize: bool,
    theirs: Result<Program, String>,
    other: Option<Program>,
    tally: &Mutex<Tally>,
) -> bool {
    let (reference, theirs_optimized) = if optimize {
        (other, None)
    } else {
        (None, other)
    };
    let Some(lt) = LinkType::from_name(lt_name) else {
        return true;
    };
    if matches!(&theirs, Err(t) if t.contains("invalid data link type")) {
        // tcpdump does not know this link type's name at all.
        return true;
    }
    let mine = ours(expr, lt, optimize);
    if let Ok(p) = &mine {
        if let Some(why) = compile_common::load_problem(p) {
            tally.lock().unwrap().problems.push(format!(
                "{lt_name}{} {expr:?}: our program is not loadable: {why}",
                if optimize { "" } else { " (-O)" }
            ));
        }
    }
    let tag = if optimize { "" } else { " (-O)" };
    let mut problem = None;
    match (&theirs, &mine) {
        (Err(_), Err(o)) => {
            let theirs = common_message(t_msg(&theirs));
            let mut t = tally.lock().unwrap();
            t.rejected_both += 1;
            if !theirs.contains(o.as_str()) && !theirs.contains("syntax error") {
                t.wording.push(format!(
                    "{lt_name}{tag} {expr:?}: tcpdump {theirs:?}, ours {o:?}"
                ));
            }
        }
        (Ok(tp), Ok(op)) => {
            let d = if optimize {
                compile_common::disagreements_where(op, tp, packets, reference.as_deref())
            } else {
                compile_common::unoptimized_disagreements(
                    op,
                    tp,
                    theirs_optimized.as_deref(),
                    packets,
                )
            };
            let mut t = tally.lock().unwrap();
            t.compiled_both += 1;
            t.packets_compared += packets.len();
            if let Some(r) = &reference {
                let n = compile_common::libpcap_inconsistencies(tp, r, packets);
                if n > 0 {
                    t.inconsistent
                        .push(format!("{lt_name} {expr:?}: {n} packets"));
                }
            }
            drop(t);
            if let Some(&(n, a, b)) = d.first() {
                problem = Some(format!(
                    "{} of {} packets differ, first #{n}: ours {a:?}, tcpdump {b:?}",
                    d.len(),
                    packets.len()
                ));
            }
        }
        (Err(t), Ok(op)) => {
            if t.contains("expression rejects all packets") {
                // libpcap's optimizer proved the filter false: so must we be.
                let acc = packets
                    .iter()
                    .filter(|(p, w)| compile_common::run(op, p, *w) != Some(0))
                    .count();
                if acc > 0 {
                    problem = Some(format!("tcpdump: {t}; we accept {acc} packets"));
                }
            } else {
                problem = Some(format!("tcpdump rejects ({t}), we compile"));
            }
        }
        (Ok(_), Err(o)) => problem = Some(format!("we reject ({o}), tcpdump compiles")),
    }
    let mut t = tally.lock().unwrap();
    let e = t.per_linktype.entry(format!("{lt_name}{tag}")).or_default();
    e.1 += 1;
    match problem {
        None => {
            e.0 += 1;
            true
        }
        Some(p) => {
            t.problems.push(format!("{lt_name}{tag} {expr:?}: {p}"));
            false
        }
    }
}

fn t_msg(r: &Result<Program, String>) -> &str {
    match r {
        Err(e) => e,
        Ok(_) => "",
    }
}

/// tcpdump's message without its `tcpdump: ` prefix.
fn common_message(m: &str) -> String {
    m.lines()
        .last()
        .unwrap_or("")
        .trim_start_matches("tcpdump: ")
        .to_string()
}

#[test]
fn examples_match_tcpdump_on_sample_captures() {
    let Some(shared) = common::shared_dir_or_skip("compile_vs_tcpdump") else {
        return;
    };
    if !common::have_filter_reference("compile_vs_tcpdump") {
        return;
    }
    let mut exprs = common::example_filters(&shared);
    if let Ok(only) = std::env::var("BPFDUMP_ONLY") {
        exprs.retain(|e| e.contains(&only));
    }
    let caps = compile_common::captures_by_linktype(&shared);
    let tally = Mutex::new(Tally::default());
    let jobs: Vec<(String, String)> = caps
        .keys()
        .flat_map(|lt| exprs.iter().map(move |e| (lt.clone(), e.clone())))
        .collect();
    let next = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    *n += 1;
                    *n - 1
                };
                let Some((lt, e)) = jobs.get(i) else { break };
                compare_both(e, lt, &caps[lt], &tally);
            });
        }
    });
    let t = tally.into_inner().unwrap();
    eprintln!(
        "expressions agreeing with tcpdump, per link type ({} expressions):",
        exprs.len()
    );
    let (mut agree, mut total) = (0, 0);
    for (lt, (a, n)) in &t.per_linktype {
        eprintln!(
            "  {lt:<28} {a:>4}/{n:<4} ({} packets)",
            caps.get(lt.trim_end_matches(" (-O)")).map_or(0, Vec::len)
        );
        agree += a;
        total += n;
    }
    eprintln!(
        "total: {agree}/{total} (expression, link type, -O?) cases agree; {} compiled by both ({} packet verdicts compared), {} rejected by both",
        t.compiled_both, t.packets_compared, t.rejected_both
    );
    if !t.inconsistent.is_empty() {
        eprintln!(
            "libpcap's optimizer changed verdicts (those packets are compared with -O only):"
        );
        for i in &t.inconsistent {
            eprintln!("  {i}");
        }
    }
    if !t.wording.is_empty() {
        eprintln!("rejected by both, different wording ({}):", t.wording.len());
        for w in &t.wording {
            eprintln!("  {w}");
        }
    }
    if !t.problems.is_empty() {
        eprintln!("DISAGREEMENTS ({}):", t.problems.len());
        for p in &t.problems {
            eprintln!("  {p}");
        }
    }
    assert!(
        t.problems.is_empty(),
        "{} disagreements with tcpdump",
        t.problems.len()
    );
}

/// The reference's program for a capture file of this link type, byte
/// order and snapshot length (what `tcpdump -r` runs), which differs from
/// `-d` for the BSD loopback link types.
fn tcpdump_for_file(
    linktype: &str,
    swapped: bool,
    snaplen: u32,
    expr: &str,
    optimize: bool,
) -> Result<Program, String> {
    let mut cmd = std::process::Command::new(common::libpcap_snapshot()?);
    cmd.arg("-dd")
        .arg("-S")
        .arg(if swapped { "swapped" } else { "unswapped" })
        .arg("-s")
        // libpcap reads a larger snapshot length in a file as its maximum.
        .arg(snaplen.min(bpfdump::DEFAULT_SNAPLEN).to_string());
    if !optimize {
        cmd.arg("-O");
    }
    cmd.arg("--").arg(linktype).arg(expr);
    let out = common::run_with_timeout(&mut cmd, std::time::Duration::from_secs(10))
        .ok_or("filtertest timed out")?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    common::parse_ddd(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn loopback_capture_files_match_tcpdump_reading_them() {
    let Some(shared) = common::shared_dir_or_skip("compile_vs_tcpdump") else {
        return;
    };
    if !common::have_filter_reference("compile_vs_tcpdump") {
        return;
    }
    let index = std::fs::read_to_string(shared.join("pcaps/index.tsv")).unwrap_or_default();
    let exprs = [
        "ip",
        "ip6",
        "ip or ip6",
        "not ip6",
        "tcp",
        "udp and ip6",
        "icmp6",
        "host 127.0.0.1",
        "ip6 and port 443",
    ];
    let mut problems = Vec::new();
    let mut compared = 0;
    for line in index.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 || f[1] != "pcap" || !matches!(f[3], "NULL" | "LOOP") {
            continue;
        }
        let path = shared.join("pcaps").join(f[0]);
        let bytes = std::fs::read(&path).unwrap_or_default();
        // The file's byte order against ours (magic a1b2c3d4 as written).
        let file_le = bytes.get(..4) == Some(&[0xd4, 0xc3, 0xb2, 0xa1][..])
            || bytes.get(..4) == Some(&[0x4d, 0x3c, 0xb2, 0xa1][..]);
        let swapped = file_le != cfg!(target_endian = "little");
        // tcpdump -r accepts with the file's snapshot length.
        let Some(raw) = bytes.get(16..20) else {
            continue;
        };
        let raw = [raw[0], raw[1], raw[2], raw[3]];
        let snaplen = if file_le {
            u32::from_le_bytes(raw)
        } else {
            u32::from_be_bytes(raw)
        }
        .min(bpfdump::DEFAULT_SNAPLEN);
        let packets = compile_common::read_capture(&path, "pcap");
        for expr in exprs {
            for optimize in [false, true] {
                let theirs = tcpdump_for_file(f[3], swapped, snaplen, expr, optimize);
                let ast = bpfdump::syntax::parse(expr).unwrap();
                let opts = CompileOptions {
                    linktype: LinkType::from_name(f[3]).unwrap(),
                    snaplen,
                    netmask: None,
                    capture: bpfdump::Capture::Savefile { swapped },
                };
                let mine = generate(&ast, &opts).map(|g| g.linearize());
                match (theirs, mine) {
                    (Ok(t), Ok(m)) => {
                        compared += 1;
                        let d = compile_common::disagreements(&m, &t, &packets);
                        if !d.is_empty() {
                            problems.push(format!(
                                "{} {expr:?}: {} of {} packets differ",
                                f[0],
                                d.len(),
                                packets.len()
                            ));
                        }
                    }
                    (Err(_), Err(_)) => {}
                    (t, m) => problems.push(format!(
                        "{} {expr:?}: tcpdump {:?}, ours {:?}",
                        f[0],
                        t.err(),
                        m.err()
                    )),
                }
            }
        }
    }
    eprintln!("loopback capture files: {compared} programs compared with tcpdump -r");
    for p in &problems {
        eprintln!("  {p}");
    }
    assert!(
        problems.is_empty(),
        "{} disagreements with tcpdump -r",
        problems.len()
    );
}
