//! The pre-decoded operations of the fast interpreter: the eBPF
//! instructions it runs one by one, and the fused and specialised forms
//! the peephole passes make of the translation's idioms.

use crate::ebpf::insn::{op, Insn};

#[derive(Clone, Copy, Debug)]
pub(super) enum Op {
    /// `dst = packet[off..off + size]` (big-endian if `be`), first going to
    /// `fail` if the packet is shorter than `end` (when `check`).
    LoadAbs {
        dst: u8,
        size: u8,
        be: bool,
        check: bool,
        off: u32,
        end: u64,
        fail: u32,
    },
    /// `ptr = start + x + add; if ptr > end goto fail; dst = *(ptr - size)`.
    LoadInd {
        dst: u8,
        x: u8,
        ptr: u8,
        size: u8,
        be: bool,
        add: u64,
        fail: u32,
    },
    /// Specialised [`Op::LoadAbs`]: big-endian 1, 2 or 4 bytes at `off`,
    /// going to `fail` if the packet is too short for them. `fail` is
    /// [`UNCHECKED`] where the translation proved the load in bounds (a
    /// failure then ends the run with a fault instead). One bounds check
    /// serves as both the program's length test and the slice access.
    LdB {
        dst: u8,
        off: u32,
        fail: u32,
    },
    LdH {
        dst: u8,
        off: u32,
        fail: u32,
    },
    LdW {
        dst: u8,
        off: u32,
        fail: u32,
    },
    /// Specialised 32-bit comparisons with a constant.
    Jeq {
        dst: u8,
        imm: u32,
        target: u32,
    },
    Jne {
        dst: u8,
        imm: u32,
        target: u32,
    },
    Jgt {
        dst: u8,
        imm: u32,
        target: u32,
    },
    Jge {
        dst: u8,
        imm: u32,
        target: u32,
    },
    Jlt {
        dst: u8,
        imm: u32,
        target: u32,
    },
    Jle {
        dst: u8,
        imm: u32,
        target: u32,
    },
    Jset {
        dst: u8,
        imm: u32,
        target: u32,
    },
    Jmp32Imm {
        cond: u8,
        dst: u8,
        imm: u32,
        target: u32,
    },
    Jmp32Reg {
        cond: u8,
        dst: u8,
        src: u8,
        target: u32,
    },
    /// An `LdB`/`LdH`/`LdW` fused with the 32-bit comparison of the loaded
    /// register with a constant that follows it (the classic `ld; jeq`),
    /// one op per load size. The comparison op stays in place,
    /// unreachable, to keep indices.
    LdbTest {
        dst: u8,
        off: u32,
        fail: u32,
        test: Test,
    },
    LdhTest {
        dst: u8,
        off: u32,
        fail: u32,
        test: Test,
    },
    LdwTest {
        dst: u8,
        off: u32,
        fail: u32,
        test: Test,
    },
    /// Specialised [`Op::LoadInd`]: big-endian 1, 2 or 4 bytes ending at
    /// `x + add` (`ptr` gets that address, as the translation's pointer).
    IndB {
        dst: u8,
        x: u8,
        ptr: u8,
        add: u32,
        fail: u32,
    },
    IndH {
        dst: u8,
        x: u8,
        ptr: u8,
        add: u32,
        fail: u32,
    },
    IndW {
        dst: u8,
        x: u8,
        ptr: u8,
        add: u32,
        fail: u32,
    },
    /// `IndH` fused with the comparison that follows (`ldh [x + k]; jeq`:
    /// ports), as for [`Op::LdhTest`].
    IndHTest {
        dst: u8,
        x: u8,
        ptr: u8,
        add: u32,
        fail: u32,
        test: Test,
    },
    /// Two `Jeq`s on the same register in a row (the second not a jump
    /// target): one dispatch for the common `host a or host b` chains.
    /// The second stays in place; on no match execution goes past it.
    JeqPair {
        dst: u8,
        first: u32,
        first_target: u32,
        second: u32,
        second_target: u32,
    },
    /// `LdB` then `w &= 15; w <<= 2` on the same register (the classic
    /// `ldx 4*([k]&0xf)`): the two ALU ops stay in place, skipped.
    LdMsh {
        dst: u8,
        off: u32,
        fail: u32,
    },
    /// `w &= mask; if w == imm goto target` on one register (a network
    /// match, `net a/b`); the comparison stays in place, skipped.
    AndJeq {
        dst: u8,
        mask: u32,
        imm: u32,
        target: u32,
    },
    /// Any other conditional jump.
    Jump {
        insn: Insn,
        target: u32,
    },
    Ja {
        target: u32,
    },
    /// `w0 = value; exit`
    Return {
        value: u32,
    },
    Exit,
    Mov32Imm {
        dst: u8,
        imm: u32,
    },
    Mov32Reg {
        dst: u8,
        src: u8,
    },
    Alu32Imm {
        operation: u8,
        dst: u8,
        imm: u32,
    },
    Alu32Reg {
        operation: u8,
        dst: u8,
        src: u8,
    },
    /// Anything else, run by the reference code; `pc` for fault reports.
    Generic {
        insn: Insn,
        pc: u32,
    },
}

/// `fail` of a load the translation proved in bounds: no op has this
/// index, so reaching it is a fault, never a wrong jump.
pub(super) const UNCHECKED: u32 = u32::MAX;

/// A 32-bit comparison with a constant as an unsigned range test, so that
/// every condition runs the same code: the next op is `on_match` if
/// `(value & mask) - lo <= span` (wrapping), else `on_miss`. `jeq k` is `[k, k]`, `jgt k` is `[k + 1, MAX]`, `jset k`
/// masks with `k` and tests `[1, MAX]`; `jne` swaps the two targets.
#[derive(Clone, Copy, Debug)]
pub(super) struct Test {
    mask: u32,
    lo: u32,
    span: u32,
    pub(super) on_match: u32,
    pub(super) on_miss: u32,
}

impl Test {
    /// The test for classic condition `cond` against `imm`, jumping to
    /// `target` when it holds and to `next` otherwise; `None` for
    /// conditions it does not cover.
    pub(super) fn new(cond: u8, imm: u32, target: u32, next: u32) -> Option<Test> {
        let range = |mask, lo, hi: u32| Test {
            mask,
            lo,
            span: hi.wrapping_sub(lo),
            on_match: target,
            on_miss: next,
        };
        let swapped = |t: Test| Test {
            on_match: t.on_miss,
            on_miss: t.on_match,
            ..t
        };
        Some(match cond {
            op::JEQ => range(u32::MAX, imm, imm),
            op::JNE => swapped(range(u32::MAX, imm, imm)),
            op::JGE => range(u32::MAX, imm, u32::MAX),
            // `> MAX` never holds: the complement of "anything".
            op::JGT if imm == u32::MAX => swapped(range(u32::MAX, 0, u32::MAX)),
            op::JGT => range(u32::MAX, imm + 1, u32::MAX),
            op::JSET => range(imm, 1, u32::MAX),
            _ => return None,
        })
    }

    /// Callers branch on this rather than select the next op with a
    /// conditional move: a cmov makes the next dispatch wait for the packet
    /// load, where a (mostly well predicted) branch lets the processor run
    /// ahead — measured 15–30% faster per packet.
    #[inline(always)]
    pub(super) fn holds(&self, value: u32) -> bool {
        (value & self.mask).wrapping_sub(self.lo) <= self.span
    }

    pub(super) fn targets(&mut self) -> [&mut u32; 2] {
        [&mut self.on_match, &mut self.on_miss]
    }
}
