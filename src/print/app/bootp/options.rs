//! The DHCP options (RFC 1048 vendor extensions and their successors):
//! each option's name and how its value is shown, from a table; the
//! options with a layout of their own are decoded one by one.

use crate::print::core::prelude::*;

/// How an option's value is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// IPv4 addresses, comma-separated.
    Addrs,
    /// Pairs of addresses: `(a:b)`.
    AddrPairs,
    /// 32-bit numbers.
    U32,
    /// Signed 32-bit numbers.
    I32,
    /// 16-bit numbers.
    U16,
    /// Bytes in decimal, dot-separated.
    Decimal,
    /// Text in quotes.
    Text,
    /// One byte: `Y`, `N`.
    Bool,
    /// A layout of its own.
    Special,
    /// PAD and END: no value.
    Nothing,
}

use Form::*;

/// Option codes, names and forms.
const OPTIONS: &[(u8, &str, Form)] = &[
    (0, "PAD", Nothing),
    (1, "Subnet-Mask", Addrs),
    (2, "Time-Zone", I32),
    (3, "Default-Gateway", Addrs),
    (4, "Time-Server", Addrs),
    (5, "IEN-Name-Server", Addrs),
    (6, "Domain-Name-Server", Addrs),
    (7, "LOG", Addrs),
    (8, "CS", Addrs),
    (9, "LPR-Server", Addrs),
    (10, "IM", Addrs),
    (11, "RL", Addrs),
    (12, "Hostname", Text),
    (13, "BS", U16),
    (14, "DP", Text),
    (15, "Domain-Name", Text),
    (16, "SS", Addrs),
    (17, "RP", Text),
    (18, "EP", Text),
    (19, "IPF", Bool),
    (20, "SRT", Bool),
    (21, "PF", AddrPairs),
    (22, "RSZ", U16),
    (23, "TTL", Decimal),
    (24, "MTU-Timeout", U32),
    (25, "MTU-Table", U16),
    (26, "MTU", U16),
    (27, "LSN", Bool),
    (28, "BR", Addrs),
    (29, "MD", Bool),
    (30, "MS", Bool),
    (31, "Router-Discovery", Bool),
    (32, "RSA", Addrs),
    (33, "Static-Route", AddrPairs),
    (34, "UT", Bool),
    (35, "AT", U32),
    (36, "IE", Bool),
    (37, "TT", Decimal),
    (38, "KI", U32),
    (39, "KG", Bool),
    (40, "YD", Text),
    (41, "YS", Addrs),
    (42, "NTP", Addrs),
    (43, "Vendor-Option", Decimal),
    (44, "Netbios-Name-Server", Addrs),
    (45, "WDD", Addrs),
    (46, "Netbios-Node", Special),
    (47, "Netbios-Scope", Text),
    (48, "XFS", Addrs),
    (49, "XDM", Addrs),
    (50, "Requested-IP", Addrs),
    (51, "Lease-Time", U32),
    (52, "OO", Special),
    (53, "DHCP-Message", Nothing),
    (54, "Server-ID", Addrs),
    (55, "Parameter-Request", Decimal),
    (56, "MSG", Text),
    (57, "MSZ", U16),
    (58, "RN", U32),
    (59, "RB", U32),
    (60, "Vendor-Class", Text),
    (61, "Client-ID", Special),
    (64, "N+D", U16),
    (65, "N+S", Addrs),
    (66, "TFTP", Text),
    (67, "BF", Text),
    (68, "MH", Addrs),
    (69, "SMTP", Addrs),
    (70, "POP3", Addrs),
    (71, "NNTP", Addrs),
    (72, "WWW", Addrs),
    (73, "FG", Addrs),
    (74, "IRC", Addrs),
    (75, "STS", Addrs),
    (76, "STDA", Addrs),
    (77, "User-Class", Special),
    (78, "SLP-DA", Decimal),
    (79, "SLP-SCOPE", Decimal),
    (80, "SLP-NA", Text),
    (81, "FQDN", Special),
    (82, "Agent-Information", Special),
    (83, "ARMT", Decimal),
    (88, "TZSTR", Text),
    (89, "FQDNS", Decimal),
    (90, "AUTH", Decimal),
    (91, "Last-Transaction-Time", U32),
    (92, "Associated-IP", Addrs),
    (93, "ARCH", U16),
    (94, "NDI", Decimal),
    (95, "LDAP", Text),
    (97, "GUID", Decimal),
    (98, "UAP", Text),
    (100, "POSIX-TZ", Text),
    (101, "TZ-Name", Text),
    (108, "IPv6-Only-Preferred", Special),
    (112, "NI", Addrs),
    (113, "NITAG", Text),
    (114, "URL", Text),
    (116, "Auto-Configure", Bool),
    (117, "NSSEARCH", U16),
    (118, "SUBNET", Addrs),
    (121, "Classless-Static-Route", Special),
    (143, "SZTP-Redirect", Special),
    (150, "TFTP-Server-Address", Addrs),
    (161, "MUD-URL", Text),
    (249, "Classless-Static-Route-Microsoft", Special),
    (255, "END", Nothing),
];

const PAD: u8 = 0;
const END: u8 = 255;

/// DHCP message types.
const MESSAGE_TYPES: &[(u8, &str)] = &[
    (1, "Discover"),
    (2, "Offer"),
    (3, "Request"),
    (4, "Decline"),
    (5, "ACK"),
    (6, "NACK"),
    (7, "Release"),
    (8, "Inform"),
    (10, "LeaseQuery"),
    (11, "LeaseUnassigned"),
    (12, "LeaseUnknown"),
    (13, "LeaseActive"),
];

const NETBIOS_NODES: &[(u8, &str)] = &[(1, "b-node"), (2, "p-node"), (4, "m-node"), (8, "h-node")];
const OVERLOADS: &[(u8, &str)] = &[(1, "file"), (2, "sname"), (3, "file+sname")];
/// ARP hardware types (Client-ID).
const HW_TYPES: &[(u8, &str)] = &[
    (1, "ether"),
    (6, "ieee802"),
    (7, "arcnet"),
    (15, "frelay"),
    (23, "strip"),
    (24, "ieee1394"),
];
/// Relay agent information suboptions (RFC 3046, RFC 3993), shown as
/// text.
const AGENT_SUBOPTIONS: &[(u8, &str)] =
    &[(1, "Circuit-ID"), (2, "Remote-ID"), (6, "Subscriber-ID")];
/// Client FQDN flags (RFC 4702), in the order shown.
const FQDN_FLAGS: &[(u8, &str)] = &[(1, "S"), (2, "O"), (4, "E"), (8, "N")];

fn option_entry(code: u8) -> Option<(&'static str, Form)> {
    OPTIONS.iter().find(|o| o.0 == code).map(|o| (o.1, o.2))
}

/// A table name, or `#N`.
fn name_or_number(cx: &mut Ctx, table: &[(u8, &'static str)], v: u8) {
    match tables::lookup(table, v) {
        Some(n) => cx.s(n),
        None => {
            cx.b(b'#');
            cx.u(v as u64);
        }
    }
}

/// `n` bytes of text from `at`, escaped.
fn text(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for &c in d.range(at, n)? {
        fmt::put_safe_char(cx.out, c);
    }
    Ok(())
}

fn quoted(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    cx.b(b'"');
    text(cx, d, at, n)?;
    cx.b(b'"');
    Ok(())
}

/// The vendor area `d` (from the magic cookie on, to the end of the
/// capture): every option until END (with `-vvv`, PAD and END too).
pub fn options(cx: &mut Ctx, d: &[u8]) -> R {
    cx.s("\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x");
    fmt::put_hex_padded(cx.out, d.be32(0)? as u64, 8);
    let vvv = cx.opts.verbose > 2;
    let mut at = 4;
    while at < d.len() {
        let tag = d[at];
        at += 1;
        if (tag == PAD || tag == END) && !vvv {
            if tag == END {
                return Ok(());
            }
            continue;
        }
        let (name, form) = option_entry(tag).unwrap_or(("Unknown", Special));
        let known = option_entry(tag).is_some();
        let len = if tag == PAD || tag == END {
            0
        } else {
            at += 1;
            d.u8_at(at - 1)? as usize
        };
        cx.s("\n\t    ");
        cx.s(name);
        cx.s(" (");
        cx.u(tag as u64);
        cx.s("), length ");
        cx.u(len as u64);
        if len > 0 {
            cx.s(": ");
        }
        if tag == PAD {
            let mut n = 1;
            while d.get(at) == Some(&PAD) {
                at += 1;
                n += 1;
            }
            if n > 1 {
                cx.s(", occurs ");
                cx.u(n);
            }
        }
        d.range(at, len)?;
        if tag == 53 && len == 1 {
            match tables::lookup(MESSAGE_TYPES, d[at]) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("Unknown (");
                    cx.u(d[at] as u64);
                    cx.b(b')');
                }
            }
            at += 1;
            continue;
        }
        if tag == 55 {
            for (i, &t) in d[at..at + len].iter().enumerate() {
                cx.s(if i % 4 == 0 { "\n\t      " } else { ", " });
                cx.s(option_entry(t).map_or("Unknown", |o| o.0));
                cx.s(" (");
                cx.u(t as u64);
                cx.b(b')');
            }
            at += len;
            continue;
        }
        // Unknown options by their length: bytes, 16- or 32-bit numbers.
        let form = if known {
            form
        } else if len & 1 != 0 {
            Decimal
        } else if len & 2 != 0 {
            U16
        } else {
            U32
        };
        let left = value(cx, d, at, len, tag, form)?;
        at += len;
        if left > 0 {
            cx.s("\n\t  trailing data length ");
            cx.u(left as u64);
        }
    }
    Ok(())
}

/// An option's value (`len` captured bytes at `at`); what is left over.
fn value(cx: &mut Ctx, d: &[u8], at: usize, len: usize, tag: u8, form: Form) -> R<usize> {
    let v = &d[at..at + len];
    Ok(match form {
        Text => {
            quoted(cx, d, at, len)?;
            0
        }
        Addrs | U32 | I32 => {
            for (i, w) in v.chunks_exact(4).enumerate() {
                if i > 0 {
                    cx.b(b',');
                }
                let n = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
                match form {
                    Addrs => cx.ipv4(w),
                    I32 => fmt::put_i64(cx.out, n as i32 as i64),
                    _ => cx.u(n as u64),
                }
            }
            len % 4
        }
        AddrPairs => {
            if len < 8 || len % 8 != 0 {
                cx.s(if len == 0 { " " } else { "" });
                cx.s("[length != N x 8 bytes]");
            } else {
                for (i, p) in v.chunks_exact(8).enumerate() {
                    if i > 0 {
                        cx.b(b',');
                    }
                    cx.b(b'(');
                    cx.ipv4(&p[..4]);
                    cx.b(b':');
                    cx.ipv4(&p[4..]);
                    cx.b(b')');
                }
            }
            0
        }
        U16 => {
            for (i, w) in v.chunks_exact(2).enumerate() {
                if i > 0 {
                    cx.b(b',');
                }
                cx.u(u16::from_be_bytes([w[0], w[1]]) as u64);
            }
            len % 2
        }
        Bool => {
            match v {
                [0] => cx.b(b'N'),
                [1] => cx.b(b'Y'),
                [b] => {
                    cx.u(*b as u64);
                    cx.b(b'?');
                }
                _ => cx.s("[length != 1 byte] (invalid)"),
            }
            0
        }
        Decimal | Nothing => {
            for (i, b) in v.iter().enumerate() {
                if i > 0 {
                    cx.b(b'.');
                }
                cx.u(*b as u64);
            }
            0
        }
        Special => special(cx, d, at, len, tag)?,
    })
}

/// The options with a layout of their own; what is left over.
fn special(cx: &mut Ctx, d: &[u8], at: usize, len: usize, tag: u8) -> R<usize> {
    let v = &d[at..at + len];
    let too_short = |cx: &mut Ctx, what: &str| {
        cx.s("[length ");
        cx.s(what);
        cx.s("] (invalid)");
    };
    match tag {
        46 | 52 => {
            let Some((&b, rest)) = v.split_first() else {
                too_short(cx, "< 1 byte");
                return Ok(0);
            };
            name_or_number(cx, if tag == 46 { NETBIOS_NODES } else { OVERLOADS }, b);
            Ok(rest.len())
        }
        81 => {
            if len < 3 {
                too_short(cx, "< 3 bytes");
                return Ok(0);
            }
            let flags = v[0];
            if flags & 0xf0 != 0 {
                cx.s("[MBZ nibble 0x");
                fmt::put_hex(cx.out, (flags >> 4) as u64);
                cx.s(" != 0]  (invalid)");
            }
            if flags & 0x0f != 0 {
                cx.b(b'[');
                for &(bit, n) in FQDN_FLAGS {
                    if flags & bit != 0 {
                        cx.s(n);
                    }
                }
                cx.s("] ");
            }
            if v[1] != 0 || v[2] != 0 {
                cx.u(v[1] as u64);
                cx.b(b'/');
                cx.u(v[2] as u64);
                cx.b(b' ');
            }
            quoted(cx, d, at + 3, len - 3)?;
            Ok(0)
        }
        61 => {
            let Some((&t, rest)) = v.split_first() else {
                too_short(cx, "< 1 byte");
                return Ok(0);
            };
            if t == 0 {
                quoted(cx, d, at + 1, rest.len())?;
                return Ok(0);
            }
            match tables::lookup(HW_TYPES, t) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("hardware-type ");
                    cx.u(t as u64);
                    cx.b(b',');
                }
            }
            cx.b(b' ');
            for (i, b) in rest.iter().enumerate() {
                if i > 0 {
                    cx.b(b':');
                }
                fmt::put_hex2(cx.out, *b);
            }
            Ok(0)
        }
        82 => {
            let mut p = 0;
            while len - p >= 2 {
                let (sub, sublen) = (v[p], v[p + 1] as usize);
                p += 2;
                cx.s("\n\t      ");
                cx.s(tables::lookup(AGENT_SUBOPTIONS, sub).unwrap_or("Unknown"));
                cx.s(" SubOption ");
                cx.u(sub as u64);
                cx.s(", length ");
                cx.u(sublen as u64);
                if sublen > len - p {
                    cx.s(": length goes past end of option");
                    return Ok(0);
                }
                cx.s(": ");
                if tables::lookup(AGENT_SUBOPTIONS, sub).is_some() {
                    text(cx, d, at + p, sublen)?;
                } else {
                    unknown_data(cx, &v[p..], "\n\t\t", sublen);
                }
                p += sublen;
            }
            Ok(len - p)
        }
        121 | 249 => {
            if len < 5 {
                too_short(cx, "< 5 bytes");
                return Ok(0);
            }
            let mut p = 0;
            while p < len {
                if p > 0 {
                    cx.b(b',');
                }
                let width = v[p] as usize;
                p += 1;
                if width > 32 {
                    cx.s("[Mask width (");
                    cx.u(width as u64);
                    cx.s(") > 32] (invalid)");
                    return Ok(0);
                }
                let octets = width.div_ceil(8);
                if len - p < octets + 4 {
                    cx.s("[Remaining length (");
                    cx.u((len - p) as u64);
                    cx.s(") < ");
                    cx.u((octets + 4) as u64);
                    cx.s(" bytes] (invalid)");
                    return Ok(0);
                }
                cx.b(b'(');
                if width == 0 {
                    cx.s("default");
                } else {
                    for i in 0..4 {
                        if i > 0 {
                            cx.b(b'.');
                        }
                        cx.u(if i < octets { v[p + i] as u64 } else { 0 });
                    }
                    cx.b(b'/');
                    cx.u(width as u64);
                }
                p += octets;
                cx.b(b':');
                cx.ipv4(&v[p..p + 4]);
                cx.b(b')');
                p += 4;
            }
            Ok(0)
        }
        77 => {
            if len < 2 {
                too_short(cx, "< 2 bytes");
                return Ok(0);
            }
            let mut p = 0;
            let mut n = 1;
            while p < len {
                let sublen = v[p] as usize;
                p += 1;
                cx.s("\n\t      instance#");
                cx.u(n);
                cx.s(": ");
                if sublen == 0 {
                    cx.s("[suboption length == 0] (invalid)");
                    return Ok(0);
                }
                if len - p < sublen {
                    cx.s("[length ");
                    cx.u((len - p) as u64);
                    cx.s(" < suboption length ");
                    cx.u(sublen as u64);
                    cx.s(" (invalid)");
                    return Ok(0);
                }
                quoted(cx, d, at + p, sublen)?;
                cx.s(", length ");
                cx.u(sublen as u64);
                n += 1;
                p += sublen;
            }
            Ok(0)
        }
        143 => {
            let mut p = 0;
            while len - p >= 2 {
                let l = u16::from_be_bytes([v[p], v[p + 1]]) as usize;
                p += 2;
                cx.s("\n\t\t    length ");
                cx.u(l as u64);
                cx.s(": ");
                if len - p < l {
                    cx.s("length goes past end of option");
                    return Ok(0);
                }
                quoted(cx, d, at + p, l)?;
                p += l;
            }
            if p != len {
                too_short(cx, "< 2 bytes");
            }
            Ok(len - p)
        }
        108 => {
            match v {
                [a, b, c, e] => cx.u(u32::from_be_bytes([*a, *b, *c, *e]) as u64),
                _ => too_short(cx, "!= 4 bytes"),
            }
            Ok(0)
        }
        _ => {
            // Unknown options are given a form by their length instead.
            Ok(0)
        }
    }
}
