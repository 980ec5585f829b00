//! Linux vsock monitor frames (LINKTYPE_VSOCK, 271): the af_vsockmon
//! header, then the transport's (virtio) header and payload.

use crate::print::core::prelude::*;

const MON_HEADER: usize = 32;
const VIRTIO_HEADER: usize = 44;

fn le16(d: &[u8], at: usize) -> R<u16> {
    let b = d.range(at, 2)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

fn le32(d: &[u8], at: usize) -> R<u32> {
    let b = d.range(at, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn le64(d: &[u8], at: usize) -> R<u64> {
    let b = d.range(at, 8)?;
    Ok(u64::from_le_bytes([
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
    ]))
}

static MON_OPS: &[(u16, &str)] = &[
    (0, "UNKNOWN"),
    (1, "CONNECT"),
    (2, "DISCONNECT"),
    (3, "CONTROL"),
    (4, "PAYLOAD"),
];

static TRANSPORTS: &[(u16, &str)] = &[(0, "UNKNOWN"), (1, "NO_INFO"), (2, "VIRTIO")];

static VIRTIO_TYPES: &[(u16, &str)] = &[(1, "STREAM")];

static VIRTIO_OPS: &[(u16, &str)] = &[
    (0, "INVALID"),
    (1, "REQUEST"),
    (2, "RESPONSE"),
    (3, "RST"),
    (4, "SHUTDOWN"),
    (5, "RW"),
    (6, "CREDIT UPDATE"),
    (7, "CREDIT REQUEST"),
];

/// A name from `table`, or `PREFIX (N)`.
fn name_or(cx: &mut Ctx, table: &[(u16, &'static str)], prefix: &str, v: u16) {
    match tables::lookup(table, v) {
        Some(n) => cx.s(n),
        None => {
            cx.s(prefix);
            cx.s(" (");
            cx.u(v as u64);
            cx.b(b')');
        }
    }
}

/// The transport's header size (only virtio has one).
fn transport_size(transport: u16) -> usize {
    if transport == 2 {
        VIRTIO_HEADER
    } else {
        0
    }
}

/// The virtio header's fields, in parentheses.
fn virtio(cx: &mut Ctx, h: &[u8]) -> R {
    cx.s(" (len ");
    cx.u(le32(h, 24)? as u64);
    cx.s(", type ");
    name_or(cx, VIRTIO_TYPES, "Invalid type", le16(h, 28)?);
    cx.s(", op ");
    name_or(cx, VIRTIO_OPS, "Invalid op", le16(h, 30)?);
    cx.s(", flags ");
    fmt::put_hex(cx.out, le32(h, 32)? as u64);
    cx.s(", buf_alloc ");
    cx.u(le32(h, 36)? as u64);
    cx.s(", fwd_cnt ");
    cx.u(le32(h, 40)? as u64);
    cx.b(b')');
    Ok(())
}

/// The monitor header: transport, (with `-v`) the transport's header,
/// the addresses, the operation and the captured length; with `-vv` a
/// payload's bytes. A transport header not captured whole is left out and
/// marked after the line.
pub fn vsock(cx: &mut Ctx, data: &[u8], _length: usize, ll_len: &mut usize) -> R {
    cx.proto = "vsock";
    data.range(0, MON_HEADER)?;
    *ll_len = MON_HEADER;
    let caplen = data.len();
    let transport = le16(data, 26)?;
    name_or(cx, TRANSPORTS, "Invalid transport", transport);
    let total = MON_HEADER + transport_size(transport);
    let mut cut = false;
    if cx.opts.verbose > 0 {
        if caplen < total {
            cut = true;
        } else {
            if transport == 2 {
                virtio(cx, &data[MON_HEADER..])?;
            }
            cx.s("\n\t");
        }
    } else {
        cx.b(b' ');
    }
    let (src, dst) = (le64(data, 0)?, le64(data, 8)?);
    let (sport, dport) = (le32(data, 16)?, le32(data, 20)?);
    let op = le16(data, 24)?;
    cx.u(src);
    cx.b(b'.');
    cx.u(sport as u64);
    cx.s(" > ");
    cx.u(dst);
    cx.b(b'.');
    cx.u(dport as u64);
    cx.b(b' ');
    name_or(cx, MON_OPS, " invalid op", op);
    cx.s(", length ");
    cx.u(caplen as u64);
    if cut {
        cx.trunc_marker();
        return Ok(());
    }
    if cx.opts.verbose > 1 && op == 4 {
        if caplen > total {
            cx.b(b'\n');
            unknown_data(cx, &data[total..], "\t", caplen - total);
        } else {
            cx.trunc_marker();
        }
    }
    Ok(())
}
