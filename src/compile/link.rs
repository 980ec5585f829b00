//! Link layers: where each link type keeps its type field and payload
//! (libpcap's `init_linktype`), and the test for "the link layer carries
//! protocol P" (`gen_linktype` and its helpers for Ethernet, Linux cooked,
//! 802.2 LLC, ARCNET, ...).

use super::pred::Pred;
use super::{err, AbsOff, CompileError, Cx, Rel, Result, SLOT_LINKHDR, SLOT_LINKPL};
use crate::cbpf::op;
use crate::LinkType;

pub const ETHERMTU: u32 = 1500;

pub mod ethertype {
    pub const IP: u32 = 0x0800;
    pub const ARP: u32 = 0x0806;
    pub const REVARP: u32 = 0x8035;
    pub const IPV6: u32 = 0x86dd;
    pub const DN: u32 = 0x6003;
    pub const LAT: u32 = 0x6004;
    pub const SCA: u32 = 0x6007;
    pub const MOPDL: u32 = 0x6001;
    pub const MOPRC: u32 = 0x6002;
    pub const ATALK: u32 = 0x809b;
    pub const AARP: u32 = 0x80f3;
    pub const IPX: u32 = 0x8137;
    pub const MPLS: u32 = 0x8847;
    pub const PPPOED: u32 = 0x8863;
    pub const PPPOES: u32 = 0x8864;
    pub const VLAN_8021Q: u32 = 0x8100;
    pub const VLAN_8021AD: u32 = 0x88a8;
    pub const VLAN_QINQ: u32 = 0x9100;
    pub const TEB: u32 = 0x6558;
}

pub mod llcsap {
    pub const IP: u32 = 0x06;
    pub const ISONS: u32 = 0xfe;
    pub const NETBEUI: u32 = 0xf0;
    pub const IPX: u32 = 0xe0;
    pub const STP: u32 = 0x42;
}

/// DLT values of the Juniper link types (all begin with the "MGC" magic)
/// libpcap filters on (not JUNIPER_PIC_PEER, 174).
pub fn is_juniper(lt: LinkType) -> bool {
    matches!(
        lt.0,
        130..=137 | 164 | 167 | 168 | 178..=181 | 183 | 194 | 200 | 232..=234 | 238
    )
}

/// Payload and no-SNAP network offsets of the Juniper link types, as
/// libpcap 1.10 sets them (-1, i.e. "not set", wraps around as in C).
fn juniper_offsets(dlt: u32) -> (u32, u32) {
    const UNSET: u32 = u32::MAX;
    match dlt {
        130 | 131 | 134 | 179 | 180 | 181 => (4, UNSET),
        133 | 164 => (12, UNSET),
        135 => (8, 10),
        137 => (4, 10),
        167 | 178 => (32, 3),
        168 => (6, UNSET),
        _ => (UNSET, UNSET),
    }
}

/// `link-layer type filtering not implemented for DLT_...`.
pub fn no_filtering_error(cx: &Cx) -> CompileError {
    CompileError(format!(
        "link-layer type filtering not implemented for {}",
        super::dlt_text(cx.linktype)
    ))
}

fn set(cx: &mut Cx, linktype: Option<u32>, linkpl: u32, nl: u32, nl_nosnap: u32) {
    cx.off_linktype = linktype.map(AbsOff::fixed);
    cx.off_linkpl = Some(AbsOff::fixed(linkpl));
    cx.off_nl = nl;
    cx.off_nl_nosnap = nl_nosnap;
}

/// Offsets of the link layer (libpcap's `init_linktype`).
pub fn init(cx: &mut Cx) -> Result<()> {
    let lt = cx.linktype;
    match lt.0 {
        // NULL, LOOP: a 4-byte address family.
        0 | 108 => set(cx, Some(0), 4, 0, 0),
        // ENC: the address family, then an SPI and flags; 12 bytes.
        109 => set(cx, Some(0), 12, 0, 0),
        // ARCNET
        7 => set(cx, Some(2), 6, 0, 0),
        129 => set(cx, Some(4), 8, 0, 0),
        1 => set(cx, Some(12), 14, 0, 3),
        // Ethernet with a switch's tag between the source address and the
        // EtherType (Broadcom and Marvell 4-byte tags), or behind a capture
        // card's pseudo-header (netANALYZER: 4 bytes; "transparent": 4
        // more, the preamble and start of frame). Everything else is as on
        // Ethernet.
        281 | 284 => {
            cx.linktype = LinkType::ETHERNET;
            set(cx, Some(16), 18, 0, 3);
        }
        240 | 241 => {
            let hdr = if lt.0 == 240 { 4 } else { 12 };
            cx.linktype = LinkType::ETHERNET;
            cx.off_linkhdr = AbsOff::fixed(hdr);
            set(cx, Some(hdr + 12), hdr + 14, 0, 3);
        }
        8 => set(cx, None, 16, 0, 0),
        // PPP, PPP_PPPD, PPP_SERIAL, C_HDLC, HDLC
        9 | 166 | 50 | 104 | 112 => set(cx, Some(2), 4, 0, 0),
        51 => set(cx, Some(6), 8, 0, 0),
        // FDDI
        10 => set(cx, Some(13), 13, 8, 3),
        // Token ring
        6 => set(cx, Some(14), 14, 8, 3),
        // 802.11: the payload follows a header of variable length.
        105 => {
            cx.off_linktype = Some(AbsOff::fixed(24));
            cx.off_linkpl = Some(AbsOff {
                var: Some(SLOT_LINKPL),
                k: 0,
            });
            cx.off_nl = 8;
            cx.off_nl_nosnap = 3;
        }
        // 802.11 behind radiotap, Prism, AVS or PPI: the 802.11 header
        // itself starts at a variable offset too.
        127 | 119 | 163 | 192 => {
            cx.off_linkhdr = AbsOff {
                var: Some(SLOT_LINKHDR),
                k: 0,
            };
            cx.off_linktype = Some(AbsOff::fixed(24));
            cx.off_linkpl = Some(AbsOff {
                var: Some(SLOT_LINKPL),
                k: 0,
            });
            cx.off_nl = 8;
            cx.off_nl_nosnap = 3;
        }
        // ATM RFC 1483, and Linux Classical IP over ATM (the same LLC/SNAP)
        100 | 106 => set(cx, Some(0), 0, 8, 3),
        // BSD/OS PPP: a 24-byte header, the PPP protocol at 5.
        103 => set(cx, Some(5), 24, 0, 0),
        // BSD/OS SLIP: a 24-byte header.
        102 => set(cx, None, 24, 0, 0),
        // Apple IP over IEEE 1394: 16 bytes of addresses, then an EtherType.
        138 => set(cx, Some(16), 18, 0, 0),
        // Symantec Firewall: an EtherType at 6 in a 44-byte header.
        99 => set(cx, Some(6), 44, 0, 0),
        // RAW (LINKTYPE 101 = DLT 12/14), IPV4, IPV6
        101 | 12 | 14 | 228 | 229 => set(cx, None, 0, 0, 0),
        113 => set(cx, Some(14), 16, 0, 0),
        276 => set(cx, Some(0), 20, 0, 0),
        // LTALK
        114 => set(cx, None, 0, 0, 0),
        // IP over FC
        122 => set(cx, Some(16), 16, 8, 3),
        // SUNATM (LLC-encapsulated traffic only)
        123 => set(cx, None, 4, 8, 3),
        // FRELAY
        107 => set(cx, None, 0, 0, 0),
        // IPNET
        // (libpcap leaves IPNET's no-SNAP offset at -1.)
        226 => set(cx, Some(1), 24, 0, u32::MAX),
        // PFLOG
        // The payload follows the pflog header, whose length is its first
        // byte, rounded up to a multiple of 4 (computed by the prologue).
        117 => {
            cx.off_linktype = None;
            cx.off_linkpl = Some(AbsOff {
                var: Some(SLOT_LINKPL),
                k: 0,
            });
            cx.off_nl = 0;
            cx.off_nl_nosnap = 0;
        }
        _ if is_juniper(lt) => {
            let (pl, nosnap) = juniper_offsets(lt.0);
            let nl = if pl == u32::MAX { u32::MAX } else { 0 };
            set(cx, None, pl, nl, nosnap);
        }
        // Link types libpcap knows but cannot filter on beyond link[].
        _ => {
            if lt.name().is_none() && !(104..=289).contains(&lt.dlt()) {
                return err(format!("unknown data link type {}", lt.dlt()));
            }
            cx.off_linktype = None;
            cx.off_linkpl = None;
        }
    }
    Ok(())
}

/// A constant test libpcap makes for protocols a link layer cannot carry.
fn never() -> Pred {
    Pred::False
}

/// "The link layer carries protocol `proto`" (libpcap's `gen_linktype`).
/// `proto` is an Ethernet type, or an LLC SAP when <= 1500.
pub fn linktype(cx: &mut Cx, proto: u32) -> Result<Pred> {
    use ethertype as et;
    if cx.label_depth > 0 {
        return mpls_linktype(cx, proto);
    }
    if cx.is_geneve {
        // After Geneve the protocol is an Ethernet type, whatever the
        // outer link layer.
        return ether_linktype(cx, proto);
    }
    if cx.is_lane {
        let p = ether_linktype(cx, proto)?;
        return cx.lane_data(p);
    }
    let lt = cx.lt();
    match lt.0 {
        1 => ether_linktype(cx, proto),
        104 | 112 => {
            let p = if proto == llcsap::ISONS {
                (proto << 8) | proto
            } else {
                proto
            };
            cx.cmp(Rel::LinkType, 0, op::H, p)
        }
        105 | 127 | 119 | 163 | 192 => {
            let data = check_80211_data_frame(cx)?;
            let l = llc_linktype(cx, proto)?;
            Ok(data.and(l))
        }
        6 | 10 | 100 | 106 | 122 => llc_linktype(cx, proto),
        // An EtherType and nothing else: no 802.3 lengths, no LLC.
        138 | 99 => cx.cmp(Rel::LinkType, 0, op::H, proto),
        103 => {
            let p = ethertype_to_ppptype(proto);
            if p == 0x0021 {
                // IP, or IP with Van Jacobson compressed or uncompressed
                // TCP headers.
                let mut tests = Vec::new();
                for v in [0x0021, 0x002d, 0x002f] {
                    tests.push(cx.cmp(Rel::LinkType, 0, op::H, v)?);
                }
                Ok(Pred::any(tests))
            } else {
                cx.cmp(Rel::LinkType, 0, op::H, p)
            }
        }
        123 => {
            // SUNATM: LLC-encapsulated traffic, then the LLC test.
            let llc = cx.mcmp(Rel::LinkHdr, 0, op::B, 2, 0x0f)?;
            let l = llc_linktype(cx, proto)?;
            Ok(llc.and(l))
        }
        113 => sll_linktype(cx, proto),
        8 | 102 | 101 | 12 | 14 => Ok(match proto {
            et::IP => cx.mcmp(Rel::LinkHdr, 0, op::B, 0x40, 0xf0)?,
            et::IPV6 => cx.mcmp(Rel::LinkHdr, 0, op::B, 0x60, 0xf0)?,
            _ => never(),
        }),
        228 => Ok(if proto == et::IP { Pred::True } else { never() }),
        229 => Ok(if proto == et::IPV6 {
            Pred::True
        } else {
            never()
        }),
        9 | 166 | 50 | 51 => {
            let p = ethertype_to_ppptype(proto);
            cx.cmp(Rel::LinkType, 0, op::H, p)
        }
        0 | 108 | 109 => {
            let afs: &[u32] = match proto {
                et::IP => &[2],
                // Darwin, NetBSD/OpenBSD, FreeBSD AF_INET6 for files;
                // this system's (Linux) otherwise.
                et::IPV6 if cx.opts.capture.is_savefile() => &[30, 24, 28],
                et::IPV6 => &[10],
                _ => return Ok(never()),
            };
            let mut tests = Vec::new();
            for &af in afs {
                let v = if lt.0 == 108 {
                    // LOOP: network byte order.
                    af
                } else {
                    // NULL/ENC: the writer's byte order, as libpcap's
                    // `htonl` of the (possibly swapped) value.
                    let af = if cx.opts.capture.is_swapped() {
                        af.swap_bytes()
                    } else {
                        af
                    };
                    af.to_be()
                };
                tests.push(cx.cmp(Rel::LinkHdr, 0, op::W, v)?);
                if lt.0 != 108 && cx.opts.capture.is_savefile() {
                    // A file's header may be in either byte order (a
                    // capture converted on another machine keeps it):
                    // libpcap's development version accepts both.
                    tests.push(cx.cmp(Rel::LinkHdr, 0, op::W, v.swap_bytes())?);
                }
            }
            Ok(Pred::any(tests))
        }
        // pflog: the address family, a byte.
        117 => Ok(match proto {
            et::IP => cx.cmp(Rel::LinkHdr, 1, op::B, 2)?,
            et::IPV6 if cx.opts.capture.is_savefile() => {
                let mut tests = Vec::new();
                for af in [30, 24, 28] {
                    tests.push(cx.cmp(Rel::LinkHdr, 1, op::B, af)?);
                }
                Pred::any(tests)
            }
            et::IPV6 => cx.cmp(Rel::LinkHdr, 1, op::B, 10)?,
            _ => never(),
        }),
        7 | 129 => Ok(match proto {
            et::IPV6 => cx.cmp(Rel::LinkType, 0, op::B, 0xc4)?,
            // RFC 1201 system codes only: libpcap's development version
            // no longer matches RFC 1051's 0xf0 (IP) and 0xf1 (ARP).
            et::IP => cx.cmp(Rel::LinkType, 0, op::B, 0xd4)?,
            et::ARP => cx.cmp(Rel::LinkType, 0, op::B, 0xd5)?,
            et::REVARP => cx.cmp(Rel::LinkType, 0, op::B, 0xd6)?,
            et::ATALK => cx.cmp(Rel::LinkType, 0, op::B, 0xdd)?,
            _ => never(),
        }),
        114 => Ok(if proto == et::ATALK {
            Pred::True
        } else {
            never()
        }),
        107 => Ok(match proto {
            et::IP => cx.cmp(Rel::LinkHdr, 2, op::H, 0x03cc)?,
            et::IPV6 => cx.cmp(Rel::LinkHdr, 2, op::H, 0x038e)?,
            llcsap::ISONS => {
                let a = cx.cmp(Rel::LinkHdr, 2, op::H, 0x0381)?;
                let b = cx.cmp(Rel::LinkHdr, 2, op::H, 0x0382)?;
                let c = cx.cmp(Rel::LinkHdr, 2, op::H, 0x0383)?;
                a.or(b).or(c)
            }
            _ => never(),
        }),
        226 => Ok(match proto {
            et::IP => cx.cmp(Rel::LinkType, 0, op::B, 2)?,
            et::IPV6 => cx.cmp(Rel::LinkType, 0, op::B, 26)?,
            _ => never(),
        }),
        182 => Err(no_filtering_error(cx)),
        _ if is_juniper(lt) => cx.mcmp(Rel::LinkHdr, 0, op::W, 0x4d47_4300, 0xffff_ff00),
        _ => {
            if cx.off_linktype.is_some() {
                cx.cmp(Rel::LinkType, 0, op::H, proto)
            } else {
                Err(no_filtering_error(cx))
            }
        }
    }
}

/// PPP protocol numbers for Ethernet types.
fn ethertype_to_ppptype(proto: u32) -> u32 {
    use ethertype as et;
    match proto {
        et::IP => 0x0021,
        et::IPV6 => 0x0057,
        et::DN => 0x0027,
        et::ATALK => 0x0029,
        0x0600 => 0x0025,        // XNS → PPP_NS
        llcsap::IPX => 0x002b,   // PPP_IPX
        llcsap::ISONS => 0x0023, // PPP_OSI
        llcsap::STP => 0x0031,   // PPP_BRPDU
        other => other,
    }
}

/// Ethernet: type field, or 802.3 length plus 802.2 LLC.
pub fn ether_linktype(cx: &mut Cx, proto: u32) -> Result<Pred> {
    use ethertype as et;
    match proto {
        llcsap::ISONS | llcsap::IP | llcsap::NETBEUI => {
            let len = cx.cmp_gt(Rel::LinkType, 0, op::H, ETHERMTU)?.not();
            let sap = cx.cmp(Rel::Llc, 0, op::H, (proto << 8) | proto)?;
            Ok(len.and(sap))
        }
        llcsap::IPX => {
            let ether = cx.cmp(Rel::LinkType, 0, op::H, et::IPX)?;
            let len = cx.cmp_gt(Rel::LinkType, 0, op::H, ETHERMTU)?.not();
            let snap = snap(cx, 0x000000, et::IPX)?;
            let sap = cx.cmp(Rel::Llc, 0, op::B, llcsap::IPX)?;
            let raw = cx.cmp(Rel::Llc, 0, op::H, 0xffff)?;
            Ok(ether.or(len.and(snap.or(sap.or(raw)))))
        }
        et::ATALK | et::AARP => {
            let ether = cx.cmp(Rel::LinkType, 0, op::H, proto)?;
            let len = cx.cmp_gt(Rel::LinkType, 0, op::H, ETHERMTU)?.not();
            let s = if proto == et::ATALK {
                snap(cx, 0x080007, et::ATALK)?
            } else {
                snap(cx, 0x000000, et::AARP)?
            };
            Ok(ether.or(len.and(s)))
        }
        _ if proto <= ETHERMTU => {
            let len = cx.cmp_gt(Rel::LinkType, 0, op::H, ETHERMTU)?.not();
            let sap = cx.cmp(Rel::Llc, 0, op::B, proto)?;
            Ok(len.and(sap))
        }
        _ => cx.cmp(Rel::LinkType, 0, op::H, proto),
    }
}

/// An 802.2 SNAP header with this organization code and type.
pub fn snap(cx: &mut Cx, org: u32, ptype: u32) -> Result<Pred> {
    let bytes = [
        0xaa,
        0xaa,
        0x03,
        (org >> 16) as u8,
        (org >> 8) as u8,
        org as u8,
        (ptype >> 8) as u8,
        ptype as u8,
    ];
    cx.bcmp(Rel::Llc, 0, &bytes)
}

/// Link layers whose payload always starts with 802.2 LLC.
pub fn llc_linktype(cx: &mut Cx, proto: u32) -> Result<Pred> {
    match proto {
        llcsap::IP | llcsap::ISONS | llcsap::NETBEUI => {
            cx.cmp(Rel::Llc, 0, op::H, (proto << 8) | proto)
        }
        llcsap::IPX => cx.cmp(Rel::Llc, 0, op::B, llcsap::IPX),
        ethertype::ATALK => snap(cx, 0x080007, ethertype::ATALK),
        _ if proto <= ETHERMTU => cx.cmp(Rel::Llc, 0, op::B, proto),
        _ => cx.cmp(Rel::Llc, 6, op::H, proto),
    }
}

/// Linux cooked captures: the protocol field holds an Ethernet type or a
/// pseudo-type for 802.2 / 802.3 frames.
fn sll_linktype(cx: &mut Cx, proto: u32) -> Result<Pred> {
    use ethertype as et;
    const P_802_3: u32 = 1;
    const P_802_2: u32 = 4;
    let pl = cx.linkpl()?.k;
    match proto {
        llcsap::ISONS | llcsap::IP | llcsap::NETBEUI => {
            let a = cx.cmp(Rel::LinkType, 0, op::H, P_802_2)?;
            let b = cx.cmp(Rel::LinkHdr, pl, op::H, (proto << 8) | proto)?;
            Ok(a.and(b))
        }
        llcsap::IPX => {
            let ether = cx.cmp(Rel::LinkType, 0, op::H, et::IPX)?;
            let raw = cx.cmp(Rel::LinkType, 0, op::H, P_802_3)?;
            let is_llc = cx.cmp(Rel::LinkType, 0, op::H, P_802_2)?;
            let sap = cx.cmp(Rel::Llc, 0, op::B, llcsap::IPX)?;
            let s = snap(cx, 0, et::IPX)?;
            Ok(ether.or(raw.or(is_llc.and(sap.or(s)))))
        }
        et::ATALK | et::AARP => {
            let ether = cx.cmp(Rel::LinkType, 0, op::H, proto)?;
            let is_llc = cx.cmp(Rel::LinkType, 0, op::H, P_802_2)?;
            let s = if proto == et::ATALK {
                snap(cx, 0x080007, et::ATALK)?
            } else {
                snap(cx, 0, et::AARP)?
            };
            Ok(ether.or(is_llc.and(s)))
        }
        _ if proto <= ETHERMTU => {
            let a = cx.cmp(Rel::LinkType, 0, op::H, P_802_2)?;
            let b = cx.cmp(Rel::LinkHdr, pl, op::B, proto)?;
            Ok(a.and(b))
        }
        _ => cx.cmp(Rel::LinkType, 0, op::H, proto),
    }
}

/// 802.11: a data frame (type field 2), not a control frame.
pub fn check_80211_data_frame(cx: &mut Cx) -> Result<Pred> {
    let not_ctl = cx.jset(Rel::LinkHdr, 0, op::B, 0x04)?.not();
    let data = cx.jset(Rel::LinkHdr, 0, op::B, 0x08)?;
    Ok(not_ctl.and(data))
}

/// Inside MPLS: only IPv4 and IPv6 can be recognised, by the bottom of
/// stack bit and the IP version nibble.
fn mpls_linktype(cx: &mut Cx, proto: u32) -> Result<Pred> {
    let version = match proto {
        ethertype::IP | 0x0021 => 0x40,
        ethertype::IPV6 | 0x0057 => 0x60,
        _ => return err("unsupported protocol over mpls"),
    };
    let bos = cx.mcmp(Rel::PrevMplsHdr, 2, op::B, 0x01, 0x01)?;
    let v = cx.mcmp(Rel::LinkPl, 0, op::B, version, 0xf0)?;
    Ok(bos.and(v))
}
