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
    let d = p.captured;
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
    // The fixed header is read whole before anything more prints.
    let h = d.range(0, HEADER)?;
    let opts_len = (h[0] & 0x3f) as usize * 4;
    let flags = h[1];
    let proto = u16::from_be_bytes([h[2], h[3]]);
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
    fmt::put_hex(cx.out, u32::from_be_bytes([0, h[4], h[5], h[6]]) as u64);
    if h[7] != 0 {
        cx.s(", rsvd 0x");
        fmt::put_hex(cx.out, h[7] as u64);
    }
    if cx.opts.link_header {
        cx.s(", proto ");
        cx.s(ethertype_name(proto).unwrap_or("unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, proto as u64, 4);
        cx.b(b')');
    }
    let len = p.length - HEADER;
    if opts_len > len {
        cx.s(" (opts_len ");
        cx.u(opts_len as u64);
        cx.s(" > ");
        cx.u(len as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    if opts_len > 0 {
        cx.s(", options [");
        if cx.opts.verbose > 0 {
            if !options(cx, d, HEADER, opts_len)? {
                cx.s(" (invalid)");
                return Ok(true);
            }
        } else {
            d.range(HEADER, opts_len)?;
            cx.u(opts_len as u64);
            cx.s(" bytes");
        }
        cx.b(b']');
    }
    let at = HEADER + opts_len;
    let len = len - opts_len;
    cx.s(if cx.opts.verbose > 0 { "\n\t" } else { ": " });
    let inner = d.get(at..).unwrap_or(&[]);
    let done = if proto == 0x6558 {
        dispatch::encap_proto(cx, proto, inner, len)?
    } else {
        dispatch::ethertype(cx, proto, inner, len)?
    };
    if !done {
        cx.s("geneve-proto-0x");
        fmt::put_hex(cx.out, proto as u64);
        d.range(at, len)?;
    }
    Ok(true)
}

/// `class NAME (0xC) type 0xT len N[ data ...]`, comma-separated (the
/// data, in 32-bit words, with `-vv`): `len` bytes from `at`; `false`
/// where they do not add up.
fn options(cx: &mut Ctx, d: &[u8], mut at: usize, mut len: usize) -> R<bool> {
    let mut sep = "";
    while len != 0 {
        if len < 4 {
            cx.bad_len("remaining options length", len as u64, "<", 4);
            d.range(at, len)?;
            return Ok(false);
        }
        cx.s(sep);
        sep = ", ";
        let class = d.be16(at)?;
        let typ = d.u8_at(at + 2)?;
        let olen = 4 + (d.u8_at(at + 3)? & 0x1f) as usize * 4;
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
        cx.u(olen as u64);
        if olen > len {
            cx.s(" [bad length]");
            d.range(at, len)?;
            return Ok(false);
        }
        if cx.opts.verbose > 1 && olen > 4 {
            cx.s(" data");
            for w in (4..olen).step_by(4) {
                let v = d.be32(at + w)?;
                cx.b(b' ');
                fmt::put_hex_padded(cx.out, v as u64, 8);
            }
        } else {
            d.range(at, olen)?;
        }
        at += olen;
        len -= olen;
    }
    Ok(true)
}
