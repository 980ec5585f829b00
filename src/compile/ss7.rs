//! SS7 signalling over MTP2 links (`DLT_MTP2`, `DLT_MTP2_WITH_PHDR`, and
//! MTP2 inside ERF records): the signal unit type from the length
//! indicator, and the MTP3 routing label's fields.
//!
//! The routing label is little-endian bit fields in network byte order:
//! after the service information octet (SIO), a 14-bit destination point
//! code, a 14-bit origination point code and a 4-bit signalling link
//! selection, packed from the least significant bit of the first octet.
//! A loaded word is compared with the value rearranged the same way, under
//! the mask of the field's bits. High-speed links (Q.703 Annex A) have a
//! 12-bit length indicator, which moves everything after it by 3 octets.

use super::pred::Pred;
use super::{err, Cx, Rel, Result};
use crate::cbpf::op;
use crate::syntax::{Mtp2Unit, Mtp3Field, RelOp};

/// Where the length indicator is, for the link types that carry MTP2.
fn li_offset(dlt: u32) -> Option<u32> {
    match dlt {
        140 => Some(2),  // MTP2
        139 => Some(6),  // MTP2 with a 4-byte pseudo-header
        197 => Some(22), // ERF: 16-byte record header, 4 of MC HDLC
        _ => None,
    }
}

impl Cx<'_> {
    fn ss7_base(&self, keyword: &str) -> Result<u32> {
        match li_offset(self.opts.linktype.0) {
            Some(li) => Ok(li),
            None => err(format!("'{keyword}' supported only on SS7")),
        }
    }

    /// `fisu`, `lssu`, `msu` (and `h` forms): the length indicator says
    /// 0 (fill-in), 1 or 2 (link status) or more (message).
    pub fn mtp2(&mut self, unit: Mtp2Unit, hsl: bool) -> Result<Pred> {
        let li = self.ss7_base(unit.keyword(hsl))?;
        let (off, size, mask, two) = if hsl {
            (li + 2, op::H, 0xff80, 0x0100)
        } else {
            (li, op::B, 0x3f, 2)
        };
        let above = |cx: &mut Self, v: u32| cx.ncmp(Rel::LinkHdr, off, size, mask, op::JGT, v);
        Ok(match unit {
            Mtp2Unit::Fisu => self.mcmp(Rel::LinkHdr, off, size, 0, mask)?,
            Mtp2Unit::Lssu => {
                let some = above(self, 0)?;
                let many = above(self, two)?;
                some.and(many.not())
            }
            Mtp2Unit::Msu => above(self, two)?,
        })
    }

    /// `sio`, `opc`, `dpc`, `sls` (and `h` forms) compared with values.
    pub fn mtp3(
        &mut self,
        field: Mtp3Field,
        hsl: bool,
        rel: RelOp,
        values: &[u32],
    ) -> Result<Pred> {
        let keyword = field.keyword(hsl);
        let li = self.ss7_base(keyword)?;
        let shift = if hsl { 3 } else { 0 };
        let max = match field {
            Mtp3Field::Sio => 255,
            Mtp3Field::Opc | Mtp3Field::Dpc => 16383,
            Mtp3Field::Sls => 15,
        };
        let mut tests = Vec::new();
        for &v in values {
            if v > max {
                return err(format!("{keyword} {v} greater than maximum {max}"));
            }
            let (off, size, mask, encoded) = match field {
                Mtp3Field::Sio => (li + 1, op::B, u32::MAX, v),
                Mtp3Field::Dpc => (li + 2, op::H, 0xff3f, ((v & 0xff) << 8) | ((v >> 8) & 0x3f)),
                Mtp3Field::Opc => (
                    li + 2,
                    op::W,
                    0x00c0_ff0f,
                    ((v & 3) << 22) | (((v >> 2) & 0xff) << 8) | ((v >> 10) & 0xf),
                ),
                Mtp3Field::Sls => (li + 5, op::B, 0xf0, (v << 4) & 0xf0),
            };
            let off = off + shift;
            let (jop, negate) = match rel {
                RelOp::Eq => (op::JEQ, false),
                RelOp::Ne => (op::JEQ, true),
                RelOp::Gt => (op::JGT, false),
                RelOp::Ge => (op::JGE, false),
                RelOp::Lt => (op::JGE, true),
                RelOp::Le => (op::JGT, true),
            };
            let t = self.ncmp(Rel::LinkHdr, off, size, mask, jop, encoded)?;
            tests.push(if negate { t.not() } else { t });
        }
        Ok(Pred::any(tests))
    }
}
