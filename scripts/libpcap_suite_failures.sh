#!/bin/bash
# Regenerate filters/libpcap-suite/known-failures.txt from the current failures.
cd "$(dirname "$0")/.."
out=filters/libpcap-suite/known-failures.txt
{
cat <<'HDR'
# Tests of libpcap's filter suite (testprogs/TESTrun in the libpcap snapshot)
# that bpfdump does not pass yet, each with the reason seen when it failed.
# tests/libpcap_suite.rs fails when a test not listed here fails, and names
# listed tests that pass (remove them). Regenerate with:
#   LIBPCAP_SUITE_FAILURES=1 cargo test --test libpcap_suite -- --nocapture 2>/dev/null | grep ' # '
HDR
LIBPCAP_SUITE_FAILURES=1 cargo test -q --test libpcap_suite -- --nocapture 2>/dev/null | grep ' # ' | sort
} > $out.new && mv $out.new $out
wc -l $out
