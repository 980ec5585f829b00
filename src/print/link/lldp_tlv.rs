//! LLDP TLVs with `-v` (IEEE 802.1AB; IEEE 802.1 and 802.3 organization
//! specific TLVs; the TIA, IANA and DCBX ones are in `lldp_org`).

use crate::print::core::prelude::*;

static TLV_NAMES: &[(u8, &str)] = &[
    (0, "End"),
    (1, "Chassis ID"),
    (2, "Port ID"),
    (3, "Time to Live"),
    (4, "Port Description"),
    (5, "System Name"),
    (6, "System Description"),
    (7, "System Capabilities"),
    (8, "Management Address"),
    (127, "Organization specific"),
];

static CHASSIS_SUBTYPES: &[(u8, &str)] = &[
    (1, "Chassis component"),
    (2, "Interface alias"),
    (3, "Port component"),
    (4, "MAC address"),
    (5, "Network address"),
    (6, "Interface name"),
    (7, "Local"),
];

static PORT_SUBTYPES: &[(u8, &str)] = &[
    (1, "Interface alias"),
    (2, "Port component"),
    (3, "MAC address"),
    (4, "Network Address"),
    (5, "Interface Name"),
    (6, "Agent circuit ID"),
    (7, "Local"),
];

static CAPABILITIES: &[(u32, &str)] = &[
    (0x0001, "Other"),
    (0x0002, "Repeater"),
    (0x0004, "Bridge"),
    (0x0008, "WLAN AP"),
    (0x0010, "Router"),
    (0x0020, "Telephone"),
    (0x0040, "Docsis"),
    (0x0080, "Station Only"),
];

static PMD_BITS: &[(u32, &str)] = &[
    (0x4000, "10BASE-T hdx"),
    (0x2000, "10BASE-T fdx"),
    (0x1000, "100BASE-T4"),
    (0x0800, "100BASE-TX hdx"),
    (0x0400, "100BASE-TX fdx"),
    (0x0200, "100BASE-T2 hdx"),
    (0x0100, "100BASE-T2 fdx"),
    (0x0080, "Pause for fdx links"),
    (0x0040, "Asym PAUSE for fdx"),
    (0x0020, "Sym PAUSE for fdx"),
    (0x0010, "Asym and Sym PAUSE for fdx"),
    (0x0008, "1000BASE-{X LX SX CX} hdx"),
    (0x0004, "1000BASE-{X LX SX CX} fdx"),
    (0x0002, "1000BASE-T hdx"),
    (0x0001, "1000BASE-T fdx"),
];

static MAU_TYPES: &[(u16, &str)] = &[
    (0x0000, "Unknown"),
    (0x0001, "AUI"),
    (0x0002, "10BASE_5"),
    (0x0003, "FOIRL"),
    (0x0004, "10BASE2"),
    (0x0005, "10BASET duplex mode unknown"),
    (0x0006, "10BASEFP"),
    (0x0007, "10BASEFB"),
    (0x0008, "10BASEFL duplex mode unknown"),
    (0x0009, "10BROAD36"),
    (0x000a, "10BASET hdx"),
    (0x000b, "10BASET fdx"),
    (0x000c, "10BASEFL hdx"),
    (0x000d, "10BASEFL fdx"),
    (0x000e, "100BASET4"),
    (0x000f, "100BASETX hdx"),
    (0x0010, "100BASETX fdx"),
    (0x0011, "100BASEFX hdx"),
    (0x0012, "100BASEFX fdx"),
    (0x0013, "100BASET2 hdx"),
    (0x0014, "100BASET2 fdx"),
    (0x0015, "1000BASEX hdx"),
    (0x0016, "1000BASEX fdx"),
    (0x0017, "1000BASELX hdx"),
    (0x0018, "1000BASELX fdx"),
    (0x0019, "1000BASESX hdx"),
    (0x001a, "1000BASESX fdx"),
    (0x001b, "1000BASECX hdx"),
    (0x001c, "1000BASECX fdx"),
    (0x001d, "1000BASET hdx"),
    (0x001e, "1000BASET fdx"),
    (0x001f, "10GBASEX"),
    (0x0020, "10GBASELX4"),
    (0x0021, "10GBASER"),
    (0x0022, "10GBASEER"),
    (0x0023, "10GBASELR"),
    (0x0024, "10GBASESR"),
    (0x0025, "10GBASEW"),
    (0x0026, "10GBASEEW"),
    (0x0027, "10GBASELW"),
    (0x0028, "10GBASESW"),
];

/// A string: up to its first NUL.
fn text(cx: &mut Ctx, b: &[u8]) {
    for &c in b.iter().take_while(|&&c| c != 0) {
        fmt::put_safe_char(cx.out, c);
    }
}

/// A network address (its family, then the address): the families with
/// a printer need their address in full, else the packet is cut here.
fn network_addr(cx: &mut Ctx, a: &[u8]) -> R {
    let afi = a.u8_at(0)?;
    let addr = &a[1..];
    let need = match afi {
        1 => 4,
        2 => 16,
        6 => 6,
        _ => 0,
    };
    if addr.len() < need {
        return Err(Trunc);
    }
    cx.s("AFI ");
    cx.s(af_name(afi).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(afi as u64);
    cx.b(b')');
    match afi {
        1 => {
            cx.s(": ");
            cx.ipv4(&addr[..4]);
        }
        2 => {
            cx.s(": ");
            cx.ipv6(&addr[..16]);
        }
        6 => {
            cx.s(": ");
            cx.mac(&addr[..6]);
        }
        _ => cx.s(", no AF printer !"),
    }
    Ok(())
}

/// A Chassis or Port ID; true when its value is to be dumped in hex (an
/// unknown subtype).
fn subtype_id(cx: &mut Ctx, v: &[u8], names: &[(u8, &'static str)], mac_subtype: u8) -> R<bool> {
    let st = v.u8_at(0)?;
    cx.s("\n\t  Subtype ");
    let name = tables::lookup(names, st);
    cx.s(name.unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(st as u64);
    cx.s("): ");
    let id = &v[1..];
    if name.is_none() {
        return Ok(true);
    }
    if st == mac_subtype {
        if id.len() < 6 {
            return Err(Trunc);
        }
        cx.mac(&id[..6]);
    } else if st == mac_subtype + 1 {
        network_addr(cx, id)?;
    } else {
        text(cx, id);
    }
    Ok(false)
}

/// Print one TLV's value (`t`, `v`) in its `-v` form.
pub fn tlv(cx: &mut Ctx, t: u8, v: &[u8]) -> R {
    tlv_len(cx, t, v.len(), v)
}

/// The header line of one TLV: its name, type and declared length.
pub fn tlv_header(cx: &mut Ctx, t: u8, len: usize) {
    cx.s("\n\t");
    cx.s(tables::lookup(TLV_NAMES, t).unwrap_or("Unknown"));
    cx.s(" TLV (");
    cx.u(t as u64);
    cx.s("), length ");
    cx.u(len as u64);
}

/// Print one TLV whose declared length is `len` (its value `v`).
pub fn tlv_len(cx: &mut Ctx, t: u8, len: usize, v: &[u8]) -> R {
    tlv_header(cx, t, len);
    // The shortest value each type may have: a shorter one ends the
    // packet.
    let min = match t {
        1 | 2 | 3 => 2,
        7 => 4,
        127 => 3,
        _ => 0,
    };
    if len < min {
        return Err(Trunc);
    }
    let mut dump = false;
    match t {
        1 => dump = subtype_id(cx, v, CHASSIS_SUBTYPES, 4)?,
        2 => dump = subtype_id(cx, v, PORT_SUBTYPES, 3)?,
        3 => {
            cx.s(": TTL ");
            cx.u(v.be16(0)? as u64);
            cx.b(b's');
        }
        4 | 5 => {
            cx.s(": ");
            text(cx, v);
        }
        6 => {
            cx.s("\n\t  ");
            text(cx, v);
        }
        7 => {
            let sys = v.be16(0)?;
            let en = v.be16(2)?;
            cx.s("\n\t  System  Capabilities [");
            cx.flag_names(sys as u32, CAPABILITIES);
            cx.s("] (0x");
            fmt::put_hex_padded(cx.out, sys as u64, 4);
            cx.s(")\n\t  Enabled Capabilities [");
            cx.flag_names(en as u32, CAPABILITIES);
            cx.s("] (0x");
            fmt::put_hex_padded(cx.out, en as u64, 4);
            cx.b(b')');
        }
        8 => management(cx, v)?,
        127 => dump = org(cx, v)?,
        _ => dump = true,
    }
    if (cx.opts.verbose > 1 || dump) && t != 0 {
        hexdump::hex(cx.out, b"\n\t  ", v, 0);
    }
    Ok(())
}

/// The Management Address TLV: the address, the interface number and
/// the object identifier, each needing the TLV to hold it.
fn management(cx: &mut Ctx, v: &[u8]) -> R {
    let alen = v.u8_at(0)? as usize;
    if v.len() < 1 + alen {
        return Err(Trunc);
    }
    // A cut address shows nothing of the TLV's value.
    let mark = cx.out.len();
    cx.s("\n\t  Management Address length ");
    cx.u(alen as u64);
    cx.s(", ");
    if let Err(e) = network_addr(cx, &v[1..1 + alen]) {
        cx.out.truncate(mark);
        return Err(e);
    }
    let at = 1 + alen;
    if v.len() < at + 5 {
        return Err(Trunc);
    }
    let numbering = v[at];
    cx.s("\n\t  ");
    cx.s(match numbering {
        2 => "Interface Index",
        3 => "System Port Number",
        _ => "Unknown",
    });
    cx.s(" Interface Numbering (");
    cx.u(numbering as u64);
    cx.s("): ");
    cx.u(v.be32(at + 1)? as u64);
    if v.len() > at + 5 {
        let oid_len = v[at + 5] as usize;
        let oid = v.range(at + 6, oid_len)?;
        if oid_len > 0 {
            cx.s("\n\t  OID length ");
            cx.u(oid_len as u64);
            text(cx, oid);
        }
    }
    Ok(())
}

/// An organization specific TLV; true when its value is to be dumped in hex.
fn org(cx: &mut Ctx, v: &[u8]) -> R<bool> {
    let o = v.range(0, 3)?;
    let oui = u32::from_be_bytes([0, o[0], o[1], o[2]]);
    cx.s(": OUI ");
    cx.s(tables::oui_name(oui).unwrap_or("Unknown"));
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, oui as u64, 6);
    cx.b(b')');
    match oui {
        0x0080c2 | 0x00120f => {}
        0x00005e => return super::lldp_org::iana(cx, v),
        0x0012bb => return super::lldp_org::tia(cx, v),
        0x001b21 => return super::lldp_org::dcbx(cx, v),
        _ => return Ok(true),
    }
    // No subtype: nothing more.
    let Some(&st) = v.get(3) else {
        return Ok(false);
    };
    let b = &v[4..];
    let name = match (oui, st) {
        (0x0080c2, 1) => "Port VLAN Id",
        (0x0080c2, 2) => "Port and Protocol VLAN ID",
        (0x0080c2, 3) => "VLAN name",
        (0x0080c2, 4) => "Protocol Identity",
        (0x0080c2, 7) => "Link aggregation",
        (0x0080c2, 8) => "Congestion Notification",
        (0x0080c2, 9) => "ETS Configuration",
        (0x0080c2, 10) => "ETS Recommendation",
        (0x0080c2, 11) => "Priority Flow Control Configuration",
        (0x0080c2, 12) => "Application Priority",
        (0x0080c2, 13) => "EVB",
        (0x0080c2, 14) => "CDCP",
        (0x00120f, 1) => "MAC/PHY configuration/status",
        (0x00120f, 2) => "Power via MDI",
        (0x00120f, 3) => "Link aggregation",
        (0x00120f, 4) => "Max frame size",
        _ => "unknown",
    };
    cx.s("\n\t  ");
    cx.s(name);
    cx.s(" Subtype (");
    cx.u(st as u64);
    cx.b(b')');
    match (oui, st) {
        // A subtype shorter than its fields shows nothing more.
        (0x0080c2, 1) if b.len() < 2 => {}
        (0x0080c2, 2) if b.len() < 3 => {}
        (0x0080c2, 3) if b.len() < 3 => {}
        (0x0080c2, 4) if b.is_empty() || b.len() < 1 + b[0] as usize => {}
        (0x00120f, 1 | 3) | (0x0080c2, 7) if b.len() < 5 => {}
        (0x00120f, 2) if b.len() < 3 => {}
        (0x00120f, 4) if b.len() < 2 => {}
        (0x0080c2, 8) if b.len() < 2 => {}
        (0x0080c2, 13) if b.len() < 5 => {}
        (0x0080c2, 14) if b.len() < 4 => {}
        (0x0080c2, 8) => {
            // Per priority: congestion notification, then readiness.
            for (title, v) in [
                ("\n\t    Pre-Priority CNPV Indicator", b[0]),
                ("\n\t    Pre-Priority Ready Indicator", b[1]),
            ] {
                cx.s(title);
                cx.s("\n\t     Priority : 0  1  2  3  4  5  6  7");
                cx.s("\n\t     Value    : ");
                dcbx_values(cx, (0..8).map(|i| (v >> i) & 1), 2, true);
            }
        }
        (0x0080c2, 1) => {
            cx.s("\n\t    port vlan id (PVID): ");
            cx.u(b.be16(0)? as u64);
        }
        (0x0080c2, 2) => {
            let f = b.u8_at(0)?;
            cx.s("\n\t    port and protocol vlan id (PPVID): ");
            cx.u(b.be16(1)? as u64);
            cx.s(", flags [");
            cx.flag_names(f as u32, &[(0x02, "supported"), (0x04, "enabled")]);
            cx.s("] (0x");
            fmt::put_hex2(cx.out, f);
            cx.b(b')');
        }
        (0x0080c2, 3) => {
            cx.s("\n\t    vlan id (VID): ");
            cx.u(b.be16(0)? as u64);
            let n = b.u8_at(2)? as usize;
            // A name longer than the TLV is not shown.
            if b.len() < 3 + n {
                return Ok(false);
            }
            cx.s("\n\t    vlan name: ");
            text(cx, b.range(3, n)?);
        }
        (0x0080c2, 4) => {
            let n = b.u8_at(0)? as usize;
            cx.s("\n\t    protocol identity: ");
            text(cx, b.range(1, n)?);
        }
        (0x0080c2, 9 | 10) => ets(cx, st, b),
        (0x0080c2, 11) => pfc(cx, b),
        (0x0080c2, 12) => app_priority(cx, b),
        (0x0080c2, 13) => evb(cx, b)?,
        (0x0080c2, 14) => cdcp(cx, b)?,
        (0x00120f, 1) => {
            let an = b.u8_at(0)?;
            cx.s("\n\t    autonegotiation [");
            cx.flag_names(an as u32, &[(0x01, "supported"), (0x02, "enabled")]);
            cx.s("] (0x");
            fmt::put_hex2(cx.out, an);
            let pmd = b.be16(1)?;
            cx.s(")\n\t    PMD autoneg capability [");
            if PMD_BITS.iter().any(|&(bit, _)| pmd as u32 & bit != 0) {
                cx.flag_names(pmd as u32, PMD_BITS);
            } else {
                cx.s("unknown");
            }
            cx.s("] (0x");
            fmt::put_hex_padded(cx.out, pmd as u64, 4);
            let mau = b.be16(3)?;
            cx.s(")\n\t    MAU type ");
            cx.s(tables::lookup(MAU_TYPES, mau).unwrap_or("unknown"));
            cx.s(" (0x");
            fmt::put_hex_padded(cx.out, mau as u64, 4);
            cx.b(b')');
        }
        (0x00120f, 2) => {
            let s = b.u8_at(0)?;
            cx.s("\n\t    MDI power support [");
            cx.flag_names(
                s as u32,
                &[
                    (0x01, "PSE"),
                    (0x02, "supported"),
                    (0x04, "enabled"),
                    (0x08, "can be controlled"),
                ],
            );
            cx.s("], power pair ");
            cx.s(match b.u8_at(1)? {
                1 => "signal",
                2 => "spare",
                _ => "unknown",
            });
            cx.s(", power class ");
            match b.u8_at(2)? {
                c @ 1..=5 => {
                    cx.s("class");
                    cx.u(c as u64 - 1);
                }
                _ => cx.s("unknown"),
            }
        }
        (0x00120f, 3) | (0x0080c2, 7) => {
            let s = b.u8_at(0)?;
            cx.s("\n\t    aggregation status [");
            cx.flag_names(s as u32, &[(0x01, "supported"), (0x02, "enabled")]);
            cx.s("], aggregation port ID ");
            cx.u(b.be32(1)? as u64);
        }
        (0x00120f, 4) => {
            cx.s("\n\t    MTU size ");
            cx.u(b.be16(0)? as u64);
        }
        _ => return Ok(true),
    }
    Ok(false)
}

/// IEEE 802.1Qbg EVB TLV: bridge and station status, retries, modes.
fn evb(cx: &mut Ctx, b: &[u8]) -> R {
    let (bs, ss, r, m, k) = (
        b.u8_at(0)?,
        b.u8_at(1)?,
        b.u8_at(2)?,
        b.u8_at(3)?,
        b.u8_at(4)?,
    );
    cx.s("\n\t    EVB Bridge Status\n\t      RES: ");
    cx.u((bs >> 3) as u64);
    cx.s(", BGID: ");
    cx.u(((bs >> 2) & 1) as u64);
    cx.s(", RRCAP: ");
    cx.u(((bs >> 1) & 1) as u64);
    cx.s(", RRCTR: ");
    cx.u((bs & 1) as u64);
    cx.s("\n\t    EVB Station Status\n\t      RES: ");
    cx.u((ss >> 4) as u64);
    cx.s(", SGID: ");
    cx.u(((ss >> 3) & 1) as u64);
    cx.s(", RRREQ: ");
    cx.u(((ss >> 2) & 1) as u64);
    cx.s(",RRSTAT: ");
    cx.u((ss & 3) as u64);
    cx.s("\n\t    R: ");
    cx.u((r >> 5) as u64);
    cx.s(", RTE: ");
    cx.u((r & 0x1f) as u64);
    cx.s(", EVB Mode: ");
    let mode = m >> 6;
    cx.s(match mode {
        0 => "Not Supported",
        1 => "EVB Bridge",
        2 => "EVB Station",
        _ => "Reserved for future Standardization",
    });
    cx.s(" [");
    cx.u(mode as u64);
    cx.s("]\n\t    ROL: ");
    cx.u(((m >> 5) & 1) as u64);
    cx.s(", RWD: ");
    cx.u((m & 0x1f) as u64);
    cx.s(", RES: ");
    cx.u((k >> 6) as u64);
    cx.s(", ROL: ");
    cx.u(((k >> 5) & 1) as u64);
    cx.s(", RKA: ");
    cx.u((k & 0x1f) as u64);
    Ok(())
}

/// IEEE 802.1Qbg CDCP TLV: role, S-channel capacity, SCID/SVID pairs.
fn cdcp(cx: &mut Ctx, b: &[u8]) -> R {
    let w = b.be32(0)?;
    cx.s("\n\t    Role: ");
    cx.u((w >> 31) as u64);
    cx.s(", RES: ");
    cx.u(((w >> 28) & 7) as u64);
    cx.s(", Scomp: ");
    cx.u(((w >> 27) & 1) as u64);
    cx.s(" ChnCap: ");
    cx.u((w & 0xfff) as u64);
    for p in b[4..].chunks_exact(3) {
        let v = ((p[0] as u32) << 16) | ((p[1] as u32) << 8) | p[2] as u32;
        cx.s("\n\t    SCID: ");
        cx.u((v >> 12) as u64);
        cx.s(", SVID: ");
        cx.u((v & 0xfff) as u64);
    }
    Ok(())
}

/// A row of DCBX table values: each `%-3d` (or `%-2d`), space-separated.
fn dcbx_values(cx: &mut Ctx, values: impl Iterator<Item = u8>, width: usize, last_space: bool) {
    for (i, v) in values.enumerate() {
        if i > 0 {
            cx.b(b' ');
        }
        let at = cx.out.len();
        cx.u(v as u64);
        while cx.out.len() - at < width {
            cx.b(b' ');
        }
    }
    if last_space {
        cx.b(b' ');
    }
}

/// DCBX ETS Configuration (9) and Recommendation (10), IEEE 802.1Qaz:
/// shown only when the element has its full length.
fn ets(cx: &mut Ctx, st: u8, b: &[u8]) {
    if b.len() < 21 {
        return;
    }
    let f = b[0];
    if st == 9 {
        cx.s("\n\t    Willing:");
        cx.u((f >> 7) as u64);
        // The snapshot shows the Willing bit again here, as 2 (0x80 gives
        // CBS:2, 0x40 CBS:0).
        cx.s(", CBS:");
        cx.u(((f >> 6) & 2) as u64);
        cx.s(", RES:");
        cx.u(((f >> 3) & 7) as u64);
        cx.s(", Max TCs:");
        cx.u((f & 7) as u64);
    } else {
        cx.s("\n\t    RES: ");
        cx.u(f as u64);
    }
    cx.s("\n\t    Priority Assignment Table");
    cx.s("\n\t     Priority : 0   1   2   3   4   5   6   7");
    cx.s("\n\t     Value    : ");
    dcbx_values(
        cx,
        b[1..5].iter().flat_map(|&x| [x >> 4, x & 0x0f]),
        3,
        false,
    );
    cx.s("\n\t    TC Bandwidth Table");
    cx.s("\n\t     TC%   : 0   1   2   3   4   5   6   7");
    cx.s("\n\t     Value : ");
    dcbx_values(cx, b[5..13].iter().copied(), 3, false);
    cx.s("\n\t    TSA Assignment Table");
    cx.s("\n\t     Traffic Class: 0   1   2   3   4   5   6   7");
    cx.s("\n\t     Value        : ");
    dcbx_values(cx, b[13..21].iter().copied(), 3, false);
}

/// DCBX Priority Flow Control Configuration (11).
fn pfc(cx: &mut Ctx, b: &[u8]) {
    if b.len() < 2 {
        return;
    }
    let f = b[0];
    cx.s("\n\t    Willing: ");
    cx.u((f >> 7) as u64);
    cx.s(", MBC: ");
    cx.u(((f >> 6) & 1) as u64);
    cx.s(", RES: ");
    cx.u(((f >> 4) & 3) as u64);
    cx.s(", PFC cap:");
    cx.u((f & 0x0f) as u64);
    cx.s(" \n\t    PFC Enable");
    cx.s("\n\t     Priority : 0  1  2  3  4  5  6  7");
    cx.s("\n\t     Value    : ");
    dcbx_values(cx, (0..8).map(|i| (b[1] >> i) & 1), 2, true);
}

/// DCBX Application Priority (12): 3-byte entries.
fn app_priority(cx: &mut Ctx, b: &[u8]) {
    let Some(&res) = b.first() else {
        return;
    };
    cx.s("\n\t    RES: ");
    cx.u(res as u64);
    let entries = &b[1..];
    if entries.len() >= 3 {
        cx.s("\n\t    Application Priority Table");
    }
    for e in entries.chunks_exact(3) {
        cx.s("\n\t      Priority: ");
        cx.u((e[0] >> 5) as u64);
        cx.s(", RES: ");
        cx.u(((e[0] >> 3) & 3) as u64);
        cx.s(", Sel: ");
        cx.u((e[0] & 7) as u64);
        cx.s(", Protocol ID: ");
        cx.u(u16::from_be_bytes([e[1], e[2]]) as u64);
    }
}

/// IANA address family numbers as a network address names them.
fn af_name(af: u8) -> Option<&'static str> {
    match af {
        11 => Some("Novell IPX"),
        25 => Some("VPLS"),
        196 => Some("Layer-2 VPN"),
        _ => tables::address_family(u32::from(af)),
    }
}
