//! Minimal encapsulation within IP (RFC 2004), IP protocol 55: whether
//! the original source is present, and with `-v` the original addresses
//! and protocol.

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "mobile";
    let d = p.data;
    cx.s("mobile: ");
    if p.length < 8 {
        cx.bad_len("length", p.length as u64, "<", 8);
        cx.s(" (invalid)");
        return Ok(());
    }
    let h = d.range(0, 12)?;
    let proto = h.be16(0)?;
    let crc = h.be16(2)?;
    let with_src = proto & 0x0080 != 0;
    if with_src {
        cx.s("[S] ");
        if cx.opts.verbose > 0 {
            cx.ipv4(&h[8..12]);
            cx.b(b' ');
        }
    } else {
        cx.s("[] ");
    }
    if cx.opts.verbose > 0 {
        cx.s("> ");
        cx.ipv4(&h[4..8]);
        cx.s(" (oproto=");
        cx.u((proto >> 8) as u64);
        cx.b(b')');
    }
    let covered = if with_src { 12 } else { 8 };
    if fold(ones_sum(&h[..covered])) != 0 {
        cx.s(" (bad checksum ");
        cx.u(crc as u64);
        cx.b(b')');
    }
    Ok(())
}
