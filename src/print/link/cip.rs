//! Classical IP over ATM (LINKTYPE_ATM_CLIP, 106, RFC 1577): an LLC/SNAP
//! header for EtherTypes, or a bare IP packet.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// The LLC and SNAP OUI of an EtherType-carrying frame.
const RFC_LLC: [u8; 6] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00];

pub fn cip(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "cip";
    if cx.opts.link_header {
        // No MAC header: just the length.
        cx.u(length as u64);
        cx.s(": ");
    }
    if d.range(0, RFC_LLC.len())? == RFC_LLC {
        *ll_len = dispatch::llc_frame(cx, None, d, length)?;
    } else {
        dispatch::ethertype(cx, 0x0800, d, length)?;
    }
    Ok(())
}
