//! OSPFv3 LSAs (RFC 5340 A.4): the header with the type's scope, and the
//! router, network, inter-area prefix, AS-external, link and intra-area
//! prefix bodies with their address prefixes; grace (RFC 5187) and
//! intra-area TE (RFC 5329) bodies as OSPFv2's. Other types are dumped.
//! Each returns false where the snapshot gives up on the packet (the
//! caller marks it).

use super::ospf::{addr, dump};
use super::ospf6::OPTIONS;
use crate::print::core::prelude::*;

const LSA_HDR: usize = 20;

static LSA_TYPES: &[(u16, &str)] = &[
    (1, "Router"),
    (2, "Network"),
    (3, "Inter-Area Prefix"),
    (4, "Inter-Area Router"),
    (5, "External"),
    (6, "Deprecated"),
    (7, "NSSA"),
    (8, "Link"),
    (9, "Intra-Area Prefix"),
    (10, "Intra-Area TE"),
    (11, "Grace"),
    (12, "Router Information"),
    (13, "Inter-AS-TE"),
    (14, "Layer 1 VPN"),
];

static SCOPES: &[(u16, &str)] = &[
    (0x0000, "Link Local"),
    (0x2000, "Area Local"),
    (0x4000, "Domain Wide"),
];

static RLA_FLAGS: &[(u32, &str)] = &[
    (0x01, "ABR"),
    (0x02, "External"),
    (0x04, "Virtual-Link Endpoint"),
    (0x08, "Deprecated"),
    (0x10, "NSSA Translator"),
];

/// Router link types and how the neighbor is named.
static LINK_TYPES: &[(u8, &str)] = &[
    (1, "Neighbor Router-ID "),
    (2, "Neighbor Network-ID "),
    (4, "Virtual Link: Neighbor Router-ID "),
];

/// AS-external flags as the snapshot names them: its E bit is OSPFv2's
/// (the top bit), not RFC 5340's.
static EXTERNAL_FLAGS: &[(u32, &str)] = &[
    (0x8000_0000, "External Type 2"),
    (0x0200_0000, "Forwarding"),
    (0x0100_0000, "Tag"),
];

static PREFIX_OPTIONS: &[(u32, &str)] = &[
    (0x01, "No Unicast"),
    (0x02, "Local address"),
    (0x04, "Deprecated"),
    (0x08, "Propagate"),
    (0x10, "Down"),
    (0x20, "N-bit"),
];

const SCOPE_AREA: u16 = 0x2000;
const SCOPE_AS: u16 = 0x4000;

/// `\n\t    NAME LSA (N), SCOPE Scope[, transitive], LSA-ID ID`.
pub(super) fn ls_type(cx: &mut Ctx, t: u16, d: &[u8], id_at: usize) -> R {
    let id = d.range(id_at, 4)?;
    let code = t & 0x1fff;
    cx.s("\n\t    ");
    cx.s(tables::lookup(LSA_TYPES, code).unwrap_or("Unknown"));
    cx.s(" LSA (");
    cx.u(code as u64);
    cx.s("), ");
    cx.s(tables::lookup(SCOPES, t & 0x6000).unwrap_or("Unknown"));
    cx.s(" Scope");
    if t & 0x8000 != 0 {
        cx.s(", transitive");
    }
    cx.s(", LSA-ID ");
    cx.ipv4(id);
    Ok(())
}

/// The LSA header at `at`, which must end by `dataend`; false if it does
/// not or its length is shorter than a header.
pub(super) fn lsa_header(cx: &mut Ctx, d: &[u8], at: usize, dataend: usize) -> R<bool> {
    if at + LSA_HDR > dataend {
        return Ok(false);
    }
    let len = d.be16(at + 18)?;
    if (len as usize) < LSA_HDR {
        cx.s("\n\t\t  Bogus length ");
        cx.u(len as u64);
        cx.s(" < header (20)");
        return Ok(false);
    }
    super::ospf_lsa::origin(cx, d, at, len as usize)?;
    ls_type(cx, d.be16(at + 2)?, d, at + 4)?;
    Ok(true)
}

/// Takes `n` bytes off what is left of the LSA; false if fewer are.
fn take(left: &mut usize, n: usize) -> bool {
    if *left < n {
        return false;
    }
    *left -= n;
    true
}

/// The LSA at `at` of an update, which must end by `dataend`.
pub(super) fn lsa(cx: &mut Ctx, d: &[u8], at: usize, dataend: usize) -> R<bool> {
    if !lsa_header(cx, d, at, dataend)? {
        return Ok(false);
    }
    let len = d.be16(at + 18)? as usize;
    if len < LSA_HDR || at + len > dataend {
        return Ok(false);
    }
    let mut left = len - LSA_HDR;
    let p = at + LSA_HDR;
    let t = d.be16(at + 2)?;
    match t {
        _ if t == SCOPE_AREA | 1 => router(cx, d, p, left),
        _ if t == SCOPE_AREA | 2 => {
            if !take(&mut left, 4) {
                return Ok(false);
            }
            options(cx, d, p)?;
            cx.s("\n\t      Connected Routers:");
            let mut q = p + 4;
            while left != 0 {
                if !take(&mut left, 4) {
                    return Ok(false);
                }
                addr(cx, "\n\t\t", d, q)?;
                q += 4;
            }
            Ok(true)
        }
        _ if t == SCOPE_AREA | 3 => {
            if !take(&mut left, 4) {
                return Ok(false);
            }
            let m = d.be32(p)? & 0x00ff_ffff;
            cx.s(", metric ");
            cx.u(m as u64);
            prefixes(cx, d, p + 4, left, None)
        }
        _ if t == SCOPE_AS | 5 => external(cx, d, p, left),
        8 => {
            if !take(&mut left, 4) || !d.has(p, 4) {
                return Ok(false);
            }
            options(cx, d, p)?;
            if !take(&mut left, 20) {
                return Ok(false);
            }
            let n = d.be32(p + 20)?;
            let prio = d.u8_at(p)?;
            let ll = d.range(p + 4, 16)?;
            cx.s("\n\t      Priority ");
            cx.u(prio as u64);
            cx.s(", Link-local address ");
            cx.ipv6(ll);
            cx.s(", Prefixes ");
            cx.u(n as u64);
            cx.b(b':');
            prefixes(cx, d, p + 24, left, Some(n))
        }
        _ if t == SCOPE_AREA | 9 => {
            if !take(&mut left, 4) || !d.has(p + 8, 4) {
                return Ok(false);
            }
            ls_type(cx, d.be16(p + 2)?, d, p + 4)?;
            if !take(&mut left, 2) {
                return Ok(false);
            }
            let n = d.be16(p)?;
            cx.s("\n\t      Prefixes ");
            cx.u(n as u64);
            cx.b(b':');
            prefixes(cx, d, p + 12, left, Some(n as u32))
        }
        11 => super::ospf_te::grace(cx, d, p, left as u32),
        10 => super::ospf_te::te(cx, d, p, left as u32),
        _ => Ok(dump(cx, d, p, "\n\t      ", left)),
    }
}

/// `\n\t      Options [...]` of the 32 bits at `p`.
fn options(cx: &mut Ctx, d: &[u8], p: usize) -> R {
    let o = d.be32(p)?;
    cx.s("\n\t      Options [");
    cx.flag_names(o, OPTIONS);
    cx.b(b']');
    Ok(())
}

fn router(cx: &mut Ctx, d: &[u8], p: usize, mut left: usize) -> R<bool> {
    if !take(&mut left, 4) {
        return Ok(false);
    }
    options(cx, d, p)?;
    let flags = d.u8_at(p)?;
    cx.s(", RLA-Flags [");
    cx.flag_names(flags as u32, RLA_FLAGS);
    cx.b(b']');
    let mut q = p + 4;
    while left != 0 {
        if !take(&mut left, 16) || !d.has(q, 16) {
            return Ok(false);
        }
        let lt = d[q];
        let Some(label) = tables::lookup(LINK_TYPES, lt) else {
            cx.s("\n\t      Unknown Router Links Type 0x");
            fmt::put_hex2(cx.out, lt);
            return Ok(true);
        };
        cx.s("\n\t      ");
        cx.s(label);
        cx.ipv4(&d[q + 12..q + 16]);
        cx.s("\n\t      Neighbor Interface-ID ");
        cx.ipv4(&d[q + 8..q + 12]);
        cx.s(", Interface ");
        cx.ipv4(&d[q + 4..q + 8]);
        cx.s(", metric ");
        cx.u(d.be16(q + 2)? as u64);
        q += 16;
    }
    Ok(true)
}

fn external(cx: &mut Ctx, d: &[u8], p: usize, mut left: usize) -> R<bool> {
    if !take(&mut left, 4) {
        return Ok(false);
    }
    let flags = d.be32(p)?;
    cx.s("\n\t     Flags [");
    cx.flag_names(flags, EXTERNAL_FLAGS);
    cx.s("] metric ");
    cx.u((flags & 0x00ff_ffff) as u64);
    let pfx = p + 4;
    let Some(n) = prefix(cx, d, pfx, left)? else {
        return Ok(false);
    };
    left -= n;
    let mut q = pfx + n;
    if flags & 0x0200_0000 != 0 {
        if !take(&mut left, 16) {
            return Ok(false);
        }
        let a = d.range(q, 16)?;
        cx.s(" forward ");
        cx.ipv6(a);
        q += 16;
    }
    if flags & 0x0100_0000 != 0 {
        if !take(&mut left, 4) {
            return Ok(false);
        }
        addr(cx, " tag ", d, q)?;
        q += 4;
    }
    // The snapshot looks for a referenced LS type in the metric's first
    // byte.
    if d.u8_at(pfx + 2)? != 0 {
        if !take(&mut left, 4) {
            return Ok(false);
        }
        addr(cx, " RefLSID: ", d, q)?;
    }
    Ok(true)
}

/// Prefixes from `p`: `count` of them, or (`None`) to the end of the
/// `left` bytes.
fn prefixes(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: usize, count: Option<u32>) -> R<bool> {
    let mut n = count.unwrap_or(0);
    loop {
        let more = match count {
            Some(_) => n != 0,
            None => left != 0,
        };
        if !more {
            return Ok(true);
        }
        let Some(k) = prefix(cx, d, p, left)? else {
            return Ok(false);
        };
        left -= k;
        p += k;
        n = n.wrapping_sub(1);
    }
}

/// An address prefix: `\n\t\tPREFIX/LEN[, Options [...]], metric N`;
/// the bytes it took, `None` when it does not fit.
fn prefix(cx: &mut Ctx, d: &[u8], p: usize, left: usize) -> R<Option<usize>> {
    if left < 4 || !d.has(p, 4) {
        return Ok(None);
    }
    let plen = d[p];
    let words = (plen as usize).div_ceil(32);
    if words * 4 > 16 {
        cx.s(" bogus prefixlen /");
        cx.u(plen as u64);
        return Ok(None);
    }
    if left - 4 < words * 4 {
        return Ok(None);
    }
    let mut a = [0u8; 16];
    a[..words * 4].copy_from_slice(d.range(p + 4, words * 4)?);
    cx.s("\n\t\t");
    cx.ipv6(&a);
    cx.b(b'/');
    cx.u(plen as u64);
    let opt = d[p + 1];
    if opt != 0 {
        cx.s(", Options [");
        cx.flag_names(opt as u32, PREFIX_OPTIONS);
        cx.b(b']');
    }
    cx.s(", metric ");
    cx.u(d.be16(p + 2)? as u64);
    Ok(Some(4 + words * 4))
}
