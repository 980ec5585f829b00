//! PIM version 2 (RFC 7761; bootstrap RFC 5059): the message type, and
//! with `-v` the checksum and each message's fields.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, IpPayload};

static TYPES: &[(u8, &str)] = &[
    (0, "Hello"),
    (1, "Register"),
    (2, "Register Stop"),
    (3, "Join / Prune"),
    (4, "Bootstrap"),
    (5, "Assert"),
    (6, "Graft"),
    (7, "Graft Acknowledgement"),
    (8, "Candidate RP Advertisement"),
    (9, "Prune Refresh"),
    (10, "DF Election"),
];

static HELLO_OPTIONS: &[(u16, &str)] = &[
    (1, "Hold Time"),
    (2, "LAN Prune Delay"),
    (18, "DR Priority (Old)"),
    (19, "DR Priority"),
    (20, "Generation ID"),
    (21, "State Refresh Capability"),
    (22, "Bi-Directional Capable"),
    (24, "Address List"),
    (65001, "Address List (Old)"),
];

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "pim";
    let d = p.data;
    let first = d.u8_at(0)?;
    cx.proto = "pimv2";
    let version = first >> 4;
    let t = first & 0x0f;
    if version != 2 {
        cx.s("PIMv");
        cx.u(version as u64);
        cx.s(", length ");
        cx.u(p.length as u64);
        return Ok(());
    }
    cx.s("PIMv2, ");
    let name = tables::lookup(TYPES, t);
    if cx.opts.verbose == 0 {
        match name {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown Type (");
                cx.u(t as u64);
                cx.b(b')');
            }
        }
        cx.s(", length ");
        cx.u(p.length as u64);
        return Ok(());
    }
    cx.s("length ");
    cx.u(p.length as u64);
    cx.s("\n\t");
    match name {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown Type (");
            cx.u(t as u64);
            cx.b(b')');
        }
    }
    // A reserved octet not 0 is taken for the RFC 2117 encoding, whose
    // encoded addresses are not decoded.
    let rfc2117 = d.u8_at(1)? & 0x0f != 0;
    if rfc2117 {
        cx.s(", RFC2117-encoding");
    }
    let cksum = d.be16(2)?;
    // The checksum covers the whole message, only the header for Register.
    let covered = if t == 1 { 8 } else { p.length };
    cx.s(", cksum 0x");
    fmt::put_hex_padded(cx.out, cksum as u64, 4);
    // Verified only when what it covers was captured.
    // (A Register's over IPv4 when its header was.)
    let ip4_register = t == 1 && !p.net.is_v6();
    match d
        .get(..covered)
        .filter(|_| ip4_register || d.len() >= p.length)
    {
        Some(m) if !p.fragmented => {
            let sum = if p.net.is_v6() {
                p.net.transport_cksum(103, m)
            } else {
                fold(ones_sum(m))
            };
            cx.s(if sum == 0 {
                " (correct)"
            } else {
                " (incorrect)"
            });
        }
        _ => cx.s(" (unverified)"),
    }
    let body = d.get(4..p.length.min(d.len())).unwrap_or(&[]);
    let blen = p.length.saturating_sub(4);
    let enc = Enc { rfc2117 };
    match t {
        0 => hello(cx, body, blen, enc),
        1 => register(cx, d, p.length),
        2 => {
            cx.s(" group=");
            let n = group(cx, body, 0, enc)?;
            cx.s(" source=");
            unicast(cx, body, n, enc)?;
            Ok(())
        }
        4 => bootstrap(cx, body, blen, enc),
        8 => candidate_rp(cx, body, blen, enc),
        _ => Ok(()),
    }
}

/// Hello options: `b` the captured body, `blen` its length; an option
/// header within the length but not captured is a truncation.
fn hello(cx: &mut Ctx, mut b: &[u8], mut blen: usize, enc: Enc) -> R {
    while b.len() >= 4 || (blen >= 4 && b.len() < blen) {
        let t = b.be16(0)?;
        let len = b.be16(2)? as usize;
        cx.s("\n\t  ");
        match tables::lookup(HELLO_OPTIONS, t) {
            Some(n) => cx.s(n),
            None => cx.s("Unknown"),
        }
        cx.s(" Option (");
        cx.u(t as u64);
        cx.s("), length ");
        cx.u(len as u64);
        cx.s(", Value: ");
        let v = b.range(4, len)?;
        let want = match t {
            1 => Some(2),
            2 | 19 | 20 | 21 => Some(4),
            _ => None,
        };
        if want.is_some_and(|w| w != len) {
            cx.s("[option length ");
            cx.u(len as u64);
            cx.s(" != ");
            cx.u(want.unwrap_or(0) as u64);
            cx.s("] (invalid)");
            return Ok(());
        } else {
            match t {
                1 => {
                    let h = v.be16(0)?;
                    if h == 0xffff {
                        cx.s("infinity");
                    } else {
                        cx.relts(h as u32);
                    }
                }
                2 => {
                    let delay = v.be16(0)?;
                    cx.s("T-bit=");
                    cx.u((delay >> 15) as u64);
                    cx.s(", LAN delay ");
                    cx.u((delay & 0x7fff) as u64);
                    cx.s("ms, Override interval ");
                    cx.u(v.be16(2)? as u64);
                    cx.s("ms");
                }
                18 | 19 => cx.u(v.be32(0)? as u64),
                20 => {
                    cx.s("0x");
                    fmt::put_hex_padded(cx.out, v.be32(0)? as u64, 8);
                }
                21 => {
                    cx.b(b'v');
                    cx.u(v.u8_at(0)? as u64);
                }
                24 | 65001 => {
                    let mut at = 0;
                    while at < v.len() {
                        cx.s("\n\t    ");
                        at = unicast(cx, v, at, enc)?;
                    }
                }
                _ => {}
            }
        }
        if cx.opts.verbose > 2 && !v.is_empty() {
            hexdump::hex(cx.out, b"\n\t    ", v, 0);
        }
        b = &b[4 + len..];
        blen = blen.saturating_sub(4 + len);
    }
    Ok(())
}

fn register(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let flags = d.be32(4)?;
    cx.s(", Flags [ ");
    let mut any = false;
    for (bit, name) in [(0x8000_0000u32, "Border"), (0x4000_0000, "Null")] {
        if flags & bit != 0 {
            if any {
                cx.b(b' ');
            }
            cx.s(name);
            any = true;
        }
    }
    if !any {
        cx.s("none");
    }
    cx.s(" ]");
    cx.s("\n\t");
    if flags & 0x4000_0000 != 0 {
        return Ok(());
    }
    let inner = d.get(8..).unwrap_or(&[]);
    let Some(&first) = inner.first() else {
        cx.trunc_marker();
        return Ok(());
    };
    // IPv4 and IPv6 print as far as captured; another version only with
    // a whole IPv4 header.
    let t = match first >> 4 {
        4 => 0x0800,
        6 => 0x86dd,
        _ if inner.len() < 20 => {
            cx.trunc_marker();
            return Ok(());
        }
        v => {
            cx.s("IP ver ");
            cx.u(v as u64);
            return Ok(());
        }
    };
    cx.net_names = true;
    dispatch::ethertype(cx, t, inner, length.saturating_sub(8))?;
    Ok(())
}

/// How the message's addresses are encoded.
#[derive(Clone, Copy)]
struct Enc {
    /// RFC 2117's: not decoded (shown as a truncation).
    rfc2117: bool,
}

/// An encoded unicast address (family, encoding, address); the offset
/// after it. Other families and encodings than the native one end the
/// message as a truncation.
fn unicast(cx: &mut Ctx, b: &[u8], at: usize, enc: Enc) -> R<usize> {
    if enc.rfc2117 {
        return Err(Trunc);
    }
    let family = b.u8_at(at)?;
    if b.u8_at(at + 1)? != 0 {
        return Err(Trunc);
    }
    match family {
        1 => {
            cx.ipv4(b.range(at + 2, 4)?);
            Ok(at + 6)
        }
        2 => {
            cx.ipv6(b.range(at + 2, 16)?);
            Ok(at + 18)
        }
        _ => Err(Trunc),
    }
}

/// An encoded group address: `addr` or `addr/len`; the offset after it.
fn group(cx: &mut Ctx, b: &[u8], at: usize, enc: Enc) -> R<usize> {
    if enc.rfc2117 {
        return Err(Trunc);
    }
    let family = b.u8_at(at)?;
    if b.u8_at(at + 1)? != 0 {
        return Err(Trunc);
    }
    let flags = b.u8_at(at + 2)?;
    let mask = b.u8_at(at + 3)?;
    let (alen, full) = match family {
        1 => (4usize, 32u8),
        2 => (16, 128),
        _ => return Err(Trunc),
    };
    let a = b.range(at + 4, alen)?;
    if alen == 4 {
        cx.ipv4(a);
    } else {
        cx.ipv6(a);
    }
    if mask != full {
        cx.b(b'/');
        cx.u(mask as u64);
    }
    if flags & !0x81 != 0 {
        // Other bits: the octet in hex.
        cx.s("(0x");
        fmt::put_hex2(cx.out, flags);
        cx.b(b')');
    } else {
        if flags & 0x80 != 0 {
            cx.s("(bidirectional)");
        }
        if flags & 0x01 != 0 {
            cx.s("(scoped)");
        }
    }
    Ok(at + 4 + alen)
}

/// `blen` is the body's length (the groups and RPs are read to it, as
/// far as captured).
fn bootstrap(cx: &mut Ctx, b: &[u8], blen: usize, enc: Enc) -> R {
    let tag = b.be16(0)?;
    cx.s(" tag=");
    fmt::put_hex(cx.out, tag as u64);
    cx.s(" hashmlen=");
    cx.u(b.u8_at(2)? as u64);
    // The priority is shown with the BSR's address family.
    b.range(3, 2)?;
    cx.s(" BSRprio=");
    cx.u(b[3] as u64);
    cx.s(" BSR=");
    let mut at = unicast(cx, b, 4, enc)?;
    let mut gi = 0;
    while at < blen {
        cx.s(" (group");
        cx.u(gi);
        cx.s(": ");
        at = group(cx, b, at, enc)?;
        let rpcnt = b.u8_at(at)?;
        cx.s(" RPcnt=");
        cx.u(rpcnt as u64);
        let frpcnt = b.u8_at(at + 1)?;
        cx.s(" FRPcnt=");
        cx.u(frpcnt as u64);
        at += 4;
        for j in 0..frpcnt {
            if at >= blen {
                break;
            }
            cx.s(" RP");
            cx.u(j as u64);
            cx.b(b'=');
            at = unicast(cx, b, at, enc)?;
            cx.s(",holdtime=");
            cx.relts(b.be16(at)? as u32);
            cx.s(",prio=");
            cx.u(b.u8_at(at + 2)? as u64);
            at += 4;
        }
        cx.b(b')');
        gi += 1;
    }
    Ok(())
}

fn candidate_rp(cx: &mut Ctx, b: &[u8], blen: usize, enc: Enc) -> R {
    let cnt = b.u8_at(0)?;
    cx.s(" prefix-cnt=");
    cx.u(cnt as u64);
    cx.s(" prio=");
    cx.u(b.u8_at(1)? as u64);
    cx.s(" holdtime=");
    cx.relts(b.be16(2)? as u32);
    cx.s(" RP=");
    let mut at = unicast(cx, b, 4, enc)?;
    for i in 0..cnt {
        if at >= blen {
            break;
        }
        cx.s(" Group");
        cx.u(i as u64);
        cx.b(b'=');
        at = group(cx, b, at, enc)?;
    }
    Ok(())
}
