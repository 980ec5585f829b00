//! Cisco Dynamic Trunking Protocol (SNAP OUI 0x00000c, PID 0x2004).

use crate::print::core::prelude::*;

static TLVS: &[(u16, &str)] = &[
    (1, "Domain"),
    (2, "Status"),
    (3, "DTP type"),
    (4, "Neighbor"),
];

pub fn dtp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "dtp";
    cx.s("DTP");
    if length < 1 {
        cx.s("[zero packet length] (invalid)");
        return Ok(true);
    }
    let version = d.u8_at(0)?;
    cx.b(b'v');
    cx.u(version as u64);
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(true);
    }
    let d = &d[..d.len().min(length)];
    let mut at = 1;
    while at < length {
        let left = length - at;
        if left < 4 {
            cx.b(b'[');
            cx.u(left as u64);
            cx.s(" bytes remaining]");
            invalid(cx, d, at, left)?;
            return Ok(true);
        }
        let t = d.be16(at)?;
        let l = d.be16(at + 2)? as usize;
        if t == 0 {
            // A zero type ends the TLVs.
            return Ok(true);
        }
        cx.s("\n\t");
        cx.s(tables::lookup(TLVS, t).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, t as u64, 4);
        cx.s(") TLV, length ");
        cx.u(l as u64);
        if l < 4 || l > left {
            cx.s("[TLV length ");
            cx.u(l as u64);
            cx.b(b']');
            invalid(cx, d, at, left)?;
            return Ok(true);
        }
        // Each value is read as far as it is shown: a truncation shows
        // what came before it.
        let (vat, vlen) = (at + 4, l - 4);
        match t {
            1 => {
                cx.s(", ");
                for i in 0..vlen {
                    let c = d.u8_at(vat + i)?;
                    if c == 0 {
                        break;
                    }
                    fmt::put_safe_char(cx.out, c);
                }
            }
            2 | 3 | 4 if l != if t == 4 { 10 } else { 5 } => {
                // A fixed-size value of another length.
                invalid(cx, d, at, length - at)?;
                return Ok(true);
            }
            2 | 3 => {
                let b = d.u8_at(vat)?;
                cx.s(", 0x");
                fmt::put_hex(cx.out, b as u64);
            }
            4 => {
                let mac = d.range(vat, 6)?;
                cx.s(", ");
                cx.mac(mac);
            }
            _ => {}
        }
        at += l;
    }
    Ok(true)
}
