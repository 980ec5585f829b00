//! Local rewrites of a block's last statements and its test:
//! - `and #m; jeq #0` (and friends) become one `jset #m` when A is not read
//!   afterwards;
//! - two adjacent narrow loads compared with constants (`ldb [k]; jeq #a`
//!   then `ldb [k+1]; jeq #b`, both failing to the same place) become one
//!   wider load and compare, when that cannot make a load fail that did
//!   not fail before.

use super::cfg::predecessor_counts;
use super::dead::{liveness, min_lengths};
use super::exec::{min_len_after, reg_bit};
use super::value::REG_A;
use crate::cbpf::{op, Insn};
use crate::ir::{BlockId, Graph, Terminator};

/// Apply the rewrites; true if any did.
pub fn peephole(graph: &mut Graph) -> bool {
    let mut changed = and_then_test(graph);
    changed |= merge_adjacent_compares(graph);
    changed
}

fn and_then_test(graph: &mut Graph) -> bool {
    let (live_in, _) = liveness(graph);
    let a = reg_bit(REG_A);
    let mut changed = false;
    for id in graph.topological_order() {
        let block = graph.block_mut(id);
        let Terminator::Branch { code, k, jt, jf } = block.end else { continue };
        if jt == jf || op::src(code) != op::K {
            continue;
        }
        let Some(last) = block.stmts.last() else { continue };
        if op::class(last.code) != op::ALU || op::src(last.code) != op::K {
            continue;
        }
        if (live_in[jt.index()] | live_in[jf.index()]) & a != 0 {
            continue;
        }
        let m = last.k;
        let jset = op::JMP | op::JSET | op::K;
        let jeq = op::JMP | op::JEQ | op::K;
        // Equality survives the bijections `+c`, `-c`, `^c`.
        if op::jmp_op(code) == op::JEQ {
            let inverse = match op::alu_op(last.code) {
                op::ADD => Some(k.wrapping_sub(m)),
                op::SUB => Some(k.wrapping_add(m)),
                op::XOR => Some(k ^ m),
                _ => None,
            };
            if let Some(k) = inverse {
                block.stmts.pop();
                block.end = Terminator::Branch { code: jeq, k, jt, jf };
                changed = true;
                continue;
            }
        }
        if op::alu_op(last.code) != op::AND {
            continue;
        }
        let new_end = match op::jmp_op(code) {
            op::JEQ if k == 0 => Terminator::Branch { code: jset, k: m, jt: jf, jf: jt },
            op::JEQ if k == m && m.count_ones() == 1 => Terminator::Branch { code: jset, k: m, jt, jf },
            op::JGT if k == 0 => Terminator::Branch { code: jset, k: m, jt, jf },
            op::JSET => Terminator::Branch { code: jset, k: m & k, jt, jf },
            _ => continue,
        };
        block.stmts.pop();
        block.end = new_end;
        changed = true;
    }
    changed
}

/// The absolute or X-relative load a block ends with and the constant its
/// `jeq` compares with: (load, k, equal-target, unequal-target).
fn narrow_compare(graph: &Graph, id: BlockId) -> Option<(Insn, u32, BlockId, BlockId)> {
    let b = graph.block(id);
    let load = *b.stmts.last()?;
    if op::class(load.code) != op::LD || !matches!(op::mode(load.code), op::ABS | op::IND) {
        return None;
    }
    if !matches!(op::size(load.code), op::B | op::H) {
        return None;
    }
    match b.end {
        Terminator::Branch { code, k, jt, jf } if jt != jf && code == op::JMP | op::JEQ | op::K => Some((load, k, jt, jf)),
        _ => None,
    }
}

fn merge_adjacent_compares(graph: &mut Graph) -> bool {
    let preds = predecessor_counts(graph);
    let lens = min_lengths(graph);
    let (live_in, _) = liveness(graph);
    let a = reg_bit(REG_A);
    let mut changed = false;
    for id in graph.topological_order() {
        let Some((first, k1, eq1, ne1)) = narrow_compare(graph, id) else { continue };
        // The second compare must be the whole of the equal-target, reached
        // only from here, failing to the same place.
        let second_id = eq1;
        if preds[second_id.index()] != 1 || graph.block(second_id).stmts.len() != 1 {
            continue;
        }
        let Some((second, k2, eq2, ne2)) = narrow_compare(graph, second_id) else { continue };
        if ne2 != ne1 || second.code != first.code {
            continue;
        }
        let (bytes, wide) = match op::size(first.code) {
            op::B => (1u32, op::H),
            _ => (2u32, op::W),
        };
        if first.k.checked_add(bytes) != Some(second.k) || k1 >> (8 * bytes) != 0 || k2 >> (8 * bytes) != 0 {
            continue;
        }
        // A must not be read afterwards (it now holds the wide value).
        if (live_in[eq2.index()] | live_in[ne1.index()]) & a != 0 {
            continue;
        }
        // The wide load may fail where the first narrow one succeeded and
        // the filter went on to `ne1`: fine if `ne1` rejects anyway or the
        // packet is known to be long enough.
        let block = graph.block(id);
        let mut len = lens[id.index()];
        for insn in &block.stmts[..block.stmts.len() - 1] {
            len = min_len_after(insn, len);
        }
        let in_bounds = op::mode(first.code) == op::ABS && first.k.checked_add(2 * bytes).is_some_and(|end| end <= len);
        let rejects = matches!(graph.block(ne1).end, Terminator::Ret(0)) && graph.block(ne1).stmts.is_empty();
        if !in_bounds && !rejects {
            continue;
        }
        let block = graph.block_mut(id);
        let last = block.stmts.len() - 1;
        block.stmts[last] = Insn::stmt(op::LD | wide | op::mode(first.code), first.k);
        block.end = Terminator::Branch { code: op::JMP | op::JEQ | op::K, k: (k1 << (8 * bytes)) | k2, jt: eq2, jf: ne1 };
        // Keep the jt/jf orientation of the original `jeq`: equal first.
        changed = true;
        // The second block is now unreachable; later blocks' facts about
        // predecessors are stale, so do one merge per pass.
        break;
    }
    changed
}
