//! The kernel's rule for scratch memory (`M[]`): no slot is read before it
//! is written, judged by a linear walk rather than a full data-flow
//! analysis. Walking the program in order, the set of written slots is
//! intersected at every jump target with the sets of all jumps into it; a
//! jump makes the following instruction's set "everything" (it is only
//! reachable by a jump), but a `ret` does not. So code laid out right after
//! a `ret` starts from what was written before that `ret` too, and a
//! program whose every path writes a slot before reading it can still be
//! refused. The classic verifier applies this rule; the linearizer of the
//! IR lays programs out so that they pass it.

use super::op::*;
use super::Insn;

/// The first instruction that reads a scratch slot the rule does not see
/// written, and the slot; `None` if the program passes. Jump targets out
/// of the program are ignored (the verifier refuses them first).
pub fn first_unwritten_read(program: &[Insn]) -> Option<(usize, u32)> {
    const ALL: u16 = u16::MAX;
    // Slots written on every jump into each instruction.
    let mut written_at = vec![ALL; program.len()];
    let mut written: u16 = 0;
    for (pc, insn) in program.iter().enumerate() {
        written &= written_at[pc];
        let slot_bit = 1u16.checked_shl(insn.k).unwrap_or(0);
        let code = insn.code;
        if code == ST || code == STX {
            written |= slot_bit;
        } else if code == LD | MEM || code == LDX | MEM {
            if written & slot_bit == 0 {
                return Some((pc, insn.k));
            }
        } else if code == JMP | JA {
            if let Some(target) = written_at.get_mut(pc + 1 + insn.k as usize) {
                *target &= written;
            }
            written = ALL;
        } else if class(code) == JMP {
            for offset in [insn.jt, insn.jf] {
                if let Some(target) = written_at.get_mut(pc + 1 + usize::from(offset)) {
                    *target &= written;
                }
            }
            written = ALL;
        }
    }
    None
}
