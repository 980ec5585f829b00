//! Babel (RFC 8966) on UDP port 6696: version, body length and the TLV
//! types (the `-v` details are not decoded).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static TLVS: &[(u8, &str)] = &[
    (0, "pad1"),
    (1, "padN"),
    (2, "ack-req"),
    (3, "ack"),
    (4, "hello"),
    (5, "ihu"),
    (6, "router-id"),
    (7, "nh"),
    (8, "update"),
    (9, "request"),
    (10, "mh-request"),
];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "babel";
    let d = p.body;
    if d.u8_at(0)? != 42 {
        cx.s("babel invalid header");
        return Ok(true);
    }
    let version = d.u8_at(1)?;
    cx.s("babel ");
    cx.u(version as u64);
    if version != 2 {
        cx.s(" unknown version");
        return Ok(true);
    }
    let body_len = d.be16(2)? as usize;
    cx.s(" (");
    cx.u(body_len as u64);
    cx.b(b')');
    if cx.opts.verbose > 0 {
        return Ok(true);
    }
    let end = (4 + body_len).min(p.length);
    let mut at = 4;
    while at < end {
        let t = d.u8_at(at)?;
        cx.b(b' ');
        cx.s(tables::lookup(TLVS, t).unwrap_or("unknown"));
        if t == 0 {
            at += 1;
            continue;
        }
        let len = d.u8_at(at + 1)? as usize;
        at += 2 + len;
    }
    Ok(true)
}
