//! Link-layer header types: the `LINKTYPE_*` values stored in capture files,
//! the `DLT_*` names tcpdump accepts with `-y`, and the mapping between them.

use std::fmt;

/// A link-layer header type, as the `LINKTYPE_*` value written in pcap and
/// pcapng files (which differs from the platform's `DLT_*` value for a few
/// types, e.g. RAW is LINKTYPE 101 but DLT 12 on Linux).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkType(pub u32);

struct Entry {
    linktype: u32,
    dlt: u32,
    name: &'static str,
    description: &'static str,
}

const fn e(linktype: u32, dlt: u32, name: &'static str, description: &'static str) -> Entry {
    Entry {
        linktype,
        dlt,
        name,
        description,
    }
}

/// Known link types, named as libpcap's `pcap_datalink_val_to_name` names
/// them (Linux DLT values).
const TABLE: &[Entry] = &[
    e(0, 0, "NULL", "BSD loopback"),
    e(1, 1, "EN10MB", "Ethernet"),
    e(2, 2, "EN3MB", "experimental Ethernet (3Mb/s)"),
    e(3, 3, "AX25", "AX.25 layer 2"),
    e(4, 4, "PRONET", "Proteon ProNET Token Ring"),
    e(5, 5, "CHAOS", "MIT Chaosnet"),
    e(6, 6, "IEEE802", "802.5 Token Ring"),
    e(7, 7, "ARCNET", "BSD ARCnet"),
    e(8, 8, "SLIP", "Serial Line IP"),
    e(9, 9, "PPP", "Point-to-Point Protocol"),
    e(10, 10, "FDDI", "Fiber Distributed Data Interface"),
    e(32, 32, "REDBACK_SMARTEDGE", "Redback SmartEdge 400/800"),
    e(50, 50, "PPP_SERIAL", "Point-to-Point Protocol over serial"),
    e(51, 51, "PPP_ETHER", "PPPoE session packets"),
    e(99, 99, "SYMANTEC_FIREWALL", "Symantec Firewall"),
    e(100, 11, "ATM_RFC1483", "RFC 1483 LLC-encapsulated ATM"),
    e(101, 12, "RAW", "Raw IPv4/IPv6"),
    e(102, 15, "SLIP_BSDOS", "BSD/OS Serial Line IP"),
    e(103, 16, "PPP_BSDOS", "BSD/OS Point-to-Point Protocol"),
    e(104, 104, "C_HDLC", "Cisco HDLC"),
    e(105, 105, "IEEE802_11", "802.11"),
    e(106, 19, "ATM_CLIP", "Linux Classical IP over ATM"),
    e(107, 107, "FRELAY", "Frame Relay"),
    e(108, 108, "LOOP", "OpenBSD loopback"),
    e(109, 109, "ENC", "OpenBSD encapsulated IP"),
    e(113, 113, "LINUX_SLL", "Linux cooked v1"),
    e(114, 114, "LTALK", "LocalTalk"),
    e(117, 117, "PFLOG", "OpenBSD pflog file"),
    e(119, 119, "PRISM_HEADER", "802.11 plus Prism header"),
    e(122, 122, "IP_OVER_FC", "RFC 2625 IP-over-Fibre Channel"),
    e(123, 123, "SUNATM", "Sun raw ATM"),
    e(127, 127, "IEEE802_11_RADIO", "802.11 plus radiotap header"),
    e(129, 129, "ARCNET_LINUX", "Linux ARCnet"),
    e(130, 130, "JUNIPER_MLPPP", "Juniper Multi-Link PPP"),
    e(131, 131, "JUNIPER_MLFR", "Juniper Multi-Link Frame Relay"),
    e(132, 132, "JUNIPER_ES", "Juniper Encryption Services PIC"),
    e(133, 133, "JUNIPER_GGSN", "Juniper GGSN PIC"),
    e(134, 134, "JUNIPER_MFR", "Juniper FRF.16 Frame Relay"),
    e(135, 135, "JUNIPER_ATM2", "Juniper ATM2 PIC"),
    e(
        136,
        136,
        "JUNIPER_SERVICES",
        "Juniper Advanced Services PIC",
    ),
    e(137, 137, "JUNIPER_ATM1", "Juniper ATM1 PIC"),
    e(
        138,
        138,
        "APPLE_IP_OVER_IEEE1394",
        "Apple IP-over-IEEE 1394",
    ),
    e(139, 139, "MTP2_WITH_PHDR", "SS7 MTP2 with Pseudo-header"),
    e(140, 140, "MTP2", "SS7 MTP2"),
    e(141, 141, "MTP3", "SS7 MTP3"),
    e(142, 142, "SCCP", "SS7 SCCP"),
    e(143, 143, "DOCSIS", "DOCSIS"),
    e(144, 144, "LINUX_IRDA", "Linux IrDA"),
    e(147, 147, "USER0", "Private use 0"),
    e(148, 148, "USER1", "Private use 1"),
    e(149, 149, "USER2", "Private use 2"),
    e(150, 150, "USER3", "Private use 3"),
    e(151, 151, "USER4", "Private use 4"),
    e(152, 152, "USER5", "Private use 5"),
    e(153, 153, "USER6", "Private use 6"),
    e(154, 154, "USER7", "Private use 7"),
    e(155, 155, "USER8", "Private use 8"),
    e(156, 156, "USER9", "Private use 9"),
    e(157, 157, "USER10", "Private use 10"),
    e(158, 158, "USER11", "Private use 11"),
    e(159, 159, "USER12", "Private use 12"),
    e(160, 160, "USER13", "Private use 13"),
    e(161, 161, "USER14", "Private use 14"),
    e(162, 162, "USER15", "Private use 15"),
    e(
        163,
        163,
        "IEEE802_11_RADIO_AVS",
        "802.11 plus AVS radio information header",
    ),
    e(164, 164, "JUNIPER_MONITOR", "Juniper Passive Monitor PIC"),
    e(165, 165, "BACNET_MS_TP", "BACnet MS/TP"),
    e(166, 166, "PPP_PPPD", "PPP for pppd, with direction flag"),
    e(167, 167, "JUNIPER_PPPOE", "Juniper PPPoE"),
    e(168, 168, "JUNIPER_PPPOE_ATM", "Juniper PPPoE/ATM"),
    e(169, 169, "GPRS_LLC", "GPRS LLC"),
    e(170, 170, "GPF_T", "GPF-T"),
    e(171, 171, "GPF_F", "GPF-F"),
    e(174, 174, "JUNIPER_PIC_PEER", "Juniper PIC Peer"),
    e(175, 175, "ERF_ETH", "Ethernet with Endace ERF header"),
    e(
        176,
        176,
        "ERF_POS",
        "Packet-over-SONET with Endace ERF header",
    ),
    e(177, 177, "LINUX_LAPD", "Linux vISDN LAPD"),
    e(178, 178, "JUNIPER_ETHER", "Juniper Ethernet"),
    e(179, 179, "JUNIPER_PPP", "Juniper PPP"),
    e(180, 180, "JUNIPER_FRELAY", "Juniper Frame Relay"),
    e(181, 181, "JUNIPER_CHDLC", "Juniper C-HDLC"),
    e(182, 182, "MFR", "FRF.16 Frame Relay"),
    e(183, 183, "JUNIPER_VP", "Juniper Voice PIC"),
    e(184, 184, "A429", "Arinc 429"),
    e(
        185,
        185,
        "A653_ICM",
        "Arinc 653 Interpartition Communication",
    ),
    e(186, 186, "USB_FREEBSD", "USB with FreeBSD header"),
    e(
        187,
        187,
        "BLUETOOTH_HCI_H4",
        "Bluetooth HCI UART transport layer",
    ),
    e(
        188,
        188,
        "IEEE802_16_MAC_CPS",
        "IEEE 802.16 MAC Common Part Sublayer",
    ),
    e(189, 189, "USB_LINUX", "USB with Linux header"),
    e(190, 190, "CAN20B", "Controller Area Network (CAN) v. 2.0B"),
    e(
        191,
        191,
        "IEEE802_15_4_LINUX",
        "IEEE 802.15.4 with Linux padding",
    ),
    e(192, 192, "PPI", "Per-Packet Information"),
    e(
        193,
        193,
        "IEEE802_16_MAC_CPS_RADIO",
        "IEEE 802.16 MAC Common Part Sublayer plus radiotap header",
    ),
    e(194, 194, "JUNIPER_ISM", "Juniper Integrated Service Module"),
    e(195, 195, "IEEE802_15_4", "IEEE 802.15.4 with FCS"),
    e(196, 196, "SITA", "SITA pseudo-header"),
    e(197, 197, "ERF", "Endace ERF header"),
    e(
        198,
        198,
        "RAIF1",
        "Ethernet with u10 Networks pseudo-header",
    ),
    e(199, 199, "IPMB_KONTRON", "IPMB with Kontron pseudo-header"),
    e(200, 200, "JUNIPER_ST", "Juniper Secure Tunnel"),
    e(
        201,
        201,
        "BLUETOOTH_HCI_H4_WITH_PHDR",
        "Bluetooth HCI UART transport layer plus pseudo-header",
    ),
    e(202, 202, "AX25_KISS", "AX.25 with KISS header"),
    e(
        209,
        209,
        "I2C_LINUX",
        "I2C with Linux/Pigeon Point pseudo-header",
    ),
    e(
        215,
        215,
        "IEEE802_15_4_NONASK_PHY",
        "IEEE 802.15.4 with non-ASK PHY data",
    ),
    e(216, 216, "LINUX_EVDEV", "Linux evdev events"),
    e(219, 219, "MPLS", "MPLS with label as link-layer header"),
    e(
        220,
        220,
        "USB_LINUX_MMAPPED",
        "USB with padded Linux header",
    ),
    e(221, 221, "DECT", "DECT"),
    e(222, 222, "AOS", "AOS Space Data Link protocol"),
    e(223, 223, "WIHART", "WirelessHART"),
    e(224, 224, "FC_2", "Fibre Channel FC-2"),
    e(
        225,
        225,
        "FC_2_WITH_FRAME_DELIMS",
        "Fibre Channel FC-2 with frame delimiters",
    ),
    e(226, 226, "IPNET", "Solaris ipnet"),
    e(227, 227, "CAN_SOCKETCAN", "CAN-bus with SocketCAN headers"),
    e(228, 228, "IPV4", "Raw IPv4"),
    e(229, 229, "IPV6", "Raw IPv6"),
    e(230, 230, "IEEE802_15_4_NOFCS", "IEEE 802.15.4 without FCS"),
    e(231, 231, "DBUS", "D-Bus"),
    e(232, 232, "JUNIPER_VS", "Juniper Virtual Server"),
    e(233, 233, "JUNIPER_SRX_E2E", "Juniper SRX E2E"),
    e(234, 234, "JUNIPER_FIBRECHANNEL", "Juniper Fibre Channel"),
    e(235, 235, "DVB_CI", "DVB-CI"),
    e(236, 236, "MUX27010", "MUX27010"),
    e(237, 237, "STANAG_5066_D_PDU", "STANAG 5066 D_PDUs"),
    e(238, 238, "JUNIPER_ATM_CEMIC", "Juniper ATM CEMIC"),
    e(239, 239, "NFLOG", "Linux netfilter log messages"),
    e(
        240,
        240,
        "NETANALYZER",
        "Ethernet with Hilscher netANALYZER pseudo-header",
    ),
    e(
        241,
        241,
        "NETANALYZER_TRANSPARENT",
        "Ethernet with Hilscher netANALYZER pseudo-header and with preamble and SFD",
    ),
    e(242, 242, "IPOIB", "RFC 4391 IP-over-InfiniBand"),
    e(243, 243, "MPEG_2_TS", "MPEG-2 transport stream"),
    e(244, 244, "NG40", "ng40 protocol tester Iub/Iur"),
    e(245, 245, "NFC_LLCP", "NFC LLCP PDUs with pseudo-header"),
    e(246, 246, "PFSYNC", "Packet filter state syncing"),
    e(247, 247, "INFINIBAND", "InfiniBand"),
    e(248, 248, "SCTP", "SCTP"),
    e(249, 249, "USBPCAP", "USB with USBPcap header"),
    e(
        250,
        250,
        "RTAC_SERIAL",
        "Schweitzer Engineering Laboratories RTAC packets",
    ),
    e(
        251,
        251,
        "BLUETOOTH_LE_LL",
        "Bluetooth Low Energy air interface",
    ),
    e(253, 253, "NETLINK", "Linux netlink"),
    e(
        254,
        254,
        "BLUETOOTH_LINUX_MONITOR",
        "Bluetooth Linux Monitor",
    ),
    e(
        255,
        255,
        "BLUETOOTH_BREDR_BB",
        "Bluetooth Basic Rate/Enhanced Data Rate baseband packets",
    ),
    e(
        256,
        256,
        "BLUETOOTH_LE_LL_WITH_PHDR",
        "Bluetooth Low Energy air interface with pseudo-header",
    ),
    e(257, 257, "PROFIBUS_DL", "PROFIBUS data link layer"),
    e(258, 258, "PKTAP", "Apple PKTAP"),
    e(
        259,
        259,
        "EPON",
        "Ethernet with 802.3 Clause 65 EPON preamble",
    ),
    e(260, 260, "IPMI_HPM_2", "IPMI trace packets"),
    e(
        261,
        261,
        "ZWAVE_R1_R2",
        "Z-Wave RF profile R1 and R2 packets",
    ),
    e(262, 262, "ZWAVE_R3", "Z-Wave RF profile R3 packets"),
    e(
        263,
        263,
        "WATTSTOPPER_DLM",
        "WattStopper Digital Lighting Management (DLM) and Legrand Nitoo Open protocol",
    ),
    e(264, 264, "ISO_14443", "ISO 14443 messages"),
    e(265, 265, "RDS", "IEC 62106 Radio Data System groups"),
    e(266, 266, "USB_DARWIN", "USB with Darwin header"),
    e(267, 267, "OPENFLOW", "OpenBSD OpenFlow"),
    e(268, 268, "SDLC", "IBM SDLC frames"),
    e(269, 269, "TI_LLN_SNIFFER", "TI LLN sniffer frames"),
    e(271, 271, "VSOCK", "Linux vsock"),
    e(
        272,
        272,
        "NORDIC_BLE",
        "Nordic Semiconductor Bluetooth LE sniffer frames",
    ),
    e(
        273,
        273,
        "DOCSIS31_XRA31",
        "Excentis XRA-31 DOCSIS 3.1 RF sniffer frames",
    ),
    e(274, 274, "ETHERNET_MPACKET", "802.3br mPackets"),
    e(
        275,
        275,
        "DISPLAYPORT_AUX",
        "DisplayPort AUX channel monitoring data",
    ),
    e(276, 276, "LINUX_SLL2", "Linux cooked v2"),
    e(278, 278, "OPENVIZSLA", "OpenVizsla USB"),
    e(
        279,
        279,
        "EBHSCR",
        "Elektrobit High Speed Capture and Replay (EBHSCR)",
    ),
    e(280, 280, "VPP_DISPATCH", "VPP graph dispatch tracer"),
    e(281, 281, "DSA_TAG_BRCM", "Broadcom infix DSA tag"),
    e(282, 282, "DSA_TAG_BRCM_PREPEND", "Broadcom prefix DSA tag"),
    e(
        283,
        283,
        "IEEE802_15_4_TAP",
        "IEEE 802.15.4 with pseudo-header",
    ),
    e(284, 284, "DSA_TAG_DSA", "Marvell infix 4-octet DSA tag"),
    e(285, 285, "DSA_TAG_EDSA", "Marvell infix 8-octet DSA tag"),
    e(286, 286, "ELEE", "ELEE lawful intercept packets"),
    e(
        287,
        287,
        "Z_WAVE_SERIAL",
        "Z-Wave serial frames between host and chip",
    ),
    e(
        288,
        288,
        "USB_2_0",
        "USB 2.0/1.1/1.0 as transmitted over the cable",
    ),
    e(289, 289, "ATSC_ALP", "ATSC Link-Layer Protocol packets"),
    e(290, 290, "ETW", "Event Tracing for Windows messages"),
    e(
        291,
        291,
        "NETANALYZER_NG",
        "Hilscher netANALYZER NG pseudo-footer",
    ),
    e(
        292,
        292,
        "ZBOSS_NCP",
        "ZBOSS NCP protocol with pseudo-header",
    ),
    e(
        293,
        293,
        "USB_2_0_LOW_SPEED",
        "Low-Speed USB 2.0/1.1/1.0 as transmitted over the cable",
    ),
    e(
        294,
        294,
        "USB_2_0_FULL_SPEED",
        "Full-Speed USB 2.0/1.1/1.0 as transmitted over the cable",
    ),
    e(
        295,
        295,
        "USB_2_0_HIGH_SPEED",
        "High-Speed USB 2.0 as transmitted over the cable",
    ),
    e(296, 296, "AUERSWALD_LOG", "Auerswald Logger Protocol"),
    e(
        297,
        297,
        "ZWAVE_TAP",
        "Z-Wave packets with a TAP meta-data header",
    ),
    e(
        298,
        298,
        "SILABS_DEBUG_CHANNEL",
        "Silicon Labs debug channel protocol",
    ),
    e(
        299,
        299,
        "FIRA_UCI",
        "Ultra-wideband controller interface protocol",
    ),
    e(300, 300, "MDB", "Multi-Drop Bus"),
    e(301, 301, "DECT_NR", "DECT New Radio"),
    e(
        302,
        302,
        "EDK2_MM",
        "EDK II MM request serialization protocol",
    ),
    e(
        303,
        303,
        "DEBUG_ONLY",
        "unstructured data for manual debugging only",
    ),
    e(304, 304, "DECT_NR_TAP", "DECT-2020 New Radio TAP"),
];

impl LinkType {
    pub const NULL: LinkType = LinkType(0);
    pub const ETHERNET: LinkType = LinkType(1);
    pub const SLIP: LinkType = LinkType(8);
    pub const PPP: LinkType = LinkType(9);
    pub const PPP_SERIAL: LinkType = LinkType(50);
    pub const RAW: LinkType = LinkType(101);
    pub const C_HDLC: LinkType = LinkType(104);
    pub const IEEE802_11: LinkType = LinkType(105);
    pub const FRELAY: LinkType = LinkType(107);
    pub const LOOP: LinkType = LinkType(108);
    pub const LINUX_SLL: LinkType = LinkType(113);
    pub const IEEE802_11_RADIO: LinkType = LinkType(127);
    pub const IPV4: LinkType = LinkType(228);
    pub const IPV6: LinkType = LinkType(229);
    pub const LINUX_SLL2: LinkType = LinkType(276);

    fn entry(self) -> Option<&'static Entry> {
        TABLE.iter().find(|e| e.linktype == self.0)
    }

    /// Look up a name as given to `-y` (case-insensitive, `DLT_` optional),
    /// or a number.
    pub fn from_name(name: &str) -> Option<LinkType> {
        let bare = name
            .strip_prefix("DLT_")
            .or_else(|| name.strip_prefix("dlt_"))
            .unwrap_or(name);
        if let Some(e) = TABLE.iter().find(|e| e.name.eq_ignore_ascii_case(bare)) {
            return Some(LinkType(e.linktype));
        }
        bare.parse::<u32>().ok().map(LinkType::from_dlt)
    }

    /// The link type for a platform `DLT_*` value.
    pub fn from_dlt(dlt: u32) -> LinkType {
        TABLE
            .iter()
            .find(|e| e.dlt == dlt)
            .map(|e| LinkType(e.linktype))
            .unwrap_or(LinkType(dlt))
    }

    /// The platform `DLT_*` value (what `-L` and the kernel speak).
    pub fn dlt(self) -> u32 {
        self.entry().map(|e| e.dlt).unwrap_or(self.0)
    }

    /// tcpdump's name for it (`EN10MB`), if known.
    pub fn name(self) -> Option<&'static str> {
        self.entry().map(|e| e.name)
    }

    /// tcpdump's description (`Ethernet`), if known.
    pub fn description(self) -> Option<&'static str> {
        self.entry().map(|e| e.description)
    }
}

impl fmt::Display for LinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "LINKTYPE_{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_round_trip() {
        assert_eq!(LinkType::from_name("EN10MB"), Some(LinkType::ETHERNET));
        assert_eq!(LinkType::from_name("dlt_raw"), Some(LinkType::RAW));
        assert_eq!(LinkType::RAW.dlt(), 12);
        assert_eq!(LinkType::from_dlt(12), LinkType::RAW);
        assert_eq!(LinkType::LINUX_SLL2.to_string(), "LINUX_SLL2");
        assert_eq!(LinkType::from_name("nonsense"), None);
    }
}
