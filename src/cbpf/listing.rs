//! Reading a `-d` listing back into instructions: the inverse of
//! [`dump::image`](super::dump::image).
//!
//! Test suites (libpcap's among them) give expected programs as listings;
//! reading them back lets a program be judged by what it does rather than by
//! its bytes. The printer is the specification: a line is read by finding
//! the instruction whose image is that line, so anything `image` prints can
//! be read, and nothing else.

use super::dump::image;
use super::{op, Insn, Program};
use std::fmt;

/// A line of a listing that is not an instruction `image` would print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingError {
    /// 1-based line number in the text.
    pub line: usize,
    pub text: String,
}

impl fmt::Display for ListingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: not a classic BPF instruction listing: {}",
            self.line,
            crate::quote::user_text(&self.text)
        )
    }
}

impl std::error::Error for ListingError {}

/// Read a listing as `tcpdump -d` prints it (one instruction per line,
/// numbered from `(000)`; blank lines and surrounding blanks are ignored).
pub fn parse_listing(text: &str) -> Result<Program, ListingError> {
    let mut program = Program::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let err = || ListingError {
            line: n + 1,
            text: raw.to_string(),
        };
        let insn = parse_line(line, program.len()).ok_or_else(err)?;
        program.push(insn);
    }
    Ok(program)
}

/// The instruction at `index` whose image is `line` (trailing blanks aside).
fn parse_line(line: &str, index: usize) -> Option<Insn> {
    let rest = line.strip_prefix('(')?;
    let (number, rest) = rest.split_once(')')?;
    if number.parse::<usize>().ok()? != index {
        return None;
    }
    let mut words = rest.split_whitespace();
    let mnemonic = words.next()?;
    let words: Vec<&str> = words.collect();
    // Conditional jumps end in `jt T jf F` (absolute targets).
    let (operand, targets) = match words.as_slice() {
        [op @ .., "jt", t, "jf", f] => (
            op.join(" "),
            Some((t.parse::<i64>().ok()?, f.parse::<i64>().ok()?)),
        ),
        op => (op.join(" "), None),
    };
    let base = index as i64 + 1;
    let (jt, jf) = match targets {
        Some((t, f)) => (u8::try_from(t - base).ok()?, u8::try_from(f - base).ok()?),
        None => (0, 0),
    };
    let k_candidates = operand_values(mnemonic, &operand, base);
    let wanted = line.trim_end();
    let codes: Vec<u16> = if mnemonic == "unimp" {
        vec![u16::from_str_radix(operand.strip_prefix("0x")?, 16).ok()?]
    } else {
        codes_of(mnemonic)
    };
    for code in codes {
        for &k in &k_candidates {
            let insn = Insn { code, jt, jf, k };
            if image(&insn, index).trim_end() == wanted {
                return Some(insn);
            }
        }
    }
    None
}

/// The opcodes `image` prints with this mnemonic.
fn codes_of(mnemonic: &str) -> Vec<u16> {
    static TABLE: std::sync::OnceLock<Vec<(String, u16)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=0xffu16)
            .filter_map(|code| {
                let text = image(&Insn::stmt(code, 0), 0);
                let m = text.split_whitespace().nth(1)?.to_string();
                (m != "unimp").then_some((m, code))
            })
            .collect()
    });
    table
        .iter()
        .filter(|(m, _)| m == mnemonic)
        .map(|&(_, c)| c)
        .collect()
}

/// The values `k` may have for an operand: the number it shows (decimal,
/// signed, or hexadecimal after `0x`), an ancillary field's offset, or a
/// jump's target; 0 when it shows none.
fn operand_values(mnemonic: &str, operand: &str, base: i64) -> Vec<u32> {
    let mut out = Vec::new();
    if mnemonic == "ja" {
        if let Ok(target) = operand.parse::<i64>() {
            out.push((target - base) as u32);
        }
        return out;
    }
    // Every run of characters that can make a number (`4*([14]&0xf)` shows two).
    let bytes = operand.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let negative = bytes[i] == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(bytes[i].is_ascii_digit() || negative) {
            i += 1;
            continue;
        }
        let tail = &operand[i..];
        let len = if let Some(hex) = tail.strip_prefix("0x") {
            let end = hex
                .find(|c: char| !c.is_ascii_hexdigit())
                .unwrap_or(hex.len());
            if let Ok(v) = u32::from_str_radix(&hex[..end], 16) {
                out.push(v);
            }
            2 + end
        } else {
            let end = tail[1..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(tail.len(), |e| e + 1);
            if let Ok(v) = tail[..end].parse::<i64>() {
                out.push(v as u32);
            }
            end
        };
        i += len.max(1);
    }
    if let Some(name) = operand.strip_prefix('[').and_then(|o| o.strip_suffix(']')) {
        for i in 0..16u32 {
            let k = op::SKF_AD_OFF.wrapping_add(4 * i);
            if image(&Insn::stmt(op::LD | op::W | op::ABS, k), 0).ends_with(&format!("[{name}]")) {
                out.push(k);
            }
        }
    }
    out.push(0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbpf::dump::listing;
    use crate::cbpf::op::*;

    #[test]
    fn reads_back_every_printable_instruction() {
        let mut program = Vec::new();
        for code in 0..=0xffu16 {
            for k in [
                0u32,
                1,
                14,
                0x800,
                u32::MAX,
                SKF_AD_OFF + 4 * 11,
                SKF_AD_OFF + 2,
            ] {
                let jump = op::class(code) == JMP && op::jmp_op(code) != JA;
                let insn = if jump {
                    Insn::jump(code, k, 3, 0)
                } else {
                    Insn::stmt(code, k)
                };
                program.push(insn);
            }
        }
        // `ja` targets and `unimp` carry no k of their own: keep them sane.
        for insn in program.iter_mut() {
            if insn.code == JMP | JA {
                insn.k = 2;
            }
        }
        let text = listing(&program, 1);
        let back = parse_listing(&text).expect("a listing of ours reads back");
        assert_eq!(listing(&back, 1), text);
    }

    #[test]
    fn refuses_what_is_not_a_listing() {
        assert!(parse_listing("(000) ret #1\n(002) ret #0\n").is_err());
        assert!(parse_listing("(000) bogus #1\n").is_err());
        assert_eq!(
            parse_listing("\n  (000) ldh      [12]\n\t(001) jeq      #0x800           jt 2\tjf 3\n(002) ret      #262144\n(003) ret      #0\n").unwrap(),
            vec![
                Insn::stmt(LD | H | ABS, 12),
                Insn::jump(JMP | JEQ | K, 0x800, 0, 1),
                Insn::stmt(RET | K, 262144),
                Insn::stmt(RET | K, 0),
            ]
        );
    }
}
