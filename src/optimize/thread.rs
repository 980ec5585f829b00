//! Jump threading: an edge walks on, with its own knowledge, through the
//! blocks it would run, past every test that knowledge decides, and is
//! redirected to the farthest point where the registers the rest of the
//! program reads hold what they held on the edge (the skipped statements
//! only rewrote registers that are dead there, or wrote back the values
//! they already had) and where nothing skipped could abort the filter.
//!
//! The point may lie inside a block; the block is then split there, its
//! tail becoming a block of its own that the edge enters (the split costs
//! nothing when the layout places the tail right after the head, and
//! identical tails are shared by [`super::cfg`]).

use super::dataflow::Analysis;
use super::dead::terminator_uses;
use super::exec::{branch_operand, step, uses_defs};
use super::value::{HashMap, State, Values, NREGS, REG_A};
use crate::cbpf::op;
use crate::ir::{Block, BlockId, Graph, Terminator};

/// Registers live before each statement of a block (index `stmts.len()`:
/// before the terminator).
fn live_positions(block: &Block, live_out: u32) -> Vec<u32> {
    let mut live = live_out | terminator_uses(&block.end);
    let mut at = vec![0; block.stmts.len() + 1];
    at[block.stmts.len()] = live;
    for (j, insn) in block.stmts.iter().enumerate().rev() {
        let (uses, defs) = uses_defs(insn);
        live = (live & !defs) | uses;
        at[j] = live;
    }
    at
}

/// The outcome of `block`'s test under `st`, if decided.
fn decided_successor(values: &mut Values, st: &State, end: &Terminator) -> Option<BlockId> {
    match *end {
        Terminator::Branch { jt, jf, .. } if jt == jf => Some(jt),
        Terminator::Branch { code, k, jt, jf } => {
            let a = st.canon(values, st.regs[REG_A]);
            let (_, kk, operand) = branch_operand(st, values, code, k);
            let outcome = match kk {
                Some(k) => st.fact(values, a).decide(op::jmp_op(code), k),
                None if operand == a => match op::jmp_op(code) {
                    op::JEQ | op::JGE => Some(true),
                    op::JGT => Some(false),
                    _ => None,
                },
                None => None,
            }?;
            Some(if outcome { jt } else { jf })
        }
        _ => None,
    }
}

/// The farthest point (block, statement index) an edge carrying `state`
/// into `start` may jump to instead.
fn farthest_point(
    graph: &Graph,
    values: &mut Values,
    live_out: &[u32],
    start: BlockId,
    state: &State,
) -> (BlockId, usize) {
    let mut st = state.clone();
    let original: Vec<_> = (0..NREGS).map(|r| st.canon(values, st.regs[r])).collect();
    let mut best = (start, 0);
    let mut block = start;
    for _ in 0..256 {
        let b = graph.block(block);
        let live = live_positions(b, live_out[block.index()]);
        for j in 0..=b.stmts.len() {
            // Registers the walk left holding something else than on the edge.
            let mut dirty = 0u32;
            for (r, &orig) in original.iter().enumerate() {
                if st.canon(values, st.regs[r]) != orig {
                    dirty |= 1 << r;
                }
            }
            if dirty & live[j] == 0 {
                best = (block, j);
            }
            if j == b.stmts.len() {
                break;
            }
            let s = step(&mut st, values, &b.stmts[j]);
            if !s.redundant && s.can_fail {
                return best;
            }
        }
        match decided_successor(values, &st, &b.end) {
            Some(next) => block = next,
            None => return best,
        }
    }
    best
}

/// Redirect every edge that can skip ahead; true if any did.
pub fn thread_jumps(graph: &mut Graph, analysis: &mut Analysis, live_out: &mut Vec<u32>) -> bool {
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
        // The targets the edges were recorded for: once one side has been
        // redirected, it may point where the other side's edge leads, and
        // must not take that edge's redirection too.
        let recorded = match graph.block(id).end {
            Terminator::Branch { jt, jf, .. } => Some((jt, jf)),
            _ => None,
        };
        for (succ, state) in &edges {
            let (mut dest, at) =
                farthest_point(graph, &mut analysis.values, live_out, *succ, state);
            if at > 0 {
                // Split `dest` before statement `at`.
                let live_at_split = live_positions(graph.block(dest), live_out[dest.index()])[at];
                let b = graph.block_mut(dest);
                let tail = Block {
                    stmts: b.stmts.split_off(at),
                    end: b.end,
                };
                let tail_id = graph.add(tail);
                live_out.push(live_out[dest.index()]);
                live_out[dest.index()] = live_at_split;
                graph.block_mut(dest).end = Terminator::Branch {
                    code: op::JMP | op::JA,
                    k: 0,
                    jt: tail_id,
                    jf: tail_id,
                };
                stale.push(false);
                dest = tail_id;
            }
            if dest != *succ {
                if let (Terminator::Branch { jt, jf, .. }, Some((was_t, was_f))) =
                    (&mut graph.block_mut(id).end, recorded)
                {
                    if was_t == *succ {
                        *jt = dest;
                    }
                    if was_f == *succ {
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

/// Undo threading that saves a test but costs a block: a block `H` that
/// repeats another block `B`'s statements and then does what `D`, one of
/// `B`'s successors, does (`H` goes to `D`, or `D` is `H`'s branch alone),
/// exists only so that its predecessors skip `B`'s test (threading split it
/// off a block whose load `B` had made redundant, and the split tail's test
/// may since have been pulled up into it). When `B`'s test, run after those
/// same statements, is decided towards `D` on every edge into `H`, those
/// edges may enter `B` instead: the same statements run on the same state
/// (so fail alike), then `D`. `H` goes: one test more at run time for a
/// shorter program (libpcap never makes that split). True if any block went.
pub fn rejoin_split_heads(graph: &mut Graph) -> bool {
    if graph.blocks.is_empty() {
        return false;
    }
    let (mut analysis, _) = super::dataflow::forward(graph, false);
    let preds = graph.predecessors();
    let order = analysis.order.clone();
    // Position in the topological order: a block can only reach blocks
    // after it.
    let mut position = vec![usize::MAX; graph.blocks.len()];
    for (i, b) in order.iter().enumerate() {
        position[b.index()] = i;
    }
    // Blocks without statements, by their branch.
    let mut bare: HashMap<Terminator, Vec<BlockId>> = HashMap::default();
    for &b in &order {
        if graph.block(b).stmts.is_empty() {
            bare.entry(graph.block(b).end).or_default().push(b);
        }
    }
    for &head in &order {
        let h = graph.block(head);
        let into_head = &preds[head.index()];
        if h.stmts.is_empty() || into_head.is_empty() {
            continue;
        }
        let goto = match h.end {
            Terminator::Branch { jt, jf, .. } if jt == jf => Some(jt),
            _ => None,
        };
        // `head` continues as `d` does.
        let continues_as = |d: BlockId| {
            goto == Some(d) || {
                let db = graph.block(d);
                db.stmts.is_empty() && db.end == h.end
            }
        };
        let last_pred = into_head.iter().map(|p| position[p.index()]).max();
        // The blocks `b` with a successor `head` continues as: into its
        // goto's target, or into a block that is only `head`'s branch.
        let mut candidates: Vec<BlockId> = goto
            .into_iter()
            .chain(bare.get(&h.end).into_iter().flatten().copied())
            .flat_map(|d| preds[d.index()].iter().copied())
            .filter(|&b| b != head && graph.block(b).stmts == h.stmts)
            .collect();
        candidates.sort_by_key(|b| position[b.index()]);
        candidates.dedup();
        let rejoin = candidates.into_iter().find(|&b| {
            let decided = into_head.iter().all(|&p| {
                let Some((_, state)) = analysis.edges[p.index()].iter().find(|(s, _)| *s == head)
                else {
                    return false;
                };
                let mut st = state.clone();
                for insn in &h.stmts {
                    step(&mut st, &mut analysis.values, insn);
                }
                decided_successor(&mut analysis.values, &st, &graph.block(b).end)
                    .is_some_and(|d| d != head && continues_as(d))
            });
            // An edge from `p` to `b` must not close a cycle (walked only
            // when `b` comes before one of them).
            decided && (Some(position[b.index()]) > last_pred || !reaches_any(graph, b, into_head))
        });
        let Some(b) = rejoin else {
            continue;
        };
        for &p in into_head {
            if let Terminator::Branch { jt, jf, .. } = &mut graph.block_mut(p).end {
                if *jt == head {
                    *jt = b;
                }
                if *jf == head {
                    *jf = b;
                }
            }
        }
        // The graph changed under the analysis: one rejoin per call.
        return true;
    }
    false
}

/// Whether some block of `targets` can be reached from `from` (itself
/// included).
fn reaches_any(graph: &Graph, from: BlockId, targets: &[BlockId]) -> bool {
    let mut seen = vec![false; graph.blocks.len()];
    let mut stack = vec![from];
    while let Some(b) = stack.pop() {
        if std::mem::replace(&mut seen[b.index()], true) {
            continue;
        }
        if targets.contains(&b) {
            return true;
        }
        stack.extend(graph.block(b).end.successors());
    }
    false
}
