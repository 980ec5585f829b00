//! UDP port 4500 (RFC 3948): ESP in UDP, NAT keepalives.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, IpPayload, PortPayload};

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    let (body, length) = (p.body, p.length);
    if length == 1 && body.first() == Some(&0xff) {
        cx.s("isakmp-nat-keep-alive");
        return Ok(true);
    }
    if length >= 4 && body.be32(0)? != 0 {
        cx.s("UDP-encap: ");
        if let Some(esp) = dispatch::ip_proto(50) {
            let payload = IpPayload {
                data: body,
                length,
                version: if p.net.is_v6() { 6 } else { 4 },
                fragmented: false,
                net: p.net,
            };
            esp(cx, &payload)?;
        }
        return Ok(true);
    }
    Ok(false)
}
