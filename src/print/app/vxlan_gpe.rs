//! VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe) on UDP port 4790: VXLAN with a
//! next-protocol field.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, PortPayload};

const HEADER: usize = 8;

static FLAGS: [(u8, u8); 4] = [(0x08, b'I'), (0x04, b'P'), (0x02, b'B'), (0x01, b'O')];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "vxlan_gpe";
    let d = p.body;
    cx.s("VXLAN-GPE");
    if p.length < HEADER || !d.has(0, HEADER) {
        cx.trunc_marker();
        return Ok(true);
    }
    let flags = d[0];
    cx.s(", flags [");
    for (bit, c) in FLAGS {
        if flags & bit != 0 {
            cx.b(c);
        }
    }
    cx.s("], vni ");
    cx.u((d.be32(4)? >> 8) as u64);
    cx.s(if cx.opts.verbose > 0 { "\n    " } else { ": " });
    let next = d[3];
    let (inner, len) = (&d[HEADER..], p.length - HEADER);
    if !dispatch::next_protocol(cx, next, inner, len)? {
        cx.s("ERROR: unknown-next-protocol");
    }
    Ok(true)
}
