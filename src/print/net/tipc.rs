//! TIPC (Transparent Inter-Process Communication, version 2), EtherType
//! 0x88ca: the header of payload, internal and neighbor-detection
//! messages, and with `-v` their other words.

use crate::print::core::prelude::*;

static USERS: &[(u32, &str)] = &[
    (0, "Low Importance Data payload"),
    (1, "Medium Importance Data payload"),
    (2, "High Importance Data payload"),
    (3, "Critical Importance Data payload"),
    (5, "Broadcast Link Protocol internal"),
    (6, "Message Bundler Protocol internal"),
    (7, "Link State Protocol internal"),
    (8, "Connection Manager internal"),
    (10, "Link Changeover Protocol internal"),
    (11, "Name Table Update Protocol internal"),
    (12, "Message Fragmentation Protocol internal"),
    (13, "Neighbor Detection Protocol internal"),
];

/// Data message types, named as the snapshot names them (1 and 3
/// swapped).
static MTYPES: &[(u32, &str)] = &[
    (0, "CONN_MSG"),
    (1, "MCAST_MSG"),
    (2, "NAMED_MSG"),
    (3, "DIRECT_MSG"),
];

static LINK_CONF_MTYPES: &[(u32, &str)] = &[(0, "Link request"), (1, "Link response")];

/// `zone.cluster.node`.
fn node(cx: &mut Ctx, a: u32) {
    cx.u((a >> 24) as u64);
    cx.b(b'.');
    cx.u(((a >> 12) & 0xfff) as u64);
    cx.b(b'.');
    cx.u((a & 0xfff) as u64);
}

fn word(d: &[u8], n: usize) -> R<u32> {
    d.be32(4 * n)
}

/// `TIPC vV.0 ` and the addresses `addrs` prints, then the sizes, user
/// and type.
fn head(cx: &mut Ctx, w0: u32, mtype: &str, addrs: impl FnOnce(&mut Ctx)) {
    cx.s("TIPC v");
    cx.u((w0 >> 29) as u64);
    cx.s(".0 ");
    addrs(cx);
    cx.s(", headerlength ");
    cx.u((((w0 >> 21) & 0xf) * 4) as u64);
    cx.s(" bytes, MessageSize ");
    cx.u((w0 & 0x1ffff) as u64);
    cx.s(" bytes, ");
    cx.s(tables::lookup(USERS, (w0 >> 25) & 0xf).unwrap_or("unknown"));
    cx.s(", messageType ");
    cx.s(mtype);
}

pub fn tipc(cx: &mut Ctx, d: &[u8], _length: usize) -> R<bool> {
    cx.proto = "tipc";
    let w0 = word(d, 0)?;
    match (w0 >> 25) & 0xf {
        0..=3 | 8 | 11 => payload(cx, d)?,
        13 => link_conf(cx, d)?,
        5..=7 | 10 | 12 => internal(cx, d)?,
        _ => {}
    }
    Ok(true)
}

fn payload(cx: &mut Ctx, d: &[u8]) -> R {
    let w0 = word(d, 0)?;
    let w1 = word(d, 1)?;
    let mtype = tables::lookup(MTYPES, w1 >> 29).unwrap_or("Unknown");
    let prev = word(d, 3)?;
    let oport = word(d, 4)?;
    let dport = word(d, 5)?;
    if (w0 >> 21) & 0xf <= 6 {
        head(cx, w0, mtype, |cx| {
            node(cx, prev);
            cx.b(b':');
            cx.u(oport as u64);
            cx.s(" > ");
            cx.u(dport as u64);
        });
        return Ok(());
    }
    let onode = word(d, 6)?;
    let dnode = word(d, 7)?;
    head(cx, w0, mtype, |cx| {
        node(cx, onode);
        cx.b(b':');
        cx.u(oport as u64);
        cx.s(" > ");
        node(cx, dnode);
        cx.b(b':');
        cx.u(dport as u64);
    });
    if cx.opts.verbose > 0 {
        let w2 = word(d, 2)?;
        cx.s("\n\tPrevious Node ");
        node(cx, prev);
        cx.s(", Broadcast Ack ");
        cx.u((w1 & 0xffff) as u64);
        cx.s(", Link Ack ");
        cx.u((w2 >> 16) as u64);
        cx.s(", Link Sequence ");
        cx.u((w2 & 0xffff) as u64);
    }
    Ok(())
}

fn internal(cx: &mut Ctx, d: &[u8]) -> R {
    let w0 = word(d, 0)?;
    let w1 = word(d, 1)?;
    let onode = word(d, 6)?;
    let dnode = word(d, 7)?;
    let mtype = tables::lookup(MTYPES, w1 >> 29).unwrap_or("Unknown");
    head(cx, w0, mtype, |cx| {
        node(cx, onode);
        cx.s(" > ");
        node(cx, dnode);
    });
    cx.s(" (0x");
    fmt::put_hex_padded(cx.out, w1 as u64, 8);
    cx.b(b')');
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    let w2 = word(d, 2)?;
    let prev = word(d, 3)?;
    let w4 = word(d, 4)?;
    let w5 = word(d, 5)?;
    let trans_seq = word(d, 8)?;
    let w9 = word(d, 9)?;
    cx.s("\n\tPrevious Node ");
    node(cx, prev);
    let fields: [(&str, u32); 10] = [
        (", Session No. ", w5 >> 16),
        (", Broadcast Ack ", w1 & 0xffff),
        (", Sequence Gap ", (w1 >> 16) & 0x1fff),
        (",  Broadcast Gap After ", w2 >> 16),
        (", Broadcast Gap To ", w2 & 0xffff),
        (", Last Sent Packet No. ", w4 >> 16),
        (", Next sent Packet No. ", w4 & 0xffff),
        (", Transport Sequence ", trans_seq),
        (", msg_count ", w9 >> 16),
        (", Link Tolerance ", w9 & 0xffff),
    ];
    for (name, v) in fields {
        cx.s(name);
        cx.u(v as u64);
    }
    Ok(())
}

fn link_conf(cx: &mut Ctx, d: &[u8]) -> R {
    let w0 = word(d, 0)?;
    let w1 = word(d, 1)?;
    let domain = word(d, 2)?;
    let prev = word(d, 3)?;
    let mtype = tables::lookup(LINK_CONF_MTYPES, w1 >> 29).unwrap_or("Unknown");
    head(cx, w0, mtype, |cx| {
        node(cx, prev);
        cx.s(" > ");
        node(cx, domain);
    });
    if cx.opts.verbose > 0 {
        let net = word(d, 4)?;
        let w5 = word(d, 5)?;
        cx.s("\n\tNodeSignature ");
        cx.u((w1 & 0xffff) as u64);
        cx.s(", network_id ");
        cx.u(net as u64);
        cx.s(", media_id ");
        cx.u((w5 & 0xff) as u64);
    }
    Ok(())
}
