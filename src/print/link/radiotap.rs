//! Radiotap (LINKTYPE_IEEE802_11_RADIOTAP, 127): the capture-time radio
//! information before an 802.11 frame. The presence words come first;
//! the fields follow in presence-bit order, each aligned to its first
//! member's size counted from the start of the header. A field this
//! printer does not know ends the walk (its size is unknown), as in
//! tcpdump; a vendor namespace's data is skipped by its stated length.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// Alignment and size of the fields of the radiotap namespace, by bit;
/// (0, 0): a field tcpdump does not know (TX flags, RTS and data
/// retries). The dB TX attenuation is read as a single byte.
const FIELDS: [(usize, usize); 22] = [
    (8, 8),  // 0 TSFT
    (1, 1),  // 1 flags
    (1, 1),  // 2 rate
    (2, 4),  // 3 channel
    (1, 2),  // 4 FHSS
    (1, 1),  // 5 dBm antenna signal
    (1, 1),  // 6 dBm antenna noise
    (2, 2),  // 7 lock quality
    (2, 2),  // 8 TX attenuation
    (1, 1),  // 9 dB TX attenuation
    (1, 1),  // 10 dBm TX power
    (1, 1),  // 11 antenna
    (1, 1),  // 12 dB antenna signal
    (1, 1),  // 13 dB antenna noise
    (2, 2),  // 14 RX flags
    (0, 0),  // 15 TX flags
    (0, 0),  // 16 RTS retries
    (0, 0),  // 17 data retries
    (4, 8),  // 18 XChannel
    (1, 3),  // 19 MCS
    (4, 8),  // 20 A-MPDU status
    (2, 12), // 21 VHT
];

const BIT_MCS: u32 = 19;
const BIT_XCHANNEL: u32 = 18;
/// Presence bits every word shares: radiotap namespace next, vendor
/// namespace next, another word follows.
const NS_RADIOTAP: u32 = 1 << 29;
const NS_VENDOR: u32 = 1 << 30;
const EXT: u32 = 1 << 31;

const FLAG_FCS: u8 = 0x10;
const FLAG_DATAPAD: u8 = 0x20;

/// Names of the flags bits shown, in order.
const FLAG_NAMES: [(u8, &str); 5] = [
    (0x01, "cfp "),
    (0x02, "short preamble "),
    (0x04, "wep "),
    (0x08, "fragmented "),
    (0x40, "bad-fcs "),
];

/// Coded bits per subcarrier of one spatial stream, by modulation:
/// BPSK, QPSK, 16-QAM, 64-QAM.
const BPSK: u8 = 1;
const QPSK: u8 = 2;
const QAM16: u8 = 4;
const QAM64: u8 = 6;

/// The equal-modulation HT MCSs 0-7 (and each further group of 8 with
/// one more stream): modulation and coding rate (numerator, denominator).
const HT_EQUAL: [(u8, u8, u8); 8] = [
    (BPSK, 1, 2),
    (QPSK, 1, 2),
    (QPSK, 3, 4),
    (QAM16, 1, 2),
    (QAM16, 3, 4),
    (QAM64, 2, 3),
    (QAM64, 3, 4),
    (QAM64, 5, 6),
];

/// The unequal-modulation HT MCSs 33-76: the streams' modulations; the
/// first half of each stream count's group is coded at 1/2, the second
/// at 3/4 (listed once: MCS 33-35, 39-45, 53-64).
const HT_UNEQUAL_2: [[u8; 2]; 3] = [[QAM16, QPSK], [QAM64, QPSK], [QAM64, QAM16]];
const HT_UNEQUAL_3: [[u8; 3]; 7] = [
    [QAM16, QPSK, QPSK],
    [QAM16, QAM16, QPSK],
    [QAM64, QPSK, QPSK],
    [QAM64, QAM16, QPSK],
    [QAM64, QAM16, QAM16],
    [QAM64, QAM64, QPSK],
    [QAM64, QAM64, QAM16],
];
const HT_UNEQUAL_4: [[u8; 4]; 12] = [
    [QAM16, QPSK, QPSK, QPSK],
    [QAM16, QAM16, QPSK, QPSK],
    [QAM16, QAM16, QAM16, QPSK],
    [QAM64, QPSK, QPSK, QPSK],
    [QAM64, QAM16, QPSK, QPSK],
    [QAM64, QAM16, QAM16, QPSK],
    [QAM64, QAM16, QAM16, QAM16],
    [QAM64, QAM64, QPSK, QPSK],
    [QAM64, QAM64, QAM16, QPSK],
    [QAM64, QAM64, QAM16, QAM16],
    [QAM64, QAM64, QAM64, QPSK],
    [QAM64, QAM64, QAM64, QAM16],
];

/// Highest HT MCS index with a rate.
const MAX_MCS: u8 = 76;

/// Coded bits per subcarrier summed over the streams, and the coding
/// rate, of an HT MCS (not 32, the duplicate format).
fn ht_mcs_bits(index: u8) -> (u32, u32, u32) {
    let sum = |m: &[u8]| m.iter().map(|&b| b as u32).sum::<u32>();
    let unequal = |i: usize, half: usize, m: u32| {
        let (num, den) = if i < half { (1, 2) } else { (3, 4) };
        (m, num, den)
    };
    match index {
        0..=31 => {
            let (m, num, den) = HT_EQUAL[(index % 8) as usize];
            (m as u32 * (index as u32 / 8 + 1), num as u32, den as u32)
        }
        33..=38 => {
            let i = (index - 33) as usize;
            unequal(i, 3, sum(&HT_UNEQUAL_2[i % 3]))
        }
        39..=52 => {
            let i = (index - 39) as usize;
            unequal(i, 7, sum(&HT_UNEQUAL_3[i % 7]))
        }
        _ => {
            let i = index.saturating_sub(53) as usize;
            unequal(i, 12, sum(&HT_UNEQUAL_4[i % 12]))
        }
    }
}

/// The HT data rate in tenths of Mb/s (0: none, MCS 32 at 20 MHz):
/// data bits per OFDM symbol over 4 µs, or 3.6 µs with a short guard
/// interval, rounded.
fn ht_rate(index: u8, forty: bool, short_gi: bool) -> u32 {
    let dbps = if index == 32 {
        // Duplicate format: BPSK 1/2 over 48 subcarriers, 40 MHz only.
        if !forty {
            return 0;
        }
        24
    } else {
        let (bits, num, den) = ht_mcs_bits(index);
        let subcarriers = if forty { 108 } else { 52 };
        subcarriers * bits * num / den
    };
    if short_gi {
        (dbps * 100 + 18) / 36
    } else {
        (dbps * 10 + 2) / 4
    }
}

/// VHT bandwidth codes (tcpdump's names, one of them doubled).
const VHT_BANDWIDTHS: [&str; 26] = [
    "20 MHz",
    "40 MHz",
    "20 MHz (L)",
    "20 MHz (U)",
    "80 MHz",
    "80 MHz (L)",
    "80 MHz (U)",
    "80 MHz (LL)",
    "80 MHz (LU)",
    "80 MHz (UL)",
    "80 MHz (UU)",
    "160 MHz",
    "160 MHz (L)",
    "160 MHz (U)",
    "160 MHz (LL)",
    "160 MHz (LU)",
    "160 MHz (UL)",
    "160 MHz (UU)",
    "160 MHz (LLL)",
    "160 MHz (LLU)",
    "160 MHz (LUL)",
    "160 MHz (UUU)",
    "160 MHz (ULL)",
    "160 MHz (ULU)",
    "160 MHz (UUL)",
    "160 MHz (UUU)",
];

const HT_BANDWIDTHS: [&str; 4] = ["20 MHz", "40 MHz", "20 MHz (L)", "20 MHz (U)"];

/// `%.1f` of tenths.
fn tenths(cx: &mut Ctx, v: u32) {
    cx.u((v / 10) as u64);
    cx.b(b'.');
    cx.u((v % 10) as u64);
}

/// Channel flags.
const CH_TURBO: u32 = 0x10;
const CH_CCK: u32 = 0x20;
const CH_OFDM: u32 = 0x40;
const CH_2GHZ: u32 = 0x80;
const CH_5GHZ: u32 = 0x100;
const CH_DYN: u32 = 0x400;
const CH_GFSK: u32 = 0x800;
const CH_HALF: u32 = 0x4000;
const CH_QUARTER: u32 = 0x8000;
/// The HT channel kinds, in the order they are tested.
const CH_HT: [(u32, &str); 3] = [
    (0x10000, " ht/20"),
    (0x40000, " ht/40-"),
    (0x20000, " ht/40+"),
];

/// Frequency and channel flags: `2412 MHz 11g `; with an MCS field in the
/// same presence word the PHY is 11n, whatever the flags say.
fn chaninfo(cx: &mut Ctx, freq: u16, flags: u32, present: u32) {
    cx.u(freq as u64);
    cx.s(" MHz");
    let is = |m: u32| flags & m == m;
    let width = |cx: &mut Ctx| {
        if flags & CH_HALF != 0 {
            cx.s("/10Mhz");
        } else if flags & CH_QUARTER != 0 {
            cx.s("/5Mhz");
        }
    };
    if present & (1 << BIT_MCS) != 0 {
        cx.s(" 11n");
    } else {
        if is(CH_2GHZ | CH_GFSK) {
            cx.s(" FHSS");
        }
        if is(CH_5GHZ | CH_OFDM) {
            cx.s(" 11a");
            width(cx);
        }
        if is(CH_2GHZ | CH_OFDM) || is(CH_2GHZ | CH_DYN) {
            cx.s(" 11g");
            width(cx);
        } else if is(CH_2GHZ | CH_CCK) {
            cx.s(" 11b");
        }
        if flags & CH_TURBO != 0 {
            cx.s(" Turbo");
        }
    }
    if let Some(&(_, name)) = CH_HT.iter().find(|h| flags & h.0 != 0) {
        cx.s(name);
    }
    cx.b(b' ');
}

fn mcs(cx: &mut Ctx, f: &[u8]) {
    let (known, flags, index) = (f[0], f[1], f[2]);
    let bw = flags & 0x03;
    let short_gi = flags & 0x04 != 0;
    if known & 0x02 != 0 {
        // A rate when the index is in range and the bandwidth or the
        // guard interval is known.
        let rate = if index <= MAX_MCS && known & 0x05 != 0 {
            ht_rate(index, bw == 1, short_gi)
        } else {
            0
        };
        if rate != 0 {
            tenths(cx, rate);
            cx.s(" Mb/s ");
        }
        cx.s("MCS ");
        cx.u(index as u64);
        cx.b(b' ');
    }
    if known & 0x01 != 0 {
        cx.s(HT_BANDWIDTHS[bw as usize]);
        cx.b(b' ');
    }
    if known & 0x04 != 0 {
        cx.s(if short_gi { "short GI " } else { "long GI " });
    }
    if known & 0x08 != 0 {
        cx.s(if flags & 0x08 != 0 {
            "greenfield "
        } else {
            "mixed "
        });
    }
    if known & 0x10 != 0 {
        cx.s(if flags & 0x10 != 0 {
            "LDPC FEC "
        } else {
            "BCC FEC "
        });
    }
    if known & 0x20 != 0 {
        cx.s("RX-STBC");
        cx.u(((flags >> 5) & 0x03) as u64);
        cx.b(b' ');
    }
}

fn vht(cx: &mut Ctx, f: &[u8]) {
    let known = u16::from_le_bytes([f[0], f[1]]);
    let (flags, bw, coding) = (f[2], f[3] & 0x1f, f[8]);
    for user in 0..4 {
        let m = f[4 + user];
        if m & 0x0f == 0 {
            continue;
        }
        cx.s("User ");
        cx.u(user as u64);
        cx.s(" MCS ");
        cx.u((m >> 4) as u64);
        cx.b(b' ');
        cx.s(if coding & (1 << user) != 0 {
            "LDPC FEC "
        } else {
            "BCC FEC "
        });
    }
    if known & 0x40 != 0 {
        match VHT_BANDWIDTHS.get(bw as usize) {
            Some(name) => cx.s(name),
            None => {
                cx.s("unknown (");
                cx.u(bw as u64);
                cx.b(b')');
            }
        }
        cx.b(b' ');
    }
    if known & 0x04 != 0 {
        cx.s(if flags & 0x04 != 0 {
            "short GI "
        } else {
            "long GI "
        });
    }
}

/// The reader over the header: the offset of the next byte, aligned from
/// the header's start, and the header's length.
struct Walk<'a> {
    hdr: &'a [u8],
    at: usize,
}

impl<'a> Walk<'a> {
    /// `size` bytes at the next multiple of `align`, or none when they
    /// pass the header's end (the offset is then left as it is).
    fn take(&mut self, align: usize, size: usize) -> Option<&'a [u8]> {
        let start = self.at.div_ceil(align) * align;
        let f = self.hdr.get(start..start + size)?;
        self.at = start + size;
        Some(f)
    }
}

/// The fields of one presence word of the radiotap namespace (bits `base`
/// on); `false` when the walk cannot go on.
fn namespace_word(cx: &mut Ctx, wk: &mut Walk, w: u32, base: u32, flags: &mut u8) -> bool {
    for bit in (0..29u32).filter(|b| w & (1 << b) != 0) {
        let n = base + bit;
        let Some(&(align, size)) = FIELDS.get(n as usize).filter(|f| f.1 != 0) else {
            cx.s("[bit ");
            cx.u(n as u64);
            cx.s("] ");
            return false;
        };
        let Some(f) = wk.take(align, size) else {
            cx.trunc_marker();
            return false;
        };
        field(cx, n, f, flags, w);
    }
    true
}

/// A vendor namespace's header (OUI, sub-namespace, then the length of
/// its data, 2-aligned); the length to skip, or none (marked) when cut.
/// Room is checked from the next 2-aligned offset, but the OUI is read
/// from where the walk is; what fits of it is consumed.
fn vendor_header(cx: &mut Ctx, wk: &mut Walk) -> Option<usize> {
    let read = |wk: &mut Walk| {
        if wk.at.div_ceil(2) * 2 + 2 > wk.hdr.len() {
            return None;
        }
        for _ in 0..4 {
            wk.take(1, 1)?;
        }
        wk.take(2, 2)
            .map(|l| u16::from_le_bytes([l[0], l[1]]) as usize)
    };
    let n = read(wk);
    if n.is_none() {
        cx.trunc_marker();
    }
    n
}

pub fn radiotap(cx: &mut Ctx, d: &[u8], length: usize, ll_len: &mut usize) -> R {
    cx.proto = "802.11_radio";
    // A header cut short or inconsistent: the marker, and no dump.
    let give_up = |cx: &mut Ctx, ll_len: &mut usize| {
        cx.trunc_marker();
        *ll_len = d.len();
        Ok(())
    };
    let Some(h) = d.get(0..8) else {
        return give_up(cx, ll_len);
    };
    let hlen = u16::from_le_bytes([h[2], h[3]]) as usize;
    if hlen < 8 || d.len() < hlen {
        return give_up(cx, ll_len);
    }
    let hdr = &d[..hlen];
    // The presence words, each while the last one says another follows.
    let mut words = Vec::new();
    let mut at = 4;
    loop {
        let Some(b) = hdr.get(at..at + 4) else {
            return give_up(cx, ll_len);
        };
        let w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        words.push(w);
        at += 4;
        if w & EXT == 0 {
            break;
        }
    }
    let mut wk = Walk { hdr, at };
    let mut flags = 0u8;
    let mut vendor = false;
    let mut skip = 0usize;
    // Bit numbers continue from word to word within a namespace.
    let mut base = 0u32;
    for &w in words.iter() {
        if vendor {
            if wk.at + skip > hlen {
                break;
            }
            wk.at += skip;
            skip = 0;
        } else if !namespace_word(cx, &mut wk, w, base, &mut flags) {
            break;
        }
        match w & (NS_RADIOTAP | NS_VENDOR) {
            0 => base += 32,
            NS_RADIOTAP => {
                base = 0;
                vendor = false;
                skip = 0;
            }
            NS_VENDOR => {
                base = 0;
                vendor = true;
                if let Some(n) = vendor_header(cx, &mut wk) {
                    skip = n;
                }
            }
            // Both: undefined, ignored.
            _ => {}
        }
    }
    *ll_len = hlen;
    let fcs = if flags & FLAG_FCS != 0 { 4 } else { 0 };
    let frame = &d[hlen..];
    let Some(len) = (length - hlen).checked_sub(fcs) else {
        cx.proto = "802.11";
        cx.trunc_marker();
        *ll_len = d.len();
        return Ok(());
    };
    // Without the check sequence, no more was captured than is left.
    let caplen = frame.len().min(len);
    let mut inner = 0;
    dispatch::ieee80211(
        cx,
        &frame[..caplen],
        len,
        flags & FLAG_DATAPAD != 0,
        &mut inner,
    )?;
    *ll_len = hlen + inner;
    Ok(())
}

fn field(cx: &mut Ctx, bit: u32, f: &[u8], flags: &mut u8, w: u32) {
    let le16 = |i: usize| u16::from_le_bytes([f[i], f[i + 1]]);
    let signed = |cx: &mut Ctx, v: i64, unit: &str| {
        fmt::put_i64(cx.out, v);
        cx.s(unit);
    };
    match bit {
        0 => {
            let v = u64::from_le_bytes([f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]]);
            cx.u(v);
            cx.s("us tsft ");
        }
        1 => {
            *flags = f[0];
            for (b, name) in FLAG_NAMES {
                if f[0] & b != 0 {
                    cx.s(name);
                }
            }
        }
        2 => {
            let r = f[0];
            if (0x80..=0x8f).contains(&r) {
                // An MCS index (legacy encoding).
                cx.s("MCS ");
                cx.u((r & 0x7f) as u64);
                cx.b(b' ');
            } else {
                tenths(cx, r as u32 * 5);
                cx.s(" Mb/s ");
            }
        }
        // With an XChannel field, that one is shown instead.
        3 if w & (1 << BIT_XCHANNEL) == 0 => chaninfo(cx, le16(0), le16(2) as u32, w),
        4 => {
            cx.s("fhset ");
            cx.u(f[0] as u64);
            cx.s(" fhpat ");
            cx.u(f[1] as u64);
            cx.b(b' ');
        }
        5 => signed(cx, f[0] as i8 as i64, "dBm signal "),
        6 => signed(cx, f[0] as i8 as i64, "dBm noise "),
        7 => {
            cx.u(le16(0) as u64);
            cx.s(" sq ");
        }
        8 => signed(cx, -(le16(0) as i16 as i64), " tx power "),
        9 => signed(cx, -(f[0] as i8 as i64), "dB tx attenuation "),
        10 => signed(cx, f[0] as i8 as i64, "dBm tx power "),
        11 => {
            cx.s("antenna ");
            cx.u(f[0] as u64);
            cx.b(b' ');
        }
        12 => {
            cx.u(f[0] as u64);
            cx.s("dB signal ");
        }
        13 => {
            cx.u(f[0] as u64);
            cx.s("dB noise ");
        }
        18 => {
            let fl = u32::from_le_bytes([f[0], f[1], f[2], f[3]]);
            chaninfo(cx, le16(4), fl, w);
        }
        19 => mcs(cx, f),
        21 => vht(cx, f),
        // RX flags, A-MPDU status: read, not shown.
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::ht_rate;

    #[test]
    fn ht_rates() {
        assert_eq!(ht_rate(0, false, false), 65);
        assert_eq!(ht_rate(0, false, true), 72);
        assert_eq!(ht_rate(7, true, true), 1500);
        assert_eq!(ht_rate(31, false, false), 2600);
        assert_eq!(ht_rate(32, true, true), 67);
        assert_eq!(ht_rate(32, false, false), 0);
        assert_eq!(ht_rate(33, false, false), 390);
        assert_eq!(ht_rate(76, true, true), 4950);
    }
}
