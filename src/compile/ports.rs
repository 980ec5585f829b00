//! `port` and `portrange` over TCP, UDP and SCTP, for IPv4 (skipping
//! non-first fragments, whose transport header is elsewhere) and IPv6
//! (without walking extension headers), as libpcap does.

use super::link::{self, ethertype as et};
use super::names::{IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, PROTO_UNDEF};
use super::net::dir_word;
use super::pred::Pred;
use super::{Cx, Rel, Result};
use crate::cbpf::op;
use crate::syntax::Dir;

/// What is compared at a port offset.
#[derive(Clone, Copy)]
pub(super) enum Match {
    Port(u32),
    Range(u32, u32),
}

impl Cx<'_> {
    /// "Not a fragment other than the first" (libpcap's `gen_ipfrag`).
    pub fn ipfrag(&mut self) -> Result<Pred> {
        Ok(self.jset(Rel::LinkPl, 6, op::H, 0x1fff)?.not())
    }

    fn port_atom(&mut self, rel: Rel, off: u32, m: Match) -> Result<Pred> {
        match m {
            // A range of one port is that port (as libpcap's development
            // version compiles it: one comparison).
            Match::Port(v) => self.cmp(rel, off, op::H, v),
            Match::Range(a, b) if a == b => self.cmp(rel, off, op::H, a),
            Match::Range(a, b) => {
                let (lo, hi) = if a > b { (b, a) } else { (a, b) };
                let ge = self.cmp_ge(rel, off, op::H, lo)?;
                let le = self.cmp_le(rel, off, op::H, hi)?;
                Ok(ge.and(le))
            }
        }
    }

    fn port_dir(&mut self, rel: Rel, m: Match, dir: Dir) -> Result<Pred> {
        Ok(match dir {
            Dir::Src => self.port_atom(rel, 0, m)?,
            Dir::Dst => self.port_atom(rel, 2, m)?,
            Dir::SrcAndDst => {
                let a = self.port_atom(rel, 0, m)?;
                let b = self.port_atom(rel, 2, m)?;
                a.and(b)
            }
            Dir::Default | Dir::SrcOrDst => {
                let a = self.port_atom(rel, 0, m)?;
                let b = self.port_atom(rel, 2, m)?;
                a.or(b)
            }
            _ => return super::net::invalid_qual(dir_word(dir).0, "port"),
        })
    }

    fn portop(&mut self, m: Match, proto: u32, dir: Dir) -> Result<Pred> {
        let p = self.cmp(Rel::LinkPl, 9, op::B, proto)?;
        let frag = self.ipfrag()?;
        let ports = self.port_dir(Rel::TranIpv4, m, dir)?;
        Ok(p.and(frag).and(ports))
    }

    fn portop6(&mut self, m: Match, proto: u32, dir: Dir) -> Result<Pred> {
        let p = self.cmp(Rel::LinkPl, 6, op::B, proto)?;
        let ports = self.port_dir(Rel::TranIpv6, m, dir)?;
        Ok(p.and(ports))
    }

    fn ports_v4(&mut self, m: Match, proto: u32, dir: Dir) -> Result<Pred> {
        let lt = link::linktype(self, et::IP)?;
        let body = if proto == PROTO_UNDEF {
            let tcp = self.portop(m, IPPROTO_TCP, dir)?;
            let udp = self.portop(m, IPPROTO_UDP, dir)?;
            let sctp = self.portop(m, IPPROTO_SCTP, dir)?;
            sctp.or(tcp.or(udp))
        } else {
            self.portop(m, proto, dir)?
        };
        Ok(lt.and(body))
    }

    fn ports_v6(&mut self, m: Match, proto: u32, dir: Dir) -> Result<Pred> {
        let lt = link::linktype(self, et::IPV6)?;
        let body = if proto == PROTO_UNDEF {
            let tcp = self.portop6(m, IPPROTO_TCP, dir)?;
            let udp = self.portop6(m, IPPROTO_UDP, dir)?;
            let sctp = self.portop6(m, IPPROTO_SCTP, dir)?;
            sctp.or(tcp.or(udp))
        } else {
            self.portop6(m, proto, dir)?
        };
        Ok(lt.and(body))
    }

    pub fn port(&mut self, port: u32, proto: u32, dir: Dir) -> Result<Pred> {
        self.ports_v4(Match::Port(port), proto, dir)
    }

    pub fn port6(&mut self, port: u32, proto: u32, dir: Dir) -> Result<Pred> {
        self.ports_v6(Match::Port(port), proto, dir)
    }

    pub fn portrange(&mut self, a: u32, b: u32, proto: u32, dir: Dir) -> Result<Pred> {
        self.ports_v4(Match::Range(a, b), proto, dir)
    }

    pub fn portrange6(&mut self, a: u32, b: u32, proto: u32, dir: Dir) -> Result<Pred> {
        self.ports_v6(Match::Range(a, b), proto, dir)
    }

    /// The ports of several `port` or `portrange` primitives at once (see
    /// `regroup`): `tests` lists, in order, a field (source or destination
    /// port), what is compared there and the transport protocol (or
    /// `PROTO_UNDEF`). Each protocol family and transport protocol is
    /// tested once, then every test of its protocol in order: the same
    /// loads, under the same conditions, as the primitives one after the
    /// other in that order.
    pub(super) fn port_tests(&mut self, tests: &[(Dir, Match, u32)]) -> Result<Pred> {
        let v6 = self.port_tests_of_family(tests, true)?;
        let v4 = self.port_tests_of_family(tests, false)?;
        Ok(v6.or(v4))
    }

    fn port_tests_of_family(&mut self, tests: &[(Dir, Match, u32)], v6: bool) -> Result<Pred> {
        let lt = link::linktype(self, if v6 { et::IPV6 } else { et::IP })?;
        let rel = if v6 { Rel::TranIpv6 } else { Rel::TranIpv4 };
        // Transport protocols whose tests are the same (every primitive
        // names no protocol, say) share one run of them: `sctp or tcp or
        // udp`, then the tests, which loads and compares what the three
        // runs one after the other would, a third of the size.
        let mut groups: Vec<(Vec<u32>, Vec<usize>)> = Vec::new();
        for transport in [IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP] {
            let covers = |q: u32| q == PROTO_UNDEF || q == transport;
            let mine: Vec<usize> = (0..tests.len()).filter(|&i| covers(tests[i].2)).collect();
            if mine.is_empty() {
                continue;
            }
            match groups.iter_mut().find(|g| g.1 == mine) {
                Some(g) => g.0.push(transport),
                None => groups.push((vec![transport], mine)),
            }
        }
        let mut per_protocol = Vec::new();
        for (transports, mine) in groups {
            let mut heads = Vec::new();
            for transport in transports {
                heads.push(self.cmp(Rel::LinkPl, if v6 { 6 } else { 9 }, op::B, transport)?);
            }
            let mut head = Pred::any(heads);
            if !v6 {
                head = head.and(self.ipfrag()?);
            }
            let mut compares = Vec::new();
            for i in mine {
                let (dir, m, _) = tests[i];
                let off = if dir == Dir::Src { 0 } else { 2 };
                compares.push(self.port_atom(rel, off, m)?);
            }
            per_protocol.push(head.and(Pred::any(compares)));
        }
        Ok(lt.and(Pred::any(per_protocol)))
    }
}
