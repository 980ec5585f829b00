//! Property tests: random valid classic programs — packet loads of every
//! mode (`[k]`, `[x+k]`, `4*([k]&0xf)`, `len`, `#k`, `M[k]`), all ALU
//! operations (division, modulo and shifts included), every kind of forward
//! jump, scratch memory — on random and crafted packets give the same
//! verdict in the reference classic interpreter, the eBPF interpreter, the
//! JIT and (when permitted) the kernel.

mod ebpf_support;

use bpfdump::cbpf::{op, Insn};
use bpfdump::engine::{build, BatchPacket, EngineKind};
use proptest::prelude::*;

/// Raw random choices for one instruction.
type Choice = (u8, u32, u8, u8, u32);

/// An offset for packet loads: mostly inside or just past typical
/// packets, sometimes around the end of the positive `i32` range, and for
/// `[x+k]` also at the very top (where X + k wraps in 32 bits). Absolute
/// offsets stay below the kernel's ancillary range (`SKF_AD_OFF`), which
/// the classic verifier only admits for known fields.
fn load_offset(k: u32, extra: u32, indexed: bool) -> u32 {
    match extra % 8 {
        0 => k % op::SKF_AD_OFF,
        1 => 0x7fff_fff8 + k % 16,
        2 if indexed => u32::MAX - k % 8,
        _ => k % 80,
    }
}

/// Build a valid classic program from random choices: every jump goes
/// forward within the program, the last instruction returns, and scratch
/// memory is read only from slots the prologue stored.
fn build_program(initialised: u16, body: &[Choice], ret: (bool, u32)) -> Vec<Insn> {
    let mut program = Vec::new();
    for slot in 0..16u32 {
        if initialised & (1 << slot) != 0 {
            program.push(Insn::stmt(op::LD | op::IMM, slot.wrapping_mul(0x0101_0101)));
            program.push(Insn::stmt(op::ST, slot));
        }
    }
    let readable: Vec<u32> = (0..16).filter(|s| initialised & (1 << s) != 0).collect();
    let n = program.len() + body.len() + 1;
    for &(kind, k, jt, jf, extra) in body {
        let i = program.len();
        // Farthest forward jump offset that still lands inside the program.
        let room = (n - 2 - i).min(255) as u32;
        let size = [op::W, op::H, op::B][(extra % 3) as usize];
        let insn = match kind % 24 {
            0 | 1 => Insn::stmt(op::LD | size | op::ABS, load_offset(k, extra >> 3, false)),
            2 | 3 => Insn::stmt(op::LD | size | op::IND, load_offset(k, extra >> 3, true)),
            4 => Insn::stmt(op::LDX | op::B | op::MSH, load_offset(k, extra >> 3, false)),
            5 => Insn::stmt(op::LD | op::IMM, k),
            6 => Insn::stmt(op::LDX | op::IMM, k % 64),
            7 => Insn::stmt(op::LD | op::W | op::LEN, 0),
            8 => Insn::stmt(op::LDX | op::W | op::LEN, 0),
            9 if !readable.is_empty() => {
                let slot = readable[k as usize % readable.len()];
                if extra & 1 == 0 {
                    Insn::stmt(op::LD | op::MEM, slot)
                } else {
                    Insn::stmt(op::LDX | op::MEM, slot)
                }
            }
            10 => Insn::stmt(if extra & 1 == 0 { op::ST } else { op::STX }, k % 16),
            11..=15 => {
                let operations = [
                    op::ADD,
                    op::SUB,
                    op::MUL,
                    op::DIV,
                    op::OR,
                    op::AND,
                    op::LSH,
                    op::RSH,
                    op::MOD,
                    op::XOR,
                ];
                let operation = operations[(extra % 10) as usize];
                if extra & 0x100 != 0 {
                    Insn::stmt(op::ALU | operation | op::X, 0)
                } else {
                    let k = match operation {
                        op::DIV | op::MOD => k.max(1) >> (extra >> 12) % 32,
                        op::LSH | op::RSH => k % 32,
                        _ => k,
                    };
                    Insn::stmt(
                        op::ALU | operation | op::K,
                        k.max((operation == op::DIV || operation == op::MOD) as u32),
                    )
                }
            }
            16 => Insn::stmt(op::ALU | op::NEG, 0),
            17 => Insn::stmt(op::MISC | op::TAX, 0),
            18 => Insn::stmt(op::MISC | op::TXA, 0),
            19 if room > 0 => Insn::stmt(op::JMP | op::JA, k % (room + 1)),
            20..=22 if room > 0 => {
                let operation = [op::JEQ, op::JGT, op::JGE, op::JSET][(extra % 4) as usize];
                let src = if extra & 0x10 != 0 { op::X } else { op::K };
                // Small constants make both outcomes likely.
                let k = if extra & 0x20 != 0 { k } else { k % 16 };
                Insn::jump(
                    op::JMP | operation | src,
                    k,
                    (jt as u32 % (room + 1)) as u8,
                    (jf as u32 % (room + 1)) as u8,
                )
            }
            23 => Insn::stmt(op::RET | op::A, 0),
            _ => Insn::stmt(op::RET | op::K, k % 3 * 100),
        };
        program.push(insn);
    }
    program.push(if ret.0 {
        Insn::stmt(op::RET | op::A, 0)
    } else {
        Insn::stmt(op::RET | op::K, ret.1)
    });
    program
}

/// Random bytes, or an Ethernet/IPv4/TCP-shaped packet with random fields.
fn packet() -> impl Strategy<Value = (Vec<u8>, u32)> {
    let random = proptest::collection::vec(any::<u8>(), 0..96);
    let crafted =
        (proptest::collection::vec(any::<u8>(), 54..80), any::<u8>()).prop_map(|(mut p, ihl)| {
            p[12] = 0x08;
            p[13] = 0x00;
            p[14] = 0x40 | (ihl % 16);
            p[23] = 6;
            p
        });
    (prop_oneof![random, crafted], 0u32..64).prop_map(|(p, more)| {
        let wire = p.len() as u32 + if more < 48 { 0 } else { more };
        (p, wire)
    })
}

fn program_strategy() -> impl Strategy<Value = Vec<Insn>> {
    (
        any::<u16>(),
        proptest::collection::vec(any::<Choice>(), 0..40),
        (
            any::<bool>(),
            prop_oneof![Just(0u32), Just(262144), any::<u32>()],
        ),
    )
        .prop_map(|(init, body, ret)| build_program(init, &body, ret))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn all_engines_agree_on_random_classic_programs(
        program in program_strategy(),
        packets in proptest::collection::vec(packet(), 1..8),
    ) {
        // The generator makes only programs the classic verifier accepts.
        prop_assert!(bpfdump::cbpf::verify::verify(&program).is_ok(), "{:?}", bpfdump::cbpf::verify::verify(&program));
        let cbpf = build(EngineKind::Cbpf, &program).unwrap();
        let interp = build(EngineKind::Interp, &program).unwrap();
        let jit = build(EngineKind::Jit, &program).unwrap();
        for (data, wire_len) in &packets {
            let expected = cbpf.run(data, *wire_len);
            prop_assert_eq!(interp.run(data, *wire_len), expected, "interp, packet {:02x?}", data);
            prop_assert_eq!(jit.run(data, *wire_len), expected, "jit, packet {:02x?}", data);
        }
        // Batches: the interpreter keeps its registers and stack from one
        // packet to the next, the JIT loops in machine code; both must
        // still answer each packet as if it were alone.
        let batch: Vec<BatchPacket<'_>> =
            packets.iter().map(|(data, wire_len)| BatchPacket::new(data, *wire_len)).collect();
        let expected: Vec<u32> = packets.iter().map(|(data, wire_len)| cbpf.run(data, *wire_len)).collect();
        for (name, engine) in [("interp", &interp), ("jit", &jit)] {
            let mut verdicts = vec![0u32; batch.len()];
            engine.run_batch(&batch, &mut verdicts);
            prop_assert_eq!(&verdicts, &expected, "{} batch", name);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn kernel_agrees_on_random_classic_programs(
        program in program_strategy(),
        packets in proptest::collection::vec(packet(), 1..6),
    ) {
        if !kernel_ok() {
            return Ok(());
        }
        let cbpf = build(EngineKind::Cbpf, &program).unwrap();
        let kernel = build(EngineKind::Kernel, &program)
            .map_err(|e| TestCaseError::fail(format!("kernel: {e}")))?;
        for (data, wire_len) in &packets {
            prop_assert_eq!(kernel.run(data, *wire_len), cbpf.run(data, *wire_len), "kernel, packet {:02x?}", data);
        }
    }
}

fn kernel_ok() -> bool {
    static OK: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *OK.get_or_init(|| ebpf_support::kernel_available("kernel_agrees_on_random_classic_programs"))
}
