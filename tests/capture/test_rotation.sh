#!/usr/bin/env bash
# Rotation: by size (at most --max-files files of at most --max-size bytes,
# oldest deleted), by age, and SIGHUP reopening after logrotate moved FILE.
# The kept files read back as one gapless stream ending at the last record.
source "$(dirname "$0")/lib.sh"
need_helpers rotation
pid=
trap 'kill -9 $pid 2>/dev/null; cleanup_tmp' EXIT

# --- by size
f=$tmp/size.cap
"$GEN" -o "$f" -n 200000 -s 65536 -f 3 >"$tmp/gen.out" 2>&1
n=$(ls "$tmp"/size.cap* | wc -l)
check "rotation/size: max-files kept" "$n files: $(ls "$tmp")" '[ "$n" -eq 3 ]'
big=$(find "$tmp" -name 'size.cap*' -size +64k | wc -l)
check "rotation/size: no file over max-size" "$big files over 64k: $(ls -l "$tmp")" '[ "$big" -eq 0 ]'
out=$("$CHECK" "$f.2" "$f.1" "$f")
check "rotation/size: kept files continue each other to the last record" "$out" \
	'[ "$(field gaps "$out")" = 0 ] && [ "$(field bad "$out")" = 0 ] && [ "$(field last "$out")" = 199999 ]'
mode=$(stat -c %a "$f")
check "rotation/size: files are mode 0600" "mode $mode" '[ "$mode" = 600 ]'

# --- by age: 2000 records/s for 2.2 s, a new file every 500 ms
f=$tmp/age.cap
"$GEN" -o "$f" -n 4400 -r 2000 -R 500 -f 20 >"$tmp/gen.out" 2>&1
n=$(ls "$tmp"/age.cap* | wc -l)
check "rotation/age: a new file every interval" "$n files" '[ "$n" -ge 4 ] && [ "$n" -le 7 ]'
files=()
for ((i = n - 1; i >= 1; i--)); do files+=("$f.$i"); done
files+=("$f")
out=$("$CHECK" "${files[@]}")
check "rotation/age: files continue each other" "$out" \
	'[ "$(field gaps "$out")" = 0 ] && [ "$(field first "$out")" = 0 ] && [ "$(field last "$out")" = 4399 ]'

# --- SIGHUP after logrotate's move
f=$tmp/hup.cap
"$GEN" -o "$f" -n 0 -r 5000 >"$tmp/gen.out" 2>&1 &
pid=$!
sleep 0.7
mv "$f" "$f.rotated"
kill -HUP $pid
sleep 0.7
kill -TERM $pid
wait $pid
rc=$?
pid=
check "rotation/hup: writer exits clean" "rc $rc: $(cat "$tmp/gen.out")" '[ $rc -eq 0 ]'
check "rotation/hup: a new FILE was created" "$(ls "$tmp")" '[ -s "$f" ]'
a=$("$CHECK" "$f.rotated")
b=$("$CHECK" "$f")
out=$("$CHECK" "$f.rotated" "$f")
check "rotation/hup: both files hold data" "$a / $b" \
	'[ "$(field records "$a")" -gt 100 ] && [ "$(field records "$b")" -gt 100 ]'
check "rotation/hup: nothing lost across the reopen" "$out; $(cat "$tmp/gen.out")" \
	'[ "$(field gaps "$out")" = 0 ] && [ "$(field bad "$out")" = 0 ] && [ "$(field records "$out")" = "$(awk "/^final/ { print \$3 }" "$tmp/gen.out")" ]'

# --- report orders a rotated set by header, whatever order it is given in
if [ -x "$OOMTRACE" ]; then
	f=$tmp/size.cap
	"$OOMTRACE" report --dump "$f" "$f.2" "$f.1" 2>/dev/null | awk '{ print $1 }' >"$tmp/ts"
	a=$([ -s "$tmp/ts" ] && sort -c -n "$tmp/ts" 2>&1 && echo sorted)
	check "rotation/report: shuffled files replay in order" "$a" '[ "$a" = sorted ]'
	n=$("$OOMTRACE" report --dump "$f.1" "$f" "$f.2" 2>/dev/null | wc -l)
	want=$(field records "$("$CHECK" "$f.2" "$f.1" "$f")")
	check "rotation/report: every record of every file" "$n of $want" '[ "$n" = "$want" ]'
	err=$("$OOMTRACE" report --stats "$f" "$f.2" 2>&1 >/dev/null)
	check "rotation/report: a file missing from the set is named" "$err" \
		'grep -q "size.cap follows .*size.cap.2, but 1 file(s) of that recording are missing" <<<"$err"'
else
	skip "rotation/report" "$OOMTRACE not built"
fi
exit $((failures > 0))
