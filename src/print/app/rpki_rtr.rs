//! RPKI-Router protocol (RFC 6810) on TCP port 323.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

pub fn print_tcp(cx: &mut Ctx, _p: &PortPayload) -> R<bool> {
    cx.proto = "rpki-rtr";
    if cx.opts.verbose == 0 {
        cx.s(", RPKI-RTR");
    }
    Ok(true)
}
