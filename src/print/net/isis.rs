//! IS-IS (ISO 10589) PDU summaries.

use crate::print::core::prelude::*;

/// An IS-IS system, node or LSP id: `xxxx.xxxx.xxxx[.xx[-xx]]`.
fn isis_id(cx: &mut Ctx, id: &[u8]) {
    for (i, &b) in id.iter().take(6).enumerate() {
        fmt::put_hex2(cx.out, b);
        if i == 1 || i == 3 {
            cx.b(b'.');
        }
    }
    if let Some(&b) = id.get(6) {
        cx.b(b'.');
        fmt::put_hex2(cx.out, b);
    }
    if let Some(&b) = id.get(7) {
        cx.b(b'-');
        fmt::put_hex2(cx.out, b);
    }
}

/// IS-IS (ISO 10589), the one-line summary tcpdump prints without `-v`.
/// `Ok(false)`: a header tcpdump refuses (it then dumps the PDU in hex).
pub fn isis(cx: &mut Ctx, p: &[u8], length: usize) -> R<bool> {
    cx.proto = "isis";
    const COMMON: usize = 8;
    // The snapshot checks the common header and the PDU's own header
    // itself: cut short, the marker ends the line and `-x` dumps from the
    // IS-IS header.
    if p.range(0, COMMON).is_err() {
        cx.trunc_marker();
        return Ok(true);
    }
    if length < COMMON {
        return Err(Trunc);
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
    if cx.opts.verbose > 0 {
        return super::isis_v::pdu(cx, p, length, pdu_type);
    }
    if !cx.opts.link_header {
        cx.s(", ");
    }
    let (name, header) = pdu_kind(pdu_type);
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
    let Ok(h) = p.range(COMMON, header) else {
        cx.trunc_marker();
        return Ok(true);
    };
    if length < COMMON + header {
        return Err(Trunc);
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
            fmt::put_hex_padded(cx.out, h.be32(12)? as u64, 8);
            cx.s(", lifetime ");
            fmt::put_padded_u64(cx.out, h.be16(2)? as u64, 5, b' ');
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

/// An IS-IS PDU type's name and the length of its own header (0: unknown).
pub(super) fn pdu_kind(pdu_type: u8) -> (&'static str, usize) {
    match pdu_type {
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
    }
}
