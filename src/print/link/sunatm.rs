//! Sun raw ATM (LINKTYPE_SUNATM, 123): direction, traffic type, VPI and
//! VCI, then the payload as ATM carries it (`dispatch::atm_cell`). Only
//! this 4-byte header counts as link header.

use crate::print::core::prelude::*;
use crate::print::dispatch;
use crate::print::link::atm::Traffic;

pub fn sunatm(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "sunatm";
    let b0 = d.u8_at(0)?;
    if cx.opts.link_header {
        cx.s(if b0 & 0x80 != 0 { "Tx: " } else { "Rx: " });
    }
    let traffic = match b0 & 0x0f {
        1 => Traffic::Lane,
        2 => Traffic::Llc,
        _ => Traffic::Unknown,
    };
    let vpi = d.u8_at(1)?;
    let vci = d.be16(2)?;
    *ll_len = 4;
    dispatch::atm_cell(cx, vpi, vci, traffic, &d[4..], length - 4)
}
