#!/usr/bin/env bash
# Run tcpdump's printer test suite (tests/TESTLIST and the tests TESTrun
# declares) against bpfdump and print each test's verdict and the total.
#
#   scripts/testlist.sh [NAME,NAME...] [DIFF_LINES]
#
# NAME: run only the tests whose name contains one of the words;
# DIFF_LINES: show that many differing lines of each failure.
# Also prints `known-failures` candidates: the list of the failing tests,
# in the form of tests/print_testlist_known_failures.txt (with --list);
# --prune removes the tests that now pass from that list.
set -euo pipefail
cd "$(dirname "$0")/.."
list=0
prune=0
if [[ ${1:-} == --list ]]; then list=1; shift; fi
# --prune: drop the tests that now pass from the known-failures list.
if [[ ${1:-} == --prune ]]; then prune=1; shift; fi
export BPFDUMP_TESTLIST_VERBOSE=1
export BPFDUMP_TESTLIST_ONLY=${1:-}
export BPFDUMP_TESTLIST_DIFF=${2:-0}
out=$(nice cargo test -q --test print_testlist -- --nocapture 2>&1 || true)
if ((prune)); then
    kf=tests/print_testlist_known_failures.txt
    for t in $(sed -n '/^now passing/,$p' <<<"$out" | sed -n 's/^  \([^ ]*\)$/\1/p'); do
        sed -i "/^${t//./\\.}\( \|$\)/d" "$kf"
        echo "pruned $t"
    done
fi
if ((list)); then
    grep '^FAIL ' <<<"$out" | sed -E 's/^FAIL ([^:]+): (exit status [^:]*: error: unexpected argument .([^ ]+). found|exit status.*)?(output differs.*)?.*/\1 \3/' |
        awk '{ if ($2 != "") print $1 "  # refused option " $2; else print $1 }'
else
    grep -E '^(PASS|FAIL|    )|passed [0-9]+ of|now passing|^  ' <<<"$out"
fi
