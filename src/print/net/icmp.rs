//! ICMP for IPv4 (RFC 792 and friends).

use crate::print::core::prelude::*;
use crate::print::dispatch;

const ECHOREPLY: u8 = 0;
const UNREACH: u8 = 3;
const SOURCEQUENCH: u8 = 4;
const REDIRECT: u8 = 5;
const ECHO: u8 = 8;
const TIMXCEED: u8 = 11;
const PARAMPROB: u8 = 12;
const TSTAMP: u8 = 13;
const TSTAMPREPLY: u8 = 14;
const MASKREPLY: u8 = 18;
const ROUTERADVERT: u8 = 9;
/// tcpdump builds the summary in a 512-byte buffer: longer text is cut.
const SUMMARY_MAX: usize = 511;

fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "echo reply",
        4 => "source quench",
        8 => "echo request",
        10 => "router solicitation",
        13 => "time stamp request",
        14 => "time stamp reply",
        15 => "information request",
        16 => "information reply",
        17 => "address mask request",
        42 => "extended echo request",
        43 => "extended echo reply",
        _ => return None,
    })
}

/// Unreachable codes 5..=15: the text around the inner destination.
fn unreach_text(code: u8) -> Option<(&'static str, &'static str)> {
    Some(match code {
        5 => ("", " unreachable - source route failed"),
        6 => ("net ", " unreachable - unknown"),
        7 => ("host ", " unreachable - unknown"),
        8 => ("", " unreachable - source host isolated"),
        9 => ("net ", " unreachable - admin prohibited"),
        10 => ("host ", " unreachable - admin prohibited"),
        11 => ("net ", " unreachable - tos prohibited"),
        12 => ("host ", " unreachable - tos prohibited"),
        13 => ("host ", " unreachable - admin prohibited filter"),
        14 => ("host ", " unreachable - host precedence violation"),
        15 => ("host ", " unreachable - precedence cutoff"),
        _ => return None,
    })
}

/// The summary text is built in `text` first, as tcpdump builds it in a
/// buffer: when the packet is cut short, none of it is printed.
pub fn print(cx: &mut Ctx, data: &[u8], length: usize, _net: NetHeader, fragmented: bool) -> R {
    cx.proto = "icmp";
    let t = data.u8_at(0)?;
    let code = data.u8_at(1)?;
    let mark = cx.out.len();
    cx.s("ICMP ");
    if let Err(e) = summary(cx, data, t, code) {
        cx.out.truncate(mark);
        return Err(e);
    }
    cx.out.truncate(cx.out.len().min(mark + 5 + SUMMARY_MAX));
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose > 0 && !fragmented && data.len() >= length {
        let sum = fold(ones_sum(&data[..length]));
        if sum != 0 {
            let icmp_sum = data.be16(2)?;
            cx.s(" (wrong icmp cksum ");
            fmt::put_hex(cx.out, icmp_sum as u64);
            cx.s(" (->");
            fmt::put_hex(cx.out, cksum_shouldbe(icmp_sum, sum) as u64);
            cx.s(")!)");
        }
    }
    if cx.opts.verbose > 0 && matches!(t, UNREACH | SOURCEQUENCH | REDIRECT | TIMXCEED | PARAMPROB)
    {
        cx.s("\n\t");
        let inner = data.get(8..).unwrap_or(&[]);
        let inner_len = inner.be16(2)? as usize;
        let inner = &inner[..inner.len().min(inner_len)];
        let from = cx.out.len();
        super::ip::print(cx, inner, inner_len)?;
        cx.proto = "icmp";
        // The quoted datagram's decoders ended the packet where they were
        // cut short (in the snapshot a truncation ends it all).
        if ends_with_marker(&cx.out[from..]) {
            return Ok(());
        }
    }
    if cx.opts.verbose > 0 && length > EXT_AT && matches!(t, UNREACH | TIMXCEED | PARAMPROB) {
        multipart(cx, data, length)?;
    }
    if cx.opts.verbose > 0 && t == 42 {
        super::icmp6::ext_echo_request(cx, data)?;
    } else if cx.opts.verbose > 0 && t == 43 {
        super::icmp6::ext_echo_reply(cx, data)?;
    }
    Ok(())
}

/// Whether printed text ends with a truncation marker (` [|proto]`).
fn ends_with_marker(out: &[u8]) -> bool {
    let Some(rest) = out.strip_suffix(b"]") else {
        return false;
    };
    match rest.iter().rposition(|&c| c == b'[') {
        Some(i) => {
            i > 0
                && out[i - 1] == b' '
                && rest.get(i + 1) == Some(&b'|')
                && rest[i + 2..]
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(c))
        }
        None => false,
    }
}

/// Where RFC 4884's extension structure starts: after the ICMP header and
/// the 128 bytes of the original datagram.
const EXT_AT: usize = 8 + 128;

/// RFC 4884 multi-part extensions (RFC 4950 MPLS label stacks, RFC 5837
/// interface identification), as tcpdump prints them with `-v`.
fn multipart(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    // tcpdump first requires the bytes of its fixed extended header.
    d.range(0, EXT_AT + 5)?;
    let ext_len = length - EXT_AT;
    // Without a length field, only a valid checksum says an extension is
    // there.
    if d[5] == 0 && d.has(EXT_AT, ext_len) {
        let sum = fold(ones_sum(&d[EXT_AT..EXT_AT + ext_len]));
        if sum != 0 {
            return Ok(());
        }
    }
    let version = d[EXT_AT] >> 4;
    cx.s("\n\tICMP Multi-Part extension v");
    cx.u(version as u64);
    if version != 2 {
        cx.s(" packet not supported");
        return Ok(());
    }
    if d.has(EXT_AT, ext_len) {
        let sum = fold(ones_sum(&d[EXT_AT..EXT_AT + ext_len]));
        cx.s(", checksum 0x");
        fmt::put_hex_padded(cx.out, d.be16(EXT_AT + 2)? as u64, 4);
        cx.s(if sum != 0 {
            " (incorrect), length "
        } else {
            " (correct), length "
        });
        cx.u(ext_len as u64);
    }
    let mut left = ext_len.saturating_sub(4);
    let mut at = EXT_AT + 4;
    while left > 4 {
        let obj_len = d.be16(at)? as usize;
        let class = d.u8_at(at + 2)?;
        let ctype = d.u8_at(at + 3)?;
        at += 4;
        cx.s("\n\t  ");
        cx.s(ext_object_name(class));
        cx.s(" (");
        cx.u(class as u64);
        cx.s("), Class-Type: ");
        cx.u(ctype as u64);
        cx.s(", length ");
        cx.u(obj_len as u64);
        left -= 4;
        if class == 0 || obj_len < 4 {
            return Ok(());
        }
        let body_len = obj_len - 4;
        ext_object_body(cx, class, ctype, d.get(at..).unwrap_or(&[]), body_len)?;
        if left < body_len {
            break;
        }
        left -= body_len;
        at += body_len;
    }
    Ok(())
}

/// An extension object's class name (RFC 4884 and after).
pub(super) fn ext_object_name(class: u8) -> &'static str {
    match class {
        1 => "MPLS Stack Entry Object",
        2 => "Interface Information Object",
        3 => "Interface Identification Object",
        _ => "unknown",
    }
}

/// An extension object's body: `cap` what was captured from its start,
/// `body_len` its length by its header. (Shared with ICMPv6's extended
/// echo.)
pub(super) fn ext_object_body(
    cx: &mut Ctx,
    class: u8,
    ctype: u8,
    cap: &[u8],
    body_len: usize,
) -> R {
    match (class, ctype) {
        (1, 1) => {
            let raw = cap.be32(0)?;
            if body_len < 4 {
                return Ok(());
            }
            cx.s("\n\t    label ");
            cx.u((raw >> 12) as u64);
            cx.s(", tc ");
            cx.u(((raw >> 9) & 7) as u64);
            if raw & 0x100 != 0 {
                cx.s(", [S]");
            }
            cx.s(", ttl ");
            cx.u((raw & 0xff) as u64);
        }
        (2, _) => interface_information(cx, ctype, &cap[..cap.len().min(body_len)])?,
        (3, 1) => {
            cx.s("\n\t    Interface Name, length ");
            cx.u(body_len as u64);
            cx.s(": ");
            for i in 0..body_len {
                let c = cap.u8_at(i)?;
                if c == 0 {
                    break;
                }
                fmt::put_safe_char(cx.out, c);
            }
        }
        (3, 2) => {
            let idx = cap.be32(0)?;
            if body_len < 4 {
                return Ok(());
            }
            cx.s("\n\t    Interface Index: ");
            cx.u(idx as u64);
        }
        (3, 3) => {
            cx.s("\n\t    IP Address sub-object: ");
            // AFI, address length, reserved, then the address; lengths
            // the object lacks end it quietly.
            cap.range(0, 4)?;
            if body_len < 4 {
                return Ok(());
            }
            let afi = cap.be16(0)?;
            let alen = cap[2] as usize;
            cap.range(0, alen)?;
            if body_len - 4 < alen {
                return Ok(());
            }
            match afi {
                1 | 2 => {
                    let want = if afi == 1 { 4 } else { 16 };
                    if alen != want {
                        cx.s("[length ");
                        cx.u(alen as u64);
                        cx.s(" != ");
                        cx.u(want as u64);
                        cx.s("] ");
                    }
                    let a = cap.range(4, want)?;
                    if afi == 1 {
                        cx.ipv4(a);
                    } else {
                        cx.ipv6(a);
                    }
                }
                _ => cx.s("Unknown Address Family Identifier"),
            }
        }
        _ => {
            // What was captured of it.
            hexdump::hex(cx.out, b"\n\t    ", &cap[..cap.len().min(body_len)], 0);
        }
    }
    Ok(())
}

/// RFC 5837 Interface Information Object: the C-Type says the role and
/// which of ifIndex, address, name and MTU follow, in that order.
fn interface_information(cx: &mut Ctx, ctype: u8, b: &[u8]) -> R {
    cx.s("\n\t    Interface Role: ");
    cx.s(match ctype >> 6 {
        0 => "Incoming IP Interface",
        1 => "Sub-IP Component of Incoming IP Interface",
        2 => "Outgoing IP Interface",
        _ => "IP Next hop",
    });
    let mut at = 0;
    if ctype & 0x08 != 0 {
        let index = b.be32(at)?;
        cx.s("\n\t    Interface Index: ");
        cx.u(index as u64);
        at += 4;
    }
    if ctype & 0x04 != 0 {
        cx.s("\n\t    IP Address sub-object: ");
        let afi = b.be16(at)?;
        match afi {
            1 => {
                cx.ipv4(b.range(at + 4, 4)?);
                at += 8;
            }
            2 => {
                cx.ipv6(b.range(at + 4, 16)?);
                at += 20;
            }
            _ => {
                cx.s("Unknown Address Family Identifier");
                return Ok(());
            }
        }
    }
    if ctype & 0x02 != 0 {
        // The length byte counts itself; it must be a multiple of 4 up
        // to 64, and the name is checked whole before its length shows.
        let n = b.u8_at(at)? as usize;
        cx.s("\n\t    Interface Name");
        if n < 1 {
            cx.s(" [length 0] (invalid)");
            return Ok(());
        }
        b.range(at, n)?;
        if n % 4 != 0 || n > 64 {
            cx.s(" [length ");
            cx.u(n as u64);
            cx.s(if n % 4 != 0 { " != N x 4]" } else { " > 64]" });
            cx.s(" (invalid)");
            return Ok(());
        }
        let name = &b[at + 1..at + n];
        cx.s(", length ");
        cx.u(n as u64);
        cx.s(": ");
        for &c in name.iter().take_while(|&&c| c != 0) {
            fmt::put_safe_char(cx.out, c);
        }
        at += n.max(1);
    }
    if ctype & 0x01 != 0 {
        let mtu = b.be32(at)?;
        cx.s("\n\t    MTU: ");
        cx.u(mtu as u64);
    }
    Ok(())
}

/// The summary of an ICMP message; `Err` when it is cut short (the
/// snapshot's accessors jump out wherever that happens).
fn summary(cx: &mut Ctx, d: &[u8], t: u8, code: u8) -> R {
    let inner_dst = |d: &[u8]| -> R<[u8; 4]> { Ok(d.range(24, 4)?.try_into().unwrap()) };
    match t {
        ECHO | ECHOREPLY => {
            let id = d.be16(4)?;
            let seq = d.be16(6)?;
            cx.s(if t == ECHO {
                "echo request, id "
            } else {
                "echo reply, id "
            });
            cx.u(id as u64);
            cx.s(", seq ");
            cx.u(seq as u64);
        }
        UNREACH => match code {
            0 | 1 => {
                let dst = inner_dst(d)?;
                cx.s(if code == 0 { "net " } else { "host " });
                cx.ipv4(&dst);
                cx.s(" unreachable");
            }
            2 => {
                let dst = inner_dst(d)?;
                let p = d.u8_at(17)?;
                cx.ipv4(&dst);
                cx.s(" protocol ");
                cx.u(p as u64);
                cx.s(" unreachable");
            }
            3 => {
                let hlen = (d.u8_at(8)? & 0x0f) as usize * 4;
                let dport = d.be16(8 + hlen + 2)?;
                let p = d.u8_at(17)?;
                let dst = inner_dst(d)?;
                cx.ipv4(&dst);
                match p {
                    PROTO_TCP => {
                        cx.s(" tcp port ");
                        cx.tcp_port(dport);
                        cx.s(" unreachable");
                    }
                    PROTO_UDP => {
                        cx.s(" udp port ");
                        cx.udp_port(dport);
                        cx.s(" unreachable");
                    }
                    _ => {
                        cx.s(" protocol ");
                        cx.u(p as u64);
                        cx.s(" port ");
                        cx.u(dport as u64);
                        cx.s(" unreachable");
                    }
                }
            }
            4 => {
                let mtu = d.be16(6)?;
                let dst = inner_dst(d)?;
                cx.ipv4(&dst);
                cx.s(" unreachable - need to frag");
                if mtu != 0 {
                    cx.s(" (mtu ");
                    cx.u(mtu as u64);
                    cx.b(b')');
                }
            }
            _ => {
                let dst = inner_dst(d)?;
                match unreach_text(code) {
                    Some((pre, post)) => {
                        cx.s(pre);
                        cx.ipv4(&dst);
                        cx.s(post);
                    }
                    None => {
                        cx.ipv4(&dst);
                        cx.s(" unreachable - #");
                        cx.u(code as u64);
                    }
                }
            }
        },
        REDIRECT => {
            let dst = inner_dst(d)?;
            let gw: [u8; 4] = d.range(4, 4)?.try_into().unwrap();
            let (pre, mid) = match code {
                0 => ("redirect ", " to net "),
                1 => ("redirect ", " to host "),
                2 => ("redirect-tos ", " to net "),
                3 => ("redirect-tos ", " to host "),
                _ => ("", ""),
            };
            if pre.is_empty() {
                cx.s("redirect-#");
                cx.u(code as u64);
                cx.b(b' ');
                cx.ipv4(&dst);
                cx.s(" to ");
            } else {
                cx.s(pre);
                cx.ipv4(&dst);
                cx.s(mid);
            }
            cx.ipv4(&gw);
        }
        TIMXCEED => match {
            // (The quoted destination must have been captured.)
            inner_dst(d)?;
            code
        } {
            0 => cx.s("time exceeded in-transit"),
            1 => cx.s("ip reassembly time exceeded"),
            _ => {
                cx.s("time exceeded-#");
                cx.u(code as u64);
            }
        },
        PARAMPROB => {
            if code != 0 {
                cx.s("parameter problem - code ");
                cx.u(code as u64);
            } else {
                let ptr = d.u8_at(4)?;
                cx.s("parameter problem - octet ");
                cx.u(ptr as u64);
            }
        }
        TSTAMPREPLY => {
            let id = d.be16(4)?;
            let seq = d.be16(6)?;
            let times = [d.be32(8)?, d.be32(12)?, d.be32(16)?];
            cx.s("time stamp reply id ");
            cx.u(id as u64);
            cx.s(" seq ");
            cx.u(seq as u64);
            for (name, ms) in [": org ", ", recv ", ", xmit "].iter().zip(times) {
                cx.s(name);
                // Milliseconds since midnight UT, as h:mm:ss.mmm.
                fmt::put_padded_u64(cx.out, (ms / 3_600_000) as u64, 2, b'0');
                cx.b(b':');
                fmt::put_padded_u64(cx.out, ((ms / 60_000) % 60) as u64, 2, b'0');
                cx.b(b':');
                fmt::put_padded_u64(cx.out, ((ms / 1000) % 60) as u64, 2, b'0');
                cx.b(b'.');
                fmt::put_padded_u64(cx.out, (ms % 1000) as u64, 3, b'0');
            }
        }
        MASKREPLY => {
            let mask = d.be32(8)?;
            cx.s("address mask is 0x");
            fmt::put_hex_padded(cx.out, mask as u64, 8);
        }
        ROUTERADVERT => {
            let lifetime = d.be16(6)? as u64;
            cx.s("router advertisement lifetime ");
            if lifetime < 3600 {
                if lifetime >= 60 {
                    cx.u(lifetime / 60);
                    cx.b(b':');
                    fmt::put_padded_u64(cx.out, lifetime % 60, 2, b'0');
                } else {
                    cx.u(lifetime);
                }
            } else {
                cx.u(lifetime / 3600);
                cx.b(b':');
                fmt::put_padded_u64(cx.out, (lifetime % 3600) / 60, 2, b'0');
                cx.b(b':');
                fmt::put_padded_u64(cx.out, lifetime % 60, 2, b'0');
            }
            let num = d.u8_at(4)? as usize;
            cx.b(b' ');
            cx.u(num as u64);
            cx.b(b':');
            let size = d.u8_at(5)?;
            if size != 2 {
                cx.s(" [size ");
                cx.u(size as u64);
                cx.b(b']');
            } else {
                // (address, preference) pairs of 8 bytes each.
                for k in 0..num {
                    let at = 8 + 8 * k;
                    let addr = d.range(at, 4)?;
                    let pref = d.be32(at + 4)?;
                    cx.s(" {");
                    cx.ipv4(addr);
                    cx.b(b' ');
                    cx.u(pref as u64);
                    cx.b(b'}');
                }
            }
        }
        42 | 43 => {
            let id = d.be16(4)?;
            let seq = d.u8_at(6)?;
            cx.s(if t == 42 {
                "extended echo request, id "
            } else {
                "extended echo reply, id "
            });
            cx.u(id as u64);
            cx.s(", seq ");
            cx.u(seq as u64);
        }
        TSTAMP => {
            let id = d.be16(4)?;
            let seq = d.be16(6)?;
            cx.s("time stamp query id ");
            cx.u(id as u64);
            cx.s(" seq ");
            cx.u(seq as u64);
        }
        _ => match type_name(t) {
            Some(n) => cx.s(n),
            None => {
                cx.s("type-#");
                cx.u(t as u64);
            }
        },
    }
    Ok(())
}

/// The `dispatch::IP_PROTOS` entry.
pub fn print_ip(cx: &mut Ctx, p: &dispatch::IpPayload) -> R {
    if p.version != 4 {
        super::ip::wrong_icmp(cx, 1, p.version);
        return Ok(());
    }
    print(cx, p.data, p.length, p.net, p.fragmented)
}
