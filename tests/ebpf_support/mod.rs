//! Helpers for the eBPF engine tests: packets from the shared captures.
#![allow(dead_code)]

use std::path::Path;

/// A captured packet: bytes and length on the wire.
pub type Packet = (Vec<u8>, u32);

/// All packets of a pcap or pcapng file (empty if unreadable).
pub fn read_capture(path: &Path) -> Vec<Packet> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Ok(mut reader) = pcap_file::pcap::PcapReader::new(&bytes[..]) {
        while let Some(Ok(p)) = reader.next_packet() {
            out.push((p.data.into_owned(), p.orig_len));
        }
    } else if let Ok(mut reader) = pcap_file::pcapng::PcapNgReader::new(&bytes[..]) {
        use pcap_file::pcapng::Block;
        while let Some(Ok(block)) = reader.next_block() {
            match block {
                Block::EnhancedPacket(p) => out.push((p.data.into_owned(), p.original_len)),
                Block::SimplePacket(p) => out.push((p.data.into_owned(), p.original_len)),
                _ => {}
            }
        }
    }
    out
}

/// Packets of every shared capture whose link type name (index.tsv) is
/// `dlt_name`, at most `limit` files.
pub fn shared_packets(shared: &Path, dlt_name: &str, limit: usize) -> Vec<Packet> {
    let index = std::fs::read_to_string(shared.join("pcaps/index.tsv")).unwrap_or_default();
    let mut out = Vec::new();
    for line in index.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() > 3 && fields[3] == dlt_name {
            out.extend(read_capture(&shared.join("pcaps").join(fields[0])));
            if out.len() >= limit {
                break;
            }
        }
    }
    out
}

/// True if the kernel lets us load eBPF; otherwise prints why `test` skips
/// the kernel.
pub fn kernel_available(test: &str) -> bool {
    match bpfdump::ebpf::kernel::available() {
        Ok(()) => true,
        Err(e) => {
            eprintln!("{test}: kernel engine skipped: {e}");
            false
        }
    }
}
