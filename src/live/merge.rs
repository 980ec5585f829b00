//! Putting the packets of several `PACKET_FANOUT` sockets back into one
//! stream in timestamp order.
//!
//! Each worker copies the packets of one ring pass into a [`PacketBatch`]
//! (one buffer, no allocation per packet) and reports it with a
//! *watermark*: a time before which it will report no more packets. The
//! [`Merger`] merges the workers' streams, releasing a packet once every
//! running worker has either a later packet queued or a later watermark.

use crate::packet::{PacketRef, Timestamp};
use std::collections::VecDeque;

#[derive(Debug, Clone, Copy)]
struct Entry {
    timestamp: Timestamp,
    wire_len: u32,
    start: usize,
    len: usize,
}

/// Packets copied out of a ring, to cross threads.
#[derive(Debug, Default)]
pub struct PacketBatch {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

impl PacketBatch {
    pub fn new() -> PacketBatch {
        PacketBatch::default()
    }

    pub fn push(&mut self, p: &PacketRef) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(p.data);
        self.entries.push(Entry {
            timestamp: p.timestamp,
            wire_len: p.wire_len,
            start,
            len: p.data.len(),
        });
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Empty it, keeping its memory for the next pass (large buffers are
    /// fresh pages from the kernel each time otherwise).
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.entries.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, i: usize) -> PacketRef<'_> {
        let e = self.entries[i];
        PacketRef {
            timestamp: e.timestamp,
            wire_len: e.wire_len,
            data: &self.bytes[e.start..e.start + e.len],
        }
    }

    /// Order by timestamp; packets of one socket are almost always in
    /// order already, which a stable sort handles in linear time.
    fn sort(&mut self) {
        self.entries.sort_by_key(|e| e.timestamp);
    }
}

/// The merge state for `n` workers.
pub struct Merger {
    /// Per worker: batches not yet fully released, with the index of the
    /// next packet in the front one.
    queues: Vec<VecDeque<PacketBatch>>,
    cursors: Vec<usize>,
    /// Per worker: `None` once it has finished.
    watermarks: Vec<Option<Timestamp>>,
    /// Fully released batches, with their worker, to be reused.
    spent: Vec<(usize, PacketBatch)>,
}

impl Merger {
    pub fn new(workers: usize) -> Merger {
        Merger {
            queues: (0..workers).map(|_| VecDeque::new()).collect(),
            cursors: vec![0; workers],
            watermarks: vec![Some(Timestamp::default()); workers],
            spent: Vec::new(),
        }
    }

    /// Worker `worker` reports `batch` and promises nothing earlier than
    /// `watermark` will follow.
    pub fn push(&mut self, worker: usize, mut batch: PacketBatch, watermark: Timestamp) {
        if worker >= self.queues.len() {
            return;
        }
        if !batch.is_empty() {
            batch.sort();
            self.queues[worker].push_back(batch);
        }
        if let Some(w) = &mut self.watermarks[worker] {
            *w = (*w).max(watermark);
        }
    }

    /// Worker `worker` will report nothing more.
    pub fn finish(&mut self, worker: usize) {
        if let Some(w) = self.watermarks.get_mut(worker) {
            *w = None;
        }
    }

    fn head(&mut self, worker: usize) -> Option<Timestamp> {
        let queue = &mut self.queues[worker];
        while let Some(front) = queue.front() {
            if self.cursors[worker] < front.len() {
                return Some(front.entries[self.cursors[worker]].timestamp);
            }
            if let Some(done) = queue.pop_front() {
                self.spent.push((worker, done));
            }
            self.cursors[worker] = 0;
        }
        None
    }

    /// The earliest queued packet, if no running worker can still report
    /// an earlier one (or, with `force`, regardless: at the end).
    fn next(&mut self, force: bool) -> Option<PacketRef<'_>> {
        let mut best: Option<(Timestamp, usize)> = None;
        // The earliest watermark among running workers with nothing queued:
        // they may still report something from that time on.
        let mut idle_low: Option<Timestamp> = None;
        for w in 0..self.queues.len() {
            match self.head(w) {
                Some(t) => {
                    if best.is_none_or(|(bt, _)| t < bt) {
                        best = Some((t, w));
                    }
                }
                None => {
                    if let Some(wm) = self.watermarks[w] {
                        idle_low = Some(idle_low.map_or(wm, |l: Timestamp| l.min(wm)));
                    }
                }
            }
        }
        let (t, w) = best?;
        if !force && idle_low.is_some_and(|low| low < t) {
            return None;
        }
        let i = self.cursors[w];
        self.cursors[w] += 1;
        Some(self.queues[w].front()?.get(i))
    }

    /// Batches whose packets have all been released, to hand back to their
    /// workers for reuse.
    pub fn take_spent(&mut self) -> Vec<(usize, PacketBatch)> {
        std::mem::take(&mut self.spent)
    }

    /// The next packet that can be released now.
    pub fn pop_ready(&mut self) -> Option<PacketRef<'_>> {
        self.next(false)
    }

    /// The next packet regardless of watermarks (once capture has ended).
    pub fn pop_any(&mut self) -> Option<PacketRef<'_>> {
        self.next(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(items: &[(i64, u8)]) -> PacketBatch {
        let mut b = PacketBatch::new();
        for &(secs, tag) in items {
            b.push(&PacketRef {
                timestamp: Timestamp { secs, nanos: 0 },
                wire_len: 1,
                data: &[tag],
            });
        }
        b
    }
    fn ts(secs: i64) -> Timestamp {
        Timestamp { secs, nanos: 0 }
    }
    fn tag(p: Option<PacketRef<'_>>) -> Option<u8> {
        p.map(|p| p.data[0])
    }

    #[test]
    fn waits_for_the_slowest_worker() {
        let mut m = Merger::new(2);
        m.push(0, batch(&[(1, 0), (3, 1)]), ts(3));
        assert_eq!(
            tag(m.pop_ready()),
            None,
            "worker 1 may still report earlier packets"
        );
        m.push(1, batch(&[(2, 2)]), ts(2));
        assert_eq!(tag(m.pop_ready()), Some(0));
        assert_eq!(tag(m.pop_ready()), Some(2));
        assert_eq!(tag(m.pop_ready()), None);
        m.finish(1);
        assert_eq!(tag(m.pop_ready()), Some(1));
        assert_eq!(tag(m.pop_ready()), None);
    }

    #[test]
    fn a_watermark_releases_packets_without_more_traffic() {
        let mut m = Merger::new(2);
        m.push(0, batch(&[(5, 7)]), ts(5));
        assert_eq!(tag(m.pop_ready()), None);
        m.push(1, PacketBatch::new(), ts(6));
        assert_eq!(tag(m.pop_ready()), Some(7));
    }

    #[test]
    fn batches_are_sorted_stably_and_drained_at_the_end() {
        let mut m = Merger::new(1);
        m.push(0, batch(&[(5, 1), (5, 2), (4, 0)]), ts(0));
        // A lone worker's own queue is in order: its head can go at once.
        let mut all = vec![tag(m.pop_ready()).unwrap()];
        while let Some(t) = tag(m.pop_any()) {
            all.push(t);
        }
        assert_eq!(all, vec![0, 1, 2]);
    }
}
