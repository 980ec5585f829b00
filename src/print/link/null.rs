//! BSD NULL and OpenBSD LOOP headers.

use crate::print::core::prelude::*;
use crate::print::dispatch;

fn af_name(family: u32) -> &'static str {
    match family {
        2 => "IPv4",
        7 => "ISO",
        16 => "Appletalk",
        23 => "IPX",
        24 | 28 | 30 => "IPv6",
        _ => "Unknown",
    }
}

/// BSD NULL (host byte order family) and OpenBSD LOOP (network order).
pub fn null(
    cx: &mut Ctx,
    data: &[u8],
    length: usize,
    ll_len: &mut usize,
    network_order: bool,
) -> R {
    cx.proto = "null";
    if data.len() < 4 {
        // tcpdump's accessors jump out here: the dump starts at byte 0.
        return Err(Trunc);
    }
    *ll_len = 4;
    let raw = [data[0], data[1], data[2], data[3]];
    let family = if network_order {
        u32::from_be_bytes(raw)
    } else {
        // The writer's byte order is unknown; a family fits in 16 bits, so
        // a value with high bits set was written in the other order.
        let le = u32::from_le_bytes(raw);
        if le & 0xffff_0000 != 0 {
            le.swap_bytes()
        } else {
            le
        }
    };
    let header = |cx: &mut Ctx| {
        if !cx.opts.quiet {
            cx.s("AF ");
            cx.s(af_name(family));
            cx.s(" (");
            cx.u(family as u64);
            cx.s(")");
        } else if af_name(family) == "Unknown" {
            cx.s("Unknown AF ");
            cx.u(family as u64);
        } else {
            cx.s(af_name(family));
        }
        cx.s(", length ");
        cx.u(length as u64);
        cx.s(": ");
    };
    if cx.opts.link_header {
        header(cx);
    }
    let p = &data[4..];
    let length = length.saturating_sub(4);
    match family {
        2 => dispatch::ethertype(cx, 0x0800, p, length).map(|_| ()),
        24 | 28 | 30 => dispatch::ethertype(cx, 0x86dd, p, length).map(|_| ()),
        7 => {
            cx.proto = "isoclns";
            dispatch::osi(cx, p, length).map(|_| ())
        }
        16 => dispatch::atalk_ddp(cx, p, length),
        23 => dispatch::ipx(cx, p, length),
        _ => {
            if !cx.opts.link_header {
                header(cx);
            }
            cx.default_print_unless_dumped(p);
            Ok(())
        }
    }
}
