//! VXLAN (RFC 7348) on UDP ports 4789 and 8472: an Ethernet frame in UDP.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, PortPayload};

const HEADER: usize = 8;
const FLAG_VNI: u8 = 0x08;

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "vxlan";
    let d = p.body;
    cx.s("VXLAN");
    if p.length < HEADER {
        cx.bad_len("length", p.length as u64, "<", HEADER as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    let flags = d.u8_at(0)?;
    cx.s(", flags [");
    cx.s(if flags & FLAG_VNI != 0 {
        "I"
    } else {
        "invalid"
    });
    cx.s("] (0x");
    fmt::put_hex_padded(cx.out, flags as u64, 2);
    cx.s("), ");
    if flags & FLAG_VNI != 0 {
        let b = d.range(4, 3)?;
        let vni = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        cx.s("vni ");
        cx.u(vni as u64);
    } else {
        cx.s("ERROR: I flag not set");
    }
    cx.b(b'\n');
    d.range(0, HEADER)?;
    dispatch::encap_proto(cx, 0x6558, &d[HEADER..], p.length - HEADER)?;
    Ok(true)
}
