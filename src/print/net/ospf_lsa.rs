//! OSPFv2 link state advertisements (RFC 2328 A.4): the header, and the
//! router, network, summary, AS-external and NSSA (RFC 3101), group
//! membership (RFC 1584) bodies with their multi-topology metrics
//! (RFC 4915); opaque bodies (RFC 5250) go to `ospf_opaque` and `ospf_te`.
//! With `-vv` every LSA body is dumped after it is decoded.

use super::ospf::{addr, dump, OPTIONS};
use crate::print::core::prelude::*;

pub(super) static LSA_TYPES: &[(u8, &str)] = &[
    (1, "Router"),
    (2, "Network"),
    (3, "Summary"),
    (4, "ASBR Summary"),
    (5, "External"),
    (6, "Multicast Group"),
    (7, "NSSA"),
    (9, "Link Local Opaque"),
    (10, "Area Local Opaque"),
    (11, "Domain Wide Opaque"),
];

static OPAQUE_TYPES: &[(u8, &str)] = &[
    (1, "Traffic Engineering"),
    (3, "Graceful restart"),
    (4, "Router Information"),
    (7, "Extended Prefix"),
    (8, "Extended Link"),
];

static ROUTER_FLAGS: &[(u32, &str)] = &[
    (0x01, "ABR"),
    (0x02, "ASBR"),
    (0x04, "Virtual"),
    (0x08, "Wildcard"),
    (0x10, "Nt"),
    (0x80, "Host"),
];

/// Router link types: the label of the link id and of the link data.
static LINK_TYPES: &[(u8, (&str, &str))] = &[
    (1, ("Neighbor Router-ID: ", ", Interface Address: ")),
    (2, ("Neighbor Network-ID: ", ", Interface Address: ")),
    (3, ("Stub Network: ", ", Mask: ")),
    (
        4,
        (
            "Virtual Link: Neighbor Router-ID: ",
            ", Interface Address: ",
        ),
    ),
];

static TOPOLOGIES: &[(u8, &str)] = &[(0, "default"), (1, "multicast"), (2, "management")];

pub(super) fn opaque_type_name(t: u8) -> &'static str {
    tables::lookup(OPAQUE_TYPES, t).unwrap_or("unknown")
}

fn topology_name(t: u32) -> &'static str {
    u8::try_from(t)
        .ok()
        .and_then(|t| tables::lookup(TOPOLOGIES, t))
        .unwrap_or("Unknown")
}

const LSA_HDR: usize = 20;

/// `Advertising Router R, seq 0xS, age As, length L` of the LSA header at
/// `at` (the same fields in OSPFv2 and OSPFv3), `len` its length field.
pub(super) fn origin(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    let router = d.range(at + 8, 4)?;
    let seq = d.be32(at + 12)?;
    let age = d.be16(at)?;
    cx.s("\n\t  Advertising Router ");
    cx.ipv4(router);
    cx.s(", seq 0x");
    fmt::put_hex_padded(cx.out, seq as u64, 8);
    cx.s(", age ");
    cx.u(age as u64);
    cx.s("s, length ");
    cx.u((len - LSA_HDR) as u64);
    Ok(())
}

/// The LSA header at `at`: its length, or `None` for one shorter than a
/// header (said so).
pub(super) fn header(cx: &mut Ctx, d: &[u8], at: usize) -> R<Option<usize>> {
    let len = d.be16(at + 18)? as usize;
    if len < LSA_HDR {
        cx.s("\n\t    Bogus length ");
        cx.u(len as u64);
        cx.s(" < header (20)");
        return Ok(None);
    }
    origin(cx, d, at, len)?;
    let t = d.u8_at(at + 3)?;
    let name = tables::lookup(LSA_TYPES, t).unwrap_or("unknown");
    let id = d.range(at + 4, 4)?;
    cx.s("\n\t    ");
    cx.s(name);
    cx.s(" LSA (");
    cx.u(t as u64);
    if (9..=11).contains(&t) {
        cx.s("), Opaque-Type ");
        cx.s(opaque_type_name(id[0]));
        cx.s(" LSA (");
        cx.u(id[0] as u64);
        cx.s("), Opaque-ID ");
        cx.u(u32::from_be_bytes([0, id[1], id[2], id[3]]) as u64);
    } else {
        cx.s("), LSA-ID: ");
        cx.ipv4(id);
    }
    let opts = d.u8_at(at + 2)?;
    cx.s("\n\t    Options: [");
    cx.flag_names(opts as u32, OPTIONS);
    cx.b(b']');
    Ok(Some(len))
}

/// Where the snapshot checks a structure before printing it: the LSA is
/// marked, and the packet after it.
fn need(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    if d.has(at, n) {
        Ok(())
    } else {
        cx.trunc_marker();
        Err(Trunc)
    }
}

/// The LSA at `at` of an update; where the next one starts.
pub(super) fn lsa(cx: &mut Ctx, d: &[u8], at: usize) -> R<usize> {
    let Some(len) = header(cx, d, at)? else {
        return Err(Trunc);
    };
    let end = at + len;
    let body = at + LSA_HDR;
    let blen = len - LSA_HDR;
    let decoded = match d.u8_at(at + 3)? {
        1 => router(cx, d, body)?,
        2 => {
            let mask = d.range(body, 4)?;
            cx.s("\n\t    Mask ");
            cx.ipv4(mask);
            cx.s("\n\t    Connected Routers:");
            let mut p = body + 4;
            while p < end {
                addr(cx, "\n\t      ", d, p)?;
                p += 4;
            }
            true
        }
        t @ (3 | 4) => {
            if t == 3 {
                need(cx, d, body, 4)?;
                addr(cx, "\n\t    Mask ", d, body)?;
            }
            need(cx, d, body + 4, 4)?;
            let mut p = body + 4;
            while p < end {
                let w = d.be32(p)?;
                let topo = (w >> 24) & 0x7f;
                cx.s("\n\t\ttopology ");
                cx.s(topology_name(topo));
                cx.s(" (");
                cx.u(topo as u64);
                cx.s(") metric ");
                cx.u((w & 0x00ff_ffff) as u64);
                p += 4;
            }
            true
        }
        5 | 7 => {
            external(cx, d, body, end)?;
            true
        }
        6 => {
            let mut p = body;
            while p < end {
                match d.be32(p)? {
                    1 => addr(cx, "\n\t    Router Router-ID ", d, p + 4)?,
                    2 => addr(cx, "\n\t    Network Designated Router ", d, p + 4)?,
                    v => {
                        cx.s("\n\t    unknown VertexType (");
                        cx.u(v as u64);
                        cx.b(b')');
                    }
                }
                p += 8;
            }
            true
        }
        9..=11 => match d.u8_at(at + 4)? {
            1 => super::ospf_te::te(cx, d, body, blen as u32)?,
            3 => super::ospf_te::grace(cx, d, body, blen as u32)?,
            4 => super::ospf_opaque::router_info(cx, d, body, blen as u32)?,
            7 => super::ospf_opaque::ext_prefix(cx, d, body, blen as u32)?,
            _ => cx.opts.verbose > 1 || dump(cx, d, body, "\n\t    ", blen),
        },
        _ => true,
    };
    if decoded && cx.opts.verbose > 1 {
        dump(cx, d, body, "\n\t    ", blen);
    }
    Ok(end)
}

/// A router LSA's links, read as far as the count says (not bounded by
/// the LSA's length); false after an unknown link type.
fn router(cx: &mut Ctx, d: &[u8], body: usize) -> R<bool> {
    let flags = d.u8_at(body)?;
    cx.s("\n\t    Router LSA Options: [");
    cx.flag_names(flags as u32, ROUTER_FLAGS);
    cx.b(b']');
    let links = d.be16(body + 2)?;
    let mut p = body + 4;
    need(cx, d, p, 12)?;
    for _ in 0..links {
        need(cx, d, p, 12)?;
        let lt = d[p + 8];
        let Some(&(_, (id_label, data_label))) = LINK_TYPES.iter().find(|e| e.0 == lt) else {
            cx.s("\n\t      Unknown Router Link Type (");
            cx.u(lt as u64);
            cx.b(b')');
            return Ok(false);
        };
        cx.s("\n\t      ");
        cx.s(id_label);
        cx.ipv4(&d[p..p + 4]);
        cx.s(data_label);
        cx.ipv4(&d[p + 4..p + 8]);
        // The link's own metric (default topology), then one per TOS.
        let n = d[p + 9] as usize;
        for k in 0..=n {
            let q = p + 8 + 4 * k;
            let tos = d.u8_at(q)?;
            let metric = d.be16(q + 2)?;
            let topo = if k == 0 { 0 } else { tos as u32 };
            cx.s("\n\t\ttopology ");
            cx.s(topology_name(topo));
            cx.s(" (");
            cx.u(topo as u64);
            cx.s("), metric ");
            cx.u(metric as u64);
        }
        p += 12 + 4 * n;
    }
    Ok(true)
}

/// AS-external and NSSA LSAs: the mask, then per topology the metric
/// type and metric, forwarding address and tag, up to `end`.
fn external(cx: &mut Ctx, d: &[u8], body: usize, end: usize) -> R {
    need(cx, d, body, 4)?;
    addr(cx, "\n\t    Mask ", d, body)?;
    need(cx, d, body + 4, 4)?;
    let mut p = body + 4;
    while p < end {
        let w = d.be32(p)?;
        let topo = (w >> 24) & 0x7f;
        cx.s("\n\t\ttopology ");
        cx.s(topology_name(topo));
        cx.s(" (");
        cx.u(topo as u64);
        cx.s("), type ");
        cx.u(if w & 0x8000_0000 != 0 { 2 } else { 1 });
        cx.s(", metric");
        let metric = w & 0x00ff_ffff;
        if metric == 0x00ff_ffff {
            cx.s(" infinite");
        } else {
            cx.b(b' ');
            cx.u(metric as u64);
        }
        if d.be32(p + 4)? != 0 {
            addr(cx, ", forward ", d, p + 4)?;
        }
        if d.be32(p + 8)? != 0 {
            addr(cx, ", tag ", d, p + 8)?;
        }
        p += 12;
    }
    Ok(())
}
