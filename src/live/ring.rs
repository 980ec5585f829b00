//! The `TPACKET_V3` receive ring: the kernel fills fixed-size blocks with
//! variable-size packets and hands a whole block to user space at once (when
//! it is full or its retire timer fires), so a busy capture costs one
//! `poll` per block rather than one system call per packet.

use super::sys::{self, Mapping};
use std::io;
use std::mem::size_of;
use std::os::fd::AsRawFd;
use std::sync::atomic::{fence, Ordering};

/// Offset of the `sockaddr_ll` that follows each packet header.
const SOCKADDR_OFFSET: usize = (size_of::<libc::tpacket3_hdr>() + libc::TPACKET_ALIGNMENT - 1)
    & !(libc::TPACKET_ALIGNMENT - 1);
/// Where the space the kernel leaves free before the packet data begins.
const HEADROOM_START: usize = SOCKADDR_OFFSET + size_of::<libc::sockaddr_ll>();

/// The shape of a ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RingGeometry {
    pub block_size: u32,
    pub block_count: u32,
    /// How long the kernel keeps a partly filled block before handing it
    /// over, in milliseconds.
    pub retire_timeout_ms: u32,
}

impl RingGeometry {
    /// Pick a geometry for a total buffer of `buffer_bytes` that can hold
    /// packets of up to `max_frame` bytes.
    ///
    /// A quarter of the buffer per block (a power of two between 128 KiB
    /// and 4 MiB, and enough for the largest frame): big blocks mean few
    /// wake-ups under load (1 MiB blocks took CPU time per packet from
    /// 0.055 to 0.030 µs against 256 KiB ones in benches/live), and four of
    /// them keep the kernel filling while one is being read.
    pub fn for_buffer(
        buffer_bytes: usize,
        max_frame: usize,
        retire_timeout_ms: u32,
    ) -> RingGeometry {
        let page = page_size();
        let quarter = (buffer_bytes / 4).clamp(128 * 1024, 4 * 1024 * 1024);
        // Largest power of two not above a quarter of the buffer.
        let mut block = (1usize << (usize::BITS - 1 - quarter.leading_zeros())).max(page);
        let needed = HEADROOM_START + 64 + max_frame;
        while block < needed {
            block *= 2;
        }
        let count = (buffer_bytes / block).max(2);
        RingGeometry {
            block_size: block as u32,
            block_count: count as u32,
            retire_timeout_ms,
        }
    }

    pub fn total_bytes(&self) -> usize {
        self.block_size as usize * self.block_count as usize
    }
}

fn page_size() -> usize {
    nix::unistd::sysconf(nix::unistd::SysconfVar::PAGE_SIZE)
        .ok()
        .flatten()
        .map(|p| p as usize)
        .unwrap_or(4096)
}

/// A mapped `TPACKET_V3` ring, read block by block in order.
pub struct Ring {
    map: Mapping,
    block_size: usize,
    block_count: usize,
    next: usize,
}

/// What the kernel says about one packet, plus where its bytes are.
#[derive(Debug, Clone, Copy)]
pub struct FrameInfo {
    pub sec: u32,
    pub nsec: u32,
    /// Length on the wire.
    pub len: u32,
    pub status: u32,
    pub vlan_tci: u16,
    pub vlan_tpid: u16,
    pub addr: libc::sockaddr_ll,
}

/// One packet in a block the caller owns: `area[data_start..]` is the packet
/// and `area[..data_start]` is free headroom the caller may write into
/// (to prepend a cooked header or re-insert a VLAN tag without a copy).
pub struct Frame<'a> {
    pub info: FrameInfo,
    pub area: &'a mut [u8],
    pub data_start: usize,
}

/// How far ahead of the packet being read its block is pulled into the
/// cache: the kernel wrote it from another CPU, and small packets are read
/// faster than the hardware prefetcher follows.
const PREFETCH_AHEAD: usize = 2048;
const CACHE_LINE: usize = 64;

/// Hint that the cache line at `base[at]` will be read soon.
#[inline(always)]
fn prefetch(base: *const u8, at: usize) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it never faults and changes no
    // memory; `at` is inside the block anyway.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(base.add(at).cast());
    }
}

impl Ring {
    /// Ask the kernel for a ring of `geometry` on `fd` (which must already
    /// be set to `TPACKET_V3`) and map it.
    pub fn new(fd: &impl AsRawFd, geometry: RingGeometry) -> io::Result<Ring> {
        let frame_size = 2048u32.min(geometry.block_size);
        let req = libc::tpacket_req3 {
            tp_block_size: geometry.block_size,
            tp_block_nr: geometry.block_count,
            // Frames are only notional in V3, but the kernel still checks
            // that frame_size * frame_nr fits the blocks.
            tp_frame_size: frame_size,
            tp_frame_nr: geometry.block_size / frame_size * geometry.block_count,
            tp_retire_blk_tov: geometry.retire_timeout_ms,
            tp_sizeof_priv: 0,
            tp_feature_req_word: 0,
        };
        sys::setsockopt(fd, libc::SOL_PACKET, libc::PACKET_RX_RING, &req)?;
        let map = Mapping::new(fd, geometry.total_bytes())?;
        Ok(Ring {
            map,
            block_size: geometry.block_size as usize,
            block_count: geometry.block_count as usize,
            next: 0,
        })
    }

    fn block_ptr(&self, index: usize) -> *mut u8 {
        debug_assert!(index < self.block_count);
        debug_assert!((index + 1) * self.block_size <= self.map.len());
        // SAFETY: index < block_count, so the offset stays inside the
        // mapping of block_count * block_size bytes.
        unsafe { self.map.as_ptr().add(index * self.block_size) }
    }

    fn block_status(&self, index: usize) -> u32 {
        let desc = self.block_ptr(index).cast::<libc::tpacket_block_desc>();
        // SAFETY: every block starts with a tpacket_block_desc written by
        // the kernel; the status word is read volatile because the kernel
        // changes it concurrently.
        let status =
            unsafe { std::ptr::read_volatile(std::ptr::addr_of!((*desc).hdr.bh1.block_status)) };
        // Order the reads of the block's contents after the status read.
        fence(Ordering::Acquire);
        status
    }

    /// Whether the next block has been handed to user space.
    pub fn ready(&self) -> bool {
        self.block_status(self.next) & libc::TP_STATUS_USER != 0
    }

    /// Run `f` on every packet of the next block, if the kernel has handed
    /// it over, then give the block back. `f` returns `false` to stop early
    /// (the rest of the block is discarded). Returns `None` if no block was
    /// ready, else `Some(kept_going)`.
    pub fn with_next_block(&mut self, mut f: impl FnMut(Frame<'_>) -> bool) -> Option<bool> {
        if !self.ready() {
            return None;
        }
        let base = self.block_ptr(self.next);
        let desc = base.cast::<libc::tpacket_block_desc>();
        // SAFETY: the block belongs to user space (TP_STATUS_USER) until we
        // write TP_STATUS_KERNEL back; its descriptor is valid.
        let (num_pkts, first) = unsafe {
            let bh = std::ptr::addr_of!((*desc).hdr.bh1);
            ((*bh).num_pkts, (*bh).offset_to_first_pkt as usize)
        };
        let mut offset = first;
        let mut prefetched = first;
        let mut kept_going = true;
        for _ in 0..num_pkts {
            if offset + HEADROOM_START > self.block_size {
                break; // Corrupt offsets: never read outside the block.
            }
            // Every cache line once, a little ahead of the packet read.
            let ahead = (offset + PREFETCH_AHEAD).min(self.block_size);
            while prefetched < ahead {
                prefetch(base, prefetched);
                prefetched += CACHE_LINE;
            }
            // SAFETY: `offset` is inside this user-owned block and leaves
            // room for a full packet header and sockaddr_ll (checked above).
            let (hdr, addr) = unsafe {
                let p = base.add(offset);
                (
                    std::ptr::read_unaligned(p.cast::<libc::tpacket3_hdr>()),
                    std::ptr::read_unaligned(p.add(SOCKADDR_OFFSET).cast::<libc::sockaddr_ll>()),
                )
            };
            let mac = hdr.tp_mac as usize;
            let end = mac + hdr.tp_snaplen as usize;
            if mac < HEADROOM_START || offset + end > self.block_size {
                break;
            }
            // SAFETY: [offset + HEADROOM_START, offset + end) lies inside
            // the block (checked above), after this packet's header and
            // sockaddr_ll, which were copied out already; frames do not
            // overlap, and the slice dies before the block is released.
            let area = unsafe {
                std::slice::from_raw_parts_mut(
                    base.add(offset + HEADROOM_START),
                    end - HEADROOM_START,
                )
            };
            let info = FrameInfo {
                sec: hdr.tp_sec,
                nsec: hdr.tp_nsec,
                len: hdr.tp_len,
                status: hdr.tp_status,
                vlan_tci: hdr.hv1.tp_vlan_tci as u16,
                vlan_tpid: hdr.hv1.tp_vlan_tpid,
                addr,
            };
            if !f(Frame {
                info,
                area,
                data_start: mac - HEADROOM_START,
            }) {
                kept_going = false;
                break;
            }
            if hdr.tp_next_offset == 0 {
                break;
            }
            offset += hdr.tp_next_offset as usize;
        }
        self.release_next();
        Some(kept_going)
    }

    fn release_next(&mut self) {
        let desc = self.block_ptr(self.next).cast::<libc::tpacket_block_desc>();
        // Our reads (and writes into headroom) happen before the kernel may
        // reuse the block.
        fence(Ordering::Release);
        // SAFETY: the descriptor is valid; handing the block back is a
        // single volatile store of the status word, as the ABI specifies.
        unsafe {
            std::ptr::write_volatile(
                std::ptr::addr_of_mut!((*desc).hdr.bh1.block_status),
                libc::TP_STATUS_KERNEL,
            );
        }
        self.next = (self.next + 1) % self.block_count;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_holds_the_largest_frame_and_fills_the_buffer() {
        let g = RingGeometry::for_buffer(4 * 1024 * 1024, 1600, 100);
        assert_eq!(g.block_size, 1024 * 1024);
        assert_eq!(g.block_count, 4);
        let small = RingGeometry::for_buffer(100 * 1024, 1600, 100);
        assert_eq!(small.block_size, 128 * 1024);
        assert_eq!(small.block_count, 2);
        let big = RingGeometry::for_buffer(2 * 1024 * 1024, 262144, 100);
        assert!(big.block_size as usize >= 262144 + HEADROOM_START);
        assert!(big.block_count >= 2);
        assert_eq!(big.block_size.count_ones(), 1);
    }

    #[test]
    fn headroom_layout_matches_the_kernel_abi() {
        // tpacket3_hdr is 48 bytes, sockaddr_ll 20: TPACKET3_HDRLEN = 68.
        assert_eq!(HEADROOM_START, libc::TPACKET3_HDRLEN);
    }
}
