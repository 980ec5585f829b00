//! NFS file handles: opaque to clients, but many servers lay them out
//! recognisably (device numbers, then an inode number), so tcpdump guesses
//! the server's layout and prints ` fh MAJOR,MINOR/INODE`; a handle it
//! cannot place prints as ` fh Unknown/HEX`.

use crate::print::core::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Unknown,
    Auspex,
    DecOsf,
    Irix4,
    SunOs4,
    SunOs5,
    Ultrix,
    VmsUcx,
    HpUx9,
    Bsd44,
}

/// A file handle at `at` (NFSv3: length-prefixed; NFSv2: 32 bytes); the
/// offset after it, `None` if it was not all captured.
pub fn handle(cx: &mut Ctx, d: &[u8], at: usize, v3: bool) -> R<Option<usize>> {
    let (words, at) = if v3 {
        ((d.be32(at)? / 4) as usize, at + 4)
    } else {
        (8, at)
    };
    if !d.has(at, words * 4) {
        return Ok(None);
    }
    if cx.opts.raw_nfs_handles {
        // `-u`: the handle's 32-bit words in hex, as they are.
        cx.s(" fh[");
        for i in 0..words {
            if i > 0 {
                cx.b(b':');
            }
            fmt::put_hex(cx.out, d.be32(at + 4 * i)? as u64);
        }
        cx.b(b']');
        return Ok(Some(at + words * 4));
    }
    print(cx, d, at, words)?;
    Ok(Some(at + words * 4))
}

/// Whether the handle looks like one of VMS UCX (a device name first).
fn is_ucx(d: &[u8], fh: usize, words: usize) -> R<bool> {
    if words < 7 {
        return Ok(false);
    }
    let mut seen_nul = false;
    for i in 1..14 {
        let c = d.u8_at(fh + i)?;
        if (0x20..0x7f).contains(&c) {
            if seen_nul {
                return Ok(false);
            }
        } else if c == 0 {
            seen_nul = true;
        } else {
            return Ok(false);
        }
    }
    Ok(true)
}

fn layout(d: &[u8], fh: usize, words: usize) -> R<Layout> {
    let b = |i: usize| d.u8_at(fh + i);
    if words < 4 {
        return Ok(Layout::Unknown);
    }
    Ok(if b(0)? == 0 && b(1)? == 0 {
        if b(2)? == 0 && b(3)? == 0 {
            Layout::Auspex
        } else if b(4)? != 0 && b(5)? == 0 && b(8)? == 12 && b(9)? == 0 {
            Layout::DecOsf
        } else if b(4)? == 0 && b(5)? == 8 && b(6)? == 0 && b(7)? == 0 {
            Layout::Irix4
        } else {
            Layout::SunOs4
        }
    } else if b(2)? == 0 && b(3)? == 0 {
        if b(6)? == 0 && b(7)? == 0 {
            Layout::Bsd44
        } else if words >= 6 && b(21)? == 0 && b(23)? == 0 {
            Layout::Ultrix
        } else if b(9)? == 10 {
            Layout::SunOs5
        } else {
            Layout::Unknown
        }
    } else if b(8)? == 12 && b(9)? == 0 {
        Layout::DecOsf
    } else if b(8)? == 0 && b(9)? == 10 {
        if b(7)? == 0 && b(6)? == 0 && b(5)? == 0 && b(4)? == 0 {
            Layout::HpUx9
        } else {
            Layout::SunOs5
        }
    } else if is_ucx(d, fh, words)? {
        Layout::VmsUcx
    } else {
        Layout::Unknown
    })
}

fn le32(d: &[u8], at: usize) -> R<u32> {
    Ok(d.be32(at)?.swap_bytes())
}

fn be24(d: &[u8], at: usize) -> R<u32> {
    Ok(((d.be16(at)? as u32) << 8) | d.u8_at(at + 2)? as u32)
}

fn print(cx: &mut Ctx, d: &[u8], fh: usize, words: usize) -> R {
    let b = |i: usize| -> R<u32> { Ok(d.u8_at(fh + i)? as u32) };
    // (major, minor, inode)
    let (major, minor, ino) = match layout(d, fh, words)? {
        Layout::Unknown => {
            // The server's name is cut to as many characters as the
            // handle has 32-bit words.
            cx.s(" fh ");
            cx.s(&"Unknown"[..words.min(7)]);
            cx.b(b'/');
            for &c in d[fh..].iter().take((words * 4).min(32)) {
                for nibble in [c >> 4, c & 15] {
                    cx.b(b"0123456789ABCDEF"[nibble as usize]);
                }
            }
            return Ok(());
        }
        Layout::VmsUcx => {
            let ino = (b(26)? << 24) | (b(27)? << 16) | (d.be16(fh + 22)?.swap_bytes() as u32);
            // The device name: NUL-terminated, cut at its first space.
            let raw = &d[fh + 1..(fh + 1 + words.min(64)).min(d.len())];
            let end = raw
                .iter()
                .position(|&c| c == 0 || c == b' ')
                .unwrap_or(raw.len());
            cx.s(" fh ");
            for &c in &raw[..end] {
                fmt::put_safe_char(cx.out, c);
            }
            cx.b(b'/');
            cx.u(ino as u64);
            return Ok(());
        }
        Layout::Auspex => (b(6)?, b(7)?, d.be32(fh + 12)?),
        Layout::Bsd44 => (b(1)?, b(0)?, le32(d, fh + 12)?),
        Layout::DecOsf => {
            let _code = le32(d, fh + 4)?;
            let t = le32(d, fh)?;
            ((t >> 20) & 0xfff, t & 0xfffff, le32(d, fh + 12)?)
        }
        Layout::Irix4 => (b(2)?, b(3)?, d.be32(fh + 8)?),
        Layout::SunOs4 => (b(2)?, b(3)?, d.be32(fh + 12)?),
        Layout::SunOs5 => {
            let major = ((d.be16(fh)? as u32) >> 2) & 0x3fff;
            let minor = be24(d, fh + 1)? & 0x3ffff;
            (major, minor, d.be32(fh + 12)?)
        }
        Layout::Ultrix => (b(1)?, b(0)?, le32(d, fh + 4)?),
        Layout::HpUx9 => (b(0)?, be24(d, fh + 1)?, d.be32(fh + 12)?),
    };
    cx.s(" fh ");
    cx.u(major as u64);
    cx.b(b',');
    cx.u(minor as u64);
    cx.b(b'/');
    cx.u(ino as u64);
    Ok(())
}
