//! Microsoft Network Load Balancing heartbeats (EtherType 0x886f).

use crate::print::core::prelude::*;

pub fn msnlb(cx: &mut Ctx, d: &[u8], _length: usize) -> R<bool> {
    cx.proto = "msnlb";
    cx.s("MS NLB heartbeat");
    let h = d.range(0, 16)?;
    // A signature, the host priority (little-endian), cluster and host
    // addresses.
    cx.s(", host priority: ");
    cx.u(u32::from_le_bytes([h[4], h[5], h[6], h[7]]) as u64);
    cx.s(", cluster IP: ");
    cx.ipv4(&h[8..12]);
    cx.s(", host IP: ");
    cx.ipv4(&h[12..16]);
    Ok(true)
}
