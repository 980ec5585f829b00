//! Cisco HSRP (RFC 2281).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// HSRP version 0 (RFC 2281).
fn hsrp(cx: &mut Ctx, p: &[u8], len: usize) -> R {
    cx.proto = "hsrp";
    cx.s("HSRP");
    let version = p.u8_at(0)?;
    cx.b(b'v');
    cx.u(version as u64);
    if version != 0 {
        return Ok(());
    }
    cx.b(b'-');
    let op = p.u8_at(1)?;
    match op {
        0 => cx.s("hello"),
        1 => cx.s("coup"),
        2 => cx.s("resign"),
        _ => {
            cx.s("unknown (");
            cx.u(op as u64);
            cx.b(b')');
        }
    }
    cx.b(b' ');
    cx.u(len as u64);
    cx.s(": ");
    let state = p.u8_at(2)?;
    cx.s("state=");
    match state {
        0 => cx.s("initial"),
        1 => cx.s("learn"),
        2 => cx.s("listen"),
        4 => cx.s("speak"),
        8 => cx.s("standby"),
        16 => cx.s("active"),
        _ => {
            cx.s("Unknown (");
            cx.u(state as u64);
            cx.b(b')');
        }
    }
    cx.b(b' ');
    let group = p.u8_at(6)?;
    cx.s("group=");
    cx.u(group as u64);
    cx.b(b' ');
    let reserved = p.u8_at(7)?;
    if reserved != 0 {
        cx.s("[reserved=");
        cx.u(reserved as u64);
        cx.s("!] ");
    }
    let addr = p.range(16, 4)?;
    cx.s("addr=");
    cx.ipv4(addr);
    if cx.opts.verbose > 0 {
        cx.s(" hellotime=");
        cx.relts(p.u8_at(3)? as u32);
        cx.s(" holdtime=");
        cx.relts(p.u8_at(4)? as u32);
        cx.s(" priority=");
        cx.u(p.u8_at(5)? as u64);
        cx.s(" auth=\"");
        // The authentication data: text up to the first NUL.
        for &c in p.range(8, 8)?.iter().take_while(|&&c| c != 0) {
            fmt::put_safe_char(cx.out, c);
        }
        cx.b(b'"');
    }
    Ok(())
}

/// The message is read as far as captured, even past the UDP length.
pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    hsrp(cx, p.captured, p.length)?;
    Ok(true)
}
