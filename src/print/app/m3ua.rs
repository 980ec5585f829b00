//! M3UA (RFC 4666), SCTP payload protocol 3, with `-vv`: the message
//! class and type, then each parameter.

use crate::print::core::prelude::*;

static CLASSES: &[(u8, &str)] = &[
    (0, "Management"),
    (1, "Transfer"),
    (2, "SS7"),
    (3, "ASP"),
    (4, "ASP"),
    (9, "Routing Key Management"),
];

static MGMT: &[(u8, &str)] = &[(0, "Error"), (1, "Notify")];
static TRANSFER: &[(u8, &str)] = &[(1, "Data")];
static SSNM: &[(u8, &str)] = &[
    (1, "Destination Unavailable"),
    (2, "Destination Available"),
    (3, "Destination State Audit"),
    (4, "Signalling Congestion"),
    (5, "Destination User Part Unavailable"),
    (6, "Destination Restricted"),
];
static ASPSM: &[(u8, &str)] = &[
    (1, "Up"),
    (2, "Down"),
    (3, "Heartbeat"),
    (4, "Up Acknowledgement"),
    (5, "Down Acknowledgement"),
    (6, "Heartbeat Acknowledgement"),
];
static ASPTM: &[(u8, &str)] = &[
    (1, "Active"),
    (2, "Inactive"),
    (3, "Active Acknowledgement"),
    (4, "Inactive Acknowledgement"),
];
static RKM: &[(u8, &str)] = &[
    (1, "Registration Request"),
    (2, "Registration Response"),
    (3, "Deregistration Request"),
    (4, "Deregistration Response"),
];

/// Each class's message types.
static TYPES: &[(u8, &[(u8, &str)])] = &[
    (0, MGMT),
    (1, TRANSFER),
    (2, SSNM),
    (3, ASPSM),
    (4, ASPTM),
    (9, RKM),
];

static PARAMS: &[(u16, &str)] = &[
    (0x0004, "INFO String"),
    (0x0006, "Routing Context"),
    (0x0007, "Diagnostic Info"),
    (0x0009, "Heartbeat Data"),
    (0x000b, "Traffic Mode Type"),
    (0x000c, "Error Code"),
    (0x000d, "Status"),
    (0x0011, "ASP Identifier"),
    (0x0012, "Affected Point Code"),
    (0x0013, "Correlation ID"),
    (0x0200, "Network Appearance"),
    (0x0204, "User/Cause"),
    (0x0205, "Congestion Indications"),
    (0x0206, "Concerned Destination"),
    (0x0207, "Routing Key"),
    (0x0208, "Registration Result"),
    (0x0209, "Deregistration Result"),
    (0x020a, "Local Routing Key Identifier"),
    (0x020b, "Destination Point Code"),
    (0x020c, "Service Indicators"),
    (0x020e, "Originating Point Code List"),
    (0x0210, "Protocol Data"),
    (0x0212, "Registration Status"),
    (0x0213, "Deregistration Status"),
];

/// Parameters shown as a 32-bit number (the snapshot reads it from the
/// parameter's start, so its tag and length).
const NUMERIC: &[u16] = &[0x0200, 0x0006, 0x0013];

/// ` (invalid)`, and a truncation if the `size` bytes were not captured.
fn invalid(cx: &mut Ctx, b: &[u8], size: usize) -> R {
    cx.s(" (invalid)");
    b.range(0, size)?;
    Ok(())
}

/// The message in `b`, `size` bytes long (header included).
pub fn print(cx: &mut Ctx, b: &[u8], size: usize) -> R {
    cx.proto = "m3ua";
    if size < 8 {
        return invalid(cx, b, size);
    }
    let h = b.range(0, 8)?;
    if h[0] != 1 {
        return Ok(());
    }
    let class = h[2];
    cx.s("\n\t\t");
    match tables::lookup(CLASSES, class) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown message class ");
            cx.u(class as u64);
        }
    }
    if let Some(&(_, types)) = TYPES.iter().find(|(c, _)| *c == class) {
        cx.b(b' ');
        match tables::lookup(types, h[3]) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown (0x");
                fmt::put_hex2(cx.out, h[3]);
                cx.b(b')');
            }
        }
        cx.s(" Message");
    }
    let len = h.be32(4)?;
    if size as u32 != len {
        cx.s("\n\t\t\t@@@@@@ Corrupted length ");
        cx.u(len as u64);
        cx.s(" of message @@@@@@");
        return Ok(());
    }
    params(cx, b.get(8..).unwrap_or(&[]), size - 8)
}

fn params(cx: &mut Ctx, b: &[u8], size: usize) -> R {
    let mut p = 0;
    while p < size {
        if p + 4 > size {
            return invalid(cx, b, size);
        }
        let tag = b.be16(p)?;
        cx.s("\n\t\t\t");
        match tables::lookup(PARAMS, tag) {
            Some(n) => cx.s(n),
            None => {
                cx.s("Unknown Parameter (0x");
                fmt::put_hex_padded(cx.out, tag as u64, 4);
                cx.b(b')');
            }
        }
        cx.s(": ");
        let hlen = b.be16(p + 2)? as usize;
        if hlen < 4 {
            return invalid(cx, b, size);
        }
        let pad = (4 - (p + hlen) % 4) % 4;
        b.range(p, hlen + pad)?;
        let vlen = hlen - 4;
        if NUMERIC.contains(&tag) {
            if vlen < 4 {
                cx.s(" (invalid)");
            } else {
                cx.s("0x");
                fmt::put_hex_padded(cx.out, b.be32(p)? as u64, 8);
            }
        } else {
            cx.s("(length ");
            cx.u(hlen as u64);
            cx.b(b')');
        }
        p += hlen + pad;
    }
    Ok(())
}
