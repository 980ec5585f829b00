//! Shared by the code generator's differential tests: the sample captures
//! grouped by link type, a classic BPF interpreter with libpcap's
//! `bpf_filter` semantics, and verdict comparisons.
#![allow(dead_code)]

use bpfdump::cbpf::{op, Insn};
use std::collections::BTreeMap;
use std::path::Path;

/// One packet: captured bytes and the length on the wire.
pub type Packet = (Vec<u8>, u32);

/// Every packet of the sample captures, by tcpdump's link type name.
pub fn captures_by_linktype(shared: &Path) -> BTreeMap<String, Vec<Packet>> {
    let mut out: BTreeMap<String, Vec<Packet>> = BTreeMap::new();
    let index = std::fs::read_to_string(shared.join("pcaps/index.tsv")).unwrap_or_default();
    for line in index.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let path = shared.join("pcaps").join(f[0]);
        let packets = read_capture(&path, f[1]);
        out.entry(f[3].to_string()).or_default().extend(packets);
    }
    out
}

fn read_capture(path: &Path, format: &str) -> Vec<Packet> {
    let mut out = Vec::new();
    let Ok(bytes) = std::fs::read(path) else { return out };
    if format == "pcapng" {
        let Ok(mut r) = pcap_file::pcapng::PcapNgReader::new(&bytes[..]) else { return out };
        while let Some(block) = r.next_block() {
            match block {
                Ok(pcap_file::pcapng::Block::EnhancedPacket(p)) => out.push((p.data.to_vec(), p.original_len)),
                Ok(pcap_file::pcapng::Block::SimplePacket(p)) => out.push((p.data.to_vec(), p.original_len)),
                Ok(_) => {}
                Err(_) => break,
            }
        }
    } else {
        let Ok(mut r) = pcap_file::pcap::PcapReader::new(&bytes[..]) else { return out };
        while let Some(p) = r.next_packet() {
            match p {
                Ok(p) => out.push((p.data.to_vec(), p.orig_len)),
                Err(_) => break,
            }
        }
    }
    out
}

/// Run a classic program as libpcap's `bpf_filter` does: loads past the
/// end of the packet and division by zero return 0; `None` if the program
/// runs off its end or jumps out of range (never for valid programs).
pub fn run(prog: &[Insn], p: &[u8], wire_len: u32) -> Option<u32> {
    let (mut a, mut x) = (0u32, 0u32);
    let mut mem = [0u32; 16];
    let mut pc = 0usize;
    let buflen = p.len() as u64;
    let load = |k: u64, size: u64| -> Option<u32> {
        if k + size > buflen {
            return None;
        }
        let k = k as usize;
        Some(match size {
            4 => u32::from_be_bytes([p[k], p[k + 1], p[k + 2], p[k + 3]]),
            2 => u16::from_be_bytes([p[k], p[k + 1]]) as u32,
            _ => p[k] as u32,
        })
    };
    let mut steps = 0;
    loop {
        steps += 1;
        if steps > 1_000_000 {
            return None;
        }
        let i = *prog.get(pc)?;
        pc += 1;
        let size = |c: u16| match op::size(c) {
            op::W => 4,
            op::H => 2,
            _ => 1,
        };
        match op::class(i.code) {
            op::LD => match op::mode(i.code) {
                op::IMM => a = i.k,
                op::ABS => match load(i.k as u64, size(i.code)) {
                    Some(v) => a = v,
                    None => return Some(0),
                },
                op::IND => match load(x as u64 + i.k as u64, size(i.code)) {
                    Some(v) => a = v,
                    None => return Some(0),
                },
                op::MEM => a = mem[i.k as usize % 16],
                op::LEN => a = wire_len,
                _ => return None,
            },
            op::LDX => match op::mode(i.code) {
                op::IMM => x = i.k,
                op::MEM => x = mem[i.k as usize % 16],
                op::LEN => x = wire_len,
                op::MSH => match load(i.k as u64, 1) {
                    Some(v) => x = (v & 0xf) << 2,
                    None => return Some(0),
                },
                _ => return None,
            },
            op::ST => mem[i.k as usize % 16] = a,
            op::STX => mem[i.k as usize % 16] = x,
            op::ALU => {
                let b = if op::src(i.code) == op::X { x } else { i.k };
                a = match op::alu_op(i.code) {
                    op::ADD => a.wrapping_add(b),
                    op::SUB => a.wrapping_sub(b),
                    op::MUL => a.wrapping_mul(b),
                    op::DIV => {
                        if b == 0 {
                            return Some(0);
                        }
                        a / b
                    }
                    op::MOD => {
                        if b == 0 {
                            return Some(0);
                        }
                        a % b
                    }
                    op::AND => a & b,
                    op::OR => a | b,
                    op::XOR => a ^ b,
                    op::LSH => a.wrapping_shl(b),
                    op::RSH => a.wrapping_shr(b),
                    op::NEG => a.wrapping_neg(),
                    _ => return None,
                }
            }
            op::JMP => {
                let b = if op::src(i.code) == op::X { x } else { i.k };
                let taken = match op::jmp_op(i.code) {
                    op::JA => {
                        pc += i.k as usize;
                        continue;
                    }
                    op::JEQ => a == b,
                    op::JGT => a > b,
                    op::JGE => a >= b,
                    op::JSET => a & b != 0,
                    _ => return None,
                };
                pc += if taken { i.jt as usize } else { i.jf as usize };
            }
            op::RET => return Some(if op::rval(i.code) == op::A { a } else { i.k }),
            op::MISC => {
                if op::miscop(i.code) == op::TAX {
                    x = a
                } else {
                    a = x
                }
            }
            _ => return None,
        }
    }
}

/// Packets on which two programs disagree: (index, ours, theirs).
pub fn disagreements(ours: &[Insn], theirs: &[Insn], packets: &[Packet]) -> Vec<(usize, Option<u32>, Option<u32>)> {
    let mut out = Vec::new();
    for (n, (data, wire)) in packets.iter().enumerate() {
        let a = run(ours, data, *wire);
        let b = run(theirs, data, *wire);
        // A libpcap program that loops forever has no verdict to match.
        if b.is_none() {
            continue;
        }
        if a != b {
            out.push((n, a, b));
        }
    }
    out
}
