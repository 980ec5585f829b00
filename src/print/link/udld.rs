//! Cisco UniDirectional Link Detection (SNAP OUI 0x00000c, PID 0x0111):
//! version, opcode and flags; with `-v` the checksum and the TLVs.

use crate::print::core::prelude::*;

static TLVS: &[(u16, &str)] = &[
    (1, "Device-ID TLV"),
    (2, "Port-ID TLV"),
    (3, "Echo TLV"),
    (4, "Message Interval TLV"),
    (5, "Timeout Interval TLV"),
    (6, "Device Name TLV"),
    (7, "Sequence Number TLV"),
];

static CODES: &[(u8, &str)] = &[
    (0, "Reserved"),
    (1, "Probe message"),
    (2, "Echo message"),
    (3, "Flush message"),
];

static FLAGS: &[(u8, &str)] = &[
    (0x01, "RT"),
    (0x02, "RSY"),
    (0x04, "MBZ-2"),
    (0x08, "MBZ-3"),
    (0x10, "MBZ-4"),
    (0x20, "MBZ-5"),
    (0x40, "MBZ-6"),
    (0x80, "MBZ-7"),
];

/// What is left must have been captured.
fn rest(d: &[u8], at: usize, left: usize) -> R<bool> {
    d.range(at, left)?;
    Ok(true)
}

fn invalid_rest(cx: &mut Ctx, d: &[u8], at: usize, left: usize) -> R<bool> {
    cx.s(" (invalid)");
    rest(d, at, left)
}

pub fn udld(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "udld";
    cx.s("UDLD");
    if length < 4 {
        return invalid_rest(cx, d, 0, length);
    }
    let (b0, flags) = (d.u8_at(0)?, d.u8_at(1)?);
    let code = b0 & 0x1f;
    cx.b(b'v');
    cx.u((b0 >> 5) as u64);
    cx.s(", Code ");
    cx.s(tables::lookup(CODES, code).unwrap_or("Reserved"));
    cx.s(" (");
    fmt::put_hex(cx.out, code as u64);
    cx.s("), Flags [");
    bits(cx, flags, FLAGS);
    cx.s("] (0x");
    fmt::put_hex2(cx.out, flags);
    cx.s("), length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return rest(d, 2, length - 2);
    }
    let sum = d.be16(2)?;
    cx.s("\n\tChecksum 0x");
    fmt::put_hex_padded(cx.out, sum as u64, 4);
    cx.s(" (unverified)");
    let (mut at, mut left) = (4, length - 4);
    while left > 0 {
        if left < 4 {
            return invalid_rest(cx, d, at, left);
        }
        let t = d.be16(at)?;
        let l = d.be16(at + 2)? as usize;
        at += 4;
        left -= 4;
        cx.s("\n\t");
        cx.s(tables::lookup(TLVS, t).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, t as u64, 4);
        cx.s(") TLV, length ");
        cx.u(l as u64);
        if l <= 4 || left < l - 4 {
            return invalid_rest(cx, d, at, left);
        }
        let l = l - 4;
        match t {
            1 | 2 | 6 | 3 => {
                cx.s(", ");
                for i in 0..l {
                    let c = d.u8_at(at + i)?;
                    // Names stop at a NUL; the echo does not.
                    if c == 0 && t != 3 {
                        break;
                    }
                    fmt::put_safe_char(cx.out, c);
                }
            }
            4 | 5 => {
                if l != 1 {
                    return invalid_rest(cx, d, at, left);
                }
                let s = d.u8_at(at)?;
                cx.s(", ");
                cx.u(s as u64);
                cx.b(b's');
            }
            7 => {
                if l != 4 {
                    return invalid_rest(cx, d, at, left);
                }
                let n = d.be32(at)?;
                cx.s(", ");
                cx.u(n as u64);
            }
            _ => {
                d.range(at, l)?;
            }
        }
        at += l;
        left -= l;
    }
    Ok(true)
}
