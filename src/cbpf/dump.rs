//! tcpdump's program listings: `-d` (readable), `-dd` (C array), `-ddd`
//! (decimal numbers).
//!
//! The output is byte-identical to libpcap's `bpf_dump()` (which tcpdump
//! calls), including its quirks: signed printing of offsets and constants
//! (`ld [-10]`, `add #-1`), hexadecimal for the logical operations and the
//! compared constants (`and #0xff`, `jeq #0x800`), `unimp 0x..` for opcodes
//! it does not know, and the column padding (with no
//! trailing blanks after operand-less instructions such as `tax`, as in
//! libpcap's development version; 1.10 left them).

use super::op::{self, *};
use super::Insn;
use std::fmt::Write;

/// The listing tcpdump prints for `-d` (level 0 or 1), `-dd` (2) or `-ddd`
/// (3 and more).
pub fn listing(program: &[Insn], level: u8) -> String {
    let mut out = String::with_capacity(program.len() * 48);
    match level {
        0 | 1 => {
            for (index, insn) in program.iter().enumerate() {
                out.push_str(&image(insn, index));
                out.push('\n');
            }
        }
        2 => {
            for insn in program {
                let _ = writeln!(
                    out,
                    "{{ 0x{:x}, {}, {}, 0x{:08x} }},",
                    insn.code, insn.jt, insn.jf, insn.k
                );
            }
        }
        _ => {
            let _ = writeln!(out, "{}", program.len());
            for insn in program {
                let _ = writeln!(out, "{} {} {} {}", insn.code, insn.jt, insn.jf, insn.k);
            }
        }
    }
    out
}

/// How an instruction's operand is printed.
enum Operand {
    /// No operand.
    None,
    /// A fixed text (`x`, `#pktlen`).
    Text(&'static str),
    /// `k` as a signed decimal inside a pattern: `prefix{k}suffix`.
    Signed(&'static str, &'static str),
    /// `#0x{k:x}`.
    Hex,
    /// `[k]`, or the name of a Linux ancillary field (`[proto]`).
    Absolute,
}

/// The names libpcap gives the Linux ancillary pseudo-offsets
/// `SKF_AD_OFF + 4 * i` in absolute loads.
const ANCILLARY_NAMES: [&str; 16] = [
    "proto",
    "type",
    "ifidx",
    "nla",
    "nlan",
    "mark",
    "queue",
    "hatype",
    "rxhash",
    "cpu",
    "xor_x",
    "vlan_tci",
    "vlanp",
    "poff",
    "random",
    "vlan_tpid",
];

fn ancillary_name(k: u32) -> Option<&'static str> {
    let offset = k.checked_sub(SKF_AD_OFF)?;
    if offset % 4 != 0 {
        return None;
    }
    ANCILLARY_NAMES.get((offset / 4) as usize).copied()
}

/// One line of the `-d` listing (without the newline), for the instruction
/// at `index`: libpcap's `bpf_image()`.
pub fn image(insn: &Insn, index: usize) -> String {
    use Operand::*;
    let code = insn.code;
    let (mnemonic, operand): (&str, Operand) = match code {
        c if c == RET | K => ("ret", Signed("#", "")),
        c if c == RET | A => ("ret", None),
        c if c == LD | W | ABS => ("ld", Absolute),
        c if c == LD | H | ABS => ("ldh", Absolute),
        c if c == LD | B | ABS => ("ldb", Absolute),
        c if c == LD | W | LEN => ("ld", Text("#pktlen")),
        c if c == LDX | W | LEN => ("ldx", Text("#pktlen")),
        c if c == LD | W | IND => ("ld", Signed("[x + ", "]")),
        c if c == LD | H | IND => ("ldh", Signed("[x + ", "]")),
        c if c == LD | B | IND => ("ldb", Signed("[x + ", "]")),
        c if c == LD | IMM => ("ld", Hex),
        c if c == LDX | IMM => ("ldx", Hex),
        c if c == LDX | B | MSH => ("ldxb", Signed("4*([", "]&0xf)")),
        c if c == LD | MEM => ("ld", Signed("M[", "]")),
        c if c == LDX | MEM => ("ldx", Signed("M[", "]")),
        c if c == ST => ("st", Signed("M[", "]")),
        c if c == STX => ("stx", Signed("M[", "]")),
        c if c == JMP | JA => ("ja", None),
        c if c == JMP | JGT | K => ("jgt", Hex),
        c if c == JMP | JGE | K => ("jge", Hex),
        c if c == JMP | JEQ | K => ("jeq", Hex),
        c if c == JMP | JSET | K => ("jset", Hex),
        c if c == JMP | JGT | X => ("jgt", Text("x")),
        c if c == JMP | JGE | X => ("jge", Text("x")),
        c if c == JMP | JEQ | X => ("jeq", Text("x")),
        c if c == JMP | JSET | X => ("jset", Text("x")),
        c if c == ALU | ADD | X => ("add", Text("x")),
        c if c == ALU | SUB | X => ("sub", Text("x")),
        c if c == ALU | MUL | X => ("mul", Text("x")),
        c if c == ALU | DIV | X => ("div", Text("x")),
        c if c == ALU | MOD | X => ("mod", Text("x")),
        c if c == ALU | AND | X => ("and", Text("x")),
        c if c == ALU | OR | X => ("or", Text("x")),
        c if c == ALU | XOR | X => ("xor", Text("x")),
        c if c == ALU | LSH | X => ("lsh", Text("x")),
        c if c == ALU | RSH | X => ("rsh", Text("x")),
        c if c == ALU | ADD | K => ("add", Signed("#", "")),
        c if c == ALU | SUB | K => ("sub", Signed("#", "")),
        c if c == ALU | MUL | K => ("mul", Signed("#", "")),
        c if c == ALU | DIV | K => ("div", Signed("#", "")),
        c if c == ALU | MOD | K => ("mod", Signed("#", "")),
        c if c == ALU | AND | K => ("and", Hex),
        c if c == ALU | OR | K => ("or", Hex),
        c if c == ALU | XOR | K => ("xor", Hex),
        c if c == ALU | LSH | K => ("lsh", Signed("#", "")),
        c if c == ALU | RSH | K => ("rsh", Signed("#", "")),
        c if c == ALU | NEG => ("neg", None),
        c if c == MISC | TAX => ("tax", None),
        c if c == MISC | TXA => ("txa", None),
        _ => ("unimp", None),
    };

    // libpcap computes line numbers in C `int`, wrapping silently.
    let line = index as u32;
    let operand = match operand {
        _ if mnemonic == "unimp" => format!("0x{code:x}"),
        // `ja` shows its absolute target.
        _ if code == JMP | JA => format!("{}", line.wrapping_add(1).wrapping_add(insn.k) as i32),
        None => String::new(),
        Text(t) => t.to_string(),
        Signed(prefix, suffix) => format!("{prefix}{}{suffix}", insn.k as i32),
        Hex => format!("#0x{:x}", insn.k),
        Absolute => match ancillary_name(insn.k) {
            Some(name) => format!("[{name}]"),
            Option::None => format!("[{}]", insn.k as i32),
        },
    };

    let is_conditional_jump = op::class(code) == JMP && op::jmp_op(code) != JA;
    if is_conditional_jump {
        let jt = line.wrapping_add(1).wrapping_add(u32::from(insn.jt)) as i32;
        let jf = line.wrapping_add(1).wrapping_add(u32::from(insn.jf)) as i32;
        format!(
            "({:03}) {mnemonic:<8} {operand:<16} jt {jt}\tjf {jf}",
            line as i32
        )
    } else {
        format!("({:03}) {mnemonic:<8} {operand}", line as i32)
            .trim_end()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_of_each_level() {
        let p = vec![
            Insn::stmt(LD | H | ABS, 12),
            Insn::jump(JMP | JEQ | K, 0x800, 0, 1),
            Insn::stmt(RET | K, 262144),
            Insn::stmt(RET | K, 0),
        ];
        assert_eq!(
            listing(&p, 1),
            "(000) ldh      [12]\n(001) jeq      #0x800           jt 2\tjf 3\n(002) ret      #262144\n(003) ret      #0\n"
        );
        assert_eq!(
            listing(&p, 2),
            "{ 0x28, 0, 0, 0x0000000c },\n{ 0x15, 0, 1, 0x00000800 },\n{ 0x6, 0, 0, 0x00040000 },\n{ 0x6, 0, 0, 0x00000000 },\n"
        );
        assert_eq!(
            listing(&p, 3),
            "4\n40 0 0 12\n21 0 1 2048\n6 0 0 262144\n6 0 0 0\n"
        );
    }

    #[test]
    fn quirks() {
        assert_eq!(image(&Insn::stmt(RET | A, 0), 0), "(000) ret");
        assert_eq!(
            image(&Insn::stmt(LDX | W | LEN, 0), 7),
            "(007) ldx      #pktlen"
        );
        assert_eq!(
            image(&Insn::stmt(ALU | ADD | K, u32::MAX), 0),
            "(000) add      #-1"
        );
        assert_eq!(
            image(&Insn::stmt(JMP | JA, (-15i32) as u32), 18),
            "(018) ja       4"
        );
        assert_eq!(
            image(&Insn::stmt(LDX | B | MSH, 14), 1234),
            "(1234) ldxb     4*([14]&0xf)"
        );
        assert_eq!(
            image(
                &Insn::stmt(LD | B | ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT),
                0
            ),
            "(000) ldb      [vlanp]"
        );
        assert_eq!(
            image(&Insn::stmt(LD | B | ABS, SKF_AD_OFF + 2), 0),
            "(000) ldb      [-4094]"
        );
        assert_eq!(
            image(&Insn::stmt(LD | B | IND, SKF_AD_OFF), 0),
            "(000) ldb      [x + -4096]"
        );
    }
}
