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
    (31, "Organization Specific"),
];

static CHASSIS_ID_TYPES: &[(u8, &str)] = &[
    (0, "Reserved"),
    (1, "Chassis component"),
    (2, "Interface alias"),
    (3, "Port component"),
    (4, "MAC address"),
    (5, "Network address"),
    (6, "Interface name"),
    (7, "Locally assigned"),
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
    (4, "RFC2685 VPN-ID"),
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
    if length < 4 {
        cx.s("\n\t\t packet is too short");
        return Ok(true);
    }
    // A cut common header shows the marker alone (-x dumps after the
    // link header).
    let Ok(h) = d.range(0, 4) else {
        cx.trunc_marker();
        return Ok(true);
    };
    let (level, version, opcode, fto) = (h[0] >> 5, h[0] & 0x1f, h[1], h[3] as usize);
    if version != 0 {
        cx.s("CFMv");
        cx.u(version as u64);
        cx.s(" not supported, length ");
        cx.u(length as u64);
        return Ok(true);
    }
    cx.s("CFMv0 ");
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
    if cx.opts.verbose == 0 {
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
    // The fixed part of each decoded message: its size (the first TLV
    // offset must leave room for it) and its number in the complaint.
    let fixed = match opcode {
        1 => Some((70, 1)),
        5 => Some((17, 4)),
        4 => Some((6, 5)),
        _ => None,
    };
    if let Some((size, n)) = fixed {
        if fto < size {
            cx.s(" (too small ");
            cx.u(n);
            cx.s(", must be >= ");
            cx.u(size as u64);
            cx.b(b')');
            return Ok(true);
        }
        if body_len < size {
            cx.s("\n\t\t packet is too short");
            return Ok(true);
        }
        // The fixed part is checked whole: the marker, a normal end.
        if !b.has(0, size) {
            cx.trunc_marker();
            return Ok(true);
        }
    }
    match opcode {
        1 => {
            if !ccm(cx, h[2], b)? {
                return Ok(true);
            }
        }
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
        // Not decoded: tcpdump dumps from the body's start as many bytes
        // as the TLVs take (what of them is captured).
        _ => unknown_data(cx, b, "\n\t  ", body_len - fto),
    }
    tlvs(cx, &b[fto.min(b.len())..], body_len - fto)
}

fn transaction(cx: &mut Ctx, b: &[u8]) -> R {
    cx.s("\n\t  Transaction-ID 0x");
    fmt::put_hex_padded(cx.out, b.be32(0)? as u64, 8);
    cx.s(", ttl ");
    cx.u(b.u8_at(4)? as u64);
    Ok(())
}

fn ccm(cx: &mut Ctx, f: u8, b: &[u8]) -> R<bool> {
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
    // The names take 48 bytes: the MD name's format (and length and name
    // unless it is "none"), the MA name's format, length and name.
    let mut at = 6;
    let mut left = 48;
    let md_fmt = b.u8_at(at)?;
    at += 1;
    left -= 1;
    cx.s("\n\t  MD Name Format ");
    cx.s(tables::lookup(MD_NAME_FORMATS, md_fmt).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(md_fmt as u64);
    cx.b(b')');
    if md_fmt != 1 {
        let n = b.u8_at(at)? as usize;
        at += 1;
        left -= 1;
        cx.s(", MD Name length ");
        cx.u(n as u64);
        // Room must be left for the MA name's format, length and a byte.
        if n > left - 3 {
            cx.s(" (too large, must be <= ");
            cx.u(left as u64 - 2);
            cx.b(b')');
            return Ok(false);
        }
        let name = b.range(at, n)?;
        cx.s("\n\t  MD Name: ");
        match md_fmt {
            2 | 4 => text(cx, name),
            3 if n == 6 => {
                cx.s("\n\t  MAC ");
                cx.mac(name);
            }
            3 => cx.s("\n\t  MAC (length invalid)"),
            _ => unknown_data(cx, name, "\n\t    ", n),
        }
        at += n;
        left -= n;
    }
    let ma_fmt = b.u8_at(at)?;
    let n = b.u8_at(at + 1)? as usize;
    left -= 2;
    cx.s("\n\t  MA Name-Format ");
    cx.s(tables::lookup(MA_NAME_FORMATS, ma_fmt).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(ma_fmt as u64);
    cx.s("), MA name length ");
    cx.u(n as u64);
    if n > left {
        cx.s(" (too large, must be <= ");
        cx.u(left as u64);
        cx.b(b')');
        return Ok(false);
    }
    let name = b.range(at + 2, n)?;
    cx.s("\n\t  MA Name: ");
    if ma_fmt == 2 {
        text(cx, name);
    } else {
        unknown_data(cx, name, "\n\t    ", n);
    }
    Ok(true)
}

/// How a TLV's decoding ends.
enum Next {
    /// The optional dump, then the next TLV.
    Dump(bool),
    /// The next TLV, without a dump, that many bytes before the end of
    /// this one (tcpdump loses count of the chassis id type byte when the
    /// chassis id runs past the TLV).
    Skip(usize),
    /// Nothing more of the packet.
    Stop,
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
        if left < 3 {
            cx.s("\n\t\t packet is too short");
            return Ok(true);
        }
        // The header's and the value's own checks end with the marker.
        if !d.has(at, 3) {
            cx.trunc_marker();
            return Ok(true);
        }
        let n = d.be16(at + 1)? as usize;
        cx.s(", length ");
        cx.u(n as u64);
        left -= 3;
        at += 3;
        if n > left {
            cx.s("\n\t\t packet is too short");
            return Ok(true);
        }
        let Ok(v) = d.range(at, n) else {
            cx.trunc_marker();
            return Ok(true);
        };
        // The dump covers what the decoding left of the value.
        let mut rest = n;
        let next = match t {
            1 => sender_id(cx, v, &mut rest)?,
            2 | 3 | 31 if n < if t == 31 { 4 } else { 1 } => {
                cx.s(" (too short, must be >= ");
                cx.u(if t == 31 { 4 } else { 1 });
                cx.b(b')');
                Next::Stop
            }
            2 | 3 => {
                let s = v[0];
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
                Next::Dump(false)
            }
            31 => {
                let oui = u32::from_be_bytes([0, v[0], v[1], v[2]]);
                cx.s(", Vendor: ");
                cx.s(tables::oui_name(oui).unwrap_or("Unknown"));
                cx.s(" (");
                cx.u(oui as u64);
                cx.s("), Sub-Type ");
                cx.u(v[3] as u64);
                Next::Dump(true)
            }
            _ => Next::Dump(true),
        };
        match next {
            Next::Stop => return Ok(true),
            Next::Dump(dump) if dump || cx.opts.verbose > 1 => {
                unknown_data(cx, v, "\n\t  ", rest);
            }
            Next::Skip(back) => {
                at -= back;
                left += back;
            }
            _ => {}
        }
        at += n;
        left -= n;
    }
    Ok(true)
}

/// `\n\t  (TLV too short)`: a part of the Sender ID TLV runs past its end.
fn too_short(cx: &mut Ctx) {
    cx.s("\n\t  (TLV too short)");
}

/// The Sender ID TLV: chassis id, then the management address domain and
/// address (each in hex); `rest` is left at what was not consumed.
fn sender_id(cx: &mut Ctx, v: &[u8], rest: &mut usize) -> R<Next> {
    if v.is_empty() {
        cx.s(" (too short, must be >= 1)");
        return Ok(Next::Skip(0));
    }
    let mut dump = false;
    let id_len = v[0] as usize;
    *rest -= 1;
    let mut at = 1;
    if id_len != 0 {
        if *rest < 1 {
            too_short(cx);
            return Ok(Next::Skip(0));
        }
        let id_type = v[1];
        *rest -= 1;
        cx.s("\n\t  Chassis-ID Type ");
        cx.s(tables::lookup(CHASSIS_ID_TYPES, id_type).unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(id_type as u64);
        cx.s("), Chassis-ID length ");
        cx.u(id_len as u64);
        if *rest < id_len {
            too_short(cx);
            return Ok(Next::Skip(1));
        }
        let id = v.range(2, id_len)?;
        match id_type {
            4 if id_len != 6 => {
                cx.s(" (invalid MAC address length)");
                dump = true;
            }
            4 => {
                cx.s("\n\t  MAC ");
                cx.mac(id);
            }
            5 => dump |= network_addr(cx, id),
            1 | 2 | 3 | 6 | 7 => text(cx, id),
            _ => dump = true,
        }
        *rest -= id_len;
        at += 1 + id_len;
    }
    if *rest == 0 {
        return Ok(Next::Dump(dump));
    }
    // The management address domain and address, each after its length.
    for (i, what) in ["Management Address Domain", "Management Address"]
        .iter()
        .enumerate()
    {
        if i == 1 && *rest < 1 {
            cx.s(" (Management Address Length is missing)");
            return Ok(Next::Dump(true));
        }
        let len = v.u8_at(at)? as usize;
        at += 1;
        *rest -= 1;
        cx.s("\n\t  ");
        cx.s(what);
        cx.s(" Length ");
        cx.u(len as u64);
        if len == 0 {
            break;
        }
        if *rest < len {
            too_short(cx);
            return Ok(if i == 0 { Next::Skip(0) } else { Next::Stop });
        }
        *rest -= len;
        let mut ident = b"\n\t  ".to_vec();
        ident.extend_from_slice(what.as_bytes());
        ident.extend_from_slice(b": ");
        hexdump::hex(cx.out, &ident, v.range(at, len)?, 0);
        at += len;
    }
    Ok(Next::Dump(dump))
}

/// A chassis id's network address: its family (one byte), then an IPv4
/// or IPv6 address; true when the value is to be dumped.
fn network_addr(cx: &mut Ctx, a: &[u8]) -> bool {
    let Some(&af) = a.first() else {
        cx.s("\n\t  Network Address Type (invalid, no data");
        return false;
    };
    cx.s("\n\t  Network Address Type ");
    cx.s(match af {
        11 => "Novell IPX",
        25 => "VPLS",
        196 => "Layer-2 VPN",
        _ => tables::address_family(af as u32).unwrap_or("Unknown"),
    });
    cx.s(" (");
    cx.u(af as u64);
    cx.b(b')');
    let size = match af {
        1 => 4,
        2 => 16,
        _ => return true,
    };
    if a.len() != 1 + size {
        cx.s("(invalid IPv");
        cx.u(if af == 1 { 4 } else { 6 });
        cx.s(" address length ");
        cx.u(a.len() as u64 - 1);
        cx.b(b')');
        return true;
    }
    cx.s(", ");
    if af == 1 {
        cx.ipv4(&a[1..]);
    } else {
        cx.ipv6(&a[1..]);
    }
    false
}
