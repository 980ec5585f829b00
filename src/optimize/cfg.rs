//! Control-flow clean-up: gotos forwarded and merged away, unreachable
//! blocks dropped, identical blocks (and returns) shared.

use super::value::HashMap;
use crate::cbpf::op;
use crate::ir::{Block, BlockId, Graph, Terminator};

fn goto(target: BlockId) -> Terminator {
    Terminator::Branch {
        code: op::JMP | op::JA,
        k: 0,
        jt: target,
        jf: target,
    }
}

/// The target of an unconditional end, if it is one.
pub fn goto_target(end: &Terminator) -> Option<BlockId> {
    match *end {
        Terminator::Branch { jt, jf, .. } if jt == jf => Some(jt),
        _ => None,
    }
}

fn map_targets(end: &mut Terminator, mut f: impl FnMut(BlockId) -> BlockId) {
    if let Terminator::Branch { jt, jf, .. } = end {
        *jt = f(*jt);
        *jf = f(*jf);
    }
}

/// Number of reachable predecessors edges of each block (a branch with both
/// edges to one block counts once).
pub fn predecessor_counts(graph: &Graph) -> Vec<u32> {
    let mut n = vec![0u32; graph.blocks.len()];
    for id in graph.topological_order() {
        for s in graph.block(id).end.successors() {
            n[s.index()] += 1;
        }
    }
    n
}

/// Blocks from which every path returns 0 become a bare `ret #0`: nothing
/// they compute matters (an aborting load or division returns 0 too).
fn sink_rejections(graph: &mut Graph) -> bool {
    let mut rejects = vec![false; graph.blocks.len()];
    let mut changed = false;
    for id in graph.topological_order().into_iter().rev() {
        let b = graph.block_mut(id);
        let r = match b.end {
            Terminator::Ret(0) => true,
            Terminator::Ret(_) | Terminator::RetA => false,
            Terminator::Branch { jt, jf, .. } => rejects[jt.index()] && rejects[jf.index()],
        };
        rejects[id.index()] = r;
        if r && (!b.stmts.is_empty() || b.end != Terminator::Ret(0)) {
            b.stmts.clear();
            b.end = Terminator::Ret(0);
            changed = true;
        }
    }
    changed
}

/// One round of local simplifications; true if anything changed.
fn simplify_edges(graph: &mut Graph) -> bool {
    let mut changed = sink_rejections(graph);
    // Branches with equal targets are gotos.
    for b in &mut graph.blocks {
        if let Terminator::Branch { code, jt, jf, .. } = b.end {
            if jt == jf && code != (op::JMP | op::JA) {
                b.end = goto(jt);
                changed = true;
            }
        }
    }
    // Forward edges through empty goto blocks.
    let n = graph.blocks.len();
    let mut forward: Vec<BlockId> = (0..n as u32).map(BlockId).collect();
    for id in graph.topological_order().into_iter().rev() {
        let b = graph.block(id);
        if b.stmts.is_empty() {
            if let Some(t) = goto_target(&b.end) {
                forward[id.index()] = forward[t.index()];
            }
        }
    }
    let entry = forward[graph.entry.index()];
    if entry != graph.entry {
        graph.entry = entry;
        changed = true;
    }
    for b in &mut graph.blocks {
        let before = b.end;
        map_targets(&mut b.end, |t| forward[t.index()]);
        changed |= before != b.end;
    }
    // A goto to a block without statements becomes a copy of its end; a goto
    // to a block with no other predecessor absorbs it.
    let preds = predecessor_counts(graph);
    let mut absorbed = vec![false; n];
    for id in graph.topological_order() {
        let i = id.index();
        if absorbed[i] {
            continue;
        }
        while let Some(t) = goto_target(&graph.blocks[i].end) {
            if t.index() == i {
                break;
            }
            let target = &graph.blocks[t.index()];
            if target.stmts.is_empty() {
                graph.blocks[i].end = target.end;
            } else if preds[t.index()] == 1 && !absorbed[t.index()] && t != graph.entry {
                let Block { stmts, end } = target.clone();
                absorbed[t.index()] = true;
                graph.blocks[i].stmts.extend(stmts);
                graph.blocks[i].end = end;
            } else {
                break;
            }
            changed = true;
        }
    }
    changed
}

/// Keep only reachable blocks, renumbered in topological order.
pub fn compact(graph: &mut Graph) {
    let order = graph.topological_order();
    let mut new_id = vec![u32::MAX; graph.blocks.len()];
    for (i, id) in order.iter().enumerate() {
        new_id[id.index()] = i as u32;
    }
    let mut blocks = Vec::with_capacity(order.len());
    for id in &order {
        let mut b = graph.block(*id).clone();
        map_targets(&mut b.end, |t| BlockId(new_id[t.index()]));
        blocks.push(b);
    }
    graph.entry = BlockId(new_id[graph.entry.index()]);
    graph.blocks = blocks;
}

/// Share identical blocks (same statements, same end, same targets after
/// sharing); true if any were.
fn share_identical(graph: &mut Graph) -> bool {
    let order = graph.topological_order();
    let mut rep: Vec<BlockId> = (0..graph.blocks.len() as u32).map(BlockId).collect();
    let mut seen: HashMap<Block, BlockId> = HashMap::default();
    let mut changed = false;
    for &id in order.iter().rev() {
        let mut b = graph.block(id).clone();
        map_targets(&mut b.end, |t| rep[t.index()]);
        graph.blocks[id.index()].end = b.end;
        match seen.get(&b) {
            Some(&other) => {
                rep[id.index()] = other;
                changed = true;
            }
            None => {
                seen.insert(b, id);
            }
        }
    }
    if changed {
        for b in &mut graph.blocks {
            map_targets(&mut b.end, |t| rep[t.index()]);
        }
        graph.entry = rep[graph.entry.index()];
    }
    changed
}

/// Cross-jumping: blocks that end alike (same end, same targets) and share
/// trailing statements keep one copy of the common tail. A block whose
/// whole body is the tail of another becomes that other block's target;
/// otherwise a new tail block is made when at least two statements are
/// shared (the extra `ja` it may cost is then paid for). True if any.
fn share_tails(graph: &mut Graph) -> bool {
    let order = graph.topological_order();
    let mut by_end: HashMap<Terminator, Vec<BlockId>> = HashMap::default();
    for &id in &order {
        by_end.entry(graph.block(id).end).or_default().push(id);
    }
    let mut groups: Vec<Vec<BlockId>> = by_end.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for group in groups {
        for (i, &x) in group.iter().enumerate() {
            for &y in &group[i + 1..] {
                let (bx, by) = (graph.block(x), graph.block(y));
                let common = bx
                    .stmts
                    .iter()
                    .rev()
                    .zip(by.stmts.iter().rev())
                    .take_while(|(a, b)| a == b)
                    .count();
                if common == 0 {
                    continue;
                }
                // The shorter block entirely a tail of the longer one.
                let (short, long) = if bx.stmts.len() <= by.stmts.len() {
                    (x, y)
                } else {
                    (y, x)
                };
                if graph.block(short).stmts.len() == common {
                    let lb = graph.block_mut(long);
                    let keep = lb.stmts.len() - common;
                    lb.stmts.truncate(keep);
                    lb.end = goto(short);
                    return true;
                }
                if common >= 2 {
                    let tail_stmts = bx.stmts[bx.stmts.len() - common..].to_vec();
                    let tail = graph.add(Block {
                        stmts: tail_stmts,
                        end: bx.end,
                    });
                    for b in [x, y] {
                        let blk = graph.block_mut(b);
                        let keep = blk.stmts.len() - common;
                        blk.stmts.truncate(keep);
                        blk.end = goto(tail);
                    }
                    return true;
                }
            }
        }
    }
    false
}

/// Run the clean-ups to a fixed point and compact; true if anything changed.
pub fn cleanup(graph: &mut Graph) -> bool {
    let mut changed = false;
    for _ in 0..64 {
        let mut round = simplify_edges(graph);
        round |= share_identical(graph);
        if !round {
            round |= share_tails(graph);
        }
        if !round {
            break;
        }
        changed = true;
    }
    let before = graph.blocks.len();
    compact(graph);
    changed || graph.blocks.len() != before
}
