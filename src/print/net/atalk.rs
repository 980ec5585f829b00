//! AppleTalk DDP (long header) as ARCNET carries it: the addresses and
//! the DDP type.

use crate::print::core::prelude::*;

const DDP_SIZE: usize = 13;

pub fn atalk(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "atalk";
    if cx.opts.verbose > 0 {
        cx.s("et1 ");
    }
    if !cx.opts.link_header {
        cx.s("AT ");
    }
    if length < DDP_SIZE {
        cx.s(" [length ");
        cx.u(length as u64);
        cx.s(" < 13] (invalid)");
        return Ok(());
    }
    let Ok(h) = d.range(0, DDP_SIZE) else {
        cx.trunc_marker();
        return Ok(());
    };
    let addr = |cx: &mut Ctx, net: u16, node: u8, skt: u8| {
        cx.u(net as u64);
        cx.b(b'.');
        cx.u(node as u64);
        cx.b(b'.');
        cx.u(skt as u64);
    };
    addr(cx, h.be16(6)?, h[9], h[11]);
    cx.s(" > ");
    addr(cx, h.be16(4)?, h[8], h[10]);
    cx.s(":  at-#");
    cx.u(h[12] as u64);
    cx.b(b' ');
    cx.u((length - DDP_SIZE) as u64);
    Ok(())
}
