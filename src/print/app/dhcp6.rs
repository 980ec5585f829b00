//! DHCPv6 (RFC 8415) on UDP ports 546 and 547: the message type, and with
//! `-v` the transaction id and every option (nested in IA_NA, IA_ADDR and
//! relay messages).

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, PortPayload};

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

/// Status codes (RFC 8415, RFC 3633, RFC 5007).
const STATUS_CODES: [&str; 11] = [
    "Success",
    "UnspecFail",
    "NoAddrsAvail",
    "NoBinding",
    "NotOnLink",
    "UseMulticast",
    "NoPrefixAvail",
    "UnknownQueryType",
    "MalformedQuery",
    "NotConfigured",
    "NotAllowed",
];

/// Options holding a list of IPv6 addresses.
const ADDRESS_LISTS: [u16; 8] = [22, 23, 27, 28, 31, 34, 40, 48];

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
    message(cx, p.captured, 0, p.length)?;
    Ok(true)
}

/// A message at `at` in `d` (the captured bytes: their end is where reads
/// stop), `length` long; also inside a relay-message option.
fn message(cx: &mut Ctx, d: &[u8], at: usize, length: usize) -> R {
    cx.proto = "dhcp6";
    cx.s("dhcp6");
    let ep = d.len().min(at + length);
    if !d.has(at, 4) {
        cx.trunc_marker();
        return Ok(());
    }
    let t = d[at];
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
    cx.s(" (");
    if t == RELAY_FORW || t == RELAY_REPL {
        let link = d.range(at + 2, 16)?;
        cx.s("linkaddr=");
        cx.ipv6(link);
        let peer = d.range(at + 18, 16)?;
        cx.s(" peeraddr=");
        cx.ipv6(peer);
        options(cx, d, at + 34, ep)?;
    } else {
        cx.s("xid=");
        fmt::put_hex(cx.out, (d.be32(at)? & 0x00ff_ffff) as u64);
        options(cx, d, at + 4, ep)?;
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

/// Text, escaped; up to a NUL if `to_nul`.
fn text(cx: &mut Ctx, b: &[u8], to_nul: bool) {
    for &c in b {
        if to_nul && c == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, c);
    }
}

/// ` (name ...)` for each option from `cp` to `ep`; an option that does
/// not fit ends the list with ` [|dhcp6]` (the enclosing list goes on).
fn options(cx: &mut Ctx, d: &[u8], mut cp: usize, ep: usize) -> R {
    while cp < ep {
        if ep < cp + 4 {
            cx.trunc_marker();
            return Ok(());
        }
        let len = d.be16(cp + 2)? as usize;
        if ep < cp + 4 + len {
            cx.trunc_marker();
            return Ok(());
        }
        let code = d.be16(cp)?;
        cx.s(" (");
        option_name(cx, code);
        if !option(cx, d, code, cp + 4, len)? {
            // A name list or NTP suboption cut short ends the list.
            cx.trunc_marker();
            return Ok(());
        }
        cp += 4 + len;
    }
    Ok(())
}

/// An option's value (`len` bytes at `tp`) and its closing parenthesis;
/// `Ok(false)` where the list of options ends.
fn option(cx: &mut Ctx, d: &[u8], code: u16, tp: usize, len: usize) -> R<bool> {
    let v = &d[tp..tp + len];
    let end = tp + len;
    let bad = |cx: &mut Ctx| cx.s(" ?)");
    match code {
        1 | 2 => duid(cx, v),
        5 if len < 24 => bad(cx),
        5 => {
            cx.b(b' ');
            cx.ipv6(&v[..16]);
            times(cx, &v[16..24]);
            if len > 24 {
                options(cx, d, tp + 24, end)?;
            }
            cx.b(b')');
        }
        6 | 43 if len % 2 != 0 => bad(cx),
        6 | 43 => {
            for c in v.chunks_exact(2) {
                cx.b(b' ');
                option_name(cx, u16::from_be_bytes([c[0], c[1]]));
            }
            cx.b(b')');
        }
        7 if len != 1 => bad(cx),
        7 => number(cx, v[0] as u64),
        8 if len != 2 => bad(cx),
        8 => number(cx, u16::from_be_bytes([v[0], v[1]]) as u64),
        9 => {
            cx.s(" (");
            // The nested message ends with the option.
            message(cx, &d[..end], tp, len)?;
            cx.b(b')');
        }
        11 if len < 11 => bad(cx),
        11 => auth(cx, v),
        18 | 38 => {
            cx.b(b' ');
            short_hex(cx, v);
            cx.b(b')');
        }
        19 if len != 1 => bad(cx),
        19 => match v[0] {
            5 => cx.s(" for renew)"),
            11 => cx.s(" for inf-req)"),
            t => {
                cx.s(" for ???(");
                fmt::put_hex2(cx.out, t);
                cx.s("))");
            }
        },
        c if ADDRESS_LISTS.contains(&c) => {
            if len % 16 != 0 {
                bad(cx);
            } else {
                for a in v.chunks_exact(16) {
                    cx.b(b' ');
                    cx.ipv6(a);
                }
                cx.b(b')');
            }
        }
        21 | 24 => {
            let mut p = tp;
            while p < end {
                cx.b(b' ');
                match dispatch::dns_name(cx, d, p, end)? {
                    Some(next) => p = next,
                    None => return Ok(false),
                }
            }
            cx.b(b')');
        }
        13 if len < 2 => bad(cx),
        13 => {
            let c = u16::from_be_bytes([v[0], v[1]]);
            cx.b(b' ');
            match STATUS_CODES.get(c as usize) {
                _ if c > 255 => cx.s("INVALID code"),
                Some(n) => cx.s(n),
                None => {
                    cx.s("code");
                    cx.u(c as u64);
                }
            }
            cx.b(b')');
        }
        3 | 25 if len < 12 => bad(cx),
        3 | 25 => {
            cx.s(" IAID:");
            cx.u(be32(v, 0) as u64);
            cx.s(" T1:");
            cx.u(be32(v, 4) as u64);
            cx.s(" T2:");
            cx.u(be32(v, 8) as u64);
            if len > 12 {
                options(cx, d, tp + 12, end)?;
            }
            cx.b(b')');
        }
        4 if len < 4 => bad(cx),
        4 => {
            cx.s(" IAID:");
            cx.u(be32(v, 0) as u64);
            if len > 4 {
                options(cx, d, tp + 4, end)?;
            }
            cx.b(b')');
        }
        26 if len < 25 => bad(cx),
        26 => {
            cx.b(b' ');
            cx.ipv6(&v[9..25]);
            cx.b(b'/');
            cx.u(v[8] as u64);
            times(cx, &v[..8]);
            if len > 25 {
                options(cx, d, tp + 25, end)?;
            }
            cx.b(b')');
        }
        32 | 46 if len != 4 => bad(cx),
        32 | 46 => number(cx, be32(v, 0) as u64),
        37 if len < 4 => bad(cx),
        37 => {
            cx.s(" enterprise ");
            cx.u(be32(v, 0) as u64);
            cx.b(b' ');
            short_hex(cx, &v[4..]);
            cx.b(b')');
        }
        44 if len < 17 => bad(cx),
        44 => {
            match v[0] {
                1 => cx.s(" by-address"),
                2 => cx.s(" by-clientID"),
                t => {
                    cx.s(" type_");
                    cx.u(t as u64);
                }
            }
            cx.b(b' ');
            cx.ipv6(&v[1..17]);
            if len > 17 {
                options(cx, d, tp + 17, end)?;
            }
            cx.b(b')');
        }
        45 => {
            if len > 0 {
                options(cx, d, tp, end)?;
            }
            cx.b(b')');
        }
        47 if len < 16 => bad(cx),
        47 => {
            cx.b(b' ');
            cx.ipv6(&v[..16]);
            cx.b(b' ');
            short_hex(cx, &v[16..]);
            cx.b(b')');
        }
        56 if len < 4 => bad(cx),
        56 => {
            if !ntp_server(cx, d, tp, end)? {
                return Ok(false);
            }
            cx.b(b')');
        }
        64 if len < 3 => bad(cx),
        64 => {
            aftr_name(cx, v);
            cx.b(b')');
        }
        41 | 42 | 112 if len < 5 => bad(cx),
        41 | 42 | 112 | 59 => {
            cx.b(b' ');
            text(cx, v, code != 59);
            cx.b(b')');
        }
        15 | 136 => {
            cx.b(b' ');
            let mut rest = v;
            let mut first = true;
            while rest.len() >= 2 {
                if !first {
                    cx.b(b',');
                }
                first = false;
                let l = u16::from_be_bytes([rest[0], rest[1]]) as usize;
                if l > rest.len() - 2 {
                    cx.s(" ?");
                    break;
                }
                text(cx, &rest[2..2 + l], false);
                rest = &rest[2 + l..];
            }
            if !rest.is_empty() {
                cx.s(" ?");
            }
            cx.b(b')');
        }
        16 | 17 if len < 4 => bad(cx),
        16 | 17 => {
            cx.s(" enterprise ");
            cx.u(be32(v, 0) as u64);
            vendor_data(cx, &v[4..], code == 17);
            cx.b(b')');
        }
        _ => cx.b(b')'),
    }
    Ok(true)
}

fn be32(v: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([v[at], v[at + 1], v[at + 2], v[at + 3]])
}

/// ` N)`.
fn number(cx: &mut Ctx, n: u64) {
    cx.b(b' ');
    cx.u(n);
    cx.b(b')');
}

/// ` pltime:N vltime:N` from 8 bytes.
fn times(cx: &mut Ctx, v: &[u8]) {
    cx.s(" pltime:");
    cx.u(be32(v, 0) as u64);
    cx.s(" vltime:");
    cx.u(be32(v, 4) as u64);
}

/// A DUID (client and server ids) and the closing parenthesis.
fn duid(cx: &mut Ctx, v: &[u8]) {
    if v.len() < 2 {
        cx.s(" ?)");
        return;
    }
    let t = u16::from_be_bytes([v[0], v[1]]);
    let n = v.len();
    match t {
        1 if n >= 8 => {
            cx.s(" hwaddr/time type ");
            cx.u(u16::from_be_bytes([v[2], v[3]]) as u64);
            cx.s(" time ");
            cx.u(be32(v, 4) as u64);
            cx.b(b' ');
            hex(cx, &v[8..]);
        }
        2 if n >= 6 => {
            cx.s(" enterprise ");
            cx.u(u32::from_be_bytes([v[2], v[3], v[4], v[5]]) as u64);
            cx.b(b' ');
            hex(cx, &v[6..]);
        }
        3 if n >= 4 => {
            cx.s(" hwaddr type ");
            cx.u(u16::from_be_bytes([v[2], v[3]]) as u64);
            cx.b(b' ');
            hex(cx, &v[4..]);
        }
        4 => {
            cx.s(" uuid ");
            if n != 18 {
                cx.s(" ?)");
                return;
            }
            hex(cx, &v[2..]);
        }
        1..=3 => {
            cx.s(" ?)");
            return;
        }
        _ => {
            cx.s(" type ");
            cx.u(t as u64);
        }
    }
    cx.b(b')');
}

/// Authentication (RFC 8415 21.11): protocol, algorithm, replay
/// detection, and the protocol's own part; then `)`.
fn auth(cx: &mut Ctx, v: &[u8]) {
    let (proto, alg, rdm) = (v[0], v[1], v[2]);
    match proto {
        2 => cx.s(" proto: delayed"),
        3 => cx.s(" proto: reconfigure"),
        p => {
            cx.s(" proto: ");
            cx.u(p as u64);
        }
    }
    if alg == 1 {
        cx.s(", alg: HMAC-MD5");
    } else {
        cx.s(", alg: ");
        cx.u(alg as u64);
    }
    if rdm == 0 {
        cx.s(", RDM: mono");
    } else {
        cx.s(", RDM: ");
        cx.u(rdm as u64);
    }
    cx.s(", RD:");
    for w in v[3..11].chunks_exact(2) {
        cx.b(b' ');
        fmt::put_hex_padded(cx.out, u16::from_be_bytes([w[0], w[1]]) as u64, 4);
    }
    let info = &v[11..];
    let words = |cx: &mut Ctx, w: &[u8]| {
        for k in 0..4 {
            cx.b(b' ');
            fmt::put_hex_padded(cx.out, be32(w, 4 * k) as u64, 8);
        }
    };
    match proto {
        2 if info.is_empty() => {}
        2 if info.len() < 20 => cx.s(" ??"),
        2 => {
            let realm = &info[..info.len() - 20];
            if !realm.is_empty() {
                cx.s(", realm: ");
                hex(cx, realm);
            }
            let rest = &info[info.len() - 20..];
            cx.s(", key ID: ");
            fmt::put_hex_padded(cx.out, be32(rest, 0) as u64, 8);
            cx.s(", HMAC-MD5:");
            words(cx, &rest[4..]);
        }
        3 if info.len() != 17 => cx.s(" ??"),
        3 => {
            cx.s(match info[0] {
                1 => " reconfig-key",
                2 => " type: HMAC-MD5",
                _ => " type: ??",
            });
            cx.s(" value:");
            words(cx, &info[1..]);
        }
        _ => cx.s(" ??"),
    }
    cx.b(b')');
}

/// NTP server suboptions (RFC 5908); `Ok(false)` if one runs past the
/// option or its name is cut short.
fn ntp_server(cx: &mut Ctx, d: &[u8], mut tp: usize, end: usize) -> R<bool> {
    while tp + 4 < end {
        let code = d.be16(tp)?;
        let len = d.be16(tp + 2)? as usize;
        tp += 4;
        if tp + len > end {
            return Ok(false);
        }
        cx.s(" subopt:");
        cx.u(code as u64);
        match code {
            1 | 2 if len == 16 => {
                cx.b(b' ');
                cx.ipv6(&d[tp..tp + 16]);
            }
            3 => {
                cx.b(b' ');
                if dispatch::dns_name(cx, d, tp, tp + len)?.is_none() {
                    return Ok(false);
                }
            }
            _ => cx.s(" ?"),
        }
        tp += len;
    }
    Ok(true)
}

/// The AFTR name (RFC 6334): DNS labels, printed dot-separated.
fn aftr_name(cx: &mut Ctx, v: &[u8]) {
    cx.b(b' ');
    let mut p = 0;
    let mut remain = v.len();
    while remain > 0 && v[p] != 0 {
        let l = v[p] as usize;
        p += 1;
        if l >= remain - 1 {
            cx.s(" ?");
            return;
        }
        text(cx, &v[p..p + l], true);
        p += l;
        remain -= l + 1;
        if v[p] != 0 {
            cx.b(b'.');
        }
    }
}

/// Vendor class data or vendor options after the enterprise number.
fn vendor_data(cx: &mut Ctx, mut rest: &[u8], opts: bool) {
    let head = if opts { 4 } else { 2 };
    while rest.len() >= head {
        let l;
        if opts {
            cx.s(" (code ");
            cx.u(u16::from_be_bytes([rest[0], rest[1]]) as u64);
            l = u16::from_be_bytes([rest[2], rest[3]]) as usize;
            cx.s(" len ");
        } else {
            l = u16::from_be_bytes([rest[0], rest[1]]) as usize;
            cx.s(" (len ");
        }
        cx.u(l as u64);
        rest = &rest[head..];
        if l > rest.len() {
            cx.s(" ?");
            break;
        }
        if l > 0 {
            cx.s(" data ");
            if opts {
                short_hex(cx, &rest[..l]);
            } else {
                text(cx, &rest[..l], false);
            }
            rest = &rest[l..];
        }
        cx.b(b')');
    }
    if !rest.is_empty() {
        cx.s(" ?");
    }
}
