//! LSP ping (RFC 8029, MPLS echo request and reply) on UDP port 3503:
//! the header, and with `-v` the TLVs (target FEC stack, downstream
//! mapping, BFD discriminator, vendor enterprise number).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const HDR: usize = 32;

fn msg_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "MPLS Echo Request",
        2 => "MPLS Echo Reply",
        _ => return None,
    })
}

fn reply_mode(m: u8) -> &'static str {
    match m {
        1 => "Do not reply",
        2 => "Reply via an IPv4/IPv6 UDP packet",
        3 => "Reply via an IPv4/IPv6 UDP packet with Router Alert",
        4 => "Reply via application level control channel",
        _ => "unknown",
    }
}

fn return_code(c: u8) -> &'static str {
    match c {
        0 => "No return code or return code contained in the Error Code TLV",
        1 => "Malformed echo request received",
        2 => "One or more of the TLVs was not understood",
        3 => "Replying router is an egress for the FEC at stack depth",
        4 => "Replying router has no mapping for the FEC at stack depth",
        5..=7 => "Reserved",
        8 => "Label switched at stack-depth",
        9 => "Label switched but no MPLS forwarding at stack-depth",
        10 => "Mapping for this FEC is not the given label at stack depth",
        11 => "No label entry at stack-depth",
        12 => "Protocol not associated with interface at FEC stack depth",
        13 => "Premature termination of ping due to label stack shrinking to a single label",
        _ => "unknown",
    }
}

fn tlv_name(t: u16) -> &'static str {
    match t {
        1 => "Target FEC Stack",
        2 => "Downstream Mapping",
        3 => "Pad",
        5 => "Vendor Enterprise Code",
        7 => "Interface Label Stack",
        9 => "Error Code",
        10 => "Reply TOS Byte",
        15 => "BFD Discriminator",
        0xfc00 => "Vendor Private Code",
        _ => "Unknown",
    }
}

fn fec_name(t: u16) -> &'static str {
    match t {
        1 => "LDP IPv4 prefix",
        2 => "LDP IPv6 prefix",
        3 => "RSVP IPv4 Session Query",
        4 => "RSVP IPv6 Session Query",
        6 => "VPN IPv4 prefix",
        7 => "VPN IPv6 prefix",
        8 => "L2 VPN endpoint",
        9 => "FEC 128 pseudowire (old)",
        10 => "FEC 128 pseudowire",
        13 => "BGP labeled IPv4 prefix",
        14 => "BGP labeled IPv6 prefix",
        _ => "Unknown",
    }
}

/// Pseudowire types (RFC 4446).
fn pw_type(t: u16) -> &'static str {
    const NAMES: [&str; 26] = [
        "Reserved",
        "Frame Relay DLCI (Martini Mode)",
        "ATM AAL5 SDU VCC transport",
        "ATM transparent cell transport",
        "Ethernet VLAN",
        "Ethernet",
        "Cisco-HDLC",
        "PPP",
        "SONET/SDH Circuit Emulation Service over MPLS",
        "ATM n-to-one VCC cell transport",
        "ATM n-to-one VPC cell transport",
        "IP Layer2 Transport",
        "ATM one-to-one VCC Cell Mode",
        "ATM one-to-one VPC Cell Mode",
        "ATM AAL5 PDU VCC transport",
        "Frame-Relay Port mode",
        "SONET/SDH Circuit Emulation over Packet",
        "Structure-agnostic E1 over Packet",
        "Structure-agnostic T1 (DS1) over Packet",
        "Structure-agnostic E3 over Packet",
        "Structure-agnostic T3 (DS3) over Packet",
        "CESoPSN basic mode",
        "TDMoIP basic mode",
        "CESoPSN TDM with CAS",
        "TDMoIP TDM with CAS",
        "Frame Relay DLCI",
    ];
    match t {
        0x40 => "IP-interworking",
        _ => NAMES.get(t as usize).copied().unwrap_or("unknown"),
    }
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    lspping(cx, p.body, p.length)?;
    Ok(true)
}

fn lspping(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    cx.proto = "lspping";
    if len < HDR {
        cx.s("\n\t\t packet is too short");
        return Ok(());
    }
    d.range(0, HDR)?;
    let version = d.be16(0)?;
    if version != 1 {
        cx.s("LSP-PING version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(());
    }
    let mt = d.u8_at(4)?;
    if cx.opts.verbose == 0 {
        cx.s("LSP-PINGv1, ");
        match msg_type(mt) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown (");
                cx.u(mt as u64);
                cx.b(b')');
            }
        }
        cx.s(", seq ");
        cx.u(d.be32(12)? as u64);
        cx.s(", length: ");
        cx.u(len as u64);
        return Ok(());
    }
    let rm = d.u8_at(5)?;
    cx.s("\n\tLSP-PINGv1, msg-type: ");
    cx.s(msg_type(mt).unwrap_or("unknown"));
    cx.s(" (");
    cx.u(mt as u64);
    cx.s("), length: ");
    cx.u(len as u64);
    cx.s("\n\t  reply-mode: ");
    cx.s(reply_mode(rm));
    cx.s(" (");
    cx.u(rm as u64);
    cx.b(b')');
    let rc = d.u8_at(6)?;
    let rsc = d.u8_at(7)?;
    cx.s("\n\t  Return Code: ");
    cx.s(return_code(rc));
    if matches!(rc, 3 | 4 | 8 | 10 | 11 | 12) {
        cx.b(b' ');
        cx.u(rsc as u64);
    }
    cx.s(" (");
    cx.u(rc as u64);
    cx.s(")\n\t  Return Subcode: (");
    cx.u(rsc as u64);
    cx.s(")\n\t  Sender Handle: 0x");
    fmt::put_hex_padded(cx.out, d.be32(8)? as u64, 8);
    cx.s(", Sequence: ");
    cx.u(d.be32(12)? as u64);
    cx.s("\n\t  TimeStamp Sent: ");
    fmt::put_ntp_time(cx.out, d.be32(16)?, d.be32(20)?);
    cx.s("\n\t  TimeStamp Received: ");
    let (rs, rf) = (d.be32(24)?, d.be32(28)?);
    if rs == 0 && rf == 0 {
        cx.s("no timestamp");
    } else {
        fmt::put_ntp_time(cx.out, rs, rf);
    }
    let mut at = HDR;
    let mut tlen = len - HDR;
    while tlen != 0 {
        if tlen < 4 {
            cx.s("\n\t\t packet is too short");
            return Ok(());
        }
        let t = d.be16(at)?;
        let mut l = d.be16(at + 2)? as usize;
        cx.s("\n\t  ");
        cx.s(tlv_name(t));
        cx.s(" TLV (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(l as u64);
        if l == 0 {
            at += 4;
            tlen -= 4;
            continue;
        }
        if tlen < l + 4 {
            cx.s("\n\t\t packet is too short");
            return Ok(());
        }
        let v = at + 4;
        d.range(v, l)?;
        let Some(hexdump) = tlv(cx, d, t, v, l)? else {
            return Ok(());
        };
        if cx.opts.verbose > 1 || hexdump {
            hexdump::hex(cx.out, b"\n\t    ", &d[v..v + l], 0);
        }
        if l % 4 != 0 {
            l += 4 - l % 4;
            if tlen < l + 4 {
                cx.s("\n\t\t packet is too short");
                return Ok(());
            }
        }
        at += l + 4;
        tlen -= l + 4;
    }
    Ok(())
}

fn too_short(cx: &mut Ctx) -> R<Option<bool>> {
    cx.s("\n\t      TLV is too short");
    Ok(Some(true))
}

/// A TLV's value; `true` when it should be dumped in hex, `None` when
/// the packet's decoding ends there.
fn tlv(cx: &mut Ctx, d: &[u8], t: u16, v: usize, l: usize) -> R<Option<bool>> {
    match t {
        1 => {
            let mut p = v;
            let mut left = l;
            while left != 0 {
                if left < 4 {
                    return too_short(cx);
                }
                let st = d.be16(p)?;
                let mut sl = d.be16(p + 2)? as usize;
                if left < sl + 4 {
                    return too_short(cx);
                }
                d.range(p + 4, sl)?;
                cx.s("\n\t    ");
                cx.s(fec_name(st));
                cx.s(" subTLV (");
                cx.u(st as u64);
                cx.s("), length: ");
                cx.u(sl as u64);
                let dump = fec(cx, d, st, p + 4, sl)?;
                if cx.opts.verbose > 1 || dump {
                    hexdump::hex(cx.out, b"\n\t      ", &d[p + 4..p + 4 + sl], 0);
                }
                if sl % 4 != 0 {
                    sl += 4 - sl % 4;
                    if left < sl + 4 {
                        cx.s("\n\t\t TLV is too short");
                        return Ok(None);
                    }
                }
                // The snapshot moves past the value only, not the
                // subTLV header, while counting both.
                p += sl;
                left -= sl + 4;
            }
            Ok(Some(false))
        }
        2 => {
            if l < 4 {
                return too_short(cx);
            }
            let at = d.u8_at(v + 2)?;
            cx.s("\n\t    MTU: ");
            cx.u(d.be16(v)? as u64);
            cx.s(", Address-Type: ");
            cx.s(match at {
                1 => "IPv4",
                2 => "Unnumbered IPv4",
                3 | 4 => "IPv6",
                _ => "unknown",
            });
            cx.s(" (");
            cx.u(at as u64);
            cx.b(b')');
            let used = match at {
                1 | 2 => 12,
                3 => 36,
                4 => 24,
                _ => 0,
            };
            if used > 0 {
                if l < used {
                    return too_short(cx);
                }
                d.range(v, used)?;
                let alen = if at <= 2 { 4 } else { 16 };
                cx.s("\n\t    Downstream IP: ");
                let a = d.range(v + 4, alen)?;
                if alen == 4 {
                    cx.ipv4(a);
                } else {
                    cx.ipv6(a);
                }
                if at == 1 || at == 3 {
                    cx.s("\n\t    Downstream Interface IP: ");
                    let b = d.range(v + 4 + alen, alen)?;
                    if alen == 4 {
                        cx.ipv4(b);
                    } else {
                        cx.ipv6(b);
                    }
                } else {
                    cx.s("\n\t    Downstream Interface Index: 0x");
                    fmt::put_hex_padded(cx.out, d.be32(v + 4 + alen)? as u64, 8);
                }
            }
            if l - used < 4 {
                return too_short(cx);
            }
            d.range(v + used, 4)?;
            Ok(Some(true))
        }
        15 => {
            if l < 4 {
                return too_short(cx);
            }
            cx.s("\n\t    BFD Discriminator 0x");
            fmt::put_hex_padded(cx.out, d.be32(v)? as u64, 8);
            Ok(Some(false))
        }
        5 => {
            if l < 4 {
                return too_short(cx);
            }
            let id = d.be32(v)?;
            cx.s("\n\t    Vendor: ");
            cx.s(tables::lookup(tables::SMI_ENTERPRISES, id).unwrap_or("Unknown"));
            cx.s(" (0x");
            fmt::put_hex_padded(cx.out, id as u64, 4);
            cx.b(b')');
            Ok(Some(false))
        }
        _ => {
            if cx.opts.verbose <= 1 {
                hexdump::hex(cx.out, b"\n\t    ", &d[v..v + l], 0);
            }
            Ok(Some(false))
        }
    }
}

fn should_be(cx: &mut Ctx, n: u64) -> R<bool> {
    cx.s("\n\t      invalid subTLV length, should be ");
    cx.u(n);
    Ok(true)
}

/// A route distinguisher (RFC 4364) as tcpdump shows it.
fn rd(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let b = d.range(at, 8)?;
    match u16::from_be_bytes([b[0], b[1]]) {
        0 => {
            cx.u(u16::from_be_bytes([b[2], b[3]]) as u64);
            cx.b(b':');
            cx.u(u32::from_be_bytes([b[4], b[5], b[6], b[7]]) as u64);
            cx.s(" (= ");
            fmt::put_ipv4(cx.out, &b[4..8]);
            cx.b(b')');
        }
        1 => {
            fmt::put_ipv4(cx.out, &b[2..6]);
            cx.b(b':');
            cx.u(u16::from_be_bytes([b[6], b[7]]) as u64);
        }
        2 => {
            let asn = u32::from_be_bytes([b[2], b[3], b[4], b[5]]);
            let n = u16::from_be_bytes([b[6], b[7]]);
            if asn > 0xffff {
                cx.u((asn >> 16) as u64);
                cx.b(b'.');
                cx.u((asn & 0xffff) as u64);
            } else {
                cx.u(asn as u64);
            }
            cx.b(b':');
            cx.u(n as u64);
            cx.s(" (");
            fmt::put_ipv4(cx.out, &b[2..6]);
            cx.b(b':');
            cx.u(n as u64);
            cx.b(b')');
        }
        _ => cx.s("unknown RD format"),
    }
    Ok(())
}

fn addr(cx: &mut Ctx, d: &[u8], at: usize, v6: bool) -> R {
    if v6 {
        let a = d.range(at, 16)?;
        cx.ipv6(a);
    } else {
        let a = d.range(at, 4)?;
        cx.ipv4(a);
    }
    Ok(())
}

/// A target FEC subTLV; `true` when it should be dumped in hex.
fn fec(cx: &mut Ctx, d: &[u8], t: u16, p: usize, l: usize) -> R<bool> {
    match t {
        1 | 2 | 13 | 14 => {
            let v6 = t == 2 || t == 14;
            let need = if v6 { 17 } else { 5 };
            if l != need {
                return should_be(cx, need as u64);
            }
            let alen = if v6 { 16 } else { 4 };
            cx.s("\n\t      ");
            addr(cx, d, p, v6)?;
            cx.b(b'/');
            cx.u(d.u8_at(p + alen)? as u64);
        }
        3 | 4 => {
            let v6 = t == 4;
            let need = if v6 { 56 } else { 20 };
            if l != need {
                return should_be(cx, need as u64);
            }
            let a = if v6 { 16 } else { 4 };
            cx.s("\n\t      tunnel end-point ");
            addr(cx, d, p, v6)?;
            cx.s(", tunnel sender ");
            addr(cx, d, p + 2 * a + 4, v6)?;
            cx.s(", lsp-id 0x");
            fmt::put_hex_padded(cx.out, d.be16(p + 3 * a + 6)? as u64, 4);
            cx.s("\n\t      tunnel-id 0x");
            fmt::put_hex_padded(cx.out, d.be16(p + a + 2)? as u64, 4);
            cx.s(", extended tunnel-id ");
            addr(cx, d, p + a + 4, v6)?;
        }
        6 | 7 => {
            let v6 = t == 7;
            let need = if v6 { 25 } else { 13 };
            if l != need {
                return should_be(cx, need as u64);
            }
            cx.s("\n\t      RD: ");
            rd(cx, d, p)?;
            cx.s(", ");
            addr(cx, d, p + 8, v6)?;
            cx.b(b'/');
            cx.u(d.u8_at(p + 8 + if v6 { 16 } else { 4 })? as u64);
        }
        8 => {
            if l != 14 {
                return should_be(cx, 14);
            }
            cx.s("\n\t      RD: ");
            rd(cx, d, p)?;
            cx.s(", Sender VE ID: ");
            cx.u(d.be16(p + 8)? as u64);
            cx.s(", Receiver VE ID: ");
            cx.u(d.be16(p + 10)? as u64);
            let enc = d.be16(p + 12)?;
            cx.s("\n\t      Encapsulation Type: ");
            cx.s(pw_type(enc));
            cx.s(" (");
            cx.u(enc as u64);
            cx.b(b')');
        }
        9 => {
            if l != 10 {
                return should_be(cx, 10);
            }
            cx.s("\n\t      Remote PE: ");
            addr(cx, d, p, false)?;
            pw_id(cx, d, p + 4)?;
        }
        10 => {
            if l != 14 {
                return should_be(cx, 14);
            }
            cx.s("\n\t      Sender PE: ");
            addr(cx, d, p, false)?;
            cx.s(", Remote PE: ");
            addr(cx, d, p + 4, false)?;
            pw_id(cx, d, p + 8)?;
        }
        _ => return Ok(true),
    }
    Ok(false)
}

fn pw_id(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    cx.s("\n\t      PW ID: 0x");
    fmt::put_hex_padded(cx.out, d.be32(at)? as u64, 8);
    let t = d.be16(at + 4)?;
    cx.s(", PW Type: ");
    cx.s(pw_type(t));
    cx.s(" (");
    cx.u(t as u64);
    cx.b(b')');
    Ok(())
}
