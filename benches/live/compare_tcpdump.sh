#!/usr/bin/env bash
# Drop rate and CPU time per captured packet: bpfdump against tcpdump,
# side by side in the same run, on a veth pair between two network
# namespaces this script creates (and removes on exit). trafgen (netsniff-ng)
# blasts small UDP frames from one end, addressed to a MAC that is not the
# receiver's (as on a mirror port), alternately to UDP ports 9 and 10; the
# filter keeps half of them.
#
# Usage (as root):
#   benches/live/compare_tcpdump.sh [-n FRAMES] [-t THREADS] [-B KIB] [-f FILTER] [-b BPFDUMP] [-P SENDER_CPUS]
#
# Defaults: 2000000 frames, 1 thread, 4096 KiB ring for both tools,
# filter "udp dst port 9", bpfdump from target/release, trafgen on 1 CPU.
#
# Output: one line per tool with frames sent, captured, received by filter,
# dropped by kernel, user+system CPU seconds (getrusage of the process, via
# /usr/bin/time) and CPU microseconds per captured packet.
set -euo pipefail

frames=2000000
threads=1
buffer_kib=4096
filter="udp dst port 9"
here="$(cd "$(dirname "$0")/../.." && pwd)"
bpfdump="$here/target/release/bpfdump"
sender_cpus=1

while getopts "n:t:B:f:b:P:" opt; do
    case "$opt" in
        n) frames="$OPTARG" ;;
        t) threads="$OPTARG" ;;
        B) buffer_kib="$OPTARG" ;;
        f) filter="$OPTARG" ;;
        b) bpfdump="$OPTARG" ;;
        P) sender_cpus="$OPTARG" ;;
        *) echo "usage: $0 [-n FRAMES] [-t THREADS] [-B KIB] [-f FILTER] [-b BPFDUMP]" >&2; exit 2 ;;
    esac
done

[ "$(id -u)" = 0 ] || { echo "must run as root (namespaces, packet sockets)" >&2; exit 1; }
for tool in trafgen tcpdump ip /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "$tool not installed" >&2; exit 1; }
done
[ -x "$bpfdump" ] || { echo "$bpfdump not built (cargo build --release)" >&2; exit 1; }

ns_tx="bpfdump-bench-$$-tx"
ns_rx="bpfdump-bench-$$-rx"
work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    ip netns del "$ns_tx" 2>/dev/null || true
    ip netns del "$ns_rx" 2>/dev/null || true
    rm -rf "$work"
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
cat > "$work/frames.cfg" <<'EOF'
{ eth(da=02:00:00:00:02:99, sa=02:00:00:00:02:01, type=0x0800),
  ipv4(saddr=10.199.2.1, daddr=10.199.2.99, ttl=64, proto=17),
  udp(sp=4000, dp=9), fill(0x41, 18) }
{ eth(da=02:00:00:00:02:99, sa=02:00:00:00:02:01, type=0x0800),
  ipv4(saddr=10.199.2.1, daddr=10.199.2.99, ttl=64, proto=17),
  udp(sp=4000, dp=10), fill(0x42, 18) }
EOF

start_capture() { # name, command...
    local name="$1"; shift
    /usr/bin/time -o "$work/$name.time" -f "%U %S" ip netns exec "$ns_rx" "$@" \
        >/dev/null 2>"$work/$name.err" &
    pids+=("$!")
    echo "$!" > "$work/$name.timepid"
}

bpf_args=(-i vrx -B "$buffer_kib" -w /dev/null)
[ "$threads" -gt 1 ] && bpf_args+=(--threads "$threads")
start_capture bpfdump "$bpfdump" "${bpf_args[@]}" "$filter"
start_capture tcpdump tcpdump -i vrx -B "$buffer_kib" -w /dev/null "$filter"

for name in bpfdump tcpdump; do
    for _ in $(seq 100); do
        grep -q "listening on" "$work/$name.err" 2>/dev/null && break
        sleep 0.1
    done
    grep -q "listening on" "$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
done

t0=$(date +%s.%N); ip netns exec "$ns_tx" trafgen -o vtx -i "$work/frames.cfg" -n "$frames" -P "$sender_cpus" -C -q >"$work/trafgen.out" 2>&1 || {
    cat "$work/trafgen.out" >&2; exit 1; }
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v n="$frames" 'BEGIN { printf "trafgen: %d frames in %.2f s (%.0f frames/s)\n", n, b - a, n / (b - a) }'
sleep 1.5

# Ctrl-C each capture process (the child of /usr/bin/time), then collect.
for name in bpfdump tcpdump; do
    tpid="$(cat "$work/$name.timepid")"
    child="$(ps -o pid= --ppid "$tpid" | tr -d ' ')"
    [ -n "$child" ] && kill -INT "$child"
done
wait || true

printf "%-8s %10s %10s %10s %10s %7s %7s %8s %12s\n" tool sent captured received dropped user_s sys_s cpu_s us/packet
for name in bpfdump tcpdump; do
    err="$work/$name.err"
    captured="$(awk '/packets? captured/ {print $1}' "$err")"
    received="$(awk '/received by filter/ {print $1}' "$err")"
    dropped="$(awk '/dropped by kernel/ {print $1}' "$err")"
    read -r user sys < <(tail -n 1 "$work/$name.time")
    cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
    per="$(awk -v c="$cpu" -v n="$captured" 'BEGIN { if (n > 0) printf "%.3f", c * 1e6 / n; else print "-" }')"
    printf "%-8s %10s %10s %10s %10s %7s %7s %8s %12s\n" "$name" "$frames" "$captured" "$received" "$dropped" "$user" "$sys" "$cpu" "$per"
done
