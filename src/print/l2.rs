//! Layer-2 protocols that sit directly on an ethertype: ATA over Ethernet.

use super::app::put_safe_char;
use super::{Bytes, Ctx, R};

/// Flag names of a bit set, `, `-separated, or `none` (tcpdump's
/// `bittok2str`).
fn bits(cx: &mut Ctx, value: u8, names: &[(u8, &str)]) {
    let mut any = false;
    for &(bit, name) in names {
        if value & bit != 0 {
            if any {
                cx.s(", ");
            }
            cx.s(name);
            any = true;
        }
    }
    if !any {
        cx.s("none");
    }
}

/// ` (invalid)`, and the truncation marker if the bytes it covers were not
/// all captured.
fn invalid(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    cx.s(" (invalid)");
    d.range(at, len)?;
    Ok(())
}

fn unknown_hex(cx: &mut Ctx, v: u8) {
    cx.s("Unknown (0x");
    super::fmt::put_hex_padded(cx.out, v as u64, 2);
    cx.b(b')');
}

/// ATA over Ethernet (ethertype 0x88a2).
pub fn aoe(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "aoe";
    cx.s("AoE length ");
    cx.u(length as u64);
    if length < 1 {
        return invalid(cx, d, 0, length);
    }
    let ver = d.u8_at(0)? >> 4;
    cx.s(", Ver ");
    cx.u(ver as u64);
    if ver == 1 {
        aoe_v1(cx, d, length)?;
    }
    Ok(())
}

fn aoe_v1(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    if len < 10 {
        return invalid(cx, d, 0, len);
    }
    let flags = d.u8_at(0)? & 0x0f;
    cx.s(", Flags: [");
    bits(
        cx,
        flags,
        &[
            (0x08, "Response"),
            (0x04, "Error"),
            (0x02, "MBZ-1"),
            (0x01, "MBZ-0"),
        ],
    );
    cx.b(b']');
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    if flags & 0x04 != 0 {
        let e = d.u8_at(1)?;
        cx.s("\n\tError: ");
        match e {
            1 => cx.s("Unrecognized command code"),
            2 => cx.s("Bad argument parameter"),
            3 => cx.s("Device unavailable"),
            4 => cx.s("Config string present"),
            5 => cx.s("Unsupported version"),
            6 => cx.s("Target is reserved"),
            _ => {
                cx.s("Invalid (");
                cx.u(e as u64);
                cx.b(b')');
            }
        }
    }
    cx.s("\n\tMajor: 0x");
    super::fmt::put_hex_padded(cx.out, d.be16(2)? as u64, 4);
    cx.s(", Minor: 0x");
    super::fmt::put_hex_padded(cx.out, d.u8_at(4)? as u64, 2);
    let command = d.u8_at(5)?;
    cx.s(", Command: ");
    match command {
        0 => cx.s("Issue ATA Command"),
        1 => cx.s("Query Config Information"),
        2 => cx.s("MAC Mask List"),
        3 => cx.s("Reserve/Release"),
        _ => unknown_hex(cx, command),
    }
    cx.s(", Tag: 0x");
    super::fmt::put_hex_padded(cx.out, d.be32(6)? as u64, 8);
    let (at, len) = (10, len - 10);
    match command {
        0 => aoe_issue(cx, d, at, len),
        1 => aoe_query(cx, d, at, len),
        2 => aoe_mac(cx, d, at, len),
        3 => aoe_reserve(cx, d, at, len),
        _ => Ok(()),
    }
}

fn aoe_issue(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 12 {
        return invalid(cx, d, at, len);
    }
    cx.s("\n\tAFlags: [");
    let aflags = d.u8_at(at)?;
    bits(
        cx,
        aflags,
        &[
            (0x80, "MBZ-7"),
            (0x40, "Ext48"),
            (0x20, "MBZ-5"),
            (0x10, "Device"),
            (0x08, "MBZ-3"),
            (0x04, "MBZ-2"),
            (0x02, "Async"),
            (0x01, "Write"),
        ],
    );
    cx.s("], Err/Feature: ");
    cx.u(d.u8_at(at + 1)? as u64);
    cx.s(", Sector Count: ");
    cx.u(d.u8_at(at + 2)? as u64);
    cx.s(", Cmd/Status: ");
    cx.u(d.u8_at(at + 3)? as u64);
    for i in 0..6 {
        cx.s(if i == 0 { "\n\tlba0: " } else { ", lba" });
        if i > 0 {
            cx.u(i as u64);
            cx.s(": ");
        }
        cx.u(d.u8_at(at + 4 + i)? as u64);
    }
    d.range(at + 10, 2)?;
    if len > 12 {
        cx.s("\n\tData: ");
        cx.u((len - 12) as u64);
        cx.s(" bytes");
    }
    Ok(())
}

fn aoe_query(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 8 {
        return invalid(cx, d, at, len);
    }
    cx.s("\n\tBuffer Count: ");
    cx.u(d.be16(at)? as u64);
    cx.s(", Firmware Version: ");
    cx.u(d.be16(at + 2)? as u64);
    cx.s(", Sector Count: ");
    cx.u(d.u8_at(at + 4)? as u64);
    let b = d.u8_at(at + 5)?;
    cx.s(", AoE: ");
    cx.u((b >> 4) as u64);
    cx.s(", CCmd: ");
    cx.s(match b & 0x0f {
        0 => "read config string",
        1 => "test config string",
        2 => "test config string prefix",
        3 => "set config string",
        4 => "force set config string",
        // tcpdump's format string here lacks its `%`.
        _ => "Unknown (0x02x)",
    });
    let cslen = d.be16(at + 6)? as usize;
    let (at, len) = (at + 8, len - 8);
    if cslen > 1024 || cslen > len {
        return invalid(cx, d, at, len);
    }
    if cslen > 0 {
        cx.s("\n\tConfig String (length ");
        cx.u(cslen as u64);
        cx.s("): ");
        for &c in d.range(at, cslen)? {
            put_safe_char(cx.out, c);
        }
    }
    Ok(())
}

fn aoe_mac(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 4 {
        return invalid(cx, d, at, len);
    }
    let mcmd = d.u8_at(at + 1)?;
    cx.s("\n\tMCmd: ");
    match mcmd {
        0 => cx.s("Read Mac Mask List"),
        1 => cx.s("Edit Mac Mask List"),
        _ => unknown_hex(cx, mcmd),
    }
    let merr = d.u8_at(at + 2)?;
    cx.s(", MError: ");
    match merr {
        1 => cx.s("Unspecified Error"),
        2 => cx.s("Bad DCmd directive"),
        3 => cx.s("Mask list full"),
        _ => unknown_hex(cx, merr),
    }
    let count = d.u8_at(at + 3)? as usize;
    cx.s(", Dir Count: ");
    cx.u(count as u64);
    let (mut at, len) = (at + 4, len - 4);
    if count * 8 > len {
        return invalid(cx, d, at, len);
    }
    for _ in 0..count {
        let dcmd = d.u8_at(at + 1)?;
        cx.s("\n\t DCmd: ");
        match dcmd {
            0 => cx.s("No Directive"),
            1 => cx.s("Add mac address to mask list"),
            2 => cx.s("Delete mac address from mask list"),
            _ => unknown_hex(cx, dcmd),
        }
        cx.s(", Ethernet Address: ");
        cx.mac(d.range(at + 2, 6)?);
        at += 8;
    }
    Ok(())
}

fn aoe_reserve(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R {
    if len < 2 || !(len - 2).is_multiple_of(6) {
        return invalid(cx, d, at, len);
    }
    let rcmd = d.u8_at(at)?;
    cx.s("\n\tRCmd: ");
    match rcmd {
        0 => cx.s("Read reserve list"),
        1 => cx.s("Set reserve list"),
        2 => cx.s("Force set reserve list"),
        _ => unknown_hex(cx, rcmd),
    }
    let n = d.u8_at(at + 1)? as usize;
    cx.s(", NMacs: ");
    cx.u(n as u64);
    let (at, len) = (at + 2, len - 2);
    if n * 6 != len {
        return invalid(cx, d, at, len);
    }
    for i in 0..n {
        cx.s("\n\tEthernet Address ");
        cx.u(i as u64);
        cx.s(": ");
        cx.mac(d.range(at + 6 * i, 6)?);
    }
    Ok(())
}

/// Whether an 802.2 LLC frame (after an 802.3 length) is one this printer
/// decodes: IS-IS over the OSI SAP (UI frames). Its `-v` form is not
/// implemented, so callers ask only without `-v`.
pub fn is_llc_isis(d: &[u8], length: usize) -> bool {
    length >= 4 && d.len() >= 4 && d[..4] == [0xfe, 0xfe, 0x03, 0x83]
}

/// Print a frame `is_llc_isis` accepted.
pub fn llc(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    if cx.opts.link_header {
        cx.s("LLC, dsap OSI (0xfe) Individual, ssap OSI (0xfe) Command, ctrl 0x03: ");
        cx.s("OSI NLPID IS-IS (0x83): ");
    }
    let (p, length) = (&d[3..], length - 3);
    if !isis(cx, p, length)? {
        super::hexdump::hex(cx.out, b"\n\t", &p[..p.len().min(length)], 0);
    }
    Ok(())
}

/// An IS-IS system, node or LSP id: `xxxx.xxxx.xxxx[.xx[-xx]]`.
fn isis_id(cx: &mut Ctx, id: &[u8]) {
    for (i, &b) in id.iter().take(6).enumerate() {
        super::fmt::put_hex2(cx.out, b);
        if i == 1 || i == 3 {
            cx.b(b'.');
        }
    }
    if let Some(&b) = id.get(6) {
        cx.b(b'.');
        super::fmt::put_hex2(cx.out, b);
    }
    if let Some(&b) = id.get(7) {
        cx.b(b'-');
        super::fmt::put_hex2(cx.out, b);
    }
}

/// IS-IS (ISO 10589), the one-line summary tcpdump prints without `-v`.
/// `Ok(false)`: a header tcpdump refuses (it then dumps the PDU in hex).
fn isis(cx: &mut Ctx, p: &[u8], length: usize) -> R<bool> {
    cx.proto = "isis";
    const COMMON: usize = 8;
    p.range(0, COMMON)?;
    if length < COMMON {
        return Err(super::Trunc);
    }
    if !cx.opts.link_header {
        cx.s("IS-IS");
    }
    let fixed_len = p[1] as usize;
    let version = p[2];
    let id_length = p[3];
    if version != 1 {
        cx.s("version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(false);
    }
    if id_length != 6 && id_length != 0 {
        cx.s("system ID length of ");
        cx.u(id_length as u64);
        cx.s(" is not supported");
        return Ok(false);
    }
    if p[5] != 1 {
        cx.s("version ");
        cx.u(p[5] as u64);
        cx.s(" packet not supported");
        return Ok(false);
    }
    if length < fixed_len {
        cx.s("fixed header length ");
        cx.u(fixed_len as u64);
        cx.s(" > packet length ");
        cx.u(length as u64);
        return Ok(false);
    }
    if fixed_len < COMMON {
        cx.s("fixed header length ");
        cx.u(fixed_len as u64);
        cx.s(" < minimum header size 8");
        return Ok(false);
    }
    if p[7] == 255 {
        cx.s("bad packet -- 255 areas");
        return Ok(false);
    }
    let pdu_type = p[4];
    if !cx.opts.link_header {
        cx.s(", ");
    }
    let (name, header) = match pdu_type {
        15 => ("L1 Lan IIH", 19),
        16 => ("L2 Lan IIH", 19),
        17 => ("p2p IIH", 12),
        18 => ("L1 LSP", 19),
        20 => ("L2 LSP", 19),
        24 => ("L1 CSNP", 25),
        25 => ("L2 CSNP", 25),
        26 => ("L1 PSNP", 9),
        27 => ("L2 PSNP", 9),
        _ => ("", 0),
    };
    if header == 0 {
        cx.s("unknown PDU-Type ");
        cx.u(pdu_type as u64);
        cx.s(", length ");
        cx.u(length as u64);
        return Ok(true);
    }
    cx.s(name);
    if fixed_len != COMMON + header {
        cx.s(", bogus fixed header length ");
        cx.u(fixed_len as u64);
        cx.s(" should be ");
        cx.u((COMMON + header) as u64);
        return Ok(false);
    }
    let h = p.range(COMMON, header)?;
    if length < COMMON + header {
        return Err(super::Trunc);
    }
    match pdu_type {
        15 | 16 => {
            cx.s(", src-id ");
            isis_id(cx, &h[1..7]);
            cx.s(", lan-id ");
            isis_id(cx, &h[12..19]);
            cx.s(", prio ");
            cx.u(h[11] as u64);
        }
        17 => {
            cx.s(", src-id ");
            isis_id(cx, &h[1..7]);
        }
        18 | 20 => {
            cx.s(", lsp-id ");
            isis_id(cx, &h[4..12]);
            cx.s(", seq 0x");
            super::fmt::put_hex_padded(cx.out, h.be32(12)? as u64, 8);
            cx.s(", lifetime ");
            super::fmt::put_padded_u64(cx.out, h.be16(2)? as u64, 5, b' ');
            cx.b(b's');
        }
        _ => {
            cx.s(", src-id ");
            isis_id(cx, &h[2..9]);
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    Ok(true)
}

/// Whether a PTP message is one this printer decodes: IEEE 1588 version 2
/// with at least its common header, not a management message (whose
/// tcpdump form is not reproduced).
pub fn is_ptp_v2(d: &[u8], length: usize) -> bool {
    length >= 34 && d.get(1) == Some(&2) && d.first().is_some_and(|b| b & 0x0f != 0xd)
}

fn put_hex_u64(cx: &mut Ctx, v: u64) {
    cx.s("0x");
    super::fmt::put_hex(cx.out, v);
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
    cx.s(", v1 compat : ");
    cx.s(if first & 0x10 != 0 { "yes" } else { "no" });
    let msg_type = first & 0x0f;
    cx.s(", msg type : ");
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
    cx.s(", length : ");
    cx.u(d.be16(2)? as u64);
    cx.s(", domain : ");
    cx.u(d.u8_at(4)? as u64);
    cx.s(", reserved1 : ");
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
    cx.s("], NS correction : ");
    cx.u(be48(d, 8)?);
    cx.s(", sub NS correction : ");
    cx.u(d.be16(14)? as u64);
    cx.s(", reserved2 : ");
    cx.u(d.be32(16)? as u64);
    cx.s(", clock identity : ");
    put_hex_u64(cx, be64(d, 20)?);
    cx.s(", port id : ");
    cx.u(d.be16(28)? as u64);
    cx.s(", seq id : ");
    cx.u(d.be16(30)? as u64);
    let control = d.u8_at(32)?;
    cx.s(", control : ");
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
    cx.s(", log message interval : ");
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
    cx.s(" : ");
    cx.u(be48(d, at)?);
    cx.s(" seconds, ");
    cx.u(d.be32(at + 6)? as u64);
    cx.s(" nanoseconds");
    Ok(())
}

fn ptp_timestamp_identity(cx: &mut Ctx, d: &[u8], at: usize, name: &str) -> R {
    ptp_timestamp(cx, d, at, name)?;
    ptp_port(cx, d, at + 10)
}

fn ptp_port(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    cx.s(", port identity : ");
    put_hex_u64(cx, be64(d, at)?);
    cx.s(", port id : ");
    cx.u(d.be16(at + 8)? as u64);
    Ok(())
}

fn ptp_announce(cx: &mut Ctx, d: &[u8], at: usize) -> R {
    cx.s(", originTimeStamp : ");
    cx.u(be48(d, at)?);
    cx.s(" seconds ");
    cx.u(d.be32(at + 6)? as u64);
    cx.s(" nanoseconds, origin cur utc :");
    cx.u(d.be16(at + 10)? as u64);
    cx.s(", rsvd : ");
    cx.u(d.u8_at(at + 12)? as u64);
    cx.s(", gm priority_1 : ");
    cx.u(d.u8_at(at + 13)? as u64);
    cx.s(", gm clock class : ");
    cx.u(d.u8_at(at + 14)? as u64);
    cx.s(", gm clock accuracy : ");
    cx.u(d.u8_at(at + 15)? as u64);
    cx.s(", gm clock variance : ");
    cx.u(d.be16(at + 16)? as u64);
    cx.s(", gm priority_2 : ");
    cx.u(d.u8_at(at + 18)? as u64);
    cx.s(", gm clock id : ");
    put_hex_u64(cx, be64(d, at + 19)?);
    cx.s(", steps removed : ");
    cx.u(d.be16(at + 27)? as u64);
    cx.s(", time source : 0x");
    super::fmt::put_hex(cx.out, d.u8_at(at + 29)? as u64);
    Ok(())
}

/// LLDP (ethertype 0x88cc) without `-v`: the length, and the system name
/// when there is one. Its `-v` form (every TLV) is not implemented;
/// callers ask only without `-v`.
pub fn lldp(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "lldp";
    cx.s("LLDP, length ");
    cx.u(length as u64);
    // tcpdump checks these bounds itself (no jump out of the packet), so a
    // cut frame still gets its link header measured for -x.
    if lldp_tlvs(cx, d, length).is_err() {
        cx.trunc_marker();
    }
    Ok(())
}

fn lldp_tlvs(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let (mut at, mut left) = (0, length);
    while left >= 2 {
        let tlv = d.be16(at)?;
        let (t, len) = (tlv >> 9, (tlv & 0x1ff) as usize);
        at += 2;
        left -= 2;
        if t == 0 || len == 0 {
            break;
        }
        let value = d.range(at, len)?;
        if left < len {
            return Err(super::Trunc);
        }
        if t == 5 {
            cx.s(": ");
            for &c in value.iter().take_while(|&&c| c != 0) {
                put_safe_char(cx.out, c);
            }
        }
        at += len;
        left -= len;
    }
    Ok(())
}

/// Slow protocols (ethertype 0x8809) without `-v`: LACP, Marker and OAM
/// headers. Their `-v` forms are not implemented; callers ask only without
/// `-v`, and only for these subtypes.
pub fn is_slow_known(d: &[u8]) -> bool {
    matches!(d.first(), Some(1..=3))
}

pub fn slow(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "slow";
    if length < 1 {
        cx.s(" (packet is too short)");
        return Ok(());
    }
    let subtype = d.u8_at(0)?;
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
    Ok(())
}
