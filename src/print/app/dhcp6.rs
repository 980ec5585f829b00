//! DHCPv6 (RFC 8415) on UDP ports 546 and 547: the message type, and with
//! `-v` the transaction id and every option (nested in IA_NA, IA_ADDR and
//! relay messages).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// Message names the snapshot knows (later types are `msgtype-N`).
const MESSAGE_TYPES: [&str; 16] = [
    "",
    "solicit",
    "advertise",
    "request",
    "confirm",
    "renew",
    "rebind",
    "reply",
    "release",
    "decline",
    "reconfigure",
    "inf-req",
    "relay-fwd",
    "relay-reply",
    "leasequery",
    "leasequery-reply",
];

const RELAY_FORW: u8 = 12;
const RELAY_REPL: u8 = 13;

/// Option names (RFC 8415 and the registry).
static OPTIONS: &[(u16, &str)] = &[
    (1, "client-ID"),
    (2, "server-ID"),
    (3, "IA_NA"),
    (4, "IA_TA"),
    (5, "IA_ADDR"),
    (6, "option-request"),
    (7, "preference"),
    (8, "elapsed-time"),
    (9, "relay-message"),
    (11, "authentication"),
    (12, "server-unicast"),
    (13, "status-code"),
    (14, "rapid-commit"),
    (15, "user-class"),
    (16, "vendor-class"),
    (17, "vendor-specific-info"),
    (18, "interface-ID"),
    (19, "reconfigure-message"),
    (20, "reconfigure-accept"),
    (21, "SIP-servers-domain"),
    (22, "SIP-servers-address"),
    (23, "DNS-server"),
    (24, "DNS-search-list"),
    (25, "IA_PD"),
    (26, "IA_PD-prefix"),
    (27, "NIS-server"),
    (28, "NIS+-server"),
    (29, "NIS-domain-name"),
    (30, "NIS+-domain-name"),
    (31, "SNTP-servers"),
    (32, "lifetime"),
    (33, "BCMCS-domain-name"),
    (34, "BCMCS-server"),
    (36, "Geoconf-Civic"),
    (37, "Remote-ID"),
    (38, "Subscriber-ID"),
    (39, "Client-FQDN"),
    (40, "PANA-agent"),
    (41, "POSIX-timezone"),
    (42, "POSIX-tz-database"),
    (43, "Echo-request-option"),
    (44, "Lease-query"),
    (45, "LQ-client-data"),
    (46, "Clt-time"),
    (47, "LQ-relay-data"),
    (48, "LQ-client-link"),
    (56, "NTP-server"),
    (59, "Bootfile-URL"),
    (64, "AFTR-Name"),
    (112, "MUD-URL"),
    (136, "SZTP-redirect"),
];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "dhcp6";
    cx.s("dhcp6");
    if !p.body.has(0, 4) {
        cx.trunc_marker();
        return Ok(true);
    }
    message(cx, p.body, p.captured, true)?;
    Ok(true)
}

/// A message (also inside a relay-message option); at the top, options
/// cut short end with ` [|dhcp6])`. `fixed`, the bytes captured from the
/// message on, holds a relay message's addresses (read even past the
/// length, as tcpdump's bounds checks allow); `d` is cut to the length.
fn message(cx: &mut Ctx, d: &[u8], fixed: &[u8], top: bool) -> R {
    if d.len() < 4 {
        cx.trunc_marker();
        return Ok(());
    }
    let t = d.u8_at(0)?;
    cx.b(b' ');
    match MESSAGE_TYPES.get(t as usize).filter(|n| !n.is_empty()) {
        Some(n) => cx.s(n),
        None => {
            cx.s("msgtype-");
            cx.u(t as u64);
        }
    }
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    if t == RELAY_FORW || t == RELAY_REPL {
        cx.s(" (");
        let link = fixed.range(2, 16)?;
        cx.s("linkaddr=");
        cx.ipv6(link);
        let peer = fixed.range(18, 16)?;
        cx.s(" peeraddr=");
        cx.ipv6(peer);
        let r = options(cx, d.get(34..).unwrap_or(&[]));
        return close(cx, r, top);
    }
    cx.s(" (xid=");
    fmt::put_hex(cx.out, (d.be32(0)? & 0x00ff_ffff) as u64);
    let r = options(cx, d.get(4..).unwrap_or(&[]));
    close(cx, r, top)
}

/// The `)` after a message's options, after the truncation marker when
/// they were cut short (at the top level).
fn close(cx: &mut Ctx, r: R, top: bool) -> R {
    match r {
        Err(e) if !top => return Err(e),
        Err(_) => cx.trunc_marker(),
        Ok(()) => {}
    }
    cx.b(b')');
    Ok(())
}

fn option_name(cx: &mut Ctx, code: u16) {
    match tables::lookup(OPTIONS, code) {
        Some(n) => cx.s(n),
        None => {
            cx.s("opt_");
            cx.u(code as u64);
        }
    }
}

fn hex(cx: &mut Ctx, b: &[u8]) {
    for &c in b {
        fmt::put_hex2(cx.out, c);
    }
}

/// Hex of at most 10 bytes and `...` (all of them with -vv).
fn short_hex(cx: &mut Ctx, b: &[u8]) {
    if cx.opts.verbose > 1 || b.len() <= 10 {
        hex(cx, b);
    } else {
        hex(cx, &b[..10]);
        cx.s("...");
    }
}

fn text(cx: &mut Ctx, b: &[u8]) {
    for &c in b {
        fmt::put_safe_char(cx.out, c);
    }
}

/// ` (name ...)` for each option in `d`; an option that does not fit
/// ends the list with ` [|dhcp6]` (the enclosing list goes on).
fn options(cx: &mut Ctx, mut d: &[u8]) -> R {
    while !d.is_empty() {
        let (Ok(code), Ok(len)) = (d.be16(0), d.be16(2)) else {
            cx.trunc_marker();
            return Ok(());
        };
        let len = len as usize;
        let Some(body) = d.get(4..4 + len) else {
            cx.trunc_marker();
            return Ok(());
        };
        cx.s(" (");
        option_name(cx, code);
        if too_short(code, body) {
            cx.s(" ?");
            cx.b(b')');
        } else if option(cx, code, body)? {
            cx.b(b')');
        }
        d = &d[4 + len..];
    }
    Ok(())
}

/// Whether an option is too short (or of a bad length) for its type:
/// tcpdump then shows ` ?` for its value.
fn too_short(code: u16, b: &[u8]) -> bool {
    let n = b.len();
    match code {
        1 | 2 => match b {
            [0, 1, ..] => n < 8,
            [0, 2, ..] => n < 6,
            [0, 3, ..] => n < 4,
            _ => n < 2,
        },
        3 | 25 => n < 12,
        4 => n < 4,
        5 => n < 24,
        26 => n < 25,
        6 => n % 2 != 0,
        7 => n != 1,
        8 => n != 2,
        13 => n < 2,
        16 | 17 => n < 4,
        32 | 46 => n != 4,
        19 => n != 1,
        37 => n < 4,
        41 | 42 => n < 5,
        43 => n % 2 != 0,
        47 => n < 16,
        112 => n < 8,
        21 | 22 | 23 | 27 | 28 | 31 | 34 | 40 | 48 => n % 16 != 0,
        _ => false,
    }
}

/// An option's value; false when its `)` is not to follow (a vendor
/// class item that overruns leaves the option open, as tcpdump does).
fn option(cx: &mut Ctx, code: u16, b: &[u8]) -> R<bool> {
    match code {
        1 | 2 => duid(cx, b)?,
        3 | 25 => {
            cx.s(" IAID:");
            cx.u(b.be32(0)? as u64);
            cx.s(" T1:");
            cx.u(b.be32(4)? as u64);
            cx.s(" T2:");
            cx.u(b.be32(8)? as u64);
            options(cx, &b[12..])?;
        }
        4 => {
            cx.s(" IAID:");
            cx.u(b.be32(0)? as u64);
            options(cx, &b[4..])?;
        }
        5 => {
            cx.b(b' ');
            cx.ipv6(b.range(0, 16)?);
            cx.s(" pltime:");
            cx.u(b.be32(16)? as u64);
            cx.s(" vltime:");
            cx.u(b.be32(20)? as u64);
            options(cx, &b[24..])?;
        }
        26 => {
            cx.b(b' ');
            cx.ipv6(b.range(9, 16)?);
            cx.b(b'/');
            cx.u(b.u8_at(8)? as u64);
            cx.s(" pltime:");
            cx.u(b.be32(0)? as u64);
            cx.s(" vltime:");
            cx.u(b.be32(4)? as u64);
            options(cx, &b[25..])?;
        }
        37 => {
            cx.s(" enterprise ");
            cx.u(b.be32(0)? as u64);
            cx.b(b' ');
            short_hex(cx, &b[4..]);
        }
        38 => {
            cx.b(b' ');
            short_hex(cx, b);
        }
        41 | 42 => {
            cx.b(b' ');
            text(cx, b.split(|&c| c == 0).next().unwrap_or(&[]));
        }
        46 => {
            cx.b(b' ');
            cx.u(b.be32(0)? as u64);
        }
        47 => {
            cx.b(b' ');
            cx.ipv6(b.range(0, 16)?);
            cx.b(b' ');
            hex(cx, &b[16..]);
        }
        6 | 43 => {
            for c in b.chunks_exact(2) {
                cx.b(b' ');
                option_name(cx, u16::from_be_bytes([c[0], c[1]]));
            }
        }
        7 => {
            cx.b(b' ');
            cx.u(b.u8_at(0)? as u64);
        }
        8 => {
            cx.b(b' ');
            cx.u(b.be16(0)? as u64);
        }
        9 => {
            // The relayed message; tcpdump leaves its parenthesis open.
            cx.s(" (dhcp6");
            message(cx, b, b, false)?;
        }
        12 | 21 | 22 | 23 | 27 | 28 | 31 | 34 | 40 | 48 => {
            for a in b.chunks_exact(16) {
                cx.b(b' ');
                cx.ipv6(a);
            }
        }
        13 => {
            cx.b(b' ');
            let code = b.be16(0)?;
            cx.s(match code {
                0 => "success",
                1 => "unspec failure",
                2 => "no addresses",
                3 => "no binding",
                4 => "not on-link",
                5 => "use multicast",
                6 => "no prefixes",
                _ => "unknown",
            });
            cx.s(" \"");
            text(cx, &b[2..]);
            cx.b(b'"');
        }
        15 => {
            // Length-prefixed user classes, `;`-separated.
            cx.b(b' ');
            let mut at = 0;
            let mut first = true;
            while at + 2 <= b.len() {
                let l = b.be16(at)? as usize;
                let s = b.range(at + 2, l)?;
                if !first {
                    cx.b(b';');
                }
                first = false;
                text(cx, s);
                at += 2 + l;
            }
        }
        16 => {
            cx.s(" enterprise ");
            cx.u(b.be32(0)? as u64);
            let mut at = 4;
            while at + 2 <= b.len() {
                let l = b.be16(at)? as usize;
                cx.s(" (len ");
                cx.u(l as u64);
                let Some(s) = b.get(at + 2..at + 2 + l) else {
                    cx.s(" ? ?)");
                    return Ok(false);
                };
                if l > 0 {
                    cx.s(" data ");
                    text(cx, s);
                }
                cx.b(b')');
                at += 2 + l;
            }
        }
        17 => {
            cx.s(" enterprise ");
            cx.u(b.be32(0)? as u64);
            let mut at = 4;
            while at + 4 <= b.len() {
                let c = b.be16(at)?;
                let l = b.be16(at + 2)? as usize;
                cx.s(" (code ");
                cx.u(c as u64);
                cx.s(" len ");
                cx.u(l as u64);
                // An item past the option leaves it open, as a vendor
                // class item does.
                let Some(s) = b.get(at + 4..at + 4 + l) else {
                    cx.s(" ? ?)");
                    return Ok(false);
                };
                cx.s(" data ");
                if cx.opts.verbose > 1 || s.len() <= 10 {
                    hex(cx, s);
                } else {
                    hex(cx, &s[..10]);
                    cx.s("...");
                }
                cx.b(b')');
                at += 4 + l;
            }
        }
        18 => {
            cx.b(b' ');
            hex(cx, &b[..b.len().min(20)]);
        }
        24 | 29 | 30 => names(cx, b),
        32 => {
            cx.b(b' ');
            cx.u(b.be32(0)? as u64);
        }
        19 => {
            cx.s(" for ");
            match b[0] {
                5 => cx.s("renew"),
                11 => cx.s("inf-req"),
                v => {
                    cx.s("???(");
                    fmt::put_hex2(cx.out, v);
                    cx.b(b')');
                }
            }
        }
        112 => {
            cx.b(b' ');
            text(cx, b.split(|&c| c == 0).next().unwrap_or(&[]));
        }
        59 => {
            cx.b(b' ');
            text(cx, b);
        }
        136 => {
            // URIs, each after a two-byte length, comma-separated.
            cx.b(b' ');
            let mut at = 0;
            let mut first = true;
            while at + 2 <= b.len() {
                let l = b.be16(at)? as usize;
                let s = b.range(at + 2, l)?;
                if !first {
                    cx.b(b',');
                }
                first = false;
                text(cx, s);
                at += 2 + l;
            }
        }
        _ => {}
    }
    Ok(true)
}

/// DUIDs (RFC 8415 11): link-layer plus time, enterprise, link-layer,
/// UUID (RFC 6355).
fn duid(cx: &mut Ctx, b: &[u8]) -> R {
    match b.be16(0)? {
        1 => {
            cx.s(" hwaddr/time type ");
            cx.u(b.be16(2)? as u64);
            cx.s(" time ");
            cx.u(b.be32(4)? as u64);
            cx.b(b' ');
            hex(cx, &b[8..]);
        }
        2 => {
            cx.s(" enterprise ");
            cx.u(b.be32(2)? as u64);
            cx.b(b' ');
            hex(cx, &b[6..]);
        }
        3 => {
            cx.s(" hwaddr type ");
            cx.u(b.be16(2)? as u64);
            cx.b(b' ');
            hex(cx, &b[4..]);
        }
        4 => {
            cx.s(" uuid ");
            if b.len() == 18 {
                hex(cx, &b[2..]);
            } else {
                cx.s(" ?");
            }
        }
        t => {
            cx.s(" type ");
            cx.u(t as u64);
        }
    }
    Ok(())
}

/// Domain names in DNS label form (no compression), space-separated.
/// Domain names, each after a space (none for the root).
fn names(cx: &mut Ctx, b: &[u8]) {
    let mut at = 0;
    while at < b.len() {
        if b[at] != 0 {
            cx.b(b' ');
        }
        loop {
            let Some(&l) = b.get(at) else { return };
            at += 1;
            if l == 0 {
                break;
            }
            let Some(label) = b.get(at..at + l as usize) else {
                return;
            };
            text(cx, label);
            cx.b(b'.');
            at += l as usize;
        }
    }
}
