//! `-d`, `-dd`, `-ddd`, `--dump-ebpf`, `--dump-jit`: show a stage of the
//! pipeline and exit.

use super::Args;
use bpfdump::{compile_filter, FilterOptions};
use std::io::Write;
use std::process::ExitCode;

/// Filter options from the command line (`-y`, `-s`, `-O`).
pub fn filter_options(args: &Args) -> anyhow::Result<FilterOptions> {
    let mut options = FilterOptions::default();
    if let Some(linktype) = args.requested_linktype()? {
        options.linktype = linktype;
    }
    if let Some(s) = args.snaplen {
        // tcpdump: 0 (or anything out of range) means the default.
        options.snaplen = if s == 0 || s > bpfdump::DEFAULT_SNAPLEN {
            bpfdump::DEFAULT_SNAPLEN
        } else {
            s
        };
    }
    options.optimize = !args.no_optimize;
    // Without an interface there is no socket whose metadata the program
    // could read (libpcap's `pcap_open_dead`).
    options.capture = if args.interface.is_some() {
        bpfdump::Capture::Live
    } else {
        bpfdump::Capture::Dead
    };
    Ok(options)
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let options = filter_options(args)?;
    let text = args.filter_text()?;
    let program = match compile_filter(&text, &options) {
        Ok(p) => p,
        Err(e) => return Ok(super::fail(e)),
    };
    if args.stats {
        // The optimizer's effect on this very expression: compile it
        // unoptimized and optimize that, so `before` is the generator's
        // output and `after` what `program` above is made of.
        let unoptimized = compile_filter(
            &text,
            &FilterOptions {
                optimize: false,
                ..options
            },
        )?;
        match bpfdump::optimize::stats_for_program(&unoptimized) {
            Ok(stats) => eprintln!("{stats}"),
            Err(e) => return Ok(super::fail(e)),
        }
        if args.dump_level() == 0 && !args.dump_ebpf && !args.dump_jit {
            return Ok(ExitCode::SUCCESS);
        }
    }
    let out = if args.dump_ebpf || args.dump_jit {
        match ebpf_listings(args, &program) {
            Ok(text) => text,
            Err(e) => return Ok(super::fail(e)),
        }
    } else {
        bpfdump::cbpf::dump::listing(&program, args.dump_level())
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--dump-ebpf` (the kernel form with `--engine kernel`) and `--dump-jit`.
fn ebpf_listings(args: &Args, program: &[bpfdump::cbpf::Insn]) -> anyhow::Result<String> {
    use bpfdump::ebpf::{dump, jit, translate};
    let mut out = String::new();
    if args.dump_ebpf {
        let ebpf = if args.engine == Some(super::args::EngineChoice::Kernel) {
            translate::translate(program, translate::Target::Kernel)?
        } else {
            bpfdump::engine::verified_ebpf(program)?.0
        };
        out.push_str(&dump::listing(&ebpf));
    }
    if args.dump_jit {
        let (ebpf, _) = bpfdump::engine::verified_ebpf(program)?;
        out.push_str(&dump::disassemble_x86_64(&jit::machine_code(&ebpf)?, 0));
    }
    Ok(out)
}
