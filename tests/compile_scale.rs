//! Filters as long as real users write them (block lists, port lists) and
//! inputs as deep as a hostile one can make them: every one compiles, or is
//! refused with a message, and none overflows the stack (issue 18). Time
//! and memory are measured by `benches/chains.sh`, against tcpdump, not
//! here.

use assert_cmd::Command;
use bpfdump::{compile_filter, FilterOptions};

fn chain(n: usize, conj: &str, term: impl Fn(usize) -> String) -> String {
    (0..n).map(term).collect::<Vec<_>>().join(conj)
}

fn host(i: usize) -> String {
    format!("host 10.{}.{}.{}", i / 62500, (i / 250) % 250, i % 250 + 1)
}

fn compiled_len(expr: &str) -> usize {
    match compile_filter(expr, &FilterOptions::default()) {
        Ok(p) => p.len(),
        Err(e) => panic!("{}...: {e}", &expr[..expr.len().min(60)]),
    }
}

/// Runs of thousands of operands, and-ed, or-ed, negated and as
/// arithmetic, compile where each used to overflow the stack.
#[test]
fn deep_chains_compile() {
    let ands = chain(8000, " and ", |_| "ip".into());
    assert!(compiled_len(&ands) > 0);
    let distinct_ands = chain(3000, " and ", |i| format!("ip[{}] != 0", i % 1000));
    assert!(compiled_len(&distinct_ands) > 0);
    let sum = format!("len > {}", chain(27_500, " + ", |_| "1".into()));
    assert!(compiled_len(&sum) > 0);
    let difference = format!("len > {}", chain(50_000, " - ", |_| "1".into()));
    assert!(compiled_len(&difference) > 0);
    let loads = format!(
        "len > {}",
        chain(5_000, " - ", |i| format!("ip[{}]", i % 20))
    );
    assert!(compiled_len(&loads) > 0);
    let same = chain(100_000, " and ", |_| "tcp".into());
    assert_eq!(compiled_len(&same), compiled_len("tcp"));
    let same_or = chain(20_000, " or ", |_| "udp port 53".into());
    assert_eq!(compiled_len(&same_or), compiled_len("udp port 53"));
}

/// Nesting (parentheses, `not`) deeper than the parser allows is refused
/// with a message, not a crash.
#[test]
fn deep_nesting_is_refused_with_a_message() {
    for expr in [
        format!("{}tcp{}", "(".repeat(100_000), ")".repeat(100_000)),
        format!("{}tcp", "not ".repeat(100_000)),
        format!("{}1{} = 1", "(".repeat(100_000), ")".repeat(100_000)),
        format!("ip[{}0{}] = 1", "ip[".repeat(50_000), "]".repeat(50_000)),
    ] {
        let err = compile_filter(&expr, &FilterOptions::default()).unwrap_err();
        assert!(
            err.to_string().contains("nested too deeply"),
            "{}",
            err.to_string()
        );
    }
}

/// Program length grows linearly with a block list, for every kind of
/// list (at most libpcap's length + 1 is checked against tcpdump on
/// shorter lists by `compile_truncated_vs_tcpdump`).
#[test]
fn block_lists_grow_linearly() {
    type Term = fn(usize) -> String;
    let kinds: [(&str, Term); 5] = [
        ("host", host),
        ("port", |i| format!("port {}", i + 1)),
        ("net", |i| format!("net 10.{}.{}.0/24", i / 250, i % 250)),
        ("portrange", |i| {
            format!("portrange {}-{}", 2 * i + 1, 2 * i + 2)
        }),
        ("not host", |i| format!("not {}", host(i))),
    ];
    for (name, term) in kinds {
        let conj = if name.starts_with("not") {
            " and "
        } else {
            " or "
        };
        // (Past a few hundred terms every jump to the accepting return is
        // too far for an 8-bit offset and goes through a `ja`, as in
        // libpcap's programs: compare lists both past that point.)
        let short = compiled_len(&chain(1000, conj, term));
        let long = compiled_len(&chain(2000, conj, term));
        assert!(
            long * 10 <= short * 21,
            "{name}: 1000 terms {short} instructions, 2000 terms {long}"
        );
    }
}

/// A block list long enough that the program used to pass the kernel's
/// 4,096 instructions (where tcpdump's stays well inside) filters a file.
#[test]
fn a_150_host_block_list_filters_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let filter = dir.path().join("block.txt");
    std::fs::write(&filter, chain(150, " or ", host)).unwrap();
    let capture = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/mixed.pcap");
    let out = Command::cargo_bin("bpfdump")
        .unwrap()
        .args(["-r", capture, "--count", "-F"])
        .arg(&filter)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
