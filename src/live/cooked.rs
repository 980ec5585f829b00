//! Cooked captures (`-i any`, and interfaces without a usable link
//! header): the socket delivers network-layer packets plus a `sockaddr_ll`,
//! and we rebuild the `LINUX_SLL` / `LINUX_SLL2` pseudo-header that capture
//! files and filters expect.
//!
//! The kernel runs the filter on the network-layer packet, without our
//! pseudo-header, so a filter compiled for the cooked link type is rewritten
//! before it is attached: loads past the header are moved back by the
//! header's length, loads of the header fields the kernel knows (protocol,
//! packet type, interface index) become its ancillary loads, and anything
//! else makes the filter run in user space instead.

use crate::cbpf::{op, Insn, Program};
use crate::LinkType;

pub const SLL_HDR_LEN: usize = 16;
pub const SLL2_HDR_LEN: usize = 20;

/// Length of the cooked header for `linktype`.
pub fn header_len(linktype: LinkType) -> usize {
    if linktype == LinkType::LINUX_SLL2 {
        SLL2_HDR_LEN
    } else {
        SLL_HDR_LEN
    }
}

/// Write the cooked header for a packet received with `addr` into `out`
/// (exactly `header_len(linktype)` bytes).
pub fn write_header(linktype: LinkType, addr: &libc::sockaddr_ll, out: &mut [u8]) {
    let halen = addr.sll_halen.min(8) as usize;
    // sll_protocol is already in network byte order.
    let protocol = addr.sll_protocol.to_ne_bytes();
    if linktype == LinkType::LINUX_SLL2 {
        out[0..2].copy_from_slice(&protocol);
        out[2..4].copy_from_slice(&[0, 0]);
        out[4..8].copy_from_slice(&(addr.sll_ifindex as u32).to_be_bytes());
        out[8..10].copy_from_slice(&addr.sll_hatype.to_be_bytes());
        out[10] = addr.sll_pkttype;
        out[11] = addr.sll_halen;
        out[12..20].fill(0);
        out[12..12 + halen].copy_from_slice(&addr.sll_addr[..halen]);
    } else {
        out[0..2].copy_from_slice(&u16::from(addr.sll_pkttype).to_be_bytes());
        out[2..4].copy_from_slice(&addr.sll_hatype.to_be_bytes());
        out[4..6].copy_from_slice(&u16::from(addr.sll_halen).to_be_bytes());
        out[6..14].fill(0);
        out[6..6 + halen].copy_from_slice(&addr.sll_addr[..halen]);
        out[14..16].copy_from_slice(&protocol);
    }
}

/// Rewrite `program`, compiled for the cooked `linktype`, to run on the
/// kernel's view of the packet (network layer first). `None` if it reads
/// something the kernel can't supply; then filter in user space.
pub fn kernel_program(program: &[Insn], linktype: LinkType) -> Option<Program> {
    let hdr = header_len(linktype) as u32;
    let ancillary = |field: u32| op::SKF_AD_OFF + field;
    let mut fixed = program.to_vec();
    for insn in &mut fixed {
        let class = insn.class();
        if class != op::LD && class != op::LDX {
            continue;
        }
        match op::mode(insn.code) {
            // The kernel's `len` is the network-layer length; ours counts
            // the cooked header too.
            op::LEN => return None,
            op::ABS | op::IND | op::MSH => {
                let k = insn.k;
                if (k as i32) < 0 {
                    continue; // Ancillary or SKF_NET_OFF/SKF_LL_OFF loads.
                }
                if k >= hdr {
                    insn.k = k - hdr;
                    continue;
                }
                // Inside the header: only absolute loads of whole fields
                // map onto the kernel's ancillary data.
                if op::mode(insn.code) != op::ABS || class != op::LD {
                    return None;
                }
                let size = op::size(insn.code);
                let field = if linktype == LinkType::LINUX_SLL2 {
                    match (k, size) {
                        (0, op::H) => op::SKF_AD_PROTOCOL,
                        (4, op::W) => op::SKF_AD_IFINDEX,
                        (10, op::B) => op::SKF_AD_PKTTYPE,
                        _ => return None,
                    }
                } else {
                    match (k, size) {
                        // pkttype is a 16-bit field in v1, but its high byte
                        // is always 0.
                        (0, op::H) => op::SKF_AD_PKTTYPE,
                        (14, op::H) => op::SKF_AD_PROTOCOL,
                        _ => return None,
                    }
                };
                insn.k = ancillary(field);
            }
            _ => {}
        }
    }
    Some(fixed)
}

/// `ld [SKF_AD_PKTTYPE]; jeq #PACKET_OUTGOING ...; ret #0; ld #0` in front
/// of `program`, so that only packets in the wanted direction reach it.
/// `want_outgoing` selects which side passes. Relative jumps in `program`
/// are unaffected by prepending; `ld #0` restores the A = 0 a program may
/// assume at entry.
pub fn prepend_direction_check(program: &[Insn], want_outgoing: bool) -> Program {
    const PACKET_OUTGOING: u32 = 4;
    let (jt, jf) = if want_outgoing { (1, 0) } else { (0, 1) };
    let mut out = vec![
        Insn::stmt(
            op::LD | op::B | op::ABS,
            op::SKF_AD_OFF + op::SKF_AD_PKTTYPE,
        ),
        Insn::jump(op::JMP | op::JEQ | op::K, PACKET_OUTGOING, jt, jf),
        Insn::stmt(op::RET | op::K, 0),
        Insn::stmt(op::LD | op::IMM, 0),
    ];
    out.extend_from_slice(program);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr() -> libc::sockaddr_ll {
        libc::sockaddr_ll {
            sll_family: libc::AF_PACKET as u16,
            sll_protocol: 0x0800u16.to_be(),
            sll_ifindex: 7,
            sll_hatype: 1,
            sll_pkttype: 4,
            sll_halen: 6,
            sll_addr: [2, 0, 0, 0, 0, 1, 0xee, 0xee],
        }
    }

    #[test]
    fn sll2_header_fields() {
        let mut h = [0xffu8; 20];
        write_header(LinkType::LINUX_SLL2, &addr(), &mut h);
        assert_eq!(
            h,
            [8, 0, 0, 0, 0, 0, 0, 7, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0]
        );
    }

    #[test]
    fn sll_header_fields() {
        let mut h = [0xffu8; 16];
        write_header(LinkType::LINUX_SLL, &addr(), &mut h);
        assert_eq!(h, [0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 8, 0]);
    }

    #[test]
    fn loads_are_moved_to_the_network_layer() {
        let p = vec![
            Insn::stmt(op::LD | op::H | op::ABS, 0),
            Insn::jump(op::JMP | op::JEQ | op::K, 0x800, 0, 3),
            Insn::stmt(op::LDX | op::B | op::MSH, 20),
            Insn::stmt(op::LD | op::H | op::IND, 22),
            Insn::stmt(op::RET | op::K, 262144),
            Insn::stmt(op::RET | op::K, 0),
        ];
        let k = kernel_program(&p, LinkType::LINUX_SLL2).unwrap();
        assert_eq!(k[0].k, op::SKF_AD_OFF + op::SKF_AD_PROTOCOL);
        assert_eq!(k[2].k, 0);
        assert_eq!(k[3].k, 2);
        assert_eq!(k[4], p[4]);
        let len = vec![Insn::stmt(op::LD | op::W | op::LEN, 0)];
        assert_eq!(kernel_program(&len, LinkType::LINUX_SLL2), None);
        let addr_byte = vec![Insn::stmt(op::LD | op::B | op::ABS, 13)];
        assert_eq!(kernel_program(&addr_byte, LinkType::LINUX_SLL2), None);
    }
}
