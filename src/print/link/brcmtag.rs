//! Broadcom switch tags: the 4-byte tag between the addresses and the
//! type of an Ethernet frame (LINKTYPE_DSA_TAG_BRCM, 281), or before the
//! whole frame (LINKTYPE_DSA_TAG_BRCM_PREPEND, 282, shown with `-e`).
//! Egress tags (opcode 0) carry a class id, reason codes, traffic class
//! and port; ingress tags (1) a traffic class, tag enforcement and a
//! destination port map.

use crate::print::core::prelude::*;
use crate::print::dispatch;

static TAG_ENFORCEMENT: [&str; 4] = ["None", "Untag", "Header", "Reserved"];

static REASONS: &[(u32, &str)] = &[
    (0x01, "mirror"),
    (0x02, "MAC learning"),
    (0x04, "switching"),
    (0x08, "prot term"),
    (0x10, "prot snoop"),
    (0x20, "exception"),
    (0x40, "reserved-6"),
    (0x80, "reserved-7"),
];

static PORTS: &[(u32, &str)] = &[
    (1 << 0, "port 0"),
    (1 << 1, "port 1"),
    (1 << 2, "port 2"),
    (1 << 3, "port 3"),
    (1 << 4, "port 4"),
    (1 << 5, "port 5"),
    (1 << 6, "port 6"),
    (1 << 7, "port 7"),
    (1 << 8, "port 8"),
];

/// The tag, then `, `.
pub fn tag(cx: &mut Ctx, d: &[u8]) -> R {
    let t = d.range(0, 4)?;
    let op = t[0] >> 5;
    cx.s("BRCM tag OP: ");
    match op {
        0 => {
            cx.s("EG, CID: ");
            cx.u(t[1] as u64);
            cx.s(", RC: [");
            cx.flag_names(t[2] as u32, REASONS);
            cx.s("], TC: ");
            cx.u((t[3] >> 5) as u64);
            cx.s(", port: ");
            cx.u((t[3] & 0x1f) as u64);
        }
        1 => {
            cx.s("IG, TC: ");
            cx.u(((t[0] >> 2) & 7) as u64);
            cx.s(", TE: ");
            cx.s(TAG_ENFORCEMENT[(t[0] & 3) as usize]);
            cx.s(", TS: ");
            cx.u((t[1] >> 7) as u64);
            cx.s(", DST map: [");
            let map = u16::from_be_bytes([t[2], t[3]]) & 0x1ff;
            cx.flag_names(map as u32, PORTS);
            cx.b(b']');
        }
        _ => {
            cx.b(b'#');
            cx.u(op as u64);
        }
    }
    cx.s(", ");
    Ok(())
}

/// LINKTYPE_DSA_TAG_BRCM (281): Ethernet with the tag after the
/// addresses.
pub fn brcm_tag(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "brcm-tag";
    dispatch::ether_switch_tag(cx, d, length, ll_len, 4, tag)
}

/// LINKTYPE_DSA_TAG_BRCM_PREPEND (282): the tag, then an Ethernet frame.
pub fn brcm_prepend(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "brcm-tag-prepend";
    d.range(0, 4)?;
    if cx.opts.link_header {
        tag(cx, d)?;
    }
    let mut inner = 0;
    let r = match dispatch::linktype(1) {
        Some(ether) => ether(cx, &d[4..], length.saturating_sub(4), &mut inner),
        None => Ok(()),
    };
    *ll_len = 4 + inner;
    r
}
