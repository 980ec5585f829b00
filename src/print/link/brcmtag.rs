//! Broadcom switch tags: 4 bytes between the Ethernet addresses and the
//! type (LINKTYPE_DSA_TAG_BRCM, 281) or before the frame
//! (LINKTYPE_DSA_TAG_BRCM_PREPEND, 282): an egress tag (class id, reason
//! codes, traffic class, port) or an ingress one (traffic class, tag
//! enforcement, time stamp, destination port map).

use crate::print::core::prelude::*;
use crate::print::dispatch;

const TAG_LEN: usize = 4;

static TAG_ENFORCEMENT: [&str; 4] = ["None", "Untag", "Header", "Reserved"];

/// Egress reason codes.
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
    (0x001, "port 0"),
    (0x002, "port 1"),
    (0x004, "port 2"),
    (0x008, "port 3"),
    (0x010, "port 4"),
    (0x020, "port 5"),
    (0x040, "port 6"),
    (0x080, "port 7"),
    (0x100, "port 8"),
];

/// `BRCM tag OP: EG, CID: 1, RC: [switching], TC: 0, port: 5, `.
fn tag(cx: &mut Ctx, t: &[u8]) {
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
}

/// The tag between the addresses and the type, shown with or without
/// `-e`; then the frame as on Ethernet.
pub fn brcm_tag(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "brcm-tag";
    if d.len() < 14 + TAG_LEN {
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
    tag(cx, &d[12..12 + TAG_LEN]);
    dispatch::ether_after_type(cx, Some(&d[..12]), d, length, ll_len, 12 + TAG_LEN)
}

/// The tag before the Ethernet frame, shown with `-e`.
pub fn brcm_prepend(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "brcm-tag-prepend";
    let t = d.range(0, TAG_LEN)?;
    *ll_len = TAG_LEN;
    if cx.opts.link_header {
        tag(cx, t);
    }
    if let Some(ether) = dispatch::linktype(1) {
        let mut inner = 0;
        ether(cx, &d[TAG_LEN..], length - TAG_LEN, &mut inner)?;
        *ll_len = TAG_LEN + inner;
    }
    Ok(())
}
