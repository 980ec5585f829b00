//! Realtek's EtherType 0x8899: the Remote Control Protocol (RRCP), REP,
//! the loop detection protocol (RLDP), and the switch chips' DSA tags,
//! told apart by the first byte.

use crate::print::core::prelude::*;

static RRCP_OPCODES: &[(u8, &str)] = &[(0, "hello"), (1, "get"), (2, "set")];

/// From an Ethernet frame: its source and destination addresses come
/// first.
pub fn realtek_addrs(cx: &mut Ctx, src: &[u8], dst: &[u8], d: &[u8], length: usize) -> R<bool> {
    cx.proto = "rtl";
    cx.mac(src);
    cx.s(" > ");
    cx.mac(dst);
    cx.s(", ");
    realtek(cx, d, length)
}

pub fn realtek(cx: &mut Ctx, d: &[u8], _length: usize) -> R<bool> {
    cx.proto = "rtl";
    let p = d.u8_at(0)?;
    match p {
        0x01 => rrcp(cx, d)?,
        0x02 => cx.s("REP"),
        0x03 | 0x23 => cx.s("RLDP"),
        0x04 => cx.s("Realtek 8-byte DSA tag"),
        _ if p & 0xf0 == 0x90 => cx.s("Realtek RTL8306 4-byte DSA tag"),
        _ if p & 0xf0 == 0xa0 => cx.s("Realtek RTL8366RB 4-byte DSA tag"),
        _ => {
            cx.s("Realtek unknown type 0x");
            fmt::put_hex2(cx.out, p);
        }
    }
    Ok(true)
}

fn le16(d: &[u8], at: usize) -> R<u16> {
    let b = d.range(at, 2)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

fn le32(d: &[u8], at: usize) -> R<u32> {
    let b = d.range(at, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// RRCP: query or reply, the opcode, a register's address and data
/// (little-endian), the authentication key; a hello reply's ports, uplink
/// address and chip, a get or set's cookie.
fn rrcp(cx: &mut Ctx, d: &[u8]) -> R {
    cx.proto = "rrcp";
    let b = d.u8_at(1)?;
    let (op, reply) = (b & 0x7f, b & 0x80 != 0);
    cx.s("RRCP ");
    cx.s(if reply { "reply" } else { "query" });
    cx.s(": ");
    match tables::lookup(RRCP_OPCODES, op) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown opcode (0x");
            fmt::put_hex2(cx.out, op);
            cx.b(b')');
        }
    }
    let config = op == 1 || op == 2;
    if config {
        let (addr, data) = (le16(d, 4)?, le32(d, 6)?);
        cx.s(" addr=0x");
        fmt::put_hex_padded(cx.out, addr as u64, 4);
        cx.s(", data=0x");
        fmt::put_hex_padded(cx.out, data as u64, 8);
    }
    let auth = d.be16(2)?;
    cx.s(", auth=0x");
    fmt::put_hex_padded(cx.out, auth as u64, 4);
    if op == 0 && reply {
        let h = d.range(4, 14)?;
        cx.s(" downlink_port=");
        cx.u(h[0] as u64);
        cx.s(", uplink_port=");
        cx.u(h[1] as u64);
        cx.s(", uplink_mac=");
        cx.mac(&h[2..8]);
        cx.s(", vendor_id=");
        fmt::put_hex_padded(cx.out, h.be32(10)? as u64, 8);
        cx.s(" ,chip_id=");
        fmt::put_hex_padded(cx.out, h.be16(8)? as u64, 4);
        cx.b(b' ');
    } else if config {
        let (c1, c2) = (d.be32(10)?, d.be32(14)?);
        cx.s(", cookie=0x");
        fmt::put_hex_padded(cx.out, c2 as u64, 8);
        fmt::put_hex_padded(cx.out, c1 as u64, 8);
        cx.b(b' ');
    }
    Ok(())
}
