//! Addresses: `host`, `net`, `gateway`, Ethernet/802.11/DECnet hosts,
//! broadcast and multicast, and the dispatch of `[proto] [dir] [kind] id`
//! primitives by the lexical form of the id (libpcap's `gen_ncode`,
//! `gen_scode`, `gen_mcode`, `gen_mcode6`, `gen_ecode`).

use super::link::{self, ethertype as et};
use super::names;
use super::pred::Pred;
use super::{err, Cx, Rel, Result};
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

    /// A number or a dotted IPv4 address/prefix.
    fn ncode(&mut self, dotted: Option<&str>, num: u32, q: Qualifiers) -> Result<Pred> {
        let proto = q.proto;
        let (v, vlen) = match dotted {
            None => (num, 32),
            Some(s) if proto == Proto::Decnet => match names::atodn(s) {
                Some(v) => (v, 16),
                None => return err(format!("malformed decnet address '{}'", user_text(s))),
            },
            Some(s) => {
                if proto == Proto::Link {
                    return err("illegal link layer address");
                }
                match q.kind {
                    Kind::Port | Kind::PortRange | Kind::Proto | Kind::ProtoChain => {
                        let k = match q.kind {
                            Kind::Port => "port",
                            Kind::PortRange => "portrange",
                            Kind::Proto => "proto",
                            _ => "protochain",
                        };
                        return err(format!("'{k}' modifier applied to ip host"));
                    }
                    _ => {}
                }
                match names::atoin(s) {
                    Some(x) => x,
                    None => return err(format!("invalid IPv4 address '{}'", user_text(s))),
                }
            }
        };
        match q.kind {
            Kind::Default | Kind::Host | Kind::Net => {
                if proto == Proto::Decnet {
                    return self.host(v, 0, proto, q.dir, q.kind);
                }
                if proto == Proto::Link {
                    return err("illegal link layer address");
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
            Kind::Port => {
                let ip_proto = self.port_proto(proto, "port")?;
                if v > 65535 {
                    return err(format!("illegal port number {v} > 65535"));
                }
                let v4 = self.port(v, ip_proto, q.dir)?;
                let v6 = self.port6(v, ip_proto, q.dir)?;
                Ok(v6.or(v4))
            }
            Kind::PortRange => {
                let ip_proto = self.port_proto(proto, "portrange")?;
                if v > 65535 {
                    return err(format!("illegal port number {v} > 65535"));
                }
                let v4 = self.portrange(v, v, ip_proto, q.dir)?;
                let v6 = self.portrange6(v, v, ip_proto, q.dir)?;
                Ok(v6.or(v4))
            }
            Kind::Gateway => err("'gateway' requires a name"),
            Kind::Proto => self.gen_proto(v, proto),
            Kind::ProtoChain => self.protochain(v, proto),
        }
    }

    /// A dotted address with a prefix length or a mask.
    fn mcode(&mut self, s1: &str, s2: Option<&str>, masklen: u32, q: Qualifiers) -> Result<Pred> {
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
                    return err("mask length must be <= 32");
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
            Kind::Net => self.host(n, m, q.proto, q.dir, q.kind),
            _ => err("Mask syntax for networks only"),
        }
    }

    /// An IPv6 address or prefix.
    fn mcode6(&mut self, a: &Ipv6Addr, masklen: u32, q: Qualifiers) -> Result<Pred> {
        if masklen > 128 {
            return err("mask length must be <= 128");
        }
        let mask: u128 = if masklen == 0 {
            0
        } else {
            u128::MAX << (128 - masklen)
        };
        let addr = u128::from(*a);
        if addr & !mask != 0 {
            let text = if masklen == 128 {
                a.to_string()
            } else {
                format!("{a}/{masklen}")
            };
            return err(format!("non-network bits set in \"{text}\""));
        }
        match q.kind {
            Kind::Default | Kind::Host if masklen != 128 => err("Mask syntax for networks only"),
            Kind::Default | Kind::Host | Kind::Net => {
                self.host6(addr, mask, q.proto, q.dir, q.kind)
            }
            _ => err("invalid qualifier against IPv6 address"),
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
        err("ethernet address used in non-ether expression")
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
                Some((dst, src)) => self.mac_hostop(mac, dir, dst, src),
                None => err("ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel"),
            },
        }
    }

    /// Ethernet source/destination address.
    pub fn ehostop(&mut self, mac: &[u8; 6], dir: Dir) -> Result<Pred> {
        self.mac_hostop(mac, dir, 0, 6)
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
                let a = self.ehostop(mac, Dir::Src)?;
                let b = self.ehostop(mac, Dir::Dst)?;
                Ok(a.or(b))
            }
            Dir::Addr1 | Dir::Addr2 | Dir::Addr3 | Dir::Addr4 | Dir::Ra | Dir::Ta => err(format!(
                "'{}' and '{}' are only supported on 802.11 with 802.11 headers",
                dir_word(dir).0,
                dir_word(dir).1
            )),
        }
    }

    /// A name: host, network, port, protocol.
    fn scode(&mut self, name: &str, q: Qualifiers) -> Result<Pred> {
        let proto = q.proto;
        let dir = q.dir;
        match q.kind {
            Kind::Net => {
                let addr = match names::network(name) {
                    Some(a) if a != 0 => a,
                    _ => return err(format!("unknown network '{}'", user_text(name))),
                };
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
                    match self.lt().0 {
                        1 | 105 | 127 | 119 | 163 | 192 => {
                            let mac = match names::ether_host(name) {
                                Some(m) => m,
                                None => return err(format!("unknown ether host '{}'", user_text(name))),
                            };
                            self.link_host(&mac, dir)
                        }
                        _ => err("only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name"),
                    }
                } else if proto == Proto::Decnet {
                    err(format!(
                        "decnet name support not included, '{}' cannot be translated\n",
                        user_text(name)
                    ))
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
                    return err("illegal qualifier of 'port'");
                }
                let (port, real) = match names::port(name) {
                    Some(x) => x,
                    None => return err(format!("unknown port '{}'", user_text(name))),
                };
                let real =
                    self.check_port_proto(proto, real, &format!("port '{}'", user_text(name)))?;
                if port > 65535 {
                    return err(format!("illegal port number {port} > 65535"));
                }
                let v4 = self.port(port, real, dir)?;
                let v6 = self.port6(port, real, dir)?;
                Ok(v6.or(v4))
            }
            Kind::PortRange => {
                if !matches!(
                    proto,
                    Proto::Default | Proto::Udp | Proto::Tcp | Proto::Sctp
                ) {
                    return err("illegal qualifier of 'portrange'");
                }
                let (p1, p2, real) = match names::port_range(name) {
                    Some(x) => x,
                    None => return err(format!("unknown port in range '{}'", user_text(name))),
                };
                let real = self.check_port_proto(
                    proto,
                    real,
                    &format!("port in range '{}'", user_text(name)),
                )?;
                for p in [p1, p2] {
                    if p > 65535 {
                        return err(format!("illegal port number {p} > 65535"));
                    }
                }
                let v4 = self.portrange(p1, p2, real, dir)?;
                let v6 = self.portrange6(p1, p2, real, dir)?;
                Ok(v6.or(v4))
            }
            Kind::Gateway => err("'gateway' not supported in this configuration"),
            Kind::Proto => {
                let v = self.lookup_proto(name, proto)?;
                self.gen_proto(v, proto)
            }
            Kind::ProtoChain => {
                let v = self.lookup_proto(name, proto)?;
                self.protochain(v, proto)
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

    fn lookup_proto(&self, name: &str, proto: Proto) -> Result<u32> {
        match proto {
            Proto::Default | Proto::Ip | Proto::Ip6 => match names::ip_proto(name) {
                Some(v) => Ok(v),
                None => err(format!("unknown ip proto '{}'", user_text(name))),
            },
            Proto::Link => match names::eproto(name).or_else(|| names::llc(name)) {
                Some(v) => Ok(v),
                None => err(format!("unknown ether proto '{}'", user_text(name))),
            },
            Proto::Iso => match name {
                "esis" => Ok(super::proto::ISO9542_ESIS),
                "isis" => Ok(super::proto::ISO10589_ISIS),
                "clnp" => Ok(super::proto::ISO8473_CLNP),
                _ => err(format!("unknown osi proto '{}'", user_text(name))),
            },
            _ => err(format!("unknown protocol: {}", user_text(name))),
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
            Proto::Link => err(format!("link-layer modifier applied to {what}")),
            Proto::Ip => self.hostop(addr, mask, dir, et::IP, 12, 16),
            Proto::Rarp => self.hostop(addr, mask, dir, et::REVARP, 14, 24),
            Proto::Arp => self.hostop(addr, mask, dir, et::ARP, 14, 24),
            Proto::Decnet => self.dnhostop(addr, dir),
            Proto::Atalk => err("AppleTalk host filtering not implemented"),
            Proto::Aarp => err("AARP host filtering not implemented"),
            Proto::Lat => err("LAT host filtering not implemented"),
            Proto::Sca => err("SCA host filtering not implemented"),
            Proto::Moprc => err("MOPRC host filtering not implemented"),
            Proto::Mopdl => err("MOPDL host filtering not implemented"),
            Proto::Ip6 => err(format!("'ip6' modifier applied to ip {what}")),
            Proto::Iso => err("ISO host filtering not implemented"),
            Proto::Ipx => err("IPX host filtering not implemented"),
            _ => err(format!(
                "'{}' modifier applied to {what}",
                Cx::proto_name(proto)
            )),
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
        let off = match dir {
            Dir::Src => src,
            Dir::Dst => dst,
            Dir::SrcAndDst => {
                let a = self.hostop(addr, mask, Dir::Src, ll, src, dst)?;
                let b = self.hostop(addr, mask, Dir::Dst, ll, src, dst)?;
                return Ok(a.and(b));
            }
            Dir::Default | Dir::SrcOrDst => {
                let a = self.hostop(addr, mask, Dir::Src, ll, src, dst)?;
                let b = self.hostop(addr, mask, Dir::Dst, ll, src, dst)?;
                return Ok(a.or(b));
            }
            _ => return addr_qual_error(dir, "addresses other than 802.11 MAC addresses"),
        };
        let lt = link::linktype(self, ll)?;
        let c = self.mcmp(Rel::LinkPl, off, op::W, addr, mask)?;
        Ok(lt.and(c))
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
        let what = kind_name(kind);
        match proto {
            Proto::Default | Proto::Ip6 => self.hostop6(addr, mask, dir, 8, 24),
            Proto::Link => err(format!("link-layer modifier applied to ip6 {what}")),
            Proto::Atalk => err("AppleTalk host filtering not implemented"),
            Proto::Aarp => err("AARP host filtering not implemented"),
            Proto::Decnet => err("'decnet' modifier applied to ip6 host"),
            Proto::Lat => err("LAT host filtering not implemented"),
            Proto::Sca => err("SCA host filtering not implemented"),
            Proto::Moprc => err("MOPRC host filtering not implemented"),
            Proto::Mopdl => err("MOPDL host filtering not implemented"),
            Proto::Iso => err("ISO host filtering not implemented"),
            Proto::Ipx => err("IPX host filtering not implemented"),
            _ => err(format!(
                "'{}' modifier applied to ip6 {what}",
                Cx::proto_name(proto)
            )),
        }
    }

    fn hostop6(&mut self, addr: u128, mask: u128, dir: Dir, src: u32, dst: u32) -> Result<Pred> {
        let off = match dir {
            Dir::Src => src,
            Dir::Dst => dst,
            Dir::SrcAndDst => {
                let a = self.hostop6(addr, mask, Dir::Src, src, dst)?;
                let b = self.hostop6(addr, mask, Dir::Dst, src, dst)?;
                return Ok(a.and(b));
            }
            Dir::Default | Dir::SrcOrDst => {
                let a = self.hostop6(addr, mask, Dir::Src, src, dst)?;
                let b = self.hostop6(addr, mask, Dir::Dst, src, dst)?;
                return Ok(a.or(b));
            }
            _ => return addr_qual_error(dir, "addresses other than 802.11 MAC addresses"),
        };
        let lt = link::linktype(self, et::IPV6)?;
        let mut tests = vec![lt];
        for i in 0..4u32 {
            let shift = 96 - 32 * i;
            let a = (addr >> shift) as u32;
            let m = (mask >> shift) as u32;
            tests.push(self.mcmp(Rel::LinkPl, off + 4 * i, op::W, a, m)?);
        }
        Ok(Pred::all(tests))
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
            _ => return addr_qual_error(dir, "addresses other than 802.11 MAC addresses"),
        };
        let a = (addr as u16).swap_bytes() as u32;
        let lt = link::linktype(self, et::DN)?;
        // Short header, no padding; short with padding; long, no padding;
        // long with padding.
        let t1 = self.mcmp(Rel::LinkPl, 2, op::B, 0x02, 0x07)?;
        let c1 = self.cmp(Rel::LinkPl, 2 + sh, op::H, a)?;
        let t2 = self.mcmp(Rel::LinkPl, 2, op::H, 0x8102, 0xff07)?;
        let c2 = self.cmp(Rel::LinkPl, 2 + 1 + sh, op::H, a)?;
        let t3 = self.mcmp(Rel::LinkPl, 2, op::B, 0x06, 0x07)?;
        let c3 = self.cmp(Rel::LinkPl, 2 + lh, op::H, a)?;
        let t4 = self.mcmp(Rel::LinkPl, 2, op::H, 0x8106, 0xff07)?;
        let c4 = self.cmp(Rel::LinkPl, 2 + 1 + lh, op::H, a)?;
        Ok(lt.and(t1.and(c1).or(t2.and(c2)).or(t3.and(c3)).or(t4.and(c4))))
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
                    None => err("not a broadcast link"),
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
            _ => err("only link-layer/IP broadcast filters supported"),
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
                lt if mac_offsets(lt).is_some() => {
                    let (dst, _) = mac_offsets(lt).unwrap_or_default();
                    self.jset(Rel::LinkHdr, dst, op::B, 1)
                }
                _ => err("link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel"),
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
            _ => err("link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel"),
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

fn addr_qual_error(dir: Dir, what: &str) -> Result<Pred> {
    let (a, b) = dir_word(dir);
    if a == b {
        return err(format!("'{a}' is not a valid qualifier for {what}"));
    }
    err(format!(
        "'{a}' and '{b}' are not valid qualifiers for {what}"
    ))
}
