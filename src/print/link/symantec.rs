//! Symantec Enterprise Firewall (LINKTYPE_SYMANTEC_FIREWALL, 99): a
//! 44-byte header with an EtherType at offset 6.

use super::ether::{ethertype_print, MAX_ETHERNET_LENGTH};
use crate::print::core::prelude::*;
use crate::print::dispatch;

const HDRLEN: usize = 44;

/// `ethertype NAME (0xTTTT), length N: `, or `invalid ethertype N`.
fn header(cx: &mut Ctx, t: u16, length: usize) {
    if t <= MAX_ETHERNET_LENGTH {
        cx.s("invalid ethertype ");
        cx.u(t as u64);
    } else {
        ethertype_print(cx, t);
    }
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(": ");
}

pub fn symantec(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "symantec";
    let h = d.range(0, HDRLEN)?;
    *ll_len = HDRLEN;
    let t = h.be16(6)?;
    if cx.opts.link_header {
        header(cx, t, length);
    }
    let p = &d[HDRLEN..];
    if t <= MAX_ETHERNET_LENGTH || !dispatch::ethertype(cx, t, p, length - HDRLEN)? {
        if !cx.opts.link_header {
            header(cx, t, length);
        }
        cx.default_print_unless_dumped(p);
    }
    Ok(())
}
