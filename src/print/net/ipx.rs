//! IPX (Novell), on EtherType 0x8137 or LLC SAP 0xe0: addresses, then
//! RIP, SAP and NetBIOS by socket.

use crate::print::core::prelude::*;

const HEADER: usize = 30;

/// `net.node.socket`
fn address(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    fmt::put_hex_padded(cx.out, d.be32(at)? as u64, 8);
    cx.b(b'.');
    cx.mac_raw(d.range(at + 4, 6)?);
    cx.b(b'.');
    fmt::put_hex_padded(cx.out, d.be16(at + 10)? as u64, 4);
    Ok(())
}

/// IPX under its EtherType (Ethernet II or SNAP): so marked first.
pub fn ipx_ethertype(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.s("(NOV-ETHII) ");
    ipx(cx, d, length)
}

pub fn ipx(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "ipx";
    if !cx.opts.link_header {
        cx.s("IPX ");
    }
    d.range(0, HEADER)?;
    address(cx, d, 18)?;
    cx.s(" > ");
    address(cx, d, 6)?;
    cx.s(": ");
    let total = d.be16(2)? as usize;
    if total < HEADER {
        invalid(cx, total, HEADER);
        return Ok(true);
    }
    let len = total - HEADER;
    let dst_socket = d.be16(16)?;
    // The fields are read as far as captured; the length is checked
    // apart.
    let body = d.get(HEADER..).unwrap_or(&[]);
    let _ = length;
    match dst_socket {
        0x0451 => {
            cx.s("ipx-ncp ");
            cx.u(len as u64);
        }
        0x0453 => rip(cx, body, len)?,
        0x0452 => sap(cx, body, len)?,
        0x0455 => {
            cx.s("ipx-netbios ");
            cx.u(len as u64);
        }
        0x0456 => {
            cx.s("ipx-diags ");
            cx.u(len as u64);
        }
        0x0553 => {
            cx.s("ipx-nwlink-dgm ");
            cx.u(len as u64);
        }
        s => {
            cx.s("ipx-#");
            fmt::put_hex(cx.out, s as u64);
            cx.b(b' ');
            cx.u(len as u64);
        }
    }
    Ok(true)
}

/// ` [length 3 < 8] (invalid)`: fewer bytes left than a field needs.
/// (After the header's `: `, without a space of its own.)
fn invalid(cx: &mut Ctx, left: usize, need: usize) {
    if cx.out.last() != Some(&b' ') {
        cx.b(b' ');
    }
    cx.s("[length ");
    cx.u(left as u64);
    cx.s(" < ");
    cx.u(need as u64);
    cx.s("] (invalid)");
}

fn rip(cx: &mut Ctx, b: &[u8], len: usize) -> R {
    let op = b.be16(0)?;
    match op {
        1 => cx.s("ipx-rip-req"),
        2 => cx.s("ipx-rip-resp"),
        _ => {
            cx.s("ipx-rip-?");
            fmt::put_hex(cx.out, op as u64);
            return Ok(());
        }
    }
    let mut at = 2;
    let mut left = len.saturating_sub(2);
    while left > 0 {
        if left < 8 {
            invalid(cx, left, 8);
            return Ok(());
        }
        b.range(at, 8)?;
        cx.b(b' ');
        fmt::put_hex_padded(cx.out, b.be32(at)? as u64, 8);
        cx.b(b'/');
        cx.u(b.be16(at + 4)? as u64);
        cx.b(b'.');
        cx.u(b.be16(at + 6)? as u64);
        at += 8;
        left -= 8;
    }
    Ok(())
}

fn sap(cx: &mut Ctx, b: &[u8], len: usize) -> R {
    let op = b.be16(0)?;
    let (name, entries) = match op {
        1 => ("ipx-sap-req", false),
        2 => ("ipx-sap-resp", true),
        3 => ("ipx-sap-nearest-req", false),
        4 => ("ipx-sap-nearest-resp", true),
        _ => {
            cx.s("ipx-sap-?");
            fmt::put_hex(cx.out, op as u64);
            return Ok(());
        }
    };
    cx.s(name);
    if !entries {
        // A request names one service type.
        let v = b.be16(2)?;
        cx.b(b' ');
        sap_type(cx, v);
        return Ok(());
    }
    let mut at = 2;
    let mut left = len.saturating_sub(2);
    while left > 0 {
        if left < 2 {
            invalid(cx, left, 2);
            return Ok(());
        }
        let typ = b.be16(at)?;
        cx.b(b' ');
        sap_type(cx, typ);
        left -= 2;
        if left < 48 {
            cx.s(" '' (invalid)");
            return Ok(());
        }
        cx.s(" '");
        // The name as far as it was captured, up to its NUL.
        let server = b.get(at + 2..b.len().min(at + 50)).unwrap_or(&[]);
        let n = server.iter().position(|&c| c == 0);
        for &c in &server[..n.unwrap_or(server.len())] {
            fmt::put_safe_char(cx.out, c);
        }
        if n.is_none() {
            b.range(at + 2, 48)?;
        }
        cx.b(b'\'');
        left -= 48;
        if left < 10 {
            invalid(cx, left, 10);
            return Ok(());
        }
        b.range(at + 50, 10)?;
        cx.s(" addr ");
        fmt::put_hex_padded(cx.out, b.be32(at + 50)? as u64, 8);
        cx.b(b'.');
        cx.mac_raw(b.range(at + 54, 6)?);
        left -= 10;
        if left < 4 {
            invalid(cx, left, 4);
            return Ok(());
        }
        // The socket and the hops, not shown, must have been captured.
        b.range(at + 60, 4)?;
        left -= 4;
        at += 64;
    }
    Ok(())
}

/// A SAP service type: its name without `-n` when tcpdump knows one, else
/// four hex digits.
fn sap_type(cx: &mut Ctx, t: u16) {
    match crate::print::core::ipxsap::name(t).filter(|_| cx.opts.numeric == 0) {
        Some(name) => cx.s(name),
        None => fmt::put_hex_padded(cx.out, t as u64, 4),
    }
}
