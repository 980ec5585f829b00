//! Writing pcapng files: a Section Header Block naming the machine and the
//! program, one Interface Description Block per interface, Enhanced Packet
//! Blocks, and Interface Statistics Blocks at the end.
//!
//! Blocks are written in the host's byte order (a reader learns it from the
//! section header's byte-order magic), as every pcapng writer does.

use crate::packet::{PacketRef, Timestamp, TimestampPrecision};
use crate::LinkType;
use std::io::{self, Write};

const SHB_TYPE: u32 = 0x0a0d_0d0a;
const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;
const IDB_TYPE: u32 = 1;
const ISB_TYPE: u32 = 5;
const EPB_TYPE: u32 = 6;

const OPT_END: u16 = 0;
const OPT_COMMENT: u16 = 1;
const SHB_HARDWARE: u16 = 2;
const SHB_OS: u16 = 3;
const SHB_USERAPPL: u16 = 4;
const IF_NAME: u16 = 2;
const IF_DESCRIPTION: u16 = 3;
const IF_TSRESOL: u16 = 9;
const IF_FILTER: u16 = 11;
const IF_OS: u16 = 12;
const IF_FCSLEN: u16 = 13;
const IF_HARDWARE: u16 = 15;
const ISB_STARTTIME: u16 = 2;
const ISB_ENDTIME: u16 = 3;
const ISB_IFRECV: u16 = 4;
const ISB_IFDROP: u16 = 5;
const ISB_FILTERACCEPT: u16 = 6;
const ISB_OSDROP: u16 = 7;
const ISB_USRDELIV: u16 = 8;

/// An option's value is at most this long (the length field is 16 bits);
/// longer strings are cut at a character boundary.
const MAX_OPTION: usize = 0xfff0;

/// What a pcapng section header says about where the file was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionInfo {
    /// `shb_hardware`, e.g. `x86_64`.
    pub hardware: Option<String>,
    /// `shb_os`, e.g. `Linux 6.1.0`.
    pub os: Option<String>,
    /// `shb_userappl`, e.g. `bpfdump 0.1.0`.
    pub application: Option<String>,
    pub comments: Vec<String>,
}

impl SectionInfo {
    /// This machine's architecture and kernel, and this program.
    pub fn this_machine() -> SectionInfo {
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .ok()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        let os = match release {
            Some(release) => format!("{} {release}", capitalized(std::env::consts::OS)),
            None => capitalized(std::env::consts::OS),
        };
        SectionInfo {
            hardware: Some(std::env::consts::ARCH.to_string()),
            os: Some(os),
            application: Some(format!("bpfdump {}", env!("CARGO_PKG_VERSION"))),
            comments: Vec::new(),
        }
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An interface: what a pcapng Interface Description Block says, and what
/// a pcap file header says (link type, snapshot length, precision).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceInfo {
    /// The link type, as the pcap header's field (FCS-length bits, if any,
    /// become pcapng's `if_fcslen`).
    pub linktype: LinkType,
    pub snaplen: u32,
    /// Timestamp resolution: `if_tsresol` 6 or 9.
    pub precision: TimestampPrecision,
    /// `if_name`, e.g. `eth0`.
    pub name: Option<String>,
    /// `if_description`.
    pub description: Option<String>,
    /// `if_filter`: the filter expression the packets passed.
    pub filter: Option<String>,
    /// `if_os`.
    pub os: Option<String>,
    /// `if_hardware`.
    pub hardware: Option<String>,
    pub comments: Vec<String>,
}

impl InterfaceInfo {
    /// An interface with nothing known but its link type, snapshot length
    /// and timestamp precision (a pcap file's).
    pub fn new(linktype: LinkType, snaplen: u32, precision: TimestampPrecision) -> InterfaceInfo {
        InterfaceInfo {
            linktype,
            snaplen,
            precision,
            name: None,
            description: None,
            filter: None,
            os: None,
            hardware: None,
            comments: Vec::new(),
        }
    }
}

/// Counts for an Interface Statistics Block (`None`: not known).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InterfaceStats {
    /// When the statistics were taken.
    pub time: Timestamp,
    /// `isb_starttime`.
    pub start: Option<Timestamp>,
    /// `isb_ifrecv`: packets received.
    pub received: Option<u64>,
    /// `isb_ifdrop`: packets the interface dropped.
    pub interface_dropped: Option<u64>,
    /// `isb_filteraccept`: packets the filter accepted.
    pub accepted: Option<u64>,
    /// `isb_osdrop`: packets the operating system dropped (no buffer space).
    pub dropped: Option<u64>,
    /// `isb_usrdeliv`: packets delivered to the program (written).
    pub delivered: Option<u64>,
}

/// Options being assembled for a block (values padded to 4 bytes).
#[derive(Default)]
struct Options(Vec<u8>);

impl Options {
    fn raw(&mut self, code: u16, value: &[u8]) {
        let value = &value[..value.len().min(MAX_OPTION)];
        self.0.extend_from_slice(&code.to_ne_bytes());
        self.0
            .extend_from_slice(&(value.len() as u16).to_ne_bytes());
        self.0.extend_from_slice(value);
        self.0.resize(self.0.len().next_multiple_of(4), 0);
    }

    fn text(&mut self, code: u16, text: &str) {
        let mut end = text.len().min(MAX_OPTION);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        self.raw(code, &text.as_bytes()[..end]);
    }

    fn maybe_text(&mut self, code: u16, text: &Option<String>) {
        if let Some(text) = text {
            self.text(code, text);
        }
    }

    fn u64(&mut self, code: u16, value: u64) {
        self.raw(code, &value.to_ne_bytes());
    }

    /// The options and their end marker (nothing when there are none).
    fn finish(mut self) -> Vec<u8> {
        if !self.0.is_empty() {
            self.0.extend_from_slice(&[0; 4]);
            debug_assert_eq!(OPT_END, 0);
        }
        self.0
    }
}

/// Writes a pcapng file.
///
/// Nothing is buffered here: give it a `BufWriter` for speed.
pub struct PcapngWriter<W: Write> {
    out: W,
    /// Per interface: timestamp units per second and how long records may
    /// be.
    interfaces: Vec<(TimestampPrecision, u32)>,
    /// Packets are cut to this length when shorter than the interface's
    /// snapshot length (see [`PcapngWriter::set_truncation`]).
    truncation: Option<u32>,
    /// Bytes written so far.
    written: u64,
}

impl<W: Write> PcapngWriter<W> {
    /// Write the section header block.
    pub fn new(out: W, section: &SectionInfo) -> io::Result<PcapngWriter<W>> {
        let mut writer = PcapngWriter {
            out,
            interfaces: Vec::new(),
            truncation: None,
            written: 0,
        };
        let mut options = Options::default();
        for comment in &section.comments {
            options.text(OPT_COMMENT, comment);
        }
        options.maybe_text(SHB_HARDWARE, &section.hardware);
        options.maybe_text(SHB_OS, &section.os);
        options.maybe_text(SHB_USERAPPL, &section.application);
        let mut body = Vec::with_capacity(16);
        body.extend_from_slice(&BYTE_ORDER_MAGIC.to_ne_bytes());
        body.extend_from_slice(&1u16.to_ne_bytes());
        body.extend_from_slice(&0u16.to_ne_bytes());
        // Section length: not given.
        body.extend_from_slice(&(-1i64).to_ne_bytes());
        writer.block(SHB_TYPE, &body, &[], &options.finish())?;
        Ok(writer)
    }

    /// Describe one more interface; returns its number, for
    /// [`PcapngWriter::write`].
    pub fn add_interface(&mut self, interface: &InterfaceInfo) -> io::Result<u32> {
        let mut options = Options::default();
        for comment in &interface.comments {
            options.text(OPT_COMMENT, comment);
        }
        options.maybe_text(IF_NAME, &interface.name);
        options.maybe_text(IF_DESCRIPTION, &interface.description);
        let resolution = match interface.precision {
            TimestampPrecision::Micro => 6u8,
            TimestampPrecision::Nano => 9u8,
        };
        options.raw(IF_TSRESOL, &[resolution]);
        if let Some(filter) = &interface.filter {
            // The first byte says what follows: 0, a libpcap filter string.
            let mut value = vec![0u8];
            value.extend_from_slice(filter.as_bytes());
            options.raw(IF_FILTER, &value);
        }
        options.maybe_text(IF_OS, &interface.os);
        // The pcap header's FCS bits: bit 26 says the length in 16-bit
        // words is in bits 28-31.
        let field = interface.linktype.0;
        if field & 0x0400_0000 != 0 {
            options.raw(IF_FCSLEN, &[((field >> 28) * 2) as u8]);
        }
        options.maybe_text(IF_HARDWARE, &interface.hardware);
        let mut body = [0u8; 8];
        body[0..2].copy_from_slice(&((field & 0xffff) as u16).to_ne_bytes());
        body[4..8].copy_from_slice(&interface.snaplen.to_ne_bytes());
        self.block(IDB_TYPE, &body, &[], &options.finish())?;
        self.interfaces
            .push((interface.precision, interface.snaplen));
        Ok(self.interfaces.len() as u32 - 1)
    }

    /// The number of interfaces described so far.
    pub fn interfaces(&self) -> u32 {
        self.interfaces.len() as u32
    }

    /// Append one packet captured on `interface`, cut to the interface's
    /// snapshot length (or the truncation set).
    #[inline]
    pub fn write(&mut self, interface: u32, packet: &PacketRef) -> io::Result<()> {
        self.write_with_comments(interface, packet, std::iter::empty::<&str>())
    }

    /// [`PcapngWriter::write`], with packet comments (`opt_comment`).
    pub fn write_with_comments<S: AsRef<str>>(
        &mut self,
        interface: u32,
        packet: &PacketRef,
        comments: impl IntoIterator<Item = S>,
    ) -> io::Result<()> {
        let Some(&(precision, snaplen)) = self.interfaces.get(interface as usize) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("pcapng: packet for interface {interface}, which was never described"),
            ));
        };
        let limit = self
            .truncation
            .unwrap_or(if snaplen == 0 { u32::MAX } else { snaplen });
        let caplen = packet.data.len().min(limit as usize);
        let units = units(packet.timestamp, precision);
        let mut head = [0u8; 20];
        head[0..4].copy_from_slice(&interface.to_ne_bytes());
        head[4..8].copy_from_slice(&((units >> 32) as u32).to_ne_bytes());
        head[8..12].copy_from_slice(&(units as u32).to_ne_bytes());
        head[12..16].copy_from_slice(&(caplen as u32).to_ne_bytes());
        head[16..20].copy_from_slice(&packet.wire_len.to_ne_bytes());
        let mut options = Options::default();
        for comment in comments {
            options.text(OPT_COMMENT, comment.as_ref());
        }
        self.block(EPB_TYPE, &head, &packet.data[..caplen], &options.finish())
    }

    /// Write an interface statistics block for `interface`.
    pub fn write_statistics(&mut self, interface: u32, stats: &InterfaceStats) -> io::Result<()> {
        let Some(&(precision, _)) = self.interfaces.get(interface as usize) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("pcapng: statistics for interface {interface}, which was never described"),
            ));
        };
        let split = |t: Timestamp| {
            let u = units(t, precision);
            let mut v = [0u8; 8];
            v[0..4].copy_from_slice(&((u >> 32) as u32).to_ne_bytes());
            v[4..8].copy_from_slice(&(u as u32).to_ne_bytes());
            v
        };
        let mut options = Options::default();
        if let Some(start) = stats.start {
            options.raw(ISB_STARTTIME, &split(start));
        }
        options.raw(ISB_ENDTIME, &split(stats.time));
        let counts = [
            (ISB_IFRECV, stats.received),
            (ISB_IFDROP, stats.interface_dropped),
            (ISB_FILTERACCEPT, stats.accepted),
            (ISB_OSDROP, stats.dropped),
            (ISB_USRDELIV, stats.delivered),
        ];
        for (code, value) in counts {
            if let Some(value) = value {
                options.u64(code, value);
            }
        }
        let mut head = [0u8; 12];
        head[0..4].copy_from_slice(&interface.to_ne_bytes());
        head[4..12].copy_from_slice(&split(stats.time));
        self.block(ISB_TYPE, &head, &[], &options.finish())
    }

    /// Cut packets to `limit` bytes instead of their interface's snapshot
    /// length (`u32::MAX`: never; see [`super::PcapWriter::set_truncation`]).
    pub fn set_truncation(&mut self, limit: u32) {
        self.truncation = Some(limit);
    }

    /// Bytes written so far.
    pub fn bytes_written(&self) -> u64 {
        self.written
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn get_ref(&self) -> &W {
        &self.out
    }

    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// One block: type, total length, fixed fields `head`, `data` padded to
    /// 4 bytes, `options`, total length again.
    fn block(&mut self, kind: u32, head: &[u8], data: &[u8], options: &[u8]) -> io::Result<()> {
        let padded = data.len().next_multiple_of(4);
        let total = 12 + head.len() + padded + options.len();
        let length = u32::try_from(total)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "pcapng block too large"))?;
        let mut start = [0u8; 8];
        start[0..4].copy_from_slice(&kind.to_ne_bytes());
        start[4..8].copy_from_slice(&length.to_ne_bytes());
        self.out.write_all(&start)?;
        self.out.write_all(head)?;
        self.out.write_all(data)?;
        self.out.write_all(&[0u8; 3][..padded - data.len()])?;
        self.out.write_all(options)?;
        self.out.write_all(&length.to_ne_bytes())?;
        self.written += total as u64;
        Ok(())
    }
}

/// A timestamp in units of the resolution (64 bits: seconds before 1970
/// wrap, as in every pcapng writer).
#[inline]
fn units(t: Timestamp, precision: TimestampPrecision) -> u64 {
    match precision {
        TimestampPrecision::Micro => {
            (t.secs as u64).wrapping_mul(1_000_000) + u64::from(t.nanos / 1000)
        }
        TimestampPrecision::Nano => {
            (t.secs as u64).wrapping_mul(1_000_000_000) + u64::from(t.nanos)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::CaptureReader;

    #[test]
    fn round_trip_through_our_reader() {
        let mut w = PcapngWriter::new(Vec::new(), &SectionInfo::this_machine()).unwrap();
        let mut eth = InterfaceInfo::new(LinkType::ETHERNET, 100, TimestampPrecision::Nano);
        eth.name = Some("eth0".into());
        eth.filter = Some("tcp".into());
        let raw = InterfaceInfo::new(LinkType::RAW, 4, TimestampPrecision::Micro);
        assert_eq!(w.add_interface(&eth).unwrap(), 0);
        assert_eq!(w.add_interface(&raw).unwrap(), 1);
        let data = [1u8, 2, 3, 4, 5, 6, 7];
        let at = |secs, nanos| PacketRef {
            timestamp: Timestamp { secs, nanos },
            wire_len: 70,
            data: &data,
        };
        w.write(0, &at(5, 123_456_789)).unwrap();
        w.write_with_comments(1, &at(6, 123_456_789), ["hello"])
            .unwrap();
        assert!(w.write(2, &at(7, 0)).is_err());
        w.write_statistics(0, &InterfaceStats::default()).unwrap();
        let bytes = w.into_inner();
        let mut r =
            CaptureReader::from_reader("mem".into(), Box::new(io::Cursor::new(bytes))).unwrap();
        let first = r.next().unwrap().unwrap();
        assert_eq!(
            first.packet.timestamp,
            Timestamp {
                secs: 5,
                nanos: 123_456_789
            }
        );
        assert_eq!(first.packet.data, &data);
        assert_eq!(first.linktype, LinkType::ETHERNET);
        let second = r.next().unwrap().unwrap();
        assert_eq!(second.interface, 1);
        assert_eq!(
            second.packet.timestamp,
            Timestamp {
                secs: 6,
                nanos: 123_456_000
            }
        );
        assert_eq!(second.packet.data, &data[..4]);
        assert_eq!(second.packet.wire_len, 70);
        assert!(r.next().unwrap().is_none());
    }
}
