//! Helpers shared by the integration tests: where the oracle (tcpdump) and
//! the shared sample data are, and how to ask tcpdump for its program.
#![allow(dead_code)]

use bpfdump::cbpf::op::*;
use bpfdump::cbpf::{Insn, Program};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The `shared/` folder with sample captures and filters: `$BPFDUMP_SHARED`,
/// else `../shared` beside the crate (where CI puts it).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("BPFDUMP_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    dir.is_dir().then_some(dir)
}

/// `shared_dir()`, or print why the calling test is skipped.
pub fn shared_dir_or_skip(test: &str) -> Option<PathBuf> {
    let d = shared_dir();
    if d.is_none() {
        eprintln!("{test}: skipped: ../shared not found (set BPFDUMP_SHARED)");
    }
    d
}

/// The expressions of `shared/filters/examples.txt` (comments dropped).
pub fn example_filters(shared: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(shared.join("filters/examples.txt")).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// True if tcpdump can be run; otherwise prints why the test is skipped.
pub fn have_tcpdump(test: &str) -> bool {
    let ok = Command::new("tcpdump")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("{test}: skipped: tcpdump not installed");
    }
    ok
}

/// Run a command with a time limit (libpcap can spin forever on some
/// inputs); `None` if it timed out.
pub fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Option<std::process::Output> {
    let mut full = Command::new("timeout");
    full.arg("-k")
        .arg("2")
        .arg(format!("{}", limit.as_secs_f64()))
        .arg(cmd.get_program())
        .args(cmd.get_args());
    let out = full.output().expect("run timeout(1)");
    if out.status.code() == Some(124) || out.status.code() == Some(137) {
        None
    } else {
        Some(out)
    }
}

/// Build one of the reference snapshots with its `build.sh` (or reuse the
/// build) into `target/<out>`; the path the script prints.
fn build_snapshot(which: &str, out: &str) -> Result<PathBuf, String> {
    let shared = shared_dir().ok_or("../shared not found (set BPFDUMP_SHARED)")?;
    let script = shared.join("oracles").join(which).join("build.sh");
    if !script.is_file() {
        return Err(format!("{} not found", script.display()));
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(out);
    let mut cmd = Command::new("bash");
    cmd.arg(&script).arg(&dir);
    let built = run_with_timeout(&mut cmd, Duration::from_secs(900))
        .ok_or_else(|| format!("{which} snapshot build timed out"))?;
    if !built.status.success() {
        return Err(format!(
            "the {which} snapshot does not build here: {}",
            String::from_utf8_lossy(&built.stderr).trim()
        ));
    }
    let path = String::from_utf8_lossy(&built.stdout).trim().to_string();
    Ok(PathBuf::from(path))
}

/// libpcap's development snapshot (`../shared/oracles/libpcap`), the
/// reference for the filter language, built once per test process: the
/// path of its `filtertest`. The unpacked source (headers) is
/// `target/libpcap-head`, the static library `target/libpcap-head/build/libpcap.a`.
pub fn libpcap_snapshot() -> Result<PathBuf, String> {
    static BUILT: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| build_snapshot("libpcap", "libpcap-head"))
        .clone()
}

/// The folder libpcap's snapshot is unpacked and built in (headers at its
/// top, `build/libpcap.a`, `build/config.h`, the suite in `testprogs/`),
/// once it is built.
pub fn libpcap_snapshot_dir() -> Result<PathBuf, String> {
    libpcap_snapshot()?;
    Ok(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/libpcap-head"))
}

/// tcpdump's development snapshot (`../shared/oracles/tcpdump`, linked with
/// the libpcap snapshot), built once per test process: its binary.
pub fn tcpdump_snapshot() -> Result<PathBuf, String> {
    static BUILT: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| build_snapshot("tcpdump", "tcpdump-head"))
        .clone()
}

/// The reference filter compiler, or print why the calling test is skipped.
pub fn have_filter_reference(test: &str) -> bool {
    match libpcap_snapshot() {
        Ok(_) => true,
        Err(why) => {
            eprintln!("{test}: skipped: {why}");
            false
        }
    }
}

/// The tcpdump whose `-r` filtering is the reference (the development
/// snapshot), or print why the calling test is skipped.
pub fn reference_tcpdump_or_skip(test: &str) -> Option<PathBuf> {
    match tcpdump_snapshot() {
        Ok(p) => Some(p),
        Err(why) => {
            eprintln!("{test}: skipped: {why}");
            None
        }
    }
}

/// The `filtertest` of libpcap's development snapshot, built by its
/// `build.sh` as `libpcap_suite.rs` builds it, or `None` where it cannot
/// be built here.
pub fn snapshot_filtertest() -> Option<PathBuf> {
    libpcap_snapshot().ok()
}

/// The snapshot's verdict: `Err(message)` when it refuses the expression.
pub fn snapshot_verdict(filtertest: &std::path::Path, lt: &str, expr: &str) -> Result<(), String> {
    let out = Command::new(filtertest)
        .args(["--", lt, expr])
        .output()
        .map_err(|e| format!("filtertest: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(stderr
        .lines()
        .last()
        .unwrap_or("")
        .trim_start_matches("filtertest: ")
        .trim_end()
        .to_string())
}

/// Our message says what libpcap's says: the same words (a syntax error
/// adds what and where to libpcap's `can't parse filter expression: syntax
/// error`).
pub fn same_libpcap_message(mine: &str, theirs: &str) -> bool {
    let syntax = "can't parse filter expression: syntax error";
    mine.trim_end() == theirs || (theirs == syntax && mine.starts_with(syntax))
}

/// What the reference (libpcap's development snapshot, through its
/// `filtertest`, as `tcpdump -y LINKTYPE -ddd` prints it) compiles `expr`
/// to for `linktype`, or its error message. `optimize: false` passes `-O`.
pub fn tcpdump_program(linktype: &str, expr: &str, optimize: bool) -> Result<Program, String> {
    let filtertest = libpcap_snapshot()?;
    let mut cmd = Command::new(filtertest);
    // tcpdump compiles with a netmask of 0 when it knows none.
    cmd.args(["-dd", "-m", "0.0.0.0"]);
    if !optimize {
        cmd.arg("-O");
    }
    cmd.arg("--").arg(linktype).arg(expr);
    let out = run_with_timeout(&mut cmd, Duration::from_secs(10)).ok_or("filtertest timed out")?;
    if !out.status.success() {
        let text = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(text
            .strip_prefix("filtertest: ")
            .unwrap_or(&text)
            .to_string());
    }
    parse_ddd(&String::from_utf8_lossy(&out.stdout))
}

/// Parse tcpdump's `-ddd` output: a count line, then `code jt jf k` lines.
pub fn parse_ddd(text: &str) -> Result<Program, String> {
    let mut lines = text.lines();
    let count: usize = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .ok_or("missing count line")?;
    let mut program = Vec::with_capacity(count);
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<u64> = line
            .split_whitespace()
            .map(|w| w.parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|e| format!("bad line {line:?}: {e}"))?;
        if f.len() != 4 {
            return Err(format!("bad line {line:?}"));
        }
        program.push(Insn {
            code: f[0] as u16,
            jt: f[1] as u8,
            jf: f[2] as u8,
            k: f[3] as u32,
        });
    }
    if program.len() != count {
        return Err(format!(
            "expected {count} instructions, got {}",
            program.len()
        ));
    }
    Ok(program)
}

/// Every classic opcode the kernel and libpcap's interpreter know (what
/// random program generators draw from).
pub const CLASSIC_OPCODES: &[u16] = &[
    RET | K,
    RET | A,
    LD | W | ABS,
    LD | H | ABS,
    LD | B | ABS,
    LD | W | LEN,
    LDX | W | LEN,
    LD | W | IND,
    LD | H | IND,
    LD | B | IND,
    LDX | B | MSH,
    LD | IMM,
    LDX | IMM,
    LD | MEM,
    LDX | MEM,
    ST,
    STX,
    JMP | JA,
    JMP | JGT | K,
    JMP | JGE | K,
    JMP | JEQ | K,
    JMP | JSET | K,
    JMP | JGT | X,
    JMP | JGE | X,
    JMP | JEQ | X,
    JMP | JSET | X,
    ALU | ADD | X,
    ALU | SUB | X,
    ALU | MUL | X,
    ALU | DIV | X,
    ALU | MOD | X,
    ALU | AND | X,
    ALU | OR | X,
    ALU | XOR | X,
    ALU | LSH | X,
    ALU | RSH | X,
    ALU | ADD | K,
    ALU | SUB | K,
    ALU | MUL | K,
    ALU | DIV | K,
    ALU | MOD | K,
    ALU | AND | K,
    ALU | OR | K,
    ALU | XOR | K,
    ALU | LSH | K,
    ALU | RSH | K,
    ALU | NEG,
    MISC | TAX,
    MISC | TXA,
];
