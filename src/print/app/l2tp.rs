//! L2TP version 2 (RFC 2661) on UDP port 1701: the header, the control
//! messages' attribute-value pairs, and data messages' PPP frames.

use crate::print::core::prelude::*;
use crate::print::dispatch::{self, PortPayload};

static MSG_TYPES: &[(u16, &str)] = &[
    (1, "SCCRQ"),
    (2, "SCCRP"),
    (3, "SCCCN"),
    (4, "StopCCN"),
    (6, "HELLO"),
    (7, "OCRQ"),
    (8, "OCRP"),
    (9, "OCCN"),
    (10, "ICRQ"),
    (11, "ICRP"),
    (12, "ICCN"),
    (14, "CDN"),
    (15, "WEN"),
    (16, "SLI"),
];

static AVPS: &[(u16, &str)] = &[
    (0, "MSGTYPE"),
    (1, "RESULT_CODE"),
    (2, "PROTO_VER"),
    (3, "FRAMING_CAP"),
    (4, "BEARER_CAP"),
    (5, "TIE_BREAKER"),
    (6, "FIRM_VER"),
    (7, "HOST_NAME"),
    (8, "VENDOR_NAME"),
    (9, "ASSND_TUN_ID"),
    (10, "RECV_WIN_SIZE"),
    (11, "CHALLENGE"),
    (12, "Q931_CC"),
    (13, "CHALLENGE_RESP"),
    (14, "ASSND_SESS_ID"),
    (15, "CALL_SER_NUM"),
    (16, "MINIMUM_BPS"),
    (17, "MAXIMUM_BPS"),
    (18, "BEARER_TYPE"),
    (19, "FRAMING_TYPE"),
    (20, "PACKET_PROC_DELAY"),
    (21, "CALLED_NUMBER"),
    (22, "CALLING_NUMBER"),
    (23, "SUB_ADDRESS"),
    (24, "TX_CONN_SPEED"),
    (25, "PHY_CHANNEL_ID"),
    (26, "INI_RECV_LCP"),
    (27, "LAST_SENT_LCP"),
    (28, "LAST_RECV_LCP"),
    (29, "PROXY_AUTH_TYPE"),
    (30, "PROXY_AUTH_NAME"),
    (31, "PROXY_AUTH_CHAL"),
    (32, "PROXY_AUTH_ID"),
    (33, "PROXY_AUTH_RESP"),
    (34, "CALL_ERRORS"),
    (35, "ACCM"),
    (36, "RANDOM_VECTOR"),
    (37, "PRIVATE_GRP_ID"),
    (38, "RX_CONN_SPEED"),
    (39, "SEQ_REQUIRED"),
    (46, "PPP_DISCON_CC"),
];

static AUTH_TYPES: &[(u16, &str)] = &[
    (0, "Reserved"),
    (1, "Textual"),
    (2, "CHAP"),
    (3, "PAP"),
    (4, "No Auth"),
    (5, "MS-CHAPv1"),
];

static DIRECTIONS: &[(u8, &str)] = &[(0, "global error"), (1, "at peer"), (2, "at local")];

const SHORT: &str = "AVP too short";

fn octets(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        fmt::put_hex2(cx.out, d.u8_at(at + i)?);
    }
    Ok(())
}

fn text(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        fmt::put_safe_char(cx.out, d.u8_at(at + i)?);
    }
    Ok(())
}

/// `A`/`S` (or `A`/`D`) for the two low bits of a 32-bit value.
fn two_bits(cx: &mut Ctx, d: &[u8], at: usize, len: usize, low: char) -> R {
    if len < 4 {
        cx.s(SHORT);
        return Ok(());
    }
    let v = d.be32(at)?;
    if v & 2 != 0 {
        cx.b(b'A');
    }
    if v & 1 != 0 {
        cx.b(low as u8);
    }
    Ok(())
}

/// The value of an IETF attribute.
fn value(cx: &mut Ctx, d: &[u8], at: usize, len: usize, attr: u16) -> R {
    let need = |cx: &mut Ctx, n: usize| -> bool {
        if len < n {
            cx.s(SHORT);
            false
        } else {
            true
        }
    };
    match attr {
        0 => {
            if need(cx, 2) {
                let t = d.be16(at)?;
                match tables::lookup(MSG_TYPES, t) {
                    Some(n) => cx.s(n),
                    None => {
                        cx.s("MSGTYPE-#");
                        cx.u(t as u64);
                    }
                }
            }
        }
        1 => {
            if !need(cx, 2) {
                return Ok(());
            }
            cx.u(d.be16(at)? as u64);
            let (at, len) = (at + 2, len - 2);
            if len == 0 {
                return Ok(());
            }
            if len < 2 {
                cx.s(" AVP too short");
                return Ok(());
            }
            let e = d.be16(at)?;
            cx.b(b'/');
            cx.u(e as u64);
            if len > 2 {
                cx.b(b' ');
                text(cx, d, at + 2, len - 2)?;
            }
        }
        2 => {
            if need(cx, 2) {
                let v = d.be16(at)?;
                cx.u((v >> 8) as u64);
                cx.b(b'.');
                cx.u((v & 0xff) as u64);
            }
        }
        3 | 19 => two_bits(cx, d, at, len, 'S')?,
        4 | 18 => two_bits(cx, d, at, len, 'D')?,
        5 => {
            if need(cx, 8) {
                octets(cx, d, at, 8)?;
            }
        }
        6 | 9 | 10 | 14 => {
            if need(cx, 2) {
                cx.u(d.be16(at)? as u64);
            }
        }
        7 | 8 | 21 | 22 | 23 | 30 | 37 => text(cx, d, at, len)?,
        11 | 26 | 27 | 28 | 31 | 33 | 36 => octets(cx, d, at, len)?,
        12 => {
            if need(cx, 3) {
                cx.u(d.be16(at)? as u64);
                let b = d.u8_at(at + 2)?;
                cx.s(", ");
                fmt::put_hex2(cx.out, b);
                if len > 3 {
                    cx.b(b' ');
                    text(cx, d, at + 3, len - 3)?;
                }
            }
        }
        13 => {
            if need(cx, 16) {
                octets(cx, d, at, 16)?;
            }
        }
        15 | 16 | 17 | 24 | 25 | 38 => {
            if need(cx, 4) {
                cx.u(d.be32(at)? as u64);
            }
        }
        20 => cx.s("obsolete"),
        29 => {
            if need(cx, 2) {
                let t = d.be16(at)?;
                match tables::lookup(AUTH_TYPES, t) {
                    Some(n) => cx.s(n),
                    None => {
                        cx.s("AuthType-#");
                        cx.u(t as u64);
                    }
                }
            }
        }
        32 => {
            if need(cx, 2) {
                cx.u((d.be16(at)? & 0xff) as u64);
            }
        }
        34 | 35 => {
            // Two reserved bytes, then 32-bit counters.
            if !need(cx, 2) {
                return Ok(());
            }
            let labels: &[&str] = if attr == 34 {
                &[
                    "CRCErr=",
                    "FrameErr=",
                    "HardOver=",
                    "BufOver=",
                    "Timeout=",
                    "AlignErr=",
                ]
            } else {
                &["send=", "recv="]
            };
            let (mut at, mut len) = (at + 2, len - 2);
            for l in labels {
                if len < 4 {
                    cx.s(SHORT);
                    return Ok(());
                }
                let v = d.be32(at)?;
                cx.s(l);
                if attr == 34 {
                    cx.u(v as u64);
                } else {
                    fmt::put_hex_padded(cx.out, v as u64, 8);
                }
                cx.b(b' ');
                at += 4;
                len -= 4;
            }
        }
        46 => {
            if need(cx, 5) {
                let code = d.be16(at)?;
                fmt::put_hex_padded(cx.out, code as u64, 4);
                cx.s(", ");
                let proto = d.be16(at + 2)?;
                fmt::put_hex_padded(cx.out, proto as u64, 4);
                cx.b(b' ');
                let dir = d.u8_at(at + 4)?;
                match tables::lookup(DIRECTIONS, dir) {
                    Some(n) => cx.s(n),
                    None => {
                        cx.s("Direction-#");
                        cx.u(dir as u64);
                    }
                }
                if len > 5 {
                    cx.b(b' ');
                    text(cx, d, at + 5, len - 5)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// One attribute-value pair; its length, or 0 if it is malformed.
fn avp(cx: &mut Ctx, d: &[u8], at: usize, left: usize) -> R<usize> {
    cx.b(b' ');
    let first = d.be16(at)?;
    let len = (first & 0x3ff) as usize;
    if len < 6 {
        cx.bad_len("AVP length", len as u64, "<", 6);
        return Ok(0);
    }
    if len > left {
        cx.s(" (len > ");
        cx.u(left as u64);
        cx.b(b')');
        return Ok(0);
    }
    d.range(at, len)?;
    if first & 0x8000 != 0 {
        cx.b(b'*');
    }
    let hidden = first & 0x4000 != 0;
    if hidden {
        cx.b(b'?');
    }
    let vendor = d.be16(at + 2)?;
    if vendor != 0 {
        let attr = d.be16(at + 4)?;
        cx.s("VENDOR");
        fmt::put_hex_padded(cx.out, vendor as u64, 4);
        cx.s(":ATTR");
        fmt::put_hex_padded(cx.out, attr as u64, 4);
        cx.b(b'(');
        octets(cx, d, at + 6, len - 6)?;
        cx.b(b')');
    } else {
        let attr = d.be16(at + 4)?;
        match tables::lookup(AVPS, attr) {
            Some(n) => cx.s(n),
            None => {
                cx.s("AVP-#");
                cx.u(attr as u64);
            }
        }
        cx.b(b'(');
        if hidden {
            cx.s("???");
        } else {
            value(cx, d, at + 6, len - 6, attr)?;
        }
        cx.b(b')');
    }
    Ok(len)
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "l2tp";
    let d = p.captured;
    let mut length = p.length;
    let w = d.be16(0)?;
    match w & 0xf {
        2 => cx.s(" l2tp:"),
        1 => {
            cx.s(" l2f:");
            return Ok(true);
        }
        _ => {
            cx.s(" Unknown Version, neither L2F(1) nor L2TP(2)");
            return Ok(true);
        }
    }
    let (t, l, s, o) = (
        w & 0x8000 != 0,
        w & 0x4000 != 0,
        w & 0x0800 != 0,
        w & 0x0200 != 0,
    );
    cx.b(b'[');
    for (on, c) in [
        (t, b'T'),
        (l, b'L'),
        (s, b'S'),
        (o, b'O'),
        (w & 0x0100 != 0, b'P'),
    ] {
        if on {
            cx.b(c);
        }
    }
    cx.b(b']');
    let mut at = 2usize;
    let l2tp_len = if l {
        let v = d.be16(at)? as usize;
        at += 2;
        v
    } else {
        0
    };
    let tunnel = d.be16(at)?;
    cx.b(b'(');
    cx.u(tunnel as u64);
    cx.b(b'/');
    let session = d.be16(at + 2)?;
    cx.u(session as u64);
    cx.b(b')');
    at += 4;
    if s {
        let ns = d.be16(at)?;
        cx.s("Ns=");
        cx.u(ns as u64);
        cx.b(b',');
        let nr = d.be16(at + 2)?;
        cx.s("Nr=");
        cx.u(nr as u64);
        at += 4;
    }
    if o {
        let pad = d.be16(at)? as usize;
        d.range(at + 2, pad)?;
        at += 2 + pad;
    }
    if l {
        if length < l2tp_len {
            cx.s(" Length ");
            cx.u(l2tp_len as u64);
            cx.s(" larger than packet (invalid)");
            return Ok(true);
        }
        length = l2tp_len;
    }
    if length < at {
        cx.s(" Length ");
        cx.u(length as u64);
        cx.s(" smaller than header length (invalid)");
        return Ok(true);
    }
    if t {
        if !l {
            cx.s(" No length (invalid)");
            return Ok(true);
        }
        if length == at {
            cx.s(" ZLB");
        }
        while length > at {
            let n = avp(cx, d, at, length - at)?;
            if n == 0 {
                cx.s(" (invalid)");
                return Ok(true);
            }
            at += n;
        }
    } else {
        cx.s(" {");
        let frame = d.get(at..).unwrap_or(&[]);
        dispatch::ppp_frame(cx, frame, length - at)?;
        cx.b(b'}');
    }
    Ok(true)
}
