# Shared bits of the capture tests (sourced, not run).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
OOMTRACE=${OOMTRACE:-$root/build/oomtrace}
BUILD_DIR=${BUILD_DIR:-$root/build}
GEN=$BUILD_DIR/tests/helpers/capture_gen
CHECK=$BUILD_DIR/tests/helpers/capture_check

ok() { echo "ok - $1"; }
fail() { echo "FAIL - $1: $2"; failures=$((failures + 1)); }
skip() { echo "skip - $1: $2"; }
failures=0

# check NAME WHY-IF-FALSE 'CONDITION': ok, or FAIL with what was seen.
# CONDITION is one shell string (it may hold && and ||), evaluated here.
check() {
	local name=$1 why=$2
	shift 2
	if eval "$*"; then ok "$name"; else fail "$name" "$why"; fi
}

# field NAME LINE: the number after NAME in capture_check's output line
field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' <<<"$2"; }

need_helpers() {
	if [ ! -x "$GEN" ] || [ ! -x "$CHECK" ]; then
		echo "FAIL - $1: helpers not built ($GEN, $CHECK): run 'make unit'"
		exit 1
	fi
}

tmp=$(mktemp -d /tmp/oomtrace-capture-test.XXXXXX)
cleanup_tmp() { rm -rf "$tmp"; }
# private copies of the binaries: others may rebuild the shared tree meanwhile
for b in OOMTRACE GEN CHECK; do
	if [ -x "${!b}" ] && cp "${!b}" "$tmp/bin-$b" 2>/dev/null; then
		printf -v "$b" '%s' "$tmp/bin-$b"
	fi
done
