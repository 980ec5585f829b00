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
        0x08 => dispatch::osi_nlpid(cx, nlpid, d, length),
        // An IS-IS header it refuses is dumped whole.
        0x83 => {
            if !dispatch::osi_nlpid(cx, nlpid, d, length)? {
                hexdump::hex(cx.out, b"\n\t", &d[..d.len().min(length)], 0);
            }
            Ok(true)
        }
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

/// ES-IS (ISO 9542): ES and IS hellos and redirects. The header and each
/// address are bounds-checked by the decoder itself (the marker, then the
/// -x dump after the link header); the option bytes are read as shown.
fn esis(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "esis";
    if !cx.opts.link_header {
        cx.s("ES-IS");
    }
    if length <= 2 {
        cx.s(if cx.opts.quiet {
            "bad pkt!"
        } else {
            "no header at all!"
        });
        return Ok(true);
    }
    let Ok(h) = d.range(0, ESIS_HEADER) else {
        cx.trunc_marker();
        return Ok(true);
    };
    let li = h[1] as usize;
    if h[0] != 0x82 {
        cx.s(" nlpid 0x");
        fmt::put_hex2(cx.out, h[0]);
        cx.s(" packet not supported");
        return Ok(true);
    }
    if h[2] != 1 {
        cx.s(" version ");
        cx.u(h[2] as u64);
        cx.s(" packet not supported");
        return Ok(true);
    }
    if li > length {
        cx.s(" length indicator(");
        cx.u(li as u64);
        cx.s(") > PDU size (");
        cx.u(length as u64);
        cx.s(")!");
        return Ok(true);
    }
    if li < ESIS_HEADER + 2 {
        // The whole captured PDU in upper-case hex.
        cx.s(" length indicator ");
        cx.u(li as u64);
        cx.s(" < min PDU size:");
        for &b in d {
            let at = cx.out.len();
            fmt::put_hex2(cx.out, b);
            cx.out[at..].make_ascii_uppercase();
        }
        return Ok(true);
    }
    let pdu_type = h[4] & 0x1f;
    let sep = if cx.opts.link_header { "" } else { ", " };
    let name = tables::lookup(ESIS_TYPES, pdu_type);
    if cx.opts.verbose == 0 {
        cx.s(sep);
        match name {
            Some(n) => cx.s(n),
            None => {
                cx.s("unknown type (");
                cx.u(pdu_type as u64);
                cx.b(b')');
            }
        }
        cx.s(", length ");
        cx.u(length as u64);
        return Ok(true);
    }
    cx.s(sep);
    cx.s("length ");
    cx.u(length as u64);
    cx.s("\n\t");
    match name {
        Some(n) => cx.s(n),
        None => {
            cx.s("unknown type: ");
            cx.u(pdu_type as u64);
        }
    }
    cx.s(" (");
    cx.u(pdu_type as u64);
    cx.s("), v: 1");
    let ck = h.be16(7)?;
    cx.s(", checksum: 0x");
    fmt::put_hex_padded(cx.out, ck as u64, 4);
    match d.range(0, li) {
        Ok(hdr) if ck != 0 => {
            let want = osi_cksum(hdr, 7);
            if want == ck {
                cx.s(" (correct)");
            } else {
                cx.s(" (incorrect should be 0x");
                fmt::put_hex_padded(cx.out, want as u64, 4);
                cx.b(b')');
            }
        }
        _ => cx.s(" (unverified)"),
    }
    cx.s(", holding time: ");
    cx.u(h.be16(5)? as u64);
    cx.s("s, length indicator: ");
    cx.u(li as u64);
    if cx.opts.verbose > 1 {
        hexdump::hex(cx.out, b"\n\t", h, 0);
    }
    let mut at = ESIS_HEADER;
    let mut li = li - ESIS_HEADER;
    let body = match pdu_type {
        6 => redirect(cx, d, &mut at, &mut li),
        2 => esh(cx, d, &mut at, &mut li),
        4 => {
            // One NET.
            match length_prefixed(d, &mut at, &mut li) {
                Ok(Some(net)) => {
                    cx.s("\n\t  NET (length: ");
                    cx.u(net.len() as u64);
                    cx.s("): ");
                    isonsap(cx, net);
                    Ok(Some(()))
                }
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            }
        }
        _ => {
            if cx.opts.verbose <= 1 && at < d.len() {
                unknown_data(cx, &d[at..], "\n\t  ", d.len() - at);
            }
            return Ok(true);
        }
    };
    match body {
        Err(_) => {
            cx.trunc_marker();
            return Ok(true);
        }
        Ok(None) => {
            cx.s(match pdu_type {
                6 => ", bad redirect/li",
                2 => ", bad esh/li",
                _ => ", bad ish/li",
            });
            return Ok(true);
        }
        Ok(Some(())) => {}
    }
    esis_options(cx, d, at, li)
}

/// The ES-IS fixed header: NLPID, length indicator, version, reserved,
/// type, holding time, checksum.
const ESIS_HEADER: usize = 9;

/// A length byte and the bytes it counts, each captured (else `Err`) and
/// within the length indicator's `li` (else `None`).
fn length_prefixed<'a>(d: &'a [u8], at: &mut usize, li: &mut usize) -> R<Option<&'a [u8]>> {
    let n = d.u8_at(*at)? as usize;
    if *li < 1 {
        return Ok(None);
    }
    *at += 1;
    *li -= 1;
    let v = d.range(*at, n)?;
    if *li < n {
        return Ok(None);
    }
    *at += n;
    *li -= n;
    Ok(Some(v))
}

/// A redirect: destination, SNPA, NET (its length byte not counted
/// against the length indicator, as the snapshot does).
fn redirect(cx: &mut Ctx, d: &[u8], at: &mut usize, li: &mut usize) -> R<Option<()>> {
    let Some(dst) = length_prefixed(d, at, li)? else {
        return Ok(None);
    };
    cx.s("\n\t  ");
    isonsap(cx, dst);
    let Some(snpa) = length_prefixed(d, at, li)? else {
        return Ok(None);
    };
    // The NET's length byte is left in the count.
    let n = d.u8_at(*at)? as usize;
    if *li < 1 {
        return Ok(None);
    }
    *at += 1;
    let net = d.range(*at, n)?;
    if *li < n {
        return Ok(None);
    }
    *at += n;
    *li -= n;
    cx.s("\n\t  SNPA (length: ");
    cx.u(snpa.len() as u64);
    cx.s("): ");
    if snpa.len() == 6 {
        cx.mac(snpa);
    } else if snpa.is_empty() {
        cx.s("<empty>");
    } else {
        for (i, &b) in snpa.iter().enumerate() {
            if i > 0 {
                cx.b(b':');
            }
            fmt::put_hex2(cx.out, b);
        }
    }
    if !net.is_empty() {
        cx.s("\n\t  NET (length: ");
        cx.u(net.len() as u64);
        cx.s(") ");
        isonsap(cx, net);
    }
    Ok(Some(()))
}

/// An ES hello: a count, then that many source addresses.
fn esh(cx: &mut Ctx, d: &[u8], at: &mut usize, li: &mut usize) -> R<Option<()>> {
    let n = d.u8_at(*at)?;
    if *li < 1 {
        return Ok(None);
    }
    *at += 1;
    *li -= 1;
    cx.s("\n\t  Number of Source Addresses: ");
    cx.u(n as u64);
    for _ in 0..n {
        let Some(net) = length_prefixed(d, at, li)? else {
            return Ok(None);
        };
        cx.s("\n\t  NET (length: ");
        cx.u(net.len() as u64);
        cx.s("): ");
        isonsap(cx, net);
    }
    Ok(Some(()))
}

/// The options after the addresses, within the length indicator.
fn esis_options(cx: &mut Ctx, d: &[u8], mut at: usize, mut li: usize) -> R<bool> {
    while li != 0 {
        if li < 2 {
            cx.s(", bad opts/li");
            return Ok(true);
        }
        let t = d.u8_at(at)?;
        let n = d.u8_at(at + 1)? as usize;
        at += 2;
        li -= 2;
        if n > li {
            cx.s(", opt (");
            cx.u(t as u64);
            cx.s(") too long");
            return Ok(true);
        }
        li -= n;
        cx.s("\n\t  ");
        cx.s(tables::lookup(ESIS_OPTIONS, t).unwrap_or("Unknown"));
        cx.s(" Option #");
        cx.u(t as u64);
        cx.s(", length ");
        cx.u(n as u64);
        cx.s(", value: ");
        let avail = &d[at.min(d.len())..];
        // The snapshot counts the protocols down to none as it shows
        // them: its dump and its next option then start at them.
        let mut n = n;
        match t {
            0xc6 if n == 2 => {
                let Ok(v) = d.be16(at) else {
                    cx.trunc_marker();
                    return Ok(true);
                };
                cx.u(v as u64);
                cx.b(b's');
            }
            0xc6 => cx.s("(bad length)"),
            0x81 => {
                for i in 0..n {
                    let p = d.u8_at(at + i)?;
                    cx.s(tables::lookup(tables::NLPID_NAMES, p).unwrap_or("unknown"));
                    cx.s(" (0x");
                    fmt::put_hex2(cx.out, p);
                    cx.b(b')');
                    if n - i > 1 {
                        cx.s(", ");
                    }
                }
                n = 0;
            }
            _ => unknown_data(cx, avail, "\n\t  ", n),
        }
        if cx.opts.verbose > 1 {
            unknown_data(cx, avail, "\n\t  ", n);
        }
        at += n;
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
