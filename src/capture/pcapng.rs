//! The pcapng format: a sequence of blocks. Section Header Blocks set the
//! byte order and reset the interfaces; Interface Description Blocks give
//! each interface's link type, snapshot length and timestamp resolution;
//! Enhanced, Simple and (obsolete) Packet Blocks carry packets. Every other
//! block is skipped.

use super::error::Damage;
use super::pcapng_writer::InterfaceInfo;
use super::reader::{shrunk, Failure, PacketOptions, Record};
use super::source::Source;
use super::{effective_snaplen, max_snaplen};
use crate::packet::{PacketRef, Timestamp, TimestampPrecision};
use crate::LinkType;

pub(crate) const SHB_TYPE: u32 = 0x0a0d_0d0a;
const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;
const IDB_TYPE: u32 = 1;
const OBSOLETE_PACKET_TYPE: u32 = 2;
const SIMPLE_PACKET_TYPE: u32 = 3;
const ENHANCED_PACKET_TYPE: u32 = 6;

/// Block header (type, length) plus the trailing length.
const BLOCK_OVERHEAD: usize = 12;
/// No sane block is larger; a larger length field is damage.
const MAX_BLOCK_LEN: u32 = 64 * 1024 * 1024;

const OPT_END: u16 = 0;
const OPT_COMMENT: u16 = 1;
const OPT_IF_NAME: u16 = 2;
const OPT_IF_DESCRIPTION: u16 = 3;
const OPT_IF_TSRESOL: u16 = 9;
const OPT_IF_FILTER: u16 = 11;
const OPT_IF_OS: u16 = 12;
const OPT_IF_FCSLEN: u16 = 13;
const OPT_IF_TSOFFSET: u16 = 14;
const OPT_IF_HARDWARE: u16 = 15;

#[derive(Debug, Clone)]
pub(crate) struct Interface {
    pub linktype: LinkType,
    pub snaplen: u32,
    /// Timestamp units per second.
    units_per_sec: u64,
    offset_secs: i64,
    /// Names, comments and the rest, for copying the interface to a
    /// pcapng output.
    pub details: Box<InterfaceInfo>,
}

impl Interface {
    pub fn precision(&self) -> TimestampPrecision {
        if self.units_per_sec > 1_000_000 {
            TimestampPrecision::Nano
        } else {
            TimestampPrecision::Micro
        }
    }

    #[inline]
    fn timestamp(&self, units: u64) -> Timestamp {
        let secs = units / self.units_per_sec;
        let frac = units % self.units_per_sec;
        let nanos = if self.units_per_sec == 1_000_000 {
            frac * 1000
        } else {
            (frac as u128 * 1_000_000_000 / self.units_per_sec as u128) as u64
        };
        Timestamp {
            secs: (secs as i64).wrapping_add(self.offset_secs),
            nanos: nanos as u32,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PcapngState {
    swapped: bool,
    pub interfaces: Vec<Interface>,
    /// The current section's comments.
    pub comments: Vec<String>,
}

impl PcapngState {
    /// Whether the current section was written on a machine of the other
    /// byte order.
    pub fn swapped(&self) -> bool {
        self.swapped
    }
}

impl PcapngState {
    #[inline]
    fn u32_at(&self, bytes: &[u8], at: usize) -> u32 {
        let raw = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        if self.swapped {
            raw.swap_bytes()
        } else {
            raw
        }
    }

    fn u16_at(&self, bytes: &[u8], at: usize) -> u16 {
        let raw = u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        if self.swapped {
            raw.swap_bytes()
        } else {
            raw
        }
    }

    fn u64_at(&self, bytes: &[u8], at: usize) -> u64 {
        let raw = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        if self.swapped {
            raw.swap_bytes()
        } else {
            raw
        }
    }
}

/// Read blocks until one yields a packet; `Ok(None)` at a clean end of file,
/// or, with `stop_at_interface`, right after an Interface Description Block.
/// A clean end short of `size` (the file's size at open) is damage: see
/// [`shrunk`].
pub(crate) fn next_record<'s>(
    source: &'s mut Source,
    state: &mut PcapngState,
    stop_at_interface: bool,
    size: Option<u64>,
) -> Result<Option<Record<'s>>, Failure> {
    loop {
        let start = source.offset();
        let damage = |d| Failure::damage(start, d);
        let have = source
            .ensure(BLOCK_OVERHEAD)
            .map_err(|e| Failure::io(start, e))?;
        if have == 0 {
            return shrunk(start, size).map_or(Ok(None), Err);
        }
        if have < BLOCK_OVERHEAD {
            return Err(damage(Damage::TruncatedHeader {
                what: "pcapng block header",
                wanted: BLOCK_OVERHEAD as u64,
                got: have as u64,
            }));
        }
        let head = source.peek();
        let raw_type = u32::from_le_bytes(head[0..4].try_into().expect("4 bytes"));
        if raw_type == SHB_TYPE {
            // A new section: its own byte order, no interfaces yet.
            let bom = u32::from_le_bytes(head[8..12].try_into().expect("4 bytes"));
            state.swapped = if bom == BYTE_ORDER_MAGIC {
                false
            } else if bom == BYTE_ORDER_MAGIC.swap_bytes() {
                true
            } else {
                return Err(Failure::damage(
                    start + 8,
                    Damage::Malformed("bad byte-order magic in pcapng section header block"),
                ));
            };
            state.interfaces.clear();
        }
        let block_type = state.u32_at(head, 0);
        let length = state.u32_at(head, 4);
        if (length as usize) < BLOCK_OVERHEAD {
            return Err(damage(Damage::BadBlockLength {
                length: length as u64,
                why: "shorter than a block header",
            }));
        }
        if !length.is_multiple_of(4) {
            return Err(damage(Damage::BadBlockLength {
                length: length as u64,
                why: "not a multiple of 4",
            }));
        }
        if length > MAX_BLOCK_LEN {
            return Err(damage(Damage::BadBlockLength {
                length: length as u64,
                why: "larger than 64 MiB",
            }));
        }
        let length = length as usize;
        let have = source.ensure(length).map_err(|e| Failure::io(start, e))?;
        if have < length {
            return Err(damage(Damage::TruncatedHeader {
                what: "pcapng block",
                wanted: length as u64,
                got: have as u64,
            }));
        }
        let trailer = state.u32_at(source.peek(), length - 4);
        // As libpcap, the file's first section header is taken without
        // checking its trailer: a file libpcap reads must not be refused
        // (its damage, if any, shows in the blocks after it).
        let opening_header = start == 0 && block_type == SHB_TYPE;
        if trailer as usize != length && !opening_header {
            return Err(Failure::damage(
                start + (length - 4) as u64,
                Damage::BlockLengthMismatch {
                    header: length as u32,
                    trailer,
                },
            ));
        }
        if matches!(
            block_type,
            ENHANCED_PACKET_TYPE | OBSOLETE_PACKET_TYPE | SIMPLE_PACKET_TYPE
        ) {
            // The packet's bytes are returned borrowed from the source, which
            // the borrow checker only allows outside this loop.
            return packet_block(source, state, block_type, start, length);
        }
        let block = source.take(length);
        let body = &block[8..length - 4];
        match block_type {
            SHB_TYPE => {
                let major = state.u16_at(body, 4);
                let minor = state.u16_at(body, 6);
                // Version 1.0, and 1.2 as some writers wrote it.
                if major != 1 || !matches!(minor, 0 | 2) {
                    return Err(damage(Damage::UnsupportedVersion {
                        format: "pcapng",
                        major,
                        minor,
                    }));
                }
                let options = PacketOptions::new(body.get(16..).unwrap_or(&[]), state.swapped);
                state.comments = options.comments().map(|c| c.into_owned()).collect();
            }
            IDB_TYPE => {
                let interface = parse_interface(state, body).map_err(damage)?;
                state.interfaces.push(interface);
                if stop_at_interface {
                    return Ok(None);
                }
            }
            // Name resolution, statistics, decryption secrets, custom and
            // unknown blocks: nothing a packet filter needs.
            _ => {}
        }
    }
}

/// Decode a packet block of `length` bytes at `start` (already checked to be
/// complete in the source) and consume it.
#[inline]
fn packet_block<'s>(
    source: &'s mut Source,
    state: &PcapngState,
    block_type: u32,
    start: u64,
    length: usize,
) -> Result<Option<Record<'s>>, Failure> {
    let damage = |d| Failure::damage(start, d);
    let block = source.take(length);
    let body = &block[8..length - 4];
    if block_type == SIMPLE_PACKET_TYPE {
        let Some(interface) = state.interfaces.first() else {
            return Err(damage(Damage::UnknownInterface(0)));
        };
        if body.len() < 4 {
            return Err(damage(Damage::Malformed("simple packet block too short")));
        }
        let wire_len = state.u32_at(body, 0);
        let kept = (wire_len as usize)
            .min(body.len() - 4)
            .min(interface.snaplen as usize);
        return Ok(Some(Record {
            packet: PacketRef {
                // Simple packet blocks carry no timestamp.
                timestamp: Timestamp::default(),
                wire_len,
                data: &body[4..4 + kept],
            },
            linktype: interface.linktype,
            interface: 0,
            options: PacketOptions::NONE,
        }));
    }
    if body.len() < 20 {
        return Err(damage(Damage::Malformed(
            "packet block too short for its fixed fields",
        )));
    }
    let id = if block_type == ENHANCED_PACKET_TYPE {
        state.u32_at(body, 0)
    } else {
        state.u16_at(body, 0) as u32
    };
    let Some(interface) = state.interfaces.get(id as usize) else {
        return Err(damage(Damage::UnknownInterface(id)));
    };
    let units = ((state.u32_at(body, 4) as u64) << 32) | state.u32_at(body, 8) as u64;
    let caplen = state.u32_at(body, 12);
    let wire_len = state.u32_at(body, 16);
    let max = max_snaplen(interface.linktype);
    if caplen > max {
        return Err(damage(Damage::AbsurdLength {
            length: caplen as u64,
            max: max as u64,
        }));
    }
    if caplen as usize > body.len() - 20 {
        return Err(damage(Damage::Malformed(
            "packet data runs past the end of its block",
        )));
    }
    let kept = caplen.min(interface.snaplen) as usize;
    let options_at = (20 + caplen as usize).next_multiple_of(4).min(body.len());
    Ok(Some(Record {
        packet: PacketRef {
            timestamp: interface.timestamp(units),
            wire_len,
            data: &body[20..20 + kept],
        },
        linktype: interface.linktype,
        interface: id,
        options: PacketOptions::new(&body[options_at..], state.swapped),
    }))
}

fn parse_interface(state: &PcapngState, body: &[u8]) -> Result<Interface, Damage> {
    if body.len() < 8 {
        return Err(Damage::Malformed("interface description block too short"));
    }
    let linktype = LinkType(state.u16_at(body, 0) as u32);
    let snaplen = effective_snaplen(state.u32_at(body, 4), linktype);
    let mut interface = Interface {
        linktype,
        snaplen,
        units_per_sec: 1_000_000,
        offset_secs: 0,
        details: Box::new(InterfaceInfo::new(
            linktype,
            snaplen,
            TimestampPrecision::Micro,
        )),
    };
    let mut at = 8;
    while at + 4 <= body.len() {
        let code = state.u16_at(body, at);
        let len = state.u16_at(body, at + 2) as usize;
        let value_at = at + 4;
        if value_at + len > body.len() {
            return Err(Damage::Malformed(
                "interface option runs past the end of its block",
            ));
        }
        match code {
            OPT_END => break,
            OPT_IF_TSRESOL if len >= 1 => {
                let resol = body[value_at];
                let exponent = (resol & 0x7f) as u32;
                interface.units_per_sec = if resol & 0x80 != 0 {
                    if exponent > 63 {
                        return Err(Damage::Malformed("if_tsresol is finer than 2^-63"));
                    }
                    1u64 << exponent
                } else {
                    10u64
                        .checked_pow(exponent)
                        .ok_or(Damage::Malformed("if_tsresol is finer than 10^-19"))?
                };
            }
            OPT_IF_TSOFFSET if len >= 8 => {
                interface.offset_secs = state.u64_at(body, value_at) as i64;
            }
            OPT_IF_FCSLEN if len >= 1 => {
                // Back to the pcap header's FCS bits (length in 16-bit words).
                let words = u32::from(body[value_at] / 2).min(15);
                interface.details.linktype = LinkType(linktype.0 | 0x0400_0000 | (words << 28));
            }
            _ => {
                let text = || String::from_utf8_lossy(&body[value_at..value_at + len]).into_owned();
                let details = &mut interface.details;
                match code {
                    OPT_COMMENT => details.comments.push(text()),
                    OPT_IF_NAME => details.name = Some(text()),
                    OPT_IF_DESCRIPTION => details.description = Some(text()),
                    OPT_IF_OS => details.os = Some(text()),
                    OPT_IF_HARDWARE => details.hardware = Some(text()),
                    // A libpcap filter string (type 0).
                    OPT_IF_FILTER if len >= 1 && body[value_at] == 0 => {
                        details.filter = Some(
                            String::from_utf8_lossy(&body[value_at + 1..value_at + len])
                                .into_owned(),
                        )
                    }
                    _ => {}
                }
            }
        }
        at = value_at + len.div_ceil(4) * 4;
    }
    interface.details.precision = interface.precision();
    Ok(interface)
}
