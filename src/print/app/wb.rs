//! The LBL whiteboard (wb) on UDP port 4567: page announcements, repair
//! requests and replies, drawing operations, page vectors.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static DRAW_OPS: &[(u8, &str)] = &[
    (2, "RECT"),
    (3, "LINE"),
    (4, "ML"),
    (5, "DEL"),
    (6, "XFORM"),
    (7, "ELL"),
    (8, "CHAR"),
    (9, "STR"),
    (10, "NOP"),
    (11, "PSCODE"),
    (12, "PSCOMP"),
    (13, "REF"),
    (14, "SKIP"),
    (15, "HOLE"),
];

const HEADER: usize = 12;

/// `addr:num` from an address and a number (a page id).
fn page(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let a = d.range(at, 4)?;
    let n = d.be32(at + 4)?;
    cx.ipv4(a);
    cx.b(b':');
    cx.u(n as u64);
    Ok(())
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "wb";
    let d = p.captured;
    if p.length < HEADER {
        cx.s(" (invalid)");
        return Ok(true);
    }
    d.range(0, HEADER)?;
    let len = p.length - HEADER;
    if d.u8_at(11)? != 0 {
        cx.b(b'*');
    }
    let t = d.u8_at(10)?;
    let ok = match t {
        4 => {
            cx.s(" wb-kill");
            return Ok(true);
        }
        1 => id(cx, d, HEADER, len)?,
        2 => {
            cx.s(" wb-rreq:");
            if len < 20 {
                false
            } else {
                let a = d.range(HEADER, 4)?;
                let (sseq, eseq) = (d.be32(HEADER + 12)?, d.be32(HEADER + 16)?);
                d.range(HEADER + 4, 8)?;
                cx.s(" please repair ");
                cx.ipv4(a);
                cx.b(b' ');
                page(cx, d, HEADER + 4)?;
                cx.b(b'<');
                cx.u(sseq as u64);
                cx.b(b':');
                cx.u(eseq as u64);
                cx.b(b'>');
                true
            }
        }
        3 => {
            cx.s(" wb-rrep:");
            if len < 20 {
                false
            } else {
                let a = d.range(HEADER, 4)?;
                d.range(HEADER + 4, 16)?;
                cx.s(" for ");
                cx.ipv4(a);
                cx.b(b' ');
                dop(cx, d, HEADER + 4)?;
                true
            }
        }
        0 => {
            cx.s(" wb-dop:");
            if len < 16 {
                false
            } else {
                d.range(HEADER, 16)?;
                cx.b(b' ');
                dop(cx, d, HEADER)?;
                true
            }
        }
        5 => {
            cx.s(" wb-preq:");
            if len < 16 {
                false
            } else {
                let low = d.be32(HEADER + 8)?;
                d.range(HEADER, 8)?;
                cx.s(" need ");
                cx.u(low as u64);
                cx.b(b'/');
                page(cx, d, HEADER)?;
                d.range(HEADER, 16)?;
                true
            }
        }
        7 => prep(cx, d, HEADER, len)?,
        _ => {
            cx.s(" wb-");
            cx.u(t as u64);
            cx.b(b'!');
            false
        }
    };
    if !ok {
        cx.s(" (invalid)");
    }
    Ok(true)
}

/// `page<sseq:eseq>` of a drawing-operations message, and with `-v` the
/// operations.
fn dop(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let (sseq, eseq) = (d.be32(at + 8)?, d.be32(at + 12)?);
    page(cx, d, at)?;
    cx.b(b'<');
    cx.u(sseq as u64);
    cx.b(b':');
    cx.u(eseq as u64);
    cx.b(b'>');
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    cx.s(" <");
    let mut dh = at + 16;
    let mut ss = sseq;
    // Each operation moves on by at least 8 bytes, so the capture ends
    // the walk.
    while ss <= eseq {
        let t = d.u8_at(dh + 7)?;
        cx.b(b' ');
        match tables::lookup(DRAW_OPS, t) {
            Some(n) => cx.s(n),
            None => {
                cx.s("dop-");
                cx.u(t as u64);
                cx.b(b'!');
            }
        }
        if t == 14 || t == 15 {
            let ts = d.be32(dh)?;
            cx.u(ts.wrapping_sub(ss).wrapping_add(1) as u64);
            if ss > ts || ts > eseq {
                cx.s("[|]");
                if ts < ss {
                    return Ok(());
                }
            }
            ss = ts;
        }
        let len = d.be16(dh + 4)? as usize;
        dh += (len + 8 + 3) & !3;
        match ss.checked_add(1) {
            Some(n) => ss = n,
            None => break,
        }
    }
    cx.s(" >");
    Ok(())
}

fn id(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R<bool> {
    cx.s(" wb-id:");
    if len < 28 {
        return Ok(false);
    }
    let len = len - 28;
    let slot = d.be32(at + 12)?;
    let sid = d.range(at + 16, 4)?;
    let uid = d.be32(at + 20)?;
    let mslot = d.be32(at)?;
    let msid = d.range(at + 4, 4)?;
    let muid = d.be32(at + 8)?;
    cx.b(b' ');
    cx.u(slot as u64);
    cx.b(b'/');
    cx.ipv4(sid);
    cx.b(b':');
    cx.u(uid as u64);
    cx.s(" (max ");
    cx.u(mslot as u64);
    cx.b(b'/');
    cx.ipv4(msid);
    cx.b(b':');
    cx.u(muid as u64);
    cx.s(") ");
    d.range(at, 28)?;
    let nid = d.be16(at + 24)? as usize;
    if len < 8 * nid {
        return Ok(false);
    }
    let len = len - 8 * nid;
    let mut io = at + 28;
    let mut c = b'<';
    for _ in 0..nid {
        let a = d.range(io, 4)?;
        let off = d.be32(io + 4)?;
        cx.b(c);
        cx.ipv4(a);
        cx.b(b':');
        cx.u(off as u64);
        c = b',';
        io += 8;
    }
    cx.s("> \"");
    for i in 0..len {
        let ch = d.u8_at(io + i)?;
        if ch == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, ch);
    }
    cx.b(b'"');
    Ok(true)
}

fn prep(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R<bool> {
    cx.s(" wb-prep:");
    if len < 4 {
        return Ok(false);
    }
    let mut n = d.be32(at)?;
    let mut ps = at + 4;
    while n != 0 {
        let slot = d.be32(ps)?;
        let sid = d.range(ps + 4, 4)?;
        let uid = d.be32(ps + 8)?;
        cx.b(b' ');
        cx.u(slot as u64);
        cx.b(b'/');
        cx.ipv4(sid);
        cx.b(b':');
        cx.u(uid as u64);
        d.range(ps, 16)?;
        // tcpdump takes the count of ids from the first byte of the field.
        let nid = d.u8_at(ps + 12)? as usize;
        let mut io = ps + 16;
        let mut c = b'<';
        for _ in 0..nid {
            let a = d.range(io, 4)?;
            let off = d.be32(io + 4)?;
            cx.b(c);
            cx.ipv4(a);
            cx.b(b':');
            cx.u(off as u64);
            c = b',';
            io += 8;
        }
        cx.b(b'>');
        ps = io;
        n -= 1;
    }
    Ok(true)
}
