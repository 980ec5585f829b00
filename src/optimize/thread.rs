//! Jump threading: an edge into a block whose own test is decided by what
//! the edge knows skips that block, when running it there would change
//! nothing the destination reads (its statements are redundant under the
//! edge's knowledge, or write registers dead at the destination, and none
//! of them can abort the filter).

use super::dataflow::Analysis;
use super::exec::{branch_operand, step};
use super::value::{State, Values, REG_A};
use crate::cbpf::op;
use crate::ir::{BlockId, Graph, Terminator};

/// Where an edge carrying `state` into `block` really goes, if it can skip
/// the block.
fn skip_target(graph: &Graph, values: &mut Values, live_in: &[u32], block: BlockId, state: &State) -> Option<BlockId> {
    let b = graph.block(block);
    let mut st = state.clone();
    let mut written = 0u32;
    for insn in &b.stmts {
        let s = step(&mut st, values, insn);
        if s.redundant {
            continue;
        }
        if s.can_fail {
            return None;
        }
        let (_, defs) = super::exec::uses_defs(insn);
        written |= defs;
    }
    let target = match b.end {
        Terminator::Branch { jt, jf, .. } if jt == jf => jt,
        Terminator::Branch { code, k, jt, jf } => {
            let a = st.canon(values, st.regs[REG_A]);
            let (_, kk, operand) = branch_operand(&st, values, code, k);
            let decided = match kk {
                Some(k) => st.fact(values, a).decide(op::jmp_op(code), k),
                None if operand == a => match op::jmp_op(code) {
                    op::JEQ | op::JGE => Some(true),
                    op::JGT => Some(false),
                    _ => None,
                },
                None => None,
            }?;
            if decided {
                jt
            } else {
                jf
            }
        }
        _ => return None,
    };
    (written & live_in[target.index()] == 0).then_some(target)
}

/// Redirect every edge that can skip its destination; true if any did.
pub fn thread_jumps(graph: &mut Graph, analysis: &mut Analysis, live_in: &[u32]) -> bool {
    let mut changed = false;
    // Blocks that gained a predecessor, and everything below them: their
    // recorded edge states no longer cover every path, so they are not used
    // again in this pass.
    let mut stale = vec![false; graph.blocks.len()];
    for &id in &analysis.order.clone() {
        if stale[id.index()] {
            continue;
        }
        let edges = std::mem::take(&mut analysis.edges[id.index()]);
        for (succ, state) in &edges {
            // The edge's state is exactly what holds on arrival at each
            // block of the chain once the blocks before it are skipped.
            let mut dest = *succ;
            for _ in 0..64 {
                match skip_target(graph, &mut analysis.values, live_in, dest, state) {
                    Some(t) => dest = t,
                    None => break,
                }
            }
            if dest != *succ {
                if let Terminator::Branch { jt, jf, .. } = &mut graph.block_mut(id).end {
                    if *jt == *succ {
                        *jt = dest;
                    }
                    if *jf == *succ {
                        *jf = dest;
                    }
                }
                mark_below(graph, dest, &mut stale);
                changed = true;
            }
        }
        analysis.edges[id.index()] = edges;
    }
    changed
}

fn mark_below(graph: &Graph, from: BlockId, stale: &mut [bool]) {
    let mut stack = vec![from];
    while let Some(b) = stack.pop() {
        if std::mem::replace(&mut stale[b.index()], true) {
            continue;
        }
        stack.extend(graph.block(b).end.successors());
    }
}
