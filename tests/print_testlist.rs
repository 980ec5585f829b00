//! tcpdump's own printer test suite, run against bpfdump the way tcpdump's
//! `tests/TESTrun` runs it: every test of `tests/TESTLIST` plus the tests
//! TESTrun declares in Perl (those its configuration does not skip), each
//! as `bpfdump -# -n -r CAPTURE -tttt OPTIONS` (no `-tttt` for the
//! `SPECIAL_t` time-format tests) with `TZ=GMT0`. A test passes when the
//! exit status is 0, standard output equals the `.out` file byte for byte
//! and standard error holds nothing but the `reading from file` line.
//!
//! The suite comes from the tcpdump development snapshot in
//! `../shared/oracles/tcpdump/`: its `tests/` folder is taken from
//! `$BPFDUMP_TCPDUMP_TESTS`, else from the snapshot build
//! (`target/tcpdump-head/tests`, made by the snapshot's `build.sh`), else
//! extracted from the tarball into the test's temporary folder. Without any
//! of them the test says `skipped` (and fails if
//! `BPFDUMP_REQUIRE_ORACLES=1`).
//!
//! `tests/print_testlist_known_failures.txt` lists the tests known to fail
//! (one name a line, `# reason` optional). Any other failing test fails
//! this test; a listed test that passes is reported so the list can shrink.
//!
//! `BPFDUMP_TESTLIST_VERBOSE=1` prints every test's verdict;
//! `BPFDUMP_TESTLIST_ONLY=a,b` runs only the tests whose name contains one
//! of the words; `BPFDUMP_TESTLIST_DIFF=N` shows the first N differing lines
//! of each failure (`scripts/testlist.sh` wraps these).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const KNOWN_FAILURES: &str = include_str!("print_testlist_known_failures.txt");

/// One test of the suite.
#[derive(Debug, Clone)]
struct Case {
    name: String,
    input: String,
    output: String,
    /// The options, already split as the shell would.
    args: Vec<String>,
}

/// Where the suite's `tests/` folder is, or why it is not there.
fn suite_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("BPFDUMP_TCPDUMP_TESTS") {
        let dir = PathBuf::from(dir);
        return if dir.join("TESTLIST").is_file() {
            Ok(dir)
        } else {
            Err(format!(
                "$BPFDUMP_TCPDUMP_TESTS ({}) has no TESTLIST",
                dir.display()
            ))
        };
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tcpdump-head/tests");
    if built.join("TESTLIST").is_file() {
        return Ok(built);
    }
    let shared = common::shared_dir().ok_or("../shared not found (set BPFDUMP_SHARED)")?;
    let oracle = shared.join("oracles/tcpdump");
    let tarball = std::fs::read_dir(&oracle)
        .map_err(|e| format!("{}: {e}", oracle.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("tcpdump-") && n.ends_with(".tar.gz"))
        })
        .min()
        .ok_or_else(|| format!("no tcpdump-*.tar.gz in {}", oracle.display()))?;
    let stem = tarball
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("tcpdump")
        .trim_end_matches(".tar.gz")
        .to_string();
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tcpdump-suite");
    let dest = base.join(&stem);
    if dest.join("tests/TESTLIST").is_file() {
        return Ok(dest.join("tests"));
    }
    // Extract into a private folder, then rename: concurrent runs never see
    // a half-extracted suite.
    let tmp = base.join(format!("{stem}.tmp{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&tmp)
        .arg("--strip-components=1")
        .arg("--wildcards")
        .arg("*/tests/*")
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() || !tmp.join("tests/TESTLIST").is_file() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(format!(
            "extracting tests/ from {} failed",
            tarball.display()
        ));
    }
    if std::fs::rename(&tmp, &dest).is_err() {
        // Another run got there first.
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Ok(dest.join("tests"))
}

/// Split an option string as `sh` would: words, with single and double
/// quotes (no expansions beyond TESTrun's `${testsdir}`).
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            None => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// TESTrun's option handling: `SPECIAL_t` is dropped, otherwise `-tttt`
/// goes first.
fn make_case(name: &str, input: &str, output: &str, args: &str, testsdir: &Path) -> Case {
    let args = args.replace("${testsdir}", &testsdir.display().to_string());
    let mut words = shell_words(&args);
    if let Some(i) = words.iter().position(|w| w == "SPECIAL_t") {
        words.remove(i);
    } else {
        words.insert(0, "-tttt".to_string());
    }
    Case {
        name: name.to_string(),
        input: input.to_string(),
        output: output.to_string(),
        args: words,
    }
}

/// The tests of TESTLIST: `name capture output options...`.
fn testlist_cases(dir: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(dir.join("TESTLIST")).expect("read TESTLIST");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 3).then(|| make_case(f[0], f[1], f[2], &f[3..].join(" "), dir))
        })
        .collect()
}

/// Whether a TESTrun `skip => ...` expression skips the test in the
/// reference configuration (the snapshot's `build.sh`: libcrypto on, SMB
/// off, no Capsicum; `--fp-type` 9877.895 is type 1, `--time-t-size` 64).
fn skipped(expr: &str) -> bool {
    let defined = |sym: &str| matches!(sym, "HAVE_LIBCRYPTO");
    let mut skip = false;
    for term in expr.split("||") {
        let term = term.trim().trim_start_matches('(').trim();
        let arg = term
            .split(['(', ')'])
            .nth(1)
            .map(|a| a.trim().trim_matches(['\'', '"']).trim())
            .unwrap_or("");
        let this = if term.starts_with("skip_config_undef") {
            !defined(arg)
        } else if term.starts_with("skip_config_def1") {
            defined(arg)
        } else if term.starts_with("skip_fptype_not") {
            arg != "1"
        } else if term.starts_with("skip_time_t_not") {
            arg != "64"
        } else {
            // An unknown condition: run the test (a failure shows it).
            false
        };
        skip |= this;
    }
    skip
}

/// The tests TESTrun declares in its `@decode_tests` list (Perl hashes of
/// `key => value` pairs).
fn testrun_cases(dir: &Path) -> Vec<Case> {
    let Ok(text) = std::fs::read_to_string(dir.join("TESTrun")) else {
        return Vec::new();
    };
    let Some(start) = text.find("my @decode_tests = (") else {
        return Vec::new();
    };
    let body = &text[start..];
    let end = body.find("\n);").unwrap_or(body.len());
    let body = &body[..end];
    let mut cases = Vec::new();
    for block in body.split("\n\t{").skip(1) {
        let block = block.split("\n\t}").next().unwrap_or("");
        let mut skip = String::new();
        let (mut name, mut input, mut output, mut args) =
            (String::new(), String::new(), String::new(), String::new());
        // A value runs to the end of its line, less the trailing comma.
        let mut key = String::new();
        for line in block.lines() {
            let line = line.trim();
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let value = match line.split_once("=>") {
                Some((k, v)) => {
                    key = k.trim().to_string();
                    v.trim()
                }
                None => line,
            };
            let value = value.trim_end_matches(',').trim();
            let unquoted = value.trim_matches(['\'', '"']).to_string();
            match key.as_str() {
                "skip" => {
                    skip.push(' ');
                    skip.push_str(value);
                }
                "name" => name = unquoted,
                "input" => input = unquoted,
                "output" => output = unquoted,
                "args" => args = unquoted,
                _ => {}
            }
        }
        if name.is_empty() || input.is_empty() || output.is_empty() || skipped(&skip) {
            continue;
        }
        cases.push(make_case(&name, &input, &output, &args, dir));
    }
    cases
}

#[derive(Debug)]
enum Verdict {
    Pass,
    Fail(String),
}

/// Run one test as TESTrun does.
fn run_case(bin: &Path, dir: &Path, case: &Case, diff_lines: usize) -> Verdict {
    let input = dir.join(&case.input);
    let mut cmd = Command::new("timeout");
    cmd.arg("-k")
        .arg("2")
        .arg("60")
        .arg(bin)
        .arg("-#")
        .arg("-n")
        .arg("-r")
        .arg(&input)
        .args(&case.args)
        .env("TZ", "GMT0")
        .current_dir(dir)
        .stdin(Stdio::null());
    let out = match cmd.output() {
        Ok(o) => o,
        Err(e) => return Verdict::Fail(format!("cannot run {}: {e}", bin.display())),
    };
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().find(|l| !l.starts_with("reading from file"));
        return Verdict::Fail(format!(
            "exit status {:?}: {}",
            out.status.code(),
            first.unwrap_or("").chars().take(200).collect::<String>()
        ));
    }
    let expected = match std::fs::read(dir.join(&case.output)) {
        Ok(e) => e,
        Err(e) => return Verdict::Fail(format!("{}: {e}", case.output)),
    };
    if out.stdout != expected {
        return Verdict::Fail(first_differences(&expected, &out.stdout, diff_lines));
    }
    let err = String::from_utf8_lossy(&out.stderr);
    if let Some(l) = err.lines().find(|l| !l.starts_with("reading from file ")) {
        return Verdict::Fail(format!(
            "stderr: {}",
            l.chars().take(200).collect::<String>()
        ));
    }
    Verdict::Pass
}

/// Where the output first differs from the expected, and (with `n` > 0)
/// the first `n` differing lines of each.
fn first_differences(expected: &[u8], got: &[u8], n: usize) -> String {
    let e: Vec<&[u8]> = expected.split(|&b| b == b'\n').collect();
    let g: Vec<&[u8]> = got.split(|&b| b == b'\n').collect();
    let mut diffs = Vec::new();
    let mut first = None;
    for i in 0..e.len().max(g.len()) {
        let (a, b) = (e.get(i), g.get(i));
        if a != b {
            first.get_or_insert(i + 1);
            if diffs.len() < n {
                let show = |x: Option<&&[u8]>| {
                    x.map(|l| String::from_utf8_lossy(l).into_owned())
                        .unwrap_or_else(|| "<none>".into())
                };
                diffs.push(format!(
                    "    line {}\n    - {}\n    + {}",
                    i + 1,
                    show(a),
                    show(b)
                ));
            }
        }
    }
    let mut text = format!(
        "output differs from line {} ({} expected lines, {} printed)",
        first.unwrap_or(0),
        e.len().saturating_sub(1),
        g.len().saturating_sub(1)
    );
    for d in diffs {
        text.push('\n');
        text.push_str(&d);
    }
    text
}

fn known_failures() -> BTreeSet<String> {
    KNOWN_FAILURES
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn tcpdump_printer_suite() {
    let dir = match suite_dir() {
        Ok(d) => d,
        Err(why) => {
            if std::env::var("BPFDUMP_REQUIRE_ORACLES").as_deref() == Ok("1") {
                panic!("tcpdump's test suite is required but unavailable: {why}");
            }
            eprintln!("tcpdump_printer_suite: skipped: {why}");
            return;
        }
    };
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_bpfdump"));
    let mut cases = testlist_cases(&dir);
    cases.extend(testrun_cases(&dir));
    let total_suite = cases.len();
    assert!(total_suite > 0, "no tests found in {}", dir.display());
    let names: BTreeSet<String> = cases.iter().map(|c| c.name.clone()).collect();
    assert_eq!(
        names.len(),
        cases.len(),
        "duplicate test names in the suite"
    );
    let known = known_failures();
    for k in &known {
        assert!(
            names.contains(k),
            "{k} in print_testlist_known_failures.txt is not a test of the suite"
        );
    }
    if let Ok(only) = std::env::var("BPFDUMP_TESTLIST_ONLY") {
        let words: Vec<&str> = only.split(',').filter(|w| !w.is_empty()).collect();
        if !words.is_empty() {
            cases.retain(|c| words.iter().any(|w| c.name.contains(w)));
        }
    }
    let verbose = std::env::var("BPFDUMP_TESTLIST_VERBOSE").as_deref() == Ok("1");
    let diff_lines: usize = std::env::var("BPFDUMP_TESTLIST_DIFF")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);

    // Run in parallel: a few threads taking the next test in turn.
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Verdict)>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 8);
    let started = std::time::Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                let v = run_case(&bin, &dir, case, diff_lines);
                results.lock().unwrap().push((i, v));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);

    let mut passed = 0;
    let mut regressions = Vec::new();
    let mut now_passing = Vec::new();
    for (i, verdict) in &results {
        let case = &cases[*i];
        match verdict {
            Verdict::Pass => {
                passed += 1;
                if verbose {
                    eprintln!("PASS {}", case.name);
                }
                if known.contains(&case.name) {
                    now_passing.push(case.name.clone());
                }
            }
            Verdict::Fail(why) => {
                if verbose {
                    eprintln!("FAIL {}: {why}", case.name);
                }
                if !known.contains(&case.name) {
                    regressions.push(format!(
                        "{} (-r {} {}): {why}",
                        case.name,
                        case.input,
                        case.args.join(" ")
                    ));
                }
            }
        }
    }
    let verbose_count = cases
        .iter()
        .zip(&results)
        .filter(|(c, _)| {
            c.args
                .iter()
                .any(|a| a.starts_with("-v") || a.starts_with("-ev"))
        })
        .count();
    let verbose_passed = cases
        .iter()
        .zip(&results)
        .filter(|(c, (_, v))| {
            matches!(v, Verdict::Pass)
                && c.args
                    .iter()
                    .any(|a| a.starts_with("-v") || a.starts_with("-ev"))
        })
        .count();
    eprintln!(
        "tcpdump printer suite ({}): passed {passed} of {} ({verbose_passed} of {verbose_count} with -v) in {:.1} s",
        dir.display(),
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    if !now_passing.is_empty() {
        eprintln!(
            "now passing, remove from tests/print_testlist_known_failures.txt:\n  {}",
            now_passing.join("\n  ")
        );
    }
    assert!(
        regressions.is_empty(),
        "{} test(s) not in print_testlist_known_failures.txt fail:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
}
