# Shared helpers for shell tests: result lines the runner counts, waiting, cleanup.
# shellcheck shell=bash
OOMTRACE=${OOMTRACE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/oomtrace}
HELPERS=${HELPERS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/tests/helpers}

ok()   { echo "ok - $1"; }
fail() { echo "FAIL - $1: $2"; FAILED=1; }
skip() { echo "skip - $1: $2"; }
# check NAME GOT WANT
check_eq() { if [ "$2" == "$3" ]; then ok "$1"; else fail "$1" "got '$2', want '$3'"; fi; }

# wait_for SECONDS COMMAND...: poll every 50 ms until COMMAND succeeds
wait_for() {
	local deadline=$(( $(date +%s%N) + $1 * 1000000000 )); shift
	until "$@"; do
		[ "$(date +%s%N)" -gt "$deadline" ] && return 1
		sleep 0.05
	done
}

# Cleanup actions run in reverse order on exit, whatever happens.
CLEANUPS=()
on_exit() { CLEANUPS+=("$*"); }
run_cleanups() {
	local i
	for (( i=${#CLEANUPS[@]}-1; i>=0; i-- )); do eval "${CLEANUPS[$i]}" >/dev/null 2>&1 || true; done
}
trap run_cleanups EXIT

# json_get FILE PYTHON-EXPR-OVER-OBJECTS: e.g. json_get out.json 'o["victim"]["pid"]' for the first incident
json_field() {
	python3 - "$1" "$2" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    o = json.loads(line)
    if o.get("type") == "incident":
        v = eval(sys.argv[2], {"o": o})
        print("null" if v is None else v)
        break
PY
}

# memcg_v1_cgroup NAME LIMIT_MB: a fresh cgroup v1 memory group for test NAME
# in $cg, limited to LIMIT_MB with swap fenced off (memsw), removed at exit;
# the test is skipped without the v1 controller or root.
memcg_v1_cgroup() {
	local root=/sys/fs/cgroup/memory bytes=$(($2 << 20))
	if [ ! -d "$root" ]; then
		skip "$1" "no cgroup v1 memory controller mounted (the VM tests cover cgroup v2)"
		exit 0
	fi
	[ "$(id -u)" -eq 0 ] || { skip "$1" "needs root (BPF, cgroups)"; exit 0; }
	cg=$root/oomtrace-$1-$$
	mkdir "$cg" || { fail "$1/cgroup" "mkdir $cg failed"; exit 1; }
	on_exit rmdir "$cg"
	echo "$bytes" >"$cg/memory.limit_in_bytes"
	[ -e "$cg/memory.memsw.limit_in_bytes" ] && echo "$bytes" >"$cg/memory.memsw.limit_in_bytes"
}
