//! `-r FILE` / `-V LISTFILE`: filter capture files, then write the matching
//! packets (`-w`), count them (`--count`) or print them.
//!
//! The hot loop takes records straight out of the reader's buffer (no copy,
//! no allocation per packet), runs the compiled filter of the record's link
//! type, and appends matches to a large output buffer.

mod merge;
mod output;
mod pcapng;
mod readers;

use super::args::{Args, TimePrecision};
use super::signals;
use super::trace::{Traced, Tracer};
use bpfdump::capture::{
    CaptureError, CaptureReader, CaptureWriter, Chunk, InterfaceInfo, OutputGuard, OwnedRecord,
    ParallelPcap, Record,
};
use bpfdump::engine::{EngineKind, PacketFilter};
use bpfdump::live::rotate::{RotatingWriter, RotationPolicy};
use bpfdump::live::Account;
use bpfdump::packet::TimestampPrecision;
use bpfdump::print::Printer;
use bpfdump::{compile_filter, LinkType};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use output::{stdout_file, write_error, Output, OutputFile};
use pcapng::interfaces_of;
use readers::{open_input, parallel_plan, ParallelPlan};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output buffer size: large writes keep the system-call count low.
const OUTPUT_BUFFER: usize = 1 << 20;
/// Runs of raw records at least this long are written directly, bypassing
/// the output buffer.
const DIRECT_WRITE: usize = 64 << 10;
/// How often (in packets) the progress bar is updated.
const PROGRESS_EVERY: u64 = 1 << 16;
/// tcpdump's exit status when it cannot write the packets it prints
/// (`S_ERR_ND_WRITE_FILE`).
const PRINT_WRITE_FAILED: u8 = 14;

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let rotation = args.rotation_policy()?;
    let inputs = input_files(args)?;
    let expression = args.filter_text()?;
    // Before anything is written or emptied: no output may be an input.
    // (The -V list and the -F file are inputs too.)
    let mut guard = OutputGuard::new();
    let named = [args.read_list.as_ref(), args.filter_file.as_ref()];
    for input in inputs.iter().chain(named.into_iter().flatten()) {
        guard.protect(input);
    }
    refuse_inputs_as_outputs(args, &guard)?;
    // As tcpdump: -Z matters only to root, and an unknown user is an
    // error before any output.
    let root = nix::unistd::getuid().is_root() || nix::unistd::geteuid().is_root();
    let account = args.user.as_deref().filter(|_| root).map(Account::lookup);
    let account = account.transpose().map_err(|e| anyhow::anyhow!(e))?;
    signals::install()?;
    let mut run = OfflineRun::new(args, expression, guard, rotation, account)?;
    let mut failure = None;
    // Several inputs into one pcapng file: merged in time order.
    let merged = run.pcapng && inputs.len() > 1;
    let batches: Vec<&[PathBuf]> = if merged {
        vec![&inputs[..]]
    } else {
        inputs.iter().map(std::slice::from_ref).collect()
    };
    for batch in batches {
        let processed = match batch {
            [input] => run.process_file(input),
            inputs => run.process_merged(inputs),
        };
        match processed {
            Ok(Flow::Continue) => {}
            Ok(Flow::Stop) => break,
            Err(Stop::Quiet) => return Ok(ExitCode::SUCCESS),
            Err(stop) => {
                failure = Some(stop);
                break;
            }
        }
    }
    let mut status = ExitCode::SUCCESS;
    let mut output_failed = false;
    match failure {
        Some(Stop::Failed(message)) => {
            eprintln!("bpfdump: {message}");
            status = ExitCode::from(1);
        }
        Some(Stop::Write(message)) => {
            eprintln!("bpfdump: {message}");
            status = ExitCode::from(run.write_failure_status());
            output_failed = true;
        }
        Some(Stop::Quiet) | None => {}
    }
    let prints = run.write_failure_status();
    match run.finish(output_failed) {
        Ok(()) | Err(Stop::Quiet) => Ok(status),
        Err(Stop::Failed(message)) => {
            eprintln!("bpfdump: {message}");
            Ok(ExitCode::from(1))
        }
        Err(Stop::Write(message)) => {
            eprintln!("bpfdump: {message}");
            Ok(ExitCode::from(prints))
        }
    }
}

/// Refuse a run whose `-w` file, or standard output, is one of its inputs
/// (under any name), before anything is written: `-r s.pcap -w s.pcap`
/// would otherwise empty the capture it is about to read.
fn refuse_inputs_as_outputs(args: &Args, guard: &OutputGuard) -> anyhow::Result<()> {
    if let Some(path) = args.write.as_ref().filter(|p| p.as_os_str() != "-") {
        guard
            .check_path(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    // (A closed standard output overwrites nothing.)
    match stdout_file() {
        Ok(stdout) => guard
            .check_file(&stdout)
            .map_err(|e| anyhow::anyhow!("standard output: {e}")),
        Err(_) => Ok(()),
    }
}

/// `-r FILE`, or the files listed (one per line) in `-V LISTFILE`.
fn input_files(args: &Args) -> anyhow::Result<Vec<PathBuf>> {
    // As tcpdump: the local network -f needs is a capture interface's.
    if args.foreign_numeric {
        anyhow::bail!("-f cannot be used with -V or -r.");
    }
    match (&args.read[..], &args.read_list) {
        ([_, ..], Some(_)) => anyhow::bail!("-V and -r are mutually exclusive."),
        (files @ [_, ..], None) => Ok(files.to_vec()),
        ([], Some(list)) => {
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
        ([], None) => anyhow::bail!("no input file (-r or -V)"),
    }
}

enum Flow {
    Continue,
    /// `-c` reached, the last file `-G`/`-W` allow is complete, or a stop
    /// signal arrived: read no further files.
    Stop,
}

/// Why the run ends early.
enum Stop {
    /// Standard output was closed by its reader (`| head`): end quietly.
    Quiet,
    /// An error to report, with exit status 1.
    Failed(String),
    /// Writing the output failed: reported once, and nothing more is
    /// written there.
    Write(String),
}

/// Where matching packets go.
enum Sink {
    /// `-w FILE`: created when the first input is open (it takes the
    /// input's link type, snapshot length and timestamp precision).
    Write {
        path: PathBuf,
        writer: Option<Output>,
        linktype: LinkType,
        /// `--print`: printed as well.
        echo: Option<Box<Lines>>,
    },
    /// `--count` alone.
    Count,
    /// Print each packet, tcpdump-style.
    Print(Lines),
}

/// Packets printed tcpdump-style on standard output.
struct Lines {
    out: BufWriter<File>,
    /// A printer per link type met.
    printers: Vec<(LinkType, Printer)>,
    line: Vec<u8>,
}

impl Lines {
    fn new() -> anyhow::Result<Lines> {
        Ok(Lines {
            out: BufWriter::with_capacity(OUTPUT_BUFFER, stdout_file()?),
            printers: Vec::new(),
            line: Vec::with_capacity(4096),
        })
    }

    fn print(
        &mut self,
        args: &Args,
        record: &bpfdump::capture::Record,
        flush: bool,
    ) -> Result<(), Stop> {
        let printers = &mut self.printers;
        let index = match printers.iter().position(|(l, _)| *l == record.linktype) {
            Some(i) => i,
            None => {
                printers.push((
                    record.linktype,
                    Printer::new(super::print_opts::print_options(args), record.linktype),
                ));
                printers.len() - 1
            }
        };
        self.line.clear();
        printers[index].1.print(&record.packet, &mut self.line);
        let out = &mut self.out;
        out.write_all(&self.line)
            .and_then(|_| if flush { out.flush() } else { Ok(()) })
            .map_err(|e| write_error(Path::new("-"), e))
    }
}

/// A compiled filter (`None`: every packet matches).
type Compiled = Option<Box<dyn PacketFilter>>;

/// One compiled filter per link type met so far (`None`: no expression,
/// every packet matches).
struct Filters {
    expression: String,
    options: bpfdump::FilterOptions,
    /// `--engine` (default: the JIT).
    engine: EngineKind,
    /// Per link type and byte order of the file being read (the BSD
    /// loopback header is in the writer's byte order).
    compiled: Vec<((LinkType, bool), Compiled)>,
    /// With `--trace`: the programs of `compiled`, to trace.
    traced: Option<Vec<Option<Traced>>>,
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
        let mut traced = None;
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
                capture: bpfdump::Capture::Savefile { swapped },
                ..self.options
            };
            let program = compile_filter(&self.expression, &options)
                .map_err(|e| Stop::Failed(e.to_string()))?;
            bpfdump::cbpf::verify::verify(&program).map_err(|e| {
                Stop::Failed(format!("compiled filter rejected by the verifier: {e}"))
            })?;
            let engine = bpfdump::engine::build(self.engine, &program)
                .map_err(|e| Stop::Failed(format!("{} engine: {e}", self.engine.name())))?;
            if self.traced.is_some() {
                traced = Some(Traced::new(&program));
            }
            Some(engine)
        };
        if let Some(programs) = &mut self.traced {
            programs.push(traced);
        }
        self.compiled.push(((linktype, swapped), filter));
        Ok(self.compiled.len() - 1)
    }
}

impl InputInfo {
    fn of(reader: &CaptureReader) -> InputInfo {
        InputInfo {
            linktype: reader.linktype(),
            linktype_field: reader.linktype_field(),
            snaplen: reader.snaplen(),
            precision: reader.precision(),
            swapped: reader.swapped(),
            size: reader.size(),
            interfaces: interfaces_of(reader),
            comments: reader.section_comments().to_vec(),
        }
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
    /// The interfaces described at open (pcap: the one), for a pcapng
    /// output.
    interfaces: Vec<InterfaceInfo>,
    /// pcapng: the section's comments, for a pcapng output.
    comments: Vec<String>,
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
    /// Never opened as an output.
    guard: OutputGuard,
    /// `-C`, `-G`, `-W`.
    rotation: RotationPolicy,
    /// `-Z`: the user to switch to once the first input and the output are
    /// open (taken when done).
    account: Option<Account>,
    /// `-G` with `-W`: the last file allowed is complete.
    files_exhausted: bool,
    /// A stop signal ended the run.
    interrupted: bool,
    /// `-w` writes pcapng (`--pcapng`).
    pcapng: bool,
    /// pcapng: per input file (in the order begun), the output's number
    /// for each of its interfaces.
    interface_maps: Vec<Vec<u32>>,
    /// The input file being read (its index in `interface_maps`).
    file: usize,
    /// `--trace`, `--trace-ebpf`.
    tracer: Option<Tracer>,
}

impl<'a> OfflineRun<'a> {
    fn new(
        args: &'a Args,
        expression: String,
        guard: OutputGuard,
        rotation: RotationPolicy,
        account: Option<Account>,
    ) -> anyhow::Result<OfflineRun<'a>> {
        let options = super::dump::filter_options(args)?;
        let tracer = Tracer::from_args(args)?;
        let sink = if let Some(path) = &args.write {
            if rotation.rotates() && path.as_os_str() == "-" {
                anyhow::bail!("-C and -G need -w FILE");
            }
            let printing = args.print || args.more_print.print_sampling.is_some();
            Sink::Write {
                path: path.clone(),
                writer: None,
                linktype: LinkType::ETHERNET,
                echo: if printing {
                    Some(Box::new(Lines::new()?))
                } else {
                    None
                },
            }
        } else if args.count_only {
            Sink::Count
        } else {
            Sink::Print(Lines::new()?)
        };
        Ok(OfflineRun {
            args,
            filters: Filters {
                expression,
                options,
                engine: super::bench::engine_kind(args.engine),
                compiled: Vec::new(),
                traced: tracer.as_ref().map(|_| Vec::new()),
            },
            sink,
            matched: 0,
            flush_each: args.packet_buffered || args.line_buffered,
            opened_any: false,
            guard,
            rotation,
            account,
            files_exhausted: false,
            interrupted: false,
            pcapng: args.pcapng && args.write.is_some(),
            interface_maps: Vec::new(),
            file: 0,
            tracer,
        })
    }

    /// Whether to read no further: `-c` reached, no more files allowed,
    /// or a stop signal (noted, the first time it is seen).
    #[inline]
    fn limit_reached(&mut self) -> bool {
        if signals::stopping() {
            self.interrupted = true;
        }
        self.interrupted
            || self.files_exhausted
            || self.args.count_limit.is_some_and(|n| self.matched >= n)
    }

    /// The exit status when writing the output fails: tcpdump's when the
    /// packets are printed; 1 otherwise (where tcpdump loses the packets
    /// and exits with 0).
    fn write_failure_status(&self) -> u8 {
        match self.sink {
            Sink::Print(_) => PRINT_WRITE_FAILED,
            _ => 1,
        }
    }

    /// `-Z`: switch to the user, once.
    fn drop_privileges(&mut self) -> Result<(), Stop> {
        match self.account.take() {
            Some(account) => account.switch_to().map_err(Stop::Failed),
            None => Ok(()),
        }
    }

    fn process_file(&mut self, path: &Path) -> Result<Flow, Stop> {
        if self.limit_reached() {
            return Ok(Flow::Stop);
        }
        // (Tracing runs the filter here, packet by packet.)
        let plan = parallel_plan(self.args.threads).filter(|_| self.tracer.is_none());
        if let Some(plan) = plan {
            let opened = ParallelPcap::open(path).map_err(|e| Stop::Failed(e.to_string()))?;
            if let Some(file) = opened.filter(|f| f.size() >= plan.min_size) {
                return self.process_parallel(path, &file, plan);
            }
        }
        let mut reader =
            open_input(path, self.args.threads).map_err(|e| Stop::Failed(e.to_string()))?;
        let info = InputInfo::of(&reader);
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
            // Between records: the output stays whole.
            if signals::stopping() {
                self.interrupted = true;
                break Ok(());
            }
            let record = match reader.next() {
                Ok(Some(record)) => record,
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            };
            if !self.accepts(&record, &mut current, snaplen, swapped)? {
                continue;
            }
            self.matched += 1;
            if self.pcapng && !self.is_mapped(record.interface) {
                // An interface described since the file was opened: copy
                // the packet out of the reader, to ask the reader about it.
                let owned = OwnedRecord::copy_of(&record);
                self.map_interfaces(&interfaces_of(&reader), path)?;
                self.emit(&owned.as_record())?;
            } else {
                self.emit(&record)?;
            }
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

    /// Whether the filter for the record's link type (compiled for a file
    /// of snapshot length `snaplen` and byte order `swapped`; `current`
    /// caches the last one used) accepts it.
    #[inline]
    fn accepts(
        &mut self,
        record: &Record,
        current: &mut (LinkType, usize),
        snaplen: u32,
        swapped: bool,
    ) -> Result<bool, Stop> {
        if record.linktype != current.0 {
            *current = (
                record.linktype,
                self.filters.index_for(record.linktype, snaplen, swapped)?,
            );
        }
        let verdict = match &self.filters.compiled[current.1].1 {
            Some(filter) => filter.run(record.packet.data, record.packet.wire_len),
            None => u32::MAX,
        };
        if self.tracer.is_some() {
            self.trace(record, current.1, verdict)?;
        }
        Ok(verdict != 0)
    }

    /// `--trace`: count the packet, and trace it if it is one to trace.
    #[cold]
    fn trace(&mut self, record: &Record, filter: usize, verdict: u32) -> Result<(), Stop> {
        let tracer = self.tracer.as_mut().expect("tracing");
        let Some(number) = tracer.next() else {
            return Ok(());
        };
        let traced = self
            .filters
            .traced
            .as_ref()
            .and_then(|t| t[filter].as_ref());
        let packet = &record.packet;
        let text = tracer.render(number, traced, packet.data, packet.wire_len, verdict);
        match &mut self.sink {
            Sink::Print(lines) => lines
                .out
                .write_all(text.as_bytes())
                .map_err(|e| write_error(Path::new("-"), e)),
            // The capture goes to standard output: the trace to standard
            // error.
            Sink::Write { path, .. } if path.as_os_str() == "-" => {
                eprint!("{text}");
                Ok(())
            }
            _ => {
                let mut stdout = io::stdout().lock();
                stdout
                    .write_all(text.as_bytes())
                    .map_err(|e| write_error(Path::new("-"), e))
            }
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
        self.file = self.interface_maps.len();
        self.interface_maps.push(Vec::new());
        self.open_output(path, info)?;
        self.map_interfaces(&info.interfaces, path)?;
        // As tcpdump: the first input and the output are open.
        self.drop_privileges()?;
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
            interfaces: vec![InterfaceInfo::new(
                LinkType(file.linktype_field()),
                file.snaplen(),
                file.precision(),
            )],
            comments: Vec::new(),
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
        let Sink::Write {
            linktype,
            writer: Some(Output::Single(_)),
            ..
        } = &self.sink
        else {
            // Rotated files are written packet by packet.
            return false;
        };
        let precision = match self.args.time_precision {
            Some(TimePrecision::Micro) => TimestampPrecision::Micro,
            Some(TimePrecision::Nano) => TimestampPrecision::Nano,
            None => info.precision,
        };
        *linktype == info.linktype
            && !self.pcapng
            && precision == info.precision
            && self.args.snaplen.is_none_or(|s| s == 0)
            && !self.flush_each
    }

    /// Hand one chunk's matches to the sink; `Ok(false)` once `-c` is
    /// reached, no more files are allowed, or a stop signal arrived.
    fn consume_chunk(
        &mut self,
        chunk: &Chunk,
        file: &ParallelPcap,
        verbatim: bool,
    ) -> Result<bool, Stop> {
        // Between chunks: the output stays whole, and returning ends the
        // workers after their current chunk.
        if signals::stopping() {
            self.interrupted = true;
            return Ok(false);
        }
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
            if self.files_exhausted {
                return Ok(false);
            }
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
            .and_then(Output::raw)
            .expect("only a single output file, opened with the input, takes raw records");
        let written = if bytes.len() >= DIRECT_WRITE {
            // A chunk's worth of records: straight from the worker's
            // buffer, not copied through ours first.
            out.flush().and_then(|_| out.get_mut().write_all(bytes))
        } else {
            out.write_all(bytes)
        };
        written.map_err(|e| write_error(path, e))
    }

    /// Create the `-w` file (or the first of the series, with `-C` or
    /// `-G`) from the first input's properties. As tcpdump does with `-Z`,
    /// a single file is created before switching user and given to the
    /// user; a series is created after switching, by the user.
    fn open_output(&mut self, path: &Path, reader: &InputInfo) -> Result<(), Stop> {
        if !matches!(self.sink, Sink::Write { writer: None, .. }) {
            return Ok(());
        }
        if self.rotation.rotates() {
            self.drop_privileges()?;
        }
        // Without -s, records are copied whole, as tcpdump does, even when
        // a later file (-V) has a larger snapshot length.
        let whole = self.args.snaplen.is_none_or(|s| s == 0);
        let first = if self.pcapng {
            let first = reader.interfaces.first().cloned();
            let first = first.unwrap_or_else(|| {
                InterfaceInfo::new(reader.linktype, reader.snaplen, reader.precision)
            });
            self.output_interface(first, path)
        } else {
            // The header keeps any FCS-length bits the input carried.
            let first = InterfaceInfo::new(
                LinkType(reader.linktype_field),
                reader.snaplen,
                reader.precision,
            );
            self.output_interface(first, path)
        };
        let mut spec = self.args.output_spec();
        // pcapng inputs keep their comments.
        spec.section.comments = reader.comments.clone();
        let Sink::Write {
            path,
            writer,
            linktype,
            ..
        } = &mut self.sink
        else {
            unreachable!("checked above")
        };
        *linktype = reader.linktype;
        if self.rotation.rotates() {
            let mut created = RotatingWriter::create_with(
                &path.to_string_lossy(),
                self.rotation,
                &spec,
                &first,
                wall_clock(),
                self.guard.clone(),
            )
            .map_err(|e| Stop::Failed(output::describe_io(&e)))?;
            if whole {
                created.set_truncation(u32::MAX);
            }
            created.set_post_rotate(self.args.post_rotate.clone());
            *writer = Some(Output::Rotating(Box::new(created)));
        } else {
            let file = if path.as_os_str() == "-" {
                stdout_file().map(OutputFile::ready)
            } else {
                OutputFile::create(path, &self.guard)
            }
            .map_err(|e| {
                Stop::Failed(format!("{}: {}", path.display(), output::describe_io(&e)))
            })?;
            if let Some(account) = self.account.as_ref().filter(|_| path.as_os_str() != "-") {
                if let Err(e) = account.give(file.file()) {
                    eprintln!(
                        "bpfdump: warning: {}: could not give the file to user '{}': {}",
                        path.display(),
                        account.name,
                        output::describe_io(&e)
                    );
                }
            }
            let mut created = CaptureWriter::new(file, &spec, &first, OUTPUT_BUFFER)
                .map_err(|e| write_error(path, e))?;
            if whole {
                created.set_truncation(u32::MAX);
            }
            *writer = Some(Output::Single(created));
        }
        if self.pcapng {
            // The first input's first interface is the output's first.
            self.interface_maps[self.file] = vec![0];
        }
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
                echo,
            } => {
                let writer = writer.as_mut().expect("output opened with the input");
                let interface = match self.interface_maps.get(self.file) {
                    Some(map) if self.pcapng => map[record.interface as usize],
                    _ => 0,
                };
                if !self.pcapng && record.linktype != *linktype {
                    return Err(Stop::Failed(format!(
                        "{}: a packet of link type {} matched, but the output file has link type {}; \
                         a pcap file holds one link type",
                        path.display(),
                        record.linktype,
                        linktype
                    )));
                }
                let written = writer
                    .write(interface, &record.packet, &record.options, wall_clock)
                    .and_then(|more| {
                        if self.flush_each && more {
                            writer.flush()?;
                        }
                        Ok(more)
                    })
                    .map_err(|e| write_error(path, e))?;
                if !written {
                    // -G with -W: the last file allowed is complete; this
                    // packet is not written.
                    self.matched -= 1;
                    self.files_exhausted = true;
                    eprintln!(
                        "Maximum file limit reached: {}",
                        self.rotation.max_files.unwrap_or(0)
                    );
                    return Ok(());
                }
                match echo {
                    Some(lines) => lines.print(self.args, record, self.flush_each),
                    None => Ok(()),
                }
            }
            Sink::Print(lines) => lines.print(self.args, record, self.flush_each),
        }
    }

    /// Flush the output and print the `--count` line; after a stop
    /// signal, as tcpdump, a newline first when not writing a file. After
    /// a write error (`output_failed`) the output is left alone: its error
    /// has been reported.
    fn finish(self, output_failed: bool) -> Result<(), Stop> {
        let newline = self.interrupted;
        match self.sink {
            Sink::Write {
                path, writer, echo, ..
            } => {
                match writer {
                    Some(writer) if output_failed => writer.abandon(),
                    Some(writer) => writer.finish().map_err(|e| write_error(&path, e))?,
                    None => {}
                }
                match echo {
                    Some(lines) if output_failed => drop(lines.out.into_parts()),
                    Some(mut lines) => lines
                        .out
                        .flush()
                        .map_err(|e| write_error(Path::new("-"), e))?,
                    None => {}
                }
            }
            Sink::Print(lines) if output_failed => drop(lines.out.into_parts()),
            Sink::Print(Lines { mut out, .. }) => {
                if newline {
                    out.write_all(b"\n")
                        .map_err(|e| write_error(Path::new("-"), e))?;
                }
                out.flush().map_err(|e| write_error(Path::new("-"), e))?;
            }
            Sink::Count => {}
        }
        // After a write error the count would claim packets that were
        // lost: none is printed.
        if self.args.count_only && self.opened_any && !output_failed {
            let mut stdout = io::stdout().lock();
            let plural = if self.matched == 1 { "" } else { "s" };
            let blank = if newline && self.args.write.is_none() {
                "\n"
            } else {
                ""
            };
            writeln!(stdout, "{blank}{} packet{plural}", self.matched)
                .and_then(|_| stdout.flush())
                .map_err(|e| write_error(Path::new("-"), e))?;
        }
        Ok(())
    }

    /// A progress bar on standard error, only when it is a terminal and the
    /// packets are not being printed there too.
    fn progress_bar(&self, input: &InputInfo) -> Option<ProgressBar> {
        if matches!(
            self.sink,
            Sink::Print(_) | Sink::Write { echo: Some(_), .. }
        ) || !io::stderr().is_terminal()
        {
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

fn describe_read_error(e: &CaptureError) -> String {
    e.to_string()
}

/// The time on the clock, in Unix seconds: what `-G` counts, as with
/// tcpdump, also when reading files.
fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
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
