//! Link layers: Ethernet (802.1Q tags, MACsec), Linux cooked v1/v2, raw
//! IP, BSD NULL and OpenBSD LOOP, Frame Relay and MFR, Cisco HDLC, PPP,
//! 802.11 (radiotap), 802.15.4, ARCNET, SLIP, Sun ATM, Juniper headers,
//! and the LAN protocols carried directly on them. The link type picks
//! the decoder (`dispatch::LINKTYPES`); the EtherType picks the next one
//! (`dispatch::ETHERTYPES`).

pub mod aoe;
pub mod ap1394;
pub mod arcnet;
pub mod arista;
pub mod atm;
pub mod bcm_li;
pub mod brcmtag;
pub mod bt;
pub mod calm;
pub mod cdp;
pub mod cfm;
pub mod chdlc;
pub mod cip;
pub mod decnet;
pub mod dsa;
pub mod dtp;
pub mod eap;
pub mod enc;
pub mod erspan;
pub mod ether;
pub mod fddi;
pub mod fr;
pub mod geonet;
pub mod ieee80211;
mod ieee80211_codes;
pub mod ieee802154;
pub mod ieee802154_ie;
pub mod ieee802154_tap;
pub mod ipfc;
pub mod ipnet;
pub mod ipoib;
pub mod juniper;
pub mod lane;
pub mod llc;
pub mod lldp;
pub mod lldp_org;
pub mod lldp_tlv;
pub mod loopback;
pub mod lwapp;
pub mod mfr;
pub mod mpcp;
pub mod mpls;
pub mod msnlb;
pub mod netanalyzer;
pub mod nflog;
pub mod nsh;
pub mod null;
pub mod pflog;
pub mod pktap;
pub mod ppi;
pub mod ppp;
pub mod ppp_cp;
pub mod pppoe;
pub mod prism;
pub mod ptp;
pub mod q933;
pub mod radiotap;
pub mod realtek;
pub mod slip;
pub mod sll;
pub mod slow;
pub mod stp;
pub mod sunatm;
pub mod symantec;
pub mod token;
pub mod udld;
pub mod usb;
pub mod vsock;
pub mod vtp;
pub mod zep;

use crate::print::core::prelude::*;
use crate::print::dispatch;
use crate::LinkType;

/// Decode one packet of `linktype`; `ll_len` receives the link-layer
/// header length (what `-x` skips).
pub fn print(
    cx: &mut Ctx,
    linktype: LinkType,
    data: &[u8],
    wire_len: u32,
    ll_len: &mut usize,
) -> R {
    let length = wire_len as usize;
    match dispatch::linktype(linktype.0) {
        Some(decode) => decode(cx, data, length, ll_len),
        None => {
            cx.s("UNSUPPORTED");
            cx.default_print(data);
            Ok(())
        }
    }
}

/// Raw IP (LINKTYPE_RAW, IPV4, IPV6): by the version nibble.
pub fn raw(cx: &mut Ctx, data: &[u8], length: usize, _ll_len: &mut usize) -> R {
    cx.proto = "raw";
    // Nothing to show of a raw link header: IP names itself even with -e.
    cx.net_names = true;
    if data.is_empty() {
        // Nothing captured after an outer header (PPI's).
        return Err(Trunc);
    }
    ip_by_version(cx, data, length)
}

/// An IP packet of either version.
pub fn ip_by_version(cx: &mut Ctx, data: &[u8], length: usize) -> R {
    cx.proto = "ip";
    let v = data.u8_at(0)? >> 4;
    let t = match v {
        4 => 0x0800,
        6 => 0x86dd,
        _ => {
            cx.s("IP");
            cx.u(v as u64);
            cx.s(" (invalid)");
            return Ok(());
        }
    };
    dispatch::ethertype(cx, t, data, length).map(|_| ())
}
