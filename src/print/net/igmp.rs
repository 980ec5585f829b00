//! IGMP (RFC 1112, RFC 2236, RFC 3376); DVMRP and PIMv1, which it
//! carries, through `dispatch::IGMP_TYPES`.

use crate::print::core::prelude::*;
use crate::print::dispatch;

fn report_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "is_in",
        2 => "is_ex",
        3 => "to_in",
        4 => "to_ex",
        5 => "allow",
        6 => "block",
        _ => return None,
    })
}

pub fn print(cx: &mut Ctx, bp: &[u8], len: usize) -> R {
    cx.proto = "igmp";
    if cx.opts.quiet {
        cx.s("igmp");
        return Ok(());
    }
    let t = bp.u8_at(0)?;
    match t {
        0x11 => {
            cx.s("igmp query");
            if len >= 12 {
                v3_query(cx, bp, len)?;
            } else {
                let mrc = bp.u8_at(1)?;
                cx.s(if mrc == 0 { " v1" } else { " v2" });
                if mrc != 0 && mrc != 100 {
                    cx.s(" [max resp time ");
                    cx.u(mrc as u64);
                    cx.b(b']');
                }
                let group = bp.range(4, 4)?;
                if group != [0, 0, 0, 0] {
                    cx.s(" [gaddr ");
                    cx.ipv4(group);
                    cx.b(b']');
                }
                if len != 8 {
                    cx.s(" [len ");
                    cx.u(len as u64);
                    cx.b(b']');
                }
            }
        }
        0x12 | 0x16 | 0x17 => {
            let group = bp.range(4, 4)?;
            cx.s(match t {
                0x12 => "igmp v1 report ",
                0x16 => "igmp v2 report ",
                _ => "igmp leave ",
            });
            cx.ipv4(group);
            if t == 0x12 && len != 8 {
                cx.s(" [len ");
                cx.u(len as u64);
                cx.b(b']');
            }
        }
        0x22 => {
            cx.s("igmp v3 report");
            v3_report(cx, bp, len)?;
        }
        0x1e | 0x1f => mtrace(cx, bp, len, t)?,
        0x13 => {
            cx.s("igmp dvmrp");
            if len < 8 {
                cx.s(" [len ");
                cx.u(len as u64);
                cx.b(b']');
            } else {
                dispatch::igmp_type(cx, t, bp, len)?;
            }
        }
        0x14 => {
            cx.s("igmp pimv1");
            dispatch::igmp_type(cx, t, bp, len)?;
        }
        _ => {
            cx.s("igmp-");
            cx.u(t as u64);
        }
    }
    if cx.opts.verbose > 0 && len >= 4 && bp.len() >= len {
        let sum = fold(ones_sum(&bp[..len]));
        if sum != 0 {
            cx.s(" bad igmp cksum ");
            fmt::put_hex(cx.out, bp.be16(2)? as u64);
            cx.b(b'!');
        }
    }
    Ok(())
}

fn v3_report(cx: &mut Ctx, bp: &[u8], len: usize) -> R {
    if len < 16 || len & 3 != 0 {
        cx.s(" [invalid len ");
        cx.u(len as u64);
        cx.b(b']');
        return Ok(());
    }
    let ngroups = bp.be16(6)? as usize;
    cx.s(", ");
    cx.u(ngroups as u64);
    cx.s(" group record(s)");
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    let mut group = 8usize;
    for _ in 0..ngroups {
        if len < group + 8 {
            cx.s(" [invalid number of groups]");
            return Ok(());
        }
        let gaddr = bp.range(group + 4, 4)?;
        cx.s(" [gaddr ");
        cx.ipv4(gaddr);
        let rt = bp.u8_at(group)?;
        cx.b(b' ');
        match report_type(rt) {
            Some(n) => cx.s(n),
            None => {
                cx.s(" [v3-report-#");
                cx.u(rt as u64);
                cx.b(b']');
            }
        }
        let nsrcs = bp.be16(group + 2)? as usize;
        if len < group + 8 + (nsrcs << 2) {
            cx.s(" [invalid number of sources ");
            cx.u(nsrcs as u64);
            cx.b(b']');
            return Ok(());
        }
        if cx.opts.verbose == 1 {
            cx.s(", ");
            cx.u(nsrcs as u64);
            cx.s(" source(s)");
        } else {
            cx.s(" {");
            for j in 0..nsrcs {
                let src = bp.range(group + 8 + (j << 2), 4)?;
                cx.b(b' ');
                cx.ipv4(src);
            }
            cx.s(" }");
        }
        group += 8 + (nsrcs << 2);
        cx.b(b']');
    }
    Ok(())
}

fn v3_query(cx: &mut Ctx, bp: &[u8], len: usize) -> R {
    cx.s(" v3");
    if len < 12 || len & 3 != 0 {
        cx.s(" [invalid len ");
        cx.u(len as u64);
        cx.b(b']');
        return Ok(());
    }
    let mrc = bp.u8_at(1)? as u32;
    let mrt = if mrc < 128 {
        mrc
    } else {
        ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3)
    };
    if mrc != 100 {
        cx.s(" [max resp time ");
        if mrt < 600 {
            cx.u((mrt / 10) as u64);
            cx.b(b'.');
            cx.u((mrt % 10) as u64);
            cx.b(b's');
        } else {
            cx.relts(mrt / 10);
        }
        cx.b(b']');
    }
    let group = bp.range(4, 4)?;
    if group == [0, 0, 0, 0] {
        return Ok(());
    }
    cx.s(" [gaddr ");
    cx.ipv4(group);
    let nsrcs = bp.be16(10)? as usize;
    if nsrcs > 0 {
        if len < 12 + (nsrcs << 2) {
            cx.s(" [invalid number of sources]");
        } else if cx.opts.verbose > 1 {
            cx.s(" {");
            for i in 0..nsrcs {
                let src = bp.range(12 + (i << 2), 4)?;
                cx.b(b' ');
                cx.ipv4(src);
            }
            cx.s(" }");
        } else {
            cx.s(", ");
            cx.u(nsrcs as u64);
            cx.s(" source(s)");
        }
    }
    cx.b(b']');
    Ok(())
}

/// The `dispatch::IP_PROTOS` entry: IGMP is IPv4's.
pub fn print_ip(cx: &mut Ctx, p: &dispatch::IpPayload) -> R {
    if p.version != 4 {
        cx.s("[IGMP requires IPv4] (invalid)");
        return Ok(());
    }
    print(cx, p.data, p.length)
}

/// Multicast traceroute queries (0x1f) and responses (0x1e),
/// draft-ietf-idmr-traceroute-ipm: query id, source, destination,
/// response address.
fn mtrace(cx: &mut Ctx, bp: &[u8], len: usize, t: u8) -> R {
    if len < 24 {
        cx.s(" [invalid len ");
        cx.u(len as u64);
        cx.b(b']');
        return Ok(());
    }
    let source = bp.range(8, 4)?;
    let dest = bp.range(12, 4)?;
    let resp = bp.range(16, 4)?;
    let ttl = bp.u8_at(20)?;
    let qid = bp.be32(20)? & 0x00ff_ffff;
    cx.s(if t == 0x1f { "mtrace " } else { "mresp " });
    cx.u(qid as u64);
    cx.s(": ");
    cx.ipv4(source);
    cx.s(" to ");
    cx.ipv4(dest);
    cx.s(" reply-to ");
    cx.ipv4(resp);
    if (224..240).contains(&resp[0]) {
        cx.s(" with-ttl ");
        cx.u(ttl as u64);
    }
    Ok(())
}
