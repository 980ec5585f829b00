//! sFlow version 5 (sflow.org) on UDP port 6343: the datagram header, and
//! with `-v` the flow and counter samples and their records.
//!
//! As in tcpdump, a record decoder checks its size against what is left
//! of the whole datagram, not against the record's own length.

use crate::print::core::prelude::*;
use crate::print::dispatch::PortPayload;

static SAMPLE_FORMATS: &[(u32, &str)] = &[
    (1, "flow sample"),
    (2, "counter sample"),
    (3, "expanded flow sample"),
    (4, "expanded counter sample"),
];

static FLOW_TYPES: &[(u32, &str)] = &[
    (1, "Raw packet"),
    (2, "Ethernet frame"),
    (3, "IPv4 Data"),
    (4, "IPv6 Data"),
    (1001, "Extended Switch data"),
    (1002, "Extended Router data"),
    (1003, "Extended Gateway data"),
    (1004, "Extended User data"),
    (1005, "Extended URL data"),
    (1006, "Extended MPLS data"),
    (1007, "Extended NAT data"),
    (1008, "Extended MPLS tunnel"),
    (1009, "Extended MPLS VC"),
    (1010, "Extended MPLS FEC"),
    (1011, "Extended MPLS LVP FEC"),
    (1012, "Extended VLAN Tunnel"),
];

static RAW_PROTOCOLS: &[(u32, &str)] = &[(1, "Ethernet"), (11, "IPv4"), (12, "IPv6")];

static COUNTER_TYPES: &[(u32, &str)] = &[
    (1, "Generic counter"),
    (2, "Ethernet counter"),
    (3, "Token ring counter"),
    (4, "100 BaseVG counter"),
    (5, "Vlan counter"),
    (1001, "Processor counter"),
];

static DIRECTIONS: &[(u32, &str)] = &[
    (0, "unknown"),
    (1, "full-duplex"),
    (2, "half-duplex"),
    (3, "in"),
    (4, "out"),
];

const HEADER_V4: usize = 28;
const HEADER_V6: usize = 40;

/// Fields of a record at `at`, read as a printf-style line: `%u` values
/// from the 32-bit words (`4`) or 64-bit values (`8`) at given offsets.
struct Rec<'a> {
    d: &'a [u8],
    at: usize,
}

impl Rec<'_> {
    fn w(&self, off: usize) -> R<u32> {
        self.d.be32(self.at + off)
    }
    fn q(&self, off: usize) -> R<u64> {
        Ok(((self.w(off)? as u64) << 32) | self.w(off + 4)? as u64)
    }
    /// Print `(label, offset, is64)` pairs after reading them all.
    fn line(&self, cx: &mut Ctx, fields: &[(&str, usize, bool)]) -> R {
        let mut vals = [0u64; 16];
        for (i, &(_, off, wide)) in fields.iter().enumerate() {
            vals[i] = if wide {
                self.q(off)?
            } else {
                self.w(off)? as u64
            };
        }
        for (i, &(label, _, _)) in fields.iter().enumerate() {
            cx.s(label);
            cx.u(vals[i]);
        }
        Ok(())
    }
}

fn name(cx: &mut Ctx, table: &[(u32, &'static str)], v: u32) {
    cx.s(tables::lookup(table, v).unwrap_or("Unknown"));
}

/// A record's header line: `enterprise E, NAME (T) length L` (`sep`
/// after the enterprise number; counter and flow records differ in it and
/// in where the enterprise field starts, as tcpdump prints them). Returns
/// the type, the enterprise and the length.
fn record_header(
    cx: &mut Ctx,
    d: &[u8],
    at: usize,
    enterprise_shift: u32,
    sep: &str,
    types: &[(u32, &'static str)],
) -> R<(u32, u32, usize)> {
    let format = d.be32(at)?;
    let t = format & 0x0fff;
    let enterprise = format >> enterprise_shift;
    let len = d.be32(at + 4)? as usize;
    cx.s("\n\t    enterprise ");
    cx.u(enterprise as u64);
    cx.s(sep);
    if enterprise == 0 {
        name(cx, types, t);
    } else {
        cx.s("Unknown");
    }
    cx.s(" (");
    cx.u(t as u64);
    cx.s(") length ");
    cx.u(len as u64);
    Ok((t, enterprise, len))
}

/// Counter records; `false` if one does not fit.
fn counter_records(cx: &mut Ctx, d: &[u8], mut at: usize, mut left: usize, n: u32) -> R<bool> {
    for _ in 0..n {
        if left < 8 {
            return Ok(false);
        }
        let (t, enterprise, len) = record_header(cx, d, at, 20, ", ", COUNTER_TYPES)?;
        at += 8;
        left -= 8;
        if left < len {
            return Ok(false);
        }
        if enterprise == 0 {
            let r = Rec { d, at };
            let need = match t {
                1 => 88,
                2 => 52,
                3 => 0,
                4 => 80,
                5 => 28,
                1001 => 28,
                _ => usize::MAX,
            };
            if need == usize::MAX {
                if cx.opts.verbose <= 1 {
                    unknown_data(cx, d.get(at..).unwrap_or(&[]), "\n\t\t", len);
                }
            } else if left < need {
                return Ok(false);
            } else {
                counter(cx, &r, t)?;
            }
        }
        at += len;
        left -= len;
    }
    Ok(true)
}

fn counter(cx: &mut Ctx, r: &Rec, t: u32) -> R {
    match t {
        1 => {
            let dir = r.w(16)?;
            r.line(
                cx,
                &[
                    ("\n\t      ifindex ", 0, false),
                    (", iftype ", 4, false),
                    (", ifspeed ", 8, true),
                    (", ifdirection ", 16, false),
                ],
            )?;
            cx.s(" (");
            name(cx, DIRECTIONS, dir);
            cx.b(b')');
            let status = r.w(20)?;
            cx.s("\n\t      ifstatus ");
            cx.u(status as u64);
            cx.s(", adminstatus: ");
            cx.s(if status & 1 != 0 { "up" } else { "down" });
            cx.s(", operstatus: ");
            cx.s(if (status >> 1) & 1 != 0 { "up" } else { "down" });
            r.line(
                cx,
                &[
                    ("\n\t      In octets ", 24, true),
                    (", unicast pkts ", 32, false),
                    (", multicast pkts ", 36, false),
                    (", broadcast pkts ", 40, false),
                    (", discards ", 44, false),
                ],
            )?;
            r.line(
                cx,
                &[
                    ("\n\t      In errors ", 48, false),
                    (", unknown protos ", 52, false),
                ],
            )?;
            r.line(
                cx,
                &[
                    ("\n\t      Out octets ", 56, true),
                    (", unicast pkts ", 64, false),
                    (", multicast pkts ", 68, false),
                    (", broadcast pkts ", 72, false),
                    (", discards ", 76, false),
                ],
            )?;
            r.line(
                cx,
                &[
                    ("\n\t      Out errors ", 80, false),
                    (", promisc mode ", 84, false),
                ],
            )
        }
        2 => {
            r.line(
                cx,
                &[
                    ("\n\t      align errors ", 0, false),
                    (", fcs errors ", 4, false),
                    (", single collision ", 8, false),
                    (", multiple collision ", 12, false),
                    (", test error ", 16, false),
                ],
            )?;
            r.line(
                cx,
                &[
                    ("\n\t      deferred ", 20, false),
                    (", late collision ", 24, false),
                    (", excessive collision ", 28, false),
                    (", mac trans error ", 32, false),
                ],
            )?;
            r.line(
                cx,
                &[
                    ("\n\t      carrier error ", 36, false),
                    (", frames too long ", 40, false),
                    (", mac receive errors ", 44, false),
                    (", symbol errors ", 48, false),
                ],
            )
        }
        4 => {
            r.line(
                cx,
                &[
                    ("\n\t      in high prio frames ", 0, false),
                    (", in high prio octets ", 4, true),
                ],
            )?;
            r.line(
                cx,
                &[
                    ("\n\t      in norm prio frames ", 12, false),
                    (", in norm prio octets ", 16, true),
                ],
            )?;
            r.line(
                cx,
                &[
                    ("\n\t      in ipm errors ", 24, false),
                    (", oversized ", 28, false),
                    (", in data errors ", 32, false),
                    (", null addressed frames ", 36, false),
                ],
            )?;
            r.line(
                cx,
                &[
                    ("\n\t      out high prio frames ", 40, false),
                    (", out high prio octets ", 44, true),
                    (", trans into frames ", 52, false),
                ],
            )?;
            r.line(
                cx,
                &[
                    ("\n\t      in hc high prio octets ", 56, true),
                    (", in hc norm prio octets ", 64, true),
                    (", out hc high prio octets ", 72, true),
                ],
            )
        }
        5 => r.line(
            cx,
            &[
                ("\n\t      vlan_id ", 0, false),
                (", octets ", 4, true),
                (", unicast_pkt ", 12, false),
                (", multicast_pkt ", 16, false),
                (", broadcast_pkt ", 20, false),
                (", discards ", 24, false),
            ],
        ),
        1001 => r.line(
            cx,
            &[
                ("\n\t      5sec ", 0, false),
                (", 1min ", 4, false),
                (", 5min ", 8, false),
                (", total_mem ", 12, true),
                (", total_mem ", 20, true),
            ],
        ),
        _ => Ok(()),
    }
}

/// Flow records; `false` if one does not fit.
fn flow_records(cx: &mut Ctx, d: &[u8], mut at: usize, mut left: usize, n: u32) -> R<bool> {
    for _ in 0..n {
        if left < 8 {
            return Ok(false);
        }
        let (t, enterprise, len) = record_header(cx, d, at, 12, " ", FLOW_TYPES)?;
        at += 8;
        left -= 8;
        if left < len {
            return Ok(false);
        }
        if enterprise == 0 {
            let r = Rec { d, at };
            match t {
                1 => {
                    if left < 16 {
                        return Ok(false);
                    }
                    let proto = r.w(0)?;
                    let (l, stripped, size) = (r.w(4)?, r.w(8)?, r.w(12)?);
                    cx.s("\n\t      protocol ");
                    name(cx, RAW_PROTOCOLS, proto);
                    cx.s(" (");
                    cx.u(proto as u64);
                    cx.s("), length ");
                    cx.u(l as u64);
                    cx.s(", stripped bytes ");
                    cx.u(stripped as u64);
                    cx.s(", header_size ");
                    cx.u(size as u64);
                }
                1001 => {
                    if left < 16 {
                        return Ok(false);
                    }
                    r.line(
                        cx,
                        &[
                            ("\n\t      src vlan ", 0, false),
                            (", src pri ", 4, false),
                            (", dst vlan ", 8, false),
                            (", dst pri ", 12, false),
                        ],
                    )?;
                }
                2 => {
                    if left < 24 {
                        return Ok(false);
                    }
                    r.line(
                        cx,
                        &[("\n\t      frame len ", 0, false), (", type ", 20, false)],
                    )?;
                }
                3 | 4 | 1002..=1012 => {}
                _ => {
                    if cx.opts.verbose <= 1 {
                        unknown_data(cx, d.get(at..).unwrap_or(&[]), "\n\t\t", len);
                    }
                }
            }
        }
        at += len;
        left -= len;
    }
    Ok(true)
}

/// A sample of `format` at `at`; `false` if it does not fit.
fn sample(cx: &mut Ctx, d: &[u8], at: usize, left: usize, format: u32) -> R<bool> {
    let r = Rec { d, at };
    match format {
        1 => {
            if left < 32 {
                return Ok(false);
            }
            let n = r.w(28)?;
            let t = d.u8_at(at + 4)?;
            let idx = r.w(4)? & 0x00ff_ffff;
            cx.s(" seqnum ");
            cx.u(r.w(0)? as u64);
            cx.s(", type ");
            cx.u(t as u64);
            cx.s(", idx ");
            cx.u(idx as u64);
            r.line(
                cx,
                &[
                    (", rate ", 8, false),
                    (", pool ", 12, false),
                    (", drops ", 16, false),
                    (", input ", 20, false),
                    (" output ", 24, false),
                    (" records ", 28, false),
                ],
            )?;
            flow_records(cx, d, at + 32, left - 32, n)
        }
        2 => {
            if left < 12 {
                return Ok(false);
            }
            let n = r.w(8)?;
            let t = d.u8_at(at + 4)?;
            let idx = r.w(4)? & 0x00ff_ffff;
            cx.s(" seqnum ");
            cx.u(r.w(0)? as u64);
            cx.s(", type ");
            cx.u(t as u64);
            cx.s(", idx ");
            cx.u(idx as u64);
            cx.s(", records ");
            cx.u(n as u64);
            counter_records(cx, d, at + 12, left - 12, n)
        }
        3 => {
            if left < 44 {
                return Ok(false);
            }
            let n = r.w(40)?;
            r.line(
                cx,
                &[
                    (" seqnum ", 0, false),
                    (", type ", 4, false),
                    (", idx ", 8, false),
                    (", rate ", 12, false),
                    (", pool ", 16, false),
                    (", drops ", 20, false),
                    (", input ", 28, false),
                    (" (", 24, false),
                    ("), output ", 36, false),
                    (" (", 32, false),
                    ("), records ", 40, false),
                ],
            )?;
            flow_records(cx, d, at + 44, left - 44, n)
        }
        _ => {
            if left < 16 {
                return Ok(false);
            }
            let n = r.w(12)?;
            r.line(
                cx,
                &[
                    (" seqnum ", 0, false),
                    (", type ", 4, false),
                    (", idx ", 8, false),
                    (", records ", 12, false),
                ],
            )?;
            counter_records(cx, d, at + 16, left - 16, n)
        }
    }
}

pub fn print_udp(cx: &mut Ctx, p: &PortPayload) -> R<bool> {
    cx.proto = "sflow";
    let d = p.captured;
    let len = p.length;
    let ipv = d.be32(4)?;
    if (len < HEADER_V4 && ipv == 1) || (len < HEADER_V6 && ipv == 2) {
        cx.s("sFlowv");
        cx.u(d.be32(0)? as u64);
        cx.bad_len("length", len as u64, "<", HEADER_V4 as u64);
        cx.s(" (invalid)");
        return Ok(true);
    }
    d.range(0, HEADER_V4)?;
    let version = d.be32(0)?;
    if version != 5 {
        cx.s("sFlow version ");
        cx.u(version as u64);
        cx.s(" packet not supported");
        return Ok(true);
    }
    let v6 = ipv != 1;
    let addr_len = if v6 { 16 } else { 4 };
    let agent = d.range(8, addr_len)?;
    let rest = 8 + addr_len;
    let agent_id = d.be32(rest)?;
    let verbose = cx.opts.verbose > 0;
    let (seq, uptime, mut n) = if verbose {
        (d.be32(rest + 4)?, d.be32(rest + 8)?, d.be32(rest + 12)?)
    } else {
        (0, 0, 0)
    };
    cx.s("sFlowv5, ");
    cx.s(if v6 { "IPv6" } else { "IPv4" });
    cx.s(" agent ");
    if v6 {
        cx.ipv6(agent);
    } else {
        cx.ipv4(agent);
    }
    cx.s(", agent-id ");
    cx.u(agent_id as u64);
    if !verbose {
        cx.s(", length ");
        cx.u(len as u64);
        return Ok(true);
    }
    cx.s(", seqnum ");
    cx.u(seq as u64);
    cx.s(", uptime ");
    cx.u(uptime as u64);
    cx.s(", samples ");
    cx.u(n as u64);
    cx.s(", length ");
    cx.u(len as u64);
    let header = if v6 { HEADER_V6 } else { HEADER_V4 };
    if len < header {
        cx.bad_len("tlen", len as u64, "<", header as u64);
        return invalid(cx, d, 0, len).map(|_| true);
    }
    let mut at = header;
    let mut left = len - header;
    while n != 0 && left != 0 {
        let format = d.be32(at)? & 0x0fff;
        let slen = d.be32(at + 4)? as usize;
        if left < 8 {
            return invalid(cx, d, at, left).map(|_| true);
        }
        at += 8;
        left -= 8;
        cx.s("\n\t");
        name(cx, SAMPLE_FORMATS, format);
        cx.s(" (");
        cx.u(format as u64);
        cx.s("), length ");
        cx.u(slen as u64);
        cx.b(b',');
        if format == 0 || slen == 0 {
            return Ok(true);
        }
        if left < slen {
            return invalid(cx, d, at, left).map(|_| true);
        }
        d.range(at, slen)?;
        match format {
            1..=4 => {
                if !sample(cx, d, at, left, format)? {
                    return invalid(cx, d, at, left).map(|_| true);
                }
            }
            _ => {
                if cx.opts.verbose <= 1 {
                    unknown_data(cx, &d[at..], "\n\t    ", slen);
                }
            }
        }
        at += slen;
        left -= slen;
        n -= 1;
    }
    Ok(true)
}
