//! Geneve (RFC 8926) on UDP port 6081: base header, options, then the
//! payload by its protocol type.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, PortPayload};

const HEADER: usize = 8;

/// Option classes (IANA "Geneve Option Class" registry).
static OPTION_CLASSES: &[(u16, &str)] = &[
    (0x0100, "Linux"),
    (0x0101, "Open vSwitch"),
    (0x0102, "Open Virtual Networking (OVN)"),
    (0x0103, "In-band Network Telemetry (INT)"),
    (0x0104, "VMware"),
    (0x0132, "Google"),
];

fn class_name(class: u16) -> &'static str {
    if class <= 0x00ff {
        return "Standard";
    }
    tables::lookup(OPTION_CLASSES, class).unwrap_or("Unknown")
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "geneve";
    let d = p.body;
    cx.s("Geneve");
    if p.length < HEADER {
        cx.bad_len("len", p.length as u64, "<", HEADER as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    let version = d.u8_at(0)? >> 6;
    if version != 0 {
        cx.s(" ERROR: unknown-version ");
        cx.u(version as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    if !d.has(0, HEADER) {
        cx.trunc_marker();
        return Ok(true);
    }
    let opts_len = (d[0] & 0x3f) as usize * 4;
    let flags = d[1];
    cx.s(", Flags [");
    let names = [
        (0x80u8, "O"),
        (0x40, "C"),
        (0x20, "R1"),
        (0x10, "R2"),
        (0x08, "R3"),
        (0x04, "R4"),
        (0x02, "R5"),
        (0x01, "R6"),
    ];
    for (bit, name) in names {
        if flags & bit != 0 {
            cx.s(name);
        }
    }
    if flags == 0 {
        cx.s("none");
    }
    cx.s("], vni 0x");
    fmt::put_hex(cx.out, (d.be32(4)? >> 8) as u64);
    if d[7] != 0 {
        cx.s(", rsvd 0x");
        fmt::put_hex(cx.out, d[7] as u64);
    }
    let proto = d.be16(2)?;
    if cx.opts.link_header {
        cx.s(", proto ");
        cx.s(ethertype_name(proto).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, proto as u64, 4);
        cx.b(b')');
    }
    if opts_len > p.length - HEADER {
        cx.s(" (opts_len ");
        cx.u(opts_len as u64);
        cx.s(" > ");
        cx.u((p.length - HEADER) as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    if opts_len > 0 {
        cx.s(", options [");
        if cx.opts.verbose > 0 {
            // Captured options print as far as they go.
            let opts = d
                .get(HEADER..(HEADER + opts_len).min(d.len()))
                .unwrap_or(&[]);
            let whole = opts.len() == opts_len;
            if !options(cx, opts, opts_len)? {
                return Ok(true);
            }
            if !whole {
                return Err(Trunc);
            }
        } else {
            d.range(HEADER, opts_len)?;
            cx.u(opts_len as u64);
            cx.s(" bytes");
        }
        cx.b(b']');
    }
    let at = HEADER + opts_len;
    if p.length < at {
        cx.trunc_marker();
        return Ok(true);
    }
    cx.s(if cx.opts.verbose > 0 { "\n\t" } else { ": " });
    let inner = d.get(at..).unwrap_or(&[]);
    if !dispatch::encap_proto(cx, proto, inner, p.length - at)? {
        cx.s("geneve-proto-0x");
        fmt::put_hex(cx.out, proto as u64);
    }
    Ok(true)
}

/// `class NAME (0xC) type 0xT len N[ data ...]`, comma-separated; the
/// data (in 32-bit words) with `-vv`.
fn options(cx: &mut Ctx, mut opts: &[u8], mut left: usize) -> R<bool> {
    let mut first = true;
    while !opts.is_empty() {
        if !first {
            cx.s(", ");
        }
        first = false;
        let class = opts.be16(0)?;
        let typ = opts.u8_at(2)?;
        let len = 4 + (opts.u8_at(3)? & 0x1f) as usize * 4;
        cx.s("class ");
        cx.s(class_name(class));
        cx.s(" (0x");
        fmt::put_hex(cx.out, class as u64);
        cx.s(") type 0x");
        fmt::put_hex(cx.out, typ as u64);
        if typ & 0x80 != 0 {
            cx.s("(C)");
        }
        cx.s(" len ");
        cx.u(len as u64);
        if len > left {
            cx.s(" [bad length]");
            if opts.len() < left {
                return Err(Trunc);
            }
            cx.s(" (invalid)");
            return Ok(false);
        }
        if cx.opts.verbose > 1 && len > 4 {
            cx.s(" data");
            // The label shows before the data is checked.
            opts.range(4, len - 4)?;
            for word in opts[4..len].chunks(4) {
                cx.b(b' ');
                for &b in word {
                    fmt::put_hex2(cx.out, b);
                }
            }
        }
        if len > opts.len() {
            return Err(Trunc);
        }
        opts = &opts[len..];
        left -= len;
    }
    Ok(true)
}
