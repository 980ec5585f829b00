//! Slow protocols (IEEE 802.3 annex 57A): LACP, marker, OAM.

use crate::print::core::prelude::*;

/// Slow protocols (ethertype 0x8809) without `-v`: LACP, Marker and OAM
/// headers. Their `-v` forms are not implemented; callers ask only without
/// `-v`, and only for these subtypes.
pub fn is_slow_known(d: &[u8]) -> bool {
    matches!(d.first(), Some(1..=3))
}

pub fn slow(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "slow";
    if length < 1 {
        cx.s(" (packet is too short)");
        return Ok(());
    }
    let subtype = d.u8_at(0)?;
    let name = match subtype {
        1 => "LACP",
        2 => "MARKER",
        _ => "OAM",
    };
    if subtype == 3 {
        cx.s(name);
        cx.s(", length ");
        cx.u(length as u64);
        return Ok(());
    }
    if length < 2 {
        cx.s(" (packet is too short)");
        return Ok(());
    }
    let version = d.u8_at(1)?;
    if version != 1 {
        cx.s(name);
        cx.s(" version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(());
    }
    cx.s(name);
    cx.s("v1, length ");
    cx.u(length as u64);
    Ok(())
}

/// The EtherType 0x8809 entry: the subtypes decoded, without `-v`.
pub fn slow_if_known(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    if cx.opts.verbose == 0 && is_slow_known(d) {
        slow(cx, d, length)?;
        return Ok(true);
    }
    Ok(false)
}
