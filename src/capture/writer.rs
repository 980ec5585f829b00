//! Writing pcap files.

use super::buffer::RecordBuffer;
use crate::packet::{PacketRef, Timestamp, TimestampPrecision};
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
        let (secs, fraction) = record_time(packet.timestamp, self.precision);
        // Field by field: a header assembled on the stack from 4-byte
        // stores and copied out as 16 bytes stalls store forwarding, which
        // cost a live capture more than the rest of the record.
        for field in [secs, fraction, caplen as u32, packet.wire_len] {
            self.out.write_all(&field.to_ne_bytes())?;
        }
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

impl<W: Write> PcapWriter<RecordBuffer<W>> {
    /// [`PcapWriter::write`] through a [`RecordBuffer`]: the record
    /// appended in one piece (a live capture's hot path).
    #[inline]
    pub fn write_buffered(&mut self, packet: &PacketRef) -> io::Result<()> {
        let caplen = (packet.data.len() as u64).min(self.snaplen as u64) as usize;
        let (secs, fraction) = record_time(packet.timestamp, self.precision);
        self.out.put_record(
            [secs, fraction, caplen as u32, packet.wire_len],
            &packet.data[..caplen],
        )?;
        self.written += 16 + caplen as u64;
        Ok(())
    }
}

/// A timestamp as a record's 32-bit seconds and fraction. A time just past
/// 2^32 seconds, as a damaged record with a microsecond field of a million
/// or more reads (its whole seconds carried into the seconds), gets them
/// back in the fraction field, so that it reads again as the same time
/// instead of wrapping to 1970. Later times wrap, as libpcap writes them.
#[inline]
fn record_time(t: Timestamp, precision: TimestampPrecision) -> (u32, u32) {
    let (fraction, per_sec) = match precision {
        TimestampPrecision::Micro => (t.nanos / 1000, 1_000_000u32),
        TimestampPrecision::Nano => (t.nanos, 1_000_000_000u32),
    };
    if let Ok(secs) = u32::try_from(t.secs) {
        return (secs, fraction);
    }
    let over = t.secs - i64::from(u32::MAX);
    let uncarried = u32::try_from(over)
        .ok()
        .filter(|_| over > 0)
        .and_then(|k| k.checked_mul(per_sec))
        .and_then(|f| f.checked_add(fraction));
    match uncarried {
        Some(fraction) => (u32::MAX, fraction),
        None => (t.secs as u32, fraction),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::reader::CaptureReader;
    use std::io::Cursor;

    fn nanos(t: Timestamp) -> i128 {
        i128::from(t.secs) * 1_000_000_000 + i128::from(t.nanos)
    }

    /// Found by the capture fuzz target: a record at the last 32-bit second
    /// with a microsecond field of 4,294,967,295 reads as a time past 2^32
    /// seconds; written again it wrapped to 1970.
    #[test]
    fn a_time_just_past_32_bits_of_seconds_reads_back_the_same() {
        let times = [
            Timestamp {
                secs: u32::MAX as i64 + 4294,
                nanos: 967_295_000,
            },
            Timestamp {
                secs: u32::MAX as i64 + 1,
                nanos: 0,
            },
            Timestamp {
                secs: 12,
                nanos: 999_999_000,
            },
        ];
        for precision in [TimestampPrecision::Micro, TimestampPrecision::Nano] {
            let mut w = PcapWriter::new(Vec::new(), LinkType(1), 65535, precision).unwrap();
            for &timestamp in &times {
                w.write(&PacketRef {
                    timestamp,
                    wire_len: 1,
                    data: &[7],
                })
                .unwrap();
            }
            let bytes = w.into_inner();
            let mut r =
                CaptureReader::from_reader("w".into(), Box::new(Cursor::new(bytes))).unwrap();
            let mut read = Vec::new();
            while let Some(rec) = r.next().unwrap() {
                read.push(nanos(rec.packet.timestamp));
            }
            let times: Vec<i128> = times.iter().map(|&t| nanos(t)).collect();
            match precision {
                TimestampPrecision::Micro => assert_eq!(read, times),
                // 4,294 seconds of nanoseconds do not fit the fraction:
                // that one wraps, as libpcap writes it; the others come back.
                TimestampPrecision::Nano => {
                    assert_eq!(read[0], 4293 * 1_000_000_000 + 967_295_000);
                    assert_eq!(read[1..], times[1..]);
                }
            }
        }
    }
}
