//! Helpers shared by the optimizer's tests: running programs, making
//! packets that hit the constants a program compares with.
#![allow(dead_code)]

use bpfdump::cbpf::{op, Insn};

/// Run a classic program (libpcap `bpf_filter` semantics).
pub fn run(program: &[Insn], data: &[u8], wire_len: u32) -> u32 {
    local_interp(program, data, wire_len)
}

/// Stand-in until the reference interpreter lands in main.
fn local_interp(p: &[Insn], data: &[u8], wire_len: u32) -> u32 {
    let (mut a, mut x) = (0u32, 0u32);
    let mut m = [0u32; 16];
    let mut pc = 0usize;
    let load = |off: u64, size: u64| -> Option<u32> {
        if off + size > data.len() as u64 {
            return None;
        }
        let mut v = 0u32;
        for i in 0..size {
            v = (v << 8) | data[(off + i) as usize] as u32;
        }
        Some(v)
    };
    loop {
        let Some(i) = p.get(pc) else { return 0 };
        pc += 1;
        let size = match op::size(i.code) { op::W => 4, op::H => 2, _ => 1 };
        match op::class(i.code) {
            op::LD => {
                a = match op::mode(i.code) {
                    op::IMM => i.k,
                    op::ABS => match load(i.k as u64, size) { Some(v) => v, None => return 0 },
                    op::IND => match load(x as u64 + i.k as u64, size) { Some(v) => v, None => return 0 },
                    op::MEM => m[i.k as usize],
                    op::LEN => wire_len,
                    _ => panic!("bad ld"),
                }
            }
            op::LDX => {
                x = match op::mode(i.code) {
                    op::IMM => i.k,
                    op::MEM => m[i.k as usize],
                    op::LEN => wire_len,
                    op::MSH => match load(i.k as u64, 1) { Some(v) => 4 * (v & 0xf), None => return 0 },
                    _ => panic!("bad ldx"),
                }
            }
            op::ST => m[i.k as usize] = a,
            op::STX => m[i.k as usize] = x,
            op::ALU => {
                let b = if op::src(i.code) == op::X { x } else { i.k };
                a = match op::alu_op(i.code) {
                    op::ADD => a.wrapping_add(b),
                    op::SUB => a.wrapping_sub(b),
                    op::MUL => a.wrapping_mul(b),
                    op::DIV => { if b == 0 { return 0 } a / b }
                    op::MOD => { if b == 0 { return 0 } a % b }
                    op::OR => a | b,
                    op::AND => a & b,
                    op::XOR => a ^ b,
                    op::LSH => a.wrapping_shl(b),
                    op::RSH => a.wrapping_shr(b),
                    op::NEG => a.wrapping_neg(),
                    _ => panic!("bad alu"),
                }
            }
            op::JMP => {
                let b = if op::src(i.code) == op::X { x } else { i.k };
                let t = match op::jmp_op(i.code) {
                    op::JA => { pc += i.k as usize; continue; }
                    op::JEQ => a == b,
                    op::JGT => a > b,
                    op::JGE => a >= b,
                    op::JSET => a & b != 0,
                    _ => panic!("bad jmp"),
                };
                pc += if t { i.jt as usize } else { i.jf as usize };
            }
            op::RET => return if op::rval(i.code) == op::A { a } else { i.k },
            op::MISC => if op::miscop(i.code) == op::TAX { x = a } else { a = x },
            _ => panic!("bad class"),
        }
    }
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
