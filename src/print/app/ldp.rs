//! LDP (RFC 5036) on UDP and TCP port 646: with `-v`, the PDU header,
//! each message and its TLVs.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static MESSAGES: &[(u16, &str)] = &[
    (0x0001, "Notification"),
    (0x0100, "Hello"),
    (0x0200, "Initialization"),
    (0x0201, "Keepalive"),
    (0x0300, "Address"),
    (0x0301, "Address Withdraw"),
    (0x0400, "Label Mapping"),
    (0x0401, "Label Request"),
    (0x0402, "Label Withdraw"),
    (0x0403, "Label Release"),
    (0x0404, "Label Abort Request"),
];

static TLVS: &[(u16, &str)] = &[
    (0x0100, "FEC"),
    (0x0101, "Address List"),
    (0x0103, "Hop Count"),
    (0x0104, "Path Vector"),
    (0x0200, "Generic Label"),
    (0x0201, "ATM Label"),
    (0x0202, "Frame-Relay Label"),
    (0x0300, "Status"),
    (0x0301, "Extended Status"),
    (0x0302, "Returned PDU"),
    (0x0303, "Returned Message"),
    (0x0400, "Common Hello Parameters"),
    (0x0401, "IPv4 Transport Address"),
    (0x0402, "Configuration Sequence Number"),
    (0x0403, "IPv6 Transport Address"),
    (0x0500, "Common Session Parameters"),
    (0x0501, "ATM Session Parameters"),
    (0x0502, "Frame-Relay Session Parameters"),
    (0x0503, "Fault-Tolerant Session Parameters"),
    (0x050b, "Typed Wildcard FEC Capability"),
    (0x0600, "Label Request Message ID"),
    (0x0601, "MTU"),
    (0x0701, "Dual-Stack Capability"),
];

static STATUS_CODES: [&str; 26] = [
    "Success",
    "Bad LDP Identifier",
    "Bad Protocol Version",
    "Bad PDU Length",
    "Unknown Message Type",
    "Bad Message Length",
    "Unknown TLV",
    "Bad TLV Length",
    "Malformted TLV Value",
    "Hold Timer Expired",
    "Shutdown",
    "Loop Detected",
    "Unknown FEC",
    "No Route",
    "No Label Resources",
    "Label Resources/Available",
    "Session Rejected/No Hello",
    "Session Rejected/Parameters Advertisement Mode",
    "Session Rejected/Parameters Max PDU Length",
    "Session Rejected/Parameters Label Range",
    "KeepAlive Timer Expired",
    "Label Request Aborted",
    "Missing Message Parameters",
    "Unsupported Address Family",
    "Session Rejected/Bad KeepAlive Time",
    "Internal Error",
];

static FEC_TYPES: &[(u8, &str)] = &[
    (1, "Wildcard"),
    (2, "Prefix"),
    (3, "Host address"),
    (0x80, "Martini VC"),
];

/// Pseudowire types (RFC 4446).
static PW_TYPES: &[(u16, &str)] = &[
    (0x00, "Reserved"),
    (0x01, "Frame Relay DLCI (Martini Mode)"),
    (0x02, "ATM AAL5 SDU VCC transport"),
    (0x03, "ATM transparent cell transport"),
    (0x04, "Ethernet VLAN"),
    (0x05, "Ethernet"),
    (0x06, "Cisco-HDLC"),
    (0x07, "PPP"),
    (0x08, "SONET/SDH Circuit Emulation Service over MPLS"),
    (0x09, "ATM n-to-one VCC cell transport"),
    (0x0a, "ATM n-to-one VPC cell transport"),
    (0x0b, "IP Layer2 Transport"),
    (0x0c, "ATM one-to-one VCC Cell Mode"),
    (0x0d, "ATM one-to-one VPC Cell Mode"),
    (0x0e, "ATM AAL5 PDU VCC transport"),
    (0x0f, "Frame-Relay Port mode"),
    (0x10, "SONET/SDH Circuit Emulation over Packet"),
    (0x11, "Structure-agnostic E1 over Packet"),
    (0x12, "Structure-agnostic T1 (DS1) over Packet"),
    (0x13, "Structure-agnostic E3 over Packet"),
    (0x14, "Structure-agnostic T3 (DS3) over Packet"),
    (0x15, "CESoPSN basic mode"),
    (0x16, "TDMoIP basic mode"),
    (0x17, "CESoPSN TDM with CAS"),
    (0x18, "TDMoIP TDM with CAS"),
    (0x19, "Frame Relay DLCI"),
    (0x40, "IP-interworking"),
];

/// Address families (the first 16, then the VPN ones).
fn address_family(cx: &mut Ctx, af: u16) {
    let name = match af {
        11 => Some("Novell IPX"),
        25 => Some("Layer-2 VPN"),
        65 => Some("VPLS"),
        _ => tables::address_family(af as u32),
    };
    match name {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown (");
            cx.u(af as u64);
            cx.b(b')');
        }
    }
}

const COMMON_HDR: usize = 10;
const MSG_HDR: usize = 8;

pub fn print(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "ldp";
    let d = p.captured;
    let mut len = p.length;
    let mut at = 0;
    while len > COMMON_HDR + MSG_HDR {
        let processed = pdu(cx, d, at)?;
        if processed == 0 {
            return Ok(true);
        }
        if len < processed {
            cx.s(" [remaining length ");
            cx.u(len as u64);
            cx.s(" < ");
            cx.u(processed as u64);
            cx.s("] (invalid)");
            break;
        }
        len -= processed;
        at += processed;
    }
    Ok(true)
}

/// One PDU at `at`; what it takes (0: stop).
fn pdu(cx: &mut Ctx, d: &[u8], at: usize) -> R<usize> {
    let h = d.range(at, COMMON_HDR)?;
    let v = cx.opts.verbose > 0;
    let sep = if v { "\n\t" } else { "" };
    let version = u16::from_be_bytes([h[0], h[1]]);
    if version != 1 {
        cx.s(sep);
        cx.s("LDP version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(0);
    }
    let pdu_len = u16::from_be_bytes([h[2], h[3]]) as usize;
    if pdu_len < COMMON_HDR - 4 {
        cx.s(sep);
        cx.s("LDP, pdu-length: ");
        cx.u(pdu_len as u64);
        cx.s(" (too short, < 6)");
        return Ok(0);
    }
    cx.s(sep);
    cx.s("LDP, Label-Space-ID: ");
    cx.ipv4(&h[4..8]);
    cx.b(b':');
    cx.u(u16::from_be_bytes([h[8], h[9]]) as u64);
    cx.s(", pdu-length: ");
    cx.u(pdu_len as u64);
    if !v {
        return Ok(0);
    }
    let mut tp = at + COMMON_HDR;
    // (16-bit arithmetic, as the snapshot's.)
    let mut tlen = (pdu_len - (COMMON_HDR - 4)) as u16;
    while tlen != 0 {
        let m = d.range(tp, MSG_HDR)?;
        let raw_type = u16::from_be_bytes([m[0], m[1]]);
        let msg_type = raw_type & 0x7fff;
        let msg_len = u16::from_be_bytes([m[2], m[3]]) as usize;
        cx.s("\n\t  ");
        cx.s(tables::lookup(MESSAGES, msg_type).unwrap_or("Unknown"));
        cx.s(" Message (0x");
        fmt::put_hex_padded(cx.out, msg_type as u64, 4);
        cx.s("), length: ");
        cx.u(msg_len as u64);
        if msg_len < MSG_HDR - 4 {
            cx.s(" (too short, < 4)");
            return Ok(0);
        }
        cx.s(", Message ID: 0x");
        fmt::put_hex_padded(
            cx.out,
            u32::from_be_bytes([m[4], m[5], m[6], m[7]]) as u64,
            8,
        );
        cx.s(", Flags: [");
        cx.s(if raw_type & 0x8000 != 0 {
            "continue processing"
        } else {
            "ignore"
        });
        cx.s(" if unknown]");
        d.range(tp, msg_len)?;
        let mut mp = tp + MSG_HDR;
        let mut mlen = msg_len - (MSG_HDR - 4);
        if tables::lookup(MESSAGES, msg_type).is_some() {
            while mlen >= 4 {
                let n = tlv(cx, d, mp, mlen)?;
                if n == 0 {
                    break;
                }
                mlen = mlen.saturating_sub(n);
                mp += n;
            }
        } else if cx.opts.verbose <= 1 {
            unknown_data(cx, d.get(mp..).unwrap_or(&[]), "\n\t  ", mlen);
        }
        if cx.opts.verbose > 1 {
            unknown_data(cx, d.get(tp + MSG_HDR..).unwrap_or(&[]), "\n\t  ", msg_len);
        }
        tp += msg_len + 4;
        tlen = tlen.wrapping_sub((msg_len + 4) as u16);
    }
    Ok(pdu_len + 4)
}

/// ` [tlv length N < M] (invalid)` when `n < m`.
fn short(cx: &mut Ctx, n: usize, m: usize) -> bool {
    if n < m {
        cx.bad_len("tlv length", n as u64, "<", m as u64);
        cx.s(" (invalid)");
        return true;
    }
    false
}

/// One TLV at `tp`, `mlen` bytes left in the message; what it takes (0:
/// it runs past the message).
fn tlv(cx: &mut Ctx, d: &[u8], tp: usize, mlen: usize) -> R<usize> {
    let h = d.range(tp, 4)?;
    let raw = u16::from_be_bytes([h[0], h[1]]);
    let tlen = u16::from_be_bytes([h[2], h[3]]) as usize;
    if tlen + 4 > mlen {
        cx.s("\n\t\t TLV contents go past end of message");
        return Ok(0);
    }
    let t = raw & 0x3fff;
    cx.s("\n\t    ");
    cx.s(tables::lookup(TLVS, t).unwrap_or("Unknown"));
    cx.s(" TLV (0x");
    fmt::put_hex_padded(cx.out, t as u64, 4);
    cx.s("), length: ");
    cx.u(tlen as u64);
    cx.s(", Flags: [");
    cx.s(if raw & 0x8000 != 0 {
        "continue processing"
    } else {
        "ignore"
    });
    cx.s(" and ");
    cx.s(if raw & 0x4000 != 0 { "do" } else { "don't" });
    cx.s(" forward if unknown]");
    let p = tp + 4;
    let done = tlen + 4;
    let line = "\n\t      ";
    match t {
        0x0400 => {
            if !short(cx, tlen, 4) {
                let (hold, flags) = (d.be16(p)?, d.be16(p + 2)?);
                cx.s(line);
                cx.s("Hold Time: ");
                cx.u(hold as u64);
                cx.s("s, Flags: [");
                cx.s(if flags & 0x8000 != 0 {
                    "Targeted"
                } else {
                    "Link"
                });
                cx.s(" Hello");
                if flags & 0x4000 != 0 {
                    cx.s(", Request for targeted Hellos");
                }
                cx.b(b']');
            }
        }
        0x0401 => {
            if !short(cx, tlen, 4) {
                let a = d.range(p, 4)?;
                cx.s(line);
                cx.s("IPv4 Transport Address: ");
                cx.ipv4(a);
            }
        }
        0x0403 => {
            if !short(cx, tlen, 16) {
                let a = d.range(p, 16)?;
                cx.s(line);
                cx.s("IPv6 Transport Address: ");
                cx.ipv6(a);
            }
        }
        0x0402 => {
            if !short(cx, tlen, 4) {
                let n = d.be32(p)?;
                cx.s(line);
                cx.s("Sequence Number: ");
                cx.u(n as u64);
            }
        }
        0x0101 => {
            if !short(cx, tlen, 2) {
                let af = d.be16(p)?;
                cx.s(line);
                cx.s("Address Family: ");
                address_family(cx, af);
                cx.s(", addresses");
                let alen = match af {
                    1 => 4,
                    2 => 16,
                    _ => 0,
                };
                if alen > 0 {
                    let (mut q, mut left) = (p + 2, tlen - 2);
                    while left >= alen {
                        let a = d.range(q, alen)?;
                        cx.b(b' ');
                        if alen == 4 {
                            cx.ipv4(a);
                        } else {
                            cx.ipv6(a);
                        }
                        q += alen;
                        left -= alen;
                    }
                }
            }
        }
        0x0103 => {
            if !short(cx, tlen, 1) {
                let n = d.u8_at(p)?;
                cx.s(line);
                cx.s("Hop Count: ");
                cx.u(n as u64);
            }
        }
        0x0104 => {
            if !short(cx, tlen, 4) {
                let a = d.range(p, 4)?;
                cx.s(line);
                cx.s("Path Vector: ");
                cx.ipv4(a);
                let (mut q, mut left) = (p + 4, tlen - 4);
                while left >= 4 {
                    let a = d.range(q, 4)?;
                    cx.s(", ");
                    cx.ipv4(a);
                    q += 4;
                    left -= 4;
                }
            }
        }
        0x0500 => {
            if !short(cx, tlen, 14) {
                let s = d.range(p, 14)?;
                let flags = u16::from_be_bytes([s[4], s[5]]);
                cx.s(line);
                cx.s("Version: ");
                cx.u(u16::from_be_bytes([s[0], s[1]]) as u64);
                cx.s(", Keepalive: ");
                cx.u(u16::from_be_bytes([s[2], s[3]]) as u64);
                cx.s("s, Flags: [Downstream ");
                cx.s(if flags & 0x8000 != 0 {
                    "On Demand"
                } else {
                    "Unsolicited"
                });
                cx.s(", Loop Detection ");
                cx.s(if flags & 0x4000 != 0 {
                    "Enabled"
                } else {
                    "Disabled"
                });
                cx.s("]");
                cx.s(line);
                cx.s("Path Vector Limit ");
                cx.u(s[5] as u64);
                cx.s(", Max-PDU length: ");
                cx.u(u16::from_be_bytes([s[6], s[7]]) as u64);
                cx.s(", Receiver Label-Space-ID ");
                cx.ipv4(&s[8..12]);
                cx.b(b':');
                cx.u(u16::from_be_bytes([s[12], s[13]]) as u64);
            }
        }
        0x0100 => fec(cx, d, p, tlen)?,
        0x0200 => {
            if !short(cx, tlen, 4) {
                let l = d.be32(p)?;
                cx.s(line);
                cx.s("Label: ");
                cx.u((l & 0xfffff) as u64);
            }
        }
        0x0300 => {
            if !short(cx, tlen, 10) {
                let code = d.be32(p)?;
                cx.s(line);
                cx.s("Status Code: ");
                cx.s(STATUS_CODES
                    .get((code & 0x3fff_ffff) as usize)
                    .copied()
                    .unwrap_or("Unknown"));
                cx.s(", Flags: [");
                cx.s(if code & 0x8000_0000 != 0 {
                    "Fatal error"
                } else {
                    "Advisory Notification"
                });
                cx.s(" and ");
                cx.s(if code & 0x4000_0000 != 0 {
                    "do"
                } else {
                    "don't"
                });
                cx.s(" forward]");
                let id = d.be32(p + 4)?;
                if id != 0 {
                    cx.s(", causing Message ID: 0x");
                    fmt::put_hex_padded(cx.out, id as u64, 8);
                }
                let mt = d.be16(p + 8)?;
                if mt != 0 {
                    cx.s(", Message Type: ");
                    cx.s(tables::lookup(MESSAGES, mt).unwrap_or("Unknown"));
                }
            }
        }
        0x0503 => {
            if !short(cx, tlen, 12) {
                let f = d.be16(p)?;
                cx.s(line);
                cx.s("Flags: [");
                cx.s(if f & 0x8000 != 0 { "" } else { "No " });
                cx.s("Reconnect, ");
                cx.s(if f & 0x8 != 0 { "" } else { "Don't " });
                cx.s("Save State, ");
                cx.s(if f & 0x4 != 0 { "" } else { "No " });
                cx.s("All-Label Protection, ");
                cx.s(if f & 0x2 != 0 {
                    "Sequence Numbered Label"
                } else {
                    "All Labels"
                });
                cx.s(" Checkpoint, ");
                cx.s(if f & 0x1 != 0 { "" } else { "Don't " });
                cx.s("Re-Learn State]");
                let reconnect = d.be32(p + 4)?;
                if reconnect != 0 {
                    cx.s(", Reconnect Timeout: ");
                    cx.u(reconnect as u64);
                    cx.s("ms");
                }
                let recovery = d.be32(p + 8)?;
                if recovery != 0 {
                    cx.s(", Recovery Time: ");
                    cx.u(recovery as u64);
                    cx.s("ms");
                }
            }
        }
        0x050b => {
            if !short(cx, tlen, 1) {
                let b = d.u8_at(p)?;
                cx.s(line);
                cx.s(if b & 0x80 != 0 {
                    "Support"
                } else {
                    "No Support"
                });
            }
        }
        0x0601 => {
            if !short(cx, tlen, 2) {
                let mtu = d.be16(p)?;
                cx.s(line);
                cx.s("MTU: ");
                cx.u(mtu as u64);
            }
        }
        0x0701 => {
            if !short(cx, tlen, 4) {
                let pref = d.u8_at(p)?;
                cx.s(line);
                cx.s("Transport Connection Preference: ");
                cx.s(match pref {
                    0x40 => "IPv4",
                    0x60 => "IPv6",
                    _ => "Unknown",
                });
            }
        }
        _ => {
            if cx.opts.verbose <= 1 {
                unknown_data(cx, d.get(p..).unwrap_or(&[]), line, tlen);
            }
        }
    }
    Ok(done)
}

/// A FEC element (the first of the TLV).
fn fec(cx: &mut Ctx, d: &[u8], p: usize, tlen: usize) -> R {
    if short(cx, tlen, 1) {
        return Ok(());
    }
    let t = d.u8_at(p)?;
    cx.s("\n\t      ");
    cx.s(tables::lookup(FEC_TYPES, t).unwrap_or("Unknown"));
    cx.s(" FEC (0x");
    fmt::put_hex2(cx.out, t);
    cx.b(b')');
    let (p, left) = (p + 1, tlen - 1);
    match t {
        2 => {
            if short(cx, left, 2) {
                return Ok(());
            }
            let af = d.be16(p)?;
            let (q, left) = (p + 2, left - 2);
            let (bits, name) = match af {
                1 => (32, "IPv4"),
                2 => (128, "IPv6"),
                _ => {
                    cx.s(": Address family ");
                    cx.u(af as u64);
                    cx.s(" prefix");
                    return Ok(());
                }
            };
            // The prefix length, then the bytes it covers.
            if left < 1 {
                return Err(Trunc);
            }
            let plen = d.u8_at(q)? as usize;
            if plen > bits {
                cx.s(": ");
                cx.s(name);
                cx.s(" prefix (invalid length)");
                return Ok(());
            }
            let n = plen.div_ceil(8);
            if left - 1 < n {
                return Err(Trunc);
            }
            let mut a = [0u8; 16];
            a[..n].copy_from_slice(d.range(q + 1, n)?);
            if plen % 8 != 0 {
                a[n - 1] &= (0xff00u16 >> (plen % 8)) as u8;
            }
            cx.s(": ");
            cx.s(name);
            cx.s(" prefix ");
            if bits == 32 {
                cx.ipv4(&a[..4]);
            } else {
                cx.ipv6(&a);
            }
            cx.b(b'/');
            cx.u(plen as u64);
        }
        0x80 => {
            if short(cx, left, 7) {
                return Ok(());
            }
            let pw = d.be16(p)?;
            let info_len = d.u8_at(p + 2)? as usize;
            let group = d.be32(p + 3)?;
            let vc_head = |cx: &mut Ctx| {
                cx.s(": ");
                cx.s(tables::lookup(PW_TYPES, pw & 0x7fff).unwrap_or("Unknown"));
                cx.s(", ");
                if pw & 0x8000 == 0 {
                    cx.s("no ");
                }
                cx.s("control word, group-ID ");
                cx.u(group as u64);
            };
            if info_len == 0 {
                vc_head(cx);
                cx.s(", VC-info-length: 0");
                return Ok(());
            }
            if short(cx, left, 11) {
                return Ok(());
            }
            let vc = d.be32(p + 7)?;
            vc_head(cx);
            cx.s(", VC-ID ");
            cx.u(vc as u64);
            cx.s(", VC-info-length: ");
            cx.u(info_len as u64);
            if info_len < 4 {
                cx.s(" (invalid, < 4");
                return Ok(());
            }
            let mut info = info_len - 4;
            let mut q = p + 11;
            if short(cx, left - 11, info) {
                return Ok(());
            }
            while info > 2 {
                let (it, il) = (d.u8_at(q)?, d.u8_at(q + 1)? as usize);
                if il < 2 || info < il {
                    break;
                }
                cx.s("\n\t\tInterface Parameter: ");
                cx.s(match it {
                    1 => "MTU",
                    3 => "Description",
                    0x0c => "VCCV",
                    _ => "Unknown",
                });
                cx.s(" (0x");
                fmt::put_hex2(cx.out, it);
                cx.s("), len ");
                cx.u(il as u64);
                match it {
                    1 => {
                        let mtu = d.be16(q + 2)?;
                        cx.s(": ");
                        cx.u(mtu as u64);
                    }
                    3 => {
                        cx.s(": ");
                        for i in 0..il - 2 {
                            fmt::put_safe_char(cx.out, d.u8_at(q + 2 + i)?);
                        }
                    }
                    0x0c => {
                        let cc = d.u8_at(q + 2)?;
                        cx.s("\n\t\t  Control Channels (0x");
                        fmt::put_hex2(cx.out, cc);
                        cx.s(") = [");
                        cx.flag_names(
                            cc as u32,
                            &[
                                (1, "PWE3 control word"),
                                (2, "MPLS Router Alert Label"),
                                (4, "MPLS inner label TTL = 1"),
                            ],
                        );
                        let cv = d.u8_at(q + 3)?;
                        cx.s("]\n\t\t  CV Types (0x");
                        fmt::put_hex2(cx.out, cv);
                        cx.s(") = [");
                        cx.flag_names(cv as u32, &[(1, "ICMP Ping"), (2, "LSP Ping"), (4, "BFD")]);
                        cx.b(b']');
                    }
                    _ => unknown_data(cx, d.get(q + 2..).unwrap_or(&[]), "\n\t\t  ", il - 2),
                }
                info -= il;
                q += il;
            }
        }
        _ => {}
    }
    Ok(())
}
