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
    let len = (d.be16(2)? as usize).saturating_sub(HEADER);
    let dst_socket = d.be16(16)?;
    let body = d.get(HEADER..).unwrap_or(&[]);
    let body = &body[..body.len().min(len)];
    let _ = length;
    match dst_socket {
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
        0x0457 => {
            cx.s("ipx-sap? ");
            cx.u(len as u64);
        }
        0x0553 => {
            cx.s("ipx-nwlink-dgm ");
            cx.u(len as u64);
        }
        0x9001 => {
            cx.s("ipx-nwlink-sap ");
            cx.u(len as u64);
        }
        0x9004 => {
            cx.s("ipx-ipxwan ");
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
    while at + 8 <= len {
        b.range(at, 8)?;
        cx.b(b' ');
        fmt::put_hex_padded(cx.out, b.be32(at)? as u64, 8);
        cx.b(b'/');
        cx.u(b.be16(at + 4)? as u64);
        cx.b(b'.');
        cx.u(b.be16(at + 6)? as u64);
        at += 8;
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
    let end = len;
    if !entries {
        let mut at = 2;
        while at + 2 <= end {
            let v = b.be16(at)?;
            cx.b(b' ');
            sap_type(cx, v);
            at += 2;
        }
        return Ok(());
    }
    let mut at = 2;
    while at + 64 <= end {
        let typ = b.be16(at)?;
        cx.b(b' ');
        sap_type(cx, typ);
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
        b.range(at + 50, 10)?;
        cx.s(" addr ");
        fmt::put_hex_padded(cx.out, b.be32(at + 50)? as u64, 8);
        cx.b(b'.');
        cx.mac_raw(b.range(at + 54, 6)?);
        // The socket and the hops, not shown, must have been captured.
        b.range(at + 60, 4)?;
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
