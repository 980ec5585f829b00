//! BGP (RFC 4271) on TCP port 179.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// The marker tcpdump prints for BGP segments.
pub fn print_tcp(cx: &mut Ctx, _p: &PortPayload) -> R<bool> {
    cx.proto = "bgp";
    cx.s(": BGP");
    Ok(true)
}
