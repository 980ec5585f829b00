//! Every filter tcpdump compiles — the shared examples, optimized and not,
//! on the link types they are written for — translates to an eBPF program
//! that our eBPF verifier accepts.

mod common;

use bpfdump::ebpf::translate::{translate, Target};
use bpfdump::ebpf::verify::verify;

const LINKTYPES: &[&str] = &["EN10MB", "LINUX_SLL", "RAW"];

#[test]
fn every_tcpdump_compiled_example_passes_the_ebpf_verifier() {
    let Some(shared) =
        common::shared_dir_or_skip("every_tcpdump_compiled_example_passes_the_ebpf_verifier")
    else {
        return;
    };
    if !common::have_tcpdump("every_tcpdump_compiled_example_passes_the_ebpf_verifier") {
        return;
    }
    let mut checked = 0;
    for expr in common::example_filters(&shared) {
        for linktype in LINKTYPES {
            for optimize in [true, false] {
                let Ok(classic) = common::tcpdump_program(linktype, &expr, optimize) else {
                    continue;
                };
                // Only programs the classic verifier accepts are ever
                // translated (it refuses protochain's backward jump).
                if bpfdump::cbpf::verify::verify(&classic).is_err() {
                    assert!(
                        expr.contains("protochain"),
                        "{expr:?}: classic verifier refused it"
                    );
                    continue;
                }
                let ebpf = translate(&classic, Target::User)
                    .unwrap_or_else(|e| panic!("{expr:?} ({linktype}): translate: {e}"));
                if let Err(e) = verify(&ebpf) {
                    panic!(
                        "{expr:?} ({linktype}, optimize {optimize}): {e}\n{}",
                        bpfdump::ebpf::dump::listing(&ebpf)
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} programs compiled");
    eprintln!("{checked} translated programs verified");
}

#[test]
fn every_bpfdump_compiled_example_passes_the_ebpf_verifier() {
    let test = "every_bpfdump_compiled_example_passes_the_ebpf_verifier";
    let Some(shared) = common::shared_dir_or_skip(test) else {
        return;
    };
    let mut checked = 0;
    for expr in common::example_filters(&shared) {
        for linktype in LINKTYPES {
            for optimize in [true, false] {
                let options = bpfdump::FilterOptions {
                    linktype: bpfdump::LinkType::from_name(linktype).unwrap(),
                    optimize,
                    ..Default::default()
                };
                let Ok(classic) = bpfdump::compile_filter(&expr, &options) else {
                    continue;
                };
                if bpfdump::cbpf::verify::verify(&classic).is_err() {
                    assert!(
                        expr.contains("protochain"),
                        "{expr:?}: classic verifier refused it"
                    );
                    continue;
                }
                let ebpf = translate(&classic, Target::User)
                    .unwrap_or_else(|e| panic!("{expr:?} ({linktype}): translate: {e}"));
                if let Err(e) = verify(&ebpf) {
                    panic!(
                        "{expr:?} ({linktype}, optimize {optimize}): {e}\n{}",
                        bpfdump::ebpf::dump::listing(&ebpf)
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} programs compiled");
}
