//! Target `expr`: filter expressions, from arbitrary bytes or from a
//! generator of grammatical ones, through every stage: parse, compile,
//! optimize, classic verifier, eBPF translation and verifier, and the
//! engines. Every program produced passes both verifiers, and the
//! optimized and unoptimized programs give the same verdict on the
//! fuzzer's packets (and the JIT the same as the classic interpreter).

use super::input::{packets, Input};

#[path = "../optimize_support/mod.rs"]
mod optimize_support;
use bpfdump::cbpf::{self, interp, Insn};
use bpfdump::engine::{self, PacketFilter};
use bpfdump::{compile_filter, FilterError, FilterOptions, LinkType};

/// The link types the compiler knows (every `LinkType` with a name).
pub fn linktypes() -> Vec<LinkType> {
    (0..1024)
        .map(LinkType)
        .filter(|l| l.name().is_some())
        .collect()
}

/// Longest expression tried: longer ones are legitimately slow to
/// compile (10,000-term chains take up to a second), which the fuzzer's
/// time limit would report as hangs.
const MAX_TEXT: usize = 2048;

pub fn check(data: &[u8], thorough: bool) {
    let mut input = Input::new(data);
    let mode = input.u8();
    let link_choice = input.u16();
    let variant = input.u8();
    let text = if mode & 1 == 0 {
        String::from_utf8_lossy(input.until(0)).into_owned()
    } else {
        let mut g = Generator {
            input: &mut input,
            depth: 0,
            out: String::new(),
        };
        g.expr();
        g.out
    };
    if text.len() > MAX_TEXT {
        return;
    }
    let packets = packets(input.rest(), 8);
    let all = linktypes();
    // A link type by value (what the seeds give), else by index.
    let chosen = match LinkType(link_choice as u32) {
        l if l.name().is_some() => l,
        _ => all[link_choice as usize % all.len()],
    };
    if thorough {
        for linktype in &all {
            check_one(&text, *linktype, variant, &packets);
        }
    } else {
        check_one(&text, chosen, variant, &packets);
    }
}

/// The expression an input of mode 1 (generated) stands for.
pub fn generated(choices: &[u8]) -> String {
    let mut input = Input::new(choices);
    let mut g = Generator {
        input: &mut input,
        depth: 0,
        out: String::new(),
    };
    g.expr();
    g.out
}

/// Compile `text` for `linktype`, optimized and not, and check both.
pub fn check_one(text: &str, linktype: LinkType, variant: u8, packets: &[Vec<u8>]) {
    super::isolate_network();
    let options = FilterOptions {
        linktype,
        snaplen: [262144, 65535, 96, 1][variant as usize & 3],
        optimize: false,
        netmask: (variant & 4 != 0).then_some(0xffff_ff00),
        capture: match (variant >> 3) & 3 {
            0 => bpfdump::Capture::Live,
            1 => bpfdump::Capture::Savefile { swapped: false },
            2 => bpfdump::Capture::Savefile { swapped: true },
            _ => bpfdump::Capture::Dead,
        },
    };
    let plain = compile_filter(text, &options);
    let optimized = compile_filter(
        text,
        &FilterOptions {
            optimize: true,
            ..options
        },
    );
    let plain = match plain {
        Ok(p) => p,
        Err(e) => {
            // Refused without optimizing: refused when optimizing too, and
            // for the same reason.
            assert!(!e.to_string().is_empty());
            match &optimized {
                Err(o) => assert_eq!(o, &e, "{text:?} [{linktype:?}]"),
                Ok(_) => {
                    panic!("{text:?} [{linktype:?}]: refused unoptimized ({e}), compiled optimized")
                }
            }
            return;
        }
    };
    let optimized = match optimized {
        Ok(p) => Some(p),
        Err(FilterError::RejectsAll) => None,
        Err(e) => panic!("{text:?} [{linktype:?}]: compiled unoptimized, refused optimized: {e}"),
    };
    // A live capture's `vlan` reads the VLAN metadata (which every engine
    // here sees as a load past the packet): check the program as compiled,
    // then run it with the metadata written in, a tag there or not.
    if options.capture == bpfdump::Capture::Live {
        for p in std::iter::once(&plain).chain(optimized.as_ref()) {
            if p.len() <= 4096 {
                if let Err(e) = cbpf::verify::verify(p) {
                    panic!("{text:?} [{linktype:?}]: fails the classic verifier: {e}");
                }
            }
        }
    }
    let tag = (variant & 0x20 != 0).then_some(text.len() as u16 ^ 0x200a);
    let plain = cbpf::metadata::bind_vlan(&plain, tag);
    let optimized = optimized.map(|p| cbpf::metadata::bind_vlan(&p, tag));
    // The fuzzer's packets, and packets steered down the programs' paths
    // from them (every constant compared written where it was loaded
    // from), with the truncations of those accepted.
    let seed = text.bytes().fold(variant as u64 + 1, |h, b| {
        h.wrapping_mul(0x100_0000_01b3) ^ b as u64
    });
    let mut programs: Vec<&[Insn]> = vec![&plain];
    programs.extend(optimized.as_deref());
    let steered =
        optimize_support::path_packets(&programs, packets, &mut optimize_support::Rng(seed | 1), 6);
    // Every truncation of every accepted packet is many: keep a sample.
    let whole = packets.len() + 4 + 6;
    let step = (steered.len().saturating_sub(whole) / 64).max(1);
    let packets: Vec<Vec<u8>> = steered[..whole.min(steered.len())]
        .iter()
        .chain(steered.iter().skip(whole).step_by(step))
        .cloned()
        .collect();
    let packets = &packets;
    let plain_engines = verified(text, linktype, "unoptimized", &plain);
    let opt_engines = optimized
        .as_ref()
        .map(|p| verified(text, linktype, "optimized", p));
    for packet in packets {
        for wire in [packet.len() as u32, packet.len() as u32 + 100] {
            let a = interp::run(&plain, packet, wire);
            let b = optimized
                .as_ref()
                .map_or(0, |p| interp::run(p, packet, wire));
            assert_eq!(
                a,
                b,
                "{text:?} [{linktype:?}]: unoptimized and optimized verdicts differ on {packet:02x?} (wire {wire})\nunoptimized:\n{}optimized:\n{}",
                cbpf::dump::listing(&plain, 1),
                optimized.as_ref().map_or("ret #0 (refused)".into(), |p| cbpf::dump::listing(p, 1)),
            );
            for (engine, program) in plain_engines.iter().map(|e| (e, &plain)).chain(
                opt_engines
                    .iter()
                    .flatten()
                    .map(|e| (e, optimized.as_ref().unwrap())),
            ) {
                assert_eq!(
                    engine.run(packet, wire),
                    interp::run(program, packet, wire),
                    "{text:?} [{linktype:?}]: an engine disagrees with the classic interpreter on {packet:02x?}"
                );
            }
        }
    }
}

/// Both verifiers pass `program` (when the kernel could hold it), and its
/// engines build: the eBPF interpreter and the JIT.
fn verified(
    text: &str,
    linktype: LinkType,
    which: &str,
    program: &[Insn],
) -> Vec<Box<dyn PacketFilter>> {
    if program.len() > 4096 {
        // Longer than the kernel (and so the classic verifier) allows:
        // libpcap makes such programs too, and bpfdump runs them in user
        // space only.
        return Vec::new();
    }
    if let Err(e) = cbpf::verify::verify(program) {
        panic!(
            "{text:?} [{linktype:?}]: the {which} program fails the classic verifier: {e}\n{}",
            cbpf::dump::listing(program, 1)
        );
    }
    match engine::verified_ebpf(program) {
        Ok(_) => {}
        // More paths than the eBPF verifier walks (its limit is the
        // kernel's): the JIT engine falls back to the classic interpreter.
        Err(engine::EngineError::Verify(bpfdump::ebpf::verify::VerifyError {
            reason: bpfdump::ebpf::verify::Reason::TooComplex(_),
            ..
        })) => {
            return vec![engine::build(engine::EngineKind::Jit, program)
                .expect("the JIT engine falls back to the classic interpreter")];
        }
        Err(e) => panic!(
            "{text:?} [{linktype:?}]: the {which} program's eBPF fails: {e}\n{}",
            cbpf::dump::listing(program, 1)
        ),
    }
    [engine::EngineKind::Interp, engine::EngineKind::Jit]
        .into_iter()
        .map(|kind| engine::build(kind, program).expect("verified programs build"))
        .collect()
}

/// Writes a grammatical expression from the fuzzer's choices.
struct Generator<'a, 'b> {
    input: &'a mut Input<'b>,
    depth: usize,
    out: String,
}

const PROTOS: &[&str] = &[
    "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "igmp", "igrp", "pim", "vrrp",
    "carp", "sctp", "ah", "esp", "atalk", "aarp", "decnet", "lat", "sca", "moprc", "mopdl", "iso",
    "esis", "isis", "clnp", "stp", "ipx", "netbeui", "l1", "l2", "iih", "lsp", "snp", "csnp",
    "psnp", "llc", "radio", "link", "ether", "fddi", "tr", "wlan", "ppp", "slip",
];
const INDEXED: &[&str] = &[
    "ether", "ip", "ip6", "tcp", "udp", "icmp", "icmp6", "igmp", "igrp", "pim", "vrrp", "carp",
    "sctp", "arp", "rarp", "link", "radio", "ppp", "slip", "fddi", "tr", "wlan", "atalk", "aarp",
    "decnet", "lat", "sca", "moprc", "mopdl", "iso", "esis", "isis", "clnp", "stp", "ipx",
    "netbeui", "ah", "esp", "vlan", "mpls",
];
const CONSTANTS: &[&str] = &[
    "tcpflags",
    "icmptype",
    "icmpcode",
    "icmp6type",
    "icmp6code",
    "tcp-syn",
    "tcp-ack",
    "tcp-fin",
    "tcp-rst",
    "tcp-push",
    "tcp-urg",
    "tcp-ece",
    "tcp-cwr",
    "icmp-echo",
    "icmp-echoreply",
    "icmp-unreach",
    "icmp6-echo",
    "icmp6-neighborsolicit",
];
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "4",
    "6",
    "12",
    "13",
    "14",
    "17",
    "20",
    "40",
    "53",
    "80",
    "255",
    "256",
    "1500",
    "65535",
    "0xffff",
    "0x7fffffff",
    "0xffffffff",
    "4294967296",
    "-1",
    "010",
    "0x10",
];
const HOSTS: &[&str] = &[
    "10.0.0.1",
    "192.168.1.255",
    "255.255.255.255",
    "0.0.0.0",
    "10",
    "10.1",
    "10.1.2",
    "2001:db8::2",
    "::",
    "::1",
    "fe80::1",
    "::ffff:10.0.0.1",
    "ff02::1",
];
const MACS: &[&str] = &[
    "00:11:22:33:44:55",
    "ff:ff:ff:ff:ff:ff",
    "0:1:2:3:4:5",
    "00-11-22-33-44-55",
    "0011.2233.4455",
    "001122334455",
];
const RELOPS: &[&str] = &["=", "==", "!=", "<", "<=", ">", ">="];
const BINOPS: &[&str] = &["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"];

impl Generator<'_, '_> {
    fn w(&mut self, s: &str) {
        if !self.out.is_empty() && !self.out.ends_with(['(', '[', ' ']) {
            self.out.push(' ');
        }
        self.out.push_str(s);
    }

    fn number(&mut self) {
        if self.input.bool() {
            let n = NUMBERS[self.input.below(NUMBERS.len())];
            self.w(n);
        } else {
            let n = self.input.u32() >> (self.input.u8() % 32);
            self.w(&n.to_string());
        }
    }

    fn expr(&mut self) {
        self.depth += 1;
        let leaf = self.depth > 6 || self.input.is_empty();
        match if leaf { 0 } else { self.input.u8() % 8 } {
            0..=3 => self.primitive(),
            4 => {
                let op = self.input.pick(&["and", "or", "&&", "||"]);
                self.expr();
                self.w(op);
                self.expr();
            }
            5 => {
                let op = self.input.pick(&["not", "!"]);
                self.w(op);
                self.expr();
            }
            6 => {
                self.w("(");
                self.expr();
                self.w(")");
            }
            _ => {
                // Qualifier inheritance: `host a or b`, `port 1 and 2`.
                self.primitive();
                let op = self.input.pick(&["and", "or", "and not", "or not"]);
                self.w(op);
                let id = self
                    .input
                    .pick(&["10.0.0.2", "22", "2001:db8::1", "ff:ff:ff:ff:ff:ff"]);
                self.w(id);
            }
        }
        self.depth -= 1;
    }

    fn direction(&mut self) {
        let d = self.input.pick(&[
            "",
            "",
            "src",
            "dst",
            "src or dst",
            "src and dst",
            "ra",
            "ta",
            "addr1",
            "addr2",
            "addr3",
            "addr4",
        ]);
        if !d.is_empty() {
            self.w(d);
        }
    }

    fn primitive(&mut self) {
        match self.input.u8() % 24 {
            0 => {
                let p = self.input.pick(PROTOS);
                self.w(p);
            }
            1 => {
                let q = self.input.pick(&["", "ip", "ip6", "arp", "rarp", "ether"]);
                if !q.is_empty() {
                    self.w(q);
                }
                self.direction();
                self.w("host");
                let h = self.input.pick(HOSTS);
                self.w(h);
            }
            2 => {
                let q = self.input.pick(&["ether", "wlan", "fddi", "tr"]);
                self.w(q);
                self.direction();
                let k = self.input.pick(&["host", ""]);
                if !k.is_empty() {
                    self.w(k);
                }
                let m = self.input.pick(MACS);
                self.w(m);
            }
            3 => {
                let q = self.input.pick(&["", "ip", "ip6", "arp"]);
                if !q.is_empty() {
                    self.w(q);
                }
                self.direction();
                self.w("net");
                let h = self.input.pick(HOSTS);
                self.w(h);
                match self.input.u8() % 3 {
                    0 => {}
                    1 => {
                        let bits = self.input.below(140);
                        self.out.push_str(&format!("/{bits}"));
                    }
                    _ => {
                        self.w("mask");
                        let m =
                            self.input
                                .pick(&["255.255.0.0", "255.0.255.0", "0.0.0.0", "ffff::"]);
                        self.w(m);
                    }
                }
            }
            4 => {
                let q = self.input.pick(&["", "tcp", "udp", "sctp", "ip", "ip6"]);
                if !q.is_empty() {
                    self.w(q);
                }
                self.direction();
                if self.input.bool() {
                    self.w("port");
                    let p = self
                        .input
                        .pick(&["80", "53", "0", "65535", "65536", "http", "domain"]);
                    self.w(p);
                } else {
                    self.w("portrange");
                    let (a, b) = (self.input.u16(), self.input.u16());
                    self.w(&format!("{a}-{b}"));
                }
            }
            5 => {
                let q = self.input.pick(&["less", "greater"]);
                self.w(q);
                self.number();
            }
            6 | 7 | 8 => {
                self.arith();
                let op = self.input.pick(RELOPS);
                self.w(op);
                self.arith();
            }
            9 => {
                let q = self
                    .input
                    .pick(&["vlan", "mpls", "pppoes", "geneve", "vxlan"]);
                self.w(q);
                if self.input.bool() {
                    self.number();
                }
            }
            10 => {
                let q = self.input.pick(&[
                    "pppoed",
                    "inbound",
                    "outbound",
                    "ether broadcast",
                    "ether multicast",
                    "ip broadcast",
                    "ip multicast",
                    "ip6 multicast",
                    "broadcast",
                    "multicast",
                    "llc i",
                    "llc s",
                    "llc u",
                    "llc rr",
                    "llc ui",
                    "isis l1",
                    "isis lsp",
                ]);
                self.w(q);
            }
            11 => {
                let q = self.input.pick(&[
                    "ip proto",
                    "ip6 proto",
                    "proto",
                    "ether proto",
                    "ip protochain",
                    "ip6 protochain",
                    "protochain",
                    "atalk proto",
                    "iso proto",
                    "ifindex",
                    "ether proto \\ip",
                    "ip proto \\tcp",
                ]);
                self.w(q);
                self.number();
            }
            12 => {
                self.w("type");
                let t = self.input.pick(&["mgt", "ctl", "data", "0", "3"]);
                self.w(t);
                if self.input.bool() {
                    self.w("subtype");
                    let s = self.input.pick(&[
                        "beacon",
                        "probe-req",
                        "qos-data",
                        "ack",
                        "rts",
                        "data",
                        "7",
                    ]);
                    self.w(s);
                }
            }
            13 => {
                self.w("dir");
                let d = self.input.pick(&["tods", "fromds", "dstods", "nods", "3"]);
                self.w(d);
            }
            14 => {
                let q = self
                    .input
                    .pick(&["decnet src", "decnet dst", "decnet host"]);
                self.w(q);
                let a = self.input.pick(&["1.2", "63.1023", "0.0", "64.1"]);
                self.w(a);
            }
            15 => {
                let q = self.input.pick(&[
                    "tcp[tcpflags]",
                    "icmp[icmptype]",
                    "icmp6[icmp6type]",
                    "icmp[icmpcode]",
                ]);
                self.w(q);
                let op = self.input.pick(&["&", "="]);
                self.w(op);
                let c = self.input.pick(CONSTANTS);
                self.w(c);
                if op == "&" {
                    let r = self.input.pick(RELOPS);
                    self.w(r);
                    self.number();
                }
            }
            _ => {
                let p = self.input.pick(PROTOS);
                self.w(p);
            }
        }
    }

    fn arith(&mut self) {
        self.depth += 1;
        let leaf = self.depth > 8 || self.input.is_empty();
        match if leaf {
            self.input.u8() % 3
        } else {
            self.input.u8() % 8
        } {
            0 => self.number(),
            1 => self.w("len"),
            2 => {
                let c = self.input.pick(CONSTANTS);
                self.w(c);
            }
            3 | 4 => {
                let p = self.input.pick(INDEXED);
                self.w(p);
                self.out.push('[');
                self.arith();
                if self.input.bool() {
                    let size = self.input.pick(&["1", "2", "4", "3", "0"]);
                    self.out.push(':');
                    self.out.push_str(size);
                }
                self.out.push(']');
            }
            5 | 6 => {
                self.arith();
                let op = self.input.pick(BINOPS);
                self.w(op);
                self.arith();
            }
            _ => {
                if self.input.bool() {
                    self.w("-");
                    self.arith();
                } else {
                    self.w("(");
                    self.arith();
                    self.w(")");
                }
            }
        }
        self.depth -= 1;
    }
}
