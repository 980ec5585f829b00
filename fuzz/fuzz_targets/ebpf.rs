//! Fuzz target `ebpf`: see `tests/fuzz_checks/ebpf.rs` for what it checks.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

#[global_allocator]
static ALLOCATOR: checks::alloc::Counting = checks::alloc::Counting;

libfuzzer_sys::fuzz_target!(
    init: checks::alloc::enable(),
    |data: &[u8]| {
        checks::run("ebpf", data, false);
    }
);
