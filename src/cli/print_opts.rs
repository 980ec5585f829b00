//! Mapping the printing flags of the command line to [`PrintOptions`].

use super::args::TimePrecision;
use bpfdump::packet::TimestampPrecision;
use bpfdump::print::{PacketType, PrintOptions};
use bpfdump::quote::user_text;
use clap::{ArgAction, Args};

/// The printing options of tcpdump beyond the common ones, kept apart
/// from `args.rs` (flattened into it).
#[derive(Debug, Clone, Default, Args)]
pub struct MorePrintArgs {
    /// Decode the packets the filter selects as TYPE (aodv, cnfp, domain,
    /// lmp, pgm, pgm_zmtp1, ptp, quic, radius, resp, rpc, rtcp, rtp, snmp,
    /// someip, tftp, vat, vxlan, wb, zmtp1, ...).
    #[arg(short = 'T', value_name = "TYPE", value_parser = parse_packet_type)]
    pub packet_type: Option<PacketType>,
    /// ESP decryption secrets: `spi@addr algo:secret`, or `file PATH`.
    #[arg(short = 'E', value_name = "SPEC")]
    pub esp_secret: Option<String>,
    /// TCP-MD5 shared secret: signatures are verified with it.
    #[arg(short = 'M', value_name = "SECRET")]
    pub tcp_md5_secret: Option<String>,
    /// Nanosecond timestamps (--time-stamp-precision nano).
    #[arg(long = "nano")]
    pub nano: bool,
    /// Microsecond timestamps (--time-stamp-precision micro).
    #[arg(long = "micro", conflicts_with = "nano")]
    pub micro: bool,
    /// Skip COUNT packets before printing.
    #[arg(
        long = "skip",
        value_name = "COUNT",
        value_parser = parse_skip,
        allow_negative_numbers = true
    )]
    pub skip: Option<u64>,
    /// Print every NTH packet (and absolute TCP sequence numbers).
    #[arg(
        long = "print-sampling",
        value_name = "NTH",
        value_parser = parse_sampling,
        allow_negative_numbers = true
    )]
    pub print_sampling: Option<u32>,
    /// Print the captured and original lengths of each packet.
    #[arg(long = "lengths")]
    pub lengths: bool,
    /// No line break after the IP header with -v.
    #[arg(short = 'g', long = "ip-oneline")]
    pub ip_oneline: bool,
    /// AS numbers in BGP in asdot notation.
    #[arg(short = 'b')]
    pub bgp_asdot: bool,
    /// Detect 802.11s draft mesh headers.
    #[arg(short = 'H')]
    pub mesh_headers: bool,
    /// Don't verify checksums.
    #[arg(short = 'K', long = "dont-verify-checksums", action = ArgAction::SetTrue)]
    pub no_checksum: bool,
}

/// A printing option's bad value, refused with tcpdump's words.
#[derive(Debug)]
pub struct BadPrintValue(String);

impl std::fmt::Display for BadPrintValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadPrintValue {}

fn parse_packet_type(text: &str) -> Result<PacketType, BadPrintValue> {
    PacketType::from_name(text)
        .ok_or_else(|| BadPrintValue(format!("unknown packet type '{}'", user_text(text))))
}

fn parse_skip(text: &str) -> Result<u64, BadPrintValue> {
    text.parse::<u64>().map_err(|_| {
        BadPrintValue(format!(
            "invalid packet skip count \"{}\" (not a valid unsigned number)",
            user_text(text)
        ))
    })
}

fn parse_sampling(text: &str) -> Result<u32, BadPrintValue> {
    text.parse::<u32>()
        .ok()
        .filter(|&n| (1..=i32::MAX as u32).contains(&n))
        .ok_or_else(|| {
            BadPrintValue(format!(
                "invalid print sampling {} (must be >= 1 and <= 2147483647)",
                user_text(text)
            ))
        })
}

/// The printer's options from `-n -e -q -t.. -v -x -X -A -# -S
/// --time-stamp-precision`.
pub fn print_options(args: &super::Args) -> PrintOptions {
    let more = &args.more_print;
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
        ascii: args.ascii > 0,
        ascii_link: args.ascii > 1,
        packet_numbers: args.packet_numbers,
        absolute_seq: args.absolute_seq || more.print_sampling.is_some(),
        packet_type: more.packet_type,
        skip: more.skip.unwrap_or(0),
        sampling: more.print_sampling.unwrap_or(0),
        lengths: more.lengths,
        ip_oneline: more.ip_oneline,
        bgp_asdot: more.bgp_asdot,
        mesh_headers: more.mesh_headers,
        no_checksum: more.no_checksum,
        short_host_names: args.short_host_names,
        raw_nfs_handles: args.raw_nfs_handles,
        local_net: None,
        esp_secret: more.esp_secret.clone(),
        tcp_md5_secret: more.tcp_md5_secret.clone(),
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
