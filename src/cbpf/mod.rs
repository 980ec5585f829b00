//! Classic BPF: the instruction set shared by libpcap, the Linux kernel's
//! `SO_ATTACH_FILTER` and every later stage of bpfdump.
//!
//! An [`Insn`] has exactly the layout of the kernel's `struct sock_filter`
//! (and libpcap's `struct bpf_insn`), so a `&[Insn]` can be handed to
//! `setsockopt` as is.

pub mod dump;
pub mod interp;
pub mod kernel;
pub mod listing;
pub mod metadata;
pub mod scratch;
pub mod trace;
pub mod verify;

/// One classic BPF instruction (`struct sock_filter`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(C)]
pub struct Insn {
    pub code: u16,
    pub jt: u8,
    pub jf: u8,
    pub k: u32,
}

impl Insn {
    /// A non-jump instruction.
    pub const fn stmt(code: u16, k: u32) -> Insn {
        Insn {
            code,
            jt: 0,
            jf: 0,
            k,
        }
    }

    /// A conditional jump with relative offsets.
    pub const fn jump(code: u16, k: u32, jt: u8, jf: u8) -> Insn {
        Insn { code, jt, jf, k }
    }

    pub const fn class(&self) -> u16 {
        op::class(self.code)
    }
}

/// A classic BPF program: a sequence of instructions, run from index 0.
pub type Program = Vec<Insn>;

/// Opcode fields, named as in `<linux/filter.h>` / `<pcap/bpf.h>`.
pub mod op {
    // Instruction classes.
    pub const LD: u16 = 0x00;
    pub const LDX: u16 = 0x01;
    pub const ST: u16 = 0x02;
    pub const STX: u16 = 0x03;
    pub const ALU: u16 = 0x04;
    pub const JMP: u16 = 0x05;
    pub const RET: u16 = 0x06;
    pub const MISC: u16 = 0x07;

    // Load sizes.
    pub const W: u16 = 0x00;
    pub const H: u16 = 0x08;
    pub const B: u16 = 0x10;

    // Load modes.
    pub const IMM: u16 = 0x00;
    pub const ABS: u16 = 0x20;
    pub const IND: u16 = 0x40;
    pub const MEM: u16 = 0x60;
    pub const LEN: u16 = 0x80;
    pub const MSH: u16 = 0xa0;

    // ALU operations.
    pub const ADD: u16 = 0x00;
    pub const SUB: u16 = 0x10;
    pub const MUL: u16 = 0x20;
    pub const DIV: u16 = 0x30;
    pub const OR: u16 = 0x40;
    pub const AND: u16 = 0x50;
    pub const LSH: u16 = 0x60;
    pub const RSH: u16 = 0x70;
    pub const NEG: u16 = 0x80;
    pub const MOD: u16 = 0x90;
    pub const XOR: u16 = 0xa0;

    // Jump operations.
    pub const JA: u16 = 0x00;
    pub const JEQ: u16 = 0x10;
    pub const JGT: u16 = 0x20;
    pub const JGE: u16 = 0x30;
    pub const JSET: u16 = 0x40;

    // Operand source.
    pub const K: u16 = 0x00;
    pub const X: u16 = 0x08;

    // Return value source (RET class); `A` shares the value of `X`'s slot
    // in the kernel's encoding (BPF_A = 0x10).
    pub const A: u16 = 0x10;

    // MISC operations.
    pub const TAX: u16 = 0x00;
    pub const TXA: u16 = 0x80;

    /// Number of scratch memory slots `M[]`.
    pub const MEMWORDS: u32 = 16;

    /// Largest program the kernel accepts (`BPF_MAXINSNS`).
    pub const MAXINSNS: usize = 4096;

    /// Base of the Linux "ancillary data" pseudo-offsets (`SKF_AD_OFF`).
    pub const SKF_AD_OFF: u32 = 0xffff_f000;
    pub const SKF_AD_PROTOCOL: u32 = 0;
    pub const SKF_AD_PKTTYPE: u32 = 4;
    pub const SKF_AD_IFINDEX: u32 = 8;
    pub const SKF_AD_VLAN_TAG: u32 = 44;
    pub const SKF_AD_VLAN_TAG_PRESENT: u32 = 48;

    pub const fn class(code: u16) -> u16 {
        code & 0x07
    }
    pub const fn size(code: u16) -> u16 {
        code & 0x18
    }
    pub const fn mode(code: u16) -> u16 {
        code & 0xe0
    }
    pub const fn alu_op(code: u16) -> u16 {
        code & 0xf0
    }
    pub const fn jmp_op(code: u16) -> u16 {
        code & 0xf0
    }
    pub const fn src(code: u16) -> u16 {
        code & 0x08
    }
    pub const fn rval(code: u16) -> u16 {
        code & 0x18
    }
    pub const fn miscop(code: u16) -> u16 {
        code & 0xf8
    }
}
