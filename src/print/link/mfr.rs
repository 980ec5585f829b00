//! Multilink Frame Relay (FRF.16, LINKTYPE_MFR 182): control frames with
//! their information elements, and fragments whose first one carries a
//! Frame Relay frame.

use crate::print::core::prelude::*;
use crate::print::dispatch;

static MESSAGES: &[(u8, &str)] = &[
    (1, "Add Link"),
    (2, "Add Link ACK"),
    (3, "Add Link Reject"),
    (4, "Hello"),
    (5, "Hello ACK"),
    (6, "Remove Link"),
    (7, "Remove Link ACK"),
];

static IES: &[(u8, &str)] = &[
    (1, "Bundle ID"),
    (2, "Link ID"),
    (3, "Magic Number"),
    (5, "Timestamp"),
    (6, "Vendor Extension"),
    (7, "Cause"),
];

fn flags(cx: &mut Ctx, b: u8) {
    cx.s("Flags [");
    let mut any = false;
    for (bit, name) in [(0x80, "Begin"), (0x40, "End"), (0x20, "Control")] {
        if b & bit != 0 {
            if any {
                cx.s(", ");
            }
            cx.s(name);
            any = true;
        }
    }
    if !any {
        cx.s("none");
    }
    cx.b(b']');
}

pub fn mfr(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "mfr";
    if d.len() < 4 {
        // Fewer than four bytes: marked, nothing to dump.
        *ll_len = d.len();
        cx.trunc_marker();
        return Ok(());
    }
    let b0 = d.u8_at(0)?;
    let b1 = d.u8_at(1)?;
    // A control frame has all of B, E and C set and a zero second byte.
    if b0 & 0xe0 == 0xe0 && b1 == 0 {
        return control(cx, d, length, ll_len);
    }
    let seq = ((b0 as u32 & 0x1e) << 7) | b1 as u32;
    cx.s("FRF.16 Frag, seq ");
    cx.u(seq as u64);
    cx.s(", ");
    flags(cx, b0);
    let (p, len) = (&d[2..], length.saturating_sub(2));
    // A whole frame or a first fragment (B set, C clear) is decoded.
    if matches!(b0 & 0xe0, 0xc0 | 0x80) {
        cx.s(", ");
        let mut inner = 0;
        // tcpdump's -x dump starts after the fragment header only.
        *ll_len = 2;
        dispatch::frame_relay(cx, p, len, &mut inner)?;
        return Ok(());
    }
    hexdump::hex(cx.out, b"\n\t", &d[..d.len().min(length)], 0);
    Ok(())
}

fn control(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    if length < 4 {
        cx.s("[length ");
        cx.u(length as u64);
        cx.s(" < 4] (invalid)");
        return Ok(());
    }
    // The header and the first IE's type are needed first.
    let h = d.range(0, 4)?;
    *ll_len = 3;
    cx.s("FRF.16 Control, ");
    flags(cx, h[0]);
    cx.s(", ");
    match tables::lookup(MESSAGES, h[2]) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown Message (0x");
            fmt::put_hex2(cx.out, h[2]);
            cx.b(b')');
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    let mut at = 3;
    while length - at > 2 {
        // The element header's own check: the marker, and the link
        // header taken as the whole frame (nothing left to dump).
        if !d.has(at, 2) {
            return cut(cx, length, ll_len);
        }
        let t = d.u8_at(at)?;
        let n = d.u8_at(at + 1)? as usize;
        cx.s("\n\tIE ");
        cx.s(tables::lookup(IES, t).unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(t as u64);
        cx.s("), length ");
        cx.u(n as u64);
        cx.s(": ");
        // An element without a value ends the message.
        if n <= 2 {
            return Ok(());
        }
        let Ok(v) = d.range(at + 2, n - 2) else {
            return cut(cx, length, ll_len);
        };
        match t {
            1 | 2 => {
                let s = &v[..v.iter().position(|&c| c == 0).unwrap_or(v.len())];
                for &c in s {
                    fmt::put_safe_char(cx.out, c);
                }
            }
            3 => {
                if v.len() != 4 {
                    cx.s("[IE data length ");
                    cx.u(v.len() as u64);
                    cx.s(" != 4] (invalid)");
                } else {
                    cx.s("0x");
                    fmt::put_hex_padded(cx.out, v.be32(0)? as u64, 8);
                }
            }
            _ => hexdump::hex(cx.out, b"\n\t  ", v, 0),
        }
        if cx.opts.verbose > 1 && t <= 3 {
            hexdump::hex(cx.out, b"\n\t  ", v, 0);
        }
        at += n;
    }
    Ok(())
}

/// A control frame cut short: the marker, and nothing dumped after it
/// (tcpdump counts the whole frame as the link header).
fn cut(cx: &mut Ctx, length: usize, ll_len: &mut usize) -> R {
    cx.trunc_marker();
    *ll_len = length;
    Ok(())
}
