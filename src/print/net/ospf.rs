//! OSPF summaries.

use crate::print::core::prelude::*;

/// OSPF v2/v3: version, packet type and length without `-v`.
pub fn ospf(cx: &mut Ctx, bp: &[u8], length: usize, ip_version: u8) -> R {
    cx.proto = if ip_version == 6 { "ospf3" } else { "ospf2" };
    let version = bp.u8_at(0)?;
    let t = bp.u8_at(1)?;
    cx.s("OSPFv");
    cx.u(version as u64);
    cx.s(", ");
    match t {
        1 => cx.s("Hello"),
        2 => cx.s("Database Description"),
        3 => cx.s("LS-Request"),
        4 => cx.s("LS-Update"),
        5 => cx.s("LS-Ack"),
        _ => {
            cx.s("unknown packet type (");
            cx.u(t as u64);
            cx.b(b')');
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    Ok(())
}
