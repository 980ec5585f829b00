//! Encapsulations that move the offsets of everything compiled after them:
//! `vlan`, `mpls`, `pppoed`/`pppoes` and `geneve`. Like libpcap, the shift
//! applies from left to right in the text, whatever the boolean structure
//! (`vlan or ip` tests `ip` after a VLAN tag).

use super::link::{self, ethertype as et};
use super::names::IPPROTO_UDP;
use super::pred::Pred;
use super::subgraph::{NodeEnd, SubGraph, Target};
use super::{err, not_supported, AbsOff, Capture, Cx, Rel, Result};
use crate::cbpf::{op, Insn};
use crate::syntax::Dir;
use crate::LinkType;

const GENEVE_PORT: u32 = 6081;
const VXLAN_PORT: u32 = 4789;

fn s(code: u16, k: u32) -> Insn {
    Insn::stmt(code, k)
}

/// The pseudo-offset of a Linux socket metadata field (`SKF_AD_*`).
fn ancillary(field: u32) -> u32 {
    op::SKF_AD_OFF + field
}

impl Cx<'_> {
    pub fn vlan(&mut self, id: Option<u32>) -> Result<Pred> {
        if self.label_depth > 0 {
            return err("no VLAN match after MPLS");
        }
        match self.linktype.0 {
            1 | 105 | 119 | 163 | 127 => {}
            _ => return not_supported(self.named_linktype, "vlan"),
        }
        let q = link::linktype(self, et::VLAN_8021Q)?;
        let ad = link::linktype(self, et::VLAN_8021AD)?;
        let qinq = link::linktype(self, et::VLAN_QINQ)?;
        let mut p = q.or(ad).or(qinq);
        if let Some(id) = id {
            if id > 0x0fff {
                return err(format!("VLAN tag {id} greater than maximum 4095"));
            }
        }
        let vid = match id {
            Some(id) => Some(self.mcmp(Rel::LinkPl, 0, op::H, id, 0x0fff)?),
            None => None,
        };
        if self.vlan_in_metadata() {
            return self.vlan_from_metadata(p, vid);
        }
        if let Some(vid) = vid {
            p = p.and(vid);
        }
        if let Some(pl) = self.off_linkpl.as_mut() {
            pl.k += 4;
        }
        if let Some(lt) = self.off_linktype.as_mut() {
            lt.k += 4;
        }
        self.vlan_depth += 1;
        Ok(p)
    }

    /// Whether the outermost tag may be in the socket's metadata rather
    /// than in the frame: a live capture on Linux, where the kernel takes
    /// the outer 802.1Q tag off Ethernet frames (libpcap's special VLAN
    /// handling). Only for the first `vlan` on the capture's own Ethernet
    /// header.
    fn vlan_in_metadata(&self) -> bool {
        self.opts.capture == Capture::Live
            && self.opts.linktype == LinkType::ETHERNET
            && self.linktype == LinkType::ETHERNET
            && self.vlan_depth == 0
            && self.off_linkhdr == AbsOff::fixed(0)
    }

    /// `vlan [id]` where the tag is either in the metadata
    /// (`SKF_AD_VLAN_TAG_PRESENT`, `SKF_AD_VLAN_TAG`) or, when the metadata
    /// says none, in the frame. Which one is known only at run time, so
    /// the offsets of what follows become variable: the frame path adds
    /// the tag's 4 bytes to their scratch slots (zeroed at the start),
    /// the metadata path leaves them. `tpid` tests the frame's TPID and
    /// `vid` the frame's VLAN ID, both at the offsets before the tag.
    fn vlan_from_metadata(&mut self, tpid: Pred, vid: Option<Pred>) -> Result<Pred> {
        let present = Pred::test(
            vec![s(
                op::LD | op::B | op::ABS,
                ancillary(op::SKF_AD_VLAN_TAG_PRESENT),
            )],
            op::JEQ,
            1,
        );
        let mut shift = Vec::new();
        let pl = self.linkpl()?;
        let lt = self
            .off_linktype
            .ok_or_else(|| link::no_filtering_error(self))?;
        let pl_reg = match pl.var {
            Some(r) => r,
            None => self.alloc_reg()?,
        };
        let lt_reg = match lt.var {
            Some(r) => r,
            None => self.alloc_reg()?,
        };
        for reg in [pl_reg, lt_reg] {
            shift.extend([
                s(op::LD | op::MEM, reg),
                s(op::ALU | op::ADD | op::K, 4),
                s(op::ST, reg),
            ]);
        }
        self.zeroed_slots.extend([pl_reg, lt_reg]);
        self.off_linkpl = Some(AbsOff {
            var: Some(pl_reg),
            k: pl.k,
        });
        self.off_linktype = Some(AbsOff {
            var: Some(lt_reg),
            k: lt.k,
        });
        self.vlan_depth += 1;
        let mut p = present.or(tpid.prepend(shift));
        if let Some(vid) = vid {
            p = p.and(vid_from_metadata(vid)?);
        }
        Ok(p)
    }

    pub fn mpls(&mut self, label: Option<u32>) -> Result<Pred> {
        let mut p = if self.label_depth > 0 {
            // Inside a label stack: the previous label is not the bottom.
            self.mcmp(Rel::PrevMplsHdr, 2, op::B, 0, 0x01)?
        } else {
            match self.linktype.0 {
                1 | 104 | 112 => link::linktype(self, et::MPLS)?,
                9 => link::linktype(self, 0x0281)?,
                _ => return not_supported(self.named_linktype, "mpls"),
            }
        };
        if let Some(label) = label {
            if label > 0xfffff {
                return err(format!("MPLS label {label} greater than maximum 1048575"));
            }
            let l = self.mcmp(Rel::LinkPl, 0, op::W, label << 12, 0xffff_f000)?;
            p = p.and(l);
        }
        self.off_nl_nosnap = self.off_nl_nosnap.wrapping_add(4);
        self.off_nl = self.off_nl.wrapping_add(4);
        self.label_depth += 1;
        Ok(p)
    }

    pub fn pppoed(&mut self) -> Result<Pred> {
        link::linktype(self, et::PPPOED)
    }

    pub fn pppoes(&mut self, id: Option<u32>) -> Result<Pred> {
        let mut p = link::linktype(self, et::PPPOES)?;
        if let Some(id) = id {
            if id > 0xffff {
                return err(format!(
                    "PPPoE session number {id} greater than maximum 65535"
                ));
            }
            let c = self.mcmp(Rel::LinkPl, 0, op::W, id, 0xffff)?;
            p = p.and(c);
        }
        // What follows is PPP, after the 6-byte PPPoE header.
        let pl = self.linkpl()?;
        let hdr = AbsOff {
            var: pl.var,
            // (Wrapping as in C: some link types leave offsets unset.)
            k: pl.k.wrapping_add(self.off_nl).wrapping_add(6),
        };
        self.off_prevlinkhdr = Some(self.off_linkhdr);
        self.linktype = LinkType::PPP;
        self.named_linktype = LinkType::PPP;
        self.off_linkhdr = hdr;
        self.off_linktype = Some(hdr);
        self.off_linkpl = Some(AbsOff {
            var: hdr.var,
            k: hdr.k.wrapping_add(2),
        });
        self.off_nl = 0;
        self.off_nl_nosnap = 0;
        self.is_geneve = false;
        Ok(p)
    }

    /// The Geneve header checks for one IP version (after the UDP port).
    fn geneve_check(&mut self, v6: bool, vni: Option<u32>) -> Result<Pred> {
        let port = if v6 {
            self.port6(GENEVE_PORT, IPPROTO_UDP, Dir::Dst)?
        } else {
            self.port(GENEVE_PORT, IPPROTO_UDP, Dir::Dst)?
        };
        let rel = if v6 { Rel::TranIpv6 } else { Rel::TranIpv4 };
        // Version 0 (the top two bits of the first byte).
        let ver = self.mcmp(rel, 8, op::B, 0, 0xc0)?;
        let mut p = port.and(ver);
        if let Some(vni) = vni {
            if vni > 0xff_ffff {
                return err(format!("Geneve VNI {vni} greater than maximum 16777215"));
            }
            let c = self.mcmp(rel, 12, op::W, vni << 8, 0xffff_ff00)?;
            p = p.and(c);
        }
        Ok(p)
    }

    pub fn geneve(&mut self, vni: Option<u32>) -> Result<Pred> {
        let pl = self.linkpl()?;
        let v4 = self.geneve_check(false, vni)?;
        // Leave the UDP header's offset (relative to the network layer) in
        // A and X for the offset computation.
        let (mut x4, _) = self.loadx_iphdrlen()?;
        x4.push(s(op::MISC | op::TXA, 0));
        let v4 = v4.and(Pred::test_x(x4, op::JEQ));
        let v6 = self.geneve_check(true, vni)?;
        let x6 = vec![s(op::LD | op::IMM, 40), s(op::MISC | op::TAX, 0)];
        let v6 = v6.and(Pred::test_x(x6, op::JEQ));

        let lt_slot = self.alloc_reg()?;
        let hdr_slot = self.alloc_reg()?;
        let pl_slot = self.alloc_reg()?;
        self.zeroed_slots.extend([lt_slot, hdr_slot, pl_slot]);
        self.used_geneve = true;
        let mut g = SubGraph::default();
        g.push(
            vec![
                // X = start of the Geneve header.
                s(
                    op::ALU | op::ADD | op::K,
                    pl.k.wrapping_add(self.off_nl).wrapping_add(8),
                ),
                s(op::MISC | op::TAX, 0),
                // Its protocol type field.
                s(op::ALU | op::ADD | op::K, 2),
                s(op::ST, lt_slot),
                // Options length, in 4-byte words, plus the 8-byte header.
                s(op::LD | op::IND | op::B, 0),
                s(op::ALU | op::AND | op::K, 0x3f),
                s(op::ALU | op::MUL | op::K, 4),
                s(op::ALU | op::ADD | op::K, 8),
                s(op::ALU | op::ADD | op::X, 0),
                s(op::ST, hdr_slot),
                s(op::LD | op::IND | op::H, 2),
                s(op::LDX | op::MEM, hdr_slot),
            ],
            SubGraph::branch(op::JEQ, et::TEB, Target::Node(1), Target::Node(2)),
        );
        // Bridged Ethernet: the type field and payload follow an
        // Ethernet header.
        g.push(
            vec![
                s(op::MISC | op::TXA, 0),
                s(op::ALU | op::ADD | op::K, 12),
                s(op::ST, lt_slot),
                s(op::ALU | op::ADD | op::K, 2),
                s(op::MISC | op::TAX, 0),
            ],
            NodeEnd::Goto(Target::Node(2)),
        );
        g.push(vec![s(op::STX, pl_slot)], NodeEnd::Goto(Target::True));

        self.enter_tunnel(hdr_slot, lt_slot, pl_slot);
        Ok(v4.or(v6).and(Pred::Sub(Box::new(g))))
    }

    /// `vxlan [vni]`: UDP to port 4789 with the VNI flag set (RFC 7348),
    /// then an Ethernet frame after the 8-byte VXLAN header.
    pub fn vxlan(&mut self, vni: Option<u32>) -> Result<Pred> {
        if let Some(vni) = vni {
            if vni > 0xff_ffff {
                return err(format!("VXLAN VNI {vni} greater than maximum 16777215"));
            }
        }
        let pl = self.linkpl()?;
        let check = |cx: &mut Self, v6: bool| -> Result<Pred> {
            let port = if v6 {
                cx.port6(VXLAN_PORT, IPPROTO_UDP, Dir::Dst)?
            } else {
                cx.port(VXLAN_PORT, IPPROTO_UDP, Dir::Dst)?
            };
            let rel = if v6 { Rel::TranIpv6 } else { Rel::TranIpv4 };
            let flags = cx.cmp(rel, 8, op::B, 0x08)?;
            let mut p = port.and(flags);
            if let Some(vni) = vni {
                p = p.and(cx.mcmp(rel, 12, op::W, vni << 8, 0xffff_ff00)?);
            }
            Ok(p)
        };
        let v4 = check(self, false)?;
        // Leave the UDP header's offset (relative to the network layer) in
        // A and X for the offset computation, as for Geneve.
        let (mut x4, _) = self.loadx_iphdrlen()?;
        x4.push(s(op::MISC | op::TXA, 0));
        let v4 = v4.and(Pred::test_x(x4, op::JEQ));
        let v6 = check(self, true)?;
        let x6 = vec![s(op::LD | op::IMM, 40), s(op::MISC | op::TAX, 0)];
        let v6 = v6.and(Pred::test_x(x6, op::JEQ));

        let hdr_slot = self.alloc_reg()?;
        let lt_slot = self.alloc_reg()?;
        let pl_slot = self.alloc_reg()?;
        self.zeroed_slots.extend([hdr_slot, lt_slot, pl_slot]);
        self.used_geneve = true;
        let mut g = SubGraph::default();
        g.push(
            vec![
                // The inner Ethernet header: after the UDP and VXLAN headers.
                s(
                    op::ALU | op::ADD | op::K,
                    pl.k.wrapping_add(self.off_nl).wrapping_add(8 + 8),
                ),
                s(op::ST, hdr_slot),
                s(op::ALU | op::ADD | op::K, 12),
                s(op::ST, lt_slot),
                s(op::ALU | op::ADD | op::K, 2),
                s(op::MISC | op::TAX, 0),
                s(op::STX, pl_slot),
            ],
            NodeEnd::Goto(Target::True),
        );
        self.enter_tunnel(hdr_slot, lt_slot, pl_slot);
        Ok(v4.or(v6).and(Pred::Sub(Box::new(g))))
    }

    /// What follows a Geneve or VXLAN header is read at the offsets the
    /// tunnel's code leaves in these scratch slots, as Ethernet.
    fn enter_tunnel(&mut self, hdr_slot: u32, lt_slot: u32, pl_slot: u32) {
        let at = |slot: u32| AbsOff {
            var: Some(slot),
            k: 0,
        };
        self.off_prevlinkhdr = Some(self.off_linkhdr);
        self.off_linkhdr = at(hdr_slot);
        self.off_linktype = Some(at(lt_slot));
        self.off_linkpl = Some(at(pl_slot));
        self.off_nl = 0;
        self.off_nl_nosnap = 0;
        self.is_geneve = true;
    }
}

/// The VLAN ID test `ldh [tci]; and #0xfff; jeq #id`, reading the TCI
/// from the metadata when a tag is there, else from the frame.
fn vid_from_metadata(vid: Pred) -> Result<Pred> {
    let Pred::Test(t) = vid else {
        return err("internal error: unexpected VLAN ID test");
    };
    let Some((mask, load)) = t.stmts.split_last() else {
        return err("internal error: unexpected VLAN ID test");
    };
    let mut g = SubGraph::default();
    g.push(
        vec![s(
            op::LD | op::B | op::ABS,
            ancillary(op::SKF_AD_VLAN_TAG_PRESENT),
        )],
        SubGraph::branch(op::JEQ, 1, Target::Node(1), Target::Node(2)),
    );
    g.push(
        vec![s(op::LD | op::H | op::ABS, ancillary(op::SKF_AD_VLAN_TAG))],
        NodeEnd::Goto(Target::Node(3)),
    );
    g.push(load.to_vec(), NodeEnd::Goto(Target::Node(3)));
    g.push(
        vec![*mask],
        NodeEnd::Branch {
            code: t.code,
            k: t.k,
            jt: Target::True,
            jf: Target::False,
        },
    );
    Ok(Pred::Sub(Box::new(g)))
}
