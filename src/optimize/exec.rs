//! Symbolic execution of one instruction: which register it sets to which
//! value, whether that changes anything, and the cheaper equivalent
//! instruction when the operands are known.

use super::value::{State, VId, Val, Values, REG_A, REG_X};
use crate::cbpf::{op, Insn};

/// Absolute offsets below this are ordinary packet offsets everywhere
/// (Linux gives meaning to "negative" ones: `SKF_NET_OFF`, `SKF_AD_OFF`).
pub const MAX_PLAIN_OFFSET: u32 = 0x1000_0000;

/// The outcome of running one statement symbolically.
pub struct Step {
    /// The instruction to keep in its place (possibly a cheaper form).
    pub insn: Insn,
    /// The register it writes already held that value: drop it.
    pub redundant: bool,
    /// It can abort the filter (a load past the end, division by zero).
    pub can_fail: bool,
}

/// Bit of a register in a liveness set: `M[i]` is bit i, A 16, X 17.
pub const fn reg_bit(r: usize) -> u32 {
    1 << r
}

/// Registers an instruction reads and writes, as `reg_bit` sets.
pub fn uses_defs(insn: &Insn) -> (u32, u32) {
    let a = reg_bit(REG_A);
    let x = reg_bit(REG_X);
    let mem = |k: u32| {
        if k < op::MEMWORDS {
            reg_bit(k as usize)
        } else {
            0
        }
    };
    let code = insn.code;
    match op::class(code) {
        op::LD => match op::mode(code) {
            op::IND => (x, a),
            op::MEM => (mem(insn.k), a),
            _ => (0, a),
        },
        op::LDX => match op::mode(code) {
            op::MEM => (mem(insn.k), x),
            _ => (0, x),
        },
        op::ST => (a, mem(insn.k)),
        op::STX => (x, mem(insn.k)),
        op::ALU => {
            if op::alu_op(code) == op::NEG || op::src(code) == op::K {
                (a, a)
            } else {
                (a | x, a)
            }
        }
        op::MISC => {
            if op::miscop(code) == op::TXA {
                (x, a)
            } else {
                (a, x)
            }
        }
        _ => (0, 0),
    }
}

fn load_size(code: u16) -> u32 {
    match op::size(code) {
        op::W => 4,
        op::H => 2,
        _ => 1,
    }
}

/// Can this instruction abort the filter when the packet is known to be at
/// least `min_len` bytes long? (Used where the register it writes is dead:
/// such an instruction may only go if it cannot fail.)
pub fn can_fail(insn: &Insn, min_len: u32) -> bool {
    let code = insn.code;
    let class = op::class(code);
    match class {
        op::LD | op::LDX => match op::mode(code) {
            op::ABS if class == op::LD => insn
                .k
                .checked_add(load_size(code))
                .is_none_or(|end| end > min_len),
            op::IND => true,
            op::MSH => insn.k.checked_add(1).is_none_or(|end| end > min_len),
            op::IMM | op::MEM | op::LEN => false,
            _ => true,
        },
        op::ALU => match op::alu_op(code) {
            op::DIV | op::MOD => op::src(code) == op::X || insn.k == 0,
            _ => false,
        },
        op::ST | op::STX | op::MISC => false,
        _ => true,
    }
}

/// The packet length known after `insn` succeeded.
pub fn min_len_after(insn: &Insn, min_len: u32) -> u32 {
    let code = insn.code;
    let end = match (op::class(code), op::mode(code)) {
        (op::LD, op::ABS | op::IND) => insn.k.checked_add(load_size(code)),
        (op::LDX, op::MSH) => insn.k.checked_add(1),
        _ => None,
    };
    // Linux's ancillary "offsets" (SKF_AD_OFF and up) read metadata, not
    // the packet: they prove nothing about its length.
    match end {
        Some(e) if insn.k < op::SKF_AD_OFF => e.max(min_len),
        _ => min_len,
    }
}

/// What earlier loads have proven about the packet on every path: it is at
/// least `len` bytes long, and `[x + 0 .. x + ind)` lies inside it for the
/// value X holds now (X-relative loads since X was last written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proven {
    pub len: u32,
    pub ind: u32,
}

impl Proven {
    pub fn after(self, insn: &Insn) -> Proven {
        let len = min_len_after(insn, self.len);
        let (_, defs) = uses_defs(insn);
        let ind = if defs & reg_bit(REG_X) != 0 {
            0
        } else if op::class(insn.code) == op::LD
            && op::mode(insn.code) == op::IND
            && insn.k < op::SKF_AD_OFF
        {
            self.ind.max(min_len_after(insn, 0))
        } else {
            self.ind
        };
        Proven { len, ind }
    }

    pub fn meet(self, other: Proven) -> Proven {
        Proven {
            len: self.len.min(other.len),
            ind: self.ind.min(other.ind),
        }
    }

    /// Can `insn` abort the filter here?
    pub fn can_fail(self, insn: &Insn) -> bool {
        if op::class(insn.code) == op::LD && op::mode(insn.code) == op::IND {
            return min_len_after(insn, 0) > self.ind || insn.k >= op::SKF_AD_OFF;
        }
        can_fail(insn, self.len)
    }
}

/// Run `insn` on `state`.
pub fn step(state: &mut State, values: &mut Values, insn: &Insn) -> Step {
    let code = insn.code;
    let mut out = *insn;
    let before = state.proven;
    let (dest, value) = match op::class(code) {
        op::LD | op::LDX => {
            let dest = if op::class(code) == op::LD {
                REG_A
            } else {
                REG_X
            };
            let size = load_size(code);
            let v = match op::mode(code) {
                op::IMM => values.konst(insn.k),
                op::LEN => values.intern(Val::Len),
                op::MEM if insn.k < op::MEMWORDS => {
                    let v = state.regs[insn.k as usize];
                    let other = if dest == REG_A { REG_X } else { REG_A };
                    if let Some(c) = state.constant(values, v) {
                        out = Insn::stmt(op::class(code) | op::IMM, c);
                    } else if state.canon(values, state.regs[other]) == state.canon(values, v) {
                        // The other register holds it: a copy frees the slot.
                        out =
                            Insn::stmt(op::MISC | if dest == REG_A { op::TXA } else { op::TAX }, 0);
                    }
                    v
                }
                op::ABS if dest == REG_A => values.intern(Val::Load {
                    size: size as u8,
                    index: None,
                    off: insn.k,
                }),
                op::IND if dest == REG_A => {
                    let xv = state.canon(values, state.regs[REG_X]);
                    // Only plain packet offsets: huge sums would turn into the
                    // kernel's special negative/ancillary offsets.
                    match values
                        .as_const(xv)
                        .and_then(|c| c.checked_add(insn.k))
                        .filter(|&o| o < MAX_PLAIN_OFFSET)
                    {
                        Some(off) => {
                            out = Insn::stmt(op::LD | op::size(code) | op::ABS, off);
                            values.intern(Val::Load {
                                size: size as u8,
                                index: None,
                                off,
                            })
                        }
                        None => values.intern(Val::Load {
                            size: size as u8,
                            index: Some(xv),
                            off: insn.k,
                        }),
                    }
                }
                op::MSH if dest == REG_X => values.intern(Val::Msh(insn.k)),
                _ => {
                    return Step {
                        insn: out,
                        redundant: false,
                        can_fail: true,
                    }
                }
            };
            (dest, v)
        }
        op::ST | op::STX => {
            if insn.k >= op::MEMWORDS {
                return Step {
                    insn: out,
                    redundant: false,
                    can_fail: true,
                };
            }
            let src = if op::class(code) == op::ST {
                REG_A
            } else {
                REG_X
            };
            (insn.k as usize, state.regs[src])
        }
        op::ALU => {
            let a = state.canon(values, state.regs[REG_A]);
            let alu_op = op::alu_op(code);
            let v = if alu_op == op::NEG {
                match values.as_const(a) {
                    Some(c) => values.konst(c.wrapping_neg()),
                    None => values.intern(Val::Neg(a)),
                }
            } else {
                let b = if op::src(code) == op::X {
                    let xv = state.canon(values, state.regs[REG_X]);
                    if let Some(c) = values.as_const(xv) {
                        // A known X: use the immediate form (but keep the
                        // run-time division by zero, which aborts, and
                        // shifts by 32 or more, which the verifiers refuse
                        // as immediates: `lsh x` gives 0 in every engine).
                        let zero_divisor = c == 0 && matches!(alu_op, op::DIV | op::MOD);
                        let wide_shift = c > 31 && matches!(alu_op, op::LSH | op::RSH);
                        if !zero_divisor && !wide_shift {
                            out = Insn::stmt(op::ALU | alu_op | op::K, c);
                        }
                    }
                    xv
                } else {
                    values.konst(insn.k)
                };
                values.alu(alu_op, a, b)
            };
            (REG_A, v)
        }
        op::MISC => {
            if op::miscop(code) == op::TXA {
                (REG_A, state.regs[REG_X])
            } else {
                (REG_X, state.regs[REG_A])
            }
        }
        _ => {
            return Step {
                insn: out,
                redundant: false,
                can_fail: true,
            }
        }
    };
    let new = state.canon(values, value);
    let old = state.canon(values, state.regs[dest]);
    // Equal values mean the same computation already succeeded on every
    // path here (facts only come from values that were computed), so even
    // a load or a division is safe to drop.
    let redundant = new == old;
    // A computation whose result is a known constant becomes a constant
    // load, which frees the registers it read.
    // Folding never folds a failing operation, and a fact about a value
    // means it was computed without failing on every path here.
    if !redundant {
        if let Some(c) = values.as_const(new) {
            // (A load known to equal a constant was already executed on
            // every path: facts only come from tests of computed values.)
            match dest {
                REG_A => out = Insn::stmt(op::LD | op::IMM, c),
                REG_X => out = Insn::stmt(op::LDX | op::IMM, c),
                _ => {}
            }
        }
    }
    state.proven = state.proven.after(&out);
    state.regs[dest] = value;
    Step {
        insn: out,
        redundant,
        can_fail: before.can_fail(&out),
    }
}

/// The value a jump compares A with (its `k`, or X's value), and the jump in
/// immediate form when X is a known constant.
pub fn branch_operand(
    state: &State,
    values: &mut Values,
    code: u16,
    k: u32,
) -> (u16, Option<u32>, VId) {
    if op::src(code) == op::X {
        let xv = state.canon(values, state.regs[REG_X]);
        match values.as_const(xv) {
            Some(c) => (op::JMP | op::jmp_op(code) | op::K, Some(c), xv),
            None => (code, None, xv),
        }
    } else {
        let kv = values.konst(k);
        (code, Some(k), kv)
    }
}
