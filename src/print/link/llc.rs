//! IEEE 802.2 LLC after an 802.3 length: the SAP picks the protocol
//! (`dispatch::LLC_SAPS`). Only UI frames between equal SAPs are decoded;
//! the rest keep the generic `802.3, length N` form.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// SAP names as tcpdump shows them in the LLC header (`-e`).
static SAP_NAMES: &[(u8, &str)] = &[
    (0x00, "Null"),
    (0x02, "802.1B I"),
    (0x04, "SNA"),
    (0x06, "IP"),
    (0x0e, "ProWay NM"),
    (0x42, "STP"),
    (0x4e, "RS511"),
    (0x7e, "ISO8208"),
    (0x8e, "ProWay"),
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
        // Whatever NLPID follows the OSI SAP (an unknown one is dumped).
        0xfe => true,
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

/// How many bytes of LLC (and SNAP) header `llc` consumes.
pub fn header_len(d: &[u8]) -> usize {
    if d.first() == Some(&0xaa) {
        8
    } else {
        3
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
        if p.is_empty() {
            // No NLPID captured.
            cx.proto = "isoclns";
            return Err(Trunc);
        }
        if p[0] != 0x83 {
            // CLNP, ES-IS and the others.
            dispatch::osi(cx, p, length)?;
            return Ok(());
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
        if sap == 0xe0 && cx.opts.link_header {
            cx.s("IPX 802.2: ");
        }
        if !decode(cx, p, length)? {
            cx.default_print(&p[..p.len().min(length)]);
        }
    }
    Ok(())
}

/// An LLC frame on a link without an 802.3 length (802.11 data): SNAP UI
/// frames are decoded (an EtherType under OUI 0, or a SNAP protocol),
/// other SAPs as on Ethernet.
/// A truncated header prints its marker and a dump of what there is.
/// `addrs`: the frame's source and destination MACs, if any.
pub fn llc_frame(cx: &mut Ctx, addrs: Option<(&[u8], &[u8])>, d: &[u8], length: usize) -> R<usize> {
    if length < 3 || d.len() < 3 {
        cx.proto = "llc";
        cx.trunc_marker();
        cx.default_print(&d[..d.len().min(length)]);
        // What there is counts as header: the dump does not repeat it.
        return Ok(if d.len() < 3 { d.len() } else { length });
    }
    if d[0] != 0xaa || d[1] != 0xaa || d[2] != UI {
        if d[..2] == [0xff, 0xff] && (d[2] & 3 == 3 || d.len() >= 4 && length >= 4) {
            // Novell's raw 802.3 IPX, bridged here.
            if cx.opts.link_header {
                cx.s("IPX 802.3: ");
            }
            if let Some(ipx) = dispatch::llc_sap(0xe0) {
                ipx(cx, d, length)?;
            }
            return Ok(0);
        }
        if decodes(cx, d, length) {
            llc(cx, d, length)?;
            return Ok(3);
        }
        return generic(cx, addrs, d, length, true);
    }
    snap_ui(cx, addrs, d, length)
}

/// A SNAP UI frame (`d` starts with `aa aa 03`, `length` its length):
/// with `-e` the LLC and SNAP headers; an EtherType under OUI 0, or a
/// SNAP protocol, is decoded; the others are named after the frame's
/// addresses (`addrs`: source and destination MACs, if any) and dumped
/// from the LLC header on. Returns the length of the headers.
pub fn snap_ui(cx: &mut Ctx, addrs: Option<(&[u8], &[u8])>, d: &[u8], length: usize) -> R<usize> {
    if cx.opts.link_header {
        cx.s("LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: ");
    }
    let Some((oui, pid)) = snap_header(d).filter(|_| length >= 8) else {
        cx.proto = "snap";
        cx.trunc_marker();
        // The SNAP header counts whole, captured or not.
        return Ok(8);
    };
    // With -e the OUI is always named; without, only when not 0 (an
    // EtherType follows).
    let oui_and_pid = |cx: &mut Ctx| {
        if cx.opts.link_header || oui != 0 {
            cx.s("oui ");
            cx.s(tables::oui_name(oui).unwrap_or("Unknown"));
            cx.s(" (0x");
            fmt::put_hex_padded(cx.out, oui as u64, 6);
            cx.s("), ");
        }
        if oui == 0 {
            cx.s("ethertype ");
            cx.s(ethertype_name(pid).unwrap_or("Unknown"));
        } else {
            cx.s("pid ");
            let name = match oui {
                0x00000c => tables::cisco_pid_name(pid),
                0x0000f8 | 0x080007 => ethertype_name(pid),
                0x0080c2 => tables::lookup(BRIDGED_PIDS, pid),
                _ => None,
            };
            cx.s(name.unwrap_or("Unknown"));
        }
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, pid as u64, 4);
        cx.s("), length ");
        cx.u((length - 8) as u64);
        cx.s(": ");
    };
    if cx.opts.link_header {
        oui_and_pid(cx);
    }
    let (p, len) = (&d[8..], length - 8);
    let done = if oui == 0 || oui == 0xf8 {
        dispatch::ethertype(cx, pid, p, len)?
    } else {
        match dispatch::snap(oui, pid) {
            Some(decode) => decode(cx, p, len)?,
            None => false,
        }
    };
    if !done {
        if !cx.opts.link_header {
            if let Some((src, dst)) = addrs {
                cx.mac(src);
                cx.s(" > ");
                cx.mac(dst);
                cx.b(b' ');
            }
            cx.s("SNAP, ");
            oui_and_pid(cx);
        }
        cx.default_print_unless_dumped(&d[..d.len().min(length)]);
    }
    Ok(8)
}

/// RFC 2684 (and RFC 2427) bridged frame types under OUI 00-80-c2.
static BRIDGED_PIDS: &[(u16, &str)] = &[
    (0x0001, "Ethernet + FCS"),
    (0x0002, "802.4 + FCS"),
    (0x0003, "Token Ring + FCS"),
    (0x0004, "FDDI + FCS"),
    (0x0005, "802.6 + FCS"),
    (0x0007, "Ethernet w/o FCS"),
    (0x0008, "802.4 w/o FCS"),
    (0x0009, "Token Ring w/o FCS"),
    (0x000a, "FDDI w/o FCS"),
    (0x000b, "802.6 w/o FCS"),
    (0x000e, "BPDU"),
];

/// U-frame command names (the control byte without the poll bit).
static U_NAMES: &[(u8, &str)] = &[
    (0x03, "ui"),
    (0x0f, "dm"),
    (0x43, "disc"),
    (0x63, "ua"),
    (0x6f, "sabme"),
    (0x87, "frmr"),
    (0xaf, "xid"),
    (0xe3, "test"),
];

/// `Command`, `Response`, `Poll` or `Final`: the C/R bit of the SSAP and
/// the poll/final bit.
fn cr_flags(cx: &mut Ctx, response: bool, poll: bool) {
    cx.s(match (response, poll) {
        (false, false) => "Command",
        (true, false) => "Response",
        (false, true) => "Poll",
        (true, true) => "Final",
    });
}

/// An LLC frame no decoder takes: its SAPs (with the frame's addresses
/// without `-e`), the control field (I, S or U format), the length, and
/// a dump of the frame (`dump`: if the caller wants one). `addrs`: the
/// source and destination MACs. Returns the LLC header's length.
pub fn generic(
    cx: &mut Ctx,
    addrs: Option<(&[u8], &[u8])>,
    d: &[u8],
    length: usize,
    dump: bool,
) -> R<usize> {
    cx.proto = "llc";
    if d.len() < 3 || length < 3 {
        cx.trunc_marker();
        cx.default_print(d);
        return Ok(if d.len() < 3 { d.len() } else { length });
    }
    let (dsap_f, ssap_f, c0) = (d[0], d[1], d[2]);
    let (dsap, ssap) = (dsap_f & 0xfe, ssap_f & 0xfe);
    let response = ssap_f & 1 != 0;
    let two_byte = c0 & 0x03 != 0x03;
    if two_byte && (d.len() < 4 || length < 4) {
        cx.trunc_marker();
        cx.default_print(d);
        return Ok(if d.len() < 4 { d.len() } else { length });
    }
    let control = if two_byte {
        u16::from_le_bytes([c0, d[3]])
    } else {
        c0 as u16
    };
    let sap_name = |sap: u8| tables::lookup(SAP_NAMES, sap);
    if cx.opts.link_header {
        cx.s("LLC, dsap ");
        cx.s(sap_name(dsap).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex2(cx.out, dsap);
        cx.s(if dsap_f & 1 != 0 {
            ") Group, ssap "
        } else {
            ") Individual, ssap "
        });
        cx.s(sap_name(ssap).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex2(cx.out, ssap);
        cx.s(if response {
            ") Response, ctrl 0x"
        } else {
            ") Command, ctrl 0x"
        });
        fmt::put_hex_padded(cx.out, control as u64, if two_byte { 4 } else { 2 });
        cx.s(": ");
    } else {
        let named = |cx: &mut Ctx, sap: u8, unknown: &str| match sap_name(sap) {
            Some(n) => cx.s(n),
            None => {
                cx.s(unknown);
                fmt::put_hex2(cx.out, sap);
            }
        };
        // Without addresses, only the SAPs.
        if let Some((src, _)) = addrs {
            cx.mac(src);
            if ssap != dsap {
                cx.b(b' ');
            }
        }
        if ssap != dsap {
            named(cx, ssap, "Unknown SSAP 0x");
        }
        if let Some((_, dst)) = addrs {
            cx.s(" > ");
            cx.mac(dst);
            cx.b(b' ');
        } else if ssap != dsap {
            cx.s(" > ");
        }
        named(cx, dsap, "Unknown DSAP 0x");
        cx.b(b' ');
    }
    let dumped = if !two_byte {
        let cmd = c0 & !0x10;
        cx.s("Unnumbered, ");
        match tables::lookup(U_NAMES, cmd) {
            Some(n) => cx.s(n),
            None => fmt::put_hex2(cx.out, cmd),
        }
        cx.s(", Flags [");
        cr_flags(cx, response, c0 & 0x10 != 0);
        cx.b(b']');
        true
    } else if c0 & 1 == 0 {
        cx.s("Information, send seq ");
        cx.u((c0 >> 1) as u64);
        cx.s(", rcv seq ");
        cx.u((d[3] >> 1) as u64);
        cx.s(", Flags [");
        cr_flags(cx, response, d[3] & 1 != 0);
        cx.b(b']');
        true
    } else {
        cx.s("Supervisory, ");
        cx.s(match c0 & 0x0c {
            0x00 => "Receiver Ready",
            0x04 => "Receiver not Ready",
            0x08 => "Reject",
            _ => "?",
        });
        cx.s(", rcv seq ");
        cx.u((d[3] >> 1) as u64);
        cx.s(", Flags [");
        cr_flags(cx, response, d[3] & 1 != 0);
        cx.b(b']');
        false
    };
    cx.s(", length ");
    cx.u(length as u64);
    let dumped = if !two_byte && c0 & !0x10 == 0xaf {
        xid_info(cx, &d[3..], length - 3)
    } else {
        dumped
    };
    if dump && dumped && !cx.suppress_default_print() {
        cx.default_print(&d[..d.len().min(length)]);
    }
    Ok(if two_byte { 4 } else { 3 })
}

/// An XID frame's information field: the basic format's class and window
/// (`: 80 01`); whether the frame is left to the dump (another format).
fn xid_info(cx: &mut Ctx, rest: &[u8], len: usize) -> bool {
    if len == 0 {
        return false;
    }
    if rest.first() != Some(&0x81) {
        if rest.is_empty() {
            cx.trunc_marker();
            return false;
        }
        return true;
    }
    if rest.len() < 3 || len < 3 {
        cx.trunc_marker();
        cx.default_print(rest);
    } else {
        cx.s(": ");
        fmt::put_hex2(cx.out, rest[1]);
        cx.b(b' ');
        fmt::put_hex2(cx.out, rest[2]);
    }
    false
}
