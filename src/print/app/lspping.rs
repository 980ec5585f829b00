//! MPLS LSP ping (RFC 8029) on UDP port 3503: the summary, and with `-v`
//! the header, the target FEC stack, downstream mapping and other TLVs.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const HEADER: usize = 32;

static MSG_TYPES: &[(u8, &str)] = &[(1, "MPLS Echo Request"), (2, "MPLS Echo Reply")];

static REPLY_MODES: &[(u8, &str)] = &[
    (1, "Do not reply"),
    (2, "Reply via an IPv4/IPv6 UDP packet"),
    (3, "Reply via an IPv4/IPv6 UDP packet with Router Alert"),
    (4, "Reply via application level control channel"),
];

static RETURN_CODES: &[(u8, &str)] = &[
    (
        0,
        "No return code or return code contained in the Error Code TLV",
    ),
    (1, "Malformed echo request received"),
    (2, "One or more of the TLVs was not understood"),
    (3, "Replying router is an egress for the FEC at stack depth"),
    (
        4,
        "Replying router has no mapping for the FEC at stack depth",
    ),
    (5, "Reserved"),
    (6, "Reserved"),
    (7, "Reserved"),
    (8, "Label switched at stack-depth"),
    (9, "Label switched but no MPLS forwarding at stack-depth"),
    (
        10,
        "Mapping for this FEC is not the given label at stack depth",
    ),
    (11, "No label entry at stack-depth"),
    (
        12,
        "Protocol not associated with interface at FEC stack depth",
    ),
    (
        13,
        "Premature termination of ping due to label stack shrinking to a single label",
    ),
];

static TLVS: &[(u16, &str)] = &[
    (1, "Target FEC Stack"),
    (2, "Downstream Mapping"),
    (3, "Pad"),
    (5, "Vendor Enterprise Code"),
    (7, "Interface Label Stack"),
    (9, "Error Code"),
    (10, "Reply TOS Byte"),
    (15, "BFD Discriminator"),
    (0xfc00, "Vendor Private Code"),
];

static FEC_SUBTLVS: &[(u16, &str)] = &[
    (1, "LDP IPv4 prefix"),
    (2, "LDP IPv6 prefix"),
    (3, "RSVP IPv4 Session Query"),
    (4, "RSVP IPv6 Session Query"),
    (5, "Reserved"),
    (6, "VPN IPv4 prefix"),
    (7, "VPN IPv6 prefix"),
    (8, "L2 VPN endpoint"),
    (9, "FEC 128 pseudowire (old)"),
    (10, "FEC 128 pseudowire"),
    (12, "BGP labeled IPv4 prefix"),
    (13, "BGP labeled IPv6 prefix"),
];

static DOWNSTREAM_ADDRS: &[(u8, &str)] = &[
    (1, "IPv4"),
    (2, "Unnumbered IPv4"),
    (3, "IPv6"),
    (4, "IPv6"),
];

/// Pseudowire types (RFC 4446).
static PW_TYPES: &[(u16, &str)] = &[
    (0x0000, "Reserved"),
    (0x0001, "Frame Relay DLCI (Martini Mode)"),
    (0x0002, "ATM AAL5 SDU VCC transport"),
    (0x0003, "ATM transparent cell transport"),
    (0x0004, "Ethernet VLAN"),
    (0x0005, "Ethernet"),
    (0x0006, "Cisco-HDLC"),
    (0x0007, "PPP"),
    (0x0008, "SONET/SDH Circuit Emulation Service over MPLS"),
    (0x0009, "ATM n-to-one VCC cell transport"),
    (0x000a, "ATM n-to-one VPC cell transport"),
    (0x000b, "IP Layer2 Transport"),
    (0x000c, "ATM one-to-one VCC Cell Mode"),
    (0x000d, "ATM one-to-one VPC Cell Mode"),
    (0x000e, "ATM AAL5 PDU VCC transport"),
    (0x000f, "Frame-Relay Port mode"),
    (0x0010, "SONET/SDH Circuit Emulation over Packet"),
    (0x0011, "Structure-agnostic E1 over Packet"),
    (0x0012, "Structure-agnostic T1 (DS1) over Packet"),
    (0x0013, "Structure-agnostic E3 over Packet"),
    (0x0014, "Structure-agnostic T3 (DS3) over Packet"),
    (0x0015, "CESoPSN basic mode"),
    (0x0016, "TDMoIP basic mode"),
    (0x0017, "CESoPSN TDM with CAS"),
    (0x0018, "TDMoIP TDM with CAS"),
    (0x0019, "Frame Relay DLCI"),
    (0x0040, "IP-interworking"),
];

fn name<T: Ord + Copy>(cx: &mut Ctx, table: &[(T, &'static str)], v: T, other: &str) {
    cx.s(tables::lookup(table, v).unwrap_or(other));
}

/// A route distinguisher (RFC 4364 section 4.2).
fn rd(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let b = |i: usize| -> R<u64> { Ok(d.u8_at(at + i)? as u64) };
    match d.be16(at)? {
        0 => {
            let (asn, n) = (d.be16(at + 2)?, d.be32(at + 4)?);
            let (a, b2, c, e) = (b(4)?, b(5)?, b(6)?, b(7)?);
            cx.u(asn as u64);
            cx.b(b':');
            cx.u(n as u64);
            cx.s(" (= ");
            for (i, v) in [a, b2, c, e].into_iter().enumerate() {
                if i > 0 {
                    cx.b(b'.');
                }
                cx.u(v);
            }
            cx.b(b')');
        }
        1 => {
            let n = d.be16(at + 6)?;
            for i in 0..4 {
                if i > 0 {
                    cx.b(b'.');
                }
                cx.u(b(2 + i)?);
            }
            cx.b(b':');
            cx.u(n as u64);
        }
        2 => {
            let asn = d.be32(at + 2)?;
            let n = d.be16(at + 6)?;
            if !cx.opts.bgp_asdot || asn <= 0xffff {
                cx.u(asn as u64);
            } else {
                cx.u((asn >> 16) as u64);
                cx.b(b'.');
                cx.u((asn & 0xffff) as u64);
            }
            cx.b(b':');
            cx.u(n as u64);
            cx.s(" (");
            for i in 0..4 {
                if i > 0 {
                    cx.b(b'.');
                }
                cx.u(b(2 + i)?);
            }
            cx.b(b':');
            cx.u(n as u64);
            cx.b(b')');
        }
        _ => cx.s("unknown RD format"),
    }
    Ok(())
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "lspping";
    let d = p.captured;
    let len = p.length;
    if len < HEADER {
        cx.s("\n\t\t packet is too short");
        return Ok(true);
    }
    d.range(0, HEADER)?;
    let version = d.be16(0)?;
    if version != 1 {
        cx.s("LSP-PING version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(true);
    }
    let msg_type = d.u8_at(4)?;
    if cx.opts.verbose < 1 {
        let seq = d.be32(12)?;
        cx.s("LSP-PINGv1, ");
        match tables::lookup(MSG_TYPES, msg_type) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown (");
                cx.u(msg_type as u64);
                cx.b(b')');
            }
        }
        cx.s(", seq ");
        cx.u(seq as u64);
        cx.s(", length: ");
        cx.u(len as u64);
        return Ok(true);
    }
    let mode = d.u8_at(5)?;
    cx.s("\n\tLSP-PINGv1, msg-type: ");
    name(cx, MSG_TYPES, msg_type, "unknown");
    cx.s(" (");
    cx.u(msg_type as u64);
    cx.s("), length: ");
    cx.u(len as u64);
    cx.s("\n\t  reply-mode: ");
    name(cx, REPLY_MODES, mode, "unknown");
    cx.s(" (");
    cx.u(mode as u64);
    cx.b(b')');
    let (code, sub) = (d.u8_at(6)?, d.u8_at(7)?);
    cx.s("\n\t  Return Code: ");
    name(cx, RETURN_CODES, code, "unknown");
    if matches!(code, 3 | 4 | 8 | 10 | 11 | 12) {
        cx.b(b' ');
        cx.u(sub as u64);
    }
    cx.s(" (");
    cx.u(code as u64);
    cx.s(")\n\t  Return Subcode: (");
    cx.u(sub as u64);
    cx.b(b')');
    let (handle, seq) = (d.be32(8)?, d.be32(12)?);
    cx.s("\n\t  Sender Handle: 0x");
    fmt::put_hex_padded(cx.out, handle as u64, 8);
    cx.s(", Sequence: ");
    cx.u(seq as u64);
    cx.s("\n\t  TimeStamp Sent: ");
    fmt::put_ntp_time(cx.out, d.be32(16)?, d.be32(20)?);
    let (ri, rf) = (d.be32(24)?, d.be32(28)?);
    cx.s("\n\t  TimeStamp Received: ");
    if ri == 0 && rf == 0 {
        cx.s("no timestamp");
    } else {
        fmt::put_ntp_time(cx.out, ri, rf);
    }
    let mut at = HEADER;
    let mut left = len - HEADER;
    while left != 0 {
        if left < 4 {
            cx.s("\n\t\t packet is too short");
            return Ok(true);
        }
        let t = d.be16(at)?;
        let mut tlen = d.be16(at + 2)? as usize;
        cx.s("\n\t  ");
        name(cx, TLVS, t, "Unknown");
        cx.s(" TLV (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(tlen as u64);
        if tlen == 0 {
            at += 4;
            left -= 4;
            continue;
        }
        if left < tlen + 4 {
            cx.s("\n\t\t packet is too short");
            return Ok(true);
        }
        d.range(at + 4, tlen)?;
        let hexdump = match tlv(cx, d, at + 4, tlen, t)? {
            Some(h) => h,
            // A sub-TLV with its padding overran the TLV.
            None => return Ok(true),
        };
        if cx.opts.verbose > 1 || hexdump {
            unknown_data(cx, &d[at + 4..], "\n\t    ", tlen);
        }
        if tlen % 4 != 0 {
            tlen += 4 - tlen % 4;
            if left < tlen + 4 {
                cx.s("\n\t\t packet is too short");
                return Ok(true);
            }
        }
        at += tlen + 4;
        left -= tlen + 4;
    }
    Ok(true)
}

/// The value of a TLV; whether to dump it in hex after, `None` to stop.
fn tlv(cx: &mut Ctx, d: &[u8], at: usize, len: usize, t: u16) -> R<Option<bool>> {
    let short = |cx: &mut Ctx| {
        cx.s("\n\t      TLV is too short");
        Ok(Some(true))
    };
    match t {
        1 => return fec_stack(cx, d, at, len),
        2 => {
            if len < 4 {
                return short(cx);
            }
            d.range(at, 4)?;
            let mtu = d.be16(at)?;
            let atype = d.u8_at(at + 2)?;
            cx.s("\n\t    MTU: ");
            cx.u(mtu as u64);
            cx.s(", Address-Type: ");
            name(cx, DOWNSTREAM_ADDRS, atype, "unknown");
            cx.s(" (");
            cx.u(atype as u64);
            cx.b(b')');
            let size = match atype {
                1 | 2 => 12,
                3 => 36,
                4 => 24,
                _ => 0,
            };
            let mut left = len;
            let mut p = at;
            if size > 0 {
                if left < size {
                    return short(cx);
                }
                d.range(p, size)?;
                let v6 = atype >= 3;
                let alen = if v6 { 16 } else { 4 };
                let ip = d.range(p + 4, alen)?;
                cx.s("\n\t    Downstream IP: ");
                if v6 {
                    cx.ipv6(ip);
                } else {
                    cx.ipv4(ip);
                }
                if atype == 2 || atype == 4 {
                    let idx = d.be32(p + 4 + alen)?;
                    cx.s("\n\t    Downstream Interface Index: 0x");
                    fmt::put_hex_padded(cx.out, idx as u64, 8);
                } else {
                    let ifip = d.range(p + 4 + alen, alen)?;
                    cx.s("\n\t    Downstream Interface IP: ");
                    if v6 {
                        cx.ipv6(ifip);
                    } else {
                        cx.ipv4(ifip);
                    }
                }
                p += size;
                left -= size;
            }
            if left < 4 {
                return short(cx);
            }
            d.range(p, 4)?;
            return Ok(Some(true));
        }
        15 => {
            if len < 4 {
                return short(cx);
            }
            let v = d.be32(at)?;
            cx.s("\n\t    BFD Discriminator 0x");
            fmt::put_hex_padded(cx.out, v as u64, 8);
        }
        5 => {
            if len < 4 {
                return short(cx);
            }
            let v = d.be32(at)?;
            cx.s("\n\t    Vendor: ");
            name(cx, tables::SMI_ENTERPRISES, v, "Unknown");
            cx.s(" (0x");
            fmt::put_hex_padded(cx.out, v as u64, 4);
            cx.b(b')');
        }
        _ => {
            if cx.opts.verbose <= 1 {
                unknown_data(cx, &d[at..], "\n\t    ", len);
            }
        }
    }
    Ok(Some(false))
}

/// The sub-TLVs of a target FEC stack TLV.
fn fec_stack(cx: &mut Ctx, d: &[u8], mut at: usize, mut left: usize) -> R<Option<bool>> {
    while left != 0 {
        if left < 4 {
            cx.s("\n\t      TLV is too short");
            return Ok(Some(true));
        }
        let t = d.be16(at)?;
        let mut slen = d.be16(at + 2)? as usize;
        let p = at + 4;
        if left < slen + 4 {
            cx.s("\n\t      TLV is too short");
            return Ok(Some(true));
        }
        d.range(p, slen)?;
        cx.s("\n\t    ");
        name(cx, FEC_SUBTLVS, t, "Unknown");
        cx.s(" subTLV (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(slen as u64);
        let want = match t {
            1 | 12 => 5,
            2 | 13 => 17,
            3 => 20,
            4 => 56,
            6 => 13,
            7 => 25,
            8 | 10 => 14,
            9 => 10,
            _ => 0,
        };
        let mut hexdump = want == 0;
        if want != 0 && slen != want {
            cx.s("\n\t      invalid subTLV length, should be ");
            cx.u(want as u64);
            hexdump = true;
        } else if want != 0 {
            subtlv(cx, d, p, t)?;
        }
        if cx.opts.verbose > 1 || hexdump {
            unknown_data(cx, &d[p..], "\n\t      ", slen);
        }
        if slen % 4 != 0 {
            slen += 4 - slen % 4;
            if left < slen + 4 {
                cx.s("\n\t\t TLV is too short");
                return Ok(None);
            }
        }
        // tcpdump moves on by the padded value length only (not the
        // 4-byte header), while counting the header as used.
        at += slen;
        left -= slen + 4;
    }
    Ok(Some(false))
}

fn prefix(cx: &mut Ctx, d: &[u8], p: usize, v6: bool) -> R {
    let alen = if v6 { 16 } else { 4 };
    let a = d.range(p, alen)?;
    let plen = d.u8_at(p + alen)?;
    if v6 {
        cx.ipv6(a);
    } else {
        cx.ipv4(a);
    }
    cx.b(b'/');
    cx.u(plen as u64);
    Ok(())
}

fn pw_type(cx: &mut Ctx, t: u16) {
    name(cx, PW_TYPES, t, "unknown");
    cx.s(" (");
    cx.u(t as u64);
    cx.b(b')');
}

/// A target FEC sub-TLV of the right length.
fn subtlv(cx: &mut Ctx, d: &[u8], p: usize, t: u16) -> R {
    match t {
        1 | 12 | 2 | 13 => {
            cx.s("\n\t      ");
            prefix(cx, d, p, t == 2 || t == 13)?;
        }
        3 | 4 => {
            let v6 = t == 4;
            let a = if v6 { 16 } else { 4 };
            let endpoint = d.range(p, a)?;
            let tunnel_id = d.be16(p + a + 2)?;
            let ext = d.range(p + a + 4, a)?;
            let sender = d.range(p + 2 * a + 4, a)?;
            let lsp_id = d.be16(p + 3 * a + 6)?;
            let ip = |cx: &mut Ctx, x: &[u8]| {
                if v6 {
                    cx.ipv6(x)
                } else {
                    cx.ipv4(x)
                }
            };
            cx.s("\n\t      tunnel end-point ");
            ip(cx, endpoint);
            cx.s(", tunnel sender ");
            ip(cx, sender);
            cx.s(", lsp-id 0x");
            fmt::put_hex_padded(cx.out, lsp_id as u64, 4);
            cx.s("\n\t      tunnel-id 0x");
            fmt::put_hex_padded(cx.out, tunnel_id as u64, 4);
            cx.s(", extended tunnel-id ");
            ip(cx, ext);
        }
        6 | 7 => {
            cx.s("\n\t      RD: ");
            rd(cx, d, p)?;
            cx.s(", ");
            prefix(cx, d, p + 8, t == 7)?;
        }
        8 => {
            let (s, r, e) = (d.be16(p + 8)?, d.be16(p + 10)?, d.be16(p + 12)?);
            cx.s("\n\t      RD: ");
            rd(cx, d, p)?;
            cx.s(", Sender VE ID: ");
            cx.u(s as u64);
            cx.s(", Receiver VE ID: ");
            cx.u(r as u64);
            cx.s("\n\t      Encapsulation Type: ");
            pw_type(cx, e);
        }
        9 => {
            let remote = d.range(p, 4)?;
            let (id, pt) = (d.be32(p + 4)?, d.be16(p + 8)?);
            cx.s("\n\t      Remote PE: ");
            cx.ipv4(remote);
            cx.s("\n\t      PW ID: 0x");
            fmt::put_hex_padded(cx.out, id as u64, 8);
            cx.s(", PW Type: ");
            pw_type(cx, pt);
        }
        _ => {
            let sender = d.range(p, 4)?;
            let remote = d.range(p + 4, 4)?;
            let (id, pt) = (d.be32(p + 8)?, d.be16(p + 12)?);
            cx.s("\n\t      Sender PE: ");
            cx.ipv4(sender);
            cx.s(", Remote PE: ");
            cx.ipv4(remote);
            cx.s("\n\t      PW ID: 0x");
            fmt::put_hex_padded(cx.out, id as u64, 8);
            cx.s(", PW Type: ");
            pw_type(cx, pt);
        }
    }
    Ok(())
}
