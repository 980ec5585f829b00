//! LAN Emulation over ATM (802.3 only): LE control frames (marker
//! 0xff00: protocol, version, opcode), else a LEC id before an Ethernet
//! frame.

use crate::print::core::prelude::*;
use crate::print::dispatch;

static OPCODES: &[(u16, &str)] = &[
    (0x0001, "configure request"),
    (0x0002, "join request"),
    (0x0003, "ready query"),
    (0x0004, "register request"),
    (0x0005, "unregister request"),
    (0x0006, "ARP request"),
    (0x0007, "flush request"),
    (0x0008, "NARP request"),
    (0x0009, "topology request"),
    (0x0101, "configure response"),
    (0x0102, "join response"),
    (0x0103, "ready indication"),
    (0x0104, "register response"),
    (0x0105, "unregister response"),
    (0x0106, "ARP response"),
    (0x0107, "flush response"),
];

pub fn lane(cx: &mut Ctx, p: &[u8], length: usize) -> R {
    cx.proto = "lane";
    let marker = p.be16(0)?;
    if marker == 0xff00 {
        let (proto, vers, op) = (p.u8_at(2)?, p.u8_at(3)?, p.be16(4)?);
        cx.s("lec: proto ");
        fmt::put_hex(cx.out, proto as u64);
        cx.s(" vers ");
        fmt::put_hex(cx.out, vers as u64);
        cx.b(b' ');
        match tables::lookup(OPCODES, op) {
            Some(n) => cx.s(n),
            None => {
                cx.s("opcode-#");
                cx.u(op as u64);
            }
        }
        return Ok(());
    }
    let (frame, len) = (&p[2..], length.saturating_sub(2));
    if frame.len() < 14 {
        // The Ethernet header is not all there.
        cx.proto = "ether";
        cx.trunc_marker();
        return Ok(());
    }
    // The LEC id comes first, with or without -e.
    cx.s("lecid:");
    fmt::put_hex(cx.out, marker as u64);
    cx.b(b' ');
    if let Some(ether) = dispatch::linktype(1) {
        ether(cx, frame, len, &mut 0)?;
    }
    Ok(())
}
