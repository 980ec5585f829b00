//! Live capture: `-i`, `-D`, `-L`, and the capture loop with its output,
//! signals and statistics.

use super::signals::{self, stopping};
use super::trace::{Traced, Tracer};
use super::Args;
use bpfdump::capture::{CaptureWriter, InterfaceInfo, InterfaceStats, OutputGuard};
use bpfdump::engine::PacketFilter;
use bpfdump::live::merge::{Merger, PacketBatch};
use bpfdump::live::rotate::{RotatingWriter, Written};
use bpfdump::live::{
    self, interfaces, Capture, CaptureConfig, Direction, FilterPlan, Link, LiveError, Progress,
    Stats,
};
use bpfdump::packet::{PacketRef, Timestamp, TimestampPrecision};
use bpfdump::print::Printer;
use bpfdump::quote::{user_bytes, user_text};
use bpfdump::{compile_filter, FilterOptions, LinkType};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant, SystemTime};

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.list_interfaces {
        let list = interfaces::list_interfaces()?;
        print_and_flush(&interfaces::format_listing(&list))?;
        return Ok(ExitCode::SUCCESS);
    }
    let interface = match &args.interface {
        Some(i) => interfaces::resolve_name(i)?,
        None => default_interface()?,
    };
    if args.list_time_stamp_types {
        let types = interfaces::time_stamp_types(&interface);
        print_and_flush(&interfaces::format_time_stamp_types(&interface, &types))?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.list_linktypes {
        let types = interfaces::link_types(&interface)
            .ok_or_else(|| LiveError::NoSuchDevice(interface.clone()))?;
        print_and_flush(&interfaces::format_link_types(&interface, &types))?;
        return Ok(ExitCode::SUCCESS);
    }
    capture(args, &interface)
}

/// `-j TYPE`, checked before the capture opens: an unknown name is an
/// error; a type the interface doesn't offer is a warning, and the host's
/// time stamps are used, as libpcap does. bpfdump reads no adapter time
/// stamps: asking for them where the adapter has them is a warning too.
fn check_time_stamp_type(args: &Args, interface: &str) -> anyhow::Result<()> {
    let Some(asked) = &args.time_stamp_type else {
        return Ok(());
    };
    if !interfaces::TIME_STAMP_TYPES
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case(asked))
    {
        anyhow::bail!("invalid time stamp type {}", user_text(asked));
    }
    let asked = asked.to_ascii_lowercase();
    if asked == "host" {
        return Ok(());
    }
    let why = if interfaces::time_stamp_types(interface).contains(&asked.as_str()) {
        "bpfdump reads the host's time stamps only"
    } else {
        "That type of time stamp is not supported by that device"
    };
    eprintln!(
        "bpfdump: WARNING: When trying to set timestamp type '{asked}' on {interface}: {why}"
    );
    Ok(())
}

fn print_and_flush(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

/// tcpdump's default: the first interface of the `-D` list.
fn default_interface() -> anyhow::Result<String> {
    interfaces::list_interfaces()?
        .into_iter()
        .find(|d| !d.loopback)
        .map(|d| d.name)
        .ok_or_else(|| anyhow::anyhow!("no suitable device found"))
}

/// The interface's IPv4 netmask, for `ip broadcast` (as `pcap_lookupnet`).
fn netmask_of(interface: &str) -> Option<u32> {
    nix::ifaddrs::getifaddrs().ok()?.find_map(|a| {
        if a.interface_name != interface {
            return None;
        }
        let mask = a.netmask?;
        let v4 = mask.as_sockaddr_in()?;
        Some(u32::from(v4.ip()))
    })
}

fn snaplen(args: &Args) -> u32 {
    match args.snaplen {
        Some(s) if s != 0 && s <= bpfdump::DEFAULT_SNAPLEN => s,
        _ => bpfdump::DEFAULT_SNAPLEN,
    }
}

fn precision(args: &Args) -> TimestampPrecision {
    match args.time_precision {
        Some(super::args::TimePrecision::Nano) => TimestampPrecision::Nano,
        _ => TimestampPrecision::Micro,
    }
}

/// Check a program the way the kernel will, before handing it over, so
/// that a bad program gets a precise message rather than EINVAL.
fn verify_classic(program: &[bpfdump::cbpf::Insn]) -> anyhow::Result<()> {
    bpfdump::cbpf::verify::verify(program)
        .map_err(|e| anyhow::anyhow!("the compiled filter fails the classic verifier: {e}"))
}

/// The filter for the capture, compiled and verified (`None`: no
/// expression).
fn compile_live(
    args: &Args,
    link: &Link,
    snaplen: u32,
) -> anyhow::Result<Result<Option<bpfdump::cbpf::Program>, ExitCode>> {
    let text = args.filter_text()?;
    if text.trim().is_empty() {
        return Ok(Ok(None));
    }
    let options = FilterOptions {
        linktype: link.linktype,
        snaplen,
        optimize: !args.no_optimize,
        netmask: if link.ifindex == 0 {
            None
        } else {
            netmask_of(&link.interface)
        },
        capture: bpfdump::Capture::Live,
    };
    let program = match compile_filter(&text, &options) {
        Ok(p) => p,
        Err(e) => return Ok(Err(super::fail(e))),
    };
    verify_classic(&program)?;
    Ok(Ok(Some(program)))
}

/// A live program as it runs here rather than in the kernel: on frames
/// whose VLAN tag is back in the bytes, so with no tag in the metadata.
fn in_user_space(program: &[bpfdump::cbpf::Insn]) -> Vec<bpfdump::cbpf::Insn> {
    bpfdump::cbpf::metadata::bind_vlan(program, None)
}

/// Where filtering happens, and the program to run.
fn filter_plan(
    args: &Args,
    link: &Link,
    snaplen: u32,
) -> anyhow::Result<Result<FilterPlan, ExitCode>> {
    let program = match compile_live(args, link, snaplen)? {
        Ok(Some(program)) => program,
        Ok(None) => return Ok(Ok(FilterPlan::AcceptAll)),
        Err(code) => return Ok(Err(code)),
    };
    if args.trace.is_some() || args.trace_ebpf.is_some() {
        // Traced: every packet comes here, and the gate filters.
        return Ok(Ok(FilterPlan::AcceptAll));
    }
    let kind = super::bench::engine_kind(args.engine);
    let user = |p: &[bpfdump::cbpf::Insn]| -> anyhow::Result<Box<dyn PacketFilter>> {
        Ok(bpfdump::engine::build(kind, &in_user_space(p))?)
    };
    if args.userspace_filter {
        return Ok(Ok(FilterPlan::UserSpace(user(&program)?)));
    }
    Ok(Ok(match link.kernel_program(&program) {
        Some(kernel) => {
            verify_classic(&kernel)?;
            FilterPlan::Kernel(kernel)
        }
        None => FilterPlan::UserSpace(user(&program)?),
    }))
}

fn capture(args: &Args, interface: &str) -> anyhow::Result<ExitCode> {
    let threads = args.threads.unwrap_or(1).max(1);
    if threads > live::FANOUT_MAX_SOCKETS {
        anyhow::bail!(
            "invalid number of threads {threads}: a live capture can use at most {} \
             (the kernel's limit of sockets in one PACKET_FANOUT group)",
            live::FANOUT_MAX_SOCKETS
        );
    }
    // Checked before anything is opened, as tcpdump checks its options.
    args.rotation_policy()?;
    let requested = args.requested_linktype()?;
    let link = Link::resolve(interface, requested)?;
    if args.monitor_mode {
        // libpcap switches an 802.11 interface to monitor mode; bpfdump
        // can't, and says so rather than capture in another mode.
        if interfaces::is_wireless(interface) {
            anyhow::bail!("{interface}: bpfdump cannot put an interface in monitor mode");
        }
        anyhow::bail!("{interface}: That device doesn't support monitor mode");
    }
    check_time_stamp_type(args, interface)?;
    let snaplen = snaplen(args);
    let config = CaptureConfig {
        snaplen,
        promiscuous: !args.no_promisc,
        direction: match args.direction {
            Some(super::args::Direction::In) => Direction::In,
            Some(super::args::Direction::Out) => Direction::Out,
            _ => Direction::InOut,
        },
        buffer_bytes: args
            .buffer_kib
            .map(|k| (k as usize).max(64) * 1024)
            .unwrap_or(live::DEFAULT_BUFFER_BYTES),
        immediate: args.immediate_mode,
        fanout_group: None,
    };
    let mut gate = match Gate::new(args, &link, snaplen)? {
        Ok(gate) => gate,
        Err(code) => return Ok(code),
    };
    let mut captures = Vec::with_capacity(threads);
    for _ in 0..threads {
        let plan = match filter_plan(args, &link, snaplen)? {
            Ok(p) => p,
            Err(code) => return Ok(code),
        };
        let mut cfg = config.clone();
        if threads > 1 {
            cfg.fanout_group = Some((std::process::id() & 0xffff) as u16);
        }
        captures.push(Capture::open(&link, &cfg, plan)?);
    }
    if let Some(user) = &args.user {
        live::drop_privileges(user).map_err(|e| anyhow::anyhow!(e))?;
    }
    signals::install()?;

    if requested.is_some() || interface == interfaces::ANY {
        eprintln!("bpfdump: data link type {}", link.linktype);
    }
    let started = realtime_now();
    let mut sink = Sink::open(args, interface, link.linktype, snaplen)?;
    // tcpdump's banner: the "listening on" line loses its program-name
    // prefix after the "verbose output suppressed" line.
    let prefix = if args.verbose == 0 && args.write.is_none() {
        eprintln!("bpfdump: verbose output suppressed, use -v[v]... for full protocol decode");
        ""
    } else {
        "bpfdump: "
    };
    eprintln!(
        "{prefix}listening on {}, link-type {} ({}), snapshot length {} bytes",
        interface,
        link.linktype,
        link.linktype.description().unwrap_or("unknown"),
        snaplen
    );

    let limit = args.count_limit.unwrap_or(u64::MAX);
    let printing = args.print || args.more_print.print_sampling.is_some();
    let mut count = RunningCount::new(args.verbose > 0 && args.write.is_some() && !printing);
    let outcome = if threads == 1 {
        let capture = captures.pop().expect("one capture");
        run_single(capture, &mut sink, &mut gate, limit, &mut count)
    } else {
        run_threads(captures, &mut sink, &mut gate, limit, &mut count)
    };
    let Outcome {
        captured,
        stats,
        failure,
        write_error,
    } = outcome;
    let flushed = sink.finish(&statistics(started, captured, &stats));
    let mut code = ExitCode::SUCCESS;
    if let Some(err) = failure {
        eprintln!("bpfdump: {err}");
        code = ExitCode::from(1);
    }
    // Once a write has failed, the final flush fails the same way: the
    // first error is the one reported (a closed pipe ends quietly).
    if let Some(e) = write_error.or(flushed.err()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("bpfdump: {}: write error: {e}", sink.name());
            code = ExitCode::from(1);
        }
    }
    // When interrupted, tcpdump ends printed output with a newline, in
    // case a line was cut short (none after -c, nor when writing a file),
    // then the statistics on stderr.
    if matches!(sink, Sink::Print(_)) && stopping() {
        print_and_flush("\n").ok();
    }
    eprint!("{}", live::format_stats(captured, &stats));
    Ok(code)
}

/// `-v` with `-w`: tcpdump's running count of the packets written,
/// `Got N` and a carriage return on standard error, once a second when it
/// changed (and the first time).
struct RunningCount {
    /// When the next count is due; `None`: not shown.
    due: Option<Instant>,
    shown: Option<u64>,
}

impl RunningCount {
    const EVERY: Duration = Duration::from_secs(1);

    fn new(enabled: bool) -> RunningCount {
        RunningCount {
            due: enabled.then(|| Instant::now() + Self::EVERY),
            shown: None,
        }
    }

    /// Show `captured` if a second has passed.
    fn tick(&mut self, captured: u64) {
        let Some(due) = self.due else { return };
        let now = Instant::now();
        if now < due {
            return;
        }
        self.due = Some(now + Self::EVERY);
        if self.shown != Some(captured) {
            self.shown = Some(captured);
            let mut err = io::stderr().lock();
            let _ = write!(err, "Got {captured}\r").and_then(|_| err.flush());
        }
    }
}

/// What a capture loop ended with.
struct Outcome {
    /// Packets written.
    captured: u64,
    stats: Stats,
    /// The capture error that ended it early, if any.
    failure: Option<anyhow::Error>,
    /// The output error that ended it early (a closed pipe included).
    write_error: Option<io::Error>,
}

/// After Ctrl-C, how long to keep reading: the kernel hands over a
/// partly filled block only when its timer fires, and packets captured
/// before the signal must not be lost in it.
fn drain_grace() -> Duration {
    Duration::from_millis(2 * u64::from(live::BLOCK_TIMEOUT_MS) + 20)
}

/// Milliseconds to wait in the next poll: `every`, or what is left of the
/// drain after a stop signal; `None` once the drain is over.
fn next_wait(drain_until: &mut Option<Instant>, every: u32) -> Option<i32> {
    if stopping() && drain_until.is_none() {
        *drain_until = Some(Instant::now() + drain_grace());
    }
    match drain_until {
        None => Some(every as i32),
        Some(end) => {
            let left = end.saturating_duration_since(Instant::now());
            (!left.is_zero()).then(|| left.as_millis().max(1) as i32)
        }
    }
}

fn run_single(
    mut capture: Capture,
    sink: &mut Sink,
    gate: &mut Option<Gate>,
    limit: u64,
    count: &mut RunningCount,
) -> Outcome {
    let mut captured = 0u64;
    let mut write_error: Option<io::Error> = None;
    let mut failure: Option<anyhow::Error> = None;
    let mut drain_until = None;
    let mut file_limit = false;
    while captured < limit && !file_limit {
        let Some(wait) = next_wait(&mut drain_until, live::IDLE_WAIT_MS) else {
            break;
        };
        let mut deliver = |p: &PacketRef| -> bool {
            match Gate::pass(gate, p, sink)
                .and_then(|pass| if pass { sink.write(p) } else { Ok(true) })
            {
                Ok(true) if gate.as_ref().is_some_and(|g| !g.passed) => captured < limit,
                Ok(true) => {
                    captured += 1;
                    captured < limit
                }
                Ok(false) => {
                    file_limit = true;
                    false
                }
                Err(e) => {
                    write_error = Some(e);
                    false
                }
            }
        };
        match capture.next_packets(wait, &mut deliver) {
            // Every ready block was read: printed lines go out now, not at
            // the next timeout.
            Ok(Progress::Idle | Progress::Delivered) => {
                if let Err(e) = sink.flush_if_idle() {
                    write_error = Some(e);
                }
            }
            Ok(_) => {}
            Err(e) => {
                failure = Some(e.into());
                break;
            }
        }
        if write_error.is_some() {
            break;
        }
        count.tick(captured);
    }
    Outcome {
        captured,
        stats: capture.stats(),
        failure,
        write_error,
    }
}

enum WorkerReport {
    Packets(usize, PacketBatch, Timestamp),
    Done(usize, Stats, Option<LiveError>),
}

fn realtime_now() -> Timestamp {
    let d = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp {
        secs: d.as_secs() as i64,
        nanos: d.subsec_nanos(),
    }
}

fn minus(t: Timestamp, d: Duration) -> Timestamp {
    let total = t.secs as i128 * 1_000_000_000 + t.nanos as i128 - d.as_nanos() as i128;
    Timestamp {
        secs: total.div_euclid(1_000_000_000) as i64,
        nanos: total.rem_euclid(1_000_000_000) as u32,
    }
}

/// One thread per fanout socket; the packets are copied out of the rings
/// and merged back into timestamp order here.
fn run_threads(
    captures: Vec<Capture>,
    sink: &mut Sink,
    gate: &mut Option<Gate>,
    limit: u64,
    count: &mut RunningCount,
) -> Outcome {
    let workers = captures.len();
    let quit = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel::<WorkerReport>();
    let mut handles = Vec::new();
    // Spent batches go back to their worker, so that buffers are reused.
    let mut recycle = Vec::new();
    for (id, mut capture) in captures.into_iter().enumerate() {
        let tx = tx.clone();
        let quit = Arc::clone(&quit);
        let (back_tx, back_rx) = mpsc::channel::<PacketBatch>();
        recycle.push(back_tx);
        handles.push(std::thread::spawn(move || {
            // A packet received at time t is in a retired block within two
            // block timeouts; anything older than that has been read.
            let grace = Duration::from_millis(2 * u64::from(live::BLOCK_TIMEOUT_MS) + 50);
            let mut error = None;
            let mut drain_until = None;
            while !quit.load(Ordering::Relaxed) {
                // Every block timeout: the merge waits for each thread's
                // report before it releases packets in time order.
                let Some(wait) = next_wait(&mut drain_until, live::BLOCK_TIMEOUT_MS) else {
                    break;
                };
                let started = realtime_now();
                let mut batch = back_rx.try_recv().unwrap_or_default();
                batch.clear();
                let mut collect = |p: &PacketRef| {
                    batch.push(p);
                    true
                };
                match capture.next_packets(wait, &mut collect) {
                    Ok(_) => {
                        if tx
                            .send(WorkerReport::Packets(id, batch, minus(started, grace)))
                            .is_err()
                        {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(WorkerReport::Packets(id, batch, minus(started, grace)));
                        error = Some(e);
                        break;
                    }
                }
            }
            let _ = tx.send(WorkerReport::Done(id, capture.stats(), error));
        }));
    }
    drop(tx);

    let mut merger = Merger::new(workers);
    let mut captured = 0u64;
    let mut stats = Stats::default();
    let mut failure: Option<anyhow::Error> = None;
    let mut write_error: Option<io::Error> = None;
    let mut write_failed = false;
    let mut running = workers;
    // Some(whether the packet was written: the --trace gate may reject
    // it) while the output takes more; None when it fails or the last
    // file allowed by -G/-W is full.
    let mut emit = |p: &PacketRef, sink: &mut Sink, write_error: &mut Option<io::Error>| {
        let passed = Gate::pass(gate, p, sink);
        match passed.and_then(|pass| {
            if pass {
                sink.write(p).map(|more| more.then_some(true))
            } else {
                Ok(Some(false))
            }
        }) {
            Ok(more) => more,
            Err(e) => {
                write_error.get_or_insert(e);
                None
            }
        }
    };
    while running > 0 {
        count.tick(captured);
        let report = match rx.recv_timeout(Duration::from_millis(u64::from(live::BLOCK_TIMEOUT_MS)))
        {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(e) = sink.flush_if_idle() {
                    write_error.get_or_insert(e);
                    write_failed = true;
                    quit.store(true, Ordering::Relaxed);
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        match report {
            WorkerReport::Packets(id, batch, watermark) => merger.push(id, batch, watermark),
            WorkerReport::Done(id, s, err) => {
                merger.finish(id);
                stats = stats + s;
                running -= 1;
                if let Some(e) = err {
                    failure.get_or_insert_with(|| e.into());
                    quit.store(true, Ordering::Relaxed);
                }
            }
        }
        while !write_failed && captured < limit {
            let Some(p) = merger.pop_ready() else { break };
            match emit(&p, sink, &mut write_error) {
                Some(written) => captured += u64::from(written),
                None => {
                    write_failed = true;
                    quit.store(true, Ordering::Relaxed);
                    break;
                }
            }
        }
        if captured >= limit {
            quit.store(true, Ordering::Relaxed);
        }
        for (worker, batch) in merger.take_spent() {
            let _ = recycle[worker].send(batch);
        }
    }
    // Whatever the workers reported before stopping is written in order.
    while !write_failed && captured < limit {
        let Some(p) = merger.pop_any() else { break };
        match emit(&p, sink, &mut write_error) {
            Some(written) => captured += u64::from(written),
            None => break,
        }
    }
    for h in handles {
        let _ = h.join();
    }
    Outcome {
        captured,
        stats,
        failure,
        write_error,
    }
}

const STDOUT_NAME: &str = "standard output";

/// `--trace`: the filter run here on every packet the socket delivers (the
/// kernel accepting all), each traced when selected.
struct Gate {
    tracer: Tracer,
    /// `None`: no filter.
    filter: Option<(Box<dyn PacketFilter>, Traced)>,
    /// Whether the last packet passed.
    passed: bool,
}

impl Gate {
    fn new(
        args: &Args,
        link: &Link,
        snaplen: u32,
    ) -> anyhow::Result<Result<Option<Gate>, ExitCode>> {
        let Some(tracer) = Tracer::from_args(args)? else {
            return Ok(Ok(None));
        };
        let filter = match compile_live(args, link, snaplen)? {
            Ok(Some(program)) => {
                let kind = super::bench::engine_kind(args.engine);
                let program = in_user_space(&program);
                Some((
                    bpfdump::engine::build(kind, &program)?,
                    Traced::new(&program),
                ))
            }
            Ok(None) => None,
            Err(code) => return Ok(Err(code)),
        };
        Ok(Ok(Some(Gate {
            tracer,
            filter,
            passed: true,
        })))
    }

    /// Whether `packet` passes the gate (always, without one), tracing it
    /// to `sink` when selected.
    #[inline]
    fn pass(gate: &mut Option<Gate>, packet: &PacketRef, sink: &mut Sink) -> io::Result<bool> {
        match gate {
            None => Ok(true),
            Some(gate) => gate.judge(packet, sink),
        }
    }

    #[inline(never)]
    fn judge(&mut self, packet: &PacketRef, sink: &mut Sink) -> io::Result<bool> {
        let gate = self;
        let verdict = match &gate.filter {
            Some((filter, _)) => filter.run(packet.data, packet.wire_len),
            None => u32::MAX,
        };
        if let Some(number) = gate.tracer.next() {
            let traced = gate.filter.as_ref().map(|(_, t)| t);
            let text = gate
                .tracer
                .render(number, traced, packet.data, packet.wire_len, verdict);
            sink.write_text(&text)?;
        }
        gate.passed = verdict != 0;
        Ok(gate.passed)
    }
}

/// A live capture's counts, for pcapng's interface statistics block: what
/// the filter accepted (as the kernel counts it, libpcap's `ps_recv`), what
/// was dropped for lack of buffer space, what the interface dropped, and
/// what was written.
fn statistics(started: Timestamp, captured: u64, stats: &Stats) -> InterfaceStats {
    InterfaceStats {
        time: realtime_now(),
        start: Some(started),
        received: Some(stats.received),
        interface_dropped: Some(stats.interface_dropped),
        accepted: None,
        dropped: Some(stats.dropped),
        delivered: Some(captured),
    }
}

/// Where packets go: a pcap file, or tcpdump-style lines on stdout.
enum Sink {
    /// `-C`/`-G`: a series of files.
    Rotating {
        writer: Box<RotatingWriter>,
        per_packet: bool,
        /// `--print`: printed as well.
        echo: Option<Box<Lines>>,
    },
    File {
        /// For messages: the file, or "standard output".
        name: String,
        writer: CaptureWriter<Box<dyn Write>>,
        per_packet: bool,
        dirty: bool,
        /// `--print`: printed as well.
        echo: Option<Box<Lines>>,
    },
    Print(Lines),
}

/// Packets printed tcpdump-style on standard output.
struct Lines {
    printer: Printer,
    out: BufWriter<io::Stdout>,
    line: Vec<u8>,
    /// Flush after each packet.
    per_packet: bool,
    /// Printed since the last flush.
    dirty: bool,
}

impl Lines {
    fn new(args: &Args, linktype: LinkType, interface: &str) -> Lines {
        let stdout = io::stdout();
        let mut options = super::print_opts::print_options(args);
        if args.foreign_numeric {
            options.local_net = local_network_of(interface);
            if options.local_net.is_none() {
                eprintln!(
                    "bpfdump: WARNING: foreign (-f) flag used but: {interface}: no IPv4 address assigned"
                );
            }
        }
        Lines {
            per_packet: args.line_buffered || args.packet_buffered || stdout.is_terminal(),
            printer: Printer::new(options, linktype),
            out: BufWriter::with_capacity(1 << 16, stdout),
            line: Vec::with_capacity(512),
            dirty: false,
        }
    }

    fn print(&mut self, packet: &PacketRef) -> io::Result<()> {
        self.line.clear();
        self.printer.print(packet, &mut self.line);
        self.out.write_all(&self.line)?;
        if self.per_packet {
            self.out.flush()
        } else {
            self.dirty = true;
            Ok(())
        }
    }

    fn flush_if_dirty(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.dirty) {
            self.out.flush()?;
        }
        Ok(())
    }
}

/// tcpdump's `--print`, which `--print-sampling` implies: with `-w`, the
/// packets are printed too.
fn echo(args: &Args, linktype: LinkType, interface: &str) -> Option<Box<Lines>> {
    (args.print || args.more_print.print_sampling.is_some())
        .then(|| Box::new(Lines::new(args, linktype, interface)))
}

/// The IPv4 network of an interface (address and mask, the address
/// masked), for `-f`.
fn local_network_of(interface: &str) -> Option<([u8; 4], [u8; 4])> {
    nix::ifaddrs::getifaddrs().ok()?.find_map(|a| {
        if a.interface_name != interface {
            return None;
        }
        let addr = a.address?.as_sockaddr_in()?.ip().octets();
        let mask = a.netmask?.as_sockaddr_in()?.ip().octets();
        Some((std::array::from_fn(|i| addr[i] & mask[i]), mask))
    })
}

impl Sink {
    fn open(
        args: &Args,
        interface: &str,
        linktype: LinkType,
        snaplen: u32,
    ) -> anyhow::Result<Sink> {
        let policy = args.rotation_policy()?;
        let spec = args.output_spec();
        let expression = args.filter_text()?;
        let mut described = InterfaceInfo::new(linktype, snaplen, precision(args));
        described.name = Some(interface.to_string());
        described.filter = Some(expression.trim().to_string()).filter(|e| !e.is_empty());
        if policy.rotates() {
            let Some(path) = args.write.as_ref().filter(|p| p.as_os_str() != "-") else {
                anyhow::bail!("-C and -G need -w FILE");
            };
            let now = realtime_now().secs;
            let mut writer = RotatingWriter::create_with(
                &path.to_string_lossy(),
                policy,
                &spec,
                &described,
                now,
                OutputGuard::new(),
            )?;
            writer.set_post_rotate(args.post_rotate.clone());
            return Ok(Sink::Rotating {
                writer: Box::new(writer),
                per_packet: args.packet_buffered,
                echo: echo(args, linktype, interface),
            });
        }
        if let Some(path) = &args.write {
            let out: Box<dyn Write> = if path.as_os_str() == "-" {
                Box::new(io::stdout())
            } else {
                Box::new(std::fs::File::create(path).map_err(|e| {
                    anyhow::anyhow!("{}: {e}", user_bytes(path.as_os_str().as_bytes()))
                })?)
            };
            let writer = CaptureWriter::new(out, &spec, &described, 1 << 16)?;
            let name = if path.as_os_str() == "-" {
                STDOUT_NAME.to_string()
            } else {
                user_bytes(path.as_os_str().as_bytes())
            };
            return Ok(Sink::File {
                name,
                writer,
                per_packet: args.packet_buffered,
                dirty: false,
                echo: echo(args, linktype, interface),
            });
        }
        Ok(Sink::Print(Lines::new(args, linktype, interface)))
    }

    /// What messages call the output.
    fn name(&self) -> String {
        match self {
            Sink::Rotating { writer, .. } => user_bytes(writer.current_path().as_bytes()),
            Sink::File { name, .. } => name.clone(),
            Sink::Print(_) => STDOUT_NAME.to_string(),
        }
    }

    /// Write one packet; `Ok(false)` when -G/-W allow no more files.
    #[inline]
    fn write(&mut self, packet: &PacketRef) -> io::Result<bool> {
        // The common case inline, in the capture loop: a capture file,
        // buffered, nothing printed beside it.
        if let Sink::File {
            writer,
            per_packet: false,
            dirty,
            echo: None,
            ..
        } = self
        {
            writer.write(0, packet)?;
            *dirty = true;
            return Ok(true);
        }
        self.write_other(packet)
    }

    #[inline(never)]
    fn write_other(&mut self, packet: &PacketRef) -> io::Result<bool> {
        match self {
            Sink::Rotating {
                writer,
                per_packet,
                echo,
            } => {
                if writer.write(packet)? == Written::FileLimitReached {
                    return Ok(false);
                }
                if *per_packet {
                    writer.flush()?;
                }
                if let Some(lines) = echo {
                    lines.print(packet)?;
                }
            }
            Sink::File {
                writer,
                per_packet,
                dirty,
                echo,
                ..
            } => {
                writer.write(0, packet)?;
                if *per_packet {
                    writer.flush()?;
                } else {
                    *dirty = true;
                }
                if let Some(lines) = echo {
                    lines.print(packet)?;
                }
            }
            Sink::Print(lines) => lines.print(packet)?,
        }
        Ok(true)
    }

    /// Text beside the packets (a trace): with the printed packets, on
    /// standard output unless the capture goes there, else standard error.
    fn write_text(&mut self, text: &str) -> io::Result<()> {
        match self {
            Sink::Print(lines) => lines.out.write_all(text.as_bytes()),
            Sink::File { name, .. } if name == STDOUT_NAME => {
                eprint!("{text}");
                Ok(())
            }
            _ => {
                let mut stdout = io::stdout().lock();
                stdout.write_all(text.as_bytes())?;
                stdout.flush()
            }
        }
    }

    /// Flush printed lines when the capture goes quiet, so that a slow
    /// trickle of packets still shows up; files are flushed only with -U
    /// or at the end, as tcpdump does.
    fn flush_if_idle(&mut self) -> io::Result<()> {
        match self {
            Sink::Print(lines) => lines.flush_if_dirty(),
            Sink::File {
                echo: Some(lines), ..
            }
            | Sink::Rotating {
                echo: Some(lines), ..
            } => lines.flush_if_dirty(),
            _ => Ok(()),
        }
    }

    /// Flush, and complete a file: pcapng's statistics block, the end of
    /// a compressed stream.
    fn finish(&mut self, stats: &InterfaceStats) -> io::Result<()> {
        match self {
            Sink::Rotating { writer, echo, .. } => {
                writer.write_statistics(0, stats)?;
                writer.finish()?;
                echo.as_mut().map_or(Ok(()), |lines| lines.out.flush())
            }
            Sink::File { writer, echo, .. } => {
                writer.write_statistics(0, stats)?;
                writer.finish()?;
                echo.as_mut().map_or(Ok(()), |lines| lines.out.flush())
            }
            Sink::Print(lines) => lines.out.flush(),
        }
    }
}
