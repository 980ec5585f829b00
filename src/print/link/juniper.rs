//! Juniper's capture headers (the `MGC` magic, direction and flags, the
//! optional extension TLVs), for the Ethernet (LINKTYPE_JUNIPER_ETHER,
//! 178), ATM1 PIC (LINKTYPE_JUNIPER_ATM1, 137), PPP (179), Frame Relay
//! (180), Cisco HDLC (181), PPPoE (167) and PPPoE over ATM (168) link
//! types.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const FLAG_IN: u8 = 0x01;
const FLAG_NO_L2: u8 = 0x02;
const FLAG_FILTER: u8 = 0x40;
const FLAG_EXT: u8 = 0x80;

static TLVS: &[(u8, &str)] = &[
    (1, "Device Interface Index"),
    (2, "Device Interface Name"),
    (3, "Device Media Type"),
    (4, "Logical Interface Index"),
    (5, "Logical Unit Number"),
    (6, "Logical Interface Encapsulation"),
    (7, "TTP derived Device Media Type"),
    (8, "TTP derived Logical Interface Encapsulation"),
];

/// The common header; `Ok(None)` when the frame was fully printed (no
/// magic, invalid extensions, no layer 2 header), else its length.
fn header(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R<Option<usize>> {
    let flags = d.u8_at(3)?;
    if d.range(0, 3)? != b"MGC" {
        cx.s("no magic-number found!");
        return Ok(None);
    }
    if cx.opts.link_header {
        cx.s(if flags & FLAG_IN != 0 { " In " } else { "Out " });
    }
    let vv = cx.opts.verbose > 1;
    if vv {
        cx.s("\n\tJuniper PCAP Flags [");
        let mut any = false;
        for (bit, name) in [
            (FLAG_EXT, "Ext"),
            (FLAG_FILTER, "Filter"),
            (0x04, "IIF"),
            (FLAG_NO_L2, "no-L2"),
            (FLAG_IN, "In"),
        ] {
            if flags & bit != 0 {
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
        cx.b(b']');
    }
    let mut hlen = 4;
    if flags & FLAG_EXT != 0 {
        let ext_len = d.be16(4)? as usize;
        if vv {
            cx.s(", PCAP Extension(s) total length ");
            cx.u(ext_len as u64);
        }
        let ext = d.range(6, ext_len)?;
        let mut at = 0;
        while ext_len - at > 2 {
            let t = ext[at];
            let n = ext[at + 1] as usize;
            let left = ext_len - at;
            if n + 2 > left {
                cx.s(" [extension_length ");
                cx.u(left as u64);
                cx.s(" < ");
                cx.u((n + 2) as u64);
                cx.s("] (invalid)");
                return Ok(None);
            }
            if vv {
                let v = &ext[at + 2..at + 2 + n];
                cx.s("\n\t  ");
                cx.s(tables::lookup(TLVS, t).unwrap_or("Unknown"));
                cx.s(" Extension TLV #");
                cx.u(t as u64);
                cx.s(", length ");
                cx.u(n as u64);
                cx.s(", value ");
                // Types under 128 are little-endian, the others big.
                let int = match n {
                    1..=4 if t < 128 => Some(v.iter().rev().fold(0u64, |a, &b| a << 8 | b as u64)),
                    1..=4 => Some(v.iter().fold(0u64, |a, &b| a << 8 | b as u64)),
                    _ => None,
                };
                match (t, int) {
                    (2, _) => {}
                    (3 | 7, Some(1)) => cx.s("Ethernet (1)"),
                    (3 | 6 | 7 | 8, Some(i)) => {
                        cx.s("Unknown (");
                        cx.u(i);
                        cx.b(b')');
                    }
                    (_, Some(i)) => cx.u(i),
                    _ => {}
                }
            }
            at += 2 + n;
        }
        if vv {
            cx.s("\n\t-----original packet-----\n\t");
        }
        hlen += 2 + ext_len;
    }
    if flags & FLAG_NO_L2 != 0 {
        if cx.opts.link_header {
            cx.s("no-L2-hdr, ");
        }
        // IP is guessed 4 bytes further on; those count as header.
        let at = hlen + 4;
        let p = d.get(at..).unwrap_or(&[]);
        if !guess_ip(cx, p, length.saturating_sub(at))? {
            cx.s("no IP-hdr found!");
        }
        *ll_len = at;
        return Ok(None);
    }
    Ok(Some(hlen))
}

/// `hlen N, proto 0xNNNN, ` with `-e`.
fn hlen_proto(cx: &mut Ctx, hlen: usize, proto: u16) {
    if cx.opts.link_header {
        cx.s("hlen ");
        cx.u(hlen as u64);
        cx.s(", proto 0x");
        fmt::put_hex_padded(cx.out, proto as u64, 4);
        cx.s(", ");
    }
}

pub fn ether(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_ether";
    let Some(hlen) = header(cx, d, length, ll_len)? else {
        return Ok(());
    };
    *ll_len = hlen;
    hlen_proto(cx, hlen, 0);
    let p = &d[hlen.min(d.len())..];
    let mut inner = 0;
    if let Some(decode) = dispatch::linktype(1) {
        decode(cx, p, length.saturating_sub(hlen), &mut inner)?;
    }
    *ll_len = hlen + inner;
    Ok(())
}

pub fn atm1(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_atm1";
    let Some(mut hlen) = header(cx, d, length, ll_len)? else {
        return Ok(());
    };
    let cookie = d.range(hlen, 4)?;
    if cx.opts.link_header {
        cx.s("ATM1-PIC, cookie-len 4, cookie 0x");
        for &b in cookie {
            fmt::put_hex2(cx.out, b);
        }
        cx.s(": ");
    }
    hlen += 4;
    let proto = d.be16(hlen)?;
    hlen_proto(cx, hlen, proto);
    *ll_len = hlen;
    let p = &d[hlen..];
    let len = length.saturating_sub(hlen);
    // The payload: LLC, or IP guessed from its version.
    let head = p.be32(0)?;
    if head >> 8 == 0xaaaa03 {
        dispatch::llc_frame(cx, None, &p[..p.len().min(len)], len)?;
    } else if let Some(t) = match head >> 28 {
        4 => Some(0x0800),
        6 => Some(0x86dd),
        _ => None,
    } {
        dispatch::ethertype(cx, t, p, len)?;
    }
    Ok(())
}

/// The cookie of a PIC type that has one (`base` bytes, 2 more after a
/// link services id, 8 after an adaptive services one), shown with
/// `-e`; then the protocol after it. Returns the header length with the
/// cookie, and the protocol (`None`: the cookie is too long).
fn cookie(cx: &mut Ctx, d: &[u8], hlen: usize, pic: &str, base: usize) -> R<(usize, Option<u16>)> {
    let len = match d.u8_at(hlen)? {
        0x54 => base + 2,
        0x47 => 8,
        _ => base,
    };
    if cx.opts.link_header {
        cx.s(pic);
        cx.s("-PIC, cookie-len ");
        cx.u(len as u64);
    }
    if len > 8 {
        cx.bad_len("cookie length", len as u64, ">", 8);
        cx.s(" (invalid)");
        return Ok((hlen + len, None));
    }
    if len > 0 {
        let c = d.range(hlen, len)?;
        if cx.opts.link_header {
            cx.s(", cookie 0x");
            for &b in c {
                fmt::put_hex2(cx.out, b);
            }
        }
    }
    if cx.opts.link_header {
        cx.s(": ");
    }
    let proto = d.be16(hlen + len)?;
    Ok((hlen + len, Some(proto)))
}

/// IPv4 or IPv6 guessed from the first byte (version and a plausible
/// IPv4 header length); `Ok(false)` if it is neither.
fn guess_ip(cx: &mut Ctx, p: &[u8], len: usize) -> R<bool> {
    let t = match p.u8_at(0)? {
        0x45..=0x4f => 0x0800,
        0x60..=0x6f => 0x86dd,
        _ => return Ok(false),
    };
    dispatch::ethertype(cx, t, p, len)
}

/// The common header and a PIC cookie; the header length with it, and
/// the cookie's bytes.
fn with_cookie<'a>(
    cx: &mut Ctx,
    d: &'a [u8],
    length: usize,
    ll_len: &mut usize,
    pic: &str,
    base: usize,
) -> R<Option<(usize, &'a [u8])>> {
    let Some(start) = header(cx, d, length, ll_len)? else {
        return Ok(None);
    };
    let (hlen, proto) = cookie(cx, d, start, pic, base)?;
    *ll_len = hlen;
    let Some(proto) = proto else {
        return Ok(None);
    };
    *ll_len = hlen;
    hlen_proto(cx, hlen, proto);
    Ok(Some((hlen, &d[start..hlen])))
}

static GGSN_PROTOS: &[(u8, &str)] = &[(1, "Null"), (2, "IPv4"), (6, "IPv6")];

/// LINKTYPE_JUNIPER_GGSN (133): the cookie holds the protocol and VLAN.
pub fn ggsn(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_ggsn";
    let Some((hlen, c)) = with_cookie(cx, d, length, ll_len, "GGSN", 8)? else {
        return Ok(());
    };
    let (proto, vlan) = (c[2], u16::from_be_bytes([c[4], c[5]]));
    if cx.opts.link_header {
        cx.s("proto ");
        cx.s(tables::lookup(GGSN_PROTOS, proto).unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(proto as u64);
        cx.s("), vlan ");
        cx.u(vlan as u64);
        cx.s(": ");
    }
    let (p, len) = (&d[hlen..], length.saturating_sub(hlen));
    match proto {
        2 => {
            dispatch::ethertype(cx, 0x0800, p, len)?;
        }
        6 => {
            dispatch::ethertype(cx, 0x86dd, p, len)?;
        }
        _ => {
            if !cx.opts.link_header {
                cx.s("unknown GGSN proto (");
                cx.u(proto as u64);
                cx.b(b')');
            }
        }
    }
    Ok(())
}

static IPSEC_TYPES: &[(u8, &str)] = &[
    (1, "ESP ENCR-AUTH"),
    (2, "ESP ENCR-AH AUTH"),
    (3, "ESP AUTH"),
    (4, "AH AUTH"),
    (5, "ESP ENCR"),
];

/// LINKTYPE_JUNIPER_ES (132): an IPsec header (SA index, TTL, type,
/// and for some types SPI and tunnel addresses), then IPv4.
pub fn es(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_es";
    let Some((hlen, _)) = with_cookie(cx, d, length, ll_len, "ES", 0)? else {
        return Ok(());
    };
    let ih = d.range(hlen, 16)?;
    let kind = ih[3];
    let len = length.saturating_sub(hlen);
    let (rewrite, bundle) = match kind {
        1 | 2 => (0, true),
        3..=5 => (16, false),
        _ => {
            cx.s("ES Invalid type ");
            cx.u(kind as u64);
            cx.s(", length ");
            cx.u(len as u64);
            return Ok(());
        }
    };
    let len = len.saturating_sub(rewrite);
    if cx.opts.link_header {
        cx.s("ES SA, index ");
        cx.u(ih.be16(0)? as u64);
        cx.s(", ttl ");
        cx.u(ih[2] as u64);
        cx.s(" type ");
        cx.s(tables::lookup(IPSEC_TYPES, kind).unwrap_or("Unknown"));
        cx.s(" (");
        cx.u(kind as u64);
        cx.s("), ");
        if !bundle {
            cx.s("spi ");
            cx.u(ih.be32(4)? as u64);
            cx.s(", Tunnel ");
            cx.ipv4(&ih[8..12]);
            cx.s(" > ");
            cx.ipv4(&ih[12..16]);
            cx.s(", ");
        }
        cx.s("length ");
        cx.u(len as u64);
        cx.b(b'\n');
    }
    let p = d.get(hlen + rewrite..).unwrap_or(&[]);
    dispatch::ethertype(cx, 0x0800, p, len)?;
    Ok(())
}

/// LINKTYPE_JUNIPER_MONITOR (164): packet type, interface and service
/// id after the cookie; IP guessed from the first byte of that header.
pub fn monitor(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_monitor";
    let Some((hlen, _)) = with_cookie(cx, d, length, ll_len, "MONITOR", 8)? else {
        return Ok(());
    };
    let mh = d.range(hlen, 8)?;
    if cx.opts.link_header {
        cx.s("service-id ");
        cx.u(mh.be32(4)? as u64);
        cx.s(", iif ");
        cx.u(mh.be16(2)? as u64);
        cx.s(", pkt-type ");
        cx.u(mh[0] as u64);
        cx.s(": ");
    }
    guess_ip(cx, &d[hlen..], length.saturating_sub(hlen))?;
    Ok(())
}

/// LINKTYPE_JUNIPER_SERVICES (136): service, flags, service set and
/// interface after the cookie; IP guessed as for the monitor.
pub fn services(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_services";
    let Some((hlen, _)) = with_cookie(cx, d, length, ll_len, "AS", 8)? else {
        return Ok(());
    };
    let sh = d.range(hlen, 8)?;
    if cx.opts.link_header {
        cx.s("service-id ");
        cx.u(sh[0] as u64);
        cx.s(" flags 0x");
        fmt::put_hex2(cx.out, sh[1]);
        cx.s(" service-set-id 0x");
        fmt::put_hex_padded(cx.out, sh.be16(2)? as u64, 4);
        cx.s(" iif ");
        cx.u(u32::from_be_bytes([0, sh[5], sh[6], sh[7]]) as u64);
        cx.s(": ");
    }
    guess_ip(cx, &d[hlen..], length.saturating_sub(hlen))?;
    Ok(())
}

/// A Juniper header without a cookie, then a frame of `linktype`
/// (only the Juniper header counts as link header).
fn plain(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize, linktype: u32) -> R {
    let Some(hlen) = header(cx, d, length, ll_len)? else {
        return Ok(());
    };
    *ll_len = hlen;
    hlen_proto(cx, hlen, 0);
    let p = &d[hlen.min(d.len())..];
    let len = length.saturating_sub(hlen);
    if linktype == 107 && p.len() < 2 {
        // No Q.922 address: marked, the dump starts after this header.
        cx.proto = "fr";
        cx.trunc_marker();
        return Ok(());
    }
    if linktype == 9 {
        // Bare PPP, with or without address and control.
        return super::ppp::ppp(cx, p, len, &mut 0);
    }
    if let Some(decode) = dispatch::linktype(linktype) {
        decode(cx, p, len, &mut 0)?;
    }
    Ok(())
}

/// LINKTYPE_JUNIPER_PPP (179).
pub fn ppp(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_ppp";
    plain(cx, d, length, ll_len, 9)
}

/// LINKTYPE_JUNIPER_FRELAY (180).
pub fn frelay(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_frelay";
    plain(cx, d, length, ll_len, 107)
}

/// LINKTYPE_JUNIPER_CHDLC (181).
pub fn chdlc(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_chdlc";
    plain(cx, d, length, ll_len, 104)
}

/// LINKTYPE_JUNIPER_PPPOE (167): a cookie, then an Ethernet frame.
pub fn pppoe(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_pppoe";
    let Some(hlen) = header(cx, d, length, ll_len)? else {
        return Ok(());
    };
    let (hlen, proto) = cookie(cx, d, hlen, "PPPoE", 0)?;
    *ll_len = hlen;
    let Some(proto) = proto else {
        return Ok(());
    };
    *ll_len = hlen;
    hlen_proto(cx, hlen, proto);
    if let Some(ether) = dispatch::linktype(1) {
        ether(cx, &d[hlen..], length.saturating_sub(hlen), &mut 0)?;
    }
    Ok(())
}

/// LINKTYPE_JUNIPER_PPPOE_ATM (168): a cookie, then an EtherType and
/// the PPPoE frame.
pub fn pppoe_atm(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_pppoe_atm";
    let Some(hlen) = header(cx, d, length, ll_len)? else {
        return Ok(());
    };
    let (hlen, proto) = cookie(cx, d, hlen, "PPPoE ATM", 0)?;
    *ll_len = hlen;
    let Some(proto) = proto else {
        return Ok(());
    };
    *ll_len = hlen;
    hlen_proto(cx, hlen, proto);
    let t = d.be16(hlen)?;
    let (p, len) = (&d[hlen + 2..], length.saturating_sub(hlen + 2));
    if !dispatch::ethertype(cx, t, p, len)? {
        cx.s("unknown ethertype 0x");
        fmt::put_hex_padded(cx.out, t as u64, 4);
    }
    Ok(())
}

/// A link services (LSQ) cookie: its bytes (zero-filled to 8), length,
/// the bundle it names, the protocol and the header length after it.
struct Lsq {
    c: [u8; 8],
    len: usize,
    bundle: u32,
    proto: u16,
    hlen: usize,
}

/// The cookie of the multilink PIC types (`base` bytes; 2 more after a
/// link services id, 8 after an adaptive services one, none on an MFR
/// child link), shown with `-e` as for the others; `proto_after`: the
/// protocol follows a link services or plain cookie and counts as header
/// (MLFR; MFR for link services only).
fn lsq(
    cx: &mut Ctx,
    d: &[u8],
    start: usize,
    pic: &str,
    base: usize,
    mfr: bool,
    ll_len: &mut usize,
) -> R<Option<Lsq>> {
    let first = d.u8_at(start)?;
    let (mut len, kind) = match first {
        0x54 => (base + 2, b'L'),
        0x47 => (8, b'A'),
        _ => (base, b'-'),
    };
    if mfr && first & 0xc0 == 0xc0 {
        len = 0;
    }
    if cx.opts.link_header {
        cx.s(pic);
        cx.s("-PIC, cookie-len ");
        cx.u(len as u64);
    }
    let mut c = [0u8; 8];
    if len > 0 {
        c[..len].copy_from_slice(d.range(start, len)?);
        if cx.opts.link_header {
            cx.s(", cookie 0x");
            for &b in &c[..len] {
                fmt::put_hex2(cx.out, b);
            }
        }
    }
    if cx.opts.link_header {
        cx.s(": ");
    }
    let mut hlen = start + len;
    let mut proto = d.be16(hlen)?;
    *ll_len = hlen;
    let bundle = match kind {
        b'L' => {
            if pic != "MLPPP" {
                hlen += 2;
            }
            c[1] as u32
        }
        b'A' => {
            proto = (c[5] & 0x70) as u16;
            ((u16::from_be_bytes([c[6], c[7]]) >> 3) & 0xfff) as u32
        }
        _ => {
            if pic == "MLFR" {
                hlen += 2;
            }
            c[0] as u32
        }
    };
    *ll_len = hlen;
    hlen_proto(cx, hlen, proto);
    Ok(Some(Lsq {
        c,
        len,
        bundle,
        proto,
        hlen,
    }))
}

/// What an adaptive services cookie's protocol bits say; `Ok(false)`
/// for none of IPv4, IPv6, MPLS, OSI.
fn lsq_proto(cx: &mut Ctx, proto: u16, p: &[u8], len: usize) -> R<bool> {
    match proto {
        0x00 => dispatch::ethertype(cx, 0x0800, p, len)?,
        0x10 => dispatch::ethertype(cx, 0x86dd, p, len)?,
        0x20 => dispatch::ethertype(cx, 0x8847, p, len)?,
        0x30 => {
            cx.proto = "isoclns";
            dispatch::osi(cx, p, len)?
        }
        _ => return Ok(false),
    };
    Ok(true)
}

/// LINKTYPE_JUNIPER_MLPPP (130): multilink PPP bundles.
pub fn mlppp(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_mlppp";
    let Some(start) = header(cx, d, length, ll_len)? else {
        return Ok(());
    };
    let Some(l) = lsq(cx, d, start, "MLPPP", 2, false, ll_len)? else {
        return Ok(());
    };
    let head = u16::from_be_bytes([l.c[0], l.c[1]]);
    // A cookie that looks like a protocol: a child link, no bundle.
    if cx.opts.link_header && head != 0x0023 && head != 0xff03 {
        cx.s("Bundle-ID ");
        cx.u(l.bundle as u64);
        cx.s(": ");
    }
    let (p, len) = (&d[l.hlen..], length.saturating_sub(l.hlen));
    if l.proto == 0x00 && l.c[4] == 0x0c {
        // IS-IS over PPP going to the routing engine.
        return super::ppp::ppp(cx, p, len, &mut 0);
    }
    if lsq_proto(cx, l.proto, p, len)? {
        return Ok(());
    }
    if head == 0x0023 {
        // The cookie was the start of the PPP frame.
        return super::ppp::ppp(cx, &d[l.hlen - 2..], len + 2, &mut 0);
    }
    super::ppp::ppp(cx, p, len, &mut 0)
}

/// The OSI protocols MLFR and MFR carry: NLPIDs after a UI byte.
fn fr_nlpid(cx: &mut Ctx, d: &[u8], hlen: usize, proto: u16, length: usize) -> R<bool> {
    let len = length.saturating_sub(hlen);
    match proto {
        0x0308 | 0x03cc | 0x038e => {
            // The NLPID (the protocol's last byte) starts the PDU.
            cx.proto = "isoclns";
            dispatch::osi(cx, &d[hlen - 1..], len + 1)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn unknown_proto(cx: &mut Ctx, proto: u16, len: usize) {
    cx.s("unknown protocol 0x");
    fmt::put_hex_padded(cx.out, proto as u64, 4);
    cx.s(", length ");
    cx.u(len as u64);
}

/// `Bundle-ID N, ` unless the cookie is 1 (a child link).
fn bundle_id(cx: &mut Ctx, l: &Lsq) {
    if cx.opts.link_header && u32::from_be_bytes([l.c[0], l.c[1], l.c[2], l.c[3]]) != 1 {
        cx.s("Bundle-ID ");
        cx.u(l.bundle as u64);
        cx.s(", ");
    }
}

/// LINKTYPE_JUNIPER_MLFR (131): multilink Frame Relay bundles.
pub fn mlfr(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_mlfr";
    let Some(start) = header(cx, d, length, ll_len)? else {
        return Ok(());
    };
    let Some(l) = lsq(cx, d, start, "MLFR", 2, false, ll_len)? else {
        return Ok(());
    };
    bundle_id(cx, &l);
    let len = length.saturating_sub(l.hlen);
    match l.proto {
        0x0003 | 0x0300 => {
            cx.proto = "isoclns";
            dispatch::osi(cx, &d[l.hlen.min(d.len())..], len)?;
        }
        p => {
            if !fr_nlpid(cx, d, l.hlen, p, length)? {
                unknown_proto(cx, p, len);
            }
        }
    }
    Ok(())
}

/// LINKTYPE_JUNIPER_MFR (134): multilink Frame Relay (FRF.16) links.
pub fn mfr(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_mfr";
    let Some(start) = header(cx, d, length, ll_len)? else {
        return Ok(());
    };
    let Some(l) = lsq(cx, d, start, "MFR", 4, true, ll_len)? else {
        return Ok(());
    };
    let (p, len) = (&d[l.hlen.min(d.len())..], length.saturating_sub(l.hlen));
    if l.len == 0 {
        // A child link: the FRF.16 frame.
        if let Some(decode) = dispatch::linktype(182) {
            decode(cx, p, len, &mut 0)?;
        }
        return Ok(());
    }
    if l.len == 8 {
        lsq_proto(cx, l.proto, p, len)?;
        return Ok(());
    }
    bundle_id(cx, &l);
    match l.proto {
        0xfefe => {
            p.u8_at(0)?;
            cx.proto = "isoclns";
            dispatch::osi(cx, &p[1..], len.saturating_sub(1))?;
        }
        proto => {
            if !fr_nlpid(cx, d, l.hlen, proto, length)? {
                unknown_proto(cx, proto, len);
            }
        }
    }
    Ok(())
}

/// PPP protocols a Juniper router carries, by which PPP over ATM
/// (VC multiplexed) is recognised.
const PPP_GUESS: [u16; 13] = [
    0x0021, 0x0023, 0x0281, 0x0283, 0x8021, 0x8023, 0x8281, 0xc021, 0xc023, 0xc223, 0x003d, 0x0057,
    0x8057,
];

/// LINKTYPE_JUNIPER_ATM2 (135): the cookie (OAM cells, a gap count for
/// Ethernet over RFC 1483), an optional control word, then a guess of
/// the encapsulation: LLC, Ethernet, Cisco NLPID, PPP or IP.
pub fn atm2(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "juniper_atm2";
    let Some(start) = header(cx, d, length, ll_len)? else {
        return Ok(());
    };
    let (hlen, proto) = cookie(cx, d, start, "ATM2", 8)?;
    *ll_len = hlen;
    let Some(proto) = proto else {
        return Ok(());
    };
    let c = &d[start..hlen];
    // The control word counts as header but not off the length.
    let len = length.saturating_sub(hlen);
    let mut hlen = hlen;
    let oam = c.get(7).is_some_and(|b| b & 0x70 != 0);
    d.range(hlen, 4)?;
    if oam {
        let word = d.be32(hlen)?;
        if matches!(word, 0 | 0x0800_0000 | 0x0838_0000) {
            hlen += 4;
        }
        if cx.opts.link_header {
            cx.s("control-word 0x");
            fmt::put_hex_padded(cx.out, word as u64, 8);
            cx.b(b' ');
        }
    }
    *ll_len = hlen;
    hlen_proto(cx, hlen, proto);
    let p = &d[hlen.min(d.len())..];
    if oam {
        return dispatch::atm_oam(cx, p, len);
    }
    let head = p.range(0, 3)?;
    if head == [0xfe, 0xfe, 0x03] || head == [0xaa, 0xaa, 0x03] {
        dispatch::llc_frame(cx, None, &p[..p.len().min(len)], len)?;
        return Ok(());
    }
    let gap = c.len() >= 4 && u32::from_be_bytes([c[0], c[1], c[2], c[3]]) & 0x3f != 0;
    if d[3] & FLAG_IN == 0 && gap {
        if let Some(ether) = dispatch::linktype(1) {
            ether(cx, p, len, &mut 0)?;
        }
        return Ok(());
    }
    if p[0] == 0x03 {
        cx.proto = "isoclns";
        dispatch::osi(cx, &p[1..], len.saturating_sub(1))?;
        return Ok(());
    }
    if PPP_GUESS.contains(&p.be16(0)?) {
        return super::ppp::ppp(cx, p, len, &mut 0);
    }
    guess_ip(cx, p, len)?;
    Ok(())
}
