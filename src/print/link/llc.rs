//! Layer-2 protocols that sit directly on an ethertype: ATA over Ethernet.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// Whether an 802.2 LLC frame (after an 802.3 length) is one this printer
/// decodes: IS-IS over the OSI SAP (UI frames). Its `-v` form is not
/// implemented, so callers ask only without `-v`.
pub fn is_llc_isis(d: &[u8], length: usize) -> bool {
    length >= 4 && d.len() >= 4 && d[..4] == [0xfe, 0xfe, 0x03, 0x83]
}

/// Print a frame `is_llc_isis` accepted.
pub fn llc(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    if cx.opts.link_header {
        cx.s("LLC, dsap OSI (0xfe) Individual, ssap OSI (0xfe) Command, ctrl 0x03: ");
        cx.s("OSI NLPID IS-IS (0x83): ");
    }
    let (p, length) = (&d[3..], length - 3);
    if !dispatch::osi_nlpid(cx, 0x83, p, length)? {
        hexdump::hex(cx.out, b"\n\t", &p[..p.len().min(length)], 0);
    }
    Ok(())
}
