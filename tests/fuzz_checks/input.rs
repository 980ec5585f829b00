//! Reading a fuzzer's bytes as a sequence of choices. Past the end every
//! read answers zero, so any input decodes to something.

pub struct Input<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data, at: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.at >= self.data.len()
    }

    pub fn u8(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    /// A number below `n` (0 if `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let v = if n <= 256 {
            self.u8() as usize
        } else if n <= 65536 {
            self.u16() as usize
        } else {
            self.u32() as usize
        };
        v % n
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// The next `n` bytes (fewer at the end).
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let start = self.at.min(self.data.len());
        let end = start.saturating_add(n).min(self.data.len());
        self.at = end.max(self.at);
        &self.data[start..end]
    }

    /// Bytes up to (not including) the next `sep`, or to the end.
    pub fn until(&mut self, sep: u8) -> &'a [u8] {
        let start = self.at.min(self.data.len());
        let rest = &self.data[start..];
        match rest.iter().position(|&b| b == sep) {
            Some(i) => {
                self.at = start + i + 1;
                &rest[..i]
            }
            None => {
                self.at = self.data.len();
                rest
            }
        }
    }

    /// Everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        let start = self.at.min(self.data.len());
        self.at = self.data.len();
        &self.data[start..]
    }
}

/// Up to `max` packets cut from `bytes` (each prefixed by a length byte),
/// and always the empty packet and a few fixed ones, so that even short
/// inputs run the programs on something.
pub fn packets(bytes: &[u8], max: usize) -> Vec<Vec<u8>> {
    let mut input = Input::new(bytes);
    let mut out = vec![Vec::new()];
    while !input.is_empty() && out.len() < max {
        let n = input.u8() as usize;
        let len = if n >= 250 { n * 4 } else { n };
        out.push(input.bytes(len).to_vec());
    }
    out
}
