//! EAPOL (IEEE 802.1X, EtherType 0x888e) and the EAP packets it carries
//! (RFC 3748): codes, method types, and the flags of the TLS-like
//! methods.

use crate::print::core::prelude::*;

static FRAME_TYPES: &[(u8, &str)] = &[
    (0, "EAP packet"),
    (1, "EAPOL start"),
    (2, "EAPOL logoff"),
    (3, "EAPOL key"),
    (4, "Encapsulated ASF alert"),
];

static CODES: &[(u8, &str)] = &[
    (1, "Request"),
    (2, "Response"),
    (3, "Success"),
    (4, "Failure"),
];

static TLS_FLAGS: &[(u8, &str)] = &[
    (0x80, "L bit"),
    (0x40, "More fragments bit"),
    (0x20, "Start bit"),
];

static AKA_SUBTYPES: &[(u8, &str)] = &[
    (1, "Challenge"),
    (2, "Auth reject"),
    (4, "Sync failure"),
    (5, "Identity"),
    (10, "Start"),
    (11, "Challenge"),
    (12, "Notification"),
    (13, "Reauth"),
    (14, "Client error"),
];

fn name_num(cx: &mut Ctx, table: &[(u8, &'static str)], v: u8) {
    cx.s(tables::lookup(table, v).unwrap_or("unknown"));
    cx.s(" (");
    cx.u(v as u64);
    cx.b(b')');
}

pub fn eapol(cx: &mut Ctx, d: &[u8], _length: usize) -> R<bool> {
    cx.proto = "eap";
    let t = d.u8_at(1)?;
    let (version, len) = (d.u8_at(0)?, d.be16(2)?);
    name_num(cx, FRAME_TYPES, t);
    cx.s(" v");
    cx.u(version as u64);
    cx.s(", len ");
    cx.u(len as u64);
    if cx.opts.verbose == 0 || t != 0 {
        return Ok(true);
    }
    if len == 0 {
        cx.s(" (invalid)");
        return Ok(true);
    }
    cx.s(", ");
    eap(cx, &d[4..], len as usize)?;
    Ok(true)
}

/// A length check that failed: ` [len N < M] (invalid)`.
fn short(cx: &mut Ctx, len: usize, min: usize) -> bool {
    if len < min {
        cx.bad_len("len", len as u64, "<", min as u64);
        cx.s(" (invalid)");
        return true;
    }
    false
}

/// Text up to `n` bytes, stopping at a NUL.
fn text(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        let c = d.u8_at(at + i)?;
        if c == 0 {
            break;
        }
        fmt::put_safe_char(cx.out, c);
    }
    Ok(())
}

/// An EAP packet of `length` bytes (as its carrier says).
pub fn eap(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "eap";
    let code = d.u8_at(0)?;
    let len = d.be16(2)? as usize;
    if short(cx, len, 4) {
        return Ok(());
    }
    if len != length {
        // Probably a fragment.
        cx.s("EAP fragment?");
        return Ok(());
    }
    let id = d.u8_at(1)?;
    name_num(cx, CODES, code);
    cx.s(", id ");
    cx.u(id as u64);
    cx.s(", len ");
    cx.u(len as u64);
    d.range(0, len)?;
    if code != 1 && code != 2 {
        return Ok(());
    }
    if short(cx, len, 5) {
        return Ok(());
    }
    let t = d[4];
    cx.s("\n\t\t Type ");
    name_num(cx, tables::EAP_TYPES, t);
    match t {
        1 => {
            if len > 5 {
                cx.s(", Identity: ");
                text(cx, d, 5, len - 5)?;
            }
        }
        2 => {
            if !short(cx, len, 6) {
                cx.s(", Notification: ");
                text(cx, d, 5, len - 5)?;
            }
        }
        3 => {
            if !short(cx, len, 6) {
                for (k, &m) in d[5..len].iter().enumerate() {
                    if k > 0 {
                        cx.b(b',');
                    }
                    cx.b(b' ');
                    name_num(cx, tables::EAP_TYPES, m);
                }
            }
        }
        13 | 21 | 43 => {
            if short(cx, len, 6) {
                return Ok(());
            }
            let f = d[5];
            match t {
                21 => cx.s(" TTLSv"),
                43 => cx.s(" FASTv"),
                _ => {}
            }
            if t != 13 {
                cx.u((f & 7) as u64);
            }
            cx.s(" flags [");
            bits(cx, f, TLS_FLAGS);
            cx.s("] 0x");
            fmt::put_hex2(cx.out, f);
            if f & 0x80 != 0 && !short(cx, len, 10) {
                cx.s(", len ");
                cx.u(d.be32(6)? as u64);
            }
        }
        18 | 23 => {
            if !short(cx, len, 6) {
                cx.s(" subtype [");
                cx.s(tables::lookup(AKA_SUBTYPES, d[5]).unwrap_or("unknown"));
                cx.s("] 0x");
                fmt::put_hex2(cx.out, d[5]);
            }
        }
        _ => {}
    }
    Ok(())
}
