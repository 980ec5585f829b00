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
//! `[[reject]]` entries are expressions libpcap refuses: bpfdump must too.
//!
//! The files are generated, expectations by tcpdump itself (run from the
//! crate root): `python3 scripts/make_case_packets.py > filters/packets.toml`
//! then `python3 scripts/make_cases.py` (input: scripts/case_exprs.txt and
//! scripts/known_failures.txt).

mod common;

use bpfdump::engine::{self, EngineError, EngineKind, PacketFilter};
use bpfdump::{cbpf, compile_filter, FilterOptions, LinkType};
use serde::Deserialize;

/// The expectations are what libpcap answers reading the packets from a
/// capture file written in this machine's byte order (scripts/make_cases.py),
/// so the cases compile in savefile mode, not swapped.
const CASES_ARE_READ_FROM_A_FILE: bpfdump::Capture = bpfdump::Capture::Savefile { swapped: false };
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct PacketDef {
    linktype: String,
    #[allow(dead_code)]
    description: String,
    hex: String,
    /// The length on the wire, when the capture kept less (a snapshot
    /// length cut it): `len` sees this, loads see only `hex`.
    #[serde(default)]
    wirelen: Option<u32>,
}

#[derive(Deserialize)]
struct CaseFile {
    #[serde(default)]
    case: Vec<Case>,
    #[serde(default)]
    reject: Vec<Reject>,
}

/// An expression libpcap refuses (for that link type): bpfdump must refuse
/// it too. `error` is tcpdump's message, kept for the reader.
#[derive(Deserialize, Clone)]
struct Reject {
    linktype: String,
    expr: String,
    error: String,
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
    wirelen: u32,
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
        let data = decode_hex(&def.hex);
        let wirelen = def.wirelen.unwrap_or(data.len() as u32);
        assert!(
            wirelen as usize >= data.len(),
            "{name}: wirelen below caplen"
        );
        by_link.entry(def.linktype).or_default().push(Packet {
            name,
            data,
            wirelen,
        });
    }
    by_link
}

fn load_cases() -> Vec<(String, Case)> {
    load_case_files().0
}

fn load_rejects() -> Vec<(String, Reject)> {
    load_case_files().1
}

/// The cases and the rejects of every file, each with its file's stem.
#[allow(clippy::type_complexity)]
fn load_case_files() -> (Vec<(String, Case)>, Vec<(String, Reject)>) {
    let mut files: Vec<_> = std::fs::read_dir(filters_dir().join("cases"))
        .expect("filters/cases")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let (mut cases, mut rejects) = (Vec::new(), Vec::new());
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read case file");
        let parsed: CaseFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        cases.extend(parsed.case.into_iter().map(|c| (stem.clone(), c)));
        rejects.extend(parsed.reject.into_iter().map(|r| (stem.clone(), r)));
    }
    (cases, rejects)
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
    run: &dyn Fn(&[u8], u32) -> u32,
    snaplen: u32,
) -> Vec<String> {
    let mut failures = Vec::new();
    for p in packets {
        let verdict = run(&p.data, p.wirelen);
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
            capture: CASES_ARE_READ_FROM_A_FILE,
            ..FilterOptions::default()
        };
        let status = match compile_filter(&case.expr, &options) {
            Err(e) => format!("does not compile: {e}"),
            Ok(program) => {
                let run = |d: &[u8], wirelen: u32| cbpf::interp::run(&program, d, wirelen);
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

/// What libpcap refuses, bpfdump refuses (optimizing, as tcpdump does by
/// default: libpcap refuses a filter that rejects everything only then).
#[test]
fn libpcap_rejects_are_rejected() {
    let mut failures = Vec::new();
    let mut other_wording = Vec::new();
    for (file, reject) in load_rejects() {
        if file == KNOWN_FAILURES {
            eprintln!(
                "skipped known failure: ({}) `{}` (libpcap: {})",
                reject.linktype, reject.expr, reject.error
            );
            continue;
        }
        let linktype = LinkType::from_name(&reject.linktype).expect("known link type");
        let options = FilterOptions {
            linktype,
            capture: CASES_ARE_READ_FROM_A_FILE,
            ..FilterOptions::default()
        };
        match compile_filter(&reject.expr, &options) {
            Ok(_) => failures.push(format!(
                "{file}: `{}` ({}) compiles, libpcap says: {}",
                reject.expr, reject.linktype, reject.error
            )),
            Err(e) if e.to_string() != reject.error => other_wording.push(format!(
                "  ({}) `{}`: libpcap: {}; bpfdump: {e}",
                reject.linktype, reject.expr, reject.error
            )),
            Err(_) => {}
        }
    }
    if !other_wording.is_empty() {
        eprintln!(
            "{} rejects are worded differently from libpcap:\n{}",
            other_wording.len(),
            other_wording.join("\n")
        );
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
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
                capture: CASES_ARE_READ_FROM_A_FILE,
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
                let run = |d: &[u8], wirelen: u32| engine.run(d, wirelen);
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

/// The expectations are libpcap's: check them against libpcap itself, the
/// way scripts/make_cases.py computed them — the packets read from a savefile,
/// the expression compiled on that savefile's handle, optimized and not, and
/// each packet run through libpcap's `bpf_filter()`. That is done in-process by
/// a small C harness built at test time (`cc -lpcap`); without a C compiler or
/// libpcap-dev, by tcpdump itself, which is slower.
#[test]
fn expectations_agree_with_libpcap() {
    let packets = load_packets();
    let savefiles = Savefiles::new(&packets);
    let cases = load_cases();
    // BPFDUMP_CASES_VIA_TCPDUMP=1 exercises the slower path without the harness.
    let harness = match std::env::var_os("BPFDUMP_CASES_VIA_TCPDUMP") {
        Some(_) => None,
        None => libpcap_harness(),
    };
    let failures = match harness {
        Some(harness) => check_with_harness(&harness, &savefiles, &cases),
        None => {
            if common::reference_tcpdump_or_skip("expectations_agree_with_libpcap").is_none() {
                return;
            }
            check_with_tcpdump(&packets, &savefiles, &cases)
        }
    };
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Reads `LINKTYPE<TAB>OPTIMIZE<TAB>EXPR` lines; opens DIR/LINKTYPE.pcap
/// (once), compiles EXPR on that savefile's handle like `tcpdump -r` does
/// (netmask 0) and answers `ok I J ...` (the indices of the packets
/// `bpf_filter()` accepts) or `err MESSAGE` (also, like tcpdump, when the
/// optimized program rejects every packet).
const HARNESS_C: &str = r#"
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define MAX_PACKETS 4096
#define MAX_LINKS 512
struct savefile {
  char name[64];
  pcap_t *handle;
  int count;
  struct pcap_pkthdr headers[MAX_PACKETS];
  unsigned char *data[MAX_PACKETS];
};
static struct savefile files[MAX_LINKS];
static int nfiles;
static struct savefile *open_link(const char *dir, const char *name) {
  for (int i = 0; i < nfiles; i++)
    if (!strcmp(files[i].name, name)) return &files[i];
  if (nfiles == MAX_LINKS || strlen(name) >= sizeof files[0].name) return NULL;
  struct savefile *f = &files[nfiles];
  char path[4096], err[PCAP_ERRBUF_SIZE];
  snprintf(path, sizeof path, "%s/%s.pcap", dir, name);
  f->handle = pcap_open_offline(path, err);
  if (!f->handle) return NULL;
  strcpy(f->name, name);
  struct pcap_pkthdr *h;
  const unsigned char *d;
  while (f->count < MAX_PACKETS && pcap_next_ex(f->handle, &h, &d) == 1) {
    f->headers[f->count] = *h;
    f->data[f->count] = malloc(h->caplen ? h->caplen : 1);
    memcpy(f->data[f->count], d, h->caplen);
    f->count++;
  }
  nfiles++;
  return f;
}
int main(int argc, char **argv) {
  static char line[65536];
  if (argc < 2) return 2;
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    char *opt = strchr(line, '\t');
    char *expr = opt ? strchr(opt + 1, '\t') : NULL;
    if (!expr) { puts("err bad input line"); continue; }
    *opt++ = 0;
    *expr++ = 0;
    struct savefile *f = open_link(argv[1], line);
    if (!f) { puts("err cannot open the savefile"); continue; }
    struct bpf_program prog;
    if (pcap_compile(f->handle, &prog, expr, atoi(opt), 0) < 0) {
      printf("err %s\n", pcap_geterr(f->handle));
      continue;
    }
    if (atoi(opt) && prog.bf_len == 1 && prog.bf_insns[0].code == (BPF_RET | BPF_K) &&
        prog.bf_insns[0].k == 0) {
      /* tcpdump's own refusal, not pcap_compile's */
      puts("err expression rejects all packets");
      pcap_freecode(&prog);
      continue;
    }
    printf("ok");
    for (int i = 0; i < f->count; i++)
      if (bpf_filter(prog.bf_insns, f->data[i], f->headers[i].len, f->headers[i].caplen))
        printf(" %d", i);
    printf("\n");
    pcap_freecode(&prog);
  }
  return 0;
}
"#;

fn sorted_names(names: &[String]) -> Vec<&str> {
    let mut sorted: Vec<&str> = names.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted
}

/// Build the harness against libpcap's development snapshot (the
/// reference); `None` (with a message) when it cannot be.
fn libpcap_harness() -> Option<PathBuf> {
    let snapshot = match common::libpcap_snapshot_dir() {
        Ok(dir) => dir,
        Err(why) => {
            eprintln!("no libpcap snapshot ({why}), using tcpdump");
            return None;
        }
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let source = dir.join("cases_libpcap_harness.c");
    let binary = dir.join("cases_libpcap_harness");
    std::fs::write(&source, HARNESS_C).ok()?;
    let out = std::process::Command::new("cc")
        .arg("-O1")
        .arg("-I")
        .arg(&snapshot)
        .arg("-o")
        .arg(&binary)
        .arg(&source)
        .arg(snapshot.join("build/libpcap.a"))
        .output();
    match out {
        Ok(o) if o.status.success() => Some(binary),
        Ok(o) => {
            eprintln!(
                "cannot build the libpcap harness (libpcap-dev missing?), using tcpdump: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            None
        }
        Err(e) => {
            eprintln!("no C compiler ({e}), using tcpdump");
            None
        }
    }
}

/// Every case, optimized and unoptimized, through libpcap in one harness run.
fn check_with_harness(
    harness: &Path,
    savefiles: &Savefiles,
    cases: &[(String, Case)],
) -> Vec<String> {
    let mut input = String::new();
    for (_, case) in cases {
        assert!(
            !case.expr.contains(['\t', '\n']),
            "`{}`: tabs and newlines cannot be passed to the harness",
            case.expr
        );
        for optimize in [1, 0] {
            input.push_str(&format!("{}\t{optimize}\t{}\n", case.linktype, case.expr));
        }
    }
    let rejects = load_rejects();
    for (_, reject) in &rejects {
        input.push_str(&format!("{}\t1\t{}\n", reject.linktype, reject.expr));
    }
    let input_path = savefiles.dir.join("harness.in");
    std::fs::write(&input_path, input).expect("write harness input");
    let out = std::process::Command::new(harness)
        .arg(&savefiles.dir)
        .stdin(std::fs::File::open(&input_path).expect("open harness input"))
        .output()
        .expect("run the libpcap harness");
    assert!(
        out.status.success(),
        "libpcap harness failed: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("harness output is text");
    let mut answers = stdout.lines();
    let mut failures = Vec::new();
    for (file, case) in cases {
        let expected = sorted_names(&case.accept);
        for optimize in [true, false] {
            let answer = answers.next().expect("one harness answer per line");
            let label = format!("{file} [libpcap, optimize={optimize}]");
            match answer.strip_prefix("ok") {
                Some(indices) => {
                    let names = &savefiles.names[&case.linktype];
                    let mut kept: Vec<&str> = indices
                        .split_whitespace()
                        .map(|i| names[i.parse::<usize>().expect("index")].as_str())
                        .collect();
                    kept.sort_unstable();
                    if kept != expected {
                        failures.push(format!(
                            "{label}: `{}` ({}) accepts {kept:?}, expected {expected:?}",
                            case.expr, case.linktype
                        ));
                    }
                }
                None => failures.push(format!(
                    "{label}: libpcap rejects `{}` ({}): {answer}",
                    case.expr, case.linktype
                )),
            }
        }
    }
    for (file, reject) in &rejects {
        let answer = answers.next().expect("one harness answer per line");
        if !answer.starts_with("err") {
            failures.push(format!(
                "{file} [libpcap]: `{}` ({}) compiles, expected the error: {}",
                reject.expr, reject.linktype, reject.error
            ));
        }
    }
    failures
}

/// Without the harness: tcpdump's own program (`tcpdump -y LINKTYPE -ddd`,
/// run in the reference interpreter); where that disagrees, tcpdump reading
/// the savefile, as libpcap compiles a few things differently for a savefile
/// (the BSD AF_INET6 values of NULL/LOOP).
fn check_with_tcpdump(
    packets: &BTreeMap<String, Vec<Packet>>,
    savefiles: &Savefiles,
    cases: &[(String, Case)],
) -> Vec<String> {
    let mut failures = Vec::new();
    for (file, case) in cases {
        let program = match common::tcpdump_program(&case.linktype, &case.expr, true) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{file}: tcpdump rejects `{}`: {e}", case.expr));
                continue;
            }
        };
        let run = |d: &[u8], wirelen: u32| cbpf::interp::run(&program, d, wirelen);
        let label = format!("{file} [libpcap]");
        let of_link = &packets[&case.linktype];
        let wrong = check_verdicts(&label, case, of_link, &run, bpfdump::DEFAULT_SNAPLEN);
        if wrong.is_empty() {
            continue;
        }
        let expected = sorted_names(&case.accept);
        match savefiles.kept(&case.linktype, &case.expr) {
            Ok(kept) if kept == expected => {}
            Ok(kept) => {
                failures.extend(wrong);
                failures.push(format!(
                    "{file} [tcpdump -r]: `{}` ({}) keeps {kept:?}, expected {expected:?}",
                    case.expr, case.linktype
                ));
            }
            Err(e) => {
                failures.extend(wrong);
                failures.push(format!("{file} [tcpdump -r]: `{}`: {e}", case.expr));
            }
        }
    }
    failures
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
                let caplen = p.data.len() as u32;
                for w in [i as u32 + 1, 0, caplen, p.wirelen] {
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
        let reference = common::tcpdump_snapshot()?;
        let mut cmd = std::process::Command::new(reference);
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
        kept.sort_unstable();
        Ok(kept)
    }
}

impl Drop for Savefiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
