//! `--pcapng` output: each input's interfaces become interfaces of the
//! output (numbered as they are first described), with the filter the
//! packets passed.

use super::output::write_error;
use super::{OfflineRun, Sink, Stop};
use crate::cli::args::TimePrecision;
use bpfdump::capture::{CaptureReader, InterfaceInfo};
use bpfdump::packet::TimestampPrecision;
use std::path::Path;

impl OfflineRun<'_> {
    /// An input's interface as the output describes it: with `-s` and
    /// `--time-stamp-precision` applied, the filter expression the packets
    /// passed (after any the input had), and the input file named when
    /// nothing else names the interface.
    pub(super) fn output_interface(
        &self,
        mut interface: InterfaceInfo,
        path: &Path,
    ) -> InterfaceInfo {
        match self.args.time_precision {
            Some(TimePrecision::Micro) => interface.precision = TimestampPrecision::Micro,
            Some(TimePrecision::Nano) => interface.precision = TimestampPrecision::Nano,
            None => {}
        }
        if let Some(snaplen) = self.args.snaplen.filter(|&s| s > 0) {
            interface.snaplen = snaplen;
        }
        let expression = self.filters.expression.trim();
        if !expression.is_empty() {
            interface.filter = Some(match interface.filter.take() {
                Some(before) if !before.trim().is_empty() => {
                    format!("({before}) and ({expression})")
                }
                _ => expression.to_string(),
            });
        }
        if interface.name.is_none() && interface.description.is_none() {
            interface.description = Some(path.display().to_string());
        }
        interface
    }

    /// Whether the current input's `interface` has a number in the output
    /// (always, for pcap: it has one interface).
    #[inline]
    pub(super) fn is_mapped(&self, interface: u32) -> bool {
        !self.pcapng || (interface as usize) < self.interface_maps[self.file].len()
    }

    /// pcapng: describe in the output those of the current input's
    /// `interfaces` (all it has described so far) that it does not have.
    pub(super) fn map_interfaces(
        &mut self,
        interfaces: &[InterfaceInfo],
        path: &Path,
    ) -> Result<(), Stop> {
        if !self.pcapng {
            return Ok(());
        }
        let known = self.interface_maps[self.file].len();
        for interface in interfaces.iter().skip(known) {
            let described = self.output_interface(interface.clone(), path);
            let Sink::Write {
                path: out_path,
                writer: Some(writer),
                ..
            } = &mut self.sink
            else {
                unreachable!("pcapng output is open before any packet")
            };
            let id = writer
                .add_interface(&described)
                .map_err(|e| write_error(out_path, e))?;
            self.interface_maps[self.file].push(id);
        }
        Ok(())
    }
}

/// The interfaces `reader` has described so far.
pub(super) fn interfaces_of(reader: &CaptureReader) -> Vec<InterfaceInfo> {
    (0..reader.interface_count())
        .filter_map(|id| reader.interface_info(id))
        .collect()
}
