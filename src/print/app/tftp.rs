//! TFTP (RFC 1350, options RFC 2347) on UDP port 69, or by `-T tftp`.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static OPCODES: &[(u16, &str)] = &[
    (1, "RRQ"),
    (2, "WRQ"),
    (3, "DATA"),
    (4, "ACK"),
    (5, "ERROR"),
    (6, "OACK"),
];

static ERRORS: &[(u16, &str)] = &[
    (0, "EUNDEF"),
    (1, "ENOTFOUND"),
    (2, "EACCESS"),
    (3, "ENOSPACE"),
    (4, "EBADOP"),
    (5, "EBADID"),
    (6, "EEXISTS"),
    (7, "ENOUSER"),
];

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "tftp";
    cx.s("TFTP, length ");
    cx.u(p.length as u64);
    if tftp(cx, p.captured, p.length)?.is_none() {
        cx.trunc_marker();
    }
    Ok(true)
}

/// The message (`d` the captured bytes, `length` the datagram's);
/// `None` where it ends too soon.
fn tftp(cx: &mut Ctx, d: &[u8], length: usize) -> R<Option<()>> {
    if length < 2 {
        return Ok(None);
    }
    let op = d.be16(0)?;
    cx.s(", ");
    match tables::lookup(OPCODES, op) {
        Some(name) => cx.s(name),
        None => {
            cx.s("tftp-#");
            cx.u(op as u64);
            return Ok(Some(()));
        }
    }
    let mut s = Strings {
        d,
        at: 2,
        left: length - 2,
    };
    match op {
        1 | 2 => {
            if s.left == 0 {
                return Ok(None);
            }
            cx.s(" \"");
            let name = s.next(cx);
            cx.b(b'"');
            if !name || s.left == 0 {
                return Ok(None);
            }
            cx.b(b' ');
            if !s.next(cx) {
                return Ok(None);
            }
            return s.options(cx);
        }
        6 => return s.options(cx),
        3 | 4 => {
            if s.left < 2 {
                return Ok(None);
            }
            let block = d.be16(2)?;
            cx.s(" block ");
            cx.u(block as u64);
        }
        _ => {
            if s.left < 2 {
                return Ok(None);
            }
            let code = d.be16(2)?;
            cx.b(b' ');
            match tables::lookup(ERRORS, code) {
                Some(name) => cx.s(name),
                None => {
                    // The snapshot's name for unknown codes ends with a
                    // stray quote.
                    cx.s("tftp-err-#");
                    cx.u(code as u64);
                    cx.s(" \"");
                }
            }
            s.at += 2;
            s.left -= 2;
            if s.left == 0 {
                return Ok(None);
            }
            cx.s(" \"");
            let ok = s.next(cx);
            cx.b(b'"');
            if !ok {
                return Ok(None);
            }
        }
    }
    Ok(Some(()))
}

/// NUL-terminated strings from `at`, `left` bytes of the datagram left.
struct Strings<'a> {
    d: &'a [u8],
    at: usize,
    left: usize,
}

impl Strings<'_> {
    /// Print the next string (unprintable bytes escaped) and step over
    /// its NUL; false (having printed what there was) if the datagram or
    /// the capture ends first.
    fn next(&mut self, cx: &mut Ctx) -> bool {
        loop {
            if self.left == 0 || self.at >= self.d.len() {
                return false;
            }
            let c = self.d[self.at];
            self.at += 1;
            self.left -= 1;
            if c == 0 {
                return true;
            }
            fmt::put_safe_char(cx.out, c);
        }
    }

    /// Option names and values to the end of the datagram, each after a
    /// space unless empty; `None` if one is cut short, `Err` if the
    /// capture ends between them.
    fn options(&mut self, cx: &mut Ctx) -> R<Option<()>> {
        while self.left != 0 {
            if self.d.u8_at(self.at)? != 0 {
                cx.b(b' ');
            }
            if !self.next(cx) {
                return Ok(None);
            }
        }
        Ok(Some(()))
    }
}
