//! The reference classic interpreter, with libpcap's `bpf_filter` semantics.
//!
//! Semantics, instruction by instruction, are those of libpcap's userspace
//! `bpf_filter()`:
//!
//! * `A` and `X` are 32-bit unsigned and start at 0; arithmetic wraps.
//! * `M[0..16]` is scratch memory, zero-initialised for every run (libpcap
//!   1.10 leaves it uninitialised; the kernel's verifier forbids reading a
//!   slot before storing to it, so verified programs cannot tell).
//! * Packet loads are big-endian. A load that is not entirely inside the
//!   captured bytes (`data`) ends the filter with verdict 0. The Linux
//!   ancillary pseudo-offsets (`SKF_AD_OFF + n`) are ordinary offsets here and
//!   therefore always out of bounds, exactly as in libpcap without aux data.
//! * `len` loads `wire_len`; `ldxb 4*([k]&0xf)` is the IPv4 header length.
//! * Division or modulo by zero ends the filter with verdict 0. Shifts by 32
//!   or more give 0 (as current libpcap; x86 would otherwise mask the count).
//!
//! Where libpcap has undefined behaviour or aborts, this interpreter returns
//! 0 instead, so that it never panics on any program, verified or not:
//! an unknown opcode, `M[k]` with `k >= 16`, a jump past the end of the
//! program, or running off the end without a `ret`.
//!
//! `ja` with a negative (sign-extended) offset is a backward jump: libpcap's
//! code generator emits those for `ip6 protochain`. A jump to itself
//! returns 0, and after [`MAX_BACKWARD_JUMPS`] backward jumps in one run the
//! next one returns 0, so every run terminates (and a trace stays small).
//! libpcap's development interpreter sets no such bound: its `protochain`
//! loop ends when a load leaves the packet, so on a packet with more than
//! 64 extension headers it still answers where this one gives 0. bpfdump's
//! own programs never jump backward (the kernel refuses it).

use super::op::*;
use super::Insn;

/// How many backward `ja` jumps one run may take before the filter gives up
/// (returns 0).
pub const MAX_BACKWARD_JUMPS: u32 = 64;

// Full opcodes (class | size/op | mode/src), matched as a whole, so that an
// opcode with stray bits is unknown rather than silently decoded.
const LD_W_ABS: u16 = LD | W | ABS;
const LD_H_ABS: u16 = LD | H | ABS;
const LD_B_ABS: u16 = LD | B | ABS;
const LD_W_IND: u16 = LD | W | IND;
const LD_H_IND: u16 = LD | H | IND;
const LD_B_IND: u16 = LD | B | IND;
const LD_W_LEN: u16 = LD | W | LEN;
const LD_IMM: u16 = LD | IMM;
const LD_MEM: u16 = LD | MEM;
const LDX_W_LEN: u16 = LDX | W | LEN;
const LDX_IMM: u16 = LDX | IMM;
const LDX_MEM: u16 = LDX | MEM;
const LDX_B_MSH: u16 = LDX | B | MSH;
const RET_K: u16 = RET | K;
const RET_A: u16 = RET | A;
const JMP_JA: u16 = JMP | JA;
const JEQ_K: u16 = JMP | JEQ | K;
const JGT_K: u16 = JMP | JGT | K;
const JGE_K: u16 = JMP | JGE | K;
const JSET_K: u16 = JMP | JSET | K;
const JEQ_X: u16 = JMP | JEQ | X;
const JGT_X: u16 = JMP | JGT | X;
const JGE_X: u16 = JMP | JGE | X;
const JSET_X: u16 = JMP | JSET | X;
const ADD_K: u16 = ALU | ADD | K;
const SUB_K: u16 = ALU | SUB | K;
const MUL_K: u16 = ALU | MUL | K;
const DIV_K: u16 = ALU | DIV | K;
const MOD_K: u16 = ALU | MOD | K;
const AND_K: u16 = ALU | AND | K;
const OR_K: u16 = ALU | OR | K;
const XOR_K: u16 = ALU | XOR | K;
const LSH_K: u16 = ALU | LSH | K;
const RSH_K: u16 = ALU | RSH | K;
const ADD_X: u16 = ALU | ADD | X;
const SUB_X: u16 = ALU | SUB | X;
const MUL_X: u16 = ALU | MUL | X;
const DIV_X: u16 = ALU | DIV | X;
const MOD_X: u16 = ALU | MOD | X;
const AND_X: u16 = ALU | AND | X;
const OR_X: u16 = ALU | OR | X;
const XOR_X: u16 = ALU | XOR | X;
const LSH_X: u16 = ALU | LSH | X;
const RSH_X: u16 = ALU | RSH | X;
const ALU_NEG: u16 = ALU | NEG;
const MISC_TAX: u16 = MISC | TAX;
const MISC_TXA: u16 = MISC | TXA;

/// `size` bytes of `data` at `offset` (a 64-bit sum, so `X + k` cannot
/// wrap), or `None` when any of them is past the captured bytes.
#[inline(always)]
fn bytes<const N: usize>(data: &[u8], offset: u64) -> Option<[u8; N]> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(N)?;
    data.get(start..end)?.try_into().ok()
}

#[inline(always)]
fn load_word(data: &[u8], offset: u64) -> Option<u32> {
    bytes::<4>(data, offset).map(u32::from_be_bytes)
}

#[inline(always)]
fn load_half(data: &[u8], offset: u64) -> Option<u32> {
    bytes::<2>(data, offset).map(|b| u32::from(u16::from_be_bytes(b)))
}

#[inline(always)]
fn load_byte(data: &[u8], offset: u64) -> Option<u32> {
    usize::try_from(offset)
        .ok()
        .and_then(|i| data.get(i))
        .map(|&b| u32::from(b))
}

/// Run `program` on a packet whose captured bytes are `data` and whose
/// length on the wire was `wire_len`; returns the filter's verdict (0 =
/// drop, otherwise the number of bytes to keep).
///
/// Never panics and always terminates, whatever the program.
pub fn run(program: &[Insn], data: &[u8], wire_len: u32) -> u32 {
    run_checked(program, data, wire_len, &mut Unobserved).unwrap_or(0)
}

/// Told of every instruction a run completes (see [`super::trace`]).
pub(crate) trait Observer {
    /// The instruction at `pc` completed, leaving `a` and `x`; the next one
    /// is at `next`. (An instruction that ends the run, `ret` or a failure,
    /// is not reported.)
    fn step(&mut self, pc: usize, insn: &Insn, a: u32, x: u32, next: usize);
}

/// The observer of ordinary runs: nothing, compiled away.
struct Unobserved;

impl Observer for Unobserved {
    #[inline(always)]
    fn step(&mut self, _: usize, _: &Insn, _: u32, _: u32, _: usize) {}
}

/// The interpreter proper: `None` is every way a run can fail (which the
/// filter reports as verdict 0).
#[inline]
pub(crate) fn run_checked<O: Observer>(
    program: &[Insn],
    data: &[u8],
    wire_len: u32,
    observer: &mut O,
) -> Option<u32> {
    let mut a: u32 = 0;
    let mut x: u32 = 0;
    let mut mem = [0u32; MEMWORDS as usize];
    let mut backward_jumps = 0u32;
    let mut pc: usize = 0;
    loop {
        let insn = program.get(pc)?;
        let k = insn.k;
        let here = pc;
        pc += 1;
        match insn.code {
            RET_K => return Some(k),
            RET_A => return Some(a),

            LD_W_ABS => a = load_word(data, u64::from(k))?,
            LD_H_ABS => a = load_half(data, u64::from(k))?,
            LD_B_ABS => a = load_byte(data, u64::from(k))?,
            LD_W_IND => a = load_word(data, u64::from(x) + u64::from(k))?,
            LD_H_IND => a = load_half(data, u64::from(x) + u64::from(k))?,
            LD_B_IND => a = load_byte(data, u64::from(x) + u64::from(k))?,
            LDX_B_MSH => x = (load_byte(data, u64::from(k))? & 0xf) << 2,
            LD_W_LEN => a = wire_len,
            LDX_W_LEN => x = wire_len,
            LD_IMM => a = k,
            LDX_IMM => x = k,
            LD_MEM => a = *mem.get(k as usize)?,
            LDX_MEM => x = *mem.get(k as usize)?,
            ST => *mem.get_mut(k as usize)? = a,
            STX => *mem.get_mut(k as usize)? = x,

            JMP_JA => {
                // Sign-extended: libpcap emits backward jumps for protochain.
                let offset = k as i32;
                if offset < 0 {
                    if offset == -1 || backward_jumps >= MAX_BACKWARD_JUMPS {
                        return None;
                    }
                    backward_jumps += 1;
                    pc = pc.checked_sub(offset.unsigned_abs() as usize)?;
                } else {
                    pc = pc.checked_add(offset as usize)?;
                }
            }
            JEQ_K => pc += usize::from(if a == k { insn.jt } else { insn.jf }),
            JGT_K => pc += usize::from(if a > k { insn.jt } else { insn.jf }),
            JGE_K => pc += usize::from(if a >= k { insn.jt } else { insn.jf }),
            JSET_K => pc += usize::from(if a & k != 0 { insn.jt } else { insn.jf }),
            JEQ_X => pc += usize::from(if a == x { insn.jt } else { insn.jf }),
            JGT_X => pc += usize::from(if a > x { insn.jt } else { insn.jf }),
            JGE_X => pc += usize::from(if a >= x { insn.jt } else { insn.jf }),
            JSET_X => pc += usize::from(if a & x != 0 { insn.jt } else { insn.jf }),

            ADD_K => a = a.wrapping_add(k),
            SUB_K => a = a.wrapping_sub(k),
            MUL_K => a = a.wrapping_mul(k),
            DIV_K => a = a.checked_div(k)?,
            MOD_K => a = a.checked_rem(k)?,
            AND_K => a &= k,
            OR_K => a |= k,
            XOR_K => a ^= k,
            LSH_K => a = a.checked_shl(k).unwrap_or(0),
            RSH_K => a = a.checked_shr(k).unwrap_or(0),
            ADD_X => a = a.wrapping_add(x),
            SUB_X => a = a.wrapping_sub(x),
            MUL_X => a = a.wrapping_mul(x),
            DIV_X => a = a.checked_div(x)?,
            MOD_X => a = a.checked_rem(x)?,
            AND_X => a &= x,
            OR_X => a |= x,
            XOR_X => a ^= x,
            LSH_X => a = a.checked_shl(x).unwrap_or(0),
            RSH_X => a = a.checked_shr(x).unwrap_or(0),
            ALU_NEG => a = a.wrapping_neg(),

            MISC_TAX => x = a,
            MISC_TXA => a = x,

            // libpcap aborts on an unknown opcode; we reject the packet.
            _ => return None,
        }
        observer.step(here, insn, a, x, pc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ret_a(mut p: Vec<Insn>) -> Vec<Insn> {
        p.push(Insn::stmt(RET | A, 0));
        p
    }

    #[test]
    fn loads_are_big_endian_and_bounds_checked() {
        let data = [0x12, 0x34, 0x56, 0x78, 0x9a];
        assert_eq!(
            run(&ret_a(vec![Insn::stmt(LD | W | ABS, 1)]), &data, 5),
            0x3456789a
        );
        assert_eq!(
            run(&ret_a(vec![Insn::stmt(LD | H | ABS, 3)]), &data, 5),
            0x789a
        );
        assert_eq!(
            run(&ret_a(vec![Insn::stmt(LD | B | ABS, 4)]), &data, 5),
            0x9a
        );
        // One byte too far: the filter rejects, whatever comes after.
        let p = vec![Insn::stmt(LD | W | ABS, 2), Insn::stmt(RET | K, 7)];
        assert_eq!(run(&p, &data, 5), 0);
        let p = vec![Insn::stmt(LD | H | ABS, 4), Insn::stmt(RET | K, 7)];
        assert_eq!(run(&p, &data, 5), 0);
        let p = vec![Insn::stmt(LD | B | ABS, 5), Insn::stmt(RET | K, 7)];
        assert_eq!(run(&p, &data, 5), 0);
        // X + k must not wrap around to a small offset.
        let p = vec![
            Insn::stmt(LDX | IMM, u32::MAX),
            Insn::stmt(LD | B | IND, 2),
            Insn::stmt(RET | K, 7),
        ];
        assert_eq!(run(&p, &data, 5), 0);
        let p = ret_a(vec![Insn::stmt(LDX | IMM, 2), Insn::stmt(LD | H | IND, 1)]);
        assert_eq!(run(&p, &data, 5), 0x789a);
        // Ancillary offsets are just out of bounds.
        let p = vec![
            Insn::stmt(LD | B | ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT),
            Insn::stmt(RET | K, 7),
        ];
        assert_eq!(run(&p, &data, 5), 0);
    }

    #[test]
    fn msh_len_and_scratch() {
        let data = [0x45u8];
        let p = vec![
            Insn::stmt(LDX | B | MSH, 0),
            Insn::stmt(MISC | TXA, 0),
            Insn::stmt(RET | A, 0),
        ];
        assert_eq!(run(&p, &data, 1), 20);
        assert_eq!(
            run(&ret_a(vec![Insn::stmt(LD | W | LEN, 0)]), &data, 1500),
            1500
        );
        let p = ret_a(vec![
            Insn::stmt(LDX | W | LEN, 0),
            Insn::stmt(STX, 15),
            Insn::stmt(LD | MEM, 15),
        ]);
        assert_eq!(run(&p, &data, 99), 99);
        let p = vec![Insn::stmt(ST, 16), Insn::stmt(RET | K, 7)];
        assert_eq!(run(&p, &data, 1), 0);
    }

    #[test]
    fn alu_wraps_and_divides_safely() {
        let p = ret_a(vec![Insn::stmt(LD | IMM, 5), Insn::stmt(ALU | SUB | K, 7)]);
        assert_eq!(run(&p, &[], 0), (-2i32) as u32);
        let p = ret_a(vec![Insn::stmt(LD | IMM, 5), Insn::stmt(ALU | NEG, 0)]);
        assert_eq!(run(&p, &[], 0), (-5i32) as u32);
        let p = vec![
            Insn::stmt(LD | IMM, 5),
            Insn::stmt(ALU | DIV | X, 0),
            Insn::stmt(RET | K, 1),
        ];
        assert_eq!(run(&p, &[], 0), 0);
        let p = vec![
            Insn::stmt(LD | IMM, 5),
            Insn::stmt(ALU | MOD | K, 0),
            Insn::stmt(RET | K, 1),
        ];
        assert_eq!(run(&p, &[], 0), 0);
        let p = ret_a(vec![Insn::stmt(LD | IMM, 17), Insn::stmt(ALU | MOD | K, 5)]);
        assert_eq!(run(&p, &[], 0), 2);
        let p = ret_a(vec![Insn::stmt(LD | IMM, 1), Insn::stmt(ALU | LSH | K, 32)]);
        assert_eq!(run(&p, &[], 0), 0);
        let p = ret_a(vec![
            Insn::stmt(LD | IMM, 1),
            Insn::stmt(LDX | IMM, 31),
            Insn::stmt(ALU | LSH | X, 0),
        ]);
        assert_eq!(run(&p, &[], 0), 0x8000_0000);
    }

    #[test]
    fn jumps_and_falling_off() {
        let p = vec![
            Insn::stmt(LD | IMM, 3),
            Insn::jump(JMP | JGT | K, 2, 0, 1),
            Insn::stmt(RET | K, 100),
            Insn::stmt(RET | K, 200),
        ];
        assert_eq!(run(&p, &[], 0), 100);
        // Jump past the end, running off the end, empty program: all 0.
        assert_eq!(run(&[Insn::jump(JMP | JEQ | K, 0, 5, 5)], &[], 0), 0);
        assert_eq!(run(&[Insn::stmt(JMP | JA, 1000)], &[], 0), 0);
        assert_eq!(run(&[Insn::stmt(JMP | JA, u32::MAX)], &[], 0), 0);
        assert_eq!(run(&[Insn::stmt(LD | IMM, 1)], &[], 0), 0);
        assert_eq!(run(&[], &[], 0), 0);
        assert_eq!(run(&[Insn::stmt(0xffff, 0)], &[], 0), 0);
        // A backward loop terminates.
        let p = vec![
            Insn::stmt(LD | IMM, 1),
            Insn::stmt(JMP | JA, (-2i32) as u32),
        ];
        assert_eq!(run(&p, &[], 0), 0);
        // A bounded backward jump works: count to 3.
        let p = vec![
            Insn::stmt(LD | IMM, 0),
            Insn::stmt(ALU | ADD | K, 1),
            Insn::jump(JMP | JGE | K, 3, 1, 0),
            Insn::stmt(JMP | JA, (-3i32) as u32),
            Insn::stmt(RET | A, 0),
        ];
        assert_eq!(run(&p, &[], 0), 3);
    }
}
