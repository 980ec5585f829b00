#!/usr/bin/env bash
# Throughput and peak memory of `bpfdump -r FILE -w OUT EXPR` and
# `bpfdump -r FILE --count EXPR` against tcpdump, same machine, same run,
# runs alternating between the tools: tcpdump, bpfdump as it runs by default
# (a large classic pcap file is filtered by parallel workers when the machine
# has more than one CPU) and `bpfdump --threads 1` (one thread). Wall time depends
# on how busy the machine is; CPU time (user + system) much less so, and the
# load average is printed with the results.
#
# usage: scripts/bench_offline.sh [BIG_PCAP] [RUNS]
#   BIG_PCAP  default $BPFDUMP_BENCH_DIR/big.pcap (BPFDUMP_BENCH_DIR defaults
#             to /tmp/bpfdump-bench); built with scripts/make_big_pcap.py
#             (3,000,000 packets) if missing, plus a 300,000-packet
#             small.pcap beside it for the memory comparison.
#   RUNS      runs per tool and case (default 5); the median is reported.
# Needs: tcpdump, python3, GNU time (/usr/bin/time), cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${BPFDUMP_BENCH_DIR:-/tmp/bpfdump-bench}
big=${1:-$dir/big.pcap}
runs=${2:-5}
dir=$(dirname "$big")
small=$dir/small.pcap
mkdir -p "$dir"
[ -f "$big" ] || scripts/make_big_pcap.py "$big" 3000000
[ -f "$small" ] || scripts/make_big_pcap.py "$small" 300000
cargo build --release -q
bpfdump=$PWD/target/release/bpfdump
command -v tcpdump >/dev/null || { echo "tcpdump not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) not installed" >&2; exit 1; }

filters=(
  "tcp"
  "udp port 53"
  "(host 10.0.0.1 or host 10.0.0.2 or host 192.168.1.1 or host 192.168.1.2 or host 172.16.1.1 or host 8.8.8.8 or host 2001:db8::1 or host fe80::1) and (port 80 or port 443 or port 53 or port 179)"
)

# Bring the file into the page cache: both tools read from memory.
cat "$big" > /dev/null

packets=$("$bpfdump" -r "$big" --count 2>/dev/null | awk '{print $1}')
bytes=$(stat -c %s "$big")
echo "input: $big, $packets packets, $bytes bytes; $runs runs per tool, alternating; medians; $(nproc) CPUs"
echo

# measure TOOL ARGS... -> prints "wall cpu maxrss_kb" of one run
# Wall time from bash's clock (millisecond resolution; GNU time's is 10 ms,
# coarse next to runs of 70 ms), CPU time and peak memory from GNU time.
measure() {
  local t start end
  t=$(mktemp)
  start=$(date +%s%N)
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  # Write back what the run wrote now, untimed, rather than during the
  # next tool's run.
  sync
  awk -v wall="$(( (end - start) / 1000000 ))" '{printf "%.3f %.2f %s\n", wall / 1000, $2 + $3, $4}' "$t"
  rm -f "$t"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-8s %-12s %10s %10s %9s %10s %10s %9s %10s %9s %10s\n" mode filter "tcpdump s" "bpfdump s" speedup "tcp cpu s" "bpf cpu s" "cpu ratio" "-t1 wall s" "-t1 speed" "-t1 cpu s"
for expr in "${filters[@]}"; do
  short=$(echo "$expr" | cut -c1-12)
  for mode in write count; do
    : > "$dir/t.times"; : > "$dir/b.times"; : > "$dir/p.times"
    for ((i = 0; i < runs; i++)); do
      if [ $mode = write ]; then
        measure tcpdump -r "$big" -w "$dir/t.pcap" "$expr" >> "$dir/t.times"
        measure "$bpfdump" -r "$big" -w "$dir/b.pcap" "$expr" >> "$dir/b.times"
        measure "$bpfdump" --threads 1 -r "$big" -w "$dir/p.pcap" "$expr" >> "$dir/p.times"
      else
        measure tcpdump -r "$big" --count "$expr" >> "$dir/t.times"
        measure "$bpfdump" -r "$big" --count "$expr" >> "$dir/b.times"
        measure "$bpfdump" --threads 1 -r "$big" --count "$expr" >> "$dir/p.times"
      fi
    done
    tw=$(awk '{print $1}' "$dir/t.times" | median); bw=$(awk '{print $1}' "$dir/b.times" | median)
    tc=$(awk '{print $2}' "$dir/t.times" | median); bc=$(awk '{print $2}' "$dir/b.times" | median)
    pw=$(awk '{print $1}' "$dir/p.times" | median); pc=$(awk '{print $2}' "$dir/p.times" | median)
    printf "%-8s %-12s %10s %10s %8.2fx %10s %10s %8.2fx %10s %8.2fx %10s\n" $mode "$short" "$tw" "$bw" \
      "$(echo "$tw $bw" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')" "$tc" "$bc" \
      "$(echo "$tc $bc" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')" "$pw" \
      "$(echo "$tw $pw" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')" "$pc"
    if [ $mode = write ] && ! { cmp -s "$dir/t.pcap" "$dir/b.pcap" && cmp -s "$dir/t.pcap" "$dir/p.pcap"; }; then
      echo "  WARNING: the output files differ for $expr" >&2
    fi
  done
done
rm -f "$dir/t.pcap" "$dir/b.pcap" "$dir/p.pcap" "$dir/t.times" "$dir/b.times" "$dir/p.times"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "peak memory (max RSS, KiB), tcp filter:"
printf "%-10s %-6s %12s %12s %12s\n" file mode tcpdump bpfdump "bpfdump -t1"
for f in "$small" "$big"; do
  for mode in write count; do
    if [ $mode = write ]; then
      t=$(measure tcpdump -r "$f" -w "$dir/m.pcap" tcp | awk '{print $3}')
      b=$(measure "$bpfdump" -r "$f" -w "$dir/m.pcap" tcp | awk '{print $3}')
      o=$(measure "$bpfdump" --threads 1 -r "$f" -w "$dir/m.pcap" tcp | awk '{print $3}')
    else
      t=$(measure tcpdump -r "$f" --count tcp | awk '{print $3}')
      b=$(measure "$bpfdump" -r "$f" --count tcp | awk '{print $3}')
      o=$(measure "$bpfdump" --threads 1 -r "$f" --count tcp | awk '{print $3}')
    fi
    printf "%-10s %-6s %12s %12s %12s\n" "$(basename "$f")" $mode "$t" "$b" "$o"
  done
done
rm -f "$dir/m.pcap"
