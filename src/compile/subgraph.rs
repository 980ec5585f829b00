//! Small hand-built DAGs inside a predicate: unrolled `protochain` walks
//! and `geneve`'s offset computations, which need branches that rejoin.

use crate::cbpf::{op, Insn};
use crate::ir::{Block, BlockId, Graph, Terminator};

/// Where a node continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A later node of the same sub-graph (index greater than the source's).
    Node(usize),
    True,
    False,
    /// Give up on the packet: the whole filter returns 0.
    Abort,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NodeEnd {
    Branch {
        code: u16,
        k: u32,
        jt: Target,
        jf: Target,
    },
    Goto(Target),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Node {
    pub stmts: Vec<Insn>,
    pub end: NodeEnd,
}

/// Nodes only jump forward; node 0 is the entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SubGraph {
    pub nodes: Vec<Node>,
}

impl SubGraph {
    /// Append a node; returns its index.
    pub fn push(&mut self, stmts: Vec<Insn>, end: NodeEnd) -> usize {
        self.nodes.push(Node { stmts, end });
        self.nodes.len() - 1
    }

    /// A branch `A <jop> #k`.
    pub fn branch(jop: u16, k: u32, jt: Target, jf: Target) -> NodeEnd {
        NodeEnd::Branch {
            code: op::JMP | jop | op::K,
            k,
            jt,
            jf,
        }
    }

    pub fn lower(
        &self,
        g: &mut Graph,
        on_true: BlockId,
        on_false: BlockId,
        abort: BlockId,
    ) -> BlockId {
        let mut ids: Vec<Option<BlockId>> = vec![None; self.nodes.len()];
        for i in (0..self.nodes.len()).rev() {
            let resolve = |t: Target, ids: &Vec<Option<BlockId>>| match t {
                Target::True => on_true,
                Target::False => on_false,
                Target::Abort => abort,
                Target::Node(n) => {
                    assert!(n > i, "sub-graph jumps must go forward");
                    ids[n].expect("forward node lowered")
                }
            };
            let node = &self.nodes[i];
            let end = match node.end {
                NodeEnd::Branch { code, k, jt, jf } => Terminator::Branch {
                    code,
                    k,
                    jt: resolve(jt, &ids),
                    jf: resolve(jf, &ids),
                },
                NodeEnd::Goto(t) => {
                    let to = resolve(t, &ids);
                    Terminator::Branch {
                        code: op::JMP | op::JA,
                        k: 0,
                        jt: to,
                        jf: to,
                    }
                }
            };
            ids[i] = Some(g.add(Block {
                stmts: node.stmts.clone(),
                end,
            }));
        }
        ids.first().copied().flatten().unwrap_or(on_true)
    }
}
