#!/usr/bin/env bash
# Speed of 'oomtrace explain' on one core, in MB/s of kernel log text.
#   tests/bench/explain_speed.sh [FILE]   (default: a ~64 MB synthetic log)
# Prints two lines: the parser alone (explain_speed.c, from memory) and the
# whole command (parse + diagnose + text output to /dev/null).
# Knobs: SIZE_MB=64 ROUNDS=5 CPU=1
set -euo pipefail
cd "$(dirname "$0")/../.."
CPU=${CPU:-1}
mkdir -p build/bench
f=${1:-build/bench/explain_speed.log}
if [ -z "${1:-}" ] && [ ! -s "$f" ]; then
	# every fixture, in the paste formats people use, between runs of ordinary kernel chatter
	python3 - "$f" "${SIZE_MB:-64}" <<'PY'
import glob, sys
out, target = sys.argv[1], int(sys.argv[2]) << 20
fx = [open(p, encoding="utf-8", errors="replace").read() for p in sorted(glob.glob("tests/fixtures/*.log")) + sorted(glob.glob("tests/fixtures/seed_00[02]*.txt"))]
noise = ["e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
         'audit: type=1400 audit(1700000000.123:42): apparmor="DENIED" operation="open" profile="snap.x" name="/proc/1/status"',
         "usb 1-1: new high-speed USB device number 3 using xhci_hcd",
         "EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro. Quota mode: none.",
         "TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.  Check SNMP counters.",
         "nf_conntrack: nf_conntrack: table full, dropping packet",
         "[UFW BLOCK] IN=eth0 OUT= MAC=00:00:00:00:00:00 SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=TCP SPT=1 DPT=2"]
size, ts, k = 0, 100000.0, 0
with open(out, "w") as o:
    while size < target:
        for t in fx:
            o.write(t); size += len(t)
            for j in range(300):
                ts += 0.013; k += 1
                line = ("[%12.6f] %s\n" % (ts, noise[k % len(noise)]) if k % 3 else
                        "Nov 21 10:%02d:%02d host kernel: [%12.6f] %s\n" % (k // 60 % 60, k % 60, ts, noise[k % len(noise)]))
                o.write(line); size += len(line)
PY
fi
cc -O2 -std=gnu11 -D_GNU_SOURCE -Ibpf -Iuser tests/bench/explain_speed.c user/logparse*.c user/incident.c \
	user/decode.c -lbpf -lelf -lz -o build/bench/explain_speed
taskset -c "$CPU" build/bench/explain_speed "$f"
if [ -x build/oomtrace ]; then
	mb=$(stat -c %s "$f")
	t0=$(date +%s%N)
	taskset -c "$CPU" build/oomtrace explain "$f" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	awk -v b="$mb" -v d=$((t1 - t0)) 'BEGIN { printf "explain-command: %.1f MB/s (parse + diagnose + text output), %.1f MB\n", b / 1e6 / (d / 1e9), b / 1e6 }'
fi
