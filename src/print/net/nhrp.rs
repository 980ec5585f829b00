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

/// Bytes as `c0:a8:01:02`.
fn colon_hex(cx: &mut Ctx, a: &[u8]) {
    for (i, &b) in a.iter().enumerate() {
        if i > 0 {
            cx.b(b':');
        }
        fmt::put_hex2(cx.out, b);
    }
}

/// An NBMA address (`label` before it): IPv4, IPv6 or MAC when its
/// family is known (as bytes when its length is not that family's), else
/// `unknown-nbma-addr-family-XXXX (bytes)`.
fn nbma_addr(cx: &mut Ctx, afn: u16, label: &str, a: &[u8]) {
    match afn {
        1 | 2 | 6 => {
            cx.s(label);
            match (afn, a.len()) {
                (1, 4) => cx.ipv4(a),
                (2, 16) => cx.ipv6(a),
                (6, 6) => cx.mac(a),
                _ => colon_hex(cx, a),
            }
        }
        _ => unknown_family(cx, ", unknown-nbma-addr-family-", afn, a),
    }
}

/// A protocol address of an IPv4 or IPv6 protocol type, or as bytes.
fn pro_addr(cx: &mut Ctx, pro: u16, a: &[u8]) {
    match (pro, a.len()) {
        (0x0800, 4) => cx.ipv4(a),
        (0x86dd, 16) => cx.ipv6(a),
        _ => colon_hex(cx, a),
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

/// ` [WHAT L < N] (invalid)` when `left` is shorter than the next field.
fn short(cx: &mut Ctx, what: &str, left: u16, need: u8) -> bool {
    if left < need as u16 {
        cx.bad_len(what, left as u64, "<", need as u64);
        cx.s(" (invalid)");
        return true;
    }
    false
}

const MPL: &str = "mand_part_len";
const RMPL: &str = "remaining mandatory part length";

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
    let afn = d.be16(0)?;
    let pro_type = d.be16(2)?;
    let pktsz = d.be16(10)? as usize;
    if pktsz < FIXED {
        cx.bad_len("pktsz", pktsz as u64, "<", FIXED as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    let extoff = d.be16(14)? as usize;
    // The operation is named before the rest of the fixed header is
    // looked at.
    let op = d.u8_at(17)?;
    let known_op = tables::lookup(OPS, op);
    match known_op {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown-op-type-");
            fmt::put_hex_padded(cx.out, op as u64, 4);
        }
    }
    let mand_end = if extoff != 0 {
        if extoff > pktsz {
            cx.bad_len("extoff", extoff as u64, ">", pktsz as u64);
            cx.s(" (invalid)");
            return Ok(true);
        }
        if extoff < FIXED {
            cx.bad_len("extoff", extoff as u64, "<", FIXED as u64);
            cx.s(" (invalid)");
            return Ok(true);
        }
        extoff
    } else {
        pktsz
    };
    // What is left of the mandatory part: 16 bits, which wrap when a
    // client's subaddress runs past it.
    let mut mand = (mand_end - FIXED).min(length - FIXED) as u16;
    let h = d.range(0, FIXED)?;
    if mand < 8 {
        cx.bad_len(MPL, mand as u64, "<", 8);
        cx.s(" (invalid)");
        return Ok(true);
    }
    let m = d.range(FIXED, 8)?;
    match op {
        1..=6 => {
            cx.s(", id ");
            cx.u(m.be32(4)? as u64);
        }
        7 => {
            let code = m.be16(4)?;
            cx.s(", error <");
            match tables::lookup(ERR_CODES, code) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("unknown-err-code-");
                    cx.u(code as u64);
                }
            }
            cx.b(b'>');
        }
        8 => {
            let code = m.be16(4)?;
            cx.s(", code <");
            if code == 0 {
                cx.s("NHRP traffic redirect/indirection");
            } else {
                cx.s("unknown-traffic-code-");
                cx.u(code as u64);
            }
            cx.b(b'>');
        }
        _ => {}
    }
    let (shtl, sstl) = (h[18], h[19]);
    if cx.opts.verbose > 0 {
        cx.s(", hopcnt ");
        cx.u(h[9] as u64);
        if shtl & 0x80 != 0 {
            cx.s(" (shtl bit 7 set)");
        }
        if shtl & 0x40 != 0 {
            cx.s(" (nbma E.154)");
        }
    }
    let (spl, dpl) = (m[0], m[1]);
    let mut at = FIXED + 8;
    mand -= 8;
    if shtl != 0 {
        if short(cx, MPL, mand, shtl) {
            return Ok(true);
        }
        nbma_addr(cx, afn, ", src nbma ", d.range(at, shtl as usize)?);
        at += shtl as usize;
        mand -= shtl as u16;
    }
    if sstl != 0 {
        if short(cx, MPL, mand, sstl) {
            return Ok(true);
        }
        d.range(at, sstl as usize)?;
        at += sstl as usize;
        mand -= sstl as u16;
    }
    cx.s(", ");
    if spl != 0 {
        if short(cx, MPL, mand, spl) {
            return Ok(true);
        }
        if !matches!(pro_type, 0x0800 | 0x86dd) {
            cx.s("proto type ");
            fmt::put_hex_padded(cx.out, pro_type as u64, 4);
            cx.b(b' ');
        }
        let a = d.range(at, spl as usize)?;
        pro_addr(cx, pro_type, a);
        cx.b(b' ');
        at += spl as usize;
        mand -= spl as u16;
    }
    cx.s("->");
    if dpl != 0 {
        if short(cx, MPL, mand, dpl) {
            return Ok(true);
        }
        let a = d.range(at, dpl as usize)?;
        cx.b(b' ');
        pro_addr(cx, pro_type, a);
        at += dpl as usize;
        mand -= dpl as u16;
    }
    if !(1..=6).contains(&op) {
        return Ok(true);
    }
    // Client information entries, to the end of the mandatory part (an
    // entry that does not fit in it ends the list).
    while mand != 0 {
        match cie(cx, d, at, mand, afn, pro_type)? {
            Some(len) => {
                at += len;
                mand = mand.wrapping_sub(len as u16);
            }
            None => break,
        }
    }
    Ok(true)
}

/// A client information entry at `at`, `mand` bytes of the mandatory
/// part left; its length (`None` once it was found not to fit).
fn cie(
    cx: &mut Ctx,
    d: &[u8],
    mut at: usize,
    mut mand: u16,
    afn: u16,
    pro: u16,
) -> R<Option<usize>> {
    const CIE: u8 = 12;
    if short(cx, RMPL, mand, CIE) {
        return Ok(None);
    }
    let start = at;
    let code = d.u8_at(at)?;
    cx.s(" (code ");
    cx.u(code as u64);
    if cx.opts.verbose > 0 {
        let c = d.range(at, CIE as usize)?;
        cx.s(", pl ");
        cx.u(c[1] as u64);
        cx.s(", mtu ");
        cx.u(c.be16(4)? as u64);
        cx.s(", htime ");
        cx.u(c.be16(6)? as u64);
        cx.s(", pref ");
        cx.u(c[11] as u64);
    }
    let (ctl, cstl, cpl) = (d.u8_at(at + 8)?, d.u8_at(at + 9)?, d.u8_at(at + 10)?);
    if ctl & 0x40 != 0 {
        cx.s(", nbma E.154");
    }
    at += CIE as usize;
    mand -= CIE as u16;
    if ctl != 0 {
        if short(cx, RMPL, mand, ctl) {
            return Ok(None);
        }
        nbma_addr(cx, afn, ", nbma ", d.range(at, ctl as usize)?);
        at += ctl as usize;
        mand -= ctl as u16;
    }
    if cstl != 0 {
        // Checked against the address's length, not the subaddress's.
        if short(cx, RMPL, mand, ctl) {
            return Ok(None);
        }
        cx.s(", unknown-nbma-saddr-family");
        d.range(at, cstl as usize)?;
        at += cstl as usize;
        mand = mand.wrapping_sub(cstl as u16);
    }
    if cpl != 0 {
        if short(cx, RMPL, mand, cpl) {
            return Ok(None);
        }
        let a = d.range(at, cpl as usize)?;
        if matches!(pro, 0x0800 | 0x86dd) {
            cx.s(", proto ");
            pro_addr(cx, pro, a);
        } else {
            unknown_family(cx, ", unknown-proto-family-", pro, a);
        }
        at += cpl as usize;
    }
    cx.b(b')');
    Ok(Some(at - start))
}
