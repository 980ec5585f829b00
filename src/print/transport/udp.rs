//! UDP (RFC 768), then the application decoders picked by port.

use crate::print::core::prelude::*;
use crate::print::dispatch;
use crate::print::PacketType;

/// `addr.port > addr.port: ` (or the ports alone when the IP header's own
/// protocol field is not UDP, e.g. behind IPv6 extension headers).
fn addrs(cx: &mut Ctx, net: &NetHeader, ports: Option<(u16, u16)>) {
    // -T rpc: the RPC printer shows the addresses with its own ids (once
    // the ports were captured).
    if ports.is_some() && cx.opts.packet_type == Some(PacketType::Rpc) {
        return;
    }
    if net.header_proto() == PROTO_UDP {
        match ports {
            None => {
                net.print_addrs(cx);
                cx.s(": ");
            }
            Some((sport, dport)) => {
                endpoint(cx, net, true);
                cx.b(b'.');
                cx.udp_port(sport);
                cx.s(" > ");
                endpoint(cx, net, false);
                cx.b(b'.');
                cx.udp_port(dport);
                cx.s(": ");
            }
        }
    } else if let Some((sport, dport)) = ports {
        cx.udp_port(sport);
        cx.s(" > ");
        cx.udp_port(dport);
        cx.s(": ");
    }
}

fn endpoint(cx: &mut Ctx, net: &NetHeader, src: bool) {
    let a = if src { net.src() } else { net.dst() };
    if net.is_v6() {
        cx.ipv6(a)
    } else {
        cx.ipv4(a)
    }
}

pub fn print(cx: &mut Ctx, data: &[u8], length: usize, net: NetHeader, fragmented: bool) -> R {
    cx.proto = "udp";
    // A header cut short ends the packet as the snapshot's accessors end
    // it (the -x dump then starts at the first byte).
    if data.len() < 4 {
        addrs(cx, &net, None);
        return Err(Trunc);
    }
    let sport = data.be16(0)?;
    let dport = data.be16(2)?;
    if length < 8 {
        addrs(cx, &net, Some((sport, dport)));
        cx.s(" [undersized-udp ");
        cx.u(length as u64);
        cx.s(" < 8] (invalid)");
        return Ok(());
    }
    if data.len() < 8 {
        addrs(cx, &net, Some((sport, dport)));
        return Err(Trunc);
    }
    let mut ulen = data.be16(4)? as usize;
    if ulen == 0 && length > 65535 {
        ulen = length;
    }
    if ulen < 8 {
        addrs(cx, &net, Some((sport, dport)));
        cx.s(" [undersized-udplength ");
        cx.u(ulen as u64);
        cx.s(" < 8] (invalid)");
        return Ok(());
    }
    let ulen = ulen - 8;
    let mut length = length - 8;
    if ulen < length {
        length = ulen;
    }
    if data.len() < 8 {
        addrs(cx, &net, Some((sport, dport)));
        return Err(Trunc);
    }
    let body = &data[8..];
    addrs(cx, &net, Some((sport, dport)));
    let payload = dispatch::PortPayload {
        body: &body[..body.len().min(length)],
        captured: body,
        length,
        sport,
        dport,
        net,
    };
    // -T TYPE: the payload is that protocol, checksum unchecked.
    if let Some(decode) = cx.opts.packet_type.and_then(dispatch::udp_packet_type) {
        if !decode(cx, &payload)? {
            cx.s("UDP, length ");
            cx.u(ulen as u64);
        }
        return Ok(());
    }
    // Types tcpdump only decodes over TCP (or not at all): nothing more.
    if matches!(
        cx.opts.packet_type,
        Some(PacketType::Zmtp1 | PacketType::Resp)
    ) {
        return Ok(());
    }
    if !cx.opts.quiet && dispatch::udp_early_port(cx, &payload)? {
        return Ok(());
    }
    if cx.opts.verbose > 0 && !fragmented {
        let udp_sum = data.be16(6)?;
        let check = |cx: &mut Ctx| {
            if body.len() >= length {
                let sum = net.transport_cksum(PROTO_UDP, &data[..length + 8]);
                if sum != 0 {
                    cx.s("[bad udp cksum 0x");
                    fmt::put_hex_padded(cx.out, udp_sum as u64, 4);
                    cx.s(" -> 0x");
                    fmt::put_hex_padded(cx.out, cksum_shouldbe(udp_sum, sum) as u64, 4);
                    cx.s("!] ");
                } else {
                    cx.s("[udp sum ok] ");
                }
            }
        };
        if !net.is_v6() && cx.opts.verbose > 1 {
            if udp_sum == 0 {
                cx.s("[no cksum] ");
            } else {
                check(cx);
            }
        } else if net.is_v6() {
            check(cx);
        }
    }
    if !cx.opts.quiet && dispatch::udp_port(cx, &payload)? {
        return Ok(());
    }
    // The UDP length beyond the IP payload is reported (unless this is a
    // fragment, whose IP payload is only part of the datagram).
    if ulen > length && !fragmented {
        cx.s("UDP, bad length ");
        cx.u(ulen as u64);
        cx.s(" > ");
        cx.u(length as u64);
    } else {
        cx.s("UDP, length ");
        cx.u(ulen as u64);
    }
    Ok(())
}
