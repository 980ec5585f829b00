//! Step 5 of the kernel's checks: after the classic rules, the kernel
//! translates the program to eBPF (`bpf_convert_filter`), where a jump
//! offset is a signed 16-bit count of eBPF instructions. A program whose
//! jumps do not fit is refused with `EINVAL`.
//!
//! Each classic instruction becomes a fixed number of eBPF instructions
//! (packet loads, for instance, become a fast path and a helper call), so the
//! eBPF address of every classic instruction is known without translating.
//! Two limits follow from how the kernel computes offsets:
//!
//! * the real one: a jump may skip at most 32767 eBPF instructions;
//! * an artefact of the kernel's two-pass translation: in the first pass the
//!   addresses of not-yet-translated targets are still 0, so every forward
//!   jump gets a provisional offset of minus its own eBPF address, which must
//!   not be below -32768. In effect no jump may sit at eBPF address 32768 or
//!   later.
//!
//! Only very long programs are affected (thousands of packet loads); the
//! sizes below are those of the x86-64 kernel this project targets (6.x).

use super::{VerifyError, VerifyReason};
use crate::cbpf::op::{self, *};
use crate::cbpf::Insn;

/// eBPF instructions the kernel emits before the first classic one: reset A
/// and X, keep the context pointer, and (if the program loads packet bytes)
/// cache the packet's data pointer and head length.
fn prologue_len(program: &[Insn]) -> usize {
    let loads_packet = program.iter().any(|i| {
        let c = i.code;
        c == LDX | B | MSH
            || c == LD | W | IND
            || c == LD | H | IND
            || c == LD | B | IND
            || ((c == LD | W | ABS || c == LD | H | ABS || c == LD | B | ABS)
                && ancillary_len(i.k).is_none())
    });
    if loads_packet {
        7
    } else {
        3
    }
}

/// eBPF length of an absolute load of an ancillary field, or `None` if `k`
/// is an ordinary packet offset.
fn ancillary_len(k: u32) -> Option<usize> {
    let field = k.checked_sub(SKF_AD_OFF)?;
    Some(match field {
        0 => 2,                      // protocol: load + byte swap
        4 => 2,                      // pkttype: load + mask
        8 | 28 => 4,                 // ifindex, hatype: load dev, test, exit, load
        20 | 32 | 24 | 40 => 1,      // mark, rxhash, queue, alu_xor_x
        44 => 1,                     // vlan_tag
        48 => 3,                     // vlan_tag_present: load, test, set 1
        60 => 2,                     // vlan_tpid: load + byte swap
        12 | 16 | 36 | 52 | 56 => 4, // nlattr, nlattr_nest, cpu, pay_offset, random: 3 moves + call
        _ => return None,
    })
}

/// eBPF length of a packet load (`ld`/`ldh`/`ldb` absolute or indirect).
fn packet_load_len(size: u16, indirect: bool, k: u32) -> usize {
    // The call to the load helper: 3 argument moves, the offset argument
    // (plus an add for a non-zero indirect offset), the call, and the
    // error check (test, zero A, exit).
    let slow = 3 + 1 + usize::from(indirect && k != 0) + 1 + 3;
    let offset = k as i32;
    if indirect || offset < 0 {
        return slow;
    }
    // Direct access first: copy head length, subtract offset (if any),
    // bounds test, load (3 instructions when the offset exceeds 16 bits),
    // byte swap for halfwords and words, jump over the slow path.
    let byte_swap = usize::from(size != B);
    let load = if offset <= i32::from(i16::MAX) { 1 } else { 3 };
    1 + usize::from(offset != 0) + 1 + load + byte_swap + 1 + slow
}

/// For a conditional jump: eBPF instructions before the first jump (a
/// negative constant is first moved to a register) and the number of eBPF
/// jumps (1 when one target is the next instruction, else 2).
fn conditional_shape(insn: &Insn) -> (usize, usize) {
    let pre = usize::from(op::src(insn.code) == K && (insn.k as i32) < 0);
    let one_jump = insn.jf == 0 || (insn.jt == 0 && op::jmp_op(insn.code) != JSET);
    (pre, if one_jump { 1 } else { 2 })
}

/// eBPF length of one (already verified) classic instruction.
fn translated_len(insn: &Insn) -> usize {
    let c = insn.code;
    let k = insn.k;
    match c {
        _ if c == ALU | DIV | X || c == ALU | MOD | X => 5, // zero test first
        _ if c == LD | W | ABS || c == LD | H | ABS || c == LD | B | ABS => {
            ancillary_len(k).unwrap_or_else(|| packet_load_len(op::size(c), false, k))
        }
        _ if c == LD | W | IND || c == LD | H | IND || c == LD | B | IND => {
            packet_load_len(op::size(c), true, k)
        }
        // save A, byte load, mask, shift, three moves.
        _ if c == LDX | B | MSH => 1 + packet_load_len(B, false, k) + 5,
        _ if c == RET | K => 2,
        _ if op::class(c) == JMP && c != JMP | JA => {
            let (pre, jumps) = conditional_shape(insn);
            pre + jumps
        }
        _ => 1,
    }
}

/// Step 5: every translated jump offset must fit in 16 bits.
pub(super) fn check_jump_offsets(program: &[Insn]) -> Result<(), VerifyError> {
    // eBPF address of each classic instruction.
    let mut addrs = Vec::with_capacity(program.len());
    let mut next = prologue_len(program);
    for insn in program {
        addrs.push(next);
        next += translated_len(insn);
    }
    let too_far = |index: usize| {
        Err(VerifyError {
            index,
            reason: VerifyReason::TranslatedJumpTooFar,
        })
    };

    // The eBPF jumps of instruction `pc`, each as (its position among the
    // instruction's eBPF instructions, classic target); at most two.
    let jumps = |pc: usize, insn: &Insn| -> [Option<(usize, usize)>; 2] {
        if insn.code == JMP | JA {
            return [Some((0, pc + 1 + insn.k as usize)), None];
        }
        if op::class(insn.code) != JMP {
            return [None, None];
        }
        let (pre, count) = conditional_shape(insn);
        let jt = pc + 1 + usize::from(insn.jt);
        let jf = pc + 1 + usize::from(insn.jf);
        match count {
            2 => [Some((pre, jt)), Some((pre + 1, jf))],
            _ if insn.jf == 0 => [Some((pre, jt)), None],
            _ => [Some((pre, jf)), None],
        }
    };

    // First pass: provisional offsets of minus the jump's own address.
    for (pc, insn) in program.iter().enumerate() {
        for (position, _) in jumps(pc, insn).into_iter().flatten() {
            if addrs[pc] + 1 + position > 32768 {
                return too_far(pc);
            }
        }
    }
    // Second pass: the real offsets.
    for (pc, insn) in program.iter().enumerate() {
        for (position, target) in jumps(pc, insn).into_iter().flatten() {
            let target_addr = addrs.get(target).copied().unwrap_or(next);
            if target_addr.saturating_sub(addrs[pc] + 1 + position) > 32767 {
                return too_far(pc);
            }
        }
    }
    Ok(())
}
