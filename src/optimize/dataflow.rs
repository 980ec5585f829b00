//! The forward pass: value numbering and fact propagation over the DAG in
//! topological order, rewriting each block with what holds on entry to it
//! (redundant loads, stores and copies dropped, known operands turned into
//! immediates, branches decided by the facts folded into gotos).

use super::exec::{branch_operand, step};
use super::exec::{reg_bit, uses_defs};
use super::value::{State, Val, Values, REG_A, REG_X};
use crate::cbpf::op;
use crate::cbpf::Insn;
use crate::ir::{BlockId, Graph, Terminator};

/// What the forward pass learned: the state on each edge.
pub struct Analysis {
    pub values: Values,
    pub order: Vec<BlockId>,
    /// Per block: (successor, state along that edge).
    pub edges: Vec<Vec<(BlockId, State)>>,
}

/// Join the states arriving at `block`.
fn meet(values: &mut Values, block: usize, incoming: &[State]) -> State {
    if incoming.len() == 1 {
        return incoming[0].clone();
    }
    let first = &incoming[0];
    let mut regs = first.regs;
    let mut phi_facts = Vec::new();
    for (r, slot) in regs.iter_mut().enumerate() {
        let inputs: Vec<_> = incoming
            .iter()
            .map(|s| s.canon(values, s.regs[r]))
            .collect();
        if inputs.iter().all(|&v| v == inputs[0]) {
            *slot = inputs[0];
            continue;
        }
        let mut fact = incoming[0].fact(values, inputs[0]);
        for (s, &v) in incoming.iter().zip(&inputs).skip(1) {
            fact = fact.or(&s.fact(values, v));
        }
        let phi = values.intern(Val::Phi {
            block: block as u32,
            inputs,
        });
        *slot = phi;
        if !fact.is_any() {
            phi_facts.push((phi, fact));
        }
    }
    let mut facts = super::value::Facts::default();
    for (&id, f) in first.facts.iter() {
        let mut joined = f.clone();
        let mut everywhere = true;
        for s in &incoming[1..] {
            match s.facts.get(&id) {
                Some(g) => joined = joined.or(g),
                None => {
                    everywhere = false;
                    break;
                }
            }
        }
        if everywhere && !joined.is_any() {
            facts.insert(id, joined);
        }
    }
    for (phi, f) in phi_facts {
        facts.insert(phi, f);
    }
    let proven = incoming[1..]
        .iter()
        .fold(first.proven, |p, s| p.meet(s.proven));
    let mut state = State {
        regs,
        facts,
        proven,
    };
    state.prune(values);
    state
}

/// Run the forward pass, rewriting blocks in place when `rewrite` is set.
/// Returns the analysis and whether anything changed.
pub fn forward(graph: &mut Graph, rewrite: bool) -> (Analysis, bool) {
    let n = graph.blocks.len();
    // Computed before the rewrites, which only ever remove uses.
    let (_, live_out) = super::dead::liveness(graph);
    let order = graph.topological_order();
    // `ret #k` needs nothing of what is known, and the program's returns are
    // where the most paths join (every address of a block list jumps to the
    // same `ret`): no state is carried into them, nor kept for the edges
    // to them (nothing can be threaded past a return).
    let bare_return: Vec<bool> = graph
        .blocks
        .iter()
        .map(|b| b.stmts.is_empty() && matches!(b.end, Terminator::Ret(_)))
        .collect();
    let mut values = Values::default();
    let mut incoming: Vec<Vec<State>> = vec![Vec::new(); n];
    let mut edges: Vec<Vec<(BlockId, State)>> = vec![Vec::new(); n];
    incoming[graph.entry.index()].push(State::entry(&mut values));
    let mut changed = false;

    for &id in &order {
        let i = id.index();
        let arriving = std::mem::take(&mut incoming[i]);
        if arriving.is_empty() {
            continue; // no feasible path reaches it
        }
        let mut state = meet(&mut values, i, &arriving);

        let block = graph.block_mut(id);
        let mut kept = Vec::with_capacity(block.stmts.len());
        let mut stmts = block.stmts.clone();
        let live_after = live_out[i] | super::dead::terminator_uses(&block.end);
        // (start in `kept`, A's value before it, no statement could fail)
        let mut a_run: Option<(usize, super::value::VId, bool)> = None;
        for j in 0..stmts.len() {
            if rewrite && fold_index_offset(&state, &mut values, &mut stmts, j, live_after) {
                changed = true;
                continue;
            }
            let insn = &stmts[j];
            let a_before = state.canon(&mut values, state.regs[REG_A]);
            let s = step(&mut state, &mut values, insn);
            if s.redundant && rewrite {
                changed = true;
                continue;
            }
            if s.insn != *insn && rewrite {
                changed = true;
            }
            kept.push(if rewrite { s.insn } else { *insn });
            // Runs of statements that only rewrite A and end with A holding
            // what it held before the run (`ldb [k]; and #m` recomputing
            // the value A has) go as a whole.
            let (_, defs) = uses_defs(&kept[kept.len() - 1]);
            if defs != reg_bit(REG_A) {
                a_run = None;
                continue;
            }
            let run = *a_run.get_or_insert((kept.len() - 1, a_before, true));
            // A statement that can fail may only go if its value is part of
            // the value A held (so it was computed, successfully, before).
            let a_now = state.canon(&mut values, state.regs[REG_A]);
            let fails_fresh = s.can_fail && !contains(&values, run.1, a_now);
            let run = (run.0, run.1, run.2 && !fails_fresh);
            a_run = Some(run);
            if rewrite && a_now == run.1 && run.2 {
                kept.truncate(run.0);
                changed = true;
                a_run = None;
            }
        }
        if rewrite {
            block.stmts = kept;
        }

        let out = match block.end {
            Terminator::Branch { code, k, jt, jf } if jt != jf => {
                let a = state.canon(&mut values, state.regs[REG_A]);
                let (new_code, kk, operand) = branch_operand(&state, &mut values, code, k);
                let jmp_op = op::jmp_op(code);
                let decided = match kk {
                    Some(k) => state.fact(&values, a).decide(jmp_op, k),
                    // Comparing a value with itself.
                    None if operand == a => match jmp_op {
                        op::JEQ | op::JGE => Some(true),
                        op::JGT => Some(false),
                        _ => None,
                    },
                    None => None,
                };
                let mut decided = decided;
                let mut t_state = state.clone();
                let mut f_state = state.clone();
                if decided.is_none() {
                    if let Some(k) = kk {
                        let base = state.fact(&values, a);
                        let ft = base.refine(jmp_op, k, true);
                        let ff = base.refine(jmp_op, k, false);
                        let ok_t = t_state.assume(&values, a, &ft);
                        let ok_f = f_state.assume(&values, a, &ff);
                        match (ok_t, ok_f) {
                            (false, true) => decided = Some(false),
                            (true, false) => decided = Some(true),
                            _ => {}
                        }
                    }
                }
                match decided {
                    Some(outcome) => {
                        let target = if outcome { jt } else { jf };
                        if rewrite {
                            block.end = Terminator::Branch {
                                code: op::JMP | op::JA,
                                k: 0,
                                jt: target,
                                jf: target,
                            };
                            changed = true;
                        }
                        vec![(target, state)]
                    }
                    None => {
                        if rewrite && new_code != code {
                            block.end = Terminator::Branch {
                                code: new_code,
                                k: kk.unwrap_or(k),
                                jt,
                                jf,
                            };
                            changed = true;
                        }
                        vec![(jt, t_state), (jf, f_state)]
                    }
                }
            }
            Terminator::Branch { jt, .. } => vec![(jt, state)],
            _ => Vec::new(),
        };
        let mut out = out;
        out.retain(|(succ, _)| !bare_return[succ.index()]);
        for (succ, s) in &out {
            incoming[succ.index()].push(s.clone());
        }
        edges[i] = out;
    }
    (
        Analysis {
            values,
            order,
            edges,
        },
        changed,
    )
}

/// `tax` at `stmts[j]` copying `X + c` (A computed as X plus a constant)
/// into X, where every later read of X in the block is an X-relative load:
/// drop the copy and add `c` to those loads' offsets instead (X keeps its
/// value; `ld #c; add x` then dies). Needs `X + c` not to wrap, which the
/// facts on X's value show. Returns true if it rewrote.
fn fold_index_offset(
    state: &State,
    values: &mut Values,
    stmts: &mut [Insn],
    j: usize,
    live_after: u32,
) -> bool {
    if stmts[j].code != op::MISC | op::TAX {
        return false;
    }
    let x = state.canon(values, state.regs[REG_X]);
    let a = state.canon(values, state.regs[REG_A]);
    let c = match *values.get(a) {
        Val::Alu {
            op: op::ADD,
            a: base,
            b,
        } if base == x => match values.as_const(b) {
            Some(c) => c,
            None => return false,
        },
        _ => return false,
    };
    if state.fact(values, x).hi.checked_add(c).is_none() {
        return false;
    }
    // Every read of X up to its next write must be an X-relative load
    // whose offset can absorb `c`.
    let mut loads = Vec::new();
    let mut redefined = false;
    for (t, insn) in stmts.iter().enumerate().skip(j + 1) {
        let (uses, defs) = uses_defs(insn);
        if uses & reg_bit(REG_X) != 0 {
            if op::class(insn.code) != op::LD
                || op::mode(insn.code) != op::IND
                || insn.k.checked_add(c).is_none()
            {
                return false;
            }
            loads.push(t);
        }
        if defs & reg_bit(REG_X) != 0 {
            redefined = true;
            break;
        }
    }
    if !redefined && live_after & reg_bit(REG_X) != 0 {
        return false;
    }
    for t in loads {
        stmts[t].k += c;
    }
    true
}

/// Does the expression `hay` contain the value `needle` (or is it)?
fn contains(values: &Values, hay: super::value::VId, needle: super::value::VId) -> bool {
    // Values form a DAG with heavy sharing (a protochain unrolled 65 times
    // builds each hop's offset from the previous one), so walk it with a
    // visited set: a plain recursion is exponential in the depth.
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![hay];
    while let Some(id) = stack.pop() {
        if id == needle {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        match values.get(id) {
            Val::Alu { a, b, .. } => stack.extend([*a, *b]),
            Val::Neg(a) => stack.push(*a),
            Val::Load { index: Some(i), .. } => stack.push(*i),
            _ => {}
        }
    }
    false
}
