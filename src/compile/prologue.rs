//! The code run before the filter proper: it computes the variable parts
//! of link-layer offsets into their scratch slots (libpcap's
//! `insert_compute_vloffsets`), for the radiotap header length and the
//! 802.11 header length. Like libpcap, it runs unconditionally at the start
//! of the program, so its loads apply to every packet.

use super::subgraph::{NodeEnd, SubGraph, Target};
use super::{Cx, SLOT_LINKHDR, SLOT_LINKPL};
use crate::cbpf::{op, Insn};
use crate::ir::{BlockId, Graph};

fn s(code: u16, k: u32) -> Insn {
    Insn::stmt(code, k)
}

/// Put the prologue in front of `body`; returns the new entry.
pub fn insert(cx: &Cx, g: &mut Graph, body: BlockId) -> BlockId {
    let radiotap = cx.opts.linktype.0 == 127;
    let wlan = cx.opts.linktype.0 == 105 || radiotap;
    if !wlan {
        return body;
    }
    let need_hdr = radiotap && (cx.used_linkhdr || cx.used_linkpl);
    let need_pl = cx.used_linkpl;
    if !need_hdr && !need_pl {
        return body;
    }
    let mut sub = SubGraph::default();
    let mut first = Vec::new();
    if need_hdr {
        // The radiotap length is a little-endian 16-bit field at offset 2.
        first.extend([
            s(op::LD | op::ABS | op::B, 3),
            s(op::ALU | op::LSH | op::K, 8),
            s(op::MISC | op::TAX, 0),
            s(op::LD | op::ABS | op::B, 2),
            s(op::ALU | op::OR | op::X, 0),
            s(op::ST, SLOT_LINKHDR),
            s(op::MISC | op::TAX, 0),
        ]);
    }
    if !need_pl {
        sub.push(first, NodeEnd::Goto(Target::True));
        return sub.lower(g, body, body);
    }
    if !radiotap {
        first.push(s(op::LDX | op::IMM, 0));
    }
    // X = start of the 802.11 header. The payload follows the 24-byte
    // header, plus 2 for the QoS field of QoS data frames.
    first.extend([
        s(op::MISC | op::TXA, 0),
        s(op::ALU | op::ADD | op::K, 24),
        s(op::ST, SLOT_LINKPL),
        s(op::LD | op::IND | op::B, 0),
    ]);
    // Node indices: 0 data?, 1 ctl?, 2 qos?, 3 add 2, then the radiotap
    // padding checks.
    let after = if radiotap {
        Target::Node(4)
    } else {
        Target::True
    };
    sub.push(
        first,
        SubGraph::branch(op::JSET, 0x08, Target::Node(1), Target::True),
    );
    sub.push(
        vec![],
        SubGraph::branch(op::JSET, 0x04, Target::True, Target::Node(2)),
    );
    sub.push(
        vec![],
        SubGraph::branch(op::JSET, 0x80, Target::Node(3), after),
    );
    sub.push(
        vec![
            s(op::LD | op::MEM, SLOT_LINKPL),
            s(op::ALU | op::ADD | op::K, 2),
            s(op::ST, SLOT_LINKPL),
        ],
        NodeEnd::Goto(after),
    );
    if radiotap {
        // If the radiotap flags field is present and says the 802.11
        // header is padded to a multiple of 4, round the payload offset up.
        // 4: present word (big-endian load of a little-endian field).
        sub.push(
            vec![s(op::LD | op::ABS | op::W, 4)],
            SubGraph::branch(op::JSET, 0x0200_0000, Target::Node(5), Target::True),
        );
        // 5: extended bitmap -> give up.
        sub.push(
            vec![],
            SubGraph::branch(op::JSET, 0x80, Target::True, Target::Node(6)),
        );
        // 6: TSFT present -> flags at 16, else at 8.
        sub.push(
            vec![],
            SubGraph::branch(op::JSET, 0x0100_0000, Target::Node(7), Target::Node(8)),
        );
        sub.push(
            vec![s(op::LD | op::ABS | op::B, 16)],
            SubGraph::branch(op::JSET, 0x20, Target::Node(9), Target::True),
        );
        sub.push(
            vec![s(op::LD | op::ABS | op::B, 8)],
            SubGraph::branch(op::JSET, 0x20, Target::Node(9), Target::True),
        );
        sub.push(
            vec![
                s(op::LD | op::MEM, SLOT_LINKPL),
                s(op::ALU | op::ADD | op::K, 3),
                s(op::ALU | op::AND | op::K, 0xffff_fffc),
                s(op::ST, SLOT_LINKPL),
            ],
            NodeEnd::Goto(Target::True),
        );
    }
    sub.lower(g, body, body)
}
