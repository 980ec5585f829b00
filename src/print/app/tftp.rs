//! TFTP (RFC 1350, options RFC 2347) on UDP port 69, or by `-T tftp`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static OPCODES: &[(u16, &str)] = &[
    (1, "RRQ"),
    (2, "WRQ"),
    (3, "DATA"),
    (4, "ACK"),
    (5, "ERROR"),
    (6, "OACK"),
];

static ERRORS: &[(u16, &str)] = &[
    (0, "EUNDEF"),
    (1, "ENOTFOUND"),
    (2, "EACCESS"),
    (3, "ENOSPACE"),
    (4, "EBADOP"),
    (5, "EBADID"),
    (6, "EEXISTS"),
    (7, "ENOUSER"),
    (8, "EOPTNEG"),
];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "tftp";
    let d = p.body;
    cx.s("TFTP, length ");
    cx.u(p.length as u64);
    if p.length < 2 {
        // The opcode is read first: uncaptured, it is a truncation.
        p.captured.be16(0)?;
        cx.s(" [length ");
        cx.u(p.length as u64);
        cx.s(" < 2] (invalid)");
        return Ok(true);
    }
    let op = d.be16(0)?;
    cx.s(", ");
    match tables::lookup(OPCODES, op) {
        Some(name) => cx.s(name),
        None => {
            cx.s("tftp-#");
            cx.u(op as u64);
        }
    }
    let rest = &d[2..];
    match op {
        1 | 2 => {
            // file name and mode, then option name/value pairs.
            cx.b(b' ');
            let mut at = 0;
            let Some(end) = strz(cx, rest, at, true)? else {
                return Ok(true);
            };
            at = end;
            if at + 2 >= p.length {
                // The datagram ends before the mode.
                return Err(Trunc);
            }
            cx.b(b' ');
            if at >= rest.len() {
                return Err(Trunc);
            }
            if let Some(end) = strz(cx, rest, at, false)? {
                at = end;
            } else {
                return Ok(true);
            }
            option_pairs(cx, rest, at, p.length - 2)?;
        }
        6 => option_pairs(cx, rest, 0, p.length - 2)?,
        3 | 4 => {
            let block = rest.be16(0)?;
            cx.s(" block ");
            cx.u(block as u64);
        }
        5 => {
            let code = rest.be16(0)?;
            cx.b(b' ');
            match tables::lookup(ERRORS, code) {
                Some(name) => cx.s(name),
                None => {
                    // The snapshot's name for unknown codes ends with a
                    // stray quote.
                    cx.s("tftp-err-#");
                    cx.u(code as u64);
                    cx.s(" \"");
                }
            }
            cx.b(b' ');
            strz(cx, rest, 2, true)?;
        }
        _ => {}
    }
    Ok(true)
}

/// ` name value` pairs until the end of the packet (empty strings skipped).
fn option_pairs(cx: &mut Ctx, d: &[u8], mut at: usize, len: usize) -> R {
    while at < len {
        // Bytes the datagram has but the capture lacks.
        if at >= d.len() {
            return Err(Trunc);
        }
        // Empty strings are skipped.
        if d[at] == 0 {
            at += 1;
            continue;
        }
        cx.b(b' ');
        match strz(cx, d, at, false)? {
            Some(end) => at = end,
            None => return Ok(()),
        }
    }
    Ok(())
}

/// A NUL-terminated string from `at`, printed (quoted if asked) with
/// unprintable bytes escaped; the position after its NUL, or `None` (and
/// the truncation marker) if the packet ends first.
fn strz(cx: &mut Ctx, d: &[u8], at: usize, quoted: bool) -> R<Option<usize>> {
    let s = d.get(at..).ok_or(Trunc)?;
    let (text, end) = match s.iter().position(|&c| c == 0) {
        Some(n) => (&s[..n], Some(at + n + 1)),
        None => (s, None),
    };
    if quoted {
        cx.b(b'"');
    }
    for &c in text {
        fmt::put_safe_char(cx.out, c);
    }
    if quoted {
        cx.b(b'"');
    }
    if end.is_none() {
        cx.trunc_marker();
    }
    Ok(end)
}
