//! MPLS label stacks (RFC 3032), EtherTypes 0x8847 and 0x8848.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// Names of the reserved labels, shown with `-v`.
const LABEL_NAMES: [&str; 16] = [
    "IPv4 explicit NULL",
    "router alert",
    "IPv6 explicit NULL",
    "implicit NULL",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
];

pub fn mpls(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "mpls";
    cx.s("MPLS");
    let mut at = 0;
    let mut label;
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
        if cx.opts.verbose > 0 {
            if let Some(name) = LABEL_NAMES.get((e >> 12) as usize) {
                cx.s(" (");
                cx.s(name);
                cx.b(b')');
            }
        }
        cx.s(", tc ");
        cx.u(((e >> 9) & 7) as u64);
        let bottom = e & 0x100 != 0;
        label = e >> 12;
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
    // The reserved labels for explicit and implicit NULL say what follows;
    // otherwise the first byte is taken as a hint.
    let hint = match label {
        0 | 3 => Some(0x45),
        2 => Some(0x60),
        _ => p.first().copied(),
    };
    let t = match hint {
        Some(0x45..=0x4f) => 0x0800,
        Some(0x60..=0x6f) => 0x86dd,
        Some(0x81..=0x83) => {
            cx.s(separator);
            dispatch::osi(cx, p, len)?;
            return Ok(true);
        }
        Some(_) => {
            // An unknown payload: its bytes, without a separator first
            // (left to the -x/-X dump when there is one).
            if !cx.suppress_default_print() {
                cx.default_print(&p[..p.len().min(len)]);
                if p.len() < len {
                    cx.trunc_marker();
                }
            }
            return Ok(true);
        }
        None => return Err(Trunc),
    };
    cx.s(separator);
    dispatch::ethertype(cx, t, p, len)?;
    Ok(true)
}
