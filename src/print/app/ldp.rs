//! LDP (RFC 5036) on UDP and TCP port 646: with `-v`, the PDU header,
//! each message and its TLVs.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static MESSAGES: &[(u16, &str)] = &[
    (0x0001, "Notification"),
    (0x0100, "Hello"),
    (0x0200, "Initialization"),
    (0x0201, "KeepAlive"),
    (0x0300, "Address"),
    (0x0301, "Address Withdraw"),
    (0x0400, "Label Mapping"),
    (0x0401, "Label Request"),
    (0x0402, "Label Withdraw"),
    (0x0403, "Label Release"),
    (0x0404, "Label Abort Request"),
];

static TLVS: &[(u16, &str)] = &[
    (0x0100, "FEC"),
    (0x0101, "Address List"),
    (0x0103, "Hop Count"),
    (0x0104, "Path Vector"),
    (0x0200, "Generic Label"),
    (0x0201, "ATM Label"),
    (0x0202, "Frame-Relay Label"),
    (0x0300, "Status"),
    (0x0301, "Extended Status"),
    (0x0302, "Returned PDU"),
    (0x0303, "Returned Message"),
    (0x0400, "Common Hello Parameters"),
    (0x0401, "IPv4 Transport Address"),
    (0x0402, "Configuration Sequence Number"),
    (0x0403, "IPv6 Transport Address"),
    (0x0500, "Common Session Parameters"),
    (0x0501, "ATM Session Parameters"),
    (0x0502, "Frame-Relay Session Parameters"),
    (0x0503, "Fault-Tolerant Session Parameters"),
    (0x0600, "Label Request Message ID"),
];

pub fn print(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "ldp";
    let d = p.body;
    // Nothing prints unless there is room for a common header and a
    // message header.
    if p.length <= 18 {
        return Ok(true);
    }
    let version = d.be16(0)?;
    if version != 1 {
        if cx.opts.verbose > 0 {
            cx.s("\n\t");
        }
        cx.s("LDP version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(true);
    }
    let pdu_len = d.be16(2)? as usize;
    // Without -v, a PDU longer than the datagram prints nothing.
    if cx.opts.verbose == 0 && p.length < 4 + pdu_len {
        return Ok(true);
    }
    cx.s(if cx.opts.verbose == 0 {
        "LDP, Label-Space-ID: "
    } else {
        "\n\tLDP, Label-Space-ID: "
    });
    cx.ipv4(d.range(4, 4)?);
    cx.b(b':');
    cx.u(d.be16(8)? as u64);
    cx.s(", pdu-length: ");
    cx.u(pdu_len as u64);
    if cx.opts.verbose == 0 {
        return Ok(true);
    }
    let end = 4 + pdu_len;
    let mut at = 10;
    while at < end {
        let t = d.be16(at)?;
        let len = d.be16(at + 2)? as usize;
        let id = d.be32(at + 4)?;
        cx.s("\n\t  ");
        cx.s(tables::lookup(MESSAGES, t & 0x7fff).unwrap_or("Unknown"));
        cx.s(" Message (0x");
        fmt::put_hex_padded(cx.out, (t & 0x7fff) as u64, 4);
        cx.s("), length: ");
        cx.u(len as u64);
        cx.s(", Message ID: 0x");
        fmt::put_hex_padded(cx.out, id as u64, 8);
        cx.s(", Flags: [");
        cx.s(if t & 0x8000 != 0 {
            "continue processing"
        } else {
            "ignore"
        });
        cx.s(" if unknown]");
        let mut tat = at + 8;
        let tend = at + 4 + len;
        while tat < tend {
            tat = tlv(cx, d, tat)?;
        }
        at = tend;
    }
    Ok(true)
}

/// One TLV at `at`; the offset after it.
fn tlv(cx: &mut Ctx, d: &[u8], at: usize) -> R<usize> {
    let t = d.be16(at)?;
    let len = d.be16(at + 2)? as usize;
    let ty = t & 0x3fff;
    cx.s("\n\t    ");
    cx.s(tables::lookup(TLVS, ty).unwrap_or("Unknown"));
    cx.s(" TLV (0x");
    fmt::put_hex_padded(cx.out, ty as u64, 4);
    cx.s("), length: ");
    cx.u(len as u64);
    cx.s(", Flags: [");
    cx.s(if t & 0x8000 != 0 {
        "continue processing"
    } else {
        "ignore"
    });
    cx.s(" and ");
    cx.s(if t & 0x4000 != 0 { "do" } else { "don't" });
    cx.s(" forward if unknown]");
    let v = at + 4;
    // The value is checked whole before it prints.
    d.range(v, len)?;
    let short = |cx: &mut Ctx, min: usize| {
        if len < min {
            cx.s(" [tlv length ");
            cx.u(len as u64);
            cx.s(" < ");
            cx.u(min as u64);
            cx.s("] (invalid)");
            true
        } else {
            false
        }
    };
    match ty {
        0x0400 if !short(cx, 4) => {
            let flags = d.be16(v + 2)?;
            cx.s("\n\t      Hold Time: ");
            cx.u(d.be16(v)? as u64);
            cx.s("s, Flags: [");
            cx.s(if flags & 0x8000 != 0 {
                "Targeted"
            } else {
                "Link"
            });
            cx.s(" Hello");
            if flags & 0x4000 != 0 {
                cx.s(", Request for targeted Hellos");
            }
            cx.b(b']');
        }
        0x0401 if !short(cx, 4) => {
            cx.s("\n\t      IPv4 Transport Address: ");
            cx.ipv4(d.range(v, 4)?);
        }
        0x0403 if !short(cx, 16) => {
            cx.s("\n\t      IPv6 Transport Address: ");
            cx.ipv6(d.range(v, 16)?);
        }
        0x0402 if !short(cx, 4) => {
            cx.s("\n\t      Sequence Number: ");
            cx.u(d.be32(v)? as u64);
        }
        0x0503 => {
            short(cx, 12);
        }
        _ => {}
    }
    Ok(v + len)
}
