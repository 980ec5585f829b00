//! Filter a capture file in a few lines: print the packets that match,
//! as tcpdump does.
//!
//! `cargo run --example filter_capture -- testdata/mixed.pcap 'udp port 53'`
//! (pcap or pcapng, plain, gzip or zstd).

use bpfdump::capture::CaptureReader;
use bpfdump::print::{PrintOptions, Printer};
use bpfdump::{EngineKind, Filter, FilterOptions};
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .ok_or("usage: filter_capture FILE [EXPRESSION]")?;
    let expression = args.collect::<Vec<_>>().join(" ");

    let mut reader = CaptureReader::open(file.as_ref())?;
    let options = FilterOptions {
        linktype: reader.linktype(),
        ..FilterOptions::default()
    };
    let filter = Filter::compile(&expression, &options)?.engine(EngineKind::Jit)?;
    let print = PrintOptions {
        numeric: 1,
        ..PrintOptions::default()
    };
    let mut printer = Printer::new(print, reader.linktype());
    let (mut line, mut out) = (Vec::new(), std::io::stdout().lock());
    while let Some(record) = reader.next()? {
        if filter.run(record.packet.data, record.packet.wire_len) != 0 {
            line.clear();
            printer.print(&record.packet, &mut line);
            out.write_all(&line)?;
        }
    }
    Ok(())
}
