//! LLDP organization specific TLVs of ANSI/TIA-1057 (LLDP-MED), IANA
//! (MUD URL) and the pre-standard DCBX protocol (rev 1.01), with `-v`.
//! Each returns whether the TLV's value is to be dumped in hex.

use crate::print::core::prelude::*;

static TIA_SUBTYPES: &[(u8, &str)] = &[
    (1, "LLDP-MED Capabilities"),
    (2, "Network policy"),
    (3, "Location identification"),
    (4, "Extended power-via-MDI"),
    (5, "Inventory - hardware revision"),
    (6, "Inventory - firmware revision"),
    (7, "Inventory - software revision"),
    (8, "Inventory - serial number"),
    (9, "Inventory - manufacturer name"),
    (10, "Inventory - model name"),
    (11, "Inventory - asset ID"),
];

static INVENTORY: &[(u8, &str)] = &[
    (5, "Hardware revision"),
    (6, "Firmware revision"),
    (7, "Software revision"),
    (8, "Serial number"),
    (9, "Manufacturer name"),
    (10, "Model name"),
    (11, "Asset ID"),
];

static MED_CAPABILITIES: &[(u32, &str)] = &[
    (0x01, "LLDP-MED capabilities"),
    (0x02, "network policy"),
    (0x04, "location identification"),
    (0x08, "extended power via MDI-PSE"),
    (0x10, "extended power via MDI-PD"),
    (0x20, "Inventory"),
];

static DEVICE_TYPES: &[(u8, &str)] = &[
    (1, "endpoint class 1"),
    (2, "endpoint class 2"),
    (3, "endpoint class 3"),
    (4, "network connectivity"),
];

static APPLICATIONS: &[(u8, &str)] = &[
    (1, "voice"),
    (2, "voice signaling"),
    (3, "guest voice"),
    (4, "guest voice signaling"),
    (5, "softphone voice"),
    (6, "video conferencing"),
    (7, "streaming video"),
    (8, "video signaling"),
];

static POLICY_FLAGS: &[(u32, &str)] = &[(0x80, "Unknown"), (0x40, "Tagged"), (0x20, "reserved")];

static LOCATION_FORMATS: &[(u8, &str)] = &[
    (1, "coordinate-based LCI"),
    (2, "civic address LCI"),
    (3, "ECS ELIN"),
];

static ALTITUDE_TYPES: &[(u8, &str)] = &[(1, "meters"), (2, "floors")];

static DATUMS: &[(u8, &str)] = &[
    (1, "World Geodesic System 1984"),
    (2, "North American Datum 1983 (NAVD88)"),
    (3, "North American Datum 1983 (MLLW)"),
];

static LCI_WHAT: &[(u8, &str)] = &[
    (0, "location of DHCP server"),
    (
        1,
        "location of the network element believed to be closest to the client",
    ),
    (2, "location of the client"),
];

static CA_TYPES: &[(u8, &str)] = &[
    (
        1,
        "national subdivisions (state,canton,region,province,prefecture)",
    ),
    (2, "county, parish, gun, district"),
    (3, "city, township, shi"),
    (4, "city division, borough, city district, ward chou"),
    (5, "neighborhood, block"),
    (6, "street"),
];

static POWER_SOURCES: &[(u8, &str)] = &[
    (1, "PSE - primary power source"),
    (2, "local - backup power source"),
    (3, "PSE+local - reserved"),
];

static POWER_PRIORITIES: &[(u8, &str)] = &[(1, "critical"), (2, "high"), (3, "low")];

static DCBX_SUBTYPES: &[(u8, &str)] = &[
    (1, "DCB Capability Exchange Protocol Rev 1"),
    (2, "DCB Capability Exchange Protocol Rev 1.01"),
];

/// Characters up to a NUL or the end of `b`.
fn text(cx: &mut Ctx, b: &[u8]) {
    for &c in b.iter().take_while(|&&c| c != 0) {
        fmt::put_safe_char(cx.out, c);
    }
}

/// A byte as two upper-case hex digits.
fn hex_upper2(cx: &mut Ctx, v: u8) {
    let at = cx.out.len();
    fmt::put_hex2(cx.out, v);
    cx.out[at..].make_ascii_uppercase();
}

fn name_hex2(cx: &mut Ctx, name: &str, v: u8) {
    cx.s(name);
    cx.s(" (0x");
    fmt::put_hex2(cx.out, v);
    cx.b(b')');
}

fn subtype_line(cx: &mut Ctx, table: &[(u8, &'static str)], st: u8) {
    cx.s("\n\t  ");
    cx.s(tables::lookup(table, st).unwrap_or("unknown"));
    cx.s(" Subtype (");
    cx.u(st as u64);
    cx.b(b')');
}

/// LLDP-MED: `v` is the TLV's value from the OUI on.
pub fn tia(cx: &mut Ctx, v: &[u8]) -> R<bool> {
    if v.len() < 4 {
        return Ok(false);
    }
    let st = v[3];
    subtype_line(cx, TIA_SUBTYPES, st);
    match st {
        1 if v.len() >= 7 => {
            let caps = v.be16(4)?;
            cx.s("\n\t    Media capabilities [");
            cx.flag_names(caps as u32, MED_CAPABILITIES);
            cx.s("] (0x");
            fmt::put_hex_padded(cx.out, caps as u64, 4);
            cx.s(")\n\t    Device type [");
            let dt = v[6];
            cx.s(tables::lookup(DEVICE_TYPES, dt).unwrap_or("unknown"));
            cx.s("] (0x");
            fmt::put_hex2(cx.out, dt);
            cx.b(b')');
        }
        2 if v.len() >= 8 => {
            let app = v[4];
            cx.s("\n\t    Application type [");
            cx.s(tables::lookup(APPLICATIONS, app).unwrap_or("none"));
            cx.s("] (0x");
            fmt::put_hex2(cx.out, app);
            cx.s("), Flags [");
            cx.flag_names(v[5] as u32, POLICY_FLAGS);
            cx.s("]\n\t    Vlan id ");
            cx.u(((v.be16(5)? & 0x1ffe) >> 1) as u64);
            let w = v.be16(6)?;
            cx.s(", L2 priority ");
            cx.u(((w & 0x1ff) >> 6) as u64);
            cx.s(", DSCP value ");
            cx.u((w & 0x3f) as u64);
        }
        3 if v.len() >= 5 => location(cx, v)?,
        4 if v.len() >= 7 => {
            let b = v[4];
            cx.s("\n\t    Power type [");
            // The snapshot tests the two low bits of the byte.
            cx.s(if b & 0x03 != 0 {
                "PD device"
            } else {
                "PSE device"
            });
            cx.s("], Power source [");
            cx.s(tables::lookup(POWER_SOURCES, (b & 0x30) >> 4).unwrap_or("none"));
            cx.s("]\n\t    Power priority [");
            let prio = b & 0x0f;
            cx.s(tables::lookup(POWER_PRIORITIES, prio).unwrap_or("none"));
            cx.s("] (0x");
            fmt::put_hex2(cx.out, prio);
            let p = v.be16(5)?;
            // Tenths of a watt below 1024, reserved from there.
            cx.s("), Power ");
            if p < 1024 {
                cx.u(p as u64 / 10);
                cx.b(b'.');
                cx.u(p as u64 % 10);
                cx.s(" Watts");
            } else {
                cx.u(p as u64);
                cx.s(" (Reserved)");
            }
        }
        5..=11 => {
            cx.s("\n\t  ");
            cx.s(tables::lookup(INVENTORY, st).unwrap_or("unknown"));
            cx.b(b' ');
            text(cx, &v[4..]);
        }
        1..=4 => {}
        _ => return Ok(true),
    }
    Ok(false)
}

/// Location identification: coordinates, a civic address or an ELIN.
fn location(cx: &mut Ctx, v: &[u8]) -> R {
    let format = v[4];
    cx.s("\n\t    Location data format ");
    name_hex2(
        cx,
        tables::lookup(LOCATION_FORMATS, format).unwrap_or("unknown"),
        format,
    );
    match format {
        1 => {
            if v.len() < 21 {
                return Ok(());
            }
            for (what, at) in [("Latitude", 5), ("Longitude", 10)] {
                cx.s("\n\t    ");
                cx.s(what);
                cx.s(" resolution ");
                cx.u((v[at] >> 2) as u64);
                cx.s(", ");
                cx.s(if at == 5 { "latitude" } else { "longitude" });
                cx.s(" value ");
                cx.u((((v[at] & 3) as u64) << 32) | v.be32(at + 1)? as u64);
            }
            let at = v[15] >> 4;
            cx.s("\n\t    Altitude type ");
            cx.s(tables::lookup(ALTITUDE_TYPES, at).unwrap_or("unknown"));
            cx.s(" (");
            cx.u(at as u64);
            cx.s(")\n\t    Altitude resolution ");
            cx.u(((v.be16(15)? >> 6) & 0x3f) as u64);
            cx.s(", altitude value 0x");
            fmt::put_hex(cx.out, (v.be32(16)? & 0x3fff_ffff) as u64);
            cx.s("\n\t    Datum ");
            name_hex2(
                cx,
                tables::lookup(DATUMS, v[20]).unwrap_or("unknown"),
                v[20],
            );
        }
        2 => {
            let Some(&lci) = v.get(5) else {
                return Ok(());
            };
            let mut left = lci as usize;
            if left < 3 || v.len() < 7 + left {
                return Ok(());
            }
            cx.s("\n\t    LCI length ");
            cx.u(left as u64);
            cx.s(", LCI what ");
            name_hex2(
                cx,
                tables::lookup(LCI_WHAT, v[6]).unwrap_or("unknown"),
                v[6],
            );
            cx.s(", Country-code ");
            text(cx, v.range(7, 2)?);
            left -= 3;
            let mut at = 9;
            while left != 0 {
                if left < 2 {
                    return Ok(());
                }
                let (ct, cl) = (v.u8_at(at)?, v.u8_at(at + 1)? as usize);
                at += 2;
                left -= 2;
                cx.s("\n\t      CA type '");
                cx.s(tables::lookup(CA_TYPES, ct).unwrap_or("unknown"));
                cx.s("' (");
                cx.u(ct as u64);
                cx.s("), length ");
                cx.u(cl as u64);
                cx.s(": ");
                if ct == 0 || cl == 0 || left < cl {
                    return Ok(());
                }
                text(cx, v.range(at, cl)?);
                at += cl;
                left -= cl;
            }
        }
        3 => {
            cx.s("\n\t    ECS ELIN id ");
            text(cx, &v[5..]);
        }
        _ => {
            cx.s("\n\t    Location ID ");
            unknown_data(cx, &v[5..], "\n\t      ", v.len() - 5);
        }
    }
    Ok(())
}

/// IANA: the MUD URL (RFC 8520).
pub fn iana(cx: &mut Ctx, v: &[u8]) -> R<bool> {
    if v.len() < 8 {
        return Ok(false);
    }
    let st = v[3];
    subtype_line(cx, &[(1, "MUD-URL")], st);
    if st != 1 {
        return Ok(true);
    }
    cx.s("\n\t  MUD-URL=");
    for &c in &v[4..] {
        fmt::put_safe_char(cx.out, c);
    }
    Ok(false)
}

/// DCBX rev 1.01: its own TLVs (7-bit type, 9-bit length) after the
/// subtype; rev 1 is only dumped.
pub fn dcbx(cx: &mut Ctx, v: &[u8]) -> R<bool> {
    if v.len() < 4 {
        return Ok(false);
    }
    let st = v[3];
    subtype_line(cx, DCBX_SUBTYPES, st);
    if st == 1 {
        return Ok(true);
    }
    let mut at = 4;
    let mut dump = false;
    while v.len() - at >= 2 {
        let h = v.be16(at)?;
        let (t, len) = (h >> 9, (h & 0x1ff) as usize);
        at += 2;
        dump = false;
        if t == 0 || len == 0 {
            break;
        }
        let Ok(b) = v.range(at, len) else {
            return Ok(false);
        };
        let min = match t {
            1 => 10,
            2 => 17,
            3 => 6,
            4 => 4,
            _ => 0,
        };
        if len < min {
            return Ok(false);
        }
        match t {
            1 => {
                cx.s("\n\t    Control - Protocol Control (type 0x1, length ");
                cx.u(len as u64);
                cx.b(b')');
                versions(cx, b);
                cx.s("\n\t      Sequence Number: ");
                cx.u(b.be32(2)? as u64);
                cx.s("\n\t      Acknowledgement Number: ");
                cx.u(b.be32(6)? as u64);
            }
            2 => {
                feature(cx, "Priority Group", t, len, b);
                cx.s("\n\t      Priority Allocation");
                for i in 0..8 {
                    cx.s("\n\t          PgId_");
                    cx.u(i as u64);
                    cx.s(": ");
                    let nib = b[4 + i / 2] >> if i % 2 == 0 { 4 } else { 0 };
                    cx.u((nib & 0x0f) as u64);
                }
                cx.s("\n\t      Priority Group Allocation");
                for i in 0..8 {
                    cx.s("\n\t          Pg percentage[");
                    cx.u(i as u64);
                    cx.s("]: ");
                    cx.u(b[8 + i] as u64);
                }
                cx.s("\n\t      NumTCsSupported: ");
                cx.u(b[16] as u64);
            }
            3 => {
                feature(cx, "Priority Flow Control", t, len, b);
                cx.s("\n\t      PFC Config (0x");
                hex_upper2(cx, b[4]);
                cx.b(b')');
                for i in 0..8 {
                    cx.s("\n\t          Priority Bit ");
                    cx.u(i as u64);
                    cx.s(if b[4] & (1 << i) != 0 {
                        ": Enabled"
                    } else {
                        ": Disabled"
                    });
                }
                cx.s("\n\t      NumTCPFCSupported: ");
                cx.u(b[5] as u64);
            }
            4 => {
                feature(cx, "Application", t, len, b);
                for e in b[4..].chunks_exact(6) {
                    cx.s("\n\t      Application Value");
                    cx.s("\n\t          Application Protocol ID: 0x");
                    fmt::put_hex_padded(cx.out, u16::from_be_bytes([e[0], e[1]]) as u64, 4);
                    let w = u32::from_be_bytes([0, e[2], e[3], e[4]]);
                    cx.s("\n\t          SF (0x");
                    fmt::put_hex(cx.out, (w >> 22) as u64);
                    cx.s(") Application Protocol ID is ");
                    cx.s(if w >> 22 != 0 {
                        "Socket Number"
                    } else {
                        "L2 EtherType"
                    });
                    cx.s("\n\t          OUI: 0x");
                    fmt::put_hex_padded(cx.out, (w & 0x3f_ffff) as u64, 6);
                    cx.s("\n\t          User Priority Map: 0x");
                    fmt::put_hex2(cx.out, e[5]);
                }
            }
            _ => dump = true,
        }
        if cx.opts.verbose > 1 || dump {
            unknown_data(cx, b, "\n\t    ", len);
        }
        at += len;
    }
    Ok(dump)
}

/// `Oper_Version` and `Max_Version`, the first bytes of each DCBX TLV.
fn versions(cx: &mut Ctx, b: &[u8]) {
    cx.s("\n\t      Oper_Version: ");
    cx.u(b[0] as u64);
    cx.s("\n\t      Max_Version: ");
    cx.u(b[1] as u64);
}

/// The head of a DCBX feature TLV: name, versions, info block, subtype.
fn feature(cx: &mut Ctx, name: &str, t: u16, len: usize, b: &[u8]) {
    cx.s("\n\t    Feature - ");
    cx.s(name);
    cx.s(" (type 0x");
    fmt::put_hex(cx.out, t as u64);
    cx.s(", length ");
    cx.u(len as u64);
    cx.b(b')');
    versions(cx, b);
    cx.s("\n\t      Info block(0x");
    hex_upper2(cx, b[2]);
    cx.s("): Enable bit: ");
    for (i, what) in ["", ", Willing bit: ", ", Error Bit: "].iter().enumerate() {
        cx.s(what);
        cx.u(((b[2] >> (7 - i)) & 1) as u64);
    }
    cx.s("\n\t      SubType: ");
    cx.u(b[3] as u64);
}
