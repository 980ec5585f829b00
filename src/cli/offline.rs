//! `-r FILE` / `-V LISTFILE`: filter capture files, then write the matching
//! packets (`-w`), count them (`--count`) or print them.
//!
//! The hot loop takes records straight out of the reader's buffer (no copy,
//! no allocation per packet), runs the compiled filter of the record's link
//! type, and appends matches to a large output buffer.

use super::args::{Args, TimePrecision};
use bpfdump::capture::{CaptureError, CaptureReader, Chunk, ParallelPcap, PcapWriter};
use bpfdump::engine::{EngineKind, PacketFilter};
use bpfdump::packet::TimestampPrecision;
use bpfdump::print::Printer;
use bpfdump::{compile_filter, LinkType};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::ops::Range;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output buffer size: large writes keep the system-call count low.
const OUTPUT_BUFFER: usize = 1 << 20;
/// Runs of raw records at least this long are written directly, bypassing
/// the output buffer.
const DIRECT_WRITE: usize = 64 << 10;
/// How often (in packets) the progress bar is updated.
const PROGRESS_EVERY: u64 = 1 << 16;

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let inputs = input_files(args)?;
    let expression = args.filter_text()?;
    let mut run = OfflineRun::new(args, expression)?;
    let mut status = ExitCode::SUCCESS;
    for input in &inputs {
        match run.process_file(input) {
            Ok(Flow::Continue) => {}
            Ok(Flow::Stop) => break,
            Err(Stop::Quiet) => return Ok(ExitCode::SUCCESS),
            Err(Stop::Failed(message)) => {
                eprintln!("bpfdump: {message}");
                status = ExitCode::from(1);
                break;
            }
        }
    }
    match run.finish() {
        Ok(()) => Ok(status),
        Err(Stop::Quiet) => Ok(status),
        Err(Stop::Failed(message)) => {
            eprintln!("bpfdump: {message}");
            Ok(ExitCode::from(1))
        }
    }
}

/// `-r FILE`, or the files listed (one per line) in `-V LISTFILE`.
fn input_files(args: &Args) -> anyhow::Result<Vec<PathBuf>> {
    match (&args.read, &args.read_list) {
        (Some(_), Some(_)) => anyhow::bail!("-V and -r are mutually exclusive."),
        (Some(file), None) => Ok(vec![file.clone()]),
        (None, Some(list)) => {
            let text = super::text_file::read_bounded(
                list,
                super::text_file::LIST_FILE_LIMIT,
                "a list of capture files (-V)",
                true,
            )?;
            let files: Vec<PathBuf> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect();
            if files.is_empty() {
                anyhow::bail!("{}: no capture files listed", list.display());
            }
            Ok(files)
        }
        (None, None) => anyhow::bail!("no input file (-r or -V)"),
    }
}

enum Flow {
    Continue,
    /// `-c` reached: read no further files.
    Stop,
}

/// Why the run ends early.
enum Stop {
    /// Standard output was closed by its reader (`| head`): end quietly.
    Quiet,
    /// An error to report, with exit status 1.
    Failed(String),
}

/// Where matching packets go.
enum Sink {
    /// `-w FILE`: created when the first input is open (it takes the
    /// input's link type, snapshot length and timestamp precision).
    Write {
        path: PathBuf,
        writer: Option<PcapWriter<BufWriter<OutputFile>>>,
        linktype: LinkType,
    },
    /// `--count` alone.
    Count,
    /// Print each packet, tcpdump-style.
    Print {
        out: BufWriter<File>,
        printers: Vec<(LinkType, Printer)>,
        line: Vec<u8>,
    },
}

/// One compiled filter per link type met so far (`None`: no expression,
/// every packet matches).
struct Filters {
    expression: String,
    options: bpfdump::FilterOptions,
    /// `--engine` (default: the JIT).
    engine: EngineKind,
    /// Per link type and byte order of the file being read (the BSD
    /// loopback header is in the writer's byte order).
    compiled: Vec<((LinkType, bool), Option<Box<dyn PacketFilter>>)>,
}

impl Filters {
    fn index_for(
        &mut self,
        linktype: LinkType,
        snaplen: u32,
        swapped: bool,
    ) -> Result<usize, Stop> {
        if let Some(i) = self
            .compiled
            .iter()
            .position(|(key, _)| *key == (linktype, swapped))
        {
            return Ok(i);
        }
        let filter = if self.expression.trim().is_empty() {
            None
        } else {
            let options = bpfdump::FilterOptions {
                linktype,
                // As tcpdump: an accepting program returns the capture's
                // snapshot length.
                snaplen,
                // Reading a file: libpcap's savefile rules (BSD loopback
                // address families; no socket metadata such as `inbound`).
                savefile: Some(swapped),
                ..self.options
            };
            let program = compile_filter(&self.expression, &options)
                .map_err(|e| Stop::Failed(e.to_string()))?;
            bpfdump::cbpf::verify::verify(&program).map_err(|e| {
                Stop::Failed(format!("compiled filter rejected by the verifier: {e}"))
            })?;
            let engine = bpfdump::engine::build(self.engine, &program)
                .map_err(|e| Stop::Failed(format!("{} engine: {e}", self.engine.name())))?;
            Some(engine)
        };
        self.compiled.push(((linktype, swapped), filter));
        Ok(self.compiled.len() - 1)
    }
}

/// What the rest of the run needs to know about an input file.
struct InputInfo {
    linktype: LinkType,
    /// With any FCS-length bits, for the output header.
    linktype_field: u32,
    snaplen: u32,
    precision: TimestampPrecision,
    swapped: bool,
    /// Regular files only.
    size: Option<u64>,
}

struct OfflineRun<'a> {
    args: &'a Args,
    filters: Filters,
    sink: Sink,
    /// Packets that matched so far, over all files.
    matched: u64,
    /// Flush after every packet (`-U`, `-l`).
    flush_each: bool,
    /// Whether reading any input began (tcpdump prints no count when the
    /// first file cannot be opened or the filter does not compile).
    opened_any: bool,
}

impl<'a> OfflineRun<'a> {
    fn new(args: &'a Args, expression: String) -> anyhow::Result<OfflineRun<'a>> {
        let options = super::dump::filter_options(args)?;
        let sink = if let Some(path) = &args.write {
            Sink::Write {
                path: path.clone(),
                writer: None,
                linktype: LinkType::ETHERNET,
            }
        } else if args.count_only {
            Sink::Count
        } else {
            Sink::Print {
                out: BufWriter::with_capacity(OUTPUT_BUFFER, stdout_file()?),
                printers: Vec::new(),
                line: Vec::with_capacity(4096),
            }
        };
        Ok(OfflineRun {
            args,
            filters: Filters {
                expression,
                options,
                engine: super::bench::engine_kind(args.engine),
                compiled: Vec::new(),
            },
            sink,
            matched: 0,
            flush_each: args.packet_buffered || args.line_buffered,
            opened_any: false,
        })
    }

    fn limit_reached(&self) -> bool {
        self.args.count_limit.is_some_and(|n| self.matched >= n)
    }

    fn process_file(&mut self, path: &Path) -> Result<Flow, Stop> {
        if self.limit_reached() {
            return Ok(Flow::Stop);
        }
        if let Some(plan) = parallel_plan(self.args.threads) {
            let opened = ParallelPcap::open(path).map_err(|e| Stop::Failed(e.to_string()))?;
            if let Some(file) = opened.filter(|f| f.size() >= plan.min_size) {
                return self.process_parallel(path, &file, plan);
            }
        }
        let mut reader =
            open_input(path, self.args.threads).map_err(|e| Stop::Failed(e.to_string()))?;
        let info = InputInfo {
            linktype: reader.linktype(),
            linktype_field: reader.linktype_field(),
            snaplen: reader.snaplen(),
            precision: reader.precision(),
            swapped: reader.swapped(),
            size: reader.size(),
        };
        self.begin_file(path, &info)?;
        let progress = self.progress_bar(&info);

        let snaplen = info.snaplen;
        // Byte order of the file as opened (a later pcapng section of the
        // other byte order keeps the first one's filters: rare enough).
        let swapped = info.swapped;
        let mut current = (LinkType(u32::MAX), usize::MAX);
        let mut seen: u64 = 0;
        let outcome = loop {
            seen += 1;
            if seen.is_multiple_of(PROGRESS_EVERY) {
                if let Some(bar) = &progress {
                    bar.set_position(reader.offset());
                }
            }
            let record = match reader.next() {
                Ok(Some(record)) => record,
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            };
            if record.linktype != current.0 {
                current = (
                    record.linktype,
                    self.filters.index_for(record.linktype, snaplen, swapped)?,
                );
            }
            let accepted = match &self.filters.compiled[current.1].1 {
                Some(filter) => filter.run(record.packet.data, record.packet.wire_len) != 0,
                None => true,
            };
            if !accepted {
                continue;
            }
            self.matched += 1;
            self.emit(&record)?;
            if self.limit_reached() {
                break Ok(());
            }
        };
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        match outcome {
            Ok(()) if self.limit_reached() => Ok(Flow::Stop),
            Ok(()) => Ok(Flow::Continue),
            Err(e) => Err(Stop::Failed(describe_read_error(&e))),
        }
    }

    /// Compile the file's filter, announce the file and open the output:
    /// what every file goes through before its first packet. Returns the
    /// filter's index in `self.filters`.
    fn begin_file(&mut self, path: &Path, info: &InputInfo) -> Result<usize, Stop> {
        // Compile for the file's link type before reading any packet, so a
        // bad expression is reported before any output (tcpdump,
        // too, announces the file only once its filter has compiled).
        let index = self
            .filters
            .index_for(info.linktype, info.snaplen, info.swapped)?;
        eprintln!(
            "reading from file {}, link-type {}, snapshot length {}",
            path.display(),
            describe_linktype(info.linktype),
            info.snaplen
        );
        self.open_output(info, path)?;
        self.opened_any = true;
        Ok(index)
    }

    /// A classic pcap file filtered on `plan.workers` threads (see
    /// [`ParallelPcap`]); the matches are handed to the sink in input order,
    /// exactly as [`Self::process_file`]'s loop does.
    fn process_parallel(
        &mut self,
        path: &Path,
        file: &ParallelPcap,
        plan: ParallelPlan,
    ) -> Result<Flow, Stop> {
        let info = InputInfo {
            linktype: file.linktype(),
            linktype_field: file.linktype_field(),
            snaplen: file.snaplen(),
            precision: file.precision(),
            swapped: file.swapped(),
            size: Some(file.size()),
        };
        let index = self.begin_file(path, &info)?;
        let progress = self.progress_bar(&info);
        let verbatim = self.copies_verbatim(&info);
        // Lent to the workers for the run (the sink needs `self` mutably).
        let filter = self.filters.compiled[index].1.take();
        let accept = |record: &bpfdump::capture::Record| match &filter {
            Some(filter) => filter.run(record.packet.data, record.packet.wire_len) != 0,
            None => true,
        };
        // Counting needs no packet bytes back from the workers.
        let gather = !matches!(self.sink, Sink::Count);
        let outcome = file.run(
            plan.workers,
            plan.chunk,
            gather,
            &accept,
            |chunk: &Chunk| {
                if let Some(bar) = &progress {
                    bar.set_position(chunk.end_offset());
                }
                self.consume_chunk(chunk, file, verbatim)
            },
        );
        self.filters.compiled[index].1 = filter;
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        match outcome {
            Ok(()) if self.limit_reached() => Ok(Flow::Stop),
            Ok(()) => Ok(Flow::Continue),
            Err(stop) => Err(stop),
        }
    }

    /// Whether `-w` may copy the input's accepted records byte for byte
    /// (see [`ParallelPcap::rewrites_verbatim`]) instead of re-encoding
    /// them: the output has the input's link type and timestamp
    /// precision, nothing is truncated (-s) and nothing is flushed per
    /// packet.
    fn copies_verbatim(&self, info: &InputInfo) -> bool {
        let Sink::Write { linktype, .. } = &self.sink else {
            return false;
        };
        let precision = match self.args.time_precision {
            Some(TimePrecision::Micro) => TimestampPrecision::Micro,
            Some(TimePrecision::Nano) => TimestampPrecision::Nano,
            None => info.precision,
        };
        *linktype == info.linktype
            && precision == info.precision
            && self.args.snaplen.is_none_or(|s| s == 0)
            && !self.flush_each
    }

    /// Hand one chunk's matches to the sink; `Ok(false)` once `-c` is
    /// reached.
    fn consume_chunk(
        &mut self,
        chunk: &Chunk,
        file: &ParallelPcap,
        verbatim: bool,
    ) -> Result<bool, Stop> {
        let room = match self.args.count_limit {
            Some(limit) => limit.saturating_sub(self.matched),
            None => u64::MAX,
        };
        let take = (chunk.accepted_count() as u64).min(room);
        if matches!(self.sink, Sink::Count) {
            self.matched += take;
            return Ok(!self.limit_reached());
        }
        // A run of consecutive records copied verbatim, written at once.
        let mut run: Range<usize> = 0..0;
        for (record, range) in chunk.accepted().take(take as usize) {
            self.matched += 1;
            if verbatim && file.rewrites_verbatim(chunk.raw(range.clone())) {
                if run.end != range.start || run.is_empty() {
                    self.write_raw(chunk.raw(run))?;
                    run = range.start..range.start;
                }
                run.end = range.end;
                continue;
            }
            self.write_raw(chunk.raw(run))?;
            run = 0..0;
            self.emit(&record)?;
        }
        self.write_raw(chunk.raw(run))?;
        Ok(!self.limit_reached())
    }

    /// Append raw record bytes to the `-w` output.
    #[inline]
    fn write_raw(&mut self, bytes: &[u8]) -> Result<(), Stop> {
        if bytes.is_empty() {
            return Ok(());
        }
        let Sink::Write { path, writer, .. } = &mut self.sink else {
            unreachable!("only -w copies records verbatim")
        };
        let out = writer
            .as_mut()
            .expect("output opened with the input")
            .get_mut();
        let written = if bytes.len() >= DIRECT_WRITE {
            // A chunk's worth of records: straight from the worker's
            // buffer, not copied through ours first.
            out.flush().and_then(|_| out.get_mut().write_all(bytes))
        } else {
            out.write_all(bytes)
        };
        written.map_err(|e| write_error(path, e))
    }

    /// Create the `-w` file from the first input's properties.
    fn open_output(&mut self, reader: &InputInfo, input: &Path) -> Result<(), Stop> {
        let Sink::Write {
            path,
            writer,
            linktype,
        } = &mut self.sink
        else {
            return Ok(());
        };
        if writer.is_some() {
            return Ok(());
        }
        let precision = match self.args.time_precision {
            Some(TimePrecision::Micro) => TimestampPrecision::Micro,
            Some(TimePrecision::Nano) => TimestampPrecision::Nano,
            None => reader.precision,
        };
        // -s truncates what is written; otherwise the input's length stays.
        let snaplen = match self.args.snaplen {
            Some(s) if s > 0 => s,
            _ => reader.snaplen,
        };
        let file = if path.as_os_str() == "-" {
            stdout_file().map(OutputFile::ready)
        } else {
            OutputFile::create(path, input)
        }
        .map_err(|e| Stop::Failed(format!("{}: {e}", path.display())))?;
        *linktype = reader.linktype;
        let out = BufWriter::with_capacity(OUTPUT_BUFFER, file);
        let mut created = PcapWriter::new(out, LinkType(reader.linktype_field), snaplen, precision)
            .map_err(|e| write_error(path, e))?;
        if self.args.snaplen.is_none_or(|s| s == 0) {
            // Without -s, records are copied whole, as tcpdump does, even
            // when a later file (-V) has a larger snapshot length.
            created.set_truncation(u32::MAX);
        }
        *writer = Some(created);
        Ok(())
    }

    /// Hand one matching packet to the sink.
    #[inline]
    fn emit(&mut self, record: &bpfdump::capture::Record) -> Result<(), Stop> {
        match &mut self.sink {
            Sink::Count => Ok(()),
            Sink::Write {
                path,
                writer,
                linktype,
            } => {
                let writer = writer.as_mut().expect("output opened with the input");
                if record.linktype != *linktype {
                    return Err(Stop::Failed(format!(
                        "{}: a packet of link type {} matched, but the output file has link type {}; \
                         a pcap file holds one link type",
                        path.display(),
                        record.linktype,
                        linktype
                    )));
                }
                writer
                    .write(&record.packet)
                    .and_then(|_| {
                        if self.flush_each {
                            writer.flush()
                        } else {
                            Ok(())
                        }
                    })
                    .map_err(|e| write_error(path, e))
            }
            Sink::Print {
                out,
                printers,
                line,
            } => {
                let index = match printers.iter().position(|(l, _)| *l == record.linktype) {
                    Some(i) => i,
                    None => {
                        printers.push((
                            record.linktype,
                            Printer::new(
                                super::print_opts::print_options(self.args),
                                record.linktype,
                            ),
                        ));
                        printers.len() - 1
                    }
                };
                line.clear();
                printers[index].1.print(&record.packet, line);
                out.write_all(line)
                    .and_then(|_| if self.flush_each { out.flush() } else { Ok(()) })
                    .map_err(|e| write_error(Path::new("-"), e))
            }
        }
    }

    /// Flush the output and print the `--count` line.
    fn finish(self) -> Result<(), Stop> {
        match self.sink {
            Sink::Write { path, writer, .. } => {
                if let Some(writer) = writer {
                    let mut out = writer.into_inner();
                    // A full disk shows as a failed write here at the latest
                    // (file systems reserve blocks at write time).
                    out.flush().map_err(|e| write_error(&path, e))?;
                }
            }
            Sink::Print { mut out, .. } => {
                out.flush().map_err(|e| write_error(Path::new("-"), e))?;
            }
            Sink::Count => {}
        }
        if self.args.count_only && self.opened_any {
            let mut stdout = io::stdout().lock();
            let plural = if self.matched == 1 { "" } else { "s" };
            writeln!(stdout, "{} packet{plural}", self.matched)
                .and_then(|_| stdout.flush())
                .map_err(|e| write_error(Path::new("-"), e))?;
        }
        Ok(())
    }

    /// A progress bar on standard error, only when it is a terminal and the
    /// packets are not being printed there too.
    fn progress_bar(&self, input: &InputInfo) -> Option<ProgressBar> {
        if matches!(self.sink, Sink::Print { .. }) || !io::stderr().is_terminal() {
            return None;
        }
        let size = input.size?;
        let bar = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style);
        }
        Some(bar)
    }
}

/// Open an input. By default one thread does everything with large
/// `read`s into a cache-resident buffer: on the (shared, 2-core) benchmark
/// machine that took the least CPU time of the three readers
/// (`--count tcp`, 3 million packets, median of 9: 0.14 s against 0.15 s
/// with read-ahead and 0.21 s memory-mapped; MADV_POPULATE_READ windows and
/// MADV_HUGEPAGE made the map slower still, 0.24-0.25 s). `--threads N`
/// (N > 1) reads ahead on a helper thread, overlapping the kernel's copy
/// with filtering: that only lowers the wall time when a second core is
/// idle; it is what `--threads N` gives the inputs the parallel reader does
/// not take (see [`parallel_plan`]).
/// `BPFDUMP_READER=direct|prefetch|mapped|parallel` picks a reader
/// explicitly, for benchmarks.
fn open_input(path: &Path, threads: Option<usize>) -> Result<CaptureReader, CaptureError> {
    match std::env::var("BPFDUMP_READER").as_deref() {
        Ok("direct") => CaptureReader::open(path),
        Ok("mapped") => CaptureReader::open_mapped(path),
        Ok("prefetch") => CaptureReader::open_prefetched(path),
        _ if threads.is_some_and(|n| n > 1) => CaptureReader::open_prefetched(path),
        _ => CaptureReader::open(path),
    }
}

/// How to filter a classic pcap file on several threads.
#[derive(Debug, Clone, Copy)]
struct ParallelPlan {
    workers: usize,
    chunk: usize,
    /// Smaller files take the one-thread path.
    min_size: u64,
}

/// Whether (and how) to filter classic pcap files in parallel (see
/// [`ParallelPcap`]).
///
/// By default, a regular classic pcap file of at least two chunks (8 MiB)
/// is filtered by one worker per CPU (up to four) when more than one CPU is
/// available. Measured on the (shared, 2-core) benchmark machine over the
/// 3-million-packet capture, `--count tcp` (perf stat, means of 5 runs):
/// two workers took the CPU time of the one-thread reader or less (0.13 s
/// against 0.14-0.15 s) and less than half its wall time (0.068 s against
/// 0.147 s); scripts/bench_offline.sh (medians of 5, load average 1.2):
/// 4.1x tcpdump's throughput for `--count tcp` and `udp port 53`, 3.7x
/// with eight hosts and four ports, 2.9-4.1x for `-w` (the one-thread
/// reader: 1.9-2x); with the second core partly busy (load average 2.5)
/// 3.1-3.3x and 2.5-3.3x (one thread: 2.5-2.7x). With `-w` the workers
/// also gather the matching records, which this thread writes. Three and
/// four workers on the two cores cost 5% more CPU time and were slower
/// (0.089 s, 0.074 s); more than two were never measured on more cores. Chunks of 1 and 2 MiB cost 20% and 5%
/// more CPU time than 4 MiB (thread hand-overs per chunk, expensive on this
/// virtual machine); 8 MiB was no better than 4.
///
/// `--threads N` asks for N workers, whatever the file size; `--threads 1`
/// for the one-thread reader. Smaller files, pcapng files and pipes take
/// [`open_input`]'s readers. `BPFDUMP_READER` (other than `parallel`)
/// forces a one-thread reader; `BPFDUMP_CHUNK` sets the chunk size in bytes
/// (for tests and tuning).
fn parallel_plan(threads: Option<usize>) -> Option<ParallelPlan> {
    let reader = std::env::var("BPFDUMP_READER").ok();
    let forced = match reader.as_deref() {
        Some("parallel") => true,
        Some(_) => return None,
        None => false,
    };
    let chunk = std::env::var("BPFDUMP_CHUNK")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(bpfdump::capture::PARALLEL_CHUNK);
    let workers = match threads {
        Some(n) => n,
        None => std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4),
    };
    if workers < 2 && !forced {
        return None;
    }
    let min_size = if forced || threads.is_some() {
        0
    } else {
        2 * chunk as u64
    };
    Some(ParallelPlan {
        workers,
        chunk,
        min_size,
    })
}

/// A closed standard output ends the run quietly, as `| head` expects; any
/// other write failure is an error naming the output.
fn write_error(path: &Path, e: io::Error) -> Stop {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Stop::Quiet
    } else {
        let name = if path.as_os_str() == "-" {
            "standard output".to_string()
        } else {
            path.display().to_string()
        };
        Stop::Failed(format!("{name}: write error: {e}"))
    }
}

fn describe_read_error(e: &CaptureError) -> String {
    e.to_string()
}

/// Standard output as a plain file, so that our own large buffer is the
/// only one (std's `Stdout` adds a line buffer that splits binary output
/// at newlines).
fn stdout_file() -> io::Result<File> {
    let fd = io::stdout().as_fd().try_clone_to_owned()?;
    Ok(File::from(fd))
}

/// `EN10MB (Ethernet)`, as tcpdump describes a link type.
fn describe_linktype(linktype: LinkType) -> String {
    match (linktype.name(), linktype.description()) {
        (Some(name), Some(description)) => format!("{name} ({description})"),
        _ => format!("{}", linktype.0),
    }
}

impl From<CaptureError> for Stop {
    fn from(e: CaptureError) -> Stop {
        Stop::Failed(describe_read_error(&e))
    }
}

/// The `-w` file. An existing regular file is emptied on a helper thread
/// while the first packets are read and filtered, not before: freeing the
/// page cache of a large earlier output takes a while (27 ms for 95 MB on
/// the benchmark machine, a fifth of a `-w tcp` run over the 3-million-packet
/// capture). Every write waits for the emptying first.
struct OutputFile {
    file: File,
    emptying: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl OutputFile {
    /// A sink that needs no emptying (standard output).
    fn ready(file: File) -> OutputFile {
        OutputFile {
            file,
            emptying: None,
        }
    }

    /// Create `path`, or open it and have it emptied (as `File::create`
    /// would, but on a helper thread unless it is the `input` being read,
    /// which must then look empty from the start, as with tcpdump).
    fn create(path: &Path, input: &Path) -> io::Result<OutputFile> {
        use std::os::unix::fs::MetadataExt;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            // Emptied below, possibly on another thread.
            .truncate(false)
            .open(path)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() || metadata.len() == 0 {
            return Ok(OutputFile::ready(file));
        }
        let is_input = std::fs::metadata(input)
            .is_ok_and(|i| (i.dev(), i.ino()) == (metadata.dev(), metadata.ino()));
        if is_input {
            file.set_len(0)?;
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
