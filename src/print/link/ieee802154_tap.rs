//! IEEE 802.15.4 with a TAP header (LINKTYPE_IEEE802_15_4_TAP, 283): a
//! version byte, a reserved byte and the header's length (little-endian,
//! TLVs not shown), then the 802.15.4 frame.

use crate::print::core::prelude::*;
use crate::print::dispatch;

pub fn tap(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "802.15.4_tap";
    *ll_len = d.len();
    if d.len() < 4 {
        cx.trunc_marker();
        return Ok(());
    }
    let hlen = u16::from_le_bytes([d[2], d[3]]) as usize;
    if d[0] != 0 || hlen < 4 {
        cx.s(" (invalid)");
        *ll_len = 0;
        return Ok(());
    }
    if d.len() < hlen {
        cx.trunc_marker();
        return Ok(());
    }
    *ll_len = hlen;
    if d.len() < hlen + 2 {
        // No frame control: marked, what there is counts as header.
        cx.proto = "802.15.4";
        cx.trunc_marker();
        *ll_len = d.len();
        return Ok(());
    }
    if let Some(decode) = dispatch::linktype(195) {
        let mut inner = 0;
        decode(cx, &d[hlen..], length - hlen, &mut inner)?;
        *ll_len = hlen + inner;
    }
    Ok(())
}
