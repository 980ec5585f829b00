//! BFD (RFC 5880) control packets.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// BFD version 1 control packets (RFC 5880), without `-v`; `false` when
/// not decoded here.
fn bfd(cx: &mut Ctx, p: &[u8], len: usize, dport: u16) -> R<bool> {
    cx.proto = "bfd";
    // The fixed part is checked whole before anything prints.
    p.range(0, 24)?;
    let version = p.u8_at(0)? >> 5;
    if version > 1 {
        cx.s("BFDv");
        cx.u(version as u64);
        cx.s(", Control, length: ");
        cx.u(len as u64);
        if cx.opts.verbose > 0 {
            unknown_data(cx, p, "\n\t", len);
        }
        return Ok(true);
    }
    if cx.opts.verbose > 0 {
        return verbose(cx, p, len, dport, version);
    }
    let flags = p.u8_at(1)?;
    cx.s(if version == 0 { "BFDv0, " } else { "BFDv1, " });
    cx.s(match dport {
        _ if version == 0 => "Control",
        3784 => "Control",
        4784 => "Multihop",
        6784 => "LAG",
        _ => "S-BFD",
    });
    state_flags(cx, version, flags);
    cx.s(", length: ");
    cx.u(len as u64);
    Ok(true)
}

static DIAGNOSTICS: [&str; 9] = [
    "No Diagnostic",
    "Control Detection Time Expired",
    "Echo Function Failed",
    "Neighbor Signaled Session Down",
    "Forwarding Plane Reset",
    "Path Down",
    "Concatenated Path Down",
    "Administratively Down",
    "Reverse Concatenated Path Down",
];

/// Version 0 (the draft) has no state; its flags fill the byte.
static FLAGS_V0: &[(u32, &str)] = &[
    (0x80, "I Hear You"),
    (0x40, "Demand"),
    (0x20, "Poll"),
    (0x10, "Final"),
    (0x08, "Control Plane Independent"),
    (0x04, "Authentication Present"),
    (0x02, "Reserved"),
    (0x01, "Reserved"),
];

/// `, State S, Flags: [..]` (no state in version 0).
fn state_flags(cx: &mut Ctx, version: u8, flags: u8) {
    if version == 0 {
        cx.s(", Flags: [");
        cx.flag_names(flags as u32, FLAGS_V0);
    } else {
        cx.s(", State ");
        cx.s(["AdminDown", "Down", "Init", "Up"][(flags >> 6) as usize]);
        cx.s(", Flags: [");
        cx.flag_names(flags as u32, FLAGS);
    }
    cx.b(b']');
}

static FLAGS: &[(u32, &str)] = &[
    (0x20, "Poll"),
    (0x10, "Final"),
    (0x08, "Control Plane Independent"),
    (0x04, "Authentication Present"),
    (0x02, "Demand"),
    (0x01, "Multipoint"),
];

/// An interval in microseconds, as milliseconds right-aligned so that
/// the three columns end together.
fn interval(cx: &mut Ctx, label: &str, us: u32) {
    cx.s("\n\t  ");
    cx.s(label);
    for _ in label.len()..28 {
        cx.b(b' ');
    }
    fmt::put_padded_u64(cx.out, (us / 1000) as u64, 4, b' ');
    cx.s(" ms");
}

/// The `-v` form: every field, and the authentication section.
fn verbose(cx: &mut Ctx, p: &[u8], len: usize, dport: u16, version: u8) -> R<bool> {
    let b0 = p.u8_at(0)?;
    let flags = p.u8_at(1)?;
    let mult = p.u8_at(2)?;
    let blen = p.u8_at(3)?;
    cx.s(if version == 0 { "BFDv0" } else { "BFDv1" });
    cx.s(", length: ");
    cx.u(len as u64);
    cx.s("\n\t");
    cx.s(match dport {
        _ if version == 0 => "Control",
        3784 => "Control",
        4784 => "Multihop",
        6784 => "LAG",
        _ => "S-BFD",
    });
    state_flags(cx, version, flags);
    cx.s(", Diagnostic: ");
    let diag = b0 & 0x1f;
    cx.s(DIAGNOSTICS.get(diag as usize).copied().unwrap_or("unknown"));
    cx.s(" (0x");
    fmt::put_hex2(cx.out, diag);
    cx.s(")\n\tDetection Timer Multiplier: ");
    cx.u(mult as u64);
    let desired_tx = p.be32(12)?;
    cx.s(" (");
    // 32-bit arithmetic, wrapping as the reference's does.
    cx.u(((mult as u32).wrapping_mul(desired_tx) / 1000) as u64);
    cx.s(" ms Detection time), BFD Length: ");
    cx.u(blen as u64);
    cx.s("\n\tMy Discriminator: 0x");
    fmt::put_hex_padded(cx.out, p.be32(4)? as u64, 8);
    cx.s(", Your Discriminator: 0x");
    fmt::put_hex_padded(cx.out, p.be32(8)? as u64, 8);
    interval(cx, "Desired min Tx Interval:", desired_tx);
    interval(cx, "Required min Rx Interval:", p.be32(16)?);
    interval(cx, "Required min Echo Interval:", p.be32(20)?);
    if flags & 0x04 != 0 {
        // The authentication header and a first byte are checked first.
        p.range(24, 4)?;
        let t = p.u8_at(24)?;
        let alen = p.u8_at(25)?;
        cx.s("\n\tAuthentication: ");
        cx.s(match t {
            1 => "Simple Password",
            2 => "Keyed MD5",
            3 => "Meticulous Keyed MD5",
            4 => "Keyed SHA1",
            5 => "Meticulous Keyed SHA1",
            _ => "Unknown",
        });
        cx.s(" (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(alen as u64);
        cx.s("\n\t  Auth Key ID: ");
        cx.u(p.u8_at(26)? as u64);
        // The section's length must fit its type.
        let (min, max, digest) = match t {
            1 => (4, 19, ""),
            2 | 3 => (24, 24, "Digest"),
            4 | 5 => (28, 28, "Hash"),
            _ => return Ok(true),
        };
        if !(min..=max).contains(&alen) {
            cx.s("[invalid length ");
            cx.u(alen as u64);
            cx.b(b']');
            return Ok(true);
        }
        if t == 1 {
            cx.s(", Password: ");
            for k in 0..alen as usize - 3 {
                fmt::put_safe_char(cx.out, p.u8_at(27 + k)?);
            }
        } else {
            let seq = p.be32(28)?;
            cx.s(", Sequence Number: 0x");
            fmt::put_hex_padded(cx.out, seq as u64, 8);
            let hash = p.range(32, alen as usize - 8)?;
            cx.s("\n\t  ");
            cx.s(digest);
            cx.s(": ");
            for &b in hash {
                fmt::put_hex2(cx.out, b);
            }
        }
    }
    Ok(true)
}

/// The packet is read as far as captured, even past the UDP length.
pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    bfd(cx, p.captured, p.length, p.dport)
}

/// Seamless BFD (RFC 7880, UDP port 7784 either way).
pub fn print_sbfd(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    bfd(cx, p.captured, p.length, 7784)
}

/// BFD echo packets (UDP port 3785).
pub fn echo(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "bfd";
    cx.s("BFD, Echo, length: ");
    cx.u(p.length as u64);
    if cx.opts.verbose > 0 {
        unknown_data(cx, p.captured, "\n\t", p.length);
    }
    Ok(true)
}
