//! Addresses: `host`, `net`, `gateway`, Ethernet/802.11/DECnet hosts,
//! broadcast and multicast, and the dispatch of `[proto] [dir] [kind] id`
//! primitives by the lexical form of the id (libpcap's `gen_ncode`,
//! `gen_scode`, `gen_mcode`, `gen_mcode6`, `gen_ecode`).

use super::link::{self, ethertype as et};
use super::names;
use super::pred::Pred;
use super::{err, not_supported, Cx, Rel, Result};
use crate::cbpf::op;
use crate::quote::user_text;
use crate::syntax::{Dir, Id, Kind, Proto, Qualifiers};
use std::net::{IpAddr, Ipv6Addr};

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Net => "net",
        _ => "host",
    }
}

/// The keyword libpcap names a kind qualifier by (`host` when there is none).
pub(super) fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Default | Kind::Host => "host",
        Kind::Net => "net",
        Kind::Port => "port",
        Kind::PortRange => "portrange",
        Kind::Proto => "proto",
        Kind::ProtoChain => "protochain",
        Kind::Gateway => "gateway",
    }
}

/// libpcap's `'what' is not a valid qualifier for 'context'`.
pub(super) fn invalid_qual<T>(what: &str, context: &str) -> Result<T> {
    err(format!("'{what}' is not a valid qualifier for '{context}'"))
}

/// An 802.11 address qualifier (`addr1` ... `ta`).
pub(super) fn is_wlan_dir(dir: Dir) -> bool {
    matches!(
        dir,
        Dir::Addr1 | Dir::Addr2 | Dir::Addr3 | Dir::Addr4 | Dir::Ra | Dir::Ta
    )
}

/// An 802.11 address qualifier applied to anything but a MAC address.
pub(super) fn wlan_only<T>(dir: Dir) -> Result<T> {
    err(format!(
        "'{}' is valid for 802.11 syntax only",
        dir_word(dir).0
    ))
}

/// The protocol qualifiers an IPv4 address, network or host name takes.
fn ipv4_proto(p: Proto) -> bool {
    matches!(p, Proto::Default | Proto::Ip | Proto::Arp | Proto::Rarp)
}

impl Cx<'_> {
    /// One `[proto] [dir] [kind] id` primitive.
    pub fn id(&mut self, q: Qualifiers, id: &Id) -> Result<Pred> {
        match id {
            Id::Num(v) => self.ncode(None, *v, q),
            Id::Dotted(s) => self.ncode(Some(s), 0, q),
            Id::DottedCidr(s, len) => self.mcode(s, None, *len, q),
            Id::DottedMask(s, m) => self.mcode(s, Some(m), 0, q),
            Id::Ipv6(a) => self.mcode6(a, 128, q),
            Id::Ipv6Cidr(a, len) => self.mcode6(a, *len, q),
            Id::Mac(m) => self.ecode(m, q),
            Id::Aid(text) => self.aid(text, q),
            Id::Name(n) => self.scode(n, q),
        }
    }

    /// A `port`/`portrange` takes a transport protocol qualifier or none.
    fn check_port_qual(&self, q: Qualifiers) -> Result<()> {
        if !matches!(
            q.proto,
            Proto::Default | Proto::Udp | Proto::Tcp | Proto::Sctp
        ) {
            return invalid_qual(Cx::proto_name(q.proto), kind_word(q.kind));
        }
        Ok(())
    }

    /// ... and no 802.11 address qualifier (checked after its value).
    fn check_port_dir(&self, q: Qualifiers) -> Result<()> {
        if is_wlan_dir(q.dir) {
            return invalid_qual(dir_word(q.dir).0, kind_word(q.kind));
        }
        Ok(())
    }

    /// A number or a dotted IPv4 address/prefix.
    fn ncode(&mut self, dotted: Option<&str>, num: u32, q: Qualifiers) -> Result<Pred> {
        let proto = q.proto;
        // libpcap names a number by its value, an address as written.
        let text = dotted.map_or_else(|| num.to_string(), |s| user_text(s).to_string());
        if let Some(k @ (Kind::Port | Kind::PortRange | Kind::Proto | Kind::ProtoChain)) =
            dotted.map(|_| q.kind)
        {
            return err(format!(
                "'{}' qualifier applied to IPv4 address",
                kind_word(k)
            ));
        }
        if proto == Proto::Decnet {
            if is_wlan_dir(q.dir) {
                return wlan_only(q.dir);
            }
            if !matches!(q.kind, Kind::Default | Kind::Host) {
                return invalid_qual("decnet", kind_word(q.kind));
            }
            return match dotted.and_then(names::atodn) {
                Some(v) => self.host(v, 0, proto, q.dir, q.kind),
                None => err(format!("invalid DECnet address '{text}'")),
            };
        }
        let (v, vlen) = match dotted {
            None => (num, 32),
            Some(s) => match names::atoin(s) {
                Some(x) => x,
                None => return err(format!("invalid IPv4 address '{text}'")),
            },
        };
        match q.kind {
            Kind::Default | Kind::Host | Kind::Net => {
                if proto == Proto::Link {
                    return err(format!("illegal link-layer address '{text}'"));
                }
                if is_wlan_dir(q.dir) {
                    return wlan_only(q.dir);
                }
                if !ipv4_proto(proto) {
                    let what = format!("{} <IPv4 address>", kind_name(q.kind));
                    return invalid_qual(Cx::proto_name(proto), &what);
                }
                let mut v = v;
                let mut mask = 0xffff_ffffu32;
                if dotted.is_none() && q.kind == Kind::Net {
                    // A short network number is left-justified.
                    while v != 0 && v & 0xff00_0000 == 0 {
                        v <<= 8;
                        mask <<= 8;
                    }
                } else {
                    v = v.checked_shl(32 - vlen).unwrap_or(0);
                    mask = mask.checked_shl(32 - vlen).unwrap_or(0);
                }
                self.host(v, mask, proto, q.dir, q.kind)
            }
            Kind::Port | Kind::PortRange => {
                self.check_port_qual(q)?;
                let ip_proto = self.port_proto(proto, kind_word(q.kind))?;
                if v > 65535 {
                    return err(format!("port number {v} greater than maximum 65535"));
                }
                self.check_port_dir(q)?;
                if q.kind == Kind::Port {
                    let v4 = self.port(v, ip_proto, q.dir)?;
                    let v6 = self.port6(v, ip_proto, q.dir)?;
                    Ok(v6.or(v4))
                } else {
                    let v4 = self.portrange(v, v, ip_proto, q.dir)?;
                    let v6 = self.portrange6(v, v, ip_proto, q.dir)?;
                    Ok(v6.or(v4))
                }
            }
            Kind::Gateway => invalid_qual("gateway", &text),
            Kind::Proto => self.user_proto(v, proto),
            Kind::ProtoChain => self.user_protochain(v, proto),
        }
    }

    /// A dotted address with a prefix length or a mask.
    fn mcode(&mut self, s1: &str, s2: Option<&str>, masklen: u32, q: Qualifiers) -> Result<Pred> {
        if let k @ (Kind::Port | Kind::PortRange | Kind::Proto | Kind::ProtoChain) = q.kind {
            let form = if s2.is_some() {
                "netmask"
            } else {
                "prefix length"
            };
            return err(format!(
                "'{}' qualifier applied to IPv4 address and {form}",
                kind_word(k)
            ));
        }
        if q.proto == Proto::Decnet {
            return invalid_qual("decnet", kind_word(q.kind));
        }
        let (n, nlen) = match names::atoin(s1) {
            Some(x) => x,
            None => return err(format!("invalid IPv4 address '{}'", user_text(s1))),
        };
        let n = n.checked_shl(32 - nlen).unwrap_or(0);
        let m = match s2 {
            Some(s2) => {
                let (m, mlen) = match names::atoin(s2) {
                    Some(x) => x,
                    None => return err(format!("invalid IPv4 address '{}'", user_text(s2))),
                };
                let m = m.checked_shl(32 - mlen).unwrap_or(0);
                if n & !m != 0 {
                    return err(format!(
                        "non-network bits set in \"{} mask {}\"",
                        user_text(s1),
                        user_text(s2)
                    ));
                }
                m
            }
            None => {
                if masklen > 32 {
                    return err(format!("netmask length {masklen} greater than maximum 32"));
                }
                let m = if masklen == 0 {
                    0
                } else {
                    0xffff_ffffu32 << (32 - masklen)
                };
                if n & !m != 0 {
                    return err(format!(
                        "non-network bits set in \"{}/{masklen}\"",
                        user_text(s1)
                    ));
                }
                m
            }
        };
        match q.kind {
            Kind::Net => {
                if is_wlan_dir(q.dir) {
                    return wlan_only(q.dir);
                }
                if !ipv4_proto(q.proto) {
                    return invalid_qual(Cx::proto_name(q.proto), "net <IPv4 prefix>");
                }
                self.host(n, m, q.proto, q.dir, q.kind)
            }
            _ => {
                let text = match s2 {
                    Some(s2) => format!("{} mask {}", user_text(s1), user_text(s2)),
                    None => format!("{}/{masklen}", user_text(s1)),
                };
                invalid_qual(kind_word(q.kind), &text)
            }
        }
    }

    /// An IPv6 address or prefix.
    fn mcode6(&mut self, a: &Ipv6Addr, masklen: u32, q: Qualifiers) -> Result<Pred> {
        if let k @ (Kind::Port | Kind::PortRange | Kind::Proto | Kind::ProtoChain) = q.kind {
            let form = if masklen == 128 {
                ""
            } else {
                " and prefix length"
            };
            return err(format!(
                "'{}' qualifier applied to IPv6 address{form}",
                kind_word(k)
            ));
        }
        if masklen > 128 {
            return err("mask length must be <= 128");
        }
        let mask: u128 = if masklen == 0 {
            0
        } else {
            u128::MAX << (128 - masklen)
        };
        let addr = u128::from(*a);
        let text = if masklen == 128 {
            a.to_string()
        } else {
            format!("{a}/{masklen}")
        };
        if addr & !mask != 0 {
            return err(format!("non-network bits set in \"{text}\""));
        }
        match q.kind {
            Kind::Gateway => invalid_qual("gateway", &text),
            Kind::Default | Kind::Host if masklen != 128 => invalid_qual("host", &text),
            _ => {
                if is_wlan_dir(q.dir) {
                    return wlan_only(q.dir);
                }
                if !matches!(q.proto, Proto::Default | Proto::Ip6) {
                    let what = if q.kind == Kind::Host {
                        "host <IPv6 address>"
                    } else {
                        "net <IPv6 prefix>"
                    };
                    return invalid_qual(Cx::proto_name(q.proto), what);
                }
                self.host6(addr, mask, q.proto, q.dir, q.kind)
            }
        }
    }

    /// An ARCnet station address: one byte, the source first in the
    /// header and the destination second.
    fn aid(&mut self, text: &str, q: Qualifiers) -> Result<Pred> {
        if q.proto != Proto::Link || !matches!(q.kind, Kind::Host | Kind::Default) {
            return err("'link' is the only valid proto qualifier for 'host $XX'");
        }
        let lt = self.opts.linktype;
        // ARCnet: source, then destination; BACnet MS/TP (after its
        // preamble and frame type): destination, then source.
        let (src, dst) = match lt.0 {
            7 | 129 => (0, 1),
            165 => (4, 3),
            _ => (u32::MAX, u32::MAX),
        };
        if src == u32::MAX {
            let name = lt.name().unwrap_or("?");
            let description = lt.description().unwrap_or("?");
            return err(format!(
                "'link host $XX' not supported on DLT_{name} ({description})"
            ));
        }
        let digits = text.trim_start_matches('$');
        let v = match u32::from_str_radix(digits, 16) {
            Ok(v) if v <= 0xff && !digits.is_empty() => v,
            _ => return err("can't parse filter expression: syntax error"),
        };
        match q.dir {
            Dir::Src => self.cmp(Rel::LinkHdr, src, op::B, v),
            Dir::Dst => self.cmp(Rel::LinkHdr, dst, op::B, v),
            Dir::SrcAndDst => {
                let s = self.cmp(Rel::LinkHdr, src, op::B, v)?;
                let d = self.cmp(Rel::LinkHdr, dst, op::B, v)?;
                Ok(s.and(d))
            }
            Dir::Default | Dir::SrcOrDst => {
                let s = self.cmp(Rel::LinkHdr, src, op::B, v)?;
                let d = self.cmp(Rel::LinkHdr, dst, op::B, v)?;
                Ok(s.or(d))
            }
            other => {
                let (word, _) = dir_word(other);
                err(format!("'{word}' is valid for 802.11 syntax only"))
            }
        }
    }

    /// A MAC address.
    fn ecode(&mut self, mac: &[u8; 6], q: Qualifiers) -> Result<Pred> {
        if matches!(q.kind, Kind::Host | Kind::Default) && q.proto == Proto::Link {
            return self.link_host(mac, q.dir);
        }
        err("Ethernet address used in non-ether expression")
    }

    /// Whether the link type has MAC-48 host addresses.
    fn has_mac_hosts(&self) -> bool {
        matches!(self.lt().0, 105 | 127 | 119 | 163 | 192) || mac_offsets(self.lt().0).is_some()
    }

    /// A link-layer host on this link type.
    fn link_host(&mut self, mac: &[u8; 6], dir: Dir) -> Result<Pred> {
        let p = self.link_host_any(mac, dir)?;
        self.lane_data(p)
    }

    fn link_host_any(&mut self, mac: &[u8; 6], dir: Dir) -> Result<Pred> {
        match self.lt().0 {
            105 | 127 | 119 | 163 | 192 => self.wlan_hostop(mac, dir),
            lt => match mac_offsets(lt) {
                Some(_) if is_wlan_dir(dir) => wlan_only(dir),
                Some((dst, src)) => self.mac_hostop(mac, dir, dst, src),
                None => not_supported(self.named_linktype, "link host XX:XX:XX:XX:XX:XX"),
            },
        }
    }

    /// A MAC-48 source/destination address at these offsets in the link
    /// header.
    fn mac_hostop(&mut self, mac: &[u8; 6], dir: Dir, dst: u32, src: u32) -> Result<Pred> {
        match dir {
            Dir::Src => self.bcmp(Rel::LinkHdr, src, mac),
            Dir::Dst => self.bcmp(Rel::LinkHdr, dst, mac),
            Dir::SrcAndDst => {
                let a = self.mac_hostop(mac, Dir::Src, dst, src)?;
                let b = self.mac_hostop(mac, Dir::Dst, dst, src)?;
                Ok(a.and(b))
            }
            Dir::Default | Dir::SrcOrDst => {
                let a = self.mac_hostop(mac, Dir::Src, dst, src)?;
                let b = self.mac_hostop(mac, Dir::Dst, dst, src)?;
                Ok(a.or(b))
            }
            Dir::Addr1 | Dir::Addr2 | Dir::Addr3 | Dir::Addr4 | Dir::Ra | Dir::Ta => wlan_only(dir),
        }
    }

    /// A name: host, network, port, protocol.
    fn scode(&mut self, name: &str, q: Qualifiers) -> Result<Pred> {
        let proto = q.proto;
        let dir = q.dir;
        if proto == Proto::Decnet {
            return invalid_qual("decnet", kind_word(q.kind));
        }
        match q.kind {
            Kind::Net => {
                let addr = match names::network(name) {
                    Some(a) if a != 0 => a,
                    _ => return err(format!("unknown network '{}'", user_text(name))),
                };
                if is_wlan_dir(dir) {
                    return wlan_only(dir);
                }
                if !ipv4_proto(proto) {
                    return invalid_qual(Cx::proto_name(proto), "net <IPv4 network name>");
                }
                let mut addr = addr;
                let mut mask = 0xffff_ffffu32;
                while addr != 0 && addr & 0xff00_0000 == 0 {
                    addr <<= 8;
                    mask <<= 8;
                }
                self.host(addr, mask, proto, dir, q.kind)
            }
            Kind::Default | Kind::Host => {
                if proto == Proto::Link {
                    if !self.has_mac_hosts() {
                        return not_supported(self.named_linktype, "link host NAME");
                    }
                    let mac = match names::ether_host(name) {
                        Some(m) => m,
                        None => {
                            return err(format!("unknown Ethernet-like host '{}'", user_text(name)))
                        }
                    };
                    self.link_host(&mac, dir)
                } else {
                    let addrs = names::host_addrs(name);
                    if addrs.is_empty() {
                        return err(format!("unknown host '{}'", user_text(name)));
                    }
                    let (mut tproto, mut tproto6) = (proto, proto);
                    if self.off_linktype.is_none() && proto == Proto::Default {
                        tproto = Proto::Ip;
                        tproto6 = Proto::Ip6;
                    }
                    // An 802.11 qualifier is refused for the first address of
                    // the family asked for (none: the host is unknown).
                    let wanted = |a: &IpAddr| match a {
                        IpAddr::V4(_) => tproto != Proto::Ip6,
                        IpAddr::V6(_) => tproto6 != Proto::Ip,
                    };
                    if is_wlan_dir(dir) && addrs.iter().any(wanted) {
                        return wlan_only(dir);
                    }
                    if !matches!(
                        proto,
                        Proto::Default | Proto::Ip | Proto::Ip6 | Proto::Arp | Proto::Rarp
                    ) {
                        return invalid_qual(Cx::proto_name(proto), "host <Internet hostname>");
                    }
                    let mut out: Option<Pred> = None;
                    for a in addrs {
                        let t = match a {
                            IpAddr::V4(v4) => {
                                if tproto == Proto::Ip6 {
                                    continue;
                                }
                                self.host(u32::from(v4), 0xffff_ffff, tproto, dir, q.kind)?
                            }
                            IpAddr::V6(v6) => {
                                if tproto6 == Proto::Ip {
                                    continue;
                                }
                                self.host6(u128::from(v6), u128::MAX, tproto6, dir, q.kind)?
                            }
                        };
                        out = Some(match out {
                            Some(prev) => prev.or(t),
                            None => t,
                        });
                    }
                    match out {
                        Some(p) => Ok(p),
                        None => err(format!(
                            "unknown host '{}'{}",
                            user_text(name),
                            if proto == Proto::Default {
                                ""
                            } else {
                                " for specified address family"
                            }
                        )),
                    }
                }
            }
            Kind::Port => {
                if !matches!(
                    proto,
                    Proto::Default | Proto::Udp | Proto::Tcp | Proto::Sctp
                ) {
                    return invalid_qual(Cx::proto_name(proto), "port");
                }
                let (port, real) = match names::port(name) {
                    Some(x) => x,
                    None => return err(format!("unknown port '{}'", user_text(name))),
                };
                let real =
                    self.check_port_proto(proto, real, &format!("port '{}'", user_text(name)))?;
                if port > 65535 {
                    return err(format!("port number {port} greater than maximum 65535"));
                }
                self.check_port_dir(q)?;
                let v4 = self.port(port, real, dir)?;
                let v6 = self.port6(port, real, dir)?;
                Ok(v6.or(v4))
            }
            Kind::PortRange => {
                if !matches!(
                    proto,
                    Proto::Default | Proto::Udp | Proto::Tcp | Proto::Sctp
                ) {
                    return invalid_qual(Cx::proto_name(proto), "portrange");
                }
                let text = user_text(name);
                match name.matches('-').count() {
                    0 => return err(format!("port range '{text}' contains no hyphen")),
                    1 => {}
                    _ => return err(format!("port range '{text}' contains more than one hyphen")),
                }
                for end in name.split('-') {
                    let number = !end.is_empty() && end.bytes().all(|c| c.is_ascii_digit());
                    if !number && names::port(end).is_none() {
                        return err(format!("'{}' is not a valid port", user_text(end)));
                    }
                }
                let (p1, p2, real) = match names::port_range(name) {
                    Some(x) => x,
                    None => return err(format!("unknown port in range '{text}'")),
                };
                let real =
                    self.check_port_proto(proto, real, &format!("port in range '{text}'"))?;
                for p in [p1, p2] {
                    if p > 65535 {
                        return err(format!("port number {p} greater than maximum 65535"));
                    }
                }
                self.check_port_dir(q)?;
                let v4 = self.portrange(p1, p2, real, dir)?;
                let v6 = self.portrange6(p1, p2, real, dir)?;
                Ok(v6.or(v4))
            }
            Kind::Gateway => {
                if !ipv4_proto(proto) {
                    return invalid_qual(Cx::proto_name(proto), "gateway");
                }
                if self.label_depth > 0 {
                    return err("'gateway' cannot be used within MPLS");
                }
                if self.is_geneve {
                    return err("'gateway' cannot be used within VXLAN or Geneve");
                }
                if !self.has_mac_hosts() {
                    return not_supported(self.named_linktype, "gateway");
                }
                if names::ether_host(name).is_none() {
                    return err(format!("unknown Ethernet-like host '{}'", user_text(name)));
                }
                err("'gateway' not supported in this configuration")
            }
            Kind::Proto => {
                let v = self.lookup_proto(name, proto, "proto")?;
                self.user_proto(v, proto)
            }
            Kind::ProtoChain => {
                let v = self.lookup_proto(name, proto, "protochain")?;
                self.user_protochain(v, proto)
            }
        }
    }

    /// The transport protocol a `port`'s protocol qualifier selects.
    pub(super) fn port_proto(&self, proto: Proto, what: &str) -> Result<u32> {
        Ok(match proto {
            Proto::Udp => names::IPPROTO_UDP,
            Proto::Tcp => names::IPPROTO_TCP,
            Proto::Sctp => names::IPPROTO_SCTP,
            Proto::Default => names::PROTO_UNDEF,
            _ => return err(format!("illegal qualifier of '{what}'")),
        })
    }

    /// A named port must belong to the protocol the qualifier asks for.
    pub(super) fn check_port_proto(&self, proto: Proto, real: u32, what: &str) -> Result<u32> {
        let (want, name) = match proto {
            Proto::Udp => (names::IPPROTO_UDP, "udp"),
            Proto::Tcp => (names::IPPROTO_TCP, "tcp"),
            Proto::Sctp => (names::IPPROTO_SCTP, "sctp"),
            _ => return Ok(real),
        };
        let _ = name;
        if real == names::PROTO_UNDEF || real == want {
            return Ok(want);
        }
        let is = match real {
            names::IPPROTO_TCP => "tcp",
            names::IPPROTO_UDP => "udp",
            _ => "sctp",
        };
        err(format!("{what} is {is}"))
    }

    fn lookup_proto(&self, name: &str, proto: Proto, kind: &str) -> Result<u32> {
        let found = match proto {
            Proto::Default | Proto::Ip | Proto::Ip6 => names::ip_proto(name),
            Proto::Link => names::eproto(name).or_else(|| names::llc(name)),
            Proto::Iso => match name {
                "esis" => Some(super::proto::ISO9542_ESIS),
                "isis" => Some(super::proto::ISO10589_ISIS),
                "clnp" => Some(super::proto::ISO8473_CLNP),
                _ => None,
            },
            _ => None,
        };
        match found {
            Some(v) => Ok(v),
            None if proto == Proto::Default => {
                err(format!("unknown '{kind}' value '{}'", user_text(name)))
            }
            None => err(format!(
                "unknown '{} {kind}' value '{}'",
                Cx::proto_name(proto),
                user_text(name)
            )),
        }
    }

    /// An IPv4 host or network (libpcap's `gen_host`).
    pub fn host(
        &mut self,
        addr: u32,
        mask: u32,
        proto: Proto,
        dir: Dir,
        kind: Kind,
    ) -> Result<Pred> {
        let what = kind_name(kind);
        match proto {
            Proto::Default => {
                let ip = self.host(addr, mask, Proto::Ip, dir, kind)?;
                if self.label_depth == 0 {
                    let arp = self.host(addr, mask, Proto::Arp, dir, kind)?;
                    let rarp = self.host(addr, mask, Proto::Rarp, dir, kind)?;
                    Ok(ip.or(arp).or(rarp))
                } else {
                    Ok(ip)
                }
            }
            Proto::Ip => self.hostop(addr, mask, dir, et::IP, 12, 16),
            Proto::Rarp => self.hostop(addr, mask, dir, et::REVARP, 14, 24),
            Proto::Arp => self.hostop(addr, mask, dir, et::ARP, 14, 24),
            Proto::Decnet => self.dnhostop(addr, dir),
            _ => invalid_qual(Cx::proto_name(proto), &format!("{what} <IPv4 address>")),
        }
    }

    fn hostop(
        &mut self,
        addr: u32,
        mask: u32,
        dir: Dir,
        ll: u32,
        src: u32,
        dst: u32,
    ) -> Result<Pred> {
        // The link-layer test once, then the fields (as libpcap's
        // development version: one guard for `host a`'s two fields).
        let (offs, both): (&[u32], bool) = match dir {
            Dir::Src => (&[src], false),
            Dir::Dst => (&[dst], false),
            Dir::SrcAndDst => (&[src, dst], true),
            Dir::Default | Dir::SrcOrDst => (&[src, dst], false),
            _ => return wlan_only(dir),
        };
        let lt = link::linktype(self, ll)?;
        let mut tests = Vec::with_capacity(2);
        for &off in offs {
            tests.push(self.mcmp(Rel::LinkPl, off, op::W, addr, mask)?);
        }
        let fields = if both {
            Pred::all(tests)
        } else {
            Pred::any(tests)
        };
        Ok(lt.and(fields))
    }

    /// An IPv6 host or network (libpcap's `gen_host6`).
    pub fn host6(
        &mut self,
        addr: u128,
        mask: u128,
        proto: Proto,
        dir: Dir,
        kind: Kind,
    ) -> Result<Pred> {
        match proto {
            Proto::Default | Proto::Ip6 => self.hostop6(addr, mask, dir, 8, 24),
            _ if kind == Kind::Host => invalid_qual(Cx::proto_name(proto), "host <IPv6 address>"),
            _ => invalid_qual(Cx::proto_name(proto), "net <IPv6 prefix>"),
        }
    }

    fn hostop6(&mut self, addr: u128, mask: u128, dir: Dir, src: u32, dst: u32) -> Result<Pred> {
        let (offs, both): (&[u32], bool) = match dir {
            Dir::Src => (&[src], false),
            Dir::Dst => (&[dst], false),
            Dir::SrcAndDst => (&[src, dst], true),
            Dir::Default | Dir::SrcOrDst => (&[src, dst], false),
            _ => return wlan_only(dir),
        };
        let lt = link::linktype(self, et::IPV6)?;
        let mut fields = Vec::with_capacity(2);
        for &off in offs {
            let mut words = Vec::with_capacity(4);
            for i in 0..4u32 {
                let shift = 96 - 32 * i;
                let a = (addr >> shift) as u32;
                let m = (mask >> shift) as u32;
                if m == 0 {
                    // Nothing of this word is compared: libpcap's development
                    // version does not load it (so a packet need not hold it).
                    continue;
                }
                words.push(self.mcmp(Rel::LinkPl, off + 4 * i, op::W, a, m)?);
            }
            fields.push(Pred::all(words));
        }
        let fields = if both {
            Pred::all(fields)
        } else {
            Pred::any(fields)
        };
        Ok(lt.and(fields))
    }

    /// A DECnet host (four header layouts; libpcap's `gen_dnhostop`).
    fn dnhostop(&mut self, addr: u32, dir: Dir) -> Result<Pred> {
        let (sh, lh) = match dir {
            Dir::Dst => (1u32, 7u32),
            Dir::Src => (3, 15),
            Dir::SrcAndDst => {
                let a = self.dnhostop(addr, Dir::Src)?;
                let b = self.dnhostop(addr, Dir::Dst)?;
                return Ok(a.and(b));
            }
            Dir::Default | Dir::SrcOrDst => {
                let a = self.dnhostop(addr, Dir::Src)?;
                let b = self.dnhostop(addr, Dir::Dst)?;
                return Ok(a.or(b));
            }
            _ => return wlan_only(dir),
        };
        let a = (addr as u16).swap_bytes() as u32;
        let lt = link::linktype(self, et::DN)?;
        // Short header, no padding; short with padding; long, no padding;
        // long with padding.
        let (short, padded_short) = if sh == 1 {
            // The destination follows the flags byte: one word covers both
            // (so a packet must have the whole word, as in libpcap's
            // development version).
            (
                self.mcmp(Rel::LinkPl, 2, op::W, 0x0200_0000 | (a << 8), 0x07ff_ff00)?,
                self.mcmp(Rel::LinkPl, 2, op::W, 0x8102_0000 | a, 0xff07_ffff)?,
            )
        } else {
            let t1 = self.mcmp(Rel::LinkPl, 2, op::B, 0x02, 0x07)?;
            let c1 = self.cmp(Rel::LinkPl, 2 + sh, op::H, a)?;
            let t2 = self.mcmp(Rel::LinkPl, 2, op::H, 0x8102, 0xff07)?;
            let c2 = self.cmp(Rel::LinkPl, 2 + 1 + sh, op::H, a)?;
            (t1.and(c1), t2.and(c2))
        };
        let t3 = self.mcmp(Rel::LinkPl, 2, op::B, 0x06, 0x07)?;
        let c3 = self.cmp(Rel::LinkPl, 2 + lh, op::H, a)?;
        let t4 = self.mcmp(Rel::LinkPl, 2, op::H, 0x8106, 0xff07)?;
        let c4 = self.cmp(Rel::LinkPl, 2 + 1 + lh, op::H, a)?;
        Ok(lt.and(short.or(padded_short).or(t3.and(c3)).or(t4.and(c4))))
    }

    /// `[proto] broadcast`.
    pub fn broadcast(&mut self, proto: Proto) -> Result<Pred> {
        let p = self.broadcast_any(proto)?;
        if matches!(proto, Proto::Default | Proto::Link) {
            self.lane_data(p)
        } else {
            Ok(p)
        }
    }

    fn broadcast_any(&mut self, proto: Proto) -> Result<Pred> {
        match proto {
            Proto::Default | Proto::Link => match self.lt().0 {
                7 | 129 => self.cmp(Rel::LinkHdr, 1, op::B, 0),
                165 => self.cmp(Rel::LinkHdr, 3, op::B, 0xff),
                105 | 127 | 119 | 163 | 192 => self.wlan_hostop(&[0xff; 6], Dir::Dst),
                lt => match mac_offsets(lt) {
                    Some((dst, src)) => self.mac_hostop(&[0xff; 6], Dir::Dst, dst, src),
                    None => not_supported(self.named_linktype, "broadcast"),
                },
            },
            Proto::Ip => {
                // tcpdump passes a netmask of 0 when it does not know one;
                // PCAP_NETMASK_UNKNOWN is an error.
                let netmask = self.opts.netmask.unwrap_or(0);
                if netmask == 0xffff_ffff {
                    return err("netmask not known, so 'ip broadcast' not supported");
                }
                let lt = link::linktype(self, et::IP)?;
                let hostmask = !netmask;
                let zero = self.mcmp(Rel::LinkPl, 16, op::W, 0, hostmask)?;
                let ones = self.mcmp(Rel::LinkPl, 16, op::W, hostmask, hostmask)?;
                Ok(lt.and(zero.or(ones)))
            }
            _ => invalid_qual(Cx::proto_name(proto), "broadcast"),
        }
    }

    /// `[proto] multicast`.
    pub fn multicast(&mut self, proto: Proto) -> Result<Pred> {
        let p = self.multicast_any(proto)?;
        if matches!(proto, Proto::Default | Proto::Link) {
            self.lane_data(p)
        } else {
            Ok(p)
        }
    }

    fn multicast_any(&mut self, proto: Proto) -> Result<Pred> {
        match proto {
            Proto::Default | Proto::Link => match self.lt().0 {
                7 | 129 => self.cmp(Rel::LinkHdr, 1, op::B, 0),
                105 | 127 | 119 | 163 | 192 => self.wlan_multicast(),
                lt if let Some((dst, _)) = mac_offsets(lt) => {
                    self.jset(Rel::LinkHdr, dst, op::B, 1)
                }
                _ => not_supported(self.named_linktype, "multicast"),
            },
            Proto::Ip => {
                // Class D: 1110 in the top bits of the destination.
                let lt = link::linktype(self, et::IP)?;
                let c = self.mcmp(Rel::LinkPl, 16, op::B, 0xe0, 0xf0)?;
                Ok(lt.and(c))
            }
            Proto::Ip6 => {
                let lt = link::linktype(self, et::IPV6)?;
                let c = self.cmp(Rel::LinkPl, 24, op::B, 255)?;
                Ok(lt.and(c))
            }
            _ => invalid_qual(Cx::proto_name(proto), "multicast"),
        }
    }
}

/// Where the destination and source MAC-48 addresses are in the link
/// header of the link types that carry them at fixed offsets: Ethernet,
/// FDDI (after the frame control byte), token ring (after access and frame
/// control) and IP over Fibre Channel (RFC 2625's network header).
fn mac_offsets(linktype: u32) -> Option<(u32, u32)> {
    match linktype {
        1 => Some((0, 6)),
        10 => Some((1, 7)),
        6 => Some((2, 8)),
        122 => Some((2, 10)),
        _ => None,
    }
}

/// The two spellings libpcap names 802.11 address qualifiers by.
pub fn dir_word(dir: Dir) -> (&'static str, &'static str) {
    match dir {
        Dir::Addr1 => ("addr1", "address1"),
        Dir::Addr2 => ("addr2", "address2"),
        Dir::Addr3 => ("addr3", "address3"),
        Dir::Addr4 => ("addr4", "address4"),
        Dir::Ra => ("ra", "ra"),
        Dir::Ta => ("ta", "ta"),
        _ => ("", ""),
    }
}
