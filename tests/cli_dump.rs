//! `bpfdump -d/-dd/-ddd` as a command: formats, `-F`, errors and exit
//! statuses, compared with tcpdump's.

mod common;

use assert_cmd::Command;
use std::path::Path;

fn bpfdump() -> Command {
    Command::cargo_bin("bpfdump").expect("binary built")
}

fn stdout_of(args: &[&str]) -> String {
    let out = bpfdump().args(args).output().expect("run bpfdump");
    assert!(
        out.status.success(),
        "bpfdump {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_three_listings_describe_the_same_program() {
    let expr = "tcp port 80 and host 10.0.0.1";
    let d = stdout_of(&["-y", "EN10MB", "-d", expr]);
    let dd = stdout_of(&["-y", "EN10MB", "-dd", expr]);
    let ddd = stdout_of(&["-y", "EN10MB", "-ddd", expr]);
    let program = common::parse_ddd(&ddd).expect("-ddd parses");
    assert_eq!(d.lines().count(), program.len());
    assert_eq!(dd.lines().count(), program.len());
    for (i, (line, insn)) in d.lines().zip(&program).enumerate() {
        assert!(line.starts_with(&format!("({i:03}) ")), "line {i}: {line}");
        let _ = insn;
    }
    for (line, insn) in dd.lines().zip(&program) {
        let expected = format!(
            "{{ 0x{:x}, {}, {}, 0x{:08x} }},",
            insn.code, insn.jt, insn.jf, insn.k
        );
        assert_eq!(line, expected);
    }
}

#[test]
fn expression_words_are_joined_like_tcpdump() {
    let joined = stdout_of(&["-ddd", "tcp", "port", "80"]);
    let single = stdout_of(&["-ddd", "tcp port 80"]);
    assert_eq!(joined, single);
}

#[test]
fn filter_files_are_read_with_comments_removed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("filters/examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("filters/examples") {
        let path = entry.expect("entry").path();
        let from_file = stdout_of(&["-ddd", "-F", path.to_str().unwrap()]);
        assert!(common::parse_ddd(&from_file).is_ok(), "{}", path.display());
        seen += 1;
        if common::have_tcpdump("filter_files_are_read_with_comments_removed") {
            let out = std::process::Command::new("tcpdump")
                .args(["-y", "EN10MB", "-ddd", "-F"])
                .arg(&path)
                .output()
                .expect("tcpdump");
            assert!(out.status.success(), "tcpdump rejects {}", path.display());
        }
    }
    assert!(seen >= 3);
}

#[test]
fn bad_expressions_exit_1_with_tcpdumps_message() {
    // Our message is libpcap's development version's; where the installed
    // tcpdump (libpcap 1.10) words it otherwise, the third column is its.
    let cases = [
        (
            "tcp port 99999",
            "port number 99999 greater than maximum 65535",
            "illegal port number 99999 > 65535",
        ),
        ("tcp port (", "syntax error", "syntax error"),
        ("host", "syntax error", "syntax error"),
        (
            "ip[1:3] = 0",
            "data size must be 1, 2, or 4",
            "data size must be 1, 2, or 4",
        ),
    ];
    for (expr, message, tcpdumps) in cases {
        let out = bpfdump().args(["-d", expr]).output().expect("run");
        assert_eq!(
            out.status.code(),
            Some(1),
            "`{expr}` should fail with status 1"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(message),
            "`{expr}`: stderr {stderr:?} lacks {message:?}"
        );
        assert!(!stderr.contains("panicked"), "`{expr}` panicked: {stderr}");
        if common::have_tcpdump("bad_expressions_exit_1_with_tcpdumps_message") {
            let t = std::process::Command::new("tcpdump")
                .args(["-y", "EN10MB", "-d", expr])
                .output()
                .unwrap();
            assert_eq!(t.status.code(), Some(1));
            assert!(
                String::from_utf8_lossy(&t.stderr).contains(tcpdumps),
                "tcpdump's wording differs for `{expr}`"
            );
        }
    }
}

#[test]
fn unknown_link_type_is_an_error() {
    let out = bpfdump()
        .args(["-y", "NOSUCHTYPE", "-d", "ip"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOSUCHTYPE"));
}

/// For every example expression and EN10MB, bpfdump accepts exactly the
/// expressions tcpdump accepts.
#[test]
fn accepts_and_rejects_what_tcpdump_does() {
    let Some(shared) = common::shared_dir_or_skip("accepts_and_rejects_what_tcpdump_does") else {
        return;
    };
    if !common::have_filter_reference("accepts_and_rejects_what_tcpdump_does") {
        return;
    }
    let mut differences = Vec::new();
    for linktype in ["EN10MB", "LINUX_SLL", "RAW"] {
        for expr in common::example_filters(&shared) {
            let ours = bpfdump()
                .args(["-y", linktype, "-ddd", &expr])
                .output()
                .expect("run");
            let theirs = common::tcpdump_program(linktype, &expr, true);
            // libpcap 1.10 compiles `inbound`, `outbound` and `ifindex` for
            // Linux's socket metadata even without a socket (`-d` opens
            // none); its development version, the reference, refuses them
            // ("not a live capture"), and so does bpfdump.
            let not_live = String::from_utf8_lossy(&ours.stderr).contains("not a live capture");
            if ours.status.success() != theirs.is_ok() && !not_live {
                differences.push(format!(
                    "{linktype} `{expr}`: bpfdump {} ({}), tcpdump {:?}",
                    ours.status,
                    String::from_utf8_lossy(&ours.stderr).trim(),
                    theirs.err()
                ));
            }
            if !ours.status.success() {
                assert_eq!(
                    ours.status.code(),
                    Some(1),
                    "`{expr}` should exit with status 1"
                );
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// `--stats` reports the generator's and the optimizer's instruction counts,
/// the same counts `-O -ddd` and `-ddd` give.
#[test]
fn stats_count_the_programs_before_and_after_optimization() {
    let expr = "tcp port 80 or udp port 53";
    let out = bpfdump().args(["--stats", expr]).output().expect("run");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let numbers: Vec<usize> = stderr
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let unoptimized = common::parse_ddd(&stdout_of(&["-O", "-ddd", expr])).unwrap();
    let optimized = common::parse_ddd(&stdout_of(&["-ddd", expr])).unwrap();
    assert!(stderr.starts_with("optimizer: "), "{stderr}");
    assert_eq!(
        &numbers[..2],
        &[unoptimized.len(), optimized.len()],
        "{stderr}"
    );
    assert!(optimized.len() < unoptimized.len());
}

/// Options after the expression are options, as with tcpdump (GNU getopt
/// permutes arguments).
#[test]
fn options_may_follow_the_expression() {
    let before = stdout_of(&["-O", "-ddd", "tcp", "port", "80"]);
    let after = stdout_of(&["tcp", "port", "80", "-ddd", "-O"]);
    assert_eq!(before, after);
}

/// With `-i`, the program is compiled for the interface's live capture,
/// as tcpdump does: on Linux, `vlan` then looks for the tag the kernel
/// moved to the socket's metadata first (libpcap's listing names it
/// `vlanp`, `vlan_tci`). Without `-i` (no socket), it reads the frame only.
#[test]
fn vlan_on_an_interface_reads_the_kernels_metadata() {
    let live = stdout_of(&["-i", "lo", "-d", "vlan 10"]);
    assert!(live.starts_with("(000) ldb      [vlanp]\n"), "{live}");
    assert!(live.contains("ldh      [vlan_tci]"), "{live}");
    let dead = stdout_of(&["-y", "EN10MB", "-d", "vlan 10"]);
    assert!(!dead.contains("vlan"), "{dead}");
}
