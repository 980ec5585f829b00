//! Differential test of the printer against tcpdump (the oracle) on every
//! shared capture: `tcpdump -n -tt -r F` (plus `-e`, `-x`, `-X`, `-v`)
//! versus our `Printer`, aligned packet by packet (continuation lines stay
//! with their packet), lines compared byte for byte.
//!
//! Packets are put in a protocol class by what tcpdump printed for them
//! in the plain `-n -tt` run; the classes the printer claims to support
//! (ARP, TCP, UDP, ICMP, ICMPv6, IP fragments) must keep a share of
//! identical lines at or above `SUPPORTED_THRESHOLD`. Every difference is
//! counted; the first few are listed.
//!
//! Run: `BPFDUMP_SHARED=/work/shared cargo test --test print_vs_tcpdump -- --nocapture`
//! (`PRINT_DIFFS=N` lists N differences per mode; `PRINT_ONLY=file` limits
//! the run to captures whose name contains `file`; `PRINT_MODES=1,4` runs
//! only those modes besides the first).

mod common;
mod print_capture;

use bpfdump::packet::PacketRef;
use bpfdump::print::{PrintOptions, Printer};
use bpfdump::LinkType;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Lowest accepted share of identical lines, over all modes, for packets of
/// the supported classes. Set from what the printer achieves (see the
/// report printed by this test), a little below it so that unrelated
/// changes in tcpdump's environment do not fail the build, but a real
/// regression does.
const SUPPORTED_THRESHOLD: f64 = 0.9998;

/// The same for the other printing flags (`-q`, `-A`, `-S`, `-vv`, `-xx`,
/// `-XX`, nanosecond precision, the timestamp formats, `-#`).
const EXTRA_THRESHOLD: f64 = 0.9998;

/// Lowest accepted share of identical lines over all packets of all
/// captures in the issue's modes (decoders beyond the supported classes
/// are partial, so this is well below 1).
const OVERALL_THRESHOLD: f64 = 0.83;

const SUPPORTED: &[&str] = &["arp", "tcp", "udp", "icmp", "icmp6", "ip-frag"];

/// Classes whose differences are listed too (decoded, but not part of the
/// threshold: application protocols).
const LISTED: &[&str] = &["dns"];

struct Mode {
    name: &'static str,
    flags: &'static [&'static str],
    options: PrintOptions,
}

const BASE: &[&str] = &["-n", "-tt"];

fn base() -> PrintOptions {
    PrintOptions {
        numeric: 1,
        timestamp: 2,
        ..Default::default()
    }
}

/// The modes the issue names; the first classifies the packets.
fn modes() -> Vec<Mode> {
    let base = base();
    vec![
        Mode {
            name: "-n -tt",
            flags: BASE,
            options: base.clone(),
        },
        Mode {
            name: "-e",
            flags: &["-n", "-tt", "-e"],
            options: PrintOptions {
                link_header: true,
                ..base.clone()
            },
        },
        Mode {
            name: "-x",
            flags: &["-n", "-tt", "-x"],
            options: PrintOptions {
                hex: 1,
                ..base.clone()
            },
        },
        Mode {
            name: "-X",
            flags: &["-n", "-tt", "-X"],
            options: PrintOptions {
                hex_ascii: 1,
                ..base.clone()
            },
        },
        Mode {
            name: "-v",
            flags: &["-n", "-tt", "-v"],
            options: PrintOptions {
                verbose: 1,
                ..base.clone()
            },
        },
    ]
}

/// The other printing flags, on a few captures rich in the supported
/// protocols. Packet numbers (`-#`) make packets findable in tcpdump's
/// output when timestamps are not unique.
fn extra_modes() -> Vec<Mode> {
    let base = base();
    let num = PrintOptions {
        packet_numbers: true,
        ..base.clone()
    };
    vec![
        Mode {
            name: "-n -tt",
            flags: BASE,
            options: base.clone(),
        },
        Mode {
            name: "-q",
            flags: &["-n", "-tt", "-q"],
            options: PrintOptions {
                quiet: true,
                ..base.clone()
            },
        },
        Mode {
            name: "-A",
            flags: &["-n", "-tt", "-A"],
            options: PrintOptions {
                ascii: true,
                ..base.clone()
            },
        },
        Mode {
            name: "-S",
            flags: &["-n", "-tt", "-S"],
            options: PrintOptions {
                absolute_seq: true,
                ..base.clone()
            },
        },
        Mode {
            name: "-vv",
            flags: &["-n", "-tt", "-vv"],
            options: PrintOptions {
                verbose: 2,
                ..base.clone()
            },
        },
        Mode {
            name: "-xx",
            flags: &["-n", "-tt", "-xx"],
            options: PrintOptions {
                hex: 2,
                ..base.clone()
            },
        },
        Mode {
            name: "-XX",
            flags: &["-n", "-tt", "-XX"],
            options: PrintOptions {
                hex_ascii: 2,
                ..base.clone()
            },
        },
        Mode {
            name: "nano",
            flags: &["-n", "-tt", "--time-stamp-precision=nano"],
            options: PrintOptions {
                precision: bpfdump::packet::TimestampPrecision::Nano,
                ..base.clone()
            },
        },
        Mode {
            name: "-# (local time)",
            flags: &["-n", "-#"],
            options: PrintOptions {
                timestamp: 0,
                ..num.clone()
            },
        },
        Mode {
            name: "-# -t",
            flags: &["-n", "-#", "-t"],
            options: PrintOptions {
                timestamp: 1,
                ..num.clone()
            },
        },
        Mode {
            name: "-# -ttt",
            flags: &["-n", "-#", "-ttt"],
            options: PrintOptions {
                timestamp: 3,
                ..num.clone()
            },
        },
        Mode {
            name: "-# -tttt",
            flags: &["-n", "-#", "-tttt"],
            options: PrintOptions {
                timestamp: 4,
                ..num.clone()
            },
        },
        Mode {
            name: "-# -ttttt",
            flags: &["-n", "-#", "-ttttt"],
            options: PrintOptions {
                timestamp: 5,
                ..num.clone()
            },
        },
    ]
}

const EXTRA_FILES: &[&str] = &[
    "afs.pcap",
    "resp_3_malicious.pcap",
    "of10_s4810.pcap",
    "bgp-bgpsec.pcap",
    "quic_vn.pcap",
    "derived_loop_quic_vn.pcap",
    "mptcp-v1.pcap",
    "derived_sll2_mptcp-v1.pcap",
    "whois.pcap",
    "dns_tcp_8053.pcap",
    "print-flags.pcap",
    "dcb_ets.pcap",
    "arp-oobr.pcap",
    "ipv6-routing-header.pcap",
    "dns-badcookie.pcap",
    "icmp-cksum-oobr-1.pcap",
    "macsec-integonly.pcap",
];

/// Link types whose decoding the printer claims (issue: Ethernet, Linux
/// cooked v1/v2, raw IP, NULL/LOOP).
const SUPPORTED_LINKS: &[u32] = &[0, 1, 12, 14, 101, 108, 113, 228, 229, 276];

/// The protocol class of a packet, from tcpdump's first line for it: what
/// follows the first `IP`/`IP6` header's `src > dst: `.
fn classify(line: &str) -> &'static str {
    if line.contains("ARP, ") || line.contains("[|arp]") {
        return "arp";
    }
    let ip_at = [" IP ", " IP6 "].iter().filter_map(|t| line.find(t)).min();
    let Some(ip_at) = ip_at else { return "other" };
    let Some(colon) = line[ip_at..].find(": ") else {
        return if line.ends_with("[|ip]") || line.ends_with("[|ip6]") {
            "ip-other"
        } else {
            "other"
        };
    };
    let rest = &line[ip_at + colon + 2..];
    let rest_trimmed = rest.trim_start();
    if rest.starts_with("Flags [") || rest_trimmed.starts_with("[|tcp]") {
        let tail = line.rsplit(", length ").next().unwrap_or("");
        return if tail.bytes().all(|b| b.is_ascii_digit()) {
            "tcp"
        } else {
            "tcp-app"
        };
    }
    if rest.starts_with("UDP, length") || rest_trimmed.starts_with("[|udp]") {
        return "udp";
    }
    if rest.starts_with("ICMP6, ") || rest.contains("ICMP6, ") && !rest.contains(": IP") {
        return "icmp6";
    }
    if rest.starts_with("ICMP ") || rest_trimmed.starts_with("[|icmp]") {
        return "icmp";
    }
    let dns_port = |p: &str| {
        line[ip_at..].contains(&format!(".{p} >"))
            || line[ip_at..ip_at + colon].ends_with(&format!(".{p}"))
    };
    if (dns_port("53") || dns_port("5353")) && rest.starts_with(|c: char| c.is_ascii_digit()) {
        return "dns";
    }
    if rest.starts_with("ip-proto-") && rest[9..].bytes().all(|b| b.is_ascii_digit()) {
        return "ip-frag";
    }
    if rest.contains(": Flags [") && !rest.contains(": IP") {
        return "tcp";
    }
    if rest.contains(": UDP, length") && !rest.contains(": IP") {
        return "udp";
    }
    "ip-other"
}

#[derive(Default, Clone, Copy)]
struct Count {
    same: u64,
    total: u64,
}

struct Diff {
    file: String,
    packet: usize,
    ours: String,
    theirs: String,
}

/// Run our printer over a capture; one text per packet.
fn ours(capture: &print_capture::Capture, options: &PrintOptions) -> Vec<String> {
    let mut printers: BTreeMap<u32, Printer> = BTreeMap::new();
    let mut out = Vec::new();
    capture
        .packets
        .iter()
        .map(|p| {
            out.clear();
            let printer = printers
                .entry(p.linktype)
                .or_insert_with(|| Printer::new(options.clone(), LinkType(p.linktype)));
            let pr = PacketRef {
                timestamp: p.timestamp,
                wire_len: p.wire_len,
                data: &p.data,
            };
            printer.print(&pr, &mut out);
            let mut text = String::from_utf8_lossy(&out).into_owned();
            // Raw IP with -e: tcpdump 4.99 prints `ip: ` where the
            // snapshot (and bpfdump) let IP name itself.
            if options.link_header && matches!(p.linktype, 12 | 14 | 101 | 228 | 229) {
                for name in [" IP6 ", " IP "] {
                    if let Some(i) = text.find(name) {
                        text.replace_range(i..i + name.len(), " ip: ");
                        break;
                    }
                }
            }
            text.split_inclusive('\n')
                .map(|l| match l.strip_suffix('\n') {
                    Some(l) => print_capture::as_tcpdump_499(l) + "\n",
                    None => print_capture::as_tcpdump_499(l),
                })
                .collect()
        })
        .collect()
}

/// What starts a packet's first line: its number (`-#`, "%5u  "), or its
/// timestamp and the space after it.
fn packet_marker(text: &str) -> &str {
    if text.starts_with(' ')
        || text.as_bytes().first().is_some_and(u8::is_ascii_digit) && text.get(5..7) == Some("  ")
    {
        return text.get(..7).unwrap_or(text);
    }
    match text.find(' ') {
        Some(i) => &text[..=i],
        None => text,
    }
}

/// Split tcpdump's output into one block per packet: packet i's block
/// starts at the line that begins with its timestamp (as we print it).
fn split_theirs<'a>(text: &'a str, ours: &[String]) -> Vec<Vec<&'a str>> {
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<&str> = ours.iter().map(|o| packet_marker(o)).collect();
    let mut blocks = Vec::with_capacity(ours.len());
    let mut at = 0usize;
    for i in 0..ours.len() {
        let begin = at;
        let mut end = (begin + 1).min(lines.len());
        if let Some(next) = starts.get(i + 1) {
            while end < lines.len() && !(!next.is_empty() && lines[end].starts_with(next)) {
                end += 1;
            }
        } else {
            end = lines.len();
        }
        blocks.push(lines[begin.min(lines.len())..end].to_vec());
        at = end;
    }
    blocks
}

fn tcpdump(file: &Path, flags: &[&str]) -> Option<String> {
    let mut cmd = Command::new("env");
    cmd.arg("TZ=UTC")
        .arg("tcpdump")
        .args(flags)
        .arg("-r")
        .arg(file);
    let out = common::run_with_timeout(&mut cmd, Duration::from_secs(20))?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

struct Report {
    modes: Vec<&'static str>,
    counts: BTreeMap<(usize, &'static str), Count>,
    diffs: Vec<Vec<Diff>>,
    diff_totals: Vec<u64>,
}

/// Run every mode over every file; mode 0 classifies the packets.
/// `compare_serial` over the files in a few threads (tcpdump runs dominate
/// the time), the partial reports merged in file order.
fn compare(
    files: &[std::path::PathBuf],
    modes: &[Mode],
    only_modes: Option<&[usize]>,
    show: usize,
) -> Report {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let chunk = files.len().div_ceil(threads).max(1);
    let parts: Vec<Report> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || compare_serial(part, modes, only_modes, show)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("comparison thread panicked"))
            .collect()
    });
    let mut report = Report {
        modes: modes.iter().map(|m| m.name).collect(),
        counts: BTreeMap::new(),
        diffs: modes.iter().map(|_| Vec::new()).collect(),
        diff_totals: vec![0; modes.len()],
    };
    for part in parts {
        for (key, c) in part.counts {
            let total = report.counts.entry(key).or_default();
            total.same += c.same;
            total.total += c.total;
        }
        for (mi, d) in part.diffs.into_iter().enumerate() {
            let room = show.saturating_sub(report.diffs[mi].len());
            report.diffs[mi].extend(d.into_iter().take(room));
        }
        for (mi, t) in part.diff_totals.into_iter().enumerate() {
            report.diff_totals[mi] += t;
        }
    }
    report
}

fn compare_serial(
    files: &[std::path::PathBuf],
    modes: &[Mode],
    only_modes: Option<&[usize]>,
    show: usize,
) -> Report {
    let mut counts: BTreeMap<(usize, &'static str), Count> = BTreeMap::new();
    let mut diffs: Vec<Vec<Diff>> = modes.iter().map(|_| Vec::new()).collect();
    let mut diff_totals = vec![0u64; modes.len()];
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(capture) = print_capture::read(file) else {
            continue;
        };
        if capture.packets.is_empty() {
            continue;
        }
        let mut classes: Vec<&'static str> = Vec::new();
        for (mi, mode) in modes.iter().enumerate() {
            if mi > 0 && only_modes.is_some_and(|m| !m.contains(&mi)) {
                continue;
            }
            let our_texts = ours(&capture, &mode.options);
            let Some(theirs) = tcpdump(file, mode.flags) else {
                continue;
            };
            let blocks = split_theirs(&theirs, &our_texts);
            if mi == 0 {
                classes = blocks
                    .iter()
                    .zip(&capture.packets)
                    .map(|(b, p)| match b.first() {
                        Some(l) if SUPPORTED_LINKS.contains(&p.linktype) => classify(l),
                        _ => "other-link",
                    })
                    .collect();
            }
            for (pi, (our, their)) in our_texts.iter().zip(&blocks).enumerate() {
                let class = classes.get(pi).copied().unwrap_or("other");
                let our_lines: Vec<&str> = our.lines().collect();
                let c = counts.entry((mi, class)).or_default();
                // A datagram shorter than its IP length: tcpdump 4.99
                // hands the transport the length from the header, the
                // snapshot (the reference, which bpfdump follows) what is
                // left; not comparable.
                if their.iter().any(|l| l.contains("bytes missing!")) {
                    continue;
                }
                for (li, their_line) in their.iter().enumerate() {
                    c.total += 1;
                    if our_lines.get(li) == Some(their_line) {
                        c.same += 1;
                    } else {
                        diff_totals[mi] += 1;
                        if (SUPPORTED.contains(&class) || LISTED.contains(&class))
                            && diffs[mi].len() < show
                        {
                            diffs[mi].push(Diff {
                                file: name.clone(),
                                packet: pi + 1,
                                ours: our_lines.get(li).unwrap_or(&"<none>").to_string(),
                                theirs: their_line.to_string(),
                            });
                        }
                    }
                }
                // Extra lines of ours count as differences too.
                if our_lines.len() > their.len() {
                    c.total += (our_lines.len() - their.len()) as u64;
                    diff_totals[mi] += (our_lines.len() - their.len()) as u64;
                }
            }
        }
    }
    Report {
        modes: modes.iter().map(|m| m.name).collect(),
        counts,
        diffs,
        diff_totals,
    }
}

fn share(c: Count) -> f64 {
    if c.total == 0 {
        1.0
    } else {
        c.same as f64 / c.total as f64
    }
}

/// Print the report; (supported-class counts, all counts).
fn summarize(report: &Report) -> (Count, Count) {
    let mut supported_all = Count::default();
    let mut overall = Count::default();
    for (mi, mode) in report.modes.iter().enumerate() {
        eprintln!(
            "== mode {} ({} differing lines)",
            mode, report.diff_totals[mi]
        );
        let mut mode_supported = Count::default();
        for ((m, class), c) in &report.counts {
            if *m != mi {
                continue;
            }
            eprintln!(
                "  {class:10} {:6}/{:6} identical ({:.1}%)",
                c.same,
                c.total,
                100.0 * share(*c)
            );
            overall.same += c.same;
            overall.total += c.total;
            if SUPPORTED.contains(class) {
                mode_supported.same += c.same;
                mode_supported.total += c.total;
            }
        }
        eprintln!(
            "  supported  {:6}/{:6} identical ({:.2}%)",
            mode_supported.same,
            mode_supported.total,
            100.0 * share(mode_supported)
        );
        supported_all.same += mode_supported.same;
        supported_all.total += mode_supported.total;
        for d in &report.diffs[mi] {
            eprintln!(
                "  {} #{}:\n    ours:    {}\n    tcpdump: {}",
                d.file, d.packet, d.ours, d.theirs
            );
        }
    }
    eprintln!(
        "SUMMARY: supported protocols {}/{} lines identical ({:.2}%); all packets {}/{} ({:.2}%)",
        supported_all.same,
        supported_all.total,
        100.0 * share(supported_all),
        overall.same,
        overall.total,
        100.0 * share(overall)
    );
    (supported_all, overall)
}

fn env_settings() -> (usize, Option<String>, Option<Vec<usize>>) {
    // Our printer's local-time formats must use the zone tcpdump is given.
    std::env::set_var("TZ", "UTC");
    let show: usize = std::env::var("PRINT_DIFFS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let only = std::env::var("PRINT_ONLY").ok();
    // PRINT_MODES=1,4: run only those modes (by index; 0 always runs, as it
    // classifies the packets).
    let only_modes: Option<Vec<usize>> = std::env::var("PRINT_MODES")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect());
    (show, only, only_modes)
}

/// Captures made for behaviour the tcpdump development snapshot (the
/// reference) added after 4.99, which bpfdump follows: the installed 4.99
/// prints them otherwise: they are left out. tests/print_testlist.rs
/// checks them against the snapshot's expected output.
const SNAPSHOT_ONLY: &[&str] = &[
    "LINKTYPE_IPV4_invalid.pcap",
    "LINKTYPE_IPV6_invalid.pcap",
    "LINKTYPE_RAW_ipv6.pcap",
    "bigtcp-ipv4.pcap",
    "bigtcp-ipv4-geneve-ipv4.pcap",
    "bigtcp-ipv6-geneve-ipv4.pcap",
    "bigtcp-ipv6-vxlan-ipv4.pcap",
    "timestamp_invalid_nano.pcap",
    "time_2038_overflow.pcap",
    "time_2106.pcap",
    "time_2107.pcapng",
    "icmpv6_nodeinfo_queryipv4.pcap",
    "icmpv6_nodeinfo_replyipv6.pcap",
    "icmpv6-ra-pref64.pcap",
    "icmp6-rfc8335.pcap",
    "icmp-rfc5837.pcap",
    // QUIC on port 443: 4.99 decodes it only with -T quic.
    "quic_vn.pcap",
    "derived_loop_quic_vn.pcap",
    "quic_handshake.pcap",
    "gquic.pcap",
    "quic_32_bit_pointer_overflow.pcap",
    // ERSPAN (4.99: gre-proto-0x88be), VXLAN on 8472 (4.99: OTV).
    "erspan-type-i-4.pcap",
    "erspan-type-ii-1.pcap",
    "erspan-type-iii-ft-7.pcap",
    "vxlan_port_8472.pcap",
    // PTP: the snapshot's field format (`name: value`, majorSdoId,
    // seconds.nanoseconds).
    "ptp_ethernet.pcap",
];

fn capture_files(
    shared: &Path,
    only: Option<&str>,
    names: Option<&[&str]>,
) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(shared.join("pcaps"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .filter(|p| !SNAPSHOT_ONLY.iter().any(|n| p.file_name().unwrap() == *n))
        .filter(|p| only.is_none_or(|o| p.file_name().unwrap().to_string_lossy().contains(o)))
        .filter(|p| {
            names.is_none_or(|n| {
                n.iter()
                    .any(|n| p.file_name().unwrap().to_string_lossy() == *n)
            })
        })
        .collect();
    files.sort();
    files
}

#[test]
fn printer_matches_tcpdump_on_shared_captures() {
    let Some(shared) = common::shared_dir_or_skip("printer_matches_tcpdump_on_shared_captures")
    else {
        return;
    };
    if !common::have_tcpdump("printer_matches_tcpdump_on_shared_captures") {
        return;
    }
    let (show, only, only_modes) = env_settings();
    let files = capture_files(&shared, only.as_deref(), None);
    let report = compare(&files, &modes(), only_modes.as_deref(), show);
    let (supported, overall) = summarize(&report);
    assert!(
        share(supported) >= SUPPORTED_THRESHOLD,
        "share of identical lines for supported protocols fell to {:.4} (< {SUPPORTED_THRESHOLD})",
        share(supported)
    );
    // Only meaningful over the whole set of captures and modes.
    if only.is_none() && only_modes.is_none() {
        assert!(
            share(overall) >= OVERALL_THRESHOLD,
            "share of identical lines over all packets fell to {:.4} (< {OVERALL_THRESHOLD})",
            share(overall)
        );
    }
}

#[test]
fn other_printing_flags_match_tcpdump() {
    let Some(shared) = common::shared_dir_or_skip("other_printing_flags_match_tcpdump") else {
        return;
    };
    if !common::have_tcpdump("other_printing_flags_match_tcpdump") {
        return;
    }
    let (show, only, only_modes) = env_settings();
    let files = capture_files(&shared, only.as_deref(), Some(EXTRA_FILES));
    let report = compare(&files, &extra_modes(), only_modes.as_deref(), show);
    let (supported, _) = summarize(&report);
    assert!(
        share(supported) >= EXTRA_THRESHOLD,
        "share of identical lines for supported protocols fell to {:.4} (< {EXTRA_THRESHOLD})",
        share(supported)
    );
}
