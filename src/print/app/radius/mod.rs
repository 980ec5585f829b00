//! RADIUS (RFC 2865, 2866, 5176, 4675 and later attributes) on UDP ports
//! 1645, 1646, 1812, 1813 and 3799, or `-T radius`: the header, and with
//! `-v` every attribute (`values` shows them by their form).

mod data;
mod values;

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// How an attribute's value is shown.
#[derive(Clone, Copy)]
pub enum Kind {
    /// Not shown.
    Hidden,
    /// Text (some with a tag first).
    Str,
    /// A 32-bit number (some with a tag, durations and special values).
    Num,
    /// A 32-bit number named from a table whose first name is for
    /// value 0 or 1.
    Enum(&'static [&'static str], u32),
    Addr,
    Addr6,
    Prefix6,
    HomeLinkPrefix,
    Vendor,
    Time,
    FeatureVector,
    /// ARAP values and the error cause.
    Strange,
    OperatorName,
    LocationInfo,
    LocationData,
    PolicyRules,
}

const CODES: &[(u8, &str)] = &[
    (1, "Access-Request"),
    (2, "Access-Accept"),
    (3, "Access-Reject"),
    (4, "Accounting-Request"),
    (5, "Accounting-Response"),
    (11, "Access-Challenge"),
    (12, "Status-Server"),
    (13, "Status-Client"),
    (40, "Disconnect-Request"),
    (41, "Disconnect-ACK"),
    (42, "Disconnect-NAK"),
    (43, "CoA-Request"),
    (44, "CoA-ACK"),
    (45, "CoA-NAK"),
    (255, "Reserved"),
];

const HEADER: usize = 20;

/// ` [what N op M] (invalid)`.
fn invalid_len(cx: &mut Ctx, what: &str, n: usize, op: &str, m: usize) {
    cx.bad_len(what, n as u64, op, m as u64);
    cx.s(" (invalid)");
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "radius";
    let d = p.captured;
    cx.s("RADIUS");
    if p.length < HEADER {
        invalid_len(cx, "length", p.length, "<", HEADER);
        return Ok(true);
    }
    let len = d.be16(2)? as usize;
    let bad = if len < HEADER {
        Some(("<", HEADER))
    } else if len > 4096 {
        Some((">", 4096))
    } else if len > p.length {
        Some((">", p.length))
    } else {
        None
    };
    if let Some((op, m)) = bad {
        invalid_len(cx, "length", len, op, m);
        return Ok(true);
    }
    let (code, id) = (d.u8_at(0)?, d.u8_at(1)?);
    let name = tables::lookup(CODES, code).unwrap_or("Unknown Command");
    if cx.opts.verbose == 0 {
        cx.s(", ");
        cx.s(name);
        cx.s(" (");
        cx.u(code as u64);
        cx.s("), id: 0x");
        fmt::put_hex2(cx.out, id);
        cx.s(", length: ");
        cx.u(len as u64);
        d.range(0, HEADER)?;
        return Ok(true);
    }
    cx.s(", length: ");
    cx.u(len as u64);
    cx.s("\n\t");
    cx.s(name);
    cx.s(" (");
    cx.u(code as u64);
    cx.s("), id: 0x");
    fmt::put_hex2(cx.out, id);
    cx.s(", Authenticator: ");
    for i in 4..HEADER {
        fmt::put_hex2(cx.out, d.u8_at(i)?);
    }
    attributes(cx, d, HEADER, len - HEADER)?;
    Ok(true)
}

/// The attributes: `length` bytes from `at`.
fn attributes(cx: &mut Ctx, d: &[u8], mut at: usize, mut length: usize) -> R {
    while length != 0 {
        if length < 2 {
            invalid_len(cx, "length", length, "<", 2);
            return Ok(());
        }
        let t = d.u8_at(at)?;
        let len = d.u8_at(at + 1)? as usize;
        let entry = data::ATTRIBUTES.get(t as usize);
        cx.s("\n\t  ");
        cx.s(entry.filter(|_| t != 0).map_or("Unknown", |e| e.0));
        cx.s(" Attribute (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(len as u64);
        if len < 2 {
            invalid_len(cx, "length", len, "<", 2);
            return Ok(());
        }
        if len > length {
            invalid_len(cx, "length", len, ">", length);
            return Ok(());
        }
        cx.s(", Value: ");
        if let Some(&(_, kind)) = entry {
            if len > 2 {
                values::value(cx, d, at + 2, len - 2, t, kind)?;
            }
        }
        if cx.opts.verbose > 1 {
            let v = d.get(at + 2..).unwrap_or(&[]);
            unknown_data(cx, v, "\n\t    ", len - 2);
        }
        length -= len;
        at += len;
    }
    Ok(())
}
