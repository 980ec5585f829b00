#!/usr/bin/env bash
# Long filters, side by side with tcpdump in one run: block lists and port
# lists of N terms compiled with `-d` (Ethernet), each tool's wall time,
# peak memory (max RSS) and program length.
#
#   benches/chains.sh [TERMS...]          (default: 100 1000 10000)
#
# Environment: BPFDUMP (default target/release/bpfdump), TCPDUMP (default
# tcpdump), LIMIT_S (seconds a run may take, default 60) and LIMIT_MB
# (address space a run may use, default 4096): tcpdump 4.99's compile time
# and memory grow faster than linearly (a 10,000-host list takes it about
# 7 s and 8 GB), so a run over either limit shows as "-".
set -euo pipefail
cd "$(dirname "$0")/.."
bpfdump=${BPFDUMP:-target/release/bpfdump}
tcpdump=${TCPDUMP:-tcpdump}
limit_s=${LIMIT_S:-60}
limit_mb=${LIMIT_MB:-4096}
terms=("$@")
[[ ${#terms[@]} -gt 0 ]] || terms=(100 1000 10000)
[[ -x $bpfdump ]] || cargo build --release --quiet
command -v "$tcpdump" >/dev/null || { echo "tcpdump not found: set TCPDUMP" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_chain() { # kind n -> file
    python3 - "$1" "$2" > "$work/f" <<'EOF'
import sys
kind, n = sys.argv[1], int(sys.argv[2])
ip = lambda i: f"10.{(i // 62500) % 250}.{(i // 250) % 250}.{i % 250 + 1}"
terms = {
    "host": lambda i: f"host {ip(i)}",
    "not-host": lambda i: f"not host {ip(i)}",
    "net": lambda i: f"net 10.{(i // 250) % 250}.{i % 250}.0/24",
    "port": lambda i: f"port {i % 65535 + 1}",
    "portrange": lambda i: f"portrange {2 * i % 65534 + 1}-{2 * i % 65534 + 2}",
    "tcp-and": lambda i: "tcp",
}[kind]
conj = " and " if kind in ("not-host", "tcp-and") else " or "
print(conj.join(terms(i) for i in range(n)))
EOF
}

# One run: prints "seconds MB instructions", or "- - -" past a limit.
measure() {
    local out rc
    out=$( (ulimit -v $((limit_mb * 1024)); timeout "$limit_s" /usr/bin/time -f '%e %M' \
        "$@" -y EN10MB -d -F "$work/f" 2>"$work/time" | wc -l) ) && rc=0 || rc=$?
    if [[ $rc -ne 0 ]] || ! tail -n 1 "$work/time" | grep -qE '^[0-9.]+ [0-9]+$'; then
        echo "- - -"
        return
    fi
    read -r secs kb < <(tail -n 1 "$work/time")
    echo "$secs $((kb / 1024)) $out"
}

printf '| %-9s | %6s | %-22s | %-22s |\n' "chain" "terms" "bpfdump s / MB / insns" "tcpdump s / MB / insns"
printf '|%s|%s|%s|%s|\n' "-----------" "--------" "------------------------" "------------------------"
for kind in host not-host net port portrange tcp-and; do
    for n in "${terms[@]}"; do
        make_chain "$kind" "$n"
        read -r bs bm bi < <(measure "$bpfdump")
        read -r ts tm ti < <(measure "$tcpdump")
        printf '| %-9s | %6s | %-22s | %-22s |\n' "$kind" "$n" "$bs / $bm / $bi" "$ts / $tm / $ti"
    done
done
