//! Packets that steer classic programs down their branches.
//!
//! Two programs are judged equal by their return value on every packet of a
//! set; random bytes alone rarely reach a program's accepting paths (an
//! EtherType, then a protocol, then a port). The set here is built from the
//! programs themselves: every comparison of a loaded field with a constant
//! (`ldh [12]; jeq #0x800`, `ldb [x + 14]; jset #0x1f`, `ld #pktlen; jgt
//! #100`) becomes a constraint, and each packet applies a random subset of
//! the constraints of both programs, in program order, to random bytes.
#![allow(dead_code)]

use bpfdump::cbpf::op::*;
use bpfdump::cbpf::Insn;

/// One packet: captured bytes and the length on the wire.
pub type Packet = (Vec<u8>, u32);

#[derive(Debug, Clone, Copy)]
enum Source {
    /// `ld{,h,b} [off]`
    Abs { off: u32, size: u32 },
    /// `ld{,h,b} [x + off]`, with `x` from `ldxb 4*([msh]&0xf)`, if known.
    Ind {
        off: u32,
        size: u32,
        msh: Option<u32>,
    },
    /// `ld #pktlen`
    Len,
}

#[derive(Debug, Clone, Copy)]
struct Constraint {
    source: Source,
    value: u32,
    mask: u32,
    /// Compared by `jgt`/`jge`: try the neighbours too.
    ordered: bool,
}

fn constraints(program: &[Insn]) -> Vec<Constraint> {
    let mut out = Vec::new();
    let mut loaded: Option<Source> = None;
    let mut mask = u32::MAX;
    let mut msh: Option<u32> = None;
    for insn in program {
        let code = insn.code;
        let size = match code & 0x18 {
            B => 1,
            H => 2,
            _ => 4,
        };
        match class(code) {
            LD => {
                mask = u32::MAX;
                loaded = match code & 0xe0 {
                    ABS => Some(Source::Abs { off: insn.k, size }),
                    IND => Some(Source::Ind {
                        off: insn.k,
                        size,
                        msh,
                    }),
                    LEN => Some(Source::Len),
                    _ => None,
                };
            }
            LDX => {
                if code == LDX | B | MSH {
                    msh = Some(insn.k);
                    out.push(Constraint {
                        source: Source::Abs {
                            off: insn.k,
                            size: 1,
                        },
                        value: 0x45,
                        mask: 0xff,
                        ordered: false,
                    });
                } else {
                    msh = None;
                }
            }
            ALU if code == ALU | AND | K => mask &= insn.k,
            ALU => loaded = None,
            MISC => loaded = None,
            JMP if code & 0x08 == K && jmp_op(code) != JA => {
                if let Some(source) = loaded {
                    let (value, m) = if jmp_op(code) == JSET {
                        (insn.k, insn.k & mask)
                    } else {
                        (insn.k, mask)
                    };
                    out.push(Constraint {
                        source,
                        value,
                        mask: m,
                        ordered: matches!(jmp_op(code), JGT | JGE),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
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

const MAX_LEN: usize = 2048;

fn write(packet: &mut Vec<u8>, rng: &mut Rng, off: usize, size: usize, value: u32, mask: u32) {
    if off + size > MAX_LEN {
        return;
    }
    while packet.len() < off + size {
        packet.push(rng.next() as u8);
    }
    let shift = 8 * (4 - size) as u32;
    let (value, mask) = if size == 4 {
        (value, mask)
    } else {
        (
            value & ((1 << (8 * size)) - 1),
            mask & ((1 << (8 * size)) - 1),
        )
    };
    let mut old = 0u32;
    for i in 0..size {
        old = (old << 8) | u32::from(packet[off + i]);
    }
    let new = (value & mask) | (old & !mask);
    let bytes = (new << shift).to_be_bytes();
    packet[off..off + size].copy_from_slice(&bytes[..size]);
}

fn apply(c: &Constraint, packet: &mut Vec<u8>, wire: &mut Option<u32>, rng: &mut Rng) {
    let value = if c.ordered {
        match rng.below(3) {
            0 => c.value.wrapping_sub(1),
            1 => c.value,
            _ => c.value.wrapping_add(1),
        }
    } else {
        c.value
    };
    match c.source {
        Source::Abs { off, size } => write(packet, rng, off as usize, size as usize, value, c.mask),
        Source::Ind { off, size, msh } => {
            let x = match msh {
                Some(m) => packet.get(m as usize).map_or(0, |b| 4 * u32::from(b & 0xf)),
                None => 0,
            };
            write(
                packet,
                rng,
                off.wrapping_add(x) as usize,
                size as usize,
                value,
                c.mask,
            )
        }
        Source::Len => {
            if (value as usize) <= MAX_LEN {
                packet.resize(value as usize, 0);
                *wire = None;
            } else {
                *wire = Some(value);
            }
        }
    }
}

/// `count` packets steered through the given programs, plus the empty packet.
pub fn packets(programs: &[&[Insn]], seed: u64, count: usize) -> Vec<Packet> {
    let mut rng = Rng::new(seed);
    let all: Vec<Constraint> = programs.iter().flat_map(|p| constraints(p)).collect();
    let mut out: Vec<Packet> = vec![(Vec::new(), 0)];
    for i in 0..count {
        let len = rng.below(80) as usize;
        let mut packet: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let mut wire = None;
        // From few constraints to all of them.
        let percent = if i == 0 { 100 } else { 20 + rng.below(81) };
        for c in &all {
            if rng.chance(percent) {
                apply(c, &mut packet, &mut wire, &mut rng);
            }
        }
        let mut wire_len = wire.unwrap_or(packet.len() as u32).max(packet.len() as u32);
        // Sometimes cut the capture short (a snapshot length), sometimes
        // leave a few more bytes.
        match rng.below(8) {
            0 if !packet.is_empty() => {
                let keep = rng.below(packet.len() as u64) as usize;
                packet.truncate(keep);
            }
            1 => {
                for _ in 0..rng.below(16) {
                    packet.push(rng.next() as u8);
                }
                wire_len = wire_len.max(packet.len() as u32);
            }
            _ => {}
        }
        out.push((packet, wire_len));
    }
    out
}
