//! Issue 16: `--trace` and `--trace-ebpf` show the filter's run on each
//! packet. The traces are checked against every engine's verdict on the
//! same packets, and each step against the packet's bytes.

mod capture_common;
#[path = "common/mod.rs"]
mod common;

use bpfdump::capture::CaptureReader;
use bpfdump::cbpf::op::*;
use bpfdump::cbpf::trace::{End, Trace};
use bpfdump::engine::{self, EngineKind};
use bpfdump::{compile_filter, FilterOptions, LinkType};
use capture_common::testdata;
use std::process::Command;

const EXPRESSIONS: &[&str] = &[
    "tcp",
    "udp port 53",
    "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
    "ip6",
    "icmp or arp",
    "vlan and tcp",
    "host 192.168.1.10 and not port 80",
    "ip[2:2] > 60",
    "len > 100",
    "ether broadcast",
    "net 10.0.0.0/8 or ip6 net ::1/128",
    "tcp port 443 or tcp portrange 8000-8100",
    "ip6 protochain 6",
    "udp and ip[6] & 0x20 = 0",
];

/// Every packet of the samples (and `../shared` captures, if there).
fn packets() -> Vec<(LinkType, Vec<u8>, u32)> {
    let mut files = vec![testdata("mixed.pcap"), testdata("mixed.pcapng")];
    if let Some(shared) = common::shared_dir() {
        files.extend(capture_common::shared_captures(&shared).into_iter().take(4));
    }
    let mut packets = Vec::new();
    for file in files {
        let mut reader = CaptureReader::open(&file).unwrap();
        while let Ok(Some(record)) = reader.next() {
            packets.push((
                record.linktype,
                record.packet.data.to_vec(),
                record.packet.wire_len,
            ));
            if packets.len() >= 3000 {
                return packets;
            }
        }
    }
    packets
}

/// The steps agree with the packet: each load shows the bytes at its
/// offset and leaves them in A (X for `ldxb`), each jump goes where its
/// condition says, and each step follows the one before.
fn check_steps(trace: &Trace, data: &[u8], what: &str) {
    let mut expected_pc = 0;
    for step in &trace.steps {
        assert_eq!(step.pc, expected_pc, "{what}: steps out of order");
        if let Some((offset, bytes)) = &step.loaded {
            let at = *offset as usize;
            assert_eq!(&data[at..at + bytes.len()], &bytes[..], "{what}");
            let value = bytes.iter().fold(0u32, |v, b| v << 8 | u32::from(*b));
            if step.insn.code == LDX | B | MSH {
                assert_eq!(step.x, (value & 0xf) * 4, "{what}");
            } else {
                assert_eq!(step.a, value, "{what}");
            }
        }
        let code = step.insn.code;
        if class(code) == JMP && code != JMP | JA {
            let operand = if code & X != 0 { step.x } else { step.insn.k };
            let taken = match code & 0xf0 {
                JEQ => step.a == operand,
                JGT => step.a > operand,
                JGE => step.a >= operand,
                _ => step.a & operand != 0,
            };
            let offset = if taken { step.insn.jt } else { step.insn.jf };
            assert_eq!(step.next, step.pc + 1 + usize::from(offset), "{what}");
        }
        expected_pc = step.next;
    }
    match &trace.end {
        End::Returned { pc, .. } | End::Failed { pc, .. } => assert_eq!(*pc, expected_pc, "{what}"),
    }
}

/// The classic and the eBPF trace give, on every packet, the verdict of
/// every engine (the classic interpreter, the eBPF interpreter, the JIT).
#[test]
fn traces_agree_with_every_engine() {
    let packets = packets();
    let mut compiled = 0;
    for expression in EXPRESSIONS {
        for linktype in [LinkType::ETHERNET, LinkType(113)] {
            let options = FilterOptions {
                linktype,
                ..FilterOptions::default()
            };
            let Ok(program) = compile_filter(expression, &options) else {
                continue;
            };
            compiled += 1;
            let translated = bpfdump::ebpf::translate::translate(
                &program,
                bpfdump::ebpf::translate::Target::User,
            )
            .unwrap();
            let engines: Vec<_> = [EngineKind::Cbpf, EngineKind::Interp, EngineKind::Jit]
                .into_iter()
                .map(|kind| (kind, engine::build(kind, &program).unwrap()))
                .collect();
            for (i, (packet_linktype, data, wire_len)) in packets.iter().enumerate() {
                if *packet_linktype != linktype {
                    continue;
                }
                let what = format!("{expression:?} packet {i}");
                let classic = bpfdump::cbpf::trace::trace(&program, data, *wire_len);
                let ebpf = bpfdump::ebpf::trace::trace(&translated, data, *wire_len);
                check_steps(&classic, data, &what);
                for (kind, engine) in &engines {
                    let verdict = engine.run(data, *wire_len);
                    assert_eq!(
                        classic.verdict(),
                        verdict,
                        "{what}: classic trace vs {kind:?}"
                    );
                    assert_eq!(ebpf.verdict(), verdict, "{what}: eBPF trace vs {kind:?}");
                }
            }
        }
    }
    assert!(compiled >= EXPRESSIONS.len());
}

fn bpfdump(args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_bpfdump"))
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

/// The packet numbers a trace output says were accepted, and all it traced.
fn verdicts(text: &str) -> (Vec<u64>, Vec<u64>) {
    let mut accepted = Vec::new();
    let mut traced = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("packet ") else {
            continue;
        };
        let Some((number, verdict)) = rest.split_once(": ") else {
            continue;
        };
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        if verdict.starts_with("accepted") {
            accepted.push(number);
            traced.push(number);
        } else if verdict.starts_with("rejected") {
            traced.push(number);
        }
    }
    (accepted, traced)
}

/// `--trace` over a whole file: one verdict per packet, the accepted ones
/// exactly as many as `--count` finds, both traces agreeing, the printed
/// packets after their traces; `--trace N,M` traces only those packets;
/// with `-w -` the trace goes to standard error.
#[test]
fn command_line_traces() {
    let input = testdata("mixed.pcap");
    let input = input.to_str().unwrap();
    let total = 385;
    for filter in ["tcp", "udp port 53", "ip6 or arp"] {
        let (count, _, ok) = bpfdump(&["-r", input, "--count", filter]);
        assert!(ok);
        let count: usize = count.split_whitespace().next().unwrap().parse().unwrap();
        let (classic, _, ok) = bpfdump(&["-r", input, "--count", "--trace", filter]);
        assert!(ok);
        let (accepted, traced) = verdicts(&classic);
        assert_eq!(traced, (1..=total).collect::<Vec<u64>>(), "{filter}");
        assert_eq!(accepted.len(), count, "{filter}");
        let (ebpf, _, ok) = bpfdump(&["-r", input, "--count", "--trace-ebpf", filter]);
        assert!(ok);
        assert_eq!(verdicts(&ebpf), verdicts(&classic), "{filter}");
        assert!(ebpf.contains("exit"), "{filter}");
        // Printing: each accepted packet's line right after its trace.
        let (printed, _, ok) = bpfdump(&["-n", "-r", input, "--trace", filter]);
        assert!(ok);
        let lines: Vec<&str> = printed.lines().collect();
        let mut shown = 0;
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("packet ") && line.contains(": accepted") {
                assert!(!lines[i + 1].starts_with("packet "), "{filter}: {line}");
                shown += 1;
            }
        }
        assert_eq!(shown, count, "{filter}");
    }
    let (some, _, ok) = bpfdump(&["-r", input, "--count", "--trace", "2,5", "tcp"]);
    assert!(ok);
    assert_eq!(verdicts(&some).1, [2, 5]);
    assert!(
        some.contains("packet 2: 42 of 42 bytes captured, classic BPF:"),
        "{some}"
    );
    // -c: tracing stops with the run.
    let (limited, _, ok) = bpfdump(&["-r", input, "-w", "/dev/null", "-c", "2", "--trace", "arp"]);
    assert!(ok);
    assert_eq!(verdicts(&limited).0.len(), 2);
    assert_eq!(verdicts(&limited).1, [1, 2]);
    let (capture, stderr, ok) = bpfdump(&["-r", input, "-w", "-", "--trace=3", "udp"]);
    assert!(ok);
    assert!(capture.is_empty() || !capture.contains("packet 3"));
    assert_eq!(verdicts(&stderr).1, [3]);
    let (_, stderr, ok) = bpfdump(&["-r", input, "--trace", "0", "tcp"]);
    assert!(!ok);
    assert!(stderr.contains("invalid packet numbers"), "{stderr}");
}
