//! Radiotap (LINKTYPE_IEEE802_11_RADIOTAP, 127): the capture-time radio
//! information before an 802.11 frame. Fields are walked in presence-bit
//! order with their natural alignment; a field this printer does not know
//! ends the walk (its size is unknown), as in tcpdump.

use crate::print::core::prelude::*;
use crate::print::dispatch;

/// Alignment and size of the fields of the radiotap namespace, by bit.
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
    (2, 2),  // 9 dB TX attenuation
    (1, 1),  // 10 dBm TX power
    (1, 1),  // 11 antenna
    (1, 1),  // 12 dB antenna signal
    (1, 1),  // 13 dB antenna noise
    (2, 2),  // 14 RX flags
    (0, 0),  // 15 TX flags (not known to tcpdump)
    (0, 0),  // 16 RTS retries (idem)
    (0, 0),  // 17 data retries (idem)
    (4, 8),  // 18 XChannel
    (1, 3),  // 19 MCS
    (4, 8),  // 20 A-MPDU status
    (2, 12), // 21 VHT
];

const FLAG_FCS: u8 = 0x10;
const FLAG_DATAPAD: u8 = 0x20;

/// HT rates (Mb/s × 10) of MCS 0-7 for one spatial stream, by 20/40 MHz
/// and long/short guard interval.
const HT_RATES: [[[u32; 8]; 2]; 2] = [
    [
        [65, 130, 195, 260, 390, 520, 585, 650],
        [72, 144, 217, 289, 433, 578, 650, 722],
    ],
    [
        [135, 270, 405, 540, 810, 1080, 1215, 1350],
        [150, 300, 450, 600, 900, 1200, 1350, 1500],
    ],
];

/// `%.1f` of tenths.
fn tenths(cx: &mut Ctx, v: u32) {
    cx.u((v / 10) as u64);
    cx.b(b'.');
    cx.u((v % 10) as u64);
}

/// Frequency and channel flags: `2412 MHz 11g`.
fn chaninfo(cx: &mut Ctx, freq: u16, flags: u32) {
    cx.u(freq as u64);
    cx.s(" MHz");
    const TURBO: u32 = 0x10;
    const CCK: u32 = 0x20;
    const OFDM: u32 = 0x40;
    const GHZ2: u32 = 0x80;
    const GHZ5: u32 = 0x100;
    const DYN: u32 = 0x400;
    const GFSK: u32 = 0x800;
    const HALF: u32 = 0x4000;
    const QUARTER: u32 = 0x8000;
    let is = |m: u32| flags & m == m;
    let width = |cx: &mut Ctx| {
        if flags & HALF != 0 {
            cx.s("/10Mhz");
        } else if flags & QUARTER != 0 {
            cx.s("/5Mhz");
        }
    };
    if is(GHZ2 | GFSK) {
        cx.s(" FHSS");
    }
    if is(GHZ5 | OFDM) {
        cx.s(" 11a");
        width(cx);
    }
    if is(GHZ2 | OFDM) || is(GHZ2 | DYN) {
        cx.s(" 11g");
        width(cx);
    } else if is(GHZ2 | CCK) {
        cx.s(" 11b");
    }
    if flags & TURBO != 0 {
        cx.s(" Turbo");
    }
    if flags & 0x10000 != 0 {
        cx.s(" ht/20");
    } else if flags & 0x20000 != 0 {
        cx.s(" ht/40+");
    } else if flags & 0x40000 != 0 {
        cx.s(" ht/40-");
    }
    cx.b(b' ');
}

fn mcs(cx: &mut Ctx, f: &[u8]) {
    let (known, flags, index) = (f[0], f[1], f[2]);
    let bw = flags & 0x03;
    if known & 0x02 != 0 && index < 32 && known & 0x01 != 0 && known & 0x04 != 0 && bw <= 1 {
        let gi = ((flags >> 2) & 1) as usize;
        let streams = index as u32 / 8 + 1;
        let rate = HT_RATES[bw as usize][gi][(index % 8) as usize] * streams;
        tenths(cx, rate);
        cx.s(" Mb/s ");
    }
    if known & 0x02 != 0 {
        cx.s("MCS ");
        cx.u(index as u64);
        cx.b(b' ');
    }
    if known & 0x01 != 0 {
        cx.s(match bw {
            0 => "20 MHz ",
            1 => "40 MHz ",
            2 => "20 MHz (L) ",
            _ => "20 MHz (U) ",
        });
    }
    if known & 0x04 != 0 {
        cx.s(if flags & 0x04 != 0 {
            "short GI "
        } else {
            "long GI "
        });
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
        let name = match bw {
            0 => "20 MHz",
            1..=3 => "40 MHz",
            4..=10 => "80 MHz",
            11..=25 => "160 MHz",
            _ => "",
        };
        if !name.is_empty() {
            cx.s(name);
            cx.b(b' ');
        }
    }
    if known & 0x04 != 0 {
        cx.s(if flags & 0x04 != 0 {
            "short GI "
        } else {
            "long GI "
        });
    }
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
    // The presence words.
    let mut words = Vec::new();
    let mut at = 4;
    loop {
        let Some(w) = d
            .get(at..at + 4)
            .filter(|_| at + 4 <= hlen)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        else {
            return give_up(cx, ll_len);
        };
        words.push(w);
        at += 4;
        if w & 0x8000_0000 == 0 {
            break;
        }
    }
    let hdr = &d[..hlen];
    let mut flags = 0u8;
    // Whether the current word belongs to the radiotap namespace.
    let mut radiotap_ns = true;
    // Bit numbers continue from word to word within a namespace.
    let mut base = 0u32;
    'words: for &w in words.iter() {
        if radiotap_ns {
            for bit in 0..29u32 {
                if w & (1 << bit) == 0 {
                    continue;
                }
                let n = base + bit;
                let Some(&(align, size)) = FIELDS.get(n as usize).filter(|f| f.1 != 0) else {
                    cx.s("[bit ");
                    cx.u(n as u64);
                    cx.s("] ");
                    break 'words;
                };
                at = at.div_ceil(align) * align;
                let Some(f) = hdr.get(at..at + size) else {
                    cx.s(" [|802.11_radio]");
                    break 'words;
                };
                at += size;
                field(cx, n, f, &mut flags, w);
            }
        }
        base += 32;
        if w & 0x2000_0000 != 0 {
            radiotap_ns = true;
            base = 0;
        } else if w & 0x4000_0000 != 0 {
            // A vendor namespace: its OUI, sub-namespace and the length
            // of its data, all skipped.
            radiotap_ns = false;
            base = 0;
            at = at.div_ceil(2) * 2;
            let Some(v) = hdr.get(at..at + 6) else {
                cx.s(" [|802.11_radio]");
                break;
            };
            at += 6 + u16::from_le_bytes([v[4], v[5]]) as usize;
        }
    }
    *ll_len = hlen;
    let fcs = if flags & FLAG_FCS != 0 { 4 } else { 0 };
    let frame = &d[hlen..];
    let len = length.saturating_sub(hlen).saturating_sub(fcs);
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
    match bit {
        0 => {
            let v = u64::from_le_bytes([f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]]);
            cx.u(v);
            cx.s("us tsft ");
        }
        1 => {
            *flags = f[0];
            for (b, name) in [
                (0x01, "cfp "),
                (0x02, "short preamble "),
                (0x04, "wep "),
                (0x08, "fragmented "),
                (0x40, "bad-fcs "),
            ] {
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
        3 if w & (1 << 18) == 0 => chaninfo(cx, le16(0), le16(2) as u32),
        4 => {
            cx.s("fhset ");
            cx.u(f[0] as u64);
            cx.s(" fhpat ");
            cx.u(f[1] as u64);
            cx.b(b' ');
        }
        5 => {
            fmt::put_i64(cx.out, f[0] as i8 as i64);
            cx.s("dBm signal ");
        }
        6 => {
            fmt::put_i64(cx.out, f[0] as i8 as i64);
            cx.s("dBm noise ");
        }
        7 => {
            cx.u(le16(0) as u64);
            cx.s(" sq ");
        }
        8 => {
            fmt::put_i64(cx.out, -(le16(0) as i64));
            cx.s(" tx power ");
        }
        9 => {
            fmt::put_i64(cx.out, -(le16(0) as i64));
            cx.s("dB tx attenuation ");
        }
        10 => {
            fmt::put_i64(cx.out, f[0] as i8 as i64);
            cx.s("dBm tx power ");
        }
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
            chaninfo(cx, le16(4), fl);
        }
        19 => mcs(cx, f),
        21 => vht(cx, f),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ht_rates() {
        // MCS 31, 20 MHz, long GI: 4 streams of 65 Mb/s.
        assert_eq!(super::HT_RATES[0][0][7] * 4, 2600);
        assert_eq!(super::HT_RATES[1][1][7], 1500);
    }
}
