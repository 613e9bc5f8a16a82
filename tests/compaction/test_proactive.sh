#!/usr/bin/env bash
# Proactive compaction by kcompactd: raising vm.compaction_proactiveness to
# 100 wakes kcompactd (wakeup_kcompactd with order -1), which compacts every
# zone of its node while the node's fragmentation score is above the new
# watermark. oomtrace must show those attempts as origin "proactive", run by
# the kcompactd thread of that node, and their scanner totals must equal the
# kernel's kcompactd counters (compact_daemon_migrate_scanned and
# compact_daemon_free_scanned: proactive compaction has no untraced fast
# search either). The old setting is restored on exit.
source "$(dirname "$0")/../lib.sh"

knob=/proc/sys/vm/compaction_proactiveness
[ "$(id -u)" -eq 0 ] || { skip compaction/proactive "needs root"; exit 0; }
[ -w "$knob" ] || { skip compaction/proactive "no proactive compaction in this kernel"; exit 0; }
command -v python3 >/dev/null || { skip compaction/proactive "needs python3"; exit 0; }

old=$(cat "$knob")
on_exit "echo $old > $knob"
out=$(mktemp) err=$(mktemp) meas=$(mktemp)
on_exit rm -f "$out" "$err" "$meas"
"$OOMTRACE" --json --min-stall-ms 0 >"$out" 2>"$err" &
tracer=$!
on_exit kill -INT $tracer
wait_for 15 grep -q "hooks attached" "$err" || { fail compaction/proactive-tracer-starts "$(head -3 "$err")"; exit 1; }

python3 - "$meas" "$knob" "$old" <<'PY'
import json, sys, time
meas, knob, old = sys.argv[1:4]
def vmstat():
    return {k: int(v) for k, v in (l.split() for l in open("/proc/vmstat"))}
def mono():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)
b = vmstat(); t0 = mono()
open(knob, "w").write("100\n")
time.sleep(1.5)
open(knob, "w").write(old + "\n")
time.sleep(0.8)	# let a zone in progress end
t1 = mono(); a = vmstat()
json.dump({"t0": t0, "t1": t1, "before": b, "after": a}, open(meas, "w"))
PY
sleep 0.3
kill -INT $tracer; wait $tracer

python3 - "$out" "$meas" <<'PY'
import json, sys
FAILED = 0
def ok(n): print("ok - compaction/" + n)
def fail(n, why):
    global FAILED; FAILED = 1; print("FAIL - compaction/%s: %s" % (n, why))
def skip(n, why): print("skip - compaction/%s: %s" % (n, why))

m = json.load(open(sys.argv[2]))
d = {k: m["after"][k] - m["before"][k] for k in m["after"] if k in m["before"]}
comp = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"type":"compaction"')]
daemon = [o for o in comp if o["origin"] in ("proactive", "kcompactd")]
inside = [o for o in daemon if o["start_ns"] >= m["t0"] and o["ts_ns"] <= m["t1"]]
straddle = [o for o in daemon if o not in inside and o["start_ns"] <= m["t1"] and o["ts_ns"] >= m["t0"]]
if d["compact_daemon_migrate_scanned"] == 0 and not daemon:
    skip("proactive", "the node's fragmentation score was below even proactiveness 100's watermark: nothing to do")
    sys.exit(0)
pro = [o for o in inside if o["origin"] == "proactive"]
if pro:
    ok("proactive-attempt")
else:
    fail("proactive-attempt", "no proactive attempt; daemon attempts: %s" % [o["origin"] for o in daemon])
bad = [o for o in pro if not (o["task"]["comm"] == "kcompactd%d" % o["node"] and o["order"] == -1 and o["zones"]
                               and all(z["node"] == o["node"] for z in o["zones"]))]
if pro and not bad:
    ok("proactive-by-the-node-kcompactd")
elif pro:
    fail("proactive-by-the-node-kcompactd", json.dumps(bad[0])[:300])
for counter, field in (("compact_daemon_migrate_scanned", "migrate_scanned"), ("compact_daemon_free_scanned", "free_scanned")):
    got = sum(z[field] for o in inside for z in o["zones"])
    name = "vmstat-%s-equals-records" % counter.replace("_", "-")
    if got == d[counter]:
        ok(name)
    elif straddle:
        skip(name, "kcompactd work crossed the interval")
    else:
        fail(name, "%s delta %d, records %d" % (counter, d[counter], got))
wakes = sum(1 for o in inside if o["origin"] == "kcompactd")
print("# %d proactive attempts, %d kcompactd (woken) attempts; zones: %s" % (len(pro), wakes,
      "; ".join(", ".join("%s %s %.3f ms" % (z["zone"], z["status"], z["duration_us"] / 1e3) for z in o["zones"]) for o in pro[:3])))
sys.exit(FAILED)
PY
