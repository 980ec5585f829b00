//! Cisco Auto-RP (version 1+), UDP port 496: the message type, hold
//! time, and each RP with the PIM versions it runs and its group ranges.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static VERSIONS: [&str; 4] = [" PIMv?", " PIMv1", " PIMv2", " PIMv1+2"];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "cisco_autorp";
    if !rps(cx, p.captured, p.length)? {
        cx.trunc_marker();
    }
    Ok(true)
}

/// `Ok(false)` where the length runs out.
fn rps(cx: &mut Ctx, d: &[u8], mut len: usize) -> R<bool> {
    if len < 8 {
        return Ok(false);
    }
    cx.s(" auto-rp ");
    let t = d.u8_at(0)?;
    match t {
        0x11 => cx.s("candidate-advert"),
        0x12 => cx.s("mapping"),
        _ => {
            cx.s("type-0x");
            fmt::put_hex2(cx.out, t);
        }
    }
    let mut count = d.u8_at(1)?;
    cx.s(" Hold ");
    let hold = d.be16(2)?;
    if hold != 0 {
        cx.relts(hold as u32);
    } else {
        cx.s("FOREVER");
    }
    let mut at = 8;
    len -= 8;
    while count != 0 {
        if len < 4 {
            return Ok(false);
        }
        let rp = d.range(at, 4)?;
        cx.s(" RP ");
        cx.ipv4(rp);
        at += 4;
        len -= 4;
        if len < 1 {
            return Ok(false);
        }
        let v = d.u8_at(at)?;
        cx.s(VERSIONS[(v & 3) as usize]);
        if v & 0xfc != 0 {
            cx.s(" [rsvd=0x");
            fmt::put_hex2(cx.out, v & 0xfc);
            cx.b(b']');
        }
        at += 1;
        len -= 1;
        if len < 1 {
            return Ok(false);
        }
        let mut entries = d.u8_at(at)?;
        at += 1;
        len -= 1;
        let mut sep = b' ';
        while entries != 0 {
            if len < 6 {
                return Ok(false);
            }
            let e = d.range(at, 6)?;
            cx.b(sep);
            if e[0] & 1 != 0 {
                cx.b(b'!');
            }
            cx.ipv4(&e[2..6]);
            cx.b(b'/');
            cx.u(e[1] as u64);
            if e[0] & 0x02 != 0 {
                cx.s(" bidir");
            }
            if e[0] & 0xfc != 0 {
                cx.s("[rsvd=0x");
                fmt::put_hex2(cx.out, e[0] & 0xfc);
                cx.b(b']');
            }
            sep = b',';
            at += 6;
            len -= 6;
            entries -= 1;
        }
        count -= 1;
    }
    Ok(true)
}
