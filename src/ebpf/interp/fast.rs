//! The fast interpreter: a verified program pre-decoded into [`Op`]s, with
//! the translation's idioms fused into single operations, so that a
//! classic filter costs about one dispatch per classic instruction.
//!
//! Fusion never changes what a program computes: it applies only to exact
//! instruction shapes, never across an instruction some jump lands on, and
//! only where the registers it relies on provably hold what the fused
//! operation assumes (R1 and R2 never written, so they are always the
//! packet start and end; R5 written only by the prologue `r5 = r2 - r1`,
//! so it is always the packet length). Everything else runs through the
//! reference interpreter's own per-instruction code.

use super::{alu32, condition, entry_registers, step_simple, Fault, Memory, PACKET_BASE};
use crate::ebpf::insn::{op, reg, Insn};
use crate::ebpf::verify::{self, VerifyError};
use peephole::{fuse_compares, fuse_jeq_pairs, specialise, thread_jumps};

mod peephole;

#[derive(Clone, Copy, Debug)]
enum Op {
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
    /// Specialised [`Op::LoadAbs`]: big-endian 1, 2 or 4 bytes, checked
    /// against `end` (0: no check).
    LdB {
        dst: u8,
        off: u32,
        end: u32,
        fail: u32,
    },
    LdH {
        dst: u8,
        off: u32,
        end: u32,
        fail: u32,
    },
    LdW {
        dst: u8,
        off: u32,
        end: u32,
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
    /// register with a constant that follows it (the classic `ld; jeq`).
    /// The comparison op stays in place, unreachable, to keep indices.
    LdCmp {
        dst: u8,
        size: u8,
        cond: u8,
        off: u32,
        end: u32,
        fail: u32,
        imm: u32,
        target: u32,
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
        end: u32,
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

/// A verified program, ready to interpret fast.
#[derive(Debug, Clone)]
pub struct Interpreter {
    ops: Vec<Op>,
    stack_depth: usize,
    /// Where execution starts: past the `r5 = r2; r5 -= r1` prologue when
    /// that is done at entry instead (see `length_at_entry`).
    entry: usize,
    /// The prologue's register, set to the packet length before the first
    /// op runs: two generic dispatches saved on every packet.
    length_at_entry: Option<u8>,
}

fn writes(insn: &Insn) -> Option<u8> {
    matches!(insn.class(), op::ALU | op::ALU64 | op::LDX).then_some(insn.dst())
}

impl Interpreter {
    /// Verify and pre-decode `program`.
    pub fn new(program: &[Insn]) -> Result<Interpreter, VerifyError> {
        let verified = verify::verify(program)?;
        let n = program.len();
        let mut targeted = vec![false; n + 1];
        for (pc, insn) in program.iter().enumerate() {
            if insn.is_jump() {
                targeted[(pc as i64 + 1 + insn.off as i64) as usize] = true;
            }
        }
        let written = |r: u8, except: &[usize]| {
            program
                .iter()
                .enumerate()
                .any(|(pc, insn)| writes(insn) == Some(r) && !except.contains(&pc))
        };
        let fixed_packet = !written(reg::R1, &[]) && !written(reg::R2, &[]);
        let length_prologue = n > 2
            && program[0] == Insn::mov64_reg(reg::R5, reg::R2)
            && program[1] == Insn::alu64_reg(op::SUB, reg::R5, reg::R1)
            && !written(reg::R5, &[0, 1]);
        let length_in_r5 = fixed_packet && length_prologue;
        let free =
            |from: usize, count: usize| (from + 1..from + count).all(|i| i < n && !targeted[i]);
        // A byte swap of `dst` at `at` (to network order, `bits` wide).
        let swap_at = |at: usize, dst: u8, size: u8| {
            size > 1 && at < n && !targeted[at] && program[at] == Insn::to_be(dst, size as i32 * 8)
        };

        // (op, original index of its first instruction, jump target as an
        // original index).
        let mut ops: Vec<(Op, usize)> = Vec::with_capacity(n);
        let mut start_of = vec![u32::MAX; n + 1];
        let mut pc = 0;
        while pc < n {
            start_of[pc] = ops.len() as u32;
            let insn = program[pc];
            let target = (pc as i64 + 1 + insn.off as i64) as u32;
            let (op_, used) = if let Some(fused) =
                fuse_load_abs(program, pc, length_in_r5, fixed_packet, &free, &swap_at)
            {
                fused
            } else if let Some(fused) = fuse_load_ind(program, pc, fixed_packet, &free, &swap_at) {
                fused
            } else if insn == Insn::mov32_imm(reg::R0, insn.imm)
                && pc + 1 < n
                && program[pc + 1].is_exit()
                && !targeted[pc + 1]
            {
                (
                    Op::Return {
                        value: insn.imm as u32,
                    },
                    2,
                )
            } else {
                (decode(insn, pc, target), 1)
            };
            ops.push((op_, pc));
            pc += used;
        }
        // Jump targets: original indices → op indices; then specialise.
        let ops = ops
            .into_iter()
            .map(|(o, _)| match o {
                Op::LoadAbs {
                    dst,
                    size,
                    be,
                    check,
                    off,
                    end,
                    fail,
                } => Op::LoadAbs {
                    dst,
                    size,
                    be,
                    check,
                    off,
                    end,
                    fail: start_of[fail as usize],
                },
                Op::LoadInd {
                    dst,
                    x,
                    ptr,
                    size,
                    be,
                    add,
                    fail,
                } => Op::LoadInd {
                    dst,
                    x,
                    ptr,
                    size,
                    be,
                    add,
                    fail: start_of[fail as usize],
                },
                Op::Jmp32Imm {
                    cond,
                    dst,
                    imm,
                    target,
                } => Op::Jmp32Imm {
                    cond,
                    dst,
                    imm,
                    target: start_of[target as usize],
                },
                Op::Jmp32Reg {
                    cond,
                    dst,
                    src,
                    target,
                } => Op::Jmp32Reg {
                    cond,
                    dst,
                    src,
                    target: start_of[target as usize],
                },
                Op::Jump { insn, target } => Op::Jump {
                    insn,
                    target: start_of[target as usize],
                },
                Op::Ja { target } => Op::Ja {
                    target: start_of[target as usize],
                },
                other => other,
            })
            .map(specialise)
            .collect();
        let ops = thread_jumps(fuse_jeq_pairs(fuse_compares(ops)));
        // Nothing jumps to 1 (only 0 precedes it, a `mov`), so running the
        // prologue at entry and starting at 2 is the same program. R1 and
        // R2 are never written, so `r2 - r1` is always the packet length.
        let (entry, length_at_entry) = if length_in_r5 && start_of[2] != u32::MAX {
            (start_of[2] as usize, Some(reg::R5))
        } else {
            (0, None)
        };
        Ok(Interpreter {
            ops,
            stack_depth: verified.stack_depth,
            entry,
            length_at_entry,
        })
    }

    /// Run on a packet; R0 at exit. A verified program cannot fault, so
    /// an error here would be a bug (callers treat it as verdict 0).
    #[inline]
    pub fn run(&self, data: &[u8], wire_len: u32) -> Result<u64, Fault> {
        if self.stack_depth == 0 {
            self.exec::<0>(data, wire_len)
        } else if self.stack_depth <= 64 {
            self.exec::<64>(data, wire_len)
        } else {
            self.exec::<{ crate::ebpf::insn::STACK_SIZE }>(data, wire_len)
        }
    }

    fn exec<const N: usize>(&self, data: &[u8], wire_len: u32) -> Result<u64, Fault> {
        let mut r = entry_registers(data, wire_len);
        let mut mem = Memory::<N>::new(data);
        let ops = &self.ops[..];
        let mut pc = self.entry;
        if let Some(length) = self.length_at_entry {
            r[length as usize] = data.len() as u64;
        }
        // Jumps go forward only (the program is verified), so each op runs
        // at most once and the loop ends.
        loop {
            let current = ops.get(pc).ok_or(Fault::OffTheEnd)?;
            pc += 1;
            match *current {
                Op::LdB {
                    dst,
                    off,
                    end,
                    fail,
                } => {
                    if data.len() < end as usize {
                        pc = fail as usize;
                        continue;
                    }
                    r[dst as usize] =
                        *data.get(off as usize).ok_or(Fault::OutOfBounds { pc })? as u64;
                }
                Op::LdH {
                    dst,
                    off,
                    end,
                    fail,
                } => {
                    if data.len() < end as usize {
                        pc = fail as usize;
                        continue;
                    }
                    let at = off as usize;
                    let bytes = data.get(at..at + 2).ok_or(Fault::OutOfBounds { pc })?;
                    r[dst as usize] = u16::from_be_bytes([bytes[0], bytes[1]]) as u64;
                }
                Op::LdW {
                    dst,
                    off,
                    end,
                    fail,
                } => {
                    if data.len() < end as usize {
                        pc = fail as usize;
                        continue;
                    }
                    let at = off as usize;
                    let bytes = data.get(at..at + 4).ok_or(Fault::OutOfBounds { pc })?;
                    r[dst as usize] =
                        u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as u64;
                }
                Op::LdCmp {
                    dst,
                    size,
                    cond,
                    off,
                    end,
                    fail,
                    imm,
                    target,
                } => {
                    if data.len() < end as usize {
                        pc = fail as usize;
                        continue;
                    }
                    let at = off as usize;
                    let value = match size {
                        1 => *data.get(at).ok_or(Fault::OutOfBounds { pc })? as u32,
                        2 => {
                            let b = data.get(at..at + 2).ok_or(Fault::OutOfBounds { pc })?;
                            u16::from_be_bytes([b[0], b[1]]) as u32
                        }
                        _ => {
                            let b = data.get(at..at + 4).ok_or(Fault::OutOfBounds { pc })?;
                            u32::from_be_bytes([b[0], b[1], b[2], b[3]])
                        }
                    };
                    r[dst as usize] = value as u64;
                    let taken = match cond {
                        op::JEQ => value == imm,
                        op::JNE => value != imm,
                        op::JGT => value > imm,
                        op::JGE => value >= imm,
                        _ => value & imm != 0,
                    };
                    // To the comparison's target, or past it.
                    pc = if taken { target as usize } else { pc + 1 };
                }
                Op::Jeq { dst, imm, target } => {
                    if r[dst as usize] as u32 == imm {
                        pc = target as usize;
                    }
                }
                Op::AndJeq {
                    dst,
                    mask,
                    imm,
                    target,
                } => {
                    let value = r[dst as usize] as u32 & mask;
                    r[dst as usize] = value as u64;
                    pc = if value == imm {
                        target as usize
                    } else {
                        pc + 1
                    };
                }
                Op::JeqPair {
                    dst,
                    first,
                    first_target,
                    second,
                    second_target,
                } => {
                    let value = r[dst as usize] as u32;
                    pc = if value == first {
                        first_target as usize
                    } else if value == second {
                        second_target as usize
                    } else {
                        pc + 1
                    };
                }
                Op::LdMsh {
                    dst,
                    off,
                    end,
                    fail,
                } => {
                    if data.len() < end as usize {
                        pc = fail as usize;
                        continue;
                    }
                    let byte = *data.get(off as usize).ok_or(Fault::OutOfBounds { pc })?;
                    r[dst as usize] = ((byte & 0xf) as u64) << 2;
                    pc += 2;
                }
                Op::Jne { dst, imm, target } => {
                    if r[dst as usize] as u32 != imm {
                        pc = target as usize;
                    }
                }
                Op::Jgt { dst, imm, target } => {
                    if r[dst as usize] as u32 > imm {
                        pc = target as usize;
                    }
                }
                Op::Jge { dst, imm, target } => {
                    if r[dst as usize] as u32 >= imm {
                        pc = target as usize;
                    }
                }
                Op::Jlt { dst, imm, target } => {
                    if (r[dst as usize] as u32) < imm {
                        pc = target as usize;
                    }
                }
                Op::Jle { dst, imm, target } => {
                    if r[dst as usize] as u32 <= imm {
                        pc = target as usize;
                    }
                }
                Op::Jset { dst, imm, target } => {
                    if r[dst as usize] as u32 & imm != 0 {
                        pc = target as usize;
                    }
                }
                Op::LoadAbs {
                    dst,
                    size,
                    be,
                    check,
                    off,
                    end,
                    fail,
                } => {
                    if check && (data.len() as u64) < end {
                        pc = fail as usize;
                        continue;
                    }
                    r[dst as usize] =
                        load(data, off as usize, size, be).ok_or(Fault::OutOfBounds { pc })?;
                }
                Op::LoadInd {
                    dst,
                    x,
                    ptr,
                    size,
                    be,
                    add,
                    fail,
                } => {
                    let p = PACKET_BASE.wrapping_add(r[x as usize]).wrapping_add(add);
                    r[ptr as usize] = p;
                    if p > PACKET_BASE + data.len() as u64 {
                        pc = fail as usize;
                        continue;
                    }
                    let at = p.wrapping_sub(size as u64).wrapping_sub(PACKET_BASE);
                    let at = usize::try_from(at).map_err(|_| Fault::OutOfBounds { pc })?;
                    r[dst as usize] = load(data, at, size, be).ok_or(Fault::OutOfBounds { pc })?;
                }
                Op::Jmp32Imm {
                    cond,
                    dst,
                    imm,
                    target,
                } => {
                    if condition(cond, r[dst as usize], imm as u64, false)
                        .ok_or(Fault::InvalidInstruction { pc })?
                    {
                        pc = target as usize;
                    }
                }
                Op::Jmp32Reg {
                    cond,
                    dst,
                    src,
                    target,
                } => {
                    if condition(cond, r[dst as usize], r[src as usize], false)
                        .ok_or(Fault::InvalidInstruction { pc })?
                    {
                        pc = target as usize;
                    }
                }
                Op::Jump { insn, target } => {
                    let b = if op::src(insn.code) == op::X {
                        r[insn.src() as usize]
                    } else {
                        insn.imm as i64 as u64
                    };
                    let wide = insn.class() == op::JMP;
                    if condition(op::opcode(insn.code), r[insn.dst() as usize], b, wide)
                        .ok_or(Fault::InvalidInstruction { pc })?
                    {
                        pc = target as usize;
                    }
                }
                Op::Ja { target } => pc = target as usize,
                Op::Return { value } => return Ok(value as u64),
                Op::Exit => return Ok(r[0]),
                Op::Mov32Imm { dst, imm } => r[dst as usize] = imm as u64,
                Op::Mov32Reg { dst, src } => r[dst as usize] = r[src as usize] as u32 as u64,
                Op::Alu32Imm {
                    operation,
                    dst,
                    imm,
                } => {
                    r[dst as usize] = alu32(operation, r[dst as usize] as u32, imm)
                        .ok_or(Fault::InvalidInstruction { pc })?
                        as u64;
                }
                Op::Alu32Reg {
                    operation,
                    dst,
                    src,
                } => {
                    let value = r[src as usize] as u32;
                    r[dst as usize] = alu32(operation, r[dst as usize] as u32, value)
                        .ok_or(Fault::InvalidInstruction { pc })?
                        as u64;
                }
                Op::Generic { insn, pc: at } => step_simple(&insn, &mut r, &mut mem, at as usize)?,
            }
        }
    }
}

#[inline(always)]
fn load(data: &[u8], at: usize, size: u8, be: bool) -> Option<u64> {
    let bytes = data.get(at..at.checked_add(size as usize)?)?;
    Some(match (size, be) {
        (1, _) => bytes[0] as u64,
        (2, false) => u16::from_ne_bytes(bytes.try_into().ok()?) as u64,
        (2, true) => u16::from_be_bytes(bytes.try_into().ok()?) as u64,
        (4, false) => u32::from_ne_bytes(bytes.try_into().ok()?) as u64,
        (4, true) => u32::from_be_bytes(bytes.try_into().ok()?) as u64,
        (_, false) => u64::from_ne_bytes(bytes.try_into().ok()?),
        (_, true) => u64::from_be_bytes(bytes.try_into().ok()?),
    })
}

/// `[if r5 < end goto fail;] dst = *(size *)(r1 + off) [; dst = be dst]`
fn fuse_load_abs(
    program: &[Insn],
    pc: usize,
    length_in_r5: bool,
    fixed_packet: bool,
    free: &dyn Fn(usize, usize) -> bool,
    swap_at: &dyn Fn(usize, u8, u8) -> bool,
) -> Option<(Op, usize)> {
    if !fixed_packet {
        return None;
    }
    let first = program[pc];
    let (check, end, fail, load_at) =
        if length_in_r5 && first.code == op::JMP | op::JLT | op::K && first.dst() == reg::R5 {
            (
                true,
                first.imm as i64 as u64,
                (pc as i64 + 1 + first.off as i64) as u32,
                pc + 1,
            )
        } else {
            (false, 0, 0, pc)
        };
    if check && !free(pc, 2) {
        return None;
    }
    let insn = *program.get(load_at)?;
    if op::class(insn.code) != op::LDX
        || op::mode(insn.code) != op::MEM
        || insn.src() != reg::R1
        || insn.off < 0
    {
        return None;
    }
    let size = op::size_bytes(insn.code);
    let be = swap_at(load_at + 1, insn.dst(), size);
    let used = (load_at - pc) + 1 + be as usize;
    Some((
        Op::LoadAbs {
            dst: insn.dst(),
            size,
            be,
            check,
            off: insn.off as u32,
            end,
            fail,
        },
        used,
    ))
}

/// `p = r1; p += x; p += add; if p > r2 goto fail; dst = *(size *)(p - size) [; be]`
fn fuse_load_ind(
    program: &[Insn],
    pc: usize,
    fixed_packet: bool,
    free: &dyn Fn(usize, usize) -> bool,
    swap_at: &dyn Fn(usize, u8, u8) -> bool,
) -> Option<(Op, usize)> {
    if !fixed_packet || !free(pc, 5) {
        return None;
    }
    let [mov, add_x, add_k, check, ld] = <[Insn; 5]>::try_from(program.get(pc..pc + 5)?).ok()?;
    let p = mov.dst();
    let x = add_x.src();
    let shapes = mov == Insn::mov64_reg(p, reg::R1)
        && add_x == Insn::alu64_reg(op::ADD, p, x)
        && x != p
        && add_k == Insn::alu64_imm(op::ADD, p, add_k.imm)
        && check == Insn::jmp_reg(op::JGT, p, reg::R2, check.off)
        && op::class(ld.code) == op::LDX
        && op::mode(ld.code) == op::MEM
        && ld.src() == p
        && ld.off == -(op::size_bytes(ld.code) as i16)
        && p != reg::R1
        && p != reg::R2;
    if !shapes {
        return None;
    }
    let size = op::size_bytes(ld.code);
    let be = swap_at(pc + 5, ld.dst(), size);
    Some((
        Op::LoadInd {
            dst: ld.dst(),
            x,
            ptr: p,
            size,
            be,
            add: add_k.imm as i64 as u64,
            fail: (pc as i64 + 4 + check.off as i64) as u32,
        },
        5 + be as usize,
    ))
}

fn decode(insn: Insn, pc: usize, target: u32) -> Op {
    let code = insn.code;
    let operation = op::opcode(code);
    let by_reg = op::src(code) == op::X;
    match op::class(code) {
        op::JMP if operation == op::EXIT => Op::Exit,
        op::JMP if operation == op::JA => Op::Ja { target },
        op::JMP32 if !by_reg => Op::Jmp32Imm {
            cond: operation,
            dst: insn.dst(),
            imm: insn.imm as u32,
            target,
        },
        op::JMP32 => Op::Jmp32Reg {
            cond: operation,
            dst: insn.dst(),
            src: insn.src(),
            target,
        },
        op::JMP => Op::Jump { insn, target },
        op::ALU if operation == op::MOV && !by_reg => Op::Mov32Imm {
            dst: insn.dst(),
            imm: insn.imm as u32,
        },
        op::ALU if operation == op::MOV => Op::Mov32Reg {
            dst: insn.dst(),
            src: insn.src(),
        },
        op::ALU if operation != op::END && !by_reg => Op::Alu32Imm {
            operation,
            dst: insn.dst(),
            imm: insn.imm as u32,
        },
        op::ALU if operation != op::END => Op::Alu32Reg {
            operation,
            dst: insn.dst(),
            src: insn.src(),
        },
        _ => Op::Generic {
            insn,
            pc: pc as u32,
        },
    }
}
