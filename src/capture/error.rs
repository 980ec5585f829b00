//! What can go wrong reading a capture file.

use std::fmt;
use std::io;

/// An error reading a capture file: the file, where, and what.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The file could not be opened or mapped.
    #[error("{file}: {source}")]
    Open {
        file: String,
        #[source]
        source: io::Error,
    },
    /// Reading failed at the operating-system level.
    #[error("{file}: read error at byte offset {offset}: {source}")]
    Io {
        file: String,
        offset: u64,
        #[source]
        source: io::Error,
    },
    /// The bytes at `offset` are not a valid capture file.
    #[error("{file}: at byte offset {offset}: {damage}")]
    Damaged {
        file: String,
        offset: u64,
        damage: Damage,
    },
}

impl CaptureError {
    /// The kind of damage, if this is a damaged-file error.
    pub fn damage(&self) -> Option<&Damage> {
        match self {
            CaptureError::Damaged { damage, .. } => Some(damage),
            _ => None,
        }
    }

    /// The byte offset the error refers to, if any.
    pub fn offset(&self) -> Option<u64> {
        match self {
            CaptureError::Damaged { offset, .. } | CaptureError::Io { offset, .. } => Some(*offset),
            CaptureError::Open { .. } => None,
        }
    }
}

/// What was wrong with a damaged file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// Zero bytes.
    Empty,
    /// Neither a pcap nor a pcapng magic number.
    BadMagic(u32),
    /// The file ended inside a header (file header, record header or block
    /// header) of `wanted` bytes.
    TruncatedHeader {
        what: &'static str,
        wanted: u64,
        got: u64,
    },
    /// The file ended inside a record's packet data or a block's body.
    TruncatedRecord { wanted: u64, got: u64 },
    /// A record claims more captured bytes than any capture can hold.
    AbsurdLength { length: u64, max: u64 },
    /// A pcapng block whose length field is impossible.
    BadBlockLength { length: u64, why: &'static str },
    /// A packet names an interface no Interface Description Block defined.
    UnknownInterface(u32),
    /// A pcap file or pcapng section of a version libpcap does not read
    /// (pcap 2.0 to 2.4, pcapng 1.0 and 1.2).
    UnsupportedVersion {
        format: &'static str,
        major: u16,
        minor: u16,
    },
    /// A pcap header's link type field with bits set that are reserved.
    LinktypeReserved(u32),
    /// A pcapng block whose trailing length is not its leading length.
    BlockLengthMismatch { header: u32, trailer: u32 },
    /// A regular file ended before the size it had when it was opened: it
    /// was truncated (or rewritten) while being read. The records before
    /// the end were whole; whatever followed them is lost.
    Shrunk { size: u64 },
    /// Any other structural inconsistency.
    Malformed(&'static str),
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Damage::Empty => write!(f, "empty file, not a capture file"),
            Damage::BadMagic(m) => {
                write!(f, "unknown file format (magic number 0x{m:08x})")
            }
            Damage::TruncatedHeader { what, wanted, got } => {
                write!(f, "truncated {what}: needs {wanted} bytes, only {got} left")
            }
            Damage::TruncatedRecord { wanted, got } => write!(
                f,
                "truncated packet record: needs {wanted} bytes, only {got} left"
            ),
            Damage::AbsurdLength { length, max } => write!(
                f,
                "invalid packet capture length {length}, bigger than the maximum of {max}"
            ),
            Damage::BadBlockLength { length, why } => {
                write!(f, "invalid pcapng block length {length}: {why}")
            }
            Damage::UnknownInterface(i) => write!(
                f,
                "packet for interface {i}, which no interface description block defines"
            ),
            Damage::UnsupportedVersion {
                format,
                major,
                minor,
            } => write!(f, "unsupported {format} savefile version {major}.{minor}"),
            Damage::LinktypeReserved(bits) => write!(
                f,
                "savefile linktype reserved field not zero (0x{bits:08x})"
            ),
            Damage::BlockLengthMismatch { header, trailer } => write!(
                f,
                "block total length in header {header} and trailer {trailer} don't match"
            ),
            Damage::Shrunk { size } => write!(
                f,
                "truncated while being read: the file ends here, but it had {size} bytes when opened"
            ),
            Damage::Malformed(what) => f.write_str(what),
        }
    }
}
