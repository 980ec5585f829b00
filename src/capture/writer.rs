//! Writing pcap files.

use crate::packet::{PacketRef, TimestampPrecision};
use crate::LinkType;
use std::io::{self, Write};

const MAGIC_MICRO: u32 = 0xa1b2_c3d4;
const MAGIC_NANO: u32 = 0xa1b2_3c4d;

/// Writes a pcap file: header first, then one record per packet.
///
/// Fields are written in the host's byte order, as libpcap writes them.
/// Nothing is buffered here: give it a `BufWriter` for speed.
pub struct PcapWriter<W: Write> {
    out: W,
    /// Records are cut to this length (the header's snapshot length unless
    /// changed with [`PcapWriter::set_truncation`]).
    snaplen: u32,
    precision: TimestampPrecision,
    /// Bytes written so far.
    written: u64,
}

impl<W: Write> PcapWriter<W> {
    /// Write the file header.
    pub fn new(
        out: W,
        linktype: LinkType,
        snaplen: u32,
        precision: TimestampPrecision,
    ) -> io::Result<Self> {
        let mut writer = PcapWriter {
            out,
            snaplen,
            precision,
            written: 24,
        };
        let magic = match precision {
            TimestampPrecision::Micro => MAGIC_MICRO,
            TimestampPrecision::Nano => MAGIC_NANO,
        };
        let mut header = [0u8; 24];
        header[0..4].copy_from_slice(&magic.to_ne_bytes());
        header[4..6].copy_from_slice(&2u16.to_ne_bytes());
        header[6..8].copy_from_slice(&4u16.to_ne_bytes());
        // thiszone and sigfigs: always zero.
        header[16..20].copy_from_slice(&snaplen.to_ne_bytes());
        header[20..24].copy_from_slice(&linktype.0.to_ne_bytes());
        writer.out.write_all(&header)?;
        Ok(writer)
    }

    /// Append one packet, truncated to the snapshot length.
    #[inline]
    pub fn write(&mut self, packet: &PacketRef) -> io::Result<()> {
        let caplen = (packet.data.len() as u64).min(self.snaplen as u64) as usize;
        let fraction = match self.precision {
            TimestampPrecision::Micro => packet.timestamp.nanos / 1000,
            TimestampPrecision::Nano => packet.timestamp.nanos,
        };
        let mut header = [0u8; 16];
        // The file format has 32-bit seconds: later times wrap, as in libpcap.
        header[0..4].copy_from_slice(&(packet.timestamp.secs as u32).to_ne_bytes());
        header[4..8].copy_from_slice(&fraction.to_ne_bytes());
        header[8..12].copy_from_slice(&(caplen as u32).to_ne_bytes());
        header[12..16].copy_from_slice(&packet.wire_len.to_ne_bytes());
        self.out.write_all(&header)?;
        self.out.write_all(&packet.data[..caplen])?;
        self.written += 16 + caplen as u64;
        Ok(())
    }

    /// Bytes written so far (header and records).
    pub fn bytes_written(&self) -> u64 {
        self.written
    }

    /// Cut records to `limit` bytes instead of the header's snapshot length
    /// (`u32::MAX`: never). tcpdump copying files with `-r ... -w` keeps
    /// every record whole even when a later input file had a larger
    /// snapshot length than the first, whose length the header carries.
    pub fn set_truncation(&mut self, limit: u32) {
        self.snaplen = limit;
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The sink, e.g. to flush and check it one last time.
    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn get_ref(&self) -> &W {
        &self.out
    }

    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }
}
