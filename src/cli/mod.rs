//! Command-line handling: tcpdump's flags, dispatched to the library.
//!
//! Each mode lives in its own file: [`dump`] (`-d`, `--dump-ebpf`, ...),
//! [`offline`] (`-r`), [`live`] (`-i`, `-D`, `-L`), [`bench`] (`--bench`).

mod args;
mod bench;
mod dump;
mod live;
mod offline;
mod print_opts;
mod signals;
mod text_file;

pub use args::Args;

use std::process::ExitCode;

/// Report an error the way tcpdump does (`bpfdump: message`) and give the
/// exit status tcpdump gives for it.
pub fn fail(err: impl std::fmt::Display) -> ExitCode {
    eprintln!("bpfdump: {err}");
    ExitCode::from(1)
}

pub fn main() -> ExitCode {
    let args = match args::parse() {
        Ok(a) => a,
        Err(code) => return code,
    };
    let result = if args.dump_level() > 0 || args.dump_ebpf || args.dump_jit || args.stats {
        dump::run(&args)
    } else if args.bench {
        bench::run(&args)
    } else if args.list_interfaces
        || args.list_linktypes
        || args.read.is_none() && args.read_list.is_none()
    {
        live::run(&args)
    } else {
        offline::run(&args)
    };
    match result {
        Ok(code) => code,
        Err(e) => fail(format!("{e:#}")),
    }
}
