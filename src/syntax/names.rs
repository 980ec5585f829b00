//! The fixed vocabulary of pcap-filter(7): keywords, named numeric constants,
//! and the 802.11 / LLC names the grammar resolves itself (libpcap 1.10).

use super::ast::{AtmField, AtmKind, Mtp2Unit, Mtp3Field, Proto};

/// A reserved word of the filter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kw {
    /// A protocol name (`ether`, `ip`, `tcp`, `l1`, ...).
    Pname(Proto),
    Src,
    Dst,
    Host,
    Net,
    Mask,
    Port,
    PortRange,
    /// `proto`
    ProtoQualifier,
    ProtoChain,
    Gateway,
    Type,
    Subtype,
    Dir,
    Addr1,
    Addr2,
    Addr3,
    Addr4,
    Ra,
    Ta,
    Less,
    Greater,
    Byte,
    Broadcast,
    Multicast,
    And,
    Or,
    /// `not`: the scanner returns it as `!`.
    Not,
    Len,
    Inbound,
    Outbound,
    Ifindex,
    Vlan,
    Mpls,
    Pppoed,
    Pppoes,
    Geneve,
    Vxlan,
    Llc,
    /// `rnr` / `rulenum`: a pflog keyword, but also an LLC subtype name.
    PfRnr,
    PfIfname,
    PfRuleset,
    PfSrnr,
    PfReason,
    PfAction,
    /// SunATM cell types (`lane`, `oam`, ...).
    Atm(AtmKind),
    /// SunATM `vpi` and `vci`.
    AtmField(AtmField),
    /// SS7 signal unit types (`fisu`, ..., `hmsu`).
    Mtp2(Mtp2Unit, bool),
    /// SS7 MTP3 fields (`sio`, ..., `hsls`).
    Mtp3(Mtp3Field, bool),
}

/// Every keyword, as libpcap's scanner spells it. Matching is
/// case-sensitive, as in libpcap.
pub const KEYWORDS: &[(&str, Kw)] = &[
    ("dst", Kw::Dst),
    ("src", Kw::Src),
    ("link", Kw::Pname(Proto::Link)),
    ("ether", Kw::Pname(Proto::Link)),
    ("ppp", Kw::Pname(Proto::Link)),
    ("slip", Kw::Pname(Proto::Link)),
    ("fddi", Kw::Pname(Proto::Link)),
    ("tr", Kw::Pname(Proto::Link)),
    ("wlan", Kw::Pname(Proto::Link)),
    ("arp", Kw::Pname(Proto::Arp)),
    ("rarp", Kw::Pname(Proto::Rarp)),
    ("ip", Kw::Pname(Proto::Ip)),
    ("sctp", Kw::Pname(Proto::Sctp)),
    ("tcp", Kw::Pname(Proto::Tcp)),
    ("udp", Kw::Pname(Proto::Udp)),
    ("icmp", Kw::Pname(Proto::Icmp)),
    ("igmp", Kw::Pname(Proto::Igmp)),
    ("igrp", Kw::Pname(Proto::Igrp)),
    ("pim", Kw::Pname(Proto::Pim)),
    ("vrrp", Kw::Pname(Proto::Vrrp)),
    ("carp", Kw::Pname(Proto::Carp)),
    ("radio", Kw::Pname(Proto::Radio)),
    ("ip6", Kw::Pname(Proto::Ip6)),
    ("icmp6", Kw::Pname(Proto::Icmp6)),
    ("ah", Kw::Pname(Proto::Ah)),
    ("esp", Kw::Pname(Proto::Esp)),
    ("atalk", Kw::Pname(Proto::Atalk)),
    ("aarp", Kw::Pname(Proto::Aarp)),
    ("decnet", Kw::Pname(Proto::Decnet)),
    ("lat", Kw::Pname(Proto::Lat)),
    ("sca", Kw::Pname(Proto::Sca)),
    ("moprc", Kw::Pname(Proto::Moprc)),
    ("mopdl", Kw::Pname(Proto::Mopdl)),
    ("iso", Kw::Pname(Proto::Iso)),
    ("esis", Kw::Pname(Proto::Esis)),
    ("es-is", Kw::Pname(Proto::Esis)),
    ("isis", Kw::Pname(Proto::Isis)),
    ("is-is", Kw::Pname(Proto::Isis)),
    ("l1", Kw::Pname(Proto::L1)),
    ("l2", Kw::Pname(Proto::L2)),
    ("iih", Kw::Pname(Proto::Iih)),
    ("lsp", Kw::Pname(Proto::Lsp)),
    ("snp", Kw::Pname(Proto::Snp)),
    ("csnp", Kw::Pname(Proto::Csnp)),
    ("psnp", Kw::Pname(Proto::Psnp)),
    ("clnp", Kw::Pname(Proto::Clnp)),
    ("stp", Kw::Pname(Proto::Stp)),
    ("ipx", Kw::Pname(Proto::Ipx)),
    ("netbeui", Kw::Pname(Proto::Netbeui)),
    ("host", Kw::Host),
    ("net", Kw::Net),
    ("mask", Kw::Mask),
    ("port", Kw::Port),
    ("portrange", Kw::PortRange),
    ("proto", Kw::ProtoQualifier),
    ("protochain", Kw::ProtoChain),
    ("gateway", Kw::Gateway),
    ("type", Kw::Type),
    ("subtype", Kw::Subtype),
    ("direction", Kw::Dir),
    ("dir", Kw::Dir),
    ("address1", Kw::Addr1),
    ("addr1", Kw::Addr1),
    ("address2", Kw::Addr2),
    ("addr2", Kw::Addr2),
    ("address3", Kw::Addr3),
    ("addr3", Kw::Addr3),
    ("address4", Kw::Addr4),
    ("addr4", Kw::Addr4),
    ("ra", Kw::Ra),
    ("ta", Kw::Ta),
    ("less", Kw::Less),
    ("greater", Kw::Greater),
    ("byte", Kw::Byte),
    ("broadcast", Kw::Broadcast),
    ("multicast", Kw::Multicast),
    ("and", Kw::And),
    ("&&", Kw::And),
    ("or", Kw::Or),
    ("||", Kw::Or),
    ("not", Kw::Not),
    ("len", Kw::Len),
    ("length", Kw::Len),
    ("inbound", Kw::Inbound),
    ("outbound", Kw::Outbound),
    ("ifindex", Kw::Ifindex),
    ("vlan", Kw::Vlan),
    ("mpls", Kw::Mpls),
    ("pppoed", Kw::Pppoed),
    ("pppoes", Kw::Pppoes),
    ("geneve", Kw::Geneve),
    ("vxlan", Kw::Vxlan),
    ("llc", Kw::Llc),
    ("lane", Kw::Atm(AtmKind::Lane)),
    ("metac", Kw::Atm(AtmKind::Metac)),
    ("bcc", Kw::Atm(AtmKind::Bcc)),
    ("oam", Kw::Atm(AtmKind::Oam)),
    ("oamf4", Kw::Atm(AtmKind::OamF4)),
    ("oamf4ec", Kw::Atm(AtmKind::OamF4Ec)),
    ("oamf4sc", Kw::Atm(AtmKind::OamF4Sc)),
    ("sc", Kw::Atm(AtmKind::Sc)),
    ("ilmic", Kw::Atm(AtmKind::Ilmic)),
    ("vpi", Kw::AtmField(AtmField::Vpi)),
    ("vci", Kw::AtmField(AtmField::Vci)),
    ("connectmsg", Kw::Atm(AtmKind::ConnectMsg)),
    ("metaconnect", Kw::Atm(AtmKind::MetaConnect)),
    ("on", Kw::PfIfname),
    ("ifname", Kw::PfIfname),
    ("rset", Kw::PfRuleset),
    ("ruleset", Kw::PfRuleset),
    ("rnr", Kw::PfRnr),
    ("rulenum", Kw::PfRnr),
    ("srnr", Kw::PfSrnr),
    ("subrulenum", Kw::PfSrnr),
    ("reason", Kw::PfReason),
    ("action", Kw::PfAction),
    ("fisu", Kw::Mtp2(Mtp2Unit::Fisu, false)),
    ("lssu", Kw::Mtp2(Mtp2Unit::Lssu, false)),
    ("lsu", Kw::Mtp2(Mtp2Unit::Lssu, false)),
    ("msu", Kw::Mtp2(Mtp2Unit::Msu, false)),
    ("hfisu", Kw::Mtp2(Mtp2Unit::Fisu, true)),
    ("hlssu", Kw::Mtp2(Mtp2Unit::Lssu, true)),
    ("hmsu", Kw::Mtp2(Mtp2Unit::Msu, true)),
    ("sio", Kw::Mtp3(Mtp3Field::Sio, false)),
    ("opc", Kw::Mtp3(Mtp3Field::Opc, false)),
    ("dpc", Kw::Mtp3(Mtp3Field::Dpc, false)),
    ("sls", Kw::Mtp3(Mtp3Field::Sls, false)),
    ("hsio", Kw::Mtp3(Mtp3Field::Sio, true)),
    ("hopc", Kw::Mtp3(Mtp3Field::Opc, true)),
    ("hdpc", Kw::Mtp3(Mtp3Field::Dpc, true)),
    ("hsls", Kw::Mtp3(Mtp3Field::Sls, true)),
];

/// Named numeric constants the scanner turns into numbers.
pub const CONSTANTS: &[(&str, u32)] = &[
    ("icmptype", 0),
    ("icmpcode", 1),
    ("icmp-echoreply", 0),
    ("icmp-unreach", 3),
    ("icmp-sourcequench", 4),
    ("icmp-redirect", 5),
    ("icmp-echo", 8),
    ("icmp-routeradvert", 9),
    ("icmp-routersolicit", 10),
    ("icmp-timxceed", 11),
    ("icmp-paramprob", 12),
    ("icmp-tstamp", 13),
    ("icmp-tstampreply", 14),
    ("icmp-ireq", 15),
    ("icmp-ireqreply", 16),
    ("icmp-maskreq", 17),
    ("icmp-maskreply", 18),
    ("icmp6type", 0),
    ("icmp6code", 1),
    ("icmp6-destinationunreach", 1),
    ("icmp6-packettoobig", 2),
    ("icmp6-timeexceeded", 3),
    ("icmp6-parameterproblem", 4),
    ("icmp6-echo", 128),
    ("icmp6-echoreply", 129),
    ("icmp6-multicastlistenerquery", 130),
    ("icmp6-multicastlistenerreportv1", 131),
    ("icmp6-multicastlistenerdone", 132),
    ("icmp6-routersolicit", 133),
    ("icmp6-routeradvert", 134),
    ("icmp6-neighborsolicit", 135),
    ("icmp6-neighboradvert", 136),
    ("icmp6-redirect", 137),
    ("icmp6-routerrenum", 138),
    ("icmp6-nodeinformationquery", 139),
    ("icmp6-nodeinformationresponse", 140),
    ("icmp6-ineighbordiscoverysolicit", 141),
    ("icmp6-ineighbordiscoveryadvert", 142),
    ("icmp6-multicastlistenerreportv2", 143),
    ("icmp6-homeagentdiscoveryrequest", 144),
    ("icmp6-homeagentdiscoveryreply", 145),
    ("icmp6-mobileprefixsolicit", 146),
    ("icmp6-mobileprefixadvert", 147),
    ("icmp6-certpathsolicit", 148),
    ("icmp6-certpathadvert", 149),
    ("icmp6-multicastrouteradvert", 151),
    ("icmp6-multicastroutersolicit", 152),
    ("icmp6-multicastrouterterm", 153),
    ("tcpflags", 13),
    ("tcp-fin", 0x01),
    ("tcp-syn", 0x02),
    ("tcp-rst", 0x04),
    ("tcp-push", 0x08),
    ("tcp-ack", 0x10),
    ("tcp-urg", 0x20),
    ("tcp-ece", 0x40),
    ("tcp-cwr", 0x80),
];

/// 802.11 frame control, first byte: the type and subtype fields.
pub const WLAN_TYPE_MASK: u8 = 0x0c;
pub const WLAN_SUBTYPE_MASK: u8 = 0xf0;
pub const WLAN_TYPE_MGT: u8 = 0x00;
pub const WLAN_TYPE_CTL: u8 = 0x04;
pub const WLAN_TYPE_DATA: u8 = 0x08;

/// `type NAME`
pub const WLAN_TYPES: &[(&str, u8)] = &[
    ("data", WLAN_TYPE_DATA),
    ("mgt", WLAN_TYPE_MGT),
    ("management", WLAN_TYPE_MGT),
    ("ctl", WLAN_TYPE_CTL),
    ("control", WLAN_TYPE_CTL),
];

const WLAN_MGT_SUBTYPES: &[(&str, u8)] = &[
    ("assocreq", 0x00),
    ("assoc-req", 0x00),
    ("assocresp", 0x10),
    ("assoc-resp", 0x10),
    ("reassocreq", 0x20),
    ("reassoc-req", 0x20),
    ("reassocresp", 0x30),
    ("reassoc-resp", 0x30),
    ("probereq", 0x40),
    ("probe-req", 0x40),
    ("proberesp", 0x50),
    ("probe-resp", 0x50),
    ("beacon", 0x80),
    ("atim", 0x90),
    ("disassoc", 0xa0),
    ("disassociation", 0xa0),
    ("auth", 0xb0),
    ("authentication", 0xb0),
    ("deauth", 0xc0),
    ("deauthentication", 0xc0),
];

/// Control frame subtypes (block ack request and block ack are named in
/// libpcap's development version, not in 1.10).
const WLAN_CTL_SUBTYPES: &[(&str, u8)] = &[
    ("bar", 0x80),
    ("ba", 0x90),
    ("ps-poll", 0xa0),
    ("rts", 0xb0),
    ("cts", 0xc0),
    ("ack", 0xd0),
    ("cf-end", 0xe0),
    ("cf-end-ack", 0xf0),
];

const WLAN_DATA_SUBTYPES: &[(&str, u8)] = &[
    ("data", 0x00),
    ("data-cf-ack", 0x10),
    ("data-cf-poll", 0x20),
    ("data-cf-ack-poll", 0x30),
    ("null", 0x40),
    ("cf-ack", 0x50),
    ("cf-poll", 0x60),
    ("cf-ack-poll", 0x70),
    ("qos-data", 0x80),
    ("qos-data-cf-ack", 0x90),
    ("qos-data-cf-poll", 0xa0),
    ("qos-data-cf-ack-poll", 0xb0),
    ("qos", 0xc0),
    ("qos-cf-poll", 0xe0),
    ("qos-cf-ack-poll", 0xf0),
];

/// The subtype tables per type, in the order libpcap searches them for a
/// bare `subtype NAME`.
pub const WLAN_SUBTYPES_BY_TYPE: &[(u8, &[(&str, u8)])] = &[
    (WLAN_TYPE_MGT, WLAN_MGT_SUBTYPES),
    (WLAN_TYPE_CTL, WLAN_CTL_SUBTYPES),
    (WLAN_TYPE_DATA, WLAN_DATA_SUBTYPES),
];

/// `dir NAME`: the ToDS/FromDS values.
pub const WLAN_DIRS: &[(&str, u8)] = &[("nods", 0), ("tods", 1), ("fromds", 2), ("dstods", 3)];

/// LLC supervisory-frame subtypes (control byte).
pub const LLC_S_SUBTYPES: &[(&str, u8)] = &[("rr", 0x01), ("rnr", 0x05), ("rej", 0x09)];
/// The control byte of an RNR frame (`llc rnr`).
pub const LLC_RNR: u8 = 0x05;

/// LLC unnumbered-frame subtypes (control byte, P/F bit clear).
pub const LLC_U_SUBTYPES: &[(&str, u8)] = &[
    ("ui", 0x03),
    ("ua", 0x63),
    ("disc", 0x43),
    ("dm", 0x0f),
    ("sabme", 0x6f),
    ("test", 0xe3),
    ("xid", 0xaf),
    ("frmr", 0x87),
];

/// libpcap's `str2tok`: a case-insensitive table lookup.
pub fn lookup(table: &[(&str, u8)], name: &str) -> Option<u8> {
    table
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, v)| v)
}

/// The first name in `table` with value `value` (for printing).
pub fn name_of(table: &'static [(&'static str, u8)], value: u8) -> Option<&'static str> {
    table.iter().find(|&&(_, v)| v == value).map(|&(n, _)| n)
}

/// pf's reasons for logging a packet, by the names `reason` takes.
pub const PF_REASONS: &[(&str, u8)] = &[
    ("match", 0),
    ("bad-offset", 1),
    ("fragment", 2),
    ("short", 3),
    ("normalize", 4),
    ("memory", 5),
    ("bad-timestamp", 6),
    ("congestion", 7),
    ("ip-option", 8),
    ("proto-cksum", 9),
    ("state-mismatch", 10),
    ("state-insert", 11),
    ("state-limit", 12),
    ("src-limit", 13),
    ("synproxy", 14),
];

/// pf's rule actions, by the names `action` takes (the first name of a
/// value is the one printed).
pub const PF_ACTIONS: &[(&str, u8)] = &[
    ("pass", 0),
    ("accept", 0),
    ("block", 1),
    ("drop", 1),
    ("scrub", 2),
    ("noscrub", 3),
    ("nat", 4),
    ("nonat", 5),
    ("binat", 6),
    ("nobinat", 7),
    ("rdr", 8),
    ("nordr", 9),
    ("synproxy-drop", 10),
];
