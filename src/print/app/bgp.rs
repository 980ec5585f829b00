//! BGP-4 (RFC 4271) on TCP port 179: `: BGP`, and with `-v` every
//! message: OPEN with its capabilities, UPDATE (in `bgp_update.rs`),
//! NOTIFICATION, KEEPALIVE, ROUTE-REFRESH.

use super::bgp_update;
use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const HEADER: usize = 19;

static MESSAGES: &[(u8, &str)] = &[
    (1, "Open"),
    (2, "Update"),
    (3, "Notification"),
    (4, "Keepalive"),
    (5, "Route Refresh"),
];

/// BGP's address families beyond the first 16.
static AFI_EXTRA: &[(u16, &str)] = &[(25, "VPLS"), (16388, "Link State")];

/// The name of a BGP AFI.
pub fn afi_name(afi: u16) -> Option<&'static str> {
    tables::address_family(u32::from(afi)).or_else(|| tables::lookup(AFI_EXTRA, afi))
}

pub static SAFIS: &[(u8, &str)] = &[
    (0, "Reserved"),
    (1, "Unicast"),
    (2, "Multicast"),
    (3, "Unicast+Multicast"),
    (4, "labeled Unicast"),
    (5, "Multicast VPN"),
    (65, "VPLS"),
    (66, "MDT"),
    (70, "EVPN"),
    (71, "Link State"),
    (128, "labeled VPN Unicast"),
    (129, "labeled VPN Multicast"),
    (132, "Route Target Routing Information"),
    (133, "Flow Spec"),
];

static CAPABILITIES: &[(u8, &str)] = &[
    (1, "Multiprotocol Extensions"),
    (2, "Route Refresh"),
    (3, "Cooperative Route Filtering"),
    (4, "Multiple Routes to a Destination"),
    (5, "Extended Next Hop Encoding"),
    (6, "BGP Extended Message"),
    (7, "BGPsec"),
    (8, "Multiple Labels"),
    (9, "Role Capability"),
    (64, "Graceful Restart"),
    (65, "32-Bit AS Number"),
    (67, "Dynamic Capability"),
    (68, "Multisession BGP"),
    (69, "Multiple Paths"),
    (70, "Enhanced Route Refresh"),
    (71, "Long-lived Graceful Restart"),
    (128, "Route Refresh (Cisco)"),
];

static ERRORS: &[(u8, &str)] = &[
    (1, "Message Header Error"),
    (2, "OPEN Message Error"),
    (3, "UPDATE Message Error"),
    (4, "Hold Timer Expired"),
    (5, "Finite State Machine Error"),
    (6, "Cease"),
    (7, "ROUTE-REFRESH Message Error"),
    (8, "Send Hold Timer Expired"),
];

static FSM_ERRORS: &[(u8, &str)] = &[
    (0, "Unspecified Error"),
    (1, "In OpenSent State"),
    (2, "In OpenConfirm State"),
    (3, "In Established State"),
];

static REFRESH_ERRORS: &[(u8, &str)] = &[(1, "Invalid Message Length")];

static CEASE: &[(u8, &str)] = &[
    (1, "Maximum Number of Prefixes Reached"),
    (2, "Administrative Shutdown"),
    (3, "Peer Unconfigured"),
    (4, "Administrative Reset"),
    (5, "Connection Rejected"),
    (6, "Other Configuration Change"),
    (7, "Connection Collision Resolution"),
    (8, "Out of Resources"),
    (9, "Hard Reset"),
    (10, "BFD Down"),
];

static HEADER_ERRORS: &[(u8, &str)] = &[
    (1, "Connection Not Synchronized"),
    (2, "Bad Message Length"),
    (3, "Bad Message Type"),
];

static OPEN_ERRORS: &[(u8, &str)] = &[
    (1, "Unsupported Version Number"),
    (2, "Bad Peer AS"),
    (3, "Bad BGP Identifier"),
    (4, "Unsupported Optional Parameter"),
    (5, "Authentication Failure"),
    (6, "Unacceptable Hold Time"),
    (7, "Capability Message Error"),
];

static UPDATE_ERRORS: &[(u8, &str)] = &[
    (1, "Malformed Attribute List"),
    (2, "Unrecognized Well-known Attribute"),
    (3, "Missing Well-known Attribute"),
    (4, "Attribute Flags Error"),
    (5, "Attribute Length Error"),
    (6, "Invalid ORIGIN Attribute"),
    (7, "AS Routing Loop"),
    (8, "Invalid NEXT_HOP Attribute"),
    (9, "Optional Attribute Error"),
    (10, "Invalid Network Field"),
    (11, "Malformed AS_PATH"),
];

/// `AFI IPv4 (1), SAFI Unicast (1)` (capability style).
pub fn afi_safi(cx: &mut Ctx, afi: u16, safi: u8, colons: bool) {
    // The capability style says plain "Unknown".
    let unknown = |what| if colons { what } else { "Unknown" };
    cx.s(if colons { "AFI: " } else { "AFI " });
    cx.s(afi_name(afi).unwrap_or(unknown("Unknown AFI")));
    cx.s(" (");
    cx.u(afi as u64);
    cx.s(if colons { "), SAFI: " } else { "), SAFI " });
    cx.s(tables::lookup(SAFIS, safi).unwrap_or(unknown("Unknown SAFI")));
    cx.s(" (");
    cx.u(safi as u64);
    cx.b(b')');
}

/// An AS number, asplain or (with -b) asdot.
pub fn as_number(cx: &mut Ctx, asn: u32) {
    if cx.opts.bgp_asdot && asn > 0xffff {
        cx.u((asn >> 16) as u64);
        cx.b(b'.');
        cx.u((asn & 0xffff) as u64);
    } else {
        cx.u(asn as u64);
    }
}

pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "bgp";
    cx.s(": BGP");
    if cx.opts.verbose == 0 {
        return Ok(true);
    }
    let d = p.body;
    let ep = d.len().min(p.length);
    // Messages are found by their marker of all ones; bytes before one
    // are skipped (and the skip is shown as a truncation).
    let mut at = 0;
    let mut start = 0;
    while at < ep {
        if d[at] != 0xff {
            at += 1;
            continue;
        }
        if !d.has(at, 16) {
            break;
        }
        if d[at..at + 16].iter().any(|&b| b != 0xff) {
            at += 1;
            continue;
        }
        // A cut header ends the messages with the marker (a normal end).
        let Ok(m) = d.range(at, HEADER) else {
            cx.trunc_marker();
            return Ok(true);
        };
        if start != at {
            cx.trunc_marker();
        }
        let len = m.be16(16)? as usize;
        let t = m[18];
        if len < HEADER {
            cx.s("\nmessage length ");
            cx.u(len as u64);
            cx.s(" < 19 (invalid)");
            break;
        }
        // A message not all in the payload (or the capture) is only named.
        let Ok(msg) = d.range(at, len) else {
            cx.s("\n[|BGP ");
            cx.s(tables::lookup(MESSAGES, t).unwrap_or("Unknown Message Type"));
            cx.b(b']');
            break;
        };
        message(cx, msg, &d[at..], len, t)?;
        at += len;
        start = at;
    }
    Ok(true)
}

/// One message (header included); `rest` is the message followed by the
/// rest of the capture.
fn message(cx: &mut Ctx, msg: &[u8], rest: &[u8], len: usize, t: u8) -> R {
    cx.s("\n\t");
    match tables::lookup(MESSAGES, t) {
        Some(n) => cx.s(n),
        None => cx.s("Unknown"),
    }
    cx.s(" Message (");
    cx.u(t as u64);
    cx.s("), length: ");
    cx.u(len as u64);
    match t {
        1 => open(cx, &msg[HEADER..], &rest[HEADER..])?,
        2 => {
            // The update printer stops at its own truncation and lets the
            // next message be printed.
            if bgp_update::update(cx, &msg[HEADER..], &rest[HEADER..]).is_err() {
                cx.trunc_marker();
            }
        }
        3 => notification(cx, &msg[HEADER..])?,
        // A refresh message too short for its AFI/SAFI is only named.
        5 if msg.len() < HEADER + 4 => {}
        5 => {
            cx.s("\n\t  ");
            afi_safi(cx, msg.be16(HEADER)?, msg.u8_at(HEADER + 3)?, false);
            // RFC 7313 subtypes.
            let subtype = msg.u8_at(HEADER + 2)?;
            cx.s(", Subtype ");
            cx.s(match subtype {
                0 => "Normal route refresh request",
                1 => "Demarcation of the beginning of a route refresh",
                2 => "Demarcation of the ending of a route refresh",
                _ => "Unknown",
            });
            cx.s(" (");
            cx.u(subtype as u64);
            cx.b(b')');
            if cx.opts.verbose > 1 {
                hexdump::hex(cx.out, b"\n\t  ", msg, 0);
            }
        }
        _ if tables::lookup(MESSAGES, t).is_none() => {
            cx.s("\n\t  no Message ");
            cx.u(t as u64);
            cx.s(" decoder");
            hexdump::hex(cx.out, b"\n\t  ", msg, 0);
        }
        _ => {}
    }
    Ok(())
}

/// `ext` is the message's body followed by the rest of the capture: the
/// optional parameters are read to their stated length, even past the
/// message.
fn open(cx: &mut Ctx, b: &[u8], ext: &[u8]) -> R {
    cx.s("\n\t  Version ");
    cx.u(b.u8_at(0)? as u64);
    cx.s(", my AS ");
    as_number(cx, b.be16(1)? as u32);
    cx.s(", Holdtime ");
    cx.u(b.be16(3)? as u64);
    cx.s("s, ID ");
    cx.ipv4(b.range(5, 4)?);
    let plen = b.u8_at(9)? as usize;
    cx.s("\n\t  Optional parameters, length: ");
    cx.u(plen as u64);
    let params = ext.get(10..).unwrap_or(&[]);
    let mut at = 0;
    while at + 2 <= plen {
        // The option header's own check ends the message with the marker.
        if !params.has(at, 2) {
            cx.trunc_marker();
            return Ok(());
        }
        let t = params.u8_at(at)?;
        let l = params.u8_at(at + 1)? as usize;
        if at + 2 + l > plen {
            cx.s("\n\t     Option ");
            cx.u(t as u64);
            cx.s(", length: ");
            cx.u(l as u64);
            cx.s(", goes past the end of the options");
            break;
        }
        cx.s("\n\t    Option ");
        cx.s(match t {
            1 => "Authentication Information",
            2 => "Capabilities Advertisement",
            _ => "Unknown",
        });
        cx.s(" (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(l as u64);
        let v = params.range(at + 2, l)?;
        if t == 2 {
            // A capability running past the capture ends with the
            // marker, and the next option still prints.
            if capabilities(cx, v, params.get(at + 2..).unwrap_or(&[])).is_err() {
                cx.trunc_marker();
            }
        } else {
            cx.s("\n\t      no decoder for option ");
            cx.u(t as u64);
        }
        at += 2 + l;
    }
    Ok(())
}

/// The capabilities of one option; `ext` is the option's value followed
/// by the rest of the message (a capability may run past its option).
fn capabilities(cx: &mut Ctx, v: &[u8], ext: &[u8]) -> R {
    let mut at = 0;
    while at + 2 <= v.len() {
        let code = ext[at];
        let len = ext[at + 1] as usize;
        cx.s("\n\t      ");
        cx.s(tables::lookup(CAPABILITIES, code).unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(code as u64);
        cx.s("), length: ");
        cx.u(len as u64);
        let c = ext.range(at + 2, len)?;
        let decoded = matches!(code, 1 | 2 | 6 | 7 | 8 | 9 | 64 | 65 | 69 | 70 | 71 | 128);
        // A value too short for its fields ends the option's list.
        let least = match code {
            1 | 65 => 4,
            64 => 2,
            9 => 1,
            _ => 0,
        };
        if len < least {
            cx.s(" (too short, < ");
            cx.u(least as u64);
            cx.b(b')');
            return Ok(());
        }
        match code {
            1 if len == 4 => {
                cx.s("\n\t\t");
                afi_safi(cx, c.be16(0)?, c[3], false);
            }
            64 if len >= 2 => {
                let f = c.be16(0)?;
                cx.s("\n\t\tRestart Flags: [");
                let mut any = false;
                for (bit, n) in [(0x8000u16, "R"), (0x4000, "N")] {
                    if f & bit != 0 {
                        if any {
                            cx.s(", ");
                        }
                        cx.s(n);
                        any = true;
                    }
                }
                if !any {
                    cx.s("none");
                }
                cx.s("], Restart Time ");
                cx.u((f & 0x0fff) as u64);
                cx.b(b's');
                for e in c[2..].chunks_exact(4) {
                    cx.s("\n\t\t  ");
                    afi_safi(cx, u16::from_be_bytes([e[0], e[1]]), e[2], false);
                    cx.s(", Forwarding state preserved: ");
                    cx.s(if e[3] & 0x80 != 0 { "yes" } else { "no" });
                }
            }
            7 if len != 3 => {
                cx.s(" [");
                cx.u(len as u64);
                cx.s(" != 3]");
                return Ok(());
            }
            8 => {
                for e in c.chunks_exact(4) {
                    cx.s("\n\t\t");
                    afi_safi(cx, u16::from_be_bytes([e[0], e[1]]), e[2], false);
                    cx.s(", Count: ");
                    cx.u(e[3] as u64);
                }
            }
            7 => {
                let dir = (c[0] >> 3) & 1;
                let afi = c.be16(1)?;
                cx.s("\n\t\tVersion ");
                cx.u((c[0] & 0xf0) as u64);
                cx.s(", Direction ");
                cx.s(if dir == 1 { "Send" } else { "Receive" });
                cx.s(" (");
                cx.u(dir as u64);
                cx.s("), AFI ");
                // The snapshot reads the AFI table as bit flags here.
                let mut any = false;
                for &(val, name) in tables::ADDRESS_FAMILIES.iter().chain(AFI_EXTRA) {
                    if val != 0 && afi & val == val {
                        if any {
                            cx.s(", ");
                        }
                        cx.s(name);
                        any = true;
                    }
                }
                if !any {
                    cx.s("Unknown");
                }
                cx.s(" (");
                cx.u(afi as u64);
                cx.b(b')');
            }
            9 => {
                cx.s("\n\t\tRole name ");
                cx.s(match c[0] {
                    0 => "Provider",
                    1 => "RS",
                    2 => "RS-Client",
                    3 => "Customer",
                    4 => "Peer",
                    _ => "Unassigned",
                });
                cx.s(" (");
                cx.u(c[0] as u64);
                cx.b(b')');
            }
            65 => {
                cx.s("\n\t\t 4 Byte AS ");
                as_number(cx, c.be32(0)?);
            }
            69 if len == 0 => cx.s(" (bogus)"),
            69 => {
                for e in c.chunks_exact(4) {
                    cx.s("\n\t\t");
                    afi_safi(cx, u16::from_be_bytes([e[0], e[1]]), e[2], false);
                    cx.s(", Send/Receive: ");
                    let sr = match e[3] {
                        1 => "Receive",
                        2 => "Send",
                        3 => "Both",
                        _ => "",
                    };
                    if sr.is_empty() {
                        cx.s("Bogus (0x");
                        fmt::put_hex2(cx.out, e[3]);
                        cx.b(b')');
                    } else {
                        cx.s(sr);
                    }
                }
                if len % 4 != 0 {
                    cx.s(" (invalid)");
                }
            }
            _ if !decoded => {
                cx.s("\n\t\tno decoder for Capability ");
                cx.u(code as u64);
                if !c.is_empty() {
                    hexdump::hex(cx.out, b"\n\t\t", c, 0);
                }
            }
            _ => {}
        }
        if decoded && cx.opts.verbose > 1 && !c.is_empty() && !(code == 1 && len < 4) {
            hexdump::hex(cx.out, b"\n\t\t", c, 0);
        }
        at += 2 + len;
    }
    Ok(())
}

fn notification(cx: &mut Ctx, b: &[u8]) -> R {
    let code = b.u8_at(0)?;
    let sub = b.u8_at(1)?;
    error_code(cx, code, sub, &b[2..]);
    Ok(())
}

/// The error code and subcode, and what the cease subcodes carry: the
/// prefix limit (RFC 4486), the shutdown communication (RFC 9003), the
/// error behind a hard reset (RFC 8538).
fn error_code(cx: &mut Ctx, code: u8, sub: u8, data: &[u8]) {
    cx.s(", ");
    cx.s(tables::lookup(ERRORS, code).unwrap_or("Unknown Error"));
    cx.s(" (");
    cx.u(code as u64);
    cx.b(b')');
    // The FSM and ROUTE-REFRESH subcodes follow without a comma.
    let (subs, sep) = match code {
        1 => (HEADER_ERRORS, ", "),
        2 => (OPEN_ERRORS, ", "),
        3 => (UPDATE_ERRORS, ", "),
        5 => (FSM_ERRORS, " "),
        6 => (CEASE, ", "),
        7 => (REFRESH_ERRORS, " "),
        _ => {
            if sub != 0 {
                cx.s(", subcode ");
                cx.u(sub as u64);
            }
            return;
        }
    };
    cx.s(sep);
    cx.s("subcode ");
    cx.s(tables::lookup(subs, sub).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(sub as u64);
    cx.b(b')');
    if code != 6 {
        return;
    }
    match sub {
        1 if data.len() >= 7 => {
            cx.s(", ");
            afi_safi(cx, data.be16(0).unwrap_or(0), data[2], false);
            cx.s(", Max Prefixes: ");
            cx.u(data.be32(3).unwrap_or(0) as u64);
        }
        2 | 4 if !data.is_empty() => {
            let n = data[0] as usize;
            let mut used = 0;
            if n > data.len() - 1 {
                cx.s(", invalid Shutdown Communication length");
            } else if n == 0 {
                cx.s(", empty Shutdown Communication");
                used = 1;
            } else {
                cx.s(", Shutdown Communication (length: ");
                cx.u(n as u64);
                cx.s("): \"");
                for &c in &data[1..1 + n] {
                    crate::print::core::fmt::put_safe_char(cx.out, c);
                }
                cx.b(b'"');
                used = n + 1;
            }
            if data.len() > used {
                cx.s(", Data: (length: ");
                cx.u((data.len() - used) as u64);
                cx.b(b')');
                hexdump::hex(cx.out, b"\n\t\t", &data[used..], 0);
            }
        }
        9 if data.len() >= 2 => error_code(cx, data[0], data[1], &data[2..]),
        _ => {}
    }
}
