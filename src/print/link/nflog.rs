//! Linux NFLOG (LINKTYPE_NFLOG, 239): a 4-byte header (family, version,
//! resource id), then TLVs in host (little-endian) byte order, padded to
//! 4 bytes; the payload TLV holds the logged IPv4 or IPv6 packet.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const HDRLEN: usize = 4;
const TLV_HDRLEN: usize = 4;
const TLV_PAYLOAD: u16 = 9;

static FAMILIES: &[(u8, &str)] = &[(2, "IPv4"), (10, "IPv6")];

fn le16(d: &[u8], at: usize) -> R<u16> {
    let b = d.range(at, 2)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

/// `version V, resource ID N, family F (n), length L: `.
fn header(cx: &mut Ctx, h: &[u8], length: usize) {
    cx.s("version ");
    cx.u(h[1] as u64);
    cx.s(", resource ID ");
    cx.u(u16::from_be_bytes([h[2], h[3]]) as u64);
    let name = tables::lookup(FAMILIES, h[0]);
    if !cx.opts.quiet {
        cx.s(", family ");
        cx.s(name.unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(h[0] as u64);
        cx.b(b')');
    } else {
        cx.s(", ");
        match name {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown NFLOG (0x");
                fmt::put_hex2(cx.out, h[0]);
                cx.b(b')');
            }
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(": ");
}

pub fn nflog(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "nflog";
    if length < HDRLEN {
        cx.bad_len("length", length as u64, "<", HDRLEN as u64);
        cx.s(" (invalid)");
        return Ok(());
    }
    let h = d.range(0, HDRLEN)?;
    *ll_len = HDRLEN;
    if h[1] != 0 {
        cx.s("version ");
        cx.u(h[1] as u64);
        cx.s(" (unknown)");
        return Ok(());
    }
    if cx.opts.link_header {
        header(cx, h, length);
    }
    let mut at = HDRLEN;
    let mut length = length - HDRLEN;
    while length != 0 {
        if length < TLV_HDRLEN {
            cx.bad_len("length", length as u64, "<", TLV_HDRLEN as u64);
            cx.s(" (invalid)");
            return Ok(());
        }
        let mut size = le16(d, at)?;
        let kind = le16(d, at + 2)?;
        if size % 4 != 0 {
            size = size.wrapping_add(4 - size % 4);
        }
        if (size as usize) < TLV_HDRLEN {
            cx.bad_len("size", size as u64, "<", TLV_HDRLEN as u64);
            cx.s(" (invalid)");
            return Ok(());
        }
        if length < size as usize {
            cx.bad_len("length", length as u64, "<", size as u64);
            cx.s(" (invalid)");
            return Ok(());
        }
        d.range(at, size as usize)?;
        if kind == TLV_PAYLOAD {
            at += TLV_HDRLEN;
            length -= TLV_HDRLEN;
            break;
        }
        at += size as usize;
        length -= size as usize;
    }
    let p = &d[at.min(d.len())..];
    match h[0] {
        2 => {
            dispatch::ethertype(cx, 0x0800, p, length)?;
        }
        10 => {
            dispatch::ethertype(cx, 0x86dd, p, length)?;
        }
        _ => {
            if !cx.opts.link_header {
                header(cx, h, length + HDRLEN);
            }
            cx.default_print_unless_dumped(p);
        }
    }
    *ll_len = at;
    Ok(())
}
