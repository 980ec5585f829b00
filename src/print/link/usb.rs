//! Linux USB (LINKTYPE_USB_LINUX, 189, a 48-byte header, and
//! LINKTYPE_USB_LINUX_MMAPPED, 220, 64 bytes): transfer and event type,
//! direction, bus, device and endpoint. The data is not decoded.

use crate::print::core::prelude::*;

static TRANSFERS: &[(u8, &str)] = &[
    (0, "ISOCHRONOUS"),
    (1, "INTERRUPT"),
    (2, "CONTROL"),
    (3, "BULK"),
];

static EVENTS: &[(u8, &str)] = &[(b'C', " COMPLETE"), (b'E', " ERROR"), (b'S', " SUBMIT")];

/// ` from` (to the host) or ` to` (to the device), by transfer and event
/// type: interrupt transfers are submitted for data coming in.
fn direction(transfer: u8, event: u8) -> &'static str {
    let submit = match event {
        b'S' => true,
        b'C' | b'E' => false,
        _ => return "",
    };
    match transfer {
        0 | 2 | 3 => {
            if submit {
                " to"
            } else {
                " from"
            }
        }
        1 => {
            if submit {
                " from"
            } else {
                " to"
            }
        }
        _ => "",
    }
}

fn usb(cx: &mut Ctx, d: &[u8], hdrlen: usize, ll_len: &mut usize) -> R {
    let h = d.range(0, hdrlen)?;
    *ll_len = hdrlen;
    cx.proto = "usb";
    cx.s("USB");
    if cx.opts.quiet {
        return Ok(());
    }
    cx.b(b' ');
    let (event, transfer) = (h[8], h[9]);
    match tables::lookup(TRANSFERS, transfer) {
        Some(n) => cx.s(n),
        None => cx.s(" ?"),
    }
    cx.s(tables::lookup(EVENTS, event).unwrap_or(" ?"));
    cx.s(direction(transfer, event));
    cx.b(b' ');
    // The bus id is in the capturing host's byte order.
    cx.u(u16::from_le_bytes([h[12], h[13]]) as u64);
    cx.b(b':');
    cx.u(h[11] as u64);
    cx.b(b':');
    cx.u((h[10] & 0x7f) as u64);
    Ok(())
}

pub fn usb_linux(cx: &mut Ctx, d: &[u8], _length: usize, ll_len: &mut usize) -> R {
    cx.proto = "usb_linux_48_byte";
    usb(cx, d, 48, ll_len)
}

pub fn usb_linux_mmapped(cx: &mut Ctx, d: &[u8], _length: usize, ll_len: &mut usize) -> R {
    cx.proto = "usb_linux_64_byte";
    usb(cx, d, 64, ll_len)
}
