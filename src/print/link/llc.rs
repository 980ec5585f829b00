//! IEEE 802.2 LLC after an 802.3 length: the SAP picks the protocol
//! (`dispatch::LLC_SAPS`). Only UI frames between equal SAPs are decoded;
//! the rest keep the generic `802.3, length N` form.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// SAP names as tcpdump shows them in the LLC header (`-e`).
static SAP_NAMES: &[(u8, &str)] = &[
    (0x00, "Null"),
    (0x06, "IP"),
    (0x42, "STP"),
    (0x98, "ARP"),
    (0xaa, "SNAP"),
    (0xe0, "IPX"),
    (0xf0, "NetBeui"),
    (0xfe, "OSI"),
];

const UI: u8 = 0x03;

/// Whether this printer decodes the LLC frame `d`: a UI frame between
/// equal SAPs with a decoder that takes it.
pub fn decodes(_cx: &Ctx, d: &[u8], length: usize) -> bool {
    if length < 3 || d.len() < 3 || d[0] != d[1] || d[2] != UI {
        return false;
    }
    match d[0] {
        0xaa => snap_header(d).is_some_and(|(oui, pid)| dispatch::snap(oui, pid).is_some()),
        // IS-IS over the OSI SAP.
        0xfe => d.len() < 4 || length >= 4 && d[3] == 0x83,
        sap => dispatch::llc_sap(sap).is_some(),
    }
}

/// OUI and protocol id of a SNAP header (after the 3 LLC bytes).
fn snap_header(d: &[u8]) -> Option<(u32, u16)> {
    let h = d.get(3..8)?;
    Some((
        u32::from_be_bytes([0, h[0], h[1], h[2]]),
        u16::from_be_bytes([h[3], h[4]]),
    ))
}

static OUIS: &[(u32, &str)] = &[
    (0x000000, "Ethernet"),
    (0x00000c, "Cisco"),
    (0x0000f8, "Cisco bridged"),
    (0x0080c2, "Ethernet bridged"),
];

static CISCO_PIDS: &[(u16, &str)] = &[
    (0x010b, "PVST"),
    (0x0111, "UDLD"),
    (0x2000, "CDP"),
    (0x2003, "VTP"),
    (0x2004, "DTP"),
];

/// How many bytes of LLC (and SNAP) header `llc` consumes.
pub fn header_len(d: &[u8]) -> usize {
    if d.first() == Some(&0xaa) {
        8
    } else {
        3
    }
}

/// The generic line for an LLC frame not decoded here, without `-e`:
/// SNAP frames name their OUI and protocol id; `None` for the others
/// (the caller prints `802.3, length N`).
pub fn undecoded_snap(cx: &mut Ctx, d: &[u8], length: usize) -> Option<()> {
    if d.len() < 8 || d[..3] != [0xaa, 0xaa, 0x03] {
        return None;
    }
    let (oui, pid) = snap_header(d)?;
    cx.s(" SNAP, oui ");
    cx.s(tables::lookup(OUIS, oui).unwrap_or("Unknown"));
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, oui as u64, 6);
    cx.s("), pid ");
    let name = if oui == 0x00000c {
        tables::lookup(CISCO_PIDS, pid)
    } else if oui == 0 {
        ethertype_name(pid)
    } else {
        None
    };
    cx.s(name.unwrap_or("Unknown"));
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, pid as u64, 4);
    cx.s("), length ");
    cx.u(length.saturating_sub(8) as u64);
    cx.s(": ");
    Some(())
}

/// Print a frame `decodes` accepted: the LLC header with `-e`, then the
/// protocol.
pub fn llc(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let sap = d[0];
    if cx.opts.link_header {
        let name = tables::lookup(SAP_NAMES, sap).unwrap_or("Unknown");
        cx.s("LLC, dsap ");
        cx.s(name);
        cx.s(" (0x");
        fmt::put_hex2(cx.out, sap);
        cx.s(") Individual, ssap ");
        cx.s(name);
        cx.s(" (0x");
        fmt::put_hex2(cx.out, sap);
        cx.s(") Command, ctrl 0x03: ");
    }
    let (p, length) = (&d[3..], length - 3);
    if sap == 0xfe {
        if p.is_empty() {
            // No NLPID captured.
            cx.proto = "isoclns";
            return Err(Trunc);
        }
        if cx.opts.link_header {
            cx.s("OSI NLPID IS-IS (0x83): ");
        }
        if !dispatch::osi_nlpid(cx, 0x83, p, length)? {
            hexdump::hex(cx.out, b"\n\t", &p[..p.len().min(length)], 0);
        }
        return Ok(());
    }
    if sap == 0xaa {
        if let Some((oui, pid)) = snap_header(d) {
            if let Some(decode) = dispatch::snap(oui, pid) {
                let (p, length) = (&p[5..], length.saturating_sub(5));
                if !decode(cx, p, length)? {
                    cx.default_print(&p[..p.len().min(length)]);
                }
            }
        }
        return Ok(());
    }
    if let Some(decode) = dispatch::llc_sap(sap) {
        if !decode(cx, p, length)? {
            cx.default_print(&p[..p.len().min(length)]);
        }
    }
    Ok(())
}
