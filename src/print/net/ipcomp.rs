//! IP payload compression (RFC 3173), IP protocol 108.

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "ipcomp";
    // The payload is not decompressed: the parameter index alone.
    let cpi = p.data.be16(2)?;
    cx.s("IPComp(cpi=0x");
    fmt::put_hex_padded(cx.out, cpi as u64, 4);
    cx.b(b')');
    Ok(())
}
