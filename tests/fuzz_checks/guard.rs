//! Memory between inaccessible guard pages, so that a read one byte
//! before or after a packet, or a jump past the end of generated code,
//! faults at once instead of reading a neighbour's bytes.

use std::ptr::NonNull;

fn page_size() -> usize {
    // SAFETY: sysconf has no memory-safety preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if size > 0 {
        size as usize
    } else {
        4096
    }
}

/// A mapping of `pages` accessible pages with a PROT_NONE page on each
/// side.
struct Mapping {
    base: NonNull<u8>,
    total: usize,
    page: usize,
}

impl Mapping {
    fn new(len: usize) -> Mapping {
        let page = page_size();
        let inner = len.div_ceil(page).max(1) * page;
        let total = inner + 2 * page;
        // SAFETY: an anonymous private mapping at an address of the
        // kernel's choosing; the result is checked before use.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                total,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert!(base != libc::MAP_FAILED, "mmap failed");
        let mapping = Mapping {
            base: NonNull::new(base.cast()).expect("mmap returned a null mapping"),
            total,
            page,
        };
        mapping.protect(libc::PROT_READ | libc::PROT_WRITE);
        mapping
    }

    /// The accessible pages.
    fn inner(&self) -> (*mut u8, usize) {
        // SAFETY: `page` is within the `total` bytes mapped at `base`.
        (
            unsafe { self.base.as_ptr().add(self.page) },
            self.total - 2 * self.page,
        )
    }

    fn protect(&self, prot: libc::c_int) {
        let (start, len) = self.inner();
        // SAFETY: `start..start + len` is page-aligned and inside the
        // mapping this value owns.
        let rc = unsafe { libc::mprotect(start.cast(), len, prot) };
        assert_eq!(rc, 0, "mprotect failed");
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping made in `new`, which no
        // borrow outlives (the owners below tie borrows to `&self`).
        unsafe { libc::munmap(self.base.as_ptr().cast(), self.total) };
    }
}

/// Bytes placed against a guard page: at the end of the accessible
/// pages (a read past the last byte faults) or at their start (a read
/// before the first byte faults).
pub struct GuardedBytes {
    mapping: Mapping,
    offset: usize,
    len: usize,
}

impl GuardedBytes {
    pub fn new(data: &[u8], at_end: bool) -> GuardedBytes {
        let mapping = Mapping::new(data.len());
        let (start, room) = mapping.inner();
        let offset = if at_end { room - data.len() } else { 0 };
        // SAFETY: `offset + data.len() <= room`: the destination is
        // inside the writable pages, and cannot overlap `data`.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), start.add(offset), data.len()) };
        mapping.protect(libc::PROT_READ);
        GuardedBytes {
            mapping,
            offset,
            len: data.len(),
        }
    }

    pub fn as_slice(&self) -> &[u8] {
        let (start, _) = self.mapping.inner();
        // SAFETY: the `len` bytes at `offset` were initialised in `new`,
        // stay mapped readable while `self` lives, and are never written.
        unsafe { std::slice::from_raw_parts(start.add(self.offset), self.len) }
    }
}

/// Machine code ending exactly at a guard page (so running off its end,
/// or jumping before its start, faults), mapped read + execute.
pub struct GuardedCode {
    mapping: Mapping,
    offset: usize,
}

/// The JIT's single-packet function: packet start, end, length on the wire.
type Entry = unsafe extern "sysv64" fn(*const u8, *const u8, u64) -> u64;

impl GuardedCode {
    pub fn new(code: &[u8]) -> GuardedCode {
        let packet = GuardedBytes::new(code, true);
        // Reuse the placement logic, then make the pages executable.
        let GuardedBytes {
            mapping, offset, ..
        } = packet;
        mapping.protect(libc::PROT_READ | libc::PROT_EXEC);
        GuardedCode { mapping, offset }
    }

    /// Call the code as the JIT's single-packet function on `data`.
    ///
    /// # Safety
    /// The code must be what `bpfdump::ebpf::jit::machine_code` made for a
    /// verified program: a complete System V function of the `Entry`
    /// signature that reads only `[start, end)` and its own stack frame.
    /// (Should it not, the guard pages turn a stray access into a fault.)
    pub unsafe fn call(&self, data: &[u8], wire_len: u32) -> u64 {
        let (start, _) = self.mapping.inner();
        // SAFETY: the caller guarantees the code is such a function; it
        // starts at `offset` in the executable pages.
        let entry = unsafe { std::mem::transmute::<*const u8, Entry>(start.add(self.offset)) };
        let range = data.as_ptr_range();
        // SAFETY: as above; `data` is borrowed for the call.
        unsafe { entry(range.start, range.end, wire_len as u64) }
    }
}
