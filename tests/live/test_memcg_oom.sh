#!/usr/bin/env bash
# A real memcg OOM on this machine (cgroup v1 memory controller, and cgroup v2
# where the memory controller is there): what oomtrace reports must equal
# what the kernel printed in its "Killed process" line, field by field.
source "$(dirname "$0")/../lib.sh"

memcg_v1_root=/sys/fs/cgroup/memory
v2_root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)

run_case() {	# run_case NAME CGROUP_DIR PROCS_FILE MEMCG_PATH [OOMTRACE OPTIONS]
	# With OPENS_LOG=FILE, the files the tracer opens are logged (strace) and
	# checked: none of the victim's that would pin its memory. HOG_ARGS: more
	# live_hog options (--leader-exits: the victim is a thread that is not its
	# process's leader, and the kernel's lines name that thread's id).
	local name=$1 dir=$2 procs=$3 path=$4 out err hog_pid line kid hog_err
	shift 4
	out=$(mktemp) err=$(mktemp)
	on_exit rm -f "$out" "$err"
	"$OOMTRACE" --json --cgroup "$path" "$@" >"$out" 2>"$err" &
	local tracer=$!
	on_exit kill -INT $tracer
	if ! wait_for 10 grep -q "hooks attached" "$err"; then
		fail "$name/tracer-starts" "$(head -3 "$err")"
		return
	fi
	ok "$name/tracer-starts"
	local strace_pid=
	if [ -n "${OPENS_LOG:-}" ]; then
		strace -f -e trace=openat,open -o "$OPENS_LOG" -p $tracer 2>"$OPENS_LOG.err" &
		strace_pid=$!
		on_exit rm -f "$OPENS_LOG.err"
		wait_for 5 grep -q "attached" "$OPENS_LOG.err" || fail "$name/strace-attached" "$(cat "$OPENS_LOG.err")"
	fi
	local start_ns; start_ns=$(date +%s%N)
	hog_err=$(mktemp); on_exit rm -f "$hog_err"
	# shellcheck disable=SC2086 # HOG_ARGS is a list of options
	"$HELPERS/live_hog" --cgroup-procs "$procs" --adj 123 --max-mb 512 ${HOG_ARGS:-} 2>"$hog_err" &
	hog_pid=$!
	wait $hog_pid
	local rc=$?
	check_eq "$name/hog-killed-by-sigkill" "$rc" 137
	# the id the kernel prints for the victim: its thread's
	kid=$(sed -n 's/^live_hog: worker tid \([0-9]*\)$/\1/p' "$hog_err")
	kid=${kid:-$hog_pid}
	if ! wait_for 5 grep -q '"type":"incident"' "$out"; then
		fail "$name/incident-reported" "no incident in $(wc -l <"$out") lines; stderr: $(tail -2 "$err")"
		return
	fi
	local seen_ns; seen_ns=$(date +%s%N)
	ok "$name/incident-reported"
	kill -INT $tracer; wait $tracer
	grep -q "records, .* incidents; lost: " "$err" && ok "$name/exit-summary-line" ||
		fail "$name/exit-summary-line" "$(tail -1 "$err")"
	if [ -n "$strace_pid" ]; then
		wait $strace_pid
		# /proc/PID/status, stat, statm, maps... take a reference on the dying
		# victim's mm: had it exited meanwhile, the tracer would free its memory,
		# after the task was gone from the list the OOM killer looks at (a second
		# kill, or "System is deadlocked on memory" when nothing else is killable)
		local looked pinned
		looked=$(grep -cE "\"/proc/$kid/" "$OPENS_LOG")
		pinned=$(grep -E "\"/proc/$kid/(task/[0-9]+/)?(status|stat|statm|maps|smaps|smaps_rollup|numa_maps|cmdline|environ|io|mem|pagemap|auxv)\"" "$OPENS_LOG")
		check_eq "$name/victim-looked-up-in-proc" "$((looked > 0))" 1
		[ -z "$pinned" ] && ok "$name/victim-memory-never-pinned" ||
			fail "$name/victim-memory-never-pinned" "opened: $pinned"
	fi

	line=$(dmesg | grep -E "Killed process $kid \(" | tail -1)
	if [ -z "$line" ]; then
		fail "$name/kernel-printed-kill" "no 'Killed process $kid' in dmesg"
		return
	fi
	local k_comm k_anon k_file k_shmem k_adj
	k_comm=$(sed -E 's/.*Killed process [0-9]+ \(([^)]*)\).*/\1/' <<<"$line")
	k_anon=$(sed -E 's/.*anon-rss:([0-9]+)kB.*/\1/' <<<"$line")
	k_file=$(sed -E 's/.*file-rss:([0-9]+)kB.*/\1/' <<<"$line")
	k_shmem=$(sed -E 's/.*shmem-rss:([0-9]+)kB.*/\1/' <<<"$line")
	k_adj=$(sed -E 's/.*oom_score_adj:(-?[0-9]+).*/\1/' <<<"$line")
	check_eq "$name/victim.pid" "$(json_field "$out" 'o["victim"]["pid"]')" "$hog_pid"
	check_eq "$name/victim.tid" "$(json_field "$out" 'o["victim"]["tid"]')" "$kid"
	check_eq "$name/victim.comm" "$(json_field "$out" 'o["victim"]["comm"]')" "$k_comm"
	check_eq "$name/victim.anon_rss_kb" "$(json_field "$out" 'o["victim"]["anon_rss_kb"]')" "$k_anon"
	check_eq "$name/victim.file_rss_kb" "$(json_field "$out" 'o["victim"]["file_rss_kb"]')" "$k_file"
	check_eq "$name/victim.shmem_rss_kb" "$(json_field "$out" 'o["victim"]["shmem_rss_kb"]')" "$k_shmem"
	check_eq "$name/victim.oom_score_adj" "$(json_field "$out" 'o["victim"]["oom_score_adj"]')" "$k_adj"
	local vcg; vcg=$(json_field "$out" 'o["victim"]["cgroup"]')
	# without the task (classic tracepoint) the cgroup comes from /proc, which a task
	# that already exited no longer shows: unknown is honest, a wrong path is not
	if [[ "$name" == *classic* && "$vcg" == null ]]; then vcg=$path; fi
	check_eq "$name/victim.cgroup" "$vcg" "$path"
	check_eq "$name/trigger-is-the-allocating-task" "$(json_field "$out" 'o["trigger"]["pid"]')" "$hog_pid"
	check_eq "$name/constraint" "$(json_field "$out" 'o["constraint"]')" "memcg"
	check_eq "$name/memcg.oom" "$(json_field "$out" 'o["memcg"]["oom"]')" "$path"
	local codes; codes=$(json_field "$out" '" ".join(v["code"] for v in o["verdict"])')
	[[ " $codes " == *" MEMCG_LIMIT "* ]] && ok "$name/verdict-MEMCG_LIMIT" ||
		fail "$name/verdict-MEMCG_LIMIT" "verdicts: $codes"
	# the stack oomtrace took at the kill is the kernel's own call trace of the
	# OOM (dump_stack in dmesg), frame for frame from out_of_memory down to the fault
	local ours theirs
	ours=$(json_field "$out" 'o["trigger"]["stack"]' | sed -n '/^out_of_memory+/,$p' | grep . | sed 's/^/ /')
	theirs=$(dmesg | sed -n "/PID: $kid Comm:/,/<\/TASK>/p" | sed -n 's/^\[[^]]*\] //; s/\/0x[0-9a-f]*$//; /^ out_of_memory+/,/^ asm_exc_page_fault+/p' | grep -v '^ ?')
	if [ -z "$theirs" ]; then
		fail "$name/stack-equals-kernel-call-trace" "no call trace for pid $kid in dmesg"
	elif [ "$ours" == "$(head -n "$(wc -l <<<"$ours")" <<<"$theirs")" ] && [ -n "$ours" ]; then
		ok "$name/stack-equals-kernel-call-trace"
	else
		fail "$name/stack-equals-kernel-call-trace" "ours: $(tr '\n' ' ' <<<"$ours") kernel: $(tr '\n' ' ' <<<"$theirs")"
	fi
	# the kernel's own oom-kill summary line names the same memcg (and the
	# process it chose: the leader's pid, where "Killed process" names the thread)
	local kline; kline=$(dmesg | grep "oom-kill:constraint=" | grep "pid=$hog_pid," | tail -1)
	[[ "$kline" == *"oom_memcg=$path,"* ]] && ok "$name/kernel-agrees-on-memcg" ||
		fail "$name/kernel-agrees-on-memcg" "$kline"
}

# cgroup v1
if [ -d "$memcg_v1_root" ]; then
	cg=$memcg_v1_root/oomtrace-test-$$
	mkdir "$cg" && on_exit rmdir "$cg"
	echo $((32 << 20)) >"$cg/memory.limit_in_bytes"
	[ -e "$cg/memory.memsw.limit_in_bytes" ] && echo $((32 << 20)) >"$cg/memory.memsw.limit_in_bytes"
	run_case memcg-v1 "$cg" "$cg/cgroup.procs" "/oomtrace-test-$$"
	# the classic tracepoint path (what a kernel without usable BTF gets) must agree
	if command -v strace >/dev/null; then
		OPENS_LOG=$(mktemp); on_exit rm -f "$OPENS_LOG"
	else
		skip memcg-v1-classic-tracepoints/victim-memory-never-pinned "strace not installed (make deps)"
	fi
	OPENS_LOG=${OPENS_LOG:-} run_case memcg-v1-classic-tracepoints "$cg" "$cg/cgroup.procs" "/oomtrace-test-$$" \
		--btf /sys/kernel/btf/vmlinux
	OPENS_LOG=
	# a victim thread that is not its process's leader (the leader exited): the
	# classic record has only its tid, the process comes from /proc; with the
	# task at hand (raw tracepoint) it comes from BPF
	HOG_ARGS=--leader-exits run_case memcg-v1-classic-leader-exited "$cg" "$cg/cgroup.procs" "/oomtrace-test-$$" \
		--btf /sys/kernel/btf/vmlinux
	HOG_ARGS=--leader-exits run_case memcg-v1-leader-exited "$cg" "$cg/cgroup.procs" "/oomtrace-test-$$"
else
	skip memcg-v1 "no cgroup v1 memory controller mounted"
fi

# cgroup v2: only where its memory controller is enabled (elsewhere: the VM tests)
if [ -n "$v2_root" ] && grep -qw memory "$v2_root/cgroup.controllers" 2>/dev/null; then
	cg=$v2_root/oomtrace-test-$$
	grep -qw memory "$v2_root/cgroup.subtree_control" || echo +memory >"$v2_root/cgroup.subtree_control"
	mkdir "$cg" && on_exit rmdir "$cg"
	echo $((32 << 20)) >"$cg/memory.max"
	echo 0 >"$cg/memory.swap.max" 2>/dev/null
	run_case memcg-v2 "$cg" "$cg/cgroup.procs" "/oomtrace-test-$$"
else
	skip memcg-v2 "the memory controller is not in cgroup v2 on this machine (covered by the VM scenario memcg_noswap)"
fi
exit ${FAILED:-0}
