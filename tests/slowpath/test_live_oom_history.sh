#!/usr/bin/env bash
# Live: a memcg OOM kill (a hog in a 32M cgroup v1 group, swappiness 0) must carry the reclaim the hog went through first: the
# memcg reclaim passes of its episode, with plausible durations, and no more
# passes than the group's failed charges (memory.failcnt: each pass follows one).
set -u
name=slowpath_oom_history
cg=/sys/fs/cgroup/memory/oomtrace-sp-oomh-$$
out=$(mktemp) err=$(mktemp)
pid=

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	memcg_v1_remove "$cg"
	rm -f "$out" "$err"
}
trap cleanup EXIT

hog=${BUILD_DIR:-build}/tests/helpers/live_hog
source "$(dirname "$0")/lib.sh"
require_live_memcg_v1 "$name" "$hog"
memcg_v1_group "$name" "$cg" limit_in_bytes=32M swappiness=0
# no memsw limit: on 6.18 a failing memsw counter does not count in memsw.failcnt

"$OOMTRACE" --json --duration 8 > "$out" 2> "$err" &
pid=$!
for _ in $(seq 100); do
	grep -q "tracing on" "$err" && break
	sleep 0.1
done
if ! grep -q "tracing on" "$err"; then
	echo "FAIL - $name: oomtrace did not start: $(head -c 300 "$err")"; exit 1
fi
{ timeout 30 "$hog" --cgroup-procs "$cg/cgroup.procs" --max-mb 256 > /dev/null 2>&1; } 2>/dev/null
failcnt=$(cat "$cg/memory.failcnt")
wait "$pid"
pid=

python3 - "$out" "$failcnt" <<'EOF'
import json, sys
failcnt = int(sys.argv[2])
kills = []
for line in open(sys.argv[1]):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if d.get("type") == "incident" and d.get("kind") == "oom_kill" and d["trigger"]["comm"] == "live_hog":
        kills.append(d)
def check(ok, name, why):
    print(("ok - " + name) if ok else ("FAIL - %s: %s" % (name, why)))
check(len(kills) >= 1, "slowpath_oom_history_kill", "no oom_kill incident for live_hog")
if kills:
    h = kills[0].get("history") or {}
    n, ns, win = h.get("memcg_reclaims") or 0, h.get("memcg_reclaim_ns") or 0, h.get("window_ns") or 0
    check(n >= 1, "slowpath_oom_history_memcg_passes", "history %s" % json.dumps(h))
    check(0 < ns <= win and ns / max(n, 1) < 1e9, "slowpath_oom_history_durations",
          "%d passes, %d ns, window %d ns" % (n, ns, win))
    check(n <= failcnt, "slowpath_oom_history_vs_failcnt", "%d passes > failcnt %d" % (n, failcnt))
    check((h.get("swapouts") or 0) == 0 and (h.get("direct_reclaims") or 0) == 0,
          "slowpath_oom_history_no_swap_no_global", "history %s" % json.dumps(h))
EOF
