//! Apple IP over IEEE 1394 (LINKTYPE_APPLE_IP_OVER_IEEE1394, 138):
//! destination and source EUI-64s and an EtherType.

use super::ether::ethertype_print;
use crate::print::core::prelude::*;
use crate::print::dispatch;

const HDRLEN: usize = 18;

/// `SRC > DST, ethertype NAME (0xTTTT), length N: `.
fn header(cx: &mut Ctx, h: &[u8], length: usize) {
    fmt::put_mac(cx.out, &h[8..16]);
    cx.s(" > ");
    fmt::put_mac(cx.out, &h[0..8]);
    cx.s(", ");
    ethertype_print(cx, u16::from_be_bytes([h[16], h[17]]));
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(": ");
}

pub fn ap1394(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ap1394";
    let h = d.range(0, HDRLEN)?;
    *ll_len = HDRLEN;
    if cx.opts.link_header {
        header(cx, h, length);
    }
    let p = &d[HDRLEN..];
    let t = h.be16(16)?;
    if !dispatch::ethertype(cx, t, p, length - HDRLEN)? {
        if !cx.opts.link_header {
            header(cx, h, length);
        }
        cx.default_print_unless_dumped(p);
    }
    Ok(())
}
