//! IKEv2 (RFC 7296): the message line and the payload printers.

use super::tables::{self, str_or_id};
use super::{indent, rawprint, show_somedata, sub_print, trunc_np, Walk, HDR};
use crate::print::core::prelude::*;

pub(super) fn message(cx: &mut Ctx, d: &[u8], length: usize) -> R {
    let msgid = d.be32(20)?;
    let phase: u8 = if msgid == 0 { 1 } else { 2 };
    cx.s(if phase == 1 {
        " parent_sa"
    } else {
        " child_sa "
    });
    cx.b(b' ');
    super::put_etype(cx, d.u8_at(18)?);
    let flags = d.u8_at(19)?;
    if flags != 0 {
        cx.b(b'[');
        for (bit, c) in [(0x08, b'I'), (0x10, b'V'), (0x20, b'R')] {
            if flags & bit != 0 {
                cx.b(c);
            }
        }
        cx.b(b']');
    }
    if cx.opts.verbose > 0 {
        cx.b(b':');
        let np = d.u8_at(16)?;
        if flags & 0x01 != 0 {
            cx.s(" [encrypted ");
            tables::put_npstr(cx, np);
            cx.b(b']');
            return super::len_check(cx, d, length);
        }
        let w = Walk {
            d,
            phase,
            doi: 0,
            proto: 0,
            depth: 0,
            v2: true,
        };
        sub_print(cx, w, np, HDR)?;
    }
    super::len_check(cx, d, length)
}

/// `name:` or `name[C]:` (the critical bit).
fn tag(cx: &mut Ctx, name: &str, critical: u8) {
    cx.s(name);
    if critical & 0x80 != 0 {
        cx.s("[C]");
    }
    cx.b(b':');
}

fn tag_np(cx: &mut Ctx, np: u8, critical: u8) {
    tables::put_npstr(cx, np);
    if critical & 0x80 != 0 {
        cx.s("[C]");
    }
    cx.b(b':');
}

/// An IKEv2 payload of type `np` (33 to 48, not 46).
pub(super) fn payload(
    cx: &mut Ctx,
    w: Walk,
    np: u8,
    _count: u32,
    ext: usize,
    item_len: usize,
) -> R<Option<usize>> {
    let d = w.d;
    let crit = d.u8_at(ext + 1)?;
    match np {
        33 => sa(cx, w, np, ext, item_len),
        34 => {
            tag_np(cx, np, crit);
            if item_len < 8 {
                cx.s(" len=");
                cx.u(item_len as u64);
                cx.s(" < 8");
                return Ok(Some(ext + item_len));
            }
            cx.s(" len=");
            cx.u((item_len - 8) as u64);
            cx.s(" group=");
            str_or_id(cx, tables::DH_GROUPS, d.be16(ext + 4)? as u32);
            if cx.opts.verbose > 2 && item_len > 8 {
                cx.b(b' ');
                if !rawprint(cx, d, ext + 8, item_len - 8) {
                    trunc_np(cx, np);
                    return Ok(None);
                }
            }
            Ok(Some(ext + item_len))
        }
        35 | 36 => id(cx, w, np, ext, item_len),
        39 => auth(cx, w, np, ext, item_len),
        40 => nonce(cx, w, np, ext, item_len),
        41 => n(cx, w, np, ext, item_len),
        43 => vid(cx, w, np, ext, item_len),
        _ => gen(cx, w, np, ext),
    }
}

/// The payloads shown as a length (and the bytes with `-vvv`).
fn gen(cx: &mut Ctx, w: Walk, np: u8, ext: usize) -> R<Option<usize>> {
    let d = w.d;
    tag_np(cx, np, d.u8_at(ext + 1)?);
    let len = d.be16(ext + 2)? as usize;
    cx.s(" len=");
    cx.u(len.wrapping_sub(4) as u64);
    if cx.opts.verbose > 2 {
        cx.b(b' ');
        if !rawprint(cx, d, ext + 4, len.saturating_sub(4)) {
            trunc_np(cx, np);
            return Ok(None);
        }
    }
    Ok(Some(ext + len))
}

/// The encrypted payload: its length (and bytes with `-vvv`); nothing
/// after it can be read.
pub(super) fn e_print(
    cx: &mut Ctx,
    w: Walk,
    np: u8,
    ext: usize,
    item_len: usize,
) -> R<Option<usize>> {
    let d = w.d;
    tag_np(cx, np, d.u8_at(ext + 1)?);
    let dlen = item_len - 4;
    cx.s(" len=");
    cx.u(dlen as u64);
    if cx.opts.verbose > 2 && dlen > 4 {
        cx.b(b' ');
        if !rawprint(cx, d, ext + 4, dlen) {
            trunc_np(cx, np);
            return Ok(None);
        }
    }
    if !d.has(ext + 4, dlen) {
        trunc_np(cx, np);
    }
    Ok(None)
}

fn sa(cx: &mut Ctx, w: Walk, tpay: u8, ext: usize, osa_len: usize) -> R<Option<usize>> {
    let d = w.d;
    tag(cx, "sa", d.u8_at(ext + 1)?);
    let mut sa_len = osa_len - 4;
    cx.s(" len=");
    cx.u(sa_len as u64);
    let mut cp = ext + 4;
    let mut np = 2u8;
    let mut count = 0;
    let mut depth = w.depth;
    while np != 0 {
        count += 1;
        let e = cp;
        if sa_len < 4 {
            trunc_np(cx, tpay);
            return Ok(Some(cp + sa_len));
        }
        if !d.has(e, 4) {
            trunc_np(cx, tpay);
            return Ok(None);
        }
        let item_len = d.be16(e + 2)? as usize;
        if item_len <= 4 {
            trunc_np(cx, tpay);
            return Ok(None);
        }
        if sa_len < item_len {
            trunc_np(cx, tpay);
            return Ok(Some(cp + sa_len));
        }
        if !d.has(e, item_len) {
            trunc_np(cx, tpay);
            return Ok(None);
        }
        depth += 1;
        indent(cx, depth);
        cx.b(b'(');
        if np == 2 {
            match p(cx, w, np, count, e, item_len, depth)? {
                Some(next) => cp = next,
                None => return Ok(None),
            }
        } else {
            tables::put_npstr(cx, np);
            cp += item_len;
        }
        cx.b(b')');
        depth -= 1;
        sa_len -= item_len;
        np = d.u8_at(e)?;
    }
    Ok(Some(cp))
}

fn p(
    cx: &mut Ctx,
    w: Walk,
    tpay: u8,
    count: u32,
    ext: usize,
    oprop_len: usize,
    mut depth: usize,
) -> R<Option<usize>> {
    let d = w.d;
    tag_np(cx, tpay, d.u8_at(ext + 1)?);
    let _ = count;
    let p_no = d.u8_at(ext + 4)?;
    let proto = d.u8_at(ext + 5)?;
    let spi_size = d.u8_at(ext + 6)? as usize;
    let num_t = d.u8_at(ext + 7)?;
    cx.s(" #");
    cx.u(p_no as u64);
    cx.s(" protoid=");
    str_or_id(cx, tables::PROTO_IDS, proto as u32);
    cx.s(" transform=");
    cx.u(num_t as u64);
    cx.s(" len=");
    cx.u(oprop_len as u64);
    let mut cp = ext + 8;
    let mut prop_len = oprop_len.saturating_sub(4);
    if spi_size > 0 {
        cx.s(" spi=");
        if !rawprint(cx, d, cp, spi_size) {
            trunc_np(cx, 2);
            return Ok(None);
        }
        cp += spi_size;
        prop_len = prop_len.saturating_sub(spi_size);
    }
    let mut np = 3u8;
    let mut tcount = 0u32;
    while np != 0 {
        tcount += 1;
        let e = cp;
        if prop_len < 4 {
            trunc_np(cx, 2);
            return Ok(Some(cp + prop_len));
        }
        if !d.has(e, 4) {
            trunc_np(cx, 2);
            return Ok(None);
        }
        let item_len = d.be16(e + 2)? as usize;
        if item_len <= 4 {
            trunc_np(cx, 2);
            return Ok(None);
        }
        if prop_len < item_len {
            trunc_np(cx, 2);
            return Ok(Some(cp + prop_len));
        }
        if !d.has(e, item_len) {
            trunc_np(cx, 2);
            return Ok(None);
        }
        depth += 1;
        indent(cx, depth);
        cx.b(b'(');
        if np == 3 {
            match t(cx, d, tcount, e, item_len)? {
                Some(next) => cp = next,
                None => return Ok(None),
            }
        } else {
            tables::put_npstr(cx, np);
            cp += item_len;
        }
        cx.b(b')');
        depth -= 1;
        prop_len -= item_len;
        np = d.u8_at(e)?;
    }
    Ok(Some(cp))
}

fn t(cx: &mut Ctx, d: &[u8], count: u32, ext: usize, item_len: usize) -> R<Option<usize>> {
    let t_type = d.u8_at(ext + 4)?;
    let t_id = d.be16(ext + 6)? as u32;
    tag_np(cx, 3, d.u8_at(ext + 1)?);
    cx.s(" #");
    cx.u(count as u64);
    cx.s(" type=");
    str_or_id(cx, tables::V2_T_TYPES, t_type as u32);
    cx.s(" id=");
    let (ids, map): (&[Option<&str>], &[tables::AttrMap]) = match t_type {
        1 => (tables::ESP_T_IDS, tables::V2_ENCR_ATTRS),
        2 => (tables::V2_PRF_IDS, &[]),
        3 => (tables::V2_INTEG_IDS, &[]),
        4 => (tables::DH_GROUPS, &[]),
        5 => (tables::V2_ESN_IDS, &[]),
        _ => (&[], &[]),
    };
    if ids.is_empty() {
        cx.u(t_id as u64);
    } else {
        str_or_id(cx, ids, t_id);
    }
    cx.b(b' ');
    let ep2 = ext + item_len;
    match super::v1::attrs(cx, d, ext + 8, ep2, map)? {
        Some(cp) => {
            if d.len() < ep2 {
                cx.s("...");
            }
            Ok(Some(cp))
        }
        None => {
            trunc_np(cx, 3);
            Ok(None)
        }
    }
}

fn id(cx: &mut Ctx, w: Walk, np: u8, ext: usize, item_len: usize) -> R<Option<usize>> {
    let d = w.d;
    tag_np(cx, np, d.u8_at(ext + 1)?);
    cx.s(" len=");
    cx.u((item_len - 4) as u64);
    if cx.opts.verbose > 2 && item_len > 4 {
        cx.b(b' ');
        if !rawprint(cx, d, ext + 4, item_len - 4) {
            trunc_np(cx, np);
            return Ok(None);
        }
    }
    if item_len < 8 {
        cx.s(" [payload too short]");
        return Ok(Some(ext + item_len));
    }
    let len = item_len - 8;
    let at = ext + 8;
    let (label, ascii) = match d.u8_at(ext + 4)? {
        1 => (" ipv4:", false),
        2 => (" fqdn:", true),
        3 => (" rfc822:", true),
        5 => (" ipv6:", false),
        9 => (" dn:", false),
        10 => (" gn:", false),
        11 => (" keyid:", false),
        _ => return Ok(Some(ext + item_len)),
    };
    cx.s(label);
    if ascii {
        let b = match d.range(at, len) {
            Ok(b) => b,
            Err(_) => {
                trunc_np(cx, np);
                return Ok(None);
            }
        };
        for &c in b {
            cx.b(if (0x20..0x7f).contains(&c) { c } else { b'.' });
        }
    } else if !rawprint(cx, d, at, len) {
        trunc_np(cx, np);
        return Ok(None);
    }
    Ok(Some(ext + item_len))
}

fn auth(cx: &mut Ctx, w: Walk, np: u8, ext: usize, item_len: usize) -> R<Option<usize>> {
    let d = w.d;
    tag_np(cx, np, d.u8_at(ext + 1)?);
    let method = d.u8_at(ext + 4)?;
    cx.s(" len=");
    cx.u((item_len - 4) as u64);
    cx.s(" method=");
    str_or_id(cx, tables::V2_AUTH, method as u32);
    if item_len > 4 {
        let ok = if cx.opts.verbose > 1 {
            cx.s(" authdata=(");
            let ok = rawprint(cx, d, ext + 8, item_len.saturating_sub(8));
            if ok {
                cx.s(") ");
            }
            ok
        } else if cx.opts.verbose > 0 {
            show_somedata(cx, d, ext + 8)
        } else {
            true
        };
        if !ok {
            trunc_np(cx, np);
            return Ok(None);
        }
    }
    Ok(Some(ext + item_len))
}

fn nonce(cx: &mut Ctx, w: Walk, np: u8, ext: usize, item_len: usize) -> R<Option<usize>> {
    let d = w.d;
    tag(cx, "nonce", d.u8_at(ext + 1)?);
    cx.s(" len=");
    cx.u((item_len - 4) as u64);
    if cx.opts.verbose > 1 && item_len > 4 {
        cx.s(" nonce=(");
        if !rawprint(cx, d, ext + 4, item_len - 4) {
            trunc_np(cx, np);
            return Ok(None);
        }
        cx.s(") ");
    } else if cx.opts.verbose > 0 && item_len > 4 && !show_somedata(cx, d, ext + 4) {
        trunc_np(cx, np);
        return Ok(None);
    }
    Ok(Some(ext + item_len))
}

fn n(cx: &mut Ctx, w: Walk, np: u8, ext: usize, item_len: usize) -> R<Option<usize>> {
    let d = w.d;
    tag_np(cx, 11, d.u8_at(ext + 1)?);
    cx.s(" prot_id=");
    str_or_id(cx, tables::PROTO_IDS, d.u8_at(ext + 4)? as u32);
    let ty = d.be16(ext + 6)?;
    let (name, show_spi, some_data) = tables::v2_notify(ty);
    cx.s(" type=");
    cx.u(ty as u64);
    cx.b(b'(');
    cx.s(match name {
        Some(s) => s,
        None => match ty {
            0..=8191 => "error",
            8192..=16383 => "private-error",
            16384..=40959 => "status",
            _ => "private-status",
        },
    });
    cx.b(b')');
    let spi_size = d.u8_at(ext + 5)? as usize;
    if show_spi && spi_size > 0 {
        cx.s(" spi=");
        if !rawprint(cx, d, ext + 8, spi_size) {
            trunc_np(cx, np);
            return Ok(None);
        }
    }
    let cp = ext + 8 + spi_size;
    if cp < d.len() {
        let rest = d.len() - cp;
        let ok = if cx.opts.verbose > 3 || (some_data && rest < 30) {
            cx.s(" data=(");
            let ok = rawprint(cx, d, cp, rest);
            if ok {
                cx.b(b')');
            }
            ok
        } else if some_data {
            show_somedata(cx, d, cp)
        } else {
            true
        };
        if !ok {
            trunc_np(cx, np);
            return Ok(None);
        }
    }
    Ok(Some(ext + item_len))
}

fn vid(cx: &mut Ctx, w: Walk, np: u8, ext: usize, item_len: usize) -> R<Option<usize>> {
    let d = w.d;
    tag_np(cx, np, d.u8_at(ext + 1)?);
    let len = item_len - 4;
    cx.s(" len=");
    cx.u(len as u64);
    cx.s(" vid=");
    let b = match d.range(ext + 4, len) {
        Ok(b) => b,
        Err(_) => {
            trunc_np(cx, np);
            return Ok(None);
        }
    };
    for &c in b {
        cx.b(if (0x20..0x7f).contains(&c) { c } else { b'.' });
    }
    if cx.opts.verbose > 2 && len > 4 {
        cx.b(b' ');
        rawprint(cx, d, ext + 4, len);
    }
    Ok(Some(ext + item_len))
}
