//! Packets handed to an engine many at a time (see
//! `engine::PacketFilter::run_batch`), so that the engines loop over them
//! without a call per packet.

/// One packet of a batch: the captured bytes and the length on the wire,
/// laid out for the JIT's generated loop (which reads the first three
/// fields), and read as a slice by the interpreters.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct BatchPacket<'a> {
    // Read by the machine code: offsets 0, 8 and 16.
    start: *const u8,
    end: *const u8,
    wire_len: u64,
    data: &'a [u8],
}

impl<'a> BatchPacket<'a> {
    pub fn new(data: &'a [u8], wire_len: u32) -> Self {
        let range = data.as_ptr_range();
        BatchPacket {
            start: range.start,
            end: range.end,
            wire_len: wire_len as u64,
            data,
        }
    }
    pub fn data(&self) -> &'a [u8] {
        self.data
    }
    pub fn wire_len(&self) -> u32 {
        self.wire_len as u32
    }
}

// SAFETY (of the auto-trait impls): the raw pointers only mirror `data`,
// a shared borrow, which is Send and Sync itself.
unsafe impl Send for BatchPacket<'_> {}
unsafe impl Sync for BatchPacket<'_> {}
