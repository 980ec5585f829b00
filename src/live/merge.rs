//! Putting the packets of several `PACKET_FANOUT` sockets back into one
//! stream in timestamp order.
//!
//! Each worker reports its packets together with a *watermark*: a time
//! before which it will report no more packets. A packet can be released
//! once every worker still running has passed its timestamp.

use crate::packet::{PacketRef, Timestamp};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A packet copied out of a ring, to cross threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedPacket {
    pub timestamp: Timestamp,
    pub wire_len: u32,
    pub data: Vec<u8>,
}

impl OwnedPacket {
    pub fn from_ref(p: &PacketRef) -> OwnedPacket {
        OwnedPacket {
            timestamp: p.timestamp,
            wire_len: p.wire_len,
            data: p.data.to_vec(),
        }
    }

    pub fn as_ref(&self) -> PacketRef<'_> {
        PacketRef {
            timestamp: self.timestamp,
            wire_len: self.wire_len,
            data: &self.data,
        }
    }
}

/// Orders packets by (timestamp, arrival sequence), so that equal
/// timestamps keep the order they were reported in.
struct Pending {
    key: (Timestamp, u64),
    packet: OwnedPacket,
}

impl PartialEq for Pending {
    fn eq(&self, o: &Self) -> bool {
        self.key == o.key
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Pending {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.key.cmp(&o.key)
    }
}

/// The merge state for `n` workers.
pub struct Merger {
    heap: BinaryHeap<Reverse<Pending>>,
    /// Per worker: `None` once it has finished.
    watermarks: Vec<Option<Timestamp>>,
    seq: u64,
}

impl Merger {
    pub fn new(workers: usize) -> Merger {
        Merger {
            heap: BinaryHeap::new(),
            watermarks: vec![Some(Timestamp::default()); workers],
            seq: 0,
        }
    }

    /// Worker `worker` reports `packets` and promises nothing earlier than
    /// `watermark` will follow.
    pub fn push(&mut self, worker: usize, packets: Vec<OwnedPacket>, watermark: Timestamp) {
        for packet in packets {
            self.seq += 1;
            self.heap.push(Reverse(Pending {
                key: (packet.timestamp, self.seq),
                packet,
            }));
        }
        if let Some(Some(w)) = self.watermarks.get_mut(worker) {
            *w = (*w).max(watermark);
        }
    }

    /// Worker `worker` will report nothing more.
    pub fn finish(&mut self, worker: usize) {
        if let Some(w) = self.watermarks.get_mut(worker) {
            *w = None;
        }
    }

    /// The earliest packet, if every running worker has passed it.
    pub fn pop_ready(&mut self) -> Option<OwnedPacket> {
        let head = self.heap.peek()?.0.key.0;
        let low = self.watermarks.iter().flatten().min();
        match low {
            Some(&w) if w < head => None,
            _ => self.heap.pop().map(|p| p.0.packet),
        }
    }

    /// Everything still held, in order (at the end of the capture).
    pub fn pop_any(&mut self) -> Option<OwnedPacket> {
        self.heap.pop().map(|p| p.0.packet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkt(secs: i64, tag: u8) -> OwnedPacket {
        OwnedPacket {
            timestamp: Timestamp { secs, nanos: 0 },
            wire_len: 1,
            data: vec![tag],
        }
    }
    fn ts(secs: i64) -> Timestamp {
        Timestamp { secs, nanos: 0 }
    }

    #[test]
    fn waits_for_the_slowest_worker() {
        let mut m = Merger::new(2);
        m.push(0, vec![pkt(1, 0), pkt(3, 1)], ts(3));
        assert_eq!(m.pop_ready(), None, "worker 1 may still report earlier packets");
        m.push(1, vec![pkt(2, 2)], ts(2));
        assert_eq!(m.pop_ready().unwrap().data, vec![0]);
        assert_eq!(m.pop_ready().unwrap().data, vec![2]);
        assert_eq!(m.pop_ready(), None);
        m.finish(1);
        assert_eq!(m.pop_ready().unwrap().data, vec![1]);
    }

    #[test]
    fn equal_timestamps_keep_report_order_and_drain_at_end() {
        let mut m = Merger::new(1);
        m.push(0, vec![pkt(5, 1), pkt(5, 2), pkt(4, 0)], ts(0));
        assert_eq!(m.pop_ready(), None);
        let all: Vec<u8> = std::iter::from_fn(|| m.pop_any()).map(|p| p.data[0]).collect();
        assert_eq!(all, vec![0, 1, 2]);
    }
}
