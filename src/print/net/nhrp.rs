//! NHRP (RFC 2332) in GRE (protocol 0x2001) or IP protocol 54: the
//! operation, request id, addresses and client information entries.

use crate::print::core::prelude::*;

static OPS: &[(u8, &str)] = &[
    (1, "res request"),
    (2, "res reply"),
    (3, "reg request"),
    (4, "reg reply"),
    (5, "purge request"),
    (6, "purge reply"),
    (7, "error indication"),
    (8, "traffic indication"),
];

const FIXED: usize = 20;

/// An address of `len` bytes: IPv4 or IPv6 by length, else hex.
fn addr(cx: &mut Ctx, a: &[u8]) {
    match a.len() {
        4 => cx.ipv4(a),
        16 => cx.ipv6(a),
        _ => {
            for &b in a {
                fmt::put_hex2(cx.out, b);
            }
        }
    }
}

pub fn nhrp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "nhrp";
    cx.s("NHRP: ");
    let d = &d[..d.len().min(length)];
    d.range(0, FIXED)?;
    let hopcnt = d[9];
    let op = d[17];
    let shtl = (d[18] & 0x3f) as usize;
    let sstl = (d[19] & 0x3f) as usize;
    match tables::lookup(OPS, op) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown-op-type-");
            fmt::put_hex_padded(cx.out, op as u64, 2);
            return Ok(true);
        }
    }
    let spl = d.u8_at(20)? as usize;
    let dpl = d.u8_at(21)? as usize;
    if op == 8 {
        let code = d.be16(22)?;
        cx.s(", code ");
        cx.s(match code {
            0 => "<NHRP traffic redirect/indirection>",
            _ => "<unknown>",
        });
    } else {
        cx.s(", id ");
        cx.u(d.be32(24)? as u64);
    }
    if cx.opts.verbose > 0 {
        cx.s(", hopcnt ");
        cx.u(hopcnt as u64);
    }
    let afn = d.be16(0)?;
    let pro_type = d.be16(2)?;
    let mut at = 28;
    let nbma = d.range(at, shtl)?;
    at += shtl + sstl;
    match (afn, shtl) {
        (1, 4) | (2, 16) => {
            cx.s(", src nbma ");
            addr(cx, nbma);
        }
        _ => {
            cx.s(", unknown-nbma-addr-family-");
            fmt::put_hex_padded(cx.out, afn as u64, 4);
            cx.s(" (");
            for &b in nbma {
                fmt::put_hex2(cx.out, b);
            }
            cx.b(b')');
        }
    }
    let src = d.range(at, spl)?;
    at += spl;
    let dst = d.range(at, dpl)?;
    at += dpl;
    match (pro_type, spl, dpl) {
        (0x0800, 4, 4) | (0x86dd, 16, 16) => {
            cx.s(", ");
            addr(cx, src);
            cx.s(" -> ");
            addr(cx, dst);
        }
        _ => {
            cx.s(", proto type ");
            fmt::put_hex_padded(cx.out, pro_type as u64, 4);
            cx.b(b' ');
            for &b in src {
                fmt::put_hex2(cx.out, b);
            }
            cx.s(" -> ");
            for &b in dst {
                fmt::put_hex2(cx.out, b);
            }
        }
    }
    if op == 8 || op == 7 {
        return Ok(true);
    }
    // Client information entries, up to the extensions.
    let extoff = d.be16(14)? as usize;
    let end = if extoff != 0 && extoff < length {
        extoff
    } else {
        length
    };
    if at < end && end - at < 12 {
        cx.s(" [remaining mandatory part length ");
        cx.u((end - at) as u64);
        cx.s(" < 12] (invalid)");
        return Ok(true);
    }
    while at + 12 <= end {
        let c = d.range(at, 12)?;
        let (code, pl, mtu, htime) = (c[0], c[1], c.be16(4)?, c.be16(6)?);
        let (ctl, cstl, cpl, pref) = (
            (c[8] & 0x3f) as usize,
            (c[9] & 0x3f) as usize,
            c[10] as usize,
            c[11],
        );
        cx.s(" (code ");
        cx.u(code as u64);
        if cx.opts.verbose > 0 {
            cx.s(", pl ");
            cx.u(pl as u64);
            cx.s(", mtu ");
            cx.u(mtu as u64);
            cx.s(", htime ");
            cx.u(htime as u64);
            cx.s(", pref ");
            cx.u(pref as u64);
        }
        // The client's addresses, with or without -v.
        let mut ca = at + 12;
        if ctl > 0 {
            cx.s(", nbma ");
            addr(cx, d.range(ca, ctl)?);
        }
        ca += ctl + cstl;
        if cpl > 0 {
            cx.s(", proto ");
            addr(cx, d.range(ca, cpl)?);
        }
        cx.b(b')');
        at += 12 + ctl + cstl + cpl;
    }
    Ok(true)
}
