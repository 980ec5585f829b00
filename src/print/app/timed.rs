//! The BSD time synchronization protocol (timed, TSP) on UDP port 525.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const TYPES: [&str; 25] = [
    "TSP_ANY",
    "TSP_ADJTIME",
    "TSP_ACK",
    "TSP_MASTERREQ",
    "TSP_MASTERACK",
    "TSP_SETTIME",
    "TSP_MASTERUP",
    "TSP_SLAVEUP",
    "TSP_ELECTION",
    "TSP_ACCEPT",
    "TSP_REFUSE",
    "TSP_CONFLICT",
    "TSP_RESOLVE",
    "TSP_QUIT",
    "TSP_DATE",
    "TSP_DATEREQ",
    "TSP_DATEACK",
    "TSP_TRACEON",
    "TSP_TRACEOFF",
    "TSP_MSITE",
    "TSP_MSITEREQ",
    "TSP_TEST",
    "TSP_SETDATE",
    "TSP_SETDATEREQ",
    "TSP_LOOP",
];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "timed";
    let d = p.captured;
    let t = d.u8_at(0)?;
    match TYPES.get(t as usize) {
        Some(n) => cx.s(n),
        None => {
            cx.s("(tsp_type 0x");
            fmt::put_hex(cx.out, t as u64);
            cx.b(b')');
        }
    }
    let v = d.u8_at(1)? as u64;
    cx.s(" vers ");
    cx.u(v);
    let seq = d.be16(2)?;
    cx.s(" seq ");
    cx.u(seq as u64);
    match t {
        24 => {
            let v = d.u8_at(4)? as u64;
            cx.s(" hopcnt ");
            cx.u(v);
        }
        1 | 5 | 22 | 23 => {
            let secs = d.be32(4)? as i32;
            let usecs = d.be32(8)? as i32;
            if usecs < 0 {
                // The snapshot prints nothing more for a negative
                // microsecond count.
                return Ok(true);
            }
            cx.s(" time ");
            let (whole, frac) = if secs < 0 && usecs != 0 {
                (secs.unsigned_abs() as u64 - 1, 1_000_000 - usecs as i64)
            } else {
                (secs.unsigned_abs() as u64, usecs as i64)
            };
            if secs < 0 {
                cx.b(b'-');
            }
            cx.u(whole);
            cx.b(b'.');
            if frac < 0 {
                cx.b(b'-');
            }
            fmt::put_padded_u64(cx.out, frac.unsigned_abs(), 6, b'0');
        }
        _ => {}
    }
    cx.s(" name ");
    // Up to a NUL in the 256-byte field; the capture may end first.
    for i in 12..12 + 256 {
        let c = d.u8_at(i)?;
        if c == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, c);
    }
    Ok(true)
}
