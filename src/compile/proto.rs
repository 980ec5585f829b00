//! Protocol tests: the abbreviations (`tcp`, `ip6`, `arp`, `isis`, ...),
//! `[ip|ip6|ether|iso|isis] proto N` and `protochain N`.

use super::link::{self, ethertype as et, llcsap};
use super::net::invalid_qual;
use super::pred::Pred;
use super::subgraph::{NodeEnd, SubGraph, Target};
use super::{err, Cx, Rel, Result};
use crate::cbpf::{op, Insn};
use crate::syntax::Proto;

pub const IPPROTO_ICMP: u32 = 1;
pub const IPPROTO_IGMP: u32 = 2;
pub const IPPROTO_TCP: u32 = 6;
pub const IPPROTO_IGRP: u32 = 9;
pub const IPPROTO_UDP: u32 = 17;
pub const IPPROTO_AH: u32 = 51;
pub const IPPROTO_ESP: u32 = 50;
pub const IPPROTO_ICMPV6: u32 = 58;
pub const IPPROTO_PIM: u32 = 103;
pub const IPPROTO_VRRP: u32 = 112;
pub const IPPROTO_CARP: u32 = 112;
pub const IPPROTO_SCTP: u32 = 132;
pub const IPPROTO_FRAGMENT: u32 = 44;

pub const ISO8473_CLNP: u32 = 0x81;
pub const ISO9542_ESIS: u32 = 0x82;
pub const ISO10589_ISIS: u32 = 0x83;

/// How many headers the unrolled `protochain` walk examines. libpcap's
/// program loops with a backward `ja` per header, which the kernel refuses;
/// its interpreter walks until a load leaves the packet. An unrolled walk
/// within the kernel's 4,096 instructions cannot follow every header a
/// large packet can hold (one per 8 bytes): past these hops it gives
/// verdict 0, where libpcap goes on. When 65 hops make the program too
/// long for the kernel (several `protochain`s), [`super::generate`]
/// retries with fewer.
pub const PROTOCHAIN_MAX_HOPS: usize = 65;

impl Cx<'_> {
    /// A protocol name used alone (libpcap's `gen_proto_abbrev`).
    pub fn proto_abbrev(&mut self, p: Proto) -> Result<Pred> {
        use Proto as P;
        Ok(match p {
            P::Sctp => self.gen_proto(IPPROTO_SCTP, P::Default)?,
            P::Tcp => self.gen_proto(IPPROTO_TCP, P::Default)?,
            P::Udp => self.gen_proto(IPPROTO_UDP, P::Default)?,
            P::Icmp => self.gen_proto(IPPROTO_ICMP, P::Ip)?,
            P::Igmp => self.gen_proto(IPPROTO_IGMP, P::Ip)?,
            P::Igrp => self.gen_proto(IPPROTO_IGRP, P::Ip)?,
            P::Pim => self.gen_proto(IPPROTO_PIM, P::Default)?,
            P::Vrrp => self.gen_proto(IPPROTO_VRRP, P::Ip)?,
            P::Carp => self.gen_proto(IPPROTO_CARP, P::Ip)?,
            P::Ip => link::linktype(self, et::IP)?,
            P::Arp => link::linktype(self, et::ARP)?,
            P::Rarp => link::linktype(self, et::REVARP)?,
            P::Link => return err("'link' cannot be used as an abbreviation"),
            P::Atalk => link::linktype(self, et::ATALK)?,
            P::Aarp => link::linktype(self, et::AARP)?,
            P::Decnet => link::linktype(self, et::DN)?,
            P::Sca => link::linktype(self, et::SCA)?,
            P::Lat => link::linktype(self, et::LAT)?,
            P::Mopdl => link::linktype(self, et::MOPDL)?,
            P::Moprc => link::linktype(self, et::MOPRC)?,
            P::Ip6 => link::linktype(self, et::IPV6)?,
            P::Icmp6 => self.gen_proto(IPPROTO_ICMPV6, P::Ip6)?,
            P::Ah => self.gen_proto(IPPROTO_AH, P::Default)?,
            P::Esp => self.gen_proto(IPPROTO_ESP, P::Default)?,
            P::Iso => link::linktype(self, llcsap::ISONS)?,
            P::Esis => self.gen_proto(ISO9542_ESIS, P::Iso)?,
            P::Isis => self.gen_proto(ISO10589_ISIS, P::Iso)?,
            P::Clnp => self.gen_proto(ISO8473_CLNP, P::Iso)?,
            P::Stp => link::linktype(self, llcsap::STP)?,
            P::Ipx => link::linktype(self, llcsap::IPX)?,
            P::Netbeui => link::linktype(self, llcsap::NETBEUI)?,
            P::L1 => self.isis_pdus(&[15, 17, 18, 24, 26])?,
            P::L2 => self.isis_pdus(&[16, 17, 20, 25, 27])?,
            P::Iih => self.isis_pdus(&[15, 16, 17])?,
            P::Lsp => self.isis_pdus(&[18, 20])?,
            P::Snp => self.isis_pdus(&[24, 25, 26, 27])?,
            P::Csnp => self.isis_pdus(&[24, 25])?,
            P::Psnp => self.isis_pdus(&[26, 27])?,
            P::Radio => return err("'radio' cannot be used as an abbreviation"),
            P::Default => return err("can't parse filter expression: syntax error"),
        })
    }

    /// Any of these IS-IS PDU types; libpcap ORs them with the last
    /// listed first... the order does not change which loads happen.
    fn isis_pdus(&mut self, types: &[u32]) -> Result<Pred> {
        let mut tests = Vec::new();
        for &t in types {
            tests.push(self.gen_proto(t, Proto::Isis)?);
        }
        Ok(Pred::any(tests))
    }

    /// `[proto] proto v` (libpcap's `gen_proto`).
    pub fn gen_proto(&mut self, v: u32, proto: Proto) -> Result<Pred> {
        use Proto as P;
        match proto {
            P::Default => {
                let a = self.gen_proto(v, P::Ip)?;
                let b = self.gen_proto(v, P::Ip6)?;
                Ok(a.or(b))
            }
            P::Link => link::linktype(self, v),
            P::Ip => {
                let lt = link::linktype(self, et::IP)?;
                let p = self.cmp(Rel::LinkPl, 9, op::B, v)?;
                Ok(lt.and(p))
            }
            P::Ip6 => {
                let lt = link::linktype(self, et::IPV6)?;
                let direct = self.cmp(Rel::LinkPl, 6, op::B, v)?;
                let frag = self.cmp(Rel::LinkPl, 6, op::B, IPPROTO_FRAGMENT)?;
                let after = self.cmp(Rel::LinkPl, 40, op::B, v)?;
                Ok(lt.and(direct.or(frag.and(after))))
            }
            P::Iso => match self.lt().0 {
                // Frame Relay: the NLPID follows the Q.922 header.
                107 => self.cmp(Rel::LinkHdr, 2, op::H, (0x03 << 8) | v),
                // Cisco HDLC: 0xfefe type, then a fudge byte and the NLPID.
                104 | 112 => {
                    let lt = link::linktype(self, (llcsap::ISONS << 8) | llcsap::ISONS)?;
                    let p = self.cmp(Rel::LinkPlNoSnap, 1, op::B, v)?;
                    Ok(lt.and(p))
                }
                _ => {
                    let lt = link::linktype(self, llcsap::ISONS)?;
                    let p = self.cmp(Rel::LinkPlNoSnap, 0, op::B, v)?;
                    Ok(lt.and(p))
                }
            },
            P::Isis => {
                if v > 31 {
                    return err(format!("IS-IS PDU type {v} greater than maximum 31"));
                }
                let iso = self.gen_proto(ISO10589_ISIS, P::Iso)?;
                // The PDU type is the low 5 bits of the IS-IS header's
                // fifth byte (after Cisco HDLC's fudge byte there).
                let at = if matches!(self.lt().0, 104 | 112) {
                    5
                } else {
                    4
                };
                let p = self.mcmp(Rel::LinkPlNoSnap, at, op::B, v, 0x1f)?;
                Ok(iso.and(p))
            }
            P::Arp | P::Rarp => err(format!(
                "{} does not encapsulate another protocol",
                Cx::proto_name(proto)
            )),
            P::Atalk => err("AppleTalk encapsulation is not specifiable"),
            P::Decnet => err("DECNET encapsulation is not specifiable"),
            P::Lat => err("LAT does not encapsulate another protocol"),
            P::Sca => err("SCA does not encapsulate another protocol"),
            P::Moprc => err("MOPRC does not encapsulate another protocol"),
            P::Mopdl => err("MOPDL does not encapsulate another protocol"),
            P::Clnp => err("'clnp proto' is not supported"),
            _ => err(format!("'{} proto' is bogus", Cx::proto_name(proto))),
        }
    }

    /// `[proto] proto v` as written: the qualifier must be one that
    /// encapsulates protocols, and `v` in the range of its field.
    pub fn user_proto(&mut self, v: u32, proto: Proto) -> Result<Pred> {
        use Proto as P;
        let max = |what: &str, max: u32| -> Result<()> {
            if v > max {
                return err(format!("{what} {v} greater than maximum {max}"));
            }
            Ok(())
        };
        match proto {
            P::Default | P::Ip | P::Ip6 => max("protocol number", 255)?,
            P::Iso => max("ISO protocol", 255)?,
            P::Isis => max("IS-IS PDU type", 31)?,
            // Checked before the link type is: also on link types whose
            // type field is not implemented here yet.
            P::Link => match self.lt().0 {
                // Ethernet types, or 802.2 LLC SAPs up to 1500.
                1 | 6 | 10 | 100 | 105 | 106 | 113 | 119 | 122 | 123 | 127 | 163 | 192 | 240
                | 241 | 281 | 284 => {
                    if (256..=link::ETHERMTU).contains(&v) {
                        max("LLC DSAP", 255)?;
                    }
                    max("EtherType", 65535)?;
                }
                99 | 138 | 276 => max("EtherType", 65535)?,
                9 | 50 | 51 | 103 | 166 => max("PPP protocol", 65535)?,
                104 | 112 => max("HDLC protocol", 65535)?,
                _ => {}
            },
            _ => return invalid_qual(Cx::proto_name(proto), "proto"),
        }
        self.gen_proto(v, proto)
    }

    /// `[ip|ip6] protochain v` as written.
    pub fn user_protochain(&mut self, v: u32, proto: Proto) -> Result<Pred> {
        if !matches!(proto, Proto::Default | Proto::Ip | Proto::Ip6) {
            return invalid_qual(Cx::proto_name(proto), "protochain");
        }
        if v > 255 {
            return err(format!("protocol number {v} greater than maximum 255"));
        }
        self.protochain(v, proto)
    }

    /// `[ip|ip6] protochain v`, unrolled (see [`PROTOCHAIN_MAX_HOPS`]).
    pub fn protochain(&mut self, v: u32, proto: Proto) -> Result<Pred> {
        match proto {
            Proto::Default => {
                let a = self.protochain(v, Proto::Ip)?;
                let b = self.protochain(v, Proto::Ip6)?;
                Ok(a.or(b))
            }
            Proto::Ip | Proto::Ip6 => {
                let pl = self.linkpl()?;
                if pl.var.is_some() {
                    return err("'protochain' not supported with variable length headers");
                }
                let v6 = proto == Proto::Ip6;
                let lt = link::linktype(self, if v6 { et::IPV6 } else { et::IP })?;
                let base = pl.k.wrapping_add(self.off_nl);
                let slot = self.alloc_reg()?;
                self.used_protochain = true;
                let chain = protochain_walk(v, v6, base, slot, self.protochain_hops);
                self.free_reg(slot);
                Ok(lt.and(Pred::Sub(Box::new(chain))))
            }
            _ => err("bad protocol applied for 'protochain'"),
        }
    }
}

fn s(code: u16, k: u32) -> Insn {
    Insn::stmt(code, k)
}

/// The header walk: A holds the current "next header" value and X the
/// offset of the current header relative to the network header. Each hop
/// tests A, then for an IPv6 extension header or an AH header loads the
/// next value and advances X exactly as libpcap's loop does (including its
/// AH step, which does not add the previous offset).
fn protochain_walk(v: u32, v6: bool, base: u32, slot: u32, hops: usize) -> SubGraph {
    let mut g = SubGraph::default();
    let mut start = Vec::new();
    if v6 {
        start.push(s(op::LD | op::ABS | op::B, base.wrapping_add(6)));
        start.push(s(op::LDX | op::IMM, 40));
    } else {
        start.push(s(op::LD | op::ABS | op::B, base.wrapping_add(9)));
        start.push(s(op::LDX | op::MSH | op::B, base));
    }
    // Per hop: node "test target" (with the hop's entry statements), then
    // "59?", then for v6 four extension tests, then "AH?", then the two
    // advance nodes which flow to the next hop.
    let per_hop = if v6 { 9 } else { 5 };
    for hop in 0..hops {
        let first = g.nodes.len();
        debug_assert_eq!(first, hop * per_hop);
        let next_hop = if hop + 1 < hops {
            Target::Node(first + per_hop)
        } else {
            // One header too many: libpcap's loop would jump back once more
            // than its interpreter allows, which returns 0.
            Target::Abort
        };
        let entry_stmts = if hop == 0 {
            std::mem::take(&mut start)
        } else {
            vec![]
        };
        let n = |i: usize| Target::Node(first + i);
        g.push(
            entry_stmts,
            SubGraph::branch(op::JEQ, v, Target::True, n(1)),
        );
        g.push(vec![], SubGraph::branch(op::JEQ, 59, Target::False, n(2)));
        let (ah_test, ext_node, ah_node) = if v6 {
            // 2..=5: hop-by-hop, destination, routing, fragment headers.
            g.push(vec![], SubGraph::branch(op::JEQ, 0, n(7), n(3)));
            g.push(vec![], SubGraph::branch(op::JEQ, 60, n(7), n(4)));
            g.push(vec![], SubGraph::branch(op::JEQ, 43, n(7), n(5)));
            g.push(vec![], SubGraph::branch(op::JEQ, 44, n(7), n(6)));
            (6, Some(7), 8)
        } else {
            (2, None, 4)
        };
        debug_assert_eq!(g.nodes.len(), first + ah_test);
        g.push(
            vec![],
            SubGraph::branch(op::JEQ, 51, n(ah_node), Target::False),
        );
        if let Some(e) = ext_node {
            debug_assert_eq!(g.nodes.len(), first + e);
            // next = P[X + base]; X += (P[X + base + 1] + 1) * 8
            g.push(
                vec![
                    s(op::LD | op::IND | op::B, base),
                    s(op::ST, slot),
                    s(op::LD | op::IND | op::B, base.wrapping_add(1)),
                    s(op::ALU | op::ADD | op::K, 1),
                    s(op::ALU | op::MUL | op::K, 8),
                    s(op::ALU | op::ADD | op::X, 0),
                    s(op::MISC | op::TAX, 0),
                    s(op::LD | op::MEM, slot),
                ],
                NodeEnd::Goto(next_hop),
            );
        } else {
            // Keep the layout uniform: v4 has a placeholder-free layout of
            // 5 nodes: 0 target, 1 none, 2 AH?, 3 unused jump, 4 AH step.
            g.push(vec![], NodeEnd::Goto(Target::False));
        }
        debug_assert_eq!(g.nodes.len(), first + ah_node);
        // AH: next = P[X + base]; X = (P[X + 1 + base] + 2) * 4
        g.push(
            vec![
                s(op::MISC | op::TXA, 0),
                s(op::LD | op::IND | op::B, base),
                s(op::ST, slot),
                s(op::MISC | op::TXA, 0),
                s(op::ALU | op::ADD | op::K, 1),
                s(op::MISC | op::TAX, 0),
                s(op::LD | op::IND | op::B, base),
                s(op::ALU | op::ADD | op::K, 2),
                s(op::ALU | op::MUL | op::K, 4),
                s(op::MISC | op::TAX, 0),
                s(op::LD | op::MEM, slot),
            ],
            NodeEnd::Goto(next_hop),
        );
    }
    g
}
