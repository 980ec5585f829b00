//! The length checks with which tcpdump starts some decoders bpfdump does
//! not otherwise decode (LISP): a message too short (or a
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

/// LISP control messages (RFC 9301), port 4342.
pub fn lisp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    Ok(too_short(cx, "LISP", p.length, 16))
}
