//! Mapping the printing flags of the command line to [`PrintOptions`].

use super::args::TimePrecision;
use bpfdump::packet::TimestampPrecision;
use bpfdump::print::PrintOptions;

/// The printer's options from `-n -e -q -t.. -v -x -X -A -# -S
/// --time-stamp-precision`.
pub fn print_options(args: &super::Args) -> PrintOptions {
    PrintOptions {
        numeric: args.numeric,
        link_header: args.link_header,
        quiet: args.quiet,
        timestamp: args.timestamp,
        precision: match args.time_precision {
            Some(TimePrecision::Nano) => TimestampPrecision::Nano,
            Some(TimePrecision::Micro) | None => TimestampPrecision::Micro,
        },
        verbose: args.verbose,
        hex: args.hex,
        hex_ascii: args.hex_ascii,
        ascii: args.ascii,
        packet_numbers: args.packet_numbers,
        absolute_seq: args.absolute_seq,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn flags_map_to_options() {
        let args = super::super::Args::try_parse_from([
            "bpfdump",
            "-nn",
            "-e",
            "-ttt",
            "-vv",
            "-XX",
            "-S",
            "-#",
            "--time-stamp-precision",
            "nano",
            "-r",
            "f",
        ])
        .unwrap();
        let o = print_options(&args);
        assert_eq!(o.numeric, 2);
        assert!(o.link_header && o.absolute_seq && o.packet_numbers && !o.quiet && !o.ascii);
        assert_eq!((o.timestamp, o.verbose, o.hex_ascii, o.hex), (3, 2, 2, 0));
        assert_eq!(o.precision, TimestampPrecision::Nano);
    }
}
