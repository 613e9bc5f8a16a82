#!/usr/bin/env bash
# Damaged input through the real binary: 'oomtrace report' on a capture cut at
# every byte offset, with bits flipped, and on random files. It must never
# crash (no signal exit), must say clearly what is wrong, and must never make
# up records: at most the ones the intact file holds.
source "$(dirname "$0")/lib.sh"
need_helpers corrupt
trap cleanup_tmp EXIT
[ -x "$OOMTRACE" ] || { echo "FAIL - corrupt: $OOMTRACE not built"; exit 1; }

f=$tmp/small.cap
"$GEN" -o "$f" -n 40 -b 4096 >/dev/null
size=$(stat -c %s "$f")
full=$("$OOMTRACE" report --dump "$f" 2>/dev/null | wc -l)
check "corrupt: intact file dumps every record" "$full records" '[ "$full" -eq 40 ]'

# every truncation: each byte offset past the file header (and every 64th
# inside it); a cut exactly at a block boundary is a complete, shorter file
bounds=" $(python3 - "$f" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
print(" ".join(str(i) for i in range(len(d)) if d[i:i + 8] == b"OOMTBLK\x01"))
PY
) $size "
hdr_end=$(awk '{ print $1 }' <<<"$bounds")
crashes=0 more=0 silent=0 prev=0 dips=() offsets=0
for ((len = 0; len <= size; len++)); do
	[ "$len" -lt $((hdr_end - 64)) ] && [ $((len % 64)) -ne 0 ] && continue
	offsets=$((offsets + 1))
	head -c $len "$f" >"$tmp/cut.cap"
	n=$("$OOMTRACE" report --dump "$tmp/cut.cap" 2>"$tmp/err" | wc -l)
	rc=${PIPESTATUS[0]}
	[ "$rc" -ge 128 ] && crashes=$((crashes + 1))
	[ "$n" -gt 40 ] && more=$((more + 1))
	[ "$n" -lt "$prev" ] && dips+=("$len:$n<$prev")
	prev=$n
	# a shorter file says why it has less, unless it ends on a block boundary
	if [ "$len" -lt "$size" ] && [[ "$bounds" != *" $len "* ]] && ! [ -s "$tmp/err" ]; then
		silent=$((silent + 1))
	fi
done
check "corrupt/truncated: no crash at any of $offsets offsets" "$crashes crashes" '[ "$crashes" -eq 0 ]'
check "corrupt/truncated: never more records than written" "$more offsets" '[ "$more" -eq 0 ]'
check "corrupt/truncated: a longer prefix never reads fewer records" "${dips[*]}" '[ ${#dips[@]} -eq 0 ]'
check "corrupt/truncated: every short file is reported on stderr" "$silent silent" '[ "$silent" -eq 0 ]'
"$OOMTRACE" report --stats "$tmp/cut.cap" >/dev/null 2>&1
head -c 3 "$f" >"$tmp/cut.cap"
msg=$("$OOMTRACE" report "$tmp/cut.cap" 2>&1)
rc=$?
check "corrupt/truncated: 3 bytes is a clear error" "rc $rc: $msg" '[ "$rc" -eq 1 ] && grep -q "not an oomtrace capture" <<<"$msg"'

# bit flips, one at a time at random places past the header
crashes=0 more=0 unreported=()
for ((t = 0; t < 100; t++)); do
	python3 - "$f" "$tmp/flip.cap" $t <<'PY'
import random, sys
data = bytearray(open(sys.argv[1], "rb").read())
random.seed(int(sys.argv[3]))
at = random.randrange(600, len(data))
data[at] ^= 1 << random.randrange(8)
open(sys.argv[2], "wb").write(data)
PY
	n=$("$OOMTRACE" report --dump "$tmp/flip.cap" 2>"$tmp/err" | wc -l)
	rc=${PIPESTATUS[0]}
	[ "$rc" -ge 128 ] && crashes=$((crashes + 1))
	[ "$n" -gt 40 ] && more=$((more + 1))
	[ "$n" -lt 40 ] && ! grep -q "damaged\|could not be used\|incomplete" "$tmp/err" && unreported+=("$t:$n")
done
check "corrupt/bitflip: no crash" "$crashes crashes" '[ "$crashes" -eq 0 ]'
check "corrupt/bitflip: never more records" "$more" '[ "$more" -eq 0 ]'
check "corrupt/bitflip: every loss is reported" "unreported (trial:records): ${unreported[*]}" '[ ${#unreported[@]} -eq 0 ]'

# a damaged block in the middle costs that block only
python3 - "$f" "$tmp/mid.cap" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
magic = b"OOMTBLK\x01"
blocks = [i for i in range(len(data)) if data[i:i + 8] == magic]
mid = blocks[len(blocks) // 2]
data[mid + 60] ^= 0xff		# in the middle block's payload
open(sys.argv[2], "wb").write(data)
PY
n=$("$OOMTRACE" report --dump "$tmp/mid.cap" 2>"$tmp/err" | wc -l)
check "corrupt/middle: the blocks after the damage are read" "$n of 40; $(cat "$tmp/err")" \
	'[ "$n" -gt 10 ] && [ "$n" -lt 40 ] && grep -q "damaged data at offset" "$tmp/err"'

# random files, and random bytes behind a real header
crashes=0 invented=0 unclear=0
head -c "$hdr_end" "$f" >"$tmp/empty.cap"	# a valid header, no block
for ((t = 0; t < 100; t++)); do
	if [ $((t % 2)) -eq 0 ]; then
		head -c $((RANDOM * 3)) /dev/urandom >"$tmp/rand.cap"
	else
		{ cat "$tmp/empty.cap"; head -c $((RANDOM * 3)) /dev/urandom; } >"$tmp/rand.cap"
	fi
	n=$("$OOMTRACE" report --dump "$tmp/rand.cap" 2>"$tmp/err" | wc -l)
	rc=${PIPESTATUS[0]}
	[ "$rc" -ge 128 ] && crashes=$((crashes + 1))
	[ "$n" -gt 0 ] && invented=$((invented + 1))
	[ $((t % 2)) -eq 0 ] && { [ "$rc" -ne 1 ] || ! grep -q "not an oomtrace capture" "$tmp/err"; } && unclear=$((unclear + 1))
done
check "corrupt/random: no crash" "$crashes" '[ "$crashes" -eq 0 ]'
check "corrupt/random: no record made up" "$invented files gave records" '[ "$invented" -eq 0 ]'
check "corrupt/random: not-a-capture is a clear error" "$unclear unclear" '[ "$unclear" -eq 0 ]'

# kernel log text given to report by mistake
msg=$("$OOMTRACE" report "${TESTS_DIR:-$root/tests}/fixtures/01_cadvisor_memcg_v1_mem2.log" 2>&1)
rc=$?
check "corrupt/log-text: points to 'explain'" "rc $rc: $msg" '[ "$rc" -eq 1 ] && grep -q "oomtrace explain" <<<"$msg"'
exit $((failures > 0))
