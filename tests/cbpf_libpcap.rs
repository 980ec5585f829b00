//! Differential tests against the installed libpcap itself: a tiny C
//! program, compiled at test time with `cc -lpcap`, runs libpcap's real
//! `bpf_filter()` and `bpf_dump()` on programs we generate, and our
//! interpreter and listing must give the same answers.
//!
//! Skipped (with a message) when `cc` or libpcap's development files are
//! missing.

mod common;

use bpfdump::cbpf::op::{self, *};
use bpfdump::cbpf::{dump, interp, Insn};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Reads cases from stdin: `n` then `n` instructions as `code jt jf k`; in
/// `filter` mode followed by `wirelen caplen` and `caplen` bytes, answered
/// with `bpf_filter`'s verdict; in mode `1`/`2`/`3` answered with
/// `bpf_dump(program, mode)` and a `--END--` line. In `matrix` mode: the
/// number of programs, each program (count, instructions), then packets
/// (`wirelen caplen bytes...`) until the end; one line of verdicts (one per
/// program) per packet.
const HARNESS_C: &str = r#"
#include <pcap/pcap.h>
#include <pcap/bpf.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
static struct bpf_insn prog[70000];
static unsigned char pkt[70000];
int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "filter";
  unsigned n;
  while (scanf("%u", &n) == 1) {
    if (n > 70000) return 2;
    if (!strcmp(mode, "matrix")) {
      /* n programs follow, each as count + instructions (the first
         already read as n is the number of programs), then packets. */
      static struct bpf_insn *progs[4096];
      static unsigned lens[4096];
      unsigned nprogs = n;
      if (nprogs > 4096) return 2;
      for (unsigned p = 0; p < nprogs; p++) {
        if (scanf("%u", &lens[p]) != 1 || lens[p] > 70000) return 2;
        progs[p] = malloc(sizeof(struct bpf_insn) * (lens[p] + 1));
        for (unsigned i = 0; i < lens[p]; i++) {
          unsigned c, jt, jf, k;
          if (scanf("%u %u %u %u", &c, &jt, &jf, &k) != 4) return 2;
          progs[p][i].code = c; progs[p][i].jt = jt; progs[p][i].jf = jf; progs[p][i].k = k;
        }
      }
      unsigned wire, cap;
      while (scanf("%u %u", &wire, &cap) == 2) {
        if (cap > sizeof pkt) return 2;
        for (unsigned i = 0; i < cap; i++) {
          unsigned b;
          if (scanf("%u", &b) != 1) return 2;
          pkt[i] = b;
        }
        for (unsigned p = 0; p < nprogs; p++)
          printf(p ? " %u" : "%u", bpf_filter(progs[p], pkt, wire, cap));
        printf("\n");
      }
      return 0;
    }
    for (unsigned i = 0; i < n; i++) {
      unsigned c, jt, jf, k;
      if (scanf("%u %u %u %u", &c, &jt, &jf, &k) != 4) return 2;
      prog[i].code = c; prog[i].jt = jt; prog[i].jf = jf; prog[i].k = k;
    }
    if (!strcmp(mode, "filter")) {
      unsigned wire, cap;
      if (scanf("%u %u", &wire, &cap) != 2 || cap > sizeof pkt) return 2;
      for (unsigned i = 0; i < cap; i++) {
        unsigned b;
        if (scanf("%u", &b) != 1) return 2;
        pkt[i] = b;
      }
      printf("%u\n", bpf_filter(prog, pkt, wire, cap));
    } else {
      struct bpf_program p;
      p.bf_len = n;
      p.bf_insns = prog;
      bpf_dump(&p, mode[0] - '0');
      printf("--END--\n");
    }
  }
  return 0;
}
"#;

/// Compile the harness once per test binary, linked with libpcap's
/// development snapshot (the reference: its `bpf_dump` prints no trailing
/// blanks, 1.10's did); `None` (after saying why) when there is no C
/// compiler or the snapshot cannot be built.
fn harness(test: &str) -> Option<PathBuf> {
    let snapshot = match common::libpcap_snapshot_dir() {
        Ok(dir) => dir,
        Err(why) => {
            eprintln!("{test}: skipped: {why}");
            return None;
        }
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let source = dir.join(format!("cbpf_harness_{test}.c"));
    let binary = dir.join(format!("cbpf_harness_{test}"));
    std::fs::write(&source, HARNESS_C).ok()?;
    let out = Command::new("cc")
        .arg("-O1")
        .arg("-I")
        .arg(&snapshot)
        .arg("-o")
        .arg(&binary)
        .arg(&source)
        .arg(snapshot.join("build/libpcap.a"))
        .output();
    match out {
        Ok(o) if o.status.success() => Some(binary),
        Ok(o) => {
            eprintln!(
                "{test}: skipped: cannot build the libpcap harness (libpcap-dev missing?): {}",
                String::from_utf8_lossy(&o.stderr)
            );
            None
        }
        Err(e) => {
            eprintln!("{test}: skipped: no C compiler: {e}");
            None
        }
    }
}

/// Run the harness in `mode` on `input`; its stdout.
fn run_harness(binary: &PathBuf, mode: &str, input: String) -> String {
    let input_path = binary.with_extension(format!("{mode}.in"));
    std::fs::write(&input_path, input).expect("write harness input");
    let out = Command::new(binary)
        .arg(mode)
        .stdin(Stdio::from(
            std::fs::File::open(&input_path).expect("open harness input"),
        ))
        .output()
        .expect("run harness");
    assert!(
        out.status.success(),
        "harness failed: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("harness output is text")
}

/// splitmix64: a small seeded generator, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn u32(&mut self) -> u32 {
        self.next() as u32
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

fn write_program(out: &mut String, program: &[Insn]) {
    let _ = write!(out, "{}", program.len());
    for i in program {
        let _ = write!(out, " {} {} {} {}", i.code, i.jt, i.jf, i.k);
    }
    out.push('\n');
}

/// A constant that is interesting for packet offsets of packets up to ~80
/// bytes, or any 32-bit value now and then.
fn offset_k(rng: &mut Rng) -> u32 {
    match rng.below(10) {
        0 => rng.u32(),
        1 => {
            SKF_AD_OFF
                + rng.pick(&[
                    SKF_AD_PROTOCOL,
                    SKF_AD_PKTTYPE,
                    SKF_AD_IFINDEX,
                    SKF_AD_VLAN_TAG,
                    SKF_AD_VLAN_TAG_PRESENT,
                ])
        }
        2 => u32::MAX - rng.below(4) as u32,
        _ => rng.below(90) as u32,
    }
}

fn value_k(rng: &mut Rng) -> u32 {
    match rng.below(4) {
        0 => rng.u32(),
        1 => rng.below(3) as u32,
        2 => u32::MAX - rng.below(3) as u32,
        _ => rng.below(300) as u32,
    }
}

/// A random program that libpcap 1.10 runs without undefined behaviour:
/// every scratch slot written before use, memory indexes below 16, constant
/// shifts below 32, no constant division by zero, forward jumps that stay
/// inside the program, a `ret` at the end. (Within those limits anything
/// goes, including loads out of bounds and division by a zero `X`.)
fn random_program(rng: &mut Rng) -> Vec<Insn> {
    let mut p = vec![
        Insn::stmt(LD | IMM, value_k(rng)),
        Insn::stmt(LDX | IMM, value_k(rng)),
    ];
    for slot in 0..MEMWORDS {
        p.push(Insn::stmt(if rng.below(2) == 0 { ST } else { STX }, slot));
    }
    let body = 1 + rng.below(30) as usize;
    let total = p.len() + body + 1;
    for _ in 0..body {
        let code = loop {
            let c = rng.pick(common::CLASSIC_OPCODES);
            if op::class(c) != RET || rng.below(8) == 0 {
                break c;
            }
        };
        let remaining = (total - p.len() - 2) as u64; // instructions after this one, before the last
        let mut insn = Insn::stmt(code, 0);
        insn.k = match code {
            c if c == LD | MEM || c == LDX | MEM || c == ST || c == STX => rng.below(16) as u32,
            c if c == ALU | LSH | K || c == ALU | RSH | K => rng.below(32) as u32,
            c if c == ALU | DIV | K || c == ALU | MOD | K => {
                1 + rng.below(u64::from(u32::MAX)) as u32
            }
            c if c == JMP | JA => rng.below(remaining + 1) as u32,
            c if op::mode(c) == ABS || op::mode(c) == IND || op::mode(c) == MSH => offset_k(rng),
            _ => value_k(rng),
        };
        if op::class(code) == JMP && code != JMP | JA {
            insn.jt = rng.below((remaining + 1).min(256)) as u8;
            insn.jf = rng.below((remaining + 1).min(256)) as u8;
        }
        p.push(insn);
    }
    p.push(if rng.below(2) == 0 {
        Insn::stmt(RET | A, 0)
    } else {
        Insn::stmt(RET | K, value_k(rng))
    });
    p
}

fn random_packet(rng: &mut Rng) -> (Vec<u8>, u32) {
    let len = rng.below(80) as usize;
    let mut data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
    // IPv4-looking first bytes now and then, so `ldxb 4*([k]&0xf)` varies.
    if len > 14 && rng.below(2) == 0 {
        data[14] = 0x45;
    }
    let wire = len as u32
        + if rng.below(2) == 0 {
            0
        } else {
            rng.below(2000) as u32
        };
    (data, wire)
}

#[test]
fn interpreter_matches_libpcap_bpf_filter_on_random_programs() {
    let Some(binary) = harness("filter") else {
        return;
    };
    let mut rng = Rng(0x5eed_cbf0);
    let mut cases = Vec::new();
    let mut input = String::new();
    for _ in 0..3000 {
        let program = random_program(&mut rng);
        for _ in 0..4 {
            let (data, wire) = random_packet(&mut rng);
            write_program(&mut input, &program);
            let _ = write!(input, "{} {}", wire, data.len());
            for b in &data {
                let _ = write!(input, " {b}");
            }
            input.push('\n');
            cases.push((program.clone(), data, wire));
        }
    }
    let output = run_harness(&binary, "filter", input);
    let verdicts: Vec<u32> = output
        .lines()
        .map(|l| l.parse().expect("verdict"))
        .collect();
    assert_eq!(verdicts.len(), cases.len());
    let mut accepted = 0;
    for ((program, data, wire), expected) in cases.iter().zip(&verdicts) {
        let ours = interp::run(program, data, *wire);
        assert_eq!(
            ours,
            *expected,
            "verdict differs from libpcap's on packet {data:02x?} (wire {wire}):\n{}",
            dump::listing(program, 1)
        );
        accepted += usize::from(ours != 0);
    }
    // The generator must exercise both outcomes to mean anything.
    assert!(
        accepted > cases.len() / 10 && accepted < cases.len() * 9 / 10,
        "accepted {accepted} of {}",
        cases.len()
    );
}

#[test]
fn interpreter_matches_libpcap_on_edge_cases() {
    let Some(binary) = harness("edges") else {
        return;
    };
    // Hand-made programs around each boundary: exact ends of the packet,
    // X + k overflow, division by a zero X, shifts by X >= 32.
    let mut programs = Vec::new();
    for size in [W, H, B] {
        for k in [
            0u32,
            1,
            2,
            3,
            4,
            5,
            6,
            7,
            8,
            u32::MAX,
            u32::MAX - 1,
            u32::MAX - 3,
            0x8000_0000,
        ] {
            programs.push(vec![Insn::stmt(LD | size | ABS, k), Insn::stmt(RET | A, 0)]);
            for x in [0u32, 1, 3, 7, u32::MAX, u32::MAX - 2] {
                programs.push(vec![
                    Insn::stmt(LDX | IMM, x),
                    Insn::stmt(LD | size | IND, k),
                    Insn::stmt(RET | A, 0),
                ]);
            }
        }
    }
    for k in [0u32, 5, 6, 7, u32::MAX] {
        programs.push(vec![
            Insn::stmt(LDX | B | MSH, k),
            Insn::stmt(MISC | TXA, 0),
            Insn::stmt(RET | A, 0),
        ]);
    }
    for op in [DIV, MOD, LSH, RSH] {
        for x in [0u32, 1, 7, 31, 32, 33, u32::MAX] {
            programs.push(vec![
                Insn::stmt(LD | IMM, 0xdead_beef),
                Insn::stmt(LDX | IMM, x),
                Insn::stmt(ALU | op | X, 0),
                Insn::stmt(ALU | ADD | K, 1),
                Insn::stmt(RET | A, 0),
            ]);
        }
    }
    programs.push(vec![Insn::stmt(LD | W | LEN, 0), Insn::stmt(RET | A, 0)]);
    programs.push(vec![
        Insn::stmt(LDX | W | LEN, 0),
        Insn::stmt(MISC | TXA, 0),
        Insn::stmt(RET | A, 0),
    ]);
    let packets: Vec<Vec<u8>> = vec![
        vec![],
        vec![0x45],
        (1..=7).collect(),
        (0..8).map(|i| 0xf0 | i).collect(),
    ];
    let mut input = String::new();
    let mut cases = Vec::new();
    for program in &programs {
        for data in &packets {
            write_program(&mut input, program);
            let _ = write!(input, "{} {}", 1000, data.len());
            for b in data {
                let _ = write!(input, " {b}");
            }
            input.push('\n');
            cases.push((program, data));
        }
    }
    let output = run_harness(&binary, "filter", input);
    for ((program, data), line) in cases.iter().zip(output.lines()) {
        let expected: u32 = line.parse().expect("verdict");
        assert_eq!(
            interp::run(program, data, 1000),
            expected,
            "on {data:02x?}:\n{}",
            dump::listing(program, 1)
        );
    }
    assert_eq!(output.lines().count(), cases.len());
}

/// Split the harness' dump output at its `--END--` markers.
fn dumps(output: &str) -> Vec<String> {
    let mut result = Vec::new();
    let mut current = String::new();
    for line in output.split_inclusive('\n') {
        if line == "--END--\n" {
            result.push(std::mem::take(&mut current));
        } else {
            current.push_str(line);
        }
    }
    result
}

#[test]
fn listing_matches_libpcap_bpf_dump_for_every_opcode() {
    let Some(binary) = harness("dump") else {
        return;
    };
    let mut rng = Rng(0xd0d0);
    let ks = [
        0u32,
        1,
        10,
        15,
        16,
        31,
        32,
        255,
        0x7fff_ffff,
        0x8000_0000,
        0xffff_f000,
        u32::MAX,
    ];
    // Every 9-bit opcode (the defined ones and the junk around them) with
    // special and random operands, in programs long enough for 4-digit line
    // numbers; plus opcodes with high bits set.
    let mut programs: Vec<Vec<Insn>> = Vec::new();
    let mut program = Vec::new();
    for code in 0u16..0x200 {
        for &k in ks.iter() {
            program.push(Insn {
                code,
                jt: rng.next() as u8,
                jf: rng.next() as u8,
                k,
            });
        }
        program.push(Insn {
            code,
            jt: 0,
            jf: 255,
            k: rng.u32(),
        });
        if program.len() > 1500 {
            programs.push(std::mem::take(&mut program));
        }
    }
    for _ in 0..200 {
        program.push(Insn {
            code: rng.next() as u16,
            jt: rng.next() as u8,
            jf: rng.next() as u8,
            k: rng.u32(),
        });
    }
    programs.push(program);
    programs.push(vec![Insn::stmt(RET | K, 0)]);
    programs.push(vec![]);

    for level in ["1", "2", "3"] {
        let mut input = String::new();
        for p in &programs {
            write_program(&mut input, p);
        }
        let theirs = dumps(&run_harness(&binary, level, input));
        assert_eq!(theirs.len(), programs.len());
        for (p, expected) in programs.iter().zip(&theirs) {
            let ours = dump::listing(p, level.parse().unwrap());
            if &ours != expected {
                let first = ours.lines().zip(expected.lines()).find(|(a, b)| a != b);
                panic!("level {level}: first differing line (ours, libpcap's): {first:?}");
            }
        }
    }
}

/// Packets of the shared captures in classic pcap format, by link type name
/// (at most `limit` per link type).
fn shared_packets(
    shared: &std::path::Path,
    limit: usize,
) -> std::collections::BTreeMap<String, Vec<(Vec<u8>, u32)>> {
    let mut by_link = std::collections::BTreeMap::<String, Vec<(Vec<u8>, u32)>>::new();
    let index = std::fs::read_to_string(shared.join("pcaps/index.tsv")).unwrap_or_default();
    for line in index.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 || f[1] != "pcap" {
            continue;
        }
        let packets = by_link.entry(f[3].to_string()).or_default();
        let Ok(file) = std::fs::File::open(shared.join("pcaps").join(f[0])) else {
            continue;
        };
        let Ok(mut reader) = pcap_file::pcap::PcapReader::new(file) else {
            continue;
        };
        while packets.len() < limit {
            match reader.next_packet() {
                Some(Ok(p)) => packets.push((p.data.into_owned(), p.orig_len)),
                _ => break,
            }
        }
    }
    by_link
}

/// Packets built to satisfy a program's own comparisons: for every
/// absolute load followed by `jeq #c` (or `jset #c`), patch `c` into the
/// packet at the load's offset — one patch at a time and all at once — on
/// top of real packets.
fn satisfying_packets(
    program: &[Insn],
    bases: &[(Vec<u8>, u32)],
    rng: &mut Rng,
) -> Vec<(Vec<u8>, u32)> {
    let mut patches = Vec::new();
    for pair in program.windows(2) {
        let (load, jump) = (pair[0], pair[1]);
        let size = match load.code {
            c if c == LD | W | ABS => 4,
            c if c == LD | H | ABS => 2,
            c if c == LD | B | ABS => 1,
            _ => continue,
        };
        if (jump.code == JMP | JEQ | K || jump.code == JMP | JSET | K) && load.k < 2000 {
            let bytes = jump.k.to_be_bytes();
            patches.push((load.k as usize, bytes[4 - size..].to_vec()));
        }
    }
    let mut out = Vec::new();
    for _ in 0..6 {
        let (base, _) = &bases[rng.below(bases.len() as u64) as usize];
        let mut all = base.clone();
        for (offset, bytes) in &patches {
            let mut one = base.clone();
            for target in [&mut one, &mut all] {
                if target.len() < offset + bytes.len() {
                    target.resize(offset + bytes.len() + rng.below(40) as usize, 0);
                }
                target[*offset..offset + bytes.len()].copy_from_slice(bytes);
            }
            if rng.below(4) == 0 {
                let wire = one.len() as u32;
                out.push((one, wire));
            }
        }
        let wire = all.len() as u32;
        out.push((all, wire));
    }
    out
}

/// tcpdump's own programs for the example filters, on the shared captures'
/// packets and on packets built to satisfy the programs: our interpreter
/// and libpcap's `bpf_filter` return the same value for every packet.
#[test]
fn interpreter_matches_libpcap_on_tcpdump_programs_and_real_packets() {
    let test = "interpreter_matches_libpcap_on_tcpdump_programs_and_real_packets";
    let Some(binary) = harness("matrix") else {
        return;
    };
    if !common::have_tcpdump(test) {
        return;
    }
    let Some(shared) = common::shared_dir_or_skip(test) else {
        return;
    };
    let filters = common::example_filters(&shared);
    let packets_by_link = shared_packets(&shared, 2000);
    let mut rng = Rng(0xfeed);
    let (mut runs, mut accepted) = (0usize, 0usize);
    for (n, (linktype, real_packets)) in packets_by_link.iter().enumerate() {
        if real_packets.is_empty() {
            continue;
        }
        // All filters on Ethernet; a rotating quarter elsewhere (tcpdump is
        // asked for each program, which costs time).
        let exprs: Vec<&String> = if linktype == "EN10MB" {
            filters.iter().collect()
        } else {
            filters.iter().skip(n % 4).step_by(4).collect()
        };
        let programs: Vec<Vec<Insn>> = exprs
            .iter()
            .filter_map(|e| common::tcpdump_program(linktype, e, n % 2 == 0).ok())
            .collect();
        if programs.is_empty() {
            continue;
        }
        let mut packets = real_packets.clone();
        for p in &programs {
            packets.extend(satisfying_packets(p, real_packets, &mut rng));
        }
        let mut input = format!("{}\n", programs.len());
        for p in &programs {
            write_program(&mut input, p);
        }
        for (data, wire) in &packets {
            let _ = write!(input, "{} {}", wire, data.len());
            for b in data {
                let _ = write!(input, " {b}");
            }
            input.push('\n');
        }
        let output = run_harness(&binary, "matrix", input);
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(
            lines.len(),
            packets.len(),
            "{linktype}: harness answered {} of {} packets",
            lines.len(),
            packets.len()
        );
        for ((data, wire), line) in packets.iter().zip(&lines) {
            for (program, verdict) in programs.iter().zip(line.split(' ')) {
                let expected: u32 = verdict.parse().expect("verdict");
                let ours = interp::run(program, data, *wire);
                assert_eq!(
                    ours,
                    expected,
                    "{linktype}: packet {data:02x?}\n{}",
                    dump::listing(program, 1)
                );
                runs += 1;
                accepted += usize::from(ours != 0);
            }
        }
    }
    eprintln!("{runs} runs compared, {accepted} accepted");
    assert!(
        runs > 100_000 && accepted > 1000,
        "{runs} runs, {accepted} accepted"
    );
}
