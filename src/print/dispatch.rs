//! The dispatch tables: how each layer finds the decoder of the next one
//! (link type, EtherType, IP protocol, TCP and UDP port, `-T` type).
//! Protocol files call the lookups here and never each other's decoders,
//! so adding a protocol is a new file plus a row in a table.

use super::{app, link, net, transport, PacketType};
use crate::print::core::prelude::*;

/// A link-layer decoder: the frame, its wire length, and where to store
/// the link-header length (what `-x` skips).
pub type LinkDecoder = fn(&mut Ctx, &[u8], usize, &mut usize) -> R;

/// Link types (the capture's `LINKTYPE_` value) to their decoders.
pub static LINKTYPES: &[(u32, LinkDecoder)] = &[
    (1, link::ether::ether),
    (113, link::sll::sll),
    (276, link::sll::sll2),
    (0, |cx, d, l, ll| link::null::null(cx, d, l, ll, false)),
    (108, |cx, d, l, ll| link::null::null(cx, d, l, ll, true)),
    // RAW, and IPV4/IPV6, which tcpdump decodes by the version nibble
    // too (so an IPv6 packet in an IPV4 file still prints as IPv6).
    (12, link::raw),
    (14, link::raw),
    (101, link::raw),
    (228, net::ip::print_forced),
    (229, net::ip6::print_forced),
    (226, link::ipnet::ipnet),
    (258, link::pktap::pktap),
    (271, link::vsock::vsock),
    (9, link::ppp::ppp_link),
    (107, link::fr::fr_link),
    (104, link::chdlc::chdlc),
    (282, link::brcmtag::brcm_prepend),
    (281, link::brcmtag::brcm_tag),
    (284, link::dsa::dsa),
    (285, link::dsa::edsa),
    (50, link::ppp::ppp_hdlc),
    (182, link::mfr::mfr),
    (129, link::arcnet::arcnet_linux),
    (7, link::arcnet::arcnet),
    (149, link::pktap::pktap),
    (178, link::juniper::ether),
    (179, link::juniper::ppp),
    (180, link::juniper::frelay),
    (181, link::juniper::chdlc),
    (167, link::juniper::pppoe),
    (168, link::juniper::pppoe_atm),
    (133, link::juniper::ggsn),
    (132, link::juniper::es),
    (164, link::juniper::monitor),
    (136, link::juniper::services),
    (130, link::juniper::mlppp),
    (131, link::juniper::mlfr),
    (134, link::juniper::mfr),
    (135, link::juniper::atm2),
    (8, link::slip::slip),
    (123, link::sunatm::sunatm),
    (195, link::ieee802154::ieee802154),
    (137, link::juniper::atm1),
    (105, link::ieee80211::ieee80211_link),
    (127, link::radiotap::radiotap),
    (10, link::fddi::fddi),
    (6, link::token::token),
    (239, link::nflog::nflog),
    (117, link::pflog::pflog),
    (109, link::enc::enc),
    (242, link::ipoib::ipoib),
    (122, link::ipfc::ipfc),
    (138, link::ap1394::ap1394),
    (189, link::usb::usb_linux),
    (220, link::usb::usb_linux_mmapped),
    (201, link::bt::bt),
    (99, link::symantec::symantec),
    (119, link::prism::prism),
    (163, link::prism::avs),
    (192, link::ppi::ppi),
    (100, link::atm::atm),
    (11, link::atm::atm),
    (106, link::cip::cip),
    (19, link::cip::cip),
    (240, link::netanalyzer::netanalyzer),
    (241, link::netanalyzer::transparent),
    (112, link::chdlc::chdlc),
    (166, link::ppp::ppp_link),
    (51, link::pppoe::pppoe_link),
    (102, link::slip::slip_bsdos),
    (15, link::slip::slip_bsdos),
    (230, link::ieee802154::ieee802154),
    (283, link::ieee802154_tap::tap),
    (114, net::atalk::ltalk),
];

pub fn linktype(t: u32) -> Option<LinkDecoder> {
    LINKTYPES.iter().find(|(v, _)| *v == t).map(|&(_, d)| d)
}

/// A network-layer decoder picked by EtherType (or by the equivalent
/// field of another link layer): `Ok(false)` if it declines the payload
/// (the caller then prints its generic form).
pub type EtherDecoder = fn(&mut Ctx, &[u8], usize) -> R<bool>;

pub static ETHERTYPES: &[(u16, EtherDecoder)] = &[
    (0x0800, |cx, d, l| net::ip::print(cx, d, l).map(|_| true)),
    (0x86dd, |cx, d, l| net::ip6::print(cx, d, l).map(|_| true)),
    (0x0806, |cx, d, l| net::arp::print(cx, d, l).map(|_| true)),
    (0x8035, |cx, d, l| net::arp::print(cx, d, l).map(|_| true)),
    (0x88a2, |cx, d, l| link::aoe::aoe(cx, d, l).map(|_| true)),
    (0x8809, link::slow::slow_ether),
    (0x88cc, link::lldp::lldp_if_quiet),
    (0x88f7, link::ptp::ptp_ether),
    (0x894f, link::nsh::nsh),
    (0x8847, link::mpls::mpls),
    (0x8848, link::mpls::mpls),
    (0xd28b, link::arista::arista),
    (0x8137, net::ipx::ipx_ethertype),
    (0x886f, link::msnlb::msnlb),
    (0x8863, link::pppoe::pppoe),
    (0x8864, link::pppoe::pppoe),
    (0x3c12, link::pppoe::pppoe),
    (0x3c13, link::pppoe::pppoe),
    (0x880b, link::ppp::ppp_ether),
    (0x888e, link::eap::eapol),
    (0x8808, link::mpcp::mpcp),
    (0x9000, link::loopback::loopback),
    (0x8899, link::realtek::realtek),
    (0x6003, link::decnet::decnet),
    (0x8902, link::cfm::cfm),
    (0x88ca, net::tipc::tipc),
    (0x809b, |cx, d, l| net::atalk::ether(cx, d, l).map(|_| true)),
    (0x80f3, net::atalk::aarp),
    // OSI over Ethernet: a pad byte before the NLPID.
    (0xfefe, |cx, d, l| {
        net::osi::isoclns(cx, d.get(1..).unwrap_or(&[]), l.saturating_sub(1))
    }),
];

/// Decode a payload by EtherType; `Ok(false)` if no decoder took it.
pub fn ethertype(cx: &mut Ctx, t: u16, data: &[u8], length: usize) -> R<bool> {
    match ETHERTYPES.iter().find(|(v, _)| *v == t) {
        Some((_, decode)) => decode(cx, data, length),
        None => Ok(false),
    }
}

/// What an IP header (after IPv6 extension headers) hands the next
/// protocol.
#[derive(Clone, Copy)]
pub struct IpPayload<'a> {
    pub data: &'a [u8],
    pub length: usize,
    /// 4 or 6.
    pub version: u8,
    /// A non-first... any fragment: transports do not verify checksums.
    pub fragmented: bool,
    pub net: NetHeader<'a>,
}

pub type IpDecoder = fn(&mut Ctx, &IpPayload) -> R;

/// IP protocol numbers to their decoders.
pub static IP_PROTOS: &[(u8, IpDecoder)] = &[
    (1, net::icmp::print_ip),
    (2, net::igmp::print_ip),
    (4, |cx, p| net::ip::print(cx, p.data, p.length)),
    (6, |cx, p| {
        transport::tcp::print(cx, p.data, p.length, p.net, p.fragmented)
    }),
    (17, |cx, p| {
        transport::udp::print(cx, p.data, p.length, p.net, p.fragmented)
    }),
    (33, transport::dccp::print_ip),
    (41, |cx, p| net::ip6::print(cx, p.data, p.length)),
    (47, |cx, p| net::gre::print(cx, p.data, p.length)),
    (50, net::esp::esp),
    (58, net::icmp6::print_ip),
    (59, |cx, _| {
        cx.s("no next header");
        Ok(())
    }),
    (88, |cx, p| net::eigrp::eigrp(cx, p.data, p.length)),
    (89, |cx, p| net::ospf::ospf(cx, p.data, p.length, p.version)),
    (54, |cx, p| {
        net::nhrp::nhrp(cx, p.data, p.length).map(|_| ())
    }),
    (103, net::pim::print_ip),
    (108, net::ipcomp::print_ip),
    (132, transport::sctp::print_ip),
    (113, net::pgm::print_ip),
    // VRRP, or CARP (which shares the number) with `-T carp`.
    (112, |cx, p| match cx.opts.packet_type {
        Some(PacketType::Carp) => net::carp::print_ip(cx, p),
        _ => net::vrrp::print_ip(cx, p),
    }),
    (46, net::rsvp::print_ip),
    (135, |cx, p| mobility(cx, p, 135)),
    (62, |cx, p| mobility(cx, p, 62)),
    (143, ethernet_over_ip),
    (8, net::egp::print_ip),
    (9, net::igrp::print_ip),
    (51, net::ah::print_ip),
    (55, net::mobile::print_ip),
    (77, |cx, p| {
        cx.s(" nd ");
        cx.u(p.length as u64);
        Ok(())
    }),
];

/// Ethernet (protocol 143, RFC 8986) is carried over IPv6 only.
fn ethernet_over_ip(cx: &mut Ctx, p: &IpPayload) -> R {
    if p.version == 6 {
        let mut ll = 0;
        link::ether::ether_inner(cx, p.data, p.length, &mut ll)?;
    } else {
        cx.s("[Ethernet requires IPv6] (invalid)");
    }
    Ok(())
}

/// The IPv6 mobility header (also under the old number 62); IPv4 does not
/// decode it.
fn mobility(cx: &mut Ctx, p: &IpPayload, proto: u8) -> R {
    if p.version == 6 {
        net::mobility::print_ip(cx, p)
    } else {
        net::ip::unknown_proto(cx, proto, p.length);
        Ok(())
    }
}

static IP_PROTO_INDEX: [Option<IpDecoder>; 256] = {
    let mut t: [Option<IpDecoder>; 256] = [None; 256];
    let mut i = 0;
    while i < IP_PROTOS.len() {
        t[IP_PROTOS[i].0 as usize] = Some(IP_PROTOS[i].1);
        i += 1;
    }
    t
};

/// Protocols carried in IGMP messages, by IGMP type (the whole message,
/// its length).
pub static IGMP_TYPES: &[(u8, EtherDecoder)] = &[
    (0x13, |cx, d, l| net::dvmrp::print(cx, d, l).map(|_| true)),
    (0x14, |cx, d, l| net::pim::pimv1(cx, d, l).map(|_| true)),
];

/// Decode an IGMP-borne protocol by IGMP type; `Ok(false)` if none did.
pub fn igmp_type(cx: &mut Ctx, t: u8, data: &[u8], length: usize) -> R<bool> {
    match IGMP_TYPES.iter().find(|(v, _)| *v == t) {
        Some((_, decode)) => decode(cx, data, length),
        None => Ok(false),
    }
}

/// A decoder of an SCTP DATA chunk's payload.
pub type SctpDecoder = fn(&mut Ctx, &[u8]) -> R;

/// SCTP ports to the name shown after `sctp` and the DATA decoder.
pub static SCTP_PORTS: &[(u16, &str, SctpDecoder)] = &[
    (6704, "ForCES HP", app::forces::print),
    (6705, "ForCES MP", app::forces::print),
    (6706, "ForCES LP", app::forces::print),
];

/// The SCTP port row for either port of a packet (source first).
pub fn sctp_port(sport: u16, dport: u16) -> Option<(&'static str, SctpDecoder)> {
    [sport, dport]
        .iter()
        .find_map(|p| SCTP_PORTS.iter().find(|r| r.0 == *p).map(|r| (r.1, r.2)))
}

/// SCTP payload protocol identifiers to the decoder of a DATA chunk's
/// payload (with `-vv`).
pub static SCTP_PPIDS: &[(u32, SctpDecoder)] = &[(3, |cx, b| app::m3ua::print(cx, b, b.len()))];

pub fn sctp_ppid(ppid: u32) -> Option<SctpDecoder> {
    SCTP_PPIDS.iter().find(|r| r.0 == ppid).map(|r| r.1)
}

pub fn ip_proto(proto: u8) -> Option<IpDecoder> {
    IP_PROTO_INDEX[proto as usize]
}

/// What comes after an IP header (or a decrypted ESP payload): the
/// protocol's decoder, or ` ip-proto-N LEN`.
pub fn ip_demux(
    cx: &mut Ctx,
    data: &[u8],
    length: usize,
    version: u8,
    fragmented: bool,
    next: u8,
    net: NetHeader,
) -> R {
    net::ip::demux(cx, data, length, version, fragmented, next, net)
}

/// A TCP or UDP payload and its ports.
#[derive(Clone, Copy)]
pub struct PortPayload<'a> {
    /// The captured payload, cut to `length`.
    pub body: &'a [u8],
    /// The captured bytes from the payload on, not cut to `length` (what
    /// tcpdump's bounds checks allow: the network layer's end).
    pub captured: &'a [u8],
    /// The payload length from the headers.
    pub length: usize,
    pub sport: u16,
    pub dport: u16,
    pub net: NetHeader<'a>,
}

/// A port-selected decoder: `Ok(true)` when it printed the payload,
/// `Ok(false)` to let later rows (or the generic form) have it.
pub type PortDecoder = fn(&mut Ctx, &PortPayload) -> R<bool>;

/// Which port of the pair a row matches.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Either,
    Dst,
    Src,
}

/// A row of a port table: ports `lo..=hi` on `side`.
pub struct PortRow {
    pub lo: u16,
    pub hi: u16,
    pub side: Side,
    pub decode: PortDecoder,
}

const fn either(port: u16, decode: PortDecoder) -> PortRow {
    PortRow {
        lo: port,
        hi: port,
        side: Side::Either,
        decode,
    }
}

const fn dst(port: u16, decode: PortDecoder) -> PortRow {
    PortRow {
        lo: port,
        hi: port,
        side: Side::Dst,
        decode,
    }
}

/// TCP ports, in the order the snapshot tests them: the first row either
/// port matches decodes the payload, whatever it prints (SOME/IP is not
/// decoded over TCP).
pub static TCP_PORTS: &[PortRow] = &[
    either(21, app::text::ftp),
    either(22, app::ssh::print_tcp),
    either(23, app::telnet::print_tcp),
    either(25, app::text::smtp),
    either(43, app::text::whois),
    either(53, app::dns::print_tcp),
    either(80, app::text::http),
    either(179, app::bgp::print_tcp),
    either(323, app::rpki_rtr::print_tcp),
    either(554, app::text::rtsp),
    either(639, app::msdp::print_tcp),
    either(646, app::ldp::print),
    either(1723, app::pptp::print_tcp),
    either(6379, app::resp::print_tcp),
    either(10288, app::beep::print_tcp),
    either(6633, app::openflow::print_tcp),
    either(6653, app::openflow::print_tcp),
    either(8080, app::text::http),
    either(8554, app::text::rtsp),
    either(2049, app::nfs::print_tcp),
];

/// UDP ports tried before the `-v` checksum is shown: ONC RPC (NFS).
pub static UDP_EARLY_PORTS: &[PortRow] = &[either(2049, app::nfs::print_udp)];

/// UDP ports, in the order tcpdump tries them.
pub static UDP_PORTS: &[PortRow] = &[
    // The snapshot's port chain, in its order: a packet whose two ports
    // both have decoders goes to the first here (rows further down that
    // repeat a port are not reached).
    either(53, app::dns::print_udp),
    either(67, app::bootp::print_udp),
    either(68, app::bootp::print_udp),
    either(69, app::tftp::print_udp),
    either(88, app::krb::print_udp),
    either(123, app::ntp::print_udp),
    either(161, app::snmp::print_udp),
    either(162, app::snmp::print_udp),
    either(319, |cx, p| {
        link::ptp::ptp_udp(cx, p.captured, p.length).map(|_| true)
    }),
    either(320, |cx, p| {
        link::ptp::ptp_udp(cx, p.captured, p.length).map(|_| true)
    }),
    either(496, app::autorp::print_udp),
    either(500, app::isakmp::print_udp),
    either(514, app::syslog::print_udp),
    either(520, app::rip::print_udp),
    either(521, app::ripng::print_udp),
    either(525, app::timed::print_udp),
    either(546, app::dhcp6::print_udp),
    either(547, app::dhcp6::print_udp),
    either(646, app::ldp::print),
    either(654, app::aodv::print_udp),
    either(698, app::olsr::print_udp),
    either(701, app::lmp::print_udp),
    either(750, app::krb::print_udp),
    either(921, app::lwres::print_udp),
    either(5353, app::dns::print_mdns),
    either(4500, app::isakmp::print_natt),
    either(7500, app::isakmp::print_udp),
    either(8500, app::isakmp::print_udp),
    either(1701, app::l2tp::print_udp),
    dst(3456, app::rtp::vat),
    either(2103, app::zephyr::print_udp),
    either(2104, app::zephyr::print_udp),
    PortRow {
        lo: 7000,
        hi: 7009,
        side: Side::Either,
        decode: app::rx::print_udp,
    },
    either(5359, app::ahcp::print_udp),
    either(6696, app::babel::print_udp),
    either(6697, app::babel::print_udp),
    either(8231, app::hncp::print_udp),
    dst(4567, app::wb::print_udp),
    either(1645, app::radius::print_udp),
    either(1812, app::radius::print_udp),
    either(1646, app::radius::print_udp),
    either(1813, app::radius::print_udp),
    either(1700, app::radius::print_udp),
    either(3799, app::radius::print_udp),
    dst(1985, app::hsrp::print_udp),
    either(3503, app::lspping::print_udp),
    dst(3784, app::bfd::print_udp),
    dst(4784, app::bfd::print_udp),
    dst(6784, app::bfd::print_udp),
    dst(7784, app::bfd::print_sbfd),
    dst(3785, app::bfd::echo),
    either(7784, app::bfd::print_sbfd),
    either(1589, app::vqp::print_udp),
    either(6343, app::sflow::print_udp),
    dst(12223, link::lwapp::control_to),
    PortRow {
        lo: 12223,
        hi: 12223,
        side: Side::Src,
        decode: link::lwapp::plain,
    },
    either(12222, link::lwapp::plain),
    either(5060, app::text::sip),
    either(8472, app::vxlan::print_udp),
    either(4789, app::vxlan::print_udp),
    dst(6081, app::geneve::print_udp),
    either(4342, app::lisp::print_udp),
    either(4790, app::vxlan_gpe::print_udp),
    either(17754, link::zep::print_udp),
    either(6635, |cx, p| link::mpls::mpls(cx, p.body, p.length)),
    // AppleTalk in UDP (KIP): an LLAP frame with a long DDP header (the
    // LAP type is read first: a payload without it ends the packet).
    PortRow {
        lo: 200,
        hi: 327,
        side: Side::Either,
        decode: kip,
    },
    PortRow {
        lo: 768,
        hi: 895,
        side: Side::Either,
        decode: kip,
    },
    PortRow {
        lo: 16512,
        hi: 16639,
        side: Side::Either,
        decode: kip,
    },
    either(30490, app::someip::print),
    either(443, app::quic::print_udp),
    // Broadcom lawful intercept: the SDK's default source port.
    PortRow {
        lo: 49152,
        hi: 49152,
        side: Side::Src,
        decode: link::bcm_li::print_udp,
    },
];

fn kip(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    if p.captured.u8_at(2)? != 2 {
        return Ok(false);
    }
    if cx.opts.verbose > 0 {
        cx.s("kip ");
    }
    net::atalk::llap(cx, p.captured, p.length).map(|_| true)
}

/// The ports a table has rows for (either side), built at first use: most
/// packets are on ports no row names, and are passed over without walking
/// the table.
struct PortSet(std::sync::OnceLock<Box<[u64; 1024]>>);

impl PortSet {
    const fn new() -> PortSet {
        PortSet(std::sync::OnceLock::new())
    }

    fn any(&self, table: &[PortRow], p: &PortPayload) -> bool {
        let bits = self.0.get_or_init(|| {
            let mut bits = Box::new([0u64; 1024]);
            for row in table {
                for port in row.lo..=row.hi {
                    bits[port as usize / 64] |= 1 << (port % 64);
                }
            }
            bits
        });
        let has = |port: u16| bits[port as usize / 64] & (1 << (port % 64)) != 0;
        has(p.sport) || has(p.dport)
    }
}

static TCP_SET: PortSet = PortSet::new();
static UDP_EARLY_SET: PortSet = PortSet::new();
static UDP_SET: PortSet = PortSet::new();

fn by_port(cx: &mut Ctx, table: &[PortRow], set: &PortSet, p: &PortPayload) -> R<bool> {
    if !set.any(table, p) {
        return Ok(false);
    }
    for row in table {
        let hit = |port: u16| (row.lo..=row.hi).contains(&port);
        let matched = match row.side {
            Side::Either => hit(p.dport) || hit(p.sport),
            Side::Dst => hit(p.dport),
            Side::Src => hit(p.sport),
        };
        if matched && (row.decode)(cx, p)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The TCP payload's decoder by port; `Ok(false)` if none printed it.
pub fn tcp_port(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    by_port(cx, TCP_PORTS, &TCP_SET, p)
}

/// The UDP payload's decoder among those tried before the checksum.
pub fn udp_early_port(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    by_port(cx, UDP_EARLY_PORTS, &UDP_EARLY_SET, p)
}

/// The UDP payload's decoder by port; `Ok(false)` if none printed it.
pub fn udp_port(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    by_port(cx, UDP_PORTS, &UDP_SET, p)
}

/// What `-T TYPE` makes of a UDP payload (`None`: ports decide).
pub fn udp_packet_type(t: PacketType) -> Option<PortDecoder> {
    Some(match t {
        PacketType::Domain => app::dns::print_udp,
        PacketType::Vxlan => app::vxlan::print_udp,
        PacketType::Tftp => app::tftp::print_udp,
        PacketType::Someip => app::someip::print,
        PacketType::Quic => app::quic::print,
        PacketType::Radius => app::radius::print_udp,
        PacketType::Lmp => app::lmp::print_udp,
        PacketType::Pgm | PacketType::PgmZmtp1 => {
            |cx, p| net::pgm::print_udp(cx, p.captured, p.length, &p.net).map(|_| true)
        }
        PacketType::Snmp => app::snmp::print_udp,
        PacketType::Vat => app::rtp::vat,
        PacketType::Rtp => app::rtp::rtp,
        PacketType::Rtcp => app::rtp::rtcp,
        PacketType::Wb => app::wb::print_udp,
        PacketType::Rpc => app::nfs::print_rpc_type,
        PacketType::Cnfp => app::cnfp::print_udp,
        PacketType::Aodv => app::aodv::print_udp,
        PacketType::Ptp => |cx, p| link::ptp::ptp_udp(cx, p.captured, p.length).map(|_| true),
        _ => return None,
    })
}

/// What `-T TYPE` makes of a TCP payload (`None`: ports decide).
pub fn tcp_packet_type(t: PacketType) -> Option<PortDecoder> {
    Some(match t {
        PacketType::Domain => app::dns::print_tcp,
        PacketType::Resp => app::resp::print_tcp,
        PacketType::Zmtp1 => app::zmtp1::print_tcp,
        _ => return None,
    })
}

/// An OSI network-layer decoder picked by NLPID (after LLC's OSI SAP).
pub type NlpidDecoder = fn(&mut Ctx, &[u8], usize) -> R<bool>;

pub static OSI_NLPIDS: &[(u8, NlpidDecoder)] = &[
    (0x83, net::isis::isis),
    (0x08, |cx, d, l| {
        link::q933::q933(cx, d.get(1..).unwrap_or(&[]), l.saturating_sub(1))
    }),
];

/// An OSI PDU (CLNP, ES-IS, IS-IS, Q.933, IP) by its NLPID, the first
/// byte of `data`.
pub fn osi(cx: &mut Ctx, data: &[u8], length: usize) -> R<bool> {
    net::osi::isoclns(cx, data, length)
}

/// Decode an OSI PDU by NLPID; `Ok(false)` if none did.
pub fn osi_nlpid(cx: &mut Ctx, nlpid: u8, data: &[u8], length: usize) -> R<bool> {
    match OSI_NLPIDS.iter().find(|(v, _)| *v == nlpid) {
        Some((_, decode)) => decode(cx, data, length),
        None => Ok(false),
    }
}

/// Tunnel payload types (GRE, Geneve): EtherTypes, plus transparent
/// Ethernet bridging.
pub static ENCAP_PROTOS: &[(u16, EtherDecoder)] = &[
    (0x0800, |cx, d, l| net::ip::print(cx, d, l).map(|_| true)),
    (0x86dd, |cx, d, l| net::ip6::print(cx, d, l).map(|_| true)),
    (0x22eb, link::erspan::erspan3),
    (0x2001, net::nhrp::nhrp),
    (0x883e, net::gre::wccp),
    (0x2000, link::cdp::cdp),
    (0x6558, |cx, d, l| {
        let mut ll = 0;
        link::ether::ether_inner(cx, d, l, &mut ll).map(|_| true)
    }),
];

/// Decode a GRE payload by protocol type; `Ok(false)` if none did.
pub fn encap_proto(cx: &mut Ctx, t: u16, data: &[u8], length: usize) -> R<bool> {
    match ENCAP_PROTOS.iter().find(|(v, _)| *v == t) {
        Some((_, decode)) => decode(cx, data, length),
        None => Ok(false),
    }
}

/// LLC SAPs (802.3 frames, UI, DSAP = SSAP) to their decoders; the OSI SAP
/// (0xfe) is handled by `link::llc` through `OSI_NLPIDS`.
pub static LLC_SAPS: &[(u8, EtherDecoder)] = &[
    (0x42, link::stp::stp),
    (0xe0, net::ipx::ipx),
    (0x06, |cx, d, l| net::ip::print(cx, d, l).map(|_| true)),
];

/// SNAP (LLC SAP 0xaa) OUI and protocol id pairs to their decoders; OUI
/// 0 carries an EtherType.
pub static SNAP_PROTOS: &[((u32, u16), EtherDecoder)] = &[
    ((0x00000c, 0x2004), link::dtp::dtp),
    ((0x00000c, 0x2000), link::cdp::cdp),
    ((0x00000c, 0x0111), link::udld::udld),
    ((0x00000c, 0x2003), link::vtp::vtp),
    ((0x00000c, 0x010b), link::stp::stp),
    ((0x080007, 0x809b), |cx, d, l| {
        net::atalk::ether(cx, d, l).map(|_| true)
    }),
    // RFC 2684 bridged frames.
    ((0x0080c2, 0x0001), link::atm::bridged_ether),
    ((0x0080c2, 0x0007), link::atm::bridged_ether),
    ((0x0080c2, 0x0003), link::atm::bridged_token),
    ((0x0080c2, 0x0009), link::atm::bridged_token),
    ((0x0080c2, 0x0004), link::atm::bridged_fddi),
    ((0x0080c2, 0x000a), link::atm::bridged_fddi),
    ((0x0080c2, 0x000e), link::stp::stp),
];

pub fn snap(oui: u32, pid: u16) -> Option<EtherDecoder> {
    SNAP_PROTOS
        .iter()
        .find(|(k, _)| *k == (oui, pid))
        .map(|&(_, d)| d)
}

pub fn llc_sap(sap: u8) -> Option<EtherDecoder> {
    LLC_SAPS.iter().find(|(v, _)| *v == sap).map(|&(_, d)| d)
}

/// A ZMTP/1.0 datagram (PGM ODATA/RDATA with `-T pgm_zmtp1`).
pub fn zmtp1_datagram(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    app::zmtp1::datagram(cx, data, length)
}

/// The keys of every table, so tests can reach every decoder.
pub fn keys() -> super::DecoderKeys {
    super::DecoderKeys {
        linktypes: LINKTYPES.iter().map(|e| e.0).collect(),
        ethertypes: ETHERTYPES.iter().map(|e| e.0).collect(),
        ip_protos: IP_PROTOS.iter().map(|e| e.0).collect(),
        tcp_ports: TCP_PORTS.iter().map(|r| r.lo).collect(),
        udp_ports: UDP_PORTS
            .iter()
            .chain(UDP_EARLY_PORTS)
            .map(|r| r.lo)
            .collect(),
        llc_saps: LLC_SAPS
            .iter()
            .map(|e| e.0)
            .chain(std::iter::once(0xfe))
            .collect(),
        encap_protos: ENCAP_PROTOS
            .iter()
            .map(|e| e.0)
            .chain(PPP_PROTOS.iter().map(|e| e.0))
            .collect(),
    }
}

/// The next-protocol field of VXLAN-GPE and NSH (1 IPv4, 2 IPv6,
/// 3 Ethernet, 4 NSH); `Ok(false)` for the others.
pub fn next_protocol(cx: &mut Ctx, next: u8, data: &[u8], length: usize) -> R<bool> {
    let t = match next {
        1 => 0x0800,
        2 => 0x86dd,
        3 => 0x6558,
        4 => 0x894f,
        _ => return Ok(false),
    };
    if t == 0x894f {
        return link::nsh::nsh(cx, data, length);
    }
    encap_proto(cx, t, data, length)
}

/// A decoder picked by PPP protocol: the protocol, the frame, where its
/// payload starts (the bytes before are the PPP header) and the payload
/// length.
pub type PppDecoder = fn(&mut Ctx, u16, &[u8], usize, usize) -> R<bool>;

fn ppp_ip(cx: &mut Ctx, _: u16, d: &[u8], at: usize, l: usize) -> R<bool> {
    net::ip::print(cx, &d[at..], l).map(|_| true)
}
fn ppp_ip6(cx: &mut Ctx, _: u16, d: &[u8], at: usize, l: usize) -> R<bool> {
    net::ip6::print(cx, &d[at..], l).map(|_| true)
}
fn ppp_ipx(cx: &mut Ctx, _: u16, d: &[u8], at: usize, l: usize) -> R<bool> {
    net::ipx::ipx(cx, &d[at..], l).map(|_| true)
}
fn ppp_mpls(cx: &mut Ctx, _: u16, d: &[u8], at: usize, l: usize) -> R<bool> {
    link::mpls::mpls(cx, &d[at..], l)
}

/// PPP protocol numbers to their decoders (0x0800, 0x86dd and 0x8137 are
/// EtherTypes some senders use).
pub static PPP_PROTOS: &[(u16, PppDecoder)] = &[
    (0x0021, ppp_ip),
    (0x002f, ppp_ip),
    (0x0800, ppp_ip),
    (0x0057, ppp_ip6),
    (0x86dd, ppp_ip6),
    (0x002b, ppp_ipx),
    (0x8137, ppp_ipx),
    (0x0281, ppp_mpls),
    (0x0283, ppp_mpls),
    (0x0023, |cx, _, d, at, l| net::osi::isoclns(cx, &d[at..], l)),
    (0x00fd, |cx, _, _, _, _| {
        cx.s("compressed PPP data");
        Ok(true)
    }),
    (0xc021, link::ppp_cp::ctrl),
    (0x8021, link::ppp_cp::ctrl),
    (0x8023, link::ppp_cp::ctrl),
    (0x8281, link::ppp_cp::ctrl),
    (0x8057, link::ppp_cp::ctrl),
    (0x80fd, link::ppp_cp::ctrl),
    (0xc02b, link::ppp_cp::ctrl),
    (0x003d, link::ppp_cp::mlppp),
    (0xc223, link::ppp_cp::chap),
    (0xc023, link::ppp_cp::pap),
    // BAP: nothing is shown.
    (0xc02d, |_, _, _, _, _| Ok(true)),
];

/// A PPP frame from its address (or compressed protocol) field on, as
/// carried by Frame Relay (NLPID 0xcf), GRE version 1 and L2TP: a cut
/// header ends the packet, as for tcpdump's `ppp_print`.
pub fn ppp_frame(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    let mut header_len = 0;
    link::ppp::ppp(cx, data, length, &mut header_len)
}

/// Decode a PPP payload (`data[at..]`) by protocol; `Ok(false)` if none
/// did.
pub fn ppp_proto(cx: &mut Ctx, t: u16, data: &[u8], at: usize, length: usize) -> R<bool> {
    let at = at.min(data.len());
    match PPP_PROTOS.iter().find(|(v, _)| *v == t) {
        Some((_, decode)) => decode(cx, t, data, at, length),
        None => Ok(false),
    }
}

/// ERSPAN types I and II (GRE protocol 0x88be), told apart by the GRE
/// sequence number.
pub fn erspan(cx: &mut Ctx, data: &[u8], length: usize, sequenced: bool) -> R<bool> {
    link::erspan::erspan(cx, data, length, sequenced)
}

/// CALM FAST (EtherType 0x1111), with the link's source address if any.
pub fn calm_fast(cx: &mut Ctx, src: Option<&[u8]>, data: &[u8], length: usize) -> R<bool> {
    link::calm::calm_fast(cx, src, data, length)
}

/// An 802.11 frame after a radio header; `datapad`: data frame headers are
/// padded to 4 bytes.
pub fn ieee80211(cx: &mut Ctx, data: &[u8], length: usize, datapad: bool, ll_len: &mut usize) -> R {
    link::ieee80211::frame(cx, data, length, datapad, ll_len)
}

/// An LLC frame on a link without an 802.3 length (802.11 data); the
/// LLC header's length.
pub fn llc_frame(
    cx: &mut Ctx,
    addrs: Option<(&[u8], &[u8])>,
    data: &[u8],
    length: usize,
) -> R<usize> {
    link::llc::llc_frame(cx, addrs, data, length)
}

/// An Ethernet frame whose type is at `type_at` (a switch tag between
/// the addresses `macs` and the type), shown as on Ethernet.
pub fn ether_after_type(
    cx: &mut Ctx,
    macs: Option<&[u8]>,
    data: &[u8],
    length: usize,
    ll_len: &mut usize,
    type_at: usize,
) -> R {
    link::ether::after_type(cx, macs, data, length, ll_len, type_at, length)
}

/// An ATM payload on VPI/VCI (Sun raw ATM).
pub fn atm_cell(
    cx: &mut Ctx,
    vpi: u8,
    vci: u16,
    traffic: link::atm::Traffic,
    data: &[u8],
    length: usize,
) -> R {
    link::atm::cell(cx, vpi, vci, traffic, data, length)
}

/// An OAM cell without its header error check byte (Juniper ATM2).
pub fn atm_oam(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    link::atm::oam(cx, data, length, 0)
}

/// LAN emulation over ATM.
pub fn lane(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    link::lane::lane(cx, data, length)
}

/// SNMP not carried by UDP (ATM's ILMI).
pub fn snmp(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    let none: &[u8] = &[0; 4];
    let p = PortPayload {
        body: &data[..data.len().min(length)],
        captured: data,
        length,
        sport: 0,
        dport: 0,
        net: NetHeader::V4 {
            src: none,
            dst: none,
            cksum_dst: none,
            proto: 17,
            len_field: 0,
            ttl: 0,
        },
    };
    app::snmp::print_udp(cx, &p).map(|_| ())
}

/// A Frame Relay frame inside another (no minimum length checked first,
/// unlike LINKTYPE_FRELAY).
pub fn frame_relay(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    link::fr::fr(cx, data, length, ll_len)
}

/// AppleTalk DDP as on Ethernet (ARCNET's id 0xdd): `et1 ` with `-v`.
pub fn atalk(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    net::atalk::ether(cx, data, length)
}

/// AppleTalk DDP alone (GRE, BSD loopback).
pub fn atalk_ddp(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    net::atalk::atalk(cx, data, length)
}

/// IPX alone (BSD loopback's AF 23).
pub fn ipx(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    net::ipx::ipx(cx, data, length).map(|_| ())
}

/// EIGRP outside IP (DDP type 88).
pub fn eigrp(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    net::eigrp::eigrp(cx, data, length)
}

/// GeoNetworking (EtherType 0x8947), with the link's source address.
pub fn geonet(cx: &mut Ctx, src: Option<&[u8]>, data: &[u8], length: usize) -> R<bool> {
    link::geonet::geonet(cx, src, data, length)
}

/// Realtek's EtherType 0x8899, with the frame's source and destination
/// addresses if any.
pub fn realtek(cx: &mut Ctx, addrs: Option<(&[u8], &[u8])>, data: &[u8], length: usize) -> R<bool> {
    match addrs {
        Some((src, dst)) => link::realtek::realtek_addrs(cx, src, dst, data, length),
        None => link::realtek::realtek(cx, data, length),
    }
}

/// An IEEE 802.15.4 frame of `len` bytes inside another protocol (ZEP);
/// `ll_len` gets its MAC header length when it was decoded.
pub fn ieee802154_inner(cx: &mut Ctx, data: &[u8], len: usize, ll_len: &mut usize) -> R {
    link::ieee802154::ieee802154_inner(cx, data, len, ll_len)
}

/// A DNS name at `at` in `m` (captured bytes), compression offsets
/// counted from `base` (DHCPv6 and others carry names outside a DNS
/// message): printed, and the offset after it (`None`: given up on).
pub fn dns_name(cx: &mut Ctx, m: &[u8], at: usize, base: usize) -> R<Option<usize>> {
    app::dns::print_name(cx, m, at, base)
}
