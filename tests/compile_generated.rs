//! The code generator against tcpdump on generated packets. Starting from
//! a few template packets (and sample packets) of each link type, packets
//! are steered through tcpdump's own program: every comparison the program
//! makes (`jeq`/`jgt`/`jge`/`jset` on a packet field or the length) is
//! flipped by writing the value it tests for, breadth first, and every
//! packet is also cut short just before each field the program reads.
//! Our program must give the same verdict as tcpdump's on all of them.

mod common;
mod compile_common;

use bpfdump::cbpf::{Insn, Program};
use bpfdump::compile::{generate, CompileOptions};
use bpfdump::LinkType;
use compile_common::{flip_values, trace, write_be, Packet, Source};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::Mutex;

fn ours(expr: &str, linktype: LinkType, optimize: bool) -> Result<Program, String> {
    let ast = bpfdump::syntax::parse(expr).map_err(|e| e.to_string())?;
    let opts = CompileOptions {
        linktype,
        snaplen: bpfdump::DEFAULT_SNAPLEN,
        netmask: None,
        capture: bpfdump::Capture::Dead,
    };
    let mut g = generate(&ast, &opts).map_err(|e| e.to_string())?;
    if optimize {
        bpfdump::optimize::optimize(&mut g);
    }
    Ok(g.linearize())
}

fn ipv4(proto: u8, payload: &[u8]) -> Vec<u8> {
    let total = 20 + payload.len();
    let mut h = vec![
        0x45,
        0,
        (total >> 8) as u8,
        total as u8,
        0x12,
        0x34,
        0x40,
        0,
        64,
        proto,
        0,
        0,
        10,
        0,
        0,
        1,
        10,
        0,
        0,
        2,
    ];
    h.extend_from_slice(payload);
    h
}

fn ipv6(next: u8, payload: &[u8]) -> Vec<u8> {
    let mut h = vec![
        0x60,
        0,
        0,
        0,
        (payload.len() >> 8) as u8,
        payload.len() as u8,
        next,
        64,
    ];
    h.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    h.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 6]);
    h.extend_from_slice(payload);
    h
}

fn tcp() -> Vec<u8> {
    let mut t = vec![
        0x04, 0xd2, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0,
    ];
    t.extend_from_slice(b"HTTP/1.1 200 OK\r\n");
    t
}

fn udp() -> Vec<u8> {
    let mut u = vec![0x30, 0x39, 0, 53, 0, 24, 0, 0];
    u.extend_from_slice(&[0u8; 16]);
    u
}

/// Network-layer payloads every template link layer carries.
fn network_payloads() -> Vec<(u32, Vec<u8>)> {
    vec![
        (0x0800, ipv4(6, &tcp())),
        (0x0800, ipv4(17, &udp())),
        (0x86dd, ipv6(6, &tcp())),
        (0x86dd, ipv6(17, &udp())),
        (
            0x0806,
            vec![
                0, 1, 8, 0, 6, 4, 0, 1, 0, 1, 2, 3, 4, 5, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0,
                2,
            ],
        ),
    ]
}

/// Template packets for a link type: the link header in front of each
/// network payload, and a packet of zeros.
fn templates(lt: &str) -> Vec<Packet> {
    let mut out = vec![(vec![0u8; 96], 96)];
    for (ethertype, payload) in network_payloads() {
        let v6 = ethertype == 0x86dd;
        let mut p: Vec<u8> = match lt {
            "EN10MB" => {
                let mut h = vec![
                    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x11, 0x22, 0x33, 0x44, 0x55,
                ];
                h.extend_from_slice(&(ethertype as u16).to_be_bytes());
                h
            }
            "LINUX_SLL" => {
                let mut h = vec![0, 0, 0, 1, 0, 6, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0];
                h.extend_from_slice(&(ethertype as u16).to_be_bytes());
                h
            }
            "LINUX_SLL2" => {
                let mut h = (ethertype as u16).to_be_bytes().to_vec();
                h.extend_from_slice(&[
                    0, 0, 0, 0, 0x9c, 0x42, 0, 1, 0, 6, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0,
                ]);
                h
            }
            "RAW" | "IPV4" | "IPV6" => vec![],
            "NULL" => (if v6 { 10u32 } else { 2 }).to_le_bytes().to_vec(),
            "LOOP" => (if v6 { 10u32 } else { 2 }).to_be_bytes().to_vec(),
            "PPP" | "PPP_SERIAL" => vec![0xff, 0x03, 0, if v6 { 0x57 } else { 0x21 }],
            "C_HDLC" => {
                let mut h = vec![0x0f, 0];
                h.extend_from_slice(&(ethertype as u16).to_be_bytes());
                h
            }
            "SLIP" => vec![0; 16],
            "FRELAY" => vec![0x18, 0x41, 0x03, if v6 { 0x8e } else { 0xcc }],
            "IEEE802_11" | "IEEE802_11_RADIO" | "PRISM_HEADER" | "IEEE802_11_RADIO_AVS" | "PPI" => {
                let mut h = Vec::new();
                match lt {
                    "IEEE802_11_RADIO" => h.extend_from_slice(&[0, 0, 8, 0, 0, 0, 0, 0]),
                    "PPI" => h.extend_from_slice(&[0, 0, 8, 0, 105, 0, 0, 0]),
                    "PRISM_HEADER" => h.resize(144, 0),
                    "IEEE802_11_RADIO_AVS" => {
                        h.extend_from_slice(&[0x80, 0x21, 0x10, 0x01, 0, 0, 0, 64]);
                        h.resize(64, 0);
                    }
                    _ => {}
                }
                h.extend_from_slice(&[0x08, 0x01, 0, 0]);
                h.extend_from_slice(&[
                    0, 1, 2, 3, 4, 5, 0, 0x0d, 0x93, 0x82, 0x36, 0x3a, 0, 0x0c, 0x41, 0x82, 0xb2,
                    0x55,
                ]);
                h.extend_from_slice(&[0, 0]);
                h.extend_from_slice(&[0xaa, 0xaa, 0x03, 0, 0, 0]);
                h.extend_from_slice(&(ethertype as u16).to_be_bytes());
                h
            }
            "ARCNET_LINUX" => vec![1, 2, 0, 0, if v6 { 0xc4 } else { 0xd4 }, 0, 0, 0],
            "IPNET" => {
                let mut h = vec![1, if v6 { 26 } else { 2 }, 0, 2];
                h.resize(24, 0);
                h
            }
            _ => vec![],
        };
        p.extend_from_slice(&payload);
        let len = p.len() as u32;
        out.push((p, len));
    }
    out
}

/// Packets that steer `prog` down its branches, breadth first.
fn explore(prog: &[Insn], seeds: &[Packet], budget: usize) -> Vec<Packet> {
    let mut seen: HashSet<Packet> = HashSet::new();
    let mut queue: VecDeque<Packet> = VecDeque::new();
    for s in seeds {
        if seen.insert(s.clone()) {
            queue.push_back(s.clone());
        }
    }
    let mut out = Vec::new();
    while let Some(pkt) = queue.pop_front() {
        let (branches, loads) = trace(prog, &pkt.0, pkt.1);
        // Cut short before each field read: the load then fails.
        for &(off, size) in &loads {
            if off + size <= pkt.0.len() && off + size > 0 {
                let cut = pkt.0[..off + size - 1].to_vec();
                let wire = pkt.1;
                out.push((cut, wire));
            }
        }
        out.push(pkt.clone());
        if seen.len() >= budget {
            continue;
        }
        for b in &branches {
            let olds = match b.source {
                Source::Packet { offset, size } => {
                    let mut v = 0u32;
                    for i in 0..size {
                        v = (v << 8) | *pkt.0.get(offset + i).unwrap_or(&0) as u32;
                    }
                    v
                }
                Source::Len => pkt.1,
                Source::Other => continue,
            };
            for nv in flip_values(b, olds) {
                let mut p = pkt.clone();
                match b.source {
                    Source::Packet { offset, size } => {
                        let nv = if size < 4 {
                            nv & ((1u32 << (8 * size)) - 1)
                        } else {
                            nv
                        };
                        write_be(&mut p.0, offset, size, nv);
                        p.1 = p.1.max(p.0.len() as u32);
                    }
                    _ => p.1 = nv.max(p.0.len() as u32),
                }
                if seen.len() < budget && seen.insert(p.clone()) {
                    queue.push_back(p);
                }
            }
        }
    }
    out
}

/// Expressions beyond the examples, for corners the examples miss.
const EXTRA: &[&str] = &[
    "vlan 100 and vlan 200 and ip",
    "vlan or ip",
    "ip and vlan and tcp",
    "mpls 100 and mpls and ip",
    "mpls and ip6",
    "pppoes 5 and tcp port 80",
    "pppoed",
    "geneve 7 and ip",
    "geneve and host 10.0.0.1",
    "ip6 protochain 17",
    "protochain \\tcp",
    "ip protochain 51",
    "icmp6[0] = 128",
    "tcp[13] & 2 != 0 and not tcp[13] & 16 != 0",
    "udp[8:4] = 0 or ip[9] = 17",
    "ip[ip[0] & 0xf] = 1",
    "tcp[tcp[12] >> 4] = 0",
    "ether[12:2] = 0x8100 or ether[len - 4] = 1",
    "len - 14 > 100",
    "10 % (ip[9] - 6) = 0",
    "-ip[9] = -6",
    "ip[2:2] * 2 > 80",
    "host 10.0.0.1 and port 1234",
    "src net 10.0.0.0/8 and dst net 10.0.0.0 mask 255.0.0.0",
    "ether src 00:11:22:33:44:55 and ether dst ff:ff:ff:ff:ff:ff",
    "ether broadcast or ether multicast",
    "ip6 multicast or ip multicast",
    "arp host 10.0.0.1",
    "rarp src 10.0.0.1",
    "decnet host 1.1",
    "decnet dst 10.5",
    "tcp src portrange 1000-2000",
    "sctp port 80",
    "udp dst port 53 or tcp src port 80",
    "portrange 79-81",
    "ip proto 6 and ip6 proto 17",
    "llc s or llc u or llc i",
    "llc rr or llc xid",
    "stp or ipx or netbeui",
    "atalk or aarp",
    "esis or clnp or isis",
    "l2 or iih or snp or psnp",
    // 256 to 1500 are LLC SAPs out of range, which libpcap's development
    // version refuses: 1501 is the first Ethernet type.
    "ether proto 0x42 or ether proto 1501",
    "link proto \\ip6",
    "byte 0 = 0x45 or byte 9 > 10",
    "byte 1 & 0x10 or byte 2 | 1",
    "inbound or outbound",
    "igmp or igrp or pim or vrrp or carp or ah or esp",
    "wlan addr1 00:01:02:03:04:05 or wlan addr2 00:0d:93:82:36:3a",
    "wlan addr4 00:01:02:03:04:05 or wlan ra 00:01:02:03:04:05 or wlan ta 00:0d:93:82:36:3a",
    "wlan dst 00:01:02:03:04:05 and wlan src 00:0d:93:82:36:3a",
    "type data subtype qos-data",
    "type ctl subtype ack or subtype cts",
    "dir tods or dir fromds or dir dstods",
    "radio[0] = 0",
    "host localhost or net loopback",
    "port domain or tcp port ftp-data or portrange ftp-ssh",
    "ip6 host ::1 or ip6 src net 2001:db8::/32",
    "src or dst host 10.0.0.1",
    "src and dst net 10.0.0.0/8",
    "ether proto \\ip or ether proto \\arp",
    "less 100 or greater 200",
    "tcp[tcpflags] = tcp-syn|tcp-ack",
    "icmp[icmpcode] = 0 and icmp[icmptype] != icmp-echo",
    "len = 60 or ip[0] & 0xf > 5",
    "udp[0:2] % 2 = 0 or ip[8] / 2 = 32",
    "ip[1] | 3 = 3 or ip[2:2] - ip[0] > 5",
    "arp[7] = 2 or rarp[7] = 4",
    "ip6[0] >> 4 = 6 and link[12:2] = 0x86dd",
    "vlan and vlan and ip",
    "vlan 1 or vlan 2",
    "mpls 1 or mpls 2",
    "pppoes or pppoed",
    "geneve or ip",
    "not vlan and ip",
    "decnet src 10.3 or decnet dst 1.1",
    "lat or moprc or mopdl or sca",
    "iso proto \\isis or clnp",
    "llc i or llc rej or llc ua",
    "wlan host 00:01:02:03:04:05",
    "type data or type ctl or subtype ack",
    "wlan type mgt subtype assoc-req",
    "ether multicast and not ether broadcast",
    "ip broadcast or ip6 multicast",
    "ip6 protochain 44 or ip protochain 51",
    "tcp[0:4] = 0x04d20050 and ip[9] = 6",
    "sctp[8] = 0 or igmp[0] = 0x11 or pim[0] = 0x20 or vrrp[0] = 0x21",
    "icmp6 and ip6[40] = 135",
    "ifindex 3",
];

#[test]
fn generated_packets_match_tcpdump() {
    let Some(shared) = common::shared_dir_or_skip("compile_generated") else {
        return;
    };
    if !common::have_filter_reference("compile_generated") {
        return;
    }
    let mut exprs = common::example_filters(&shared);
    exprs.extend(EXTRA.iter().map(|s| s.to_string()));
    if let Ok(only) = std::env::var("BPFDUMP_ONLY") {
        exprs.retain(|e| e.contains(&only));
    }
    let caps = compile_common::captures_by_linktype(&shared);
    let linktypes = [
        "EN10MB",
        "LINUX_SLL",
        "LINUX_SLL2",
        "RAW",
        "IPV4",
        "IPV6",
        "NULL",
        "LOOP",
        "PPP",
        "C_HDLC",
        "SLIP",
        "FRELAY",
        "IEEE802_11",
        "IEEE802_11_RADIO",
        "PRISM_HEADER",
        "IEEE802_11_RADIO_AVS",
        "PPI",
        "ARCNET_LINUX",
        "IPNET",
    ];
    // Optimized tcpdump programs are compared on these only (the -O
    // program drives the exploration everywhere).
    let optimized_too = ["EN10MB", "LINUX_SLL2", "RAW", "IEEE802_11_RADIO"];
    let jobs: Vec<(String, String)> = linktypes
        .iter()
        .flat_map(|lt| exprs.iter().map(move |e| (lt.to_string(), e.clone())))
        .collect();
    let next = Mutex::new(0usize);
    let problems = Mutex::new(Vec::<String>::new());
    let stats = Mutex::new(BTreeMap::<String, (usize, usize, usize)>::new());
    let inconsistent = Mutex::new(Vec::<String>::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    *n += 1;
                    *n - 1
                };
                let Some((lt_name, expr)) = jobs.get(i) else { break };
                let lt = LinkType::from_name(lt_name).unwrap();
                let Ok(theirs_o) = compile_common::tcpdump_cached(lt_name, expr, false) else {
                    continue; // rejections are the other test's business
                };
                let mut seeds = templates(lt_name);
                if let Some(real) = caps.get(lt_name.as_str()) {
                    seeds.extend(real.iter().take(40).cloned());
                }
                let packets = explore(&theirs_o, &seeds, 300);
                let theirs_optimized = compile_common::tcpdump_cached(lt_name, expr, true).ok();
                let mut comparisons = vec![(theirs_o.clone(), false)];
                if optimized_too.contains(&lt_name.as_str()) {
                    if let Some(p) = theirs_optimized.clone() {
                        let n = compile_common::libpcap_inconsistencies(&p, &theirs_o, &packets);
                        if n > 0 {
                            inconsistent.lock().unwrap().push(format!("{lt_name} {expr:?}: {n} packets"));
                        }
                        comparisons.push((p, true));
                    }
                }
                for (theirs, optimize) in comparisons {
                    if compile_common::known_libpcap_bug(lt_name, expr) {
                        continue;
                    }
                    let tag = if optimize { "" } else { " (-O)" };
                    let mine = match ours(expr, lt, optimize) {
                        Ok(p) => p,
                        Err(e) => {
                            problems.lock().unwrap().push(format!("{lt_name}{tag} {expr:?}: we reject ({e})"));
                            continue;
                        }
                    };
                    if let Some(why) = compile_common::load_problem(&mine) {
                        problems
                            .lock()
                            .unwrap()
                            .push(format!("{lt_name}{tag} {expr:?}: our program is not loadable: {why}"));
                    }
                    // Where libpcap's two programs disagree, the -O one defines
                    // the meaning of our optimized program, and our -O program
                    // may give the optimized verdict (see
                    // `compile_common::unoptimized_disagreements`).
                    let d = if optimize {
                        compile_common::disagreements_where(&mine, &theirs, &packets, Some(&theirs_o))
                    } else {
                        compile_common::unoptimized_disagreements(
                            &mine,
                            &theirs,
                            theirs_optimized.as_deref(),
                            &packets,
                        )
                    };
                    let mut st = stats.lock().unwrap();
                    let e = st.entry(format!("{lt_name}{tag}")).or_default();
                    e.0 += d.is_empty() as usize;
                    e.1 += 1;
                    e.2 += packets.len();
                    drop(st);
                    if let Some((n, a, b)) = d.first() {
                        let (p, w) = &packets[*n];
                        problems.lock().unwrap().push(format!(
                            "{lt_name}{tag} {expr:?}: {} of {} packets differ; e.g. ours {a:?}, tcpdump {b:?} on wire_len {w} bytes {}",
                            d.len(),
                            packets.len(),
                            p.iter().map(|b| format!("{b:02x}")).collect::<String>()
                        ));
                    }
                }
            });
        }
    });
    eprintln!(
        "generated-packet comparisons with tcpdump (expressions agreeing / compared, packets):"
    );
    for (lt, (a, n, p)) in stats.into_inner().unwrap() {
        eprintln!("  {lt:<24} {a:>4}/{n:<4} {p} packets");
    }
    let inconsistent = inconsistent.into_inner().unwrap();
    if !inconsistent.is_empty() {
        eprintln!(
            "libpcap's optimized and unoptimized programs disagree (packets skipped for the optimized comparison) in {} cases:",
            inconsistent.len()
        );
        for i in &inconsistent {
            eprintln!("  {i}");
        }
    }
    eprintln!(
        "skipped, libpcap bugs we do not reproduce: {:?}",
        compile_common::KNOWN_LIBPCAP_BUGS
    );
    let problems = problems.into_inner().unwrap();
    if !problems.is_empty() {
        eprintln!("DISAGREEMENTS ({}):", problems.len());
        for p in &problems {
            eprintln!("  {p}");
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements with tcpdump on generated packets",
        problems.len()
    );
}

/// Primitives for random combinations, including the ones that move
/// offsets for what follows (`vlan`, `mpls`, `pppoes`).
const ATOMS: &[&str] = &[
    "ip",
    "ip6",
    "arp",
    "tcp",
    "udp",
    "icmp",
    "vlan",
    "vlan 100",
    "mpls",
    "pppoes",
    "host 10.0.0.1",
    "src net 10.0.0.0/8",
    "port 80",
    "tcp dst port 80",
    "udp src port 12345",
    "portrange 50-60",
    "ip6 dst host ff02::1:6",
    "ether src 00:11:22:33:44:55",
    "ether broadcast",
    "ip multicast",
    "ip[9] = 6",
    "tcp[13] & 0x18 != 0",
    "udp[4:2] > 20",
    "len > 60",
    "less 80",
    "ip proto 17",
    "ip6 proto 6",
    "iso",
    "stp",
    "llc",
];

/// A deterministic pseudo-random generator (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn random_expr(r: &mut Lcg, depth: usize) -> String {
    if depth == 0 || r.next(3) == 0 {
        let a = ATOMS[r.next(ATOMS.len())];
        return if r.next(4) == 0 {
            format!("not {a}")
        } else {
            a.to_string()
        };
    }
    let l = random_expr(r, depth - 1);
    let rr = random_expr(r, depth - 1);
    match r.next(3) {
        0 => format!("({l} and {rr})"),
        1 => format!("({l} or {rr})"),
        _ => format!("not ({l} or {rr})"),
    }
}

#[test]
fn random_combinations_match_tcpdump() {
    let Some(shared) = common::shared_dir_or_skip("compile_generated") else {
        return;
    };
    if !common::have_filter_reference("compile_generated") {
        return;
    }
    let caps = compile_common::captures_by_linktype(&shared);
    let mut r = Lcg(0x5eed);
    let exprs: Vec<String> = (0..300).map(|_| random_expr(&mut r, 3)).collect();
    let next = Mutex::new(0usize);
    let problems = Mutex::new(Vec::<String>::new());
    let compared = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    *n += 1;
                    *n - 1
                };
                let Some(expr) = exprs.get(i) else { break };
                for lt_name in ["EN10MB", "LINUX_SLL", "RAW", "IEEE802_11_RADIO"] {
                    if compile_common::known_libpcap_bug(lt_name, expr) {
                        continue;
                    }
                    let lt = LinkType::from_name(lt_name).unwrap();
                    let theirs = compile_common::tcpdump_cached(lt_name, expr, false);
                    let mine = ours(expr, lt, false);
                    let (theirs, mine) = match (theirs, mine) {
                        (Ok(t), Ok(m)) => (t, m),
                        (Err(_), Err(_)) => continue,
                        (t, m) => {
                            problems.lock().unwrap().push(format!(
                                "{lt_name} {expr:?}: tcpdump {:?}, ours {:?}",
                                t.err(),
                                m.err()
                            ));
                            continue;
                        }
                    };
                    if let Some(why) = compile_common::load_problem(&mine) {
                        problems
                            .lock()
                            .unwrap()
                            .push(format!("{lt_name} {expr:?}: our program is not loadable: {why}"));
                    }
                    let mut seeds = templates(lt_name);
                    seeds.extend(caps.get(lt_name).into_iter().flatten().take(20).cloned());
                    let packets = explore(&theirs, &seeds, 200);
                    // Our -O program may give tcpdump's optimized verdict where
                    // its two programs disagree (see
                    // `compile_common::unoptimized_disagreements`).
                    let theirs_optimized = compile_common::tcpdump_cached(lt_name, expr, true).ok();
                    let d = compile_common::unoptimized_disagreements(
                        &mine,
                        &theirs,
                        theirs_optimized.as_deref(),
                        &packets,
                    );
                    *compared.lock().unwrap() += 1;
                    if let Some((n, a, b)) = d.first() {
                        let (p, w) = &packets[*n];
                        problems.lock().unwrap().push(format!(
                            "{lt_name} (-O) {expr:?}: {} of {} packets differ; e.g. ours {a:?}, tcpdump {b:?} on wire_len {w} bytes {}",
                            d.len(),
                            packets.len(),
                            p.iter().map(|b| format!("{b:02x}")).collect::<String>()
                        ));
                    }
                }
            });
        }
    });
    eprintln!(
        "random combinations: {} compiled by both and compared on generated packets",
        compared.into_inner().unwrap()
    );
    let problems = problems.into_inner().unwrap();
    for p in &problems {
        eprintln!("  {p}");
    }
    assert!(
        problems.is_empty(),
        "{} disagreements with tcpdump",
        problems.len()
    );
}
