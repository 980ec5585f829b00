//! MSDP (RFC 3618), TCP port 639: each message of the stream (type and
//! length with `-v`), Source-Active entry counts, and with `-vv` the IP
//! packet a Source-Active carries.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, PortPayload};

/// The highest message type the first message may have.
const TYPE_MAX: u32 = 7;

pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "msdp";
    cx.s(": msdp");
    if !messages(cx, p.captured, p.length)? {
        cx.s(" (invalid)");
    }
    Ok(true)
}

/// ` [what N op M]`; `Ok(false)` to end the stream as invalid.
fn check(cx: &mut Ctx, what: &str, n: u32, op: &str, m: u32, bad: bool) -> bool {
    if bad {
        cx.bad_len(what, n as u64, op, m as u64);
    }
    !bad
}

fn messages(cx: &mut Ctx, d: &[u8], mut length: usize) -> R<bool> {
    // Whether this looks like the start of a message.
    let t = d.u8_at(0)? as u32;
    let len = d.be16(1)? as u32;
    if !(check(cx, "len", len, ">", 1500, len > 1500)
        && check(cx, "len", len, "<", 3, len < 3)
        && check(cx, "type", t, "==", 0, t == 0)
        && check(cx, "type", t, ">", TYPE_MAX, t > TYPE_MAX))
    {
        return Ok(false);
    }
    let mut at = 0usize;
    while length != 0 {
        if !check(cx, "length", length as u32, "<", 3, length < 3) {
            return Ok(false);
        }
        let t = d.u8_at(at)?;
        let len = d.be16(at + 1)? as usize;
        if len > 1400 || cx.opts.verbose > 0 {
            cx.s(" [len ");
            cx.u(len as u64);
            cx.b(b']');
        }
        if !(check(cx, "len", len as u32, "<", 3, len < 3)
            && check(cx, "length", length as u32, "<", len as u32, length < len))
        {
            return Ok(false);
        }
        match t {
            1 | 3 => {
                cx.s(if t == 1 { " SA" } else { " SA-Response" });
                if !check(cx, "len", len as u32, "<", 4, len < 4) {
                    return Ok(false);
                }
                let count = d.u8_at(at + 3)? as usize;
                cx.b(b' ');
                cx.u(count as u64);
                cx.s(" entries");
                if !check(cx, "len", len as u32, "<", 8, len < 8) {
                    return Ok(false);
                }
                d.range(at + 4, 4)?;
                d.range(at + 8, count * 12)?;
                let head = 8 + count * 12;
                if len > head {
                    cx.s(" [w/data]");
                    if cx.opts.verbose > 1 {
                        cx.b(b' ');
                        let inner = d.get(at + head..).unwrap_or(&[]);
                        // (Later truncations are marked as the IP packet's.)
                        dispatch::ethertype(cx, 0x0800, inner, len - head)?;
                    }
                }
            }
            2 => {
                cx.s(" SA-Request");
                if !check(cx, "len", len as u32, "<", 4, len < 4) {
                    return Ok(false);
                }
                d.u8_at(at + 3)?;
                if !check(cx, "len", len as u32, "<", 8, len < 8) {
                    return Ok(false);
                }
                if len != 8 {
                    cx.s("[len=");
                    cx.u(len as u64);
                    cx.s("] ");
                }
                let group = d.range(at + 4, 4)?;
                cx.s(" for ");
                cx.ipv4(group);
            }
            4 => {
                cx.s(" Keepalive");
                if len != 3 {
                    cx.s("[len=");
                    cx.u(len as u64);
                    cx.s("] ");
                }
            }
            5 => cx.s(" Notification"),
            _ => {
                cx.s(" [type=");
                cx.u(t as u64);
                cx.s(" len=");
                cx.u(len as u64);
                cx.b(b']');
            }
        }
        d.range(at, len)?;
        at += len;
        length -= len;
    }
    Ok(true)
}
