//! The eBPF verifier: abstract interpretation over every path.
//!
//! Two passes. `structure` checks each instruction on its own: a known
//! opcode, valid registers and fields, jump targets inside the program and
//! strictly forward (so the program is a DAG and terminates), and no way to
//! fall off the end. Then `walk` follows every path from the entry with an
//! abstract state — each register uninitialised, a scalar interval, a packet
//! pointer (start + offset interval), the packet end, or a stack pointer —
//! and rejects the first instruction that could read an uninitialised
//! register or stack byte, mix pointers and scalars unsafely, return a
//! pointer, or touch the packet outside `[start, end)` without a dominating
//! comparison against the end proving it. Paths that reach an instruction in
//! a state subsumed by one already verified there are pruned.
//!
//! The program's calling convention is the one [`super::translate`] uses
//! for the user target: R1 = packet start, R2 = packet end, R3 = length on
//! the wire (a 32-bit scalar), R10 = frame pointer over a 512-byte stack.

mod range;
mod state;
mod structure;
mod walk;

pub use range::Range;

use super::insn::Insn;

/// Why a program was rejected, kernel-style.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reason {
    #[error("empty program")]
    Empty,
    #[error("program too long: {0} insns")]
    TooLong(usize),
    #[error("unknown opcode {0:#04x}")]
    UnknownOpcode(u8),
    #[error("R{0} is invalid")]
    InvalidRegister(u8),
    #[error("reserved fields are not zero")]
    ReservedFields,
    #[error("frame pointer is read only")]
    FramePointerWrite,
    #[error("jump out of range to insn {0}")]
    JumpOutOfRange(i64),
    #[error("back-edge to insn {0}")]
    BackEdge(i64),
    #[error("last insn is not an exit or jmp")]
    FallsOffEnd,
    #[error("invalid shift {0}")]
    InvalidShift(i32),
    #[error("invalid byte swap width {0}")]
    InvalidEndian(i32),
    #[error("R{0} !read_ok")]
    UninitRegister(u8),
    #[error("invalid read from stack off {off} size {size}")]
    UninitStack { off: i64, size: u8 },
    #[error("invalid stack access off={off} size={size}")]
    StackOutOfBounds { off: i64, size: u8 },
    #[error(
        "invalid access to packet, off={off} size={size}, R{reg}(off={lo}..{hi},r={range}{end})"
    )]
    PacketOutOfBounds {
        reg: u8,
        off: i16,
        size: u8,
        lo: i64,
        hi: i64,
        range: u64,
        end: &'static str,
    },
    #[error("cannot write into packet")]
    PacketWrite,
    #[error("R{reg} invalid mem access '{kind}'")]
    InvalidMemAccess { reg: u8, kind: &'static str },
    #[error("R{reg} pointer arithmetic with {op} operator prohibited")]
    PointerArithmetic { reg: u8, op: &'static str },
    #[error("R{0} 32-bit pointer arithmetic prohibited")]
    PointerArithmetic32(u8),
    #[error("R{0} pointer offset out of range")]
    PointerOffsetRange(u8),
    #[error("R{0} pointer comparison prohibited")]
    PointerComparison(u8),
    #[error("R{0} leaks addr into stack")]
    PointerSpill(u8),
    #[error("R0 leaks addr as return value")]
    PointerReturn,
    #[error("BPF program is too complex: processed {0} insns")]
    TooComplex(usize),
}

/// A rejection: the instruction index and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("eBPF verifier: insn {index}: {reason}")]
pub struct VerifyError {
    pub index: usize,
    pub reason: Reason,
}

/// What the engines may rely on for a verified program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Verified {
    /// Bytes below R10 the program may touch.
    pub stack_depth: usize,
    /// Instructions processed over all explored paths.
    pub processed: usize,
}

/// Longest program accepted (jump offsets are 16-bit).
pub const MAX_INSNS: usize = 32768;
/// Upper bound on instructions processed over all paths.
pub const COMPLEXITY_LIMIT: usize = 1_000_000;

/// Verify `program`; see the module documentation for the rules.
pub fn verify(program: &[Insn]) -> Result<Verified, VerifyError> {
    verify_with_limit(program, COMPLEXITY_LIMIT)
}

/// [`verify`] with a different bound on the instructions processed.
pub fn verify_with_limit(program: &[Insn], limit: usize) -> Result<Verified, VerifyError> {
    structure::check(program)?;
    walk::walk(program, limit)
}
