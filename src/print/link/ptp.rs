//! Precision Time Protocol (IEEE 1588) over Ethernet (0x88f7) and UDP
//! (ports 319, 320): the version, version 2 messages decoded.

use crate::print::core::prelude::*;

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

/// A version 2 (IEEE 1588-2008) message after its `PTPv2`: tcpdump's one
/// line, the same with and without `-v`.
fn ptp_v2(cx: &mut Ctx, d: &[u8]) -> R {
    minor_version(cx, d)?;
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
    let v = d.be16(2)? as u64;
    cx.s(", length: ");
    cx.u(v);
    let (domain, reserved1) = (d.u8_at(4)?, d.u8_at(5)?);
    cx.s(", domain: ");
    cx.u(domain as u64);
    cx.s(", reserved1: ");
    cx.u(reserved1 as u64);
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
    cx.b(b']');
    let v = be48(d, 8)?;
    cx.s(", NS correction: ");
    cx.u(v);
    let v = d.be16(14)? as u64;
    cx.s(", sub NS correction: ");
    cx.u(v);
    let v = d.be32(16)? as u64;
    cx.s(", reserved2: ");
    cx.u(v);
    let v = be64(d, 20)?;
    cx.s(", clock identity: ");
    put_hex_u64(cx, v);
    let v = d.be16(28)? as u64;
    cx.s(", port id: ");
    cx.u(v);
    let v = d.be16(30)? as u64;
    cx.s(", seq id: ");
    cx.u(v);
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
    let v = d.u8_at(33)? as u64;
    cx.s(", log message interval: ");
    cx.u(v);
    let at = 34;
    match msg_type {
        0x0 | 0x1 => ptp_timestamp(cx, d, at, "originTimeStamp"),
        0x8 => ptp_timestamp(cx, d, at, "preciseOriginTimeStamp"),
        0x2 => ptp_timestamp_identity(cx, d, at, "preciseOriginTimeStamp"),
        0x3 | 0x9 => ptp_timestamp_identity(cx, d, at, "receiveTimeStamp"),
        0xa => ptp_timestamp_identity(cx, d, at, "preciseOriginTimeStamp"),
        0xb => ptp_announce(cx, d, at),
        0xc => ptp_port(cx, d, at),
        0xd => ptp_management(cx, d, at),
        _ => Ok(()),
    }
}

fn ptp_timestamp(cx: &mut Ctx, d: &[u8], at: usize, name: &str) -> R {
    cx.s(", ");
    cx.s(name);
    cx.b(b':');
    let secs = be48(d, at)?;
    cx.b(b' ');
    cx.u(secs);
    cx.b(b'.');
    let ns = d.be32(at + 6)?;
    fmt::put_padded_u64(cx.out, ns as u64, 9, b'0');
    cx.s(" seconds");
    if ns >= 1_000_000_000 {
        cx.s(" (invalid ns)");
    }
    Ok(())
}

fn ptp_timestamp_identity(cx: &mut Ctx, d: &[u8], at: usize, name: &str) -> R {
    ptp_timestamp(cx, d, at, name)?;
    ptp_port(cx, d, at + 10)
}

fn ptp_port(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    let v = be64(d, at)?;
    cx.s(", port identity: ");
    put_hex_u64(cx, v);
    let v = d.be16(at + 8)? as u64;
    cx.s(", port id: ");
    cx.u(v);
    Ok(())
}

fn ptp_announce(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    ptp_timestamp(cx, d, at, "originTimeStamp")?;
    let v = d.be16(at + 10)? as u64;
    cx.s(", origin cur utc:");
    cx.u(v);
    let v = d.u8_at(at + 12)? as u64;
    cx.s(", rsvd: ");
    cx.u(v);
    let v = d.u8_at(at + 13)? as u64;
    cx.s(", gm priority_1: ");
    cx.u(v);
    let v = d.u8_at(at + 14)? as u64;
    cx.s(", gm clock class: ");
    cx.u(v);
    let v = d.u8_at(at + 15)? as u64;
    cx.s(", gm clock accuracy: ");
    cx.u(v);
    let v = d.be16(at + 16)? as u64;
    cx.s(", gm clock variance: ");
    cx.u(v);
    let v = d.u8_at(at + 18)? as u64;
    cx.s(", gm priority_2: ");
    cx.u(v);
    let v = be64(d, at + 19)?;
    cx.s(", gm clock id: ");
    put_hex_u64(cx, v);
    let v = d.be16(at + 27)? as u64;
    cx.s(", steps removed: ");
    cx.u(v);
    let v = d.u8_at(at + 29)? as u64;
    cx.s(", time source: 0x");
    fmt::put_hex(cx.out, v);
    Ok(())
}

/// `.N` for a minor version other than 0.
fn minor_version(cx: &mut Ctx, d: &[u8]) -> R {
    let minor = d.u8_at(1)? >> 4;
    if minor != 0 {
        cx.b(b'.');
        cx.u(minor as u64);
    }
    Ok(())
}

fn ptp_management(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    ptp_port(cx, d, at)?;
    let v = d.u8_at(at + 10)? as u64;
    cx.s(", start boundary hops: ");
    cx.u(v);
    let v = d.u8_at(at + 11)? as u64;
    cx.s(", boundary hops: ");
    cx.u(v);
    let flags = d.u8_at(at + 12)?;
    cx.s(", flags: 0x");
    fmt::put_hex(cx.out, flags as u64);
    let reserved = d.u8_at(at + 13)?;
    cx.s(", reserved: 0x");
    fmt::put_hex(cx.out, reserved as u64);
    Ok(())
}

/// PTP over UDP (event port 319, general port 320) or Ethernet: any
/// version named, version 2 decoded.
pub fn ptp_udp(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "ptp";
    cx.s("PTP");
    if length < 34 {
        cx.s(" [length ");
        cx.u(length as u64);
        cx.s(" < 34] (invalid)");
        return Ok(());
    }
    match d.u8_at(1)? & 0x0f {
        1 => {
            cx.s("v1");
            minor_version(cx, d)?;
            cx.s(" (not implemented)");
        }
        2 => {
            cx.s("v2");
            return ptp_v2(cx, d);
        }
        v => {
            cx.b(b'v');
            cx.u(v as u64);
            minor_version(cx, d)?;
            cx.s(" (unsupported)");
        }
    }
    Ok(())
}

/// The EtherType 0x88f7 entry: the same as over UDP.
pub fn ptp_ether(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    ptp_udp(cx, d, length)?;
    Ok(true)
}
