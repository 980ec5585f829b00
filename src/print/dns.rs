//! DNS (RFC 1035) summaries, as tcpdump's domain printer writes them.

use super::{Ctx, R};

pub fn print(cx: &mut Ctx, _data: &[u8], length: usize, _over_tcp: bool) -> R {
    cx.proto = "domain";
    cx.s("DNS, length ");
    cx.u(length as u64);
    Ok(())
}
