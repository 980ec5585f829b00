//! Cisco VLAN Trunking Protocol (SNAP OUI Cisco, protocol id 0x2003): the
//! message header line and, with -v, the domain and the message body
//! (summary, subset with its VLAN infos and their TLVs, request).

use crate::print::core::prelude::*;

static MESSAGES: &[(u8, &str)] = &[
    (1, "Summary advertisement"),
    (2, "Subset advertisement"),
    (3, "Advertisement request"),
    (4, "Join message"),
];

/// What the third header byte is in each message.
static THIRD_BYTE: &[(u8, &str)] = &[
    (1, "Followers"),
    (2, "Seq number"),
    (3, "Rsvd"),
    (4, "Rsvd"),
];

static VLAN_STATUS: &[(u8, &str)] = &[(0, "Operational"), (1, "Suspended")];

static VLAN_TYPES: &[(u8, &str)] = &[
    (1, "Ethernet"),
    (2, "FDDI"),
    (3, "TrCRF"),
    (4, "FDDI-net"),
    (5, "TrBRF"),
];

static VLAN_TLVS: &[(u8, &str)] = &[
    (1, "Source-Routing Ring Number TLV"),
    (2, "Source-Routing Bridge Number TLV"),
    (3, "STP type TLV"),
    (4, "Parent VLAN TLV"),
    (5, "Translationally bridged VLANs TLV"),
    (6, "Pruning TLV"),
    (7, "Bridge Type TLV"),
    (8, "Max ARP Hop Count TLV"),
    (9, "Max STE Hop Count TLV"),
    (10, "Backup CRF Mode TLV"),
];

/// TLVs whose value names one thing when 1 and another otherwise.
static TWO_WAY: &[(u8, &str, &str)] = &[
    (6, "Enabled", "Disabled"),
    (7, "SRB", "SRT"),
    (10, "Backup", "Not backup"),
];

static STP_TYPES: &[(u16, &str)] = &[(1, "SRT"), (2, "SRB"), (3, "Auto")];

/// Header: version, code, third byte, domain name length, 32-byte name.
const HEADER: usize = 36;
/// A VLAN info before its name.
const VLAN_FIXED: usize = 12;

/// Characters up to a NUL or `n`, each read (tcpdump's `nd_printjnp`).
fn name(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        let c = d.u8_at(at + i)?;
        if c == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, c);
    }
    Ok(())
}

pub fn vtp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "vtp";
    cx.s("VTP");
    if length < HEADER {
        cx.bad_len("length", length as u64, "<", HEADER as u64);
        return invalid_whole(cx, d, length);
    }
    // The common header is checked whole first.
    if !d.has(0, HEADER) {
        return Err(Trunc);
    }
    let version = d.u8_at(0)?;
    if version < 1 {
        cx.bad_len("version", version as u64, "<", 1);
        return invalid_whole(cx, d, length);
    }
    if version > 3 {
        cx.bad_len("version", version as u64, ">", 3);
        return invalid_whole(cx, d, length);
    }
    let t = d.u8_at(1)?;
    cx.s("v");
    cx.u(version as u64);
    cx.s(", Message ");
    cx.s(tables::lookup(MESSAGES, t).unwrap_or("Unknown message type"));
    cx.s(" (0x");
    fmt::put_hex2(cx.out, t);
    cx.s("), length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        // The rest of the message is checked whole.
        if d.len() < length {
            return Err(Trunc);
        }
        return Ok(true);
    }
    cx.s("\n\tDomain name: ");
    let dlen = d.u8_at(3)? as usize;
    if !(1..=32).contains(&dlen) {
        cx.s(" [MgmtD Len ");
        cx.u(dlen as u64);
        cx.b(b']');
        return invalid_whole(cx, d, length);
    }
    name(cx, d, 4, dlen)?;
    let third = d.u8_at(2)?;
    cx.s(", ");
    cx.s(tables::lookup(THIRD_BYTE, t).unwrap_or("Unknown"));
    cx.s(": ");
    cx.u(third as u64);
    match t {
        1 => summary(cx, d)?,
        2 => {
            let rev = d.be32(HEADER)?;
            cx.s(", Config Rev ");
            fmt::put_hex(cx.out, rev as u64);
            if !vlan_infos(cx, d, length)? {
                return invalid_whole(cx, d, length);
            }
        }
        3 => {
            let start = d.be32(HEADER)?;
            cx.s("\n\tStart value: ");
            cx.u(start as u64);
        }
        _ => {}
    }
    Ok(true)
}

/// ` (invalid)`, then the whole message must have been captured.
fn invalid_whole(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.s(" (invalid)");
    if d.len() < length {
        return Err(Trunc);
    }
    Ok(true)
}

/// A summary advertisement: revision, updater, time stamp, MD5 digest,
/// each group read whole before it is shown.
fn summary(cx: &mut Ctx, d: &[u8]) -> R {
    let rev = d.be32(HEADER)?;
    let updater = d.range(HEADER + 4, 4)?;
    cx.s("\n\t  Config Rev ");
    fmt::put_hex(cx.out, rev as u64);
    cx.s(", Updater ");
    cx.ipv4(updater);
    let ts = d.range(HEADER + 8, 12)?;
    cx.s(", Timestamp");
    for w in ts.chunks(4) {
        cx.s(" 0x");
        fmt::put_hex_padded(
            cx.out,
            u32::from_be_bytes([w[0], w[1], w[2], w[3]]) as u64,
            8,
        );
    }
    let md5 = d.range(HEADER + 20, 16)?;
    cx.s(", MD5 digest: ");
    for &b in md5 {
        fmt::put_hex2(cx.out, b);
    }
    Ok(())
}

/// The VLAN infos of a subset advertisement; false where one is invalid.
fn vlan_infos(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    let mut at = HEADER + 4;
    while at < length {
        let mut len = d.u8_at(at)? as usize;
        if len == 0 {
            break;
        }
        d.range(at, len)?;
        if len < VLAN_FIXED {
            return Ok(false);
        }
        let status = d.u8_at(at + 1)?;
        let vtype = d.u8_at(at + 2)?;
        let id = d.be16(at + 4)?;
        let mtu = d.be16(at + 6)?;
        let said = d.be32(at + 8)?;
        cx.s("\n\tVLAN info status ");
        cx.s(tables::lookup(VLAN_STATUS, status).unwrap_or("Unknown"));
        cx.s(", type ");
        cx.s(tables::lookup(VLAN_TYPES, vtype).unwrap_or("Unknown"));
        cx.s(", VLAN-id ");
        cx.u(id as u64);
        cx.s(", MTU ");
        cx.u(mtu as u64);
        cx.s(", SAID 0x");
        fmt::put_hex_padded(cx.out, said as u64, 8);
        cx.s(", Name ");
        let nlen = d.u8_at(at + 3)? as usize;
        len -= VLAN_FIXED;
        at += VLAN_FIXED;
        // Names are padded to 32-bit words.
        let padded = nlen.div_ceil(4) * 4;
        if len < padded {
            return Ok(false);
        }
        name(cx, d, at, nlen)?;
        len -= padded;
        at += padded;
        // TLVs of a one-byte type and a length in 16-bit words.
        while len != 0 {
            if len < 2 {
                return Ok(false);
            }
            let tt = d.u8_at(at)?;
            let tl = d.u8_at(at + 1)? as usize;
            cx.s("\n\t\t");
            cx.s(tables::lookup(VLAN_TLVS, tt).unwrap_or("Unknown"));
            cx.s(" (0x");
            fmt::put_hex_padded(cx.out, tt as u64, 4);
            cx.s(") TLV");
            let size = 2 + tl * 2;
            if len < size {
                cx.s(" (TLV goes past the end of the packet)");
                return Ok(false);
            }
            d.range(at, size)?;
            if tl != 1 {
                cx.s(" [TLV length ");
                cx.u(tl as u64);
                cx.s(" != 1]");
                return Ok(false);
            }
            let v = d.be16(at + 2)?;
            match tt {
                9 => {
                    cx.s(", ");
                    cx.u(v as u64);
                }
                3 => {
                    cx.s(", ");
                    cx.s(tables::lookup(STP_TYPES, v).unwrap_or("Unknown"));
                    named_value(cx, v);
                }
                _ => match TWO_WAY.iter().find(|e| e.0 == tt) {
                    Some(&(_, one, other)) => {
                        cx.s(", ");
                        cx.s(if v == 1 { one } else { other });
                        named_value(cx, v);
                    }
                    None => unknown_data(cx, &d[at..], "\n\t\t  ", size),
                },
            }
            len -= size;
            at += size;
        }
    }
    Ok(true)
}

/// ` (N)` after a value's name.
fn named_value(cx: &mut Ctx, v: u16) {
    cx.s(" (");
    cx.u(v as u64);
    cx.b(b')');
}
