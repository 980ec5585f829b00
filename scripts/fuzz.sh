#!/usr/bin/env bash
# Coverage-guided fuzzing of bpfdump (issue 15): build the targets of fuzz/
# with libFuzzer on stable Rust, seed their corpora, and run each for
# MINUTES minutes, one after the other, at the lowest priority.
#
#   scripts/fuzz.sh [MINUTES] [TARGET...]    (default: 10 minutes, every target)
#
# Targets: expr capture print cbpf ebpf (tests/fuzz_checks/*.rs says what
# each checks). Corpora grow in fuzz/corpus/TARGET, seeded from fuzz/seeds,
# ../shared/pcaps, filters/ and scripts/ (scripts/fuzz_seeds.py); findings go
# to fuzz/artifacts/TARGET/, logs to fuzz/logs/. A finding, once fixed, is
# saved in fuzz/regressions/TARGET/ (minimize it first:
# `fuzz/target/*/release/TARGET -minimize_crash=1 -runs=10000 FILE`), where
# `cargo test` replays it.
#
# The fuzzer runs in fork mode, going on after a finding. Environment:
# FUZZ_JOBS (default 1) parallel fuzzer processes per target; FUZZ_TIMEOUT
# (default 1) seconds after which a run is a hang (raise it on a loaded
# machine, and time any hang found again alone);
# FUZZ_ARGS extra libFuzzer flags; BPFDUMP_FUZZ_NO_KERNEL_ENGINE=1 keeps the
# cbpf target off BPF_PROG_TEST_RUN (it still asks SO_ATTACH_FILTER when it can).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-10}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(expr capture print cbpf ebpf)

# libFuzzer's coverage instrumentation, with flags stable rustc takes (what
# cargo-fuzz passes, minus the nightly-only -Zsanitizer). --target keeps
# the flags off build scripts and proc macros.
host=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-C passes=sancov-module -C llvm-args=-sanitizer-coverage-level=3 \
-C llvm-args=-sanitizer-coverage-inline-8bit-counters -C llvm-args=-sanitizer-coverage-pc-table \
-C llvm-args=-sanitizer-coverage-trace-compares -C force-frame-pointers=yes"
(cd fuzz && nice -n 19 cargo build --release --target "$host" --bins)
bin=fuzz/target/$host/release

# Classic programs for the cbpf/ebpf seeds come from bpfdump -ddd.
if [ ! -x target/release/bpfdump ]; then
    nice -n 19 cargo build --release --bin bpfdump
fi
python3 scripts/fuzz_seeds.py fuzz/corpus >/dev/null
for t in "${targets[@]}"; do
    cp -n fuzz/seeds/"$t"/* fuzz/regressions/"$t"/* fuzz/corpus/"$t"/ 2>/dev/null || true
done

mkdir -p fuzz/logs
status=0
for t in "${targets[@]}"; do
    mkdir -p fuzz/artifacts/"$t"
    log=fuzz/logs/$t.log
    echo "== $t: $minutes min (log: $log)"
    # -timeout: a run over 1 s is a hang, except for expr: its largest
    # legitimate programs (protochain's unrolled walks, 3,000 instructions)
    # take 0.3 s through every stage in a release build, and 2.5 s in this
    # instrumented one with debug assertions (20 s: on a loaded machine).
    # -malloc_limit_mb: no single
    # allocation over 256 MiB; -rss_limit_mb: the whole process under 2 GiB.
    # shellcheck disable=SC2086
    nice -n 19 "$bin/$t" fuzz/corpus/"$t" \
        -max_total_time=$((minutes * 60)) -timeout="$([ "$t" = expr ] && echo 20 || echo "${FUZZ_TIMEOUT:-1}")" -rss_limit_mb=2048 -malloc_limit_mb=256 \
        -max_len=4096 -fork="${FUZZ_JOBS:-1}" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix=fuzz/artifacts/"$t"/ -print_final_stats=1 ${FUZZ_ARGS:-} \
        >"$log" 2>&1 || status=1
    # The last progress line: executions, coverage (cov: edges, ft:
    # features), corpus size, findings (fork mode: oom/timeout/crash).
    grep -E '^#[0-9]+' "$log" | tail -1 || true
    if ls fuzz/artifacts/"$t"/* >/dev/null 2>&1; then
        echo "   findings:"; ls -1 fuzz/artifacts/"$t"/ | sed 's/^/     /'
        status=1
    fi
done
exit $status
