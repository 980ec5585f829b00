//! IP over InfiniBand (LINKTYPE_IPOIB, 242): a 44-byte header whose last
//! two bytes before the payload are an EtherType (at offset 40).

use super::ether::ethertype_print;
use crate::print::core::prelude::*;
use crate::print::dispatch;

const HDRLEN: usize = 44;

/// `, ethertype NAME (0xTTTT), length N: `.
fn header(cx: &mut Ctx, t: u16, length: usize) {
    cx.s(", ");
    if cx.opts.quiet {
        cx.s("ethertype ");
        cx.s(ethertype_name(t).unwrap_or("Unknown"));
    } else {
        ethertype_print(cx, t);
    }
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(": ");
}

pub fn ipoib(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ipoib";
    if d.len() < HDRLEN {
        cx.trunc_marker();
        *ll_len = d.len();
        return Ok(());
    }
    let t = d.be16(40)?;
    if cx.opts.link_header {
        cx.s("IPOIB");
        header(cx, t, length);
    }
    *ll_len = HDRLEN;
    let p = &d[HDRLEN..];
    if !dispatch::ethertype(cx, t, p, length - HDRLEN)? {
        if !cx.opts.link_header {
            header(cx, t, length);
        }
        cx.default_print_unless_dumped(p);
    }
    Ok(())
}
