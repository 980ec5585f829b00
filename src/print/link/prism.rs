//! 802.11 after a Prism monitor-mode header (LINKTYPE_PRISM_HEADER, 119:
//! 144 bytes, not decoded) or an AVS capture header
//! (LINKTYPE_IEEE802_11_RADIO_AVS, 163, which a Prism link may carry
//! too): the frame goes to the 802.11 decoder.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const PRISM_HDRLEN: usize = 144;
const AVS_COOKIES: [u32; 2] = [0x8021_1001, 0x8021_1002];

pub fn prism(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "prism";
    let Ok(msgcode) = d.be32(0) else {
        cx.trunc_marker();
        *ll_len = d.len();
        return Ok(());
    };
    if AVS_COOKIES.contains(&msgcode) {
        return avs(cx, d, length, ll_len);
    }
    if d.len() < PRISM_HDRLEN {
        cx.trunc_marker();
        *ll_len = d.len();
        return Ok(());
    }
    *ll_len = PRISM_HDRLEN;
    *ll_len = PRISM_HDRLEN + wlan(cx, &d[PRISM_HDRLEN..], length - PRISM_HDRLEN)?;
    Ok(())
}

/// The 802.11 frame after a radio header; what of it counts as link
/// header. Where the 802.11 decoder itself gives up (its header or body
/// cut short), tcpdump marks it and goes on: the dump starts after the
/// 802.11 header, or not at all if that was not captured.
pub fn wlan(cx: &mut Ctx, d: &[u8], length: usize) -> R<usize> {
    let mut inner = 0;
    match dispatch::ieee80211(cx, d, length, false, &mut inner) {
        Ok(()) => Ok(inner),
        Err(Trunc) if cx.proto == "802.11" => {
            cx.trunc_marker();
            Ok(if inner == 0 { d.len() } else { inner })
        }
        Err(e) => Err(e),
    }
}

/// The AVS header: a version cookie and its own length (big-endian),
/// then what is skipped.
pub fn avs(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "802.11_radio_avs";
    *ll_len = d.len();
    if d.len() < 8 {
        cx.trunc_marker();
        return Ok(());
    }
    let hlen = d.be32(4)? as usize;
    if hlen < 8 || d.len() < hlen {
        cx.trunc_marker();
        return Ok(());
    }
    *ll_len = hlen;
    *ll_len = hlen + wlan(cx, &d[hlen..], length - hlen)?;
    Ok(())
}
