#!/usr/bin/env bash
# make bench: oomtrace against the tools people use today, side by side, in one run.
#   1 startup   launch -> first oom:oom_score_adj_update the tool captured
#   2 hotpath   page-fault loop pinned to one CPU, with each tool on mm_page_alloc
#     icount    the same in a QEMU guest under -icount: instructions, not time
#   3 stream    every page allocation to a file: lost records, bytes per record
#   4 memory    VmHWM / VmRSS of each tool while it traces under load
#   5 capture   capture growth on an (almost) idle machine, per hour
#   6 explain   MB/s of kernel log text parsed on one core
# Runs alternate between tools (A B C A B C ...); the table gives medians,
# min-max and the ratio to the section's baseline; a baseline whose spread is
# (interquartile range) too wide is flagged NOISY. Output: the table on stdout, build/bench.json,
# build/bench.md. Never part of `make test`; never fails the build for a figure.
# Knobs: BENCH_ONLY="startup hotpath icount capture explain" BENCH_ROUNDS=7
#        BENCH_ICOUNT="9x12000" (rounds x page faults in the guest) BENCH_ICOUNT_KERNEL=6.12
#        BENCH_PAGES=250000 BENCH_REPS=3 BENCH_CPU=1 BENCH_STARTUP_MS=1500 BENCH_EXTRA=1
#        BENCH_UPDATE_DOCS=1 (also rewrite the results in README.md and docs/benchmarks.md)
# How each figure is made: docs/benchmarks.md.
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/bench/lib.sh

OOMTRACE=${OOMTRACE:-$PWD/build/oomtrace}
ROUNDS=${BENCH_ROUNDS:-7}
PAGES=${BENCH_PAGES:-250000}	# per repetition
REPS=${BENCH_REPS:-3}	# repetitions per tool session; the fastest counts
CPU=${BENCH_CPU:-1}
ONLY=${BENCH_ONLY:-startup hotpath icount capture explain}
ICOUNT=${BENCH_ICOUNT:-9x12000}	# 9 rounds: the 90 % interval leaves out the outermost on each side
ICOUNT_KERNEL=${BENCH_ICOUNT_KERNEL:-6.12}
STARTUP_MS=${BENCH_STARTUP_MS:-1500}
TRACECMD=(trace-cmd record -d --no-filter)	# this kernel refuses set_ftrace_filter without -d/--no-filter

bench__init
# Interrupted: stop the running tool the normal way first, so trace-cmd and perf
# switch their events off again; SIGKILL only if that fails.
trap 'cleanup_tool' EXIT
trap 'tool__stop 15; exit 130' INT TERM
want() { [[ " $ONLY " == *" $1 "* ]]; }
have() { command -v "$1" >/dev/null 2>&1; }
t_start=$(now_us)

if [ "$(id -u)" -ne 0 ]; then
	echo "oomtrace: make bench needs root (BPF, tracefs); run: sudo make bench" >&2
	exit 1
fi
tests/bench/build.sh || { echo "oomtrace: cannot build the bench BPF loader; see above" >&2; exit 1; }
for h in bench_startup bench_pagefault; do
	[ -x "$H/$h" ] || { echo "oomtrace: $H/$h missing; run: make unit" >&2; exit 1; }
done

# --- what this oomtrace can do (features land over time) -----------------------
# Benchmark a snapshot: build/oomtrace may be rebuilt by someone mid-run.
if [ -x "$OOMTRACE" ]; then
	cp "$OOMTRACE" "$B/oomtrace.tmp" && mv "$B/oomtrace.tmp" "$B/oomtrace" && OOMTRACE=$PWD/$B/oomtrace
fi
OT_HELP= OT_RECORD_HELP=
OT_EVENTS=()	# options that make oomtrace print every oom_score_adj_update
OT_LIVE_STREAM=0	# live --stream-allocs (ring buffer only, no file)
OT_STREAM=()	# command that streams every page allocation to a file ({} = path)
if [ -x "$OOMTRACE" ]; then
	OT_HELP=$("$OOMTRACE" --help 2>&1)
	OT_RECORD_HELP=$("$OOMTRACE" record --help 2>&1)
	if grep -q -- '--show-adj' <<<"$OT_HELP"; then
		OT_EVENTS=(--json --show-adj)
	elif grep -q -- '--events' <<<"$OT_HELP"; then
		OT_EVENTS=(--json --events adj)
	fi
	grep -q -- '--stream-allocs' <<<"$OT_HELP" && OT_LIVE_STREAM=1
	OT_RECORD=0
	if grep -qE -- '(^| )-o' <<<"$OT_RECORD_HELP" && ! grep -q 'not implemented' <<<"$OT_RECORD_HELP"; then
		OT_RECORD=1
	fi
	if [ "$OT_RECORD" = 1 ] && grep -q -- '--stream-allocs' <<<"$OT_RECORD_HELP"; then
		OT_STREAM=("$OOMTRACE" record --stream-allocs -o '{}')
	fi
	OT_MISSING=
else
	OT_MISSING="build/oomtrace not built" OT_RECORD=0
fi
stream_cmd() {	# stream_cmd PATH -> STREAM_ARGV
	STREAM_ARGV=()
	local a
	for a in "${OT_STREAM[@]}"; do STREAM_ARGV+=("${a//\{\}/$1}"); done
}

# --- 1 startup ---------------------------------------------------------------
# Time from fork() of the tool to the first event it captured. bench_startup
# fires one oom_score_adj_update every 200 us, each carrying its sequence number
# in comm; the first number that shows up in the tool's output (live, or decoded
# from its file afterwards) dates the moment the tool was really tracing.
startup__first_seq() {	# TOOL BASE
	case $1 in
	trace-cmd) trace-cmd report -i "$2.dat" 2>/dev/null ;;
	"perf record") perf script -i "$2.data" 2>/dev/null ;;
	"perf trace") cat "$2.err" ;;
	*) cat "$2.out" ;;
	esac | grep -oE 'oa[0-9]{8}' | sort -u | head -1 | sed 's/^oa0*//; s/^$/0/'
}

startup__run() {	# TOOL ROUND
	local tool=$1 r=$2 base=$W/startup cmd=()
	rm -f "$base".*
	case $tool in
	trace-cmd) cmd=("${TRACECMD[@]}" -e oom -o "$base.dat") ;;
	bpftrace) cmd=(bpftrace -e 'tracepoint:oom:oom_score_adj_update { printf("%s\n", args->comm); }') ;;
	"perf trace") cmd=(perf trace -e 'oom:*') ;;
	"perf record") cmd=(perf record -a -e 'oom:*' -o "$base.data") ;;
	oomtrace) cmd=("$OOMTRACE" "${OT_EVENTS[@]}") ;;
	esac
	"$H/bench_startup" -p 200 -d "$STARTUP_MS" -t "$base.times" -o "$base.out" -e "$base.err" -- "${cmd[@]}" \
		2>"$base.launch"
	local seq us
	seq=$(startup__first_seq "$tool" "$base")
	if [ -n "$seq" ]; then
		us=$(awk -v s="$seq" '$1 == s { print $2; exit }' "$base.times")
		record startup "$tool" "first event captured" ms "$r" "$(awk -v u="$us" 'BEGIN { printf "%.2f", u / 1000 }')"
	else
		say "startup: $tool captured no event in ${STARTUP_MS} ms (round $r): $(tail -c 300 "$base.err" "$base.launch" | tr '\n' ' ')"
	fi
	if [ "$tool" = oomtrace ]; then
		# The "hooks attached" line on stderr, as a second opinion (first field: us since launch).
		us=$(awk '/tracing|attached/ { print $1; exit }' "$base.err")
		[ -n "$us" ] && record startup "$tool" "ready line on stderr" ms "$r" \
			"$(awk -v u="$us" 'BEGIN { printf "%.2f", u / 1000 }')"
	fi
}

bench_startup() {
	local tools=() t r
	say "1/6 startup: $ROUNDS rounds, events every 200 us for ${STARTUP_MS} ms"
	have trace-cmd && tools+=(trace-cmd) || na startup trace-cmd "first event captured" "trace-cmd not installed"
	have bpftrace && tools+=(bpftrace) || na startup bpftrace "first event captured" "bpftrace not installed"
	if have perf && perf version >/dev/null 2>&1; then
		tools+=("perf trace" "perf record")
	else
		na startup perf "first event captured" "perf not installed"
	fi
	if [ -n "$OT_MISSING" ]; then
		na startup oomtrace "first event captured" "$OT_MISSING"
	elif [ ${#OT_EVENTS[@]} -eq 0 ]; then
		na startup oomtrace "first event captured" "no option to print oom_score_adj_update events (fallback: ready line)"
		tools+=(oomtrace)
	else
		tools+=(oomtrace)
	fi
	baseline startup "first event captured" trace-cmd 30
	# One warm-up run each: binaries, BTF and page cache are warm for everyone.
	for t in "${tools[@]}"; do startup__run "$t" w; done
	for ((r = 1; r <= ROUNDS; r++)); do
		for t in "${tools[@]}"; do startup__run "$t" "$r"; done
	done
}

# --- 2 hot path, 3 streaming, 4 memory ----------------------------------------
# One pinned page-fault loop per run; the tools take turns: none, bare BPF,
# oomtrace, trace-cmd, perf record, oomtrace streaming, none, ...
hot__start() {	# CONFIG BASE -> 0 when the tool is tracing
	local cfg=$1 base=$2
	case $cfg in
	none) TOOL_PID=; return 0 ;;
	"bare tp_btf") tool__start "$base" build/bench/bare_loader build/bench/bare.bpf.o bare_btf
		tool__wait_for "$base.err" '^ready' 10 ;;
	"bare tracepoint") tool__start "$base" build/bench/bare_loader build/bench/bare.bpf.o bare_tp
		tool__wait_for "$base.err" '^ready' 10 ;;
	"oomtrace default") tool__start "$base" "$OOMTRACE"
		tool__wait_for "$base.err" 'tracing|attached' 20 ;;
	"oomtrace stream") stream_cmd "$base.cap"; tool__start "$base" "${STREAM_ARGV[@]}"
		tool__wait_for "$base.err" 'tracing|attached' 20 ;;
	"oomtrace stream, 16M ring") stream_cmd "$base.cap"; tool__start "$base" "${STREAM_ARGV[@]}" --ringbuf-kb 16384
		tool__wait_for "$base.err" 'tracing|attached' 20 ;;
	"oomtrace stream (live)") tool__start "$base" "$OOMTRACE" --stream-allocs
		tool__wait_for "$base.err" 'tracing|attached' 20 ;;
	trace-cmd) tool__start "$base" "${TRACECMD[@]}" -e kmem:mm_page_alloc -o "$base.dat"
		# Its "Hit Ctrl^C" line sits in a stdio buffer; the event switch does not.
		tool__wait_for /sys/kernel/tracing/events/kmem/mm_page_alloc/enable '^1' 20 ;;
	"perf record") tool__start "$base" perf record -a -e kmem:mm_page_alloc -o "$base.data"
		sleep 1; kill -0 "$TOOL_PID" 2>/dev/null ;;	# no ready line; startup median is ~0.1 s
	esac
}

hot__run() {	# CONFIG ROUND
	local cfg=$1 r=$2 base=$W/hot out ns cpu wpid rss hwm
	rm -f "$base".*
	# the programs loaded before the tool are not its own
	"$B/bpf_cost" --ids >"$base.ids" || { say "hotpath: bpf_cost --ids failed"; rm -f "$base.ids"; }
	if ! hot__start "$cfg" "$base"; then
		say "hotpath: $cfg did not start (round $r): $(tail -c 300 "$base.err" | tr '\n' ' ')"
		cleanup_tool
		return
	fi
	sleep 0.3	# let the tool's start-up work settle; same for every config
	out=$("$H/bench_pagefault" -c "$CPU" -n "$PAGES" -r "$REPS")
	ns=$(sed -n 's/.* ns_per_page=\([0-9.]*\).*/\1/p' <<<"$out")
	cpu=$(sed -n 's/.* cpu_ns_pp=\([0-9.]*\).*/\1/p' <<<"$out")
	wpid=$(sed -n 's/.* pid=\([0-9]*\).*/\1/p' <<<"$out")
	record hotpath "$cfg" "page fault+alloc, wall" ns "$r" "$ns"
	record hotpath "$cfg" "page fault+alloc, task CPU" ns "$r" "$cpu"
	if [ -n "${TOOL_PID:-}" ]; then
		rss=$(tool__mem_kb VmRSS); hwm=$(tool__mem_kb VmHWM)
		record memory "$cfg" "peak RSS (VmHWM)" KiB "$r" "$hwm"
		record memory "$cfg" "steady RSS (VmRSS)" KiB "$r" "$rss"
	fi
	# not while streaming: that run would add its allocations to the capture's counts
	case $cfg in bare*|"oomtrace default") hot__bpf_cost "$cfg" "$base" "$r" ;; esac
	tool__stop 60
	case $cfg in
	trace-cmd) stream__tracecmd "$base" "$r" "$wpid" ;;
	"oomtrace stream (live)") stream__lost "$cfg" "$base" "$r" ;;
	"oomtrace stream"*) stream__oomtrace "$cfg" "$base" "$r" "$wpid" ;;
	esac
	rm -f "$base".*
}

# The tool's BPF programs as the kernel accounts them (bpf_stats), in one more
# run of the workload after the timed ones: how many program runs and how much
# program time each page fault costs. Counted system-wide (the workload's faults
# and whatever else allocated meanwhile, a fraction of a percent); the time
# carries the statistics' own clock reads (the same for every tool).
hot__bpf_cost() {	# CONFIG BASE ROUND
	local cfg=$1 base=$2 r=$3 out runs run_ns rc
	[ -e "$base.ids" ] || return 0
	out=$("$B/bpf_cost" "$base.ids" -- "$H/bench_pagefault" -c "$CPU" -n "$PAGES" -r 1 2>&1)
	rc=$?
	runs=$(sed -n 's/^programs=[1-9][0-9]* runs=\([0-9]*\).*/\1/p' <<<"$out")
	run_ns=$(sed -n 's/.* run_ns=\([0-9]*\).*/\1/p' <<<"$out")
	if [ "$rc" -ne 0 ] || [ -z "$runs" ] || [ "$runs" -eq 0 ]; then
		say "hotpath: bpf_cost gave no figure for $cfg (round $r, exit $rc): $(tr '\n' ' ' <<<"$out")"
		return
	fi
	record hotpath "$cfg" "BPF program runs per fault" runs "$r" "$(awk -v a="$runs" -v n="$PAGES" 'BEGIN { printf "%.4f", a / n }')"
	record hotpath "$cfg" "BPF program time per fault" ns "$r" "$(awk -v a="$run_ns" -v n="$PAGES" 'BEGIN { printf "%.1f", a / n }')"
}

# trace-cmd: lost = overrun + commit overrun + dropped events from its saved
# buffer statistics ("entries" left in the buffer are read at stop: not lost).
# "workload allocs missing" counts the workload's own faults absent from the file.
stream__tracecmd() {	# BASE ROUND WORKLOAD_PID
	local base=$1 r=$2 wpid=$3 lost n mine data size
	[ -s "$base.dat" ] || { say "stream: trace-cmd wrote no file (round $r)"; return; }
	lost=$(trace-cmd report --stat -i "$base.dat" 2>/dev/null | awk '
		/^(overrun|commit overrun|dropped events):/ { s += $NF } END { print s + 0 }')
	trace-cmd report -i "$base.dat" 2>/dev/null >"$base.txt"
	n=$(grep -c 'mm_page_alloc:' "$base.txt")
	mine=$(grep -c -- "-$wpid *\[" "$base.txt")
	data=$(cat "$base.out" "$base.err" | awk '/bytes in size/ { s += $1 } END { print s + 0 }')
	size=$(stat -c %s "$base.dat")
	record stream trace-cmd "lost records (reported)" records "$r" "$lost"
	record stream trace-cmd "workload allocs missing" records "$r" $((PAGES * REPS > mine ? PAGES * REPS - mine : 0))
	record stream trace-cmd "records captured" records "$r" "$n"
	record capture trace-cmd "bytes/record (data)" B "$r" "$(awk -v a="$data" -v n="$n" 'BEGIN { printf "%.2f", n ? a / n : 0 }')"
	record capture trace-cmd "bytes/record (whole file)" B "$r" "$(awk -v a="$size" -v n="$n" 'BEGIN { printf "%.2f", n ? a / n : 0 }')"
}

# oomtrace's own drop count, from its exit line on stderr ("...; lost: N (...)").
oomtrace__lost() {	# ERRFILE
	grep -oiE '(dropped|lost)[^0-9]*[0-9]+' "$1" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'
}

stream__lost() {	# CONFIG BASE ROUND
	record stream "$1" "lost records (reported)" records "$3" "$(oomtrace__lost "$2.err")"
	local n
	n=$(grep -oE '[0-9]+ records' "$2.err" | tail -1 | grep -oE '[0-9]+')
	[ -n "$n" ] && record stream "$1" "records captured" records "$3" "$n"
}

# oomtrace record: records lost in the ring buffer (its exit line) plus records
# the recorder lost, and what `oomtrace report --stats --json` counts in the file.
# "workload allocs missing": the workload's faults absent from the file, by the
# per-thread count of `oomtrace report --allocs --json` (a count that does not
# rely on the recorder's own loss accounting).
json_num() { grep -oE "\"$1\": *[0-9.]+" | head -1 | grep -oE '[0-9.]+$'; }

stream__oomtrace() {	# CONFIG BASE ROUND WORKLOAD_PID
	local cfg=$1 base=$2 r=$3 wpid=$4 lost stats n all size mine
	[ -s "$base.cap" ] || { say "stream: oomtrace wrote no capture (round $r): $(tail -c 300 "$base.err")"; return; }
	stats=$("$OOMTRACE" report --stats --json "$base.cap" 2>/dev/null)
	lost=$(( $(oomtrace__lost "$base.err") + $(json_num lost_records <<<"$stats" | cut -d. -f1) + 0 ))
	n=$(grep -oE '"page_alloc": *\{"records": *[0-9]+' <<<"$stats" | grep -oE '[0-9]+$')
	all=$(json_num records <<<"$stats")
	size=$(stat -c %s "$base.cap")
	record stream "$cfg" "lost records (reported)" records "$r" "$lost"
	mine=$("$OOMTRACE" report --allocs --json "$base.cap" 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    if o.get("window") == "capture":
        print(sum(t["allocations"] for t in o["top_threads"] if t["tid"] == int(sys.argv[1])))
        break' "$wpid" 2>/dev/null)
	if [ -n "$mine" ]; then
		record stream "$cfg" "workload allocs missing" records "$r" $((PAGES * REPS > mine ? PAGES * REPS - mine : 0))
	elif [ "$r" -eq 1 ]; then
		na stream "$cfg" "workload allocs missing" "oomtrace report --allocs --json gave no count for the workload"
	fi
	if [ -n "$n" ] && [ "${all:-0}" -gt 0 ]; then
		record stream "$cfg" "records captured" records "$r" "$n"
		record capture "$cfg" "bytes/record (whole file)" B "$r" "$(awk -v a="$size" -v n="$all" 'BEGIN { printf "%.2f", a / n }')"
	elif [ "$r" -eq 1 ]; then
		na capture "$cfg" "bytes/record (whole file)" "oomtrace report --stats --json gave no record count"
	fi
}

bench_hotpath() {
	local cfgs=(none "bare tp_btf") c r
	# BENCH_EXTRA=1: also a classic-tracepoint floor, oomtrace streaming into its
	# ring buffer only, and streaming with a 16 MiB ring buffer.
	[ "${BENCH_EXTRA:-0}" = 1 ] && cfgs+=("bare tracepoint")
	say "2-4/6 hot path, streaming, memory: $ROUNDS rounds of ${REPS}x$PAGES page faults on CPU $CPU"
	if [ -n "$OT_MISSING" ]; then
		na hotpath "oomtrace default" "page fault+alloc, wall" "$OT_MISSING"
	else
		cfgs+=("oomtrace default")
	fi
	have trace-cmd && cfgs+=(trace-cmd) || na hotpath trace-cmd "page fault+alloc, wall" "trace-cmd not installed"
	have perf && cfgs+=("perf record") || na hotpath "perf record" "page fault+alloc, wall" "perf not installed"
	if [ -n "$OT_MISSING" ]; then
		na stream "oomtrace stream" "lost records (reported)" "$OT_MISSING"
	else
		[ "${BENCH_EXTRA:-0}" = 1 ] && [ "$OT_LIVE_STREAM" = 1 ] && cfgs+=("oomtrace stream (live)")
		if [ ${#OT_STREAM[@]} -eq 0 ]; then
			na hotpath "oomtrace stream" "page fault+alloc, wall" "no 'record --stream-allocs -o FILE' yet"
			na stream "oomtrace stream" "lost records (reported)" "no 'record --stream-allocs -o FILE' yet"
		else
			cfgs+=("oomtrace stream")
			[ "${BENCH_EXTRA:-0}" = 1 ] && cfgs+=("oomtrace stream, 16M ring")
		fi
	fi
	baseline hotpath "page fault+alloc, wall" none 5
	baseline hotpath "page fault+alloc, task CPU" none 5
	baseline hotpath "BPF program runs per fault" "bare tp_btf" 0
	baseline hotpath "BPF program time per fault" "bare tp_btf" 0
	baseline memory "peak RSS (VmHWM)" trace-cmd 0
	baseline memory "steady RSS (VmRSS)" trace-cmd 0
	baseline capture "bytes/record (whole file)" trace-cmd 0
	baseline stream "lost records (reported)" trace-cmd 0
	# Each round starts one tool further on, and every other round runs them
	# backwards: no tool always follows the same one (a file written back, a
	# reader winding down), and a slow minute is shared.
	local n=${#cfgs[@]} i
	for ((r = 1; r <= ROUNDS; r++)); do
		for ((i = 0; i < n; i++)); do
			if ((r % 2)); then hot__run "${cfgs[(i + r - 1) % n]}" "$r"
			else hot__run "${cfgs[(n - 1 - i + r - 1) % n]}" "$r"; fi
		done
	done
}

# --- 2b hot path in instructions ----------------------------------------------
# Wall-clock ratios on a shared VM move by more than the 0.5 point the hot-path
# bar asks about. Under QEMU's -icount (shift=0) a guest instruction takes one
# virtual nanosecond whatever the host does, so the guest's own clock counts
# instructions: the same workload with nothing, bare tp_btf, oomtrace's default
# set, oomtrace streaming and trace-cmd, in a Debian cloud kernel (tests/vm),
# tools taking turns (tests/vm/guest/init, bench_hotpath).
icount__na() { na icount "oomtrace default" "page fault+alloc, instructions" "$1"; }

bench_icount() {
	local kdir initrd=$W/icount-initrd.gz log=$W/icount.log cfg r tool line ns cpu
	say "2b/6 hot path in instructions: QEMU -icount, kernel $ICOUNT_KERNEL, $ICOUNT (rounds x page faults)"
	baseline icount "page fault+alloc, instructions" none 1
	baseline icount "page fault+alloc, task instructions" none 1
	if [ -n "$OT_MISSING" ]; then icount__na "$OT_MISSING"; return; fi
	have qemu-system-x86_64 || { icount__na "qemu-system-x86_64 not installed"; return; }
	if ! kdir=$(tests/vm/fetch_kernel.sh "$ICOUNT_KERNEL" 2>"$W/icount.err"); then
		icount__na "no $ICOUNT_KERNEL kernel: $(tail -1 "$W/icount.err")"
		return
	fi
	if ! VM_EXTRA_FILES="$H/bench_pagefault $B/bare_loader $B/bare.bpf.o" \
		VM_EXTRA_PROGRAMS="$(command -v trace-cmd || true)" \
		tests/vm/mkinitrd.sh "$kdir" "$initrd" "$OOMTRACE" 2>"$W/icount.err"; then
		icount__na "initramfs: $(tail -1 "$W/icount.err")"
		return
	fi
	if ! VM_QEMU_OPTS="-icount shift=0,sleep=off" VM_APPEND="vmtest_bench=$ICOUNT" \
		tests/vm/run_vm.sh "$kdir" "$initrd" bench_hotpath "$log" 1200 ||
		! grep -q '^@@VMTEST RESULT pass' "$log"; then
		say "icount: the guest run failed: $(grep -E '^@@(VMTEST ERROR|HOST)' "$log" | head -3 | tr '\n' ' ') (log: $log)"
		icount__na "guest run failed (see $log)"
		return
	fi
	while read -r _ _ cfg r line; do
		case $cfg in
		none) tool=none ;; bare) tool="bare tp_btf" ;; oomtrace) tool="oomtrace default" ;;
		stream) tool="oomtrace stream" ;; trace-cmd) tool=trace-cmd ;; *) continue ;;
		esac
		ns=$(sed -n 's/.* ns_per_page=\([0-9.]*\).*/\1/p' <<<"$line")
		cpu=$(sed -n 's/.* cpu_ns_pp=\([0-9.]*\).*/\1/p' <<<"$line")
		record icount "$tool" "page fault+alloc, instructions" insns "$r" "$ns"
		record icount "$tool" "page fault+alloc, task instructions" insns "$r" "$cpu"
	done < <(grep '^@@VMTEST BENCH ' "$log")
	note "icount: Debian $(cat "$kdir/version") in QEMU TCG with -icount shift=0 (one guest instruction = 1 virtual ns), 1 vCPU; rounds x page faults $ICOUNT, 3 runs each, the fastest counts; 'task' leaves out what ran besides the workload (the tool's own threads)"
}

# --- 5 capture growth when idle ---------------------------------------------
# Two short idle runs (0.5 s, 2.5 s) give the fixed part and the growth per
# second; tools alternate, 3 rounds. "Idle" is whatever else the machine does.
idle__size() {	# SECONDS CMD... (a {} in CMD is the output path) -> bytes
	local secs=$1 base=$W/idle a cmd=()
	shift
	rm -f "$base".*
	for a in "$@"; do cmd+=("${a//\{\}/$base.file}"); done
	tool__start "$base" "${cmd[@]}"
	sleep "$secs"
	tool__stop 60
	stat -c %s "$base.file" 2>/dev/null || echo 0
	rm -f "$base".*
}

idle__measure() {	# NAME FIGURE ROUND CMD...
	local name=$1 fig=$2 r=$3 s1 s2
	shift 3
	s1=$(idle__size 0.5 "$@")
	s2=$(idle__size 2.5 "$@")
	if [ "$s2" -le 0 ]; then
		say "capture: $name wrote no file (round $r)"
		return
	fi
	record capture "$name" "$fig" MB "$r" "$(awk -v a="$s1" -v b="$s2" 'BEGIN { g = (b - a) / 2; if (g < 0) g = 0; printf "%.4f", (a + g * 3600) / 1e6 }')"
}

bench_capture() {
	local r
	say "5/6 capture growth on an idle machine (0.5 s and 2.5 s runs, extrapolated to 1 h, 3 rounds)"
	local fa="idle MB/hour, page allocs" fd="idle MB/hour, default set"
	baseline capture "$fa" trace-cmd 0
	baseline capture "$fd" "trace-cmd oom,vmscan,compact" 0
	[ ${#OT_STREAM[@]} -gt 0 ] || na capture "oomtrace stream" "$fa" "${OT_MISSING:-no 'record --stream-allocs -o FILE' yet}"
	[ -z "$OT_MISSING" ] && [ "$OT_RECORD" = 1 ] ||
		na capture "oomtrace record" "$fd" "${OT_MISSING:-'oomtrace record -o FILE' not implemented yet}"
	for ((r = 1; r <= 3; r++)); do
		have trace-cmd && idle__measure trace-cmd "$fa" "$r" "${TRACECMD[@]}" -e kmem:mm_page_alloc -o '{}'
		[ ${#OT_STREAM[@]} -gt 0 ] && idle__measure "oomtrace stream" "$fa" "$r" "${OT_STREAM[@]}"
		have trace-cmd && idle__measure "trace-cmd oom,vmscan,compact" "$fd" "$r" \
			"${TRACECMD[@]}" -e oom -e vmscan -e compaction -o '{}'
		[ -z "$OT_MISSING" ] && [ "$OT_RECORD" = 1 ] && idle__measure "oomtrace record" "$fd" "$r" "$OOMTRACE" record -o '{}'
	done
}

# --- 6 explain speed -----------------------------------------------------------
# A ~64 MB log: every fixture report, each followed by ordinary kernel chatter.
explain__corpus() {
	local f=build/bench/explain.log
	if [ ! -s "$f" ] || [ -n "$(find tests/fixtures -name '*.log' -newer "$f")" ]; then
		cat tests/fixtures/*.log | awk -v target=$((64 << 20)) '
		{ fix[++n] = $0 }
		END {
			split("e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex|" \
			      "audit: type=1400 audit(1700000000.123:42): apparmor=\"DENIED\" operation=\"open\" profile=\"snap\"|" \
			      "usb 1-1: new high-speed USB device number 3 using xhci_hcd|" \
			      "EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)|" \
			      "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready|" \
			      "systemd[1]: Started Session 42 of user root.|" \
			      "TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.|" \
			      "nf_conntrack: nf_conntrack: table full, dropping packet", noise, "|")
			ts = 100000; bytes = 0
			while (bytes < target) {
				for (i = 1; i <= n; i++) { print fix[i]; bytes += length(fix[i]) + 1 }
				for (j = 0; j < 400; j++) {
					ts += 0.013
					line = sprintf("[%12.6f] %s", ts, noise[j % 8 + 1])
					print line; bytes += length(line) + 1
				}
			}
		}' >"$f.tmp" && mv "$f.tmp" "$f"
	fi
	echo "$f"
}

bench_explain() {
	local f mb r t0 t1 rc
	say "6/6 explain speed: one core, $ROUNDS rounds"
	f=$(explain__corpus)
	mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.3f", b / 1e6 }')
	note "explain corpus: $mb MB ($f): tests/fixtures/*.log repeated with kernel noise lines"
	baseline explain "parse speed" "grep -c (reference)" 0
	for ((r = 1; r <= ROUNDS; r++)); do
		t0=$(now_us); taskset -c "$CPU" grep -c 'invoked oom-killer' "$f" >/dev/null; t1=$(now_us)
		record explain "grep -c (reference)" "parse speed" MB/s "$r" "$(awk -v m="$mb" -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", m / (d / 1e6) }')"
		if [ -n "$OT_MISSING" ]; then
			[ "$r" -eq 1 ] && na explain "oomtrace explain" "parse speed" "$OT_MISSING"
			continue
		fi
		t0=$(now_us); taskset -c "$CPU" "$OOMTRACE" explain "$f" >"$W/explain.out" 2>"$W/explain.err"; rc=$?; t1=$(now_us)
		if [ ! -s "$W/explain.out" ]; then
			[ "$r" -eq 1 ] && na explain "oomtrace explain" "parse speed" "exit $rc, no output: $(head -c 120 "$W/explain.err")"
			continue
		fi
		record explain "oomtrace explain" "parse speed" MB/s "$r" "$(awk -v m="$mb" -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", m / (d / 1e6) }')"
	done
	# The parser alone, from memory (tests/bench/explain_speed.sh, by the parser's
	# owner): one figure, already the best of its own 3 rounds.
	if [ -x tests/bench/explain_speed.sh ]; then
		local v
		v=$(ROUNDS=3 CPU=$CPU timeout 300 tests/bench/explain_speed.sh "$f" 2>/dev/null |
			sed -n 's/^explain-parse: \([0-9.]*\) MB\/s.*/\1/p')
		if [ -n "$v" ]; then
			record explain "oomtrace parser only" "parse speed" MB/s 1 "$v"
		else
			na explain "oomtrace parser only" "parse speed" "tests/bench/explain_speed.sh failed"
		fi
	fi
}

# --- run and summarise ---------------------------------------------------------
want startup && bench_startup
want hotpath && bench_hotpath
want icount && bench_icount
want capture && bench_capture
want explain && bench_explain

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
note "runs alternate between tools; ratio = median of per-round ratios to the baseline run of the same round"
want hotpath && note "hot path: per tool session $REPS runs of $PAGES page faults on CPU $CPU, the fastest counts; tools unpinned; each tool settles 0.3 s after it says it is ready"
want startup && note "startup: time from fork() to the first oom_score_adj_update the tool captured (events every 200 us; after one warm-up run per tool)"
note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); wall time $(( ($(now_us) - t_start) / 1000000 )) s"
# The bars (issue 8): name section figure tool kind ref slack
{
	printf 'startup: oomtrace ready before every peer\tstartup\tfirst event captured\toomtrace\tfastest\t-\t0\n'
	printf 'hot path: oomtrace within 0.5 pp of bare tp_btf (task CPU)\thotpath\tpage fault+alloc, task CPU\toomtrace default\tratio_within\tbare tp_btf\t0.005\n'
	printf 'hot path: oomtrace within 0.5 pp of bare tp_btf (wall)\thotpath\tpage fault+alloc, wall\toomtrace default\tratio_within\tbare tp_btf\t0.005\n'
	printf 'hot path: oomtrace within 0.5 pp of bare tp_btf (task instructions, QEMU -icount)\ticount\tpage fault+alloc, task instructions\toomtrace default\tratio_within\tbare tp_btf\t0.005\n'
	printf 'hot path: oomtrace within 0.5 pp of bare tp_btf (instructions, QEMU -icount)\ticount\tpage fault+alloc, instructions\toomtrace default\tratio_within\tbare tp_btf\t0.005\n'
	printf 'stream: overhead no worse than trace-cmd (task instructions, QEMU -icount)\ticount\tpage fault+alloc, task instructions\toomtrace stream\tratio_le\ttrace-cmd\t0\n'
	printf 'stream: overhead no worse than trace-cmd (whole machine: instructions, QEMU -icount)\ticount\tpage fault+alloc, instructions\toomtrace stream\tratio_le\ttrace-cmd\t0\n'
	printf 'hot path: oomtrace runs no more BPF per fault than bare tp_btf\thotpath\tBPF program runs per fault\toomtrace default\tratio_at_most\t-\t1.01\n'
	printf 'stream: no lost record at full rate\tstream\tlost records (reported)\toomtrace stream\tzero\t-\t0\n'
	printf 'stream: every allocation of the workload in the file\tstream\tworkload allocs missing\toomtrace stream\tzero\t-\t0\n'
	printf 'stream: overhead no worse than trace-cmd (task CPU)\thotpath\tpage fault+alloc, task CPU\toomtrace stream\tratio_le\ttrace-cmd\t0\n'
	printf 'stream: overhead no worse than trace-cmd (wall)\thotpath\tpage fault+alloc, wall\toomtrace stream\tratio_le\ttrace-cmd\t0\n'
	printf 'explain: at least 100 MB/s of log text on one core\texplain\tparse speed\toomtrace explain\tat_least\t-\t100\n'
	printf 'memory: peak RSS below trace-cmd\tmemory\tpeak RSS (VmHWM)\toomtrace default\tlower\ttrace-cmd\t0\n'
	printf 'memory: steady RSS below trace-cmd\tmemory\tsteady RSS (VmRSS)\toomtrace default\tlower\ttrace-cmd\t0\n'
	printf 'capture: fewer bytes per record than trace-cmd (streaming, whole file)\tcapture\tbytes/record (whole file)\toomtrace stream\tlower\ttrace-cmd\t0\n'
	printf 'capture: fewer bytes per idle hour than trace-cmd (default set)\tcapture\tidle MB/hour, default set\toomtrace record\tlower\ttrace-cmd oom,vmscan,compact\t0\n'
	if [ "${BENCH_EXTRA:-0}" = 1 ]; then
		printf 'stream: no lost record (live ring buffer)\tstream\tlost records (reported)\toomtrace stream (live)\tzero\t-\t0\n'
		printf 'stream: no lost record (16 MiB ring buffer)\tstream\tlost records (reported)\toomtrace stream, 16M ring\tzero\t-\t0\n'
	fi
} >"$B/bars.tsv"
awk -f tests/bench/summarize.awk -v json=build/bench.json -v notes="$NOTES" -v bars="$B/bars.tsv" \
	-v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v machine="$machine" -v kernel="$(uname -r)" \
	"$BASE" "$RES" | tee build/bench.txt
echo
sed 's/^/note: /' "$NOTES"
{
	echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $machine; kernel $(uname -r)"
	echo
	echo '```'
	cat build/bench.txt
	echo '```'
	echo
	sed 's/^/- /' "$NOTES"
} >build/bench.md
echo "bench: table in build/bench.txt, build/bench.md; JSON in build/bench.json" >&2
# The latest table goes between the bench markers of the README and of docs/benchmarks.md.
if [ "${BENCH_UPDATE_DOCS:-0}" = 1 ]; then
	for doc in README.md docs/benchmarks.md; do
		grep -q '<!-- bench:begin -->' "$doc" 2>/dev/null || continue
		awk -v md=build/bench.md '
			/<!-- bench:begin -->/ { print; while ((getline l < md) > 0) print l; close(md); skip = 1; next }
			/<!-- bench:end -->/ { skip = 0 }
			!skip' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
		echo "bench: results written into $doc" >&2
	done
fi
exit 0
