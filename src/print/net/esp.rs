//! ESP (RFC 4303): the SPI and sequence number, and with `-E` secrets the
//! decrypted payload (tcpdump's behaviour: the SA is found by SPI and
//! destination, the ICV is cut off the end, the padding length is checked,
//! and the next header picks the inner protocol).

use super::esp_sa;
use crate::print::core::prelude::*;
use crate::print::dispatch::{self, IpPayload};

/// ESP in IP (or in UDP, for NAT traversal).
pub fn esp(cx: &mut Ctx, p: &IpPayload) -> R {
    let (bp, length) = (p.data, p.length);
    cx.proto = "esp";
    // The snapshot names the protocol, then each field it could read
    // (tcpdump 4.99 gave up unless more than the header was captured).
    cx.s("ESP");
    let spi = bp.be32(0)?;
    cx.s("(spi=0x");
    fmt::put_hex_padded(cx.out, spi as u64, 8);
    let seq = bp.be32(4)?;
    cx.s(",seq=0x");
    fmt::put_hex(cx.out, seq as u64);
    cx.s("), length ");
    cx.u(length as u64);
    if cx.state.esp_sas.is_none() {
        let Some(spec) = cx.opts.esp_secret.as_deref() else {
            return Ok(());
        };
        cx.state.esp_sas = Some(esp_sa::parse(spec));
    }
    let Some((sas, default)) = cx.state.esp_sas.as_ref() else {
        return Ok(());
    };
    if sas.is_empty() || (p.version == 4 && p.fragmented) {
        return Ok(());
    }
    let dst = p.net.dst();
    let sa = sas
        .iter()
        .find(|sa| sa.spi == spi && !sa.daddr.is_empty() && sa.daddr == dst)
        .or_else(|| default.and_then(|i| sas.get(i)));
    let Some(sa) = sa.cloned() else {
        return Ok(());
    };
    let ct = 8 + sa.ivlen;
    let end = bp.len();
    if (end as i64 - ct as i64) < sa.authlen as i64 {
        cx.trunc_marker();
        return Ok(());
    }
    let end = end - sa.authlen;
    let Some(pt) = esp_sa::decrypt(&sa, &bp[8..ct], &bp[ct..end]) else {
        return Ok(());
    };
    let n = pt.len();
    if n < 2 {
        return Err(Trunc);
    }
    let padlen = pt[n - 2] as usize;
    if padlen + 2 > n {
        cx.trunc_marker();
        return Ok(());
    }
    let nh = pt[n - 1];
    cx.s(": ");
    let inner = &pt[..n - (padlen + 2)];
    dispatch::ip_demux(cx, inner, inner.len(), p.version, p.fragmented, nh, p.net)
}
