//! Network Service Header (RFC 8300), after VXLAN-GPE or EtherType 0x894f.

use crate::print::core::prelude::*;
use crate::print::dispatch;

pub fn nsh(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "nsh";
    // Nothing is shown before the first word is captured.
    if !d.has(0, 4) {
        return Err(Trunc);
    }
    cx.s("NSH");
    let ver = d[0] >> 6;
    let o = d[0] & 0x20 != 0;
    let ttl = ((d[0] & 0x0f) << 2) | (d[1] >> 6);
    let words = (d[1] & 0x3f) as usize;
    let md_type = d[2] & 0x0f;
    let next = d[3];
    let verbose = cx.opts.verbose;
    if verbose > 1 {
        cx.s(", ver ");
        cx.u(ver as u64);
    }
    cx.s(", ");
    if ver != 0 {
        // Only version 0 is known.
        return Ok(true);
    }
    cx.s("flags [");
    cx.s(if o { "O" } else { "none" });
    cx.b(b']');
    if verbose > 2 {
        cx.s(", TTL ");
        cx.u(ttl as u64);
        cx.s(", length ");
        cx.u(words as u64);
        cx.s(", md type ");
        cx.u(md_type as u64);
    }
    if verbose > 1 {
        cx.s(", next-protocol ");
        cx.s(match next {
            1 => "IPv4",
            2 => "IPv6",
            3 => "Ethernet",
            4 => "NSH",
            5 => "MPLS",
            _ => "Unknown",
        });
    }
    cx.s(", ");
    let spi = d.range(4, 3)?;
    cx.s("service-path-id 0x");
    fmt::put_hex_padded(
        cx.out,
        u32::from_be_bytes([0, spi[0], spi[1], spi[2]]) as u64,
        6,
    );
    cx.s(", ");
    let si = d.u8_at(7)?;
    cx.s("service-index 0x");
    fmt::put_hex2(cx.out, si);
    let hlen = words * 4;
    if hlen < 8 || length < hlen {
        cx.s(" (invalid length)");
        return Ok(true);
    }
    // With -vvv the context headers are shown as they are read: MD type 1
    // as four fixed words, MD type 2 as class/type/length TLVs (length in
    // bytes, the value padded to whole words).
    let mut shown = false;
    if verbose > 2 && md_type == 1 {
        if words != 6 {
            cx.s(" (length for the MD type) (invalid)");
            return Ok(true);
        }
        for n in 0..4 {
            let w = d.be32(8 + 4 * n)?;
            cx.s("\n        Context[");
            if n < 10 {
                cx.b(b'0');
            }
            cx.u(n as u64);
            cx.s("]: 0x");
            fmt::put_hex_padded(cx.out, w as u64, 8);
        }
        shown = true;
    } else if verbose > 2 && md_type == 2 {
        let (mut n, mut at) = (0, 8);
        while n < words - 2 {
            let class = d.be16(at)?;
            let typ = d.u8_at(at + 2)?;
            let len = (d.u8_at(at + 3)? & 0x7f) as usize;
            at += 4;
            cx.s("\n        TLV Class ");
            cx.u(class as u64);
            cx.s(", Type ");
            cx.u(typ as u64);
            cx.s(", Len ");
            cx.u(len as u64);
            n += 1;
            let padded = len.div_ceil(4) * 4;
            if words - 2 < n + padded / 4 {
                cx.s(" (length too big) (invalid)");
                return Ok(true);
            }
            if len > 0 {
                cx.s("\n            Value: ");
                for k in 0..len {
                    let b = d.u8_at(at + k)?;
                    cx.s(if k == 0 { "0x" } else { ":" });
                    fmt::put_hex2(cx.out, b);
                }
                d.range(at + len, padded - len)?;
                at += padded;
                n += padded / 4;
            }
        }
        shown = true;
    }
    if !shown {
        d.range(8, hlen - 8)?;
    }
    cx.s(if verbose > 0 { "\n    " } else { ": " });
    let (inner, len) = (&d[hlen..], length - hlen);
    if !dispatch::next_protocol(cx, next, inner, len)? {
        cx.s("ERROR: unknown-next-protocol");
    }
    Ok(true)
}
