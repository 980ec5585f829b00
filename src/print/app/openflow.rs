//! OpenFlow on TCP ports 6653 and 6633.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

pub fn print_tcp(cx: &mut Ctx, _p: &PortPayload) -> R<bool> {
    cx.proto = "openflow";
    cx.s(": OpenFlow");
    Ok(true)
}
