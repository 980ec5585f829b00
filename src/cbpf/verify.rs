//! The classic verifier: the Linux kernel's rules for `SO_ATTACH_FILTER`.
//!
//! The kernel (net/core/filter.c) checks a classic program in this order,
//! and so do we, reporting the first violation:
//!
//! 1. the length is 1..=4096 instructions;
//! 2. instruction by instruction: the opcode is one of the known ones
//!    (exact match, no stray bits); no division or modulo by a constant zero;
//!    no constant shift by 32 or more; `M[k]` with `k < 16`; `ja` lands inside
//!    the program (`k` is unsigned, so jumps are forward only, and a huge `k`
//!    cannot wrap around); both targets of a conditional jump are inside the
//!    program; an absolute load at or above `SKF_AD_OFF` must be one of the
//!    known ancillary fields;
//! 3. the last instruction is a `ret`;
//! 4. no scratch slot is read before it is written. This is the kernel's
//!    linear approximation, not a full data-flow analysis: walking the
//!    program in order, the set of written slots is intersected at every jump
//!    target with the sets of all jumps into it, a jump makes the following
//!    instruction's set "everything" (it is only reachable by a jump), but a
//!    `ret` does not — so an unreachable read right after a `ret` can still be
//!    rejected or accepted depending on what was written before it;
//! 5. the kernel then translates the program to eBPF, where a jump offset
//!    must fit in 16 bits; see `translation`.
//!
//! What the kernel may still refuse for lack of resources (`ENOMEM`: the
//! translated program does not fit in the socket's option memory,
//! `net.core.optmem_max`) is not a rule of the language and is not checked.

mod translation;

use super::op::{self, *};
use super::Insn;

/// Why the verifier rejects a program, and at which instruction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("instruction {index}: {reason}")]
pub struct VerifyError {
    /// Index of the offending instruction (for a bad length: 0 for an empty
    /// program, 4096 for a too long one).
    pub index: usize,
    pub reason: VerifyReason,
}

/// The rule a rejected program breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyReason {
    #[error("program is empty")]
    Empty,
    #[error("program has {0} instructions, more than the kernel's limit of 4096")]
    TooLong(usize),
    #[error("unknown opcode {0:#x}")]
    UnknownOpcode(u16),
    #[error("division by constant zero")]
    DivisionByZero,
    #[error("modulo by constant zero")]
    ModuloByZero,
    #[error("shift by {0} bits (32 or more)")]
    ShiftTooLarge(u32),
    #[error("scratch memory M[{0}] does not exist (slots are M[0] to M[15])")]
    ScratchOutOfRange(u32),
    #[error("jump target out of range")]
    JumpOutOfRange,
    #[error("unknown ancillary field SKF_AD_OFF+{0}")]
    UnknownAncillary(u32),
    #[error("last instruction is not a return")]
    NoFinalReturn,
    #[error("M[{0}] may be read before it is written")]
    ScratchReadBeforeWrite(u32),
    #[error("jump too far once translated to eBPF (more than 32767 eBPF instructions)")]
    TranslatedJumpTooFar,
}

/// The ancillary fields the kernel knows (`SKF_AD_*`, offsets from
/// `SKF_AD_OFF`): protocol, pkttype, ifindex, nlattr, nlattr_nest, mark,
/// queue, hatype, rxhash, cpu, alu_xor_x, vlan_tag, vlan_tag_present,
/// pay_offset, random, vlan_tpid.
pub const KNOWN_ANCILLARY: [u32; 16] =
    [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60];

/// True for the opcodes the kernel accepts in a classic socket filter.
pub fn is_known_opcode(code: u16) -> bool {
    KNOWN_TABLE.get(usize::from(code)).copied().unwrap_or(false)
}

/// `KNOWN_OPCODES` as a lookup table indexed by opcode (all are below 256).
const KNOWN_TABLE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < KNOWN_OPCODES.len() {
        table[KNOWN_OPCODES[i] as usize] = true;
        i += 1;
    }
    table
};

/// The opcodes the kernel accepts (`chk_code_allowed`).
const KNOWN_OPCODES: [u16; 49] = [
    ALU | ADD | K,
    ALU | ADD | X,
    ALU | SUB | K,
    ALU | SUB | X,
    ALU | MUL | K,
    ALU | MUL | X,
    ALU | DIV | K,
    ALU | DIV | X,
    ALU | MOD | K,
    ALU | MOD | X,
    ALU | AND | K,
    ALU | AND | X,
    ALU | OR | K,
    ALU | OR | X,
    ALU | XOR | K,
    ALU | XOR | X,
    ALU | LSH | K,
    ALU | LSH | X,
    ALU | RSH | K,
    ALU | RSH | X,
    ALU | NEG,
    LD | W | ABS,
    LD | H | ABS,
    LD | B | ABS,
    LD | W | LEN,
    LD | W | IND,
    LD | H | IND,
    LD | B | IND,
    LD | IMM,
    LD | MEM,
    LDX | W | LEN,
    LDX | B | MSH,
    LDX | IMM,
    LDX | MEM,
    ST,
    STX,
    MISC | TAX,
    MISC | TXA,
    RET | K,
    RET | A,
    JMP | JA,
    JMP | JEQ | K,
    JMP | JEQ | X,
    JMP | JGE | K,
    JMP | JGE | X,
    JMP | JGT | K,
    JMP | JGT | X,
    JMP | JSET | K,
    JMP | JSET | X,
];

fn is_conditional_jump(code: u16) -> bool {
    op::class(code) == JMP && code != JMP | JA && is_known_opcode(code)
}

fn is_return(code: u16) -> bool {
    code == RET | K || code == RET | A
}

/// Check `program` with the kernel's rules for `SO_ATTACH_FILTER`.
pub fn verify(program: &[Insn]) -> Result<(), VerifyError> {
    let fail = |index: usize, reason: VerifyReason| Err(VerifyError { index, reason });
    let len = program.len();
    if len == 0 {
        return fail(0, VerifyReason::Empty);
    }
    if len > MAXINSNS {
        return fail(MAXINSNS, VerifyReason::TooLong(len));
    }

    for (pc, insn) in program.iter().enumerate() {
        if let Err(reason) = check_instruction(insn, pc, len) {
            return fail(pc, reason);
        }
    }

    if !is_return(program[len - 1].code) {
        return fail(len - 1, VerifyReason::NoFinalReturn);
    }

    check_scratch_reads(program)?;
    translation::check_jump_offsets(program)
}

/// The per-instruction rules (step 2).
fn check_instruction(insn: &Insn, pc: usize, len: usize) -> Result<(), VerifyReason> {
    let code = insn.code;
    let k = insn.k;
    if !is_known_opcode(code) {
        return Err(VerifyReason::UnknownOpcode(code));
    }
    // Instructions after this one.
    let after = len - pc - 1;
    match code {
        c if c == ALU | DIV | K && k == 0 => Err(VerifyReason::DivisionByZero),
        c if c == ALU | MOD | K && k == 0 => Err(VerifyReason::ModuloByZero),
        c if (c == ALU | LSH | K || c == ALU | RSH | K) && k >= 32 => {
            Err(VerifyReason::ShiftTooLarge(k))
        }
        c if (c == LD | MEM || c == LDX | MEM || c == ST || c == STX) && k >= MEMWORDS => {
            Err(VerifyReason::ScratchOutOfRange(k))
        }
        c if c == JMP | JA && k as usize >= after => Err(VerifyReason::JumpOutOfRange),
        c if is_conditional_jump(c)
            && (usize::from(insn.jt) >= after || usize::from(insn.jf) >= after) =>
        {
            Err(VerifyReason::JumpOutOfRange)
        }
        c if (c == LD | W | ABS || c == LD | H | ABS || c == LD | B | ABS)
            && k >= SKF_AD_OFF
            && !KNOWN_ANCILLARY.contains(&(k - SKF_AD_OFF)) =>
        {
            Err(VerifyReason::UnknownAncillary(k - SKF_AD_OFF))
        }
        _ => Ok(()),
    }
}

/// Step 4, the kernel's scratch-memory check. Only called once every
/// instruction passed step 2, so jump targets and slot numbers are in range.
fn check_scratch_reads(program: &[Insn]) -> Result<(), VerifyError> {
    match super::scratch::first_unwritten_read(program) {
        None => Ok(()),
        Some((index, slot)) => Err(VerifyError {
            index,
            reason: VerifyReason::ScratchReadBeforeWrite(slot),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(p: &[Insn]) -> Option<(usize, VerifyReason)> {
        verify(p).err().map(|e| (e.index, e.reason))
    }

    const RET0: Insn = Insn::stmt(RET | K, 0);

    #[test]
    fn accepts_a_simple_filter() {
        let p = [
            Insn::stmt(LD | H | ABS, 12),
            Insn::jump(JMP | JEQ | K, 0x800, 0, 1),
            Insn::stmt(RET | K, 262144),
            RET0,
        ];
        assert_eq!(verify(&p), Ok(()));
    }

    #[test]
    fn each_rule_names_instruction_and_reason() {
        assert_eq!(reason(&[]), Some((0, VerifyReason::Empty)));
        assert_eq!(
            reason(&vec![RET0; 4097]),
            Some((4096, VerifyReason::TooLong(4097)))
        );
        assert_eq!(verify(&vec![RET0; 4096]), Ok(()));
        assert_eq!(
            reason(&[Insn::stmt(LDX | W | ABS, 0), RET0]),
            Some((0, VerifyReason::UnknownOpcode(0x21)))
        );
        assert_eq!(
            reason(&[Insn::stmt(ALU | DIV | K, 0), RET0]),
            Some((0, VerifyReason::DivisionByZero))
        );
        assert_eq!(
            reason(&[Insn::stmt(ALU | MOD | K, 0), RET0]),
            Some((0, VerifyReason::ModuloByZero))
        );
        assert_eq!(
            reason(&[Insn::stmt(ALU | LSH | K, 32), RET0]),
            Some((0, VerifyReason::ShiftTooLarge(32)))
        );
        assert_eq!(
            reason(&[Insn::stmt(ST, 16), RET0]),
            Some((0, VerifyReason::ScratchOutOfRange(16)))
        );
        assert_eq!(
            reason(&[Insn::stmt(JMP | JA, 1), RET0]),
            Some((0, VerifyReason::JumpOutOfRange))
        );
        assert_eq!(
            reason(&[Insn::stmt(JMP | JA, u32::MAX), RET0]),
            Some((0, VerifyReason::JumpOutOfRange))
        );
        assert_eq!(
            reason(&[Insn::jump(JMP | JEQ | K, 0, 0, 1), RET0]),
            Some((0, VerifyReason::JumpOutOfRange))
        );
        assert_eq!(
            reason(&[Insn::stmt(LD | B | ABS, SKF_AD_OFF + 64), RET0]),
            Some((0, VerifyReason::UnknownAncillary(64)))
        );
        assert_eq!(
            verify(&[Insn::stmt(LD | B | ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG), RET0]),
            Ok(())
        );
        assert_eq!(
            reason(&[RET0, Insn::stmt(LD | IMM, 0)]),
            Some((1, VerifyReason::NoFinalReturn))
        );
        assert_eq!(
            reason(&[Insn::stmt(LD | MEM, 3), RET0]),
            Some((0, VerifyReason::ScratchReadBeforeWrite(3)))
        );
        let e = verify(&[Insn::stmt(JMP | JA, 1), RET0]).unwrap_err();
        assert_eq!(e.to_string(), "instruction 0: jump target out of range");
    }

    #[test]
    fn scratch_must_be_written_on_every_path() {
        // M[0] written only when the jump is not taken.
        let p = [
            Insn::jump(JMP | JEQ | K, 0, 1, 0),
            Insn::stmt(ST, 0),
            Insn::stmt(LD | MEM, 0),
            RET0,
        ];
        assert_eq!(
            reason(&p),
            Some((2, VerifyReason::ScratchReadBeforeWrite(0)))
        );
        // Written before the branch: fine.
        let p = [
            Insn::stmt(ST, 0),
            Insn::jump(JMP | JEQ | K, 0, 1, 0),
            Insn::stmt(ST, 1),
            Insn::stmt(LD | MEM, 0),
            RET0,
        ];
        assert_eq!(verify(&p), Ok(()));
        // The kernel's quirk: a `ret` does not reset the written set.
        let p = [Insn::stmt(ST, 0), RET0, Insn::stmt(LD | MEM, 0), RET0];
        assert_eq!(verify(&p), Ok(()));
        let p = [RET0, Insn::stmt(LD | MEM, 0), RET0];
        assert_eq!(
            reason(&p),
            Some((1, VerifyReason::ScratchReadBeforeWrite(0)))
        );
        // Code only reachable by a jump sees what every jump into it saw.
        let p = [Insn::stmt(JMP | JA, 1), RET0, Insn::stmt(LD | MEM, 0), RET0];
        assert_eq!(
            reason(&p),
            Some((2, VerifyReason::ScratchReadBeforeWrite(0)))
        );
        let p = [Insn::stmt(JMP | JA, 0), Insn::stmt(LD | MEM, 0), RET0];
        assert_eq!(
            reason(&p),
            Some((1, VerifyReason::ScratchReadBeforeWrite(0)))
        );
        // Unreachable code nobody jumps to is trusted.
        let p = [Insn::stmt(JMP | JA, 1), Insn::stmt(LD | MEM, 0), RET0];
        assert_eq!(verify(&p), Ok(()));
    }
}
