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
        if d.len() >= covered && !p.fragmented {
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
    cx.s(TYPES.get(t as usize).copied().unwrap_or("DCCP-Invalid"));
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
    match t {
        0 => {
            cx.s("(service=");
            cx.u(d.be32(at)? as u64);
            cx.s(") ");
            at += 4;
        }
        1 => {
            let a = ack(at)?;
            cx.s("(service=");
            cx.u(d.be32(at + ack_len)? as u64);
            cx.s(") (ack=");
            cx.u(a);
            cx.s(") ");
            at += ack_len + 4;
        }
        2 => {}
        7 => {
            let a = ack(at)?;
            let code = d.u8_at(at + ack_len)?;
            cx.s("(code=");
            cx.s(RESET_CODES.get(code as usize).copied().unwrap_or("invalid"));
            cx.s(") (ack=");
            cx.u(a);
            cx.s(") ");
            at += ack_len + 4;
        }
        _ => {
            cx.s("(ack=");
            cx.u(ack(at)?);
            cx.s(") ");
            at += ack_len;
        }
    }
    if cx.opts.verbose > 1 {
        cx.s("seq ");
        cx.u(seq);
        if off > at {
            options(cx, d, at, off)?;
        }
    }
    Ok(())
}

fn options(cx: &mut Ctx, d: &[u8], mut at: usize, end: usize) -> R {
    cx.s(" <");
    let mut first = true;
    while at < end {
        if !first {
            cx.s(", ");
        }
        first = false;
        let t = d.u8_at(at)?;
        if t < 32 {
            cx.s(match t {
                0 => "nop",
                1 => "mandatory",
                2 => "slowreceiver",
                _ => "reserved",
            });
            at += 1;
            continue;
        }
        let len = d.u8_at(at + 1)? as usize;
        let name = match t {
            32 => "change_l",
            33 => "confirm_l",
            34 => "change_r",
            35 => "confirm_r",
            36 => "initcookie",
            37 => "ndp_count",
            38 => "ack_vector0",
            39 => "ack_vector1",
            40 => "data_dropped",
            41 => "timestamp",
            42 => "timestamp_echo",
            43 => "elapsed_time",
            44 => "data_checksum",
            _ => "option",
        };
        cx.s(name);
        if len < 2 {
            cx.s(" [optlen < 2] (invalid)");
            return Ok(());
        }
        let v = d.range(at + 2, len - 2)?;
        match t {
            32..=35 => {
                if let Some((&f, rest)) = v.split_first() {
                    cx.b(b' ');
                    cx.s(FEATURES.get(f as usize).copied().unwrap_or("unknown"));
                    for &b in rest {
                        cx.b(b' ');
                        cx.u(b as u64);
                    }
                }
            }
            37 | 43 => {
                let n = v.iter().fold(0u64, |a, &c| (a << 8) | c as u64);
                cx.b(b' ');
                cx.u(n);
            }
            38 | 39 => {
                cx.s(" 0x");
                for &b in v {
                    fmt::put_hex2(cx.out, b);
                }
            }
            41 => {
                if v.len() != 4 {
                    cx.s(" [optlen != 6] (invalid)");
                    return Ok(());
                }
                cx.b(b' ');
                cx.u(v.be32(0)? as u64);
            }
            42 => {
                if !matches!(v.len(), 4 | 6 | 8) {
                    cx.s(" [optlen != 6 or 8 or 10] (invalid)");
                    return Ok(());
                }
                cx.b(b' ');
                cx.u(v.be32(0)? as u64);
            }
            _ => {}
        }
        at += len;
    }
    cx.b(b'>');
    Ok(())
}
