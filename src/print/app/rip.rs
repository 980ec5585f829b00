//! RIP versions 1 (RFC 1058) and 2 (RFC 2453, authentication RFC 4822) on
//! UDP port 520: the header, and with `-v` the route entries.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static COMMANDS: &[(u8, &str)] = &[
    (1, "Request"),
    (2, "Response"),
    (3, "Trace on"),
    (4, "Trace off"),
    (6, "Triggered Request"),
    (7, "Triggered Response"),
    (8, "Triggered Acknowledgement"),
    (9, "Update Request"),
    (10, "Update Response"),
    (11, "Update Acknowledge"),
];

/// BSD address family numbers.
static FAMILIES: &[(u16, &str)] = &[
    (2, "IPv4"),
    (6, "NS"),
    (7, "ISO"),
    (16, "Appletalk"),
    (23, "IPX"),
    (24, "IPv6"),
    (28, "IPv6"),
    (30, "IPv6"),
];

const ROUTE_LEN: usize = 20;

fn family(cx: &mut Ctx, f: u16, unknown_prefix: bool) {
    match tables::lookup(FAMILIES, f) {
        Some(n) => cx.s(n),
        None => {
            if unknown_prefix {
                cx.s("Unknown (");
            }
            cx.u(f as u64);
            if unknown_prefix {
                cx.b(b')');
            }
        }
    }
}

/// ` [what N < M]`: a length check that failed.
fn short(cx: &mut Ctx, what: &str, n: usize, min: usize) {
    cx.bad_len(what, n as u64, "<", min as u64);
}

/// The prefix length of a contiguous mask, -1 otherwise.
fn mask2plen(mask: u32) -> i64 {
    if mask == 0 {
        return 0;
    }
    let plen = mask.leading_ones();
    if mask.checked_shl(plen).unwrap_or(0) == 0 {
        plen as i64
    } else {
        -1
    }
}

/// A version 1 entry; its length, or 0 if invalid.
fn entry_v1(cx: &mut Ctx, d: &[u8], left: usize) -> R<usize> {
    if left < ROUTE_LEN {
        short(cx, "remaining data length", left, ROUTE_LEN);
        return Ok(0);
    }
    d.range(0, ROUTE_LEN)?;
    let f = d.be16(0)?;
    if f != 2 && f != 0 {
        cx.s("\n\t AFI ");
        family(cx, f, true);
        cx.s(", ");
        unknown_data(cx, &d[4..], "\n\t  ", ROUTE_LEN - 4);
        return Ok(ROUTE_LEN);
    }
    if d.be16(2)? != 0 || d.be32(8)? != 0 || d.be32(12)? != 0 {
        unknown_data(cx, d, "\n\t  ", ROUTE_LEN);
        return Ok(ROUTE_LEN);
    }
    let metric = d.be32(16)?;
    cx.s(if f == 0 { "\n\t  AFI 0, " } else { "\n\t  " });
    cx.ipv4(&d[4..8]);
    cx.s(", metric: ");
    cx.u(metric as u64);
    Ok(ROUTE_LEN)
}

/// A version 2 entry (or authentication); its length, or 0 if invalid.
fn entry_v2(cx: &mut Ctx, d: &[u8], left: usize) -> R<usize> {
    if left < 4 {
        short(cx, "remaining data length", left, 4);
        return Ok(0);
    }
    d.range(0, 4)?;
    let f = d.be16(0)?;
    if f == 0xffff {
        let auth = d.be16(2)?;
        let p = &d[4..];
        let left = left - 4;
        match auth {
            2 => {
                cx.s("\n\t  Simple Text Authentication data: ");
                for i in 0..16 {
                    let c = p.u8_at(i)?;
                    if c == 0 {
                        break;
                    }
                    fmt::put_safe_char(cx.out, c);
                }
            }
            3 => {
                if left < 16 {
                    short(cx, "remaining data length", left, 16);
                    return Ok(0);
                }
                // Each field is read before its label prints.
                cx.s("\n\t  Auth header:");
                let fields: [(&str, usize, usize, &str); 6] = [
                    (" Packet Len ", 0, 2, ","),
                    (" Key-ID ", 2, 1, ","),
                    (" Auth Data Len ", 3, 1, ","),
                    (" SeqNo ", 4, 4, ","),
                    (" MBZ ", 8, 4, ","),
                    (" MBZ ", 12, 4, ""),
                ];
                for (label, at, n, sep) in fields {
                    let v = p
                        .range(at, n)?
                        .iter()
                        .fold(0u64, |a, &b| (a << 8) | b as u64);
                    cx.s(label);
                    cx.u(v);
                    cx.s(sep);
                }
            }
            1 => {
                cx.s("\n\t  Auth trailer:");
                unknown_data(cx, p, "\n\t  ", left);
                return Ok(4 + left);
            }
            _ => {
                cx.s("\n\t  Unknown (");
                cx.u(auth as u64);
                cx.s(") Authentication data:");
                unknown_data(cx, p, "\n\t  ", left);
                return Ok(4 + left);
            }
        }
    } else if f != 2 && f != 0 {
        cx.s("\n\t  AFI ");
        family(cx, f, true);
        unknown_data(cx, &d[4..], "\n\t  ", ROUTE_LEN - 4);
    } else {
        if left < ROUTE_LEN {
            short(cx, "remaining data length", left, ROUTE_LEN);
            return Ok(0);
        }
        let dest = d.range(4, 4)?;
        let plen = mask2plen(d.be32(8)?);
        let tag = d.be16(2)?;
        let metric = d.be32(16)?;
        cx.s("\n\t  AFI ");
        family(cx, f, false);
        cx.s(", ");
        let mut addr = Vec::new();
        fmt::put_ipv4(&mut addr, dest);
        for _ in addr.len()..15 {
            cx.b(b' ');
        }
        cx.out.extend_from_slice(&addr);
        cx.b(b'/');
        let mut p = Vec::new();
        fmt::put_i64(&mut p, plen);
        let width = p.len();
        cx.out.extend_from_slice(&p);
        for _ in width..2 {
            cx.b(b' ');
        }
        cx.s(", tag 0x");
        fmt::put_hex_padded(cx.out, tag as u64, 4);
        cx.s(", metric: ");
        cx.u(metric as u64);
        cx.s(", next-hop: ");
        let router = d.range(12, 4)?;
        if router != [0, 0, 0, 0] {
            cx.ipv4(router);
        } else {
            cx.s("self");
        }
    }
    Ok(ROUTE_LEN)
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "rip";
    let v = cx.opts.verbose;
    if v > 0 {
        cx.s("\n\t");
    }
    cx.s("RIP");
    let d = p.captured;
    let mut len = p.length;
    if len < 4 {
        short(cx, "packet length", len, 4);
        return invalid(cx, d, 0, len).map(|_| true);
    }
    let vers = d.u8_at(1)?;
    cx.b(b'v');
    cx.u(vers as u64);
    if vers != 1 && vers != 2 {
        cx.s(" [version != 1 && version != 2]");
        return invalid(cx, d, 0, len).map(|_| true);
    }
    let cmd = d.u8_at(0)?;
    cx.s(", ");
    match tables::lookup(COMMANDS, cmd) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown command (");
            cx.u(cmd as u64);
            cx.b(b')');
        }
    }
    cx.s(", length: ");
    cx.u(len as u64);
    d.range(0, 4)?;
    if v < 1 {
        return Ok(true);
    }
    let mut at = 4;
    len -= 4;
    match cmd {
        1 | 2 => {
            cx.s(", routes: ");
            cx.u((len / ROUTE_LEN) as u64);
            if vers == 2 {
                cx.s(" or less");
            }
            while len != 0 {
                let rest = d.get(at..).unwrap_or(&[]);
                let n = if vers == 1 {
                    entry_v1(cx, rest, len)?
                } else {
                    entry_v2(cx, rest, len)?
                };
                if n == 0 {
                    return invalid(cx, d, at, len).map(|_| true);
                }
                if len < n {
                    short(cx, "remaining entries length", len, n);
                    return invalid(cx, d, at, len).map(|_| true);
                }
                at += n;
                len -= n;
            }
        }
        3 | 4 | 6..=11 => {}
        _ => {
            if v <= 1 {
                unknown_data(cx, d.get(at..).unwrap_or(&[]), "\n\t", len);
            }
        }
    }
    if v > 1 && d.has(at, len) {
        unknown_data(cx, &d[at..], "\n\t", len);
    }
    Ok(true)
}
