//! Per-Packet Information (LINKTYPE_PPI, 192): a little-endian header
//! (version, flags, length, the DLT of what follows) and fields that are
//! skipped; the packet goes to its link type's decoder.

use crate::print::core::prelude::*;
use crate::print::dispatch;
use crate::LinkType;

const HDRLEN: usize = 8;
const MAX_LEN: usize = 65532;

/// `V.0 DLT NAME (n) len L, length N: `.
fn header(cx: &mut Ctx, h: &[u8], len: usize, dlt: u32, length: usize) {
    let name = LinkType::from_dlt(dlt).name().unwrap_or("UNKNOWN");
    if !cx.opts.quiet {
        cx.s("V.");
        cx.u(h[0] as u64);
        cx.s(" DLT ");
        cx.s(name);
        cx.s(" (");
        cx.u(dlt as u64);
        cx.s(") len ");
        cx.u(len as u64);
    } else {
        cx.s(name);
    }
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(": ");
}

pub fn ppi(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ppi";
    *ll_len = d.len();
    if d.len() < HDRLEN {
        cx.trunc_marker();
        return Ok(());
    }
    let len = u16::from_le_bytes([d[2], d[3]]) as usize;
    if !(HDRLEN..=MAX_LEN).contains(&len) {
        cx.s(" [length ");
        cx.u(len as u64);
        cx.s(" < 8 or > 65532] (invalid)");
        return Ok(());
    }
    if d.len() < len {
        cx.trunc_marker();
        return Ok(());
    }
    let dlt = u32::from_le_bytes([d[4], d[5], d[6], d[7]]);
    if cx.opts.link_header {
        header(cx, d, len, dlt, length);
    }
    let (p, plen) = (&d[len..], length - len);
    match dispatch::linktype(LinkType::from_dlt(dlt).0) {
        Some(decode) => {
            let mut inner = 0;
            decode(cx, p, plen, &mut inner)?;
            // tcpdump counts the inner header twice.
            *ll_len = len + 2 * inner;
        }
        None => {
            if !cx.opts.link_header {
                header(cx, d, len, dlt, length);
            }
            cx.default_print_unless_dumped(p);
            *ll_len = len;
        }
    }
    Ok(())
}
