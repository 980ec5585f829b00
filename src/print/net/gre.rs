//! GRE (RFC 2784, RFC 2890), version 0: flags, key, sequence number, then
//! the carried packet.

use crate::print::core::prelude::*;
use crate::print::dispatch;

const GRE_CP: u16 = 0x8000;
const GRE_RP: u16 = 0x4000;
const GRE_KP: u16 = 0x2000;
const GRE_SP: u16 = 0x1000;

pub fn print(cx: &mut Ctx, bp: &[u8], length: usize) -> R {
    cx.proto = "gre";
    if bp.len() < 2 {
        // Ends the packet as the snapshot's accessors end it (-x then
        // dumps from the first byte).
        cx.s("GRE");
        return Err(Trunc);
    }
    if length < 2 {
        cx.trunc_marker();
        return Ok(());
    }
    let vers = bp.be16(0)? & 7;
    cx.s("GREv");
    cx.u(vers as u64);
    match vers {
        0 => version0(cx, bp, length),
        1 => {
            // PPTP's enhanced GRE is not decoded.
            cx.s(", length ");
            cx.u(length as u64);
            Ok(())
        }
        _ => {
            cx.s(" ERROR: unknown-version");
            Ok(())
        }
    }
}

fn version0(cx: &mut Ctx, bp: &[u8], length: usize) -> R {
    let flags = bp.be16(0)?;
    if cx.opts.verbose > 0 {
        cx.s(", Flags [");
        let mut any = false;
        for (bit, name) in [
            (GRE_CP, "checksum present"),
            (GRE_RP, "routing present"),
            (GRE_KP, "key present"),
            (GRE_SP, "sequence# present"),
            (0x0800, "source routing present"),
            (0x0080, "ack present"),
        ] {
            if flags & bit != 0 {
                if any {
                    cx.s(", ");
                }
                cx.s(name);
                any = true;
            }
        }
        if !any {
            cx.s("none");
        }
        cx.b(b']');
    }
    let mut at = 2usize;
    let mut len = length - 2;
    // A field the header says is there: when it was not captured, the
    // packet ends as the snapshot's accessors end it (-x dumps from the
    // first byte); beyond the length, the marker alone.
    macro_rules! need {
        ($n:expr) => {
            if !bp.has(at, $n) {
                return Err(Trunc);
            }
            if len < $n {
                cx.trunc_marker();
                return Ok(());
            }
        };
    }
    need!(2);
    let prot = bp.be16(at)?;
    at += 2;
    len -= 2;
    if flags & (GRE_CP | GRE_RP) != 0 {
        need!(2);
        if cx.opts.verbose > 0 {
            cx.s(", sum 0x");
            fmt::put_hex(cx.out, bp.be16(at)? as u64);
        }
        at += 2;
        len -= 2;
        need!(2);
        cx.s(", off 0x");
        fmt::put_hex(cx.out, bp.be16(at)? as u64);
        at += 2;
        len -= 2;
    }
    if flags & GRE_KP != 0 {
        need!(4);
        cx.s(", key=0x");
        fmt::put_hex(cx.out, bp.be32(at)? as u64);
        at += 4;
        len -= 4;
    }
    if flags & GRE_SP != 0 {
        need!(4);
        cx.s(", seq ");
        cx.u(bp.be32(at)? as u64);
        at += 4;
        len -= 4;
    }
    if flags & GRE_RP != 0 {
        // Source route entries (RFC 1701): address family, offset,
        // length, routing information; the last has family 0, length 0.
        // The terminating entry is not shown.
        loop {
            if !bp.has(at, 4) {
                cx.trunc_marker();
                return Ok(());
            }
            let af = bp.be16(at)?;
            let sre_len = bp[at + 3] as usize;
            at += 4;
            len = len.saturating_sub(4);
            if af == 0 && sre_len == 0 {
                break;
            }
            cx.s(", (rtaf=0x");
            fmt::put_hex(cx.out, af as u64);
            cx.b(b')');
            if len < sre_len {
                cx.s(" [len ");
                cx.u(len as u64);
                cx.s(" < ");
                cx.u(sre_len as u64);
                cx.s("] (invalid)");
                return Ok(());
            }
            if !bp.has(at, sre_len) {
                cx.trunc_marker();
                return Ok(());
            }
            at += sre_len;
            len = len.saturating_sub(sre_len);
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    cx.s(if cx.opts.verbose < 1 { ": " } else { "\n\t" });
    let inner = &bp[at..];
    let decoded = match prot {
        0x88be => dispatch::erspan(cx, inner, len, flags & GRE_SP != 0)?,
        _ => dispatch::encap_proto(cx, prot, inner, len)?,
    };
    if !decoded {
        cx.s("gre-proto-0x");
        fmt::put_hex(cx.out, prot as u64);
    }
    Ok(())
}

/// WCCP redirection (GRE protocol 0x883e): a WCCPv2 redirect header
/// before the redirected IPv4 packet; WCCPv1 sends the packet alone.
pub fn wccp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.s("wccp ");
    let b0 = d.u8_at(0)?;
    let (mut at, mut len) = (0, length);
    if b0 >> 4 != 4 {
        let h = d.range(0, 4)?;
        for (name, bit) in [("T:", 0x80), (" A:", 0x40), (" U:", 0x20)] {
            cx.s(name);
            cx.b(if b0 & bit != 0 { b'1' } else { b'0' });
        }
        cx.s(" SId:");
        cx.u(h[1] as u64);
        cx.s(" Alt:");
        cx.u(h[2] as u64);
        cx.s(" Pri:");
        cx.u(h[3] as u64);
        cx.s(": ");
        at = 4;
        len = len.saturating_sub(4);
    }
    dispatch::ethertype(cx, 0x0800, &d[at..], len)?;
    Ok(true)
}
