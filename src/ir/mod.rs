//! The code generator's output and the optimizer's input and output: a
//! classic BPF program as a control-flow graph of basic blocks.
//!
//! Filters never loop, so the graph is a DAG. A block is a run of straight-line
//! instructions (loads, stores, ALU, `tax`/`txa`) ended by a return or by a
//! two-way conditional branch. Keeping jumps symbolic (block ids, not 8-bit
//! offsets) is what lets the optimizer rewire freely; [`Graph::linearize`]
//! turns the graph back into a classic program, inserting `ja` trampolines
//! where a branch target lies more than 255 instructions ahead.

use crate::cbpf::{op, Insn, Program};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(pub u32);

impl BlockId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a block ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Terminator {
    /// `ret #k`
    Ret(u32),
    /// `ret a`
    RetA,
    /// `jeq/jgt/jge/jset` with `#k` or `x`: `code` is the full opcode
    /// (`JMP | JEQ | K`, ...). Unconditional flow is `jt == jf`.
    Branch {
        code: u16,
        k: u32,
        jt: BlockId,
        jf: BlockId,
    },
}

impl Terminator {
    /// The blocks this one can continue to.
    pub fn successors(&self) -> impl Iterator<Item = BlockId> {
        let (a, b) = match *self {
            Terminator::Branch { jt, jf, .. } => (Some(jt), if jt != jf { Some(jf) } else { None }),
            _ => (None, None),
        };
        a.into_iter().chain(b)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Block {
    /// Straight-line instructions: no jumps, no returns.
    pub stmts: Vec<Insn>,
    pub end: Terminator,
}

/// A filter program as a DAG of blocks, run from `entry`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    pub blocks: Vec<Block>,
    pub entry: BlockId,
}

impl Default for Graph {
    fn default() -> Self {
        Self::new()
    }
}

impl Graph {
    /// An empty graph; `entry` must be set after blocks are added.
    pub fn new() -> Graph {
        Graph {
            blocks: Vec::new(),
            entry: BlockId(0),
        }
    }

    pub fn add(&mut self, block: Block) -> BlockId {
        self.blocks.push(block);
        BlockId((self.blocks.len() - 1) as u32)
    }

    pub fn block(&self, id: BlockId) -> &Block {
        &self.blocks[id.index()]
    }

    pub fn block_mut(&mut self, id: BlockId) -> &mut Block {
        &mut self.blocks[id.index()]
    }

    /// Blocks reachable from the entry, in an order where every block comes
    /// before its successors (reverse post-order), which is the order
    /// [`linearize`](Self::linearize) lays them out in. A branch's false
    /// target is visited last so that it tends to be placed right after the
    /// branch, where a jump offset of 0 reaches it.
    pub fn topological_order(&self) -> Vec<BlockId> {
        let n = self.blocks.len();
        let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
        let mut post = Vec::with_capacity(n);
        // Iterative DFS: (block, successors already pushed?)
        let mut stack = vec![(self.entry, false)];
        while let Some((id, expanded)) = stack.pop() {
            if expanded {
                state[id.index()] = 2;
                post.push(id);
                continue;
            }
            if state[id.index()] != 0 {
                continue;
            }
            state[id.index()] = 1;
            stack.push((id, true));
            if let Terminator::Branch { jt, jf, .. } = self.block(id).end {
                // Pushed last = explored first = finishes first = placed last
                // in reverse post-order. Explore jt first so jf ends up next.
                for s in [jf, jt] {
                    if state[s.index()] == 0 {
                        stack.push((s, false));
                    }
                }
            }
        }
        post.reverse();
        post
    }

    /// Lay the graph out as a classic program.
    pub fn linearize(&self) -> Program {
        let order = self.topological_order();
        let mut position = vec![usize::MAX; self.blocks.len()];
        // Which branches need a trampoline for their true / false target.
        let mut far = vec![(false, false); self.blocks.len()];
        loop {
            // Compute the start position of every block with the current
            // trampoline decisions.
            let mut pos = 0usize;
            for &id in &order {
                position[id.index()] = pos;
                let b = self.block(id);
                pos += b.stmts.len() + Self::end_len(b, far[id.index()]);
            }
            // Find branches whose targets are now out of reach.
            let mut changed = false;
            for &id in &order {
                let b = self.block(id);
                if let Terminator::Branch { jt, jf, .. } = b.end {
                    if jt == jf {
                        continue; // emitted as `ja`, 32-bit offset
                    }
                    let after = position[id.index()] + b.stmts.len() + 1;
                    let (ft, ff) = far[id.index()];
                    let need_t = ft || position[jt.index()] - after > 255;
                    let need_f = ff || position[jf.index()] - after > 255;
                    if (need_t, need_f) != (ft, ff) {
                        far[id.index()] = (need_t, need_f);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }

        let mut out = Program::new();
        for &id in &order {
            let b = self.block(id);
            out.extend_from_slice(&b.stmts);
            match b.end {
                Terminator::Ret(k) => out.push(Insn::stmt(op::RET | op::K, k)),
                Terminator::RetA => out.push(Insn::stmt(op::RET | op::A, 0)),
                Terminator::Branch { jt, jf, .. } if jt == jf => {
                    // Optimizers should merge such blocks away; emitted as
                    // a plain `ja` (possibly `ja +0`) when they remain.
                    let off = position[jt.index()] - (out.len() + 1);
                    out.push(Insn::stmt(op::JMP | op::JA, off as u32));
                }
                Terminator::Branch { code, k, jt, jf } => {
                    let (ft, ff) = far[id.index()];
                    let branch_at = out.len();
                    let after = branch_at + 1;
                    // Trampolines follow the branch: true target first.
                    let tramp_t = after;
                    let tramp_f = after + ft as usize;
                    let end = after + ft as usize + ff as usize;
                    let jt_off = if ft {
                        tramp_t - after
                    } else {
                        position[jt.index()] - after
                    };
                    let jf_off = if ff {
                        tramp_f - after
                    } else {
                        position[jf.index()] - after
                    };
                    out.push(Insn::jump(code, k, jt_off as u8, jf_off as u8));
                    if ft {
                        let off = position[jt.index()] - (tramp_t + 1);
                        out.push(Insn::stmt(op::JMP | op::JA, off as u32));
                    }
                    if ff {
                        let off = position[jf.index()] - (tramp_f + 1);
                        out.push(Insn::stmt(op::JMP | op::JA, off as u32));
                    }
                    debug_assert_eq!(out.len(), end);
                }
            }
        }
        out
    }

    fn end_len(b: &Block, far: (bool, bool)) -> usize {
        match b.end {
            Terminator::Branch { jt, jf, .. } if jt != jf => 1 + far.0 as usize + far.1 as usize,
            _ => 1,
        }
    }
}
