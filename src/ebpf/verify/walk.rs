//! Path-sensitive abstract interpretation of a structurally valid program.

use super::range::{self, Range, U32_MAX};
use super::state::{PacketPtr, State, Value};
use super::{Reason, Verified, VerifyError};
use crate::ebpf::insn::{op, reg, Insn, STACK_SIZE};

/// Largest packet-pointer offset tracked; far beyond any real packet, far
/// below anything that could wrap a 64-bit address.
const MAX_PACKET_OFF: i64 = 1 << 33;
/// States kept per pruning point.
const MAX_STATES_PER_INSN: usize = 64;

/// What one instruction does to a state.
enum Step {
    Next(State),
    Branch {
        taken: Option<State>,
        fall: Option<State>,
    },
    Exit,
}

type Check<T> = Result<T, Reason>;

/// Registers each instruction reads, and writes.
fn uses_defs(insn: &Insn) -> (u16, u16) {
    let (d, s) = (1u16 << insn.dst(), 1u16 << insn.src());
    let by_reg = op::src(insn.code) == op::X;
    match insn.class() {
        op::ALU | op::ALU64 => {
            let operation = op::opcode(insn.code);
            let src_use = if by_reg && operation != op::END && operation != op::NEG {
                s
            } else {
                0
            };
            let dst_use = if operation == op::MOV { 0 } else { d };
            (src_use | dst_use, d)
        }
        op::LDX => (s, d),
        op::ST => (d, 0),
        op::STX => (d | s, 0),
        _ if insn.is_exit() => (1, 0),
        _ if insn.code == op::JMP | op::JA => (0, 0),
        _ => (d | if by_reg { s } else { 0 }, 0),
    }
}

/// Registers live at the start of each instruction. Jumps only go
/// forward, so one backward sweep is the fixed point.
fn liveness(program: &[Insn]) -> Vec<u16> {
    let mut live = vec![0u16; program.len() + 1];
    for pc in (0..program.len()).rev() {
        let insn = &program[pc];
        let out = if insn.is_exit() {
            0
        } else if insn.is_jump() {
            let to = (pc as i64 + 1 + insn.off as i64) as usize;
            let fall = if insn.code == op::JMP | op::JA {
                0
            } else {
                live[pc + 1]
            };
            live[to] | fall
        } else {
            live[pc + 1]
        };
        let (uses, defs) = uses_defs(insn);
        live[pc] = uses | (out & !defs);
    }
    live.truncate(program.len());
    live
}

pub fn walk(program: &[Insn], limit: usize) -> Result<Verified, VerifyError> {
    let live = liveness(program);
    let mut prune_point = vec![false; program.len()];
    for (pc, insn) in program.iter().enumerate() {
        if insn.is_jump() {
            prune_point[(pc as i64 + 1 + insn.off as i64) as usize] = true;
        }
    }
    let mut explored: Vec<Vec<State>> = vec![Vec::new(); program.len()];
    let mut walker = Walker {
        next_id: 1,
        stack_depth: 0,
    };
    let mut pending = vec![(0usize, State::entry())];
    let mut processed = 0usize;
    while let Some((mut pc, mut state)) = pending.pop() {
        loop {
            if prune_point[pc] {
                state.forget_dead(live[pc]);
                if explored[pc].iter().any(|old| state.subsumed_by(old)) {
                    break;
                }
                if explored[pc].len() < MAX_STATES_PER_INSN {
                    explored[pc].push(state.clone());
                }
            }
            processed += 1;
            if processed > limit {
                return Err(VerifyError {
                    index: pc,
                    reason: Reason::TooComplex(processed),
                });
            }
            let insn = &program[pc];
            let step = walker
                .step(insn, state)
                .map_err(|reason| VerifyError { index: pc, reason })?;
            match step {
                Step::Next(s) => {
                    state = s;
                    pc += 1;
                }
                Step::Exit => break,
                Step::Branch { taken, fall } => {
                    let to = (pc as i64 + 1 + insn.off as i64) as usize;
                    match (taken, fall) {
                        (Some(t), Some(f)) => {
                            pending.push((to, t));
                            state = f;
                            pc += 1;
                        }
                        (Some(t), None) => {
                            state = t;
                            pc = to;
                        }
                        (None, Some(f)) => {
                            state = f;
                            pc += 1;
                        }
                        (None, None) => break,
                    }
                }
            }
        }
    }
    Ok(Verified {
        stack_depth: walker.stack_depth,
        processed,
    })
}

struct Walker {
    next_id: u32,
    stack_depth: usize,
}

/// The largest packet length a slice can have.
const MAX_PACKET_LEN: u64 = isize::MAX as u64;

/// A packet length used as a plain number.
fn plain(value: Value, state: &State) -> Value {
    match value {
        Value::PacketLen => Value::Scalar(Range::new(state.packet_range, MAX_PACKET_LEN)),
        v => v,
    }
}

fn read(state: &State, r: u8) -> Check<Value> {
    match state.regs[r as usize] {
        Value::Uninit => Err(Reason::UninitRegister(r)),
        v => Ok(v),
    }
}

fn op_name(operation: u8) -> &'static str {
    match operation {
        op::ADD => "+=",
        op::SUB => "-=",
        op::MUL => "*=",
        op::DIV => "/=",
        op::OR => "|=",
        op::AND => "&=",
        op::LSH => "<<=",
        op::RSH => ">>=",
        op::NEG => "neg",
        op::MOD => "%=",
        op::XOR => "^=",
        op::ARSH => "s>>=",
        op::END => "endian",
        _ => "?",
    }
}

impl Walker {
    fn fresh_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    fn step(&mut self, insn: &Insn, mut state: State) -> Check<Step> {
        let (dst, src) = (insn.dst(), insn.src());
        let code = insn.code;
        match insn.class() {
            class @ (op::ALU | op::ALU64) => {
                let value = self.alu(insn, &state, class == op::ALU64)?;
                state.regs[dst as usize] = value;
                Ok(Step::Next(state))
            }
            op::LDX => {
                let size = op::size_bytes(code);
                let ptr = read(&state, src)?;
                self.check_access(&state, src, ptr, insn.off, size, false)?;
                state.regs[dst as usize] = Value::Scalar(match size {
                    8 => Range::FULL,
                    n => Range::new(0, (1u64 << (8 * n as u32)) - 1),
                });
                Ok(Step::Next(state))
            }
            class @ (op::ST | op::STX) => {
                let size = op::size_bytes(code);
                let ptr = read(&state, dst)?;
                if class == op::STX {
                    match read(&state, src)? {
                        Value::Scalar(_) | Value::PacketLen => {}
                        _ => return Err(Reason::PointerSpill(src)),
                    }
                }
                let at = self.check_access(&state, dst, ptr, insn.off, size, true)?;
                state.mark_stack_init(at, size as i64);
                Ok(Step::Next(state))
            }
            _ if insn.is_exit() => match read(&state, reg::R0)? {
                Value::Scalar(_) | Value::PacketLen => Ok(Step::Exit),
                _ => Err(Reason::PointerReturn),
            },
            _ if code == op::JMP | op::JA => Ok(Step::Branch {
                taken: Some(state),
                fall: None,
            }),
            class => self.conditional(insn, state, class == op::JMP),
        }
    }

    /// Check a load (or store) of `size` bytes at `ptr + off`; returns the
    /// stack offset for stack accesses.
    fn check_access(
        &mut self,
        state: &State,
        r: u8,
        ptr: Value,
        off: i16,
        size: u8,
        store: bool,
    ) -> Check<i64> {
        match ptr {
            Value::Stack(base) => {
                let at = base + off as i64;
                if at < -(STACK_SIZE as i64) || at + size as i64 > 0 {
                    return Err(Reason::StackOutOfBounds { off: at, size });
                }
                if !store && !state.stack_is_init(at, size as i64) {
                    return Err(Reason::UninitStack { off: at, size });
                }
                self.stack_depth = self.stack_depth.max((-at) as usize);
                Ok(at)
            }
            Value::Packet(p) => {
                if store {
                    return Err(Reason::PacketWrite);
                }
                let (off64, size64) = (off as i64, size as i64);
                let above_start = p.lo + off64 >= 0;
                let by_range = p.hi + off64 + size64 <= state.packet_range as i64;
                let by_end = p.below_end && off64 + size64 <= 0;
                if above_start && (by_range || by_end) {
                    Ok(0)
                } else {
                    Err(Reason::PacketOutOfBounds {
                        reg: r,
                        off,
                        size,
                        lo: p.lo,
                        hi: p.hi,
                        range: state.packet_range,
                        end: if p.below_end { ",<=end" } else { "" },
                    })
                }
            }
            other => Err(Reason::InvalidMemAccess {
                reg: r,
                kind: other.kind(),
            }),
        }
    }

    fn alu(&mut self, insn: &Insn, state: &State, wide: bool) -> Check<Value> {
        let (dst, src) = (insn.dst(), insn.src());
        let operation = op::opcode(insn.code);
        let by_reg = op::src(insn.code) == op::X;
        let b = if by_reg {
            read(state, src)?
        } else if wide {
            Value::Scalar(Range::constant(insn.imm as i64 as u64))
        } else {
            Value::Scalar(Range::constant(insn.imm as u32 as u64))
        };
        if operation == op::MOV {
            if wide {
                return Ok(b);
            }
            return match plain(b, state) {
                Value::Scalar(r) if !wide => Ok(Value::Scalar(r.low32())),
                _ if !wide => Err(Reason::PointerArithmetic32(src)),
                v => Ok(v),
            };
        }
        let a = read(state, dst)?;
        if let (true, op::SUB, Value::PacketEnd, Value::Packet(p)) = (wide, operation, a, b) {
            if p.lo == 0 && p.hi == 0 {
                return Ok(Value::PacketLen);
            }
        }
        let (a, b) = (plain(a, state), plain(b, state));
        if operation == op::END {
            return match a {
                Value::Scalar(r) => Ok(Value::Scalar(range::endian(r, insn.imm))),
                _ => Err(Reason::PointerArithmetic {
                    reg: dst,
                    op: "endian",
                }),
            };
        }
        match (a, b) {
            (Value::Scalar(x), Value::Scalar(y)) => Ok(Value::Scalar(if wide {
                range::alu(operation, x, y, true)
            } else {
                range::alu(operation, x.low32(), y.low32(), false)
            })),
            _ if !wide => {
                let r = if matches!(a, Value::Scalar(_)) {
                    src
                } else {
                    dst
                };
                Err(Reason::PointerArithmetic32(r))
            }
            (Value::Packet(p), Value::Scalar(y)) if matches!(operation, op::ADD | op::SUB) => {
                self.move_packet_ptr(dst, p, y, operation == op::SUB)
            }
            (Value::Scalar(x), Value::Packet(p)) if operation == op::ADD => {
                self.move_packet_ptr(dst, p, x, false)
            }
            (Value::Stack(base), Value::Scalar(y)) if matches!(operation, op::ADD | op::SUB) => {
                let Some(c) = y.as_constant() else {
                    return Err(Reason::PointerArithmetic {
                        reg: dst,
                        op: "variable offset",
                    });
                };
                let delta = if operation == op::SUB {
                    (c as i64).wrapping_neg()
                } else {
                    c as i64
                };
                let at = base
                    .checked_add(delta)
                    .filter(|at| at.abs() <= MAX_PACKET_OFF);
                at.map(Value::Stack).ok_or(Reason::PointerOffsetRange(dst))
            }
            (Value::Packet(_) | Value::PacketEnd, Value::Packet(_) | Value::PacketEnd)
                if operation == op::SUB =>
            {
                Ok(Value::Scalar(Range::FULL))
            }
            _ => {
                let r = if matches!(a, Value::Scalar(_)) {
                    src
                } else {
                    dst
                };
                Err(Reason::PointerArithmetic {
                    reg: r,
                    op: op_name(operation),
                })
            }
        }
    }

    /// `p ± y` for a packet pointer and a scalar.
    fn move_packet_ptr(&mut self, dst: u8, p: PacketPtr, y: Range, subtract: bool) -> Check<Value> {
        let out_of_range = Reason::PointerOffsetRange(dst);
        let (lo_delta, hi_delta) = match y.as_constant() {
            // A constant may be a negative immediate: use two's complement.
            Some(c) => (c as i64, c as i64),
            None if y.max <= MAX_PACKET_OFF as u64 => (y.min as i64, y.max as i64),
            None => return Err(out_of_range),
        };
        let (lo, hi) = if subtract {
            (p.lo.checked_sub(hi_delta), p.hi.checked_sub(lo_delta))
        } else {
            (p.lo.checked_add(lo_delta), p.hi.checked_add(hi_delta))
        };
        let (Some(lo), Some(hi)) = (lo, hi) else {
            return Err(out_of_range);
        };
        if lo < -MAX_PACKET_OFF || hi > MAX_PACKET_OFF {
            return Err(out_of_range);
        }
        let id = if lo == hi { 0 } else { self.fresh_id() };
        Ok(Value::Packet(PacketPtr {
            lo,
            hi,
            id,
            below_end: false,
        }))
    }

    fn conditional(&mut self, insn: &Insn, state: State, wide: bool) -> Check<Step> {
        let (dst, src) = (insn.dst(), insn.src());
        let operation = op::opcode(insn.code);
        let by_reg = op::src(insn.code) == op::X;
        let a = read(&state, dst)?;
        let b = if by_reg {
            read(&state, src)?
        } else if wide {
            Value::Scalar(Range::constant(insn.imm as i64 as u64))
        } else {
            Value::Scalar(Range::constant(insn.imm as u32 as u64))
        };
        if a == Value::PacketLen || b == Value::PacketLen {
            return Ok(length_branch(state, operation, a, b, wide));
        }
        match (a, b) {
            (Value::Scalar(x), Value::Scalar(y)) => {
                Ok(scalar_branch(state, insn, operation, x, y, wide, by_reg))
            }
            (Value::Packet(p), Value::PacketEnd) if wide => {
                packet_branch(state, operation, p, false, dst)
            }
            (Value::PacketEnd, Value::Packet(p)) if wide => {
                packet_branch(state, operation, p, true, src)
            }
            (Value::Packet(_) | Value::PacketEnd, Value::Packet(_) | Value::PacketEnd)
                if wide
                    && matches!(
                        operation,
                        op::JEQ | op::JNE | op::JGT | op::JGE | op::JLT | op::JLE
                    ) =>
            {
                Ok(Step::Branch {
                    taken: Some(state.clone()),
                    fall: Some(state),
                })
            }
            _ => Err(Reason::PointerComparison(
                if matches!(a, Value::Scalar(_)) {
                    src
                } else {
                    dst
                },
            )),
        }
    }
}

fn scalar_branch(
    state: State,
    insn: &Insn,
    operation: u8,
    x: Range,
    y: Range,
    wide: bool,
    by_reg: bool,
) -> Step {
    // Only compare what is representable exactly: in 32-bit mode both
    // operands must already fit 32 bits for a refinement to be sound.
    let fits = wide || (x.max <= U32_MAX && y.max <= U32_MAX);
    if !fits {
        return Step::Branch {
            taken: Some(state.clone()),
            fall: Some(state),
        };
    }
    let sign_limit = if wide {
        i64::MAX as u64
    } else {
        i32::MAX as u64
    };
    let signed_ok = x.max <= sign_limit && y.max <= sign_limit;
    let (taken, fall) = range::branch(operation, x, y, signed_ok);
    let apply = |outcome: range::Outcome| {
        outcome.map(|(nx, ny)| {
            let mut s = state.clone();
            s.regs[insn.dst() as usize] = Value::Scalar(nx);
            if by_reg {
                s.regs[insn.src() as usize] = Value::Scalar(ny);
            }
            s
        })
    };
    Step::Branch {
        taken: apply(taken),
        fall: apply(fall),
    }
}

/// A comparison involving the packet length: `len op constant` (64-bit,
/// unsigned) proves packet bytes on one side; anything else proves nothing
/// and refines nothing (the length register keeps its identity).
fn length_branch(state: State, operation: u8, a: Value, b: Value, wide: bool) -> Step {
    let mut taken = state.clone();
    let mut fall = state;
    if let (true, Value::PacketLen, Value::Scalar(c)) = (wide, a, b) {
        if let Some(c) = c.as_constant() {
            // (learned when taken, learned when not): len >= n.
            let (on_taken, on_fall) = match operation {
                op::JGE => (Some(c), None),
                op::JGT => (c.checked_add(1), None),
                op::JLT => (None, Some(c)),
                op::JLE => (None, c.checked_add(1)),
                _ => (None, None),
            };
            // A length beyond any slice: that side cannot happen.
            let impossible = |n: Option<u64>| n.is_some_and(|n| n > MAX_PACKET_LEN);
            if impossible(on_taken) {
                return Step::Branch {
                    taken: None,
                    fall: Some(fall),
                };
            }
            if impossible(on_fall) {
                return Step::Branch {
                    taken: Some(taken),
                    fall: None,
                };
            }
            if let Some(n) = on_taken {
                taken.packet_range = taken.packet_range.max(n);
            }
            if let Some(n) = on_fall {
                fall.packet_range = fall.packet_range.max(n);
            }
        }
    }
    Step::Branch {
        taken: Some(taken),
        fall: Some(fall),
    }
}

/// Comparison of packet pointer `p` (in register `r`) with the packet end;
/// `end_first` when written `end op p`.
fn packet_branch(state: State, operation: u8, p: PacketPtr, end_first: bool, r: u8) -> Check<Step> {
    // Normalise to `p op end`.
    let operation = if end_first {
        match operation {
            op::JGT => op::JLT,
            op::JGE => op::JLE,
            op::JLT => op::JGT,
            op::JLE => op::JGE,
            other => other,
        }
    } else {
        operation
    };
    // (what the taken path learns, what the fall-through path learns):
    // Some(strict) = "p < end" if strict, "p <= end" otherwise.
    let (on_taken, on_fall) = match operation {
        op::JGT => (None, Some(false)),
        op::JGE => (None, Some(true)),
        op::JLT => (Some(true), None),
        op::JLE => (Some(false), None),
        op::JEQ | op::JNE => (None, None),
        _ => return Err(Reason::PointerComparison(r)),
    };
    let learn = |knowledge: Option<bool>| {
        let mut s = state.clone();
        if let Some(strict) = knowledge {
            let proven = (p.lo + strict as i64).max(0) as u64;
            s.packet_range = s.packet_range.max(proven);
            for value in s.regs.iter_mut() {
                if let Value::Packet(q) = value {
                    let same = if p.id == 0 {
                        q.id == 0 && q.lo == p.lo
                    } else {
                        q.id == p.id
                    };
                    if same {
                        q.below_end = true;
                    }
                }
            }
        }
        s
    };
    Ok(Step::Branch {
        taken: Some(learn(on_taken)),
        fall: Some(learn(on_fall)),
    })
}
