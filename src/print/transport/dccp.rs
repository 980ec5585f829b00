//! DCCP (RFC 4340), IP protocol 33: the packet type, with `-v` the
//! checksum (partial coverage included), with `-vv` the sequence number
//! and options.

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

static TYPES: [&str; 10] = [
    "DCCP-Request",
    "DCCP-Response",
    "DCCP-Data",
    "DCCP-Ack",
    "DCCP-DataAck",
    "DCCP-CloseReq",
    "DCCP-Close",
    "DCCP-Reset",
    "DCCP-Sync",
    "DCCP-SyncAck",
];

static RESET_CODES: [&str; 12] = [
    "unspecified",
    "closed",
    "aborted",
    "no_connection",
    "packet_error",
    "option_error",
    "mandatory_error",
    "connection_refused",
    "bad_service_code",
    "too_busy",
    "bad_init_cookie",
    "aggression_penalty",
];

static FEATURES: [&str; 10] = [
    "reserved",
    "ccid",
    "allow_short_seqno",
    "seq_window",
    "ecn_incapable",
    "ack_ratio",
    "send_ack_vector",
    "send_ndp_count",
    "minimum checksum coverage",
    "check data checksum",
];

fn endpoint(cx: &mut Ctx, p: &IpPayload, src: bool, port: u16) {
    let a = if src { p.net.src() } else { p.net.dst() };
    if p.net.is_v6() {
        cx.ipv6(a);
    } else {
        cx.ipv4(a);
    }
    cx.b(b'.');
    cx.u(port as u64);
}

fn be48(d: &[u8], at: usize) -> R<u64> {
    let b = d.range(at, 6)?;
    Ok(b.iter().fold(0u64, |v, &c| (v << 8) | c as u64))
}

/// The checksum over the pseudo-header (with the whole length) and the
/// covered bytes; 0 when correct.
fn checksum(p: &IpPayload, d: &[u8], covered: usize) -> u16 {
    let len = p.length as u32;
    let mut sum: u32 = ones_sum(p.net.src()) + ones_sum(p.net.dst());
    sum += 33 + (len >> 16) + (len & 0xffff);
    sum += ones_sum(&d[..covered]);
    fold(sum)
}

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "dccp";
    let d = &p.data[..p.data.len().min(p.length)];
    // Nothing is printed before the generic header (the extended one when
    // X is set) is all captured.
    d.range(0, 12)?;
    if d[8] & 1 != 0 {
        d.range(0, 16)?;
    }
    let sport = d.be16(0)?;
    let dport = d.be16(2)?;
    endpoint(cx, p, true, sport);
    cx.s(" > ");
    endpoint(cx, p, false, dport);
    cx.s(": DCCP");
    let off = d.u8_at(4)? as usize * 4;
    let cov = d.u8_at(5)?;
    let (ccval, cscov) = (cov >> 4, cov & 0x0f);
    let t = (d.u8_at(8)? >> 1) & 0x0f;
    let extended = d[8] & 1 != 0;
    if cx.opts.verbose > 0 {
        cx.s(" (CCVal ");
        cx.u(ccval as u64);
        cx.s(", CsCov ");
        cx.u(cscov as u64);
        let covered = if cscov == 0 {
            p.length
        } else {
            (off + (cscov as usize - 1) * 4).min(p.length)
        };
        // Shown only when the whole datagram was captured, however
        // little the checksum covers.
        if d.len() >= p.length && !p.fragmented {
            let sum = d.be16(6)?;
            cx.s(", cksum 0x");
            fmt::put_hex_padded(cx.out, sum as u64, 4);
            let c = checksum(p, d, covered);
            if c == 0 {
                cx.s(" (correct)");
            } else {
                cx.s(" (incorrect -> 0x");
                fmt::put_hex_padded(cx.out, cksum_shouldbe(sum, c) as u64, 4);
                cx.b(b')');
            }
        }
        cx.b(b')');
    }
    cx.b(b' ');
    let seq = if extended {
        be48(d, 10)?
    } else {
        (d.be32(8)? & 0x00ff_ffff) as u64
    };
    let mut at = if extended { 16 } else { 12 };
    let Some(name) = TYPES.get(t as usize) else {
        cx.s("packet-type-");
        cx.u(t as u64);
        cx.s("  (invalid)");
        return Ok(());
    };
    cx.s(name);
    cx.b(b' ');
    // The acknowledgement subheader of every type but Request and Data.
    let ack = |at: usize| -> R<u64> {
        if extended {
            be48(d, at + 2)
        } else {
            Ok((d.be32(at)? & 0x00ff_ffff) as u64)
        }
    };
    let ack_len = if extended { 8 } else { 4 };
    // Response and Reset packets (which must be extended) have the
    // 8-byte acknowledgement subheader whatever X says: the fields after
    // it are read at its end, and only the number's width follows X.
    let sub = match t {
        0 => 4,
        1 | 7 => 12,
        2 => 0,
        _ => ack_len,
    };
    // Each type's subheader is checked whole before any of it is printed.
    d.range(at, sub)?;
    match t {
        0 => {
            cx.s("(service=");
            cx.u(d.be32(at)? as u64);
            cx.s(") ");
        }
        1 => {
            let a = ack(at)?;
            cx.s("(service=");
            cx.u(d.be32(at + 8)? as u64);
            cx.s(") (ack=");
            cx.u(a);
            cx.s(") ");
        }
        2 => {}
        7 => {
            let a = ack(at)?;
            let code = d.u8_at(at + 8)?;
            cx.s("(code=");
            match RESET_CODES.get(code as usize) {
                Some(name) => cx.s(name),
                None => {
                    cx.s("reset-code-");
                    cx.u(code as u64);
                    cx.s(" (invalid)");
                }
            }
            cx.s(") (ack=");
            cx.u(a);
            cx.s(") ");
        }
        _ => {
            cx.s("(ack=");
            cx.u(ack(at)?);
            cx.s(") ");
        }
    }
    // The options follow an 8-byte acknowledgement subheader even when
    // X is clear (only 4 of its bytes are then checked and read).
    at += match t {
        0 => 4,
        1 | 7 => 12,
        2 => 0,
        _ => 8,
    };
    if cx.opts.verbose > 1 {
        cx.s("seq ");
        cx.u(seq);
        if off > at {
            options(cx, d, at, off)?;
        }
    }
    Ok(())
}

/// The options between `at` and the header's end, each as far as
/// captured; a malformed one ends the list (without its `>`).
fn options(cx: &mut Ctx, d: &[u8], mut at: usize, end: usize) -> R {
    cx.s(" <");
    let mut first = true;
    while at < end {
        if !first {
            cx.s(", ");
        }
        first = false;
        let t = d.u8_at(at)?;
        match t {
            0 => cx.s("nop"),
            1 => cx.s("mandatory"),
            2 => cx.s("slowreceiver"),
            3..=31 => {
                cx.s("option-type-");
                cx.u(t as u64);
                cx.s(" (invalid)");
                return Ok(());
            }
            _ => {}
        }
        if t < 32 {
            at += 1;
            continue;
        }
        match t {
            32 => cx.s("change_l"),
            33 => cx.s("confirm_l"),
            34 => cx.s("change_r"),
            35 => cx.s("confirm_r"),
            36 => cx.s("initcookie"),
            37 => cx.s("ndp_count"),
            38 => cx.s("ack_vector0"),
            39 => cx.s("ack_vector1"),
            40 => cx.s("data_dropped"),
            41 => cx.s("timestamp"),
            42 => cx.s("timestamp_echo"),
            43 => cx.s("elapsed_time"),
            44 => cx.s("data_checksum"),
            45..=127 => {
                cx.s("option-type-");
                cx.u(t as u64);
            }
            _ => {
                cx.s("CCID option ");
                cx.u(t as u64);
            }
        }
        let len = d.u8_at(at + 1)? as usize;
        if len < 2 {
            cx.bad_len("optlen", len as u64, "<", 2);
            cx.s(" (invalid)");
            return Ok(());
        }
        if len > end - at {
            cx.bad_len("remaining length", (end - at) as u64, "<", len as u64);
            cx.s(" (invalid)");
            return Ok(());
        }
        // The value bytes one by one, as far as captured.
        let bytes = |cx: &mut Ctx, hex: bool| -> R {
            for i in 2..len {
                let b = d.u8_at(at + i)?;
                if hex {
                    fmt::put_hex2(cx.out, b);
                } else {
                    cx.b(b' ');
                    cx.u(b as u64);
                }
            }
            Ok(())
        };
        match t {
            32..=35 => {
                if len < 4 {
                    cx.bad_len("optlen", len as u64, "<", 4);
                    cx.s(" (invalid)");
                    return Ok(());
                }
                let f = d.u8_at(at + 2)?;
                cx.b(b' ');
                match FEATURES.get(f as usize) {
                    Some(name) => cx.s(name),
                    None => {
                        cx.s("feature-number-");
                        cx.u(f as u64);
                        cx.s(" (invalid)");
                    }
                }
                for i in 3..len {
                    let b = d.u8_at(at + i)?;
                    cx.b(b' ');
                    cx.u(b as u64);
                }
            }
            37 => {
                if len > 8 {
                    cx.bad_len("optlen", len as u64, ">", 8);
                    cx.s(" (invalid)");
                    return Ok(());
                }
                bytes(cx, false)?;
            }
            41 => {
                if len != 6 {
                    cx.bad_len("optlen", len as u64, "!=", 6);
                    cx.s(" (invalid)");
                    return Ok(());
                }
                let v = d.be32(at + 2)?;
                cx.b(b' ');
                cx.u(v as u64);
            }
            42 => {
                let elapsed = match len {
                    6 => None,
                    8 => Some(d.be16(at + 6).map(u32::from)),
                    10 => Some(d.be32(at + 6)),
                    _ => {
                        cx.s(" [optlen != 6 or 8 or 10] (invalid)");
                        return Ok(());
                    }
                };
                let v = d.be32(at + 2)?;
                cx.b(b' ');
                cx.u(v as u64);
                if let Some(e) = elapsed {
                    let e = e?;
                    cx.s(" (elapsed time ");
                    cx.u(e as u64);
                    cx.b(b')');
                }
            }
            43 => {
                let v = match len {
                    4 => d.be16(at + 2).map(u32::from),
                    6 => d.be32(at + 2),
                    _ => {
                        cx.s(" [optlen != 4 or 6] (invalid)");
                        return Ok(());
                    }
                }?;
                cx.b(b' ');
                cx.u(v as u64);
            }
            45..=127 => {
                cx.s(" (invalid)");
                return Ok(());
            }
            _ => {
                cx.s(" 0x");
                bytes(cx, true)?;
            }
        }
        at += len;
    }
    cx.b(b'>');
    Ok(())
}
