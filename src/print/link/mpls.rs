//! MPLS label stacks (RFC 3032), EtherTypes 0x8847 and 0x8848.

use crate::print::core::prelude::*;
use crate::print::dispatch;

pub fn mpls(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "mpls";
    cx.s("MPLS");
    let mut at = 0;
    loop {
        if at + 4 > length {
            cx.s(" (invalid)");
            return Ok(true);
        }
        let e = d.be32(at)?;
        if at > 0 {
            cx.s(if cx.opts.verbose > 0 { "\n\t" } else { " " });
        } else {
            cx.b(b' ');
        }
        cx.s("(label ");
        cx.u((e >> 12) as u64);
        match e >> 12 {
            0 => cx.s(" (IPv4 explicit NULL)"),
            1 => cx.s(" (router alert)"),
            2 => cx.s(" (IPv6 explicit NULL)"),
            3 => cx.s(" (implicit NULL)"),
            _ => {}
        }
        cx.s(", tc ");
        cx.u(((e >> 9) & 7) as u64);
        let bottom = e & 0x100 != 0;
        if bottom {
            cx.s(", [S]");
        }
        cx.s(", ttl ");
        cx.u((e & 0xff) as u64);
        cx.b(b')');
        at += 4;
        if bottom {
            break;
        }
    }
    let (p, len) = (&d[at..], length - at);
    let separator = if cx.opts.verbose > 0 { "\n\t" } else { " " };
    if len == 0 {
        // Nothing after the labels.
        return Ok(true);
    }
    let t = match p.first().map(|b| b >> 4) {
        Some(4) => 0x0800,
        Some(6) => 0x86dd,
        Some(_) => {
            // An unknown payload: its bytes, without a separator first
            // (left to the -x/-X dump when there is one).
            cx.default_print_unless_dumped(&p[..p.len().min(len)]);
            return Ok(true);
        }
        None => {
            cx.trunc_marker();
            return Ok(true);
        }
    };
    cx.s(separator);
    dispatch::ethertype(cx, t, p, len)?;
    Ok(true)
}
