//! Generated frames of the protocols the printer decodes, printed by
//! bpfdump and by the snapshot tcpdump (the reference printer), compared
//! packet by packet.
//!
//! The frames are data: `tests/print_frames/*.frames`, one file per
//! protocol, each frame written in hex under the link type it is captured
//! on (format below). Every frame is printed whole, cut at every length
//! from 0 up (the wire length kept: tcpdump's truncation), and with
//! `MUTATIONS` seeded random changes of one to three bytes (some also cut),
//! in each of `MODES` (the whole frames also in `WHOLE_MODES`). Whole and
//! cut frames must print exactly as the snapshot prints them, except where
//! `tests/print_frames/EXCEPTIONS` lists a frame with the reason; the
//! mutated ones must reach
//! `MUTATED_THRESHOLD` of identical lines (damaged input, decoded further
//! than the frames were designed for; copies of a frame listed in
//! `EXCEPTIONS` are left out of that share).
//!
//! ```text
//! # a comment
//! link 1                 # LINKTYPE_ value of the frames that follow
//! options -T rtp         # options added to every mode for the frames
//!                        # that follow (`options` alone: none again)
//! frame syn-with-mss     # a frame: the following lines are its bytes
//! 00 11 22 33 44 55 66 77 88 99 aa bb 08 00   # hex; '#' ends a line
//! 45 00 ...
//! ```
//!
//! `PRINT_FRAMES_ONLY=text` takes only the files whose name contains it and
//! prints every difference; `PRINT_FRAMES_SEED=N` draws other mutations.
//! Skipped (with the reason) where the snapshot cannot be built.

mod common;
mod print_differential;

use print_differential::{pair_up, Rng};
use std::path::{Path, PathBuf};

/// Modes every frame is printed in (after `-#`).
const MODES: &[&[&str]] = &[
    &["-n"],
    &["-n", "-v"],
    &["-n", "-vvv"],
    &["-n", "-e"],
    &["-n", "-x"],
    &["-n", "-v", "-x"],
    &["-n", "-q"],
];

/// Modes the whole frames alone are also printed in: the payload forms
/// (`-X`'s hex and text, `-A`'s text) start where `-x` starts, which the
/// cut frames check already.
const WHOLE_MODES: &[&[&str]] = &[&["-n", "-X"], &["-n", "-A"], &["-n", "-vv", "-X"]];

/// Randomly changed copies of each frame.
const MUTATIONS: usize = 8;

/// Lowest accepted share of identical lines over the mutated frames.
const MUTATED_THRESHOLD: f64 = 0.996;

/// One frame of a `.frames` file.
#[derive(Debug, Clone)]
struct Frame {
    label: String,
    linktype: u32,
    /// Printing options added to every mode (`-T TYPE`, say).
    options: Vec<String>,
    bytes: Vec<u8>,
}

/// Parse a `.frames` file; an error names the line.
fn parse(text: &str) -> Result<Vec<Frame>, String> {
    let mut frames: Vec<Frame> = Vec::new();
    let mut linktype = None;
    let mut options: Vec<String> = Vec::new();
    let mut open = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let at = |why: String| format!("line {}: {why}", n + 1);
        if let Some(v) = line.strip_prefix("link ") {
            linktype = Some(v.trim().parse::<u32>().map_err(|e| at(e.to_string()))?);
            open = false;
        } else if let Some(rest) = line.strip_prefix("options") {
            options = rest.split_whitespace().map(String::from).collect();
            open = false;
        } else if let Some(label) = line.strip_prefix("frame") {
            let linktype = linktype.ok_or_else(|| at("a frame before any `link`".into()))?;
            frames.push(Frame {
                label: label.trim().to_string(),
                linktype,
                options: options.clone(),
                bytes: Vec::new(),
            });
            open = true;
        } else if open {
            let digits: Vec<u8> = line.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            if digits.len() % 2 != 0 {
                return Err(at("an odd number of hex digits".into()));
            }
            let frame = frames.last_mut().expect("open frame");
            for pair in digits.chunks(2) {
                let s = std::str::from_utf8(pair).map_err(|e| at(e.to_string()))?;
                frame
                    .bytes
                    .push(u8::from_str_radix(s, 16).map_err(|_| at(format!("not hex: {s:?}")))?);
            }
        } else {
            return Err(at(format!("unexpected {line:?}")));
        }
    }
    if let Some(empty) = frames.iter().find(|f| f.bytes.is_empty()) {
        return Err(format!("frame {:?} has no bytes", empty.label));
    }
    Ok(frames)
}

/// What a packet of the generated capture is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Whole,
    Cut(usize),
    Mutated(usize),
}

/// The frames of one file on one link type, as pcap records (captured
/// bytes, wire length), each with the frame it came from and its kind.
#[allow(clippy::type_complexity)]
fn records(frames: &[&Frame], seed: &str) -> (Vec<(Vec<u8>, u32)>, Vec<(usize, Kind)>) {
    let salt: u64 = std::env::var("PRINT_FRAMES_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (mut out, mut what) = (Vec::new(), Vec::new());
    for (i, frame) in frames.iter().enumerate() {
        let wire = frame.bytes.len() as u32;
        out.push((frame.bytes.clone(), wire));
        what.push((i, Kind::Whole));
        for cut in 0..frame.bytes.len() {
            out.push((frame.bytes[..cut].to_vec(), wire));
            what.push((i, Kind::Cut(cut)));
        }
        let mut rng = Rng::for_name(&format!("{seed}/{}", frame.label), salt);
        for m in 0..MUTATIONS {
            let mut changed = frame.bytes.clone();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(changed.len());
                changed[at] = rng.next() as u8;
            }
            if rng.below(4) == 0 {
                changed.truncate(1 + rng.below(changed.len()));
            }
            out.push((changed, wire));
            what.push((i, Kind::Mutated(m)));
        }
    }
    (out, what)
}

/// `EXCEPTIONS`: (file, frame label, mode or `*`) pairs whose whole and
/// cut forms may differ, each line with its reason after the three fields.
fn exceptions(dir: &Path) -> Vec<(String, String, String)> {
    let Ok(text) = std::fs::read_to_string(dir.join("EXCEPTIONS")) else {
        return Vec::new();
    };
    text.lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (file, label, mode) = (f.next()?, f.next()?, f.next()?);
            assert!(f.next().is_some(), "EXCEPTIONS: {l:?} gives no reason");
            Some((file.to_string(), label.to_string(), mode.to_string()))
        })
        .collect()
}

#[test]
fn generated_frames_print_as_the_snapshot_prints_them() {
    let test = "generated_frames_print_as_the_snapshot_prints_them";
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/print_frames");
    let only = std::env::var("PRINT_FRAMES_ONLY").ok();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/print_frames")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "frames"))
        .filter(|p| {
            // The file's name only: a worktree's folder may contain the text.
            only.as_ref().is_none_or(|o| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains(o.as_str()))
            })
        })
        .collect();
    files.sort();
    // Parse everything first: a malformed file fails even without the
    // reference.
    let parsed: Vec<(String, Vec<Frame>)> = files
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(p).unwrap();
            let frames = parse(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, frames)
        })
        .collect();
    let Some(tcpdump) = common::reference_tcpdump_or_skip(test) else {
        return;
    };
    let allowed = exceptions(&dir);
    let ours = Path::new(env!("CARGO_BIN_EXE_bpfdump"));
    let tmp = tempfile::tempdir().unwrap();
    let (mut frames_total, mut failures) = (0usize, Vec::new());
    let (mut exact_same, mut exact_total) = (0usize, 0usize);
    let (mut mutated_same, mut mutated_total) = (0usize, 0usize);
    for (name, frames) in &parsed {
        frames_total += frames.len();
        // One capture per link type and set of options.
        let mut groups: Vec<(u32, &[String])> = frames
            .iter()
            .map(|f| (f.linktype, f.options.as_slice()))
            .collect();
        groups.sort();
        groups.dedup();
        for (n, (linktype, options)) in groups.into_iter().enumerate() {
            let group: Vec<&Frame> = frames
                .iter()
                .filter(|f| f.linktype == linktype && f.options == options)
                .collect();
            let (recs, what) = records(&group, name);
            let file = tmp.path().join(format!("{name}-{n}.pcap"));
            std::fs::write(&file, print_differential::pcap(linktype, &recs)).unwrap();
            let whole: Vec<(Vec<u8>, u32)> = group
                .iter()
                .map(|f| (f.bytes.clone(), f.bytes.len() as u32))
                .collect();
            let whole_what: Vec<(usize, Kind)> =
                (0..group.len()).map(|i| (i, Kind::Whole)).collect();
            let whole_file = tmp.path().join(format!("{name}-{n}-whole.pcap"));
            std::fs::write(&whole_file, print_differential::pcap(linktype, &whole)).unwrap();
            let runs = MODES
                .iter()
                .map(|m| (m, &file, &what))
                .chain(WHOLE_MODES.iter().map(|m| (m, &whole_file, &whole_what)));
            for (mode_flags, file, what) in runs {
                let flags: Vec<&str> = mode_flags
                    .iter()
                    .copied()
                    .chain(options.iter().map(String::as_str))
                    .collect();
                let mode = flags.join(" ");
                let (Some(a), Some(b)) = (
                    print_differential::packets(ours, &flags, file),
                    print_differential::packets(&tcpdump, &flags, file),
                ) else {
                    failures.push(format!("{name}: a printer hung with {mode}"));
                    continue;
                };
                for (number, x, y, lines) in pair_up(&a, &b) {
                    let Some(&(index, kind)) = what.get((number as usize).wrapping_sub(1)) else {
                        failures.push(format!("{name}: packet {number} of {} printed", what.len()));
                        continue;
                    };
                    let label = &group[index].label;
                    let same = x == y;
                    let excused = allowed.iter().any(|(f, l, m)| {
                        f == name && l == label && (m == "*" || *m == mode.replace(' ', "_"))
                    });
                    if let Kind::Mutated(_) = kind {
                        // A frame known to differ (EXCEPTIONS) is left out
                        // of the share: its damaged copies differ too.
                        if excused {
                            continue;
                        }
                        mutated_total += lines;
                        mutated_same += if same { lines } else { 0 };
                        if !same && only.is_some() {
                            eprintln!("{name} {label} {kind:?} ({mode}):\n  ours:    {x:?}\n  tcpdump: {y:?}");
                        }
                        continue;
                    }
                    exact_total += lines;
                    if same {
                        exact_same += lines;
                        continue;
                    }
                    if only.is_some() || !excused {
                        eprintln!(
                            "{name} {label} {kind:?} ({mode}):\n  ours:    {x:?}\n  tcpdump: {y:?}"
                        );
                    }
                    if !excused {
                        failures.push(format!("{name} {label} {kind:?} ({mode})"));
                    }
                }
            }
        }
    }
    let share = mutated_same as f64 / mutated_total.max(1) as f64;
    eprintln!(
        "{} frames in {} files: whole and cut, {exact_same} of {exact_total} lines identical; \
         mutated, {mutated_same} of {mutated_total} ({:.2}%)",
        frames_total,
        parsed.len(),
        100.0 * share
    );
    assert!(
        failures.is_empty(),
        "{} whole or cut frames print otherwise than the snapshot (not in EXCEPTIONS), first: {:?}",
        failures.len(),
        &failures[..failures.len().min(20)]
    );
    if only.is_none() {
        assert!(
            share >= MUTATED_THRESHOLD,
            "mutated frames: {share:.4} of the lines identical, below {MUTATED_THRESHOLD}"
        );
    }
}

#[test]
fn the_frames_format_is_parsed_as_documented() {
    let frames =
        parse("# comment\nlink 1\nframe a # note\n00 11\n2233 # more\n\nlink 101\noptions -T rtp\nframe b\n45\n")
            .unwrap();
    assert_eq!(frames.len(), 2);
    assert_eq!(
        (frames[0].linktype, &frames[0].bytes[..]),
        (1, &[0, 0x11, 0x22, 0x33][..])
    );
    assert_eq!((frames[1].label.as_str(), frames[1].linktype), ("b", 101));
    assert!(frames[0].options.is_empty());
    assert_eq!(frames[1].options, ["-T", "rtp"]);
    assert!(parse("frame x\n00\n")
        .unwrap_err()
        .contains("before any `link`"));
    assert!(parse("link 1\nframe x\n0\n").unwrap_err().contains("odd"));
    assert!(parse("link 1\nframe x\nzz\n")
        .unwrap_err()
        .contains("not hex"));
    assert!(parse("link 1\n00\n").unwrap_err().contains("unexpected"));
    assert!(parse("link 1\nframe x\n").unwrap_err().contains("no bytes"));
}
