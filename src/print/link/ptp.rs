//! Precision Time Protocol (IEEE 1588) v2.

use crate::print::core::prelude::*;

/// Whether a PTP message is one this printer decodes: IEEE 1588 version 2
/// with at least its common header, not a management message (whose
/// tcpdump form is not reproduced).
pub fn is_ptp_v2(d: &[u8], length: usize) -> bool {
    length >= 34 && d.get(1) == Some(&2) && d.first().is_some_and(|b| b & 0x0f != 0xd)
}

fn put_hex_u64(cx: &mut Ctx, v: u64) {
    cx.s("0x");
    fmt::put_hex(cx.out, v);
}

fn be48(d: &[u8], at: usize) -> R<u64> {
    let b = d.range(at, 6)?;
    Ok(b.iter().fold(0u64, |acc, &x| acc << 8 | x as u64))
}

fn be64(d: &[u8], at: usize) -> R<u64> {
    Ok((d.be32(at)? as u64) << 32 | d.be32(at + 4)? as u64)
}

/// PTP version 2 (IEEE 1588-2008), over ethertype 0x88f7: tcpdump's one
/// line, the same with and without `-v`.
pub fn ptp(cx: &mut Ctx, d: &[u8]) -> R {
    cx.proto = "ptp";
    cx.s("PTPv2");
    let first = d.u8_at(0)?;
    cx.s(", majorSdoId: 0x");
    fmt::put_hex(cx.out, (first >> 4) as u64);
    let msg_type = first & 0x0f;
    cx.s(", msg type: ");
    cx.s(match msg_type {
        0x0 => "sync msg",
        0x1 => "delay req msg",
        0x2 => "peer delay req msg",
        0x3 => "peer delay resp msg",
        0x8 => "follow up msg",
        0x9 => "delay resp msg",
        0xa => "pdelay resp fup msg",
        0xb => "announce msg",
        0xc => "signaling msg",
        0xd => "management msg",
        _ => "Reserved",
    });
    cx.s(", length: ");
    cx.u(d.be16(2)? as u64);
    cx.s(", domain: ");
    cx.u(d.u8_at(4)? as u64);
    cx.s(", reserved1: ");
    cx.u(d.u8_at(5)? as u64);
    let flags = d.be16(6)?;
    cx.s(", Flags [");
    cx.flag_names(
        flags as u32,
        &[
            (0x1, "l1 61"),
            (0x2, "l1 59"),
            (0x4, "utc reasonable"),
            (0x8, "timescale"),
            (0x10, "time tracable"),
            (0x20, "frequency tracable"),
            (0x100, "alternate master"),
            (0x200, "two step"),
            (0x400, "unicast"),
            (0x1000, "profile specific 1"),
            (0x2000, "profile specific 2"),
            (0x4000, "security mask"),
        ],
    );
    cx.s("], NS correction: ");
    cx.u(be48(d, 8)?);
    cx.s(", sub NS correction: ");
    cx.u(d.be16(14)? as u64);
    cx.s(", reserved2: ");
    cx.u(d.be32(16)? as u64);
    cx.s(", clock identity: ");
    put_hex_u64(cx, be64(d, 20)?);
    cx.s(", port id: ");
    cx.u(d.be16(28)? as u64);
    cx.s(", seq id: ");
    cx.u(d.be16(30)? as u64);
    let control = d.u8_at(32)?;
    cx.s(", control: ");
    cx.u(control as u64);
    cx.s(match control {
        0 => " (Sync)",
        1 => " (Delay_Req)",
        2 => " (Follow_Up)",
        3 => " (Delay_Resp)",
        4 => " (Management)",
        5 => " (Other)",
        _ => " (Reserved)",
    });
    cx.s(", log message interval: ");
    cx.u(d.u8_at(33)? as u64);
    let at = 34;
    match msg_type {
        0x0 | 0x1 => ptp_timestamp(cx, d, at, "originTimeStamp"),
        0x8 => ptp_timestamp(cx, d, at, "preciseOriginTimeStamp"),
        0x2 => ptp_timestamp_identity(cx, d, at, "preciseOriginTimeStamp"),
        0x3 | 0x9 => ptp_timestamp_identity(cx, d, at, "receiveTimeStamp"),
        0xa => ptp_timestamp_identity(cx, d, at, "preciseOriginTimeStamp"),
        0xb => ptp_announce(cx, d, at),
        0xc => ptp_port(cx, d, at),
        _ => Ok(()),
    }
}

fn ptp_timestamp(cx: &mut Ctx, d: &[u8], at: usize, name: &str) -> R {
    cx.s(", ");
    cx.s(name);
    cx.s(": ");
    cx.u(be48(d, at)?);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, d.be32(at + 6)? as u64, 9, b'0');
    cx.s(" seconds");
    Ok(())
}

fn ptp_timestamp_identity(cx: &mut Ctx, d: &[u8], at: usize, name: &str) -> R {
    ptp_timestamp(cx, d, at, name)?;
    ptp_port(cx, d, at + 10)
}

fn ptp_port(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    cx.s(", port identity: ");
    put_hex_u64(cx, be64(d, at)?);
    cx.s(", port id: ");
    cx.u(d.be16(at + 8)? as u64);
    Ok(())
}

fn ptp_announce(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    cx.s(", originTimeStamp: ");
    cx.u(be48(d, at)?);
    cx.b(b'.');
    fmt::put_padded_u64(cx.out, d.be32(at + 6)? as u64, 9, b'0');
    cx.s(" seconds, origin cur utc:");
    cx.u(d.be16(at + 10)? as u64);
    cx.s(", rsvd: ");
    cx.u(d.u8_at(at + 12)? as u64);
    cx.s(", gm priority_1: ");
    cx.u(d.u8_at(at + 13)? as u64);
    cx.s(", gm clock class: ");
    cx.u(d.u8_at(at + 14)? as u64);
    cx.s(", gm clock accuracy: ");
    cx.u(d.u8_at(at + 15)? as u64);
    cx.s(", gm clock variance: ");
    cx.u(d.be16(at + 16)? as u64);
    cx.s(", gm priority_2: ");
    cx.u(d.u8_at(at + 18)? as u64);
    cx.s(", gm clock id: ");
    put_hex_u64(cx, be64(d, at + 19)?);
    cx.s(", steps removed: ");
    cx.u(d.be16(at + 27)? as u64);
    cx.s(", time source: 0x");
    fmt::put_hex(cx.out, d.u8_at(at + 29)? as u64);
    Ok(())
}

/// The EtherType 0x88f7 entry: PTP version 2 only.
pub fn ptp_if_v2(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    if is_ptp_v2(d, length) {
        ptp(cx, d)?;
        return Ok(true);
    }
    Ok(false)
}
