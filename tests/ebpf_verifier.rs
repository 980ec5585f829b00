//! The eBPF verifier, rule by rule, on programs built by hand to break
//! exactly one rule (and on their accepted counterparts); then random and
//! adversarial programs: whatever the verifier accepts, the interpreter and
//! the JIT run without faulting and agree.

mod ebpf_support;

use bpfdump::ebpf::insn::{op, reg::*, Insn};
use bpfdump::ebpf::interp;
use bpfdump::ebpf::jit::JitProgram;
use bpfdump::ebpf::verify::{verify, Reason, VerifyError};
use proptest::prelude::*;

fn rejects(program: &[Insn]) -> VerifyError {
    match verify(program) {
        Ok(v) => panic!(
            "accepted ({v:?}):\n{}",
            bpfdump::ebpf::dump::listing(program)
        ),
        Err(e) => e,
    }
}

fn accepts(program: &[Insn]) {
    if let Err(e) = verify(program) {
        panic!("{e}\n{}", bpfdump::ebpf::dump::listing(program));
    }
}

const EXIT: Insn = Insn::exit();
const RET0: Insn = Insn::mov64_imm(R0, 0);

/// `r4 = r1 + n; if r4 > r2 goto +skip` — proves n packet bytes.
fn check_packet(n: i32, skip: i16) -> [Insn; 3] {
    [
        Insn::mov64_reg(R4, R1),
        Insn::alu64_imm(op::ADD, R4, n),
        Insn::jmp_reg(op::JGT, R4, R2, skip),
    ]
}

#[test]
fn empty_program() {
    assert_eq!(rejects(&[]).reason, Reason::Empty);
}

#[test]
fn unknown_opcodes() {
    // lddw, a helper call, the kernel-only LD_ABS, an atomic add.
    for insn in [
        Insn::new(op::LD | op::IMM | op::DW, R0, 0, 0, 1),
        Insn::new(op::JMP | op::CALL, 0, 0, 0, 1),
        Insn::ld_abs(op::B, 0),
        Insn::new(op::STX | 0xc0 | op::W, R10, R0, -8, 0),
    ] {
        let e = rejects(&[RET0, insn, EXIT]);
        assert_eq!((e.index, e.reason), (1, Reason::UnknownOpcode(insn.code)));
    }
}

#[test]
fn invalid_register() {
    let e = rejects(&[Insn::mov64_imm(11, 0), RET0, EXIT]);
    assert_eq!((e.index, e.reason), (0, Reason::InvalidRegister(11)));
}

#[test]
fn reserved_fields() {
    let mut insn = Insn::alu64_imm(op::ADD, R0, 1);
    insn.regs |= 3 << 4; // a source register on an immediate operation
    assert_eq!(rejects(&[RET0, insn, EXIT]).reason, Reason::ReservedFields);
}

#[test]
fn frame_pointer_is_read_only() {
    let e = rejects(&[Insn::alu64_imm(op::ADD, R10, 8), RET0, EXIT]);
    assert_eq!(e.reason, Reason::FramePointerWrite);
}

#[test]
fn jump_out_of_range() {
    let e = rejects(&[RET0, Insn::ja(5), EXIT]);
    assert_eq!((e.index, e.reason), (1, Reason::JumpOutOfRange(7)));
}

#[test]
fn back_edges_are_loops() {
    let e = rejects(&[RET0, Insn::jmp_imm(op::JEQ, R0, 0, -2), EXIT]);
    assert_eq!((e.index, e.reason), (1, Reason::BackEdge(0)));
    let e = rejects(&[RET0, Insn::ja(-1), EXIT]);
    assert_eq!(e.reason, Reason::BackEdge(1));
}

#[test]
fn falling_off_the_end() {
    let e = rejects(&[RET0, Insn::mov64_imm(R0, 1)]);
    assert_eq!((e.index, e.reason), (1, Reason::FallsOffEnd));
}

#[test]
fn shift_out_of_range() {
    assert_eq!(
        rejects(&[RET0, Insn::alu32_imm(op::LSH, R0, 32), EXIT]).reason,
        Reason::InvalidShift(32)
    );
    assert_eq!(
        rejects(&[RET0, Insn::alu64_imm(op::RSH, R0, 64), EXIT]).reason,
        Reason::InvalidShift(64)
    );
    accepts(&[RET0, Insn::alu64_imm(op::LSH, R0, 63), EXIT]);
}

#[test]
fn byte_swap_width() {
    assert_eq!(
        rejects(&[RET0, Insn::to_be(R0, 8), EXIT]).reason,
        Reason::InvalidEndian(8)
    );
}

#[test]
fn uninitialised_register_read() {
    let e = rejects(&[Insn::mov64_reg(R0, R5), EXIT]);
    assert_eq!((e.index, e.reason), (0, Reason::UninitRegister(5)));
    // Exit without setting R0.
    assert_eq!(rejects(&[EXIT]).reason, Reason::UninitRegister(0));
    // Set on one path only.
    let e = rejects(&[Insn::jmp_imm(op::JEQ, R3, 0, 1), RET0, EXIT]);
    assert_eq!((e.index, e.reason), (2, Reason::UninitRegister(0)));
}

#[test]
fn uninitialised_stack_read() {
    let e = rejects(&[Insn::ldx_mem(op::W, R0, R10, -8), EXIT]);
    assert_eq!(e.reason, Reason::UninitStack { off: -8, size: 4 });
    // Four bytes written, eight read.
    let e = rejects(&[
        Insn::st_mem(op::W, R10, -8, 1),
        Insn::ldx_mem(op::DW, R0, R10, -8),
        EXIT,
    ]);
    assert_eq!(e.reason, Reason::UninitStack { off: -8, size: 8 });
    accepts(&[
        Insn::st_mem(op::DW, R10, -8, 1),
        Insn::ldx_mem(op::W, R0, R10, -4),
        EXIT,
    ]);
}

#[test]
fn stack_bounds() {
    let e = rejects(&[Insn::st_mem(op::W, R10, -516, 1), RET0, EXIT]);
    assert_eq!(e.reason, Reason::StackOutOfBounds { off: -516, size: 4 });
    let e = rejects(&[Insn::st_mem(op::W, R10, -2, 1), RET0, EXIT]);
    assert_eq!(e.reason, Reason::StackOutOfBounds { off: -2, size: 4 });
    // Through a derived pointer.
    let e = rejects(&[
        Insn::mov64_reg(R5, R10),
        Insn::alu64_imm(op::SUB, R5, 600),
        Insn::st_mem(op::B, R5, 0, 1),
        RET0,
        EXIT,
    ]);
    assert_eq!(e.reason, Reason::StackOutOfBounds { off: -600, size: 1 });
}

#[test]
fn packet_access_needs_a_bounds_check() {
    let e = rejects(&[Insn::ldx_mem(op::B, R0, R1, 0), EXIT]);
    assert_eq!(e.index, 0);
    assert!(
        matches!(
            e.reason,
            Reason::PacketOutOfBounds {
                reg: 1,
                off: 0,
                size: 1,
                ..
            }
        ),
        "{e}"
    );
    let mut ok = check_packet(4, 2).to_vec();
    ok.extend([Insn::ldx_mem(op::W, R0, R1, 0), EXIT, RET0, EXIT]);
    accepts(&ok);
}

#[test]
fn packet_access_beyond_the_checked_bytes() {
    let mut program = check_packet(4, 2).to_vec();
    program.extend([Insn::ldx_mem(op::W, R0, R1, 1), EXIT, RET0, EXIT]);
    assert!(matches!(
        rejects(&program).reason,
        Reason::PacketOutOfBounds {
            off: 1,
            size: 4,
            ..
        }
    ));
}

#[test]
fn packet_check_must_dominate_the_access() {
    // The load sits on the path where the check failed.
    let mut program = check_packet(4, 1).to_vec();
    program.extend([RET0, Insn::ldx_mem(op::W, R0, R1, 0), EXIT]);
    let e = rejects(&program);
    assert_eq!(e.index, 4);
    assert!(matches!(e.reason, Reason::PacketOutOfBounds { .. }));
}

#[test]
fn packet_access_before_the_start() {
    let mut program = check_packet(4, 2).to_vec();
    program.extend([Insn::ldx_mem(op::B, R0, R1, -1), EXIT, RET0, EXIT]);
    assert!(matches!(
        rejects(&program).reason,
        Reason::PacketOutOfBounds { off: -1, .. }
    ));
}

#[test]
fn variable_offset_packet_access() {
    // r5 = r1 + (r3 & 0xff) + 2; if r5 > r2 exit; load 2 bytes at r5 - 2.
    let program = [
        Insn::mov64_reg(R6, R3),
        Insn::alu64_imm(op::AND, R6, 0xff),
        Insn::mov64_reg(R5, R1),
        Insn::alu64_reg(op::ADD, R5, R6),
        Insn::alu64_imm(op::ADD, R5, 2),
        Insn::jmp_reg(op::JGT, R5, R2, 2),
        Insn::ldx_mem(op::H, R0, R5, -2),
        EXIT,
        RET0,
        EXIT,
    ];
    accepts(&program);
    // Reading one byte further is not proven.
    let mut bad = program;
    bad[6] = Insn::ldx_mem(op::H, R0, R5, -1);
    assert!(matches!(
        rejects(&bad).reason,
        Reason::PacketOutOfBounds { .. }
    ));
    // Nor is reading below the variable part's minimum.
    let mut bad = program;
    bad[6] = Insn::ldx_mem(op::H, R0, R5, -3);
    assert!(matches!(
        rejects(&bad).reason,
        Reason::PacketOutOfBounds { .. }
    ));
}

#[test]
fn packet_checks_in_every_orientation() {
    // end < ptr, end >= ptr, ptr >= end, ptr < end (taken), ptr <= end (taken)
    let ok_on_fall = [
        Insn::jmp_reg(op::JLT, R2, R4, 2),
        Insn::jmp_reg(op::JGT, R4, R2, 2),
    ];
    for check in ok_on_fall {
        accepts(&[
            Insn::mov64_reg(R4, R1),
            Insn::alu64_imm(op::ADD, R4, 8),
            check,
            Insn::ldx_mem(op::DW, R0, R1, 0),
            EXIT,
            RET0,
            EXIT,
        ]);
    }
    for check in [
        Insn::jmp_reg(op::JLE, R4, R2, 2),
        Insn::jmp_reg(op::JGE, R2, R4, 2),
    ] {
        accepts(&[
            Insn::mov64_reg(R4, R1),
            Insn::alu64_imm(op::ADD, R4, 8),
            check,
            RET0,
            EXIT,
            Insn::ldx_mem(op::DW, R0, R4, -8),
            EXIT,
        ]);
    }
    // Equality proves nothing.
    let e = rejects(&[
        Insn::mov64_reg(R4, R1),
        Insn::alu64_imm(op::ADD, R4, 8),
        Insn::jmp_reg(op::JNE, R4, R2, 2),
        Insn::ldx_mem(op::DW, R0, R1, 0),
        EXIT,
        RET0,
        EXIT,
    ]);
    assert!(matches!(e.reason, Reason::PacketOutOfBounds { .. }));
}

#[test]
fn packet_is_read_only() {
    let mut program = check_packet(4, 2).to_vec();
    program.extend([Insn::st_mem(op::B, R1, 0, 0), RET0, EXIT, RET0, EXIT]);
    assert_eq!(rejects(&program).reason, Reason::PacketWrite);
}

#[test]
fn only_pointers_are_dereferenced() {
    let e = rejects(&[Insn::ldx_mem(op::B, R0, R3, 0), EXIT]);
    assert_eq!(
        e.reason,
        Reason::InvalidMemAccess {
            reg: 3,
            kind: "scalar"
        }
    );
    let e = rejects(&[Insn::ldx_mem(op::B, R0, R2, -1), EXIT]);
    assert_eq!(
        e.reason,
        Reason::InvalidMemAccess {
            reg: 2,
            kind: "pkt_end"
        }
    );
}

#[test]
fn pointer_arithmetic_rules() {
    let e = rejects(&[Insn::alu64_imm(op::MUL, R1, 2), RET0, EXIT]);
    assert_eq!(e.reason, Reason::PointerArithmetic { reg: 1, op: "*=" });
    let e = rejects(&[Insn::alu32_imm(op::ADD, R1, 2), RET0, EXIT]);
    assert_eq!(e.reason, Reason::PointerArithmetic32(1));
    let e = rejects(&[Insn::mov32_reg(R4, R1), RET0, EXIT]);
    assert_eq!(e.reason, Reason::PointerArithmetic32(1));
    let e = rejects(&[Insn::alu64_imm(op::ADD, R2, 2), RET0, EXIT]);
    assert_eq!(e.reason, Reason::PointerArithmetic { reg: 2, op: "+=" });
    // A stack pointer moved by an unknown amount.
    let e = rejects(&[
        Insn::mov64_reg(R5, R10),
        Insn::alu64_reg(op::SUB, R5, R3),
        RET0,
        EXIT,
    ]);
    assert!(matches!(e.reason, Reason::PointerArithmetic { reg: 5, .. }));
    // Subtracting packet pointers gives a scalar.
    accepts(&[
        Insn::mov64_reg(R0, R2),
        Insn::alu64_reg(op::SUB, R0, R1),
        EXIT,
    ]);
}

#[test]
fn packet_pointer_offset_range() {
    // r0 = r3 * r3 can be up to 2^64: far beyond any packet.
    let e = rejects(&[
        Insn::mov64_reg(R0, R3),
        Insn::alu64_reg(op::MUL, R0, R3),
        Insn::alu64_reg(op::ADD, R1, R0),
        RET0,
        EXIT,
    ]);
    assert_eq!(e.reason, Reason::PointerOffsetRange(1));
}

#[test]
fn pointer_comparisons() {
    let e = rejects(&[Insn::jmp_imm(op::JGT, R1, 5, 0), RET0, EXIT]);
    assert_eq!(e.reason, Reason::PointerComparison(1));
    let e = rejects(&[Insn::jmp_reg(op::JSGT, R1, R2, 0), RET0, EXIT]);
    assert_eq!(e.reason, Reason::PointerComparison(1));
    let e = rejects(&[Insn::jmp32_reg(op::JGT, R1, R2, 0), RET0, EXIT]);
    assert_eq!(e.reason, Reason::PointerComparison(1));
}

#[test]
fn pointers_stay_out_of_the_stack() {
    let e = rejects(&[Insn::stx_mem(op::DW, R10, R1, -8), RET0, EXIT]);
    assert_eq!(e.reason, Reason::PointerSpill(1));
}

#[test]
fn pointers_are_not_returned() {
    assert_eq!(
        rejects(&[Insn::mov64_reg(R0, R1), EXIT]).reason,
        Reason::PointerReturn
    );
    assert_eq!(
        rejects(&[Insn::mov64_reg(R0, R10), EXIT]).reason,
        Reason::PointerReturn
    );
}

#[test]
fn path_explosion_is_bounded() {
    // 30 diamonds on independent bits of R3, each marking a different
    // stack byte on each side: no path is infeasible and no state subsumes
    // another, so there are 2^30 paths.
    let mut program = Vec::new();
    for i in 0..30i16 {
        program.push(Insn::jmp_imm(op::JSET, R3, 1 << i, 2));
        program.push(Insn::st_mem(op::B, R10, -2 * i - 1, 0));
        program.push(Insn::ja(1));
        program.push(Insn::st_mem(op::B, R10, -2 * i - 2, 0));
    }
    program.extend([RET0, EXIT]);
    let e = bpfdump::ebpf::verify::verify_with_limit(&program, 50_000).unwrap_err();
    assert_eq!(e.reason, Reason::TooComplex(50_001));
}

#[test]
fn dead_branches_are_not_followed() {
    // r0 = 5; if r0 > 10 { read uninitialised r6 }: never happens.
    accepts(&[
        Insn::mov64_imm(R0, 5),
        Insn::jmp_imm(op::JGT, R0, 10, 1),
        EXIT,
        Insn::mov64_reg(R0, R6),
        EXIT,
    ]);
}

// ---------------------------------------------------------------------
// Random programs.

/// Run a verified program on both engines: no fault, same answer.
fn run_both(program: &[Insn], packets: &[(Vec<u8>, u32)]) -> Result<(), TestCaseError> {
    let verified = verify(program).unwrap();
    let jit = JitProgram::compile(program).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let fast = interp::Interpreter::new(program).unwrap();
    for (data, wire_len) in packets {
        let by_interp = interp::run(program, data, *wire_len, verified.stack_depth);
        prop_assert!(
            by_interp.is_ok(),
            "interpreter fault {:?} on a verified program",
            by_interp
        );
        let expected = by_interp.unwrap();
        prop_assert_eq!(
            fast.run(data, *wire_len),
            Ok(expected),
            "fast interpreter\n{}",
            bpfdump::ebpf::dump::listing(program)
        );
        prop_assert_eq!(
            jit.run(data, *wire_len),
            expected,
            "JIT\n{}",
            bpfdump::ebpf::dump::listing(program)
        );
        let mut verdict = [0u32; 1];
        jit.run_batch(
            &[bpfdump::ebpf::BatchPacket::new(data, *wire_len)],
            &mut verdict,
        );
        prop_assert_eq!(
            verdict[0],
            expected as u32,
            "JIT batch\n{}",
            bpfdump::ebpf::dump::listing(program)
        );
    }
    Ok(())
}

/// A plausible random instruction: registers R0–R9 (R10 as a base),
/// operations of every class, offsets that are sometimes in bounds.
fn instruction(raw: (u8, u8, u8, i16, i32)) -> Vec<Insn> {
    let (pick, regs, operation, off, imm) = raw;
    let dst = regs % 10;
    let src = (regs / 10) % 11;
    let alu_ops = [
        op::ADD,
        op::SUB,
        op::MUL,
        op::DIV,
        op::OR,
        op::AND,
        op::LSH,
        op::RSH,
        op::NEG,
        op::MOD,
        op::XOR,
        op::MOV,
        op::ARSH,
    ];
    let jmp_ops = [
        op::JEQ,
        op::JGT,
        op::JGE,
        op::JSET,
        op::JNE,
        op::JSGT,
        op::JSGE,
        op::JLT,
        op::JLE,
        op::JSLT,
        op::JSLE,
    ];
    let sizes = [op::B, op::H, op::W, op::DW];
    let small_off = off % 24;
    let single = match pick % 16 {
        0..=4 => {
            let class = if pick & 0x20 != 0 { op::ALU64 } else { op::ALU };
            let o = alu_ops[operation as usize % alu_ops.len()];
            let width = if class == op::ALU64 { 64 } else { 32 };
            if o == op::NEG {
                Insn::new(class | o, dst, 0, 0, 0)
            } else if pick & 0x40 != 0 && src < 10 {
                Insn::new(class | o | op::X, dst, src, 0, 0)
            } else if matches!(o, op::LSH | op::RSH | op::ARSH) {
                Insn::new(class | o, dst, 0, 0, imm.rem_euclid(width))
            } else {
                Insn::new(
                    class | o,
                    dst,
                    0,
                    0,
                    if pick & 0x80 != 0 { imm % 300 } else { imm },
                )
            }
        }
        5 => Insn::to_be(dst, [16, 32, 64][operation as usize % 3]),
        6 => Insn::new(
            op::ALU | op::END | op::TO_LE,
            dst,
            0,
            0,
            [16, 32, 64][operation as usize % 3],
        ),
        7 | 8 => Insn::ldx_mem(sizes[operation as usize % 4], dst, src, small_off),
        9 => Insn::stx_mem(
            sizes[operation as usize % 4],
            R10,
            dst,
            -(off.rem_euclid(57)) - 8,
        ),
        10 => Insn::st_mem(
            sizes[operation as usize % 4],
            R10,
            -(off.rem_euclid(57)) - 8,
            imm,
        ),
        11 => Insn::ldx_mem(
            sizes[operation as usize % 4],
            dst,
            R10,
            -(off.rem_euclid(57)) - 8,
        ),
        12 | 13 => {
            let class = if pick & 0x20 != 0 { op::JMP } else { op::JMP32 };
            let o = jmp_ops[operation as usize % jmp_ops.len()];
            let jump = (off.rem_euclid(6)) as i16;
            if pick & 0x40 != 0 && src < 10 {
                Insn::new(class | o | op::X, dst, src, jump, 0)
            } else {
                Insn::new(class | o, dst, 0, jump, imm % 64)
            }
        }
        14 => {
            // A bounds check: r(dst) = r1 + n; if r(dst) > r2 goto the
            // final exit (patched in `random_program`).
            return vec![
                Insn::mov64_reg(dst, R1),
                Insn::alu64_imm(op::ADD, dst, imm.rem_euclid(32)),
                Insn::jmp_reg(op::JGT, dst, R2, i16::MAX),
            ];
        }
        15 if pick & 0x10 != 0 => {
            Insn::ldx_mem(sizes[operation as usize % 4], dst, R1, off.rem_euclid(16))
        }
        _ => Insn::alu64_imm(op::ADD, dst, imm % 40),
    };
    vec![single]
}

fn random_program(body: Vec<(u8, u8, u8, i16, i32)>, inits: Vec<i32>) -> Vec<Insn> {
    let mut program = Vec::new();
    // Give the scratch registers values (some packet pointers).
    for slot in 1..=8 {
        program.push(Insn::st_mem(op::DW, R10, -8 * slot, slot as i32));
    }
    for (r, v) in [R0, R4, R5, R6, R7, R8, R9].into_iter().zip(inits) {
        if r == R4 && v % 3 == 0 {
            program.push(Insn::mov64_reg(r, R1));
            program.push(Insn::alu64_imm(op::ADD, r, v.rem_euclid(32)));
        } else {
            program.push(Insn::mov64_imm(r, v));
        }
    }
    for raw in body {
        program.extend(instruction(raw));
    }
    // Jumps past the end land on this exit sequence or are rejected.
    program.extend([Insn::mov64_imm(R0, 1), EXIT]);
    let exit_at = program.len() as i64 - 2;
    for (pc, insn) in program.iter_mut().enumerate() {
        // Checks go to the exit; other jumps past it are pulled back to it.
        if insn.off == i16::MAX || insn.is_jump() && pc as i64 + 1 + insn.off as i64 > exit_at {
            insn.off = (exit_at - pc as i64 - 1) as i16;
        }
    }
    program
}

fn packets() -> impl Strategy<Value = Vec<(Vec<u8>, u32)>> {
    proptest::collection::vec(
        (proptest::collection::vec(any::<u8>(), 0..64), any::<u32>()),
        1..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Structured random programs: many pass, some fail; whatever passes,
    /// both engines run it identically.
    #[test]
    fn accepted_random_programs_run_identically(
        body in proptest::collection::vec(any::<(u8, u8, u8, i16, i32)>(), 1..16),
        inits in proptest::collection::vec(any::<i32>(), 7),
        packets in packets(),
    ) {
        let program = random_program(body, inits);
        if verify(&program).is_ok() {
            run_both(&program, &packets)?;
        }
    }

    /// Raw random instructions (any opcode, register, offset): the
    /// verifier never panics, and what it accepts runs safely.
    #[test]
    fn adversarial_raw_programs(
        raw in proptest::collection::vec(any::<(u8, u8, i16, i32)>(), 1..20),
        packets in packets(),
    ) {
        let program: Vec<Insn> = raw
            .into_iter()
            .map(|(code, regs, off, imm)| Insn { code, regs, off: off % 8, imm })
            .collect();
        if verify(&program).is_ok() {
            run_both(&program, &packets)?;
        }
    }
}

#[test]
fn structured_generator_produces_accepted_programs() {
    // Guard against a generator whose programs are all rejected (which
    // would make the property above vacuous).
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (
        proptest::collection::vec(any::<(u8, u8, u8, i16, i32)>(), 1..16),
        proptest::collection::vec(any::<i32>(), 7),
    );
    let accepted = (0..400)
        .filter(|_| {
            let (body, inits) = strategy.new_tree(&mut runner).unwrap().current();
            verify(&random_program(body, inits)).is_ok()
        })
        .count();
    eprintln!("{accepted}/400 random programs accepted");
    assert!(accepted >= 40, "only {accepted}/400 accepted");
}
