//! The network layer: IPv4, IPv6, ARP, ICMP, ICMPv6 and the protocols
//! carried directly on IP that are not transports.

pub mod ah;
pub mod arp;
pub mod atalk;
pub mod carp;
pub mod dvmrp;
pub mod egp;
pub mod eigrp;
pub mod esp;
mod esp_sa;
pub mod gre;
pub mod icmp;
pub mod icmp6;
pub mod icmp6_nodeinfo;
pub mod icmp6_rrenum;
pub mod igmp;
pub mod igrp;
pub mod ip;
pub mod ip6;
pub mod ipcomp;
pub mod ipx;
pub mod isis;
pub mod isis_sub;
pub mod isis_tlv;
pub mod isis_v;
pub mod mobile;
pub mod mobility;
pub mod nhrp;
pub mod osi;
pub mod ospf;
pub mod ospf6;
mod ospf6_lsa;
mod ospf_lsa;
pub mod ospf_opaque;
mod ospf_te;
pub mod pgm;
pub mod pim;
pub mod rpl;
pub mod rsvp;
mod rsvp_obj;
#[cfg(test)]
mod tests;
pub mod tipc;
pub mod vrrp;
