//! ZigBee Encapsulation Protocol (UDP port 17754): version 1 and 2
//! headers (channel, device, link quality, time stamp, sequence), then
//! the IEEE 802.15.4 frame it carries.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, PortPayload};

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    zep(cx, p.captured, p.length).map(|_| true)
}

fn too_short(cx: &mut Ctx, len: usize, min: usize) -> bool {
    if len < min {
        cx.bad_len("len", len as u64, "<", min as u64);
        cx.s(" (invalid)");
        return true;
    }
    false
}

/// An NTP time stamp as `secs.nanos (YYYY-MM-DD HH:MM:SS)`.
fn ntp_time(cx: &mut Ctx, secs: u32, frac: u32) {
    let mut t = Vec::new();
    fmt::put_ntp_time(&mut t, secs, frac);
    // The date with a space before the time, and no zone letter.
    if let Some(open) = t.iter().position(|&c| c == b'(') {
        for c in &mut t[open..] {
            if *c == b'T' {
                *c = b' ';
            }
        }
        if t.ends_with(b"Z)") {
            let n = t.len();
            t.remove(n - 2);
        }
    }
    cx.out.extend_from_slice(&t);
}

pub fn zep(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "zep";
    cx.s("ZEP");
    let e = d.u8_at(0)?;
    if e != b'E' || d.u8_at(1)? != b'X' {
        cx.s(" [Preamble Code: ");
        fmt::put_safe_char(cx.out, e);
        fmt::put_safe_char(cx.out, d.u8_at(1)?);
        cx.s("] (invalid)");
        return Ok(());
    }
    let version = d.u8_at(2)?;
    cx.b(b'v');
    cx.u(version as u64);
    cx.b(b' ');
    let (hdr, inner) = if version == 1 {
        if too_short(cx, length, 16) {
            return Ok(());
        }
        let (chan, dev) = (d.u8_at(3)?, d.be16(4)?);
        cx.s("Channel ID ");
        cx.u(chan as u64);
        cx.s(", Device ID 0x");
        fmt::put_hex_padded(cx.out, dev as u64, 4);
        cx.s(", ");
        lqi(cx, d, 6)?;
        let inner = d.u8_at(15)?;
        cx.s("inner len = ");
        cx.u(inner as u64);
        (16, inner)
    } else if d.u8_at(3)? == 2 {
        if too_short(cx, length, 8) {
            return Ok(());
        }
        let seq = d.be32(4)?;
        cx.s("ACK, seq# = ");
        cx.u(seq as u64);
        (8, 0)
    } else {
        if too_short(cx, length, 32) {
            return Ok(());
        }
        let (t, chan, dev) = (d.u8_at(3)?, d.u8_at(4)?, d.be16(5)?);
        cx.s("Type ");
        cx.u(t as u64);
        cx.s(", Channel ID ");
        cx.u(chan as u64);
        cx.s(", Device ID 0x");
        fmt::put_hex_padded(cx.out, dev as u64, 4);
        cx.s(", ");
        lqi(cx, d, 7)?;
        let (secs, frac) = (d.be32(9)?, d.be32(13)?);
        ntp_time(cx, secs, frac);
        let (seq, inner) = (d.be32(17)?, d.u8_at(31)?);
        cx.s(", seq# = ");
        cx.u(seq as u64);
        cx.s(", inner len = ");
        cx.u(inner as u64);
        (32, inner)
    };
    let (p, len) = (&d[hdr.min(d.len())..], length - hdr);
    if inner != 0 {
        cx.s("\n\t");
        let mut decoded = 0;
        dispatch::ieee802154_inner(cx, p, inner as usize, &mut decoded)?;
        if decoded != 0 {
            p.range(0, len)?;
            return Ok(());
        }
    }
    if !cx.suppress_default_print() {
        cx.default_print(&p[..p.len().min(len)]);
        p.range(0, len)?;
    }
    Ok(())
}

/// `CRC, ` when the frame ends in a checksum, else the link quality.
fn lqi(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    if d.u8_at(at)? != 0 {
        cx.s("CRC, ");
    } else {
        let q = d.u8_at(at + 1)?;
        cx.s("LQI ");
        cx.u(q as u64);
        cx.s(", ");
    }
    Ok(())
}
