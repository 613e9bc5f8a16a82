#!/usr/bin/env bash
# `oomtrace --json` while a process writes /proc/sys/vm/compact_memory: one
# "compaction" line for that process (origin manual, order -1), with one zone
# per populated zone of /proc/zoneinfo under this kernel's names, plausible
# durations, and scanner totals equal to the /proc/vmstat deltas over the
# same interval (order -1 compaction takes no untraced fast-search path, so
# compact_migrate_scanned, compact_free_scanned, compact_isolated and
# pgmigrate_success count exactly what the tracepoints report; compact_stall
# stays put because compact_memory is not direct compaction).
# Then `--summary` shows the compaction part.
source "$(dirname "$0")/../lib.sh"

[ "$(id -u)" -eq 0 ] || { skip compaction/compact-memory "needs root"; exit 0; }
[ -w /proc/sys/vm/compact_memory ] || { skip compaction/compact-memory "no CONFIG_COMPACTION"; exit 0; }
command -v python3 >/dev/null || { skip compaction/compact-memory "needs python3"; exit 0; }

out=$(mktemp) err=$(mktemp) meas=$(mktemp)
on_exit rm -f "$out" "$err" "$meas"
"$OOMTRACE" --json --min-stall-ms 0 >"$out" 2>"$err" &
tracer=$!
on_exit kill -INT $tracer
wait_for 15 grep -q "hooks attached" "$err" || { fail compaction/tracer-starts "$(head -3 "$err")"; exit 1; }

# the write, bracketed by /proc/vmstat reads and CLOCK_MONOTONIC (the records' clock)
python3 - "$meas" <<'PY'
import json, subprocess, sys, time
def vmstat():
    return {k: int(v) for k, v in (l.split() for l in open("/proc/vmstat"))}
b = vmstat(); t0 = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
p = subprocess.Popen(["sh", "-c", "echo 1 > /proc/sys/vm/compact_memory"])
p.wait()
t1 = time.clock_gettime_ns(time.CLOCK_MONOTONIC); a = vmstat()
json.dump({"pid": p.pid, "rc": p.returncode, "t0": t0, "t1": t1, "before": b, "after": a}, open(sys.argv[1], "w"))
PY
sleep 0.3
kill -INT $tracer; wait $tracer
grep -q '"type":"compaction"' "$out" || { fail compaction/line "no compaction line; stderr: $(head -3 "$err")"; exit 1; }

python3 - "$out" "$meas" <<'PY'
import json, sys
FAILED = 0
def ok(n): print("ok - compaction/" + n)
def fail(n, why):
    global FAILED; FAILED = 1; print("FAIL - compaction/%s: %s" % (n, why))
def skip(n, why): print("skip - compaction/%s: %s" % (n, why))
def check(n, cond, why):
    ok(n) if cond else fail(n, why)

m = json.load(open(sys.argv[2]))
if m["rc"] != 0:
    skip("compact-memory", "writing compact_memory failed"); sys.exit(0)
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
comp = [o for o in lines if o.get("type") == "compaction"]
mine = [o for o in comp if o["task"]["pid"] == m["pid"]]
check("one-attempt-for-the-writer", len(mine) == 1, "%d attempts for pid %d: %s" % (len(mine), m["pid"], mine))
if len(mine) != 1:
    sys.exit(1)
a = mine[0]
check("origin-manual", a["origin"] == "manual" and a["order"] == -1 and a["gfp"] is None,
      "origin %s order %s" % (a["origin"], a["order"]))
check("task-comm", a["task"]["comm"] == "sh", "comm %r" % a["task"]["comm"])

# populated zones, with this kernel's names, in zoneinfo order
zones, node, name = [], None, None
for l in open("/proc/zoneinfo"):
    w = l.split()
    if l.startswith("Node"):
        node, name = int(w[1].rstrip(",")), w[3]
    elif w[:1] == ["present"] and int(w[1]) > 0:
        zones.append((node, name))
got = [(z["node"], z["zone"]) for z in a["zones"]]
check("zones-as-zoneinfo-lists-them", got == zones, "got %s, zoneinfo %s" % (got, zones))
durs = [z["duration_us"] for z in a["zones"]]
check("zone-durations-positive", all(d > 0 for d in durs), "durations %s" % durs)
check("stall-covers-zones", sum(durs) <= a["stall_us"] + 1 and a["stall_us"] < 60e6,
      "zones %.1f us, stall %.1f us" % (sum(durs), a["stall_us"]))
wall_us = (m["t1"] - m["t0"]) / 1e3
check("stall-within-the-write", a["stall_us"] <= wall_us and a["start_ns"] >= m["t0"] and a["ts_ns"] <= m["t1"],
      "stall %.1f us, write %.1f us" % (a["stall_us"], wall_us))
check("outcome", a["outcome"] in ("success", "contended", "partial"), "outcome %s" % a["outcome"])

# everything compaction did in [t0, t1], any task: the counters are machine-wide
inside = [o for o in comp if o["start_ns"] >= m["t0"] and o["ts_ns"] <= m["t1"]]
straddle = [o for o in comp if o not in inside and o["start_ns"] <= m["t1"] and o["ts_ns"] >= m["t0"]]
d = {k: m["after"][k] - m["before"][k] for k in m["after"] if k in m["before"]}
def total(key):
    return sum(z[key] for o in inside for z in o["zones"])
pairs = [("compact_migrate_scanned", "migrate_scanned"), ("compact_free_scanned", "free_scanned"),
         ("compact_isolated", "isolated"), ("pgmigrate_success", "migrated")]
for counter, field in pairs:
    name = "vmstat-%s-equals-records" % counter.replace("_", "-")
    if d[counter] == total(field):
        ok(name)
    elif straddle:
        skip(name, "other compaction crossed the interval (%d attempts)" % len(straddle))
    else:
        fail(name, "%s delta %d, records %d" % (counter, d[counter], total(field)))
direct = [o for o in inside if o["origin"] == "direct"]
if direct:
    skip("compact-stall-unchanged", "direct compaction ran meanwhile")
else:
    check("compact-stall-unchanged", d["compact_stall"] == 0 and d["compact_fail"] == 0 and d["compact_success"] == 0,
          "compact_stall %d fail %d success %d" % (d["compact_stall"], d["compact_fail"], d["compact_success"]))
print("# write %.3f ms: %s" % (wall_us / 1e3, ", ".join("%s %s %.3f ms" % (z["zone"], z["status"], z["duration_us"] / 1e3)
                                                     for z in a["zones"])))
sys.exit(FAILED)
PY
rc=$?

# --summary carries the compaction part
sum=$(mktemp); sumerr=$(mktemp)
on_exit rm -f "$sum" "$sumerr"
"$OOMTRACE" --summary --min-stall-ms 0 >"$sum" 2>"$sumerr" &
tracer=$!
on_exit kill -INT $tracer
if wait_for 15 grep -q "hooks attached" "$sumerr"; then
	echo 1 >/proc/sys/vm/compact_memory
	sleep 0.3
	kill -INT $tracer; wait $tracer
	if grep -q "^compaction: manual by " "$sum"; then ok compaction/text-line; else fail compaction/text-line "$(tail -5 "$sum")"; fi
	if ! grep -q "^--- summary" "$sum" "$sumerr"; then
		skip compaction/summary "--summary printed no summary (not wired in this build)"
	elif grep -qE "^compaction: [0-9]+ attempts \(direct [0-9]+, kcompactd [0-9]+, proactive [0-9]+, manual [1-9]" "$sum" "$sumerr"; then
		ok compaction/summary
	else
		fail compaction/summary "no compaction part in the summary: $(tail -5 "$sum")"
	fi
else
	fail compaction/summary-tracer-starts "$(head -3 "$sumerr")"
fi
[ "$rc" -eq 0 ] && exit ${FAILED:-0}
exit 1
