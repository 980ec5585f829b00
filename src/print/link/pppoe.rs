//! PPPoE (RFC 2516): discovery (EtherType 0x8863) with its tags, and
//! session frames (0x8864) carrying PPP.

use crate::print::core::prelude::*;

static CODES: &[(u8, &str)] = &[
    (0x00, "Session"),
    (0x07, "PADO"),
    (0x09, "PADI"),
    (0x19, "PADR"),
    (0x65, "PADS"),
    (0xa7, "PADT"),
];

static TAGS: &[(u16, &str)] = &[
    (0x0000, "EOL"),
    (0x0101, "Service-Name"),
    (0x0102, "AC-Name"),
    (0x0103, "Host-Uniq"),
    (0x0104, "AC-Cookie"),
    (0x0105, "Vendor-Specific"),
    (0x0110, "Relay-Session-ID"),
    (0x0120, "PPP-Max-Payload"),
    (0x0201, "Service-Name-Error"),
    (0x0202, "AC-System-Error"),
    (0x0203, "Generic-Error"),
];

pub fn pppoe(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    pppoe_in(cx, d, length, &mut 0)
}

/// LINKTYPE_PPP_ETHER (51): PPPoE without an Ethernet header.
pub fn pppoe_link(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    pppoe_in(cx, d, length, ll_len).map(|_| ())
}

/// PPPoE; `ll_len`: its header and a session's PPP header.
fn pppoe_in(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R<bool> {
    cx.proto = "pppoe";
    if length < 6 {
        cx.s(" (length ");
        cx.u(length as u64);
        cx.s(" < 6) (invalid)");
        return Ok(true);
    }
    let h = d.range(0, 6)?;
    *ll_len = 6;
    let (version, kind) = (h[0] >> 4, h[0] & 0x0f);
    if version != 1 {
        cx.s(" [ver ");
        cx.u(version as u64);
        cx.b(b']');
    }
    if kind != 1 {
        cx.s(" [type ");
        cx.u(kind as u64);
        cx.b(b']');
    }
    let code = h[1];
    let session = h.be16(2)?;
    let mut plen = h.be16(4)? as usize;
    cx.s("PPPoE ");
    match tables::lookup(CODES, code) {
        Some(n) if code != 0 => cx.s(n),
        Some(_) => {}
        None => {
            cx.s("PAD-");
            fmt::put_hex(cx.out, code as u64);
        }
    }
    // A PADI longer than an Ethernet frame holds, or a payload longer
    // than the frame.
    if code == 0x09 && plen > 1478 {
        cx.s(" [len ");
        cx.u(plen as u64);
        cx.s("!]");
    }
    let rest = length - 6;
    if plen > rest {
        cx.s(" [len ");
        cx.u(plen as u64);
        cx.s(" > ");
        cx.u(rest as u64);
        cx.s("!]");
        plen = rest;
    }
    if session != 0 {
        cx.s(" [ses 0x");
        fmt::put_hex(cx.out, session as u64);
        cx.b(b']');
    }
    let body = &d[6..];
    if code == 0 {
        cx.b(b' ');
        if plen < 2 {
            // Too short for a PPP protocol: marked, no more.
            cx.proto = "ppp";
            cx.trunc_marker();
            return Ok(true);
        }
        let mut ll = 0;
        // PPP reads as far as was captured, past the payload length.
        super::ppp::ppp(cx, body, plen, &mut ll)?;
        *ll_len = 6 + ll;
        return Ok(true);
    }
    // Tags while one starts within the payload length (a tag may end
    // past it).
    let mut at = 0;
    while at < plen {
        let t = body.be16(at)?;
        let l = body.be16(at + 2)? as usize;
        let v = body.range(at + 4, l)?;
        cx.s(" [");
        match tables::lookup(TAGS, t) {
            Some(n) => cx.s(n),
            None => {
                cx.s("TAG-0x");
                fmt::put_hex(cx.out, t as u64);
            }
        }
        if !v.is_empty() {
            cx.b(b' ');
            let printable = v.iter().filter(|c| (0x20..0x7f).contains(*c)).count();
            if printable > v.len() - printable {
                // Mostly text: quoted, at most 79 characters.
                cx.b(b'"');
                for &c in v.iter().take(79) {
                    cx.b(if (0x20..0x7f).contains(&c) { c } else { b'.' });
                }
                cx.b(b'"');
            } else {
                cx.s("0x");
                for &c in v {
                    let hex = b"0123456789ABCDEF";
                    cx.b(hex[(c >> 4) as usize]);
                    cx.b(hex[(c & 15) as usize]);
                }
            }
        }
        cx.b(b']');
        if t == 0 {
            break;
        }
        at += 4 + l;
    }
    Ok(true)
}
