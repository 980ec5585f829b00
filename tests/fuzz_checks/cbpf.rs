//! Target `cbpf`: arbitrary classic programs. Our verifier's verdict is
//! the running kernel's (`SO_ATTACH_FILTER`, where this process may attach
//! filters); every program it accepts gives the same verdict in the
//! classic interpreter, the eBPF interpreter, the JIT and the kernel
//! (`BPF_PROG_TEST_RUN`, where permitted) on the fuzzer's packets, each
//! placed against a guard page on either side. Unverified programs still
//! run in the classic interpreter without a panic.

use super::guard::GuardedBytes;
use super::input::{packets, Input};
use bpfdump::cbpf::{dump, interp, kernel, verify, Insn};
use bpfdump::engine::{build, BatchPacket, EngineKind, PacketFilter};
use std::sync::OnceLock;

/// Opcodes the kernel knows, to bias programs towards ones that get
/// somewhere.
fn known_opcodes() -> &'static [u16] {
    static KNOWN: OnceLock<Vec<u16>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        (0..=u16::MAX)
            .filter(|&c| verify::is_known_opcode(c))
            .collect()
    })
}

/// Whether the kernel takes classic filters (`SO_ATTACH_FILTER`) and
/// eBPF programs (`BPF_PROG_LOAD`, root) here.
pub fn kernel_support() -> (bool, bool) {
    static SUPPORT: OnceLock<(bool, bool)> = OnceLock::new();
    *SUPPORT.get_or_init(|| {
        let attach = kernel::attach_check(&[Insn::stmt(0x06, 0)]).is_ok();
        let load = bpfdump::ebpf::kernel::available().is_ok()
            && std::env::var_os("BPFDUMP_FUZZ_NO_KERNEL_ENGINE").is_none();
        (attach, load)
    })
}

/// Decode a program: raw 8-byte `struct sock_filter`s, or (mostly) known
/// opcodes with fuzzer-chosen fields.
pub fn program(input: &mut Input, raw: bool) -> Vec<Insn> {
    let n = 1 + input.below(64);
    let mut program = Vec::with_capacity(n);
    for _ in 0..n {
        if input.is_empty() {
            break;
        }
        let insn = if raw {
            Insn {
                code: input.u16(),
                jt: input.u8(),
                jf: input.u8(),
                k: input.u32(),
            }
        } else {
            let sel = input.u8();
            let code = if sel < 240 {
                input.pick(known_opcodes())
            } else {
                input.u16()
            };
            let k = match input.u8() % 8 {
                0 => input.u8() as u32 % 16,
                1 => input.u8() as u32,
                2 => 0xffff_f000u32.wrapping_add(input.u8() as u32 * 4), // SKF_AD_OFF + n
                3 => 0xfff0_0000u32.wrapping_add(input.u16() as u32),    // SKF_NET_OFF / LL_OFF
                4 => (input.u8() as i8) as i32 as u32,
                _ => input.u32(),
            };
            Insn {
                code,
                jt: input.u8() % 8,
                jf: input.u8() % 8,
                k,
            }
        };
        program.push(insn);
    }
    program
}

pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let mode = input.u8();
    let mut program = program(&mut input, mode & 1 != 0);
    if mode & 2 != 0 {
        // End in a return: far more programs get past the verifier.
        program.push(Insn::stmt(0x16, 0)); // ret a
    }
    let packets = packets(input.rest(), 6);

    for level in 0..=4 {
        let _ = dump::listing(&program, level);
    }
    let ours = verify::verify(&program);
    for p in &packets {
        let _ = interp::run(&program, p, p.len() as u32);
    }
    let (attach, load) = kernel_support();
    if attach {
        let theirs = match kernel::attach_check(&program) {
            Ok(()) => true,
            Err(e) if kernel::is_resource_limit(&e) => true,
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => false,
            Err(e) => panic!("SO_ATTACH_FILTER: unexpected error {e}"),
        };
        assert_eq!(
            ours.is_ok(),
            theirs,
            "our verifier says {ours:?}, the kernel {}\n{}",
            if theirs { "accepts" } else { "rejects" },
            dump::listing(&program, 1)
        );
    }
    if ours.is_err() {
        return;
    }
    let mut engines: Vec<(EngineKind, Box<dyn PacketFilter>)> =
        [EngineKind::Interp, EngineKind::Jit]
            .into_iter()
            .map(|kind| {
                let engine = build(kind, &program).unwrap_or_else(|e| {
                    panic!(
                        "{kind:?} refuses a verified program: {e}\n{}",
                        dump::listing(&program, 1)
                    )
                });
                (kind, engine)
            })
            .collect();
    if load && mode & 4 != 0 {
        // The kernel engine costs a program load: on some inputs only.
        match build(EngineKind::Kernel, &program) {
            Ok(engine) => engines.push((EngineKind::Kernel, engine)),
            Err(e) => panic!(
                "the kernel refuses a verified program: {e}\n{}",
                dump::listing(&program, 1)
            ),
        }
    }
    let wires = |len: usize| [len as u32, len as u32 + 1, 0x7fff_ffff, u32::MAX];
    let mut batch_packets = Vec::new();
    let mut expected = Vec::new();
    let guarded: Vec<[GuardedBytes; 2]> = packets
        .iter()
        .map(|p| [GuardedBytes::new(p, true), GuardedBytes::new(p, false)])
        .collect();
    for placed in &guarded {
        for bytes in placed {
            let data = bytes.as_slice();
            for wire in wires(data.len()) {
                let reference = interp::run(&program, data, wire);
                for (kind, engine) in &engines {
                    if *kind == EngineKind::Kernel && wire != data.len() as u32 {
                        continue;
                    }
                    assert_eq!(
                        engine.run(data, wire),
                        reference,
                        "{kind:?} and the classic interpreter differ on {data:02x?} (wire {wire})\n{}",
                        dump::listing(&program, 1)
                    );
                }
                batch_packets.push(BatchPacket::new(data, wire));
                expected.push(reference);
            }
        }
    }
    for (kind, engine) in &engines {
        if *kind == EngineKind::Kernel {
            continue;
        }
        let mut verdicts = vec![0u32; batch_packets.len()];
        engine.run_batch(&batch_packets, &mut verdicts);
        assert_eq!(
            verdicts,
            expected,
            "{kind:?} in batches differs\n{}",
            dump::listing(&program, 1)
        );
    }
}
