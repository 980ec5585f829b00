//! The exact syntax trees of the forms where libpcap's grammar has a
//! surprise: qualifier inheritance, equal precedence of `and`/`or`,
//! numbers that are ids or arithmetic, named constants, 802.11 names.
//! Each tree is what libpcap 1.10's grammar.y builds (checked against
//! tcpdump's unoptimized code where the shape is visible there).

use bpfdump::syntax::*;

fn q(proto: Proto, dir: Dir, kind: Kind) -> Qualifiers {
    Qualifiers { proto, dir, kind }
}
fn id(quals: Qualifiers, id: Id) -> Expr {
    Expr::Id { quals, id }
}
fn name(s: &str) -> Id {
    Id::Name(s.to_string())
}
fn dotted(s: &str) -> Id {
    Id::Dotted(s.to_string())
}
fn and(a: Expr, b: Expr) -> Expr {
    Expr::And(Box::new(a), Box::new(b))
}
fn or(a: Expr, b: Expr) -> Expr {
    Expr::Or(Box::new(a), Box::new(b))
}
fn not(a: Expr) -> Expr {
    Expr::Not(Box::new(a))
}
fn num(n: u32) -> Arith {
    Arith::Num(n)
}
fn load(proto: Proto, offset: Arith, size: u8) -> Arith {
    Arith::Load {
        proto,
        offset: Box::new(offset),
        size,
    }
}
fn bin(op: ArithOp, l: Arith, r: Arith) -> Arith {
    Arith::Binary {
        op,
        lhs: Box::new(l),
        rhs: Box::new(r),
    }
}
fn rel(op: RelOp, lhs: Arith, rhs: Arith) -> Expr {
    Expr::Relation { op, lhs, rhs }
}
fn host() -> Qualifiers {
    q(Proto::Default, Dir::Default, Kind::Host)
}
fn port() -> Qualifiers {
    q(Proto::Default, Dir::Default, Kind::Port)
}

#[track_caller]
fn check(text: &str, expected: Expr) {
    assert_eq!(parse(text), Ok(expected), "parsing {text:?}");
}

#[track_caller]
fn rejects(text: &str, message_part: &str) {
    match parse(text) {
        Ok(e) => panic!("{text:?} parsed as {e:?}, expected an error containing {message_part:?}"),
        Err(e) => assert!(
            e.message.contains(message_part),
            "{text:?}: message {:?} lacks {message_part:?}",
            e.message
        ),
    }
}

#[test]
fn empty_expression_is_true() {
    check("", Expr::True);
    check("  \t\n", Expr::True);
}

#[test]
fn qualifier_inheritance() {
    check(
        "host a or b",
        or(id(host(), name("a")), id(host(), name("b"))),
    );
    check(
        "port 80 or 443",
        or(id(port(), Id::Num(80)), id(port(), Id::Num(443))),
    );
    let tdp = q(Proto::Tcp, Dir::Dst, Kind::Port);
    check(
        "tcp dst port 80 or 8080 or 22",
        or(
            or(id(tdp, Id::Num(80)), id(tdp, Id::Num(8080))),
            id(tdp, Id::Num(22)),
        ),
    );
    // `not` applies to the first primitive only; `b` inherits `host`.
    check(
        "not host a and b",
        and(not(id(host(), name("a"))), id(host(), name("b"))),
    );
    let sh = q(Proto::Default, Dir::Src, Kind::Host);
    check(
        "src host a and not b",
        and(id(sh, name("a")), not(id(sh, name("b")))),
    );
    // Into a parenthesised list of ids...
    check(
        "host a and (b or c)",
        and(
            id(host(), name("a")),
            or(id(host(), name("b")), id(host(), name("c"))),
        ),
    );
    check(
        "host (a or b)",
        or(id(host(), name("a")), id(host(), name("b"))),
    );
    // ...and through a parenthesised term, which passes on what was in
    // force before it.
    check(
        "host 1.1.1.1 and (tcp) or 2.2.2.2",
        or(
            and(id(host(), dotted("1.1.1.1")), Expr::ProtoAbbrev(Proto::Tcp)),
            id(host(), dotted("2.2.2.2")),
        ),
    );
    check(
        "port 80 or (443)",
        or(id(port(), Id::Num(80)), id(port(), Id::Num(443))),
    );
    check(
        "tcp port http or https",
        or(
            id(q(Proto::Tcp, Dir::Default, Kind::Port), name("http")),
            id(q(Proto::Tcp, Dir::Default, Kind::Port), name("https")),
        ),
    );
    check(
        "src or dst host x",
        id(q(Proto::Default, Dir::SrcOrDst, Kind::Host), name("x")),
    );
    check(
        "dst and src net x",
        id(q(Proto::Default, Dir::SrcAndDst, Kind::Net), name("x")),
    );
    check("host not a", not(id(host(), name("a"))));
}

#[test]
fn nothing_to_inherit_is_an_error() {
    // libpcap: a bare id at the start, or after a protocol name, a
    // relation or a keyword primitive, is a syntax error.
    rejects("10.0.0.1", "syntax error");
    rejects("foo", "syntax error");
    rejects("300", "syntax error");
    rejects("tcp and 80", "syntax error");
    rejects("(host a) or b", "syntax error");
    rejects("vlan 100 or 200", "syntax error");
    rejects(
        "tcp and 00:11:22:33:44:55",
        "Ethernet address used in non-ether expression",
    );
}

#[test]
fn and_or_have_equal_precedence_and_not_binds_tightest() {
    let (a, b, c) = (
        Expr::ProtoAbbrev(Proto::Tcp),
        Expr::ProtoAbbrev(Proto::Udp),
        Expr::ProtoAbbrev(Proto::Icmp),
    );
    check(
        "tcp or udp and icmp",
        and(or(a.clone(), b.clone()), c.clone()),
    );
    check(
        "tcp and udp or icmp",
        or(and(a.clone(), b.clone()), c.clone()),
    );
    check(
        "tcp and (udp or icmp)",
        and(a.clone(), or(b.clone(), c.clone())),
    );
    check(
        "! ip || arp",
        or(
            not(Expr::ProtoAbbrev(Proto::Ip)),
            Expr::ProtoAbbrev(Proto::Arp),
        ),
    );
    check("not not tcp", not(not(a.clone())));
    check("!!udp", not(not(b.clone())));
    check("not tcp or udp", or(not(a.clone()), b.clone()));
    check("((tcp))", a.clone());
    check(
        "ip && !tcp && !udp",
        and(and(Expr::ProtoAbbrev(Proto::Ip), not(a)), not(b)),
    );
}

#[test]
fn numbers_after_or_can_be_arithmetic() {
    check(
        "udp or 10 / (ip[9] - 6) = 0",
        or(
            Expr::ProtoAbbrev(Proto::Udp),
            rel(
                RelOp::Eq,
                bin(
                    ArithOp::Div,
                    num(10),
                    bin(ArithOp::Sub, load(Proto::Ip, num(9), 1), num(6)),
                ),
                num(0),
            ),
        ),
    );
    check(
        "udp or (1) + 2 = 3",
        or(
            Expr::ProtoAbbrev(Proto::Udp),
            rel(RelOp::Eq, bin(ArithOp::Add, num(1), num(2)), num(3)),
        ),
    );
    check(
        "udp or (1 + 2) = 3",
        or(
            Expr::ProtoAbbrev(Proto::Udp),
            rel(RelOp::Eq, bin(ArithOp::Add, num(1), num(2)), num(3)),
        ),
    );
    check(
        "udp or (ip[0] = 1)",
        or(
            Expr::ProtoAbbrev(Proto::Udp),
            rel(RelOp::Eq, load(Proto::Ip, num(0), 1), num(1)),
        ),
    );
}

#[test]
fn arithmetic_precedence_as_libpcap() {
    let ip0 = || load(Proto::Ip, num(0), 1);
    // `*` over `+` over shifts over `&` over `|`, left-associative.
    check(
        "ip[0] + 1 * 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::Add, ip0(), bin(ArithOp::Mul, num(1), num(2))),
            num(0),
        ),
    );
    check(
        "ip[0] - 1 - 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::Sub, bin(ArithOp::Sub, ip0(), num(1)), num(2)),
            num(0),
        ),
    );
    check(
        "ip[0] | 1 & 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::Or, ip0(), bin(ArithOp::And, num(1), num(2))),
            num(0),
        ),
    );
    check(
        "ip[0] & 1 << 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::And, ip0(), bin(ArithOp::Shl, num(1), num(2))),
            num(0),
        ),
    );
    check(
        "ip[0] >> 1 + 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::Shr, ip0(), bin(ArithOp::Add, num(1), num(2))),
            num(0),
        ),
    );
    // `%` and `^` have no precedence in grammar.y: bison shifts, so they
    // take the operand before them and everything after them (the order
    // of the operations in `tcpdump -O -d` shows it).
    check(
        "ip[0] ^ 1 + 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::Xor, ip0(), bin(ArithOp::Add, num(1), num(2))),
            num(0),
        ),
    );
    check(
        "ip[0] % 3 * 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::Mod, ip0(), bin(ArithOp::Mul, num(3), num(2))),
            num(0),
        ),
    );
    check(
        "ip[0] + 3 % 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::Add, ip0(), bin(ArithOp::Mod, num(3), num(2))),
            num(0),
        ),
    );
    check(
        "ip[0] & 3 ^ 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::And, ip0(), bin(ArithOp::Xor, num(3), num(2))),
            num(0),
        ),
    );
    check(
        "ip[0] ^ 3 ^ 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::Xor, ip0(), bin(ArithOp::Xor, num(3), num(2))),
            num(0),
        ),
    );
    // Unary minus binds tightest, except over `%`/`^`.
    check(
        "-ip[0] * 2 = 0",
        rel(
            RelOp::Eq,
            bin(ArithOp::Mul, Arith::Neg(Box::new(ip0())), num(2)),
            num(0),
        ),
    );
    check(
        "-ip[0] ^ 2 = 0",
        rel(
            RelOp::Eq,
            Arith::Neg(Box::new(bin(ArithOp::Xor, ip0(), num(2)))),
            num(0),
        ),
    );
    check(
        "0 - ip[9] = 0xfffffffa",
        rel(
            RelOp::Eq,
            bin(ArithOp::Sub, num(0), load(Proto::Ip, num(9), 1)),
            num(0xfffffffa),
        ),
    );
    check(
        "ip[9] + -6 = 0",
        rel(
            RelOp::Eq,
            bin(
                ArithOp::Add,
                load(Proto::Ip, num(9), 1),
                Arith::Neg(Box::new(num(6))),
            ),
            num(0),
        ),
    );
    check("len > 100", rel(RelOp::Gt, Arith::Len, num(100)));
    check("length <= 100", rel(RelOp::Le, Arith::Len, num(100)));
    check("len != 1", rel(RelOp::Ne, Arith::Len, num(1)));
    check("len == 1", rel(RelOp::Eq, Arith::Len, num(1)));
    check("len >= 1", rel(RelOp::Ge, Arith::Len, num(1)));
    check("len < 1", rel(RelOp::Lt, Arith::Len, num(1)));
}

#[test]
fn packet_accessors_and_named_constants() {
    check(
        "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
        rel(
            RelOp::Eq,
            bin(
                ArithOp::And,
                load(Proto::Tcp, num(13), 1),
                bin(ArithOp::Or, num(2), num(0x10)),
            ),
            num(2),
        ),
    );
    check(
        "tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x48545450",
        rel(
            RelOp::Eq,
            load(
                Proto::Tcp,
                bin(
                    ArithOp::Shr,
                    bin(ArithOp::And, load(Proto::Tcp, num(12), 1), num(0xf0)),
                    num(2),
                ),
                4,
            ),
            num(0x48545450),
        ),
    );
    check(
        "icmp[icmptype] = icmp-unreach",
        rel(RelOp::Eq, load(Proto::Icmp, num(0), 1), num(3)),
    );
    check(
        "icmp[icmpcode] = icmp-maskreply",
        rel(RelOp::Eq, load(Proto::Icmp, num(1), 1), num(18)),
    );
    check(
        "icmp6[icmp6type] = icmp6-echo",
        rel(RelOp::Eq, load(Proto::Icmp6, num(0), 1), num(128)),
    );
    check(
        "icmp6[icmp6code] = icmp6-multicastrouterterm",
        rel(RelOp::Eq, load(Proto::Icmp6, num(1), 1), num(153)),
    );
    check(
        "tcp[0] = tcp-fin|tcp-rst|tcp-push|tcp-urg|tcp-ece|tcp-cwr",
        {
            let mut a = num(1);
            for v in [4, 8, 0x20, 0x40, 0x80] {
                a = bin(ArithOp::Or, a, num(v));
            }
            rel(RelOp::Eq, load(Proto::Tcp, num(0), 1), a)
        },
    );
    check(
        "ether[12:2] = 0x0800",
        rel(RelOp::Eq, load(Proto::Link, num(12), 2), num(0x800)),
    );
    check(
        "ppp[2:2] = 010",
        rel(RelOp::Eq, load(Proto::Link, num(2), 2), num(8)),
    );
    rejects("ip[1:3] = 1", "data size must be 1, 2, or 4");
    rejects("08 = 1", "number 08 contains non-octal digit");
    rejects(
        "4294967296 = 1",
        "decimal number 4294967296 overflows 32 bits",
    );
}

#[test]
fn primitives_with_their_own_syntax() {
    check(
        "ether proto \\rarp",
        id(q(Proto::Link, Dir::Default, Kind::Proto), name("rarp")),
    );
    check(
        "ip proto \\tcp",
        id(q(Proto::Ip, Dir::Default, Kind::Proto), name("tcp")),
    );
    check(
        "ip6 protochain 6",
        id(q(Proto::Ip6, Dir::Default, Kind::ProtoChain), Id::Num(6)),
    );
    check(
        "gateway snark",
        id(
            q(Proto::Default, Dir::Default, Kind::Gateway),
            name("snark"),
        ),
    );
    check("less 60", Expr::Less(60));
    check("greater 1000", Expr::Greater(1000));
    check(
        "byte 5 & 0x10",
        Expr::Byte {
            index: 5,
            op: ByteOp::And,
            value: 16,
        },
    );
    check(
        "vlan 100 and host x",
        and(Expr::Vlan(Some(100)), id(host(), name("x"))),
    );
    check("vlan (100)", Expr::Vlan(Some(100)));
    check(
        "vlan and ip",
        and(Expr::Vlan(None), Expr::ProtoAbbrev(Proto::Ip)),
    );
    check("mpls 7", Expr::Mpls(Some(7)));
    check("pppoes 0x27", Expr::Pppoes(Some(0x27)));
    check("pppoed", Expr::Pppoed);
    check("geneve", Expr::Geneve(None));
    check("inbound", Expr::Inbound);
    check("outbound", Expr::Outbound);
    check("ifindex 40002", Expr::IfIndex(40002));
    check("ip broadcast", Expr::Broadcast(Proto::Ip));
    check("ether multicast", Expr::Multicast(Proto::Link));
    check("broadcast", Expr::Broadcast(Proto::Default));
    check(
        "decnet src 1.1",
        id(q(Proto::Decnet, Dir::Src, Kind::Default), dotted("1.1")),
    );
    check(
        "ether host 00-11-22-33-44-55",
        id(
            q(Proto::Link, Dir::Default, Kind::Host),
            Id::Mac([0, 0x11, 0x22, 0x33, 0x44, 0x55]),
        ),
    );
    check(
        "ether host 0:1:2:a:b:c",
        id(
            q(Proto::Link, Dir::Default, Kind::Host),
            Id::Mac([0, 1, 2, 10, 11, 12]),
        ),
    );
    check(
        "ether host 0011.2233.4455",
        id(
            q(Proto::Link, Dir::Default, Kind::Host),
            Id::Mac([0, 0x11, 0x22, 0x33, 0x44, 0x55]),
        ),
    );
    check(
        "wlan addr3 00:0c:41:82:b2:55",
        id(
            q(Proto::Link, Dir::Addr3, Kind::Default),
            Id::Mac([0, 0x0c, 0x41, 0x82, 0xb2, 0x55]),
        ),
    );
    let net = q(Proto::Default, Dir::Default, Kind::Net);
    check(
        "net 192.168.0.0 mask 255.255.0.0",
        id(
            net,
            Id::DottedMask("192.168.0.0".into(), "255.255.0.0".into()),
        ),
    );
    check(
        "net 10.0.0.0/8",
        id(net, Id::DottedCidr("10.0.0.0".into(), 8)),
    );
    check("net 192.168.1", id(net, dotted("192.168.1")));
    check(
        "net fe80::/10",
        id(net, Id::Ipv6Cidr("fe80::".parse().unwrap(), 10)),
    );
    check(
        "ip6 host ::ffff:1.2.3.4",
        id(
            q(Proto::Ip6, Dir::Default, Kind::Host),
            Id::Ipv6("::ffff:1.2.3.4".parse().unwrap()),
        ),
    );
    check(
        "portrange 500-4500",
        id(
            q(Proto::Default, Dir::Default, Kind::PortRange),
            name("500-4500"),
        ),
    );
    check(
        "port ftp or ftp-data",
        or(id(port(), name("ftp")), id(port(), name("ftp-data"))),
    );
    // libpcap's development version's words (1.10: "modifier applied to
    // ip host").
    rejects("port 1.2.3.4", "'port' qualifier applied to IPv4 address");
    rejects(
        "port 80 or 1.2.3.4",
        "'port' qualifier applied to IPv4 address",
    );
    rejects(
        "ip proto 1.2.3.4",
        "'proto' qualifier applied to IPv4 address",
    );
    rejects("ether proto arp", "syntax error");
}

#[test]
fn wlan_and_llc_names() {
    let fc = |value, mask| Expr::WlanFc { value, mask };
    check("type mgt", fc(0x00, 0x0c));
    check("type ctl", fc(0x04, 0x0c));
    check("type data", fc(0x08, 0x0c));
    check("type mgt subtype probe-req", fc(0x40, 0xfc));
    check("type ctl subtype ack", fc(0xd4, 0xfc));
    check("type data subtype qos-data", fc(0x88, 0xfc));
    check("subtype deauth", fc(0xc0, 0xfc));
    check("subtype ps-poll", fc(0xa4, 0xfc));
    check("subtype null", fc(0x48, 0xfc));
    check("subtype DATA", fc(0x08, 0xfc));
    check(
        "wlan type mgt and not subtype beacon",
        and(fc(0, 0x0c), not(fc(0x80, 0xfc))),
    );
    check("type 8 subtype 0x80", fc(0x88, 0xfc));
    check("dir nods", Expr::WlanDir(0));
    check("dir tods", Expr::WlanDir(1));
    check("dir fromds", Expr::WlanDir(2));
    check("dir dstods", Expr::WlanDir(3));
    check("direction 2", Expr::WlanDir(2));
    rejects("type foo", "unknown 802.11 type name \"foo\"");
    rejects("subtype foo", "unknown 802.11 type name");
    rejects(
        "type mgt subtype foo",
        "unknown 802.11 subtype name \"foo\"",
    );
    rejects("type 12 subtype foo", "unknown 802.11 type");
    rejects("type 3", "invalid 802.11 type value 0x03");
    rejects("type 0 subtype 3", "invalid 802.11 subtype value 0x03");
    rejects("dir foo", "unknown 802.11 direction");
    check("llc", Expr::Llc(LlcKind::Any));
    check("llc i", Expr::Llc(LlcKind::I));
    check("llc S", Expr::Llc(LlcKind::S));
    check("llc u", Expr::Llc(LlcKind::U));
    check("llc ui", Expr::Llc(LlcKind::USubtype(0x03)));
    check("llc sabme", Expr::Llc(LlcKind::USubtype(0x6f)));
    check("llc rr", Expr::Llc(LlcKind::SSubtype(0x01)));
    check("llc rnr", Expr::Llc(LlcKind::SSubtype(0x05)));
    check("llc rej", Expr::Llc(LlcKind::SSubtype(0x09)));
    rejects("llc foo", "unknown LLC type name \"foo\"");
}

#[test]
fn syntax_errors_name_the_token_and_column() {
    let e = parse("host a or )").unwrap_err();
    assert_eq!(
        e.message,
        "can't parse filter expression: syntax error: unexpected ')' at column 11"
    );
    assert_eq!(e.offset, Some(10));
    let e = parse("tcp and").unwrap_err();
    assert!(
        e.message.contains("unexpected end of expression"),
        "{}",
        e.message
    );
    rejects("host", "syntax error");
    rejects("tcp[", "syntax error");
    rejects("1 2", "syntax error");
    rejects("= 1", "syntax error");
    rejects("HOST x", "syntax error");
    rejects(
        "host $1",
        "'link' is the only valid proto qualifier for 'host $XX'",
    );
    // `link host $1` and `lane` are parsed (ARCnet station addresses,
    // SunATM); the compiler refuses them on other link types
    // (tests/libpcap_suite.rs).
    rejects("host 1:2:3:", "invalid Ethernet address 1:2:3:");
    rejects("host ::1.2.3.400", "invalid IPv6 address ::1.2.3.400");
}
