//! Differential test of the printer on damaged frames: every packet of
//! every classic pcap capture of tcpdump's own printer suite (the
//! development snapshot's `tests/`), cut short at a random length and with
//! two random bytes changed after the link header, printed by bpfdump and
//! by the snapshot's tcpdump (`-# -n`, `-# -n -v`, `-# -n -x`), packet by packet
//! (each packet's lines, continuation lines included, compared byte for
//! byte; `-#` numbers them so a packet printed on more or fewer lines does
//! not shift the others).
//!
//! The mutations are deterministic (seeded by the capture's name), so the
//! figure is repeatable. The printer's decoders do not yet all agree with
//! tcpdump on damaged input, so the test holds the share of identical
//! lines at or above `THRESHOLD` (set a little below what is reached: a
//! regression fails it) and prints the captures with the most differences.
//! `PRINT_MUTATED_ONLY=name` runs one capture and prints its differences;
//! `PRINT_MUTATED_ALL=1` lists every capture that differs;
//! `PRINT_MUTATED_SEED=N` draws other mutations.

mod common;
mod print_differential;

use print_differential::{pair_up, Rng};

use std::path::{Path, PathBuf};

/// Lowest accepted share of identical lines over all captures and modes.
const THRESHOLD: f64 = 0.999;

/// Packets taken from each capture (each gives two mutated frames).
const PACKETS_PER_CAPTURE: usize = 100;

/// A classic pcap file: its header and (seconds, fraction, wire length,
/// data) per record, in the file's byte order. `None` for other formats.
#[allow(clippy::type_complexity)]
fn read_pcap(bytes: &[u8]) -> Option<(Vec<u8>, bool, Vec<(u32, u32, u32, Vec<u8>)>)> {
    let magic = bytes.get(..4)?;
    let big = match magic {
        [0xd4, 0xc3, 0xb2, 0xa1] | [0x4d, 0x3c, 0xb2, 0xa1] => false,
        [0xa1, 0xb2, 0xc3, 0xd4] | [0xa1, 0xb2, 0x3c, 0x4d] => true,
        _ => return None,
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let header = bytes.get(..24)?.to_vec();
    let mut records = Vec::new();
    let mut at = 24;
    while records.len() < PACKETS_PER_CAPTURE {
        let (Some(secs), Some(frac), Some(caplen), Some(wire)) =
            (u32_at(at), u32_at(at + 4), u32_at(at + 8), u32_at(at + 12))
        else {
            break;
        };
        let Some(data) = bytes.get(at + 16..at + 16 + caplen as usize) else {
            break;
        };
        records.push((secs, frac, wire, data.to_vec()));
        at += 16 + caplen as usize;
    }
    Some((header, big, records))
}

/// Each packet twice: cut at a random length, and with two random bytes
/// changed past the first 14.
fn mutated(name: &str, big: bool, header: &[u8], records: &[(u32, u32, u32, Vec<u8>)]) -> Vec<u8> {
    // PRINT_MUTATED_SEED=N draws other mutations (the figure and the
    // threshold are for the default, 0).
    let salt: u64 = std::env::var("PRINT_MUTATED_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut rng = Rng::for_name(name, salt);
    let put = |out: &mut Vec<u8>, v: u32| {
        out.extend_from_slice(&if big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        })
    };
    let mut out = header.to_vec();
    for (secs, frac, wire, data) in records {
        let mut frames = Vec::new();
        if data.len() > 1 {
            frames.push(data[..1 + rng.below(data.len() - 1)].to_vec());
        }
        let mut changed = data.clone();
        if changed.len() > 16 {
            for _ in 0..2 {
                let i = 14 + rng.below(changed.len() - 14);
                changed[i] = rng.next() as u8;
            }
        }
        frames.push(changed);
        for frame in frames {
            put(&mut out, *secs);
            put(&mut out, *frac);
            put(&mut out, frame.len() as u32);
            put(&mut out, (*wire).max(frame.len() as u32));
            out.extend_from_slice(&frame);
        }
    }
    out
}

#[test]
fn damaged_frames_print_as_the_snapshot_prints_them() {
    let test = "damaged_frames_print_as_the_snapshot_prints_them";
    let Some(tcpdump) = common::reference_tcpdump_or_skip(test) else {
        return;
    };
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tcpdump-head/tests");
    let Ok(entries) = std::fs::read_dir(&suite) else {
        eprintln!("{test}: skipped: no {}", suite.display());
        return;
    };
    let only = std::env::var("PRINT_MUTATED_ONLY").ok();
    let mut captures: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcap"))
        .filter(|p| {
            only.as_ref()
                .is_none_or(|o| p.to_string_lossy().contains(o.as_str()))
        })
        .collect();
    captures.sort();
    let ours = Path::new(env!("CARGO_BIN_EXE_bpfdump"));
    let dir = tempfile::tempdir().unwrap();
    let (mut same, mut total) = (0usize, 0usize);
    let mut worst: Vec<(usize, usize, String)> = Vec::new();
    // `-x` shows where each decoder's truncation leaves the hex dump.
    let modes: &[&[&str]] = &[&["-n"], &["-n", "-v"], &["-n", "-x"]];
    for capture in &captures {
        let name = capture.file_name().unwrap().to_string_lossy().into_owned();
        let Some((header, big, records)) = std::fs::read(capture).ok().and_then(|b| read_pcap(&b))
        else {
            continue;
        };
        let file = dir.path().join("mutated.pcap");
        std::fs::write(&file, mutated(&name, big, &header, &records)).unwrap();
        for flags in modes {
            let (Some(a), Some(b)) = (
                print_differential::packets(ours, flags, &file),
                print_differential::packets(&tcpdump, flags, &file),
            ) else {
                continue;
            };
            let (mut n, mut differing) = (0, 0);
            for (k, x, y, lines) in pair_up(&a, &b) {
                n += lines;
                if x != y {
                    differing += lines;
                    if only.is_some() {
                        eprintln!("packet {k}:\n  ours:    {x:?}\n  tcpdump: {y:?}");
                    }
                }
            }
            same += n - differing;
            total += n;
            if differing > 0 {
                worst.push((differing, n, format!("{name} {}", flags.join(" "))));
            }
        }
    }
    worst.sort_by_key(|w| std::cmp::Reverse(w.0));
    let shown = if std::env::var_os("PRINT_MUTATED_ALL").is_some() {
        worst.len()
    } else {
        20
    };
    for (d, n, what) in worst.iter().take(shown) {
        eprintln!("{d:6} of {n:6} lines differ: {what}");
    }
    let share = same as f64 / total.max(1) as f64;
    eprintln!(
        "damaged frames of {} captures: {same} of {total} lines identical ({:.2}%)",
        captures.len(),
        100.0 * share
    );
    if only.is_none() {
        assert!(
            share >= THRESHOLD,
            "{:.4} of the lines identical, below {THRESHOLD}",
            share
        );
    }
}
