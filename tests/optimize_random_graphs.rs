//! Soundness of the optimizer on random programs: random valid DAGs of
//! blocks (packet loads of every size and mode, scratch memory, ALU, copies,
//! tests against constants the loads are likely to meet), linearized before
//! and after `optimize`, must return the same value on every packet: random
//! ones, ones steered down the program's paths (bytes at the loaded offsets
//! set to the compared constants), and every truncation of accepted ones.

mod optimize_support;

use bpfdump::cbpf::{op, verify::verify, Insn};
use bpfdump::ir::{Block, BlockId, Graph, Terminator};
use optimize_support::{path_packets, run, show, Rng};

const CONSTS: [u32; 12] = [
    0,
    1,
    2,
    4,
    6,
    0x11,
    0x2c,
    0x45,
    0x800,
    0x86dd,
    0xff,
    0xffff_ffff,
];

fn konst(rng: &mut Rng) -> u32 {
    if rng.chance(85) {
        CONSTS[rng.below(CONSTS.len() as u64) as usize]
    } else {
        rng.next() as u32
    }
}

fn random_stmt(rng: &mut Rng, stored: &mut u32) -> Insn {
    let size = [op::B, op::H, op::W][rng.below(3) as usize];
    // Offsets cluster so that loads repeat and overlap.
    let off = [12, 14, 20, 22, 23, 26, 30][rng.below(7) as usize] + rng.below(3) as u32;
    match rng.below(16) {
        0..=3 => Insn::stmt(op::LD | size | op::ABS, off),
        4 => Insn::stmt(op::LD | size | op::IND, rng.below(24) as u32),
        5 => Insn::stmt(
            op::LDX | op::B | op::MSH,
            [0, 14, 20][rng.below(3) as usize],
        ),
        6 => Insn::stmt(op::LD | op::IMM, konst(rng)),
        7 => Insn::stmt(op::LDX | op::IMM, konst(rng) & 0x3f),
        8 => {
            let slot = rng.below(4) as u32;
            *stored |= 1 << slot;
            Insn::stmt(if rng.chance(50) { op::ST } else { op::STX }, slot)
        }
        9 if *stored != 0 => {
            // Only slots stored on every path here.
            let slots: Vec<u32> = (0..4).filter(|s| *stored & (1 << s) != 0).collect();
            let slot = slots[rng.below(slots.len() as u64) as usize];
            Insn::stmt(
                if rng.chance(50) { op::LD } else { op::LDX } | op::MEM,
                slot,
            )
        }
        10..=12 => {
            let alu = [
                op::ADD,
                op::SUB,
                op::MUL,
                op::DIV,
                op::OR,
                op::AND,
                op::LSH,
                op::RSH,
                op::MOD,
                op::XOR,
            ][rng.below(10) as usize];
            if rng.chance(25) {
                Insn::stmt(op::ALU | alu | op::X, 0)
            } else {
                let k = match alu {
                    op::DIV | op::MOD => 1 + rng.below(7) as u32,
                    op::LSH | op::RSH => rng.below(32) as u32,
                    _ => konst(rng),
                };
                Insn::stmt(op::ALU | alu | op::K, k)
            }
        }
        13 => Insn::stmt(op::ALU | op::NEG, 0),
        14 => Insn::stmt(op::MISC | if rng.chance(50) { op::TAX } else { op::TXA }, 0),
        _ => Insn::stmt(op::LD | op::LEN, 0),
    }
}

/// A random DAG: block i only jumps to blocks after it; the last blocks are
/// returns. A scratch slot is only read where every path into the block
/// has stored it (`must` tracks the slots stored on all paths), as the
/// kernel's verifier demands.
fn random_graph(rng: &mut Rng) -> Graph {
    let inner = 2 + rng.below(10) as usize;
    let rets = 1 + rng.below(3) as usize;
    let n = inner + rets;
    // Slots stored on every path into each block.
    let mut must: Vec<Option<u32>> = vec![None; n];
    must[0] = Some(0);
    let mut blocks = Vec::with_capacity(n);
    for i in 0..n {
        let mut stored = must[i].unwrap_or(0);
        if i >= inner {
            let end = match rng.below(4) {
                0 => Terminator::Ret(0),
                1 => Terminator::RetA,
                _ => Terminator::Ret([1, 96, 262144][rng.below(3) as usize]),
            };
            blocks.push(Block {
                stmts: Vec::new(),
                end,
            });
            continue;
        }
        let stmts = (0..rng.below(5))
            .map(|_| random_stmt(rng, &mut stored))
            .collect();
        let pick = |rng: &mut Rng| BlockId((i + 1 + rng.below((n - i - 1) as u64) as usize) as u32);
        let end = if rng.chance(10) {
            let t = pick(rng);
            Terminator::Branch {
                code: op::JMP | op::JA,
                k: 0,
                jt: t,
                jf: t,
            }
        } else {
            let jop = [op::JEQ, op::JEQ, op::JGT, op::JGE, op::JSET][rng.below(5) as usize];
            let src = if rng.chance(15) { op::X } else { op::K };
            let (jt, jf) = (pick(rng), pick(rng));
            Terminator::Branch {
                code: op::JMP | jop | src,
                k: konst(rng),
                jt,
                jf,
            }
        };
        for s in end.successors() {
            let slot = &mut must[s.index()];
            *slot = Some(slot.map_or(stored, |m| m & stored));
        }
        blocks.push(Block { stmts, end });
    }
    Graph {
        blocks,
        entry: BlockId(0),
    }
}

#[test]
fn random_graphs_keep_their_verdicts() {
    let cases = std::env::var("BPFDUMP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300u64);
    let mut total_before = 0;
    let mut total_after = 0;
    for seed in 0..cases {
        let mut rng = Rng(0x5eed_0000 + seed * 0x9e37_79b9);
        let graph = random_graph(&mut rng);
        let before = graph.linearize();
        let mut optimized = graph.clone();
        bpfdump::optimize::optimize(&mut optimized);
        let after = optimized.linearize();
        total_before += before.len();
        total_after += after.len();
        assert!(
            after.len() <= before.len(),
            "seed {seed}: optimization made the program longer\nbefore:\n{}after:\n{}",
            show(&before),
            show(&after)
        );
        if verify(&before).is_ok() {
            assert!(
                verify(&after).is_ok(),
                "seed {seed}: optimized program fails the verifier:\n{}",
                show(&after)
            );
        }
        let packets = path_packets(&[&before, &after], &[], &mut rng, 60);
        for p in &packets {
            for wire in [p.len() as u32, 1500] {
                let (a, b) = (run(&before, p, wire), run(&after, p, wire));
                assert_eq!(
                    a,
                    b,
                    "seed {seed}: verdicts differ on packet {p:02x?} (wire {wire})\nbefore:\n{}after:\n{}",
                    show(&before),
                    show(&after)
                );
            }
        }
    }
    println!("random graphs: {total_before} instructions before, {total_after} after");
}

/// `Graph::from_program` followed by `linearize` keeps a program's
/// meaning (and, with no optimization, its length up to dropped `ja`s).
#[test]
fn from_program_roundtrip() {
    for seed in 0..100u64 {
        let mut rng = Rng(0xabcd_0000 + seed * 0x1234_5679);
        let graph = random_graph(&mut rng);
        let program = graph.linearize();
        let again = Graph::from_program(&program).expect("split").linearize();
        assert!(again.len() <= program.len());
        for p in &path_packets(&[&program], &[], &mut rng, 20) {
            assert_eq!(
                run(&program, p, p.len() as u32),
                run(&again, p, p.len() as u32),
                "seed {seed}"
            );
        }
    }
}

#[test]
fn from_program_rejects_what_a_dag_cannot_hold() {
    let ret = Insn::stmt(op::RET | op::K, 0);
    assert!(Graph::from_program(&[]).is_err());
    // Falls off the end.
    assert!(Graph::from_program(&[Insn::stmt(op::LD | op::IMM, 1)]).is_err());
    // Jump past the end.
    assert!(Graph::from_program(&[Insn::jump(op::JMP | op::JEQ | op::K, 0, 5, 0), ret]).is_err());
    // A backward jump (offset wraps around as libpcap's protochain loops do).
    assert!(Graph::from_program(&[ret, Insn::stmt(op::JMP | op::JA, u32::MAX - 1), ret]).is_err());
}

/// Programs long enough that branch targets lie more than 255 instructions
/// ahead: linearization must insert `ja` trampolines, before and after
/// optimization, and both must pass the verifier and agree.
#[test]
fn far_branches_get_trampolines() {
    for seed in 0..20u64 {
        let mut rng = Rng(0xfa4_0000 + seed * 0x9e37_79b9);
        let n = 40;
        let mut blocks = Vec::new();
        for i in 0..n {
            // X-relative loads can fail, so the optimizer keeps them.
            let stmts = (0..8 + rng.below(8))
                .map(|j| Insn::stmt(op::LD | op::B | op::IND, (i * 3 + j as usize) as u32 % 64))
                .collect();
            let next = BlockId(i as u32 + 1);
            let far = BlockId(n as u32 + rng.below(2) as u32);
            let (jt, jf) = if rng.chance(50) {
                (far, next)
            } else {
                (next, far)
            };
            let end = Terminator::Branch {
                code: op::JMP | op::JEQ | op::K,
                k: konst(&mut rng) & 0xff,
                jt,
                jf,
            };
            blocks.push(Block { stmts, end });
        }
        blocks.push(Block {
            stmts: vec![],
            end: Terminator::Ret(0),
        });
        blocks.push(Block {
            stmts: vec![],
            end: Terminator::Ret(262144),
        });
        let graph = Graph {
            blocks,
            entry: BlockId(0),
        };
        let before = graph.linearize();
        assert!(before.len() > 300);
        assert!(
            before.iter().any(|i| i.code == op::JMP | op::JA),
            "seed {seed}: expected trampolines"
        );
        verify(&before).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let mut optimized = graph.clone();
        bpfdump::optimize::optimize(&mut optimized);
        let after = optimized.linearize();
        verify(&after).unwrap_or_else(|e| panic!("seed {seed}: optimized: {e}"));
        for p in &path_packets(&[&before, &after], &[], &mut rng, 40) {
            assert_eq!(
                run(&before, p, p.len() as u32),
                run(&after, p, p.len() as u32),
                "seed {seed}"
            );
        }
    }
}

/// A block that only repeats another block's load to skip its test (as jump
/// threading leaves them: here `H`, entered where `[23]` is known to be 6
/// or 17, repeats `B`'s `ldb [23]` to skip `B`'s `jeq #0x84`) goes, its
/// predecessors entering `B`, whose test then falls through to the same
/// code: one load less, the same verdict on every packet and truncation.
#[test]
fn a_block_that_only_skips_a_decided_test_goes() {
    let jeq = |k, jt, jf| Insn::jump(op::JMP | op::JEQ | op::K, k, jt, jf);
    let ldb = |k| Insn::stmt(op::LD | op::B | op::ABS, k);
    let ret = |k| Insn::stmt(op::RET | op::K, k);
    let program = [
        ldb(14),                                  // 0
        jeq(1, 0, 7),                             // 1: -> 2, B (9)
        ldb(23),                                  // 2
        jeq(6, 1, 0),                             // 3: -> 5, 4
        jeq(0x11, 0, 11),                         // 4: -> 5, reject (16)
        Insn::stmt(op::LD | op::H | op::ABS, 20), // 5
        jeq(0x35, 9, 0),                          // 6: -> reject (16), H (7)
        ldb(23),                                  // 7: H
        jeq(6, 6, 4),                             // 8: -> 15, 13 (as D)
        ldb(23),                                  // 9: B
        jeq(0x84, 0, 1),                          // 10: -> 11, D (12)
        ret(1),                                   // 11
        jeq(6, 2, 0),                             // 12: D -> 15, 13
        jeq(0x11, 1, 0),                          // 13: -> 15, 14
        ret(0),                                   // 14
        ret(262144),                              // 15
        ret(0),                                   // 16
    ];
    verify(&program).expect("test program is valid");
    let loads_of_23 = |p: &[Insn]| p.iter().filter(|i| **i == ldb(23)).count();
    assert_eq!(loads_of_23(&program), 3);
    let mut graph = Graph::from_program(&program).expect("a DAG");
    bpfdump::optimize::optimize(&mut graph);
    let after = graph.linearize();
    verify(&after).expect("optimized program is valid");
    assert_eq!(
        loads_of_23(&after),
        2,
        "the repeated load should have gone:\n{}",
        show(&after)
    );
    assert!(after.len() < program.len(), "{}", show(&after));
    let mut rng = Rng(0x7e57_0b10c);
    let packets = path_packets(&[&program, &after], &[], &mut rng, 60);
    let mut accepted = 0;
    for p in &packets {
        for len in 0..=p.len() {
            let cut = &p[..len];
            let (a, b) = (
                run(&program, cut, p.len() as u32),
                run(&after, cut, p.len() as u32),
            );
            assert_eq!(a, b, "verdicts differ on {cut:02x?}\n{}", show(&after));
            accepted += usize::from(a == 262144);
        }
    }
    assert!(accepted > 0, "no packet took the accepting paths");
}
