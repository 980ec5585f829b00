//! Unsigned intervals: the verifier's abstraction of a scalar register.

use crate::ebpf::insn::op;
use crate::ebpf::interp;

/// All values `v` with `min <= v <= max` (unsigned 64-bit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Range {
    pub min: u64,
    pub max: u64,
}

pub const U32_MAX: u64 = u32::MAX as u64;

impl Range {
    pub const FULL: Range = Range {
        min: 0,
        max: u64::MAX,
    };
    pub const FULL32: Range = Range {
        min: 0,
        max: U32_MAX,
    };

    pub const fn constant(v: u64) -> Range {
        Range { min: v, max: v }
    }
    pub const fn new(min: u64, max: u64) -> Range {
        Range { min, max }
    }
    pub fn as_constant(self) -> Option<u64> {
        (self.min == self.max).then_some(self.min)
    }
    pub fn contains(self, other: Range) -> bool {
        self.min <= other.min && other.max <= self.max
    }
    /// The range of the low 32 bits.
    pub fn low32(self) -> Range {
        if self.max <= U32_MAX {
            self
        } else {
            Range::FULL32
        }
    }
    fn valid(min: u64, max: u64) -> Option<Range> {
        (min <= max).then_some(Range { min, max })
    }
}

/// The smallest all-ones mask covering `v`.
fn mask(v: u64) -> u64 {
    if v == 0 {
        0
    } else {
        u64::MAX >> v.leading_zeros()
    }
}

/// `a op b` over intervals; `wide` for 64-bit, else both inputs are already
/// narrowed to 32 bits and the result is too.
pub fn alu(operation: u8, a: Range, b: Range, wide: bool) -> Range {
    let full = if wide { Range::FULL } else { Range::FULL32 };
    let width = if wide { 64 } else { 32 };
    if let (Some(x), Some(y)) = (a.as_constant(), b.as_constant()) {
        let folded = if wide {
            interp_alu64(operation, x, y)
        } else {
            interp_alu32(operation, x as u32, y as u32).map(u64::from)
        };
        if let Some(v) = folded {
            return Range::constant(v);
        }
    }
    let result = match operation {
        op::MOV => Some(b),
        op::ADD => a
            .max
            .checked_add(b.max)
            .map(|max| Range::new(a.min + b.min, max)),
        op::SUB => (a.min >= b.max).then(|| Range::new(a.min - b.max, a.max - b.min)),
        op::MUL => a
            .max
            .checked_mul(b.max)
            .map(|max| Range::new(a.min * b.min, max)),
        op::DIV => Some(if b.min > 0 {
            Range::new(a.min / b.max, a.max / b.min)
        } else {
            Range::new(0, a.max)
        }),
        op::MOD => Some(if b.min > 0 {
            Range::new(0, a.max.min(b.max - 1))
        } else {
            Range::new(0, a.max)
        }),
        op::AND => Some(Range::new(0, a.max.min(b.max))),
        op::OR => Some(Range::new(a.min.max(b.min), mask(a.max.max(b.max)))),
        op::XOR => Some(Range::new(0, mask(a.max.max(b.max)))),
        op::LSH => match b.as_constant() {
            Some(s) if s < width && a.max.leading_zeros() as u64 >= s + (64 - width) => {
                Some(Range::new(a.min << s, a.max << s))
            }
            _ => None,
        },
        op::RSH => match b.as_constant() {
            Some(s) if s < width => Some(Range::new(a.min >> s, a.max >> s)),
            _ => Some(Range::new(0, a.max)),
        },
        op::ARSH => {
            let sign_clear = if wide {
                a.max <= i64::MAX as u64
            } else {
                a.max <= i32::MAX as u64
            };
            match b.as_constant() {
                Some(s) if s < width && sign_clear => Some(Range::new(a.min >> s, a.max >> s)),
                _ if sign_clear => Some(Range::new(0, a.max)),
                _ => None,
            }
        }
        _ => None,
    };
    match result {
        Some(r) if full.contains(r) => r,
        _ => full,
    }
}

/// Constant folding with the interpreter's own semantics, so the two can
/// never disagree.
fn interp_alu64(operation: u8, a: u64, b: u64) -> Option<u64> {
    interp::alu64(operation, a, b)
}

fn interp_alu32(operation: u8, a: u32, b: u32) -> Option<u32> {
    interp::alu32(operation, a, b)
}

/// Byte swap result range.
pub fn endian(a: Range, bits: i32) -> Range {
    match bits {
        16 => Range::new(0, 0xffff),
        32 => Range::FULL32,
        _ => {
            let _ = a;
            Range::FULL
        }
    }
}

/// What a conditional jump teaches about its operands: the refined ranges
/// on the taken and on the fall-through path, `None` where that path is
/// impossible. Both operands are given as compared (already narrowed to 32
/// bits for `JMP32`, where `narrow` says they were representable).
pub type Outcome = Option<(Range, Range)>;

pub fn branch(operation: u8, a: Range, b: Range, signed_ok: bool) -> (Outcome, Outcome) {
    match operation {
        op::JGT => gt(a, b),
        op::JGE => ge(a, b),
        op::JLT => swap(gt(b, a)),
        op::JLE => swap(ge(b, a)),
        op::JSGT if signed_ok => gt(a, b),
        op::JSGE if signed_ok => ge(a, b),
        op::JSLT if signed_ok => swap(gt(b, a)),
        op::JSLE if signed_ok => swap(ge(b, a)),
        op::JEQ => eq(a, b),
        op::JNE => {
            let (t, f) = eq(a, b);
            (f, t)
        }
        op::JSET => {
            if let (Some(x), Some(y)) = (a.as_constant(), b.as_constant()) {
                if x & y != 0 {
                    (Some((a, b)), None)
                } else {
                    (None, Some((a, b)))
                }
            } else if a.max == 0 || b.max == 0 {
                (None, Some((a, b)))
            } else {
                (Some((a, b)), Some((a, b)))
            }
        }
        _ => (Some((a, b)), Some((a, b))),
    }
}

fn swap((t, f): (Outcome, Outcome)) -> (Outcome, Outcome) {
    (t.map(|(x, y)| (y, x)), f.map(|(x, y)| (y, x)))
}

/// a > b
fn gt(a: Range, b: Range) -> (Outcome, Outcome) {
    let taken = if a.max > b.min {
        Some((
            Range::new(a.min.max(b.min + 1), a.max),
            Range::new(b.min, b.max.min(a.max - 1)),
        ))
    } else {
        None
    };
    let fall = both(
        Range::valid(a.min, a.max.min(b.max)),
        Range::valid(b.min.max(a.min), b.max),
    );
    (taken, fall)
}

/// a >= b
fn ge(a: Range, b: Range) -> (Outcome, Outcome) {
    let taken = both(
        Range::valid(a.min.max(b.min), a.max),
        Range::valid(b.min, b.max.min(a.max)),
    );
    let fall = if a.min < b.max {
        Some((
            Range::new(a.min, a.max.min(b.max - 1)),
            Range::new(b.min.max(a.min + 1), b.max),
        ))
    } else {
        None
    };
    (taken, fall)
}

fn eq(a: Range, b: Range) -> (Outcome, Outcome) {
    let meet = Range::valid(a.min.max(b.min), a.max.min(b.max));
    let taken = meet.map(|m| (m, m));
    let fall = match (a.as_constant(), b.as_constant()) {
        (Some(x), Some(y)) if x == y => None,
        (_, Some(c)) => Some((exclude(a, c), b)),
        (Some(c), _) => Some((a, exclude(b, c))),
        _ => Some((a, b)),
    };
    (taken, fall)
}

/// Shrink `r` by the constant `c` where it is an end point.
fn exclude(r: Range, c: u64) -> Range {
    if r.min == c && r.min < r.max {
        Range::new(c + 1, r.max)
    } else if r.max == c && r.min < r.max {
        Range::new(r.min, c - 1)
    } else {
        r
    }
}

fn both(a: Option<Range>, b: Option<Range>) -> Outcome {
    Some((a?, b?))
}
