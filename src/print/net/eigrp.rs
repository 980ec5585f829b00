//! EIGRP summaries.

use crate::print::core::prelude::*;

/// EIGRP: the message type without `-v` (details are not decoded).
pub fn eigrp(cx: &mut Ctx, bp: &[u8], length: usize) -> R {
    cx.proto = "eigrp";
    if bp.len() < 20 {
        cx.trunc_marker();
        return Ok(());
    }
    let version = bp[0];
    if version != 2 {
        cx.s("EIGRP version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(());
    }
    cx.s("EIGRP ");
    match bp[1] {
        1 => cx.s("Update"),
        3 => cx.s("Query"),
        4 => cx.s("Reply"),
        5 => cx.s("Hello"),
        6 => cx.s("IPX SAP"),
        7 => cx.s("Probe"),
        op => {
            cx.s("unknown (");
            cx.u(op as u64);
            cx.b(b')');
        }
    }
    cx.s(", length: ");
    cx.u(length as u64);
    Ok(())
}
