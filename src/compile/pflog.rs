//! OpenBSD's pflog header (`DLT_PFLOG`): what pf logged a packet for.
//!
//! The header starts with its length, the address family, the rule's
//! action and the reason (one byte each), then the interface name (16
//! bytes, NUL-padded), the ruleset (anchor) name (16 bytes), the rule
//! number and the subrule number (32 bits each, network byte order).

use super::pred::Pred;
use super::{err, Cx, Rel, Result};
use crate::cbpf::op;
use crate::syntax::Pf;

const ACTION: u32 = 2;
const REASON: u32 = 3;
const IFNAME: u32 = 4;
const RULESET: u32 = 20;
const RULENR: u32 = 36;
const SUBRULENR: u32 = 40;
/// Both names are 16 bytes with a terminating NUL.
const NAME_MAX: usize = 15;

impl Cx<'_> {
    pub fn pflog(&mut self, pf: &Pf) -> Result<Pred> {
        let keyword = match pf {
            Pf::Ifname(_) => "ifname",
            Pf::Ruleset(_) => "ruleset",
            Pf::Rnr(_) => "rnr",
            Pf::Srnr(_) => "srnr",
            Pf::Reason(_) => "reason",
            Pf::Action(_) => "action",
        };
        if self.opts.linktype.0 != 117 {
            return err(format!("'{keyword}' supported only on PFLOG linktype"));
        }
        match pf {
            Pf::Ifname(name) | Pf::Ruleset(name) => {
                if name.len() > NAME_MAX {
                    let what = if keyword == "ifname" {
                        "ifname interface names"
                    } else {
                        "ruleset names"
                    };
                    return err(format!("{what} can only be {NAME_MAX} characters"));
                }
                let off = if keyword == "ifname" { IFNAME } else { RULESET };
                self.bcmp(Rel::LinkHdr, off, name.as_bytes())
            }
            Pf::Rnr(n) => self.cmp(Rel::LinkHdr, RULENR, op::W, *n),
            Pf::Srnr(n) => self.cmp(Rel::LinkHdr, SUBRULENR, op::W, *n),
            Pf::Reason(n) => self.cmp(Rel::LinkHdr, REASON, op::B, *n),
            Pf::Action(n) => self.cmp(Rel::LinkHdr, ACTION, op::B, *n),
        }
    }
}
