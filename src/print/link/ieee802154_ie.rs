//! IEEE 802.15.4 information elements (802.15.4-2015 §7.4): the header
//! IE list and the payload IE list, each element by name with its length
//! and data in hex; with `-vvvv`, the fields of the elements tcpdump
//! decodes (vendor OUI, CSL, RIT, rendezvous time, time correction, IETF
//! subtype, and the MLME sub-element list).

use crate::print::core::prelude::*;

/// Header IE names by element id (the others are "Reserved 0x..").
static HEADER_IES: &[(u8, &str)] = &[
    (0x00, "Vendor Specific Header IE"),
    (0x1a, "LE CSL IE"),
    (0x1b, "LE RIT IE"),
    (0x1c, "DSME PAN descriptor IE"),
    (0x1d, "Rendezvous Time IE"),
    (0x1e, "Time Correction IE"),
    (0x21, "Extended DSME PAN descriptor IE"),
    (0x22, "Fragment Sequence Context Description IE"),
    (0x23, "Simplified Superframe Specification IE"),
    (0x24, "Simplified GTS Specification IE"),
    (0x25, "LECIM Capabilities IE"),
    (0x26, "TRLE Descriptor IE"),
    (0x27, "RCC Capabilities IE"),
    (0x28, "RCCN Descriptor IE"),
    (0x29, "Global Time IE"),
    (0x2a, "Omnibus Header IE"),
    (0x2b, "DA IE"),
    (0x7e, "Header Termination 1 IE"),
    (0x7f, "Header Termination 2 IE"),
];

/// Payload IE names by group id (empty: "Reserved 0x..").
static PAYLOAD_IES: [&str; 16] = [
    "ESDU IE",
    "MLME IE",
    "Vendor Specific Nested IE",
    "Multiplexed IE (802.15.9)",
    "Omnibus Payload Group IE",
    "IETF IE",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "List termination",
];

/// Short-format MLME sub-element names by id (ids below 0x10 are the
/// long format's; the others are "Reserved 0x..").
static MLME_SHORT: &[(u8, &str)] = &[
    (0x1a, "TSCH Synchronization IE"),
    (0x1b, "TSCH Slotframe and Link IE"),
    (0x1c, "TSCH Timeslot IE"),
    (0x1d, "Hopping timing IE"),
    (0x1e, "Enhanced Beacon Filter IE"),
    (0x1f, "MAC Metrics IE"),
    (0x20, "All MAC Metrics IE"),
    (0x21, "Coexistence Specification IE"),
    (0x22, "SUN Device Capabilities IE"),
    (0x23, "SUN FSK Generic PHY IE"),
    (0x24, "Mode Switch Parameter IE"),
    (0x25, "PHY Parameter Change IE"),
    (0x26, "O-QPSK PHY Mode IE"),
    (0x27, "PCA Allocation IE"),
    (0x28, "LECIM DSSS Operating Mode IE"),
    (0x29, "LECIM FSK Operating Mode IE"),
    (0x2b, "TVWS PHY Operating Mode Description IE"),
    (0x2c, "TVWS Device Capabilities IE"),
    (0x2d, "TVWS Device Category IE"),
    (0x2e, "TVWS Device Identification IE"),
    (0x2f, "TVWS Device Location IE"),
    (0x30, "TVWS Channel Information Query IE"),
    (0x31, "TVWS Channel Information Source IE"),
    (0x32, "CTM IE"),
    (0x33, "Timestamp IE"),
    (0x34, "Timestamp Difference IE"),
    (0x35, "TMCTP Specification IE"),
    (0x36, "RCC PHY Operating Mode IE"),
];

/// Long-format MLME sub-element names by id.
static MLME_LONG: &[(u8, &str)] = &[
    (0x08, "Vendor Specific MLME Nested IE"),
    (0x09, "Channel Hopping IE"),
];

fn hex_bytes(cx: &mut Ctx, v: &[u8]) {
    for &b in v {
        fmt::put_hex2(cx.out, b);
        cx.b(b' ');
    }
}

fn ie_data(cx: &mut Ctx, v: &[u8]) {
    cx.s("IE Data = ");
    hex_bytes(cx, v);
}

/// A name from `table`, or "Reserved 0x..".
fn name(cx: &mut Ctx, table: &'static [(u8, &'static str)], id: u8) {
    match tables::lookup(table, id) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Reserved 0x");
            fmt::put_hex2(cx.out, id);
        }
    }
}

/// An element's opening: its name and, if it has data, its length.
fn opening(cx: &mut Ctx, n: usize) {
    cx.s(" [");
    if n != 0 {
        cx.s(" length = ");
        cx.u(n as u64);
        cx.s(", ");
    }
}

/// A vendor OUI and the data after it.
fn vendor(cx: &mut Ctx, v: &[u8]) {
    let [a, b, c, rest @ ..] = v else {
        cx.s("[ERROR: Vendor OUI missing]");
        return;
    };
    cx.s("OUI = 0x");
    for x in [a, b, c] {
        fmt::put_hex2(cx.out, *x);
    }
    cx.s(", Data = ");
    hex_bytes(cx, rest);
}

/// The header IE list: its length and whether payload IEs follow;
/// `None` where it is cut short (the error is printed).
pub(super) fn header_ies(cx: &mut Ctx, p: &[u8]) -> Option<(usize, bool)> {
    let mut at = 0;
    loop {
        let Some(h) = p.get(at..at + 2) else {
            cx.s("[ERROR: Truncated header IE]");
            return None;
        };
        let ie = u16::from_le_bytes([h[0], h[1]]);
        if ie & 0x8000 != 0 {
            cx.s("[ERROR: Header IE with type 1] ");
        }
        let n = (ie & 0x7f) as usize;
        let id = (ie >> 7) as u8;
        if id > 127 {
            cx.s("Reserved Element ID ");
            fmt::put_hex2(cx.out, id);
            cx.s(", length = ");
            cx.u(n as u64);
            cx.b(b' ');
        } else {
            cx.s("\n\t");
            name(cx, HEADER_IES, id);
            opening(cx, n);
        }
        let Some(v) = p.get(at + 2..at + 2 + n) else {
            cx.s("[ERROR: Truncated IE data]");
            return None;
        };
        if n != 0 {
            if cx.opts.verbose > 3 {
                header_ie(cx, id, v);
            } else {
                ie_data(cx, v);
            }
        }
        cx.s("] ");
        at += 2 + n;
        match id {
            0x7e => return Some((at, true)),
            0x7f => return Some((at, false)),
            _ if at == p.len() => return Some((at, false)),
            _ => {}
        }
    }
}

/// A header IE's fields (`-vvvv`).
fn header_ie(cx: &mut Ctx, id: u8, v: &[u8]) {
    let le16 = |i: usize| u16::from_le_bytes([v[i], v[i + 1]]);
    match id {
        0x00 => vendor(cx, v),
        0x1a => {
            if v.len() < 4 {
                cx.s("[ERROR: Truncated CSL IE]");
                return;
            }
            cx.s("CSL Phase = ");
            cx.u(le16(0) as u64);
            cx.s(", CSL Period = ");
            cx.u(le16(2) as u64);
            if v.len() >= 6 {
                cx.s(", Rendezvous time = ");
                cx.u(le16(4) as u64);
            }
            if v.len() != 4 && v.len() != 6 {
                cx.s(" [ERROR: CSL IE length wrong]");
            }
        }
        0x1b => {
            if v.len() < 4 {
                cx.s("[ERROR: Truncated RIT IE]");
                return;
            }
            cx.s("Time to First Listen = ");
            cx.u(v[0] as u64);
            cx.s(", # of Repeat Listen = ");
            cx.u(v[1] as u64);
            cx.s(", Repeat Listen Interval = ");
            cx.u(le16(2) as u64);
        }
        0x1d => {
            if v.len() != 4 {
                cx.s("[ERROR: Length != 2]");
                return;
            }
            cx.s("Rendezvous time = ");
            cx.u(le16(0) as u64);
            cx.s(", Wake-up Interval = ");
            cx.u(le16(2) as u64);
        }
        0x1e => {
            if v.len() != 2 {
                cx.s("[ERROR: Length != 2]");
                return;
            }
            let val = le16(0);
            if val & 0x8000 != 0 {
                cx.s("Negative ");
            }
            // A 12-bit two's complement value.
            let corr = (((val & 0x0fff) << 4) as i16) >> 4;
            cx.s("Ack time correction = ");
            fmt::put_i64(cx.out, corr as i64);
            cx.s(", ");
        }
        _ => ie_data(cx, v),
    }
}

/// The payload IE list: its length; `None` where it is cut short.
pub(super) fn payload_ies(cx: &mut Ctx, p: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let Some(h) = p.get(at..at + 2) else {
            cx.s("[ERROR: Truncated header IE]");
            return None;
        };
        let ie = u16::from_le_bytes([h[0], h[1]]);
        if ie & 0x8000 == 0 {
            cx.s("[ERROR: Payload IE with type 0] ");
        }
        let n = (ie & 0x3ff) as usize;
        let group = ((ie >> 11) & 0x0f) as u8;
        cx.s("\n\t");
        match PAYLOAD_IES[group as usize] {
            "" => {
                cx.s("Reserved 0x");
                fmt::put_hex2(cx.out, group);
            }
            n => cx.s(n),
        }
        opening(cx, n);
        let Some(v) = p.get(at + 2..at + 2 + n) else {
            cx.s("[ERROR: Truncated IE data]");
            return None;
        };
        if n != 0 {
            if cx.opts.verbose > 3 {
                payload_ie(cx, group, v);
            } else {
                ie_data(cx, v);
            }
        }
        cx.s("]\n\t");
        at += 2 + n;
        if group == 0x0f || at == p.len() {
            return Some(at);
        }
    }
}

/// A payload IE's fields (`-vvvv`).
fn payload_ie(cx: &mut Ctx, group: u8, v: &[u8]) {
    match group {
        0x1 => mlme_list(cx, v),
        0x2 => vendor(cx, v),
        0x5 => {
            cx.s("Subtype ID = 0x");
            fmt::put_hex2(cx.out, v[0]);
            cx.s(", Subtype content = ");
            hex_bytes(cx, &v[1..]);
        }
        _ => ie_data(cx, v),
    }
}

/// The MLME sub-elements, short and long format, each with its data.
fn mlme_list(cx: &mut Ctx, p: &[u8]) {
    let mut at = 0;
    loop {
        let Some(h) = p.get(at..at + 2) else {
            cx.s("[ERROR: Truncated MLME IE]");
            return;
        };
        let ie = u16::from_le_bytes([h[0], h[1]]);
        let long = ie & 0x8000 != 0;
        let (n, id) = if long {
            ((ie & 0x3ff) as usize, ((ie >> 11) & 0x0f) as u8)
        } else {
            ((ie & 0xff) as usize, ((ie >> 8) & 0x7f) as u8)
        };
        cx.s("\n\t\t");
        if long {
            name(cx, MLME_LONG, id);
        } else if id < 0x10 {
            cx.s("Reserved for long format 0x");
            fmt::put_hex(cx.out, id as u64);
        } else {
            name(cx, MLME_SHORT, id);
        }
        cx.s(" [ length = ");
        cx.u(n as u64);
        cx.s(", ");
        let Some(v) = p.get(at + 2..at + 2 + n) else {
            cx.s("[ERROR: Truncated IE data]");
            return;
        };
        if n != 0 {
            if id == 0x08 {
                vendor(cx, v);
            } else {
                ie_data(cx, v);
            }
        }
        cx.s("] ");
        at += 2 + n;
        if at == p.len() {
            return;
        }
    }
}
