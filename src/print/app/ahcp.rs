//! AHCP, the Ad-Hoc Configuration Protocol (version 1), on UDP port 5359:
//! the header with `-v`, the options with `-vv`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static MESSAGES: &[(u8, &str)] = &[
    (0, "Discover"),
    (1, "Offer"),
    (2, "Request"),
    (3, "Ack"),
    (4, "Nack"),
    (5, "Release"),
];

static OPTIONS: &[(u8, &str)] = &[
    (0, "Pad"),
    (1, "Mandatory"),
    (2, "Origin Time"),
    (3, "Expires"),
    (4, "My-IPv6-Address"),
    (5, "My-IPv4-Address"),
    (6, "IPv6 Prefix"),
    (7, "IPv4 Prefix"),
    (8, "IPv6 Address"),
    (9, "IPv4 Address"),
    (10, "IPv6 Prefix Delegation"),
    (11, "IPv4 Prefix Delegation"),
    (12, "Name Server"),
    (13, "NTP Server"),
];

fn name(cx: &mut Ctx, table: &[(u8, &'static str)], v: u8) {
    match tables::lookup(table, v) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown-");
            cx.u(v as u64);
        }
    }
}

/// ` (invalid)`, then the truncation check of the bytes it covers.
fn bad(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    invalid(cx, d, at, len)
}

/// How an option's value prints.
#[derive(Clone, Copy)]
enum Value {
    Time,
    Seconds,
    /// Addresses (4 or 16 bytes), or prefixes (with a length byte).
    Addrs {
        size: usize,
        prefix: bool,
    },
}

fn value_kind(option: u8) -> Option<Value> {
    Some(match option {
        2 => Value::Time,
        3 => Value::Seconds,
        4 | 8 | 12 | 13 => Value::Addrs {
            size: 16,
            prefix: false,
        },
        5 | 9 => Value::Addrs {
            size: 4,
            prefix: false,
        },
        6 | 10 => Value::Addrs {
            size: 16,
            prefix: true,
        },
        11 => Value::Addrs {
            size: 4,
            prefix: true,
        },
        _ => return None,
    })
}

fn value(cx: &mut Ctx, d: &[u8], mut at: usize, len: usize, kind: Value) -> R {
    match kind {
        Value::Time | Value::Seconds => {
            if len != 4 {
                return bad(cx, d, at, len);
            }
            let v = d.be32(at)?;
            cx.s(": ");
            if let Value::Seconds = kind {
                cx.u(v as u64);
                cx.b(b's');
            } else {
                let mut iso = Vec::new();
                fmt::put_utc_iso(&mut iso, v as i64);
                // YYYY-MM-DDTHH:MM:SSZ as "YYYY-MM-DD HH:MM:SS UTC".
                for c in iso.iter_mut() {
                    if *c == b'T' {
                        *c = b' ';
                    }
                }
                iso.pop();
                cx.out.extend_from_slice(&iso);
                cx.s(" UTC");
            }
        }
        Value::Addrs { size, prefix } => {
            let step = size + prefix as usize;
            let mut left = len;
            let mut sep = ": ";
            while left != 0 {
                if left < step {
                    return bad(cx, d, at, left);
                }
                let a = d.range(at, size)?;
                let plen = if prefix {
                    Some(d.u8_at(at + size)?)
                } else {
                    None
                };
                cx.s(sep);
                if size == 16 {
                    cx.ipv6(a);
                } else {
                    cx.ipv4(a);
                }
                if let Some(p) = plen {
                    cx.b(b'/');
                    cx.u(p as u64);
                }
                at += step;
                left -= step;
                sep = ", ";
            }
        }
    }
    Ok(())
}

fn options(cx: &mut Ctx, d: &[u8], mut at: usize, mut len: usize) -> R {
    while len != 0 {
        let option = d.u8_at(at)?;
        at += 1;
        len -= 1;
        cx.s("\n\t ");
        name(cx, OPTIONS, option);
        if option == 0 || option == 1 {
            continue;
        }
        if len == 0 {
            return bad(cx, d, at, len);
        }
        let olen = d.u8_at(at)? as usize;
        at += 1;
        len -= 1;
        if olen > len {
            return bad(cx, d, at, len);
        }
        match value_kind(option) {
            Some(kind) => value(cx, d, at, olen, kind)?,
            None => {
                cx.s(" (Length ");
                cx.u(olen as u64);
                cx.b(b')');
                d.range(at, olen)?;
            }
        }
        at += olen;
        len -= olen;
    }
    Ok(())
}

fn body(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 4 {
        return bad(cx, d, at, len);
    }
    let (t, mbz) = (d.u8_at(at)?, d.u8_at(at + 1)?);
    let body_len = d.be16(at + 2)? as usize;
    let (at, len) = (at + 4, len - 4);
    if cx.opts.verbose > 0 {
        cx.s("\n\t");
        name(cx, MESSAGES, t);
        if mbz != 0 {
            cx.s(", MBZ ");
            cx.u(mbz as u64);
        }
        cx.s(", Length ");
        cx.u(body_len as u64);
    }
    if body_len > len {
        return bad(cx, d, at, len);
    }
    if cx.opts.verbose >= 2 {
        options(cx, d, at, body_len)
    } else {
        d.range(at, body_len)?;
        Ok(())
    }
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "ahcp";
    cx.s("AHCP");
    let d = p.captured;
    let len = p.length;
    if len < 2 || d.u8_at(0)? != 43 {
        bad(cx, d, 0, len)?;
        return Ok(true);
    }
    let version = d.u8_at(1)?;
    let (at, len) = (2usize, len - 2);
    if version != 1 {
        cx.s(" Version ");
        cx.u(version as u64);
        cx.s(" (unknown)");
        d.range(at, len)?;
        return Ok(true);
    }
    cx.s(" Version 1");
    if len < 22 {
        bad(cx, d, at, len)?;
        return Ok(true);
    }
    if cx.opts.verbose == 0 {
        d.range(at, 22)?;
    } else {
        let hops = d.u8_at(at)?;
        cx.s("\n\tHopcount ");
        cx.u(hops as u64);
        let original = d.u8_at(at + 1)?;
        cx.s(", Original Hopcount ");
        cx.u(original as u64);
        let nonce = d.be32(at + 2)?;
        cx.s(", Nonce 0x");
        fmt::put_hex_padded(cx.out, nonce as u64, 8);
        for (label, off) in [(", Source Id ", 6), (", Destination Id ", 14)] {
            let id = d.range(at + off, 8)?;
            cx.s(label);
            for (i, &b) in id.iter().enumerate() {
                if i > 0 {
                    cx.b(b':');
                }
                fmt::put_hex2(cx.out, b);
            }
        }
    }
    body(cx, d, at + 22, len - 22)?;
    Ok(true)
}
