//! SunATM (`DLT_SUNATM`): a 4-byte header before each AAL5 frame (flags
//! and traffic type, VPI, VCI), and the cell types libpcap names by the
//! virtual channel they use. `lane` turns what follows into LAN Emulation:
//! an Ethernet frame after a 2-byte LE header, LE control frames (LECID
//! 0xff00) excluded from every link-layer test.

use super::pred::Pred;
use super::{err, AbsOff, Cx, Result};
use crate::cbpf::op;
use crate::syntax::{AtmField, AtmKind, RelOp};
use crate::LinkType;

const VPI: u32 = 1;
const VCI: u32 = 2;
/// The Q.2931 message type of a signalling frame.
const MSG_TYPE: u32 = 9;
/// The LE header's LECID.
const LECID: u32 = 4;
/// Traffic types in the low nibble of the first byte.
const TRAFFIC_LANE: u32 = 1;
/// Q.2931 message types.
const CALL_PROCEEDING: u32 = 0x02;
const SETUP: u32 = 0x05;
const CONNECT: u32 = 0x07;
const CONNECT_ACK: u32 = 0x0f;
const RELEASE: u32 = 0x4d;
const RELEASE_DONE: u32 = 0x5a;

impl Cx<'_> {
    fn sunatm_only(&self, keyword: &str) -> Result<()> {
        if self.opts.linktype.0 != 123 {
            return err(format!("'{keyword}' supported only on SUNATM"));
        }
        Ok(())
    }

    /// A comparison at an offset from the start of the packet.
    fn abs_test(&mut self, off: u32, size: u16, jop: u16, v: u32) -> Result<Pred> {
        let stmts = self.load_abs(AbsOff::fixed(0), off, size)?;
        Ok(Pred::test(stmts, jop, v))
    }

    /// VPI 0 and this VCI: a well-known virtual channel.
    fn channel(&mut self, vci: u32) -> Result<Pred> {
        let vpi = self.abs_test(VPI, op::B, op::JEQ, 0)?;
        let vci = self.abs_test(VCI, op::H, op::JEQ, vci)?;
        Ok(vpi.and(vci))
    }

    fn message_types(&mut self, types: &[u32]) -> Result<Pred> {
        let mut tests = Vec::new();
        for &t in types {
            tests.push(self.abs_test(MSG_TYPE, op::B, op::JEQ, t)?);
        }
        Ok(Pred::any(tests))
    }

    pub fn atm(&mut self, kind: AtmKind) -> Result<Pred> {
        self.sunatm_only(kind.keyword())?;
        Ok(match kind {
            AtmKind::Lane => {
                let stmts = self.load_abs(AbsOff::fixed(0), 0, op::B)?;
                let p = Pred::test(
                    [
                        stmts,
                        vec![crate::cbpf::Insn::stmt(op::ALU | op::AND | op::K, 0x0f)],
                    ]
                    .concat(),
                    op::JEQ,
                    TRAFFIC_LANE,
                );
                // What follows is Ethernet, after the LE header.
                self.is_lane = true;
                self.linktype = LinkType::ETHERNET;
                self.off_linkhdr = AbsOff::fixed(6);
                self.off_linktype = Some(AbsOff::fixed(18));
                self.off_linkpl = Some(AbsOff::fixed(20));
                self.off_nl = 0;
                self.off_nl_nosnap = 3;
                p
            }
            AtmKind::Oam | AtmKind::OamF4 => {
                let vpi = self.abs_test(VPI, op::B, op::JEQ, 0)?;
                let sc = self.abs_test(VCI, op::H, op::JEQ, 3)?;
                let ec = self.abs_test(VCI, op::H, op::JEQ, 4)?;
                vpi.and(sc.or(ec))
            }
            AtmKind::OamF4Ec => self.channel(4)?,
            AtmKind::OamF4Sc => self.channel(3)?,
            AtmKind::Metac => self.channel(1)?,
            AtmKind::Bcc => self.channel(2)?,
            AtmKind::Sc => self.channel(5)?,
            AtmKind::Ilmic => self.channel(16)?,
            AtmKind::ConnectMsg => {
                let ch = self.channel(5)?;
                let m = self.message_types(&[
                    RELEASE_DONE,
                    RELEASE,
                    CONNECT_ACK,
                    CONNECT,
                    SETUP,
                    CALL_PROCEEDING,
                ])?;
                ch.and(m)
            }
            AtmKind::MetaConnect => {
                let ch = self.channel(1)?;
                let m =
                    self.message_types(&[RELEASE_DONE, RELEASE, CONNECT, SETUP, CALL_PROCEEDING])?;
                ch.and(m)
            }
        })
    }

    /// `vpi` / `vci` compared with values.
    pub fn atm_field(&mut self, field: AtmField, rel: RelOp, values: &[u32]) -> Result<Pred> {
        self.sunatm_only(field.keyword())?;
        let (off, size, max, name) = match field {
            AtmField::Vpi => (VPI, op::B, 255, "VPI"),
            AtmField::Vci => (VCI, op::H, 65535, "VCI"),
        };
        let mut tests = Vec::new();
        for &v in values {
            if v > max {
                return err(format!("{name} {v} greater than maximum {max}"));
            }
            let (jop, negate) = match rel {
                RelOp::Eq => (op::JEQ, false),
                RelOp::Ne => (op::JEQ, true),
                RelOp::Gt => (op::JGT, false),
                RelOp::Ge => (op::JGE, false),
                RelOp::Lt => (op::JGE, true),
                RelOp::Le => (op::JGT, true),
            };
            let t = self.abs_test(off, size, jop, v)?;
            tests.push(if negate { t.not() } else { t });
        }
        Ok(Pred::any(tests))
    }

    /// After `lane`: a link-layer test applies to LE data frames only.
    pub fn lane_data(&mut self, p: Pred) -> Result<Pred> {
        if !self.is_lane {
            return Ok(p);
        }
        let control = self.abs_test(LECID, op::H, op::JEQ, 0xff00)?;
        Ok(control.not().and(p))
    }
}
