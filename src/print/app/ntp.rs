//! NTP (RFC 5905) on UDP port 123: the summary without `-v`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "ntp";
    let status = p.body.u8_at(0)?;
    cx.s("NTPv");
    cx.u(((status >> 3) & 7) as u64);
    if cx.opts.verbose == 0 {
        cx.s(", ");
        cx.s(match status & 7 {
            0 => "unspecified",
            1 => "symmetric active",
            2 => "symmetric passive",
            3 => "Client",
            4 => "Server",
            5 => "Broadcast",
            _ => "Reserved",
        });
        cx.s(", length ");
        cx.u(p.length as u64);
        return Ok(true);
    }
    Ok(false)
}
