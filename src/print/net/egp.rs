//! EGP version 2 (RFC 904), IP protocol 8: with `-v` the AS, sequence,
//! message type and its fields, and an update's gateways and networks.

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

const HEADER: usize = 16;

static TYPES: &[(u8, &str)] = &[
    (1, "update"),
    (2, "poll"),
    (3, "acquire"),
    (5, "reach"),
    (8, "error"),
];

static ACQUIRE_CODES: &[(u8, &str)] = &[
    (0, "request"),
    (1, "confirm"),
    (2, "refuse"),
    (3, "cease"),
    (4, "cease_ack"),
];

static ACQUIRE_STATUS: &[(u8, &str)] = &[
    (0, "unspecified"),
    (1, "active_mode"),
    (2, "passive_mode"),
    (3, "insufficient_resources"),
    (4, "administratively_prohibited"),
    (5, "going_down"),
    (6, "parameter_violation"),
    (7, "protocol_violation"),
];

static REACH_CODES: &[(u8, &str)] = &[(0, "hello"), (1, "i-h-u")];

static STATES: &[(u8, &str)] = &[(0, "indeterminate"), (1, "up"), (2, "down")];

static REASONS: &[(u16, &str)] = &[
    (0, "unspecified"),
    (1, "bad_EGP_header_format"),
    (2, "bad_EGP_data_field_format"),
    (3, "reachability_info_unavailable"),
    (4, "excessive_polling_rate"),
    (5, "no_response"),
    (6, "unsupported_version"),
];

/// ` name`, or `unknown` with the number in its format.
fn name_or(cx: &mut Ctx, table: &[(u8, &'static str)], v: u8, pre: &str, post: &str) {
    match tables::lookup(table, v) {
        Some(n) => cx.s(n),
        None => {
            cx.s(pre);
            cx.u(v as u64);
            cx.s(post);
        }
    }
}

fn state(cx: &mut Ctx, status: u8) {
    cx.s(" state:");
    name_or(cx, STATES, status, "", "");
}

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "egp";
    let d = p.data;
    cx.s("EGP");
    if p.length < HEADER {
        cx.bad_len("length", p.length as u64, "<", HEADER as u64);
        cx.s(" (invalid)");
        return Ok(());
    }
    let version = d.u8_at(0)?;
    if version != 2 {
        cx.bad_len("version", version as u64, "!=", 2);
        cx.s(" (invalid)");
        return Ok(());
    }
    d.range(0, HEADER)?;
    cx.s("v2");
    if cx.opts.verbose == 0 {
        cx.s(", length ");
        cx.u(p.length as u64);
        return Ok(());
    }
    cx.s(", AS ");
    cx.u(d.be16(6)? as u64);
    cx.s(", seq ");
    cx.u(d.be16(8)? as u64);
    cx.s(", length ");
    cx.u(p.length as u64);
    let (t, code, mut status) = (d[1], d[2], d[3]);
    cx.s(", ");
    name_or(cx, TYPES, t, "[type ", "]");
    match t {
        3 => {
            cx.b(b' ');
            name_or(cx, ACQUIRE_CODES, code, "[code ", "]");
            // Which statuses each code may carry; the others are shown
            // by number.
            let allowed: &[u8] = match code {
                0 | 1 => &[0, 1, 2],
                2..=4 => &[0, 3, 4, 5, 6, 7],
                _ => return Ok(()),
            };
            if allowed.contains(&status) {
                cx.b(b' ');
                name_or(cx, ACQUIRE_STATUS, status, "", "");
            } else {
                // The request and confirm forms put a space before it.
                cx.s(if code <= 1 { " [status " } else { "[status " });
                cx.u(status as u64);
                cx.b(b']');
            }
            if code <= 1 {
                cx.s(" hello:");
                cx.u(d.be16(10)? as u64);
                cx.s(" poll:");
                cx.u(d.be16(12)? as u64);
            }
        }
        5 => {
            cx.b(b' ');
            name_or(cx, REACH_CODES, code, "[reach code ", "]");
            if code <= 1 {
                state(cx, status);
            }
        }
        2 => {
            state(cx, status);
            cx.s(" net:");
            cx.ipv4(&d[12..16]);
        }
        1 => {
            if status & 0x80 != 0 {
                status &= 0x7f;
                cx.s(" unsolicited");
            }
            state(cx, status);
            cx.b(b' ');
            cx.ipv4(&d[12..16]);
            cx.s(" int ");
            cx.u(d[10] as u64);
            cx.s(" ext ");
            cx.u(d[11] as u64);
            if !networks(cx, d, p.length)? {
                cx.s(" (invalid)");
            }
        }
        8 => {
            state(cx, status);
            cx.b(b' ');
            let r = d.be16(10)?;
            match tables::lookup(REASONS, r) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("[reason ");
                    cx.u(r as u64);
                    cx.b(b']');
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// An address built in a host-order word, shown as the snapshot shows it
/// on a little-endian machine (the word's bytes in memory order).
fn word_addr(cx: &mut Ctx, w: u32) {
    cx.ipv4(&w.to_le_bytes());
}

/// Network part of a word by its class: (net, bytes of network part).
fn class_net(w: u32) -> (u32, usize) {
    if w & 0x8000_0000 == 0 {
        (w & 0xff00_0000, 1)
    } else if w & 0xc000_0000 == 0x8000_0000 {
        (w & 0xffff_0000, 2)
    } else if w & 0xe000_0000 == 0xc000_0000 {
        (w & 0xffff_ff00, 3)
    } else {
        (0, 0)
    }
}

/// An update's gateway blocks: each gateway's host part, then distances
/// and the networks at each. `Ok(false)` when the length runs out.
/// (The source network's word is taken in memory order, so its class is
/// that of its last byte on a little-endian machine, as the snapshot has
/// it.)
fn networks(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    let src = u32::from_le_bytes([d[12], d[13], d[14], d[15]]);
    let (net, netlen) = class_net(src);
    let mut left = length - HEADER;
    let mut at = HEADER;
    let (intgw, extgw) = (d[10] as usize, d[11] as usize);
    for gw in 0..intgw + extgw {
        let hostlen = 4 - netlen;
        if left < hostlen {
            cx.bad_len("length", left as u64, "<", hostlen as u64);
            return Ok(false);
        }
        let host = d.range(at, hostlen)?;
        // A classless source network leaves the gateway's word at 0 and
        // reads no byte of it.
        let mut addr = 0u32;
        if netlen > 0 {
            for &b in host {
                addr = addr << 8 | b as u32;
            }
            at += hostlen;
        }
        addr |= net;
        left -= hostlen;
        if left < 1 {
            cx.bad_len("length", left as u64, "<", 1);
            return Ok(false);
        }
        let mut distances = d.u8_at(at)?;
        at += 1;
        left -= 1;
        cx.s(if gw < intgw { " int " } else { " ext " });
        word_addr(cx, addr);
        cx.s(" (");
        let mut first = true;
        while distances != 0 {
            if left < 2 {
                cx.bad_len("length", left as u64, "<", 2);
                return Ok(false);
            }
            let dist = d.u8_at(at)?;
            if !first {
                cx.s(", ");
            }
            first = false;
            cx.b(b'd');
            cx.u(dist as u64);
            cx.b(b':');
            let mut count = d.u8_at(at + 1)?;
            at += 2;
            left -= 2;
            while count != 0 {
                if left < 1 {
                    cx.bad_len("length", left as u64, "<", 1);
                    return Ok(false);
                }
                let mut w = (d.u8_at(at)? as u32) << 24;
                at += 1;
                left -= 1;
                let (_, nlen) = class_net(w);
                let more = match nlen {
                    1 => 0,
                    2 => 1,
                    _ => 2,
                };
                if left < more {
                    cx.bad_len("length", left as u64, "<", more as u64);
                    return Ok(false);
                }
                for k in 0..more {
                    w |= (d.u8_at(at)? as u32) << (16 - 8 * k);
                    at += 1;
                }
                left -= more;
                cx.b(b' ');
                word_addr(cx, w);
                count -= 1;
            }
            distances -= 1;
        }
        cx.b(b')');
    }
    Ok(true)
}
