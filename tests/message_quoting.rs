//! Messages that repeat user input quote a bounded, escaped excerpt of it:
//! a 1 MB token is cut, NUL and escape characters are shown as `\x00`,
//! never written raw to the terminal.

use std::io::Write;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_bpfdump");

/// Long enough for any message quoting one excerpt, far shorter than the
/// input.
const BOUND: usize = 400;

fn big_token() -> String {
    "x".repeat(1 << 20)
}

fn message(expr: &str) -> String {
    bpfdump::compile_filter(expr, &Default::default())
        .expect_err("must be refused")
        .to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run bpfdump")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The shape every refusal must have: status 1, one short line or two
/// (no 1 MB echo), no raw control byte, no panic.
fn assert_bounded_refusal(out: &Output) {
    let stderr = stderr_of(out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.len() < BOUND, "{} bytes of stderr", stderr.len());
    assert!(
        !out.stderr
            .iter()
            .any(|&b| b < 0x20 && b != b'\n' || b == 0x7f),
        "raw control byte in {stderr:?}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn syntax_error_quotes_an_excerpt_of_a_huge_token() {
    let token = big_token();
    let m = message(&token);
    assert!(m.len() < BOUND, "{} bytes", m.len());
    assert!(
        m.starts_with("can't parse filter expression: syntax error: unexpected 'xxxx"),
        "{m}"
    );
    assert!(m.contains("...' at column 1"), "{m}");
    // After something valid, the column still points at the token.
    let m = message(&format!("tcp and ({token}"));
    assert!(m.len() < BOUND, "{} bytes", m.len());
}

#[test]
fn compile_errors_quote_an_excerpt_of_a_huge_name() {
    let token = big_token();
    for (expr, start) in [
        (format!("host {token}"), "unknown host 'xxx"),
        (format!("port {token}"), "unknown port 'xxx"),
        (format!("ip proto {token}"), "unknown 'ip proto' value 'xxx"),
        (
            format!("ether proto {token}"),
            "unknown 'link proto' value 'xxx",
        ),
        (format!("net {token}"), "unknown network 'xxx"),
    ] {
        let m = message(&expr);
        assert!(m.len() < BOUND, "{}: {} bytes", &expr[..12], m.len());
        assert!(m.starts_with(start), "{m}");
        assert!(m.ends_with("...'"), "{m}");
    }
}

#[test]
fn lexical_errors_quote_an_excerpt() {
    let digits = "9".repeat(100_000);
    let m = message(&format!("port {digits}"));
    assert!(m.len() < BOUND, "{} bytes", m.len());
    assert!(m.starts_with("decimal number 9999"), "{m}");
    assert!(m.ends_with("... overflows 32 bits"), "{m}");
}

#[test]
fn nul_and_escape_bytes_in_an_expression_are_escaped() {
    let m = message("tcp\0port 80");
    assert!(!m.contains('\0'), "{m:?}");
    assert!(m.contains("'\\x00'"), "{m:?}");
    // (Not after a whole primitive: `host a\x1b...` is refused, as libpcap
    // refuses it, for the unknown host `a` read before the escape byte.)
    let m = message("host \u{1b}[2Jb");
    assert!(!m.contains('\u{1b}'), "{m:?}");
    assert!(m.contains("\\x1b"), "{m:?}");
}

#[test]
fn ordinary_messages_are_unchanged() {
    // What libpcap's development version says, word for word, when the
    // input is ordinary (a syntax error adds what and where).
    assert_eq!(
        message("host nosuchhost.invalid"),
        "unknown host 'nosuchhost.invalid'"
    );
    assert_eq!(
        message("tcp port $"),
        "can't parse filter expression: syntax error: unexpected '$' at column 10"
    );
}

#[test]
fn command_line_with_a_huge_filter_token_prints_a_short_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("filter");
    std::fs::write(&file, format!("host {}", big_token())).unwrap();
    let out = run(&["-d", "-F", file.to_str().unwrap()]);
    assert_bounded_refusal(&out);
    assert!(
        stderr_of(&out).starts_with("bpfdump: unknown host 'xxx"),
        "{}",
        stderr_of(&out)
    );
    // As a syntax error.
    std::fs::write(&file, big_token()).unwrap();
    let out = run(&["-d", "-F", file.to_str().unwrap()]);
    assert_bounded_refusal(&out);
}

#[test]
fn command_line_never_writes_a_nul_byte_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("filter");
    let mut f = std::fs::File::create(&file).unwrap();
    f.write_all(b"tcp\0port 80\n").unwrap();
    drop(f);
    let out = run(&["-d", "-F", file.to_str().unwrap()]);
    assert!(!out.stderr.contains(&0), "{:?}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("panicked"));
}

#[test]
fn command_line_arguments_are_quoted_in_their_messages() {
    // The largest single argument Linux passes is 128 KiB.
    let long = "y".repeat(100_000);
    let escape = "eth\u{1b}[2J0";
    for args in [
        vec!["-i", long.as_str(), "-w", "/dev/null"],
        vec!["-i", escape, "-w", "/dev/null"],
        vec!["-y", long.as_str(), "-d", "ip"],
        vec!["-c", long.as_str(), "-d", "ip"],
        vec!["-Q", long.as_str(), "-d", "ip"],
        vec!["-d", long.as_str()],
    ] {
        let out = run(&args);
        assert_bounded_refusal(&out);
    }
    let out = run(&["-i", escape, "-w", "/dev/null"]);
    assert!(
        stderr_of(&out).starts_with("bpfdump: eth\\x1b[2J0: No such device exists"),
        "{}",
        stderr_of(&out)
    );
}
