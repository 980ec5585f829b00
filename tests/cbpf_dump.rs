//! `cbpf::dump::listing` against the reference: take libpcap's own program
//! for an expression (the development snapshot's `filtertest`, which prints
//! what `tcpdump -y LINKTYPE -d`, `-dd` and `-ddd` print), render it at
//! levels 1, 2 and 3, and require the same text byte for byte.

mod common;

use bpfdump::cbpf::{dump, Insn};
use common::*;
use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

/// What `tcpdump -y linktype <flag> expr` prints, from the reference's
/// `filtertest` (one `-d` fewer: it has one implicitly), or `None` if it
/// rejects the expression.
fn tcpdump_text(linktype: &str, flag: &str, expr: &str, optimize: bool) -> Option<String> {
    let mut cmd = Command::new(libpcap_snapshot().ok()?);
    // tcpdump compiles with a netmask of 0 when it knows none.
    cmd.args(["-m", "0.0.0.0"]);
    match flag {
        "-dd" => {
            cmd.arg("-d");
        }
        "-ddd" => {
            cmd.arg("-dd");
        }
        _ => {}
    }
    if !optimize {
        cmd.arg("-O");
    }
    cmd.arg("--").arg(linktype).arg(expr);
    let out = run_with_timeout(&mut cmd, Duration::from_secs(10))?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Link types from the shared captures' index (plus EN10MB).
fn link_types(shared: &std::path::Path) -> Vec<String> {
    let index = std::fs::read_to_string(shared.join("pcaps/index.tsv")).unwrap_or_default();
    let mut names: BTreeSet<String> = index
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(3))
        .map(String::from)
        .collect();
    names.insert("EN10MB".into());
    names.into_iter().collect()
}

/// Compare our listing of tcpdump's program with tcpdump's own dumps at the
/// given levels; returns the program if tcpdump compiled the expression.
fn check(linktype: &str, expr: &str, optimize: bool, levels: &[u8]) -> Option<Vec<Insn>> {
    let program = tcpdump_program(linktype, expr, optimize).ok()?;
    for &level in levels {
        let flag = ["-d", "-dd", "-ddd"][usize::from(level - 1)];
        let Some(theirs) = tcpdump_text(linktype, flag, expr, optimize) else {
            panic!("tcpdump compiled {expr:?} for {linktype} with -ddd but not with {flag}");
        };
        let ours = dump::listing(&program, level);
        assert_eq!(
            ours,
            theirs,
            "tcpdump -y {linktype} {flag}{} {expr:?}",
            if optimize { "" } else { " -O" }
        );
    }
    Some(program)
}

#[test]
fn listings_match_tcpdump_for_example_filters() {
    if !have_filter_reference("listings_match_tcpdump_for_example_filters") {
        return;
    }
    let Some(shared) = shared_dir_or_skip("listings_match_tcpdump_for_example_filters") else {
        return;
    };
    let filters = example_filters(&shared);
    assert!(!filters.is_empty());
    let mut opcodes = BTreeSet::new();
    let mut compared = 0;

    // Ethernet: every expression, optimised (all three levels) and not
    // (`-d`; the other two levels are mechanical once `-d` and the
    // optimised `-dd`/`-ddd` agree, and are checked exhaustively against
    // libpcap's `bpf_dump` in cbpf_libpcap.rs).
    for expr in &filters {
        for (optimize, levels) in [(true, &[1u8, 2, 3][..]), (false, &[1u8][..])] {
            if let Some(p) = check("EN10MB", expr, optimize, levels) {
                opcodes.extend(p.iter().map(|i| i.code));
                compared += 1;
            }
        }
    }
    // Every other link type of the shared captures: a rotating tenth of the
    // expressions each, `-d`.
    for (n, linktype) in link_types(&shared).iter().enumerate() {
        if linktype == "EN10MB" {
            continue;
        }
        for expr in filters.iter().skip(n % 10).step_by(10) {
            if let Some(p) = check(linktype, expr, n % 2 == 0, &[1]) {
                opcodes.extend(p.iter().map(|i| i.code));
                compared += 1;
            }
        }
    }
    eprintln!(
        "compared {compared} programs; opcodes seen: {:?}",
        opcodes
            .iter()
            .map(|c| format!("{c:#x}"))
            .collect::<Vec<_>>()
    );
    assert!(compared > 200, "only {compared} programs compared");
}

/// Expressions chosen to make tcpdump emit the rarer opcodes: arithmetic
/// with `X` and constants, indirect loads, `len`, scratch memory, `jset`,
/// backward `ja` (protochain), Linux ancillary loads (`vlan`, `ifindex`).
#[test]
fn listings_match_tcpdump_for_rare_opcodes() {
    if !have_filter_reference("listings_match_tcpdump_for_rare_opcodes") {
        return;
    }
    let cases = [
        (
            "EN10MB",
            "ip[0] + ip[1] - ip[2] * ip[3] / (ip[4]|1) % (ip[5]|1) > 7",
        ),
        ("EN10MB", "ip[0] & 3 | 4 ^ 5 << 1 >> 2 = 1"),
        ("EN10MB", "(ip[0] << ip[1]) > (ip[2] >> ip[3])"),
        ("EN10MB", "-ip[0] = 255"),
        ("EN10MB", "tcp[tcpflags] & (tcp-syn|tcp-ack) != 0"),
        ("EN10MB", "len > 100 and len <= 1500"),
        ("EN10MB", "greater 64 or less 40"),
        ("EN10MB", "ip[ip[0] & 0xf] = 2"),
        ("EN10MB", "ip6 protochain 6"),
        ("EN10MB", "ip protochain 17"),
        ("EN10MB", "vlan 100 and ip6"),
        ("EN10MB", "vlan and vlan and tcp"),
        ("EN10MB", "mpls 42 and ip"),
        ("EN10MB", "ether[0] & 1 != 0"),
        (
            "EN10MB",
            "ip[2:2] - ((ip[0]&0xf)<<2) - ((tcp[12]&0xf0)>>2) != 0",
        ),
        ("EN10MB", "ip[1] / 0 = 1"),
        ("EN10MB", "ip[1] % 3 = 1"),
        ("EN10MB", "udp[8:4] * 7 = ip[0]"),
        ("LINUX_SLL", "ifindex 3"),
        ("LINUX_SLL2", "ifindex 3 and inbound"),
        ("LINUX_SLL", "inbound"),
        ("IEEE802_11_RADIO", "wlan type mgt subtype beacon"),
        ("EN10MB", "geneve and ip"),
        ("EN10MB", "pppoes 12 and ip"),
    ];
    let mut compared = 0;
    for (linktype, expr) in cases {
        for optimize in [true, false] {
            compared += usize::from(check(linktype, expr, optimize, &[1, 2, 3]).is_some());
        }
    }
    assert!(
        compared >= 30,
        "tcpdump compiled only {compared} of the rare-opcode cases"
    );
}
