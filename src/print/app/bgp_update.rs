//! BGP UPDATE messages (RFC 4271 4.3): withdrawn routes, path attributes
//! (RFC 4271, 4760 multiprotocol, 1997 communities, 8092 large
//! communities, 7311 AIGP, ...) and announced routes.

use super::bgp::as_number;
use super::bgp_extcomm::ext_communities;
use super::bgp_l2vpn::l2vpn;
use super::bgp_prefix::{self as addpath, prefix_list, prefixes};
use crate::print::core::prelude::*;

static ATTRIBUTES: &[(u8, &str)] = &[
    (1, "Origin"),
    (2, "AS Path"),
    (3, "Next Hop"),
    (4, "Multi Exit Discriminator"),
    (5, "Local Preference"),
    (6, "Atomic Aggregate"),
    (7, "Aggregator"),
    (8, "Community"),
    (9, "Originator ID"),
    (10, "Cluster List"),
    (14, "Multi-Protocol Reach NLRI"),
    (15, "Multi-Protocol Unreach NLRI"),
    (16, "Extended Community"),
    (17, "AS4 Path"),
    (18, "Aggregator4"),
    (22, "PMSI Tunnel"),
    (23, "Tunnel Encapsulation"),
    (24, "Traffic Engineering"),
    (25, "IPv6 Extended Community"),
    (26, "Accumulated IGP Metric"),
    (27, "PE Distinguisher Label"),
    (28, "Entropy Label"),
    (32, "Large Community"),
    (33, "BGPsec Path"),
    (35, "Only to Customer (OTC)"),
    (128, "Attribute Set"),
    (255, "Reserved for development"),
];

/// `all` is `b` followed by the rest of the capture (some printers read
/// past the end of their attribute).
pub fn update(cx: &mut Ctx, b: &[u8], all: &[u8]) -> R {
    let wlen = b.be16(0)? as usize;
    let withdrawn = b.range(2, wlen)?;
    // A single withdrawn octet is passed over in silence; a list printed
    // to its end counts as no withdrawn routes for the End-of-RIB test.
    let mut wleft = wlen;
    if wlen > 1 {
        cx.s("\n\t  Withdrawn routes:");
        let whole = if addpath::guess(withdrawn, wlen, 32) {
            addpath::update_list(cx, withdrawn, true)?
        } else {
            prefix_list(cx, withdrawn, 4, false, "\n\t    ")?
        };
        if whole {
            wleft = 0;
        }
    }
    let alen = b.be16(2 + wlen)? as usize;
    let attrs = b.range(4 + wlen, alen)?;
    let nlri = b.get(4 + wlen + alen..).unwrap_or(&[]);
    if wleft == 0 && alen == 0 && nlri.is_empty() {
        cx.s("\n\t  End-of-Rib Marker (empty NLRI)");
        return Ok(());
    }
    let tail = all.get(4 + wlen..).unwrap_or(&[]);
    attr_list(cx, attrs, tail, b.len() - (4 + wlen), false)?;
    if !nlri.is_empty() {
        cx.s("\n\t  Updated routes:");
        if addpath::guess(nlri, nlri.len(), 32) {
            addpath::update_list(cx, nlri, false)?;
        } else {
            prefixes(cx, nlri, 4, false, "\n\t    ")?;
        }
    }
    Ok(())
}

/// A list of path attributes (an UPDATE's, or `nested` in an Attribute
/// Set); `tail` is `attrs` followed by the rest of the capture, `room`
/// the message's bytes from `attrs` on. A type or length cut by the list's
/// end or an attribute longer than the list ends it with a message.
fn attr_list(cx: &mut Ctx, attrs: &[u8], tail: &[u8], room: usize, nested: bool) -> R<usize> {
    let (indent, stump, short) = if nested {
        (
            "\n\t      ",
            " [path attr too short]",
            " [path attr too short]",
        )
    } else {
        (
            "\n\t  ",
            "\n\t  [path attrs too short]",
            " [path attrs too short]",
        )
    };
    let mut at = 0;
    while at < attrs.len() {
        // Flags and type, then the length's one or two bytes: each must
        // be captured and in the message, and is first checked so.
        tail.range(at, 2)?;
        if room - at < 2 {
            return Err(Trunc);
        }
        if attrs.len() - at < 2 {
            cx.s(stump);
            return Ok(attrs.len() - at);
        }
        let flags = attrs[at];
        let t = attrs[at + 1];
        let hl = if flags & 0x10 != 0 { 4 } else { 3 };
        tail.range(at + 2, hl - 2)?;
        if room - at < hl {
            return Err(Trunc);
        }
        if attrs.len() - at < hl {
            cx.s(stump);
            return Ok(attrs.len() - at - 2);
        }
        let len = if hl == 4 {
            attrs.be16(at + 2)? as usize
        } else {
            attrs[at + 2] as usize
        };
        cx.s(indent);
        cx.s(tables::lookup(ATTRIBUTES, t).unwrap_or("Unknown Attribute"));
        cx.s(" (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(len as u64);
        if flags != 0 {
            cx.s(", Flags [");
            for (bit, c) in [(0x80u8, b'O'), (0x40, b'T'), (0x20, b'P'), (0x10, b'E')] {
                if flags & bit != 0 {
                    cx.b(c);
                }
            }
            if flags & 0x0f != 0 {
                cx.b(b'+');
                cx.b(b"0123456789abcdef"[(flags & 0x0f) as usize]);
            }
            cx.b(b']');
        }
        // Nested attributes always show the colon.
        if nested || flags != 0 {
            cx.s(": ");
        }
        let Ok(v) = attrs.range(at + hl, len) else {
            cx.s(short);
            return Ok(attrs.len() - at - hl);
        };
        let ext = tail.get(at + hl..).unwrap_or(&[]);
        let dump = attribute(cx, t, v, ext)?;
        let shown = match dump {
            Dump::Always => len,
            Dump::Vv if cx.opts.verbose > 1 => len,
            Dump::VvFirst(n) if cx.opts.verbose > 1 => n.min(len),
            _ => 0,
        };
        if shown != 0 || dump == Dump::Always {
            hexdump::hex(cx.out, b"\n\t    ", &v[..shown], 0);
        }
        at += hl + len;
    }
    Ok(0)
}

/// When an attribute's value is shown in hex after its decoding.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Dump {
    Never,
    /// With -vv.
    Vv,
    /// Always (nothing decoded it).
    Always,
    /// The first N bytes of the value, with -vv.
    VvFirst(usize),
}

/// AS numbers are 2 or 4 bytes: the first size (2, then 4; only `forced`
/// when not 0) whose segments fill the path exactly; None when neither.
fn as_path_size(v: &[u8], forced: usize) -> Option<usize> {
    let sizes: &[usize] = if forced != 0 { &[4] } else { &[2, 4] };
    sizes.iter().copied().find(|&size| {
        let mut at = 0;
        while at + 2 <= v.len() {
            // Only the 2-byte reading insists on known segment types.
            if size == 2 && !(1..=4).contains(&v[at]) {
                return false;
            }
            at += 2 + v[at + 1] as usize * size;
        }
        at == v.len()
    })
}

/// The segments start within `v`; their numbers are read from `ext` (`v`
/// and the rest of the capture), even past the attribute's end.
fn as_path(cx: &mut Ctx, v: &[u8], ext: &[u8], size: usize) -> R {
    if v.is_empty() {
        cx.s("empty");
        return Ok(());
    }
    let mut at = 0;
    while at + 2 <= v.len() {
        let (open, close) = match v[at] {
            1 => ("{ ", "}"),
            3 => ("( ", ")"),
            4 => ("({ ", "})"),
            2 => ("", ""),
            _ => ("?", "?"),
        };
        let n = v[at + 1] as usize;
        cx.s(open);
        for i in 0..n {
            let p = at + 2 + i * size;
            let asn = if size == 4 {
                ext.be32(p)?
            } else {
                ext.be16(p)? as u32
            };
            as_number(cx, asn);
            cx.b(b' ');
        }
        cx.s(close);
        at += 2 + n * size;
    }
    Ok(())
}

/// `ext` is `v` followed by whatever the capture holds after it.
fn attribute(cx: &mut Ctx, t: u8, v: &[u8], ext: &[u8]) -> R<Dump> {
    let invalid = match t {
        1 => v.len() != 1,
        6 => !v.is_empty(),
        7 => v.len() != 6 && v.len() != 8,
        18 => v.len() != 8,
        3 | 4 | 5 | 9 | 35 => v.len() != 4,
        16 => v.len() % 8 != 0,
        10 => v.len() % 4 != 0,
        32 => v.len() % 12 != 0,
        2 | 17 => v.len() % 2 != 0,
        _ => false,
    };
    if invalid {
        cx.s("invalid len");
        return Ok(Dump::Vv);
    }
    match t {
        1 => match v.first() {
            Some(0) => cx.s("IGP"),
            Some(1) => cx.s("EGP"),
            Some(2) => cx.s("Incomplete"),
            Some(_) => cx.s("Unknown Origin Typecode"),
            None => {}
        },
        2 | 17 => {
            let size = as_path_size(v, if t == 17 { 4 } else { 0 }).unwrap_or(4);
            as_path(cx, v, ext, size)?;
        }
        3 | 9 if v.len() == 4 => cx.ipv4(v),
        4 | 5 if v.len() == 4 => cx.u(v.be32(0)? as u64),
        7 | 18 => {
            let (asn, addr) = if v.len() == 8 {
                (v.be32(0)?, &v[4..8])
            } else {
                (v.be16(0)? as u32, v.range(2, 4)?)
            };
            cx.s(" AS #");
            as_number(cx, asn);
            cx.s(", origin ");
            cx.ipv4(addr);
        }
        8 => {
            // The well-known ones take a space before, the others a
            // comma after (but the last).
            let n = v.len() / 4;
            for (i, c) in v.chunks_exact(4).enumerate() {
                match u32::from_be_bytes([c[0], c[1], c[2], c[3]]) {
                    0xffff_ff01 => cx.s(" NO_EXPORT"),
                    0xffff_ff02 => cx.s(" NO_ADVERTISE"),
                    0xffff_ff03 => cx.s(" NO_EXPORT_SUBCONFED"),
                    x => {
                        cx.u((x >> 16) as u64);
                        cx.b(b':');
                        cx.u((x & 0xffff) as u64);
                        if i + 1 < n {
                            cx.s(", ");
                        }
                    }
                }
            }
        }
        10 => {
            for (i, a) in v.chunks_exact(4).enumerate() {
                if i > 0 {
                    cx.s(", ");
                }
                cx.ipv4(a);
            }
        }
        32 => {
            cx.s("\n\t    ");
            for (i, c) in v.chunks_exact(12).enumerate() {
                if i > 0 {
                    cx.s(", ");
                }
                cx.u(c.be32(0)? as u64);
                cx.b(b':');
                cx.u(c.be32(4)? as u64);
                cx.b(b':');
                cx.u(c.be32(8)? as u64);
            }
            return Ok(Dump::Never);
        }
        26 => {
            let mut at = 0;
            while at + 3 <= v.len() {
                let tt = v[at];
                let l = v.be16(at + 1)? as usize;
                cx.s(if tt == 1 {
                    "\n\t    AIGP TLV ("
                } else {
                    "\n\t    Unknown TLV ("
                });
                cx.u(tt as u64);
                cx.s("), length ");
                cx.u(l as u64);
                if tt == 1 && l == 11 {
                    let m = v.range(at + 3, 8)?;
                    cx.s(", metric ");
                    cx.u(u64::from_be_bytes([
                        m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7],
                    ]));
                }
                if l < 3 || at + l > v.len() {
                    return Err(Trunc);
                }
                at += l;
            }
        }
        35 if v.len() == 4 => {
            cx.s("\n\t    OTC ");
            as_number(cx, v.be32(0)?);
        }
        14 => mp_reach(cx, v, ext)?,
        15 => mp_unreach(cx, v)?,
        33 => {
            // The length is read even past a shorter attribute.
            let spl = ext.be16(0)?;
            if spl < 8 {
                cx.s(" [secure path length ");
                cx.u(spl as u64);
                cx.s(" < 8] (invalid)");
                return Ok(Dump::Never);
            }
            if (spl - 2) % 6 != 0 {
                cx.s("\n\t    Secure Path Length: ");
                cx.u(spl as u64);
                cx.s(" [total segments length ");
                cx.u(spl as u64 - 2);
                cx.s(" != N x 6] (invalid)");
            } else {
                bgpsec_path(cx, v)?
            }
        }
        16 => ext_communities(cx, v)?,
        22 => pmsi_tunnel(cx, v)?,
        128 => {
            let asn = v.be32(0)?;
            cx.s("\n\t    Origin AS: ");
            as_number(cx, asn);
            let inner = v.get(4..).unwrap_or(&[]);
            let left = attr_list(cx, inner, ext.get(4..).unwrap_or(&[]), usize::MAX, true)?;
            // A list stopped early leaves that many bytes for -vv's dump.
            return Ok(Dump::VvFirst(left));
        }
        3..=10 | 35 => {}
        _ => {
            cx.s("\n\t    no Attribute ");
            cx.u(t as u64);
            cx.s(" decoder");
            return Ok(Dump::Always);
        }
    }
    Ok(Dump::Vv)
}

/// The BGPsec_Path attribute (RFC 8205): the secure path, then the
/// signature blocks.
fn bgpsec_path(cx: &mut Ctx, v: &[u8]) -> R {
    let spl = v.be16(0)? as usize;
    cx.s("\n\t    Secure Path Length: ");
    cx.u(spl as u64);
    let mut at = 2;
    while at + 6 <= spl {
        let seg = v.range(at, 6)?;
        let flags = seg[1];
        cx.s("\n\t      Secure Path Segment: pCount: ");
        cx.u(seg[0] as u64);
        cx.s(", Flags: [");
        cx.flag_names(
            flags as u32,
            &[
                (0x80, "Confed_Segment"),
                (0x01, "MBZ-0"),
                (0x02, "MBZ-1"),
                (0x04, "MBZ-2"),
                (0x08, "MBZ-3"),
                (0x10, "MBZ-4"),
                (0x20, "MBZ-5"),
                (0x40, "MBZ-6"),
            ],
        );
        cx.s("] (0x");
        fmt::put_hex2(cx.out, flags);
        cx.s("), AS: ");
        cx.u(u32::from_be_bytes([seg[2], seg[3], seg[4], seg[5]]) as u64);
        at += 6;
    }
    let mut at = spl.max(2);
    while at + 3 <= v.len() {
        let sbl = v.be16(at)? as usize;
        cx.s("\n\t    Signature Block: Length: ");
        cx.u(sbl as u64);
        cx.s(", Algo ID: ");
        cx.u(v.u8_at(at + 2)? as u64);
        if sbl < 3 {
            break;
        }
        let end = at + sbl;
        let mut p = at + 3;
        while p + 22 <= end {
            cx.s("\n\t      Signature Segment:\n\t        SKI: ");
            hexdump::hex(cx.out, b"\n\t          ", v.range(p, 20)?, 0);
            let sl = v.be16(p + 20)? as usize;
            cx.s("\n\t        Length: ");
            cx.u(sl as u64);
            cx.s("\n\t        Signature:");
            hexdump::hex(cx.out, b"\n\t          ", v.range(p + 22, sl)?, 0);
            p += 22 + sl;
        }
        at = end;
    }
    Ok(())
}

fn safi_line(cx: &mut Ctx, afi: u16, safi: u8) {
    cx.s("\n\t    AFI: ");
    cx.s(super::bgp::afi_name(afi).unwrap_or("Unknown AFI"));
    cx.s(" (");
    cx.u(afi as u64);
    cx.s(if safi > 128 {
        "), vendor specific SAFI: "
    } else {
        "), SAFI: "
    });
    cx.s(match safi {
        0 => "Reserved",
        1 => "Unicast",
        2 => "Multicast",
        3 => "Unicast+Multicast",
        4 => "labeled Unicast",
        5 => "Multicast VPN",
        64 => "Tunnel",
        65 => "VPLS",
        66 => "MDT",
        70 => "EVPN",
        128 => "labeled VPN Unicast",
        129 => "labeled VPN Multicast",
        130 => "labeled VPN Unicast+Multicast",
        132 => "Route Target Routing Information",
        _ => "Unknown SAFI",
    });
    cx.s(" (");
    cx.u(safi as u64);
    cx.b(b')');
}

/// MDT SAFI NLRI (RFC 6037): only the length check is shown.
fn mdt(cx: &mut Ctx, b: &[u8]) -> R {
    if b.u8_at(0)? != 128 {
        cx.s("\n\t    (illegal prefix length)");
    }
    Ok(())
}

/// Whether the snapshot decodes this AFI/SAFI pair in MP_(UN)REACH.
fn mp_decoded(afi: u16, safi: u8) -> bool {
    match afi {
        1 => matches!(safi, 1..=5 | 66 | 128..=130 | 132),
        2 => matches!(safi, 1..=4 | 128..=130),
        3 => matches!(safi, 1..=3 | 128..=130),
        25 => safi == 65,
        _ => false,
    }
}

/// `no AFI x / SAFI y decoder`, the attribute in hex at -v (at -vv the
/// attribute dump follows anyway).
fn mp_no_decoder(cx: &mut Ctx, v: &[u8], afi: u16, safi: u8) {
    cx.s("\n\t    no AFI ");
    cx.u(afi as u64);
    cx.s(" / SAFI ");
    cx.u(safi as u64);
    cx.s(" decoder");
    if cx.opts.verbose <= 1 {
        hexdump::hex(cx.out, b"\n\t    ", v, 0);
    }
}

fn mp_reach(cx: &mut Ctx, v: &[u8], ext: &[u8]) -> R {
    let afi = v.be16(0)?;
    let safi = v.u8_at(2)?;
    safi_line(cx, afi, safi);
    if !mp_decoded(afi, safi) {
        mp_no_decoder(cx, v, afi, safi);
        return Ok(());
    }
    let nhlen = v.u8_at(3)? as usize;
    let nh = v.range(4, nhlen)?;
    // The next hop field holds as many addresses of the family (with a
    // route distinguisher for the VPN SAFIs) as it has room for.
    let (size, with_rd) = match (afi, safi) {
        (1, 128..=130) => (12, true),
        (2, 128..=130) => (24, true),
        (2, _) => (16, false),
        (3, _) => (0, false),
        _ => (4, false),
    };
    if nhlen != 0 {
        cx.s("\n\t    nexthop: ");
    }
    if size == 0 {
        for &b in nh {
            fmt::put_hex2(cx.out, b);
        }
        return mp_reach_rest(cx, v, ext, afi, safi, nhlen);
    }
    let mut rest = nh;
    let mut first = true;
    while !rest.is_empty() {
        if !first {
            cx.s(", ");
        }
        first = false;
        if rest.len() < size {
            cx.s("invalid len");
            break;
        }
        let (one, more) = rest.split_at(size);
        let addr = if with_rd {
            rd(cx, one);
            cx.s(", ");
            &one[8..]
        } else {
            one
        };
        if addr.len() == 4 {
            cx.ipv4(addr);
        } else {
            cx.ipv6(addr);
        }
        rest = more;
    }
    mp_reach_rest(cx, v, ext, afi, safi, nhlen)
}

/// What follows the next hop: its length, the SNPAs, the NLRI.
fn mp_reach_rest(cx: &mut Ctx, v: &[u8], ext: &[u8], afi: u16, safi: u8, nhlen: usize) -> R {
    cx.s(", nh-length: ");
    cx.u(nhlen as u64);
    let snpa = v.u8_at(4 + nhlen)?;
    let mut at = 5 + nhlen;
    if snpa == 0 {
        cx.s(", no SNPA");
    } else {
        cx.s("\n\t    ");
        cx.u(snpa as u64);
        cx.s(" SNPA");
        for _ in 0..snpa {
            let l = v.u8_at(at)? as usize;
            cx.s("\n\t      ");
            cx.u(l as u64);
            cx.s(" bytes");
            at += 1 + l;
        }
    }
    let more = ext.get(at..).unwrap_or(&[]);
    nlri(cx, afi, safi, v.get(at..).unwrap_or(&[]), more)
}

fn mp_unreach(cx: &mut Ctx, v: &[u8]) -> R {
    let afi = v.be16(0)?;
    let safi = v.u8_at(2)?;
    safi_line(cx, afi, safi);
    let rest = v.get(3..).unwrap_or(&[]);
    if rest.is_empty() {
        cx.s("\n\t      End-of-Rib Marker (empty NLRI)");
        return Ok(());
    }
    if !mp_decoded(afi, safi) {
        mp_no_decoder(cx, v, afi, safi);
        return Ok(());
    }
    nlri(cx, afi, safi, rest, rest)
}

/// `more` is `b` followed by what the capture holds after it.
fn nlri(cx: &mut Ctx, afi: u16, safi: u8, b: &[u8], more: &[u8]) -> R {
    let alen = match afi {
        1 => 4,
        2 => 16,
        3 if (128..=130).contains(&safi) => {
            // NSAP VPN prefixes: only the length check is shown.
            if b.u8_at(0)? < 88 {
                cx.s("\n\t    (illegal prefix length)");
            }
            return Ok(());
        }
        25 => return l2vpn(cx, b, more),
        _ => return Ok(()),
    };
    match safi {
        132 if afi == 1 => rt_routing_info(cx, b),
        128..=130 => vpn_prefixes(cx, b, alen),
        5 => mvpn(cx, b, more),
        1..=3 if addpath::guess(b, b.len(), alen as u8 * 8) => addpath::mp_list(cx, b, more, alen),
        1..=3 => prefixes(cx, b, alen, false, "\n\t      "),
        66 if afi == 1 => mdt(cx, b),
        4 => prefixes(cx, b, alen, true, "\n\t      "),
        _ => Ok(()),
    }
}

/// A route distinguisher (RFC 4364) as tcpdump shows it.
pub(super) fn rd(cx: &mut Ctx, b: &[u8]) {
    let be16 = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]) as u64;
    let be32 = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    cx.s("RD: ");
    match be16(0) {
        0 => {
            cx.u(be16(2));
            cx.b(b':');
            cx.u(be32(4) as u64);
            cx.s(" (= ");
            fmt::put_ipv4(cx.out, &b[4..8]);
            cx.b(b')');
        }
        1 => {
            fmt::put_ipv4(cx.out, &b[2..6]);
            cx.b(b':');
            cx.u(be16(6));
        }
        2 => {
            as_number(cx, be32(2));
            cx.b(b':');
            cx.u(be16(6));
            cx.s(" (");
            fmt::put_ipv4(cx.out, &b[2..6]);
            cx.b(b':');
            cx.u(be16(6));
            cx.b(b')');
        }
        _ => cx.s("unknown RD format"),
    }
}

/// Labeled VPN prefixes (RFC 4364): label, route distinguisher, prefix.
fn vpn_prefixes(cx: &mut Ctx, b: &[u8], alen: usize) -> R {
    let mut at = 0;
    while at < b.len() {
        let plen = b.u8_at(at)? as usize;
        if plen < 24 + 64 || plen - 88 > alen * 8 {
            cx.s("\n\t    (illegal prefix length)");
            return Ok(());
        }
        let plen = plen - 88;
        let n = plen.div_ceil(8);
        let mut a = [0u8; 16];
        a[..n].copy_from_slice(b.range(at + 12, n)?);
        if plen % 8 != 0 {
            a[n - 1] &= (0xff00u16 >> (plen % 8)) as u8;
        }
        let l = b.range(at + 1, 3)?;
        let label = u32::from_be_bytes([0, l[0], l[1], l[2]]) >> 4;
        cx.s("\n\t      ");
        rd(cx, b.range(at + 4, 8)?);
        cx.s(", ");
        if alen == 4 {
            cx.ipv4(&a[..4]);
        } else {
            cx.ipv6(&a);
        }
        cx.b(b'/');
        cx.u(plen as u64);
        cx.s(", label:");
        cx.u(label as u64);
        cx.s(if l[2] & 1 == 0 {
            " (BOGUS: Bottom of Stack NOT set!)"
        } else {
            " (bottom)"
        });
        at += 12 + n;
    }
    Ok(())
}

/// Multicast VPN routes (RFC 6514): type, length and, for some types,
/// the route distinguisher and originator or source AS.
fn mvpn(cx: &mut Ctx, b: &[u8], more: &[u8]) -> R {
    let mut at = 0;
    while at < b.len() {
        let t = b.u8_at(at)?;
        // The length octet may lie past the attribute, still in the capture.
        let l = more.u8_at(at + 1)? as usize;
        cx.s("\n\t      Route-Type: ");
        cx.s(match t {
            1 => "Intra-AS I-PMSI",
            2 => "Inter-AS I-PMSI",
            3 => "S-PMSI",
            4 => "Intra-AS Segment-Leaf",
            5 => "Source-Active",
            6 => "Shared Tree Join",
            7 => "Source Tree Join",
            _ => "Unknown",
        });
        cx.s(" (");
        cx.u(t as u64);
        cx.s("), length: ");
        cx.u(l as u64);
        let p = at + 2;
        if p + l > b.len() {
            return Ok(());
        }
        let d = more;
        match t {
            1 => {
                rd_str(cx, d, p)?;
                cx.s(", Originator ");
                vpn_ip(cx, d, p + 8, l.saturating_sub(8) * 8)?;
            }
            2 | 6 | 7 => {
                rd_str(cx, d, p)?;
                cx.s(", Source-AS ");
                as_number(cx, d.be32(p + 8)?);
                if t != 2 {
                    sg(cx, d, p + 12)?;
                }
            }
            3 => {
                rd_str(cx, d, p)?;
                // The originator's length is taken as the route's less
                // the (S,G) entry, the distinguisher not counted.
                let n = sg(cx, d, p + 8)?;
                d.range(p + 8, l.saturating_sub(n))?;
                cx.s(", Originator ");
                vpn_ip(cx, d, p + 8, (l.saturating_sub(n) * 8) & 0xffff_ffff)?;
            }
            5 => {
                rd_str(cx, d, p)?;
                sg(cx, d, p + 8)?;
            }
            _ => {}
        }
        at += l + 2;
    }
    Ok(())
}

/// An address given its length in bits: IPv4, IPv6 or bogus.
fn vpn_ip(cx: &mut Ctx, d: &[u8], p: usize, bits: usize) -> R {
    match bits {
        32 => cx.ipv4(d.range(p, 4)?),
        128 => cx.ipv6(d.range(p, 16)?),
        _ => {
            cx.s("bogus address length ");
            cx.u(bits as u64);
        }
    }
    Ok(())
}

/// A multicast (S,G) entry: each address after its length in bits; the
/// bytes it takes.
fn sg(cx: &mut Ctx, d: &[u8], p: usize) -> R<usize> {
    let mut at = p;
    for what in [", Source ", ", Group "] {
        let bits = d.u8_at(at)? as usize;
        d.range(at + 1, bits >> 3)?;
        if bits != 0 {
            cx.s(what);
            vpn_ip(cx, d, at + 1, bits)?;
        }
        at += 1 + (bits >> 3);
    }
    Ok(at - p)
}

fn rd_str(cx: &mut Ctx, b: &[u8], p: usize) -> R {
    let r = b.range(p, 8)?;
    cx.s(", ");
    rd(cx, r);
    Ok(())
}

/// The PMSI tunnel attribute (RFC 6514).
fn pmsi_tunnel(cx: &mut Ctx, v: &[u8]) -> R {
    v.range(0, 5)?;
    let flags = v[0];
    let tt = v[1];
    cx.s("\n\t    Tunnel-type ");
    cx.s(match tt {
        1 => "RSVP-TE P2MP LSP",
        2 => "mLDP P2MP LSP",
        3 => "PIM-SSM Tree",
        4 => "PIM-SM Tree",
        5 => "BIDIR-PIM Tree",
        6 => "Ingress Replication",
        7 => "mLDP MP2MP LSP",
        _ => "Unknown",
    });
    cx.s(" (");
    cx.u(tt as u64);
    cx.s("), Flags [");
    cx.flag_names(flags as u32, &[(0x01, "Leaf Information required")]);
    cx.s("], MPLS Label ");
    cx.u((u32::from_be_bytes([0, v[2], v[3], v[4]]) >> 4) as u64);
    let p = 5;
    match tt {
        3..=5 => {
            let (a, g) = (v.range(p, 4)?, v.range(p + 4, 4)?);
            cx.s(if tt == 3 {
                "\n\t      Root-Node "
            } else {
                "\n\t      Sender "
            });
            cx.ipv4(a);
            cx.s(", P-Group ");
            cx.ipv4(g);
        }
        6 => {
            cx.s("\n\t      Tunnel-Endpoint ");
            cx.ipv4(v.range(p, 4)?);
        }
        2 | 7 => {
            let a = v.range(p, 4)?;
            cx.s("\n\t      Root-Node ");
            cx.ipv4(a);
            cx.s(", LSP-ID 0x");
            fmt::put_hex_padded(cx.out, v.be32(p + 4)? as u64, 8);
        }
        1 => {
            let a = v.range(p, 4)?;
            cx.s("\n\t      Extended-Tunnel-ID ");
            cx.ipv4(a);
            cx.s(", P2MP-ID 0x");
            fmt::put_hex_padded(cx.out, v.be32(p + 4)? as u64, 8);
        }
        _ => {
            if cx.opts.verbose <= 1 {
                hexdump::hex(cx.out, b"\n\t      ", &v[p..], 0);
            }
        }
    }
    Ok(())
}

/// Route target membership NLRI (RFC 4684): an origin AS and a route
/// target prefix of up to 64 bits.
fn rt_routing_info(cx: &mut Ctx, b: &[u8]) -> R {
    let mut at = 0;
    while at < b.len() {
        let plen = b.u8_at(at)? as usize;
        if plen == 0 {
            cx.s("\n\t      default route target");
            at += 1;
            continue;
        }
        if !(32..=96).contains(&plen) {
            cx.s("\n\t      (illegal prefix length)");
            return Ok(());
        }
        let asn = b.be32(at + 1)?;
        let plen = plen - 32;
        let n = plen.div_ceil(8);
        let mut rt = [0u8; 8];
        rt[..n].copy_from_slice(b.range(at + 5, n)?);
        if plen % 8 != 0 {
            rt[n - 1] &= (0xff00u16 >> (plen % 8)) as u8;
        }
        cx.s("\n\t      origin AS: ");
        as_number(cx, asn);
        rt_prefix(cx, &rt, plen);
        at += 5 + n;
    }
    Ok(())
}

/// `, route-target: ...`: the route target prefix by its type.
fn rt_prefix(cx: &mut Ctx, rt: &[u8; 8], plen: usize) {
    let n = plen.div_ceil(8);
    let hex = |cx: &mut Ctx| {
        for (i, &c) in rt[..n].iter().enumerate() {
            fmt::put_hex2(cx.out, c);
            if i % 2 == 1 && i + 1 != n {
                cx.b(b' ');
            }
        }
    };
    if plen == 0 {
        cx.s(", route-target: 0:0/0");
        return;
    }
    if plen < 16 {
        cx.s(", route-target: partial-type: (");
        hex(cx);
        cx.b(b'/');
        cx.u(plen as u64);
        cx.b(b')');
        return;
    }
    let t = u16::from_be_bytes([rt[0], rt[1]]);
    let be16 = |i: usize| u16::from_be_bytes([rt[i], rt[i + 1]]) as u64;
    let be32 = |i: usize| u32::from_be_bytes([rt[i], rt[i + 1], rt[i + 2], rt[i + 3]]);
    match t {
        0x0002 => {
            cx.s(", route-target: ");
            cx.u(be16(2));
            cx.b(b':');
            cx.u(be32(4) as u64);
        }
        0x0102 => {
            cx.s(", route-target: ");
            fmt::put_ipv4(cx.out, &rt[2..6]);
            cx.b(b':');
            cx.u(be16(6));
        }
        0x0202 => {
            cx.s(", route-target: ");
            as_number(cx, be32(2));
            cx.b(b':');
            cx.u(be16(6));
        }
        _ => {
            cx.s(", route target: unknown-type(");
            fmt::put_hex_padded(cx.out, t as u64, 4);
            cx.s(") (");
            hex(cx);
            cx.b(b'/');
            cx.u(plen as u64);
            cx.b(b')');
            return;
        }
    }
    cx.b(b'/');
    cx.u(plen as u64);
    cx.s(" (");
    hex(cx);
    cx.b(b')');
}
