//! Peephole passes over the pre-decoded ops: fusing common sequences into
//! single ops, specialising ops by operand, and jump threading. Each pass
//! keeps op indices stable (a fused op's followers stay in place, skipped),
//! so jump targets need no renumbering, and never fuses across an op some
//! jump lands on.

use super::Op;
use crate::ebpf::insn::op;

/// Fuse the `ldx 4*([k]&0xf)` idiom into [`Op::LdMsh`], then each
/// big-endian constant-offset load with a following comparison of the
/// loaded register, unless something jumps into the middle.
pub(super) fn fuse_compares(mut ops: Vec<Op>) -> Vec<Op> {
    let targeted = jump_targets(&ops);
    for i in 0..ops.len().saturating_sub(2) {
        if let Op::LdB {
            dst,
            off,
            end,
            fail,
        } = ops[i]
        {
            let msh = !targeted[i + 1]
                && !targeted[i + 2]
                && matches!(ops[i + 1], Op::Alu32Imm { operation: op::AND, dst: d, imm: 15 } if d == dst)
                && matches!(ops[i + 2], Op::Alu32Imm { operation: op::LSH, dst: d, imm: 2 } if d == dst);
            if msh {
                ops[i] = Op::LdMsh {
                    dst,
                    off,
                    end,
                    fail,
                };
            }
        }
    }
    fuse_load_compares(ops)
}

/// Which op indices some op may jump to (fall-through aside).
fn jump_targets(ops: &[Op]) -> Vec<bool> {
    let mut targeted = vec![false; ops.len() + 1];
    let mut mark = |to: u32| {
        if let Some(t) = targeted.get_mut(to as usize) {
            *t = true;
        }
    };
    for o in ops {
        let to = match *o {
            Op::LdB { fail, .. } | Op::LdH { fail, .. } | Op::LdW { fail, .. } => fail,
            Op::LdMsh { fail, .. } => fail,
            Op::LoadAbs { fail, .. } | Op::LoadInd { fail, .. } => fail,
            Op::LdCmp { fail, target, .. } => {
                mark(fail);
                target
            }
            Op::AndJeq { target, .. } => target,
            Op::JeqPair {
                first_target,
                second_target,
                ..
            } => {
                mark(first_target);
                second_target
            }
            Op::Jeq { target, .. }
            | Op::Jne { target, .. }
            | Op::Jgt { target, .. }
            | Op::Jge { target, .. }
            | Op::Jlt { target, .. }
            | Op::Jle { target, .. }
            | Op::Jset { target, .. }
            | Op::Jmp32Imm { target, .. }
            | Op::Jmp32Reg { target, .. }
            | Op::Jump { target, .. }
            | Op::Ja { target } => target,
            _ => continue,
        };
        mark(to);
    }
    targeted
}

/// Jump threading: a jump to an unconditional `Ja` goes straight to
/// where that leads, and a `Ja` to a `Return` becomes that `Return` — one
/// dispatch fewer on such paths. Jumps go forward only, so the chase ends.
pub(super) fn thread_jumps(mut ops: Vec<Op>) -> Vec<Op> {
    let n = ops.len();
    let resolve = |ops: &[Op], mut to: u32| {
        while let Some(Op::Ja { target }) = ops.get(to as usize) {
            if *target <= to {
                break;
            }
            to = *target;
        }
        to
    };
    for i in 0..n {
        let mut o = ops[i];
        match &mut o {
            Op::LdB { fail, .. }
            | Op::LdH { fail, .. }
            | Op::LdW { fail, .. }
            | Op::LdMsh { fail, .. }
            | Op::LoadAbs { fail, .. }
            | Op::LoadInd { fail, .. } => *fail = resolve(&ops, *fail),
            Op::AndJeq { target, .. } => *target = resolve(&ops, *target),
            Op::LdCmp { fail, target, .. } => {
                *fail = resolve(&ops, *fail);
                *target = resolve(&ops, *target);
            }
            Op::JeqPair {
                first_target,
                second_target,
                ..
            } => {
                *first_target = resolve(&ops, *first_target);
                *second_target = resolve(&ops, *second_target);
            }
            Op::Jeq { target, .. }
            | Op::Jne { target, .. }
            | Op::Jgt { target, .. }
            | Op::Jge { target, .. }
            | Op::Jlt { target, .. }
            | Op::Jle { target, .. }
            | Op::Jset { target, .. }
            | Op::Jmp32Imm { target, .. }
            | Op::Jmp32Reg { target, .. }
            | Op::Jump { target, .. }
            | Op::Ja { target } => *target = resolve(&ops, *target),
            _ => {}
        }
        if let Op::Ja { target } = o {
            if let Some(&Op::Return { value }) = ops.get(target as usize) {
                o = Op::Return { value };
            }
        }
        ops[i] = o;
    }
    ops
}

/// Fuse consecutive `Jeq`s on one register into a [`Op::JeqPair`], and
/// an `and` with a constant followed by a `Jeq` into [`Op::AndJeq`].
pub(super) fn fuse_jeq_pairs(mut ops: Vec<Op>) -> Vec<Op> {
    let targeted = jump_targets(&ops);
    for i in 0..ops.len().saturating_sub(1) {
        if targeted[i + 1] {
            continue;
        }
        if let (
            Op::Alu32Imm {
                operation: op::AND,
                dst,
                imm: mask,
            },
            Op::Jeq {
                dst: on,
                imm,
                target,
            },
        ) = (ops[i], ops[i + 1])
        {
            if dst == on {
                ops[i] = Op::AndJeq {
                    dst,
                    mask,
                    imm,
                    target,
                };
            }
            continue;
        }
        if let (
            Op::Jeq {
                dst,
                imm: first,
                target: first_target,
            },
            Op::Jeq {
                dst: second_dst,
                imm: second,
                target: second_target,
            },
        ) = (ops[i], ops[i + 1])
        {
            if dst == second_dst {
                ops[i] = Op::JeqPair {
                    dst,
                    first,
                    first_target,
                    second,
                    second_target,
                };
            }
        }
    }
    ops
}

/// Fuse each big-endian constant-offset load with a following comparison
/// of the loaded register, unless something jumps to the comparison.
fn fuse_load_compares(mut ops: Vec<Op>) -> Vec<Op> {
    let targeted = jump_targets(&ops);
    for i in 0..ops.len().saturating_sub(1) {
        let (dst, size, off, end, fail) = match ops[i] {
            Op::LdB {
                dst,
                off,
                end,
                fail,
            } => (dst, 1, off, end, fail),
            Op::LdH {
                dst,
                off,
                end,
                fail,
            } => (dst, 2, off, end, fail),
            Op::LdW {
                dst,
                off,
                end,
                fail,
            } => (dst, 4, off, end, fail),
            _ => continue,
        };
        if targeted[i + 1] {
            continue;
        }
        let (cond, on, imm, target) = match ops[i + 1] {
            Op::Jeq { dst, imm, target } => (op::JEQ, dst, imm, target),
            Op::Jne { dst, imm, target } => (op::JNE, dst, imm, target),
            Op::Jgt { dst, imm, target } => (op::JGT, dst, imm, target),
            Op::Jge { dst, imm, target } => (op::JGE, dst, imm, target),
            Op::Jset { dst, imm, target } => (op::JSET, dst, imm, target),
            _ => continue,
        };
        if on == dst {
            ops[i] = Op::LdCmp {
                dst,
                size,
                cond,
                off,
                end,
                fail,
                imm,
                target,
            };
        }
    }
    ops
}

/// The specialised form of an op, where there is one.
pub(super) fn specialise(o: Op) -> Op {
    match o {
        Op::LoadAbs {
            dst,
            size,
            be,
            check,
            off,
            end,
            fail,
        } if (be || size == 1) && end <= u32::MAX as u64 => {
            let end = if check { end as u32 } else { 0 };
            match size {
                1 => Op::LdB {
                    dst,
                    off,
                    end,
                    fail,
                },
                2 => Op::LdH {
                    dst,
                    off,
                    end,
                    fail,
                },
                4 => Op::LdW {
                    dst,
                    off,
                    end,
                    fail,
                },
                _ => o,
            }
        }
        Op::Jmp32Imm {
            cond,
            dst,
            imm,
            target,
        } => match cond {
            op::JEQ => Op::Jeq { dst, imm, target },
            op::JNE => Op::Jne { dst, imm, target },
            op::JGT => Op::Jgt { dst, imm, target },
            op::JGE => Op::Jge { dst, imm, target },
            op::JLT => Op::Jlt { dst, imm, target },
            op::JLE => Op::Jle { dst, imm, target },
            op::JSET => Op::Jset { dst, imm, target },
            _ => o,
        },
        other => other,
    }
}
