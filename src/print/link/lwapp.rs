//! LWAPP (RFC 5412) over UDP: the transport header (after an AP's MAC
//! address when sent to the control port 12223), then with `-v` the
//! control header and the message elements' types and lengths, or a data
//! frame's bytes.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static MSG_TYPES: &[(u8, &str)] = &[
    (1, "Discovery req"),
    (2, "Discovery resp"),
    (3, "Join req"),
    (4, "Join resp"),
    (5, "Join ack"),
    (6, "Join confirm"),
    (10, "Configure req"),
    (11, "Configure resp"),
    (12, "Update req"),
    (13, "Update resp"),
    (14, "WTP event req"),
    (15, "WTP event resp"),
    (16, "Change state event req"),
    (17, "Change state event resp"),
    (22, "Echo req"),
    (23, "Echo resp"),
    (24, "Image data req"),
    (25, "Image data resp"),
    (26, "Channel status req"),
    (27, "Channel status resp"),
    (30, "Key update req"),
    (31, "Key update resp"),
    (32, "Primary discovery req"),
    (33, "Primary discovery resp"),
    (34, "Data transfer req"),
    (35, "Data transfer resp"),
    (36, "Clear config ind"),
    (37, "Wlan config req"),
    (38, "Wlan config resp"),
    (39, "Mobile config req"),
    (40, "Mobile config resp"),
];

/// Message element types: name, and the shortest value the snapshot
/// accepts without a complaint.
static ELEMS: &[(u8, &str, u16)] = &[
    (2, "AC Address", 7),
    (3, "WTP Descriptor", 16),
    (4, "WTP Radio Information", 2),
    (5, "WTP Name", 1),
    (6, "AC Descriptor", 18),
    (7, "IEEE 802.11 Add WLAN", 298),
    (8, "IEEE 802.11 WTP WLAN Radio Configuration", 21),
    (10, "IEEE 802.11 Multi-Domain Capability", 8),
    (11, "IEEE 802.11 MAC Operation", 16),
    (12, "IEEE 802.11 Tx Power", 4),
    (13, "IEEE 802.11 Tx Power Level", 4),
    (14, "IEEE 802.11 Direct Sequence Control", 8),
    (15, "IEEE 802.11 OFDM Control", 8),
    (16, "IEEE 802.11 Rate Set", 4),
    (18, "Test", 1),
    (26, "Change State Event", 3),
    (27, "Administrative State", 2),
    (28, "IEEE 802.11 Delete WLAN", 3),
    (29, "Add Mobile", 36),
    (30, "Delete Mobile", 7),
    (31, "AC Name", 1),
    (33, "Image Data", 3),
    (34, "IEEE 802.11 Update WLAN", 43),
    (35, "Location Data", 1),
    (37, "Statistics Timer", 2),
    (38, "Decryption Error Report Period", 3),
    (39, "Decryption Error Report", 8),
    (41, "IEEE 802.11 Antenna", 8),
    (44, "Certificate", 1),
    (45, "Session ID", 4),
    (48, "IEEE 802.11 CFP Status", 2),
    (50, "WTP Board Data", 26),
    (51, "IEEE 802.11 Broadcast Probe Mode", 1),
    (52, "Data Transfer Mode", 1),
    (53, "Data Transfer Data", 3),
    (54, "IEEE 802.11 WTP Mode and Type", 2),
    (57, "IEEE 802.11 WTP Quality of Service", 52),
    (58, "Discovery Type", 1),
    (59, "AC IPv4 List", 4),
    (60, "Status", 1),
    (61, "IEEE 802.11 MIC Countermeasures", 8),
    (65, "Add Blacklist Entry", 7),
    (66, "Delete Blacklist Entry", 7),
    (67, "WTP Reboot Statistics", 7),
    (68, "LWAPP Timers", 2),
    (70, "Add Static Blacklist Entry", 7),
    (71, "Delete Static Blacklist Entry", 7),
    (77, "Duplicate IPv4 Address", 10),
    (79, "IEEE 802.11 MIC Error Report From Mobile", 14),
    (82, "WTP Static IP Address Information", 13),
    (90, "AC Name with Index", 2),
    (91, "WTP Fallback", 1),
    (95, "WTP Radio Fail Alarm Indication", 4),
    (97, "Idle Timeout", 4),
    (99, "WTP Manager Control IPv4 Address", 6),
    (104, "Vendor Specific", 7),
    (105, "IEEE 802.11 Mobile Session Key", 11),
    (106, "IEEE 802.11 Update Mobile QoS", 14),
    (107, "WNonce", 16),
    (108, "ANonce", 16),
    (109, "PSK-MIC", 2),
    (111, "XNonce", 16),
    (137, "WTP Manager Control IPv6 Address", 18),
    (138, "WTP Manager Data IPv4 Address", 4),
    (139, "WTP Manager Data IPv6 Address", 16),
    (140, "IEEE 802.11 Station QoS Profile", 8),
    (141, "AC IPv6 List", 16),
];

/// The message elements each message type may carry (RFC 5412).
static PERMITTED: &[(&[u8], &[u8])] = &[
    (&[1, 32], &[58, 3, 4]),
    (&[2], &[2, 6, 31, 99, 137]),
    (&[33], &[6, 31, 99, 137]),
    (&[3], &[3, 2, 5, 35, 4, 44, 45, 18, 111]),
    (&[4], &[60, 44, 138, 139, 59, 141, 108, 109]),
    (&[5], &[45, 107, 109]),
    (&[6], &[45, 109]),
    (&[30], &[45, 111]),
    (&[31], &[45, 108, 109]),
    (
        &[10],
        &[
            27, 31, 90, 50, 37, 82, 67, 8, 10, 11, 12, 13, 14, 15, 41, 48, 54,
        ],
    ),
    (
        &[11],
        &[
            38, 26, 68, 59, 141, 91, 97, 8, 16, 10, 11, 12, 14, 15, 41, 51, 57,
        ],
    ),
    (
        &[12],
        &[
            5, 26, 27, 37, 35, 38, 59, 141, 65, 66, 70, 71, 68, 90, 91, 97, 8, 16, 10, 11, 12, 14,
            15, 41, 48, 51, 54, 57, 79,
        ],
    ),
    (&[16], &[26]),
    (&[24], &[33]),
    (&[14], &[39, 77]),
    (&[34], &[52, 53]),
    (&[39], &[30, 29, 105, 140, 106]),
    (&[37], &[7, 28, 34]),
];

fn permitted(msg: u8, elem: u8) -> bool {
    PERMITTED
        .iter()
        .any(|(m, e)| m.contains(&msg) && e.contains(&elem))
}

/// Port 12223 as destination: the AP's address comes first.
pub fn control_to(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    lwapp(cx, p.captured, p.length, true).map(|_| true)
}

/// Port 12223 as source, or the data port 12222.
pub fn plain(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    lwapp(cx, p.captured, p.length, false).map(|_| true)
}

fn invalid(cx: &mut Ctx) -> R {
    cx.s(" (invalid)");
    Ok(())
}

pub fn lwapp(cx: &mut Ctx, d: &[u8], pktlen: usize, ap_ident: bool) -> R {
    cx.proto = "lwapp";
    cx.s("LWAPP");
    let at = if ap_ident { 6 } else { 0 };
    let hdrlen = at + 6;
    if pktlen < hdrlen {
        cx.bad_len("UDP payload length", pktlen as u64, "<", hdrlen as u64);
        return invalid(cx);
    }
    let b = d.u8_at(at)?;
    let version = b >> 6;
    if version != 0 {
        cx.bad_len("version", version as u64, "!=", 0);
        return invalid(cx);
    }
    let flags = b & 7;
    let v = cx.opts.verbose > 0;
    cx.b(b'v');
    cx.u(version as u64);
    cx.s(if flags & 4 != 0 {
        ", Control frame"
    } else {
        ", Data frame"
    });
    if v {
        cx.s(", Radio-id ");
        cx.u(((b >> 3) & 7) as u64);
    }
    cx.s(", Flags [");
    bits(
        cx,
        flags,
        &[(1, "Not Last"), (2, "Fragment"), (4, "Control")],
    );
    cx.b(b']');
    if flags & 3 != 0 {
        cx.s(" (bogus)");
    }
    if v {
        let frag = d.u8_at(at + 1)?;
        cx.s(", Frag-id ");
        cx.u(frag as u64);
        if frag != 0 {
            cx.s(" (MBZ!)");
        }
    }
    let paylen = d.be16(at + 2)? as usize;
    cx.s(", length ");
    cx.u(paylen as u64);
    if paylen != pktlen - hdrlen {
        cx.bad_len(
            "LWAPP payload length",
            paylen as u64,
            "!=",
            (pktlen - hdrlen) as u64,
        );
        return invalid(cx);
    }
    if !v || paylen == 0 {
        return Ok(());
    }
    if ap_ident {
        let mac = d.range(0, 6)?;
        cx.s("\n\tAP identity: ");
        cx.mac(mac);
    }
    d.range(at, 6)?;
    let body = &d[hdrlen..];
    if flags & 4 != 0 {
        control(cx, body, paylen)
    } else {
        unknown_data(cx, body, "\n\t", paylen);
        Ok(())
    }
}

/// The control header and the message elements (types and lengths).
fn control(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    if len < 8 {
        cx.bad_len("transport payload length", len as u64, "<", 8);
        return invalid(cx);
    }
    let msg = d.u8_at(0)?;
    cx.s("\n\t  Msg type: ");
    cx.s(tables::lookup(MSG_TYPES, msg).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(msg as u64);
    cx.b(b')');
    let seq = d.u8_at(1)?;
    cx.s(", Seqnum: ");
    cx.u(seq as u64);
    let mlen = d.be16(2)? as usize;
    cx.s(", Msg len: ");
    cx.u(mlen as u64);
    if mlen != len - 8 {
        cx.bad_len("msg_elem_len", mlen as u64, "!=", (len - 8) as u64);
        return invalid(cx);
    }
    let session = d.be32(4)?;
    cx.s(", Session: 0x");
    fmt::put_hex_padded(cx.out, session as u64, 8);
    let (mut at, mut left) = (8, len - 8);
    let mut n = 0u64;
    while left > 0 {
        if left < 3 {
            cx.bad_len("remaining length", left as u64, "<", 3);
            return invalid(cx);
        }
        let t = d.u8_at(at)?;
        let elem = ELEMS.iter().find(|e| e.0 == t);
        cx.s("\n\t  Msg Elem ");
        cx.u(n);
        cx.s(" Type: ");
        cx.u(t as u64);
        cx.s(" (");
        cx.s(elem.map_or("Unknown", |e| e.1));
        cx.b(b')');
        if !permitted(msg, t) {
            cx.s(" [unexpected!]");
        }
        let l = d.be16(at + 1)? as usize;
        cx.s(", Length: ");
        cx.u(l as u64);
        if l < elem.map_or(0, |e| e.2 as usize) {
            cx.s(" [too short!]");
        }
        if l > left - 3 {
            cx.bad_len("elem_len", l as u64, ">", (left - 3) as u64);
            return invalid(cx);
        }
        d.range(at + 3, l)?;
        at += 3 + l;
        left -= 3 + l;
        n += 1;
    }
    Ok(())
}
