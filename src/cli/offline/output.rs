//! The `-w` output: one file, or a series of files (`-C`, `-G`, `-W`,
//! rotated as tcpdump rotates them); never one of the inputs.

use bpfdump::capture::output::Sink;
use bpfdump::capture::{CaptureWriter, InterfaceInfo, OutputGuard, PacketOptions};
use bpfdump::live::rotate::{RotatingWriter, Written};
use bpfdump::packet::PacketRef;
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::path::Path;

/// What `-w` writes to. (The single file, written packet by packet in the
/// hot loop, is not boxed.)
#[allow(clippy::large_enum_variant)]
pub(super) enum Output {
    Single(CaptureWriter<OutputFile>),
    Rotating(Box<RotatingWriter>),
}

impl Output {
    /// Append one packet captured on the output's `interface` (`now`: the
    /// time, for `-G`); `Ok(false)` when `-G` with `-W` allows no more
    /// files (the packet was not written).
    #[inline]
    pub fn write(
        &mut self,
        interface: u32,
        packet: &PacketRef,
        options: &PacketOptions,
        now: impl Fn() -> i64,
    ) -> io::Result<bool> {
        match self {
            Output::Single(writer) => writer
                .write_with_options(interface, packet, options)
                .map(|_| true),
            Output::Rotating(writer) => {
                Ok(writer.write_on(interface, packet, options, now())? == Written::Ok)
            }
        }
    }

    /// Describe another interface; its number in the output.
    pub fn add_interface(&mut self, interface: &InterfaceInfo) -> io::Result<u32> {
        match self {
            Output::Single(writer) => writer.add_interface(interface),
            Output::Rotating(writer) => writer.add_interface(interface),
        }
    }

    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Single(writer) => writer.flush(),
            Output::Rotating(writer) => writer.flush(),
        }
    }

    /// The single pcap file's buffered writer, to append raw records to.
    pub fn raw(&mut self) -> Option<&mut Sink<OutputFile>> {
        match self {
            Output::Single(writer) => writer.raw(),
            Output::Rotating(_) => None,
        }
    }

    /// Flush what is buffered, and end a compressed stream, one last time.
    pub fn finish(self) -> io::Result<()> {
        match self {
            // A full disk shows as a failed write here at the latest (file
            // systems reserve blocks at write time).
            Output::Single(mut writer) => writer.finish(),
            Output::Rotating(mut writer) => writer.finish(),
        }
    }

    /// After a write error: drop the output without trying to write what
    /// is buffered again (the error has been reported once).
    pub fn abandon(self) {
        match self {
            Output::Single(writer) => writer.abandon(),
            // Dropping flushes, ignoring the error, which is reported.
            Output::Rotating(writer) => drop(writer),
        }
    }
}

/// A closed standard output ends the run quietly, as `| head` expects; any
/// other write failure is an error naming the output.
pub(super) fn write_error(path: &Path, e: io::Error) -> super::Stop {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return super::Stop::Quiet;
    }
    let name = if path.as_os_str() == "-" {
        "standard output".to_string()
    } else {
        path.display().to_string()
    };
    super::Stop::Write(format!("{name}: write error: {}", describe_io(&e)))
}

/// An I/O error as the system describes it ("No space left on device"),
/// without Rust's "(os error 28)".
pub(super) fn describe_io(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => nix::errno::Errno::from_raw(code).desc().to_string(),
        None => e.to_string(),
    }
}

/// Standard output as a plain file, so that our own large buffer is the
/// only one (std's `Stdout` adds a line buffer that splits binary output
/// at newlines).
pub(super) fn stdout_file() -> io::Result<File> {
    let fd = io::stdout().as_fd().try_clone_to_owned()?;
    Ok(File::from(fd))
}

/// The `-w` file. An existing regular file is emptied on a helper thread
/// while the first packets are read and filtered, not before: freeing the
/// page cache of a large earlier output takes a while (27 ms for 95 MB on
/// the benchmark machine, a fifth of a `-w tcp` run over the 3-million-packet
/// capture). Every write waits for the emptying first.
pub(super) struct OutputFile {
    file: File,
    emptying: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl OutputFile {
    /// A sink that needs no emptying (standard output).
    pub fn ready(file: File) -> OutputFile {
        OutputFile {
            file,
            emptying: None,
        }
    }

    /// Create `path`, or open it and have it emptied (as `File::create`
    /// would, but on a helper thread). An input (see [`OutputGuard`]) is
    /// refused before anything is emptied.
    pub fn create(path: &Path, guard: &OutputGuard) -> io::Result<OutputFile> {
        // Emptied below, possibly on another thread.
        let file = guard.open_unemptied(path)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() || metadata.len() == 0 {
            return Ok(OutputFile::ready(file));
        }
        let to_empty = file.try_clone()?;
        let emptying = std::thread::Builder::new()
            .name("bpfdump-truncate".into())
            .spawn(move || to_empty.set_len(0));
        match emptying {
            Ok(handle) => Ok(OutputFile {
                file,
                emptying: Some(handle),
            }),
            // No thread: empty it here.
            Err(_) => file.set_len(0).map(|_| OutputFile::ready(file)),
        }
    }

    /// The file, e.g. to give it to the `-Z` user.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Wait for the emptying, if any.
    fn wait(&mut self) -> io::Result<()> {
        match self.emptying.take() {
            Some(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("emptying the file failed"))),
            None => Ok(()),
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.wait()?;
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.wait()?;
        self.file.flush()
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        // Even when nothing was written, the file ends up empty.
        let _ = self.wait();
    }
}
