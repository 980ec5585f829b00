//! 802.2 LLC frames: `llc`, `llc i|s|u`, and the S and U frame subtypes.

use super::link::ETHERMTU;
use super::pred::Pred;
use super::{not_supported, Cx, Rel, Result};
use crate::cbpf::op;
use crate::syntax::LlcKind;

impl Cx<'_> {
    /// "This frame is 802.2 LLC" for the current link type.
    fn llc_frame(&mut self) -> Result<Pred> {
        match self.lt().0 {
            // libpcap's development version has no `llc` behind netANALYZER
            // headers (it has behind switch tags).
            1 if matches!(self.named_linktype.0, 240 | 241) => {
                not_supported(self.named_linktype, "llc")
            }
            1 => {
                let len = self.cmp_gt(Rel::LinkType, 0, op::H, ETHERMTU)?.not();
                // Rule out Novell "raw 802.3" (0xffff where the SAPs are).
                let not_raw = self.cmp(Rel::Llc, 0, op::H, 0xffff)?.not();
                Ok(len.and(not_raw))
            }
            123 => self.mcmp(Rel::LinkHdr, 0, op::B, 2, 0x0f),
            6 | 10 | 100 => Ok(Pred::True),
            105 | 127 | 119 | 163 | 192 => super::link::check_80211_data_frame(self),
            _ => not_supported(self.named_linktype, "llc"),
        }
    }

    pub fn llc(&mut self, kind: LlcKind) -> Result<Pred> {
        let frame = self.llc_frame()?;
        let t = match kind {
            LlcKind::Any => return Ok(frame),
            LlcKind::I => self.jset(Rel::Llc, 2, op::B, 0x01)?.not(),
            LlcKind::S => self.mcmp(Rel::Llc, 2, op::B, 0x01, 0x03)?,
            LlcKind::U => self.mcmp(Rel::Llc, 2, op::B, 0x03, 0x03)?,
            LlcKind::SSubtype(v) => self.mcmp(Rel::Llc, 2, op::B, v as u32, 0x0f)?,
            LlcKind::USubtype(v) => self.mcmp(Rel::Llc, 2, op::B, v as u32, 0xef)?,
        };
        Ok(frame.and(t))
    }
}
