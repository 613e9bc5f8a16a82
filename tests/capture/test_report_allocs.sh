#!/usr/bin/env bash
# Who was allocating before a real memcg OOM kill (cgroup v1, 32M limit):
# 'oomtrace record --stream-allocs' while a hog fills the cgroup, then
# 'oomtrace report --allocs'. The second before the kill must show the hog as
# the trigger and as the top allocator, mostly movable order-0 pages; the
# whole-capture count must equal what --stats counts.
source "$(dirname "$0")/../lib.sh"
tmp=$(mktemp -d /tmp/oomtrace-report-allocs.XXXXXX)
[ -n "${KEEP:-}" ] || on_exit rm -rf "$tmp"
cp "$OOMTRACE" "$tmp/oomtrace" && OOMTRACE=$tmp/oomtrace	# others may rebuild meanwhile
cp "$HELPERS/live_hog" "$tmp/live_hog" && HELPERS=$tmp

memcg_v1_cgroup report-allocs 32

cap=$tmp/oom.cap
"$OOMTRACE" record --stream-allocs -o "$cap" --json >"$tmp/live.json" 2>"$tmp/err" &
rec=$!
on_exit kill -INT $rec
if ! wait_for 10 grep -q "hooks attached" "$tmp/err"; then
	fail report-allocs/starts "$(head -3 "$tmp/err")"
	exit 1
fi
# on one CPU: its allocations then all pass through the batch of the CPU the
# kill is decided on, which is flushed before the kill is reported
cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[-,].*//')
taskset -c "$cpu" "$HELPERS/live_hog" --cgroup-procs "$cg/cgroup.procs" --max-mb 512 2>/dev/null &
hog=$!
{ wait $hog; } 2>/dev/null
check_eq report-allocs/hog-killed "$?" 137
sleep 0.3
kill -INT $rec
wait $rec
check_eq report-allocs/record-exits-0 "$?" 0

out=$("$OOMTRACE" report --allocs "$cap" 2>&1)
check_eq report-allocs/exit-0 "$?" 0
before=$(sed -n '/^in the second before OOM kill #1 /,/^$/p' <<<"$out")
echo "$before" | sed 's/^/# /'
grep -q "victim live_hog pid $hog, trigger live_hog tid $hog)" <<<"$before" &&
	ok report-allocs/names-the-kill || fail report-allocs/names-the-kill "$out"
# the first thread row (after the column titles) is the hog's, marked as the trigger
top=$(grep -A1 '^ *tid  *allocations' <<<"$before" | tail -1)
grep -qE "^ *$hog +[0-9]+ .*\(the trigger\)$" <<<"$top" &&
	ok report-allocs/trigger-is-top-allocator || fail report-allocs/trigger-is-top-allocator "top row: $top"
# 32 MiB of anonymous memory is 8192 order-0 pages: most of them in that second
n=$(awk '{ print $2 }' <<<"$top")
[ "${n:-0}" -ge 4096 ] && ok report-allocs/hog-pages-counted || fail report-allocs/hog-pages-counted "$n allocations: $top"
grep -qE "by migratetype:.* Movable [0-9]+ \((9[0-9]|100)\.[0-9]%\)" <<<"$before" &&
	ok report-allocs/mostly-movable || fail report-allocs/mostly-movable "$before"
whole=$(sed -n 's/^  \([0-9]*\) allocations over .*/\1/p' <<<"$out" | head -1)
stats=$("$OOMTRACE" report --stats --json "$cap" 2>&1)
counted=$(grep -oE '"page_alloc":\{"records":[0-9]+' <<<"$stats" | grep -oE '[0-9]+$')
check_eq report-allocs/whole-equals-stats "$whole" "$counted"

# the same as JSON lines: the capture, then the kill's window, agreeing with the text
"$OOMTRACE" report --allocs --json "$cap" >"$tmp/allocs.json" 2>&1
python3 - "$hog" "$whole" "$n" "$tmp/allocs.json" <<'PY' && ok report-allocs/json || fail report-allocs/json "$(cat "$tmp/allocs.json")"
import json, sys
hog, whole, top_n = (int(a) for a in sys.argv[1:4])
objs = [json.loads(l) for l in open(sys.argv[4]) if l.strip()]
cap, kill = objs[0], objs[1]
assert cap["window"] == "capture" and cap["allocations"] == whole, cap
assert kill["window"] == "before_kill" and kill["kill"] == 1, kill
assert kill["victim"] == {"comm": "live_hog", "pid": hog} and kill["trigger"] == {"comm": "live_hog", "tid": hog}, kill
t = kill["top_threads"][0]
assert t["tid"] == hog and t["trigger"] and t["allocations"] == top_n, t
assert sum(kill["by_order"].values()) == kill["allocations"], kill
PY

# filters do not apply to it: said, not ignored
msg=$("$OOMTRACE" report --allocs --pid "$hog" "$cap" 2>&1)
rc=$?
[ "$rc" -eq 2 ] && grep -q "^oomtrace: --allocs counts every thread" <<<"$msg" && ok report-allocs/filters-refused ||
	fail report-allocs/filters-refused "rc $rc: $msg"

# the kill's incident says the same, live and replayed: the hog first, as the trigger
"$OOMTRACE" report --json "$cap" >"$tmp/replay.json" 2>/dev/null
python3 - "$hog" "$n" "$tmp/live.json" "$tmp/replay.json" <<'PY' && ok report-allocs/incident-live-and-replay ||
import json, sys
hog, top_n = int(sys.argv[1]), int(sys.argv[2])
def kill(path):
    for l in open(path):
        if l.startswith("{"):
            o = json.loads(l)
            if o.get("type") == "incident" and o.get("kind") == "oom_kill":
                return o["streamed_allocs"]
a, b = kill(sys.argv[3]), kill(sys.argv[4])
assert a == b, (a, b)
t = a["top_threads"][0]
# counted when the kill was seen, and yet all of them: the killing CPU's
# partial batch reached the stream before the kill
assert t["tid"] == hog and t["allocations"] == top_n, (top_n, a)
assert a["window_ns"] == 1000000000 and a["allocations"] >= t["allocations"], a
PY
	fail report-allocs/incident-live-and-replay "$(grep -h streamed_allocs "$tmp/live.json" "$tmp/replay.json" | head -c 1500)"
text=$("$OOMTRACE" report "$cap" 2>/dev/null)
grep -qE "^               most by tid $hog \([0-9.]+%, the trigger\)" <<<"$text" && ok report-allocs/incident-text ||
	fail report-allocs/incident-text "$(grep -A1 "allocations:" <<<"$text")"

# a capture without streaming says so, exit 0
"$OOMTRACE" record -o "$tmp/plain.cap" --duration 1 >/dev/null 2>&1
msg=$("$OOMTRACE" report --allocs "$tmp/plain.cap" 2>&1)
grep -q "^no streamed allocations in this capture" <<<"$msg" && ok report-allocs/none-said ||
	fail report-allocs/none-said "$msg"
exit ${FAILED:-0}
