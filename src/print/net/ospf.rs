//! OSPF (RFC 2328; v3 summaries): the packet type, and for OSPFv2 with
//! `-v` the header, hellos, database descriptions, and updates with
//! router LSAs.

use crate::print::core::prelude::*;

static TYPES: &[(u8, &str)] = &[
    (1, "Hello"),
    (2, "Database Description"),
    (3, "LS-Request"),
    (4, "LS-Update"),
    (5, "LS-Ack"),
];

static OPTIONS: &[(u32, &str)] = &[
    (0x01, "MultiTopology"),
    (0x02, "External"),
    (0x04, "Multicast"),
    (0x08, "NSSA"),
    (0x10, "LLS"),
    (0x20, "Demand Circuit"),
    (0x40, "Opaque"),
    (0x80, "Up/Down"),
];

static LSA_TYPES: &[(u8, &str)] = &[
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

static ROUTER_FLAGS: &[(u32, &str)] = &[
    (0x01, "ABR"),
    (0x02, "ASBR"),
    (0x04, "Virtual"),
    (0x10, "Nt"),
];

static DD_FLAGS: &[(u32, &str)] = &[(0x04, "Init"), (0x02, "More"), (0x01, "Master")];

/// OSPF v2/v3: version, packet type and length; the rest of v2 with -v.
pub fn ospf(cx: &mut Ctx, bp: &[u8], length: usize, ip_version: u8) -> R {
    cx.proto = if ip_version == 6 { "ospf3" } else { "ospf2" };
    if ip_version != 6 {
        return ospf2(cx, bp, length);
    }
    let version = bp.u8_at(0)?;
    let t = bp.u8_at(1)?;
    cx.s("OSPFv");
    cx.u(version as u64);
    cx.s(", ");
    match tables::lookup(TYPES, t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown packet type (");
            cx.u(t as u64);
            cx.b(b')');
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose > 0 && (1..=5).contains(&t) {
        let datalen = bp.be16(2)? as usize;
        if datalen > length {
            cx.s(" [len ");
            cx.u(datalen as u64);
            cx.b(b']');
            return Ok(());
        }
        return super::ospf6::v3(cx, bp, length, t, version);
    }
    Ok(())
}

/// The cryptographic digest RFC 2328 appends after an OSPFv2 packet with
/// MD5 authentication (outside the packet's own length).
const MD5_DIGEST: usize = 16;

/// OSPF over IPv4. The authentication type is read first: with MD5 the
/// trailing digest is left out of both the length and the bytes decoded.
fn ospf2(cx: &mut Ctx, bp: &[u8], mut length: usize) -> R {
    let auth = bp.be16(14)?;
    let mut d = bp;
    if auth == 2 {
        length = length.saturating_sub(MD5_DIGEST);
        d = &bp[..bp.len().saturating_sub(MD5_DIGEST)];
    }
    let version = d.u8_at(0)?;
    let t = d.u8_at(1)?;
    cx.s("OSPFv");
    cx.u(version as u64);
    cx.s(", ");
    match tables::lookup(TYPES, t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown LS-type ");
            cx.u(t as u64);
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    if tables::lookup(TYPES, t).is_none() {
        return Ok(());
    }
    let ospf_len = d.be16(2)? as usize;
    if ospf_len != length {
        cx.s(" [len ");
        cx.u(ospf_len as u64);
        cx.b(b']');
    }
    let d = &d[..d.len().min(length)];
    let rid = d.range(4, 4)?;
    cx.s("\n\tRouter-ID ");
    cx.ipv4(rid);
    let area = d.range(8, 4)?;
    if area == [0, 0, 0, 0] {
        cx.s(", Backbone Area");
    } else {
        cx.s(", Area ");
        cx.ipv4(area);
    }
    let adata = d.range(16, 8)?;
    cx.s(", Authentication Type: ");
    cx.s(match auth {
        0 => "none",
        1 => "simple",
        2 => "MD5",
        _ => "unknown",
    });
    cx.s(" (");
    cx.u(auth as u64);
    cx.b(b')');
    match auth {
        0 => {}
        1 => {
            cx.s("\n\tSimple text password: ");
            for &c in adata.iter().take_while(|&&c| c != 0) {
                fmt::put_safe_char(cx.out, c);
            }
        }
        2 => {
            cx.s("\n\tKey-ID: ");
            cx.u(adata[2] as u64);
            cx.s(", Auth-Length: ");
            cx.u(adata[3] as u64);
            cx.s(", Crypto Sequence Number: 0x");
            fmt::put_hex_padded(cx.out, adata.be32(4)? as u64, 8);
        }
        _ => return Ok(()),
    }
    if version != 2 {
        cx.s(" ospf [version ");
        cx.u(version as u64);
        cx.b(b']');
        return Ok(());
    }
    let body = d.get(24..).unwrap_or(&[]);
    match t {
        1 => hello(cx, body, length.saturating_sub(24)),
        2 => {
            let opts = body.u8_at(2)?;
            cx.s("\n\tOptions [");
            cx.flag_names(opts as u32, OPTIONS);
            cx.b(b']');
            let flags = body.u8_at(3)?;
            cx.s(", DD Flags [");
            cx.flag_names(flags as u32, DD_FLAGS);
            cx.s("], MTU: ");
            cx.u(body.be16(0)? as u64);
            let seq = body.be32(4)?;
            cx.s(", Sequence: 0x");
            fmt::put_hex_padded(cx.out, seq as u64, 8);
            let end = length.saturating_sub(24);
            let mut at = 8;
            while at < end {
                lsa_header(cx, body, at)?;
                at += 20;
            }
            Ok(())
        }
        4 => {
            let n = body.be32(0)?;
            cx.s(", ");
            cx.u(n as u64);
            cx.s(if n == 1 { " LSA" } else { " LSAs" });
            let mut at = 4;
            for i in 0..n {
                cx.s("\n\t  LSA #");
                cx.u(i as u64 + 1);
                if at + 20 > body.len() {
                    return Err(Trunc);
                }
                let len = lsa_header(cx, body, at)?;
                lsa_body(cx, body, at, len)?;
                if len < 20 {
                    break;
                }
                at += len;
            }
            Ok(())
        }
        3 => {
            // Requests: type, state id, advertising router; read to the
            // packet's end.
            let end = length.saturating_sub(24);
            let mut at = 0;
            while at < end {
                let r = body.range(at, 12)?;
                let lt = r.be32(0)?;
                cx.s("\n\t  Advertising Router: ");
                cx.ipv4(&r[8..12]);
                cx.s(", ");
                let name = if lt <= 0xff {
                    tables::lookup(LSA_TYPES, lt as u8)
                } else {
                    None
                };
                cx.s(name.unwrap_or("unknown"));
                cx.s(" LSA (");
                cx.u(lt as u64);
                if (9..=11).contains(&lt) {
                    cx.s("), Opaque-Type: ");
                    cx.s(super::ospf_opaque::opaque_type_name(r[4]));
                    cx.s(" LSA (");
                    cx.u(r[4] as u64);
                    cx.s("), Opaque-ID: ");
                    cx.u(u32::from_be_bytes([0, r[5], r[6], r[7]]) as u64);
                } else {
                    cx.s("), LSA-ID: ");
                    cx.ipv4(&r[4..8]);
                }
                at += 12;
            }
            Ok(())
        }
        5 => {
            let end = length.saturating_sub(24);
            let mut at = 0;
            while at < end {
                lsa_header(cx, body, at)?;
                at += 20;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A hello's body: `b` the bytes captured, `blen` its length.
fn hello(cx: &mut Ctx, b: &[u8], blen: usize) -> R {
    let options = b.u8_at(6)?;
    cx.s("\n\tOptions [");
    cx.flag_names(options as u32, OPTIONS);
    cx.b(b']');
    let dead = b.be32(8)?;
    cx.s("\n\t  Hello Timer ");
    cx.u(b.be16(4)? as u64);
    cx.s("s, Dead Timer ");
    cx.u(dead as u64);
    cx.s("s, Mask ");
    cx.ipv4(b.range(0, 4)?);
    cx.s(", Priority ");
    cx.u(b.u8_at(7)? as u64);
    let dr = b.range(12, 4)?;
    if dr != [0, 0, 0, 0] {
        cx.s("\n\t  Designated Router ");
        cx.ipv4(dr);
    }
    let bdr = b.range(16, 4)?;
    if bdr != [0, 0, 0, 0] {
        cx.s(", Backup Designated Router ");
        cx.ipv4(bdr);
    }
    if blen > 20 {
        cx.s("\n\t  Neighbor List:");
        let mut at = 20;
        while at < blen {
            let n = b.range(at, 4)?;
            cx.s("\n\t    ");
            cx.ipv4(n);
            at += 4;
        }
    }
    Ok(())
}

/// An LSA header at `at`; its length field.
fn lsa_header(cx: &mut Ctx, b: &[u8], at: usize) -> R<usize> {
    let h = b.range(at, 20)?;
    let len = h.be16(18)? as usize;
    cx.s("\n\t  Advertising Router ");
    cx.ipv4(&h[8..12]);
    cx.s(", seq 0x");
    fmt::put_hex_padded(cx.out, h.be32(12)? as u64, 8);
    cx.s(", age ");
    cx.u(h.be16(0)? as u64);
    cx.s("s, length ");
    cx.u(len.saturating_sub(20) as u64);
    let t = h[3];
    cx.s("\n\t    ");
    match tables::lookup(LSA_TYPES, t) {
        Some(n) => cx.s(n),
        None => cx.s("unknown"),
    }
    cx.s(" LSA (");
    cx.u(t as u64);
    if (9..=11).contains(&t) {
        cx.s("), Opaque-Type ");
        cx.s(super::ospf_opaque::opaque_type_name(h[4]));
        cx.s(" LSA (");
        cx.u(h[4] as u64);
        cx.s("), Opaque-ID ");
        cx.u(u32::from_be_bytes([0, h[5], h[6], h[7]]) as u64);
    } else {
        cx.s("), LSA-ID: ");
        cx.ipv4(&h[4..8]);
    }
    cx.s("\n\t    Options: [");
    cx.flag_names(h[2] as u32, OPTIONS);
    cx.b(b']');
    Ok(len)
}

fn lsa_body(cx: &mut Ctx, b: &[u8], at: usize, len: usize) -> R {
    let t = b.u8_at(at + 3)?;
    // A router LSA's links are read as far as captured, even past the
    // LSA's length; other LSAs are read within it.
    let body = if t == 1 {
        b.get(at + 20..).unwrap_or(&[])
    } else {
        let end = b.len().min(at + len.max(20));
        b.get(at + 20..end).unwrap_or(&[])
    };
    // Where the snapshot checks a structure before it prints (the mask
    // and first metric), the marker shows twice: once for the LSA, once
    // for the update.
    let double = |cx: &mut Ctx| {
        cx.trunc_marker();
        Err(Trunc)
    };
    if matches!(t, 3 | 4 | 5 | 7) && body.len() < 4 {
        return double(cx);
    }
    if matches!(t, 3 | 4 | 5 | 7) && body.len() < 8 {
        if t != 4 {
            cx.s("\n\t    Mask ");
            cx.ipv4(&body[..4]);
        }
        return double(cx);
    }
    // The rest is read to the LSA's end, a cut one ending with the marker.
    let n = len.saturating_sub(20);
    match t {
        1 => router_links(cx, body)?,
        2 => {
            let mask = body.range(0, 4)?;
            cx.s("\n\t    Mask ");
            cx.ipv4(mask);
            cx.s("\n\t    Connected Routers:");
            let mut p = 4;
            while p < n {
                let a = body.range(p, 4)?;
                cx.s("\n\t      ");
                cx.ipv4(a);
                p += 4;
            }
        }
        3 | 4 => {
            let mut p = 4;
            if t == 3 {
                cx.s("\n\t    Mask ");
                cx.ipv4(body.range(0, 4)?);
            }
            while p < n {
                let ul = body.be32(p)?;
                let topo = (ul >> 24) as u8 & 0x7f;
                cx.s("\n\t\ttopology ");
                cx.s(super::ospf_opaque::topology_name(topo));
                cx.s(" (");
                cx.u(topo as u64);
                cx.s(") metric ");
                cx.u((ul & 0x00ff_ffff) as u64);
                p += 4;
            }
        }
        5 | 7 => super::ospf_opaque::external(cx, body, n)?,
        6 => {
            let mut p = 0;
            while p < n {
                let vt = body.be32(p)?;
                let id = body.range(p + 4, 4)?;
                match vt {
                    1 => cx.s("\n\t    Router Router-ID "),
                    2 => cx.s("\n\t    Network Designated Router "),
                    _ => {
                        cx.s("\n\t    unknown VertexType (");
                        cx.u(vt as u64);
                        cx.b(b')');
                        p += 8;
                        continue;
                    }
                }
                cx.ipv4(id);
                p += 8;
            }
        }
        9..=11 => {
            let ot = b.u8_at(at + 4)?;
            if !super::ospf_opaque::body(cx, body, ot, len.saturating_sub(20))? {
                return Ok(());
            }
        }
        _ => {}
    }
    // -vv dumps every LSA's body after its decoding.
    if cx.opts.verbose > 1 {
        let n = len.saturating_sub(20);
        unknown_data(cx, b.get(at + 20..).unwrap_or(&[]), "\n\t    ", n);
    }
    Ok(())
}

/// A router LSA's flags and links.
fn router_links(cx: &mut Ctx, body: &[u8]) -> R {
    let flags = body.u8_at(0)?;
    cx.s("\n\t    Router LSA Options: [");
    cx.flag_names(flags as u32, ROUTER_FLAGS);
    cx.b(b']');
    let links = body.be16(2)?;
    let mut p = 4;
    for _ in 0..links {
        // A link cut short shows the marker once for the LSA (and once
        // for the update, as it returns).
        if !body.has(p, 12) {
            cx.trunc_marker();
            return Err(Trunc);
        }
        let id = body.range(p, 4)?;
        let data = body.range(p + 4, 4)?;
        let lt = body.u8_at(p + 8)?;
        let tos_n = body.u8_at(p + 9)? as usize;
        let metric = body.be16(p + 10)?;
        cx.s("\n\t      ");
        match lt {
            1 => {
                cx.s("Neighbor Router-ID: ");
                cx.ipv4(id);
                cx.s(", Interface Address: ");
                cx.ipv4(data);
            }
            2 => {
                cx.s("Neighbor Network-ID: ");
                cx.ipv4(id);
                cx.s(", Interface Address: ");
                cx.ipv4(data);
            }
            3 => {
                cx.s("Stub Network: ");
                cx.ipv4(id);
                cx.s(", Mask: ");
                cx.ipv4(data);
            }
            4 => {
                cx.s("Virtual Link: Neighbor Router-ID: ");
                cx.ipv4(id);
                cx.s(", Interface Address: ");
                cx.ipv4(data);
            }
            _ => {
                cx.s("Unknown Router Link Type (");
                cx.u(lt as u64);
                cx.b(b')');
                return Ok(());
            }
        }
        cx.s("\n\t\ttopology default (0), metric ");
        cx.u(metric as u64);
        for i in 0..tos_n {
            let q = body.range(p + 12 + i * 4, 4)?;
            cx.s("\n\t\ttopology ");
            cx.s(super::ospf_opaque::topology_name(q[0]));
            cx.s(" (");
            cx.u(q[0] as u64);
            cx.s("), metric ");
            cx.u(q.be16(2)? as u64);
        }
        p += 12 + tos_n * 4;
    }
    Ok(())
}
