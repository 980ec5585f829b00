//! CALM FAST (ISO 29281, EtherType 0x1111): the network references, then
//! the payload in hex.

use crate::print::core::prelude::*;

/// `src`: the link-layer source address, when the link has one.
pub fn calm_fast(cx: &mut Ctx, src: Option<&[u8]>, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "calm_fast";
    cx.s("CALM FAST");
    if let Some(a) = src {
        cx.s(" src:");
        cx.mac(a);
    }
    cx.s("; ");
    if length < 2 {
        cx.s(" (length ");
        cx.u(length as u64);
        cx.s(" < 2)");
        invalid(cx, d, 0, length)?;
        return Ok(true);
    }
    let src_ref = d.u8_at(0)?;
    cx.s("SrcNwref:");
    cx.u(src_ref as u64);
    cx.s("; ");
    let dst = d.u8_at(1)?;
    cx.s("DstNwref:");
    cx.u(dst as u64);
    cx.s("; ");
    let p = &d[2..];
    let len = length - 2;
    // The payload in hex and text with `-v` (whatever else is asked: `-e`,
    // `-q`, `-x`); without it the snapshot prints no payload at all. A
    // cut payload is a truncation once dumped (`-x` dumps from byte 0).
    if cx.opts.verbose > 0 {
        cx.default_print(&p[..p.len().min(len)]);
        if p.len() < len {
            return Err(Trunc);
        }
    }
    Ok(true)
}
