//! VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe) on UDP port 4790: VXLAN with a
//! next-protocol field.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, PortPayload};

const HEADER: usize = 8;

static FLAGS: [(u8, u8); 4] = [(0x08, b'I'), (0x04, b'P'), (0x02, b'B'), (0x01, b'O')];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "vxlan_gpe";
    let d = p.captured;
    cx.s("VXLAN-GPE, ");
    if p.length < HEADER {
        cx.s(" (len ");
        cx.u(p.length as u64);
        cx.s(" < 8) (invalid)");
        return Ok(true);
    }
    let flags = d.u8_at(0)?;
    let version = (flags & 0x30) >> 4;
    if version != 0 {
        cx.s("unknown version ");
        cx.u(version as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    cx.s("flags [");
    if flags & 0x0f == 0 {
        cx.s("none");
    }
    for (bit, c) in FLAGS {
        if flags & bit != 0 {
            cx.b(c);
        }
    }
    cx.s("], ");
    // Without the P flag the payload is Ethernet.
    let next = if flags & 0x04 != 0 { d.u8_at(3)? } else { 3 };
    if flags & 0x08 != 0 {
        let v = d.range(4, 3)?;
        let vni = u32::from_be_bytes([0, v[0], v[1], v[2]]);
        cx.s("vni ");
        cx.u(vni as u64);
    } else {
        cx.s("ERROR: I flag not set");
    }
    if flags & 0x02 != 0 {
        cx.s(", BUM");
    }
    if flags & 0x01 != 0 {
        cx.s(", OAM (proto 0x");
        fmt::put_hex(cx.out, next as u64);
        cx.s(", len ");
        cx.u((p.length - 7) as u64);
        cx.b(b')');
        return Ok(true);
    }
    d.u8_at(7)?;
    cx.s(if cx.opts.verbose > 0 { "\n    " } else { ": " });
    let (inner, len) = (&d[HEADER..], p.length - HEADER);
    let inner = &inner[..inner.len().min(len)];
    if !(1..=4).contains(&next) || !dispatch::next_protocol(cx, next, inner, len)? {
        cx.s("ERROR: unknown-next-protocol (invalid)");
    }
    Ok(true)
}
