//! IGRP (Cisco), IP protocol 9: the header, then each route (interior
//! subnets, system networks, exterior networks in that order).

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

const HEADER: u32 = 12;
const ROUTE: u32 = 14;

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "igrp";
    let d = p.data;
    cx.s("igrp:");
    let mut nint = d.be16(4)?;
    let mut nsys = d.be16(6)?;
    let mut next = d.be16(8)?;
    let vop = d.u8_at(0)?;
    let edition = d.u8_at(1)?;
    let asn = d.be16(2)?;
    cx.b(b' ');
    match vop & 0x0f {
        1 => cx.s("update"),
        2 => cx.s("request"),
        op => {
            cx.s("op-#");
            cx.u(op as u64);
        }
    }
    cx.s(" V");
    cx.u((vop >> 4) as u64);
    cx.s(" edit=");
    cx.u(edition as u64);
    cx.s(" AS=");
    cx.u(asn as u64);
    for (i, n) in [nint, nsys, next].into_iter().enumerate() {
        cx.s(if i == 0 { " (" } else { "/" });
        cx.u(n as u64);
    }
    cx.b(b')');
    let sum = d.be16(10)?;
    if cx.opts.verbose > 0 {
        cx.s(" checksum=0x");
        fmt::put_hex_padded(cx.out, sum as u64, 4);
    }
    // The length is a 32-bit count: a header longer than the packet
    // leaves it huge.
    let mut left = (p.length as u32).wrapping_sub(HEADER);
    let mut at = HEADER as usize;
    while left >= ROUTE {
        let net = [d.u8_at(at)?, d.u8_at(at + 1)?, d.u8_at(at + 2)?];
        let counter = if nint > 0 {
            cx.s(" *.");
            dotted(cx, &net);
            &mut nint
        } else if nsys > 0 {
            cx.b(b' ');
            dotted(cx, &net);
            cx.s(".0");
            &mut nsys
        } else if next > 0 {
            cx.s(" X");
            dotted(cx, &net);
            cx.s(".0");
            &mut next
        } else {
            cx.s(" [extra bytes ");
            cx.u(left as u64);
            cx.b(b']');
            break;
        };
        *counter -= 1;
        route(cx, d, at)?;
        at += ROUTE as usize;
        left -= ROUTE;
    }
    if nint != 0 || nsys != 0 || next != 0 || left != 0 {
        cx.s(" (invalid)");
    }
    Ok(())
}

fn dotted(cx: &mut Ctx, b: &[u8]) {
    for (i, &x) in b.iter().enumerate() {
        if i > 0 {
            cx.b(b'.');
        }
        cx.u(x as u64);
    }
}

fn be24(d: &[u8], at: usize) -> R<u32> {
    let b = d.range(at, 3)?;
    Ok((b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32)
}

/// A route's metrics: delay (tens of microseconds), bandwidth (the
/// inverse, scaled), reliability, load, composite metric, MTU, hops.
fn route(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let delay = be24(d, at + 3)?;
    let bw = be24(d, at + 6)?;
    let mtu = d.be16(at + 9)?;
    let tail = d.range(at + 11, 3)?;
    cx.s(" d=");
    cx.u(10 * delay as u64);
    cx.s(" b=");
    cx.u(if bw == 0 { 0 } else { 10_000_000 / bw as u64 });
    cx.s(" r=");
    cx.u(tail[0] as u64);
    cx.s(" l=");
    cx.u(tail[1] as u64);
    cx.s(" M=");
    cx.u((bw + delay).min(0xff_ffff) as u64);
    cx.s(" mtu=");
    cx.u(mtu as u64);
    cx.s(" in ");
    cx.u(tail[2] as u64);
    cx.s(" hops");
    Ok(())
}
