//! The abstract machine state the verifier carries along each path.

use super::range::Range;
use crate::ebpf::insn::{reg, STACK_SIZE};

/// A packet pointer: packet start + `v`, for an unknown `v` in `[lo, hi]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PacketPtr {
    pub lo: i64,
    pub hi: i64,
    /// Copies of one variable-offset pointer share an id (0: constant
    /// offset), so that a bounds check on one proves all of them.
    pub id: u32,
    /// A dominating comparison proved this pointer `<= packet end`.
    pub below_end: bool,
}

/// What a register holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Value {
    Uninit,
    Scalar(Range),
    Packet(PacketPtr),
    PacketEnd,
    /// R10 + offset.
    Stack(i64),
    /// Exactly packet end - packet start: a scalar whose comparisons with
    /// constants prove packet bytes present.
    PacketLen,
}

impl Value {
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Uninit => "uninit",
            Value::Scalar(_) => "scalar",
            Value::Packet(_) => "pkt",
            Value::PacketEnd => "pkt_end",
            Value::Stack(_) => "fp",
            Value::PacketLen => "scalar",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct State {
    pub regs: [Value; reg::COUNT],
    /// One bit per stack byte (index 0 = R10 - 512): initialised.
    pub stack_init: [u64; STACK_SIZE / 64],
    /// Packet start + `packet_range` <= packet end is proven.
    pub packet_range: u64,
}

impl State {
    /// The state at entry: R1 = packet start, R2 = packet end, R3 = length
    /// on the wire, R10 = frame pointer; everything else unset.
    pub fn entry() -> State {
        let mut regs = [Value::Uninit; reg::COUNT];
        regs[1] = Value::Packet(PacketPtr {
            lo: 0,
            hi: 0,
            id: 0,
            below_end: true,
        });
        regs[2] = Value::PacketEnd;
        regs[3] = Value::Scalar(Range::FULL32);
        regs[10] = Value::Stack(0);
        State {
            regs,
            stack_init: [0; STACK_SIZE / 64],
            packet_range: 0,
        }
    }

    /// Stack byte index of R10 + `off`.
    fn byte(off: i64) -> usize {
        (off + STACK_SIZE as i64) as usize
    }

    pub fn stack_is_init(&self, off: i64, size: i64) -> bool {
        (off..off + size).all(|o| {
            let b = Self::byte(o);
            self.stack_init[b / 64] & (1 << (b % 64)) != 0
        })
    }

    pub fn mark_stack_init(&mut self, off: i64, size: i64) {
        for o in off..off + size {
            let b = Self::byte(o);
            self.stack_init[b / 64] |= 1 << (b % 64);
        }
    }

    /// True if every concrete execution from `self` is also one from `old`
    /// — so if `old` was verified safe from this instruction on, `self` is
    /// too and need not be explored again.
    pub fn subsumed_by(&self, old: &State) -> bool {
        if old.packet_range > self.packet_range {
            return false;
        }
        for (cur, was) in self.stack_init.iter().zip(&old.stack_init) {
            // Bytes initialised in `old` must be initialised now.
            if was & !cur != 0 {
                return false;
            }
        }
        let regs_ok = self
            .regs
            .iter()
            .zip(&old.regs)
            .all(|(cur, was)| match (was, cur) {
                // The old path passed without ever reading it.
                (Value::Uninit, _) => true,
                (Value::Scalar(w), Value::Scalar(c)) => w.contains(*c),
                (Value::Packet(w), Value::Packet(c)) => {
                    w.lo == c.lo
                        && w.hi == c.hi
                        && (!w.below_end || c.below_end)
                        && (w.id == 0) == (c.id == 0)
                }
                (w, c) => w == c,
            });
        // Registers known equal in `old` (same pointer id) must be equal now.
        regs_ok
            && (0..reg::COUNT).all(|i| {
                (i + 1..reg::COUNT).all(|j| match (old.regs[i], old.regs[j]) {
                    (Value::Packet(a), Value::Packet(b)) if a.id != 0 && a.id == b.id => {
                        matches!((self.regs[i], self.regs[j]),
                            (Value::Packet(x), Value::Packet(y)) if x.id == y.id)
                    }
                    _ => true,
                })
            })
    }

    /// Forget registers that are dead here (`live`: bit per register), so
    /// that states differing only in leftovers compare equal.
    pub fn forget_dead(&mut self, live: u16) {
        for (r, value) in self.regs.iter_mut().enumerate() {
            if live & (1 << r) == 0 && r != reg::R10 as usize {
                *value = Value::Uninit;
            }
        }
    }
}
