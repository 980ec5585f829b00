//! Decoding eBPF instructions into [`Op`]s, with the translation's load
//! idioms (bounds check, load, byte swap) recognised as single ops.

use super::ops::Op;
use crate::ebpf::insn::{op, reg, Insn};

/// `[if r5 < end goto fail;] dst = *(size *)(r1 + off) [; dst = be dst]`
pub(super) fn fuse_load_abs(
    program: &[Insn],
    pc: usize,
    length_in_r5: bool,
    fixed_packet: bool,
    free: &dyn Fn(usize, usize) -> bool,
    swap_at: &dyn Fn(usize, u8, u8) -> bool,
) -> Option<(Op, usize)> {
    if !fixed_packet {
        return None;
    }
    let first = program[pc];
    let (check, end, fail, load_at) =
        if length_in_r5 && first.code == op::JMP | op::JLT | op::K && first.dst() == reg::R5 {
            (
                true,
                first.imm as i64 as u64,
                (pc as i64 + 1 + first.off as i64) as u32,
                pc + 1,
            )
        } else {
            (false, 0, 0, pc)
        };
    if check && !free(pc, 2) {
        return None;
    }
    let insn = *program.get(load_at)?;
    if op::class(insn.code) != op::LDX
        || op::mode(insn.code) != op::MEM
        || insn.src() != reg::R1
        || insn.off < 0
    {
        return None;
    }
    let size = op::size_bytes(insn.code);
    let be = swap_at(load_at + 1, insn.dst(), size);
    let used = (load_at - pc) + 1 + be as usize;
    Some((
        Op::LoadAbs {
            dst: insn.dst(),
            size,
            be,
            check,
            off: insn.off as u32,
            end,
            fail,
        },
        used,
    ))
}

/// `p = r1; p += x; p += add; if p > r2 goto fail; dst = *(size *)(p - size) [; be]`
pub(super) fn fuse_load_ind(
    program: &[Insn],
    pc: usize,
    fixed_packet: bool,
    free: &dyn Fn(usize, usize) -> bool,
    swap_at: &dyn Fn(usize, u8, u8) -> bool,
) -> Option<(Op, usize)> {
    if !fixed_packet || !free(pc, 5) {
        return None;
    }
    let [mov, add_x, add_k, check, ld] = <[Insn; 5]>::try_from(program.get(pc..pc + 5)?).ok()?;
    let p = mov.dst();
    let x = add_x.src();
    let shapes = mov == Insn::mov64_reg(p, reg::R1)
        && add_x == Insn::alu64_reg(op::ADD, p, x)
        && x != p
        && add_k == Insn::alu64_imm(op::ADD, p, add_k.imm)
        && check == Insn::jmp_reg(op::JGT, p, reg::R2, check.off)
        && op::class(ld.code) == op::LDX
        && op::mode(ld.code) == op::MEM
        && ld.src() == p
        && ld.off == -(op::size_bytes(ld.code) as i16)
        && p != reg::R1
        && p != reg::R2;
    if !shapes {
        return None;
    }
    let size = op::size_bytes(ld.code);
    let be = swap_at(pc + 5, ld.dst(), size);
    Some((
        Op::LoadInd {
            dst: ld.dst(),
            x,
            ptr: p,
            size,
            be,
            add: add_k.imm as i64 as u64,
            fail: (pc as i64 + 4 + check.off as i64) as u32,
        },
        5 + be as usize,
    ))
}

pub(super) fn decode(insn: Insn, pc: usize, target: u32) -> Op {
    let code = insn.code;
    let operation = op::opcode(code);
    let by_reg = op::src(code) == op::X;
    match op::class(code) {
        op::JMP if operation == op::EXIT => Op::Exit,
        op::JMP if operation == op::JA => Op::Ja { target },
        op::JMP32 if !by_reg => Op::Jmp32Imm {
            cond: operation,
            dst: insn.dst(),
            imm: insn.imm as u32,
            target,
        },
        op::JMP32 => Op::Jmp32Reg {
            cond: operation,
            dst: insn.dst(),
            src: insn.src(),
            target,
        },
        op::JMP => Op::Jump { insn, target },
        op::ALU if operation == op::MOV && !by_reg => Op::Mov32Imm {
            dst: insn.dst(),
            imm: insn.imm as u32,
        },
        op::ALU if operation == op::MOV => Op::Mov32Reg {
            dst: insn.dst(),
            src: insn.src(),
        },
        op::ALU if operation != op::END && !by_reg => Op::Alu32Imm {
            operation,
            dst: insn.dst(),
            imm: insn.imm as u32,
        },
        op::ALU if operation != op::END => Op::Alu32Reg {
            operation,
            dst: insn.dst(),
            src: insn.src(),
        },
        _ => Op::Generic {
            insn,
            pc: pc as u32,
        },
    }
}
