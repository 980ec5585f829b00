//! Properties of the parser on generated input:
//! * `parse(&tree.to_string()) == Ok(tree)` for random trees of the forms
//!   the parser produces;
//! * random strings and random token sequences never make it panic, and
//!   whatever it accepts prints back to text that parses to the same tree.

use bpfdump::syntax::*;
use proptest::prelude::*;
use std::net::Ipv6Addr;

fn any_proto() -> impl Strategy<Value = Proto> {
    prop::sample::select(vec![
        Proto::Link,
        Proto::Ip,
        Proto::Arp,
        Proto::Rarp,
        Proto::Sctp,
        Proto::Tcp,
        Proto::Udp,
        Proto::Icmp,
        Proto::Igmp,
        Proto::Igrp,
        Proto::Atalk,
        Proto::Decnet,
        Proto::Lat,
        Proto::Sca,
        Proto::Moprc,
        Proto::Mopdl,
        Proto::Ip6,
        Proto::Icmp6,
        Proto::Ah,
        Proto::Esp,
        Proto::Pim,
        Proto::Vrrp,
        Proto::Carp,
        Proto::Aarp,
        Proto::Iso,
        Proto::Esis,
        Proto::Isis,
        Proto::Clnp,
        Proto::Stp,
        Proto::Ipx,
        Proto::Netbeui,
        Proto::L1,
        Proto::L2,
        Proto::Iih,
        Proto::Snp,
        Proto::Csnp,
        Proto::Psnp,
        Proto::Lsp,
        Proto::Radio,
    ])
}

fn proto_or_default() -> impl Strategy<Value = Proto> {
    prop_oneof![Just(Proto::Default), any_proto()]
}

/// The qualifier combinations a `head` can give.
fn quals() -> impl Strategy<Value = Qualifiers> {
    let with_dir = (
        proto_or_default(),
        prop::sample::select(vec![
            Dir::Src,
            Dir::Dst,
            Dir::SrcOrDst,
            Dir::SrcAndDst,
            Dir::Addr1,
            Dir::Addr2,
            Dir::Addr3,
            Dir::Addr4,
            Dir::Ra,
            Dir::Ta,
        ]),
        prop::sample::select(vec![
            Kind::Default,
            Kind::Host,
            Kind::Net,
            Kind::Port,
            Kind::PortRange,
        ]),
    )
        .prop_map(|(proto, dir, kind)| Qualifiers { proto, dir, kind });
    let without_dir = (
        proto_or_default(),
        prop::sample::select(vec![
            Kind::Host,
            Kind::Net,
            Kind::Port,
            Kind::PortRange,
            Kind::Proto,
            Kind::ProtoChain,
            Kind::Gateway,
        ]),
    )
        .prop_map(|(proto, kind)| Qualifiers {
            proto,
            dir: Dir::Default,
            kind,
        });
    prop_oneof![with_dir, without_dir]
}

fn dotted(parts: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            (0u32..300).prop_map(|n| n.to_string()),
            (0u32..0x1000).prop_map(|n| format!("0x{n:x}"))
        ],
        parts,
    )
    .prop_map(|v| v.join("."))
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9_.-]{0,8}[a-z0-9]",
        "[a-z0-9:=\\[\\]+.$-]{1,8}",
        Just("tcp".to_string()),
        Just("500-4500".to_string())
    ]
}

fn id_for(q: Qualifiers) -> BoxedStrategy<Id> {
    let mut options: Vec<BoxedStrategy<Id>> = vec![
        any::<u32>().prop_map(Id::Num).boxed(),
        name().prop_map(Id::Name).boxed(),
        (dotted(2..=4), any::<u32>())
            .prop_map(|(d, n)| Id::DottedCidr(d, n))
            .boxed(),
        (dotted(2..=4), dotted(2..=4))
            .prop_map(|(a, m)| Id::DottedMask(a, m))
            .boxed(),
        any::<[u8; 6]>().prop_map(Id::Mac).boxed(),
    ];
    // An IPv6 address is refused with `gateway`, and a prefix with `host`,
    // as soon as they are read (the message names them as written).
    if q.kind != Kind::Gateway {
        options.push(
            any::<u128>()
                .prop_map(|a| Id::Ipv6(Ipv6Addr::from(a)))
                .boxed(),
        );
    }
    if !matches!(q.kind, Kind::Gateway | Kind::Host | Kind::Default) {
        options.push(
            (any::<u128>(), any::<u32>())
                .prop_map(|(a, n)| Id::Ipv6Cidr(Ipv6Addr::from(a), n))
                .boxed(),
        );
    }
    // A plain dotted address is refused with port/proto qualifiers.
    if !matches!(
        q.kind,
        Kind::Port | Kind::PortRange | Kind::Proto | Kind::ProtoChain
    ) {
        options.push(dotted(2..=4).prop_map(Id::Dotted).boxed());
    }
    prop::strategy::Union::new(options).boxed()
}

fn arith() -> impl Strategy<Value = Arith> {
    let leaf = prop_oneof![any::<u32>().prop_map(Arith::Num), Just(Arith::Len)];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (
                any_proto(),
                inner.clone(),
                prop::sample::select(vec![1u8, 2, 4])
            )
                .prop_map(|(proto, offset, size)| Arith::Load {
                    proto,
                    offset: Box::new(offset),
                    size
                }),
            (
                prop::sample::select(vec![
                    ArithOp::Add,
                    ArithOp::Sub,
                    ArithOp::Mul,
                    ArithOp::Div,
                    ArithOp::Mod,
                    ArithOp::And,
                    ArithOp::Or,
                    ArithOp::Xor,
                    ArithOp::Shl,
                    ArithOp::Shr
                ]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, l, r)| Arith::Binary {
                    op,
                    lhs: Box::new(l),
                    rhs: Box::new(r)
                }),
            inner.prop_map(|a| Arith::Neg(Box::new(a))),
        ]
    })
}

fn primitive() -> impl Strategy<Value = Expr> {
    let llc = prop::sample::select(vec![
        LlcKind::Any,
        LlcKind::I,
        LlcKind::S,
        LlcKind::U,
        LlcKind::SSubtype(1),
        LlcKind::SSubtype(5),
        LlcKind::SSubtype(9),
        LlcKind::USubtype(0x03),
        LlcKind::USubtype(0x63),
        LlcKind::USubtype(0x43),
        LlcKind::USubtype(0x0f),
        LlcKind::USubtype(0x6f),
        LlcKind::USubtype(0xe3),
        LlcKind::USubtype(0xaf),
        LlcKind::USubtype(0x87),
    ]);
    let relop = prop::sample::select(vec![
        RelOp::Gt,
        RelOp::Ge,
        RelOp::Eq,
        RelOp::Ne,
        RelOp::Lt,
        RelOp::Le,
    ]);
    let byteop = prop::sample::select(vec![
        ByteOp::Eq,
        ByteOp::Lt,
        ByteOp::Gt,
        ByteOp::And,
        ByteOp::Or,
    ]);
    prop_oneof![
        quals().prop_flat_map(|q| id_for(q).prop_map(move |id| Expr::Id { quals: q, id })),
        any_proto().prop_map(Expr::ProtoAbbrev),
        proto_or_default().prop_map(Expr::Broadcast),
        proto_or_default().prop_map(Expr::Multicast),
        any::<u32>().prop_map(Expr::Less),
        any::<u32>().prop_map(Expr::Greater),
        (any::<u32>(), byteop, any::<u32>()).prop_map(|(index, op, value)| Expr::Byte {
            index,
            op,
            value
        }),
        Just(Expr::Inbound),
        Just(Expr::Outbound),
        any::<u32>().prop_map(Expr::IfIndex),
        any::<Option<u32>>().prop_map(Expr::Vlan),
        any::<Option<u32>>().prop_map(Expr::Mpls),
        Just(Expr::Pppoed),
        any::<Option<u32>>().prop_map(Expr::Pppoes),
        any::<Option<u32>>().prop_map(Expr::Geneve),
        llc.prop_map(Expr::Llc),
        (0u8..4).prop_map(|t| Expr::WlanFc {
            value: t << 2,
            mask: 0x0c
        }),
        (0u8..4, 0u8..16).prop_map(|(t, s)| Expr::WlanFc {
            value: (s << 4) | (t << 2),
            mask: 0xfc
        }),
        // Directions above 3 are refused as they are read.
        (0u8..=3).prop_map(Expr::WlanDir),
        (relop, arith(), arith()).prop_map(|(op, lhs, rhs)| Expr::Relation { op, lhs, rhs }),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    primitive().prop_recursive(5, 32, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|a| Expr::Not(Box::new(a))),
        ]
    })
}

/// Words and symbols of the language, for random token sequences.
const VOCABULARY: &[&str] = &[
    "host",
    "net",
    "port",
    "portrange",
    "src",
    "dst",
    "or",
    "and",
    "not",
    "!",
    "&&",
    "||",
    "(",
    ")",
    "[",
    "]",
    ":",
    "tcp",
    "udp",
    "ip",
    "ip6",
    "ether",
    "proto",
    "protochain",
    "gateway",
    "mask",
    "broadcast",
    "multicast",
    "less",
    "greater",
    "byte",
    "len",
    "vlan",
    "mpls",
    "pppoes",
    "llc",
    "type",
    "subtype",
    "dir",
    "addr1",
    "ra",
    "ui",
    "mgt",
    "probe-req",
    "nods",
    "1",
    "80",
    "0x10",
    "010",
    "10.0.0.1",
    "10.0.0.0",
    "/",
    "8",
    "255.0.0.0",
    "fe80::1",
    "::",
    "00:11:22:33:44:55",
    "http",
    "\\tcp",
    "a",
    "+",
    "-",
    "*",
    "%",
    "&",
    "|",
    "^",
    "<<",
    ">>",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "tcpflags",
    "tcp-syn",
    "icmp-echo",
    "inbound",
    "ifindex",
    "geneve",
    "1-2",
    "$1",
    "08",
    "1:2:3:",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn display_parses_back_to_the_same_tree(tree in expr()) {
        let text = tree.to_string();
        prop_assert_eq!(parse(&text), Ok(tree), "text: {}", text);
    }

    #[test]
    fn random_strings_never_panic(text in "[ -~\t\u{e9}\u{2028}]{0,40}") {
        if let Ok(tree) = parse(&text) {
            prop_assert_eq!(parse(&tree.to_string()), Ok(tree.clone()), "from {:?} via {}", text, tree);
        }
    }

    #[test]
    fn random_token_sequences_never_panic(words in prop::collection::vec(prop::sample::select(VOCABULARY), 0..14)) {
        let text = words.join(" ");
        if let Ok(tree) = parse(&text) {
            prop_assert_eq!(parse(&tree.to_string()), Ok(tree.clone()), "from {:?} via {}", text, tree);
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for depth in [10, 100, 1000, 20_000] {
        let text = format!("{}tcp{}", "(".repeat(depth), ")".repeat(depth));
        let r = parse(&text);
        if depth <= 10 {
            assert_eq!(r, Ok(Expr::ProtoAbbrev(Proto::Tcp)));
        }
        let text = format!("host a and {}b{}", "(".repeat(depth), ")".repeat(depth));
        let _ = parse(&text);
        let text = format!("{}1{} = 1", "(".repeat(depth), ")".repeat(depth));
        let _ = parse(&text);
        let text = "not ".repeat(depth) + "tcp";
        let _ = parse(&text);
        let text = "-".repeat(depth) + "1 = 1";
        let _ = parse(&text);
    }
}
