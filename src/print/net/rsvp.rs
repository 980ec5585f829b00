//! RSVP (RFC 2205), with the RSVP-TE (RFC 3209), refresh reduction
//! (RFC 2961), GMPLS and UNI objects; IP protocol 46.

use crate::print::core::prelude::*;
use crate::print::dispatch::IpPayload;

use super::rsvp_obj as more;

static MSG_TYPES: &[(u8, &str)] = &[
    (1, "Path"),
    (2, "Resv"),
    (3, "PathErr"),
    (4, "ResvErr"),
    (5, "PathTear"),
    (6, "ResvTear"),
    (7, "ResvConf"),
    (12, "Bundle"),
    (13, "Acknowledgement"),
    (14, "Hello (Old)"),
    (15, "Refresh"),
    (20, "Hello"),
];

static CLASSES: &[(u8, &str)] = &[
    (1, "Session"),
    (3, "RSVP Hop"),
    (4, "Integrity"),
    (5, "Time Values"),
    (6, "Error Spec"),
    (7, "Scope"),
    (8, "Style"),
    (9, "Flowspec"),
    (10, "FilterSpec"),
    (11, "Sender Template"),
    (12, "Sender TSpec"),
    (13, "Adspec"),
    (14, "Policy Data"),
    (15, "Confirm"),
    (16, "Label"),
    (19, "Label Request"),
    (20, "ERO"),
    (21, "RRO"),
    (22, "Hello"),
    (23, "Message ID"),
    (24, "Message ID Ack"),
    (25, "Message ID List"),
    (34, "Recovery Label"),
    (35, "Upstream Label"),
    (36, "Label Set"),
    (37, "Protection"),
    (50, "Sub-LSP to LSP"),
    (63, "Detour"),
    (66, "Class Type"),
    (125, "Class Type (old)"),
    (129, "Suggested Label"),
    (130, "Acceptable Label Set"),
    (131, "Restart Capability"),
    (134, "Capability"),
    (195, "Notify Request"),
    (196, "Administrative Status"),
    (204, "Properties"),
    (205, "Fast Re-Route"),
    (207, "Session Attribute"),
    (229, "Generalized UNI"),
    (230, "Call-ID"),
    (236, "Call Capability"),
];

/// The names of the class types, keyed by class << 8 | C-Type.
pub(super) static CTYPES: &[(u16, &str)] = &[
    (0x0101, "IPv4"),
    (0x0102, "IPv6"),
    (0x0107, "Tunnel IPv4"),
    (0x010b, "UNI IPv4"),
    (0x010d, "IPv4 P2MP LSP Tunnel"),
    (0x010e, "IPv6 P2MP LSP Tunnel"),
    (0x0301, "IPv4"),
    (0x0302, "IPv6"),
    (0x0303, "IPv4 plus opt. TLVs"),
    (0x0304, "IPv6 plus opt. TLVs"),
    (0x0501, "1"),
    (0x0601, "IPv4"),
    (0x0602, "IPv6"),
    (0x0603, "IPv4 plus opt. TLVs"),
    (0x0604, "IPv6 plus opt. TLVs"),
    (0x0801, "1"),
    (0x0901, "obsolete"),
    (0x0902, "IntServ"),
    (0x0a01, "IPv4"),
    (0x0a02, "IPv6"),
    (0x0a03, "IPv6 Flow-label"),
    (0x0a07, "Tunnel IPv4"),
    (0x0a0c, "IPv4 P2MP LSP Tunnel"),
    (0x0a0d, "IPv6 P2MP LSP Tunnel"),
    (0x0b01, "IPv4"),
    (0x0b02, "IPv6"),
    (0x0b07, "Tunnel IPv4"),
    (0x0b0c, "IPv4 P2MP LSP Tunnel"),
    (0x0b0d, "IPv6 P2MP LSP Tunnel"),
    (0x0c02, "IntServ"),
    (0x0d02, "IntServ"),
    (0x0f01, "IPv4"),
    (0x0f02, "IPv6"),
    (0x1001, "Label"),
    (0x1002, "Generalized Label"),
    (0x1003, "Waveband Switching"),
    (0x1301, "without label range"),
    (0x1302, "with ATM label range"),
    (0x1303, "with FR label range"),
    (0x1304, "Generalized Label"),
    (0x1401, "IPv4"),
    (0x1501, "IPv4"),
    (0x1601, "Hello Request"),
    (0x1602, "Hello Ack"),
    (0x1701, "1"),
    (0x1801, "Message id ack"),
    (0x1802, "Message id nack"),
    (0x1901, "1"),
    (0x2201, "Label"),
    (0x2202, "Generalized Label"),
    (0x2203, "Waveband Switching"),
    (0x2301, "Label"),
    (0x2302, "Generalized Label"),
    (0x2303, "Waveband Switching"),
    (0x2401, "1"),
    (0x3201, "IPv4 sub-LSP"),
    (0x3202, "IPv6 sub-LSP"),
    (0x3f07, "Tunnel IPv4"),
    (0x4201, "1"),
    (0x7d01, "1"),
    (0x8101, "Label"),
    (0x8102, "Generalized Label"),
    (0x8103, "Waveband Switching"),
    (0x8301, "IPv4"),
    (0x8601, "1"),
    (0xc301, "IPv4"),
    (0xc302, "IPv6"),
    (0xc401, "1"),
    (0xcc01, "1"),
    (0xcd01, "1"),
    (0xcd07, "Tunnel IPv4"),
    (0xcf07, "Tunnel IPv4"),
    (0xe501, "1"),
];

static UNI_SUBOBJS: &[(u8, &str)] = &[
    (1, "Source TNA address"),
    (2, "Destination TNA address"),
    (3, "Diversity"),
    (4, "Egress label"),
    (5, "Service level"),
];

pub(super) fn name<T: Ord + Copy>(table: &[(T, &'static str)], v: T) -> Option<&'static str> {
    table.iter().find(|e| e.0 == v).map(|e| e.1)
}

/// How an object ended: go on with the next one, or stop the message.
pub(super) enum Stop {
    Trunc,
    Quiet,
}

impl From<Trunc> for Stop {
    fn from(_: Trunc) -> Stop {
        Stop::Trunc
    }
}

pub(super) type O<T = ()> = Result<T, Stop>;

const IND: &str = "\n\t  ";

pub fn print_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    cx.proto = "rsvp";
    let d = p.data;
    // The common header is wanted whole before its version is looked at.
    d.range(0, 8)?;
    let vf = d.u8_at(0)?;
    let version = vf >> 4;
    if version != 1 {
        cx.s("ERROR: RSVP version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(());
    }
    let mtype = d.u8_at(1)?;
    let cksum = d.be16(2)?;
    let ttl = d.u8_at(4)?;
    d.u8_at(5)?;
    let tlen = d.be16(6)? as usize;
    if cx.opts.verbose == 0 {
        cx.s("RSVPv1 ");
        match name(MSG_TYPES, mtype) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown (");
                cx.u(mtype as u64);
                cx.b(b')');
            }
        }
        cx.s(" Message, length: ");
        cx.u(p.length as u64);
        return Ok(());
    }
    header_line(cx, "\n\t", vf, mtype, tlen, ttl, cksum);
    if tlen < 8 {
        cx.s("ERROR: common header too short ");
        cx.u(tlen as u64);
        cx.s(" < 8");
        return Ok(());
    }
    let rest = &d[8.min(d.len())..];
    let olen = tlen - 8;
    let r = match mtype {
        12 => bundle(cx, rest, olen),
        1..=7 | 13 | 14 | 15 | 20 => objects(cx, rest, olen, IND),
        _ => {
            unknown_data(cx, rest, "\n\t    ", olen);
            Ok(())
        }
    };
    match r {
        Err(Stop::Trunc) => Err(Trunc),
        _ => Ok(()),
    }
}

fn header_line(cx: &mut Ctx, ind: &str, vf: u8, mtype: u8, len: usize, ttl: u8, ck: u16) {
    cx.s(ind);
    cx.s("RSVPv1 ");
    match name(MSG_TYPES, mtype) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown, type: ");
            cx.u(mtype as u64);
        }
    }
    cx.s(" Message (");
    cx.u(mtype as u64);
    cx.s("), Flags: [");
    bits(cx, vf & 0x0f, &[(0x01, "Refresh reduction capable")]);
    cx.s("], length: ");
    cx.u(len as u64);
    cx.s(", ttl: ");
    cx.u(ttl as u64);
    cx.s(", checksum: 0x");
    fmt::put_hex_padded(cx.out, ck as u64, 4);
}

/// A Bundle message: RSVP messages one after the other.
fn bundle(cx: &mut Ctx, d: &[u8], mut tlen: usize) -> O {
    let mut at = 0;
    while tlen > 0 {
        let h = d.range(at, 8)?;
        let vf = h[0];
        let sublen = u16::from_be_bytes([h[6], h[7]]) as usize;
        if vf >> 4 != 1 {
            cx.s("ERROR: RSVP version ");
            cx.u((vf >> 4) as u64);
            cx.s(" packet not supported");
            return Err(Stop::Quiet);
        }
        header_line(
            cx,
            "\n\t  ",
            vf,
            h[1],
            sublen,
            h[4],
            u16::from_be_bytes([h[2], h[3]]),
        );
        if sublen < 8 {
            cx.s("ERROR: common header too short ");
            cx.u(sublen as u64);
            cx.s(" < 8");
            return Err(Stop::Quiet);
        }
        if sublen > tlen {
            cx.s("ERROR: common header too large ");
            cx.u(sublen as u64);
            cx.s(" > ");
            cx.u(tlen as u64);
            return Err(Stop::Quiet);
        }
        let body = &d[(at + 8).min(d.len())..];
        objects(cx, body, sublen - 8, "\n\t    ")?;
        at += sublen;
        tlen -= sublen;
    }
    Ok(())
}

fn objects(cx: &mut Ctx, d: &[u8], mut tlen: usize, ind: &str) -> O {
    let mut at = 0;
    while tlen >= 4 {
        let h = d.range(at, 4)?;
        let olen = u16::from_be_bytes([h[0], h[1]]) as usize;
        let class = h[2];
        let ctype = h[3];
        if olen % 4 != 0 {
            cx.s(ind);
            cx.s("ERROR: object header size ");
            cx.u(olen as u64);
            cx.s(" not a multiple of 4");
            return Err(Stop::Quiet);
        }
        if olen < 4 {
            cx.s(ind);
            cx.s("ERROR: object header size ");
            cx.u(olen as u64);
            cx.s(" < 4");
            return Err(Stop::Quiet);
        }
        cx.s(ind);
        cx.s(name(CLASSES, class).unwrap_or("Unknown"));
        cx.s(" Object (");
        cx.u(class as u64);
        cx.s(") Flags: [");
        cx.s(match class >> 6 {
            0 | 1 => "reject if unknown",
            2 => "ignore silently if unknown",
            _ => "ignore and forward if unknown",
        });
        cx.s("], Class-Type: ");
        cx.s(name(CTYPES, (class as u16) << 8 | ctype as u16).unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(ctype as u64);
        cx.s("), length: ");
        cx.u(olen as u64);
        if tlen < olen {
            cx.s(ind);
            cx.s("ERROR: object goes past end of objects TLV");
            return Err(Stop::Quiet);
        }
        let body = d.range(at + 4, olen - 4)?;
        let hex = object(cx, body, class, ctype, ind)?;
        if cx.opts.verbose > 1 || hex {
            unknown_data(cx, body, "\n\t    ", body.len());
        }
        at += olen;
        tlen -= olen;
    }
    Ok(())
}

/// `ERROR: object is too short`: the message stops there.
pub(super) fn short(cx: &mut Ctx, ind: &str) -> Stop {
    cx.s(ind);
    cx.s("ERROR: object is too short");
    Stop::Quiet
}

pub(super) fn need(cx: &mut Ctx, b: &[u8], n: usize, ind: &str) -> O {
    if b.len() < n {
        return Err(short(cx, ind));
    }
    Ok(())
}

pub(super) fn hex_fixed(cx: &mut Ctx, v: u64, w: usize) {
    cx.s("0x");
    fmt::put_hex_padded(cx.out, v, w);
}

pub(super) fn be32(b: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

pub(super) fn be16(b: &[u8], i: usize) -> u16 {
    u16::from_be_bytes([b[i], b[i + 1]])
}

/// One object's body (all captured); true when it is to be dumped in hex.
fn object(cx: &mut Ctx, b: &[u8], class: u8, ctype: u8, ind: &str) -> O<bool> {
    let i2 = format!("{ind}  ");
    let ind2 = i2.as_str();
    match (class, ctype) {
        (1, 1) => {
            need(cx, b, 8, ind)?;
            cx.s(ind2);
            cx.s("IPv4 DestAddress: ");
            cx.ipv4(&b[0..4]);
            cx.s(", Protocol ID: ");
            hex_fixed(cx, b[4] as u64, 2);
            cx.s(ind2);
            cx.s("Flags: [");
            hex_fixed(cx, b[5] as u64, 2);
            cx.s("], DestPort ");
            cx.u(be16(b, 6) as u64);
        }
        (1, 2) => {
            need(cx, b, 20, ind)?;
            cx.s(ind2);
            cx.s("IPv6 DestAddress: ");
            cx.ipv6(&b[0..16]);
            cx.s(", Protocol ID: ");
            hex_fixed(cx, b[16] as u64, 2);
            cx.s(ind2);
            cx.s("Flags: [");
            hex_fixed(cx, b[17] as u64, 2);
            cx.s("], DestPort ");
            cx.u(be16(b, 18) as u64);
        }
        (1, 7) => {
            need(cx, b, 12, ind)?;
            cx.s(ind2);
            cx.s("IPv4 Tunnel EndPoint: ");
            cx.ipv4(&b[0..4]);
            cx.s(", Tunnel ID: ");
            hex_fixed(cx, be16(b, 6) as u64, 4);
            cx.s(", Extended Tunnel ID: ");
            cx.ipv4(&b[8..12]);
        }
        (3, 1 | 3) => {
            need(cx, b, 8, ind)?;
            cx.s(ind2);
            cx.s("Previous/Next Interface: ");
            cx.ipv4(&b[0..4]);
            cx.s(", Logical Interface Handle: ");
            hex_fixed(cx, be32(b, 4) as u64, 8);
            return Ok(b.len() > 8);
        }
        (3, 2 | 4) => {
            need(cx, b, 20, ind)?;
            cx.s(ind2);
            cx.s("Previous/Next Interface: ");
            cx.ipv6(&b[0..16]);
            cx.s(", Logical Interface Handle: ");
            hex_fixed(cx, be32(b, 16) as u64, 8);
            return Ok(true);
        }
        (5, 1) => {
            need(cx, b, 4, ind)?;
            cx.s(ind2);
            cx.s("Refresh Period: ");
            cx.u(be32(b, 0) as u64);
            cx.s("ms");
        }
        (8, 1) => {
            need(cx, b, 4, ind)?;
            cx.s(ind2);
            cx.s("Reservation Style: ");
            cx.s(match b[3] & 0x1f {
                17 => "Wildcard Filter",
                10 => "Fixed Filter",
                18 => "Shared Explicit",
                _ => "Unknown",
            });
            cx.s(", Flags: [");
            hex_fixed(cx, b[0] as u64, 2);
            cx.b(b']');
        }
        (10 | 11, 1) => {
            need(cx, b, 8, ind)?;
            cx.s(ind2);
            cx.s("Source Address: ");
            cx.ipv4(&b[0..4]);
            cx.s(", Source Port: ");
            cx.u(be16(b, 6) as u64);
        }
        (10 | 11, 7) => {
            need(cx, b, 8, ind)?;
            cx.s(ind2);
            cx.s(if class == 10 {
                "Source Address: "
            } else {
                "IPv4 Tunnel Sender Address: "
            });
            cx.ipv4(&b[0..4]);
            cx.s(", LSP-ID: ");
            hex_fixed(cx, be16(b, 6) as u64, 4);
        }
        (16 | 34 | 35 | 129, 1) => {
            let mut at = 0;
            while at + 4 <= b.len() {
                cx.s(ind2);
                cx.s("Label: ");
                cx.u(be32(b, at) as u64);
                at += 4;
            }
        }
        (22, 1 | 2) => {
            need(cx, b, 8, ind)?;
            cx.s(ind2);
            cx.s("Source Instance: ");
            hex_fixed(cx, be32(b, 0) as u64, 8);
            cx.s(", Destination Instance: ");
            hex_fixed(cx, be32(b, 4) as u64, 8);
        }
        (23..=25, 1 | 2) => {
            need(cx, b, 4, ind)?;
            cx.s(ind2);
            cx.s("Flags [");
            hex_fixed(cx, b[0] as u64, 2);
            cx.s("], epoch: ");
            cx.u((be32(b, 0) & 0x00ff_ffff) as u64);
            let mut at = 4;
            while at + 4 <= b.len() {
                let id = be32(b, at);
                cx.s(ind2);
                cx.s("  Message-ID ");
                hex_fixed(cx, id as u64, 8);
                cx.s(" (");
                cx.u(id as u64);
                cx.b(b')');
                at += 4;
            }
        }
        (63, 7) => {
            let mut at = 0;
            while at + 8 <= b.len() {
                cx.s(ind2);
                cx.s("PLR-ID: ");
                cx.ipv4(&b[at..at + 4]);
                cx.s(", Avoid-Node-ID: ");
                cx.ipv4(&b[at + 4..at + 8]);
                at += 8;
            }
        }
        (131, 1) => {
            need(cx, b, 8, ind)?;
            cx.s(ind2);
            cx.s("Restart  Time: ");
            cx.u(be32(b, 0) as u64);
            cx.s("ms, Recovery Time: ");
            cx.u(be32(b, 4) as u64);
            cx.s("ms");
        }
        (205, 7) => {
            need(cx, b, 16, ind)?;
            cx.s(ind2);
            cx.s("Setup Priority: ");
            cx.u(b[0] as u64);
            cx.s(", Holding Priority: ");
            cx.u(b[1] as u64);
            cx.s(", Hop-limit: ");
            cx.u(b[2] as u64);
            cx.s(", Bandwidth: ");
            mbps(cx, be32(b, 4));
            cx.s(" Mbps");
            cx.s(ind2);
            cx.s("Include Colors: ");
            hex_fixed(cx, be32(b, 8) as u64, 8);
            cx.s(", Exclude Colors: ");
            hex_fixed(cx, be32(b, 12) as u64, 8);
        }
        (229, 1) => return uni(cx, b, ind),
        _ => return more::object(cx, b, class, ctype, ind, ind2),
    }
    Ok(false)
}

/// The Generalized UNI object's sub-objects (RFC 3476).
fn uni(cx: &mut Ctx, b: &[u8], ind: &str) -> O<bool> {
    need(cx, b, 4, ind)?;
    let mut hex = false;
    let mut at = 0;
    while at < b.len() {
        let left = b.len() - at;
        if left < 4 {
            cx.s(" (invalid)");
            return Err(Stop::Quiet);
        }
        let slen = be16(b, at) as usize;
        let stype = b[at + 2];
        let af = b[at + 3];
        cx.s(ind);
        cx.s("  Subobject Type: ");
        cx.s(name(UNI_SUBOBJS, stype).unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(stype as u64);
        cx.s("), AF: ");
        cx.s(tables::address_family(u32::from(af)).unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(af as u64);
        cx.s("), length: ");
        cx.u(slen as u64);
        if slen < 4 || slen > left {
            cx.s(" (invalid)");
            return Err(Stop::Quiet);
        }
        let s = &b[at..at + slen];
        match stype {
            1 | 2 => match af {
                1 => {
                    if slen < 8 {
                        return Err(sub_short(cx, ind));
                    }
                    cx.s(ind);
                    cx.s("    UNI IPv4 TNA address: ");
                    cx.ipv4(&s[4..8]);
                }
                2 => {
                    if slen < 20 {
                        return Err(sub_short(cx, ind));
                    }
                    cx.s(ind);
                    cx.s("    UNI IPv6 TNA address: ");
                    cx.ipv6(&s[4..20]);
                }
                3 => hex = true,
                _ => {}
            },
            3 => hex |= slen > 4,
            4 => {
                if slen < 16 {
                    return Err(sub_short(cx, ind));
                }
                let w = be32(s, 4);
                cx.s(ind);
                cx.s("    U-bit: ");
                fmt::put_hex(cx.out, (w >> 31) as u64);
                cx.s(", Label type: ");
                cx.u((w & 0xff) as u64);
                cx.s(", Logical port id: ");
                cx.u(be32(s, 8) as u64);
                cx.s(", Label: ");
                cx.u(be32(s, 12) as u64);
            }
            5 => {
                if slen < 8 {
                    return Err(sub_short(cx, ind));
                }
                cx.s(ind);
                cx.s("    Service level: ");
                cx.u((s[4]) as u64);
            }
            _ => hex = true,
        }
        at += slen;
    }
    Ok(hex)
}

/// A bandwidth in bytes per second (an IEEE float) as megabits.
pub(super) fn mbps(cx: &mut Ctx, bits: u32) {
    let v = f32::from_bits(bits) * 8.0 / 1_000_000.0;
    cx.s(&fmt_g(v as f64));
}

fn sub_short(cx: &mut Ctx, ind: &str) -> Stop {
    cx.s(ind);
    cx.s("ERROR: sub-object is too short");
    Stop::Quiet
}

/// C's `%.10g`.
pub(super) fn fmt_g(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if !v.is_finite() {
        return if v.is_nan() {
            "nan".into()
        } else if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let e = format!("{:.9e}", v);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..10).contains(&exp) {
        let prec = (9 - exp).max(0) as usize;
        let s = format!("{:.*}", prec, v);
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        s
    } else {
        let m = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.')
        } else {
            mant
        };
        format!("{}e{}{:02}", m, if exp < 0 { '-' } else { '+' }, exp.abs())
    }
}
