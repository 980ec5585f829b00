//! PPP (RFC 1661) frames, with or without the HDLC-like address and
//! control bytes (RFC 1662), on LINKTYPE_PPP (9) and PPP_HDLC (50); the
//! protocol field picks the decoder (`dispatch::PPP_PROTOS`).

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// Protocol names (the PPP DLL protocol numbers registry).
static NAMES: &[(u16, &str)] = &[
    (0x0021, "IP"),
    (0x0023, "OSI"),
    (0x0029, "Appletalk"),
    (0x002b, "IPX"),
    (0x003d, "MLPPP"),
    (0x0057, "IPv6"),
    (0x0281, "MPLS"),
    (0x0283, "MPLS"),
    (0x8021, "IPCP"),
    (0x8029, "ATCP"),
    (0x802b, "IPXCP"),
    (0x8057, "IP6CP"),
    (0x80fd, "CCP"),
    (0xc021, "LCP"),
    (0xc023, "PAP"),
    (0xc025, "LQR"),
    (0xc223, "CHAP"),
];

pub fn name(proto: u16) -> Option<&'static str> {
    tables::lookup(NAMES, proto)
}

pub fn ppp(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ppp";
    let mut at = 0;
    if data.len() >= 2 && data[0] == 0xff && data[1] == 0x03 {
        at = 2;
    }
    // Protocol-field compression: a one-byte protocol is odd.
    let first = data.u8_at(at)?;
    let (proto, plen) = if first & 1 != 0 {
        (first as u16, 1)
    } else {
        (data.be16(at)?, 2)
    };
    at += plen;
    *ll_len = at;
    if cx.opts.link_header {
        match name(proto) {
            Some(n) => cx.s(n),
            None => cx.s("unknown"),
        }
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, proto as u64, 4);
        cx.s("), length ");
        cx.u(length as u64);
        cx.s(": ");
    }
    let (p, len) = (&data[at..], length.saturating_sub(at));
    if !dispatch::ppp_proto(cx, proto, p, len)? {
        if !cx.opts.link_header {
            match name(proto) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("unknown PPP protocol (0x");
                    fmt::put_hex_padded(cx.out, proto as u64, 4);
                    cx.b(b')');
                }
            }
        }
        cx.default_print(&p[..p.len().min(len)]);
    }
    Ok(())
}
