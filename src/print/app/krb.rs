//! Kerberos on UDP ports 88 and 750: the protocol version, and for
//! version 4 the message type, principal names and a few fields (version
//! 5's ASN.1 is not decoded).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static TYPES: &[(u8, &str)] = &[
    (2, "KDC_REQUEST"),
    (4, "KDC_REPLY"),
    (6, "APPL_REQUEST"),
    (8, "APPL_REQUEST_MUTUAL"),
    (10, "ERR_REPLY"),
    (12, "PRIVATE"),
    (14, "SAFE"),
    (16, "APPL_ERR"),
    (126, "DIE"),
];

static ERRORS: &[(u16, &str)] = &[
    (0, "OK"),
    (1, "NAME_EXP"),
    (2, "SERVICE_EXP"),
    (3, "AUTH_EXP"),
    (4, "PKT_VER"),
    (5, "NAME_MAST_KEY_VER"),
    (6, "SERV_MAST_KEY_VER"),
    (7, "BYTE_ORDER"),
    (8, "PRINCIPAL_UNKNOWN"),
    (9, "PRINCIPAL_NOT_UNIQUE"),
    (10, "NULL_KEY"),
];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "kerberos";
    cx.s("kerberos");
    let d = p.captured;
    match d.u8_at(0)? {
        v @ 1..=3 => {
            cx.s(" v");
            cx.u(v as u64);
        }
        4 => {
            cx.s(" v4");
            if v4(cx, d)?.is_none() {
                cx.trunc_marker();
            }
        }
        106 | 107 => cx.s(" v5"),
        _ => {}
    }
    Ok(true)
}

/// A NUL-terminated string from `at`; the offset after the NUL, `None`
/// if the capture ends first.
fn cstr(cx: &mut Ctx, d: &[u8], at: usize) -> Option<usize> {
    let rest = d.get(at..).unwrap_or(&[]);
    for (i, &c) in rest.iter().enumerate() {
        if c == 0 {
            return Some(at + i + 1);
        }
        fmt::put_safe_char(cx.out, c);
    }
    None
}

/// `name.instance@realm` after the two header bytes.
fn principal(cx: &mut Ctx, d: &[u8]) -> Option<usize> {
    let at = cstr(cx, d, 2)?;
    cx.b(b'.');
    let at = cstr(cx, d, at)?;
    cx.b(b'@');
    cstr(cx, d, at)
}

/// Kerberos 4; `None` when a string ran off the capture.
fn v4(cx: &mut Ctx, d: &[u8]) -> R<Option<()>> {
    let raw = d.u8_at(1)?;
    let le = raw & 1 != 0;
    let t = raw & 0xfe;
    let u16_at = |at: usize| -> R<u16> {
        let v = d.be16(at)?;
        Ok(if le { v.swap_bytes() } else { v })
    };
    cx.s(if le { " le " } else { " be " });
    match tables::lookup(TYPES, t) {
        Some(n) => cx.s(n),
        None => {
            cx.b(b'#');
            cx.u(t as u64);
        }
    }
    cx.s(": ");
    match t {
        2 => {
            let Some(at) = principal(cx, d) else {
                return Ok(None);
            };
            let at = at + 4;
            let life = d.u8_at(at)? as u64 * 5;
            cx.b(b' ');
            cx.u(life);
            cx.s("min ");
            let Some(at) = cstr(cx, d, at + 1) else {
                return Ok(None);
            };
            cx.b(b'.');
            if cstr(cx, d, at).is_none() {
                return Ok(None);
            }
        }
        6 => {
            let v = d.u8_at(2)?;
            cx.b(b'v');
            cx.u(v as u64);
            cx.b(b' ');
            let Some(at) = cstr(cx, d, 3) else {
                return Ok(None);
            };
            let a = d.u8_at(at)?;
            cx.s(" (");
            cx.u(a as u64);
            cx.b(b')');
            let b = d.u8_at(at + 1)?;
            cx.s(" (");
            cx.u(b as u64);
            cx.b(b')');
        }
        4 => {
            let Some(at) = principal(cx, d) else {
                return Ok(None);
            };
            let len = u16_at(at + 10)?;
            cx.s(" (");
            cx.u(len as u64);
            cx.b(b')');
        }
        10 => {
            let Some(at) = principal(cx, d) else {
                return Ok(None);
            };
            let e = u16_at(at + 4)?;
            cx.b(b' ');
            match tables::lookup(ERRORS, e) {
                Some(n) => cx.s(n),
                None => {
                    cx.b(b'#');
                    cx.u(e as u64);
                }
            }
            cx.b(b' ');
            if cstr(cx, d, at + 8).is_none() {
                return Ok(None);
            }
        }
        _ => cx.s("(unknown)"),
    }
    Ok(Some(()))
}
