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
pub fn crafted_packets(
    programs: &[&[Insn]],
    rng: &mut Rng,
    count: usize,
    base: &[Vec<u8>],
) -> Vec<Vec<u8>> {
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
            let off = off
                + if rng.chance(30) {
                    4 * rng.below(16) as usize
                } else {
                    0
                };
            let c = consts[rng.below(consts.len() as u64) as usize];
            let c = if rng.chance(20) {
                c.wrapping_add(rng.below(3) as u32).wrapping_sub(1)
            } else {
                c
            };
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
        let size = match op::size(c) {
            op::W => "",
            op::H => "h",
            _ => "b",
        };
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
                let name = [
                    "add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor",
                ]
                .get((op::alu_op(c) >> 4) as usize)
                .copied()
                .unwrap_or("alu?");
                if op::src(c) == op::X {
                    format!("{name} x")
                } else {
                    format!("{name} #{:#x}", insn.k)
                }
            }
            op::JMP => {
                let name = ["ja", "jeq", "jgt", "jge", "jset"]
                    .get((op::jmp_op(c) >> 4) as usize)
                    .copied()
                    .unwrap_or("j?");
                if op::jmp_op(c) == op::JA {
                    format!("ja {}", i + 1 + insn.k as usize)
                } else {
                    let operand = if op::src(c) == op::X {
                        "x".to_string()
                    } else {
                        format!("#{:#x}", insn.k)
                    };
                    format!(
                        "{name} {operand} jt {} jf {}",
                        i + 1 + insn.jt as usize,
                        i + 1 + insn.jf as usize
                    )
                }
            }
            op::RET => {
                if op::rval(c) == op::A {
                    "ret a".into()
                } else {
                    format!("ret #{}", insn.k)
                }
            }
            _ => {
                if op::miscop(c) == op::TXA {
                    "txa".into()
                } else {
                    "tax".into()
                }
            }
        };
        s.push_str(&format!("({i:03}) {text}\n"));
    }
    s
}

/// One conditional jump taken while running a program, with the packet
/// bytes its A came straight from (if A was a plain load).
#[derive(Clone, Copy, Debug)]
struct Decision {
    offset: usize,
    size: usize,
    jmp_op: u16,
    k: u32,
    taken: bool,
}

/// Run `p` on `data`, recording the jumps whose operand A was loaded
/// directly from the packet (optionally through `and #m`).
fn trace(p: &[Insn], data: &[u8]) -> Vec<Decision> {
    let mut out = Vec::new();
    let (mut a, mut x) = (0u32, 0u32);
    let mut m = [0u32; 16];
    let mut src: Option<(usize, usize)> = None;
    let mut pc = 0usize;
    let load = |off: u64, size: u64| -> Option<u32> {
        if off + size > data.len() as u64 {
            return None;
        }
        Some((0..size).fold(0u32, |v, i| (v << 8) | data[(off + i) as usize] as u32))
    };
    for _ in 0..10_000 {
        let Some(i) = p.get(pc) else { break };
        pc += 1;
        let size = match op::size(i.code) {
            op::W => 4,
            op::H => 2,
            _ => 1,
        };
        match op::class(i.code) {
            op::LD => {
                let (v, s) = match op::mode(i.code) {
                    op::IMM => (Some(i.k), None),
                    op::ABS => (load(i.k as u64, size), Some((i.k as usize, size as usize))),
                    op::IND => (
                        load(x as u64 + i.k as u64, size),
                        Some((x as usize + i.k as usize, size as usize)),
                    ),
                    op::MEM => (m.get(i.k as usize).copied(), None),
                    op::LEN => (Some(data.len() as u32), None),
                    _ => (None, None),
                };
                let Some(v) = v else { break };
                a = v;
                src = s;
            }
            op::LDX => {
                x = match op::mode(i.code) {
                    op::IMM => i.k,
                    op::MEM => m.get(i.k as usize).copied().unwrap_or(0),
                    op::LEN => data.len() as u32,
                    op::MSH => match load(i.k as u64, 1) {
                        Some(v) => 4 * (v & 0xf),
                        None => break,
                    },
                    _ => break,
                }
            }
            op::ST => {
                if let Some(s) = m.get_mut(i.k as usize) {
                    *s = a
                }
            }
            op::STX => {
                if let Some(s) = m.get_mut(i.k as usize) {
                    *s = x
                }
            }
            op::ALU => {
                let b = if op::src(i.code) == op::X { x } else { i.k };
                a = match op::alu_op(i.code) {
                    op::ADD => a.wrapping_add(b),
                    op::SUB => a.wrapping_sub(b),
                    op::MUL => a.wrapping_mul(b),
                    op::DIV if b != 0 => a / b,
                    op::MOD if b != 0 => a % b,
                    op::OR => a | b,
                    op::AND => a & b,
                    op::XOR => a ^ b,
                    op::LSH => a.checked_shl(b).unwrap_or(0),
                    op::RSH => a.checked_shr(b).unwrap_or(0),
                    op::NEG => a.wrapping_neg(),
                    _ => break,
                };
                src = None;
            }
            op::JMP => {
                let b = if op::src(i.code) == op::X { x } else { i.k };
                let t = match op::jmp_op(i.code) {
                    op::JA => {
                        pc = pc.wrapping_add(i.k as usize);
                        continue;
                    }
                    op::JEQ => a == b,
                    op::JGT => a > b,
                    op::JGE => a >= b,
                    op::JSET => a & b != 0,
                    _ => break,
                };
                if let Some((offset, size)) = src {
                    out.push(Decision {
                        offset,
                        size,
                        jmp_op: op::jmp_op(i.code),
                        k: b,
                        taken: t,
                    });
                }
                pc += if t { i.jt as usize } else { i.jf as usize };
            }
            op::MISC => {
                if op::miscop(i.code) == op::TAX {
                    x = a
                } else {
                    a = x;
                    src = None;
                }
            }
            _ => break,
        }
    }
    out
}

/// A value that sends `d` the other way.
fn flipping_value(d: &Decision, rng: &mut Rng) -> u32 {
    let want = !d.taken;
    let k = d.k;
    match (d.jmp_op, want) {
        (op::JEQ, true) => k,
        (op::JEQ, false) => k ^ (1 + rng.below(3) as u32),
        (op::JGT, true) => k.saturating_add(1),
        (op::JGT, false) => k,
        (op::JGE, true) => k,
        (op::JGE, false) => k.saturating_sub(1),
        (op::JSET, true) => k,
        _ => 0,
    }
}

/// Packets that drive `programs` down many different paths: starting from
/// `seeds` (and random packets), repeatedly flip a recorded decision by
/// writing the compared constant into the bytes it was loaded from
/// (concolic search), then add every truncation of each packet that some
/// program accepts, because short packets are where a dropped or moved
/// load shows.
pub fn path_packets(
    programs: &[&[Insn]],
    seeds: &[Vec<u8>],
    rng: &mut Rng,
    rounds: usize,
) -> Vec<Vec<u8>> {
    let mut pool: Vec<Vec<u8>> = seeds.to_vec();
    for _ in 0..4 {
        pool.push((0..96 + rng.below(64)).map(|_| rng.next() as u8).collect());
    }
    let mut out = pool.clone();
    for _ in 0..rounds {
        let mut pkt = pool[rng.below(pool.len() as u64) as usize].clone();
        for _ in 0..1 + rng.below(4) {
            let prog = programs[rng.below(programs.len() as u64) as usize];
            let decisions = trace(prog, &pkt);
            if decisions.is_empty() {
                break;
            }
            let d = decisions[rng.below(decisions.len() as u64) as usize];
            let v = flipping_value(&d, rng);
            if d.offset + d.size > 4096 {
                continue;
            }
            if pkt.len() < d.offset + d.size {
                pkt.resize(d.offset + d.size, 0);
            }
            let bytes = v.to_be_bytes();
            pkt[d.offset..d.offset + d.size].copy_from_slice(&bytes[4 - d.size..]);
        }
        pool.push(pkt.clone());
        out.push(pkt);
    }
    let mut cuts = Vec::new();
    for pkt in &out {
        if programs.iter().any(|p| run(p, pkt, pkt.len() as u32) != 0) {
            for len in 0..pkt.len() {
                cuts.push(pkt[..len].to_vec());
            }
        }
    }
    out.extend(cuts);
    out
}
