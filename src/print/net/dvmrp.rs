//! DVMRP (draft-ietf-idmr-dvmrp-v3, and the mrouted mapper's neighbor
//! lists), IGMP type 0x13: the message type, and its fields (probes with
//! `-v`, reports with `-vv`).

use crate::print::core::prelude::*;

static TYPES: &[(u8, &str)] = &[
    (1, "Probe"),
    (2, "Report"),
    (3, "Ask-neighbors(old)"),
    (4, "Neighbors(old)"),
    (5, "Ask-neighbors2"),
    (6, "Neighbors2"),
    (7, "Prune"),
    (8, "Graft"),
    (9, "Graft-ACK"),
];

/// Neighbor flags (Neighbors2), in the order shown.
static NEIGHBOR_FLAGS: &[(u8, &str)] = &[
    (0x01, "/tunnel"),
    (0x02, "/srcrt"),
    (0x40, "/querier"),
    (0x20, "/disabled"),
    (0x10, "/down"),
];

/// `d` from the IGMP header on; `len` at least 8.
pub fn print(cx: &mut Ctx, d: &[u8], len: usize) -> R {
    cx.proto = "dvmrp";
    let t = d.u8_at(1)?;
    let b = d.get(8..).unwrap_or(&[]);
    let len = len - 8;
    cx.b(b' ');
    match tables::lookup(TYPES, t) {
        Some(n) => cx.s(n),
        None => {
            cx.s("[type ");
            cx.u(t as u64);
            cx.b(b']');
        }
    }
    let ok = match t {
        1 if cx.opts.verbose > 0 => probe(cx, b, len)?,
        2 if cx.opts.verbose > 1 => report(cx, b, len)?,
        4 => neighbors(cx, b, len)?,
        6 => {
            // The version is in the IGMP group address field.
            let major = d.u8_at(7)?;
            let minor = d.u8_at(6)?;
            neighbors2(cx, b, len, major, minor)?
        }
        7..=9 => {
            let src = b.range(0, 4)?;
            let grp = b.range(4, 4)?;
            cx.s(" src ");
            cx.ipv4(src);
            cx.s(" grp ");
            cx.ipv4(grp);
            if t == 7 {
                cx.s(" timer ");
                cx.relts(b.be32(8)?);
            }
            true
        }
        _ => true,
    };
    if !ok {
        cx.s(" (invalid)");
    }
    Ok(())
}

fn probe(cx: &mut Ctx, b: &[u8], mut len: usize) -> R<bool> {
    if len < 4 {
        cx.bad_len("full length", len as u64, "<", 4);
        return Ok(false);
    }
    cx.s(if cx.opts.verbose > 1 { "\n\t" } else { " " });
    let genid = b.be32(0)?;
    cx.s("genid ");
    cx.u(genid as u64);
    if cx.opts.verbose < 2 {
        return Ok(true);
    }
    let mut at = 4;
    len -= 4;
    while len != 0 {
        if len < 4 {
            cx.s("[remaining length ");
            cx.u(len as u64);
            cx.s(" < 4]");
            return Ok(false);
        }
        let n = b.range(at, 4)?;
        cx.s("\n\tneighbor ");
        cx.ipv4(n);
        at += 4;
        len -= 4;
    }
    Ok(true)
}

/// Routes: a mask (its last three bytes) and the origins under it, the
/// last with the metric's top bit set.
fn report(cx: &mut Ctx, b: &[u8], mut len: usize) -> R<bool> {
    let mut at = 0;
    while len != 0 {
        if len < 3 {
            cx.bad_len("length", len as u64, "<", 3);
            return Ok(false);
        }
        let m = b.range(at, 3)?;
        // The origin carries as many bytes as the mask has set.
        let width = match m {
            [_, _, x] if *x != 0 => 4,
            [_, x, _] if *x != 0 => 3,
            [x, _, _] if *x != 0 => 2,
            _ => 1,
        };
        cx.s("\n\tMask ");
        fmt::put_ipv4(cx.out, &[0xff, m[0], m[1], m[2]]);
        at += 3;
        len -= 3;
        loop {
            if len < width + 1 {
                cx.s("\n\t  [Truncated Report]");
                return Ok(false);
            }
            let mut origin = [0u8; 4];
            origin[..width].copy_from_slice(b.range(at, width)?);
            let metric = b.u8_at(at + width)?;
            at += width + 1;
            cx.s("\n\t  ");
            fmt::put_ipv4(cx.out, &origin);
            cx.s(" metric ");
            cx.u((metric & 0x7f) as u64);
            len -= width + 1;
            if metric & 0x80 != 0 {
                break;
            }
        }
    }
    Ok(true)
}

fn neighbors(cx: &mut Ctx, b: &[u8], mut len: usize) -> R<bool> {
    let mut at = 0;
    while len != 0 {
        if len < 7 {
            cx.bad_len("length", len as u64, "<", 7);
            return Ok(false);
        }
        let laddr = at;
        let metric = b.u8_at(at + 4)?;
        let thresh = b.u8_at(at + 5)?;
        let count = b.u8_at(at + 6)?;
        at += 7;
        len -= 7;
        for _ in 0..count {
            if len < 4 {
                cx.bad_len("length", len as u64, "<", 4);
                return Ok(false);
            }
            cx.s(" [");
            cx.ipv4(b.range(laddr, 4)?);
            cx.s(" ->");
            let n = b.range(at, 4)?;
            cx.b(b' ');
            cx.ipv4(n);
            cx.s(", (");
            cx.u(metric as u64);
            cx.b(b'/');
            cx.u(thresh as u64);
            cx.s(")]");
            at += 4;
            len -= 4;
        }
    }
    Ok(true)
}

fn neighbors2(cx: &mut Ctx, b: &[u8], mut len: usize, major: u8, minor: u8) -> R<bool> {
    cx.s(" (v ");
    cx.u(major as u64);
    cx.b(b'.');
    cx.u(minor as u64);
    cx.s("):");
    let mut at = 0;
    while len != 0 {
        if len < 8 {
            cx.bad_len("length", len as u64, "<", 8);
            return Ok(false);
        }
        let laddr = at;
        let metric = b.u8_at(at + 4)?;
        let thresh = b.u8_at(at + 5)?;
        let flags = b.u8_at(at + 6)?;
        let count = b.u8_at(at + 7)? as i32;
        at += 8;
        len -= 8;
        // Neighbors past the message's end are counted as missing.
        let mut left = count;
        while left > 0 && len != 0 {
            left -= 1;
            if len < 4 {
                cx.bad_len("length", len as u64, "<", 4);
                return Ok(false);
            }
            cx.s(" [");
            cx.ipv4(b.range(laddr, 4)?);
            cx.s(" -> ");
            cx.ipv4(b.range(at, 4)?);
            cx.s(" (");
            cx.u(metric as u64);
            cx.b(b'/');
            cx.u(thresh as u64);
            for &(bit, name) in NEIGHBOR_FLAGS {
                if flags & bit != 0 {
                    cx.s(name);
                }
            }
            cx.s(")]");
            at += 4;
            len -= 4;
        }
        if left > 0 {
            cx.s(" [ncount ");
            cx.u((left - 1) as u64);
            cx.b(b']');
            return Ok(false);
        }
    }
    Ok(true)
}
