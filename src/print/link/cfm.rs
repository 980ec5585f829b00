//! IEEE 802.1ag Connectivity Fault Management (EtherType 0x8902): the
//! common header, and with `-v` the continuity check, linktrace and
//! loopback fields and the TLVs.

use crate::print::core::prelude::*;
use std::io::Write;

static OPCODES: &[(u8, &str)] = &[
    (1, "Continuity Check Message"),
    (2, "Loopback Reply"),
    (3, "Loopback Message"),
    (4, "Linktrace Reply"),
    (5, "Linktrace Message"),
];

static TLVS: &[(u8, &str)] = &[
    (0, "End"),
    (1, "Sender ID"),
    (2, "Port status"),
    (3, "Interface status"),
    (4, "Data"),
    (5, "Reply Ingress"),
    (6, "Reply Egress"),
];

static MD_NAME_FORMATS: &[(u8, &str)] = &[
    (0, "IEEE 802.1"),
    (1, "No MD Name present"),
    (2, "DNS string"),
    (3, "MAC + 16Bit Integer"),
    (4, "Character string"),
];

static MA_NAME_FORMATS: &[(u8, &str)] = &[
    (0, "IEEE 802.1"),
    (1, "Primary VID"),
    (2, "Character string"),
    (3, "16Bit Integer"),
    (4, "RFC2685 VPN ID"),
];

/// CCM intervals in milliseconds, by flags value.
const CCM_INTERVALS_MS: [f64; 8] = [
    0.0,
    10.0 / 3.0,
    10.0,
    100.0,
    1000.0,
    10_000.0,
    60_000.0,
    600_000.0,
];

fn seconds(cx: &mut Ctx, ms: f64) {
    let _ = write!(cx.out, "{:.3}s", ms / 1000.0);
}

fn flags(cx: &mut Ctx, f: u8, names: &[(u8, &str)]) {
    cx.s(", Flags [");
    bits(cx, f, names);
    cx.b(b']');
}

/// A name, up to its first NUL.
fn text(cx: &mut Ctx, s: &[u8]) {
    let s = &s[..s.iter().position(|&c| c == 0).unwrap_or(s.len())];
    for &c in s {
        fmt::put_safe_char(cx.out, c);
    }
}

pub fn cfm(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "cfm";
    // A cut common header shows the marker alone (-x dumps after the
    // link header).
    let Ok(h) = d.range(0, 4) else {
        cx.trunc_marker();
        return Ok(true);
    };
    let (level, version, opcode, fto) = (h[0] >> 5, h[0] & 0x1f, h[1], h[3] as usize);
    cx.s("CFMv");
    cx.u(version as u64);
    cx.b(b' ');
    match tables::lookup(OPCODES, opcode) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown (");
            cx.u(opcode as u64);
            cx.b(b')');
        }
    }
    cx.s(", MD Level ");
    cx.u(level as u64);
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 || version != 0 {
        return Ok(true);
    }
    cx.s("\n\tFirst TLV offset ");
    cx.u(fto as u64);
    let body_len = length.saturating_sub(4);
    if fto > body_len {
        cx.s(" (too large, must be <= ");
        cx.u(body_len as u64);
        cx.b(b')');
        return Ok(true);
    }
    let b = &d[4..];
    // The part before the first TLV is checked whole first.
    b.range(0, fto)?;
    let mut dump = false;
    match opcode {
        1 => ccm(cx, h[2], b)?,
        5 => {
            flags(cx, h[2], &[(0x80, "Use Forwarding-DB only")]);
            transaction(cx, b)?;
            let m = b.range(5, 12)?;
            cx.s("\n\t  Original-MAC ");
            cx.mac(&m[..6]);
            cx.s(", Target-MAC ");
            cx.mac(&m[6..]);
        }
        4 => {
            flags(
                cx,
                h[2],
                &[
                    (0x80, "UseFDB Only"),
                    (0x40, "FwdYes"),
                    (0x20, "Terminal MEP"),
                ],
            );
            transaction(cx, b)?;
            let action = b.u8_at(5)?;
            cx.s("\n\t  Replay-Action ");
            cx.s(match action {
                1 => "Exact Match",
                2 => "Filtering DB",
                3 => "MIP CCM DB",
                _ => "Unknown",
            });
            cx.s(" (");
            cx.u(action as u64);
            cx.b(b')');
        }
        _ => dump = true,
    }
    let tlen = body_len - fto;
    if dump {
        // tcpdump dumps as many bytes as the TLVs take, from the body's
        // start, byte by byte: what is captured, then the packet ends.
        hexdump::hex(cx.out, b"\n\t  ", &b[..tlen.min(b.len())], 0);
        if b.len() < tlen {
            return Err(Trunc);
        }
    }
    tlvs(cx, &b[fto.min(b.len())..], tlen)
}

fn transaction(cx: &mut Ctx, b: &[u8]) -> R {
    cx.s("\n\t  Transaction-ID 0x");
    fmt::put_hex_padded(cx.out, b.be32(0)? as u64, 8);
    cx.s(", ttl ");
    cx.u(b.u8_at(4)? as u64);
    Ok(())
}

fn ccm(cx: &mut Ctx, f: u8, b: &[u8]) -> R {
    let interval = (f & 0x07) as usize;
    cx.s(", Flags [CCM Interval ");
    cx.u(interval as u64);
    if f & 0x80 != 0 {
        cx.s(", RDI");
    }
    cx.b(b']');
    if interval != 0 {
        let ms = CCM_INTERVALS_MS[interval];
        cx.s("\n\t  CCM Interval ");
        seconds(cx, ms);
        cx.s(", min CCM Lifetime ");
        seconds(cx, ms * 3.25);
        cx.s(", max CCM Lifetime ");
        seconds(cx, ms * 3.5);
    }
    cx.s("\n\t  Sequence Number 0x");
    fmt::put_hex_padded(cx.out, b.be32(0)? as u64, 8);
    cx.s(", MA-End-Point-ID 0x");
    fmt::put_hex_padded(cx.out, b.be16(4)? as u64, 4);
    let mut at = 6;
    let md_fmt = b.u8_at(at)?;
    at += 1;
    cx.s("\n\t  MD Name Format ");
    cx.s(tables::lookup(MD_NAME_FORMATS, md_fmt).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(md_fmt as u64);
    cx.b(b')');
    if md_fmt != 1 {
        let n = b.u8_at(at)? as usize;
        let name = b.range(at + 1, n)?;
        at += 1 + n;
        cx.s(", MD Name length ");
        cx.u(n as u64);
        cx.s("\n\t  MD Name: ");
        match md_fmt {
            2 | 4 => text(cx, name),
            3 => {
                if n == 8 {
                    cx.mac(&name[..6]);
                    cx.s(", ");
                    cx.u(u16::from_be_bytes([name[6], name[7]]) as u64);
                } else {
                    cx.s("\n\t  MAC (length invalid)");
                }
            }
            _ => {}
        }
    }
    let ma_fmt = b.u8_at(at)?;
    let n = b.u8_at(at + 1)? as usize;
    let name = b.range(at + 2, n)?;
    cx.s("\n\t  MA Name-Format ");
    cx.s(tables::lookup(MA_NAME_FORMATS, ma_fmt).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(ma_fmt as u64);
    cx.s("), MA name length ");
    cx.u(n as u64);
    cx.s("\n\t  MA Name: ");
    if ma_fmt == 2 {
        text(cx, name);
    } else if !name.is_empty() {
        hexdump::hex(cx.out, b"\n\t    ", name, 0);
    }
    Ok(())
}

fn tlvs(cx: &mut Ctx, d: &[u8], mut left: usize) -> R<bool> {
    let mut at = 0;
    while left > 0 {
        let t = d.u8_at(at)?;
        cx.s("\n\t");
        cx.s(tables::lookup(TLVS, t).unwrap_or("Unknown"));
        cx.s(" TLV (0x");
        fmt::put_hex2(cx.out, t);
        cx.b(b')');
        if t == 0 {
            return Ok(true);
        }
        let n = d.be16(at + 1)? as usize;
        cx.s(", length ");
        cx.u(n as u64);
        left = left.saturating_sub(3);
        at += 3;
        if n > left {
            cx.s("\n\t\t packet is too short");
            return Ok(true);
        }
        let v = d.range(at, n)?;
        match t {
            1 => {
                if n < 2 {
                    cx.s("\n\t  (TLV too short)");
                } else {
                    hexdump::hex(cx.out, b"\n\t  ", v, 0);
                }
            }
            2 | 3 => {
                let s = v.first().copied().unwrap_or(0);
                cx.s(", Status: ");
                cx.s(match (t, s) {
                    (2, 1) => "Blocked",
                    (2, 2) => "Up",
                    (3, 1) => "Up",
                    (3, 2) => "Down",
                    (3, 3) => "Testing",
                    (3, 5) => "Dormant",
                    (3, 6) => "not present",
                    (3, 7) => "lower Layer down",
                    _ => "Unknown",
                });
                cx.s(" (");
                cx.u(s as u64);
                cx.b(b')');
                if cx.opts.verbose > 1 {
                    hexdump::hex(cx.out, b"\n\t  ", v, 0);
                }
            }
            _ => hexdump::hex(cx.out, b"\n\t  ", v, 0),
        }
        at += n;
        left -= n;
    }
    Ok(true)
}
