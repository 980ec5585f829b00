//! ESP (RFC 4303): the SPI and sequence number.

use crate::print::core::prelude::*;

/// ESP: the SPI and sequence number (the payload is encrypted).
pub fn esp(cx: &mut Ctx, bp: &[u8], length: usize) -> R {
    cx.proto = "esp";
    // tcpdump wants more than the 8 header bytes captured.
    if bp.len() <= 8 {
        cx.trunc_marker();
        return Ok(());
    }
    cx.s("ESP(spi=0x");
    fmt::put_hex_padded(cx.out, bp.be32(0)? as u64, 8);
    cx.s(",seq=0x");
    fmt::put_hex(cx.out, bp.be32(4)? as u64);
    cx.s("), length ");
    cx.u(length as u64);
    Ok(())
}
