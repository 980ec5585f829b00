//! The length checks with which tcpdump starts some decoders bpfdump does
//! not otherwise decode (sFlow): a message too short (or a
//! length field too long) prints as `NAME [length ...] (invalid)`; a
//! plausible one falls back to the generic `UDP, length N`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

fn too_short(cx: &mut Ctx, name: &str, length: usize, min: usize) -> bool {
    if length >= min {
        return false;
    }
    cx.s(name);
    cx.s(" [length ");
    cx.u(length as u64);
    cx.s(" < ");
    cx.u(min as u64);
    cx.s("] (invalid)");
    true
}

/// sFlow version 5, port 6343.
pub fn sflow(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    if p.body.len() >= 4 && p.body.be32(0)? == 5 {
        return Ok(too_short(cx, "sFlowv5", p.length, 28));
    }
    Ok(false)
}
