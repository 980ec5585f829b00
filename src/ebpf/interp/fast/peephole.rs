//! Peephole passes over the pre-decoded ops: fusing common sequences into
//! single ops, specialising ops by operand, and jump threading. Each pass
//! keeps op indices stable (a fused op's followers stay in place, skipped),
//! so jump targets need no renumbering, and never fuses across an op some
//! jump lands on.

use super::{Op, Test, UNCHECKED};
use crate::ebpf::insn::op;

/// Fuse the `ldx 4*([k]&0xf)` idiom into [`Op::LdMsh`], then each
/// big-endian constant-offset load with a following comparison of the
/// loaded register, unless something jumps into the middle.
pub(super) fn fuse_compares(mut ops: Vec<Op>) -> Vec<Op> {
    let targeted = jump_targets(&ops);
    for i in 0..ops.len().saturating_sub(2) {
        if let Op::LdB { dst, off, fail } = ops[i] {
            let msh = !targeted[i + 1]
                && !targeted[i + 2]
                && matches!(ops[i + 1], Op::Alu32Imm { operation: op::AND, dst: d, imm: 15 } if d == dst)
                && matches!(ops[i + 2], Op::Alu32Imm { operation: op::LSH, dst: d, imm: 2 } if d == dst);
            if msh {
                ops[i] = Op::LdMsh { dst, off, fail };
            }
        }
    }
    fuse_load_compares(ops)
}

/// Which op indices some op may jump to (fall-through aside).
pub(super) fn jump_targets(ops: &[Op]) -> Vec<bool> {
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
            Op::IndB { fail, .. } | Op::IndH { fail, .. } | Op::IndW { fail, .. } => fail,
            Op::IndHTest { fail, test, .. } => {
                mark(fail);
                mark(test.on_match);
                test.on_miss
            }
            Op::LdbTest { fail, test, .. }
            | Op::LdhTest { fail, test, .. }
            | Op::LdwTest { fail, test, .. } => {
                mark(fail);
                mark(test.on_match);
                test.on_miss
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
            | Op::LoadInd { fail, .. }
            | Op::IndB { fail, .. }
            | Op::IndH { fail, .. }
            | Op::IndW { fail, .. } => *fail = resolve(&ops, *fail),
            Op::IndHTest { fail, test, .. } => {
                *fail = resolve(&ops, *fail);
                for target in test.targets() {
                    *target = resolve(&ops, *target);
                }
            }
            Op::AndJeq { target, .. } => *target = resolve(&ops, *target),
            Op::LdbTest { fail, test, .. }
            | Op::LdhTest { fail, test, .. }
            | Op::LdwTest { fail, test, .. } => {
                *fail = resolve(&ops, *fail);
                for target in test.targets() {
                    *target = resolve(&ops, *target);
                }
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
        // Past the comparison when it does not jump.
        let Some(test) = Test::new(cond, imm, target, i as u32 + 2) else {
            continue;
        };
        ops[i] = match ops[i] {
            Op::LdB { dst, off, fail } if dst == on => Op::LdbTest {
                dst,
                off,
                fail,
                test,
            },
            Op::LdH { dst, off, fail } if dst == on => Op::LdhTest {
                dst,
                off,
                fail,
                test,
            },
            Op::LdW { dst, off, fail } if dst == on => Op::LdwTest {
                dst,
                off,
                fail,
                test,
            },
            Op::IndH {
                dst,
                x,
                ptr,
                add,
                fail,
            } if dst == on => Op::IndHTest {
                dst,
                x,
                ptr,
                add,
                fail,
                test,
            },
            other => other,
        };
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
        } if (be || size == 1) && (!check || end == off as u64 + size as u64) => {
            // A checked load tests exactly its own bytes, so the slice
            // access is the length test (see `Op::LdB`).
            let fail = if check { fail } else { UNCHECKED };
            match size {
                1 => Op::LdB { dst, off, fail },
                2 => Op::LdH { dst, off, fail },
                4 => Op::LdW { dst, off, fail },
                _ => o,
            }
        }
        Op::LoadInd {
            dst,
            x,
            ptr,
            size,
            be,
            add,
            fail,
        } if (be || size == 1) && add <= u32::MAX as u64 => {
            let add = add as u32;
            match size {
                1 => Op::IndB {
                    dst,
                    x,
                    ptr,
                    add,
                    fail,
                },
                2 => Op::IndH {
                    dst,
                    x,
                    ptr,
                    add,
                    fail,
                },
                4 => Op::IndW {
                    dst,
                    x,
                    ptr,
                    add,
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
