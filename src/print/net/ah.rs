//! The IP Authentication Header (RFC 4302), IP protocol 51: its fields,
//! then the protocol it protects.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, IpPayload};

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "ah";
    let d = p.data;
    // Not a byte of it: the demultiplexer's own check, the marker alone.
    let Some(&next) = d.first() else {
        cx.trunc_marker();
        return Ok(());
    };
    cx.s("AH");
    let words = d.u8_at(1)?;
    let hlen = (words as usize + 2) * 4;
    cx.b(b'(');
    if cx.opts.verbose > 0 {
        cx.s("length=");
        cx.u(words as u64);
        cx.b(b'(');
        cx.u(hlen as u64);
        cx.s("-bytes),");
    }
    let reserved = d.be16(2)?;
    if reserved != 0 {
        cx.s("reserved=0x");
        fmt::put_hex(cx.out, reserved as u64);
        cx.s("[MustBeZero],");
    }
    let spi = d.be32(4)?;
    cx.s("spi=0x");
    fmt::put_hex_padded(cx.out, spi as u64, 8);
    cx.b(b',');
    let seq = d.be32(8)?;
    cx.s("seq=0x");
    fmt::put_hex(cx.out, seq as u64);
    cx.s(",icv=0x");
    for i in 12..hlen {
        fmt::put_hex2(cx.out, d.u8_at(i)?);
    }
    cx.s("): ");
    // The length left is a 32-bit count: a header longer than the
    // packet leaves it huge.
    let length = (p.length as u32).wrapping_sub(hlen as u32) as usize;
    dispatch::ip_demux(
        cx,
        d.get(hlen..).unwrap_or(&[]),
        length,
        p.version,
        p.fragmented,
        next,
        p.net,
    )
}
