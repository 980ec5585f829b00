//! The classic pcap format: a 24-byte file header, then records of a 16-byte
//! header (24 bytes in the "modified" variant) followed by the packet bytes.

use super::error::Damage;
use super::reader::{shrunk, Failure, PacketOptions, Record};
use super::source::Source;
use super::{effective_snaplen, max_snaplen};
use crate::packet::{PacketRef, Timestamp, TimestampPrecision};
use crate::LinkType;

pub(crate) const FILE_HEADER_LEN: usize = 24;

const MAGIC_MICRO: u32 = 0xa1b2_c3d4;
const MAGIC_NANO: u32 = 0xa1b2_3c4d;
/// Alexey Kuznetzov's patched format: microseconds, 24-byte record headers.
const MAGIC_MODIFIED: u32 = 0xa1b2_cd34;

/// Is `magic` (read little-endian) one of the pcap magic numbers, in either
/// byte order?
pub(crate) fn is_pcap_magic(magic: u32) -> bool {
    [MAGIC_MICRO, MAGIC_NANO, MAGIC_MODIFIED]
        .iter()
        .any(|&m| magic == m || magic == m.swap_bytes())
}

/// What the file header says.
#[derive(Debug, Clone)]
pub(crate) struct PcapState {
    /// The file was written on a machine of the other byte order.
    swapped: bool,
    record_header_len: usize,
    pub precision: TimestampPrecision,
    pub linktype: LinkType,
    /// The link type field as stored, with the FCS-length bits libpcap keeps
    /// beside the link type in its upper bits.
    pub linktype_field: u32,
    /// The snapshot length libpcap would use (see [`effective_snaplen`]).
    pub snaplen: u32,
}

impl PcapState {
    /// Whether the file was written on a machine of the other byte order.
    pub fn swapped(&self) -> bool {
        self.swapped
    }

    #[inline]
    fn u32_at(&self, bytes: &[u8], at: usize) -> u32 {
        let raw = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        if self.swapped {
            raw.swap_bytes()
        } else {
            raw
        }
    }
}

/// Parse the 24-byte file header.
pub(crate) fn parse_header(header: &[u8]) -> Result<PcapState, Damage> {
    let magic = u32::from_le_bytes(header[0..4].try_into().expect("4 bytes"));
    let (swapped, canonical) =
        if is_pcap_magic(magic) && [MAGIC_MICRO, MAGIC_NANO, MAGIC_MODIFIED].contains(&magic) {
            (false, magic)
        } else if is_pcap_magic(magic) {
            (true, magic.swap_bytes())
        } else {
            return Err(Damage::BadMagic(magic));
        };
    let mut state = PcapState {
        swapped,
        record_header_len: if canonical == MAGIC_MODIFIED { 24 } else { 16 },
        precision: if canonical == MAGIC_NANO {
            TimestampPrecision::Nano
        } else {
            TimestampPrecision::Micro
        },
        linktype: LinkType(0),
        linktype_field: 0,
        snaplen: 0,
    };
    // Two 16-bit fields in the writer's byte order.
    let u16_at = |at: usize| {
        let raw = u16::from_le_bytes([header[at], header[at + 1]]);
        if swapped {
            raw.swap_bytes()
        } else {
            raw
        }
    };
    let (major, minor) = (u16_at(4), u16_at(6));
    // libpcap's development version reads versions 2.0 to 2.4.
    if major != 2 || minor > 4 {
        return Err(Damage::UnsupportedVersion {
            format: "pcap",
            major,
            minor,
        });
    }
    state.linktype_field = state.u32_at(header, 20);
    // Bits 16 to 25 are reserved (the upper 6 hold the FCS length).
    let reserved = state.linktype_field & 0x03ff_0000;
    if reserved != 0 {
        return Err(Damage::LinktypeReserved(reserved));
    }
    // The upper 6 bits carry the FCS length, not the link type.
    state.linktype = LinkType(state.linktype_field & 0x03ff_ffff);
    state.snaplen = effective_snaplen(state.u32_at(header, 16), state.linktype);
    Ok(state)
}

/// Where a record's bytes come from for [`record_len`]: the reader's
/// [`Source`], or a parallel worker's window onto the file.
pub(crate) trait RecordBytes {
    /// Make `need` bytes from the record's start available; returns how
    /// many are (fewer only where the input ends).
    fn ensure(&mut self, need: usize) -> Result<usize, Failure>;
    /// The available bytes from the record's start.
    fn bytes(&self) -> &[u8];
}

/// The whole length (header and captured data) of the record starting at
/// file offset `start`, or `None` where the input ends cleanly before it.
/// Damage is a failure at the offset where it lies. Every reader of classic
/// pcap records checks them here, so all report damage alike.
#[inline(always)]
pub(crate) fn record_len(
    state: &PcapState,
    start: u64,
    input: &mut impl RecordBytes,
) -> Result<Option<usize>, Failure> {
    let header_len = state.record_header_len;
    let have = input.ensure(header_len)?;
    if have == 0 {
        return Ok(None);
    }
    if have < header_len {
        return Err(Failure::damage(
            start,
            Damage::TruncatedHeader {
                what: "packet record header",
                wanted: header_len as u64,
                got: have as u64,
            },
        ));
    }
    let caplen = state
        .caplen(input.bytes())
        .map_err(|damage| Failure::damage(start, damage))?;
    let total = header_len + caplen as usize;
    let have = input.ensure(total)?;
    if have < total {
        // Point at the packet data, not the header, as the missing part.
        return Err(Failure::damage(
            start + header_len as u64,
            Damage::TruncatedRecord {
                wanted: caplen as u64,
                got: (have - header_len) as u64,
            },
        ));
    }
    Ok(Some(total))
}

/// A [`Source`] positioned at a record starting at `start`.
struct AtSource<'a> {
    source: &'a mut Source,
    start: u64,
}

impl RecordBytes for AtSource<'_> {
    fn ensure(&mut self, need: usize) -> Result<usize, Failure> {
        self.source
            .ensure(need)
            .map_err(|e| Failure::io(self.start, e))
    }
    fn bytes(&self) -> &[u8] {
        self.source.peek()
    }
}

/// Read the next record; `Ok(None)` at a clean end of file. A clean end
/// short of `size` (the file's size at open) is damage: see [`shrunk`].
#[inline]
pub(crate) fn next_record<'s>(
    source: &'s mut Source,
    state: &PcapState,
    size: Option<u64>,
) -> Result<Option<Record<'s>>, Failure> {
    let start = source.offset();
    let Some(total) = record_len(state, start, &mut AtSource { source, start })? else {
        return shrunk(start, size).map_or(Ok(None), Err);
    };
    Ok(Some(state.record(source.take(total))))
}

impl PcapState {
    /// Length of a record header: 16 bytes, 24 in the modified format.
    #[inline]
    pub fn record_header_len(&self) -> usize {
        self.record_header_len
    }

    /// A record header's fields: seconds, fraction of a second, captured
    /// length and length on the wire.
    #[inline]
    pub fn header_fields(&self, header: &[u8]) -> (u32, u32, u32, u32) {
        (
            self.u32_at(header, 0),
            self.u32_at(header, 4),
            self.u32_at(header, 8),
            self.u32_at(header, 12),
        )
    }

    /// The captured length a record header (at least
    /// [`Self::record_header_len`] bytes) announces, or the damage when it
    /// is more than any capture of the link type can hold.
    #[inline(always)]
    pub fn caplen(&self, header: &[u8]) -> Result<u32, Damage> {
        let caplen = self.u32_at(header, 8);
        let max = max_snaplen(self.linktype);
        if caplen > max {
            return Err(Damage::AbsurdLength {
                length: caplen as u64,
                max: max as u64,
            });
        }
        Ok(caplen)
    }

    /// The packet of one whole record (header and captured bytes, as
    /// checked by [`Self::caplen`]).
    #[inline(always)]
    pub fn record<'a>(&self, record: &'a [u8]) -> Record<'a> {
        let header_len = self.record_header_len;
        let secs = self.u32_at(record, 0);
        let frac = self.u32_at(record, 4);
        let wire_len = self.u32_at(record, 12);
        // Like libpcap, a record longer than the file's snapshot length (but
        // not absurd) is cut to the snapshot length.
        let kept = (record.len() - header_len).min(self.snaplen as usize);
        let data = &record[header_len..header_len + kept];
        let timestamp = match self.precision {
            TimestampPrecision::Nano => Timestamp {
                secs: secs as i64,
                nanos: frac,
            },
            TimestampPrecision::Micro => micro_timestamp(secs, frac),
        };
        Record {
            packet: PacketRef {
                timestamp,
                wire_len,
                data,
            },
            linktype: self.linktype,
            interface: 0,
            options: PacketOptions::NONE,
        }
    }

    /// Whether writing this record (as checked by [`Self::caplen`]) with
    /// [`crate::capture::PcapWriter`] in the file's own precision, without
    /// truncation, gives back its original bytes: true when the file is in
    /// this machine's byte order with 16-byte record headers, the record is
    /// not longer than the snapshot length (longer ones are cut on reading)
    /// and its timestamp survives the trip through nanoseconds.
    #[inline]
    pub fn rewrites_verbatim(&self, record: &[u8]) -> bool {
        if self.swapped != cfg!(target_endian = "big") || self.record_header_len != 16 {
            return false;
        }
        let caplen = self.u32_at(record, 8);
        let frac = self.u32_at(record, 4);
        caplen <= self.snaplen
            && (self.precision == TimestampPrecision::Nano || frac.checked_mul(1000).is_some())
    }
}

/// A microsecond timestamp as seconds and nanoseconds. A fraction of a
/// million microseconds or more (damaged, but libpcap passes it through) is
/// kept as is when it fits, so that writing it back gives the same bytes.
#[inline]
pub(crate) fn micro_timestamp(secs: u32, usecs: u32) -> Timestamp {
    match usecs.checked_mul(1000) {
        Some(nanos) => Timestamp {
            secs: secs as i64,
            nanos,
        },
        None => Timestamp {
            secs: secs as i64 + (usecs / 1_000_000) as i64,
            nanos: (usecs % 1_000_000) * 1000,
        },
    }
}
