//! Sun raw ATM (LINKTYPE_SUNATM, 123): direction, VPI, VCI and traffic
//! type, then signalling (VCI 5: Q.2931 message type and call reference),
//! LANE (an Ethernet frame after the LEC id) or LLC-multiplexed payloads.

use crate::print::core::prelude::*;
use crate::print::dispatch;

static Q2931_MESSAGES: &[(u8, &str)] = &[
    (0x02, "Call_proceeding"),
    (0x05, "Setup"),
    (0x07, "Connect"),
    (0x0f, "Connect_ack"),
    (0x46, "Restart"),
    (0x4d, "Release"),
    (0x4e, "Restart_ack"),
    (0x5a, "Release_complete"),
    (0x75, "Status_enquiry"),
    (0x7d, "Status"),
    (0x80, "Add_party"),
    (0x81, "Add_party_ack"),
    (0x82, "Add_party_reject"),
    (0x83, "Drop_party"),
    (0x84, "Drop_party_ack"),
];

const VCI_SIGNALLING: u16 = 5;

pub fn sunatm(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "sunatm";
    let b0 = d.u8_at(0)?;
    if cx.opts.link_header {
        cx.s(if b0 & 0x80 != 0 { "Tx: " } else { "Rx: " });
    }
    let h = d.range(0, 4)?;
    let vpi = h[1];
    let vci = h.be16(2)?;
    let traftype = b0 & 0x0f;
    *ll_len = 4;
    if cx.opts.link_header {
        cx.s("VPI:");
        cx.u(vpi as u64);
        cx.s(" VCI:");
        cx.u(vci as u64);
        cx.b(b' ');
    }
    let (p, len) = (&d[4..], length.saturating_sub(4));
    cx.proto = "atm";
    if vci == VCI_SIGNALLING {
        return sig(cx, p);
    }
    match traftype {
        1 => {
            // LANE: a 2-byte LEC id, then Ethernet.
            let mut inner = 0;
            if p.len() < 2 {
                cx.proto = "ether";
                return Err(Trunc);
            }
            if let Some(decode) = dispatch::linktype(1) {
                decode(cx, &p[2..], len.saturating_sub(2), &mut inner)?;
            }
            *ll_len = 6 + inner;
        }
        2 => {
            let cap = &p[..p.len().min(len)];
            *ll_len += dispatch::llc_frame(cx, None, cap, len)?;
        }
        _ => {}
    }
    Ok(())
}

/// UNI signalling: the protocol discriminator, then for Q.2931 the
/// message type and call reference.
fn sig(cx: &mut Ctx, p: &[u8]) -> R {
    let proto = p.u8_at(0)?;
    if proto != 0x09 {
        cx.s("SSCOP, proto ");
        cx.u(proto as u64);
        cx.b(b' ');
        return Ok(());
    }
    cx.s("Q.2931");
    let msg = p.u8_at(5)?;
    cx.b(b':');
    match tables::lookup(Q2931_MESSAGES, msg) {
        Some(n) => cx.s(n),
        None => {
            cx.s("msgtype#");
            cx.u(msg as u64);
        }
    }
    cx.s(" CALL_REF:0x");
    for &b in &p[2..5] {
        fmt::put_hex2(cx.out, b);
    }
    Ok(())
}
