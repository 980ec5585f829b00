//! eBPF → x86-64 machine code.
//!
//! Register map (eBPF → x86-64). R1–R3 arrive in the System V argument
//! registers (packet start, packet end, length on the wire), so the
//! generated function is directly `fn(*const u8, *const u8, u64) -> u64`.
//! R6–R9 are callee-saved and pushed only when used; rcx (shift counts),
//! r10 and r11 are the JIT's own scratch registers.
//!
//! | eBPF | R0  | R1  | R2  | R3  | R4 | R5 | R6  | R7  | R8  | R9  | R10 |
//! |------|-----|-----|-----|-----|----|----|-----|-----|-----|-----|-----|
//! | x86  | rax | rdi | rsi | rdx | r8 | r9 | rbx | r13 | r14 | r15 | rbp |

use super::x86::{
    cc, Alu, Asm, Shift, R10, R11, R12, R13, R14, R15, R8, R9, RAX, RBP, RBX, RCX, RDI, RDX, RSI,
    RSP,
};
use crate::ebpf::insn::{op, reg, Insn};
use crate::ebpf::verify::Verified;

const REGISTER_MAP: [u8; reg::COUNT] = [RAX, RDI, RSI, RDX, R8, R9, RBX, R13, R14, R15, RBP];

/// Bytes below the stack pointer a leaf function may use without moving
/// it (the System V red zone).
const RED_ZONE: usize = 128;

fn x86(r: u8) -> u8 {
    REGISTER_MAP[r as usize]
}

struct Frame {
    /// Callee-saved registers pushed, in push order.
    saved: Vec<u8>,
    /// rbp set up as the eBPF frame pointer.
    frame_pointer: bool,
    /// Bytes reserved below rbp (0 when the red zone suffices).
    reserved: usize,
}

fn emit_epilogue(asm: &mut Asm, frame: &Frame) {
    if frame.reserved > 0 {
        asm.mov_rr(true, RSP, RBP);
    }
    for &r in frame.saved.iter().rev() {
        asm.pop(r);
    }
    asm.ret();
}

/// How the generated function is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `fn(start, end, wire_len) -> verdict`: one packet.
    Single,
    /// `fn(packets, count, verdicts)`: a loop over an array of
    /// [`super::BatchPacket`] (start, end, wire_len at offsets 0, 8, 16;
    /// `stride` bytes apart), writing one `u32` verdict per packet. The
    /// program's exits continue the loop, so packets cost no call at all.
    Batch { stride: i32 },
}

/// Batch mode, at an exit: store the verdict (eax), step to the next
/// packet and go round again while packets remain. Every exit carries its
/// own copy, so a packet costs two taken branches at most (the test that
/// decides and the loop's), not a jump to a shared tail and back. The
/// caller adds the jump out of the loop.
fn emit_next_packet(asm: &mut Asm, stride: i32, loop_in_registers: bool, loop_head: usize) {
    if !loop_in_registers {
        asm.load(8, R11, RBP, 0);
    }
    asm.store(4, R11, 0, RAX);
    asm.alu_ri(Alu::Add, true, R11, 4);
    asm.alu_ri(Alu::Add, true, R12, stride);
    if !loop_in_registers {
        asm.store(8, RBP, 0, R11);
        asm.load(8, R10, RBP, 8);
    }
    asm.alu_rr(Alu::Cmp, true, R12, R10);
    let again = asm.jcc(cc::B);
    asm.patch(again, loop_head);
}

/// Compile a verified program; `verified` is what the verifier returned
/// for it.
pub fn compile(program: &[Insn], verified: &Verified, mode: Mode) -> Vec<u8> {
    let mut used = [false; reg::COUNT];
    for insn in program {
        used[insn.dst() as usize] = true;
        used[insn.src() as usize] = true;
    }
    let batch = matches!(mode, Mode::Batch { .. });
    // The batch loop keeps its cursor in r12 and its state at rbp.
    let mut saved: Vec<u8> = if batch {
        vec![RBX, R12, R13, R14, R15]
    } else {
        (reg::R6..=reg::R9)
            .filter(|&r| used[r as usize])
            .map(x86)
            .collect()
    };
    let frame_pointer = used[reg::R10 as usize] || batch;
    let reserved = if frame_pointer && verified.stack_depth > RED_ZONE {
        verified.stack_depth.div_ceil(16) * 16
    } else {
        0
    };
    if frame_pointer {
        saved.push(RBP);
    }
    let frame = Frame {
        saved,
        frame_pointer,
        reserved,
    };

    let mut asm = Asm::default();
    for &r in &frame.saved {
        asm.push(r);
    }
    let mut loop_head = 0;
    // Batch mode: jumps out of the packet loop, to the epilogue.
    let mut loop_exits: Vec<usize> = Vec::new();
    // Without division the scratch registers r10 and r11 are free to hold
    // the loop's end and verdict cursor; otherwise they live at rbp.
    let divides = program.iter().any(|i| {
        matches!(i.class(), op::ALU | op::ALU64) && matches!(op::opcode(i.code), op::DIV | op::MOD)
    });
    let loop_in_registers = !divides;
    if let Mode::Batch { stride } = mode {
        // rdi = packets, rsi = count, rdx = verdicts.
        asm.imul_ri(true, RSI, stride);
        asm.alu_rr(Alu::Add, true, RSI, RDI);
        asm.push(RSI); // [rbp + 8]: end of the packet array
        asm.push(RDX); // [rbp]: next verdict
        asm.mov_rr(true, R12, RDI);
        asm.mov_rr(true, RBP, RSP);
        if frame.reserved > 0 {
            asm.alu_ri(Alu::Sub, true, RSP, frame.reserved as i32);
        }
        if loop_in_registers {
            asm.mov_rr(true, R10, RSI);
            asm.mov_rr(true, R11, RDX);
        }
        // An empty batch skips the loop; otherwise the loop's test is at
        // each exit (see `emit_next_packet`).
        if !loop_in_registers {
            asm.load(8, R10, RBP, 8);
        }
        asm.alu_rr(Alu::Cmp, true, R12, R10);
        loop_exits.push(asm.jcc(cc::AE));
        loop_head = asm.len();
        // The packet's start, end and length on the wire, as far as the
        // program reads them.
        asm.load(8, RDI, R12, 0);
        if used[reg::R2 as usize] {
            asm.load(8, RSI, R12, 8);
        }
        if used[reg::R3 as usize] {
            asm.load(8, RDX, R12, 16);
        }
    } else {
        if frame.frame_pointer {
            asm.mov_rr(true, RBP, RSP);
        }
        if frame.reserved > 0 {
            asm.alu_ri(Alu::Sub, true, RSP, frame.reserved as i32);
        }
    }
    // Instructions some jump lands on (peepholes must not span them).
    let mut targeted = vec![false; program.len() + 1];
    for (pc, insn) in program.iter().enumerate() {
        if insn.is_jump() {
            targeted[(pc as i64 + 1 + insn.off as i64) as usize] = true;
        }
    }
    let mut starts = Vec::with_capacity(program.len());
    let mut fixups: Vec<(usize, usize)> = Vec::new();
    for (pc, insn) in program.iter().enumerate() {
        starts.push(asm.len());
        let target = (pc as i64 + 1 + insn.off as i64) as usize;
        match insn.class() {
            op::ALU
                if cfg!(target_endian = "little")
                    && insn.code == op::ALU | op::END | op::TO_BE
                    && insn.imm == 16
                    && pc > 0
                    && !targeted[pc]
                    && program[pc - 1].code == op::LDX | op::MEM | op::H
                    && program[pc - 1].dst() == insn.dst() =>
            {
                // Just loaded zero-extended from 16 bits: swapping the low
                // two bytes leaves the upper bits zero.
                asm.rol16_8(x86(insn.dst()));
            }
            class @ (op::ALU | op::ALU64) => emit_alu(&mut asm, insn, class == op::ALU64),
            op::LDX => {
                asm.load(
                    op::size_bytes(insn.code),
                    x86(insn.dst()),
                    x86(insn.src()),
                    insn.off as i32,
                );
            }
            op::STX => {
                asm.store(
                    op::size_bytes(insn.code),
                    x86(insn.dst()),
                    insn.off as i32,
                    x86(insn.src()),
                );
            }
            op::ST => {
                asm.store_imm(
                    op::size_bytes(insn.code),
                    x86(insn.dst()),
                    insn.off as i32,
                    insn.imm,
                );
            }
            class @ (op::JMP | op::JMP32) => {
                let operation = op::opcode(insn.code);
                if insn.is_exit() {
                    if let Mode::Batch { stride } = mode {
                        emit_next_packet(&mut asm, stride, loop_in_registers, loop_head);
                        loop_exits.push(asm.jmp());
                    } else {
                        emit_epilogue(&mut asm, &frame);
                    }
                    continue;
                }
                if operation == op::JA {
                    fixups.push((asm.jmp(), target));
                    continue;
                }
                let wide = class == op::JMP;
                let dst = x86(insn.dst());
                let by_reg = op::src(insn.code) == op::X;
                if operation == op::JSET {
                    if by_reg {
                        asm.test_rr(wide, dst, x86(insn.src()));
                    } else {
                        asm.test_ri(wide, dst, insn.imm);
                    }
                } else if by_reg {
                    asm.alu_rr(Alu::Cmp, wide, dst, x86(insn.src()));
                } else {
                    asm.alu_ri(Alu::Cmp, wide, dst, insn.imm);
                }
                let condition = match operation {
                    op::JEQ => cc::E,
                    op::JNE | op::JSET => cc::NE,
                    op::JGT => cc::A,
                    op::JGE => cc::AE,
                    op::JLT => cc::B,
                    op::JLE => cc::BE,
                    op::JSGT => cc::G,
                    op::JSGE => cc::GE,
                    op::JSLT => cc::L,
                    _ => cc::LE, // JSLE
                };
                fixups.push((asm.jcc(condition), target));
            }
            // The verifier admits nothing else.
            _ => unreachable!("unverified instruction {:#04x}", insn.code),
        }
    }
    for (at, target) in fixups {
        asm.patch(at, starts[target]);
    }
    if batch {
        let done = asm.len();
        for at in loop_exits {
            asm.patch(at, done);
        }
        // Drop the eBPF stack and the two loop words, then restore.
        asm.mov_rr(true, RSP, RBP);
        asm.alu_ri(Alu::Add, true, RSP, 16);
        for &r in frame.saved.iter().rev() {
            asm.pop(r);
        }
        asm.ret();
    }
    asm.code
}

fn emit_alu(asm: &mut Asm, insn: &Insn, wide: bool) {
    let dst = x86(insn.dst());
    let src = x86(insn.src());
    let by_reg = op::src(insn.code) == op::X;
    let imm = insn.imm;
    let group1 = |operation| match operation {
        op::ADD => Some(Alu::Add),
        op::SUB => Some(Alu::Sub),
        op::OR => Some(Alu::Or),
        op::AND => Some(Alu::And),
        op::XOR => Some(Alu::Xor),
        _ => None,
    };
    let shift = |operation| match operation {
        op::LSH => Shift::Shl,
        op::RSH => Shift::Shr,
        _ => Shift::Sar,
    };
    let operation = op::opcode(insn.code);
    match operation {
        op::MOV => {
            if by_reg {
                asm.mov_rr(wide, dst, src);
            } else if wide {
                asm.mov_ri64(dst, imm);
            } else {
                asm.mov_ri32(dst, imm as u32);
            }
        }
        op::ADD | op::SUB | op::OR | op::AND | op::XOR => {
            let alu = group1(operation).expect("group-1 operation");
            if by_reg {
                asm.alu_rr(alu, wide, dst, src);
            } else {
                asm.alu_ri(alu, wide, dst, imm);
            }
        }
        op::MUL => {
            if by_reg {
                asm.imul_rr(wide, dst, src);
            } else {
                asm.imul_ri(wide, dst, imm);
            }
        }
        op::LSH | op::RSH | op::ARSH => {
            let width = if wide { 64 } else { 32 };
            if by_reg {
                asm.mov_rr(true, RCX, src);
                asm.shift_cl(shift(operation), wide, dst);
            } else {
                asm.shift_ri(shift(operation), wide, dst, (imm & (width - 1)) as u8);
            }
        }
        op::NEG => asm.neg(wide, dst),
        op::DIV | op::MOD => emit_div(asm, operation == op::MOD, wide, dst, src, by_reg, imm),
        op::END => {
            let to_be = op::src(insn.code) == op::TO_BE;
            let swap = to_be == cfg!(target_endian = "little");
            match (imm, swap) {
                (16, true) => {
                    asm.rol16_8(dst);
                    asm.movzx16_rr(dst, dst);
                }
                (16, false) => asm.movzx16_rr(dst, dst),
                (32, true) => asm.bswap(false, dst),
                (32, false) => asm.mov_rr(false, dst, dst),
                (_, true) => asm.bswap(true, dst),
                _ => {}
            }
        }
        _ => unreachable!("unverified ALU operation {operation:#04x}"),
    }
}

/// Unsigned division or remainder with eBPF's rules for a zero divisor
/// (quotient 0, remainder = dividend), around x86's fixed rdx:rax.
fn emit_div(asm: &mut Asm, modulo: bool, wide: bool, dst: u8, src: u8, by_reg: bool, imm: i32) {
    if by_reg {
        asm.mov_rr(wide, R11, src);
    } else if wide {
        asm.mov_ri64(R11, imm);
    } else {
        asm.mov_ri32(R11, imm as u32);
    }
    asm.mov_rr(true, R10, RAX);
    asm.mov_rr(true, RCX, RDX);
    asm.mov_rr(true, RAX, dst);
    asm.test_rr(wide, R11, R11);
    let to_divide = asm.jcc(cc::NE);
    if modulo {
        if !wide {
            asm.mov_rr(false, RAX, RAX);
        }
    } else {
        asm.mov_ri32(RAX, 0);
    }
    let to_done = asm.jmp();
    let divide = asm.len();
    asm.mov_ri32(RDX, 0);
    asm.div(wide, R11);
    if modulo {
        asm.mov_rr(wide, RAX, RDX);
    }
    let done = asm.len();
    asm.patch(to_divide, divide);
    asm.patch(to_done, done);
    asm.mov_rr(true, R11, RAX);
    asm.mov_rr(true, RAX, R10);
    asm.mov_rr(true, RDX, RCX);
    asm.mov_rr(true, dst, R11);
}
