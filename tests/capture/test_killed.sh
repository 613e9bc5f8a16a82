#!/usr/bin/env bash
# Crash safety: a writer killed with -9 in the middle of a burst leaves a file
# whose every complete block reads back, in order, with no wrong record; a
# block torn at the end (as a crash during write() or a power cut leaves it)
# is counted as unusable tail bytes, never read as records.
source "$(dirname "$0")/lib.sh"
need_helpers killed
pid=
trap 'kill -9 $pid 2>/dev/null; cleanup_tmp' EXIT

for round in 1 2 3; do
	f=$tmp/killed$round.cap
	"$GEN" -o "$f" -n 0 -r 200000 -b 16384 >/dev/null 2>&1 &
	pid=$!
	sleep 0.$((3 + round * 2))
	kill -9 $pid
	wait $pid 2>/dev/null
	out=$("$CHECK" "$f")
	rc=$?
	recs=$(field records "$out")
	if [ $rc -eq 0 ] && [ "$(field bad "$out")" = 0 ] && [ "$(field gaps "$out")" = 0 ] &&
	   [ "$(field first "$out")" = 0 ] && [ "${recs:-0}" -gt 10000 ] &&
	   [ "$(field last "$out")" = $((recs - 1)) ]; then
		ok "killed/round$round: every complete block reads back ($recs records)"
	else
		fail "killed/round$round" "capture_check: $out (rc $rc)"
	fi

	# tear the last block as a crash inside write() would
	size=$(stat -c %s "$f")
	cut=$((size - 1 - RANDOM % 2000))
	truncate -s $cut "$f"
	out=$("$CHECK" "$f")
	rc=$?
	recs2=$(field records "$out")
	tail=$(field tail "$out")
	if [ $rc -eq 0 ] && [ "$(field bad "$out")" = 0 ] && [ "$(field gaps "$out")" = 0 ] &&
	   [ "${tail:-0}" -gt 0 ] && [ "${recs2:-0}" -lt "$recs" ] && [ "${recs2:-0}" -gt 0 ]; then
		ok "killed/round$round: torn last block counted ($tail bytes), $recs2 records kept"
	else
		fail "killed/round$round: torn tail" "capture_check: $out (rc $rc)"
	fi
	if [ -x "$OOMTRACE" ]; then
		err=$("$OOMTRACE" report --stats "$f" 2>&1 >/dev/null)
		rc=$?
		if [ $rc -eq 0 ] && grep -q "$tail bytes at the end unusable" <<<"$err"; then
			ok "killed/round$round: report names the unusable tail"
		else
			fail "killed/round$round: report" "rc $rc, stderr: $err"
		fi
	else
		skip "killed/round$round: report" "$OOMTRACE not built"
	fi
done
exit $((failures > 0))
