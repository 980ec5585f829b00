//! Link Layer Discovery Protocol (IEEE 802.1AB).

use crate::print::core::prelude::*;

/// LLDP (ethertype 0x88cc) without `-v`: the length, and the system name
/// when there is one. Its `-v` form (every TLV) is not implemented;
/// callers ask only without `-v`.
pub fn lldp(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "lldp";
    cx.s("LLDP, length ");
    cx.u(length as u64);
    // tcpdump checks these bounds itself (no jump out of the packet), so a
    // cut frame still gets its link header measured for -x.
    if lldp_tlvs(cx, d, length).is_err() {
        cx.trunc_marker();
    }
    Ok(())
}

fn lldp_tlvs(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let (mut at, mut left) = (0, length);
    while left >= 2 {
        let tlv = d.be16(at)?;
        let (t, len) = (tlv >> 9, (tlv & 0x1ff) as usize);
        at += 2;
        left -= 2;
        if t == 0 || len == 0 {
            // The end, or an empty TLV: its header alone, and no more.
            if cx.opts.verbose > 0 {
                super::lldp_tlv::tlv_header(cx, t as u8, len);
            }
            break;
        }
        let value = match d.range(at, len) {
            Ok(v) if left >= len => v,
            _ => {
                if cx.opts.verbose > 0 {
                    super::lldp_tlv::tlv_header(cx, t as u8, len);
                }
                return Err(Trunc);
            }
        };
        if cx.opts.verbose > 0 {
            super::lldp_tlv::tlv(cx, t as u8, value)?;
        } else if t == 5 {
            cx.s(": ");
            for &c in value.iter().take_while(|&&c| c != 0) {
                fmt::put_safe_char(cx.out, c);
            }
        }
        at += len;
        left -= len;
    }
    Ok(())
}

/// The EtherType 0x88cc entry: decoded without `-v` only.
pub fn lldp_if_quiet(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    lldp(cx, d, length)?;
    Ok(true)
}
