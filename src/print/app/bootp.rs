//! BOOTP/DHCP (RFC 951, RFC 2131, options RFC 2132 and later): the
//! summary line, and with `-v` the addresses and every option.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// Option names as tcpdump prints them.
static OPTIONS: &[(u8, &str)] = &[
    // (Named only in a parameter request list: the option loop skips
    // padding and stops at the end.)
    (0, "PAD"),
    (1, "Subnet-Mask"),
    (2, "Time-Zone"),
    (3, "Default-Gateway"),
    (4, "Time-Server"),
    (5, "IEN-Name-Server"),
    (6, "Domain-Name-Server"),
    (7, "LOG"),
    (8, "CS"),
    (9, "LPR-Server"),
    (10, "IM"),
    (11, "RL"),
    (12, "Hostname"),
    (13, "BS"),
    (14, "DP"),
    (15, "Domain-Name"),
    (16, "SS"),
    (17, "RP"),
    (18, "EP"),
    (19, "IPF"),
    (20, "SRT"),
    (21, "PF"),
    (22, "RSZ"),
    (23, "TTL"),
    (24, "MTU-Timeout"),
    (25, "MTU-Table"),
    (26, "MTU"),
    (27, "LSN"),
    (28, "BR"),
    (29, "MD"),
    (30, "MS"),
    (31, "Router-Discovery"),
    (32, "RSA"),
    (33, "Static-Route"),
    (34, "UT"),
    (35, "AT"),
    (36, "IE"),
    (37, "TT"),
    (38, "KI"),
    (39, "KG"),
    (40, "YD"),
    (41, "YS"),
    (42, "NTP"),
    (43, "Vendor-Option"),
    (44, "Netbios-Name-Server"),
    (45, "WDD"),
    (46, "Netbios-Node"),
    (47, "Netbios-Scope"),
    (48, "XFS"),
    (49, "XDM"),
    (50, "Requested-IP"),
    (51, "Lease-Time"),
    (52, "OO"),
    (53, "DHCP-Message"),
    (54, "Server-ID"),
    (55, "Parameter-Request"),
    (56, "MSG"),
    (57, "MSZ"),
    (58, "RN"),
    (59, "RB"),
    (60, "Vendor-Class"),
    (61, "Client-ID"),
    (64, "N+D"),
    (65, "N+S"),
    (66, "TFTP"),
    (67, "BF"),
    (68, "MH"),
    (69, "SMTP"),
    (70, "POP3"),
    (71, "NNTP"),
    (72, "WWW"),
    (73, "FG"),
    (74, "IRC"),
    (75, "STS"),
    (76, "STDA"),
    (77, "User-Class"),
    (78, "SLP-DA"),
    (79, "SLP-SCOPE"),
    (80, "SLP-NA"),
    (81, "FQDN"),
    (82, "Agent-Information"),
    (83, "ARMT"),
    (88, "TZSTR"),
    (89, "FQDNS"),
    (90, "AUTH"),
    (91, "Last-Transaction-Time"),
    (92, "Associated-IP"),
    (93, "ARCH"),
    (94, "NDI"),
    (95, "LDAP"),
    (97, "GUID"),
    (98, "UAP"),
    (100, "POSIX-TZ"),
    (101, "TZ-Name"),
    (108, "IPv6-Only-Preferred"),
    (112, "NI"),
    (113, "NITAG"),
    (114, "URL"),
    (116, "Auto-Configure"),
    (117, "NSSEARCH"),
    (118, "SUBNET"),
    (121, "Classless-Static-Route"),
    (143, "SZTP-Redirect"),
    (150, "TFTP-Server-Address"),
    (161, "MUD-URL"),
    (249, "Classless-Static-Route-Microsoft"),
    (255, "END"),
];

static MESSAGE_TYPES: [&str; 14] = [
    "",
    "Discover",
    "Offer",
    "Request",
    "Decline",
    "ACK",
    "NACK",
    "Release",
    "Inform",
    "Force Renew",
    "Lease Query",
    "Lease Unassigned",
    "Lease Unknown",
    "Lease Active",
];

fn option_name(cx: &mut Ctx, code: u8) {
    cx.s(tables::lookup(OPTIONS, code).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(code as u64);
    cx.b(b')');
}

/// How an option's value prints.
enum Form {
    Addrs,
    /// One byte, `Y` or `N`.
    Bool,
    U32,
    U16,
    U8,
    Text,
    Other,
}

fn form(code: u8) -> Form {
    match code {
        1
        | 3..=11
        | 16
        | 28
        | 32
        | 41
        | 42
        | 44
        | 45
        | 48
        | 49
        | 50
        | 54
        | 65
        | 68..=76
        | 118
        | 150 => Form::Addrs,
        2 | 24 | 35 | 38 | 51 | 58 | 59 | 108 => Form::U32,
        13 | 22 | 26 | 57 => Form::U16,
        19 | 20 | 27 | 29..=31 | 34 | 36 | 39 => Form::Bool,
        23 | 37 | 46 => Form::U8,
        12 | 14 | 15 | 17 | 18 | 40 | 47 | 56 | 60 | 66 | 67 | 80 | 88 | 95 | 98 | 100 | 101
        | 113 | 114 | 161 => Form::Text,
        _ => Form::Other,
    }
}

fn quoted(cx: &mut Ctx, b: &[u8]) {
    cx.b(b'"');
    for &c in b {
        fmt::put_safe_char(cx.out, c);
    }
    cx.b(b'"');
}

fn bootp(cx: &mut Ctx, body: &[u8], length: usize) -> R {
    cx.proto = "bootp";
    let op = body.u8_at(0)?;
    cx.s("BOOTP/DHCP");
    match op {
        1 => {
            cx.s(", Request");
            if body.u8_at(1)? == 1 && body.u8_at(2)? == 6 {
                let chaddr = body.range(28, 6)?;
                cx.s(" from ");
                cx.mac(chaddr);
            }
        }
        2 => cx.s(", Reply"),
        _ => {
            cx.s(", unknown (0x");
            fmt::put_hex2(cx.out, op);
            cx.b(b')');
        }
    }
    body.range(1, 2)?;
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    // The snapshot reads the fields through the seconds before printing
    // any of them.
    let secs = body.be16(8)?;
    let xid = body.be32(4)?;
    let (htype, hlen, hops) = (body[1], body[2], body[3]);
    if htype != 1 {
        cx.s(", htype ");
        cx.u(htype as u64);
    }
    if htype != 1 || hlen != 6 {
        cx.s(", hlen ");
        cx.u(hlen as u64);
    }
    if hops != 0 {
        cx.s(", hops ");
        cx.u(hops as u64);
    }
    if xid != 0 {
        cx.s(", xid 0x");
        fmt::put_hex(cx.out, xid as u64);
    }
    if secs != 0 {
        cx.s(", secs ");
        cx.u(secs as u64);
    }
    let flags = body.be16(10)?;
    cx.s(", Flags [");
    cx.s(if flags & 0x8000 != 0 {
        "Broadcast"
    } else {
        "none"
    });
    cx.b(b']');
    if cx.opts.verbose > 1 {
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, flags as u64, 4);
        cx.b(b')');
    }
    for (at, name) in [
        (12, "Client-IP"),
        (16, "Your-IP"),
        (20, "Server-IP"),
        (24, "Gateway-IP"),
    ] {
        let a = body.range(at, 4)?;
        if a != [0, 0, 0, 0] {
            cx.s("\n\t  ");
            cx.s(name);
            cx.b(b' ');
            cx.ipv4(a);
        }
    }
    if htype == 1 && hlen == 6 {
        cx.s("\n\t  Client-Ethernet-Address ");
        cx.mac(body.range(28, 6)?);
    }
    for (at, n, name) in [(44, 64, "sname"), (108, 128, "file")] {
        // What is captured of the field: its text shows up to a NUL (the
        // closing quote only once one is seen or the field is whole).
        let f = body.get(at..(at + n).min(body.len())).unwrap_or(&[]);
        if f.first().is_none_or(|&c| c != 0) && !f.is_empty() {
            cx.s("\n\t  ");
            cx.s(name);
            cx.s(" \"");
            let end = f.iter().position(|&c| c == 0);
            for &c in &f[..end.unwrap_or(f.len())] {
                fmt::put_safe_char(cx.out, c);
            }
            if end.is_some() || f.len() == n {
                cx.b(b'"');
            }
        }
        body.range(at, n)?;
    }
    let vend = body.get(236..).unwrap_or(&[]);
    if length > 236 {
        let cookie = vend.be32(0)?;
        if cookie == 0x6382_5363 {
            cx.s("\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363");
            options(cx, &vend[4..])?;
        } else if cookie != 0 {
            cx.s("\n\t  Vendor-#0x");
            fmt::put_hex(cx.out, cookie as u64);
        }
    }
    Ok(())
}

fn options(cx: &mut Ctx, d: &[u8]) -> R {
    let mut at = 0;
    while at < d.len() {
        let code = d[at];
        if code == 0 {
            at += 1;
            continue;
        }
        if code == 255 {
            break;
        }
        let len = d.u8_at(at + 1)? as usize;
        cx.s("\n\t    ");
        option_name(cx, code);
        cx.s(", length ");
        cx.u(len as u64);
        if len > 0 {
            cx.s(": ");
        }
        let v = d.range(at + 2, len)?;
        option(cx, code, v)?;
        at += 2 + len;
    }
    Ok(())
}

/// Bytes in decimal, dot-separated.
fn dotted(cx: &mut Ctx, v: &[u8]) {
    for (i, &b) in v.iter().enumerate() {
        if i > 0 {
            cx.b(b'.');
        }
        cx.u(b as u64);
    }
}

/// Bytes left over after a list of fixed-size values.
fn trailing(cx: &mut Ctx, n: usize) {
    if n > 0 {
        cx.s("\n\t  trailing data length ");
        cx.u(n as u64);
    }
}

/// The length check an option fails, as the snapshot words it.
fn bad_length(code: u8, n: usize) -> Option<&'static str> {
    match code {
        21 | 33 if n == 0 || n % 8 != 0 => Some(" [length != N x 8 bytes]"),
        46 | 52 | 61 if n < 1 => Some("[length < 1 byte] (invalid)"),
        77 if n < 2 => Some("[length < 2 bytes] (invalid)"),
        81 if n < 3 => Some("[length < 3 bytes] (invalid)"),
        108 if n != 4 => Some("[length != 4 bytes] (invalid)"),
        116 if n != 1 => Some("[length != 1 byte] (invalid)"),
        121 | 249 if n < 5 => Some("[length < 5 bytes] (invalid)"),
        _ => None,
    }
}

fn option(cx: &mut Ctx, code: u8, v: &[u8]) -> R {
    if let Some(m) = bad_length(code, v.len()) {
        cx.s(m);
        return Ok(());
    }
    match code {
        53 if v.len() != 1 => dotted(cx, v),
        53 => match v.first().and_then(|&t| MESSAGE_TYPES.get(t as usize)) {
            Some(n) if !n.is_empty() => cx.s(n),
            _ => {
                cx.s("Unknown (");
                cx.u(v.first().copied().unwrap_or(0) as u64);
                cx.b(b')');
            }
        },
        55 => {
            for (i, &c) in v.iter().enumerate() {
                if i % 4 == 0 {
                    cx.s("\n\t      ");
                } else {
                    cx.s(", ");
                }
                option_name(cx, c);
            }
        }
        61 => match v.split_first() {
            Some((1, mac)) if mac.len() == 6 => {
                cx.s("ether ");
                cx.mac(mac);
            }
            Some((0, rest)) => quoted(cx, rest),
            Some((t, rest)) => {
                cx.s("hardware-type ");
                cx.u(*t as u64);
                cx.s(", ");
                for &b in rest {
                    fmt::put_hex2(cx.out, b);
                }
            }
            None => {}
        },
        143 => {
            // URIs, each after a two-byte length.
            let mut at = 0;
            while at + 2 <= v.len() {
                let l = v.be16(at)? as usize;
                let s = v.range(at + 2, l)?;
                cx.s("\n\t\t    length ");
                cx.u(l as u64);
                cx.s(": ");
                quoted(cx, s);
                at += 2 + l;
            }
        }
        46 if v.len() == 1 => match v[0] {
            1 => cx.s("b-node"),
            2 => cx.s("p-node"),
            4 => cx.s("m-node"),
            8 => cx.s("h-node"),
            n => {
                cx.b(b'#');
                cx.u(n as u64);
            }
        },
        _ => match form(code) {
            Form::Addrs => {
                for (i, a) in v.chunks_exact(4).enumerate() {
                    if i > 0 {
                        cx.b(b',');
                    }
                    cx.ipv4(a);
                }
                trailing(cx, v.len() % 4);
            }
            Form::U32 => {
                for (i, w) in v.chunks_exact(4).enumerate() {
                    if i > 0 {
                        cx.b(b',');
                    }
                    let n = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
                    if code == 2 {
                        fmt::put_i64(cx.out, n as i32 as i64);
                    } else {
                        cx.u(n as u64);
                    }
                }
                trailing(cx, v.len() % 4);
            }
            Form::U16 => {
                for (i, w) in v.chunks_exact(2).enumerate() {
                    if i > 0 {
                        cx.b(b',');
                    }
                    cx.u(u16::from_be_bytes([w[0], w[1]]) as u64);
                }
                trailing(cx, v.len() % 2);
            }
            Form::Bool if v.len() == 1 => cx.s(if v[0] != 0 { "Y" } else { "N" }),
            Form::Bool => cx.s("[length != 1 byte] (invalid)"),
            Form::Text => quoted(cx, v),
            Form::U8 | Form::Other => dotted(cx, v),
        },
    }
    Ok(())
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    bootp(cx, p.body, p.length)?;
    Ok(true)
}
