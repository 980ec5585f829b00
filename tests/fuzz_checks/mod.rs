//! The checks behind the fuzz targets of `fuzz/` (issue 15), shared with
//! `tests/fuzz_regressions.rs`, which replays every saved crash input and
//! runs each target briefly over its seeds in `cargo test`.
//!
//! Each target is a function of arbitrary bytes that panics when bpfdump
//! misbehaves: a panic inside bpfdump, two engines or readers disagreeing,
//! a verifier accepting what it must not (found by running the program
//! over packets in guard pages), output out of proportion. This module
//! depends on nothing but bpfdump, its `libc`, and std, so the fuzz
//! package includes it by path and the main crate never depends on a
//! fuzzing crate.

#![allow(dead_code)]

pub mod alloc;
pub mod capture;
pub mod cbpf;
pub mod ebpf;
pub mod expr;
pub mod guard;
pub mod input;
pub mod print;

/// The fuzz targets, by name (the names of `fuzz/fuzz_targets/*.rs` and of
/// the folders under `fuzz/regressions/` and `fuzz/seeds/`).
pub const TARGETS: [&str; 5] = ["expr", "capture", "print", "cbpf", "ebpf"];

/// Run target `name`'s check on `data`. `thorough`: also the slower parts
/// that the fuzzer leaves to other inputs (every link type for `expr`),
/// as the regression replay does.
pub fn run(name: &str, data: &[u8], thorough: bool) {
    match name {
        "expr" => expr::check(data, thorough),
        "capture" => capture::check(data),
        "print" => print::check(data),
        "cbpf" => cbpf::check(data),
        "ebpf" => ebpf::check(data),
        _ => panic!("unknown fuzz target {name}"),
    }
}

/// Move this thread into a network namespace of its own, with no network,
/// once: host names in filter expressions (`host foo`) are looked up with
/// the system resolver, and a fuzzer must neither wait for nor send
/// thousands of queries. Network namespaces are per thread. Without the
/// privilege to do so (not root), lookups go to the resolver as the
/// command's would; returns whether the thread is isolated.
pub fn isolate_network() -> bool {
    thread_local! {
        static ISOLATED: bool = {
            // SAFETY: unshare(2) with CLONE_NEWNET only changes the calling
            // thread's network namespace; no memory is passed.
            unsafe { libc::unshare(libc::CLONE_NEWNET) == 0 }
        };
    }
    ISOLATED.with(|i| *i)
}
