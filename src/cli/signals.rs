//! SIGINT, SIGTERM and SIGHUP end a run cleanly, live or reading files:
//! the handler only raises a flag, which the loops check between packets,
//! so that the output ends at a record boundary, is flushed, and the
//! summary is printed, as tcpdump does.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by SIGINT/SIGTERM/SIGHUP: finish cleanly.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// Install the stop handler, as tcpdump does: for SIGINT and SIGTERM even
/// when they were inherited as ignored (a background job of a script
/// ignores SIGINT; `kill -INT` must still stop it), for SIGHUP only when it
/// was not ignored or handled already (`nohup` keeps its meaning).
///
/// No SA_RESTART: a signal interrupts a blocking system call such as
/// poll(2), so that a live capture sees the flag at once; every read and
/// write of the program retries after EINTR.
pub fn install() -> anyhow::Result<()> {
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
    let action = SigAction::new(
        SigHandler::Handler(on_stop_signal),
        SaFlags::empty(),
        SigSet::empty(),
    );
    for sig in [Signal::SIGINT, Signal::SIGTERM] {
        // SAFETY: the handler only stores to an atomic, which is
        // async-signal-safe.
        unsafe { sigaction(sig, &action) }?;
    }
    // SAFETY: as above.
    let old = unsafe { sigaction(Signal::SIGHUP, &action) }?;
    if old.handler() != SigHandler::SigDfl {
        // SAFETY: puts back the disposition the process was started with.
        unsafe { sigaction(Signal::SIGHUP, &old) }?;
    }
    Ok(())
}

/// Whether a stop signal has arrived.
#[inline]
pub fn stopping() -> bool {
    STOP.load(Ordering::Relaxed)
}
