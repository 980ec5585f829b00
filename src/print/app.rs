//! Application-layer decoders, picked by port as tcpdump picks them.
//! Only some are decoded; for the rest TCP prints nothing after its
//! `length N` and UDP prints its generic `UDP, length N`.

use super::{dns, Bytes, Ctx, R};

/// A byte as tcpdump's `fn_print_char` shows it: `M-` for the high bit,
/// `^X` for control characters.
pub fn put_safe_char(out: &mut Vec<u8>, mut c: u8) {
    if c >= 0x80 {
        c &= 0x7f;
        out.extend_from_slice(b"M-");
    }
    if !(0x20..0x7f).contains(&c) {
        c ^= 0x40;
        out.push(b'^');
    }
    out.push(c);
}

/// After a TCP header with payload: the port-selected decoder.
pub fn tcp_payload(cx: &mut Ctx, body: &[u8], length: usize, sport: u16, dport: u16) -> R {
    let either = |p: u16| sport == p || dport == p;
    if either(179) {
        cx.proto = "bgp";
        cx.s(": BGP");
        Ok(())
    } else if either(6653) || either(6633) {
        cx.proto = "openflow";
        cx.s(": OpenFlow");
        Ok(())
    } else if either(80) || either(8080) {
        cx.s(": ");
        txtproto(cx, body, length, "http", "HTTP", HTTP_CMDS, true)
    } else if either(53) {
        dns::print(cx, body, length, true, false)
    } else if either(43) {
        cx.s(": ");
        txtproto(cx, body, length, "whois", "WHOIS", &[], false)
    } else if either(22) {
        ssh(cx, body, length)
    } else if either(323) {
        cx.proto = "rpki-rtr";
        if cx.opts.verbose == 0 {
            cx.s(", RPKI-RTR");
        }
        Ok(())
    } else {
        Ok(())
    }
}

/// UDP payloads: `Ok(true)` when a decoder printed the payload.
pub fn udp_payload(cx: &mut Ctx, body: &[u8], length: usize, sport: u16, dport: u16) -> R<bool> {
    let either = |p: u16| sport == p || dport == p;
    if either(67) || either(68) {
        bootp(cx, body, length)?;
        return Ok(true);
    }
    if either(123) {
        cx.proto = "ntp";
        let status = body.u8_at(0)?;
        cx.s("NTPv");
        cx.u(((status >> 3) & 7) as u64);
        if cx.opts.verbose == 0 {
            cx.s(", ");
            cx.s(match status & 7 {
                0 => "unspecified",
                1 => "symmetric active",
                2 => "symmetric passive",
                3 => "Client",
                4 => "Server",
                5 => "Broadcast",
                _ => "Reserved",
            });
            cx.s(", length ");
            cx.u(length as u64);
            return Ok(true);
        }
        return Ok(false);
    }
    if either(546) || either(547) {
        cx.proto = "dhcp6";
        cx.s("dhcp6");
        if !body.has(0, 4) {
            cx.trunc_marker();
            return Ok(true);
        }
        let t = body[0];
        let names = [
            "",
            "solicit",
            "advertise",
            "request",
            "confirm",
            "renew",
            "rebind",
            "reply",
            "release",
            "decline",
            "reconfigure",
            "inf-req",
            "relay-fwd",
            "relay-reply",
            "leasequery",
            "leasequery-reply",
            "leasequery-done",
            "leasequery-data",
            "reconfigure-request",
            "reconfigure-reply",
            "dhcpv4-query",
            "dhcpv4-response",
        ];
        cx.b(b' ');
        match names.get(t as usize).filter(|n| !n.is_empty()) {
            Some(n) => cx.s(n),
            None => {
                cx.s("msgtype-");
                cx.u(t as u64);
            }
        }
        return Ok(true);
    }
    if matches!(dport, 3784 | 4784 | 6784) && bfd(cx, body, length, dport)? {
        return Ok(true);
    }
    if dport == 3785 {
        cx.proto = "bfd";
        cx.s("BFD, Echo, length: ");
        cx.u(length as u64);
        return Ok(true);
    }
    if dport == 1985 {
        hsrp(cx, body, length)?;
        return Ok(true);
    }
    if either(4500) {
        // RFC 3948: ESP in UDP, unless a non-ESP marker or a keepalive.
        if length == 1 && body.first() == Some(&0xff) {
            cx.s("isakmp-nat-keep-alive");
            return Ok(true);
        }
        if length >= 4 && body.be32(0)? != 0 {
            cx.s("UDP-encap: ");
            super::igmp::esp(cx, body, length)?;
            return Ok(true);
        }
        return Ok(false);
    }
    if either(53) {
        dns::print(cx, body, length, false, false)?;
        return Ok(true);
    }
    if either(5353) {
        dns::print(cx, body, length, false, true)?;
        return Ok(true);
    }
    Ok(false)
}

const HTTP_CMDS: &[&str] = &[
    "GET",
    "PUT",
    "COPY",
    "HEAD",
    "LOCK",
    "MOVE",
    "POLL",
    "POST",
    "BCOPY",
    "BMOVE",
    "MKCOL",
    "TRACE",
    "LABEL",
    "MERGE",
    "DELETE",
    "SEARCH",
    "UNLOCK",
    "REPORT",
    "UPDATE",
    "NOTIFY",
    "BDELETE",
    "CONNECT",
    "OPTIONS",
    "CHECKIN",
    "PROPFIND",
    "CHECKOUT",
    "CCM_POST",
    "SUBSCRIBE",
    "PROPPATCH",
    "BPROPFIND",
    "BPROPPATCH",
    "UNCHECKOUT",
    "MKACTIVITY",
    "MKWORKSPACE",
    "UNSUBSCRIBE",
    "RPC_CONNECT",
    "VERSION-CONTROL",
    "BASELINE-CONTROL",
];

/// One whitespace-delimited token from `idx`: (token range, index after
/// the blanks that follow it), or None when there is no printable token.
fn fetch_token(p: &[u8], mut idx: usize, len: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let start = idx;
    while idx < len {
        let c = *p.get(idx)?;
        if c >= 0x80 {
            return None;
        }
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            break;
        }
        if !(0x20..0x7f).contains(&c) {
            return None;
        }
        if idx - start + 2 > 129 {
            return None;
        }
        idx += 1;
    }
    if idx == start {
        return None;
    }
    let token = start..idx;
    while idx < len {
        let Some(&c) = p.get(idx) else { break };
        if c == b'\r' || c == b'\n' || !(0x20..0x7f).contains(&c) || (c != b' ' && c != b'\t') {
            break;
        }
        idx += 1;
    }
    Some((token, idx))
}

/// Print one text line from `idx` with `prefix`; the index after its line
/// end, or 0 when the line is not text or has no end here.
fn txt_line(cx: &mut Ctx, prefix: &str, p: &[u8], mut idx: usize, len: usize) -> R<usize> {
    let start = idx;
    while idx < len {
        let c = p.u8_at(idx)?;
        if c == b'\n' {
            cx.s(prefix);
            cx.out.extend_from_slice(&p[start..idx]);
            return Ok(idx + 1);
        } else if c == b'\r' {
            if idx + 1 >= len {
                return Ok(0);
            }
            if p.u8_at(idx + 1)? == b'\n' {
                cx.s(prefix);
                cx.out.extend_from_slice(&p[start..idx]);
                return Ok(idx + 2);
            }
            return Ok(0);
        } else if !(0x20..0x7f).contains(&c) && c != b'\t' {
            return Ok(0);
        }
        idx += 1;
    }
    cx.s(prefix);
    cx.out.extend_from_slice(&p[start..idx]);
    cx.trunc_marker();
    Ok(0)
}

/// Text protocols (HTTP, RTSP, ...): the first line of a request or
/// response, all lines with `-v`.
fn txtproto(
    cx: &mut Ctx,
    p: &[u8],
    len: usize,
    proto: &'static str,
    caps: &str,
    cmds: &[&str],
    resp_code_second: bool,
) -> R {
    cx.proto = proto;
    let mut is_reqresp = false;
    if let Some((tok, idx)) = fetch_token(p, 0, len) {
        let word = &p[tok];
        // Without a command list (WHOIS) every message is shown.
        is_reqresp =
            cmds.is_empty() || cmds.iter().any(|c| c.as_bytes().eq_ignore_ascii_case(word));
        if resp_code_second {
            if let Some((tok2, _)) = fetch_token(p, idx, len) {
                let t = &p[tok2];
                if t.len() == 3 && t.iter().all(u8::is_ascii_digit) {
                    is_reqresp = true;
                }
            }
        }
    }
    // The protocol name is printed either way; the text only for a
    // request or response.
    cx.s(caps);
    if is_reqresp {
        if cx.opts.verbose > 0 {
            cx.s(", length: ");
            cx.u(len as u64);
            let mut idx = 0;
            while idx < len {
                let eol = txt_line(cx, "\n\t", p, idx, len)?;
                if eol == 0 {
                    break;
                }
                idx = eol;
            }
        } else {
            txt_line(cx, ": ", p, 0, len)?;
        }
    }
    Ok(())
}

/// MPTCP option (RFC 8684), `opt` from its kind byte; false if malformed.
pub fn mptcp(cx: &mut Ctx, opt: &[u8], flags: u8) -> bool {
    const SYN: u8 = 0x02;
    const ACK: u8 = 0x10;
    let len = opt.len();
    if len < 3 {
        return false;
    }
    cx.b(b' ');
    cx.u(len as u64);
    let subtype = (opt[2] >> 4).min(8);
    let names = [
        "capable",
        "join",
        "dss",
        "add-addr",
        "rem-addr",
        "prio",
        "fail",
        "fast-close",
        "unknown",
    ];
    cx.b(b' ');
    cx.s(names[subtype as usize]);
    let be64 = |at: usize| {
        opt.get(at..at + 8)
            .map(|b| u64::from_be_bytes(b.try_into().unwrap()))
    };
    let be32 = |at: usize| {
        opt.get(at..at + 4)
            .map(|b| u32::from_be_bytes(b.try_into().unwrap()))
    };
    match subtype {
        0 => {
            let ok = ((len == 12 || len == 4) && flags & SYN != 0)
                || (matches!(len, 20 | 22 | 24) && flags & (SYN | ACK) == ACK);
            if !ok {
                return false;
            }
            let version = opt[2] & 0x0f;
            if version > 1 {
                cx.s(" Unknown Version (");
                cx.u(version as u64);
                cx.b(b')');
                return true;
            }
            cx.s(" v");
            cx.u(version as u64);
            if opt.get(3).is_some_and(|f| f & 0x80 != 0) {
                cx.s(" csum");
            }
            if len == 12 || len >= 20 {
                cx.s(" {0x");
                super::fmt::put_hex(cx.out, be64(4).unwrap_or(0));
                if len >= 20 {
                    cx.s(",0x");
                    super::fmt::put_hex(cx.out, be64(12).unwrap_or(0));
                }
                cx.b(b'}');
            }
            true
        }
        1 => {
            let ok = (len == 12 && flags & SYN != 0)
                || (len == 16 && flags & (SYN | ACK) == SYN | ACK)
                || (len == 24 && flags & ACK != 0);
            if !ok {
                return false;
            }
            if len != 24 {
                if opt[2] & 0x01 != 0 {
                    cx.s(" backup");
                }
                cx.s(" id ");
                cx.u(opt[3] as u64);
            }
            match len {
                12 => {
                    cx.s(" token 0x");
                    super::fmt::put_hex(cx.out, be32(4).unwrap_or(0) as u64);
                    cx.s(" nonce 0x");
                    super::fmt::put_hex(cx.out, be32(8).unwrap_or(0) as u64);
                }
                16 => {
                    cx.s(" hmac 0x");
                    super::fmt::put_hex(cx.out, be64(4).unwrap_or(0));
                    cx.s(" nonce 0x");
                    super::fmt::put_hex(cx.out, be32(12).unwrap_or(0) as u64);
                }
                _ => {
                    cx.s(" hmac 0x");
                    for &b in &opt[4..24] {
                        super::fmt::put_hex2(cx.out, b);
                    }
                }
            }
            true
        }
        2 => {
            if len < 4 || flags & SYN != 0 {
                return false;
            }
            let f = opt[3];
            if f & 0x10 != 0 {
                cx.s(" fin");
            }
            let mut at = 4;
            if f & 0x01 != 0 {
                cx.s(" ack ");
                if f & 0x02 != 0 {
                    let Some(v) = be64(at) else { return false };
                    cx.u(v);
                    at += 8;
                } else {
                    let Some(v) = be32(at) else { return false };
                    cx.u(v as u64);
                    at += 4;
                }
            }
            if f & 0x04 != 0 {
                cx.s(" seq ");
                if f & 0x08 != 0 {
                    let Some(v) = be64(at) else { return false };
                    cx.u(v);
                    at += 8;
                } else {
                    let Some(v) = be32(at) else { return false };
                    cx.u(v as u64);
                    at += 4;
                }
                let Some(v) = be32(at) else { return false };
                cx.s(" subseq ");
                cx.u(v as u64);
                at += 4;
                let Some(l) = opt.get(at..at + 2) else {
                    return false;
                };
                cx.s(" len ");
                cx.u(u16::from_be_bytes([l[0], l[1]]) as u64);
                at += 2;
                if len - at >= 2 {
                    cx.s(" csum 0x");
                    super::fmt::put_hex(cx.out, u16::from_be_bytes([opt[at], opt[at + 1]]) as u64);
                    at += 2;
                }
            }
            at == len
        }
        4 => {
            if len < 4 {
                return false;
            }
            cx.s(" id");
            for &id in &opt[3..] {
                cx.b(b' ');
                cx.u(id as u64);
            }
            true
        }
        5 => {
            if len != 3 && len != 4 {
                return false;
            }
            cx.s(if opt[2] & 0x01 != 0 {
                " backup"
            } else {
                " non-backup"
            });
            if len == 4 {
                cx.s(" id ");
                cx.u(opt[3] as u64);
            }
            true
        }
        6 => {
            if len != 12 {
                return false;
            }
            cx.s(" seq ");
            cx.u(be64(4).unwrap_or(0));
            true
        }
        7 => {
            if len != 12 {
                return false;
            }
            cx.s(" key 0x");
            super::fmt::put_hex(cx.out, be64(4).unwrap_or(0));
            true
        }
        _ => true,
    }
}

/// BOOTP/DHCP (RFC 951, RFC 2131): the summary without `-v`.
fn bootp(cx: &mut Ctx, body: &[u8], length: usize) -> R {
    cx.proto = "bootp";
    cx.s("BOOTP/DHCP");
    let op = body.u8_at(0)?;
    match op {
        1 => {
            if body.u8_at(1)? == 1 && body.u8_at(2)? == 6 {
                let chaddr = body.range(28, 6)?;
                cx.s(", Request from ");
                cx.mac(chaddr);
            }
        }
        2 => cx.s(", Reply"),
        _ => {
            cx.s(", unknown (0x");
            super::fmt::put_hex2(cx.out, op);
            cx.b(b')');
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    Ok(())
}

/// SSH: the identification string (`SSH-2.0-...`), if the segment starts
/// with one.
fn ssh(cx: &mut Ctx, p: &[u8], len: usize) -> R {
    cx.proto = "ssh";
    for (i, &c) in b"SSH-".iter().enumerate() {
        if p.u8_at(i)? != c {
            return Ok(());
        }
    }
    let mut idx = 4;
    while idx < len {
        let c = p.u8_at(idx)?;
        if c == b'\n' {
            cx.s(": ");
            for &b in &p[..idx] {
                put_safe_char(cx.out, b);
            }
            return Ok(());
        }
        if c == b'\r' && idx + 1 < len && p.u8_at(idx + 1)? == b'\n' {
            cx.s(": ");
            for &b in &p[..idx] {
                put_safe_char(cx.out, b);
            }
            return Ok(());
        }
        idx += 1;
    }
    Ok(())
}

/// HSRP version 0 (RFC 2281).
fn hsrp(cx: &mut Ctx, p: &[u8], len: usize) -> R {
    cx.proto = "hsrp";
    let version = p.u8_at(0)?;
    cx.s("HSRPv");
    cx.u(version as u64);
    if version != 0 {
        return Ok(());
    }
    let op = p.u8_at(1)?;
    cx.b(b'-');
    match op {
        0 => cx.s("hello"),
        1 => cx.s("coup"),
        2 => cx.s("resign"),
        _ => {
            cx.s("unknown (");
            cx.u(op as u64);
            cx.b(b')');
        }
    }
    cx.b(b' ');
    cx.u(len as u64);
    cx.s(": state=");
    let state = p.u8_at(2)?;
    match state {
        0 => cx.s("initial"),
        1 => cx.s("learn"),
        2 => cx.s("listen"),
        4 => cx.s("speak"),
        8 => cx.s("standby"),
        16 => cx.s("active"),
        _ => {
            cx.s("Unknown (");
            cx.u(state as u64);
            cx.b(b')');
        }
    }
    cx.s(" group=");
    cx.u(p.u8_at(6)? as u64);
    cx.b(b' ');
    let reserved = p.u8_at(7)?;
    if reserved != 0 {
        cx.s("[reserved=");
        cx.u(reserved as u64);
        cx.s("!] ");
    }
    let addr = p.range(16, 4)?;
    cx.s("addr=");
    cx.ipv4(addr);
    if cx.opts.verbose > 0 {
        cx.s(" hellotime=");
        super::dns::relts(cx, p.u8_at(3)? as u32);
        cx.s(" holdtime=");
        super::dns::relts(cx, p.u8_at(4)? as u32);
        cx.s(" priority=");
        cx.u(p.u8_at(5)? as u64);
        cx.s(" auth=\"");
        // The authentication data: text up to the first NUL.
        for &c in p.range(8, 8)?.iter().take_while(|&&c| c != 0) {
            put_safe_char(cx.out, c);
        }
        cx.b(b'"');
    }
    Ok(())
}

/// BFD version 1 control packets (RFC 5880), without `-v`; `false` when
/// not decoded here.
fn bfd(cx: &mut Ctx, p: &[u8], len: usize, dport: u16) -> R<bool> {
    cx.proto = "bfd";
    let version = p.u8_at(0)? >> 5;
    if version != 1 || cx.opts.verbose > 0 {
        return Ok(false);
    }
    let flags = p.u8_at(1)?;
    cx.s("BFDv1, ");
    cx.s(match dport {
        3784 => "Control",
        4784 => "Multihop",
        _ => "Lag",
    });
    cx.s(", State ");
    cx.s(["AdminDown", "Down", "Init", "Up"][(flags >> 6) as usize]);
    cx.s(", Flags: [");
    cx.flag_names(
        flags as u32,
        &[
            (0x20, "Poll"),
            (0x10, "Final"),
            (0x08, "Control Plane Independent"),
            (0x04, "Authentication Present"),
            (0x02, "Demand"),
            (0x01, "Multipoint"),
        ],
    );
    cx.s("], length: ");
    cx.u(len as u64);
    Ok(true)
}
