//! ATA over Ethernet (ethertype 0x88a2).

use crate::print::core::prelude::*;

/// ATA over Ethernet (ethertype 0x88a2).
pub fn aoe(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "aoe";
    cx.s("AoE length ");
    cx.u(length as u64);
    if length < 1 {
        return invalid(cx, d, 0, length);
    }
    let ver = d.u8_at(0)? >> 4;
    cx.s(", Ver ");
    cx.u(ver as u64);
    if ver == 1 {
        aoe_v1(cx, d, length)?;
    }
    Ok(())
}

fn aoe_v1(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    if len < 10 {
        return invalid(cx, d, 0, len);
    }
    let flags = d.u8_at(0)? & 0x0f;
    cx.s(", Flags: [");
    bits(
        cx,
        flags,
        &[
            (0x08, "Response"),
            (0x04, "Error"),
            (0x02, "MBZ-1"),
            (0x01, "MBZ-0"),
        ],
    );
    cx.b(b']');
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    if flags & 0x04 != 0 {
        let e = d.u8_at(1)?;
        cx.s("\n\tError: ");
        match e {
            1 => cx.s("Unrecognized command code"),
            2 => cx.s("Bad argument parameter"),
            3 => cx.s("Device unavailable"),
            4 => cx.s("Config string present"),
            5 => cx.s("Unsupported version"),
            6 => cx.s("Target is reserved"),
            _ => {
                cx.s("Invalid (");
                cx.u(e as u64);
                cx.b(b')');
            }
        }
    }
    let major = d.be16(2)?;
    cx.s("\n\tMajor: 0x");
    fmt::put_hex_padded(cx.out, major as u64, 4);
    let minor = d.u8_at(4)?;
    cx.s(", Minor: 0x");
    fmt::put_hex_padded(cx.out, minor as u64, 2);
    let command = d.u8_at(5)?;
    cx.s(", Command: ");
    match command {
        0 => cx.s("Issue ATA Command"),
        1 => cx.s("Query Config Information"),
        2 => cx.s("MAC Mask List"),
        3 => cx.s("Reserve/Release"),
        _ => unknown_hex(cx, command),
    }
    let tag = d.be32(6)?;
    cx.s(", Tag: 0x");
    fmt::put_hex_padded(cx.out, tag as u64, 8);
    let (at, len) = (10, len - 10);
    match command {
        0 => aoe_issue(cx, d, at, len),
        1 => aoe_query(cx, d, at, len),
        2 => aoe_mac(cx, d, at, len),
        3 => aoe_reserve(cx, d, at, len),
        _ => Ok(()),
    }
}

fn aoe_issue(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 12 {
        return invalid(cx, d, at, len);
    }
    let aflags = d.u8_at(at)?;
    cx.s("\n\tAFlags: [");
    bits(
        cx,
        aflags,
        &[
            (0x80, "MBZ-7"),
            (0x40, "Ext48"),
            (0x20, "MBZ-5"),
            (0x10, "Device"),
            (0x08, "MBZ-3"),
            (0x04, "MBZ-2"),
            (0x02, "Async"),
            (0x01, "Write"),
        ],
    );
    cx.b(b']');
    let v = d.u8_at(at + 1)?;
    cx.s(", Err/Feature: ");
    cx.u(v as u64);
    let v = d.u8_at(at + 2)?;
    cx.s(", Sector Count: ");
    cx.u(v as u64);
    let v = d.u8_at(at + 3)?;
    cx.s(", Cmd/Status: ");
    cx.u(v as u64);
    for i in 0..6 {
        let v = d.u8_at(at + 4 + i)?;
        cx.s(if i == 0 { "\n\tlba0: " } else { ", lba" });
        if i > 0 {
            cx.u(i as u64);
            cx.s(": ");
        }
        cx.u(v as u64);
    }
    d.range(at + 10, 2)?;
    if len > 12 {
        cx.s("\n\tData: ");
        cx.u((len - 12) as u64);
        cx.s(" bytes");
    }
    Ok(())
}

fn aoe_query(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 8 {
        return invalid(cx, d, at, len);
    }
    let v = d.be16(at)?;
    cx.s("\n\tBuffer Count: ");
    cx.u(v as u64);
    let v = d.be16(at + 2)?;
    cx.s(", Firmware Version: ");
    cx.u(v as u64);
    let v = d.u8_at(at + 4)?;
    cx.s(", Sector Count: ");
    cx.u(v as u64);
    let b = d.u8_at(at + 5)?;
    cx.s(", AoE: ");
    cx.u((b >> 4) as u64);
    cx.s(", CCmd: ");
    cx.s(match b & 0x0f {
        0 => "read config string",
        1 => "test config string",
        2 => "test config string prefix",
        3 => "set config string",
        4 => "force set config string",
        // tcpdump's format string here lacks its `%`.
        _ => "Unknown (0x02x)",
    });
    let cslen = d.be16(at + 6)? as usize;
    let (at, len) = (at + 8, len - 8);
    if cslen > 1024 || cslen > len {
        return invalid(cx, d, at, len);
    }
    if cslen > 0 {
        cx.s("\n\tConfig String (length ");
        cx.u(cslen as u64);
        cx.s("): ");
        for i in 0..cslen {
            fmt::put_safe_char(cx.out, d.u8_at(at + i)?);
        }
    }
    Ok(())
}

fn aoe_mac(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 4 {
        return invalid(cx, d, at, len);
    }
    let mcmd = d.u8_at(at + 1)?;
    cx.s("\n\tMCmd: ");
    match mcmd {
        0 => cx.s("Read Mac Mask List"),
        1 => cx.s("Edit Mac Mask List"),
        _ => unknown_hex(cx, mcmd),
    }
    let merr = d.u8_at(at + 2)?;
    cx.s(", MError: ");
    match merr {
        1 => cx.s("Unspecified Error"),
        2 => cx.s("Bad DCmd directive"),
        3 => cx.s("Mask list full"),
        _ => unknown_hex(cx, merr),
    }
    let count = d.u8_at(at + 3)? as usize;
    cx.s(", Dir Count: ");
    cx.u(count as u64);
    let (mut at, len) = (at + 4, len - 4);
    if count * 8 > len {
        return invalid(cx, d, at, len);
    }
    for _ in 0..count {
        let dcmd = d.u8_at(at + 1)?;
        cx.s("\n\t DCmd: ");
        match dcmd {
            0 => cx.s("No Directive"),
            1 => cx.s("Add mac address to mask list"),
            2 => cx.s("Delete mac address from mask list"),
            _ => unknown_hex(cx, dcmd),
        }
        let mac = d.range(at + 2, 6)?;
        cx.s(", Ethernet Address: ");
        cx.mac(mac);
        at += 8;
    }
    Ok(())
}

fn aoe_reserve(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 2 || !(len - 2).is_multiple_of(6) {
        return invalid(cx, d, at, len);
    }
    let rcmd = d.u8_at(at)?;
    cx.s("\n\tRCmd: ");
    match rcmd {
        0 => cx.s("Read reserve list"),
        1 => cx.s("Set reserve list"),
        2 => cx.s("Force set reserve list"),
        _ => unknown_hex(cx, rcmd),
    }
    let n = d.u8_at(at + 1)? as usize;
    cx.s(", NMacs: ");
    cx.u(n as u64);
    let (at, len) = (at + 2, len - 2);
    if n * 6 != len {
        return invalid(cx, d, at, len);
    }
    for i in 0..n {
        let mac = d.range(at + 6 * i, 6)?;
        cx.s("\n\tEthernet Address ");
        cx.u(i as u64);
        cx.s(": ");
        cx.mac(mac);
    }
    Ok(())
}
