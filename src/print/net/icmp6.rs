//! ICMPv6 (RFC 4443), neighbor discovery (RFC 4861) and MLD (RFC 2710,
//! RFC 3810).

use crate::print::core::prelude::*;
use crate::print::dispatch;

fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "destination unreachable",
        2 => "packet too big",
        3 => "time exceeded in-transit",
        4 => "parameter problem",
        128 => "echo request",
        129 => "echo reply",
        130 => "multicast listener query",
        131 => "multicast listener report",
        132 => "multicast listener done",
        133 => "router solicitation",
        134 => "router advertisement",
        135 => "neighbor solicitation",
        136 => "neighbor advertisement",
        137 => "redirect",
        138 => "router renumbering",
        139 => "node information query",
        140 => "node information reply",
        141 => "inverse neighbor solicitation",
        142 => "inverse neighbor advertisement",
        143 => "multicast listener report v2",
        144 => "ha discovery request",
        145 => "ha discovery reply",
        146 => "mobile router solicitation",
        147 => "mobile router advertisement",
        155 => "RPL",
        160 => "extended echo request",
        161 => "extended echo reply",
        200 => "mtrace response",
        201 => "mtrace message",
        _ => return None,
    })
}

fn unreach_code_name(c: u8) -> Option<&'static str> {
    Some(match c {
        0 => "unreachable route",
        1 => " unreachable prohibited",
        2 => "beyond scope",
        3 => "unreachable address",
        4 => "unreachable port",
        _ => return None,
    })
}

/// The TCP or UDP header inside an ICMPv6 error's quoted packet, past
/// extension headers: (protocol, offset of the header in `d`); `None`
/// for any other protocol or where what must be read was not captured.
fn upper_layer(d: &[u8], ip6_at: usize) -> R<Option<(u8, usize)>> {
    let Some(&first) = d.get(ip6_at + 6) else {
        return Ok(None);
    };
    let mut nh = first;
    let mut prev = ip6_at;
    let mut hlen = 40;
    while prev < d.len() {
        let at = prev + hlen;
        match nh {
            PROTO_TCP | PROTO_UDP => {
                return Ok(d.has(at + 2, 2).then_some((nh, at)));
            }
            0 | 43 | 60 | 51 => {
                if !d.has(at + 1, 1) {
                    return Ok(None);
                }
                let l = d[at + 1] as usize;
                // AH counts 4-byte units less two, the others 8-byte
                // units less one.
                hlen = if nh == 51 { (l + 2) << 2 } else { (l + 1) << 3 };
                nh = d[at];
            }
            44 => {
                if !d.has(at + 2, 2) {
                    return Ok(None);
                }
                if d.be16(at + 2)? & 0xfff8 != 0 {
                    return Ok(None);
                }
                nh = d[at];
                hlen = 8;
            }
            _ => return Ok(None),
        }
        prev = at;
    }
    Ok(None)
}

pub fn print(cx: &mut Ctx, d: &[u8], length: usize, net: NetHeader, fragmented: bool) -> R {
    cx.proto = "icmp6";
    if length == 0 {
        cx.s("ICMP6, length 0 (invalid)");
        return Ok(());
    }
    let t = d.u8_at(0)?;
    let verbose = cx.opts.verbose;
    if verbose > 0 && !fragmented && d.len() >= length {
        let sum_field = d.be16(2)?;
        let sum = net.transport_cksum(PROTO_ICMPV6, &d[..length]);
        if sum != 0 {
            cx.s("[bad icmp6 cksum 0x");
            fmt::put_hex_padded(cx.out, sum_field as u64, 4);
            cx.s(" -> 0x");
            fmt::put_hex_padded(cx.out, cksum_shouldbe(sum_field, sum) as u64, 4);
            cx.s("!] ");
        } else {
            cx.s("[icmp6 sum ok] ");
        }
    }
    cx.s("ICMP6, ");
    // The code is read after the type's name is printed.
    let code = || d.u8_at(1);
    match type_name(t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown icmp6 type (");
            cx.u(t as u64);
            cx.b(b')');
        }
    }
    // tcpdump prints the length early, with -v, for the types whose -v
    // output runs on.
    if verbose > 0 && matches!(t, 133 | 134 | 135 | 136 | 137 | 145 | 147) {
        cx.s(", length ");
        cx.u(length as u64);
    }
    // Every type needs its code byte (read after the name).
    code()?;
    match t {
        1 => {
            let code = code()?;
            cx.s(", ");
            match unreach_code_name(code) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("unknown unreach code (");
                    cx.u(code as u64);
                    cx.b(b')');
                }
            }
            match code {
                0 | 1 | 3 => {
                    let dst = d.range(8 + 24, 16)?;
                    cx.b(b' ');
                    cx.ipv6(dst);
                }
                2 => {
                    let dst = d.range(8 + 24, 16)?;
                    let src = d.range(8 + 8, 16)?;
                    cx.b(b' ');
                    cx.ipv6(dst);
                    cx.s(", source address ");
                    cx.ipv6(src);
                }
                4 => {
                    let Some((prot, at)) = upper_layer(d, 8)? else {
                        cx.trunc_marker();
                        return Ok(());
                    };
                    let dport = d.be16(at + 2)?;
                    cx.s(", ");
                    cx.ipv6(d.range(8 + 24, 16)?);
                    match prot {
                        PROTO_TCP => {
                            cx.s(" tcp port ");
                            cx.tcp_port(dport);
                        }
                        PROTO_UDP => {
                            cx.s(" udp port ");
                            cx.udp_port(dport);
                        }
                        _ => {
                            cx.s(" protocol ");
                            cx.u(prot as u64);
                            cx.s(" port ");
                            cx.u(dport as u64);
                            cx.s(" unreachable");
                        }
                    }
                }
                _ => {
                    if verbose <= 1 {
                        let _ = code;
                        unknown_data(cx, d, length);
                        return Ok(());
                    }
                }
            }
        }
        2 => {
            let mtu = d.be32(4)?;
            cx.s(", mtu ");
            cx.u(mtu as u64);
        }
        3 => match code()? {
            0 => {
                let dst = d.range(8 + 24, 16)?;
                cx.s(" for ");
                cx.ipv6(dst);
            }
            1 => cx.s(" (reassembly)"),
            c => {
                cx.s(", unknown code (");
                cx.u(c as u64);
                cx.b(b')');
            }
        },
        4 => {
            let code = code()?;
            // The snapshot checks the quoted destination itself (-x then
            // dumps from the network header).
            if !d.has(8 + 24, 16) {
                cx.trunc_marker();
                return Ok(());
            }
            let ptr = d.be32(4)?;
            let text = match code {
                0 => ", erroneous - octet ",
                1 => ", next header - octet ",
                2 => ", option - octet ",
                3 => ", incomplete header chain - octet ",
                _ => "",
            };
            if text.is_empty() {
                cx.s(", code-#");
                cx.u(code as u64);
            } else {
                cx.s(text);
                cx.u(ptr as u64);
            }
        }
        160 | 161 => {
            // RFC 8335: id and a one-byte sequence number.
            let id = d.be16(4)?;
            let seq = d.u8_at(6)?;
            cx.s(", id ");
            cx.u(id as u64);
            cx.s(", seq ");
            cx.u(seq as u64);
            if verbose > 0 && t == 160 {
                ext_echo_request(cx, &d[..d.len().min(length)])?;
            }
            if verbose > 0 && t == 161 {
                ext_echo_reply(cx, d)?;
            }
        }
        128 | 129 => {
            // Both fields are read before anything is printed.
            d.range(4, 4)?;
            cx.s(", id ");
            cx.u(d.be16(4)? as u64);
            cx.s(", seq ");
            cx.u(d.be16(6)? as u64);
        }
        130 => {
            if length == 24 {
                mld(cx, d)?;
            } else if length >= 28 {
                cx.s(" v2");
                mldv2_query(cx, d, length)?;
            } else {
                cx.s(" unknown-version (len ");
                cx.u(length as u64);
                cx.s(") ");
            }
        }
        131 | 132 => mld(cx, d)?,
        133 => {
            if verbose > 0 {
                nd_options(cx, d, 8, length)?;
            }
        }
        134 => {
            if verbose > 0 {
                router_advert(cx, d)?;
                nd_options(cx, d, 16, length)?;
            }
        }
        135 => {
            let target = d.range(8, 16)?;
            cx.s(", who has ");
            cx.ipv6(target);
            if verbose > 0 {
                nd_options(cx, d, 24, length)?;
            }
        }
        136 => {
            let target = d.range(8, 16)?;
            cx.s(", tgt is ");
            cx.ipv6(target);
            if verbose > 0 {
                let flags = d.be32(4)?;
                cx.s(", Flags [");
                let mut any = false;
                for (bit, name) in [
                    (0x8000_0000u32, "router"),
                    (0x4000_0000, "solicited"),
                    (0x2000_0000, "override"),
                ] {
                    if flags & bit != 0 {
                        if any {
                            cx.s(", ");
                        }
                        cx.s(name);
                        any = true;
                    }
                }
                if !any {
                    cx.s("none");
                }
                cx.b(b']');
                nd_options(cx, d, 24, length)?;
            }
        }
        137 => {
            let (dst, target) = (d.range(24, 16)?, d.range(8, 16)?);
            cx.s(", ");
            cx.ipv6(dst);
            cx.s(" to ");
            cx.ipv6(target);
            if verbose > 0 {
                nd_options(cx, d, 40, length)?;
            }
        }
        143 => {
            if length < 8 {
                cx.s(" [invalid len ");
                cx.u(length as u64);
                cx.b(b']');
            } else {
                let n = d.be16(6)?;
                cx.s(", ");
                cx.u(n as u64);
                cx.s(" group record(s)");
                if verbose > 0 {
                    mldv2_records(cx, d, n as usize, length)?;
                }
            }
        }
        139 | 140 => {
            // Cut short, the message gets its marker and goes on (without
            // -v its length follows).
            if super::icmp6_nodeinfo::nodeinfo(cx, &d[..d.len().min(length)], length).is_err() {
                cx.trunc_marker();
            }
        }
        138 => super::icmp6_rrenum::rrenum(cx, d)?,
        155 => super::rpl::rpl(cx, d, length)?,
        141 | 142 => {}
        145 => {
            if verbose > 0 {
                let id = d.be16(4)?;
                cx.s(", id 0x");
                fmt::put_hex_padded(cx.out, id as u64, 4);
                let end = length.min(d.len());
                let mut at = 8;
                while at < end {
                    let addr = d.range(at, 16)?;
                    cx.s(", ");
                    cx.ipv6(addr);
                    at += 16;
                }
            }
        }
        147 => {
            if verbose > 0 {
                let id = d.be16(4)?;
                cx.s(", id 0x");
                fmt::put_hex_padded(cx.out, id as u64, 4);
                let flags = d.be16(6)?;
                if flags & 0xc000 != 0 {
                    cx.b(b' ');
                }
                if flags & 0x8000 != 0 {
                    cx.b(b'M');
                }
                if flags & 0x4000 != 0 {
                    cx.b(b'O');
                }
                nd_options(cx, d, 8, length)?;
            }
        }
        144 | 146 => {
            let id = d.be16(4)?;
            cx.s(", id 0x");
            fmt::put_hex_padded(cx.out, id as u64, 4);
        }
        _ => {
            cx.s(", length ");
            cx.u(length as u64);
            if verbose <= 1 {
                unknown_data(cx, d, length);
            }
            return Ok(());
        }
    }
    if verbose == 0 {
        cx.s(", length ");
        cx.u(length as u64);
    }
    Ok(())
}

fn mld(cx: &mut Ctx, d: &[u8]) -> R {
    // Nothing at all unless the whole message was captured.
    if !d.has(0, 24) {
        return Ok(());
    }
    let delay = d.be16(4)?;
    let addr = d.range(8, 16)?;
    cx.s("max resp delay: ");
    cx.u(delay as u64);
    cx.s(" addr: ");
    cx.ipv6(addr);
    Ok(())
}

fn mldv2_query(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    if length < 28 {
        cx.s(" [invalid len ");
        cx.u(length as u64);
        cx.b(b']');
        return Ok(());
    }
    let mrc = d.be16(4)? as u32;
    let mrt = if mrc < 32768 {
        mrc
    } else {
        ((mrc & 0x0fff) | 0x1000) << (((mrc & 0x7000) >> 12) + 3)
    };
    if cx.opts.verbose > 0 {
        cx.s(" [max resp delay=");
        cx.u(mrt as u64);
        cx.b(b']');
    }
    let gaddr = d.range(8, 16)?;
    cx.s(" [gaddr ");
    cx.ipv6(gaddr);
    if cx.opts.verbose > 0 {
        let b = d.u8_at(24)?;
        if b & 0x08 != 0 {
            cx.s(" sflag");
        }
        if b & 0x07 != 0 {
            cx.s(" robustness=");
            cx.u((b & 0x07) as u64);
        }
        let qqic = d.u8_at(25)? as u32;
        let qqi = if qqic < 128 {
            qqic
        } else {
            ((qqic & 0x0f) | 0x10) << (((qqic & 0x70) >> 4) + 3)
        };
        cx.s(" qqi=");
        cx.u(qqi as u64);
    }
    let nsrcs = d.be16(26)? as usize;
    if nsrcs > 0 {
        if length < 28 + nsrcs * 16 {
            cx.s(" [invalid number of sources]");
        } else if cx.opts.verbose > 1 {
            cx.s(" {");
            for i in 0..nsrcs {
                let src = d.range(28 + 16 * i, 16)?;
                cx.b(b' ');
                cx.ipv6(src);
            }
            cx.s(" }");
        } else {
            cx.s(", ");
            cx.u(nsrcs as u64);
            cx.s(" source(s)");
        }
    }
    cx.b(b']');
    Ok(())
}

fn mldv2_records(cx: &mut Ctx, d: &[u8], n: usize, length: usize) -> R {
    let mut at = 8;
    for _ in 0..n {
        // A record past the message's length: the count was wrong.
        if at + 20 > length {
            cx.s(" [invalid number of groups]");
            return Ok(());
        }
        let rtype = d.u8_at(at)?;
        let nsrcs = d.be16(at + 2)? as usize;
        let gaddr = d.range(at + 4, 16)?;
        cx.s(" [gaddr ");
        cx.ipv6(gaddr);
        cx.b(b' ');
        cx.s(match rtype {
            1 => "is_in",
            2 => "is_ex",
            3 => "to_in",
            4 => "to_ex",
            5 => "allow",
            6 => "block",
            _ => "",
        });
        if !(1..=6).contains(&rtype) {
            cx.s(" [v2-report-#");
            cx.u(rtype as u64);
            cx.b(b']');
        }
        if at + 20 + 16 * nsrcs > length {
            cx.s(" [invalid number of sources ");
            cx.u(nsrcs as u64);
            cx.b(b']');
            return Ok(());
        }
        if cx.opts.verbose == 1 {
            cx.s(", ");
            cx.u(nsrcs as u64);
            cx.s(" source(s)");
        } else {
            cx.s(" {");
            for i in 0..nsrcs {
                let src = d.range(at + 20 + 16 * i, 16)?;
                cx.b(b' ');
                cx.ipv6(src);
            }
            cx.s(" }");
        }
        cx.b(b']');
        // (The auxiliary data is not skipped: the snapshot reads the
        // next record right after the sources.)
        at += 20 + 16 * nsrcs;
    }
    Ok(())
}

fn router_advert(cx: &mut Ctx, d: &[u8]) -> R {
    // The fixed part is checked whole before any of it is printed.
    d.range(0, 16)?;
    let hop = d.u8_at(4)?;
    let flags = d.u8_at(5)?;
    cx.s("\n\thop limit ");
    cx.u(hop as u64);
    cx.s(", Flags [");
    cx.flag_names(
        flags as u32,
        &[
            (0x80, "managed"),
            (0x40, "other stateful"),
            (0x20, "home agent"),
            (0x02, "ipv6 only"),
        ],
    );
    cx.s("], pref ");
    cx.s(match (flags >> 3) & 3 {
        0 => "medium",
        1 => "high",
        2 => "reserved",
        _ => "low",
    });
    cx.s(", router lifetime ");
    cx.u(d.be16(6)? as u64);
    cx.s("s, reachable time ");
    cx.u(d.be32(8)? as u64);
    cx.s("ms, retrans timer ");
    cx.u(d.be32(12)? as u64);
    cx.s("ms");
    Ok(())
}

/// Neighbor-discovery options (`-v`), one continuation line each. Like
/// tcpdump, walks the captured bytes; an option that does not fit ends the
/// line with ` [|icmp6]`.
fn nd_options(cx: &mut Ctx, d: &[u8], start: usize, length: usize) -> R {
    let mut at = start;
    while at < d.len() && at < length {
        let (Some(&t), Some(&l)) = (d.get(at), d.get(at + 1)) else {
            cx.trunc_marker();
            return Ok(());
        };
        let l = l as usize;
        if l == 0 || at + l * 8 > d.len() {
            cx.trunc_marker();
            return Ok(());
        }
        let name = match t {
            1 => "source link-address",
            2 => "destination link-address",
            3 => "prefix info",
            4 => "redirected header",
            5 => "mtu",
            8 => "homeagent information",
            7 => "advertisement interval",
            24 => "route info",
            25 => "rdnss",
            14 => "nonce",
            31 => "dnssl",
            38 => "pref64",
            _ => "unknown",
        };
        cx.s("\n\t  ");
        cx.s(name);
        cx.s(" option (");
        cx.u(t as u64);
        cx.s("), length ");
        cx.u((l * 8) as u64);
        cx.s(" (");
        cx.u(l as u64);
        cx.s("): ");
        let body = &d[at + 2..at + l * 8];
        match t {
            1 | 2 => {
                cx.mac(body);
            }
            14 => {
                // The nonce's bytes in hex, space-separated.
                for (k, &b) in body.iter().enumerate() {
                    if k > 0 {
                        cx.b(b' ');
                    }
                    fmt::put_hex2(cx.out, b);
                }
            }
            5 => {
                cx.b(b' ');
                cx.u(body.be32(2)? as u64);
                if l != 1 {
                    cx.s("bad option length");
                }
            }
            3 => {
                let plen = body.u8_at(0)?;
                let flags = body.u8_at(1)?;
                cx.ipv6(body.range(14, 16)?);
                cx.b(b'/');
                cx.u(plen as u64);
                if l != 4 {
                    cx.s("badlen");
                }
                cx.s(", Flags [");
                let mut any = false;
                for (bit, nm) in [(0x80u8, "onlink"), (0x40, "auto"), (0x20, "router")] {
                    if flags & bit != 0 {
                        if any {
                            cx.s(", ");
                        }
                        cx.s(nm);
                        any = true;
                    }
                }
                if !any {
                    cx.s("none");
                }
                cx.s("], valid time ");
                lifetime(cx, body.be32(2)?);
                cx.s(", pref. time ");
                lifetime(cx, body.be32(6)?);
            }
            4 => {
                // tcpdump dumps from the start of all the options here.
                let from = &d[start..];
                hexdump::hex(cx.out, b"\n\t    ", &from[..from.len().min(l * 8)], 0);
            }
            7 => {
                cx.b(b' ');
                cx.u(body.be32(2)? as u64);
                cx.s("ms");
            }
            8 => {
                cx.s(" preference ");
                cx.u(body.be16(2)? as u64);
                cx.s(", lifetime ");
                cx.u(body.be16(4)? as u64);
            }
            24 => {
                let prefix_len = body.u8_at(0)?;
                let flags = body.u8_at(1)?;
                let life = body.be32(2)?;
                let mut addr = [0u8; 16];
                match l {
                    1 => {}
                    2 => addr[..8].copy_from_slice(body.range(6, 8)?),
                    3 => addr.copy_from_slice(body.range(6, 16)?),
                    _ => {
                        cx.trunc_marker();
                        return Ok(());
                    }
                }
                cx.b(b' ');
                cx.ipv6(&addr);
                cx.b(b'/');
                cx.u(prefix_len as u64);
                cx.s(", pref=");
                cx.s(match (flags >> 3) & 3 {
                    0 => "medium",
                    1 => "high",
                    2 => "rsv",
                    _ => "low",
                });
                cx.s(", lifetime=");
                lifetime(cx, life);
            }
            38 => {
                // RFC 8781: scaled lifetime (13 bits, units of 8 s), prefix
                // length code, 96 bits of prefix.
                let v = body.be16(0)?;
                let plc = v & 7;
                let mut prefix = [0u8; 16];
                prefix[..12].copy_from_slice(body.range(2, 12)?);
                cx.ipv6(&prefix);
                cx.b(b'/');
                match plc {
                    0 => cx.s("96"),
                    1 => cx.s("64"),
                    2 => cx.s("56"),
                    3 => cx.s("48"),
                    4 => cx.s("40"),
                    5 => cx.s("32"),
                    _ => cx.s("??"),
                }
                cx.s(" (plc ");
                cx.u(plc as u64);
                cx.s("), lifetime ");
                cx.u(((v >> 3) as u64) * 8);
                cx.b(b's');
            }
            31 => {
                cx.s(" lifetime ");
                cx.u(body.be32(2)? as u64);
                cx.s("s, domain(s):");
                // Names in DNS wire form, compression offsets from the
                // first option, up to a zero byte or the option's end.
                let end = at + l * 8;
                let mut domp = at + 8;
                while domp < end && d.u8_at(domp)? != 0 {
                    cx.b(b' ');
                    match dispatch::dns_name(cx, d, domp, start)? {
                        Some(next) => domp = next,
                        None => {
                            cx.trunc_marker();
                            return Ok(());
                        }
                    }
                }
            }
            25 => {
                cx.s(" lifetime ");
                cx.u(body.be32(2)? as u64);
                cx.s("s,");
                for i in 0..(l - 1) / 2 {
                    cx.s(" addr: ");
                    cx.ipv6(body.range(6 + 16 * i, 16)?);
                }
            }
            _ => {
                if cx.opts.verbose <= 1 {
                    hex_bytes(cx, body);
                    return Ok(());
                }
            }
        }
        if cx.opts.verbose > 1 {
            hexdump::hex(cx.out, b"\n\t    ", body, 0);
        }
        at += l * 8;
    }
    Ok(())
}

fn lifetime(cx: &mut Ctx, t: u32) {
    if t == 0xffff_ffff {
        cx.s("infinity");
    } else {
        cx.u(t as u64);
        cx.b(b's');
    }
}

fn hex_bytes(cx: &mut Ctx, b: &[u8]) {
    hexdump::hex(cx.out, b"\n\t  ", b, 0);
}

/// tcpdump's `print_unknown_data`: hex only.
fn unknown_data(cx: &mut Ctx, d: &[u8], length: usize) {
    hexdump::hex(cx.out, b"\n\t", &d[..d.len().min(length)], 0);
}

/// The `dispatch::IP_PROTOS` entry.
pub fn print_ip(cx: &mut Ctx, p: &dispatch::IpPayload) -> R {
    if p.version != 6 {
        super::ip::wrong_icmp(cx, 58, p.version);
        return Ok(());
    }
    print(cx, p.data, p.length, p.net, p.fragmented)
}

/// The interface identification of an RFC 8335 extended echo request:
/// `Local`/`Remote Interface`, the extension header's checksum, the
/// object (by name, index or address).
pub(super) fn ext_echo_request(cx: &mut Ctx, d: &[u8]) -> R {
    let local = d.u8_at(7)? & 0x01 != 0;
    cx.s(if local {
        "\n\tLocal Interface"
    } else {
        "\n\tRemote Interface"
    });
    let ext = d.get(8..).unwrap_or(&[]);
    if ext.u8_at(0)? >> 4 != 2 {
        cx.s(" (invalid)");
        return Ok(());
    }
    let obj_len = ext.be16(4)? as usize;
    let class = ext.u8_at(6)?;
    let ctype = ext.u8_at(7)?;
    if 4 + obj_len <= ext.len() {
        // The checksum covers the extension header and the object.
        let sum = fold(ones_sum(&ext[..4 + obj_len]));
        cx.s(", checksum 0x");
        fmt::put_hex_padded(cx.out, ext.be16(2)? as u64, 4);
        cx.s(if sum == 0 {
            " (correct)"
        } else {
            " (incorrect)"
        });
        cx.s(", length ");
        cx.u((4 + obj_len) as u64);
    }
    cx.s("\n\t  ");
    cx.s(super::icmp::ext_object_name(class));
    cx.s(" (");
    cx.u(class as u64);
    cx.s("), Class-Type: ");
    cx.u(ctype as u64);
    cx.s(", length ");
    cx.u(obj_len as u64);
    if class == 0 || obj_len < 4 {
        return Ok(());
    }
    super::icmp::ext_object_body(cx, class, ctype, ext.get(8..).unwrap_or(&[]), obj_len - 4)
}

/// An RFC 8335 extended echo reply's code, state and flags (ICMP and
/// ICMPv6 alike).
pub(super) fn ext_echo_reply(cx: &mut Ctx, d: &[u8]) -> R {
    let code = d.u8_at(1)?;
    let f = d.u8_at(7)?;
    cx.s("\n\tCode ");
    cx.u(code as u64);
    cx.s(" (");
    cx.s(match code {
        0 => "No error",
        1 => "Malformed Query",
        2 => "No Such Interface",
        3 => "No Such Table Entry",
        4 => "Multiple Interfaces Satisfy Query",
        _ => "Unknown",
    });
    cx.s("), State ");
    let state = f >> 5;
    cx.u(state as u64);
    cx.s(" (");
    cx.s(match state {
        0 => "Reserved",
        1 => "Incomplete",
        2 => "Reachable",
        3 => "Stale",
        4 => "Delay",
        5 => "Probe",
        6 => "Failed",
        _ => "Unknown",
    });
    cx.s("), active ");
    cx.u(((f >> 2) & 1) as u64);
    cx.s(" ipv4 ");
    cx.u(((f >> 1) & 1) as u64);
    cx.s(" ipv6 ");
    cx.u((f & 1) as u64);
    Ok(())
}
