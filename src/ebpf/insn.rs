//! The eBPF instruction (`struct bpf_insn`) and its opcode fields, named as
//! in `<linux/bpf.h>`.

/// One eBPF instruction, laid out exactly as the kernel's `struct bpf_insn`
/// (so a `&[Insn]` can be handed to `bpf(BPF_PROG_LOAD)` as is).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(C)]
pub struct Insn {
    pub code: u8,
    /// Destination register in the low nibble, source in the high nibble
    /// (the kernel's `dst_reg:4, src_reg:4` bit fields on little-endian).
    pub regs: u8,
    pub off: i16,
    pub imm: i32,
}

/// An eBPF program: instructions run from index 0.
pub type Program = Vec<Insn>;

/// Register numbers.
pub mod reg {
    pub const R0: u8 = 0;
    pub const R1: u8 = 1;
    pub const R2: u8 = 2;
    pub const R3: u8 = 3;
    pub const R4: u8 = 4;
    pub const R5: u8 = 5;
    pub const R6: u8 = 6;
    pub const R7: u8 = 7;
    pub const R8: u8 = 8;
    pub const R9: u8 = 9;
    /// The read-only frame pointer: the top of the 512-byte stack.
    pub const R10: u8 = 10;
    /// Number of registers.
    pub const COUNT: usize = 11;
}

/// Size of the stack below R10.
pub const STACK_SIZE: usize = 512;

/// Opcode fields.
pub mod op {
    // Classes.
    pub const LD: u8 = 0x00;
    pub const LDX: u8 = 0x01;
    pub const ST: u8 = 0x02;
    pub const STX: u8 = 0x03;
    pub const ALU: u8 = 0x04;
    pub const JMP: u8 = 0x05;
    pub const JMP32: u8 = 0x06;
    pub const ALU64: u8 = 0x07;

    // Memory sizes.
    pub const W: u8 = 0x00;
    pub const H: u8 = 0x08;
    pub const B: u8 = 0x10;
    pub const DW: u8 = 0x18;

    // Memory modes.
    pub const IMM: u8 = 0x00;
    pub const ABS: u8 = 0x20;
    pub const IND: u8 = 0x40;
    pub const MEM: u8 = 0x60;

    // Source.
    pub const K: u8 = 0x00;
    pub const X: u8 = 0x08;

    // ALU operations.
    pub const ADD: u8 = 0x00;
    pub const SUB: u8 = 0x10;
    pub const MUL: u8 = 0x20;
    pub const DIV: u8 = 0x30;
    pub const OR: u8 = 0x40;
    pub const AND: u8 = 0x50;
    pub const LSH: u8 = 0x60;
    pub const RSH: u8 = 0x70;
    pub const NEG: u8 = 0x80;
    pub const MOD: u8 = 0x90;
    pub const XOR: u8 = 0xa0;
    pub const MOV: u8 = 0xb0;
    pub const ARSH: u8 = 0xc0;
    /// Byte swap; the source bit selects the target order.
    pub const END: u8 = 0xd0;
    pub const TO_LE: u8 = 0x00;
    pub const TO_BE: u8 = 0x08;

    // Jump operations.
    pub const JA: u8 = 0x00;
    pub const JEQ: u8 = 0x10;
    pub const JGT: u8 = 0x20;
    pub const JGE: u8 = 0x30;
    pub const JSET: u8 = 0x40;
    pub const JNE: u8 = 0x50;
    pub const JSGT: u8 = 0x60;
    pub const JSGE: u8 = 0x70;
    pub const CALL: u8 = 0x80;
    pub const EXIT: u8 = 0x90;
    pub const JLT: u8 = 0xa0;
    pub const JLE: u8 = 0xb0;
    pub const JSLT: u8 = 0xc0;
    pub const JSLE: u8 = 0xd0;

    pub const fn class(code: u8) -> u8 {
        code & 0x07
    }
    pub const fn size(code: u8) -> u8 {
        code & 0x18
    }
    pub const fn mode(code: u8) -> u8 {
        code & 0xe0
    }
    pub const fn src(code: u8) -> u8 {
        code & 0x08
    }
    /// ALU or jump operation.
    pub const fn opcode(code: u8) -> u8 {
        code & 0xf0
    }
    /// Bytes moved by a load or store of this size.
    pub const fn size_bytes(code: u8) -> u8 {
        match size(code) {
            W => 4,
            H => 2,
            B => 1,
            _ => 8,
        }
    }
}

impl Insn {
    pub const fn new(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> Insn {
        Insn {
            code,
            regs: (dst & 0x0f) | (src << 4),
            off,
            imm,
        }
    }
    pub const fn dst(&self) -> u8 {
        self.regs & 0x0f
    }
    pub const fn src(&self) -> u8 {
        self.regs >> 4
    }
    pub const fn class(&self) -> u8 {
        op::class(self.code)
    }

    /// `dst op= imm` (64-bit).
    pub const fn alu64_imm(operation: u8, dst: u8, imm: i32) -> Insn {
        Insn::new(op::ALU64 | operation | op::K, dst, 0, 0, imm)
    }
    /// `dst op= src` (64-bit).
    pub const fn alu64_reg(operation: u8, dst: u8, src: u8) -> Insn {
        Insn::new(op::ALU64 | operation | op::X, dst, src, 0, 0)
    }
    /// `w(dst) op= imm` (32-bit, result zero-extended).
    pub const fn alu32_imm(operation: u8, dst: u8, imm: i32) -> Insn {
        Insn::new(op::ALU | operation | op::K, dst, 0, 0, imm)
    }
    /// `w(dst) op= w(src)` (32-bit, result zero-extended).
    pub const fn alu32_reg(operation: u8, dst: u8, src: u8) -> Insn {
        Insn::new(op::ALU | operation | op::X, dst, src, 0, 0)
    }
    pub const fn mov64_reg(dst: u8, src: u8) -> Insn {
        Insn::alu64_reg(op::MOV, dst, src)
    }
    pub const fn mov64_imm(dst: u8, imm: i32) -> Insn {
        Insn::alu64_imm(op::MOV, dst, imm)
    }
    pub const fn mov32_reg(dst: u8, src: u8) -> Insn {
        Insn::alu32_reg(op::MOV, dst, src)
    }
    pub const fn mov32_imm(dst: u8, imm: i32) -> Insn {
        Insn::alu32_imm(op::MOV, dst, imm)
    }
    /// Convert `dst`'s low `bits` (16, 32, 64) from network to host order.
    pub const fn to_be(dst: u8, bits: i32) -> Insn {
        Insn::new(op::ALU | op::END | op::TO_BE, dst, 0, 0, bits)
    }
    /// `dst = *(size *)(src + off)`
    pub const fn ldx_mem(size: u8, dst: u8, src: u8, off: i16) -> Insn {
        Insn::new(op::LDX | op::MEM | size, dst, src, off, 0)
    }
    /// `*(size *)(dst + off) = src`
    pub const fn stx_mem(size: u8, dst: u8, src: u8, off: i16) -> Insn {
        Insn::new(op::STX | op::MEM | size, dst, src, off, 0)
    }
    /// `*(size *)(dst + off) = imm`
    pub const fn st_mem(size: u8, dst: u8, off: i16, imm: i32) -> Insn {
        Insn::new(op::ST | op::MEM | size, dst, 0, off, imm)
    }
    /// `if dst op imm goto pc + 1 + off` (64-bit compare, imm sign-extended).
    pub const fn jmp_imm(operation: u8, dst: u8, imm: i32, off: i16) -> Insn {
        Insn::new(op::JMP | operation | op::K, dst, 0, off, imm)
    }
    pub const fn jmp_reg(operation: u8, dst: u8, src: u8, off: i16) -> Insn {
        Insn::new(op::JMP | operation | op::X, dst, src, off, 0)
    }
    /// 32-bit compare of the low halves.
    pub const fn jmp32_imm(operation: u8, dst: u8, imm: i32, off: i16) -> Insn {
        Insn::new(op::JMP32 | operation | op::K, dst, 0, off, imm)
    }
    pub const fn jmp32_reg(operation: u8, dst: u8, src: u8, off: i16) -> Insn {
        Insn::new(op::JMP32 | operation | op::X, dst, src, off, 0)
    }
    pub const fn ja(off: i16) -> Insn {
        Insn::new(op::JMP | op::JA, 0, 0, off, 0)
    }
    pub const fn exit() -> Insn {
        Insn::new(op::JMP | op::EXIT, 0, 0, 0, 0)
    }
    /// Kernel-only: `r0 = ntoh(*(size *)(skb->data + imm))`, exit with 0
    /// when out of bounds. Needs the context in R6.
    pub const fn ld_abs(size: u8, imm: i32) -> Insn {
        Insn::new(op::LD | op::ABS | size, 0, 0, 0, imm)
    }
    /// Kernel-only: like [`Insn::ld_abs`] at `src + imm`.
    pub const fn ld_ind(size: u8, src: u8, imm: i32) -> Insn {
        Insn::new(op::LD | op::IND | size, 0, src, 0, imm)
    }

    /// True for a jump that has a target (`ja` and conditional jumps).
    pub const fn is_jump(&self) -> bool {
        let class = self.class();
        (class == op::JMP || class == op::JMP32)
            && !matches!(op::opcode(self.code), op::CALL | op::EXIT)
    }
    /// True for the second half of nothing: every instruction here is one
    /// slot (bpfdump does not use the two-slot `lddw`).
    pub const fn is_exit(&self) -> bool {
        self.code == op::JMP | op::EXIT
    }
}
