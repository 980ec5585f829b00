//! Unit tests of the code generator: behaviour on hand-made packets, the
//! left-to-right offset state, errors, and program shape. (The tcpdump
//! differential tests are in `tests/compile_*.rs`.)

use super::*;
use crate::cbpf::{interp, verify};

const ACCEPT: u32 = crate::DEFAULT_SNAPLEN;

fn program(expr: &str, lt: LinkType) -> crate::cbpf::Program {
    let ast = crate::syntax::parse(expr).expect("parses");
    let opts = CompileOptions {
        linktype: lt,
        snaplen: ACCEPT,
        netmask: None,
        capture: Capture::Dead,
    };
    let g = generate(&ast, &opts).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let p = g.linearize();
    verify::verify(&p).unwrap_or_else(|e| panic!("{expr}: verifier: {e}"));
    assert!(p.len() <= op::MAXINSNS, "{expr}: {} instructions", p.len());
    p
}

fn error(expr: &str, lt: LinkType) -> String {
    let ast = crate::syntax::parse(expr).expect("parses");
    let opts = CompileOptions {
        linktype: lt,
        snaplen: ACCEPT,
        netmask: None,
        capture: Capture::Dead,
    };
    generate(&ast, &opts).expect_err(expr).0
}

fn accepts(expr: &str, lt: LinkType, pkt: &[u8]) -> bool {
    interp::run(&program(expr, lt), pkt, pkt.len() as u32) == ACCEPT
}

/// Ethernet + IPv4 (+ `l4`), protocol `proto`, fragment field `frag`.
fn eth_ipv4(proto: u8, frag: u16, l4: &[u8]) -> Vec<u8> {
    let mut p = vec![0xff; 6];
    p.extend_from_slice(&[0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x00]);
    let total = (20 + l4.len()) as u16;
    p.extend_from_slice(&[0x45, 0]);
    p.extend_from_slice(&total.to_be_bytes());
    p.extend_from_slice(&[0, 1]);
    p.extend_from_slice(&frag.to_be_bytes());
    p.extend_from_slice(&[64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
    p.extend_from_slice(l4);
    p
}

fn ports(src: u16, dst: u16) -> Vec<u8> {
    let mut t = src.to_be_bytes().to_vec();
    t.extend_from_slice(&dst.to_be_bytes());
    t.extend_from_slice(&[0; 16]);
    t
}

/// Ethernet + IPv6 with the given chain of (next header, extension body).
fn eth_ipv6(first: u8, exts: &[(u8, usize)], tail: &[u8]) -> Vec<u8> {
    let mut p = vec![0xff; 6];
    p.extend_from_slice(&[0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x86, 0xdd]);
    p.extend_from_slice(&[0x60, 0, 0, 0, 0, 0, first, 64]);
    p.extend_from_slice(&[0u8; 32]);
    for &(next, words) in exts {
        // next header, length in 8-byte units beyond the first 8
        p.push(next);
        p.push(words as u8);
        p.extend(std::iter::repeat_n(0, 6 + 8 * words));
    }
    p.extend_from_slice(tail);
    p
}

#[test]
fn tcp_port_matches_either_port_of_first_fragments() {
    let e = LinkType::ETHERNET;
    assert!(accepts("tcp port 80", e, &eth_ipv4(6, 0, &ports(1234, 80))));
    assert!(accepts(
        "tcp port 80",
        e,
        &eth_ipv4(6, 0x4000, &ports(80, 1234))
    ));
    assert!(!accepts("tcp port 80", e, &eth_ipv4(17, 0, &ports(80, 80))));
    // A later fragment carries no TCP header: never a port match.
    assert!(!accepts(
        "tcp port 80",
        e,
        &eth_ipv4(6, 0x0010, &ports(80, 80))
    ));
    assert!(!accepts(
        "tcp dst port 80",
        e,
        &eth_ipv4(6, 0, &ports(80, 1234))
    ));
    // Cut inside the TCP header: the load fails, the packet is rejected.
    let mut short = eth_ipv4(6, 0, &ports(1234, 80));
    short.truncate(14 + 20 + 3);
    assert!(!accepts("tcp port 80", e, &short));
}

#[test]
fn vlan_shifts_what_follows_even_across_or() {
    let e = LinkType::ETHERNET;
    let plain = eth_ipv4(6, 0, &ports(1, 2));
    let mut tagged = plain[..12].to_vec();
    tagged.extend_from_slice(&[0x81, 0x00, 0x00, 0x64]);
    tagged.extend_from_slice(&plain[12..]);
    assert!(accepts("ip", e, &plain));
    assert!(accepts("vlan and ip", e, &tagged));
    assert!(accepts("vlan 100 and tcp", e, &tagged));
    assert!(!accepts("vlan 101", e, &tagged));
    // libpcap: after `vlan`, `ip` looks behind a tag, even on the `or`
    // branch where there is none.
    assert!(!accepts("vlan or ip", e, &plain));
    assert!(accepts("ip or vlan", e, &plain));
}

#[test]
fn protochain_walks_extension_headers_without_loops() {
    let e = LinkType::ETHERNET;
    // hop-by-hop → routing → destination options → TCP
    let p = eth_ipv6(0, &[(43, 0), (60, 1), (6, 0)], &ports(1, 2));
    assert!(accepts("ip6 protochain 6", e, &p));
    assert!(accepts("protochain \\tcp", e, &p));
    assert!(!accepts("ip6 protochain 17", e, &p));
    assert!(!accepts("ip6 proto 6", e, &p));
    let prog = program("protochain 89", e);
    // Only forward jumps: the program is a DAG.
    assert!(prog
        .iter()
        .all(|i| i.code != op::JMP | op::JA || i.k < 0x8000_0000));
}

#[test]
fn protochain_gives_up_like_libpcaps_interpreter() {
    // 70 chained destination-options headers: libpcap's loop would jump
    // back more than its interpreter's 64 times, and return 0.
    let e = LinkType::ETHERNET;
    let exts: Vec<(u8, usize)> = (0..70).map(|i| (if i == 69 { 6 } else { 60 }, 0)).collect();
    let p = eth_ipv6(60, &exts, &ports(1, 2));
    assert!(!accepts("ip6 protochain 6", e, &p));
    assert!(!accepts("not ip6 protochain 6", e, &p));
    let exts: Vec<(u8, usize)> = (0..10).map(|i| (if i == 9 { 6 } else { 60 }, 0)).collect();
    let p = eth_ipv6(60, &exts, &ports(1, 2));
    assert!(accepts("ip6 protochain 6", e, &p));
}

#[test]
fn several_protochains_stay_within_the_kernel_limit() {
    let p = program(
        "protochain 6 or protochain 17 or protochain 58 or protochain 132",
        LinkType::ETHERNET,
    );
    assert!(p.len() <= op::MAXINSNS);
}

#[test]
fn radiotap_prologue_only_when_offsets_are_needed() {
    let r = LinkType::IEEE802_11_RADIO;
    // `radio[...]` is relative to the packet start: no radiotap length.
    let loads_radiotap_len = |p: &[crate::cbpf::Insn]| {
        p.iter()
            .any(|i| *i == crate::cbpf::Insn::stmt(op::LD | op::ABS | op::B, 3))
    };
    assert!(!loads_radiotap_len(&program("radio[0] = 0", r)));
    assert!(loads_radiotap_len(&program("type mgt", r)));
    // A management frame behind an 8-byte radiotap header.
    let mut pkt = vec![0, 0, 8, 0, 0, 0, 0, 0];
    pkt.extend_from_slice(&[0x80, 0, 0, 0]);
    pkt.extend_from_slice(&[0xff; 6]);
    pkt.extend_from_slice(&[0, 0x0d, 0x93, 0x82, 0x36, 0x3a]);
    pkt.extend_from_slice(&[0; 8]);
    assert!(accepts("type mgt", r, &pkt));
    assert!(accepts("type mgt subtype beacon", r, &pkt));
    assert!(accepts("wlan src 00:0d:93:82:36:3a", r, &pkt));
    assert!(!accepts("type data", r, &pkt));
}

#[test]
fn errors_use_libpcaps_words() {
    // The words of libpcap's development version, which the project
    // follows where it and libpcap 1.10 disagree.
    let e = LinkType::ETHERNET;
    assert_eq!(
        error("port 99999", e),
        "port number 99999 greater than maximum 65535"
    );
    assert_eq!(
        error("tcp host 10.0.0.1", e),
        "'tcp' is not a valid qualifier for 'host <IPv4 address>'"
    );
    assert_eq!(
        error("addr1 10.0.0.1", e),
        "'addr1' is valid for 802.11 syntax only"
    );
    assert_eq!(error("10 / 0 = 1", e), "division by zero");
    assert_eq!(error("10 / ip[0] = 1", e), "division by zero");
    assert_eq!(error("link", e), "'link' cannot be used as an abbreviation");
    assert_eq!(
        error("vlan", LinkType::RAW),
        "'vlan' not supported on DLT_RAW (Raw IPv4/IPv6)"
    );
    assert_eq!(
        error("host nosuchhost.invalid", e),
        "unknown host 'nosuchhost.invalid'"
    );
    assert_eq!(
        error("net 10.0.0.1/8", e),
        "non-network bits set in \"10.0.0.1/8\""
    );
    assert_eq!(
        error("protochain 256", e),
        "protocol number 256 greater than maximum 255"
    );
}

#[test]
fn ip_broadcast_uses_the_netmask() {
    let ast = crate::syntax::parse("ip broadcast").unwrap();
    let mut opts = CompileOptions {
        linktype: LinkType::ETHERNET,
        snaplen: ACCEPT,
        netmask: Some(0xffff_ff00),
        capture: Capture::Dead,
    };
    let p = generate(&ast, &opts).unwrap().linearize();
    let mut pkt = eth_ipv4(17, 0, &ports(1, 2));
    pkt[30..34].copy_from_slice(&[10, 0, 0, 255]);
    assert_eq!(interp::run(&p, &pkt, pkt.len() as u32), ACCEPT);
    pkt[33] = 7;
    assert_eq!(interp::run(&p, &pkt, pkt.len() as u32), 0);
    opts.netmask = Some(0xffff_ffff);
    assert_eq!(
        generate(&ast, &opts).unwrap_err().0,
        "netmask not known, so 'ip broadcast' not supported"
    );
}

#[test]
fn accepting_value_is_the_snapshot_length() {
    let ast = crate::syntax::parse("").unwrap();
    let opts = CompileOptions {
        linktype: LinkType::ETHERNET,
        snaplen: 1234,
        netmask: None,
        capture: Capture::Dead,
    };
    let p = generate(&ast, &opts).unwrap().linearize();
    assert_eq!(interp::run(&p, &[], 0), 1234);
}

/// tcpdump's default program is libpcap's optimized one, whose or-chains
/// of ports of one transport protocol compare the source port with every
/// value before loading the destination port: a packet that ends after a
/// matching source port is accepted. Ports of every transport protocol
/// (`port 67`) are tested one primitive after the other in libpcap's
/// development version: the same packet is refused when reading the first
/// one's destination port.
#[test]
fn or_chains_of_ports_test_every_source_port_first() {
    let lt = LinkType::ETHERNET;
    let source_port_end = 14 + 20 + 2;
    for (expr, pulled_up) in [("udp port 67 or 68", true), ("port 67 or port 68", false)] {
        let full = eth_ipv4(17, 0, &ports(68, 999));
        assert_eq!(
            accepts(expr, lt, &full[..source_port_end]),
            pulled_up,
            "{expr}"
        );
        let other = eth_ipv4(17, 0, &ports(999, 68));
        assert!(accepts(expr, lt, &other), "{expr}");
        assert!(!accepts(expr, lt, &other[..source_port_end]), "{expr}");
    }
}

/// With `protochain` libpcap does not optimize at all, so tcpdump runs
/// the order its code generator wrote: 67 in either field, then 68.
#[test]
fn or_chains_keep_their_order_where_libpcap_does_not_optimize() {
    let lt = LinkType::ETHERNET;
    let cut = &eth_ipv4(17, 0, &ports(68, 999))[..14 + 20 + 2];
    assert!(!accepts("udp port 67 or 68 or ip protochain 6", lt, cut));
}

/// `net fe80::/10` compares only the first word of each address: libpcap's
/// optimizer drops the loads of the masked-out words, so a packet that ends
/// after that word is judged on it.
#[test]
fn masked_out_prefix_words_are_not_loaded() {
    let mut p = vec![0xff; 6];
    p.extend_from_slice(&[0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x86, 0xdd]);
    p.extend_from_slice(&[0x60, 0, 0, 0, 0, 0, 17, 64]);
    p.extend_from_slice(&[0xfe, 0x80, 0, 0]);
    let lt = LinkType::ETHERNET;
    assert!(accepts("net fe80::/10", lt, &p));
    assert!(accepts("src net fe80::/10", lt, &p));
    assert!(!accepts("src host fe80::", lt, &p));
}

/// libpcap decides whether to round the 802.11 payload offset up for the
/// radiotap "data padding" flag by the link type in effect at the end of
/// the expression: after `pppoes` (PPP) or `geneve` (Ethernet) it does not,
/// for the whole program.
#[test]
fn radiotap_padding_check_follows_the_final_link_type() {
    let r = LinkType::IEEE802_11_RADIO;
    let reads_present_flags = |p: &[crate::cbpf::Insn]| {
        p.iter()
            .any(|i| *i == crate::cbpf::Insn::stmt(op::LD | op::ABS | op::W, 4))
    };
    assert!(reads_present_flags(&program("ip", r)));
    assert!(reads_present_flags(&program("vlan and ip", r)));
    assert!(!reads_present_flags(&program("pppoes", r)));
    assert!(!reads_present_flags(&program("pppoes and ip", r)));
    assert!(!reads_present_flags(&program("geneve", r)));
}

/// Mixed directions group the same way: every test of the field that comes
/// first, then the other field's.
#[test]
fn or_chains_group_mixed_directions_by_field() {
    let lt = LinkType::ETHERNET;
    let expr = "udp dst port 1 or udp src port 2 or udp dst port 3";
    let dst_port_end = 14 + 20 + 4;
    let hit_third = eth_ipv4(17, 0, &ports(999, 3));
    assert!(accepts(expr, lt, &hit_third[..dst_port_end]));
    // The destination port is tested (and loaded) before the source port.
    let hit_source = eth_ipv4(17, 0, &ports(2, 999));
    assert!(accepts(expr, lt, &hit_source));
    assert!(!accepts(expr, lt, &hit_source[..14 + 20 + 2]));
}

/// As tcpdump's (optimized) program: an ICMP packet cut before its ICMP
/// header is accepted by `icmp[0] < 2 or icmp`, as by `icmp` alone
/// (libpcap's optimizer deletes the first disjunct's load, issue 18).
#[test]
fn a_disjunct_that_is_the_checks_of_the_one_before_absorbs_it() {
    let lt = LinkType::ETHERNET;
    let cut = &eth_ipv4(1, 0, &[8, 0, 0, 0])[..14 + 20];
    assert!(accepts("icmp", lt, cut));
    assert!(accepts("icmp[0] < 2 or icmp", lt, cut));
    assert!(accepts("icmp or icmp[0] < 2", lt, cut));
    // Not where tcpdump runs the unoptimized program (a radio header's
    // computed offsets): there the load rejects the packet.
    let mut radio = vec![0u8, 0, 8, 0, 0, 0, 0, 0];
    radio.extend_from_slice(&[0x08, 0x02, 0, 0]);
    radio.extend_from_slice(&[0; 20]);
    radio.extend_from_slice(&[0xaa, 0xaa, 3, 0, 0, 0, 8, 0]);
    radio.extend_from_slice(&eth_ipv4(1, 0, &[8, 0, 0, 0])[14..14 + 20]);
    let radiotap = LinkType::from_name("IEEE802_11_RADIO").unwrap();
    assert!(accepts("icmp", radiotap, &radio));
    assert!(!accepts("icmp[0] < 2 or icmp", radiotap, &radio));
}
