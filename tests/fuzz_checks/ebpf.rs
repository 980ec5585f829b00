//! Target `ebpf`: eBPF programs, from templates of what passes for
//! packet-filter code (pointer arithmetic on the packet, bounds checks
//! against its end, loads, stack spills, jumps, ALU of every kind) mixed
//! with raw instructions, to our eBPF verifier. Whatever it accepts runs
//! in the reference interpreter without a fault (a fault there is an
//! access the verifier should have refused), gives the same R0 in the
//! fast interpreter and the JIT, and the JIT's code, placed against a
//! guard page, runs on packets placed against guard pages without
//! touching memory outside them.

use super::guard::{GuardedBytes, GuardedCode};
use super::input::{packets, Input};
use bpfdump::ebpf::insn::{op, Insn};
use bpfdump::ebpf::interp::{self, Interpreter};
use bpfdump::ebpf::jit::{self, BatchPacket, JitProgram};
use bpfdump::ebpf::{dump, translate, verify};

const ALU_OPS: [u8; 13] = [
    op::ADD,
    op::SUB,
    op::MUL,
    op::DIV,
    op::OR,
    op::AND,
    op::LSH,
    op::RSH,
    op::NEG,
    op::MOD,
    op::XOR,
    op::MOV,
    op::ARSH,
];
const JMP_OPS: [u8; 12] = [
    op::JEQ,
    op::JGT,
    op::JGE,
    op::JSET,
    op::JNE,
    op::JSGT,
    op::JSGE,
    op::JLT,
    op::JLE,
    op::JSLT,
    op::JSLE,
    op::JA,
];
const SIZES: [u8; 4] = [op::B, op::H, op::W, op::DW];

fn imm(input: &mut Input) -> i32 {
    match input.u8() % 6 {
        0 => input.u8() as i32 % 16,
        1 => -(input.u8() as i32 % 16),
        2 => input.u8() as i32,
        3 => [0, 1, 2, 4, 8, 16, 31, 32, 63, 64, -1, i32::MIN, i32::MAX][input.below(13)],
        _ => input.u32() as i32,
    }
}

fn off(input: &mut Input) -> i16 {
    match input.u8() % 8 {
        0 => input.u16() as i16,
        1 => -(input.u8() as i16 % 8),
        _ => (input.u8() % 12) as i16,
    }
}

/// A register: mostly the scratch ones, sometimes the arguments and R10.
fn reg(input: &mut Input) -> u8 {
    match input.u8() % 8 {
        0 => 1,
        1 => 2,
        2 => 10,
        3 => input.u8() % 16,
        _ => input.u8() % 10,
    }
}

pub fn program(input: &mut Input) -> Vec<Insn> {
    let mut p = Vec::new();
    let n = 1 + input.below(48);
    while p.len() < n && !input.is_empty() {
        match input.u8() % 16 {
            0 => p.push(Insn {
                code: input.u8(),
                regs: input.u8(),
                off: input.u16() as i16,
                imm: input.u32() as i32,
            }),
            1 | 2 => {
                let class = if input.bool() { op::ALU64 } else { op::ALU };
                let operation = input.pick(&ALU_OPS);
                let (dst, src) = (reg(input), reg(input));
                if input.bool() {
                    p.push(Insn::new(class | operation | op::X, dst, src, 0, 0));
                } else {
                    p.push(Insn::new(class | operation | op::K, dst, 0, 0, imm(input)));
                }
            }
            3 | 4 => {
                // A pointer into the packet: rX = r1 (+ constant or register).
                let dst = 3 + input.u8() % 7;
                p.push(Insn::mov64_reg(dst, 1));
                match input.u8() % 3 {
                    0 => p.push(Insn::alu64_imm(op::ADD, dst, imm(input))),
                    1 => p.push(Insn::alu64_reg(op::ADD, dst, reg(input))),
                    _ => {}
                }
            }
            5 | 6 => {
                // A bounds check: rT = rX + n; if rT > r2 goto out.
                let (t, x) = (3 + input.u8() % 7, reg(input));
                p.push(Insn::mov64_reg(t, x));
                p.push(Insn::alu64_imm(op::ADD, t, (input.u8() % 24) as i32));
                let operation = input.pick(&[op::JGT, op::JGE, op::JLT, op::JLE, op::JEQ, op::JNE]);
                let jump = if input.bool() {
                    Insn::jmp_reg(operation, t, 2, off(input))
                } else {
                    Insn::jmp_reg(operation, 2, t, off(input))
                };
                p.push(jump);
            }
            7 | 8 => {
                let size = input.pick(&SIZES);
                p.push(Insn::ldx_mem(size, reg(input), reg(input), off(input)));
            }
            9 => {
                let size = input.pick(&SIZES);
                let slot = -(8 * (1 + input.u8() as i16 % 64)) + (input.u8() % 8) as i16;
                if input.bool() {
                    p.push(Insn::stx_mem(size, 10, reg(input), slot));
                } else {
                    p.push(Insn::st_mem(size, 10, slot, imm(input)));
                }
            }
            10 | 11 => {
                let class = if input.u8() % 4 == 0 {
                    op::JMP32
                } else {
                    op::JMP
                };
                let operation = input.pick(&JMP_OPS);
                let (dst, src) = (reg(input), reg(input));
                if input.bool() {
                    p.push(Insn::new(
                        class | operation | op::X,
                        dst,
                        src,
                        off(input),
                        0,
                    ));
                } else {
                    p.push(Insn::new(
                        class | operation | op::K,
                        dst,
                        0,
                        off(input),
                        imm(input),
                    ));
                }
            }
            12 => {
                if input.bool() {
                    p.push(Insn::mov64_imm(0, imm(input)));
                }
                p.push(Insn::new(op::JMP | op::EXIT, 0, 0, 0, 0));
            }
            13 => {
                let to = if input.bool() { op::TO_BE } else { op::TO_LE };
                let bits = input.pick(&[16, 32, 64, 8, 0]);
                p.push(Insn::new(op::ALU | op::END | to, reg(input), 0, 0, bits));
            }
            14 => {
                // lddw: two slots.
                let dst = reg(input);
                p.push(Insn::new(op::LD | op::IMM | op::DW, dst, 0, 0, imm(input)));
                p.push(Insn::new(0, 0, 0, 0, imm(input)));
            }
            _ => {
                let dst = reg(input);
                p.push(Insn::mov64_reg(dst, reg(input)));
            }
        }
    }
    p.push(Insn::mov64_imm(0, 0));
    p.push(Insn::new(op::JMP | op::EXIT, 0, 0, 0, 0));
    p
}

/// A classic program (raw `struct sock_filter`s, as the `cbpf` target
/// reads them) translated to eBPF, then a few of its instructions changed:
/// realistic programs, slightly wrong.
fn translated(input: &mut Input) -> Vec<Insn> {
    let classic = super::cbpf::program(input, true);
    let Ok(mut program) = translate::translate(&classic, translate::Target::User) else {
        return Vec::new();
    };
    for _ in 0..input.below(4) {
        let i = input.below(program.len());
        let Some(insn) = program.get_mut(i) else {
            break;
        };
        match input.u8() % 4 {
            0 => insn.code = input.u8(),
            1 => insn.regs = input.u8(),
            2 => insn.off = input.u16() as i16,
            _ => insn.imm = imm(input),
        }
    }
    program
}

pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let mode = input.u8();
    let program = if mode & 0x80 != 0 {
        translated(&mut input)
    } else {
        program(&mut input)
    };
    let packets = packets(input.rest(), 5);
    let _ = dump::listing(&program);
    let Ok(verified) = verify::verify(&program) else {
        return;
    };
    let listing = || dump::listing(&program);
    let fast = Interpreter::new(&program).unwrap_or_else(|e| {
        panic!(
            "the fast interpreter refuses a verified program: {e}\n{}",
            listing()
        )
    });
    let code = jit::machine_code(&program).expect("verified");
    let guarded_code = GuardedCode::new(&code);
    let jitted = JitProgram::compile(&program).expect("the JIT compiles a verified program");
    let mut batch = Vec::new();
    let mut expected = Vec::new();
    let placed: Vec<GuardedBytes> = packets
        .iter()
        .flat_map(|p| [GuardedBytes::new(p, true), GuardedBytes::new(p, false)])
        .collect();
    for bytes in &placed {
        let data = bytes.as_slice();
        for wire in [data.len() as u32, 0, u32::MAX] {
            let reference =
                interp::run(&program, data, wire, verified.stack_depth).unwrap_or_else(|f| {
                    panic!(
                        "a verified program faults: {f} on {data:02x?}\n{}",
                        listing()
                    )
                });
            assert_eq!(
                fast.run(data, wire),
                Ok(reference),
                "fast interpreter differs\n{}",
                listing()
            );
            // SAFETY: `code` is the JIT's function for a program our
            // verifier accepted; the guard pages catch any stray access.
            let native = unsafe { guarded_code.call(data, wire) };
            assert_eq!(
                native,
                reference,
                "JIT differs on {data:02x?}\n{}",
                listing()
            );
            assert_eq!(
                jitted.run(data, wire),
                reference,
                "mapped JIT differs\n{}",
                listing()
            );
            batch.push(BatchPacket::new(data, wire));
            expected.push(reference as u32);
        }
    }
    let mut verdicts = vec![0u32; batch.len()];
    jitted.run_batch(&batch, &mut verdicts);
    assert_eq!(verdicts, expected, "JIT batch differs\n{}", listing());
    fast.run_batch(&batch, &mut verdicts);
    assert_eq!(
        verdicts,
        expected,
        "interpreter batch differs\n{}",
        listing()
    );
}
