//! The fuzz targets of `fuzz/` (issue 15), in `cargo test`:
//!
//! * every input a campaign saved (`fuzz/regressions/<target>/*`: crashes,
//!   hangs, and what they taught) is replayed through the target's check,
//!   with the slow parts the fuzzer spreads over inputs done in full;
//! * each target runs briefly without coverage instrumentation: its seeds
//!   (`fuzz/seeds/<target>/`, made from `testdata/` and `filters/`) and a
//!   few thousand deterministic mutations of them, within a time budget.
//!
//! `scripts/fuzz.sh` runs the real, coverage-guided campaigns.

#[path = "fuzz_checks/mod.rs"]
mod fuzz_checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts allocations, for the checks that bound memory; the tests of
/// this file run one at a time (`ONE_AT_A_TIME`) so that the count is one
/// check's.
#[global_allocator]
static ALLOCATOR: fuzz_checks::alloc::Counting = fuzz_checks::alloc::Counting;
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted.
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = fuzz_dir().join(kind).join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n == "README.md"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Run `target` on `data`; the panic message if its check failed.
fn run(target: &str, data: &[u8], thorough: bool) -> Result<(), String> {
    fuzz_checks::alloc::enable();
    catch_unwind(AssertUnwindSafe(|| {
        fuzz_checks::run(target, data, thorough)
    }))
    .map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())
    })
}

#[test]
fn saved_fuzz_inputs_replay_clean() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut failures = Vec::new();
    let mut replayed = 0;
    for target in fuzz_checks::TARGETS {
        for file in inputs("regressions", target) {
            let data = std::fs::read(&file).unwrap();
            let start = Instant::now();
            if let Err(message) = run(target, &data, true) {
                failures.push(format!("{}: {message}", file.display()));
            }
            // A hang the fuzzer saved (over 1 s in an optimized build) must
            // now be quick even unoptimized and with every link type.
            let took = start.elapsed();
            if took > Duration::from_secs(20) {
                failures.push(format!("{}: took {took:?}", file.display()));
            }
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} saved fuzz inputs");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// xorshift64*, seeded: the mutations are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// A libFuzzer-like mutation of `data` (with `other` to splice from).
fn mutate(rng: &mut Rng, data: &[u8], other: &[u8]) -> Vec<u8> {
    let mut d = data.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = d.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                d[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                d[i] = [0, 1, 0x7f, 0x80, 0xff, b' ', b'(', b'['][rng.below(8)];
            }
            2 => {
                let i = rng.below(len + 1);
                d.insert(i, rng.next() as u8);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = rng.below(len - i + 1).min(16);
                d.drain(i..i + n);
            }
            4 if len >= 4 => {
                // An interesting 32-bit value (a length field, say).
                let i = rng.below(len - 3);
                let v: u32 = [0, 1, 0xffff, 0x7fff_ffff, 0xffff_ffff, 0x1000_0000][rng.below(6)];
                let bytes = if rng.below(2) == 0 {
                    v.to_le_bytes()
                } else {
                    v.to_be_bytes()
                };
                d[i..i + 4].copy_from_slice(&bytes);
            }
            5 if !other.is_empty() => {
                let at = rng.below(len + 1);
                let from = rng.below(other.len());
                let n = rng.below(other.len() - from).min(64);
                d.splice(at..at, other[from..from + n].iter().copied());
            }
            6 => d.truncate(rng.below(len + 1)),
            _ => {
                let i = rng.below(len + 1);
                let n = rng.below(8);
                let fill = rng.next() as u8;
                d.splice(i..i, std::iter::repeat_n(fill, n));
            }
        }
    }
    d
}

/// Each target over its seeds, then mutations of them until `budget`
/// runs or `time` is spent; fails on the first input a check rejects,
/// naming it in hex so it can be saved under `fuzz/regressions/`.
fn smoke(target: &str, budget: usize, time: Duration) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut corpus: Vec<Vec<u8>> = inputs("seeds", target)
        .iter()
        .chain(inputs("regressions", target).iter())
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert!(
        !corpus.is_empty(),
        "no seeds for {target}: run scripts/fuzz.sh --seed-only"
    );
    corpus.push(Vec::new());
    let start = Instant::now();
    let mut ran = 0;
    // A hundred of the seeds, spread over them (for at most half the
    // time), then mutations of any.
    let step = corpus.len().div_ceil(100).max(1);
    for data in corpus.iter().step_by(step) {
        if start.elapsed() > time / 2 {
            break;
        }
        if let Err(message) = run(target, data, false) {
            panic!("{target}: seed {data:02x?}: {message}");
        }
        ran += 1;
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ target.len() as u64);
    while ran < budget && start.elapsed() < time {
        let a = &corpus[rng.below(corpus.len())];
        let b = &corpus[rng.below(corpus.len())];
        let data = mutate(&mut rng, a, b);
        if let Err(message) = run(target, &data, false) {
            panic!("{target}: mutated input {data:02x?}: {message}");
        }
        ran += 1;
    }
    eprintln!("{target}: {ran} inputs in {:?}", start.elapsed());
}

const BUDGET: usize = 5000;
const TIME: Duration = Duration::from_secs(12);

#[test]
fn fuzz_smoke_expr() {
    smoke("expr", BUDGET, TIME);
}

#[test]
fn fuzz_smoke_capture() {
    smoke("capture", BUDGET, TIME);
}

#[test]
fn fuzz_smoke_print() {
    smoke("print", BUDGET, TIME);
}

#[test]
fn fuzz_smoke_cbpf() {
    smoke("cbpf", BUDGET, TIME);
}

#[test]
fn fuzz_smoke_ebpf() {
    smoke("ebpf", BUDGET, TIME);
}

/// Found by the cbpf target: the kernel's verifier gives up with EAGAIN
/// when a signal arrives during `BPF_PROG_LOAD` (libFuzzer's timer did),
/// and the kernel engine reported that as the kernel refusing a valid
/// program. A signal now and then during loads must not fail them.
#[test]
fn kernel_program_loads_survive_signals() {
    use bpfdump::ebpf::kernel::{self, KernelProgram};
    use std::os::unix::thread::JoinHandleExt;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    if let Err(e) = kernel::available() {
        eprintln!(
            "kernel_program_loads_survive_signals: skipped: cannot load eBPF programs here: {e}"
        );
        return;
    }
    extern "C" fn nothing(_: libc::c_int) {}
    // SAFETY: installs a handler that does nothing for SIGURG (ignored by
    // default, and used by nothing else in this test binary); the
    // structure is zeroed, then its handler field set.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = nothing as extern "C" fn(libc::c_int) as usize;
        libc::sigaction(libc::SIGURG, &action, std::ptr::null_mut());
    }
    // A long program (an unrolled protochain walk): the verifier takes a
    // while over it.
    let program = bpfdump::compile_filter("protochain 17 or ip6 protochain 6", &Default::default())
        .expect("compiles");
    let done = Arc::new(AtomicBool::new(false));
    let loader = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut failures = Vec::new();
            for _ in 0..40 {
                if let Err(e) = KernelProgram::load_classic(&program) {
                    failures.push(e.to_string());
                }
            }
            done.store(true, Ordering::Relaxed);
            failures
        })
    };
    let thread = loader.as_pthread_t();
    let mut sent = 0;
    while !done.load(Ordering::Relaxed) {
        // SAFETY: `thread` is the loader, not yet joined, so its id is
        // valid; SIGURG has the handler installed above.
        unsafe { libc::pthread_kill(thread, libc::SIGURG) };
        sent += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    let failures = loader.join().unwrap();
    eprintln!("{sent} signals during 40 loads");
    assert!(
        failures.is_empty(),
        "{} of 40 loads failed: {}",
        failures.len(),
        failures[0]
    );
}

/// `-V` lists (the capture target's list input, which only the command
/// reads): lists of seed captures and of mutated ones print, through the
/// one-thread reader and through the parallel one with small chunks,
/// exactly what `-r` prints for each file in turn, up to and including the
/// first file that fails, and end with the same status.
#[test]
fn v_lists_read_as_their_files_one_by_one() {
    use std::process::Command;
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let seeds: Vec<Vec<u8>> = inputs("seeds", "capture")
        .iter()
        .map(|p| std::fs::read(p).unwrap()[1..].to_vec())
        .collect();
    let dir = std::env::temp_dir().join(format!("bpfdump-fuzz-vlists-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_bpfdump"));
        command.args(["-n", "-S"]).args(args);
        for (k, v) in env {
            command.env(k, v);
        }
        let out = command.output().unwrap();
        (out.stdout, out.stderr, out.status.code())
    };
    let mut rng = Rng(0x5eed);
    let mut lists = 0;
    for round in 0..60 {
        let n = 1 + rng.below(4);
        let mut names = Vec::new();
        for i in 0..n {
            let a = &seeds[rng.below(seeds.len())];
            let b = &seeds[rng.below(seeds.len())];
            let bytes = if rng.below(3) == 0 {
                a.clone()
            } else {
                mutate(&mut rng, a, b)
            };
            let path = dir.join(format!("{round}-{i}.pcap"));
            std::fs::write(&path, bytes).unwrap();
            names.push(path.display().to_string());
        }
        let list = dir.join(format!("{round}.list"));
        std::fs::write(&list, names.join("\n") + "\n").unwrap();
        let list = list.display().to_string();
        let mut expected = (Vec::new(), Vec::new(), Some(0));
        for name in &names {
            let (stdout, stderr, status) = run(&["--threads", "1", "-r", name], &[]);
            expected.0.extend_from_slice(&stdout);
            expected.1.extend_from_slice(&stderr);
            expected.2 = status;
            if status != Some(0) {
                break;
            }
        }
        let serial = run(&["--threads", "1", "-V", &list], &[]);
        let parallel = run(
            &["--threads", "3", "-V", &list],
            &[("BPFDUMP_CHUNK", "100")],
        );
        let show = |o: &(Vec<u8>, Vec<u8>, Option<i32>)| {
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            format!(
                "status {:?}\n{}--- stderr:\n{}",
                o.2,
                text(&o.0),
                text(&o.1)
            )
        };
        assert_eq!(
            serial,
            expected,
            "-V {list} (one thread):\n{}\nfile by file:\n{}",
            show(&serial),
            show(&expected)
        );
        assert_eq!(
            parallel,
            expected,
            "-V {list} (parallel):\n{}\nfile by file:\n{}",
            show(&parallel),
            show(&expected)
        );
        lists += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("{lists} -V lists read as their files");
}

/// Found by the print target (`fuzz/regressions/print/dns-name-pointer-cut-
/// after-first-byte`): a DNS name that is only a compression pointer, cut
/// after its first byte, sent the record walk back to the start of the
/// message, which then printed its 256 records over and over (50 bytes of
/// output per byte of packet). tcpdump stops there with `[|domain]`; and
/// prints a TTL of over a year with years. What tcpdump 4.99.3 prints
/// (`tcpdump -n -t -vvv`), line for line.
#[test]
fn dns_record_walk_stops_where_tcpdump_does() {
    use bpfdump::packet::{PacketRef, Timestamp};
    use bpfdump::print::{PrintOptions, Printer};
    let input =
        std::fs::read(fuzz_dir().join("regressions/print/dns-name-pointer-cut-after-first-byte"))
            .unwrap();
    let data = &input[12..];
    let expected = "IP (tos 0x0, ttl 56, id 4086, offset 0, flags [DF], proto UDP (17), length 131)\n    \
        192.5.5.241.53 > 172.30.42.67.64499: [bad udp cksum 0xf606 -> 0x4295!] 10217 zoneInit Refused [0q] 256/0/256 \
        ^@. (Class 65280) [0s] Type4096, . (Class 0) [0s] Type4096, . (Class 0) [0s] Type0, . (Class 0) [6w6d13h5m4s] Type0, \
        . (Class 0) [0s] Type0, . (Class 0) [6w2d18h3m44s] Type0, . (Class 247) [136y10w6h24m] Type0, . (Class 0) [0s] Type0,  [|domain]\n";
    let mut printer = Printer::new(
        PrintOptions {
            numeric: 1,
            timestamp: 1,
            verbose: 3,
            ..Default::default()
        },
        bpfdump::LinkType(1),
    );
    let mut out = Vec::new();
    let packet = PacketRef {
        timestamp: Timestamp { secs: 1, nanos: 0 },
        wire_len: data.len() as u32,
        data,
    };
    printer.print(&packet, &mut out);
    assert_eq!(String::from_utf8_lossy(&out), expected);
}

/// Found by the expr target (`fuzz/regressions/expr/shift-by-known-x-*`):
/// the optimizer turned `lsh x` with a known X of 32 or more into `lsh #k`,
/// which both verifiers refuse (and the kernel would not attach). It now
/// keeps `lsh x` (0, as libpcap's `bpf_filter` and every bpfdump engine
/// compute it). tcpdump refuses such expressions ("shift by more than 31
/// bits") or folds both constants to 0.
#[test]
fn optimizer_keeps_wide_shifts_by_register() {
    use bpfdump::cbpf::{interp, verify::verify};
    for expr in [
        "len << (16*9) > 0",
        "len >> (0 - 1) = 0",
        "13 << tcp-ack * 3 * 3 > 0",
        "5 >> -1 = 0",
    ] {
        let plain = bpfdump::compile_filter(
            expr,
            &bpfdump::FilterOptions {
                optimize: false,
                ..Default::default()
            },
        )
        .unwrap();
        match bpfdump::compile_filter(expr, &Default::default()) {
            Ok(program) => {
                assert!(verify(&program).is_ok(), "{expr}: {program:?}");
                for len in [0u32, 1, 60, 1500] {
                    let data = vec![0u8; len as usize];
                    assert_eq!(
                        interp::run(&program, &data, len),
                        interp::run(&plain, &data, len),
                        "{expr}"
                    );
                }
            }
            Err(bpfdump::FilterError::RejectsAll) => {}
            Err(e) => panic!("{expr}: {e}"),
        }
    }
}
