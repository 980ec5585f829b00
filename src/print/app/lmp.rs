//! LMP, the Link Management Protocol (RFC 4204, with the data link
//! subobjects of RFC 4204 and the service discovery objects of RFC
//! 4208/OIF UNI), on UDP port 701 or with `-T lmp`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static MSG_TYPES: &[(u8, &str)] = &[
    (1, "Config"),
    (2, "Config ACK"),
    (3, "Config NACK"),
    (4, "Hello"),
    (5, "Begin Verify"),
    (6, "Begin Verify ACK"),
    (7, "Begin Verify NACK"),
    (8, "End Verify"),
    (9, "End Verify ACK"),
    (10, "Test"),
    (11, "Test Status Success"),
    (12, "Test Status Failure"),
    (13, "Test Status ACK"),
    (14, "Link Summary"),
    (15, "Link Summary ACK"),
    (16, "Link Summary NACK"),
    (17, "Channel Status"),
    (18, "Channel Status ACK"),
    (19, "Channel Status Request"),
    (20, "Channel Status Response"),
    (50, "Service Config"),
    (51, "Service Config ACK"),
    (52, "Service Config NACK"),
];

static OBJECTS: &[(u8, &str)] = &[
    (1, "Control Channel ID"),
    (2, "Node ID"),
    (3, "Link ID"),
    (4, "Interface ID"),
    (5, "Message ID"),
    (6, "Configuration"),
    (7, "Hello"),
    (8, "Verify Begin"),
    (9, "Verify Begin ACK"),
    (10, "Verify ID"),
    (11, "TE Link"),
    (12, "Data Link"),
    (13, "Channel Status"),
    (14, "Channel Status Request"),
    (20, "Error Code"),
    (51, "Service Config"),
];

/// The class-type name of an object of class `class`.
fn ctype_name(class: u8, ct: u8) -> Option<&'static str> {
    Some(match (class, ct) {
        (1 | 2, 1) => "Local",
        (1 | 2, 2) => "Remote",
        (3 | 4, 1) => "IPv4 Local",
        (3 | 4, 2) => "IPv4 Remote",
        (3 | 4, 3) => "IPv6 Local",
        (3 | 4, 4) => "IPv6 Remote",
        (3 | 4, 5) => "Unnumbered Local",
        (3 | 4, 6) => "Unnumbered Remote",
        (5 | 20, 1) => "1",
        (5 | 20, 2) => "2",
        (6..=10, 1) => "1",
        (11..=14, 1) => "IPv4",
        (11..=14, 2) => "IPv6",
        (11..=14, 3) => "Unnumbered",
        (51, 1) => "1",
        (51, 2) => "2",
        (51, 3) => "3",
        (51, 4) => "4",
        _ => return None,
    })
}

/// GMPLS LSP encoding types (RFC 3471, 4328).
fn encoding_name(v: u8) -> &'static str {
    match v {
        1 => "Packet",
        2 => "Ethernet V2/DIX",
        3 => "ANSI/ETSI PDH",
        5 => "SDH ITU-T G.707/SONET ANSI T1.105",
        7 => "Digital Wrapper",
        8 => "Lambda (photonic)",
        9 => "Fiber",
        11 => "FiberChannel",
        12 => "G.709 ODUk (Digital Path)",
        13 => "G.709 Optical Channel",
        _ => "Unknown",
    }
}

/// GMPLS switching capabilities (RFC 3471, 6002).
fn switching_name(v: u8) -> &'static str {
    match v {
        1 => "Packet-Switch Capable-1",
        2 => "Packet-Switch Capable-2",
        3 => "Packet-Switch Capable-3",
        4 => "Packet-Switch Capable-4",
        51 => "Layer-2 Switch Capable",
        100 => "Time-Division-Multiplex",
        150 => "Lambda-Switch Capable",
        200 => "Fiber-Switch Capable",
        _ => "Unknown",
    }
}

fn name(table: &[(u8, &'static str)], v: u8) -> Option<&'static str> {
    table.iter().find(|e| e.0 == v).map(|e| e.1)
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    lmp(cx, p.captured, p.length)?;
    Ok(true)
}

/// An IEEE 754 single (bytes per second) as Mbps with three decimals.
fn bandwidth(cx: &mut Ctx, bits: u32) {
    let mbps = (f32::from_bits(bits) * 8.0 / 1_000_000.0) as f64;
    cx.s(&format!("{mbps:.3}"));
}

fn lmp(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    cx.proto = "lmp";
    d.range(0, 8)?;
    let version = d.be16(0)? >> 12;
    if version != 1 {
        cx.s("LMP version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(());
    }
    let msg_type = d.u8_at(3)?;
    if cx.opts.verbose == 0 {
        cx.s("LMPv1 ");
        match name(MSG_TYPES, msg_type) {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown (");
                cx.u(msg_type as u64);
                cx.b(b')');
            }
        }
        cx.s(" Message, length: ");
        cx.u(length as u64);
        return Ok(());
    }
    let mut tlen = d.be16(4)? as u32;
    cx.s("\n\tLMPv1, msg-type: ");
    match name(MSG_TYPES, msg_type) {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown, type: ");
            cx.u(msg_type as u64);
        }
    }
    cx.s(", Flags: [");
    cx.flag_names(
        d.u8_at(2)? as u32,
        &[(0x01, "Control Channel Down"), (0x02, "LMP restart")],
    );
    cx.s("], length: ");
    cx.u(tlen as u64);
    if tlen < 8 {
        cx.s(" (too short)");
        return Ok(());
    }
    if tlen as usize > length {
        cx.s(" (too long)");
        tlen = length as u32;
    }
    let mut at = 8;
    // A length cut below the header wraps around (32 bits) and the
    // objects then run to the end of the captured bytes.
    tlen = tlen.wrapping_sub(8);
    while tlen > 0 {
        let ctype_b = d.u8_at(at)?;
        let class = d.u8_at(at + 1)?;
        let obj_len = d.be16(at + 2)? as usize;
        let ct = ctype_b & 0x7f;
        cx.s("\n\t  ");
        cx.s(name(OBJECTS, class).unwrap_or("Unknown"));
        cx.s(" Object (");
        cx.u(class as u64);
        cx.s("), Class-Type: ");
        cx.s(ctype_name(class, ct).unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(ct as u64);
        cx.s(") Flags: [");
        if ctype_b & 0x80 == 0 {
            cx.s("non-");
        }
        cx.s("negotiable], length: ");
        cx.u(obj_len as u64);
        if obj_len < 4 {
            cx.s(" (too short)");
            return Ok(());
        }
        if obj_len % 4 != 0 {
            cx.s(" (not a multiple of 4)");
            return Ok(());
        }
        d.range(at, obj_len)?;
        let o = at + 4;
        let olen = obj_len - 4;
        let hexdump = object(cx, d, class, ct, o, olen)?;
        if cx.opts.verbose > 1 || hexdump {
            hexdump::hex(cx.out, b"\n\t    ", &d[o..o + olen], 0);
        }
        if (tlen as usize) < obj_len {
            cx.s(" [remaining objects length ");
            cx.u(tlen as u64);
            cx.s(" < ");
            cx.u(obj_len as u64);
            cx.s("] (invalid)");
            return Ok(());
        }
        at += obj_len;
        tlen = tlen.wrapping_sub(obj_len as u32);
    }
    Ok(())
}

/// ` (not correct for object)` unless `ok`.
fn correct(cx: &mut Ctx, ok: bool) -> bool {
    if !ok {
        cx.s(" (not correct for object)");
    }
    ok
}

fn v4_line(cx: &mut Ctx, label: &str, d: &[u8], at: usize) -> R {
    let a = d.range(at, 4)?;
    let v = d.be32(at)?;
    cx.s(label);
    cx.ipv4(a);
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, v as u64, 8);
    cx.b(b')');
    Ok(())
}

fn v6_line(cx: &mut Ctx, label: &str, d: &[u8], at: usize) -> R {
    let a = d.range(at, 16)?;
    let v = d.be32(at)?;
    cx.s(label);
    cx.ipv6(a);
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, v as u64, 8);
    cx.b(b')');
    Ok(())
}

fn num_line(cx: &mut Ctx, label: &str, d: &[u8], at: usize) -> R {
    let v = d.be32(at)?;
    cx.s(label);
    cx.u(v as u64);
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, v as u64, 8);
    cx.b(b')');
    Ok(())
}

/// An object's body; `true` when it should be dumped in hex.
fn object(cx: &mut Ctx, d: &[u8], class: u8, ct: u8, o: usize, olen: usize) -> R<bool> {
    match (class, ct) {
        (1, 1 | 2) => {
            if correct(cx, olen == 4) {
                num_line(cx, "\n\t    Control Channel ID: ", d, o)?;
            }
        }
        (3 | 4, 1 | 2) => {
            if correct(cx, olen == 4) {
                v4_line(cx, "\n\t    IPv4 Link ID: ", d, o)?;
            }
        }
        (3 | 4, 3 | 4) => {
            if correct(cx, olen == 16) {
                v6_line(cx, "\n\t    IPv6 Link ID: ", d, o)?;
            }
        }
        (3 | 4, 5 | 6) => {
            if correct(cx, olen == 4) {
                num_line(cx, "\n\t    Link ID: ", d, o)?;
            }
        }
        (5, 1 | 2) => {
            if correct(cx, olen == 4) {
                let label = if ct == 1 {
                    "\n\t    Message ID: "
                } else {
                    "\n\t    Message ID Ack: "
                };
                num_line(cx, label, d, o)?;
            }
        }
        (2, 1 | 2) => {
            if correct(cx, olen == 4) {
                v4_line(cx, "\n\t    Node ID: ", d, o)?;
            }
        }
        (6, 1) => {
            if correct(cx, olen == 4) {
                cx.s("\n\t    Hello Interval: ");
                cx.u(d.be16(o)? as u64);
                cx.s("\n\t    Hello Dead Interval: ");
                cx.u(d.be16(o + 2)? as u64);
            }
        }
        (7, 1) => {
            if correct(cx, olen == 8) {
                cx.s("\n\t    Tx Seq: ");
                cx.u(d.be32(o)? as u64);
                cx.s(", Rx Seq: ");
                cx.u(d.be32(o + 4)? as u64);
            }
        }
        (11, 1..=3) => {
            let need = if ct == 2 { 36 } else { 12 };
            if correct(cx, olen == need) {
                cx.s("\n\t    Flags: [");
                cx.flag_names(
                    d.u8_at(o)? as u32,
                    &[
                        (0x01, "Fault Management Supported"),
                        (0x02, "Link Verification Supported"),
                    ],
                );
                cx.b(b']');
                match ct {
                    1 => {
                        v4_line(cx, "\n\t    Local Link-ID: ", d, o + 4)?;
                        v4_line(cx, "\n\t    Remote Link-ID: ", d, o + 8)?;
                    }
                    2 => {
                        v6_line(cx, "\n\t    Local Link-ID: ", d, o + 4)?;
                        v6_line(cx, "\n\t    Remote Link-ID: ", d, o + 20)?;
                    }
                    _ => {
                        num_line(cx, "\n\t    Local Link-ID: ", d, o + 4)?;
                        num_line(cx, "\n\t    Remote Link-ID: ", d, o + 8)?;
                    }
                }
            }
        }
        (12, 1..=3) => {
            let need = if ct == 2 { 36 } else { 12 };
            if correct(cx, olen >= need) {
                cx.s("\n\t    Flags: [");
                cx.flag_names(
                    d.u8_at(o)? as u32,
                    &[
                        (0x01, "Data Link Port"),
                        (0x02, "Allocated for user traffic"),
                        (0x04, "Failed link"),
                    ],
                );
                cx.b(b']');
                match ct {
                    1 => {
                        v4_line(cx, "\n\t    Local Interface ID: ", d, o + 4)?;
                        v4_line(cx, "\n\t    Remote Interface ID: ", d, o + 8)?;
                    }
                    2 => {
                        v6_line(cx, "\n\t    Local Interface ID: ", d, o + 4)?;
                        v6_line(cx, "\n\t    Remote Interface ID: ", d, o + 20)?;
                    }
                    _ => {
                        num_line(cx, "\n\t    Local Interface ID: ", d, o + 4)?;
                        num_line(cx, "\n\t    Remote Interface ID: ", d, o + 8)?;
                    }
                }
                return subobjects(cx, d, o, olen - need, need);
            }
        }
        (8, 1) => {
            if correct(cx, olen == 20) {
                cx.s("\n\t    Flags: ");
                cx.flag_names(
                    d.be16(o)? as u32,
                    &[(0x0001, "Verify all links"), (0x0002, "Data link type")],
                );
                cx.s("\n\t    Verify Interval: ");
                cx.u(d.be16(o + 2)? as u64);
                cx.s("\n\t    Data links: ");
                cx.u(d.be32(o + 4)? as u64);
                cx.s("\n\t    Encoding type: ");
                cx.s(encoding_name(d.u8_at(o + 8)?));
                let mech = d.be16(o + 10)?;
                cx.s("\n\t    Verify Transport Mechanism: ");
                cx.u(mech as u64);
                cx.s(" (0x");
                fmt::put_hex(cx.out, mech as u64);
                cx.b(b')');
                // tcpdump tests the bit with a decimal 8000.
                if mech & 8000 != 0 {
                    cx.s(" (Payload test messages capable)");
                }
                let rate = d.be32(o + 12)?;
                cx.s("\n\t    Transmission Rate: ");
                bandwidth(cx, rate);
                cx.s(" Mbps\n\t    Wavelength: ");
                cx.u(d.be32(o + 16)? as u64);
            }
        }
        (9, 1) => {
            if correct(cx, olen == 4) {
                cx.s("\n\t    Verify Dead Interval: ");
                cx.u(d.be16(o)? as u64);
                cx.s("\n\t    Verify Transport Response: ");
                cx.u(d.be16(o + 2)? as u64);
            }
        }
        (10, 1) => {
            if correct(cx, olen == 4) {
                cx.s("\n\t    Verify ID: ");
                cx.u(d.be32(o)? as u64);
            }
        }
        (13, 1..=3) => {
            let step = if ct == 2 { 20 } else { 8 };
            let mut off = 0;
            while off + step <= olen {
                match ct {
                    1 => v4_line(cx, "\n\t    Interface ID: ", d, o + off)?,
                    2 => v6_line(cx, "\n\t    Interface ID: ", d, o + off)?,
                    _ => num_line(cx, "\n\t    Interface ID: ", d, o + off)?,
                }
                let st = d.be32(o + off + step - 4)?;
                cx.s("\n\t\t    Active: ");
                cx.s(if st >> 31 != 0 {
                    "Allocated"
                } else {
                    "Non-allocated"
                });
                cx.s(" (");
                cx.u((st >> 31) as u64);
                cx.s(")\n\t\t    Direction: ");
                let dir = (st >> 30) & 1;
                cx.s(if dir != 0 { "Transmit" } else { "Receive" });
                cx.s(" (");
                cx.u(dir as u64);
                cx.s(")\n\t\t    Channel Status: ");
                let cs = st & 0x3ff_ffff;
                cx.s(match cs {
                    1 => "Signal Okay",
                    2 => "Signal Degraded",
                    3 => "Signal Fail",
                    _ => "Unknown",
                });
                cx.s(" (");
                cx.u(cs as u64);
                cx.b(b')');
                off += step;
            }
        }
        (14, 1..=3) => {
            let step = if ct == 2 { 16 } else { 4 };
            let mut off = 0;
            while off + step <= olen {
                match ct {
                    1 => v4_line(cx, "\n\t    Interface ID: ", d, o + off)?,
                    2 => v6_line(cx, "\n\t    Interface ID: ", d, o + off)?,
                    _ => num_line(cx, "\n\t    Interface ID: ", d, o + off)?,
                }
                off += step;
            }
        }
        (20, 1 | 2) => {
            if correct(cx, olen == 4) {
                cx.s("\n\t    Error Code: ");
                let v = d.be32(o)?;
                if ct == 1 {
                    cx.flag_names(
                        v,
                        &[
                            (0x01, "Link Verification Procedure Not supported"),
                            (0x02, "Unwilling to verify"),
                            (0x04, "Unsupported verification transport mechanism"),
                            (0x08, "Link-Id configuration error"),
                            (0x10, "Unknown object c-type"),
                        ],
                    );
                } else {
                    cx.flag_names(
                        v,
                        &[
                            (0x01, "Unacceptable non-negotiable LINK-SUMMARY parameters"),
                            (0x02, "Renegotiate LINK-SUMMARY parameters"),
                            (0x04, "Invalid TE-LINK Object"),
                            (0x08, "Invalid DATA-LINK Object"),
                            (0x10, "Unknown TE-LINK Object c-type"),
                            (0x20, "Unknown DATA-LINK Object c-type"),
                        ],
                    );
                }
            }
        }
        (51, 1..=4) => service_config(cx, d, ct, o, olen)?,
        (1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 20 | 51, _) => {
            return Ok(true)
        }
        _ => {
            if cx.opts.verbose <= 1 {
                let b = &d[o..o + olen];
                hexdump::hex(cx.out, b"\n\t    ", b, 0);
            }
        }
    }
    Ok(false)
}

/// The data link subobjects; `true` when an unknown one asks for a hex
/// dump of the object.
fn subobjects(cx: &mut Ctx, d: &[u8], o: usize, mut total: usize, mut off: usize) -> R<bool> {
    while total > 0 {
        let t = d.u8_at(o + off)?;
        let len = d.u8_at(o + off + 1)? as usize;
        cx.s("\n\t    Subobject, Type: ");
        cx.s(match t {
            1 => "Interface Switching Type",
            2 => "Wavelength",
            _ => "Unknown",
        });
        cx.s(" (");
        cx.u(t as u64);
        cx.s("), Length: ");
        cx.u(len as u64);
        if len < 4 {
            cx.s(" (too short)");
            break;
        }
        if len % 4 != 0 {
            cx.s(" (not a multiple of 4)");
            break;
        }
        if total < len {
            cx.s(" (goes past the end of the object)");
            break;
        }
        match t {
            1 => {
                let sw = d.u8_at(o + off + 2)?;
                cx.s("\n\t      Switching Type: ");
                cx.s(switching_name(sw));
                cx.s(" (");
                cx.u(sw as u64);
                let enc = d.u8_at(o + off + 3)?;
                cx.s(")\n\t      Encoding Type: ");
                cx.s(encoding_name(enc));
                cx.s(" (");
                cx.u(enc as u64);
                cx.b(b')');
                let min = d.be32(o + off + 4)?;
                cx.s("\n\t      Min Reservable Bandwidth: ");
                bandwidth(cx, min);
                cx.s(" Mbps");
                let max = d.be32(o + off + 8)?;
                cx.s("\n\t      Max Reservable Bandwidth: ");
                bandwidth(cx, max);
                cx.s(" Mbps");
            }
            2 => {
                let w = d.be32(o + off + 4)?;
                cx.s("\n\t      Wavelength: ");
                cx.u(w as u64);
            }
            _ => return Ok(true),
        }
        total -= len;
        off += len;
    }
    Ok(false)
}

fn service_config(cx: &mut Ctx, d: &[u8], ct: u8, o: usize, olen: usize) -> R {
    match ct {
        1 => {
            if correct(cx, olen == 4) {
                cx.s("\n\t Flags: ");
                cx.flag_names(
                    d.u8_at(o)? as u32,
                    &[(0x01, "RSVP Supported"), (0x02, "LDP Supported")],
                );
                cx.s("\n\t  UNI Version: ");
                cx.u(d.u8_at(o + 1)? as u64);
            }
        }
        2 => {
            if correct(cx, olen == 16) {
                let lt = d.u8_at(o)?;
                cx.s("\n\t Link Type: ");
                cx.s(match lt {
                    5 => "SDH ITU-T G.707",
                    6 => "SONET ANSI T1.105",
                    _ => "Unknown",
                });
                cx.s(" (");
                cx.u(lt as u64);
                cx.b(b')');
                if lt == 5 || lt == 6 {
                    let st = d.u8_at(o + 1)?;
                    cx.s("\n\t Signal Type: ");
                    cx.s(signal_name(lt, st));
                    cx.s(" (");
                    cx.u(st as u64);
                    cx.b(b')');
                }
                cx.s("\n\t Transparency: ");
                cx.flag_names(
                    d.u8_at(o + 2)? as u32,
                    &[
                        (0x01, "Path/VC Overhead Transparency Supported"),
                        (0x02, "Line/MS Overhead Transparency Supported"),
                        (0x04, "Section/RS Overhead Transparency Supported"),
                    ],
                );
                cx.s("\n\t Contiguous Concatenation Types: ");
                cx.flag_names(
                    d.u8_at(o + 3)? as u32,
                    &[(0x01, "Contiguous Concatenation Types Supported")],
                );
                for (label, at) in [
                    ("\n\t Minimum NCC: ", 4),
                    ("\n\t Maximum NCC: ", 6),
                    ("\n\t Minimum NVC:", 8),
                    ("\n\t Maximum NVC:", 10),
                ] {
                    cx.s(label);
                    cx.u(d.be16(o + at)? as u64);
                }
                v4_line(cx, "\n\t    Local Interface ID: ", d, o + 12)?;
            }
        }
        3 => {
            if correct(cx, olen == 8) {
                cx.s("\n\t Transparency Flags: ");
                cx.flag_names(
                    d.be32(o)?,
                    &[
                        (0x01, "Standard SOH/RSOH Transparency Supported"),
                        (0x02, "Standard LOH/MSOH Transparency Supported"),
                    ],
                );
                cx.s("\n\t TCM Monitoring Flags: ");
                cx.flag_names(
                    d.u8_at(o + 7)? as u32,
                    &[(0x01, "Transparent Tandem Connection Monitoring Supported")],
                );
            }
        }
        _ => {
            if correct(cx, olen == 4) {
                cx.s("\n\t Diversity: Flags: ");
                cx.flag_names(
                    d.u8_at(o + 3)? as u32,
                    &[
                        (0x01, "Node Diversity Supported"),
                        (0x02, "Link Diversity Supported"),
                        (0x04, "SRLG Diversity Supported"),
                    ],
                );
            }
        }
    }
    Ok(())
}

fn signal_name(link_type: u8, st: u8) -> &'static str {
    let sdh = link_type == 5;
    match st {
        5 => {
            if sdh {
                "VC-3"
            } else {
                "STS-1 SPE"
            }
        }
        6 => {
            if sdh {
                "VC-4"
            } else {
                "STS-3c SPE"
            }
        }
        7 => {
            if sdh {
                "STM-0"
            } else {
                "STS-1"
            }
        }
        8 => {
            if sdh {
                "STM-1"
            } else {
                "STM-3"
            }
        }
        9 => {
            if sdh {
                "STM-4"
            } else {
                "STM-12"
            }
        }
        10 => {
            if sdh {
                "STM-16"
            } else {
                "STM-48"
            }
        }
        11 => {
            if sdh {
                "STM-64"
            } else {
                "STM-192"
            }
        }
        12 => {
            if sdh {
                "STM-256"
            } else {
                "STM-768"
            }
        }
        _ => "Unknown",
    }
}
