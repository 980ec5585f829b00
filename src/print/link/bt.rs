//! Bluetooth HCI H4 with a pseudo-header (LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR,
//! 201): a 4-byte direction word, then the HCI packet, which is dumped.

use crate::print::core::prelude::*;

const HDRLEN: usize = 4;

pub fn bt(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "bluetooth";
    cx.s("bluetooth");
    let direction = d.be32(0)?;
    *ll_len = HDRLEN;
    if cx.opts.link_header {
        cx.s(", hci length ");
        cx.u(length.saturating_sub(HDRLEN) as u64);
        cx.s(", direction ");
        cx.s(if direction & 1 != 0 { "in" } else { "out" });
    }
    cx.default_print_unless_dumped(&d[HDRLEN..]);
    Ok(())
}
