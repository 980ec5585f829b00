//! Hilscher netANALYZER (LINKTYPE_NETANALYZER, 240: a 4-byte pseudo
//! header; LINKTYPE_NETANALYZER_TRANSPARENT, 241: the pseudo header, the
//! preamble and the start of frame, 12 bytes), then Ethernet.

use crate::print::core::prelude::*;
use crate::print::dispatch;

fn after(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize, skip: usize) -> R {
    d.range(0, skip)?;
    *ll_len = skip;
    if let Some(ether) = dispatch::linktype(1) {
        let mut inner = 0;
        ether(cx, &d[skip..], length - skip, &mut inner)?;
        *ll_len = skip + inner;
    }
    Ok(())
}

pub fn netanalyzer(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "netanalyzer";
    after(cx, d, length, ll_len, 4)
}

pub fn transparent(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "netanalyzer_transparent";
    after(cx, d, length, ll_len, 12)
}
