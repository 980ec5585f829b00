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

use super::{
    alu32, condition, entry_registers, ix, step_simple, Fault, Memory, Registers, PACKET_BASE,
};
use crate::ebpf::insn::{op, reg, Insn};
use crate::ebpf::verify::{self, VerifyError};
use crate::ebpf::BatchPacket;
use peephole::{fuse_compares, fuse_jeq_pairs, jump_targets, specialise, thread_jumps};

mod decode;
mod ops;
mod peephole;

use decode::{decode, fuse_load_abs, fuse_load_ind};
use ops::{Op, Test, UNCHECKED};

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
    /// Registers set to constants at entry: the last `presets` pairs.
    preset: [(u8, u32); PRESETS],
    presets: usize,
}

/// How many leading `mov` ops [`Interpreter::new`] folds into the entry.
const PRESETS: usize = 2;

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
        let (mut entry, length_at_entry) = if length_in_r5 && start_of[2] != u32::MAX {
            (start_of[2] as usize, Some(reg::R5))
        } else {
            (0, None)
        };
        // Constants moved into registers first thing (the translation's
        // `w7 = 0`, classic X's initial value) are set with the entry
        // registers instead of costing a dispatch each.
        let targeted = jump_targets(&ops);
        let mut moves = Vec::with_capacity(PRESETS);
        while moves.len() < PRESETS {
            match ops.get(entry) {
                Some(&Op::Mov32Imm { dst, imm }) if !targeted[entry] => {
                    moves.push((dst, imm));
                    entry += 1;
                }
                _ => break,
            }
        }
        // The moves fill the last slots, in program order.
        let mut preset = [(reg::R0, 0u32); PRESETS];
        preset[PRESETS - moves.len()..].copy_from_slice(&moves);
        let presets = moves.len();
        Ok(Interpreter {
            ops,
            stack_depth: verified.stack_depth,
            entry,
            length_at_entry,
            preset,
            presets,
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

    /// Run on many packets: `verdicts[i]` gets packet `i`'s verdict (R0 as
    /// `u32`, 0 in the impossible case of a fault), for as many packets as
    /// both slices hold.
    pub fn run_batch(&self, packets: &[BatchPacket<'_>], verdicts: &mut [u32]) {
        if self.stack_depth == 0 {
            self.exec_batch::<0>(packets, verdicts)
        } else if self.stack_depth <= 64 {
            self.exec_batch::<64>(packets, verdicts)
        } else {
            self.exec_batch::<{ crate::ebpf::insn::STACK_SIZE }>(packets, verdicts)
        }
    }

    fn exec<const N: usize>(&self, data: &[u8], wire_len: u32) -> Result<u64, Fault> {
        let mut r = entry_registers(data, wire_len);
        let mut mem = Memory::<N>::new(data);
        self.execute(&mut r, &mut mem, wire_len)
    }

    /// The registers and the stack are set up once for the whole batch:
    /// per packet only the entry registers are set. Whatever else the
    /// previous packet left behind is never read, because the verifier
    /// proved that no register or stack slot is read before it is written;
    /// and it is initialised memory all the same, so a wrong proof could
    /// give a wrong verdict but never unsafety.
    fn exec_batch<'a, const N: usize>(&self, packets: &[BatchPacket<'a>], verdicts: &mut [u32]) {
        let mut r = entry_registers(&[], 0);
        let mut mem = Memory::<N>::new(&[]);
        for (packet, verdict) in packets.iter().zip(verdicts.iter_mut()) {
            mem.data = packet.data();
            *verdict = self
                .execute(&mut r, &mut mem, packet.wire_len())
                .unwrap_or(0) as u32;
        }
    }

    #[inline(always)]
    fn execute<const N: usize>(
        &self,
        r: &mut Registers,
        mem: &mut Memory<'_, N>,
        wire_len: u32,
    ) -> Result<u64, Fault> {
        let data = mem.data;
        // R10 is read-only (the verifier refuses writes): the caller's
        // entry value stays.
        r[1] = PACKET_BASE;
        r[2] = PACKET_BASE + data.len() as u64;
        r[3] = wire_len as u64;
        let ops = &self.ops[..];
        let mut pc = self.entry;
        if let Some(length) = self.length_at_entry {
            r[ix(length)] = data.len() as u64;
        }
        // Most programs have none: one predictable branch then, no loop.
        if self.presets > 0 {
            let [(first, a), (second, b)] = self.preset;
            if self.presets > 1 {
                r[ix(first)] = a as u64;
            }
            r[ix(second)] = b as u64;
        }
        // A packet load's value, or on to `fail` if the packet is too short.
        macro_rules! or_fail {
            ($load:expr, $fail:expr) => {
                match $load {
                    Some(value) => value,
                    None => {
                        pc = $fail as usize;
                        continue;
                    }
                }
            };
        }
        // On to where a fused comparison leads (by branch: see `Test::holds`).
        macro_rules! follow {
            ($test:expr, $value:expr) => {
                if $test.holds($value) {
                    pc = $test.on_match as usize;
                    continue;
                }
                pc = $test.on_miss as usize;
            };
        }
        // Jumps go forward only (the program is verified), so each op runs
        // at most once and the loop ends.
        loop {
            let current = ops.get(pc).ok_or(Fault::OffTheEnd)?;
            pc += 1;
            match *current {
                Op::LdB { dst, off, fail } => {
                    r[ix(dst)] = or_fail!(load_be::<1>(data, off), fail) as u64;
                }
                Op::LdH { dst, off, fail } => {
                    r[ix(dst)] = or_fail!(load_be::<2>(data, off), fail) as u64;
                }
                Op::LdW { dst, off, fail } => {
                    r[ix(dst)] = or_fail!(load_be::<4>(data, off), fail) as u64;
                }
                Op::LdbTest {
                    dst,
                    off,
                    fail,
                    test,
                } => {
                    let value = or_fail!(load_be::<1>(data, off), fail);
                    r[ix(dst)] = value as u64;
                    follow!(test, value);
                }
                Op::LdhTest {
                    dst,
                    off,
                    fail,
                    test,
                } => {
                    let value = or_fail!(load_be::<2>(data, off), fail);
                    r[ix(dst)] = value as u64;
                    follow!(test, value);
                }
                Op::LdwTest {
                    dst,
                    off,
                    fail,
                    test,
                } => {
                    let value = or_fail!(load_be::<4>(data, off), fail);
                    r[ix(dst)] = value as u64;
                    follow!(test, value);
                }
                Op::IndB {
                    dst,
                    x,
                    ptr,
                    add,
                    fail,
                } => {
                    r[ix(dst)] = or_fail!(load_ind::<1>(data, r, x, ptr, add), fail) as u64;
                }
                Op::IndH {
                    dst,
                    x,
                    ptr,
                    add,
                    fail,
                } => {
                    r[ix(dst)] = or_fail!(load_ind::<2>(data, r, x, ptr, add), fail) as u64;
                }
                Op::IndW {
                    dst,
                    x,
                    ptr,
                    add,
                    fail,
                } => {
                    r[ix(dst)] = or_fail!(load_ind::<4>(data, r, x, ptr, add), fail) as u64;
                }
                Op::IndHTest {
                    dst,
                    x,
                    ptr,
                    add,
                    fail,
                    test,
                } => {
                    let value = or_fail!(load_ind::<2>(data, r, x, ptr, add), fail);
                    r[ix(dst)] = value as u64;
                    follow!(test, value);
                }
                Op::Jeq { dst, imm, target } => {
                    if r[ix(dst)] as u32 == imm {
                        pc = target as usize;
                    }
                }
                Op::AndJeq {
                    dst,
                    mask,
                    imm,
                    target,
                } => {
                    let value = r[ix(dst)] as u32 & mask;
                    r[ix(dst)] = value as u64;
                    if value == imm {
                        pc = target as usize;
                        continue;
                    }
                    pc += 1;
                }
                Op::JeqPair {
                    dst,
                    first,
                    first_target,
                    second,
                    second_target,
                } => {
                    let value = r[ix(dst)] as u32;
                    if value == first {
                        pc = first_target as usize;
                        continue;
                    }
                    if value == second {
                        pc = second_target as usize;
                        continue;
                    }
                    pc += 1;
                }
                Op::LdMsh { dst, off, fail } => {
                    let byte = or_fail!(load_be::<1>(data, off), fail);
                    r[ix(dst)] = ((byte & 0xf) as u64) << 2;
                    pc += 2;
                }
                Op::Jne { dst, imm, target } => {
                    if r[ix(dst)] as u32 != imm {
                        pc = target as usize;
                    }
                }
                Op::Jgt { dst, imm, target } => {
                    if r[ix(dst)] as u32 > imm {
                        pc = target as usize;
                    }
                }
                Op::Jge { dst, imm, target } => {
                    if r[ix(dst)] as u32 >= imm {
                        pc = target as usize;
                    }
                }
                Op::Jlt { dst, imm, target } => {
                    if (r[ix(dst)] as u32) < imm {
                        pc = target as usize;
                    }
                }
                Op::Jle { dst, imm, target } => {
                    if r[ix(dst)] as u32 <= imm {
                        pc = target as usize;
                    }
                }
                Op::Jset { dst, imm, target } => {
                    if r[ix(dst)] as u32 & imm != 0 {
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
                    r[ix(dst)] =
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
                    let p = PACKET_BASE.wrapping_add(r[ix(x)]).wrapping_add(add);
                    r[ix(ptr)] = p;
                    if p > PACKET_BASE + data.len() as u64 {
                        pc = fail as usize;
                        continue;
                    }
                    let at = p.wrapping_sub(size as u64).wrapping_sub(PACKET_BASE);
                    let at = usize::try_from(at).map_err(|_| Fault::OutOfBounds { pc })?;
                    r[ix(dst)] = load(data, at, size, be).ok_or(Fault::OutOfBounds { pc })?;
                }
                Op::Jmp32Imm {
                    cond,
                    dst,
                    imm,
                    target,
                } => {
                    if condition(cond, r[ix(dst)], imm as u64, false)
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
                    if condition(cond, r[ix(dst)], r[ix(src)], false)
                        .ok_or(Fault::InvalidInstruction { pc })?
                    {
                        pc = target as usize;
                    }
                }
                Op::Jump { insn, target } => {
                    let b = if op::src(insn.code) == op::X {
                        r[ix(insn.src())]
                    } else {
                        insn.imm as i64 as u64
                    };
                    let wide = insn.class() == op::JMP;
                    if condition(op::opcode(insn.code), r[ix(insn.dst())], b, wide)
                        .ok_or(Fault::InvalidInstruction { pc })?
                    {
                        pc = target as usize;
                    }
                }
                Op::Ja { target } => pc = target as usize,
                Op::Return { value } => return Ok(value as u64),
                Op::Exit => return Ok(r[0]),
                Op::Mov32Imm { dst, imm } => r[ix(dst)] = imm as u64,
                Op::Mov32Reg { dst, src } => r[ix(dst)] = r[ix(src)] as u32 as u64,
                Op::Alu32Imm {
                    operation,
                    dst,
                    imm,
                } => {
                    r[ix(dst)] = alu32(operation, r[ix(dst)] as u32, imm)
                        .ok_or(Fault::InvalidInstruction { pc })?
                        as u64;
                }
                Op::Alu32Reg {
                    operation,
                    dst,
                    src,
                } => {
                    let value = r[ix(src)] as u32;
                    r[ix(dst)] = alu32(operation, r[ix(dst)] as u32, value)
                        .ok_or(Fault::InvalidInstruction { pc })?
                        as u64;
                }
                Op::Generic { insn, pc: at } => step_simple(&insn, r, mem, at as usize)?,
            }
        }
    }
}

/// `N` bytes, big-endian, ending `add` bytes past packet offset `r[x]`,
/// if the packet has them (the translation's `ptr = r1 + x + add; if ptr >
/// r2 goto fail; dst = *(ptr - N)`); `r[ptr]` gets the pointer either way.
/// An end below `N` (a load before the packet) fails too, but no verified
/// program gets there.
#[inline(always)]
fn load_ind<const N: usize>(
    data: &[u8],
    r: &mut Registers,
    x: u8,
    ptr: u8,
    add: u32,
) -> Option<u32> {
    let end = r[ix(x)].wrapping_add(add as u64);
    r[ix(ptr)] = PACKET_BASE.wrapping_add(end);
    let start = usize::try_from(end.checked_sub(N as u64)?).ok()?;
    let bytes: [u8; N] = data.get(start..start.checked_add(N)?)?.try_into().ok()?;
    Some(bytes.iter().fold(0u32, |value, &b| value << 8 | b as u32))
}

/// `N` (1, 2 or 4) bytes at `off`, big-endian, if the packet has them.
#[inline(always)]
fn load_be<const N: usize>(data: &[u8], off: u32) -> Option<u32> {
    let bytes: [u8; N] = data.get(off as usize..off as usize + N)?.try_into().ok()?;
    Some(bytes.iter().fold(0u32, |value, &b| value << 8 | b as u32))
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
