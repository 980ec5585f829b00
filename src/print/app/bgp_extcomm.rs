//! BGP extended communities (RFC 4360 and the types registered since):
//! the names and how each type's six value bytes print.

use super::bgp::as_number;
use crate::print::core::prelude::*;

/// Extended community types (RFC 4360 and later) and their names.
static EXT_COMMUNITIES: &[(u16, &str)] = &[
    (0x0002, "target"),
    (0x0003, "origin"),
    (0x0005, "ospf-domain"),
    (0x0009, "source-AS"),
    (0x000a, "l2vpn-id"),
    (0x0102, "target"),
    (0x0103, "origin"),
    (0x0105, "ospf-domain"),
    (0x0107, "ospf-router-id"),
    (0x010b, "vrf-route-import"),
    (0x0202, "target"),
    (0x0203, "origin"),
    (0x0205, "ospf-domain"),
    (0x0306, "ospf-route-type"),
    (0x030c, "encapsulation"),
    (0x4004, "link-BW"),
    (0x4300, "origin-validation-state"),
    (0x8000, "ospf-route-type"),
    (0x8001, "ospf-router-id"),
    (0x8005, "ospf-domain"),
    (0x800a, "layer2-info"),
    (0x8800, "eigrp-general-route (flag, tag)"),
    (0x8801, "eigrp-route-metric (AS, delay)"),
    (
        0x8802,
        "eigrp-route-metric (reliability, nexthop, bandwidth)",
    ),
    (0x8803, "eigrp-route-metric (load, MTU)"),
    (0x8804, "eigrp-external-route (remote-AS, remote-ID)"),
    (0x8805, "eigrp-external-route (remote-proto, remote-metric)"),
    (0xf10a, "l2vpn-id"),
];

/// Tunnel types of the encapsulation community (RFC 5512, 9012).
static TUNNEL_TYPES: &[(u16, &str)] = &[
    (1, "L2TPv3 over IP"),
    (2, "GRE"),
    (3, "Transmit Tunnel"),
    (4, "IPsec"),
    (5, "IP in IP with IPsec"),
    (6, "MPLS in IP with IPsec"),
    (7, "IP in IP"),
    (8, "VXLAN"),
    (9, "NVGRE"),
    (10, "MPLS"),
    (11, "MPLS in GRE"),
    (12, "VXLAN GPE"),
    (13, "MPLS in UDP"),
    (14, "IPv6"),
    (15, "SR TE"),
    (16, "Bare"),
    (17, "SR"),
];

/// OSPF route types of the ospf-route-type community.
static OSPF_ROUTE_TYPES: &[(u8, &str)] = &[
    (1, "Router"),
    (2, "Network"),
    (3, "Summary"),
    (5, "External"),
    (7, "NSSA External"),
    (129, "MPLS-VPN Sham"),
];

/// Layer 2 encapsulations (draft-kompella-ppvpn-l2vpn).
pub static L2VPN_ENCAPS: &[(u8, &str)] = &[
    (0, "Reserved"),
    (1, "Frame Relay"),
    (2, "ATM AAL5 SDU VCC transport"),
    (3, "ATM transparent cell transport"),
    (4, "Ethernet (VLAN) Tagged Mode"),
    (5, "Ethernet Raw Mode"),
    (6, "Cisco HDLC"),
    (7, "PPP"),
    (8, "SONET/SDH Circuit Emulation Service over MPLS"),
    (9, "ATM n-to-one VCC cell transport"),
    (10, "ATM n-to-one VPC cell transport"),
    (11, "IP layer 2 transport"),
    (15, "Frame Relay Port mode"),
    (17, "Structure-agnostic E1 over packet"),
    (18, "Structure-agnostic T1 (DS1) over packet"),
    (19, "VPLS"),
    (20, "Structure-agnostic T3 (DS3) over packet"),
    (21, "Nx64kbit/s Basic Service using Structure-aware"),
    (25, "Frame Relay DLCI"),
    (40, "Structure-agnostic E3 over packet"),
    (
        41,
        "Octet-aligned playload for Structure-agnostic DS1 circuits",
    ),
    (42, "E1 Nx64kbit/s with CAS using Structure-aware"),
    (43, "DS1 (ESF) Nx64kbit/s with CAS using Structure-aware"),
    (44, "DS1 (SF) Nx64kbit/s with CAS using Structure-aware"),
];

/// Extended communities (RFC 4360), eight bytes each.
pub fn ext_communities(cx: &mut Ctx, v: &[u8]) -> R {
    if v.len() % 8 != 0 {
        cx.s("invalid len");
        return Ok(());
    }
    for c in v.chunks_exact(8) {
        let t = u16::from_be_bytes([c[0], c[1]]);
        cx.s("\n\t    ");
        cx.s(tables::lookup(EXT_COMMUNITIES, t).unwrap_or("unknown extd community typecode"));
        cx.s(" (0x");
        fmt::put_hex_padded(cx.out, t as u64, 4);
        cx.s("), Flags [");
        cx.flag_names(
            t as u32,
            &[(0x8000, "vendor-specific"), (0x4000, "non-transitive")],
        );
        cx.s("]: ");
        ext_community(cx, t, c);
    }
    Ok(())
}

/// The value of one extended community `c` of type `t`.
fn ext_community(cx: &mut Ctx, t: u16, c: &[u8]) {
    let be16 = |i: usize| u16::from_be_bytes([c[i], c[i + 1]]) as u64;
    let be32 = |i: usize| u32::from_be_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
    match t {
        0x0002 | 0x0003 | 0x000a => {
            cx.u(be16(2));
            cx.b(b':');
            cx.u(be32(4) as u64);
            cx.s(" (= ");
            cx.ipv4(&c[4..8]);
            cx.b(b')');
        }
        0x0102 | 0x0103 | 0xf10a | 0x010b => {
            cx.ipv4(&c[2..6]);
            cx.b(b':');
            cx.u(be16(6));
        }
        0x0202 | 0x0203 => {
            as_number(cx, be32(2));
            cx.b(b':');
            cx.u(be16(6));
        }
        0x4004 => {
            let bw = f32::from_bits(be32(4)) as f64 * 8.0 / 1_000_000.0;
            cx.s(&format!("bandwidth: {bw:.3} Mbps"));
        }
        0x4300 => {
            let reserved = c[2..7].iter().fold(0u64, |a, &b| (a << 8) | b as u64);
            if reserved != 0 {
                cx.s("[the reserved field 0x");
                fmt::put_hex(cx.out, reserved);
                cx.s(" MUST be 0] ");
            }
            cx.s("ovs: ");
            cx.s(match c[7] {
                0 => "valid",
                1 => "not found",
                2 => "invalid",
                _ => "unknown origin validation state",
            });
        }
        0x0005 | 0x0105 | 0x0205 | 0x8005 | 0x0107 | 0x8001 => cx.ipv4(&c[2..6]),
        0x0306 | 0x8000 => {
            cx.s("area:");
            cx.ipv4(&c[2..6]);
            cx.s(", router-type:");
            match tables::lookup(OSPF_ROUTE_TYPES, c[6]) {
                Some(n) => cx.s(n),
                None => {
                    cx.s("unknown (0x");
                    fmt::put_hex2(cx.out, c[6]);
                    cx.b(b')');
                }
            }
            cx.s(", metric-type:");
            if c[7] & 1 != 0 {
                cx.s("E2");
            }
            if c[6] == 5 || c[6] == 7 {
                cx.s("E1");
            }
        }
        0x800a => {
            cx.s(tables::lookup(L2VPN_ENCAPS, c[2]).unwrap_or("unknown encaps"));
            cx.s(" Control Flags [0x");
            fmt::put_hex2(cx.out, c[3]);
            cx.s("]:MTU ");
            cx.u(be16(4));
        }
        0x0009 => {
            cx.s("AS ");
            cx.u(be16(2));
        }
        0x030c => {
            cx.s("Tunnel type: ");
            cx.s(tables::lookup(TUNNEL_TYPES, be16(6) as u16).unwrap_or("unknown encaps"));
        }
        _ => {
            for &b in &c[2..] {
                fmt::put_hex2(cx.out, b);
            }
        }
    }
}
