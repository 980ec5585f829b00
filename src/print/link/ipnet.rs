//! Solaris ipnet (LINKTYPE_IPNET, 226): a 24-byte header, then IP.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const HEADER: usize = 24;

fn family_name(f: u8) -> &'static str {
    match f {
        2 => "IPv4",
        26 => "IPv6",
        _ => "Unknown",
    }
}

pub fn ipnet(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "ipnet";
    if data.len() < HEADER || length < HEADER {
        // The snapshot's -x dump then shows the whole frame.
        *ll_len = 0;
        cx.trunc_marker();
        return Ok(());
    }
    *ll_len = HEADER;
    let family = data[1];
    let header = |cx: &mut Ctx| -> R {
        cx.u(data.be32(16)? as u64);
        cx.s(" > ");
        cx.u(data.be32(20)? as u64);
        if !cx.opts.quiet {
            cx.s(", family ");
            cx.s(family_name(family));
            cx.s(" (");
            cx.u(family as u64);
            cx.b(b')');
        } else if family_name(family) == "Unknown" {
            cx.s(", Unknown Ethertype (0x");
            fmt::put_hex_padded(cx.out, family as u64, 4);
            cx.b(b')');
        } else {
            cx.s(", ");
            cx.s(family_name(family));
        }
        cx.s(", length ");
        cx.u(length as u64);
        cx.s(": ");
        Ok(())
    };
    if cx.opts.link_header {
        header(cx)?;
    }
    let (p, len) = (&data[HEADER..], length - HEADER);
    let t = match family {
        2 => 0x0800,
        26 => 0x86dd,
        _ => {
            // Without -e the snapshot shows the same header for a family
            // it does not decode.
            if !cx.opts.link_header {
                header(cx)?;
            }
            cx.default_print_unless_dumped(p);
            return Ok(());
        }
    };
    dispatch::ethertype(cx, t, p, len)?;
    Ok(())
}
