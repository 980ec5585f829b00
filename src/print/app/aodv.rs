//! AODV (RFC 3561, and the IPv6 forms of draft-perkins-manet-aodv6),
//! UDP port 654: route requests, replies, errors and acknowledgements,
//! and the hello extension.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static TYPES: &[(u8, &str)] = &[(1, "rreq"), (2, "rrep"), (3, "rerr"), (4, "rrep-ack")];

/// The flag names shown from the message's first octet (which holds the
/// type: the snapshot tests these bits there).
static RREQ_FLAGS: &[(u8, &str)] = &[(0x80, "[J]"), (0x40, "[R]"), (0x20, "[G]"), (0x10, "[D]")];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "aodv";
    let d = p.captured;
    let len = p.length;
    cx.s(" aodv");
    let t = d.u8_at(0)?;
    cx.b(b' ');
    match tables::lookup(TYPES, t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("type ");
            cx.u(t as u64);
        }
    }
    let alen = if p.net.is_v6() { 16 } else { 4 };
    match t {
        1 => rreq(cx, d, len, alen)?,
        2 => rrep(cx, d, len, alen)?,
        3 => rerr(cx, d, len, alen)?,
        _ => {
            cx.b(b' ');
            cx.u(len as u64);
        }
    }
    Ok(true)
}

fn addr(cx: &mut Ctx, a: &[u8]) {
    if a.len() == 16 {
        cx.ipv6(a);
    } else {
        cx.ipv4(a);
    }
}

/// ` [message length N < M] (invalid)` when `len` is short of `need`.
fn too_short(cx: &mut Ctx, what: &str, len: usize, need: usize) -> bool {
    if len < need {
        cx.bad_len(what, len as u64, "<", need as u64);
        cx.s(" (invalid)");
        return true;
    }
    false
}

fn rreq(cx: &mut Ctx, d: &[u8], len: usize, alen: usize) -> R {
    let size = 16 + 2 * alen;
    if too_short(cx, "message length", len, size) {
        return Ok(());
    }
    let h = d.range(0, size)?;
    cx.b(b' ');
    cx.u(len as u64);
    cx.b(b' ');
    for &(bit, name) in RREQ_FLAGS {
        if h[0] & bit != 0 {
            cx.s(name);
        }
    }
    cx.s(if h[0] & 0x08 != 0 { "[U] " } else { " " });
    cx.s("hops ");
    cx.u(h[3] as u64);
    cx.s(" id 0x");
    fmt::put_hex_padded(cx.out, h.be32(4)? as u64, 8);
    cx.s("\n\tdst ");
    addr(cx, &h[8..8 + alen]);
    cx.s(" seq ");
    cx.u(h.be32(8 + alen)? as u64);
    cx.s(" src ");
    addr(cx, &h[12 + alen..12 + 2 * alen]);
    cx.s(" seq ");
    cx.u(h.be32(12 + 2 * alen)? as u64);
    extension(cx, d, size, len - size)
}

fn rrep(cx: &mut Ctx, d: &[u8], len: usize, alen: usize) -> R {
    let size = 12 + 2 * alen;
    if too_short(cx, "message length", len, size) {
        return Ok(());
    }
    let h = d.range(0, size)?;
    cx.b(b' ');
    cx.u(len as u64);
    cx.b(b' ');
    if h[0] & 0x80 != 0 {
        cx.s("[R]");
    }
    cx.s(if h[0] & 0x40 != 0 { "[A] " } else { " " });
    cx.s("prefix ");
    cx.u((h[2] & 0x1f) as u64);
    cx.s(" hops ");
    cx.u(h[3] as u64);
    cx.s("\n\tdst ");
    addr(cx, &h[4..4 + alen]);
    cx.s(" dseq ");
    cx.u(h.be32(4 + alen)? as u64);
    cx.s(" src ");
    addr(cx, &h[8 + alen..8 + 2 * alen]);
    cx.b(b' ');
    cx.u(h.be32(8 + 2 * alen)? as u64);
    cx.s(" ms");
    extension(cx, d, size, len - size)
}

fn rerr(cx: &mut Ctx, d: &[u8], len: usize, alen: usize) -> R {
    if too_short(cx, "message length", len, 4) {
        return Ok(());
    }
    let flags = d.u8_at(1)?;
    let count = d.u8_at(3)?;
    cx.s(if flags & 0x80 != 0 { " [D]" } else { " " });
    cx.s(" [items ");
    cx.u(count as u64);
    cx.s("] [");
    cx.u(len as u64);
    cx.s("]:");
    let mut left = len - 4;
    let mut at = 4;
    for _ in 0..count {
        if too_short(cx, "remaining length", left, alen + 4) {
            return Ok(());
        }
        let e = d.range(at, alen + 4)?;
        cx.s(" {");
        addr(cx, &e[..alen]);
        cx.s("}(");
        cx.u(e.be32(alen)? as u64);
        cx.b(b')');
        at += alen + 4;
        left -= alen + 4;
    }
    Ok(())
}

/// An extension after a request or reply, if there is room for its
/// header (`left` bytes).
fn extension(cx: &mut Ctx, d: &[u8], at: usize, left: usize) -> R {
    if left < 2 {
        return Ok(());
    }
    let t = d.u8_at(at)?;
    let elen = d.u8_at(at + 1)?;
    if t != 1 {
        cx.s("\n\text ");
        cx.u(t as u64);
        cx.b(b' ');
        cx.u(elen as u64);
        return Ok(());
    }
    if too_short(cx, "ext data length", left, 6) {
        return Ok(());
    }
    if elen < 4 {
        cx.s("\n\text HELLO - bad length ");
        cx.u(elen as u64);
        cx.s(" (invalid)");
        return Ok(());
    }
    let interval = d.be32(at + 2)?;
    cx.s("\n\text HELLO ");
    cx.u(interval as u64);
    cx.s(" ms");
    Ok(())
}
