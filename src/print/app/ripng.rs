//! RIPng (RFC 2080), UDP port 521: requests and responses with their
//! route entries (prefix, length, tag, and a response's metric).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const ENTRY: usize = 20;

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "ripng";
    let d = p.captured;
    let length = p.length;
    let vers = d.u8_at(1)?;
    if vers != 1 {
        cx.s("ripng [version ");
        cx.u(vers as u64);
        cx.s(", must be 1] (invalid)");
        return Ok(true);
    }
    let cmd = d.u8_at(0)?;
    if cmd != 1 && cmd != 2 {
        cx.s(" ripng-");
        cx.u(cmd as u64);
        cx.s(" ?? ");
        cx.u(length as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    if length < 4 {
        cx.s(" (invalid)");
        return Ok(true);
    }
    let mut left = length - 4;
    let n = left / ENTRY;
    let response = cmd == 2;
    // A request for one entry of metric 16 and prefix :: asks for the
    // whole table.
    if !response && n == 1 && d.u8_at(4 + 19)? == 16 && d[4..20].iter().all(|&b| b == 0) {
        cx.s(" ripng-req dump");
        return Ok(true);
    }
    cx.s(if response {
        " ripng-resp "
    } else {
        " ripng-req "
    });
    cx.u(n as u64);
    if n * ENTRY != left {
        cx.b(b'[');
        cx.u(length as u64);
        cx.b(b']');
    }
    cx.b(b':');
    let mut at = 4;
    while left >= ENTRY {
        cx.s(if cx.opts.verbose > 1 { "\n\t" } else { " " });
        let prefix = d.range(at, 16)?;
        let plen = d.u8_at(at + 18)?;
        cx.ipv6(prefix);
        cx.b(b'/');
        cx.u(plen as u64);
        let tag = d.be16(at + 16)?;
        if tag != 0 {
            cx.s(" [");
            cx.u(tag as u64);
            cx.b(b']');
        }
        let metric = d.u8_at(at + 19)?;
        if metric != 0 && response {
            cx.s(" (");
            cx.u(metric as u64);
            cx.b(b')');
        }
        at += ENTRY;
        left -= ENTRY;
    }
    if left != 0 {
        cx.s(" (invalid)");
    }
    Ok(true)
}
