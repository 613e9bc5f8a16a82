#!/usr/bin/env bash
# A bounded libFuzzer run (FUZZ_SECONDS, default 25) over the kernel-log parser
# of 'explain', seeded with the fixtures. Any crash, leak, hang or limit
# breach fails the test. The long run is 'make fuzz-explain'.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
root=$(cd "$here/../.." && pwd)
secs=${FUZZ_SECONDS:-25}
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"

if ! command -v clang >/dev/null; then
	skip "fuzz explain parser" "clang not installed (apt-get install clang)"
	exit 0
fi
if ! make -s -C "$root" build/fuzz/fuzz_logparse >"$tmp/build.log" 2>&1; then
	if grep -q -- '-fsanitize=fuzzer' "$tmp/build.log"; then
		skip "fuzz explain parser" "clang has no libFuzzer: $(tail -1 "$tmp/build.log")"
	else
		fail "fuzz explain parser: build" "$(tail -3 "$tmp/build.log")"
	fi
	exit 0
fi
mkdir -p "$tmp/corpus"
(cd "$tmp" && timeout $((secs + 60)) "$root/build/fuzz/fuzz_logparse" -max_total_time="$secs" \
	-max_len=65536 -timeout=10 -rss_limit_mb=1024 -dict="$root/tests/fuzz/logparse.dict" \
	-artifact_prefix="$tmp/" "$tmp/corpus" "$root/tests/fixtures" >"$tmp/fuzz.log" 2>&1)
rc=$?
runs=$(grep -o 'Done [0-9]* runs' "$tmp/fuzz.log" | tail -1)
if [ "$rc" = 0 ]; then
	ok "fuzz explain parser ${secs}s ($runs)"
else
	crash=$(ls "$tmp"/crash-* "$tmp"/leak-* "$tmp"/timeout-* "$tmp"/oom-* 2>/dev/null | head -1)
	[ -n "$crash" ] && mkdir -p "$root/build/fuzz" && cp "$crash" "$root/build/fuzz/" 
	fail "fuzz explain parser" "exit $rc; input kept in build/fuzz/$(basename "${crash:-none}"); $(grep -m3 -E 'ERROR|SUMMARY|deadly' "$tmp/fuzz.log" | tr '\n' ' ')"
fi
exit 0
