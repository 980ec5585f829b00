//! IKEv1 (RFC 2408, 2409, IPsec DOI RFC 2407): the message line and the
//! payload printers, which IKEv2 messages also use for payload types
//! 1 to 13.

use super::tables::{self, str_or_id, AttrMap};
use super::{rawprint, show_somedata, sub_print, trunc_np, Walk, HDR};
use crate::print::core::prelude::*;

const ISAKMP_FLAG_E: u8 = 0x01;
const ISAKMP_FLAG_C: u8 = 0x02;

pub(super) fn message(cx: &mut Ctx, d: &[u8], length: usize, net: &NetHeader) -> R {
    let msgid = d.be32(20)?;
    let phase: u8 = if msgid == 0 { 1 } else { 2 };
    cx.s(" phase ");
    cx.u(phase as u64);
    if phase != 1 {
        cx.s("/others");
    }
    let ick = d.range(0, 8)?;
    let rck = d.range(8, 8)?;
    match super::cookies(cx).find(ick) {
        None => {
            if rck.iter().all(|&b| b == 0) {
                cx.s(" I");
                super::cookies(cx).record(ick, net);
            } else {
                cx.s(" ?");
            }
        }
        Some(i) => {
            let c = super::cookies(cx);
            if c.is_from(i, net, true) {
                cx.s(" I");
            } else if c.is_from(i, net, false) {
                cx.s(" R");
            } else {
                cx.s(" ?");
            }
        }
    }
    cx.b(b' ');
    super::put_etype(cx, d.u8_at(18)?);
    let flags = d.u8_at(19)?;
    if flags != 0 {
        cx.b(b'[');
        if flags & ISAKMP_FLAG_E != 0 {
            cx.b(b'E');
        }
        if flags & ISAKMP_FLAG_C != 0 {
            cx.b(b'C');
        }
        cx.b(b']');
    }
    if cx.opts.verbose > 0 {
        cx.b(b':');
        let np = d.u8_at(16)?;
        if flags & ISAKMP_FLAG_E != 0 {
            cx.s(" [encrypted ");
            tables::put_npstr(cx, np);
            cx.b(b']');
        } else {
            let w = Walk {
                d,
                phase,
                doi: 0,
                proto: 0,
                depth: 0,
                v2: false,
            };
            sub_print(cx, w, np, HDR)?;
        }
    }
    super::len_check(cx, d, length)
}

/// `name:`, the payload printers' prefix.
fn tag(cx: &mut Ctx, np: u8) {
    tables::put_npstr(cx, np);
    cx.b(b':');
}

/// An IKEv1 payload of type `np` (1 to 13).
pub(super) fn payload(
    cx: &mut Ctx,
    w: Walk,
    np: u8,
    ext: usize,
    item_len: usize,
) -> R<Option<usize>> {
    match np {
        1 => sa(cx, w, ext),
        2 => p(cx, w, ext),
        3 => t(cx, w, ext, item_len),
        4 => ke(cx, w, ext, item_len),
        5 => id(cx, w, ext, item_len),
        6 | 7 => cert(cx, w, np, ext, item_len),
        8 | 9 | 13 => {
            // hash, sig, vid: the length, the bytes with -vvv.
            tag(cx, np);
            cx.s(" len=");
            cx.u((item_len - 4) as u64);
            hex_vvv(cx, w.d, np, ext, item_len)
        }
        10 => nonce(cx, w, ext, item_len),
        11 => n(cx, w, ext, item_len),
        _ => del(cx, w, ext),
    }
}

/// ` HEX` of the payload body under `-vvv`.
fn hex_vvv(cx: &mut Ctx, d: &[u8], np: u8, ext: usize, item_len: usize) -> R<Option<usize>> {
    if cx.opts.verbose > 2 && item_len > 4 {
        cx.b(b' ');
        if !rawprint(cx, d, ext + 4, item_len - 4) {
            trunc_np(cx, np);
            return Ok(None);
        }
    }
    Ok(Some(ext + item_len))
}

fn sa(cx: &mut Ctx, w: Walk, ext: usize) -> R<Option<usize>> {
    let d = w.d;
    tag(cx, 1);
    if !d.has(ext, 12) {
        trunc_np(cx, 1);
        return Ok(None);
    }
    let doi = d.be32(ext + 4)?;
    let sit = d.be32(ext + 8)?;
    if doi != 1 {
        cx.s(" doi=");
        cx.u(doi as u64);
        cx.s(" situation=");
        cx.u(sit as u64);
        return Ok(Some(ext + 12));
    }
    cx.s(" doi=ipsec situation=");
    let mut any = false;
    if sit & 1 != 0 {
        cx.s("identity");
        any = true;
    }
    if sit & 2 != 0 {
        if any {
            cx.b(b'+');
        }
        cx.s("secrecy");
        any = true;
    }
    if sit & 4 != 0 {
        if any {
            cx.b(b'+');
        }
        cx.s("integrity");
    }
    let mut next = ext + 12;
    if sit != 1 {
        let ident = d.be32(ext + 4)?;
        cx.s(" ident=");
        cx.u(ident as u64);
        next += 4;
    }
    if !d.has(next, 4) {
        trunc_np(cx, 1);
        return Ok(None);
    }
    sub_print(cx, Walk { doi, ..w }, 2, next)
}

fn p(cx: &mut Ctx, w: Walk, ext: usize) -> R<Option<usize>> {
    let d = w.d;
    tag(cx, 2);
    if !w.d.has(ext, 8) {
        trunc_np(cx, 2);
        return Ok(None);
    }
    cx.s(" #");
    cx.u(d.u8_at(ext + 4)? as u64);
    cx.s(" protoid=");
    let proto = d.u8_at(ext + 5)?;
    str_or_id(cx, tables::PROTO_IDS, proto as u32);
    cx.s(" transform=");
    cx.u(d.u8_at(ext + 7)? as u64);
    let spi_size = d.u8_at(ext + 6)? as usize;
    if spi_size > 0 {
        cx.s(" spi=");
        if !rawprint(cx, d, ext + 8, spi_size) {
            trunc_np(cx, 2);
            return Ok(None);
        }
    }
    let next = ext + 8 + spi_size;
    if !d.has(next, 4) {
        trunc_np(cx, 2);
        return Ok(None);
    }
    sub_print(cx, Walk { proto, ..w }, 3, next)
}

fn t(cx: &mut Ctx, w: Walk, ext: usize, item_len: usize) -> R<Option<usize>> {
    let d = w.d;
    tag(cx, 3);
    if !w.d.has(ext, 8) {
        trunc_np(cx, 3);
        return Ok(None);
    }
    let t_no = d.u8_at(ext + 4)?;
    let t_id = d.u8_at(ext + 5)? as u32;
    let (ids, map): (&[Option<&str>], &[AttrMap]) = match w.proto {
        1 => (tables::IKE_T_IDS, tables::OAKLEY_ATTRS),
        2 => (tables::AH_T_IDS, tables::IPSEC_ATTRS),
        3 => (tables::ESP_T_IDS, tables::IPSEC_ATTRS),
        4 => (tables::IPCOMP_T_IDS, tables::IPSEC_ATTRS),
        _ => (&[], &[]),
    };
    cx.s(" #");
    cx.u(t_no as u64);
    cx.s(" id=");
    if ids.is_empty() {
        cx.u(t_id as u64);
    } else {
        str_or_id(cx, ids, t_id);
    }
    cx.b(b' ');
    let ep2 = ext + item_len;
    match attrs(cx, d, ext + 8, ep2, map)? {
        Some(cp) => {
            if d.len() < ep2 {
                cx.s("...");
            }
            Ok(Some(cp))
        }
        None => {
            trunc_np(cx, 3);
            Ok(None)
        }
    }
}

/// Data attributes from `cp` up to `ep2` (and the captured end), named
/// by `map` when it is not empty.
pub(super) fn attrs(
    cx: &mut Ctx,
    d: &[u8],
    mut cp: usize,
    ep2: usize,
    map: &[AttrMap],
) -> R<Option<usize>> {
    while cp < d.len() && cp < ep2 {
        match attr(cx, d, cp, ep2, map)? {
            Some(next) => cp = next,
            None => return Ok(None),
        }
    }
    Ok(Some(cp))
}

/// One attribute: `(type=NAME value=V)` (basic) or `(type=NAME len=N
/// value=HEX)` (variable); `None` when its value was not captured.
fn attr(cx: &mut Ctx, d: &[u8], p: usize, ep2: usize, map: &[AttrMap]) -> R<Option<usize>> {
    let b0 = d.u8_at(p)?;
    let tv = b0 & 0x80 != 0;
    let totlen = if tv { 4 } else { 4 + d.be16(p + 2)? as usize };
    if ep2 < p + totlen {
        cx.s("[|attr]");
        return Ok(Some(ep2 + 1));
    }
    cx.b(b'(');
    let t = (d.be16(p)? & 0x7fff) as usize;
    let entry = map.get(t).filter(|m| m.name.is_some());
    cx.s("type=");
    match entry {
        Some(m) => cx.s(m.name.unwrap_or_default()),
        None => {
            cx.b(b'#');
            cx.u(t as u64);
        }
    }
    cx.b(b' ');
    if tv {
        cx.s("value=");
        let v = d.be16(p + 2)? as usize;
        match entry.and_then(|m| m.values.get(v).copied().flatten()) {
            Some(s) => cx.s(s),
            None => {
                if !rawprint(cx, d, p + 2, 2) {
                    cx.b(b')');
                    return Ok(None);
                }
            }
        }
    } else {
        cx.s("len=");
        cx.u((totlen - 4) as u64);
        cx.s(" value=");
        if !rawprint(cx, d, p + 4, totlen - 4) {
            cx.b(b')');
            return Ok(None);
        }
    }
    cx.b(b')');
    Ok(Some(p + totlen))
}

fn ke(cx: &mut Ctx, w: Walk, ext: usize, item_len: usize) -> R<Option<usize>> {
    tag(cx, 4);
    cx.s(" key len=");
    cx.u((item_len - 4) as u64);
    hex_vvv(cx, w.d, 4, ext, item_len)
}

fn id(cx: &mut Ctx, w: Walk, ext: usize, item_len: usize) -> R<Option<usize>> {
    let d = w.d;
    tag(cx, 5);
    let (data, mut len) = if item_len > 8 {
        (Some(ext + 8), item_len - 8)
    } else {
        (None, 0)
    };
    if !d.has(ext, 8) {
        trunc_np(cx, 5);
        return Ok(None);
    }
    let ty = d.u8_at(ext + 4)?;
    cx.s(" idtype=");
    str_or_id(cx, tables::IPSEC_ID_TYPES, ty as u32);
    let proto = d.u8_at(ext + 5)?;
    cx.s(" protoid=");
    match (cx.opts.numeric == 0 && proto != 0)
        .then(|| netdb_proto(proto))
        .flatten()
    {
        Some(name) => cx.s(name),
        None => cx.u(proto as u64),
    }
    cx.s(" port=");
    cx.u(d.be16(ext + 6)? as u64);
    if len > 0 {
        let Some(at) = data else {
            trunc_np(cx, 5);
            return Ok(None);
        };
        if !d.has(at, len) {
            trunc_np(cx, 5);
            return Ok(None);
        }
        let bad = |cx: &mut Ctx, len: usize, min: u64| {
            cx.s(" len=");
            cx.u(len as u64);
            cx.s(" [bad: < ");
            cx.u(min);
            cx.b(b']');
        };
        let lenp = |cx: &mut Ctx, len: usize| {
            cx.s(" len=");
            cx.u(len as u64);
            cx.b(b' ');
        };
        match ty {
            1 => {
                if len < 4 {
                    bad(cx, len, 4);
                } else {
                    lenp(cx, len);
                    cx.ipv4(d.range(at, 4)?);
                }
                len = 0;
            }
            2 | 3 => {
                lenp(cx, len);
                for &c in d.range(at, len)? {
                    fmt::put_safe_char(cx.out, c);
                }
                len = 0;
            }
            4 | 7 => {
                if len < 8 {
                    bad(cx, len, 8);
                } else {
                    lenp(cx, len);
                    cx.ipv4(d.range(at, 4)?);
                    let m = d.range(at + 4, 4)?;
                    if ty == 4 {
                        for (i, b) in m.iter().enumerate() {
                            cx.b(if i == 0 { b'/' } else { b'.' });
                            cx.u(*b as u64);
                        }
                    } else {
                        cx.b(b'-');
                        cx.ipv4(m);
                    }
                }
                len = 0;
            }
            5 => {
                if len < 16 {
                    bad(cx, len, 16);
                } else {
                    lenp(cx, len);
                    cx.ipv6(d.range(at, 16)?);
                }
                len = 0;
            }
            6 | 8 => {
                if len < 32 {
                    bad(cx, len, 32);
                } else {
                    lenp(cx, len);
                    cx.ipv6(d.range(at, 16)?);
                    if ty == 6 {
                        cx.s("/0x");
                        for &b in d.range(at + 16, 16)? {
                            fmt::put_hex2(cx.out, b);
                        }
                    } else {
                        cx.b(b'-');
                        cx.ipv6(d.range(at + 16, 16)?);
                    }
                }
                len = 0;
            }
            _ => {}
        }
    }
    if let (Some(at), true) = (data, len > 0) {
        cx.s(" len=");
        cx.u(len as u64);
        if cx.opts.verbose > 2 {
            cx.b(b' ');
            if !rawprint(cx, d, at, len) {
                trunc_np(cx, 5);
                return Ok(None);
            }
        }
    }
    Ok(Some(ext + item_len))
}

/// The name of an IP protocol as the services database gives it.
fn netdb_proto(p: u8) -> Option<&'static str> {
    Some(match p {
        1 => "icmp",
        2 => "igmp",
        4 => "ipencap",
        6 => "tcp",
        17 => "udp",
        41 => "ipv6",
        47 => "gre",
        50 => "esp",
        51 => "ah",
        58 => "ipv6-icmp",
        89 => "ospf",
        132 => "sctp",
        _ => return None,
    })
}

fn cert(cx: &mut Ctx, w: Walk, np: u8, ext: usize, item_len: usize) -> R<Option<usize>> {
    tag(cx, np);
    // The fixed part counts one byte of certificate data.
    if !w.d.has(ext, 6) {
        trunc_np(cx, np);
        return Ok(None);
    }
    cx.s(" len=");
    cx.u((item_len - 4) as u64);
    cx.s(" type=");
    str_or_id(cx, tables::CERT_TYPES, w.d.u8_at(ext + 4)? as u32);
    hex_vvv(cx, w.d, np, ext, item_len)
}

fn nonce(cx: &mut Ctx, w: Walk, ext: usize, item_len: usize) -> R<Option<usize>> {
    tag(cx, 10);
    cx.s(" n len=");
    cx.u((item_len - 4) as u64);
    if item_len > 4 {
        let ok = if cx.opts.verbose > 2 {
            cx.b(b' ');
            rawprint(cx, w.d, ext + 4, item_len - 4)
        } else if cx.opts.verbose > 1 {
            cx.b(b' ');
            show_somedata(cx, w.d, ext + 4)
        } else {
            true
        };
        if !ok {
            trunc_np(cx, 10);
            return Ok(None);
        }
    }
    Ok(Some(ext + item_len))
}

fn n(cx: &mut Ctx, w: Walk, ext: usize, item_len: usize) -> R<Option<usize>> {
    let d = w.d;
    tag(cx, 11);
    if !w.d.has(ext, 12) {
        trunc_np(cx, 11);
        return Ok(None);
    }
    let doi = d.be32(ext + 4)?;
    let proto = d.u8_at(ext + 8)?;
    let ty = d.be16(ext + 10)?;
    let spi_size = d.u8_at(ext + 9)? as usize;
    let typ = |cx: &mut Ctx, table: &[Option<&str>], v: u16| {
        cx.s(" type=");
        str_or_id(cx, table, v as u32);
    };
    if doi != 1 {
        cx.s(" doi=");
        cx.u(doi as u64);
        cx.s(" proto=");
        cx.u(proto as u64);
        match ty {
            0..=8191 => typ(cx, tables::NOTIFY_ERRORS, ty),
            16384..=24575 => typ(cx, tables::NOTIFY_STATUS, ty - 16384),
            _ => typ(cx, &[], ty),
        }
        if spi_size > 0 {
            cx.s(" spi=");
            if !rawprint(cx, d, ext + 12, spi_size) {
                trunc_np(cx, 11);
                return Ok(None);
            }
        }
        return Ok(Some(ext + 12 + spi_size));
    }
    cx.s(" doi=ipsec proto=");
    str_or_id(cx, tables::PROTO_IDS, proto as u32);
    match ty {
        0..=8191 => typ(cx, tables::NOTIFY_ERRORS, ty),
        8192..=16383 => typ(cx, tables::IPSEC_NOTIFY_ERRORS, ty - 8192),
        16384..=24575 => typ(cx, tables::NOTIFY_STATUS, ty - 16384),
        24576..=32767 => typ(cx, tables::IPSEC_NOTIFY_STATUS, ty - 24576),
        _ => typ(cx, &[], ty),
    }
    if spi_size > 0 {
        cx.s(" spi=");
        if !rawprint(cx, d, ext + 12, spi_size) {
            trunc_np(cx, 11);
            return Ok(None);
        }
    }
    let cp = ext + 12 + spi_size;
    let ep2 = ext + item_len;
    if cp < d.len() {
        match ty {
            24576 => {
                cx.s(" attrs=(");
                let r = attrs(cx, d, cp, ep2, tables::OAKLEY_ATTRS)?;
                cx.b(b')');
                if r.is_none() {
                    trunc_np(cx, 11);
                    return Ok(None);
                }
            }
            24577 => {
                cx.s(" status=(");
                let v = d.be32(cp)?;
                cx.s("replay detection ");
                cx.s(if v != 0 { "en" } else { "dis" });
                cx.s("abled)");
            }
            _ => {
                let ok = if cx.opts.verbose > 3 {
                    cx.s(" data=(");
                    let ok = rawprint(cx, d, cp, d.len() - cp);
                    if ok {
                        cx.b(b')');
                    }
                    ok
                } else {
                    show_somedata(cx, d, cp)
                };
                if !ok {
                    trunc_np(cx, 11);
                    return Ok(None);
                }
            }
        }
    }
    Ok(Some(ext + item_len))
}

fn del(cx: &mut Ctx, w: Walk, ext: usize) -> R<Option<usize>> {
    let d = w.d;
    tag(cx, 12);
    if !w.d.has(ext, 12) {
        trunc_np(cx, 12);
        return Ok(None);
    }
    let doi = d.be32(ext + 4)?;
    let proto = d.u8_at(ext + 8)?;
    if doi != 1 {
        cx.s(" doi=");
        cx.u(doi as u64);
        cx.s(" proto=");
        cx.u(proto as u64);
    } else {
        cx.s(" doi=ipsec proto=");
        str_or_id(cx, tables::PROTO_IDS, proto as u32);
    }
    let spi_size = d.u8_at(ext + 9)? as usize;
    let nspi = d.be16(ext + 10)?;
    cx.s(" spilen=");
    cx.u(spi_size as u64);
    cx.s(" nspi=");
    cx.u(nspi as u64);
    cx.s(" spi=");
    let mut q = ext + 12;
    for i in 0..nspi {
        if i != 0 {
            cx.b(b',');
        }
        if !rawprint(cx, d, q, spi_size) {
            trunc_np(cx, 12);
            return Ok(None);
        }
        q += spi_size;
    }
    Ok(Some(q))
}
