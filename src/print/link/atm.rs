//! ATM with RFC 1483/2684 LLC encapsulation (LINKTYPE_ATM_RFC1483, 100):
//! Cisco-style NLPID frames, LLC (SNAP, OSI or IP SAPs) and, before
//! anything else, a 20-byte 802.6 MAC header some drivers put there.
//! Also the RFC 2684 bridged frames SNAP carries (OUI 00-80-c2).

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// LLC UI headers taken as such (SNAP, OSI, IP); anything else starts
/// with an 802.6 MAC header.
const LLC_HEADERS: [u32; 3] = [0xaaaa03, 0xfefe03, 0x060603];

pub fn atm(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "atm";
    if d.u8_at(0)? == 0x03 {
        // Cisco-style NLPID.
        if cx.opts.link_header {
            cx.s("CNLPID ");
        }
        *ll_len = 1;
        cx.proto = "isoclns";
        dispatch::osi(cx, &d[1..], length - 1)?;
        return Ok(());
    }
    let llc = d.range(0, 3)?;
    let mut hdrlen = 0;
    if !LLC_HEADERS.contains(&u32::from_be_bytes([0, llc[0], llc[1], llc[2]])) {
        if cx.opts.link_header {
            let h = d.range(0, 16)?;
            for (i, w) in h.chunks(4).enumerate() {
                fmt::put_hex_padded(
                    cx.out,
                    u32::from_be_bytes([w[0], w[1], w[2], w[3]]) as u64,
                    8,
                );
                if i % 2 == 1 {
                    cx.b(b' ');
                }
            }
        }
        d.range(0, 20)?;
        hdrlen = 20;
    }
    *ll_len = hdrlen;
    let n = dispatch::llc_frame(cx, None, &d[hdrlen..], length - hdrlen)?;
    *ll_len = hdrlen + n;
    Ok(())
}

/// A bridged frame after its pad: `pad` bytes are skipped first.
fn bridged(cx: &mut Ctx, d: &[u8], length: usize, pad: usize, linktype: u32) -> R<bool> {
    if d.len() < pad {
        cx.proto = "snap";
        cx.trunc_marker();
        return Ok(true);
    }
    if let Some(decode) = dispatch::linktype(linktype) {
        let mut inner = 0;
        decode(cx, &d[pad..], length.saturating_sub(pad), &mut inner)?;
    }
    Ok(true)
}

/// RFC 2684 bridged Ethernet (with or without FCS): 2 pad bytes first.
pub fn bridged_ether(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    bridged(cx, d, length, 2, 1)
}

/// RFC 2684 bridged 802.5: 2 pad bytes, the access control byte kept.
pub fn bridged_token(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    bridged(cx, d, length, 2, 6)
}

/// RFC 2684 bridged FDDI: 3 pad bytes.
pub fn bridged_fddi(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    bridged(cx, d, length, 3, 10)
}

/// What carries a cell's payload on a VC that is not a well-known one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Traffic {
    Lane,
    Llc,
    Unknown,
}

/// Q.2931 message types.
static Q2931_MESSAGES: &[(u8, &str)] = &[
    (0x02, "Call_proceeding"),
    (0x05, "Setup"),
    (0x07, "Connect"),
    (0x0f, "Connect_ack"),
    (0x46, "Restart"),
    (0x4d, "Release"),
    (0x4e, "Restart_ack"),
    (0x5a, "Release_complete"),
    (0x75, "Status_enquiry"),
    (0x7d, "Status"),
    (0x80, "Add_party"),
    (0x81, "Add_party_ack"),
    (0x82, "Add_party_reject"),
    (0x83, "Drop_party"),
    (0x84, "Drop_party_ack"),
];

/// A reassembled ATM payload on VPI/VCI (Sun raw ATM): the reserved VCs
/// of VPI 0 (signalling, OAM F4 cells, ILMI), else LANE or LLC.
pub fn cell(cx: &mut Ctx, vpi: u8, vci: u16, traffic: Traffic, p: &[u8], length: usize) -> R {
    cx.proto = "atm";
    if cx.opts.link_header {
        cx.s("VPI:");
        cx.u(vpi as u64);
        cx.s(" VCI:");
        cx.u(vci as u64);
        cx.b(b' ');
    }
    if vpi == 0 {
        match vci {
            5 => return sig(cx, p),
            2 => {
                cx.s("broadcast sig: ");
                return Ok(());
            }
            3 | 4 => return oam(cx, p, length, 1),
            1 => {
                cx.s("meta: ");
                return Ok(());
            }
            16 => {
                cx.s("ilmi: ");
                return dispatch::snmp(cx, p, length);
            }
            _ => {}
        }
    }
    if traffic == Traffic::Lane {
        return dispatch::lane(cx, p, length);
    }
    let cap = &p[..p.len().min(length)];
    dispatch::llc_frame(cx, None, cap, length)?;
    Ok(())
}

/// UNI signalling: the protocol discriminator, then for Q.2931 the
/// message type and call reference.
fn sig(cx: &mut Ctx, p: &[u8]) -> R {
    let proto = p.u8_at(0)?;
    if proto != 0x09 {
        cx.s("SSCOP, proto ");
        cx.u(proto as u64);
        cx.b(b' ');
        return Ok(());
    }
    cx.s("Q.2931");
    let msg = p.u8_at(5)?;
    cx.b(b':');
    match tables::lookup(Q2931_MESSAGES, msg) {
        Some(n) => cx.s(n),
        None => {
            cx.s("msgtype#");
            cx.u(msg as u64);
        }
    }
    cx.s(" CALL_REF:0x");
    for &b in p.range(2, 3)? {
        fmt::put_hex2(cx.out, b);
    }
    Ok(())
}

/// The payload type of a cell header.
static PAYLOAD_TYPES: [&str; 8] = [
    "user data, uncongested, SDU 0",
    "user data, uncongested, SDU 1",
    "user data, congested, SDU 0",
    "user data, congested, SDU 1",
    "VCC OAM F5 flow segment",
    "VCC OAM F5 flow end-to-end",
    "Traffic Control and resource Mgmt",
    "Unknown",
];

static CELL_TYPES: &[(u8, &str)] = &[
    (0x1, "Fault Management"),
    (0x2, "Performance Management"),
    (0x8, "activate/deactivate"),
    (0xf, "System Management"),
];

static FM_FUNCTIONS: &[(u8, &str)] = &[
    (0x0, "AIS"),
    (0x1, "RDI"),
    (0x4, "Continuity Check"),
    (0x8, "Loopback"),
];
static PM_FUNCTIONS: &[(u8, &str)] = &[
    (0x0, "Forward Monitoring"),
    (0x1, "Backward Reporting"),
    (0x2, "Monitoring and Reporting"),
];
static AD_FUNCTIONS: &[(u8, &str)] = &[(0x0, "Performance Monitoring"), (0x1, "Continuity Check")];

/// The CRC-10 (x^10 + x^9 + x^5 + x^4 + x + 1) of OAM cells, a byte at
/// a time.
static CRC10: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut acc = (i as u16) << 2;
        let mut j = 0;
        while j < 8 {
            acc <<= 1;
            if acc & 0x400 != 0 {
                acc ^= 0x633;
            }
            j += 1;
        }
        t[i] = acc;
        i += 1;
    }
    t
};

fn crc10(d: &[u8]) -> u16 {
    d.iter().fold(0u16, |acc, &b| {
        ((acc << 8) & 0x3ff) ^ CRC10[((acc >> 2) & 0xff) as usize] ^ b as u16
    })
}

/// `n` bytes in hex, space-separated.
fn hex_bytes(cx: &mut Ctx, b: &[u8]) {
    for (i, &c) in b.iter().enumerate() {
        if i > 0 {
            cx.b(b' ');
        }
        fmt::put_hex2(cx.out, c);
    }
}

/// An OAM cell: the cell header (after `hec` bytes), the cell and
/// function types, fault management details and the CRC-10 with `-v`.
pub fn oam(cx: &mut Ctx, p: &[u8], length: usize, hec: usize) -> R {
    cx.proto = "oam";
    let header = p.be32(hec)?;
    let types = p.u8_at(4 + hec)?;
    let (cell_type, func) = (types >> 4, types & 0x0f);
    let vci = ((header >> 4) & 0xffff) as u16;
    cx.s(match vci {
        3 => "OAM F4 (segment)",
        4 => "OAM F4 (end)",
        _ => "OAM F5",
    });
    cx.s(", vpi ");
    cx.u(((header >> 20) & 0xff) as u64);
    cx.s(", vci ");
    cx.u(vci as u64);
    cx.s(", payload [ ");
    cx.s(PAYLOAD_TYPES[((header >> 1) & 7) as usize]);
    cx.s(" ], clp ");
    cx.u((header & 1) as u64);
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    cx.s("\n\tcell-type ");
    cx.s(tables::lookup(CELL_TYPES, cell_type).unwrap_or("unknown"));
    cx.s(" (");
    cx.u(cell_type as u64);
    cx.s("), func-type ");
    let functions = match cell_type {
        0x1 => Some(FM_FUNCTIONS),
        0x2 => Some(PM_FUNCTIONS),
        0x8 => Some(AD_FUNCTIONS),
        _ => None,
    };
    match functions {
        Some(t) => cx.s(tables::lookup(t, func).unwrap_or("none")),
        None => cx.s("unknown"),
    }
    cx.s(" (");
    cx.u(func as u64);
    cx.b(b')');
    let p = p.get(4 + hec..).unwrap_or(&[]);
    match (cell_type, func) {
        (0x1, 0x8) => {
            let f = p.range(1, 45)?;
            cx.s("\n\tLoopback-Indicator ");
            cx.s(if f[0] & 1 != 0 { "Request" } else { "Reply" });
            cx.s(", Correlation-Tag 0x");
            fmt::put_hex_padded(cx.out, f.be32(1)? as u64, 8);
            cx.s("\n\tLocation-ID ");
            hex_bytes(cx, &f[5..17]);
            cx.s("\n\tSource-ID   ");
            hex_bytes(cx, &f[17..29]);
        }
        (0x1, 0x0) | (0x1, 0x1) => {
            let f = p.range(1, 45)?;
            cx.s("\n\tFailure-type 0x");
            fmt::put_hex2(cx.out, f[0]);
            cx.s("\n\tLocation-ID ");
            hex_bytes(cx, &f[1..17]);
        }
        _ => {}
    }
    let cksum = p.be16(46)? & 0x3ff;
    cx.s("\n\tcksum 0x");
    fmt::put_hex_padded(cx.out, cksum as u64, 3);
    cx.s(if crc10(&p[..48]) == 0 {
        " (correct)"
    } else {
        " (incorrect)"
    });
    Ok(())
}
