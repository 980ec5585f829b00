//! The parser against the oracle, tcpdump (libpcap 1.10):
//! * what tcpdump rejects as a syntax error, we reject;
//! * what tcpdump accepts, we parse;
//! * our canonical text for a tree (`Display`) compiles, in tcpdump with
//!   the optimizer off, to exactly the program of the original text: the
//!   grouping, precedence and inherited qualifiers we read are libpcap's;
//! * every named constant, 802.11 and LLC name means what libpcap means.

mod common;

use bpfdump::syntax::parse;

/// tcpdump's unoptimized EN10MB program for `expr`, or its error.
fn oracle(expr: &str) -> Result<bpfdump::cbpf::Program, String> {
    common::tcpdump_program("EN10MB", expr, false)
}

const MALFORMED: &[&str] = &[
    "(",
    ")",
    "(tcp",
    "tcp)",
    "((tcp)",
    "tcp and",
    "and tcp",
    "tcp or or udp",
    "not",
    "port",
    "host",
    "net",
    "src",
    "src or",
    "src or src host x",
    "tcp[",
    "tcp[0",
    "tcp[0] =",
    "tcp[0:] = 1",
    "= 1",
    "1 2",
    "1 = ",
    "ip[0] = 1 1",
    "less",
    "less x",
    "less 1 + 1",
    "greater host",
    "byte 1",
    "byte 1 + 2",
    "ifindex",
    "10.0.0.1",
    "foo",
    "300",
    "0777",
    "HOST 1.2.3.4",
    "host 1.1.1.1 or ((2.2.2.2))",
    "host 10.0.0.1 or (10.0.0.2 and tcp)",
    "tcp and 80",
    "tcp and 1.1.1.1",
    "(host 1.2.3.4) or 2.2.2.2",
    "vlan 100 or 200",
    "ip proto tcp",
    "ether proto arp",
    "ip[1-2] = 0",
    "tcp port 80 @",
    "tcp port 80 ;",
    "port 80 $",
    "net 10.0.0.0/",
    "net 10.0.0.0 mask",
    "tcp[0] = = 1",
    "tcp[0] == != 1",
    "ip broadcast multicast",
    "type",
    "subtype",
    "dir",
    "type mgt subtype",
    "subtype 4",
    "llc 5",
    // `vxlan` is a keyword of libpcap's development version (the reference),
    // not of 1.10.
    "len",
    "-",
    "- 1",
    "(1) = ",
    "!",
    "not not",
    "ip6 net",
    "tcp dst port 80 or",
    "port 80 or (",
    "port 80 or ()",
    "()",
    "tcp[13:1 = 2",
    "tcp[13]] = 2",
];

#[test]
fn what_tcpdump_calls_a_syntax_error_we_reject() {
    if !common::have_filter_reference("what_tcpdump_calls_a_syntax_error_we_reject") {
        return;
    }
    let mut wrong = Vec::new();
    for &expr in MALFORMED {
        let theirs = oracle(expr);
        match &theirs {
            Err(m) if m.contains("syntax error") => {}
            other => {
                wrong.push(format!(
                    "{expr:?}: tcpdump does not call it a syntax error: {other:?}"
                ));
                continue;
            }
        }
        match parse(expr) {
            Ok(e) => wrong.push(format!("{expr:?}: tcpdump rejects, we parse {e:?}")),
            // libpcap's development version's words, with what and where.
            Err(e)
                if !e
                    .message
                    .contains("can't parse filter expression: syntax error") =>
            {
                wrong.push(format!("{expr:?}: our message {:?}", e.message))
            }
            Err(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Expressions tcpdump compiles for EN10MB whose parse is not obvious.
const TRICKY_VALID: &[&str] = &[
    "udp or 10 / (ip[9] - 6) = 0",
    "ether proto \\rarp",
    "ip proto \\tcp",
    "tcp port http or https",
    "less 60",
    "vlan 100 and host 10.0.0.1",
    "decnet src 1.1",
    "ether host 00-11-22-33-44-55",
    "ether host 0011.2233.4455",
    "ether host 001122334455",
    "ether host 0:1:2:3:4:5",
    "ether host 0.1.2.3.4.5",
    "net 192.168.0.0 mask 255.255.0.0",
    "net 10.0.0.0/8",
    "net fe80::/10",
    "host ::ffff:10.1.2.3",
    "host ::",
    "host 1:2:3:4:5:6:7:8",
    "portrange 500-4500",
    "len > 100",
    "icmp[icmptype] = icmp-unreach",
    "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
    "tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x48545450",
    "0 - ip[9] = 0xfffffffa",
    "! ip || arp",
    "not not tcp",
    "!!udp",
    "host 10.0.0.1 and (tcp) or 10.0.0.2",
    "host 10.0.0.1 or (10.0.0.2 and 10.0.0.3)",
    "port 80 or (443)",
    "port 80 or ((443) and 22)",
    "host not 10.0.0.1",
    "host 10.0.0.1 and not 10.0.0.2 or 10.0.0.3",
    "src or dst host 10.0.0.1",
    "dst and src net 10.0.0.0/8",
    "tcp src or dst port 80 or 443",
    "ip[0] ^ 1 + 2 % 3 * 4 - -5 = 0",
    "ip[0] | 1 & 2 << 3 >> 1 = 0",
    "ip[2:2] / 2 * 2 = ip[2:2]",
    "(1) = 1",
    "((1 + 2)) = 3",
    "tcp[0] = 1 or (2) = 2",
    "tcp and (1 + 1 = 2)",
    "vlan (100)",
    "ether[0] & 1 != 0",
    "byte 1 = 2",
    "byte 1 & 2 or byte 3 | 4",
    "inbound",
    "ip6 protochain 6 and ip6 proto 17",
    "ip multicast or ip6 multicast or ether broadcast",
    "08:00:27:aa:bb:cc or ether host 08:00:27:aa:bb:cc",
    "ether dst 01:00:5e:00:00:01 or 01:00:5e:00:00:02",
    "tcp[tcpflags]&tcp-syn!=0",
    "icmp[0]=8&&icmp[1]==0",
    "len>=100&&len<=200",
    "net 10.1.2.0 / 24",
];

#[test]
fn what_tcpdump_accepts_we_parse() {
    if !common::have_filter_reference("what_tcpdump_accepts_we_parse") {
        return;
    }
    let mut wrong = Vec::new();
    for &expr in TRICKY_VALID {
        let ours = parse(expr);
        match oracle(expr) {
            Ok(_) => {
                if let Err(e) = ours {
                    wrong.push(format!("{expr:?}: tcpdump accepts, we say {}", e.message));
                }
            }
            // Not a syntax question (e.g. a name that does not resolve):
            // then we must at least not call it malformed if libpcap did not.
            Err(m) if !m.contains("syntax error") => {}
            Err(m) => {
                if ours.is_ok() {
                    wrong.push(format!("{expr:?}: tcpdump says {m:?}, we parse"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Link types to try, in order, for an expression that may only make
/// sense on some (802.11 names, `radio`, ...).
const LINKTYPES: &[&str] = &["EN10MB", "IEEE802_11_RADIO", "LINUX_SLL", "PPP"];

/// Compare tcpdump's unoptimized programs for `expr` and for our canonical
/// text of its tree, on the first link type tcpdump compiles `expr` for; a
/// difference means we grouped something differently. `Ok(true)` if they
/// are equal, `Ok(false)` if tcpdump compiles `expr` for none of them.
fn same_program_as_canonical(expr: &str) -> Result<bool, String> {
    let Some((linktype, theirs)) = LINKTYPES.iter().find_map(|lt| {
        common::tcpdump_program(lt, expr, false)
            .ok()
            .map(|p| (lt, p))
    }) else {
        return Ok(false);
    };
    let tree =
        parse(expr).map_err(|e| format!("{expr:?}: tcpdump accepts, we say {}", e.message))?;
    let canonical = tree.to_string();
    match common::tcpdump_program(linktype, &canonical, false) {
        Ok(p) if p == theirs => Ok(true),
        Ok(_) => Err(format!(
            "{expr:?}: our reading {canonical:?} compiles differently ({linktype})"
        )),
        Err(m) => Err(format!(
            "{expr:?}: tcpdump rejects our reading {canonical:?}: {m}"
        )),
    }
}

/// The same for many expressions at once, joined with `or` into one
/// expression (one tcpdump run instead of many); on a difference, each is
/// compared alone to name the culprits.
fn batch_same_as_canonical(linktype: &str, exprs: &[String]) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut canonical = Vec::new();
    for e in exprs {
        match parse(e) {
            Ok(t) => canonical.push(format!("({t})")),
            Err(err) => wrong.push(format!("{e:?}: {}", err.message)),
        }
    }
    if !wrong.is_empty() {
        return wrong;
    }
    let joined: Vec<String> = exprs.iter().map(|e| format!("({e})")).collect();
    let theirs = common::tcpdump_program(linktype, &joined.join(" or "), false);
    if theirs.is_ok() && theirs == common::tcpdump_program(linktype, &canonical.join(" or "), false)
    {
        return wrong;
    }
    for (e, c) in exprs.iter().zip(&canonical) {
        let theirs = common::tcpdump_program(linktype, e, false);
        let ours = common::tcpdump_program(linktype, c, false);
        if theirs.is_err() || theirs != ours {
            wrong.push(format!("{e:?} vs {c:?}: {theirs:?} / {ours:?}"));
        }
    }
    if wrong.is_empty() {
        wrong.push(format!(
            "{linktype}: the joined expressions differ but no single one does"
        ));
    }
    wrong
}

#[test]
fn canonical_text_compiles_to_the_same_program() {
    if !common::have_filter_reference("canonical_text_compiles_to_the_same_program") {
        return;
    }
    let mut exprs: Vec<String> = TRICKY_VALID.iter().map(|s| s.to_string()).collect();
    if let Some(shared) = common::shared_dir() {
        exprs.extend(common::example_filters(&shared));
    }
    let mut compared = 0;
    let mut wrong = Vec::new();
    for e in &exprs {
        match same_program_as_canonical(e) {
            Ok(true) => compared += 1,
            Ok(false) => {}
            Err(w) => wrong.push(w),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        compared * 10 >= exprs.len() * 9,
        "only {compared} of {} expressions compared",
        exprs.len()
    );
}

/// Random arithmetic over all operators, unparenthesised, so libpcap's
/// precedence decides; a fixed-seed generator keeps the test repeatable.
#[test]
fn random_arithmetic_groups_as_libpcap() {
    if !common::have_filter_reference("random_arithmetic_groups_as_libpcap") {
        return;
    }
    let ops = ["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"];
    let operands = [
        "ip[0]",
        "2",
        "len",
        "-ip[1]",
        "(ip[2] + 1)",
        "tcp[3:2]",
        "-3",
    ];
    let relops = ["=", "!=", "<", "<=", ">", ">="];
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut wrong = Vec::new();
    for _ in 0..40 {
        let mut expr = String::new();
        let terms = 2 + next(4);
        for t in 0..terms {
            if t > 0 {
                expr += &format!(" {} ", ops[next(ops.len())]);
            }
            expr += operands[next(operands.len())];
        }
        expr += &format!(
            " {} {}",
            relops[next(relops.len())],
            operands[next(operands.len())]
        );
        if let Err(w) = same_program_as_canonical(&expr) {
            wrong.push(w);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Random boolean structure with inherited qualifiers.
#[test]
fn random_boolean_structure_groups_as_libpcap() {
    if !common::have_filter_reference("random_boolean_structure_groups_as_libpcap") {
        return;
    }
    let heads = [
        "host 10.0.0.1",
        "tcp port 80",
        "udp",
        "src net 10.0.0.0/8",
        "ip[0] = 1",
        "not arp",
        "dst port 53",
        "(icmp or ip6)",
    ];
    let bare = [
        "10.0.0.2",
        "443",
        "not 10.0.0.3",
        "(10.0.0.4 or 10.0.0.5)",
        "22",
    ];
    let conj = [" and ", " or ", " && ", " || "];
    let mut seed: u64 = 0x2545f4914f6cdd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut wrong = Vec::new();
    let mut tried = 0;
    for _ in 0..60 {
        let mut expr = heads[next(heads.len())].to_string();
        for _ in 0..1 + next(4) {
            expr += conj[next(conj.len())];
            // Half the time a bare id that inherits (which may be
            // illegal after a non-inheriting term: then both reject).
            if next(2) == 0 {
                expr += bare[next(bare.len())];
            } else {
                expr += heads[next(heads.len())];
            }
        }
        match (oracle(&expr), parse(&expr)) {
            (Ok(_), _) => {
                tried += 1;
                if let Err(w) = same_program_as_canonical(&expr) {
                    wrong.push(w);
                }
            }
            (Err(m), Ok(t)) => wrong.push(format!("{expr:?}: tcpdump says {m:?}, we parse {t}")),
            (Err(_), Err(_)) => {}
        }
    }
    assert!(tried > 15, "too few accepted expressions ({tried})");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn named_constants_mean_what_libpcap_means() {
    if !common::have_filter_reference("named_constants_mean_what_libpcap_means") {
        return;
    }
    let names = [
        "icmptype",
        "icmpcode",
        "icmp-echoreply",
        "icmp-unreach",
        "icmp-sourcequench",
        "icmp-redirect",
        "icmp-echo",
        "icmp-routeradvert",
        "icmp-routersolicit",
        "icmp-timxceed",
        "icmp-paramprob",
        "icmp-tstamp",
        "icmp-tstampreply",
        "icmp-ireq",
        "icmp-ireqreply",
        "icmp-maskreq",
        "icmp-maskreply",
        "icmp6type",
        "icmp6code",
        "icmp6-destinationunreach",
        "icmp6-packettoobig",
        "icmp6-timeexceeded",
        "icmp6-parameterproblem",
        "icmp6-echo",
        "icmp6-echoreply",
        "icmp6-multicastlistenerquery",
        "icmp6-multicastlistenerreportv1",
        "icmp6-multicastlistenerdone",
        "icmp6-routersolicit",
        "icmp6-routeradvert",
        "icmp6-neighborsolicit",
        "icmp6-neighboradvert",
        "icmp6-redirect",
        "icmp6-routerrenum",
        "icmp6-nodeinformationquery",
        "icmp6-nodeinformationresponse",
        "icmp6-ineighbordiscoverysolicit",
        "icmp6-ineighbordiscoveryadvert",
        "icmp6-multicastlistenerreportv2",
        "icmp6-homeagentdiscoveryrequest",
        "icmp6-homeagentdiscoveryreply",
        "icmp6-mobileprefixsolicit",
        "icmp6-mobileprefixadvert",
        "icmp6-certpathsolicit",
        "icmp6-certpathadvert",
        "icmp6-multicastrouteradvert",
        "icmp6-multicastroutersolicit",
        "icmp6-multicastrouterterm",
        "tcpflags",
        "tcp-fin",
        "tcp-syn",
        "tcp-rst",
        "tcp-push",
        "tcp-ack",
        "tcp-urg",
        "tcp-ece",
        "tcp-cwr",
    ];
    let mut wrong = Vec::new();
    let mut by_name = Vec::new();
    let mut by_number = Vec::new();
    for name in names {
        let expr = format!("ip[0] = {name}");
        match parse(&expr) {
            Ok(bpfdump::syntax::Expr::Relation {
                rhs: bpfdump::syntax::Arith::Num(n),
                ..
            }) => {
                by_name.push(expr);
                by_number.push(format!("ip[0] = {n}"));
            }
            _ => wrong.push(format!("{expr:?} does not parse to a number")),
        }
    }
    // One tcpdump run for all the names, one for all the numbers.
    let theirs = oracle(&by_name.join(" or "));
    let ours = oracle(&by_number.join(" or "));
    if theirs.is_err() || theirs != ours {
        for (a, b) in by_name.iter().zip(&by_number) {
            if oracle(a).is_err() || oracle(a) != oracle(b) {
                wrong.push(format!("{a:?} is not {b:?} for tcpdump"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn wlan_and_llc_names_mean_what_libpcap_means() {
    if !common::have_filter_reference("wlan_and_llc_names_mean_what_libpcap_means") {
        return;
    }
    let mut exprs: Vec<String> = Vec::new();
    for t in ["mgt", "management", "ctl", "control", "data"] {
        exprs.push(format!("type {t}"));
    }
    let subtypes = [
        ("mgt", "assocreq assoc-req assocresp assoc-resp reassocreq reassoc-req reassocresp reassoc-resp probereq probe-req proberesp probe-resp beacon atim disassoc disassociation auth authentication deauth deauthentication"),
        ("ctl", "ps-poll rts cts ack cf-end cf-end-ack"),
        ("data", "data data-cf-ack data-cf-poll data-cf-ack-poll null cf-ack cf-poll cf-ack-poll qos-data qos-data-cf-ack qos-data-cf-poll qos-data-cf-ack-poll qos qos-cf-poll qos-cf-ack-poll"),
    ];
    for (t, list) in subtypes {
        for s in list.split(' ') {
            exprs.push(format!("type {t} subtype {s}"));
            exprs.push(format!("subtype {s}"));
        }
    }
    for d in ["nods", "tods", "fromds", "dstods"] {
        exprs.push(format!("dir {d}"));
    }
    // Our canonical text uses numbers only.
    let mut wrong = batch_same_as_canonical("IEEE802_11", &exprs);
    let llc: Vec<String> = [
        "i", "s", "u", "rr", "rnr", "rej", "ui", "ua", "disc", "dm", "sabme", "test", "xid", "frmr",
    ]
    .iter()
    .map(|l| format!("llc {l}"))
    .collect();
    wrong.extend(batch_same_as_canonical("EN10MB", &llc));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Random expressions near the edge of the grammar: valid primitives joined
/// at random, then a few tokens deleted, inserted or replaced. Where
/// tcpdump accepts we must parse; where it reports a syntax error we must
/// reject. (Other tcpdump errors are the code generator's business.)
#[test]
fn mutated_expressions_are_accepted_and_rejected_as_by_tcpdump() {
    if !common::have_filter_reference("mutated_expressions_are_accepted_and_rejected_as_by_tcpdump")
    {
        return;
    }
    const PRIMITIVES: &[&str] = &[
        "host 10.0.0.1",
        "tcp port 80",
        "udp",
        "src net 10.0.0.0/8",
        "ip[0] = 1",
        "not arp",
        "dst port 53",
        "( icmp or ip6 )",
        "10.0.0.2",
        "443",
        "not 10.0.0.3",
        "( 10.0.0.4 or 10.0.0.5 )",
        "22",
        "ip [ 0 : 2 ] & 0x1f != 0",
        "len > 100",
        "vlan 100",
        "ether proto \\ip",
        "( 1 + 2 ) * 3 = tcp [ 0 ]",
        "( 80 )",
        "less 60",
        "ip proto 6",
        "( tcp )",
        "! ( udp )",
        "tcp [ tcpflags ] & tcp-syn != 0",
        "- 1 = 2",
        "ip src or dst 10.0.0.9",
    ];
    const TOKENS: &[&str] = &[
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
        "mask",
        "broadcast",
        "less",
        "len",
        "vlan",
        "llc",
        "type",
        "1",
        "80",
        "0x10",
        "10.0.0.1",
        "/",
        "8",
        "255.0.0.0",
        "fe80::1",
        "http",
        "\\tcp",
        "+",
        "-",
        "*",
        "%",
        "&",
        "|",
        "^",
        "<<",
        "=",
        "!=",
        "<",
        ">=",
        "tcpflags",
        "tcp-syn",
        "1-2",
        "443",
    ];
    let mut seed: u64 = 0x1234_5678_9abc_def1;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut wrong = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..150 {
        let mut words: Vec<&str> = Vec::new();
        for k in 0..1 + next(4) {
            if k > 0 {
                words.push(["and", "or", "&&", "||"][next(4)]);
            }
            words.extend(PRIMITIVES[next(PRIMITIVES.len())].split(' '));
        }
        for _ in 0..next(3) {
            let at = next(words.len() + 1);
            match next(3) {
                0 if at < words.len() => {
                    words.remove(at);
                }
                1 => words.insert(at, TOKENS[next(TOKENS.len())]),
                _ if at < words.len() => words[at] = TOKENS[next(TOKENS.len())],
                _ => {}
            }
        }
        let expr = words.join(" ");
        match (oracle(&expr), parse(&expr)) {
            (Ok(_), Ok(_)) => accepted += 1,
            (Ok(_), Err(e)) => {
                wrong.push(format!("{expr:?}: tcpdump accepts, we say {}", e.message))
            }
            (Err(m), Ok(t)) if m.contains("syntax error") => {
                wrong.push(format!("{expr:?}: tcpdump says {m:?}, we parse {t}"))
            }
            (Err(m), Err(_)) if m.contains("syntax error") => rejected += 1,
            (Err(_), _) => {}
        }
    }
    assert!(
        accepted > 20 && rejected > 20,
        "too few decisive cases: {accepted} accepted, {rejected} rejected"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The errors the parser owns carry libpcap's own wording: its development
/// snapshot's (`../shared/oracles/libpcap`), which the project follows
/// where it and the installed tcpdump's libpcap 1.10 disagree.
#[test]
fn error_messages_are_libpcaps() {
    let Some(filtertest) = common::snapshot_filtertest() else {
        eprintln!("error_messages_are_libpcaps: skipped: libpcap's snapshot not built here");
        return;
    };
    let exprs = [
        "ip[1:3] = 1",
        "tcp[0:0] = 1",
        "type foo",
        "subtype foo",
        "type mgt subtype foo",
        "type 12 subtype foo",
        "type 3",
        "type 0 subtype 3",
        "dir foo",
        "llc foo",
        "08 = 1",
        "4294967296 = 1",
        "0x1ffffffff = 1",
        "host 1:2:3:",
        "host 00:11:22:33:44:55:66",
        "host ::1.2.3.400",
        "port 1.2.3.4",
        "portrange 1.2.3.4",
        "proto 1.2.3.4",
        "protochain 1.2.3.4",
        "port 80 or 1.2.3.4",
        "tcp and 00:11:22:33:44:55",
        "host $1",
    ];
    let mut wrong = Vec::new();
    for expr in exprs {
        let theirs = match common::snapshot_verdict(&filtertest, "EN10MB", expr) {
            Err(m) => m,
            Ok(()) => {
                wrong.push(format!("{expr:?}: libpcap's snapshot accepts it"));
                continue;
            }
        };
        match parse(expr) {
            Ok(t) => wrong.push(format!("{expr:?}: we parse {t}, libpcap says {theirs:?}")),
            Err(e) if !common::same_libpcap_message(&e.message, &theirs) => wrong.push(format!(
                "{expr:?}: we say {:?}, libpcap {theirs:?}",
                e.message
            )),
            Err(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// An IPv6 address with nothing to inherit is refused, as libpcap's
/// development version refuses it; its message names an internal
/// `<invalid type 255>`, ours says what is wrong.
#[test]
fn ipv6_address_without_qualifiers_is_refused() {
    if !common::have_filter_reference("ipv6_address_without_qualifiers_is_refused") {
        return;
    }
    for expr in ["tcp and ::1", "ip and fe80::1"] {
        assert!(oracle(expr).is_err(), "{expr:?}: the reference accepts it");
        let e = parse(expr).expect_err(expr);
        assert_eq!(
            e.message, "invalid qualifier against IPv6 address",
            "{expr:?}"
        );
    }
}

/// Random nested expressions (`not`, `!`, parentheses, `and`/`or`, bare ids
/// that inherit): tcpdump and we agree on accepting, and what we read
/// compiles in tcpdump to the same program as the original text.
#[test]
fn random_nested_expressions_match_tcpdump() {
    if !common::have_filter_reference("random_nested_expressions_match_tcpdump") {
        return;
    }
    const PRIMITIVES: &[&str] = &[
        "host 10.0.0.1",
        "tcp port 80",
        "udp",
        "src net 10.0.0.0/8",
        "ip[0] = 1",
        "arp",
        "dst port 53",
        "ip6",
        "10.0.0.2",
        "443",
        "10.0.0.3",
        "22",
        "len > 100",
        "vlan 100",
        "less 60",
        "ip proto 6",
        "ether src 00:11:22:33:44:55",
        "portrange 1-2",
        "port http",
        "ip[0] & 3 ^ 1 = 2",
        "icmp",
        "(80)",
        "tcp dst port 1",
        "host 10.1.0.0 mask 255.255.0.0",
    ];
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }
    fn generate(rng: &mut Rng, depth: usize) -> String {
        if depth == 0 || rng.below(3) == 0 {
            return PRIMITIVES[rng.below(PRIMITIVES.len())].to_string();
        }
        match rng.below(6) {
            0 => format!("not {}", generate(rng, depth - 1)),
            1 => format!("!{}", generate(rng, depth - 1)),
            2 => format!("({})", generate(rng, depth - 1)),
            _ => {
                let conj = ["and", "or", "&&", "||"][rng.below(4)];
                format!(
                    "{} {conj} {}",
                    generate(rng, depth - 1),
                    generate(rng, depth - 1)
                )
            }
        }
    }
    let mut rng = Rng(0x5eed_0f_1234);
    let mut wrong = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..100 {
        let expr = generate(&mut rng, 4);
        match (oracle(&expr), parse(&expr)) {
            (Ok(theirs), Ok(tree)) => {
                accepted += 1;
                let ours = oracle(&tree.to_string());
                if ours.as_ref() != Ok(&theirs) {
                    wrong.push(format!(
                        "{expr:?}: our reading {tree} compiles differently: {:?}",
                        ours.err()
                    ));
                }
            }
            (Ok(_), Err(e)) => {
                wrong.push(format!("{expr:?}: tcpdump accepts, we say {}", e.message))
            }
            (Err(m), Ok(t)) if m.contains("syntax error") => {
                wrong.push(format!("{expr:?}: tcpdump says {m:?}, we parse {t}"))
            }
            (Err(m), Err(_)) if m.contains("syntax error") => rejected += 1,
            (Err(_), _) => {}
        }
    }
    assert!(
        accepted > 30 && rejected > 10,
        "too few decisive cases: {accepted} accepted, {rejected} rejected"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
