#!/usr/bin/env bash
# A capture replays into the same compaction attempts as the live run: one
# tracer prints live JSON while another records, both around the same write
# to /proc/sys/vm/compact_memory; `oomtrace report --json` of the capture must
# print the writer's attempt as the live run did (up to the clock readings).
source "$(dirname "$0")/../lib.sh"

[ "$(id -u)" -eq 0 ] || { skip compaction/replay "needs root"; exit 0; }
[ -w /proc/sys/vm/compact_memory ] || { skip compaction/replay "no CONFIG_COMPACTION"; exit 0; }
command -v python3 >/dev/null || { skip compaction/replay "needs python3"; exit 0; }

dir=$(mktemp -d)
on_exit rm -rf "$dir"
"$OOMTRACE" --json --min-stall-ms 0 >"$dir/live.json" 2>"$dir/live.err" &
live=$!
on_exit kill -INT $live
"$OOMTRACE" record -o "$dir/cap.oomt" >/dev/null 2>"$dir/rec.err" &
rec=$!
on_exit kill -INT $rec
wait_for 15 grep -q "hooks attached" "$dir/live.err" || { fail compaction/replay-live-starts "$(head -3 "$dir/live.err")"; exit 1; }
wait_for 15 grep -q "hooks attached" "$dir/rec.err" || { fail compaction/replay-record-starts "$(head -3 "$dir/rec.err")"; exit 1; }

sh -c 'echo $$ > "$1"; echo 1 > /proc/sys/vm/compact_memory' _ "$dir/pid"
writer=$(cat "$dir/pid")
sleep 0.3
kill -INT $live $rec; wait $live $rec

"$OOMTRACE" report --json --min-stall-ms 0 "$dir/cap.oomt" >"$dir/replay.json" 2>"$dir/replay.err" ||
	{ fail compaction/replay-report "$(head -3 "$dir/replay.err")"; exit 1; }
want=$(grep "\"type\":\"compaction\".*\"task\":{\"pid\":$writer," "$dir/live.json")
got=$(grep "\"type\":\"compaction\".*\"task\":{\"pid\":$writer," "$dir/replay.json")
[ -n "$want" ] && ok compaction/replay-live-line || fail compaction/replay-live-line "no live line for pid $writer"
# two tracers, two sets of BPF programs: the clock readings differ by
# microseconds, everything else must be the same
same=$(python3 - "$want" "$got" <<'PY'
import json, sys
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k not in ("ts_ns", "start_ns", "stall_us", "zone_us", "duration_us")}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
try:
    print("yes" if strip(json.loads(sys.argv[1])) == strip(json.loads(sys.argv[2])) else "no")
except ValueError:
    print("no")
PY
)
[ "$same" == yes ] && ok compaction/replay-same-attempt ||
	fail compaction/replay-same-attempt "live: ${want:0:300} / replay: ${got:0:300}"
exit ${FAILED:-0}
