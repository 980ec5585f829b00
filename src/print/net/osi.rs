//! OSI network layer PDUs by NLPID (ISO/IEC TR 9577), as Cisco HDLC,
//! PPP and Frame Relay carry them: CLNP (the header check only), ES-IS
//! (ISO 9542), IS-IS, Q.933, and IP by NLPID.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// An OSI PDU; `d` starts at the NLPID, `length` counts from there.
pub fn isoclns(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    if length < 2 {
        cx.s(" [length ");
        cx.u(length as u64);
        cx.s(" < 2] (invalid)");
        return Ok(true);
    }
    let nlpid = d.u8_at(0)?;
    if cx.opts.link_header {
        cx.s("OSI NLPID ");
        cx.s(tables::lookup(tables::NLPID_NAMES, nlpid).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex2(cx.out, nlpid);
        cx.s("): ");
    }
    match nlpid {
        0x81 => clnp(cx, d, length),
        0x82 => esis(cx, d, length),
        0x08 | 0x83 => dispatch::osi_nlpid(cx, nlpid, d, length),
        0xcc => dispatch::ethertype(cx, 0x0800, &d[1..], length - 1),
        0x8e => dispatch::ethertype(cx, 0x86dd, &d[1..], length - 1),
        _ => {
            if !cx.opts.link_header {
                cx.s("OSI NLPID 0x");
                fmt::put_hex2(cx.out, nlpid);
                cx.s(" unknown, ");
            }
            cx.s("length: ");
            cx.u(length as u64);
            hexdump::hex(cx.out, b"\n\t", &d[..d.len().min(length)], 0);
            Ok(true)
        }
    }
}

/// CLNP: the header length checks only.
fn clnp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "clnp";
    // The fixed part must have been captured (checked where it is: the
    // dump then starts after the link header), and the length fit.
    if d.len() < 9 {
        cx.trunc_marker();
        return Ok(true);
    }
    let li = d[1] as usize;
    if !cx.opts.link_header {
        cx.s("CLNP");
    }
    if li > length {
        cx.s(" length indicator(");
        cx.u(li as u64);
        cx.s(") > PDU size (");
        cx.u(length as u64);
        cx.s(")!");
        hexdump::hex(cx.out, b"\n\t", &d[..d.len().min(length)], 0);
        return Ok(true);
    }
    // The fixed part, then the two address lengths (each read when the
    // header holds it) and addresses; then the whole header must have
    // been captured.
    let fits = |need: usize| li >= need;
    let dst_len = if fits(10) {
        d.u8_at(9)? as usize
    } else {
        usize::MAX / 4
    };
    let src_len = if fits(11 + dst_len) {
        d.u8_at(10 + dst_len)? as usize
    } else {
        usize::MAX / 4
    };
    if !fits(11 + dst_len + src_len) {
        cx.s("li < size of fixed part of CLNP header and addresses");
        hexdump::hex(cx.out, b"\n\t", &d[..d.len().min(length)], 0);
        return Ok(true);
    }
    // The addresses, checked where they are too.
    if d.len() < 11 + dst_len + src_len {
        cx.trunc_marker();
        return Ok(true);
    }
    d.range(0, li.max(9))?;
    cx.s(", length ");
    cx.u(length as u64);
    Ok(true)
}

/// An NSAP or NET: the first byte, then groups of two, dot-separated.
fn isonsap(cx: &mut Ctx, a: &[u8]) {
    if a.is_empty() || a.len() > 20 {
        cx.s("isonsap_string: illegal length");
        return;
    }
    for (i, &b) in a.iter().enumerate() {
        if i % 2 == 1 {
            cx.b(b'.');
        }
        fmt::put_hex2(cx.out, b);
    }
}

static ESIS_TYPES: &[(u8, &str)] = &[(2, "ESH"), (4, "ISH"), (6, "redirect")];

static ESIS_OPTIONS: &[(u8, &str)] = &[
    (0x81, "Protocols supported"),
    (0xc3, "QoS Maintenance"),
    (0xc5, "Security"),
    (0xc6, "ES Configuration Time"),
    (0xcd, "Priority"),
    (0xe1, "Address Mask"),
    (0xe2, "SNPA Mask"),
];

/// The checksum an OSI PDU's header should carry (ISO 8473 annex C), with
/// the field at `at` counted as zero.
fn osi_cksum(h: &[u8], at: usize) -> u16 {
    let (mut c0, mut c1) = (0i64, 0i64);
    for (i, &b) in h.iter().enumerate() {
        let b = if i == at || i == at + 1 { 0 } else { b as i64 };
        c0 = (c0 + b) % 255;
        c1 = (c1 + c0) % 255;
    }
    let n = h.len() as i64;
    let pos = at as i64 + 1;
    let mut x = ((n - pos) * c0 - c1) % 255;
    if x <= 0 {
        x += 255;
    }
    let mut y = 510 - c0 - x;
    if y > 255 {
        y -= 255;
    }
    ((x as u16) << 8) | (y as u16 & 0xff)
}

/// ES-IS (ISO 9542): ES and IS hellos and redirects.
fn esis(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "esis";
    if !cx.opts.link_header {
        cx.s("ES-IS");
    }
    if length <= 2 {
        cx.s(if cx.opts.verbose > 0 {
            "no header at all!"
        } else {
            ""
        });
        return Ok(true);
    }
    let li = d.u8_at(1)? as usize;
    if li > length {
        cx.s(" length indicator(");
        cx.u(li as u64);
        cx.s(") > PDU size (");
        cx.u(length as u64);
        cx.s(")!");
        return Ok(true);
    }
    let h = d.range(0, 9)?;
    let pdu_type = h[4] & 0x1f;
    if !cx.opts.link_header {
        cx.s(", ");
    }
    if cx.opts.verbose == 0 {
        cx.s(tables::lookup(ESIS_TYPES, pdu_type).unwrap_or("unknown type"));
        cx.s(", length ");
        cx.u(length as u64);
        return Ok(true);
    }
    cx.s("length ");
    cx.u(length as u64);
    cx.s("\n\t");
    match tables::lookup(ESIS_TYPES, pdu_type) {
        Some(n) => cx.s(n),
        None => cx.s("unknown type"),
    }
    cx.s(" (");
    cx.u(pdu_type as u64);
    cx.s("), v: ");
    cx.u(h[2] as u64);
    let ck = h.be16(7)?;
    cx.s(", checksum: 0x");
    fmt::put_hex_padded(cx.out, ck as u64, 4);
    if let Ok(hdr) = d.range(0, li) {
        let want = osi_cksum(hdr, 7);
        if ck == 0 || li < 9 {
            cx.s(" (unverified)");
        } else if want == ck {
            cx.s(" (correct)");
        } else {
            cx.s(" (incorrect should be 0x");
            fmt::put_hex_padded(cx.out, want as u64, 4);
            cx.b(b')');
        }
    } else {
        cx.s(" (unverified)");
    }
    cx.s(", holding time: ");
    cx.u(h.be16(5)? as u64);
    cx.s("s, length indicator: ");
    cx.u(li as u64);
    if cx.opts.verbose > 1 {
        hexdump::hex(cx.out, b"\n\t", h, 0);
    }
    let mut at = 9;
    let mut end = li.min(length);
    let net = |cx: &mut Ctx, at: &mut usize| -> R {
        let n = d.u8_at(*at)? as usize;
        let a = d.range(*at + 1, n)?;
        *at += 1 + n;
        cx.s("\n\t  NET (length: ");
        cx.u(n as u64);
        cx.s("): ");
        isonsap(cx, a);
        Ok(())
    };
    match pdu_type {
        6 => {
            let n = d.u8_at(at)? as usize;
            let da = d.range(at + 1, n)?;
            at += 1 + n;
            cx.s("\n\t  ");
            isonsap(cx, da);
            // The SNPA and the NET are both read before either is shown.
            let n = d.u8_at(at)? as usize;
            let snpa = d.range(at + 1, n)?;
            at += 1 + n;
            let net_len = d.u8_at(at)? as usize;
            let net_addr = d.range(at + 1, net_len)?;
            at += 1 + net_len;
            cx.s("\n\t  SNPA (length: ");
            cx.u(n as u64);
            cx.s("): ");
            if n == 0 {
                cx.s("<empty>");
            } else {
                for (i, &b) in snpa.iter().enumerate() {
                    if i > 0 {
                        cx.b(b':');
                    }
                    fmt::put_hex2(cx.out, b);
                }
            }
            if net_len != 0 {
                cx.s("\n\t  NET (length: ");
                cx.u(net_len as u64);
                cx.s(") ");
                isonsap(cx, net_addr);
            }
            // The snapshot counts one byte more of options here than the
            // length indicator leaves.
            end = li + 1;
        }
        2 => {
            let n = d.u8_at(at)?;
            at += 1;
            cx.s("\n\t  Number of Source Addresses: ");
            cx.u(n as u64);
            for _ in 0..n {
                net(cx, &mut at)?;
            }
        }
        4 => net(cx, &mut at)?,
        _ => {}
    }
    // Options.
    if end.saturating_sub(at) == 1 {
        cx.s(", bad opts/li");
    }
    while at + 2 <= end {
        let t = d.u8_at(at)?;
        let n = d.u8_at(at + 1)? as usize;
        if at + 2 + n > end {
            cx.s(", opt (");
            cx.u(t as u64);
            cx.s(") too long");
            return Ok(true);
        }
        cx.s("\n\t  ");
        cx.s(tables::lookup(ESIS_OPTIONS, t).unwrap_or("Unknown"));
        cx.s(" Option #");
        cx.u(t as u64);
        cx.s(", length ");
        cx.u(n as u64);
        cx.s(", value: ");
        let v = d.range(at + 2, n)?;
        match t {
            0x81 => {
                for (i, &p) in v.iter().enumerate() {
                    if i > 0 {
                        cx.s(", ");
                    }
                    cx.s(tables::lookup(tables::NLPID_NAMES, p).unwrap_or("Unknown"));
                    cx.s(" (0x");
                    fmt::put_hex2(cx.out, p);
                    cx.b(b')');
                }
            }
            0xc6 => {
                if n == 2 {
                    cx.u(v.be16(0)? as u64);
                    cx.b(b's');
                } else {
                    cx.s("(bad length)");
                }
                if cx.opts.verbose > 1 && n > 0 {
                    hexdump::hex(cx.out, b"\n\t  ", v, 0);
                }
            }
            _ => {
                if n > 0 {
                    hexdump::hex(cx.out, b"\n\t  ", v, 0);
                    // tcpdump dumps an undecoded value twice with -vv.
                    if cx.opts.verbose > 1 {
                        hexdump::hex(cx.out, b"\n\t  ", v, 0);
                    }
                }
            }
        }
        at += 2 + n;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osi_checksum_makes_the_header_verify() {
        // An ES-IS redirect header whose stored checksum is wrong.
        let mut h = [
            0x82, 0x11, 0x01, 0x55, 0x26, 0x57, 0x43, 0x70, 0xa1, 0x02, 0x00, 0x22, 0x00, 0x00,
            0x00, 0x22, 0x00,
        ];
        let want = osi_cksum(&h, 7);
        assert_eq!(want, 0xf519);
        h[7..9].copy_from_slice(&want.to_be_bytes());
        // Fletcher sums over a header carrying its checksum are zero.
        let (mut c0, mut c1) = (0u32, 0u32);
        for &b in &h {
            c0 = (c0 + b as u32) % 255;
            c1 = (c1 + c0) % 255;
        }
        assert_eq!((c0, c1), (0, 0));
    }
}
