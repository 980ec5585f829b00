//! OSPFv2 opaque LSAs (RFC 5250) with `-v`: router information (RFC 7770,
//! 8665) and extended prefix (RFC 7684) TLVs; and AS-external LSAs.

use crate::print::core::prelude::*;

pub fn opaque_type_name(t: u8) -> &'static str {
    match t {
        1 => "Traffic Engineering",
        3 => "Graceful restart",
        4 => "Router Information",
        7 => "Extended Prefix",
        8 => "Extended Link",
        _ => "unknown",
    }
}

/// Router information capability bits (RFC 7770), low bits first.
static RI_CAPS: &[(u32, &str)] = &[
    (1, "Reserved"),
    (2, "Reserved"),
    (4, "Reserved"),
    (8, "Reserved"),
    (16, "graceful restart capable"),
    (32, "graceful restart helper"),
    (64, "Stub router support"),
    (128, "Traffic engineering"),
    (256, "p2p over LAN"),
    (512, "path computation server"),
];

fn ri_tlv_name(t: u16) -> &'static str {
    match t {
        1 => "Router Capabilities",
        7 => "Hostname",
        8 => "SR-Algorithm",
        9 => "SID/Label Range",
        14 => "SR Local Block",
        15 => "SRMS Preference",
        _ => "unknown",
    }
}

fn algo_name(a: u8) -> &'static str {
    match a {
        0 => "Shortest Path First",
        1 => "Strict Shortest Path First",
        _ => "Unknown",
    }
}

/// The body of an opaque LSA of opaque type `ot` (`b`: the body).
/// An opaque LSA's body: `b` the bytes captured of it, `len` its length.
/// False when the decoding stopped short (no -vv dump follows).
pub fn body(cx: &mut Ctx, b: &[u8], ot: u8, len: usize) -> R<bool> {
    match ot {
        4 => tlvs(cx, b, true, len),
        7 => tlvs(cx, b, false, len),
        // Traffic engineering and grace LSAs are not decoded yet; the
        // other opaque types are dumped at -v (at -vv the LSA dump follows).
        1 | 3 => Ok(true),
        _ => {
            if cx.opts.verbose <= 1 {
                unknown_data(cx, b, "\n\t    ", len);
            }
            Ok(true)
        }
    }
}

fn tlvs(cx: &mut Ctx, b: &[u8], ri: bool, len: usize) -> R<bool> {
    let mut p = 0;
    let mut left = len;
    while left != 0 {
        // A TLV header cut short ends the LSA with the marker (and, for
        // router information, the update with another).
        if !b.has(p, 4) {
            cx.trunc_marker();
            return if ri { Err(Trunc) } else { Ok(false) };
        }
        if left < 4 {
            cx.s("\n\t    Remaining LS length ");
            cx.u(left as u64);
            cx.s(" < 4");
            return Ok(false);
        }
        let t = b.be16(p)?;
        let l = b.be16(p + 2)? as usize;
        p += 4;
        left -= 4;
        cx.s("\n\t    ");
        cx.s(if ri {
            ri_tlv_name(t)
        } else {
            match t {
                1 => "Extended Prefix",
                2 => "Extended Prefix Range",
                _ => "unknown",
            }
        });
        cx.s(" TLV (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(l as u64);
        cx.s(", value: ");
        if l > left {
            cx.s("\n\t    Bogus length ");
            cx.u(l as u64);
            cx.s(if ri { " > remaining LS length " } else { " > " });
            cx.u(left as u64);
            return Ok(false);
        }
        // The value is read as far as captured: a router information
        // value cut short shows the marker twice.
        if ri && !b.has(p, l) {
            cx.trunc_marker();
            return Err(Trunc);
        }
        let v = &b[p.min(b.len())..(p + l).min(b.len())];
        if ri {
            ri_tlv(cx, t, v)?;
        } else if t == 1 {
            ext_prefix(cx, v, l)?;
        } else if t == 2 {
            // Extended prefix range (RFC 8665): a bad family or length
            // ends the LSA.
            let (plen, af) = (v.u8_at(0)?, v.u8_at(1)?);
            let size = v.be16(2)?;
            let flags = v.u8_at(4)?;
            if af != 0 {
                cx.s("\n\t      Bogus AF ");
                cx.u(af as u64);
                return Ok(false);
            }
            if plen > 32 {
                cx.s("\n\t      IPv4 prefix: bad bit length ");
                cx.u(plen as u64);
                return Ok(false);
            }
            let mut s = Vec::new();
            fmt::put_ipv4(&mut s, v.range(8, 4)?);
            cx.s("\n\t      IPv4 prefix: ");
            for _ in s.len()..15 {
                cx.b(b' ');
            }
            cx.out.extend_from_slice(&s);
            cx.b(b'/');
            cx.u(plen as u64);
            cx.s(", Range size: ");
            cx.u(size as u64);
            cx.s(", Flags [");
            cx.flag_names(flags as u32, &[(0x80, "Inter-Area")]);
            cx.b(b']');
        } else if cx.opts.verbose <= 1 {
            hexdump::hex(cx.out, b"\n\t\t", v, 0);
        }
        let padded = l + (4 - l % 4) % 4;
        p += padded;
        left = left.saturating_sub(padded);
    }
    Ok(true)
}

fn ri_tlv(cx: &mut Ctx, t: u16, v: &[u8]) -> R {
    match t {
        1 => {
            if v.len() != 4 {
                cx.s("\n\t    Bogus length ");
                cx.u(v.len() as u64);
                cx.s(" != 4");
                return Ok(());
            }
            cx.s("Capabilities: ");
            let caps = v.be32(0)?;
            if RI_CAPS.iter().any(|&(bit, _)| caps & bit != 0) {
                cx.flag_names(caps, RI_CAPS);
            } else {
                cx.s("Unknown");
            }
        }
        7 => {
            cx.s("\n\t      Hostname: ");
            for &c in v {
                if c == 0 {
                    break;
                }
                fmt::put_safe_char(cx.out, c);
            }
        }
        8 => {
            for &a in v {
                cx.s("\n\t      ");
                cx.s(algo_name(a));
                cx.s(" (");
                cx.u(a as u64);
                cx.b(b')');
            }
        }
        9 | 14 => {
            if v.len() < 4 {
                return Ok(());
            }
            cx.s("\n\t      Range size: ");
            cx.u(u32::from_be_bytes([0, v[0], v[1], v[2]]) as u64);
            let mut p = 4;
            while p + 4 <= v.len() {
                let st = v.be16(p)?;
                let sl = v.be16(p + 2)? as usize;
                cx.s("\n\t      ");
                cx.s(if st == 1 { "SID/Label" } else { "unknown" });
                cx.s(" subTLV (");
                cx.u(st as u64);
                cx.s("), length: ");
                cx.u(sl as u64);
                cx.s(", value: ");
                let s = v.range(p + 4, sl)?;
                if st == 1 {
                    match sl {
                        3 => {
                            cx.s("\n\t\tLabel: ");
                            cx.u((u32::from_be_bytes([0, s[0], s[1], s[2]]) & 0xfffff) as u64);
                        }
                        4 => {
                            cx.s("\n\t\tSID: ");
                            cx.u(s.be32(0)? as u64);
                        }
                        _ => {
                            cx.s("\n\t\tBogus subTLV length ");
                            cx.u(sl as u64);
                        }
                    }
                }
                p += 4 + sl + (4 - sl % 4) % 4;
            }
        }
        15 => {
            if v.len() != 4 {
                cx.s("\n\t    Bogus SRMS Preference TLV length ");
                cx.u(v.len() as u64);
                cx.s(" != 4");
                return Ok(());
            }
            cx.s("\n\t      SRMS Preference: ");
            cx.u(v[0] as u64);
        }
        _ => {
            if cx.opts.verbose <= 1 {
                hexdump::hex(cx.out, b"\n\t      ", v, 0);
            }
        }
    }
    Ok(())
}

fn ext_prefix(cx: &mut Ctx, v: &[u8], l: usize) -> R {
    let h = v.range(0, 4)?;
    let (rt, plen, af, flags) = (h[0], h[1], h[2], h[3]);
    if af != 0 {
        cx.s("\n\t      Bogus AF ");
        cx.u(af as u64);
        return Ok(());
    }
    if plen > 32 {
        cx.s("\n\t      IPv4 prefix: bad bit length ");
        cx.u(plen as u64);
        return Ok(());
    }
    let mut s = Vec::new();
    fmt::put_ipv4(&mut s, v.range(4, 4)?);
    cx.s("\n\t      IPv4 prefix: ");
    for _ in s.len()..15 {
        cx.b(b' ');
    }
    cx.out.extend_from_slice(&s);
    cx.b(b'/');
    cx.u(plen as u64);
    cx.s(", Route Type: ");
    cx.s(match rt {
        0 => "Unspecified",
        1 => "Intra-Area",
        3 => "Inter-Area",
        5 => "AS External",
        7 => "NSSA External",
        _ => "Unknown",
    });
    cx.s(", Flags [");
    cx.flag_names(flags as u32, &[(0x80, "Inter-Area")]);
    cx.b(b']');
    let mut p = 8;
    while l > 12 && p + 4 <= l {
        let st = v.be16(p)?;
        let sl = v.be16(p + 2)? as usize;
        cx.s("\n\t\t");
        cx.s(if st == 2 { "Prefix-SID" } else { "unknown" });
        cx.s(" subTLV (");
        cx.u(st as u64);
        cx.s("), length: ");
        cx.u(sl as u64);
        cx.s(", value: ");
        let s = v.range(p + 4, sl)?;
        if st == 2 && sl >= 7 {
            let sflags = s[0];
            let sid = if sflags & 0x08 != 0 {
                u32::from_be_bytes([0, s[4], s[5], s[6]]) & 0xfffff
            } else if sl >= 8 {
                s.be32(4)?
            } else {
                0
            };
            cx.s(if sflags & 0x08 != 0 {
                "\n\t\t  Label: "
            } else {
                "\n\t\t  Index: "
            });
            cx.u(sid as u64);
            cx.s(", MT-ID: ");
            cx.u(s[2] as u64);
            cx.s(", Algorithm: ");
            cx.s(algo_name(s[3]));
            cx.s(" (");
            cx.u(s[3] as u64);
            cx.s("), Flags [");
            cx.flag_names(
                sflags as u32,
                &[
                    (0x40, "No-PHP"),
                    (0x20, "Mapping-Server"),
                    (0x10, "Explicit-NULL"),
                    (0x08, "Value"),
                    (0x04, "Local"),
                ],
            );
            cx.b(b']');
        }
        p += 4 + sl + (4 - sl % 4) % 4;
    }
    Ok(())
}

/// A multi-topology id's name (RFC 4915).
pub fn topology_name(t: u8) -> &'static str {
    match t {
        0 => "default",
        1 => "multicast",
        2 => "management",
        _ => "Unknown",
    }
}

/// AS-external and NSSA LSAs: the mask, then per topology the metric
/// type, metric, forwarding address and tag.
pub fn external(cx: &mut Ctx, b: &[u8], n: usize) -> R {
    let mask = b.range(0, 4)?;
    cx.s("\n\t    Mask ");
    cx.ipv4(mask);
    let mut p = 4;
    while p < n {
        let ul = b.be32(p)?;
        let topo = (ul & 0x7f00_0000) >> 24;
        cx.s("\n\t\ttopology ");
        cx.s(topology_name(topo as u8));
        cx.s(" (");
        cx.u(topo as u64);
        cx.s("), type ");
        cx.u(if ul & 0x8000_0000 != 0 { 2 } else { 1 });
        cx.s(", metric");
        if ul & 0x00ff_ffff == 0x00ff_ffff {
            cx.s(" infinite");
        } else {
            cx.b(b' ');
            cx.u((ul & 0x00ff_ffff) as u64);
        }
        let fwd = b.range(p + 4, 4)?;
        if fwd != [0, 0, 0, 0] {
            cx.s(", forward ");
            cx.ipv4(fwd);
        }
        let tag = b.range(p + 8, 4)?;
        if tag != [0, 0, 0, 0] {
            cx.s(", tag ");
            cx.ipv4(tag);
        }
        p += 12;
    }
    Ok(())
}
