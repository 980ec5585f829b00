//! IS-IS TLVs with sub-TLVs: extended IS and IP reachability, router
//! capability, multi-topology (port) capability.

use super::isis_tlv::Next;
use super::isis_v::{dump, idl};
use crate::print::core::prelude::*;

fn bw(cx: &mut Ctx, bits: u32) {
    let mbps = (f32::from_bits(bits) * 8.0 / 1_000_000.0) as f64;
    cx.s(&format!("{mbps:.3}"));
}

static LAN_ADJ_SID_FLAGS: &[(u32, &str)] = &[
    (0x80, "Address family IPv6"),
    (0x40, "Backup"),
    (0x20, "Value"),
    (0x10, "Local significance"),
    (0x08, "Set of adjacencies"),
    (0x04, "Persistent"),
];

fn ext_is_subtlv_name(t: u8) -> &'static str {
    match t {
        3 => "Administrative groups",
        4 => "Link Local/Remote Identifier",
        5 => "Link Remote Identifier",
        6 => "IPv4 interface address",
        8 => "IPv4 neighbor address",
        9 => "Maximum link bandwidth",
        10 => "Reservable link bandwidth",
        11 => "Unreserved bandwidth",
        12 => "Bandwidth Constraints (old)",
        18 => "Traffic Engineering Metric",
        19 => "Link Attribute",
        20 => "Link Protection Type",
        21 => "Interface Switching Capability",
        22 => "Bandwidth Constraints",
        29 => "SPB Metric",
        32 => "LAN Adjacency Segment Identifier",
        250..=254 => "Reserved for cisco specific extensions",
        255 => "Reserved for future expansion",
        _ => "unknown",
    }
}

/// One extended IS reachability entry (also IS alias and MT IS
/// reachability); the bytes it took, 0 when short.
pub fn ext_is_reach(cx: &mut Ctx, d: &[u8], at: usize, t: u8, mut left: usize) -> R<usize> {
    let mut p = at;
    let mut proc = 0usize;
    if !d.has(p, 7) || left < 7 {
        return Ok(0);
    }
    idl(cx, "\n\t      IS Neighbor: ", d, p, 7)?;
    p += 7;
    left -= 7;
    proc += 7;
    if t != 24 {
        if !d.has(p, 3) || left < 3 {
            return Ok(0);
        }
        let b = d.range(p, 3)?;
        cx.s(", Metric: ");
        cx.u(u32::from_be_bytes([0, b[0], b[1], b[2]]) as u64);
        p += 3;
        left -= 3;
        proc += 3;
    }
    if !d.has(p, 1) || left < 1 {
        return Ok(0);
    }
    let mut sum = d.u8_at(p)? as usize;
    p += 1;
    left -= 1;
    proc += 1;
    if sum == 0 {
        cx.s(", no sub-TLVs present");
        return Ok(proc);
    }
    cx.s(", sub-TLVs present (");
    cx.u(sum as u64);
    cx.b(b')');
    let ident = "\n\t        ";
    while sum != 0 {
        if !d.has(p, 2) {
            return Ok(0);
        }
        if left < 2 {
            cx.s(ident);
            cx.s("Remaining data in TLV shorter than a subTLV header");
            proc += left;
            break;
        }
        if sum < 2 {
            cx.s(ident);
            cx.s("Remaining data in subTLVs shorter than a subTLV header");
            proc += sum;
            break;
        }
        let st = d[p];
        let sl = d[p + 1] as usize;
        p += 2;
        left -= 2;
        sum -= 2;
        proc += 2;
        cx.s(ident);
        cx.s(ext_is_subtlv_name(st));
        cx.s(" subTLV #");
        cx.u(st as u64);
        cx.s(", length: ");
        cx.u(sl as u64);
        if sum < sl {
            cx.s(" (remaining data in subTLVs shorter than the current subTLV)");
            proc += sum;
            break;
        }
        if left < sl {
            cx.s(" (> remaining tlv length)");
            proc += left;
            break;
        }
        if !d.has(p, sl) {
            return Ok(0);
        }
        match st {
            3 | 4 | 5 => {
                if sl >= 4 {
                    let v = d.be32(p)?;
                    cx.s(", 0x");
                    fmt::put_hex_padded(cx.out, v as u64, 8);
                    if sl == 8 {
                        let v = d.be32(p + 4)?;
                        cx.s(", 0x");
                        fmt::put_hex_padded(cx.out, v as u64, 8);
                    }
                }
            }
            6 | 8 => {
                if sl >= 4 {
                    cx.s(", ");
                    cx.ipv4(&d[p..p + 4]);
                }
            }
            12 | 22 if sl > 0 => {
                // Diffserv-aware TE bandwidth constraints (RFC 4124).
                let model = d[p];
                cx.s(ident);
                cx.s("Bandwidth Constraints Model ID: ");
                cx.s(match model {
                    0 => "Russian dolls",
                    1 => "Maximum allocation",
                    2 => "Maximum allocation with E-LSP support",
                    _ => "unknown",
                });
                cx.s(" (");
                cx.u(model as u64);
                cx.b(b')');
                for (c, q) in (p + 1..p + sl).step_by(4).enumerate() {
                    if q + 4 > p + sl {
                        break;
                    }
                    cx.s(ident);
                    cx.s("  Bandwidth constraint CT");
                    cx.u(c as u64);
                    cx.s(": ");
                    bw(cx, d.be32(q)?);
                    cx.s(" Mbps");
                }
            }
            12 | 22 => {}
            32 if sl >= 8 => {
                // LAN adjacency SID (RFC 8667 2.2.2): a label with the V
                // and L flags, an index with neither.
                let flags = d[p];
                cx.s(ident);
                cx.s("  Flags: [");
                cx.flag_names(flags as u32, LAN_ADJ_SID_FLAGS);
                cx.b(b']');
                cx.s(ident);
                cx.s("  Weight: ");
                cx.u(d[p + 1] as u64);
                let q = p + 2;
                if sl - 2 >= 6 {
                    cx.s(ident);
                    cx.s("  Neighbor System-ID: ");
                    super::isis_v::put_id(cx, &d[q..q + 6]);
                }
                match (flags & 0x20 != 0, flags & 0x10 != 0) {
                    (true, true) => {
                        let l = d.range(q + 6, 3)?;
                        cx.s(ident);
                        cx.s("  Label: ");
                        cx.u(u32::from_be_bytes([0, l[0], l[1], l[2]]) as u64);
                    }
                    (false, false) => {
                        let i = d.be32(q + 6)?;
                        cx.s(ident);
                        cx.s("  Index: ");
                        cx.u(i as u64);
                    }
                    _ => cx.s(" (invalid)"),
                }
            }
            32 => {}
            9 | 10 => {
                if sl >= 4 {
                    cx.s(", ");
                    bw(cx, d.be32(p)?);
                    cx.s(" Mbps");
                }
            }
            11 => {
                if sl >= 32 {
                    for c in 0..8 {
                        cx.s(ident);
                        cx.s("  TE-Class ");
                        cx.u(c);
                        cx.s(": ");
                        bw(cx, d.be32(p + 4 * c as usize)?);
                        cx.s(" Mbps");
                    }
                }
            }
            18 => {
                if sl >= 3 {
                    let b = &d[p..p + 3];
                    cx.s(", ");
                    cx.u(u32::from_be_bytes([0, b[0], b[1], b[2]]) as u64);
                }
            }
            _ => dump(cx, d, p, sl, b"\n\t\t    "),
        }
        p += sl;
        left -= sl;
        sum -= sl;
        proc += sl;
    }
    Ok(proc)
}

fn ip_subtlv_name(t: u8) -> &'static str {
    match t {
        1 => "32-Bit Administrative tag",
        2 => "64-Bit Administrative tag",
        3 => "Prefix SID",
        117 => "Management Prefix Color",
        _ => "unknown",
    }
}

/// One extended IP (or IPv6) reachability entry; the bytes it took, 0
/// when it cannot be decoded.
pub fn extd_ip_reach(cx: &mut Ctx, d: &[u8], at: usize, v6: bool) -> R<usize> {
    let mut p = at;
    let metric = d.be32(p)?;
    p += 4;
    let mut processed = 4;
    let status = d.u8_at(p)?;
    let bits;
    if !v6 {
        bits = (status & 0x3f) as usize;
        if bits > 32 {
            cx.s("\n\t      IPv4 prefix: bad bit length ");
            cx.u(bits as u64);
            return Ok(0);
        }
        p += 1;
        processed += 1;
    } else {
        bits = d.u8_at(p + 1)? as usize;
        if bits > 128 {
            cx.s("\n\t      IPv6 prefix: bad bit length ");
            cx.u(bits as u64);
            return Ok(0);
        }
        p += 2;
        processed += 2;
    }
    let bytes = bits.div_ceil(8);
    let mut prefix = [0u8; 16];
    prefix[..bytes].copy_from_slice(d.range(p, bytes)?);
    p += bytes;
    processed += bytes;
    if !v6 {
        let mut a = Vec::new();
        fmt::put_ipv4(&mut a, &prefix[..4]);
        cx.s("\n\t      IPv4 prefix: ");
        for _ in a.len()..15 {
            cx.b(b' ');
        }
        cx.out.extend_from_slice(&a);
    } else {
        cx.s("\n\t      IPv6 prefix: ");
        fmt::put_ipv6(cx.out, &prefix);
    }
    cx.b(b'/');
    cx.u(bits as u64);
    cx.s(", Distribution: ");
    cx.s(if status & 0x80 != 0 { "down" } else { "up" });
    cx.s(", Metric: ");
    cx.u(metric as u64);
    let sub = if v6 {
        cx.s(", ");
        cx.s(if status & 0x40 != 0 {
            "External"
        } else {
            "Internal"
        });
        if status & 0x20 != 0 {
            cx.s(", sub-TLVs present");
        }
        status & 0x20 != 0
    } else {
        if status & 0x40 != 0 {
            cx.s(", sub-TLVs present");
        }
        status & 0x40 != 0
    };
    if sub {
        let sublen = d.u8_at(p)? as usize;
        p += 1;
        processed += sublen + 1;
        cx.s(" (");
        cx.u(sublen as u64);
        cx.b(b')');
        // tcpdump counts down without checking, so a sub-TLV longer than
        // what is left makes it read on until the captured data ends
        // (every turn moves on by at least 2 bytes).
        let mut sublen = sublen as u32;
        while sublen > 0 {
            let st = d.u8_at(p)?;
            let sl = d.u8_at(p + 1)? as usize;
            p += 2;
            if !ip_subtlv(cx, d, p, st, sl)? {
                return Ok(0);
            }
            p += sl;
            sublen = sublen.wrapping_sub(sl as u32 + 2);
        }
    }
    Ok(processed)
}

fn ip_subtlv(cx: &mut Ctx, d: &[u8], mut p: usize, st: u8, mut sl: usize) -> R<bool> {
    cx.s("\n\t        ");
    cx.s(ip_subtlv_name(st));
    cx.s(" subTLV #");
    cx.u(st as u64);
    cx.s(", length: ");
    cx.u(sl as u64);
    if !d.has(p, sl) {
        cx.trunc_marker();
        return Ok(false);
    }
    match st {
        1 | 117 => {
            while sl >= 4 {
                let v = d.be32(p)?;
                cx.s(", 0x");
                fmt::put_hex_padded(cx.out, v as u64, 8);
                cx.s(" (=");
                cx.u(v as u64);
                cx.b(b')');
                p += 4;
                sl -= 4;
            }
        }
        2 => {
            while sl >= 8 {
                let v = d.be32(p)?;
                cx.s(", 0x");
                fmt::put_hex_padded(cx.out, v as u64, 8);
                fmt::put_hex_padded(cx.out, d.be32(p + 4)? as u64, 8);
                p += 8;
                sl -= 8;
            }
        }
        3 => {
            let flags = d.u8_at(p)?;
            let algo = d.u8_at(p + 1)?;
            let sid = if flags & 0x08 != 0 {
                if sl < 5 {
                    cx.trunc_marker();
                    return Ok(false);
                }
                let b = d.range(p + 2, 3)?;
                u32::from_be_bytes([0, b[0], b[1], b[2]])
            } else {
                if sl < 6 {
                    cx.trunc_marker();
                    return Ok(false);
                }
                d.be32(p + 2)?
            };
            cx.s(", Flags [");
            let mut any = false;
            for (bit, name) in [
                (0x80, "Readvertisement"),
                (0x40, "Node"),
                (0x20, "No-PHP"),
                (0x10, "Explicit NULL"),
                (0x08, "Value"),
                (0x04, "Local"),
            ] {
                if flags & bit != 0 {
                    if any {
                        cx.s(", ");
                    }
                    cx.s(name);
                    any = true;
                }
            }
            if !any {
                cx.s("None");
            }
            cx.s("], Algo ");
            cx.s(match algo {
                0 => "SPF",
                1 => "strict-SPF",
                _ => "Unknown",
            });
            cx.s(" (");
            cx.u(algo as u64);
            cx.s("), ");
            cx.s(if flags & 0x08 != 0 { "label" } else { "index" });
            cx.b(b' ');
            cx.u(sid as u64);
        }
        _ => dump(cx, d, p, sl, b"\n\t\t    "),
    }
    Ok(true)
}

/// The router capability TLV (RFC 7981) and its sub-TLVs.
pub fn router_capability(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: usize) -> R<Next> {
    if left < 5 {
        cx.s(" [object length ");
        cx.u(left as u64);
        cx.s(" < 5] (invalid)");
        return Ok(Next::Go);
    }
    let a = d.range(p, 4)?;
    cx.s("\n\t      Router-ID ");
    cx.ipv4(a);
    let flags = d.u8_at(p + 4)?;
    cx.s(", Flags [");
    cx.flag_names(flags as u32, &[(0x01, "S bit"), (0x02, "D bit")]);
    cx.b(b']');
    p += 5;
    left -= 5;
    while left != 0 {
        if left < 2 {
            return Ok(Next::Go);
        }
        let st = d.u8_at(p)?;
        let sl = d.u8_at(p + 1)? as usize;
        p += 2;
        left -= 2;
        cx.s("\n\t\t");
        cx.s(match st {
            2 => "SR-Capabilities",
            _ => "unknown",
        });
        cx.s(" subTLV #");
        cx.u(st as u64);
        cx.s(", length: ");
        cx.u(sl as u64);
        if left < sl {
            return Ok(Next::Go);
        }
        if !d.has(p, sl) {
            return Ok(Next::Go);
        }
        match st {
            2 => {
                if sl >= 9 {
                    let flags = d.u8_at(p)?;
                    let r = d.range(p + 1, 3)?;
                    let range = u32::from_be_bytes([0, r[0], r[1], r[2]]);
                    cx.s(", Flags [");
                    let mut any = false;
                    for (bit, name) in [(0x80, "ipv4"), (0x40, "ipv6")] {
                        if flags & bit != 0 {
                            if any {
                                cx.s(", ");
                            }
                            cx.s(name);
                            any = true;
                        }
                    }
                    if !any {
                        cx.s("None");
                    }
                    cx.s("], Range ");
                    cx.u(range as u64);
                    let (stype, slen) = (d.u8_at(p + 4)?, d.u8_at(p + 5)?);
                    if stype == 1 && slen == 3 {
                        let v = d.range(p + 6, 3)?;
                        cx.s(", SID value ");
                        cx.u(u32::from_be_bytes([0, v[0], v[1], v[2]]) as u64);
                    } else if stype == 1 && slen == 4 {
                        let v = d.be32(p + 6)?;
                        cx.s(", SID value ");
                        cx.u(v as u64);
                    } else {
                        cx.s(", Unknown SID length");
                        cx.u(slen as u64);
                    }
                }
            }
            _ => dump(cx, d, p, sl, b"\n\t\t"),
        }
        p += sl;
        left -= sl;
    }
    Ok(Next::Go)
}

/// A multicast configuration id (SPB): format, name, level, digest.
fn mcid(cx: &mut Ctx, d: &[u8], p: usize) -> R {
    let v = d.u8_at(p)?;
    cx.s("ID: ");
    cx.u(v as u64);
    cx.s(", Name: ");
    for i in 0..32 {
        let c = d.u8_at(p + 1 + i)?;
        if c == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, c);
    }
    let v = d.be16(p + 33)?;
    cx.s("\n\t              Lvl: ");
    cx.u(v as u64);
    cx.s(", Digest: ");
    for i in 0..16 {
        fmt::put_hex2(cx.out, d.u8_at(p + 35 + i)?);
        cx.b(b' ');
    }
    Ok(())
}

/// The sub-TLVs of the MT port capability TLV (RFC 6329); `false` after
/// a truncation marker.
pub fn mt_port_cap(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: usize) -> R<bool> {
    while left > 2 {
        let st = d.u8_at(p)?;
        let sl = d.u8_at(p + 1)? as usize;
        cx.s("\n\t       ");
        cx.s(match st {
            4 => "SPB MCID",
            5 => "SPB Digest",
            6 => "SPB BVID",
            _ => "unknown",
        });
        cx.s(" subTLV #");
        cx.u(st as u64);
        cx.s(", length: ");
        cx.u(sl as u64);
        p += 2;
        left -= 2;
        if left < sl {
            cx.s(" (> containing TLV length)");
            return Ok(true);
        }
        if st == 4 {
            if sl < 102 {
                cx.trunc_marker();
                return Ok(false);
            }
            cx.s("\n\t         MCID: ");
            mcid(cx, d, p)?;
            cx.s("\n\t         AUX-MCID: ");
            mcid(cx, d, p + 51)?;
        }
        p += sl;
        left -= sl;
    }
    Ok(true)
}

/// The sub-TLVs of the MT capability TLV (RFC 6329); `false` when the
/// PDU stops there with the truncation marker (the caller's).
pub fn mt_capability(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: usize) -> R<bool> {
    while left > 2 {
        let st = d.u8_at(p)?;
        let sl = d.u8_at(p + 1)? as usize;
        p += 2;
        left -= 2;
        cx.s("\n\t      ");
        cx.s(match st {
            1 => "SPB Instance",
            3 => "SPBM Service Identifier and Unicast Address",
            _ => "unknown",
        });
        cx.s(" subTLV #");
        cx.u(st as u64);
        cx.s(", length: ");
        cx.u(sl as u64);
        if left < sl {
            cx.s(" (> containing TLV length)");
            return Ok(false);
        }
        p += sl;
        left -= sl;
    }
    Ok(true)
}
