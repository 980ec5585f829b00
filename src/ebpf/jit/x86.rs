//! A tiny x86-64 assembler: just the instruction forms the JIT needs.
//! Registers are hardware numbers 0–15 (rax, rcx, rdx, rbx, rsp, rbp, rsi,
//! rdi, r8–r15).

pub const RAX: u8 = 0;
pub const RCX: u8 = 1;
pub const RDX: u8 = 2;
pub const RBX: u8 = 3;
pub const RSP: u8 = 4;
pub const RBP: u8 = 5;
pub const RSI: u8 = 6;
pub const RDI: u8 = 7;
pub const R8: u8 = 8;
pub const R9: u8 = 9;
pub const R10: u8 = 10;
pub const R11: u8 = 11;
pub const R12: u8 = 12;
pub const R13: u8 = 13;
pub const R14: u8 = 14;
pub const R15: u8 = 15;

/// Condition codes (the low nibble of `jcc`).
pub mod cc {
    pub const B: u8 = 0x2;
    pub const AE: u8 = 0x3;
    pub const E: u8 = 0x4;
    pub const NE: u8 = 0x5;
    pub const BE: u8 = 0x6;
    pub const A: u8 = 0x7;
    pub const L: u8 = 0xc;
    pub const GE: u8 = 0xd;
    pub const LE: u8 = 0xe;
    pub const G: u8 = 0xf;
}

/// Group-1 ALU operations: the `/digit` of `81 /n` and the `n*8+1` opcode
/// of the register form.
#[derive(Clone, Copy)]
pub enum Alu {
    Add = 0,
    Or = 1,
    And = 4,
    Sub = 5,
    Xor = 6,
    Cmp = 7,
}

/// Shift operations: the `/digit` of `C1 /n`.
#[derive(Clone, Copy)]
pub enum Shift {
    Shl = 4,
    Shr = 5,
    Sar = 7,
}

#[derive(Default)]
pub struct Asm {
    pub code: Vec<u8>,
}

impl Asm {
    pub fn len(&self) -> usize {
        self.code.len()
    }
    fn byte(&mut self, b: u8) {
        self.code.push(b);
    }
    fn imm32(&mut self, v: i32) {
        self.code.extend_from_slice(&v.to_le_bytes());
    }
    /// REX prefix, emitted when needed (or `force`d, for byte registers).
    fn rex(&mut self, wide: bool, reg: u8, rm: u8, force: bool) {
        let rex = 0x40 | (wide as u8) << 3 | (reg >> 3 & 1) << 2 | (rm >> 3 & 1);
        if rex != 0x40 || force {
            self.byte(rex);
        }
    }
    fn modrm_reg(&mut self, reg: u8, rm: u8) {
        self.byte(0xc0 | (reg & 7) << 3 | (rm & 7));
    }
    /// ModRM (+SIB, +displacement) for `[base + disp]`.
    fn modrm_mem(&mut self, reg: u8, base: u8, disp: i32) {
        let short = i8::try_from(disp).is_ok();
        let mode = if short { 0x40 } else { 0x80 };
        self.byte(mode | (reg & 7) << 3 | (base & 7));
        if base & 7 == RSP {
            self.byte(0x24);
        }
        if short {
            self.byte(disp as i8 as u8);
        } else {
            self.imm32(disp);
        }
    }

    /// `op dst, src` for a group-1 operation (also `cmp`).
    pub fn alu_rr(&mut self, op: Alu, wide: bool, dst: u8, src: u8) {
        self.rex(wide, src, dst, false);
        self.byte((op as u8) << 3 | 1);
        self.modrm_reg(src, dst);
    }
    /// `op dst, imm` (imm sign-extended in 64-bit mode).
    pub fn alu_ri(&mut self, op: Alu, wide: bool, dst: u8, imm: i32) {
        self.rex(wide, 0, dst, false);
        if let Ok(small) = i8::try_from(imm) {
            self.byte(0x83);
            self.modrm_reg(op as u8, dst);
            self.byte(small as u8);
        } else {
            self.byte(0x81);
            self.modrm_reg(op as u8, dst);
            self.imm32(imm);
        }
    }
    /// `mov dst, src` (32-bit form zero-extends).
    pub fn mov_rr(&mut self, wide: bool, dst: u8, src: u8) {
        self.rex(wide, src, dst, false);
        self.byte(0x89);
        self.modrm_reg(src, dst);
    }
    /// `mov r32, imm32` (zero-extends).
    pub fn mov_ri32(&mut self, dst: u8, imm: u32) {
        if imm == 0 {
            self.alu_rr(Alu::Xor, false, dst, dst);
            return;
        }
        self.rex(false, 0, dst, false);
        self.byte(0xb8 + (dst & 7));
        self.imm32(imm as i32);
    }
    /// `mov r64, imm32` sign-extended.
    pub fn mov_ri64(&mut self, dst: u8, imm: i32) {
        if imm >= 0 {
            self.mov_ri32(dst, imm as u32);
            return;
        }
        self.rex(true, 0, dst, false);
        self.byte(0xc7);
        self.modrm_reg(0, dst);
        self.imm32(imm);
    }
    /// `test dst, src`
    pub fn test_rr(&mut self, wide: bool, dst: u8, src: u8) {
        self.rex(wide, src, dst, false);
        self.byte(0x85);
        self.modrm_reg(src, dst);
    }
    /// `test dst, imm32`
    pub fn test_ri(&mut self, wide: bool, dst: u8, imm: i32) {
        self.rex(wide, 0, dst, false);
        self.byte(0xf7);
        self.modrm_reg(0, dst);
        self.imm32(imm);
    }
    /// `imul dst, src`
    pub fn imul_rr(&mut self, wide: bool, dst: u8, src: u8) {
        self.rex(wide, dst, src, false);
        self.byte(0x0f);
        self.byte(0xaf);
        self.modrm_reg(dst, src);
    }
    /// `imul dst, dst, imm32`
    pub fn imul_ri(&mut self, wide: bool, dst: u8, imm: i32) {
        self.rex(wide, dst, dst, false);
        self.byte(0x69);
        self.modrm_reg(dst, dst);
        self.imm32(imm);
    }
    /// `shl/shr/sar dst, imm8`
    pub fn shift_ri(&mut self, op: Shift, wide: bool, dst: u8, count: u8) {
        self.rex(wide, 0, dst, false);
        self.byte(0xc1);
        self.modrm_reg(op as u8, dst);
        self.byte(count);
    }
    /// `shl/shr/sar dst, cl`
    pub fn shift_cl(&mut self, op: Shift, wide: bool, dst: u8) {
        self.rex(wide, 0, dst, false);
        self.byte(0xd3);
        self.modrm_reg(op as u8, dst);
    }
    /// `neg dst`
    pub fn neg(&mut self, wide: bool, dst: u8) {
        self.rex(wide, 0, dst, false);
        self.byte(0xf7);
        self.modrm_reg(3, dst);
    }
    /// `div src`: unsigned rdx:rax / src.
    pub fn div(&mut self, wide: bool, src: u8) {
        self.rex(wide, 0, src, false);
        self.byte(0xf7);
        self.modrm_reg(6, src);
    }
    /// `bswap dst`
    pub fn bswap(&mut self, wide: bool, dst: u8) {
        self.rex(wide, 0, dst, false);
        self.byte(0x0f);
        self.byte(0xc8 + (dst & 7));
    }
    /// `rol dst16, 8`: swap the two low bytes.
    pub fn rol16_8(&mut self, dst: u8) {
        self.byte(0x66);
        self.rex(false, 0, dst, false);
        self.byte(0xc1);
        self.modrm_reg(0, dst);
        self.byte(8);
    }
    /// `movzx dst32, src16`
    pub fn movzx16_rr(&mut self, dst: u8, src: u8) {
        self.rex(false, dst, src, false);
        self.byte(0x0f);
        self.byte(0xb7);
        self.modrm_reg(dst, src);
    }
    /// Load `size` bytes (1, 2, 4, 8) from `[base + disp]`, zero-extended.
    pub fn load(&mut self, size: u8, dst: u8, base: u8, disp: i32) {
        match size {
            1 | 2 => {
                self.rex(false, dst, base, false);
                self.byte(0x0f);
                self.byte(if size == 1 { 0xb6 } else { 0xb7 });
            }
            _ => {
                self.rex(size == 8, dst, base, false);
                self.byte(0x8b);
            }
        }
        self.modrm_mem(dst, base, disp);
    }
    /// Store the low `size` bytes of `src` to `[base + disp]`.
    pub fn store(&mut self, size: u8, base: u8, disp: i32, src: u8) {
        if size == 2 {
            self.byte(0x66);
        }
        // Byte stores of sil/dil/... need a REX prefix to name them.
        self.rex(size == 8, src, base, size == 1);
        self.byte(if size == 1 { 0x88 } else { 0x89 });
        self.modrm_mem(src, base, disp);
    }
    /// Store an immediate (sign-extended for 8 bytes) to `[base + disp]`.
    pub fn store_imm(&mut self, size: u8, base: u8, disp: i32, imm: i32) {
        if size == 2 {
            self.byte(0x66);
        }
        self.rex(size == 8, 0, base, false);
        self.byte(if size == 1 { 0xc6 } else { 0xc7 });
        self.modrm_mem(0, base, disp);
        match size {
            1 => self.byte(imm as u8),
            2 => self.code.extend_from_slice(&(imm as u16).to_le_bytes()),
            _ => self.imm32(imm),
        }
    }
    pub fn push(&mut self, r: u8) {
        self.rex(false, 0, r, false);
        self.byte(0x50 + (r & 7));
    }
    pub fn pop(&mut self, r: u8) {
        self.rex(false, 0, r, false);
        self.byte(0x58 + (r & 7));
    }
    pub fn ret(&mut self) {
        self.byte(0xc3);
    }
    /// `jcc rel32` with a zero displacement; returns where to patch it.
    pub fn jcc(&mut self, condition: u8) -> usize {
        self.byte(0x0f);
        self.byte(0x80 | condition);
        self.imm32(0);
        self.len() - 4
    }
    /// `jmp rel32` with a zero displacement; returns where to patch it.
    pub fn jmp(&mut self) -> usize {
        self.byte(0xe9);
        self.imm32(0);
        self.len() - 4
    }
    /// Point the rel32 at `at` to code offset `to`.
    pub fn patch(&mut self, at: usize, to: usize) {
        let rel = to as i64 - (at as i64 + 4);
        self.code[at..at + 4].copy_from_slice(&(rel as i32).to_le_bytes());
    }
}
