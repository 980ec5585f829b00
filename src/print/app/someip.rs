//! SOME/IP (AUTOSAR) on UDP port 30490, or by
//! `-T someip`: the 16-byte header.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static MESSAGE_TYPES: &[(u8, &str)] = &[
    (0x00, "REQUEST"),
    (0x01, "REQUEST_NO_RETURN"),
    (0x02, "NOTIFICATION"),
    (0x20, "TP_REQUEST"),
    (0x21, "TP_REQUEST_NO_RETURN"),
    (0x22, "TP_NOTIFICATION"),
    (0x80, "RESPONSE"),
    (0x81, "ERROR"),
    (0xa0, "TP_RESPONSE"),
    (0xa1, "TP_ERROR"),
];

static RETURN_CODES: &[(u8, &str)] = &[
    (0x00, "E_OK"),
    (0x01, "E_NOT_OK"),
    (0x02, "E_UNKNOWN_SERVICE"),
    (0x03, "E_UNKNOWN_METHOD"),
    (0x04, "E_NOT_READY"),
    (0x05, "E_NOT_REACHABLE"),
    (0x06, "E_TIMEOUT"),
    (0x07, "E_WRONG_PROTOCOL_VERSION"),
    (0x08, "E_WRONG_INTERFACE_VERSION"),
    (0x09, "E_MALFORMED_MESSAGE"),
    (0x0a, "E_WRONG_MESSAGE_TYPE"),
    (0x0b, "E_E2E_REPEATED"),
    (0x0c, "E_E2E_WRONG_SEQUENCE"),
    (0x0d, "E_E2E"),
    (0x0e, "E_E2E_NOT_AVAILABLE"),
    (0x0f, "E_E2E_NO_NEW_DATA"),
];

pub fn print(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "someip";
    let d = p.body;
    cx.s("SOMEIP");
    if p.length < 16 {
        cx.bad_len("length", p.length as u64, "<", 16);
        cx.s(" (invalid)");
        return Ok(true);
    }
    // Service and method, then client and session, are read in pairs.
    d.be32(0)?;
    let service = d.be16(0)?;
    cx.s(", service ");
    cx.u(service as u64);
    let method = d.be16(2)?;
    if method & 0x8000 != 0 {
        cx.s(", event ");
        cx.u((method & 0x7fff) as u64);
    } else {
        cx.s(", method ");
        cx.u(method as u64);
    }
    let v = d.be32(4)? as u64;
    cx.s(", len ");
    cx.u(v);
    d.be32(8)?;
    let v = d.be16(8)? as u64;
    cx.s(", client ");
    cx.u(v);
    let v = d.be16(10)? as u64;
    cx.s(", session ");
    cx.u(v);
    let v = d.u8_at(12)?;
    cx.s(", pver ");
    cx.u(v as u64);
    let v = d.u8_at(13)?;
    cx.s(", iver ");
    cx.u(v as u64);
    let v = d.u8_at(14)?;
    cx.s(", msgtype ");
    cx.s(tables::lookup(MESSAGE_TYPES, v).unwrap_or("Unknown"));
    let rc = d.u8_at(15)?;
    cx.s(", retcode ");
    cx.s(tables::lookup(RETURN_CODES, rc).unwrap_or("Unknown"));
    Ok(true)
}
