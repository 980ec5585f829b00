//! BFD (RFC 5880) control packets.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// BFD version 1 control packets (RFC 5880), without `-v`; `false` when
/// not decoded here.
fn bfd(cx: &mut Ctx, p: &[u8], len: usize, dport: u16) -> R<bool> {
    cx.proto = "bfd";
    let version = p.u8_at(0)? >> 5;
    if version != 1 || cx.opts.verbose > 0 {
        return Ok(false);
    }
    let flags = p.u8_at(1)?;
    cx.s("BFDv1, ");
    cx.s(match dport {
        3784 => "Control",
        4784 => "Multihop",
        _ => "Lag",
    });
    cx.s(", State ");
    cx.s(["AdminDown", "Down", "Init", "Up"][(flags >> 6) as usize]);
    cx.s(", Flags: [");
    cx.flag_names(
        flags as u32,
        &[
            (0x20, "Poll"),
            (0x10, "Final"),
            (0x08, "Control Plane Independent"),
            (0x04, "Authentication Present"),
            (0x02, "Demand"),
            (0x01, "Multipoint"),
        ],
    );
    cx.s("], length: ");
    cx.u(len as u64);
    Ok(true)
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    bfd(cx, p.body, p.length, p.dport)
}

/// BFD echo packets (UDP port 3785).
pub fn echo(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "bfd";
    cx.s("BFD, Echo, length: ");
    cx.u(p.length as u64);
    Ok(true)
}
