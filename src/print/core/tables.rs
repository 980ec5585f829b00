//! Value-to-name tables shared by the decoders.

/// tcpdump's names for Ethernet types.
pub static ETHERTYPE_NAMES: &[(u16, &str)] = &[
    (0x00fe, "GRE-OSI"),
    (0x0200, "PUP"),
    (0x0500, "Sprite"),
    (0x0600, "NS"),
    (0x0707, "GeoNet (old)"),
    (0x0800, "IPv4"),
    (0x0806, "ARP"),
    (0x1000, "Trail"),
    (0x1111, "CALM FAST"),
    (0x6001, "MOP DL"),
    (0x6002, "MOP RC"),
    (0x6003, "DN"),
    (0x6004, "LAT"),
    (0x6007, "SCA"),
    (0x6558, "TEB"),
    (0x8035, "Reverse ARP"),
    (0x8038, "Lanbridge"),
    (0x803c, "DEC DNS"),
    (0x803e, "DEC DTS"),
    (0x805b, "VEXP"),
    (0x805c, "VPROD"),
    (0x809b, "Appletalk"),
    (0x80f3, "Appletalk ARP"),
    (0x8100, "802.1Q"),
    (0x8137, "IPX"),
    (0x86dd, "IPv6"),
    (0x8808, "MPCP"),
    (0x8809, "Slow Protocols"),
    (0x880b, "PPP"),
    (0x8847, "MPLS unicast"),
    (0x8848, "MPLS multicast"),
    (0x8863, "PPPoE D"),
    (0x8864, "PPPoE S"),
    (0x886f, "MS NLB heartbeat"),
    (0x8870, "Jumbo"),
    (0x888e, "EAPOL"),
    (0x8899, "Realtek protocols"),
    (0x88a2, "AoE"),
    (0x88a8, "802.1Q-QinQ"),
    (0x88ca, "TIPC"),
    (0x88cc, "LLDP"),
    (0x88e5, "802.1AE MACsec"),
    (0x88f7, "PTP"),
    (0x8902, "CFM"),
    (0x893a, "IEEE1905.1"),
    (0x8947, "GeoNet"),
    (0x894f, "NSH"),
    (0x9000, "Loopback"),
    (0x9100, "802.1Q-9100"),
    (0x9200, "802.1Q-9200"),
    (0xabcd, "CFM (old)"),
    (0xd28b, "Arista Vendor Specific Protocol"),
    (0xfefe, "OSI"),
];

/// The name of `v` in ETHERTYPE_NAMES.
pub fn ethertype_name(v: u16) -> Option<&'static str> {
    lookup(ETHERTYPE_NAMES, v)
}

/// tcpdump's names for IP protocol numbers (`-v` headers).
pub static IP_PROTO_NAMES: &[(u8, &str)] = &[
    (0, "HBH"),
    (1, "ICMP"),
    (2, "IGMP"),
    (4, "IPIP"),
    (6, "TCP"),
    (8, "EGP"),
    (9, "IGRP"),
    (17, "UDP"),
    (33, "DCCP"),
    (41, "IPv6"),
    (43, "Routing"),
    (44, "Fragment"),
    (46, "RSVP"),
    (47, "GRE"),
    (50, "ESP"),
    (51, "AH"),
    (55, "Mobile IP"),
    (58, "ICMPv6"),
    (59, "No Next Header"),
    (60, "DSTOPT"),
    (62, "Mobile IP (old)"),
    (88, "EIGRP"),
    (89, "OSPF"),
    (103, "PIM"),
    (108, "Compressed IP"),
    (112, "VRRP"),
    (113, "PGM"),
    (132, "SCTP"),
    (135, "Mobility"),
    (143, "Ethernet"),
];

/// The name of `v` in IP_PROTO_NAMES.
pub fn proto_name(v: u8) -> Option<&'static str> {
    lookup(IP_PROTO_NAMES, v)
}

/// DNS resource record type names (tcpdump's `ns_type2str`).
pub fn dns_type_name(t: u16) -> Option<&'static str> {
    Some(match t {
        1 => "A",
        2 => "NS",
        3 => "MD",
        4 => "MF",
        5 => "CNAME",
        6 => "SOA",
        7 => "MB",
        8 => "MG",
        9 => "MR",
        10 => "NULL",
        11 => "WKS",
        12 => "PTR",
        13 => "HINFO",
        14 => "MINFO",
        15 => "MX",
        16 => "TXT",
        17 => "RP",
        18 => "AFSDB",
        19 => "X25",
        20 => "ISDN",
        21 => "RT",
        22 => "NSAP",
        23 => "NSAP_PTR",
        24 => "SIG",
        25 => "KEY",
        26 => "PX",
        27 => "GPOS",
        28 => "AAAA",
        29 => "LOC",
        30 => "NXT",
        31 => "EID",
        32 => "NIMLOC",
        33 => "SRV",
        34 => "ATMA",
        35 => "NAPTR",
        36 => "KX",
        37 => "CERT",
        38 => "A6",
        39 => "DNAME",
        40 => "SINK",
        41 => "OPT",
        42 => "APL",
        43 => "DS",
        44 => "SSHFP",
        45 => "IPSECKEY",
        46 => "RRSIG",
        47 => "NSEC",
        48 => "DNSKEY",
        49 => "DHCID",
        50 => "NSEC3",
        51 => "NSEC3PARAM",
        52 => "TLSA",
        53 => "SMIMEA",
        55 => "HIP",
        56 => "NINFO",
        57 => "RKEY",
        58 => "TALINK",
        59 => "CDS",
        60 => "CDNSKEY",
        61 => "OPENPGPKEY",
        62 => "CSYNC",
        63 => "ZONEMD",
        64 => "SVCB",
        65 => "HTTPS",
        99 => "SPF",
        100 => "UINFO",
        101 => "UID",
        102 => "GID",
        103 => "UNSPEC",
        104 => "NID",
        105 => "L32",
        106 => "L64",
        107 => "LP",
        108 => "EUI48",
        109 => "EUI64",
        249 => "TKEY",
        250 => "TSIG",
        251 => "IXFR",
        252 => "AXFR",
        253 => "MAILB",
        254 => "MAILA",
        255 => "ANY",
        256 => "URI",
        257 => "CAA",
        258 => "AVC",
        259 => "DOA",
        260 => "AMTRELAY",
        32768 => "TA",
        32769 => "DLV",
        _ => return None,
    })
}

/// NLPID names (ISO/IEC TR 9577) as the snapshot spells them.
pub static NLPID_NAMES: &[(u8, &str)] = &[
    (0x00, "NULL"),
    (0x08, "Q.933"),
    (0x09, "LMI"),
    (0x80, "SNAP"),
    (0x81, "CLNP"),
    (0x82, "ES-IS"),
    (0x83, "IS-IS"),
    (0x84, "CONS"),
    (0x85, "IDRP"),
    (0x8a, "X25 ES-IS"),
    (0x8e, "IPv6"),
    (0xb1, "FRF.15"),
    (0xc1, "ISIS_SPB"),
    (0xcc, "IPv4"),
    (0xcf, "PPP"),
];

/// The name of `v` in a table sorted by value.
/// IANA address family numbers 0 to 15, named alike by BGP, RSVP, RADIUS
/// (tunnel medium types) and LLDP, each of which adds its own after them.
pub static ADDRESS_FAMILIES: &[(u16, &str)] = &[
    (0, "Reserved"),
    (1, "IPv4"),
    (2, "IPv6"),
    (3, "NSAP"),
    (4, "HDLC"),
    (5, "BBN 1822"),
    (6, "802"),
    (7, "E.163"),
    (8, "E.164"),
    (9, "F.69"),
    (10, "X.121"),
    (11, "IPX"),
    (12, "Appletalk"),
    (13, "Decnet IV"),
    (14, "Banyan Vines"),
    (15, "E.164 with NSAP subaddress"),
];

/// The name of address family `af` among the first 16.
pub fn address_family(af: u32) -> Option<&'static str> {
    u16::try_from(af)
        .ok()
        .and_then(|af| lookup(ADDRESS_FAMILIES, af))
}

pub fn lookup<T: Ord + Copy>(table: &[(T, &'static str)], v: T) -> Option<&'static str> {
    debug_assert!(
        table.windows(2).all(|w| w[0].0 < w[1].0),
        "a name table is not sorted"
    );
    table
        .binary_search_by(|(k, _)| k.cmp(&v))
        .ok()
        .map(|i| table[i].1)
}

/// The name of an OUI (in SNAP headers, as after MAC addresses): see
/// [`super::oui`].
pub fn oui_name(oui: u32) -> Option<&'static str> {
    super::oui::name(oui)
}

/// Protocol ids under Cisco's SNAP OUI.
static CISCO_PIDS: &[(u16, &str)] = &[
    (0x010b, "PVST"),
    (0x0111, "UDLD"),
    (0x2000, "CDP"),
    (0x2003, "VTP"),
    (0x2004, "DTP"),
];

pub fn cisco_pid_name(pid: u16) -> Option<&'static str> {
    lookup(CISCO_PIDS, pid)
}

/// SMI network management private enterprise codes (RADIUS vendor
/// attributes, LSP ping vendor TLVs).
pub static SMI_ENTERPRISES: &[(u32, &str)] = &[
    (0, "IETF (reserved)"),
    (5, "ACC"),
    (9, "Cisco"),
    (11, "Hewlett Packard"),
    (42, "Sun Microsystems"),
    (61, "Merit"),
    (74, "AT&T"),
    (161, "Motorola"),
    (166, "Shiva"),
    (193, "Ericsson AB"),
    (255, "Cisco VPN 5000"),
    (307, "Livingston"),
    (311, "Microsoft"),
    (429, "3Com"),
    (529, "Ascend"),
    (1584, "Bay Networks"),
    (1991, "Foundry"),
    (2180, "Versanet"),
    (2352, "Redback"),
    (2636, "Juniper Networks"),
    (2637, "Aptis"),
    (2937, "Deutsche Telekom AG"),
    (3054, "Ixia Communications"),
    (3076, "Cisco VPN 3000"),
    (3085, "CoSine Communications"),
    (3199, "Shasta"),
    (3224, "Netscreen"),
    (3309, "Nomadix"),
    (3414, "T-Mobile"),
    (3561, "The Broadband Forum"),
    (3902, "ZTE"),
    (4329, "Siemens"),
    (4491, "CableLabs"),
    (4874, "Unisphere Networks"),
    (5263, "Cisco BBSM"),
    (5535, "3rd Generation Partnership Project 2 (3GPP2)"),
    (5806, "SK Telecom"),
    (5925, "ipUnplugged"),
    (5948, "Issanni Communications"),
    (5951, "Netscaler"),
    (6490, "T-Mobile"),
    (6618, "Quintum"),
    (6728, "Interlink"),
    (7951, "CNCTC"),
    (8164, "Starent Networks"),
    (8744, "Colubris"),
    (10415, "3GPP"),
    (10529, "Gemtek-Systems"),
    (10704, "Barracuda Networks"),
    (10923, "Ericsson AB - Packet Core Networks"),
    (11665, "dacom"),
    (11862, "Columbia University"),
    (12356, "Fortinet"),
    (12951, "Verizon Wireless"),
    (13745, "Plixer"),
    (14122, "Wi-Fi Alliance"),
    (16787, "T-Systems Nova"),
    (20942, "China Telecom - Guangzhou Research Institute"),
    (26866, "Gigamon Systems"),
    (32622, "CACE Technologies"),
    (35632, "ntop"),
    (46098, "Ericsson Canada"),
];

/// EAP method type names (RFC 3748 and later): EAPOL, RADIUS EAP-Message.
pub static EAP_TYPES: &[(u8, &str)] = &[
    (0, "No proposed"),
    (1, "Identity"),
    (2, "Notification"),
    (3, "Nak"),
    (4, "MD5-challenge"),
    (5, "OTP"),
    (6, "GTC"),
    (13, "TLS"),
    (18, "SIM"),
    (21, "TTLS"),
    (23, "AKA"),
    (43, "FAST"),
    (254, "Expanded types"),
    (255, "Experimental"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_without_duplicates() {
        assert!(ETHERTYPE_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(IP_PROTO_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(oui_name(0x5c16c7), Some("Big Switch Networks"));
        assert_eq!(ethertype_name(0x86dd), Some("IPv6"));
        assert_eq!(proto_name(89), Some("OSPF"));
        assert_eq!(proto_name(200), None);
    }
}
