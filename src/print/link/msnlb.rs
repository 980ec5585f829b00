//! Microsoft Network Load Balancing heartbeats (EtherType 0x886f).

use crate::print::core::prelude::*;

pub fn msnlb(cx: &mut Ctx, d: &[u8], _length: usize) -> R<bool> {
    cx.proto = "msnlb";
    cx.s("MS NLB heartbeat");
    // Eight bytes of signature and the like, then the host priority
    // (little-endian), the cluster and host addresses, each read on its own.
    let p = d.range(8, 4)?;
    cx.s(", host priority: ");
    cx.u(u32::from_le_bytes([p[0], p[1], p[2], p[3]]) as u64);
    let cluster = d.range(12, 4)?;
    cx.s(", cluster IP: ");
    cx.ipv4(cluster);
    let host = d.range(16, 4)?;
    cx.s(", host IP: ");
    cx.ipv4(host);
    Ok(true)
}
