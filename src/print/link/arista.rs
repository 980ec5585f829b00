//! Arista vendor-specific EtherType (0xd28b): a hardware time stamp
//! before the frame's real EtherType.

use crate::print::core::prelude::*;

static SUBTYPES: &[(u16, &str)] = &[(1, "Timestamp")];

/// The EtherType 0xd28b entry. `d` starts after the outer EtherType.
pub fn arista(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    arista_in(cx, None, d, length, &mut 0)
}

/// The same in an Ethernet frame: `macs`, its addresses (destination and
/// source), are named again when the inner frame is not decoded; `ll`
/// gets the length of the Arista header and the inner link header (the
/// snapshot's `-x` dump starts after them).
pub fn arista_in(
    cx: &mut Ctx,
    macs: Option<&[u8]>,
    d: &[u8],
    length: usize,
    ll: &mut usize,
) -> R<bool> {
    cx.proto = "arista";
    if d.len() < 2 && !cx.opts.link_header {
        // Not even the subtype: the marker alone, after the time stamp.
        cx.s("[|arista]");
        return Ok(true);
    }
    let sub = d.be16(0)?;
    // Printed without -e too: the decoders after it run as after an
    // Ethernet header.
    if !cx.opts.link_header {
        cx.s(if cx.opts.quiet {
            "Arista Vendor Specific Protocol, length "
        } else {
            "ethertype Arista Vendor Specific Protocol (0xd28b), length "
        });
        cx.u((length + 14) as u64);
        cx.s(": ");
    }
    cx.s("SubType ");
    cx.s(tables::lookup(SUBTYPES, sub).unwrap_or("Unknown"));
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, sub as u64, 4);
    cx.s("), ");
    if sub != 1 {
        // Not decoded: the frame is then shown as an unknown EtherType.
        return Ok(false);
    }
    // The version's fields, each shown once its byte is captured.
    let timescale = d.u8_at(2)?;
    cx.s("Timescale ");
    cx.s(match timescale {
        0 => "TAI",
        1 => "UTC",
        _ => "Unknown",
    });
    cx.s(" (");
    cx.u(timescale as u64);
    cx.s("), ");
    let byte = d.u8_at(3)?;
    let (format, hw) = (byte >> 4, byte & 0xf);
    cx.s("Format ");
    cx.s(match format {
        1 => "64-bit",
        2 => "48-bit",
        _ => "Unknown",
    });
    cx.s(" (");
    cx.u(format as u64);
    cx.s("), HwInfo ");
    cx.s(match hw {
        0 => "R/R2",
        1 => "R3",
        _ => "Unknown",
    });
    cx.s(" (");
    cx.u(hw as u64);
    cx.s("), Timestamp ");
    let ts_len = match format {
        1 => {
            let secs = d.be32(4)?;
            let nanos = d.be32(8)?;
            let mut tmp = Vec::new();
            timestamp_utc(&mut tmp, secs as i64);
            cx.out.extend_from_slice(&tmp);
            cx.b(b'.');
            fmt::put_padded_u64(cx.out, nanos as u64, 9, b'0');
            invalid_ns(cx, nanos);
            8
        }
        2 => {
            let secs = d.be16(4)?;
            let nanos = d.be32(6)?;
            cx.u(secs as u64);
            cx.b(b'.');
            fmt::put_padded_u64(cx.out, nanos as u64, 9, b'0');
            invalid_ns(cx, nanos);
            6
        }
        // Not decoded either.
        _ => return Ok(false),
    };
    cx.s(": ");
    // The real EtherType follows.
    let type_at = 4 + ts_len;
    if !d.has(type_at, 2) {
        return Err(Trunc);
    }
    super::ether::after_type(cx, macs, d, length, ll, type_at, length + 14)?;
    Ok(true)
}

/// A nanosecond count of a second or more is flagged.
fn invalid_ns(cx: &mut Ctx, nanos: u32) {
    if nanos >= 1_000_000_000 {
        cx.s(" (invalid ns)");
    }
}

/// `YYYY-MM-DD HH:MM:SS` in UTC (civil from days, Howard Hinnant's
/// algorithm).
fn timestamp_utc(out: &mut Vec<u8>, secs: i64) {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let mut y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    if month <= 2 {
        y += 1;
    }
    fmt::put_i64(out, y);
    out.push(b'-');
    fmt::put_padded_u64(out, month as u64, 2, b'0');
    out.push(b'-');
    fmt::put_padded_u64(out, day as u64, 2, b'0');
    out.push(b' ');
    fmt::put_padded_u64(out, (rem / 3600) as u64, 2, b'0');
    out.push(b':');
    fmt::put_padded_u64(out, (rem % 3600 / 60) as u64, 2, b'0');
    out.push(b':');
    fmt::put_padded_u64(out, (rem % 60) as u64, 2, b'0');
}
