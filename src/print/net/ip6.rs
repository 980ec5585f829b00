//! IPv6 (RFC 8200) and its extension headers: hop-by-hop and destination
//! options, routing, fragment.

use crate::print::core::prelude::*;

const HOPOPTS: u8 = 0;
const ROUTING: u8 = 43;
const FRAGMENT: u8 = 44;
const DSTOPTS: u8 = 60;

/// LINKTYPE_IPV6: the packet must be IPv6.
pub fn print_forced(cx: &mut Ctx, data: &[u8], length: usize, _ll: &mut usize) -> R {
    // The header's own checks (length, then version) apply.
    cx.proto = "ip6";
    cx.net_names = true;
    print(cx, data, length)
}

pub fn print(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    cx.proto = "ip6";
    // The snapshot names the protocol, then checks the length and the
    // version, then that the header was captured (4.99 checked the
    // capture first, and the version after the name).
    if cx.net_names {
        cx.s("IP6 ");
    }
    // A header inside names itself as the snapshot's does: unless -e.
    cx.net_names = !cx.opts.link_header;
    if length < 40 {
        cx.s(" [length ");
        cx.u(length as u64);
        cx.s(" < 40] (invalid)");
        return Ok(());
    }
    // Cut short before the next header, the packet ends as the
    // snapshot's accessors end it (its `-x` dump starts at the frame's
    // first byte; 4.99's started at the header's).
    let Some(&first) = data.first() else {
        return Err(Trunc);
    };
    let version = first >> 4;
    if version != 6 {
        cx.s(" [version ");
        cx.u(version as u64);
        cx.s(" != 6] (invalid)");
        return Ok(());
    }
    // The payload length and the next header, then (`-v`) what the
    // first 8 bytes say, then the whole header must have been captured.
    // (A payload length past the packet is reported before the next
    // header is read.)
    let payload_len = data.be16(4)? as usize;
    let mut len = if payload_len != 0 {
        let len = payload_len + 40;
        if length < len {
            cx.s("[header+payload length ");
            cx.u(len as u64);
            cx.s(" > length ");
            cx.u(length as u64);
            cx.s("] (invalid) ");
            // The snapshot goes on with the header's length: what
            // follows is as long as the header says, only cut short.
            len
        } else {
            len
        }
    } else {
        // Jumbogram (RFC 2675): the real length is in a hop-by-hop
        // option; until one is found, extension headers may use all the
        // captured bytes, and without one the payload counts as empty.
        length
    };
    let mut nh = data.u8_at(6)?;
    // A zero payload length before TCP or UDP itself (no extension
    // header, so no jumbo payload option) in a packet longer than 65535
    // bytes: a BIG TCP packet, as long as the capture.
    let big_tcp = payload_len == 0 && matches!(nh, PROTO_TCP | PROTO_UDP) && length > 65535;
    if cx.opts.verbose > 0 {
        let flow = data.be32(0)?;
        cx.b(b'(');
        if flow & 0x0ff0_0000 != 0 {
            cx.s("class 0x");
            fmt::put_hex_padded(cx.out, ((flow & 0x0ff0_0000) >> 20) as u64, 2);
            cx.s(", ");
        }
        if flow & 0x000f_ffff != 0 {
            cx.s("flowlabel 0x");
            fmt::put_hex_padded(cx.out, (flow & 0x000f_ffff) as u64, 5);
            cx.s(", ");
        }
        let hlim = data.u8_at(7)?;
        cx.s("hlim ");
        cx.u(hlim as u64);
        cx.s(", next-header ");
        cx.s(proto_name(nh).unwrap_or("unknown"));
        cx.s(" (");
        cx.u(nh as u64);
        cx.s("), payload length ");
        cx.u(payload_len as u64);
        cx.s(") ");
    }
    // Without -v the presumption is not shown.
    if big_tcp && cx.opts.verbose > 0 {
        cx.s("[real length ");
        cx.u(length as u64);
        cx.s(", presumed BIG TCP] ");
    }
    if data.len() < 40 {
        cx.trunc_marker();
        return Ok(());
    }
    let full = data;
    let mut data = &data[..data.len().min(len)];
    let mut net = NetHeader::V6 {
        src: &data[8..24],
        dst: &data[24..40],
        next: nh,
        cksum_dst: &data[24..40],
        len_field: payload_len as u16,
        ttl: data[7],
    };
    let mut pos = 0usize;
    let mut advance = 40usize;
    let mut fragmented = false;
    let mut jumbo_found = false;
    let mut found_hbh = false;
    let mut routed = false;
    // The previous header's type (255: the IPv6 header).
    let mut prev = 255u8;
    while pos < data.len() && advance > 0 {
        let this = nh;
        if len < advance {
            cx.trunc_marker();
            return Ok(());
        }
        pos += advance;
        len -= advance;
        if pos == 40 && !matches!(nh, PROTO_TCP | PROTO_UDP | PROTO_DCCP | PROTO_SCTP) {
            net.print_addrs(cx);
            cx.s(": ");
        }
        let cp = data.get(pos..).unwrap_or(&[]);
        match nh {
            HOPOPTS if found_hbh => {
                cx.s("[The Hop-by-Hop Options header was already found] (invalid)");
                return Ok(());
            }
            HOPOPTS if prev != 255 => {
                cx.s("[The Hop-by-Hop Options header don't follow the IPv6 header] (invalid)");
                return Ok(());
            }
            HOPOPTS | DSTOPTS => {
                let hbh = nh == HOPOPTS;
                found_hbh |= hbh;
                cx.proto = if hbh { "hbh" } else { "dstopt" };
                let optlen = (cp.u8_at(1)? as usize + 1) << 3;
                cp.range(0, optlen)?;
                cx.s(if hbh { "HBH " } else { "DSTOPT " });
                // Hop-by-hop options are always checked, destination
                // options only with -v.
                let (ok, jumbo) = if hbh || cx.opts.verbose > 0 {
                    options(cx, &cp[2..optlen], hbh.then_some(payload_len))?
                } else {
                    (true, None)
                };
                if !ok {
                    cx.s(" (invalid)");
                }
                if hbh && payload_len == 0 && jumbo.is_none() {
                    cx.s("[No valid Jumbo Payload Hop-by-Hop option found] (invalid)");
                    return Ok(());
                }
                if !ok {
                    return Ok(());
                }
                advance = optlen;
                nh = cp[0];
                if hbh && payload_len == 0 {
                    if let Some(jumbo) = jumbo {
                        // The real payload length, from the Jumbo Payload option.
                        let total = jumbo as usize + 40;
                        let processed = pos + advance;
                        if total < processed {
                            cx.trunc_marker();
                            return Ok(());
                        }
                        if length < total {
                            cx.s("[header+payload length ");
                            cx.u(total as u64);
                            cx.s(" > length ");
                            cx.u(length as u64);
                            cx.s("] (invalid) ");
                        }
                        data = &full[..full.len().min(total)];
                        jumbo_found = true;
                        len = total - pos;
                    }
                }
            }
            FRAGMENT => {
                cx.proto = "frag6";
                cx.s("frag (");
                if cx.opts.verbose > 0 {
                    let ident = cp.be32(4)?;
                    cx.s("0x");
                    fmt::put_hex_padded(cx.out, ident as u64, 8);
                    cx.b(b':');
                } else {
                    cp.range(4, 4)?;
                }
                let off = cp.be16(2)? & 0xfff8;
                cx.u(off as u64);
                cx.b(b'|');
                // What the header's payload length leaves after this one.
                if pos + 8 > 40 + payload_len {
                    cx.s("[length < 0] (invalid))");
                } else {
                    cx.u((40 + payload_len - pos - 8) as u64);
                    cx.b(b')');
                }
                // A later fragment is not decoded.
                if off != 0 {
                    return Ok(());
                }
                cx.b(b' ');
                if data.len() <= pos + 8 {
                    return Ok(());
                }
                advance = 8;
                fragmented = true;
                nh = cp[0];
            }
            ROUTING => {
                // Not a byte of it: the snapshot's IPv6 loop is cut short.
                if cp.is_empty() {
                    cx.trunc_marker();
                    return Ok(());
                }
                cx.proto = "rt6";
                match routing(cx, cp)? {
                    Some(n) => advance = n,
                    None => return Ok(()),
                }
                // Only the first routing header leads the checksum's way.
                if !routed {
                    routed = true;
                    if let Some(final_dst) = routing_final_dst(cp) {
                        if let NetHeader::V6 { cksum_dst, .. } = &mut net {
                            *cksum_dst = final_dst;
                        }
                    }
                }
                nh = cp[0];
            }
            _ => {
                if payload_len == 0 && !jumbo_found {
                    // Extension headers without a jumbo payload option
                    // leave no length for the payload.
                    if prev != 255 {
                        cx.proto = "ip6";
                        cx.trunc_marker();
                        return Ok(());
                    }
                    if !big_tcp {
                        return super::ip::demux(cx, &[], 0, 6, fragmented, nh, net);
                    }
                }
                return super::ip::demux(cx, cp, len, 6, fragmented, nh, net);
            }
        }
        cx.proto = "ip6";
        prev = this;
    }
    Ok(())
}

/// The destination a routing header leads to, which the transport
/// checksum covers: the last listed address (type 0/2), or the first
/// segment (segment routing, type 4); none (the header's destination)
/// when the header's length is odd (not whole addresses).
fn routing_final_dst(cp: &[u8]) -> Option<&[u8]> {
    let len = *cp.get(1)? as usize;
    if len % 2 == 1 {
        return None;
    }
    match *cp.get(2)? {
        0 | 2 if len >= 2 => cp.get(8 + 16 * (len / 2 - 1)..8 + 16 * (len / 2)),
        4 => cp.get(8..24),
        _ => None,
    }
}

/// ` [what N op M]`: an option's length check failed.
fn opt_bad(cx: &mut Ctx, what: &str, n: usize, op: &str, m: usize) -> R<(bool, Option<u32>)> {
    cx.bad_len(what, n as u64, op, m as u64);
    Ok((false, None))
}

/// Hop-by-hop or destination options (`payload_len`: the IPv6 payload
/// length for hop-by-hop options, `None` for destination options),
/// named with `-v`. `Ok((false, _))` when a length check fails; the
/// valid Jumbo Payload length found, if any.
fn options(cx: &mut Ctx, opts: &[u8], payload_len: Option<usize>) -> R<(bool, Option<u32>)> {
    let show = cx.opts.verbose > 0;
    let len = opts.len();
    if len == 0 {
        return Ok((true, None));
    }
    let mut seen_jumbo = false;
    let mut valid = None;
    let mut i = 0;
    while i < len {
        let t = opts.u8_at(i)?;
        let optlen = if t == 0 {
            1
        } else {
            if len - i < 2 {
                return opt_bad(cx, "remaining length", len - i, "<", 2);
            }
            opts.u8_at(i + 1)? as usize + 2
        };
        if len - i < optlen {
            return opt_bad(cx, "remaining length", len - i, "<", optlen);
        }
        let o = &opts[i..i + optlen];
        match t {
            0 if show => cx.s("(pad1)"),
            1 if show => cx.s("(padn)"),
            5 => {
                if len - i < 4 {
                    return opt_bad(cx, "(rtalert) remaining length", len - i, "<", 4);
                }
                if optlen - 2 != 2 {
                    return opt_bad(cx, "(rtalert) length", optlen - 2, "!=", 2);
                }
                if show {
                    cx.s("(rtalert: 0x");
                    fmt::put_hex_padded(cx.out, o.be16(2)? as u64, 4);
                    cx.s(") ");
                }
            }
            0xc2 => {
                if len - i < 6 {
                    return opt_bad(cx, "(jumbo) remaining length", len - i, "<", 6);
                }
                if optlen - 2 != 4 {
                    return opt_bad(cx, "(jumbo) length", optlen - 2, "!=", 4);
                }
                let jumbo = o.be32(2)?;
                let why = if seen_jumbo {
                    " - already seen"
                } else {
                    seen_jumbo = true;
                    match payload_len {
                        None => " - not a hop-by-hop option",
                        Some(p) if p != 0 => " - payload len != 0",
                        _ if jumbo < 65536 => " - < 65536",
                        _ => {
                            valid = Some(jumbo);
                            ""
                        }
                    }
                };
                if show {
                    cx.s("(jumbo: ");
                    cx.u(jumbo as u64);
                    cx.s(why);
                    cx.s(") ");
                }
            }
            0xc9 => {
                if len - i < 18 {
                    return opt_bad(cx, "(homeaddr) remaining length", len - i, "<", 18);
                }
                if optlen - 2 < 16 {
                    return opt_bad(cx, "(homeaddr) length", optlen - 2, "<", 16);
                }
                if show {
                    cx.s("(homeaddr: ");
                    cx.ipv6(&o[2..18]);
                    if optlen > 18 && !sub_options(cx, &o[18..])? {
                        return Ok((false, valid));
                    }
                    cx.b(b')');
                }
            }
            0 | 1 => {}
            _ => {
                if show {
                    cx.s("(unknown opt-type 0x");
                    fmt::put_hex2(cx.out, t);
                    cx.s(" len=");
                    cx.u((optlen - 2) as u64);
                    cx.b(b')');
                }
            }
        }
        i += optlen;
    }
    if show {
        cx.b(b' ');
    }
    Ok((true, valid))
}

/// The sub-options after a home address.
fn sub_options(cx: &mut Ctx, opts: &[u8]) -> R<bool> {
    let len = opts.len();
    let mut i = 0;
    while i < len {
        let t = opts.u8_at(i)?;
        let optlen = if t == 0 {
            1
        } else {
            if len - i < 2 {
                cx.bad_len("remaining length", (len - i) as u64, "<", 2);
                return Ok(false);
            }
            opts.u8_at(i + 1)? as usize + 2
        };
        if len - i < optlen {
            cx.bad_len("remaining length", (len - i) as u64, "<", optlen as u64);
            return Ok(false);
        }
        match t {
            0 => cx.s(", pad1"),
            1 => cx.s(", padn"),
            _ => {
                cx.s(", unknown subopt-type 0x");
                fmt::put_hex2(cx.out, t);
                cx.s(" len=");
                cx.u((optlen - 2) as u64);
            }
        }
        i += optlen;
    }
    Ok(true)
}

/// Routing header: `srcrt (len=.., type=.., segleft=.., [0]addr) `;
/// `None` when it cannot be decoded further.
fn routing(cx: &mut Ctx, cp: &[u8]) -> R<Option<usize>> {
    cx.s("RT6");
    let len = cp.u8_at(1)? as usize;
    cx.s(" (len=");
    cx.u(len as u64);
    let kind = cp.u8_at(2)?;
    cx.s(", type=");
    cx.u(kind as u64);
    if kind == 0 {
        cx.s(" [Deprecated]");
    }
    let segleft = cp.u8_at(3)?;
    cx.s(", segleft=");
    cx.u(segleft as u64);
    match kind {
        0 | 2 => {
            let reserved = cp.be32(4)?;
            if reserved != 0 || cx.opts.verbose > 0 {
                cx.s(", rsv=0x");
                fmt::put_hex(cx.out, reserved as u64);
            }
            if len % 2 == 1 {
                cx.s(" [length ");
                cx.u(len as u64);
                cx.s("] (invalid)");
                return Ok(None);
            }
            for k in 0..len / 2 {
                let a = cp.range(8 + 16 * k, 16)?;
                cx.s(", [");
                cx.u(k as u64);
                cx.b(b']');
                cx.ipv6(a);
            }
            cx.s(") ");
            Ok(Some((len + 1) << 3))
        }
        4 => {
            let last = cp.u8_at(4)?;
            cx.s(", last-entry=");
            cx.u(last as u64);
            let flags = cp.u8_at(5)?;
            if flags != 0 || cx.opts.verbose > 0 {
                cx.s(", flags=0x");
                fmt::put_hex(cx.out, flags as u64);
            }
            let tag = cp.be16(6)?;
            cx.s(", tag=");
            fmt::put_hex(cx.out, tag as u64);
            for k in 0..=last as usize {
                let a = cp.range(8 + 16 * k, 16)?;
                cx.s(", [");
                cx.u(k as u64);
                cx.b(b']');
                cx.ipv6(a);
            }
            let segs = (last as usize + 1) * 2;
            if segs < len && !srh_tlvs(cx, cp, 8 + 16 * (last as usize + 1), (len - segs) * 8)? {
                cx.s(" (invalid)");
                return Ok(None);
            }
            cx.s(") ");
            Ok(Some((len + 1) << 3))
        }
        _ => {
            cx.s(" (unknown type)");
            cx.s(" (invalid)");
            Ok(None)
        }
    }
}

/// Segment routing TLVs after the segment list, `left` bytes;
/// `Ok(false)` when a length check fails.
fn srh_tlvs(cx: &mut Ctx, cp: &[u8], mut at: usize, mut left: usize) -> R<bool> {
    let show = cx.opts.verbose > 0;
    let short = |cx: &mut Ctx, what: &str, n: usize, op: &str, m: usize| {
        cx.bad_len(what, n as u64, op, m as u64);
        Ok(false)
    };
    while left != 0 {
        let t = cp.u8_at(at)?;
        cx.s(", TLV-type=");
        cx.s(match t {
            0 => "Pad1",
            4 => "PadN",
            5 => "HMAC",
            _ => "Unknown",
        });
        cx.b(b'(');
        cx.u(t as u64);
        cx.b(b')');
        at += 1;
        left -= 1;
        if left == 0 {
            break;
        }
        if t == 0 {
            continue;
        }
        let l = cp.u8_at(at)? as usize;
        cx.s(", TLV-len=");
        cx.u(l as u64);
        at += 1;
        left -= 1;
        match t {
            4 => {
                if l > 5 {
                    return short(cx, "PadN length", l, ">", 5);
                }
                if left < l {
                    return short(cx, "remaining length", left, "<", l);
                }
                cp.range(at, l)?;
                at += l;
                left -= l;
            }
            5 => {
                if left < 6 {
                    return short(cx, "remaining length", left, "<", 6);
                }
                let reserved = cp.be16(at)?;
                if show {
                    cx.s(", D=");
                    cx.u((reserved >> 15) as u64);
                    if reserved & 0x7fff != 0 {
                        cx.s(", reserved MBZ ");
                        cx.u((reserved & 0x7fff) as u64);
                    }
                }
                let key = cp.be32(at + 2)?;
                if show {
                    cx.s(", HMAC-key-ID=0x");
                    fmt::put_hex_padded(cx.out, key as u64, 2);
                    cx.s(", HMAC=0x");
                }
                at += 6;
                left -= 6;
                for _ in 0..l {
                    let b = cp.u8_at(at)?;
                    if left < 1 {
                        return short(cx, "remaining length", left, "<", 1);
                    }
                    at += 1;
                    left -= 1;
                    if show {
                        fmt::put_hex2(cx.out, b);
                    }
                }
            }
            _ => {
                if show {
                    cx.s(", TLV-value=0x");
                }
                if left < l {
                    return short(cx, "remaining length", left, "<", l);
                }
                for _ in 0..l {
                    let b = cp.u8_at(at)?;
                    at += 1;
                    left -= 1;
                    if show {
                        fmt::put_hex2(cx.out, b);
                    }
                }
            }
        }
    }
    Ok(true)
}
