//! NTP (RFC 5905, extension fields RFC 7822) on UDP port 123: the summary,
//! and with `-v` the time message or the control message (mode 6)
//! header.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const TIME_MIN: usize = 48;
const CONTROL_MIN: usize = 12;

static MODES: &[(u8, &str)] = &[
    (0, "unspecified"),
    (1, "symmetric active"),
    (2, "symmetric passive"),
    (3, "Client"),
    (4, "Server"),
    (5, "Broadcast"),
    (6, "Control Message"),
    (7, "Reserved"),
];

static LEAP: &[(u8, &str)] = &[
    (0, ""),
    (0x40, "+1s"),
    (0x80, "-1s"),
    (0xc0, "clock unsynchronized"),
];

static EXTENSION_TYPES: &[(u16, &str)] = &[
    (0x0104, "Unique Identifier"),
    (0x0204, "NTS Cookie"),
    (0x0304, "NTS Cookie Placeholder"),
    (0x0404, "NTS Authenticator and Encrypted Extension Fields"),
    (0x2005, "Checksum Complement"),
];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "ntp";
    let d = p.captured;
    let length = p.length;
    cx.s("NTP");
    let status = d.u8_at(0)?;
    let version = (status >> 3) & 7;
    cx.b(b'v');
    cx.u(version as u64);
    let mode = status & 7;
    cx.s(", ");
    cx.s(tables::lookup(MODES, mode).unwrap_or("Unknown mode"));
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(true);
    }
    let leap = status & 0xc0;
    cx.s("\n\tLeap indicator: ");
    cx.s(tables::lookup(LEAP, leap).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(leap as u64);
    cx.b(b')');
    match mode {
        0..=5 => time_message(cx, d, length, version)?,
        6 => control_message(cx, d, length)?,
        _ => {}
    }
    Ok(true)
}

/// ` (invalid)`, and the truncation marker if the message was not all
/// captured.
fn invalid(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.s(" (invalid)");
    d.range(0, length)?;
    Ok(())
}

fn time(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let (s, f) = (d.be32(at)?, d.be32(at + 4)?);
    fmt::put_ntp_time(cx.out, s, f);
    Ok(())
}

/// A 16.16 fixed-point value in seconds.
fn sfix(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let i = d.be16(at)?;
    let f = d.be16(at + 2)?;
    let f = ((f as f64 / 65536.0) * 1_000_000.0) as i32;
    cx.u(i as u64);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, f as u64, 6, b'0');
    Ok(())
}

/// The difference of two timestamps, or the second alone if the first is
/// zero.
fn delta(cx: &mut Ctx, d: &[u8], old: usize, new: usize) -> R {
    let (u, ou) = (d.be32(new)?, d.be32(old)?);
    let (uf, ouf) = (d.be32(new + 4)?, d.be32(old + 4)?);
    if ou == 0 && ouf == 0 {
        return time(cx, d, new);
    }
    let (neg, i, f) = if u > ou {
        let i = (u - ou).wrapping_sub((ouf > uf) as u32);
        (false, i, uf.wrapping_sub(ouf))
    } else if u < ou {
        let i = (ou - u).wrapping_sub((uf > ouf) as u32);
        (true, i, ouf.wrapping_sub(uf))
    } else if uf > ouf {
        (false, 0, uf - ouf)
    } else {
        (true, 0, ouf - uf)
    };
    let f = (f as f64 / 4294967296.0 * 1_000_000_000.0) as u32;
    cx.b(if neg { b'-' } else { b'+' });
    cx.u(i as u64);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, f as u64, 9, b'0');
    Ok(())
}

/// Extension fields (RFC 7822) from `at`; their total length.
fn extension_fields(cx: &mut Ctx, d: &[u8], at: usize, length: usize) -> R<usize> {
    let mut total = 0usize;
    let mut first = true;
    while length - total >= 28 {
        let t = d.be16(at + total)?;
        let len = d.be16(at + total + 2)? as usize;
        if total + len > length || len < 4 || len % 4 != 0 {
            cx.s(" (invalid)");
            break;
        }
        if first {
            cx.s("\n\tExtension fields:");
            first = false;
        }
        cx.s("\n\t  ");
        cx.s(tables::lookup(EXTENSION_TYPES, t).unwrap_or("Unknown type"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, t as u64, 4);
        cx.s("), length ");
        cx.u(len as u64);
        if cx.opts.verbose > 2 {
            hex_cut(cx, d, at + total + 4, len - 4, b"\n\t    ")?;
        } else {
            d.range(at + total + 4, len - 4)?;
        }
        total += len;
    }
    Ok(total)
}

/// A `-x`-style dump of `len` bytes from `at`; where the capture ends
/// first, of what there is, then `Err`.
fn hex_cut(cx: &mut Ctx, d: &[u8], at: usize, len: usize, ident: &[u8]) -> R {
    let avail = d.len().saturating_sub(at).min(len);
    hexdump::hex(
        cx.out,
        ident,
        &d[at.min(d.len())..at.min(d.len()) + avail],
        0,
    );
    if avail < len {
        return Err(Trunc);
    }
    Ok(())
}

fn time_message(cx: &mut Ctx, d: &[u8], length: usize, version: u8) -> R {
    if length < TIME_MIN {
        cx.bad_len("length", length as u64, "<", TIME_MIN as u64);
        return invalid(cx, d, length);
    }
    let stratum = d.u8_at(1)?;
    cx.s(", Stratum ");
    cx.u(stratum as u64);
    cx.s(" (");
    cx.s(match stratum {
        0 => "unspecified",
        1 => "primary reference",
        2..=15 => "secondary reference",
        _ => "reserved",
    });
    cx.b(b')');
    let poll = d.u8_at(2)? as i8;
    cx.s(", poll ");
    fmt::put_i64(cx.out, poll as i64);
    if poll > -32 && poll < 32 {
        if poll >= 0 {
            cx.s(" (");
            cx.u(1u64 << poll);
            cx.s("s)");
        } else {
            cx.s(" (1/");
            cx.u(1u64 << -(poll as i32));
            cx.s("s)");
        }
    }
    let precision = d.u8_at(3)? as i8;
    cx.s(", precision ");
    fmt::put_i64(cx.out, precision as i64);
    cx.s("\n\tRoot Delay: ");
    sfix(cx, d, 4)?;
    cx.s(", Root dispersion: ");
    sfix(cx, d, 8)?;
    cx.s(", Reference-ID: ");
    match stratum {
        0 => {
            if !(0x20..0x7f).contains(&d.u8_at(12)?) {
                cx.s("(unspec)");
                d.range(12, 4)?;
            } else {
                for i in 12..16 {
                    fmt::put_safe_char(cx.out, d.u8_at(i)?);
                }
            }
        }
        1 => {
            for i in 12..16 {
                fmt::put_safe_char(cx.out, d.u8_at(i)?);
            }
        }
        62 | 63 => {
            cx.ipv4(d.range(12, 4)?);
            cx.s(if stratum == 62 {
                " INFO_QUERY"
            } else {
                " INFO_REPLY"
            });
            return Ok(());
        }
        _ => {
            let refid = d.be32(12)?;
            cx.s("0x");
            fmt::put_hex_padded(cx.out, refid as u64, 8);
        }
    }
    cx.s("\n\t  Reference Timestamp:  ");
    time(cx, d, 16)?;
    cx.s("\n\t  Origin Timestamp:     ");
    time(cx, d, 24)?;
    cx.s("\n\t  Receive Timestamp:    ");
    time(cx, d, 32)?;
    cx.s("\n\t  Transmit Timestamp:   ");
    time(cx, d, 40)?;
    cx.s("\n\t    Originator - Receive Timestamp:  ");
    delta(cx, d, 24, 32)?;
    cx.s("\n\t    Originator - Transmit Timestamp: ");
    delta(cx, d, 24, 40)?;
    let efs = if version == 4 {
        extension_fields(cx, d, TIME_MIN, length - TIME_MIN)?
    } else {
        0
    };
    let mac = TIME_MIN + efs;
    let words = |cx: &mut Ctx, n: usize| -> R {
        let key = d.be32(mac)?;
        cx.s("\n\tKey id: ");
        cx.u(key as u64);
        if n > 0 {
            let mut v = [0u32; 5];
            for (i, w) in v.iter_mut().take(n).enumerate() {
                *w = d.be32(mac + 4 + 4 * i)?;
            }
            cx.s("\n\tAuthentication: ");
            for w in &v[..n] {
                fmt::put_hex_padded(cx.out, *w as u64, 8);
            }
        }
        Ok(())
    };
    if length == mac + 4 {
        words(cx, 0)?;
    } else if length == mac + 4 + 16 {
        words(cx, 4)?;
    } else if length == mac + 4 + 20 {
        words(cx, 5)?;
    } else if length > mac {
        cx.s("\n\t(");
        cx.u((length - mac) as u64);
        cx.s(" more bytes after the header and extension fields)");
    }
    Ok(())
}

fn control_message(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    if length < CONTROL_MIN {
        cx.bad_len("length", length as u64, "<", CONTROL_MIN as u64);
        return invalid(cx, d, length);
    }
    let control = d.u8_at(1)?;
    cx.s(if control & 0x80 != 0 {
        ", Response, "
    } else {
        ", Request, "
    });
    cx.s(if control & 0x40 != 0 {
        "Error, "
    } else {
        "OK, "
    });
    cx.s(if control & 0x20 != 0 { "More" } else { "Last" });
    cx.s(", OpCode=");
    cx.u((control & 0x1f) as u64);
    cx.b(b'\n');
    // Each field is read before its label is printed.
    let sequence = d.be16(2)?;
    cx.s("\tSequence=");
    cx.u(sequence as u64);
    let status = d.be16(4)?;
    cx.s(", Status=");
    if status != 0 {
        cx.s("0x");
        fmt::put_hex(cx.out, status as u64);
    } else {
        cx.b(b'0');
    }
    let assoc = d.be16(6)?;
    cx.s(", Assoc.=");
    cx.u(assoc as u64);
    let offset = d.be16(8)?;
    cx.s(", Offset=");
    cx.u(offset as u64);
    let count = d.be16(10)? as usize;
    cx.s(", Count=");
    cx.u(count as u64);
    if length < CONTROL_MIN + count {
        cx.bad_len("length", length as u64, "<", (CONTROL_MIN + count) as u64);
        return invalid(cx, d, length);
    }
    if count != 0 {
        d.range(CONTROL_MIN, count)?;
        cx.s("\n\tTO-BE-DONE: data not interpreted");
    }
    Ok(())
}
