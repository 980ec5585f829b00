//! IP over Fibre Channel (LINKTYPE_IP_OVER_FC, 122, RFC 2625): 8-byte
//! network addresses whose low 48 bits are MAC addresses, then LLC.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const HDRLEN: usize = 16;

pub fn ipfc(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ipfc";
    let h = d.range(0, HDRLEN)?;
    let (dst, src) = (&h[2..8], &h[10..16]);
    if cx.opts.link_header {
        cx.mac(src);
        cx.s(" > ");
        cx.mac(dst);
        cx.s(", length ");
        cx.u(length as u64);
        cx.s(": ");
    }
    let p = &d[HDRLEN..];
    let n = dispatch::llc_frame(cx, Some((src, dst)), p, length - HDRLEN)?;
    *ll_len = HDRLEN + n;
    Ok(())
}
