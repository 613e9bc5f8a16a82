#!/usr/bin/env bash
# 'oomtrace record' itself, on real kernel records (--stream-allocs makes
# plenty): --max-size/--max-files rotation, SIGHUP after a logrotate-style
# move, a clear error for an unwritable path, and report --stats --json over
# the rotated set (what make bench reads).
source "$(dirname "$0")/lib.sh"
mnt=$tmp/mnt
trap 'kill -9 $rec 2>/dev/null; mountpoint -q "$mnt" && umount "$mnt"; cleanup_tmp' EXIT
rec=
# allocations at a known rate (one per page, on CPU 0), not whatever a pipe
# happens to allocate on this machine
fault_pages() {
	"$BUILD_DIR/tests/helpers/bench_pagefault" -c 0 -n "$1" >/dev/null 2>"$tmp/fault.err" ||
		echo "FAIL - record-cli: the page-faulting workload failed: $(head -1 "$tmp/fault.err")"
}
[ "$(id -u)" -eq 0 ] || { skip record-cli "needs root (BPF)"; exit 0; }
[ -x "$OOMTRACE" ] || { echo "FAIL - record-cli: $OOMTRACE not built"; exit 1; }

# rotation by size, on a real stream
f=$tmp/rot.cap
timeout 60 "$OOMTRACE" record --stream-allocs -o "$f" --max-size 128k --max-files 3 --duration 3 \
	>/dev/null 2>"$tmp/err" &
rec=$!
# make allocations happen
( end=$((SECONDS + 3)); while [ $SECONDS -lt $end ]; do fault_pages 20000; done ) &
wait $rec
rc=$?
rec=
check "record-cli/rotation: exits 0" "rc $rc: $(tail -2 "$tmp/err")" '[ "$rc" -eq 0 ]'
n=$(ls "$tmp"/rot.cap* 2>/dev/null | wc -l)
big=$(find "$tmp" -name 'rot.cap*' -size +128k | wc -l)
check "record-cli/rotation: --max-files kept" "$n files: $(ls -l "$tmp")" '[ "$n" -eq 3 ]'
check "record-cli/rotation: no file over --max-size" "$(ls -l "$tmp")" '[ "$big" -eq 0 ]'
stats=$("$OOMTRACE" report --stats --json "$f.1" "$f" "$f.2" 2>"$tmp/rerr")
check "record-cli/rotation: report --stats --json reads the set clean" "$stats $(cat "$tmp/rerr")" \
	'grep -q "\"files\":3," <<<"$stats" && grep -q "\"damaged_blocks\":0,\"skipped_bytes\":0,\"tail_bytes\":0," <<<"$stats" && grep -q "\"page_alloc\":{\"records\":[1-9]" <<<"$stats"'
check "record-cli/rotation: no complaint about the set" "$(cat "$tmp/rerr")" '! [ -s "$tmp/rerr" ]'

# every allocation of a known workload is in the capture, whole: a program
# that faults 20000 anonymous pages on one CPU, each one an order-0 movable
# allocation of its own thread; and what the recorder counted is what the file holds
f=$tmp/all.cap
"$OOMTRACE" record --stream-allocs -o "$f" >/dev/null 2>"$tmp/err" &
rec=$!
for ((i = 0; i < 100; i++)); do grep -q "hooks attached" "$tmp/err" && break; sleep 0.1; done
wl=$("$BUILD_DIR/tests/helpers/bench_pagefault" -c 0 -n 20000 2>&1)
kill -INT $rec
wait $rec
rc=$?
rec=
tid=$(grep -oE 'pid=[0-9]+' <<<"$wl" | cut -d= -f2)
dump=$("$OOMTRACE" report --dump "$f" 2>&1)
mine=$(grep -cE "  alloc tid ${tid:-x} order 0 Movable GFP_HIGHUSER_MOVABLE" <<<"$dump")
check "record-cli/stream-all: exits 0" "rc $rc: $(tail -2 "$tmp/err")" '[ "$rc" -eq 0 ]'
check "record-cli/stream-all: every page the workload faulted is a movable order-0 allocation of its thread" \
	"$mine of 20000 (workload: $wl)" '[ "$mine" -ge 20000 ] && [ "$mine" -le 20100 ]'
said=$(grep -oE 'oomtrace: [0-9]+ records' "$tmp/err" | grep -oE '[0-9]+')
stats=$("$OOMTRACE" report --stats --json "$f" 2>&1)
held=$(grep -oE '"records":[0-9]+' <<<"$stats" | head -1 | cut -d: -f2)
allocs=$(grep -cE '^[0-9.]+ [0-9.]+ cpu[0-9]+   alloc ' <<<"$dump")
counted=$(grep -oE '"page_alloc":\{"records":[0-9]+' <<<"$stats" | grep -oE '[0-9]+$')
echo "# stream-all: $mine movable order-0 allocations of tid $tid, $allocs in all"
check "record-cli/stream-all: the file holds every record the recorder counted" "said $said, file $held: $stats" \
	'[ -n "$said" ] && [ "$said" = "$held" ]'
check "record-cli/stream-all: --stats counts allocations, as --dump lists them" "$counted vs $allocs" \
	'[ -n "$counted" ] && [ "$counted" = "$allocs" ]'

# SIGHUP after logrotate moved the file
f=$tmp/hup.cap
"$OOMTRACE" record --stream-allocs=64 -o "$f" >/dev/null 2>"$tmp/err" &
rec=$!
for ((i = 0; i < 100; i++)); do grep -q "hooks attached" "$tmp/err" && break; sleep 0.1; done
fault_pages 200000
sleep 1.2
mv "$f" "$f.1"
kill -HUP $rec
sleep 0.3
fault_pages 200000
sleep 1.2
kill -INT $rec
wait $rec
rc=$?
rec=
check "record-cli/hup: exits 0" "rc $rc: $(tail -2 "$tmp/err")" '[ "$rc" -eq 0 ]'
check "record-cli/hup: a new FILE after SIGHUP" "$(ls -l "$tmp")" '[ -s "$f" ] && [ -s "$f.1" ]'
a=$("$OOMTRACE" report --stats --json "$f.1" 2>&1)
b=$("$OOMTRACE" report --stats --json "$f" 2>&1)
check "record-cli/hup: both files hold records, undamaged" "$a / $b" \
	'grep -q "\"records\":[1-9]" <<<"$a" && grep -q "\"records\":[1-9]" <<<"$b" && grep -q "\"tail_bytes\":0," <<<"$a$b"'
seq_ok=$("$OOMTRACE" report --stats "$f" "$f.1" 2>&1 | grep -c "are missing")
check "record-cli/hup: the two files continue each other" "$("$OOMTRACE" report --stats "$f" "$f.1" 2>&1)" '[ "$seq_ok" -eq 0 ]'

# rotation by age, and kill -9 of the real recorder mid-stream
f=$tmp/age.cap
"$OOMTRACE" record --stream-allocs=8 -o "$f" --rotate-every 1s >/dev/null 2>"$tmp/err" &
rec=$!
for ((i = 0; i < 100; i++)); do grep -q "hooks attached" "$tmp/err" && break; sleep 0.1; done
t0=$(date +%s%N)
for ((i = 0; i < 7; i++)); do fault_pages 100000; sleep 0.5; done
kill -9 $rec
wait $rec 2>/dev/null
rec=
secs=$(( ($(date +%s%N) - t0) / 1000000000 ))	# whole seconds it recorded (a slow machine: more)
n=$(ls "$tmp"/age.cap* | wc -l)
check "record-cli/rotate-every: a file per second" "$n files in ${secs}+ s: $(ls -l "$tmp")" \
	'[ "$n" -ge "$secs" ] && [ "$n" -le $((secs + 2)) ] && [ "$n" -ge 3 ]'
stats=$("$OOMTRACE" report --stats --json "$tmp"/age.cap* 2>"$tmp/rerr")
check "record-cli/kill-9: everything but an unfinished last block reads clean" "$stats $(cat "$tmp/rerr")" \
	'grep -q "\"page_alloc\":{\"records\":[1-9]" <<<"$stats" && grep -q "\"damaged_blocks\":0,\"skipped_bytes\":0," <<<"$stats" && ! grep -q "are missing" "$tmp/rerr"'

# unwritable path: one clear line, non-zero exit, nothing attached for long
msg=$("$OOMTRACE" record -o /nonexistent-dir/x.cap --duration 1 2>&1 >/dev/null)
rc=$?
check "record-cli/bad-path: clear error" "rc $rc: $msg" '[ "$rc" -ne 0 ] && grep -q "cannot create capture /nonexistent-dir/x.cap: No such file or directory" <<<"$msg"'
# a full disk under the real recorder: one warning, tracing goes on, losses
# counted at exit (non-zero exit) and in the file, writing resumes
mkdir -p "$mnt"
if mount -t tmpfs -o size=1m,mode=0700 oomtrace-test "$mnt"; then
	f=$mnt/full.cap
	"$OOMTRACE" record --stream-allocs=4 -o "$f" >/dev/null 2>"$tmp/err" &
	rec=$!
	for ((i = 0; i < 100; i++)); do grep -q "hooks attached" "$tmp/err" && break; sleep 0.1; done
	# Each round faults 100000 pages (25000 streamed, ~75 kB of capture), far
	# more than the slack left in the capture's last tmpfs page. Each phase
	# waits for what it provokes, so a slow or fast machine changes only how
	# long it takes.
	fault_pages 100000
	sleep 1.2
	dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null
	for ((i = 0; i < 20; i++)); do
		fault_pages 100000
		sleep 0.5
		grep -q "writing capture .* failed" "$tmp/err" && break
	done
	# a second failing stretch: still one warning
	for ((i = 0; i < 3; i++)); do fault_pages 100000; sleep 0.5; done
	rm -f "$mnt/filler"
	for ((i = 0; i < 20; i++)); do
		fault_pages 100000
		sleep 0.5
		grep -q "writing capture .* resumed" "$tmp/err" && break
	done
	kill -INT $rec
	wait $rec
	rc=$?
	rec=
	warnings=$(grep -c "writing capture .* failed: No space left on device" "$tmp/err")
	check "record-cli/disk-full: one warning" "$(cat "$tmp/err")" '[ "$warnings" -eq 1 ]'
	check "record-cli/disk-full: losses make the exit non-zero" "rc $rc" '[ "$rc" -eq 1 ]'
	check "record-cli/disk-full: losses counted at exit" "$(cat "$tmp/err")" \
		'grep -q "records (.* bytes) could not be written" "$tmp/err"'
	check "record-cli/disk-full: writing resumed" "$(cat "$tmp/err")" 'grep -q "writing capture .* resumed" "$tmp/err"'
	err=$("$OOMTRACE" report --stats "$f" 2>&1 >/dev/null)
	check "record-cli/disk-full: the file says what was lost, and reads clean" "$err" \
		'grep -q "the recorder lost [1-9][0-9]* records" <<<"$err" && ! grep -q "damaged\|unusable" <<<"$err"'
	umount "$mnt"
else
	skip "record-cli/disk-full" "cannot mount a tmpfs here"
fi
exit $((failures > 0))
