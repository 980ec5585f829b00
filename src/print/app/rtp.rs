//! Media over UDP, only by `-T`: vat/vt audio (`-T vat`), RTP v1 and v2
//! (RFC 3550, `-T rtp`) and RTCP (`-T rtcp`): tcpdump's one-line forms.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// `-T vat`.
pub fn vat(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "vat";
    let (d, length) = (p.captured, p.length);
    if length < 2 {
        cx.s("udp/va/vat, length ");
        cx.u(length as u64);
        cx.s(" < 2");
        return Ok(true);
    }
    let ts = d.be16(0)? as u32;
    if ts & 0xf060 != 0 {
        cx.s("udp/vt ");
        cx.u(length as u64);
        cx.b(b' ');
        cx.u((ts & 0x3ff) as u64);
        cx.s(" / ");
        cx.u((ts >> 10) as u64);
        return Ok(true);
    }
    if length < 8 {
        cx.s("udp/vat, length ");
        cx.u(length as u64);
        cx.s(" < 8");
        return Ok(true);
    }
    let (i0, i1) = (d.be32(0)?, d.be32(4)?);
    cx.s("udp/vat ");
    cx.u((length - 8) as u64);
    cx.s(" c");
    cx.u((i0 & 0xffff) as u64);
    cx.b(b' ');
    cx.u(i1 as u64);
    if i0 & 0x80_0000 != 0 {
        cx.b(b'*');
    }
    if i0 & 0x1f_0000 != 0 {
        cx.s(" f");
        cx.u(((i0 >> 16) & 0x1f) as u64);
    }
    if i0 & 0x3f00_0000 != 0 {
        cx.s(" s");
        cx.u(((i0 >> 24) & 0x3f) as u64);
    }
    Ok(true)
}

/// `-T rtp`.
pub fn rtp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "rtp";
    let (d, len) = (p.captured, p.length as u32);
    if len < 8 {
        cx.s("udp/rtp, length ");
        cx.u(len as u64);
        cx.s(" < 8");
        return Ok(true);
    }
    let (i0, i1) = (d.be32(0)?, d.be32(4)?);
    let mut dlen = len - 8;
    // Words after the first two, and how many are left.
    let mut ip = 2usize;
    let mut words = (len >> 2).wrapping_sub(2);
    let (hasopt, hasext, contype, marker, ptype);
    if i0 >> 30 == 1 {
        hasopt = i0 & 0x80_0000 != 0;
        hasext = false;
        contype = (i0 >> 16) & 0x3f;
        marker = i0 & 0x40_0000 != 0;
        ptype = "rtpv1";
    } else {
        if dlen < 4 {
            cx.s("udp/rtp, length ");
            cx.u((dlen + 8) as u64);
            cx.s(" < 12");
            return Ok(true);
        }
        hasopt = false;
        hasext = i0 & 0x1000_0000 != 0;
        contype = (i0 >> 16) & 0x7f;
        marker = i0 & 0x80_0000 != 0;
        dlen -= 4;
        ptype = "rtp";
        ip += 1;
        words = words.wrapping_sub(1);
    }
    cx.s("udp/");
    cx.s(ptype);
    cx.b(b' ');
    cx.u(dlen as u64);
    cx.s(" c");
    cx.u(contype as u64);
    cx.b(b' ');
    if hasopt || hasext {
        cx.b(b'+');
    }
    if marker {
        cx.b(b'*');
    }
    cx.b(b' ');
    cx.u((i0 & 0xffff) as u64);
    cx.b(b' ');
    cx.u(i1 as u64);
    if cx.opts.verbose > 0 {
        let w2 = d.be32(8)?;
        cx.b(b' ');
        cx.u(w2 as u64);
        if hasopt {
            loop {
                let i2 = d.be32(ip * 4)?;
                let optlen = (i2 >> 16) & 0xff;
                if optlen == 0 || optlen > words {
                    cx.s(" !opt");
                    return Ok(true);
                }
                ip += optlen as usize;
                words -= optlen;
                if (i2 as i32) < 0 {
                    break;
                }
            }
        }
        if hasext {
            let i2 = d.be32(ip * 4)?;
            let extlen = (i2 & 0xffff) + 1;
            if extlen > words {
                cx.s(" !ext");
                return Ok(true);
            }
            ip += extlen as usize;
        }
        if contype == 0x1f {
            let v = d.be32(ip * 4)? >> 16;
            cx.s(" 0x");
            fmt::put_hex_padded(cx.out, v as u64, 4);
        }
    }
    Ok(true)
}

/// `-T rtcp`: every packet of the compound datagram.
pub fn rtcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "rtcp";
    let d = p.captured;
    let mut at = 0usize;
    while at < d.len() {
        at = rtcp_packet(cx, d, at)?;
    }
    Ok(true)
}

fn rtcp_packet(cx: &mut Ctx, d: &[u8], at: usize) -> R<usize> {
    let len = (d.be16(at + 2)? as usize + 1) * 4;
    let flags = d.be16(at)?;
    let mut cnt = ((flags >> 8) & 0x1f) as usize;
    let ssrc = d.be32(at + 4)?;
    let v = cx.opts.verbose > 0;
    let ssrc_if_v = |cx: &mut Ctx| {
        if v {
            cx.b(b' ');
            cx.u(ssrc as u64);
        }
    };
    let mut rr = at + 8;
    match flags & 0xff {
        200 => {
            cx.s(" sr");
            if len != cnt * 24 + 20 + 8 {
                cx.s(" [");
                cx.u(len as u64);
                cx.b(b']');
            }
            ssrc_if_v(cx);
            let sr = at + 8;
            let ts = d.be32(sr)? as f64 + d.be32(sr + 4)? as f64 / 4294967296.0;
            let (rts, np, nb) = (d.be32(sr + 8)?, d.be32(sr + 12)?, d.be32(sr + 16)?);
            cx.s(&format!(" @{ts:.2} {rts} {np}p {nb}b"));
            rr = sr + 20;
        }
        201 => {
            cx.s(" rr");
            if len != cnt * 24 + 8 {
                cx.s(" [");
                cx.u(len as u64);
                cx.b(b']');
            }
            ssrc_if_v(cx);
        }
        202 | 203 => {
            cx.s(if flags & 0xff == 202 {
                " sdes "
            } else {
                " bye "
            });
            cx.u(len as u64);
            ssrc_if_v(cx);
            cnt = 0;
        }
        t => {
            cx.s(" type-0x");
            fmt::put_hex(cx.out, t as u64);
            cx.b(b' ');
            cx.u(len as u64);
            cnt = 0;
        }
    }
    if cnt > 1 {
        cx.s(" c");
        cx.u(cnt as u64);
    }
    // Each report is the same one again: tcpdump does not step through.
    while cnt != 0 {
        if v {
            let id = d.be32(rr)?;
            cx.b(b' ');
            cx.u(id as u64);
        }
        let ts = d.be32(rr + 16)? as f64 / 65536.0;
        let dts = d.be32(rr + 20)? as f64 / 65536.0;
        let (nl, ls, dv) = (
            d.be32(rr + 4)? & 0x00ff_ffff,
            d.be32(rr + 8)?,
            d.be32(rr + 12)?,
        );
        cx.s(&format!(" {nl}l {ls}s {dv}j @{ts:.2}+{dts:.2}"));
        cnt -= 1;
    }
    Ok(at + len)
}
