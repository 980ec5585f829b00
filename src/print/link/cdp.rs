//! Cisco Discovery Protocol (SNAP OUI 0x00000c, PID 0x2000): version,
//! TTL, and the TLVs; without `-v` only the device id.

use crate::print::core::prelude::*;

/// How a TLV's value is shown.
#[derive(Clone, Copy)]
enum Show {
    /// Only checked to be captured.
    Nothing,
    Text,
    Addresses,
    Capability,
    Version,
    Prefixes,
    U16,
    Duplex,
    Ata186,
    Power,
    Mtu,
    Hex8,
    Location,
    PowerAvail,
}

/// Type, name, how it is shown, whether it is shown without `-v`, and
/// the value lengths it must have (0: any).
static TLVS: &[(u16, &str, Show, bool, usize, usize)] = &[
    (0x01, "Device-ID", Show::Text, true, 0, 0),
    (0x02, "Address", Show::Addresses, false, 4, 0),
    (0x03, "Port-ID", Show::Text, false, 0, 0),
    (0x04, "Capability", Show::Capability, false, 4, 4),
    (0x05, "Version String", Show::Version, false, 0, 0),
    (0x06, "Platform", Show::Text, false, 0, 0),
    (0x07, "Prefixes", Show::Prefixes, false, 0, 0),
    (0x08, "Protocol-Hello option", Show::Nothing, false, 0, 0),
    (0x09, "VTP Management Domain", Show::Text, false, 0, 0),
    (0x0a, "Native VLAN ID", Show::U16, false, 2, 2),
    (0x0b, "Duplex", Show::Duplex, false, 1, 1),
    (
        0x0e,
        "ATA-186 VoIP VLAN assignment",
        Show::Ata186,
        false,
        3,
        3,
    ),
    (0x0f, "ATA-186 VoIP VLAN request", Show::Ata186, false, 2, 3),
    (0x10, "power consumption", Show::Power, false, 1, 3),
    (0x11, "MTU", Show::Mtu, false, 4, 4),
    (0x12, "AVVID trust bitmap", Show::Hex8, false, 1, 1),
    (0x13, "AVVID untrusted ports CoS", Show::Hex8, false, 1, 1),
    (0x14, "System Name", Show::Text, false, 0, 0),
    (
        0x15,
        "System Object ID (not decoded)",
        Show::Nothing,
        false,
        0,
        0,
    ),
    (0x16, "Management Addresses", Show::Addresses, false, 4, 0),
    (0x17, "Physical Location", Show::Location, false, 1, 0),
    (0x1a, "Power available", Show::PowerAvail, false, 8, 0),
];

static CAPABILITIES: &[(u32, &str)] = &[
    (0x01, "Router"),
    (0x02, "Transparent Bridge"),
    (0x04, "Source Route Bridge"),
    (0x08, "L2 Switch"),
    (0x10, "L3 capable"),
    (0x20, "IGMP snooping"),
    (0x40, "L1 capable"),
];

fn plural(cx: &mut Ctx, n: usize) {
    if n != 1 {
        cx.b(b's');
    }
}

/// ` (invalid)`, and a truncation if the rest was not captured.
fn invalid_rest(cx: &mut Ctx, d: &[u8], at: usize, len: usize) -> R<bool> {
    cx.s(" (invalid)");
    d.range(at, len)?;
    Ok(true)
}

pub fn cdp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "cdp";
    cx.s("CDP");
    if length < 4 {
        cx.s(" (packet length ");
        cx.u(length as u64);
        cx.s(" < 4)");
        return invalid_rest(cx, d, 0, length);
    }
    let (version, ttl) = (d.u8_at(0)?, d.u8_at(1)?);
    cx.b(b'v');
    cx.u(version as u64);
    cx.s(", ttl: ");
    cx.u(ttl as u64);
    cx.b(b's');
    let checksum = d.be16(2)?;
    let v = cx.opts.verbose > 0;
    if v {
        cx.s(", checksum: 0x");
        fmt::put_hex_padded(cx.out, checksum as u64, 4);
        cx.s(" (unverified), length ");
        cx.u(length as u64);
    }
    let (mut at, mut left) = (4, length - 4);
    while left > 0 {
        if left < 4 {
            cx.s(" (remaining packet length ");
            cx.u(left as u64);
            cx.s(" < 4)");
            return invalid_rest(cx, d, at, left);
        }
        let t = d.be16(at)?;
        let l = d.be16(at + 2)? as usize;
        // Types below 0x1b without a row of their own have an empty one
        // in the snapshot: shown even without -v, and not dumped.
        let empty = (t, "unknown field type", Show::Nothing, true, 0, 0);
        let info = TLVS
            .iter()
            .find(|r| r.0 == t)
            .or((t < 0x1b).then_some(&empty));
        let name = info.map_or("unknown field type", |r| r.1);
        let always = info.is_some_and(|r| r.3);
        if l < 4 {
            if v {
                cx.s("\n\t");
                cx.s(name);
                cx.s(" (0x");
                fmt::put_hex_padded(cx.out, t as u64, 4);
                cx.s("), TLV length: ");
                cx.u(l as u64);
                cx.s(" byte");
                plural(cx, l);
                cx.s(" (too short)");
            } else {
                cx.s(", ");
                cx.s(name);
                cx.s(" TLV length ");
                cx.u(l as u64);
                cx.s(" too short");
            }
            return invalid_rest(cx, d, at, left);
        }
        if l > left {
            cx.s(" (TLV length ");
            cx.u(l as u64);
            cx.s(" > ");
            cx.u(left as u64);
            cx.b(b')');
            return invalid_rest(cx, d, at, left);
        }
        at += 4;
        left -= 4;
        let l = l - 4;
        if v {
            cx.s("\n\t");
            cx.s(name);
            cx.s(" (0x");
            fmt::put_hex_padded(cx.out, t as u64, 4);
            cx.s("), value length: ");
            cx.u(l as u64);
            cx.s(" byte");
            plural(cx, l);
            cx.s(": ");
        } else if always {
            cx.s(", ");
            cx.s(name);
            cx.b(b' ');
        }
        let mut covered = false;
        if let Some(&(_, _, show, _, min, max)) = info {
            if min > 0 && l < min || max > 0 && l > max {
                cx.s(" (malformed TLV)");
            } else if v || always {
                value(cx, d, at, l, show)?;
                covered = true;
            }
        }
        if v && !covered {
            d.range(at, l)?;
            unknown_data(cx, &d[at..], "\n\t  ", l);
        }
        at += l;
        left -= l;
    }
    if !v {
        cx.s(", length ");
        cx.u(length as u64);
    }
    Ok(true)
}

fn text(cx: &mut Ctx, d: &[u8], at: usize, n: usize) -> R {
    for i in 0..n {
        fmt::put_safe_char(cx.out, d.u8_at(at + i)?);
    }
    Ok(())
}

fn value(cx: &mut Ctx, d: &[u8], at: usize, l: usize, show: Show) -> R {
    match show {
        Show::Nothing => {
            d.range(at, l)?;
        }
        Show::Text => {
            cx.b(b'\'');
            text(cx, d, at, l)?;
            cx.b(b'\'');
        }
        Show::Addresses => addresses(cx, d, at, l)?,
        Show::Capability => {
            let c = d.be32(at)?;
            cx.s("(0x");
            fmt::put_hex_padded(cx.out, c as u64, 8);
            cx.s("): ");
            cx.flag_names(c, CAPABILITIES);
        }
        Show::Version => {
            // One line per line of the text, indented.
            cx.s("\n\t  ");
            for i in 0..l {
                match d.u8_at(at + i)? {
                    b'\n' => cx.s("\n\t  "),
                    c => fmt::put_safe_char(cx.out, c),
                }
            }
        }
        Show::Prefixes => {
            if !l.is_multiple_of(5) {
                cx.s(" [length ");
                cx.u(l as u64);
                cx.s(" is not a multiple of 5]");
                d.range(at, l)?;
                return Ok(());
            }
            cx.s(" IPv4 Prefixes (");
            cx.u(l as u64 / 5);
            cx.s("):");
            for k in (0..l).step_by(5) {
                let p = d.range(at + k, 5)?;
                cx.b(b' ');
                fmt::put_ipv4(cx.out, &p[..4]);
                cx.b(b'/');
                cx.u(p[4] as u64);
            }
        }
        Show::U16 => cx.u(d.be16(at)? as u64),
        Show::Duplex => cx.s(if d.u8_at(at)? != 0 { "full" } else { "half" }),
        Show::Ata186 => {
            if l == 2 {
                let n = d.be16(at)?;
                cx.s("unknown 0x");
                fmt::put_hex_padded(cx.out, n as u64, 4);
            } else {
                let (app, vlan) = (d.u8_at(at)?, d.be16(at + 1)?);
                cx.s("app ");
                cx.u(app as u64);
                cx.s(", vlan ");
                cx.u(vlan as u64);
            }
        }
        Show::Power => {
            let p = d.range(at, l)?;
            let mw = p.iter().fold(0u32, |a, &b| a << 8 | b as u32);
            cx.s(&format!("{:.2}W", mw as f64 / 1000.0));
        }
        Show::Mtu => {
            cx.u(d.be32(at)? as u64);
            cx.s(" bytes");
        }
        Show::Hex8 => {
            let b = d.u8_at(at)?;
            cx.s("0x");
            fmt::put_hex2(cx.out, b);
        }
        Show::Location => {
            let b = d.u8_at(at)?;
            cx.s("0x");
            fmt::put_hex2(cx.out, b);
            if l > 1 {
                cx.b(b'/');
                text(cx, d, at + 1, l - 1)?;
            }
        }
        Show::PowerAvail => {
            let (req, mgmt) = (d.be16(at)?, d.be16(at + 2)?);
            cx.s("reqid ");
            cx.u(req as u64);
            cx.s(", mgmtid ");
            cx.u(mgmt as u64);
            if l > 4 {
                cx.s(", pwravail");
                for k in (4..l - 3).step_by(4) {
                    let mw = d.be32(at + k)?;
                    cx.b(b' ');
                    cx.u(mw as u64);
                    cx.s(" mW");
                }
            }
        }
    }
    Ok(())
}

/// The LLC/SNAP header of an IPv6 address's protocol field.
const PROT_IPV6: [u8; 8] = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd];

/// A count of addresses, each a protocol (an NLPID, or an LLC/SNAP
/// header) and an address.
fn addresses(cx: &mut Ctx, d: &[u8], mut p: usize, mut l: usize) -> R {
    let mut num = d.be32(p)?;
    p += 4;
    l -= 4;
    while num > 0 {
        if l < 2 {
            cx.s(" (not enough space for PT+PL)");
            d.range(p, l)?;
            return Ok(());
        }
        let (pt, pl) = (d.u8_at(p)?, d.u8_at(p + 1)? as usize);
        p += 2;
        l -= 2;
        if l < pl + 2 {
            cx.s(" (not enough space for P+AL)");
            d.range(p, l)?;
            return Ok(());
        }
        let al = d.be16(p + pl)? as usize;
        let ipv4 = pt == 1 && pl == 1 && d.u8_at(p)? == 0xcc && al == 4;
        let ipv6 = pt == 2 && pl == 8 && d.range(p, 8)? == PROT_IPV6 && al == 16;
        if ipv4 || ipv6 {
            p += pl + 2;
            l -= pl + 2;
            if l < al {
                cx.s(" (not enough space for A)");
                d.range(p, l)?;
                return Ok(());
            }
            let a = d.range(p, al)?;
            cx.s(if ipv4 { "IPv4 (" } else { "IPv6 (" });
            cx.u(num as u64);
            cx.s(") ");
            if ipv4 {
                cx.ipv4(a);
            } else {
                cx.ipv6(a);
            }
        } else {
            cx.s("pt=0x");
            fmt::put_hex2(cx.out, pt);
            cx.s(", pl=");
            cx.u(pl as u64);
            cx.s(", pb=");
            for _ in 0..pl {
                let b = d.u8_at(p)?;
                cx.b(b' ');
                fmt::put_hex2(cx.out, b);
                p += 1;
                l -= 1;
            }
            cx.s(", al=");
            cx.u(al as u64);
            cx.s(", a=");
            p += 2;
            l -= 2;
            if l < al {
                cx.s(" (not enough space for A)");
                d.range(p, l)?;
                return Ok(());
            }
            for _ in 0..al {
                let b = d.u8_at(p)?;
                cx.b(b' ');
                fmt::put_hex2(cx.out, b);
                p += 1;
                l -= 1;
            }
            num -= 1;
            if num > 0 {
                cx.b(b' ');
            }
            continue;
        }
        p += al;
        l -= al;
        num -= 1;
        if num > 0 {
            cx.b(b' ');
        }
    }
    if l > 0 {
        cx.s(" (");
        cx.u(l as u64);
        cx.s(" bytes of stray data)");
    }
    Ok(())
}
