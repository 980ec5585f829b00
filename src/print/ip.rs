//! IPv4 (RFC 791) and the demultiplexing to what it carries, shared with
//! IPv6.

use super::{icmp, icmp6, ip6, tcp, udp, Bytes, Ctx, R};

pub const PROTO_ICMP: u8 = 1;
pub const PROTO_IPV4: u8 = 4;
pub const PROTO_TCP: u8 = 6;
pub const PROTO_UDP: u8 = 17;
pub const PROTO_DCCP: u8 = 33;
pub const PROTO_IPV6: u8 = 41;
pub const PROTO_ICMPV6: u8 = 58;
pub const PROTO_NONE: u8 = 59;
pub const PROTO_SCTP: u8 = 132;

/// tcpdump's names for IP protocol numbers (`-v` headers).
pub fn proto_name(p: u8) -> Option<&'static str> {
    Some(match p {
        0 => "Options",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        8 => "EGP",
        9 => "IGRP",
        17 => "UDP",
        33 => "DCCP",
        41 => "IPv6",
        43 => "Routing",
        44 => "Fragment",
        46 => "RSVP",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        55 => "Mobile IP",
        58 => "ICMPv6",
        59 => "none",
        60 => "Destination Options",
        62 => "Mobile IP (old)",
        88 => "EIGRP",
        89 => "OSPF",
        103 => "PIM",
        108 => "Compressed IP",
        112 => "VRRP",
        113 => "PGM",
        132 => "SCTP",
        135 => "Mobility",
        143 => "Ethernet",
        240 => "pfsync",
        _ => return None,
    })
}

/// The network header a transport decoder needs: addresses for printing
/// and for the checksum pseudo-header.
#[derive(Clone, Copy)]
pub enum NetHeader<'a> {
    V4 {
        src: &'a [u8],
        dst: &'a [u8],
        proto: u8,
    },
    V6 {
        src: &'a [u8],
        dst: &'a [u8],
        next: u8,
        cksum_dst: &'a [u8],
    },
}

impl NetHeader<'_> {
    pub fn is_v6(&self) -> bool {
        matches!(self, NetHeader::V6 { .. })
    }
    /// `src > dst` without ports.
    pub fn print_addrs(&self, cx: &mut Ctx) {
        match *self {
            NetHeader::V4 { src, dst, .. } => {
                cx.ipv4(src);
                cx.s(" > ");
                cx.ipv4(dst);
            }
            NetHeader::V6 { src, dst, .. } => {
                cx.ipv6(src);
                cx.s(" > ");
                cx.ipv6(dst);
            }
        }
    }
    pub fn src(&self) -> &[u8] {
        match *self {
            NetHeader::V4 { src, .. } | NetHeader::V6 { src, .. } => src,
        }
    }
    pub fn dst(&self) -> &[u8] {
        match *self {
            NetHeader::V4 { dst, .. } | NetHeader::V6 { dst, .. } => dst,
        }
    }
    /// The protocol field of the IP header itself (not of the last
    /// extension header): tcpdump prints ports joined to addresses only
    /// when it names the transport protocol directly.
    pub fn header_proto(&self) -> u8 {
        match *self {
            NetHeader::V4 { proto, .. } => proto,
            NetHeader::V6 { next, .. } => next,
        }
    }
    /// Internet checksum of the pseudo-header plus `data`; 0 if correct.
    pub fn transport_cksum(&self, proto: u8, data: &[u8]) -> u16 {
        let mut sum: u32 = 0;
        let len = data.len() as u32;
        match *self {
            NetHeader::V4 { src, dst, .. } => {
                sum += ones_sum(src) + ones_sum(dst);
                sum += proto as u32 + (len & 0xffff);
            }
            NetHeader::V6 { src, cksum_dst, .. } => {
                // The final destination after a routing header.
                sum += ones_sum(src) + ones_sum(cksum_dst);
                sum += (len >> 16) + (len & 0xffff) + proto as u32;
            }
        }
        sum += ones_sum(data);
        fold(sum)
    }
}

/// Sum of 16-bit big-endian words (odd byte padded with zero), unfolded.
pub fn ones_sum(data: &[u8]) -> u32 {
    let mut sum: u64 = 0;
    let mut chunks = data.chunks_exact(2);
    for c in chunks.by_ref() {
        sum += u16::from_be_bytes([c[0], c[1]]) as u64;
    }
    if let [b] = chunks.remainder() {
        sum += (*b as u64) << 8;
    }
    while sum >> 32 != 0 {
        sum = (sum & 0xffff_ffff) + (sum >> 32);
    }
    (sum & 0xffff) as u32 + (sum >> 16) as u32
}

/// Fold and complement: the checksum result (0 = valid).
pub fn fold(mut sum: u32) -> u16 {
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// The checksum value that would have made the sum come out right
/// (tcpdump's `in_cksum_shouldbe`).
pub fn cksum_shouldbe(sum: u16, computed: u16) -> u16 {
    let mut s = sum as u32 + computed as u32;
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    s as u16
}

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
pub fn print(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    cx.proto = "ip";
    let v = data.u8_at(0)? >> 4;
    if v != 4 {
        if v == 6 {
            cx.s("IP6, wrong link-layer encapsulation");
        } else {
            cx.s("IP");
            cx.u(v as u64);
        }
        cx.s(" (invalid)");
        return Ok(());
    }
    if !cx.opts.link_header {
        cx.s("IP ");
    }
    if data.len() < 20 {
        cx.trunc_marker();
        return Ok(());
    }
    if length < 20 {
        cx.s("truncated-ip ");
        cx.u(length as u64);
        return Ok(());
    }
    let hlen = (data[0] & 0x0f) as usize * 4;
    if hlen < 20 {
        cx.s("bad-hlen ");
        cx.u(hlen as u64);
        return Ok(());
    }
    let mut len = data.be16(2)? as usize;
    if length < len {
        cx.s("truncated-ip - ");
        cx.u((len - length) as u64);
        cx.s(" bytes missing! ");
    }
    if len < hlen {
        if len != 0 {
            cx.s("bad-len ");
            cx.u(len as u64);
            return Ok(());
        }
        // A zero length: most likely a TSO send, whose length the NIC fills in.
        len = length;
    }
    // Nothing past the IP datagram belongs to it (Ethernet padding).
    let data = &data[..data.len().min(len)];
    // `len < hlen` only after the TSO guess on a packet shorter than its
    // header, which is reported as truncated before the payload is used.
    let payload_len = len.saturating_sub(hlen);
    let off = data.be16(6)?;
    let proto = data[9];
    let src = &data[12..16];
    let dst = &data[16..20];
    if cx.opts.verbose > 0 {
        let tos = data[1];
        cx.s("(tos 0x");
        super::fmt::put_hex(cx.out, tos as u64);
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
        cx.u(data.be16(2)? as u64);
        if hlen > 20 {
            cx.s(", options (");
            match data.get(20..hlen.min(data.len())) {
                Some(opts) if data.len() >= hlen => {
                    print_options(cx, opts)?;
                }
                _ => return Err(super::Trunc),
            }
            cx.b(b')');
        }
        if data.len() >= hlen {
            let sum = fold(ones_sum(&data[..hlen]));
            if sum != 0 {
                let ip_sum = data.be16(10)?;
                cx.s(", bad cksum ");
                super::fmt::put_hex(cx.out, ip_sum as u64);
                cx.s(" (->");
                super::fmt::put_hex(cx.out, cksum_shouldbe(ip_sum, sum) as u64);
                cx.s(")!");
            }
        }
        cx.s(")\n    ");
    }
    let net = NetHeader::V4 { src, dst, proto };
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
            return Err(super::Trunc);
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

/// What an IPv4 or IPv6 header (after extension headers) says comes next.
pub fn demux(
    cx: &mut Ctx,
    data: &[u8],
    length: usize,
    version: u8,
    fragmented: bool,
    next: u8,
    net: NetHeader,
) -> R {
    match next {
        PROTO_TCP => tcp::print(cx, data, length, net, fragmented),
        PROTO_UDP => udp::print(cx, data, length, net, fragmented),
        PROTO_ICMP if version == 4 => icmp::print(cx, data, length, net, fragmented),
        PROTO_ICMPV6 if version == 6 => icmp6::print(cx, data, length, net, fragmented),
        PROTO_ICMP | PROTO_ICMPV6 => {
            cx.b(b'[');
            cx.s(proto_name(next).unwrap_or("unknown"));
            cx.s(if version == 4 {
                " requires IPv6]"
            } else {
                " requires IPv4]"
            });
            cx.s(" (invalid)");
            Ok(())
        }
        PROTO_IPV4 => print(cx, data, length),
        PROTO_IPV6 => ip6::print(cx, data, length),
        PROTO_NONE => {
            cx.s("no next header");
            Ok(())
        }
        47 => super::gre::print(cx, data, length),
        2 if version == 4 => super::igmp::print(cx, data, length),
        50 => super::igmp::esp(cx, data, length),
        88 => super::igmp::eigrp(cx, data, length),
        89 => super::igmp::ospf(cx, data, length, version),
        _ => {
            proto_or_number(cx, next);
            cx.b(b' ');
            cx.u(length as u64);
            Ok(())
        }
    }
}

/// ` name` from /etc/protocols without `-n`, else ` ip-proto-N`.
fn proto_or_number(cx: &mut Ctx, proto: u8) {
    if cx.opts.numeric == 0 {
        if let Some(name) = super::names::Names::protocol(proto) {
            cx.out.push(b' ');
            cx.out.extend_from_slice(name.as_bytes());
            return;
        }
    }
    cx.s(" ip-proto-");
    cx.u(proto as u64);
}
