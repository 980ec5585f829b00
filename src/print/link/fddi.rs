//! FDDI (LINKTYPE_FDDI, 10): frame control, addresses (not bit-swapped,
//! as on Linux), then LLC for asynchronous LLC frames; SMT frames are
//! only named, the other frame classes dumped.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const HDRLEN: usize = 13;

/// Frame control values with a name of their own.
static FC_NAMES: &[(u8, &str)] = &[
    (0x40, "void"),
    (0x41, "info"),
    (0x4f, "nsa"),
    (0x80, "nrt"),
    (0xc0, "rt"),
    (0xc2, "beacon"),
    (0xc3, "claim"),
];

/// Frame classes (the top nibble) named with the control bits after them.
static FC_CLASSES: &[(u8, &str)] = &[
    (0x40, "smt"),
    (0x50, "async"),
    (0x60, "imp_async"),
    (0xc0, "mac"),
    (0xd0, "sync"),
    (0xe0, "imp_sync"),
];

const FC_LLC_ASYNC: u8 = 0x50;
const FC_SMT: u8 = 0x40;

fn frame_control(cx: &mut Ctx, fc: u8) {
    if let Some(n) = tables::lookup(FC_NAMES, fc) {
        cx.s(n);
    } else if let Some(n) = tables::lookup(FC_CLASSES, fc & 0xf0) {
        cx.s(n);
        fmt::put_hex(cx.out, (fc & 0x0f) as u64);
    } else {
        fmt::put_hex2(cx.out, fc);
    }
    cx.b(b' ');
}

/// `FC SRC > DST, length N: `.
fn header(cx: &mut Ctx, h: &[u8], length: usize) {
    if !cx.opts.quiet {
        frame_control(cx, h[0]);
    }
    cx.mac(&h[7..13]);
    cx.s(" > ");
    cx.mac(&h[1..7]);
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(": ");
}

pub fn fddi(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    *ll_len = fddi_in(cx, d, length)?;
    Ok(())
}

/// An FDDI frame (also after RFC 2684 bridging); the length of the
/// headers taken as link headers.
pub fn fddi_in(cx: &mut Ctx, d: &[u8], length: usize) -> R<usize> {
    cx.proto = "fddi";
    if d.len() < HDRLEN {
        cx.trunc_marker();
        return Ok(d.len());
    }
    let h = &d[..HDRLEN];
    if cx.opts.link_header {
        header(cx, h, length);
    }
    let (p, len) = (&d[HDRLEN..], length.saturating_sub(HDRLEN));
    let fc = h[0];
    if fc & 0xf0 == FC_LLC_ASYNC {
        let n = dispatch::llc_frame(cx, Some((&h[7..13], &h[1..7])), p, len)?;
        return Ok(HDRLEN + n);
    }
    if fc & 0xf0 == FC_SMT {
        cx.s("<SMT printer not yet implemented>");
        return Ok(HDRLEN);
    }
    if !cx.opts.link_header {
        header(cx, h, length);
    }
    cx.default_print_unless_dumped(p);
    Ok(HDRLEN)
}
