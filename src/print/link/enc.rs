//! OpenBSD IPsec encapsulation (LINKTYPE_ENC, 109): address family and
//! flags in the capturing host's byte order, the SPI, then the IPv4 or
//! IPv6 packet.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const HDRLEN: usize = 12;

/// Flag bits in the order they are named.
static FLAGS: &[(u32, &str)] = &[(0x0800, "authentic"), (0x0400, "confidential")];

pub fn enc(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "enc";
    let h = d.range(0, HDRLEN)?;
    *ll_len = HDRLEN;
    let le = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
    let (mut af, mut flags) = (le(0), le(8));
    // A family fits in 16 bits: high bits set mean the other byte order.
    if af & 0xffff_0000 != 0 {
        af = af.swap_bytes();
        flags = flags.swap_bytes();
    }
    cx.s(if flags == 0 { "(unprotected): " } else { "(" });
    for &(bit, name) in FLAGS {
        if flags & bit != 0 {
            cx.s(name);
            cx.s(if flags == bit { "): " } else { "," });
            flags &= !bit;
        }
    }
    cx.s("SPI 0x");
    fmt::put_hex_padded(cx.out, h.be32(4)? as u64, 8);
    cx.s(": ");
    let (p, length) = (&d[HDRLEN..], length.saturating_sub(HDRLEN));
    match af {
        2 => {
            dispatch::ethertype(cx, 0x0800, p, length)?;
        }
        24 | 28 | 30 => {
            dispatch::ethertype(cx, 0x86dd, p, length)?;
        }
        _ => {}
    }
    Ok(())
}
