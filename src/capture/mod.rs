//! Capture files: reading pcap/pcapng, writing pcap.

mod writer;

pub use writer::PcapWriter;
