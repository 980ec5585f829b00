//! Probes what the tests need from the machine (tcpdump, tshark, root, the
//! shared captures, the tools the reference snapshots build with) and tells
//! the test targets through `cfg`s, so that `tests/prerequisites.rs` can mark
//! a missing one as an *ignored* test with the reason: a test that cannot run
//! shows in the test runner's summary, not only in a message on stderr.
//! Nothing here affects the library or the binary.

use std::path::{Path, PathBuf};

fn in_path(program: &str) -> bool {
    let Some(paths) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&paths).any(|dir| dir.join(program).is_file())
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn main() {
    let probes = [
        "bpfdump_has_tcpdump",
        "bpfdump_has_tshark",
        "bpfdump_is_root",
        "bpfdump_has_shared",
        "bpfdump_has_snapshot_tools",
    ];
    for p in probes {
        println!("cargo::rustc-check-cfg=cfg({p})");
    }
    println!("cargo::rerun-if-env-changed=BPFDUMP_SHARED");
    println!("cargo::rerun-if-env-changed=PATH");
    let shared = match std::env::var_os("BPFDUMP_SHARED") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    // A path that does not exist would rerun this script at every build:
    // watch the folder it would appear in instead.
    let watched = if shared.exists() {
        shared.clone()
    } else {
        shared
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    println!("cargo::rerun-if-changed={}", watched.display());
    if in_path("tcpdump") {
        println!("cargo::rustc-cfg=bpfdump_has_tcpdump");
    }
    if in_path("tshark") {
        println!("cargo::rustc-cfg=bpfdump_has_tshark");
    }
    if is_root() {
        println!("cargo::rustc-cfg=bpfdump_is_root");
    }
    if shared.join("pcaps").is_dir() {
        println!("cargo::rustc-cfg=bpfdump_has_shared");
    }
    let tools = ["cc", "make", "cmake", "flex", "bison", "pkg-config", "perl"];
    if shared.join("oracles").is_dir()
        && tools.iter().all(|t| in_path(t))
        && Path::new("/usr/include/openssl/evp.h").is_file()
    {
        println!("cargo::rustc-cfg=bpfdump_has_snapshot_tools");
    }
}
