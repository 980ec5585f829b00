//! `cargo bench`: the engines on the same filters and packets.
//!
//! * `stream/<filter>/<engine>`: one pass over every Ethernet packet of the
//!   shared captures (`$BPFDUMP_SHARED`, else `../shared`), per packet.
//! * `hot/<filter>/<engine>`: one TCP packet filtered over and over (hot
//!   cache); `kernel` is the kernel's own JIT through `BPF_PROG_TEST_RUN`
//!   with a large repeat count, minus the cost of a program that only
//!   returns 0 (skipped where loading eBPF is not permitted).
//!
//! For the comparison with libpcap's `bpf_filter()` see
//! `benches/compare_libpcap.sh`.

use bpfdump::ebpf::kernel::KernelProgram;
use bpfdump::engine::{build, BatchPacket, EngineKind};
use bpfdump::{compile_filter, FilterOptions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const FILTERS: &[(&str, &str)] = &[
    ("tcp", "tcp"),
    ("udp_port_53", "udp port 53"),
    (
        "8_hosts_4_ports",
        "(host 10.0.0.1 or host 10.0.0.2 or host 10.0.0.3 or host 10.0.0.4 or host 192.168.1.1 \
         or host 192.168.1.2 or host 172.16.0.1 or host 172.16.0.2) and (port 80 or port 443 or port 22 or port 53)",
    ),
];

fn shared_packets() -> Vec<(Vec<u8>, u32)> {
    let shared = std::env::var_os("BPFDUMP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let index = std::fs::read_to_string(shared.join("pcaps/index.tsv")).unwrap_or_default();
    let mut out = Vec::new();
    for line in index.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 4 || fields[3] != "EN10MB" || fields[1] != "pcap" {
            continue;
        }
        let Ok(bytes) = std::fs::read(shared.join("pcaps").join(fields[0])) else {
            continue;
        };
        if let Ok(mut reader) = pcap_file::pcap::PcapReader::new(&bytes[..]) {
            while let Some(Ok(p)) = reader.next_packet() {
                out.push((p.data.into_owned(), p.orig_len));
            }
        }
    }
    out
}

/// A TCP/IPv4 SYN to port 80 in an Ethernet frame.
fn tcp_packet() -> Vec<u8> {
    let mut p = vec![0u8; 54];
    p[12] = 0x08;
    p[14] = 0x45;
    p[16] = 0;
    p[17] = 40;
    p[22] = 64;
    p[23] = 6;
    p[26..30].copy_from_slice(&[10, 0, 0, 1]);
    p[30..34].copy_from_slice(&[10, 0, 0, 9]);
    p[34..36].copy_from_slice(&12345u16.to_be_bytes());
    p[36..38].copy_from_slice(&80u16.to_be_bytes());
    p[46] = 0x50;
    p[47] = 0x02;
    p
}

fn stream(c: &mut Criterion) {
    let packets = shared_packets();
    if packets.is_empty() {
        eprintln!("stream: skipped: no shared captures (set BPFDUMP_SHARED)");
        return;
    }
    let batch: Vec<BatchPacket<'_>> = packets
        .iter()
        .map(|(d, w)| BatchPacket::new(d, *w))
        .collect();
    let mut verdicts = vec![0u32; batch.len()];
    for (name, expr) in FILTERS {
        let program = compile_filter(expr, &FilterOptions::default()).expect("filter compiles");
        let mut group = c.benchmark_group(format!("stream/{name}"));
        group.throughput(Throughput::Elements(packets.len() as u64));
        group.measurement_time(Duration::from_secs(2));
        for kind in [EngineKind::Jit, EngineKind::Interp, EngineKind::Cbpf] {
            let filter = build(kind, &program).expect("engine");
            group.bench_function(BenchmarkId::new(kind.name(), "batch"), |b| {
                b.iter(|| {
                    filter.run_batch(&batch, &mut verdicts);
                    black_box(&verdicts);
                })
            });
        }
        let jit = build(EngineKind::Jit, &program).expect("engine");
        group.bench_function(BenchmarkId::new("jit", "per_packet"), |b| {
            b.iter(|| packets.iter().filter(|(d, w)| jit.run(d, *w) != 0).count())
        });
        group.finish();
    }
}

fn hot(c: &mut Criterion) {
    let packet = tcp_packet();
    let kernel_ok = bpfdump::ebpf::kernel::available().is_ok();
    let empty = kernel_ok
        .then(|| {
            KernelProgram::load(vec![
                bpfdump::ebpf::Insn::mov64_imm(0, 0),
                bpfdump::ebpf::Insn::exit(),
            ])
            .ok()
        })
        .flatten();
    for (name, expr) in FILTERS {
        let program = compile_filter(expr, &FilterOptions::default()).expect("filter compiles");
        let mut group = c.benchmark_group(format!("hot/{name}"));
        group.measurement_time(Duration::from_secs(2));
        for kind in [EngineKind::Jit, EngineKind::Interp] {
            let filter = build(kind, &program).expect("engine");
            group.bench_function(kind.name(), |b| {
                b.iter(|| filter.run(black_box(&packet), 54))
            });
        }
        if let (Some(empty), Ok(kernel)) = (&empty, KernelProgram::load_classic(&program)) {
            // The kernel reports its own average time per run (ns, whole
            // numbers); subtract the empty program's to leave the filter.
            group.bench_function("kernel", |b| {
                b.iter_custom(|iters| {
                    let repeat = iters.clamp(1, u32::MAX as u64) as u32;
                    let (_, filter_ns) = kernel.test_run(&packet, 54, repeat).expect("test run");
                    let (_, empty_ns) = empty.test_run(&packet, 54, repeat).expect("test run");
                    Duration::from_nanos(filter_ns.saturating_sub(empty_ns) as u64 * iters)
                })
            });
        } else if !kernel_ok {
            eprintln!("hot/{name}/kernel: skipped: cannot load eBPF programs here");
        }
        group.finish();
    }
}

criterion_group!(benches, stream, hot);
criterion_main!(benches);
