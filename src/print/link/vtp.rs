//! Cisco VLAN Trunking Protocol (SNAP OUI Cisco, protocol id 0x2003): the
//! message header line.

use crate::print::core::prelude::*;

static MESSAGES: &[(u8, &str)] = &[
    (1, "Summary advertisement"),
    (2, "Subset advertisement"),
    (3, "Advertisement request"),
    (4, "Join message"),
];

pub fn vtp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "vtp";
    cx.s("VTP");
    if length < 36 {
        cx.s(" [length ");
        cx.u(length as u64);
        cx.s(" < 36] (invalid)");
        return Ok(true);
    }
    // The common header (version, code, followers or sequence number,
    // domain) is checked whole first.
    if !d.has(0, 36) {
        return Err(Trunc);
    }
    let version = d.u8_at(0)?;
    if version > 3 {
        cx.s(" [version ");
        cx.u(version as u64);
        cx.s(" > 3] (invalid)");
        // tcpdump goes on reading the message, and stops at its end.
        if d.len() < length {
            return Err(Trunc);
        }
        return Ok(true);
    }
    let t = d.u8_at(1)?;
    cx.s("v");
    cx.u(version as u64);
    cx.s(", Message ");
    cx.s(tables::lookup(MESSAGES, t).unwrap_or("Unknown message type"));
    cx.s(" (0x");
    fmt::put_hex2(cx.out, t);
    cx.s("), length ");
    cx.u(length as u64);
    // The rest of the message is checked whole.
    if d.len() < length {
        return Err(Trunc);
    }
    Ok(true)
}
