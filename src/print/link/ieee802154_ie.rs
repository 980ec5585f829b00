//! IEEE 802.15.4 information elements (802.15.4-2015 §7.4): the header
//! IE list and the payload IE list, each element by name with its length
//! and data in hex; with `-vvvv`, the fields of the elements tcpdump
//! decodes (vendor OUI, CSL, RIT, rendezvous time, time correction, IETF
//! subtype, multiplexed (802.15.9), and the MLME sub-element list).

use super::ieee802154::{pending_addresses, superframe_spec};
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

/// The header IE list in `all[..len]` (`all`: every captured byte from
/// the list on, as tcpdump reads some elements past their end): its length
/// and whether payload IEs follow; `None` where it is cut short (the error
/// is printed).
pub(super) fn header_ies(cx: &mut Ctx, all: &[u8], len: usize) -> R<Option<(usize, bool)>> {
    let p = &all[..len];
    let mut at = 0;
    loop {
        let Some(h) = p.get(at..at + 2) else {
            cx.s("[ERROR: Truncated header IE]");
            return Ok(None);
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
            return Ok(None);
        };
        if n != 0 {
            if cx.opts.verbose > 3 {
                header_ie(cx, id, v, &all[at + 2..])?;
            } else {
                ie_data(cx, v);
            }
        }
        cx.s("] ");
        at += 2 + n;
        match id {
            0x7e => return Ok(Some((at, true))),
            0x7f => return Ok(Some((at, false))),
            _ if at == p.len() => return Ok(Some((at, false))),
            _ => {}
        }
    }
}

/// A header IE's fields (`-vvvv`); `beyond`: the bytes from its data on.
fn header_ie(cx: &mut Ctx, id: u8, v: &[u8], beyond: &[u8]) -> R {
    let le16 = |i: usize| u16::from_le_bytes([v[i], v[i + 1]]);
    match id {
        0x00 => vendor(cx, v),
        0x1a => {
            if v.len() < 4 {
                cx.s("[ERROR: Truncated CSL IE]");
                return Ok(());
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
                return Ok(());
            }
            cx.s("Time to First Listen = ");
            cx.u(v[0] as u64);
            cx.s(", # of Repeat Listen = ");
            cx.u(v[1] as u64);
            cx.s(", Repeat Listen Interval = ");
            cx.u(le16(2) as u64);
        }
        0x1c | 0x21 => dsme_pan(cx, id, v, beyond)?,
        0x1d => {
            if v.len() != 4 {
                cx.s("[ERROR: Length != 2]");
                return Ok(());
            }
            cx.s("Rendezvous time = ");
            cx.u(le16(0) as u64);
            cx.s(", Wake-up Interval = ");
            cx.u(le16(2) as u64);
        }
        0x1e => {
            if v.len() != 2 {
                cx.s("[ERROR: Length != 2]");
                return Ok(());
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
    };
    Ok(())
}

/// The payload IE list in `all[..len]`: its length; `None` where it is
/// cut short.
pub(super) fn payload_ies(cx: &mut Ctx, all: &[u8], len: usize) -> R<Option<usize>> {
    let p = &all[..len];
    let mut at = 0;
    loop {
        let Some(h) = p.get(at..at + 2) else {
            cx.s("[ERROR: Truncated header IE]");
            return Ok(None);
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
            return Ok(None);
        };
        if n != 0 {
            if cx.opts.verbose > 3 {
                payload_ie(cx, group, v, &all[at + 2..])?;
            } else {
                ie_data(cx, v);
            }
        }
        cx.s("]\n\t");
        at += 2 + n;
        if group == 0x0f || at == p.len() {
            return Ok(Some(at));
        }
    }
}

/// A payload IE's fields (`-vvvv`).
fn payload_ie(cx: &mut Ctx, group: u8, v: &[u8], all: &[u8]) -> R {
    match group {
        0x1 => mlme_list(cx, v, all)?,
        0x2 => vendor(cx, v),
        0x3 => multiplexed(cx, v),
        0x5 => {
            cx.s("Subtype ID = 0x");
            fmt::put_hex2(cx.out, v[0]);
            cx.s(", Subtype content = ");
            hex_bytes(cx, &v[1..]);
        }
        _ => ie_data(cx, v),
    };
    Ok(())
}

/// The MLME sub-elements, short and long format, each with its data.
fn mlme_list(cx: &mut Ctx, p: &[u8], all: &[u8]) -> R {
    let mut at = 0;
    loop {
        let Some(h) = p.get(at..at + 2) else {
            cx.s("[ERROR: Truncated MLME IE]");
            return Ok(());
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
            return Ok(());
        };
        if n != 0 {
            mlme_ie(cx, id, v, &all[at + 2..])?;
        }
        cx.s("] ");
        at += 2 + n;
        if at == p.len() {
            return Ok(());
        }
    }
}

/// An MLME sub-element's fields (`-vvvv`); `beyond`: the bytes from its
/// data on (tcpdump reads a short synchronization element past its end).
fn mlme_ie(cx: &mut Ctx, id: u8, v: &[u8], beyond: &[u8]) -> R {
    let le16 = |i: usize| u16::from_le_bytes([v[i], v[i + 1]]) as u64;
    match id {
        0x08 => vendor(cx, v),
        0x09 => channel_hopping(cx, v),
        0x1a => {
            if v.len() < 6 {
                cx.s("[ERROR: Length != 6]");
            }
            let b = beyond.range(0, 6)?;
            cx.s("ASN = ");
            let asn = (0..5).rev().fold(0u64, |a, i| a << 8 | b[i] as u64);
            fmt::put_hex_padded(cx.out, asn, 10);
            cx.s(", Join Metric = ");
            cx.u(b[5] as u64);
            cx.b(b' ');
        }
        0x1b => slotframes(cx, v),
        0x1c => match v.len() {
            1 => {
                cx.s("Time slot ID = ");
                cx.u(v[0] as u64);
                cx.b(b' ');
            }
            25 | 27 => {
                cx.s("Time slot ID = ");
                cx.u(v[0] as u64);
                for (i, name) in TIMESLOT_FIELDS.iter().enumerate() {
                    cx.s(", ");
                    cx.s(name);
                    cx.s(" = ");
                    let at = 1 + 2 * i;
                    // The 27-byte form has 3-byte Max TX and slot length.
                    let val = if v.len() == 27 && i >= 10 {
                        let at = 21 + 3 * (i - 10);
                        u32::from_le_bytes([v[at], v[at + 1], v[at + 2], 0]) as u64
                    } else {
                        le16(at)
                    };
                    cx.u(val);
                }
                cx.b(b' ');
            }
            _ => {
                cx.s("[ERROR: Length not 1, 25, or 27]\n\t\t\tIE Data = ");
                hex_bytes(cx, v);
            }
        },
        _ => ie_data(cx, v),
    };
    Ok(())
}

/// The TSCH timeslot element's fields after the id.
static TIMESLOT_FIELDS: [&str; 12] = [
    "CCA Offset",
    "CCA",
    "TX Offset",
    "RX Offset",
    "RX Ack Delay",
    "TX Ack Delay",
    "RX Wait",
    "Ack Wait",
    "RX TX",
    "Max Ack",
    "Max TX",
    "Time slot Length",
];

/// The channel hopping sub-element.
fn channel_hopping(cx: &mut Ctx, v: &[u8]) {
    cx.s("Hopping Sequence ID = ");
    cx.u(v[0] as u64);
    if v.len() == 1 {
        return;
    }
    let mut p = &v[1..];
    let Some(h) = p.get(..7) else {
        cx.s("[ERROR: IE truncated]");
        return;
    };
    let page = h[0];
    let channels = u16::from_le_bytes([h[1], h[2]]) as usize;
    cx.s("Channel Page = ");
    cx.u(page as u64);
    cx.s(", Number of Channels = ");
    cx.u(channels as u64);
    cx.s(", Phy Configuration = 0x");
    fmt::put_hex_padded(
        cx.out,
        u32::from_le_bytes([h[3], h[4], h[5], h[6]]) as u64,
        8,
    );
    cx.s(", ");
    p = &p[7..];
    if page == 9 || page == 10 {
        let Some(bitmap) = p.get(..channels.div_ceil(8)) else {
            cx.s("[ERROR: IE truncated]");
            return;
        };
        cx.s("Extended bitmap = 0x");
        for &b in bitmap {
            fmt::put_hex2(cx.out, b);
        }
        cx.s(", ");
        p = &p[bitmap.len()..];
    }
    let Some(l) = p.get(..2) else {
        cx.s("[ERROR: IE truncated]");
        return;
    };
    let len = u16::from_le_bytes([l[0], l[1]]) as usize;
    p = &p[2..];
    cx.s("Hopping Seq length = ");
    cx.u(len as u64);
    cx.s(" [ ");
    let Some(seq) = p.get(..2 * len) else {
        cx.s(" [ERROR: IE truncated]");
        return;
    };
    for c in seq.chunks(2) {
        // At least two hex digits.
        fmt::put_hex_padded(cx.out, u16::from_le_bytes([c[0], c[1]]) as u64, 2);
        cx.b(b' ');
    }
    cx.b(b']');
    p = &p[2 * len..];
    let Some(h) = p.get(..2) else {
        cx.s("[ERROR: IE truncated]");
        return;
    };
    cx.s("Current hop = ");
    cx.u(u16::from_le_bytes([h[0], h[1]]) as u64);
}

/// The TSCH slotframe and link sub-element.
fn slotframes(cx: &mut Ctx, v: &[u8]) {
    let count = v[0];
    cx.s("Slotframes = ");
    cx.u(count as u64);
    cx.b(b' ');
    let mut off = 1;
    for _ in 0..count {
        let Some(sf) = v.get(off..off + 4) else {
            cx.s("[ERROR: Truncated IE before slotframes]");
            break;
        };
        let links = sf[3];
        cx.s("\n\t\t\t[ Handle ");
        cx.u(sf[0] as u64);
        cx.s(", size = ");
        cx.u(u16::from_le_bytes([sf[1], sf[2]]) as u64);
        cx.s(", links = ");
        cx.u(links as u64);
        cx.b(b' ');
        off += 4;
        for _ in 0..links {
            let Some(l) = v.get(off..off + 5) else {
                cx.s("[ERROR: Truncated IE links]");
                break;
            };
            cx.s("\n\t\t\t\t[ Timeslot =  ");
            cx.u(u16::from_le_bytes([l[0], l[1]]) as u64);
            cx.s(", Offset = ");
            cx.u(u16::from_le_bytes([l[2], l[3]]) as u64);
            cx.s(", Options = ");
            for (bit, name) in [
                (0x01, "TX "),
                (0x02, "RX "),
                (0x04, "Shared "),
                (0x08, "Timekeeping "),
                (0x10, "Priority "),
            ] {
                if l[4] & bit != 0 {
                    cx.s(name);
                }
            }
            off += 5;
            cx.s("] ");
        }
        cx.s("] ");
    }
}

/// A (extended, `id` 0x21) DSME PAN descriptor: superframe and pending
/// addresses, DSME superframe, time synchronization, beacon bitmap and
/// channel hopping specifications.
fn dsme_pan(cx: &mut Ctx, id: u8, v: &[u8], beyond: &[u8]) -> R {
    let le16 = |i: usize| u16::from_le_bytes([v[i], v[i + 1]]) as u64;
    let len = v.len();
    if len < 2 {
        cx.s("[ERROR: Truncated DSME PAN IE]");
        return Ok(());
    }
    superframe_spec(cx, le16(0) as u16);
    if len < 3 {
        cx.s("[ERROR: Truncated before pending addresses field]");
        return Ok(());
    }
    let Some(n) = pending_addresses(cx, v[2], &v[2..]) else {
        return Ok(());
    };
    let mut ptr = 2 + n;
    let mut hopping = false;
    let (order, flags) = if id == 0x21 {
        if len < ptr + 2 {
            cx.s("[ERROR: Truncated before DSME Superframe Specification]");
            return Ok(());
        }
        let ss = le16(ptr) as u16;
        ptr += 2;
        hopping = ss & 0x1000 != 0;
        (ss & 0xff, ss >> 8)
    } else {
        if len < ptr + 1 {
            cx.s("[ERROR: Truncated before DSME Superframe Specification]");
            return Ok(());
        }
        let ss = v[ptr] as u16;
        ptr += 1;
        (ss & 0x0f, ss >> 4)
    };
    cx.s("Multi-superframe Order = ");
    cx.u(order as u64);
    cx.s(if flags & 0x01 != 0 {
        ", Channel hopping mode"
    } else {
        ", Channel adaptation mode"
    });
    for (bit, name) in [
        (0x04, ", CAP reduction enabled"),
        (0x08, ", Deferred beacon enabled"),
        (0x10, ", Hopping Sequence Present"),
    ] {
        // The basic descriptor's flags byte has no hopping bit.
        if flags & bit != 0 && (id == 0x21 || bit != 0x10) {
            cx.s(name);
        }
    }
    if len < ptr + 8 {
        cx.s(" [ERROR: Truncated before Time synchronization specification]");
        return Ok(());
    }
    let ts = (0..6).rev().fold(0u64, |a, i| a << 8 | v[ptr + i] as u64);
    cx.s("Beacon timestamp = ");
    cx.u(ts);
    cx.s(", offset = ");
    cx.u(le16(ptr + 6));
    ptr += 8;
    if len < ptr + 4 {
        cx.s(" [ERROR: Truncated before Beacon Bitmap]");
        return Ok(());
    }
    let bitmap = le16(ptr + 2) as usize;
    cx.s("SD Index = ");
    cx.u(le16(ptr));
    cx.s(", Bitmap len = ");
    cx.u(bitmap as u64);
    cx.s(", ");
    ptr += 4;
    if len < ptr + bitmap {
        cx.s(" [ERROR: Truncated in SD bitmap]");
        return Ok(());
    }
    cx.s(" SD Bitmap = ");
    hex_bytes(cx, &v[ptr..ptr + bitmap]);
    ptr += bitmap;
    if len < ptr + 5 {
        cx.s(" [ERROR: Truncated before Channel hopping specification]");
        return Ok(());
    }
    // tcpdump reads the bitmap length at bytes 4-5 of this 5-byte field,
    // one past it.
    let b = beyond.range(ptr + 4, 2)?;
    let bitmap = u16::from_le_bytes([b[0], b[1]]) as usize;
    cx.s("Hopping Seq ID = ");
    cx.u(v[ptr] as u64);
    cx.s(", PAN Coordinator BSN = ");
    cx.u(v[ptr + 1] as u64);
    cx.s(", Channel offset = ");
    cx.u(le16(ptr + 2));
    cx.s(", Bitmap length = ");
    cx.u(bitmap as u64);
    cx.s(", ");
    ptr += 5;
    if len < ptr + bitmap {
        cx.s(" [ERROR: Truncated in Channel offset bitmap]");
        return Ok(());
    }
    cx.s(" Channel offset bitmap = ");
    hex_bytes(cx, &v[ptr..ptr + bitmap]);
    ptr += bitmap;
    if hopping {
        let Some(&n) = v.get(ptr) else {
            cx.s(" [ERROR: Truncated in Hopping Sequence length]");
            return Ok(());
        };
        ptr += 1;
        cx.s("Hopping Seq length = ");
        cx.u(n as u64);
        cx.s(" [ ");
        let Some(seq) = v.get(ptr..ptr + 2 * n as usize) else {
            cx.s(" [ERROR: Truncated in Channel offset bitmap]");
            return Ok(());
        };
        for c in seq.chunks(2) {
            fmt::put_hex_padded(cx.out, u16::from_le_bytes([c[0], c[1]]) as u64, 2);
            cx.b(b' ');
        }
        cx.b(b']');
    }
    Ok(())
}

/// A multiplexed (802.15.9) element: the transaction control, the
/// fields of its transfer type, then the upper layer data.
fn multiplexed(cx: &mut Ctx, v: &[u8]) {
    let (kind, tid) = (v[0] & 0x07, v[0] >> 3);
    let put_tid = |cx: &mut Ctx| {
        cx.s("tid = 0x");
        fmt::put_hex2(cx.out, tid);
    };
    let le16 = |i: usize| u16::from_le_bytes([v[i], v[i + 1]]) as u64;
    let start = match kind {
        0 => {
            cx.s("Type = Full upper layer fragment, ");
            if v.len() < 3 {
                cx.s("[ERROR: Multiplex ID missing]");
                return;
            }
            put_tid(cx);
            cx.s(", Multiplex ID = 0x");
            fmt::put_hex_padded(cx.out, le16(1), 4);
            cx.s(", ");
            3
        }
        1 => {
            cx.s("Type = Full upper layer fragment with small Multiplex ID, Multiplex ID = 0x");
            fmt::put_hex_padded(cx.out, tid as u64, 4);
            cx.s(", ");
            1
        }
        2 | 4 => {
            let Some(&frag) = v.get(1) else {
                cx.s("[ERROR: fragment number missing]");
                return;
            };
            cx.s(match (kind, frag) {
                (2, 0) => "Type = First fragment, ",
                (2, _) => "Type = Middle fragment, ",
                _ => "Type = Last fragment, ",
            });
            put_tid(cx);
            cx.s(", fragment = 0x");
            fmt::put_hex2(cx.out, frag);
            cx.s(", ");
            if frag == 0 {
                if v.len() < 6 {
                    cx.s("[ERROR: Total upper layer size or multiplex ID missing]");
                    return;
                }
                cx.s("Total upper layer size = 0x");
                fmt::put_hex_padded(cx.out, le16(2), 4);
                cx.s(", Multiplex ID = 0x");
                fmt::put_hex_padded(cx.out, le16(4), 4);
                cx.s(", ");
                6
            } else {
                2
            }
        }
        6 => {
            cx.s("Type = Abort, ");
            put_tid(cx);
            match v.len() {
                1 => cx.s(", no max size given"),
                3 => {
                    cx.s(", max size = 0x");
                    fmt::put_hex_padded(cx.out, le16(1), 4);
                }
                n => {
                    cx.s(", invalid length = ");
                    cx.u(n as u64);
                    cx.s(" (not 1 or 3)Abort data = ");
                    hex_bytes(cx, &v[1..]);
                }
            }
            return;
        }
        _ => {
            cx.s("Type = ");
            cx.u(kind as u64);
            cx.s(" (Reserved), ");
            put_tid(cx);
            cx.s(", ");
            1
        }
    };
    cx.s("Upper layer data = ");
    hex_bytes(cx, &v[start.min(v.len())..]);
}
