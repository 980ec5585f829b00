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
    "sequence_window",
    "ecn_incapable",
    "ack_ratio",
    "send_ack_vector",
    "send_ndp_count",
    "minimum_checksum_coverage",
    "check_data_checksum",
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

/// The checksum over the pseudo-header (with the whole length; the
/// destination is a source route's or routing header's final one) and
/// the covered bytes; 0 when correct.
fn checksum(p: &IpPayload, d: &[u8], covered: usize) -> u16 {
    let len = p.length as u32;
    let dst = match p.net {
        NetHeader::V4 { cksum_dst, .. } | NetHeader::V6 { cksum_dst, .. } => cksum_dst,
    };
    let mut sum: u32 = ones_sum(p.net.src()) + ones_sum(dst);
    sum += 33 + (len >> 16) + (len & 0xffff);
    sum += ones_sum(&d[..covered]);
    fold(sum)
}

/// ` [what n op m] (invalid)`: a length check failed.
fn invalid(cx: &mut Ctx, what: &str, n: usize, op: &str, m: usize) -> R {
    cx.bad_len(what, n as u64, op, m as u64);
    cx.s(" (invalid)");
    Ok(())
}

fn be24(d: &[u8], at: usize) -> R<u64> {
    let b = d.range(at, 3)?;
    Ok(b.iter().fold(0u64, |v, &c| (v << 8) | c as u64))
}

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "dccp";
    let d = &p.data[..p.data.len().min(p.length)];
    let length = p.length;
    if length < 12 {
        return invalid(cx, "length", length, "<", 12);
    }
    // The generic header: 16 bytes with X (48-bit numbers), else 12.
    let extended = d.u8_at(8)? & 1 != 0;
    let mut fixed = if extended { 16 } else { 12 };
    if length < fixed {
        return invalid(cx, "length", length, "<", fixed);
    }
    d.range(0, fixed)?;
    let sport = d.be16(0)?;
    let dport = d.be16(2)?;
    let mut hlen = d[4] as usize * 4;
    endpoint(cx, p, true, sport);
    cx.s(" > ");
    endpoint(cx, p, false, dport);
    cx.s(": DCCP");
    if cx.opts.quiet {
        if length < hlen {
            return invalid(cx, "length", length, "<", hlen);
        }
        cx.b(b' ');
        cx.u((length - hlen) as u64);
        return Ok(());
    }
    let off = hlen;
    let (ccval, cscov) = (d[5] >> 4, d[5] & 0x0f);
    let t = (d[8] >> 1) & 0x0f;
    if cx.opts.verbose > 0 {
        cx.s(" (CCVal ");
        cx.u(ccval as u64);
        cx.s(", CsCov ");
        cx.u(cscov as u64);
        let covered = if cscov == 0 {
            length
        } else {
            (off + (cscov as usize - 1) * 4).min(length)
        };
        // Shown only when the whole datagram was captured, however
        // little the checksum covers.
        if d.len() >= length {
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
    let Some(name) = TYPES.get(t as usize) else {
        cx.s("packet-type-");
        cx.u(t as u64);
        cx.s("  (invalid)");
        return Ok(());
    };
    cx.s(name);
    cx.b(b' ');
    let basic = fixed;
    // Each type's subheader: its length is checked against the datagram
    // before anything of it is printed.
    fixed += match t {
        0 => 4,
        1 | 7 => 12,
        2 => 0,
        _ => 8,
    };
    if length < fixed {
        return invalid(cx, "length", length, "<", fixed);
    }
    match t {
        0 | 1 => {
            let service = d.be32(if t == 0 { basic } else { basic + 8 })?;
            cx.s("(service=");
            cx.u(service as u64);
            cx.s(") ");
        }
        7 => {
            d.range(basic, 12)?;
            let code = d[basic + 8];
            cx.s("(code=");
            match RESET_CODES.get(code as usize) {
                Some(name) => cx.s(name),
                None => {
                    cx.s("reset-code-");
                    cx.u(code as u64);
                    cx.s(" (invalid)");
                }
            }
            cx.s(") ");
        }
        _ => {}
    }
    // The acknowledgement number of every type but Request and Data.
    if t != 0 && t != 2 {
        let ack = if extended {
            be48(d, basic + 2)?
        } else {
            be24(d, basic + 1)?
        };
        cx.s("(ack=");
        cx.u(ack);
        cx.s(") ");
    }
    if cx.opts.verbose < 2 {
        return Ok(());
    }
    let seq = if extended { be48(d, 10)? } else { be24(d, 9)? };
    cx.s("seq ");
    cx.u(seq);
    if hlen > fixed {
        cx.s(" <");
        hlen -= fixed;
        let mut at = fixed;
        loop {
            let optlen = option(cx, d, at, hlen)?;
            if optlen == 0 {
                cx.s(" (invalid)");
                return Ok(());
            }
            if hlen <= optlen {
                break;
            }
            hlen -= optlen;
            at += optlen;
            cx.s(", ");
        }
        cx.b(b'>');
    }
    Ok(())
}

/// Option names for types 0..=44 (`None` where the type is not defined).
static OPTIONS: [Option<&str>; 45] = {
    let mut t = [None; 45];
    t[0] = Some("nop");
    t[1] = Some("mandatory");
    t[2] = Some("slowreceiver");
    t[32] = Some("change_l");
    t[33] = Some("confirm_l");
    t[34] = Some("change_r");
    t[35] = Some("confirm_r");
    t[36] = Some("initcookie");
    t[37] = Some("ndp_count");
    t[38] = Some("ack_vector0");
    t[39] = Some("ack_vector1");
    t[40] = Some("data_dropped");
    t[41] = Some("timestamp");
    t[42] = Some("timestamp_echo");
    t[43] = Some("elapsed_time");
    t[44] = Some("data_checksum");
    t
};

/// One option at `at` with `left` header bytes from it: its length, or 0
/// when it is malformed (the check that failed is printed).
fn option(cx: &mut Ctx, d: &[u8], at: usize, left: usize) -> R<usize> {
    let t = d.u8_at(at)?;
    if t >= 128 {
        cx.s("CCID option ");
        cx.u(t as u64);
    } else {
        match OPTIONS.get(t as usize).copied().flatten() {
            Some(n) => cx.s(n),
            None => {
                cx.s("option-type-");
                cx.u(t as u64);
            }
        }
    }
    let len = if t >= 32 {
        let l = d.u8_at(at + 1)? as usize;
        if l < 2 {
            invalid_len(cx, "optlen", l, "<", 2);
            return Ok(0);
        }
        l
    } else {
        1
    };
    if left < len {
        invalid_len(cx, "remaining length", left, "<", len);
        return Ok(0);
    }
    // The value bytes, in hex after ` 0x` or each in decimal.
    let hex = |cx: &mut Ctx, from: usize| -> R {
        cx.s(" 0x");
        for i in from..len {
            fmt::put_hex2(cx.out, d.u8_at(at + i)?);
        }
        Ok(())
    };
    let decimal = |cx: &mut Ctx, from: usize| -> R {
        for i in from..len {
            let v = d.u8_at(at + i)?;
            cx.b(b' ');
            cx.u(v as u64);
        }
        Ok(())
    };
    // (op, bound) checks of the option length that make it malformed.
    let bad = |cx: &mut Ctx, checks: &[(&str, usize)]| -> bool {
        for &(op, m) in checks {
            let fails = match op {
                "<" => len < m,
                ">" => len > m,
                _ => len != m,
            };
            if fails {
                invalid_len(cx, "optlen", len, op, m);
                return true;
            }
        }
        false
    };
    if t >= 128 {
        match len {
            4 => {
                let v = d.be16(at + 2)?;
                cx.b(b' ');
                cx.u(v as u64);
            }
            6 => {
                let v = d.be32(at + 2)?;
                cx.b(b' ');
                cx.u(v as u64);
            }
            _ => hex(cx, 2)?,
        }
        return Ok(len);
    }
    match t {
        0..=2 => {}
        32..=35 => {
            if bad(cx, &[("<", if t == 32 || t == 34 { 4 } else { 3 })]) {
                return Ok(0);
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
            decimal(cx, 3)?;
        }
        36 | 38..=40 => {
            if bad(cx, &[("<", 3)]) {
                return Ok(0);
            }
            hex(cx, 2)?;
        }
        37 => {
            if bad(cx, &[("<", 3), (">", 8)]) {
                return Ok(0);
            }
            decimal(cx, 2)?;
        }
        41 => {
            if bad(cx, &[("!=", 6)]) {
                return Ok(0);
            }
            let v = d.be32(at + 2)?;
            cx.b(b' ');
            cx.u(v as u64);
        }
        42 => {
            if !matches!(len, 6 | 8 | 10) {
                cx.s(" [optlen != 6 or 8 or 10]");
                return Ok(0);
            }
            let v = d.be32(at + 2)?;
            cx.b(b' ');
            cx.u(v as u64);
            if len > 6 {
                let e = if len == 8 {
                    d.be16(at + 6)? as u32
                } else {
                    d.be32(at + 6)?
                };
                cx.s(" (elapsed time ");
                cx.u(e as u64);
                cx.b(b')');
            }
        }
        43 => {
            let v = match len {
                4 => d.be16(at + 2)? as u32,
                6 => d.be32(at + 2)?,
                _ => {
                    cx.s(" [optlen != 4 or 6]");
                    return Ok(0);
                }
            };
            cx.b(b' ');
            cx.u(v as u64);
        }
        44 => {
            if bad(cx, &[("!=", 6)]) {
                return Ok(0);
            }
            hex(cx, 2)?;
        }
        _ => return Ok(0),
    }
    Ok(len)
}

fn invalid_len(cx: &mut Ctx, what: &str, n: usize, op: &str, m: usize) {
    cx.bad_len(what, n as u64, op, m as u64);
}
