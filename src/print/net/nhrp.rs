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

/// Bytes as `c0:a8:01:02`.
/// Error indication codes (RFC 2332).
static ERR_CODES: &[(u16, &str)] = &[
    (1, "unrecognized extension"),
    (3, "NHRP loop detected"),
    (6, "protocol address unreachable"),
    (7, "protocol error"),
    (8, "NHRP SDU size exceeded"),
    (9, "invalid extension"),
    (10, "invalid NHRP resolution reply received"),
    (11, "authentication failure"),
    (15, "hop count exceeded"),
];

fn colon_hex(cx: &mut Ctx, a: &[u8]) {
    for (i, &b) in a.iter().enumerate() {
        if i > 0 {
            cx.b(b':');
        }
        fmt::put_hex2(cx.out, b);
    }
}

/// Whether an NBMA address family (RFC 2332: IANA address family numbers)
/// is known: IPv4, IPv6.
fn known_afn(afn: u16) -> bool {
    matches!(afn, 1 | 2)
}

/// Whether a protocol type (an EtherType) is known: IPv4, IPv6.
fn known_pro(pro: u16) -> bool {
    matches!(pro, 0x0800 | 0x86dd)
}

/// An address of a known family: IPv4 or IPv6 at their sizes, else bytes.
fn addr(cx: &mut Ctx, v6: bool, a: &[u8]) {
    match (a.len(), v6) {
        (4, false) => cx.ipv4(a),
        (16, true) => cx.ipv6(a),
        _ => colon_hex(cx, a),
    }
}

/// A protocol address: as `addr` for IPv4 and IPv6, else bytes.
fn pro_addr(cx: &mut Ctx, pro: u16, a: &[u8]) {
    if known_pro(pro) {
        addr(cx, pro == 0x86dd, a);
    } else {
        colon_hex(cx, a);
    }
}

/// An NBMA address: `unknown-nbma-addr-family-XXXX (bytes)` for another
/// family.
fn nbma_addr(cx: &mut Ctx, afn: u16, a: &[u8]) {
    if known_afn(afn) {
        addr(cx, afn == 2, a);
    } else {
        unknown_family(cx, "unknown-nbma-addr-family-", afn, a);
    }
}

/// An address of a family not decoded: `LABELXXXX (bytes)`.
fn unknown_family(cx: &mut Ctx, label: &str, family: u16, a: &[u8]) {
    cx.s(label);
    fmt::put_hex_padded(cx.out, family as u64, 4);
    cx.s(" (");
    colon_hex(cx, a);
    cx.b(b')');
}

/// ` [mand_part_len L < N] (invalid)` when the mandatory part left is
/// shorter than the next field.
fn mand_short(cx: &mut Ctx, left: u32, need: u32, what: &str) -> bool {
    if left < need {
        cx.s(" [");
        cx.s(what);
        cx.b(b' ');
        cx.u(left as u64);
        cx.s(" < ");
        cx.u(need as u64);
        cx.s("] (invalid)");
        return true;
    }
    false
}

pub fn nhrp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "nhrp";
    cx.s("NHRP: ");
    let d = &d[..d.len().min(length)];
    if length < FIXED {
        cx.bad_len("length", length as u64, "<", FIXED as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    let version = d.u8_at(16)?;
    if version != 1 {
        cx.s("unknown-version-");
        fmt::put_hex2(cx.out, version);
        return Ok(true);
    }
    d.range(0, FIXED)?;
    let afn = d.be16(0)?;
    let pro_type = d.be16(2)?;
    let hopcnt = d[9];
    let pktsz = d.be16(10)? as usize;
    let extoff = d.be16(14)? as usize;
    let op = d[17];
    // The type and length octets are used whole as lengths.
    let (shtl, sstl) = (d[18] as u32, d[19] as u32);
    if pktsz < FIXED {
        cx.s(" [pktsz ");
        cx.u(pktsz as u64);
        cx.s(" < 20] (invalid)");
        return Ok(true);
    }
    let known_op = tables::lookup(OPS, op);
    match known_op {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown-op-type-");
            fmt::put_hex_padded(cx.out, op as u64, 4);
        }
    }
    let mand_end = if extoff != 0 {
        if extoff < FIXED {
            cx.s(" [extoff ");
            cx.u(extoff as u64);
            cx.s(" < 20] (invalid)");
            return Ok(true);
        }
        if extoff > pktsz {
            cx.s(" [extoff ");
            cx.u(extoff as u64);
            cx.s(" > ");
            cx.u(pktsz as u64);
            cx.s("] (invalid)");
            return Ok(true);
        }
        extoff
    } else {
        pktsz
    };
    // What is left of the mandatory part (it wraps like an unsigned int
    // when a client's subaddress runs past it).
    let mut mand = (mand_end.min(length) - FIXED) as u32;
    const MPL: &str = "mand_part_len";
    if mand_short(cx, mand, 8, MPL) {
        return Ok(true);
    }
    let spl = d.u8_at(20)? as u32;
    let dpl = d.u8_at(21)? as u32;
    if known_op.is_none() {
        // No request id nor code.
    } else if op == 7 {
        // The mandatory header is read whole before its code.
        d.range(20, 8)?;
        let code = d.be16(24)?;
        cx.s(", error <");
        match tables::lookup(ERR_CODES, code) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown-err-code-");
                cx.u(code as u64);
            }
        }
        cx.b(b'>');
    } else if op == 8 {
        d.range(20, 8)?;
        let code = d.be16(24)?;
        cx.s(", code ");
        cx.s(match code {
            0 => "<NHRP traffic redirect/indirection>",
            _ => "<unknown>",
        });
    } else {
        d.range(20, 8)?;
        cx.s(", id ");
        cx.u(d.be32(24)? as u64);
    }
    mand -= 8;
    if cx.opts.verbose > 0 {
        cx.s(", hopcnt ");
        cx.u(hopcnt as u64);
        if shtl & 0x80 != 0 {
            cx.s(" (shtl bit 7 set)");
        }
        if shtl & 0x40 != 0 {
            cx.s(" (nbma E.154)");
        }
    }
    let mut at = 28;
    if mand_short(cx, mand, shtl, MPL) {
        return Ok(true);
    }
    let nbma = d.range(at, shtl as usize)?;
    cx.s(", ");
    if known_afn(afn) {
        cx.s("src nbma ");
    }
    nbma_addr(cx, afn, nbma);
    at += shtl as usize;
    mand -= shtl;
    if mand_short(cx, mand, sstl, MPL) {
        return Ok(true);
    }
    at += sstl as usize;
    mand -= sstl;
    cx.s(", ");
    if !known_pro(pro_type) {
        cx.s("proto type ");
        fmt::put_hex_padded(cx.out, pro_type as u64, 4);
        cx.b(b' ');
    }
    if mand_short(cx, mand, spl, MPL) {
        return Ok(true);
    }
    let src = d.range(at, spl as usize)?;
    if !src.is_empty() {
        pro_addr(cx, pro_type, src);
        cx.b(b' ');
    }
    cx.s("->");
    at += spl as usize;
    mand -= spl;
    if mand_short(cx, mand, dpl, MPL) {
        return Ok(true);
    }
    let dst = d.range(at, dpl as usize)?;
    if !dst.is_empty() {
        cx.b(b' ');
        pro_addr(cx, pro_type, dst);
    }
    at += dpl as usize;
    mand -= dpl;
    if op == 8 || op == 7 || known_op.is_none() {
        return Ok(true);
    }
    // Client information entries, to the end of the mandatory part.
    while mand != 0 {
        if mand_short(cx, mand, 12, "remaining mandatory part length") {
            return Ok(true);
        }
        let code = d.u8_at(at)?;
        cx.s(" (code ");
        cx.u(code as u64);
        let c = d.range(at, 12)?;
        let (pl, mtu, htime) = (c[1], c.be16(4)?, c.be16(6)?);
        let (ctl, cstl, cpl, pref) = (c[8] as u32, c[9] as u32, c[10] as u32, c[11]);
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
        at += 12;
        mand -= 12;
        if ctl != 0 {
            cx.s(", ");
            if known_afn(afn) {
                cx.s("nbma ");
            }
            if ctl & 0x40 != 0 {
                cx.s("E.154");
            }
            if mand_short(cx, mand, ctl, "remaining mandatory part length") {
                return Ok(true);
            }
            if ctl & 0x40 != 0 {
                cx.b(b' ');
            }
            nbma_addr(cx, afn, d.range(at, ctl as usize)?);
            at += ctl as usize;
            mand -= ctl;
        }
        if cstl != 0 {
            cx.s(", unknown-nbma-saddr-family");
            d.range(at, cstl as usize)?;
            at += cstl as usize;
            mand = mand.wrapping_sub(cstl);
        }
        if cpl != 0 {
            cx.s(", ");
            if known_pro(pro_type) {
                cx.s("proto ");
            }
            if mand_short(cx, mand, cpl, "remaining mandatory part length") {
                return Ok(true);
            }
            let a = d.range(at, cpl as usize)?;
            if known_pro(pro_type) {
                addr(cx, pro_type == 0x86dd, a);
            } else {
                unknown_family(cx, "unknown-proto-family-", pro_type, a);
            }
            at += cpl as usize;
            mand = mand.wrapping_sub(cpl);
        }
        cx.b(b')');
    }
    Ok(true)
}
