//! All engines give the same verdict on real traffic: every shared example
//! filter, compiled by tcpdump, run over the shared Ethernet captures by the
//! reference classic interpreter, the eBPF interpreter, the JIT and (when
//! permitted) the kernel.

mod common;
mod ebpf_support;

use bpfdump::engine::{build, BatchPacket, EngineKind};

#[test]
fn engines_agree_on_shared_captures() {
    let test = "engines_agree_on_shared_captures";
    let Some(shared) = common::shared_dir_or_skip(test) else {
        return;
    };
    if !common::have_tcpdump(test) {
        return;
    }
    let packets = ebpf_support::shared_packets(&shared, "EN10MB", 3000);
    assert!(!packets.is_empty());
    let kernel = ebpf_support::kernel_available(test);
    let mut kinds = vec![EngineKind::Cbpf, EngineKind::Interp, EngineKind::Jit];
    if kernel {
        kinds.push(EngineKind::Kernel);
    }
    let mut compared = 0usize;
    for expr in common::example_filters(&shared) {
        let Ok(classic) = common::tcpdump_program("EN10MB", &expr, true) else {
            continue;
        };
        let Ok(engines) = kinds
            .iter()
            .map(|&k| build(k, &classic).map(|e| (k, e)))
            .collect::<Result<Vec<_>, _>>()
        else {
            // Programs the classic verifier refuses (protochain's loop).
            assert!(
                expr.contains("protochain"),
                "{expr:?}: engine build failed: {:?}",
                kinds
                    .iter()
                    .map(|&k| build(k, &classic).err().map(|e| e.to_string()))
                    .collect::<Vec<_>>()
            );
            continue;
        };
        for (data, wire_len) in &packets {
            // The kernel engine runs at most a few hundred packets per
            // filter: each is a system call.
            let verdicts: Vec<(EngineKind, u32)> = engines
                .iter()
                .filter(|(k, _)| *k != EngineKind::Kernel || compared % 7 == 0)
                .map(|(k, e)| (*k, e.run(data, *wire_len)))
                .collect();
            let first = verdicts[0].1;
            assert!(
                verdicts.iter().all(|v| v.1 == first),
                "{expr:?} on {:02x?} (wire {wire_len}): {verdicts:?}",
                &data[..data.len().min(64)]
            );
            compared += 1;
        }
        // The batch entry points (the JIT's native loop) agree with the
        // per-packet answers of the reference.
        let batch: Vec<BatchPacket<'_>> = packets
            .iter()
            .map(|(d, w)| BatchPacket::new(d, *w))
            .collect();
        let expected: Vec<u32> = packets
            .iter()
            .map(|(d, w)| engines[0].1.run(d, *w))
            .collect();
        for (kind, engine) in engines.iter().filter(|(k, _)| *k != EngineKind::Kernel) {
            let mut verdicts = vec![0u32; batch.len()];
            engine.run_batch(&batch, &mut verdicts);
            assert!(
                verdicts == expected,
                "{expr:?}: {kind:?} batch verdicts differ"
            );
        }
    }
    eprintln!("{compared} (filter, packet) pairs agree");
}

/// Found by the expression fuzz target: a filter whose classic program the
/// kernel's rules accept, but whose eBPF has more paths than the eBPF
/// verifier walks (it gives up after a million instructions, as the
/// kernel's does). The default engine, the JIT, then runs it in the
/// classic interpreter instead of refusing a valid filter.
#[test]
fn a_program_too_complex_for_the_ebpf_verifier_still_runs() {
    let options = bpfdump::FilterOptions {
        linktype: bpfdump::LinkType(0),
        optimize: false,
        ..Default::default()
    };
    let text =
        "tcp-urg = icmp6code + 0 + 2 and - - - (icmp6code) > udp[tcp-rst] or ip6 protochain 0";
    let program = bpfdump::compile_filter(text, &options).unwrap();
    bpfdump::cbpf::verify::verify(&program).unwrap();
    let refused = bpfdump::engine::verified_ebpf(&program).unwrap_err();
    assert!(refused.to_string().contains("too complex"), "{refused}");
    let engine = build(EngineKind::Jit, &program).expect("falls back to the classic interpreter");
    // NULL (AF 30: IPv6), then an IPv6 header whose next header is ICMPv6 (0).
    let mut packet = vec![30, 0, 0, 0, 0x60, 0, 0, 0, 0, 8, 0, 64];
    packet.extend([0u8; 32]);
    packet.extend([128, 0, 0, 0, 0, 0, 0, 0]);
    for len in [packet.len(), 20, 4, 0] {
        let p = &packet[..len];
        assert_eq!(
            engine.run(p, p.len() as u32),
            bpfdump::cbpf::interp::run(&program, p, p.len() as u32),
            "{len} bytes"
        );
    }
}
