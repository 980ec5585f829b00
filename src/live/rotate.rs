//! `-C`, `-G` and `-W`: writing a capture into a series of files, named and
//! rotated as tcpdump does.
//!
//! - `-C MB`: before writing a packet, if the current file is larger than
//!   MB × 1,000,000 bytes, start the next file. Files after the first get a
//!   number after the name (`out`, `out1`, `out2`, ...).
//! - `-W N` with `-C`: at most N files, numbered with N's digit count from
//!   the first (`out0`, `out1`, ...), then the numbering wraps and the oldest
//!   is overwritten.
//! - `-G SECONDS`: start a new file every SECONDS; the name is passed
//!   through strftime (`%Y`, `%m`, `%d`, `%H`, `%M`, `%S`, `%s`, `%%`; in
//!   UTC here). With `-W N`, the capture ends after N files. tcpdump counts
//!   the seconds on the clock, also when reading files:
//!   [`RotatingWriter::write_at`] takes the time; [`RotatingWriter::write`]
//!   takes the packet's (the same, capturing live).
//!
//! Each file is complete on its own: pcap or pcapng with every interface
//! described so far, a compressed one with the end of its stream. `-C`
//! counts the bytes before compression.
//!
//! No file is ever opened over one of the inputs (see [`OutputGuard`]).

use crate::capture::{
    CaptureWriter, InterfaceInfo, InterfaceStats, OutputGuard, OutputSpec, PacketOptions,
};
use crate::packet::{PacketRef, TimestampPrecision};
use crate::LinkType;
use std::fs::File;
use std::io;

/// When to start a new file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RotationPolicy {
    /// `-C`, in bytes.
    pub size_limit: Option<u64>,
    /// `-G`, in seconds.
    pub seconds: Option<u64>,
    /// `-W`.
    pub max_files: Option<u32>,
}

impl RotationPolicy {
    pub fn rotates(&self) -> bool {
        self.size_limit.is_some() || self.seconds.is_some()
    }
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Ok,
    /// `-G` with `-W`: the last file is complete; the capture should end
    /// (the packet was not written).
    FileLimitReached,
}

/// A capture split over several files (pcap or pcapng, compressed or
/// not: see [`OutputSpec`]). Every file starts with the header and every
/// interface described so far, so that each stands alone.
pub struct RotatingWriter {
    base: String,
    policy: RotationPolicy,
    spec: OutputSpec,
    /// Every interface described, in order (pcap: the one).
    interfaces: Vec<InterfaceInfo>,
    writer: CaptureWriter<File>,
    /// Number of the current file for `-C`.
    size_index: u32,
    /// Files opened for `-G`.
    time_files: u32,
    /// When the current `-G` interval started (Unix seconds).
    interval_start: Option<i64>,
    path: String,
    /// Records are cut to this length, if set (see
    /// [`crate::capture::PcapWriter::set_truncation`]).
    truncation: Option<u32>,
    guard: OutputGuard,
    /// `-z`: run on each file once it is complete.
    post_rotate: Option<PostRotate>,
}

/// tcpdump's postrotate command: `COMMAND FILE`, run without a shell on
/// each file the rotation closes (not the last one), and not waited for.
struct PostRotate {
    command: String,
    /// Commands started and not yet seen to end (reaped as new ones start).
    running: Vec<std::process::Child>,
}

impl PostRotate {
    fn run(&mut self, file: &str) {
        self.running
            .retain_mut(|c| matches!(c.try_wait(), Ok(None)));
        match std::process::Command::new(&self.command)
            .arg(file)
            .stdin(std::process::Stdio::null())
            .spawn()
        {
            Ok(child) => self.running.push(child),
            Err(e) => eprintln!(
                "bpfdump: -z: cannot run {} {}: {e}",
                crate::quote::user_text(&self.command),
                crate::quote::user_text(file)
            ),
        }
    }
}

impl RotatingWriter {
    /// Open the first pcap file. `now` (Unix seconds) names it for `-G`.
    pub fn create(
        base: &str,
        policy: RotationPolicy,
        linktype: LinkType,
        snaplen: u32,
        precision: TimestampPrecision,
        now: i64,
    ) -> io::Result<RotatingWriter> {
        RotatingWriter::create_guarded(
            base,
            policy,
            linktype,
            snaplen,
            precision,
            now,
            OutputGuard::new(),
        )
    }

    /// [`RotatingWriter::create`], refusing to open (and empty) any file
    /// that is one of the inputs `guard` protects, now or when rotating.
    pub fn create_guarded(
        base: &str,
        policy: RotationPolicy,
        linktype: LinkType,
        snaplen: u32,
        precision: TimestampPrecision,
        now: i64,
        guard: OutputGuard,
    ) -> io::Result<RotatingWriter> {
        let first = InterfaceInfo::new(linktype, snaplen, precision);
        RotatingWriter::create_with(base, policy, &OutputSpec::default(), &first, now, guard)
    }

    /// Open the first file in the format `spec` says, with `first` as
    /// interface 0.
    pub fn create_with(
        base: &str,
        policy: RotationPolicy,
        spec: &OutputSpec,
        first: &InterfaceInfo,
        now: i64,
        guard: OutputGuard,
    ) -> io::Result<RotatingWriter> {
        let path = file_name(base, &policy, 0, now);
        let interfaces = vec![first.clone()];
        let writer = open(&path, spec, &interfaces, None, &guard)?;
        Ok(RotatingWriter {
            base: base.to_string(),
            policy,
            spec: spec.clone(),
            interfaces,
            writer,
            size_index: 0,
            time_files: 1,
            interval_start: policy.seconds.map(|_| now),
            path,
            truncation: None,
            guard,
            post_rotate: None,
        })
    }

    /// `-z COMMAND`: run `COMMAND FILE` on each file once rotation has
    /// completed it.
    pub fn set_post_rotate(&mut self, command: Option<String>) {
        self.post_rotate = command.map(|command| PostRotate {
            command,
            running: Vec::new(),
        });
    }

    /// Cut records to `limit` bytes instead of the snapshot length, in
    /// this file and the next ones (see
    /// [`crate::capture::PcapWriter::set_truncation`]).
    pub fn set_truncation(&mut self, limit: u32) {
        self.truncation = Some(limit);
        self.writer.set_truncation(limit);
    }

    /// Describe another interface (see [`CaptureWriter::add_interface`]),
    /// in this file and the next ones.
    pub fn add_interface(&mut self, interface: &InterfaceInfo) -> io::Result<u32> {
        let id = self.writer.add_interface(interface)?;
        if id as usize == self.interfaces.len() {
            self.interfaces.push(interface.clone());
        }
        Ok(id)
    }

    /// The file being written.
    pub fn current_path(&self) -> &str {
        &self.path
    }

    /// Write a packet, `-G` counting time by the packet's timestamp.
    pub fn write(&mut self, packet: &PacketRef) -> io::Result<Written> {
        self.write_at(packet, packet.timestamp.secs)
    }

    /// Write a packet at time `now` (Unix seconds; only `-G` uses it).
    pub fn write_at(&mut self, packet: &PacketRef, now: i64) -> io::Result<Written> {
        self.write_on(0, packet, &PacketOptions::NONE, now)
    }

    /// Write a packet captured on `interface`, with its pcapng options, at
    /// time `now` (Unix seconds; only `-G` uses it).
    pub fn write_on(
        &mut self,
        interface: u32,
        packet: &PacketRef,
        options: &PacketOptions,
        now: i64,
    ) -> io::Result<Written> {
        if let (Some(g), Some(start)) = (self.policy.seconds, self.interval_start) {
            if now - start >= g as i64 {
                if self.policy.max_files.is_some_and(|w| self.time_files >= w) {
                    return Ok(Written::FileLimitReached);
                }
                self.time_files += 1;
                self.interval_start = Some(now);
                self.size_index = 0;
                self.reopen(now)?;
            }
        }
        if let Some(limit) = self.policy.size_limit {
            if self.writer.bytes_written() > limit {
                self.size_index += 1;
                if self.policy.max_files.is_some_and(|w| self.size_index >= w) {
                    self.size_index = 0;
                }
                self.reopen(now)?;
            }
        }
        self.writer.write_with_options(interface, packet, options)?;
        Ok(Written::Ok)
    }

    fn reopen(&mut self, now: i64) -> io::Result<()> {
        self.writer.finish()?;
        let done = std::mem::replace(
            &mut self.path,
            file_name(&self.base, &self.policy, self.size_index, now),
        );
        if let Some(post) = &mut self.post_rotate {
            post.run(&done);
        }
        self.writer = open(
            &self.path,
            &self.spec,
            &self.interfaces,
            self.truncation,
            &self.guard,
        )?;
        Ok(())
    }

    /// Write statistics for `interface` in the current file (pcapng only).
    pub fn write_statistics(&mut self, interface: u32, stats: &InterfaceStats) -> io::Result<()> {
        self.writer.write_statistics(interface, stats)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }

    /// Complete the current file (see [`CaptureWriter::finish`]).
    pub fn finish(&mut self) -> io::Result<()> {
        self.writer.finish()
    }
}

fn open(
    path: &str,
    spec: &OutputSpec,
    interfaces: &[InterfaceInfo],
    truncation: Option<u32>,
    guard: &OutputGuard,
) -> io::Result<CaptureWriter<File>> {
    let file = guard
        .create(path.as_ref())
        .map_err(|e| io::Error::new(e.kind(), format!("{path}: {e}")))?;
    let (first, rest) = interfaces.split_first().expect("at least one interface");
    let mut writer = CaptureWriter::new(file, spec, first, 1 << 16)?;
    for interface in rest {
        writer.add_interface(interface)?;
    }
    if let Some(limit) = truncation {
        writer.set_truncation(limit);
    }
    Ok(writer)
}

/// The name of file number `index` (tcpdump's `MakeFilename`).
pub fn file_name(base: &str, policy: &RotationPolicy, index: u32, now: i64) -> String {
    let name = if policy.seconds.is_some() {
        strftime_utc(base, now)
    } else {
        base.to_string()
    };
    let width = policy
        .max_files
        .filter(|_| policy.size_limit.is_some())
        .map(|w| w.to_string().len())
        .unwrap_or(0);
    if index == 0 && width == 0 {
        name
    } else {
        format!("{name}{index:0width$}")
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The strftime conversions a rotated file name typically uses.
fn strftime_utc(pattern: &str, t: i64) -> String {
    let (y, mo, d) = civil_from_days(t.div_euclid(86_400));
    let secs = t.rem_euclid(86_400);
    let (h, mi, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&format!("{y:04}")),
            Some('m') => out.push_str(&format!("{mo:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('H') => out.push_str(&format!("{h:02}")),
            Some('M') => out.push_str(&format!("{mi:02}")),
            Some('S') => out.push_str(&format!("{s:02}")),
            Some('s') => out.push_str(&t.to_string()),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::Timestamp;

    #[test]
    fn names_follow_tcpdump() {
        let c = RotationPolicy {
            size_limit: Some(1),
            ..Default::default()
        };
        assert_eq!(file_name("out", &c, 0, 0), "out");
        assert_eq!(file_name("out", &c, 2, 0), "out2");
        let cw = RotationPolicy {
            max_files: Some(10),
            ..c
        };
        assert_eq!(file_name("out", &cw, 0, 0), "out00");
        assert_eq!(file_name("out", &cw, 7, 0), "out07");
        let g = RotationPolicy {
            seconds: Some(60),
            ..Default::default()
        };
        // 2021-03-04 05:06:07 UTC
        assert_eq!(
            file_name("cap-%Y%m%d-%H%M%S.pcap", &g, 0, 1_614_834_367),
            "cap-20210304-050607.pcap"
        );
        assert_eq!(strftime_utc("%s %% %q", 5), "5 % %q");
    }

    #[test]
    fn size_rotation_wraps_after_w_files() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("r").to_str().unwrap().to_string();
        let policy = RotationPolicy {
            size_limit: Some(100),
            seconds: None,
            max_files: Some(3),
        };
        let mut w = RotatingWriter::create(
            &base,
            policy,
            LinkType::ETHERNET,
            65535,
            TimestampPrecision::Micro,
            0,
        )
        .unwrap();
        let data = [0u8; 60];
        let p = PacketRef {
            timestamp: Timestamp { secs: 1, nanos: 0 },
            wire_len: 60,
            data: &data,
        };
        let mut paths = Vec::new();
        for _ in 0..8 {
            assert_eq!(w.write(&p).unwrap(), Written::Ok);
            paths.push(w.current_path().rsplit('/').next().unwrap().to_string());
        }
        w.finish().unwrap();
        // 24 + 2 × 76 = 176 > 100 after two packets: two per file.
        assert_eq!(paths, ["r0", "r0", "r1", "r1", "r2", "r2", "r0", "r0"]);
        for n in ["r0", "r1", "r2"] {
            let len = std::fs::metadata(dir.path().join(n)).unwrap().len();
            assert_eq!(len, 24 + 2 * (16 + 60), "{n}");
        }
    }

    #[test]
    fn time_rotation_stops_after_w_files() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("t-%s").to_str().unwrap().to_string();
        let policy = RotationPolicy {
            size_limit: None,
            seconds: Some(10),
            max_files: Some(2),
        };
        let mut w = RotatingWriter::create(
            &base,
            policy,
            LinkType::ETHERNET,
            65535,
            TimestampPrecision::Micro,
            100,
        )
        .unwrap();
        let data = [0u8; 20];
        let at = |secs| PacketRef {
            timestamp: Timestamp { secs, nanos: 0 },
            wire_len: 20,
            data: &data,
        };
        assert_eq!(w.write(&at(105)).unwrap(), Written::Ok);
        assert_eq!(w.write(&at(111)).unwrap(), Written::Ok);
        assert!(w.current_path().ends_with("t-111"));
        assert_eq!(w.write(&at(125)).unwrap(), Written::FileLimitReached);
    }
}
