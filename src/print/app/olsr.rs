//! OLSR (RFC 3626) on UDP port 698, with the link-quality extensions and
//! the olsrd smart-gateway HNA encoding: the packet header, and with `-v`
//! the messages.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    olsr(cx, p.captured, p.length, p.net.is_v6())?;
    Ok(true)
}

fn msg_name(t: u8) -> &'static str {
    match t {
        1 => "Hello",
        2 => "TC",
        3 => "MID",
        4 => "HNA",
        128 => "Powerinfo",
        130 => "Nameservice",
        201 => "Hello-LQ",
        202 => "TC-LQ",
        _ => "Unknown",
    }
}

/// A mantissa/exponent time (RFC 3626 18.3) in seconds.
fn me_to_secs(me: u8) -> f64 {
    1.0 / 16.0 * (1.0 + ((me >> 4) & 0xf) as f64 / 16.0) * (1u32 << (me & 0xf)) as f64
}

fn secs(cx: &mut Ctx, me: u8) {
    cx.s(&format!("{:.3}s", me_to_secs(me)));
}

fn olsr(cx: &mut Ctx, d: &[u8], length: usize, v6: bool) -> R {
    cx.proto = "olsr";
    cx.s(if v6 { "OLSRv6" } else { "OLSRv4" });
    if length < 4 {
        cx.s(" [packet length ");
        cx.u(length as u64);
        cx.s(" < 4] (invalid)");
        return Ok(());
    }
    let length = length.min(d.be16(0)? as usize);
    let seq = d.be16(2)?;
    cx.s(", seq 0x");
    fmt::put_hex_padded(cx.out, seq as u64, 4);
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    let (alen, mhdr) = if v6 { (16, 24) } else { (4, 12) };
    let mut at = 4;
    while at < length {
        let h = d.range(at, mhdr)?;
        let t = h[0];
        let mlen = h.be16(2)? as usize;
        let valid = mlen >= mhdr && mlen <= length;
        if t == 0 || mlen == 0 {
            return Ok(());
        }
        cx.s("\n\t");
        cx.s(msg_name(t));
        cx.s(" Message (0x");
        fmt::put_hex2(cx.out, t);
        cx.s("), originator ");
        if v6 {
            cx.ipv6(&h[4..20]);
        } else {
            cx.ipv4(&h[4..8]);
        }
        cx.s(", ttl ");
        cx.u(h[4 + alen] as u64);
        cx.s(", hop ");
        cx.u(h[5 + alen] as u64);
        cx.s("\n\t  vtime ");
        secs(cx, h[1]);
        cx.s(", msg-seq 0x");
        fmt::put_hex_padded(cx.out, h.be16(6 + alen)? as u64, 4);
        cx.s(", length ");
        cx.u(mlen as u64);
        if !valid {
            cx.s(" (invalid)");
            return Ok(());
        }
        if !message(cx, d, t, at + mhdr, mlen - mhdr, v6)? {
            return Err(Trunc);
        }
        at += mlen;
    }
    Ok(())
}

/// A message body; `false` when it is cut short.
fn message(cx: &mut Ctx, d: &[u8], t: u8, mut p: usize, mut left: usize, v6: bool) -> R<bool> {
    let alen = if v6 { 16 } else { 4 };
    match t {
        1 | 201 => {
            if left < 4 || !d.has(p, 4) {
                return Ok(false);
            }
            cx.s("\n\t  hello-time ");
            secs(cx, d[p + 2]);
            cx.s(", MPR willingness ");
            cx.u(d[p + 3] as u64);
            p += 4;
            left -= 4;
            while left >= 4 {
                if !d.has(p, 4) {
                    return Ok(false);
                }
                let code = d[p];
                let mut hl = d.be16(p + 2)? as usize;
                let valid = hl <= left && hl >= 4;
                cx.s("\n\t    link-type ");
                cx.s(match code & 3 {
                    0 => "Unspecified",
                    1 => "Asymmetric",
                    2 => "Symmetric",
                    _ => "Lost",
                });
                cx.s(", neighbor-type ");
                cx.s(match code >> 2 {
                    0 => "Not-Neighbor",
                    1 => "Symmetric",
                    2 => "Symmetric-MPR",
                    _ => "Unknown",
                });
                cx.s(", len ");
                cx.u(hl as u64);
                if !valid {
                    cx.s(" (invalid)");
                    break;
                }
                p += 4;
                left -= 4;
                hl -= 4;
                if !d.has(p, hl) {
                    return Ok(false);
                }
                if t == 1 {
                    neighbors(cx, d, p, hl, alen);
                } else {
                    lq_neighbors(cx, d, p, hl, alen);
                }
                p += hl;
                left -= hl;
            }
        }
        2 | 202 => {
            if left < 4 || !d.has(p, 4) {
                return Ok(false);
            }
            cx.s("\n\t    advertised neighbor seq 0x");
            fmt::put_hex_padded(cx.out, d.be16(p)? as u64, 4);
            p += 4;
            left -= 4;
            if !d.has(p, left) {
                // The neighbors are read one by one; stop where the
                // capture does.
                let n = d.len().saturating_sub(p);
                if t == 2 {
                    neighbors(cx, d, p, n - n % 4, alen);
                } else {
                    lq_neighbors(cx, d, p, n - n % (alen + 4), alen);
                }
                return Err(Trunc);
            }
            if t == 2 {
                neighbors(cx, d, p, left, alen);
            } else {
                lq_neighbors(cx, d, p, left, alen);
            }
        }
        3 => {
            while left >= alen {
                let a = d.range(p, alen)?;
                cx.s("\n\t  interface address ");
                if v6 {
                    cx.ipv6(a);
                } else {
                    cx.ipv4(a);
                }
                p += alen;
                left -= alen;
            }
        }
        4 => hna(cx, d, p, left, v6)?,
        130 => {
            if left < 4 {
                return Ok(false);
            }
            let n = d.be16(p + 2)? as usize;
            let ver = d.be16(p)?;
            let valid = n > 0 && n * (4 + alen) <= left;
            cx.s("\n\t  Version ");
            cx.u(ver as u64);
            cx.s(", Entries ");
            cx.u(n as u64);
            if !valid {
                cx.s(" (invalid)");
                return Ok(true);
            }
            p += 4;
            left -= 4;
            for i in 0..n {
                if left < 4 {
                    break;
                }
                let et = d.be16(p)?;
                let el = d.be16(p + 2)? as usize;
                p += 4;
                left -= 4;
                let ok = el > 0 && alen + el <= left;
                cx.s("\n\t    #");
                cx.u(i as u64);
                cx.s(": type ");
                if et == 0 {
                    cx.s("000000");
                } else {
                    cx.s("0x");
                    fmt::put_hex_padded(cx.out, et as u64, 4);
                }
                cx.s(", length ");
                cx.u(el as u64);
                if !ok {
                    cx.s(" (invalid)");
                    break;
                }
                let pad = (4 - el % 4) % 4;
                if left < alen + el + pad {
                    return Ok(false);
                }
                d.range(p, alen + el + pad)?;
                cx.s(", address ");
                if v6 {
                    cx.ipv6(&d[p..p + 16]);
                } else {
                    cx.ipv4(&d[p..p + 4]);
                }
                cx.s(", name \"");
                for &c in &d[p + alen..p + alen + el] {
                    fmt::put_safe_char(cx.out, c);
                }
                cx.b(b'"');
                p += alen + el + pad;
                left -= alen + el + pad;
            }
        }
        _ => {
            let s = p.min(d.len());
            let e = (p + left).min(d.len());
            hexdump::hex(cx.out, b"\n\t    ", &d[s..e], 0);
        }
    }
    Ok(true)
}

/// Neighbor addresses on one line (tcpdump never breaks it).
/// Plain neighbors: IPv4 addresses, as the snapshot reads them over
/// IPv6 too (`_alen` unused).
fn neighbors(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: usize, _alen: usize) {
    let alen = 4;
    cx.s("\n\t      neighbor\n\t\t");
    while left >= alen {
        let a = &d[p..p + alen];
        cx.ipv4(a);
        cx.b(b' ');
        p += alen;
        left -= alen;
    }
}

fn lq_neighbors(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: usize, alen: usize) {
    while left >= alen + 4 {
        let a = &d[p..p + alen];
        cx.s("\n\t      neighbor ");
        if alen == 4 {
            cx.ipv4(a);
        } else {
            cx.ipv6(a);
        }
        let lq = d[p + alen] as f64 / 2.55;
        let nlq = d[p + alen + 1] as f64 / 2.55;
        cx.s(&format!(
            ", link-quality {lq:.2}%, neighbor-link-quality {nlq:.2}%"
        ));
        p += alen + 4;
        left -= alen + 4;
    }
}

/// The smart gateway link speed encoding of olsrd.
fn gw_speed(v: u8) -> u32 {
    if v == 0 {
        return 0;
    }
    if v == u8::MAX {
        return 320_000_000;
    }
    let mut speed = (v as u32 >> 3) + 1;
    for _ in 0..(v & 7) {
        speed *= 10;
    }
    speed
}

fn hna(cx: &mut Ctx, d: &[u8], mut p: usize, mut left: usize, v6: bool) -> R {
    let esize = if v6 { 32 } else { 8 };
    cx.s("\n\t  Advertised networks (total ");
    cx.u((left / esize) as u64);
    cx.b(b')');
    let mut col = 0;
    while left >= esize {
        let e = d.range(p, esize)?;
        if v6 {
            cx.s("\n\t    #0: ");
            cx.ipv6(&e[..16]);
            cx.b(b'/');
            let mut plen = 0;
            for &b in &e[16..32] {
                if b == 0xff {
                    plen += 8;
                } else {
                    // Only a contiguous mask byte counts.
                    let ones = b.leading_ones();
                    if b == !(0xffu8.checked_shr(ones).unwrap_or(0)) {
                        plen += ones;
                    }
                    break;
                }
            }
            cx.u(plen as u64);
        } else {
            cx.s(if col == 0 { "\n\t    " } else { ", " });
            let m = &e[4..8];
            if e[..4] == [0, 0, 0, 0] && m[0] == 0 && m[1] != 0 {
                let f = m[1];
                cx.s("Smart-Gateway:");
                for (bit, name) in [
                    (1, " LINKSPEED"),
                    (2, " IPV4"),
                    (4, " IPV4-NAT"),
                    (8, " IPV6"),
                    (16, " IPv6-PREFIX"),
                ] {
                    if f & bit != 0 {
                        cx.s(name);
                    }
                }
                let (up, down) = if f & 1 != 0 {
                    (gw_speed(m[2]), gw_speed(m[3]))
                } else {
                    (0, 0)
                };
                cx.b(b' ');
                cx.u(up as u64);
                cx.b(b'/');
                cx.u(down as u64);
            } else {
                cx.ipv4(&e[..4]);
                cx.b(b'/');
                let mask = u32::from_be_bytes([m[0], m[1], m[2], m[3]]);
                let n = mask.leading_ones();
                if n == 32 || mask << n == 0 {
                    cx.u(n as u64);
                } else {
                    cx.u(u32::MAX as u64);
                }
            }
            col = (col + 1) % 4;
        }
        p += esize;
        left -= esize;
    }
    Ok(())
}
