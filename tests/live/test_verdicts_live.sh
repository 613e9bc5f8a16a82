#!/usr/bin/env bash
# Verdicts on real kernel events: a memcg OOM in a cgroup v1 we create must
# give MEMCG_LIMIT; MEMCG_SWAP_LIMIT only when memory+swap is limited too;
# NO_SWAP exactly when /proc/swaps lists no swap. Evidence must quote the
# cgroup's real figures (its limit in kB).
source "$(dirname "$0")/../lib.sh"

root=/sys/fs/cgroup/memory
if [ ! -d "$root" ]; then
	skip verdicts-live "no cgroup v1 memory controller (covered by the VM tests)"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	skip verdicts-live "needs root"
	exit 0
fi
have_swap=0
[ "$(awk 'NR > 1' /proc/swaps | wc -l)" -gt 0 ] && have_swap=1

run_case() {	# run_case NAME LIMIT_MB MEMSW(0|1)
	local name=$1 mb=$2 memsw=$3
	local cg=$root/oomtrace-vt-$$-$name path=/oomtrace-vt-$$-$name out err tracer
	mkdir "$cg" || { fail "$name/cgroup" "mkdir $cg failed"; return; }
	on_exit rmdir "$cg"
	echo $((mb << 20)) >"$cg/memory.limit_in_bytes"
	if [ "$memsw" = 1 ]; then
		if [ ! -e "$cg/memory.memsw.limit_in_bytes" ]; then
			skip "$name" "no memory.memsw (swap accounting off)"
			return
		fi
		echo $((mb << 20)) >"$cg/memory.memsw.limit_in_bytes"
	fi
	out=$(mktemp) err=$(mktemp)
	on_exit rm -f "$out" "$err"
	"$OOMTRACE" --json --cgroup "$path" >"$out" 2>"$err" &
	tracer=$!
	on_exit kill -INT $tracer
	if ! wait_for 10 grep -q "hooks attached" "$err"; then
		fail "$name/tracer-starts" "$(head -3 "$err")"
		return
	fi
	"$HELPERS/live_hog" --cgroup-procs "$cg/cgroup.procs" --max-mb $((mb * 4)) 2>/dev/null &
	wait $! 2>/dev/null
	if ! wait_for 5 grep -q '"type":"incident"' "$out"; then
		fail "$name/incident" "no incident; stderr: $(tail -2 "$err")"
		return
	fi
	kill -INT $tracer; wait $tracer 2>/dev/null
	python3 - "$out" "$name" "$path" "$mb" "$memsw" "$have_swap" <<'PY'
import json, sys
path, name, cg, mb, memsw, have_swap = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1", sys.argv[6] == "1"
inc = None
for line in open(path, encoding="utf-8"):
    o = json.loads(line)
    if o.get("type") == "incident" and o["kind"] == "oom_kill" and o["memcg"]["oom"] == cg:
        inc = o
        break
if inc is None:
    print(f"FAIL - {name}/memcg-incident: no oom_kill incident for {cg}")
    sys.exit(0)
codes = {v["code"]: v["evidence"] for v in inc["verdict"]}
def want(code, expected, why):
    got = code in codes
    if got == expected:
        print(f"ok - {name}/{code} {'given' if got else 'not given'} ({why})")
    else:
        print(f"FAIL - {name}/{code}: {'missing' if expected else 'given without cause'}; verdicts {sorted(codes)}")
want("MEMCG_LIMIT", True, "cgroup limit hit")
if "MEMCG_LIMIT" in codes:
    ev = codes["MEMCG_LIMIT"]
    if str(mb * 1024) + "kB" in ev:
        print(f"ok - {name}/MEMCG_LIMIT evidence quotes the {mb * 1024}kB limit")
    else:
        print(f"FAIL - {name}/MEMCG_LIMIT evidence: {ev!r} lacks {mb * 1024}kB")
want("MEMCG_SWAP_LIMIT", memsw, "memory+swap limit set" if memsw else "memory+swap unlimited")
want("NO_SWAP", not have_swap, "/proc/swaps")
for c in ("FRAGMENTATION", "ZONE_RESTRICTED", "HIGH_ORDER", "SWAP_EXHAUSTED", "CONTAINER_LIMIT"):
    want(c, False, "a memcg OOM")
if not inc["short_answer"].startswith("A request by"):
    print(f"FAIL - {name}/short-answer: {inc['short_answer'][:120]!r}")
else:
    print(f"ok - {name}/short-answer names the request first")
PY
}

# a charge that fails instead of killing (oom_kill_disable=1): an allocation
# failure seen live, whose only history is memcg reclaim
charge_case() {
	local name=charge cg=$root/oomtrace-vt-$$-charge out err tracer
	mkdir "$cg" || { fail "$name/cgroup" "mkdir failed"; return; }
	on_exit rmdir "$cg"
	echo $((16 << 20)) >"$cg/memory.limit_in_bytes"
	echo 1 >"$cg/memory.oom_control"
	out=$(mktemp) err=$(mktemp)
	on_exit rm -f "$out" "$err"
	"$OOMTRACE" --json >"$out" 2>"$err" &
	tracer=$!
	on_exit kill -INT $tracer
	if ! wait_for 10 grep -q "hooks attached" "$err"; then
		fail "$name/tracer-starts" "$(head -3 "$err")"
		return
	fi
	"$HELPERS/slowpath_pipe_hog" "$cg" 3 >/dev/null
	wait_for 5 grep -q '"kind":"alloc_failure"' "$out"
	kill -INT $tracer; wait $tracer 2>/dev/null
	python3 - "$out" <<'PY'
import json, sys
incs = [o for o in map(json.loads, open(sys.argv[1], encoding="utf-8"))
        if o.get("type") == "incident" and o["kind"] == "alloc_failure" and o["trigger"]["comm"] == "slowpath_pipe_h"]
if not incs:
    print("FAIL - charge/alloc-failure: no alloc_failure incident from the pipe hog")
    sys.exit(0)
o = incs[0]
codes = [v["code"] for v in o["verdict"]]
if "MEMCG_LIMIT" in codes and o["history"] and (o["history"]["memcg_reclaims"] or 0) > 0:
    print(f"ok - charge/MEMCG_LIMIT inferred from {o['history']['memcg_reclaims']} memcg reclaim passes")
else:
    print(f"FAIL - charge/MEMCG_LIMIT: verdicts {codes}, history {o['history']}")
bad = [c for c in codes if c in ("FRAGMENTATION", "HIGH_ORDER", "ATOMIC", "GFP_NOIO", "GFP_NOFS", "ZONE_RESTRICTED")]
print("ok - charge/no unfounded verdicts" if not bad else f"FAIL - charge/unfounded verdicts: {bad}")
PY
}

run_case mem 32 0
run_case memsw 32 1
charge_case
