#!/usr/bin/env bash
# Drop rate and CPU time per captured packet: bpfdump against tcpdump,
# side by side in the same run, on a veth pair between two network
# namespaces this script creates (and removes on exit). trafgen (netsniff-ng)
# blasts small UDP frames from one end, addressed to a MAC that is not the
# receiver's (as on a mirror port), alternately to UDP ports 9 and 10; the
# filter keeps half of them.
#
# Usage (as root):
#   benches/live/compare_tcpdump.sh [-n FRAMES] [-t THREADS] [-B KIB] [-f FILTER] [-b BPFDUMP]
#       [-P SENDER_CPUS] [-r FRAMES_PER_S] [-o null|file|print] [-d DIR] [-a] [-I SECONDS]
#
# Defaults: 2000000 frames, 1 thread, 4096 KiB ring for both tools,
# filter "udp dst port 9", bpfdump from target/release, trafgen on 1 CPU at
# its full speed, output to /dev/null.
#   -r RATE   pace the sender at RATE frames/s (trafgen's --rate)
#   -o file   each tool writes its own pcap file (-w) in DIR (-d, default a
#             fresh folder on the tmpfs /dev/shm); packets are then counted
#             from the file written, not from the tool's statistics
#   -o print  each tool prints (-n) into its own file in DIR
#   -a        frames addressed to the receiver (default: to another MAC,
#             as on a mirror port)
#   -I SECS   idle cost: send nothing for SECS seconds, report CPU only
#
# Output: one line per tool with frames sent, captured (from the file with
# -o file/print), received by filter, dropped by kernel, user+system CPU
# seconds (getrusage of the process, to the microsecond) and CPU microseconds
# per captured packet; then bpfdump's CPU per packet as a multiple of
# tcpdump's, and whether the sender rather than the tools was the limit.
set -euo pipefail

frames=2000000
threads=1
buffer_kib=4096
filter="udp dst port 9"
here="$(cd "$(dirname "$0")/../.." && pwd)"
bpfdump="$here/target/release/bpfdump"
sender_cpus=1
rate=""
output=null
outdir=""
to_receiver=0
idle=0

while getopts "n:t:B:f:b:P:r:o:d:aI:" opt; do
    case "$opt" in
        n) frames="$OPTARG" ;;
        t) threads="$OPTARG" ;;
        B) buffer_kib="$OPTARG" ;;
        f) filter="$OPTARG" ;;
        b) bpfdump="$OPTARG" ;;
        P) sender_cpus="$OPTARG" ;;
        r) rate="$OPTARG" ;;
        o) output="$OPTARG" ;;
        d) outdir="$OPTARG" ;;
        a) to_receiver=1 ;;
        I) idle="$OPTARG" ;;
        *) sed -n '9,12p' "$0" >&2; exit 2 ;;
    esac
done

[ "$(id -u)" = 0 ] || { echo "must run as root (namespaces, packet sockets)" >&2; exit 1; }
for tool in trafgen tcpdump ip python3; do
    command -v "$tool" >/dev/null || { echo "$tool not installed" >&2; exit 1; }
done
[ -x "$bpfdump" ] || { echo "$bpfdump not built (cargo build --release)" >&2; exit 1; }

ns_tx="bpfdump-bench-$$-tx"
ns_rx="bpfdump-bench-$$-rx"
work="$(mktemp -d)"
[ -n "$outdir" ] || outdir="$(mktemp -d /dev/shm/bpfdump-bench.XXXXXX)"
mkdir -p "$outdir"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    ip netns del "$ns_tx" 2>/dev/null || true
    ip netns del "$ns_rx" 2>/dev/null || true
    rm -rf "$work"
    rm -f "$outdir"/bench-bpfdump.* "$outdir"/bench-tcpdump.*
    rmdir "$outdir" 2>/dev/null || true
}
trap cleanup EXIT

for ns in "$ns_tx" "$ns_rx"; do
    ip netns add "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$ns_tx" link add vtx address 02:00:00:00:02:01 type veth peer name vrx address 02:00:00:00:02:02 netns "$ns_rx"
ip -n "$ns_tx" link set vtx up
ip -n "$ns_rx" link set vrx up

# Frames to 02:00:00:00:02:99: not the receiver's address, so the receiving
# stack drops them and only the capture sockets (promiscuous) see them.
# With -a, to the receiver's own address (its stack then handles them too).
da=02:00:00:00:02:99
[ "$to_receiver" = 1 ] && da=02:00:00:00:02:02
cat > "$work/frames.cfg" <<EOF
{ eth(da=$da, sa=02:00:00:00:02:01, type=0x0800),
  ipv4(saddr=10.199.2.1, daddr=10.199.2.99, ttl=64, proto=17),
  udp(sp=4000, dp=9), fill(0x41, 18) }
{ eth(da=$da, sa=02:00:00:00:02:01, type=0x0800),
  ipv4(saddr=10.199.2.1, daddr=10.199.2.99, ttl=64, proto=17),
  udp(sp=4000, dp=10), fill(0x42, 18) }
EOF

# Run a command, then write its user and system CPU seconds (getrusage of
# the child, to the microsecond) to a file.
cat > "$work/rusage.py" <<'PY'
import os, signal, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
signal.signal(signal.SIGINT, lambda *_: os.kill(pid, signal.SIGINT))
while True:
    try:
        _, status, usage = os.wait4(pid, 0)
        break
    except InterruptedError:
        continue
with open(sys.argv[1], 'w') as f:
    f.write(f"{usage.ru_utime:.6f} {usage.ru_stime:.6f}\n")
sys.exit(os.waitstatus_to_exitcode(status) & 0xff)
PY

start_capture() { # name, command...
    local name="$1"; shift
    local out=/dev/null
    [ "$output" = print ] && out="$outdir/bench-$name.txt"
    # The wrapper enters the namespace and then starts the tool, so that
    # the tool's CPU time is its own: `ip netns exec` itself (a mount
    # namespace, /sys remounted: about 4.5 ms here) is charged to neither.
    ip netns exec "$ns_rx" python3 "$work/rusage.py" "$work/$name.time" "$@" \
        >"$out" 2>"$work/$name.err" &
    pids+=("$!")
    echo "$!" > "$work/$name.timepid"
}

# What each tool is told to do with the packets.
out_args() { # name
    case "$output" in
        null) echo "-w /dev/null" ;;
        file) echo "-w $outdir/bench-$1.pcap" ;;
        print) echo "-n" ;;
        *) echo "unknown -o $output" >&2; exit 2 ;;
    esac
}
# shellcheck disable=SC2046
bpf_args=(-i vrx -B "$buffer_kib" $(out_args bpfdump))
[ "$threads" -gt 1 ] && bpf_args+=(--threads "$threads")
start_capture bpfdump "$bpfdump" "${bpf_args[@]}" "$filter"
# shellcheck disable=SC2046
start_capture tcpdump tcpdump -i vrx -B "$buffer_kib" $(out_args tcpdump) "$filter"

for name in bpfdump tcpdump; do
    for _ in $(seq 100); do
        grep -q "listening on" "$work/$name.err" 2>/dev/null && break
        sleep 0.1
    done
    grep -q "listening on" "$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
done

if [ "$idle" != 0 ]; then
    frames=0
    sleep "$idle"
    echo "idle: nothing sent for $idle s"
    sender_rate=0
else
    pace=()
    [ -n "$rate" ] && pace=(-b "${rate}pps")
    t0=$(date +%s.%N); ip netns exec "$ns_tx" trafgen -o vtx -i "$work/frames.cfg" -n "$frames" -P "$sender_cpus" -C -q "${pace[@]}" >"$work/trafgen.out" 2>&1 || {
        cat "$work/trafgen.out" >&2; exit 1; }
    t1=$(date +%s.%N)
    sender_rate=$(awk -v a="$t0" -v b="$t1" -v n="$frames" 'BEGIN { printf "%.0f", n / (b - a) }')
    awk -v a="$t0" -v b="$t1" -v n="$frames" -v r="${rate:+$rate frames/s}" 'BEGIN { if (r == "") r = "full speed"; printf "trafgen (%s): %d frames in %.2f s (%.0f frames/s)\n", r, n, b - a, n / (b - a) }'
    sleep 1.5
fi

# Ctrl-C each capture process (the child of the rusage wrapper), then collect.
for name in bpfdump tcpdump; do
    tpid="$(cat "$work/$name.timepid")"
    child="$(ps -o pid= --ppid "$tpid" | tr -d ' ')"
    [ -n "$child" ] && kill -INT "$child"
done
wait || true

# Packets in what a tool wrote: records of its pcap file, lines it printed.
count_written() { # name
    case "$output" in
        file) python3 - "$outdir/bench-$1.pcap" <<'PY'
import struct, sys
with open(sys.argv[1], 'rb') as f:
    head = f.read(24)
    order = '<' if head[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    n = 0
    while True:
        rec = f.read(16)
        if len(rec) < 16:
            break
        f.seek(struct.unpack(order + 'IIII', rec)[2], 1)
        n += 1
print(n)
PY
        ;;
        print) grep -c . "$outdir/bench-$1.txt" ;;
        *) echo "" ;;
    esac
}

printf "%-8s %10s %10s %10s %10s %9s %9s %9s %10s\n" tool sent captured received dropped user_s sys_s cpu_s us/packet
declare -A per_packet cpu_of lost
for name in bpfdump tcpdump; do
    err="$work/$name.err"
    captured="$(awk '/packets? captured/ {print $1}' "$err")"
    written="$(count_written "$name")"
    if [ -n "$written" ] && [ "$written" != "$captured" ]; then
        echo "$name: its statistics say $captured captured, its output holds $written" >&2
    fi
    [ -n "$written" ] && captured="$written"
    received="$(awk '/received by filter/ {print $1}' "$err")"
    dropped="$(awk '/dropped by kernel/ {print $1}' "$err")"
    read -r user sys < <(tail -n 1 "$work/$name.time")
    cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.4f", u + s }')"
    per="$(awk -v c="$cpu" -v n="$captured" 'BEGIN { if (n > 0) printf "%.4f", c * 1e6 / n; else print "-" }')"
    printf "%-8s %10s %10s %10s %10s %9.4f %9.4f %9s %10s\n" "$name" "$frames" "$captured" "$received" "$dropped" "$user" "$sys" "$cpu" "$per"
    per_packet[$name]="$per"
    cpu_of[$name]="$cpu"
    lost[$name]=$(( ${dropped:-0} > 0 ))
done
if [ "$idle" != 0 ]; then
    awk -v b="${cpu_of[bpfdump]}" -v t="${cpu_of[tcpdump]}" -v s="$idle" \
        'BEGIN { printf "idle CPU over %s s: bpfdump %.2f s, tcpdump %.2f s\n", s, b, t }'
    exit 0
fi
awk -v b="${per_packet[bpfdump]}" -v t="${per_packet[tcpdump]}" \
    'BEGIN { if (t > 0 && b != "-") printf "bpfdump CPU per packet: %.2fx tcpdump\n", b / t }'
# Paced: the sender was the limit if it fell short of the rate asked.
# Full speed: if neither tool dropped, they kept up and the sender was
# the limit of the measurement.
if [ -n "$rate" ]; then
    want="$rate"
    awk -v g="$sender_rate" -v w="$want" 'BEGIN { if (g < 0.95 * w) printf "the sender reached only %d of the %d frames/s asked: it was the limit\n", g, w; else printf "paced at %d frames/s, as asked\n", g }'
elif [ "${lost[bpfdump]}" = 0 ] && [ "${lost[tcpdump]}" = 0 ]; then
    echo "neither tool dropped a frame at $sender_rate frames/s: the sender was the limit"
else
    echo "drops at $sender_rate frames/s: the tools were the limit"
fi
