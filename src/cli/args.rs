//! tcpdump's command line, with clap.

use bpfdump::capture::{Compression, OutputFormat, OutputSpec, SectionInfo};
use bpfdump::live::rotate::RotationPolicy;
use bpfdump::quote::user_text;
use bpfdump::LinkType;
use clap::{ArgAction, Parser, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineChoice {
    /// The x86-64 JIT (interpreter elsewhere).
    Jit,
    /// The eBPF interpreter.
    Interp,
    /// The reference classic BPF interpreter.
    Cbpf,
    /// The running kernel, through BPF_PROG_TEST_RUN.
    Kernel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Direction {
    In,
    Out,
    Inout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompressChoice {
    Zstd,
    Gzip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimePrecision {
    Micro,
    Nano,
}

/// A tcpdump-class packet capture tool.
#[derive(Debug, Parser)]
#[command(name = "bpfdump", version, disable_version_flag = true, about)]
pub struct Args {
    /// Print the compiled filter program (-dd as C, -ddd as decimal) and exit.
    #[arg(short = 'd', action = ArgAction::Count)]
    pub dump: u8,
    /// Link type for -d (e.g. EN10MB, LINUX_SLL, RAW), or to capture with.
    #[arg(short = 'y', value_name = "LINKTYPE")]
    pub linktype: Option<String>,
    /// Snapshot length.
    #[arg(short = 's', value_name = "SNAPLEN")]
    pub snaplen: Option<u32>,
    /// Do not run the filter optimizer.
    #[arg(short = 'O')]
    pub no_optimize: bool,
    /// Read the filter expression from FILE.
    #[arg(short = 'F', value_name = "FILE")]
    pub filter_file: Option<PathBuf>,

    /// Read packets from FILE (pcap or pcapng, plain, gzip or zstd; - for
    /// standard input); several -r are read one after the other (merged in
    /// time order into one --pcapng output).
    #[arg(short = 'r', value_name = "FILE", action = ArgAction::Append)]
    pub read: Vec<PathBuf>,
    /// Read a list of capture files from FILE.
    #[arg(short = 'V', value_name = "FILE")]
    pub read_list: Option<PathBuf>,
    /// Write packets to FILE (pcap, pcapng with --pcapng; - for standard
    /// output).
    #[arg(short = 'w', value_name = "FILE")]
    pub write: Option<PathBuf>,
    /// Write pcapng instead of pcap (-w).
    #[arg(long = "pcapng")]
    pub pcapng: bool,
    /// Compress what -w writes.
    #[arg(long = "compress", value_enum, value_name = "zstd|gzip")]
    pub compress: Option<CompressChoice>,
    /// Stop after N packets.
    #[arg(
        short = 'c',
        value_name = "N",
        value_parser = parse_count,
        allow_negative_numbers = true
    )]
    pub count_limit: Option<u64>,
    /// Print only the number of matching packets.
    #[arg(long = "count")]
    pub count_only: bool,

    /// Capture on INTERFACE (`any` for all; a number N: the N-th of -D).
    #[arg(short = 'i', value_name = "INTERFACE", allow_negative_numbers = true)]
    pub interface: Option<String>,
    /// List the interfaces and exit.
    #[arg(short = 'D')]
    pub list_interfaces: bool,
    /// List the link types of the interface and exit.
    #[arg(short = 'L')]
    pub list_linktypes: bool,
    /// List the time stamp types of the interface and exit.
    #[arg(short = 'J', long = "list-time-stamp-types")]
    pub list_time_stamp_types: bool,
    /// The time stamp type of a live capture (-J lists them).
    #[arg(short = 'j', long = "time-stamp-type", value_name = "TYPE")]
    pub time_stamp_type: Option<String>,
    /// With -w: print the packets as well.
    #[arg(long = "print")]
    pub print: bool,
    /// Capture in 802.11 monitor mode.
    #[arg(short = 'I', long = "monitor-mode")]
    pub monitor_mode: bool,
    /// Do not put the interface into promiscuous mode.
    #[arg(short = 'p')]
    pub no_promisc: bool,
    /// Capture direction.
    #[arg(short = 'Q', value_enum, value_name = "in|out|inout")]
    pub direction: Option<Direction>,
    /// Capture buffer size in KiB.
    #[arg(short = 'B', value_name = "KIB")]
    pub buffer_kib: Option<u32>,
    /// Write each packet to the output file as it arrives.
    #[arg(short = 'U')]
    pub packet_buffered: bool,
    /// Line-buffered printing.
    #[arg(short = 'l')]
    pub line_buffered: bool,
    /// Deliver packets as soon as they arrive.
    #[arg(long = "immediate-mode")]
    pub immediate_mode: bool,
    /// Rotate the output file every SECONDS.
    #[arg(short = 'G', value_name = "SECONDS")]
    pub rotate_seconds: Option<u64>,
    /// Rotate the output file when it exceeds MB million bytes.
    #[arg(short = 'C', value_name = "MB")]
    pub rotate_size_mb: Option<u64>,
    /// Keep at most N rotated files.
    #[arg(short = 'W', value_name = "N")]
    pub rotate_count: Option<u32>,
    /// With -C or -G: run COMMAND FILE on each file once it is complete.
    #[arg(short = 'z', value_name = "COMMAND")]
    pub post_rotate: Option<String>,
    /// Drop privileges to USER after opening the capture.
    #[arg(short = 'Z', value_name = "USER")]
    pub user: Option<String>,
    /// Filter in bpfdump instead of the kernel (live capture).
    #[arg(long = "userspace-filter")]
    pub userspace_filter: bool,
    /// Threads: PACKET_FANOUT sockets for live capture, workers for files.
    #[arg(long = "threads", value_name = "N")]
    pub threads: Option<usize>,

    /// Execution engine for filtering in user space.
    #[arg(long = "engine", value_enum)]
    pub engine: Option<EngineChoice>,
    /// Print the eBPF translation of the filter and exit.
    #[arg(long = "dump-ebpf")]
    pub dump_ebpf: bool,
    /// Print the JIT's machine code, disassembled, and exit.
    #[arg(long = "dump-jit")]
    pub dump_jit: bool,
    /// Print instruction counts before and after optimization.
    #[arg(long = "stats")]
    pub stats: bool,
    /// Trace the classic filter's run on each packet read (or on packets
    /// N,M,... counted from 1): instructions, A and X, bytes loaded,
    /// branches, verdict.
    #[arg(long = "trace", value_name = "N,M", num_args = 0..=1, require_equals = true,
          default_missing_value = "all")]
    pub trace: Option<String>,
    /// The same for the filter's eBPF translation.
    #[arg(long = "trace-ebpf", value_name = "N,M", num_args = 0..=1, require_equals = true,
          default_missing_value = "all")]
    pub trace_ebpf: Option<String>,
    /// Benchmark the filter over the packets of -r FILE.
    #[arg(long = "bench")]
    pub bench: bool,

    /// Don't convert addresses or ports to names (-nn: same).
    #[arg(short = 'n', action = ArgAction::Count)]
    pub numeric: u8,
    /// Print host names without their domain.
    #[arg(short = 'N')]
    pub short_host_names: bool,
    /// Print NFS file handles undecoded.
    #[arg(short = 'u')]
    pub raw_nfs_handles: bool,
    /// Print "foreign" IPv4 addresses (not on the capture interface's
    /// network) numerically.
    #[arg(short = 'f')]
    pub foreign_numeric: bool,
    /// Print the link-level header.
    #[arg(short = 'e')]
    pub link_header: bool,
    /// Quick, less protocol information.
    #[arg(short = 'q')]
    pub quiet: bool,
    /// Timestamp format (-t none, -tt epoch, -ttt delta, -tttt date, -ttttt since first).
    #[arg(short = 't', action = ArgAction::Count)]
    pub timestamp: u8,
    /// Timestamp precision.
    #[arg(long = "time-stamp-precision", value_enum)]
    pub time_precision: Option<TimePrecision>,
    /// Verbose output (-vv, -vvv more).
    #[arg(short = 'v', action = ArgAction::Count)]
    pub verbose: u8,
    /// Hex dump (-xx with link header).
    #[arg(short = 'x', action = ArgAction::Count)]
    pub hex: u8,
    /// Hex and ASCII dump (-XX with link header).
    #[arg(short = 'X', action = ArgAction::Count)]
    pub hex_ascii: u8,
    /// ASCII dump (-AA with link header).
    #[arg(short = 'A', action = ArgAction::Count)]
    pub ascii: u8,
    /// Print packet numbers.
    #[arg(short = '#', long = "number")]
    pub packet_numbers: bool,
    /// Absolute TCP sequence numbers.
    #[arg(short = 'S', long = "absolute-tcp-sequence-numbers")]
    pub absolute_seq: bool,
    /// Print version and exit.
    #[arg(long = "version")]
    pub version: bool,
    /// Printing options beyond the common ones (-T, -E, --skip, ...).
    #[command(flatten)]
    pub more_print: super::print_opts::MorePrintArgs,

    /// The filter expression (pcap-filter(7)). Options may follow it, as
    /// with tcpdump under GNU getopt; `--` ends the options.
    #[arg(value_name = "EXPRESSION")]
    pub expression: Vec<String>,
}

impl Args {
    pub fn dump_level(&self) -> u8 {
        self.dump
    }

    /// `-C`, `-G` and `-W`, checked as tcpdump checks them (`-G 0`, as
    /// there, means no rotation by time).
    pub fn rotation_policy(&self) -> anyhow::Result<RotationPolicy> {
        if let Some(size) = self.rotate_size_mb.filter(|&mb| mb == 0) {
            anyhow::bail!("invalid file size {size}");
        }
        if let Some(count) = self.rotate_count.filter(|&n| n == 0) {
            anyhow::bail!("invalid number of output files {count}");
        }
        Ok(RotationPolicy {
            size_limit: self.rotate_size_mb.map(|mb| mb.saturating_mul(1_000_000)),
            seconds: self.rotate_seconds.filter(|&g| g != 0),
            max_files: self.rotate_count,
        })
    }

    /// How `-w` writes: `--pcapng`, `--compress`.
    pub fn output_spec(&self) -> OutputSpec {
        OutputSpec {
            format: if self.pcapng {
                OutputFormat::Pcapng
            } else {
                OutputFormat::Pcap
            },
            compression: match self.compress {
                None => Compression::None,
                Some(CompressChoice::Gzip) => Compression::Gzip,
                Some(CompressChoice::Zstd) => Compression::Zstd,
            },
            section: SectionInfo::this_machine(),
        }
    }

    /// The link type `-y` names, if given.
    pub fn requested_linktype(&self) -> anyhow::Result<Option<LinkType>> {
        self.linktype
            .as_deref()
            .map(|name| {
                LinkType::from_name(name)
                    .ok_or_else(|| anyhow::anyhow!("invalid data link type {}", user_text(name)))
            })
            .transpose()
    }

    /// The filter expression: from -F, or the remaining arguments joined by
    /// spaces, as tcpdump does.
    pub fn filter_text(&self) -> anyhow::Result<String> {
        match &self.filter_file {
            Some(path) => {
                let text = super::text_file::read_bounded(
                    path,
                    super::text_file::FILTER_FILE_LIMIT,
                    "a filter file (-F)",
                    false,
                )?;
                // tcpdump ignores comments (#...) in -F files.
                Ok(text
                    .lines()
                    .map(|l| l.split('#').next().unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join(" "))
            }
            None => Ok(self.expression.join(" ")),
        }
    }
}

/// A `-c` value that is not a packet count, refused with tcpdump's words.
#[derive(Debug)]
struct BadCount(String);

impl std::fmt::Display for BadCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid packet count {}", user_text(&self.0))
    }
}

impl std::error::Error for BadCount {}

/// `-c N`: a positive number of packets (tcpdump refuses 0 too).
fn parse_count(text: &str) -> Result<u64, BadCount> {
    text.parse::<u64>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| BadCount(text.to_string()))
}

/// Parse the command line; usage errors exit with status 1, as tcpdump's do.
pub fn parse() -> Result<Args, ExitCode> {
    let argv = super::trace::join_values(std::env::args_os().collect());
    match Args::try_parse_from(argv) {
        Ok(args) if args.version => {
            println!("bpfdump version {}", env!("CARGO_PKG_VERSION"));
            Err(ExitCode::SUCCESS)
        }
        Ok(mut args) => {
            // --nano and --micro are --time-stamp-precision's short forms.
            if args.more_print.nano {
                args.time_precision = Some(TimePrecision::Nano);
            } else if args.more_print.micro {
                args.time_precision = Some(TimePrecision::Micro);
            }
            Ok(args)
        }
        Err(e) => {
            let source = std::error::Error::source(&e);
            if let Some(bad) = source.and_then(|s| s.downcast_ref::<BadCount>()) {
                eprintln!("bpfdump: {bad}");
                return Err(ExitCode::from(1));
            }
            if let Some(bad) =
                source.and_then(|s| s.downcast_ref::<super::print_opts::BadPrintValue>())
            {
                eprintln!("bpfdump: {bad}");
                return Err(ExitCode::from(1));
            }
            if e.use_stderr() {
                eprint!("{}", bounded_clap_message(&e));
                Err(ExitCode::from(1))
            } else {
                // --help: to standard output, as clap prints it.
                let _ = e.print();
                Err(ExitCode::SUCCESS)
            }
        }
    }
}

/// clap's message, with the arguments it repeats (an unknown option, a bad
/// value) quoted through [`user_text`], so that a huge or unprintable
/// argument is not echoed whole.
fn bounded_clap_message(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue};
    let mut text = e.render().to_string();
    for kind in [ContextKind::InvalidValue, ContextKind::InvalidArg] {
        if let Some(ContextValue::String(raw)) = e.get(kind) {
            let shown = user_text(raw);
            if !raw.is_empty() && shown != raw.as_str() {
                text = text.replace(raw.as_str(), &shown);
            }
        }
    }
    text
}
