//! BEEP (RFC 3080) on TCP port 10288: the frame's keyword.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

pub fn print_tcp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "beep";
    // tcpdump compares four bytes, so "MSG" and "END" match only when
    // followed by a NUL.
    let starts = |key: &[u8; 4]| p.captured.get(..4) == Some(key) && p.length >= 4;
    let name = [
        (b"MSG\0", "MSG"),
        (b"RPY ", "RPY"),
        (b"ERR ", "ERR"),
        (b"ANS ", "ANS"),
        (b"NUL ", "NUL"),
        (b"SEQ ", "SEQ"),
        (b"END\0", "END"),
    ]
    .iter()
    .find(|(k, _)| starts(k))
    .map(|&(_, n)| n);
    cx.s(" BEEP ");
    cx.s(name.unwrap_or("(payload or undecoded)"));
    Ok(true)
}
