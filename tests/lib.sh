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
