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

pub fn read_capture(path: &Path, format: &str) -> Vec<Packet> {
    let mut out = Vec::new();
    let Ok(bytes) = std::fs::read(path) else {
        return out;
    };
    if format == "pcapng" {
        let Ok(mut r) = pcap_file::pcapng::PcapNgReader::new(&bytes[..]) else {
            return out;
        };
        while let Some(block) = r.next_block() {
            match block {
                Ok(pcap_file::pcapng::Block::EnhancedPacket(p)) => {
                    out.push((p.data.to_vec(), p.original_len))
                }
                Ok(pcap_file::pcapng::Block::SimplePacket(p)) => {
                    out.push((p.data.to_vec(), p.original_len))
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    } else {
        // Classic pcap, read leniently (several sample files have records
        // longer than their snapshot length, which tcpdump still reads).
        if bytes.len() < 24 {
            return out;
        }
        let magic = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let le = match magic {
            0xa1b2_c3d4 | 0xa1b2_3c4d => true,
            0xd4c3_b2a1 | 0x4d3c_b2a1 => false,
            _ => return out,
        };
        let word = |at: usize| -> u32 {
            let b = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
            if le {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            }
        };
        let mut at = 24;
        while at + 16 <= bytes.len() {
            let incl = word(at + 8) as usize;
            let orig = word(at + 12);
            at += 16;
            if incl > 262_144 || at + incl > bytes.len() {
                break;
            }
            out.push((bytes[at..at + incl].to_vec(), orig));
            at += incl;
        }
    }
    out
}

/// Run a classic program in the reference interpreter (`cbpf::interp`,
/// libpcap's `bpf_filter` semantics).
pub fn run(prog: &[Insn], p: &[u8], wire_len: u32) -> Option<u32> {
    Some(bpfdump::cbpf::interp::run(prog, p, wire_len))
}

/// Packets on which two programs disagree: (index, ours, theirs).
pub fn disagreements(
    ours: &[Insn],
    theirs: &[Insn],
    packets: &[Packet],
) -> Vec<(usize, Option<u32>, Option<u32>)> {
    disagreements_where(ours, theirs, packets, None)
}

/// Like [`disagreements`], but only on packets where libpcap's optimized
/// program agrees with its unoptimized one (`reference`): libpcap's
/// optimizer sometimes drops a load, which changes the verdict on packets
/// too short for it; the unoptimized program defines the meaning.
pub fn disagreements_where(
    ours: &[Insn],
    theirs: &[Insn],
    packets: &[Packet],
    reference: Option<&[Insn]>,
) -> Vec<(usize, Option<u32>, Option<u32>)> {
    let mut out = Vec::new();
    for (n, (data, wire)) in packets.iter().enumerate() {
        let a = run(ours, data, *wire);
        let b = run(theirs, data, *wire);
        if let Some(r) = reference {
            if run(r, data, *wire) != b {
                continue;
            }
        }
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

/// Packets on which our unoptimized program disagrees with tcpdump's `-O`
/// one (`theirs`), except that where tcpdump's own optimized program
/// (`theirs_optimized`) gives another verdict than its `-O` one, ours may
/// give either. Our code generator emits a few shapes (or-chains of ports
/// and IPv4 hosts tested field by field, source fields first; masked-out
/// prefix words not loaded) the way libpcap's optimizer leaves them, because
/// tcpdump's default program is the optimized one; libpcap's two programs
/// differ on packets that end inside those fields, and there ours follows
/// the optimized one. Everywhere else ours must give the `-O` verdict.
pub fn unoptimized_disagreements(
    ours: &[Insn],
    theirs: &[Insn],
    theirs_optimized: Option<&[Insn]>,
    packets: &[Packet],
) -> Vec<(usize, Option<u32>, Option<u32>)> {
    disagreements(ours, theirs, packets)
        .into_iter()
        .filter(|&(n, a, b)| {
            let (data, wire) = &packets[n];
            let optimized = theirs_optimized.and_then(|p| run(p, data, *wire));
            !(optimized != b && a == optimized)
        })
        .collect()
}

/// Where the accumulator's value came from when a branch tested it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Loaded from the packet at this offset, with this width.
    Packet { offset: usize, size: usize },
    /// The wire length.
    Len,
    /// Anything else (memory, arithmetic).
    Other,
}

/// One conditional branch executed: what A was compared with.
#[derive(Debug, Clone, Copy)]
pub struct Branch {
    pub source: Source,
    /// An `and #mask` applied between the load and the branch.
    pub mask: Option<u32>,
    pub jop: u16,
    pub k: u32,
    pub taken: bool,
}

/// Run `prog` and record its conditional branches (on constants) and the
/// packet offsets it loads, for building packets that steer it elsewhere.
pub fn trace(prog: &[Insn], p: &[u8], wire_len: u32) -> (Vec<Branch>, Vec<(usize, usize)>) {
    let (mut a, mut x) = (0u32, 0u32);
    let mut mem = [0u32; 16];
    let mut pc = 0usize;
    let mut src = Source::Other;
    let mut mask = None;
    let mut branches = Vec::new();
    let mut loads = Vec::new();
    let get = |k: usize, size: usize| -> Option<u32> {
        let b = p.get(k..k.checked_add(size)?)?;
        Some(match size {
            4 => u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
            2 => u16::from_be_bytes([b[0], b[1]]) as u32,
            _ => b[0] as u32,
        })
    };
    for _ in 0..100_000 {
        let Some(&i) = prog.get(pc) else { break };
        pc += 1;
        let size = match op::size(i.code) {
            op::W => 4,
            op::H => 2,
            _ => 1,
        };
        match op::class(i.code) {
            op::LD => match op::mode(i.code) {
                op::ABS | op::IND => {
                    let off = if op::mode(i.code) == op::IND {
                        x as u64 + i.k as u64
                    } else {
                        i.k as u64
                    };
                    let off = off.min(usize::MAX as u64 / 2) as usize;
                    loads.push((off, size));
                    match get(off, size) {
                        Some(v) => {
                            a = v;
                            src = Source::Packet { offset: off, size };
                            mask = None;
                        }
                        None => break,
                    }
                }
                op::LEN => {
                    a = wire_len;
                    src = Source::Len;
                    mask = None;
                }
                op::MEM => {
                    a = mem[i.k as usize % 16];
                    src = Source::Other;
                }
                _ => {
                    a = i.k;
                    src = Source::Other;
                }
            },
            op::LDX => match op::mode(i.code) {
                op::MSH => {
                    loads.push((i.k as usize, 1));
                    match get(i.k as usize, 1) {
                        Some(v) => x = (v & 0xf) << 2,
                        None => break,
                    }
                }
                op::MEM => x = mem[i.k as usize % 16],
                op::LEN => x = wire_len,
                _ => x = i.k,
            },
            op::ST => mem[i.k as usize % 16] = a,
            op::STX => mem[i.k as usize % 16] = x,
            op::ALU => {
                let b = if op::src(i.code) == op::X { x } else { i.k };
                if op::alu_op(i.code) == op::AND && op::src(i.code) == op::K && mask.is_none() {
                    mask = Some(i.k);
                } else {
                    src = Source::Other;
                }
                a = match op::alu_op(i.code) {
                    op::ADD => a.wrapping_add(b),
                    op::SUB => a.wrapping_sub(b),
                    op::MUL => a.wrapping_mul(b),
                    op::DIV if b != 0 => a / b,
                    op::MOD if b != 0 => a % b,
                    op::DIV | op::MOD => break,
                    op::AND => a & b,
                    op::OR => a | b,
                    op::XOR => a ^ b,
                    op::LSH => a.checked_shl(b).unwrap_or(0),
                    op::RSH => a.checked_shr(b).unwrap_or(0),
                    _ => a.wrapping_neg(),
                };
            }
            op::JMP => {
                if op::jmp_op(i.code) == op::JA {
                    // 32-bit wrap-around: libpcap's protochain jumps back.
                    pc = (pc as u32).wrapping_add(i.k) as usize;
                    continue;
                }
                let by_x = op::src(i.code) == op::X;
                let b = if by_x { x } else { i.k };
                let taken = match op::jmp_op(i.code) {
                    op::JEQ => a == b,
                    op::JGT => a > b,
                    op::JGE => a >= b,
                    _ => a & b != 0,
                };
                if !by_x {
                    branches.push(Branch {
                        source: src,
                        mask,
                        jop: op::jmp_op(i.code),
                        k: i.k,
                        taken,
                    });
                }
                pc += if taken { i.jt as usize } else { i.jf as usize };
            }
            op::RET => break,
            _ => {
                if op::miscop(i.code) == op::TAX {
                    x = a
                } else {
                    a = x;
                    src = Source::Other;
                }
            }
        }
    }
    (branches, loads)
}

/// Values of the tested field that would send `b` the other way.
pub fn flip_values(b: &Branch, old: u32) -> Vec<u32> {
    let m = b.mask.unwrap_or(u32::MAX);
    let keep = old & !m;
    let k = b.k;
    let mut v = match (b.jop, b.taken) {
        (op::JEQ, false) => vec![keep | (k & m)],
        (op::JEQ, true) => vec![keep | ((k ^ 1) & m), keep | ((k.wrapping_add(0x100)) & m)],
        (op::JGT, false) => vec![k.wrapping_add(1), k.wrapping_add(1) | keep],
        (op::JGT, true) => vec![k, k & m],
        (op::JGE, false) => vec![k, k | keep],
        (op::JGE, true) => vec![k.wrapping_sub(1)],
        (_, false) => vec![old | (k & m)],
        (_, true) => vec![old & !k],
    };
    v.dedup();
    v
}

/// Write `v` big-endian into `p` at `offset` (growing `p` if needed).
pub fn write_be(p: &mut Vec<u8>, offset: usize, size: usize, v: u32) {
    if offset + size > p.len() {
        if offset + size > 4096 {
            return;
        }
        p.resize(offset + size, 0);
    }
    let bytes = v.to_be_bytes();
    p[offset..offset + size].copy_from_slice(&bytes[4 - size..]);
}

/// How many packets libpcap's optimized and unoptimized programs disagree on.
pub fn libpcap_inconsistencies(
    optimized: &[Insn],
    unoptimized: &[Insn],
    packets: &[Packet],
) -> usize {
    packets
        .iter()
        .filter(|(d, w)| run(optimized, d, *w) != run(unoptimized, d, *w))
        .count()
}

/// tcpdump's program (or error) for `expr` on link type `lt`, cached
/// under the build's temporary directory, keyed by tcpdump's version:
/// the differential tests ask for thousands of programs, and asking
/// tcpdump again for an unchanged expression only costs time.
pub fn tcpdump_cached(
    lt: &str,
    expr: &str,
    optimize: bool,
) -> Result<bpfdump::cbpf::Program, String> {
    use std::hash::{Hash, Hasher};
    use std::sync::OnceLock;
    static VERSION: OnceLock<String> = OnceLock::new();
    // The reference is libpcap's development snapshot: cache by its build.
    let version = VERSION.get_or_init(|| match crate::common::libpcap_snapshot() {
        Ok(path) => {
            let stamp = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .map(|t| format!("{t:?}"))
                .unwrap_or_default();
            format!("{} {stamp} -m 0.0.0.0", path.display())
        }
        Err(e) => e,
    });
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (version, lt, expr, optimize).hash(&mut h);
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tcpdump-programs");
    let file = dir.join(format!("{:016x}", h.finish()));
    if let Ok(text) = std::fs::read_to_string(&file) {
        // First line: the key again (to rule out collisions), then the result.
        let mut parts = text.splitn(3, '\n');
        let key = parts.next().unwrap_or("");
        let kind = parts.next().unwrap_or("");
        let body = parts.next().unwrap_or("");
        if key == format!("{lt}\t{optimize}\t{expr}") {
            return match kind {
                "ok" => crate::common::parse_ddd(body),
                _ => Err(body.to_string()),
            };
        }
    }
    let result = crate::common::tcpdump_program(lt, expr, optimize);
    if !matches!(&result, Err(e) if e.contains("timed out")) {
        let body = match &result {
            Ok(p) => {
                let mut t = format!("{}\n", p.len());
                for i in p {
                    t.push_str(&format!("{} {} {} {}\n", i.code, i.jt, i.jf, i.k));
                }
                format!("ok\n{t}")
            }
            Err(e) => format!("err\n{e}"),
        };
        let _ = std::fs::create_dir_all(&dir);
        let tmp = file.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, format!("{lt}\t{optimize}\t{expr}\n{body}")).is_ok() {
            let _ = std::fs::rename(&tmp, &file);
        }
    }
    result
}

/// Why our program is not loadable: our classic verifier's or the running
/// kernel's objection (`SO_ATTACH_FILTER`), or its length. `None` if fine.
/// A kernel that cannot attach filters at all, or runs out of option
/// memory (a resource limit, not a rule), is not an objection.
pub fn load_problem(program: &[Insn]) -> Option<String> {
    if program.len() > op::MAXINSNS {
        return Some(format!("{} instructions", program.len()));
    }
    if let Err(e) = bpfdump::cbpf::verify::verify(program) {
        return Some(format!("our classic verifier: {e}"));
    }
    match bpfdump::cbpf::kernel::attach_check(program) {
        Err(e) if e.raw_os_error() == Some(22) => Some(format!("the kernel rejects it: {e}")),
        _ => None,
    }
}

/// (link types, expression text, why): where libpcap 1.10's program is
/// wrong in a way we do not reproduce. Both bugs come from libpcap
/// computing variable offsets (802.11 behind a radio header) into the
/// register of the offset as it is at the END of the expression, after
/// `pppoes`/`geneve` replaced it, while earlier loads use the old one.
pub const KNOWN_LIBPCAP_BUGS: &[(&[&str], &str, &str)] = &[
    (
        &["IEEE802_11_RADIO", "PRISM_HEADER", "IEEE802_11_RADIO_AVS", "PPI"],
        "pppoes",
        "the radio header length is stored in the payload offset's register; the header offset register is read unset",
    ),
    (
        &["IEEE802_11", "IEEE802_11_RADIO", "PRISM_HEADER", "IEEE802_11_RADIO_AVS", "PPI"],
        "geneve",
        "the 802.11 payload offset is computed into geneve's register; the loads before geneve read an unset one",
    ),
    (
        &["IEEE802_11_RADIO", "PRISM_HEADER", "IEEE802_11_RADIO_AVS", "PPI"],
        "len ",
        "libpcap's development version, unoptimized: an arithmetic relation's scratch registers are the \
         payload offset's, which the relation overwrites before the payload is read",
    ),
];

pub fn known_libpcap_bug(lt: &str, expr: &str) -> bool {
    KNOWN_LIBPCAP_BUGS
        .iter()
        .any(|(l, e, _)| l.contains(&lt) && expr.contains(e))
}
