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
mod trace;

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
    if args.write.is_none() && (args.pcapng || args.compress.is_some()) {
        return fail("--pcapng and --compress say how -w writes: give -w FILE");
    }
    let result = if args.dump_level() > 0 || args.dump_ebpf || args.dump_jit || args.stats {
        dump::run(&args)
    } else if args.bench {
        bench::run(&args)
    } else if args.list_interfaces
        || args.list_linktypes
        || args.list_time_stamp_types
        || args.read.is_empty() && args.read_list.is_none()
    {
        live::run(&args)
    } else {
        offline::run(&args)
    };
    match result {
        Ok(code) => code,
        Err(e) => fail(describe(&e)),
    }
}

/// An error with its causes, each said once: errors whose message already
/// includes their cause (`vb: bind: No such device`) are not followed by
/// it a second time.
fn describe(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::from_raw_os_error(libc::ENOSPC);
        let live = bpfdump::live::LiveError::Io {
            interface: "vb".into(),
            what: "setsockopt(PACKET_FANOUT)",
            source: io,
        };
        let text = describe(&anyhow::Error::from(live));
        assert_eq!(
            text,
            "vb: setsockopt(PACKET_FANOUT): No space left on device (os error 28)"
        );
        // A cause the message does not include is still given.
        let wrapped = anyhow::Error::from(std::io::Error::from_raw_os_error(libc::ENOENT))
            .context("reading the filter file");
        assert_eq!(
            describe(&wrapped),
            "reading the filter file: No such file or directory (os error 2)"
        );
    }
}
