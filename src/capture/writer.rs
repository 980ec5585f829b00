//! Writing pcap files.

use crate::packet::{PacketRef, TimestampPrecision};
use crate::LinkType;
use std::io::{self, Write};

/// Writes a pcap file: header first, then one record per packet.
pub struct PcapWriter<W: Write> {
    out: W,
    snaplen: u32,
    precision: TimestampPrecision,
}

impl<W: Write> PcapWriter<W> {
    /// Write the file header.
    pub fn new(
        out: W,
        linktype: LinkType,
        snaplen: u32,
        precision: TimestampPrecision,
    ) -> io::Result<Self> {
        let _ = linktype;
        Ok(PcapWriter {
            out,
            snaplen,
            precision,
        })
    }

    /// Append one packet, truncated to the snapshot length.
    pub fn write(&mut self, packet: &PacketRef) -> io::Result<()> {
        let _ = (packet, self.snaplen, self.precision);
        unimplemented!("pcap writer")
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
