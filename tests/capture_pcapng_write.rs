//! Issue 16: `--pcapng` makes `-w` write pcapng. Every file written is
//! read back with an independent reader (the `pcap-file` crate) and, where
//! installed, with tshark, and compared with what bpfdump writes as pcap.

mod capture_common;

use bpfdump::capture::{InterfaceInfo, PcapngWriter, SectionInfo};
use bpfdump::packet::{PacketRef, Timestamp, TimestampPrecision};
use bpfdump::LinkType;
use capture_common::*;
use pcap_file::pcapng::blocks::enhanced_packet::EnhancedPacketOption;
use pcap_file::pcapng::blocks::interface_description::{
    InterfaceDescriptionBlock, InterfaceDescriptionOption,
};
use pcap_file::pcapng::blocks::section_header::SectionHeaderOption;
use pcap_file::pcapng::{Block, PcapNgReader};
use std::path::Path;
use std::process::Command;

fn bpfdump() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bpfdump"))
}

fn run_ok(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One packet as read back: interface, timestamp in nanoseconds, length
/// on the wire, bytes, comments.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Packet {
    interface: u32,
    nanos: u128,
    wire_len: u32,
    data: Vec<u8>,
    comments: Vec<String>,
}

/// A pcapng file as pcap-file reads it.
struct Pcapng {
    section: Vec<SectionHeaderOption<'static>>,
    interfaces: Vec<InterfaceDescriptionBlock<'static>>,
    packets: Vec<Packet>,
    /// Interface statistics blocks: how many.
    statistics: usize,
}

/// Timestamp units per second of an interface (`if_tsresol`, power of 10).
fn units_per_second(interface: &InterfaceDescriptionBlock) -> u128 {
    let resol = interface
        .options
        .iter()
        .find_map(|o| match o {
            InterfaceDescriptionOption::IfTsResol(r) => Some(*r),
            _ => None,
        })
        .unwrap_or(6);
    assert_eq!(resol & 0x80, 0, "power-of-two resolution");
    10u128.pow(resol as u32)
}

fn read_pcapng(bytes: &[u8]) -> Pcapng {
    let mut reader = PcapNgReader::new(bytes).expect("a pcapng section header");
    let section = reader.section().options.clone();
    let mut packets = Vec::new();
    let mut statistics = 0;
    let mut interfaces: Vec<InterfaceDescriptionBlock<'static>> = Vec::new();
    while let Some(block) = reader.next_block() {
        match block.expect("a valid block") {
            Block::InterfaceDescription(idb) => interfaces.push(idb.into_owned()),
            Block::EnhancedPacket(epb) => {
                let interface = &interfaces[epb.interface_id as usize];
                // pcap-file takes the raw units for nanoseconds.
                let units = epb.timestamp.as_nanos();
                let nanos = units * 1_000_000_000 / units_per_second(interface);
                packets.push(Packet {
                    interface: epb.interface_id,
                    nanos,
                    wire_len: epb.original_len,
                    data: epb.data.to_vec(),
                    comments: epb
                        .options
                        .iter()
                        .filter_map(|o| match o {
                            EnhancedPacketOption::Comment(c) => Some(c.to_string()),
                            _ => None,
                        })
                        .collect(),
                });
            }
            Block::InterfaceStatistics(_) => statistics += 1,
            _ => {}
        }
    }
    Pcapng {
        section,
        interfaces,
        packets,
        statistics,
    }
}

/// The packets of a pcap file as pcap-file reads them (interface 0).
fn read_pcap(bytes: &[u8]) -> Vec<Packet> {
    let mut reader = pcap_file::pcap::PcapReader::new(bytes).unwrap();
    let mut packets = Vec::new();
    while let Some(packet) = reader.next_packet() {
        let packet = packet.unwrap();
        packets.push(Packet {
            interface: 0,
            nanos: packet.timestamp.as_nanos(),
            wire_len: packet.orig_len,
            data: packet.data.to_vec(),
            comments: Vec::new(),
        });
    }
    packets
}

fn option_text(
    interface: &InterfaceDescriptionBlock,
    want: fn(&InterfaceDescriptionOption) -> Option<String>,
) -> Option<String> {
    interface.options.iter().find_map(want)
}

/// The same packets as pcap and as pcapng, for several inputs and
/// filters; the pcapng file names the machine and the program, and its
/// interface has the link type, snapshot length, resolution, filter and
/// the input's name.
#[test]
fn pcapng_holds_what_pcap_holds() {
    let dir = tempfile::tempdir().unwrap();
    for input in ["mixed.pcap", "mixed-ns.pcap"] {
        for filter in ["", "tcp", "udp port 53", "not ip"] {
            let input_path = testdata(input);
            let pcap = dir.path().join("out.pcap");
            let pcapng = dir.path().join("out.pcapng");
            run_ok(
                bpfdump()
                    .arg("-r")
                    .arg(&input_path)
                    .arg("-w")
                    .arg(&pcap)
                    .arg(filter),
            );
            run_ok(
                bpfdump()
                    .arg("-r")
                    .arg(&input_path)
                    .arg("-w")
                    .arg(&pcapng)
                    .arg("--pcapng")
                    .arg(filter),
            );
            let what = format!("{input} {filter:?}");
            let ours = read_pcapng(&std::fs::read(&pcapng).unwrap());
            let theirs = read_pcap(&std::fs::read(&pcap).unwrap());
            assert!(!theirs.is_empty(), "{what}");
            assert_eq!(ours.packets, theirs, "{what}");
            assert!(ours.section.iter().any(|o| matches!(o,
                SectionHeaderOption::UserApplication(a) if a.starts_with("bpfdump"))));
            assert!(ours
                .section
                .iter()
                .any(|o| matches!(o, SectionHeaderOption::OS(_))));
            assert!(ours
                .section
                .iter()
                .any(|o| matches!(o, SectionHeaderOption::Hardware(_))));
            assert_eq!(ours.interfaces.len(), 1, "{what}");
            let idb = &ours.interfaces[0];
            let header = read_pcap_header(&std::fs::read(&pcap).unwrap());
            assert_eq!(u32::from(idb.linktype), header.1, "{what}");
            assert_eq!(idb.snaplen, header.0, "{what}");
            let expected_resol = if input == "mixed-ns.pcap" { 9 } else { 6 };
            assert!(idb
                .options
                .contains(&InterfaceDescriptionOption::IfTsResol(expected_resol)));
            let filter_option = idb.options.iter().find_map(|o| match o {
                InterfaceDescriptionOption::IfFilter(f) => Some(f.to_vec()),
                _ => None,
            });
            if filter.is_empty() {
                assert_eq!(filter_option, None, "{what}");
            } else {
                let mut expected = vec![0u8];
                expected.extend_from_slice(filter.as_bytes());
                assert_eq!(filter_option, Some(expected), "{what}");
            }
            let description = option_text(idb, |o| match o {
                InterfaceDescriptionOption::IfDescription(d) => Some(d.to_string()),
                _ => None,
            });
            assert_eq!(description, Some(input_path.display().to_string()));
            // Offline: no statistics block (the counts are a live capture's).
            assert_eq!(ours.statistics, 0);
        }
    }
}

/// (snapshot length, link type) of a pcap file header.
fn read_pcap_header(bytes: &[u8]) -> (u32, u32) {
    let field = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    (field(16), field(20))
}

/// `-r a.pcap -r b.pcapng -r c.pcap --pcapng`: one file, one interface per
/// input interface with its link type, packets in time order, each
/// input's packets exactly those it gives alone.
#[test]
fn several_inputs_merge_into_one_pcapng_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = ["mixed.pcap", "mixed.pcapng", "mixed-ns.pcap"];
    let filter = "tcp or udp or arp";
    let merged = dir.path().join("merged.pcapng");
    let mut cmd = bpfdump();
    for input in inputs {
        cmd.arg("-r").arg(testdata(input));
    }
    run_ok(cmd.arg("-w").arg(&merged).arg("--pcapng").arg(filter));
    let ours = read_pcapng(&std::fs::read(&merged).unwrap());
    assert!(
        ours.packets.windows(2).all(|w| w[0].nanos <= w[1].nanos),
        "time order"
    );
    // A packet with its interface's description in place of its number.
    let described = |file: &Pcapng, p: &Packet| {
        let idb = &file.interfaces[p.interface as usize];
        (
            p.nanos,
            p.wire_len,
            p.data.clone(),
            idb.linktype,
            idb.options.clone(),
        )
    };
    // Each input alone, merged here by time (ties: in input order).
    let mut expected = Vec::new();
    let mut interfaces = 0;
    for (index, input) in inputs.iter().enumerate() {
        let alone_path = dir.path().join("alone.pcapng");
        run_ok(
            bpfdump()
                .arg("-r")
                .arg(testdata(input))
                .arg("-w")
                .arg(&alone_path)
                .arg("--pcapng")
                .arg(filter),
        );
        let alone = read_pcapng(&std::fs::read(&alone_path).unwrap());
        interfaces += alone.interfaces.len();
        for (position, p) in alone.packets.iter().enumerate() {
            expected.push(((p.nanos, index, position), described(&alone, p)));
        }
    }
    expected.sort_by_key(|(key, _)| *key);
    let expected: Vec<_> = expected.into_iter().map(|(_, p)| p).collect();
    let got: Vec<_> = ours.packets.iter().map(|p| described(&ours, p)).collect();
    assert_eq!(got.len(), expected.len());
    assert!(
        got == expected,
        "not the inputs' packets merged in time order"
    );
    assert_eq!(interfaces, ours.interfaces.len());
    // The same inputs listed with -V: the same file.
    let list = dir.path().join("list");
    let names: Vec<String> = inputs
        .iter()
        .map(|i| testdata(i).display().to_string())
        .collect();
    std::fs::write(&list, names.join("\n")).unwrap();
    let listed = dir.path().join("listed.pcapng");
    run_ok(
        bpfdump()
            .arg("-V")
            .arg(&list)
            .arg("-w")
            .arg(&listed)
            .arg("--pcapng")
            .arg(filter),
    );
    assert!(
        std::fs::read(&listed).unwrap() == std::fs::read(&merged).unwrap(),
        "-V differs from -r"
    );
    // Without --pcapng, the mixed link types cannot share a pcap file.
    let out = bpfdump()
        .args(["-r", testdata("mixed.pcap").to_str().unwrap()])
        .args(["-r", testdata("mixed.pcapng").to_str().unwrap()])
        .arg("-w")
        .arg(dir.path().join("x.pcap"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a pcap file holds one link type"));
}

/// A pcapng input keeps its interfaces' names and comments and its
/// packets' comments; an interface described after packets (of another
/// link type) is carried over too.
#[test]
fn pcapng_inputs_keep_interfaces_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let section = SectionInfo {
        comments: vec!["captured in the lab".into()],
        ..SectionInfo::default()
    };
    let mut writer = PcapngWriter::new(Vec::new(), &section).unwrap();
    let mut wlan = InterfaceInfo::new(LinkType::ETHERNET, 1500, TimestampPrecision::Nano);
    wlan.name = Some("wlan7".into());
    wlan.comments = vec!["the kitchen access point".into()];
    wlan.filter = Some("ether host 1:2:3:4:5:6".into());
    writer.add_interface(&wlan).unwrap();
    let frame = std::fs::read(testdata("mixed.pcap")).unwrap()[40..40 + 54].to_vec();
    let at = |secs| PacketRef {
        timestamp: Timestamp { secs, nanos: 7 },
        wire_len: 54,
        data: &frame,
    };
    writer
        .write_with_comments(0, &at(10), ["first", "ünïcode"])
        .unwrap();
    writer.write(0, &at(11)).unwrap();
    let mut raw = InterfaceInfo::new(LinkType::RAW, 100, TimestampPrecision::Micro);
    raw.name = Some("tun0".into());
    writer.add_interface(&raw).unwrap();
    writer.write_with_comments(1, &at(12), ["on tun0"]).unwrap();
    let input = write_temp(dir.path(), "in.pcapng", &writer.into_inner());
    let output = dir.path().join("out.pcapng");
    run_ok(
        bpfdump()
            .arg("-r")
            .arg(&input)
            .arg("-w")
            .arg(&output)
            .arg("--pcapng"),
    );
    let ours = read_pcapng(&std::fs::read(&output).unwrap());
    assert_eq!(ours.interfaces.len(), 2);
    assert!(ours
        .section
        .contains(&SectionHeaderOption::Comment("captured in the lab".into())));
    let names: Vec<_> = ours
        .interfaces
        .iter()
        .map(|i| {
            option_text(i, |o| match o {
                InterfaceDescriptionOption::IfName(n) => Some(n.to_string()),
                _ => None,
            })
        })
        .collect();
    assert_eq!(names, [Some("wlan7".into()), Some("tun0".into())]);
    assert!(ours.interfaces[0]
        .options
        .contains(&InterfaceDescriptionOption::Comment(
            "the kitchen access point".into()
        )));
    assert!(ours.interfaces[0]
        .options
        .contains(&InterfaceDescriptionOption::IfFilter(
            b"\0ether host 1:2:3:4:5:6".to_vec().into()
        )));
    assert_eq!(u32::from(ours.interfaces[1].linktype), LinkType::RAW.0);
    let comments: Vec<_> = ours.packets.iter().map(|p| p.comments.clone()).collect();
    assert_eq!(
        comments,
        [
            vec!["first".to_string(), "ünïcode".into()],
            vec![],
            vec!["on tun0".into()]
        ]
    );
    assert_eq!(ours.packets[0].nanos, 10_000_000_007);
    assert_eq!(ours.packets[2].nanos, 12_000_000_000);
    assert_eq!(ours.packets[2].interface, 1);
}

/// tshark reads the pcapng files we write the way pcap-file does: every
/// packet's interface, length and time.
#[test]
fn tshark_agrees() {
    if Command::new("tshark").arg("--version").output().is_err() {
        eprintln!("tshark_agrees: skipped: tshark not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The two samples merged into `name`, with `extra` options.
    let merge = |name: &str, extra: &[&str]| {
        let path = dir.path().join(name);
        run_ok(
            bpfdump()
                .arg("-r")
                .arg(testdata("mixed-ns.pcap"))
                .arg("-r")
                .arg(testdata("mixed.pcapng"))
                .arg("-w")
                .arg(&path)
                .arg("--pcapng")
                .args(extra),
        );
        path
    };
    let merged = merge("m.pcapng", &[]);
    let ours = read_pcapng(&std::fs::read(&merged).unwrap());
    check_with_tshark(&merged, &ours.packets);
    // Compressed, as tshark reads them too (when built with zlib, zstd).
    for kind in ["gzip", "zstd"] {
        let packed = merge(&format!("m.pcapng.{kind}"), &["--compress", kind]);
        let probe = Command::new("tshark")
            .arg("-r")
            .arg(&packed)
            .arg("-c")
            .arg("1")
            .output();
        if !probe.is_ok_and(|o| o.status.success()) {
            eprintln!("tshark_agrees: {kind}: skipped: this tshark cannot read {kind} files");
            continue;
        }
        check_with_tshark(&packed, &ours.packets);
    }
    let info = Command::new("capinfos").arg("-I").arg(&merged).output();
    if let Ok(info) = info {
        let text = String::from_utf8_lossy(&info.stdout);
        assert!(info.status.success(), "{text}");
        assert!(text.contains("Number of interfaces in file: 3"), "{text}");
    }
}

/// tshark's interface number, lengths and time of every packet of `file`
/// are those of `packets`.
fn check_with_tshark(file: &Path, packets: &[Packet]) {
    let out = Command::new("tshark")
        .arg("-r")
        .arg(file)
        .args([
            "-T",
            "fields",
            "-e",
            "frame.interface_id",
            "-e",
            "frame.len",
        ])
        .args(["-e", "frame.cap_len", "-e", "frame.time_epoch"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), packets.len());
    for (line, packet) in lines.iter().zip(packets) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields[0], packet.interface.to_string(), "{line}");
        assert_eq!(fields[1], packet.wire_len.to_string(), "{line}");
        assert_eq!(fields[2], packet.data.len().to_string(), "{line}");
        // Epoch seconds with nine decimals (tshark prints nanoseconds).
        let (secs, frac) = fields[3].split_once('.').unwrap();
        let nanos: u128 = secs.parse::<u128>().unwrap() * 1_000_000_000
            + format!("{frac:0<9}")[..9].parse::<u128>().unwrap();
        assert_eq!(nanos, packet.nanos, "{line}");
    }
}

/// `-C` with `--pcapng`: every file is a whole pcapng file with the
/// interface description, and together they hold every packet.
#[test]
fn rotated_pcapng_files_each_stand_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_temp(dir.path(), "big.pcap", &big_capture_bytes(2_500_000));
    let base = dir.path().join("rot");
    run_ok(
        bpfdump()
            .arg("-r")
            .arg(&input)
            .arg("-w")
            .arg(&base)
            .args(["--pcapng", "-C", "1", "tcp"]),
    );
    let mut total = 0;
    let mut files = 0;
    for name in ["rot", "rot1", "rot2"] {
        let path = dir.path().join(name);
        if !path.exists() {
            continue;
        }
        files += 1;
        let file = read_pcapng(&std::fs::read(&path).unwrap());
        assert_eq!(file.interfaces.len(), 1, "{name}");
        assert!(!file.packets.is_empty(), "{name}");
        total += file.packets.len();
    }
    assert!(files >= 2, "no rotation");
    let single = dir.path().join("single.pcap");
    run_ok(
        bpfdump()
            .arg("-r")
            .arg(&input)
            .arg("-w")
            .arg(&single)
            .arg("tcp"),
    );
    assert_eq!(total, read_pcap(&std::fs::read(&single).unwrap()).len());
}

/// A full disk is an error, as for pcap output.
#[test]
fn disk_full_is_an_error() {
    if !Path::new("/dev/full").exists() {
        eprintln!("disk_full_is_an_error: skipped: no /dev/full");
        return;
    }
    for extra in [
        &["--pcapng"][..],
        &["--compress", "zstd"],
        &["--pcapng", "--compress", "gzip"],
    ] {
        let out = bpfdump()
            .arg("-r")
            .arg(testdata("mixed.pcap"))
            .args(["-w", "/dev/full"])
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {stderr}");
        assert!(
            stderr.contains("/dev/full: write error: No space left on device"),
            "{extra:?}: {stderr}"
        );
    }
}

/// `--pcapng` and `--compress` without `-w` are a mistake, said before
/// anything is read.
#[test]
fn output_options_need_w() {
    for extra in [&["--pcapng"][..], &["--compress", "gzip"]] {
        let out = bpfdump()
            .arg("-r")
            .arg(testdata("mixed.pcap"))
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("give -w FILE"), "{stderr}");
    }
}

/// A small file system filling up part way: an error naming the output,
/// exit status 1, whatever the format (root only: it mounts a tmpfs).
#[test]
fn a_small_file_system_filling_up_is_an_error() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("a_small_file_system_filling_up_is_an_error: skipped: not root");
        return;
    }
    let inputs = tempfile::tempdir().unwrap();
    let input = write_temp(inputs.path(), "big.pcap", &big_capture_bytes(2 << 20));
    let small = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(small.path())
        .output();
    if !mounted.is_ok_and(|o| o.status.success()) {
        eprintln!("a_small_file_system_filling_up_is_an_error: skipped: cannot mount a tmpfs");
        return;
    }
    /// Unmounted however the test ends.
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(small.path());
    for extra in [&[][..], &["--pcapng"], &["--pcapng", "--threads", "1"]] {
        let output = small.path().join("out");
        let out = bpfdump()
            .arg("-r")
            .arg(&input)
            .arg("-w")
            .arg(&output)
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {stderr}");
        let expected = format!("{}: write error: No space left on device", output.display());
        assert!(stderr.contains(&expected), "{extra:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{extra:?}: {stderr}");
        std::fs::remove_file(&output).unwrap();
    }
}
