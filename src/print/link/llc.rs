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
pub fn decodes(cx: &Ctx, d: &[u8], length: usize) -> bool {
    if length < 3 || d.len() < 3 || d[0] != d[1] || d[2] != UI {
        return false;
    }
    match d[0] {
        // IS-IS over the OSI SAP; its -v form is not implemented.
        0xfe => cx.opts.verbose == 0 && length >= 4 && d.len() >= 4 && d[3] == 0x83,
        sap => dispatch::llc_sap(sap).is_some(),
    }
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
        if cx.opts.link_header {
            cx.s("OSI NLPID IS-IS (0x83): ");
        }
        if !dispatch::osi_nlpid(cx, 0x83, p, length)? {
            hexdump::hex(cx.out, b"\n\t", &p[..p.len().min(length)], 0);
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
