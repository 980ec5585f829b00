//! Helpers shared by the optimizer's tests: running programs, making
//! packets that hit the constants a program compares with.
#![allow(dead_code)]

use bpfdump::cbpf::{op, Insn};

/// Run a classic program (libpcap `bpf_filter` semantics).
pub fn run(program: &[Insn], data: &[u8], wire_len: u32) -> u32 {
    bpfdump::cbpf::interp::run(program, data, wire_len)
}

/// Tiny deterministic PRNG (xorshift64*), so failures reproduce.
#[derive(Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Packets built to steer a program down its branches: for every absolute
/// load the program makes and every constant it compares with, packets
/// whose bytes at that offset equal the constant (so tests flip), plus
/// random packets of various lengths, including ones cut short.
pub fn crafted_packets(programs: &[&[Insn]], rng: &mut Rng, count: usize, base: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut loads = Vec::new(); // (offset, size)
    let mut consts = vec![0u32, 1, 0xffff_ffff];
    for p in programs {
        for insn in p.iter() {
            match (op::class(insn.code), op::mode(insn.code)) {
                (op::LD, op::ABS) | (op::LD, op::IND) => {
                    let size = match op::size(insn.code) {
                        op::W => 4,
                        op::H => 2,
                        _ => 1,
                    };
                    if insn.k < 4096 {
                        loads.push((insn.k as usize, size));
                    }
                }
                (op::LDX, op::MSH) if insn.k < 4096 => loads.push((insn.k as usize, 1)),
                (op::JMP, _) | (op::ALU, _) => consts.push(insn.k),
                _ => {}
            }
        }
    }
    let mut out: Vec<Vec<u8>> = base.to_vec();
    for _ in 0..count {
        let mut pkt = if !base.is_empty() && rng.chance(50) {
            base[rng.below(base.len() as u64) as usize].clone()
        } else {
            let len = rng.below(120) as usize;
            (0..len).map(|_| rng.next() as u8).collect()
        };
        let edits = rng.below(6);
        for _ in 0..edits {
            if loads.is_empty() {
                break;
            }
            let (off, size) = loads[rng.below(loads.len() as u64) as usize];
            // X-relative loads land at off + a small header length.
            let off = off + if rng.chance(30) { 4 * rng.below(16) as usize } else { 0 };
            let c = consts[rng.below(consts.len() as u64) as usize];
            let c = if rng.chance(20) { c.wrapping_add(rng.below(3) as u32).wrapping_sub(1) } else { c };
            if pkt.len() < off + size {
                pkt.resize(off + size, 0);
            }
            let bytes = c.to_be_bytes();
            pkt[off..off + size].copy_from_slice(&bytes[4 - size..]);
        }
        if rng.chance(15) && !pkt.is_empty() {
            let cut = rng.below(pkt.len() as u64) as usize;
            pkt.truncate(cut);
        }
        out.push(pkt);
    }
    out
}

/// A readable listing (for debugging output in tests).
pub fn show(p: &[Insn]) -> String {
    let mut s = String::new();
    for (i, insn) in p.iter().enumerate() {
        let c = insn.code;
        let size = match op::size(c) { op::W => "", op::H => "h", _ => "b" };
        let text = match op::class(c) {
            op::LD => match op::mode(c) {
                op::IMM => format!("ld #{:#x}", insn.k),
                op::ABS => format!("ld{size} [{}]", insn.k),
                op::IND => format!("ld{size} [x + {}]", insn.k),
                op::MEM => format!("ld M[{}]", insn.k),
                op::LEN => "ld len".into(),
                _ => "ld ?".into(),
            },
            op::LDX => match op::mode(c) {
                op::IMM => format!("ldx #{:#x}", insn.k),
                op::MEM => format!("ldx M[{}]", insn.k),
                op::MSH => format!("ldxb 4*([{}]&0xf)", insn.k),
                op::LEN => "ldx len".into(),
                _ => "ldx ?".into(),
            },
            op::ST => format!("st M[{}]", insn.k),
            op::STX => format!("stx M[{}]", insn.k),
            op::ALU => {
                let name = ["add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor"]
                    .get((op::alu_op(c) >> 4) as usize)
                    .copied()
                    .unwrap_or("alu?");
                if op::src(c) == op::X { format!("{name} x") } else { format!("{name} #{:#x}", insn.k) }
            }
            op::JMP => {
                let name = ["ja", "jeq", "jgt", "jge", "jset"].get((op::jmp_op(c) >> 4) as usize).copied().unwrap_or("j?");
                if op::jmp_op(c) == op::JA {
                    format!("ja {}", i + 1 + insn.k as usize)
                } else {
                    let operand = if op::src(c) == op::X { "x".to_string() } else { format!("#{:#x}", insn.k) };
                    format!("{name} {operand} jt {} jf {}", i + 1 + insn.jt as usize, i + 1 + insn.jf as usize)
                }
            }
            op::RET => if op::rval(c) == op::A { "ret a".into() } else { format!("ret #{}", insn.k) },
            _ => if op::miscop(c) == op::TXA { "txa".into() } else { "tax".into() },
        };
        s.push_str(&format!("({i:03}) {text}\n"));
    }
    s
}
