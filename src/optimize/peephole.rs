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
    changed |= regroup_test_chains(graph);
    changed
}

fn and_then_test(graph: &mut Graph) -> bool {
    let (live_in, _) = liveness(graph);
    let a = reg_bit(REG_A);
    let mut changed = false;
    for id in graph.topological_order() {
        let block = graph.block_mut(id);
        let Terminator::Branch { code, k, jt, jf } = block.end else {
            continue;
        };
        if jt == jf || op::src(code) != op::K {
            continue;
        }
        let Some(last) = block.stmts.last() else {
            continue;
        };
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
                block.end = Terminator::Branch {
                    code: jeq,
                    k,
                    jt,
                    jf,
                };
                changed = true;
                continue;
            }
        }
        if op::alu_op(last.code) != op::AND {
            continue;
        }
        let new_end = match op::jmp_op(code) {
            op::JEQ if k == 0 => Terminator::Branch {
                code: jset,
                k: m,
                jt: jf,
                jf: jt,
            },
            op::JEQ if k == m && m.count_ones() == 1 => Terminator::Branch {
                code: jset,
                k: m,
                jt,
                jf,
            },
            op::JGT if k == 0 => Terminator::Branch {
                code: jset,
                k: m,
                jt,
                jf,
            },
            op::JSET => Terminator::Branch {
                code: jset,
                k: m & k,
                jt,
                jf,
            },
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
        Terminator::Branch { code, k, jt, jf } if jt != jf && code == op::JMP | op::JEQ | op::K => {
            Some((load, k, jt, jf))
        }
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
        let Some((first, k1, eq1, ne1)) = narrow_compare(graph, id) else {
            continue;
        };
        // The second compare must be the whole of the equal-target, reached
        // only from here, failing to the same place.
        let second_id = eq1;
        if preds[second_id.index()] != 1 || graph.block(second_id).stmts.len() != 1 {
            continue;
        }
        let Some((second, k2, eq2, ne2)) = narrow_compare(graph, second_id) else {
            continue;
        };
        if ne2 != ne1 || second.code != first.code {
            continue;
        }
        let (bytes, wide) = match op::size(first.code) {
            op::B => (1u32, op::H),
            _ => (2u32, op::W),
        };
        if first.k.checked_add(bytes) != Some(second.k)
            || k1 >> (8 * bytes) != 0
            || k2 >> (8 * bytes) != 0
        {
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
        let in_bounds = op::mode(first.code) == op::ABS
            && first.k.checked_add(2 * bytes).is_some_and(|end| end <= len);
        let rejects =
            matches!(graph.block(ne1).end, Terminator::Ret(0)) && graph.block(ne1).stmts.is_empty();
        if !in_bounds && !rejects {
            continue;
        }
        let block = graph.block_mut(id);
        let last = block.stmts.len() - 1;
        block.stmts[last] = Insn::stmt(op::LD | wide | op::mode(first.code), first.k);
        block.end = Terminator::Branch {
            code: op::JMP | op::JEQ | op::K,
            k: (k1 << (8 * bytes)) | k2,
            jt: eq2,
            jf: ne1,
        };
        // Keep the jt/jf orientation of the original `jeq`: equal first.
        changed = true;
        // The second block is now unreachable; later blocks' facts about
        // predecessors are stale, so do one merge per pass.
        break;
    }
    changed
}

/// One test of a chain: the load before it (None: tests what A holds),
/// the jump, and whether its true edge is the chain's common exit.
#[derive(Clone, Copy)]
struct Link {
    load: Option<Insn>,
    code: u16,
    k: u32,
    exit_on_true: bool,
}

/// A chain of tests that all leave to one common exit and otherwise fall
/// to the next (an `or` of tests, or an `and` with the exit rejecting) is
/// a pure disjunction once none of its loads can fail: its tests may then
/// run in any order. Regroup them by the value they load, the value A
/// already holds first, so each value is loaded once. Needs A dead at the
/// exit and at the chain's end (which load A held last changes).
fn regroup_test_chains(graph: &mut Graph) -> bool {
    let preds = predecessor_counts(graph);
    let lens = min_lengths(graph);
    let (live_in, _) = liveness(graph);
    let a = reg_bit(REG_A);
    for head in graph.topological_order() {
        let hb = graph.block(head);
        let Some(&entry_load) = hb.stmts.last() else {
            continue;
        };
        if !is_plain_load(&entry_load) {
            continue;
        }
        let Terminator::Branch { code, k, jt, jf } = hb.end else {
            continue;
        };
        if jt == jf || op::src(code) != op::K {
            continue;
        }
        // Packet length proven after the head's statements, and the
        // largest X-relative extent proven with the X the chain sees.
        let mut len = lens[head.index()];
        let mut ind_end = 0u32;
        for insn in &hb.stmts {
            len = min_len_after(insn, len);
            let (_, defs) = super::exec::uses_defs(insn);
            if defs & reg_bit(super::value::REG_X) != 0 {
                ind_end = 0;
            }
            if op::class(insn.code) == op::LD && op::mode(insn.code) == op::IND {
                ind_end = ind_end.max(min_len_after(insn, 0));
            }
        }
        // Candidate chains: the head's own test and what follows it (each
        // edge as the common exit), or only the tests after one of its
        // edges (A still holds the head's load there).
        let mut candidates: Vec<(Option<BlockId>, BlockId, BlockId, Vec<Link>)> = Vec::new();
        for (exit, next, on_true) in [(jt, jf, true), (jf, jt, false)] {
            candidates.push((
                None,
                exit,
                next,
                vec![Link {
                    load: None,
                    code,
                    k,
                    exit_on_true: on_true,
                }],
            ));
        }
        for succ in [jt, jf] {
            if preds[succ.index()] != 1 {
                continue;
            }
            if let Terminator::Branch {
                jt: sjt, jf: sjf, ..
            } = graph.block(succ).end
            {
                if sjt != sjf {
                    candidates.push((Some(succ), sjt, succ, Vec::new()));
                    candidates.push((Some(succ), sjf, succ, Vec::new()));
                }
            }
        }
        for (replaced, exit, first_next, mut links) in candidates {
            let mut next = first_next;
            loop {
                if preds[next.index()] != 1 || next == exit {
                    break;
                }
                let nb = graph.block(next);
                let load = match nb.stmts.as_slice() {
                    [] => None,
                    [l] if is_plain_load(l) => Some(*l),
                    _ => break,
                };
                let in_bounds = match load {
                    None => true,
                    Some(l) if op::mode(l.code) == op::ABS => {
                        min_len_after(&l, 0) <= len && l.k < op::SKF_AD_OFF
                    }
                    Some(l) => min_len_after(&l, 0) <= ind_end,
                };
                if !in_bounds {
                    break;
                }
                let Terminator::Branch { code, k, jt, jf } = nb.end else {
                    break;
                };
                if jt == jf || op::src(code) != op::K {
                    break;
                }
                let (on_true, other) = if jt == exit {
                    (true, jf)
                } else if jf == exit {
                    (false, jt)
                } else {
                    break;
                };
                links.push(Link {
                    load,
                    code,
                    k,
                    exit_on_true: on_true,
                });
                next = other;
            }
            if links.len() < 2 || (live_in[exit.index()] | live_in[next.index()]) & a != 0 {
                continue;
            }
            // Which value each test compares: the last load before it.
            let mut current = entry_load;
            let mut keyed = Vec::with_capacity(links.len());
            for l in &links {
                if let Some(load) = l.load {
                    current = load;
                }
                keyed.push((current, *l));
            }
            let loads_before = links.iter().filter(|l| l.load.is_some()).count();
            let mut order: Vec<Insn> = vec![entry_load];
            for (key, _) in &keyed {
                if !order.contains(key) {
                    order.push(*key);
                }
            }
            let loads_after = order.len() - 1;
            if loads_after >= loads_before {
                continue;
            }
            // Build the regrouped chain, last test first.
            let mut tests: Vec<(Option<Insn>, Link)> = Vec::new();
            for (g, key) in order.iter().enumerate() {
                let mut first = true;
                for (_, l) in keyed.iter().filter(|(k2, _)| k2 == key) {
                    let load = if first && g > 0 { Some(*key) } else { None };
                    first = false;
                    tests.push((load, *l));
                }
            }
            let mut after = next;
            for (i, (load, l)) in tests.iter().enumerate().rev() {
                let (jt, jf) = if l.exit_on_true {
                    (exit, after)
                } else {
                    (after, exit)
                };
                let end = Terminator::Branch {
                    code: l.code,
                    k: l.k,
                    jt,
                    jf,
                };
                if i == 0 && replaced.is_none() {
                    // The head's own test was the first link (and tests A).
                    graph.block_mut(head).end = end;
                    break;
                }
                after = graph.add(crate::ir::Block {
                    stmts: load.iter().copied().collect(),
                    end,
                });
            }
            if let Some(old) = replaced {
                if let Terminator::Branch { jt, jf, .. } = &mut graph.block_mut(head).end {
                    if *jt == old {
                        *jt = after;
                    }
                    if *jf == old {
                        *jf = after;
                    }
                }
            }
            return true;
        }
    }
    false
}

fn is_plain_load(insn: &Insn) -> bool {
    op::class(insn.code) == op::LD && matches!(op::mode(insn.code), op::ABS | op::IND)
}
