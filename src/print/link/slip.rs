//! SLIP with BSD's 16-byte pseudo-header (LINKTYPE_SLIP, 8): direction
//! and the first byte of the (possibly VJ-compressed) header with `-e`,
//! then IP by version.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const HDRLEN: usize = 16;

pub fn slip(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "slip";
    let h = d.range(0, HDRLEN)?;
    *ll_len = HDRLEN;
    let (p, len) = (&d[HDRLEN..], length.saturating_sub(HDRLEN));
    if cx.opts.link_header {
        match h[0] {
            0 => cx.s("I "),
            1 => cx.s("O "),
            dir => {
                cx.s("Invalid direction ");
                cx.u(dir as u64);
                cx.b(b' ');
            }
        }
        if h[0] <= 1 {
            match h[1] & 0xf0 {
                0x40 => {
                    cx.s("ip ");
                    cx.u(length as u64);
                    cx.s(": ");
                }
                0x70 => {
                    cx.s("utcp ");
                    cx.u(p.u8_at(9)? as u64);
                    cx.s(": ");
                }
                t => {
                    cx.s("slip-");
                    cx.u(t as u64);
                    cx.s("!: ");
                }
            }
        }
    }
    let v = p.u8_at(0)? >> 4;
    match v {
        4 => {
            dispatch::ethertype(cx, 0x0800, p, len)?;
        }
        6 => {
            dispatch::ethertype(cx, 0x86dd, p, len)?;
        }
        _ => {
            cx.s("ip v");
            cx.u(v as u64);
        }
    }
    Ok(())
}

/// BSD/OS SLIP (LINKTYPE_SLIP_BSDOS, 102): a 16-byte header that is not
/// shown, then IPv4 whatever the version says.
pub fn slip_bsdos(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "slip_bsdos";
    d.range(0, HDRLEN)?;
    *ll_len = HDRLEN;
    dispatch::ethertype(cx, 0x0800, &d[HDRLEN..], length - HDRLEN)?;
    Ok(())
}
