//! Slow protocols (IEEE 802.3 annex 57A): LACP, marker, OAM.

use crate::print::core::prelude::*;

/// Slow protocols (ethertype 0x8809) without `-v`: LACP, Marker and OAM
/// headers. Their `-v` forms are not implemented; callers ask only without
/// `-v`, and only for these subtypes.
pub fn is_slow_known(d: &[u8]) -> bool {
    matches!(d.first(), Some(1..=3 | 10))
}

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

/// The LACP TLVs (802.1AX 6.4.2) with `-v`.
fn lacp_tlvs(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let mut at = 2;
    // Up to the terminator; a TLV header not captured is a truncation.
    while at < d.len().max(length) {
        let t = d.u8_at(at)?;
        let l = d.u8_at(at + 1)? as usize;
        cx.s("\n\t");
        cx.s(match t {
            0 => "Terminator",
            1 => "Actor Information",
            2 => "Partner Information",
            3 => "Collector Information",
            _ => "Unknown",
        });
        cx.s(" TLV (0x");
        fmt::put_hex2(cx.out, t);
        cx.s("), length ");
        cx.u(l as u64);
        if t == 0 {
            break;
        }
        if l < 2 {
            cx.s("\n\t    ERROR: illegal length - should be >= 2");
            break;
        }
        if at + l > length {
            cx.s("\n\t\t packet is too short");
            break;
        }
        let v = d.range(at + 2, l.saturating_sub(2))?;
        // The known TLVs have a fixed length.
        let want = match t {
            1 | 2 => 20,
            3 => 16,
            _ => l,
        };
        if l != want {
            cx.s("\n\t    ERROR: illegal length - should be ");
            cx.u(want as u64);
            at += l;
            continue;
        }
        match t {
            1 | 2 if v.len() >= 16 => {
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
            3 if v.len() >= 2 => {
                cx.s("\n\t  Max Delay ");
                cx.u(v.be16(0)? as u64);
            }
            1..=3 => {}
            _ => hexdump::hex(cx.out, b"\n\t  ", v, 0),
        }
        if l < 2 {
            break;
        }
        at += l;
    }
    Ok(())
}

pub fn slow(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "slow";
    if length < 1 {
        cx.s(" (packet is too short)");
        return Ok(());
    }
    let subtype = d.u8_at(0)?;
    if subtype == 10 {
        // OSSP (ITU-T G.8264): an OUI, then the rest in hex.
        cx.s("OSSP, length ");
        cx.u(length as u64);
        if cx.opts.verbose == 0 {
            return Ok(());
        }
        let oui = d.range(1, 3)?;
        let v = u32::from_be_bytes([0, oui[0], oui[1], oui[2]]);
        cx.s("\n\tOUI: ");
        cx.s(if v == 0x0019a7 { "ITU-T" } else { "Unknown" });
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, v as u64, 6);
        cx.b(b')');
        let rest = &d[4..d.len().min(length)];
        hexdump::hex(cx.out, b"\n\t", rest, 0);
        return Ok(());
    }
    let name = match subtype {
        1 => "LACP",
        2 => "MARKER",
        _ => "OAM",
    };
    if subtype == 3 {
        cx.s(name);
        cx.s(", length ");
        cx.u(length as u64);
        return Ok(());
    }
    if length < 2 {
        cx.s(" (packet is too short)");
        return Ok(());
    }
    let version = d.u8_at(1)?;
    if version != 1 {
        cx.s(name);
        cx.s(" version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(());
    }
    cx.s(name);
    cx.s("v1, length ");
    cx.u(length as u64);
    if cx.opts.verbose > 0 && subtype == 1 {
        lacp_tlvs(cx, &d[..d.len().min(length)], length)?;
    }
    Ok(())
}

/// The EtherType 0x8809 entry: the subtypes decoded, without `-v`.
pub fn slow_if_known(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    if d.is_empty() && length > 0 {
        cx.proto = "slow";
        return Err(Trunc);
    }
    if let Some(&sub) = d.first() {
        if !is_slow_known(d) {
            // An unknown subtype: named by its number, then the bytes.
            cx.proto = "slow";
            cx.s("unknown (");
            cx.u(sub as u64);
            cx.s("), length ");
            cx.u(length as u64);
            hexdump::hex(cx.out, b"\n\t", &d[..d.len().min(length)], 0);
            return Ok(true);
        }
    }
    let lacp = d.first() == Some(&1);
    if (cx.opts.verbose == 0 || lacp || d.first() == Some(&10)) && is_slow_known(d) {
        slow(cx, d, length)?;
        return Ok(true);
    }
    Ok(false)
}
