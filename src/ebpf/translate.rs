//! Classic BPF → eBPF, after the kernel's `bpf_convert_filter`.
//!
//! The classic machine maps onto fixed eBPF registers: the accumulator A is
//! R0 (so `ret a` is a bare `exit`), the index register X is R7, and the 16
//! scratch words `M[]` live in the 64 bytes just below the frame pointer.
//! All classic arithmetic is 32-bit, so it becomes `ALU` (32-bit, result
//! zero-extended) and classic comparisons become `JMP32`.
//!
//! Two targets differ only in how packet data is reached:
//!
//! * [`Target::User`] (the interpreter and the JIT): the program is called
//!   with R1 = packet start, R2 = packet end, R3 = length on the wire. Every
//!   `ld [k]`, `ld [x+k]` and `ldx 4*([k]&0xf)` becomes an explicit bounds
//!   check — a packet pointer advanced past the bytes to read, compared with
//!   the packet end, branching to a shared `return 0` — followed by a plain
//!   load and a byte swap to host order. That is exactly the classic "out
//!   of bounds returns 0" rule, and it is what lets our verifier prove every
//!   access in bounds, so the engines check nothing at run time.
//! * [`Target::Kernel`]: a socket filter, R1 = the `__sk_buff` context,
//!   using `BPF_LD_ABS`/`BPF_LD_IND` as the kernel's own conversion does.
//!   The length on the wire is passed in `cb[0]` of the context.

use super::insn::{op, reg, Insn, Program};
use crate::cbpf;

/// The accumulator A.
pub const REG_A: u8 = reg::R0;
/// The index register X.
pub const REG_X: u8 = reg::R7;
/// User target: packet start, packet end, length on the wire.
pub const REG_DATA: u8 = reg::R1;
pub const REG_DATA_END: u8 = reg::R2;
pub const REG_WIRE_LEN: u8 = reg::R3;
/// User target: the pointer being bounds-checked.
const REG_PTR: u8 = reg::R4;
/// User target: the packet's captured length (packet end - start), for
/// bounds checks of loads at constant offsets.
const REG_LEN: u8 = reg::R5;
/// Kernel target: the context (LD_ABS needs it in R6), and two scratch
/// registers that survive LD_ABS (which clobbers R1–R5).
const REG_CTX: u8 = reg::R6;
const REG_SAVE_A: u8 = reg::R8;
const REG_OFFSET: u8 = reg::R9;

/// Offset of `cb[0]` in `struct __sk_buff`: where the kernel target finds
/// the length on the wire.
pub const SKB_CB0_OFFSET: i16 = 48;

/// Offset from R10 of scratch word `M[0]`.
const MEM_BASE: i16 = -(4 * cbpf::op::MEMWORDS as i16);

/// Which engine the eBPF program is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Our interpreter and JIT: explicit bounds checks.
    User,
    /// The Linux kernel: a socket filter with `BPF_LD_ABS`/`BPF_LD_IND`.
    Kernel,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranslateError {
    #[error("empty program")]
    Empty,
    #[error("({index:03}) unsupported classic instruction code {code:#06x}")]
    Unsupported { index: usize, code: u16 },
    #[error("({index:03}) jump past the end of the program")]
    JumpOutOfRange { index: usize },
    #[error("({index:03}) scratch memory index {k} out of range")]
    BadMemIndex { index: usize, k: u32 },
    #[error("({index:03}) program falls off its end")]
    FallsOffEnd { index: usize },
    #[error("translated program too large for 16-bit jump offsets")]
    TooLarge,
}

/// Where a jump goes before offsets are known.
#[derive(Debug, Clone, Copy)]
enum Label {
    Classic(usize),
    ReturnZero,
}

struct Emitter {
    target: Target,
    /// Captured bytes proven present on every path to the current
    /// instruction (by earlier successful loads).
    proven_len: u64,
    out: Program,
    /// (index of the jump in `out`, where it goes)
    fixups: Vec<(usize, Label)>,
}

impl Emitter {
    fn emit(&mut self, insn: Insn) {
        self.out.push(insn);
    }
    fn emit_jump(&mut self, insn: Insn, to: Label) {
        self.fixups.push((self.out.len(), to));
        self.out.push(insn);
    }
    /// Return 0 unconditionally.
    fn return_zero(&mut self) {
        match self.target {
            Target::User => self.emit_jump(Insn::ja(0), Label::ReturnZero),
            Target::Kernel => {
                // The kernel rejects code it cannot reach in the control
                // flow graph, and what follows may well be reachable only
                // through here: branch on a known constant instead.
                self.emit(Insn::mov64_imm(REG_OFFSET, 0));
                self.emit_jump(Insn::jmp_imm(op::JEQ, REG_OFFSET, 0, 0), Label::ReturnZero);
            }
        }
    }

    /// `A` (or `X` for `msh`) = the `size` bytes at packet offset `k`
    /// (plus X when `indexed`), or return 0 when they are not all there.
    fn packet_load(&mut self, size: u8, k: u32, indexed: bool, dst: u8) {
        let bytes = op::size_bytes(size) as u64;
        // No captured packet comes near 2 GiB, so an end offset that does
        // not fit a positive i32 immediate is always out of bounds (X >= 0
        // only moves it further).
        if k as u64 + bytes > i32::MAX as u64 {
            self.return_zero();
            return;
        }
        match self.target {
            Target::User if !indexed && k as u64 + bytes <= i16::MAX as u64 => {
                let end = k as u64 + bytes;
                // Skip the check when every path here already proved it.
                if end > self.proven_len {
                    self.emit_jump(
                        Insn::jmp_imm(op::JLT, REG_LEN, end as i32, 0),
                        Label::ReturnZero,
                    );
                }
                self.emit(Insn::ldx_mem(size, dst, REG_DATA, k as i16));
                if bytes > 1 {
                    self.emit(Insn::to_be(dst, bytes as i32 * 8));
                }
            }
            Target::User => {
                self.emit(Insn::mov64_reg(REG_PTR, REG_DATA));
                if indexed {
                    // X is a zero-extended 32-bit value, so the sum cannot wrap.
                    self.emit(Insn::alu64_reg(op::ADD, REG_PTR, REG_X));
                }
                self.emit(Insn::alu64_imm(op::ADD, REG_PTR, (k as u64 + bytes) as i32));
                self.emit_jump(
                    Insn::jmp_reg(op::JGT, REG_PTR, REG_DATA_END, 0),
                    Label::ReturnZero,
                );
                self.emit(Insn::ldx_mem(size, dst, REG_PTR, -(bytes as i16)));
                if bytes > 1 {
                    self.emit(Insn::to_be(dst, bytes as i32 * 8));
                }
            }
            Target::Kernel => {
                // LD_ABS/LD_IND load into R0 = A; msh must keep A.
                let keep_a = dst != REG_A;
                if keep_a {
                    self.emit(Insn::mov64_reg(REG_SAVE_A, REG_A));
                }
                if indexed {
                    // The kernel adds X and k in 32 bits and treats negative
                    // offsets as special; classic semantics want the plain
                    // sum, so compute it in 64 bits and reject >= 2^31.
                    self.emit(Insn::mov64_reg(REG_OFFSET, REG_X));
                    self.emit(Insn::alu64_imm(op::ADD, REG_OFFSET, k as i32));
                    self.emit_jump(
                        Insn::jmp_imm(op::JGT, REG_OFFSET, i32::MAX - bytes as i32, 0),
                        Label::ReturnZero,
                    );
                    self.emit(Insn::ld_ind(size, REG_OFFSET, 0));
                } else {
                    self.emit(Insn::ld_abs(size, k as i32));
                }
                if keep_a {
                    self.emit(Insn::mov32_reg(dst, REG_A));
                    self.emit(Insn::mov64_reg(REG_A, REG_SAVE_A));
                }
            }
        }
    }

    fn wire_len(&mut self, dst: u8) {
        match self.target {
            Target::User => self.emit(Insn::mov32_reg(dst, REG_WIRE_LEN)),
            Target::Kernel => self.emit(Insn::ldx_mem(op::W, dst, REG_CTX, SKB_CB0_OFFSET)),
        }
    }
}

fn mem_offset(index: usize, k: u32) -> Result<i16, TranslateError> {
    if k >= cbpf::op::MEMWORDS {
        return Err(TranslateError::BadMemIndex { index, k });
    }
    Ok(MEM_BASE + 4 * k as i16)
}

/// True if some instruction reads X (so it must start at 0).
fn reads_x(program: &[cbpf::Insn]) -> bool {
    use cbpf::op as c;
    program.iter().any(|i| match c::class(i.code) {
        c::LD => c::mode(i.code) == c::IND,
        c::ALU | c::JMP => c::src(i.code) == c::X,
        c::STX => true,
        c::MISC => c::miscop(i.code) == c::TXA,
        _ => false,
    })
}

/// Translate a classic program (one that passed [`cbpf::verify::verify`];
/// anything else is rejected or translated faithfully) into eBPF.
pub fn translate(program: &[cbpf::Insn], target: Target) -> Result<Program, TranslateError> {
    use cbpf::op as c;
    if program.is_empty() {
        return Err(TranslateError::Empty);
    }
    let mut e = Emitter {
        target,
        proven_len: 0,
        out: Vec::with_capacity(program.len() * 4 + 4),
        fixups: Vec::new(),
    };
    if target == Target::Kernel {
        e.emit(Insn::mov64_reg(REG_CTX, reg::R1));
    }
    let reachable = reachable(program);
    let proven = proven_lengths(program, &reachable);
    if target == Target::User && uses_constant_offsets(program) {
        e.emit(Insn::mov64_reg(REG_LEN, REG_DATA_END));
        e.emit(Insn::alu64_reg(op::SUB, REG_LEN, REG_DATA));
    }
    // Classic programs start with A = X = 0; A needs no zeroing when the
    // first instruction, which every path runs, overwrites it unread.
    let first = program[0].code;
    let first_writes_a =
        cbpf::op::class(first) == cbpf::op::LD && cbpf::op::mode(first) != cbpf::op::IND;
    if !first_writes_a {
        e.emit(Insn::mov32_imm(REG_A, 0));
    }
    if reads_x(program) {
        e.emit(Insn::mov32_imm(REG_X, 0));
    }
    let mut start = Vec::with_capacity(program.len());
    for (index, insn) in program.iter().enumerate() {
        start.push(e.out.len());
        // Dead classic code is left out: the kernel refuses unreachable
        // eBPF instructions, and no reachable jump can target it.
        if !reachable[index] {
            continue;
        }
        e.proven_len = proven[index];
        let k = insn.k;
        let unsupported = TranslateError::Unsupported {
            index,
            code: insn.code,
        };
        let target_of = |offset: u64| -> Result<Label, TranslateError> {
            let to = index as u64 + 1 + offset;
            if to >= program.len() as u64 {
                return Err(TranslateError::JumpOutOfRange { index });
            }
            Ok(Label::Classic(to as usize))
        };
        match insn.code {
            // Loads into A.
            0x20 | 0x28 | 0x30 => e.packet_load(ebpf_size(insn.code), k, false, REG_A),
            0x40 | 0x48 | 0x50 => e.packet_load(ebpf_size(insn.code), k, true, REG_A),
            0x00 => e.emit(Insn::mov32_imm(REG_A, k as i32)),
            0x60 => e.emit(Insn::ldx_mem(op::W, REG_A, reg::R10, mem_offset(index, k)?)),
            0x80 => e.wire_len(REG_A),
            // Loads into X.
            0x01 => e.emit(Insn::mov32_imm(REG_X, k as i32)),
            0x61 => e.emit(Insn::ldx_mem(op::W, REG_X, reg::R10, mem_offset(index, k)?)),
            0x81 => e.wire_len(REG_X),
            0xb1 => {
                e.packet_load(op::B, k, false, REG_X);
                e.emit(Insn::alu32_imm(op::AND, REG_X, 0xf));
                e.emit(Insn::alu32_imm(op::LSH, REG_X, 2));
            }
            // Stores.
            0x02 => e.emit(Insn::stx_mem(op::W, reg::R10, REG_A, mem_offset(index, k)?)),
            0x03 => e.emit(Insn::stx_mem(op::W, reg::R10, REG_X, mem_offset(index, k)?)),
            // Returns.
            0x06 => {
                e.emit(Insn::mov32_imm(REG_A, k as i32));
                e.emit(Insn::exit());
            }
            0x16 => e.emit(Insn::exit()),
            // A <-> X.
            0x07 => e.emit(Insn::mov32_reg(REG_X, REG_A)),
            0x87 => e.emit(Insn::mov32_reg(REG_A, REG_X)),
            code if c::class(code) == c::ALU => {
                let operation = c::alu_op(code);
                let by_x = c::src(code) == c::X;
                match operation {
                    c::NEG if !by_x => e.emit(Insn::alu32_imm(op::NEG, REG_A, 0)),
                    c::ADD
                    | c::SUB
                    | c::MUL
                    | c::OR
                    | c::AND
                    | c::XOR
                    | c::DIV
                    | c::MOD
                    | c::LSH
                    | c::RSH => {
                        let operation = operation as u8;
                        if by_x {
                            if matches!(operation, op::DIV | op::MOD) {
                                // Classic division by zero returns 0.
                                e.emit_jump(
                                    Insn::jmp32_imm(op::JEQ, REG_X, 0, 0),
                                    Label::ReturnZero,
                                );
                            }
                            if matches!(operation, op::LSH | op::RSH) {
                                // Classic shifts by 32 or more give 0
                                // (libpcap); eBPF would mask the count.
                                e.emit(Insn::jmp32_imm(op::JLT, REG_X, 32, 2));
                                e.emit(Insn::mov32_imm(REG_A, 0));
                                e.emit(Insn::ja(1));
                            }
                            e.emit(Insn::alu32_reg(operation, REG_A, REG_X));
                        } else if matches!(operation, op::DIV | op::MOD) && k == 0 {
                            e.return_zero();
                        } else if matches!(operation, op::LSH | op::RSH) && k >= 32 {
                            // The classic verifier refuses this; libpcap
                            // gives 0.
                            e.emit(Insn::mov32_imm(REG_A, 0));
                        } else {
                            e.emit(Insn::alu32_imm(operation, REG_A, k as i32));
                        }
                    }
                    _ => return Err(unsupported),
                }
            }
            code if c::class(code) == c::JMP => {
                let operation = c::jmp_op(code);
                if operation == c::JA {
                    if code != c::JMP | c::JA {
                        return Err(unsupported);
                    }
                    let to = target_of(k as u64)?;
                    e.emit_jump(Insn::ja(0), to);
                    continue;
                }
                let cond = match operation {
                    c::JEQ => op::JEQ,
                    c::JGT => op::JGT,
                    c::JGE => op::JGE,
                    c::JSET => op::JSET,
                    _ => return Err(unsupported),
                };
                let on_true = target_of(insn.jt as u64)?;
                let on_false = target_of(insn.jf as u64)?;
                let by_x = c::src(code) == c::X;
                let compare = |cond: u8| {
                    if by_x {
                        Insn::jmp32_reg(cond, REG_A, REG_X, 0)
                    } else {
                        Insn::jmp32_imm(cond, REG_A, k as i32, 0)
                    }
                };
                if insn.jt == insn.jf {
                    if insn.jt != 0 {
                        e.emit_jump(Insn::ja(0), on_true);
                    }
                } else if insn.jf == 0 {
                    e.emit_jump(compare(cond), on_true);
                } else if insn.jt == 0 && cond != op::JSET {
                    let inverse = match cond {
                        op::JEQ => op::JNE,
                        op::JGT => op::JLE,
                        _ => op::JLT, // JGE
                    };
                    e.emit_jump(compare(inverse), on_false);
                } else {
                    e.emit_jump(compare(cond), on_true);
                    e.emit_jump(Insn::ja(0), on_false);
                }
            }
            _ => return Err(unsupported),
        }
    }
    // The last classic instruction must not fall through.
    let last = program.len() - 1;
    let last_code = program[last].code;
    if reachable[last] && c::class(last_code) != c::RET && last_code != c::JMP | c::JA {
        return Err(TranslateError::FallsOffEnd { index: last });
    }
    let return_zero_at = e.out.len();
    if e.fixups.iter().any(|(_, l)| matches!(l, Label::ReturnZero)) {
        e.emit(Insn::mov32_imm(REG_A, 0));
        e.emit(Insn::exit());
    }
    for &(at, label) in &e.fixups {
        let to = match label {
            Label::Classic(i) => start[i],
            Label::ReturnZero => return_zero_at,
        };
        let off = to as i64 - at as i64 - 1;
        e.out[at].off = i16::try_from(off).map_err(|_| TranslateError::TooLarge)?;
    }
    Ok(e.out)
}

/// True if some load reads at a constant offset (`[k]`, `4*([k]&0xf)`).
fn uses_constant_offsets(program: &[cbpf::Insn]) -> bool {
    use cbpf::op as c;
    program.iter().any(|i| {
        (c::class(i.code) == c::LD && c::mode(i.code) == c::ABS) || i.code == c::LDX | c::B | c::MSH
    })
}

/// Bytes a packet load at this instruction needs to succeed (0 for
/// anything else): after it, the packet is known to be at least this long.
fn load_end(insn: &cbpf::Insn) -> u64 {
    use cbpf::op as c;
    let bytes = match c::size(insn.code) {
        c::W => 4,
        c::H => 2,
        _ => 1,
    };
    match (c::class(insn.code), c::mode(insn.code)) {
        (c::LD, c::ABS | c::IND) | (c::LDX, c::MSH) => insn.k as u64 + bytes,
        _ => 0,
    }
}

/// For each instruction, the captured length every path reaching it has
/// already proven (a failed load returns, so a later instruction is only
/// reached by packets long enough for every load before it).
fn proven_lengths(program: &[cbpf::Insn], reachable: &[bool]) -> Vec<u64> {
    use cbpf::op as c;
    let mut proven = vec![u64::MAX; program.len()];
    if let Some(first) = proven.first_mut() {
        *first = 0;
    }
    // Jumps only go forward, so index order visits predecessors first.
    for i in 0..program.len() {
        if !reachable[i] {
            continue;
        }
        let insn = &program[i];
        let out = proven[i].max(load_end(insn));
        let mut flow = |to: u64| {
            if let Some(p) = usize::try_from(to).ok().and_then(|t| proven.get_mut(t)) {
                *p = (*p).min(out);
            }
        };
        match c::class(insn.code) {
            c::RET => {}
            c::JMP if c::jmp_op(insn.code) == c::JA => flow(i as u64 + 1 + insn.k as u64),
            c::JMP => {
                flow(i as u64 + 1 + insn.jt as u64);
                flow(i as u64 + 1 + insn.jf as u64);
            }
            _ => flow(i as u64 + 1),
        }
    }
    proven
}

/// Which classic instructions some path from the entry reaches.
fn reachable(program: &[cbpf::Insn]) -> Vec<bool> {
    use cbpf::op as c;
    let mut seen = vec![false; program.len()];
    let mut pending = vec![0usize];
    while let Some(i) = pending.pop() {
        if i >= program.len() || seen[i] {
            continue;
        }
        seen[i] = true;
        let insn = &program[i];
        match c::class(insn.code) {
            c::RET => {}
            c::JMP if c::jmp_op(insn.code) == c::JA => {
                if let Some(to) = (i as u64 + 1).checked_add(insn.k as u64) {
                    pending.push(to.min(usize::MAX as u64) as usize);
                }
            }
            c::JMP => {
                pending.push(i + 1 + insn.jt as usize);
                pending.push(i + 1 + insn.jf as usize);
            }
            _ => pending.push(i + 1),
        }
    }
    seen
}

fn ebpf_size(classic_code: u16) -> u8 {
    match cbpf::op::size(classic_code) {
        cbpf::op::H => op::H,
        cbpf::op::B => op::B,
        _ => op::W,
    }
}
