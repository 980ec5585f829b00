//! PPPoE (RFC 2516): discovery (EtherType 0x8863) with its tags, and
//! session frames (0x8864) carrying PPP.

use crate::print::core::prelude::*;
use crate::print::dispatch;

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
    cx.proto = "pppoe";
    let h = d.range(0, 6)?;
    let code = h[1];
    let session = h.be16(2)?;
    let plen = h.be16(4)? as usize;
    cx.s("PPPoE ");
    if let Some(n) = tables::lookup(CODES, code).filter(|_| code != 0) {
        cx.s(n);
    }
    if session != 0 {
        if code != 0 {
            cx.b(b' ');
        }
        cx.s("[ses 0x");
        fmt::put_hex(cx.out, session as u64);
        cx.b(b']');
    }
    let body = &d[6..d.len().min(6 + plen)];
    if code == 0 {
        cx.b(b' ');
        let proto = body.be16(0)?;
        let (p, len) = (
            &body[2..],
            plen.min(length.saturating_sub(6)).saturating_sub(2),
        );
        if !dispatch::ppp_proto(cx, proto, p, len)? {
            cx.default_print(p);
        }
        return Ok(true);
    }
    let mut at = 0;
    while at + 4 <= body.len() {
        let t = body.be16(at)?;
        let l = body.be16(at + 2)? as usize;
        let v = body.range(at + 4, l)?;
        cx.s(" [");
        match tables::lookup(TAGS, t) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown-0x");
                fmt::put_hex_padded(cx.out, t as u64, 4);
            }
        }
        if !v.is_empty() {
            cx.b(b' ');
            if v.iter().all(|c| (0x20..0x7f).contains(c)) {
                for &c in v {
                    cx.b(c);
                }
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
