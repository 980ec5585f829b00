//! RSVP object bodies beyond the basic ones of `rsvp.rs`: the IntServ
//! parameters, explicit and recorded routes, errors, label requests and the
//! GMPLS objects.

use super::rsvp::{be16, be32, fmt_g, hex_fixed, mbps, name, need, Stop, CTYPES, O};
use crate::print::core::prelude::*;

static SESSION_ATTR_FLAGS: &[(u32, &str)] = &[
    (0x01, "Local Protection"),
    (0x02, "Label Recording"),
    (0x04, "SE Style"),
    (0x08, "Bandwidth protection"),
    (0x10, "Node protection"),
];

static RRO_FLAGS: &[(u32, &str)] = &[
    (0x01, "Local protection available"),
    (0x02, "Local protection in use"),
    (0x04, "Bandwidth protection"),
    (0x08, "Node protection"),
];

static ERO_TYPES: &[(u8, &str)] = &[
    (1, "IPv4 prefix"),
    (2, "IPv6 prefix"),
    (3, "Label"),
    (4, "Unnumbered Interface"),
    (32, "Autonomous system number"),
];

static ERROR_CODES: &[(u8, &str)] = &[
    (24, "Routing Problem"),
    (25, "Notify Error"),
    (28, "Diffserv TE Error"),
];

static ROUTING_ERRORS: &[(u16, &str)] = &[
    (1, "Bad EXPLICIT_ROUTE object"),
    (2, "Bad strict node"),
    (3, "Bad loose node"),
    (4, "Bad initial subobject"),
    (5, "No route available toward destination"),
    (6, "Unacceptable label value"),
    (7, "RRO indicated routing loops"),
    (8, "non-RSVP-capable router in the path"),
    (9, "MPLS label allocation failure"),
    (10, "Unsupported L3PID"),
];

static DIFFSERV_TE_ERRORS: &[(u16, &str)] = &[
    (1, "Unexpected CT object"),
    (2, "Unsupported CT"),
    (3, "Invalid CT value"),
    (4, "CT/setup priority do not form a configured TE-Class"),
    (5, "CT/holding priority do not form a configured TE-Class"),
    (
        6,
        "CT/setup priority and CT/holding priority do not form a configured TE-Class",
    ),
    (7, "Inconsistency between signaled PSC and signaled CT"),
    (8, "Inconsistency between signaled PHBs and signaled CT"),
];

static ENCODINGS: &[(u8, &str)] = &[
    (1, "Packet"),
    (2, "Ethernet V2/DIX"),
    (3, "ANSI/ETSI PDH"),
    (5, "SONET/SDH"),
    (7, "Digital Wrapper"),
    (8, "Lambda (photonic)"),
    (9, "Fiber"),
    (11, "FiberChannel"),
];

static SWITCHING: &[(u8, &str)] = &[
    (1, "Packet-Switch Capable-1"),
    (2, "Packet-Switch Capable-2"),
    (3, "Packet-Switch Capable-3"),
    (4, "Packet-Switch Capable-4"),
    (51, "Layer-2 Switch Capable"),
    (100, "Time-Division-Multiplex"),
    (150, "Lambda-Switch Capable"),
    (200, "Fiber-Switch Capable"),
];

static SERVICES: &[(u8, &str)] = &[
    (1, "Default/Global Information"),
    (2, "Guaranteed Service"),
    (5, "Controlled Load"),
];

static PARAMS: &[(u8, &str)] = &[
    (4, "IS hop cnt"),
    (6, "Path b/w estimate"),
    (8, "Minimum path latency"),
    (10, "Composed MTU"),
    (127, "Token Bucket TSpec"),
    (130, "Guaranteed Service RSpec"),
    (133, "End-to-end composed value for C"),
    (134, "End-to-end composed value for D"),
    (135, "Since-last-reshaping point composed C"),
    (136, "Since-last-reshaping point composed D"),
];

fn addr(cx: &mut Ctx, a: &[u8]) {
    if a.len() == 4 {
        cx.ipv4(a)
    } else {
        cx.ipv6(a)
    }
}

/// `%#x`.
fn alt_hex(cx: &mut Ctx, v: u64) {
    if v == 0 {
        cx.b(b'0');
    } else {
        cx.s("0x");
        fmt::put_hex(cx.out, v);
    }
}

fn l3pid(cx: &mut Ctx, v: u16) {
    cx.s("L3 Protocol ID: ");
    match ethertype_name(v) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown Protocol (");
            hex_fixed(cx, v as u64, 4);
            cx.b(b')');
        }
    }
}

/// The bodies `rsvp.rs` leaves to this file; true to dump it in hex.
pub(super) fn object(cx: &mut Ctx, b: &[u8], class: u8, ctype: u8, ind: &str, i2: &str) -> O<bool> {
    match (class, ctype) {
        (1, 8) => {
            need(cx, b, 36, ind)?;
            cx.s(i2);
            cx.s("IPv6 Tunnel EndPoint: ");
            cx.ipv6(&b[0..16]);
            cx.s(", Tunnel ID: ");
            hex_fixed(cx, be16(b, 18) as u64, 4);
            cx.s(", Extended Tunnel ID: ");
            cx.ipv6(&b[20..36]);
        }
        (1, 11) => {
            need(cx, b, 12, ind)?;
            cx.s(i2);
            cx.s("IPv4 Tunnel EndPoint: ");
            cx.ipv4(&b[0..4]);
            cx.s(", Tunnel ID: ");
            hex_fixed(cx, be16(b, 6) as u64, 4);
            cx.s(", Extended Tunnel ID: ");
            cx.ipv4(&b[8..12]);
        }
        (1, 13) => {
            need(cx, b, 12, ind)?;
            cx.s(i2);
            cx.s("IPv4 P2MP LSP ID: ");
            cx.ipv4(&b[0..4]);
            cx.s(", Tunnel ID: ");
            hex_fixed(cx, be16(b, 6) as u64, 4);
            cx.s(", Extended Tunnel ID: ");
            cx.ipv4(&b[8..12]);
        }
        (10 | 11, 2) => {
            need(cx, b, 20, ind)?;
            cx.s(i2);
            cx.s("Source Address: ");
            cx.ipv6(&b[0..16]);
            cx.s(", Source Port: ");
            cx.u(be16(b, 18) as u64);
        }
        (10, 8) => {
            need(cx, b, 20, ind)?;
            cx.s(i2);
            cx.s("Source Address: ");
            cx.ipv4(&b[0..4]);
            cx.s(", LSP-ID: ");
            hex_fixed(cx, be16(b, 18) as u64, 4);
        }
        (1, 14) => {
            need(cx, b, 28, ind)?;
            cx.s(i2);
            cx.s("IPv6 P2MP LSP ID: ");
            hex_fixed(cx, be32(b, 0) as u64, 8);
            cx.s(", Tunnel ID: ");
            hex_fixed(cx, be16(b, 6) as u64, 4);
            cx.s(", Extended Tunnel ID: ");
            cx.ipv6(&b[8..24]);
        }
        (10, 3) => {
            need(cx, b, 20, ind)?;
            cx.s(i2);
            cx.s("Source Address: ");
            cx.ipv6(&b[0..16]);
            cx.s(", Flow Label: ");
            cx.u((be32(b, 16) & 0x000f_ffff) as u64);
        }
        (10 | 11, 12 | 13) => {
            let al = if ctype == 12 { 4 } else { 16 };
            need(cx, b, 2 * al + 8, ind)?;
            cx.s(i2);
            cx.s(if al == 4 {
                "IPv4 Tunnel Sender Address: "
            } else {
                "IPv6 Tunnel Sender Address: "
            });
            addr(cx, &b[0..al]);
            cx.s(", LSP ID: ");
            hex_fixed(cx, be16(b, al + 2) as u64, 4);
            cx.s(i2);
            cx.s("Sub-Group Originator ID: ");
            addr(cx, &b[al + 4..2 * al + 4]);
            cx.s(", Sub-Group ID: ");
            // The IPv4 form's id is read 2 bytes early, as the snapshot does.
            let sg = if al == 4 { 12 } else { 38 };
            hex_fixed(cx, be16(b, sg) as u64, 4);
        }
        (207, 7) => {
            need(cx, b, 4, ind)?;
            let nl = b[3] as usize;
            need(cx, b, 4 + nl, ind)?;
            cx.s(i2);
            cx.s("Session Name: ");
            for &c in &b[4..4 + nl] {
                fmt::put_safe_char(cx.out, c);
            }
            cx.s(i2);
            cx.s("Setup Priority: ");
            cx.u(b[0] as u64);
            cx.s(", Holding Priority: ");
            cx.u(b[1] as u64);
            cx.s(", Flags: [");
            cx.flag_names(b[2] as u32, SESSION_ATTR_FLAGS);
            cx.s("] (");
            alt_hex(cx, b[2] as u64);
            cx.b(b')');
        }
        (20 | 21, 1) => return route(cx, b, class, i2),
        (204, 1) => {
            need(cx, b, 4, ind)?;
            let count = be16(b, 0);
            let pad = be16(b, 2) as usize;
            cx.s(i2);
            cx.s("TLV count: ");
            cx.u(count as u64);
            cx.s(", padding bytes: ");
            cx.u(pad as u64);
            if pad > b.len() - 4 {
                return Ok(false);
            }
            let area = &b[4..b.len() - pad];
            let mut at = 0;
            // The snapshot reads TLVs until the padding, whatever the count.
            while at + 2 <= area.len() {
                let t = area[at];
                let l = area[at + 1] as usize;
                cx.s(i2);
                cx.s("  ");
                cx.s(match t {
                    1 => "Cos",
                    2 => "Metric 1",
                    4 => "Metric 2",
                    _ => "unknown",
                });
                cx.s(" TLV (");
                hex_fixed(cx, t as u64, 2);
                cx.s("), length: ");
                cx.u(l as u64);
                if l < 2 || l > area.len() - at {
                    cx.s(ind);
                    cx.s("ERROR: property TLV is too short");
                    return Err(Stop::Quiet);
                }
                unknown_data(cx, &area[at + 2..at + l], "\n\t\t", l - 2);
                at += l;
            }
        }
        (4, 1) => {
            need(cx, b, 32, ind)?;
            cx.s(i2);
            cx.s("Key-ID 0x");
            for &c in &b[2..8] {
                fmt::put_hex2(cx.out, c);
            }
            cx.s(", Sequence 0x");
            for &c in &b[8..16] {
                fmt::put_hex2(cx.out, c);
            }
            cx.s(", Flags [");
            cx.flag_names(b[0] as u32, &[(0x80, "Handshake")]);
            cx.b(b']');
            cx.s(i2);
            cx.s("MD5-sum 0x");
            for &c in &b[16..32] {
                fmt::put_hex2(cx.out, c);
            }
            cx.s("  (unchecked)");
        }
        (9 | 12 | 13, 2) => return intserv(cx, b, ind, i2),
        (6, 1..=4) => {
            let al = if ctype & 1 == 1 { 4 } else { 16 };
            need(cx, b, al + 4, ind)?;
            cx.s(i2);
            cx.s("Error Node Address: ");
            addr(cx, &b[0..al]);
            cx.s(", Flags: [");
            hex_fixed(cx, b[al] as u64, 2);
            cx.b(b']');
            let code = b[al + 1];
            let val = be16(b, al + 2);
            cx.s(i2);
            cx.s("Error Code: ");
            match name(ERROR_CODES, code) {
                Some(n) => cx.s(n),
                None => cx.s("unknown"),
            }
            cx.s(" (");
            cx.u(code as u64);
            cx.b(b')');
            if al == 16 {
                return Ok(false);
            }
            cx.s(", ");
            let vn = match code {
                24 => name(ROUTING_ERRORS, val),
                28 => name(DIFFSERV_TE_ERRORS, val),
                _ => None,
            };
            match vn {
                Some(n) => {
                    cx.s("Error Value: ");
                    cx.s(n);
                    cx.s(" (");
                }
                None => cx.s("Unknown Error Value ("),
            }
            cx.u(val as u64);
            cx.b(b')');
        }
        (19, 1) => {
            for w in b.chunks_exact(4) {
                cx.s(i2);
                l3pid(cx, be16(w, 2));
            }
        }
        (19, 2) => {
            need(cx, b, 12, ind)?;
            cx.s(i2);
            l3pid(cx, be16(b, 2));
            if b[4] & 0x80 == 0 {
                cx.s(", merge capability");
            }
            cx.s(i2);
            cx.s("Minimum VPI/VCI: ");
            cx.u((be16(b, 4) & 0x0fff) as u64);
            cx.b(b'/');
            cx.u((be16(b, 6) & 0x0fff) as u64);
            cx.s(i2);
            cx.s("Maximum VPI/VCI: ");
            cx.u((be16(b, 8) & 0x0fff) as u64);
            cx.b(b'/');
            cx.u((be16(b, 10) & 0x0fff) as u64);
        }
        (19, 3) => {
            need(cx, b, 12, ind)?;
            cx.s(i2);
            l3pid(cx, be16(b, 2));
            cx.s(i2);
            cx.s("Minimum/Maximum DLCI: ");
            cx.u((be32(b, 4) & 0x007f_ffff) as u64);
            cx.b(b'/');
            cx.u((be32(b, 8) & 0x007f_ffff) as u64);
            cx.s(", ");
            cx.s(match (be32(b, 4) >> 23) & 3 {
                0 => "10",
                2 => "23",
                _ => "",
            });
            cx.s(" bit DLCI");
        }
        (19, 4) => {
            need(cx, b, 4, ind)?;
            cx.s(i2);
            cx.s("LSP Encoding Type: ");
            cx.s(name(ENCODINGS, b[0]).unwrap_or("Unknown"));
            cx.s(" (");
            cx.u(b[0] as u64);
            cx.b(b')');
            cx.s(i2);
            cx.s("Switching Type: ");
            cx.s(name(SWITCHING, b[1]).unwrap_or("Unknown"));
            cx.s(" (");
            cx.u(b[1] as u64);
            cx.s("), Payload ID: Unknown (");
            hex_fixed(cx, be16(b, 2) as u64, 4);
            cx.b(b')');
        }
        (16 | 34 | 35 | 129, 2) => {
            need(cx, b, 4, ind)?;
            cx.s(i2);
            cx.s("Generalized Label: ");
            cx.u(be32(b, 0) as u64);
        }
        (16 | 34 | 35 | 129, 3) => {
            need(cx, b, 12, ind)?;
            cx.s(i2);
            cx.s("Waveband ID: ");
            cx.u(be32(b, 0) as u64);
            cx.s(i2);
            cx.s("Start Label: ");
            cx.u(be32(b, 4) as u64);
            cx.s(", Stop Label: ");
            cx.u(be32(b, 8) as u64);
        }
        (66 | 125, 1) => {
            need(cx, b, 4, ind)?;
            cx.s(i2);
            cx.s("CT: ");
            cx.u((be32(b, 0) & 0x7) as u64);
        }
        (196, 1) => {
            need(cx, b, 4, ind)?;
            cx.s(i2);
            cx.s("Flags [");
            cx.flag_names(
                be32(b, 0),
                &[
                    (0x8000_0000, "Reflect"),
                    (0x4, "Testing"),
                    (0x2, "Admin-down"),
                    (0x1, "Delete-in-progress"),
                ],
            );
            cx.b(b']');
        }
        (134, 1) => {
            need(cx, b, 4, ind)?;
            let reserved = be32(b, 0) & !7;
            if reserved != 0 {
                cx.s(i2);
                cx.s("[reserved=");
                hex_fixed(cx, reserved as u64, 8);
                cx.s(" must be zero]");
            }
            cx.s(i2);
            cx.s("Flags: [");
            cx.flag_names(
                be32(b, 0),
                &[
                    (0x4, "RecoveryPath Transmit Enabled"),
                    (0x2, "RecoveryPath Desired"),
                    (0x1, "RecoveryPath Srefresh Capable"),
                ],
            );
            cx.b(b']');
        }
        (36, 1) => {
            need(cx, b, 4, ind)?;
            let action = b[0];
            cx.s(i2);
            cx.s("Action: ");
            cx.s(match action {
                0 => "Inclusive list",
                1 => "Exclusive list",
                2 => "Inclusive range",
                3 => "Exclusive range",
                _ => "Unknown",
            });
            cx.s(" (");
            cx.u(action as u64);
            cx.s("), Label type: ");
            cx.u(b[3] as u64);
            let mut at = 4;
            let mut n = 1;
            while at + 4 <= b.len() {
                cx.s(i2);
                cx.s("Subchannel #");
                cx.u(n);
                cx.s(": ");
                cx.u(be32(b, at) as u64);
                at += 4;
                n += 1;
            }
        }
        (205, 1) => {
            need(cx, b, 20, ind)?;
            cx.s(i2);
            cx.s("Setup Priority: ");
            cx.u(b[0] as u64);
            cx.s(", Holding Priority: ");
            cx.u(b[1] as u64);
            cx.s(", Hop-limit: ");
            cx.u(b[2] as u64);
            cx.s(", Bandwidth: ");
            mbps(cx, be32(b, 4));
            cx.s(" Mbps");
            cx.s(i2);
            cx.s("Include-any: ");
            hex_fixed(cx, be32(b, 8) as u64, 8);
            cx.s(", Exclude-any: ");
            hex_fixed(cx, be32(b, 12) as u64, 8);
            cx.s(", Include-all: ");
            hex_fixed(cx, be32(b, 16) as u64, 8);
        }
        (15 | 195 | 50, 1 | 2) => {
            let al = if ctype == 1 { 4 } else { 16 };
            need(cx, b, al, ind)?;
            cx.s(i2);
            cx.s(match (class, al) {
                (15, 4) => "IPv4 Receiver Address: ",
                (15, _) => "IPv6 Receiver Address: ",
                (195, 4) => "IPv4 Notify Node Address: ",
                (195, _) => "IPv6 Notify Node Address: ",
                _ => "Sub-LSP destination address: ",
            });
            addr(cx, &b[0..al]);
        }
        _ => return Ok(true),
    }
    Ok(false)
}

/// The sub-objects of an ERO or RRO (RFC 3209 4.3.3, 4.4.1).
fn route(cx: &mut Ctx, b: &[u8], class: u8, i2: &str) -> O<bool> {
    let mut at = 0;
    while at + 4 <= b.len() {
        let t = b[at] & 0x7f;
        let l = b[at + 1] as usize;
        cx.s(i2);
        cx.s("Subobject Type: ");
        match name(ERO_TYPES, t) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown ");
                cx.u(t as u64);
            }
        }
        cx.s(", length ");
        cx.u(l as u64);
        if l > b.len() - at {
            cx.s(i2);
            cx.s("ERROR: ERO subobject length > object length");
            break;
        }
        if l < 2 {
            cx.s(" (invalid)");
            return Err(Stop::Quiet);
        }
        let s = &b[at..at + l];
        match t {
            1 => {
                if l < 8 {
                    cx.s(" (invalid)");
                    return Err(Stop::Quiet);
                }
                if s[6] != 32 {
                    cx.s(" ERROR: Prefix length ");
                    cx.u(s[6] as u64);
                    cx.s(" != 32 (invalid)");
                    return Err(Stop::Quiet);
                }
                cx.s(", ");
                cx.s(if s[0] & 0x80 != 0 { "Loose" } else { "Strict" });
                cx.s(", ");
                cx.ipv4(&s[2..6]);
                cx.s("/32, Flags: [");
                cx.flag_names(s[7] as u32, RRO_FLAGS);
                cx.b(b']');
            }
            3 => {
                if l < 8 {
                    cx.s(" (invalid)");
                    return Err(Stop::Quiet);
                }
                cx.s(", Flags: [");
                cx.flag_names(s[2] as u32, &[(0x01, "Global")]);
                cx.s("] (");
                alt_hex(cx, s[2] as u64);
                cx.s("), Class-Type: ");
                cx.s(name(CTYPES, (class as u16) << 8 | s[3] as u16).unwrap_or("Unknown"));
                cx.s(" (");
                cx.u(s[3] as u64);
                cx.s("), ");
                cx.u(be32(s, 4) as u64);
            }
            _ => {}
        }
        at += l;
    }
    Ok(false)
}

/// IntServ flowspecs, TSpecs and Adspecs (RFC 2210).
fn intserv(cx: &mut Ctx, b: &[u8], ind: &str, i2: &str) -> O<bool> {
    need(cx, b, 4, ind)?;
    cx.s(i2);
    cx.s("Msg-Version: ");
    cx.u((b[0] >> 4) as u64);
    cx.s(", length: ");
    cx.u((be16(b, 2) as u64) << 2);
    let mut at = 4;
    while at + 4 <= b.len() {
        let st = b[at];
        let slen = (be16(b, at + 2) as usize) << 2;
        cx.s(i2);
        cx.s("Service Type: ");
        match name(SERVICES, st) {
            Some(n) => cx.s(n),
            None => cx.s("unknown"),
        }
        cx.s(" (");
        cx.u(st as u64);
        cx.s("), break bit ");
        cx.s(if b[at + 1] & 0x80 != 0 { "" } else { "not " });
        cx.s("set, Service length: ");
        cx.u(slen as u64);
        at += 4;
        let mut svc_left = slen;
        while svc_left > 0 {
            let left = b.len() - at;
            if left < 4 {
                invalid_len(cx, left, 4);
                break;
            }
            let pid = b[at];
            let pflags = b[at + 1];
            let plen = (be16(b, at + 2) as usize) << 2;
            cx.s(i2);
            cx.s("  Parameter ID: ");
            cx.s(name(PARAMS, pid).unwrap_or("unknown"));
            cx.s(" (");
            cx.u(pid as u64);
            cx.s("), length: ");
            cx.u(plen as u64);
            cx.s(", Flags: [");
            hex_fixed(cx, pflags as u64, 2);
            cx.b(b']');
            if left < 4 + plen {
                invalid_len(cx, left, 4 + plen);
                break;
            }
            let p = &b[at + 4..at + 4 + plen];
            param(cx, pid, p);
            at += 4 + plen;
            svc_left = svc_left.saturating_sub(4 + plen);
        }
    }
    Ok(false)
}

fn invalid_len(cx: &mut Ctx, have: usize, want: usize) {
    cx.s(" [obj_tlen ");
    cx.u(have as u64);
    cx.s(" < ");
    cx.u(want as u64);
    cx.s("] (invalid)");
}

/// One IntServ parameter's value; the unknown ones in hex.
fn param(cx: &mut Ctx, pid: u8, p: &[u8]) {
    let vi = "\n\t\t";
    match (pid, p.len()) {
        (4, 4..) => {
            cx.s(vi);
            cx.s("IS hop count: ");
            cx.u(be32(p, 0) as u64);
        }
        (6, 4..) => {
            cx.s(vi);
            cx.s("Path b/w estimate: ");
            mbps(cx, be32(p, 0));
            cx.s(" Mbps");
        }
        (8, 4..) => {
            cx.s(vi);
            cx.s("Minimum path latency: ");
            let v = be32(p, 0);
            if v == 0xffff_ffff {
                cx.s("don't care");
            } else {
                cx.u(v as u64);
            }
        }
        (10, 4..) => {
            cx.s(vi);
            cx.s("Composed MTU: ");
            cx.u(be32(p, 0) as u64);
            cx.s(" bytes");
        }
        (127, 20..) => {
            cx.s(vi);
            cx.s("Token Bucket Rate: ");
            mbps(cx, be32(p, 0));
            cx.s(" Mbps");
            cx.s(vi);
            cx.s("Token Bucket Size: ");
            cx.s(&fmt_g(f32::from_bits(be32(p, 4)) as f64));
            cx.s(" bytes");
            cx.s(vi);
            cx.s("Peak Data Rate: ");
            mbps(cx, be32(p, 8));
            cx.s(" Mbps");
            cx.s(vi);
            cx.s("Minimum Policed Unit: ");
            cx.u(be32(p, 12) as u64);
            cx.s(" bytes");
            cx.s(vi);
            cx.s("Maximum Packet Size: ");
            cx.u(be32(p, 16) as u64);
            cx.s(" bytes");
        }
        (130, 8..) => {
            cx.s(vi);
            cx.s("Rate: ");
            mbps(cx, be32(p, 0));
            cx.s(" Mbps");
            cx.s(vi);
            cx.s("Slack Term: ");
            cx.u(be32(p, 4) as u64);
        }
        (133..=136, 4..) => {
            cx.s(vi);
            cx.s("Value: ");
            cx.u(be32(p, 0) as u64);
        }
        (4 | 6 | 8 | 10 | 127 | 130 | 133..=136, _) => {}
        _ => {
            if cx.opts.verbose <= 1 {
                unknown_data(cx, p, vi, p.len())
            }
        }
    }
}
