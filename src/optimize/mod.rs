//! Stage 3: the optimizer, rewriting an [`crate::ir::Graph`] into a shorter
//! program that accepts exactly the same packets.
//!
//! Passes, repeated until nothing changes (each one only ever makes the
//! program shorter or enables another, so this terminates quickly):
//! - [`dataflow`]: value numbering and facts (ranges, known bits, excluded
//!   constants, proven packet length) propagated forward over the DAG;
//!   redundant loads, stores and copies go, known operands become
//!   immediates, branches decided on every path become gotos;
//! - [`thread`]: jump threading, an edge skips a block whose test its own
//!   knowledge decides, and back where that only cost a block;
//! - [`dead`]: liveness of A, X and `M[]`; dead statements go unless they
//!   could abort the filter (a load past the packet's end rejects it);
//! - [`peephole`]: `and`+test to `jset`, adjacent narrow compares to one
//!   wide compare;
//! - [`cfg`]: gotos forwarded and merged, unreachable blocks dropped,
//!   identical blocks and returns shared.
//!
//! Soundness rule everywhere: the optimized program returns the same value
//! as the input on every packet, including packets too short for some of
//! its loads. This is stricter than libpcap, whose optimizer treats packet
//! loads as if they could not fail: it deletes dead loads and moves tests
//! ahead of loads (e.g. `host a or b` tests the second address on the
//! source word before loading the destination word), so its optimized
//! programs accept some truncated packets its unoptimized ones reject. We
//! only drop or move a load when earlier loads prove it in bounds, or when
//! every packet it would reject is rejected later anyway. That costs a few
//! instructions on such programs (see `filters/optimizer-baseline.tsv`).

pub mod cfg;
pub mod dataflow;
pub mod dead;
pub mod exec;
pub mod peephole;
pub mod thread;
pub mod value;

use crate::ir::Graph;

/// Instruction counts before and after optimization (for `--stats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Instructions of the input graph, linearized.
    pub before: usize,
    /// Instructions of the optimized graph, linearized.
    pub after: usize,
    /// Rounds of the pass pipeline until nothing changed.
    pub rounds: usize,
    /// Time spent optimizing.
    pub elapsed: std::time::Duration,
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pct = if self.before == 0 {
            100.0
        } else {
            100.0 * self.after as f64 / self.before as f64
        };
        write!(
            f,
            "optimizer: {} instructions before, {} after ({:.0}%), {} rounds, {:.0?}",
            self.before, self.after, pct, self.rounds, self.elapsed
        )
    }
}

/// The stats of optimizing an unoptimized classic program (e.g. what
/// `compile_filter` gives with `optimize: false`): for `--stats`.
pub fn stats_for_program(unoptimized: &[crate::cbpf::Insn]) -> Result<Stats, String> {
    let mut graph = Graph::from_program(unoptimized)?;
    Ok(optimize_with_stats(&mut graph))
}

/// Optimize `graph` in place.
pub fn optimize(graph: &mut Graph) {
    run(graph);
}

/// Optimize `graph` in place and report the instruction counts.
pub fn optimize_with_stats(graph: &mut Graph) -> Stats {
    let before = graph.linearize().len();
    let start = std::time::Instant::now();
    let rounds = run(graph);
    let elapsed = start.elapsed();
    Stats {
        before,
        after: graph.linearize().len(),
        rounds,
        elapsed,
    }
}

/// Upper bound on pipeline rounds (each round is linear-ish in the graph
/// size; real filters settle in a handful).
const MAX_ROUNDS: usize = 32;

fn run(graph: &mut Graph) -> usize {
    if graph.blocks.is_empty() {
        return 0;
    }
    cfg::cleanup(graph);
    let mut rounds = 0;
    while rounds < MAX_ROUNDS {
        rounds += 1;
        let mut changed = false;

        let (mut analysis, rewritten) = dataflow::forward(graph, true);
        changed |= rewritten;
        let (_, mut live_out) = dead::liveness(graph);
        changed |= thread::thread_jumps(graph, &mut analysis, &mut live_out);
        changed |= cfg::cleanup(graph);

        changed |= dead::eliminate_dead(graph);
        changed |= dead::eliminate_dead_anticipated(graph);
        changed |= peephole::peephole(graph);
        changed |= cfg::cleanup(graph);
        // Undoing a threading split needs its own dataflow: run it only
        // once the other passes have settled (it is rarely needed), then
        // let them go round again.
        if !changed && thread::rejoin_split_heads(graph) {
            cfg::cleanup(graph);
            changed = true;
        }
        if !changed {
            break;
        }
    }
    rounds
}
