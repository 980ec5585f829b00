//! LISP control messages (RFC 9301) on UDP port 4342: Map-Register and
//! Map-Notify with their EID records and locators; the other types are
//! only named.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const HDR: usize = 16;
const EID_HDR: usize = 12;
const LOC_HDR: usize = 8;

fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "LISP-Reserved",
        1 => "LISP-Map-Request",
        2 => "LISP-Map-Reply",
        3 => "LISP-Map-Register",
        4 => "LISP-Map-Notify",
        8 => "LISP-Encapsulated-Control-Message",
        _ => return None,
    })
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    let (d, length) = (p.captured, p.length);
    cx.proto = "lisp";
    if length < HDR {
        cx.s("LISP [length ");
        cx.u(length as u64);
        cx.s(" < 16] (invalid)");
        return Ok(true);
    }
    let Ok(tf) = d.u8_at(0) else {
        cx.s("LISP");
        return Err(Trunc);
    };
    let t = tf >> 4;
    match type_name(t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("LISP-unknown-type-");
            cx.u(t as u64);
        }
    }
    cx.b(b',');
    let v = cx.opts.verbose > 0;
    if v {
        let w = d.be32(0)?;
        let flags: Option<&[(u32, &str)]> = match t {
            3 => Some(&[
                (0x0800_0000, "P-Proxy-Map-Reply"),
                (0x0400_0000, "S-LISP-SEC-Capable"),
                (0x0200_0000, "I-xTR-ID-Present"),
                (0x0100_0000, "R-Build-For-RTR"),
                (0x0000_0100, "M-Want-Map-Notify"),
            ]),
            4 => Some(&[
                (0x0800_0000, "I-xTR-ID-Present"),
                (0x0400_0000, "R-Build-For-RTR"),
            ]),
            _ => None,
        };
        if let Some(f) = flags {
            cx.s(" flags [");
            cx.flag_names(w, f);
            cx.s("],");
        }
    }
    d.range(0, HDR)?;
    if t != 3 && t != 4 {
        return Ok(true);
    }
    let xtr = match t {
        3 => tf & 0x02 != 0,
        _ => tf & 0x08 != 0,
    };
    let auth_len = d.be16(14)? as usize;
    let mut records = d.u8_at(3)?;
    if v {
        let key = d.be16(12)?;
        cx.s("\n    ");
        cx.u(records as u64);
        cx.s(" record(s), Authentication ");
        cx.s(match key {
            0 => "None",
            1 => "SHA1",
            2 => "SHA256",
            _ => "unknown-type",
        });
        cx.b(b',');
        if auth_too_long(cx, auth_len, length) {
            return Ok(true);
        }
        let avail = d.len().saturating_sub(HDR).min(auth_len);
        hexdump::hex(
            cx.out,
            b"\n    Authentication-Data: ",
            &d[HDR..HDR + avail],
            0,
        );
        if avail < auth_len {
            return Err(Trunc);
        }
    } else {
        cx.b(b' ');
        cx.u(records as u64);
        cx.s(" record(s),");
        if auth_too_long(cx, auth_len, length) {
            return Ok(true);
        }
    }
    let mut p = HDR + auth_len;
    if records == 0 {
        cx.s(" [record count 0 == 0] (invalid)");
        return Ok(true);
    }
    while length > p && records != 0 {
        records -= 1;
        d.range(p, EID_HDR)?;
        cx.b(b'\n');
        let mask = d.u8_at(p + 5)?;
        let afi = d.be16(p + 10)?;
        let locs = d.u8_at(p + 4)?;
        if v {
            let ttl = d.be32(p)?;
            cx.s("      Record TTL ");
            cx.u(ttl as u64);
            cx.b(b',');
            let aa = d.u8_at(p + 6)?;
            cx.s(if (aa >> 4) & 1 != 0 {
                " Authoritative,"
            } else {
                " Non-Authoritative,"
            });
            cx.b(b' ');
            cx.s(match aa >> 5 {
                0 => "No-Action",
                1 => "Natively-Forward",
                2 => "Send-Map-Request",
                3 => "Drop",
                _ => "unknown",
            });
            cx.b(b',');
            let ver = d.be16(p + 8)? & 0x0fff;
            cx.s(" Map Version: ");
            cx.u(ver as u64);
            cx.b(b',');
        }
        p += EID_HDR;
        match afi {
            1 => {
                let a = d.range(p, 4)?;
                cx.s(" EID ");
                cx.ipv4(a);
                p += 4;
            }
            2 => {
                let a = d.range(p, 16)?;
                cx.s(" EID ");
                cx.ipv6(a);
                p += 16;
            }
            _ => {
                cx.s(" [unsupported address family identifier ");
                cx.u(afi as u64);
                cx.b(b']');
                return Ok(true);
            }
        }
        cx.b(b'/');
        cx.u(mask as u64);
        cx.s(", ");
        cx.u(locs as u64);
        cx.s(" locator(s)");
        for _ in 0..locs {
            d.range(p, LOC_HDR)?;
            let lp = p;
            p += LOC_HDR;
            let lafi = d.be16(lp + 6)?;
            if v {
                cx.s("\n       ");
            }
            match lafi {
                1 => {
                    let a = d.range(p, 4)?;
                    cx.s(" LOC ");
                    cx.ipv4(a);
                    p += 4;
                }
                2 => {
                    let a = d.range(p, 16)?;
                    cx.s(" LOC ");
                    cx.ipv6(a);
                    p += 16;
                }
                _ => {}
            }
            if v {
                let b = d.range(lp, 4)?;
                cx.s("\n          Priority/Weight ");
                cx.u(b[0] as u64);
                cx.b(b'/');
                cx.u(b[1] as u64);
                cx.s(", Multicast Priority/Weight ");
                cx.u(b[2] as u64);
                cx.b(b'/');
                cx.u(b[3] as u64);
                cx.b(b',');
                let f = d.be16(lp + 4)?;
                cx.s(" flags [");
                cx.flag_names(
                    f as u32,
                    &[
                        (0x0004, "Local-Locator"),
                        (0x0002, "RLoc-Probed"),
                        (0x0001, "Reachable"),
                    ],
                );
                cx.s("],");
            }
        }
    }
    if xtr {
        let xtr_id = d.get(p..).unwrap_or(&[]);
        hexdump::hex(
            cx.out,
            b"\n    xTR-ID: ",
            &xtr_id[..xtr_id.len().min(16)],
            0,
        );
        if !d.has(p, 24) {
            return Err(Trunc);
        }
        let site = u64::from_be_bytes(d[p + 16..p + 24].try_into().unwrap_or([0; 8]));
        cx.s("\n    SITE-ID: ");
        cx.u(site);
    } else if p < d.len() {
        // Whatever follows, to the end of the capture.
        hexdump::hex(cx.out, b"\n    Data: ", &d[p..], 0);
    }
    Ok(true)
}

/// ` [authentication data length N > M] (invalid)` when the
/// authentication data cannot fit in the message.
fn auth_too_long(cx: &mut Ctx, auth_len: usize, length: usize) -> bool {
    let room = length - HDR;
    if auth_len <= room {
        return false;
    }
    cx.s(" [authentication data length ");
    cx.u(auth_len as u64);
    cx.s(" > ");
    cx.u(room as u64);
    cx.s("] (invalid)");
    true
}
