//! OSPFv3 (RFC 5340) with `-v`: the header's router and area, the packet
//! types, and with `-vv` the LSA headers and LSAs.

use crate::print::core::prelude::*;

const HDR: usize = 16;
const LSA_HDR: usize = 20;

static OPTIONS: &[(u32, &str)] = &[
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

static RLA_FLAGS: &[(u32, &str)] = &[
    (0x01, "ABR"),
    (0x02, "External"),
    (0x04, "Virtual-Link Endpoint"),
    (0x08, "Deprecated"),
    (0x10, "NSSA Translator"),
];

static PREFIX_OPTIONS: &[(u32, &str)] = &[
    (0x01, "No Unicast"),
    (0x02, "Local address"),
    (0x04, "Deprecated"),
    (0x08, "Propagate"),
    (0x10, "Down"),
    (0x20, "N-bit"),
];

fn lsa_name(t: u16) -> &'static str {
    match t {
        1 => "Router",
        2 => "Network",
        3 => "Inter-Area Prefix",
        4 => "Inter-Area Router",
        5 => "External",
        6 => "Deprecated",
        7 => "NSSA",
        8 => "Link",
        9 => "Intra-Area Prefix",
        10 => "Intra-Area TE",
        11 => "Grace",
        12 => "Router Information",
        13 => "Inter-AS-TE",
        14 => "Layer 1 VPN",
        _ => "Unknown",
    }
}

fn v4(cx: &mut Ctx, label: &str, d: &[u8], at: usize) -> R {
    let a = d.range(at, 4)?;
    cx.s(label);
    cx.ipv4(a);
    Ok(())
}

/// What follows the OSPFv3 header (`d`: the packet from its header on,
/// `t`: its type, `length`: its length).
pub fn v3(cx: &mut Ctx, d: &[u8], length: usize, t: u8, version: u8) -> R {
    if !(1..=5).contains(&t) {
        return Ok(());
    }
    v4(cx, "\n\tRouter-ID ", d, 4)?;
    let area = d.range(8, 4)?;
    if area == [0, 0, 0, 0] {
        cx.s(", Backbone Area");
    } else {
        cx.s(", Area ");
        cx.ipv4(area);
    }
    let inst = d.u8_at(14)?;
    if inst != 0 {
        cx.s(", Instance ");
        cx.u(inst as u64);
    }
    if version != 3 {
        return Ok(());
    }
    let end = d.be16(2)? as usize;
    let vv = cx.opts.verbose > 1;
    let b = HDR;
    match t {
        1 => {
            let opts = d.be32(b + 4)?;
            cx.s("\n\tOptions [");
            cx.flag_names(opts, OPTIONS);
            cx.b(b']');
            let (hi, di) = (d.be16(b + 8)?, d.be16(b + 10)?);
            let ifid = d.range(b, 4)?;
            let prio = d.u8_at(b + 4)?;
            cx.s("\n\t  Hello Timer ");
            cx.u(hi as u64);
            cx.s("s, Dead Timer ");
            cx.u(di as u64);
            cx.s("s, Interface-ID ");
            cx.ipv4(ifid);
            cx.s(", Priority ");
            cx.u(prio as u64);
            if d.be32(b + 12)? != 0 {
                v4(cx, "\n\t  Designated Router ", d, b + 12)?;
            }
            if d.be32(b + 16)? != 0 {
                v4(cx, ", Backup Designated Router ", d, b + 16)?;
            }
            if vv {
                cx.s("\n\t  Neighbor List:");
                let mut at = b + 20;
                while at < end {
                    v4(cx, "\n\t    ", d, at)?;
                    at += 4;
                }
            }
        }
        2 => {
            let opts = d.be32(b)?;
            cx.s("\n\tOptions [");
            cx.flag_names(opts, OPTIONS);
            cx.b(b']');
            let flags = d.u8_at(b + 7)?;
            cx.s(", DD Flags [");
            cx.flag_names(flags as u32, DD_FLAGS);
            cx.b(b']');
            let mtu = d.be16(b + 4)?;
            let seq = d.be32(b + 8)?;
            cx.s(", MTU ");
            cx.u(mtu as u64);
            cx.s(", DD-Sequence 0x");
            fmt::put_hex_padded(cx.out, seq as u64, 8);
            if vv {
                let mut at = b + 12;
                while at < end {
                    lsa_header(cx, d, at)?;
                    at += LSA_HDR;
                }
            }
        }
        3 => {
            if vv {
                let mut at = b;
                while at < end {
                    v4(cx, "\n\t  Advertising Router ", d, at + 8)?;
                    ls_type(cx, d.be16(at + 2)?, d, at + 4)?;
                    at += 12;
                }
            }
        }
        4 => {
            if vv {
                let mut count = d.be32(b)?;
                let mut at = b + 4;
                while at < end && count > 0 {
                    count -= 1;
                    if !lsa(cx, d, at, end)? {
                        cx.trunc_marker();
                        return Ok(());
                    }
                    let l = d.be16(at + 18)? as usize;
                    if l == 0 {
                        break;
                    }
                    at += l;
                }
            }
        }
        5 => {
            if vv {
                let mut at = b;
                while at < end {
                    lsa_header(cx, d, at)?;
                    at += LSA_HDR;
                }
            }
        }
        _ => {}
    }
    if !trailer(cx, d, t, end, length.saturating_sub(end))? {
        cx.trunc_marker();
    }
    Ok(())
}

/// What follows the packet within the IPv6 payload: link-local
/// signalling (when the options say so), then an authentication trailer
/// (RFC 7166); `false` when it is cut short.
fn trailer(cx: &mut Ctx, d: &[u8], t: u8, at: usize, len: usize) -> R<bool> {
    let opts_at = match t {
        1 => Some(HDR + 4),
        2 => Some(HDR),
        _ => None,
    };
    let mut lls_len = 0;
    if let Some(o) = opts_at {
        if d.be32(o)? & 0x200 != 0 && len > 0 {
            if len < 4 {
                return Ok(false);
            }
            let ck = d.be16(at)?;
            cx.s("\n\tLLS Checksum 0x");
            fmt::put_hex_padded(cx.out, ck as u64, 4);
            let dl = d.be16(at + 2)? as usize;
            cx.s(", Data Length ");
            cx.u(dl as u64);
            if dl < 4 || dl > len {
                return Ok(false);
            }
            d.range(at + 4, dl - 4)?;
            lls_len = dl;
        }
    }
    let (at, len) = (at + lls_len, len - lls_len);
    if len == 0 {
        return Ok(true);
    }
    if len < 16 {
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
    if adl < 16 || adl > len {
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
    let data = d.range(at + 16, adl - 16)?;
    if cx.opts.verbose > 1 {
        hexdump::hex(cx.out, b"\n\tAuthentication Data ", data, 0);
    }
    Ok(true)
}

/// `\n\t    NAME LSA (N), SCOPE Scope, LSA-ID ...`.
fn ls_type(cx: &mut Ctx, t: u16, d: &[u8], id_at: usize) -> R {
    let id = d.range(id_at, 4)?;
    cx.s("\n\t    ");
    cx.s(lsa_name(t & 0x1fff));
    cx.s(" LSA (");
    cx.u((t & 0x1fff) as u64);
    cx.s("), ");
    cx.s(match t & 0x6000 {
        0x0000 => "Link Local",
        0x2000 => "Area Local",
        0x4000 => "Domain Wide",
        _ => "Unknown",
    });
    cx.s(" Scope");
    if t & 0x8000 != 0 {
        cx.s(", transitive");
    }
    cx.s(", LSA-ID ");
    cx.ipv4(id);
    Ok(())
}

fn lsa_header(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let l = d.be16(at + 18)?;
    if (l as usize) < LSA_HDR {
        cx.s("\n\t\t  Bogus length ");
        cx.u(l as u64);
        cx.s(" < header (20)");
        return Err(Trunc);
    }
    let router = d.range(at + 8, 4)?;
    let seq = d.be32(at + 12)?;
    let age = d.be16(at)?;
    let len = d.be16(at + 18)? as i64;
    cx.s("\n\t  Advertising Router ");
    cx.ipv4(router);
    cx.s(", seq 0x");
    fmt::put_hex_padded(cx.out, seq as u64, 8);
    cx.s(", age ");
    cx.u(age as u64);
    cx.s("s, length ");
    // tcpdump prints the unsigned difference as a size_t.
    fmt::put_u64(cx.out, (len - LSA_HDR as i64) as u64);
    ls_type(cx, d.be16(at + 2)?, d, at + 4)
}

/// An LSA; `false` when it ends the packet (truncation marker).
fn lsa(cx: &mut Ctx, d: &[u8], at: usize, end: usize) -> R<bool> {
    lsa_header(cx, d, at)?;
    let len = d.be16(at + 18)? as usize;
    if len < LSA_HDR {
        return Ok(false);
    }
    if at + len > end {
        return Ok(false);
    }
    let mut left = len - LSA_HDR;
    let mut p = at + LSA_HDR;
    let t = d.be16(at + 2)?;
    match t {
        0x2001 => {
            if left < 4 {
                return Ok(false);
            }
            left -= 4;
            let opts = d.be32(p)?;
            cx.s("\n\t      Options [");
            cx.flag_names(opts, OPTIONS);
            cx.s("], RLA-Flags [");
            cx.flag_names(d.u8_at(p)? as u32, RLA_FLAGS);
            cx.b(b']');
            p += 4;
            while left != 0 {
                if left < 16 {
                    return Ok(false);
                }
                left -= 16;
                d.range(p, 16)?;
                let lt = d.u8_at(p)?;
                let label = match lt {
                    4 => "\n\t      Virtual Link: Neighbor Router-ID ",
                    1 => "\n\t      Neighbor Router-ID ",
                    2 => "\n\t      Neighbor Network-ID ",
                    _ => {
                        cx.s("\n\t      Unknown Router Links Type 0x");
                        fmt::put_hex2(cx.out, lt);
                        return Ok(true);
                    }
                };
                let (nrt, nif, ifid) =
                    (d.range(p + 12, 4)?, d.range(p + 8, 4)?, d.range(p + 4, 4)?);
                cx.s(label);
                cx.ipv4(nrt);
                cx.s("\n\t      Neighbor Interface-ID ");
                cx.ipv4(nif);
                cx.s(", Interface ");
                cx.ipv4(ifid);
                let m = d.be16(p + 2)?;
                cx.s(", metric ");
                cx.u(m as u64);
                p += 16;
            }
        }
        0x2002 => {
            if left < 4 {
                return Ok(false);
            }
            left -= 4;
            let opts = d.be32(p)?;
            cx.s("\n\t      Options [");
            cx.flag_names(opts, OPTIONS);
            cx.s("]\n\t      Connected Routers:");
            p += 4;
            while left != 0 {
                if left < 4 {
                    return Ok(false);
                }
                left -= 4;
                v4(cx, "\n\t\t", d, p)?;
                p += 4;
            }
        }
        0x2003 => {
            if left < 4 {
                return Ok(false);
            }
            left -= 4;
            let m = d.be32(p)? & 0x00ff_ffff;
            cx.s(", metric ");
            cx.u(m as u64);
            p += 4;
            while left != 0 {
                match prefix(cx, d, p, left)? {
                    Some(n) => {
                        left -= n;
                        p += n;
                    }
                    None => return Ok(false),
                }
            }
        }
        0x4005 | 0x2007 => {
            if left < 4 {
                return Ok(false);
            }
            left -= 4;
            let flags = d.be32(p)?;
            cx.s("\n\t     Flags [");
            cx.flag_names(
                flags,
                &[
                    (0x0400_0000, "External Type 2"),
                    (0x0200_0000, "Forwarding"),
                    (0x0100_0000, "Tag"),
                ],
            );
            cx.s("] metric ");
            cx.u((flags & 0x00ff_ffff) as u64);
            p += 4;
            let pfx = p;
            let Some(n) = prefix(cx, d, p, left)? else {
                return Ok(false);
            };
            left -= n;
            p += n;
            if flags & 0x0200_0000 != 0 {
                if left < 16 {
                    return Ok(true);
                }
                left -= 16;
                let a = d.range(p, 16)?;
                cx.s(" forward ");
                cx.ipv6(a);
                p += 16;
            }
            if flags & 0x0100_0000 != 0 {
                if left < 4 {
                    return Ok(true);
                }
                left -= 4;
                v4(cx, " tag ", d, p)?;
                p += 4;
            }
            if d.u8_at(pfx + 1)? != 0 {
                if left < 4 {
                    return Ok(true);
                }
                v4(cx, " RefLSID: ", d, p)?;
            }
        }
        0x0008 => {
            if left < 4 {
                return Ok(false);
            }
            left -= 4;
            let opts = d.be32(p)? & 0x00ff_ffff;
            cx.s("\n\t      Options [");
            cx.flag_names(opts, OPTIONS);
            cx.b(b']');
            if left < 20 {
                return Ok(false);
            }
            left -= 20;
            let prio = d.u8_at(p)?;
            let ll = d.range(p + 4, 16)?;
            let mut n = d.be32(p + 20)?;
            cx.s("\n\t      Priority ");
            cx.u(prio as u64);
            cx.s(", Link-local address ");
            cx.ipv6(ll);
            cx.s(", Prefixes ");
            cx.u(n as u64);
            cx.b(b':');
            p += 24;
            while n > 0 {
                match prefix(cx, d, p, left)? {
                    Some(k) => {
                        left -= k;
                        p += k;
                    }
                    None => return Ok(false),
                }
                n -= 1;
            }
        }
        0x2009 => {
            if left < 4 {
                return Ok(false);
            }
            left -= 4;
            d.range(p + 8, 4)?;
            ls_type(cx, d.be16(p + 2)?, d, p + 4)?;
            if left < 2 {
                return Ok(false);
            }
            left -= 2;
            let mut n = d.be16(p)?;
            cx.s("\n\t      Prefixes ");
            cx.u(n as u64);
            cx.b(b':');
            // Prefix count, LS type, link state id, advertising router.
            p += 12;
            while n > 0 {
                match prefix(cx, d, p, left)? {
                    Some(k) => {
                        left -= k;
                        p += k;
                    }
                    None => return Ok(false),
                }
                n -= 1;
            }
        }
        _ => {
            let s = p.min(d.len());
            let e = (p + left).min(d.len());
            hexdump::hex(cx.out, b"\n\t      ", &d[s..e], 0);
        }
    }
    Ok(true)
}

/// An LSA prefix: `\n\t\tPREFIX/LEN[, Options [...]], metric N`; the
/// bytes it took, `None` when it does not fit.
fn prefix(cx: &mut Ctx, d: &[u8], p: usize, left: usize) -> R<Option<usize>> {
    if left < 4 {
        return Ok(None);
    }
    d.range(p, 4)?;
    let plen = d.u8_at(p)?;
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
    let opt = d.u8_at(p + 1)?;
    if opt != 0 {
        cx.s(", Options [");
        cx.flag_names(opt as u32, PREFIX_OPTIONS);
        cx.b(b']');
    }
    cx.s(", metric ");
    cx.u(d.be16(p + 2)? as u64);
    Ok(Some(4 + words * 4))
}
