#!/usr/bin/env bash
# Live, through the real command: real allocation failures in a memory cgroup
# (v1, 16M, OOM killer disabled so a failed kernel charge fails instead of
# killing), with --alloc-fail-rate 1. The helper's failed pipe writes are
# each one failed __GFP_ACCOUNT page (mm_page_alloc with a NULL page).
# Checks: the failures become alloc_failure incidents from the helper, with
# order 0, __GFP_ACCOUNT, in task context, and the memcg reclaim passes that
# preceded them in their history; the rate limit let only a few through and
# the exit line accounts for the rest exactly (reported + suppressed == the
# helper's ENOMEM count, on a machine with no other failing allocations).
set -u
name=slowpath_live_alloc_fail
cg=/sys/fs/cgroup/memory/oomtrace-sp-live-$$
out=$(mktemp) err=$(mktemp) hog_out=$(mktemp)
pid=

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	memcg_v1_remove "$cg"
	rm -f "$out" "$err" "$hog_out"
}
trap cleanup EXIT

hog=${BUILD_DIR:-build}/tests/helpers/slowpath_pipe_hog
source "$(dirname "$0")/lib.sh"
require_live_memcg_v1 "$name" "$hog"
memcg_v1_group "$name" "$cg" limit_in_bytes=16M oom_control=1

"$OOMTRACE" --json --duration 8 --alloc-fail-rate 1 > "$out" 2> "$err" &
pid=$!
for _ in $(seq 100); do
	grep -q "tracing on" "$err" && break
	sleep 0.1
done
if ! grep -q "tracing on" "$err"; then
	echo "FAIL - $name: oomtrace did not start: $(head -c 300 "$err")"; exit 1
fi
"$hog" "$cg" 150 > "$hog_out"
enomem=$(sed -n 's/.*enomem=\([0-9]*\).*/\1/p' "$hog_out")
wait "$pid"
pid=

python3 - "$out" "$err" "${enomem:-0}" <<'EOF'
import json, re, sys
out, err, enomem = sys.argv[1], sys.argv[2], int(sys.argv[3])
fails = []
for line in open(out):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if d.get("type") == "incident" and d.get("kind") == "alloc_failure":
        fails.append(d)
mine = [d for d in fails if d["trigger"]["comm"] == "slowpath_pipe_h"]
def check(ok, name, why):
    print(("ok - " + name) if ok else ("FAIL - %s: %s" % (name, why)))
check(enomem > 0, "slowpath_live_helper_failed", "helper saw no ENOMEM")
check(1 <= len(mine) <= 9, "slowpath_live_rate_limited",
      "%d incidents from the helper at 1/s over 8 s" % len(mine))
if mine:
    d = mine[0]
    check(d["order"] == 0 and "__GFP_ACCOUNT" in (d["gfp"]["text"] or ""), "slowpath_live_order_gfp",
          "order %s gfp %s" % (d["order"], d["gfp"]["text"]))
    check(d["trigger"]["in_interrupt"] is False, "slowpath_live_task_context", "in_interrupt true")
    h = d.get("history") or {}
    check((h.get("memcg_reclaims") or 0) > 0 and (h.get("alloc_failures") or 0) >= 1,
          "slowpath_live_history", "history %s" % json.dumps(h))
m = re.search(r"suppressed by rate limit: (\d+) failures", open(err).read())
supp = int(m.group(1)) if m else -1
check(m is not None and len(fails) + supp == enomem, "slowpath_live_exact_accounting",
      "%d reported + %d suppressed != %d failed writes (stderr: %s)" % (len(fails), supp, enomem,
      open(err).read().strip()[-200:]))
EOF
