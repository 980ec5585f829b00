//! BOOTP/DHCP (RFC 951, RFC 2131).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// BOOTP/DHCP (RFC 951, RFC 2131): the summary without `-v`.
fn bootp(cx: &mut Ctx, body: &[u8], length: usize) -> R {
    cx.proto = "bootp";
    cx.s("BOOTP/DHCP");
    let op = body.u8_at(0)?;
    match op {
        1 => {
            if body.u8_at(1)? == 1 && body.u8_at(2)? == 6 {
                let chaddr = body.range(28, 6)?;
                cx.s(", Request from ");
                cx.mac(chaddr);
            }
        }
        2 => cx.s(", Reply"),
        _ => {
            cx.s(", unknown (0x");
            fmt::put_hex2(cx.out, op);
            cx.b(b')');
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    Ok(())
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    bootp(cx, p.body, p.length)?;
    Ok(true)
}
