//! IEEE 802.5 token ring (LINKTYPE_IEEE802, 6): access and frame control,
//! addresses, the source route (routing control and ring/bridge
//! segments) when the source address says there is one, then LLC for
//! LLC frames; MAC frames are dumped.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const HDRLEN: usize = 14;

/// The broadcast indicator (top 3 bits of the routing control).
static BROADCAST: [&str; 8] = [
    "Non-Broadcast",
    "Non-Broadcast",
    "Non-Broadcast",
    "Non-Broadcast",
    "All-routes",
    "All-routes",
    "Single-route",
    "Single-route",
];

/// The largest frame code (bits 4-6 of the routing control).
static LARGEST_FRAME: [&str; 8] = [
    "516", "1500", "2052", "4472", "8144", "11407", "17800", "??",
];

/// `AC FC SRC > DST, length N: `; `src` has the route bit cleared.
fn header(cx: &mut Ctx, h: &[u8], src: &[u8], length: usize) {
    if !cx.opts.quiet {
        fmt::put_hex2(cx.out, h[0]);
        cx.b(b' ');
        fmt::put_hex2(cx.out, h[1]);
        cx.b(b' ');
    }
    cx.mac(src);
    cx.s(" > ");
    cx.mac(&h[2..8]);
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(": ");
}

pub fn token(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    *ll_len = token_in(cx, d, length)?;
    Ok(())
}

/// A token ring frame (also after RFC 2684 bridging); the length of the
/// headers taken as link headers.
pub fn token_in(cx: &mut Ctx, d: &[u8], length: usize) -> R<usize> {
    cx.proto = "token-ring";
    let mut hdr_len = HDRLEN;
    if d.len() < HDRLEN {
        cx.trunc_marker();
        return Ok(hdr_len);
    }
    let h = &d[..HDRLEN];
    let mut src = [0u8; 6];
    src.copy_from_slice(&h[8..14]);
    let routed = src[0] & 0x80 != 0;
    src[0] &= 0x7f;
    if cx.opts.link_header {
        header(cx, h, &src, length);
    }
    if routed {
        let Ok(rcf) = d.be16(HDRLEN) else {
            cx.trunc_marker();
            return Ok(hdr_len);
        };
        let route_len = ((rcf >> 8) & 0x1f) as usize;
        hdr_len += route_len;
        if d.len() < hdr_len {
            cx.trunc_marker();
            return Ok(hdr_len);
        }
        // Segments after the control word; a length under 2 has none.
        let segments = (route_len as isize - 2) / 2;
        if cx.opts.verbose > 0 {
            cx.s(BROADCAST[(rcf >> 13) as usize]);
            cx.b(b' ');
            cx.s(if rcf & 0x80 != 0 {
                "Backward"
            } else {
                "Forward"
            });
            for i in 0..segments.max(0) as usize {
                let seg = d.be16(HDRLEN + 2 + 2 * i)?;
                cx.s(" [");
                cx.u((seg >> 4) as u64);
                cx.b(b':');
                cx.u((seg & 0xf) as u64);
                cx.b(b']');
            }
        } else {
            cx.s("rt = ");
            fmt::put_hex(cx.out, rcf as u64);
            for i in 0..segments.max(0) as usize {
                cx.b(b':');
                fmt::put_hex(cx.out, d.be16(HDRLEN + 2 + 2 * i)? as u64);
            }
        }
        cx.s(" (");
        cx.s(LARGEST_FRAME[((rcf >> 4) & 7) as usize]);
        cx.s(") ");
    }
    let (p, len) = (&d[hdr_len..], length.saturating_sub(hdr_len));
    if h[1] & 0xc0 == 0x40 {
        let n = dispatch::llc_frame(cx, Some((&src, &h[2..8])), p, len)?;
        return Ok(hdr_len + n);
    }
    if !cx.opts.link_header {
        header(cx, h, &src, length);
    }
    cx.default_print_unless_dumped(p);
    Ok(hdr_len)
}
