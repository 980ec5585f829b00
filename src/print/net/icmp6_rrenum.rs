//! ICMPv6 router renumbering (RFC 2894, type 138): the header, and for a
//! command its match-prefix part and the use-prefix parts after it.

use crate::print::core::prelude::*;

/// Header flags (RFC 2894 3.1), as letters.
const RR_FLAGS: [(u8, u8); 5] = [
    (0x80, b'T'),
    (0x40, b'R'),
    (0x20, b'A'),
    (0x10, b'S'),
    (0x08, b'P'),
];

/// The match-prefix operation codes.
const PCO_CODES: [&str; 3] = ["add", "change", "setglobal"];

/// After the type's name; `Err` where a field read runs out, the marker
/// (and `Ok`) where a part is not all there.
pub fn rrenum(cx: &mut Ctx, d: &[u8]) -> R {
    let verbose = cx.opts.verbose;
    if !d.has(12, 4) {
        cx.trunc_marker();
        return Ok(());
    }
    let code = d[1];
    match code {
        0 => cx.s(", command"),
        1 => cx.s(", result"),
        255 => cx.s(", sequence number reset"),
        _ => {
            cx.s(", code-#");
            cx.u(code as u64);
        }
    }
    cx.s(", seq=");
    cx.u(d.be32(4)? as u64);
    if verbose > 0 {
        cx.b(b'[');
        let flags = d[9];
        if flags != 0 {
            let mut any = false;
            for (bit, letter) in RR_FLAGS {
                if flags & bit != 0 {
                    cx.b(letter);
                    any = true;
                }
            }
            if !any {
                cx.s("none");
            }
            cx.b(b',');
        }
        cx.s("seg=");
        cx.u(d[8] as u64);
        cx.s(",maxdelay=");
        cx.u(d.be16(10)? as u64);
        let rsvd = d.be32(12)?;
        if rsvd != 0 {
            cx.s("rsvd=0x");
            fmt::put_hex(cx.out, rsvd as u64);
        }
        cx.b(b']');
    }
    if code != 0 {
        return Ok(());
    }
    // Match-prefix part: code, length (8-byte units), ordinal, match
    // length, min and max length, reserved, prefix.
    if !d.has(24, 16) {
        cx.trunc_marker();
        return Ok(());
    }
    cx.s(if verbose > 1 { "\n\t" } else { " " });
    cx.s("match(");
    match PCO_CODES.get((d[16] as usize).wrapping_sub(1)) {
        Some(n) => cx.s(n),
        None => {
            cx.b(b'#');
            cx.u(d[16] as u64);
        }
    }
    if verbose > 0 {
        for (name, at) in [(",ord=", 18), (",min=", 20), (",max=", 21)] {
            cx.s(name);
            cx.u(d[at] as u64);
        }
    }
    cx.b(b',');
    cx.ipv6(&d[24..40]);
    cx.b(b'/');
    cx.u(d[19] as u64);
    cx.b(b')');
    // The use-prefix parts fill the rest of the match part's length.
    let n = d[17] as i32 - 3;
    if n % 4 != 0 {
        cx.trunc_marker();
        return Ok(());
    }
    for k in 0..(n / 4).max(0) as usize {
        let at = 40 + 32 * k;
        if !d.has(at + 16, 16) {
            cx.trunc_marker();
            return Ok(());
        }
        cx.s(if verbose > 1 { "\n\t" } else { " " });
        cx.s("use(");
        let f = d[at + 12];
        if f != 0 {
            if f & 0x80 != 0 {
                cx.b(b'V');
            }
            if f & 0x40 != 0 {
                cx.b(b'P');
            }
            cx.b(b',');
        }
        if verbose > 0 {
            cx.s("mask=0x");
            fmt::put_hex(cx.out, d[at + 2] as u64);
            cx.s(",raflags=0x");
            fmt::put_hex(cx.out, d[at + 3] as u64);
            cx.b(b',');
            for (name, off) in [("vltime=", 4), ("pltime=", 8)] {
                cx.s(name);
                let v = d.be32(at + off)?;
                if v == u32::MAX {
                    cx.s("infty");
                } else {
                    cx.u(v as u64);
                }
                cx.b(b',');
            }
        }
        cx.ipv6(&d[at + 16..at + 32]);
        cx.b(b'/');
        cx.u(d[at] as u64);
        cx.b(b'/');
        cx.u(d[at + 1] as u64);
        cx.b(b')');
    }
    Ok(())
}
