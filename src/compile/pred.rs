//! Predicates: the code generator's intermediate form.
//!
//! Every primitive becomes a tree of tests joined by `and`, `or` and `not`,
//! in the evaluation order libpcap uses. A [`Test`] is a run of straight-line
//! statements followed by one conditional jump on the accumulator; lowering
//! turns the tree into [`Graph`] blocks with short-circuit control flow.
//!
//! The order of tests matters beyond performance: a load past the end of the
//! packet makes a classic filter return 0 at once, so two programs accept the
//! same packets only if they perform their loads under the same conditions.

use super::subgraph::SubGraph;
use crate::cbpf::{op, Insn};
use crate::ir::{Block, BlockId, Graph, Terminator};

/// Straight-line statements, then a branch `A <op> k` (or `A <op> X`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Test {
    pub stmts: Vec<Insn>,
    /// Full jump opcode, e.g. `JMP | JEQ | K`.
    pub code: u16,
    pub k: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Pred {
    True,
    False,
    Test(Test),
    /// Left operand evaluated first.
    And(Box<Pred>, Box<Pred>),
    Or(Box<Pred>, Box<Pred>),
    Not(Box<Pred>),
    /// A small DAG of its own (loops unrolled, offsets computed into
    /// registers), for `protochain` and `geneve`.
    Sub(Box<SubGraph>),
}

impl Pred {
    /// `stmts; j<op> #k`.
    pub fn test(stmts: Vec<Insn>, jop: u16, k: u32) -> Pred {
        Pred::Test(Test {
            stmts,
            code: op::JMP | jop | op::K,
            k,
        })
    }

    /// `stmts; j<op> x`.
    pub fn test_x(stmts: Vec<Insn>, jop: u16) -> Pred {
        Pred::Test(Test {
            stmts,
            code: op::JMP | jop | op::X,
            k: 0,
        })
    }

    pub fn and(self, other: Pred) -> Pred {
        Pred::And(Box::new(self), Box::new(other))
    }

    pub fn or(self, other: Pred) -> Pred {
        Pred::Or(Box::new(self), Box::new(other))
    }

    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Pred {
        Pred::Not(Box::new(self))
    }

    /// `stmts` run before the first test (the leftmost), whichever way
    /// the predicate turns out.
    pub fn prepend(self, stmts: Vec<Insn>) -> Pred {
        match self {
            Pred::Test(mut t) => {
                t.stmts.splice(0..0, stmts);
                Pred::Test(t)
            }
            Pred::And(a, b) => Pred::And(Box::new(a.prepend(stmts)), b),
            Pred::Or(a, b) => Pred::Or(Box::new(a.prepend(stmts)), b),
            Pred::Not(a) => Pred::Not(Box::new(a.prepend(stmts))),
            Pred::Sub(mut g) => {
                if let Some(first) = g.nodes.first_mut() {
                    first.stmts.splice(0..0, stmts);
                }
                Pred::Sub(g)
            }
            Pred::True | Pred::False => {
                let to = if self == Pred::True { op::JEQ } else { op::JGT };
                // Constant outcome with the statements run: `ld #0`
                // after them makes `jeq #0` always true, `jgt #0` never.
                let mut all = stmts;
                all.push(Insn::stmt(op::LD | op::IMM, 0));
                Pred::test(all, to, 0)
            }
        }
    }

    /// All of `preds`, evaluated in order (`True` when empty); a long
    /// list as a balanced tree (see [`crate::tree`]).
    pub fn all(preds: impl IntoIterator<Item = Pred>) -> Pred {
        let preds: Vec<Pred> = preds.into_iter().collect();
        crate::tree::join_balanced(preds, &mut Pred::and).unwrap_or(Pred::True)
    }

    /// Any of `preds`, evaluated in order (`False` when empty); a long
    /// list as a balanced tree.
    pub fn any(preds: impl IntoIterator<Item = Pred>) -> Pred {
        let preds: Vec<Pred> = preds.into_iter().collect();
        crate::tree::join_balanced(preds, &mut Pred::or).unwrap_or(Pred::False)
    }

    /// The operands of the `and`s at the top, left to right, each once
    /// (`a and b and a` is `a and b`: the second `a` repeats loads that
    /// succeeded and a test that held).
    fn conjuncts(&self) -> Vec<&Pred> {
        let mut out: Vec<&Pred> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut pending = vec![self];
        while let Some(p) = pending.pop() {
            match p {
                Pred::And(a, b) => pending.extend([&**b, &**a]),
                Pred::True => {}
                _ if seen.insert(p) => out.push(p),
                _ => {}
            }
        }
        out
    }

    fn has_subgraph(&self) -> bool {
        match self {
            Pred::True | Pred::False | Pred::Test(_) => false,
            Pred::And(a, b) | Pred::Or(a, b) => a.has_subgraph() || b.has_subgraph(),
            Pred::Not(a) => a.has_subgraph(),
            Pred::Sub(_) => true,
        }
    }

    /// Number of test nodes (a rough size measure).
    pub fn size(&self) -> usize {
        match self {
            Pred::True | Pred::False => 0,
            Pred::Test(_) => 1,
            Pred::And(a, b) | Pred::Or(a, b) => a.size() + b.size(),
            Pred::Not(a) => a.size(),
            Pred::Sub(s) => s.nodes.len(),
        }
    }
}

/// The operands of an `and` or an `or` chain, each kept only the first
/// time it appears: `a and b and a` is `a and b` (the second `a` runs after
/// the first succeeded, with the same loads on the same packet), and `a or
/// b or a` is `a or b`. A block list that names an entry twice, or `tcp
/// and tcp and ...`, then costs nothing the optimizer has to undo one
/// round at a time.
#[derive(Default)]
pub struct Distinct {
    seen: std::collections::HashSet<Pred>,
    kept: Vec<Pred>,
}

impl Distinct {
    pub fn push(&mut self, p: Pred) {
        // A sub-graph (`geneve`, `protochain`) may compute offsets into
        // scratch registers that what follows reads: always kept.
        if p.has_subgraph() || self.seen.insert(p.clone()) {
            self.kept.push(p);
        }
    }

    /// Push a disjunct, absorbing where `y and z or y` is `y` and `y or y
    /// and z` is `y`. The second holds in every sense (`y and z` runs only
    /// after `y` failed, and fails at once). The first is libpcap's: after
    /// `y and z`, whatever `z` answered, `y` is known to hold, so its
    /// optimizer sends every way out of `z` to "accept" and deletes `z`,
    /// loads and all: tcpdump's `icmp[0] < 2 or icmp` accepts a truncated
    /// ICMP packet as `icmp` does.
    /// `as_libpcap_optimizes` says whether the program is one tcpdump runs
    /// optimized; the first rule applies only then.
    pub fn push_disjunct(&mut self, p: Pred, as_libpcap_optimizes: bool) {
        if let Some(last) = self.kept.last() {
            let (mine, last_conjuncts) = (p.conjuncts(), last.conjuncts());
            if mine.starts_with(&last_conjuncts) && !p.has_subgraph() {
                return; // `y or y and z` (or `y or y`)
            }
            if as_libpcap_optimizes && last_conjuncts.starts_with(&mine) && !last.has_subgraph() {
                // `y and z or y`
                self.kept.pop();
                self.seen.insert(p.clone());
                self.kept.push(p);
                return;
            }
        }
        self.push(p);
    }

    pub fn all(self) -> Pred {
        Pred::all(self.kept)
    }

    pub fn any(self) -> Pred {
        Pred::any(self.kept)
    }
}

/// Lower `pred` into blocks of `g` that continue to `on_true` or
/// `on_false`; returns the block where evaluation starts (which may be one
/// of the two targets when the predicate is constant). `abort` is where a
/// sub-graph gives up on the whole packet (the program's `ret #0`).
pub fn lower(
    g: &mut Graph,
    pred: &Pred,
    on_true: BlockId,
    on_false: BlockId,
    abort: BlockId,
) -> BlockId {
    match pred {
        Pred::True => on_true,
        Pred::False => on_false,
        Pred::Test(t) => g.add(Block {
            stmts: t.stmts.clone(),
            end: Terminator::Branch {
                code: t.code,
                k: t.k,
                jt: on_true,
                jf: on_false,
            },
        }),
        // `a and false` is false and `a or true` is true, whatever `a`:
        // `a` goes, loads and all, so a packet too short for them is not
        // rejected by them (libpcap reduces these as it generates code,
        // optimizing or not). `b` is lowered first: a constant lowers to
        // one of the targets themselves.
        Pred::And(a, b) => {
            let rhs = lower(g, b, on_true, on_false, abort);
            if rhs == on_false {
                return on_false;
            }
            lower(g, a, rhs, on_false, abort)
        }
        Pred::Or(a, b) => {
            let rhs = lower(g, b, on_true, on_false, abort);
            if rhs == on_true {
                return on_true;
            }
            lower(g, a, on_true, rhs, abort)
        }
        Pred::Not(a) => lower(g, a, on_false, on_true, abort),
        Pred::Sub(sub) => sub.lower(g, on_true, on_false, abort),
    }
}

/// Prepend straight-line statements to the program's entry block. The
/// entry of a DAG has no predecessors, so no other path runs them.
pub fn prepend(g: &mut Graph, entry: BlockId, stmts: Vec<Insn>) -> BlockId {
    let b = g.block_mut(entry);
    let mut all = stmts;
    all.append(&mut b.stmts);
    b.stmts = all;
    entry
}
