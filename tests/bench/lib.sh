# Shared by tests/bench/run.sh: where results go, and starting/stopping tools.
# shellcheck shell=bash

# results.tsv: section tool figure unit round value  (value "n/a (why)": column missing;
#              round "w": warm-up, not recorded)
# base.tsv:    section figure baseline-tool noise-limit-%
bench__init() {
	B=build/bench
	W=$B/work
	H=build/tests/helpers
	RES=$B/results.tsv
	BASE=$B/base.tsv
	NOTES=$B/notes.txt
	mkdir -p "$W"
	: >"$RES"; : >"$BASE"; : >"$NOTES"
}

record() { [ "$5" = w ] && return 0; printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" >>"$RES"; }
na() { printf '%s\t%s\t%s\t-\t0\tn/a (%s)\n' "$1" "$2" "$3" "$4" >>"$RES"; }
baseline() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$BASE"; }
note() { echo "$*" >>"$NOTES"; echo "  note: $*" >&2; }
say() { echo "bench: $*" >&2; }

now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }

# Start CMD... in its own session (so its helpers can be signalled together);
# sets TOOL_PID. stdout/stderr go to $1.out / $1.err.
tool__start() {
	local base=$1; shift
	setsid "$@" >"$base.out" 2>"$base.err" </dev/null &
	TOOL_PID=$!
}

# Wait until FILE contains PATTERN (ERE) or the tool died; at most $3 s.
tool__wait_for() {
	local file=$1 pat=$2 limit=${3:-10} i
	for ((i = 0; i < limit * 50; i++)); do
		grep -qE "$pat" "$file" 2>/dev/null && return 0
		kill -0 "$TOOL_PID" 2>/dev/null || return 1
		sleep 0.02
	done
	return 1
}

# SIGINT, then wait (at most $1 s) and SIGKILL the whole session if needed.
tool__stop() {
	local limit=${1:-30} i
	[ -n "${TOOL_PID:-}" ] || return 0
	kill -INT "$TOOL_PID" 2>/dev/null
	for ((i = 0; i < limit * 20; i++)); do
		kill -0 "$TOOL_PID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$TOOL_PID" 2>/dev/null; then
		kill -KILL -- "-$TOOL_PID" 2>/dev/null
		say "tool $TOOL_PID ignored SIGINT for ${limit}s; killed"
	fi
	wait "$TOOL_PID" 2>/dev/null
	TOOL_RC=$?
	# 130 is a clean exit on SIGINT for some tools; anything above is a crash.
	[ "$TOOL_RC" -gt 130 ] && say "tool $TOOL_PID ended by signal $((TOOL_RC - 128)) after SIGINT"
	TOOL_PID=
}

# Sum of a /proc/PID/status field (kB) over every process of the tool's session.
tool__mem_kb() {
	local field=$1 sum=0 p v
	for p in $(pgrep -s "$TOOL_PID" 2>/dev/null); do
		v=$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$p/status" 2>/dev/null)
		sum=$((sum + ${v:-0}))
	done
	echo "$sum"
}

cleanup_tool() { [ -n "${TOOL_PID:-}" ] && kill -KILL -- "-$TOOL_PID" 2>/dev/null; TOOL_PID=; }
