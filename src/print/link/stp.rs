//! Spanning tree BPDUs (IEEE 802.1D STP, 802.1w RSTP, 802.1s MSTP,
//! 802.1aq SPB) on LLC SAP 0x42.

use crate::print::core::prelude::*;

const CONFIG: u8 = 0x00;
const RSTP: u8 = 0x02;
const TCN: u8 = 0x80;

static VERSIONS: &[(u8, &str)] = &[(0, "802.1d"), (2, "802.1w"), (3, "802.1s"), (4, "802.1aq")];

static TYPES: &[(u8, &str)] = &[
    (CONFIG, "Config"),
    (RSTP, "Rapid STP"),
    (TCN, "Topology Change"),
];

static FLAGS: &[(u32, &str)] = &[
    (0x01, "Topology change"),
    (0x02, "Proposal"),
    (0x10, "Learn"),
    (0x20, "Forward"),
    (0x40, "Agreement"),
    (0x80, "Topology change ACK"),
];

static ROLES: [&str; 4] = ["Unknown", "Alternate", "Root", "Designated"];

/// Fixed lengths: configuration BPDU, RSTP BPDU, MSTP BPDU without MSTIs.
const CONFIG_LEN: usize = 35;
const RSTP_LEN: usize = 36;
const MSTP_LEN: usize = 102;
const MSTI_LEN: usize = 16;
/// The shortest SPB part after the MSTIs (with its length field).
const SPB_LEN: usize = 87;

pub fn stp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "stp";
    if length < 4 {
        cx.s(" (invalid)");
        return Ok(true);
    }
    // Each field is shown once read.
    let proto_id = d.be16(0)?;
    if proto_id != 0 {
        cx.s("unknown STP version, length ");
        cx.u(length as u64);
        return Ok(true);
    }
    let version = d.u8_at(2)?;
    cx.s("STP ");
    match tables::lookup(VERSIONS, version) {
        Some(v) => cx.s(v),
        None => {
            cx.s("Unknown STP protocol (0x");
            fmt::put_hex2(cx.out, version);
            cx.b(b')');
            return Ok(true);
        }
    }
    let typ = d.u8_at(3)?;
    cx.s(", ");
    match tables::lookup(TYPES, typ) {
        Some(t) => cx.s(t),
        None => {
            cx.s("Unknown BPDU Type (0x");
            fmt::put_hex2(cx.out, typ);
            cx.b(b')');
            return Ok(true);
        }
    }
    match typ {
        TCN => {}
        CONFIG if version == 0 => {
            if length < CONFIG_LEN {
                cx.s(" (invalid)");
                return Ok(true);
            }
            config(cx, d, length, false)?;
        }
        RSTP if version == 2 => {
            if length < RSTP_LEN {
                cx.s(" (invalid)");
                return Ok(true);
            }
            config(cx, d, length, true)?;
        }
        RSTP if version >= 3 => {
            if length < MSTP_LEN {
                cx.s(" (invalid)");
                return Ok(true);
            }
            // The Version 1 Length must be 0 (802.1Q 14.4).
            if d.u8_at(35)? != 0 {
                cx.s(" (invalid)");
                return Ok(true);
            }
            let v3len = d.be16(36)? as usize;
            let mstis = v3len.saturating_sub(MSTP_LEN - 38) / MSTI_LEN;
            let needed = MSTP_LEN + mstis * MSTI_LEN;
            if v3len < MSTP_LEN - 38 || length < needed {
                cx.s(" (invalid)");
                return Ok(true);
            }
            mstp(cx, d, length, v3len, mstis)?;
            if version == 4 {
                spb(cx, d, length, 38 + v3len)?;
            }
        }
        _ => {}
    }
    Ok(true)
}

/// `8001.00:19:06:ea:b8:80` (priority and address).
fn bridge_id(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    fmt::put_hex_padded(cx.out, d.be16(at)? as u64, 4);
    cx.b(b'.');
    cx.mac_raw(d.range(at + 2, 6)?);
    Ok(())
}

/// A timer in 1/256 s: `20.00s`.
fn timer(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let v = d.be16(at)? as u64;
    // Two decimals, rounded as printf rounds (v/256 is exact in binary).
    let hundredths = (v * 100 * 2 + 256) / 512;
    cx.u(hundredths / 100);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, hundredths % 100, 2, b'0');
    cx.b(b's');
    Ok(())
}

fn flags(cx: &mut Ctx, f: u8) {
    cx.s("Flags [");
    cx.flag_names(f as u32, FLAGS);
    cx.b(b']');
}

fn timers(cx: &mut Ctx, d: &[u8]) -> R {
    cx.s("message-age ");
    timer(cx, d, 27)?;
    cx.s(", max-age ");
    timer(cx, d, 29)?;
    cx.s(", hello-time ");
    timer(cx, d, 31)?;
    cx.s(", forwarding-delay ");
    timer(cx, d, 33)
}

/// Configuration and RSTP BPDUs.
fn config(cx: &mut Ctx, d: &[u8], length: usize, rstp: bool) -> R {
    let f = d.u8_at(4)?;
    cx.s(", ");
    flags(cx, f);
    d.range(17, 10)?;
    cx.s(", bridge-id ");
    bridge_id(cx, d, 17)?;
    cx.b(b'.');
    fmt::put_hex_padded(cx.out, d.be16(25)? as u64, 4);
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    d.range(27, 8)?;
    cx.s("\n\t");
    timers(cx, d)?;
    cx.s("\n\troot-id ");
    bridge_id(cx, d, 5)?;
    cx.s(", root-pathcost ");
    cx.u(d.be32(13)? as u64);
    if rstp {
        cx.s(", port-role ");
        cx.s(ROLES[((f >> 2) & 3) as usize]);
    }
    Ok(())
}

/// MSTP (and SPB) BPDUs: the CIST, then each MSTI.
fn mstp(cx: &mut Ctx, d: &[u8], length: usize, v3len: usize, mstis: usize) -> R {
    let f = d.u8_at(4)?;
    cx.s(", CIST ");
    flags(cx, f);
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    cx.s("\n\tport-role ");
    cx.s(ROLES[((f >> 2) & 3) as usize]);
    cx.s(", CIST root-id ");
    bridge_id(cx, d, 5)?;
    cx.s(", CIST ext-pathcost ");
    cx.u(d.be32(13)? as u64);
    cx.s("\n\tCIST regional-root-id ");
    bridge_id(cx, d, 17)?;
    cx.s(", CIST port-id ");
    fmt::put_hex_padded(cx.out, d.be16(25)? as u64, 4);
    cx.s(",\n\t");
    timers(cx, d)?;
    cx.s("\n\tv3len ");
    cx.u(v3len as u64);
    cx.s(", MCID Name ");
    // The name as far as it was captured, then the rest is checked.
    let name = d.get(39..d.len().min(71)).unwrap_or(&[]);
    for &c in name.iter().take_while(|&&c| c != 0) {
        fmt::put_safe_char(cx.out, c);
    }
    d.range(39, 32)?;
    d.range(71, 18)?;
    cx.s(", rev ");
    cx.u(d.be16(71)? as u64);
    cx.s(",\n\t\tdigest ");
    for &b in d.range(73, 16)? {
        fmt::put_hex2(cx.out, b);
    }
    cx.s(", ");
    let pathcost = d.be32(89)?;
    cx.s("CIST int-root-pathcost ");
    cx.u(pathcost as u64);
    cx.b(b',');
    d.range(93, 8)?;
    cx.s("\n\tCIST bridge-id ");
    bridge_id(cx, d, 93)?;
    cx.s(", ");
    let hops = d.u8_at(101)?;
    cx.s("CIST remaining-hops ");
    cx.u(hops as u64);
    for i in 0..mstis {
        let at = MSTP_LEN + i * MSTI_LEN;
        let mf = d.u8_at(at)?;
        let msti = d.be16(at + 1)? & 0x0fff;
        cx.s("\n\tMSTI ");
        cx.u(msti as u64);
        cx.s(", ");
        flags(cx, mf);
        cx.s(", port-role ");
        cx.s(ROLES[((mf >> 2) & 3) as usize]);
        // Each line is shown once all its fields are captured.
        d.range(at + 1, 12)?;
        cx.s("\n\t\tMSTI regional-root-id ");
        bridge_id(cx, d, at + 1)?;
        cx.s(", pathcost ");
        cx.u(d.be32(at + 9)? as u64);
        d.range(at + 13, 3)?;
        cx.s("\n\t\tMSTI bridge-prio ");
        cx.u((d.u8_at(at + 13)? >> 4) as u64);
        cx.s(", port-prio ");
        cx.u((d.u8_at(at + 14)? >> 4) as u64);
        cx.s(", hops ");
        cx.u(d.u8_at(at + 15)? as u64);
    }
    Ok(())
}

/// The 802.1aq part after the MSTIs at `at`: its length is checked
/// (the 2-byte length field included) and, with -v, its fields shown.
fn spb(cx: &mut Ctx, d: &[u8], length: usize, at: usize) -> R {
    let v4len = d.be16(at)? as usize;
    if length < at + v4len + 2 || v4len + 2 < SPB_LEN {
        cx.s(" (invalid)");
        return Ok(());
    }
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    cx.s("\n\tv4len ");
    cx.u(v4len as u64);
    cx.s(", AUXMCID Name ");
    // Up to 32 characters, ending at a NUL.
    for i in 0..32 {
        let c = d.u8_at(at + 3 + i)?;
        if c == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, c);
    }
    let cfg = d.range(at + 35, 18)?;
    cx.s(", Rev ");
    cx.u(u16::from_be_bytes([cfg[0], cfg[1]]) as u64);
    cx.s(",\n\t\tdigest ");
    for &b in &cfg[2..] {
        fmt::put_hex2(cx.out, b);
    }
    let a = d.range(at + 53, 34)?;
    cx.s("\n\tAgreement num ");
    cx.u((a[0] >> 6) as u64);
    cx.s(", Discarded Agreement num ");
    cx.u(((a[0] >> 4) & 3) as u64);
    cx.s(", Agreement valid-flag ");
    cx.u(((a[0] >> 3) & 1) as u64);
    cx.s(",\n\tRestricted role-flag: ");
    cx.u(((a[0] >> 2) & 1) as u64);
    // The capabilities are shown as the whole byte.
    cx.s(", Format id ");
    cx.u((a[2] >> 4) as u64);
    cx.s(" cap ");
    cx.u(a[2] as u64);
    cx.s(", Convention id ");
    cx.u((a[3] >> 4) as u64);
    cx.s(" cap ");
    cx.u(a[3] as u64);
    cx.s(",\n\tEdge count ");
    cx.u(u16::from_be_bytes([a[4], a[5]]) as u64);
    cx.s(", Agreement digest ");
    for &b in &a[14..34] {
        fmt::put_hex2(cx.out, b);
    }
    Ok(())
}
