//! SSH identification strings (RFC 4253).

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

/// SSH: the identification string (`SSH-2.0-...`), after `SSH: `, if the segment starts
/// with one.
fn ssh(cx: &mut Ctx, p: &[u8], len: usize) -> R {
    cx.proto = "ssh";
    for (i, &c) in b"SSH-".iter().enumerate() {
        if p.u8_at(i)? != c {
            return Ok(());
        }
    }
    // The line must be printable text ending in LF or CR LF within the
    // segment.
    let mut idx = 4;
    while idx < len {
        let c = p.u8_at(idx)?;
        let end = match c {
            b'\n' => true,
            b'\r' => {
                if idx + 1 >= len || p.u8_at(idx + 1)? != b'\n' {
                    return Ok(());
                }
                true
            }
            0x20..=0x7e => false,
            _ => return Ok(()),
        };
        if end {
            cx.s(": SSH: ");
            cx.out.extend_from_slice(&p[..idx]);
            return Ok(());
        }
        idx += 1;
    }
    Ok(())
}

pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    ssh(cx, p.body, p.length)?;
    Ok(true)
}
