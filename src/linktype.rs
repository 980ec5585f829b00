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
    e(6, 6, "IEEE802", "Token ring"),
    e(7, 7, "ARCNET", "BSD ARCNET"),
    e(8, 8, "SLIP", "SLIP"),
    e(9, 9, "PPP", "PPP"),
    e(10, 10, "FDDI", "FDDI"),
    e(50, 50, "PPP_SERIAL", "PPP over serial"),
    e(51, 51, "PPP_ETHER", "PPPoE"),
    e(100, 11, "ATM_RFC1483", "RFC 1483 LLC-encapsulated ATM"),
    e(101, 12, "RAW", "Raw IP"),
    e(104, 104, "C_HDLC", "Cisco HDLC"),
    e(105, 105, "IEEE802_11", "802.11"),
    e(107, 107, "FRELAY", "Frame Relay"),
    e(108, 108, "LOOP", "OpenBSD loopback"),
    e(113, 113, "LINUX_SLL", "Linux cooked v1"),
    e(114, 114, "LTALK", "Localtalk"),
    e(117, 117, "PFLOG", "OpenBSD pflog file"),
    e(119, 119, "PRISM_HEADER", "802.11 plus Prism header"),
    e(122, 122, "IP_OVER_FC", "RFC 2625 IP-over-Fibre Channel"),
    e(123, 123, "SUNATM", "Sun raw ATM"),
    e(127, 127, "IEEE802_11_RADIO", "802.11 plus radiotap header"),
    e(129, 129, "ARCNET_LINUX", "Linux ARCNET"),
    e(137, 137, "JUNIPER_ATM1", "Juniper ATM1 PIC"),
    e(
        138,
        138,
        "APPLE_IP_OVER_IEEE1394",
        "Apple IP-over-IEEE 1394",
    ),
    e(143, 143, "DOCSIS", "DOCSIS"),
    e(160, 160, "USER13", "USER13"),
    e(
        163,
        163,
        "IEEE802_11_RADIO_AVS",
        "802.11 plus AVS radio information header",
    ),
    e(178, 178, "JUNIPER_ETHER", "Juniper Ethernet"),
    e(182, 182, "MFR", "FRF.16 Frame Relay"),
    e(192, 192, "PPI", "Per-Packet Information"),
    e(195, 195, "IEEE802_15_4", "IEEE 802.15.4"),
    e(
        201,
        201,
        "BLUETOOTH_HCI_H4_WITH_PHDR",
        "Bluetooth HCI UART transport layer plus pseudo-header",
    ),
    e(
        220,
        220,
        "USB_LINUX_MMAPPED",
        "USB with padded Linux header",
    ),
    e(226, 226, "IPNET", "Solaris ipnet"),
    e(227, 227, "CAN_SOCKETCAN", "CAN-bus with SocketCAN headers"),
    e(228, 228, "IPV4", "Raw IPv4"),
    e(229, 229, "IPV6", "Raw IPv6"),
    e(231, 231, "DBUS", "D-Bus"),
    e(258, 258, "PKTAP", "Apple DLT_PKTAP"),
    e(271, 271, "VSOCK", "Linux vsock"),
    e(276, 276, "LINUX_SLL2", "Linux cooked v2"),
    e(282, 282, "DSA_TAG_BRCM_PREPEND", "Broadcom tag (prepended)"),
    e(285, 285, "DSA_TAG_EDSA", "Marvell EDSA"),
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
