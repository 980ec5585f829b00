//! The data-driven filter cases of `filters/cases/*.toml`, run through every
//! engine, optimized and unoptimized — the way the regex crate runs its TOML
//! suites through every matcher.
//!
//! Each case names an expression and a link type and lists which of the named
//! packets of `filters/packets.toml` (of that link type) it accepts; all other
//! packets of the link type must be rejected. When tcpdump is installed, the
//! expectations themselves are checked against libpcap's compiled program.

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
    for (file, case) in load_cases() {
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
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The expectations are libpcap's: check them with tcpdump's own program.
#[test]
fn expectations_agree_with_libpcap() {
    if !common::have_tcpdump("expectations_agree_with_libpcap") {
        return;
    }
    let packets = load_packets();
    let mut failures = Vec::new();
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
        failures.extend(check_verdicts(
            &label,
            &case,
            &packets[&case.linktype],
            &run,
            bpfdump::DEFAULT_SNAPLEN,
        ));
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
