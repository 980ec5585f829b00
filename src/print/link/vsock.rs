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

static VIRTIO_TYPES: &[(u16, &str)] = &[(1, "STREAM"), (2, "SEQPACKET")];

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

fn name_or(cx: &mut Ctx, table: &[(u16, &'static str)], v: u16) {
    match tables::lookup(table, v) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown (");
            cx.u(v as u64);
            cx.b(b')');
        }
    }
}

pub fn vsock(cx: &mut Ctx, data: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "vsock";
    if data.len() < MON_HEADER {
        *ll_len = data.len();
        cx.trunc_marker();
        return Ok(());
    }
    *ll_len = MON_HEADER;
    let transport = le16(data, 26)?;
    let op = le16(data, 24)?;
    name_or(cx, TRANSPORTS, transport);
    let mut payload: &[u8] = &[];
    if cx.opts.verbose > 0 && transport == 2 {
        let h = data.get(MON_HEADER..).unwrap_or(&[]);
        if h.len() < VIRTIO_HEADER {
            cx.trunc_marker();
            return Ok(());
        }
        let len = le32(h, 24)?;
        cx.s(" (len ");
        cx.u(len as u64);
        cx.s(", type ");
        name_or(cx, VIRTIO_TYPES, le16(h, 28)?);
        cx.s(", op ");
        name_or(cx, VIRTIO_OPS, le16(h, 30)?);
        cx.s(", flags ");
        fmt::put_hex(cx.out, le32(h, 32)? as u64);
        cx.s(", buf_alloc ");
        cx.u(le32(h, 36)? as u64);
        cx.s(", fwd_cnt ");
        cx.u(le32(h, 40)? as u64);
        cx.s(")\n\t");
        payload = &h[VIRTIO_HEADER..];
        let n = (len as usize).min(payload.len());
        payload = &payload[..n];
    } else {
        cx.b(b' ');
    }
    cx.u(le64(data, 0)?);
    cx.b(b'.');
    cx.u(le32(data, 16)? as u64);
    cx.s(" > ");
    cx.u(le64(data, 8)?);
    cx.b(b'.');
    cx.u(le32(data, 20)? as u64);
    cx.b(b' ');
    match tables::lookup(MON_OPS, op) {
        Some(n) => cx.s(n),
        None => {
            cx.s(" invalid op (");
            cx.u(op as u64);
            cx.b(b')');
        }
    }
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose > 1 && op == 4 && !payload.is_empty() {
        hexdump::hex(cx.out, b"\n\t", payload, 0);
    }
    Ok(())
}
