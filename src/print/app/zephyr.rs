//! Zephyr notices (UDP 2103 and 2104): a header of NUL-terminated text
//! fields (numbers in hex), summarized by class, instance and opcode.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// Notice kinds.
const KINDS: [&str; 9] = [
    "unsafe",
    "unacked",
    "acked",
    "hm-ack",
    "hm-ctl",
    "serv-ack",
    "serv-nak",
    "client-ack",
    "stat",
];
const SERVACK: i32 = 5;

/// Fixed (opcode or class/instance/opcode) forms printed as a word.
const CLIENT_OPS: &[(&str, &str)] = &[
    ("GIMME", " ret"),
    ("GIMMEDEFS", " gimme-defs"),
    ("CLEARSUB", " clear-subs"),
];
const REALM_OPS: &[(&str, &str)] = &[
    ("ADD_SUBSCRIBE", " realm add-subs"),
    ("REQ_SUBSCRIBE", " realm req-subs"),
    ("RLM_SUBSCRIBE", " realm rlm-sub"),
    ("RLM_UNSUBSCRIBE", " realm rlm-unsub"),
];
const EXPOSURES: &[&str] = &[
    "NONE",
    "OPSTAFF",
    "REALM-VISIBLE",
    "REALM-ANNOUNCED",
    "NET-VISIBLE",
    "NET-ANNOUNCED",
];

/// Reads the fields one after another: `body` is what was captured of
/// the `len` bytes the header may use.
struct Fields<'a> {
    body: &'a [u8],
    len: usize,
    pos: usize,
}

impl<'a> Fields<'a> {
    /// The next field, without its NUL; `None` if the length ends first.
    fn next(&mut self) -> R<Option<&'a [u8]>> {
        let start = self.pos;
        loop {
            if self.pos >= self.len {
                return Ok(None);
            }
            let c = self.body.u8_at(self.pos)?;
            self.pos += 1;
            if c == 0 {
                return Ok(Some(&self.body[start..self.pos - 1]));
            }
        }
    }
}

/// A hex number as C's `strtol(s, 0, 16)` reads it, kept to an `int`.
fn hex_number(s: &[u8]) -> i32 {
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t'..=b'\r') {
        i += 1;
    }
    let neg = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    if s.get(i) == Some(&b'0')
        && matches!(s.get(i + 1), Some(b'x' | b'X'))
        && s.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
    {
        i += 2;
    }
    let mut v: i128 = 0;
    let mut over = false;
    while let Some(d) = s.get(i).and_then(|c| (*c as char).to_digit(16)) {
        v = v * 16 + d as i128;
        if v > i64::MAX as i128 + 1 {
            over = true;
            v = i64::MAX as i128 + 1;
        }
        i += 1;
    }
    let v = if neg { -v } else { v };
    let v = if over || v > i64::MAX as i128 || v < i64::MIN as i128 {
        if neg {
            i64::MIN
        } else {
            i64::MAX
        }
    } else {
        v as i64
    };
    v as i32
}

/// Text from the packet, unprintable bytes escaped.
fn text(cx: &mut Ctx, s: &[u8]) {
    for &c in s {
        fmt::put_safe_char(cx.out, c);
    }
}

/// At most 255 bytes of `s` (the size of the buffer the strings are
/// formatted in), lower-cased.
fn lower(cx: &mut Ctx, s: &[u8]) {
    for &c in &s[..s.len().min(255)] {
        fmt::put_safe_char(cx.out, c.to_ascii_lowercase());
    }
}

/// `<class,instance,recipient>` (`*` for no recipient), cut to 255 bytes.
fn triple(cx: &mut Ctx, c: &[u8], i: &[u8], r: &[u8]) {
    let r: &[u8] = if r.is_empty() { b"*" } else { r };
    let mut t = Vec::with_capacity(c.len() + i.len() + r.len() + 4);
    t.push(b'<');
    t.extend_from_slice(c);
    t.push(b',');
    t.extend_from_slice(i);
    t.push(b',');
    t.extend_from_slice(r);
    t.push(b'>');
    t.truncate(255);
    text(cx, &t);
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "zephyr";
    let mut f = Fields {
        body: p.body,
        len: p.length,
        pos: 0,
    };
    let Some(version) = f.next()? else {
        cx.s(" (invalid)");
        return Ok(true);
    };
    if !version.starts_with(b"ZEPH") {
        return Ok(true);
    }
    // numfields, kind, uid, port, auth, authlen, authdata, class,
    // instance, opcode, sender, recipient, format, checksum, multi,
    // multi-uid: all must be there.
    let mut v: [&[u8]; 16] = [b""; 16];
    let mut lose = false;
    for slot in v.iter_mut() {
        match f.next()? {
            Some(s) => *slot = s,
            None => lose = true,
        }
    }
    if lose {
        cx.s(" (invalid)");
        return Ok(true);
    }
    let kind = hex_number(v[1]);
    let (class, inst, opcode, sender, recipient) = (v[7], v[8], v[9], v[10], v[11]);
    cx.s(" zephyr");
    let vers = &version[4..];
    if !vers.starts_with(b"0.2") {
        cx.s(" v");
        text(cx, vers);
        return Ok(true);
    }
    match usize::try_from(kind).ok().and_then(|k| KINDS.get(k)) {
        Some(n) => {
            cx.b(b' ');
            cx.s(n);
        }
        None => {
            cx.s(" type ");
            fmt::put_i64(cx.out, kind as i64);
        }
    }
    if kind == SERVACK {
        if let Some(ack) = f.next()? {
            if ack != b"SENT" {
                cx.b(b'/');
                lower(cx, ack);
            }
        }
    }
    if !sender.is_empty() {
        cx.b(b' ');
        text(cx, sender);
    }
    match class {
        b"USER_LOCATE" => {
            match opcode {
                b"USER_HIDE" => cx.s(" hide"),
                b"USER_UNHIDE" => cx.s(" unhide"),
                _ => {
                    cx.s(" locate ");
                    text(cx, inst);
                }
            }
            return Ok(true);
        }
        b"ZEPHYR_ADMIN" => {
            cx.s(" zephyr-admin ");
            lower(cx, opcode);
            return Ok(true);
        }
        b"ZEPHYR_CTL" => match inst {
            b"CLIENT" => {
                if let b"SUBSCRIBE" | b"SUBSCRIBE_NODEFS" | b"UNSUBSCRIBE" = opcode {
                    // Anything but SUBSCRIBE is an "unsub".
                    cx.s(if opcode == b"SUBSCRIBE" {
                        " sub"
                    } else {
                        " unsub"
                    });
                    if opcode == b"SUBSCRIBE_NODEFS" {
                        cx.s("-nodefs");
                    }
                    if kind != SERVACK {
                        let c = f.next()?;
                        let i = f.next()?;
                        let r = f.next()?;
                        if let (Some(c), Some(i), Some(r)) = (c, i, r) {
                            cx.b(b' ');
                            triple(cx, c, i, r);
                        }
                    }
                    return Ok(true);
                }
                match CLIENT_OPS.iter().find(|(o, _)| o.as_bytes() == opcode) {
                    Some((_, s)) => cx.s(s),
                    None => {
                        cx.b(b' ');
                        lower(cx, opcode);
                    }
                }
                return Ok(true);
            }
            b"HM" => {
                cx.b(b' ');
                lower(cx, opcode);
                return Ok(true);
            }
            b"REALM" => {
                if let Some((_, s)) = REALM_OPS.iter().find(|(o, _)| o.as_bytes() == opcode) {
                    cx.s(s);
                }
                return Ok(true);
            }
            _ => {}
        },
        b"HM_CTL" | b"WG_CTL" => {
            cx.s(if class == b"HM_CTL" {
                " hm_ctl "
            } else {
                " wg_ctl "
            });
            lower(cx, inst);
            cx.b(b' ');
            lower(cx, opcode);
            return Ok(true);
        }
        b"HM_STAT" if inst == b"HMST_CLIENT" && opcode == b"GIMMESTATS" => {
            cx.s(" get-client-stats");
            return Ok(true);
        }
        b"LOGIN" => {
            if opcode == b"USER_FLUSH" {
                cx.s(" flush_locs");
                return Ok(true);
            }
            if EXPOSURES.iter().any(|e| e.as_bytes() == opcode) {
                cx.s(" set-exposure ");
                lower(cx, opcode);
                return Ok(true);
            }
        }
        _ => {}
    }
    cx.s(" to ");
    triple(cx, class, inst, recipient);
    if !opcode.is_empty() {
        cx.s(" op ");
        text(cx, opcode);
    }
    Ok(true)
}
