//! The classic BPF stages never panic and always terminate, whatever the
//! program: arbitrary opcodes, jumps anywhere, any constants, any packet.

use bpfdump::cbpf::op::*;
use bpfdump::cbpf::{dump, interp, verify, Insn};
use proptest::prelude::*;

/// Instructions biased towards real opcodes (so that runs get somewhere)
/// with arbitrary junk mixed in.
fn insn() -> impl Strategy<Value = Insn> {
    let code = prop_oneof![
        3 => 0u16..0x100,
        1 => any::<u16>(),
        2 => Just(JMP | JA),
        2 => prop::sample::select(vec![LD | B | ABS, LD | W | IND, LD | MEM, ST, JMP | JEQ | K, ALU | DIV | X, RET | A]),
    ];
    let k = prop_oneof![0u32..64, any::<u32>(), (-8i32..0).prop_map(|v| v as u32)];
    (code, any::<u8>(), any::<u8>(), k).prop_map(|(code, jt, jf, k)| Insn { code, jt, jf, k })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn nothing_panics_on_arbitrary_programs(
        program in prop::collection::vec(insn(), 0..40),
        data in prop::collection::vec(any::<u8>(), 0..64),
        wire in any::<u32>(),
    ) {
        let verdict = interp::run(&program, &data, wire);
        let verified = verify::verify(&program);
        for level in 0..=4 {
            let text = dump::listing(&program, level);
            prop_assert!(level >= 3 || text.lines().count() == program.len());
        }
        if let Err(e) = &verified {
            prop_assert!(e.index <= program.len().max(1));
            prop_assert!(!e.to_string().is_empty());
        }
        // A program that ends in `ret #0` everywhere can only reject.
        if program.iter().all(|i| i.code != RET | A && (i.code != RET | K || i.k == 0)) {
            prop_assert_eq!(verdict, 0);
        }
    }

    /// Backward jumps (which libpcap's protochain uses) are bounded.
    #[test]
    fn backward_loops_terminate(n in 1usize..20, k in 1u32..20) {
        let mut program = vec![Insn::stmt(ALU | ADD | K, 1); n];
        program.push(Insn::stmt(JMP | JA, (-(k as i32)) as u32));
        program.push(Insn::stmt(RET | A, 0));
        prop_assert_eq!(interp::run(&program, &[], 0), 0);
    }
}
