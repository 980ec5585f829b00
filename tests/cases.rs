//! The data-driven filter cases of `filters/cases/*.toml`, run through every
//! engine, optimized and unoptimized — the way the regex crate runs its TOML
//! suites through every matcher.
//!
//! Each case names an expression and a link type and lists which of the named
//! packets of `filters/packets.toml` (of that link type) it accepts; all other
//! packets of the link type must be rejected. When tcpdump is installed, the
//! expectations themselves are checked against libpcap's compiled program.
//!
//! The cases of `filters/cases/known-failures.toml` are ones where bpfdump
//! disagrees with libpcap: their expectations are still checked against
//! libpcap, but they are not run through the engines; the test prints them.

mod common;

use bpfdump::engine::{self, EngineError, EngineKind, PacketFilter};
use bpfdump::{cbpf, compile_filter, FilterOptions, LinkType};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct PacketDef {
    linktype: String,
    #[allow(dead_code)]
    description: String,
    hex: String,
}

#[derive(Deserialize)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Deserialize, Clone)]
struct Case {
    linktype: String,
    expr: String,
    accept: Vec<String>,
}

struct Packet {
    name: String,
    data: Vec<u8>,
}

/// The case file (stem) whose cases bpfdump is known to get wrong.
const KNOWN_FAILURES: &str = "known-failures";

fn filters_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("filters")
}

fn decode_hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Packets by link type name.
fn load_packets() -> BTreeMap<String, Vec<Packet>> {
    let text =
        std::fs::read_to_string(filters_dir().join("packets.toml")).expect("filters/packets.toml");
    let defs: BTreeMap<String, PacketDef> = toml::from_str(&text).expect("packets.toml is valid");
    let mut by_link: BTreeMap<String, Vec<Packet>> = BTreeMap::new();
    for (name, def) in defs {
        by_link.entry(def.linktype).or_default().push(Packet {
            name,
            data: decode_hex(&def.hex),
        });
    }
    by_link
}

fn load_cases() -> Vec<(String, Case)> {
    let mut files: Vec<_> = std::fs::read_dir(filters_dir().join("cases"))
        .expect("filters/cases")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read case file");
        let parsed: CaseFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        cases.extend(parsed.case.into_iter().map(|c| (stem.clone(), c)));
    }
    cases
}

/// Every engine this build has, each built from the same classic program.
/// The kernel engine needs privileges; without them it is skipped (and
/// said so once), every other engine must build.
fn engines(
    program: &cbpf::Program,
    failures: &mut Vec<String>,
) -> Vec<(&'static str, Box<dyn PacketFilter>)> {
    static KERNEL_SKIP: std::sync::Once = std::sync::Once::new();
    let mut built = Vec::new();
    for kind in EngineKind::ALL {
        match engine::build(kind, program) {
            Ok(filter) => built.push((kind.name(), filter)),
            Err(EngineError::Kernel(e)) => {
                KERNEL_SKIP.call_once(|| eprintln!("kernel engine skipped: {e}"));
            }
            Err(e) => failures.push(format!("engine {} does not build: {e}", kind.name())),
        }
    }
    built
}

/// Check one program's verdicts against the case; returns failure lines.
fn check_verdicts(
    label: &str,
    case: &Case,
    packets: &[Packet],
    run: &dyn Fn(&[u8]) -> u32,
    snaplen: u32,
) -> Vec<String> {
    let mut failures = Vec::new();
    for p in packets {
        let verdict = run(&p.data);
        let expected = case.accept.contains(&p.name);
        let ok = if expected {
            verdict == snaplen
        } else {
            verdict == 0
        };
        if !ok {
            failures.push(format!(
                "{label}: `{}` ({}) on {}: returned {verdict}, expected {}",
                case.expr,
                case.linktype,
                p.name,
                if expected { "accept" } else { "reject" }
            ));
        }
    }
    failures
}

/// Print the known failures, each with what bpfdump's optimized program
/// (reference interpreter) gets wrong today, so they stay visible.
fn report_known_failures(packets: &BTreeMap<String, Vec<Packet>>, known: &[Case]) {
    if known.is_empty() {
        return;
    }
    eprintln!(
        "skipped {} known failures (filters/cases/{KNOWN_FAILURES}.toml):",
        known.len()
    );
    for case in known {
        let linktype = LinkType::from_name(&case.linktype).expect("known link type");
        let options = FilterOptions {
            linktype,
            ..FilterOptions::default()
        };
        let status = match compile_filter(&case.expr, &options) {
            Err(e) => format!("does not compile: {e}"),
            Ok(program) => {
                let run = |d: &[u8]| cbpf::interp::run(&program, d, d.len() as u32);
                let wrong =
                    check_verdicts("", case, &packets[&case.linktype], &run, options.snaplen);
                if wrong.is_empty() {
                    "now PASSES in the reference interpreter: remove it from scripts/known_failures.txt".to_string()
                } else {
                    format!("{} packets wrong", wrong.len())
                }
            }
        };
        eprintln!("  ({}) `{}`: {status}", case.linktype, case.expr);
    }
}

#[test]
fn cases_name_existing_packets() {
    let packets = load_packets();
    for (file, case) in load_cases() {
        let of_link = packets
            .get(&case.linktype)
            .unwrap_or_else(|| panic!("{file}: no packets of {}", case.linktype));
        for name in &case.accept {
            assert!(
                of_link.iter().any(|p| &p.name == name),
                "{file}: `{}` accepts unknown packet {name}",
                case.expr
            );
        }
    }
}

#[test]
fn every_engine_gives_the_expected_verdicts() {
    let packets = load_packets();
    let mut failures = Vec::new();
    let mut runs = 0;
    let mut known = Vec::new();
    for (file, case) in load_cases() {
        if file == KNOWN_FAILURES {
            known.push(case);
            continue;
        }
        let linktype = LinkType::from_name(&case.linktype).expect("known link type");
        let of_link = &packets[&case.linktype];
        for optimize in [true, false] {
            let options = FilterOptions {
                linktype,
                optimize,
                ..FilterOptions::default()
            };
            let program = match compile_filter(&case.expr, &options) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!(
                        "{file}: `{}` ({}): does not compile: {e}",
                        case.expr, case.linktype
                    ));
                    break;
                }
            };
            if let Err(e) = cbpf::verify::verify(&program) {
                failures.push(format!(
                    "{file}: `{}`: classic verifier rejects our program: {e}",
                    case.expr
                ));
                continue;
            }
            for (name, engine) in engines(&program, &mut failures) {
                let label = format!("{file} [{name}, optimize={optimize}]");
                let run = |d: &[u8]| engine.run(d, d.len() as u32);
                failures.extend(check_verdicts(
                    &label,
                    &case,
                    of_link,
                    &run,
                    options.snaplen,
                ));
                runs += 1;
            }
        }
    }
    eprintln!("{runs} case runs");
    report_known_failures(&packets, &known);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The expectations are libpcap's: check them with tcpdump's own program
/// (`tcpdump -y LINKTYPE -ddd`, run in the reference interpreter). Where that
/// program disagrees, check them again the way scripts/make_cases.py computed
/// them: tcpdump reading the packets from a savefile, where libpcap compiles a
/// few things differently (the BSD AF_INET6 values of NULL/LOOP).
#[test]
fn expectations_agree_with_libpcap() {
    if !common::have_tcpdump("expectations_agree_with_libpcap") {
        return;
    }
    let packets = load_packets();
    let savefiles = Savefiles::new(&packets);
    let mut failures = Vec::new();
    let mut savefile_only = Vec::new();
    for (file, case) in load_cases() {
        let program = match common::tcpdump_program(&case.linktype, &case.expr, true) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{file}: tcpdump rejects `{}`: {e}", case.expr));
                continue;
            }
        };
        let run = |d: &[u8]| cbpf::interp::run(&program, d, d.len() as u32);
        let label = format!("{file} [libpcap]");
        let of_link = &packets[&case.linktype];
        let wrong = check_verdicts(&label, &case, of_link, &run, bpfdump::DEFAULT_SNAPLEN);
        if wrong.is_empty() {
            continue;
        }
        match savefiles.kept(&case.linktype, &case.expr) {
            Ok(kept) => {
                let expected: Vec<&str> = case.accept.iter().map(String::as_str).collect();
                if kept == expected {
                    savefile_only.push(format!("({}) `{}`", case.linktype, case.expr));
                } else {
                    failures.extend(wrong);
                    failures.push(format!(
                        "{file} [tcpdump -r]: `{}` ({}) keeps {kept:?}, expected {expected:?}",
                        case.expr, case.linktype
                    ));
                }
            }
            Err(e) => {
                failures.extend(wrong);
                failures.push(format!("{file} [tcpdump -r]: `{}`: {e}", case.expr));
            }
        }
    }
    if !savefile_only.is_empty() {
        eprintln!(
            "{} cases agree with tcpdump -r on a savefile but not with tcpdump -ddd: {}",
            savefile_only.len(),
            savefile_only.join(", ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The packets of each link type written to a pcap file, packet i at
/// timestamp i + 1 seconds, for `tcpdump -r`.
struct Savefiles {
    dir: PathBuf,
    names: BTreeMap<String, Vec<String>>,
}

impl Savefiles {
    fn new(packets: &BTreeMap<String, Vec<Packet>>) -> Savefiles {
        let dir = std::env::temp_dir().join(format!("bpfdump-cases-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        let mut names = BTreeMap::new();
        for (link, pkts) in packets {
            let linktype = LinkType::from_name(link).expect("known link type");
            let mut bytes = Vec::new();
            for w in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 262_144, linktype.0] {
                bytes.extend_from_slice(&w.to_le_bytes());
            }
            for (i, p) in pkts.iter().enumerate() {
                let len = p.data.len() as u32;
                for w in [i as u32 + 1, 0, len, len] {
                    bytes.extend_from_slice(&w.to_le_bytes());
                }
                bytes.extend_from_slice(&p.data);
            }
            std::fs::write(dir.join(format!("{link}.pcap")), bytes).expect("write pcap");
            names.insert(link.clone(), pkts.iter().map(|p| p.name.clone()).collect());
        }
        Savefiles { dir, names }
    }

    /// The names of the packets `tcpdump -r` keeps, in file order.
    fn kept(&self, link: &str, expr: &str) -> Result<Vec<&str>, String> {
        let input = self.dir.join(format!("{link}.pcap"));
        let output = self.dir.join("kept.pcap");
        let mut cmd = std::process::Command::new("tcpdump");
        cmd.arg("-r")
            .arg(&input)
            .arg("-w")
            .arg(&output)
            .arg("--")
            .arg(expr);
        let out = common::run_with_timeout(&mut cmd, std::time::Duration::from_secs(10))
            .ok_or("tcpdump timed out")?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        let data = std::fs::read(&output).map_err(|e| e.to_string())?;
        let names = &self.names[link];
        let mut kept = Vec::new();
        let mut pos = 24;
        while pos + 16 <= data.len() {
            let word = |at: usize| u32::from_le_bytes(data[at..at + 4].try_into().unwrap());
            let (secs, caplen) = (word(pos), word(pos + 8) as usize);
            kept.push(names[secs as usize - 1].as_str());
            pos += 16 + caplen;
        }
        Ok(kept)
    }
}

impl Drop for Savefiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
