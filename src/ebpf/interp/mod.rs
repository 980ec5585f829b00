//! The eBPF interpreter, in safe Rust.
//!
//! Registers hold plain 64-bit values; the packet and the stack are given
//! fixed, far-apart "virtual addresses" so that pointer arithmetic and
//! pointer comparisons (`if r4 > r2`) work as on real memory, and every
//! memory access is a checked slice access. The verifier has already proven
//! each access in bounds, so the checks never fail on a verified program;
//! they are what keeps the interpreter memory-safe on anything else (it then
//! returns 0 rather than crash).
//!
//! [`run`] is the reference: it decodes every instruction as it goes.
//! [`Interpreter`] is the fast one, over a pre-decoded program in which
//! the translation's idioms (bounds check + load + byte swap, `mov; exit`)
//! are fused into single operations.

mod fast;

pub use fast::Interpreter;

use super::insn::{op, reg, Insn, STACK_SIZE};

/// The register file: R0–R10 and five slots no valid instruction names,
/// so that an index masked to four bits (see [`ix`]) needs no bounds check.
pub(crate) type Registers = [u64; 16];

/// A register number as an index into [`Registers`].
#[inline(always)]
pub(crate) fn ix(register: u8) -> usize {
    (register & 0xf) as usize
}

/// Where the packet's first byte appears to be.
pub const PACKET_BASE: u64 = 0x1000_0000_0000;
/// The frame pointer R10: the stack is the `STACK_SIZE` bytes below it.
pub const STACK_TOP: u64 = 0x2000_0000_0000;

/// Upper bound on executed instructions for unverified programs (a
/// verified program is a DAG and runs at most its length).
const STEP_LIMIT: usize = 1 << 20;

/// Why an (unverified) program stopped abnormally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    #[error("({pc}) memory access out of bounds")]
    OutOfBounds { pc: usize },
    #[error("({pc}) invalid instruction")]
    InvalidInstruction { pc: usize },
    #[error("program ran off its end")]
    OffTheEnd,
    #[error("step limit exceeded")]
    StepLimit,
}

/// Run `program` as called with R1 = packet start, R2 = packet end,
/// R3 = `wire_len`; returns R0 at `exit`. `stack_depth` is the number of
/// bytes below R10 the program may touch (from the verifier); a smaller
/// stack is cheaper to clear.
pub fn run(program: &[Insn], data: &[u8], wire_len: u32, stack_depth: usize) -> Result<u64, Fault> {
    if stack_depth <= 64 {
        exec::<64, _>(program, data, wire_len, &mut Unobserved)
    } else {
        exec::<STACK_SIZE, _>(program, data, wire_len, &mut Unobserved)
    }
}

/// Told of every instruction a run completes (see [`super::trace`]).
pub(crate) trait Observer {
    /// Whether [`Observer::step`] is called at all (the registers before
    /// each instruction are kept only for an observer that is).
    const ACTIVE: bool;
    /// The instruction at `pc` completed, turning the registers `before`
    /// into `after`; the next one is at `next`. (`exit` and faults end the
    /// run unreported.)
    fn step(&mut self, pc: usize, insn: &Insn, before: &Registers, after: &Registers, next: usize);
}

/// The observer of ordinary runs: nothing, compiled away.
struct Unobserved;

impl Observer for Unobserved {
    const ACTIVE: bool = false;
    #[inline(always)]
    fn step(&mut self, _: usize, _: &Insn, _: &Registers, _: &Registers, _: usize) {}
}

/// The memory a program sees: the packet (read-only) and its stack.
pub(crate) struct Memory<'a, const N: usize> {
    pub(crate) data: &'a [u8],
    stack: [u8; N],
}

impl<'a, const N: usize> Memory<'a, N> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Memory {
            data,
            stack: [0u8; N],
        }
    }

    #[inline(always)]
    fn slice(&mut self, addr: u64, size: usize) -> Option<&mut [u8]> {
        let packet_off = addr.wrapping_sub(PACKET_BASE);
        if packet_off < self.data.len() as u64 {
            // Packet memory is read-only: hand out a copy-free view only
            // for loads (see `load`); stores land here and are refused.
            return None;
        }
        let below_top = STACK_TOP.wrapping_sub(addr);
        if below_top <= N as u64 && below_top >= size as u64 {
            let start = N - below_top as usize;
            return self.stack.get_mut(start..start + size);
        }
        None
    }

    #[inline(always)]
    fn load(&mut self, addr: u64, size: usize) -> Option<u64> {
        let packet_off = addr.wrapping_sub(PACKET_BASE);
        let bytes: &[u8] = if packet_off < self.data.len() as u64 {
            let start = packet_off as usize;
            self.data.get(start..start.checked_add(size)?)?
        } else {
            self.slice(addr, size)?
        };
        Some(match size {
            1 => bytes[0] as u64,
            2 => u16::from_ne_bytes(bytes.try_into().ok()?) as u64,
            4 => u32::from_ne_bytes(bytes.try_into().ok()?) as u64,
            _ => u64::from_ne_bytes(bytes.try_into().ok()?),
        })
    }

    #[inline(always)]
    fn store(&mut self, addr: u64, size: usize, value: u64) -> Option<()> {
        let slot = self.slice(addr, size)?;
        slot.copy_from_slice(&value.to_ne_bytes()[..size]);
        Some(())
    }
}

pub(crate) fn alu64(operation: u8, dst: u64, src: u64) -> Option<u64> {
    Some(match operation {
        op::ADD => dst.wrapping_add(src),
        op::SUB => dst.wrapping_sub(src),
        op::MUL => dst.wrapping_mul(src),
        op::DIV => dst.checked_div(src).unwrap_or(0),
        op::MOD => dst.checked_rem(src).unwrap_or(dst),
        op::OR => dst | src,
        op::AND => dst & src,
        op::XOR => dst ^ src,
        op::LSH => dst.wrapping_shl(src as u32),
        op::RSH => dst.wrapping_shr(src as u32),
        op::ARSH => (dst as i64).wrapping_shr(src as u32) as u64,
        op::NEG => dst.wrapping_neg(),
        op::MOV => src,
        _ => return None,
    })
}

pub(crate) fn alu32(operation: u8, dst: u32, src: u32) -> Option<u32> {
    Some(match operation {
        op::ADD => dst.wrapping_add(src),
        op::SUB => dst.wrapping_sub(src),
        op::MUL => dst.wrapping_mul(src),
        op::DIV => dst.checked_div(src).unwrap_or(0),
        op::MOD => dst.checked_rem(src).unwrap_or(dst),
        op::OR => dst | src,
        op::AND => dst & src,
        op::XOR => dst ^ src,
        op::LSH => dst.wrapping_shl(src),
        op::RSH => dst.wrapping_shr(src),
        op::ARSH => (dst as i32).wrapping_shr(src) as u32,
        op::NEG => dst.wrapping_neg(),
        op::MOV => src,
        _ => return None,
    })
}

/// Byte swap for `BPF_END`, on this (little-endian or big-endian) host.
fn endian(value: u64, to_be: bool, bits: i32) -> Option<u64> {
    let swap = to_be == cfg!(target_endian = "little");
    Some(match (bits, swap) {
        (16, true) => (value as u16).swap_bytes() as u64,
        (16, false) => value as u16 as u64,
        (32, true) => (value as u32).swap_bytes() as u64,
        (32, false) => value as u32 as u64,
        (64, true) => value.swap_bytes(),
        (64, false) => value,
        _ => return None,
    })
}

/// Evaluate a jump condition; `None` for an unknown operation.
pub(crate) fn condition(operation: u8, a: u64, b: u64, wide: bool) -> Option<bool> {
    let (sa, sb) = if wide {
        (a as i64, b as i64)
    } else {
        (a as u32 as i32 as i64, b as u32 as i32 as i64)
    };
    let (a, b) = if wide {
        (a, b)
    } else {
        (a as u32 as u64, b as u32 as u64)
    };
    Some(match operation {
        op::JEQ => a == b,
        op::JNE => a != b,
        op::JGT => a > b,
        op::JGE => a >= b,
        op::JLT => a < b,
        op::JLE => a <= b,
        op::JSET => a & b != 0,
        op::JSGT => sa > sb,
        op::JSGE => sa >= sb,
        op::JSLT => sa < sb,
        op::JSLE => sa <= sb,
        _ => return None,
    })
}

/// Execute one non-jump instruction (ALU, load, store) on `r` and `mem`.
#[inline(always)]
pub(crate) fn step_simple<const N: usize>(
    insn: &Insn,
    r: &mut Registers,
    mem: &mut Memory<'_, N>,
    pc: usize,
) -> Result<(), Fault> {
    let invalid = Fault::InvalidInstruction { pc };
    let dst = insn.dst() as usize;
    let src = insn.src() as usize;
    if dst >= reg::COUNT || src >= reg::COUNT {
        return Err(invalid);
    }
    let code = insn.code;
    match op::class(code) {
        op::ALU64 => {
            let operation = op::opcode(code);
            let value = if op::src(code) == op::X {
                r[src]
            } else {
                insn.imm as i64 as u64
            };
            if operation == op::END || dst == reg::R10 as usize {
                return Err(invalid);
            }
            r[dst] = alu64(operation, r[dst], value).ok_or(invalid)?;
        }
        op::ALU => {
            let operation = op::opcode(code);
            if dst == reg::R10 as usize {
                return Err(invalid);
            }
            if operation == op::END {
                r[dst] = endian(r[dst], op::src(code) == op::TO_BE, insn.imm).ok_or(invalid)?;
            } else {
                let value = if op::src(code) == op::X {
                    r[src] as u32
                } else {
                    insn.imm as u32
                };
                r[dst] = alu32(operation, r[dst] as u32, value).ok_or(invalid)? as u64;
            }
        }
        op::LDX if op::mode(code) == op::MEM => {
            if dst == reg::R10 as usize {
                return Err(invalid);
            }
            let addr = r[src].wrapping_add(insn.off as i64 as u64);
            let size = op::size_bytes(code) as usize;
            r[dst] = mem.load(addr, size).ok_or(Fault::OutOfBounds { pc })?;
        }
        class @ (op::ST | op::STX) if op::mode(code) == op::MEM => {
            let addr = r[dst].wrapping_add(insn.off as i64 as u64);
            let size = op::size_bytes(code) as usize;
            let value = if class == op::STX {
                r[src]
            } else {
                insn.imm as i64 as u64
            };
            mem.store(addr, size, value)
                .ok_or(Fault::OutOfBounds { pc })?;
        }
        _ => return Err(invalid),
    }
    Ok(())
}

/// The registers at entry.
pub(crate) fn entry_registers(data: &[u8], wire_len: u32) -> Registers {
    let mut r: Registers = [0; 16];
    r[1] = PACKET_BASE;
    r[2] = PACKET_BASE + data.len() as u64;
    r[3] = wire_len as u64;
    r[10] = STACK_TOP;
    r
}

pub(crate) fn exec<const N: usize, O: Observer>(
    program: &[Insn],
    data: &[u8],
    wire_len: u32,
    observer: &mut O,
) -> Result<u64, Fault> {
    let mut r = entry_registers(data, wire_len);
    let mut mem = Memory::<N>::new(data);
    let mut pc = 0usize;
    for _ in 0..STEP_LIMIT {
        let insn = *program.get(pc).ok_or(Fault::OffTheEnd)?;
        let code = insn.code;
        let (here, before) = (pc, if O::ACTIVE { r } else { [0; 16] });
        match op::class(code) {
            class @ (op::JMP | op::JMP32) => {
                let invalid = Fault::InvalidInstruction { pc };
                let (dst, src) = (insn.dst() as usize, insn.src() as usize);
                if dst >= reg::COUNT || src >= reg::COUNT {
                    return Err(invalid);
                }
                let operation = op::opcode(code);
                let taken = match operation {
                    op::JA if class == op::JMP => true,
                    op::EXIT if class == op::JMP => return Ok(r[0]),
                    _ => {
                        let b = if op::src(code) == op::X {
                            r[src]
                        } else {
                            insn.imm as i64 as u64
                        };
                        condition(operation, r[dst], b, class == op::JMP).ok_or(invalid)?
                    }
                };
                pc += 1;
                if taken {
                    pc = pc.checked_add_signed(insn.off as isize).ok_or(invalid)?;
                }
            }
            _ => {
                step_simple(&insn, &mut r, &mut mem, pc)?;
                pc += 1;
            }
        }
        if O::ACTIVE {
            observer.step(here, &insn, &before, &r, pc);
        }
    }
    Err(Fault::StepLimit)
}
