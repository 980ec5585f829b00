//! RESP, the Redis serialization protocol, on TCP port 6379 (or `-T
//! resp`): every item of the segment (pipelined commands included), each
//! string in quotes. Arrays are walked with an explicit stack of counts,
//! so nesting depth costs no recursion.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// A read position and the bytes left of the segment's length.
struct Cur<'a> {
    d: &'a [u8],
    at: usize,
    left: i64,
    /// Set when the decoder itself gave up (tcpdump's local `goto
    /// trunc`, which prints the marker and returns normally), as opposed
    /// to a read past the capture.
    local: bool,
}

/// Give up on the segment: a truncation tcpdump reports and returns from.
fn local<T>(c: &mut Cur) -> R<T> {
    c.local = true;
    Err(Trunc)
}

impl Cur<'_> {
    fn byte(&self) -> R<u8> {
        self.d.u8_at(self.at)
    }
    fn advance(&mut self, n: usize) {
        self.at += n;
        self.left -= n as i64;
    }
}

pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "resp";
    cx.s(": RESP");
    let mut c = Cur {
        d: p.body,
        at: 0,
        left: p.length as i64,
        local: false,
    };
    // Counts of the items still expected by the open arrays.
    let mut open: Vec<i64> = Vec::new();
    while c.left != 0 || !open.is_empty() {
        if let Some(top) = open.last_mut() {
            if *top == 0 {
                open.pop();
                continue;
            }
            *top -= 1;
        }
        match item(cx, &mut c) {
            Ok(Some(n)) => open.push(n),
            Ok(None) => {}
            Err(_) if c.local => {
                cx.trunc_marker();
                return Ok(true);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// ` "text"`: `n` bytes at the cursor (which does not move).
fn segment(cx: &mut Ctx, c: &mut Cur, start: usize, n: usize) -> R {
    cx.s(" \"");
    let shown = &c.d[start.min(c.d.len())..(start + n).min(c.d.len())];
    for &b in shown {
        fmt::put_safe_char(cx.out, b);
    }
    if shown.len() < n {
        return local(c);
    }
    cx.b(b'"');
    Ok(())
}

/// Move to the next CR LF; its offset.
fn find_crlf(c: &mut Cur) -> R<usize> {
    loop {
        if c.left < 2 || !c.d.has(c.at, 2) {
            return local(c);
        }
        if c.d.u8_at(c.at)? == b'\r' && c.d.u8_at(c.at + 1)? == b'\n' {
            return Ok(c.at);
        }
        c.advance(1);
    }
}

/// Skip CRs and LFs; at least one unless more bytes follow.
fn skip_cr_lf(c: &mut Cur) -> R {
    let mut found = false;
    loop {
        if c.left <= 0 || !c.d.has(c.at, 1) {
            return if found { Ok(()) } else { local(c) };
        }
        let b = c.byte()?;
        if b != b'\r' && b != b'\n' {
            return Ok(());
        }
        found = true;
        c.advance(1);
    }
}

/// What a length field said.
enum Len {
    Value(i64),
    Null,
    TooLarge,
    Negative,
    Invalid,
}

/// `<digits>\r\n` (or `-1\r\n`); the cursor moves past what was read,
/// the bad byte included.
fn length(c: &mut Cur) -> R<Len> {
    if c.left <= 0 {
        return local(c);
    }
    let neg = c.byte()? == b'-';
    if neg {
        c.advance(1);
    }
    let mut result: i64 = 0;
    let mut too_large = false;
    let mut digits = false;
    loop {
        if c.left <= 0 {
            return local(c);
        }
        let b = c.byte()?;
        if !b.is_ascii_digit() {
            if !digits {
                c.advance(1);
                return Ok(Len::Invalid);
            }
            break;
        }
        let v = (b - b'0') as i64;
        let max = i32::MAX as i64;
        if result > max / 10 {
            too_large = true;
        } else {
            result *= 10;
            if result == (max / 10) * 10 && v > max % 10 {
                too_large = true;
            } else {
                result += v;
            }
        }
        c.advance(1);
        digits = true;
    }
    if c.byte()? != b'\r' {
        c.advance(1);
        return Ok(Len::Invalid);
    }
    c.advance(1);
    if c.left <= 0 {
        return local(c);
    }
    if c.byte()? != b'\n' {
        c.advance(1);
        return Ok(Len::Invalid);
    }
    c.advance(1);
    if neg {
        if too_large || result != 1 {
            return Ok(Len::Negative);
        }
        return Ok(Len::Null);
    }
    Ok(if too_large {
        Len::TooLarge
    } else {
        Len::Value(result)
    })
}

fn length_note(cx: &mut Ctx, l: &Len) {
    cx.s(match l {
        Len::Value(_) => " empty",
        Len::Null => " null",
        Len::TooLarge => " length too large",
        Len::Negative => " length negative and not -1",
        Len::Invalid => " invalid",
    });
}

/// One item at the cursor; for a non-empty array, its count of items.
fn item(cx: &mut Ctx, c: &mut Cur) -> R<Option<i64>> {
    if c.left < 1 {
        return local(c);
    }
    match c.byte()? {
        b'+' | b'-' | b':' => {
            c.advance(1);
            let start = c.at;
            let end = find_crlf(c)?;
            segment(cx, c, start, end - start)?;
            c.advance(2);
        }
        b'$' => {
            c.advance(1);
            let l = length(c)?;
            match l {
                Len::Value(n) => {
                    if n == 0 {
                        cx.s(" empty");
                    } else {
                        if c.left < n || !c.d.has(c.at, n as usize) {
                            return local(c);
                        }
                        segment(cx, c, c.at, n as usize)?;
                        c.advance(n as usize);
                    }
                    find_crlf(c)?;
                    c.advance(2);
                }
                other => length_note(cx, &other),
            }
        }
        b'*' => {
            c.advance(1);
            match length(c)? {
                Len::Value(n) if n > 0 => return Ok(Some(n)),
                other => length_note(cx, &other),
            }
        }
        _ => {
            // An inline command: a line ended by CR, LF or both.
            skip_cr_lf(c)?;
            let start = c.at;
            loop {
                if c.left < 1 {
                    return local(c);
                }
                let b = c.byte()?;
                if b == b'\r' || b == b'\n' {
                    break;
                }
                c.advance(1);
            }
            segment(cx, c, start, c.at - start)?;
            skip_cr_lf(c)?;
        }
    }
    Ok(None)
}
