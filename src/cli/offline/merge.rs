//! Several inputs into one pcapng file (`--pcapng` with several `-r`, or
//! `-V`): the inputs are read side by side and their accepted packets
//! written in time order (ties: in the order the inputs were given), each
//! input's interfaces becoming interfaces of the output.
//!
//! Each input's next accepted packet is copied out of its reader while the
//! others are read; rejected packets are not copied. The first damaged or
//! unreadable input ends the run, as it does reading the inputs one after
//! the other.

use super::readers::open_input;
use super::{describe_read_error, interfaces_of, signals, Flow, InputInfo, OfflineRun, Stop};
use bpfdump::capture::{CaptureReader, OwnedRecord};
use bpfdump::LinkType;
use std::path::{Path, PathBuf};

/// One input being merged.
struct Input<'p> {
    path: &'p Path,
    reader: CaptureReader,
    /// Its number among the run's inputs (see `OfflineRun::file`).
    file: usize,
    snaplen: u32,
    swapped: bool,
    /// The filter last used (see `OfflineRun::accepts`).
    current: (LinkType, usize),
    /// Its next accepted packet; `None` at its end.
    head: Option<OwnedRecord>,
    /// A packet already written, whose buffers are reused.
    spare: Option<OwnedRecord>,
}

impl OfflineRun<'_> {
    pub(super) fn process_merged(&mut self, paths: &[PathBuf]) -> Result<Flow, Stop> {
        let mut opened = Vec::with_capacity(paths.len());
        for path in paths {
            let reader =
                open_input(path, self.args.threads).map_err(|e| Stop::Failed(e.to_string()))?;
            let info = InputInfo::of(&reader);
            opened.push((path, reader, info));
        }
        // The output, opened with the first input, keeps every input's
        // section comments.
        let comments: Vec<String> = opened
            .iter()
            .flat_map(|(_, _, i)| i.comments.clone())
            .collect();
        if let Some((_, _, first)) = opened.first_mut() {
            first.comments = comments;
        }
        let mut inputs = Vec::with_capacity(paths.len());
        for (path, reader, info) in opened {
            self.begin_file(path, &info)?;
            inputs.push(Input {
                path,
                reader,
                file: self.file,
                snaplen: info.snaplen,
                swapped: info.swapped,
                current: (LinkType(u32::MAX), usize::MAX),
                head: None,
                spare: None,
            });
        }
        for input in &mut inputs {
            self.advance(input)?;
        }
        while !self.limit_reached() {
            let earliest = inputs
                .iter()
                .enumerate()
                .filter_map(|(i, input)| Some((input.head.as_ref()?.timestamp, i)))
                .min();
            let Some((_, next)) = earliest else {
                break;
            };
            let input = &mut inputs[next];
            let record = input.head.take().expect("the earliest input has a packet");
            self.file = input.file;
            self.matched += 1;
            self.emit(&record.as_record())?;
            input.spare = Some(record);
            self.advance(input)?;
        }
        // Every input has been read to its end (or the run stops).
        Ok(Flow::Stop)
    }

    /// Read `input` on to its next accepted packet (none at its end or
    /// after a stop signal).
    fn advance(&mut self, input: &mut Input) -> Result<(), Stop> {
        input.head = None;
        loop {
            if signals::stopping() {
                self.interrupted = true;
                return Ok(());
            }
            let record = match input.reader.next() {
                Ok(Some(record)) => record,
                Ok(None) => return Ok(()),
                Err(e) => return Err(Stop::Failed(describe_read_error(&e))),
            };
            if !self.accepts(&record, &mut input.current, input.snaplen, input.swapped)? {
                continue;
            }
            let mut owned = input.spare.take().unwrap_or_default();
            owned.set(&record);
            self.file = input.file;
            if !self.is_mapped(owned.interface) {
                self.map_interfaces(&interfaces_of(&input.reader), input.path)?;
            }
            input.head = Some(owned);
            return Ok(());
        }
    }
}
