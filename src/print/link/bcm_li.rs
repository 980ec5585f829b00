//! Broadcom lawful intercept (UDP from port 49152): a 4-byte shim
//! (direction, packet type and subtype, intercept id), then with `-v` the
//! intercepted packet (Ethernet, IPv4, IPv6, or IP of either version).

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, PortPayload};

static DIRECTIONS: &[(u32, &str)] = &[(1, "unused"), (2, "egress"), (3, "ingress")];

static TYPES: &[(u32, &str)] = &[(4, "undecided"), (5, "ipv4"), (6, "ipv6"), (7, "ethernet")];

static SUBTYPES: &[(u32, &str)] = &[
    (1, "single VLAN tag"),
    (2, "double VLAN tag"),
    (3, "untagged"),
];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    bcm_li(cx, p.captured, p.length).map(|_| true)
}

pub fn bcm_li(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "bcm_li";
    if length < 4 {
        cx.s(" (length ");
        cx.u(length as u64);
        cx.s(" < 4) (invalid)");
        return Ok(());
    }
    let shim = d.be32(0)?;
    let t = (shim >> 25) & 0xf;
    let v = cx.opts.verbose > 0;
    if v {
        cx.s("\n    ");
    }
    cx.s("BCM-LI-SHIM: direction ");
    cx.s(tables::lookup(DIRECTIONS, shim >> 29).unwrap_or("unknown"));
    cx.s(", pkt-type ");
    cx.s(tables::lookup(TYPES, t).unwrap_or("unknown"));
    cx.s(", pkt-subtype ");
    cx.s(tables::lookup(SUBTYPES, (shim >> 22) & 7).unwrap_or("unknown"));
    cx.s(", li-id ");
    cx.u((shim & 0x3fffff) as u64);
    let (p, len) = (&d[4..], length - 4);
    if !v {
        p.range(0, len)?;
        return Ok(());
    }
    cx.s("\n    ");
    let et = match t {
        7 => {
            let mut ll = 0;
            if let Some(ether) = dispatch::linktype(1) {
                ether(cx, p, len, &mut ll)?;
            }
            return Ok(());
        }
        5 => 0x0800,
        6 => 0x86dd,
        4 => match p.u8_at(0)? >> 4 {
            4 => 0x0800,
            6 => 0x86dd,
            _ => {
                cx.s("unknown payload");
                return Ok(());
            }
        },
        _ => {
            cx.s(" (invalid)");
            return Ok(());
        }
    };
    dispatch::ethertype(cx, et, p, len)?;
    Ok(())
}
