//! The names tcpdump gives organizationally unique identifiers (OUIs)
//! when it prints a MAC address without `-n` (`00:1b:21:3a:4f:01 (oui
//! DCBX)`), and in SNAP headers. Observed from the development snapshot:
//! it was shown a frame to every one of the 2^24 OUIs, and these are the
//! ones it named; every other one is `Unknown`.

/// OUI to name, sorted by OUI.
static OUIS: &[(u32, &str)] = &[
    (0x000000, "Ethernet"),
    (0x00000c, "Cisco"),
    (0x00005e, "IANA"),
    (0x000081, "Nortel Networks SONMP"),
    (0x0000f8, "Cisco bridged"),
    (0x00049f, "Freescale"),
    (0x0004ea, "HP-Labs"),
    (0x001018, "Broadcom"),
    (0x00120f, "IEEE 802.3 Private"),
    (0x0012bb, "ANSI/TIA"),
    (0x0015ad, "Netronome"),
    (0x0019a7, "ITU-T"),
    (0x001b21, "DCBX"),
    (0x002320, "Nicira Networks"),
    (0x002481, "HP"),
    (0x0080c2, "Ethernet bridged"),
    (0x009069, "Juniper"),
    (0x00a03e, "ATM Forum"),
    (0x00e004, "PMC-Sierra"),
    (0x00e02f, "DOCSIS Spanning Tree"),
    (0x080007, "Appletalk"),
    (0x080009, "Hewlett-Packard"),
    (0x5c16c7, "Big Switch Networks"),
    (0x748771, "Infoblox Inc"),
    (0xa42305, "Open Networking Lab"),
    (0xb0d2f5, "Vello Systems"),
    (0xd0f0db, "Ericsson"),
];

/// The name tcpdump gives `oui`, if any.
pub fn name(oui: u32) -> Option<&'static str> {
    OUIS.binary_search_by_key(&oui, |&(v, _)| v)
        .ok()
        .map(|i| OUIS[i].1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorted_and_found() {
        assert!(super::OUIS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(super::name(0x00000c), Some("Cisco"));
        assert_eq!(super::name(0x001b21), Some("DCBX"));
        assert_eq!(super::name(0x525400), None);
    }
}
