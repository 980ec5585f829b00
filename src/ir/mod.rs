//! The code generator's output and the optimizer's input and output: a
//! classic BPF program as a control-flow graph of basic blocks.
//!
//! Filters never loop, so the graph is a DAG. A block is a run of straight-line
//! instructions (loads, stores, ALU, `tax`/`txa`) ended by a return or by a
//! two-way conditional branch. Keeping jumps symbolic (block ids, not 8-bit
//! offsets) is what lets the optimizer rewire freely; [`Graph::linearize`]
//! turns the graph back into a classic program, inserting `ja` trampolines
//! where a branch target lies more than 255 instructions ahead.
//!
//! Unconditional flow is a `Branch` with `jt == jf` (a goto). Linearization
//! emits nothing for a goto whose target it places right after the block
//! (see [`Graph::layout`]) and a `ja` otherwise.

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

    /// The reachable predecessors of every block (each once).
    pub fn predecessors(&self) -> Vec<Vec<BlockId>> {
        let mut preds = vec![Vec::new(); self.blocks.len()];
        for id in self.topological_order() {
            for s in self.block(id).end.successors() {
                preds[s.index()].push(id);
            }
        }
        preds
    }

    /// Split a classic program into blocks: the inverse of
    /// [`linearize`](Self::linearize), so any classic program (e.g.
    /// tcpdump's unoptimized `-O` output) can be optimized. Fails on
    /// programs the graph cannot hold: backward or out-of-range jumps,
    /// falling off the end, `ret x`.
    pub fn from_program(program: &[Insn]) -> Result<Graph, String> {
        let n = program.len();
        if n == 0 {
            return Err("empty program".into());
        }
        // Targets of every jump, checked to be forward and in range.
        let target = |pc: usize, off: u64| -> Result<usize, String> {
            let t = pc as u64 + 1 + off;
            if t >= n as u64 {
                Err(format!("instruction {pc}: jump past the end"))
            } else {
                Ok(t as usize)
            }
        };
        let mut leader = vec![false; n];
        leader[0] = true;
        for (pc, insn) in program.iter().enumerate() {
            match op::class(insn.code) {
                op::JMP => {
                    if op::jmp_op(insn.code) == op::JA {
                        leader[target(pc, insn.k as u64)?] = true;
                    } else {
                        leader[target(pc, insn.jt as u64)?] = true;
                        leader[target(pc, insn.jf as u64)?] = true;
                    }
                    if pc + 1 < n {
                        leader[pc + 1] = true;
                    }
                }
                op::RET => {
                    if pc + 1 < n {
                        leader[pc + 1] = true;
                    }
                }
                _ => {}
            }
        }
        let mut block_of = vec![u32::MAX; n];
        let mut count = 0u32;
        for pc in 0..n {
            if leader[pc] {
                count += 1;
            }
            block_of[pc] = count - 1;
        }
        let mut graph = Graph::new();
        let mut pc = 0;
        while pc < n {
            let mut stmts = Vec::new();
            let end = loop {
                let insn = program[pc];
                match op::class(insn.code) {
                    op::RET => {
                        pc += 1;
                        break match op::rval(insn.code) {
                            op::K => Terminator::Ret(insn.k),
                            op::A => Terminator::RetA,
                            _ => return Err(format!("instruction {}: unsupported return", pc - 1)),
                        };
                    }
                    op::JMP => {
                        let here = pc;
                        pc += 1;
                        break if op::jmp_op(insn.code) == op::JA {
                            let t = BlockId(block_of[target(here, insn.k as u64)?]);
                            Terminator::Branch {
                                code: op::JMP | op::JA,
                                k: 0,
                                jt: t,
                                jf: t,
                            }
                        } else {
                            Terminator::Branch {
                                code: insn.code,
                                k: insn.k,
                                jt: BlockId(block_of[target(here, insn.jt as u64)?]),
                                jf: BlockId(block_of[target(here, insn.jf as u64)?]),
                            }
                        };
                    }
                    _ => {
                        stmts.push(insn);
                        pc += 1;
                        if pc == n {
                            return Err("program does not end with a return".into());
                        }
                        if leader[pc] {
                            let t = BlockId(block_of[pc]);
                            break Terminator::Branch {
                                code: op::JMP | op::JA,
                                k: 0,
                                jt: t,
                                jf: t,
                            };
                        }
                    }
                }
            };
            graph.add(Block { stmts, end });
        }
        graph.entry = BlockId(0);
        Ok(graph)
    }

    /// The order blocks are laid out in: topological (all jumps forward),
    /// and a block ending in a goto is followed by its target whenever that
    /// target has no other predecessor left to place, so the goto costs no
    /// `ja`.
    pub fn layout(&self) -> Vec<BlockId> {
        let rpo = self.topological_order();
        let n = self.blocks.len();
        let mut rank = vec![usize::MAX; n];
        for (i, id) in rpo.iter().enumerate() {
            rank[id.index()] = i;
        }
        let mut waiting = vec![0usize; n];
        for &id in &rpo {
            for s in self.block(id).end.successors() {
                waiting[s.index()] += 1;
            }
        }
        // Ready blocks by their reverse-post-order rank.
        let mut ready = std::collections::BTreeSet::new();
        ready.insert((rank[self.entry.index()], self.entry));
        let mut order = Vec::with_capacity(rpo.len());
        let mut next: Option<BlockId> = None;
        // A block ending in a goto is best placed as the last predecessor
        // of its target, which can then follow it: wait while the target
        // has other predecessors left to place.
        let goto_of = |id: BlockId| match self.block(id).end {
            Terminator::Branch { jt, jf, .. } if jt == jf => Some(jt),
            _ => None,
        };
        while order.len() < rpo.len() {
            let id = match next.take() {
                Some(id) => {
                    ready.remove(&(rank[id.index()], id));
                    id
                }
                None => {
                    let eager = ready
                        .iter()
                        .find(|&&(_, b)| goto_of(b).is_none_or(|t| waiting[t.index()] <= 1))
                        .copied()
                        .or_else(|| ready.first().copied());
                    match eager {
                        Some(entry) => {
                            ready.remove(&entry);
                            entry.1
                        }
                        None => break,
                    }
                }
            };
            order.push(id);
            let end = self.block(id).end;
            for s in end.successors() {
                waiting[s.index()] -= 1;
                if waiting[s.index()] == 0 {
                    ready.insert((rank[s.index()], s));
                }
            }
            if let Terminator::Branch { jt, jf, .. } = end {
                let preferred = if jt == jf { jt } else { jf };
                let deferred =
                    jt != jf && goto_of(preferred).is_some_and(|t| waiting[t.index()] > 1);
                if !deferred
                    && waiting[preferred.index()] == 0
                    && ready.contains(&(rank[preferred.index()], preferred))
                {
                    next = Some(preferred);
                }
            }
        }
        order
    }

    /// Blocks that end in a return while a block consisting of just that
    /// return exists jump there instead: a `ja` costs no more than the
    /// `ret`, and the one block laid out right before the return falls
    /// into it for free. With `make_missing`, every block that ends in a
    /// return does, and the bare returns missing are made.
    fn with_shared_returns(&self, make_missing: bool) -> Graph {
        let mut g = self.clone();
        let mut bare = std::collections::HashMap::new();
        let order = self.topological_order();
        for &id in &order {
            if self.is_bare_return(id) {
                bare.entry(self.block(id).end).or_insert(id);
            }
        }
        for &id in &order {
            let end = self.block(id).end;
            if self.block(id).stmts.is_empty()
                || !matches!(end, Terminator::Ret(_) | Terminator::RetA)
            {
                continue;
            }
            let target = match bare.get(&end) {
                Some(&target) => target,
                None if make_missing => {
                    let target = g.add(Block {
                        stmts: Vec::new(),
                        end,
                    });
                    bare.insert(end, target);
                    target
                }
                None => continue,
            };
            g.block_mut(id).end = Terminator::Branch {
                code: op::JMP | op::JA,
                k: 0,
                jt: target,
                jf: target,
            };
        }
        g
    }

    /// Lay the graph out as a classic program.
    ///
    /// The kernel judges scratch memory by a linear walk in which code
    /// laid out right after a `ret` inherits what was written before it
    /// ([`crate::cbpf::scratch`]): a layout can make a read look unwritten
    /// that every path writes first. Such a program is laid out again with
    /// the returns at the end, where nothing but returns follows one.
    pub fn linearize(&self) -> Program {
        let shared = self.with_shared_returns(false);
        let program = shared.linearize_as_is(false);
        if crate::cbpf::scratch::first_unwritten_read(&program).is_none() {
            return program;
        }
        // The returns there are to the end first (often enough, and free).
        let program = shared.linearize_as_is(true);
        if crate::cbpf::scratch::first_unwritten_read(&program).is_none() {
            return program;
        }
        self.with_shared_returns(true).linearize_as_is(true)
    }

    fn is_bare_return(&self, id: BlockId) -> bool {
        let b = self.block(id);
        b.stmts.is_empty() && matches!(b.end, Terminator::Ret(_) | Terminator::RetA)
    }

    /// `returns_last`: place the blocks that are just a return after all
    /// others.
    fn linearize_as_is(&self, returns_last: bool) -> Program {
        let mut order = self.layout();
        if returns_last {
            let (mut body, returns): (Vec<BlockId>, Vec<BlockId>) =
                order.into_iter().partition(|&id| !self.is_bare_return(id));
            body.extend(returns);
            order = body;
        }
        let mut position = vec![usize::MAX; self.blocks.len()];
        // Which branches need a trampoline for their true / false target.
        let mut far = vec![(false, false); self.blocks.len()];
        loop {
            // Compute the start position of every block with the current
            // trampoline decisions.
            let mut pos = 0usize;
            for (i, &id) in order.iter().enumerate() {
                position[id.index()] = pos;
                let b = self.block(id);
                pos += b.stmts.len() + Self::end_len(b, far[id.index()], order.get(i + 1).copied());
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
        for (i, &id) in order.iter().enumerate() {
            let b = self.block(id);
            out.extend_from_slice(&b.stmts);
            match b.end {
                Terminator::Ret(k) => out.push(Insn::stmt(op::RET | op::K, k)),
                Terminator::RetA => out.push(Insn::stmt(op::RET | op::A, 0)),
                Terminator::Branch { jt, jf, .. } if jt == jf && order.get(i + 1) == Some(&jt) => {
                    // Unconditional flow into the next block: nothing to emit.
                }
                Terminator::Branch { jt, jf, .. } if jt == jf => {
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

    fn end_len(b: &Block, far: (bool, bool), next: Option<BlockId>) -> usize {
        match b.end {
            Terminator::Branch { jt, jf, .. } if jt != jf => 1 + far.0 as usize + far.1 as usize,
            Terminator::Branch { jt, .. } if Some(jt) == next => 0,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbpf::{interp, scratch};

    fn branch(k: u32, jt: BlockId, jf: BlockId) -> Terminator {
        Terminator::Branch {
            code: op::JMP | op::JEQ | op::K,
            k,
            jt,
            jf,
        }
    }

    fn block(stmts: Vec<Insn>, end: Terminator) -> Block {
        Block { stmts, end }
    }

    /// Found by the expression fuzz target (`geneve 20 && geneve 0 || ip`
    /// on NULL): a block that reads `M[0]`, reached only from paths that
    /// wrote it, was laid out right after a `ret` reached from a path that
    /// had not, and the kernel's linear rule refused the program.
    #[test]
    fn a_read_laid_out_after_a_return_still_passes_the_kernels_rule() {
        let mut g = Graph::new();
        let reject = g.add(block(vec![], Terminator::Ret(0)));
        let accept = g.add(block(vec![], Terminator::Ret(1)));
        let read = g.add(block(
            vec![Insn::stmt(op::LDX | op::MEM, 0)],
            Terminator::Ret(2),
        ));
        let common = g.add(block(
            vec![Insn::stmt(op::LD | op::B | op::ABS, 2)],
            branch(7, accept, reject),
        ));
        let writes = g.add(block(
            vec![
                Insn::stmt(op::LD | op::B | op::ABS, 1),
                Insn::stmt(op::ST, 0),
            ],
            branch(3, read, common),
        ));
        let entry = g.add(block(
            vec![Insn::stmt(op::LD | op::B | op::ABS, 0)],
            branch(1, writes, common),
        ));
        g.entry = entry;
        let program = g.linearize();
        assert_eq!(scratch::first_unwritten_read(&program), None, "{program:?}");
        // The layout the linearizer tries first is the one refused.
        let plain = g.with_shared_returns(false).linearize_as_is(false);
        assert!(scratch::first_unwritten_read(&plain).is_some(), "{plain:?}");
        for packet in [[1u8, 3, 7], [1, 0, 7], [1, 0, 0], [0, 3, 7], [0, 0, 1]] {
            assert_eq!(
                interp::run(&program, &packet, 3),
                interp::run(&plain, &packet, 3)
            );
        }
    }
}
