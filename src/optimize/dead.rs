//! Backward liveness of A, X and `M[]`, and removal of statements whose
//! result nobody reads (unless they could abort the filter: a load past the
//! end of the packet rejects it, so such a load stays unless the packet is
//! known to be long enough).

use super::exec::{min_len_after, reg_bit, uses_defs, Proven};
use super::value::{REG_A, REG_X};
use crate::cbpf::{op, Insn};
use crate::ir::{Block, Graph, Terminator};

/// Registers the terminator reads.
pub fn terminator_uses(end: &Terminator) -> u32 {
    match *end {
        Terminator::Ret(_) => 0,
        Terminator::RetA => reg_bit(REG_A),
        Terminator::Branch { jt, jf, .. } if jt == jf => 0,
        Terminator::Branch { code, .. } => {
            reg_bit(REG_A)
                | if op::src(code) == op::X {
                    reg_bit(REG_X)
                } else {
                    0
                }
        }
    }
}

/// Registers live on entry to a block, given those live after it.
pub fn live_in_of(block: &Block, live_out: u32) -> u32 {
    let mut live = live_out | terminator_uses(&block.end);
    for insn in block.stmts.iter().rev() {
        let (uses, defs) = uses_defs(insn);
        live = (live & !defs) | uses;
    }
    live
}

/// Live-in and live-out sets per block.
pub fn liveness(graph: &Graph) -> (Vec<u32>, Vec<u32>) {
    let n = graph.blocks.len();
    let mut live_in = vec![0u32; n];
    let mut live_out = vec![0u32; n];
    for &id in graph.topological_order().iter().rev() {
        let b = graph.block(id);
        let out = b
            .end
            .successors()
            .fold(0, |acc, s| acc | live_in[s.index()]);
        live_out[id.index()] = out;
        live_in[id.index()] = live_in_of(b, out);
    }
    (live_in, live_out)
}

/// What every path to each block's entry has proven.
pub fn proven_at_entry(graph: &Graph) -> Vec<Proven> {
    let n = graph.blocks.len();
    let mut at_entry: Vec<Option<Proven>> = vec![None; n];
    at_entry[graph.entry.index()] = Some(Proven { len: 0, ind: 0 });
    for id in graph.topological_order() {
        let Some(mut p) = at_entry[id.index()] else {
            continue;
        };
        let b = graph.block(id);
        for insn in &b.stmts {
            p = p.after(insn);
        }
        for s in b.end.successors() {
            let slot = &mut at_entry[s.index()];
            *slot = Some(slot.map_or(p, |q| q.meet(p)));
        }
    }
    at_entry
        .into_iter()
        .map(|p| p.unwrap_or(Proven { len: 0, ind: 0 }))
        .collect()
}

/// The captured length every path to each block's entry has proven.
pub fn min_lengths(graph: &Graph) -> Vec<u32> {
    proven_at_entry(graph).into_iter().map(|p| p.len).collect()
}

/// The packet length a load guarantees to reject below: a load of `size`
/// bytes at `[k]` or `[x + k]` fails on any packet shorter than `k + size`.
fn load_requires(insn: &Insn) -> u32 {
    match (op::class(insn.code), op::mode(insn.code)) {
        (op::LD | op::LDX, op::ABS | op::IND | op::MSH) if insn.k < op::SKF_AD_OFF => {
            min_len_after(insn, 0)
        }
        _ => 0,
    }
}

/// Per block: the length L such that every path from the block's end to a
/// return of a non-zero value runs a load that fails on packets shorter
/// than L (paths that return 0 impose nothing: a failing load returns 0
/// too). A dead load that needs no more than that can go: on a packet it
/// would reject, the rest of the program rejects as well.
pub fn anticipated_lengths(graph: &Graph) -> Vec<u32> {
    let n = graph.blocks.len();
    let mut at_start = vec![u32::MAX; n];
    let mut at_end = vec![u32::MAX; n];
    for id in graph.topological_order().into_iter().rev() {
        let b = graph.block(id);
        let end = match b.end {
            Terminator::Ret(0) => u32::MAX,
            Terminator::Ret(_) | Terminator::RetA => 0,
            Terminator::Branch { .. } => b
                .end
                .successors()
                .map(|s| at_start[s.index()])
                .min()
                .unwrap_or(0),
        };
        at_end[id.index()] = end;
        let mut len = end;
        for insn in b.stmts.iter().rev() {
            len = len.max(load_requires(insn));
        }
        at_start[id.index()] = len;
    }
    at_end
}

/// Remove dead loads that cannot change the verdict because a later load
/// rejects the same short packets (see [`anticipated_lengths`]); true if
/// any went. Kept apart from [`eliminate_dead`]: each relies on loads the
/// other might remove.
pub fn eliminate_dead_anticipated(graph: &mut Graph) -> bool {
    let (_, live_out) = liveness(graph);
    let ant = anticipated_lengths(graph);
    let mut changed = false;
    for id in graph.topological_order() {
        let i = id.index();
        let block = graph.block_mut(id);
        let mut live = live_out[i] | terminator_uses(&block.end);
        let mut need = ant[i];
        let mut keep = vec![true; block.stmts.len()];
        for (j, insn) in block.stmts.iter().enumerate().rev() {
            let (uses, defs) = uses_defs(insn);
            let req = load_requires(insn);
            // Only loads whose failure depends on the length alone (not on
            // X) may go.
            let only_fails_by_length = matches!(
                (op::class(insn.code), op::mode(insn.code)),
                (op::LD, op::ABS) | (op::LDX, op::MSH)
            ) && insn.k < op::SKF_AD_OFF;
            if defs != 0 && defs & live == 0 && only_fails_by_length && req <= need {
                keep[j] = false;
                changed = true;
                continue;
            }
            live = (live & !defs) | uses;
            need = need.max(req);
        }
        if keep.iter().any(|k| !k) {
            let mut it = keep.iter();
            block.stmts.retain(|_| *it.next().unwrap());
        }
    }
    changed
}

/// Remove dead statements; true if any went.
pub fn eliminate_dead(graph: &mut Graph) -> bool {
    let (_, live_out) = liveness(graph);
    let proven = proven_at_entry(graph);
    let mut changed = false;
    for id in graph.topological_order() {
        let i = id.index();
        let block = graph.block_mut(id);
        // What is proven before each statement.
        let mut before = Vec::with_capacity(block.stmts.len());
        let mut p = proven[i];
        for insn in &block.stmts {
            before.push(p);
            p = p.after(insn);
        }
        let mut live = live_out[i] | terminator_uses(&block.end);
        let mut keep = vec![true; block.stmts.len()];
        for (j, insn) in block.stmts.iter().enumerate().rev() {
            let (uses, defs) = uses_defs(insn);
            if defs != 0 && defs & live == 0 && !before[j].can_fail(insn) {
                keep[j] = false;
                changed = true;
                continue;
            }
            live = (live & !defs) | uses;
        }
        if keep.iter().any(|k| !k) {
            let mut it = keep.iter();
            block.stmts.retain(|_| *it.next().unwrap());
        }
    }
    changed
}
