#!/bin/bash
# Regenerate filters/libpcap-suite/known-failures.txt from the current failures.
cd "$(dirname "$0")/.."
out=filters/libpcap-suite/known-failures.txt
{
cat <<'HDR'
# Tests of libpcap's filter suite (testprogs/TESTrun in the libpcap snapshot)
# that bpfdump does not pass, each with the reason (written by hand; a
# failure without one shows what the test saw).
# tests/libpcap_suite.rs fails when a test not listed here fails, and names
# listed tests that pass (remove them). Regenerate with:
#   LIBPCAP_SUITE_FAILURES=1 cargo test --test libpcap_suite -- --nocapture 2>/dev/null | grep ' # '
HDR
# A reason written by hand (not starting with what the test prints) is kept.
LIBPCAP_SUITE_FAILURES=1 cargo test -q --test libpcap_suite -- --nocapture 2>/dev/null | grep ' # ' | sort |
    awk -F' # ' 'NR == FNR { if ($0 ~ / # / && $2 !~ /^(verdict|refused|accepted|results|harness|file opened|engine|cannot|reading|unknown DLT)/) kept[$1] = $2; next }
                 { print $1 " # " (($1 in kept) ? kept[$1] : $2) }' "$out" -
} > $out.new && mv $out.new $out
wc -l $out
