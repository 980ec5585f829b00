//! Cisco's VLAN Query Protocol (VQP) on UDP port 1589: the message, and
//! with `-v` its objects.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static MSG_TYPES: &[(u8, &str)] = &[
    (1, "Request, Join Port"),
    (2, "Response, VLAN"),
    (3, "Request, Reconfirm"),
    (4, "Response, Reconfirm"),
];

static ERRORS: &[(u8, &str)] = &[
    (0, "No error"),
    (3, "Access denied"),
    (4, "Shutdown port"),
    (5, "Wrong VTP domain"),
];

static OBJECTS: &[(u32, &str)] = &[
    (0x0c01, "Client IP Address"),
    (0x0c02, "Port Name"),
    (0x0c03, "VLAN Name"),
    (0x0c04, "VTP Domain"),
    (0x0c05, "Ethernet Packet"),
    (0x0c06, "MAC Null"),
    (0x0c08, "MAC Address"),
];

fn msg_type(cx: &mut Ctx, t: u8) {
    match tables::lookup(MSG_TYPES, t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown (");
            cx.u(t as u64);
            cx.b(b')');
        }
    }
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "vqp";
    let d = p.captured;
    let len = p.length;
    d.range(0, 8)?;
    if len < 8 {
        cx.s(" (invalid)");
        return Ok(true);
    }
    let version = d.u8_at(0)?;
    if version != 1 {
        cx.s("VQP version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(true);
    }
    let (t, err) = (d.u8_at(1)?, d.u8_at(2)?);
    if cx.opts.verbose < 1 {
        cx.s("VQPv1 ");
        msg_type(cx, t);
        cx.s(" Message, error-code ");
        cx.s(tables::lookup(ERRORS, err).unwrap_or("unknown"));
        cx.s(" (");
        cx.u(err as u64);
        cx.s("), length ");
        cx.u(len as u64);
        return Ok(true);
    }
    let mut nitems = d.u8_at(3)?;
    let seq = d.be32(4)?;
    cx.s("\n\tVQPv1, ");
    msg_type(cx, t);
    cx.s(" Message, error-code ");
    cx.s(tables::lookup(ERRORS, err).unwrap_or("unknown"));
    cx.s(" (");
    cx.u(err as u64);
    cx.s("), seq 0x");
    fmt::put_hex_padded(cx.out, seq as u64, 8);
    cx.s(", items ");
    cx.u(nitems as u64);
    cx.s(", length ");
    cx.u(len as u64);
    let mut at = 8;
    let mut left = len - 8;
    while nitems != 0 && left != 0 {
        d.range(at, 6)?;
        if left < 6 {
            cx.s(" (invalid)");
            return Ok(true);
        }
        let t = d.be32(at)?;
        let olen = d.be16(at + 4)? as usize;
        at += 6;
        left -= 6;
        cx.s("\n\t  ");
        cx.s(tables::lookup(OBJECTS, t).unwrap_or("Unknown"));
        cx.s(" Object (0x");
        fmt::put_hex_padded(cx.out, t as u64, 8);
        cx.s("), length ");
        cx.u(olen as u64);
        cx.s(", value: ");
        if t == 0 || olen == 0 {
            return Ok(true);
        }
        let v = d.range(at, olen)?;
        if olen > left {
            cx.s(" (invalid)");
            return Ok(true);
        }
        match t {
            0x0c01 => {
                if olen != 4 {
                    cx.s(" (invalid)");
                    return Ok(true);
                }
                cx.ipv4(v);
                cx.s(" (0x");
                fmt::put_hex_padded(cx.out, d.be32(at)? as u64, 8);
                cx.b(b')');
            }
            0x0c02..=0x0c05 => {
                for &c in v.iter().take_while(|&&c| c != 0) {
                    fmt::put_safe_char(cx.out, c);
                }
            }
            0x0c06 | 0x0c08 => {
                if olen != 6 {
                    cx.s(" (invalid)");
                    return Ok(true);
                }
                cx.mac(v);
            }
            _ => {
                if cx.opts.verbose <= 1 {
                    unknown_data(cx, v, "\n\t    ", olen);
                }
            }
        }
        at += olen;
        left -= olen;
        nitems -= 1;
    }
    Ok(true)
}
