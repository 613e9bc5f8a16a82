#!/usr/bin/env bash
# The test runner: runs every unit test binary and every tests/*/test_*.sh,
# tallies their "ok - NAME" / "FAIL - NAME: why" / "skip - NAME: why" lines,
# and ends with the closing line "N passed, N failed, N skipped".
# A test file that exits non-zero without printing a FAIL line counts as one failure.
# Usage: tests/run.sh [DIR|FILE ...]   (default: everything)
set -uo pipefail
cd "$(dirname "$0")/.."
export OOMTRACE=${OOMTRACE:-$PWD/build/oomtrace}
export TESTS_DIR=$PWD/tests
export BUILD_DIR=$PWD/build
per_test_timeout=${TEST_TIMEOUT:-600}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	targets=(build/tests/test_* tests/*/test_*.sh)
fi
files=()
for t in "${targets[@]}"; do
	if [ -d "$t" ]; then
		for f in "$t"/test_*.sh; do [ -e "$f" ] && files+=("$f"); done
	elif [ -e "$t" ]; then
		files+=("$t")
	fi
done

pass=0 fail=0 skip=0
failed_names=()
for f in "${files[@]}"; do
	[ -x "$f" ] || continue
	printf '== %s\n' "$f"
	out=$(mktemp)
	timeout --kill-after=10 "$per_test_timeout" "$f" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^ok - ' "$out")
	x=$(grep -c '^FAIL - ' "$out")
	s=$(grep -c '^skip - ' "$out")
	if [ "$rc" -ne 0 ] && [ "$x" -eq 0 ]; then
		echo "FAIL - $f: exited $rc"
		x=1
	fi
	[ "$x" -gt 0 ] && failed_names+=("$f")
	pass=$((pass + p)) fail=$((fail + x)) skip=$((skip + s))
	rm -f "$out"
done
if [ ${#failed_names[@]} -gt 0 ]; then
	echo "failing test files: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
