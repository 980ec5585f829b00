//! Slow protocols (IEEE 802.3 annex 57A, EtherType 0x8809): LACP and
//! Marker (version, then with `-v` their TLVs), OAM (the OAMPDU code and
//! flags, with `-v` the information and link event TLVs, loopback
//! commands) and OSSP (an OUI and the rest in hex).

use crate::print::core::prelude::*;

static SUBTYPES: &[(u8, &str)] = &[(1, "LACP"), (2, "MARKER"), (3, "OAM"), (10, "OSSP")];

static OAM_FLAGS: &[(u32, &str)] = &[
    (0x0001, "Link Fault"),
    (0x0002, "Dying Gasp"),
    (0x0004, "Critical Event"),
    (0x0008, "Local Evaluating"),
    (0x0010, "Local Stable"),
    (0x0020, "Remote Evaluating"),
    (0x0040, "Remote Stable"),
];

static OAM_CODES: &[(u8, &str)] = &[
    (0x00, "Information"),
    (0x01, "Event Notification"),
    (0x02, "Variable Request"),
    (0x03, "Variable Response"),
    (0x04, "Loopback Control"),
    (0xfe, "Vendor Private"),
];

static INFO_TYPES: &[(u8, &str)] = &[
    (0x00, "End of TLV marker"),
    (0x01, "Local"),
    (0x02, "Remote"),
    (0xfe, "Organization specific"),
];

static PARSER_ACTIONS: [&str; 4] = ["forwarding", "looping back", "discarding", "reserved"];

static OAM_CONFIG: &[(u32, &str)] = &[
    (0x01, "Active"),
    (0x02, "Unidirectional"),
    (0x04, "Remote-Loopback"),
    (0x08, "Link-Events"),
    (0x10, "Variable-Retrieval"),
];

static LINK_EVENTS: &[(u8, &str)] = &[
    (0x00, "End of TLV marker"),
    (0x01, "Errored Symbol Period Event"),
    (0x02, "Errored Frame Event"),
    (0x03, "Errored Frame Period Event"),
    (0x04, "Errored Frame Seconds Summary Event"),
    (0xfe, "Organization specific"),
];

static LOOPBACK_COMMANDS: &[(u8, &str)] = &[
    (0x01, "Enable OAM Remote Loopback"),
    (0x02, "Disable OAM Remote Loopback"),
];

static LACP_STATE: &[(u32, &str)] = &[
    (0x01, "Activity"),
    (0x02, "Timeout"),
    (0x04, "Aggregation"),
    (0x08, "Synchronization"),
    (0x10, "Collecting"),
    (0x20, "Distributing"),
    (0x40, "Default"),
    (0x80, "Expired"),
];

const TOO_SHORT: &str = "\n\t\t packet is too short";

fn subtype_name(cx: &mut Ctx, subtype: u8) {
    match tables::lookup(SUBTYPES, subtype) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown (");
            cx.u(subtype as u64);
            cx.b(b')');
        }
    }
}

/// The EtherType 0x8809 entry.
pub fn slow_ether(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    slow(cx, d, length).map(|_| true)
}

pub fn slow(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    cx.proto = "slow";
    let too_short = |cx: &mut Ctx| {
        cx.s(if cx.opts.verbose == 0 {
            " (packet is too short)"
        } else {
            TOO_SHORT
        });
    };
    if len < 1 {
        too_short(cx);
        return Ok(());
    }
    let subtype = d.u8_at(0)?;
    let versioned = matches!(subtype, 1 | 2);
    if versioned {
        if len < 2 {
            too_short(cx);
            return Ok(());
        }
        let version = d.u8_at(1)?;
        if version != 1 {
            subtype_name(cx, subtype);
            cx.s(" version ");
            cx.u(version as u64);
            cx.s(" packet not supported");
            return Ok(());
        }
    }
    subtype_name(cx, subtype);
    if versioned {
        cx.s("v1");
    }
    cx.s(", length ");
    cx.u(len as u64);
    if !matches!(subtype, 1..=3 | 10) {
        unknown_data(cx, d, "\n\t", len);
        return Ok(());
    }
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    match subtype {
        10 => ossp(cx, &d[1..], len - 1),
        3 => oam(cx, &d[1..], len - 1),
        _ => tlvs(cx, d.get(2..).unwrap_or(&[]), len - 2, subtype),
    }
}

/// LACP and Marker TLVs, to the terminator.
fn tlvs(cx: &mut Ctx, d: &[u8], mut left: usize, subtype: u8) -> R {
    let mut at = 0;
    while left != 0 {
        if left < 2 {
            cx.s(TOO_SHORT);
            return Ok(());
        }
        let (t, l) = (d.u8_at(at)?, d.u8_at(at + 1)? as usize);
        let name = match (subtype, t) {
            (_, 0) => "Terminator",
            (1, 1) => "Actor Information",
            (1, 2) => "Partner Information",
            (1, 3) => "Collector Information",
            (2, 1) => "Marker Information",
            _ => "Unknown",
        };
        cx.s("\n\t");
        cx.s(name);
        cx.s(" TLV (0x");
        fmt::put_hex2(cx.out, t);
        cx.s("), length ");
        cx.u(l as u64);
        if !tlv_fits(cx, t, l, left) {
            return Ok(());
        }
        let v = d.range(at + 2, l - 2)?;
        // The value's length each known TLV must have.
        let want = match (subtype, t) {
            (1, 1 | 2) => Some(18),
            (1, 3) | (2, 1) => Some(14),
            _ => None,
        };
        match want {
            Some(n) if v.len() != n => {
                cx.s("\n\t    ERROR: illegal length - should be ");
                cx.u(n as u64 + 2);
            }
            Some(_) => match (subtype, t) {
                (1, 3) => {
                    cx.s("\n\t  Max Delay ");
                    cx.u(v.be16(0)? as u64);
                }
                (2, _) => {
                    cx.s("\n\t  Request System ");
                    cx.mac(&v[2..8]);
                    cx.s(", Request Port ");
                    cx.u(v.be16(0)? as u64);
                    cx.s(", Request Transaction ID 0x");
                    fmt::put_hex_padded(cx.out, v.be32(8)? as u64, 8);
                }
                _ => {
                    cx.s("\n\t  System ");
                    cx.mac(&v[2..8]);
                    cx.s(", System Priority ");
                    cx.u(v.be16(0)? as u64);
                    cx.s(", Key ");
                    cx.u(v.be16(8)? as u64);
                    cx.s(", Port ");
                    cx.u(v.be16(12)? as u64);
                    cx.s(", Port Priority ");
                    cx.u(v.be16(10)? as u64);
                    cx.s("\n\t  State Flags [");
                    cx.flag_names(v[14] as u32, LACP_STATE);
                    cx.b(b']');
                }
            },
            None => {
                if cx.opts.verbose <= 1 {
                    unknown_data(cx, v, "\n\t  ", v.len());
                }
            }
        }
        if cx.opts.verbose > 1 {
            unknown_data(cx, v, "\n\t  ", v.len());
        }
        at += l;
        left -= l;
    }
    Ok(())
}

/// An OAMPDU: flags and code, then by code its TLVs or command.
fn oam(cx: &mut Ctx, d: &[u8], mut left: usize) -> R {
    if left < 3 {
        cx.s(TOO_SHORT);
        return Ok(());
    }
    let h = d.range(0, 3)?;
    let code = h[2];
    cx.s("\n\tCode ");
    match tables::lookup(OAM_CODES, code) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown (");
            cx.u(code as u64);
            cx.b(b')');
        }
    }
    cx.s(" OAM PDU, Flags [");
    cx.flag_names(h.be16(0)? as u32, OAM_FLAGS);
    cx.b(b']');
    let mut at = 3;
    left -= 3;
    match code {
        0 | 1 => {
            if code == 1 {
                if left < 2 {
                    cx.s(TOO_SHORT);
                    return Ok(());
                }
                let seq = d.be16(at)?;
                cx.s("\n\t  Sequence Number ");
                cx.u(seq as u64);
                at += 2;
                left -= 2;
            }
            while left != 0 {
                if left < 2 {
                    cx.s(TOO_SHORT);
                    return Ok(());
                }
                if code == 0 {
                    d.range(at, 2)?;
                }
                let (t, l) = (d.u8_at(at)?, d.u8_at(at + 1)? as usize);
                let (names, what) = if code == 0 {
                    (INFO_TYPES, " Information Type (")
                } else {
                    (LINK_EVENTS, " Link Event Type (")
                };
                cx.s("\n\t  ");
                cx.s(tables::lookup(names, t).unwrap_or("Reserved"));
                cx.s(what);
                cx.u(t as u64);
                cx.s("), length ");
                cx.u(l as u64);
                if !tlv_fits(cx, t, l, left) {
                    return Ok(());
                }
                let v = d.range(at, l)?;
                let hexdump = if code == 0 {
                    info(cx, v, t)?
                } else {
                    link_event(cx, v, t)?
                };
                if cx.opts.verbose > 1 || hexdump {
                    unknown_data(cx, v, "\n\t  ", l);
                }
                at += l;
                left -= l;
            }
        }
        4 => {
            if left < 1 {
                cx.s(TOO_SHORT);
                return Ok(());
            }
            let c = d.u8_at(at)?;
            cx.s("\n\t  Command ");
            cx.s(tables::lookup(LOOPBACK_COMMANDS, c).unwrap_or("Unknown"));
            cx.s(" (");
            cx.u(c as u64);
            cx.b(b')');
        }
        _ => {
            if cx.opts.verbose <= 1 {
                unknown_data(cx, d.get(at..).unwrap_or(&[]), "\n\t  ", left);
            }
        }
    }
    Ok(())
}

/// A local or remote information TLV (`v`, from its type byte); whether
/// it is to be dumped in hex.
fn info(cx: &mut Ctx, v: &[u8], t: u8) -> R<bool> {
    if t != 1 && t != 2 {
        return Ok(true);
    }
    if v[1] != 16 {
        cx.s("\n\t    ERROR: illegal length - should be 16");
        return Ok(true);
    }
    let i = v.range(0, 16)?;
    cx.s("\n\t    OAM-Version ");
    cx.u(i[2] as u64);
    cx.s(", Revision ");
    cx.u(i.be16(3)? as u64);
    let state = i[5];
    cx.s("\n\t    State-Parser-Action ");
    cx.s(PARSER_ACTIONS[(state & 3) as usize]);
    cx.s(", State-MUX-Action ");
    cx.s(if state & 4 != 0 {
        "discarding"
    } else {
        "forwarding"
    });
    cx.s("\n\t    OAM-Config Flags [");
    cx.flag_names(i[6] as u32, OAM_CONFIG);
    cx.s("], OAM-PDU-Config max-PDU size ");
    cx.u((i.be16(7)? & 0x7ff) as u64);
    let oui = u32::from_be_bytes([0, i[9], i[10], i[11]]);
    cx.s("\n\t    OUI ");
    cx.s(tables::oui_name(oui).unwrap_or("Unknown"));
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, oui as u64, 6);
    cx.s("), Vendor-Private 0x");
    fmt::put_hex_padded(cx.out, i.be32(12)? as u64, 8);
    Ok(false)
}

fn be64(d: &[u8], at: usize) -> R<u64> {
    let b = d.range(at, 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Ok(u64::from_be_bytes(a))
}

/// A link event TLV (`v`, from its type byte); whether it is to be
/// dumped in hex.
fn link_event(cx: &mut Ctx, v: &[u8], t: u8) -> R<bool> {
    if !(1..=4).contains(&t) {
        return Ok(true);
    }
    if v[1] != 40 {
        cx.s("\n\t    ERROR: illegal length - should be 40");
        return Ok(true);
    }
    let e = v.range(0, 40)?;
    cx.s("\n\t    Timestamp ");
    cx.u(e.be16(2)? as u64 * 100);
    cx.s(" ms, Errored Window ");
    cx.u(be64(e, 4)?);
    cx.s("\n\t    Errored Threshold ");
    cx.u(be64(e, 12)?);
    cx.s("\n\t    Errors ");
    cx.u(be64(e, 20)?);
    cx.s("\n\t    Error Running Total ");
    cx.u(be64(e, 28)?);
    cx.s("\n\t    Event Running Total ");
    cx.u(e.be32(36)? as u64);
    Ok(false)
}

/// OSSP (802.3 annex 57B): an OUI, then the rest in hex.
fn ossp(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    if len < 3 {
        cx.bad_len("length", len as u64, "<", 3);
        cx.s(" (invalid)");
        return Ok(());
    }
    let o = d.range(0, 3)?;
    let oui = u32::from_be_bytes([0, o[0], o[1], o[2]]);
    cx.s("\n\tOUI: ");
    cx.s(tables::oui_name(oui).unwrap_or("Unknown"));
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, oui as u64, 6);
    cx.b(b')');
    unknown_data(cx, &d[3..], "\n\t", len - 3);
    Ok(())
}

/// Whether a TLV of type `t` and length `l` (header included) goes on
/// with `left` bytes of the PDU: type 0 ends the list, and a length below
/// the header or past the PDU is reported.
fn tlv_fits(cx: &mut Ctx, t: u8, l: usize, left: usize) -> bool {
    if t == 0 {
        return false;
    }
    if l < 2 {
        cx.s("\n\t    ERROR: illegal length - should be >= 2");
        return false;
    }
    if left < l {
        cx.s(TOO_SHORT);
        return false;
    }
    true
}
