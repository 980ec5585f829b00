//! Run the JIT over packets you already hold: compile once, then hand the
//! engine many packets at a time (no call per packet), and check it
//! against the reference interpreter.
//!
//! `cargo run --release --example jit_packets -- 'tcp[tcpflags] & tcp-syn != 0'`

use bpfdump::capture::CaptureReader;
use bpfdump::engine::BatchPacket;
use bpfdump::{EngineKind, Filter, FilterOptions};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let expression = std::env::args().skip(1).collect::<Vec<_>>().join(" ");

    // Packets held in memory: here read from the sample capture, but any
    // bytes will do (frames from your own ring, a test corpus...).
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/mixed.pcap");
    let mut reader = CaptureReader::open(path.as_ref())?;
    let mut packets: Vec<(Vec<u8>, u32)> = Vec::new();
    while let Some(record) = reader.next()? {
        packets.push((record.packet.data.to_vec(), record.packet.wire_len));
    }

    let filter = Filter::compile(&expression, &FilterOptions::default())?;
    let jit = filter.engine(EngineKind::Jit)?;

    let batch: Vec<BatchPacket> = packets
        .iter()
        .map(|(data, wire_len)| BatchPacket::new(data, *wire_len))
        .collect();
    let mut verdicts = vec![0u32; batch.len()];
    let rounds = 2000;
    let start = Instant::now();
    for _ in 0..rounds {
        jit.run_batch(&batch, &mut verdicts);
    }
    let elapsed = start.elapsed();

    for ((data, wire_len), verdict) in packets.iter().zip(&verdicts) {
        assert_eq!(
            *verdict,
            filter.run(data, *wire_len),
            "the JIT and the interpreter agree"
        );
    }
    let matched = verdicts.iter().filter(|&&v| v != 0).count();
    let per_packet = elapsed.as_nanos() as f64 / (rounds * batch.len()) as f64;
    println!(
        "{matched} of {} packets match; {per_packet:.1} ns per packet",
        batch.len()
    );
    Ok(())
}
