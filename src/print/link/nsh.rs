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
    let ctx_headers = d.range(8, hlen - 8)?;
    if verbose > 2 && md_type == 2 {
        // Variable-length context headers: class, type, length in words.
        let mut at = 0;
        while at + 4 <= ctx_headers.len() {
            let class = ctx_headers.be16(at)?;
            let typ = ctx_headers[at + 2];
            let len = (ctx_headers[at + 3] & 0x7f) as usize;
            cx.s("\n        TLV Class ");
            cx.u(class as u64);
            cx.s(", Type ");
            cx.u(typ as u64);
            cx.s(", Len ");
            cx.u(len as u64);
            at += 4;
            for _ in 0..len {
                let v = ctx_headers.u8_at(at)?;
                cx.s("\n            Value: 0x");
                fmt::put_hex2(cx.out, v);
                at += 4;
            }
        }
    }
    cx.s(if verbose > 0 { "\n    " } else { ": " });
    let (inner, len) = (&d[hlen..], length - hlen);
    if !dispatch::next_protocol(cx, next, inner, len)? {
        cx.s("ERROR: unknown-next-protocol");
    }
    Ok(true)
}
