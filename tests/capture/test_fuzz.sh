#!/usr/bin/env bash
# A bounded libFuzzer run (FUZZ_SECONDS, default 20) of the capture reader
# under ASan+UBSan, from the seed captures in tests/fuzz/seeds. Longer runs:
# make fuzz-capture FUZZ_SECONDS=3600.
source "$(dirname "$0")/lib.sh"
trap cleanup_tmp EXIT
fuzz=$BUILD_DIR/fuzz/fuzz_capture
if ! make -s -C "$root" build/fuzz/fuzz_capture >"$tmp/build.log" 2>&1; then
	if grep -q "fuzzer" "$tmp/build.log" && ! [ -e /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.fuzzer-x86_64.a ]; then
		skip fuzz-capture "clang's libFuzzer runtime is missing (apt-get install libclang-rt-14-dev)"
		exit 0
	fi
	echo "FAIL - fuzz-capture: build failed: $(tail -3 "$tmp/build.log")"
	exit 1
fi
cp "$fuzz" "$tmp/fuzz"	# others may rebuild the tree meanwhile
mkdir -p "$tmp/corpus"
"$tmp/fuzz" -max_total_time="${FUZZ_SECONDS:-20}" -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
	-artifact_prefix="$tmp/" "$tmp/corpus" "$root/tests/fuzz/seeds" >"$tmp/fuzz.log" 2>&1
rc=$?
runs=$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' "$tmp/fuzz.log")
if [ $rc -eq 0 ] && [ -n "$runs" ]; then
	ok "fuzz-capture: $runs inputs, no crash, no leak, no out-of-bounds read"
else
	crash=$(ls "$tmp"/crash-* "$tmp"/leak-* "$tmp"/timeout-* 2>/dev/null | head -1)
	if [ -n "$crash" ]; then
		mkdir -p "$BUILD_DIR/fuzz" && cp "$crash" "$BUILD_DIR/fuzz/"
		crash="$BUILD_DIR/fuzz/$(basename "$crash")"
	fi
	echo "FAIL - fuzz-capture: exit $rc; input kept as ${crash:-none}: $(grep -m1 -E 'ERROR|SUMMARY' "$tmp/fuzz.log")"
	exit 1
fi
