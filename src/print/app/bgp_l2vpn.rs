//! BGP layer 2 VPN NLRI (AFI 25): auto-discovery routes and the old
//! label-block format with its TLVs.

use super::bgp_update::rd;
use crate::print::core::prelude::*;

/// Layer 2 VPN NLRI (RFC 4761 and the older draft): 12 bytes are an
/// auto-discovery route, over 17 the old format with its TLVs; any other
/// length ends the decoding as a truncation.
pub fn l2vpn(cx: &mut Ctx, b: &[u8], d: &[u8]) -> R {
    let mut at = 0;
    while at < b.len() {
        let plen = d.be16(at)? as usize;
        let p = at + 2;
        if plen == 12 {
            d.range(p, 12)?;
            cx.s("\n\t      ");
            rd(cx, &d[p..p + 8]);
            cx.s(", BGPNH: ");
            cx.ipv4(&d[p + 8..p + 12]);
        } else if plen > 17 {
            let h = d.range(p, 15)?;
            cx.s("\n\t      ");
            rd(cx, h);
            cx.s(", CE-ID: ");
            cx.u(h.be16(8)? as u64);
            cx.s(", Label-Block Offset: ");
            cx.u(h.be16(10)? as u64);
            cx.s(", Label Base ");
            cx.u((u32::from_be_bytes([0, h[12], h[13], h[14]]) >> 4) as u64);
            let mut q = p + 15;
            let mut left = plen - 15;
            while left != 0 {
                if left < 3 {
                    cx.s("\n\t\tran past the end");
                    return Ok(());
                }
                let t = d.u8_at(q)?;
                let bits = d.be16(q + 1)? as usize;
                let mut n = bits.div_ceil(8);
                q += 3;
                if t == 1 {
                    cx.s("\n\t\tcircuit status vector (1) length: ");
                    cx.u(bits as u64);
                    cx.s(": 0x");
                    while n != 0 {
                        if left < 1 {
                            cx.s(" (ran past the end)");
                            return Ok(());
                        }
                        fmt::put_hex2(cx.out, d.u8_at(q)?);
                        q += 1;
                        n -= 1;
                        left -= 1;
                    }
                } else {
                    cx.s("\n\t\tunknown TLV #");
                    cx.u(t as u64);
                    cx.s(", length: ");
                    cx.u(bits as u64);
                    if left < n {
                        cx.s(" (ran past the end)");
                        return Ok(());
                    }
                    left -= n;
                }
            }
        } else {
            return Err(Trunc);
        }
        at = p + plen;
    }
    Ok(())
}
