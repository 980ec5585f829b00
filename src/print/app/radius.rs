//! RADIUS (RFC 2865, 2866, 5176, 4675) on UDP ports 1645, 1646, 1812,
//! 1813 and 3799, or `-T radius`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static CODES: &[(u8, &str)] = &[
    (1, "Access-Request"),
    (2, "Access-Accept"),
    (3, "Access-Reject"),
    (4, "Accounting-Request"),
    (5, "Accounting-Response"),
    (6, "Accounting-Status"),
    (11, "Access-Challenge"),
    (12, "Status-Server"),
    (13, "Status-Client"),
    (40, "Disconnect-Request"),
    (41, "Disconnect-ACK"),
    (42, "Disconnect-NAK"),
    (43, "CoA-Request"),
    (44, "CoA-ACK"),
    (45, "CoA-NAK"),
];

static ATTRIBUTES: &[(u8, &str)] = &[
    (1, "User-Name"),
    (2, "User-Password"),
    (3, "CHAP-Password"),
    (4, "NAS-IP-Address"),
    (5, "NAS-Port"),
    (6, "Service-Type"),
    (7, "Framed-Protocol"),
    (8, "Framed-IP-Address"),
    (9, "Framed-IP-Netmask"),
    (10, "Framed-Routing"),
    (11, "Filter-Id"),
    (12, "Framed-MTU"),
    (13, "Framed-Compression"),
    (14, "Login-IP-Host"),
    (15, "Login-Service"),
    (16, "Login-TCP-Port"),
    (17, "Unassigned"),
    (18, "Reply-Message"),
    (19, "Callback-Number"),
    (20, "Callback-Id"),
    (21, "Unassigned"),
    (22, "Framed-Route"),
    (23, "Framed-IPX-Network"),
    (24, "State"),
    (25, "Class"),
    (26, "Vendor-Specific"),
    (27, "Session-Timeout"),
    (28, "Idle-Timeout"),
    (29, "Termination-Action"),
    (30, "Called-Station-Id"),
    (31, "Calling-Station-Id"),
    (32, "NAS-Identifier"),
    (33, "Proxy-State"),
    (34, "Login-LAT-Service"),
    (35, "Login-LAT-Node"),
    (36, "Login-LAT-Group"),
    (37, "Framed-AppleTalk-Link"),
    (38, "Framed-AppleTalk-Network"),
    (39, "Framed-AppleTalk-Zone"),
    (40, "Acct-Status-Type"),
    (41, "Acct-Delay-Time"),
    (42, "Acct-Input-Octets"),
    (43, "Acct-Output-Octets"),
    (44, "Acct-Session-Id"),
    (45, "Acct-Authentic"),
    (46, "Acct-Session-Time"),
    (47, "Acct-Input-Packets"),
    (48, "Acct-Output-Packets"),
    (49, "Acct-Terminate-Cause"),
    (50, "Acct-Multi-Session-Id"),
    (51, "Acct-Link-Count"),
    (52, "Acct-Input-Gigawords"),
    (53, "Acct-Output-Gigawords"),
    (54, "Unassigned"),
    (55, "Event-Timestamp"),
    (56, "Egress-VLANID"),
    (57, "Ingress-Filters"),
    (58, "Egress-VLAN-Name"),
    (59, "User-Priority-Table"),
    (60, "CHAP-Challenge"),
    (61, "NAS-Port-Type"),
    (62, "Port-Limit"),
    (63, "Login-LAT-Port"),
    (64, "Tunnel-Type"),
    (65, "Tunnel-Medium-Type"),
    (66, "Tunnel-Client-Endpoint"),
    (67, "Tunnel-Server-Endpoint"),
    (68, "Acct-Tunnel-Connection"),
    (69, "Tunnel-Password"),
    (70, "ARAP-Password"),
    (71, "ARAP-Features"),
    (72, "ARAP-Zone-Access"),
    (73, "ARAP-Security"),
    (74, "ARAP-Security-Data"),
    (75, "Password-Retry"),
    (76, "Prompt"),
    (77, "Connect-Info"),
    (78, "Configuration-Token"),
    (79, "EAP-Message"),
    (80, "Message-Authenticator"),
    (81, "Tunnel-Private-Group-ID"),
    (82, "Tunnel-Assignment-ID"),
    (83, "Tunnel-Preference"),
    (84, "ARAP-Challenge-Response"),
    (85, "Acct-Interim-Interval"),
    (86, "Acct-Tunnel-Packets-Lost"),
    (87, "NAS-Port-Id"),
    (88, "Framed-Pool"),
    (89, "CUI"),
    (90, "Tunnel-Client-Auth-ID"),
    (91, "Tunnel-Server-Auth-ID"),
    (92, "NAS-Filter-Rule"),
    (93, "Unassigned"),
    (94, "Originating-Line-Info"),
    (95, "NAS-IPv6-Address"),
    (96, "Framed-Interface-ID"),
    (97, "Framed-IPv6-Prefix"),
    (98, "Login-IPv6-Host"),
    (99, "Framed-IPv6-Route"),
    (100, "Framed-IPv6-Pool"),
    (101, "Error-Cause"),
    (102, "EAP-Key-Name"),
    (103, "Digest-Response"),
    (104, "Digest-Realm"),
    (105, "Digest-Nonce"),
    (106, "Digest-Response-Auth"),
    (107, "Digest-Nextnonce"),
    (108, "Digest-Method"),
    (109, "Digest-URI"),
    (110, "Digest-Qop"),
    (111, "Digest-Algorithm"),
    (112, "Digest-Entity-Body-Hash"),
    (113, "Digest-CNonce"),
    (114, "Digest-Nonce-Count"),
    (115, "Digest-Username"),
    (116, "Digest-Opaque"),
    (117, "Digest-Auth-Param"),
    (118, "Digest-AKA-Auts"),
    (119, "Digest-Domain"),
    (120, "Digest-Stale"),
    (121, "Digest-HA1"),
    (122, "SIP-AOR"),
    (123, "Delegated-IPv6-Prefix"),
    (124, "MIP6-Feature-Vector"),
    (125, "MIP6-Home-Link-Prefix"),
    (126, "Operator-Name"),
    (127, "Location-Information"),
    (128, "Location-Data"),
    (129, "Basic-Location-Policy-Rules"),
];

static SERVICE_TYPES: [&str; 12] = [
    "",
    "Login",
    "Framed",
    "Callback Login",
    "Callback Framed",
    "Outbound",
    "Administrative",
    "NAS Prompt",
    "Authenticate only",
    "Callback NAS Prompt",
    "Call Check",
    "Callback Administrative",
];

static PORT_TYPES: [&str; 20] = [
    "Async",
    "Sync",
    "ISDN Sync",
    "ISDN Async V.120",
    "ISDN Async V.110",
    "Virtual",
    "PIAFS",
    "HDLC Clear Channel",
    "X.25",
    "X.75",
    "G.3 Fax",
    "SDSL",
    "ADSL-CAP",
    "ADSL-DMT",
    "ISDN-DSL",
    "Ethernet",
    "xDSL",
    "Cable",
    "Wireless - Other",
    "Wireless - IEEE 802.11",
];

/// Bytes up to a NUL as printable characters, `.` for the others.
fn chars(cx: &mut Ctx, b: &[u8]) {
    for &c in b.iter().take_while(|&&c| c != 0) {
        cx.b(if (0x20..0x7f).contains(&c) { c } else { b'.' });
    }
}

/// Seconds as `SS secs`, `MM:SS min` or `H:MM:SS hours`.
fn duration(cx: &mut Ctx, secs: u32) {
    let two = |cx: &mut Ctx, n: u32| fmt::put_padded_u64(cx.out, n as u64, 2, b'0');
    if secs < 60 {
        two(cx, secs);
        cx.s(" secs");
    } else if secs < 3600 {
        two(cx, secs / 60);
        cx.b(b':');
        two(cx, secs % 60);
        cx.s(" min");
    } else {
        two(cx, secs / 3600);
        cx.b(b':');
        two(cx, secs % 3600 / 60);
        cx.b(b':');
        two(cx, secs % 60);
        cx.s(" hours");
    }
}

fn vlan_tag(cx: &mut Ctx, tag: u8) {
    cx.s(match tag {
        0x31 => "Tagged",
        0x32 => "Untagged",
        _ => "Unknown tag",
    });
    cx.s(" (0x");
    fmt::put_hex2(cx.out, tag);
    cx.s(") ");
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "radius";
    let d = p.body;
    if p.length < 20 {
        cx.s("RADIUS [length ");
        cx.u(p.length as u64);
        cx.s(" < 20] (invalid)");
        return Ok(true);
    }
    let code = d.u8_at(0)?;
    let id = d.u8_at(1)?;
    let len = d.be16(2)? as usize;
    let bad = if len < 20 {
        Some(("<", 20))
    } else if len > 4096 {
        Some((">", 4096))
    } else if len > p.length {
        Some((">", p.length))
    } else {
        None
    };
    if let Some((op, m)) = bad {
        cx.s("RADIUS");
        cx.bad_len("length", len as u64, op, m as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    let name = tables::lookup(CODES, code).unwrap_or("Unknown Command");
    if cx.opts.verbose == 0 {
        cx.s("RADIUS, ");
        cx.s(name);
        cx.s(" (");
        cx.u(code as u64);
        cx.s("), id: 0x");
        fmt::put_hex2(cx.out, id);
        cx.s(", length: ");
        cx.u(len as u64);
        return Ok(true);
    }
    cx.s("RADIUS, length: ");
    cx.u(len as u64);
    cx.s("\n\t");
    cx.s(name);
    cx.s(" (");
    cx.u(code as u64);
    cx.s("), id: 0x");
    fmt::put_hex2(cx.out, id);
    cx.s(", Authenticator: ");
    for &b in d.range(4, 16)? {
        fmt::put_hex2(cx.out, b);
    }
    let mut at = 20;
    while at + 2 <= len {
        let t = d.u8_at(at)?;
        let l = d.u8_at(at + 1)? as usize;
        cx.s("\n\t  ");
        cx.s(tables::lookup(ATTRIBUTES, t).unwrap_or("Unknown"));
        cx.s(" Attribute (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(l as u64);
        if l < 2 {
            cx.bad_len("length", l as u64, "<", 2);
            cx.s(" (invalid)");
            return Ok(true);
        }
        cx.s(", Value: ");
        let v = d.range(at + 2, l - 2)?;
        attribute(cx, t, v)?;
        at += l;
    }
    Ok(true)
}

fn attribute(cx: &mut Ctx, t: u8, v: &[u8]) -> R {
    match t {
        4 | 9 | 14 if v.len() == 4 => cx.ipv4(v),
        8 if v.len() == 4 => match v.be32(0)? {
            0xffff_ffff => cx.s("User Selected"),
            0xffff_fffe => cx.s("NAS Select"),
            _ => cx.ipv4(v),
        },
        5 | 12 | 16 | 23 | 37 | 38 | 42 | 43 | 47 | 48 | 51 | 52 | 53 | 62 | 75 | 86
            if v.len() == 4 =>
        {
            cx.u(v.be32(0)? as u64)
        }
        27 | 28 | 46 | 85 if v.len() == 4 => duration(cx, v.be32(0)?),
        6 if v.len() == 4 => {
            let s = v.be32(0)?;
            match SERVICE_TYPES.get(s as usize).filter(|n| !n.is_empty()) {
                Some(n) => cx.s(n),
                None => {
                    cx.b(b'#');
                    cx.u(s as u64);
                }
            }
        }
        61 if v.len() == 4 => {
            let s = v.be32(0)?;
            match PORT_TYPES.get(s as usize) {
                Some(n) => cx.s(n),
                None => {
                    cx.b(b'#');
                    cx.u(s as u64);
                }
            }
        }
        56 if v.len() == 4 => {
            vlan_tag(cx, v[0]);
            cx.u((v.be32(0)? & 0x0fff) as u64);
        }
        57 if v.len() == 4 => match v.be32(0)? {
            1 => cx.s("Enabled"),
            2 => cx.s("Disabled"),
            n => {
                cx.b(b'#');
                cx.u(n as u64);
            }
        },
        58 if !v.is_empty() => {
            vlan_tag(cx, v[0]);
            chars(cx, &v[1..]);
        }
        // Hidden or binary values are not shown.
        2 | 59 => {}
        79 => eap(cx, v)?,
        _ => chars(cx, v),
    }
    Ok(())
}

/// An EAP message (RFC 3748) in an EAP-Message attribute.
fn eap(cx: &mut Ctx, v: &[u8]) -> R {
    let code = v.u8_at(0)?;
    cx.s(match code {
        1 => "Request",
        2 => "Response",
        3 => "Success",
        4 => "Failure",
        _ => "unknown",
    });
    cx.s(" (");
    cx.u(code as u64);
    cx.s("), id ");
    cx.u(v.u8_at(1)? as u64);
    cx.s(", len ");
    let len = v.be16(2)? as usize;
    cx.u(len as u64);
    if (code == 1 || code == 2) && len > 4 {
        let t = v.u8_at(4)?;
        cx.s("\n\t\t Type ");
        cx.s(match t {
            1 => "Identity",
            2 => "Notification",
            3 => "Nak",
            4 => "MD5-challenge",
            5 => "OTP",
            6 => "GTC",
            13 => "TLS",
            21 => "TTLS",
            25 => "PEAP",
            _ => "unknown",
        });
        cx.s(" (");
        cx.u(t as u64);
        cx.b(b')');
        if t == 1 {
            cx.s(", Identity: ");
            let id = v.get(5..len.min(v.len())).unwrap_or(&[]);
            for &c in id {
                fmt::put_safe_char(cx.out, c);
            }
        }
    }
    Ok(())
}
