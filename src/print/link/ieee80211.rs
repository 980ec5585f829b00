//! IEEE 802.11 frames (LINKTYPE_IEEE802_11, 105, and after radiotap):
//! the MAC header (addresses by frame type and DS bits with `-e`, flags
//! and duration with `-v`), the management frames' fixed fields and the
//! elements tcpdump shows (SSID, rates, DS channel, mesh ID), control
//! frames, and data frames' LLC payload or WEP header.

use super::ieee80211_codes::{REASONS, STATUSES};
use crate::print::core::prelude::*;
use crate::print::dispatch;

const T_MGMT: u8 = 0;
const T_CTRL: u8 = 1;
const T_DATA: u8 = 2;

const FC_TO_DS: u8 = 0x01;
const FC_FROM_DS: u8 = 0x02;
const FC_PROTECTED: u8 = 0x40;
const FC_ORDER: u8 = 0x80;

/// LINKTYPE_IEEE802_11.
/// Where the decoder itself gives up (the header or a body cut short),
/// tcpdump marks it and the dump starts after the header, or not at all
/// if the header was not captured.
pub fn ieee80211_link(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    match frame(cx, d, length, false, ll_len) {
        Err(Trunc) if cx.proto == "802.11" => {
            cx.trunc_marker();
            if *ll_len == 0 {
                *ll_len = d.len();
            }
            Ok(())
        }
        r => r,
    }
}

fn le16(d: &[u8], i: usize) -> R<u16> {
    Ok(u16::from_le_bytes([d.u8_at(i)?, d.u8_at(i + 1)?]))
}

/// Header length of a control frame by subtype.
fn ctrl_hdrlen(subtype: u8) -> usize {
    match subtype {
        0x0b | 0x0a | 0x0e | 0x0f | 0x09 => 16, // RTS, PS-Poll, CF-End(+Ack), BA
        0x08 => 20,                             // BAR
        _ => 10,
    }
}

/// An 802.11 frame; `datapad`: the header is padded to 4 bytes (radiotap).
pub fn frame(cx: &mut Ctx, d: &[u8], length: usize, datapad: bool, ll_len: &mut usize) -> R {
    cx.proto = "802.11";
    let fc0 = d.u8_at(0)?;
    let flags = d.u8_at(1)?;
    let ftype = (fc0 >> 2) & 0x03;
    let subtype = fc0 >> 4;
    let qos = ftype == T_DATA && subtype & 0x08 != 0;
    let mut hdrlen = match ftype {
        T_MGMT => 24,
        T_CTRL => ctrl_hdrlen(subtype),
        T_DATA => {
            let mut n = 24;
            if flags & (FC_TO_DS | FC_FROM_DS) == FC_TO_DS | FC_FROM_DS {
                n += 6;
            }
            if qos {
                n += 2;
                if flags & FC_ORDER != 0 {
                    n += 4;
                }
            }
            n
        }
        _ => 24,
    };
    if ftype == T_MGMT && flags & FC_ORDER != 0 {
        hdrlen += 4;
    }
    if datapad && ftype == T_DATA {
        hdrlen = (hdrlen + 3) & !3;
    }
    if length < hdrlen || d.len() < hdrlen {
        return Err(Trunc);
    }
    *ll_len = hdrlen;
    if cx.opts.link_header {
        header(cx, d, ftype, subtype, flags)?;
    }
    let (body, blen) = (&d[hdrlen..], length - hdrlen);
    match ftype {
        T_MGMT => mgmt(cx, d, subtype, body, blen),
        T_CTRL => ctrl(cx, d, subtype),
        T_DATA => data(cx, d, subtype, flags, body, blen, ll_len),
        _ => {
            cx.s("unknown 802.11 frame type (");
            cx.u(ftype as u64);
            cx.b(b')');
            Ok(())
        }
    }
}

fn addr(cx: &mut Ctx, name: &str, d: &[u8], at: usize) {
    cx.s(name);
    cx.mac(&d[at..at + 6]);
    cx.b(b' ');
}

/// The `-e` header: flags and duration (`-v`), then the addresses.
fn header(cx: &mut Ctx, d: &[u8], ftype: u8, subtype: u8, flags: u8) -> R {
    if cx.opts.verbose > 0 {
        for (bit, name) in [
            (0x20, "More Data "),
            (0x04, "More Fragments "),
            (0x10, "Pwr Mgmt "),
            (0x08, "Retry "),
            (FC_ORDER, "+HTC "),
            (FC_PROTECTED, "Protected "),
        ] {
            if flags & bit != 0 {
                cx.s(name);
            }
        }
        let dur = le16(d, 2)?;
        if !(ftype == T_CTRL && subtype == 0x0a) && dur & 0x8000 == 0 {
            cx.u(dur as u64);
            cx.s("us ");
        }
    }
    match ftype {
        T_MGMT => {
            addr(cx, "BSSID:", d, 16);
            addr(cx, "DA:", d, 4);
            addr(cx, "SA:", d, 10);
        }
        T_CTRL => match subtype {
            0x0b => {
                addr(cx, "RA:", d, 4);
                addr(cx, "TA:", d, 10);
            }
            0x0a => {
                addr(cx, "BSSID:", d, 4);
                addr(cx, "TA:", d, 10);
            }
            0x0e | 0x0f => {
                addr(cx, "RA:", d, 4);
                addr(cx, "BSSID:", d, 10);
            }
            0x08 => {
                cx.b(b' ');
                addr(cx, "RA:", d, 4);
                addr(cx, "TA:", d, 10);
                cx.s("CTL(");
                fmt::put_hex(cx.out, le16(d, 16)? as u64);
                cx.s(") SEQ(");
                cx.u(le16(d, 18)? as u64);
                cx.s(") ");
            }
            0x09 => {
                addr(cx, "RA:", d, 4);
                addr(cx, "TA:", d, 10);
            }
            0x0c | 0x0d => addr(cx, "RA:", d, 4),
            _ => {}
        },
        T_DATA => {
            let (ack, poll, q) = (
                subtype & 0x01 != 0,
                subtype & 0x02 != 0,
                subtype & 0x08 != 0,
            );
            if ack || poll || q {
                cx.s("CF ");
                if ack {
                    cx.s("Ack");
                }
                if poll {
                    cx.s(if ack { "+Poll" } else { "Poll" });
                }
                if q {
                    cx.s("+QoS");
                }
                cx.b(b' ');
            }
            match flags & (FC_TO_DS | FC_FROM_DS) {
                0 => {
                    addr(cx, "DA:", d, 4);
                    addr(cx, "SA:", d, 10);
                    addr(cx, "BSSID:", d, 16);
                }
                FC_TO_DS => {
                    addr(cx, "BSSID:", d, 4);
                    addr(cx, "SA:", d, 10);
                    addr(cx, "DA:", d, 16);
                }
                FC_FROM_DS => {
                    addr(cx, "DA:", d, 4);
                    addr(cx, "BSSID:", d, 10);
                    addr(cx, "SA:", d, 16);
                }
                _ => {
                    addr(cx, "RA:", d, 4);
                    addr(cx, "TA:", d, 10);
                    addr(cx, "DA:", d, 16);
                    addr(cx, "SA:", d, 24);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn ctrl(cx: &mut Ctx, d: &[u8], subtype: u8) -> R {
    let e = cx.opts.link_header;
    let named = |cx: &mut Ctx, name: &str, addrs: &[(&str, usize)]| {
        cx.s(name);
        if !e {
            for &(n, at) in addrs {
                cx.b(b' ');
                cx.s(n);
                cx.mac(&d[at..at + 6]);
            }
            cx.b(b' ');
        }
    };
    match subtype {
        0x0b => named(cx, "Request-To-Send", &[("TA:", 10)]),
        0x0c => named(cx, "Clear-To-Send", &[("RA:", 4)]),
        0x0d => named(cx, "Acknowledgment", &[("RA:", 4)]),
        0x0e => named(cx, "CF-End", &[("RA:", 4)]),
        0x0f => named(cx, "CF-End+CF-Ack", &[("RA:", 4)]),
        0x09 => named(cx, "BA", &[("RA:", 4)]),
        0x0a => {
            cx.s("Power Save-Poll AID(");
            fmt::put_hex(cx.out, (le16(d, 2)? & 0x3fff) as u64);
            cx.b(b')');
        }
        0x08 => {
            cx.s("BAR");
            if !e {
                cx.s(" RA:");
                cx.mac(&d[4..10]);
                cx.s(" TA:");
                cx.mac(&d[10..16]);
                cx.s(" CTL(");
                fmt::put_hex(cx.out, le16(d, 16)? as u64);
                cx.s(") SEQ(");
                cx.u(le16(d, 18)? as u64);
                cx.s(") ");
            }
        }
        _ => {
            cx.s("unknown 802.11 ctrl frame subtype (");
            cx.u(subtype as u64);
            cx.b(b')');
        }
    }
    Ok(())
}

fn data(
    cx: &mut Ctx,
    h: &[u8],
    subtype: u8,
    flags: u8,
    body: &[u8],
    length: usize,
    ll_len: &mut usize,
) -> R {
    if subtype & 0x04 != 0 {
        // No data.
        return Ok(());
    }
    if flags & FC_PROTECTED != 0 {
        cx.s("Data");
        return wep(cx, body);
    }
    let cap = &body[..body.len().min(length)];
    // The source and destination addresses by the DS bits.
    let (src, dst) = match flags & (FC_TO_DS | FC_FROM_DS) {
        0 => (10, 4),
        FC_TO_DS => (10, 16),
        FC_FROM_DS => (16, 4),
        _ => (24, 16),
    };
    let addrs = Some((&h[src..src + 6], &h[dst..dst + 6]));
    *ll_len += dispatch::llc_frame(cx, addrs, cap, length)?;
    Ok(())
}

/// A protected frame's WEP header: ` IV:30201 Pad 4 KeyID 0`.
fn wep(cx: &mut Ctx, body: &[u8]) -> R {
    let iv = body.range(0, 4)?;
    cx.s(" IV:");
    fmt::put_hex(cx.out, u32::from_le_bytes([iv[0], iv[1], iv[2], 0]) as u64);
    cx.s(" Pad ");
    fmt::put_hex(cx.out, (iv[3] & 0x3f) as u64);
    cx.s(" KeyID ");
    fmt::put_hex(cx.out, (iv[3] >> 6) as u64);
    Ok(())
}

/// What the elements of a management frame said.
#[derive(Default)]
struct Elements<'a> {
    ssid: Option<&'a [u8]>,
    rates: Option<&'a [u8]>,
    channel: Option<u8>,
    meshid: Option<&'a [u8]>,
}

/// Walk the elements; `false` when one is cut short or invalid (tcpdump
/// then shows what it has and the truncation marker).
fn elements<'a>(d: &'a [u8], length: usize, e: &mut Elements<'a>) -> bool {
    let mut at = 0;
    while at < length {
        let (Some(&id), Some(&n)) = (d.get(at), d.get(at + 1)) else {
            return false;
        };
        if at + 1 >= length {
            return false;
        }
        let n = n as usize;
        let Some(v) = d.get(at + 2..at + 2 + n) else {
            return false;
        };
        match id {
            0 => {
                if n > 32 {
                    return false;
                }
                // The first of each element is the one shown.
                e.ssid.get_or_insert(v);
            }
            1 => {
                e.rates.get_or_insert(v);
            }
            3 if n == 1 => {
                e.channel.get_or_insert(v[0]);
            }
            114 => {
                if n > 32 {
                    return false;
                }
                e.meshid.get_or_insert(v);
            }
            _ => {}
        }
        at += 2 + n;
    }
    true
}

fn ssid(cx: &mut Ctx, e: &Elements) {
    if let Some(s) = e.ssid {
        cx.s(" (");
        for &c in s {
            fmt::put_safe_char(cx.out, c);
        }
        cx.b(b')');
    }
}

fn rates(cx: &mut Ctx, e: &Elements) {
    if let Some(r) = e.rates {
        cx.s(" [");
        for &b in r {
            let v = (b & 0x7f) as u32 * 5;
            cx.u((v / 10) as u64);
            cx.b(b'.');
            cx.u((v % 10) as u64);
            if b & 0x80 != 0 {
                cx.b(b'*');
            }
            cx.b(b' ');
        }
        cx.s("Mbit]");
    }
}

fn channel(cx: &mut Ctx, e: &Elements) {
    if let Some(c) = e.channel {
        cx.s(" CH: ");
        cx.u(c as u64);
    }
}

fn meshid(cx: &mut Ctx, e: &Elements) {
    if let Some(s) = e.meshid {
        cx.s(" (MESHID: ");
        for &c in s {
            fmt::put_safe_char(cx.out, c);
        }
        cx.b(b')');
    }
}

fn status(cx: &mut Ctx, code: u16) {
    cx.s(STATUSES.get(code as usize).copied().unwrap_or("n/a"));
}

fn mgmt(cx: &mut Ctx, h: &[u8], subtype: u8, d: &[u8], length: usize) -> R {
    let cap = &d[..d.len().min(length)];
    let mut e = Elements::default();
    // The fixed fields' size, then what is printed.
    let fixed = match subtype {
        0x0 => 4,        // assoc request: capability, listen interval
        0x1 | 0x3 => 6,  // (re)assoc response: capability, status, AID
        0x2 => 10,       // reassoc request: + current AP
        0x4 => 0,        // probe request
        0x5 | 0x8 => 12, // probe response, beacon: timestamp, interval, capability
        _ => 0,
    };
    let name = match subtype {
        0x0 => "Assoc Request",
        0x1 => "Assoc Response",
        0x2 => "ReAssoc Request",
        0x3 => "ReAssoc Response",
        0x4 => "Probe Request",
        0x5 => "Probe Response",
        0x8 => "Beacon",
        0x9 => "ATIM",
        0xa => "Disassociation",
        0xb => "Authentication",
        0xc => "DeAuthentication",
        0xd => "Action",
        _ => {
            cx.s("Unhandled Management subtype(");
            fmt::put_hex(cx.out, subtype as u64);
            cx.b(b')');
            return Ok(());
        }
    };
    cx.s(name);
    if h.get(1).is_some_and(|f| f & FC_PROTECTED != 0) {
        // Encrypted: the WEP header only.
        return wep(cx, cap);
    }
    match subtype {
        0x0..=0x5 | 0x8 => {
            if length < fixed || cap.len() < fixed {
                return Err(Trunc);
            }
            let ok = elements(&cap[fixed..], length - fixed, &mut e);
            let capability = if fixed >= 2 {
                u16::from_le_bytes([cap[fixed - 2], cap[fixed - 1]])
            } else {
                0
            };
            match subtype {
                0x0 | 0x4 => {
                    ssid(cx, &e);
                    rates(cx, &e);
                }
                0x2 => {
                    ssid(cx, &e);
                    cx.s(" AP : ");
                    cx.mac(&cap[4..10]);
                }
                0x1 | 0x3 => {
                    let capability = u16::from_le_bytes([cap[0], cap[1]]);
                    cx.s(" AID(");
                    fmt::put_hex(
                        cx.out,
                        (u16::from_le_bytes([cap[4], cap[5]]) & 0x3fff) as u64,
                    );
                    cx.s(") :");
                    if capability & 0x0010 != 0 {
                        cx.s(" PRIVACY ");
                    }
                    cx.s(": ");
                    status(cx, u16::from_le_bytes([cap[2], cap[3]]));
                }
                0x5 => {
                    ssid(cx, &e);
                    rates(cx, &e);
                    channel(cx, &e);
                    if capability & 0x0010 != 0 {
                        cx.s(", PRIVACY");
                    }
                    meshid(cx, &e);
                }
                _ => {
                    ssid(cx, &e);
                    rates(cx, &e);
                    cx.s(if capability & 0x0001 != 0 {
                        " ESS"
                    } else {
                        " IBSS"
                    });
                    channel(cx, &e);
                    if capability & 0x0010 != 0 {
                        cx.s(", PRIVACY");
                    }
                    meshid(cx, &e);
                }
            }
            if !ok {
                cx.trunc_marker();
            }
        }
        0x9 => {}
        0xa | 0xc => {
            let code = le16(cap, 0)?;
            if subtype == 0xc && !cx.opts.link_header {
                cx.s(" (");
                cx.mac(&h[10..16]);
                cx.b(b')');
            }
            cx.s(": ");
            cx.s(REASONS.get(code as usize).copied().unwrap_or("Reserved"));
        }
        0xb => {
            let alg = le16(cap, 0)?;
            let seq = le16(cap, 2)?;
            let st = le16(cap, 4)?;
            cx.s(" (");
            cx.s(match alg {
                0 => "Open System",
                1 => "Shared Key",
                2 => "EAP",
                _ => "Reserved",
            });
            cx.s(")-");
            fmt::put_hex(cx.out, seq as u64);
            cx.s(": ");
            if seq % 2 == 1 {
                status(cx, st);
            }
        }
        _ => {
            let cat = cap.u8_at(0)?;
            let act = cap.u8_at(1)?;
            if !cx.opts.link_header {
                cx.s(" (");
                cx.mac(&h[10..16]);
                cx.b(b')');
            }
            cx.s(": ");
            action(cx, cat, act);
        }
    }
    Ok(())
}

/// An action frame's category and action.
fn action(cx: &mut Ctx, cat: u8, act: u8) {
    let (category, actions): (&str, &[&str]) = match cat {
        0 => ("Spectrum Management", &[]),
        1 => ("QoS", &[]),
        2 => ("DLS", &[]),
        3 => ("BA", &["ADDBA Request", "ADDBA Response", "DELBA"]),
        7 => ("HT", &["TxChWidth", "MIMOPwrSave"]),
        13 => (
            "MeshAction",
            &[
                "MeshLink",
                "HWMP",
                "Gate Announcement",
                "Congestion Control",
                "MCCA Setup Request",
                "MCCA Setup Reply",
                "MCCA Advertisement Request",
                "MCCA Advertisement",
                "MCCA Teardown",
                "TBTT Adjustment Request",
                "TBTT Adjustment Response",
            ],
        ),
        15 => (
            "SelfprotectAction",
            &[
                "",
                "Peering Open",
                "Peering Confirm",
                "Peering Close",
                "Group Key Inform",
                "Group Key Acknowledge",
            ],
        ),
        127 => ("Vendor", &[]),
        _ => {
            cx.s("Reserved(");
            cx.u(cat as u64);
            cx.s(") Act#");
            cx.u(act as u64);
            return;
        }
    };
    cx.s(category);
    cx.b(b' ');
    match actions.get(act as usize).filter(|n| !n.is_empty()) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Act#");
            cx.u(act as u64);
        }
    }
}
