//! Multipath TCP options (RFC 8684).

use crate::print::core::prelude::*;

/// MPTCP option (RFC 8684), `opt` from its kind byte; false if malformed.
pub fn mptcp(cx: &mut Ctx, opt: &[u8], flags: u8) -> bool {
    const SYN: u8 = 0x02;
    const ACK: u8 = 0x10;
    // The snapshot's marker names MPTCP for whatever of the TCP header
    // is cut short after one.
    cx.proto = "mptcp";
    let len = opt.len();
    if len < 3 {
        return false;
    }
    cx.b(b' ');
    cx.u(len as u64);
    let subtype = (opt[2] >> 4).min(9);
    let names = [
        "capable",
        "join",
        "dss",
        "add-addr",
        "rem-addr",
        "prio",
        "fail",
        "fast-close",
        "tcprst",
        "unknown",
    ];
    cx.b(b' ');
    cx.s(names[subtype as usize]);
    let be64 = |at: usize| {
        opt.get(at..at + 8)
            .map(|b| u64::from_be_bytes(b.try_into().unwrap()))
    };
    let be32 = |at: usize| {
        opt.get(at..at + 4)
            .map(|b| u32::from_be_bytes(b.try_into().unwrap()))
    };
    match subtype {
        0 => {
            let ok = ((len == 12 || len == 4) && flags & SYN != 0)
                || (matches!(len, 20 | 22 | 24) && flags & (SYN | ACK) == ACK);
            if !ok {
                return false;
            }
            let version = opt[2] & 0x0f;
            if version > 1 {
                cx.s(" Unknown Version (");
                cx.u(version as u64);
                cx.b(b')');
                return true;
            }
            cx.s(" v");
            cx.u(version as u64);
            // Flags A..H (RFC 8684 3.1), by letter; A asks for checksums.
            let f = opt.get(3).copied().unwrap_or(0);
            letter_flags(cx, f, b"ABCDEFGH");
            let csum = f & 0x80 != 0;
            if csum {
                cx.s(" csum");
            }
            if len == 12 || len >= 20 {
                cx.s(" {0x");
                fmt::put_hex(cx.out, be64(4).unwrap_or(0));
                if len >= 20 {
                    cx.s(",0x");
                    fmt::put_hex(cx.out, be64(12).unwrap_or(0));
                }
                if (len == 22 && !csum) || len == 24 {
                    if let Some(b) = opt.get(20..22) {
                        cx.s(",data_len=");
                        cx.u(u16::from_be_bytes([b[0], b[1]]) as u64);
                    }
                }
                cx.b(b'}');
            }
            true
        }
        1 => {
            let ok = (len == 12 && flags & SYN != 0)
                || (len == 16 && flags & (SYN | ACK) == SYN | ACK)
                || (len == 24 && flags & ACK != 0);
            if !ok {
                return false;
            }
            if len != 24 {
                if opt[2] & 0x01 != 0 {
                    cx.s(" backup");
                }
                cx.s(" id ");
                cx.u(opt[3] as u64);
            }
            match len {
                12 => {
                    cx.s(" token 0x");
                    fmt::put_hex(cx.out, be32(4).unwrap_or(0) as u64);
                    cx.s(" nonce 0x");
                    fmt::put_hex(cx.out, be32(8).unwrap_or(0) as u64);
                }
                16 => {
                    cx.s(" hmac 0x");
                    fmt::put_hex(cx.out, be64(4).unwrap_or(0));
                    cx.s(" nonce 0x");
                    fmt::put_hex(cx.out, be32(12).unwrap_or(0) as u64);
                }
                _ => {
                    cx.s(" hmac 0x");
                    for &b in &opt[4..24] {
                        fmt::put_hex2(cx.out, b);
                    }
                }
            }
            true
        }
        2 => {
            if len < 4 || flags & SYN != 0 {
                return false;
            }
            let f = opt[3];
            if f & 0x10 != 0 {
                cx.s(" fin");
            }
            let mut at = 4;
            if f & 0x01 != 0 {
                cx.s(" ack ");
                if f & 0x02 != 0 {
                    let Some(v) = be64(at) else { return false };
                    cx.u(v);
                    at += 8;
                } else {
                    let Some(v) = be32(at) else { return false };
                    cx.u(v as u64);
                    at += 4;
                }
            }
            if f & 0x04 != 0 {
                cx.s(" seq ");
                if f & 0x08 != 0 {
                    let Some(v) = be64(at) else { return false };
                    cx.u(v);
                    at += 8;
                } else {
                    let Some(v) = be32(at) else { return false };
                    cx.u(v as u64);
                    at += 4;
                }
                let Some(v) = be32(at) else { return false };
                cx.s(" subseq ");
                cx.u(v as u64);
                at += 4;
                let Some(l) = opt.get(at..at + 2) else {
                    return false;
                };
                cx.s(" len ");
                cx.u(u16::from_be_bytes([l[0], l[1]]) as u64);
                at += 2;
                if len - at >= 2 {
                    cx.s(" csum 0x");
                    fmt::put_hex(cx.out, u16::from_be_bytes([opt[at], opt[at + 1]]) as u64);
                    at += 2;
                }
            }
            at == len
        }
        4 => {
            if len < 4 {
                return false;
            }
            cx.s(" id");
            for &id in &opt[3..] {
                cx.b(b' ');
                cx.u(id as u64);
            }
            true
        }
        5 => {
            if len != 3 && len != 4 {
                return false;
            }
            cx.s(if opt[2] & 0x01 != 0 {
                " backup"
            } else {
                " non-backup"
            });
            if len == 4 {
                cx.s(" id ");
                cx.u(opt[3] as u64);
            }
            true
        }
        6 => {
            if len != 12 {
                return false;
            }
            cx.s(" seq ");
            cx.u(be64(4).unwrap_or(0));
            true
        }
        7 => {
            if len != 12 {
                return false;
            }
            cx.s(" key 0x");
            fmt::put_hex(cx.out, be64(4).unwrap_or(0));
            true
        }
        3 => add_addr(cx, opt),
        8 => {
            if len != 4 {
                return false;
            }
            letter_flags(cx, opt[2] & 0x0f, b"    UVWT");
            cx.s(" reason ");
            match TCPRST_REASONS.get(opt[3] as usize) {
                Some(r) => cx.s(r),
                None => {
                    cx.s("unknown (0x");
                    fmt::put_hex_padded(cx.out, opt[3] as u64, 2);
                    cx.b(b')');
                }
            }
            true
        }
        _ => true,
    }
}

/// MP_TCPRST reason codes (RFC 8684 3.6).
const TCPRST_REASONS: [&str; 7] = [
    "Unspecified error",
    "MPTCP-specific error",
    "Lack of resources",
    "Administratively prohibited",
    "Too much outstanding data",
    "Unacceptable performance",
    "Middlebox interference",
];

/// ` flags [..]`: one letter per set bit, most significant first
/// (a space in `letters` is a bit without a name); `none` if none.
fn letter_flags(cx: &mut Ctx, f: u8, letters: &[u8; 8]) {
    cx.s(" flags [");
    let mut any = false;
    for (i, &c) in letters.iter().enumerate() {
        if c != b' ' && f & (0x80 >> i) != 0 {
            cx.b(c);
            any = true;
        }
    }
    if !any {
        cx.s("none");
    }
    cx.b(b']');
}

/// ADD_ADDR: the version/echo nibble, the address id, an IPv4 or IPv6
/// address by the option's length, with or without a port and a MAC.
fn add_addr(cx: &mut Ctx, opt: &[u8]) -> bool {
    let len = opt.len();
    // (address length, port present, MAC present) per option length.
    let (alen, port, mac) = match len {
        8 => (4, false, false),
        10 => (4, true, false),
        16 => (4, false, true),
        18 => (4, true, true),
        20 => (16, false, false),
        22 => (16, true, false),
        28 => (16, false, true),
        30 => (16, true, true),
        _ => return false,
    };
    cx.b(b' ');
    cx.s(match opt[2] & 0x0f {
        0x6 => "v0-ip6",
        0x4 => "v0-ip4",
        0x1 => "v1-echo",
        0x0 => "v1",
        _ => "[bad version/echo]",
    });
    cx.s(" id ");
    cx.u(opt[3] as u64);
    cx.b(b' ');
    if alen == 4 {
        cx.ipv4(&opt[4..8]);
    } else {
        cx.ipv6(&opt[4..20]);
    }
    let mut at = 4 + alen;
    if port {
        cx.b(b':');
        cx.u(u16::from_be_bytes([opt[at], opt[at + 1]]) as u64);
        at += 2;
    }
    if mac {
        cx.s(" hmac 0x");
        fmt::put_hex(
            cx.out,
            u64::from_be_bytes(opt[at..at + 8].try_into().unwrap()),
        );
    }
    true
}
