//! Printing packets as tcpdump does.
//!
//! The printer mirrors tcpdump's structure, because its output on odd
//! packets (truncated, bad lengths) follows from that structure: each
//! decoder writes as it goes, reads through bounds-checked accessors that
//! fail with `Trunc` when the captured bytes run out, and the top level
//! then appends ` [|proto]` for the protocol being decoded at the time
//! (tcpdump's `ndo_protocol`).
//!
//! tcpdump has two ways of giving up on a short packet, and they differ in
//! what `-x` dumps afterwards: a decoder's own bounds check prints the
//! marker and returns normally (the link-layer header length is still known,
//! so the dump skips it), while its `GET_*` accessors jump straight to the
//! top (the dump then starts at byte 0). Decoders here return `Err(Trunc)`
//! for the second kind and print the marker themselves for the first
//! (`Ctx::trunc_marker`); which one applies where was settled against
//! tcpdump 4.99 at every snapshot length (tests/print_truncation.rs).
//!
//! Everything is written into the caller's reused `Vec<u8>`; numbers and
//! addresses are formatted by hand (`fmt`) so no field allocates.
//!
//! Layout: `core/` (reader, context, formatting, name tables), `link/`,
//! `net/`, `transport/`, `app/` (one file per protocol), and `dispatch.rs`,
//! the tables (link type, EtherType, IP protocol, TCP/UDP port, `-T` type)
//! through which each layer finds the next: protocol files never import
//! one another's decoders.
//!
//! Decoded (see `dispatch.rs` for the tables): link types Ethernet (802.1Q,
//! MACsec, LLC/SNAP), Linux cooked v1/v2, raw IP, NULL/LOOP, PPP, Frame
//! Relay (Q.922, Q.933, FRF.15), MFR (FRF.16), Cisco HDLC, IEEE 802.11
//! and radiotap, IEEE 802.15.4, ARCNET, LocalTalk, SLIP, Sun ATM, Juniper Ethernet
//! and ATM1, ipnet, PKTAP, vsock, EDSA and Broadcom switch tags; OSI
//! (ES-IS, IS-IS, CLNP checks) by NLPID; GeoNetworking, CALM FAST, VTP;
//! on Ethernet or LLC: ARP, IPv4, IPv6, MPLS, PPPoE, IPX, STP/RSTP/ MSTP,
//! LLDP (-v TLVs), slow protocols (LACP, OSSP), AoE, PTP, NSH, Arista time
//! stamps, MS NLB, DTP; on IP: TCP (options, MPTCP), UDP, ICMP (RFC
//! 4884/4950/5837 extensions), ICMPv6 (ND, MLD, node information, RPL,
//! extended echo), IGMP (mtrace), GRE (ERSPAN, NHRP, source routes),
//! IPComp, PIMv2, VRRP, OSPFv2, EIGRP, NHRP, SCTP (M3UA), DCCP, ESP (with
//! `-E` decryption); on TCP/UDP: DNS/mDNS, BOOTP/DHCP (-v options), DHCPv6
//! (-v options), NTP (-v), TFTP, BGP (-v), LDP, BFD, HSRP, RADIUS, Babel,
//! VXLAN, VXLAN-GPE, Geneve, QUIC, SOME/IP, timed, NFS over ONC RPC, AFS
//! Rx, Kerberos, SNMP, syslog, RIP, lwres, RESP, wb, LSP ping, sFlow,
//! OpenFlow 1.0, HTTP/WHOIS text lines, SSH banners, and the length
//! checks of LISP. Other protocols get tcpdump's generic forms
//! (`ethertype ... length N:` plus a hex dump, `ip-proto-N`).

mod app;
mod core;
#[cfg(test)]
mod damaged_tests;
mod dispatch;
mod link;
mod net;
mod transport;

use crate::packet::PacketRef;
use crate::LinkType;
use core::prelude::*;
use core::timestamp;

/// tcpdump's printing flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// `-n` count: no name resolution.
    pub numeric: u8,
    /// `-e`
    pub link_header: bool,
    /// `-q`
    pub quiet: bool,
    /// `-t` count (0 = default timestamps).
    pub timestamp: u8,
    pub precision: crate::packet::TimestampPrecision,
    /// `-v` count
    pub verbose: u8,
    /// `-x` count
    pub hex: u8,
    /// `-X` count
    pub hex_ascii: u8,
    /// `-A` count
    pub ascii: bool,
    /// `-#`
    pub packet_numbers: bool,
    /// `-S`
    pub absolute_seq: bool,
    /// `-AA`: the ASCII dump includes the link-layer header.
    pub ascii_link: bool,
    /// `-T TYPE`
    pub packet_type: Option<PacketType>,
    /// `--skip N`: the first N packets are not printed (they are counted).
    pub skip: u64,
    /// `--print-sampling N`: only every N-th packet is printed (0: all).
    pub sampling: u32,
    /// `--lengths`: `caplen N len M ` before the time stamp.
    pub lengths: bool,
    /// `-g`: no line break after the IP header with `-v`.
    pub ip_oneline: bool,
    /// `-b`: BGP AS numbers in asdot notation.
    pub bgp_asdot: bool,
    /// `-H`: look for 802.11s mesh headers.
    pub mesh_headers: bool,
    /// `-K`: no checksum verification.
    pub no_checksum: bool,
    /// `-N`: host names without their domain.
    pub short_host_names: bool,
    /// `-u`: NFS file handles as their raw words.
    pub raw_nfs_handles: bool,
    /// `-f`: only IPv4 addresses of this network (address, mask) are
    /// looked up; "foreign" ones print as numbers.
    pub local_net: Option<([u8; 4], [u8; 4])>,
    /// `-E`: ESP security associations (`spi@addr algo:secret`, comma or
    /// newline separated, or `file PATH`).
    pub esp_secret: Option<String>,
    /// `-M`: the TCP MD5 signature secret.
    pub tcp_md5_secret: Option<String>,
}

/// What `-T TYPE` forces the selected packets to be decoded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketType {
    Aodv,
    Carp,
    Cnfp,
    Domain,
    Lmp,
    Pgm,
    PgmZmtp1,
    Ptp,
    Quic,
    Radius,
    Resp,
    Rpc,
    Rtcp,
    Rtp,
    Snmp,
    Someip,
    Tftp,
    Vat,
    Vxlan,
    Wb,
    Zmtp1,
}

impl PacketType {
    /// The names `-T` accepts, as tcpdump spells them.
    pub const NAMES: &'static [(&'static str, PacketType)] = &[
        ("aodv", PacketType::Aodv),
        ("carp", PacketType::Carp),
        ("cnfp", PacketType::Cnfp),
        ("domain", PacketType::Domain),
        ("lmp", PacketType::Lmp),
        ("pgm", PacketType::Pgm),
        ("pgm_zmtp1", PacketType::PgmZmtp1),
        ("ptp", PacketType::Ptp),
        ("quic", PacketType::Quic),
        ("radius", PacketType::Radius),
        ("resp", PacketType::Resp),
        ("rpc", PacketType::Rpc),
        ("rtcp", PacketType::Rtcp),
        ("rtp", PacketType::Rtp),
        ("snmp", PacketType::Snmp),
        ("someip", PacketType::Someip),
        ("tftp", PacketType::Tftp),
        ("vat", PacketType::Vat),
        ("vxlan", PacketType::Vxlan),
        ("wb", PacketType::Wb),
        ("zmtp1", PacketType::Zmtp1),
    ];

    pub fn from_name(name: &str) -> Option<PacketType> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, t)| t)
    }
}

/// The keys of the decoders' dispatch tables (link types, EtherTypes, IP
/// protocols, TCP and UDP ports, LLC SAPs, tunnel payload types): tests use
/// them to reach every decoder.
#[derive(Debug, Clone, Default)]
pub struct DecoderKeys {
    pub linktypes: Vec<u32>,
    pub ethertypes: Vec<u16>,
    pub ip_protos: Vec<u8>,
    pub tcp_ports: Vec<u16>,
    pub udp_ports: Vec<u16>,
    pub llc_saps: Vec<u8>,
    pub encap_protos: Vec<u16>,
}

/// See [`DecoderKeys`].
pub fn decoder_keys() -> DecoderKeys {
    dispatch::keys()
}

/// Prints packets of one link type, keeping the state tcpdump keeps between
/// packets (previous timestamp, TCP sequence bases, packet number).
pub struct Printer {
    options: PrintOptions,
    linktype: LinkType,
    packets: u64,
    time: timestamp::TimeState,
    tcp_seqs: transport::tcp::SeqTable,
    names: names::Names,
    state: core::State,
}

impl Printer {
    pub fn new(options: PrintOptions, linktype: LinkType) -> Printer {
        let names = names::Names::new(options.numeric == 0)
            .short(options.short_host_names)
            .local_net(options.local_net);
        Printer {
            options,
            linktype,
            packets: 0,
            time: timestamp::TimeState::default(),
            tcp_seqs: transport::tcp::SeqTable::default(),
            names,
            state: core::State::default(),
        }
    }

    /// The link type this printer decodes.
    pub fn linktype(&self) -> LinkType {
        self.linktype
    }

    /// Append the lines for one packet to `out`.
    pub fn print(&mut self, packet: &PacketRef, out: &mut Vec<u8>) {
        self.packets += 1;
        if self.packets <= self.options.skip {
            return;
        }
        let sampling = u64::from(self.options.sampling);
        if sampling > 1 && !self.packets.is_multiple_of(sampling) {
            return;
        }
        if self.options.packet_numbers {
            fmt::put_padded_u64(out, self.packets, 5, b' ');
            out.extend_from_slice(b"  ");
        }
        if self.options.lengths {
            out.extend_from_slice(b"caplen ");
            fmt::put_u64(out, packet.data.len() as u64);
            out.extend_from_slice(b" len ");
            fmt::put_u64(out, packet.wire_len as u64);
            out.push(b' ');
        }
        if invalid_header(out, packet) {
            return;
        }
        timestamp::print(out, &self.options, &mut self.time, packet.timestamp);
        let mut cx = Ctx {
            out,
            opts: &self.options,
            proto: "",
            tcp_seqs: &mut self.tcp_seqs,
            names: &mut self.names,
            state: &mut self.state,
            net_names: !self.options.link_header,
        };
        // A packet can claim a captured length above its wire length in a
        // bad file; tcpdump never looks past the wire length... but it does
        // print what was captured, so keep the captured bytes.
        let data = packet.data;
        let mut ll_len = 0usize;
        let result = link::print(&mut cx, self.linktype, data, packet.wire_len, &mut ll_len);
        if result.is_err() {
            cx.trunc_marker();
            // tcpdump learns the link header length only when the link
            // printer returns; a truncation deeper down skips that, so the
            // hex dump then starts at the first byte.
            ll_len = 0;
        }
        let out = cx.out;
        let opts = &self.options;
        let hdrlen = ll_len.min(data.len());
        if opts.hex_ascii > 0 {
            if opts.hex_ascii > 1 {
                hexdump::hex_and_ascii(out, b"\n\t", data, 0);
            } else if data.len() > hdrlen {
                hexdump::hex_and_ascii(out, b"\n\t", &data[hdrlen..], 0);
            }
        } else if opts.hex > 0 {
            if opts.hex > 1 {
                hexdump::hex(out, b"\n\t", data, 0);
            } else if data.len() > hdrlen {
                hexdump::hex(out, b"\n\t", &data[hdrlen..], 0);
            }
        } else if opts.ascii_link {
            hexdump::ascii(out, data);
        } else if opts.ascii && data.len() > hdrlen {
            hexdump::ascii(out, &data[hdrlen..]);
        }
        out.push(b'\n');
    }
}

/// tcpdump's sanity checks on the record header: a bad one gets
/// `[Invalid header: ...]` instead of a decoded line.
fn invalid_header(out: &mut Vec<u8>, packet: &PacketRef) -> bool {
    const MAXIMUM_SNAPLEN: u64 = 262144;
    let caplen = packet.data.len() as u64;
    let len = packet.wire_len as u64;
    let mut invalid = false;
    let note = |out: &mut Vec<u8>, invalid: &mut bool| {
        out.extend_from_slice(if *invalid { b"," } else { b"[Invalid header:" });
        *invalid = true;
    };
    if caplen == 0 {
        note(out, &mut invalid);
        out.extend_from_slice(b" caplen==0");
    }
    if len == 0 {
        note(out, &mut invalid);
        out.extend_from_slice(b" len==0");
    } else if len < caplen {
        note(out, &mut invalid);
        out.extend_from_slice(b" len(");
        fmt::put_u64(out, len);
        out.extend_from_slice(b") < caplen(");
        fmt::put_u64(out, caplen);
        out.push(b')');
    }
    if caplen > MAXIMUM_SNAPLEN {
        note(out, &mut invalid);
        out.extend_from_slice(b" caplen(");
        fmt::put_u64(out, caplen);
        out.extend_from_slice(b") > 262144");
    }
    if len > MAXIMUM_SNAPLEN {
        note(out, &mut invalid);
        out.extend_from_slice(b" len(");
        fmt::put_u64(out, len);
        out.extend_from_slice(b") > 262144");
    }
    if invalid {
        out.extend_from_slice(b"]\n");
    }
    invalid
}
