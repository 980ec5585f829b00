//! RADIUS (RFC 2865, 2866, 5176, 4675) on UDP ports 1645, 1646, 1812,
//! 1813 and 3799, or `-T radius`.

use crate::print::core::prelude::*;
use crate::print::core::timestamp;
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

// Values of enumerated attributes, as tcpdump names them.
static FRAMED_PROTOCOLS: &[(u32, &str)] = &[
    (1, "PPP"),
    (2, "SLIP"),
    (3, "ARAP"),
    (4, "Gandalf proprietary"),
    (5, "Xylogics IPX/SLIP"),
    (6, "X.75 Synchronous"),
    (7, "GPRS PDP Context"),
];
static FRAMED_ROUTING: &[(u32, &str)] =
    &[(0, "None"), (1, "Send"), (2, "Listen"), (3, "Send&Listen")];
static FRAMED_COMPRESSION: &[(u32, &str)] =
    &[(0, "None"), (1, "VJ TCP/IP"), (2, "IPX"), (3, "Stac-LZS")];
static LOGIN_SERVICES: &[(u32, &str)] = &[
    (0, "Telnet"),
    (1, "Rlogin"),
    (2, "TCP Clear"),
    (3, "PortMaster(proprietary)"),
    (4, "LAT"),
    (5, "X.25-PAD"),
    (6, "X.25-T3POS"),
    (7, "Unassigned"),
    (8, "TCP Clear Quiet"),
];
static TERMINATION_ACTIONS: &[(u32, &str)] = &[(0, "Default"), (1, "RADIUS-Request")];
static ACCT_STATUS_TYPES: &[(u32, &str)] = &[
    (1, "Start"),
    (2, "Stop"),
    (3, "Interim-Update"),
    (4, "Unassigned"),
    (5, "Unassigned"),
    (6, "Unassigned"),
    (7, "Accounting-On"),
    (8, "Accounting-Off"),
    (9, "Tunnel-Start"),
    (10, "Tunnel-Stop"),
    (11, "Tunnel-Reject"),
    (12, "Tunnel-Link-Start"),
    (13, "Tunnel-Link-Stop"),
    (14, "Tunnel-Link-Reject"),
    (15, "Failed"),
];
static ACCT_AUTHENTIC: &[(u32, &str)] =
    &[(1, "RADIUS"), (2, "Local"), (3, "Remote"), (4, "Diameter")];
static TERMINATE_CAUSES: &[(u32, &str)] = &[
    (1, "User Request"),
    (2, "Lost Carrier"),
    (3, "Lost Service"),
    (4, "Idle Timeout"),
    (5, "Session Timeout"),
    (6, "Admin Reset"),
    (7, "Admin Reboot"),
    (8, "Port Error"),
    (9, "NAS Error"),
    (10, "NAS Request"),
    (11, "NAS Reboot"),
    (12, "Port Unneeded"),
    (13, "Port Preempted"),
    (14, "Port Suspended"),
    (15, "Service Unavailable"),
    (16, "Callback"),
    (17, "User Error"),
    (18, "Host Request"),
    (19, "Supplicant Restart"),
    (20, "Reauthentication Failure"),
    (21, "Port Reinitialized"),
    (22, "Port Administratively Disabled"),
    (23, "Lost Power"),
];
static ARAP_ZONE_ACCESS: &[(u32, &str)] = &[
    (1, "Only access to dfl zone"),
    (2, "Use zone filter inc."),
    (3, "Not used"),
    (4, "Use zone filter exc."),
];
static PROMPTS: &[(u32, &str)] = &[(0, "No Echo"), (1, "Echo")];
static TUNNEL_TYPES: &[(u32, &str)] = &[
    (1, "PPTP"),
    (2, "L2F"),
    (3, "L2TP"),
    (4, "ATMP"),
    (5, "VTP"),
    (6, "AH"),
    (7, "IP-IP"),
    (8, "MIN-IP-IP"),
    (9, "ESP"),
    (10, "GRE"),
    (11, "DVS"),
    (12, "IP-in-IP Tunneling"),
    (13, "VLAN"),
];

/// An enumerated value: its name or `#N`.
fn enum_value(cx: &mut Ctx, table: &[(u32, &'static str)], v: u32) {
    match tables::lookup(table, v) {
        Some(n) => cx.s(n),
        None => {
            cx.b(b'#');
            cx.u(v as u64);
        }
    }
}

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
    cx.s("RADIUS");
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
        cx.bad_len("length", len as u64, op, m as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    let name = tables::lookup(CODES, code).unwrap_or("Unknown Command");
    if cx.opts.verbose == 0 {
        cx.s(", ");
        cx.s(name);
        cx.s(" (");
        cx.u(code as u64);
        cx.s("), id: 0x");
        fmt::put_hex2(cx.out, id);
        cx.s(", length: ");
        cx.u(len as u64);
        // The authenticator completes the header.
        if !d.has(0, 20) {
            return Err(Trunc);
        }
        return Ok(true);
    }
    cx.s(", length: ");
    cx.u(len as u64);
    cx.s("\n\t");
    cx.s(name);
    cx.s(" (");
    cx.u(code as u64);
    cx.s("), id: 0x");
    fmt::put_hex2(cx.out, id);
    cx.s(", Authenticator: ");
    for &b in d.get(4..20.min(d.len())).unwrap_or(&[]) {
        fmt::put_hex2(cx.out, b);
    }
    d.range(4, 16)?;
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
        if l > len - at {
            cx.bad_len("length", l as u64, ">", (len - at) as u64);
            cx.s(" (invalid)");
            return Ok(true);
        }
        cx.s(", Value: ");
        let Ok(v) = d.range(at + 2, l - 2) else {
            // What is captured of the value shows before the marker.
            let part = d.get(at + 2..).unwrap_or(&[]);
            if t == 79 {
                eap_attribute(cx, part, l - 2)?;
            } else if t == 56 || t == 58 {
                // The VLAN's tag indicator shows alone (and a name as far
                // as captured).
                if let Some((&tag, rest)) = part.split_first() {
                    vlan_tag(cx, tag);
                    if t == 58 {
                        chars(cx, rest);
                    }
                }
            } else if !hidden(t) && !four_bytes(t) {
                chars(cx, part);
            }
            return Err(Trunc);
        };
        attribute(cx, t, v)?;
        at += l;
    }
    Ok(true)
}

/// Attributes holding one 32-bit value (address, number, duration or
/// enumeration).
fn four_bytes(t: u8) -> bool {
    matches!(
        t,
        4..=10
            | 12..=16
            | 23
            | 27..=29
            | 37
            | 38
            | 40..=43
            | 45..=49
            | 51..=53
            | 55
            | 62
            | 72
            | 75
            | 76
            | 85
            | 86
    )
}

/// Attributes whose values are not shown (hidden, binary or unknown).
fn hidden(t: u8) -> bool {
    matches!(
        t,
        0 | 2 | 3 | 17 | 21 | 54 | 59 | 93 | 94 | 96 | 102 | 130..
    )
}

/// The fixed or minimum length a binary attribute must have.
fn length_rule(t: u8) -> Option<(&'static str, usize)> {
    Some(match t {
        70 | 95 | 98 => ("!=", 16),
        71 => ("!=", 14),
        84 | 124 => ("!=", 8),
        125 => ("!=", 17),
        127 => ("<", 21),
        129 => ("<", 10),
        _ => return None,
    })
}

fn attribute(cx: &mut Ctx, t: u8, v: &[u8]) -> R {
    if four_bytes(t) && !v.is_empty() && v.len() != 4 {
        cx.bad_len("length", v.len() as u64, "!=", 4);
        cx.s(" (invalid)");
        return Ok(());
    }
    if let Some((op, n)) = length_rule(t) {
        let bad = if op == "!=" {
            v.len() != n
        } else {
            v.len() < n
        };
        if bad {
            cx.bad_len("length", v.len() as u64, op, n as u64);
            cx.s(" (invalid)");
            return Ok(());
        }
    }
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
        27 | 28 | 41 | 46 | 85 if v.len() == 4 => duration(cx, v.be32(0)?),
        55 if v.len() == 4 => timestamp::put_local_ctime(cx.out, v.be32(0)? as i64),
        7 | 10 | 13 | 15 | 29 | 40 | 45 | 49 | 72 | 76 if v.len() == 4 => {
            let table = match t {
                7 => FRAMED_PROTOCOLS,
                10 => FRAMED_ROUTING,
                13 => FRAMED_COMPRESSION,
                15 => LOGIN_SERVICES,
                29 => TERMINATION_ACTIONS,
                40 => ACCT_STATUS_TYPES,
                45 => ACCT_AUTHENTIC,
                49 => TERMINATE_CAUSES,
                72 => ARAP_ZONE_ACCESS,
                _ => PROMPTS,
            };
            enum_value(cx, table, v.be32(0)?);
        }
        64 | 65 if v.len() == 4 => {
            match v[0] {
                0 => cx.s("Tag[Unused] "),
                tag => {
                    cx.s("Tag[");
                    cx.u(tag as u64);
                    cx.s("] ");
                }
            }
            let value = v.be32(0)? & 0x00ff_ffff;
            if t == 64 {
                enum_value(cx, TUNNEL_TYPES, value);
            } else {
                // Medium types are address families, 0 excepted.
                match tables::address_family(value).filter(|_| value != 0) {
                    Some(n) => cx.s(n),
                    None => {
                        cx.b(b'#');
                        cx.u(value as u64);
                    }
                }
            }
        }
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
            // (All 24 bits after the indicator, as the snapshot shows them.)
            cx.u((v.be32(0)? & 0x00ff_ffff) as u64);
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
        // Hidden, binary or unknown values are not shown.
        _ if hidden(t) => {}
        83 if v.len() == 4 => {
            match v[0] {
                0 => cx.s("Tag[Unused] "),
                tag => {
                    cx.s("Tag[");
                    cx.u(tag as u64);
                    cx.s("] ");
                }
            }
            cx.u((v.be32(0)? & 0x00ff_ffff) as u64);
        }
        79 => eap_attribute(cx, v, v.len())?,
        _ => chars(cx, v),
    }
    Ok(())
}

/// An EAP-Message attribute of `vlen` bytes (`v`: what is captured): a
/// message that does not fit is a fragment; one not all captured shows
/// its header before ` [|eap]`.
fn eap_attribute(cx: &mut Ctx, v: &[u8], vlen: usize) -> R {
    if vlen < 4 {
        cx.s("EAP fragment?");
        return Ok(());
    }
    let len = v.be16(2)? as usize;
    if len > vlen {
        cx.s("EAP fragment?");
        return Ok(());
    }
    cx.proto = "eap";
    eap(cx, v)
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
    v.range(0, len)?;
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
