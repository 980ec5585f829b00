//! HNCP, the Home Networking Control Protocol (RFC 7788, on DNCP RFC
//! 7787), UDP port 8231: the TLVs, nested ones indented (or summarized
//! on one line at low verbosity).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const RESERVED: u32 = 0x10000;
const UNASSIGNED: u32 = 0x10001;
const PRIVATE_USE: u32 = 0x10002;
const FUTURE_USE: u32 = 0x10003;

fn type_name(t: u32) -> Option<&'static str> {
    Some(match t {
        1 => "Request network state",
        2 => "Request node state",
        3 => "Node endpoint",
        4 => "Network state",
        5 => "Node state",
        8 => "Peer",
        9 => "Keep-alive interval",
        10 => "Trust-Verdict",
        32 => "HNCP-Version",
        33 => "External-Connection",
        34 => "Delegated-Prefix",
        43 => "Prefix-Policy",
        37 => "DHCPv4-Data",
        38 => "DHCPv6-Data",
        35 => "Assigned-Prefix",
        36 => "Node-Address",
        39 => "DNS-Delegated-Zone",
        40 => "Domain-Name",
        41 => "Node-Name",
        42 => "Managed-PSK",
        RESERVED => "Reserved",
        UNASSIGNED => "Unassigned",
        PRIVATE_USE => "Private use",
        FUTURE_USE => "Future use",
        _ => return None,
    })
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "hncp";
    cx.s("hncp (");
    cx.u(p.length as u64);
    cx.b(b')');
    rec(cx, p.body, 0, p.length, 1)?;
    Ok(true)
}

fn tabs(cx: &mut Ctx, n: usize) {
    cx.b(b'\n');
    for _ in 0..n {
        cx.b(b'\t');
    }
}

fn invalid(cx: &mut Ctx) {
    cx.s(" (invalid)");
}

fn nid(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let b = d.range(at, 4)?;
    for (i, &c) in b.iter().enumerate() {
        if i > 0 {
            cx.b(b':');
        }
        fmt::put_hex2(cx.out, c);
    }
    Ok(())
}

fn interval(cx: &mut Ctx, ms: u32) {
    cx.u((ms / 1000) as u64);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, (ms % 1000) as u64, 3, b'0');
    cx.b(b's');
}

fn hex64(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    for &c in d.range(at, 8)? {
        fmt::put_hex2(cx.out, c);
    }
    Ok(())
}

const MAPPED: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/// An IPv6 address, or the IPv4 address it maps.
fn ip6addr(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let a = d.range(at, 16)?;
    if a[..12] == MAPPED {
        cx.ipv4(&a[12..]);
    } else {
        cx.ipv6(a);
    }
    Ok(())
}

/// A prefix (length byte, then the bytes); the bytes it took, -1 for a
/// bad length, -3 when it runs past `max`.
fn prefix(cx: &mut Ctx, d: &[u8], at: usize, max: usize) -> R<i64> {
    let plen = d.u8_at(at)? as usize;
    if plen >= 96 && max >= 13 && d.range(at + 1, 12)? == MAPPED {
        let plen = plen - 96;
        if plen > 32 {
            return Ok(-1);
        }
        let n = plen.div_ceil(8);
        if max - 1 < n + 12 {
            return Ok(-3);
        }
        let mut a = [0u8; 4];
        a[..n].copy_from_slice(d.range(at + 13, n)?);
        if plen % 8 != 0 {
            a[n - 1] &= (0xff00u16 >> (plen % 8)) as u8;
        }
        cx.ipv4(&a);
        cx.b(b'/');
        cx.u(plen as u64);
        return Ok((1 + 12 + n) as i64);
    }
    if max < 1 {
        return Ok(-2);
    }
    if plen > 128 {
        return Ok(-1);
    }
    let n = plen.div_ceil(8);
    if max - 1 < n {
        return Ok(-3);
    }
    let mut a = [0u8; 16];
    a[..n].copy_from_slice(d.range(at + 1, n)?);
    if plen % 8 != 0 {
        a[n - 1] &= (0xff00u16 >> (plen % 8)) as u8;
    }
    cx.ipv6(&a);
    cx.b(b'/');
    cx.u(plen as u64);
    Ok((1 + n) as i64)
}

/// Printable bytes up to `n` or a NUL.
fn printjzp(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        let c = d.u8_at(at + i)?;
        if c == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, c);
    }
    Ok(())
}

/// DNS labels joined by dots; the bytes they took, or -1 (after
/// `[|DNS]`) when they run past `max`.
fn dns_label(cx: &mut Ctx, d: &[u8], at: usize, max: usize) -> R<i64> {
    let mut len = 0;
    while len < max {
        let l = d.u8_at(at + len)? as usize;
        len += 1;
        if l == 0 {
            return Ok(len as i64);
        }
        if len > 1 {
            cx.b(b'.');
        }
        if len + l > max {
            printjzp(cx, d, at + len, max - len)?;
            break;
        }
        printjzp(cx, d, at + len, l)?;
        len += l;
    }
    cx.s("[|DNS]");
    Ok(-1)
}

/// A domain name in DNS wire form (no compression) with its trailing
/// dot; `None` if it runs past `end`.
fn fqdn(cx: &mut Ctx, d: &[u8], mut at: usize, end: usize) -> R<Option<usize>> {
    loop {
        if at >= end {
            return Ok(None);
        }
        let l = d.u8_at(at)? as usize;
        at += 1;
        if l == 0 {
            if cx.out.last() != Some(&b'.') {
                cx.b(b'.');
            }
            return Ok(Some(at));
        }
        if l > 63 || at + l > end {
            return Ok(None);
        }
        for i in 0..l {
            fmt::put_safe_char(cx.out, d.u8_at(at + i)?);
        }
        cx.b(b'.');
        at += l;
    }
}

fn in_line(cx: &Ctx, indent: usize) -> bool {
    let v = cx.opts.verbose as usize;
    indent - 1 >= v && v < 3
}

fn type_in_line(cx: &mut Ctx, mask: u32, count: i64, indent: usize, first: &mut bool) {
    if count <= 0 {
        return;
    }
    if *first {
        *first = false;
        if indent > 1 {
            tabs(cx, indent);
        } else {
            cx.b(b' ');
        }
    } else {
        cx.s(", ");
    }
    cx.s(type_name(mask).unwrap_or("Easter Egg"));
    if count > 1 {
        cx.s(" (x");
        cx.u(count as u64);
        cx.b(b')');
    }
}

/// The TLVs in `len` bytes at `at`.
fn rec(cx: &mut Ctx, d: &[u8], at: usize, len: usize, indent: usize) -> R {
    let inl = in_line(cx, indent);
    let mut first = true;
    let mut last_mask = u32::MAX;
    let mut last_count: i64 = -1;
    let mut i = 0;
    while i < len {
        let tlv = at + i;
        if !inl {
            tabs(cx, indent);
        }
        if !d.has(tlv, 4) {
            cx.trunc_marker();
            return Ok(());
        }
        if i + 4 > len {
            invalid(cx);
            return Ok(());
        }
        let t = d.be16(tlv)?;
        let bl = d.be16(tlv + 2)? as usize;
        let v = tlv + 4;
        if !d.has(v, bl) {
            cx.trunc_marker();
            return Ok(());
        }
        if i + bl + 4 > len {
            invalid(cx);
            return Ok(());
        }
        let mut mask = match t {
            0 => RESERVED,
            44..=511 => UNASSIGNED,
            768..=1023 => PRIVATE_USE,
            _ => FUTURE_USE,
        };
        if t == 6 || t == 7 {
            mask = FUTURE_USE;
        }
        if t != 0 && type_name(t as u32).is_some() {
            mask = t as u32;
        }
        if inl {
            if last_mask == mask {
                last_count += 1;
            } else {
                type_in_line(cx, last_mask, last_count, indent, &mut first);
                last_mask = mask;
                last_count = 1;
            }
        } else {
            cx.s(type_name(mask).unwrap_or("Easter Egg (42)"));
            if mask > 0xffff {
                cx.s(": type=");
                cx.u(t as u64);
            }
            cx.s(" (");
            cx.u((bl + 4) as u64);
            cx.b(b')');
            if !tlv_body(cx, d, mask, v, bl, indent)? {
                invalid(cx);
                return Ok(());
            }
        }
        i += 4 + bl.div_ceil(4) * 4;
    }
    type_in_line(cx, last_mask, last_count, indent, &mut first);
    Ok(())
}

/// A TLV's value; `false` when the whole list is invalid.
fn tlv_body(cx: &mut Ctx, d: &[u8], t: u32, v: usize, bl: usize, indent: usize) -> R<bool> {
    match t {
        1 => {
            if bl != 0 {
                invalid(cx);
            }
        }
        2 => {
            if bl != 4 {
                invalid(cx);
            } else {
                cx.s(" NID: ");
                nid(cx, d, v)?;
            }
        }
        3 => {
            if bl != 8 {
                invalid(cx);
            } else {
                cx.s(" NID: ");
                nid(cx, d, v)?;
                cx.s(" EPID: ");
                fmt::put_hex_padded(cx.out, d.be32(v + 4)? as u64, 8);
            }
        }
        4 => {
            if bl != 8 {
                invalid(cx);
            } else {
                cx.s(" hash: ");
                hex64(cx, d, v)?;
            }
        }
        5 => {
            if bl < 20 {
                invalid(cx);
            } else {
                cx.s(" NID: ");
                nid(cx, d, v)?;
                cx.s(" seqno: ");
                cx.u(d.be32(v + 4)? as u64);
                cx.b(b' ');
                interval(cx, d.be32(v + 8)?);
                cx.s(" hash: ");
                hex64(cx, d, v + 12)?;
                rec(cx, d, v + 20, bl - 20, indent + 1)?;
            }
        }
        8 => {
            if bl != 12 {
                invalid(cx);
            } else {
                cx.s(" Peer-NID: ");
                nid(cx, d, v)?;
                cx.s(" Peer-EPID: ");
                fmt::put_hex_padded(cx.out, d.be32(v + 4)? as u64, 8);
                cx.s(" Local-EPID: ");
                fmt::put_hex_padded(cx.out, d.be32(v + 8)? as u64, 8);
            }
        }
        9 => {
            if bl < 8 {
                invalid(cx);
            } else {
                cx.s(" EPID: ");
                fmt::put_hex_padded(cx.out, d.be32(v)? as u64, 8);
                cx.s(" Interval: ");
                interval(cx, d.be32(v + 4)?);
            }
        }
        10 => {
            if bl <= 36 {
                invalid(cx);
            } else {
                cx.s(" Verdict: ");
                cx.u(d.u8_at(v)? as u64);
                cx.s(" Fingerprint: ");
                for &c in d.range(v + 4, 32)? {
                    fmt::put_hex2(cx.out, c);
                }
                cx.s(" Common Name: ");
                printjzp(cx, d, v + 36, bl - 36)?;
            }
        }
        32 => {
            if bl < 5 {
                invalid(cx);
            } else {
                let c = d.be16(v + 2)?;
                cx.s(" M: ");
                cx.u(((c >> 12) & 0xf) as u64);
                cx.s(" P: ");
                cx.u(((c >> 8) & 0xf) as u64);
                cx.s(" H: ");
                cx.u(((c >> 4) & 0xf) as u64);
                cx.s(" L: ");
                cx.u((c & 0xf) as u64);
                cx.s(" User-agent: ");
                printjzp(cx, d, v + 4, bl - 4)?;
            }
        }
        33 => rec(cx, d, v, bl, indent + 1)?,
        34 => {
            if bl < 9 || bl < 9 + (d.u8_at(v + 8)? as usize).div_ceil(8) {
                invalid(cx);
            } else {
                cx.s(" VLSO: ");
                interval(cx, d.be32(v)?);
                cx.s(" PLSO: ");
                interval(cx, d.be32(v + 4)?);
                cx.s(" Prefix: ");
                let l = prefix(cx, d, v + 8, bl - 8)?;
                if l == -1 {
                    cx.s("(length is invalid)");
                } else if l < 0 {
                    invalid(cx);
                } else {
                    let mut l = l as usize + 8;
                    l += (4 - l % 4) % 4;
                    if bl >= l {
                        rec(cx, d, v + l, bl - l, indent + 1)?;
                    }
                }
            }
        }
        43 => {
            if bl < 1 {
                invalid(cx);
            } else {
                let pol = d.u8_at(v)?;
                cx.s(" type: ");
                match pol {
                    0 => {
                        if bl != 1 {
                            invalid(cx);
                        } else {
                            cx.s("Internet connectivity");
                        }
                    }
                    1..=128 => {
                        cx.s("Dest-Prefix: ");
                        let l = prefix(cx, d, v, bl)?;
                        if l == -1 {
                            cx.s("(length is invalid)");
                        } else if l < 0 {
                            invalid(cx);
                        }
                    }
                    129 => {
                        cx.s("DNS domain: ");
                        dns_label(cx, d, v + 1, bl - 1)?;
                    }
                    130 => {
                        cx.s("Opaque UTF-8: ");
                        printjzp(cx, d, v + 1, bl - 1)?;
                    }
                    131 => {
                        if bl != 1 {
                            invalid(cx);
                        } else {
                            cx.s("Restrictive assignment");
                        }
                    }
                    _ => {
                        cx.s("Unknown (");
                        cx.u(pol as u64);
                        cx.b(b')');
                    }
                }
            }
        }
        37 => {
            if bl == 0 {
                invalid(cx);
            } else if !dhcpv4(cx, d, v, bl, indent + 1)? {
                return Ok(false);
            }
        }
        38 => {
            if bl == 0 {
                invalid(cx);
            } else if !dhcpv6(cx, d, v, bl, indent + 1)? {
                invalid(cx);
            }
        }
        35 => {
            if bl < 6 || bl < 6 + (d.u8_at(v + 5)? as usize).div_ceil(8) {
                invalid(cx);
            } else {
                cx.s(" EPID: ");
                fmt::put_hex_padded(cx.out, d.be32(v)? as u64, 8);
                cx.s(" Prty: ");
                cx.u((d.u8_at(v + 4)? & 0xf) as u64);
                cx.s(" Prefix: ");
                let l = prefix(cx, d, v + 5, bl - 5)?;
                if l < 0 {
                    invalid(cx);
                } else {
                    let mut l = l as usize + 5;
                    l += (4 - l % 4) % 4;
                    if bl >= l {
                        rec(cx, d, v + l, bl - l, indent + 1)?;
                    }
                }
            }
        }
        36 => {
            if bl < 20 {
                invalid(cx);
            } else {
                let e = d.be32(v)?;
                cx.s(" EPID: ");
                fmt::put_hex_padded(cx.out, e as u64, 8);
                cx.s(" IP Address: ");
                ip6addr(cx, d, v + 4)?;
                rec(cx, d, v + 20, bl - 20, indent + 1)?;
            }
        }
        39 => {
            if bl < 17 {
                invalid(cx);
            } else {
                cx.s(" IP-Address: ");
                ip6addr(cx, d, v)?;
                let f = d.u8_at(v + 16)?;
                cx.b(b' ');
                cx.b(if f & 4 != 0 { b'l' } else { b'-' });
                cx.b(if f & 2 != 0 { b'b' } else { b'-' });
                cx.b(if f & 1 != 0 { b's' } else { b'-' });
                cx.b(b' ');
                let l = dns_label(cx, d, v + 17, bl - 17)?;
                if l < 0 {
                    invalid(cx);
                } else {
                    let mut l = l as usize + 17;
                    l += (4 - l % 4) % 4;
                    if bl >= l {
                        rec(cx, d, v + l, bl - l, indent + 1)?;
                    }
                }
            }
        }
        40 => {
            if bl == 0 {
                invalid(cx);
            } else {
                cx.s(" Domain: ");
                dns_label(cx, d, v, bl)?;
            }
        }
        41 => {
            if bl < 17 {
                invalid(cx);
            } else {
                let l = d.u8_at(v + 16)? as usize;
                if bl < 17 + l {
                    invalid(cx);
                } else {
                    cx.s(" IP-Address: ");
                    ip6addr(cx, d, v)?;
                    cx.s(" Name: ");
                    if l < 64 {
                        cx.b(b'"');
                        printjzp(cx, d, v + 17, l)?;
                        cx.b(b'"');
                    } else {
                        invalid(cx);
                    }
                    let mut l = l + 17;
                    l += (4 - l % 4) % 4;
                    if bl >= l {
                        rec(cx, d, v + l, bl - l, indent + 1)?;
                    }
                }
            }
        }
        42 => {
            if bl < 32 {
                invalid(cx);
            } else {
                cx.s(" PSK: ");
                for &c in d.range(v, 32)? {
                    fmt::put_hex2(cx.out, c);
                }
                rec(cx, d, v + 32, bl - 32, indent + 1)?;
            }
        }
        _ => {}
    }
    Ok(true)
}

/// DHCPv4 options; `false` when they are malformed.
fn dhcpv4(cx: &mut Ctx, d: &[u8], at: usize, len: usize, indent: usize) -> R<bool> {
    let mut i = 0;
    while i < len {
        if i + 2 > len {
            return Ok(false);
        }
        let t = d.u8_at(at + i)?;
        let l = d.u8_at(at + i + 1)? as usize;
        let v = at + i + 2;
        tabs(cx, indent);
        cx.s(match t {
            6 => "DNS-server",
            42 => "NTP-server",
            119 => "DNS-search",
            _ => "Unknown",
        });
        cx.s(" (");
        cx.u((l + 2) as u64);
        cx.b(b')');
        if i + 2 + l > len {
            return Ok(false);
        }
        match t {
            6 | 42 => {
                if l < 4 || l % 4 != 0 {
                    return Ok(false);
                }
                for k in (0..l).step_by(4) {
                    let a = d.range(v + k, 4)?;
                    cx.b(b' ');
                    cx.ipv4(a);
                }
            }
            119 => {
                let mut p = v;
                while p < v + l {
                    cx.b(b' ');
                    match fqdn(cx, d, p, v + l)? {
                        Some(n) => p = n,
                        None => return Ok(false),
                    }
                }
            }
            _ => {}
        }
        i += 2 + l;
    }
    Ok(true)
}

/// DHCPv6 options; `false` when they are malformed.
fn dhcpv6(cx: &mut Ctx, d: &[u8], at: usize, len: usize, indent: usize) -> R<bool> {
    let mut i = 0;
    while i < len {
        if i + 4 > len {
            return Ok(false);
        }
        let t = d.be16(at + i)?;
        let l = d.be16(at + i + 2)? as usize;
        let v = at + i + 4;
        tabs(cx, indent);
        cx.s(match t {
            23 => "DNS-server",
            24 => "DNS-search-list",
            31 => "SNTP-servers",
            _ => "Unknown",
        });
        cx.s(" (");
        cx.u((l + 4) as u64);
        cx.b(b')');
        if i + 4 + l > len {
            return Ok(false);
        }
        match t {
            23 | 31 => {
                if l % 16 != 0 {
                    invalid(cx);
                    return Ok(false);
                }
                for k in (0..l).step_by(16) {
                    let a = d.range(v + k, 16)?;
                    cx.b(b' ');
                    cx.ipv6(a);
                }
            }
            24 => {
                let mut p = v;
                while p < v + l {
                    cx.b(b' ');
                    match fqdn(cx, d, p, v + l)? {
                        Some(n) => p = n,
                        None => return Ok(false),
                    }
                }
            }
            _ => {}
        }
        i += 4 + l;
    }
    Ok(true)
}
