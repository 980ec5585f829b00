//! Apple PKTAP (LINKTYPE_PKTAP, 258): a little-endian header naming the
//! link type of the frame that follows.

use crate::print::core::prelude::*;
use crate::print::dispatch;
use crate::LinkType;

/// The fixed part: header length and the next link type.
const MIN_HEADER: usize = 8;

fn le32(d: &[u8], at: usize) -> R<u32> {
    let b = d.range(at, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

pub fn pktap(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "pktap";
    if data.len() < MIN_HEADER || length < MIN_HEADER {
        *ll_len = data.len().min(length);
        cx.trunc_marker();
        return Ok(());
    }
    let hdrlen = le32(data, 0)? as usize;
    let dlt = le32(data, 4)?;
    if hdrlen < MIN_HEADER {
        cx.s("[|pktap]");
        return Ok(());
    }
    if data.len() < hdrlen || length < hdrlen {
        *ll_len = data.len().min(length);
        cx.trunc_marker();
        return Ok(());
    }
    let inner = LinkType::from_dlt(dlt);
    if cx.opts.link_header {
        cx.s("DLT ");
        match inner.name() {
            Some(n) => cx.s(n),
            None => cx.s("Unknown"),
        }
        cx.s(" (");
        cx.u(dlt as u64);
        cx.s(") len ");
        cx.u(hdrlen as u64);
        cx.s(", length ");
        cx.u(length as u64);
        cx.s(": ");
    }
    let mut inner_ll = 0;
    let result = match dispatch::linktype(inner.0) {
        Some(decode) => decode(cx, &data[hdrlen..], length - hdrlen, &mut inner_ll),
        None => {
            cx.default_print(&data[hdrlen..]);
            Ok(())
        }
    };
    *ll_len = hdrlen + inner_ll;
    result
}
