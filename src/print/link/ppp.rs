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
    (0x0057, "IP6"),
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

/// LINKTYPE_PPP (9): four bytes (the longest header) are needed before
/// anything is shown.
pub fn ppp_link(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    if data.len() < 4 {
        // Marked, and what there is counts as header: no dump.
        cx.proto = "ppp";
        cx.trunc_marker();
        *ll_len = data.len();
        return Ok(());
    }
    ppp(cx, data, length, ll_len)
}

pub fn ppp(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ppp";
    // The first two bytes (address and control, or the protocol) are
    // needed before anything is shown.
    if !data.has(0, 2) {
        return Err(Trunc);
    }
    let mut at = 0;
    if data[0] == 0xff && data[1] == 0x03 {
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
        if name(proto).is_none() {
            // tcpdump stops at an unnamed protocol with -e.
            return Ok(());
        }
        cx.s(": ");
    }
    handle(cx, proto, data, at, length.saturating_sub(at))
}

/// PPP in HDLC-like framing (LINKTYPE_PPP_HDLC, 50): the address and
/// control bytes (shown with `-e`), the protocol named before its
/// payload; Cisco HDLC frames are handed on.
pub fn ppp_hdlc(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ppp_hdlc";
    let b0 = data.u8_at(0)?;
    if b0 == 0x0f || b0 == 0x8f {
        if let Some(chdlc) = dispatch::linktype(104) {
            return chdlc(cx, data, length, ll_len);
        }
    }
    let h = data.range(0, 4)?;
    if cx.opts.link_header {
        fmt::put_hex2(cx.out, h[0]);
        cx.b(b' ');
        fmt::put_hex2(cx.out, h[1]);
        cx.b(b' ');
        cx.u(length as u64);
        cx.b(b' ');
    }
    if b0 != 0xff {
        cx.s("unknown addr ");
        fmt::put_hex2(cx.out, h[2]);
        cx.s("; ctrl ");
        fmt::put_hex2(cx.out, h[3]);
        return Ok(());
    }
    let proto = h.be16(2)?;
    *ll_len = 4;
    match name(proto) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown PPP protocol (0x");
            fmt::put_hex_padded(cx.out, proto as u64, 4);
            cx.b(b')');
        }
    }
    cx.s(": ");
    handle(cx, proto, data, 4, length.saturating_sub(4))
}

/// The payload of `proto` at `data[at..]`; a protocol whose high byte is
/// an HDLC flag (0x7e) means the frame still has its HDLC escapes.
fn handle(cx: &mut Ctx, proto: u16, data: &[u8], at: usize, len: usize) -> R {
    let p = &data[at.min(data.len())..];
    if proto & 0xff00 == 0x7e00 {
        return unescaped(cx, &data[at - 1..], len + 1);
    }
    if proto == 0x0023 {
        // OSI after PPP: a cut before the NLPID is isoclns's.
        cx.proto = "isoclns";
    }
    if !dispatch::ppp_proto(cx, proto, p, len)? {
        match name(proto) {
            Some(n) => {
                if !cx.opts.link_header {
                    cx.s(n);
                }
                cx.default_print(&p[..p.len().min(len)]);
            }
            None => unknown(cx, proto, &p[..p.len().min(len)]),
        }
    }
    Ok(())
}

fn unknown(cx: &mut Ctx, proto: u16, p: &[u8]) {
    cx.s("unknown PPP protocol (0x");
    fmt::put_hex_padded(cx.out, proto as u64, 4);
    cx.s(") ");
    hexdump::hex(cx.out, b"\n\t", p, 0);
}

/// A frame with RFC 1662 escapes (0x7d, then the byte XOR 0x20): undo
/// them over what was captured, then decode by the protocol it starts
/// with.
fn unescaped(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let mut b = Vec::with_capacity(d.len().min(length));
    let mut bytes = d[..d.len().min(length)].iter();
    while let Some(&c) = bytes.next() {
        if c == 0x7d {
            match bytes.next() {
                Some(&n) => b.push(n ^ 0x20),
                None => break,
            }
        } else {
            b.push(c);
        }
    }
    let first = b.u8_at(0)?;
    let (proto, n) = if first & 1 != 0 {
        (first as u16, 1)
    } else {
        (b.be16(0)?, 2)
    };
    let (p, len) = (&b[n..], b.len() - n);
    let decoded = match proto {
        0x0800 => dispatch::ethertype(cx, 0x0800, p, len)?,
        0x86dd => dispatch::ethertype(cx, 0x86dd, p, len)?,
        0x7e00..=0x7eff => false,
        _ => dispatch::ppp_proto(cx, proto, p, len)?,
    };
    if !decoded {
        unknown(cx, proto, p);
    }
    Ok(())
}
