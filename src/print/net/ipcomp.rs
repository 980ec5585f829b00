//! IP payload compression (RFC 3173), IP protocol 108.

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "ipcomp";
    if !p.data.has(0, 4) {
        cx.trunc_marker();
        return Ok(());
    }
    cx.s("IPComp(cpi=0x");
    fmt::put_hex_padded(cx.out, p.data.be16(2)? as u64, 4);
    cx.b(b')');
    Ok(())
}
