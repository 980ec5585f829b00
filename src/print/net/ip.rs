//! IPv4 (RFC 791) and the demultiplexing to what it carries, shared with
//! IPv6.

use crate::print::core::prelude::*;
use crate::print::dispatch;

static OPTION_NAMES: &[(u8, &str)] = &[
    (0, "EOL"),
    (1, "NOP"),
    (7, "RR"),
    (68, "timestamp"),
    (82, "traceroute"),
    (130, "security"),
    (131, "LSRR"),
    (137, "SSRR"),
    (148, "RA"),
];

fn bad_length(cx: &mut Ctx, sep: &str, len: usize) {
    cx.s(sep);
    cx.s("[bad length ");
    cx.u(len as u64);
    cx.b(b']');
}

/// `-v` IP options: `d` the captured bytes from the first option on,
/// `length` the options' length. `Ok(false)` where the snapshot's own
/// check of an option's bytes fails (the options are then marked
/// truncated).
fn print_options(cx: &mut Ctx, d: &[u8], mut length: usize) -> R<bool> {
    let mut at = 0;
    while length > 0 {
        if at > 0 {
            cx.b(b',');
        }
        let code = d.u8_at(at)?;
        match tables::lookup(OPTION_NAMES, code) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown ");
                cx.u(code as u64);
            }
        }
        let olen = if code <= 1 {
            1
        } else {
            let l = d.u8_at(at + 1)? as usize;
            if l < 2 {
                bad_length(cx, " ", l);
                return Ok(true);
            }
            l
        };
        if olen > length {
            bad_length(cx, " ", olen);
            return Ok(true);
        }
        if !d.has(at, olen) {
            return Ok(false);
        }
        let ok = match code {
            0 => return Ok(true),
            68 => timestamp(cx, d, at, olen)?,
            7 | 131 | 137 => route(cx, d, at, olen)?,
            148 if olen < 4 => {
                bad_length(cx, " ", olen);
                true
            }
            148 => {
                let v = d.be16(at + 2)?;
                if v != 0 {
                    cx.s(" value ");
                    cx.u(v as u64);
                }
                true
            }
            _ => true,
        };
        if !ok {
            return Ok(false);
        }
        at += olen;
        length -= olen;
    }
    Ok(true)
}

/// The last address of the first loose or strict source route among the
/// options (the datagram's final destination, which the transport
/// checksum covers); none if there is none or the options run out.
fn route_final_dst(opts: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    while at < opts.len() {
        let len = match opts[at] {
            0 => return None,
            1 => 1,
            _ => match *opts.get(at + 1)? as usize {
                l if l < 2 => return None,
                l => l,
            },
        };
        if opts.len() - at < len {
            return None;
        }
        if matches!(opts[at], 131 | 137) && len >= 7 {
            return opts.get(at + len - 4..at + len);
        }
        at += len;
    }
    None
}

/// A recorded or source route: its addresses, `,` after those already
/// passed (the pointer). `Ok(false)` if an address was not captured.
fn route(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R<bool> {
    if len < 3 {
        bad_length(cx, " ", len);
        return Ok(true);
    }
    if (len + 1) & 3 != 0 {
        bad_length(cx, " ", len);
    }
    let p = d.u8_at(at + 2)?;
    let ptr = (p as u32).wrapping_sub(1);
    if ptr < 3 || ptr.wrapping_add(1) & 3 != 0 || ptr > len as u32 + 1 {
        cx.s(" [bad ptr ");
        cx.u(p as u64);
        cx.b(b']');
    }
    let mut i = 3;
    while i < len {
        let Ok(a) = d.range(at + i, 4) else {
            return Ok(false);
        };
        cx.b(b' ');
        cx.ipv4(a);
        if ptr > i as u32 {
            cx.b(b',');
        }
        i += 4;
    }
    Ok(true)
}

/// The timestamp option: its kind, then each time (and address).
fn timestamp(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R<bool> {
    if len < 4 {
        bad_length(cx, "", len);
        return Ok(true);
    }
    cx.s(" TS{");
    let flags = d.u8_at(at + 3)?;
    let hop: u32 = if flags & 0xf != 0 { 8 } else { 4 };
    if (len as u32 - 4) & (hop - 1) != 0 {
        bad_length(cx, "", len);
    }
    let p = d.u8_at(at + 2)?;
    let ptr = (p as u32).wrapping_sub(1);
    if ptr < 4 || ptr.wrapping_sub(4) & (hop - 1) != 0 || ptr > len as u32 + 1 {
        cx.s("[bad ptr ");
        cx.u(p as u64);
        cx.b(b']');
    }
    let mut i = 0u32;
    match flags & 0xf {
        0 => cx.s("TSONLY"),
        1 => cx.s("TS+ADDR"),
        3 => cx.s("PRESPEC"),
        t => {
            cx.s("[bad ts type ");
            cx.u(t as u64);
            cx.b(b']');
        }
    }
    if matches!(flags & 0xf, 0 | 1 | 3) {
        i = 4;
        while i < len as u32 {
            let sep = if ptr == i { " ^ " } else { " " };
            let Ok(e) = d.range(at + i as usize, hop as usize) else {
                return Ok(false);
            };
            cx.s(sep);
            cx.u(e.be32(hop as usize - 4)? as u64);
            cx.b(b'@');
            if hop == 8 {
                cx.ipv4(&e[..4]);
            }
            i += hop;
        }
    }
    if ptr == i {
        cx.s(" ^ ");
    }
    if flags >> 4 != 0 {
        cx.s(" [");
        cx.u((flags >> 4) as u64);
        cx.s(" hops not recorded]} ");
    } else {
        cx.b(b'}');
    }
    Ok(true)
}

/// LINKTYPE_IPV4: the packet must be IPv4.
pub fn print_forced(cx: &mut Ctx, data: &[u8], length: usize, _ll: &mut usize) -> R {
    // The header's own checks (length, then version) apply.
    cx.proto = "ip";
    cx.net_names = true;
    print(cx, data, length)
}

/// IPv4: `data` holds the captured bytes from the IP header on, `length`
/// the bytes on the wire from there.
pub fn print(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    cx.proto = "ip";
    // The snapshot names the protocol, then checks the length, then the
    // version (4.99 checked the version first, and with no byte of the
    // header captured stopped before the name).
    if cx.net_names {
        cx.s("IP ");
    }
    // A header inside names itself as the snapshot's does: unless -e.
    cx.net_names = !cx.opts.link_header;
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
    let mut truncated = false;
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
            if !print_options(cx, &data[20..], hlen - 20)? {
                cx.s(" [truncated-option]");
                truncated = true;
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
        cksum_dst: route_final_dst(&data[20..hlen.min(data.len())]).unwrap_or(dst),
        proto,
        len_field: u16::from_be_bytes([data[2], data[3]]).wrapping_sub(hlen as u16),
        ttl: data[8],
    };
    if truncated {
        net.print_addrs(cx);
        cx.s(": ");
        cx.trunc_marker();
        return Ok(());
    }
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
