//! ERSPAN (draft-foschiano-erspan): mirrored frames in GRE, protocol
//! 0x88be (type I without a GRE sequence number, type II with one) and
//! 0x22eb (type III).

use crate::print::core::prelude::*;

fn inner(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let mut ll = 0;
    super::ether::ether_inner(cx, d, length, &mut ll)
}

/// Types I and II.
pub fn erspan(cx: &mut Ctx, d: &[u8], length: usize, sequenced: bool) -> R<bool> {
    cx.proto = "erspan";
    cx.s("erspan");
    if !sequenced {
        cx.s(" type1: ");
        inner(cx, d, length)?;
        return Ok(true);
    }
    if length < 4 {
        cx.trunc_marker();
        return Ok(true);
    }
    // Not captured: the packet ends as the snapshot's accessors end it.
    d.range(0, 4)?;
    let w1 = d.be32(0)?;
    let version = w1 >> 28;
    if version != 1 {
        cx.s(" erspan-unknown-version-");
        fmt::put_hex(cx.out, version as u64);
        return Ok(true);
    }
    if cx.opts.verbose > 0 {
        cx.s(" type2");
    }
    cx.s(" session ");
    cx.u((w1 & 0x3ff) as u64);
    // The encapsulation of the mirrored frame (En) and its VLAN.
    let vlan = (w1 >> 16) & 0xfff;
    match (w1 >> 11) & 3 {
        1 => {
            cx.s(" isl ");
            cx.u(vlan as u64);
        }
        2 => {
            cx.s(" vlan ");
            cx.u(vlan as u64);
        }
        3 => cx.s(" vlan payload"),
        _ => {}
    }
    if cx.opts.verbose > 0 {
        cx.s(" cos ");
        cx.u(((w1 >> 13) & 7) as u64);
        if w1 & 0x400 != 0 {
            cx.s(" truncated");
        }
    }
    if length < 8 {
        cx.trunc_marker();
        return Ok(true);
    }
    // Not captured: the packet ends as the snapshot's accessors end it.
    d.range(4, 4)?;
    let w2 = d.be32(4)?;
    if cx.opts.verbose > 0 {
        cx.s(" index ");
        cx.u((w2 & 0xfffff) as u64);
    }
    cx.s(": ");
    inner(cx, &d[8..], length - 8)?;
    Ok(true)
}

/// Type III.
pub fn erspan3(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "erspan";
    cx.s("erspan");
    if length < 4 {
        cx.trunc_marker();
        return Ok(true);
    }
    // Not captured: the packet ends as the snapshot's accessors end it.
    d.range(0, 4)?;
    let w1 = d.be32(0)?;
    let version = w1 >> 28;
    if version != 2 {
        cx.s(" erspan-unknown-version-");
        fmt::put_hex(cx.out, version as u64);
        return Ok(true);
    }
    if cx.opts.verbose > 0 {
        cx.s(" type3");
    }
    cx.s(" session ");
    cx.u((w1 & 0x3ff) as u64);
    cx.s(" bso ");
    cx.s(match (w1 >> 11) & 3 {
        0 => "Good/unknown",
        1 => "Short",
        2 => "Oversized",
        _ => "Bad",
    });
    if cx.opts.verbose > 0 {
        cx.s(" cos ");
        cx.u(((w1 >> 13) & 7) as u64);
        if w1 & 0x400 != 0 {
            cx.s(" truncated");
        }
    }
    if length < 12 {
        cx.trunc_marker();
        return Ok(true);
    }
    // Not captured: the packet ends as the snapshot's accessors end it.
    d.range(0, 12)?;
    let w3 = d.be32(8)?;
    let ft = (w3 >> 10) & 0x1f;
    let optional = w3 & 1 != 0;
    cx.s(" ft ");
    match ft {
        0 => cx.s("Ethernet"),
        2 => cx.s("IP"),
        _ => {
            cx.s("unknown ");
            fmt::put_hex(cx.out, ft as u64);
        }
    }
    // The platform-specific subheader is read before the separator.
    if optional && length >= 20 {
        d.range(12, 8)?;
    }
    cx.s(": ");
    let mut at = 12;
    if optional {
        at += 8;
    }
    if length < at {
        cx.trunc_marker();
        return Ok(true);
    }
    match ft {
        0 => inner(cx, d.get(at..).unwrap_or(&[]), length - at)?,
        _ => cx.s("Frame type unknown"),
    }
    Ok(true)
}
