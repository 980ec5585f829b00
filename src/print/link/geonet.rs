//! GeoNetworking (ETSI EN 302 636-4-1, EtherType 0x8947, the version 0
//! layout): the common header and sender position vector, the topology
//! scoped broadcast extended header, then BTP (EN 302 636-5-1) and the
//! ITS PDU header of the message it carries.

use crate::print::core::prelude::*;

const COMMON_LEN: usize = 36;

static NEXT_HEADERS: &[(u8, &str)] = &[(0, "Any"), (1, "BTP-A"), (2, "BTP-B"), (3, "IPv6")];

/// Header type and subtype names.
fn header_type(ht: u8, hst: u8) -> &'static str {
    match (ht, hst) {
        (0, _) => "Any",
        (1, _) => "Beacon",
        (2, _) => "GeoUnicast",
        (3, 0) => "GeoAnycastCircle",
        (3, 1) => "GeoAnycastRect",
        (3, 2) => "GeoAnycastElipse",
        (4, 0) => "GeoBroadcastCircle",
        (4, 1) => "GeoBroadcastRect",
        (4, 2) => "GeoBroadcastElipse",
        (5, 0) => "TopoScopeBcast-SH",
        (5, 1) => "TopoScopeBcast-MH",
        (6, 0) => "LocService-Request",
        (6, 1) => "LocService-Reply",
        _ => "Unknown",
    }
}

static ITS_MESSAGES: &[(u8, &str)] = &[
    (0, "CAM"),
    (1, "DENM"),
    (101, "TPEGM"),
    (102, "TSPDM"),
    (103, "VPM"),
    (104, "SRM"),
    (105, "SLAM"),
    (106, "ecoCAM"),
    (107, "ITM"),
    (150, "SA"),
];

/// `src`: the link-layer source address.
pub fn geonet(cx: &mut Ctx, src: Option<&[u8]>, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "geonet";
    cx.s("GeoNet ");
    if let Some(a) = src {
        cx.s("src:");
        cx.mac(a);
        cx.s("; ");
    }
    if length < COMMON_LEN {
        cx.s(" (common header length ");
        cx.u(length as u64);
        cx.s(" < 36) (invalid)");
        return Ok(true);
    }
    // The fields are printed as far as they were captured.
    let h = d.range(0, 8)?;
    let (version, nh) = (h[0] >> 4, h[0] & 0x0f);
    let (ht, hst) = (h[1] >> 4, h[1] & 0x0f);
    cx.s("v:");
    cx.u(version as u64);
    cx.s(" NH:");
    cx.u(nh as u64);
    cx.b(b'-');
    cx.s(tables::lookup(NEXT_HEADERS, nh).unwrap_or("Unknown"));
    cx.s(" HT:");
    cx.u(ht as u64);
    cx.b(b'-');
    cx.u(hst as u64);
    cx.b(b'-');
    cx.s(header_type(ht, hst));
    cx.s(" HopLim:");
    cx.u(h[7] as u64);
    cx.s(" Payload:");
    cx.u(h.be16(4)? as u64);
    cx.b(b' ');
    let a = d.range(8, 8)?;
    cx.s("GN_ADDR:");
    for (i, &b) in a.iter().enumerate() {
        if i > 0 {
            cx.b(b':');
        }
        fmt::put_hex2(cx.out, b);
    }
    cx.b(b' ');
    let lat = d.be32(20)?;
    cx.s("lat:");
    cx.u(lat as u64);
    cx.b(b' ');
    let lon = d.be32(24)?;
    cx.s("lon:");
    cx.u(lon as u64);
    d.range(0, COMMON_LEN)?;
    let mut at = COMMON_LEN;
    let mut left = length - COMMON_LEN;
    let decode_btp = match (ht, hst) {
        (0, _) | (1, _) | (5, 0) => true,
        (5, 1) => {
            // Sequence number, reserved, then the source position vector.
            if left < 32 {
                cx.s(" (header size 32 > ");
                cx.u(left as u64);
                cx.s(") (invalid)");
                return Ok(true);
            }
            at += 32;
            left -= 32;
            true
        }
        _ => false,
    };
    let rest = &d[at.min(d.len())..];
    if decode_btp && (nh == 1 || nh == 2) {
        if left < 4 {
            cx.s(" (BTP length ");
            cx.u(left as u64);
            cx.s(" < 4) (invalid)");
            return Ok(true);
        }
        let dst = rest.be16(0)?;
        cx.s("; BTP Dst:");
        cx.u(dst as u64);
        let src = rest.be16(2)?;
        cx.s(" Src:");
        cx.u(src as u64);
        let its = &rest[4..];
        if left - 4 >= 2 {
            let v = its.u8_at(0)?;
            cx.s("; ItsPduHeader v:");
            cx.u(v as u64);
            let t = its.u8_at(1)?;
            cx.s(" t:");
            cx.u(t as u64);
            cx.b(b'-');
            match tables::lookup(ITS_MESSAGES, t) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("unknown (");
                    cx.u(t as u64);
                    cx.b(b')');
                }
            }
        }
        dump(cx, its, left - 4)?;
        return Ok(true);
    }
    dump(cx, rest, left)?;
    Ok(true)
}

/// The payload in hex and text with `-v` (whatever else is asked: `-e`,
/// `-q`, `-x`); without it the snapshot prints no payload at all. A cut
/// payload is a truncation once dumped (`-x` then dumps from byte 0).
fn dump(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    if cx.opts.verbose > 0 {
        cx.default_print(&d[..d.len().min(len)]);
        if d.len() < len {
            return Err(Trunc);
        }
    }
    Ok(())
}
