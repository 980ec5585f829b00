//! Live capture on Linux `AF_PACKET` sockets.
//!
//! The filter runs in the kernel (`SO_ATTACH_FILTER`), so rejected packets
//! never cross into user space; accepted ones arrive through a
//! memory-mapped `TPACKET_V3` ring (`ring`) and are handed on as
//! [`PacketRef`](crate::packet::PacketRef)s that borrow the ring's memory.
//! `-i any` and interfaces without a link header are captured "cooked"
//! ([`cooked`]). Several sockets can share the load through
//! `PACKET_FANOUT` ([`merge`] puts their packets back in time order).

mod capture;
pub mod cooked;
pub mod interfaces;
pub mod merge;
mod ring;
pub mod rotate;
mod sys;

pub use capture::{Capture, CaptureConfig, FilterPlan, Link, Progress};
pub use interfaces::{Framing, InterfaceEntry};
pub use ring::RingGeometry;
pub use sys::{attach_filter, drop_privileges, Account};

use crate::quote::user_text;
use crate::LinkType;

/// Default ring size, as libpcap's default buffer (2 MiB) doubled: live
/// capture should not lose packets in bursts a default tcpdump survives.
pub const DEFAULT_BUFFER_BYTES: usize = 4 * 1024 * 1024;

/// How long the kernel keeps a partly filled block before handing it over
/// (tcpdump uses a 1 s timeout; a shorter one keeps printing responsive).
pub const BLOCK_TIMEOUT_MS: u32 = 100;

/// How long one capture waits in `poll` when nothing arrives (tcpdump's
/// 1 s timeout). The kernel wakes it as soon as a block is handed over, so
/// this only paces its own chores; waking every `BLOCK_TIMEOUT_MS` as well
/// cost a paced capture writing a file a tenth of its CPU time
/// (benches/live).
pub const IDLE_WAIT_MS: u32 = 1000;

/// The most sockets one `PACKET_FANOUT` group holds, so the most capture
/// threads (`--threads`): Linux's `PACKET_FANOUT_MAX` before 5.11, and
/// still the default `max_num` of a group joined without
/// `struct fanout_args` (as here). The kernel refuses the next socket
/// with `ENOSPC`.
pub const FANOUT_MAX_SOCKETS: usize = 256;

/// Which packets to capture, by direction (`-Q`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    In,
    Out,
    #[default]
    InOut,
}

/// Capture statistics, as tcpdump reports them on exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Packets the filter accepted ("received by filter"), including those
    /// the kernel then had to drop.
    pub received: u64,
    /// Packets accepted but dropped for lack of ring space.
    pub dropped: u64,
    /// Packets the interface itself dropped since the capture started.
    pub interface_dropped: u64,
}

impl std::ops::Add for Stats {
    type Output = Stats;
    fn add(self, o: Stats) -> Stats {
        Stats {
            received: self.received + o.received,
            dropped: self.dropped + o.dropped,
            interface_dropped: self.interface_dropped.max(o.interface_dropped),
        }
    }
}

/// Why a live capture failed. The messages follow libpcap's wording, with
/// what to do about it where that helps.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error(
        "{}: You don't have permission to perform this capture on that device\n\
         (socket: Operation not permitted; run as root, or give the program CAP_NET_RAW)",
        user_text(.0)
    )]
    PermissionDenied(String),
    #[error("{}: No such device exists\n(see the list of interfaces with -D)", user_text(.0))]
    NoSuchDevice(String),
    #[error("{}: That device is not up", user_text(.0))]
    NotUp(String),
    #[error(
        "Invalid adapter index {} (-D lists {listed} interfaces, numbered from 1)",
        user_text(.given)
    )]
    InvalidAdapterIndex { given: String, listed: usize },
    #[error("{linktype} is not one of the DLTs supported by this device\n(bpfdump -L -i {} lists them)", user_text(.interface))]
    LinkTypeNotSupported {
        interface: String,
        linktype: LinkType,
    },
    #[error("{}: the kernel rejected the filter program: {source}", user_text(.interface))]
    FilterRejected {
        interface: String,
        source: std::io::Error,
    },
    #[error("{}: The interface disappeared", user_text(.0))]
    Disappeared(String),
    #[error("{}: {what}: {source}", user_text(.interface))]
    Io {
        interface: String,
        what: &'static str,
        source: std::io::Error,
    },
}

/// The statistics block tcpdump prints on stderr when a live capture ends
/// (after a blank line, which the caller prints).
pub fn format_stats(captured: u64, stats: &Stats) -> String {
    fn plural(n: u64) -> &'static str {
        if n == 1 {
            ""
        } else {
            "s"
        }
    }
    let mut out = format!(
        "{captured} packet{} captured\n{} packet{} received by filter\n{} packet{} dropped by kernel\n",
        plural(captured),
        stats.received,
        plural(stats.received),
        stats.dropped,
        plural(stats.dropped)
    );
    if stats.interface_dropped != 0 {
        out.push_str(&format!(
            "{} packet{} dropped by interface\n",
            stats.interface_dropped,
            plural(stats.interface_dropped)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_use_tcpdump_words_and_plurals() {
        let s = Stats {
            received: 1,
            dropped: 0,
            interface_dropped: 0,
        };
        assert_eq!(
            format_stats(1, &s),
            "1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n"
        );
    }
}
