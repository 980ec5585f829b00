//! Marvell switch tags: EDSA (LINKTYPE_DSA_TAG_EDSA, 285: EtherType
//! 0xdada, two reserved bytes and a DSA tag after the addresses) and DSA
//! (LINKTYPE_DSA_TAG_DSA, 284: the 4-byte tag after the addresses).

use crate::print::core::prelude::*;
use crate::print::dispatch;

static MODES: [&str; 4] = ["To CPU", "From CPU", "To Sniffer", "Forward"];

pub fn edsa(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "edsa";
    // A short frame is all header: marked, with nothing left to dump.
    if d.len() < 20 || length < 20 {
        cx.trunc_marker();
        *ll_len = d.len();
        return Ok(());
    }
    let hdr = &d[..20];
    *ll_len = 20;
    if d.len() < 22 {
        // The tag whole but not the type after it: marked, nothing to dump.
        *ll_len = d.len();
        cx.trunc_marker();
        return Ok(());
    }
    let et = hdr.be16(12)?;
    let (b0, b1, b2, b3) = (hdr[16], hdr[17], hdr[18], hdr[19]);
    let mode = (b0 >> 6) as usize;
    let tagged = b0 & 0x20 != 0;
    let dev = b0 & 0x1f;
    let port = b1 >> 3;
    let vid = (((b2 & 0x0f) as u16) << 8) | b3 as u16;
    let prio = b2 >> 5;
    let inner_type = d.be16(20)?;
    if cx.opts.link_header {
        cx.mac(&hdr[6..12]);
        cx.s(" > ");
        cx.mac(&hdr[0..6]);
        cx.s(", Marvell EDSA ethertype 0x");
        fmt::put_hex_padded(cx.out, et as u64, 4);
        cx.s(" (Unknown), rsvd ");
        cx.u(hdr[14] as u64);
        cx.b(b' ');
        cx.u(hdr[15] as u64);
        cx.s(", mode ");
        cx.s(MODES[mode]);
        cx.s(match mode {
            0 | 2 => ", source dev ",
            1 => ", target dev ",
            _ => ", dev ",
        });
        cx.u(dev as u64);
        // A forwarded frame may come from a trunk.
        let trunk = mode == 3 && b1 & 0x04 != 0;
        cx.s(if trunk { ", trunk " } else { ", port " });
        cx.u(port as u64);
        match mode {
            0 => {
                // The CPU code: two bits of the second byte, one of the
                // third.
                let code = (b1 & 0x06) | ((b2 >> 4) & 1);
                cx.s(", code ");
                cx.s(match code {
                    0 => "BPDU (MGMT) Trap",
                    1 => "Frame2Reg",
                    2 => "IGMP/MLD Trap",
                    3 => "Policy Trap",
                    4 => "ARP Mirror",
                    5 => "Policy Mirror",
                    _ => "reserved",
                });
            }
            2 => cx.s(if b1 & 0x04 != 0 {
                ", ingress sniff"
            } else {
                ", egress sniff"
            }),
            _ => {}
        }
        cx.s(if tagged { ", tagged" } else { ", untagged" });
        if b1 & 0x01 != 0 {
            cx.s(", CFI");
        }
        cx.s(", VID ");
        cx.u(vid as u64);
        cx.s(", FPri ");
        cx.u(prio as u64);
        cx.s(", ethertype ");
        cx.s(ethertype_name(inner_type).unwrap_or("Unknown"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, inner_type as u64, 4);
        cx.s("), length ");
        cx.u(length as u64);
        cx.s(": ");
    } else {
        cx.s("EDSA 0x");
        fmt::put_hex_padded(cx.out, et as u64, 4);
        cx.s(", ");
        match mode {
            0 => {
                cx.s("port ");
                cx.u(dev as u64);
                cx.b(b'.');
                cx.u(port as u64);
                cx.s(" > CPU");
            }
            1 => {
                cx.s("CPU > port ");
                cx.u(dev as u64);
                cx.b(b'.');
                cx.u(port as u64);
            }
            2 => {
                cx.s("port ");
                cx.u(dev as u64);
                cx.b(b'.');
                cx.u(port as u64);
                cx.s(if b1 & 0x04 != 0 {
                    " > Rx Sniffer"
                } else {
                    " > Tx Sniffer"
                });
            }
            _ => {
                cx.s(MODES[mode]);
                cx.s(if b1 & 0x04 != 0 { " trunk " } else { " port " });
                cx.u(dev as u64);
                cx.b(b'.');
                cx.u(port as u64);
            }
        }
        cx.s(", VLAN ");
        cx.u(vid as u64);
        cx.b(if tagged { b't' } else { b'u' });
        cx.s(", ");
    }
    let (p, len) = (&d[22..], length.saturating_sub(22));
    *ll_len = 22;
    if !dispatch::ethertype(cx, inner_type, p, len)? {
        if !cx.opts.link_header {
            // Not decoded: the frame's addresses and type, as on Ethernet.
            cx.mac(&hdr[6..12]);
            cx.s(" > ");
            cx.mac(&hdr[0..6]);
            cx.s(", ");
            super::ether::ethertype_print(cx, inner_type);
            cx.s(", length ");
            cx.u(length as u64);
            cx.s(": ");
        }
        cx.default_print(&p[..p.len().min(len)]);
    }
    Ok(())
}

/// CPU codes of frames to the CPU.
static CODES: [&str; 8] = [
    "BPDU (MGMT) Trap",
    "Frame2Reg",
    "IGMP/MLD Trap",
    "Policy Trap",
    "ARP Mirror",
    "Policy Mirror",
    "reserved",
    "reserved",
];

/// A DSA tag's fields (the 4 bytes of `t`), as `-e` shows them or in
/// short.
fn dsa_tag(cx: &mut Ctx, t: &[u8]) {
    let mode = (t[0] >> 6) as usize;
    let (dev, port) = (t[0] & 0x1f, t[1] >> 3);
    let tagged = t[0] & 0x20 != 0;
    let bit2 = t[1] & 0x04 != 0;
    let vid = u16::from_be_bytes([t[2] & 0x0f, t[3]]);
    let dev_port = |cx: &mut Ctx| {
        cx.u(dev as u64);
        cx.b(b'.');
        cx.u(port as u64);
    };
    if cx.opts.link_header {
        cx.s("Marvell DSA mode ");
        cx.s(MODES[mode]);
        cx.s(", ");
        match mode {
            3 => {
                cx.s("dev ");
                cx.u(dev as u64);
                cx.s(if bit2 { ", trunk " } else { ", port " });
            }
            1 => {
                cx.s("target dev ");
                cx.u(dev as u64);
                cx.s(", port ");
            }
            _ => {
                cx.s("source dev ");
                cx.u(dev as u64);
                cx.s(", port ");
            }
        }
        cx.u(port as u64);
        cx.s(", ");
        match mode {
            0 => {
                cx.s("code ");
                cx.s(CODES[((t[1] & 0x06) | ((t[2] >> 4) & 1)) as usize]);
                cx.s(", ");
            }
            2 => cx.s(if bit2 {
                "ingress sniff, "
            } else {
                "egress sniff, "
            }),
            _ => {}
        }
        cx.s(if tagged { "tagged, " } else { "untagged, " });
        if t[1] & 0x01 != 0 {
            cx.s("CFI, ");
        }
        cx.s("VID ");
        cx.u(vid as u64);
        cx.s(", FPri ");
        cx.u((t[2] >> 5) as u64);
        cx.s(", ");
    } else {
        cx.s("DSA ");
        match mode {
            0 => {
                cx.s("port ");
                dev_port(cx);
                cx.s(" > CPU");
            }
            1 => {
                cx.s("CPU > port ");
                dev_port(cx);
            }
            2 => {
                cx.s("port ");
                dev_port(cx);
                cx.s(if bit2 {
                    " > Rx Sniffer"
                } else {
                    " > Tx Sniffer"
                });
            }
            _ => {
                cx.s(if bit2 {
                    "Forward trunk "
                } else {
                    "Forward port "
                });
                dev_port(cx);
            }
        }
        cx.s(", VLAN ");
        cx.u(vid as u64);
        cx.b(if tagged { b't' } else { b'u' });
        cx.s(", ");
    }
}

/// A Marvell DSA tag between the addresses and the type
/// (LINKTYPE_DSA_TAG_DSA, 284), shown with or without `-e`; then the
/// frame as on Ethernet.
pub fn dsa(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "dsa";
    if d.len() < 18 {
        cx.trunc_marker();
        *ll_len = d.len();
        return Ok(());
    }
    if cx.opts.link_header {
        cx.mac(&d[6..12]);
        cx.s(" > ");
        cx.mac(&d[0..6]);
        cx.s(", ");
    }
    dsa_tag(cx, &d[12..16]);
    dispatch::ether_after_type(cx, Some(&d[..12]), d, length, ll_len, 16)
}
