#!/usr/bin/env bash
# Lost records are counted, never silent: a tiny ring buffer and a burst of
# real oom_score_adj_update events; every event is either reported or counted.
source "$(dirname "$0")/../lib.sh"
out=$(mktemp) err=$(mktemp)
on_exit rm -f "$out" "$err"
"$OOMTRACE" --json --show-adj --ringbuf-kb 64 >"$out" 2>"$err" &
tracer=$!
on_exit kill -INT $tracer
wait_for 10 grep -q "hooks attached" "$err" || { fail drops/tracer-starts "$(head -3 "$err")"; exit 1; }
n=200000
burst_pid_file=$(mktemp); on_exit rm -f "$burst_pid_file"
sh -c 'echo $$ > '"$burst_pid_file"'; exec '"$HELPERS/adj_burst $n 500" >/dev/null
burst_pid=$(cat "$burst_pid_file")
sleep 0.5
kill -INT $tracer; wait $tracer
seen=$(grep -c "\"type\":\"oom_score_adj\",\"ts_ns\":[0-9]*,\"pid\":$burst_pid," "$out")
lost=$(sed -nE 's/.*lost: ([0-9]+) \(ring buffer full\).*/\1/p' "$err")
echo "# burst of $n events: $seen reported, $lost counted as lost"
[ -n "$lost" ] && [ "$lost" -gt 0 ] && ok drops/some-lost-with-64k-ringbuf || fail drops/some-lost-with-16k-ringbuf "lost=$lost"
[ "$seen" -lt "$n" ] && [ "$seen" -gt 0 ] && ok drops/some-reported || fail drops/some-reported "seen=$seen of $n"
# other processes may write oom_score_adj meanwhile: their losses count too, so >=
[ $((seen + lost)) -ge "$n" ] && ok drops/reported-plus-lost-covers-all ||
	fail drops/reported-plus-lost-covers-all "seen $seen + lost $lost < $n"
exit ${FAILED:-0}
