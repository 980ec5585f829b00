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
    cx.s("DTPv");
    cx.u(d.u8_at(0)? as u64);
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(true);
    }
    let d = &d[..d.len().min(length)];
    let mut at = 1;
    while at + 4 <= d.len() {
        let t = d.be16(at)?;
        let l = d.be16(at + 2)? as usize;
        if l < 4 {
            break;
        }
        let v = d.range(at + 4, l - 4)?;
        cx.s("\n\t");
        cx.s(tables::lookup(TLVS, t).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, t as u64, 4);
        cx.s(") TLV, length ");
        cx.u(l as u64);
        cx.s(", ");
        match t {
            1 => {
                for &c in v.iter().take_while(|&&c| c != 0) {
                    fmt::put_safe_char(cx.out, c);
                }
            }
            2 | 3 if !v.is_empty() => {
                cx.s("0x");
                fmt::put_hex(cx.out, v[0] as u64);
            }
            4 if v.len() == 6 => cx.mac(v),
            _ => {}
        }
        at += l;
    }
    Ok(true)
}
