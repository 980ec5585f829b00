//! DNS (RFC 1035) and multicast DNS summaries, as tcpdump's domain printer
//! writes them: `id[flags] question? (len)` for queries, `id[flags]
//! an/ns/ar answers (len)` for responses.
//!
//! Names are read through compression pointers that must point backwards
//! (so a loop cannot happen); a name or record cut short by the capture
//! ends the summary with ` [|domain]`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

const INDIR_MASK: u8 = 0xc0;
const EDNS0_MASK: u8 = 0x40;
const MAXCDNAME: usize = 255;
const T_OPT: u16 = 41;
const C_IN: u16 = 1;

fn put_type(cx: &mut Ctx, t: u16) {
    match tables::dns_type_name(t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Type");
            cx.u(t as u64);
        }
    }
}

fn put_class(cx: &mut Ctx, c: u16) {
    match c {
        1 => cx.s("IN"),
        3 => cx.s("CHAOS"),
        4 => cx.s("HS"),
        255 => cx.s("ANY"),
        _ => {
            cx.s("(Class ");
            cx.u(c as u64);
            cx.b(b')');
        }
    }
}

const OPS: [&str; 16] = [
    "",
    " inv_q",
    " stat",
    " op3",
    " notify",
    " update",
    " op6",
    " op7",
    " op8",
    " updateA",
    " updateD",
    " updateDA",
    " updateM",
    " updateMA",
    " zoneInit",
    " zoneRef",
];

const RCODES: [&str; 24] = [
    "",
    " FormErr",
    " ServFail",
    " NXDomain",
    " NotImp",
    " Refused",
    " YXDomain",
    " YXRRSet",
    " NXRRSet",
    " NotAuth",
    " NotZone",
    " Resp11",
    " Resp12",
    " Resp13",
    " Resp14",
    " NoChange",
    " BadVers",
    " BadKey",
    " BadTime",
    " BadMode",
    " BadName",
    " BadAlg",
    " BadTrunc",
    " BadCookie",
];

/// The message: `m` is the DNS message as captured (offsets in
/// compression pointers are relative to its start).
struct Msg<'a> {
    m: &'a [u8],
}

impl Msg<'_> {
    /// Length of the label starting at `at` (what follows its length byte),
    /// or None (printing tcpdump's complaint) for reserved label types.
    fn label_len(&self, cx: &mut Ctx, at: usize) -> Option<usize> {
        let i = *self.m.get(at)?;
        match i & INDIR_MASK {
            EDNS0_MASK => {
                let elt = i & !INDIR_MASK;
                if elt != 0x01 {
                    cx.s("<ELT ");
                    cx.u(elt as u64);
                    cx.b(b'>');
                    return None;
                }
                let bitlen = *self.m.get(at + 1)? as usize;
                let bitlen = if bitlen == 0 { 256 } else { bitlen };
                Some(bitlen.div_ceil(8) + 1)
            }
            INDIR_MASK | 0 => Some(i as usize),
            _ => {
                cx.s("<BAD LABEL>");
                None
            }
        }
    }

    /// Skip a name; the offset after it.
    fn skip_name(&self, mut at: usize) -> Option<usize> {
        let mut i = *self.m.get(at)?;
        at += 1;
        while i != 0 {
            match i & INDIR_MASK {
                INDIR_MASK => return Some(at + 1),
                EDNS0_MASK => {
                    if i & !INDIR_MASK != 0x01 {
                        return None;
                    }
                    let bitlen = *self.m.get(at)? as usize;
                    let bitlen = if bitlen == 0 { 256 } else { bitlen };
                    at += 1 + bitlen.div_ceil(8);
                }
                0x80 => return None,
                _ => at += i as usize,
            }
            i = *self.m.get(at)?;
            at += 1;
        }
        Some(at)
    }

    /// Print a name (`example.com.`); the offset after it where it was
    /// first read, or None when it runs past the capture or is bad.
    fn print_name(&self, cx: &mut Ctx, mut at: usize) -> Option<usize> {
        let mut l = self.label_len(cx, at)?;
        let mut max_offset = at;
        let mut i = *self.m.get(at)?;
        at += 1;
        let mut compress = false;
        // tcpdump's NULL until the end of the name is known: a name that is
        // only a pointer, cut after its first byte, has none.
        let mut rp = usize::MAX;
        if i & INDIR_MASK != INDIR_MASK {
            rp = at + l;
        }
        if i == 0 {
            cx.b(b'.');
            return Some(rp);
        }
        let mut name_chars = 0usize;
        while i != 0 && at < self.m.len() {
            if i & INDIR_MASK == INDIR_MASK {
                if !compress {
                    rp = at + 1;
                    compress = true;
                }
                let low = *self.m.get(at)?;
                let offset = (((i as usize) << 8) | low as usize) & 0x3fff;
                if offset >= max_offset {
                    cx.s("<BAD PTR>");
                    return None;
                }
                max_offset = offset;
                at = offset;
                i = *self.m.get(at)?;
                l = self.label_len(cx, at)?;
                at += 1;
                continue;
            }
            if i & INDIR_MASK == EDNS0_MASK {
                if !self.bitlabel(cx, at)? {
                    return None;
                }
            } else {
                // At most MAXCDNAME characters of a name are printed.
                let n = l.min(MAXCDNAME.saturating_sub(name_chars));
                if n > 0 && !printn(cx, self.m, at, n) {
                    return None;
                }
                name_chars += l;
            }
            at += l;
            if name_chars <= MAXCDNAME {
                cx.b(b'.');
            }
            name_chars += 1;
            i = *self.m.get(at)?;
            l = self.label_len(cx, at)?;
            at += 1;
            if !compress {
                rp += l + 1;
            }
        }
        if name_chars > MAXCDNAME {
            cx.s("<DOMAIN NAME TOO LONG>");
        }
        (rp != usize::MAX).then_some(rp)
    }

    /// An EDNS0 bit-string label (RFC 2673): `[x<hex>/<bits>]`.
    fn bitlabel(&self, cx: &mut Ctx, at: usize) -> Option<bool> {
        let bitlen = *self.m.get(at)? as usize;
        let bitlen = if bitlen == 0 { 256 } else { bitlen };
        let slen = bitlen.div_ceil(8);
        let bits = self.m.get(at + 1..at + 1 + slen)?;
        cx.s("[x");
        for &b in bits {
            fmt::put_hex2(cx.out, b);
        }
        cx.b(b'/');
        cx.u(bitlen as u64);
        cx.b(b']');
        Some(true)
    }

    /// A question: ` TYPE[ CLASS]? name`.
    fn question(&self, cx: &mut Ctx, at: usize, mdns: bool) -> Option<usize> {
        let after = self.skip_name(at)?;
        if !self.m.has(after, 4) {
            return None;
        }
        let t = self.m.be16(after).ok()?;
        cx.b(b' ');
        put_type(cx, t);
        let raw_class = self.m.be16(after + 2).ok()?;
        let class = if mdns { raw_class & !0x8000 } else { raw_class };
        if class != C_IN {
            cx.b(b' ');
            put_class(cx, class);
        }
        if mdns {
            cx.s(if raw_class & 0x8000 != 0 {
                " (QU)"
            } else {
                " (QM)"
            });
        }
        cx.s("? ");
        let end = self.print_name(cx, at)?;
        Some(end + 4)
    }

    /// A resource record, without `-v`: ` TYPE data`. `Err` means print
    /// nothing more; `Ok(None)` means the record ran past the capture.
    fn record(&self, cx: &mut Ctx, at: usize, mdns: bool) -> Option<Option<usize>> {
        let verbose = cx.opts.verbose > 0;
        let cp = if verbose {
            cx.b(b' ');
            self.print_name(cx, at)
        } else {
            self.skip_name(at)
        };
        let Some(mut cp) = cp.filter(|&cp| self.m.has(cp, 10)) else {
            // tcpdump returns the end of the capture here: printing stops.
            return Some(Some(usize::MAX));
        };
        let typ = self.m.be16(cp).ok()?;
        let raw_class = self.m.be16(cp + 2).ok()?;
        cp += 4;
        let class = if mdns { raw_class & !0x8000 } else { raw_class };
        if class != C_IN && typ != T_OPT {
            cx.b(b' ');
            put_class(cx, class);
        }
        if mdns && raw_class & 0x8000 != 0 {
            cx.s(" (Cache flush)");
        }
        let mut opt_flags = 0u16;
        if typ == T_OPT {
            cp += 2;
            opt_flags = self.m.be16(cp).ok()?;
            cp += 2;
        } else if cx.opts.verbose > 2 {
            cx.s(" [");
            cx.relts(self.m.be32(cp).ok()?);
            cx.b(b']');
            cp += 4;
        } else {
            cp += 4;
        }
        let len = self.m.be16(cp).ok()? as usize;
        cp += 2;
        let rp = cp + len;
        cx.b(b' ');
        put_type(cx, typ);
        if rp > self.m.len() {
            return Some(None);
        }
        match typ {
            1 => {
                cx.b(b' ');
                cx.ipv4(self.m.range(cp, 4).ok()?);
            }
            2 | 5 | 12 | 39 => {
                cx.b(b' ');
                self.print_name(cx, cp)?;
            }
            15 => {
                cx.b(b' ');
                self.m.range(cp, 2).ok()?;
                self.print_name(cx, cp + 2)?;
                cx.b(b' ');
                cx.u(self.m.be16(cp).ok()? as u64);
            }
            16 => {
                let mut c = cp;
                while c < rp {
                    cx.s(" \"");
                    let n = *self.m.get(c)? as usize;
                    if !printn(cx, self.m, c + 1, n) {
                        return Some(None);
                    }
                    c += 1 + n;
                    cx.b(b'"');
                }
            }
            33 => {
                cx.b(b' ');
                self.m.range(cp, 6).ok()?;
                self.print_name(cx, cp + 6)?;
                cx.b(b':');
                cx.u(self.m.be16(cp + 4).ok()? as u64);
                cx.b(b' ');
                cx.u(self.m.be16(cp).ok()? as u64);
                cx.b(b' ');
                cx.u(self.m.be16(cp + 2).ok()? as u64);
            }
            6 if cx.opts.verbose > 0 => {
                cx.b(b' ');
                let c = self.print_name(cx, cp)?;
                cx.b(b' ');
                let c = self.print_name(cx, c)?;
                self.m.range(c, 20).ok()?;
                for k in 0..5 {
                    cx.b(b' ');
                    cx.u(self.m.be32(c + 4 * k).ok()? as u64);
                }
            }
            28 => {
                cx.b(b' ');
                fmt::put_ipv6(cx.out, self.m.range(cp, 16).ok()?);
            }
            T_OPT => {
                cx.s(" UDPsize=");
                cx.u(class as u64);
                if opt_flags & 0x8000 != 0 {
                    cx.s(" DO");
                }
                if cp < rp {
                    // EDNS options are only summarized.
                    cx.s(" [");
                    let mut c = cp;
                    let mut first = true;
                    while c + 2 <= rp {
                        if !first {
                            cx.b(b',');
                        }
                        first = false;
                        let code = self.m.be16(c).ok()?;
                        if c + 4 > rp {
                            // A code without its length: named only.
                            edns_option(cx, code, &[]);
                            break;
                        }
                        let olen = self.m.be16(c + 2).ok()? as usize;
                        edns_option(cx, code, self.m.get(c + 4..(c + 4 + olen).min(rp))?);
                        c += 4 + olen;
                    }
                    cx.b(b']');
                }
            }
            _ => {}
        }
        Some(Some(rp))
    }
}

fn edns_option(cx: &mut Ctx, code: u16, data: &[u8]) {
    let name = match code {
        3 => "NSID",
        8 => "ECS",
        10 => "COOKIE",
        11 => "KEEPALIVE",
        12 => "PADDING",
        _ => "",
    };
    if name.is_empty() {
        // An option without a decoder: its code only.
        cx.s("Opt");
        cx.u(code as u64);
        return;
    }
    cx.s(name);
    if code == 10 {
        // COOKIE (RFC 7873): the client and server cookies in hex.
        cx.b(b' ');
        for &b in data {
            fmt::put_hex2(cx.out, b);
        }
        return;
    }
    cx.s(" len ");
    cx.u(data.len() as u64);
}

/// Print `n` bytes from `at` with escapes; false if the capture ended first.
fn printn(cx: &mut Ctx, m: &[u8], at: usize, n: usize) -> bool {
    let end = at.saturating_add(n);
    let avail = m.len().min(end);
    for &c in m.get(at..avail).unwrap_or(&[]) {
        fmt::put_safe_char(cx.out, c);
    }
    avail == end
}

/// DNS message; truncation ends the summary with ` [|domain]` and a normal
/// return (tcpdump's own `goto trunc`, not its longjmp).
pub fn print(cx: &mut Ctx, data: &[u8], length: usize, over_tcp: bool, mdns: bool) -> R {
    if inner(cx, data, length, over_tcp, mdns).is_err() {
        cx.trunc_marker();
    }
    Ok(())
}

fn inner(cx: &mut Ctx, data: &[u8], length: usize, over_tcp: bool, mdns: bool) -> R {
    cx.proto = "domain";
    let mut data = data;
    let mut length = length;
    if over_tcp {
        if length < 2 {
            cx.s(" [DNS over TCP: length ");
            cx.u(length as u64);
            cx.s(" < 2] (invalid)");
            return Ok(());
        }
        length -= 2;
        let prefix = data.be16(0)? as usize;
        if prefix != length {
            cx.s(" [prefix length(");
            cx.u(prefix as u64);
            cx.s(") != length(");
            cx.u(length as u64);
            cx.s(")] (invalid)");
            return Ok(());
        }
        data = &data[2..];
        cx.b(b' ');
    }
    if length < 12 {
        cx.s("domain [length ");
        cx.u(length as u64);
        cx.s(" < 12] (invalid)");
        return Ok(());
    }
    data.range(0, 12)?;
    let msg = Msg { m: data };
    let flags = data.be16(2)?;
    let qd = data.be16(4)? as usize;
    let an = data.be16(6)? as usize;
    let ns = data.be16(8)? as usize;
    let ar = data.be16(10)? as usize;
    let mut rcode = (flags & 0x000f) as usize;
    extended_rcode(&msg, qd, an + ns, ar, &mut rcode);
    let id = data.be16(0)?;
    let opcode = ((flags >> 11) & 0xf) as usize;
    if flags & 0x8000 != 0 {
        cx.u(id as u64);
        cx.s(OPS[opcode]);
        if rcode < RCODES.len() {
            cx.s(RCODES[rcode]);
        } else {
            cx.s(" Resp");
            cx.u(rcode as u64);
        }
        if flags & 0x0400 != 0 {
            cx.b(b'*');
        }
        if flags & 0x0080 == 0 {
            cx.b(b'-');
        }
        if flags & 0x0200 != 0 {
            cx.b(b'|');
        }
        if flags & 0x0020 != 0 {
            cx.b(b'$');
        }
        if qd != 1 {
            cx.s(" [");
            cx.u(qd as u64);
            cx.s("q]");
        }
        let mut cp = 12usize;
        for i in 0..qd {
            if i != 0 {
                cx.b(b',');
            }
            if cx.opts.verbose > 1 {
                cx.s(" q:");
                cp = msg.question(cx, cp, mdns).ok_or(Trunc)?;
            } else {
                cp = msg.skip_name(cp).ok_or(Trunc)? + 4;
            }
        }
        cx.b(b' ');
        cx.u(an as u64);
        cx.b(b'/');
        cx.u(ns as u64);
        cx.b(b'/');
        cx.u(ar as u64);
        let mut left = an;
        if left > 0 {
            cp = next_record(cx, &msg, cp, mdns)?;
            left -= 1;
            while cp < data.len() && left > 0 {
                cx.b(b',');
                cp = next_record(cx, &msg, cp, mdns)?;
                left -= 1;
            }
        }
        if left > 0 {
            return Err(Trunc);
        }
        if cx.opts.verbose > 1 {
            cp = sections(cx, &msg, cp, mdns, &[(" ns:", ns), (" ar:", ar)])?;
        }
        let _ = cp;
    } else {
        cx.u(id as u64);
        cx.s(OPS[opcode]);
        if flags & 0x0100 != 0 {
            cx.b(b'+');
        }
        if flags & 0x0010 != 0 {
            cx.b(b'%');
        }
        if flags & 0x6cf != 0 {
            cx.s(" [b2&3=0x");
            fmt::put_hex(cx.out, flags as u64);
            cx.b(b']');
        }
        if opcode == 1 {
            if qd > 0 {
                cx.s(" [");
                cx.u(qd as u64);
                cx.s("q]");
            }
            if an != 1 {
                cx.s(" [");
                cx.u(an as u64);
                cx.s("a]");
            }
        } else {
            if an > 0 {
                cx.s(" [");
                cx.u(an as u64);
                cx.s("a]");
            }
            if qd != 1 {
                cx.s(" [");
                cx.u(qd as u64);
                cx.s("q]");
            }
        }
        if ns > 0 {
            cx.s(" [");
            cx.u(ns as u64);
            cx.s("n]");
        }
        if ar > 0 {
            cx.s(" [");
            cx.u(ar as u64);
            cx.s("au]");
        }
        let mut cp = 12usize;
        let mut left = qd;
        if left > 0 {
            cp = msg.question(cx, cp, mdns).ok_or(Trunc)?;
            left -= 1;
            while cp < data.len() && left > 0 {
                cp = msg.question(cx, cp, mdns).ok_or(Trunc)?;
                left -= 1;
            }
        }
        if left > 0 {
            return Err(Trunc);
        }
        if cx.opts.verbose > 1 {
            sections(
                cx,
                &msg,
                cp,
                mdns,
                &[(" an:", an), (" ns:", ns), (" ar:", ar)],
            )?;
        }
    }
    cx.s(" (");
    cx.u(length as u64);
    cx.b(b')');
    Ok(())
}

/// The record sections `-vv` shows: each label and its records,
/// comma-separated.
fn sections(
    cx: &mut Ctx,
    msg: &Msg,
    mut cp: usize,
    mdns: bool,
    parts: &[(&str, usize)],
) -> R<usize> {
    for &(label, count) in parts {
        if count == 0 {
            continue;
        }
        cx.s(label);
        cp = next_record(cx, msg, cp, mdns)?;
        let mut left = count - 1;
        while cp < msg.m.len() && left > 0 {
            cx.b(b',');
            cp = next_record(cx, msg, cp, mdns)?;
            left -= 1;
        }
        if left > 0 {
            return Err(Trunc);
        }
    }
    Ok(cp)
}

fn next_record(cx: &mut Ctx, msg: &Msg, cp: usize, mdns: bool) -> R<usize> {
    match msg.record(cx, cp, mdns) {
        Some(Some(next)) => Ok(next),
        _ => Err(Trunc),
    }
}

/// The OPT record's upper rcode bits, found by walking the sections as far
/// as the capture allows.
fn extended_rcode(msg: &Msg, qd: usize, an_ns: usize, ar: usize, rcode: &mut usize) {
    let m = msg.m;
    let mut cp = 12usize;
    for _ in 0..qd {
        let Some(c) = msg.skip_name(cp) else { return };
        cp = c + 4;
        if cp > m.len() {
            return;
        }
    }
    for _ in 0..an_ns {
        let Some(c) = msg.skip_name(cp) else { return };
        cp = c + 8;
        let Ok(rdlen) = m.be16(cp) else { return };
        cp += 2 + rdlen as usize;
        if cp > m.len() {
            return;
        }
    }
    for _ in 0..ar {
        let Some(c) = msg.skip_name(cp) else { return };
        cp = c;
        let Ok(t) = m.be16(cp) else { return };
        cp += 4;
        let Some(&hi) = m.get(cp) else { return };
        if t == T_OPT {
            *rcode |= (hi as usize) << 4;
            return;
        }
        cp += 4;
        let Ok(rdlen) = m.be16(cp) else { return };
        cp += 2 + rdlen as usize;
        if cp > m.len() {
            return;
        }
    }
}

/// DNS over TCP (a length before each message).
pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    print(cx, p.body, p.length, true, false)?;
    Ok(true)
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    print(cx, p.body, p.length, false, false)?;
    Ok(true)
}

/// Multicast DNS (UDP port 5353).
pub fn print_mdns(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    print(cx, p.body, p.length, false, true)?;
    Ok(true)
}
