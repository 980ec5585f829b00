#!/bin/sh
# The per-packet cost of each bpfdump engine against libpcap's bpf_filter(),
# streaming over the same packets held in memory.
#
#   benches/compare_libpcap.sh [PCAP]
#
# Each tool runs RUNS times (default 5), alternating with the others, and
# the fastest run of each is reported: on a shared machine other load only
# ever slows a run down, so the minimum is the least disturbed figure.
#
# Without PCAP, every Ethernet capture of $BPFDUMP_SHARED (else ../shared)
# is merged into one file. Needs cc and libpcap-dev; builds bpfdump in
# release mode.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -o "$tmp/libpcap_bench" benches/libpcap_bench.c -lpcap
cargo build --release --quiet
bpfdump=target/release/bpfdump

pcap=${1:-}
if [ -z "$pcap" ]; then
	shared=${BPFDUMP_SHARED:-../shared}
	pcap="$tmp/merged.pcap"
	python3 benches/merge_pcaps.py "$shared" "$pcap"
fi

ns() { tail -n 1 | awk '{ print $2 }'; }
matches() { awk '$1 == "matches" { print $2 }'; }

printf '%-58s %9s %9s %9s %9s %8s %8s\n' filter libpcap jit interp cbpf 'pcap/jit' 'pcap/int'
runs=${RUNS:-5}
# min A B -> the smaller
min() { echo "$1 $2" | awk '{ print ($1 < $2 ? $1 : $2) }'; }
while IFS= read -r expr; do
	libpcap=999999 jit=999999 interp=999999 cbpf=999999
	for _ in $(seq "$runs"); do
		libpcap_out=$("$tmp/libpcap_bench" "$pcap" "$expr")
		libpcap=$(min "$libpcap" "$(printf '%s\n' "$libpcap_out" | ns)")
		for engine in jit interp cbpf; do
			out=$("$bpfdump" --bench -r "$pcap" --engine "$engine" "$expr")
			if [ "$(printf '%s\n' "$out" | matches)" != "$(printf '%s\n' "$libpcap_out" | matches)" ]; then
				echo "MISMATCH in matches for $expr ($engine)" >&2
			fi
			t=$(printf '%s\n' "$out" | ns)
			case $engine in
			jit) jit=$(min "$jit" "$t") ;;
			interp) interp=$(min "$interp" "$t") ;;
			cbpf) cbpf=$(min "$cbpf" "$t") ;;
			esac
		done
	done
	printf '%-58s %9s %9s %9s %9s %8.2f %8.2f\n' "$expr" "$libpcap" "$jit" "$interp" "$cbpf" \
		"$(echo "$libpcap / $jit" | bc -l)" "$(echo "$libpcap / $interp" | bc -l)"
done <<'FILTERS'
tcp
udp port 53
tcp dst port 80 or 8080 or 22
ip and not net 10.0.0.0/8
host 10.0.0.1 or host 10.0.0.2 or host 10.0.0.3 or host 10.0.0.4 or host 192.168.1.1 or host 192.168.1.2 or host 172.16.0.1 or host 172.16.0.2
(host 10.0.0.1 or host 10.0.0.2 or host 10.0.0.3 or host 10.0.0.4 or host 192.168.1.1 or host 192.168.1.2 or host 172.16.0.1 or host 172.16.0.2) and (port 80 or port 443 or port 22 or port 53)
ip6 and udp
vlan and tcp
FILTERS
