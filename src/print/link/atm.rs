//! ATM with RFC 1483/2684 LLC encapsulation (LINKTYPE_ATM_RFC1483, 100):
//! Cisco-style NLPID frames, LLC (SNAP, OSI or IP SAPs) and, before
//! anything else, a 20-byte 802.6 MAC header some drivers put there.
//! Also the RFC 2684 bridged frames SNAP carries (OUI 00-80-c2).

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// LLC UI headers taken as such (SNAP, OSI, IP); anything else starts
/// with an 802.6 MAC header.
const LLC_HEADERS: [u32; 3] = [0xaaaa03, 0xfefe03, 0x060603];

pub fn atm(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "atm";
    if d.u8_at(0)? == 0x03 {
        // Cisco-style NLPID.
        if cx.opts.link_header {
            cx.s("CNLPID ");
        }
        *ll_len = 1;
        cx.proto = "isoclns";
        dispatch::osi(cx, &d[1..], length - 1)?;
        return Ok(());
    }
    let llc = d.range(0, 3)?;
    let mut hdrlen = 0;
    if !LLC_HEADERS.contains(&u32::from_be_bytes([0, llc[0], llc[1], llc[2]])) {
        if cx.opts.link_header {
            let h = d.range(0, 16)?;
            for (i, w) in h.chunks(4).enumerate() {
                fmt::put_hex_padded(
                    cx.out,
                    u32::from_be_bytes([w[0], w[1], w[2], w[3]]) as u64,
                    8,
                );
                if i % 2 == 1 {
                    cx.b(b' ');
                }
            }
        }
        d.range(0, 20)?;
        hdrlen = 20;
    }
    *ll_len = hdrlen;
    let n = dispatch::llc_frame(cx, None, &d[hdrlen..], length - hdrlen)?;
    *ll_len = hdrlen + n;
    Ok(())
}

/// A bridged frame after its pad: `pad` bytes are skipped first.
fn bridged(cx: &mut Ctx, d: &[u8], length: usize, pad: usize, linktype: u32) -> R<bool> {
    if d.len() < pad {
        cx.proto = "snap";
        cx.trunc_marker();
        return Ok(true);
    }
    if let Some(decode) = dispatch::linktype(linktype) {
        let mut inner = 0;
        decode(cx, &d[pad..], length.saturating_sub(pad), &mut inner)?;
    }
    Ok(true)
}

/// RFC 2684 bridged Ethernet (with or without FCS): 2 pad bytes first.
pub fn bridged_ether(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    bridged(cx, d, length, 2, 1)
}

/// RFC 2684 bridged 802.5: 2 pad bytes, the access control byte kept.
pub fn bridged_token(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    bridged(cx, d, length, 2, 6)
}

/// RFC 2684 bridged FDDI: 3 pad bytes.
pub fn bridged_fddi(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    bridged(cx, d, length, 3, 10)
}
