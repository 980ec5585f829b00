//! ZMTP/1.0 (the ZeroMQ message transport protocol, version 1) frames,
//! over TCP (`-T zmtp1`) and as carried in PGM ODATA/RDATA datagrams
//! (`-T pgm_zmtp1`).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// How many bytes of a body or intermediate part `-v` shows.
const VBYTES: usize = 128;

/// A TCP payload (`-T zmtp1`): its frames, to the end of the payload or
/// of the capture.
pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "zmtp1";
    cx.s(": ZMTP/1.0");
    let d = p.captured;
    let ep = d.len().min(p.length);
    let mut cp = 0;
    while cp < ep {
        cp = frame(cx, d, cp, ep)?;
    }
    Ok(true)
}

/// A datagram: `len` its declared length (from PGM).
pub fn datagram(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    cx.proto = "zmtp1";
    let mut frame_offset = d.be16(0)? as usize;
    cx.s("\n\t frame offset 0x");
    fmt::put_hex_padded(cx.out, frame_offset as u64, 4);
    let mut cp = 2;
    if len < 2 {
        cx.s(" (exceeds datagram declared length)");
        return Err(Trunc);
    }
    let mut len = len - 2;
    if frame_offset == 0xffff {
        frame_offset = len;
    }
    // What was captured of the declared length.
    let captured = d.len().saturating_sub(cp).min(len);
    if frame_offset > 0 {
        if frame_offset > len {
            cx.s(" (exceeds datagram declared length)");
            return Err(Trunc);
        }
        cx.s("\n\t frame intermediate part, ");
        cx.u(frame_offset as u64);
        cx.s(" bytes");
        if frame_offset > captured {
            cx.s(" (");
            cx.u(captured as u64);
            cx.s(" captured)");
        }
        if cx.opts.verbose > 0 {
            let mut n = frame_offset.min(captured);
            if cx.opts.verbose == 1 {
                n = n.min(VBYTES);
            }
            if n > 1 {
                cx.s(", first ");
                cx.u(n as u64);
                cx.s(" byte(s):");
                hexdump::hex_and_ascii(cx.out, b"\n\t ", &d[cp..cp + n], 0);
            }
        }
        if frame_offset > captured {
            return Ok(());
        }
        cp += frame_offset;
        len -= frame_offset;
    }
    let ep = (cp + len).min(d.len().max(cp));
    while cp < ep {
        cp = frame(cx, d, cp, ep)?;
    }
    Ok(())
}

/// One frame from `cp`, the data ending at `ep`; where the next starts.
fn frame(cx: &mut Ctx, d: &[u8], cp: usize, ep: usize) -> R<usize> {
    cx.s("\n\t");
    let first = d.u8_at(cp)?;
    let (header_len, declared) = if first != 0xff {
        cx.s(" frame flags+body  (8-bit) length ");
        cx.u(first as u64);
        (1usize, first as u64)
    } else {
        cx.s(" frame flags+body (64-bit) length");
        let hi = d.be32(cp + 1)? as u64;
        let lo = d.be32(cp + 5)? as u64;
        let v = hi << 32 | lo;
        cx.b(b' ');
        cx.u(v);
        (9, v)
    };
    if declared == 0 {
        return Ok(cp + header_len);
    }
    let flags = d.u8_at(cp + header_len)?;
    let captured = ep.saturating_sub(cp + header_len) as u64;
    if declared > captured {
        cx.s(" (");
        cx.u(captured);
        cx.s(" captured)");
    }
    cx.s(", flags 0x");
    fmt::put_hex2(cx.out, flags);
    if cx.opts.verbose == 0 {
        return next(d, cp + header_len, declared);
    }
    cx.s(" (");
    cx.flag_names(
        flags as u32,
        &[
            (0x01, "MORE"),
            (0x02, "R1"),
            (0x04, "R2"),
            (0x08, "R3"),
            (0x10, "R4"),
            (0x20, "R5"),
            (0x40, "R6"),
            (0x80, "R7"),
        ],
    );
    cx.b(b')');
    {
        let mut printed = captured.min(declared);
        if cx.opts.verbose == 1 {
            printed = printed.min(VBYTES as u64 + 1);
        }
        if printed > 1 {
            let n = (printed - 1) as usize;
            cx.s(", first ");
            cx.u(n as u64);
            cx.s(" byte(s) of body:");
            let start = cp + header_len + 1;
            let avail = d.len().saturating_sub(start).min(n);
            hexdump::hex_and_ascii(cx.out, b"\n\t ", &d[start..start + avail], 0);
            if avail < n {
                return Err(Trunc);
            }
        }
    }
    next(d, cp + header_len, declared)
}

/// Where the frame whose body (`declared` bytes) starts at `body` ends;
/// `Err` if past the capture.
fn next(d: &[u8], body: usize, declared: u64) -> R<usize> {
    if declared > d.len().saturating_sub(body) as u64 {
        return Err(Trunc);
    }
    Ok(body + declared as usize)
}
