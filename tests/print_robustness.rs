//! The printer never panics, whatever the bytes: random frames for every
//! supported link type, and every shared capture's packets with bytes
//! flipped, printed with the flags that reach the most code (`-vv -e -X`).

mod common;
mod print_capture;

use bpfdump::packet::{PacketRef, Timestamp};
use bpfdump::print::{PrintOptions, Printer};
use bpfdump::LinkType;
use proptest::prelude::*;

const LINKTYPES: &[u32] = &[0, 1, 12, 101, 108, 113, 228, 229, 276];

fn option_sets() -> Vec<PrintOptions> {
    vec![
        PrintOptions {
            numeric: 1,
            timestamp: 2,
            ..Default::default()
        },
        PrintOptions {
            numeric: 1,
            verbose: 3,
            link_header: true,
            hex_ascii: 1,
            ..Default::default()
        },
        PrintOptions {
            quiet: true,
            ascii: true,
            timestamp: 3,
            packet_numbers: true,
            absolute_seq: true,
            ..Default::default()
        },
    ]
}

/// A frame that reaches the interesting decoders more often than uniform
/// random bytes would: an Ethernet/IPv4 or IPv6 start, then noise.
fn frame(kind: u8, proto: u8, noise: &[u8]) -> Vec<u8> {
    let mut f = Vec::new();
    match kind % 3 {
        0 => {
            f.extend_from_slice(&[0; 12]);
            f.extend_from_slice(&[
                0x08, 0x00, 0x45, 0, 0, 60, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
            ]);
        }
        1 => {
            f.extend_from_slice(&[0; 12]);
            f.extend_from_slice(&[0x86, 0xdd, 0x60, 0, 0, 0, 0, 40, proto, 64]);
            f.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
            f.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
        }
        _ => {}
    }
    f.extend_from_slice(noise);
    f
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_frames_never_panic(
        link in 0usize..LINKTYPES.len(),
        kind in any::<u8>(),
        proto in prop_oneof![Just(6u8), Just(17), Just(1), Just(58), Just(0), Just(43), Just(44), Just(47), any::<u8>()],
        noise in proptest::collection::vec(any::<u8>(), 0..200),
        extra_wire in 0u32..100,
    ) {
        let data = frame(kind, proto, &noise);
        for options in option_sets() {
            let mut printer = Printer::new(options, LinkType(LINKTYPES[link]));
            let mut out = Vec::new();
            let packet = PacketRef { timestamp: Timestamp { secs: 1, nanos: 2 }, wire_len: data.len() as u32 + extra_wire, data: &data };
            printer.print(&packet, &mut out);
            prop_assert!(out.ends_with(b"\n"));
        }
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn corrupted_shared_packets_never_panic() {
    let Some(shared) = common::shared_dir_or_skip("corrupted_shared_packets_never_panic") else {
        return;
    };
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let mut files: Vec<_> = std::fs::read_dir(shared.join("pcaps"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut printed = 0usize;
    for (round, file) in files.iter().cycle().take(files.len() * 6).enumerate() {
        let options = &option_sets()[round % 3];
        let Ok(capture) = print_capture::read(file) else {
            continue;
        };
        let mut printer = Printer::new(
            options.clone(),
            LinkType(capture.packets.first().map_or(1, |p| p.linktype)),
        );
        let mut out = Vec::new();
        for p in capture.packets.iter().take(200) {
            let mut data = p.data.clone();
            for _ in 0..1 + round / files.len() {
                if !data.is_empty() {
                    let i = (rng.next() % data.len() as u64) as usize;
                    data[i] ^= 1 << (rng.next() % 8);
                }
            }
            let cut = if data.is_empty() {
                0
            } else {
                (rng.next() % (data.len() as u64 + 1)) as usize
            };
            for d in [&data[..], &data[..cut]] {
                out.clear();
                printer.print(
                    &PacketRef {
                        timestamp: p.timestamp,
                        wire_len: p.wire_len,
                        data: d,
                    },
                    &mut out,
                );
                printed += 1;
            }
        }
    }
    eprintln!("printed {printed} corrupted packets");
}
