#!/usr/bin/env bash
# A full disk: a small tmpfs fills up while records keep coming. Exactly one
# warning, the records that could not be written are counted, the writer keeps
# going, and once space is freed writing resumes with an EV_CAPTURE_LOST
# record saying how many are missing. The file never holds a torn block.
source "$(dirname "$0")/lib.sh"
need_helpers disk-full
mnt=$tmp/mnt
pid=
cleanup() {
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	mountpoint -q "$mnt" && umount "$mnt"
	cleanup_tmp
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] || { skip disk-full "needs root to mount a tmpfs"; exit 0; }
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=256k,mode=0700 oomtrace-test "$mnt"; then
	skip disk-full "cannot mount a tmpfs here"
	exit 0
fi
f=$mnt/full.cap
"$GEN" -o "$f" -n 0 -r 1000 >"$tmp/gen.out" 2>"$tmp/gen.err" &
pid=$!
sleep 1.5
# fill what is left
dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null
sleep 2.5
full_size=$(stat -c %s "$f")
sleep 1
still=$(stat -c %s "$f")
rm -f "$mnt/filler"
sleep 2.5
kill -TERM $pid
wait $pid
rc=$?
pid=

warnings=$(grep -c "writing capture .* failed: No space left on device" "$tmp/gen.err")
check "disk-full: exactly one warning" "$warnings warnings: $(cat "$tmp/gen.err")" '[ "$warnings" -eq 1 ]'
check "disk-full: the file did not grow while full" "$full_size -> $still" '[ "$full_size" -eq "$still" ]'
check "disk-full: resuming is announced" "$(cat "$tmp/gen.err")" 'grep -q "writing capture .* resumed" "$tmp/gen.err"'
lost=$(awk '/^generated/ { print $6 }' "$tmp/gen.out")
written=$(awk '/^final/ { print $3 }' "$tmp/gen.out")
generated=$(awk '/^generated/ { print $2 }' "$tmp/gen.out")
check "disk-full: lost records counted" "$(cat "$tmp/gen.out")" '[ "${lost:-0}" -gt 0 ]'
check "disk-full: the writer exits non-zero after losses" "rc $rc" '[ "$rc" -eq 3 ]'
check "disk-full: written + lost = generated" "$(cat "$tmp/gen.out")" '[ $((written + lost)) -eq "$generated" ]'
check "disk-full: loss reported at exit" "$(cat "$tmp/gen.err")" 'grep -q "records (.* bytes) could not be written" "$tmp/gen.err"'
out=$("$CHECK" "$f")
check "disk-full: file reads clean (no torn block)" "$out" \
	'[ "$(field bad "$out")" = 0 ] && [ "$(field tail "$out")" = 0 ] && [ "$(field skipped "$out")" = 0 ]'
check "disk-full: every written record is in the file" "$out vs written $written" '[ "$(field records "$out")" = "$written" ]'
check "disk-full: the file says how many were lost" "$out vs lost $lost" '[ "$(field lost "$out")" = "$lost" ]'
check "disk-full: writing resumed after space returned" "$out, generated $generated" \
	'[ "$(field gaps "$out")" -ge 1 ] && [ "$(field last "$out")" -ge $((generated - 200)) ]'
if [ -x "$OOMTRACE" ]; then
	err=$("$OOMTRACE" report --stats "$f" 2>&1 >/dev/null)
	check "disk-full: report names the loss" "$err" 'grep -q "recorder lost $lost records" <<<"$err"'
else
	skip "disk-full: report" "$OOMTRACE not built"
fi
exit $((failures > 0))
