//! BIND 9's lightweight resolver protocol (lwres) on UDP port 921: the
//! packet header, then the queries (by name, by address, rdata by name)
//! and their responses.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const NOOP: u32 = 0;
const GETADDRSBYNAME: u32 = 0x0001_0001;
const GETNAMEBYADDR: u32 = 0x0001_0002;
const GETRDATABYNAME: u32 = 0x0001_0003;
const HEADER_LEN: usize = 28;

static OPCODES: &[(u32, &str)] = &[
    (NOOP, "noop"),
    (GETADDRSBYNAME, "getaddrsbyname"),
    (GETNAMEBYADDR, "getnamebyaddr"),
    (GETRDATABYNAME, "getrdatabyname"),
];

/// ` name`, then the NUL that should end it; the bytes used.
fn name(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R<usize> {
    cx.b(b' ');
    for i in 0..len {
        fmt::put_safe_char(cx.out, d.u8_at(at + i)?);
    }
    if d.u8_at(at + len)? != 0 {
        cx.s(" (not NUL-terminated!)");
    }
    Ok(len + 1)
}

/// A length-prefixed name; the bytes used.
fn name_with_len(cx: &mut Ctx, d: &[u8], at: usize) -> R<usize> {
    let len = d.be16(at)? as usize;
    Ok(2 + name(cx, d, at + 2, len)?)
}

/// Length-prefixed binary data in hex; the bytes used.
fn binary(cx: &mut Ctx, d: &[u8], at: usize) -> R<usize> {
    let len = d.be16(at)? as usize;
    for i in 0..len {
        fmt::put_hex2(cx.out, d.u8_at(at + 2 + i)?);
    }
    Ok(2 + len)
}

/// An address (family, length, bytes); the bytes used, `None` if too
/// short for its family.
fn address(cx: &mut Ctx, d: &[u8], at: usize) -> R<Option<usize>> {
    let len = d.be16(at + 4)? as usize;
    let p = at + 6;
    d.range(p, len)?;
    let family = d.be32(at)?;
    match family {
        1 => {
            if len < 4 {
                return Ok(None);
            }
            cx.b(b' ');
            cx.ipv4(d.range(p, 4)?);
            Ok(Some(6 + 4))
        }
        2 => {
            if len < 16 {
                return Ok(None);
            }
            cx.b(b' ');
            cx.ipv6(d.range(p, 16)?);
            Ok(Some(6 + 16))
        }
        _ => {
            cx.b(b' ');
            cx.u(family as u64);
            cx.b(b'/');
            for i in 0..len {
                fmt::put_hex2(cx.out, d.u8_at(p + i)?);
            }
            Ok(Some(6 + len))
        }
    }
}

fn rr_type_class(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let rdtype = d.be16(at + 6)?;
    cx.b(b' ');
    match tables::dns_type_name(rdtype) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Type");
            cx.u(rdtype as u64);
        }
    }
    let class = d.be16(at + 4)?;
    if class != 1 {
        cx.b(b' ');
        match class {
            3 => cx.s("CHAOS"),
            4 => cx.s("HS"),
            255 => cx.s("ANY"),
            c => {
                cx.s("Class");
                cx.u(c as u64);
            }
        }
    }
    Ok(())
}

fn flags(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    if cx.opts.verbose > 2 {
        let f = d.be32(at)?;
        cx.s(" flags:0x");
        fmt::put_hex(cx.out, f as u64);
    }
    Ok(())
}

/// A query's body from `p`; the offset after it, `None` if invalid.
fn query(cx: &mut Ctx, d: &[u8], op: u32, p: usize) -> R<Option<usize>> {
    Ok(Some(match op {
        GETADDRSBYNAME => {
            d.range(p + 8, 2)?;
            flags(cx, d, p)?;
            let types = d.be32(p + 4)?;
            match types & 3 {
                1 => cx.s(" IPv4"),
                2 => cx.s(" IPv6"),
                3 => cx.s(" IPv4/6"),
                _ => {}
            }
            if types & !3 != 0 {
                cx.s("[0x");
                fmt::put_hex(cx.out, types as u64);
                cx.b(b']');
            }
            let len = d.be16(p + 8)? as usize;
            p + 10 + name(cx, d, p + 10, len)?
        }
        GETNAMEBYADDR => {
            d.range(p, 4)?;
            flags(cx, d, p)?;
            let Some(n) = address(cx, d, p + 4)? else {
                return Ok(None);
            };
            p + 4 + n
        }
        _ => {
            // GETRDATABYNAME
            d.range(p + 8, 2)?;
            flags(cx, d, p)?;
            rr_type_class(cx, d, p)?;
            let len = d.be16(p + 8)? as usize;
            p + 10 + name(cx, d, p + 10, len)?
        }
    }))
}

/// A response's body from `p`; the offset after it, `None` if invalid.
fn response(cx: &mut Ctx, d: &[u8], op: u32, p: usize) -> R<Option<usize>> {
    Ok(Some(match op {
        GETADDRSBYNAME => {
            d.range(p + 8, 2)?;
            flags(cx, d, p)?;
            let (aliases, addrs) = (d.be16(p + 4)?, d.be16(p + 6)?);
            cx.b(b' ');
            cx.u(aliases as u64);
            cx.b(b'/');
            cx.u(addrs as u64);
            let len = d.be16(p + 8)? as usize;
            let mut s = p + 10 + name(cx, d, p + 10, len)?;
            for _ in 0..aliases {
                s += name_with_len(cx, d, s)?;
            }
            for _ in 0..addrs {
                let Some(n) = address(cx, d, s)? else {
                    return Ok(None);
                };
                s += n;
            }
            s
        }
        GETNAMEBYADDR => {
            d.range(p + 6, 2)?;
            flags(cx, d, p)?;
            let aliases = d.be16(p + 4)?;
            cx.b(b' ');
            cx.u(aliases as u64);
            let len = d.be16(p + 6)? as usize;
            let mut s = p + 8 + name(cx, d, p + 8, len)?;
            for _ in 0..aliases {
                s += name_with_len(cx, d, s)?;
            }
            s
        }
        _ => {
            // GETRDATABYNAME
            d.range(p + 14, 2)?;
            flags(cx, d, p)?;
            rr_type_class(cx, d, p)?;
            let ttl = d.be32(p + 8)?;
            cx.s(" TTL ");
            cx.relts(ttl);
            let (nrdatas, nsigs) = (d.be16(p + 12)?, d.be16(p + 14)?);
            cx.b(b' ');
            cx.u(nrdatas as u64);
            cx.b(b'/');
            cx.u(nsigs as u64);
            let mut s = p + 16;
            s += name_with_len(cx, d, s)?;
            for _ in 0..nrdatas as u32 + nsigs as u32 {
                s += binary(cx, d, s)?;
            }
            s
        }
    }))
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "lwres";
    let d = p.captured;
    let length = p.length as u64;
    d.range(0, HEADER_LEN)?;
    cx.s(" lwres");
    let v = d.be16(4)?;
    if cx.opts.verbose > 0 || v != 0 {
        cx.s(" v");
        cx.u(v as u64);
    }
    let pkt_len = d.be32(0)?;
    let mut supported = true;
    let end;
    if v != 0 {
        d.range(0, pkt_len as usize)?;
        end = pkt_len as usize;
    } else {
        let pktflags = d.be16(6)?;
        let is_response = pktflags & 1 != 0;
        let op = d.be32(12)?;
        cx.b(b' ');
        match tables::lookup(OPCODES, op) {
            Some(n) => cx.s(n),
            None => {
                cx.s("#0x");
                fmt::put_hex(cx.out, op as u64);
            }
        }
        if !is_response {
            cx.b(b'?');
        }
        if pktflags & !1 != 0 {
            cx.s("[0x");
            fmt::put_hex(cx.out, pktflags as u64);
            cx.b(b']');
        }
        if cx.opts.verbose > 1 {
            cx.s(" (serial:0x");
            fmt::put_hex(cx.out, d.be32(8)? as u64);
            cx.s(" result:0x");
            fmt::put_hex(cx.out, d.be32(16)? as u64);
            cx.s(" recvlen:");
            cx.u(d.be32(20)? as u64);
            if cx.opts.verbose > 2 {
                cx.s(" authtype:0x");
                fmt::put_hex(cx.out, d.be16(24)? as u64);
                cx.s(" authlen:");
                cx.u(d.be16(26)? as u64);
            }
            cx.b(b')');
        }
        let body = match op {
            NOOP => Some(HEADER_LEN),
            GETADDRSBYNAME | GETNAMEBYADDR | GETRDATABYNAME => {
                if is_response {
                    response(cx, d, op, HEADER_LEN)?
                } else {
                    query(cx, d, op, HEADER_LEN)?
                }
            }
            _ => {
                supported = false;
                Some(HEADER_LEN)
            }
        };
        let Some(s) = body else {
            cx.s(" (invalid)");
            return Ok(true);
        };
        end = s;
    }
    if pkt_len as u64 != length {
        cx.s(" [len: ");
        cx.u(pkt_len as u64);
        cx.s(" != ");
        cx.u(length);
        cx.b(b']');
    }
    if supported && (end as u64) < pkt_len as u64 {
        cx.s("[extra]");
    }
    Ok(true)
}
