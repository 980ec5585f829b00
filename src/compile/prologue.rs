//! The code run before the filter proper: it computes the variable parts
//! of link-layer offsets into their scratch slots (libpcap's
//! `insert_compute_vloffsets`), for the radiotap header length and the
//! 802.11 header length. Like libpcap, it runs unconditionally at the start
//! of the program, so its loads apply to every packet.

use super::subgraph::{NodeEnd, SubGraph, Target};
use super::Cx;
use crate::cbpf::{op, Insn};
use crate::ir::{BlockId, Graph};

fn s(code: u16, k: u32) -> Insn {
    Insn::stmt(code, k)
}

/// Put the prologue in front of `body`; returns the new entry. `reject`
/// is the program's `ret #0` (for PPI's per-packet link type check).
pub fn insert(cx: &Cx, g: &mut Graph, body: BlockId, reject: BlockId, empty: bool) -> BlockId {
    let lt = cx.opts.linktype.0;
    let entry = compute_offsets(cx, g, body);
    if lt == 192 && !empty {
        // PPI: only 802.11 frames (the DLT in the PPI header, little-endian).
        let mut sub = SubGraph::default();
        sub.push(
            vec![s(op::LD | op::ABS | op::W, 4)],
            SubGraph::branch(op::JEQ, 105u32.swap_bytes(), Target::True, Target::False),
        );
        return sub.lower(g, entry, reject, reject);
    }
    entry
}

fn compute_offsets(cx: &Cx, g: &mut Graph, body: BlockId) -> BlockId {
    let lt = cx.opts.linktype.0;
    if lt == 117 {
        let Some(pl_reg) = cx.linkpl_reg else {
            return body;
        };
        // pflog: the header's length, rounded up to a multiple of 4.
        let mut sub = SubGraph::default();
        sub.push(
            vec![
                s(op::LD | op::ABS | op::B, 0),
                s(op::ALU | op::ADD | op::K, 3),
                s(op::ALU | op::AND | op::K, 0xffff_fffc),
                s(op::ST, pl_reg),
            ],
            NodeEnd::Goto(Target::True),
        );
        return sub.lower(g, body, body, body);
    }
    // Link types with a radio header of variable length in front of 802.11.
    let prefixed = matches!(lt, 127 | 119 | 163 | 192);
    // The radiotap padding check, as libpcap decides it: by the link type
    // in effect at the END of the expression, which `pppoes` (PPP) and
    // `geneve` (Ethernet) replace, so after them libpcap leaves it out, for
    // the whole program. (A padded frame is then read at the unpadded
    // offsets, as tcpdump does.)
    let radiotap = lt == 127 && cx.linktype == crate::LinkType::IEEE802_11_RADIO && !cx.is_geneve;
    let wlan = lt == 105 || prefixed;
    if !wlan {
        return body;
    }
    // As libpcap: the radio header length is computed if its register was
    // assigned, the payload offset if its register was (with X = 0 as the
    // header's start when the former was not).
    let need_hdr = prefixed && cx.linkhdr_reg.is_some();
    let need_pl = cx.linkpl_reg.is_some();
    let hdr_reg = cx.linkhdr_reg.unwrap_or(0);
    let pl_reg = cx.linkpl_reg.unwrap_or(0);
    if !need_hdr && !need_pl {
        return body;
    }
    let mut sub = SubGraph::default();
    let mut first = Vec::new();
    if need_hdr && lt == 119 {
        // Prism, or AVS behind a Prism link type: an AVS cookie means the
        // length is the big-endian word at 4, else the Prism header is 144.
        sub.push(
            vec![
                s(op::LD | op::ABS | op::W, 0),
                s(op::ALU | op::AND | op::K, 0xffff_f000),
            ],
            SubGraph::branch(op::JEQ, 0x8021_1000, Target::Node(1), Target::Node(2)),
        );
        sub.push(
            vec![s(op::LD | op::ABS | op::W, 4)],
            NodeEnd::Goto(Target::Node(3)),
        );
        sub.push(
            vec![s(op::LD | op::IMM, 144)],
            NodeEnd::Goto(Target::Node(3)),
        );
        first.extend([s(op::ST, hdr_reg), s(op::MISC | op::TAX, 0)]);
    } else if need_hdr && lt == 163 {
        // AVS: big-endian header length at offset 4.
        first.extend([
            s(op::LD | op::ABS | op::W, 4),
            s(op::ST, hdr_reg),
            s(op::MISC | op::TAX, 0),
        ]);
    } else if need_hdr {
        // radiotap and PPI: a little-endian 16-bit length at offset 2.
        first.extend([
            s(op::LD | op::ABS | op::B, 3),
            s(op::ALU | op::LSH | op::K, 8),
            s(op::MISC | op::TAX, 0),
            s(op::LD | op::ABS | op::B, 2),
            s(op::ALU | op::OR | op::X, 0),
            s(op::ST, hdr_reg),
            s(op::MISC | op::TAX, 0),
        ]);
    }
    // Node numbers below are relative to `base`.
    let base = sub.nodes.len();
    if !need_pl {
        sub.push(first, NodeEnd::Goto(Target::True));
        return sub.lower(g, body, body, body);
    }
    if !need_hdr {
        first.push(s(op::LDX | op::IMM, 0));
    }
    // X = start of the 802.11 header. The payload follows the 24-byte
    // header, plus 2 for the QoS field of QoS data frames.
    first.extend([
        s(op::MISC | op::TXA, 0),
        s(op::ALU | op::ADD | op::K, 24),
        s(op::ST, pl_reg),
        s(op::LD | op::IND | op::B, 0),
    ]);
    // Node indices: 0 data?, 1 ctl?, 2 qos?, 3 add 2, then the radiotap
    // padding checks.
    let n = |i: usize| Target::Node(base + i);
    let after = if radiotap { n(4) } else { Target::True };
    sub.push(first, SubGraph::branch(op::JSET, 0x08, n(1), Target::True));
    sub.push(vec![], SubGraph::branch(op::JSET, 0x04, Target::True, n(2)));
    sub.push(vec![], SubGraph::branch(op::JSET, 0x80, n(3), after));
    sub.push(
        vec![
            s(op::LD | op::MEM, pl_reg),
            s(op::ALU | op::ADD | op::K, 2),
            s(op::ST, pl_reg),
        ],
        NodeEnd::Goto(after),
    );
    if radiotap {
        // If the radiotap flags field is present and says the 802.11
        // header is padded to a multiple of 4, round the payload offset up.
        // 4: present word (big-endian load of a little-endian field).
        sub.push(
            vec![s(op::LD | op::ABS | op::W, 4)],
            SubGraph::branch(op::JSET, 0x0200_0000, n(5), Target::True),
        );
        // 5: extended bitmap -> give up.
        sub.push(vec![], SubGraph::branch(op::JSET, 0x80, Target::True, n(6)));
        // 6: TSFT present -> flags at 16, else at 8.
        sub.push(vec![], SubGraph::branch(op::JSET, 0x0100_0000, n(7), n(8)));
        sub.push(
            vec![s(op::LD | op::ABS | op::B, 16)],
            SubGraph::branch(op::JSET, 0x20, n(9), Target::True),
        );
        sub.push(
            vec![s(op::LD | op::ABS | op::B, 8)],
            SubGraph::branch(op::JSET, 0x20, n(9), Target::True),
        );
        sub.push(
            vec![
                s(op::LD | op::MEM, pl_reg),
                s(op::ALU | op::ADD | op::K, 3),
                s(op::ALU | op::AND | op::K, 0xffff_fffc),
                s(op::ST, pl_reg),
            ],
            NodeEnd::Goto(Target::True),
        );
    }
    sub.lower(g, body, body, body)
}
