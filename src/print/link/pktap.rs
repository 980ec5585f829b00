//! Apple PKTAP (LINKTYPE_PKTAP, 258, and LINKTYPE_USER2, 149, which
//! Darwin used for it): a little-endian header (its length, the record
//! type, the link type of the frame that follows, interface and process
//! details not shown), then the frame.

use crate::print::core::prelude::*;
use crate::print::dispatch;
use crate::LinkType;

/// The header as tcpdump knows it.
const HEADER: usize = 108;

const REC_NONE: u32 = 0;
const REC_PACKET: u32 = 1;

fn le32(d: &[u8], at: usize) -> R<u32> {
    let b = d.range(at, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// `DLT NAME (n) len L, length N: `.
fn header(cx: &mut Ctx, dlt: u32, hdrlen: usize, length: usize) {
    let name = LinkType::from_dlt(dlt).name().unwrap_or("UNKNOWN");
    if !cx.opts.quiet {
        cx.s("DLT ");
        cx.s(name);
        cx.s(" (");
        cx.u(dlt as u64);
        cx.s(") len ");
        cx.u(hdrlen as u64);
    } else {
        cx.s(name);
    }
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(": ");
}

pub fn pktap(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "pktap";
    if length < HEADER {
        cx.s(" (packet too short, ");
        cx.u(length as u64);
        cx.s(" < 108) (invalid)");
        return Ok(());
    }
    let dlt = le32(data, 8)?;
    let hdrlen = le32(data, 0)? as usize;
    if hdrlen < HEADER {
        cx.s(" (pkt_len too small, ");
        cx.u(hdrlen as u64);
        cx.s(" < 108) (invalid)");
        return Ok(());
    }
    if hdrlen > length {
        cx.s(" (pkt_len too big, ");
        cx.u(hdrlen as u64);
        cx.s(" > ");
        cx.u(length as u64);
        cx.s(") (invalid)");
        return Ok(());
    }
    data.range(0, hdrlen)?;
    if cx.opts.link_header {
        header(cx, dlt, hdrlen, length);
    }
    let (p, len) = (&data[hdrlen..], length - hdrlen);
    let mut ll = hdrlen;
    match le32(data, 4)? {
        REC_NONE => cx.s("no data"),
        REC_PACKET => match dispatch::linktype(LinkType::from_dlt(dlt).0) {
            Some(decode) => {
                let mut inner = 0;
                decode(cx, p, len, &mut inner)?;
                // tcpdump counts the inner header twice.
                ll += 2 * inner;
            }
            None => {
                if !cx.opts.link_header {
                    header(cx, dlt, hdrlen, length);
                }
                cx.default_print_unless_dumped(p);
            }
        },
        _ => {}
    }
    *ll_len = ll;
    Ok(())
}
