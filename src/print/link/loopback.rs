//! The Ethernet configuration testing protocol ("Loopback", EtherType
//! 0x9000): the skip count, then the first message after the skipped
//! bytes, a reply with its receipt number or data to forward with the
//! address to forward it to. Its numbers are little-endian.

use crate::print::core::prelude::*;

static FUNCTIONS: &[(u16, &str)] = &[(1, "Reply"), (2, "Forward Data")];

fn le16(d: &[u8], at: usize) -> R<u16> {
    let b = d.range(at, 2)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

/// ` [length L < N] (invalid)` and the check that the rest was captured;
/// `true` when `left` is short of `need`.
fn short(cx: &mut Ctx, d: &[u8], at: usize, left: usize, need: usize) -> R<bool> {
    if left >= need {
        return Ok(false);
    }
    cx.bad_len("length", left as u64, "<", need as u64);
    invalid(cx, d, at, left)?;
    Ok(true)
}

pub fn loopback(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "loopback";
    cx.s("Loopback");
    if short(cx, d, 0, length, 2)? {
        return Ok(true);
    }
    let skip = le16(d, 0)? as usize;
    cx.s(", skipCount ");
    cx.u(skip as u64);
    if skip % 8 != 0 {
        cx.s(" (bogus)");
    }
    let left = length - 2;
    if short(cx, d, 2, left, skip)? {
        return Ok(true);
    }
    d.range(2, skip)?;
    message(cx, d, 2 + skip, left - skip)?;
    Ok(true)
}

/// The first message: its function, and a reply's receipt number or the
/// forwarding address, then the size of its data.
fn message(cx: &mut Ctx, d: &[u8], mut at: usize, mut left: usize) -> R {
    if short(cx, d, at, left, 2)? {
        return Ok(());
    }
    let function = le16(d, at)?;
    at += 2;
    left -= 2;
    cx.s(", ");
    match tables::lookup(FUNCTIONS, function) {
        Some(name) => cx.s(name),
        None => {
            cx.s(" invalid (");
            cx.u(function as u64);
            cx.b(b')');
        }
    }
    let head = match function {
        1 => 2,
        2 => 6,
        _ => {
            d.range(at, left)?;
            return Ok(());
        }
    };
    if short(cx, d, at, left, head)? {
        return Ok(());
    }
    // Read before its label is printed, as the snapshot does.
    let value = d.range(at, head)?;
    if function == 1 {
        cx.s(", receipt number ");
        cx.u(u16::from_le_bytes([value[0], value[1]]) as u64);
    } else {
        cx.s(", forwarding address ");
        cx.mac(value);
    }
    at += head;
    left -= head;
    cx.s(", data (");
    cx.u(left as u64);
    cx.s(" octets)");
    d.range(at, left)?;
    Ok(())
}
