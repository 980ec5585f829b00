//! The EPON Multi-Point Control Protocol (IEEE 802.3ah, EtherType
//! 0x8808): opcode and time stamp; with `-v` the gates, reports and
//! registration messages.

use crate::print::core::prelude::*;

static OPCODES: &[(u16, &str)] = &[
    (1, "Pause"),
    (2, "Gate"),
    (3, "Report"),
    (4, "Register Request"),
    (5, "Register"),
    (6, "Register ACK"),
];

static GRANT_FLAGS: &[(u32, &str)] = &[
    (0x08, "Discovery"),
    (0x10, "Force Grant #1"),
    (0x20, "Force Grant #2"),
    (0x40, "Force Grant #3"),
    (0x80, "Force Grant #4"),
];

static REG_REQ_FLAGS: &[(u32, &str)] = &[(1, "Register"), (3, "De-Register")];

static REG_FLAGS: &[(u32, &str)] = &[
    (1, "Re-Register"),
    (2, "De-Register"),
    (3, "ACK"),
    (4, "NACK"),
];

static REPORT_BITMAP: &[(u32, &str)] = &[
    (0x01, "Q0"),
    (0x02, "Q1"),
    (0x04, "Q2"),
    (0x08, "Q3"),
    (0x10, "Q4"),
    (0x20, "Q5"),
    (0x40, "Q6"),
    (0x80, "Q7"),
];

static REG_ACK_FLAGS: &[(u32, &str)] = &[(0, "NACK"), (1, "ACK")];

/// Flag names: each nonzero value whose bits are all set in `v` (a
/// value may have several bits); `none` when no name shows.
fn flags(cx: &mut Ctx, v: u32, table: &[(u32, &str)], none: &str) {
    let mut any = false;
    for &(t, name) in table {
        if t != 0 && v & t == t {
            if any {
                cx.s(", ");
            }
            cx.s(name);
            any = true;
        }
    }
    if !any {
        cx.s(none);
    }
}

pub fn mpcp(cx: &mut Ctx, d: &[u8], length: usize) -> R<bool> {
    cx.proto = "mpcp";
    let (opcode, ts) = (d.be16(0)?, d.be32(2)?);
    cx.s("MPCP, Opcode ");
    match tables::lookup(OPCODES, opcode) {
        Some(n) => cx.s(n),
        None => {
            cx.s("Unknown (");
            cx.u(opcode as u64);
            cx.b(b')');
        }
    }
    if opcode != 1 {
        cx.s(", Timestamp ");
        cx.u(ts as u64);
        cx.s(" ticks");
    }
    cx.s(", length ");
    cx.u(length as u64);
    if cx.opts.verbose == 0 {
        return Ok(true);
    }
    let mut t = 6;
    match opcode {
        1 => {}
        2 => {
            let b = d.u8_at(t)?;
            let n = b & 7;
            cx.s("\n\tGrant Numbers ");
            cx.u(n as u64);
            cx.s(", Flags [ ");
            flags(cx, (b & !7) as u32, GRANT_FLAGS, "?");
            cx.s(" ]");
            t += 1;
            for g in 1..=n {
                let (start, dur) = (d.be32(t)?, d.be16(t + 4)?);
                cx.s("\n\tGrant #");
                cx.u(g as u64);
                cx.s(", Start-Time ");
                cx.u(start as u64);
                cx.s(" ticks, duration ");
                cx.u(dur as u64);
                cx.s(" ticks");
                t += 6;
            }
            let sync = d.be16(t)?;
            cx.s("\n\tSync-Time ");
            cx.u(sync as u64);
            cx.s(" ticks");
        }
        3 => {
            let sets = d.u8_at(t)?;
            t += 1;
            cx.s("\n\tTotal Queue-Sets ");
            cx.u(sets as u64);
            // Each set is numbered with the total, and the last is
            // left out: as the snapshot does.
            for _ in 1..sets {
                let mut bitmap = d.u8_at(t)?;
                cx.s("\n\t  Queue-Set #");
                cx.u(sets as u64);
                cx.s(", Report-Bitmap [ ");
                flags(cx, bitmap as u32, REPORT_BITMAP, "Unknown");
                cx.s(" ]");
                t += 1;
                let mut q = 1;
                while bitmap != 0 {
                    if bitmap & 1 != 0 {
                        let dur = d.be16(t)?;
                        cx.s("\n\t    Q");
                        cx.u(q);
                        cx.s(" Report, Duration ");
                        cx.u(dur as u64);
                        cx.s(" ticks");
                        t += 2;
                    }
                    q += 1;
                    bitmap >>= 1;
                }
            }
        }
        4 => {
            let (f, pending) = (d.u8_at(t)?, d.u8_at(t + 1)?);
            cx.s("\n\tFlags [ ");
            flags(cx, f as u32, REG_REQ_FLAGS, "Reserved");
            cx.s(" ], Pending-Grants ");
            cx.u(pending as u64);
        }
        5 => {
            let h = d.range(t, 6)?;
            cx.s("\n\tAssigned-Port ");
            cx.u(h.be16(0)? as u64);
            cx.s(", Flags [ ");
            flags(cx, h[2] as u32, REG_FLAGS, "Reserved");
            cx.s(" ]\n\tSync-Time ");
            cx.u(h.be16(3)? as u64);
            cx.s(" ticks, Echoed-Pending-Grants ");
            cx.u(h[5] as u64);
        }
        6 => {
            let h = d.range(t, 5)?;
            cx.s("\n\tEchoed-Assigned-Port ");
            cx.u(h.be16(1)? as u64);
            cx.s(", Flags [ ");
            flags(cx, h[0] as u32, REG_ACK_FLAGS, "Reserved");
            cx.s(" ]\n\tEchoed-Sync-Time ");
            cx.u(h.be16(3)? as u64);
            cx.s(" ticks");
        }
        _ => unknown_data(cx, d, "\n\t", length),
    }
    Ok(true)
}
