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
    (0x08, "Wildcard"),
    (0x10, "Nt"),
    (0x80, "Host"),
];

static DD_FLAGS: &[(u32, &str)] = &[
    (0x04, "Init"),
    (0x02, "More"),
    (0x01, "Master"),
    (0x08, "OOBResync"),
];

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
    // What link-local signalling may read: not the digest.
    let op = d;
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
    cx.s("\n\tRouter-ID ");
    cx.ipv4(d.range(4, 4)?);
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
    // What the packet's length (or the header's, if shorter) leaves
    // after the header.
    let blen = length.min(ospf_len).saturating_sub(24);
    let r = match t {
        1 => hello(cx, body, blen),
        2 => {
            let opts = body.u8_at(2)?;
            cx.s("\n\tOptions [");
            cx.flag_names(opts as u32, OPTIONS);
            cx.b(b']');
            let flags = body.u8_at(3)?;
            cx.s(", DD Flags [");
            cx.flag_names(flags as u32, DD_FLAGS);
            cx.b(b']');
            let mtu = body.be16(0)?;
            if mtu != 0 {
                cx.s(", MTU: ");
                cx.u(mtu as u64);
            }
            let seq = body.be32(4)?;
            cx.s(", Sequence: 0x");
            fmt::put_hex_padded(cx.out, seq as u64, 8);
            let mut at = 8;
            while at < blen && lsa_header(cx, body, at)?.is_some() {
                at += 20;
            }
            Ok(())
        }
        3 => {
            let mut at = 0;
            while at < blen {
                let r = body.range(at, 12)?;
                let t = r.be32(0)?;
                cx.s("\n\t  Advertising Router: ");
                cx.ipv4(&r[8..12]);
                cx.s(", ");
                let name = u8::try_from(t)
                    .ok()
                    .and_then(|t| tables::lookup(LSA_TYPES, t));
                cx.s(name.unwrap_or("unknown"));
                cx.s(" LSA (");
                cx.u(t as u64);
                cx.b(b')');
                if (9..=11).contains(&t) {
                    cx.s(", Opaque-Type: ");
                    cx.s(super::ospf_opaque::opaque_type_name(r[4]));
                    cx.s(" LSA (");
                    cx.u(r[4] as u64);
                    cx.s("), Opaque-ID: ");
                    cx.u(u32::from_be_bytes([0, r[5], r[6], r[7]]) as u64);
                } else {
                    cx.s(", LSA-ID: ");
                    cx.ipv4(&r[4..8]);
                }
                at += 12;
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
                let Some(len) = lsa_header(cx, body, at)? else {
                    return Err(Trunc);
                };
                lsa_body(cx, body, at, len)?;
                at += len;
            }
            Ok(())
        }
        5 => {
            let mut at = 0;
            while at < blen {
                lsa_header(cx, body, at)?;
                at += 20;
            }
            Ok(())
        }
        _ => Ok(()),
    };
    r?;
    if length > ospf_len {
        lls(cx, op, t, length, ospf_len, auth)?;
    }
    Ok(())
}

static LLS_TLVS: &[(u16, &str)] = &[(1, "Extended Options"), (2, "MD5 Authentication")];

static LLS_EO_FLAGS: &[(u32, &str)] = &[(0x01, "LSDB resync"), (0x02, "Restart")];

/// Link-local signalling (RFC 5613) after a hello or database
/// description with the L option: the data block past the OSPF length.
fn lls(cx: &mut Ctx, op: &[u8], t: u8, length: usize, ospf_len: usize, auth: u16) -> R {
    let opts = match t {
        1 => op.u8_at(24 + 6)?,
        2 => op.u8_at(24 + 2)?,
        _ => return Ok(()),
    };
    if opts & 0x10 == 0 {
        return Ok(());
    }
    let mut p = ospf_len;
    let mut len2 = ospf_len;
    if auth == 2 {
        let n = op.u8_at(16 + 3)? as usize;
        p += n;
        len2 += n;
    }
    if len2 >= length {
        cx.s("\n\t[LLS truncated]");
        return Ok(());
    }
    let ck = op.be16(p)?;
    cx.s("\n\t  LLS: checksum: 0x");
    fmt::put_hex_padded(cx.out, ck as u64, 4);
    let l = op.be16(p + 2)?;
    cx.s(", length: ");
    cx.u(l as u64);
    p += 4;
    while p < length {
        let lt = op.be16(p)?;
        cx.s("\n\t    ");
        cx.s(tables::lookup(LLS_TLVS, lt).unwrap_or("Unknown TLV"));
        cx.s(" (");
        cx.u(lt as u64);
        cx.b(b')');
        let mut ll = op.be16(p + 2)? as usize;
        cx.s(", length: ");
        cx.u(ll as u64);
        p += 4;
        match lt {
            1 => {
                if ll != 4 {
                    cx.s(" [should be 4]");
                    ll = 4;
                }
                let fl = op.be32(p)?;
                cx.s("\n\t      Options: 0x");
                fmt::put_hex_padded(cx.out, fl as u64, 8);
                cx.s(" [");
                let mut any = false;
                for &(bit, name) in LLS_EO_FLAGS {
                    if fl & bit != 0 {
                        if any {
                            cx.s(", ");
                        }
                        cx.s(name);
                        any = true;
                    }
                }
                if !any {
                    cx.b(b'?');
                }
                cx.b(b']');
            }
            2 => {
                if ll != 20 {
                    cx.s(" [should be 20]");
                    ll = 20;
                }
                let seq = op.be32(p)?;
                cx.s("\n\t      Sequence number: 0x");
                fmt::put_hex_padded(cx.out, seq as u64, 8);
            }
            _ => {}
        }
        p += ll;
    }
    Ok(())
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
/// An LSA header; its length, or `None` for one shorter than the header
/// (shown as bogus).
fn lsa_header(cx: &mut Ctx, b: &[u8], at: usize) -> R<Option<usize>> {
    let len = b.be16(at + 18)? as usize;
    if len < 20 {
        cx.s("\n\t    Bogus length ");
        cx.u(len as u64);
        cx.s(" < header (20)");
        return Ok(None);
    }
    let router = b.range(at + 8, 4)?;
    let seq = b.be32(at + 12)?;
    let age = b.be16(at)?;
    cx.s("\n\t  Advertising Router ");
    cx.ipv4(router);
    cx.s(", seq 0x");
    fmt::put_hex_padded(cx.out, seq as u64, 8);
    cx.s(", age ");
    cx.u(age as u64);
    cx.s("s, length ");
    cx.u((len - 20) as u64);
    let t = b.u8_at(at + 3)?;
    let name = tables::lookup(LSA_TYPES, t).unwrap_or("unknown");
    if (9..=11).contains(&t) {
        let h = b.range(at + 4, 4)?;
        cx.s("\n\t    ");
        cx.s(name);
        cx.s(" LSA (");
        cx.u(t as u64);
        cx.s("), Opaque-Type ");
        cx.s(super::ospf_opaque::opaque_type_name(h[0]));
        cx.s(" LSA (");
        cx.u(h[0] as u64);
        cx.s("), Opaque-ID ");
        cx.u(u32::from_be_bytes([0, h[1], h[2], h[3]]) as u64);
    } else {
        let id = b.range(at + 4, 4)?;
        cx.s("\n\t    ");
        cx.s(name);
        cx.s(" LSA (");
        cx.u(t as u64);
        cx.s("), LSA-ID: ");
        cx.ipv4(id);
    }
    let opts = b.u8_at(at + 2)?;
    cx.s("\n\t    Options: [");
    cx.flag_names(opts as u32, OPTIONS);
    cx.b(b']');
    Ok(Some(len))
}

/// An LSA's body, then with `-vv` a dump of it (not after an LSA the
/// snapshot gives up on).
fn lsa_body(cx: &mut Ctx, b: &[u8], at: usize, len: usize) -> R {
    let blen = len.saturating_sub(20);
    if lsa_fields(cx, b, at, len)? && cx.opts.verbose > 1 {
        unknown_data(cx, b.get(at + 20..).unwrap_or(&[]), "\n\t    ", blen);
    }
    Ok(())
}

/// The network LSA's mask and routers, the summary LSAs' metrics, the
/// group membership LSA's vertices: read up to the LSA's end as far as
/// captured. `Ok(false)` if the LSA is not dumped after.
fn lsa_fields(cx: &mut Ctx, b: &[u8], at: usize, len: usize) -> R<bool> {
    let t = b.u8_at(at + 3)?;
    let end = at + len;
    let p0 = at + 20;
    match t {
        2 => {
            let mask = b.range(p0, 4)?;
            cx.s("\n\t    Mask ");
            cx.ipv4(mask);
            cx.s("\n\t    Connected Routers:");
            let mut p = p0 + 4;
            while p < end {
                let r = b.range(p, 4)?;
                cx.s("\n\t      ");
                cx.ipv4(r);
                p += 4;
            }
            return Ok(true);
        }
        3 | 4 => {
            let mut p = p0 + 4;
            // The snapshot's own checks of the mask and the first metric
            // mark the LSA and the update.
            if t == 3 {
                if !b.has(p0, 4) {
                    cx.trunc_marker();
                    return Err(Trunc);
                }
                cx.s("\n\t    Mask ");
                cx.ipv4(&b[p0..p0 + 4]);
            }
            if !b.has(p, 4) {
                cx.trunc_marker();
                return Err(Trunc);
            }
            while p < end {
                let w = b.be32(p)?;
                let topo = ((w >> 24) & 0x7f) as u8;
                cx.s("\n\t\ttopology ");
                cx.s(super::ospf_opaque::topology_name(topo));
                cx.s(" (");
                cx.u(topo as u64);
                cx.s(") metric ");
                cx.u((w & 0x00ff_ffff) as u64);
                p += 4;
            }
            return Ok(true);
        }
        6 => {
            let mut p = p0;
            while p < end {
                let vtype = b.be32(p)?;
                let id = b.range(p + 4, 4);
                match vtype {
                    1 | 2 => {
                        let id = id?;
                        cx.s(if vtype == 1 {
                            "\n\t    Router Router-ID "
                        } else {
                            "\n\t    Network Designated Router "
                        });
                        cx.ipv4(id);
                    }
                    _ => {
                        cx.s("\n\t    unknown VertexType (");
                        cx.u(vtype as u64);
                        cx.b(b')');
                    }
                }
                p += 8;
            }
            return Ok(true);
        }
        _ => {}
    }
    if !matches!(t, 1 | 5 | 7 | 9..=11) {
        // Not decoded (dumped with -vv, as all are).
        return Ok(true);
    }
    if t == 5 || t == 7 {
        let rest = b.get(p0..).unwrap_or(&[]);
        return super::ospf_opaque::external(cx, rest, len.saturating_sub(20)).map(|_| true);
    }
    // A router LSA's links are read as far as captured, even past the
    // LSA's length; other LSAs are read within it.
    let body = if t == 1 {
        b.get(at + 20..).unwrap_or(&[])
    } else {
        b.range(at + 20, len.saturating_sub(20))?
    };
    match t {
        1 => {}
        9..=11 => {
            return super::ospf_opaque::body(cx, body, b.u8_at(at + 4)?).map(|_| true);
        }
        _ => return Ok(true),
    }
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
                cx.s("Virtual Link: ");
                cx.ipv4(id);
                cx.s(", Interface Address: ");
                cx.ipv4(data);
            }
            _ => {
                cx.s("Unknown Router Link Type (");
                cx.u(lt as u64);
                cx.b(b')');
                return Ok(false);
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
    Ok(true)
}
