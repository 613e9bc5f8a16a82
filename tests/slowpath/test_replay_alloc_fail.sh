#!/usr/bin/env bash
# Record real allocation failures (the helper's failed pipe writes in a 16M
# memory cgroup with the OOM killer disabled) with 'oomtrace record', then
# replay the capture with 'oomtrace report': the replay must give the same
# alloc_failure incidents as the live run printed (trigger, order, gfp, the
# reclaim history, the zones read at the failure) and the same summary.
set -u
name=slowpath_replay
cg=/sys/fs/cgroup/memory/oomtrace-sp-replay-$$
dir=$(mktemp -d)
pid=

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	memcg_v1_remove "$cg"
	rm -rf "$dir"
}
trap cleanup EXIT

hog=${BUILD_DIR:-build}/tests/helpers/slowpath_pipe_hog
source "$(dirname "$0")/lib.sh"
require_live_memcg_v1 "$name" "$hog"
memcg_v1_group "$name" "$cg" limit_in_bytes=16M oom_control=1

"$OOMTRACE" record -o "$dir/cap" --json --summary --duration 8 --alloc-fail-rate 3 \
	> "$dir/live.json" 2> "$dir/live.err" &
pid=$!
for _ in $(seq 100); do
	grep -q "tracing on" "$dir/live.err" && break
	sleep 0.1
done
if ! grep -q "tracing on" "$dir/live.err"; then
	echo "FAIL - $name: oomtrace record did not start: $(head -c 300 "$dir/live.err")"; exit 1
fi
"$hog" "$cg" 40 > /dev/null
wait "$pid"
pid=
cap=$(ls "$dir"/cap* 2>/dev/null | head -1)
if [ -z "$cap" ]; then
	echo "FAIL - $name: no capture file written ($(tail -c 300 "$dir/live.err"))"; exit 1
fi
"$OOMTRACE" report --json "$dir"/cap* > "$dir/replay.json" 2> "$dir/replay.err"

python3 - "$dir/live.json" "$dir/replay.json" <<'EOF'
import json, sys
def load(path):
    incs, summary = [], None
    for line in open(path):
        try:
            d = json.loads(line)
        except ValueError:
            continue
        if d.get("type") == "incident" and d.get("kind") == "alloc_failure" \
                and d["trigger"]["comm"] == "slowpath_pipe_h":
            incs.append(d)
        elif d.get("type") == "summary":
            summary = d
    return incs, summary
def key(d):
    h = d.get("history") or {}
    return (d["trigger"]["pid"], d["order"], d["gfp"]["raw"], h.get("memcg_reclaims"),
            h.get("alloc_failures"), len(d.get("zones") or []),
            tuple(tuple(z.get("free_blocks") or []) for z in (d.get("zones") or [])))
def check(ok, name, why):
    print(("ok - " + name) if ok else ("FAIL - %s: %s" % (name, why)))
live, lsum = load(sys.argv[1])
replay, _ = load(sys.argv[2])
print("# live", [key(d)[:6] for d in live])
check(len(live) >= 1, "slowpath_replay_live_incidents", "no alloc_failure incident live")
check([key(d) for d in live] == [key(d) for d in replay], "slowpath_replay_same_incidents",
      "live %s\nreplay %s" % ([key(d)[:6] for d in live], [key(d)[:6] for d in replay]))
check(any(len(d.get("zones") or []) > 0 for d in live), "slowpath_replay_zones_read",
      "no incident carried zones")
check(lsum is not None and (lsum["alloc_failures"].get("reported") or 0) >= len(live),
      "slowpath_replay_summary", "summary %s" % json.dumps(lsum)[:300])
EOF
