//! Per-instruction checks: opcodes, registers, reserved fields, jumps.

use super::{Reason, VerifyError, MAX_INSNS};
use crate::ebpf::insn::{op, reg, Insn};

pub fn check(program: &[Insn]) -> Result<(), VerifyError> {
    let fail = |index: usize, reason: Reason| Err(VerifyError { index, reason });
    if program.is_empty() {
        return fail(0, Reason::Empty);
    }
    if program.len() > MAX_INSNS {
        return fail(0, Reason::TooLong(program.len()));
    }
    for (pc, insn) in program.iter().enumerate() {
        if let Err(reason) = check_one(insn) {
            return fail(pc, reason);
        }
        if insn.is_jump() {
            let to = pc as i64 + 1 + insn.off as i64;
            if to < 0 || to >= program.len() as i64 {
                return fail(pc, Reason::JumpOutOfRange(to));
            }
            if to <= pc as i64 {
                return fail(pc, Reason::BackEdge(to));
            }
        }
    }
    let last = program.len() - 1;
    let end = &program[last];
    if !(end.is_exit() || end.code == op::JMP | op::JA) {
        return fail(last, Reason::FallsOffEnd);
    }
    Ok(())
}

fn check_one(insn: &Insn) -> Result<(), Reason> {
    let code = insn.code;
    let (dst, src) = (insn.dst(), insn.src());
    for r in [dst, src] {
        if r as usize >= reg::COUNT {
            return Err(Reason::InvalidRegister(r));
        }
    }
    let unknown = Err(Reason::UnknownOpcode(code));
    let reserved = Err(Reason::ReservedFields);
    match op::class(code) {
        class @ (op::ALU | op::ALU64) => {
            let operation = op::opcode(code);
            let by_reg = op::src(code) == op::X;
            if insn.off != 0 {
                return reserved;
            }
            match operation {
                op::END => {
                    if class != op::ALU {
                        return unknown;
                    }
                    if src != 0 {
                        return reserved;
                    }
                    if !matches!(insn.imm, 16 | 32 | 64) {
                        return Err(Reason::InvalidEndian(insn.imm));
                    }
                }
                op::NEG => {
                    if by_reg || src != 0 || insn.imm != 0 {
                        return reserved;
                    }
                }
                op::ADD
                | op::SUB
                | op::MUL
                | op::DIV
                | op::OR
                | op::AND
                | op::LSH
                | op::RSH
                | op::MOD
                | op::XOR
                | op::MOV
                | op::ARSH => {
                    if by_reg && insn.imm != 0 || !by_reg && src != 0 {
                        return reserved;
                    }
                    let width = if class == op::ALU64 { 64 } else { 32 };
                    if !by_reg
                        && matches!(operation, op::LSH | op::RSH | op::ARSH)
                        && !(0..width).contains(&insn.imm)
                    {
                        return Err(Reason::InvalidShift(insn.imm));
                    }
                }
                _ => return unknown,
            }
            if dst == reg::R10 {
                return Err(Reason::FramePointerWrite);
            }
        }
        op::LDX => {
            if op::mode(code) != op::MEM {
                return unknown;
            }
            if insn.imm != 0 {
                return reserved;
            }
            if dst == reg::R10 {
                return Err(Reason::FramePointerWrite);
            }
        }
        op::ST => {
            if op::mode(code) != op::MEM {
                return unknown;
            }
            if src != 0 {
                return reserved;
            }
        }
        op::STX => {
            if op::mode(code) != op::MEM {
                return unknown;
            }
            if insn.imm != 0 {
                return reserved;
            }
        }
        class @ (op::JMP | op::JMP32) => {
            let operation = op::opcode(code);
            match operation {
                op::JA | op::EXIT => {
                    if class != op::JMP || op::src(code) != op::K {
                        return unknown;
                    }
                    if insn.regs != 0 || insn.imm != 0 || operation == op::EXIT && insn.off != 0 {
                        return reserved;
                    }
                }
                op::JEQ
                | op::JGT
                | op::JGE
                | op::JSET
                | op::JNE
                | op::JSGT
                | op::JSGE
                | op::JLT
                | op::JLE
                | op::JSLT
                | op::JSLE => {
                    let by_reg = op::src(code) == op::X;
                    if by_reg && insn.imm != 0 || !by_reg && src != 0 {
                        return reserved;
                    }
                }
                // CALL and anything else: bpfdump programs call no helpers.
                _ => return unknown,
            }
        }
        // LD: lddw, and the kernel-only LD_ABS/LD_IND.
        _ => return unknown,
    }
    Ok(())
}
