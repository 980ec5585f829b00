//! PPP (RFC 1661) frames, with or without the HDLC-like address and
//! control bytes (RFC 1662), on LINKTYPE_PPP (9), PPP_PPPD (166) and
//! PPP_HDLC (50), in PPPoE sessions and after EtherType 0x880b; the
//! protocol field picks the decoder (`dispatch::PPP_PROTOS`: the network
//! layers, and the control and authentication protocols of `ppp_cp`).

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// Protocol names as the snapshot prints them (the PPP DLL protocol
/// numbers registry, abbreviated), sorted.
static NAMES: &[(u16, &str)] = &[
    (0x0021, "IP"),
    (0x0023, "OSI"),
    (0x0025, "NS"),
    (0x0027, "DECNET"),
    (0x0029, "APPLE"),
    (0x002b, "IPX"),
    (0x002d, "VJC IP"),
    (0x002f, "VJNC IP"),
    (0x0031, "BRPDU"),
    (0x0033, "STII"),
    (0x0035, "VINES"),
    (0x003d, "MLPPP"),
    (0x0057, "IP6"),
    (0x00fd, "Compressed"),
    (0x0201, "HELLO"),
    (0x0231, "LUXCOM"),
    (0x0233, "SNS"),
    (0x0281, "MPLS"),
    (0x0283, "MPLS"),
    (0x8021, "IPCP"),
    (0x8023, "OSICP"),
    (0x8025, "NSCP"),
    (0x8027, "DECNETCP"),
    (0x8029, "APPLECP"),
    (0x802b, "IPXCP"),
    (0x8033, "STIICP"),
    (0x8035, "VINESCP"),
    (0x8057, "IP6CP"),
    (0x80fd, "CCP"),
    (0x8281, "MPLSCP"),
    (0xc021, "LCP"),
    (0xc023, "PAP"),
    (0xc025, "LQM"),
    (0xc027, "SPAP"),
    (0xc02b, "BACP"),
    (0xc02d, "BAP"),
    (0xc03d, "MLPPP-CP"),
    (0xc123, "Old-SPAP"),
    (0xc223, "CHAP"),
    (0xc227, "EAP"),
];

pub fn name(proto: u16) -> Option<&'static str> {
    tables::lookup(NAMES, proto)
}

/// ` [|ppp]` and the captured bytes counted as link header (the dump
/// after `-x` is then empty).
fn short_link(cx: &mut Ctx, data: &[u8], ll_len: &mut usize) -> R {
    cx.trunc_marker();
    *ll_len = data.len();
    Ok(())
}

/// LINKTYPE_PPP (9) and PPP_PPPD (166): four bytes (the longest header)
/// are needed before anything is shown, and are what `-x` skips.
pub fn ppp_link(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ppp";
    if data.len() < 4 {
        return short_link(cx, data, ll_len);
    }
    let mut hdr = 0;
    ppp(cx, data, length, &mut hdr)?;
    *ll_len = 4;
    Ok(())
}

/// PPP after EtherType 0x880b.
pub fn ppp_ether(cx: &mut Ctx, data: &[u8], length: usize) -> R<bool> {
    if length > 0 {
        cx.s(": ");
        let mut hdr = 0;
        ppp(cx, data, length, &mut hdr)?;
    }
    Ok(true)
}

/// A PPP frame from its address byte (or protocol, when the address and
/// control bytes are compressed away); `ll_len` receives the header
/// length (0 when the frame is too short).
pub fn ppp(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ppp";
    if length < 2 {
        cx.trunc_marker();
        return Ok(());
    }
    let mut at = 0;
    match data.be16(0)? {
        0x0003 | 0x0103 => {
            if cx.opts.link_header {
                cx.s(if data[0] == 0 { "In  " } else { "Out " });
            }
            at = 2;
        }
        0xff03 => at = 2,
        _ => {}
    }
    if length - at < 2 {
        cx.trunc_marker();
        return Ok(());
    }
    // Protocol-field compression: a one-byte protocol is odd.
    let first = data.u8_at(at)?;
    let proto = if first & 1 != 0 {
        at += 1;
        first as u16
    } else {
        at += 2;
        data.be16(at - 2)?
    };
    if cx.opts.link_header {
        let n = name(proto);
        cx.s(n.unwrap_or("unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, proto as u64, 4);
        cx.s("), length ");
        cx.u(length as u64);
        if n.is_none() {
            *ll_len = at;
            return Ok(());
        }
        cx.s(": ");
    }
    handle(cx, proto, data, at, length - at)?;
    *ll_len = at;
    Ok(())
}

/// PPP in HDLC-like framing (LINKTYPE_PPP_HDLC, 50): the address and
/// control bytes (shown with `-e`), the protocol named before its
/// payload; Cisco HDLC frames are handed on.
pub fn ppp_hdlc(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ppp_hdlc";
    if data.len() < 2 {
        return short_link(cx, data, ll_len);
    }
    let b0 = data[0];
    if b0 == 0x0f || b0 == 0x8f {
        if let Some(chdlc) = dispatch::linktype(104) {
            return chdlc(cx, data, length, ll_len);
        }
    }
    if data.len() < 4 {
        return short_link(cx, data, ll_len);
    }
    if cx.opts.link_header {
        fmt::put_hex2(cx.out, data[0]);
        cx.b(b' ');
        fmt::put_hex2(cx.out, data[1]);
        cx.b(b' ');
        cx.u(length as u64);
        cx.b(b' ');
    }
    if b0 != 0xff {
        cx.s("unknown addr ");
        fmt::put_hex2(cx.out, data[2]);
        cx.s("; ctrl ");
        fmt::put_hex2(cx.out, data[3]);
        *ll_len = 2;
        return Ok(());
    }
    let proto = data.be16(2)?;
    proto_name(cx, proto);
    cx.s(": ");
    handle(cx, proto, data, 4, length.saturating_sub(4))?;
    *ll_len = 4;
    Ok(())
}

fn proto_name(cx: &mut Ctx, proto: u16) {
    match name(proto) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown PPP protocol (0x");
            fmt::put_hex_padded(cx.out, proto as u64, 4);
            cx.b(b')');
        }
    }
}

/// The payload of `proto` at `data[at..]` (`len` bytes on the wire); a
/// protocol whose high byte is an HDLC flag (0x7e) means the frame still
/// has its HDLC escapes.
fn handle(cx: &mut Ctx, proto: u16, data: &[u8], at: usize, len: usize) -> R {
    if proto & 0xff00 == 0x7e00 {
        return unescaped(cx, &data[at - 1..], len);
    }
    if proto == 0x0023 {
        // OSI after PPP: a cut before the NLPID is isoclns's.
        cx.proto = "isoclns";
    }
    if !dispatch::ppp_proto(cx, proto, data, at, len)? {
        let p = &data[at.min(data.len())..];
        proto_name(cx, proto);
        cx.b(b' ');
        unknown_data(cx, p, "\n\t", len);
    }
    Ok(())
}

/// A frame with RFC 1662 escapes (0x7d, then the byte XOR 0x20): undo
/// them over all that was captured, then guess the protocol: a one-byte
/// IP or IPv6 number, the address and control bytes, or two bytes.
fn unescaped(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    if d.is_empty() || length == 0 {
        return Ok(());
    }
    let mut b = Vec::with_capacity(d.len());
    let mut bytes = d.iter();
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
    let n = b.len();
    let Some(&first) = b.first() else {
        cx.trunc_marker();
        return Ok(());
    };
    let t = match first {
        0x21 => Some(0x0800),
        0x57 => Some(0x86dd),
        _ => None,
    };
    if let Some(t) = t {
        return dispatch::ethertype(cx, t, &b[1..], n - 1).map(|_| ());
    }
    if n < 2 {
        cx.trunc_marker();
        return Ok(());
    }
    let mut at = 2;
    let mut proto = b.be16(0)?;
    if proto == 0xff03 {
        if n < 4 {
            cx.trunc_marker();
            return Ok(());
        }
        proto = b.be16(2)?;
        at = 4;
    }
    if proto & 0xff00 == 0x7e00 {
        cx.s("(protocol 0x");
        fmt::put_hex_padded(cx.out, proto as u64, 4);
        cx.s(" invalid)");
        return Ok(());
    }
    handle(cx, proto, &b, at, n - at)
}
