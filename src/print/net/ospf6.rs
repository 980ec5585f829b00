//! OSPFv3 (RFC 5340) over IPv6: the header, and with `-v` hellos and
//! database descriptions, with `-vv` their LSA headers, requests,
//! updates (LSAs in `ospf6_lsa`) and acknowledgements; then what trails
//! the packet: link-local signalling (RFC 5613) and the authentication
//! trailer (RFC 7166).
//!
//! Where the snapshot finds a length that does not fit it marks the
//! packet and returns normally; fields it cannot read end the packet.

use super::ospf::{addr, dump, TYPES};
use super::ospf6_lsa::{ls_type, lsa, lsa_header};
use crate::print::core::prelude::*;

pub(super) const HDR: usize = 16;

/// Options (RFC 5340 A.2, 5838, 5613, 7166), 24 bits.
pub(super) static OPTIONS: &[(u32, &str)] = &[
    (0x01, "V6"),
    (0x02, "External"),
    (0x04, "Deprecated"),
    (0x08, "NSSA"),
    (0x10, "Router"),
    (0x20, "Demand Circuit"),
    (0x100, "AFs Support"),
    (0x200, "LLS"),
    (0x400, "Authentication Trailer"),
];

static DD_FLAGS: &[(u32, &str)] = &[
    (0x04, "Init"),
    (0x02, "More"),
    (0x01, "Master"),
    (0x10, "IPv6 MTU"),
];

const OPTION_L: u32 = 0x200;
const LLS_HDR: usize = 4;
const AT_HDR: usize = 16;

/// OSPF over IPv6: `length` is the IPv6 payload's.
pub fn ospf6(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let t = d.u8_at(1)?;
    let version = d.u8_at(0)?;
    cx.s("OSPFv");
    cx.u(version as u64);
    cx.s(", ");
    let known = tables::lookup(TYPES, t);
    match known {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown packet type (");
            cx.u(t as u64);
            cx.b(b')');
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    if known.is_none() || cx.opts.verbose == 0 {
        return Ok(());
    }
    let datalen = d.be16(2)? as usize;
    if datalen > length {
        cx.s(" [len ");
        cx.u(datalen as u64);
        cx.b(b']');
        return Ok(());
    }
    addr(cx, "\n\tRouter-ID ", d, 4)?;
    if d.be32(8)? != 0 {
        addr(cx, ", Area ", d, 8)?;
    } else {
        cx.s(", Backbone Area");
    }
    let inst = d.u8_at(14)?;
    if inst != 0 {
        cx.s(", Instance ");
        cx.u(inst as u64);
    }
    if version == 3
        && (!packet(cx, d, t, datalen)? || !trailer(cx, d, t, datalen, length - datalen)?)
    {
        cx.trunc_marker();
    }
    Ok(())
}

/// The packet's body up to `dataend`; false where it gives up.
fn packet(cx: &mut Ctx, d: &[u8], t: u8, dataend: usize) -> R<bool> {
    let vv = cx.opts.verbose > 1;
    match t {
        1 => {
            let opts = d.be32(HDR + 4)?;
            cx.s("\n\tOptions [");
            cx.flag_names(opts, OPTIONS);
            cx.b(b']');
            let hello_int = d.be16(HDR + 8)?;
            let dead_int = d.be16(HDR + 10)?;
            let ifid = d.range(HDR, 4)?;
            let prio = d.u8_at(HDR + 4)?;
            cx.s("\n\t  Hello Timer ");
            cx.u(hello_int as u64);
            cx.s("s, Dead Timer ");
            cx.u(dead_int as u64);
            cx.s("s, Interface-ID ");
            cx.ipv4(ifid);
            cx.s(", Priority ");
            cx.u(prio as u64);
            if d.be32(HDR + 12)? != 0 {
                addr(cx, "\n\t  Designated Router ", d, HDR + 12)?;
            }
            if d.be32(HDR + 16)? != 0 {
                addr(cx, ", Backup Designated Router ", d, HDR + 16)?;
            }
            if vv {
                cx.s("\n\t  Neighbor List:");
                let mut at = HDR + 20;
                while at < dataend {
                    addr(cx, "\n\t    ", d, at)?;
                    at += 4;
                }
            }
        }
        2 => {
            let opts = d.be32(HDR)?;
            cx.s("\n\tOptions [");
            cx.flag_names(opts, OPTIONS);
            cx.b(b']');
            let flags = d.u8_at(HDR + 7)?;
            cx.s(", DD Flags [");
            cx.flag_names(flags as u32, DD_FLAGS);
            cx.b(b']');
            let mtu = d.be16(HDR + 4)?;
            let seq = d.be32(HDR + 8)?;
            cx.s(", MTU ");
            cx.u(mtu as u64);
            cx.s(", DD-Sequence 0x");
            fmt::put_hex_padded(cx.out, seq as u64, 8);
            if vv {
                return headers(cx, d, HDR + 12, dataend);
            }
        }
        3 if vv => {
            let mut at = HDR;
            while at < dataend {
                if !d.has(at, 12) {
                    return Ok(false);
                }
                addr(cx, "\n\t  Advertising Router ", d, at + 8)?;
                ls_type(cx, d.be16(at + 2)?, d, at + 4)?;
                at += 12;
            }
        }
        4 if vv => {
            let mut n = d.be32(HDR)?;
            let mut at = HDR + 4;
            while at < dataend && n != 0 {
                n -= 1;
                if !lsa(cx, d, at, dataend)? {
                    return Ok(false);
                }
                at += d.be16(at + 18)? as usize;
            }
        }
        5 if vv => return headers(cx, d, HDR, dataend),
        _ => {}
    }
    Ok(true)
}

/// LSA headers from `at` to `dataend`.
fn headers(cx: &mut Ctx, d: &[u8], mut at: usize, dataend: usize) -> R<bool> {
    while at < dataend {
        if !lsa_header(cx, d, at, dataend)? {
            return Ok(false);
        }
        at += 20;
    }
    Ok(true)
}

/// What follows the packet (`len` bytes from `at`): link-local
/// signalling after a hello or description with the L option, then an
/// authentication trailer whatever the type; false where it gives up.
fn trailer(cx: &mut Ctx, d: &[u8], t: u8, at: usize, len: usize) -> R<bool> {
    let lls = match t {
        1 => d.be32(HDR + 4)? & OPTION_L != 0,
        2 => d.be32(HDR)? & OPTION_L != 0,
        _ => false,
    };
    let mut lls_len = 0;
    if lls && len != 0 {
        if len < LLS_HDR {
            return Ok(false);
        }
        let ck = d.be16(at)?;
        cx.s("\n\tLLS Checksum 0x");
        fmt::put_hex_padded(cx.out, ck as u64, 4);
        let dl = d.be16(at + 2)? as usize;
        cx.s(", Data Length ");
        cx.u(dl as u64);
        if dl < LLS_HDR || dl > len || !d.has(at + LLS_HDR, dl - LLS_HDR) {
            return Ok(false);
        }
        lls_len = dl;
    }
    let (at, len) = (at + lls_len, len - lls_len);
    if len == 0 {
        return Ok(true);
    }
    if len < AT_HDR {
        return Ok(false);
    }
    let ty = d.be16(at)?;
    cx.s("\n\tAuthentication Type ");
    if ty == 1 {
        cx.s("HMAC");
    } else {
        cx.s("unknown (0x");
        fmt::put_hex_padded(cx.out, ty as u64, 4);
        cx.b(b')');
    }
    let adl = d.be16(at + 2)? as usize;
    cx.s(", Length ");
    cx.u(adl as u64);
    if adl < AT_HDR || adl > len {
        return Ok(false);
    }
    let said = d.be16(at + 6)?;
    cx.s(", SAID ");
    cx.u(said as u64);
    let hi = d.be32(at + 8)?;
    cx.s(", CSN 0x");
    fmt::put_hex_padded(cx.out, hi as u64, 8);
    let lo = d.be32(at + 12)?;
    cx.b(b':');
    fmt::put_hex_padded(cx.out, lo as u64, 8);
    if !d.has(at + AT_HDR, adl - AT_HDR) {
        return Ok(false);
    }
    if cx.opts.verbose > 1 {
        dump(cx, d, at + AT_HDR, "\n\tAuthentication Data ", adl - AT_HDR);
    }
    Ok(true)
}
