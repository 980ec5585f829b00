//! The packet record shared by capture sources, sinks and printers.

/// A capture timestamp: seconds and nanoseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    pub secs: i64,
    pub nanos: u32,
}

/// Whether timestamps are written/printed with micro- or nanosecond digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TimestampPrecision {
    #[default]
    Micro,
    Nano,
}

/// One captured packet, borrowed from wherever it lives (a memory-mapped
/// file, a ring buffer): no copy is made to pass it along.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacketRef<'a> {
    pub timestamp: Timestamp,
    /// The packet's length on the wire (`len` in filters).
    pub wire_len: u32,
    /// The captured bytes, at most the snapshot length.
    pub data: &'a [u8],
}
