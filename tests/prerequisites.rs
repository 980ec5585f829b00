//! What the other tests need from the machine, one test each. Where one is
//! missing, its test is *ignored* with the reason (the build script probes
//! the machine), so the test runner's summary shows which tests could not
//! run here; the tests that depend on it say so on stderr and return.
//! Where it is present, its test checks that it really works.

mod common;

use std::process::Command;

#[test]
#[cfg_attr(
    not(bpfdump_has_tcpdump),
    ignore = "tcpdump not installed: the comparisons with tcpdump 4.99 (capture files, flags, printing, live) are skipped"
)]
fn tcpdump_runs() {
    let out = Command::new("tcpdump")
        .arg("--version")
        .output()
        .expect("run tcpdump");
    assert!(out.status.success());
}

#[test]
#[cfg_attr(
    not(bpfdump_has_tshark),
    ignore = "tshark not installed: the pcapng round trips through tshark are skipped"
)]
fn tshark_runs() {
    let out = Command::new("tshark")
        .arg("--version")
        .output()
        .expect("run tshark");
    assert!(out.status.success());
}

#[test]
#[cfg_attr(
    not(bpfdump_is_root),
    ignore = "not root: live capture in network namespaces, the kernel's verifier and BPF_PROG_TEST_RUN are skipped"
)]
fn running_as_root() {
    assert!(nix::unistd::geteuid().is_root());
}

#[test]
#[cfg_attr(
    not(bpfdump_has_shared),
    ignore = "../shared not found (set BPFDUMP_SHARED): the tests on the sample captures and example filters are skipped"
)]
fn shared_captures_are_there() {
    let shared = common::shared_dir().expect("../shared");
    assert!(shared.join("pcaps/index.tsv").is_file());
}

#[test]
#[cfg_attr(
    not(bpfdump_has_snapshot_tools),
    ignore = "the reference snapshots cannot be built here (../shared/oracles, cc, cmake, flex, bison, pkg-config, perl, libssl-dev): the libpcap and tcpdump suites and every comparison with the reference are skipped"
)]
fn reference_snapshots_build() {
    common::libpcap_snapshot().expect("libpcap's snapshot builds");
    common::tcpdump_snapshot().expect("tcpdump's snapshot builds");
}
