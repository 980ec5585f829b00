//! The timestamp at the start of each line (`-t` .. `-ttttt`).

use super::fmt::{put_i64, put_padded_u64};
use super::PrintOptions;
use crate::packet::{Timestamp, TimestampPrecision};

/// What `-ttt` and `-ttttt` measure from.
#[derive(Debug, Default)]
pub struct TimeState {
    reference: Option<Timestamp>,
    /// The last second converted to local time, and its (h, m, s): packets
    /// come many per second, and localtime_r takes a lock.
    last_local: Option<(i64, libc::tm)>,
}

fn put_frac(out: &mut Vec<u8>, nanos: u32, precision: TimestampPrecision) {
    out.push(b'.');
    let frac = match precision {
        TimestampPrecision::Micro => micros(nanos),
        TimestampPrecision::Nano => nanos,
    };
    put_checked_frac(out, frac as u64, precision);
}

/// A fraction of a second in the precision's width; one out of range (a
/// damaged record) is printed whole and marked, as the snapshot does.
fn put_checked_frac(out: &mut Vec<u8>, frac: u64, precision: TimestampPrecision) {
    let (width, limit, mark): (usize, u64, &[u8]) = match precision {
        TimestampPrecision::Micro => (6, 1_000_000, b" (invalid us)"),
        TimestampPrecision::Nano => (9, 1_000_000_000, b" (invalid ns)"),
    };
    put_padded_u64(out, frac, width, b'0');
    if frac >= limit {
        out.extend_from_slice(mark);
    }
}

/// Microseconds of a nanosecond fraction as the snapshot shows them: the
/// unsigned fraction scaled down, a damaged one (a billion or more) too.
/// (libpcap 1.10 read it as signed: 4.99 printed 2^31 ns and up as a huge
/// number.)
fn micros(nanos: u32) -> u32 {
    nanos / 1000
}

/// Cut nanoseconds to what the precision keeps, as libpcap does when it
/// reads a nanosecond file for a microsecond reader.
fn cut(ts: Timestamp, precision: TimestampPrecision) -> Timestamp {
    match precision {
        TimestampPrecision::Micro => Timestamp {
            secs: ts.secs,
            nanos: ts.nanos / 1000 * 1000,
        },
        TimestampPrecision::Nano => ts,
    }
}

fn put_hms(out: &mut Vec<u8>, h: u64, m: u64, s: u64) {
    put_padded_u64(out, h, 2, b'0');
    out.push(b':');
    put_padded_u64(out, m, 2, b'0');
    out.push(b':');
    put_padded_u64(out, s, 2, b'0');
}

/// Broken-down local time (the TZ environment variable applies).
fn local_time(secs: i64) -> Option<libc::tm> {
    let t: libc::time_t = secs as libc::time_t;
    // SAFETY: localtime_r only writes the tm we pass and reads `t`; a zeroed
    // tm is a valid initial value for the C struct.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            None
        } else {
            Some(tm)
        }
    }
}

/// Seconds since 1970 as local `YYYY-MM-DD HH:MM:SS` (the TZ variable
/// applies), as tcpdump formats dates found in packets.
pub fn put_local_datetime(out: &mut Vec<u8>, secs: i64) {
    match local_time(secs) {
        Some(tm) => {
            put_i64(out, tm.tm_year as i64 + 1900);
            out.push(b'-');
            put_padded_u64(out, (tm.tm_mon + 1) as u64, 2, b'0');
            out.push(b'-');
            put_padded_u64(out, tm.tm_mday as u64, 2, b'0');
            out.push(b' ');
            put_hms(out, tm.tm_hour as u64, tm.tm_min as u64, tm.tm_sec as u64);
        }
        None => {
            out.extend_from_slice(b"[localtime() or gmtime() couldn't convert the date and time]")
        }
    }
}

/// Seconds since 1970 as local time in `ctime` form without the newline
/// (`Thu Jan  1 00:00:01 1970`; the TZ variable applies).
pub fn put_local_ctime(out: &mut Vec<u8>, secs: i64) {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match local_time(secs) {
        Some(tm) => {
            out.extend_from_slice(DAYS[tm.tm_wday.clamp(0, 6) as usize].as_bytes());
            out.push(b' ');
            out.extend_from_slice(MONTHS[tm.tm_mon.clamp(0, 11) as usize].as_bytes());
            out.push(b' ');
            put_padded_u64(out, tm.tm_mday as u64, 2, b' ');
            out.push(b' ');
            put_hms(out, tm.tm_hour as u64, tm.tm_min as u64, tm.tm_sec as u64);
            out.push(b' ');
            put_i64(out, tm.tm_year as i64 + 1900);
        }
        None => {
            out.extend_from_slice(b"[localtime() or gmtime() couldn't convert the date and time]")
        }
    }
}

/// Print the timestamp and the space after it, per `-t` count.
pub fn print(out: &mut Vec<u8>, opts: &PrintOptions, state: &mut TimeState, ts: Timestamp) {
    let ts = cut(ts, opts.precision);
    match opts.timestamp {
        0 => {
            let tm = match state.last_local {
                Some((secs, tm)) if secs == ts.secs => Some(tm),
                _ => {
                    let tm = local_time(ts.secs);
                    state.last_local = tm.map(|tm| (ts.secs, tm));
                    tm
                }
            };
            match tm {
                Some(tm) => put_hms(out, tm.tm_hour as u64, tm.tm_min as u64, tm.tm_sec as u64),
                None => out.extend_from_slice(
                    b"[localtime() or gmtime() couldn't convert the date and time]",
                ),
            }
            put_frac(out, ts.nanos, opts.precision);
            out.push(b' ');
        }
        1 => {}
        2 => {
            // Seconds since the epoch in 64 bits (the snapshot's; 4.99
            // wrapped them at 2^32); none before it.
            if ts.secs < 0 {
                out.extend_from_slice(b"[Error converting time] ");
                return;
            }
            put_i64(out, ts.secs);
            put_frac(out, ts.nanos, opts.precision);
            out.push(b' ');
        }
        4 => {
            match local_time(ts.secs) {
                Some(tm) => {
                    put_i64(out, tm.tm_year as i64 + 1900);
                    out.push(b'-');
                    put_padded_u64(out, (tm.tm_mon + 1) as u64, 2, b'0');
                    out.push(b'-');
                    put_padded_u64(out, tm.tm_mday as u64, 2, b'0');
                    out.push(b' ');
                    put_hms(out, tm.tm_hour as u64, tm.tm_min as u64, tm.tm_sec as u64);
                }
                None => out.extend_from_slice(
                    b"[localtime() or gmtime() couldn't convert the date and time]",
                ),
            }
            put_frac(out, ts.nanos, opts.precision);
            out.push(b' ');
        }
        _ => {
            // -ttt: since the previous packet; -ttttt: since the first.
            let reference = *state.reference.get_or_insert(ts);
            // As tcpdump: seconds and a signed fraction in the printed
            // precision, compared and subtracted field by field.
            let (a, b) = (
                seconds_and_fraction(ts, opts.precision),
                seconds_and_fraction(reference, opts.precision),
            );
            let negative = if a.0 == b.0 { a.1 < b.1 } else { a.0 < b.0 };
            let (secs, frac) = if negative {
                sub(b, a, opts.precision)
            } else {
                sub(a, b, opts.precision)
            };
            out.push(if negative { b'-' } else { b' ' });
            let secs = secs as u64;
            put_hms(out, secs / 3600, secs % 3600 / 60, secs % 60);
            out.push(b'.');
            put_checked_frac(out, frac as u32 as u64, opts.precision);
            out.push(b' ');
            if opts.timestamp == 3 {
                state.reference = Some(ts);
            }
        }
    }
}

/// Seconds and the fraction as the snapshot's libpcap hands them to
/// tcpdump: the unsigned 32-bit field, in micro- or nanoseconds.
fn seconds_and_fraction(ts: Timestamp, precision: TimestampPrecision) -> (i64, i64) {
    let frac = match precision {
        TimestampPrecision::Micro => i64::from(micros(ts.nanos)),
        TimestampPrecision::Nano => i64::from(ts.nanos),
    };
    (ts.secs, frac)
}

/// `a - b`, borrowing one second when the fraction goes negative.
fn sub(a: (i64, i64), b: (i64, i64), precision: TimestampPrecision) -> (i64, i64) {
    let (mut secs, mut frac) = (a.0 - b.0, a.1 - b.1);
    if frac < 0 {
        secs -= 1;
        frac += match precision {
            TimestampPrecision::Micro => 1_000_000,
            TimestampPrecision::Nano => 1_000_000_000,
        };
    }
    (secs, frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(opts: &PrintOptions, state: &mut TimeState, secs: i64, nanos: u32) -> String {
        let mut out = Vec::new();
        print(&mut out, opts, state, Timestamp { secs, nanos });
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn unix_and_delta_formats() {
        let mut st = TimeState::default();
        let tt = PrintOptions {
            timestamp: 2,
            ..Default::default()
        };
        assert_eq!(line(&tt, &mut st, 1000, 1_234_567), "1000.001234 ");
        let ttt = PrintOptions {
            timestamp: 3,
            ..Default::default()
        };
        assert_eq!(line(&ttt, &mut st, 1000, 500_000_000), " 00:00:00.000000 ");
        assert_eq!(line(&ttt, &mut st, 4661, 0), " 01:01:00.500000 ");
        let nano = PrintOptions {
            timestamp: 2,
            precision: TimestampPrecision::Nano,
            ..Default::default()
        };
        assert_eq!(line(&nano, &mut st, 5, 7), "5.000000007 ");
    }
}
