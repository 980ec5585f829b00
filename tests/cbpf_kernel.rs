//! Our classic verifier against the running kernel's: for thousands of
//! programs — valid ones, ones breaking each rule on purpose, random
//! mutations, very long ones, and tcpdump's own programs — `verify` must
//! accept exactly what `SO_ATTACH_FILTER` accepts.
//!
//! The kernel's `ENOMEM` (the program passed the verifier but its eBPF
//! translation does not fit in `net.core.optmem_max`) counts as accepted.

mod common;

use bpfdump::cbpf::op::{self, *};
use bpfdump::cbpf::verify::{verify, VerifyReason};
use bpfdump::cbpf::{dump, kernel, Insn};

/// The kernel's verdict: `true` if it accepts the program.
fn kernel_accepts(program: &[Insn]) -> bool {
    match kernel::attach_check(program) {
        Ok(()) => true,
        Err(e) if kernel::is_resource_limit(&e) => true,
        Err(e) if e.raw_os_error() == Some(libc_einval()) => false,
        Err(e) => panic!(
            "unexpected error from SO_ATTACH_FILTER: {e}\n{}",
            dump::listing(program, 1)
        ),
    }
}

fn libc_einval() -> i32 {
    22 // EINVAL on Linux
}

/// `None` (after printing why) if this system cannot attach filters.
fn kernel_available(test: &str) -> bool {
    match kernel::attach_check(&[Insn::stmt(RET | K, 0)]) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("{test}: skipped: cannot attach a classic filter to a socket here: {e}");
            false
        }
    }
}

/// Compare our verdict with the kernel's; on disagreement, show both.
fn agree(program: &[Insn], what: &str) -> bool {
    let ours = verify(program);
    let theirs = kernel_accepts(program);
    assert_eq!(
        ours.is_ok(),
        theirs,
        "{what}: we say {ours:?}, the kernel says {}\n{}",
        if theirs { "accepted" } else { "rejected" },
        if program.len() <= 64 {
            dump::listing(program, 1)
        } else {
            format!("({} instructions)", program.len())
        }
    );
    theirs
}

/// splitmix64: seeded, so failures reproduce.
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

fn is_mem(code: u16) -> bool {
    code == LD | MEM || code == LDX | MEM || code == ST || code == STX
}

/// A random program that follows every rule (by construction, not by
/// asking our verifier): known opcodes with valid constants, jumps inside
/// the program, scratch reads only of slots stored at the very beginning,
/// a final `ret`.
fn valid_program(rng: &mut Rng, body: usize) -> Vec<Insn> {
    let stored = rng.below(17) as u32; // M[0..stored] written up front
    let mut p: Vec<Insn> = (0..stored)
        .map(|s| Insn::stmt(if s % 2 == 0 { ST } else { STX }, s))
        .collect();
    let total = p.len() + body + 1;
    for _ in 0..body {
        let code = rng.pick(common::CLASSIC_OPCODES);
        let after = (total - p.len() - 1) as u64; // instructions after this one
        let mut insn = Insn::stmt(code, 0);
        insn.k = match code {
            c if is_mem(c) && (c == ST || c == STX) => rng.below(16) as u32,
            c if is_mem(c) => {
                if stored == 0 {
                    // No slot is known to be written: turn the read into a store.
                    insn.code = ST;
                    rng.below(16) as u32
                } else {
                    rng.below(u64::from(stored)) as u32
                }
            }
            c if c == ALU | LSH | K || c == ALU | RSH | K => rng.below(32) as u32,
            c if c == ALU | DIV | K || c == ALU | MOD | K => 1 + rng.below(1000) as u32,
            c if c == JMP | JA => rng.below(after) as u32,
            c if c == LD | W | ABS || c == LD | H | ABS || c == LD | B | ABS => {
                match rng.below(6) {
                    0 => SKF_AD_OFF + 4 * rng.below(16) as u32,
                    1 => rng.below(u64::from(SKF_AD_OFF)) as u32,
                    _ => rng.below(100) as u32,
                }
            }
            _ => match rng.below(3) {
                0 => rng.u32(),
                _ => rng.below(100) as u32,
            },
        };
        if op::class(insn.code) == JMP && insn.code != JMP | JA {
            insn.jt = rng.below(after.min(256)) as u8;
            insn.jf = rng.below(after.min(256)) as u8;
        }
        p.push(insn);
    }
    p.push(if rng.below(2) == 0 {
        Insn::stmt(RET | A, 0)
    } else {
        Insn::stmt(RET | K, rng.u32())
    });
    p
}

#[test]
fn valid_programs_are_accepted_by_both() {
    if !kernel_available("valid_programs_are_accepted_by_both") {
        return;
    }
    let mut rng = Rng(1);
    for n in 0..1500 {
        let body = rng.below(40) as usize;
        let p = valid_program(&mut rng, body);
        assert!(
            agree(&p, &format!("valid program #{n}")),
            "the generator made an invalid program"
        );
    }
}

/// Break one rule in a valid program; both must reject it (and we must say
/// which rule, at which instruction).
#[test]
fn each_broken_rule_is_rejected_by_both() {
    if !kernel_available("each_broken_rule_is_rejected_by_both") {
        return;
    }
    let mut rng = Rng(2);
    let mut rejected_by_reason = std::collections::BTreeMap::<String, usize>::new();
    for n in 0..600 {
        let body = 3 + rng.below(30) as usize;
        let mut p = valid_program(&mut rng, body);
        let len = p.len();
        let at = rng.below(len as u64 - 1) as usize; // not the final ret
        let after = (len - at - 1) as u32;
        let expected = match n % 12 {
            0 => {
                p[at] = Insn::stmt(
                    rng.pick(&[
                        0x08u16, 0x21, 0x0e, 0x1e, 0x8c, 0xff, 0x100, 0x8000, 0xa1, 0x27,
                    ]),
                    0,
                );
                "unknown opcode"
            }
            1 => {
                p[at] = Insn::stmt(ALU | DIV | K, 0);
                "division"
            }
            2 => {
                p[at] = Insn::stmt(ALU | MOD | K, 0);
                "modulo"
            }
            3 => {
                p[at] = Insn::stmt(
                    rng.pick(&[ALU | LSH | K, ALU | RSH | K]),
                    32 + rng.below(100) as u32,
                );
                "shift"
            }
            4 => {
                p[at] = Insn::stmt(
                    rng.pick(&[ST, STX, LD | MEM, LDX | MEM]),
                    16 + rng.below(1 << 20) as u32,
                );
                "scratch memory"
            }
            5 => {
                p[at] = Insn::stmt(JMP | JA, after + rng.below(3) as u32);
                "jump"
            }
            6 => {
                p[at] = Insn::stmt(JMP | JA, u32::MAX - rng.below(3) as u32);
                "jump"
            }
            7 => {
                let far = (after as u64).min(255) as u8;
                let (jt, jf) = if rng.below(2) == 0 {
                    (far, 0)
                } else {
                    (0, far)
                };
                if after > 255 {
                    continue;
                }
                p[at] = Insn::jump(
                    rng.pick(&[JMP | JEQ | K, JMP | JSET | X, JMP | JGT | K, JMP | JGE | X]),
                    1,
                    jt,
                    jf,
                );
                "jump"
            }
            8 => {
                let field = loop {
                    let f = 1 + rng.below(4000) as u32;
                    if f & 3 != 0 || f >= 64 {
                        break f;
                    }
                };
                p[at] = Insn::stmt(
                    rng.pick(&[LD | W | ABS, LD | H | ABS, LD | B | ABS]),
                    SKF_AD_OFF + field,
                );
                "ancillary"
            }
            9 => {
                p[len - 1] = Insn::stmt(rng.pick(&[LD | IMM, MISC | TAX, ALU | NEG, ST]), 0);
                "return"
            }
            10 => {
                // Read a slot nobody stored: neutralise every scratch access
                // (in place, so jumps stay valid), then read first.
                for insn in p.iter_mut().filter(|i| is_mem(i.code)) {
                    *insn = Insn::stmt(LD | IMM, 1);
                }
                p.insert(
                    0,
                    Insn::stmt(rng.pick(&[LD | MEM, LDX | MEM]), rng.below(16) as u32),
                );
                "read before"
            }
            _ => {
                p = if rng.below(2) == 0 {
                    Vec::new()
                } else {
                    vec![Insn::stmt(RET | K, 0); 4097 + rng.below(100) as usize]
                };
                "program"
            }
        };
        assert!(!agree(&p, &format!("broken program #{n} ({expected})")));
        let err = verify(&p).unwrap_err();
        assert!(
            err.to_string().contains(expected),
            "program #{n}: expected a reason about {expected:?}, got {err}"
        );
        *rejected_by_reason.entry(expected.to_string()).or_default() += 1;
    }
    eprintln!("rejected by reason: {rejected_by_reason:?}");
}

/// Random junk and random single mutations of valid programs: whatever the
/// verdict, ours and the kernel's must be the same.
#[test]
fn random_mutations_get_the_kernels_verdict() {
    if !kernel_available("random_mutations_get_the_kernels_verdict") {
        return;
    }
    let mut rng = Rng(3);
    let (mut accepted, mut total) = (0, 0);
    for n in 0..3000 {
        let body = rng.below(24) as usize;
        let mut p = valid_program(&mut rng, body);
        let mutations = 1 + rng.below(3);
        for _ in 0..mutations {
            if p.is_empty() {
                break;
            }
            let at = rng.below(p.len() as u64) as usize;
            match rng.below(6) {
                0 => p[at].code = rng.below(0x100) as u16,
                1 => p[at].code = rng.pick(common::CLASSIC_OPCODES),
                2 => p[at].jt = rng.next() as u8,
                3 => p[at].jf = rng.next() as u8,
                4 => {
                    let choices = [
                        rng.u32(),
                        rng.below(40) as u32,
                        SKF_AD_OFF + rng.below(80) as u32,
                        0,
                        16,
                        32,
                    ];
                    p[at].k = rng.pick(&choices)
                }
                _ => {
                    let count = rng.below(3) as usize;
                    for _ in 0..count.min(p.len()) {
                        p.remove(rng.below(p.len() as u64) as usize);
                    }
                }
            }
        }
        if n % 10 == 0 {
            // Entirely random programs now and then.
            let len = rng.below(12) as usize;
            p = (0..len)
                .map(|_| Insn {
                    code: rng.pick(common::CLASSIC_OPCODES),
                    jt: rng.below(4) as u8,
                    jf: rng.below(4) as u8,
                    k: rng.below(40) as u32,
                })
                .collect();
        }
        accepted += usize::from(agree(&p, &format!("mutated program #{n}")));
        total += 1;
    }
    eprintln!("kernel accepted {accepted} of {total} mutated programs");
    assert!(
        accepted > total / 10 && accepted < total * 9 / 10,
        "accepted {accepted} of {total}"
    );
}

/// Long programs, where the kernel's translation to eBPF limits jumps to 16
/// bits. For many kinds of filler instruction and jump, find the number of
/// fillers at which we start rejecting, and require the kernel to flip at
/// the same number: for a jump placed after the fillers and for a jump over
/// them, with and without padding that brings the jump close to the limit
/// (so that the exact eBPF size of even a one-instruction filler matters).
#[test]
fn long_programs_jump_limits_match_the_kernel() {
    if !kernel_available("long_programs_jump_limits_match_the_kernel") {
        return;
    }
    let mut fillers: Vec<Vec<Insn>> = vec![
        vec![Insn::stmt(LD | W | ABS, 1)],
        vec![Insn::stmt(LD | H | ABS, 0)],
        vec![Insn::stmt(LD | B | ABS, 40000)],
        vec![Insn::stmt(LD | W | ABS, 0x8000_0000)],
        vec![Insn::stmt(LD | W | IND, 0)],
        vec![Insn::stmt(LD | B | IND, 5)],
        vec![Insn::stmt(LDX | B | MSH, 14)],
        vec![Insn::stmt(LDX | B | MSH, 0)],
        vec![Insn::stmt(ALU | DIV | X, 0)],
        vec![
            Insn::stmt(ALU | MOD | X, 0),
            Insn::stmt(LD | H | ABS, 70000),
        ],
        vec![Insn::stmt(RET | K, 0), Insn::stmt(LD | B | IND, 0)],
        vec![Insn::stmt(ALU | ADD | K, 1)],
        vec![Insn::stmt(RET | A, 0)],
        vec![
            Insn::jump(JMP | JEQ | K, u32::MAX, 0, 0),
            Insn::stmt(LD | W | IND, 9),
        ],
        vec![
            Insn::jump(JMP | JSET | X, 0, 1, 1),
            Insn::stmt(LD | H | IND, 0),
        ],
        vec![Insn::jump(JMP | JGE | K, 5, 0, 1), Insn::stmt(ALU | NEG, 0)],
    ];
    for field in (0..64).step_by(4) {
        let size = [W, H, B][(field / 4) as usize % 3];
        fillers.push(vec![Insn::stmt(LD | size | ABS, SKF_AD_OFF + field)]);
    }
    // The jumps placed after the fillers, each followed by `ret #1; ret #0`:
    // one eBPF jump or two, with or without a constant moved first.
    let late_jumps = [
        Insn::stmt(JMP | JA, 0),
        Insn::jump(JMP | JEQ | K, 7, 0, 0),
        Insn::jump(JMP | JEQ | K, 7, 0, 1),
        Insn::jump(JMP | JSET | K, 1, 0, 1),
        Insn::jump(JMP | JSET | K, u32::MAX, 1, 1),
        Insn::jump(JMP | JGT | X, 0, 1, 0),
    ];
    // 2035 loads of 16 eBPF instructions each end just below eBPF address
    // 32768.
    let padding = |pad: usize| std::iter::repeat_n(Insn::stmt(LD | B | ABS, 40000), pad);
    let late = |pad: usize, jump: Insn, filler: &[Insn], n: usize| -> Vec<Insn> {
        let mut p: Vec<Insn> = padding(pad).collect();
        p.extend(filler.iter().copied().cycle().take(n));
        p.extend([jump, Insn::stmt(RET | K, 1), Insn::stmt(RET | K, 0)]);
        p
    };
    let over = |pad: usize, filler: &[Insn], n: usize| -> Vec<Insn> {
        let mut p = vec![Insn::stmt(JMP | JA, (pad + n) as u32)];
        p.extend(padding(pad));
        p.extend(filler.iter().copied().cycle().take(n));
        p.push(Insn::stmt(RET | A, 0));
        p
    };
    // Without padding only a few shapes, for the fillers big enough to reach
    // the limit on their own; with padding every combination.
    type Shape<'a> = (usize, String, Box<dyn Fn(&[Insn], usize) -> Vec<Insn> + 'a>);
    let mut shapes: Vec<Shape> = Vec::new();
    for pad in [0, 2035] {
        for (i, jump) in late_jumps.into_iter().enumerate() {
            if pad == 0 && i != 1 && i != 4 {
                continue;
            }
            shapes.push((
                pad,
                format!("{pad} pads, fillers, {jump:?}"),
                Box::new(move |f: &[Insn], n| late(pad, jump, f, n)),
            ));
        }
        shapes.push((
            pad,
            format!("ja over {pad} pads and fillers"),
            Box::new(move |f: &[Insn], n| over(pad, f, n)),
        ));
    }
    let mut limits_seen = 0;
    for filler in &fillers {
        let ancillary = filler[0].k >= SKF_AD_OFF;
        for (pad, name, shape) in &shapes {
            if *pad == 0 && ancillary {
                continue;
            }
            let max = 4093 - pad;
            // Our threshold: the first count we reject (verdicts are monotone).
            let (mut lo, mut hi) = (1usize, max + 1);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if verify(&shape(filler, mid)).is_ok() {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if lo <= max {
                limits_seen += 1;
                for n in lo.saturating_sub(2).max(1)..=(lo + 1).min(max) {
                    agree(&shape(filler, n), &format!("{name}: {n} × {filler:?}"));
                }
            } else {
                agree(&shape(filler, max), &format!("{name}: {max} × {filler:?}"));
            }
        }
    }
    eprintln!("{limits_seen} combinations reached the eBPF jump limit");
    assert!(
        limits_seen >= fillers.len() * 5,
        "only {limits_seen} combinations reached the eBPF jump limit"
    );
}

/// Random long programs mixing everything.
#[test]
fn random_long_programs_get_the_kernels_verdict() {
    if !kernel_available("random_long_programs_get_the_kernels_verdict") {
        return;
    }
    let mut rng = Rng(4);
    for n in 0..60 {
        let body = 1500 + rng.below(2590) as usize;
        let p = valid_program(&mut rng, body);
        agree(&p, &format!("long program #{n}"));
    }
}

/// Programs tcpdump generates for the example filters get the same
/// verdict from both verifiers. Most are accepted; libpcap's `protochain`
/// loops backwards, which no kernel accepts, and a few of libpcap's
/// programs read scratch memory it never wrote (e.g. `geneve` on radiotap).
#[test]
fn tcpdump_programs_get_the_kernels_verdict() {
    let test = "tcpdump_programs_get_the_kernels_verdict";
    if !kernel_available(test) || !common::have_tcpdump(test) {
        return;
    }
    let Some(shared) = common::shared_dir_or_skip(test) else {
        return;
    };
    let (mut checked, mut rejected) = (0, Vec::new());
    for (n, expr) in common::example_filters(&shared).iter().enumerate() {
        let linktype = ["EN10MB", "LINUX_SLL", "RAW", "IEEE802_11_RADIO"][n % 4];
        if let Ok(p) = common::tcpdump_program(linktype, expr, true) {
            let accepted = agree(&p, &format!("tcpdump -y {linktype} {expr:?}"));
            let backward = p.iter().any(|i| i.code == JMP | JA && (i.k as i32) < 0);
            if backward {
                assert!(!accepted);
                assert_eq!(verify(&p).unwrap_err().reason, VerifyReason::JumpOutOfRange);
            }
            if !accepted {
                rejected.push(format!("{linktype} {expr:?}: {}", verify(&p).unwrap_err()));
            }
            checked += 1;
        }
    }
    eprintln!("{checked} tcpdump programs checked; rejected by both: {rejected:#?}");
    assert!(checked > 50, "only {checked} tcpdump programs");
    assert!(
        rejected.len() * 5 < checked,
        "most tcpdump programs should be valid"
    );
}
