//! IPv4 (RFC 791) and the demultiplexing to what it carries, shared with
//! IPv6.

use crate::print::core::prelude::*;
use crate::print::dispatch;

fn option_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0 => "EOL",
        1 => "NOP",
        68 => "timestamp",
        130 => "security",
        7 => "RR",
        137 => "SSRR",
        131 => "LSRR",
        148 => "RA",
        82 => "traceroute",
        _ => return None,
    })
}

/// `-v` IP options; `Ok(false)` when an option's length is bad.
fn print_options(cx: &mut Ctx, mut opts: &[u8]) -> R<bool> {
    while !opts.is_empty() {
        let code = opts.u8_at(0)?;
        match option_name(code) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown ");
                cx.u(code as u64);
            }
        }
        let len = if code == 0 || code == 1 {
            1
        } else {
            opts.u8_at(1)? as usize
        };
        if len < 2 && code > 1 || len > opts.len() {
            cx.s(" [bad length ");
            cx.u(len as u64);
            cx.b(b']');
            return Ok(false);
        }
        let opt = opts.range(0, len)?;
        match code {
            0 => return Ok(true),
            7 | 131 | 137 => {
                if len < 3 {
                    cx.s(" [bad length ");
                    cx.u(len as u64);
                    cx.b(b']');
                } else {
                    if (len + 1) & 3 != 0 {
                        cx.s(" [bad length ");
                        cx.u(len as u64);
                        cx.b(b']');
                    }
                    let ptr = opt[2] as usize;
                    let p = ptr.wrapping_sub(1);
                    if !(3..=len + 1).contains(&p) || (p + 1) & 3 != 0 {
                        cx.s(" [bad ptr ");
                        cx.u(ptr as u64);
                        cx.b(b']');
                    }
                    let mut i = 3;
                    while i < len {
                        cx.b(b' ');
                        cx.ipv4(opt.range(i, 4)?);
                        if p > i {
                            cx.b(b',');
                        }
                        i += 4;
                    }
                }
            }
            148 => {
                if len < 4 {
                    cx.s(" [bad length ");
                    cx.u(len as u64);
                    cx.b(b']');
                } else if opt.be16(2)? != 0 {
                    cx.s(" value ");
                    cx.u(opt.be16(2)? as u64);
                }
            }
            _ => {}
        }
        opts = &opts[len..];
    }
    Ok(true)
}

/// IPv4: `data` holds the captured bytes from the IP header on, `length`
/// the bytes on the wire from there.
/// LINKTYPE_IPV4: the packet must be IPv4.
pub fn print_forced(cx: &mut Ctx, data: &[u8], length: usize, _ll: &mut usize) -> R {
    cx.proto = "ip";
    let v = data.u8_at(0)? >> 4;
    if v != 4 {
        cx.s("IP  [version ");
        cx.u(v as u64);
        cx.s(" != 4] (invalid)");
        return Ok(());
    }
    cx.net_names = true;
    print(cx, data, length)
}

pub fn print(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    cx.proto = "ip";
    // The snapshot names the protocol, then checks the length, then the
    // version (4.99 checked the version first, and with no byte of the
    // header captured stopped before the name).
    if cx.net_names {
        cx.s("IP ");
    }
    if length < 20 {
        cx.s(" [length ");
        cx.u(length as u64);
        cx.s(" < 20] (invalid)");
        return Ok(());
    }
    let v = data.u8_at(0)? >> 4;
    if v != 4 {
        cx.s(" [version ");
        cx.u(v as u64);
        cx.s(" != 4] (invalid)");
        return Ok(());
    }
    let hlen = (data[0] & 0x0f) as usize * 4;
    if hlen < 20 {
        cx.bad_len("header length", hlen as u64, "<", 20);
        cx.s(" (invalid)");
        return Ok(());
    }
    let mut len = data.be16(2)? as usize;
    if length < len {
        cx.s("[total length ");
        cx.u(len as u64);
        cx.s(" > length ");
        cx.u(length as u64);
        cx.s("] (invalid) ");
    }
    // A zero total length with TCP or UDP next: a TSO send (or a BIG TCP
    // packet over 64 KiB), whose length the NIC fills in.
    let mut presumed = None;
    if len == 0 && matches!(data.u8_at(9)?, PROTO_TCP | PROTO_UDP) {
        len = length;
        presumed = Some(if length > 65535 { "BIG TCP" } else { "TSO" });
    }
    if len < hlen {
        cx.s("[total length ");
        cx.u(len as u64);
        cx.s(" < header length ");
        cx.u(hlen as u64);
        cx.s("] (invalid)");
        return Ok(());
    }
    if data.len() < 20 {
        // The snapshot's own check of the fixed header: the marker, and
        // the -x dump after the link header.
        cx.trunc_marker();
        return Ok(());
    }
    let len = len.min(length);
    // Nothing past the IP datagram belongs to it (Ethernet padding).
    let data = &data[..data.len().min(len)];
    // The wire length may end inside the header: no payload then.
    let payload_len = len.saturating_sub(hlen);
    let off = data.be16(6)?;
    let proto = data[9];
    let src = &data[12..16];
    let dst = &data[16..20];
    if cx.opts.verbose > 0 {
        let tos = data[1];
        cx.s("(tos 0x");
        fmt::put_hex(cx.out, tos as u64);
        match tos & 3 {
            1 => cx.s(",ECT(1)"),
            2 => cx.s(",ECT(0)"),
            3 => cx.s(",CE"),
            _ => {}
        }
        let ttl = data[8];
        if ttl >= 1 {
            cx.s(", ttl ");
            cx.u(ttl as u64);
        }
        cx.s(", id ");
        cx.u(data.be16(4)? as u64);
        cx.s(", offset ");
        cx.u(((off & 0x1fff) as u64) * 8);
        cx.s(", flags [");
        let mut any = false;
        for (bit, name) in [(0x2000u16, "+"), (0x4000, "DF"), (0x8000, "rsvd")] {
            if off & bit != 0 {
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
        cx.s("], proto ");
        cx.s(proto_name(proto).unwrap_or("unknown"));
        cx.s(" (");
        cx.u(proto as u64);
        cx.s("), length ");
        match presumed {
            Some(what) => {
                cx.u(len as u64);
                cx.s(" [was 0, presumed ");
                cx.s(what);
                cx.b(b']');
            }
            None => cx.u(data.be16(2)? as u64),
        }
        if hlen > 20 {
            cx.s(", options (");
            match data.get(20..hlen.min(data.len())) {
                Some(opts) if data.len() >= hlen => {
                    print_options(cx, opts)?;
                }
                _ => return Err(Trunc),
            }
            cx.b(b')');
        }
        if data.len() >= hlen {
            let sum = fold(ones_sum(&data[..hlen]));
            if sum != 0 {
                let ip_sum = data.be16(10)?;
                cx.s(", bad cksum ");
                fmt::put_hex(cx.out, ip_sum as u64);
                cx.s(" (->");
                fmt::put_hex(cx.out, cksum_shouldbe(ip_sum, sum) as u64);
                cx.s(")!");
            }
        }
        cx.s(if cx.opts.ip_oneline { ") " } else { ")\n    " });
    }
    let net = NetHeader::V4 {
        src,
        dst,
        proto,
        ttl: data[8],
    };
    if off & 0x1fff == 0 {
        if !matches!(proto, PROTO_TCP | PROTO_UDP | PROTO_SCTP | PROTO_DCCP) {
            net.print_addrs(cx);
            cx.s(": ");
        }
        if data.len() < hlen {
            cx.s(" [remaining caplen(");
            cx.u(data.len() as u64);
            cx.s(") < header length(");
            cx.u(hlen as u64);
            cx.s(")]");
            return Err(Trunc);
        }
        demux(
            cx,
            &data[hlen..],
            payload_len,
            4,
            off & 0x2000 != 0,
            proto,
            net,
        )
    } else {
        net.print_addrs(cx);
        cx.b(b':');
        proto_or_number(cx, proto);
        Ok(())
    }
}

/// What an IPv4 or IPv6 header (after extension headers) says comes next:
/// the decoder `dispatch::IP_PROTOS` has for it, or ` ip-proto-N LEN`.
pub fn demux(
    cx: &mut Ctx,
    data: &[u8],
    length: usize,
    version: u8,
    fragmented: bool,
    next: u8,
    net: NetHeader,
) -> R {
    match dispatch::ip_proto(next) {
        Some(decode) => decode(
            cx,
            &dispatch::IpPayload {
                data,
                length,
                version,
                fragmented,
                net,
            },
        ),
        None => {
            unknown_proto(cx, next, length);
            Ok(())
        }
    }
}

/// The line for a protocol without a decoder: ` name LEN` or
/// ` ip-proto-N LEN`.
pub fn unknown_proto(cx: &mut Ctx, next: u8, length: usize) {
    proto_or_number(cx, next);
    cx.b(b' ');
    cx.u(length as u64);
}

/// ICMP in IPv6 or ICMPv6 in IPv4.
pub fn wrong_icmp(cx: &mut Ctx, next: u8, version: u8) {
    cx.b(b'[');
    cx.s(proto_name(next).unwrap_or("unknown"));
    cx.s(if version == 4 {
        " requires IPv6]"
    } else {
        " requires IPv4]"
    });
    cx.s(" (invalid)");
}

/// ` name` from /etc/protocols without `-n`, else ` ip-proto-N`.
fn proto_or_number(cx: &mut Ctx, proto: u8) {
    if cx.opts.numeric == 0 {
        if let Some(name) = names::Names::protocol(proto) {
            cx.out.push(b' ');
            cx.out.extend_from_slice(name.as_bytes());
            return;
        }
    }
    cx.s(" ip-proto-");
    cx.u(proto as u64);
}
