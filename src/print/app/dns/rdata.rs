//! Resource records as the snapshot summarizes them: owner name (`-v`),
//! class, TTL (`-vvv`), type, and the data of the types it decodes (A,
//! AAAA, A6, names, SOA, MX, TXT, SRV, URI, OPT with its EDNS options,
//! TSIG).

use super::name;
use crate::print::core::prelude::*;

pub const T_OPT: u16 = 41;
const C_IN: u16 = 1;
/// mDNS's cache-flush bit of a record's class.
const CACHE_FLUSH: u16 = 0x8000;

pub fn put_type(cx: &mut Ctx, t: u16) {
    match tables::dns_type_name(t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Type");
            cx.u(t as u64);
        }
    }
}

const CLASSES: &[(u16, &str)] = &[(1, "IN"), (3, "CHAOS"), (4, "HS"), (255, "ANY")];

pub fn put_class(cx: &mut Ctx, c: u16) {
    match tables::lookup(CLASSES, c) {
        Some(n) => cx.s(n),
        None => {
            cx.s("(Class ");
            cx.u(c as u64);
            cx.b(b')');
        }
    }
}

/// EDNS option codes.
const EDNS_OPTIONS: &[(u16, &str)] = &[
    (1, "LLQ"),
    (2, "UL"),
    (3, "NSID"),
    (5, "DAU"),
    (6, "DHU"),
    (7, "N3U"),
    (8, "ECS"),
    (9, "EXPIRE"),
    (10, "COOKIE"),
    (11, "KEEPALIVE"),
    (12, "PADDING"),
    (13, "CHAIN"),
    (14, "KEY-TAG"),
    (16, "CLIENT-TAG"),
    (17, "SERVER-TAG"),
];

/// DNSSEC algorithms (DAU).
const DNSSEC_ALGS: &[(u8, &str)] = &[
    (0, "DELETE"),
    (1, "RSAMD5"),
    (2, "DH"),
    (3, "DS"),
    (5, "RSASHA1"),
    (6, "DSA-NSEC3-SHA1"),
    (7, "RSASHA1-NSEC3-SHA1"),
    (8, "RSASHA256"),
    (10, "RSASHA512"),
    (12, "ECC-GOST"),
    (13, "ECDSAP256SHA256"),
    (14, "ECDSAP384SHA384"),
    (15, "ED25519"),
    (16, "ED448"),
    (252, "INDIRECT"),
    (253, "PRIVATEDNS"),
    (254, "PRIVATEOID"),
];

/// DS hash algorithms (DHU).
const DS_HASHES: &[(u8, &str)] = &[
    (1, "SHA-1"),
    (2, "SHA-256"),
    (3, "GOST_R_34.11-94"),
    (4, "SHA-384"),
];

/// NSEC3 hash algorithms (N3U).
const NSEC3_HASHES: &[(u8, &str)] = &[(1, "SHA-1")];

/// A question: ` TYPE[ CLASS][ (QU|QM)]? name`; the offset after it.
pub fn question(cx: &mut Ctx, m: &[u8], at: usize, mdns: bool) -> R<Option<usize>> {
    let Some(after) = name::skip(m, at).filter(|&a| m.has(a, 4)) else {
        return Ok(None);
    };
    cx.b(b' ');
    put_type(cx, m.be16(after)?);
    let raw = m.be16(after + 2)?;
    let class = if mdns { raw & !CACHE_FLUSH } else { raw };
    if class != C_IN {
        cx.b(b' ');
        put_class(cx, class);
    }
    if mdns {
        cx.s(if raw & CACHE_FLUSH != 0 {
            " (QU)"
        } else {
            " (QM)"
        });
    }
    cx.s("? ");
    Ok(name::print(cx, m, at, 0)?.map(|end| end + 4))
}

/// A resource record; the offset after it (the end of the capture when
/// its header is not all there), `None` where the printer gives up.
pub fn record(cx: &mut Ctx, m: &[u8], at: usize, mdns: bool) -> R<Option<usize>> {
    let cp = if cx.opts.verbose > 0 {
        cx.b(b' ');
        match name::print(cx, m, at, 0)? {
            Some(cp) => Some(cp),
            None => return Ok(None),
        }
    } else {
        name::skip(m, at)
    };
    let Some(mut cp) = cp.filter(|&cp| m.has(cp, 10)) else {
        return Ok(Some(m.len()));
    };
    let typ = m.be16(cp)?;
    let raw = m.be16(cp + 2)?;
    cp += 4;
    let class = if mdns { raw & !CACHE_FLUSH } else { raw };
    if class != C_IN && typ != T_OPT {
        cx.b(b' ');
        put_class(cx, class);
    }
    if mdns && raw & CACHE_FLUSH != 0 {
        cx.s(" (Cache flush)");
    }
    let mut opt_flags = 0;
    if typ == T_OPT {
        opt_flags = m.be16(cp + 2)?;
    } else if cx.opts.verbose > 2 {
        cx.s(" [");
        cx.relts(m.be32(cp)?);
        cx.b(b']');
    }
    cp += 4;
    let len = m.be16(cp)? as usize;
    cp += 2;
    cx.b(b' ');
    put_type(cx, typ);
    if !m.has(cp, len) {
        return Ok(None);
    }
    let rp = cp + len;
    let done = match typ {
        1 => match m.get(cp..cp + 4) {
            Some(a) => {
                cx.b(b' ');
                fmt::put_ipv4(cx.out, a);
                true
            }
            None => false,
        },
        2 | 5 | 12 | 39 => {
            cx.b(b' ');
            name::print(cx, m, cp, 0)?.is_some()
        }
        6 => cx.opts.verbose == 0 || soa(cx, m, cp)?.is_some(),
        15 => {
            cx.b(b' ');
            m.has(cp, 2) && {
                let ok = name::print(cx, m, cp + 2, 0)?.is_some();
                if ok {
                    cx.b(b' ');
                    cx.u(m.be16(cp)? as u64);
                }
                ok
            }
        }
        16 => txt(cx, m, cp, rp),
        33 => {
            cx.b(b' ');
            m.has(cp, 6) && {
                let ok = name::print(cx, m, cp + 6, 0)?.is_some();
                if ok {
                    cx.b(b':');
                    cx.u(m.be16(cp + 4)? as u64);
                    cx.b(b' ');
                    cx.u(m.be16(cp)? as u64);
                    cx.b(b' ');
                    cx.u(m.be16(cp + 2)? as u64);
                }
                ok
            }
        }
        28 => match m.get(cp..cp + 16) {
            Some(a) => {
                cx.b(b' ');
                fmt::put_ipv6(cx.out, a);
                true
            }
            None => false,
        },
        38 => a6(cx, m, cp)?,
        256 => uri(cx, m, cp, len),
        T_OPT => opt(cx, m, cp, rp, class, opt_flags)?,
        250 => cx.opts.verbose == 0 || tsig(cx, m, cp)?.is_some(),
        _ => true,
    };
    Ok(done.then_some(rp))
}

/// SOA with `-v`: the two names and the five numbers.
fn soa(cx: &mut Ctx, m: &[u8], cp: usize) -> R<Option<()>> {
    cx.b(b' ');
    let Some(cp) = name::print(cx, m, cp, 0)? else {
        return Ok(None);
    };
    cx.b(b' ');
    let Some(cp) = name::print(cx, m, cp, 0)? else {
        return Ok(None);
    };
    if !m.has(cp, 20) {
        return Ok(None);
    }
    for k in 0..5 {
        cx.b(b' ');
        cx.u(m.be32(cp + 4 * k)? as u64);
    }
    Ok(Some(()))
}

/// TXT: each character string quoted.
fn txt(cx: &mut Ctx, m: &[u8], mut cp: usize, rp: usize) -> bool {
    while cp < rp {
        cx.s(" \"");
        let Some(&n) = m.get(cp) else {
            return false;
        };
        if !name::printn(cx, m, cp + 1, n as usize) {
            return false;
        }
        cp += 1 + n as usize;
        cx.b(b'"');
    }
    true
}

/// A6 (RFC 2874): prefix length, address suffix, prefix name.
fn a6(cx: &mut Ctx, m: &[u8], cp: usize) -> R<bool> {
    let Some(&pbit) = m.get(cp) else {
        return Ok(false);
    };
    let pbyte = (pbit & !7) as usize / 8;
    if pbit > 128 {
        cx.b(b' ');
        cx.u(pbit as u64);
        cx.s("(bad plen)");
        return Ok(true);
    }
    if pbit < 128 {
        let mut a = [0u8; 16];
        a[pbyte..].copy_from_slice(m.range(cp + 1, 16 - pbyte)?);
        cx.b(b' ');
        cx.u(pbit as u64);
        cx.b(b' ');
        fmt::put_ipv6(cx.out, &a);
    }
    if pbit > 0 {
        cx.b(b' ');
        return Ok(name::print(cx, m, cp + 1 + 16 - pbyte, 0)?.is_some());
    }
    Ok(true)
}

/// URI (RFC 7553): priority, weight, target.
fn uri(cx: &mut Ctx, m: &[u8], cp: usize, len: usize) -> bool {
    if len < 4 {
        cx.s(" len ");
        cx.u(len as u64);
        cx.s(" is too short (< 4)");
        return true;
    }
    let (Ok(prio), Ok(weight)) = (m.be16(cp), m.be16(cp + 2)) else {
        return false;
    };
    cx.b(b' ');
    cx.u(prio as u64);
    cx.b(b' ');
    cx.u(weight as u64);
    cx.b(b' ');
    name::printn(cx, m, cp + 4, len - 4)
}

/// TSIG with `-v`: algorithm, fudge, MAC length, original id, error and
/// other-data length.
fn tsig(cx: &mut Ctx, m: &[u8], cp: usize) -> R<Option<()>> {
    cx.b(b' ');
    let Some(mut cp) = name::print(cx, m, cp, 0)? else {
        return Ok(None);
    };
    cp += 6;
    for field in [" fudge=", " maclen=", " origid=", " error=", " otherlen="] {
        let Ok(v) = m.be16(cp) else {
            return Ok(None);
        };
        cx.s(field);
        cx.u(v as u64);
        cp += 2;
        if field == " maclen=" {
            cp += v as usize;
        }
    }
    Ok(Some(()))
}

/// OPT: the UDP payload size, the DO bit and the EDNS options.
fn opt(cx: &mut Ctx, m: &[u8], mut cp: usize, rp: usize, size: u16, flags: u16) -> R<bool> {
    cx.s(" UDPsize=");
    cx.u(size as u64);
    if flags & 0x8000 != 0 {
        cx.s(" DO");
    }
    if cp < rp {
        cx.s(" [");
        while cp < rp {
            match edns_option(cx, m, cp)? {
                Some(next) => cp = next,
                None => return Ok(false),
            }
            if cp < rp {
                cx.b(b',');
            }
        }
        cx.b(b']');
    }
    Ok(true)
}

/// One EDNS option (which may run past the record); the offset after it.
fn edns_option(cx: &mut Ctx, m: &[u8], cp: usize) -> R<Option<usize>> {
    let Ok(code) = m.be16(cp) else {
        return Ok(None);
    };
    match tables::lookup(EDNS_OPTIONS, code) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Opt");
            cx.u(code as u64);
        }
    }
    let Ok(len) = m.be16(cp + 2) else {
        return Ok(None);
    };
    let (at, len) = (cp + 4, len as usize);
    let Some(d) = m.get(at..at + len) else {
        return Ok(None);
    };
    if len > 0 {
        cx.b(b' ');
        match code {
            8 => ecs(cx, d),
            10 => {
                if len < 8 || (len > 8 && len < 16) || len > 40 {
                    cx.s(" (invalid)");
                } else {
                    for (i, b) in d.iter().enumerate() {
                        if i == 8 {
                            cx.b(b' ');
                        }
                        fmt::put_hex2(cx.out, *b);
                    }
                }
            }
            11 => match d {
                // In units of 100 ms.
                [a, b] => cx.s(&format!(
                    "{:.1} sec",
                    u16::from_be_bytes([*a, *b]) as f64 / 10.0
                )),
                _ => cx.s(" (invalid)"),
            },
            9 => match d {
                [a, b, c, e] => {
                    cx.u(u32::from_be_bytes([*a, *b, *c, *e]) as u64);
                    cx.s(" sec");
                }
                _ => cx.s(" (invalid)"),
            },
            12 => {
                cx.b(b'(');
                cx.u(len as u64);
                cx.b(b')');
            }
            14 => {
                if len % 2 != 0 {
                    cx.s(" (invalid)");
                } else {
                    for (i, t) in d.chunks(2).enumerate() {
                        if i > 0 {
                            cx.b(b' ');
                        }
                        cx.u(u16::from_be_bytes([t[0], t[1]]) as u64);
                    }
                }
            }
            5 => algorithms(cx, d, DNSSEC_ALGS),
            6 => algorithms(cx, d, DS_HASHES),
            7 => algorithms(cx, d, NSEC3_HASHES),
            13 => {
                // Compression offsets count from the end of the option.
                name::print(cx, m, at, at + len)?;
            }
            _ => {
                for &b in d {
                    fmt::put_hex2(cx.out, b);
                }
            }
        }
    }
    Ok(Some(at + len))
}

fn algorithms(cx: &mut Ctx, d: &[u8], names: &[(u8, &'static str)]) {
    for (i, &a) in d.iter().enumerate() {
        if i > 0 {
            cx.b(b' ');
        }
        match tables::lookup(names, a) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Alg_");
                cx.u(a as u64);
            }
        }
    }
}

/// Client subnet (RFC 7871): `address/source/scope`, the address padded
/// with zeros.
fn ecs(cx: &mut Ctx, d: &[u8]) {
    if d.len() < 4 {
        cx.s(" (invalid)");
        return;
    }
    let family = u16::from_be_bytes([d[0], d[1]]);
    let (src, scope) = (d[2] as usize, d[3] as usize);
    let bits = match family {
        1 => 32,
        2 => 128,
        _ => {
            cx.s(" (invalid)");
            return;
        }
    };
    let alen = d.len() - 4;
    if alen > bits / 8 || src > bits || scope > bits || src.div_ceil(8) != alen {
        cx.s(" (invalid)");
        return;
    }
    let mut a = [0u8; 16];
    a[..alen].copy_from_slice(&d[4..]);
    if family == 1 {
        fmt::put_ipv4(cx.out, &a[..4]);
    } else {
        fmt::put_ipv6(cx.out, &a);
    }
    cx.b(b'/');
    cx.u(src as u64);
    cx.b(b'/');
    cx.u(scope as u64);
}
