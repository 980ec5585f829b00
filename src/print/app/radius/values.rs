//! Attribute values by form: text (with tunnel tags, VLAN tags, EAP
//! messages), numbers and enumerations, addresses and prefixes, vendor
//! attributes, times and the location attributes (RFC 5580).

use super::data::*;
use super::{invalid_len, Kind};
use crate::print::core::prelude::*;

const TUNNEL_TYPE: u8 = 64;
const TUNNEL_MEDIUM: u8 = 65;
const TUNNEL_PASSWORD: u8 = 69;
const EAP_MESSAGE: u8 = 79;
const EGRESS_VLAN_NAME: u8 = 58;

/// A value of `len` bytes at `at` (in the captured bytes `d`).
pub fn value(cx: &mut Ctx, d: &[u8], at: usize, len: usize, t: u8, kind: Kind) -> R {
    match kind {
        Kind::Hidden => Ok(()),
        Kind::Str => string(cx, d, at, len, t),
        Kind::Num => number(cx, d, at, len, t, None),
        Kind::Enum(names, first) => number(cx, d, at, len, t, Some((names, first))),
        Kind::Addr => {
            if len != 4 {
                invalid_len(cx, "length", len, "!=", 4);
                return Ok(());
            }
            let a = d.range(at, 4)?;
            match (t, u32::from_be_bytes([a[0], a[1], a[2], a[3]])) {
                (8 | 14, 0xffff_ffff) => cx.s("User Selected"),
                (8 | 14, 0xffff_fffe) => cx.s("NAS Select"),
                _ => cx.ipv4(a),
            }
            Ok(())
        }
        Kind::Addr6 => {
            if len != 16 {
                invalid_len(cx, "length", len, "!=", 16);
                return Ok(());
            }
            let a = d.range(at, 16)?;
            cx.ipv6(a);
            Ok(())
        }
        Kind::Prefix6 => prefix6(cx, d, at, len),
        Kind::HomeLinkPrefix => {
            if len != 17 {
                invalid_len(cx, "length", len, "!=", 17);
                return Ok(());
            }
            let plen = d.u8_at(at)? as usize;
            if plen > 128 {
                invalid_len(cx, "prefix length", plen, ">", 128);
                return Ok(());
            }
            let a = d.range(at + 1, 16)?;
            cx.ipv6(a);
            cx.b(b'/');
            cx.u(plen as u64);
            Ok(())
        }
        Kind::Vendor => vendor(cx, d, at, len),
        Kind::Time => {
            if len != 4 {
                invalid_len(cx, "length", len, "!=", 4);
                return Ok(());
            }
            timestamp::put_local_ctime(cx.out, d.be32(at)? as i64);
            Ok(())
        }
        Kind::FeatureVector => {
            if len != 8 {
                invalid_len(cx, "length", len, "!=", 8);
                return Ok(());
            }
            cx.b(b'[');
            let v = (d.be32(at)? as u64) << 32 | d.be32(at + 4)? as u64;
            let mut sep = "";
            for &(bit, name) in FEATURES {
                if v & bit != 0 {
                    cx.s(sep);
                    cx.s(name);
                    sep = ", ";
                }
            }
            cx.b(b']');
            Ok(())
        }
        Kind::Strange => strange(cx, d, at, len, t),
        Kind::OperatorName => {
            if len < 2 {
                invalid_len(cx, "length", len, "<", 2);
                return Ok(());
            }
            let ns = d.u8_at(at)?;
            cx.b(b'[');
            match ns {
                0x30 => cx.s("TADIG"),
                0x31 => cx.s("REALM"),
                0x32 => cx.s("E212"),
                0x33 => cx.s("ICC"),
                _ => {
                    cx.s("unknown namespace ");
                    cx.u(ns as u64);
                }
            }
            cx.s("] ");
            escaped(cx, d, at + 1, len - 1)
        }
        Kind::LocationInfo => location_info(cx, d, at, len),
        Kind::LocationData => {
            if len < 3 {
                invalid_len(cx, "length", len, "<", 3);
                return Ok(());
            }
            let index = d.be16(at)?;
            cx.s("index ");
            cx.u(index as u64);
            cx.s(", location");
            let avail = d.len().saturating_sub(at + 2).min(len - 2);
            hexdump::hex_and_ascii(cx.out, b"\n\t    ", &d[at + 2..at + 2 + avail], 0);
            if avail < len - 2 {
                return Err(Trunc);
            }
            Ok(())
        }
        Kind::PolicyRules => {
            if len < 10 {
                invalid_len(cx, "length", len, "<", 10);
                return Ok(());
            }
            let flags = d.be16(at)?;
            cx.s("flags [");
            let mut any = false;
            for bit in 0..16 {
                if flags & (1 << bit) != 0 {
                    if any {
                        cx.s(", ");
                    }
                    any = true;
                    if bit == 15 {
                        cx.s("Retransmission Allowed");
                    } else {
                        cx.s("MBZ-");
                        cx.u(15 - bit as u64);
                    }
                }
            }
            if !any {
                cx.s("none");
            }
            cx.s("], retention expires ");
            ntp_time(cx, d, at + 2)?;
            if len > 10 {
                cx.s(", note well \"");
                escaped(cx, d, at + 10, len - 10)?;
                cx.b(b'"');
            }
            Ok(())
        }
    }
}

/// `n` bytes of text, unprintable ones escaped; `Err` where the capture
/// ends (after what there was).
fn escaped(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        fmt::put_safe_char(cx.out, d.u8_at(at + i)?);
    }
    Ok(())
}

/// `n` bytes as printable characters (`.` for others), up to a NUL if
/// `to_nul`.
fn dotted_text(cx: &mut Ctx, d: &[u8], at: usize, n: usize, to_nul: bool) -> R {
    for i in 0..n {
        let c = d.u8_at(at + i)?;
        if to_nul && c == 0 {
            break;
        }
        cx.b(if (0x20..0x7f).contains(&c) { c } else { b'.' });
    }
    Ok(())
}

/// `Tag[N] ` (`Tag[Unused] ` for 0).
fn tag(cx: &mut Ctx, t: u8) {
    if t == 0 {
        cx.s("Tag[Unused] ");
    } else {
        cx.s("Tag[");
        cx.u(t as u64);
        cx.s("] ");
    }
}

/// RFC 4675's VLAN tag indicator: `Tagged (0x31) `.
fn vlan_tag(cx: &mut Ctx, t: u8) {
    cx.s(match t {
        0x31 => "Tagged",
        0x32 => "Untagged",
        _ => "Unknown tag",
    });
    cx.s(" (0x");
    fmt::put_hex2(cx.out, t);
    cx.s(") ");
}

fn string(cx: &mut Ctx, d: &[u8], mut at: usize, mut len: usize, t: u8) -> R {
    match t {
        TUNNEL_PASSWORD => {
            if len < 3 {
                invalid_len(cx, "length", len, "<", 3);
                return Ok(());
            }
            let b = d.u8_at(at)?;
            tag(cx, if b <= 0x1f { b } else { 0 });
            let salt = d.be16(at + 1)?;
            cx.s("Salt ");
            cx.u(salt as u64);
            cx.b(b' ');
            at += 3;
            len -= 3;
        }
        66 | 67 | 81 | 82 | 90 | 91 => {
            let b = d.u8_at(at)?;
            if b <= 0x1f {
                tag(cx, b);
                at += 1;
                len -= 1;
            }
        }
        EGRESS_VLAN_NAME => {
            vlan_tag(cx, d.u8_at(at)?);
            at += 1;
            len -= 1;
        }
        EAP_MESSAGE => return eap(cx, d, at, len),
        _ => {}
    }
    dotted_text(cx, d, at, len, true)
}

fn number(
    cx: &mut Ctx,
    d: &[u8],
    at: usize,
    len: usize,
    t: u8,
    names: Option<(&[&str], u32)>,
) -> R {
    if len != 4 {
        invalid_len(cx, "length", len, "!=", 4);
        return Ok(());
    }
    // A tag (or VLAN indicator) is read and shown before the 24 bits
    // after it.
    let tagged = |cx: &mut Ctx, vlan: bool| -> R<u32> {
        let first = d.u8_at(at)?;
        if vlan {
            vlan_tag(cx, first);
        } else {
            tag(cx, first);
        }
        Ok(d.be32(at)? & 0x00ff_ffff)
    };
    if let Some((names, first)) = names {
        let v = if t == TUNNEL_TYPE || t == TUNNEL_MEDIUM {
            tagged(cx, false)?
        } else {
            d.be32(at)?
        };
        match names.get(v as usize).filter(|_| v >= first) {
            Some(n) => cx.s(n),
            None => {
                cx.b(b'#');
                cx.u(v as u64);
            }
        }
        return Ok(());
    }
    if t == 83 || t == 56 {
        let v = tagged(cx, t == 56)?;
        cx.u(v as u64);
        return Ok(());
    }
    let v = d.be32(at)?;
    match t {
        23 if v == 0xffff_fffe => cx.s("NAS Select"),
        27 | 28 | 41 | 46 | 85 => duration(cx, v),
        37 if v == 0 => cx.s("Unnumbered"),
        38 if v == 0 => cx.s("NAS assigned"),
        _ => cx.u(v as u64),
    }
    Ok(())
}

/// Seconds as `SS secs`, `MM:SS min` or `HH:MM:SS hours`.
fn duration(cx: &mut Ctx, secs: u32) {
    let two = |cx: &mut Ctx, n: u32| fmt::put_padded_u64(cx.out, n as u64, 2, b'0');
    if secs < 60 {
        two(cx, secs);
        cx.s(" secs");
    } else if secs < 3600 {
        two(cx, secs / 60);
        cx.b(b':');
        two(cx, secs % 60);
        cx.s(" min");
    } else {
        two(cx, secs / 3600);
        cx.b(b':');
        two(cx, secs % 3600 / 60);
        cx.b(b':');
        two(cx, secs % 60);
        cx.s(" hours");
    }
}

/// An IPv6 prefix (RFC 3162): reserved byte, length, the prefix's bytes.
fn prefix6(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 2 {
        invalid_len(cx, "length", len, "<", 2);
        return Ok(());
    }
    if len > 18 {
        invalid_len(cx, "length", len, ">", 18);
        return Ok(());
    }
    let reserved = d.u8_at(at)?;
    if reserved != 0 {
        cx.s("[reserved-MBZ ");
        cx.u(reserved as u64);
        cx.s("] ");
    }
    let plen = d.u8_at(at + 1)? as usize;
    if plen > 128 {
        invalid_len(cx, "prefix length", plen, ">", 128);
        return Ok(());
    }
    let mut a = [0u8; 16];
    a[..len - 2].copy_from_slice(d.range(at + 2, len - 2)?);
    fmt::put_ipv6(cx.out, &a);
    cx.b(b'/');
    cx.u(plen as u64);
    if plen > 8 * (len - 2) {
        invalid_len(cx, "inconsistent prefix length", plen, ">", 8 * (len - 2));
    }
    Ok(())
}

/// Vendor-Specific: the enterprise, then its attributes.
fn vendor(cx: &mut Ctx, d: &[u8], mut at: usize, mut len: usize) -> R {
    if len < 4 {
        invalid_len(cx, "length", len, "<", 4);
        return Ok(());
    }
    let id = d.be32(at)?;
    cx.s("Vendor: ");
    cx.s(tables::lookup(tables::SMI_ENTERPRISES, id).unwrap_or("Unknown"));
    cx.s(" (");
    cx.u(id as u64);
    cx.b(b')');
    at += 4;
    len -= 4;
    while len >= 2 {
        let t = d.u8_at(at)?;
        let vlen = d.u8_at(at + 1)? as usize;
        cx.s("\n\t    Vendor Attribute: ");
        cx.u(t as u64);
        cx.s(", length: ");
        cx.u(vlen as u64);
        if vlen < 2 {
            invalid_len(cx, "length", vlen, "<", 2);
            return Ok(());
        }
        if vlen > len {
            invalid_len(cx, "length", vlen, ">", len);
            return Ok(());
        }
        cx.s(", value: ");
        dotted_text(cx, d, at + 2, vlen - 2, false)?;
        at += vlen;
        len -= vlen;
    }
    Ok(())
}

/// Upper-case hex bytes.
fn hex_upper(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        let b = d.u8_at(at + i)?;
        cx.out.extend_from_slice(format!("{b:02X}").as_bytes());
    }
    Ok(())
}

/// ARAP attributes and the error cause.
fn strange(cx: &mut Ctx, d: &[u8], at: usize, len: usize, t: u8) -> R {
    let want = match t {
        70 => 16,
        71 => 14,
        84 => 8,
        _ => 4,
    };
    if len != want {
        invalid_len(cx, "length", len, "!=", want);
        return Ok(());
    }
    match t {
        70 => {
            cx.s("User_challenge (");
            hex_upper(cx, d, at, 8)?;
            cx.s(") User_resp(");
            hex_upper(cx, d, at + 8, 8)?;
            cx.b(b')');
        }
        71 => {
            cx.s(if d.u8_at(at)? != 0 {
                "User can change password"
            } else {
                "User cannot change password"
            });
            let min = d.u8_at(at + 1)?;
            cx.s(", Min password length: ");
            cx.u(min as u64);
            cx.s(", created at: ");
            hex_upper(cx, d, at + 2, 4)?;
            cx.s(", expires in: ");
            hex_upper(cx, d, at + 6, 4)?;
            cx.s(", Current Time: ");
            hex_upper(cx, d, at + 10, 4)?;
        }
        84 => hex_upper(cx, d, at, 8)?,
        _ => {
            let v = d.be32(at)?;
            cx.s("Error cause ");
            cx.u(v as u64);
            cx.s(": ");
            match tables::lookup(ERROR_CAUSES, v) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("Error-Cause ");
                    cx.u(v as u64);
                    cx.s(" not known");
                }
            }
        }
    }
    Ok(())
}

/// An NTP timestamp (8 bytes).
fn ntp_time(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let (s, f) = (d.be32(at)?, d.be32(at + 4)?);
    fmt::put_ntp_time(cx.out, s, f);
    Ok(())
}

/// Location-Information (RFC 5580).
fn location_info(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 21 {
        invalid_len(cx, "length", len, "<", 21);
        return Ok(());
    }
    let index = d.be16(at)?;
    let (code, entity) = (d.u8_at(at + 2)?, d.u8_at(at + 3)?);
    cx.s("index ");
    cx.u(index as u64);
    cx.s(", code ");
    let named = |cx: &mut Ctx, v: u8, names: [&str; 2]| match names.get(v as usize) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown (");
            cx.u(v as u64);
            cx.b(b')');
        }
    };
    named(cx, code, ["Civic", "Geospatial"]);
    cx.s(", entity ");
    named(cx, entity, ["User", "RADIUS"]);
    cx.s(", sighting time ");
    ntp_time(cx, d, at + 4)?;
    cx.s(", time to live ");
    ntp_time(cx, d, at + 12)?;
    cx.s(", method \"");
    escaped(cx, d, at + 20, len - 20)?;
    cx.b(b'"');
    Ok(())
}

/// An EAP message (RFC 3748) carried in EAP-Message: the header, and of
/// requests and responses the type (TLS-like flags, identity, ...).
fn eap(cx: &mut Ctx, d: &[u8], at: usize, length: usize) -> R {
    cx.proto = "eap";
    let code = d.u8_at(at)?;
    let len = d.be16(at + 2)? as usize;
    if len < 4 {
        invalid_len(cx, "len", len, "<", 4);
        return Ok(());
    }
    if len != length {
        cx.s("EAP fragment?");
        return Ok(());
    }
    let id = d.u8_at(at + 1)?;
    cx.s(match code {
        1 => "Request",
        2 => "Response",
        3 => "Success",
        4 => "Failure",
        _ => "unknown",
    });
    cx.s(" (");
    cx.u(code as u64);
    cx.s("), id ");
    cx.u(id as u64);
    cx.s(", len ");
    cx.u(len as u64);
    d.range(at, len)?;
    if code != 1 && code != 2 {
        return Ok(());
    }
    if len < 5 {
        invalid_len(cx, "len", len, "<", 5);
        return Ok(());
    }
    let t = d[at + 4];
    cx.s("\n\t\t Type ");
    cx.s(tables::lookup(tables::EAP_TYPES, t).unwrap_or("unknown"));
    cx.s(" (");
    cx.u(t as u64);
    cx.b(b')');
    let v = &d[at..at + len];
    let need6 = |cx: &mut Ctx| {
        if len < 6 {
            invalid_len(cx, "len", len, "<", 6);
            false
        } else {
            true
        }
    };
    match t {
        1 if len > 5 => {
            cx.s(", Identity: ");
            text_to_nul(cx, &v[5..]);
        }
        2 => {
            if need6(cx) {
                cx.s(", Notification: ");
                text_to_nul(cx, &v[5..]);
            }
        }
        3 => {
            if need6(cx) {
                let mut sep = "";
                for &a in &v[5..] {
                    cx.s(sep);
                    cx.b(b' ');
                    cx.s(tables::lookup(tables::EAP_TYPES, a).unwrap_or("unknown"));
                    cx.s(" (");
                    cx.u(a as u64);
                    cx.b(b')');
                    sep = ",";
                }
            }
        }
        13 | 21 | 43 => {
            if need6(cx) {
                let f = v[5];
                if t == 21 {
                    cx.s(" TTLSv");
                } else if t == 43 {
                    cx.s(" FASTv");
                }
                if t != 13 {
                    cx.u((f & 7) as u64);
                }
                cx.s(" flags [");
                cx.flag_names(
                    f as u32,
                    &[
                        (0x80, "L bit"),
                        (0x40, "More fragments bit"),
                        (0x20, "Start bit"),
                    ],
                );
                cx.s("] 0x");
                fmt::put_hex2(cx.out, f);
                if f & 0x80 != 0 {
                    if len < 10 {
                        invalid_len(cx, "len", len, "<", 10);
                    } else {
                        cx.s(", len ");
                        cx.u(u32::from_be_bytes([v[6], v[7], v[8], v[9]]) as u64);
                    }
                }
            }
        }
        18 | 23 => {
            if need6(cx) {
                let s = v[5];
                cx.s(" subtype [");
                cx.s(match s {
                    1 => "Challenge",
                    2 => "Auth reject",
                    4 => "Sync failure",
                    5 => "Identity",
                    10 => "Start",
                    11 => "Challenge",
                    12 => "Notification",
                    13 => "Reauth",
                    14 => "Client error",
                    _ => "unknown",
                });
                cx.s("] 0x");
                fmt::put_hex2(cx.out, s);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Text up to a NUL, unprintable bytes escaped.
fn text_to_nul(cx: &mut Ctx, b: &[u8]) {
    for &c in b.iter().take_while(|&&c| c != 0) {
        fmt::put_safe_char(cx.out, c);
    }
}
